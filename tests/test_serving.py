"""`ctsearch serve` for real: several processes, crowds, and the errors waitress writes.

Each test starts the server in a child process on a free loopback port over the seeds
index, and stops it with SIGTERM.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import first_answer, free_port, process_alive

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(),
                                reason="forks serving processes; reads /proc")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    return process_alive(pid)


@contextlib.contextmanager
def running_server(index_dir: Path, processes: int, settings: dict | None = None):
    port = free_port()
    code = ("import sys; from pathlib import Path; from ctsearch.web.server import serve; "
            f"sys.exit(serve(host='127.0.0.1', port={port}, index_dir=Path(sys.argv[1]), processes={processes}, "
            f"settings={settings!r}))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(index_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    failed = False
    try:
        deadline = time.monotonic() + 60
        assert first_answer(proc, f"{base}/api/stats")[0] == 200
        # Every process is up once it has its engine: wait for them to answer.
        while len(_children(proc.pid)) < (processes if processes > 1 else 0) and time.monotonic() < deadline:
            time.sleep(0.1)
        yield proc, port
    except BaseException:
        failed = True
        raise
    finally:
        out = ""
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                out = proc.communicate(timeout=20)[0] or ""
            except subprocess.TimeoutExpired:
                proc.kill()
                out = proc.communicate()[0] or ""
        elif proc.stdout is not None and not proc.stdout.closed:
            out = proc.stdout.read() or ""
        if failed:   # the server's own account of the failure (its tracebacks), shown by pytest
            print("server output:\n" + out[-6000:])


@pytest.fixture(scope="module")
def served_index(tmp_path_factory, seeds_index) -> Path:
    """A private copy of the seeds index (the server never writes an existing index)."""
    target = tmp_path_factory.mktemp("served") / "ix"
    shutil.copytree(seeds_index, target)
    return target


def test_serves_with_several_processes_and_restarts_one_that_dies(served_index):
    with running_server(served_index, processes=2) as (proc, port):
        workers = _children(proc.pid)
        assert len(workers) == 2
        for _ in range(10):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=dien+gio", timeout=10) as resp:
                assert resp.status == 200 and resp.headers["Server"] == "ctsearch"
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            now = _children(proc.pid)
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.1)
        now = _children(proc.pid)
        assert len(now) == 2 and workers[0] not in now and workers[1] in now
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=10) as resp:
            assert resp.status == 200
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        assert "2 tiến trình phục vụ" in out and "khởi động lại" in out and "Đã dừng." in out
        assert not any(_alive(pid) for pid in now)


def test_serving_processes_die_with_the_server(served_index):
    with running_server(served_index, processes=2) as (proc, _port):
        workers = _children(proc.pid)
        proc.kill()
        proc.communicate()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2 and not any(_alive(pid) for pid in workers)


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


MALFORMED = {
    400: b"GET /search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    413: b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n",
    431: b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
    501: b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
}


@pytest.mark.parametrize("processes", [1, 2])
def test_errors_written_by_the_server_carry_the_security_headers(served_index, processes):
    from ctsearch.web.app import SECURITY_HEADERS

    with running_server(served_index, processes=processes) as (_proc, port):
        for status, request in MALFORMED.items():
            answer = _raw(port, request)
            head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            assert head.split(" ", 2)[1] == str(status), head
            headers = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip()
                       for line in head.split("\r\n")[1:]}
            for name, value in SECURITY_HEADERS.items():
                assert headers.get(name.lower()) == value, (status, name)


def test_a_crowd_of_200_connections_is_answered(served_index):
    """Every one of 200 clients that connect at once and keep their connection open
    gets its answer (waitress alone accepted 100 and left the rest waiting)."""
    with running_server(served_index, processes=2) as (proc, port):
        opened: list[socket.socket] = []
        firsts: dict[int, bytes] = {}
        try:
            for _ in range(200):
                opened.append(socket.create_connection(("127.0.0.1", port), timeout=20))
            request = b"GET /api/search?q=dien+gio&limit=1 HTTP/1.1\r\nHost: x\r\n\r\n"

            def ask(i: int, sock: socket.socket) -> None:
                try:
                    sock.sendall(request)
                    firsts[i] = sock.recv(64)
                except OSError as exc:
                    firsts[i] = repr(exc).encode()

            threads = [threading.Thread(target=ask, args=(i, s)) for i, s in enumerate(opened)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
        finally:
            for sock in opened:
                sock.close()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    answered = [v for v in firsts.values() if v.startswith(b"HTTP/1.1 200")]
    assert len(answered) == 200, set(firsts.values()) - set(answered)
    # Queued requests are the design, not a warning each: a line per request would flood
    # the console and, with output to a pipe nobody reads, block the server.
    assert "Task queue depth" not in out and out.count("\n") < 10, out[-2000:]


def test_a_rebuild_while_serving_shows_the_old_index_then_the_new(served_index, tmp_path):
    import json as _json

    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs

    src = tmp_path / "new.jsonl"
    src.write_text("".join(_json.dumps({"id": f"n{i}", "title": f"Tin mới {i}",
                                        "text": "Điện gió ngoài khơi phát triển mạnh."}) + "\n"
                           for i in range(12)), encoding="utf-8")
    index_dir = tmp_path / "ix"
    shutil.copytree(served_index, index_dir)

    def articles(port: int) -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=10) as resp:
            return _json.load(resp)["articles"]

    with running_server(index_dir, processes=2) as (_proc, port):
        before = articles(port)
        during = []
        index_articles(read_inputs([src]), index_dir, rebuild=True, commit_every=3,
                       on_progress=lambda done, _s: during.extend(articles(port) for _ in range(2)))
        deadline = time.monotonic() + 30   # a loaded machine reopens slowly
        after = set()
        while time.monotonic() < deadline and after != {12}:
            after = {articles(port) for _ in range(6)}     # both processes, most likely
            time.sleep(0.2)
    assert before == 5 and during and set(during) == {5}
    assert after == {12}


def test_links_behind_a_proxy_follow_its_headers_under_the_real_server(served_index):
    # waitress stripped the X-Forwarded-* headers before the app saw them: --behind-proxy
    # did nothing, and the feed and CSV linked to http://127.0.0.1 behind every nginx.
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tin.example.vn", "X-Forwarded-For": "10.0.0.9"}
    for settings, root in (({"PROXIES": 1}, "https://tin.example.vn/"), (None, "http://127.0.0.1:")):
        with running_server(served_index, 1, settings) as (_proc, port):
            ask = urllib.request.Request(f"http://127.0.0.1:{port}/search.atom?q=dien", headers=forwarded)
            with urllib.request.urlopen(ask, timeout=30) as resp:
                feed = resp.read().decode("utf-8")
            links = re.findall(r'<link rel="self"[^>]*href="([^"]+)"', feed)
            assert links and links[0].startswith(root), (settings, links)
