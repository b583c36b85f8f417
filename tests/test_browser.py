"""End to end in headless Chromium: the app served on loopback in a background thread.

Uses Debian's Chromium through Playwright for Python; it never downloads a browser.
Without /usr/bin/chromium the module's tests are skipped, unless CTSEARCH_REQUIRE_BROWSER=1
(as in CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.browser

#: Debian's Chromium; CTSEARCH_CHROMIUM points elsewhere (e.g. to check the skip path).
CHROMIUM = os.environ.get("CTSEARCH_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
REQUIRED = os.environ.get("CTSEARCH_REQUIRE_BROWSER") == "1"


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"CTSEARCH_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:  # a broken browser install is reported, not a traceback
            _unavailable(f"Chromium did not start: {exc}")
        yield b
        b.close()


def _serve(index_dir):
    """The app on 127.0.0.1 and a free port, in a background thread.

    Werkzeug's threaded server rather than waitress here: it has a thread-safe
    ``shutdown()``, while closing waitress from another thread races with its loop.
    (``ctsearch serve`` itself runs waitress; tests/test_web.py runs that for real.)
    """
    from werkzeug.serving import make_server

    from ctsearch.web.app import create_app

    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": index_dir}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.port}"


def _stop(server, thread) -> None:
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


# The servers depend on ``browser`` so that, without Chromium, nothing is started.
@pytest.fixture(scope="module")
def seeds_server(browser, seeds_index):
    server, thread, url = _serve(seeds_index)
    yield url
    _stop(server, thread)


@pytest.fixture(scope="module")
def corpus_server(browser, corpus_index):
    server, thread, url = _serve(corpus_index)
    yield url
    _stop(server, thread)


class Page:
    """A fresh page per test, failing the test on any console error (CSP violations included)."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def close(self):
        self.context.close()


@pytest.fixture
def page(browser):
    p = Page(browser, viewport={"width": 1280, "height": 900})
    yield p.page
    errors = p.errors
    p.close()
    assert not errors, errors


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def status_text(page) -> str:
    return " ".join(page.locator("[role=status]").inner_text().split())


# --- scenarios ------------------------------------------------------------------------------------

def test_query_without_diacritics_shows_highlighted_hits(page, seeds_server):
    page.goto(seeds_server + "/")
    page.fill("#q", "dien gio")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=dien\+gio"))
    assert status_text(page).startswith("Tìm thấy 2 kết quả")
    marks = page.locator(".hit-snippet mark")
    assert marks.count() > 0
    assert {m.lower() for m in marks.all_inner_texts()} <= {"điện", "gió", "điện gió"}
    assert page.input_value("#q") == "dien gio"
    assert "Có phải bạn muốn tìm" in page.locator(".suggestion").inner_text()


def test_tick_two_provinces(page, seeds_server):
    page.goto(seeds_server + "/search?q=c%C3%B4ng+th%C6%B0%C6%A1ng")
    total_before = int(re.search(r"(\d+) kết quả", status_text(page)).group(1))
    counts_before = page.locator(".facet-province .facet-count").all_inner_texts()

    page.locator(".facet-province label", has_text="Bến Tre").click()
    page.wait_for_url(re.compile(r"province=B%E1%BA%BFn\+Tre"))
    assert ("province", "Bến Tre") in query_of(page.url)
    assert status_text(page).startswith("Tìm thấy 1 kết quả")
    # OR within a facet: the province counts ignore the province filter itself
    assert sorted(page.locator(".facet-province .facet-count").all_inner_texts()) == sorted(counts_before)
    assert page.locator(".chip").count() == 1

    page.locator(".facet-province label", has_text="Sơn La").click()
    page.wait_for_url(re.compile(r"province=S%C6%A1n\+La"))
    provinces = [v for k, v in query_of(page.url) if k == "province"]
    assert provinces == ["Bến Tre", "Sơn La"]
    assert status_text(page).startswith("Tìm thấy 2 kết quả")
    assert page.locator(".facet-province input:checked").count() == 2
    assert page.locator(".chip").count() == 2
    years = sum(int(c) for c in page.locator(".facet-year .facet-count").all_inner_texts())
    assert years == 2 < total_before          # the year facet follows the province filter

    page.go_back()
    page.wait_for_url(re.compile(r"province=B%E1%BA%BFn\+Tre$"))
    assert status_text(page).startswith("Tìm thấy 1 kết quả")
    page.get_by_role("link", name="Xoá tất cả").click()
    page.wait_for_url(re.compile(r"/search\?q=c%C3%B4ng\+th%C6%B0%C6%A1ng$"))
    assert page.locator(".facet-province input:checked").count() == 0


def test_open_an_article_and_go_back(page, seeds_server):
    page.goto(seeds_server + "/search?q=dien+gio&sort=date")
    results_url = page.url
    first = page.locator(".hit-title a").first
    title = " ".join(first.inner_text().split())
    first.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert " ".join(page.locator("h1.article-title").inner_text().split()) == title
    assert page.locator(".article-body mark").count() > 0
    assert page.locator(".related-list li").count() <= 5
    page.get_by_role("link", name="← Quay lại kết quả tìm kiếm").click()
    page.wait_for_url(results_url)
    assert page.input_value("#q") == "dien gio"
    # and the browser's own back button returns to the article, then to the results
    page.go_back()
    page.wait_for_url(re.compile(r"/article/"))
    page.go_back()
    page.wait_for_url(results_url)


def test_no_results_offers_the_suggestion(page, seeds_server):
    page.goto(seeds_server + "/search?q=dien+gioo")
    assert status_text(page).startswith("Không có kết quả")
    assert page.locator(".empty-title").inner_text() == "Không tìm thấy bài nào"
    suggestion = page.locator(".empty .suggestion a")
    assert suggestion.inner_text() == "điện gió"
    suggestion.click()
    page.wait_for_url(re.compile(r"q=%C4%91i%E1%BB%87n\+gi%C3%B3"))
    assert status_text(page).startswith("Tìm thấy")
    assert page.locator(".hit mark").count() > 0


def test_province_filter_box(page, corpus_server):
    page.goto(corpus_server + "/search?q=%C4%91i%E1%BB%87n+gi%C3%B3")
    box = page.locator(".facet-filter")
    assert box.is_visible()
    box.fill("ha noi")
    visible = [t for t in page.locator(".facet-province .facet-item:visible .facet-label").all_inner_texts()]
    assert visible == ["Hà Nội"]
    box.fill("zzz")
    assert page.locator(".facet-nomatch").is_visible()
    box.fill("")
    assert page.locator(".facet-province .facet-item:visible").count() == 10


def test_filters_work_without_javascript(browser, corpus_server):
    p = Page(browser, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = p.page
        page.goto(corpus_server + "/search?q=%C4%91i%E1%BB%87n+gi%C3%B3&page=2")
        assert page.locator(".facet-filter").is_hidden()
        page.locator(".facet-province label", has_text="Sơn La").click()
        page.locator(".facet-year label", has_text="2021").click()
        page.get_by_role("button", name="Áp dụng bộ lọc").click()
        page.wait_for_url(re.compile(r"province="))
        assert ("province", "Sơn La") in query_of(page.url) and ("year", "2021") in query_of(page.url)
        assert ("page", "2") not in query_of(page.url)
        assert page.locator(".facet-province input:checked").count() == 1
    finally:
        p.close()


def test_screenshots_and_phone_layout(browser, seeds_server):
    ARTIFACTS.mkdir(exist_ok=True)
    url = seeds_server + "/search?q=c%C3%B4ng+th%C6%B0%C6%A1ng"
    desktop = Page(browser, viewport={"width": 1280, "height": 900})
    try:
        desktop.page.goto(url)
        assert desktop.page.locator(".hit").count() > 0
        assert desktop.page.locator(".sidebar").is_visible()
        assert desktop.page.locator(".year-chart rect").count() > 0
        desktop.page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
        assert not desktop.errors, desktop.errors
    finally:
        desktop.close()

    phone = Page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                 has_touch=True)
    try:
        page = phone.page
        page.goto(url)
        # nothing wider than the screen, and the filters start folded away
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator("#filters").get_attribute("open") is None
        page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=True)
        page.locator(".filters-toggle").click()
        assert page.locator(".facet-province").is_visible()
        page.goto(seeds_server + "/article/004_e6687adce95f4d90?q=dien+gio")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "article-phone.png"), full_page=True)
        assert not phone.errors, phone.errors
    finally:
        phone.close()


def test_tick_a_current_province(page, seeds_server):
    page.goto(seeds_server + "/search?q=c%C3%B4ng+th%C6%B0%C6%A1ng")
    heading = page.locator(".facet-current_province")
    assert page.locator("#facet-current_province-title").text_content() == "Tỉnh/thành hiện nay"
    heading.locator("label", has_text="Vĩnh Long").click()
    page.wait_for_url(re.compile(r"current_province=V%C4%A9nh\+Long"))
    assert ("current_province", "Vĩnh Long") in query_of(page.url)
    assert status_text(page).startswith("Tìm thấy 1 kết quả")
    # The province the article named, with the unit it belongs to now.
    assert "Bến Tre (nay thuộc Vĩnh Long)" in page.locator(".hit-meta").first.inner_text()
