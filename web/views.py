"""HTML pages: the search page and the article page.

Both render from the URL alone (see :mod:`web.state`); JavaScript only enhances them.
Parameter errors are shown in context (the search box keeps the query, with links that
fix the bad value) rather than as a bare error page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from markupsafe import escape

from ctsearch.clean import clean_field
from ctsearch.vnformat import count_phrase, format_date
from ctsearch.query import (QueryError, apart_note, dates_empty_note, ignored_note, near_lack, near_note,
                            parse_date_bound)
from ctsearch.querylang import first_words
from ctsearch.textnorm import fold

from .app import error_response, get_engine
from . import exports
from ctsearch.facetdefs import facet, facets, named_values, places_read
from ctsearch.facets import MAX_VALUES as MAX_FACET_VALUES
from ctsearch.merger import province_label

from .present import (
    FIRST_MATCH_ID,
    article_url,
    build_chips,
    build_facets,
    build_pagination,
    date_range_label,
    count_matches,
    format_count,
    format_seconds,
    hit_title,
    html_paragraphs,
    text_paragraphs,
    topic_badges,
    topic_labels,
    wider_links,
)
from .related import related_articles
from .state import (DATE_PARAMS, FACETS, MAX_QUERY_CHARS, SEARCH_SINGLE, SearchState, check_parameters,
                    closest_parameter, safe_back_path, safe_external_url)

#: Where a result row sits on the results page: "← Quay lại" returns to it.
HIT_ANCHOR = "hit-{}"

bp = Blueprint("views", __name__)


def _hit_view(hit, state: SearchState, back: str, labels: dict[str, str], body: str = "",
              needles: list | None = None, interpreted: str | None = None) -> dict[str, Any]:
    return {
        "id": hit.id,
        "anchor": HIT_ANCHOR.format(hit.id),
        "url": article_url(hit.id, interpreted or state.q, back, state.literal),
        "missing": hit.missing,
        "title": hit_title(hit.title, hit.title_html, body, hit.url, needles),
        "snippet": hit.snippet,
        "date": hit.date,
        "year": hit.year,
        "province": hit.province_label,  # "Hà Giang (nay thuộc Tuyên Quang)"
        "topics": topic_badges(hit.topics, labels),
        "source": hit.source,
        "source_url": safe_external_url(hit.url),
    }


def export_links(state: SearchState) -> dict[str, Any]:
    """The current search as CSV, JSON and an Atom feed (same query, filters and sort),
    and how many rows the CSV holds at most (the page says so when the search has more)."""
    everything = replace(state, page=1)
    return {
        "csv": everything.url("/search.csv"),
        "csv_rows": exports.CSV_MAX_ROWS,
        "json": state.url("/api/search"),
        "atom": replace(everything, sort="relevance").url("/search.atom"),
    }


def _bad_values(engine, state: SearchState, facet: str) -> list[str]:
    """Which of the typed values of ``facet`` the engine rejects."""
    bad = []
    for value in state.filters.get(facet, []):
        try:
            engine.normalize_filters(**{facet: [value]})
        except QueryError:
            bad.append(value)
    return bad


def _param_error(exc: QueryError, state: SearchState, labels: dict[str, str]):
    """The search page with a friendly message and links that repair the URL (HTTP 400)."""
    engine = get_engine()
    fixes: list[tuple[str, str]] = []
    # (both dates read, the end before the start: not a date that does not read)
    reversed_dates = exc.param in DATE_PARAMS and _dates_reversed(state.date_from, state.date_to)
    if exc.param in FACETS:
        definition = facet(exc.param)
        bad = _bad_values(engine, state, exc.param) or list(state.filters.get(exc.param, []))
        kept = [v for v in state.filters[exc.param] if v not in bad]
        for choice in exc.choices[:12]:     # every meaning of an ambiguous value ("Châu Thành": ten)
            # The other items of a typed list stay ("Hà Nội" of "Hà Nội, Thanh Hóa, Long An").
            fixed = replace(state, filters={**state.filters, exc.param: kept + exc.others + [choice]}, page=1)
            # The whole province is chosen; the note says why it is offered.
            label = ", ".join([*exc.others, definition.chip_label(choice)])
            note = exc.notes.get(choice, "")
            # (a former province the chip already names is not named twice: "Vĩnh Long (gồm cả Bến Tre …)")
            note = f", nơi có {note}" if note and note.removeprefix("tỉnh ").removesuffix(" cũ") not in label else ""
            fixes.append((f"{definition.label}: {label}{note}", fixed.url()))
        if exc.items:                       # or every item of the list, each on its own
            fixed = replace(state, filters={**state.filters, exc.param: kept + exc.items}, page=1)
            fixes.append((f"{definition.label}: {', '.join(exc.items)} (từng giá trị)", fixed.url()))
        fixes.append(("Bỏ bộ lọc không hợp lệ",
                      replace(state, filters={**state.filters, exc.param: kept}, page=1).url()))
    elif exc.param not in (*SEARCH_SINGLE, *FACETS):
        # A parameter the page does not take: its values under the name most likely meant,
        # or the search without it (the lenient state keeps only what the page takes).
        meant = closest_parameter(exc.param, [*SEARCH_SINGLE, *FACETS])
        sent = [clean_field(v).strip()[:100] for v in request.args.getlist(exc.param) if v.strip()]
        if meant in FACETS and sent:
            renamed = replace(state, filters={**state.filters, meant: [*state.filters[meant], *sent]}, page=1)
            fixes.append((f"{facet(meant).label}: {', '.join(sent)}", renamed.url()))
        elif meant == "q" and sent:
            fixes.append((f"Tìm “{sent[0]}”", replace(state, q=sent[0], page=1).url()))
        fixes.append((f"Bỏ tham số “{clean_field(exc.param)}”", replace(state, page=1).url()))
    elif exc.param == "q":
        sent = request.args.get("q") or ""
        if len(sent) > MAX_QUERY_CHARS:     # (measured as refused: as sent)
            # As a search box cut at its length would send it: the words that fit.
            head = sent[:MAX_QUERY_CHARS]
            cut = clean_field(head.rsplit(" ", 1)[0] if " " in head.strip() else head)
            if cut:
                fixes.append((f"Tìm với {MAX_QUERY_CHARS} ký tự đầu", replace(state, q=cut, page=1).url()))
        fixes.append(("Xoá câu tìm kiếm", replace(state, q="", page=1).url()))
    else:
        if reversed_dates:
            # An end before the start: most often the two typed the wrong way round.
            swapped = replace(state, date_from=state.date_to, date_to=state.date_from, page=1)
            fixes.append((f"Từ {format_date(state.date_to)} đến {format_date(state.date_from)} (đổi chỗ hai ngày)",
                          swapped.url()))
            fixes.append(("Bỏ lọc thời gian", state.without_dates().url()))
        # The parameter at fault back to its default (the others kept), so the link works.
        reset = {"from": {"date_from": ""}, "to": {"date_to": ""}, "literal": {"literal": False},
                 "facet_size": {"facet_size": MAX_FACET_VALUES}}.get(exc.param, {})
        fixes.append(("Tìm lại như thường (bỏ giá trị này)", replace(state, page=1, **reset).url()))
    what = {**{f.name: f"bộ lọc “{f.label}”" for f in facets()}, "q": "câu tìm kiếm", "page": "số trang",
            "sort": "cách sắp xếp", "limit": "số kết quả", "from": "ngày bắt đầu", "to": "ngày kết thúc",
            "literal": "lựa chọn “tìm đúng chữ đã gõ”", "facet_size": "số giá trị mỗi bộ lọc"}.get(exc.param, f"tham số “{clean_field(exc.param)}”")
    title = "Hai ngày bị đảo: ngày kết thúc ở trước ngày bắt đầu" if reversed_dates else f"Không đọc được {what}"
    error = {"param": exc.param, "title": title,
             "message": exc.message[:1].upper() + exc.message[1:], "fixes": fixes}
    html = render_template("search.html", state=state, error=error, result=None, facets=[],
                           chips=[], hits=[], pagination=None, suggestion_url=None,
                           labels=labels, clear_url=state.cleared().url(), sort_links=[],
                           title_text="Chưa tìm được")
    return html, 400


def _dates_reversed(date_from: str, date_to: str) -> bool:
    """Whether both dates read and the end is before the start (not a date that does not read)."""
    try:
        low = parse_date_bound("from", date_from, end=False)[1]
        high = parse_date_bound("to", date_to, end=True)[1]
    except QueryError:
        return False
    return low is not None and high is not None and low > high


@bp.get("/search/")
def search_slash():
    """"/search/", as a link or a hand may write it: the results page, its query kept."""
    query = request.query_string.decode("latin-1")
    return redirect(url_for("views.search_page") + ("?" + query if query else ""), code=308)


@bp.get("/")
@bp.get("/search")
def search_page():
    """Results, facets and pagination for the query and filters in the URL."""
    engine = get_engine()
    labels = topic_labels()
    try:
        # A parameter the page does not take (a link typed or mangled, "provinces=…") would
        # leave the page unfiltered while looking filtered: said, with the links that mend it.
        check_parameters(request.args, SEARCH_SINGLE, FACETS)
        state = SearchState.from_args(request.args)
    except QueryError as exc:
        return _param_error(exc, SearchState.lenient(request.args), labels)
    try:
        result = engine.search(state.q, **state.engine_args())
    except QueryError as exc:
        return _param_error(exc, state, labels)
    placed = places_read(state.filters, result.filters)     # ("Hà Tây": Hà Nội's, said)
    state = state.with_filters(result.filters, result.dates)
    back = state.url()
    facets = build_facets(result, state)
    bodies = engine.untitled_bodies(result.hits)
    needles = result.needles if bodies else []  # as the search read the words
    sort_links = []
    if state.q and result.understood:     # (nothing to look for: newest first, no other order)
        sort_links = [(s, label, state.sorted_by(s).url(), s == state.sort)
                      for s, label in (("relevance", "Liên quan nhất"), ("date", "Mới nhất"))]
    if state.q or state.has_filters:
        # (the filters too: a tab, a bookmark, the history tell one search from another)
        title_text = f"{tab_title(state, result.interpreted_as)} – {count_phrase(*result.counts)}"
        if state.page > 1:
            # (a screen reader says the title when a page loads: which page came is news)
            title_text += f", trang {format_count(state.page)}"
    else:
        title_text = "Tìm kiếm tin ngành Công Thương"
    chips = build_chips(state)
    intro = None
    if not state.q and not state.has_filters and state.page == 1:
        intro = _intro(result)
    html = render_template(
        "search.html",
        state=state,
        error=None,
        result=result,
        filters_open=not on_phone(request.headers),
        shown_q=shown_query(state.q, result.ignored),
        facets=facets,
        chips=chips,
        ways_out=ways_out(engine, state, chips) if not result.total and chips else [],
        wider=wider_links(result, state),
        placed=placed,
        apart=apart_note(result.apart) if result.apart and result.total else None,
        building=engine.BEING_BUILT_NOTE if not result.total and engine.being_built() else None,
        dates_empty=dates_empty_note(result.dates_empty) if result.dates_empty is not None else None,
        ignored=ignored_note(result.ignored) if result.ignored else None,
        near=near_note(result.counts[0], result.near_apart) if result.counts[1] else None,
        near_lack=near_lack(result.near_apart),
        clear_url=state.cleared().url(),
        dates_clear_url=state.without_dates().url(),
        hits=[_hit_view(h, state, back, labels, bodies.get(h.id, ""), needles, result.interpreted_as)
              for h in result.hits],
        took=format_seconds(result.took_ms),
        exports=export_links(state),
        offset=(state.page - 1) * state.limit,
        pagination=build_pagination(state, result.pages),
        first_page_url=state.at_page(1).url(),
        suggestion_url=state.with_query(result.suggestion).url() if result.suggestion else None,
        interpreted_url=state.with_query(result.interpreted_as).url() if result.interpreted_as else None,
        literal_url=state.as_typed().url() if result.interpreted_as else None,
        read_url=state.with_query(state.q).url() if state.literal else None,
        literal_wide=typed_without_marks(state.q),
        sort_links=sort_links,
        labels=labels,
        title_text=title_text,
        counts=result.counts,
        near_at=result.near_heading_at(),
        undated_at=_undated_from(result, state.sort),
        intro=intro,
    )
    # (the panel is drawn as the device wants it: a cache must keep a phone's page apart)
    return html, 200, {"Vary": "User-Agent, Sec-CH-UA-Mobile"}


def ways_out(engine, state: SearchState, chips: list) -> list[tuple[str, str, str]]:
    """(label, count in words, URL) of each filter a search of no results can drop, and of
    dropping them all (more than one): each counted (one count query each, a page has a few
    chips), those that find nothing left out, so that no way out is one more empty page."""
    ways = [(f"Bỏ lọc {chip.facet_title}: {chip.label}", chip.without) for chip in chips]
    if len(chips) > 1:
        ways.append(("Bỏ tất cả bộ lọc", state.cleared()))
    out = []
    for label, without in ways:
        try:
            got = engine.search(without.q, **{**without.engine_args(), "page": 1, "limit": 1})
        except QueryError:
            continue
        if got.total:
            out.append((label, count_phrase(*got.counts), without.url()))
    return out


#: Words beside a value that another filter could also hold (a province is named by three),
#: so that two tabs still read apart: "nhắc đến Hà Nội", "Hà Nội (hiện nay)".
TAB_VALUE_WORDS = {"mentions": "nhắc đến {}", "current_province": "{} (hiện nay)"}
#: A label already in brackets takes the words inside them: "Bắc Ninh (hiện nay, gồm cả Bắc
#: Giang cũ)", not "Bắc Ninh (gồm cả Bắc Giang cũ) (hiện nay)".
TAB_VALUE_BRACKETED = {"current_province": "{} (hiện nay, {})"}


def tab_title(state: SearchState, reading: str | None = None) -> str:
    """The search as its tab is titled: the words (as the search read them, ``reading``:
    "điện gió" for `dien gio`), then each filter by its values alone, "xuat khau · Hà Nội ·
    2021". A crowded tab bar shows a title's first words only: with the filters' names
    ("Tỉnh/thành: Hà Nội") two tabs of two provinces looked alike."""
    parts = [reading or state.q] if state.q else []
    for definition in facets():
        values = state.filters.get(definition.name, [])
        if values:
            shown = ", ".join(_tab_value(definition.name, label) for label, _ in named_values(definition, values))
            parts.append(TAB_VALUE_WORDS.get(definition.name, "{}").format(shown)
                         if definition.name not in TAB_VALUE_BRACKETED else shown)
    if state.has_dates:
        parts.append(date_range_label(state.date_from, state.date_to))
    return " · ".join(parts) or "Tất cả bài"


def _tab_value(name: str, label: str) -> str:
    """One value of a facet whose words go inside a label's own brackets."""
    if name not in TAB_VALUE_BRACKETED:
        return label
    head, bracket, inside = label.partition(" (")
    if bracket and inside.endswith(")"):
        return TAB_VALUE_BRACKETED[name].format(head, inside[:-1])
    return TAB_VALUE_WORDS[name].format(label)


def typed_without_marks(q: str) -> bool:
    """Whether the words were typed with no diacritics at all: searched exactly as typed,
    each then stands for itself in every accent, found anywhere ("dien mat troi": điện, diễn,
    mặt, mát, trời, trôi… in any order), which finds more, not fewer, than the reading; the
    page names that search for what it does there."""
    return bool(q.strip()) and fold(q) == q.lower() and any(ch.isalpha() for ch in q)


def shown_query(q: str, ignored: str) -> str:
    """The query as the page echoes it: the words searched (cut as the search cuts them) and
    "…" where the rest, ``ignored``, was left out, which a note below names."""
    return first_words(q)[0] + " …" if ignored else q


def on_phone(headers) -> bool:
    """Whether the request comes from a phone's browser (its client hint, or "Mobi" in its
    user agent, as every phone browser writes it): the filter panel is then drawn closed,
    not drawn open and closed by the script once the page shows, which moved the results
    by a screen and more on a slow phone."""
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in headers.get("User-Agent", "")


def _undated_from(result, sort: str) -> set[int]:
    """Where on this page, newest first, the hits of no known date begin (those of the full
    matches, then the near matches'): they follow every dated one by relevance, and a reader
    who asked for the newest must see where the dates stop, not take them for the oldest."""
    if sort != "date" or not result.hits:
        return set()
    near_at = result.near_heading_at()

    def dated(hit) -> bool:
        return bool(hit.date or hit.year)      # (a year alone sorts among the dated)

    return {k for k, hit in enumerate(result.hits)
            if not dated(hit) and (k == 0 or k == near_at or dated(result.hits[k - 1]))}


#: Example searches offered on the home page (the last one typed without diacritics).
EXAMPLE_QUERIES = ("điện gió", "thương mại điện tử", "xuat khau")
#: Topics offered beside them: the topic's articles, more than any one phrase of it finds
#: ("công nghiệp nông thôn" is written in 2 articles of the rural-industry topic's 138).
EXAMPLE_TOPICS = ("rural-industry",)


def _intro(result) -> dict[str, Any]:
    """What the home page says about the collection: size, provinces, years, examples."""
    provinces = [v for v in result.facets.get("province", []) if v.value != "Không rõ" and v.count]
    years = sorted(int(v.value) for v in result.facets.get("year", []) if v.value.isdigit() and v.count)
    span = ""
    if years:
        span = str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"
    return {
        "total": result.total,
        "provinces": len(provinces),
        "span": span,
        "examples": [(q, SearchState(q=q).url()) for q in EXAMPLE_QUERIES]
        + [(f"Chủ đề: {topic_labels()[slug]}", SearchState(filters={**{f: [] for f in FACETS}, "topic": [slug]}).url())
           for slug in EXAMPLE_TOPICS],
    }


@bp.get("/opensearch.xml")
def opensearch_description():
    """The OpenSearch description a browser reads to add the site as a search engine (its
    address bar then searches it: "ctsearch thủy điện")."""
    search = url_for("views.search_page", _external=True)
    icon = url_for("static", filename="favicon.svg", _external=True)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">\n'
            '  <ShortName>ctsearch</ShortName>\n'
            '  <Description>Tìm kiếm tin ngành Công Thương</Description>\n'
            '  <InputEncoding>UTF-8</InputEncoding>\n'
            f'  <Image type="image/svg+xml">{escape(icon)}</Image>\n'
            f'  <Url type="text/html" method="get" template="{escape(search)}?q={{searchTerms}}"/>\n'
            '</OpenSearchDescription>\n')
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.get("/favicon.ico")
def favicon():
    """Where browsers, feed readers and bookmarks look for the icon when a page names none
    (a feed, the API, a bookmark): the icon the pages link."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/article/<path:article_id>")
def article_page(article_id: str):
    """One article, its query terms highlighted, a way back and related articles."""
    engine = get_engine()
    labels = topic_labels()
    q = (request.args.get("q") or "").strip()
    if len(q) > MAX_QUERY_CHARS:
        q = ""       # nothing sensible to highlight; the article itself is still shown
    literal = (request.args.get("literal") or "").strip().lower() in ("1", "true")
    article = engine.article(article_id, highlight_query=q, literal=literal)
    if article is None:
        return error_response(404, f"Không có bài nào với mã “{article_id}”. "
                                   "Có thể bài đã bị xoá khỏi chỉ mục.", title="Không tìm thấy bài")
    back = safe_back_path(request.args.get("back"))
    back_url = back or (SearchState(q=q).url() if q else url_for("views.search_page"))
    if back:
        # Back to the row this article was opened from, not to the top of the results; an
        # article reached through related ones goes back to the row the first was opened
        # from, which its link carries.
        back_url = back if "#" + HIT_ANCHOR.format("") in back else \
            back.split("#", 1)[0] + "#" + HIT_ANCHOR.format(article["id"])
    matches = {"body": 0, "title": 0}
    if q:
        paragraphs = html_paragraphs(article["body_html"])
        matches = {"body": count_matches(article["body_html"]), "title": count_matches(article["title_html"])}
    else:
        paragraphs = text_paragraphs(article["body"])
    title = hit_title(article["title"], article.get("title_html", ""), article["body"], article["url"],
                      engine.needles(q, literal, as_searched=True)
                      if q and not article["title"].strip() else None)
    related = []
    for r in related_articles(engine, article["id"]):
        body = ""
        if not (r.get("title") or "").strip():
            found = engine.article(r["id"])
            body = found["body"] if found else ""
        related.append({**r, "url": article_url(r["id"], q, back_url if back else None, literal),
                        "shown_title": hit_title(r.get("title") or "", "", body, None),
                        # As everywhere else: "Hòa Bình (nay thuộc Phú Thọ)".
                        "province_label": province_label(r["province"]) if r.get("province") else ""})
    others = [p for p in article["provinces"] if p != article["province"]]
    # The search box holds the words as typed on the results page the article was opened
    # from (its link carries the reading, for the highlights: "thủy điện" of `thuy dien`).
    listed = MultiDict(parse_qsl(urlsplit(back).query)) if back else None
    typed = clean_field(listed.get("q", q))[:MAX_QUERY_CHARS] if listed is not None else q
    return render_template(
        "article.html",
        state=SearchState(q=typed),
        kept_params=_list_filters(listed),
        marked_q=q,
        article=article,
        title=title,
        paragraphs=paragraphs,
        matches=matches,
        first_match_id=FIRST_MATCH_ID,
        back_url=back_url,
        unhighlight_url=article_url(article["id"], "", back) if q else None,
        province_url=SearchState(filters={"province": [article["province"]]}).url() if article["province"] else None,
        other_provinces=[(province_label(p), SearchState(filters={"mentions": [p]}).url()) for p in others],
        current_url=SearchState(filters={"current_province": [article["current_province"]]}).url()
        if article.get("current_province") else None,
        topics=[(label, SearchState(filters={"topic": [slug]}).url())
                for slug, label in topic_badges(article["topics"], labels)],
        source_url=safe_external_url(article["url"]),
        related=related,
        # (what a link pasted into a chat or a social site shows: the article's own address
        # and its opening words; a link carries none of the search it was opened from)
        description=_opening(article["body"]),
        canonical_url=url_for("views.article_page", article_id=article["id"], _external=True),
    )


def _list_filters(listed: MultiDict | None) -> list[tuple[str, str]]:
    """The filters, dates and sort of the results list an article was opened from (its
    parameters, ``listed``), as parameters: a search from the article's box stays within
    them, as one from the list's own box does (it dropped them, the year chosen among them,
    without a word)."""
    if listed is None:
        return []
    try:
        state = SearchState.from_args(listed)
    except QueryError:
        return []
    return [(k, v) for k, v in state.params() if k not in ("q", "page", "literal")]


#: Characters of an article's opening a link's preview shows.
DESCRIPTION_CHARS = 200


def _opening(body: str) -> str:
    """The first words of ``body`` on one line, cut at a word within ``DESCRIPTION_CHARS``."""
    text = " ".join((body or "").split())
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text.rfind(" ", 0, DESCRIPTION_CHARS)
    return text[:cut if cut > 0 else DESCRIPTION_CHARS] + " …"
