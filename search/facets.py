"""Facet counts from per-document columns.

Whoosh's ``groupedby`` scores and walks every hit to count facets. Here the columns
are read once per searcher into NumPy arrays, and counting is a handful of vector
operations over a boolean mask of matching documents, whatever the number of hits.

Counts follow the *other* facets' filters: ticking a second province shows how many
it would add, as in every faceted search users know.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .merger import CURRENT_PROVINCES, current_of, province_label
from .topics import TOPIC_LABELS
from .store import side_file, write_generation_file
from .textnorm import folded_key

UNKNOWN_LABEL = "Không rõ"
FACETS = ("province", "current_province", "year", "topic", "source")


@dataclass
class FacetValue:
    value: str          # what a filter takes ("Bến Tre", "2022", "electricity", "Không rõ")
    label: str          # what a person reads ("Bến Tre", "2022", "Điện", "Không rõ")
    count: int
    selected: bool

    def to_dict(self) -> dict:
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


_CACHE_FILE = "facets-{generation}.npz"


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

    An article known only by its year (key ``YYYY0000``) is in the range when its year
    is; an undated article (key 0) is never in a range.
    """
    mask = date_keys > 0
    year_only = (date_keys % 10000) == 0
    if low is not None:
        mask &= np.where(year_only, date_keys >= (low // 10000) * 10000, date_keys >= low)
    if high is not None:
        mask &= date_keys <= high
    return mask


class FacetColumns:
    """The facet and sort columns of one searcher's documents.

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
                self.province = data["province"]
                self.province_names = [str(x) for x in data["province_names"]]
                self.topic_slugs = [str(x) for x in data["topic_slugs"]]
                self.topics = data["topics"]
                self.year = data["year"]
                self.date = data["date"]
                self.plain = data["plain"]
                self.source = data["source"]
                self.source_names = [str(x) for x in data["source_names"]]
            if self.size == reader.doc_count_all() and self.topic_slugs == list(TOPIC_LABELS):
                self._derive_current()
                return self
        except (OSError, KeyError, ValueError):
            pass
        return cls(reader)

    def save(self, folder, generation: int, reader) -> None:
        """Save the arrays of ``reader``'s segments (the reader they were read from)."""
        write_generation_file(folder, _CACHE_FILE, generation, lambda fh: np.savez(
            fh, alive=self.alive, province=self.province,
            province_names=np.array(self.province_names, dtype=str),
            topic_slugs=np.array(self.topic_slugs, dtype=str),
            topics=self.topics, year=self.year, date=self.date, plain=self.plain, source=self.source,
            source_names=np.array(self.source_names, dtype=str)), reader)

    def __init__(self, reader):
        n = reader.doc_count_all()
        self.size = n
        alive = np.zeros(n, dtype=bool)
        ids = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        alive[ids] = True
        self.alive = alive

        self.province, self.province_names = _string_codes(reader, "c_province", n)
        # Indexes built before the source column existed have no source facet.
        self.source, self.source_names = _string_codes(reader, "c_source", n)
        self._derive_current()

        self.topic_slugs = list(TOPIC_LABELS)
        bit_of = {slug: 1 << i for i, slug in enumerate(self.topic_slugs)}
        masks = np.zeros(n, dtype=np.int64)
        cache: dict[bytes, int] = {}
        for i, b in enumerate(reader.column_reader("c_topics") if n else []):
            m = cache.get(b)
            if m is None:
                m = 0
                for slug in b.decode("utf-8").split(","):
                    m |= bit_of.get(slug, 0)
                cache[b] = m
            masks[i] = m
        self.topics = masks

        self.year = np.fromiter(reader.column_reader("c_year"), dtype=np.int32, count=n) if n else np.zeros(0, np.int32)
        self.date = np.fromiter(reader.column_reader("c_date"), dtype=np.int64, count=n) if n else np.zeros(0, np.int64)
        self.plain = (np.fromiter(reader.column_reader("c_plain"), dtype=np.uint8, count=n) != 0) \
            if n else np.zeros(0, bool)

    def _derive_current(self) -> None:
        """The current (2025) unit of every document, as codes into ``current_names``."""
        self.current_names = ["", *CURRENT_PROVINCES]
        index = {name: i for i, name in enumerate(self.current_names)}
        table = np.array([index.get(current_of(name) or "", 0) for name in self.province_names], dtype=np.int32)
        self.current = table[self.province] if len(self.province) else np.zeros(0, np.int32)

    # -- values ---------------------------------------------------------------
    def known_years(self) -> list[int]:
        years, _counts = _distinct_counts(self.year[self.alive])
        return [int(y) for y in years if y]

    def province_code(self, name: str) -> int | None:
        try:
            return self.province_names.index(name)
        except ValueError:
            return None

    def known_sources(self) -> list[str]:
        return [name for name in self.source_names if name]

    # -- masks ------------------------------------------------------------------
    def mask_for(self, facet: str, values: list[str]) -> np.ndarray | None:
        """Documents having any of ``values`` (canonical) for ``facet``; None if no filter."""
        if not values:
            return None
        if facet == "province":
            codes = [0 if v == UNKNOWN_LABEL else self.province_code(v) for v in values]
            codes = [c for c in codes if c is not None]
            return np.isin(self.province, codes) if codes else np.zeros(self.size, bool)
        if facet == "current_province":
            codes = [0 if v == UNKNOWN_LABEL else self.current_names.index(v) for v in values
                     if v == UNKNOWN_LABEL or v in self.current_names]
            return np.isin(self.current, codes) if codes else np.zeros(self.size, bool)
        if facet == "year":
            years = [0 if v == UNKNOWN_LABEL else int(v) for v in values]
            return np.isin(self.year, years)
        if facet == "source":
            codes = [0 if v == UNKNOWN_LABEL else self.source_names.index(v)
                     for v in values if v == UNKNOWN_LABEL or v in self.source_names]
            return np.isin(self.source, codes) if codes else np.zeros(self.size, bool)
        if facet == "topic":
            bits = 0
            for v in values:
                if v in self.topic_slugs:
                    bits |= 1 << self.topic_slugs.index(v)
            return (self.topics & bits) != 0
        raise ValueError(facet)

    def count(self, matched: np.ndarray, selected: dict[str, list[str]]) -> tuple[np.ndarray, dict[str, list[FacetValue]]]:
        """(mask of documents passing every filter, facet values with counts)."""
        masks = {f: self.mask_for(f, selected.get(f, [])) for f in FACETS}
        filtered = matched.copy()
        for m in masks.values():
            if m is not None:
                filtered &= m
        facets: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            base = matched.copy()
            for other, m in masks.items():
                if other != facet and m is not None:
                    base &= m
            facets[facet] = self._values(facet, base, selected.get(facet, []))
        return filtered, facets

    def _values(self, facet: str, base: np.ndarray, selected: list[str]) -> list[FacetValue]:
        sel = set(selected)
        out: list[FacetValue] = []
        if facet in ("province", "source"):
            codes, names = (self.province, self.province_names) if facet == "province" \
                else (self.source, self.source_names)
            if facet == "source" and len(names) == 1:
                return out           # no source column in this index
            counts = np.bincount(codes[base], minlength=len(names))
            for code, name in enumerate(names):
                value = name or UNKNOWN_LABEL
                if counts[code] or value in sel:
                    label = (province_label(name) if facet == "province" else name) or UNKNOWN_LABEL
                    out.append(FacetValue(value, label, int(counts[code]), value in sel))
            sort_by_count(out)
        elif facet == "current_province":
            counts = np.bincount(self.current[base], minlength=len(self.current_names))
            for code, name in enumerate(self.current_names):
                value = name or UNKNOWN_LABEL
                if counts[code] or value in sel:
                    out.append(FacetValue(value, value, int(counts[code]), value in sel))
            sort_by_count(out)
        elif facet == "year":
            years, counts = _distinct_counts(self.year[base])
            out = year_values({int(y): int(c) for y, c in zip(years, counts)}, sel)
        elif facet == "topic":
            sub = self.topics[base]
            for i, slug in enumerate(self.topic_slugs):
                c = int(np.count_nonzero(sub & (1 << i)))
                if c or slug in sel:
                    out.append(FacetValue(slug, TOPIC_LABELS[slug], c, slug in sel))
        return out

    def order_by_date(self, mask: np.ndarray) -> np.ndarray:
        """Document numbers in ``mask``, newest first (undated last, then newest indexed)."""
        docs = np.flatnonzero(mask)
        if not len(docs):
            return docs
        order = np.lexsort((-docs, -self.date[docs]))
        return docs[order]
