"""A three-node cluster (two shards, one replica each) survives the loss of a node.

Searches keep answering after one node is killed with SIGKILL; an indexing run during
which a node dies finishes once the node is back, with no article lost or duplicated
(bulk requests retry with backoff and write by article id).
"""

from __future__ import annotations

import signal
import threading
import time

import pytest

from conftest import SEEDS_DIR, corpus_records, page_records, start_local_cluster, write_jsonl

pytestmark = [pytest.mark.opensearch, pytest.mark.slow]


@pytest.fixture(scope="module")
def three_nodes(tmp_path_factory):
    cluster = start_local_cluster(tmp_path_factory, 3)
    yield cluster
    cluster.stop()


def _records(prefix: str, n: int) -> list[dict]:
    out = []
    for i, r in enumerate((corpus_records() + page_records()) * 4):
        if i >= n:
            break
        out.append({**r, "id": f"{prefix}-{i:03d}"})
    return out


def test_searches_and_indexing_survive_a_killed_node(three_nodes, tmp_path):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, connect, index_articles
    from ctsearch.query import SearchEngine

    urls = ",".join(three_nodes.urls)
    report = index_articles(read_inputs([str(SEEDS_DIR)]), urls, "ha", rebuild=True, shards=2, replicas=1)
    assert report.total_docs == 5
    client = connect(urls)
    three_nodes.wait(3, "green")
    engine = SearchEngine(backend=OpenSearchBackend(urls, "ha"))
    before = engine.search("điện", limit=20)
    assert before.total >= 1

    # SIGKILL one node: every shard still has a copy, searches keep answering.
    victim = three_nodes.nodes[1]
    three_nodes.kill(victim, signal.SIGKILL)
    assert not victim.alive()
    deadline = time.monotonic() + 60
    answers = 0
    while answers < 5 and time.monotonic() < deadline:
        result = engine.search("điện", limit=20)
        assert [h.id for h in result.hits] == [h.id for h in before.hits]
        answers += 1
    assert answers == 5

    # An indexing run with a node down: a second node dies during the run and comes back.
    src = write_jsonl(tmp_path / "more.jsonl", _records("ha", 120))
    done: dict = {}

    def run() -> None:
        done["report"] = index_articles(read_inputs([str(src)]), urls, "ha", commit_every=10, bulk_size=10)

    three_nodes.start_node(victim)          # back with its data folder
    three_nodes.wait(3, "green", timeout=240)
    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.0)
    other = three_nodes.nodes[2]
    three_nodes.kill(other, signal.SIGKILL)
    three_nodes.start_node(other)
    worker.join(timeout=600)
    assert not worker.is_alive()
    three_nodes.wait(3, "green", timeout=240)
    got = done["report"]
    assert not got.problems and got.added + got.updated == 120
    alias_index = sorted(client.indices.get_alias(name="ha"))[0]
    client.indices.refresh(index=alias_index)
    assert client.count(index=alias_index)["count"] == 125
    ids = [h["_id"] for h in client.search(index=alias_index, body={"size": 500, "_source": False})["hits"]["hits"]]
    assert len(ids) == len(set(ids)) == 125
