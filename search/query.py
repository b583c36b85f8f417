"""The one query function every front end calls.

:class:`SearchEngine` opens the index once, keeps a searcher and its facet columns,
and refreshes both when the index changes on disk. :meth:`SearchEngine.search` takes
text, facet filters, sort and paging, and returns a :class:`SearchResult` whose
``to_dict()`` is the JSON the API and ``ctsearch query --json`` print.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .facets import UNKNOWN_LABEL, FacetColumns, FacetValue
from .store import open_index
from .querylang import ParsedQuery, build, parse
from .scoring import Scorer
from .snippets import Needle, highlight, make_snippet
from .textnorm import fold, folded_key
from .topics import TOPIC_LABELS
from .vocab import Vocabulary, load_vocabulary

SORTS = ("relevance", "date")
MAX_LIMIT = 1000


class QueryError(ValueError):
    """A bad parameter: ``param`` names it, the message says why (in Vietnamese)."""

    def __init__(self, param: str, message: str, choices: Sequence[str] = (), value: str | None = None):
        super().__init__(message)
        self.param = param
        self.message = message
        self.choices = list(choices)
        self.value = value

    def to_dict(self) -> dict:
        return {"error": self.message, "param": self.param, "value": self.value, "choices": self.choices}


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    year: int | None
    province: str | None
    topics: list[str]
    source: str | None
    url: str | None
    score: float | None
    snippet: str           # HTML: escaped text, matches in <mark>
    title_html: str        # the title, escaped, matches in <mark>

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    limit: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    filters: dict[str, list[str]]
    understood: str = ""                 # the query as parsed, e.g. 'điện_gió OR "mặt trời"'
    suggestion: str | None = None
    took_ms: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "sort": self.sort,
            "filters": self.filters,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vals] for k, vals in self.facets.items()},
            "suggestion": self.suggestion,
            "took_ms": round(self.took_ms, 2),
        }


def _needles(parsed: ParsedQuery) -> list[Needle]:
    return [Needle(a.syllables, a.folded) for a in parsed.highlight_atoms()]


def _split_values(values: Iterable[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, (str, int)):
        values = [values]
    return [str(v).strip() for v in values if str(v).strip()]


_UNKNOWN_KEYS = {folded_key(UNKNOWN_LABEL), "none", "unknown", "khong"}


class SearchEngine:
    """A long-lived handle on one index directory; safe to share between threads."""

    #: How often (seconds) to look for a newer index on disk.
    refresh_interval = 1.0

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._ix = None
        self._searcher = None
        self._columns: FacetColumns | None = None
        self._scorer: Scorer | None = None
        self._generation = 0
        self._vocab: Vocabulary | None = None
        self._checked = 0.0
        self.suggester = None   # optional callable(engine, parsed, text) -> str | None

    # -- index lifecycle ------------------------------------------------------
    def _current(self):
        """The searcher and columns, reopened if the index changed on disk."""
        now = time.monotonic()
        if self._searcher is None:
            self._ix = open_index(self.index_dir)
            self._open(self._ix.searcher())
            self._checked = now
        elif now - self._checked >= self.refresh_interval:
            self._checked = now
            if not self._searcher.up_to_date():
                self._open(self._searcher.refresh())
        return self._searcher, self._columns

    def _open(self, searcher) -> None:
        self._searcher = searcher
        self._generation = self._ix.latest_generation()
        self._columns = FacetColumns.load(self.index_dir, self._generation, searcher.reader())
        self._vocab = None   # loaded on first need: only unaccented queries and suggestions use it
        self._scorer = Scorer(searcher, self._columns.alive)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._ix = self._columns = self._scorer = self._vocab = None

    def vocabulary(self) -> Vocabulary:
        """The index's vocabulary (folded -> accented words), for the current searcher."""
        with self._lock:
            searcher, _ = self._current()
            if self._vocab is None:
                self._vocab = load_vocabulary(self.index_dir, self._generation, searcher.reader())
            return self._vocab

    def searcher(self):
        """The current Whoosh searcher (for features such as more-like-this)."""
        with self._lock:
            return self._current()[0]

    # -- filters ------------------------------------------------------------------
    def normalize_filters(self, province=None, year=None, topic=None) -> dict[str, list[str]]:
        """Canonical filter values; raises :class:`QueryError` naming the nearest ones."""
        with self._lock:
            _, columns = self._current()
        out: dict[str, list[str]] = {"province": [], "year": [], "topic": []}
        provinces = _split_values(province)
        if provinces:
            # Only here: the extraction rules are slow to import.
            from .extract import match_province, nearest_provinces
        for raw in provinces:
            if folded_key(raw) in _UNKNOWN_KEYS:
                value = UNKNOWN_LABEL
            else:
                value = match_province(raw)
            if value is None:
                near = nearest_provinces(raw)
                raise QueryError("province", f"không có tỉnh/thành “{raw}”"
                                 + (f"; gần nhất: {', '.join(near)}" if near else ""), near, raw)
            if value not in out["province"]:
                out["province"].append(value)
        known_years = columns.known_years()
        for raw in _split_values(year):
            if folded_key(raw) in _UNKNOWN_KEYS:
                value = UNKNOWN_LABEL
            elif raw.isdigit() and int(raw) in known_years:
                value = str(int(raw))
            else:
                near = [str(y) for y in sorted(known_years, key=lambda y: abs(y - int(raw)))[:3]] \
                    if raw.isdigit() else [str(y) for y in known_years[-3:]]
                raise QueryError("year", f"không có bài nào năm “{raw}”"
                                 + (f"; có: {', '.join(near)}" if near else ""), near, raw)
            if value not in out["year"]:
                out["year"].append(value)
        for raw in _split_values(topic):
            key = folded_key(raw).replace("_", "-")
            value = None
            for slug, label in TOPIC_LABELS.items():
                if key in (slug, folded_key(label)):
                    value = slug
            if value is None:
                raise QueryError("topic", f"không có chủ đề “{raw}”; có: "
                                 + ", ".join(f"{s} ({l})" for s, l in TOPIC_LABELS.items()),
                                 list(TOPIC_LABELS), raw)
            if value not in out["topic"]:
                out["topic"].append(value)
        return out

    # -- search ----------------------------------------------------------------------
    def search(
        self,
        text: str = "",
        *,
        province: Iterable[str] | str | None = None,
        year: Iterable[str] | str | None = None,
        topic: Iterable[str] | str | None = None,
        sort: str = "relevance",
        page: int = 1,
        limit: int = 10,
        snippet_width: int = 200,
    ) -> SearchResult:
        """Search, filter, count facets and highlight the requested page.

        Several values of one facet combine with OR, facets with AND; each facet's
        counts ignore that facet's own filter. An empty ``text`` lists everything
        that passes the filters, newest first.
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError("sort", f"sort phải là một trong: {', '.join(SORTS)}", SORTS)
        if not isinstance(page, int) or page < 1:
            raise QueryError("page", "page phải là số nguyên ≥ 1")
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise QueryError("limit", f"limit phải là số nguyên từ 1 đến {MAX_LIMIT}")
        filters = self.normalize_filters(province, year, topic)
        text = text or ""
        with self._lock:
            searcher, columns = self._current()
            parsed = parse(text, self._compound_lookup(text))
            node = build(parsed)
            if node is None:
                matched, scores = columns.alive.copy(), None
            else:
                matched, scores = self._scorer.evaluate(node)
                matched &= columns.alive
            filtered, facets = columns.count(matched, filters)
            total = int(filtered.sum())
            offset = (page - 1) * limit
            ranked: list[tuple[int, float | None]] = []
            if total and offset < total:
                if scores is None or sort == "date":
                    order = columns.order_by_date(filtered)[offset:offset + limit]
                    ranked = [(int(d), None) for d in order]
                else:
                    ranked = self._top(filtered, scores, columns, offset, limit)
            needles = _needles(parsed)
            hits = [self._hit(searcher, columns, d, s, needles, snippet_width) for d, s in ranked]
            suggestion = None
            if self.suggester is not None and text.strip():
                suggestion = self.suggester(self, parsed, text, total)
        return SearchResult(
            query=text, total=total, page=page, limit=limit, sort=sort, hits=hits,
            facets=facets, filters=filters, understood=parsed.describe(),
            suggestion=suggestion, took_ms=(time.perf_counter() - started) * 1000,
        )

    def whoosh_query(self, text: str):
        """The Whoosh query this engine runs for ``text`` (for comparisons and tools)."""
        from .querylang import node_to_whoosh
        with self._lock:
            searcher, _ = self._current()
            node = build(parse(text, self._compound_lookup(text)))
        return None if node is None else node_to_whoosh(node)

    @staticmethod
    def _top(filtered, scores, columns, offset: int, limit: int) -> list[tuple[int, float]]:
        """The page of best-scoring documents in one total order: highest score, then
        newest, then first indexed (lowest document number). Every document tied with
        the k-th best score is kept before sorting (a partition would keep an arbitrary
        part of the tie), so successive pages partition the ranking."""
        cand = np.flatnonzero(filtered)
        cs = scores[cand]
        k = offset + limit
        if len(cand) > k:
            kth = np.partition(cs, len(cs) - k)[len(cs) - k]   # the k-th best score
            keep = cs >= kth
            cand, cs = cand[keep], cs[keep]
        order = np.lexsort((cand, -columns.date[cand], -cs))
        top = order[offset:offset + limit]
        return [(int(cand[i]), float(cs[i])) for i in top]

    def _compound_lookup(self, text: str):
        """The vocabulary's compound test, only when some word was typed without accents."""
        words = [w for w in text.split() if w.isalpha()]
        if not any(fold(w) == w.lower() for w in words):
            return None
        return self.vocabulary().is_compound

    def _hit(self, searcher, columns, docnum, score, needles, width) -> Hit:
        f = searcher.stored_fields(docnum)
        year = int(columns.year[docnum]) or None
        return Hit(
            id=f["id"], title=f.get("title") or "", date=f.get("date"), year=year,
            province=f.get("province"), topics=[t for t in (f.get("topics") or "").split(",") if t],
            source=f.get("source"), url=f.get("url"),
            score=round(score, 4) if score is not None else None,
            snippet=make_snippet(f.get("body") or "", needles, width),
            title_html=highlight(f.get("title") or "", needles),
        )

    # -- articles and stats -----------------------------------------------------
    def docnum(self, article_id: str) -> int | None:
        with self._lock:
            searcher, _ = self._current()
            return searcher.document_number(id=article_id)

    def article(self, article_id: str, highlight_query: str = "") -> dict | None:
        """One stored article with its metadata; with ``highlight_query``, HTML with marks."""
        with self._lock:
            searcher, columns = self._current()
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                return None
            f = searcher.stored_fields(docnum)
            out = {
                "id": f["id"], "title": f.get("title") or "", "body": f.get("body") or "",
                "date": f.get("date"), "year": int(columns.year[docnum]) or None,
                "province": f.get("province"),
                "provinces": [p for p in (f.get("provinces") or "").split(",") if p],
                "topics": [t for t in (f.get("topics") or "").split(",") if t],
                "source": f.get("source"), "url": f.get("url"),
            }
        if highlight_query:
            needles = _needles(parse(highlight_query))
            out["title_html"] = highlight(out["title"], needles)
            out["body_html"] = highlight(out["body"], needles)
        return out

    def more_like(self, article_id: str, top: int = 5, text_chars: int = 1500) -> list[dict]:
        """Up to ``top`` articles like this one (Whoosh's more-like-this), never itself.

        Key terms come from the title and the start of the body: analysing a whole
        long article with pyvi at every page view would cost more than the page, and
        the opening paragraphs say what an article is about. Syndicated copies (same
        title) are left out.
        """
        with self._lock:
            searcher, _ = self._current()
            docnum = searcher.document_number(id=article_id)
            if docnum is None:
                return []
            f = searcher.stored_fields(docnum)
            title = (f.get("title") or "").strip()
            text = f"{title}\n{(f.get('body') or '')[:text_chars]}".strip()
            if not text:
                return []
            results = searcher.more_like(docnum, "body", text=text, top=top + 5, numterms=12)
            out: list[dict] = []
            seen = {title.lower()}
            for hit in results:
                fields = hit.fields()
                hit_title = (fields.get("title") or "").strip()
                if fields.get("id") == article_id or (hit_title and hit_title.lower() in seen):
                    continue
                seen.add(hit_title.lower())
                out.append({"id": fields["id"], "title": hit_title, "date": fields.get("date"),
                            "province": fields.get("province")})
                if len(out) >= top:
                    break
            return out

    def stats(self) -> dict:
        """Number of articles and the count of every facet value."""
        result = self.search("", limit=1)
        return {
            "articles": result.total,
            "facets": {k: [v.to_dict() for v in vals] for k, vals in result.facets.items()},
        }


def search(index_dir: str | os.PathLike, text: str = "", **kwargs) -> SearchResult:
    """One-shot convenience: open, search, close."""
    engine = SearchEngine(index_dir)
    try:
        return engine.search(text, **kwargs)
    finally:
        engine.close()
