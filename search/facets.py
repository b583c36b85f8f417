"""Facet counts from per-document columns.

Whoosh's ``groupedby`` scores and walks every hit to count facets. Here the columns
are read once per searcher into NumPy arrays, and counting is a handful of vector
operations over a boolean mask of matching documents, whatever the number of hits.

Counts follow the *other* facets' filters: ticking a second province shows how many
it would add, as in every faceted search users know. Which facets exist, how each is
stored and how its values are shown is declared in :mod:`search.facetdefs`.
"""

from __future__ import annotations

import zipfile

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .facetdefs import MAX_VALUES, UNKNOWN_LABEL, Derived, FacetDef, Number, Tags, Text, facet, facets
from .store import side_file, write_generation_file
from .textnorm import folded_key


@dataclass
class FacetValue:
    value: str          # what a filter takes ("Bến Tre", "2022", "electricity", "Không rõ")
    label: str          # what a person reads ("Bến Tre", "2022", "Điện", "Không rõ")
    count: int
    selected: bool

    def to_dict(self) -> dict:
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


_CACHE_FILE = "facets-{generation}.npz"

def top_values(values: list[FacetValue], size: int | None = MAX_VALUES) -> tuple[list[FacetValue], int]:
    """(the ``size`` values with most articles, and every selected one, so a filter chosen
    stays on show, in the facet's own order (years newest first, "Không rõ" last); how many
    were left out). ``size`` None: every value."""
    if size is None or len(values) <= size:
        return values, 0
    most = set(sorted(range(len(values)), key=lambda k: -values[k].count)[:size])
    kept = [v for k, v in enumerate(values) if k in most or v.selected]
    return kept, len(values) - len(kept)


def sort_by_count(values: list[FacetValue]) -> list[FacetValue]:
    """Most frequent first; "Không rõ" is no choice of its own and goes last."""
    values.sort(key=lambda v: (v.value == UNKNOWN_LABEL, -v.count, folded_key(v.value)))
    return values


def year_values(counts: dict[int, int], selected: set[str]) -> list[FacetValue]:
    """Years newest first (0 is unknown, last), with the selected ones even when empty."""
    found = dict(counts)
    for s in selected:
        found.setdefault(0 if s == UNKNOWN_LABEL else int(s), 0)
    out = [FacetValue(str(y) if y else UNKNOWN_LABEL, str(y) if y else UNKNOWN_LABEL, found[y],
                      (str(y) if y else UNKNOWN_LABEL) in selected)
           for y in sorted(found, reverse=True)]
    out.sort(key=lambda v: v.value == UNKNOWN_LABEL)
    return out


def facet_values(definition: FacetDef, counts: dict, names: Iterable, selected: Iterable[str]) -> list[FacetValue]:
    """One facet's list, by the same rules for every backend.

    ``counts`` maps stored values ("" or 0: unknown) to counts; ``names`` are the stored
    values that may be listed (text facets: those of the index; derived and tag facets:
    every declared value). A value is listed when it counts or is selected. Text values
    come most frequent first, numbers newest first, tags in their declared order (or most
    frequent first, ``by_count``).
    """
    sel = set(selected)
    storage = definition.storage
    if isinstance(storage, Number):
        return year_values({int(k): int(c) for k, c in counts.items() if c}, sel)
    names = list(names)
    out: list[FacetValue] = []
    if isinstance(storage, Tags):
        for name in names:
            c = int(counts.get(name, 0))
            if c or name in sel:
                out.append(FacetValue(name, definition.value_label(name), c, name in sel))
        return sort_by_count(out) if definition.by_count else out
    if definition.optional and not any(names):
        return out               # no article has a value (an index without sources)
    for name in names:
        value = name or UNKNOWN_LABEL
        c = int(counts.get(name, 0))
        if c or value in sel:
            label = (definition.value_label(name) if name else "") or UNKNOWN_LABEL
            out.append(FacetValue(value, label, c, value in sel))
    # A value chosen that no article of this index has ("Hà Nội" in an archive of one
    # province) is still listed, ticked: the page's form keeps a filter only as a ticked box.
    listed = {v.value for v in out}
    for value in sorted(sel - listed, key=folded_key):
        label = UNKNOWN_LABEL if value == UNKNOWN_LABEL else definition.value_label(value)
        out.append(FacetValue(value, label, 0, True))
    return sort_by_count(out)


def _distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a 1-D integer array, ascending, and how often each occurs.

    ``np.unique`` gives the same, but imports ``numpy.ma`` on first use, a sizeable
    part of a ``ctsearch query`` start; this needs only a sort.
    """
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts], counts


def _string_codes(reader, column: str, n: int) -> tuple[np.ndarray, list[str]]:
    """A text column as small integer codes, and code -> text ("" is code 0: unknown)."""
    names: list[str] = [""]
    codes = np.zeros(n, dtype=np.int32)
    if not n or column not in reader.schema or not reader.has_column(column):
        return codes, names
    code_of: dict[bytes, int] = {b"": 0}
    for i, b in enumerate(reader.column_reader(column)):
        c = code_of.get(b)
        if c is None:
            c = code_of[b] = len(names)
            names.append(b.decode("utf-8"))
        codes[i] = c
    return codes, names


def dates_mask(date_keys: np.ndarray, low: int | None, high: int | None) -> np.ndarray:
    """Documents dated within [low, high] (``YYYYMMDD`` keys, either bound optional).

    An article known only by its year (key ``YYYY0000``) or month (``YYYYMM00``) is in the
    range when that year or month meets it; an undated article (key 0) is never in a range.
    """
    mask = date_keys > 0
    year_only = (date_keys % 10000) == 0
    if low is not None:
        # A month alone starts before its days: "2025-07" meets a range from 15 July.
        mask &= np.where(year_only, date_keys >= (low // 10000) * 10000,
                         (date_keys >= low) | (date_keys == (low // 100) * 100))
    if high is not None:
        mask &= date_keys <= high
    return mask


def _numbers(reader, column: str, n: int, dtype) -> np.ndarray:
    """A numeric column as an array (zeros when the index has no such column)."""
    if not n or column not in reader.schema or not reader.has_column(column):
        return np.zeros(n, dtype)
    return np.fromiter(reader.column_reader(column), dtype=dtype, count=n)


def _tag_bits(reader, column: str, n: int, values: list[str]) -> np.ndarray:
    """A comma-joined tags column as bit masks (bit i: ``values[i]``; at most 63 values)."""
    bit_of = {value: 1 << i for i, value in enumerate(values)}
    masks = np.zeros(n, dtype=np.int64)
    if not n or column not in reader.schema or not reader.has_column(column):
        return masks
    cache: dict[bytes, int] = {}
    for i, b in enumerate(reader.column_reader(column)):
        m = cache.get(b)
        if m is None:
            m = 0
            for value in b.decode("utf-8").split(","):
                m |= bit_of.get(value, 0)
            cache[b] = m
        masks[i] = m
    return masks


def _keyword_bits(reader, field: str, n: int, values: list[str]) -> np.ndarray:
    """A keyword field's postings as bit masks (bit i: the documents indexed under
    ``values[i]``; at most 63 values)."""
    masks = np.zeros(n, dtype=np.int64)
    if not n or field not in reader.schema:
        return masks
    for i, value in enumerate(values):
        if (field, value) not in reader:
            continue
        docs = np.fromiter(reader.postings(field, value).all_ids(), dtype=np.int64)
        masks[docs] |= np.int64(1) << i
    return masks


def _read_facet(reader, definition: FacetDef, n: int) -> tuple[np.ndarray, list[str] | None]:
    """A stored facet's array (codes, numbers or tag bit masks) and its names (None for
    numbers), read from the index."""
    storage = definition.storage
    if isinstance(storage, Text):
        # An index built before a column existed has that facet's values unknown.
        return _string_codes(reader, storage.column, n)
    if isinstance(storage, Number):
        return _numbers(reader, storage.column, n, np.int32), None
    names = storage.values()
    if storage.indexed:
        return _keyword_bits(reader, storage.indexed, n, names), names
    return _tag_bits(reader, storage.column, n, names), names


def _cache_keys(definition: FacetDef) -> tuple[str, str | None]:
    """The names of a stored facet's arrays in the saved file (codes, names)."""
    storage = definition.storage
    column = storage.column or storage.indexed
    key = column[2:] if column.startswith("c_") else column
    if isinstance(storage, Text):
        return key, f"{key}_names"
    if isinstance(storage, Tags):
        return key, f"{definition.name}_slugs"
    return key, None


class FacetColumns:
    """The facet and sort columns of one searcher's documents.

    Every facet of :mod:`search.facetdefs` becomes one array of small integers per
    document: codes into ``names[facet]`` (text and derived facets), the number itself
    (number facets) or a bit mask over the declared values (tag facets).

    Reading Whoosh's columns value by value costs a few tenths of a second on a large
    index, at every start of ``ctsearch query``; the indexer therefore saves the
    arrays per index generation (:meth:`save`) and searchers load them (:meth:`load`).
    """

    @classmethod
    def load(cls, folder, generation: int, reader) -> "FacetColumns":
        """The arrays saved for ``generation`` and exactly ``reader``'s segments, else read them."""
        path = side_file(folder, _CACHE_FILE, generation, reader)
        try:
            with np.load(path, allow_pickle=False) as data:
                self = cls.__new__(cls)
                self.alive = data["alive"]
                self.size = len(self.alive)
                if self.size != reader.doc_count_all():
                    raise ValueError("saved for other documents")
                self.codes, self.names = {}, {}
                current = True
                for f in facets():
                    if isinstance(f.storage, Derived):
                        continue
                    codes_key, names_key = _cache_keys(f)
                    saved = {codes_key, names_key} <= set(data.files)
                    if not saved and isinstance(f.storage, Tags) and f.storage.indexed:
                        # Saved before this facet was declared: its postings are in the index,
                        # read them alone (a fraction of reading every column again).
                        self.codes[f.name], self.names[f.name] = _read_facet(reader, f, self.size)
                        continue
                    self.codes[f.name] = data[codes_key]
                    if names_key is not None:
                        self.names[f.name] = [str(x) for x in data[names_key]]
                    if isinstance(f.storage, Tags):
                        current = current and self.names[f.name] == f.storage.values()
                self.date = data["date"]
                self.plain = data["plain"]
                # (a cache saved before the story kind was stored: the index has none either)
                self.leisure = data["leisure"] if "leisure" in data.files else np.zeros(self.size, np.uint8)
            if current:
                self._derive()
                return self
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):
            pass    # (none, or cut short by a crash or a full disk: read again, never a failed search)
        return cls(reader)

    def save(self, folder, generation: int, reader) -> None:
        """Save the arrays of ``reader``'s segments (the reader they were read from)."""
        arrays = {"alive": self.alive, "date": self.date, "plain": self.plain, "leisure": self.leisure}
        for f in facets():
            if isinstance(f.storage, Derived):
                continue
            codes_key, names_key = _cache_keys(f)
            arrays[codes_key] = self.codes[f.name]
            if names_key is not None:
                arrays[names_key] = np.array(self.names[f.name], dtype=str)
        write_generation_file(folder, _CACHE_FILE, generation, lambda fh: np.savez(fh, **arrays), reader)

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.size = n
        alive = np.zeros(n, dtype=bool)
        ids = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        alive[ids] = True
        self.alive = alive

        self.codes: dict[str, np.ndarray] = {}
        self.names: dict[str, list[str]] = {}
        for f in facets():
            if not isinstance(f.storage, Derived):
                self.codes[f.name], names = _read_facet(reader, f, n)
                if names is not None:
                    self.names[f.name] = names
        self._derive()
        self.date = _numbers(reader, "c_date", n, np.int64)
        self.plain = _numbers(reader, "c_plain", n, np.uint8) != 0
        #: How likely (0–100) each article is sports or showbiz news (0 in an index built
        #: before it was known): the ranking's story kind (search.matching.kind_factor).
        self.leisure = _numbers(reader, "c_leisure", n, np.uint8)

    def _derive(self) -> None:
        """Derived facets (the current province) as codes, mapped from their base facet's
        codes: nothing more is stored."""
        for f in facets():
            storage = f.storage
            if not isinstance(storage, Derived):
                continue
            names = ["", *storage.values()]
            index = {name: i for i, name in enumerate(names)}
            base_codes, base_names = self.codes[storage.base], self.names[storage.base]
            table = np.array([index.get(storage.convert(name) or "", 0) for name in base_names], dtype=np.int32)
            self.names[f.name] = names
            self.codes[f.name] = table[base_codes] if len(base_codes) else np.zeros(0, np.int32)

    # -- values ---------------------------------------------------------------
    def known_values(self, name: str) -> list:
        """The values a facet has in this index: years present (ascending), the text
        values ever stored, the declared values of tag and derived facets."""
        storage = facet(name).storage
        if isinstance(storage, Number):
            values, _counts = _distinct_counts(self.codes[name][self.alive])
            return [int(v) for v in values if v]
        return [v for v in self.names[name] if v]

    # -- masks ------------------------------------------------------------------
    def mask_for(self, name: str, values: list[str]) -> np.ndarray | None:
        """Documents having any of ``values`` (canonical) for facet ``name``; None if no filter."""
        if not values:
            return None
        try:
            storage = facet(name).storage
        except KeyError:
            raise ValueError(name) from None
        codes = self.codes[name]
        if isinstance(storage, Number):
            return np.isin(codes, [0 if v == UNKNOWN_LABEL else int(v) for v in values])
        names = self.names[name]
        if isinstance(storage, Tags):
            bits = 0
            for v in values:
                if v in names:
                    bits |= 1 << names.index(v)
            return (codes & bits) != 0
        wanted = [0 if v == UNKNOWN_LABEL else names.index(v) for v in values
                  if v == UNKNOWN_LABEL or v in names]
        return np.isin(codes, wanted) if wanted else np.zeros(self.size, bool)

    def passing(self, matched: np.ndarray, selected: dict[str, list[str]],
                masks: dict[str, np.ndarray | None] | None = None) -> np.ndarray:
        """The documents of ``matched`` passing every filter (without counting the facets)."""
        masks = self._masks(selected) if masks is None else masks
        filtered = matched.copy()
        for m in masks.values():
            if m is not None:
                filtered &= m
        return filtered

    def _masks(self, selected: dict[str, list[str]]) -> dict[str, np.ndarray | None]:
        return {f.name: self.mask_for(f.name, selected.get(f.name, [])) for f in facets()}

    def count(self, matched: np.ndarray, selected: dict[str, list[str]]) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
        """(mask of documents passing every filter, facet values with counts)."""
        masks = self._masks(selected)
        filtered = self.passing(matched, selected, masks)
        out: dict[str, list[FacetValue]] = {}
        for f in facets():
            base = matched.copy()
            for other, m in masks.items():
                if other != f.name and m is not None:
                    base &= m
            out[f.name] = self._values(f, base, selected.get(f.name, []))
        return filtered, out

    def _values(self, definition: FacetDef, base: np.ndarray, selected: list[str]) -> list[FacetValue]:
        storage = definition.storage
        codes = self.codes[definition.name]
        if isinstance(storage, Number):
            values, counts = _distinct_counts(codes[base])
            return facet_values(definition, dict(zip(values.tolist(), counts.tolist())), (), selected)
        names = self.names[definition.name]
        if isinstance(storage, Tags):
            sub = codes[base]
            sub = sub[sub != 0]      # an article without tags adds nothing: count the others
            counts = {name: int(np.count_nonzero(sub & (1 << i))) for i, name in enumerate(names)}
            return facet_values(definition, counts, names, selected)
        counts = np.bincount(codes[base], minlength=len(names))
        return facet_values(definition, dict(zip(names, counts.tolist())), names, selected)

    def order_by_date(self, mask: np.ndarray) -> np.ndarray:
        """Document numbers in ``mask``, newest first (undated last, then newest indexed)."""
        docs = np.flatnonzero(mask)
        if not len(docs):
            return docs
        order = np.lexsort((-docs, -self.date[docs]))
        return docs[order]
