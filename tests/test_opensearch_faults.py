"""What users see when the cluster misbehaves: a frozen node, a busy one, one that goes
away while indexing, a URL that is no cluster, a wrong index name.

No real node: stub servers (a socket that never answers, a web page) and stub clients.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from conftest import write_jsonl

pytest.importorskip("opensearchpy")

#: Library text that must never reach a user.
ENGLISH = ("ConnectionError", "ConnectionTimeout", "Failed to establish", "Read timed out", "HTTPConnection",
           "NotFoundError", "RequestError", "lỗi ngoài dự kiến", "<!doctype", "<html")


def _no_english(text: str, page: bool = False) -> None:
    for words in ENGLISH[:-2] if page else ENGLISH:
        assert words.lower() not in text.lower(), (words, text)


@pytest.fixture
def frozen_url():
    """A port that accepts connections and never answers (a node stopped by SIGSTOP, a
    long garbage collection, a network dropping packets)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def web_page_url():
    """An HTTP server that is not OpenSearch: a web page for every path (404)."""
    class Page(http.server.BaseHTTPRequestHandler):
        def _page(self) -> None:
            body = b'<!doctype html>\n<html lang="vi"><body>Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y</body></html>'
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _page

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _bounded(fn, seconds: float):
    """``fn()``'s result, failing the test (not hanging it) past ``seconds``."""
    got: dict = {}

    def run() -> None:
        try:
            got["value"] = fn()
        except BaseException as exc:     # pragma: no cover - reported below
            got["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    start = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    if "error" in got:
        raise got["error"]
    return got["value"], time.monotonic() - start


def test_a_search_on_a_frozen_node_fails_within_seconds_with_a_clear_message(frozen_url, capsys):
    from ctsearch.cli import main
    rc, took = _bounded(lambda: main(["query", "xuất khẩu gạo", "--backend", "opensearch",
                                      "--opensearch-url", frozen_url]), 20)
    err = capsys.readouterr().err
    assert rc == 1 and took < 15
    assert f"không kết nối được cụm OpenSearch {frozen_url}: không trả lời kịp" in err
    assert "--opensearch-url" in err and "CTSEARCH_OPENSEARCH_URL" in err
    _no_english(err)


def test_the_web_app_answers_within_seconds_and_never_shows_the_cluster_address(frozen_url, tmp_path):
    from ctsearch.web.app import create_app
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "BACKEND": "opensearch", "OPENSEARCH_URL": frozen_url})
    client = app.test_client()
    got, took = _bounded(lambda: client.get("/api/search?q=nong+san+xuat+khau"), 20)
    assert got.status_code == 503 and took < 15
    message = got.get_json()["error"]
    assert "không trả lời" in message and "127.0.0.1" not in message
    _no_english(message)
    page, _took = _bounded(lambda: client.get("/?q=nong+san"), 20)
    assert page.status_code == 503
    text = page.get_data(as_text=True)
    assert "không trả lời" in text and frozen_url.split("//")[1] not in text


def test_an_unreachable_cluster_is_said_in_vietnamese_with_a_hint(tmp_path, capsys):
    from ctsearch.cli import main
    from ctsearch.web.app import create_app
    dead = "http://127.0.0.1:9"       # nothing listens on the discard port
    assert main(["query", "điện", "--backend", "opensearch", "--opensearch-url", dead]) == 1
    err = capsys.readouterr().err
    assert "không kết nối được cụm OpenSearch http://127.0.0.1:9: từ chối kết nối" in err
    assert "--opensearch-url" in err and "cluster.py start" in err
    _no_english(err)
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "BACKEND": "opensearch", "OPENSEARCH_URL": dead})
    for path in ("/api/search?q=điện", "/?q=điện"):
        got = app.test_client().get(path)
        text = got.get_data(as_text=True)
        assert got.status_code == 503 and "127.0.0.1" not in text and "--opensearch-url" not in text
        _no_english(text, page=path.startswith("/?"))


def test_a_url_that_is_no_opensearch_cluster_is_said_so(web_page_url, tmp_path, capsys):
    from ctsearch.cli import main
    given = ["--backend", "opensearch", "--opensearch-url", web_page_url, "--opensearch-index", "tin"]
    assert main(["query", "điện", *given]) == 1
    err = capsys.readouterr().err
    assert "không phải một cụm OpenSearch" in err and "chưa có chỉ mục" not in err
    _no_english(err)
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a1", "title": "Giá điện", "text": "Giá điện tăng."}])
    assert main(["index", str(path), *given]) == 1
    err = capsys.readouterr().err
    assert "không phải một cụm OpenSearch" in err
    _no_english(err)


class _Busy:
    """A cluster whose circuit breaker refuses the first ``refusals`` requests."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.calls = 0

    def msearch(self, body, index):
        from opensearchpy.exceptions import TransportError
        self.calls += 1
        if self.calls <= self.refusals:
            raise TransportError(429, "circuit_breaking_exception",
                                 {"error": {"type": "circuit_breaking_exception"}, "status": 429})
        return {"responses": [{"hits": {"total": {"value": 3}}}]}


def test_a_search_refused_as_busy_is_tried_again_after_a_short_wait(monkeypatch):
    from ctsearch import opensearch_backend
    from ctsearch.opensearch_backend import OpenSearchBackend
    from ctsearch.querylang import written_whole
    waits: list[float] = []
    monkeypatch.setattr(opensearch_backend, "_sleep", waits.append)
    plans = [written_whole(("giá", "điện"))]
    busy = _Busy(refusals=2)
    backend = OpenSearchBackend("http://127.0.0.1:1", "x", client=busy)
    backend.overview = lambda: {"index": "x-v1"}
    assert backend.count_matching(plans) == [3]
    assert busy.calls == 3 and len(waits) == 2 and sum(waits) <= 3
    # Busy for longer: said, not waited for long.
    backend = OpenSearchBackend("http://127.0.0.1:1", "x", client=_Busy(refusals=10))
    backend.overview = lambda: {"index": "x-v1"}
    with pytest.raises(opensearch_backend.IndexError_, match=r"đang bận .*\(429\)"):
        backend.count_matching(plans)


class _Vanishing:
    """A cluster that answers until the first bulk request, then refuses every connection."""

    def __init__(self, alias: str | None = None, held: int = 0) -> None:
        self.alias = alias
        self.held = held
        self.indices = self
        self.requests = 0

    def _gone(self):
        from opensearchpy.exceptions import ConnectionError as OSConnectionError
        self.requests += 1
        return OSConnectionError("N/A", "Failed to establish a new connection: [Errno 111] Connection refused",
                                 OSError(111, "Connection refused"))

    def info(self):
        return {"version": {"number": "2.19.0"}, "cluster_name": "stub"}

    def exists(self, index):
        return True

    def get_alias(self, name=None):
        from opensearchpy.exceptions import NotFoundError
        if self.alias is None:
            raise NotFoundError(404, "alias_missing", {"error": "alias missing", "status": 404})
        return {f"{self.alias}-v5-20260101000000-000": {"aliases": {self.alias: {}}}}

    def create(self, index, body, params=None):
        return {"acknowledged": True}

    def get_mapping(self, index):
        from ctsearch.opensearch_backend import mapping
        return {index: {"mappings": mapping()}}

    def get(self, index, id):
        from opensearchpy.exceptions import NotFoundError
        raise NotFoundError(404, "not_found", {"found": False})

    def count(self, index):
        return {"count": self.held}

    def search(self, index, body):
        return {"aggregations": {"s": {"buckets": []}}}

    def mget(self, index, body, _source_includes=None):
        raise self._gone()

    def bulk(self, body, request_timeout=None):
        raise self._gone()

    def refresh(self, index):
        raise self._gone()


def test_indexing_says_each_wait_then_what_was_saved_and_the_command_to_run_again(monkeypatch, tmp_path, capsys):
    from ctsearch import opensearch_backend
    from ctsearch.cli import main
    waits: list[float] = []
    monkeypatch.setattr(opensearch_backend, "_sleep", waits.append)
    cluster = _Vanishing()
    monkeypatch.setattr(opensearch_backend, "connect", lambda url, timeout=None: cluster)
    path = write_jsonl(tmp_path / "tin.jsonl", [{"id": f"a{i}", "title": f"Giá điện {i}", "text": "Giá điện tăng."}
                                                for i in range(3)])
    url = "http://127.0.0.1:9390"
    rc = main(["index", str(path), "--backend", "opensearch", "--opensearch-url", url, "--opensearch-index", "tin",
               "--quiet"])
    captured = capsys.readouterr()
    err = captured.err
    assert rc == 1 and waits and cluster.requests == len(waits) + 1
    assert "cụm OpenSearch từ chối kết nối (cụm chưa chạy, hoặc sai cổng?); thử lại sau" in err
    assert "Lỗi: cụm OpenSearch http://127.0.0.1:9390 từ chối kết nối" in err
    assert "chưa lưu: 3 bài của lô đang gửi (từ bài a0) và mọi bài sau" in err
    assert "Đã lưu: Đã thêm 0" in err and "vẫn dùng được" not in err     # (nothing searchable yet)
    assert f"Lệnh chạy lại: ctsearch index {path} --backend opensearch --opensearch-url {url} " \
           f"--opensearch-index tin" in err
    _no_english(err + captured.out)


def test_indexing_into_an_index_held_keeps_the_count_of_what_was_sent(monkeypatch, tmp_path, capsys):
    from ctsearch import opensearch_backend
    from ctsearch.ingest import read_inputs
    monkeypatch.setattr(opensearch_backend, "_sleep", lambda seconds: None)
    path = write_jsonl(tmp_path / "tin.jsonl", [{"id": f"a{i}", "title": f"Giá điện {i}", "text": "Giá điện tăng."}
                                                for i in range(4)])
    said: list[tuple[float, str]] = []
    report = opensearch_backend.index_articles(read_inputs([str(path)]), "http://127.0.0.1:9391", "tin",
                                               client=_Vanishing(alias="tin", held=7),
                                               on_wait=lambda s, cause: said.append((s, cause)))
    assert report.failed and report.total_docs is None and report.added == 0
    assert report.lost == ["4 bài của lô đang gửi (từ bài a0) và mọi bài sau"]
    assert said and all("từ chối kết nối" in cause for _s, cause in said)


def test_an_index_name_the_cluster_refuses_is_refused_up_front(capsys, monkeypatch):
    from ctsearch.cli import main
    for name, rule in (("RVO86", "có chữ hoa"), ("bad name", "dấu cách"), ("_x", "bắt đầu bằng “_”"),
                       ("a/b", "/"), ("x" * 201, "dài 201 byte")):
        assert main(["query", "điện", "--backend", "opensearch", "--opensearch-url", "http://127.0.0.1:9",
                     "--opensearch-index", name]) == 2
        err = capsys.readouterr().err
        assert f"tên chỉ mục “{name}” (--opensearch-index) không dùng được" in err and rule in err, err
        assert "chữ thường" in err
    monkeypatch.setenv("CTSEARCH_OPENSEARCH_INDEX", "Tin")
    assert main(["index", "--backend", "opensearch", "--opensearch-url", "http://127.0.0.1:9"]) == 2
    assert "(CTSEARCH_OPENSEARCH_INDEX)" in capsys.readouterr().err


def test_a_missing_index_advises_a_command_naming_it_and_a_close_name(monkeypatch):
    from ctsearch import opensearch_backend
    from ctsearch.opensearch_backend import OpenSearchBackend
    from ctsearch.store import NoIndexYet

    class _Cluster:
        def __init__(self) -> None:
            self.indices = self

        def get_alias(self, name=None):
            from opensearchpy.exceptions import NotFoundError
            if name is not None:
                raise NotFoundError(404, "alias missing", {"error": f"alias [{name}] missing", "status": 404})
            return {"rvo86-v5-20261207155806-652": {"aliases": {"rvo86": {}}},
                    "rvo86-meta": {"aliases": {}}, "other": {"aliases": {"rvo87": {}}}}

    with pytest.raises(NoIndexYet) as caught:
        OpenSearchBackend("http://127.0.0.1:9392", "rvo86x", client=_Cluster()).overview()
    message = str(caught.value)
    assert "(có phải “rvo86”?)" in message
    assert "--opensearch-url http://127.0.0.1:9392 --opensearch-index rvo86x" in message
    assert "127.0.0.1" not in caught.value.public
    with pytest.raises(NoIndexYet) as caught:
        OpenSearchBackend("http://127.0.0.1:9392", opensearch_backend.DEFAULT_ALIAS, client=_Cluster()).overview()
    assert "--opensearch-index" not in str(caught.value)


def test_the_local_cluster_breaker_does_not_count_uncollected_garbage(tmp_path):
    from conftest import _load_cluster_module
    local = _load_cluster_module().LocalCluster(tmp_path, nodes=1, http_port=9393)
    assert "indices.breaker.total.use_real_memory=false" in local._settings(local.nodes[0])


def test_bulk_requests_and_articles_refused_are_said_while_waited_for():
    from test_opensearch_backend import _FlakyCluster

    from ctsearch.opensearch_backend import _bulk
    said: list[tuple[float, str]] = []
    docs = [{"id": f"a{i}", "title": str(i)} for i in range(12)]
    created, _updated, errors = _bulk(_FlakyCluster(), "idx", docs, sleep=lambda s: None,
                                      on_wait=lambda s, cause: said.append((s, cause)))
    assert len(created) == 12 and not errors
    # (first unreachable, then some articles refused as the shard is unavailable)
    assert said[0] == (0.5, "từ chối kết nối (cụm chưa chạy, hoặc sai cổng?)")
    assert said[1][0] == 1.0 and said[1][1].startswith("đang bận, chưa nhận ")


def test_the_search_timeout_can_be_set_in_the_environment(frozen_url, monkeypatch, capsys):
    from ctsearch.cli import main
    from ctsearch.opensearch_backend import SEARCH_TIMEOUT, connect
    assert connect(frozen_url).transport.get_connection().timeout == SEARCH_TIMEOUT
    monkeypatch.setenv("CTSEARCH_OPENSEARCH_TIMEOUT", "1,5")
    assert connect(frozen_url).transport.get_connection().timeout == 1.5
    assert connect(frozen_url, timeout=30).transport.get_connection().timeout == 30     # (indexing)
    rc, _took = _bounded(lambda: main(["stats", "--backend", "opensearch", "--opensearch-url", frozen_url]), 20)
    assert rc == 1 and "không trả lời kịp" in capsys.readouterr().err
    monkeypatch.setenv("CTSEARCH_OPENSEARCH_TIMEOUT", "nhanh")
    assert main(["stats", "--backend", "opensearch", "--opensearch-url", frozen_url]) == 1
    assert "CTSEARCH_OPENSEARCH_TIMEOUT='nhanh' không phải một số giây" in capsys.readouterr().err
