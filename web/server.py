"""``ctsearch serve``: the web app under waitress, a production WSGI server.

From a fresh clone there is no index yet; rather than greet a new user with an error
page, the server first indexes the shipped ``seeds/`` (saying so), then prints the URL.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

#: waitress worker threads; searches are short and the engine is shared.
THREADS = 8


def _doc_count(index_dir: Path) -> int:
    from ctsearch.index import index_exists, open_index
    if not index_exists(index_dir):
        return 0
    ix = open_index(index_dir)      # raises IndexError_ with advice on a schema mismatch
    try:
        return ix.doc_count()
    finally:
        ix.close()


def ensure_index(index_dir: Path, out=sys.stdout) -> int:
    """Index the shipped seeds into ``index_dir`` if it is missing or empty; return its size."""
    count = _doc_count(index_dir)
    if count:
        return count
    from ctsearch.cli import default_seeds_dir
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs

    seeds = default_seeds_dir()
    print(f"Chỉ mục {index_dir} đang trống: đánh chỉ mục các bài mẫu trong {seeds} …", file=out, flush=True)

    def on_problem(problem) -> None:
        print(f"  {'bỏ qua' if problem.fatal else 'lưu ý'} {problem}", file=sys.stderr)

    report = index_articles(read_inputs([str(seeds)]), index_dir, on_problem=on_problem)
    print(f"Đã thêm {report.added} bài trong {report.seconds:.1f} s. "
          f"Chỉ mục {index_dir} có {report.total_docs} bài.", file=out, flush=True)
    return report.total_docs


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


def serve(host: str = "127.0.0.1", port: int = 8000, index_dir: Path | str | None = None,
          backend: dict | None = None) -> int:
    """Serve until Ctrl-C; the exit code for the CLI (0 on a clean stop).

    ``backend``: app config choosing another backend (``BACKEND``, ``OPENSEARCH_URL``,
    ``OPENSEARCH_INDEX``); its index must exist already."""
    from waitress import create_server

    from ctsearch.index import IndexError_, default_index_dir

    from .app import create_app

    index_dir = Path(index_dir) if index_dir is not None else default_index_dir()
    try:
        count = ensure_index(index_dir) if not backend else _cluster_count(backend)
    except IndexError_ as exc:
        print(f"ctsearch: {exc}", file=sys.stderr)
        return 1
    if not count:
        print("ctsearch: chỉ mục vẫn trống; không có gì để tìm.", file=sys.stderr)
        return 1
    app = create_app({"INDEX_DIR": index_dir, **(backend or {})})
    _warm_up(app)
    try:
        server = create_server(app, host=host, port=port, threads=THREADS, ident="ctsearch")
    except OSError as exc:
        print(f"ctsearch: không mở được {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    url = _display_url(host, port)
    where = f"{backend['OPENSEARCH_INDEX']} trên {backend['OPENSEARCH_URL']}" if backend else os.fspath(index_dir)
    print(f"ctsearch: {count} bài trong {where}", flush=True)
    print(f"Mở {url} trong trình duyệt (Ctrl-C để dừng).", flush=True)
    if host in ("0.0.0.0", "::", ""):
        print("Lưu ý: máy chủ nghe trên mọi địa chỉ mạng.", flush=True)
    _stop_on_sigterm()
    try:
        server.run()          # returns after Ctrl-C (waitress catches KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("Đã dừng.", flush=True)
    return 0
