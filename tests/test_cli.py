"""End to end through the command line: index the shipped seeds, query, show, stats."""

import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from ctsearch.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
S0, S1, S2, S3, S4 = (
    "000_4f08650ed6b0bf14", "001_bbf45f2fc4466c0e", "002_5ea34a4975a1f8a0",
    "003_8719fd89b816f8d3", "004_e6687adce95f4d90",
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def query(capsys, index_dir, *argv):
    code, out, err = run(capsys, "query", *argv, "--json", "--index-dir", index_dir)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seeds indexed once for the read-only tests of this module."""
    d = tmp_path_factory.mktemp("index")
    assert main(["index", str(SEEDS), "--index-dir", str(d), "--quiet"]) == 0
    return d


def ids(result):
    """The hits containing every word of the query (partial matches left out)."""
    return [h["id"] for h in result["hits"] if not h["missing"]]


def index_records(capsys, tmp_path, records: list[dict], ix=None) -> "Path":
    """Index ``records`` (as one .jsonl file) through the CLI; returns the index dir."""
    ix = ix or tmp_path / "ix"
    f = tmp_path / f"records-{len(list(tmp_path.glob('records-*.jsonl')))}.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    assert main(["index", str(f), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    return ix


# --- the seeds table ---------------------------------------------------------------
SEED_TABLE = [
    # Topics as tests/test_extract.py explains (a power project or e-commerce in passing is not the topic).
    (S0, "Sở Công thương triển khai nhiệm vụ năm 2022", "2022-01-14", "Điện Biên", ["rural-industry"]),
    (S1, "Tiếp tục hỗ trợ, thu hút doanh nghiệp phát triển các ngành công nghiệp, thương mại", "2022-01-07",
     None, ["rural-industry"]),
    (S2, "Năm 2020, mặc dù chịu ảnh hưởng của dịch bệnh COVID-19, nhưng sản xuất công nghiệp của tỉnh Sơn La "
         "vẫn cơ bản duy trì ổn định.", "2021-01-19", "Sơn La", ["electricity"]),
    (S3, "Lãnh đạo Sở Công thương chủ trì hội nghị sơ kết", "2023-07-10", None, []),
    (S4, "Triển khai nhiệm vụ ngành công thương năm 2023", "2023-02-07", "Bến Tre", ["electricity"]),
]


@pytest.mark.parametrize("doc_id, title, date, province, topics", SEED_TABLE)
def test_seed_metadata_through_show(capsys, seeded, doc_id, title, date, province, topics):
    code, out, err = run(capsys, "show", doc_id, "--json", "--index-dir", seeded)
    assert code == 0, err
    art = json.loads(out)
    assert (art["title"], art["date"], art["province"], art["topics"]) == (title, date, province, topics)
    assert art["year"] == int(date[:4])
    # Cleaned body: no boilerplate, no invisible characters.
    for junk in ("Leave a Reply", "Required fields", "Chia sẻ bài viết", "BÌNH LUẬN", "\u00a0", "\u200b"):
        assert junk not in art["body"]


def test_index_prints_counts_and_reindexing_updates(capsys, tmp_path):
    code, out, _ = run(capsys, "index", "--index-dir", tmp_path, "--quiet")   # default: seeds/
    assert code == 0 and "Đã thêm 5, cập nhật 0, bỏ qua 0" in out
    code, out, _ = run(capsys, "index", SEEDS, "--index-dir", tmp_path, "--quiet")
    assert code == 0 and "Đã thêm 0, cập nhật 5, bỏ qua 0" in out
    stats = json.loads(run(capsys, "stats", "--json", "--index-dir", tmp_path)[1])
    assert stats["articles"] == 5
    assert query(capsys, tmp_path, "điện gió")["total"] == 2


# --- matching ------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["thương mại điện tử", "THƯƠNG MẠI ĐIỆN TỬ", "thuong mai dien tu"])
def test_compound_query_ranks_the_phrase_first(capsys, seeded, text):
    # 002 has "thương mại" and "điện tử" apart ("hệ thống điện tử"): it matches every
    # word, but the articles with the whole phrase rank above it.
    found = ids(query(capsys, seeded, text))
    assert set(found[:2]) == {S0, S3}
    assert set(found) <= {S0, S2, S3}


@pytest.mark.parametrize("text, expected", [
    ("dien gio ben tre", {S4}),
    ("điện gió", {S3, S4}),
    ("gió", {S3, S4}),                         # one syllable of a compound
    ("thuỷ điện", {S0, S3}),                   # old tone placement, text has "thủy điện"
    (unicodedata.normalize("NFD", "thủy điện"), {S0, S3}),
    ('"điện nông thôn"', {S2}),
    ("điện gió -Bến", {S3}),
    ("Sơn La OR Bến Tre", {S2, S4}),
    ('khăn piêu', {S0}),
])
def test_queries_find_the_right_articles(capsys, seeded, text, expected):
    assert set(ids(query(capsys, seeded, text))) == expected


def test_tone_placement_and_case_never_change_the_results(capsys, tmp_path):
    # pyvi joins "hòa lưới" but not "hoà lưới", "Sơn La" but not "sơn la": the query is
    # segmented in one form and regrouped by the index's own words.
    ix = index_records(capsys, tmp_path, [
        {"id": "ke", "title": "Nhà máy điện mặt trời hoà lưới", "text": "Nhà máy điện mặt trời ở Sơn La đã hoà lưới điện quốc gia."},
        {"id": "xa", "title": "Lưới điện nông thôn", "text": "Sơn tường trạm biến áp; ông La cho biết lưới điện được hòa vào cuối năm."},
        {"id": "moi", "title": "Điện mặt trời hòa lưới", "text": "Dự án điện mặt trời tỉnh Sơn La hòa lưới tháng 6."},
        # A tone slipped onto the consonant ("qúa", "gía"), a zero-width space between words.
        {"id": "lech", "title": "Gía điện tăng qúa nhanh", "text": "Người dân lo gía\u200bđiện tăng qúa nhanh."},
        {"id": "dung", "title": "Giá điện", "text": "Giá điện tăng quá nhanh so với thu nhập."},
    ])
    for typed in ("quá nhanh", "qúa nhanh", "QÚA NHANH", "giá điện tăng", "gía điện tăng", "giá\u200bđiện tăng"):
        assert set(ids(query(capsys, ix, typed))) == {"lech", "dung"}, typed
    for variants in (("hòa lưới", "hoà lưới", "HOÀ LƯỚI", "Hoà Lưới"), ("sơn la", "Sơn La", "SƠN LA")):
        results = [query(capsys, ix, typed) for typed in variants]
        first = [(h["id"], h["missing"]) for h in results[0]["hits"]]
        assert set(ids(results[0])) == {"ke", "moi"}, variants[0]
        for typed, result in zip(variants[1:], results[1:]):
            assert [(h["id"], h["missing"]) for h in result["hits"]] == first, typed


def test_title_matches_rank_first(capsys, seeded):
    assert ids(query(capsys, seeded, "sơ kết"))[0] == S3
    assert ids(query(capsys, seeded, "triển khai nhiệm vụ"))[0] in (S0, S4)


def test_accent_exact_and_whole_word_rank_higher(capsys, tmp_path):
    ix = index_records(capsys, tmp_path, [
        {"id": "khong-dau", "title": "Tin ngan", "text": "Gia dien sinh hoat tang tu thang nay theo quyet dinh moi."},
        {"id": "co-dau", "title": "Tin ngắn", "text": "Giá điện sinh hoạt tăng từ tháng này theo quyết định mới."},
        # pyvi: "khai_thác" is one word; "thác" alone is a word of its own.
        {"id": "ghep", "title": "Tin", "text": "Nhà máy đưa vào khai thác thương mại năm nay."},
        {"id": "don", "title": "Tin", "text": "Mùa này thác đổ rất mạnh ở vùng núi phía Bắc."},
    ])
    r = query(capsys, ix, "giá điện")
    assert ids(r)[:2] == ["co-dau", "khong-dau"]
    r = query(capsys, ix, "thác")
    assert ids(r) == ["don", "ghep"]


# --- facets ---------------------------------------------------------------------------
def facet(result, name):
    return {v["value"]: (v["count"], v["selected"]) for v in result["facets"][name]}


def test_facet_counts_follow_the_other_facets(capsys, seeded):
    r = query(capsys, seeded, "", "--province", "Điện Biên")
    assert r["total"] == 1 and ids(r) == [S0]
    # The province facet ignores its own filter: every province still shows.
    assert facet(r, "province") == {"Không rõ": (2, False), "Điện Biên": (1, True),
                                     "Sơn La": (1, False), "Bến Tre": (1, False)}
    # Other facets follow it.
    assert facet(r, "year") == {"2022": (1, False)}
    r = query(capsys, seeded, "", "--province", "dien bien", "--province", "SON LA", "--year", "2021")
    assert ids(r) == [S2]
    assert facet(r, "year") == {"2022": (1, False), "2021": (1, True)}
    assert facet(r, "province") == {"Sơn La": (1, True), "Điện Biên": (0, True)}


def test_topic_and_unknown_province_filters(capsys, seeded):
    r = query(capsys, seeded, "", "--topic", "electricity")
    assert set(ids(r)) == {S2, S4}
    r = query(capsys, seeded, "", "--topic", "e-commerce")
    assert ids(r) == [] and r["total"] == 0
    r = query(capsys, seeded, "", "--province", "khong ro", "--sort", "date")
    assert ids(r) == [S3, S1]                      # newest first
    r = query(capsys, seeded, "", "--topic", "Điện", "--year", "2023")
    assert ids(r) == [S4]


def test_empty_query_lists_everything_newest_first(capsys, seeded):
    r = query(capsys, seeded, "")
    assert r["total"] == 5 and ids(r) == [S3, S4, S0, S1, S2]


def test_paging(capsys, seeded):
    r1 = query(capsys, seeded, "", "--limit", "2")
    r3 = query(capsys, seeded, "", "--limit", "2", "--page", "3")
    assert len(r1["hits"]) == 2 and len(r3["hits"]) == 1 and r3["total"] == 5


# --- snippets -------------------------------------------------------------------------
def test_snippets_are_marked_escaped_and_readable(capsys, seeded):
    r = query(capsys, seeded, "thuong mai dien tu")
    for hit in r["hits"]:
        snip = hit["snippet"]
        if hit["id"] in (S0, S3):
            assert "<mark>thương mại điện tử</mark>" in snip
        assert "<mark>" in snip and "_" not in snip
        assert len(snip.replace("<mark>", "").replace("</mark>", "")) < 320


def test_terminal_output(capsys, seeded):
    code, out, _ = run(capsys, "query", "điện gió", "--index-dir", seeded)
    assert code == 0
    assert "2 kết quả" in out and "Tỉnh/thành:" in out and "<mark>" not in out
    assert "Triển khai nhiệm vụ ngành công thương năm 2023" in out
    # The facets in the page's sidebar order, so a reader of both finds them in one place.
    from ctsearch.facetdefs import sidebar_order
    titles = [line.split(":")[0] for line in out.splitlines() if line.split(":")[0] in
              {f.title for f in sidebar_order()}]
    assert titles == [f.title for f in sidebar_order() if f.title in titles] and len(titles) >= 5


def test_the_terminal_says_when_filters_or_the_page_hide_results(capsys, seeded):
    # As the page does: nothing found *in the filters chosen*, and no such page.
    code, out, _ = run(capsys, "query", "dien gio", "--province", "Hà Nội", "--index-dir", seeded)
    assert code == 0 and "0 kết quả cho “dien gio” trong bộ lọc đang chọn" in out
    assert "Không có bài nào chứa “điện gió” trong bộ lọc đang chọn" in out
    code, out, _ = run(capsys, "query", "dien gio", "--page", "9", "--index-dir", seeded)
    assert "Chỉ có 1 trang kết quả" in out
    code, out, _ = run(capsys, "query", "", "--topic", "electricity", "--index-dir", seeded)
    assert re.match(r"\d+ bài trong bộ lọc đang chọn · trang 1/1", out.splitlines()[0])
    code, out, _ = run(capsys, "query", "", "--index-dir", seeded)
    assert out.splitlines()[0].startswith("5 kết quả cho mọi bài")


def test_counts_are_written_as_vietnamese_readers_write_them(capsys):
    # "12.345 bài", never "12,345" (a decimal comma to a Vietnamese reader) or "12345".
    from ctsearch.cli import print_index_report
    from ctsearch.index import IndexReport
    from ctsearch.vnformat import format_count

    assert [format_count(n) for n in (0, 999, 1000, 43570, 1234567)] == ["0", "999", "1.000", "43.570", "1.234.567"]
    report = IndexReport(added=43570, skipped=1234, seconds=60.0, total_docs=43570)
    print_index_report(report, "ix")
    out = capsys.readouterr().out
    assert "Đã thêm 43.570, cập nhật 0, bỏ qua 1.234 bài" in out and "có 43.570 bài" in out and "726 bài/s" in out
    # A small run's rate as precise as it needs: one article in 12.8 seconds is not "0 bài/s".
    from ctsearch.vnformat import format_rate
    assert [format_rate(r) for r in (0, 0.078, 0.5, 0.999, 7.43, 9.96, 12.6, 1234.4, 0.0004)] == \
        ["0", "0,078", "0,5", "1,0", "7,4", "10", "13", "1.234", "dưới 0,001"]
    print_index_report(IndexReport(added=1, seconds=12.8, total_docs=12001), "ix")
    out = capsys.readouterr().out
    assert "(0,078 bài/s)" in out and "có 12.001 bài" in out


def test_terminal_output_names_what_was_read(capsys, seeded):
    code, out, _ = run(capsys, "query", "dien gio", "--index-dir", seeded)
    assert code == 0 and "Kết quả cho điện gió · Tìm đúng chữ đã gõ: --literal" in out
    # Nothing holds the reading: said as such, not "Kết quả cho" above no results.
    code, out, _ = run(capsys, "query", "lang nghe", "--index-dir", seeded)
    assert code == 0 and out.startswith("0 kết quả")
    assert "Không có bài nào chứa “làng nghề” · Tìm đúng chữ đã gõ: --literal" in out and "Kết quả cho" not in out


def test_a_filter_typed_as_a_place_is_said_to_take_its_province(capsys, seeded):
    code, _out, err = run(capsys, "query", "điện", "--province", "Hà Tây", "--index-dir", seeded)
    assert code == 0 and "“Hà Tây” thuộc Hà Nội: lọc theo cả Hà Nội." in err


def test_the_note_on_a_place_comes_before_the_results_in_a_terminal(seeded):
    # (printed after the facets' lines, it was the last thing a reader saw, if at all)
    done = subprocess.run([sys.executable, "-m", "ctsearch.cli", "query", "điện", "--province", "Hà Tây",
                           "--index-dir", str(seeded)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    # One stream for both, as a terminal shows them.
    both = subprocess.run(f"{sys.executable} -m ctsearch.cli query điện --province 'Hà Tây' --index-dir "
                          f"'{seeded}' 2>&1", shell=True, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == both.returncode == 0
    assert both.stdout.index("thuộc Hà Nội") < both.stdout.index("Tỉnh/thành:")


def test_the_text_output_lists_as_many_facet_values_as_asked(capsys, seeded):
    code, out, _ = run(capsys, "query", "", "--index-dir", seeded, "--facet-size", "1")
    line = next(line for line in out.splitlines() if line.startswith("Tỉnh/thành:"))
    assert code == 0 and line.count(", ") == 1 and ", … (+" in line, line     # one value, the rest counted
    code, out, _ = run(capsys, "query", "", "--index-dir", seeded, "--facet-size", "max")
    assert code == 0 and ", … (+" not in out


# --- errors ----------------------------------------------------------------------------
def test_unknown_filter_values_name_the_nearest(capsys, seeded):
    code, out, err = run(capsys, "query", "điện", "--province", "Ben Tr", "--index-dir", seeded)
    assert code == 2 and "Bến Tre" in err and "Traceback" not in err
    code, _, err = run(capsys, "query", "điện", "--topic", "dien-gio", "--index-dir", seeded)
    assert code == 2 and "electricity" in err
    code, _, err = run(capsys, "query", "điện", "--year", "1850", "--index-dir", seeded)
    assert code == 2 and "2022" in err
    # A year no article has yet finds nothing, like a province without articles.
    code, out, _ = run(capsys, "query", "điện", "--year", "2031", "--index-dir", seeded)
    assert code == 0 and out.startswith("0 kết quả")


def test_missing_index_and_unknown_id(capsys, tmp_path, seeded):
    code, _, err = run(capsys, "query", "điện", "--index-dir", tmp_path / "none")
    assert code == 1 and "ctsearch index" in err
    code, _, err = run(capsys, "show", "khong-co", "--index-dir", seeded)
    assert code == 1 and "khong-co" in err


def test_bad_input_is_skipped_and_nothing_is_lost(capsys, tmp_path):
    ix = tmp_path / "ix"
    assert main(["index", str(SEEDS), "--index-dir", str(ix), "--quiet"]) == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "tot.txt").write_text("Điện gió Trà Vinh\nTỉnh Trà Vinh khánh thành nhà máy điện gió.", encoding="utf-8")
    (bad / "rong.txt").write_text("", encoding="utf-8")
    (bad / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (bad / "cu.txt").write_bytes("Thủy điện\nNhà máy thủy điện Sơn La".encode("utf-16"))
    (bad / "tin.jsonl").write_text(
        '{"id": "j1", "title": "Giá điện", "text": "Giá điện tăng."}\n{"id": "j2", "text": \n{"id": "j3"}\n',
        encoding="utf-8")
    capsys.readouterr()
    code, out, err = run(capsys, "index", bad, "--index-dir", ix, "--quiet")
    assert code == 0
    assert "Đã thêm 3, cập nhật 0, bỏ qua 4" in out
    for where in ("rong.txt", "anh.txt", "tin.jsonl:2", "tin.jsonl:3"):
        assert where in err
    stats = json.loads(run(capsys, "stats", "--json", "--index-dir", ix)[1])
    assert stats["articles"] == 8
    assert ids(query(capsys, ix, "Trà Vinh")) == ["tot"]


def test_nothing_indexable_exits_non_zero(capsys, tmp_path):
    (tmp_path / "rong.txt").write_text(" ", encoding="utf-8")
    code, out, err = run(capsys, "index", tmp_path / "rong.txt", "--index-dir", tmp_path / "ix")
    assert code == 1 and "rong.txt" in err


@pytest.mark.parametrize("cmd", ["index", "query", "show", "stats", "serve"])
def test_every_subcommand_has_help_with_an_example(capsys, cmd):
    with pytest.raises(SystemExit) as exc:
        main([cmd, "--help"])
    assert exc.value.code == 0
    assert "Ví dụ" in capsys.readouterr().out


def test_index_help_names_every_exit_code_the_command_gives(capsys, monkeypatch):
    import re
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit):
        main(["index", "--help"])
    said = capsys.readouterr().out.split("Mã thoát:")[1]
    assert set(re.findall(r"\b(?:0|1|2|130|143)\b", said)) == {"0", "1", "2", "130", "143"}
    assert "không tồn tại" in said and "không kèm ĐƯỜNG_DẪN" in said and "SIGTERM" in said


def test_query_help_lists_every_date_form_the_search_reads(capsys, monkeypatch):
    """``--from``/``--to`` name each form ``dates`` reads (17/05/2021 too), one example a form."""
    import re
    from ctsearch.dates import EXAMPLES, FORMS, read_date
    shapes = {form.replace("T", "N") for form in re.split(r", | hoặc ", FORMS)}
    assert {re.sub(r"\d", "N", example) for example in EXAMPLES} == shapes
    assert len(EXAMPLES) == len(shapes)
    for example in EXAMPLES:
        read_date(example)
    monkeypatch.setenv("COLUMNS", "400")       # one option a line
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    line = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("--from"))
    assert all(example in line for example in EXAMPLES) and "17/05/2021" in line, line


def test_usage_errors_and_help_are_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["query", "điện", "--sort", "foo"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "cách dùng:" in err and "lỗi tham số --sort: giá trị không hợp lệ" in err
    assert "invalid choice" not in err and "usage:" not in err
    with pytest.raises(SystemExit):
        main(["show", "--help"])
    out = capsys.readouterr().out
    assert "đối số:" in out and "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out
    assert "positional arguments" not in out and "show this help" not in out


def test_a_value_refused_by_the_parser_or_by_the_search_is_named_alike(capsys, seeded):
    """A mistyped number and a year that is none are both the user's slip with an option:
    one prefix, the command's, whichever check caught it."""
    with pytest.raises(SystemExit) as parser_exit:
        main(["query", "dien", "--limit", "x", "--index-dir", str(seeded)])
    by_parser = capsys.readouterr().err
    search_code, _, by_search = run(capsys, "query", "dien", "--year", "abc", "--index-dir", str(seeded))
    assert parser_exit.value.code == search_code == 2
    assert "ctsearch query: lỗi tham số --limit:" in by_parser
    assert by_search.startswith("ctsearch query: lỗi tham số --year:"), by_search


def test_words_may_come_among_the_options_and_excluded_words_need_no_double_dash(capsys, seeded):
    """Typed as people type: "dien -gio" is a search, not an unknown option, and words
    after an option are still the query's."""
    excluded = query(capsys, seeded, "dien", "-gio")
    assert excluded["query"] == "dien -gio"
    code, out, err = run(capsys, "query", "--json", "--index-dir", seeded, "--", "dien", "-gio")
    assert code == 0, err
    assert json.loads(out)["total"] == excluded["total"] > 0
    assert query(capsys, seeded, "-gio", "dien")["total"] == excluded["total"]
    between = query(capsys, seeded, "san", "--limit", "3", "xuat")
    assert between["query"] == "san xuat" and len(between["hits"]) == 3
    with pytest.raises(SystemExit) as exc:
        main(["query", "dien", "--provnce", "x", "--index-dir", str(seeded)])
    assert exc.value.code == 2
    assert "không hiểu đối số: --provnce (có phải --province?)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["query", "dien", "--provinces", "x", "--limt", "3", "--index-dir", str(seeded)])
    assert "(có phải --province, --limit?)" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["query", "dien", "--zzz", "--index-dir", str(seeded)])
    assert "không hiểu đối số: --zzz\n" in capsys.readouterr().err      # nothing near: no guess
    with pytest.raises(SystemExit):
        main(["query", "dien", "--limit", "0", "--index-dir", str(seeded)])
    assert "cần một số từ 1 trở lên, không phải “0”" in capsys.readouterr().err
    # An option's value starting with "-" is its value, said as typed.
    for option, value in (("--limit", "-5"), ("--sort", "-date"), ("--lim", "-5")):
        with pytest.raises(SystemExit):
            main(["query", "dien", option, value, "--index-dir", str(seeded)])
        err = capsys.readouterr().err
        assert "\x00" not in err and ("-5" in err or "cần một giá trị" in err or "-date" in err), err


def test_every_flag_of_the_query_command_is_known_to_take_no_value():
    from ctsearch.cli import QUERY_FLAGS, build_parser
    parser = build_parser()
    query = next(a for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict))
    flags = {o for a in query.choices["query"]._actions if a.nargs == 0 for o in a.option_strings if o.startswith("--")}
    assert flags == set(QUERY_FLAGS)


def test_console_script_errors_without_traceback(tmp_path):
    env = {**os.environ, "CTSEARCH_INDEX": str(tmp_path / "nothing")}
    proc = subprocess.run([sys.executable, "-m", "ctsearch.cli", "query", "điện"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "ctsearch index" in proc.stderr


def test_phrases_across_several_segments(capsys, tmp_path):
    """Quoted phrases are checked segment by segment; later segments must not be skipped."""
    ix = index_records(capsys, tmp_path, [{"id": "p0", "title": "Tin", "text": "Giá điện tăng mạnh."}])
    index_records(capsys, tmp_path, [{"id": "p1", "title": "Tin", "text": "Điện giá rẻ."},
                                     {"id": "p2", "title": "Tin", "text": "Giá điện sinh hoạt giảm."}], ix)
    from whoosh import index as whoosh_index
    assert len(whoosh_index.open_dir(str(ix)).reader().leaf_readers()) == 2
    assert set(ids(query(capsys, ix, '"giá điện"'))) == {"p0", "p2"}
    assert set(ids(query(capsys, ix, '"gia dien"'))) == {"p0", "p2"}


def test_accented_words_never_match_other_words_that_fold_the_same(capsys, tmp_path):
    ix = index_records(capsys, tmp_path, [
        {"id": "dau-mo", "title": "Tin", "text": "Giá dầu thô tăng mạnh trong tuần."},
        {"id": "dau-tu", "title": "Tin", "text": "Tỉnh thu hút đầu tư vào khu công nghiệp."},
        {"id": "khong-dau", "title": "Tin", "text": "Gia dau tho tang manh trong tuan."},
    ])
    r = query(capsys, ix, "dầu")
    assert ids(r) == ["dau-mo", "khong-dau"]             # never "đầu tư"
    assert "<mark>đầu</mark>" not in json.dumps(r, ensure_ascii=False)
    # Typed without accents, every accented form, when asked to search the words as typed.
    assert set(ids(query(capsys, ix, "dau", "--literal"))) == {"dau-mo", "dau-tu", "khong-dau"}
    assert ids(query(capsys, ix, '"giá dầu"')) == ["dau-mo", "khong-dau"]


def test_show_finds_an_id_pasted_in_another_unicode_form(capsys, tmp_path):
    # macOS writes file names decomposed (NFD); the id is stored composed (NFC).
    import unicodedata
    name = "thuỷ-điện-hoà-bình"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / f"{name}.txt").write_text("Thủy điện Hòa Bình\nNhà máy phát điện.", encoding="utf-8")
    ix = tmp_path / "ix"
    assert main(["index", str(tmp_path / "src"), "--index-dir", str(ix)]) == 0
    capsys.readouterr()
    for typed in (unicodedata.normalize("NFD", name), f"  {name} "):
        assert main(["show", typed, "--index-dir", str(ix)]) == 0, typed
        assert "Thủy điện Hòa Bình" in capsys.readouterr().out


def test_an_untitled_article_is_shown_with_a_title_from_its_text(capsys, tmp_path):
    src = tmp_path / "u.jsonl"
    src.write_text(json.dumps({"id": "u1", "title": "", "text": "Giá điện tăng mạnh trong tháng này. Người dân lo lắng."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    assert run(capsys, "index", src, "--index-dir", tmp_path / "ix", "--quiet")[0] == 0
    code, out, _ = run(capsys, "query", "giá điện", "--index-dir", tmp_path / "ix")
    assert code == 0 and "1. Giá điện tăng mạnh trong tháng này." in out
    code, out, _ = run(capsys, "show", "u1", "--index-dir", tmp_path / "ix")
    assert code == 0 and out.splitlines()[0] == "Giá điện tăng mạnh trong tháng này."


@pytest.mark.parametrize("folder", ["Chỉ mục 2025", "it's"])
def test_the_command_advised_where_no_index_is_works_as_pasted(capsys, tmp_path, folder):
    # A folder with a space or a quote in its name was printed bare: pasted, the command
    # indexed into another folder, or failed.
    import shlex
    ix = tmp_path / folder
    ix.mkdir()
    for argv in (["query", "điện", "--index-dir", str(ix)], ["stats", "--index-dir", str(ix)]):
        code, _out, err = run(capsys, *argv)
        assert code == 1, err
        advised = err.split("hãy chạy: ", 1)[1].split(" (ĐƯỜNG_DẪN", 1)[0]
        assert shlex.split(advised) == ["ctsearch", "index", "ĐƯỜNG_DẪN", "--index-dir", str(ix)], err


def test_a_damaged_index_says_how_to_rebuild_it(capsys, tmp_path):
    ix = tmp_path / "ix"
    assert main(["index", "--index-dir", str(ix), "--quiet"]) == 0
    for toc in ix.glob("_MAIN_*.toc"):
        toc.write_bytes(b"")                       # emptied by hand, or by a failing disk
    capsys.readouterr()
    for argv in (["query", "điện", "--index-dir", str(ix)], ["stats", "--index-dir", str(ix)],
                 ["index", str(SEEDS), "--index-dir", str(ix)]):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert f"ctsearch index ĐƯỜNG_DẪN… --rebuild --index-dir {ix}" in err and "Traceback" not in err, argv


def test_rebuild_without_paths_refuses_to_drop_an_archive(tmp_path, capsys) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a1", "title": "Hà Nội mở hội chợ",
                               "text": "Sở Công Thương Hà Nội khai mạc hội chợ hàng Việt."}, ensure_ascii=False) + "\n",
                   "utf-8")
    ix = tmp_path / "ix"
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["index", "--index-dir", str(ix), "--quiet"]) == 2          # no PATH: a slip, not mixed in
    err = capsys.readouterr().err
    assert "bài mẫu (seeds/)" in err and "1 bài" in err and "seeds --index-dir" in err
    from ctsearch.cli import default_seeds_dir
    assert main(["index", str(default_seeds_dir()), "--index-dir", str(ix), "--quiet"]) == 0   # named: 6 articles
    capsys.readouterr()
    assert main(["index", "--rebuild", "--index-dir", str(ix), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "ĐƯỜNG_DẪN… --rebuild" in err and "6 bài" in err
    assert main(["query", "hội chợ", "--index-dir", str(ix), "--json"]) == 0
    assert "a1" in [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]      # nothing lost
    assert main(["index", str(src), "--rebuild", "--index-dir", str(ix), "--quiet"]) == 0   # sources named: done
    # Fewer articles than the seeds, but not the seeds: refused too.
    assert main(["index", "--rebuild", "--index-dir", str(ix), "--quiet"]) == 2
    # Exactly the seeds, or no index yet: nothing to lose.
    seeds_only = tmp_path / "seeds-only"
    assert main(["index", "--index-dir", str(seeds_only), "--quiet"]) == 0
    assert main(["index", "--rebuild", "--index-dir", str(seeds_only), "--quiet"]) == 0
    assert main(["index", "--rebuild", "--index-dir", str(tmp_path / "new"), "--quiet"]) == 0


def test_a_path_not_there_is_named_and_the_run_does_not_say_all_went_well(tmp_path, capsys) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a1", "title": "Giá điện", "text": "Giá điện tăng ở Bến Tre."},
                              ensure_ascii=False) + "\n", "utf-8")
    ix = tmp_path / "ix"
    assert main(["index", str(src), str(tmp_path / "khong-co.jsonl"), "--index-dir", str(ix), "--quiet"]) == 1
    assert "khong-co.jsonl" in capsys.readouterr().err
    (tmp_path / "hong.txt").symlink_to(tmp_path / "mat.txt")          # a broken link is not there either
    assert main(["index", str(src), str(tmp_path / "hong.txt"), "--index-dir", str(ix), "--quiet"]) == 1
    assert "hong.txt" in capsys.readouterr().err
    assert main(["query", "giá điện", "--index-dir", str(ix), "--json"]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == ["a1"]     # the rest indexed


def test_an_index_folder_that_is_a_file_is_said_so_not_called_damaged(tmp_path, capsys) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a1", "title": "Giá điện", "text": "Giá điện tăng."}, ensure_ascii=False) + "\n",
                   "utf-8")
    afile = tmp_path / "afile"
    afile.write_text("hi", "utf-8")
    for argv in (["index", str(src)], ["query", "điện"]):
        assert main([*argv, "--index-dir", str(afile)]) == 1
        err = capsys.readouterr().err
        assert "là một tệp, không phải thư mục" in err and "--rebuild" not in err and "ctsearch index --index-dir" not in err


def test_a_headline_read_back_over_a_text_that_was_not_says_only_the_headline(tmp_path, capsys) -> None:
    """The note names what was read back: a headline mended over a text left as it was
    is no article read back ("đã đọc lại đúng" alone said the text was too)."""
    title = "Tiêu điểm giá điện"
    record = {"id": "t1", "title": title.encode("utf-8").decode("latin-1"), "text": "Giá điện tăng ở Bến Tre."}
    src = tmp_path / "t.jsonl"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert main(["index", str(src), "--index-dir", str(tmp_path / "ix"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "đã đọc lại đúng tiêu đề" in err and "nội dung" not in err


def test_text_garbled_by_a_wrong_decoding_is_read_back_with_a_note(tmp_path, capsys) -> None:
    """UTF-8 read as Latin-1 or Windows-1252 and saved again ("TiÃªu Ä‘iá»ƒm") matches no
    query: it is read back as written, and said so."""
    title, text = "Tiêu điểm giá điện", "Giá điện tăng ở Bến Tre, người dân ưa chuộng đồ thủ công mỹ nghệ."
    garbled = {"id": "g1", "title": title.encode("utf-8").decode("latin-1"),
               "text": text.encode("utf-8").decode("latin-1")}
    sound = {"id": "s1", "title": "Dario Rodríguez", "text": "Cầu thủ Dario RodrÃ­guez ghi bàn."}
    # Windows-1252 as well ("Äƒ" for ă, "Æ\xa0" for Ơ; its five holes kept as the bytes'
    # own code points, as Windows does), a short headline repaired with its text.
    def as_windows(good: str) -> str:
        return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in good.encode("utf-8"))
    w_title, w_text = "Giá vàng tăng", "Giá vàng trong nước tăng mạnh, Ơn trời, người mua đổ xô đi mua."
    windows = {"id": "w1", "title": as_windows(w_title), "text": as_windows(w_text)}
    src = tmp_path / "g.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (garbled, sound, windows)) + "\n", "utf-8")
    ix = tmp_path / "ix"
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "g.jsonl:1" in err and "giải mã sai" in err and "g.jsonl:2" not in err and "g.jsonl:3" in err
    assert "đã đọc lại đúng tiêu đề và nội dung" in err
    assert main(["show", "g1", "--index-dir", str(ix), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == title and text in shown["body"]
    assert main(["show", "s1", "--index-dir", str(ix), "--json"]) == 0
    assert "Dario RodrÃguez" in json.loads(capsys.readouterr().out)["body"]   # one slip is left as written
    assert main(["show", "w1", "--index-dir", str(ix), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == w_title and w_text in shown["body"]


def test_an_id_with_a_leading_dash_is_shown(tmp_path, capsys) -> None:
    src = tmp_path / "-tin.txt"
    src.write_text("Giá điện\nGiá điện tăng ở Bến Tre.\n", "utf-8")
    ix = tmp_path / "ix"
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    for argv in (["show", "-tin", "--index-dir", str(ix), "--json"], ["show", "--index-dir", str(ix), "-tin", "--json"]):
        assert main(argv) == 0
        assert json.loads(capsys.readouterr().out)["id"] == "-tin"


def test_stats_leave_out_a_facet_no_article_has(capsys, seeded) -> None:
    assert main(["stats", "--index-dir", str(seeded)]) == 0
    out = capsys.readouterr().out
    assert not re.search(r":\n(\n|$)", out), out          # no heading with nothing under it


def test_the_progress_bar_says_the_index_is_being_saved_once_every_article_is_read() -> None:
    import io
    from ctsearch.cli import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    bar = Progress(1000, stream=out)
    bar(500, 10.0)
    assert "còn 0:10" in out.getvalue()
    bar(1000, 20.0)
    assert out.getvalue().rstrip().endswith("đang lưu chỉ mục…")


def test_a_worker_forked_during_a_run_ends_by_sigterm_not_by_an_interrupt() -> None:
    """``timeout`` and service managers signal the whole group: a worker dies as SIGTERM
    kills it, without a traceback, and only the parent reports."""
    import signal
    from ctsearch.cli import _terminate_as_interrupt
    with _terminate_as_interrupt() as stopped:
        pid = os.fork()
        if pid == 0:                       # the worker
            try:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(5)
            finally:
                os._exit(3)                # reached only if the signal became an exception
        _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
    assert stopped == []


def test_an_error_elsewhere_is_not_blamed_on_the_index_folder(tmp_path) -> None:
    from types import SimpleNamespace
    from ctsearch.cli import _unusable_folder
    args = SimpleNamespace(index_dir=str(tmp_path / "ix"), backend=None, opensearch_url=None, opensearch_index=None)
    elsewhere = PermissionError(13, "Permission denied", "/etc/ctsearch/khac.txt")
    assert _unusable_folder(args, elsewhere) is None
    own = PermissionError(13, "Permission denied", str(tmp_path / "ix" / "MAIN_WRITELOCK"))
    assert "không dùng được thư mục chỉ mục" in _unusable_folder(args, own)


def test_sigterm_stops_a_run_as_ctrl_c_does() -> None:
    import signal
    from ctsearch.cli import _terminate_as_interrupt
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with _terminate_as_interrupt() as stopped:
            os.kill(os.getpid(), signal.SIGTERM)     # handled before the next bytecode
    assert stopped == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) is before      # put back


def test_rebuild_with_a_path_mistyped_changes_nothing(tmp_path, capsys) -> None:
    # A rebuild keeps only what it is given: with one of two folders mistyped it switched
    # the index to the other one's articles, half the archive gone.
    ix = tmp_path / "ix"
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "a.jsonl").write_text(json.dumps(
            {"id": f"tin-{year}", "title": f"Hội chợ {year}", "text": f"Hội chợ hàng Việt năm {year}."},
            ensure_ascii=False) + "\n", "utf-8")
    assert main(["index", str(tmp_path / "2023"), str(tmp_path / "2024"), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["index", str(tmp_path / "2023"), str(tmp_path / "2O24"), "--rebuild", "--index-dir", str(ix),
                 "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "2O24" in err and "chỉ mục cũ vẫn giữ nguyên" in err
    assert main(["query", "hội chợ", "--index-dir", str(ix), "--json"]) == 0
    assert sorted(h["id"] for h in json.loads(capsys.readouterr().out)["hits"]) == ["tin-2023", "tin-2024"]
    # On a cluster, the hint names the cluster and the alias given (not the default ones).
    assert main(["index", str(tmp_path / "2O24"), "--rebuild", "--backend", "opensearch",
                 "--opensearch-url", "http://127.0.0.1:9", "--opensearch-index", "tin"]) == 2
    assert "--backend opensearch --opensearch-url http://127.0.0.1:9 --opensearch-index tin --rebuild" \
        in capsys.readouterr().err
    # Without --rebuild a path mistyped is named and the rest indexed (exit 1), as before.
    assert main(["index", str(tmp_path / "2023"), str(tmp_path / "2O24"), "--index-dir", str(ix), "--quiet"]) == 1


def test_rebuild_from_sources_that_cannot_all_be_read_keeps_the_index_it_would_shrink(tmp_path, capsys) -> None:
    # A JSON array cut short, or an archive folder not mounted: the rebuild switched to
    # what it could read (500 articles became 46) and exited 0.
    ix = tmp_path / "ix"
    records = [{"id": f"tin-{i}", "title": f"Hội chợ {i}", "text": f"Hội chợ hàng Việt lần {i}."} for i in range(20)]
    whole = tmp_path / "tin.json"
    whole.write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")
    assert main(["index", str(whole), "--index-dir", str(ix), "--quiet"]) == 0
    cut = tmp_path / "cut" / "tin.json"
    cut.parent.mkdir()
    text = whole.read_text("utf-8")
    cut.write_text(text[:len(text) // 2], "utf-8")
    empty = tmp_path / "archive"
    empty.mkdir()
    # JSON lines cut inside a line; the cut file beside more new articles than it lost (the
    # count grew: 700 with 600 new became 844, 456 lost); a year's folder linked from a disk
    # not mounted, as a dangling link or an empty mount point (passed over in silence).
    lines = tmp_path / "lines" / "tin.jsonl"
    lines.parent.mkdir()
    text_lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    lines.write_text(text_lines[:len(text_lines) // 2], "utf-8")
    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps({**r, "id": f"moi-{i}"}, ensure_ascii=False) + "\n"
                            for i, r in enumerate(records * 2)), "utf-8")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    half = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[:10])
    (shelf / "2020.jsonl").write_text(half, "utf-8")
    (shelf / "2021").symlink_to(tmp_path / "nas" / "2021")
    wide = tmp_path / "wide" / "tin.jsonl"      # UTF-16 cut after an odd byte (its last line undecodable)
    wide.parent.mkdir()
    data = text_lines.encode("utf-16")
    wide.write_bytes(data[:len(data) // 2 | 1])
    shelf3 = tmp_path / "shelf3"
    shelf3.mkdir()
    (shelf3 / "2020.jsonl").write_text(half, "utf-8")
    (shelf3 / "bao.2021").symlink_to(tmp_path / "nas" / "bao.2021")   # a dot in its name
    mount = tmp_path / "mnt"
    mount.mkdir()
    shelf2 = tmp_path / "shelf2"
    shelf2.mkdir()
    (shelf2 / "2020.jsonl").write_text(half, "utf-8")
    (shelf2 / "2021").symlink_to(mount)
    # ... or a mount point holding no article: empty folders, a hidden file, "lost+found"
    mount4 = tmp_path / "mnt4"
    (mount4 / "lost+found").mkdir(parents=True)
    (mount4 / "thang-1").mkdir()
    (mount4 / ".keep").write_text("", "utf-8")
    shelf4 = tmp_path / "shelf4"
    shelf4.mkdir()
    (shelf4 / "2020.jsonl").write_text(half, "utf-8")
    (shelf4 / "2021").symlink_to(mount4)
    # A power cut's zeros, however long (whole blocks): inside the last line, from a line's
    # start, after a whole record of UTF-16, at the end of an article's .txt or all of it.
    zeroed = tmp_path / "zeroed" / "tin.jsonl"
    zeroed.parent.mkdir()
    data = text_lines.encode()
    zeroed.write_bytes(data[:len(data) // 2] + b"\x00" * 9000)
    at_line = tmp_path / "at-line" / "tin.jsonl"
    at_line.parent.mkdir()
    at_line.write_bytes(half.encode() + b"\x00" * 9000)
    wide0 = tmp_path / "wide0" / "tin.jsonl"
    wide0.parent.mkdir()
    wide0.write_bytes((half + json.dumps(records[10], ensure_ascii=False)).encode("utf-16") + b"\x00" * 9001)
    txts = tmp_path / "txts"
    txts.mkdir()
    for r in records:
        (txts / f"{r['id']}.txt").write_text(f"{r['title']}\n\n{r['text']}", "utf-8")
    for name, pad in (("tin-3.txt", b"\x00" * 12), ("tin-4.txt", None)):
        body = (txts / name).read_bytes()
        (txts / name).write_bytes(body[:-12] + pad if pad else b"\x00" * len(body))
    capsys.readouterr()
    for sources, said in (([zeroed], "tệp có thể bị cắt"), ([at_line], "các byte 0 (NUL) từ dòng này"),
                          ([wide0], "tệp có thể bị cắt"), ([txts], "tệp kết thúc bằng các byte 0"),
                          ([txts], "tệp chỉ có byte 0"),
                          ([cut], "thiếu ít nhất"), ([empty, tmp_path / "cut"], "thiếu ít nhất"),
                          ([lines], "tệp có thể bị cắt"), ([lines, more], "có 50 bài, thiếu 10 trong 20 bài"),
                          ([shelf, more], "liên kết tượng trưng hỏng"),
                          ([shelf2, more], "liên kết đến thư mục không có tệp nào"),
                          ([shelf4, more], "liên kết đến thư mục không có tệp nào"),
                          ([wide], "tệp có thể bị cắt"), ([shelf3, more], "liên kết tượng trưng hỏng")):
        assert main(["index", *map(str, sources), "--rebuild", "--index-dir", str(ix), "--quiet"]) == 1, sources
        err = capsys.readouterr().err
        assert "chưa thay chỉ mục" in err and "trong 20 bài của chỉ mục hiện có" in err and said in err, err
        assert "chỉ mục cũ vẫn giữ nguyên" in err, err
        assert main(["stats", "--json", "--index-dir", str(ix)]) == 0
        out = capsys.readouterr().out
        assert json.loads(out)["articles"] == 20, out[:300]
    # Sources read whole switch, fewer articles or not: what to keep is the user's to say;
    # a bad record among them (skipped at every run) does not stop it.
    part = tmp_path / "part.json"
    part.write_text(json.dumps(records[:5] + [{"id": "no-text", "title": "Tin"}], ensure_ascii=False), "utf-8")
    assert main(["index", str(part), "--rebuild", "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["stats", "--json", "--index-dir", str(ix)]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 5


def test_rebuild_without_paths_refuses_when_the_index_cannot_be_read(tmp_path, capsys) -> None:
    ix = tmp_path / "ix"
    assert main(["index", "--index-dir", str(ix), "--quiet"]) == 0
    for toc in ix.glob("*.toc"):
        toc.write_bytes(b"")                 # damaged: what it held is unknown
    capsys.readouterr()
    assert main(["index", "--rebuild", "--index-dir", str(ix), "--quiet"]) == 2
    assert "ĐƯỜNG_DẪN… --rebuild" in capsys.readouterr().err
    for toc in ix.glob("*.toc"):
        toc.unlink()                         # its table of contents gone, its files still there
    assert main(["index", "--rebuild", "--index-dir", str(ix), "--quiet"]) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["index", "--rebuild", "--index-dir", str(empty), "--quiet"]) == 0


def test_json_output_is_the_api_s(capsys, tmp_path):
    # `query --json` and `show --json` give what /api/search and /api/articles give: the
    # number of pages, and the title the pages show for an article published without one.
    from conftest import make_client
    ix = index_records(capsys, tmp_path, [
        {"id": "u", "title": "", "text": "Sở Công Thương tổ chức hội chợ hàng nông sản. Hội chợ kéo dài ba ngày."},
        {"id": "t", "title": "Hội chợ nông sản", "text": "Hội chợ nông sản mở cửa tại tỉnh."},
    ])
    got = query(capsys, ix, "hội chợ", "--limit", "1")
    api = make_client(ix).get("/api/search?q=hội chợ&limit=1").get_json()
    assert got["pages"] == api["pages"] == 2
    both = query(capsys, ix, "hội chợ")
    derived = {h["id"]: h["title_derived"] for h in both["hits"]}
    assert derived["t"] is None and derived["u"].startswith("Sở Công Thương tổ chức hội chợ")
    code, out, _err = run(capsys, "show", "u", "--json", "--index-dir", ix)
    assert code == 0 and json.loads(out)["title_derived"] == derived["u"]
    assert make_client(ix).get("/api/articles/u").get_json()["title_derived"] == derived["u"]


def test_a_query_of_marks_only_says_it_has_nothing_to_look_for(capsys, seeded):
    code, out, _ = run(capsys, "query", "?", "--index-dir", seeded)
    assert code == 0 and out.startswith("“?” không có chữ hay số nào để tìm: 5 bài")


@pytest.mark.parametrize("typed, same_as", [
    ("điện AND gió", "điện gió"),
    ("+điện +gió", "điện gió"),
    ("điện NOT gió", "điện -gió"),
    ("điện gió OR", "điện gió"),
    ("điện OR OR Sơn La", "điện OR Sơn La"),   # an operator typed twice is one
    ("điện or hoặc Sơn La", "điện OR Sơn La"),
    ("điện OR OR", "điện"),
    ("điện OR -gió", "điện -gió"),              # an OR beside an exclusion joins nothing
    ("điện OR NOT gió", "điện -gió"),
    ("-gió OR điện", "điện -gió"),
    ("ｄｉｅｎ　ｇｉｏ", "dien gio"),        # typed on a full-width keyboard
])
def test_the_operators_of_other_search_boxes(capsys, seeded, typed, same_as):
    got, want = query(capsys, seeded, typed), query(capsys, seeded, same_as)
    assert [h["id"] for h in got["hits"]] == [h["id"] for h in want["hits"]] and got["total"] == want["total"]


def test_index_caps_the_workers_at_a_few_per_core(capsys, tmp_path, monkeypatch):
    import os

    import ctsearch.backend as backend
    from ctsearch import cli

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    seen = {}
    opened = backend.open_writer

    def open_writer(*a, **k):  # record the workers the writer is given
        writer = opened(*a, **k)
        write = writer.write

        def recording(items, options, **kw):
            seen["workers"] = options.workers
            return write(items, options, **kw)
        writer.write = recording
        return writer
    monkeypatch.setattr(backend, "open_writer", open_writer)
    code = cli.main(["index", "--index-dir", str(tmp_path / "ix"), "--workers", "1000", "--quiet"])
    err = capsys.readouterr().err
    assert code == 0
    assert seen["workers"] == cli.MAX_WORKERS_PER_CPU == 4
    assert "--workers 1000" in err and "dùng 4 tiến trình" in err
    # A machine that does not tell its cores: the number asked for is used, without a note.
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    code = cli.main(["index", "--index-dir", str(tmp_path / "ix2"), "--workers", "3", "--quiet"])
    assert code == 0 and seen["workers"] == 3 and "lưu ý --workers" not in capsys.readouterr().err


def test_a_query_past_32_words_says_what_it_left_out(capsys, seeded):
    words = " ".join(["điện"] * 31 + ["gió", "mặt", "trời"])
    code, out, err = run(capsys, "query", words, "--index-dir", seeded)
    assert code == 0, err
    assert "Chỉ tìm 32 từ đầu; bỏ qua “mặt trời”." in out
    assert query(capsys, seeded, words)["ignored"] == "mặt trời"


def test_dates_no_article_is_dated_in_say_so_and_where_the_index_ends(seeds_index, seeds_client, capsys):
    # The seeds run from 19/01/2021 to 10/07/2023: a later range says where the index ends,
    # an earlier one that it holds nothing then; a range that holds articles the words do
    # not find says nothing of the kind.
    def query(*args):
        assert main(["query", *args, "--index-dir", str(seeds_index), "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    assert query("điện", "--from", "2024-01")["dates_empty"] == {"newest": "2023-07-10"}
    assert query("", "--from", "1990", "--to", "1995")["dates_empty"] == {"newest": None}
    assert query("xyzzy", "--from", "2022", "--to", "2022")["dates_empty"] is None
    assert query("điện")["dates_empty"] is None
    assert main(["query", "điện", "--from", "2024-01", "--index-dir", str(seeds_index)]) == 0
    assert "bài mới nhất đề ngày 10/07/2023" in capsys.readouterr().out
    page = seeds_client.get("/search", query_string={"q": "điện", "from": "2024-01"}).get_data(as_text=True)
    assert '<p class="dates-empty">Chỉ mục không có bài nào đề ngày trong khoảng thời gian đã chọn; bài mới nhất đề ngày 10/07/2023.</p>' in page
    api = seeds_client.get("/api/search", query_string={"q": "điện", "from": "2024-01"}).get_json()
    assert api["dates_empty"] == {"newest": "2023-07-10"} and api["total"] == 0
    assert seeds_client.get("/api/search", query_string={"q": "điện"}).get_json()["dates_empty"] is None


def test_an_index_whose_newest_article_has_no_day_says_no_day(tmp_path, capsys):
    from conftest import indexed

    ix = indexed([{"id": "a", "title": "Giá điện", "text": "Giá điện tăng.", "date": "2021-03"},
                  {"id": "b", "title": "Giá than", "text": "Giá than giảm.", "date": "2020-05-01"}], tmp_path)
    assert main(["query", "giá", "--from", "2022", "--index-dir", str(ix), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dates_empty"] == {"newest": None}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_an_output_that_cannot_be_written_is_named_not_the_index(seeds_index):
    # A full disk under a cron job's log was reported as an index folder that cannot be
    # used, or as an index that might be damaged and should be rebuilt.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "ctsearch.cli", "query", "điện", "--index-dir", str(seeds_index)],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "không ghi được kết quả ra đầu ra chuẩn" in done.stderr
    assert "chỉ mục" not in done.stderr
    ascii_out = subprocess.run([sys.executable, "-m", "ctsearch.cli", "query", "điện", "--index-dir", str(seeds_index)],
                               capture_output=True, env={**env, "PYTHONIOENCODING": "ascii"}, timeout=120)
    assert ascii_out.returncode == 1
    assert b"PYTHONIOENCODING=utf-8" in ascii_out.stderr and b"--rebuild" not in ascii_out.stderr


def test_the_json_of_a_query_lists_as_many_facet_values_as_asked(seeds_index, capsys):
    # Cut to 100 by default, as the API; --facet-size asks for another number or every one.
    assert main(["query", "điện", "--index-dir", str(seeds_index), "--json", "--facet-size", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(len(v) <= 1 for v in data["facets"].values()) and data["facets_more"]
    assert main(["query", "điện", "--index-dir", str(seeds_index), "--json", "--facet-size", "max"]) == 0
    assert json.loads(capsys.readouterr().out)["facets_more"] == {}
    with pytest.raises(SystemExit) as exit_:
        main(["query", "điện", "--index-dir", str(seeds_index), "--facet-size", "0"])
    assert exit_.value.code == 2 and "“max”" in capsys.readouterr().err


def test_an_empty_index_folder_is_a_slip_not_the_default_folder(tmp_path, capsys, monkeypatch) -> None:
    # "--index-dir $DIR" with DIR unset used (and made) ./index in silence.
    monkeypatch.chdir(tmp_path)
    for command in (["query", "x"], ["index"], ["stats"], ["remove", "x"]):
        with pytest.raises(SystemExit) as stop:
            main([*command, "--index-dir", ""])
        assert stop.value.code == 2 and "--index-dir" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()


def test_notes_past_a_hundred_are_counted_not_printed(tmp_path, capsys) -> None:
    # 5,000 copies of one id printed 4,999 notes; every record skipped is still named.
    rows = [{"id": "same", "title": "Tin", "text": f"Hội chợ lần {i}."} for i in range(150)]
    rows += [{"id": f"bad{i}", "title": "Tin"} for i in range(3)]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    assert main(["index", str(src), "--index-dir", str(tmp_path / "ix"), "--quiet"]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert sum(line.startswith("lưu ý ") for line in lines) == 100 and "… và 49 lưu ý nữa" in err
    assert sum(line.startswith("bỏ qua ") for line in lines) == 3


def test_notes_about_whole_files_are_not_hidden_by_the_records_notes(tmp_path, capsys) -> None:
    # A folder with 150 copies of ids and an export in .csv: the note that the .csv was not
    # read came after the hundredth note, counted among those said to be indexed.
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "z").mkdir()
    for name in ("one", "two"):
        (tmp_path / "in" / "a" / f"{name}.jsonl").write_text("".join(
            json.dumps({"id": f"d{i}", "title": "Tin", "text": f"Hội chợ lần {i}."}, ensure_ascii=False) + "\n"
            for i in range(150)), "utf-8")
    (tmp_path / "in" / "z" / "bao-cao.csv").write_text("id,title,text\nc1,Giá xăng,Giá xăng giảm\n", "utf-8")
    # (and the note that a file's lines were read in a code page, said after its records)
    (tmp_path / "in" / "z" / "cu.jsonl").write_bytes(
        json.dumps({"id": "cp", "title": "Tin", "text": "Giá cà phê tăng cao, giá chè tăng."}, ensure_ascii=False).encode("cp1258")
        + b"\n")
    assert main(["index", str(tmp_path / "in"), "--index-dir", str(tmp_path / "ix"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "bao-cao.csv: bỏ qua tệp .csv" in err and "… và 50 lưu ý nữa về từng bài" in err
    assert "cu.jsonl:1: 1 dòng không phải UTF-8 (dòng 1), đã đọc theo bảng mã" in err
    assert "về cả tệp" not in err


def test_a_note_that_a_file_ends_in_zeros_is_not_hidden_by_the_records_notes(tmp_path, capsys) -> None:
    # A file whose last blocks a power cut never wrote (articles after it missing) is a note
    # about the file: it was counted among 150 notes about records, not printed, and said
    # to be about articles indexed.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text("".join(
        json.dumps({"id": f"a{i}", "title": "Tin", "text": "Giá điện tăng.", "topics": ["bóng đá"]}, ensure_ascii=False)
        + "\n" for i in range(150)), "utf-8")
    record = json.dumps({"id": "z", "title": "Tin", "text": "Xuất khẩu gạo tăng."}, ensure_ascii=False).encode()
    (tmp_path / "in" / "z.jsonl").write_bytes(record + b"\n" + b"\x00" * 4096)
    (tmp_path / "in" / "zz.json").write_bytes(b"[" + record.replace(b'"z"', b'"zz"') + b"]\n" + b"\x00" * 4096)
    main(["index", str(tmp_path / "in"), "--index-dir", str(tmp_path / "ix"), "--quiet"])
    err = capsys.readouterr().err
    assert "lưu ý nữa về từng bài" in err, err
    for name in ("z.jsonl", "zz.json"):
        assert any(name + ":" in line and "byte 0 (NUL)" in line for line in err.splitlines()), (name, err)


def test_the_version_is_printed(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and re.fullmatch(r"ctsearch \S+\n", capsys.readouterr().out)


def test_completions_asked_for_are_as_many_as_the_api_gives(capsys, seeded):
    # The API refused 50 and the command line took it: one ceiling, said in --help.
    with pytest.raises(SystemExit) as exit_:
        main(["complete", "dien", "--limit", "50", "--index-dir", str(seeded)])
    assert exit_.value.code == 2 and "tối đa 20, không phải “50”" in capsys.readouterr().err
    code, out, _ = run(capsys, "complete", "dien", "--limit", "2", "--index-dir", seeded)
    assert code == 0 and len(out.splitlines()) == 2
    with pytest.raises(SystemExit):
        main(["complete", "--help"])
    assert "mặc định 8" in capsys.readouterr().out


def test_a_path_that_is_not_there_is_no_article_skipped(capsys, tmp_path):
    # "bỏ qua 1 bài" for a mistyped path: no article was there to skip; the path is named.
    code, out, err = run(capsys, "index", str(tmp_path / "khongco.jsonl"), "--index-dir", tmp_path / "ix")
    assert code == 1 and "khongco.jsonl: không tìm thấy tệp hay thư mục này" in err
    assert "bỏ qua 0 bài" in out + err and "bỏ qua 1 bài" not in out + err
