"""The OpenSearch backend: articles in a cluster, with shards and replicas.

Analysis stays in Python (:mod:`search.opensearch_docs`): the index receives the same
terms as the Whoosh index and splits them on whitespace, so both backends match the
same articles. Query plans become DSL (:mod:`search.opensearch_query`); facet counts
are filtered aggregations with the facet filters in ``post_filter`` (each facet's
counts ignore its own filter); term statistics are cluster-wide
(``dfs_query_then_fetch``); pages beyond the result window are reached with
``search_after``; related articles come from ``more_like_this``.

The articles live in a versioned index (``<alias>-v<mapping>-<time>``) behind an alias:
a rebuild fills a new index and swaps the alias in one step, so searches never see a
half-built index. The mapping version is checked when the backend opens. Statistics for
queries typed without diacritics (vocabulary, mined abbreviations) live in
``<alias>-meta``, one set per versioned index.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import shlex
import threading
import time
import zlib
from collections import deque
from typing import Callable, Iterable, Iterator, Sequence

from . import metacache
from .abbrev import Abbreviations, abbreviations_from, mine
from .backend import PARTIAL_BANDS, PARTIAL_BELOW, TYPICAL_OF, Page, RemoveReport, Search, typical_score
from .facetdefs import UNKNOWN_LABEL, Derived, Number, Tags, Text, facet, facets
from .facets import FacetValue, facet_values
from .langstats import ABBREVIATIONS_KEY, BIGRAMS_KEY, START_BIGRAMS_KEY
from .matching import APART_SHARE, MIN_COVERAGE, group_weights, idf, pair_weight, rarity_weights, subject_groups
from .opensearch_query import (ANALYZER, CLASS_STEP, MATCH_NONE, class_of,
                               date_range_filter, kind_scaled, plan_query, tiered_query)
from .querylang import Plan
from .sources import one_spelling
from .store import ARTICLES_NAMED, IndexError_, NoIndexYet, rebuild_command
from .termcounts import Statistics
from .vnformat import format_count
from .vocab import Vocabulary

#: The alias used when none is given (--opensearch-index, $CTSEARCH_OPENSEARCH_INDEX).
DEFAULT_ALIAS = "ctsearch"
#: Bump when the mapping or the analysed fields change; an older index asks for --rebuild.
MAPPING_VERSION = 5
#: Format of the statistics in ``<alias>-meta``. 2: each document carries ``format`` and
#: the ``hash`` of its blob, and the term frequencies are compact columns
#: (:mod:`search.termcounts`). 1 (no ``format``): dictionaries; still read.
META_FORMAT = 2
#: Statistics a searching process reads at start, cached on local disk (search.metacache).
CACHED_KINDS = ("vocab", "abbreviations")
#: Deepest page reachable with from/size (OpenSearch's default result window).
RESULT_WINDOW = 10000

_TEXT_FORMS = {"": "freqs", "_syl": "positions", "_fold": "positions", "_bi": "freqs", "_mk": "freqs"}


def mapping() -> dict:
    terms = {}
    for base in ("title", "body"):
        for suffix, options in _TEXT_FORMS.items():
            spec = {"type": "text", "analyzer": ANALYZER, "index_options": options}
            if options == "positions":
                spec["position_increment_gap"] = 1     # a clause break: one position, as in Whoosh
            terms[base + suffix] = spec
    unindexed = {"type": "keyword", "index": False, "doc_values": False}
    return {
        "dynamic": "strict",
        "_meta": {"mapping_version": MAPPING_VERSION, "application": "ctsearch"},
        "properties": {
            "id": {"type": "keyword"},
            "title": {"type": "text", "index": False},
            "body": {"type": "text", "index": False},
            "date": unindexed, "url": unindexed, "source": unindexed, "province": unindexed,
            "provinces": {"type": "keyword"},
            # Facet fields ("" or 0: unknown), one per facet of search.facetdefs.
            **{f.storage.field: {"type": "integer" if isinstance(f.storage, Number) else "keyword"}
               for f in facets()},
            "date_key": {"type": "integer"},
            "year_only": {"type": "boolean"},
            "plain": {"type": "boolean"},
            "leisure": {"type": "byte"},
            "t": {"properties": terms},
        },
    }


def index_settings(shards: int = 1, replicas: int = 0) -> dict:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "analysis": {"analyzer": {ANALYZER: {"type": "custom", "tokenizer": "whitespace"}}},
        # BM25 as in search.scoring.
        "similarity": {"default": {"type": "BM25", "k1": 1.2, "b": 0.75}},
    }


#: Seconds a search request may take before the cluster is said not to answer: a node
#: frozen (a long garbage collection, a swapping machine, packets dropped) must not hold
#: a visitor for minutes. A timed-out request is not sent again; a refused connection is
#: (to another node, at once). ``$CTSEARCH_OPENSEARCH_TIMEOUT`` sets another (a very large
#: index on slow disks).
SEARCH_TIMEOUT = 5.0
TIMEOUT_ENV = "CTSEARCH_OPENSEARCH_TIMEOUT"
#: Seconds an indexing request may take (bulk requests take ``BULK_TIMEOUT``).
INDEX_TIMEOUT = 30.0
BULK_TIMEOUT = 60.0
#: Waits (seconds) before a search refused as busy (429: a circuit breaker, full queues)
#: is sent again; then it fails.
BUSY_WAITS = (0.5, 1.5)
#: The answers of a cluster that is busy or not ready (a circuit breaker, full queues, a
#: node starting): worth waiting out, never a refusal of the request.
BUSY_STATUSES = (429, 502, 503, 504)
#: Waits (seconds) before an indexing request the cluster did not answer, or refused as
#: busy, is sent again (about a minute and a half in all; each wait is said on stderr).
INDEX_WAITS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 30.0)
#: How to make the cluster answer, for those who run ctsearch (not for site visitors).
CLUSTER_HINT = ("hãy kiểm tra --opensearch-url hoặc biến CTSEARCH_OPENSEARCH_URL, và khởi động cụm nếu nó chưa chạy "
                "(cụm thử trên máy này: python3 opensearch/cluster.py start --dir THƯ_MỤC)")


def connect(url: str, timeout: float | None = None):
    """An ``opensearch-py`` client for one or more comma-separated URLs (``timeout``:
    seconds per request, default :data:`SEARCH_TIMEOUT`). A request that times out is
    not sent again (a frozen node would hold it ``timeout`` seconds each time); one
    refused goes to the next node."""
    if timeout is None:
        timeout = search_timeout()
    try:
        from opensearchpy import OpenSearch
    except ImportError as exc:   # pragma: no cover - depends on the installation
        raise IndexError_("cần gói opensearch-py: pip install 'ctsearch[opensearch]'") from exc
    hosts = [u.strip() for u in url.split(",") if u.strip()]
    return OpenSearch(hosts, timeout=timeout, max_retries=max(1, len(hosts)), retry_on_timeout=False,
                      http_compress=True)


def search_timeout() -> float:
    """Seconds a search request may take: :data:`SEARCH_TIMEOUT`, or ``$CTSEARCH_OPENSEARCH_TIMEOUT``."""
    import os
    given = os.environ.get(TIMEOUT_ENV, "").strip().replace(",", ".")
    try:
        seconds = float(given) if given else SEARCH_TIMEOUT
    except ValueError:
        raise IndexError_(f"{TIMEOUT_ENV}={given!r} không phải một số giây (ví dụ 5 hoặc 2.5)") from None
    if not seconds > 0:
        raise IndexError_(f"{TIMEOUT_ENV} phải lớn hơn 0 giây (đang là {given})")
    return seconds


def _sleep(seconds: float) -> None:
    """Every wait before a request goes again (one place to replace in tests)."""
    time.sleep(seconds)


def _failure_cause(exc) -> str:
    """Why a request did not reach the cluster, in Vietnamese (never the library's text)."""
    from opensearchpy.exceptions import ConnectionTimeout, SSLError
    text = f"{exc} {getattr(exc, 'info', '')} {getattr(exc, 'error', '')}"
    if isinstance(exc, ConnectionTimeout) or "timed out" in text.lower():
        return ("không trả lời kịp (nút bị treo, máy quá tải hoặc mạng chặn gói tin?)")
    if isinstance(exc, SSLError) or "SSL" in text or "TLS" in text:
        return ("lỗi TLS khi kết nối (URL dùng https:// cho một cụm chỉ nói http://, hoặc ngược lại, "
                "hoặc chứng chỉ không hợp lệ?)")
    if "refused" in text.lower() or "Errno 111" in text:
        return "từ chối kết nối (cụm chưa chạy, hoặc sai cổng?)"
    if "Name or service not known" in text or "getaddrinfo" in text or "nodename nor servname" in text:
        return "không tìm thấy máy chủ (sai tên máy?)"
    return "không kết nối được"


def _with_public(error: Exception, public: str) -> Exception:
    """``error`` carrying ``public``: its message without the cluster's address or the
    commands to run, for site visitors (the web app shows it; logs keep the full one)."""
    error.public = public
    return error


def _not_opensearch(url: str, status=None) -> IndexError_:
    code = f" (mã {status})" if status not in (None, "N/A") else ""
    return _with_public(
        IndexError_(f"{url} trả lời nhưng không phải một cụm OpenSearch{code}: {CLUSTER_HINT}"),
        "máy chủ tìm kiếm của trang được cấu hình sai; hãy báo người quản trị")


def _unreachable(url: str, exc) -> IndexError_:
    cause = _failure_cause(exc)
    return _with_public(IndexError_(f"không kết nối được cụm OpenSearch {url}: {cause}; {CLUSTER_HINT}"),
                        f"máy chủ tìm kiếm tạm thời không trả lời ({cause.split(' (')[0]}); hãy thử lại sau ít phút")


def _busy(url: str, status) -> IndexError_:
    return _with_public(IndexError_(f"cụm OpenSearch {url} đang bận hoặc chưa sẵn sàng ({status}); hãy thử lại sau"),
                        f"máy chủ tìm kiếm đang bận ({status}); hãy thử lại sau ít phút")


def _retryable(exc) -> bool:
    """A failure worth waiting out: no answer, or busy (not a refusal of the request)."""
    from opensearchpy.exceptions import ConnectionError as OSConnectionError, SSLError, TransportError
    if isinstance(exc, SSLError):
        return False
    if isinstance(exc, OSConnectionError):
        return True
    return isinstance(exc, TransportError) and exc.status_code in BUSY_STATUSES


def check_server(client, url: str) -> None:
    """Refuse, in Vietnamese, a URL that does not answer or answers as no OpenSearch
    cluster does (a web page): one request, not waited for."""
    from opensearchpy.exceptions import ConnectionError as OSConnectionError, SerializationError, TransportError
    try:
        got = client.info()
    except OSConnectionError as exc:
        raise _unreachable(url, exc) from None
    except SerializationError:
        raise _not_opensearch(url) from None
    except TransportError as exc:
        if exc.status_code in BUSY_STATUSES and isinstance(exc.info, dict):
            raise _busy(url, exc.status_code) from None
        raise _not_opensearch(url, exc.status_code) from None
    if not isinstance(got, dict) or "version" not in got:
        raise _not_opensearch(url)


class _Patient:
    """A client (or one of its namespaces, ``indices``) whose requests wait and go again
    while the cluster does not answer or is busy, saying each wait through ``on_wait``
    (seconds, Vietnamese cause); after ``waits`` the failure is raised."""

    def __init__(self, client, on_wait=None, waits: Sequence[float] | None = None,
                 sleep: Callable[[float], None] | None = None):
        self.raw = client
        self._on_wait = on_wait
        self._waits = tuple(waits if waits is not None else INDEX_WAITS)
        self._sleep = sleep or (lambda seconds: _sleep(seconds))

    def __getattr__(self, name):
        attr = getattr(self.raw, name)
        if name == "indices":
            return _Patient(attr, self._on_wait, self._waits, self._sleep)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            for wait in (*self._waits, None):
                try:
                    return attr(*args, **kwargs)
                except Exception as exc:
                    if wait is None or not _retryable(exc):
                        raise
                    if self._on_wait:
                        self._on_wait(wait, _wait_cause(exc))
                    self._sleep(wait)
        return call


def _wait_cause(exc) -> str:
    from opensearchpy.exceptions import ConnectionError as OSConnectionError
    if isinstance(exc, OSConnectionError):
        return _failure_cause(exc)
    return f"đang bận ({exc.status_code})"


def _blob(value) -> str:
    return base64.b64encode(zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 6)).decode()


def _unblob(text: str):
    return pickle.loads(zlib.decompress(base64.b64decode(text)))


def _cluster_errors(method):
    """A cluster that cannot be reached is an :class:`IndexError_` naming it (the web app
    answers 503, the CLI prints the message), not a stack trace. A request refused as
    busy (429: a circuit breaker tripped, a queue full) is tried again after
    ``BUSY_WAITS``; a cluster that does not answer is not waited for."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from opensearchpy.exceptions import (ConnectionError as OSConnectionError, SerializationError,
                                             TransportError)
        for wait in (*BUSY_WAITS, None):
            try:
                return method(self, *args, **kwargs)
            except OSConnectionError as exc:
                raise _unreachable(self.url, exc) from None
            except SerializationError:
                raise _not_opensearch(self.url) from None
            except TransportError as exc:
                if not isinstance(exc.info, (dict, type(None))) and exc.status_code != "N/A":
                    raise _not_opensearch(self.url, exc.status_code) from None   # (a web page, say)
                if exc.status_code == 429 and wait is not None:
                    _sleep(wait)
                    continue
                if exc.status_code in BUSY_STATUSES:
                    raise _busy(self.url, exc.status_code) from None
                if "too_many_nested_clauses" in str(exc.info) or "maxClauseCount" in str(exc.info):
                    raise IndexError_(f"câu tìm quá dài cho cụm OpenSearch {self.url}: hãy rút ngắn câu tìm, "
                                      "hoặc nâng indices.query.bool.max_clause_count của cụm (ví dụ 16384)") from None
                raise
    return wrapper


class OpenSearchBackend:
    """Searches the index behind ``alias`` on the cluster at ``url``."""

    name = "opensearch"
    #: Thread-safe: the engine lets several searches run at once.
    concurrent = True
    #: How long (seconds) the cached overview (years, sources, statistics) is trusted.
    refresh_interval = 1.0

    def __init__(self, url: str, alias: str = "ctsearch", client=None):
        self.url = url
        self.alias = alias
        self.client = client if client is not None else connect(url)
        self.index_dir = f"{url} ({alias})"
        self._lock = threading.RLock()
        self._overview: dict | None = None
        self._checked = 0.0
        self._index: str | None = None
        self._shards = 1
        self._vocab: tuple[tuple, Vocabulary] | None = None
        self._forms: tuple[tuple, Abbreviations] | None = None
        #: (index, when asked, kind -> hash) of the stored statistics.
        self._stamp: tuple[str, float, dict[str, str | None]] | None = None
        #: kind -> ((index, hash), value) of the statistics read.
        self._held: dict[str, tuple[tuple, object]] = {}

    # -- index lifecycle ------------------------------------------------------
    def concrete_index(self) -> str:
        """The versioned index behind the alias, its mapping version checked."""
        from opensearchpy.exceptions import NotFoundError
        try:
            got = self.client.indices.get_alias(name=self.alias)
        except NotFoundError as exc:
            if not isinstance(exc.info, dict):
                raise _not_opensearch(self.url, exc.status_code) from None     # (a web page's 404)
            raise self._no_index() from None
        name = sorted(got)[-1]
        if name != self._index:
            meta = self.client.indices.get_mapping(index=name)[name]["mappings"].get("_meta", {})
            if meta.get("mapping_version") != MAPPING_VERSION:
                raise IndexError_(f"chỉ mục {name} dùng cấu trúc phiên bản {meta.get('mapping_version')}, "
                                  f"chương trình cần {MAPPING_VERSION}: hãy chạy lại với mọi tệp và thư mục "
                                  f"của nó: {rebuild_command(backend=' --backend opensearch')}")
            settings = self.client.indices.get_settings(index=name)[name]["settings"]["index"]
            self._shards = int(settings.get("number_of_shards", 1))
            self._index = name
        return name

    def _no_index(self) -> NoIndexYet:
        """No alias of this name: the command that makes it (naming the alias unless it is
        the default), and an alias of a ctsearch index with a name close to it."""
        named = "" if self.alias == DEFAULT_ALIAS else f" --opensearch-index {shlex.quote(self.alias)}"
        close = similar_aliases(self.client, self.alias)
        guess = f" (có phải “{close[0]}”?)" if close else ""
        return _with_public(
            NoIndexYet(f"chưa có chỉ mục “{self.alias}” trên {self.url}{guess}; hãy chạy: "
                       f"ctsearch index ĐƯỜNG_DẪN --backend opensearch --opensearch-url {shlex.quote(self.url)}"
                       f"{named} {ARTICLES_NAMED}"),
            f"chưa có chỉ mục “{self.alias}” trên máy chủ tìm kiếm; người quản trị cần đánh chỉ mục bài viết "
            f"(ctsearch index … --backend opensearch)")

    @_cluster_errors
    def overview(self) -> dict:
        """The values of the stored facets present (``known``: years, sources, provinces…)
        and the article count (cached briefly)."""
        with self._lock:
            now = time.monotonic()
            if self._overview is None or now - self._checked >= self.refresh_interval:
                index = self.concrete_index()
                stored = [f for f in facets() if isinstance(f.storage, (Text, Number))]
                body = {"size": 0, "track_total_hits": True, "aggs": {
                    f.name: {"terms": {"field": f.storage.field, "size": 65000}} for f in stored}}
                got = self.client.search(index=index, body=body)
                aggs = got["aggregations"]
                self._overview = {
                    "index": index,
                    "shards": self._shards,
                    "articles": got["hits"]["total"]["value"],
                    "known": {f.name: sorted((int(b["key"]) if isinstance(f.storage, Number) else b["key"])
                                             for b in aggs[f.name]["buckets"] if b["key"])
                              for f in stored},
                }
                self._checked = now
            return self._overview

    def close(self) -> None:
        with self._lock:
            self._overview = self._vocab = self._forms = self._stamp = None
            self._held = {}
            try:
                self.client.close()
            except Exception:
                pass

    # -- statistics ---------------------------------------------------------------
    def _meta(self, kind: str):
        from opensearchpy.exceptions import NotFoundError
        index = self.overview()["index"]
        try:
            doc = self.client.get(index=meta_index(self.alias), id=f"{index}/{kind}")
        except NotFoundError:
            return index, None
        _check_format(index, doc["_source"])
        return index, _unblob(doc["_source"]["blob"])

    def _stamps(self, index: str) -> dict[str, str | None]:
        """The hash of each statistic of ``index`` kept in the local cache (None when
        it is not stored, or stored without one): a few bytes from the cluster, asked
        at most once per ``refresh_interval``."""
        now = time.monotonic()
        if self._stamp is None or self._stamp[0] != index or now - self._stamp[1] >= self.refresh_interval:
            got = self.client.mget(index=meta_index(self.alias),
                                   body={"ids": [f"{index}/{kind}" for kind in CACHED_KINDS]},
                                   _source_includes=["hash", "format"])
            stamps: dict[str, str | None] = {}
            for kind, doc in zip(CACHED_KINDS, got["docs"]):
                source = doc.get("_source") if doc.get("found") else None
                if source is not None:
                    _check_format(index, source)
                stamps[kind] = (source or {}).get("hash")
            self._stamp = (index, now, stamps)
        return self._stamp[2]

    def _statistic(self, kind: str):
        """The stored statistic ``kind`` of the current index: from this process's
        memory or the local cache when its hash is unchanged, else from the cluster
        (then cached locally under the hash stored with it). None when not stored."""
        from opensearchpy.exceptions import NotFoundError
        index = self.overview()["index"]
        digest = self._stamps(index)[kind]
        held = self._held.get(kind)
        if held is not None and held[0] == (index, digest):
            return held[1]
        value = metacache.read(metacache.cache_path(self.alias, index, kind, digest)) if digest else None
        if value is None:
            try:
                source = self.client.get(index=meta_index(self.alias), id=f"{index}/{kind}")["_source"]
            except NotFoundError:
                source = None
            if source is not None:
                _check_format(index, source)
                value = _unblob(source["blob"])
                # The hash of what was fetched (a writer may have saved since the stamps).
                digest = source.get("hash")
                if digest:
                    metacache.write(metacache.cache_path(self.alias, index, kind, digest), value)
        self._held[kind] = ((index, digest), value)
        return value

    @_cluster_errors
    def vocabulary(self) -> Vocabulary:
        with self._lock:
            vocab = self._statistic("vocab")
            stamp = self._held["vocab"][0]
            if self._vocab is None or self._vocab[0] != stamp:
                self._vocab = (stamp, vocab if isinstance(vocab, Vocabulary) else Vocabulary())
            return self._vocab[1]

    @_cluster_errors
    def abbreviations(self) -> Abbreviations:
        with self._lock:
            mined = self._statistic("abbreviations")
            stamp = self._held["abbreviations"][0]
            if self._forms is None or self._forms[0] != stamp:
                self._forms = (stamp, abbreviations_from(mined or {"entries": [], "case_sensitive": []}))
            return self._forms[1]

    @_cluster_errors
    def rules_versions(self) -> list[str]:
        """Extraction-rules versions the index's articles were built with."""
        return list(self._meta("rules")[1] or [])

    def known_values(self, name: str) -> list:
        storage = facet(name).storage
        if isinstance(storage, (Tags, Derived)):
            return list(storage.values())
        return list(self.overview()["known"][name])

    # -- search ---------------------------------------------------------------------

    def generation(self) -> None:
        """None: other writers change the cluster unseen, and the cluster caches requests."""
        return None

    @_cluster_errors
    def statistics_token(self) -> tuple:
        """The index and the hash of its stored vocabulary (checked at most once per
        ``refresh_interval``): new after every indexing run."""
        index = self.overview()["index"]
        return index, self._stamps(index).get("vocab")

    def _search(self, body: dict) -> dict:
        # Term statistics of the whole index rather than of each shard (one more round
        # trip), so that scores do not depend on how articles fall into shards.
        overview = self.overview()
        params = {"search_type": "dfs_query_then_fetch"} if overview["shards"] > 1 else {}
        return self.client.search(index=overview["index"], body=body, params=params)

    def _count(self, query: dict) -> int:
        return int(self.client.count(index=self.overview()["index"], body={"query": query})["count"])

    @_cluster_errors
    def count_matching(self, plans: Sequence[Plan]) -> list[int]:
        if not plans:
            return []
        index = self.overview()["index"]
        body: list[dict] = []
        for p in plans:   # one round trip for them all, in text written with diacritics
            query = {"bool": {"must": [plan_query(p, plain=False)], "must_not": [{"term": {"plain": True}}]}}
            body += [{}, {"size": 0, "track_total_hits": True, "query": query}]
        answers = self.client.msearch(body=body, index=index)["responses"]
        if any("error" in a for a in answers):
            return [0] * len(plans)   # a shard refused one: no evidence rather than half of it
        return [int(a["hits"]["total"]["value"]) for a in answers]

    @_cluster_errors
    def score_summary(self, plans: Sequence[Plan]) -> list[tuple[int, float] | None]:
        if not plans:
            return []
        overview = self.overview()
        # (term statistics of the whole index, as a search has them)
        head = {"search_type": "dfs_query_then_fetch"} if overview["shards"] > 1 else {}
        body: list[dict] = []
        for p in plans:   # one round trip for them all
            body += [head, {"size": TYPICAL_OF, "track_total_hits": True, "_source": False,
                            "query": plan_query(p, plain=True)}]
        answers = self.client.msearch(body=body, index=overview["index"])["responses"]
        if any("error" in a for a in answers):
            return [None] * len(plans)   # no evidence rather than half of it (asked again next time)
        return [(int(a["hits"]["total"]["value"]), typical_score([h["_score"] for h in a["hits"]["hits"]]))
                for a in answers]

    @_cluster_errors
    def search(self, alternatives: Sequence[Search], filters: dict[str, list[str]],
               date_range: tuple[int | None, int | None], sort: str, offset: int, limit: int) -> Page:
        with self._lock:
            overview = self.overview()
        in_range = date_range_filter(*date_range)
        chosen, spec, tiers = 0, alternatives[0], None
        near: list[dict] = []   # the partial clauses of one run for them alone (no full match: class 0 on)
        for chosen, spec in enumerate(alternatives):
            if spec.everything:
                tiers = None
                break
            tiers = [plan_query(t.plan, t.plain) for t in spec.tiers]
            if chosen == len(alternatives) - 1 or self._count(tiered_query(tiers)) >= spec.enough:
                break
            # (A one-term query's words apart never make it the one run: the alternatives
            # after it search them as words, standing together first.)
            if spec.near_enough and spec.primary is not None and len(spec.tiers[spec.primary].plan.groups) > 1:
                near = self._near(spec, tiers, overview["articles"])
                if near:
                    break
        scored = tiers is not None
        classes = _class_count(tiers) if scored else PARTIAL_CLASSES
        full = tiered_query(tiers, classes=classes, kind_weight=spec.kind_weight) if scored else {"match_all": {}}
        post = _facet_filters(filters)
        aggs = _facet_aggs(filters)
        if scored and spec.primary is not None:
            # Which rank classes the full matches reach (partial matches come after them).
            aggs["classes"] = {"filters": {"filters": {
                str(k): _only_tier(tiers, k) for k in range(len(tiers)) if tiers[k] is not MATCH_NONE}}}
        if scored and spec.primary is not None:
            aggs["unfiltered"] = {"filter": {"match_all": {}}}
        query = _with_filter(full, in_range)
        # The page comes with the counts when no partial matches can follow (one round trip).
        first_sort = [{"_score": "desc"}, {"date_key": "desc"}, {"id": "asc"}] if scored and sort == "relevance" \
            else [{"date_key": "desc"}, *([{"_score": "desc"}] if scored else []), {"id": "asc"}]
        with_page = offset + limit <= RESULT_WINDOW
        got = self._search({"size": limit if with_page else 0, "from": offset if with_page else 0,
                            "sort": first_sort, "_source": False, "track_total_hits": True,
                            "query": query, "post_filter": post, "aggs": aggs})
        total_full = total = got["hits"]["total"]["value"]
        partial_clauses: list[dict] = []
        present = [int(k) for k, b in got["aggregations"]["classes"]["buckets"].items() if b["doc_count"]] \
            if scored and spec.primary is not None else []
        max_class = max(present) if present else None
        # Partial matches follow where few articles match every word (before the facet
        # filters, the post filter); or where the filters leave few, within them, the facet
        # counts staying those of the full matches (see the Whoosh backend).
        unfiltered = got["aggregations"]["unfiltered"]["doc_count"] if "unfiltered" in got["aggregations"] else total
        few = unfiltered < PARTIAL_BELOW
        few_filtered = not few and any(filters.values()) and total < PARTIAL_BELOW
        counted = got["aggregations"]
        if scored and spec.primary is not None and (few or few_filtered):
            top_class = max_class + 1 if max_class is not None else 0
            partial_clauses = near or self._partial_clauses(spec, tiers, top_class, overview["articles"], classes)
        partial = False
        if partial_clauses:
            either = _with_filter({"bool": {"should": [full, *partial_clauses], "minimum_should_match": 1}},
                                  in_range)
            aggs = _facet_aggs(filters)
            aggs["partial"] = {"filter": {"bool": {"should": partial_clauses, "minimum_should_match": 1}}}
            again = self._search({"size": 0, "track_total_hits": True, "query": either,
                                  "post_filter": post, "aggs": aggs})
            # (under the filters, the near matches there: the post filter's hits)
            if again["aggregations"]["partial"]["doc_count"] if few else again["hits"]["total"]["value"] > total:
                partial, got, query = True, again, either
                total = again["hits"]["total"]["value"]
                if few:
                    counted = got["aggregations"]
        facets = _facet_values(counted, filters, overview)
        if scored and sort == "relevance":
            sort_spec: list = [{"_score": "desc"}, {"date_key": "desc"}, {"id": "asc"}]
            page_query = query
        elif partial:
            sort_spec = [{"_score": "desc"}, {"date_key": "desc"}, {"id": "asc"}]
            page_query = _with_filter({"bool": {"should": [
                {"constant_score": {"filter": full, "boost": 2.0}},
                {"constant_score": {"filter": {"bool": {"should": partial_clauses}}, "boost": 1.0}},
            ], "minimum_should_match": 1}}, in_range)
        else:
            # Newest first; the articles of one day (and those with none) by relevance.
            sort_spec = [{"date_key": "desc"}, *([{"_score": "desc"}] if scored else []), {"id": "asc"}]
            page_query = query
        hits = []
        if total and offset < total:
            found = got["hits"]["hits"] if with_page and not partial \
                else self._page(page_query, post, sort_spec, offset, min(limit, total - offset))
            for h in found:
                score = None
                if scored and sort == "relevance":
                    _klass, score = class_of(h["_score"], classes)
                missing: list[str] = []
                names = set(h.get("matched_queries", []))
                if "partial" in names:
                    plan = spec.tiers[spec.primary].plan
                    missing = [plan.apart_labels[i] if f"a{i}" in names else label
                               for i, label in enumerate(plan.labels) if f"g{i}" not in names]
                hits.append((h["_id"], score, missing))
        return Page(total, total_full, partial, hits, facets, chosen, max_class, partial_counted=partial and few)

    def _near(self, spec: Search, tiers: list[dict], documents: int) -> list[dict]:
        """The partial clauses of ``spec``, which matches nothing in full, where they match
        anything (before any date range or filter), else []."""
        clauses = self._partial_clauses(spec, tiers, 0, documents, _class_count(tiers))
        if not clauses:
            return []
        got = self._search({"size": 0, "track_total_hits": True,
                            "query": {"bool": {"should": clauses, "minimum_should_match": 1}}})
        return clauses if got["hits"]["total"]["value"] > 0 else []

    def _partial_clauses(self, spec: Search, tiers: list[dict], top_class: int, documents: int,
                         classes: int) -> list[dict]:
        """Articles covering enough of the query (idf-weighted share of its groups, as
        :func:`search.matching.partial_matches`): selected exactly by a
        ``function_score`` whose score is the coverage and whose ``min_score`` is the
        threshold; ranked after every full match by coverage of the groups and of the
        words typed side by side found side by side, then by score. A term held only as
        its words apart (named ``a<i>``) scores by them, and where it is the whole query
        covers ``APART_SHARE`` of it."""
        plan = spec.tiers[spec.primary].plan
        plain = spec.tiers[spec.primary].plain
        groups = [_node(g, plain) for g in plan.groups]
        held = [None if node is None else _node(node, plain) for node in plan.parts or [None] * len(groups)]
        apart = {i: {"bool": {"filter": [node], "must_not": [groups[i]], "_name": f"a{i}"}}
                 for i, node in enumerate(held) if node is not None}
        if len(groups) < 2 and not apart:
            return []
        covering = apart if len(groups) == 1 else {}
        # Each pair: its two syllables side by side, the first, the second (weighed by
        # matching.pair_weight).
        pair_nodes = [_node(n, plain) for pair in plan.pairs for n in pair]
        # (a group weighs by what Plan.weighed gives it where it gives any)
        weighed = [g if node is None else _node(node, plain) for g, node in zip(groups, plan.weighing)]
        body = {"size": 0, "aggs": {**{str(i): {"filter": g} for i, g in enumerate(weighed + pair_nodes)},
                                    "full": {"filter": {"bool": {"filter": groups}}}}}
        got = self._search(body)["aggregations"]
        documents = max(1, documents)
        counts = [got[str(i)]["doc_count"] for i in range(len(groups + pair_nodes))]
        weights = group_weights(counts[:len(groups)], documents, plan.details, plan.periods, plan.places)
        pairs = []
        for k in range(len(plan.pairs)):
            at = len(groups) + 3 * k
            w = pair_weight(*counts[at:at + 3], documents)
            if w is not None:
                pairs.append(pair_nodes[3 * k])
                weights.append(w)
        # (which articles qualify goes by rarity alone; the ranking, by the weights)
        rarity = rarity_weights(counts[:len(groups)], documents, plan.details, plan.periods, plan.places,
                                full=got["full"]["doc_count"])
        total_w = sum(rarity) or 1.0
        share = [w / total_w for w in rarity]
        covered = {"bool": {"should": [{"constant_score": {"filter": g, "boost": share[i], "_name": f"g{i}"}}
                                       for i, g in enumerate(groups)]
                            + [{"constant_score": {"filter": a, "boost": APART_SHARE * share[i]}}
                               for i, a in covering.items()], "minimum_should_match": 1}}
        coverage = {"function_score": {"query": covered, "boost_mode": "replace",
                                       "min_score": MIN_COVERAGE - 1e-6}}
        whole = sum(weights) or 1.0
        together = {"bool": {"should": [{"constant_score": {"filter": g, "boost": w / whole}}
                                        for g, w in zip(groups + pairs, weights)]
                             + [{"constant_score": {"filter": a, "boost": APART_SHARE * weights[i] / whole}}
                                for i, a in covering.items()], "minimum_should_match": 1}}
        # The class: after every full match, by coverage in PARTIAL_BANDS (rounded half to
        # even, as NumPy rounds), in a Painless script (bundled with every OpenSearch).
        klass = {"script_score": {"query": together, "script": {
            "source": "(params.base - Math.rint((1.0 - _score) * params.bands)) * params.step",
            "params": {"base": float(classes - top_class), "step": CLASS_STEP, "bands": float(PARTIAL_BANDS)}}}}
        filters: list[dict] = [coverage] + [g for g, must in zip(groups, plan.strict) if must]
        words = subject_groups(len(groups), plan.places, plan.details, plan.periods)
        if words:
            # (a place is where, not what: matching.partial_matches)
            what = [groups[i] if held[i] is None
                    else {"bool": {"should": [groups[i], held[i]], "minimum_should_match": 1}} for i in words]
            filters.append({"bool": {"should": what, "minimum_should_match": 1}})
        must_not = [t for t in tiers if t is not MATCH_NONE]
        if plan.excluded is not None:
            must_not.append(_node(plan.excluded, plain))
        should = list(groups)
        # (the words of a term held apart score there, as the term does where it is whole)
        should += [{"bool": {"filter": [a], "should": [held[i]]}} for i, a in apart.items()]
        if plan.bonus is not None:
            should.append(_node(plan.bonus, plain))
        scored = kind_scaled({"bool": {"should": should}}, spec.kind_weight)   # (one clause: the kind scales the sum)
        return [{"bool": {"filter": filters, "must": [klass], "must_not": must_not, "should": [scored],
                          "_name": "partial"}}]

    def _page(self, query: dict, post: dict, sort_spec: list, offset: int, limit: int) -> list[dict]:
        """Hits ``offset`` .. ``offset + limit`` in ``sort_spec`` order; beyond the
        result window, walked to with ``search_after`` (sort values only)."""
        base = {"query": query, "post_filter": post, "sort": sort_spec, "track_total_hits": False,
                "_source": False}
        if offset + limit <= RESULT_WINDOW:
            return self._search({**base, "from": offset, "size": limit})["hits"]["hits"]
        after = None
        skipped = 0
        while skipped < offset:
            step = min(RESULT_WINDOW, offset - skipped)
            body = {**base, "size": step}
            if after is not None:
                body["search_after"] = after
            hits = self._search(body)["hits"]["hits"]
            if not hits:
                return []
            after = hits[-1]["sort"]
            skipped += len(hits)
        body = {**base, "size": limit}
        if after is not None:
            body["search_after"] = after
        return self._search(body)["hits"]["hits"]

    # -- articles -----------------------------------------------------------------
    @_cluster_errors
    def key_of(self, article_id: str) -> str | None:
        index = self.overview()["index"]
        return article_id if self.client.exists(index=index, id=article_id) else None

    @_cluster_errors
    def stored(self, keys: Sequence[str]) -> list[dict]:
        if not keys:
            return []
        index = self.overview()["index"]
        got = self.client.mget(index=index, body={"ids": list(keys)}, _source_excludes=["t"])
        out = []
        for doc in got["docs"]:
            s = doc.get("_source") or {}
            out.append({
                "id": s.get("id", doc["_id"]), "title": s.get("title") or "", "body": s.get("body") or "",
                "date": s.get("date"), "year": s.get("year") or None, "province": s.get("province"),
                "provinces": list(s.get("provinces") or []), "topics": list(s.get("topics") or []),
                "source": s.get("source"), "url": s.get("url"),
            })
        return out

    @_cluster_errors
    def more_like(self, key: str, text: str, top: int) -> list[dict]:
        from .analysis import word_analyzer
        words = " ".join(t.text for t in word_analyzer()(text))
        if not words:
            return []
        body = {"size": top, "_source": ["id", "title", "date", "year", "province"],
                "query": {"more_like_this": {"fields": ["t.body", "t.title"], "like": words,
                                             "analyzer": ANALYZER, "max_query_terms": 12,
                                             "min_term_freq": 1, "min_doc_freq": 2}}}
        hits = self.client.search(index=self.overview()["index"], body=body)["hits"]["hits"]
        return [{"id": h["_source"]["id"], "title": (h["_source"].get("title") or "").strip(),
                 "date": h["_source"].get("date"), "year": h["_source"].get("year") or None,
                 "province": h["_source"].get("province")} for h in hits]


def _node(node, plain: bool) -> dict:
    from .opensearch_query import node_query
    return node_query(node, plain)


def _only_tier(tiers: list[dict], k: int) -> dict:
    earlier = [q for q in tiers[:k] if q is not MATCH_NONE]
    out: dict = {"bool": {"filter": [tiers[k]]}}
    if earlier:
        out["bool"]["must_not"] = earlier
    return out


def _with_filter(query: dict, extra: dict | None) -> dict:
    if extra is None:
        return query
    return {"bool": {"must": [query], "filter": [extra]}}


def _facet_filter(name: str, values: list[str]) -> dict:
    storage = facet(name).storage
    if isinstance(storage, Number):
        terms = [0 if v == UNKNOWN_LABEL else int(v) for v in values]
    else:
        terms = ["" if v == UNKNOWN_LABEL else v for v in values]
    if isinstance(storage, Tags):
        terms = [t for t in terms if t]
    return {"terms": {storage.field: terms}}


#: Rank classes beyond the tiers': partial matches by coverage (``PARTIAL_BANDS``), and a margin.
PARTIAL_CLASSES = PARTIAL_BANDS + 3


def _class_count(tiers: list[dict]) -> int:
    """How many rank classes a search of ``tiers`` may use (its tiers', then partial matches')."""
    return len(tiers) + PARTIAL_CLASSES


def _facet_filters(filters: dict[str, list[str]], but: str | None = None) -> dict:
    clauses = [_facet_filter(f.name, filters[f.name]) for f in facets() if f.name != but and filters.get(f.name)]
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def _facet_aggs(filters: dict[str, list[str]]) -> dict:
    return {f.name: {"filter": _facet_filters(filters, but=f.name),
                     "aggs": {"v": {"terms": {"field": f.storage.field, "size": 65000}}}}
            for f in facets()}


def _facet_values(aggs: dict, filters: dict[str, list[str]], overview: dict) -> dict[str, list[FacetValue]]:
    """The facet lists, built by the same rules as :class:`~search.facets.FacetColumns`."""
    out: dict[str, list[FacetValue]] = {}
    for f in facets():
        counts = {b["key"]: int(b["doc_count"]) for b in aggs[f.name]["v"]["buckets"]}
        storage = f.storage
        if isinstance(storage, Text):
            known = overview["known"][f.name]
            names = ["", *known, *(k for k in counts if k and k not in known)]
        elif isinstance(storage, Derived):
            names = ["", *storage.values()]
        elif isinstance(storage, Tags):
            names = storage.values()
        else:
            names = []
        out[f.name] = facet_values(f, counts, names, filters.get(f.name, []))
    return out


# --- writing ---------------------------------------------------------------------------------
def similar_aliases(client, alias: str) -> list[str]:
    """Aliases of ctsearch indices on the cluster (``<alias>-v<n>-<time>`` behind them)
    whose names are close to ``alias``, closest first; [] when they cannot be listed."""
    import difflib
    import re
    try:
        got = client.indices.get_alias()
    except Exception:
        return []
    names = {name for index, entry in (got or {}).items() if isinstance(entry, dict)
             for name in entry.get("aliases", {})
             if re.fullmatch(re.escape(name) + r"-v\d+-\d{14}-\d{3}", index)}
    names.discard(alias)
    return difflib.get_close_matches(alias.lower(), sorted(names), n=1, cutoff=0.6)


def meta_index(alias: str) -> str:
    return f"{alias}-meta"


def _ensure_meta(client, alias: str) -> None:
    name = meta_index(alias)
    if not client.indices.exists(index=name):
        client.indices.create(index=name, body={
            "settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "mappings": {"dynamic": False, "properties": {"kind": {"type": "keyword"}}}})


def create_versioned_index(client, alias: str, shards: int, replicas: int) -> str:
    name = f"{alias}-v{MAPPING_VERSION}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
    client.indices.create(index=name, body={"settings": index_settings(shards, replicas), "mappings": mapping()},
                          params={"wait_for_active_shards": "1"})
    return name


def _alias_target(client, alias: str) -> str | None:
    from opensearchpy.exceptions import NotFoundError
    try:
        return sorted(client.indices.get_alias(name=alias))[-1]
    except NotFoundError:
        return None


def _bulk(client, index: str, docs: list[dict], retries: int = 8, backoff: float = 0.5,
          sleep: Callable[[float], None] | None = None,
          on_wait=None) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Index ``docs`` by id (idempotent: a retry rewrites, never duplicates), retrying
    with exponential backoff while the cluster is unreachable or busy (each wait said
    through ``on_wait(seconds, cause)``). Returns (ids created, ids updated, [(id, error)])."""
    from opensearchpy.exceptions import ConnectionError as OSConnectionError, TransportError
    sleep = sleep or _sleep
    pending = docs
    created: list[str] = []
    updated: list[str] = []
    errors: list[tuple[str, str]] = []
    attempt = 0
    while pending:
        lines: list[dict] = []
        for d in pending:
            lines.append({"index": {"_index": index, "_id": d["id"]}})
            lines.append(d)
        try:
            got = client.bulk(body=lines, request_timeout=BULK_TIMEOUT)
        except (OSConnectionError, TransportError) as exc:
            status = getattr(exc, "status_code", None)
            if isinstance(exc, TransportError) and not isinstance(exc, OSConnectionError) \
                    and status not in (*BUSY_STATUSES, "N/A", None):
                raise
            attempt += 1
            if attempt > retries:
                raise
            wait = min(30.0, backoff * 2 ** (attempt - 1))
            if on_wait:
                on_wait(wait, _wait_cause(exc))
            sleep(wait)
            continue
        again = []
        for d, item in zip(pending, got["items"]):
            result = item["index"]
            if result.get("status", 500) < 300:
                (created if result.get("result") == "created" else updated).append(d["id"])
            elif result.get("status") in (429, 503) or "unavailable" in str(result.get("error", "")).lower():
                again.append(d)
            else:
                errors.append((d["id"], _bulk_error(result)))
        pending = again
        if pending:
            attempt += 1
            if attempt > retries:
                errors.extend((d["id"], "cụm OpenSearch không nhận bài sau nhiều lần thử") for d in pending)
                break
            wait = min(30.0, backoff * 2 ** (attempt - 1))
            if on_wait:
                on_wait(wait, f"đang bận, chưa nhận {format_count(len(pending))} bài")
            sleep(wait)
    return created, updated, errors


def _analyse_job(items: list) -> tuple[list[dict], Statistics, list]:
    """Worker side: records → articles → analysed documents (bad records → problems),
    and the batch's language statistics, already compact (the writing process only
    adds them up)."""
    from .index import _article_or_problem
    from .ingest import Problem
    from .opensearch_docs import analyse
    problems: list = []
    articles = []
    for item in items:
        got = _article_or_problem(item, problems)
        if isinstance(got, Problem):
            problems.append(got)
        else:
            articles.append((item, got))
    try:
        docs, stats = analyse([a for _i, a in articles])
    except Exception:
        # One article the analyser cannot take must not sink its batch.
        docs, stats = [], {}
        from .opensearch_docs import merge_statistics
        for item, article in articles:
            try:
                d, s = analyse([article])
            except Exception as exc:
                problems.append(Problem(item.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}"))
                continue
            docs.extend(d)
            merge_statistics(stats, s)
    return docs, Statistics(stats), problems


def _check_mapping(client, index: str) -> None:
    """Refuse to write into an index of another mapping version (a rebuild makes one)."""
    meta = client.indices.get_mapping(index=index)[index]["mappings"].get("_meta", {})
    if meta.get("mapping_version") != MAPPING_VERSION:
        raise IndexError_(f"chỉ mục {index} dùng cấu trúc phiên bản {meta.get('mapping_version')}; "
                          f"hãy chạy lại với --rebuild")


def _copies_statistics(copies: list[tuple[str, str]]) -> Statistics:
    """Worker side: the language statistics that stored copies (title, body) of articles
    added when they were indexed, to take them out when the copies are replaced or
    removed (the text stored is the text analysed: analysing it again gives its terms)."""
    from .article import Article
    from .opensearch_docs import analyse
    _docs, stats = analyse([Article(id="", title=title, body=body) for title, body in copies])
    return Statistics(stats)


def _stored_copies(client, index: str, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The (title, body) the index holds for each of ``ids`` it holds (GET is real-time:
    a copy written a moment ago is seen)."""
    if not ids:
        return {}
    got = client.mget(index=index, body={"ids": list(dict.fromkeys(ids))}, _source_includes=["title", "body"])
    return {d["_id"]: ((d.get("_source") or {}).get("title") or "", (d.get("_source") or {}).get("body") or "")
            for d in got["docs"] if d.get("found")}


class _CountedOut:
    """The texts counted into a run's statistics that the index no longer holds (copies
    replaced, a record read twice, a document the cluster refused), analysed in the
    run's workers and taken out of its ``totals`` as each batch of them is counted (the
    texts are held only until then, never the whole archive's)."""

    def __init__(self, pool, size: int, totals: Statistics) -> None:
        self.pool = pool
        self.size = size
        self.totals = totals
        self.waiting: list[tuple[str, str]] = []
        self.jobs: list[tuple[object, list[tuple[str, str]]]] = []

    def add(self, copies: list[tuple[str, str]]) -> None:
        self.waiting.extend(copies)
        if len(self.waiting) >= self.size:
            self._start()
        self._collect(wait=False)

    def _start(self, pool_alive: bool = True) -> None:
        copies, self.waiting = self.waiting, []
        if copies:
            job = self.pool.apply_async(_copies_statistics, (copies,)) \
                if self.pool is not None and pool_alive else None     # (None: counted here)
            self.jobs.append((job, copies))

    def _collect(self, wait: bool, pool_alive: bool = True) -> None:
        left = []
        for job, copies in self.jobs:
            if job is None or not pool_alive and not (job.ready() and job.successful()):
                self.totals.subtract(_copies_statistics(copies))    # (counted here)
            elif wait or job.ready():
                self.totals.subtract(job.get())
            else:
                left.append((job, copies))
        self.jobs = left

    def finish(self, pool_alive: bool) -> None:
        """Take every copy's counts out (those a pool that stopped did not count are
        counted here)."""
        self._start(pool_alive)
        self._collect(wait=True, pool_alive=pool_alive)


def _bounded_map(pool, fn: Callable, jobs: Iterable, ahead: int) -> Iterator:
    """``fn`` over ``jobs`` in ``pool``, results in order, with at most ``ahead`` jobs
    submitted and not yet taken: analysed batches never pile up in this process while
    the cluster takes bulk requests more slowly than the workers analyse (``imap``
    would keep every finished result)."""
    pending: deque = deque()
    for job in jobs:
        pending.append(pool.apply_async(fn, (job,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _known_sources(client, index: str) -> list[str]:
    """The sources the cluster's index holds (as the facet counts them)."""
    field = facet("source").storage.field
    got = client.search(index=index, body={"size": 0, "aggs": {"s": {"terms": {"field": field, "size": 65000}}}})
    return [b["key"] for b in got["aggregations"]["s"]["buckets"] if b["key"]]


def index_articles(items: Iterable, url: str, alias: str = "ctsearch", *, rebuild: bool = False,
                   workers: int = 1, commit_every: int = 1000, shards: int = 1, replicas: int = 0,
                   on_problem=None, on_progress=None, client=None, bulk_size: int = 500, on_wait=None):
    """Index ``items`` into the cluster behind ``alias``; re-indexing an id replaces it.

    Analysis runs in ``workers`` processes; this process sends bulk requests. A
    rebuild (or the first run) fills a new versioned index and then points the alias
    at it; otherwise articles go into the alias's index. The statistics for queries
    typed without diacritics are summed batch by batch in compact columns (their
    size, not a dictionary's, is what this process holds for the whole archive) and
    saved at the end.

    A cluster that stops answering (or is busy) is waited for, each wait said through
    ``on_wait(seconds, cause)``; one that stays away ends the run with ``report.error``
    and ``report.lost`` (what was sent before stays on the cluster; the run can be
    repeated: articles are written by id).
    """
    import multiprocessing

    from . import segment
    from .index import IndexReport, _batches
    from .ingest import Problem

    report = IndexReport()
    start = time.perf_counter()
    client = client if client is not None else connect(url, timeout=INDEX_TIMEOUT)
    check_server(client, url)        # (a wrong URL is said at once, not waited for)
    client = _Patient(client, on_wait)
    _ensure_meta(client, alias)
    current = _alias_target(client, alias)
    if current is not None and not rebuild:
        _check_mapping(client, current)
    target = current if current is not None and not rebuild else create_versioned_index(client, alias, shards, replicas)
    fresh = target != current
    from .rulesversion import RULES_VERSION
    totals = Statistics()
    rules: list[str] = []
    held = 0        # articles the index held before the run
    if not fresh:
        totals = Statistics.from_plain(_load_meta(client, alias, target, "frequencies") or {})
        rules = _load_meta(client, alias, target, "rules") or []
        held = int(client.count(index=target)["count"])
    # Counted before the pairs that begin a word were: they would hold only this run's
    # articles, so none are kept (the plain pairs stand in), as for a Whoosh index.
    uncounted = BIGRAMS_KEY in totals and START_BIGRAMS_KEY not in totals
    # Each source in the spelling the index holds for it, case aside (see search.sources).
    items = one_spelling(items, () if fresh else _known_sources(client, target))
    report.older_rules = [v for v in rules if v != RULES_VERSION]
    if RULES_VERSION not in rules:
        rules.append(RULES_VERSION)
    done = 0
    counted: set[str] = set()   # ids counted as added or updated in this run: once each

    def progress() -> None:
        if on_progress:
            on_progress(done, time.perf_counter() - start)

    if workers > 1:
        segment.load()
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = multiprocessing.get_context(method).Pool(workers)
        results = _bounded_map(pool, _analyse_job, _batches(items, commit_every), ahead=workers + 1)
    else:
        pool = None
        results = map(_analyse_job, _batches(items, commit_every))
    counted_out = _CountedOut(pool, commit_every, totals)
    finished = False
    sending: list[dict] = []     # the batch being sent, and how many of it were sent
    sent = 0
    try:
        for docs, stats, problems in results:
            sending, sent = docs, 0
            for problem in problems:
                if problem.fatal:
                    report.skipped += problem.records     # (a run of elements lost: its articles)
                if problem.fatal or problem.halted:     # (a note of a file cut short too)
                    report.problems.append(problem)
                if on_problem:
                    on_problem(problem)
            gone: list[tuple[str, str]] = []
            for i in range(0, len(docs), bulk_size):
                chunk = docs[i:i + bulk_size]
                # (a new index holds only what this run wrote: no other copy to ask for)
                before = _stored_copies(client, target, [d["id"] for d in chunk if not fresh or d["id"] in counted])
                created, updated, errors = _bulk(client.raw, target, chunk, on_wait=on_wait)
                gone += _not_held(chunk, before, updated, errors)
                # Articles, not records: an id read twice in this run is one article.
                new = set(created) - counted
                report.added += len(new)
                report.updated += len(set(updated) - counted - new)
                counted.update(created, updated)
                sent += len(chunk)
                report.skipped += len(errors)
                for doc_id, error in errors:
                    # (the cluster's loss, not the source's: a rebuild that lost articles so
                    # is not switched to, as for a source cut short)
                    not_taken = Problem(f"bài {doc_id}", f"cụm OpenSearch không nhận bài: {error}", halted=True)
                    report.problems.append(not_taken)
                    if on_problem:
                        on_problem(not_taken)
            totals.add(stats)
            counted_out.add(gone)       # (after the batch's own counts: a copy read twice is in them)
            done += len(docs) + sum(p.records for p in problems if p.fatal)  # notes are not records
            progress()
        counted_out.finish(pool_alive=True)
        finished = True
        if pool is not None:
            pool.close()
    except KeyboardInterrupt:
        report.interrupted = True
    except Exception as exc:
        if not _retryable(exc):
            raise
        left = len(sending) - sent
        report.lost.append(f"{format_count(left)} bài của lô đang gửi (từ bài {sending[sent]['id']}) và mọi bài sau"
                           if left > 0 else "lô đang gửi")
        return _cluster_lost(report, exc, url, fresh, start)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    if not finished:
        counted_out.finish(pool_alive=False)
    try:
        return _finish_run(client, report, alias, target, current, fresh, totals, uncounted, rules, held, start)
    except Exception as exc:
        if not _retryable(exc):
            raise
        report.lost.append("thống kê ngôn ngữ của lần chạy (chưa lưu)")
        return _cluster_lost(report, exc, url, fresh and not report.switched, start)


def _cluster_lost(report, exc, url: str, fresh: bool, start: float):
    """End a run whose cluster stayed away: what is on it stays, the rest is said lost."""
    report.error = (f"cụm OpenSearch {url} {_wait_cause(exc)}, vẫn vậy sau khoảng một phút rưỡi chờ; "
                    f"đã dừng. Các bài gửi trước đó đã nằm trên cụm; "
                    f"chạy lại cùng lệnh khi cụm trả lời: bài đã có chỉ được ghi đè, không nhân đôi")
    report.total_docs = None
    if fresh:
        # A new index is used only once filled: nothing of this run is searched yet.
        report.added = report.updated = 0
        report.error += "; chỉ mục mới chưa được dùng, lần chạy lại làm lại từ đầu"
    report.seconds = time.perf_counter() - start
    return report


def _finish_run(client, report, alias: str, target: str, current: str | None, fresh: bool, totals: Statistics,
                uncounted: bool, rules: list[str], held: int, start: float):
    """After the articles: the statistics, the rules, and the switch of a new index."""
    from .rulesversion import RULES_VERSION
    client.indices.refresh(index=target)
    report.total_docs = int(client.count(index=target)["count"])
    if uncounted:
        totals.tables.pop(START_BIGRAMS_KEY, None)
    save_statistics(client, alias, target, totals, report.total_docs)
    if report.older_rules and report.updated >= held:
        # Every article extracted again by today's rules, as a rebuild would have.
        rules, report.older_rules = [RULES_VERSION], []
    _save_meta(client, alias, target, "rules", rules)
    from .index import shrink_refusal
    replaced = int(client.count(index=current)["count"]) if fresh and current is not None else None
    refused = shrink_refusal(report.problems, report.total_docs, replaced) if fresh else None
    if replaced and not report.total_docs:
        # (none rebuilt: the cluster refused them all, or nothing was read; the old stays)
        refused = "chưa thay chỉ mục: chỉ mục làm lại không có bài nào"
    report.rebuild = replaced is not None
    if refused:
        report.error = refused
    if replaced is not None and (refused or report.interrupted):
        # Nothing of this run is behind the alias: the old index is still served.
        report.added = report.updated = 0
        report.total_docs = replaced
    if fresh and not report.interrupted and not refused:
        report.switched = True
        actions = [{"add": {"index": target, "alias": alias}}]
        if current is not None:
            actions.insert(0, {"remove": {"index": current, "alias": alias}})
        client.indices.update_aliases(body={"actions": actions})
        if current is not None:
            client.indices.delete(index=current)
            _drop_statistics(client, alias, current)
            metacache.forget(alias, current)
    elif fresh:
        client.indices.delete(index=target)
        _drop_statistics(client, alias, target)
    report.seconds = time.perf_counter() - start
    return report


def _not_held(chunk: list[dict], before: dict[str, tuple[str, str]], updated: list[str],
              errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The texts of a bulk request's batch counted into the statistics that the index
    does not hold after it: the copies it replaced, a record's earlier copies in the
    same request, the documents the cluster refused."""
    gone = [before[doc_id] for doc_id in dict.fromkeys(updated) if doc_id in before]
    failed = {doc_id for doc_id, _error in errors}
    last = {d["id"]: k for k, d in enumerate(chunk)}
    gone += [(d["title"], d["body"]) for k, d in enumerate(chunk) if last[d["id"]] != k or d["id"] in failed]
    return gone


def remove_articles(ids: Iterable[str], url: str, alias: str = "ctsearch", *, client=None,
                    batch: int = 500) -> RemoveReport:
    """Delete the articles of ``ids`` from the index behind ``alias`` and take their words
    out of its language statistics (their stored text analysed again), as
    :func:`search.index.remove_articles` does for a folder."""
    start = time.perf_counter()
    client = client if client is not None else connect(url, timeout=INDEX_TIMEOUT)
    check_server(client, url)
    target = _alias_target(client, alias)
    if target is None:
        raise IndexError_(f"chưa có chỉ mục “{alias}” trên {url}")
    _check_mapping(client, target)
    wanted = list(dict.fromkeys(ids))
    report = RemoveReport()
    totals = Statistics.from_plain(_load_meta(client, alias, target, "frequencies") or {})
    held: set[str] = set()
    try:
        for i in range(0, len(wanted), batch):
            part = wanted[i:i + batch]
            copies = _stored_copies(client, target, part)
            held.update(copies)
            found = [doc_id for doc_id in part if doc_id in copies]
            if found:
                got = client.bulk(body=[{"delete": {"_index": target, "_id": doc_id}} for doc_id in found],
                                  request_timeout=BULK_TIMEOUT)
                results = {item["delete"]["_id"]: item["delete"] for item in got["items"]}
                gone = [doc_id for doc_id in found if results.get(doc_id, {}).get("status", 500) < 300]
                # (404: deleted meanwhile, by another run: not held any more)
                held.difference_update(d for d in found if results.get(d, {}).get("status") == 404)
                report.failed += [f"{doc_id}: {_bulk_error(results.get(doc_id))}" for doc_id in found
                                  if doc_id not in gone and results.get(doc_id, {}).get("status") != 404]
                totals.subtract(_copies_statistics([copies[doc_id] for doc_id in gone]))
                report.removed.extend(gone)
    finally:
        # (what was deleted is taken out of the statistics, even where a later batch failed)
        client.indices.refresh(index=target)
        report.total_docs = int(client.count(index=target)["count"])
        if report.removed:
            save_statistics(client, alias, target, totals, report.total_docs)
    report.missing = [doc_id for doc_id in wanted if doc_id not in held]
    report.seconds = time.perf_counter() - start
    return report


def _bulk_error(result: dict | None) -> str:
    """What a bulk request's item says went wrong, in a few words."""
    if not result:
        return "cụm không trả lời về bài này"
    error = result.get("error")
    reason = error.get("reason") or error.get("type") if isinstance(error, dict) else error
    return f"{reason or 'lỗi'} (mã {result.get('status', '?')})"


class OpenSearchWriter:
    """Writes into the index behind ``alias`` on the cluster at ``url`` (:func:`index_articles`)."""

    name = "opensearch"

    def __init__(self, url: str, alias: str = "ctsearch", client=None):
        self.url = url
        self.alias = alias
        self.client = client
        self.where = f"“{alias}” trên {url}"
        #: Called with (seconds, cause) before each wait for a cluster that does not answer.
        self.on_wait = None

    def write(self, items, options, on_problem=None, on_progress=None):
        return index_articles(items, self.url, self.alias, rebuild=options.rebuild, workers=options.workers,
                              shards=options.shards, replicas=options.replicas, on_problem=on_problem,
                              on_progress=on_progress, client=self.client, on_wait=self.on_wait)

    def remove(self, ids):
        return remove_articles(ids, self.url, self.alias, client=self.client)


def save_statistics(client, alias: str, index: str, totals: Statistics | dict, documents: int) -> None:
    """The vocabulary and mined abbreviations of ``index`` (and the frequencies they
    come from, for the next incremental run), as in :func:`search.langfiles.save_language_statistics`."""
    if not isinstance(totals, Statistics):
        totals = Statistics(totals)
    vocab = Vocabulary.from_frequencies(totals, documents)
    common = {form for form, df in vocab.syllable_forms_items() if df >= 20}
    defined = totals.get(ABBREVIATIONS_KEY)
    mined = mine(defined.as_dict() if defined is not None else {}, common)
    for kind, value in (("frequencies", totals.to_plain()), ("vocab", vocab), ("abbreviations", mined)):
        _save_meta(client, alias, index, kind, value)


def _save_meta(client, alias: str, index: str, kind: str, value) -> str:
    """Store ``value`` with the hash of its stored form (what local caches are keyed on)."""
    blob = _blob(value)
    digest = hashlib.sha256(blob.encode("ascii")).hexdigest()[:32]
    client.index(index=meta_index(alias), id=f"{index}/{kind}",
                 body={"kind": kind, "index": index, "format": META_FORMAT, "hash": digest, "blob": blob},
                 params={"refresh": "true"})
    return digest


def _check_format(index: str, source: dict) -> None:
    found = source.get("format", 1)
    if not isinstance(found, int) or found > META_FORMAT:
        raise IndexError_(f"thống kê ngôn ngữ của chỉ mục {index} được ghi ở định dạng {found}, "
                          f"phiên bản ctsearch này chỉ đọc được đến định dạng {META_FORMAT}: hãy cập nhật "
                          f"ctsearch, hoặc chạy lại ctsearch index --backend opensearch --rebuild")


def _load_meta(client, alias: str, index: str, kind: str):
    from opensearchpy.exceptions import NotFoundError
    try:
        source = client.get(index=meta_index(alias), id=f"{index}/{kind}")["_source"]
    except NotFoundError:
        return None
    _check_format(index, source)
    return _unblob(source["blob"])


def _drop_statistics(client, alias: str, index: str) -> None:
    for kind in ("frequencies", "vocab", "abbreviations", "rules"):
        try:
            client.delete(index=meta_index(alias), id=f"{index}/{kind}")
        except Exception:
            pass
