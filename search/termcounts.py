"""Term counts held as sorted byte columns instead of a dictionary.

The OpenSearch indexer sums the language statistics of every batch (word, syllable
and syllable-pair document frequencies, abbreviations defined) over the whole
archive: millions of distinct terms. As a ``dict`` each costs a string object, an
int object and a hash-table slot (about 150 bytes); here it costs its UTF-8 bytes and
a 4-byte count.

Terms are grouped by their UTF-8 length; each group is one fixed-width NumPy bytes
array kept sorted and unique, with a parallel count array. Adding a batch is one
binary search of the batch's terms in each group and one insertion of the new ones
(array operations, no Python loop over the total). Byte order of UTF-8 is code-point
order, so :meth:`TermCounts.items` yields terms in Python's ``sorted`` order.

The plain form (:meth:`TermCounts.to_plain`: bytes and ints only) is what is stored,
so reading it back never needs a class of this module.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator, Mapping

import numpy as np

#: Counts are numbers of texts: far below 2**32.
COUNT = np.dtype("<u4")
#: Stored form: {"format": PLAIN_FORMAT, "groups": {length: (term bytes, count bytes)}}.
PLAIN_FORMAT = 1


def _group_by_length(encoded: list[bytes], counts: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Sorted, unique fixed-width groups of ``encoded`` terms (duplicates summed).
    The empty term is left out: no token or key is empty."""
    if not encoded:
        return {}
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    starts = np.zeros(len(encoded), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    by_length = np.argsort(lengths, kind="stable")
    sizes, first = np.unique(lengths[by_length], return_index=True)
    for length, a, b in zip(sizes.tolist(), first.tolist(), [*first[1:].tolist(), len(lengths)]):
        if length == 0:
            continue
        rows = by_length[a:b]
        cells = blob[starts[rows][:, None] + np.arange(length)]
        terms = np.ascontiguousarray(cells).view(f"S{length}").ravel()
        groups[length] = _unique(terms, counts[rows])
    return groups


def _unique(terms: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``terms`` sorted and unique, the counts of equal terms summed."""
    order = np.argsort(terms, kind="stable")
    terms, counts = terms[order], counts[order]
    if len(terms) < 2:
        return terms, counts.astype(COUNT)
    first = np.concatenate(([True], terms[1:] != terms[:-1]))
    starts = np.flatnonzero(first)
    summed = np.add.reduceat(counts.astype(np.int64), starts)
    return terms[starts], summed.astype(COUNT)


class TermCounts:
    """term -> count, compact (see the module docstring)."""

    __slots__ = ("_groups",)

    def __init__(self, counts: Mapping[str, int] | None = None):
        self._groups: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        if counts:
            self._groups = _group_by_length([t.encode("utf-8", "surrogatepass") for t in counts],
                                            np.fromiter(counts.values(), dtype=np.int64, count=len(counts)))

    # -- adding ----------------------------------------------------------------------
    def add(self, other: "TermCounts | Mapping[str, int]") -> None:
        """Add ``other``'s counts to these."""
        if not isinstance(other, TermCounts):
            other = TermCounts(other)
        for length, (terms, counts) in other._groups.items():
            mine = self._groups.get(length)
            if mine is None:
                self._groups[length] = (terms.copy(), counts.copy())
                continue
            have, have_counts = mine
            at = np.searchsorted(have, terms)
            found = at < len(have)
            found[found] = have[at[found]] == terms[found]
            if found.any():
                np.add.at(have_counts, at[found], counts[found])
            new = ~found
            if new.any():
                self._groups[length] = (np.insert(have, at[new], terms[new]),
                                        np.insert(have_counts, at[new], counts[new]))

    def subtract(self, other: "TermCounts | Mapping[str, int]") -> None:
        """Take ``other``'s counts out of these (the texts of an article replaced or
        removed); a term whose count falls to zero goes, and none falls below it (a copy
        counted by an earlier version of the analysis may hold a term these lack)."""
        if not isinstance(other, TermCounts):
            other = TermCounts(other)
        for length, (terms, counts) in other._groups.items():
            mine = self._groups.get(length)
            if mine is None:
                continue
            have, have_counts = mine
            at = np.searchsorted(have, terms)
            found = at < len(have)
            found[found] = have[at[found]] == terms[found]
            if not found.any():
                continue
            left = have_counts.astype(np.int64)
            np.subtract.at(left, at[found], counts[found].astype(np.int64))
            keep = left > 0
            self._groups[length] = (have[keep], left[keep].astype(COUNT))

    # -- reading ---------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(t) for t, _c in self._groups.values())

    def __bool__(self) -> bool:
        return any(len(t) for t, _c in self._groups.values())

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return sum(t.nbytes + c.nbytes for t, c in self._groups.values())

    def _group_items(self, length: int, min_count: int) -> Iterator[tuple[str, int]]:
        terms, counts = self._groups[length]
        if min_count > 1:
            keep = counts >= min_count
            terms, counts = terms[keep], counts[keep]
        raw = terms.tobytes()          # keeps trailing NUL bytes that item access would drop
        for i, n in enumerate(counts.tolist()):
            yield raw[i * length:(i + 1) * length].decode("utf-8", "surrogatepass"), n

    def items(self, min_count: int = 1, ordered: bool = True) -> Iterator[tuple[str, int]]:
        """(term, count) of the terms counted at least ``min_count`` times, in
        ``sorted`` order of the terms (``ordered``) or grouped by length."""
        parts = [self._group_items(length, min_count) for length in sorted(self._groups)]
        return heapq.merge(*parts) if ordered else itertools.chain.from_iterable(parts)

    def __iter__(self) -> Iterator[str]:
        return (term for term, _n in self.items())

    def get(self, term: str, default: int | None = None) -> int | None:
        key = term.encode("utf-8", "surrogatepass")
        group = self._groups.get(len(key))
        if group is None:
            return default
        terms, counts = group
        i = int(np.searchsorted(terms, np.array(key, dtype=terms.dtype)))
        if i < len(terms) and terms[i:i + 1].tobytes() == key:   # bytes kept whole (trailing NUL)
            return int(counts[i])
        return default

    def as_dict(self) -> dict[str, int]:
        return dict(self.items())

    # -- storing ---------------------------------------------------------------------
    def to_plain(self) -> dict:
        """Bytes and ints only, for storing."""
        return {"format": PLAIN_FORMAT,
                "groups": {length: (t.tobytes(), c.astype(COUNT).tobytes())
                           for length, (t, c) in self._groups.items() if len(t)}}

    @classmethod
    def from_plain(cls, plain: dict) -> "TermCounts":
        if plain.get("format") != PLAIN_FORMAT:
            raise ValueError(f"unknown term counts format {plain.get('format')!r}")
        self = cls()
        for length, (raw, counts) in plain["groups"].items():
            terms = np.frombuffer(raw, dtype=f"S{length}").copy()
            self._groups[int(length)] = (terms, np.frombuffer(counts, dtype=COUNT).copy())
        return self

    def __getstate__(self) -> dict:
        return self.to_plain()

    def __setstate__(self, state: dict) -> None:
        self._groups = TermCounts.from_plain(state)._groups


class Statistics:
    """Named :class:`TermCounts` (a field's word frequencies, syllable pairs,
    abbreviations): the language statistics of an index, summed batch by batch."""

    def __init__(self, tables: Mapping[str, "TermCounts | Mapping[str, int]"] | None = None):
        self.tables: dict[str, TermCounts] = {}
        if tables:
            self.add(tables)

    def add(self, tables: "Statistics | Mapping[str, TermCounts | Mapping[str, int]]") -> None:
        if isinstance(tables, Statistics):
            tables = tables.tables
        for name, counts in tables.items():
            if name not in self.tables:
                self.tables[name] = TermCounts()
            self.tables[name].add(counts)

    def subtract(self, tables: "Statistics | Mapping[str, TermCounts | Mapping[str, int]]") -> None:
        """Take counts out (see :meth:`TermCounts.subtract`)."""
        if isinstance(tables, Statistics):
            tables = tables.tables
        for name, counts in tables.items():
            if name in self.tables:
                self.tables[name].subtract(counts)

    def get(self, name: str) -> TermCounts | None:
        return self.tables.get(name)

    def __getitem__(self, name: str) -> TermCounts:
        return self.tables[name]

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    def names(self) -> Iterable[str]:
        return self.tables.keys()

    def nbytes(self) -> int:
        return sum(t.nbytes() for t in self.tables.values())

    def to_plain(self) -> dict:
        return {"format": PLAIN_FORMAT, "tables": {n: t.to_plain() for n, t in self.tables.items()}}

    @classmethod
    def from_plain(cls, plain: dict) -> "Statistics":
        """From :meth:`to_plain`, or from the dictionaries of term counts earlier
        versions stored ({name: {term: count}})."""
        self = cls()
        if plain.get("format") == PLAIN_FORMAT and "tables" in plain:
            self.tables = {n: TermCounts.from_plain(t) for n, t in plain["tables"].items()}
        else:
            for name, counts in plain.items():
                self.tables[name] = TermCounts(counts)
        return self
