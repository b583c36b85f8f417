"""``ctsearch serve``: the web app under waitress, a production WSGI server.

From a fresh clone there is no index yet; rather than greet a new user with an error
page, the server first indexes the shipped ``seeds/`` (saying so), then prints the URL.

One Python process answers on one core (its engine serialises queries), so the server
forks as many processes as there are cores. They share one listening socket, which the
kernel hands to whichever process is free, and the index files through the page cache;
each opens its own engine after the fork. A process that dies is started again. Each
process accepts up to :data:`CONNECTION_LIMIT` connections and queues their requests
for its threads, so a crowd waits its turn in order instead of waiting for a
connection slot; beyond that, connections wait in the socket's backlog.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from ctsearch.vnformat import format_count, format_seconds, os_error_text

#: waitress worker threads per process; searches are short and the engine is shared.
THREADS = 8
#: Connections each process holds open at most (waitress's default is 100, which left
#: half of a 200-client crowd waiting ~20 s for a slot). Bounded by the open-files limit.
CONNECTION_LIMIT = 1000
#: Connections the kernel queues before any process accepts them.
BACKLOG = 2048
#: Seconds an idle keep-alive connection is kept.
IDLE_TIMEOUT = 30
#: Largest request body accepted (413 beyond): every page and API call is a GET.
MAX_BODY = 1024 * 1024

def _doc_count(index_dir: Path) -> int:
    from ctsearch.index import index_exists, open_index
    if not index_exists(index_dir):
        return 0
    ix = open_index(index_dir)      # raises IndexError_ with advice on a schema mismatch
    try:
        return ix.doc_count()
    finally:
        ix.close()


#: What :func:`ensure_index` returns for an index another process is writing now.
BEING_WRITTEN = -1


def ensure_index(index_dir: Path, out=None) -> int:
    """Index the shipped seeds into ``index_dir`` where no index is there yet (the first
    start); return its size, or ``BEING_WRITTEN`` while another process writes it (a first
    import under way: the site shows its articles as they are saved). An index that exists
    and holds none (its articles removed) is never filled with the samples, which would mix
    them into the articles indexed next."""
    from ctsearch.index import index_exists
    from ctsearch.store import being_written

    out = out or sys.stdout     # (the one of the moment: a default would keep the first one)

    if being_written(index_dir):
        return _doc_count(index_dir) or BEING_WRITTEN
    if index_exists(index_dir):
        return _doc_count(index_dir)
    from ctsearch.backend import WriteOptions, open_writer
    from ctsearch.cli import default_seeds_dir
    from ctsearch.ingest import read_inputs

    seeds = default_seeds_dir()
    print(f"Chỉ mục {index_dir} đang trống: đánh chỉ mục các bài mẫu trong {seeds} …", file=out, flush=True)

    def on_problem(problem) -> None:
        print(f"  {'bỏ qua' if problem.fatal else 'lưu ý'} {problem}", file=sys.stderr)

    report = open_writer(index_dir, "whoosh").write(read_inputs([str(seeds)]), WriteOptions(), on_problem=on_problem)
    print(f"Đã thêm {format_count(report.added)} bài trong {format_seconds(report.seconds * 1000)}. "
          f"Chỉ mục {index_dir} có {format_count(report.total_docs or 0)} bài.", file=out, flush=True)
    return report.total_docs or 0


def _cluster_count(config: dict) -> int:
    """Articles behind the configured OpenSearch alias (raises IndexError_ if none)."""
    from ctsearch.backend import open_backend
    backend = open_backend(None, config["BACKEND"], config.get("OPENSEARCH_URL"), config.get("OPENSEARCH_INDEX"))
    try:
        return backend.overview()["articles"]
    finally:
        backend.close()


def _stop_on_sigterm() -> None:
    """Treat SIGTERM (systemd, docker stop) like Ctrl-C: a clean stop and exit code 0."""
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def _warm_up(app) -> None:
    """Open the index and load the word segmenter now, so the first visitor does not wait."""
    try:
        app.extensions["ctsearch_engine"].search("điện", limit=1)
    except Exception as exc:  # the pages will show the problem; don't refuse to start
        print(f"ctsearch: lưu ý: {exc}", file=sys.stderr)


def _display_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def default_processes() -> int:
    """One serving process per core."""
    return os.cpu_count() or 1


def _connection_limit() -> int:
    """:data:`CONNECTION_LIMIT`, raising the soft open-files limit as far as allowed."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = CONNECTION_LIMIT + 512          # the index's files, pipes, headroom
        if soft != resource.RLIM_INFINITY and soft < want:
            new = want if hard == resource.RLIM_INFINITY else min(want, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
        return max(50, min(CONNECTION_LIMIT, soft - 512))
    except (ImportError, ValueError, OSError):
        return CONNECTION_LIMIT


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every serving process shares."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, socktype, proto, _name, addr = infos[0]
    sock = socket.socket(family, socktype, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(addr)
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _secure_channel():
    """waitress's connection class, with the security headers on the responses waitress
    writes itself (400, 413, 431, 501 for malformed HTTP; 500 if the app fails)."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from .app import SECURITY_HEADERS

    class SecureErrorTask(ErrorTask):
        def execute(self):
            status, headers, body = self.request.error.to_response(self.channel.server.adj.ident)
            self.status = status
            self.response_headers.extend(headers)
            self.response_headers.extend(SECURITY_HEADERS.items())
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class SecureChannel(HTTPChannel):
        error_task_class = SecureErrorTask

    return SecureChannel


def make_server(app, sock: socket.socket):
    """A waitress server for ``app`` on an already listening socket."""
    from waitress import create_server

    from .app import trusted_proxies

    # waitress strips the X-Forwarded-* headers of a proxy it was not told of: the app's
    # own setting (``--behind-proxy``) says which to trust, so they must reach it.
    behind = bool(trusted_proxies(getattr(app, "config", {})))
    server = create_server(app, sockets=[sock], threads=THREADS, ident="ctsearch",
                           connection_limit=_connection_limit(), backlog=BACKLOG,
                           channel_timeout=IDLE_TIMEOUT, asyncore_use_poll=True,
                           max_request_body_size=MAX_BODY, clear_untrusted_proxy_headers=not behind)
    server.channel_class = _secure_channel()
    return server


def _run_server(config: dict, sock: socket.socket) -> None:
    """One serving process: its own engine over the shared index, until SIGTERM/Ctrl-C."""
    from .app import create_app

    # Requests queue for the threads by design (a crowd is answered in order); waitress
    # would log a warning for every queued request, flooding the console under load and
    # blocking the server when its output is a pipe nobody reads.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    app = create_app(dict(config))
    _warm_up(app)
    server = make_server(app, sock)
    _stop_on_sigterm()
    try:
        server.run()          # returns after Ctrl-C (waitress catches KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _fork_server(config: dict, sock: socket.socket) -> int:
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        from ctsearch.lifeline import die_with_parent
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _run_server(config, sock)
    except BaseException as exc:  # noqa: BLE001 - a child must never return into the parent's code
        if not isinstance(exc, KeyboardInterrupt):
            print(f"ctsearch: tiến trình phục vụ {os.getpid()} dừng vì lỗi: {type(exc).__name__}: {exc}",
                  file=sys.stderr, flush=True)
            code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


class _Supervisor:
    """Forks the serving processes, starts again any that dies, stops them all on
    SIGTERM or Ctrl-C."""

    #: More restarts than this within :attr:`window` seconds: something is wrong; stop.
    max_restarts = 5
    window = 30.0

    def __init__(self, config: dict, sock: socket.socket, processes: int) -> None:
        self.config, self.sock, self.processes = config, sock, processes
        self.children: set[int] = set()
        self.restarts: list[float] = []
        self.stopping = False

    def run(self) -> int:
        def stop(signum, frame):
            self.stopping = True

        old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for _ in range(self.processes):
                self.children.add(_fork_server(self.config, self.sock))
            return self._watch()
        finally:
            self._stop_all()
            for sig, handler in old.items():
                signal.signal(sig, handler)

    def _watch(self) -> int:
        while not self.stopping:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid, status = 0, 0
            if pid == 0:
                time.sleep(0.2)
                continue
            if pid not in self.children:
                continue
            self.children.discard(pid)
            why = (f"tín hiệu {signal.Signals(os.WTERMSIG(status)).name}" if os.WIFSIGNALED(status)
                   else f"mã {os.waitstatus_to_exitcode(status)}")
            now = time.monotonic()
            self.restarts = [t for t in self.restarts if now - t < self.window] + [now]
            if len(self.restarts) > self.max_restarts:
                print(f"ctsearch: tiến trình phục vụ {pid} đã dừng ({why}); dừng lại quá nhiều lần, "
                      "thôi phục vụ.", file=sys.stderr, flush=True)
                return 1
            print(f"ctsearch: tiến trình phục vụ {pid} đã dừng ({why}); khởi động lại.",
                  file=sys.stderr, flush=True)
            self.children.add(_fork_server(self.config, self.sock))
        return 0

    def _stop_all(self) -> None:
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                self.children.discard(pid)
        deadline = time.monotonic() + 10
        while self.children and time.monotonic() < deadline:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid:
                self.children.discard(pid)
            else:
                time.sleep(0.05)
        for pid in self.children:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children.clear()


def _say_if_outdated(index_dir: Path) -> None:
    """Whoever starts the server learns that some articles' facets came from older
    extraction rules, and the command that applies the current ones (as ``ctsearch stats``
    says)."""
    from ctsearch.rulesversion import RULES_VERSION
    from ctsearch.store import outdated_rules_note, rules_versions

    if any(v != RULES_VERSION for v in rules_versions(index_dir)):
        print(f"ctsearch: {outdated_rules_note(index_dir)}", file=sys.stderr, flush=True)


def serve(host: str = "127.0.0.1", port: int = 8000, index_dir: Path | str | None = None,
          processes: int | None = None, backend: dict | None = None, settings: dict | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM; the exit code for the CLI (0 on a clean stop).

    ``processes`` (default: one per core) serving processes share the listening socket;
    with one, the server runs in this process. ``backend``: app config choosing another
    backend (``BACKEND``, ``OPENSEARCH_URL``, ``OPENSEARCH_INDEX``); its index must exist.
    ``settings``: more app config (``PROXIES``).
    """
    from ctsearch.index import IndexError_, default_index_dir
    from ctsearch.store import index_dir_option

    index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
    try:
        count = ensure_index(index_dir) if not backend else _cluster_count(backend)
    except IndexError_ as exc:
        print(f"ctsearch: {exc}", file=sys.stderr)
        return 1
    if count == BEING_WRITTEN:
        print(f"Chỉ mục {index_dir} đang được đánh chỉ mục: trang có các bài khi chúng được lưu.", flush=True)
    elif not count:
        print(f"ctsearch: chỉ mục {index_dir} chưa có bài nào; hãy đánh chỉ mục bài viết trước: "
              f"ctsearch index ĐƯỜNG_DẪN {index_dir_option(index_dir)}", file=sys.stderr)
        return 1
    config = {"INDEX_DIR": index_dir, **(backend or {}), **(settings or {})}
    from .app import trusted_proxies
    try:
        trusted_proxies(config)
    except ValueError as exc:
        print(f"ctsearch: {exc}", file=sys.stderr)
        return 2
    try:
        sock = listen(host, port)
    except OSError as exc:
        print(f"ctsearch: không mở được {host}:{port}: {os_error_text(exc)}", file=sys.stderr)
        return 1
    processes = max(1, processes or default_processes())
    if not hasattr(os, "fork"):
        processes = 1
    url = _display_url(host, port)
    where = f"{backend['OPENSEARCH_INDEX']} trên {backend['OPENSEARCH_URL']}" if backend else os.fspath(index_dir)
    held = "đang đánh chỉ mục" if count == BEING_WRITTEN else f"{format_count(count)} bài"
    print(f"ctsearch: {held} trong {where}" + (f"; {processes} tiến trình phục vụ" if processes > 1 else ""),
          flush=True)
    print(f"Mở {url} trong trình duyệt (Ctrl-C để dừng).", flush=True)
    if not backend:
        _say_if_outdated(index_dir)
    if host in ("0.0.0.0", "::", ""):
        print("Lưu ý: máy chủ nghe trên mọi địa chỉ mạng.", flush=True)
    try:
        if processes == 1:
            _run_server(config, sock)
            code = 0
        else:
            from ctsearch import segment
            segment.load()        # once, before forking: the processes share its tables
            code = _Supervisor(config, sock, processes).run()
    finally:
        sock.close()
    print("Đã dừng.", flush=True)
    return code
