"""View models: what the templates draw, computed from a search result and the URL state.

Templates stay free of logic: every facet value arrives with its count, whether it
is selected and the URL that toggles it (as in Datasette); the pagination and the
year chart arrive as plain lists of numbers and links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from flask import url_for
from markupsafe import Markup, escape

from ctsearch.facetdefs import facet, facets, named_values, sidebar_order
from ctsearch.facets import top_values
from ctsearch.merger import unit_title
from ctsearch.titles import display_title
from ctsearch.topics import TOPIC_LABELS
from ctsearch.vnformat import format_count, format_date, format_seconds

from .state import SearchState


def article_url(article_id: str, q: str = "", back: str | None = None, literal: bool = False,
                external: bool = False) -> str:
    """Link to an article page, carrying the query (for highlights, read as the search
    read it; exactly as typed where the search was) and the results URL; ``external``:
    with the site's address, as a feed's entries need it."""
    return url_for("views.article_page", article_id=article_id, q=q or None,
                   literal=1 if literal and q else None, back=back or None, _external=external)

# The facets, their titles and sidebar order are declared in ctsearch.facetdefs.
#: Values shown before "Xem thêm"; the rest is one click away.
SHOWN_VALUES = 6
UNKNOWN = "Không rõ"


def topic_labels() -> dict[str, str]:
    """Slug -> Vietnamese label."""
    return dict(TOPIC_LABELS)


def format_percent(part: int, whole: int) -> str:
    """``89,6%``: one decimal, with the Vietnamese decimal comma."""
    if not whole:
        return "0%"
    return f"{100 * part / whole:.1f}".replace(".", ",").replace(",0", "") + "%"


# -- facets -------------------------------------------------------------------------------
#: The shortest bar of a year with articles, in % of the longest.
BAR_FLOOR = 1.5


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    bar: float | None = None      # charted facets (years): bar length in % of the largest, None: no bar
    forms: str = ""               # other names a filter box finds it by, "|"-separated
    groups: str = ""              # names of the groups (regions) it is in, "|"-separated


@dataclass
class Facet:
    name: str              # "province"
    title: str             # "Tỉnh/thành"
    items: list[FacetItem]
    selected_count: int
    clear_url: str         # the same search without this facet's filter
    shown: list[FacetItem] = field(default_factory=list)   # before "Xem thêm"
    more: list[FacetItem] = field(default_factory=list)    # behind "Xem thêm"
    more_open: bool = False  # a ticked value is behind "Xem thêm": show it
    note: str = ""           # e.g. the share of articles whose year is unknown
    filter_box: str | None = None   # a long list gets a box that narrows it: "Lọc tỉnh/thành…"
    group_leads: str = ""           # words a region's name may follow in the box, "|"-separated
    left_out: str = ""              # the values counted but not listed, said: "Còn 1.401 nguồn khác…"
    places: bool = False            # its values are provinces (the box reads "tỉnh …", "… cũ")
    noun: str = ""                  # what its values are, in words: "tỉnh/thành được nhắc đến"


#: What a facet's values are, where its title does not say it as a noun: "Xem thêm 57" reads
#: "Xem thêm 57 tỉnh/thành được nhắc đến" to a screen reader ("… 57 có nhắc đến" said nothing).
VALUE_NOUNS = {"mentions": "tỉnh/thành được nhắc đến", "current_province": "tỉnh/thành hiện nay"}


def value_noun(definition) -> str:
    """The words for a facet's values: "năm", "chủ đề", "nguồn", "tỉnh/thành được nhắc đến"."""
    return VALUE_NOUNS.get(definition.name) or definition.filter_box or definition.label.lower()


def _chart_bars(items: list[FacetItem]) -> None:
    """Bar lengths for known years in proportion to their counts, as readers take a bar
    chart (a log scale drew 200 articles at two thirds of 2,451). A year with any article
    keeps a sliver (``BAR_FLOOR``) so that it does not read as none; the counts beside the
    bars tell 3 from 16."""
    known = [it for it in items if it.value != UNKNOWN]
    top = max((it.count for it in known), default=0)
    for it in known:
        it.bar = max(BAR_FLOOR, round(100 * it.count / top, 1)) if top and it.count else 0.0


def _forms_text(item: FacetItem, typed_forms) -> str:
    """The other names of a value, each once (the box ignores case), none its label holds."""
    seen = {item.label.casefold()}
    forms = []
    for form in typed_forms(item.value):
        key = form.casefold()
        if key not in seen and key not in item.label.casefold():
            seen.add(key)
            forms.append(form)
    return "|".join(forms)


def build_facets(result, state: SearchState, shown: int = SHOWN_VALUES) -> list[Facet]:
    """Every facet value with count, selection and toggle URL, in sidebar order."""
    out: list[Facet] = []
    for definition in sidebar_order():
        name = definition.name
        values = result.facets.get(name)
        if values is None or (definition.optional and not values):
            continue       # e.g. an index without sources has no source facet
        values, left_out = top_values(values, state.facet_size)
        urls = state.toggle_urls(name, [v.value for v in values])
        items = [FacetItem(v.value, v.label, v.count, v.selected, url) for v, url in zip(values, urls)]
        if definition.filter_box and definition.typed_forms:
            for it in items:
                it.forms = _forms_text(it, definition.typed_forms)
        if definition.filter_box and definition.groups:
            for it in items:
                it.groups = "|".join(definition.groups.names_of(it.value))
        if definition.selected_first:
            # Ticked values first so they stay in view (a stable sort keeps the engine's
            # order otherwise: most frequent first, "Không rõ" last). Years stay newest first.
            items.sort(key=lambda it: not it.selected)
        note = ""
        if definition.chart_unknown_note is not None:
            _chart_bars(items)
            unknown = next((it for it in items if it.value == UNKNOWN), None)
            total = sum(it.count for it in items)
            if unknown and unknown.count and len(items) > 1:     # (alone, its row says it all)
                note = (f"{format_percent(unknown.count, total)} số bài ({format_count(unknown.count)}) "
                        f"{definition.chart_unknown_note}")
        limit = len(items) if len(items) <= shown + 1 else shown
        view = Facet(name, definition.label, items, sum(it.selected for it in items),
                     state.without_facet(name).url(), items[:limit], items[limit:], note=note,
                     filter_box=definition.filter_box, places=definition.places, noun=value_noun(definition),
                     group_leads="|".join(definition.groups.leads()) if definition.groups else "")
        view.more_open = any(it.selected for it in view.more)
        if left_out:
            view.left_out = (f"Còn {format_count(left_out)} {definition.filter_box} khác, ít bài hơn, không liệt kê "
                             f"ở đây: gõ tên vào ô lọc để chọn." if definition.filter_box else
                             f"Còn {format_count(left_out)} giá trị khác, ít bài hơn, không liệt kê ở đây.")
        out.append(view)
    return out


@dataclass
class Chip:
    facet: str
    facet_title: str
    label: str
    without: SearchState     # the search the chip's removal leads to

    @property
    def remove_url(self) -> str:
        return self.without.url()


def spelled_date(date: str) -> str:
    """``2021-02-01`` -> "1 tháng 2 năm 2021": the month in words, so that no reader takes
    1 February for 2 January whatever order their browser writes dates in."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if not m:
        return format_date(date)
    return f"{int(m.group(3))} tháng {int(m.group(2))} năm {m.group(1)}"


def date_range_label(date_from: str, date_to: str) -> str:
    """The date range as a chip, a tab and a feed say it: "1 tháng 2 – 31 tháng 12 năm 2021"
    (the year once when both ends share it), "từ 1 tháng 2 năm 2021"."""
    if date_from and date_to:
        start, end = spelled_date(date_from), spelled_date(date_to)
        if date_from[:4] == date_to[:4] and start.endswith(f" năm {date_from[:4]}"):
            start = start.removesuffix(f" năm {date_from[:4]}")
        return f"{start} – {end}"
    if date_from:
        return f"từ {spelled_date(date_from)}"
    return f"đến {spelled_date(date_to)}"


def date_field(value: str) -> str:
    """A date as the range's fields show it, day first (``2021-02-01`` -> ``01/02/2021``);
    anything else (a date that did not read, redrawn beside its error) as typed."""
    return format_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or "") else (value or "")


def build_chips(state: SearchState) -> list[Chip]:
    """One removable chip per selected filter value, in the order they were chosen."""
    chips = []
    for definition in facets():
        # A whole region chosen ("Tây Nguyên", or its five provinces ticked) is one chip.
        for label, values in named_values(definition, state.filters.get(definition.name, [])):
            without = state.without_values(definition.name, values)
            chips.append(Chip(definition.name, definition.label, label, without))
    if state.has_dates:
        chips.append(Chip("dates", "Thời gian", date_range_label(state.date_from, state.date_to),
                          state.without_dates()))
    return chips


def wider_links(result, state: SearchState) -> list[tuple[str, str, str, str]]:
    """(why, lead, label, URL) of each wider search a search offers: "Từ
    01/07/2025, Hà Giang thuộc tỉnh Tuyên Quang; …", "Cũng xem:", "Tỉnh/thành: Tuyên
    Quang, từ 01/07/2025 — 1 bài"; "Bộ lọc này chỉ gồm tỉnh Bắc Ninh cũ; …", "", "Xem cả
    tỉnh Bắc Ninh hiện nay (135 bài)"; "Bộ lọc “Tỉnh/thành” chỉ gồm các bài lấy Quảng Ninh
    làm tỉnh/thành chính; …", "", "Xem các bài có nhắc đến Quảng Ninh (4 bài)"; "Năm của một
    bài chỉ biết được …", "", "Xem cả các bài không rõ năm (16 bài)" (the lead goes before the
    link beside results)."""
    out = []
    for w in result.wider:
        if w.unknown:       # the years chosen kept, the articles of no known year added
            label = f"Xem cả các bài {facet(w.facet).chart_unknown_note} ({format_count(w.count)} bài)"
            out.append((w.explain(), "", label, state.toggled(w.facet, w.to_value).url()))
            continue
        widened = state.widened(w.facet, w.chosen, w.to_facet, *w.to_values)
        if w.looser:        # the province mentioned anywhere, instead of as the main one
            label = f"Xem các bài có nhắc đến {w.mentioned} ({format_count(w.count)} bài)"
            out.append((w.explain(), "", label, widened.url()))
            continue
        if w.whole_unit:    # today's unit at any date, the dates asked for kept
            label = f"Xem cả {unit_title(w.to_value)} hiện nay ({format_count(w.count)} bài)"
            out.append((w.explain(), "", label, widened.url()))
            continue
        label = f"{facet(w.to_facet).label}: {w.to_value}, từ {format_date(w.since)} — {format_count(w.count)} bài"
        out.append((w.explain(), "Cũng xem:", label, replace(widened, date_from=w.since).url()))
    place = result.place
    if place is not None:
        # A province named in the words: today's unit of that name, by the filter.
        unit = f"{place.former} (cũ)" if place.former else f"{unit_title(place.current)} hiện nay"
        label = (f"Tìm “{place.rest}” trong {unit}" if place.rest else f"Xem các bài của {unit}") \
            + f" ({format_count(place.found)} bài)"
        within = replace(state.with_query(place.rest), filters={**state.filters, place.facet: [place.value]})
        out.append((f"{place.explain()}.", "", label, within.url()))
    return out


# -- hits ------------------------------------------------------------------------------------
def hit_title(title: str, title_html: str, body: str = "", url: str | None = None,
              needles: list | None = None) -> dict:
    """What a result row or an article page shows as its title.

    ``html`` is the library's highlighted title (escaped text plus ``<mark>``) or the
    derived title, escaped and highlighted with ``needles``; ``derived`` says where a
    derived title came from.
    """
    shown = display_title(title, body, url)
    if shown.derived is None:
        return {"html": Markup(title_html) if title_html else escape(title), "text": title, "derived": None}
    if needles and shown.derived != "none":
        from ctsearch.snippets import highlight
        text_html = Markup(highlight(shown.text, needles))   # escaped text plus <mark>
    else:
        text_html = escape(shown.text)
    return {"html": text_html, "text": shown.text, "derived": DERIVED_NOTES[shown.derived]}


#: How a derived title is marked, by where it came from.
DERIVED_NOTES = {
    "text": "Bài không có tiêu đề; trích câu đầu bài",
    "url": "Bài không có tiêu đề; lấy từ địa chỉ bài",
    "none": "Bài không có tiêu đề",
}


# -- pagination -------------------------------------------------------------------------------
@dataclass
class PageLink:
    number: int | None     # None is a gap ("…")
    url: str
    current: bool


@dataclass
class Pagination:
    prev_url: str | None
    next_url: str | None
    links: list[PageLink]
    page: int = 1
    pages: int = 1


def build_pagination(state: SearchState, pages: int, window: int = 2) -> Pagination | None:
    """First, last and a window around the current page, with gaps as ``…``."""
    if pages <= 1:
        return None
    current = min(state.page, pages)
    shown = {1, pages, *range(current - window, current + window + 1)}
    links: list[PageLink] = []
    previous = 0
    for n in sorted(p for p in shown if 1 <= p <= pages):
        if n - previous > 1:
            links.append(PageLink(None, "", False))
        links.append(PageLink(n, state.at_page(n).url(), n == state.page))
        previous = n
    prev_url = state.at_page(min(state.page - 1, pages)).url() if state.page > 1 else None
    next_url = state.at_page(state.page + 1).url() if state.page < pages else None
    return Pagination(prev_url, next_url, links, state.page, pages)


# -- article text --------------------------------------------------------------------------------
_MARK_TAG = re.compile(r"<(/?)mark>")


FIRST_MATCH_ID = "cho-khop-1"


def count_matches(fragment: str) -> int:
    """How many highlighted matches the library's HTML holds."""
    return fragment.count("<mark>")


def html_paragraphs(fragment: str) -> list[Markup]:
    """Split the library's highlighted HTML (escaped text plus ``<mark>``) on newlines.

    A match may span a line break; its ``<mark>`` is closed at the end of the line and
    reopened on the next so that every paragraph is well-formed. The first match gets
    the id :data:`FIRST_MATCH_ID`, the target of "Tới chỗ khớp đầu tiên".
    """
    out: list[Markup] = []
    open_mark = False
    first = True
    for line in fragment.split("\n"):
        prefix = "<mark>" if open_mark else ""
        for m in _MARK_TAG.finditer(line):
            open_mark = not m.group(1)
        suffix = "</mark>" if open_mark else ""
        piece = prefix + line + suffix
        if first and "<mark>" in piece:
            piece = piece.replace("<mark>", f'<mark id="{FIRST_MATCH_ID}" tabindex="-1">', 1)
            first = False
        if _MARK_TAG.sub("", piece).strip():
            out.append(Markup(piece))  # the library escaped the text; <mark> is its only markup
    return out


def text_paragraphs(text: str) -> list[str]:
    """Plain text split on newlines; the template escapes it."""
    return [line for line in text.split("\n") if line.strip()]


def topic_badges(slugs: Iterable[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(slug, labels.get(slug, slug)) for slug in slugs]
