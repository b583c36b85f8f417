"""The local OpenSearch cluster the backend tests run against is a real server."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.opensearch


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


def test_local_node_is_a_green_opensearch_2_19(opensearch_cluster):
    info = _get(opensearch_cluster.urls[0] + "/")
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"] == "2.19.6"
    health = _get(opensearch_cluster.urls[0] + "/_cluster/health")
    assert health["status"] == "green" and health["number_of_nodes"] == 1
    # Every node runs in its own process, known by pid.
    assert all(node.alive() for node in opensearch_cluster.nodes)


def test_local_node_has_the_whitespace_analyser_and_http_plugin(opensearch_url):
    body = json.dumps({"analyzer": "whitespace", "text": "điện_gió dien gio"}).encode()
    req = urllib.request.Request(opensearch_url + "/_analyze", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        tokens = [t["token"] for t in json.loads(resp.read())["tokens"]]
    assert tokens == ["điện_gió", "dien", "gio"]
