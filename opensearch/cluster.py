"""Start and stop a local OpenSearch cluster of one to three real nodes.

Each node is a JVM running ``ctsearch.LocalNode`` (the OpenSearch server jar with its
HTTP transport and common-analysis plugins on the class path, see ``pom.xml``) on
127.0.0.1, with its own data folder and ports under one base folder. Nodes are stopped
by pid (SIGTERM, or SIGKILL to test failures).

    mvn -q -f opensearch/pom.xml dependency:copy-dependencies -DoutputDirectory=target/lib
    python opensearch/cluster.py build
    python opensearch/cluster.py start --nodes 3 --dir /tmp/os --http-port 9250
    python opensearch/cluster.py stop --dir /tmp/os
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIB = HERE / "target" / "lib"
CLASSES = HERE / "target" / "classes"
SOURCE = HERE / "src" / "main" / "java" / "ctsearch" / "LocalNode.java"
RESOURCES = HERE / "src" / "main" / "resources"
STATE_FILE = "cluster.json"


class ClusterError(RuntimeError):
    pass


def tools_present() -> bool:
    """Java and Maven on PATH (what building and running the launcher needs)."""
    return bool(shutil.which("java") and shutil.which("javac") and shutil.which("mvn"))


def built() -> bool:
    return (CLASSES / "ctsearch" / "LocalNode.class").exists() and any(LIB.glob("opensearch-2*.jar"))


def build(quiet: bool = True) -> None:
    """Fetch the jars from Maven Central (once) and compile the launcher."""
    if not any(LIB.glob("opensearch-2*.jar")):
        cmd = ["mvn", "-B", "-f", str(HERE / "pom.xml"), "dependency:copy-dependencies",
               f"-DoutputDirectory={LIB}"]
        if quiet:
            cmd.insert(1, "-q")
        subprocess.run(cmd, check=True)
    CLASSES.mkdir(parents=True, exist_ok=True)
    subprocess.run(["javac", "-cp", f"{LIB}/*", "-d", str(CLASSES), str(SOURCE)], check=True)
    shutil.copy(RESOURCES / "log4j2.properties", CLASSES / "log4j2.properties")


@dataclass
class LocalNode:
    name: str
    http_port: int
    transport_port: int
    home: Path
    pid: int | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def alive(self) -> bool:
        if self.process is not None:
            return self.process.poll() is None
        if self.pid is None:
            return False
        try:
            os.kill(self.pid, 0)
        except OSError:
            return False
        return True


def _get(url: str, timeout: float = 5.0) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


class LocalCluster:
    """Nodes ``n1..nN`` under ``base``; node k listens on ``http_port + k - 1``."""

    def __init__(self, base: str | os.PathLike, nodes: int = 1, http_port: int = 9250,
                 transport_port: int | None = None, name: str = "ctsearch-local", heap: str = "384m"):
        if not 1 <= nodes <= 3:
            raise ClusterError("a local cluster has one to three nodes")
        self.base = Path(base)
        self.name = name
        self.heap = heap
        tport = transport_port or http_port + 100
        self.nodes = [LocalNode(f"n{k + 1}", http_port + k, tport + k, self.base / f"n{k + 1}")
                      for k in range(nodes)]

    @property
    def urls(self) -> list[str]:
        return [n.url for n in self.nodes]

    def _settings(self, node: LocalNode) -> list[str]:
        out = [
            f"node.name={node.name}", f"cluster.name={self.name}",
            f"path.home={node.home}", f"path.data={node.home / 'data'}", f"path.logs={node.home / 'logs'}",
            f"http.port={node.http_port}", f"transport.port={node.transport_port}",
            # A test cluster on one small machine: no disk-watermark surprises.
            "cluster.routing.allocation.disk.threshold_enabled=false",
            "action.auto_create_index=false",
            # A query of many words typed without diacritics searches several readings,
            # each word in several forms and fields: far more than 1,024 clauses.
            "indices.query.bool.max_clause_count=16384",
            # The parent circuit breaker counts the heap in use, garbage not yet collected
            # included. With the serial collector (chosen below for its small footprint) a
            # small heap fills with garbage between collections, and the breaker refused
            # searches with 429 in bursts on a 10,000-article index. Counting what requests
            # reserve instead keeps the small heap (CI runs several nodes on one machine);
            # G1, which OpenSearch's breaker can make collect, needs more memory beside
            # the heap, and a larger heap would only make the bursts rarer.
            "indices.breaker.total.use_real_memory=false",
        ]
        if len(self.nodes) == 1:
            out.append("discovery.type=single-node")
        else:
            seeds = ",".join(f"127.0.0.1:{n.transport_port}" for n in self.nodes)
            managers = ",".join(n.name for n in self.nodes)
            out += [f"discovery.seed_hosts={seeds}", f"cluster.initial_cluster_manager_nodes={managers}"]
        return out

    def start_node(self, node: LocalNode) -> None:
        if not built():
            raise ClusterError(f"the launcher is not built: run python {Path(__file__).name} build")
        node.home.mkdir(parents=True, exist_ok=True)
        log = open(node.home / "node.log", "ab")
        cmd = ["java", f"-Xms{self.heap}", f"-Xmx{self.heap}", "-XX:+UseSerialGC",
               "-XX:TieredStopAtLevel=1", "-Xss1m", "-Djava.awt.headless=true",
               "-Dio.netty.allocator.numDirectArenas=0",
               "-cp", f"{CLASSES}{os.pathsep}{LIB}/*", "ctsearch.LocalNode", *self._settings(node)]
        node.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        node.pid = node.process.pid
        log.close()
        self._save()

    def start(self, timeout: float = 240.0) -> "LocalCluster":
        for node in self.nodes:
            self.start_node(node)
        self.wait(len(self.nodes), timeout=timeout)
        return self

    def wait(self, nodes: int, status: str = "green", timeout: float = 240.0) -> dict:
        """Wait until some live node reports ``nodes`` nodes and ``status``."""
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            for node in self.nodes:
                if node.process is not None and node.process.poll() is not None and node.alive() is False:
                    continue
                try:
                    health = _get(f"{node.url}/_cluster/health?wait_for_status={status}"
                                  f"&wait_for_nodes={nodes}&timeout=5s", timeout=10)
                except (OSError, urllib.error.URLError, ValueError) as exc:
                    last = exc
                    continue
                last = health
                if not health.get("timed_out") and health.get("number_of_nodes") == nodes:
                    return health
            dead = [n.name for n in self.nodes if n.process is not None and n.process.poll() is not None]
            if dead and len(dead) == len(self.nodes):
                raise ClusterError(f"every node exited; see {self.base}/*/node.log")
            time.sleep(1.0)
        raise ClusterError(f"cluster not {status} with {nodes} nodes after {timeout:.0f} s: {last}; "
                           f"see {self.base}/*/node.log")

    def kill(self, node: LocalNode, sig: int = signal.SIGKILL) -> None:
        """Stop one node by its pid (SIGKILL: as if the machine died)."""
        if node.pid is not None and node.alive():
            os.kill(node.pid, sig)
        if node.process is not None:
            try:
                node.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.kill(node.pid, signal.SIGKILL)
                node.process.wait()
        else:
            deadline = time.monotonic() + 60
            while node.alive() and time.monotonic() < deadline:
                time.sleep(0.2)

    def stop(self) -> None:
        for node in self.nodes:
            if node.alive():
                os.kill(node.pid, signal.SIGTERM)
        for node in self.nodes:
            self.kill(node, signal.SIGTERM)
        state = self.base / STATE_FILE
        if state.exists():
            state.unlink()

    def _save(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        (self.base / STATE_FILE).write_text(json.dumps({
            "name": self.name,
            "nodes": [{"name": n.name, "http_port": n.http_port, "transport_port": n.transport_port,
                       "home": str(n.home), "pid": n.pid} for n in self.nodes]}, indent=1))

    @classmethod
    def attach(cls, base: str | os.PathLike) -> "LocalCluster":
        """The cluster ``start`` left running under ``base`` (from its state file)."""
        data = json.loads((Path(base) / STATE_FILE).read_text())
        self = cls.__new__(cls)
        self.base, self.name, self.heap = Path(base), data["name"], "384m"
        self.nodes = [LocalNode(d["name"], d["http_port"], d["transport_port"], Path(d["home"]), d["pid"])
                      for d in data["nodes"]]
        return self


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help="fetch the jars and compile the launcher")
    s = sub.add_parser("start", help="start nodes and wait for green")
    s.add_argument("--nodes", type=int, default=1)
    s.add_argument("--dir", required=True)
    s.add_argument("--http-port", type=int, default=9250)
    s.add_argument("--heap", default="384m")
    t = sub.add_parser("stop", help="stop the nodes started under --dir")
    t.add_argument("--dir", required=True)
    args = p.parse_args(argv)
    try:
        if args.cmd == "build":
            build(quiet=False)
        elif args.cmd == "start":
            cluster = LocalCluster(args.dir, args.nodes, args.http_port, heap=args.heap)
            cluster.start()
            for node in cluster.nodes:
                print(f"{node.name} pid {node.pid} {node.url}")
        else:
            LocalCluster.attach(args.dir).stop()
    except (ClusterError, subprocess.CalledProcessError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
