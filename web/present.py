"""View models: what the templates draw, computed from a search result and the URL state.

Templates stay free of logic: every facet value arrives with its count, whether it
is selected and the URL that toggles it (as in Datasette); the pagination and the
year chart arrive as plain lists of numbers and links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from markupsafe import Markup

from ctsearch.topics import TOPIC_LABELS

from .state import FACETS, SearchState

FACET_NAMES: dict[str, str] = {"province": "Tỉnh/thành", "current_province": "Tỉnh/thành hiện nay",
                               "year": "Năm", "topic": "Chủ đề"}


def topic_labels() -> dict[str, str]:
    """Slug -> Vietnamese label."""
    return dict(TOPIC_LABELS)


def format_date(date: str | None, year: int | None = None) -> str:
    """``2022-01-14`` -> ``14/01/2022`` (the Vietnamese order); a year alone stays a year."""
    if date:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
        if m:
            return f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
        m = re.fullmatch(r"(\d{4})-(\d{2})", date)
        if m:
            return f"{m.group(2)}/{m.group(1)}"
        return date
    return str(year) if year else ""


def format_count(n: int) -> str:
    """Thousands separated by dots, as Vietnamese readers write them (12.345)."""
    return f"{n:,}".replace(",", ".")


# -- facets -------------------------------------------------------------------------------
@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str


@dataclass
class Facet:
    name: str              # "province"
    title: str             # "Tỉnh/thành"
    items: list[FacetItem]
    selected_count: int
    clear_url: str         # the same search without this facet's filter


def build_facets(result, state: SearchState) -> list[Facet]:
    """Every facet value with count, selection and toggle URL."""
    facets: list[Facet] = []
    for name in FACETS:
        values = result.facets.get(name, [])
        items = [FacetItem(v.value, v.label, v.count, v.selected, state.toggled(name, v.value).url())
                 for v in values]
        if name == "province":
            # The long list: ticked provinces first so they stay in view (a stable sort
            # keeps the engine's order otherwise). Years stay chronological.
            items.sort(key=lambda it: not it.selected)
        facets.append(Facet(name, FACET_NAMES[name], items, sum(it.selected for it in items),
                            state.without_facet(name).url()))
    return facets


@dataclass
class Chip:
    facet: str
    facet_title: str
    label: str
    remove_url: str


def build_chips(state: SearchState, labels: dict[str, str]) -> list[Chip]:
    """One removable chip per selected filter value, in the order they were chosen."""
    chips = []
    for facet in FACETS:
        for value in state.filters.get(facet, []):
            label = labels.get(value, value) if facet == "topic" else value
            chips.append(Chip(facet, FACET_NAMES[facet], label, state.toggled(facet, value).url()))
    return chips


# -- year chart ----------------------------------------------------------------------------
@dataclass
class Bar:
    label: str
    count: int
    selected: bool
    url: str
    x: float
    y: float
    width: float
    height: float
    show_label: bool


@dataclass
class YearChart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    summary: str


def build_year_chart(facet: Facet, width: int = 260, height: int = 96) -> YearChart | None:
    """Articles per known year, oldest to newest, as SVG geometry (no chart library).

    Years without articles between the first and last are drawn as empty slots so the
    time axis stays honest. Heights are relative to the busiest year.
    """
    by_year = {int(it.value): it for it in facet.items if it.value.isdigit()}
    if not by_year:
        return None
    first, last = min(by_year), max(by_year)
    years = list(range(first, last + 1)) if last - first < 60 else sorted(by_year)
    top = max((it.count for it in by_year.values()), default=0) or 1
    label_h, top_pad = 14.0, 4.0
    plot_h = height - label_h - top_pad
    # A few years should not become a few slabs: cap the slot and centre the bars.
    slot = min(width / len(years), 34.0)
    gap = min(6.0, slot * 0.25)
    left = (width - slot * len(years)) / 2
    every = max(1, -(-len(years) // 6))       # at most ~6 year labels
    bars = []
    for i, year in enumerate(years):
        item = by_year.get(year)
        count = item.count if item else 0
        h = 0.0 if not count else max(2.0, plot_h * count / top)
        bars.append(Bar(
            label=str(year), count=count, selected=bool(item and item.selected),
            url=item.toggle_url if item else "", x=round(left + i * slot + gap / 2, 2),
            y=round(top_pad + plot_h - h, 2), width=round(max(1.0, slot - gap), 2),
            height=round(h, 2),
            show_label=(len(years) - 1 - i) % every == 0,
        ))
    summary = ", ".join(f"{b.label}: {b.count}" for b in bars if b.count)
    return YearChart(bars, width, height, round(top_pad + plot_h, 2), summary)


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
    return Pagination(prev_url, next_url, links)


# -- article text --------------------------------------------------------------------------------
_MARK_TAG = re.compile(r"<(/?)mark>")


def html_paragraphs(fragment: str) -> list[Markup]:
    """Split the library's highlighted HTML (escaped text plus ``<mark>``) on newlines.

    A match may span a line break; its ``<mark>`` is closed at the end of the line and
    reopened on the next so that every paragraph is well-formed.
    """
    out: list[Markup] = []
    open_mark = False
    for line in fragment.split("\n"):
        prefix = "<mark>" if open_mark else ""
        for m in _MARK_TAG.finditer(line):
            open_mark = not m.group(1)
        suffix = "</mark>" if open_mark else ""
        piece = prefix + line + suffix
        if _MARK_TAG.sub("", piece).strip():
            out.append(Markup(piece))  # the library escaped the text; <mark> is its only markup
    return out


def text_paragraphs(text: str) -> list[str]:
    """Plain text split on newlines; the template escapes it."""
    return [line for line in text.split("\n") if line.strip()]


def topic_badges(slugs: Iterable[str], labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(slug, labels.get(slug, slug)) for slug in slugs]
