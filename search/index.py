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
import multiprocessing.connection
import os
import signal
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from whoosh import index as whoosh_index

from . import segment
from .article import Article, ArticleError, build_article
from .builder import BuiltSegment, SegmentBuilder
from .commit import Committer, live_ids
from .facets import FacetColumns
from .ingest import Problem, RawArticle
from .lifeline import die_with_parent
from .schema import make_schema
from .sources import one_spelling
from .langfiles import save_language_statistics
from .vnformat import format_count, os_error_text

if TYPE_CHECKING:
    from .backend import RemoveReport

from .store import (  # noqa: F401  (re-exported: the index's public face)
    INDEX_ENV,
    IndexError_,
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
    #: Why the whole batch could not become a segment ("a.jsonl:1 … a.jsonl:500: …").
    lost: str | None = None
    #: Where each document of the segment was read ("a.jsonl:17"), by document number.
    origins: list[str] = field(default_factory=list)
    #: The batch's place in the input: of two copies of an id, the later one stays.
    order: int = 0


def _article_or_problem(item: RawArticle | Problem, problems: list[Problem]) -> Article | Problem:
    """The article, with a note in ``problems`` for each given value left out; or why the
    record cannot be one."""
    if isinstance(item, Problem):
        return item
    notes: list[str] = []
    try:
        article = build_article(item, notes)
    except ArticleError as exc:
        return Problem(item.origin, str(exc))
    except Exception as exc:  # one bad record must not stop the batch
        return Problem(item.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}")
    problems.extend(Problem(item.origin, note, fatal=False) for note in notes)
    return article


def _add_item(builder: SegmentBuilder, item: RawArticle | Problem, problems: list[Problem],
              origins: list[str], seen: dict[str, str]) -> None:
    got = _article_or_problem(item, problems)
    if isinstance(got, Problem):
        problems.append(got)
        return
    try:
        builder.add(got)
    except Exception as exc:  # e.g. text the segmenter cannot take
        problems.append(Problem(item.origin, f"lỗi khi xử lý bài: {type(exc).__name__}: {exc}"))
        return
    origins.append(item.origin)
    earlier = seen.get(got.id)
    if earlier is not None:
        problems.append(Problem(item.origin, duplicate_note(got.id, earlier), fatal=False))
    seen[got.id] = item.origin


def duplicate_note(doc_id: str, earlier: str) -> str:
    """The note for an id read twice in one run: the later copy replaces the earlier."""
    return f"id {doc_id!r} đã có ở {earlier}; bản này (đọc sau) thay bản đó"


def build_batch(items: list[RawArticle | Problem], folder: str,
                on_item: Callable[[], None] | None = None) -> BatchResult:
    """Everything CPU-bound for a batch: cleaning, extraction, segmentation, and
    writing its segment into ``folder``. ``on_item`` is called after each record."""
    builder = SegmentBuilder(make_schema(), folder)
    problems: list[Problem] = []
    origins: list[str] = []
    seen: dict[str, str] = {}
    for item in items:
        _add_item(builder, item, problems, origins, seen)
        if on_item is not None:
            on_item()
    return BatchResult(builder.finish(), problems, origins=origins)


def _worker_main(conn, slot: int, counts, parent_pid: int, inherited: list, lock_fd: int | None) -> None:
    """A worker process: build each batch it is sent, send back its result."""
    die_with_parent(parent_pid)
    # Ctrl-C is handled once, by the parent, which then stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Descriptors inherited through fork that belong to the parent: the write lock (a
    # worker must never keep it held) and the other workers' pipe ends (so a worker
    # sees end-of-file as soon as the parent is gone).
    for other in inherited:
        other.close()
    if lock_fd is not None:
        try:
            os.close(lock_fd)
        except OSError:
            pass

    def one_more() -> None:
        counts[slot] += 1   # this worker's own slot: no lock that a killed worker could hold

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        items, folder = job
        result = _worker_result(items, folder, one_more)
        try:
            conn.send(result)
        except (OSError, ValueError):
            return


def _worker_result(items: list, folder: str, on_item: Callable[[], None] | None = None) -> BatchResult:
    """:func:`build_batch`, with a batch whose segment cannot be written (disk full…)
    reported as lost rather than ending the run."""
    try:
        return build_batch(items, folder, on_item)
    except OSError as exc:
        return BatchResult(None, [], f"{_span(items)}: {os_error_text(exc)}")
    except Exception as exc:
        return BatchResult(None, [], f"{_span(items)}: {type(exc).__name__}: {exc}")


def _span(items: list) -> str:
    """Where a batch came from, for messages: "a.jsonl:1 … a.jsonl:5000"."""
    if not items:
        return "(lô rỗng)"
    first, last = items[0].origin, items[-1].origin
    return first if first == last else f"{first} … {last}"


# --- writer side -------------------------------------------------------------------------
@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)   # records skipped, and sources read in part
    seconds: float = 0.0
    interrupted: bool = False
    #: Articles in the index after the run; None when it could not be opened.
    total_docs: int | None = 0
    #: Extraction-rules versions of articles already in the index, other than today's.
    older_rules: list[str] = field(default_factory=list)
    #: Batches that were read but never committed, with why ("a.jsonl:1 … a.jsonl:500: …").
    lost: list[str] = field(default_factory=list)
    #: Why the run stopped before the end of its input (a worker killed, disk full…).
    error: str | None = None
    #: Side files that could not be written (searchers then rebuild them at start).
    warnings: list[str] = field(default_factory=list)
    rebuild: bool = False
    #: For a rebuild: whether the index now holds the rebuilt articles (else the old ones).
    switched: bool = False

    @property
    def indexed(self) -> int:
        return self.added + self.updated

    @property
    def failed(self) -> bool:
        return bool(self.error or self.lost)


ProgressFn = Callable[[int, float], None]


class RunFailed(Exception):
    """The run cannot go on; what was committed stays. The message is for the user."""


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


def _describe_death(proc) -> str:
    code = proc.exitcode
    if code is not None and code < 0:
        try:
            return f"tiến trình con {proc.pid} bị dừng bởi tín hiệu {signal.Signals(-code).name}"
        except ValueError:
            return f"tiến trình con {proc.pid} bị dừng bởi tín hiệu {-code}"
    return f"tiến trình con {proc.pid} đã thoát (mã {code})"


class _Worker:
    def __init__(self, ctx, slot: int, counts, lock_fd: int | None, others: list) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, name=f"ctsearch-index-{slot}", daemon=True,
                                args=(child, slot, counts, os.getpid(), others + [self.conn], lock_fd))
        self.proc.start()
        child.close()
        self.job: list | None = None
        self.order = 0       # the job's place in the input


def _parallel_results(items, workers: int, size: int, committer: Committer,
                      progress: Callable[[int], None], lost: list[str]) -> Iterator[BatchResult]:
    """Batches built by ``workers`` processes, in the order they finish.

    No pool: each worker is watched through its pipe and its process sentinel, so a
    worker that dies (kill -9, out of memory) is noticed at once. Its batch is reported
    in ``lost``, no further input is read, the batches other workers are building are
    still yielded (and committed), and then :class:`RunFailed` is raised.
    """
    segment.load()   # once, before forking: workers share the loaded tables
    ctx = multiprocessing.get_context("fork")
    counts = ctx.RawArray("q", workers)
    pool: list[_Worker] = []
    for slot in range(workers):
        pool.append(_Worker(ctx, slot, counts, committer.lock_fd, [w.conn for w in pool]))
    batches = enumerate(_batches(items, size))
    more_input = True
    failure: str | None = None

    def dispatch() -> None:
        nonlocal more_input, failure
        for w in pool:
            if w.job is not None or not more_input or failure:
                continue
            order, batch = next(batches, (0, None))
            if batch is None:
                more_input = False
                return
            w.job, w.order = batch, order
            try:
                w.conn.send((batch, committer.new_staging_folder()))
            except (OSError, ValueError):
                w.proc.join(1)
                failure = _describe_death(w.proc)
                lost.append(f"{_span(batch)}: {failure}")
                w.job = None

    try:
        while True:
            dispatch()
            busy = [w for w in pool if w.job is not None]
            if not busy:
                break
            ready = multiprocessing.connection.wait(
                [w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=0.25)
            progress(sum(counts))
            done: list[BatchResult] = []
            for w in busy:
                if w.conn in ready or w.conn.poll():
                    try:
                        result = w.conn.recv()
                        result.order = w.order
                        done.append(result)
                        w.job = None
                        continue
                    except Exception:   # EOF or a half-sent result: the worker died
                        pass
                elif w.proc.sentinel not in ready:
                    continue
                w.proc.join(1)
                failure = failure or _describe_death(w.proc)
                lost.append(f"{_span(w.job)}: {_describe_death(w.proc)}")
                w.job = None
                w.conn.close()
                pool.remove(w)
            dispatch()        # keep the workers busy while the results are committed
            yield from done
        if failure:
            raise RunFailed(f"{failure}; dừng đọc dữ liệu vào, phần chưa đọc chưa được đánh chỉ mục")
    finally:
        for w in pool:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in pool:
            if w.job is not None or w.proc.exitcode is None:
                w.proc.join(0.5 if w.job is None else 0)
            if w.proc.is_alive():
                w.proc.kill()
            w.proc.join()
            w.conn.close()


def _serial_results(items, size: int, committer: Committer,
                    progress: Callable[[int], None]) -> Iterator[BatchResult]:
    done = 0

    def one_more() -> None:
        nonlocal done
        done += 1
        progress(done)

    for order, batch in enumerate(_batches(items, size)):
        result = _worker_result(batch, committer.new_staging_folder(), one_more)
        result.order = order
        yield result


def _os_error(exc: OSError) -> str:
    return os_error_text(exc)


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
    A worker that dies or a failing write (disk full) stops the run: the report says
    which batches were lost (``lost``) and why (``error``); committed batches stay.
    With ``rebuild`` the new index is built aside and replaces the old one in one
    step at the end; until then, and if the run does not finish, the old one stays.
    ``expected`` (a rough total) only balances the batches between workers.
    """
    report = IndexReport(rebuild=rebuild)
    start = time.perf_counter()
    from .rulesversion import RULES_VERSION

    # Each source in the spelling the index holds for it, case aside (see search.sources).
    items = one_spelling(items, () if rebuild else _known_sources(index_dir))

    held = _articles_held(index_dir) if rebuild else None
    committer = Committer(index_dir, rebuild=rebuild)
    if not rebuild:
        # A rebuild's articles are all extracted by today's rules (recorded at the switch).
        before = record_rules_version(index_dir, RULES_VERSION)
        report.older_rules = [v for v in before if v != RULES_VERSION]
    lost: list[str] = []

    def progress(done: int) -> None:
        if on_progress:
            on_progress(done, time.perf_counter() - start)

    if "fork" not in multiprocessing.get_all_start_methods():
        workers = 1     # workers are forked (they share the segmenter's tables)
    size = batch_size(commit_every, workers, expected)
    results = None
    stage = "commit"
    try:
        if workers <= 1:
            results = _serial_results(items, size, committer, progress)
        else:
            results = _parallel_results(items, workers, size, committer, progress, lost)
        for result in results:
            if result.lost:
                lost.append(result.lost)
            for problem in result.problems:
                if problem.fatal:
                    report.skipped += problem.records     # (a run of elements lost: its articles)
                if problem.fatal or problem.halted:     # (a note of a file cut short too)
                    report.problems.append(problem)
                if on_problem:
                    on_problem(problem)
            if result.built is not None:
                try:
                    added, updated, twice = committer.add(result.built, result.order, result.origins)
                except OSError as exc:
                    lost.append(f"{_span_of(result)}: {_os_error(exc)}")
                    raise
                report.added += added
                report.updated += updated
                for doc_id, later, earlier in twice:
                    if on_problem:
                        on_problem(Problem(later, duplicate_note(doc_id, earlier), fatal=False))
        stage = "finish"
        refused = shrink_refusal(report.problems, committer.pending_articles(), held,
                                 lambda: _articles_left_out(index_dir, committer.written_ids)) if rebuild else None
        if rebuild and lost and committer.pending_articles():
            # (a batch lost is articles lost: the rebuild would drop them from the index)
            refused = "chưa thay chỉ mục: có lô bị mất (ở dưới); chạy lại khi đã khắc phục"
        if refused:
            raise RunFailed(refused)
        committer.finish()
    except KeyboardInterrupt:
        # Keep what earlier commits saved; drop the batches in progress.
        report.interrupted = True
    except RunFailed as exc:
        report.error = str(exc)
    except OSError as exc:
        if stage == "finish":
            what = ("chuyển sang chỉ mục mới" if rebuild else "gộp các phân đoạn nhỏ")
            report.error = f"lỗi khi {what}: {_os_error(exc)}"
        else:
            report.error = f"lỗi khi ghi chỉ mục: {_os_error(exc)}; phần chưa đọc chưa được đánh chỉ mục"
    finally:
        if results is not None and hasattr(results, "close"):
            results.close()      # stops the workers
        report.switched = committer.switched
        replaced_all = committer.replaced_all
        committer.close()
        report.seconds = time.perf_counter() - start
    report.lost = lost
    if rebuild and report.switched:
        record_rules_version(index_dir, RULES_VERSION)
    elif report.older_rules and replaced_all:
        # Every article extracted again by today's rules, as a rebuild would have.
        record_rules_version(index_dir, RULES_VERSION, alone=True)
        report.older_rules = []
    if rebuild and not report.switched:
        # Nothing of this run is in the index: the old one is still served.
        report.added = report.updated = 0
    try:
        _save_side_files(index_dir, report)
    except KeyboardInterrupt:
        # Stopped while the side files were saved: every article committed is in the index,
        # and a searcher builds what is missing at its first query. Said as any stop is.
        report.interrupted = True
        if not report.total_docs:
            try:
                report.total_docs = whoosh_index.open_dir(str(index_dir)).doc_count()
            except (Exception, KeyboardInterrupt):
                report.total_docs = None
    return report


def remove_articles(ids: Iterable[str], index_dir: str | os.PathLike) -> RemoveReport:
    """Remove the articles of ``ids`` from the index in ``index_dir`` in one commit, then
    save its side files as a run does (the language statistics count the removed copies
    out). Refused, as a run is, while another process writes the index."""
    from .backend import RemoveReport
    if not index_exists(index_dir):
        raise IndexError_(f"chưa có chỉ mục ở {index_dir}")
    start = time.perf_counter()
    wanted = list(dict.fromkeys(ids))
    report = RemoveReport()
    committer = Committer(index_dir)
    try:
        report.removed = committer.remove(wanted)
        if report.removed:
            try:
                committer.finish()
            except OSError as exc:
                # The removal is committed: only the tidying of the segments it left half
                # deleted failed (a full disk), which the next run does.
                report.warnings.append(f"chưa gộp được các phân đoạn nhỏ ({_os_error(exc)}); các bài đã được gỡ")
    finally:
        committer.close()
    found = set(report.removed)
    report.missing = [doc_id for doc_id in wanted if doc_id not in found]
    _save_side_files(index_dir, report)
    report.seconds = time.perf_counter() - start
    return report


def shrink_refusal(problems: list[Problem], rebuilt: int, held: int | None,
                   lost: Callable[[], int] | None = None) -> str | None:
    """Why a rebuild is not switched to, or None: sources that could not all be read (a
    file cut short, a JSON array missing a comma, a folder of an archive not mounted:
    ``Problem.halted``) and fewer articles than the index it would replace holds, or
    (``lost``: how many of the articles held the rebuild lacks, asked only then) some it
    holds left out, whatever new ones came with the rest. A rebuild keeps only what it
    reads, so the articles past the damage would be lost for good (500 became 46; 700 with
    600 new ones became 844, 456 lost). A bad record alone (no text, a bad date) is skipped
    at every run: it never stops a rebuild meant to hold fewer articles."""
    halted = [p for p in problems if p.halted]
    if not halted or held is None or not rebuilt:
        return None     # (none rebuilt: nothing to switch to, the old index stays anyway)
    missing = held - rebuilt if rebuilt < held else lost() if lost is not None else 0
    if missing <= 0:
        return None
    return (f"chưa thay chỉ mục: {format_count(len(halted))} nguồn không đọc được hết (ở trên), và chỉ mục "
            f"làm lại có {format_count(rebuilt)} bài, thiếu {'ít nhất ' if rebuilt < held else ''}"
            f"{format_count(missing)} trong {format_count(held)} bài của chỉ mục hiện có. "
            f"Hãy sửa các nguồn lỗi, hoặc bỏ chúng khỏi lệnh, rồi chạy lại")


def _read_existing(index_dir: str | os.PathLike, read: Callable, default):
    """``read(ix)`` of the index already in ``index_dir``, or ``default`` where there is
    none or it cannot be read (a rebuild is then the remedy, and the commit that follows
    says what is damaged)."""
    try:
        if not whoosh_index.exists_in(str(index_dir)):
            return default
        ix = whoosh_index.open_dir(str(index_dir))
    except Exception:   # noqa: BLE001 - damaged: the rebuild replaces it
        return default
    try:
        return read(ix)
    except Exception:   # noqa: BLE001 - as above
        return default
    finally:
        ix.close()


def _articles_held(index_dir: str | os.PathLike) -> int | None:
    """The articles an existing index holds; None where there is none or it cannot be read."""
    return _read_existing(index_dir, lambda ix: ix.doc_count(), None)


def _articles_left_out(index_dir: str | os.PathLike, written: frozenset[str]) -> int:
    """How many articles the existing index holds that ``written`` lacks (0 where it
    cannot be read)."""
    def left_out(ix) -> int:
        with ix.reader() as reader:
            return len(live_ids(reader) - written)
    return _read_existing(index_dir, left_out, 0)


def _known_sources(index_dir: str | os.PathLike) -> list[str]:
    """The sources an existing index holds (its saved facet columns, else read); none for a
    folder that holds no index yet, or one that cannot be read (the run says why)."""
    def known(ix) -> list[str]:
        with ix.searcher() as searcher:
            return FacetColumns.load(index_dir, ix.latest_generation(), searcher.reader()).known_values("source")
    return _read_existing(index_dir, known, [])


def _span_of(result: BatchResult) -> str:
    ids = result.built.ids if result.built is not None else []
    return f"lô {ids[0]} … {ids[-1]}" if ids else "lô"


def _save_side_files(index_dir: str | os.PathLike, report: "IndexReport | RemoveReport") -> None:
    """Count the index and save what searchers would otherwise build at their first
    query: the vocabulary and facet arrays, tied to the segments they describe."""
    try:
        final = whoosh_index.open_dir(str(index_dir))
    except Exception as exc:   # e.g. a rebuild of a damaged index that did not finish
        report.total_docs = None
        report.warnings.append(f"không mở được chỉ mục: {type(exc).__name__}: {exc}")
        return
    try:
        with final.searcher() as searcher:
            report.total_docs = searcher.doc_count()
            generation = final.latest_generation()
            reader = searcher.reader()
            save_language_statistics(index_dir, generation, reader)
            FacetColumns(reader).save(index_dir, generation, reader)
    except OSError as exc:
        report.warnings.append(f"chưa ghi được tệp phụ của chỉ mục ({_os_error(exc)}); "
                               "tìm kiếm vẫn đúng, chỉ mở chậm hơn")
    finally:
        final.close()
