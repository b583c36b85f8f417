"""Load benchmark for ``ctsearch serve``: one serving process against one per core.

For each process count it starts ``ctsearch serve`` on 127.0.0.1 and a free port over an
existing index (or the shipped seeds, indexed into a temporary directory), warms every
process up, then measures:

- throughput: C clients (default 20), each a keep-alive connection sending the next
  query as soon as the last answer arrived, for D seconds: requests/s, p50 and p95 latency;
- a crowd: K connections (default 200) opened at once, each sending one request: the time
  from sending to the first byte of the answer (p95 and max), and how many got no answer.

Each process count runs twice: with the result cache (how a server answers the queries
many users repeat) and without it (``CTSEARCH_RESULT_CACHE=0``: what every search costs
when nobody asked it before).

Loopback only, every loop bounded by a time limit and a request cap. It is a benchmark,
not a test: it prints figures and exits 0 unless the server cannot start.

    python bench/load.py --index-dir /path/to/index             # 1 process vs one per core
    python bench/load.py --processes 1 2 --clients 20 --duration 15 --crowd 200
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

#: What users type: single words, compounds, no diacritics, a quoted phrase, OR and
#: exclusion, a topic filter, newest first, a deeper page. Only the query text and topic
#: filters are used, so the list works on any index.
QUERIES = [
    {"q": "điện gió"}, {"q": "thương mại điện tử"}, {"q": "dien gio"}, {"q": "xuất khẩu"},
    {"q": '"Bộ Công Thương"'}, {"q": "giá điện", "sort": "date"}, {"q": "", "topic": "electricity"},
    {"q": "xăng OR dầu -giá"}, {"q": "công nghiệp nông thôn", "page": "2"}, {"q": "hội chợ"},
    {"q": "thuy dien"}, {"q": "sản xuất", "topic": "rural-industry"},
]
MAX_REQUESTS_PER_CLIENT = 100_000


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def paths() -> list[str]:
    out = []
    for q in QUERIES:
        params = {k: v for k, v in q.items() if v != ""}
        out.append("/api/search?" + urllib.parse.urlencode(params) if params else "/api/search")
    return out


class Server:
    """``ctsearch serve --processes P`` as a child process."""

    def __init__(self, index_dir: Path, processes: int, log: Path, cache: bool = True) -> None:
        self.port = free_port()
        self.log = log
        # A file, not a pipe: a pipe nobody reads until the end fills up and blocks the server.
        self.log_fh = open(log, "w+", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        if not cache:
            env["CTSEARCH_RESULT_CACHE"] = "0"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from ctsearch.cli import main; sys.exit(main())",
             "serve", "--host", HOST, "--port", str(self.port), "--index-dir", str(index_dir),
             "--processes", str(processes)],
            stdout=self.log_fh, stderr=subprocess.STDOUT, text=True, env=env)
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/api/stats", timeout=10):
                    break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start:\n{self.stop()}")
                time.sleep(0.3)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log_fh.close()
        return self.log.read_text("utf-8", errors="replace")


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(x) for x in fh.read().split()]
        except OSError:
            pass
    return out


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server and its serving processes (Linux)."""
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def warm_up(port: int, rounds: int) -> None:
    """Every query a few times on fresh connections, so that each process has seen it."""
    for _ in range(rounds):
        for path in paths():
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=30) as resp:
                resp.read()


class RawClient:
    """A keep-alive HTTP/1.1 client on a bare socket: the load generator shares the
    machine's cores with the server, so it must cost as little CPU as possible."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.buf = b""

    def get(self, request: bytes) -> int:
        if self.sock is None:
            self.sock = socket.create_connection((HOST, self.port), timeout=30)
            self.buf = b""
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            rest += chunk
        self.buf = rest[length:]
        if b"connection: close" in head.lower():
            self.close()
        return status

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def throughput(port: int, clients: int, duration: float) -> dict:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start_gate = threading.Barrier(clients + 1)
    stop_at = [0.0]
    requests = [f"GET {p} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode() for p in paths()]

    def client(i: int) -> None:
        conn = RawClient(port)
        start_gate.wait()
        n = i
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.perf_counter() >= stop_at[0]:
                break
            request = requests[n % len(requests)]
            n += 1
            t0 = time.perf_counter()
            try:
                if conn.get(request) != 200:
                    errors[i] += 1
            except (OSError, ValueError):
                errors[i] += 1
                conn.close()
                continue
            latencies[i].append(time.perf_counter() - t0)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    cpu0 = time.process_time()
    began = time.perf_counter()
    stop_at[0] = began + duration
    start_gate.wait()
    for t in threads:
        t.join(duration + 60)
    elapsed = time.perf_counter() - began
    client_cpu = time.process_time() - cpu0
    flat = [x for per in latencies for x in per]
    return {"requests": len(flat), "errors": sum(errors), "seconds": round(elapsed, 2),
            "rps": round(len(flat) / elapsed, 1),
            "p50_ms": round(pct(flat, 50) * 1000, 1), "p95_ms": round(pct(flat, 95) * 1000, 1),
            "client_cpu_share": round(client_cpu / elapsed, 2)}


def crowd(port: int, connections: int, timeout: float) -> dict:
    """``connections`` clients at once; time to first byte of each answer."""
    path = paths()[0]
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    ttfb: list[float | None] = [None] * connections
    gate = threading.Barrier(connections)

    def one(i: int) -> None:
        try:
            sock = socket.create_connection((HOST, port), timeout=timeout)
        except OSError:
            gate.abort()
            return
        with sock:
            try:
                gate.wait(timeout)
            except threading.BrokenBarrierError:
                pass
            t0 = time.perf_counter()
            try:
                sock.sendall(request)
                if sock.recv(1):
                    ttfb[i] = time.perf_counter() - t0
            except OSError:
                pass

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout + 10)
    got = [x for x in ttfb if x is not None]
    return {"connections": connections, "answered": len(got), "no_answer": connections - len(got),
            "ttfb_p50_ms": round(pct(got, 50) * 1000, 1), "ttfb_p95_ms": round(pct(got, 95) * 1000, 1),
            "ttfb_max_ms": round(max(got) * 1000, 1) if got else None}


def seeds_index(tmp: Path) -> Path:
    target = tmp / "seeds-index"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", "import sys; from ctsearch.cli import main; sys.exit(main())",
                    "index", "--index-dir", str(target), "--quiet"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, help="an existing index (default: the seeds, indexed aside)")
    parser.add_argument("--processes", type=int, nargs="+",
                        default=sorted({1, os.cpu_count() or 1}), help="process counts to compare")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of the throughput phase")
    parser.add_argument("--crowd", type=int, default=200, help="connections opened at once")
    parser.add_argument("--warm-rounds", type=int, default=3)
    parser.add_argument("--cache", choices=("on", "off", "both"), default="both",
                        help="the servers' result cache (default: a run with and one without)")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ctsearch-load-") as tmp:
        index_dir = args.index_dir or seeds_index(Path(tmp))
        runs = []
        load_before = os.getloadavg()
        modes = {"on": [True], "off": [False], "both": [True, False]}[args.cache]
        for cache, processes in [(c, p) for c in modes for p in args.processes]:
            server = Server(index_dir, processes, Path(tmp) / f"serve-{processes}.log", cache)
            try:
                warm_up(server.port, args.warm_rounds * processes)
                cpu0 = server_cpu(server.proc.pid)
                tp = throughput(server.port, args.clients, args.duration)
                cpu = server_cpu(server.proc.pid) - cpu0
                tp["server_cores_busy"] = round(cpu / tp["seconds"], 2)
                tp["server_cpu_ms_per_request"] = round(cpu * 1000 / max(1, tp["requests"]), 2)
                time.sleep(1)
                cr = crowd(server.port, args.crowd, timeout=60)
            finally:
                log = server.stop()
            runs.append({"processes": processes, "cache": cache, **tp, "crowd": cr})
            if tp["errors"] or cr["no_answer"]:
                print(f"server output ({processes} processes):\n{log[-3000:]}", file=sys.stderr)
        load_after = os.getloadavg()

    print(f"ctsearch serve under load · index {index_dir} · nproc {os.cpu_count()} · "
          f"load {load_before[0]:.2f} → {load_after[0]:.2f} (clients run on the same machine)")
    print(f"{'cache':>5} {'processes':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'client CPU':>10} "
          f"{'server cores':>12} {'CPU ms/req':>10} │ "
          f"{args.crowd} connections: {'answered':>8} {'TTFB p95':>9} {'TTFB max':>9}")
    for r in runs:
        c = r["crowd"]
        print(f"{'on' if r['cache'] else 'off':>5} {r['processes']:>9} {r['rps']:>8.1f} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f} {r['errors']:>6} "
              f"{r['client_cpu_share']:>9.0%} {r['server_cores_busy']:>12.2f} {r['server_cpu_ms_per_request']:>10.2f} │ "
              f"{'':>17}{c['answered']:>8} {c['ttfb_p95_ms']:>7.0f}ms {c['ttfb_max_ms'] or float('nan'):>7.0f}ms")
    for cache in modes:
        same = [r for r in runs if r["cache"] == cache]
        if len(same) < 2:
            continue
        one, many = same[0], same[-1]
        ratio = many["rps"] / one["rps"] if one["rps"] else float("nan")
        print(f"cache {'on' if cache else 'off'}: throughput {many['processes']} processes / {one['processes']}: {ratio:.2f}x "
              f"(target ≥ 1.7x on 2 cores); p95 {many['p95_ms']:.0f} ms (target ≤ 80 ms); "
              f"crowd max TTFB {many['crowd']['ttfb_max_ms']} ms (target ≤ 2000 ms)")
    if args.out:
        args.out.write_text(json.dumps({"index": str(index_dir), "clients": args.clients,
                                        "duration": args.duration, "runs": runs,
                                        "load": [load_before, load_after]}, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
