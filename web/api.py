"""The JSON API: the query function's result over HTTP.

``/api/search`` returns :meth:`SearchResult.to_dict` (plus, per facet value, the API
URL that toggles it, as Datasette does); ``/api/articles/<id>`` one stored article;
``/api/complete`` what the search box offers while a query is typed.
Bad parameters answer 400 with ``{"error", "param", "value", "choices"}``; the application's
error handlers make every other failure JSON too. ``/api/openapi.json`` describes all of it
(built in :mod:`.openapi`; change the two together).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ctsearch.complete import LIMIT as COMPLETIONS, MAX_LIMIT as MAX_COMPLETIONS
from ctsearch.query import QueryError
from ctsearch.textnorm import without_controls

from .app import error_response, get_engine
from .openapi import openapi_spec
from .state import (API_SEARCH_SINGLE, FACETS, MAX_QUERY_CHARS, SearchState, check_parameters,
                    int_param)


bp = Blueprint("api", __name__, url_prefix="/api")


@bp.errorhandler(QueryError)
def _bad_parameter(exc: QueryError):
    resp = jsonify(exc.to_dict())
    resp.status_code = 400
    return resp


@bp.get("/search")
def search():
    """Parameters: q, each facet of ``ctsearch.facetdefs`` (province…, current_province…,
    year…, topic…, source…), from, to, sort (relevance|date), page (≥1), limit (1–100),
    literal (1: the words exactly as typed), facet_size (values listed per facet, 1–1000
    or max; ``facets_more`` counts the rest)."""
    # (a misspelt name is refused, not ignored)
    check_parameters(request.args, API_SEARCH_SINGLE, FACETS)
    state = SearchState.from_args(request.args, allow_limit=True)
    engine = get_engine()
    result = engine.search(state.q, **state.engine_args())
    state = state.with_filters(result.filters, result.dates)
    data = engine.result_json(result, state.facet_size)
    for facet, values in data["facets"].items():
        urls = state.toggle_urls(facet, [value["value"] for value in values], "/api/search")
        for value, url in zip(values, urls):
            value["toggle_url"] = url
    return jsonify(data)


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    """One article; ``?q=`` adds ``title_html``/``body_html`` with the matches in ``<mark>``."""
    check_parameters(request.args, ("q", "literal"))
    q = request.args.get("q") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError("q", f"câu tìm kiếm quá dài ({len(q)} ký tự); tối đa {MAX_QUERY_CHARS} ký tự")
    q = q.strip()
    raw_literal = (request.args.get("literal") or "").strip().lower()
    if raw_literal not in ("", "0", "1", "true", "false"):
        raise QueryError("literal", "literal phải là 1 (tìm đúng như gõ) hoặc 0", ["1", "0"], value=raw_literal[:40])
    found = get_engine().article_json(article_id, highlight_query=q, literal=raw_literal in ("1", "true"))
    if found is None:
        return error_response(404, f"không có bài với id “{article_id}”", id=article_id)
    return jsonify(found)


@bp.get("/complete")
def complete():
    """What the search box offers while ``q`` is typed: the query finished as the articles
    finish it, with its marks (``ctsearch.complete``). Parameters: q, limit (1–20)."""
    check_parameters(request.args, ("q", "limit"))
    q = request.args.get("q") or ""
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError("q", f"câu tìm kiếm quá dài ({len(q)} ký tự); tối đa {MAX_QUERY_CHARS} ký tự")
    limit = int_param("limit", request.args.get("limit"), COMPLETIONS, 1, MAX_COMPLETIONS,
                      label="Số gợi ý (limit)")
    found = get_engine().complete(without_controls(q), limit)
    return jsonify({"query": q, "completions": [c.to_dict() for c in found]})


@bp.get("/stats")
def stats():
    """The number of articles and every facet value's count."""
    check_parameters(request.args, ())
    return jsonify(get_engine().stats())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of these routes."""
    return jsonify(openapi_spec())
