"""Building the Whoosh index.

Data flow: :mod:`search.ingest` yields raw records in this process; they go in
batches to worker processes, which turn each record into an
:class:`~search.article.Article` and each batch into a finished Whoosh segment
(:mod:`search.builder`); this process commits the segments one by one
(:mod:`search.commit`), so an interrupted run keeps what it committed.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import segment
from .article import Article, ArticleError, build_article
from .builder import BuiltSegment, SegmentBuilder
from .commit import Committer
from .facets import FacetColumns
from .ingest import Problem, RawArticle
from .schema import make_schema
from .abbrev import mine, save_abbreviations
from .langstats import ABBREVIATIONS_KEY
from .vocab import Vocabulary, save_vocabulary, segment_frequencies

from .store import (  # noqa: F401  (re-exported: the index's public face)
    INDEX_ENV,
    IndexError_,
    create_or_open,
    record_rules_version,
    rules_versions,
    default_index_dir,
    index_exists,
    open_index,
)


# --- worker side ----------------------------------------------------------------------
@dataclass
class BatchResult:
    """What a worker sends back for one batch: its segment and the records it skipped."""

    built: BuiltSegment | None
    problems: list[Problem]


def _article_or_problem(item: RawArticle | Problem) -> Article | Problem:
    if isinstance(item, Problem):
        return item
    try:
        return build_article(item)
    except ArticleError as exc:
        return Problem(item.origin, str(exc))
    except Exception as exc:  # one bad record must not stop the batch
        return Problem(item.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}")


def _add_item(builder: SegmentBuilder, item: RawArticle | Problem, problems: list[Problem]) -> None:
    got = _article_or_problem(item)
    if isinstance(got, Problem):
        problems.append(got)
        return
    try:
        builder.add(got)
    except Exception as exc:  # e.g. text the segmenter cannot take
        problems.append(Problem(item.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}"))


def build_batch(items: list[RawArticle | Problem], folder: str,
                on_item: Callable[[], None] | None = None) -> BatchResult:
    """Everything CPU-bound for a batch: cleaning, extraction, segmentation, and
    writing its segment into ``folder``. ``on_item`` is called after each record."""
    builder = SegmentBuilder(make_schema(), folder)
    problems: list[Problem] = []
    for item in items:
        _add_item(builder, item, problems)
        if on_item is not None:
            on_item()
    return BatchResult(builder.finish(), problems)


_progress = None   # a shared counter in worker processes


def _init_worker(counter) -> None:
    global _progress
    _progress = counter
    # Ctrl-C is handled once, by the parent, which then stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _count_item() -> None:
    with _progress.get_lock():
        _progress.value += 1


def _build_job(job: tuple[list, str]) -> BatchResult:
    return build_batch(*job, _count_item)


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
    #: Extraction-rules versions of articles already in the index, other than today's.
    older_rules: list[str] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        return self.added + self.updated


ProgressFn = Callable[[int, float], None]


def _batches(items: Iterable[RawArticle | Problem], size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def batch_size(commit_every: int, workers: int, expected: int | None) -> int:
    """Articles per segment: at most ``commit_every``, and when the total is known,
    a size that gives every worker the same number of batches, so that no core
    idles at the end while another finishes a long last batch."""
    if not expected or workers <= 1:
        return commit_every
    rounds = max(1, math.ceil(expected / (workers * commit_every)))
    return max(1, math.ceil(expected / (workers * rounds)))


def _parallel_results(items, workers: int, size: int, committer: Committer,
                      progress: Callable[[int], None]) -> Iterator[BatchResult]:
    segment.load()   # once, before forking: workers share the loaded tables
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    counter = ctx.Value("q", 0)
    # Batches read but not yet built, at most: the pool's feeder would otherwise read
    # the whole input ahead and hold it in memory.
    slots = threading.BoundedSemaphore(workers + 1)
    stop = threading.Event()

    def jobs():
        for batch in _batches(items, size):
            while not slots.acquire(timeout=0.2):
                if stop.is_set():
                    return
            yield batch, committer.new_staging_folder()

    pool = ctx.Pool(workers, initializer=_init_worker, initargs=(counter,))
    try:
        results = pool.imap(_build_job, jobs(), chunksize=1)
        while True:
            try:
                result = results.next(timeout=0.25)
            except multiprocessing.TimeoutError:
                progress(counter.value)
                continue
            except StopIteration:
                break
            slots.release()
            progress(counter.value)
            yield result
        pool.close()
    except BaseException:
        stop.set()
        pool.terminate()
        raise
    finally:
        stop.set()
        pool.join()


def _serial_results(items, size: int, committer: Committer,
                    progress: Callable[[int], None]) -> Iterator[BatchResult]:
    done = 0

    def one_more() -> None:
        nonlocal done
        done += 1
        progress(done)

    for batch in _batches(items, size):
        yield build_batch(batch, committer.new_staging_folder(), one_more)


def index_articles(
    items: Iterable[RawArticle | Problem],
    index_dir: str | os.PathLike,
    *,
    rebuild: bool = False,
    workers: int = 1,
    commit_every: int = 5000,
    expected: int | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> IndexReport:
    """Index ``items``; re-indexing an id replaces the stored article.

    Each batch of up to ``commit_every`` articles becomes one segment, committed as
    soon as it is built. Problems are reported through ``on_problem`` and counted as
    skipped; they never stop the batch. On Ctrl-C the batches not yet committed are
    dropped and the report says ``interrupted``: the index stays as last committed.
    ``expected`` (a rough total) only balances the batches between workers.
    """
    report = IndexReport()
    start = time.perf_counter()
    ix = create_or_open(index_dir, rebuild=rebuild)
    from .rulesversion import RULES_VERSION

    before = record_rules_version(index_dir, RULES_VERSION)
    report.older_rules = [v for v in before if v != RULES_VERSION]
    committer = Committer(ix, index_dir)

    def progress(done: int) -> None:
        if on_progress:
            on_progress(done, time.perf_counter() - start)

    size = batch_size(commit_every, workers, expected)
    try:
        if workers <= 1:
            results = _serial_results(items, size, committer, progress)
        else:
            results = _parallel_results(items, workers, size, committer, progress)
        for result in results:
            for problem in result.problems:
                if problem.fatal:
                    report.skipped += 1
                    report.problems.append(problem)
                if on_problem:
                    on_problem(problem)
            if result.built is not None:
                added, updated = committer.add(result.built)
                report.added += added
                report.updated += updated
        committer.merge_small_segments()
    except KeyboardInterrupt:
        # Keep what earlier commits saved; drop the batches in progress.
        report.interrupted = True
    finally:
        committer.close()
        report.seconds = time.perf_counter() - start
        ix.close()
    final = whoosh_index.open_dir(str(index_dir))
    with final.searcher() as searcher:
        report.total_docs = searcher.doc_count()
        # What searchers would otherwise build at their first query, saved once here.
        generation = final.latest_generation()
        save_language_statistics(index_dir, generation, searcher.reader())
        FacetColumns(searcher.reader()).save(index_dir, generation)
    return report


def save_language_statistics(index_dir: str | os.PathLike, generation: int, reader) -> None:
    """The vocabulary (with syllable pairs) and the mined abbreviations of one index
    generation, from the frequencies each segment's builder saved."""
    totals = segment_frequencies(index_dir, reader)
    vocab = Vocabulary.from_frequencies(totals, reader.doc_count())
    save_vocabulary(index_dir, generation, vocab)
    common = {form for form, df in vocab.syllable_forms_items() if df >= 20}
    save_abbreviations(index_dir, generation, mine(totals.get(ABBREVIATIONS_KEY) or {}, common))
