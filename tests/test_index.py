"""Indexing behaviour: given metadata, duplicates, interruption, incremental runs; words side by side rank first."""

import functools
import io
import json
from pathlib import Path

import pytest

from ctsearch.cli import Progress
from ctsearch.index import index_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine
from ctsearch import commit as commit_mod

TEXT = "Sở Công Thương tỉnh Sơn La tổ chức hội nghị về thủy điện và điện nông thôn năm 2022."


def _engine(tmp_path, records: list[dict]) -> SearchEngine:
    """``records`` indexed into a fresh folder, opened for searching."""
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records)]), tmp_path / "ix")
    return SearchEngine(tmp_path / "ix")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def engine_over(tmp_path: Path, records: list[dict]) -> SearchEngine:
    """An engine over ``records`` indexed into a fresh folder of ``tmp_path``."""
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records)]), tmp_path / "ix")
    return SearchEngine(tmp_path / "ix")


def full_matches(engine: SearchEngine, q: str) -> set[str]:
    """The ids of the articles ``q`` finds holding every word (its first page)."""
    return {h.id for h in engine.search(q).hits if not h.missing}


def test_metadata_given_in_jsonl_wins(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "given", "title": "Tin", "text": TEXT, "date": "2020-05-01", "province": "ben tre",
         "topics": ["e-commerce"], "source": "baocongthuong.vn", "url": "https://example.org/a"},
        {"id": "extracted", "title": "Tin", "text": TEXT},
    ])
    index_articles(read_inputs([f]), tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    given = engine.article("given")
    assert (given["date"], given["year"], given["province"], given["topics"]) == \
        ("2020-05-01", 2020, "Bến Tre", ["e-commerce"])
    assert "Sơn La" in given["provinces"]            # still searchable by the province it mentions
    assert (given["source"], given["url"]) == ("baocongthuong.vn", "https://example.org/a")
    extracted = engine.article("extracted")
    assert extracted["province"] == "Sơn La" and "electricity" in extracted["topics"]


def test_a_bad_given_value_is_left_out_and_the_article_kept(tmp_path):
    """One unreadable field must not lose the article: it is indexed with what its text
    says, and a note names the file, the line and the value."""
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "x", "title": "Tin", "text": TEXT, "date": "hôm qua"},
        {"id": "y", "title": "Tin", "text": TEXT, "topics": ["khai-khoang"]},
        {"id": "w", "title": "Tin", "text": TEXT, "province": "Tuyên Quang (mới)", "date": "2021-02-30"},
        {"id": "z", "title": "Tin", "text": TEXT},
        # Several provinces are no main province: a region, today's unit said "mới".
        {"id": "r", "title": "Tin", "text": TEXT, "province": "Tây Nguyên"},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert (report.added, report.skipped, report.problems) == (5, 0, [])
    assert [(p.origin, p.fatal) for p in notes] == [(f"{f}:1", False), (f"{f}:2", False),
                                                    (f"{f}:3", False), (f"{f}:3", False), (f"{f}:5", False)]
    assert "hôm qua" in notes[0].message and "khai-khoang" in notes[1].message
    assert "Tuyên Quang (mới)" in notes[3].message and "2021-02-30" in notes[2].message
    # A form that reads, a day that does not exist: said so, not the list of forms.
    assert '"2021-02-30" không phải ngày có thật' in notes[2].message and "cần" not in notes[2].message
    assert "cần NNNN-TT-NN" in notes[0].message
    assert "là nhiều tỉnh/thành (Tuyên Quang, Hà Giang)" in notes[3].message
    assert "“Tây Nguyên” là nhiều tỉnh/thành (Kon Tum, " in notes[4].message
    engine = SearchEngine(tmp_path / "ix")
    for doc_id in "xywzr":
        got = engine.article(doc_id)
        assert (got["province"], got["year"]) == ("Sơn La", None), doc_id   # as the text says
        assert "electricity" in got["topics"]


def test_given_topics_are_read_as_a_filter_reads_them(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "title": "Tin", "text": TEXT, "topics": ["ELECTRICITY", "Thương mại điện tử"]},
        {"id": "b", "title": "Tin", "text": TEXT, "topics": "dien; e-commerce; Điện"},
        {"id": "c", "title": "Tin", "text": TEXT, "topics": ["khai-khoang"]},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert report.added == 3 and [p.origin.rsplit(":", 1)[1] for p in notes] == ["3"]
    engine = SearchEngine(tmp_path / "ix")
    assert engine.article("a")["topics"] == ["electricity", "e-commerce"]
    assert engine.article("b")["topics"] == ["electricity", "e-commerce"]


def test_given_metadata_is_read_as_leniently_as_a_filter(tmp_path):
    """What a publisher's export says is read like a filter value: one unknown topic costs
    only itself, a town names its province, "Không rõ" says there is none, and a month
    keeps the text's day inside it (and tells the rules the article is after the merger)."""
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "t", "title": "Tin", "text": TEXT, "topics": ["Điện", "khai-khoang", "tmdt"]},
        {"id": "town", "title": "Tin", "text": TEXT, "province": "Phan Thiết"},
        {"id": "none", "title": "Tin", "text": TEXT, "province": "Không rõ"},
        {"id": "shared", "title": "Tin", "text": TEXT, "province": "Tân Uyên"},
        {"id": "number", "title": "Tin", "text": TEXT, "province": 5, "topics": [1, "Điện"]},
        {"id": "blank", "title": "Tin", "text": TEXT, "province": "  ", "topics": " , "},
        # "phường Phan Thiết" is a ward named after a town only since the 2025 reform.
        {"id": "month", "title": "Tin", "text": "Ngày 15/7, phường Phan Thiết họp về giá điện.", "date": "2025-07"},
        {"id": "before", "title": "Tin", "text": "Ngày 15/7, phường Phan Thiết họp về giá điện.", "date": "2025-06"},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert report.added == 8
    said = {}
    for p in notes:
        said.setdefault(p.origin.rsplit(":", 1)[1], []).append(p.message)
    assert list(said) == ["1", "4", "5"]           # a blank field is no value, as for date or source
    assert "khai-khoang" in said["1"][0] and "Lai Châu (huyện Tân Uyên), Bình Dương (thành phố Tân Uyên)" in said["4"][0]
    assert "'province' phải là chuỗi, không phải số (5)" in said["5"][0]
    assert "mỗi chủ đề trong trường 'topics' phải là chuỗi, không phải số (1)" in said["5"][1]
    engine = SearchEngine(tmp_path / "ix")
    assert engine.article("t")["topics"] == ["electricity", "e-commerce"]
    assert engine.article("town")["province"] == "Bình Thuận"
    assert engine.article("none")["province"] is None and "Sơn La" in engine.article("none")["provinces"]
    for doc_id in ("shared", "number", "blank"):
        assert engine.article(doc_id)["province"] == "Sơn La"                    # as the text says
    assert engine.article("number")["topics"] == ["electricity"]
    assert "electricity" in engine.article("blank")["topics"]
    month, before = engine.article("month"), engine.article("before")
    assert (month["date"], month["year"], month["province"]) == ("2025-07-15", 2025, "Bình Thuận")
    # 15 July is not in June: the month alone, and the article is read as written before the reform.
    assert (before["date"], before["year"], before["province"]) == ("2025-06", 2025, None)


def test_a_source_or_url_that_is_not_text_is_noted_and_left_out(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "title": "Tin", "text": TEXT, "source": ["x"], "url": {"a": 1}},
        {"id": "b", "title": "Tin", "text": TEXT, "source": 5, "url": "https://example.org/b"},
        {"id": "c", "title": "Tin", "text": TEXT, "source": "baocongthuong.vn"},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert (report.added, report.skipped) == (3, 0)
    assert [(p.origin.rsplit(":", 1)[1], "phải là chuỗi" in p.message) for p in notes] == \
        [("1", True), ("1", True), ("2", True)]
    engine = SearchEngine(tmp_path / "ix")
    assert [(engine.article(i)["source"], engine.article(i)["url"]) for i in "abc"] == \
        [(None, None), (None, "https://example.org/b"), ("baocongthuong.vn", None)]
    assert {v.value for v in engine.search("").facets["source"] if v.count} == {"baocongthuong.vn", "Không rõ"}


def test_a_title_that_is_not_text_is_noted_and_left_out(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "n", "title": 2024, "text": TEXT},
        {"id": "l", "title": ["Tin"], "text": TEXT},
        {"id": "none", "text": TEXT},
        {"id": "ok", "title": "Tin", "text": TEXT},
        {"id": "empty", "title": {"a": 1}, "text": " "},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert (report.added, report.skipped) == (4, 1)
    # Lines 1 and 2 noted and indexed; line 5, with nothing else to index, skipped.
    assert sorted((p.origin.rsplit(":", 1)[1], p.fatal, "'title' phải là chuỗi" in p.message) for p in notes) == \
        [("1", False, True), ("2", False, True), ("5", True, True)]
    assert any("không có nội dung" in p.message for p in notes if p.fatal)
    engine = SearchEngine(tmp_path / "ix")
    # Indexed as an article given without a title, the number never shown as one.
    assert [engine.article(i)["title"] for i in ("n", "l")] == [engine.article("none")["title"]] * 2
    assert engine.article("ok")["title"] == "Tin"
    assert engine.article("n")["province"] == "Sơn La" and "2024" not in engine.article("n")["title"]


def test_given_dates_are_read_day_first_too(tmp_path):
    engine = _engine(tmp_path, [
        {"id": "dmy", "title": "Tin", "text": TEXT, "date": "17/05/2021"},
        {"id": "dots", "title": "Tin", "text": TEXT, "date": "7.5.2021"},
        {"id": "month", "title": "Tin", "text": TEXT, "date": "05/2021"},
        {"id": "iso", "title": "Tin", "text": TEXT, "date": "2021-05-17T08:30:00+07:00"},
        # as news pages print their datelines; an invisible character after it is nothing
        {"id": "page", "title": "Tin", "text": TEXT, "date": "17/05/2021 - 10:00 (GMT+7)"},
        {"id": "comma", "title": "Tin", "text": TEXT, "date": "17/05/2021, 10:00"},
        {"id": "zw", "title": "Tin", "text": TEXT, "date": "2021-05-17\u200b"},
        # (a number of eight digits, as the string "20210517" is read; it was refused)
        {"id": "number", "title": "Tin", "text": TEXT, "date": 20210517},
        # a Unix time in seconds or milliseconds, as exports write it, and a number with ".0"
        {"id": "unix", "title": "Tin", "text": TEXT, "date": 1621209600},
        {"id": "unix-ms", "title": "Tin", "text": TEXT, "date": 1621209600000},
        {"id": "float", "title": "Tin", "text": TEXT, "date": 1621209600.0},
        # (and as Python's time.time() writes it, as text, and before 2000)
        {"id": "frac", "title": "Tin", "text": TEXT, "date": 1621209600.5},
        {"id": "text", "title": "Tin", "text": TEXT, "date": "1621209600"},
        {"id": "1999", "title": "Tin", "text": TEXT, "date": 915148800},
    ])
    ids = ("dmy", "dots", "month", "iso", "page", "comma", "zw", "number", "unix", "unix-ms", "float", "frac", "text")
    assert [(engine.article(i)["date"], engine.article(i)["year"]) for i in ids] == \
        [("2021-05-17", 2021), ("2021-05-07", 2021), ("2021-05", 2021)] + [("2021-05-17", 2021)] * 10
    assert engine.article("1999")["date"] == "1999-01-01"


def test_a_given_date_written_month_first_is_read_so_where_it_says_it_and_said(tmp_path):
    # An export in English: "03/25/2021" was refused as no real day, "12/01/2021 10:00 AM"
    # silently read 12 January. One that reads either way stays day first ("03/05/2021").
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "us", "title": "Tin", "text": TEXT, "date": "03/25/2021"},
        {"id": "am", "title": "Tin", "text": TEXT, "date": "12/01/2021 10:00 AM"},
        {"id": "vn", "title": "Tin", "text": TEXT, "date": "03/05/2021"},
        {"id": "sa", "title": "Tin", "text": TEXT, "date": "12/01/2021 10:00 SA"},
        {"id": "no", "title": "Tin", "text": TEXT, "date": "13/25/2021"},
    ])
    notes = []
    index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    said = {n.origin.rsplit(":", 1)[1]: n.message for n in notes}
    assert sorted(said) == ["1", "2", "5"] and all("tháng/ngày/năm" in said[k] for k in "12"), said
    assert "không phải ngày có thật" in said["5"]
    engine = SearchEngine(tmp_path / "ix")
    assert [engine.article(i)["date"] for i in ("us", "am", "vn", "sa", "no")] == \
        ["2021-03-25", "2021-12-01", "2021-05-03", "2021-01-12", None]
    engine.close()


def test_the_first_instant_of_unix_time_written_out_is_no_date(tmp_path):
    # A database's stand-in for a date it lacks, as 0 is: listed under 1970 beside the
    # articles of no date, which the feed dates 1970 too.
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": f"e{k}", "title": "Tin", "text": TEXT, "date": v}
        for k, v in enumerate(("1970-01-01 07:00:00", "1970-01-01T00:00:00Z", "1970-01-01", "01/01/1970",
                               "1970-01-01T08:00:00+08:00"))])
    notes = []
    index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert len(notes) == 5 and all("ngày đầu của giờ Unix" in n.message for n in notes)
    engine = SearchEngine(tmp_path / "ix")
    assert [engine.article(f"e{k}")["year"] for k in range(5)] == [None] * 5
    engine.close()


@pytest.mark.parametrize("value, day", [
    # JavaScript's toLocaleString("en-US"): a comma before the time
    ("12/1/2021, 10:00:00 AM", "2021-12-01"), ("1/12/2022, 9:00:00 AM", "2022-01-12"),
    # the time written with full stops, as English style guides write it
    ("12/01/2021 10:00 a.m.", "2021-12-01"), ("12/01/2021 11:30 p.m.", "2021-12-01"),
    # an English date without its time, as with one
    ("Dec 1, 2021", "2021-12-01"), ("Dec 1, 2021 10:00 AM", "2021-12-01"), ("1 December 2021", "2021-12-01")])
def test_a_date_in_english_is_read_month_first_with_one_note_quoting_it(value, day):
    from ctsearch.article import _parse_given_date

    notes = []
    assert _parse_given_date(value, notes) == (day, int(day[:4]))
    assert len(notes) <= 1 and all(json.dumps(value) in n and "tháng/ngày/năm" in n for n in notes), notes


@pytest.mark.parametrize("value, day", [
    # "ngày" before figures, as Vietnamese text writes a date most often (after a weekday too)
    ("ngày 17/5/2021", "2021-05-17"), ("Ngày 17-05-2021", "2021-05-17"), ("Thứ Hai, ngày 17/5/2021", "2021-05-17"),
    # the month in words
    ("17 tháng Năm, 2021", "2021-05-17"), ("17 tháng 5 năm 2021", "2021-05-17"), ("ngày 17 tháng Năm năm 2021",
                                                                                  "2021-05-17"),
    ("3 tháng Mười Hai, 2021", "2021-12-03"), ("3 tháng Giêng năm 2022", "2022-01-03"),
    # English: the month's name between dashes, the day as an ordinal
    ("17-May-2021", "2021-05-17"), ("May 17th, 2021", "2021-05-17"), ("June 1st, 2021", "2021-06-01"),
    # Go's time.String(): the zone's name after its offset, and a monotonic clock reading
    ("2021-05-17 08:30:00 +0700 +07", "2021-05-17"), ("2021-05-17 20:30:00 +0000 UTC", "2021-05-18"),
    ("2021-05-17 08:30:00.5 +0700 +07 m=+0.000123", "2021-05-17"),
    # a number written as text in exponent form, as the number is read
    ("1.6212096E9", "2021-05-17"), ("1.6212096e12", "2021-05-17"), (1.6212096e9, "2021-05-17")])
def test_dates_as_texts_and_programs_write_them_are_read(value, day):
    from ctsearch.article import _parse_given_date

    assert _parse_given_date(value) == (day, int(day[:4]))


@pytest.mark.parametrize("value", ["ngày 17", "ngày mai", "17 tháng năm 2021", "17 tháng Mười Ba, 2021", "17-Foo-2021",
                                   "May 32nd, 2021", "2021-05-17 08:30:00 +0700 +07 extra", "1.6E", "1e400"])
def test_near_dates_that_are_none_are_still_refused(value):
    from ctsearch.article import ArticleError, _parse_given_date

    with pytest.raises(ArticleError, match="date"):
        _parse_given_date(value)


@pytest.mark.parametrize("value", ["1970-01-01T00:00:00+08:00", "1970-01-01 00:00:00+09", "Thu, 01 Jan 1970 00:00:00 +0900",
                                   "12/31/1969, 7:00:00 PM", "12/31/1969 7:00 PM", "1969-12-31T19:00:00-05:00"])
def test_unix_time_zero_in_any_zone_is_no_date_and_said_as_written(value):
    # A database's "no date" written at midnight in its own zone east of Việt Nam, or epoch 0
    # shown in an American zone: not an article of 31 December 1969.
    from ctsearch.article import ArticleError, _parse_given_date

    notes = []
    with pytest.raises(ArticleError, match="ngày đầu của giờ Unix") as raised:
        _parse_given_date(value, notes)
    assert json.dumps(value) in str(raised.value) and notes == []


def test_a_given_date_that_cannot_be_read_is_said_as_the_record_wrote_it(tmp_path):
    # Python's own spelling of the value (True, {'y': 2021}), a 5,000-digit number whole,
    # and day-first digits called no real day without saying how eight digits are read.
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "b", "title": "Tin", "text": TEXT, "date": True},
        {"id": "o", "title": "Tin", "text": TEXT, "date": {"y": 2021}},
        {"id": "d", "title": "Tin", "text": TEXT, "date": "17052021"},
        # too large for seconds, too small for milliseconds of 1990–2100: no 1970 date
        {"id": "u", "title": "Tin", "text": TEXT, "date": 10000000000},
    ])
    with open(f, "a", encoding="utf-8") as fh:
        fh.write('{"id": "l", "title": "Tin", "text": "' + TEXT + '", "date": ' + "9" * 5000 + "}\n")
    notes = []
    index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    said = [n.message for n in notes if "'date'" in n.message]
    assert len(said) == 5 and all(len(m) < 400 for m in said), said
    assert "không hợp lệ: true (" in said[0] and 'không hợp lệ: {"y": 2021} (' in said[1]
    assert "đọc là năm, tháng, ngày: NNNNTTNN" in said[2] and "không hợp lệ: 10000000000 (" in said[3]
    assert "…" in said[4]


def test_a_date_written_nan_or_infinity_is_said_and_the_article_kept(tmp_path):
    # pandas' records dumped to JSON write a missing date as a bare NaN; it crashed the record.
    f = tmp_path / "a.jsonl"
    f.write_text("".join('{"id": "%s", "title": "Tin", "text": "%s", "date": %s}\n' % (i, TEXT, v)
                         for i, v in (("nan", "NaN"), ("inf", "Infinity"), ("neg", "-Infinity"), ("big", "1e400"))),
                 encoding="utf-8")
    notes = []
    index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    said = [n.message for n in notes]
    assert len(said) == 4 and all("trường 'date' không hợp lệ" in m and "Error" not in m for m in said), said
    engine = SearchEngine(tmp_path / "ix")
    assert [engine.article(i)["date"] for i in ("nan", "inf", "neg", "big")] == [None] * 4
    engine.close()


def test_a_given_time_with_its_zone_dates_the_article_as_it_was_in_viet_nam(tmp_path):
    # 20:00 UTC on 31 December was 03:00 on 1 January here: the year facet is 2022. Page
    # datelines after their weekday, feeds' dates and twelve-hour times are read too.
    engine = _engine(tmp_path, [
        {"id": "utc", "title": "Tin", "text": TEXT, "date": "2021-12-31T20:00:00Z"},
        {"id": "utc-ms", "title": "Tin", "text": TEXT, "date": "2021-12-31T17:30:00.000Z"},
        {"id": "west", "title": "Tin", "text": TEXT, "date": "2021-12-31 23:30 -05:00"},
        {"id": "local", "title": "Tin", "text": TEXT, "date": "2021-12-31T23:30:00+07:00"},
        {"id": "bare", "title": "Tin", "text": TEXT, "date": "2021-12-31 23:30"},
        {"id": "weekday", "title": "Tin", "text": TEXT, "date": "Thứ sáu, 31/12/2021, 10:00 (GMT+7)"},
        {"id": "feed", "title": "Tin", "text": TEXT, "date": "Fri, 31 Dec 2021 20:00:00 GMT"},
        {"id": "feed-vn", "title": "Tin", "text": TEXT, "date": "Fri, 31 Dec 2021 10:00:00 +0700"},
        # (RFC 5322's "-0000": UTC, the writer's own zone unknown)
        {"id": "feed-utc", "title": "Tin", "text": TEXT, "date": "Fri, 31 Dec 2021 20:00:00 -0000 (UTC)"},
        {"id": "pm", "title": "Tin", "text": TEXT, "date": "31/12/2021 11:30 PM"},
        {"id": "ch", "title": "Tin", "text": TEXT, "date": "31/12/2021 10:00 CH GMT+7"},
        # (in words, as an article's text writes it)
        {"id": "words", "title": "Tin", "text": TEXT, "date": "Thứ sáu, ngày 31 tháng 12 năm 2021"},
    ])
    got = {i: (engine.article(i)["date"], engine.article(i)["year"])
           for i in ("utc", "utc-ms", "west", "local", "bare", "weekday", "feed", "feed-vn", "feed-utc", "pm", "ch",
                     "words")}
    new_year, eve = ("2022-01-01", 2022), ("2021-12-31", 2021)
    assert got == {"utc": new_year, "utc-ms": new_year, "west": new_year, "local": eve, "bare": eve,
                   "weekday": eve, "feed": new_year, "feed-vn": eve, "feed-utc": new_year, "pm": eve, "ch": eve,
                   "words": eve}
    assert engine.search("", date_from="2022-01-01").total == 5
    # A time past the calendar's end, or of no day, is no date (it crashed a search).
    from ctsearch.query import QueryError
    for bound in ("9999-12-31T20:00:00Z", "0001-01-01T01:00:00+09:00", "2021-12-31T99:00:00"):
        with pytest.raises(QueryError):
            engine.search("", date_from=bound)


@pytest.mark.parametrize("value", ["2021-+5", "2021- 5", "2021-13", "2021/5/", "9999-12-31", "0001-01-01", "31/12/9999",
                                   "17/05/2021 - abc", "2021-05-17 - ", "17/05/2021 - 20-05", "17/05/2021 - 99",
                                   "17/05/2021,5", "Thứ sáu, tháng 5", "Fri, 31 Foo 2021 10:00:00 +0700",
                                   "31/12/2021 13:00 PM GMT+7", "31/12/2021 13:00 PM", "2021-12-31T99:00:00",
                                   "2100-12-31T23:00:00-05:00", "31/12/2021 - 25:00", "2021-12-31T10:00+99:00"])
def test_a_malformed_given_date_is_refused_not_guessed(value):
    from ctsearch.article import ArticleError, _parse_given_date

    with pytest.raises(ArticleError, match="date"):
        _parse_given_date(value)


def test_the_same_id_twice_in_one_batch_is_stored_once(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "dup", "title": "Bản đầu", "text": TEXT},
        {"id": "dup", "title": "Bản sau", "text": TEXT},
    ])
    report = index_articles(read_inputs([f]), tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    result = engine.search("")
    assert result.total == 1 and result.hits[0].title == "Bản sau"
    assert (report.added, report.updated) == (1, 0)          # one article, added
    again = index_articles(read_inputs([f]), tmp_path / "ix")
    assert (again.added, again.updated, again.total_docs) == (0, 1, 1)


def test_interrupting_keeps_what_was_committed(tmp_path):
    records = [{"id": f"a{i}", "title": f"Tin {i}", "text": TEXT} for i in range(12)]
    f = write_jsonl(tmp_path / "a.jsonl", records)

    def stop_after_seven(done, _elapsed):
        if done == 7:
            raise KeyboardInterrupt

    report = index_articles(read_inputs([f]), tmp_path / "ix", commit_every=5, on_progress=stop_after_seven)
    assert report.interrupted
    result = SearchEngine(tmp_path / "ix").search("")
    assert result.total == 5                       # the first commit; the rest was dropped
    # The index still takes writes.
    report = index_articles(read_inputs([f]), tmp_path / "ix")
    assert (report.added, report.updated) == (7, 5)


def test_incremental_runs_leave_large_segments_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", 3)
    monkeypatch.setattr(commit_mod, "MERGE_FANIN", 2)
    ix = tmp_path / "ix"
    first = write_jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(6)])
    index_articles(read_inputs([first]), ix)
    big = {p.name for p in ix.glob("*.trm")}
    assert len(big) == 1
    for n in range(3):
        more = write_jsonl(tmp_path / f"b{n}.jsonl", [{"id": f"b{n}", "title": "Tin", "text": TEXT}])
        index_articles(read_inputs([more]), ix)
        assert big <= {p.name for p in ix.glob("*.trm")}   # never rewritten
    assert len(list(ix.glob("*.trm"))) <= 3                 # small ones were merged
    assert SearchEngine(ix).search("").total == 9


def test_a_run_rewrites_small_segments_only_once_several_of_a_size_piled_up(tmp_path, monkeypatch):
    # One article added at a time to an archive of 1,900 in small segments rewrote all of
    # them at every run: merged by size, as search engines merge, a run rewrites little.
    monkeypatch.setattr(commit_mod, "MERGE_FANIN", 3)
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", [
        {"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(40)])]), ix)
    archive = {p.name for p in ix.glob("*.trm")}
    for n in range(4):
        index_articles(read_inputs([write_jsonl(tmp_path / f"b{n}.jsonl", [
            {"id": f"b{n}", "title": "Tin", "text": TEXT}])]), ix)
        assert archive <= {p.name for p in ix.glob("*.trm")}   # the 40 never rewritten (another size)
    # Three one-article segments of a size were merged into one; the fourth waits.
    assert len(list(ix.glob("*.trm"))) == 3
    assert SearchEngine(ix).search("").total == 44
    # A small segment mostly replaced is rewritten to drop its old copies.
    index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", [
        {"id": f"a{i}", "title": "Tin", "text": TEXT + " Cập nhật."} for i in range(25)])]), ix)
    assert not archive & {p.name for p in ix.glob("*.trm")}
    assert SearchEngine(ix).search("").total == 44


def test_an_article_corrected_inside_a_large_segment_leaves_no_old_word_behind(tmp_path, monkeypatch):
    # A large segment is never written again, and its saved word counts held the old text:
    # "xoi gac" was still read as the misspelt "xôi gấc" no article wrote any more, and the
    # search box still offered it. The vocabulary is now that of an index of the same
    # articles built at once.
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", 3)
    from ctsearch import langfiles
    from ctsearch.langfiles import without_deleted
    monkeypatch.setattr(langfiles, "DELETED_CHUNK", 1)      # counted a document at a time: the same sums
    from ctsearch.store import open_index
    from ctsearch.vocab import segment_frequencies

    others = [{"id": f"a{i}", "title": "Tin", "text": TEXT + " Xôi gác Quỳnh Côi là đặc sản."} for i in range(5)]
    wrong = {"id": "x", "title": "Lễ hội xôi gấc Quỳnh Côi", "text": "Món xôi gấc Quỳnh Côi bán trên mạng. Xôi gấc ngon."}
    right = {"id": "x", "title": "Lễ hội xôi gác Quỳnh Côi", "text": "Món xôi gác Quỳnh Côi bán trên mạng."}
    ix, fresh = tmp_path / "ix", tmp_path / "fresh"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", others + [wrong])]), ix)
    index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", [right])]), ix)
    index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", others + [right])]), fresh)

    def totals(folder):
        index = open_index(folder)
        with index.searcher() as searcher:
            counts = segment_frequencies(folder, searcher.reader())
            without_deleted(counts, folder, searcher.reader())
        index.close()
        return counts

    assert totals(ix) == totals(fresh)
    assert len(list(ix.glob("*.vdl"))) == 1         # the large segment's deleted copy, counted
    engine = SearchEngine(ix)
    assert engine.search("gấc", literal=True).total == 0
    assert "gấc" not in (engine.search("xoi gac quynh coi").interpreted_as or "")
    assert all("gấc" not in c.text for c in engine.complete("xôi g", 8))
    # Counted once: the next run reads them from beside the segment.
    index_articles(read_inputs([write_jsonl(tmp_path / "d.jsonl", [{"id": "z", "title": "Tin", "text": TEXT}])]), ix)
    assert "gấc" not in (SearchEngine(ix).search("xoi gac quynh coi").interpreted_as or "")


def test_rebuild_starts_from_scratch(tmp_path):
    f = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "title": "Tin", "text": TEXT}])
    g = write_jsonl(tmp_path / "b.jsonl", [{"id": "b", "title": "Tin", "text": TEXT}])
    index_articles(read_inputs([f]), tmp_path / "ix")
    index_articles(read_inputs([g]), tmp_path / "ix", rebuild=True)
    assert [h.id for h in SearchEngine(tmp_path / "ix").search("").hits] == ["b"]


def test_parallel_workers_index_the_same_as_one_process(tmp_path):
    records = [{"id": f"a{i}", "title": f"Tin {i}", "text": TEXT + f" Bài số {i}."} for i in range(20)]
    f = write_jsonl(tmp_path / "a.jsonl", records)
    index_articles(read_inputs([f]), tmp_path / "one", workers=1)
    index_articles(read_inputs([f]), tmp_path / "two", workers=2)
    a = SearchEngine(tmp_path / "one").search("thủy điện Sơn La", limit=50)
    b = SearchEngine(tmp_path / "two").search("thủy điện Sơn La", limit=50)
    assert a.total == b.total == 20
    assert [(h.id, h.score) for h in a.hits] == [(h.id, h.score) for h in b.hits]


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_shows_rate_and_time_left():
    stream = FakeTTY()
    bar = Progress(1000, stream)
    bar(250, 2.0)
    text = stream.getvalue()
    assert "250/1.000 bài" in text and "125 bài/s" in text and "còn 0:06" in text
    quiet = io.StringIO()
    Progress(10, quiet)(5, 1.0)
    assert quiet.getvalue() == ""                  # not a terminal: no bar


def test_an_article_that_fails_in_analysis_is_skipped_alone(tmp_path, monkeypatch):
    import ctsearch.analysis as analysis

    real = analysis._segment.segment

    def failing(text):
        if "HỎNG" in text:
            raise RuntimeError("không tách được từ")
        return real(text)

    monkeypatch.setattr(analysis._segment, "segment", failing)
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "a", "title": "Tin một", "text": TEXT},
        {"id": "b", "title": "Tin hai", "text": "HỎNG " + TEXT},   # the title alone would pass
        {"id": "c", "title": "Tin ba", "text": "Điện gió ở Bạc Liêu."},
    ])
    report = index_articles(read_inputs([f]), tmp_path / "ix")
    assert (report.added, report.skipped) == (2, 1)
    assert report.problems[0].origin == f"{f}:2" and "RuntimeError" in report.problems[0].message
    engine = SearchEngine(tmp_path / "ix")
    # Other articles may match some of its words (or a reading of them), never the skipped one.
    assert "b" not in [h.id for h in engine.search("Tin hai").hits]
    assert engine.article("b") is None
    assert [h.id for h in engine.search("Bạc Liêu").hits] == ["c"]     # postings of the next article line up
    assert [h.id for h in engine.search("thủy điện").hits] == ["a"]


def test_interrupting_parallel_workers_keeps_whole_batches(tmp_path):
    records = [{"id": f"p{i}", "title": f"Tin {i}", "text": TEXT} for i in range(40)]
    f = write_jsonl(tmp_path / "a.jsonl", records)

    def stop_late(done, _elapsed):
        if done >= 25:
            raise KeyboardInterrupt

    report = index_articles(read_inputs([f]), tmp_path / "ix", workers=2, commit_every=10,
                            on_progress=stop_late)
    assert report.interrupted
    total = SearchEngine(tmp_path / "ix").search("").total
    assert total % 10 == 0 and total < 40            # committed batches only, none half-written
    assert not (tmp_path / "ix" / ".staging").exists()
    report = index_articles(read_inputs([f]), tmp_path / "ix", workers=2, commit_every=10)
    assert (report.added, report.updated, report.total_docs) == (40 - total, total, 40)


def test_a_segment_whose_articles_were_all_replaced_is_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", 2)     # the first segment counts as large
    f = write_jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(4)])
    ix = tmp_path / "ix"
    index_articles(read_inputs([f]), ix)
    first = {p.name for p in ix.glob("*.trm")}
    report = index_articles(read_inputs([f]), ix)
    assert (report.added, report.updated, report.total_docs) == (0, 4, 4)
    assert len(list(ix.glob("*.trm"))) == 1 and not first & {p.name for p in ix.glob("*.trm")}


def test_words_standing_together_come_first(tmp_path):
    """Two words typed side by side: articles with them side by side rank above articles
    that have one of them in the headline and the other anywhere."""
    filler = " ".join(f"Câu thứ {i} nói về thị trường trong nước." for i in range(30))
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "apart1", "title": "Ông Hùng nhận giải", "text": "Doanh nghiệp tăng trưởng mạnh. " + filler},
        {"id": "apart2", "title": "Hùng và bạn bè", "text": "Xuất khẩu phục hồi mạnh mẽ. " + filler},
        {"id": "together", "title": "Hội chợ hàng Việt", "text": filler + " Ông Nguyễn Mạnh Hùng phát biểu."},
    ])
    index_articles(read_inputs([f]), tmp_path / "ix")
    engine = SearchEngine(tmp_path / "ix")
    for q in ("mạnh hùng", "Mạnh Hùng", "manh hung"):
        hits = [h.id for h in engine.search(q).hits]
        assert hits[0] == "together", (q, hits)
        assert set(hits) == {"apart1", "apart2", "together"}   # the others are still found


def test_words_side_by_side_rank_first_only_where_the_last_ends_a_word(tmp_path):
    """"giá tiêu" (pepper prices) is also written in "giá tiêu dùng" (consumer prices), where
    "tiêu" begins another word: the articles that write the words typed come first, with
    or without diacritics, and the others are still found. A word that runs in from before
    the run keeps it whole ("tăng giá xăng"), and so does a word running on in a headline
    whose article writes the run's end as a word elsewhere ("Giá cá tra", a story about fish)."""
    (tmp_path / "a").mkdir()
    engine = engine_over(tmp_path / "a", [
        {"id": "cpi-1", "title": "Giá tiêu dùng", "text": "Giá tiêu dùng tăng. Giá tiêu dùng tháng sau sẽ giảm."},
        {"id": "cpi-2", "title": "Giá tiêu dùng giảm", "text": "Giá tiêu dùng giảm nhờ giá xăng giảm."},
        {"id": "pepper", "title": "Nông sản hôm nay ở Đắk Lắk và Gia Lai: giá tiêu ổn định",
         "text": "Cà phê giảm, hồ tiêu đứng yên sau nhiều phiên giảm liên tiếp."},
    ])
    for q in ("giá tiêu", "gia tieu", "Giá tiêu"):
        assert [h.id for h in engine.search(q).hits] == ["pepper", "cpi-1", "cpi-2"], q
    filler = " ".join(f"Câu thứ {i} nói về thị trường trong nước." for i in range(20))
    # The segmenter joins "tăng giá" in this headline; "giá xăng" stands in it all the same,
    # before a headline with the words apart and a body with them side by side.
    (tmp_path / "b").mkdir()
    engine = engine_over(tmp_path / "b", [
        {"id": "petrol", "title": "Indonesia tăng giá xăng", "text": "Giá bán lẻ tăng. " + filler},
        {"id": "apart", "title": "Giá vàng tăng, xăng giảm", "text": "Giá xăng giảm mạnh. " + filler},
    ])
    assert [h.id for h in engine.search("giá xăng").hits] == ["petrol", "apart"]
    (tmp_path / "c").mkdir()
    engine = engine_over(tmp_path / "c", [
        {"id": "fish", "title": "Giá cá tra tăng mạnh", "text": "Người nuôi cá lãi lớn. " + filler},
        {"id": "apart", "title": "Thị phần cá giá rẻ", "text": "Giá cá giảm mạnh. " + filler},
    ])
    assert [h.id for h in engine.search("giá cá").hits] == ["fish", "apart"]


def test_a_word_written_run_together_or_apart_finds_both(tmp_path):
    """Loanwords are written both ways ("xi măng" and "ximăng", "đô la" and "đôla"): typed
    either way, with or without diacritics or spaces, a query finds both, the form typed
    first; only where enough articles write the other form ("cà phê" is not looked for
    as "càphê" that one article writes)."""
    filler = " ".join(f"Câu thứ {i} nói về thị trường trong nước." for i in range(10))
    engine = engine_over(tmp_path, [
        {"id": f"apart{i}", "title": f"Giá xi măng tăng đợt {i}", "text": "Các nhà máy xi măng tăng giá. " + filler}
        for i in range(5)] + [
        {"id": f"joined{i}", "title": f"Ximăng miền Nam đợt {i}", "text": "Giá ximăng bán lẻ ổn định. " + filler}
        for i in range(5)] + [
        {"id": "cafe", "title": "Giá cà phê tăng", "text": "Cà phê xuất khẩu. " + filler},
        {"id": "cafe1", "title": "Lễ hội càphê", "text": "Càphê Buôn Ma Thuột. " + filler},
    ] + [{"id": f"vet{i}", "title": f"Trạm thú y số {i}", "text": "Bác sĩ thú y tiêm phòng. " + filler} for i in range(5)]
      + [{"id": f"thuy{i}", "title": f"Ca sĩ Thúy hát {i}", "text": "Ca sĩ Thúy biểu diễn. " + filler} for i in range(5)]
      + [{"id": f"three{i}", "title": f"Ba con trâu {i}", "text": "Nhà có ba con trâu. " + filler} for i in range(5)]
      + [{"id": "bacon", "title": "Món bacon", "text": "Thịt bacon nướng. " + filler}])

    def ids(q: str) -> list[str]:
        return [h.id for h in engine.search(q, limit=50).hits]

    both = {f"apart{i}" for i in range(5)} | {f"joined{i}" for i in range(5)}
    for q in ("xi măng", "xi mang", "Xi Măng", "ximăng", "ximang"):
        assert set(ids(q)) == both, q
    assert ids("xi mang")[0].startswith("apart") and ids("ximang")[0].startswith("joined")
    assert set(ids("giá xi măng")) == both
    assert ids('"xi măng"') and set(ids('"xi măng"')) == {f"apart{i}" for i in range(5)}
    assert set(ids("ca phe")) == {"cafe"}
    # Never into a syllable of its own, nor a word without diacritics split; never literal.
    assert set(ids("thú y")) == {f"vet{i}" for i in range(5)}
    assert set(ids("bacon")) == {"bacon"}
    assert set(h.id for h in engine.search("xi măng", literal=True, limit=50).hits) == {f"apart{i}" for i in range(5)}


def test_a_word_spelled_with_i_or_y_finds_both_spellings(tmp_path):
    """"kĩ thuật" and "kỹ thuật", "quản lí" and "quản lý" are the same words: typed in
    either spelling, with or without diacritics, a query finds both, the words side by side
    ranking first in either; quoted, a phrase matches as typed. Only where the articles
    write the other spelling, and never a toneless name ("Li Ning")."""
    filler = " ".join(f"Câu thứ {i} nói về thị trường trong nước." for i in range(10))
    engine = engine_over(tmp_path, [
        {"id": f"ky{i}", "title": f"Chuyển giao kỹ thuật đợt {i}", "text": "Chuyển giao kỹ thuật cho nông dân. " + filler}
        for i in range(4)] + [
        {"id": f"ki{i}", "title": f"Đào tạo kĩ thuật đợt {i}", "text": "Nâng cao kĩ thuật sản xuất. " + filler}
        for i in range(3)] + [
        {"id": "qlty", "title": "Quản lý thị trường kiểm tra", "text": "Đội quản lý thị trường số 3 ra quân. " + filler},
        {"id": "apart", "title": "Thị trường nhà đất cần quản lý", "text": "Quản lý chặt chẽ hơn. " + filler},
        {"id": "li", "title": "Li Ning mở cửa hàng", "text": "Hãng Li Ning khai trương. " + filler},
        {"id": "ly", "title": "Ly cà phê giá cao", "text": "Một ly cà phê. " + filler},
    ])

    def ids(q: str) -> set[str]:
        return {h.id for h in engine.search(q, limit=50).hits}

    both = {f"ky{i}" for i in range(4)} | {f"ki{i}" for i in range(3)}
    for q in ("kĩ thuật", "kỹ thuật", "Kĩ thuật", "ki thuat", "ky thuat"):
        assert ids(q) == both, q
    assert ids('"kĩ thuật"') == {f"ki{i}" for i in range(3)}
    hits = [h.id for h in engine.search("quản lí thị trường").hits]
    assert hits[0] == "qlty" and "apart" in hits, hits
    assert [h.id for h in engine.search("quản lý thị trường").hits][0] == "qlty"
    assert ids("Li Ning") == {"li"}
    # Found alike, the spelling typed ranks first, alone or beside other words.
    for q, first in (("kĩ thuật", "ki"), ("kỹ thuật", "ky"), ("đào tạo kĩ thuật", "ki"), ("chuyển giao kỹ thuật", "ky")):
        assert engine.search(q).hits[0].id.startswith(first), q


def test_a_syllable_spelled_with_i_or_y_needs_its_neighbours_and_a_name_stays_as_typed(tmp_path):
    """Alone, "tí" is as much the year Tý and "mỹ" a beauty: a word of one syllable takes
    the other spelling only where the articles write it beside the query's neighbour ("tỉ
    đồng", "tỷ đồng"); typed with a capital it is a name ("Mỹ", "ông Lý"), kept as typed."""
    engine = engine_over(tmp_path, [
        {"id": f"ty{i}", "title": f"Doanh thu {i} tỷ đồng", "text": f"Công ty lãi {i} tỷ đồng."} for i in range(3)] + [
        {"id": f"ti{i}", "title": f"Hỗ trợ {i} tỉ đồng", "text": f"Ngân sách chi {i} tỉ đồng."} for i in range(3)] + [
        {"id": f"my{i}", "title": f"Nước Mỹ tăng thuế {i}", "text": "Mỹ áp thuế thép."} for i in range(3)] + [
        {"id": f"mi{i}", "title": f"Mĩ nhân Việt {i}", "text": "Mĩ nhân trình diễn."} for i in range(3)] + [
        {"id": f"ly{i}", "title": f"Ông Lý kể chuyện {i}", "text": "Ông Lý là nông dân."} for i in range(3)] + [
        {"id": f"li{i}", "title": f"Lí do tăng giá {i}", "text": "Có nhiều lí do."} for i in range(3)],
    )

    def ids(q: str) -> set[str]:
        return {h.id for h in engine.search(q, limit=50).hits}

    assert ids("tỉ đồng") == ids("tỷ đồng") == ids("2 tỷ đồng") == {f"t{c}{i}" for c in "iy" for i in range(3)}
    for q, first in (("tỉ đồng", "ti"), ("tỷ đồng", "ty"), ("3 tỉ đồng", "ti"), ("lãi 3 tỷ đồng", "ty")):
        assert [h.id[:2] for h in engine.search(q).hits[:3]] == [first] * 3, q   # the spelling typed first
    assert ids("Mỹ") == {f"my{i}" for i in range(3)}
    assert ids("ông Lý") == {f"ly{i}" for i in range(3)}


def test_a_quoted_phrase_with_punctuation_finds_the_text_it_was_copied_from(tmp_path):
    engine = engine_over(tmp_path, [
        {"id": "comma", "title": "Tin một", "text": "Các tỉnh Hà Nội, Hải Phòng tăng trưởng. Sản xuất, kinh doanh ổn định."},
        {"id": "dash", "title": "Tin hai", "text": "Cao tốc Hà Nội - Hải Phòng thông xe. Xuất khẩu, nhập khẩu tăng."},
        {"id": "apart", "title": "Tin ba", "text": "Hà Nội họp bàn. Hải Phòng xuất khẩu giảm, còn nhập khẩu tăng."},
        {"id": "plain", "title": "Tin bốn", "text": "Tuyến Hà Nội Hải Phòng đông khách."},
        {"id": "and", "title": "Tin năm", "text": "Giữa Hà Nội và Hải Phòng có cao tốc."},
    ])

    def ids(q: str) -> set[str]:
        return {h.id for h in engine.search(q).hits}

    # Punctuation opens the same gap in the text and in the phrase, whichever mark it is;
    # the words side by side are found too (a hyphen inside a name opens no gap:
    # "Hà Nội-Hải Phòng" is written like "Hà Nội Hải Phòng"), never words apart.
    assert ids('"Hà Nội, Hải Phòng"') == ids('"Hà Nội - Hải Phòng"') == ids('"ha noi - hai phong"') \
        == {"comma", "dash", "plain"}
    assert ids('"sản xuất, kinh doanh"') == {"comma"}
    assert ids('"xuất khẩu, nhập khẩu"') == {"dash"}
    assert ids('tăng -"Hà Nội - Hải Phòng"') == {"apart"}
    # Typed without its punctuation, the phrase also finds it written with a mark between two
    # words, after the articles that write it as typed.
    hits = [h.id for h in engine.search('"Hà Nội Hải Phòng"').hits]
    assert hits[0] == "plain" and set(hits) == {"plain", "comma", "dash"}
    assert ids('"sản xuất kinh doanh"') == {"comma"}
    # The mark is a mark, not any word: "Hà Nội và Hải Phòng" is none of these phrases.
    assert "and" not in ids('"Hà Nội, Hải Phòng"') | ids('"Hà Nội Hải Phòng"') | ids('"ha noi - hai phong"')
    assert ids('"Hà Nội và Hải Phòng"') == {"and"}
    # Excluding a phrase removes what the phrase finds, no more, no less.
    every = ids("Hải Phòng")
    for phrase in ('"Hà Nội, Hải Phòng"', '"Hà Nội Hải Phòng"', '"Hà Nội - Hải Phòng"'):
        assert ids(f"Hải Phòng -{phrase}") == every - ids(phrase), phrase


def test_a_term_of_several_words_is_found_with_marks_between_its_words(tmp_path):
    """Articles write an enumeration with or without its commas ("công nghiệp chế biến,
    chế tạo", "nông, lâm, thủy sản"): typed without them, the term finds both, the form
    typed first, and marks them in the snippet; words in different clauses, or parted by a
    word, are no term."""
    engine = engine_over(tmp_path, [
        {"id": "plain", "title": "Tin một", "text": "Chỉ số ngành công nghiệp chế biến chế tạo tăng 8%."},
        {"id": "comma", "title": "Tin hai", "text": "Chỉ số ngành công nghiệp chế biến, chế tạo tăng 9%."},
        {"id": "apart", "title": "Tin ba", "text": "Ngành công nghiệp chế biến tăng. Chế tạo máy thì giảm."},
        {"id": "stop", "title": "Tin bảy", "text": "Ngành công nghiệp chế biến. Chế tạo máy thì giảm."},
        {"id": "word", "title": "Tin tám", "text": "Ngành công nghiệp chế biến và chế tạo thì giảm."},
        {"id": "nls", "title": "Tin bốn", "text": "Kim ngạch xuất khẩu nông, lâm, thủy sản đạt 13,7 tỷ USD."},
        {"id": "nls2", "title": "Tin năm", "text": "Sàn giao dịch sản phẩm Nông - Lâm - Thủy sản ra mắt."},
        {"id": "nls_apart", "title": "Tin sáu", "text": "Giá nông sản giảm. Lâm nghiệp và thủy sản ổn định."},
        {"id": "two", "title": "Tin chín", "text": "Vốn cho phát triển nông nghiệp, công nghiệp, nông thôn tăng."},
        {"id": "cnnt", "title": "Tin mười", "text": "Chương trình khuyến công hỗ trợ công nghiệp nông thôn."},
        {"id": "kt_dash", "title": "Tin 11", "text": "Kế hoạch phát triển kinh tế - xã hội năm tới."},
        {"id": "kt_and", "title": "Tin 12", "text": "Hội đồng Kinh tế và Xã hội Liên hợp quốc họp."},
    ])

    full = functools.partial(full_matches, engine)

    for q in ("cong nghiep che bien che tao", "công nghiệp chế biến chế tạo"):
        hits = engine.search(q).hits
        assert [h.id for h in hits][:2] == ["plain", "comma"], q
        # a full stop, or a word where the mark would be, parts the term
        assert not {"apart", "stop", "word"} & full(q), q
        assert "<mark>công nghiệp chế biến, chế tạo</mark>" in hits[1].snippet, hits[1].snippet
    for q in ("nong lam thuy san", "nông lâm thuỷ sản", '"nông lâm thủy sản"'):
        assert full(q) == {"nls", "nls2"}, (q, full(q))
    # "kinh tế - xã hội", as the lexicon and the abbreviation KT-XH write it; not "kinh tế và xã hội".
    for q in ("kinh te xa hoi", "kinh tế - xã hội", "KT-XH"):
        assert "kt_dash" in full(q) and "kt_and" not in full(q), (q, full(q))
    # Only where the lexicon writes a mark: "công nghiệp, nông thôn" names two things.
    assert full("cong nghiep nong thon") == {"cnnt"}
    hit = next(h for h in engine.search("nong lam thuy san").hits if h.id == "nls2")
    assert "<mark>Nông - Lâm - Thủy sản</mark>" in hit.snippet


def test_partners_the_lexicon_writes_with_a_dash_are_found_typed_without_it(tmp_path):
    # Partners are written "Việt - Mỹ", "cung - cầu" as often as "Việt Mỹ": `viet my` found
    # only the articles writing the two side by side, none of those on their trade. (Not
    # any word of two syllables: "xem xét, xử lý" is no "xét xử".)
    engine = engine_over(tmp_path, [
        {"id": "plain", "title": "Trường Việt Mỹ", "text": "Trường Việt Mỹ khai giảng."},
        {"id": "dash", "title": "Thương mại Việt - Mỹ", "text": "Thương mại Việt - Mỹ tăng trưởng tốt."},
        {"id": "cung", "title": "Kết nối cung - cầu", "text": "Hội nghị kết nối cung - cầu hàng hóa."},
        {"id": "and", "title": "Việt và Mỹ", "text": "Người Việt và người Mỹ gặp nhau."},
        {"id": "stop", "title": "Tin", "text": "Hàng Việt. Mỹ thì khác."},
        {"id": "xem", "title": "Tin", "text": "Cơ quan xem xét, xử lý vi phạm."},
    ])

    full = functools.partial(full_matches, engine)

    for q in ("viet my", "Việt Mỹ", "thuong mai viet my", "thương mại Việt - Mỹ"):
        assert "dash" in full(q) and not {"and", "stop"} & full(q), (q, full(q))
    assert full("ket noi cung cau") == {"cung"} and "xem" not in full("xét xử")
    hit = next(h for h in engine.search("viet my").hits if h.id == "dash")
    assert "<mark>Việt - Mỹ</mark>" in hit.snippet, hit.snippet


def test_the_total_does_not_depend_on_the_page_size(tmp_path):
    """Partial matches follow a fixed number of full ones, not "fewer than a page": a page
    of 2 and a page of 20 (and the CSV export) count the same articles."""
    records = [{"id": f"full{i}", "title": f"Tin {i}", "text": "Giá điện tăng tại Sơn La, hồ chứa cạn."} for i in range(3)]
    records += [{"id": f"part{i}", "title": f"Bài {i}", "text": "Giá điện tăng ở Sơn La."} for i in range(2)]
    engine = engine_over(tmp_path, records)
    query = "giá điện Sơn La hồ chứa"
    small, large = engine.search(query, limit=2), engine.search(query, limit=20)
    assert (small.total, small.total_full, small.partial) == (large.total, large.total_full, large.partial) == (5, 3, True)
    assert {h.id for h in large.hits} == {f"full{i}" for i in range(3)} | {"part0", "part1"}
    assert [v.count for v in small.facets["province"]] == [v.count for v in large.facets["province"]]


def test_ticking_a_facet_value_lists_as_many_articles_as_its_count(tmp_path):
    """Partial matches follow only when the query itself has few full matches, not when a
    filter leaves few: the count beside "Bến Tre" is what ticking it lists."""
    records = [{"id": f"full{i}", "title": f"Tin {i}", "text": "Giá điện tăng, hồ chứa cạn.",
                "province": "Sơn La" if i else "Bến Tre"} for i in range(12)]
    records += [{"id": f"part{i}", "title": f"Bài {i}", "text": "Giá điện tăng ở nhiều nơi.", "province": "Bến Tre"}
                for i in range(3)]
    engine = engine_over(tmp_path, records)
    whole = engine.search("giá điện hồ chứa")
    assert (whole.total, whole.total_full, whole.partial) == (12, 12, False)
    counts = {v.value: v.count for v in whole.facets["province"] if v.count}
    assert counts == {"Bến Tre": 1, "Sơn La": 11}
    for province, count in counts.items():
        ticked = engine.search("giá điện hồ chứa", province=province)
        assert (ticked.total, ticked.partial) == (count, False), province
    # A query with few full matches anywhere still lists the closest ones after them.
    assert engine.search("giá điện hồ chứa cạn nhiều").partial


def test_a_date_typed_unquoted_may_be_missing_from_a_near_match_but_not_quoted(tmp_path):
    # `giá điện ngày 20/3/2019` found nothing where no article wrote the date: the price
    # stories of other days follow the article of that day, each saying it lacks the date;
    # a day's other news does not come before them. Quoted, the date must be there.
    records = [{"id": "day", "title": "Giá điện tăng", "text": "Từ ngày 20/3/2019 giá điện tăng 8,36%."},
               {"id": "other_day", "title": "Giá điện giữ nguyên", "text": "Ngày 1/1/2018 giá điện không đổi."},
               {"id": "same_day", "title": "Bóng đá", "text": "Ngày 20/3/2019 đội tuyển thi đấu."}]
    records += [{"id": f"filler{i}", "title": f"Tin {i}", "text": "Thời tiết ngày mai nắng."} for i in range(6)]
    engine = engine_over(tmp_path, records)
    r = engine.search("giá điện ngày 20/3/2019")
    assert [h.id for h in r.hits][:2] == ["day", "other_day"] and r.total_full == 1
    assert r.hits[1].missing == ["20/3/2019"]
    assert "same_day" not in [h.id for h in r.hits][:2]
    quoted = engine.search('giá điện "20/3/2019"')
    assert [h.id for h in quoted.hits if not h.missing] == ["day"]
    assert "other_day" not in [h.id for h in quoted.hits]


def test_a_name_written_with_a_hyphen_is_found_typed_with_a_space(tmp_path):
    # "V-League", "VN-Index", "Jong-un", "vắc-xin": one name, a hyphen inside. Typed with
    # a space, with or without diacritics, the query finds them, highlighted whole; a
    # spaced dash ("Bà Rịa - Vũng Tàu") still parts two clauses.
    engine = engine_over(tmp_path, [
        {"id": "index", "title": "VN-Index tiếp tục tăng điểm", "text": "Phiên sáng nay VN-Index đạt 238 điểm."},
        {"id": "kim", "title": "Ông Kim Jong-un thị sát nhà máy", "text": "Nhà lãnh đạo Kim Jong-un đến thăm."},
        {"id": "vac", "title": "Tiêm vắc-xin cho gia cầm", "text": "Tỉnh đã tiêm vắc-xin cúm gia cầm."},
        {"id": "apart", "title": "Chỉ số", "text": "VN là viết tắt. Index là chỉ số."},
    ])
    for query, expected in [("vn index", "index"), ("VN Index", "index"), ("kim jong un", "kim"),
                            ("vắc xin", "vac"), ("vac xin", "vac"), ('"vn-index"', "index"), ("vn-index", "index")]:
        result = engine.search(query)
        assert [h.id for h in result.hits][:1] == [expected], query
        assert result.total_full >= 1, query
    hit = engine.search("vn index").hits[0]
    assert "<mark>VN-Index</mark>" in hit.title_html or "<mark>VN</mark>-<mark>Index</mark>" in hit.title_html
    assert [h.id for h in engine.search('"vn index"').hits] == ["index"]    # not "VN. Index"


def test_a_name_with_a_dash_is_found_however_the_dash_is_written(tmp_path):
    # The curated form is "Bà Rịa - Vũng Tàu"; articles also write "Bà Rịa-Vũng Tàu" (one
    # clause now) and "Bà Rịa Vũng Tàu". Its abbreviation and each spelling find all three.
    engine = engine_over(tmp_path, [
        {"id": "spaced", "title": "Tin", "text": "Cảng biển tỉnh Bà Rịa - Vũng Tàu đón tàu lớn."},
        {"id": "glued", "title": "Tin", "text": "Cảng biển tỉnh Bà Rịa-Vũng Tàu đón tàu lớn."},
        {"id": "plain", "title": "Tin", "text": "Cảng biển tỉnh Bà Rịa Vũng Tàu đón tàu lớn."},
    ])
    for query in ("BR-VT", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "ba ria vung tau"):
        assert {h.id for h in engine.search(query).hits} == {"spaced", "glued", "plain"}, query


def test_a_quoted_phrase_typed_with_a_mark_finds_its_words_however_they_are_joined(tmp_path):
    engine = engine_over(tmp_path, [
        {"id": "spaced", "title": "Tin", "text": "Tuyến Hà Nội - Hải Phòng thông xe."},
        {"id": "glued", "title": "Tin", "text": "Tuyến Hà Nội-Hải Phòng thông xe."},
        {"id": "none", "title": "Tin", "text": "Tuyến Hà Nội Hải Phòng thông xe."},
        {"id": "apart", "title": "Tin", "text": "Hà Nội họp. Ở Hải Phòng thì không."},
    ])
    for query in ('"Hà Nội - Hải Phòng"', '"Hà Nội-Hải Phòng"', '"Hà Nội Hải Phòng"', '"Hà Nội, Hải Phòng"'):
        assert {h.id for h in engine.search(query).hits} == {"spaced", "glued", "none"}, query


def test_an_article_known_by_its_month_is_in_the_ranges_that_meet_that_month(tmp_path):
    engine = _engine(tmp_path, [
        {"id": "july", "title": "Tin", "text": TEXT, "date": "07/2025"},
        {"id": "may", "title": "Tin", "text": TEXT, "date": "2025-05"},
        {"id": "day", "title": "Tin", "text": TEXT, "date": "2025-07-20"},
        {"id": "year", "title": "Tin", "text": TEXT, "date": "2025"},
    ])

    def ids(**dates):
        return sorted(h.id for h in engine.search("", limit=10, **dates).hits)

    assert engine.article("july")["date"] == "2025-07"
    assert ids(date_from="2025-07", date_to="2025-07") == ["day", "july", "year"]
    assert ids(date_from="2025-07-15", date_to="2025-07-31") == ["day", "july", "year"]
    assert ids(date_from="2025-05", date_to="2025-05") == ["may", "year"]
    assert ids(date_from="2025-08") == ["year"]
    assert ids(date_to="2025-06-30") == ["may", "year"]


def test_two_words_pyvi_runs_together_in_a_query_are_found_apart(tmp_path):
    """pyvi reads "nông sản xuất khẩu" as one word that no article holds: the query still
    finds the articles that write "xuất khẩu nông sản" (before, it found none)."""
    engine = engine_over(tmp_path, [
        {"id": "other", "title": "Xuất khẩu nông sản sang châu Âu", "text": "Doanh nghiệp xuất khẩu nông sản."},
        {"id": "half", "title": "Giá nông sản giảm", "text": "Giá nông sản trong nước giảm."},
        {"id": "none", "title": "Giá xăng giảm", "text": "Giá xăng dầu giảm trong tháng này."},
    ])
    for q in ("nông sản xuất khẩu", "nong san xuat khau"):
        r = engine.search(q)
        assert r.total_full == 1 and r.hits[0].id == "other", q


def test_an_article_written_with_the_icelandic_eth_is_found_as_d_stroke(tmp_path):
    engine = engine_over(tmp_path, [
        {"id": "eth", "title": "Ðiện lực Hà Tĩnh thông báo", "text": "Lịch cắt ðiện ở quận Ba Ðình tuần này."},
    ])
    for q in ("điện lực", "dien luc", "cắt điện", "Ba Đình", "Ðiện lực"):
        assert [h.id for h in engine.search(q).hits] == ["eth"], q


def test_accented_words_written_together_come_before_the_same_pairs_apart(tmp_path):
    """"thị trường bán lẻ": the article that writes the phrase ranks above ones with both
    words more often but apart, although their pairs without accents ("thi truong",
    "truong ban", "ban le": "trưởng ban") are all there too."""
    filler = " ".join(f"Câu thứ {i} nói về hàng hóa." for i in range(20))
    engine = engine_over(tmp_path, [
        {"id": "apart", "title": "Hàng hóa cuối năm",
         "text": "Thị trường sôi động. Trưởng ban quản lý chợ nói giá bán lẻ tăng. Thị trường, bán lẻ, "
                 "giá bán lẻ đều tăng. " + filler},
        {"id": "together", "title": "Doanh nghiệp Việt", "text": filler + " Thị trường bán lẻ tăng trưởng."},
    ])
    for q in ("thị trường bán lẻ", "thi truong ban le"):
        assert [h.id for h in engine.search(q).hits] == ["together", "apart"], q


def test_a_word_read_for_sure_without_marks_is_not_every_word_it_folds_to(tmp_path):
    """"lai suat cho vay" read "lãi suất cho vay": "vay" is the word read, not "vậy"."""
    filler = [{"id": f"f{i}", "title": f"Lãi suất cho vay tháng {i}", "text": "Lãi suất cho vay giảm."}
              for i in range(6)]
    engine = engine_over(tmp_path, filler + [
        {"id": "vay", "title": "Ngân hàng hạ lãi suất", "text": "Lãi suất cho vay mua nhà giảm."},
        {"id": "vay_not", "title": "Lãi suất tăng", "text": "Lãi suất tăng, cho nên vậy là khó."},
    ])
    r = engine.search("lai suat cho vay")
    assert r.interpreted_as == "lãi suất cho vay"
    assert "vay" in [h.id for h in r.hits] and "vay_not" not in [h.id for h in r.hits][:r.total_full]


def test_a_full_match_of_the_likeliest_reading_never_ranks_among_near_matches(tmp_path):
    # The reading matches the article in full, the words as typed (the tier near matches are
    # read from) only in part: every full match holding the likeliest reading, it comes first,
    # not in a near match's band after articles that hold more of the words as typed.
    from ctsearch.backend import Search, Tier
    from ctsearch.querylang import parse, plan
    records = [{"id": "full", "title": "Tin bảo hiểm", "text": "Chương trình bảo hiểm áp dụng từ tháng ba."}]
    records += [{"id": f"near{i}", "title": f"Tin {i}", "text": "Ưu đãi lớn cho khách hàng dịp cuối năm."}
                for i in range(6)]
    engine = engine_over(tmp_path, records)
    reading, typed = plan(parse("bảo hiểm")), plan(parse("bảo hiểm ưu đãi lớn khách hàng"))
    page = engine.backend.search([Search([Tier(reading, False), Tier(reading, True), Tier(typed, True)], primary=2)],
                                 {}, (None, None), "relevance", 0, 10)
    keys = [key for key, _score, _missing in page.hits]
    assert page.max_class is not None and page.max_class <= 1 and page.partial
    assert keys[0] == engine.backend.key_of("full")


def test_near_matches_are_said_to_follow_only_where_an_article_lacks_a_word(tmp_path):
    # `mo than quang ninh san nha`: both articles hold every word in some reading ("mỏ", "mở";
    # "sân nhà"), the coal story only a lesser one, which ranks by its coverage among the near
    # matches of the likeliest; but no article lacks a word, so none is said to.
    from test_storykind import COAL, MATCH
    engine = engine_over(tmp_path, [{"id": k, "title": t, "text": b}
                                    for k, (t, b) in {"match": MATCH, "coal": COAL}.items()]
                         + [{"id": "gold", "title": "Giá vàng tăng nhẹ", "text": "Giá vàng hôm nay tăng nhẹ."}])
    r = engine.search("mo than quang ninh san nha")
    assert r.total == r.total_full == 2 and not r.partial
    assert all(not h.missing for h in r.hits)


def test_sorted_by_date_the_articles_of_one_day_and_those_with_none_rank_by_relevance(tmp_path):
    from conftest import indexed
    from ctsearch.query import SearchEngine
    rows = [{"id": "a-passing", "title": "Tin vắn", "text": "Nhiều tin. Giá điện được nhắc qua."},
            {"id": "b-about", "title": "Giá điện tăng", "text": "Giá điện tăng. Giá điện sinh hoạt tăng từ tháng sau."},
            {"id": "c-dated", "title": "Giá điện", "text": "Giá điện ổn định.", "date": "2021-05-17"},
            {"id": "d-some", "title": "Điện và giá", "text": "Giá điện và giá xăng cùng tăng."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    by_relevance = [h.id for h in engine.search("giá điện").hits if h.id != "c-dated"]
    by_date = [h.id for h in engine.search("giá điện", sort="date").hits]
    assert by_date[0] == "c-dated" and by_date[1:] == by_relevance
    assert by_relevance[0] == "b-about"
    engine.close()


def test_sorted_by_date_a_likelier_reading_s_articles_come_first_within_a_day():
    # As in the relevance order, the reading that found an article (its class) comes
    # before its score among the articles of one day; near matches come after all.
    import numpy as np
    from ctsearch.matching import rank
    every = np.ones(5, dtype=bool)
    near = np.array([0, 0, 0, 0, 1], dtype=np.int16)          # the last is a near match
    reading = np.array([1, 0, 0, 1, 0], dtype=np.int16)       # which reading found each
    score = np.array([9.0, 1.0, 2.0, 5.0, 50.0], dtype=np.float32)
    date = np.array([0, 0, 0, 20210517, 0], dtype=np.int64)   # one dated, the rest not
    order = [d for d, _s in rank(every, near, score, date, 0, 5, by_date=True, within=reading)]
    assert order == [3, 2, 1, 0, 4]
    assert [d for d, _s in rank(every, near, score, date, 2, 2, by_date=True, within=reading)] == [1, 0]
    # Every page of a large draw is the page of the whole order (only what can reach a page
    # is sorted in full).
    rng = np.random.default_rng(7)
    n = 3000
    cls, within = rng.integers(0, 2, n).astype(np.int16), rng.integers(0, 3, n).astype(np.int16)
    scores = rng.random(n).astype(np.float32)
    dates = np.where(rng.random(n) < 0.7, 0, rng.choice([20210101, 20210517, 20220303], n)).astype(np.int64)
    alive = rng.random(n) < 0.9
    cand = np.flatnonzero(alive)
    whole = [int(cand[i]) for i in np.lexsort((cand, -scores[cand], within[cand], -dates[cand], cls[cand]))]
    for offset, limit in ((0, 10), (40, 25), (len(whole) - 5, 10), (1500, 100)):
        page = [d for d, _s in rank(alive, cls, scores, dates, offset, limit, by_date=True, within=within)]
        assert page == whole[offset:offset + limit], (offset, limit)


def test_a_given_province_in_a_list_of_one_is_that_province_and_several_are_said(tmp_path):
    # `"province": ["Bến Tre"]`, as exports write every field that may hold several, was
    # refused as "phải là chuỗi, không phải mảng".
    f = write_jsonl(tmp_path / "a.jsonl", [
        {"id": "one", "title": "Tin", "text": TEXT, "province": ["Bến Tre"]},
        {"id": "two", "title": "Tin", "text": TEXT, "province": ["Bến Tre", "Trà Vinh"]},
        {"id": "none", "title": "Tin", "text": TEXT, "province": []},
        {"id": "blank", "title": "Tin", "text": TEXT, "province": [""]},
        {"id": "twice", "title": "Tin", "text": TEXT, "province": ["Bến Tre", "Bến Tre"]},
        {"id": "spelt", "title": "Tin", "text": TEXT, "province": ["TP.HCM", "Hồ Chí Minh", None]},
    ])
    notes = []
    report = index_articles(read_inputs([f]), tmp_path / "ix", on_problem=notes.append)
    assert report.added == 6 and len(notes) == 1 and notes[0].origin.endswith(":2")
    assert "có 2 tỉnh/thành" in notes[0].message and "một tỉnh/thành chính" in notes[0].message
    engine = SearchEngine(tmp_path / "ix")
    assert engine.article("one")["province"] == "Bến Tre"
    for doc_id in ("two", "none", "blank"):
        assert engine.article(doc_id)["province"] == "Sơn La"      # as the text says
    assert engine.article("twice")["province"] == "Bến Tre"
    assert engine.article("spelt")["province"] == "Hồ Chí Minh"
