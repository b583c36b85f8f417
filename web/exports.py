"""The current search as a file: CSV for a spreadsheet, Atom for a feed reader.

Both take the search page's parameters (query, filters, dates, sort), so the links on a
results page export exactly what it shows. CSV holds up to :data:`CSV_MAX_ROWS` results
in the page's order; the feed holds the newest :data:`FEED_ENTRIES`, so that following
"điện gió Bến Tre" in a feed reader shows new articles as they are indexed.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, render_template, request, url_for

from ctsearch.query import QueryError
from ctsearch.textnorm import fold

from .app import error_response, get_engine
from ctsearch.facetdefs import facets, named_values

from .present import article_url, date_range_label, hit_title, topic_labels
from .state import FACETS, SEARCH_SINGLE, SearchState, check_parameters, safe_external_url

bp = Blueprint("exports", __name__)

#: Rows of a CSV export (the engine's largest page).
CSV_MAX_ROWS = 1000
#: Entries of an Atom feed.
FEED_ENTRIES = 20

_MARK = re.compile(r"</?mark>")


def _state_or_error():
    try:
        # (a misspelt name is refused, not ignored: it would export everything, unfiltered)
        check_parameters(request.args, SEARCH_SINGLE, FACETS)
        return SearchState.from_args(request.args), None
    except QueryError as exc:
        return None, exc


def _plain(html_fragment: str) -> str:
    """The library's highlighted HTML as plain text (its only markup is ``<mark>``)."""
    import html
    return html.unescape(_MARK.sub("", html_fragment))


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (``=HYPERLINK(…)``)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _file_stem(state: SearchState) -> str:
    """The download's name: the query and the filter values, folded ("ctsearch-dien-gio-ben-tre")."""
    said = [state.q, *(v for definition in facets() for v in state.filters.get(definition.name, []))]
    words = re.sub(r"[^a-z0-9]+", "-", fold(" ".join(said)).lower()).strip("-")[:60].strip("-")
    return "ctsearch-" + (words or "tat-ca")


def describe(state: SearchState) -> str:
    """The search in words: "điện gió · Tỉnh/thành: Bến Tre · từ 01/01/2021"."""
    parts = [state.q] if state.q else []
    for definition in facets():
        values = state.filters.get(definition.name, [])
        if values:
            parts.append(f"{definition.label}: {', '.join(label for label, _ in named_values(definition, values))}")
    if state.has_dates:
        parts.append(date_range_label(state.date_from, state.date_to))
    return " · ".join(parts) or "Tất cả bài"


@bp.get("/search.csv")
def search_csv():
    """Up to CSV_MAX_ROWS results of the search in the URL, in the page's order."""
    state, exc = _state_or_error()
    if exc is not None:
        return error_response(400, f"Tham số “{exc.param}” không hợp lệ: {exc.message}")
    engine = get_engine()
    labels = topic_labels()
    try:
        result = engine.search(state.q, **{**state.engine_args(), "page": 1, "limit": CSV_MAX_ROWS})
    except QueryError as exc:
        return error_response(400, f"Tham số “{exc.param}” không hợp lệ: {exc.message}")
    out = io.StringIO()
    out.write("\ufeff")          # spreadsheet programs read UTF-8 (Vietnamese) only with a BOM
    writer = csv.writer(out)
    # New columns go at the end: spreadsheets built on this file read columns by position.
    writer.writerow(["stt", "id", "tieu_de", "tieu_de_tu_tao", "ngay", "nam", "tinh_thanh", "chu_de",
                     "nguon", "url_goc", "trang_bai", "trich_doan", "tinh_thanh_hien_nay",
                     "tinh_thanh_nhac_den", "thieu_tu"])
    bodies = engine.untitled_bodies(result.hits)
    for i, hit in enumerate(result.hits, 1):
        title = hit_title(hit.title, hit.title_html, bodies.get(hit.id, ""), hit.url)
        writer.writerow([_cell(v) for v in (
            i, hit.id, title["text"], "có" if title["derived"] else "", hit.date or "", hit.year or "",
            hit.province or "", ", ".join(labels.get(t, t) for t in hit.topics), hit.source or "",
            safe_external_url(hit.url) or "",
            url_for("views.article_page", article_id=hit.id, _external=True),
            _plain(hit.snippet), hit.current_province or "", ", ".join(hit.provinces),
            ", ".join(hit.missing),      # a near match: the query's words it lacks, as the page says
        )])
    resp = Response(out.getvalue(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = f'attachment; filename="{_file_stem(state)}.csv"'
    resp.headers["X-Total-Count"] = str(result.total)
    return resp


def _index_updated(engine) -> datetime:
    """When the index last changed: the feed's own ``updated``."""
    if getattr(engine.backend, "name", "whoosh") != "whoosh":
        # A cluster has no index folder to look at: the feed is as new as the request.
        return datetime.now(timezone.utc).replace(microsecond=0)
    folder = Path(os.fspath(engine.index_dir))
    try:
        stamp = max(p.stat().st_mtime for p in folder.iterdir() if p.name.startswith("_MAIN"))
    except (OSError, ValueError):
        stamp = 0.0
    return datetime.fromtimestamp(stamp, timezone.utc).replace(microsecond=0)


#: An undated entry's ``updated``: Atom requires one, and a fixed one never makes an old
#: article look new (the index's own time did, after every indexing run).
UNDATED = "1970-01-01T00:00:00Z"


def _rfc3339(date: str | None, year: int | None) -> str:
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return f"{date}T00:00:00Z"
    if date and re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{date}-01T00:00:00Z"
    if year:
        return f"{year:04d}-01-01T00:00:00Z"
    return UNDATED


@bp.get("/search.atom")
def search_atom():
    """The newest FEED_ENTRIES results of the search in the URL, as an Atom feed."""
    state, exc = _state_or_error()
    if exc is not None:
        return error_response(400, f"Tham số “{exc.param}” không hợp lệ: {exc.message}")
    engine = get_engine()
    labels = topic_labels()
    feed_state = replace(state, sort="date", page=1)      # the page's search, newest first
    try:
        result = engine.search(state.q, **{**feed_state.engine_args(), "limit": FEED_ENTRIES})
    except QueryError as exc:
        return error_response(400, f"Tham số “{exc.param}” không hợp lệ: {exc.message}")
    feed_state = feed_state.with_filters(result.filters, result.dates)
    updated = _index_updated(engine)
    entries = []
    # Only the articles holding every word: one following a search is told of its matches,
    # and a near match ("Thiếu: gạo") came unmarked among them.
    hits = [hit for hit in result.hits if not hit.missing]
    bodies = engine.untitled_bodies(hits)
    for hit in hits:
        entries.append({
            "id": url_for("views.article_page", article_id=hit.id, _external=True),
            "link": article_url(hit.id, state.q, literal=state.literal, external=True),
            "title": hit_title(hit.title, hit.title_html, bodies.get(hit.id, ""), hit.url)["text"],
            "updated": _rfc3339(hit.date, hit.year),
            "summary": _plain(hit.snippet),
            "source_url": safe_external_url(hit.url),
            "categories": [labels.get(t, t) for t in hit.topics] + ([hit.province] if hit.province else []),
        })
    root = request.url_root.rstrip("/")
    body = render_template(
        "feed.atom.xml",
        title=f"ctsearch: {describe(feed_state)}",
        feed_id=root + feed_state.url("/search.atom"),
        self_url=root + feed_state.url("/search.atom"),
        html_url=root + feed_state.url(),
        updated=max([e["updated"] for e in entries] + [updated.strftime("%Y-%m-%dT%H:%M:%SZ")]),
        entries=entries,
    )
    return Response(body, mimetype="application/atom+xml")
