"""Every facet, declared once.

A facet (province, current province, year, topic, source, provinces mentioned) is one :class:`FacetDef`:
its name (the filter key, the URL and API parameter, the JSON key, the keyword of
:meth:`~search.query.SearchEngine.search`), its Vietnamese label, its CLI option and
help, how a typed value is matched leniently to a canonical one, how values are shown,
where it sits in the sidebar, and how it is stored (:class:`Text`, :class:`Number`,
:class:`Tags`, or :class:`Derived` from another facet). Storage (:mod:`search.schema`,
:mod:`search.builder`, :mod:`search.opensearch_backend`), counting
(:mod:`search.facets`), the query function, the CLI and the web app iterate over
:func:`facets`; none of them names the facets. As in Datasette's facet classes, a new
facet is a declaration here plus the article attribute its extraction fills.

Cheap to import (the CLI builds its options from it): the extraction rules that match
former province names are imported only when a province value is matched.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Iterator

from .merger import (CURRENT_PROVINCES, MERGER_DATE, current_aliases, current_of, former_of, match_current_province,
                     nearest_current_provinces, province_label)
from .textnorm import folded_key, nfc, vietnamese_letters, without_controls
from .topics import TOPIC_LABELS, match_topic
from .vnformat import format_list

#: The value of articles that have none ("Không rõ" in every list and filter).
UNKNOWN_LABEL = "Không rõ"
#: Values of one facet a search lists (``facets.top_values``). Counting them all costs
#: little, but a facet of free text (a source given per article, a reporter's name or the
#: article's own address, as exports often fill it) may hold thousands, and every page and
#: answer would carry them all with their links. The long tail is reached by typing a
#: value; the index's statistics still list every one.
MAX_VALUES = 100
#: Typed forms of the unknown value (folded).
UNKNOWN_KEYS = frozenset({folded_key(UNKNOWN_LABEL), "none", "unknown", "khong"})


#: What parts the items of a list typed in one value: a comma, ";", "/", "&" or "+" first, then
#: "và" / "hoặc" between words, which a name may hold ("Trung du và miền núi phía Bắc"); never
#: a dash ("Bà Rịa - Vũng Tàu" is one province).
_LIST_MARKS = (re.compile(r"\s*[,;/&+]\s*"), re.compile(r"\s+(?:và|hoặc|va|hoac)\s+", re.IGNORECASE))


class NoMatch(ValueError):
    """A typed value matches no value of its facet; ``choices`` are the nearest ones.

    The query function turns it into a :class:`~search.query.QueryError` naming the facet.
    """

    def __init__(self, message: str, choices: Sequence[str] = (), notes: dict[str, str] | None = None,
                 ambiguous: bool = False, place: bool = False):
        super().__init__(message)
        self.message = message
        self.choices = list(choices)
        #: What the typed value names in a choice ("huyện Châu Thành" in Bến Tre), where it helps.
        self.notes = dict(notes or {})
        #: Several values may be meant (choose one), rather than none found.
        self.ambiguous = ambiguous
        #: The value names a place inside a choice (a district, a ward), not only a province
        #: by its name or short form: "Thanh Hóa, Long An" may be Long An's Thạnh Hóa.
        self.place = place
        #: For two items of a typed list asked as one place: the list's items, and the items
        #: besides those two (which a choice keeps: "Hà Nội" of "Hà Nội, Thanh Hóa, Long An").
        self.items: list[str] = []
        self.others: list[str] = []
        self.value: str | None = None   # the typed value (set by FacetDef.canonical)


# -- storage ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """One string per article ("" unknown): a Whoosh bytes column and an OpenSearch keyword."""

    attribute: str       # the Article attribute it stores
    column: str          # Whoosh column
    field: str           # OpenSearch keyword field

    def column_value(self, article) -> bytes:
        return (getattr(article, self.attribute) or "").encode("utf-8")

    def document_value(self, article) -> str:
        return getattr(article, self.attribute) or ""


@dataclass(frozen=True)
class Number:
    """One non-negative integer per article (0 unknown): a numeric column and an integer field."""

    attribute: str
    column: str
    field: str
    typecode: str = "I"  # the Whoosh column's struct code

    def column_value(self, article) -> int:
        return getattr(article, self.attribute) or 0

    def document_value(self, article) -> int:
        return self.column_value(article)


@dataclass(frozen=True)
class Tags:
    """Any of a fixed list of values per article (none: no value, not "Không rõ"):
    comma-joined in a bytes column, a keyword array in OpenSearch.

    With ``indexed``, the values are read from the postings of that Whoosh keyword field
    instead of a column (``column`` is None): a facet over a field every index already
    has needs no new column, so no rebuild.
    """

    attribute: str
    column: str | None
    field: str
    values: Callable[[], list[str]]   # every possible value, in display order
    indexed: str | None = None        # the Whoosh keyword field holding the values

    def column_value(self, article) -> bytes:
        return ",".join(getattr(article, self.attribute)).encode("utf-8")

    def document_value(self, article) -> list[str]:
        return list(getattr(article, self.attribute))


@dataclass(frozen=True)
class Derived:
    """Computed from another (:class:`Text`) facet's value: nothing more in a Whoosh index
    (the counts map the base facet's codes); a keyword field in OpenSearch, whose
    aggregations cannot map values."""

    base: str                                  # the facet it is derived from
    convert: Callable[[str | None], str | None]
    values: Callable[[], list[str]]            # every possible value
    field: str

    def document_value(self, article) -> str:
        return self.convert(getattr(article, facet(self.base).storage.attribute)) or ""


Storage = Text | Number | Tags | Derived


def column_of(definition: "FacetDef") -> str | None:
    """The Whoosh column a facet is stored in (None: derived, or read from postings)."""
    return getattr(definition.storage, "column", None)


@dataclass(frozen=True)
class Wider:
    """A value that stands for this one and more: what else to filter by, for the articles
    this value may miss — from a day on ("Bình Thuận" -> "Lâm Đồng", the name articles give
    today's unit since the merger), or at any date (province "Bắc Ninh" -> today's unit
    Bắc Ninh, which holds former Bắc Giang)."""

    facet: str                 # "province", or another facet ("current_province")
    value: str                 # "Lâm Đồng"
    holds: tuple[str, ...]     # this facet's values it holds ("Lâm Đồng", "Đắk Nông", "Bình Thuận")
    since: str | None = None   # the first day articles may name only the wider value ("2025-07-01");
                               # None: the wider value holds this one at any date


@dataclass(frozen=True)
class Groups:
    """Named groups of a facet's values (the regions of provinces: "Tây Nguyên")."""

    #: A typed group name -> its values, or None when it names no group; tried before the
    #: facet's own matching.
    expand: Callable[[str], Sequence[str] | None]
    #: The names of the groups a value is in, which a sidebar box finds it by when typed
    #: whole or by a long enough start ("tây nguy…"), not by any few letters.
    names_of: Callable[[str], Sequence[str]]
    #: Words a group's name may follow that are no part of it ("vùng", "khu vực").
    leads: Callable[[], Sequence[str]]


# -- the facet --------------------------------------------------------------------------------------
def _same(value: str) -> str:
    return value


def _list_items(raw: str) -> list[str] | None:
    """The items of a value typed as a list ("điện, tmdt", "2024 và 2025"), or None. Marks
    first: an item with "và" is read whole before it is parted in turn."""
    for mark in _LIST_MARKS:
        items = [i for i in mark.split(nfc(raw)) if i.strip(" ,;")]
        if len(items) > 1:
            return items
    return None


@dataclass(frozen=True)
class FacetDef:
    """One facet, everything every layer needs to know about it."""

    name: str                     # filter key, URL/API parameter, JSON key, keyword argument
    label: str                    # Vietnamese title: sidebar, chips, messages ("Tỉnh/thành")
    storage: Storage
    #: A typed value -> its canonical value, or :class:`NoMatch`. The second argument gives
    #: what :attr:`known` asks of the index (None when it asks nothing).
    match: Callable[[str, Callable[[], list] | None], str]
    cli_help: str                 # --help of the CLI option
    api_doc: str                  # OpenAPI: what the facet's counts are
    api_param: str                # OpenAPI: what the parameter takes
    api_example: str              # OpenAPI: an example value
    cli_metavar: str = "V"
    cli_title: str = ""           # heading in terminal output (default: label)
    #: How a value is shown in the facet's list ("Hà Giang (nay thuộc Tuyên Quang)").
    value_label: Callable[[str], str] = _same
    #: How a chosen value is named in chips and descriptions, after the facet's label.
    chip_label: Callable[[str], str] = _same
    #: Matching needs the values present in the index (the backend's ``known_values``).
    known: bool = False
    #: "Không rõ" (articles without a value) is a value of this facet.
    unknown: bool = True
    #: Left out altogether when no article has a value (an index without sources).
    optional: bool = False
    #: Position in the web sidebar, lower first (10 to 50 here: the short lists first, so that
    #: the most used facets' titles are on the first screen of a laptop without scrolling
    #: inside a box; the lists of provinces mentioned and of sources come last).
    sidebar: int = 100
    #: Ticked values lead the sidebar list (long lists).
    selected_first: bool = False
    #: A tag facet's values come most frequent first rather than in their declared order.
    by_count: bool = False
    #: Bars beside the values, and this note ("… không rõ năm") on the share of unknown.
    chart_unknown_note: str | None = None
    #: Why many articles have no value of this facet, said where a filter of it finds few
    #: and the articles without a value ("Không rõ") would add some: the years, which only a
    #: date fixes ("… không rõ năm" is then what the chart note calls them).
    unknown_why: str | None = None
    #: A box that narrows a long list; the noun it names ("tỉnh/thành").
    filter_box: str | None = None
    #: Values are provinces: a place typed in the words is not offered as a filter where
    #: one of these is chosen.
    places: bool = False
    #: Other names the box also finds a value by ("hcm", "Sài Gòn" for Hồ Chí Minh).
    typed_forms: Callable[[str], Sequence[str]] | None = None
    #: Canonical values offered in the OpenAPI description (others are matched leniently).
    api_values: Callable[[], list[str]] | None = None
    #: Named groups of values a filter may ask for by name (regions of provinces).
    groups: Groups | None = None
    #: A typed span of values ("2019-2021", "từ 2019 đến 2021") -> the values in it, or None
    #: when it is no span; tried before the facet's own matching. The second argument is
    #: that of :attr:`match`.
    span: Callable[[str, Callable[[], list] | None], Sequence[str] | None] | None = None
    #: A value -> a wider value of another facet (:class:`Wider`), or None.
    wider: Callable[[str], Wider | None] | None = None
    #: Values are Vietnamese words, so a look-alike letter typed is the Vietnamese one ("Ð",
    #: Icelandic, for "Đ": ``textnorm.vietnamese_letters``); not a source's name, whose
    #: letters are its own ("Fréttablaðið").
    vietnamese: bool = True
    #: Another facet that holds this one's values more loosely (the main province -> every
    #: province mentioned): offered where this one finds few.
    looser: str | None = None
    #: A value -> the values of :attr:`looser` it stands for (today's Khánh Hòa -> the
    #: former Khánh Hòa and Ninh Thuận mentioned); None: the same value.
    looser_values: Callable[[str], tuple[str, ...]] | None = None

    @property
    def option(self) -> str:
        """The CLI option, without dashes ("current-province")."""
        return self.name.replace("_", "-")

    @property
    def title(self) -> str:
        """The heading in terminal output."""
        return self.cli_title or self.label

    def canonical(self, raws: Sequence[str], known: Callable[[], list] | None = None) -> list[str]:
        """Canonical values of the typed ``raws``, each once, in order; :class:`NoMatch` for
        the first that matches nothing (with its value in ``value``)."""
        out: list[str] = []
        for typed in raws:
            # A zero-width space, a BOM, a direction mark or a NUL pasted with the value is no
            # part of it (as in every parameter: textnorm.without_controls), nor does a message
            # quote it: "BếnTre" is asked about, never a "Bến Tre" that looks valid.
            typed = without_controls(typed)
            raw = " ".join((vietnamese_letters(typed) if self.vietnamese else typed).split())
            if not raw:
                continue         # nothing but invisible characters: no value, like an empty one
            group = self.groups.expand(raw) if self.groups else None
            if group:
                out.extend(v for v in dict.fromkeys(group) if v not in out)
                continue
            try:
                spanned = self.span(raw, known) if self.span else None
            except NoMatch as exc:
                exc.value = typed
                raise
            if spanned is not None:
                out.extend(v for v in spanned if v not in out)
                continue
            if self.unknown and folded_key(raw) in UNKNOWN_KEYS:
                value = UNKNOWN_LABEL
            else:
                try:
                    value = self.match(raw, known)
                except NoMatch as exc:
                    exc.value = typed
                    # A value naming a place in a choice is no list: "Thanh Hóa, Long An" may be
                    # Long An's Thạnh Hóa, so it is asked.
                    try:
                        listed = None if exc.place else self._listed(raw, known)
                    except NoMatch as pair:
                        pair.value = typed
                        raise pair from None
                    if listed is None:
                        raise
                    out.extend(v for v in listed if v not in out)
                    continue
            if value not in out:
                out.append(value)
        return out

    def _listed(self, raw: str, known: Callable[[], list] | None) -> list[str] | None:
        """The values of a value that is a list ("Bến Tre, Vĩnh Long", "Hà Nội và Hải Phòng",
        "2024; 2025"), as a filter given each would take them; None unless every item reads.
        Only tried once the whole value named nothing: "Châu Thành, Bến Tre" is one place; two
        items that may be one place written with its province are asked (:class:`NoMatch`)."""
        items = _list_items(raw)
        if not items:
            return None
        for k, pair in enumerate(zip(items, items[1:])):
            try:           # "Hà Nội, Thanh Hóa, Long An": its last two may be one place, asked
                self.match(", ".join(pair), known)
            except NoMatch as exc:
                if exc.place:
                    exc.items, exc.others = list(items), items[:k] + items[k + 2:]
                    raise
        try:
            return self.canonical(items, known)
        except NoMatch:
            return None


def grouped(definition: FacetDef, values: Sequence[str]) -> list[tuple[str | None, list[str]]]:
    """``values`` as the whole regions they hold, largest first ("Nam Bộ" rather than
    "Đông Nam Bộ" and "Đồng bằng sông Cửu Long"), and the values of no whole region alone
    (None), in the order of their first value: how a chosen set is named back. Only a
    facet whose values are a region's provinces themselves groups them: today's units
    ("Tây Nguyên" is four that also hold coastal provinces) are named one by one."""
    left = list(values)
    out: list[tuple[str | None, list[str]]] = []
    if definition.groups and len(left) > 1:
        from .regions import regions
        for region in sorted(regions(), key=lambda r: -len(r.provinces)):
            members = list(definition.groups.expand(region.name) or ())
            if members == list(region.provinces) and set(members) <= set(left):
                out.append((region.name, members))
                left = [v for v in left if v not in members]
    out.extend((None, [v]) for v in left)
    order = {v: i for i, v in enumerate(values)}
    return sorted(out, key=lambda g: min(order[v] for v in g[1]))


def named_values(definition: FacetDef, values: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(how it is named, the values) for each whole region and each other value chosen:
    "Tây Nguyên (5 tỉnh/thành)", "Bến Tre (nay thuộc Vĩnh Long)". The page's chips and
    the exports' description say the same."""
    noun = definition.filter_box or "giá trị"
    return [(f"{region} ({len(members)} {noun})" if region else definition.chip_label(members[0]), members)
            for region, members in grouped(definition, values)]


# -- the registry ---------------------------------------------------------------------------------
_REGISTRY: list[FacetDef] = []


def register(definition: FacetDef) -> FacetDef:
    """Add a facet (after the others; a name already declared is replaced in place)."""
    if definition.unknown_why is not None and (definition.chart_unknown_note is None or not definition.unknown):
        # The hint names the articles without a value as the chart note does ("không rõ năm").
        raise ValueError(f"facet {definition.name}: unknown_why needs unknown values and a chart_unknown_note")
    for i, existing in enumerate(_REGISTRY):
        if existing.name == definition.name:
            _REGISTRY[i] = definition
            return definition
    _REGISTRY.append(definition)
    return definition


def unregister(name: str) -> None:
    """Remove a facet (tests that declare one of their own)."""
    _REGISTRY[:] = [f for f in _REGISTRY if f.name != name]


def facets() -> tuple[FacetDef, ...]:
    """Every facet, in declaration order: the order of URL parameters, JSON keys, chips,
    terminal output and validation."""
    return tuple(_REGISTRY)


def facet(name: str) -> FacetDef:
    for f in _REGISTRY:
        if f.name == name:
            return f
    raise KeyError(name)


def sidebar_order() -> list[FacetDef]:
    """The facets in the web sidebar's order."""
    return sorted(_REGISTRY, key=lambda f: f.sidebar)


class FacetNames(Sequence):
    """The facet names as a live, read-only tuple: ``"year" in NAMES``, ``NAMES + (...)``;
    a facet registered later is in it too."""

    def __getitem__(self, index):
        return tuple(f.name for f in _REGISTRY)[index]

    def __len__(self) -> int:
        return len(_REGISTRY)

    def __iter__(self) -> Iterator[str]:
        return iter([f.name for f in _REGISTRY])

    def __add__(self, other) -> tuple:
        return tuple(self) + tuple(other)

    def __radd__(self, other) -> tuple:
        return tuple(other) + tuple(self)

    def __eq__(self, other) -> bool:
        return isinstance(other, (tuple, FacetNames)) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


#: Every facet name (live).
NAMES = FacetNames()


# -- lenient matching of the facets' values ----------------------------------------------------------
def _is_number(text: str) -> bool:
    """ASCII digits only: "²" and "①" are digits to ``str.isdigit`` but not to ``int``, and a
    year written in another script's digits is refused like any other odd value."""
    return text.isascii() and text.isdigit()


def _nearest(message: str, near: list[str], lead: str = "gần nhất", notes: dict[str, str] | None = None) -> NoMatch:
    """The nearest values offered, each with its note where it has one ("Vĩnh Long (tỉnh Bến Tre cũ)")."""
    notes = notes or {}
    listed = ", ".join(f"{c} ({notes[c]})" if c in notes else c for c in near)
    return NoMatch(message + (f"; {lead}: {listed}" if near else ""), near, notes)


# "mới" or "cũ" closing a name, before a comma, a bracket or the end: "Châu Thành cũ, Bến Tre".
_ERA_WORD_RE = re.compile(r"[\s,]*\(?\s*\b(mới|cũ|moi|cu)\b\s*\)?\s*(?=,|\)|$)", re.IGNORECASE)


def _era(raw: str) -> tuple[str, bool] | None:
    """(the value without it, whether it is "mới") of a value with "mới" or "cũ" closing a
    name, as people tell the 2025 units from the former ones: "Tuyên Quang mới", "Lâm Đồng
    (mới)", "Hà Tây cũ", "quận 2 cũ", "Hà Giang,cũ", "Châu Thành cũ, Bến Tre". Whether the
    rest names anything is the caller's to tell ("Chợ Mới" is a district, not "Chợ" said to
    be new)."""
    found = list(_ERA_WORD_RE.finditer(nfc(raw)))
    if not found:
        return None
    rest = " ".join(_ERA_WORD_RE.sub("", nfc(raw)).split()).strip(",-– ")
    if not rest:
        return None
    return rest, folded_key(found[-1].group(1)) == "moi"


def _or_before_era(read: Callable[[str, Callable[[], list] | None], str]):
    """``read``, and for a value it cannot read that ends in "mới" or "cũ", ``read`` of the
    name before that word: "Hà Giang cũ" is Hà Giang, "Hà Tây cũ" Hà Nội, "Tuyên Quang mới"
    today's Tuyên Quang. The value itself is read first: "Chợ Mới" and "Trà Cú" are places."""
    def match(raw: str, known: Callable[[], list] | None) -> str:
        try:
            return read(raw, known)
        except NoMatch as exc:
            era = _era(raw)
            if era is None:
                raise
            try:
                return read(era[0], known)
            except NoMatch as inner:
                if inner.ambiguous and not exc.ambiguous:   # "Bình Tân cũ": which Bình Tân is asked
                    raise NoMatch(inner.message.replace(f"“{era[0]}”", f"“{raw}”", 1), inner.choices,
                                  inner.notes, ambiguous=True, place=inner.place) from None
                raise exc from None
    return match


def said_former(raw: str) -> bool:
    """Whether a typed value ends in "cũ" ("Bắc Ninh cũ"): the reader chose the former unit."""
    era = _era(raw) if isinstance(raw, str) else None
    return era is not None and not era[1]


def _numbered_district(raw: str) -> str:
    """"Q.7", "Q7", "q 7" as "quận 7", the way Hồ Chí Minh City's districts are written,
    alone or before the city ("Q.7, TP.HCM"); ASCII digits only, as everywhere a number is typed."""
    return re.sub(r"^[qQ]\.?\s*([0-9]{1,2})(?=$|[\s,(–-])", r"quận \1", raw)


def _ambiguous(raw: str, choices: list[str], notes: dict[str, str], what: str, place: bool = True) -> NoMatch:
    """A value several provinces may be meant by, each choice saying why where the value
    names a place in it: "“hoang mai” có thể là nhiều tỉnh/thành; chọn một: Hà Nội (quận
    Hoàng Mai), Nghệ An (thị xã Hoàng Mai)"; a name all share is said once ("“Châu Thành”:
    có huyện Châu Thành ở nhiều tỉnh/thành; chọn một: …")."""
    notes = {c: notes[c] for c in choices if c in notes}
    shared = set(notes.values())
    if len(shared) == 1 and len(notes) == len(choices):     # "huyện Châu Thành" of ten provinces
        message = f"“{raw}”: có {shared.pop()} ở nhiều {what}; chọn một: {', '.join(choices)}"
    else:
        listed = ", ".join(f"{c} ({notes[c]})" if c in notes else c for c in choices)
        message = f"“{raw}” có thể là nhiều {what}; chọn một: {listed}"
    return NoMatch(message, choices, notes, ambiguous=True, place=place and bool(notes))


def _match_province(raw: str, _known) -> str:
    # Only here: the extraction rules are slow to import.
    from .extract import (match_province, nearest_provinces, place_notes, place_spelled_so, possible_provinces,
                          province_of_place)
    place = _numbered_district(raw)
    # "Thạnh Hóa": Long An's district so spelled, or Thanh Hóa typed with a slip? Asked below.
    value = None if place_spelled_so(place) else match_province(place) or province_of_place(place)
    if value is None:
        meanings = possible_provinces(place)
        if len(meanings) == 1:  # "ct": the one province with those initials (as today's unit reads it)
            return meanings[0]
        if len(meanings) > 1:   # the choices are its meanings only: they lead the nearest
            raise _ambiguous(raw, nearest_provinces(place, n=len(meanings)), place_notes(place, meanings),
                             "tỉnh/thành")
        raise _nearest(f"không có tỉnh/thành “{raw}”", nearest_provinces(place))
    return value


def places_read(filters: dict[str, Sequence[str]], read: dict[str, Sequence[str]]) -> list[str]:
    """What each filter value typed as a place inside a province says ("“Hà Tây” thuộc Hà
    Nội: lọc theo cả Hà Nội"): the filter takes the whole province, which the page would
    otherwise show without a word (``filters``: the values typed, ``read``: as the search
    took them)."""
    names = [name for name in ("province", "current_province", "mentions") if filters.get(name)]
    if not names:
        return []       # (the extraction rules are slow to import)
    from .extract import match_province
    out = []
    for name in names:
        taken = list(read.get(name) or ())
        for raw in filters.get(name) or ():
            # (each item of a list, "Hà Tây; Bến Tre", and one said former or new, "Hà Tây cũ")
            for typed in _list_items(" ".join(str(raw).split())) or [" ".join(str(raw).split())]:
                typed = typed.strip(" ,;")
                era = _era(typed)
                place = _numbered_district(era[0] if era else typed)
                if not place or match_province(place) or match_current_province(place):
                    continue        # a province's own name or form
                try:                # (read as the filter reads it: "Q.7", "phường Phan Thiết")
                    value = facet(name).match(typed, None)
                except NoMatch:
                    continue
                if value in taken:
                    out.append(f"“{typed}” thuộc {value}: lọc theo cả {value}")
    return list(dict.fromkeys(out))


def _match_mentioned(raw: str, known) -> str:
    if folded_key(raw) in UNKNOWN_KEYS:
        # Not a province, and no list of near names would help.
        raise NoMatch(f"“{raw}” không phải tỉnh/thành: “Có nhắc đến” chỉ lọc theo tên tỉnh/thành")
    return _match_province(raw, known)


def _match_current(raw: str, _known) -> str:
    from .extract import place_spelled_so, province_of_place
    named = _CHIP_RE.match(raw)
    if named:       # its chip copied back: "Hồ Chí Minh (gồm cả Bình Dương và Bà Rịa - Vũng Tàu cũ)"
        unit = match_current_province(named.group(1))
        if unit is not None and folded_key(_current_chip(unit)) == folded_key(" ".join(raw.split())):
            return unit
    place = _numbered_district(raw)
    # "Thạnh Hóa" (Long An's district, or Thanh Hóa with a slip) is asked below.
    spelled = place_spelled_so(place) is not None
    value = None if spelled else match_current_province(place) or current_of(province_of_place(place))
    if value is None and not spelled:
        # A 2025 unit whose former province the list does not name.
        from .wards2025 import units_named
        now = {unit for unit, _ in units_named(place)}
        value = now.pop() if len(now) == 1 else None
    if value is None:
        from .extract import place_notes, possible_provinces
        meanings = possible_provinces(place)
        units = {current_of(p) for p in meanings}
        if len(units) == 1:     # "Châu Thành, Vĩnh Long": Bến Tre's or Trà Vinh's, both today's Vĩnh Long
            return units.pop()
        if len(units) > 1:
            from .wards2025 import split_unit
            notes: dict[str, str] = {}
            placed = place_notes(place, meanings)
            for prov, note in placed.items():
                # Districts are gone since the 2025 reform: "huyện Châu Thành cũ"; wards stay.
                notes.setdefault(current_of(prov), note if split_unit(note) else f"{note} cũ")
            for prov in meanings:
                # A former province meant by its own name or short form ("ĐN": Đắk Nông),
                # now in a unit named after another: "Lâm Đồng (tỉnh Đắk Nông cũ)".
                if prov not in placed and current_of(prov) != prov:
                    notes.setdefault(current_of(prov), f"tỉnh {prov} cũ")
            raise _ambiguous(raw, nearest_current_provinces(place, n=len(units)), notes, "tỉnh/thành hiện nay",
                             place=bool(placed))
        via: dict[str, str] = {}
        near = nearest_current_provinces(place, via=via)
        # "ben tree": Vĩnh Long, found by the name of former Bến Tre, says so.
        raise _nearest(f"không có tỉnh/thành hiện nay “{raw}”", near,
                       notes={u: f"tỉnh {p} cũ" for u, p in via.items()})
    return value


#: Years a filter may ask for even when no article has them yet ("year=2026" in a feed set
#: up ahead): they find nothing rather than fail. Outside them, a typo is the likelier reading.
_FILTER_YEARS = range(1900, 2101)


def year_digits_error(value: str) -> str | None:
    """What is wrong with a year typed in digits other than 0–9 ("²⁰²²", "２０２２"), which
    would reach int() and fail there; None when there are none ("2024, 2025" is a list)."""
    if any(ch.isdigit() and not ch.isascii() for ch in value):
        return f"năm phải viết bằng chữ số 0–9 (vd. 2022), không phải “{value[:40]}”"
    return None


#: "năm 2021", "nam 2021", "Năm: 2021": the word typed before a year, as people write one.
_YEAR_WORD_RE = re.compile(r"^\s*n[aă]m\s*:?\s*(?=\d)", re.IGNORECASE)


def _match_year(raw: str, known) -> str:
    years = known()
    raw = _YEAR_WORD_RE.sub("", raw).strip()
    if _is_number(raw) and len(raw) == 2:
        # "21": the year of this century written short, where articles have it ("'21")
        full = 2000 + int(raw)
        if full in years:
            return str(full)
    if _is_number(raw) and (int(raw) in years or int(raw) in _FILTER_YEARS):
        return str(int(raw))
    if _is_number(raw):
        meant = 2000 + int(raw) if len(raw) == 2 else int(raw)
        near = [str(y) for y in sorted(years, key=lambda y: abs(y - meant))[:3]]
        raise _nearest(f"“{raw}” không thể là năm của bài nào (năm từ {_FILTER_YEARS[0]} đến "
                       f"{_FILTER_YEARS[-1]})", near, "năm gần nhất có bài")
    raise _nearest(f"“{raw}” không phải một năm (vd. 2022, hay nhiều năm: 2019-2021)", [str(y) for y in reversed(years[-3:])],
                   "những năm mới nhất có bài")


#: "2019-2021", "2019 – 2021", "2019-21", "từ năm 2019 đến 2021", "Năm: 2019..2021": years from
#: one to another (any dash: hyphen, non-breaking hyphen, figure dash, en or em dash, minus).
_YEAR_SPAN_RE = re.compile(r"^(?:t[uừ]\s+)?(?:n[aă]m\s*:?\s*)?(\d{4}|\d{2})\s*(?:[-‐‑‒–—−~]|\.{2,3}|…|đến|den|tới|toi)\s*"
                           r"(?:n[aă]m\s*)?(\d{4}|\d{2}|nay)?$", re.IGNORECASE)
#: "từ 2019", "từ năm 2019": from that year on.
_YEAR_FROM_RE = re.compile(r"^t[uừ]\s+(?:n[aă]m\s*)?(\d{4})$", re.IGNORECASE)
#: The most years a span may hold: a longer one is a period, which the dates filter better
#: than a hundred chips would.
MAX_YEAR_SPAN = 30


def _year_span(raw: str, _known) -> list[str] | None:
    """Each year of a span typed as a filter ("2019-2021"), whether or not articles have
    it yet (a span, like a year, may find nothing rather than fail, and a link or feed
    asking for 2019-2030 keeps asking for the later years); None for anything else, which
    is then read as one year or a list. A short end is of the other's century ("2019-21"),
    and two short ends of this one ("19-21", not "95-99"); a short end that may be a month
    ("2019-05", "05-2019", "2010-12") or would come first is no span. With no end ("2019-",
    "từ 2019", "2019 đến nay"), to this year."""
    typed = nfc(raw).strip()
    m = _YEAR_SPAN_RE.match(typed) or _YEAR_FROM_RE.match(typed)
    if m is None:
        return None
    a = m.group(1)
    b = m.group(2) if m.re is _YEAR_SPAN_RE else None
    now = datetime.date.today().year
    if b is None or b.lower() == "nay":
        # Open-ended ("2019-", "từ 2019", "2019 đến nay"): to this year (a year to come alone).
        if len(a) != 4:
            return None
        b = str(max(now, int(a)))
    if len(a) == 2 and len(b) == 4:
        return None         # "05-2019": a month
    if len(b) == 2 and int(b) <= 12:
        return None         # "2019-05", "2010-12": a month, more likely than a span
    first = int(a) if len(a) == 4 else 2000 + int(a)
    last = int(b) if len(b) == 4 else first // 100 * 100 + int(b)
    if len(b) == 2 and (last < first or (len(a) == 2 and last > now)):
        return None         # "21-19"; "95-99", which may be the 1990s'
    first, last = sorted((first, last))
    if first not in _FILTER_YEARS or last not in _FILTER_YEARS:
        raise NoMatch(f"“{raw}” không thể là những năm của bài nào (năm từ {_FILTER_YEARS[0]} đến "
                      f"{_FILTER_YEARS[-1]})")
    if last - first + 1 > MAX_YEAR_SPAN:
        raise NoMatch(f"“{raw}” dài quá {MAX_YEAR_SPAN} năm; để lọc một thời gian dài, hãy lọc theo ngày "
                      f"(từ {first} đến {last})")
    return [str(y) for y in range(first, last + 1)]


def _match_topic(raw: str, _known) -> str:
    value = match_topic(raw)
    if value is None:
        raise NoMatch(f"không có chủ đề “{raw}”; có: " + ", ".join(f"{s} ({l})" for s, l in TOPIC_LABELS.items()),
                      list(TOPIC_LABELS))
    return value


_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://")


#: The labels of a host that name no publisher: its ending and a section's or a phone's
#: prefix ("kinhdoanh.vnexpress.net", "m.dantri.com.vn").
_HOST_ENDINGS = frozenset({"com", "net", "org", "gov", "edu", "info", "vn", "www", "m"})


def _bare_sources(name: str) -> set[str]:
    """A publisher's name or address as people type it, reduced to the letters that name
    it: an address without its scheme, path and ending, each label of its host a candidate
    ("https://kinhdoanh.vnexpress.net/x": "kinhdoanh", "vnexpress"); a name without marks
    and spaces ("Tuổi Trẻ": "tuoitre", as the paper's address spells it). Fewer than three
    letters name nothing."""
    key = _SCHEME_RE.sub("", folded_key(name).lower())
    if "." in key and " " not in key:          # an address: the labels of its host
        labels = key.split("/", 1)[0].split(":", 1)[0].split(".")
        candidates = [label for label in labels if label not in _HOST_ENDINGS]
    else:
        candidates = [key]
    bare = {"".join(ch for ch in c if ch.isalnum()) for c in candidates}
    return {b for b in bare if len(b) >= 3}


def _source_key(name: str) -> str:
    """What two spellings of one source share (case, marks, a look-alike Đ aside)."""
    return folded_key(vietnamese_letters(name))


def _match_source(raw: str, known) -> str:
    names = list(known())
    # The spelling typed, where the index holds it (one written another way, in an index
    # built before sources had one spelling each, is a value of its own), else the first of
    # those it holds with these letters (case, marks, a look-alike Đ aside).
    sources = {_source_key(name): name for name in sorted(names, reverse=True)}
    key = _source_key(raw)
    value = raw if raw in names else sources.get(key)
    if value is None:
        # Typed as the paper is named or as a link to it: "VnExpress", "Tuổi Trẻ",
        # "www.vnexpress.net", "https://dantri.com.vn/" (one publisher only).
        typed = _bare_sources(raw)
        same = sorted(name for name in names if typed & _bare_sources(name))
        if len(same) > 1:
            raise _nearest(f"“{raw}” khớp nhiều nguồn", same[:3], lead="hãy chọn một")
        value = same[0] if same else None
    if value is None:
        near = [sources[k] for k in difflib.get_close_matches(key, list(sources), n=3, cutoff=0.5)]
        raise _nearest(f"không có nguồn “{raw}”", near)
    return value


def _topic_label(slug: str) -> str:
    return TOPIC_LABELS.get(slug, slug)


def _province_label(name: str) -> str:
    return province_label(name) or UNKNOWN_LABEL


_CHIP_RE = re.compile(r"^\s*(.+?)\s*\(.+\)\s*$")


def _current_chip(unit: str) -> str:
    """Today's unit as a chosen filter names it, with the former provinces it holds besides
    its namesake, which a reader who typed one may not expect ("Hồ Chí Minh (gồm cả Bình
    Dương và Bà Rịa - Vũng Tàu cũ)" for "binh duong"; "Tây Nguyên" is four units that hold
    coastal provinces too), or the one it was before ("Huế (Thừa Thiên Huế cũ)")."""
    formers = former_of(unit)
    others = [f for f in formers if f != unit]
    if not others:
        return unit
    named = format_list(others)
    if unit not in formers:
        return f"{unit} ({named} cũ)"
    return f"{unit} (gồm cả {named} cũ)"


@functools.lru_cache(maxsize=1)
def _province_data() -> tuple[dict, ...]:
    import json
    from importlib.resources import files
    return tuple(json.loads(files("ctsearch").joinpath("data/provinces.json").read_text("utf-8"))["provinces"])


@functools.lru_cache(maxsize=1)
def _province_tuple() -> tuple[str, ...]:
    return tuple(p["name"] for p in _province_data())


@functools.lru_cache(maxsize=None)
def _province_forms(name: str) -> tuple[str, ...]:
    """What people call a province besides its name ("TP.HCM", "Sài Gòn", "SG", "BR-VT"), so
    that a sidebar box finds it by any of them, as the filter does."""
    for p in _province_data():
        if p["name"] == name:
            return (*p.get("aliases", []), *p.get("filter_aliases", []), *p.get("nicknames", []))
    return ()


@functools.lru_cache(maxsize=None)
def _current_forms(current: str) -> tuple[str, ...]:
    """A current unit's other spellings and every former province it absorbed, by any of
    their names: an official of today's Tuyên Quang types "Hà Giang"."""
    out = current_aliases(current)
    for former in former_of(current):
        out += [former, *_province_forms(former)]
    return tuple(out)


def _region_provinces(raw: str) -> tuple[str, ...] | None:
    """The provinces of the region ``raw`` names ("Tây Nguyên", "ĐBSCL"), if it names one."""
    from .regions import match_region
    region = match_region(raw)
    return region.provinces if region else None


def _group_provinces(raw: str) -> tuple[str, ...] | None:
    """A region's provinces, or those today's unit typed by its own name with "mới" holds
    ("Tuyên Quang mới": Tuyên Quang and Hà Giang): the province an article named may be any
    of them. "Hà Giang mới" names no unit of today (it is read as Hà Giang)."""
    era = _era(raw)
    if era is not None and era[1]:
        from .extract import match_province
        unit, named = match_current_province(era[0]), match_province(era[0])
        formers = former_of(unit) if unit else []
        if unit is not None and (len(formers) == 1 or named == unit):
            return tuple(formers)
    return _region_provinces(raw)


def _region_units(raw: str) -> list[str] | None:
    """Today's units that hold a province of the region ``raw`` names: "Tây Nguyên" is
    Quảng Ngãi (with former Kon Tum), Gia Lai, Đắk Lắk and Lâm Đồng."""
    provinces = _region_provinces(raw)
    return list(dict.fromkeys(current_of(p) for p in provinces)) if provinces else None


def _region_leads() -> tuple[str, ...]:
    from .regions import lead_words
    return lead_words()


def _region_names(province: str) -> tuple[str, ...]:
    """Every name of the regions a province lies in."""
    from .regions import region_forms
    return region_forms(province)


@functools.lru_cache(maxsize=None)
def _unit_region_names(current: str) -> tuple[str, ...]:
    """Every name of the regions a unit of today's former provinces lie in."""
    from .regions import region_forms
    return tuple(dict.fromkeys(f for p in former_of(current) for f in region_forms(p)))


_PROVINCE_REGIONS = Groups(_group_provinces, _region_names, _region_leads)


def _today_s_unit(facet_name: str, whole: str | None = None) -> Callable[[str], Wider | None]:
    """A province merged into a unit named after another ("Hà Giang", now in Tuyên Quang):
    an article written since the merger that names only today's unit has that name for
    its province (``facet_name`` "province") and among those it mentions ("mentions"), and
    may be about the former one. A province whose name today's unit took ("Bắc Ninh", which
    now holds Bắc Giang too) is, for a reader of today, that whole unit: ``whole`` is the
    facet of today's units, offered at any date (an official of today's Bắc Ninh filtering
    by its name misses every article about former Bắc Giang)."""
    def wider(province: str) -> Wider | None:
        unit = current_of(province)
        formers = former_of(unit) if unit else []
        if len(formers) < 2:
            return None
        if unit != province:
            return Wider(facet_name, unit, tuple(formers), MERGER_DATE)
        return Wider(whole, unit, tuple(formers)) if whole else None
    return wider


def _province_names() -> list[str]:
    """Canonical province names, from the extraction rules' data file (read, not imported:
    importing the rules compiles them)."""
    return [*_province_tuple(), UNKNOWN_LABEL]


def _mentionable() -> list[str]:
    """The 63 provinces an article can mention (a tag facet's values: no "Không rõ")."""
    return list(_province_tuple())


_TOPIC_SLUGS = "Topic slugs: " + ", ".join(f"{slug} ({label})" for slug, label in TOPIC_LABELS.items()) + "."

register(FacetDef(
    name="province", label="Tỉnh/thành",
    storage=Text("province", column="c_province", field="province_f"),
    match=_or_before_era(_match_province), value_label=_province_label, chip_label=_province_label,
    cli_metavar="P", cli_help="tỉnh/thành, vd. \"ben tre\" hoặc \"Không rõ\"; một vùng (\"Tây Nguyên\", "
                              "\"ĐBSCL\") là mọi tỉnh/thành của vùng",
    sidebar=30, selected_first=True, filter_box="tỉnh/thành", places=True, typed_forms=_province_forms,
    groups=_PROVINCE_REGIONS, wider=_today_s_unit("province", whole="current_province"), looser="mentions",
    api_doc="Provinces as the articles name them (the 63 units before the 2025 merger), most articles "
            "first; “Không rõ” counts articles with no known province.",
    api_param="A province, matched leniently (“ben tre” → Bến Tre); “Không rõ” for no known province; a "
              "region (“Tây Nguyên”, “ĐBSCL”) stands for each of its provinces.",
    api_example="ben tre", api_values=_province_names,
))
register(FacetDef(
    name="current_province", label="Tỉnh/thành hiện nay", cli_title="Tỉnh/thành hiện nay (sau 1/7/2025)",
    storage=Derived("province", convert=current_of, values=lambda: list(CURRENT_PROVINCES), field="current_f"),
    match=_or_before_era(_match_current), chip_label=_current_chip,
    cli_metavar="P", cli_help="tỉnh/thành hiện nay (34 đơn vị từ 1/7/2025), tên mới hoặc cũ: "
                              "\"tuyen quang\" hay \"ha giang\" đều là Tuyên Quang mới; một vùng là các "
                              "tỉnh/thành hiện nay gồm tỉnh của vùng",
    sidebar=40, selected_first=True, filter_box="tỉnh/thành", places=True, typed_forms=_current_forms,
    groups=Groups(_region_units, _unit_region_names, _region_leads),
    looser="mentions", looser_values=lambda unit: tuple(former_of(unit)) or (unit,),
    api_doc="The 34 provinces since 1 July 2025 (Nghị quyết 202/2025/QH15) the articles' "
            "provinces belong to; “Không rõ” last.",
    api_param="A province since 1 July 2025, by its new or a former name, matched "
              "leniently (“ha giang” → Tuyên Quang); “Không rõ” for no known province; a region (“Tây "
              "Nguyên”) for the provinces of today that hold its provinces.",
    api_example="vinh long", api_values=lambda: [*CURRENT_PROVINCES, UNKNOWN_LABEL],
))
register(FacetDef(
    name="year", label="Năm",
    storage=Number("year", column="c_year", field="year", typecode="H"),
    match=_match_year, known=True, span=_year_span,
    cli_metavar="Y", cli_help="năm, vd. 2022 (hoặc \"năm 2022\", \"22\"; nhiều năm: \"2020-2022\")",
    sidebar=20, chart_unknown_note="không rõ năm",
    unknown_why="Năm của một bài chỉ biết được từ ngày đăng hay một ngày tháng đầy đủ trong bài; "
                "nhiều bài không có.",
    api_doc="Publication years; “Không rõ” counts articles with no known date.",
    api_param="A year (2022), a span of years (2020-2022) or “Không rõ”.", api_example="2023",
))
register(FacetDef(
    name="topic", label="Chủ đề",
    storage=Tags("topics", column="c_topics", field="topics", values=lambda: list(TOPIC_LABELS)),
    match=_match_topic, unknown=False, value_label=_topic_label, chip_label=_topic_label,
    cli_metavar="T", cli_help="chủ đề: electricity, e-commerce, rural-industry (hoặc tên tiếng Việt, viết tắt như tmdt, hay từ của ngành như \"làng nghề\", \"ocop\", \"bán hàng online\")",
    sidebar=10,
    api_doc="Topics. " + _TOPIC_SLUGS,
    api_param="electricity, e-commerce, rural-industry, or the Vietnamese label.", api_example="electricity",
    api_values=lambda: list(TOPIC_LABELS) + list(TOPIC_LABELS.values()),
))
register(FacetDef(
    name="source", label="Nguồn",
    storage=Text("source", column="c_source", field="source_f"),
    match=_match_source, known=True, optional=True, vietnamese=False,
    cli_metavar="S", cli_help="nguồn, vd. vnexpress.net",
    sidebar=50, selected_first=True, filter_box="nguồn",
    api_doc="Publishers (the source given with the article); “Không rõ” counts articles with none.",
    api_param="A publisher (vnexpress.net), matched leniently; “Không rõ” for articles with none.",
    api_example="Không rõ",
))
register(FacetDef(
    name="mentions", label="Có nhắc đến",
    storage=Tags("provinces", column=None, field="provinces", values=_mentionable, indexed="provinces"),
    match=_or_before_era(_match_mentioned), unknown=False, value_label=_province_label, chip_label=_province_label,
    by_count=True,
    cli_metavar="P", cli_help="tỉnh/thành bài có nhắc đến, dù không phải tỉnh chính của bài, "
                              "vd. \"bac ninh\"; một vùng (\"Tây Nguyên\") là mọi tỉnh/thành của vùng",
    sidebar=45, selected_first=True, filter_box="tỉnh/thành", places=True, typed_forms=_province_forms,
    groups=_PROVINCE_REGIONS, wider=_today_s_unit("mentions"),
    api_doc="Every province the articles mention, not only the main one (the 63 units before "
            "the 2025 merger), most articles first.",
    api_param="A province the article mentions anywhere, not only its main one, matched leniently "
              "(“bac ninh” → Bắc Ninh); a region (“Tây Nguyên”) for each of its provinces.",
    api_example="Bến Tre", api_values=_mentionable,
))
