"""Shared fixtures: small indexes built once per session into temporary directories.

The indexes are read-only for the tests that use them; a test that needs to write
builds its own. Each test gets its own Flask app (and so its own engine), so no test
depends on another's state.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"

#: The facet corpus: 30 articles, every one about "điện gió"; provinces (nine, plus
#: unknown), years and topics cycle so that every count is known in advance. Nine
#: provinces make the province list long enough to get its filter box.
CORPUS_PROVINCES = ["Bến Tre", "Sơn La", "Điện Biên", "Hà Nội", "Đà Nẵng", "Lào Cai",
                    "Quảng Ninh", "Cần Thơ", "Nghệ An", None]
CORPUS_YEARS = [2020, 2021, 2022]
CORPUS_TOPICS = [["electricity"], ["e-commerce", "rural-industry"]]
CORPUS_SIZE = 30

XSS_ID = "xss-1"
XSS_TITLE = "Điện gió <script>alert(1)</script> & \"ngoặc\""
XSS_TEXT = ("Dự án điện gió <script>alert(1)</script> ở vùng ven biển.\n"
            "Đoạn hai nói về <img src=x onerror=alert(2)> điện gió và lưới điện.")


def corpus_records() -> list[dict]:
    """The facet corpus as jsonl records (metadata given, so nothing is guessed)."""
    records = []
    for i in range(CORPUS_SIZE):
        province = CORPUS_PROVINCES[i % len(CORPUS_PROVINCES)]
        year = CORPUS_YEARS[i % len(CORPUS_YEARS)]
        topics = CORPUS_TOPICS[i % len(CORPUS_TOPICS)]
        extra = " Hội chợ hàng Việt thu hút nhiều doanh nghiệp." if i % 2 == 0 else ""
        record = {
            "id": f"art-{i:02d}",
            "title": f"Bản tin số {i}: phát triển điện gió và năng lượng tái tạo",
            "text": (f"Năm {year}, ngành Công Thương tiếp tục phát triển điện gió ngoài khơi.{extra}\n"
                     f"Bản tin số {i} tổng hợp tình hình sản xuất và cung ứng điện."),
            "date": f"{year}-{(i % 9) + 1:02d}-{(i % 27) + 1:02d}",
            "topics": topics,
            "source": "Báo Công Thương",
            "url": f"https://example.org/tin/{i}",
        }
        if province:
            record["province"] = province
        records.append(record)
    return records


def _index(records_or_dir, index_dir: Path) -> Path:
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs

    report = index_articles(read_inputs([str(records_or_dir)]), index_dir)
    assert report.indexed, f"nothing indexed from {records_or_dir}: {report.problems}"
    return index_dir


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


def indexed(records: list[dict], root: Path) -> Path:
    """``records`` written to ``root`` as JSON lines and indexed there: the index folder."""
    return _index(write_jsonl(root / "records.jsonl", records), root / "ix")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory, seeds_dir) -> Path:
    """The shipped seeds, indexed once (read-only)."""
    return _index(seeds_dir, tmp_path_factory.mktemp("seeds-index"))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The facet corpus, indexed once (read-only)."""
    src = tmp_path_factory.mktemp("corpus-src")
    write_jsonl(src / "corpus.jsonl", corpus_records())
    return _index(src / "corpus.jsonl", tmp_path_factory.mktemp("corpus-index"))


@pytest.fixture(scope="session")
def xss_index(tmp_path_factory) -> Path:
    """One article whose title and text contain markup, plus a harmless neighbour."""
    src = tmp_path_factory.mktemp("xss-src")
    write_jsonl(src / "xss.jsonl", [
        {"id": XSS_ID, "title": XSS_TITLE, "text": XSS_TEXT, "date": "2022-05-01",
         "source": "<b>nguồn</b>", "url": "javascript:alert(3)"},
        {"id": "xss-2", "title": "Điện gió ven biển", "text": "Điện gió phát triển mạnh ở ven biển.",
         "date": "2022-06-01"},
    ])
    return _index(src / "xss.jsonl", tmp_path_factory.mktemp("xss-index"))


def make_client(index_dir: Path):
    from ctsearch.web.app import create_app

    app = create_app({"INDEX_DIR": index_dir, "TESTING": True})
    return app.test_client()


@pytest.fixture
def seeds_client(seeds_index):
    return make_client(seeds_index)


@pytest.fixture
def corpus_client(corpus_index):
    return make_client(corpus_index)


@pytest.fixture
def xss_client(xss_index):
    return make_client(xss_index)


@pytest.fixture
def client_for():
    """A function that makes a fresh test client over any index directory."""
    return make_client


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory):
    """What the code caches per user (the segmenter's tables) goes to a temporary
    directory, for this process and the processes the tests start."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


#: The page corpus: what result rows meet in real news. Articles without a headline (one
#: with prose to derive a title from, one with only a dateline and a URL slug), a title
#: with an HTML entity, a photo credit, two sources and none, full dates, a year alone and
#: no date at all. Every article is about "điện gió".
PAGE_SOURCES = ["vnexpress.net", "baomoi.com", None]


def page_records() -> list[dict]:
    records = []
    for i in range(24):
        record = {
            "id": f"pg-{i:02d}",
            "title": f"Điện gió ven biển, bản tin {i}",
            "text": (f"Dự án điện gió số {i} được khởi công ở vùng ven biển.\n"
                     "Nhà máy điện gió nhìn từ trên cao. Ảnh: EPA\n"
                     "Sản lượng điện gió tăng mạnh trong năm."),
        }
        if i % 3 != 2:
            record["date"] = f"2021-{(i % 12) + 1:02d}-{(i % 27) + 1:02d}"
        if PAGE_SOURCES[i % 3]:
            record["source"] = PAGE_SOURCES[i % 3]
            record["url"] = f"https://{PAGE_SOURCES[i % 3]}/tin/dien-gio-{i}.html"
        if i % 4 == 0:
            record["province"] = "Bến Tre"
        records.append(record)
    records += [
        {"id": "pg-untitled", "title": "", "date": "2021-06-30", "source": "dantri.com.vn",
         "url": "https://dantri.com.vn/kinh-doanh/dien-gio-ngoai-khoi-20210630101010101.htm",
         "text": "Điện gió ngoài khơi là hướng đi mới của ngành năng lượng Việt Nam trong những năm tới. "
                 "Câu thứ hai.\nĐoạn hai nói thêm về điện gió."},
        {"id": "pg-slug", "title": "", "date": "2021-06-29", "source": "dantri.com.vn",
         "url": "https://dantri.com.vn/kinh-doanh/gia-dien-gio-giam-manh-20210629101010101.htm",
         "text": "29/06/2021 - 08:00\nĐiện gió"},
        {"id": "pg-entity", "title": "Hội thảo CNTT&amp;VT và điện gió", "date": "2021-06-28",
         "text": "Hội thảo CNTT&amp;amp;VT bàn về điện gió &gt; điện than."},
    ]
    return records


@pytest.fixture(scope="session")
def page_index(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("page-src")
    write_jsonl(src / "page.jsonl", page_records())
    return _index(src / "page.jsonl", tmp_path_factory.mktemp("page-index"))


@pytest.fixture
def page_client(page_index):
    return make_client(page_index)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def first_answer(proc, url: str, limit: float = 60.0, poll: float = 0.2, timeout: float = 5.0):
    """(status, headers, body) of the first answer to ``url`` from the server started as
    ``proc``; fails with the server's output if it exits or ``limit`` seconds pass."""
    import time
    import urllib.request
    deadline = time.monotonic() + limit
    while True:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[0]
            time.sleep(poll)


def stop_server(proc, timeout: float = 20.0) -> str:
    """Stop a server started as ``proc`` the way an operator does (SIGTERM) and return its
    output; it is killed if it is still running when the test ends (see :func:`killed_at_exit`)."""
    import signal
    proc.send_signal(signal.SIGTERM)
    return proc.communicate(timeout=timeout)[0]


@contextlib.contextmanager
def killed_at_exit(proc):
    """Never leave ``proc`` running after the block, whatever failed inside it."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


# -- a real local OpenSearch cluster (opensearch/cluster.py) -----------------------------------
def _load_cluster_module():
    import importlib.util
    spec = importlib.util.spec_from_file_location("ctsearch_local_cluster", REPO / "opensearch" / "cluster.py")
    import sys
    if spec.name in sys.modules:
        return sys.modules[spec.name]
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _free_port_base(count: int) -> int:
    """A base port with ``count`` HTTP ports and the transport ports 100 above all free."""
    import socket
    for base in range(19200, 19900, 7):
        ports = [base + k for k in range(count)] + [base + 100 + k for k in range(count)]
        try:
            socks = []
            for p in ports:
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
        return base
    raise RuntimeError("no free ports for a local OpenSearch cluster")


def start_local_cluster(tmp_path_factory, nodes: int):
    """Start ``nodes`` real OpenSearch nodes; skip (or fail in CI) without Java and Maven."""
    required = os.environ.get("CTSEARCH_REQUIRE_OPENSEARCH") == "1"
    cluster_module = _load_cluster_module()
    if not cluster_module.built():
        if not cluster_module.tools_present():
            if required:
                pytest.fail("CTSEARCH_REQUIRE_OPENSEARCH=1 but java/javac/mvn are missing")
            pytest.skip("Java and Maven are needed to run a local OpenSearch node")
        cluster_module.build()
    try:
        import opensearchpy  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("CTSEARCH_REQUIRE_OPENSEARCH=1 but opensearch-py is not installed")
        pytest.skip("opensearch-py is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp(f"opensearch-{nodes}n")
    cluster = cluster_module.LocalCluster(base, nodes=nodes, http_port=_free_port_base(nodes))
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    return cluster


@pytest.fixture(scope="session")
def opensearch_cluster(tmp_path_factory):
    """One real OpenSearch node for the session, stopped by pid at the end."""
    cluster = start_local_cluster(tmp_path_factory, 1)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def opensearch_url(opensearch_cluster) -> str:
    return opensearch_cluster.urls[0]


def check_api_filter(client, name: str, typed: str, canonical: str, ids: list[str], bad: str) -> dict:
    """A facet filter through /api/search: the hits, the canonical value echoed, the value
    ticked with a toggle URL that drops it, and a bad value answered 400 naming the
    parameter. Returns the bad answer's JSON for further checks."""
    data = client.get("/api/search", query_string={name: typed}).get_json()
    assert sorted(h["id"] for h in data["hits"]) == ids
    assert data["filters"][name] == [canonical]
    chosen = next(v for v in data["facets"][name] if v["value"] == canonical)
    assert chosen["selected"] and name not in chosen["toggle_url"]
    answer = client.get("/api/search", query_string={name: bad})
    assert answer.status_code == 400 and answer.get_json()["param"] == name
    return answer.get_json()
