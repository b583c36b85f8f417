"""Reading input: encodings, bad records, file and line in every message."""

import json
import unicodedata

import pytest

from ctsearch.ingest import Problem, RawArticle, decode_bytes, read_inputs

SAMPLE = "Sở Công Thương tổ chức hội nghị triển khai nhiệm vụ năm 2023 về điện gió và thủy điện."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_are_exact(encoding):
    text, enc = decode_bytes(SAMPLE.encode(encoding))
    assert text.lstrip("\ufeff") == SAMPLE


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps ă, â, ê, ô, ơ, ư, đ precomposed but writes tones as combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


def test_windows_1258_is_detected():
    data = to_cp1258(SAMPLE)
    text, enc = decode_bytes(data)
    assert enc == "cp1258"
    assert unicodedata.normalize("NFC", text) == SAMPLE


def test_windows_1252_western_text():
    text, enc = decode_bytes("Café crème à la française".encode("cp1252"))
    assert enc == "cp1252" and text == "Café crème à la française"


def test_binary_is_refused():
    text, reason = decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert text is None and "nhị phân" in reason


def _items(paths):
    items = list(read_inputs(paths))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Problem)]


def test_a_binary_jsonl_file_is_one_problem_not_one_per_line(tmp_path):
    import random
    rng = random.Random(7)
    f = tmp_path / "anh.jsonl"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)))
    arts, problems = _items([str(f)])
    assert not arts
    assert [(p.origin, p.message) for p in problems if p.fatal] == [(str(f), "tệp nhị phân, không phải JSON lines")]
    # A file of good lines with one binary line keeps its good lines.
    good = json.dumps({"id": "a", "title": "Tin", "text": "Điện gió."}, ensure_ascii=False).encode()
    g = tmp_path / "mix.jsonl"
    junk = bytes(b for b in range(1, 32) if b not in (10, 13)) * 8 + b"\x00"
    g.write_bytes(good + b"\n" + junk + b"\n" + good.replace(b'"a"', b'"b"') + b"\n")
    arts, problems = _items([str(g)])
    assert [a.id for a in arts] == ["a", "b"] and [p.origin for p in problems if p.fatal] == [f"{g}:2"]


def test_jsonl_bad_lines_name_file_and_line(tmp_path):
    f = tmp_path / "tin.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "Điện gió", "text": SAMPLE}, ensure_ascii=False),
        '{"id": "b", "title": "hỏng", "text": ',                       # malformed JSON
        json.dumps({"title": "không id", "text": SAMPLE}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "title": "ổn", "text": SAMPLE}, ensure_ascii=False),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a", "d"]
    assert [p.origin for p in probs] == [f"{f}:2", f"{f}:3", f"{f}:4", f"{f}:6"]
    # Said in Vietnamese, and as what it is: the line ends before its object closes.
    assert probs[0].message.startswith("JSON hỏng: thiếu giá trị sau dấu hai chấm ở cuối dòng, đối tượng chưa đóng "
                                       "(thiếu “}”) (cột ")


def test_jsonl_with_a_latin1_line_and_nul_bytes(tmp_path):
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"id": "ok", "title": "t", "text": SAMPLE}, ensure_ascii=False).encode()
    legacy = json.dumps({"id": "old", "title": "t", "text": "Café"}, ensure_ascii=False).encode("cp1252")
    f.write_bytes(good + b"\n" + legacy + b"\n" + b"\x00\x01\x02binary\n")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["ok", "old"]
    fatal = [p for p in probs if p.fatal]
    assert [p.origin for p in fatal] == [f"{f}:3"]


def test_empty_and_missing_files(tmp_path):
    (tmp_path / "rong.txt").write_text("   \n\n", encoding="utf-8")
    (tmp_path / "rong.jsonl").write_text("", encoding="utf-8")
    arts, probs = _items([tmp_path, tmp_path / "khong-co.txt", tmp_path / "anh.png"])
    assert arts == []
    messages = {p.origin.split("/")[-1]: p.message for p in probs}
    assert "rỗng" in messages["rong.txt"]
    assert "rỗng" in messages["rong.jsonl"]
    assert "không tìm thấy" in messages["khong-co.txt"]


def test_directories_are_walked_recursively(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("Tiêu đề\n" + SAMPLE, encoding="utf-8")
    (tmp_path / "a" / "y.txt").write_bytes(("Tiêu đề\n" + SAMPLE).encode("utf-16"))
    (tmp_path / "a" / "ghi-chu.md").write_text("bỏ qua", encoding="utf-8")
    (tmp_path / "a" / "bai.json").write_text("[]", encoding="utf-8")
    (tmp_path / "a" / "bang.csv").write_text("id,text\n", encoding="utf-8")
    arts, probs = _items([tmp_path])
    assert sorted(a.id for a in arts) == ["x", "y"]
    assert all(SAMPLE in a.text for a in arts)
    # A .json file is read (an array of articles); one empty says so. A .csv is likely articles
    # in the wrong form: a note names it; a .md file is not.
    # (the file left out said first: the articles' own notes may be many)
    assert [(p.origin, p.message, p.fatal) for p in probs if "UTF-16" not in p.message] == [
        (str(tmp_path / "a" / "bang.csv"),
         "bỏ qua tệp .csv: chỉ đọc .txt (một bài), .jsonl (mỗi dòng một bài) và .json (một mảng bài [{...}, …])", False),
        (str(tmp_path / "a" / "bai.json") + ":1", "mảng JSON rỗng: không có bài nào", True)]


def test_lone_surrogates_from_json_escapes_are_dropped(tmp_path):
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.query import SearchEngine

    f = tmp_path / "s.jsonl"
    f.write_text('{"id": "s", "title": "Gi\\u00e1 \\ud800\\u0111i\\u1ec7n", "text": "\\udfff \\u0110i\\u1ec7n gi\\u00f3."}\n',
                 encoding="utf-8")
    report = index_articles(read_inputs([f]), tmp_path / "ix")
    assert (report.added, report.problems) == (1, [])
    article = SearchEngine(tmp_path / "ix").article("s")
    assert article["title"] == "Giá điện" and article["body"] == "Điện gió."


def test_the_index_folder_indexed_as_the_articles_folder_gives_its_articles_not_its_files(tmp_path):
    # `cd data && ctsearch index . --index-dir .`: the articles beside the index are read,
    # every file the index wrote is not (and the folder is no "folder without articles").
    import os

    from ctsearch.index import index_articles
    from ctsearch.ingest import INDEX_FILE_RE

    (tmp_path / "data.jsonl").write_text(json.dumps({"id": "a", "title": "Giá lúa", "text": "Giá lúa tăng."},
                                                    ensure_ascii=False), encoding="utf-8")
    index_articles(read_inputs([str(tmp_path)]), tmp_path)
    (tmp_path / "ghichu.txt").write_text("Ghi chú\nGiá lúa gạo.", encoding="utf-8")
    # (an article file named as a side file might be is read all the same)
    (tmp_path / "tin-2022-01.json").write_text(json.dumps({"id": "t", "title": "Tin", "text": "Giá điện."},
                                                          ensure_ascii=False), encoding="utf-8")
    report = index_articles(read_inputs([str(tmp_path)]), tmp_path)
    assert report.total_docs == 3 and not report.problems
    assert sorted(n for n in os.listdir(tmp_path) if not INDEX_FILE_RE.match(n)) == \
        ["data.jsonl", "ghichu.txt", "tin-2022-01.json"]
    assert not INDEX_FILE_RE.match("MAIN_2022.jsonl") and INDEX_FILE_RE.match("MAIN_l8gh14ysi8lidom8.trm")


# Text typed in UTF-8 with typographic punctuation pasted from Word, as Windows-1252 bytes.
_WORD_MARKS = {"“": b"\x93", "”": b"\x94", "‘": b"\x91", "’": b"\x92", "–": b"\x96", "—": b"\x97", "…": b"\x85"}
_QUOTED = [
    "Đại diện “Bộ Công Thương” cho biết sẽ “kiến nghị” điều chỉnh giá điện.",
    "Báo “Tuổi Trẻ” đưa tin: người dân lo lắng về “giá điện” tăng mạnh…",
    "Chương trình ‘hàng Việt’ – người Việt dùng hàng Việt — được đẩy mạnh.",
    "Ông A nói: “Chúng tôi sẽ kiến nghị”, bà B đáp: “tăng mạnh” là ‘sản xuất’.",
    "“Như vậy, nếu không có Đak Mi 4 thì cộng đồng…”, ông cười nói.",
]


def _word_pasted(text: str) -> bytes:
    return b"".join(_WORD_MARKS.get(ch, ch.encode("utf-8")) for ch in text)


@pytest.mark.parametrize("sentence", _QUOTED)
def test_word_punctuation_among_utf8_words_is_that_punctuation(sentence):
    # Each mark a single byte of Windows-1252 in UTF-8 text: the words around it stay as
    # written (they were read in a code page, "“Bá»™"), and the mark is the mark.
    body = "Giá điện sinh hoạt tăng mạnh tại Bến Tre từ tháng 5, người dân lo lắng về hóa đơn tiền điện.\n"
    text, enc = decode_bytes(_word_pasted(body + sentence))
    assert text == body + sentence
    assert enc == "utf-8+marks"


@pytest.mark.parametrize("layout", ["jsonl", "array", "txt"])
def test_word_punctuation_in_records_and_files_keeps_every_word(tmp_path, layout):
    records = [{"id": f"q{k}", "title": "Giá điện tăng", "text": s} for k, s in enumerate(_QUOTED)]
    if layout == "jsonl":
        f = tmp_path / "tin.jsonl"
        f.write_bytes(b"".join(_word_pasted(json.dumps(r, ensure_ascii=False)) + b"\n" for r in records))
    elif layout == "array":
        f = tmp_path / "tin.json"
        f.write_bytes(_word_pasted(json.dumps(records, ensure_ascii=False, indent=1)))
    else:
        f = tmp_path / "q0.txt"
        f.write_bytes(_word_pasted("Giá điện tăng\n\n" + _QUOTED[0] + "\n" + _QUOTED[3]))
    arts, probs = _items([f])
    if layout == "txt":
        assert [a.text for a in arts] == ["Giá điện tăng\n\n" + _QUOTED[0] + "\n" + _QUOTED[3]]
    else:
        assert {a.id: a.text for a in arts} == {r["id"]: r["text"] for r in records}
    assert not [p for p in probs if p.fatal]
    assert [p.message for p in probs] and all("Windows-1252 (dán từ Word)" in p.message for p in probs), probs


def test_a_tone_before_a_closing_quote_in_windows_1258_is_still_read_in_it():
    # The code page's bytes make a UTF-8 character by chance ("xã”": "xaޔ"): no Word mark there.
    line = "Giá điện sinh hoạt tăng mạnh tại Bến Tre từ tháng 5, người dân lo lắng.\n"
    text, _enc = decode_bytes(line.encode() + to_cp1258("Ông nói “về xã”, rồi “đi”"))
    assert unicodedata.normalize("NFC", text) == line + "Ông nói “về xã”, rồi “đi”"


_NEWS = [
    {"id": "tin-giá-điện", "title": "Giá điện tăng", "text": "Giá điện sinh hoạt tăng 3% từ tháng 5 tại Bến Tre."},
    {"id": "tin-Đà-Nẵng-thu-phí", "title": "Vì sao chưa xóa sổ trạm thu phí đặt nhầm chỗ",
     "text": "Bộ Giao thông vận tải cho biết sẽ báo cáo Chính phủ giải pháp xử lý dứt điểm."},
    {"id": "tin-3", "title": "Lúa gạo được giá", "text": "Nông dân Đồng Tháp phấn khởi vì lúa được giá."},
]


@pytest.mark.parametrize("ends", [("\r", "\r", "\r"), ("\r\n", "\r", "\n"), ("\n", "\r", "\r\n"), ("\r", "\n", "\r")])
def test_a_windows_1258_record_among_utf8_ones_is_read_in_it_whatever_ends_the_lines(tmp_path, ends):
    # An old Mac file (a CR alone ends each line), or line ends mixed: the record from a legacy
    # database is Windows-1258 as in a file of newlines, not Windows-1252 ("ViÌ sao chýa").
    f = tmp_path / "tin.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in _NEWS]
    f.write_bytes(b"".join((to_cp1258(line) if k == 1 else line.encode()) + end.encode()
                           for k, (line, end) in enumerate(zip(lines, ends))))
    arts, probs = _items([f])
    assert [(a.id, unicodedata.normalize("NFC", a.title), unicodedata.normalize("NFC", a.text)) for a in arts] == \
        [(r["id"], r["title"], r["text"]) for r in _NEWS]
    assert [p.message for p in probs] == ["1 dòng không phải UTF-8 (dòng 2), đã đọc theo bảng mã Windows-1258"]


@pytest.mark.parametrize("cut", [None, 2])
def test_old_mac_lines_whose_first_record_is_longer_than_a_megabyte_are_lines(tmp_path, cut):
    # It was one line: every article lost to one bad record, or read with a note that they
    # stood on one line without line ends between them.
    records = [{"id": f"cr{i}", "title": f"Tin {i} giá điện", "text": "Giá điện tăng mạnh. " * (60_000 if i == 0 else 3)}
               for i in range(6)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if cut is not None:
        lines[cut] = lines[cut][:40]
    f = tmp_path / "dai.jsonl"
    f.write_bytes("\r".join(lines).encode() + b"\r")
    arts, probs = _items([f])
    assert [a.id for a in arts] == [r["id"] for k, r in enumerate(records) if k != cut]
    assert [str(p) for p in probs if p.fatal] == ([] if cut is None else [
        f"{f}:3: JSON hỏng: dòng kết thúc sau dấu phẩy, đối tượng chưa đóng (thiếu “}}”) (cột 41)"])
    assert not [p for p in probs if not p.fatal]


_SPLIT_RECORDS = [{"id": f"s{i}", "title": f"Tin số {i} về giá điện",
                   "text": "Giá điện tăng.\nNgười dân lo lắng về hóa đơn."} for i in range(5)]


def _split_lines(how: str) -> str:
    """The records as JSON lines, the third and fourth broken over lines as ``how`` says."""
    lines = [json.dumps(r, ensure_ascii=False) for r in _SPLIT_RECORDS]
    if how == "in a string":        # a raw line break where "\n" should be, as scrapers write
        lines[2] = lines[2].replace("\\n", "\n")
        lines[3] = lines[3].replace("\\n", "\r\n")
    elif how == "between fields":   # a hand edit
        lines[2] = lines[2].replace(', "text"', ',\n"text"')
        lines[3] = lines[3].replace(', "title"', '\n, "title"')
    elif how == "paragraphs":       # a blank line inside a string, and a CR alone
        lines[2] = lines[2].replace("\\n", "\n\n")
        lines[3] = lines[3].replace("\\n", "\r")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
@pytest.mark.parametrize("how", ["in a string", "between fields", "paragraphs"])
def test_a_record_broken_over_lines_is_joined_into_one_article(tmp_path, how, suffix):
    f = tmp_path / f"tin{suffix}"
    f.write_text(_split_lines(how), encoding="utf-8", newline="")
    arts, probs = _items([f])
    assert [(a.id, a.title) for a in arts] == [(r["id"], r["title"]) for r in _SPLIT_RECORDS]
    assert all(a.text.split() == _SPLIT_RECORDS[0]["text"].split() for a in arts)
    assert not [p for p in probs if p.fatal]
    assert len(probs) == 1 and "2 bài bị xuống dòng giữa chừng" in probs[0].message \
        and "đã nối các dòng lại thành bài" in probs[0].message, probs
    assert probs[0].origin == f"{f}:3"


def test_a_broken_record_whose_rest_does_not_join_is_said_once_naming_both_lines(tmp_path):
    # The first half cut short, the second half damaged too: one article lost, not two, and each
    # message names the other line.
    lines = [json.dumps(r, ensure_ascii=False) for r in _SPLIT_RECORDS]
    lines[1:3] = [lines[1][:45], 'lo lắng về hóa đơn." xx}', lines[2]]
    f = tmp_path / "tin.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["s0", "s2", "s3", "s4"]
    fatal = [p for p in probs if p.fatal]
    assert [p.origin for p in fatal] == [f"{f}:2", f"{f}:3"] and sum(p.records for p in fatal) == 1
    assert "dòng 3 sau nó có vẻ là phần tiếp của bài này" in fatal[0].message
    assert "phần tiếp của bài ở dòng 2" in fatal[1].message


@pytest.mark.parametrize("layout", ["pretty cr .json", "pretty cr .jsonl", "cr between lf lines", "crlf cr lf"])
def test_records_each_on_lines_of_their_own_are_not_said_to_be_run_together(tmp_path, layout):
    records = [{"id": f"m{i}", "title": f"Tin {i} giá điện", "text": "Giá điện tăng mạnh."} for i in range(4)]
    j = [json.dumps(r, ensure_ascii=False) for r in records]
    if layout.startswith("pretty"):
        f = tmp_path / ("tin.json" if layout.endswith(".json") else "tin.jsonl")
        f.write_bytes("\r".join(json.dumps(r, ensure_ascii=False, indent=2) for r in records).replace("\n", "\r").encode())
    elif layout == "cr between lf lines":
        f = tmp_path / "tin.jsonl"
        f.write_bytes((j[0] + "\n" + j[1] + "\r" + j[2] + "\n" + j[3] + "\n").encode())
    else:
        f = tmp_path / "tin.jsonl"
        f.write_bytes((j[0] + "\r\n" + j[1] + "\r" + j[2] + "\n" + j[3] + "\n").encode())
    arts, probs = _items([f])
    assert [a.id for a in arts] == [r["id"] for r in records]
    assert probs == [], probs


def _double_encoded(text: str) -> str:
    """``text`` in UTF-8 read as Windows-1252 and saved again (its five holes as the bytes'
    own code points, as Windows writes them)."""
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in text.encode("utf-8"))


@pytest.mark.parametrize("sound", [
    "Ông A nói: “Chúng tôi sẽ kiến nghị” và ‘thử’ nhé.",
    "Giá xăng – dầu tăng… người dân lo lắng — chờ “giảm giá”.",
    "Bài viết của ‘Tuổi Trẻ’ • Ảnh: “Hồ Gươm”.",
])
def test_double_encoded_punctuation_in_sound_utf8_is_read_back(sound):
    # A template or field round-tripped through Windows-1252 beside sound UTF-8: "â€œChúng",
    # "nghịâ€" were stored, glued to the words, which no search found.
    from ctsearch.article import build_article

    body = "Giá điện sinh hoạt tăng mạnh tại Bến Tre từ tháng 5, người dân lo lắng. "
    damaged = "".join(_double_encoded(ch) if not ch.isalnum() and not ch.isspace() and ord(ch) > 0x2000 else ch
                      for ch in sound)
    assert "â€" in damaged
    notes = []
    article = build_article(RawArticle(id="m1", origin="m.jsonl:1", text=body + damaged, title="Giá điện tăng"),
                            notes)
    assert article.body.endswith(sound)
    assert len(notes) == 1 and "dấu câu bị giải mã sai" in notes[0] and "còn" not in notes[0], notes


@pytest.mark.parametrize("text, kept", [
    # ” whose last byte Windows-1252 has not: kept as U+009D, as "�", or dropped (with an “ so damaged)
    ("Ông nói â€œcóâ€\x9d rồi.", "Ông nói “có” rồi."),
    ("Ông nói â€œcóâ€\ufffd rồi.", "Ông nói “có” rồi."),
    ("Ông nói â€œcóâ€ rồi.", "Ông nói “có” rồi."),
    # read as Latin-1 rather than Windows-1252
    ("Ông nói \u00e2\x80\x9ccó\u00e2\x80\x9d rồi.", "Ông nói “có” rồi."),
    # no mark of punctuation so damaged: left as it is
    ("Giá vàng tăng, người dân đổ xô đi mua.", None),
    ("Tôi â€ không rõ.", None),
])
def test_double_encoded_punctuation_only_where_it_is_clearly_that(text, kept):
    from ctsearch.clean import repair_punctuation

    got = repair_punctuation(text)
    assert (got[0] if got else None) == kept


def test_double_encoded_punctuation_beside_other_damage_says_what_is_left():
    from ctsearch.article import build_article

    notes = []
    text = "Giá điện tăng â€œmạnhâ€\x9d ở RodrÃ­guez."
    article = build_article(RawArticle(id="m1", origin="m.jsonl:1", text=text, title="Giá điện"), notes)
    assert "“mạnh”" in article.body and "RodrÃ" in article.body
    assert len(notes) == 1 and "còn 1 chỗ khác có vẻ cũng bị giải mã sai" in notes[0], notes


@pytest.mark.parametrize("paragraphs, joined", [(30, True), (250, False)])
def test_an_article_whose_paragraphs_end_in_raw_line_breaks_is_joined_or_lost_once(tmp_path, paragraphs, joined):
    # A scraper ending each paragraph with a raw line break: tens of lines, one article. Past the
    # bound, the article is one skipped, its lines said once as its rest (each was an article).
    text = "\n".join(f"Đoạn {k}: giá điện tăng, người dân lo lắng." for k in range(paragraphs))
    records = [{"id": "a", "title": "Tin a", "text": "Giá điện."}, {"id": "b", "title": "Tin b", "text": text},
               {"id": "c", "title": "Tin c", "text": "Giá xăng."}]
    f = tmp_path / "tin.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False).replace("\\n", "\n") for r in records) + "\n",
                 encoding="utf-8")
    arts, probs = _items([f])
    fatal = [p for p in probs if p.fatal]
    if joined:
        assert [a.id for a in arts] == ["a", "b", "c"] and fatal == []
    else:
        assert [a.id for a in arts] == ["a", "c"] and sum(p.records for p in fatal) == 1
        assert [p.origin for p in fatal] == [f"{f}:2", f"{f}:3"], fatal
        assert f"các dòng 3–{paragraphs + 1} có vẻ là phần tiếp của bài ở dòng 2" in fatal[1].message
        assert "dài quá" in fatal[0].message


@pytest.mark.parametrize("end", ["\n", "\r", "\r\n"])
def test_a_json_array_names_the_same_lines_whatever_ends_them(tmp_path, end):
    # An old Mac export: every element and every break was named on line 1.
    records = [{"id": f"e{i}", "title": "Tin", "text": "Giá điện tăng."} for i in range(4)]
    f = tmp_path / "tin.json"
    f.write_bytes(json.dumps(records, ensure_ascii=False, indent=1).replace('"e2"', '"e2" "x"')
                  .replace("\n", end).encode("utf-8"))
    arts, probs = _items([f])
    assert [a.origin for a in arts] == [f"{f}:2 (phần tử 1)", f"{f}:7 (phần tử 2)"]
    assert [p.origin for p in probs] == [f"{f}:13"] and "(cột 14)" in probs[0].message
