"""The ``ctsearch`` command: index, query, show, stats, serve.

A thin layer over :mod:`search.index` and :class:`search.query.SearchEngine`. Heavy
modules are imported inside the subcommands so that ``ctsearch query`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import html
import json
import os
import re
import signal
import sys
import threading
import time
from pathlib import Path

from .vnformat import count_phrase, format_count, format_rate, format_seconds

PROG = "ctsearch"


class CliError(Exception):
    """An error for the user: printed to stderr without a traceback."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def default_seeds_dir() -> Path:
    """The sample articles installed with the package (``seeds/`` in a checkout).

    Found through the import system rather than relative to this file, because an editable
    install maps ``ctsearch.seeds`` to the checkout's ``seeds/`` while a wheel puts it inside
    the package.
    """
    import importlib.util
    spec = importlib.util.find_spec("ctsearch.seeds")
    if spec is None or not spec.submodule_search_locations:
        raise CliError("không tìm thấy các bài mẫu (gói ctsearch.seeds); hãy cài lại ctsearch")
    return Path(list(spec.submodule_search_locations)[0])


def _index_dir(args) -> Path:
    from .store import default_index_dir
    return Path(args.index_dir) if args.index_dir else default_index_dir()


def _folder(text: str) -> str:
    """A folder named on the command line: an empty one ("--index-dir $DIR" with DIR
    unset) is a slip, not the default folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("cần tên thư mục, không được để trống (bỏ hẳn tùy chọn để dùng "
                                         "thư mục mặc định)")
    return text


def _add_index_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", metavar="DIR", type=_folder,
                   help="thư mục chỉ mục (mặc định: $CTSEARCH_INDEX hoặc ./index)")
    p.add_argument("--backend", choices=["whoosh", "opensearch"],
                   help="nơi lưu chỉ mục: whoosh (thư mục, mặc định) hoặc opensearch (cụm máy chủ); "
                        "mặc định $CTSEARCH_BACKEND")
    p.add_argument("--opensearch-url", metavar="URL",
                   help="địa chỉ cụm OpenSearch, nhiều nút cách nhau bởi dấu phẩy "
                        "(mặc định $CTSEARCH_OPENSEARCH_URL hoặc http://127.0.0.1:9200)")
    p.add_argument("--opensearch-index", metavar="TÊN",
                   help="tên (alias) chỉ mục trên cụm (mặc định $CTSEARCH_OPENSEARCH_INDEX hoặc ctsearch)")


def _backend(args) -> str:
    from .backend import backend_name
    try:
        return backend_name(getattr(args, "backend", None))
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _where(args) -> str:
    """The index as the user knows it: a folder, or a cluster and alias."""
    if _backend(args) == "opensearch":
        from .backend import opensearch_settings
        url, alias = opensearch_settings(args.opensearch_url, args.opensearch_index)
        return f"“{alias}” trên {url}"
    return str(_index_dir(args))


# --- output helpers --------------------------------------------------------------------
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def _use_color(stream) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def html_to_terminal(fragment: str, color: bool) -> str:
    """Snippet HTML to terminal text: matches in bold on a terminal, plain otherwise."""
    if color:
        fragment = _MARK.sub(lambda m: "\x1b[1m" + m.group(1) + "\x1b[0m", fragment)
    else:
        fragment = _MARK.sub(lambda m: m.group(1), fragment)
    return html.unescape(fragment)


def _fmt_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream=None):
        self.total = max(total, 0)
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._last = 0.0

    def __call__(self, done: int, elapsed: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.2 and done != self.total:
            return
        self._last = now
        rate = done / elapsed if elapsed > 0 else 0.0
        total = max(self.total, done)
        width = 28
        filled = int(width * done / total) if total else width
        left = (total - done) / rate if rate > 0 else 0
        # Every article read: what is left is saving the index (its last segment, its
        # word statistics), which no count of articles measures.
        tail = "đang lưu chỉ mục…" if total and done >= total else f"còn {_fmt_duration(left)}"
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {format_count(done)}/{format_count(total)} bài"
                          f"  {format_rate(rate)} bài/s  {tail}  ")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()


# --- subcommands --------------------------------------------------------------------------
#: ``index --workers`` is capped at this many processes per CPU core.
MAX_WORKERS_PER_CPU = 4


#: Notes (not skipped records: those are all said) said in one run; the rest are counted.
#: As many again about files as a whole (one left out, read in a code page): those of the
#: records, which may be thousands, never hide them.
NOTES_SHOWN = 100


def cmd_index(args) -> int:
    from .backend import WriteOptions, open_writer
    from .ingest import estimate_count, read_inputs

    if not args.paths:
        _refuse_seeds_into_other_articles(args)
    paths = args.paths or [str(default_seeds_dir())]
    # A path that is not there is named and the rest indexed, but the run did not all go
    # well: a scheduled run with a path mistyped must not look like one that did.
    missing = [p for p in args.paths if not os.path.exists(p)]     # a broken link too
    if missing and args.rebuild:
        # A rebuild keeps only what it is given: a source mistyped would drop its articles
        # from the index as it switches (two folders of forty articles became one of twenty).
        raise CliError(f"không tìm thấy {', '.join(f'“{p}”' for p in missing)}; --rebuild chỉ giữ các bài được đưa, "
                       f"nên chưa dựng lại gì và chỉ mục cũ vẫn giữ nguyên. Hãy sửa đường dẫn rồi chạy lại: "
                       + _rebuild_command(args), code=2)
    expected = estimate_count(paths)
    workers = args.workers if args.workers else (os.cpu_count() or 1) if expected >= 200 else 1
    # More processes than a few per core only add memory and start-up: each holds a batch.
    cores = os.cpu_count()
    most = MAX_WORKERS_PER_CPU * cores if cores else workers
    if workers > most:
        print(f"lưu ý --workers {workers}: máy có {cores} nhân CPU, dùng {most} tiến trình", file=sys.stderr)
        workers = most
    progress = Progress(expected)
    counts = {"notes": 0, "file notes": 0}

    def on_problem(problem) -> None:
        if not problem.fatal:
            kind = "file notes" if problem.whole_file else "notes"
            counts[kind] += 1
            if counts[kind] > NOTES_SHOWN:
                return      # (counted, said at the end: 5,000 copies of an id said 4,999)
        if progress.enabled:
            sys.stderr.write("\r" + " " * 78 + "\r")
        print(f"{'bỏ qua' if problem.fatal else 'lưu ý'} {problem}", file=sys.stderr)

    writer = open_writer(_index_dir(args), _backend(args), args.opensearch_url, args.opensearch_index)

    def on_wait(seconds: float, cause: str) -> None:
        if progress.enabled:
            sys.stderr.write("\r" + " " * 78 + "\r")
        print(f"cụm OpenSearch {cause}; thử lại sau {format_seconds(seconds * 1000)}…", file=sys.stderr, flush=True)

    if hasattr(writer, "on_wait"):
        writer.on_wait = on_wait
    options = WriteOptions(rebuild=args.rebuild, workers=workers, expected=expected,
                           shards=args.shards, replicas=args.replicas)
    with _terminate_as_interrupt() as stopped:
        report = writer.write(read_inputs(paths), options, on_problem=on_problem,
                              on_progress=progress if not args.quiet else None)
    index_dir = writer.where
    progress.finish()
    if counts["notes"] > NOTES_SHOWN:
        print(f"… và {format_count(counts['notes'] - NOTES_SHOWN)} lưu ý nữa về từng bài, không in ra (các bài vẫn "
              f"được đánh chỉ mục như các lưu ý trên nói)", file=sys.stderr)
    if counts["file notes"] > NOTES_SHOWN:
        print(f"… và {format_count(counts['file notes'] - NOTES_SHOWN)} lưu ý nữa về cả tệp, không in ra (tệp bỏ qua "
              f"hoặc đọc theo bảng mã khác, như các lưu ý trên)", file=sys.stderr)
    print_index_report(report, index_dir)
    if report.failed and _backend(args) == "opensearch":
        print(f"Lệnh chạy lại: {_index_command(args, args.paths or [])}", file=sys.stderr)
    if report.interrupted:
        return 143 if stopped else 130
    if report.older_rules:
        print(_outdated_note(index_dir), file=sys.stderr)
    if report.failed or report.indexed == 0 or missing:
        return 1
    return 0


def cmd_remove(args) -> int:
    from .backend import open_writer
    from .ingest import RawArticle, read_inputs
    from .textnorm import clean_id

    # (read as the indexer stores an id: "tin-1" typed with a space or a zero-width one, NFD)
    ids = [clean_id(doc_id) for doc_id in args.ids or []]
    if "" in ids:
        print("bỏ qua id rỗng (chỉ có khoảng trắng hay ký tự vô hình)", file=sys.stderr)
        ids = [doc_id for doc_id in ids if doc_id]
    unread = 0
    for path in args.paths or []:
        if not os.path.exists(path):
            print(f"bỏ qua “{path}”: không tìm thấy", file=sys.stderr)
            unread += 1
            continue
        for item in read_inputs([path]):
            if isinstance(item, RawArticle):
                ids.append(item.id)
            elif item.article_id is not None:
                ids.append(item.article_id)     # a list of {"id": …}: the id is all a removal needs
            elif item.fatal:
                # No article read there: none to name, so none removed for it.
                print(f"bỏ qua {item}", file=sys.stderr)
                unread += 1
    if not ids:
        if unread:
            raise CliError("không đọc được bài nào để gỡ khỏi chỉ mục; chỉ mục giữ nguyên")
        raise CliError("hãy nêu id của bài cần gỡ (ID) hoặc tệp, thư mục chứa chúng (--articles-in)", code=2)
    writer = open_writer(_index_dir(args), _backend(args), args.opensearch_url, args.opensearch_index)
    with _terminate_as_interrupt():
        report = writer.remove(ids)
    for warning in report.warnings:
        print(f"lưu ý: {warning}", file=sys.stderr)
    for doc_id in report.missing[:NOTES_SHOWN]:
        print(f"không có trong chỉ mục: {doc_id}", file=sys.stderr)
    if len(report.missing) > NOTES_SHOWN:
        print(f"… và {format_count(len(report.missing) - NOTES_SHOWN)} id nữa không có trong chỉ mục, không in ra",
              file=sys.stderr)
    for why in report.failed:
        print(f"chưa gỡ được {why}; chạy lại lệnh", file=sys.stderr)
    size = (f"Chỉ mục {writer.where} có {format_count(report.total_docs)} bài."
            if report.total_docs is not None else f"Không mở được chỉ mục {writer.where}.")
    print(f"Đã gỡ {format_count(len(report.removed))} bài trong {format_seconds(report.seconds * 1000)}. {size}")
    return 1 if report.missing or report.failed or unread else 0


@contextlib.contextmanager
def _terminate_as_interrupt():
    """A run stopped by SIGTERM (``kill``, ``timeout``, a service manager's stop) ends as
    Ctrl-C ends it: what was saved is kept and said, the staging folder removed. Yields a
    list that holds the signal once it came (exit code 143 rather than 130)."""
    stopped: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return
    parent = os.getpid()

    def interrupt(signum, _frame):
        if os.getpid() != parent:
            # A worker forked while the handler stood (``timeout`` and service managers
            # signal the whole group): it ends as SIGTERM ends it, the parent says what
            # was saved.
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        stopped.append(signum)
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield stopped
    finally:
        signal.signal(signal.SIGTERM, before)


def _refuse_seeds_into_other_articles(args) -> None:
    """Without a PATH, ``index`` reads the sample articles of ``seeds/``: into an index of
    other articles that is a slip (a path left out), not a wish. ``--rebuild`` would drop
    those articles; a plain run would mix five samples into them."""
    from shlex import quote
    if args.rebuild:
        _refuse_rebuild_from_seeds(args)
        return
    try:
        held, others = _held_besides_seeds(args)
    except Exception:
        return          # an index that cannot be read: the run says what is wrong with it
    if others:
        raise CliError(f"không kèm ĐƯỜNG_DẪN, ctsearch index đọc {format_count(len(_seed_ids()))} bài mẫu (seeds/), "
                       f"còn chỉ mục {_where(args)} có {format_count(held)} bài, có bài không phải bài mẫu: hãy đưa tệp hay thư mục cần "
                       f"thêm, hoặc đưa chính thư mục mẫu nếu muốn thêm các bài đó: "
                       f"ctsearch index {quote(str(default_seeds_dir()))} {_index_dir_option(args)}".rstrip(), code=2)


@functools.lru_cache(maxsize=1)
def _seed_ids() -> frozenset[str]:
    """The ids of the sample articles (read once: a refusal counts them and names them)."""
    from .ingest import read_inputs
    return frozenset(item.id for item in read_inputs([str(default_seeds_dir())]) if hasattr(item, "id"))


def _index_dir_option(args) -> str:
    from .store import index_dir_option
    return "--backend opensearch" if _backend(args) == "opensearch" else index_dir_option(_index_dir(args))


def _held_besides_seeds(args) -> tuple[int, bool]:
    """(articles the index holds, whether any is not a sample article); (0, False) where
    there is no index yet. Raises OSError for an index that cannot be read."""
    from .store import NoIndexYet, index_exists
    engine = None
    try:
        if _backend(args) != "opensearch" and not index_exists(_index_dir(args)):
            folder = Path(_index_dir(args))
            if not any(p.name == "ctsearch.json" or "MAIN_" in p.name for p in (folder.iterdir() if folder.is_dir() else ())):
                return 0, False    # no index yet: nothing to keep
            raise OSError("tệp mục lục bị mất")     # an index's files without its table of contents
        engine = _engine(args)
        held = engine.stats()["articles"]
        seeds = _seed_ids()
        return held, held > len(seeds) or any(h.id not in seeds for h in engine.search("", limit=max(1, held)).hits)
    except NoIndexYet:
        return 0, False    # no alias on the cluster yet: nothing to keep
    finally:
        if engine is not None:
            engine.close()


def _index_command(args, paths) -> str:
    """This ``ctsearch index`` run's command, to run it again (on a cluster: the
    articles already written are only overwritten)."""
    from shlex import quote
    words = ["ctsearch index", *(quote(str(p)) for p in paths), "--backend opensearch" + _cluster_options(args)]
    return " ".join(words) + (" --rebuild" if args.rebuild else "")


def _cluster_options(args) -> str:
    """The cluster and the alias as given (" --opensearch-url … --opensearch-index …"): a
    command printed without them would write the default alias."""
    from shlex import quote
    return "".join(f" --{name} {quote(value)}" for name, value in (
        ("opensearch-url", args.opensearch_url), ("opensearch-index", args.opensearch_index)) if value)


def _rebuild_command(args) -> str:
    """The command that rebuilds the index these arguments name, on its backend."""
    from .store import rebuild_command
    if _backend(args) == "opensearch":
        return rebuild_command(None, " --backend opensearch" + _cluster_options(args))
    return rebuild_command(_index_dir(args))


def _refuse_rebuild_from_seeds(args) -> None:
    """A rebuild keeps only what it is given: without a PATH, the sample articles. An index
    holding any other article would lose it, so the user must name its sources."""
    hint = "Hãy đưa mọi tệp và thư mục của chỉ mục: " + _rebuild_command(args)
    try:
        held, others = _held_besides_seeds(args)
    except Exception as exc:
        # An index that cannot be read (another mapping version, a damaged folder, a cluster
        # that does not answer): what it held is unknown.
        raise CliError(f"không đọc được chỉ mục {_where(args)} ({type(exc).__name__}) để biết nó có những bài "
                       f"nào; --rebuild không kèm ĐƯỜNG_DẪN chỉ dựng lại từ các bài mẫu (seeds/). {hint}", code=2)
    if others:
        raise CliError(f"--rebuild không kèm ĐƯỜNG_DẪN chỉ dựng lại từ {len(_seed_ids())} bài mẫu (seeds/), trong khi "
                       f"chỉ mục {_where(args)} có {format_count(held)} bài, có bài ngoài các bài mẫu: những bài đó sẽ mất. "
                       + hint, code=2)


def print_index_report(report, index_dir, out=None, err=None) -> None:
    """The end-of-run summary: what was saved, and what was not and why."""
    out = out or sys.stdout
    err = err or sys.stderr
    rate = report.indexed / report.seconds if report.seconds else 0
    size = (f"Chỉ mục {index_dir} có {format_count(report.total_docs)} bài."
            if report.total_docs is not None else f"Không mở được chỉ mục {index_dir}.")
    summary = (f"Đã thêm {format_count(report.added)}, cập nhật {format_count(report.updated)}, bỏ qua "
               f"{format_count(report.skipped)} bài trong {format_seconds(report.seconds * 1000)} "
               f"({format_rate(rate)} bài/s). {size}")
    kept_old = report.rebuild and not report.switched
    for warning in report.warnings:
        print(f"lưu ý: {warning}", file=err)
    if report.interrupted:
        tail = (" Chưa làm lại xong: chỉ mục cũ vẫn giữ nguyên." if kept_old
                else " Phần chưa lưu đã bỏ; chỉ mục vẫn dùng được.")
        print(f"Đã dừng. {summary}{tail}", file=err)
        return
    if report.failed:
        print(f"Lỗi: {report.error or 'có lô bị mất'}", file=err)
        for lost in report.lost:
            print(f"  chưa lưu: {lost}", file=err)
        if kept_old:
            print(f"Chưa làm lại xong: chỉ mục cũ vẫn giữ nguyên. {size}", file=err)
        else:
            usable = "; chỉ mục vẫn dùng được" if report.total_docs is not None else ""
            print(f"Đã lưu: {summary} Chạy lại cho các bài “chưa lưu” ở trên{usable}.", file=err)
        return
    print(summary, file=out)
    if report.indexed == 0:
        print("Không đánh chỉ mục được bài nào."
              + (" Chỉ mục cũ vẫn giữ nguyên." if kept_old else ""), file=err)


def _engine(args):
    from .query import SearchEngine
    from .suggest import attach_suggester
    from .backend import open_backend
    engine = SearchEngine(backend=open_backend(_index_dir(args), _backend(args), args.opensearch_url,
                                               args.opensearch_index))
    attach_suggester(engine)
    return engine


def _topic_label(slug: str) -> str:
    from .topics import TOPIC_LABELS
    return TOPIC_LABELS.get(slug, slug)


def _in_page_order(values_by_facet: dict) -> list[tuple]:
    """(facet, its values) in the web sidebar's order: one habit for the page and the terminal."""
    from .facetdefs import sidebar_order
    return [(f, values_by_facet[f.name]) for f in sidebar_order() if f.name in values_by_facet]


#: Values of each facet the text output prints (the rest counted): a terminal's lines.
TEXT_FACET_VALUES = 15
#: An option left at its default (``--facet-size``: the default differs with ``--json``).
_UNSET = object()


def print_result(result, stream=None, article=None, facet_size: int | None = TEXT_FACET_VALUES) -> None:
    """The results as text; ``article`` (id -> stored article) gives untitled hits a title
    made from their text, as the web pages do; ``facet_size`` values of each facet are
    printed (None: all)."""
    from .titles import display_title
    stream = stream or sys.stdout
    color = _use_color(stream)
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    dim = (lambda s: f"\x1b[2m{s}\x1b[0m") if color else (lambda s: s)
    w = stream.write
    filtered = any(result.filters.values()) or any((result.dates or {}).values())
    within = " trong bộ lọc đang chọn" if filtered else ""
    if result.query.strip() and not result.understood:
        w(f"“{result.query}” không có chữ hay số nào để tìm: {format_count(result.total)} bài{within}")
    elif result.query.strip():
        w(f"{count_phrase(*result.counts)} cho “{result.query}”{within}")
    else:
        w(f"{format_count(result.total)} bài{within}" if filtered else f"{format_count(result.total)} kết quả cho mọi bài")
    if result.total and result.page <= result.pages:
        w(f" · trang {result.page}/{result.pages}")
    w(f" · {result.took_ms:.0f} ms\n")
    if result.interpreted_as and result.total:
        w(f"Kết quả cho {bold(result.interpreted_as)} · Tìm đúng chữ đã gõ: --literal\n")
    elif result.interpreted_as:
        w(f"Không có bài nào chứa “{bold(result.interpreted_as)}”{within} · Tìm đúng chữ đã gõ: --literal\n")
    if result.total and not result.hits and result.page > result.pages:
        w(f"Chỉ có {format_count(result.pages)} trang kết quả (--page 1 là trang đầu).\n")
    if result.suggestion:
        w(f"Có phải bạn muốn tìm: {bold(result.suggestion)}\n")
    if result.dates_empty is not None:
        from .query import dates_empty_note
        w(dates_empty_note(result.dates_empty) + "\n")
    if result.wider:
        # "Hà Giang": articles since the merger may name only today's Tuyên Quang.
        from shlex import quote

        from .facetdefs import facet
        for wide in result.wider:
            first = " --page 1" if result.page > 1 else ""
            if wide.unknown:    # the years chosen kept, "Không rõ" added beside them
                w(f"{wide.explain()} Thêm --{facet(wide.facet).option} {bold(quote(wide.to_value))} để xem cả các "
                  f"bài đó.\n")
                continue
            since = f" --from {wide.since}" if wide.since and not wide.whole_unit else ""
            instead = " ".join(f"--{facet(wide.to_facet).option} {bold(quote(v))}" for v in wide.to_values) \
                + f"{since}{first}"
            if result.total and not wide.whole_unit:   # the unit's later articles are worth a look too
                w(f"{wide.explain()} Cũng xem: {instead} ({format_count(wide.count)} bài).\n")
            else:   # (today's whole unit holds what was found: always instead)
                instead_of = " ".join(f"--{facet(wide.facet).option} {quote(v)}" for v in wide.chosen)
                w(f"{wide.explain()} Thử {instead} thay cho {instead_of} "
                  f"({format_count(wide.count)} bài).\n")
    if result.place:
        # "vai thieu bac ninh": today's Bắc Ninh holds former Bắc Giang, whose articles say so.
        from shlex import quote

        from .facetdefs import facet
        place = result.place
        w(f"{place.explain()}: ctsearch query {bold(quote(place.rest)) + ' ' if place.rest else ''}"
          f"--{facet(place.facet).option} {bold(quote(place.value))} ({format_count(place.found)} bài)\n")
    if result.also_searched:
        w(f"Cũng tìm: {', '.join(result.also_searched)}\n")
    if result.apart and result.total:
        from .query import apart_note
        w(f"{apart_note(result.apart)}\n")
    if result.ignored:
        from .query import ignored_note
        w(f"{ignored_note(result.ignored)}\n")
    if result.counts[1]:
        from .query import near_note
        w(f"{near_note(result.counts[0], result.near_apart)}\n")
    w("\n")
    start = (result.page - 1) * result.limit
    heading_at = result.near_heading_at()
    for i, hit in enumerate(result.hits, start + 1):
        if i - start - 1 == heading_at:
            from .query import near_heading
            w(bold(f"— {near_heading(result.counts[1], result.near_apart)} —") + "\n\n")
        title = html_to_terminal(hit.title_html, color)
        if not title.strip():
            found = article(hit.id) if article is not None else None
            title = display_title("", found["body"] if found else "", hit.url).text
        w(f"{i}. {title}\n")
        meta = [hit.date or (str(hit.year) if hit.year else "không rõ ngày"),
                hit.province_label or "Không rõ tỉnh",
                ", ".join(_topic_label(t) for t in hit.topics) or "—"]
        if hit.source:
            meta.append(hit.source)
        w("   " + dim(" · ".join(meta) + f" · {hit.id}") + "\n")
        w("   " + html_to_terminal(hit.snippet, color) + "\n")
        if hit.missing:
            w("   " + dim("Thiếu: " + ", ".join(hit.missing)) + "\n")
        w("\n")
    for definition, values in _in_page_order(result.facets):
        values = sorted(values, key=lambda v: not v.selected)   # what is ticked is never cut off
        # (a ticked value as its chip names it: today's unit with the former provinces it holds)
        shown = ", ".join(f"[x] {definition.chip_label(v.value)} ({format_count(v.count)})" if v.selected
                          else f"{v.label} ({format_count(v.count)})" for v in values[:facet_size])
        cut = len(values) if facet_size is None else facet_size
        more = f", … (+{len(values) - cut})" if len(values) > cut else ""
        w(f"{definition.title}: {shown or '—'}{more}\n")


def _check_years(values: list[str] | None) -> None:
    """``--year`` with digits must use ASCII digits: "²" passes str.isdigit() but not int()."""
    from .facetdefs import year_digits_error
    from .query import QueryError
    from .textnorm import without_controls
    for value in values or ():
        value = without_controls(value).strip()     # as the search will read it
        error = year_digits_error(value)
        if error:
            raise QueryError("year", error, value=value)


def _facet_size(text: str) -> int | None:
    """``--facet-size``: a positive number, or "max" for every value (None)."""
    from .textnorm import without_controls
    if without_controls(text).strip().lower() == "max":
        return None
    try:
        return _positive_int(text)
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; hoặc “max” để lấy mọi giá trị") from None


def _positive_int(text: str) -> int:
    """An integer option written with ASCII digits (argparse's int() also takes "１"), its
    control characters read as in every search parameter ("1\\t" is 1; a message never
    quotes an escape sequence to the terminal)."""
    from .textnorm import without_controls
    text = without_controls(text)
    t = text.strip()
    if t.isascii() and t.isdigit() and not t.strip("0"):
        raise argparse.ArgumentTypeError(f"cần một số từ 1 trở lên, không phải “{text}”")
    if not (t.isascii() and t.isdigit()):
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương viết bằng chữ số 0–9, không phải “{text}”")
    if len(t.lstrip("0")) > 9:
        raise argparse.ArgumentTypeError(f"“{text}” quá lớn")
    return int(t)


def _at_most(most: int):
    """A positive integer option with a ceiling, said when passed (the API's own)."""
    def read(text: str) -> int:
        n = _positive_int(text)
        if n > most:
            raise argparse.ArgumentTypeError(f"tối đa {most}, không phải “{text.strip()}”")
        return n
    return read


def _word(text: str) -> str:
    """A word option (``--sort``) read as every search parameter is: "date\\t" is date."""
    from .textnorm import without_controls
    return without_controls(text).strip()


def _port(text: str) -> int:
    """A TCP port: 1–65535 (the system would pick another for 0, or wrap a larger one)."""
    port = _positive_int(text)
    if port > 65535:
        raise argparse.ArgumentTypeError(f"cổng phải từ 1 đến 65535, không phải “{text}”")
    return port


def cmd_query(args) -> int:
    _check_years(args.year)
    engine = _engine(args)
    from .facetdefs import MAX_VALUES as MAX_FACET_VALUES, facets, places_read
    result = engine.search(
        " ".join(args.text), **{f.name: getattr(args, f.name) for f in facets()}, date_from=args.date_from,
        date_to=args.date_to, sort=args.sort, page=args.page, limit=args.limit, literal=args.literal,
    )
    if args.json:
        size = MAX_FACET_VALUES if args.facet_size is _UNSET else args.facet_size
        print(json.dumps(engine.result_json(result, size), ensure_ascii=False, indent=2))
    else:
        # ("--province 'Hà Tây'" filters by Hà Nội: said, not silently, before the results
        # as the other notes on the filters are)
        for note in places_read({f.name: getattr(args, f.name) or [] for f in facets()}, result.filters):
            print(f"{note}.", file=sys.stderr)
        sys.stderr.flush()
        print_result(result, article=engine.article,
                     facet_size=TEXT_FACET_VALUES if args.facet_size is _UNSET else args.facet_size)
    if not result.total and engine.being_built():
        print(engine.BEING_BUILT_NOTE, file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    from .merger import province_label

    engine = _engine(args)
    article = engine.article_json(args.id)
    if article is None:
        raise CliError(f"không có bài với id “{args.id}” trong chỉ mục {_where(args)}")
    if args.json:
        print(json.dumps(article, ensure_ascii=False, indent=2))
        return 0
    from .titles import display_title
    title = display_title(article["title"], article["body"], article.get("url")).text
    print(title)
    print("=" * min(len(title), 78))
    print(f"Ngày: {article['date'] or (article['year'] or 'không rõ')}")
    print(f"Tỉnh/thành: {article['province_label'] or 'Không rõ'}"
          + (f" (nhắc đến: {', '.join(province_label(p) for p in article['provinces'])})"
             if article["provinces"] else ""))
    print(f"Chủ đề: {', '.join(_topic_label(t) for t in article['topics']) or '—'}")
    if article["source"] or article["url"]:
        print(f"Nguồn: {' '.join(x for x in (article['source'], article['url']) if x)}")
    print(f"Id: {article['id']}\n")
    print(article["body"])
    return 0


def _outdated_note(index_dir) -> str:
    from .store import outdated_rules_note
    return outdated_rules_note(index_dir)


def cmd_stats(args) -> int:
    engine = _engine(args)
    stats = engine.stats()
    versions, current = stats["rules"]["index"], stats["rules"]["current"]
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{format_count(stats['articles'])} bài trong chỉ mục {_where(args)}")
    print(f"Quy tắc trích xuất: {', '.join(versions) or 'không rõ'} (hiện tại: {current})")
    if stats["rules"]["rebuild_needed"]:
        print(_outdated_note(_index_dir(args)), file=sys.stderr)
    for definition, values in _in_page_order(stats["facets"]):
        if not values:
            continue        # no article has a value (sources never given): no empty heading
        print(f"\n{definition.title}:")
        width = max([32] + [len(v["label"]) for v in values])   # long labels keep the column
        for v in values:
            print(f"  {v['label']:<{width}} {format_count(v['count']):>7}")
    return 0


def cmd_complete(args) -> int:
    from .textnorm import without_controls

    engine = _engine(args)
    text = without_controls(args.text)
    found = engine.complete(text, args.limit)
    if args.json:
        print(json.dumps({"query": args.text, "completions": [c.to_dict() for c in found]},
                         ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(f"Không có gợi ý cho “{text}”.", file=sys.stderr)
        return 0
    for c in found:
        print(c.text)
    return 0


def cmd_serve(args) -> int:
    from ctsearch.web.server import serve
    backend = None
    if _backend(args) == "opensearch":
        from .backend import opensearch_settings
        url, alias = opensearch_settings(args.opensearch_url, args.opensearch_index)
        backend = {"BACKEND": "opensearch", "OPENSEARCH_URL": url, "OPENSEARCH_INDEX": alias}
    return serve(host=args.host, port=args.port, index_dir=_index_dir(args), processes=args.processes,
                 backend=backend, settings={"PROXIES": args.proxies} if args.proxies else None)


# --- parser -------------------------------------------------------------------------------------
class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


# argparse's own words, in the language of the rest of the command line.
_HEADINGS = {"usage: ": "cách dùng: ", "positional arguments:": "đối số:", "options:": "tùy chọn:",
             "optional arguments:": "tùy chọn:"}
_HEADING_RE = re.compile("^(" + "|".join(re.escape(h) + ("" if h.endswith(" ") else "$") for h in _HEADINGS) + ")",
                         re.MULTILINE)
_ERRORS = [
    # An option's error reads as the search's own errors do: "lỗi tham số --page: …".
    (re.compile(r"^argument (-.+?): (.*)$", re.DOTALL), lambda m: f"tham số {m[1]}: {_translate(m[2])}"),
    (re.compile(r"^argument (.+?): (.*)$", re.DOTALL), lambda m: f"đối số {m[1]}: {_translate(m[2])}"),
    (re.compile(r"^invalid choice: (.*) \(choose from (.*)\)$"),
     lambda m: f"giá trị không hợp lệ: {m[1]} (chọn một trong: {m[2]})"),
    (re.compile(r"^the following arguments are required: (.*)$"), lambda m: f"thiếu đối số: {m[1]}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), lambda m: f"không hiểu đối số: {m[1]}"),
    (re.compile(r"^expected one argument$"), lambda m: "cần một giá trị"),
    (re.compile(r"^expected at least one argument$"), lambda m: "cần ít nhất một giá trị"),
    (re.compile(r"^invalid (\w+) value: (.*)$"), lambda m: f"giá trị không hợp lệ ({m[1]}): {m[2]}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$"),
     lambda m: f"tùy chọn {m[1]} không rõ, có thể là: {m[2]}"),
]


def _translate(message: str) -> str:
    for pattern, say in _ERRORS:
        m = pattern.match(message)
        if m:
            return say(m)
    return message


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks Vietnamese, like the rest of the command line:
    headings, the help option and usage errors (argparse writes them in English)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="in hướng dẫn này rồi thoát")

    def format_usage(self) -> str:
        return _HEADING_RE.sub(lambda m: _HEADINGS[m[1]], super().format_usage())

    def format_help(self) -> str:
        return _HEADING_RE.sub(lambda m: _HEADINGS[m[1]], super().format_help())

    def error(self, message: str):
        self.print_usage(sys.stderr)
        said = _translate(message) + self._meant(message)
        self.exit(2, f"{self.prog}: lỗi{' ' if said.startswith('tham số ') else ': '}{said}\n")

    def _meant(self, message: str) -> str:
        """For options not understood, the options of this command they most likely meant
        (``--provinces`` → ``--province``), as the API names the parameter meant."""
        m = re.match(r"^unrecognized arguments: (.*)$", message)
        if not m:
            return ""
        options = [o for o in self._option_string_actions if o.startswith("--")]
        meant = []
        for word in m[1].split():
            name = word.split("=", 1)[0]
            if not name.startswith("-"):
                continue
            close = difflib.get_close_matches("--" + name.lstrip("-").lower().replace("_", "-"), options, n=1,
                                              cutoff=0.75)
            if close and close[0] not in meant:
                meant.append(close[0])
        return f" (có phải {', '.join(meant)}?)" if meant else ""


class _VersionAction(argparse.Action):
    """``--version``: the version looked up only when asked (reading the installed
    distribution's metadata costs every other command's start tens of milliseconds)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{PROG} {_version()}")
        parser.exit()


def _version() -> str:
    """The installed distribution's version (a checkout run without installing: unknown)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("ctsearch")
    except PackageNotFoundError:
        return "(chưa cài đặt)"


def build_parser() -> argparse.ArgumentParser:
    from .facetdefs import MAX_VALUES as MAX_FACET_VALUES, facets

    parser = _Parser(
        prog=PROG, formatter_class=_Formatter,
        description="ctsearch: tìm kiếm tin ngành Công Thương (search Vietnamese industry-and-trade news).",
        epilog="Ví dụ:\n  ctsearch index                      # đánh chỉ mục các bài mẫu trong seeds/\n"
               "  ctsearch query \"dien gio\" --province \"ben tre\"\n"
               "  ctsearch serve                      # phục vụ http://127.0.0.1:8000 (mở bằng trình duyệt)\n\n"
               "Xem thêm: ctsearch LỆNH --help",
    )
    parser.add_argument("--version", action=_VersionAction, help="in số phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    parser.set_defaults(commands=sub.choices)   # each command's parser, for its own errors

    p = sub.add_parser(
        "index", formatter_class=_Formatter, help="đánh chỉ mục bài viết (.txt, .jsonl, .json, thư mục)",
        description="Đọc bài viết và đưa vào chỉ mục. Mỗi tệp .txt là một bài (dòng đầu là tiêu đề); "
                    "mỗi dòng .jsonl là một bài {id, title, text, date?, source?, url?, province?, topics?}; "
                    "một tệp .json (hay .jsonl) chứa một mảng JSON các bài như thế cũng được đọc. "
                    "Đánh chỉ mục lại cùng id thì cập nhật, không nhân đôi. Bài lỗi bị bỏ qua kèm tên tệp và dòng.",
        epilog="Ví dụ:\n  ctsearch index                          # seeds/\n"
               "  ctsearch index bai-viet/ tin.jsonl --index-dir /tmp/ct\n"
               "  ctsearch index bai-viet/ tin.jsonl --rebuild   # làm lại từ đầu từ mọi nguồn (bài không có\n"
               "                                          # trong đó bị bỏ); chỉ mục cũ vẫn dùng được đến khi xong\n\n"
               "Mã thoát: 0 khi mọi việc xong; 1 khi không đánh chỉ mục được bài nào, có ĐƯỜNG_DẪN không "
               "tồn tại (các đường dẫn khác vẫn được đánh chỉ mục), có lô bị mất hay ghi lỗi (tiến trình con "
               "bị dừng, hết chỗ trên đĩa; những gì đã lưu được liệt kê), hoặc không ghi được vào thư mục "
               "chỉ mục; 2 khi --rebuild hay lệnh không kèm ĐƯỜNG_DẪN sẽ làm mất bài của chỉ mục hoặc trộn "
               "bài mẫu vào; 130 sau Ctrl-C, 143 sau kill (SIGTERM): những gì đã lưu được giữ và liệt kê.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="tệp .txt/.jsonl/.json hoặc thư mục (mặc định: seeds/)")
    _add_index_dir(p)
    p.add_argument("--rebuild", action="store_true", help="làm lại chỉ mục từ đầu: xây bên cạnh chỉ mục cũ và thay nó trong một bước khi xong")
    p.add_argument("--workers", type=_positive_int, metavar="N",
                   help="số tiến trình tách từ (mặc định: số nhân CPU khi có nhiều bài; tối đa 4 tiến trình mỗi nhân)")
    p.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")
    p.add_argument("--shards", type=int, default=1, metavar="N",
                   help="opensearch: số phân mảnh khi tạo chỉ mục mới (mặc định 1)")
    p.add_argument("--replicas", type=int, default=0, metavar="N",
                   help="opensearch: số bản sao của mỗi phân mảnh khi tạo chỉ mục mới (mặc định 0)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "remove", formatter_class=_Formatter, help="gỡ bài khỏi chỉ mục",
        description="Gỡ bài khỏi chỉ mục: bài không còn được tìm thấy, không còn được đếm trong các bộ lọc, "
                    "gợi ý khi gõ hay cách đọc câu tìm kiếm, như chưa từng được đánh chỉ mục. Nêu bài bằng id "
                    "(in cuối dòng thông tin của mỗi kết quả ctsearch query) hoặc bằng tệp, thư mục đã đánh chỉ "
                    "mục (--articles-in: mọi bài đọc được ở đó, đọc như ctsearch index đọc). Id không có trong "
                    "chỉ mục được nêu tên, các bài khác vẫn được gỡ. Tìm kiếm đang chạy (ctsearch serve) thấy "
                    "thay đổi ngay, không cần khởi động lại.",
        epilog="Ví dụ:\n  ctsearch remove 004_e6687adce95f4d90\n"
               "  ctsearch remove --articles-in tin-cu.jsonl --articles-in bai-viet/2019/\n\n"
               "Mã thoát: 0 khi mọi bài nêu đã được gỡ; 1 khi có id không có trong chỉ mục hay tệp không đọc "
               "được (các bài khác vẫn được gỡ); 2 khi không nêu bài nào.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="id của bài cần gỡ")
    p.add_argument("--articles-in", dest="paths", action="append", metavar="PATH",
                   help="gỡ mọi bài đọc được trong tệp hay thư mục này (lặp lại được)")
    _add_index_dir(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser(
        "query", formatter_class=_Formatter, help="tìm kiếm, lọc theo tỉnh/năm/chủ đề",
        description="Tìm bài viết. Gõ có dấu hay không dấu đều được: từ gõ không dấu được đọc như các bài "
                    "trong chỉ mục viết (\"dien gio\" → điện gió; --literal để tìm đúng như gõ). Mặc định mọi từ "
                    "phải có; khi quá ít bài có đủ, các bài có gần đủ được liệt kê sau, kèm từ còn thiếu. "
                    "Từ viết tắt tìm cả dạng đầy đủ và ngược lại (TMĐT ↔ thương mại điện tử). "
                    "\"cụm từ\" trong ngoặc kép, OR giữa hai từ, -từ để loại trừ (-Sơn La: cả từ Sơn La). "
                    "Nhiều giá trị của một bộ lọc kết hợp bằng OR, các bộ lọc khác nhau bằng AND.",
        epilog="Ví dụ:\n  ctsearch query \"thương mại điện tử\"\n"
               "  ctsearch query dien gio --province \"ben tre\" --province \"Sơn La\"\n"
               "  ctsearch query \"thủy điện\" --current-province \"tuyen quang\"   # cả Hà Giang cũ\n"
               "  ctsearch query \"\" --mentions \"bac ninh\"             # mọi bài có nhắc đến Bắc Ninh\n"
               "  ctsearch query \"\\\"điện nông thôn\\\" -COVID\" --year 2021 --sort date\n"
               "  ctsearch query tmdt                                 # cả \"thương mại điện tử\"\n"
               "  ctsearch query dien gio --literal                   # đúng như gõ, không thêm dấu\n"
               "  ctsearch query dien --year 2021 -gio                # từ và tùy chọn theo thứ tự bất kỳ\n"
               "  ctsearch query \"\" --topic electricity --json     # mọi bài chủ đề Điện",
    )
    p.add_argument("text", nargs="*", metavar="TEXT", help="nội dung tìm (để trống: liệt kê theo bộ lọc)")
    for f in facets():
        p.add_argument(f"--{f.option}", dest=f.name, action="append", metavar=f.cli_metavar, help=f.cli_help)
    from .dates import EXAMPLES as DATE_EXAMPLES
    p.add_argument("--from", dest="date_from", metavar="NGÀY",
                   help=f"từ ngày: {', '.join(DATE_EXAMPLES[:-1])} hoặc {DATE_EXAMPLES[-1]} "
                        "(ngày trước tháng; năm hay tháng là từ ngày đầu của nó)")
    p.add_argument("--to", dest="date_to", metavar="NGÀY",
                   help="đến ngày, cùng các dạng như --from, tính cả ngày đó (năm hay tháng là đến ngày cuối của nó)")
    p.add_argument("--sort", type=_word, choices=["relevance", "date"], default="relevance",
                   help="relevance (liên quan nhất) hoặc date (mới nhất trước)")
    p.add_argument("--limit", type=_positive_int, default=10, metavar="N",
                   help="số kết quả mỗi trang (mặc định 10, tối đa 1000)")
    p.add_argument("--page", type=_positive_int, default=1, metavar="N", help="trang (từ 1)")
    p.add_argument("--literal", action="store_true",
                   help="tìm đúng các từ như đã gõ: không đoán dấu cho từ gõ không dấu, không thêm dạng viết tắt hay từ đồng nghĩa")
    p.add_argument("--json", action="store_true", help="in kết quả dạng một đối tượng JSON")
    p.add_argument("--facet-size", type=_facet_size, default=_UNSET, metavar="N",
                   help=f"số giá trị in ra mỗi bộ lọc, những giá trị nhiều bài nhất (mặc định {TEXT_FACET_VALUES}; "
                        f"với --json {MAX_FACET_VALUES}, facets_more đếm phần còn lại; “max”: mọi giá trị)")
    _add_index_dir(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser(
        "show", formatter_class=_Formatter, help="xem một bài theo id",
        description="In bài viết đã lưu (nội dung đã làm sạch) và siêu dữ liệu của nó.",
        epilog="Ví dụ:\n  ctsearch show 004_e6687adce95f4d90\n  ctsearch show 004_e6687adce95f4d90 --json",
    )
    p.add_argument("id", metavar="ID", help="id của bài, in cuối dòng thông tin của mỗi kết quả ctsearch query")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_index_dir(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "stats", formatter_class=_Formatter, help="số bài và số bài theo tỉnh, năm, chủ đề",
        description="Thống kê chỉ mục: tổng số bài và số bài theo từng giá trị của các bộ lọc.",
        epilog="Ví dụ:\n  ctsearch stats\n  ctsearch stats --json",
    )
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_index_dir(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "complete", formatter_class=_Formatter, help="gợi ý khi đang gõ câu tìm kiếm",
        description="Gợi ý cách viết trọn câu tìm kiếm đang gõ, có dấu, như ô tìm kiếm trên trang gợi ý: "
                    "các từ đã gõ được đọc như khi tìm, từ cuối (có thể chưa gõ xong) được viết tiếp như "
                    "các bài viết tiếp nó; sau một dấu cách, gợi ý từ tiếp theo. Gợi ý lấy từ chính chỉ mục, "
                    "từ ngữ của ngành và địa danh.",
        epilog="Ví dụ:\n  ctsearch complete \"thuong mai d\"      # thương mại điện tử…\n"
               "  ctsearch complete \"quan ly thi tr\"     # quản lý thị trường\n"
               "  ctsearch complete \"san pham cong nghiep n\" --limit 3 --json",
    )
    p.add_argument("text", metavar="TEXT", help="câu đang gõ, có dấu hay không dấu")
    from .offers import LIMIT as COMPLETIONS, MAX_LIMIT as MAX_COMPLETIONS
    p.add_argument("--limit", type=_at_most(MAX_COMPLETIONS), default=COMPLETIONS, metavar="N",
                   help=f"số gợi ý nhiều nhất (mặc định {COMPLETIONS}, như ô tìm kiếm trên trang; tối đa "
                        f"{MAX_COMPLETIONS})")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    _add_index_dir(p)
    p.set_defaults(func=cmd_complete)

    p = sub.add_parser(
        "serve", formatter_class=_Formatter, help="chạy giao diện web",
        description="Chạy giao diện tìm kiếm trên trình duyệt (máy chủ waitress). "
                    "Nếu chưa có chỉ mục, đánh chỉ mục các bài mẫu trong seeds/ trước; chỉ mục "
                    "đang được đánh chỉ mục (lần nhập đầu) được phục vụ khi các bài được lưu.",
        epilog="Ví dụ:\n  ctsearch serve\n  ctsearch serve --host 0.0.0.0 --port 8080 --index-dir /srv/ct\n"
               "  ctsearch serve --processes 1          # một tiến trình (vd. khi gỡ lỗi)\n"
               "  ctsearch serve --behind-proxy 1       # sau một nginx chuyển tiếp https",
    )
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="cổng, từ 1 đến 65535 (mặc định 8000)")
    p.add_argument("--processes", type=_positive_int, metavar="N",
                   help="số tiến trình phục vụ (mặc định: số nhân CPU)")
    p.add_argument("--behind-proxy", type=_positive_int, metavar="N", dest="proxies",
                   help="số máy chủ proxy (nginx…) đứng trước; tin các tiêu đề X-Forwarded-Proto/"
                        "Host/Port/For của chúng (trang phục vụ ở gốc địa chỉ, không ở /thư-mục/), để liên kết trong Atom và CSV là địa chỉ người "
                        "dùng mở (mặc định: không tin, hoặc biến CTSEARCH_PROXIES)")
    _add_index_dir(p)
    p.set_defaults(func=cmd_serve)
    return parser


#: Commands that run one lookup and exit: start-up time is most of what they cost.
SHORT_COMMANDS = ("query", "show", "stats")


#: The command whose words may be typed among its options, and the argument they go to
#: ("ctsearch query dien --year 2020 gio", "ctsearch index a.jsonl --workers 2 b/").
_WORDS_OF = {"query": "text", "index": "paths", "remove": "ids"}
#: A query word typed with a leading "-" (an excluded word, "-gió") is marked so that
#: argparse takes it for a word, not an unknown option.
_WORD_MARK = "\x00"


#: The query command's options that take no value: the token after any other option is
#: its value ("--limit -5" is a bad limit, not an excluded word).
QUERY_FLAGS = ("--literal", "--json", "--help")


def _takes_value(token: str) -> bool:
    """Whether ``token`` is a long option of ``query`` that takes the next token as its
    value (as argparse reads it: a prefix of one option, no "=")."""
    return token.startswith("--") and len(token) > 2 and "=" not in token \
        and not any(flag.startswith(token) for flag in QUERY_FLAGS)


def _mark_excluded_words(argv: list[str]) -> list[str]:
    """``query`` arguments with each "-word" marked as a word: "dien -gio" needs no "--";
    and ``show``'s and ``remove``'s, so that an id a file named "-tin.txt" gave ("-tin") is an id.

    "-h" stays the help option, anything after "--" is a word anyway, "--…" is an option
    (a mistyped one is still refused), and an option's value is its value."""
    if not argv or argv[0] not in ("query", "show", "remove"):
        return argv
    out = [argv[0]]
    for i, token in enumerate(argv[1:], 1):
        if token == "--":
            return out + argv[i:]
        word = len(token) > 1 and token[0] == "-" and token[1] != "-" and token != "-h" \
            and not _takes_value(argv[i - 1])
        out.append(_WORD_MARK + token if word else token)
    return out


def _unmark(value):
    if isinstance(value, str):
        return value.replace(_WORD_MARK, "")
    if isinstance(value, list):
        return [_unmark(v) for v in value]
    return value


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments as a user types them: a command's words may come before, between or
    after its options, and a query's excluded words need no "--" before them."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(_mark_excluded_words(argv))
    rest = _WORDS_OF.get(getattr(args, "command", None) or "")
    words = [t for t in extra if rest and (t.startswith(_WORD_MARK) or not t.startswith("-"))]
    if len(words) < len(extra):
        # The command's own parser says it, with its usage ("ctsearch query --bogus").
        own = (getattr(args, "commands", None) or {}).get(getattr(args, "command", None) or "", parser)
        own.error("unrecognized arguments: " + " ".join(_unmark(t) for t in extra if t not in words))
    if words:
        setattr(args, rest, (getattr(args, rest) or []) + words)
    for name, value in vars(args).items():
        setattr(args, name, _unmark(value))
    return args


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parse_arguments(parser, argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    if args.command in SHORT_COMMANDS:
        from .quickstart import prepare
        prepare()
    from .query import QueryError
    from .store import IndexError_, rebuild_command
    output = sys.stdout = _WatchedOutput(sys.stdout)
    try:
        return args.func(args)
    except QueryError as exc:
        # Named as argparse names its own errors ("ctsearch query: lỗi tham số --limit: …"):
        # one prefix whichever check refused the value.
        print(f"{PROG} {args.command}: lỗi tham số --{exc.param.replace('_', '-')}: {exc.message}", file=sys.stderr)
        return 2
    except (CliError, IndexError_) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return getattr(exc, "code", 1)
    except KeyboardInterrupt:
        print(f"{PROG}: đã dừng.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for the user, unless asked
        if os.environ.get("CTSEARCH_DEBUG"):
            raise
        failure = _output_failure(exc, output)
        if failure:
            print(f"{PROG}: {failure}", file=sys.stderr)
            return 1
        unusable = _unusable_folder(args, exc)
        if unusable:
            print(f"{PROG}: {unusable}", file=sys.stderr)
            return 1
        print(f"{PROG}: lỗi ngoài dự kiến ({type(exc).__name__}: {exc}); chạy lại với CTSEARCH_DEBUG=1 "
              f"để xem chi tiết", file=sys.stderr)
        try:
            folder = hasattr(args, "index_dir") and _backend(args) == "whoosh"
        except CliError:
            folder = False
        if folder:
            index_dir = _index_dir(args)
            # The arguments were checked before: what fails again and again while reading
            # an index is most often a damaged one (files truncated or emptied by hand, a
            # disk error); once, it may be anything, and a rebuild is no first step.
            print(f"{PROG}: nếu lỗi lặp lại với mọi lệnh trên chỉ mục này, chỉ mục có thể đã hỏng; "
                  f"khi đó hãy dựng lại từ mọi tệp và thư mục của nó: {rebuild_command(index_dir)}",
                  file=sys.stderr)
        return 1
    finally:
        if sys.stdout is output:
            sys.stdout = output.wrapped


class _WatchedOutput:
    """Standard output, noting what failed to write it: the error is then the output's (a
    full disk under a log, /dev/full, an output that cannot hold Vietnamese), which no index
    is to blame for (a scheduled run was told its index might be damaged)."""

    def __init__(self, stream) -> None:
        self.wrapped = stream
        self.failed: BaseException | None = None

    def write(self, text: str) -> int:
        try:
            return self.wrapped.write(text)
        except (OSError, UnicodeError) as exc:
            self.failed = exc
            raise

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            self.failed = exc
            raise

    def __getattr__(self, name: str):
        return getattr(self.wrapped, name)


def _output_failure(exc: BaseException, output: _WatchedOutput) -> str | None:
    """What to say where ``exc`` came of writing the command's output; None otherwise."""
    from .vnformat import os_error_text
    if output.failed is not exc:
        return None
    if isinstance(exc, UnicodeEncodeError):
        return (f"không ghi được kết quả ra đầu ra chuẩn vì nó dùng bảng mã {exc.encoding}, không có chữ tiếng "
                f"Việt; hãy đặt PYTHONIOENCODING=utf-8")
    return f"không ghi được kết quả ra đầu ra chuẩn: {os_error_text(exc) if isinstance(exc, OSError) else exc}"


#: What the system says when the index's folder cannot be used as one, not that it is damaged.
_FOLDER_ERRNOS = frozenset({"EROFS", "EACCES", "EPERM", "ENOTDIR", "EEXIST", "ENOSPC", "EDQUOT"})


def _unusable_folder(args, exc: BaseException) -> str | None:
    """A message for a folder of the index that cannot be written or is no folder (read-only
    disk, no permission, a file of that name, a full disk), where a rebuild would fail the
    same way; None for any other error."""
    import errno as _errno
    from .vnformat import os_error_text
    if not isinstance(exc, OSError) or _errno.errorcode.get(exc.errno or 0) not in _FOLDER_ERRNOS:
        return None
    try:
        if not hasattr(args, "index_dir") or _backend(args) != "whoosh":
            return None
        folder = Path(_index_dir(args))
    except CliError:
        return None
    from .store import file_in_the_way
    blocked = file_in_the_way(folder)
    if blocked:
        return blocked
    if exc.filename:
        # Only an error on the index's own folder (or the one it is to be made in) is the
        # folder's: an article that cannot be read is said where it is read.
        failed = Path(os.path.abspath(exc.filename))
        home = Path(os.path.abspath(folder))
        if failed not in (home, home.parent) and home not in failed.parents:
            return None
    where = f" ({exc.filename})" if exc.filename else ""
    return f"không dùng được thư mục chỉ mục {folder}: {os_error_text(exc)}{where}"


if __name__ == "__main__":
    sys.exit(main())
