"""Building and opening the Whoosh index.

Data flow: :mod:`search.ingest` yields raw records; worker processes turn each into an
:class:`~search.article.Article` and its finished postings (:func:`prepare`); this
process feeds them to the one Whoosh writer, committing every few thousand articles
so that an interrupted run keeps what it committed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from .article import Article, ArticleError, build_article
from . import segment
from .ingest import Problem, RawArticle
from .schema import PreIndexed, preindex
from .facets import FacetColumns
from .vocab import Vocabulary, save_vocabulary
from .writer import NO_MERGE, BulkWriter, merge_small_segments

from .store import (  # noqa: F401  (re-exported: the index's public face)
    INDEX_ENV,
    IndexError_,
    create_or_open,
    default_index_dir,
    index_exists,
    open_index,
)


# --- worker side ----------------------------------------------------------------------
def _date_key(article: Article) -> int:
    if article.date:
        return int(article.date.replace("-", ""))
    if article.year:
        return article.year * 10000
    return 0


@dataclass
class Prepared:
    """An article and the keyword arguments for ``writer.add_document``."""

    article: Article
    fields: dict
    origin: str


def prepare(raw: RawArticle) -> Prepared | Problem:
    """Everything per-article and CPU-bound: cleaning, extraction, segmentation."""
    try:
        article = build_article(raw)
        fields: dict = {"id": article.id}
        for base, value in (("title", article.title), ("body", article.body)):
            if value:
                for suffix, items in preindex(value).items():
                    fields[base + suffix] = items
        fields["_stored_title"] = article.title
        fields["_stored_body"] = article.body
        fields.update(
            date=article.date,
            source=article.source,
            url=article.url,
            province=article.province,
            provinces=",".join(article.provinces),
            topics=",".join(article.topics),
            c_province=(article.province or "").encode("utf-8"),
            c_topics=",".join(article.topics).encode("utf-8"),
            c_year=article.year or 0,
            c_date=_date_key(article),
        )
        # Keep the stored title/body even when the text is empty.
        fields.setdefault("title", PreIndexed(()))
        fields.setdefault("body", PreIndexed(()))
        return Prepared(article, fields, raw.origin)
    except ArticleError as exc:
        return Problem(raw.origin, str(exc))
    except Exception as exc:  # one bad record must not stop the batch
        return Problem(raw.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}")


def _prepare_item(item: RawArticle | Problem) -> Prepared | Problem:
    if isinstance(item, Problem):
        return item
    return prepare(item)


def _init_worker() -> None:
    # Ctrl-C is handled once, by the parent, which then stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- writer side -------------------------------------------------------------------------
@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    total_docs: int = 0

    @property
    def indexed(self) -> int:
        return self.added + self.updated


ProgressFn = Callable[[int, float], None]


#: Articles read but not yet written, at most: the pool's feeder would otherwise read
#: the whole input ahead while the writer commits, and hold every result in memory.
MAX_IN_FLIGHT = 256


def _prepared_stream(items: Iterable[RawArticle | Problem], workers: int) -> Iterator[Prepared | Problem]:
    if workers <= 1:
        for item in items:
            yield _prepare_item(item)
        return
    segment.load()   # once, before forking: workers share the loaded tables
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
    stop = threading.Event()

    def bounded():
        for item in items:
            while not slots.acquire(timeout=0.2):
                if stop.is_set():
                    return
            yield item

    pool = ctx.Pool(workers, initializer=_init_worker)
    try:
        for result in pool.imap(_prepare_item, bounded(), chunksize=4):
            slots.release()
            yield result
        pool.close()
    except BaseException:
        stop.set()
        pool.terminate()
        raise
    finally:
        stop.set()
        pool.join()


def index_articles(
    items: Iterable[RawArticle | Problem],
    index_dir: str | os.PathLike,
    *,
    rebuild: bool = False,
    workers: int = 1,
    commit_every: int = 5000,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> IndexReport:
    """Index ``items``; re-indexing an id replaces the stored article.

    Problems are reported through ``on_problem`` and counted as skipped; they never
    stop the batch. On Ctrl-C the uncommitted part is discarded and the report says
    ``interrupted``: the index stays as last committed.
    """
    report = IndexReport()
    start = time.perf_counter()
    ix = create_or_open(index_dir, rebuild=rebuild)
    with ix.reader() as reader:
        existing = {t.decode("utf-8") for t in reader.lexicon("id")}
    pending: set[str] = set()
    writer = BulkWriter(ix)
    done = 0
    try:
        for item in _prepared_stream(items, workers):
            done += 1
            if isinstance(item, Problem):
                if item.fatal:
                    report.skipped += 1
                    report.problems.append(item)
                if on_problem:
                    on_problem(item)
            else:
                doc_id = item.article.id
                if doc_id in pending:
                    # Whoosh only deletes committed documents: commit before replacing.
                    writer.commit(mergetype=NO_MERGE)
                    writer = BulkWriter(ix)
                    pending.clear()
                if doc_id in existing:
                    writer.update_document(**item.fields)
                    report.updated += 1
                else:
                    writer.add_document(**item.fields)
                    existing.add(doc_id)
                    report.added += 1
                pending.add(doc_id)
                if len(pending) >= commit_every:
                    writer.commit(mergetype=NO_MERGE)
                    writer = BulkWriter(ix)
                    pending.clear()
            if on_progress:
                on_progress(done, time.perf_counter() - start)
        writer.commit(mergetype=merge_small_segments)
    except KeyboardInterrupt:
        # Keep what earlier commits saved; drop the half-written chunk.
        writer.cancel()
        report.interrupted = True
    except BaseException:
        writer.cancel()
        raise
    finally:
        report.seconds = time.perf_counter() - start
        ix.close()
    final = whoosh_index.open_dir(str(index_dir))
    with final.searcher() as searcher:
        report.total_docs = searcher.doc_count()
        # The vocabulary that unaccented queries and suggestions need, built once here
        # rather than at the first query.
        generation = final.latest_generation()
        save_vocabulary(index_dir, generation, Vocabulary(searcher.reader()))
        FacetColumns(searcher.reader()).save(index_dir, generation)
    return report
