"""The seam between the query function and the engine that stores and matches articles.

:class:`~search.query.SearchEngine` reads the search box (query language, diacritic
restoration, abbreviations), validates parameters, and turns stored articles into
highlighted hits. Everything that depends on where the articles live goes through a
:class:`Backend`:

* run a query (:class:`Search`: tiers of query plans from :mod:`search.querylang`) with
  facet filters, a date range, a sort and a page, giving the total, the page's article
  keys with scores, and the facet counts (each facet ignoring its own filter);
* fetch stored articles by key; related articles;
* the statistics query interpretation needs (vocabulary, mined abbreviations) and
  the values of the facets present (years, sources).

Writing goes through a :class:`Writer` (:func:`open_writer`): it takes the records
read by :mod:`search.ingest` into one target and reports with the same
:class:`~search.index.IndexReport`, so ``ctsearch index`` is the same command for
every backend.

Two backends implement it: :mod:`search.whoosh_backend` (one process, the default) and
:mod:`search.opensearch_backend` (a cluster).

Ranking contract, the same for every backend: a document takes the class of the first
tier that matches it, classes rank first (lower first), then score (higher first),
then date (newer first), then an engine-specific tie-breaker (Whoosh: document number;
OpenSearch: article id). Scores are each engine's BM25 over the same analysed terms with
the same boosts, so within a class two backends may order articles with close scores
differently; the set of articles of a query, the facet counts and the newest-first
order of different dates are the same.
"""

from __future__ import annotations

import heapq
import os
import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Protocol, Sequence

from .querylang import Plan

if TYPE_CHECKING:
    from .index import IndexReport
    from .ingest import Problem, RawArticle

#: Environment variables that choose the backend for every command and the web app.
BACKEND_ENV = "CTSEARCH_BACKEND"
OPENSEARCH_URL_ENV = "CTSEARCH_OPENSEARCH_URL"
OPENSEARCH_INDEX_ENV = "CTSEARCH_OPENSEARCH_INDEX"
BACKENDS = ("whoosh", "opensearch")


@dataclass(frozen=True)
class Tier:
    """One query plan evaluated one way: ``plain`` False matches accented text only."""

    plan: Plan
    plain: bool = True


#: Partial matches (articles with most of the words) follow when fewer articles than this
#: match every word. A fixed number, not the page size: the total, the facet counts and an
#: export are the same whatever page size asks for them.
PARTIAL_BELOW = 10
#: Partial matches rank in bands of their coverage, this many from whole to none (then by
#: score): finer bands let a small difference of idf decide before the headline does ("Hàng
#: VN vào Malaysia được ưu đãi thuế", lacking only "hàng việt", after articles lacking
#: "malaysia").
PARTIAL_BANDS = 5


@dataclass
class Search:
    """What to match. No tiers: every article (listed newest first).

    ``primary`` is the tier whose plan decides partial matches (articles with most of
    the words) when fewer than ``PARTIAL_BELOW`` match fully; None: no partial matches.
    ``near_enough``: among alternatives, this one is run when it has partial matches
    only, not just full ones (a sure reading's near matches come before a looser
    search's full ones). ``enough``: among alternatives, this one is run only when it
    matches at least this many articles (before any filter): an unsure reading's own
    tiers stand alone when they hold enough, the next alternative adds the words as typed
    in any marks.
    """

    tiers: list[Tier] = field(default_factory=list)
    primary: int | None = None
    near_enough: bool = False
    enough: int = 1
    #: How far sports and showbiz stories fall below trade stories that match as well
    #: (:data:`search.matching.LEISURE_WEIGHT`; 0: not at all, where the query itself is
    #: about sport or showbiz).
    kind_weight: float = 0.0

    @property
    def everything(self) -> bool:
        return not self.tiers


@dataclass
class Page:
    """A backend's answer: ``hits`` are (key, score or None, words the article lacks)."""

    total: int
    total_full: int
    partial: bool
    hits: list[tuple[object, float | None, list[str]]]
    facets: dict           # facet -> list[FacetValue]
    chosen: int = 0        # which of the alternatives passed to ``search`` was run
    #: The last tier any full match (date range applied, facet filters not) takes its
    #: class from, None without tiers or matches: 1 or less means every full match holds
    #: the words of the first two tiers (the likeliest reading, with or without diacritics).
    max_class: int | None = None
    #: Whether the facet counts include the near matches (they do where few articles match
    #: every word before the filters; where the filters alone leave few, they count the full
    #: matches only).
    partial_counted: bool = False


#: How many of a plan's best scores its typical score is the median of
#: (:meth:`Backend.score_summary`): the articles a page shows, not the many that hold a
#: name once in passing.
TYPICAL_OF = 100


def typical_score(scores) -> float:
    """The median of the ``TYPICAL_OF`` best of ``scores`` (0 for none)."""
    top = heapq.nlargest(TYPICAL_OF, (float(x) for x in scores))
    return statistics.median(top) if top else 0.0


class Backend(Protocol):
    """Storage and matching of articles (see the module docstring for the contract)."""

    name: str

    def search(self, alternatives: Sequence[Search], filters: dict[str, list[str]],
               date_range: tuple[int | None, int | None], sort: str, offset: int, limit: int) -> Page:
        """Run the first of ``alternatives`` that matches enough (``Search.enough``
        articles, before filters; partially, for one ``near_enough``) and return one page. ``date_range`` holds
        ``YYYYMMDD`` keys (inclusive)."""

    def count_matching(self, plans: Sequence[Plan]) -> list[int]:
        """How many articles written with diacritics match each plan in full (as a tier
        with ``plain`` False), without filters: whether the index bears out a reading. All
        zeros when the count cannot be had whole."""

    def score_summary(self, plans: Sequence[Plan]) -> list[tuple[int, float] | None]:
        """For each plan, in all articles and without filters: how many match it in full
        and the median of the best ``TYPICAL_OF`` scores (0 for none), so that the forms
        of a name are weighed on one scale; None where the backend could not count it
        whole (a shard refused). Both backends score alike, so both give the same
        medians."""

    def stored(self, keys: Sequence[object]) -> list[dict]:
        """Stored fields of articles by key: id, title, body, date, year, province,
        provinces, topics, source, url. Keys are those the last ``search`` or ``key_of``
        gave, read from the same view of the index even if it changed since."""

    def key_of(self, article_id: str) -> object | None:
        """The key of an article id, or None when it is not in the index."""

    def more_like(self, key: object, text: str, top: int) -> list[dict]:
        """Articles like ``key`` (id, title, date, province), best first, maybe itself."""

    def vocabulary(self):
        """The index's :class:`~search.vocab.Vocabulary`."""

    def abbreviations(self):
        """The curated and mined :class:`~search.abbrev.Abbreviations`."""

    def known_values(self, facet: str) -> list:
        """The values a stored facet has in the index (what lenient matching of typed
        years and sources needs): numbers ascending, text values sorted or as stored."""

    def rules_versions(self) -> list[str]:
        """The extraction-rules versions the index's articles were built with (oldest
        first): one other than the current one means their facets need a rebuild."""

    def generation(self) -> object | None:
        """A token that changes whenever what searches see changes, or None when the
        backend cannot tell (then nothing is cached in front of it)."""

    def statistics_token(self) -> object | None:
        """A token that changes at least whenever the index's language statistics do (each
        indexing run's end), or None: what counts of the articles writing a phrase may be
        kept under between searches."""

    def close(self) -> None:
        ...


def backend_name(value: str | None = None) -> str:
    """The backend asked for (argument, else ``$CTSEARCH_BACKEND``, else whoosh)."""
    name = (value or os.environ.get(BACKEND_ENV) or "whoosh").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"backend phải là một trong: {', '.join(BACKENDS)} (không phải “{name}”)")
    return name


def opensearch_settings(url: str | None = None, index: str | None = None) -> tuple[str, str]:
    """(cluster URL, alias) from arguments or ``$CTSEARCH_OPENSEARCH_URL`` /
    ``$CTSEARCH_OPENSEARCH_INDEX`` (defaults: http://127.0.0.1:9200, ctsearch)."""
    alias = index or os.environ.get(OPENSEARCH_INDEX_ENV) or "ctsearch"
    problem = index_name_problem(alias)
    if problem:
        from .store import IndexError_
        given = "--opensearch-index" if index else OPENSEARCH_INDEX_ENV
        error = IndexError_(f"tên chỉ mục “{alias}” ({given}) không dùng được trên OpenSearch: {problem}. "
                            f"Tên chỉ mục chỉ gồm chữ thường, chữ số và các dấu - _ . , không bắt đầu "
                            f"bằng - _ + . và dài tối đa {MAX_INDEX_NAME} byte (ví dụ: ctsearch, tin-2024)")
        error.code = 2
        raise error
    return (url or os.environ.get(OPENSEARCH_URL_ENV) or "http://127.0.0.1:9200", alias)


#: Longest alias taken (bytes): OpenSearch allows 255, and the versioned index behind it
#: adds about 25 (``-v5-20261207155806-652``).
MAX_INDEX_NAME = 200


def index_name_problem(name: str) -> str | None:
    """What makes ``name`` an index name OpenSearch refuses (or one that would hide the
    index), in Vietnamese; None when it is fine."""
    if not name:
        return "tên rỗng"
    if name != name.lower():
        return "có chữ hoa"
    bad = sorted({c for c in name if c in '\\/*?"<>|,#: ' or c.isspace()})
    if bad:
        shown = " ".join("dấu cách" if c == " " else repr(c) if c.isspace() else c for c in bad)
        return f"có ký tự không được phép ({shown})"
    if name[0] in "-_+.":
        return f"bắt đầu bằng “{name[0]}”"
    if len(name.encode("utf-8")) > MAX_INDEX_NAME:
        return f"dài {len(name.encode('utf-8'))} byte"
    return None


def open_backend(index_dir: str | os.PathLike | None = None, backend: str | None = None,
                 opensearch_url: str | None = None, opensearch_index: str | None = None) -> Backend:
    """The configured backend: a Whoosh index folder or an OpenSearch alias."""
    if backend_name(backend) == "opensearch":
        from .opensearch_backend import OpenSearchBackend
        url, alias = opensearch_settings(opensearch_url, opensearch_index)
        return OpenSearchBackend(url, alias)
    from .store import default_index_dir
    from .whoosh_backend import WhooshBackend
    return WhooshBackend(index_dir if index_dir is not None else default_index_dir())


# --- writing ---------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteOptions:
    """How one indexing run writes. A backend ignores what does not apply to it."""

    #: Build a new index aside and switch to it at the end (the old one serves until then).
    rebuild: bool = False
    #: Processes analysing articles.
    workers: int = 1
    #: A rough number of articles, when known (balances batches between workers).
    expected: int | None = None
    #: OpenSearch: shards and replicas of a newly created index.
    shards: int = 1
    replicas: int = 0


@dataclass
class RemoveReport:
    """What a removal did: the ids removed and those the index did not hold."""

    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: Articles held that could not be removed, with why ("id: why"; a cluster refusing).
    failed: list[str] = field(default_factory=list)
    #: Articles in the index afterwards; None when it could not be counted.
    total_docs: int | None = 0
    seconds: float = 0.0
    #: Side files that could not be written (searchers then rebuild them at start).
    warnings: list[str] = field(default_factory=list)


class Writer(Protocol):
    """Takes articles into one target: a Whoosh folder, an OpenSearch alias."""

    name: str
    #: The target as the user knows it, in messages ("./index", "“ctsearch” trên http://…").
    where: str

    def write(self, items: Iterable["RawArticle | Problem"], options: WriteOptions,
              on_problem: Callable[["Problem"], None] | None = None,
              on_progress: Callable[[int, float], None] | None = None) -> "IndexReport":
        """Index ``items`` (re-indexing an id replaces it); bad records are reported
        through ``on_problem`` and never stop their batch."""

    def remove(self, ids: Sequence[str]) -> RemoveReport:
        """Take the articles of ``ids`` out of the index: out of every search, facet count
        and language statistic, as if they had never been indexed. Ids the index does
        not hold are reported, never an error for the others."""


def open_writer(index_dir: str | os.PathLike | None = None, backend: str | None = None,
                opensearch_url: str | None = None, opensearch_index: str | None = None) -> Writer:
    """The writer of the configured backend (as :func:`open_backend` chooses it)."""
    if backend_name(backend) == "opensearch":
        from .opensearch_backend import OpenSearchWriter
        url, alias = opensearch_settings(opensearch_url, opensearch_index)
        return OpenSearchWriter(url, alias)
    from .store import default_index_dir
    from .whoosh_backend import WhooshWriter
    return WhooshWriter(index_dir if index_dir is not None else default_index_dir())
