"""The search page as people use it: readable rows, the source facet and date range,
export, compression and caching (Flask test client over the page corpus), and the
library pieces behind them (derived titles, cleaning, dates)."""

from __future__ import annotations

import csv
import gzip
import html
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, urlsplit

import pytest

Q = "điện gió"
ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, entities decoded."""
    inline = re.sub(r"</?(?:mark|strong|time)[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def rows(body: str) -> list[str]:
    return re.findall(r'<li class="hit[^"]*" id="hit-[^"]+">(.*?)</li>\s*(?=<li class="hit|</ol>)', body, re.S)


def row_of(body: str, article_id: str) -> str:
    m = re.search(rf'<li class="hit[^"]*" id="hit-{re.escape(article_id)}">(.*?)</li>', body, re.S)
    assert m, f"no row for {article_id}"
    return m.group(1)


# --- library: derived titles, cleaning, dates --------------------------------------------------

@pytest.mark.parametrize("body, url, expected, derived", [
    ("Điện gió ngoài khơi là hướng đi mới. Câu thứ hai.", None, "Điện gió ngoài khơi là hướng đi mới.", "text"),
    ("07/02/2023 - 18:34\nBDK - Ngày 7-2-2023, Sở Công Thương tổ chức hội nghị. Tiếp.", None,
     "BDK - Ngày 7-2-2023, Sở Công Thương tổ chức hội nghị.", "text"),
    ("29/06/2021 - 08:00\nĐiện gió", "https://dantri.com.vn/kinh-doanh/gia-dien-gio-giam-manh-20210629101010101.htm",
     "gia dien gio giam manh", "url"),
    ("", None, "Bài không có tiêu đề", "none"),
    # A full stop after an abbreviation or an initial ends no sentence.
    ("Người dân TP. HCM đổ về trung tâm mua sắm. Giá tăng.", None, "Người dân TP. HCM đổ về trung tâm mua sắm.", "text"),
    ("Theo TS. Nguyễn V. An, giá điện sẽ tăng. Câu sau.", None, "Theo TS. Nguyễn V. An, giá điện sẽ tăng.", "text"),
])
def test_derived_titles(body, url, expected, derived):
    from ctsearch.titles import display_title

    shown = display_title("", body, url)
    assert (shown.text, shown.derived) == (expected, derived)
    assert display_title("Tiêu đề thật", body, url).derived is None


def test_derived_title_is_cut_at_a_word():
    from ctsearch.titles import MAX_TITLE_CHARS, display_title

    sentence = "Ngành Công Thương " + "phát triển điện gió và điện mặt trời " * 8
    text = display_title("", sentence).text
    assert len(text) <= MAX_TITLE_CHARS + 1 and text.endswith("…")
    assert sentence.startswith(text[:-1]) and sentence[len(text) - 1] == " "     # whole words only


@pytest.mark.parametrize("raw, cleaned", [
    ("Hội thảo CNTT&amp;VT", "Hội thảo CNTT&VT"),
    ("KH&amp;amp;CN &gt; 5", "KH&CN > 5"),                 # encoded twice
    ("Q&A về &notice và &CN;", "Q&A về &notice và &CN;"),  # not entities: kept as typed
    ("Cụ thể,&nbsptrong năm", "Cụ thể, trong năm"),       # a space that lost its ";"
    ("Nhà máy điện gió ven biển. Ảnh: EPA", "Nhà máy điện gió ven biển."),
    ("Giá xăng tăng (ảnh: AFP/Getty).", "Giá xăng tăng"),
    ("Ảnh: Anh Tuấn", ""),
    ("Tin, ảnh: Cẩm Trúc", "Tin, ảnh: Cẩm Trúc"),            # a byline is kept
    ("Theo ông A: đây là việc của cả ngành và của mọi người dân cả nước.",
     "Theo ông A: đây là việc của cả ngành và của mọi người dân cả nước."),
])
def test_cleaning_decodes_entities_and_drops_photo_credits(raw, cleaned):
    from ctsearch.clean import clean_text

    assert clean_text(raw) == cleaned


@pytest.mark.parametrize("raw, end, expected", [
    ("2021", False, ("2021-01-01", 20210101)),
    ("2021", True, ("2021-12-31", 20211231)),
    ("2020-02", True, ("2020-02-29", 20200229)),
    ("17/05/2021", False, ("2021-05-17", 20210517)),
    # The forms a record's date takes, too: day first with dashes or dots, a month alone.
    ("21-05-2021", False, ("2021-05-21", 20210521)),
    ("7.5.2021", False, ("2021-05-07", 20210507)),
    ("07/2025", True, ("2025-07-31", 20250731)),
    ("2025-7", False, ("2025-07-01", 20250701)),
    ("2021-05-17 08:30:00 +0700", False, ("2021-05-17", 20210517)),    # a timestamp's time is ignored
    ("20210517", False, ("2021-05-17", 20210517)),
    # Year first with slashes or full stops, as a spreadsheet writes it.
    ("2021/05/17", False, ("2021-05-17", 20210517)),
    ("2021.5.7", True, ("2021-05-07", 20210507)),
    ("2021/02", True, ("2021-02-28", 20210228)),
    ("", False, (None, None)),
])
def test_date_bounds(raw, end, expected):
    from ctsearch.query import parse_date_bound

    assert parse_date_bound("from", raw, end=end) == expected


@pytest.mark.parametrize("raw", ["2021-13-01", "2021-02-30", "hôm qua", "21-05", "17/05-2021", "２０２１-05"])
def test_bad_date_bounds_name_the_parameter(raw):
    from ctsearch.query import QueryError, parse_date_bound

    with pytest.raises(QueryError) as err:
        parse_date_bound("to", raw, end=True)
    assert err.value.param == "to" and "ngày kết thúc" in err.value.message


def test_unknown_province_sorts_last(corpus_index):
    from ctsearch.query import search

    values = [v.value for v in search(corpus_index, Q).facets["province"]]
    assert values[-1] == "Không rõ" and "Không rõ" not in values[:-1]


# --- result rows ---------------------------------------------------------------------------------

def test_newest_first_says_where_the_dates_stop(tmp_path):
    # The articles of no known date follow the dated ones by relevance: the list said
    # nothing, and they read as the oldest.
    from conftest import indexed, make_client

    records = [{"id": f"d{i}", "title": f"Điện gió đợt {i}", "text": "Điện gió phát điện.",
                "date": f"2020-0{i + 1}-01"} for i in range(8)]
    records += [{"id": f"u{i}", "title": f"Điện gió lần {i}", "text": "Điện gió phát điện."} for i in range(3)]
    records += [{"id": "y", "title": "Điện gió năm", "text": "Điện gió phát điện.", "date": 2019}]   # a year alone: dated
    client = make_client(indexed(records, tmp_path))
    listed = rows(client.get("/search", query_string={"q": Q, "sort": "date"}).get_data(as_text=True))
    assert ["undated-divider" in r for r in listed] == [False] * 9 + [True]     # (2019 after 2020's)
    assert "không rõ ngày đăng" in text_of(listed[9]) and "<time" not in listed[9]
    later = rows(client.get("/search", query_string={"q": Q, "sort": "date", "page": 2}).get_data(as_text=True))
    assert ["undated-divider" in r for r in later] == [True, False]       # a page undated from its top
    assert not any("undated-divider" in r for r in rows(client.get(
        "/search", query_string={"q": Q, "sort": "date", "to": "2020-12-31"}).get_data(as_text=True)))
    relevance = client.get("/search", query_string={"q": Q}).get_data(as_text=True)
    assert "undated-divider" not in relevance


def test_untitled_articles_get_a_derived_title_marked_as_such(page_client):
    body = page_client.get("/search", query_string={"q": Q, "sort": "date"}).get_data(as_text=True)
    assert "không có tiêu đề)" not in body
    untitled = row_of(body, "pg-untitled")
    assert "hit-derived" in body[body.index('id="hit-pg-untitled"') - 40:body.index('id="hit-pg-untitled"')]
    title = re.search(r'<h2 class="hit-title"><a [^>]+>(.*?)</a>', untitled, re.S).group(1)
    assert text_of(title) == "Điện gió ngoài khơi là hướng đi mới của ngành năng lượng Việt Nam trong những năm tới."
    assert "<mark>" in title                      # a derived title is highlighted too
    assert "trích câu đầu bài" in untitled
    slug = row_of(body, "pg-slug")
    assert "gia dien gio giam manh" in text_of(slug) and "lấy từ địa chỉ bài" in slug
    # every row has a title of its own
    titles = [text_of(re.search(r'<h2 class="hit-title">(.*?)</h2>', r, re.S).group(1)) for r in rows(body)]
    assert titles and all(titles) and len(set(titles)) == len(titles)


def test_the_api_gives_an_untitled_article_the_title_the_page_shows(page_client):
    hits = {h["id"]: h for h in page_client.get("/api/search", query_string={"q": Q, "limit": 50}).get_json()["hits"]}
    assert hits["pg-untitled"]["title"] == ""
    assert hits["pg-untitled"]["title_derived"] == ("Điện gió ngoài khơi là hướng đi mới của ngành năng lượng "
                                                    "Việt Nam trong những năm tới.")
    assert "gia dien gio giam manh" in hits["pg-slug"]["title_derived"]
    assert all(h["title_derived"] is None for h in hits.values() if h["title"])
    article = page_client.get("/api/articles/pg-untitled").get_json()
    assert article["title_derived"] == hits["pg-untitled"]["title_derived"]


def test_a_derived_title_is_marked_as_the_search_read_the_words(tmp_path, client_for):
    # The search reads "che bien che tao" as the term "chế biến, chế tạo", written with its
    # comma, and "dien" as điện: the title derived from the body is marked the same way as
    # the snippet, on the results page and on the article page.
    from conftest import _index, write_jsonl

    client = client_for(_index(write_jsonl(tmp_path / "d.jsonl", [
        {"id": "untitled-cb", "title": "", "text": "Chỉ số công nghiệp chế biến, chế tạo tăng 5% so với cùng kỳ, "
                                                    "diễn biến khả quan.\nĐoạn hai về điện."}]), tmp_path / "idx"))
    marked = "<mark>chế biến, chế tạo</mark>"
    body = client.get("/search", query_string={"q": "che bien che tao"}).get_data(as_text=True)
    title = re.search(r'<h2 class="hit-title"><a [^>]+>(.*?)</a>', row_of(body, "untitled-cb"), re.S).group(1)
    assert marked in title.replace("\n", " ")
    page = client.get("/article/untitled-cb", query_string={"q": "che bien che tao"}).get_data(as_text=True)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert marked in heading
    page = client.get("/article/untitled-cb", query_string={"q": "dien"}).get_data(as_text=True)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert "<mark>" not in heading          # "diễn" is not "điện"


def test_no_literal_html_entities(page_client):
    body = page_client.get("/search", query_string={"q": "CNTT"}).get_data(as_text=True)
    row = row_of(body, "pg-entity")
    assert text_of(row).startswith("Hội thảo CNTT&VT và điện gió")
    assert "&amp;amp;" not in body and "</mark>&amp;VT" in row      # escaped once, shown as "&"
    visible = text_of(body)
    assert not re.search(r"&(?:amp|gt|lt|quot|nbsp);", visible)
    article = page_client.get("/article/pg-entity").get_data(as_text=True)
    assert "&amp;amp;" not in article and "bàn về điện gió &gt; điện than" in article


def test_rows_leave_out_unknown_fields_and_link_the_source(page_client):
    body = page_client.get("/search", query_string={"q": Q, "sort": "date", "source": "Không rõ"}).get_data(as_text=True)
    assert "Không rõ" not in "".join(rows(body))
    body = page_client.get("/search", query_string={"q": Q, "source": "vnexpress.net"}).get_data(as_text=True)
    for row in rows(body):
        m = re.search(r'<span class="meta-item meta-source"><a href="(https://vnexpress\.net/[^"]+)" rel="noopener', row)
        assert m, row
    assert "Không rõ tỉnh/thành" not in body


def test_photo_credits_stay_out_of_snippets(page_client):
    body = page_client.get("/search", query_string={"q": "nhà máy điện gió"}).get_data(as_text=True)
    snippets = re.findall(r'<p class="hit-snippet">(.*?)</p>', body, re.S)
    assert snippets and not any("EPA" in s or "Ảnh:" in s for s in snippets)


def test_query_time_is_shown(page_client):
    body = page_client.get("/search", query_string={"q": Q}).get_data(as_text=True)
    assert re.search(r'<span class="took"> · (?:dưới 0,01|\d+,\d\d) giây</span>', body)


@pytest.mark.parametrize("ms, shown", [(3.2, "dưới 0,01 giây"), (14.6, "0,01 giây"), (1234, "1,23 giây")])
def test_query_time_wording(ms, shown):
    from ctsearch.web.present import format_seconds

    assert format_seconds(ms) == shown


# --- source facet and date range -----------------------------------------------------------------

def test_source_facet_counts_and_filters(page_client):
    data = page_client.get("/api/search", query_string={"q": Q}).get_json()
    counts = {v["value"]: v["count"] for v in data["facets"]["source"]}
    assert counts == {"vnexpress.net": 8, "baomoi.com": 8, "dantri.com.vn": 2, "Không rõ": 9}
    assert data["facets"]["source"][-1]["value"] == "Không rõ"
    data = page_client.get("/api/search", query_string={"q": Q, "source": "VNEXPRESS.NET"}).get_json()
    assert data["total"] == 8 and data["filters"]["source"] == ["vnexpress.net"]
    resp = page_client.get("/search", query_string={"q": Q, "source": "vnexpres"})
    assert resp.status_code == 400
    assert "vnexpress.net" in resp.get_data(as_text=True)


def test_date_range(page_client):
    def total(**params):
        return page_client.get("/api/search", query_string={"q": Q, **params}).get_json()["total"]

    everything, dated = total(), 19
    assert total(**{"from": "2021"}) == dated < everything     # undated articles are outside any range
    assert total(**{"from": "2021-06-28", "to": "2021-06-30"}) == 3
    assert total(**{"from": "2021/06/28", "to": "2021.06.30"}) == 3
    assert total(to="2021-01-31") == 2                          # pg-00 (01-01) and pg-12 (01-13)
    resp = page_client.get("/search", query_string={"q": Q, "from": "2021-06-30", "to": "2021-06-01"})
    assert resp.status_code == 400 and "kết thúc 01/06/2021 ở trước ngày bắt đầu 30/06/2021" in resp.get_data(as_text=True)
    body = page_client.get("/search", query_string={"q": Q, "from": "2021-06"}).get_data(as_text=True)
    assert re.search(r'<input id="date-from"[^>]*value="01/06/2021"', body)
    chip = re.search(r'<a class="chip" href="([^"]+)">(.*?)</a>', body, re.S)
    assert "Thời gian:" in text_of(chip.group(2)) and "từ 1 tháng 6 năm 2021" in text_of(chip.group(2))
    assert parse_qsl(urlsplit(html.unescape(chip.group(1))).query) == [("q", Q)]


def test_facet_toggles_keep_the_date_range(page_client):
    body = page_client.get("/search", query_string={"q": Q, "from": "2021-06-01"}).get_data(as_text=True)
    urls = re.findall(r'data-toggle-url="([^"]+)"', body)
    assert urls and all(("from", "2021-06-01") in parse_qsl(urlsplit(html.unescape(u)).query) for u in urls)


# --- facets in reach -----------------------------------------------------------------------------

def test_long_facet_lists_fold_behind_xem_them(corpus_client):
    body = corpus_client.get("/search", query_string={"q": Q}).get_data(as_text=True)
    section = body[body.index('<section class="facet facet-province"'):]
    section = section[:section.index("</section>")]
    shown, more = section.split('<details class="facet-more"')
    assert shown.count('type="checkbox"') == 6 and more.count('type="checkbox"') == 4
    assert "Xem thêm 4" in more and "Không rõ" in more
    # a ticked value behind "Xem thêm" comes first, so it is never hidden
    body = corpus_client.get("/search", query_string={"q": Q, "province": "Sơn La"}).get_data(as_text=True)
    section = body[body.index('<section class="facet facet-province"'):]
    assert section.index('value="Sơn La"') < section.index('<details class="facet-more"')
    # today's provinces too (a ticked Tuyên Quang was 16th of 17, below the fold)
    body = corpus_client.get("/search", query_string={"q": Q, "current_province": "Sơn La"}).get_data(as_text=True)
    section = body[body.index('<section class="facet facet-current_province"'):]
    section = section[:section.index("</section>")]
    assert section.index('value="Sơn La"') == min(section.index(f'value="{v}"') for v in re.findall(r'value="([^"]+)"', section))


def test_xem_them_is_read_out_as_a_phrase_naming_what_it_shows(corpus_client):
    # A screen reader read "Xem thêm 3 có nhắc đến" (the facet's title as a noun).
    body = corpus_client.get("/search", query_string={"q": Q}).get_data(as_text=True)

    def summary(name: str) -> tuple[str, str]:
        section = body[body.index(f'<section class="facet facet-{name}"'):]
        found = re.search(r'<summary>(.*?)</summary>', section[:section.index("</section>")], re.S).group(1)
        closed, opened = found.split('<span class="more-open">')
        return text_of(closed), text_of(opened)

    assert summary("mentions") == ("Xem thêm 3 tỉnh/thành được nhắc đến", "Thu gọn danh sách tỉnh/thành được nhắc đến")
    assert summary("province") == ("Xem thêm 4 tỉnh/thành", "Thu gọn danh sách tỉnh/thành")
    assert summary("current_province")[0] == "Xem thêm 4 tỉnh/thành hiện nay"


def test_each_filter_value_is_a_link_to_its_page_out_of_the_tab_order(corpus_client):
    # Values could not be opened in a new tab (Ctrl or middle click, the context menu): the
    # checkbox alone was no link.
    body = corpus_client.get("/search", query_string={"q": Q, "province": "Sơn La"}).get_data(as_text=True)
    items = re.findall(r'<li class="facet-item.*?</li>', body, re.S)
    assert len(items) > 10
    for item in items:
        toggle = re.search(r'data-toggle-url="([^"]+)"', item).group(1)
        link = re.search(r'<a class="facet-label" href="([^"]+)" tabindex="-1" aria-hidden="true">([^<]+)</a>', item)
        assert link and link.group(1) == toggle, item
        assert html.unescape(link.group(2)) == html.unescape(re.search(r'data-label="([^"]+)"', item).group(1))
    # (the box is the control the keyboard stops at: one stop a value, as before)
    assert body.count('class="facet-label"') == body.count('type="checkbox" form="search-form"')


def test_the_page_holds_an_empty_polite_region_for_counts_said_later(corpus_client):
    # A phone's new count and the count after a tick are said in it (app.js): a region made
    # and filled at once is often not read out.
    body = corpus_client.get("/search", query_string={"q": Q}).get_data(as_text=True)
    assert '<p class="visually-hidden" id="filter-status" aria-live="polite"></p>' in body
    # outside the results, which are busy while a tick's page loads
    assert body.index('id="filter-status"') < body.index('<section class="results"')


def test_year_facet_says_the_unknown_share(client_for, tmp_path):
    from conftest import _index, write_jsonl

    records = [{"id": f"y{i}", "title": f"Điện gió {i}", "text": "Điện gió.", "date": "2021-05-01" if i < 2 else None}
               for i in range(8)]
    client = client_for(_index(write_jsonl(tmp_path / "y.jsonl", records), tmp_path / "idx"))
    body = client.get("/search").get_data(as_text=True)
    assert "75% số bài (6) không rõ năm" in body
    # With no year known at all, its one row says it: no note repeating it.
    undated = client_for(_index(write_jsonl(tmp_path / "u.jsonl", [{**r, "date": None} for r in records]),
                                tmp_path / "undated"))
    body = undated.get("/search").get_data(as_text=True)
    section = body.split('id="facet-year-title"')[1].split("</section>")[0]
    assert "Không rõ" in section and "không rõ năm" not in section


def test_numbers_of_pages_are_written_as_counts_and_near_matches_alone_are_said_so(client_for, tmp_path):
    # The pager wrote "1455" beside "trang 1/1.455"; and the note under the count said the
    # near matches "follow the results with every word" where there was none.
    from conftest import _index, write_jsonl

    records = [{"id": f"p{i}", "title": f"Giá lúa {i}", "text": "Giá lúa tăng."} for i in range(10_040)]
    records += [{"id": f"t{i}", "title": f"Giá tôm {i}", "text": "Giá tôm giảm."} for i in range(10)]
    client = client_for(_index(write_jsonl(tmp_path / "p.jsonl", records), tmp_path / "idx"))
    body = client.get("/search", query_string={"page": "1005"}).get_data(as_text=True)
    nav = body[body.index('<nav class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    assert ">1.005<" in nav and 'aria-label="Trang 1.005"' in nav and "Trang 1.005/1.005" in nav
    assert not re.search(r">\d{4,}<", nav)
    near = client.get("/search", query_string={"q": "lúa tôm"}).get_data(as_text=True)      # (no article holds both)
    assert "Không có kết quả có đủ mọi từ" in near
    assert "Kết quả gần đúng thiếu một số từ đã gõ (ghi ở “Thiếu”)." in near
    assert "đứng sau các kết quả có đủ mọi từ" not in near


# --- export ----------------------------------------------------------------------------------------

#: What the export line says the JSON is for, in words an official reads (not "trang này",
#: which named no use).
JSON_NOTE = "(các kết quả trên trang này, để nạp vào phần mềm khác)"


def test_export_links_carry_the_search(page_client):
    # (a page of its own: a page past the last offers no JSON of it)
    body = page_client.get("/search", query_string={"q": Q, "source": "baomoi.com", "sort": "date",
                                                   "page": "2"}).get_data(as_text=True)
    assert JSON_NOTE not in body
    body = page_client.get("/search", query_string={"q": Q, "source": "baomoi.com", "sort": "date",
                                                   "page": "1"}).get_data(as_text=True)
    exports = body[body.index('<p class="exports">'):]
    found = re.findall(r'<a href="(/(?:search\.csv|api/search|search\.atom)[^"]*)"', exports[:exports.index("</p>")])
    links = {urlsplit(html.unescape(u)).path: html.unescape(u) for u in found}
    assert parse_qsl(urlsplit(links["/api/search"]).query) == [("q", Q), ("source", "baomoi.com"),
                                                               ("sort", "date")]
    assert parse_qsl(urlsplit(links["/search.csv"]).query) == [("q", Q), ("source", "baomoi.com"), ("sort", "date")]
    assert parse_qsl(urlsplit(links["/search.atom"]).query) == [("q", Q), ("source", "baomoi.com")]
    assert '<link rel="alternate" type="application/atom+xml"' in body
    line = text_of(exports[:exports.index("</p>")])
    assert f"JSON {JSON_NOTE}" in line and "JSON (trang này)" not in line


def test_the_page_says_when_the_csv_holds_only_the_first_results(page_client, monkeypatch):
    from ctsearch.web import exports
    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 1)
    body = page_client.get("/search", query_string={"q": Q}).get_data(as_text=True)
    said = text_of(body[body.index('<p class="exports">'):])
    assert "CSV (1 kết quả đầu)" in said


def test_csv_export(page_client):
    resp = page_client.get("/search.csv", query_string={"q": Q, "sort": "date"})
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    assert 'attachment; filename="ctsearch-dien-gio.csv"' == resp.headers["Content-Disposition"]
    named = page_client.get("/search.csv", query_string={"current_province": "ha giang", "mentions": "Lào Cai"})
    assert 'filename="ctsearch-ha-giang-lao-cai.csv"' in named.headers["Content-Disposition"]    # not "tat-ca"
    text = resp.get_data(as_text=True)
    assert text.startswith("\ufeff")
    table = list(csv.DictReader(io.StringIO(text[1:])))
    api = page_client.get("/api/search", query_string={"q": Q, "sort": "date", "limit": 100}).get_json()
    assert [r["id"] for r in table] == [h["id"] for h in api["hits"]]
    untitled = next(r for r in table if r["id"] == "pg-untitled")
    assert untitled["tieu_de"].startswith("Điện gió ngoài khơi") and untitled["tieu_de_tu_tao"] == "có"
    assert all("<mark>" not in r["trich_doan"] for r in table)
    assert next(r for r in table if r["id"] == "pg-entity")["tieu_de"] == "Hội thảo CNTT&VT và điện gió"
    filtered = page_client.get("/search.csv", query_string={"q": Q, "source": "dantri.com.vn"}).get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(filtered[1:])))) == 2
    # A misspelt or repeated parameter is refused, as the API refuses it: ignored, it
    # exported every article, unfiltered.
    for path in ("/search.csv", "/search.atom"):
        resp = page_client.get(path, query_string={"q": Q, "provinces": "ben tre"})
        assert resp.status_code == 400 and "không có tham số “provinces”" in resp.get_data(as_text=True)
        resp = page_client.get(path, query_string=[("q", Q), ("q", "dừa")])
        assert resp.status_code == 400 and "“q” chỉ nhận một giá trị" in resp.get_data(as_text=True)
        # (a link shared picks up tracking names: no misspelling of ours)
        assert page_client.get(path, query_string={"q": Q, "utm_source": "zalo", "fbclid": "x"}).status_code == 200


def test_csv_gives_the_province_named_and_its_unit_today(client_for, tmp_path):
    from conftest import _index, write_jsonl

    client = client_for(_index(write_jsonl(tmp_path / "p.jsonl", [
        {"id": "hg", "title": "Chợ phiên Đồng Văn", "province": "Hà Giang",
         "text": "Điện về bản. Hàng hóa từ Lào Cai và Tuyên Quang lên chợ phiên."}]),
        tmp_path / "idx"))
    table = list(csv.DictReader(io.StringIO(
        client.get("/search.csv", query_string={"current_province": "tuyen quang"}).get_data(as_text=True)[1:])))
    assert [(r["tinh_thanh"], r["tinh_thanh_hien_nay"]) for r in table] == [("Hà Giang", "Tuyên Quang")]
    # Every province mentioned, as the search API's hits list them.
    assert table[0]["tinh_thanh_nhac_den"] == "Hà Giang, Lào Cai, Tuyên Quang"
    hit = client.get("/api/search", query_string={"province": "ha giang"}).get_json()["hits"][0]
    assert hit["provinces"] == ["Hà Giang", "Lào Cai", "Tuyên Quang"]


def test_csv_says_which_words_a_near_match_lacks(client_for, tmp_path):
    from conftest import _index, write_jsonl

    records = [{"id": "day", "title": "Giá điện tăng", "text": "Từ ngày 20/3/2019 giá điện tăng 8,36%."},
               {"id": "other_day", "title": "Giá điện giữ nguyên", "text": "Ngày 1/1/2018 giá điện không đổi."}]
    records += [{"id": f"filler{i}", "title": f"Tin {i}", "text": "Thời tiết ngày mai nắng."} for i in range(6)]
    client = client_for(_index(write_jsonl(tmp_path / "n.jsonl", records), tmp_path / "idx"))
    params = {"q": "giá điện ngày 20/3/2019"}
    api = client.get("/api/search", query_string=params).get_json()
    table = list(csv.DictReader(io.StringIO(client.get("/search.csv", query_string=params).get_data(as_text=True)[1:])))
    assert [r["id"] for r in table] == [h["id"] for h in api["hits"]][:len(table)] and len(table) >= 2
    assert [(r["id"], r["thieu_tu"]) for r in table[:2]] == [("day", ""), ("other_day", "20/3/2019")]
    assert [r["thieu_tu"] for r in table] == [", ".join(h["missing"]) for h in api["hits"]]


def test_csv_cells_are_not_formulas(client_for, tmp_path):
    from conftest import _index, write_jsonl

    client = client_for(_index(write_jsonl(tmp_path / "f.jsonl", [
        {"id": "f1", "title": "=HYPERLINK(\"http://x\")", "text": "Điện gió."}]), tmp_path / "idx"))
    table = list(csv.DictReader(io.StringIO(client.get("/search.csv").get_data(as_text=True)[1:])))
    assert table[0]["tieu_de"] == "'=HYPERLINK(\"http://x\")"


def test_atom_feed(page_client):
    resp = page_client.get("/search.atom", query_string={"q": Q, "source": "dantri.com.vn"})
    assert resp.status_code == 200 and resp.mimetype == "application/atom+xml"
    feed = ET.fromstring(resp.get_data())
    assert feed.tag == ATOM + "feed"
    assert "điện gió" in feed.find(ATOM + "title").text and "dantri.com.vn" in feed.find(ATOM + "title").text
    entries = feed.findall(ATOM + "entry")
    assert [e.find(ATOM + "title").text for e in entries] == [
        "Điện gió ngoài khơi là hướng đi mới của ngành năng lượng Việt Nam trong những năm tới.",
        "gia dien gio giam manh"]                                  # newest first
    first = entries[0]
    assert first.find(ATOM + "updated").text == "2021-06-30T00:00:00Z"
    # Undated: a fixed time, so that the next indexing run does not make it look new.
    from ctsearch.web.exports import UNDATED, _rfc3339
    assert (_rfc3339(None, None), _rfc3339(None, 2019), _rfc3339("2021-06-30", 2021)) == \
        (UNDATED, "2019-01-01T00:00:00Z", "2021-06-30T00:00:00Z")
    assert first.find(ATOM + "link").get("href").startswith("http://localhost/article/pg-untitled")
    self_link = [l for l in feed.findall(ATOM + "link") if l.get("rel") == "self"][0].get("href")
    assert parse_qsl(urlsplit(self_link).query) == [("q", Q), ("source", "dantri.com.vn"), ("sort", "date")]
    full = ET.fromstring(page_client.get("/search.atom").get_data())
    assert len(full.findall(ATOM + "entry")) == 20


def test_the_feed_of_an_exact_search_is_that_search(client_for, tmp_path):
    """literal=1 (the words exactly as typed) holds in the feed as on the page: "dien"
    exactly as typed is every "dien", read it is "điện"."""
    from conftest import _index, write_jsonl

    client = client_for(_index(write_jsonl(tmp_path / "l.jsonl", [
        {"id": "power", "title": "Giá điện tăng", "text": "Giá điện tăng từ tháng sau.", "date": "2021-05-01"},
        {"id": "show", "title": "Buổi biểu diễn", "text": "Buổi diễn ca nhạc kết thúc.", "date": "2021-05-02"}]),
        tmp_path / "idx"))
    feeds = {}
    for literal in ("1", ""):
        params = {"q": "dien", "literal": literal}
        feed = ET.fromstring(client.get("/search.atom", query_string=params).get_data())
        links = [e.find(ATOM + "link").get("href") for e in feed.findall(ATOM + "entry")]
        api = client.get("/api/search", query_string={**params, "sort": "date", "limit": 20}).get_json()
        feeds[literal] = [urlsplit(link).path.rsplit("/", 1)[-1] for link in links]
        assert feeds[literal] == [h["id"] for h in api["hits"]]
        self_link = [l for l in feed.findall(ATOM + "link") if l.get("rel") == "self"][0].get("href")
        assert (("literal", "1") in parse_qsl(urlsplit(self_link).query)) is bool(literal)
        assert all((("literal", "1") in parse_qsl(urlsplit(link).query)) is bool(literal) for link in links)
    assert feeds["1"] == ["show", "power"] and feeds[""] == ["power"]
    # Without a query there is nothing to read exactly: no entry link says so.
    bare = ET.fromstring(client.get("/search.atom", query_string={"literal": "1"}).get_data())
    assert all("literal" not in e.find(ATOM + "link").get("href") for e in bare.findall(ATOM + "entry"))


def test_control_characters_in_a_query_reach_no_feed_or_page(page_client):
    import xml.dom.minidom
    for raw in ("\x01điện", "\ufffeđiện", "điện\u202e gió"):
        feed = page_client.get("/search.atom", query_string={"q": raw})
        assert feed.status_code == 200
        xml.dom.minidom.parseString(feed.get_data())          # well-formed
        page = page_client.get("/search", query_string={"q": raw}).get_data(as_text=True)
        assert "\x01" not in page and "\ufffe" not in page and "\u202e" not in page
    page = page_client.get("/search", query_string={"q": "?"}).get_data(as_text=True)
    assert "không có chữ hay số nào để tìm" in text_of(page)
    assert 'class="sort-link"' not in page      # newest first, as said: no order to choose


def test_exports_reject_bad_parameters(page_client):
    """In words a spreadsheet or a feed reader shows as they are: text, not a page's HTML."""
    for path in ("/search.csv", "/search.atom"):
        for bad in ({"from": "hôm qua"}, {"year": "hai nghìn"}, {"sort": "<b>x</b>"}):
            resp = page_client.get(path, query_string=bad)
            text = resp.get_data(as_text=True)
            assert resp.status_code == 400 and resp.mimetype == "text/plain", (path, bad)
            assert text.startswith("Yêu cầu không hợp lệ: Tham số “") and next(iter(bad)) in text
            assert "<" not in text.replace("<b>x</b>", "")


# --- article page --------------------------------------------------------------------------------

def test_article_page_counts_matches_and_jumps_to_the_first(page_client):
    body = page_client.get("/article/pg-untitled", query_string={"q": Q, "back": "/search?q=x"}).get_data(as_text=True)
    note = re.search(r'<p class="highlight-note"[^>]*>(.*?)</p>', body, re.S).group(1)
    assert text_of(note).startswith("2 chỗ khớp với “điện gió” trong bài")
    assert 'href="#cho-khop-1"' in note and body.count('id="cho-khop-1"') == 1
    h1 = re.search(r'<h1 class="article-title">(.*?)</h1>', body, re.S).group(1)
    assert text_of(h1).startswith("Điện gió ngoài khơi") and "<mark>" in h1
    assert "trích câu đầu bài" in body
    assert 'href="/search?q=x#hit-pg-untitled"' in body
    assert "Bỏ tô sáng" in note
    nothing = page_client.get("/article/pg-untitled", query_string={"q": "than đá"}).get_data(as_text=True)
    note = re.search(r'<p class="highlight-note"[^>]*>(.*?)</p>', nothing, re.S).group(1)
    # (nothing is marked: no "Bỏ tô sáng" to offer, as a related article opened from a search showed)
    assert text_of(note) == "Không có chỗ nào khớp với “than đá” trong bài"


def test_an_article_offers_its_own_address_to_copy_and_prints_it(page_client):
    # Opened from a search, its address carries the sender's words, filters and way back:
    # "Sao chép liên kết" copies the article's own (app.js), and a printed copy says where
    # it came from.
    body = page_client.get("/article/pg-untitled",
                           query_string={"q": Q, "back": "/search?q=x&year=2021"}).get_data(as_text=True)
    canonical = "http://localhost/article/pg-untitled"
    tools = re.search(r'<p class="article-tools"( hidden)?>(.*?)</p>', body, re.S)
    assert tools and tools.group(1) == " hidden"          # a button needs the script: shown by it
    button = re.search(r'<button type="button" class="copy-link" data-url="([^"]+)">([^<]+)</button>', tools.group(2))
    assert button and button.groups() == (canonical, "Sao chép liên kết")
    assert 'role="status"' in tools.group(2)              # (its feedback is said)
    origin = re.search(r'<p class="print-origin">(.*?)</p>', body, re.S)
    assert origin and text_of(origin.group(1)) == f"ctsearch · {canonical} · mã bài: pg-untitled"


def test_an_article_page_tells_a_pasted_link_what_it_is(page_client):
    # A link pasted into a chat showed no preview: no description, no og: tags.
    body = page_client.get("/article/pg-untitled", query_string={"q": Q}).get_data(as_text=True)
    head = body.split("</head>", 1)[0]
    assert '<link rel="canonical" href="/article/pg-untitled">' in head
    assert '<meta property="og:url" content="http://localhost/article/pg-untitled">' in head
    assert '<meta property="og:title" content="' in head and '<meta property="og:type" content="article">' in head
    description = re.search(r'<meta name="description" content="([^"]*)">', head).group(1)
    assert 0 < len(description) <= 205 and "<mark>" not in description


def test_the_results_address_with_a_slash_after_it_goes_to_the_results(page_client):
    resp = page_client.get("/search/?q=%C4%91i%E1%BB%87n+gi%C3%B3&page=2")
    assert resp.status_code == 308 and resp.headers["Location"].endswith("/search?q=%C4%91i%E1%BB%87n+gi%C3%B3&page=2")


def test_an_article_lacking_some_of_the_words_says_which(page_client):
    # Opened from a near match ("Thiếu: than đá"), the page said "2 chỗ khớp với “điện gió
    # than đá”", as if the article held the whole query.
    body = page_client.get("/article/pg-untitled", query_string={"q": "điện gió than đá"}).get_data(as_text=True)
    note = re.search(r'<p class="highlight-note"[^>]*>(.*?)</p>', body, re.S).group(1)
    assert text_of(note).startswith("2 chỗ khớp với các từ của “điện gió than đá” trong bài (bài không có: than đá)")


# --- weight and caching --------------------------------------------------------------------------

def test_responses_are_compressed(page_client):
    resp = page_client.get("/search", query_string={"q": Q}, headers={"Accept-Encoding": "gzip"})
    assert resp.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in resp.headers["Vary"]
    html_text = gzip.decompress(resp.get_data()).decode("utf-8")
    assert "<!doctype html>" in html_text
    api = page_client.get("/api/search", query_string={"q": Q}, headers={"Accept-Encoding": "gzip"})
    assert api.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in page_client.get("/search", query_string={"q": Q}).headers
    # A coding refused (quality 0) is never chosen: Flask-Compress read it as a choice.
    for refused, chosen in (("gzip;q=0", None), ("gzip;q=0.0", None), ("br;q=0, gzip;q=0", None),
                            ("br;q=0, gzip", "gzip"), ("gzip; q=0.5", "gzip"), ("br;q=0, zstd;q=0, *", "gzip"),
                            ("gzip;q=0, br;q=0, zstd;q=0, deflate;q=0, *", None)):
        got = page_client.get("/search", query_string={"q": Q}, headers={"Accept-Encoding": refused})
        assert got.headers.get("Content-Encoding") == chosen, refused


def test_versioned_static_files_are_cached_for_long(page_client):
    body = page_client.get("/").get_data(as_text=True)
    css = html.unescape(re.search(r'<link rel="stylesheet" href="([^"]+)"', body).group(1))
    assert re.search(r"\?v=[0-9a-f]{12}$", css)
    resp = page_client.get(css)
    assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    stale = page_client.get(css.split("?")[0] + "?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"
    assert page_client.get("/search").headers.get("Cache-Control") != "public, max-age=31536000, immutable"


def test_an_index_built_before_the_source_column_still_searches(tmp_path, monkeypatch, client_for):
    """Indexes built before sources were a facet have no such column: no facet, no error."""
    from conftest import _index, write_jsonl

    import ctsearch.builder as builder
    import ctsearch.index as index_mod
    import ctsearch.store as store
    from ctsearch.schema import make_schema

    def old_schema():
        schema = make_schema()
        schema.remove("c_source")
        return schema

    real_fields = builder.document_fields
    with monkeypatch.context() as m:
        m.setattr(store, "make_schema", old_schema)
        m.setattr(index_mod, "make_schema", old_schema)
        m.setattr(builder, "document_fields",
                  lambda article: {k: v for k, v in real_fields(article).items() if k != "c_source"})
        folder = _index(write_jsonl(tmp_path / "old.jsonl", [
            {"id": "o1", "title": "Điện gió", "text": "Điện gió ven biển.", "source": "vnexpress.net"}]),
            tmp_path / "idx")
    client = client_for(folder)
    resp = client.get("/search", query_string={"q": Q})
    assert resp.status_code == 200 and 'class="facet facet-source"' not in resp.get_data(as_text=True)
    assert client.get("/api/search", query_string={"q": Q}).get_json()["facets"]["source"] == []


def test_cli_filters_by_source_and_dates(page_index, capsys):
    import json

    from ctsearch.cli import main

    code = main(["query", Q, "--source", "dantri.com.vn", "--from", "2021-06-30", "--to", "2021-06-30",
                 "--index-dir", str(page_index), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and [h["id"] for h in data["hits"]] == ["pg-untitled"]
    assert data["filters"]["source"] == ["dantri.com.vn"]
    assert data["dates"] == {"from": "2021-06-30", "to": "2021-06-30"}


def test_a_page_past_the_last_says_so_and_links_the_last(page_client):
    body = page_client.get("/search", query_string={"q": Q, "page": "99"}).get_data(as_text=True)
    said = text_of(body[body.index('id="result-count"'):body.index("</p>", body.index('id="result-count"'))])
    assert "không có trang 99: trang cuối (3)" in said
    assert re.search(r'<a href="/search\?q=[^"]*page=3">trang cuối', body)


def test_a_related_article_known_by_its_year_alone_shows_it(client_for, tmp_path):
    from conftest import _index, write_jsonl

    text = "Giá điện sinh hoạt tăng, các hộ dân và doanh nghiệp điều chỉnh kế hoạch tiết kiệm điện."
    client = client_for(_index(write_jsonl(tmp_path / "y.jsonl", [
        {"id": "a", "title": "Giá điện tăng", "text": text, "date": "2019-03-20"},
        {"id": "b", "title": "Điều chỉnh giá điện", "text": text + " Giá điện bậc thang.", "date": "2019"},
        {"id": "c", "title": "Tiết kiệm điện", "text": text + " Tiết kiệm điện mùa nóng."}]), tmp_path / "idx"))
    body = client.get("/article/a").get_data(as_text=True)
    metas = dict(re.findall(r'<a href="/article/(\w)[^"]*">.*?</a>\s*<span class="related-meta">(.*?)</span>', body, re.S))
    assert metas.get("b", "").strip() == "2019", metas


def test_behind_a_proxy_the_feed_and_csv_link_the_address_people_use(seeds_index, monkeypatch):
    """Headers anyone could send are believed only when proxies are said to stand in front."""
    from ctsearch.web.app import create_app
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tin.congthuong.example"}
    monkeypatch.delenv("CTSEARCH_PROXIES", raising=False)
    plain = create_app({"INDEX_DIR": seeds_index, "TESTING": True}).test_client()
    feed = plain.get("/search.atom", query_string={"q": "dien"}, headers=forwarded).get_data(as_text=True)
    assert "tin.congthuong.example" not in feed
    behind = create_app({"INDEX_DIR": seeds_index, "TESTING": True, "PROXIES": 1}).test_client()
    feed = behind.get("/search.atom", query_string={"q": "dien"}, headers=forwarded).get_data(as_text=True)
    assert "https://tin.congthuong.example/article/" in feed and "http://localhost" not in feed
    csv_text = behind.get("/search.csv", query_string={"q": "dien"}, headers=forwarded).get_data(as_text=True)
    assert "https://tin.congthuong.example/article/" in csv_text
    monkeypatch.setenv("CTSEARCH_PROXIES", "mot")
    with pytest.raises(ValueError, match="CTSEARCH_PROXIES"):
        create_app({"INDEX_DIR": seeds_index, "TESTING": True})


def test_dates_the_wrong_way_round_are_offered_swapped(page_client):
    resp = page_client.get("/search", query_string={"q": "dien", "from": "2021-05-01", "to": "2021-04-01"})
    assert resp.status_code == 400
    body = resp.get_data(as_text=True)
    swapped = re.search(r'href="([^"]+)">Từ 01/04/2021 đến 01/05/2021 \(đổi chỗ hai ngày\)', body)
    assert swapped and page_client.get(swapped.group(1).replace("&amp;", "&")).status_code == 200
    assert "Bỏ lọc thời gian" in body
    # Both dates were read: the heading says what is wrong, not that a date did not read.
    assert "Hai ngày bị đảo" in body and "Không đọc được ngày" not in body


def test_a_date_that_does_not_read_is_not_offered_swapped(page_client):
    body = page_client.get("/search", query_string={"q": "dien", "from": "abc", "to": "2020"}).get_data(as_text=True)
    assert "đổi chỗ hai ngày" not in body and "Hai ngày bị đảo" not in body
    assert "Không đọc được ngày bắt đầu" in body


def test_a_feed_holds_only_the_articles_with_every_word(client_for, tmp_path):
    # A search with few full matches lists near matches after them ("Thiếu: gạo"); its feed
    # carried them unmarked, as if they matched.
    from conftest import _index, write_jsonl

    client = client_for(_index(write_jsonl(tmp_path / "n.jsonl", [
        {"id": "full", "title": "Xuất khẩu gạo tăng", "text": "Xuất khẩu gạo của An Giang tăng.", "date": "2021-05-01"},
        {"id": "near", "title": "Xuất khẩu cá tra", "text": "Xuất khẩu cá tra của An Giang.", "date": "2021-06-01"}]),
        tmp_path / "idx"))
    api = client.get("/api/search", query_string={"q": "xuất khẩu gạo", "sort": "date"}).get_json()
    assert {h["id"] for h in api["hits"]} == {"full", "near"}       # the page lists both
    feed = ET.fromstring(client.get("/search.atom", query_string={"q": "xuất khẩu gạo"}).get_data())
    links = [e.find(ATOM + "link").get("href") for e in feed.findall(ATOM + "entry")]
    assert [urlsplit(link).path.rsplit("/", 1)[-1] for link in links] == ["full"]
