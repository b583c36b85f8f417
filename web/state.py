"""The search state that lives in the URL, and the URLs that change it.

Everything a results page shows is a function of its GET parameters, so a page can be
bookmarked, shared and reached again with the back button. This module reads those
parameters (rejecting bad ones with :class:`~search.query.QueryError`, the same error
the engine raises) and builds every link that changes them: facet toggles, chips,
"clear all", sort and pagination. Changing filters or sort always resets the page to 1.
"""

from __future__ import annotations

import calendar
import difflib
import functools
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence
from urllib.parse import quote_plus, urlsplit

from ctsearch.clean import MAX_SOURCE_CHARS, clean_field
from ctsearch.facetdefs import NAMES, facet, year_digits_error
from ctsearch.facets import MAX_VALUES as MAX_FACET_VALUES
from ctsearch.query import QueryError

#: The facet parameters (declared in :mod:`ctsearch.facetdefs`), in URL order.
FACETS = NAMES
#: The date range's GET parameters (``from``/``to``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
DATE_PARAMS: tuple[str, ...] = ("from", "to")
#: Longest from/to value: a date with its time and zone ("2021-05-17T08:30:00+07:00").
MAX_DATE_CHARS = 40
#: The longest value of a filter parameter accepted (as sent): the longest source's name
#: an index stores, so that every facet value's toggle is taken.
MAX_FACET_VALUE_CHARS = MAX_SOURCE_CHARS
SORTS: tuple[str, ...] = ("relevance", "date")

#: Longest query accepted; a search box is not a place for whole articles.
MAX_QUERY_CHARS = 500
#: Page size of the HTML page and the API's default.
PAGE_SIZE = 10
#: The API's largest page.
MAX_API_LIMIT = 100
#: Most values per facet an API answer lists when asked for a number ("max": every one).
MAX_FACET_SIZE = 1000
#: Highest page number accepted (far beyond any real index; keeps offsets sane).
MAX_PAGE = 100_000


#: How the page names each URL parameter in a message (the parameter itself in brackets, for
#: those who write URLs by hand).
PARAM_NAMES = {"page": "Số trang (page)", "limit": "Số kết quả mỗi trang (limit)", "sort": "Cách sắp xếp (sort)",
               "literal": "Tìm đúng như gõ (literal)", "from": "Ngày bắt đầu (from)", "to": "Ngày kết thúc (to)"}


def param_name(name: str) -> str:
    """A URL parameter as a message names it: "Số trang (page)", "Tỉnh/thành (province)"."""
    if name in FACETS:
        return f"{facet(name).label} ({name})"
    return PARAM_NAMES.get(name, name)


def int_param(name: str, raw: str | None, default: int, low: int, high: int, label: str | None = None) -> int:
    """A bounded integer parameter, or a :class:`QueryError` that names it (as ``label``
    says, where the search's name for it would mislead)."""
    label = label or param_name(name)
    if raw is None or raw.strip() == "":
        return default
    text = raw.strip()
    # ASCII digits only: str.isdigit() also accepts "²" or "¹⁰", which int() refuses.
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise QueryError(name, f"{label} phải là số nguyên từ {low} đến {high}, không phải “{raw[:40]}”",
                         value=raw[:40])
    value = int(text)
    if not low <= value <= high:
        raise QueryError(name, f"{label} phải là số nguyên từ {low} đến {high}, không phải “{text}”", value=text)
    return value


def facet_size_param(raw: str | None) -> int | None:
    """How many values each facet of an API answer lists: ``max`` for all of them (None)."""
    if raw is not None and raw.strip().lower() == "max":
        return None
    try:
        return int_param("facet_size", raw, MAX_FACET_VALUES, 1, MAX_FACET_SIZE)
    except QueryError as exc:
        raise QueryError("facet_size", f"số giá trị mỗi bộ lọc (facet_size) phải là số nguyên từ 1 đến "
                         f"{MAX_FACET_SIZE}, hoặc “max” để lấy mọi giá trị; không phải “{(raw or '')[:40]}”",
                         value=exc.value) from None


def check_year(value: str) -> None:
    """A year filter written with digits must be ASCII digits ("2022", not "²⁰²²"), as
    the command line says (``facetdefs.year_digits_error``); a list ("2024, 2025") passes."""
    error = year_digits_error(value)
    if error:
        raise QueryError("year", f"{param_name('year')}: {error}", value=value[:40])


def _valid_year_text(value: str) -> bool:
    try:
        check_year(value)
    except QueryError:
        return False
    return True


def day_first_digits(value: str) -> str:
    """A date typed as eight digits in the range's day-first field, as a phone's number pad
    (no "/") types it: "01022021" -> "01/02/2021" (1 February). As the year first the same
    digits name no day ("0102-20-21"); digits that read so ("20210517") are left as typed."""
    if len(value) != 8 or not (value.isascii() and value.isdigit()):
        return value
    day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
    if year < 1000 or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return value
    return f"{value[:2]}/{value[2:4]}/{value[4:]}"


@functools.lru_cache(maxsize=4096)
def _quoted(text: str) -> str:
    return quote_plus(text)


#: The parameters of a search that take one value (``limit``: the API's only; ``facet_size``:
#: how many values each facet lists, on the page as in the API); the facets take several.
SEARCH_SINGLE: tuple[str, ...] = ("q", "sort", "page", "literal", *DATE_PARAMS, "limit", "facet_size")
#: ...and those /api/search takes (the same: a page's URL is an API call's, path aside).
API_SEARCH_SINGLE: tuple[str, ...] = SEARCH_SINGLE


#: Names that sites add to a link shared or clicked through (besides every "utm_…"): never
#: a misspelt parameter of ours.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "zarsrc"})


def check_parameters(args, single: Sequence[str], multiple: Sequence[str] = ()) -> None:
    """Raise :class:`QueryError` for the first parameter of ``args`` (a Werkzeug
    ``MultiDict``) that is neither in ``single`` nor in ``multiple``, naming the closest
    one taken, and for one of ``single`` sent more than once. ("_", a script's cache
    breaker, is let through, and so are the tracking names a link shared picks up,
    ``TRACKING_PARAMS``: a feed's link posted on a social site comes back with them.)"""
    taken = [*single, *multiple]
    for name in args.keys():
        if name in taken or name == "_" or name.lower() in TRACKING_PARAMS or name.lower().startswith("utm_"):
            if name in single and len(args.getlist(name)) > 1:
                raise QueryError(name, f"tham số “{name}” chỉ nhận một giá trị, không phải "
                                 f"{len(args.getlist(name))}",
                                 value=clean_field(", ".join(args.getlist(name))[:100]))
            continue
        close = closest_parameter(name, taken)
        hint = f" (có phải “{close}”?)" if close else ""
        listed = f"các tham số: {', '.join(taken)}" if taken else "ở đây không nhận tham số nào"
        # (the value received, as every other parameter error names it; none sent: null)
        sent = clean_field(", ".join(v for v in args.getlist(name) if v.strip())[:100]) or None
        raise QueryError(name[:40], f"không có tham số “{clean_field(name[:40])}”{hint}; {listed}", taken,
                         value=sent)


def closest_parameter(name: str, taken: Sequence[str]) -> str | None:
    """The parameter taken that ``name`` most likely meant ("provinces", "Province",
    "current-province"), or None: the hint of the error and the page's link that renames it."""
    close = difflib.get_close_matches(name.lower().replace("-", "_"), taken, n=1, cutoff=0.6)
    return close[0] if close else None


@dataclass
class SearchState:
    """Query text, filters, sort and page: the whole state of a results page."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in FACETS})
    sort: str = "relevance"
    page: int = 1
    limit: int = PAGE_SIZE
    literal: bool = False      # search the words exactly as typed (no diacritic restoration)
    date_from: str = ""
    date_to: str = ""
    #: Values listed per facet (None: every one). Kept by every link of the page, so that a
    #: list asked for whole stays whole while filters are ticked.
    facet_size: int | None = MAX_FACET_VALUES

    # -- parsing ------------------------------------------------------------------
    @classmethod
    def from_args(cls, args: Mapping, *, allow_limit: bool = False) -> "SearchState":
        """Read request arguments (a Werkzeug ``MultiDict``); raise on bad values.

        Facet values are taken as typed here; the engine matches them leniently and
        rejects unknown ones, and :meth:`with_filters` then stores its canonical form.
        """
        q = args.get("q") or ""
        if len(q) > MAX_QUERY_CHARS:     # as sent, like the search box's maxlength
            raise QueryError("q", f"câu tìm kiếm quá dài ({len(q)} ký tự); tối đa {MAX_QUERY_CHARS} ký tự")
        # Control and bidirectional characters, pasted or sent, reach no page or feed
        # (a feed with U+0001 is no XML; U+202E would draw the title reversed).
        q = clean_field(q)
        sort = (args.get("sort") or "relevance").strip().lower()
        if sort not in SORTS:
            raise QueryError("sort", f"{param_name('sort')} phải là một trong: {', '.join(SORTS)}, không phải “{sort[:40]}”",
                             SORTS, value=sort[:40])
        page = int_param("page", args.get("page"), 1, 1, MAX_PAGE)
        limit = PAGE_SIZE
        if allow_limit:
            limit = int_param("limit", args.get("limit"), PAGE_SIZE, 1, MAX_API_LIMIT)
        filters = {}
        for key in FACETS:
            values: list[str] = []
            for raw in args.getlist(key):
                if len(raw) > MAX_FACET_VALUE_CHARS:
                    raise QueryError(key, f"giá trị {param_name(key)} quá dài (tối đa {MAX_FACET_VALUE_CHARS} ký tự)")
                value = raw.strip()
                if key == "year":
                    check_year(value)
                if value and value not in values:
                    values.append(value)
            filters[key] = values
        raw_literal = (args.get("literal") or "").strip().lower()
        if raw_literal not in ("", "0", "1", "true", "false"):
            raise QueryError("literal", f"{param_name('literal')} phải là 1 (có) hoặc 0 (không); true, false cũng được", ["1", "0"],
                             value=raw_literal[:40])
        literal = raw_literal in ("1", "true")
        dates = {}
        for name in DATE_PARAMS:
            value = (args.get(name) or "").strip()
            if len(value) > MAX_DATE_CHARS:     # room for a timestamp: "2021-05-17 08:30:00 +0700"
                raise QueryError(name, f"giá trị {param_name(name)} quá dài (tối đa {MAX_DATE_CHARS} ký tự)",
                                 value=clean_field(value[:MAX_DATE_CHARS]))
            dates[name] = day_first_digits(value)
        return cls(q=q, filters=filters, sort=sort, page=page, limit=limit,
                   date_from=dates["from"], date_to=dates["to"], literal=literal,
                   facet_size=facet_size_param(args.get("facet_size")))

    @classmethod
    def lenient(cls, args: Mapping) -> "SearchState":
        """Best-effort state for redrawing the form around a parameter error.

        Invalid sort or page fall back to their defaults and an over-long query is cut,
        so the page can show what was asked next to the message about what was wrong.
        """
        q = (args.get("q") or "").strip()[:MAX_QUERY_CHARS]
        sort = (args.get("sort") or "").strip().lower()
        try:
            page = int_param("page", args.get("page"), 1, 1, MAX_PAGE)
        except QueryError:
            page = 1
        filters = {f: [v.strip()[:100] for v in args.getlist(f) if v.strip()] for f in FACETS}
        filters["year"] = [v for v in filters["year"] if _valid_year_text(v)]
        try:
            facet_size = facet_size_param(args.get("facet_size"))
        except QueryError:
            facet_size = MAX_FACET_VALUES
        return cls(q=q, filters=filters, sort=sort if sort in SORTS else "relevance", page=page,
                   date_from=(args.get("from") or "").strip()[:MAX_DATE_CHARS],
                   date_to=(args.get("to") or "").strip()[:MAX_DATE_CHARS], facet_size=facet_size)

    def with_filters(self, canonical: Mapping[str, list[str]],
                     dates: Mapping[str, str | None] | None = None) -> "SearchState":
        """The same state with the engine's canonical filter values ("ben tre" -> "Bến Tre")
        and dates ("2021" -> "2021-01-01")."""
        state = replace(self, filters={f: list(canonical.get(f, [])) for f in FACETS})
        if dates is not None:
            state = replace(state, date_from=dates.get("from") or "", date_to=dates.get("to") or "")
        return state

    def engine_args(self) -> dict:
        """Keyword arguments of :meth:`SearchEngine.search` for this state (text aside)."""
        return {**{f: self.filters.get(f, []) for f in FACETS}, "date_from": self.date_from or None,
                "date_to": self.date_to or None, "sort": self.sort, "page": self.page, "limit": self.limit,
                "literal": self.literal}

    # -- URLs -------------------------------------------------------------------------
    def params(self) -> list[tuple[str, str]]:
        """GET parameters in a stable order, defaults left out (short, clean URLs)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in FACETS:
            out.extend((name, v) for v in self.filters.get(name, []))
        if self.literal and self.q:
            out.append(("literal", "1"))
        if self.date_from:
            out.append(("from", self.date_from))
        if self.date_to:
            out.append(("to", self.date_to))
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.limit != PAGE_SIZE:
            out.append(("limit", str(self.limit)))
        if self.facet_size != MAX_FACET_VALUES:
            out.append(("facet_size", self.facet_size_text))
        if self.page != 1:
            out.append(("page", str(self.page)))
        return out

    def url(self, path: str = "/search") -> str:
        # What urlencode() gives, with each part's quoting remembered: a result page
        # builds a URL for every facet value, mostly from the same few strings.
        query = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in self.params())
        return f"{path}?{query}" if query else path

    @property
    def facet_size_text(self) -> str:
        """``facet_size`` as its parameter writes it: a number, or "max"."""
        return "max" if self.facet_size is None else str(self.facet_size)

    @property
    def has_filters(self) -> bool:
        return any(self.filters.get(f) for f in FACETS) or self.has_dates

    @property
    def has_dates(self) -> bool:
        return bool(self.date_from or self.date_to)

    def toggle_urls(self, facet: str, values: list[str], path: str = "/search") -> list[str]:
        """``self.toggled(facet, v).url(path)`` for each of ``values``, built from the
        parameters shared by all of them (a page lists a URL for every facet value)."""
        base = replace(self, filters={**self.filters, facet: []}, page=1).params()
        # Where the facet's own parameters go: after the facets declared before it.
        at = next((i for i, (k, _v) in enumerate(base) if k in FACETS[FACETS.index(facet) + 1:]
                   or k not in FACETS and k != "q"), len(base))
        head = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in base[:at])
        tail = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in base[at:])
        current = list(self.filters.get(facet, []))
        key = _quoted(facet)
        out = []
        for value in values:
            chosen = [v for v in current if v != value] if value in current else current + [value]
            own = "&".join(f"{key}={_quoted(v)}" for v in chosen)
            query = "&".join(part for part in (head, own, tail) if part)
            out.append(f"{path}?{query}" if query else path)
        return out

    def toggled(self, facet: str, value: str) -> "SearchState":
        """Tick or untick one facet value (OR within a facet); back to page 1."""
        values = list(self.filters.get(facet, []))
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return replace(self, filters={**self.filters, facet: values}, page=1)

    def without_values(self, facet: str, values: list[str]) -> "SearchState":
        """Untick several values of one facet at once (a region's provinces); back to page 1."""
        kept = [v for v in self.filters.get(facet, []) if v not in values]
        return replace(self, filters={**self.filters, facet: kept}, page=1)

    def widened(self, facet: str, values: Sequence[str], to_facet: str, *to_values: str) -> "SearchState":
        """``values`` of ``facet`` replaced by ``to_values`` of ``to_facet`` (a province by
        today's unit that holds it; today's unit, or a region's provinces, by the provinces
        mentioned); back to page 1."""
        state = self.without_values(facet, list(values))
        return replace(state, filters={**state.filters, to_facet: [*state.filters.get(to_facet, []), *to_values]})

    def without_facet(self, facet: str) -> "SearchState":
        return replace(self, filters={**self.filters, facet: []}, page=1)

    def cleared(self) -> "SearchState":
        """The query alone: every filter removed ("Xoá tất cả")."""
        return replace(self, filters={f: [] for f in FACETS}, date_from="", date_to="", page=1)

    def without_dates(self) -> "SearchState":
        return replace(self, date_from="", date_to="", page=1)

    def with_query(self, q: str) -> "SearchState":
        return replace(self, q=q, page=1, literal=False)

    def as_typed(self) -> "SearchState":
        """The same words searched exactly as typed ("Tìm đúng chữ đã gõ")."""
        return replace(self, page=1, literal=True)

    def sorted_by(self, sort: str) -> "SearchState":
        return replace(self, sort=sort, page=1)

    def at_page(self, page: int) -> "SearchState":
        return replace(self, page=page)


def safe_back_path(raw: str | None) -> str | None:
    """``raw`` if it is a path on this site (so "back" links cannot leave it), else None.

    Rejects absolute and scheme-relative URLs ("//evil.example"), backslashes (which
    some browsers read as "/"), control characters and spaces: a path this site builds is
    percent-encoded, so a space (or a tab or line break, which every parameter reads as
    one) is in none of its links.
    """
    if not raw or len(raw) > 4000:
        return None
    if not raw.startswith("/") or raw.startswith("//") or "\\" in raw:
        return None
    if any(ord(ch) <= 32 or ord(ch) == 127 or ch.isspace() for ch in raw):
        return None
    parts = urlsplit(raw)
    if parts.scheme or parts.netloc:
        return None
    return raw


def safe_external_url(raw: str | None) -> str | None:
    """An article's source URL if it is http(s); anything else (``javascript:``…) is not linked."""
    if not raw:
        return None
    try:
        parts = urlsplit(raw.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return raw.strip()
    return None
