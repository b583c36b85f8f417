"""Hostile input: what the indexer stores must be servable, and every refusal names
its file and line."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from ctsearch import cli
from ctsearch import clean
from ctsearch.index import index_articles
from ctsearch.ingest import Problem, RawArticle, decode_bytes, read_inputs
from ctsearch.query import SearchEngine

from conftest import make_client

TEXT = "Sở Công Thương tổ chức hội nghị về điện gió và thủy điện năm 2023."


def _items(paths):
    items = list(read_inputs(paths))
    return [i for i in items if isinstance(i, RawArticle)], [i for i in items if isinstance(i, Problem)]


# --- 8. every stored field is cleaned ----------------------------------------------------------

@pytest.fixture(scope="module")
def dirty_index(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("dirty-src") / "dirty.jsonl"
    # Written by hand: JSON escapes for lone surrogates, bidi controls and NUL.
    src.write_text("\n".join([
        '{"id": "u", "title": "Điện gió", "text": "Điện gió ven biển.", '
        '"url": "https://example.org/a\\ud800b", "source": "Báo \\udfff Công Thương"}',
        '{"id": "r", "title": "Giá \\u202eđiện\\u202c tăng", '
        '"text": "Giá điện\\u0000 tăng \\u2066mạnh\\u2069 ở \\u200fmiền Bắc.", "source": "\\u202eCông Thương"}',
    ]) + "\n", encoding="utf-8")
    ix = tmp_path_factory.mktemp("dirty-index")
    report = index_articles(read_inputs([src]), ix)
    assert (report.added, report.skipped) == (2, 0), report.problems
    return ix


def test_lone_surrogates_in_url_and_source_are_cleaned(dirty_index, capsys):
    article = SearchEngine(dirty_index).article("u")
    assert article["url"] == "https://example.org/ab" and article["source"] == "Báo Công Thương"
    assert cli.main(["show", "u", "--index-dir", str(dirty_index)]) == 0
    assert "https://example.org/ab" in capsys.readouterr().out
    assert cli.main(["query", "điện gió", "--json", "--index-dir", str(dirty_index)]) == 0
    json.loads(capsys.readouterr().out)
    client = make_client(dirty_index)
    for url in ("/article/u", "/api/articles/u", "/api/search?q=điện+gió", "/search?q=điện+gió"):
        assert client.get(url).status_code == 200, url


def test_bidi_controls_and_nul_are_not_stored(dirty_index):
    article = SearchEngine(dirty_index).article("r")
    assert article["title"] == "Giá điện tăng"
    assert article["body"] == "Giá điện tăng mạnh ở miền Bắc."
    assert article["source"] == "Công Thương"
    page = make_client(dirty_index).get("/article/r").get_data(as_text=True)
    assert not any(ch in page for ch in "\u202e\u202c\u2066\u2069\u200f\x00")


@pytest.mark.parametrize("raw, expected", [
    ("a\u202eb\u202c", "ab"),
    ("x\x00y\x1bz\x7f", "xyz"),
    ("\u2067Hà Nội\u2069", "Hà Nội"),
    ("tab\there", "tab here"),
])
def test_clean_text_drops_controls(raw, expected):
    assert clean.clean_text(raw) == expected
    assert clean.clean_field(raw) == expected


# --- 12. ids that cannot be served are refused -----------------------------------------------------

@pytest.mark.parametrize("bad_id, why", [
    *((i, "không được phép") for i in ["a\nb", "a\u202eb", "nul\u0000", "bad\ud800", "x\u2066y", "r\u200f", "\x1b[31m"]),
    # A browser resolves "/article/a/../b" to "/article/b": such an article has no page.
    *((i, "“..”") for i in ["..", ".", "a/../b", "a/./b", "../a", "a/.."]),
    # "/article//tin-1" is redirected to "/article/tin-1": another article, or none.
    *((i, "“//”") for i in ["/tin-1", "a//b", "//"]),
])
def test_ids_that_cannot_be_served_are_refused(tmp_path, bad_id, why):
    f = tmp_path / "ids.jsonl"
    f.write_text(json.dumps({"id": bad_id, "title": "Tin", "text": TEXT}) + "\n"
                 + json.dumps({"id": "a.b/..c", "title": "Tin", "text": TEXT}) + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a.b/..c"]
    assert len(probs) == 1 and probs[0].origin == f"{f}:1" and why in probs[0].message


def test_every_id_that_is_indexed_has_a_working_article_page(tmp_path):
    f = tmp_path / "ids.jsonl"
    odd = ["có dấu", "a/b", "a?b#c", "100%", "x\ny", "y\u202ez", "a/../b", "/tin-1", "tin//2", "tin-3/"]
    f.write_text("".join(json.dumps({"id": i, "title": "Điện gió", "text": TEXT}) + "\n" for i in odd),
                 encoding="utf-8")
    index_articles(read_inputs([f]), tmp_path / "ix")
    client = make_client(tmp_path / "ix")
    hits = client.get("/api/search?q=điện+gió&limit=100").get_json()["hits"]
    assert sorted(h["id"] for h in hits) == sorted(["có dấu", "a/b", "a?b#c", "100%", "tin-3/"])
    page = client.get("/search?q=điện+gió").get_data(as_text=True)
    import re
    links = re.findall(r'href="(/article/[^"]+)"', page)
    assert len(links) == 5
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_txt_file_names_are_checked_like_ids(tmp_path):
    (tmp_path / "tin\u202e.txt").write_text("Tiêu đề\n" + TEXT, encoding="utf-8")
    (tmp_path / "tốt.txt").write_text("Tiêu đề\n" + TEXT, encoding="utf-8")
    arts, probs = _items([tmp_path])
    assert [a.id for a in arts] == ["tốt"]
    assert len(probs) == 1 and "tên tệp" in probs[0].message


# --- 3. the JSON that breaks parsers ---------------------------------------------------------------

def test_deeply_nested_json_is_one_bad_line(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text(json.dumps({"id": "a", "title": "T", "text": TEXT}) + "\n" + "[" * 100_000 + "\n"
                 + '{"x": ' * 50_000 + "\n" + json.dumps({"id": "b", "title": "T", "text": TEXT}) + "\n",
                 encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a", "b"]
    assert [p.origin for p in probs] == [f"{f}:2", f"{f}:3"]


# --- 11. single-byte code pages --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Informação pública: não há razão para a decisão do órgão.",
    "Þór og Ðóra fóru í ýmsar ferðir með Guðrúnu.",
    "Señor Muñoz está aquí; mañana también, São Tomé.",
    "Ação, educação e opções; Ýmir.",
])
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_single_byte_text_is_not_read_as_vietnamese(text, encoding):
    decoded, enc = decode_bytes(text.encode(encoding))
    assert decoded == text and enc == "cp1252"


def test_latin1_control_range_falls_back_to_latin1():
    data = "Olá, ação".encode("latin-1") + b" \x81"
    decoded, enc = decode_bytes(data)
    assert enc == "latin-1" and decoded.startswith("Olá, ação")


def test_the_encoding_used_is_named(tmp_path):
    (tmp_path / "pt.txt").write_bytes("Informação\nNão há razão.".encode("latin-1"))
    arts, probs = _items([tmp_path / "pt.txt"])
    assert arts[0].text == "Informação\nNão há razão."
    assert [p.message for p in probs] == ["đã đọc theo bảng mã Windows-1252"] and not probs[0].fatal


# --- 13. what the command line names -----------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_named_as_such_and_never_opened(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    arts, probs = _items([fifo])                 # would block forever if it were opened
    assert arts == [] and len(probs) == 1 and "FIFO" in probs[0].message


def test_a_symlink_loop_is_named_as_such(tmp_path):
    loop = tmp_path / "loop.jsonl"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "missing.txt")
    _arts, probs = _items([loop, broken, tmp_path / "absent.txt"])
    assert ["lặp vòng" in probs[0].message, "hỏng" in probs[1].message,
            "không tìm thấy" in probs[2].message] == [True, True, True]


def test_a_file_named_and_inside_a_folder_named_is_read_once(tmp_path):
    # `index data data/a.jsonl` read every article twice, with a note for each.
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.jsonl").write_text('{"id": "a1", "title": "Giá lúa", "text": "Giá lúa tăng."}\n', encoding="utf-8")
    arts, probs = _items([folder, folder / "a.jsonl", tmp_path / "data" / ".." / "data" / "a.jsonl"])
    assert [a.id for a in arts] == ["a1"] and probs == []


def test_a_folder_linked_into_one_indexed_is_read_once(tmp_path):
    # An archive kept on another disk and linked in was passed over in silence; a link back
    # up, or a second link to one folder, is read once and said.
    other = tmp_path / "archive"
    other.mkdir()
    (other / "old.txt").write_text("Giá điện\nGiá điện tăng.", encoding="utf-8")
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Giá lúa\nGiá lúa tăng.", encoding="utf-8")
    (folder / "archive").symlink_to(other, target_is_directory=True)
    (folder / "archive2").symlink_to(other, target_is_directory=True)
    (folder / "up").symlink_to(folder, target_is_directory=True)
    (folder / ".backup").symlink_to(other, target_is_directory=True)    # hidden: left out, hides nothing
    pictures = tmp_path / "pictures"     # a folder of other files linked in: no disk missing
    pictures.mkdir()
    (pictures / "logo.png").write_bytes(b"\x89PNG")
    (folder / "pictures").symlink_to(pictures, target_is_directory=True)
    arts, probs = _items([folder])
    assert sorted(a.id for a in arts) == ["a", "old"]
    said = {Path(p.origin).name: p for p in probs}
    assert set(said) == {"archive2", "up"} and not any(p.fatal for p in probs)
    assert all("liên kết đến thư mục đã đọc" in p.message for p in probs)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_article_name_in_a_folder_that_is_no_file_is_named_as_on_the_command_line(tmp_path):
    # Inside a folder scanned, a broken or looping link and a FIFO named like an article are
    # said, not passed over (the FIFO never opened); a hidden file named like an article is
    # left out with a note, any other hidden file quietly.
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Giá điện\nGiá điện tăng.", encoding="utf-8")
    (folder / "broken.txt").symlink_to(folder / "missing.txt")
    (folder / "loop.jsonl").symlink_to(folder / "loop.jsonl")
    os.mkfifo(folder / "pipe.txt")
    (folder / ".hidden.txt").write_text("Ẩn\nẨn.", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    (folder / "._a.txt").write_bytes(b"\0\x05\x16\x07")       # a Mac's resource fork, beside each file copied
    (folder / ".#a.txt").symlink_to("user@host.1234")           # an editor's lock
    arts, probs = _items([folder])
    assert [a.id for a in arts] == ["a"]
    said = {Path(p.origin).name: p.message for p in probs}
    assert set(said) == {"broken.txt", "loop.jsonl", "pipe.txt", ".hidden.txt"}
    assert "tệp ẩn" in said[".hidden.txt"] and not next(p for p in probs if p.origin.endswith(".hidden.txt")).fatal
    assert "hỏng" in said["broken.txt"] and "lặp vòng" in said["loop.jsonl"] and "FIFO" in said["pipe.txt"]


def test_an_export_that_wraps_its_articles_is_said_so(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"articles": [{"id": "a1", "title": "Giá điện", "text": "Giá điện tăng."}]},
                               ensure_ascii=False), encoding="utf-8")
    arts, probs = _items([path])
    assert arts == [] and len(probs) == 1
    assert "bọc mảng bài trong trường 'articles'" in probs[0].message and "thiếu trường 'id'" not in probs[0].message


def test_a_socket_is_named_as_such(tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        _arts, probs = _items([path])
    assert "socket" in probs[0].message


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, encoding):
    line = json.dumps({"id": "a", "title": "Điện gió", "text": TEXT}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_bytes((line + "\n").encode(encoding))
    (tmp_path / "b.txt").write_bytes(("Điện gió\n" + TEXT).encode(encoding))
    arts, probs = _items([tmp_path])
    assert sorted(a.id for a in arts) == ["a", "b"]
    assert all(a.text.endswith(TEXT) for a in arts)
    assert [p.fatal for p in probs] == [False, False]
    assert all("UTF-16" in p.message and "không có BOM" in p.message for p in probs)


def test_an_empty_file_is_still_called_empty(tmp_path):
    (tmp_path / "e.jsonl").write_bytes(b"\n  \n")
    (tmp_path / "e.txt").write_bytes("   \n".encode("utf-16"))
    _arts, probs = _items([tmp_path])
    assert [p.message for p in probs] == ["tệp rỗng", "tệp rỗng"]


def test_a_jsonl_of_only_bad_lines_is_not_called_empty(tmp_path):
    (tmp_path / "bad.jsonl").write_bytes(b"\x00\x01garbage\x00\n")
    _arts, probs = _items([tmp_path / "bad.jsonl"])
    assert [p.message for p in probs] == ["tệp nhị phân, không phải JSON lines"]


# --- 14. one broken spot in a UTF-16 or a non-UTF-8 file costs its line only --------------------------

def _records(n: int) -> list[str]:
    return [json.dumps({"id": f"r{i}", "title": f"Tin {i}", "text": f"{TEXT} Bài {i}."}, ensure_ascii=False)
            for i in range(n)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_truncated_utf16_file_keeps_its_whole_lines(tmp_path, encoding):
    data = ("\n".join(_records(5)) + "\n").encode(encoding)
    (tmp_path / "cut.jsonl").write_bytes(data[:-3])          # the last line loses its end
    arts, probs = _items([tmp_path / "cut.jsonl"])
    assert [a.id for a in arts] == ["r0", "r1", "r2", "r3"]
    fatal = [p for p in probs if p.fatal]
    assert len(fatal) == 1 and fatal[0].origin.endswith("cut.jsonl:5")


def test_a_lone_surrogate_in_utf16_costs_its_line_only(tmp_path):
    lines = _records(3)
    good = [line.encode("utf-16-le") for line in lines]
    good[1] = good[1][:20] + b"\x00\xd8" + good[1][20:]        # a high surrogate with no low one
    (tmp_path / "s.jsonl").write_bytes(b"\xff\xfe" + "\n".encode("utf-16-le").join(good))
    arts, probs = _items([tmp_path / "s.jsonl"])
    assert [a.id for a in arts] == ["r0", "r2"]
    assert [p.origin.rsplit(":", 1)[1] for p in probs if p.fatal] == ["2"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_line_separators_inside_json_strings_do_not_cut_the_record(tmp_path, encoding):
    # U+2028, U+2029 and U+0085 may stand unescaped in a JSON string (json.dumps writes them so).
    recs = [{"id": f"u{i}", "title": "Tin", "text": f"Đoạn một.{sep}Đoạn hai {TEXT}"}
            for i, sep in enumerate(["\u2028", "\u2029", "\x85", "\x1c"])]
    (tmp_path / "u.jsonl").write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in recs).encode(encoding))
    arts, probs = _items([tmp_path / "u.jsonl"])
    assert [a.id for a in arts] == ["u0", "u1", "u2", "u3"]
    assert not [p for p in probs if p.fatal]


def _cp1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: letters with their vowel marks precomposed
    where the code page has them ("â", "ơ"), the tone as a combining mark after."""
    import unicodedata

    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_a_windows_1258_file_is_read_in_one_code_page_with_one_note(tmp_path):
    long_text = ("Nhà máy thủy điện Hòa Bình phát điện, Sở Công Thương tỉnh Đắk Lắk kiểm tra "
                 "chợ và cửa hàng xăng dầu. ") * 3
    recs = [{"id": f"d{i}", "title": "Thủy điện", "text": long_text} for i in range(30)]
    recs += [{"id": "ngan1", "title": "Hà Nội", "text": "Nhà máy"}, {"id": "ngan2", "title": "Cà phê", "text": "Đắk Lắk"}]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs)
    (tmp_path / "w.jsonl").write_bytes(_cp1258(body))
    arts, probs = _items([tmp_path / "w.jsonl"])
    assert len(arts) == 32
    short = {a.id: clean.clean_text(a.title + " " + a.text) for a in arts if a.id.startswith("ngan")}
    assert short == {"ngan1": "Hà Nội Nhà máy", "ngan2": "Cà phê Đắk Lắk"}
    assert len(probs) == 1 and not probs[0].fatal
    assert "32 dòng không phải UTF-8" in probs[0].message and "Windows-1258" in probs[0].message


_BODY = ("Năm nay, doanh nghiệp đã vượt qua nhiều khó khăn để giữ giá cà phê ở Đắk Lắk. Lãi suất huy động "
         "giảm, giá 120.000đ/kg; nông dân Krông Pắc phấn khởi. Họ gọi đó là “mùa vàng” và “giá rẻ”… "
         "Ông A cho biết: “Chúng tôi gọi vợ là bà xã”.")


def test_a_body_in_windows_1258_longer_than_its_utf8_headline_is_read_as_each_was_written(tmp_path):
    # A body pasted from an old document under a headline typed in UTF-8 outweighs it: the
    # whole file was read in Latin-1, headline and body garbled.
    head = "Giá cà phê tăng mạnh\n"
    (tmp_path / "a.txt").write_bytes(head.encode() + _cp1258(_BODY + "\n" + _BODY))
    (tmp_path / "b.txt").write_bytes("Tin: Giá điện tăng.\n".encode() + _cp1258("Đây là ‘vàng’ thật… và “đỏ”—rất đẹp"))
    record = json.dumps({"id": "c", "title": "Giá cà phê tăng mạnh", "text": "@@"}, ensure_ascii=False).encode()
    (tmp_path / "c.jsonl").write_bytes(record.replace(b"@@", _cp1258(_BODY)) + b"\n")
    (tmp_path / "d.json").write_bytes(b"[" + record.replace(b'"c"', b'"d"').replace(b"@@", _cp1258(_BODY)) + b"]")
    for name, body in (("a.txt", _BODY), ("b.txt", "Đây là ‘vàng’ thật… và “đỏ”—rất đẹp"), ("c.jsonl", _BODY),
                       ("d.json", _BODY)):
        articles, problems = _read(tmp_path / name)
        text = clean.clean_text((articles[0].title or "") + "\n" + articles[0].text)
        assert ("Giá cà phê tăng mạnh" in text or "Giá điện tăng" in text) and body in text, (name, text)
        assert any("Windows-1258" in p.message and not p.fatal for p in problems), name


def test_a_body_in_windows_1258_under_a_headline_on_lines_ended_by_cr_alone_is_read_as_each_was_written(tmp_path):
    # Lines ended by a carriage return alone (old Mac tools): the body was read a word at a
    # time with the headline, every word no syllable ("Đắk", "120.000đ/kg") lost.
    body = "Giá cà phê ở Đắk Lắk lên 120.000đ/kg."
    (tmp_path / "a.txt").write_bytes("Giá cà phê tăng mạnh\r".encode() + _cp1258(body))
    articles, _problems = _read(tmp_path / "a.txt")
    assert body in clean.clean_text((articles[0].title or "") + "\n" + articles[0].text)


def test_a_stray_byte_beside_utf8_punctuation_is_replaced_not_the_field_read_in_a_code_page(tmp_path):
    # "Gia – tin" with one stray byte: its dash is UTF-8 of three bytes, which no code page
    # makes by chance; the field was read in Latin-1 ("Gia â\x80\x93 tin").
    good = json.dumps({**RECORD, "id": "u0"}, ensure_ascii=False).encode()
    bad = json.dumps({"id": "b", "title": "Gia – tin@", "text": "Nội dung về giá điện."}, ensure_ascii=False).encode()
    (tmp_path / "a.jsonl").write_bytes(good + b"\n" + bad.replace(b"@", b"\x81") + b"\n")
    articles, _problems = _read(tmp_path / "a.jsonl")
    assert {a.id: a.title for a in articles}["b"] == "Gia – tin\ufffd"


def test_a_record_wholly_in_a_code_page_after_utf8_ones_is_read_as_alone_in_its_file(tmp_path):
    # Read a word at a time after UTF-8 lines or elements, every word that is no syllable
    # ("Đắk", "120.000đ/kg", "négociants") was lost; alone in its file, it was read whole.
    vi = {"id": "vi", "title": "Giá cà phê Đắk Lắk", "text": _BODY}
    fr = {"id": "fr", "title": "Café et cacao", "text": "Les négociants français réagissent; l'Élysée suit de près."}
    utf8 = [json.dumps({**RECORD, "id": f"u{i}"}, ensure_ascii=False).encode() for i in range(3)]
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(utf8 + [_cp1258(json.dumps(vi, ensure_ascii=False)),
                                                         json.dumps(fr, ensure_ascii=False).encode("latin-1")]) + b"\n")
    (tmp_path / "b.json").write_bytes(b"[\n" + b",\n".join(utf8 + [_cp1258(json.dumps(vi, ensure_ascii=False))]) + b"\n]")
    (tmp_path / "c.json").write_bytes(b"[" + b",".join([utf8[0], json.dumps(fr, ensure_ascii=False).encode("latin-1"),
                                                         utf8[1]]) + b"]")
    for name, want in (("a.jsonl", (vi, fr)), ("b.json", (vi,)), ("c.json", (fr,))):
        articles, problems = _read(tmp_path / name)
        got = {a.id: a for a in articles}
        assert got["u0"].title == RECORD["title"] and "\ufffd" not in "".join(a.text for a in articles), name
        for record in want:
            assert (clean.clean_text(got[record["id"]].title), clean.clean_text(got[record["id"]].text)) == \
                (record["title"], record["text"]), name


def test_a_tone_mark_before_a_closing_quote_in_a_pasted_passage_is_read_in_the_code_page(tmp_path):
    # In Windows-1258 the grave, hook and tilde before ” (or …) make a UTF-8 letter of another
    # script by chance: “bà xã” read as “bà xaޔ, the tone and the quote lost.
    pasted = "Ông A gọi vợ là “bà xã”, nói về “thủy điện nhỏ” và “giá rẻ”…"
    record = json.dumps({**RECORD, "text": "Tập đoàn Điện lực tại Hà Nội. @@"}, ensure_ascii=False).encode()
    (tmp_path / "a.jsonl").write_bytes(record.replace(b"@@", _cp1258(pasted)) + b"\n")
    articles, problems = _read(tmp_path / "a.jsonl")
    assert clean.clean_text(articles[0].text) == "Tập đoàn Điện lực tại Hà Nội. " + pasted
    assert any("Windows-1258" in p.message for p in problems)


@pytest.mark.parametrize("text, encoding", [
    ("COMMUNIQUÉ\xa0: la société CAFÉ\xa0! publie ses résultats.\nLes négociants sont inquiets, l'été sera dur.",
     "latin-1"),
    ("Der „Fuß“ und das „Maß“ – ÖKO-Test für Käse: „gut“.\nDie Größe ist schön.", "cp1252"),
])
def test_a_western_file_whose_bytes_make_a_utf8_letter_by_chance_is_read_in_its_code_page(tmp_path, text, encoding):
    # "É" before a no-break space, "ß" before a closing quote: valid UTF-8 pairs, no syllables.
    decoded, enc = decode_bytes(text.encode(encoding))
    assert decoded == text and enc == "cp1252"


def test_a_short_text_in_windows_1258_is_not_read_as_windows_1252(tmp_path):
    # A tone mark read as a Western letter with its own accent kept the word a syllable
    # ("Quôìc", "thâòn"), a tie that went to the Western code page.
    text = "Vì sao Habeco phải thận trọng?\nGạo ST25 là sản phẩm sau thu hoạch mà ra."
    decoded, enc = decode_bytes(_cp1258(text))
    assert enc == "cp1258" and clean.clean_text(decoded) == text


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    (tmp_path / "src" / "khoa").mkdir(parents=True)
    (tmp_path / "src" / "khoa" / "c.txt").write_text("Tin\n" + TEXT, encoding="utf-8")
    (tmp_path / "src" / "mo.txt").write_text("Tin\n" + TEXT, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("khoa"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    arts, probs = _items([tmp_path / "src"])
    assert [a.id for a in arts] == ["mo"]
    assert len(probs) == 1 and probs[0].fatal
    assert probs[0].origin.endswith("khoa") and "không có quyền đọc" in probs[0].message


def test_an_index_inside_the_folder_indexed_is_not_read_as_articles(tmp_path):
    # `ctsearch index .` where ./index is the default index: its files are no articles.
    (tmp_path / "tin.txt").write_text("Tin\n" + TEXT, encoding="utf-8")
    code = cli.main(["index", str(tmp_path / "tin.txt"), "--index-dir", str(tmp_path / "index"), "--quiet"])
    assert code == 0
    arts, probs = _items([tmp_path])
    assert [a.id for a in arts] == ["tin"] and probs == []


RECORD = {"id": "a1", "title": "Giá điện tăng mạnh tại Hà Nội",
          "text": "Tổng công ty Điện lực Hà Nội cho biết giá điện tăng trong tháng này."}


def _read(path: Path) -> tuple[list[RawArticle], list[Problem]]:
    got = list(read_inputs([str(path)]))
    return [g for g in got if isinstance(g, RawArticle)], [g for g in got if isinstance(g, Problem)]


def test_a_stray_byte_in_utf8_costs_that_byte_not_the_text(tmp_path):
    # Before, one byte that is no UTF-8 made the whole line (or .txt file) read as Latin-1:
    # "GiÃ¡ Äiá»n", indexed and never found. Now the byte is replaced and noted.
    line = json.dumps(RECORD, ensure_ascii=False).encode().replace("giá điện".encode(), "giá".encode() + b"\x80 " + "điện".encode())
    (tmp_path / "a.jsonl").write_bytes(line + b"\n")
    (tmp_path / "b.txt").write_bytes("Giá điện tăng\nEVN cho biết giá điện tăng.".encode().replace(b"EVN", b"EV\x80N"))
    for name in ("a.jsonl", "b.txt"):
        articles, problems = _read(tmp_path / name)
        assert len(articles) == 1 and "Giá điện" in articles[0].text + (articles[0].title or "")
        assert any("�" in p.message and not p.fatal for p in problems), problems


def test_a_jsonl_whose_start_is_binary_keeps_its_articles(tmp_path):
    good = json.dumps(RECORD, ensure_ascii=False).encode()
    (tmp_path / "a.jsonl").write_bytes(b"\x00" * 10_000 + b"\n" + good + b"\n")
    (tmp_path / "b.jsonl").write_bytes(bytes(range(1, 9)) * 1200 + b"\n" + good + b"\n")
    for name in ("a.jsonl", "b.jsonl"):
        articles, problems = _read(tmp_path / name)
        assert len(articles) == 1 and [p.origin for p in problems] == [f"{tmp_path / name}:1"], problems
    (tmp_path / "c.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100)
    articles, problems = _read(tmp_path / "c.jsonl")
    assert not articles and problems[0].message == "tệp nhị phân, không phải JSON lines"


def test_a_text_with_a_stray_nul_is_text(tmp_path):
    (tmp_path / "a.txt").write_bytes("Giá điện tăng\nEVN cho biết giá điện tăng.".encode().replace(b"EVN", b"EV\x00N"))
    articles, problems = _read(tmp_path / "a.txt")
    assert len(articles) == 1 and not [p for p in problems if p.fatal]


def test_a_text_a_power_cut_left_zeroed_or_empty_is_said_and_read_in_part(tmp_path):
    # Skipped as "binary" or "empty", and a rebuild dropped the article: now said as cut,
    # skipped (the copy indexed stays), and the source read in part.
    text = "Giá điện tăng\nEVN cho biết giá điện tăng từ hôm nay."
    for name, data, said in (("cut.txt", text.encode()[:-10] + b"\x00" * 40, "tệp kết thúc bằng các byte 0"),
                             ("wide.txt", text.encode("utf-16")[:-10] + b"\x00" * 40, "tệp kết thúc bằng các byte 0"),
                             ("odd.txt", text.encode("utf-16")[:-10] + b"\x00" * 41, "tệp kết thúc bằng các byte 0"),
                             ("zero.txt", b"\x00" * 500, "tệp chỉ có byte 0"), ("none.txt", b"", "tệp rỗng")):
        (tmp_path / name).write_bytes(data)
        articles, problems = _read(tmp_path / name)
        assert not articles and len(problems) == 1 and problems[0].halted and said in problems[0].message, name
    # a stray NUL or two at the end is text
    (tmp_path / "two.txt").write_bytes(text.encode() + b"\x00\x00")
    articles, problems = _read(tmp_path / "two.txt")
    assert len(articles) == 1 and not [p for p in problems if p.fatal or p.halted]


def test_a_line_cut_short_says_so(tmp_path):
    good = json.dumps(RECORD, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(good + "\n" + good[:40] + "\n" + good.replace("a1", "a2") + "\n", "utf-8")
    articles, problems = _read(tmp_path / "a.jsonl")
    assert len(articles) == 2 and "chuỗi chưa đóng" in problems[0].message


def test_only_a_broken_last_line_with_no_line_end_after_it_is_a_file_cut_short(tmp_path):
    # A broken line in the middle, or last with a line end (spaces after it aside), is a bad
    # line: the rest of the file is there; last with none, the file was cut there.
    good = json.dumps(RECORD, ensure_ascii=False)
    for text, cut in ((good + "\n" + good[:40] + "\n" + good.replace("a1", "a2") + "\n", False),
                      (good + "\n" + good[:40] + "\n  \n", False), (good + "\n" + good[:40] + "\n \t", False),
                      (good + "\n" + good[:40], True)):
        (tmp_path / "a.jsonl").write_text(text, "utf-8")
        _articles, problems = _read(tmp_path / "a.jsonl")
        broken = [p for p in problems if "chuỗi chưa đóng" in p.message]
        assert len(broken) == 1 and broken[0].halted == cut and ("bị cắt" in broken[0].message) == cut, text


def test_a_file_whose_end_was_zeroed_is_a_file_cut_short(tmp_path):
    # A power cut leaves a file's last blocks as zeros (NUL): that line was called binary
    # data, not a cut, and a rebuild from the file dropped the articles after it; zeros of
    # more than 4 KiB (a whole block) still were. Zeros after the last line end may be the
    # records lost as well as padding: a note, the source read in part (a rebuild that would
    # drop articles is refused; one that drops none is not).
    good = [json.dumps(dict(RECORD, id=f"a{i}"), ensure_ascii=False) + "\n" for i in range(3)]
    data = "".join(good).encode()
    for zeros in (300, 20_000):
        (tmp_path / "a.jsonl").write_bytes(data[:-30] + b"\x00" * zeros)
        articles, problems = _read(tmp_path / "a.jsonl")
        assert len(articles) == 2 and len(problems) == 1 and problems[0].halted, problems
        assert "byte 0" in problems[0].message and "bị cắt" in problems[0].message
    (tmp_path / "a.jsonl").write_bytes(data + b"\x00" * 300)
    articles, problems = _read(tmp_path / "a.jsonl")
    assert len(articles) == 3 and len(problems) == 1 and problems[0].halted and not problems[0].fatal, problems
    assert problems[0].origin.endswith(":4") and "có thể bị cắt" in problems[0].message
    # UTF-16: a whole record before the zeros is kept, as in UTF-8 (it was "thừa dữ liệu")
    for zeros in (300, 301):
        (tmp_path / "a.jsonl").write_bytes(data.decode()[:-1].encode("utf-16") + b"\x00" * zeros)
        articles, problems = _read(tmp_path / "a.jsonl")
        assert len(articles) == 3 and [(p.halted, p.fatal) for p in problems] == [(True, False)], problems
    # zeros where the last line end was: its record is whole and kept, the file still cut
    (tmp_path / "a.jsonl").write_bytes(data[:-1] + b"\x00" * 300)
    articles, problems = _read(tmp_path / "a.jsonl")
    assert len(articles) == 3 and len(problems) == 1 and problems[0].halted and not problems[0].fatal, problems


def test_records_run_together_on_one_line_are_read_and_a_cut_one_is_said(tmp_path):
    # Files joined with `cat`: the first without a last line end runs its last record into
    # the next file's first (both were lost: "thừa dữ liệu"); the first cut short inside a
    # record runs a half record into the next ("thiếu dấu phẩy"), and its articles after
    # the cut are missing: said so, and the source is read in part.
    good = [json.dumps(dict(RECORD, id=f"a{i}"), ensure_ascii=False) for i in range(4)]
    (tmp_path / "a.jsonl").write_text(good[0] + "\n" + good[1] + good[2] + "\n" + good[3] + "\n", "utf-8")
    articles, problems = _read(tmp_path / "a.jsonl")
    assert [a.id for a in articles] == ["a0", "a1", "a2", "a3"]
    assert len(problems) == 1 and not problems[0].fatal and "2 bài trên một dòng" in problems[0].message
    (tmp_path / "a.jsonl").write_text(good[0] + "\n" + good[1][:50] + good[2] + "\n" + good[3] + "\n", "utf-8")
    articles, problems = _read(tmp_path / "a.jsonl")
    assert [a.id for a in articles] == ["a0", "a2", "a3"]
    assert len(problems) == 1 and problems[0].halted and "bị cắt giữa chừng" in problems[0].message
    assert problems[0].origin.endswith(":2")
    # a last line cut just after an object inside its record is a cut line, not a record
    inner = json.dumps(dict(RECORD, id="a9", meta={"x": 1}), ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(good[0] + "\n" + inner[:inner.index("}") + 1], "utf-8")
    articles, problems = _read(tmp_path / "a.jsonl")
    assert [a.id for a in articles] == ["a0"] and len(problems) == 1 and "bị cắt" in problems[0].message, problems
    assert "ghép" not in problems[0].message


def test_a_utf16_text_cut_by_one_byte_keeps_its_article(tmp_path):
    (tmp_path / "a.txt").write_bytes("Giá điện tăng\nNội dung bài viết".encode("utf-16")[:-1])
    articles, problems = _read(tmp_path / "a.txt")
    assert len(articles) == 1 and "Giá điện tăng" in articles[0].text


def test_system_errors_are_said_in_vietnamese():
    import errno

    from ctsearch.vnformat import os_error_text
    assert os_error_text(OSError(errno.ENOSPC, "No space left on device")) == "hết chỗ trên đĩa (errno 28)"
    assert os_error_text(OSError(errno.EACCES, "Permission denied")).startswith("không có quyền")
    assert os_error_text(OSError(errno.EADDRINUSE, "Address already in use")).startswith("cổng đã có")
    import socket
    assert os_error_text(socket.gaierror(socket.EAI_NONAME, "Name or service not known")) == "không tìm thấy máy có tên này"
    assert os_error_text(socket.gaierror(socket.EAI_AGAIN, "Temporary failure")).startswith("tạm thời")


def test_a_worker_that_cannot_write_its_segment_says_why_in_vietnamese(monkeypatch):
    import errno

    from ctsearch import index

    def full(*_args, **_kw):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(index, "build_batch", full)
    result = index._worker_result([], "/nowhere")
    assert "hết chỗ trên đĩa (errno 28)" in result.lost and "No space" not in result.lost


def test_compressed_data_renamed_jsonl_is_one_message_even_with_lines_starting_like_json(tmp_path):
    import random
    rnd = random.Random(3)
    data = bytes(rnd.randrange(256) for _ in range(60_000)).replace(b"\n", b"\n{")   # "{" after every newline
    (tmp_path / "a.jsonl").write_bytes(b"\x1f\x8b\x08\x00" + data)
    articles, problems = _read(tmp_path / "a.jsonl")
    assert not articles and [p.message for p in problems] == ["tệp nhị phân, không phải JSON lines"]


def test_stray_bytes_in_utf8_lines_do_not_choose_the_code_page_of_the_others(tmp_path):
    cp = json.dumps({"id": "cp", "title": "Tin", "text": "Bộ Giao thông vận tải và Sở Công Thương tỉnh Đắk Lắk"},
                    ensure_ascii=False)
    cp_bytes = _cp1258(cp)
    utf = [json.dumps({**RECORD, "id": f"u{i}"}, ensure_ascii=False).encode().replace("giá".encode(), "giá".encode() + b"\xe1")
           for i in range(6)]
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(utf[:3] + [cp_bytes] + utf[3:]) + b"\n")
    articles, problems = _read(tmp_path / "a.jsonl")
    got = {a.id: a for a in articles}
    assert len(got) == 7 and "Bộ Giao thông vận tải" in clean.clean_text(got["cp"].text)
    assert any("Windows-1258" in p.message for p in problems)


_PASTED = "Người dân phản ánh hóa đơn tiền điện tháng 6 tăng gấp đôi so với tháng trước."


def test_a_passage_pasted_in_windows_1258_into_utf8_text_is_read_as_each_was_written(tmp_path):
    # A paragraph pasted from an old Windows-1258 document into UTF-8 text: read whole in a
    # code page, the UTF-8 letters were "GiÃ¡ Äiá»n" and no word of the article was found;
    # now each part is read as written, and said.
    head = "Giá điện tăng mạnh\n\nTập đoàn Điện lực Việt Nam tăng giá điện tại Hà Nội.\n"
    (tmp_path / "a.txt").write_bytes(head.encode() + _cp1258(_PASTED + "\n"))
    record = json.dumps({**RECORD, "text": "Tập đoàn Điện lực tại Hà Nội. @@"}, ensure_ascii=False).encode()
    (tmp_path / "b.jsonl").write_bytes(record.replace(b"@@", _cp1258(_PASTED)) + b"\n")
    for name in ("a.txt", "b.jsonl"):
        articles, problems = _read(tmp_path / name)
        text = clean.clean_text(articles[0].text)
        assert "Tập đoàn Điện lực" in text and "Hà Nội" in text and _PASTED in text, name
        assert "\ufffd" not in text and any("Windows-1258" in p.message and not p.fatal for p in problems), name


def test_a_file_all_in_windows_1258_is_not_taken_for_utf8_by_a_chance_pair_of_bytes(tmp_path):
    # A tone mark before a closing quote ("cả”": D2 94) is a UTF-8 character by chance: the
    # whole file was read as UTF-8 with passages, its punctuation and foreign words "�".
    text = ("Giá xăng tăng mạnh\n\nTheo Bộ Công Thương, “giá cả” thị trường – đặc biệt là giá xăng RON 95 – "
            "tăng 5%. Ông A cho biết: “Chúng tôi đã điều chỉnh…” Giá € và café ở Paris; 0,5°C.")
    (tmp_path / "a.txt").write_bytes(_cp1258(text))
    (tmp_path / "b.jsonl").write_bytes(_cp1258(json.dumps({**RECORD, "text": text}, ensure_ascii=False)) + b"\n")
    for name in ("a.txt", "b.jsonl"):
        articles, problems = _read(tmp_path / name)
        assert text.split("\n\n")[1] in clean.clean_text(articles[0].text), name
        assert any(p.message.endswith("Windows-1258") and "đoạn" not in p.message for p in problems), name


def test_an_element_of_a_json_array_in_windows_1258_is_read_as_written(tmp_path):
    # One element of a UTF-8 export written in Windows-1258 (its "\n" escapes before a word
    # too): its letters were each U+FFFD, or the whole file read as Latin-1.
    element = {"id": "cp", "title": "Nhà máy nước sông Đuống", "text": "Tin vắn.\nCông ty CP Nước mặt sông Đuống."}
    for before in (3, 300):
        items = [json.dumps({**RECORD, "id": f"u{i}"}, ensure_ascii=False).encode() for i in range(before)]
        items.insert(before // 2, _cp1258(json.dumps(element, ensure_ascii=False)))
        (tmp_path / "a.json").write_bytes(b"[\n" + b",\n".join(items) + b"\n]\n")
        articles, problems = _read(tmp_path / "a.json")
        got = {a.id: a for a in articles}
        assert len(got) == before + 1 and got["u0"].title == RECORD["title"], before
        title, text = clean.clean_text(got["cp"].title), clean.clean_text(got["cp"].text)
        assert title == element["title"] and "Công ty CP Nước mặt" in text, before
        assert any("Windows-1258" in p.message for p in problems), before


def test_escapes_of_other_languages_are_read_as_they_mean(tmp_path):
    # PHP's addslashes writes a quote "\\'", Python and JavaScript a byte "\\x41": no JSON
    # escapes, each cost its whole record. An escaped backslash before them stays one.
    lines = [r'''{"id": "p1", "title": "Tin", "text": "Ông nói: \'Giá điện tăng\' ở Hà Nội."}''',
             r'''{"id": "p2", "title": "Tin \x41", "text": "Giá \\x41 và \\\'a"}''',
             r'''{"id": "p3", "title": "Tin", "text": "Hỏng \q ở đây"}''']
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    articles, problems = _read(tmp_path / "a.jsonl")
    got = {a.id: a for a in articles}
    assert sorted(got) == ["p1", "p2"] and got["p1"].text == "Ông nói: 'Giá điện tăng' ở Hà Nội."
    assert got["p2"].title == "Tin A" and got["p2"].text == "Giá \\x41 và \\'a"
    assert [p.origin.rsplit(":", 1)[1] for p in problems if not p.fatal] == ["1", "2"]
    assert [p.origin.rsplit(":", 1)[1] for p in problems if p.fatal] == ["3"]


def test_arrays_of_articles_inside_an_array_give_their_articles(tmp_path):
    # Two exports wrapped in one array: each inner array was one element "no object", its
    # articles lost and counted as one ("bỏ qua 1 bài" for four).
    inner = [[{**RECORD, "id": f"a{i}{k}"} for k in range(2)] for i in range(2)]
    (tmp_path / "a.json").write_text(json.dumps(inner + [5], ensure_ascii=False), "utf-8")
    articles, problems = _read(tmp_path / "a.json")
    assert [a.id for a in articles] == ["a00", "a01", "a10", "a11"]
    assert articles[1].origin.endswith("(phần tử 1.2)")
    assert [p.fatal for p in problems] == [False, True] and "(phần tử 3)" in problems[1].origin


def _articles(*ids: str) -> list[dict]:
    return [{**RECORD, "id": i} for i in ids]


def test_exports_wrapped_in_arrays_give_their_articles_on_a_json_line_and_three_deep(tmp_path):
    # A line of JSON lines holding exports wrapped in an array lost every article ("mỗi dòng
    # phải là một đối tượng"), though the same line alone in a .json was read; and arrays
    # wrapped twice lost theirs in a file too.
    (tmp_path / "nested.jsonl").write_text(
        json.dumps([_articles("l1", "l2"), _articles("l3")]) + "\n" + json.dumps([_articles("l4")]) + "\n", "utf-8")
    (tmp_path / "deep.json").write_text(json.dumps([[_articles("d1", "d2")], [_articles("d3")]]), "utf-8")
    for name, ids in (("nested.jsonl", ["l1", "l2", "l3", "l4"]), ("deep.json", ["d1", "d2", "d3"])):
        articles, problems = _read(tmp_path / name)
        assert [a.id for a in articles] == ids, problems
        assert [(p.origin.rsplit("/", 1)[1], p.fatal) for p in problems] == [(f"{name}:1 (phần tử 1)", False)]
        assert "mảng bài nằm trong mảng" in problems[0].message
    assert articles[2].origin.endswith("deep.json:1 (phần tử 2.1.1)")


def test_articles_lost_in_arrays_too_deep_are_each_counted_skipped(tmp_path):
    # A run of elements that are no article was counted as one article skipped, whatever it
    # held: "bỏ qua 3 bài" for 7 lost.
    too_deep = [[[[_articles("x1", "x2")]]]]       # five arrays deep with the file's
    (tmp_path / "a.json").write_text(json.dumps([*_articles("a1"), too_deep, "chữ", 7, *_articles("a2")]), "utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps(too_deep) + "\n" + json.dumps(_articles("b1")[0]) + "\n", "utf-8")
    report = index_articles(read_inputs([str(tmp_path)]), tmp_path / "ix")
    assert report.added == 3 and report.skipped == 4 + 2, report.problems
    assert [p.records for p in report.problems] == [4, 2]


def test_escapes_of_other_languages_in_a_json_array_are_read_and_the_rest_of_it_too(tmp_path):
    # PHP's \' in an element of a pretty-printed array, \xNN in a one-line array of a .jsonl:
    # reading stopped there ("chuỗi thoát (\) không hợp lệ … phần còn lại của tệp chưa được
    # đọc"), while the same record on a JSON line was read.
    elements = [json.dumps({**RECORD, "id": f"p{i}"}, ensure_ascii=False) for i in range(1, 5)]
    elements[1] = elements[1].replace("tháng này.", "tháng này theo Bộ\\'s.")
    (tmp_path / "php.json").write_text("[\n" + ",\n".join(elements) + "\n]\n", "utf-8")
    line = [json.dumps({**RECORD, "id": f"q{i}"}, ensure_ascii=False) for i in range(1, 4)]
    line[1] = line[1].replace("tháng này.", "tháng này theo \\x22Bộ\\x22.")
    (tmp_path / "line.jsonl").write_text("[" + ", ".join(line) + "]\n", "utf-8")
    for name, ids, text in (("php.json", ["p1", "p2", "p3", "p4"], "tháng này theo Bộ's."),
                            ("line.jsonl", ["q1", "q2", "q3"], 'tháng này theo "Bộ".')):
        articles, problems = _read(tmp_path / name)
        assert [a.id for a in articles] == ids, problems
        assert articles[1].text.endswith(text) and articles[0].text == RECORD["text"]
        where = {"php.json": "php.json:3 (phần tử 2)", "line.jsonl": "line.jsonl:1 (phần tử 2)"}[name]
        assert [(p.origin.rsplit("/", 1)[1], p.message, p.fatal) for p in problems] == \
            [(where, "chuỗi có ký tự thoát không phải của JSON (\\' của PHP, \\xNN): đã đọc theo nghĩa của chúng",
              False)]


def test_files_joined_with_a_bom_on_each_keep_every_record(tmp_path):
    """Two UTF-8 files saved with a BOM and joined with `cat`: the second BOM opens a line."""
    first = json.dumps(RECORD, ensure_ascii=False)
    second = json.dumps({**RECORD, "id": "a2"}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_bytes(("\ufeff" + first + "\r\n\ufeff" + second + "\r\n").encode("utf-8"))
    articles, problems = _read(tmp_path / "a.jsonl")
    assert [a.id for a in articles] == [RECORD["id"], "a2"] and problems == []


def test_a_text_that_is_not_a_string_is_named_so_not_missing(tmp_path):
    lines = [json.dumps({**RECORD, "text": 5}), json.dumps({"id": "a3", "title": "x"})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    _articles, problems = _read(tmp_path / "a.jsonl")
    assert "'text' phải là chuỗi" in problems[0].message and "thiếu trường 'text'" in problems[1].message


# --- 15. a JSON array is read as the articles it holds; a line cut short says what it lacks -----------

def _article(i: int) -> dict:
    return {"id": f"m{i}", "title": f"Chợ phiên số {i} mở cửa",
            "text": f"Ban quản lý chợ số {i} cho biết tiểu thương bày bán nông sản và hàng thủ công."}


def _pretty(values: list) -> str:
    return json.dumps(values, ensure_ascii=False, indent=2)


def _one_line(values: list) -> str:
    return json.dumps(values, ensure_ascii=False)


# name, files written in a fresh folder, ids indexed, messages said (file:where, message), exactly.
ARRAY_CASES = [
    ("a pretty-printed array named .jsonl is read, each element from the line it starts on",
     {"array.jsonl": _pretty([_article(1), _article(2)])}, ["m1", "m2"], []),
    ("a one-line array named .jsonl", {"export.jsonl": _one_line([_article(i) for i in range(1, 4)])},
     ["m1", "m2", "m3"], []),
    ("a .json array", {"tin.json": _pretty([_article(1), _article(2)])}, ["m1", "m2"], []),
    ("a .json single object", {"mot.json": json.dumps(_article(5), ensure_ascii=False, indent=2)}, ["m5"], []),
    ("a .json of JSON lines", {"dong.json": "\n".join(_one_line(_article(i)) for i in (1, 2)) + "\n"},
     ["m1", "m2"], []),
    ("an array with bad elements keeps the others",
     {"tin.json": _pretty([_article(1), {"title": "Không có id", "text": "Nội dung."}, "chuỗi", _article(4)])},
     ["m1", "m4"],
     [("tin.json:7 (phần tử 2)", "thiếu trường 'id' (chuỗi không rỗng hoặc số nguyên)"),
      ("tin.json:11 (phần tử 3)", "mỗi phần tử của mảng phải là một đối tượng JSON {...}")]),
    ("a one-line array with a bad element",
     {"export.jsonl": _one_line([_article(1), {"id": "m2", "text": 7}, _article(3)])}, ["m1", "m3"],
     [("export.jsonl:1 (phần tử 2)", "bài 'm2': trường 'text' phải là chuỗi")]),
    ("a truncated array keeps what came before and says it was cut",
     {"cut.json": _pretty([_article(1), _article(2), _article(3)])[:-40]}, ["m1", "m2"],
     [("cut.json:12", "tệp kết thúc giữa phần tử 3: JSON bị cắt, thiếu “\"}]” ở cuối; đã đọc 2 phần tử trước đó. "
                      "Tệp có thể chưa tải hay xuất xong: lấy lại tệp đầy đủ rồi chạy lại lệnh")]),
    ("an array cut after an element lacks its “]” only",
     {"cut.jsonl": _one_line([_article(1), _article(2)])[:-1]}, ["m1", "m2"],
     [("cut.jsonl:1", "mảng JSON chưa đóng: tệp kết thúc sau phần tử 2, thiếu “]” ở cuối; đã đọc 2 phần tử. "
                      "Tệp có thể bị cắt: kiểm tra phần cuối của nó")]),
    ("an array broken halfway stops there, saying where and how to go on",
     {"hong.json": "[\n" + _one_line(_article(1)) + ",\n" + '{"id": "m2" "text": "Thiếu dấu phẩy."},\n'
                   + _one_line(_article(3)) + "\n]\n"}, ["m1"],
     [("hong.json:3", "JSON hỏng ở phần tử 2: thiếu dấu phẩy (cột 13); đã đọc 1 phần tử trước đó, phần còn lại của "
                      "tệp chưa được đọc. Sửa chỗ này rồi chạy lại lệnh (bài đã có được cập nhật, không nhân đôi)")]),
    ("a JSON lines file with one line holding an array",
     {"tin.jsonl": _one_line(_article(1)) + "\n" + _one_line([_article(2), _article(3)]) + "\n"},
     ["m1", "m2", "m3"], []),
    ("an array of words, not articles, is one message",
     {"tu.json": _one_line(["điện", "gió"] * 50), "tin.jsonl": _one_line(_article(1))}, ["m1"],
     [("tu.json:1 (phần tử 1–100)", "100 phần tử liền nhau không phải đối tượng JSON {...}: "
                                    "mỗi phần tử của mảng phải là một bài")]),
    ("a line whose object is not closed says so, not “missing comma”",
     {"tin.jsonl": '{"id": "m1", "title": "Chợ", "text": "Chợ phiên mở cửa"\n' + _one_line(_article(2)) + "\n"},
     ["m2"], [("tin.jsonl:1", "JSON hỏng: đối tượng chưa đóng, thiếu “}” ở cuối dòng (cột 56)")]),
]


@pytest.mark.parametrize("name, files, indexed, said", ARRAY_CASES, ids=[c[0] for c in ARRAY_CASES])
def test_json_arrays_through_the_command_line(tmp_path, capsys, name, files, indexed, said):
    src = tmp_path / "src"
    src.mkdir()
    for file_name, text in files.items():
        (src / file_name).write_text(text, encoding="utf-8")
    ix = tmp_path / "ix"
    code = cli.main(["index", str(src), "--index-dir", str(ix), "--quiet"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert cli.main(["query", "", "--json", "--limit", "100", "--index-dir", str(ix)]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert sorted(h["id"] for h in hits) == indexed
    problems = [line.removeprefix("bỏ qua ") for line in err.splitlines() if line.startswith("bỏ qua ")]
    assert problems == [f"{src / where}: {message}" for where, message in said]


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": "Giá điện"', "đối tượng chưa đóng, thiếu “}” ở cuối dòng (cột 31)"),
    ('{"id": "a", "topics": ["điện", "gió"', "đối tượng chưa đóng, thiếu “]}” ở cuối dòng (cột 37)"),
    ('{"id": "a", "text": ', "thiếu giá trị sau dấu hai chấm ở cuối dòng, đối tượng chưa đóng (thiếu “}”) (cột 21)"),
    ('{"id": "a",', "dòng kết thúc sau dấu phẩy, đối tượng chưa đóng (thiếu “}”) (cột 12)"),
    ('{"id": "a", "text"', "dòng kết thúc sau tên trường, đối tượng chưa đóng (thiếu dấu hai chấm, giá trị và “}”) (cột 19)"),
    ('{"id": "a", "text": "Giá', "chuỗi chưa đóng dấu ngoặc kép (cột 21)"),
    # Inside the line, the json module's word stands: a comma is what is missing there.
    ('{"id": "a" "text": "Giá điện"}', "thiếu dấu phẩy (cột 12)"),
    ('{"id": "a", "text": "x"}}', "thừa dữ liệu sau đối tượng JSON (cột 25)"),
])
def test_a_line_cut_short_says_what_it_lacks(tmp_path, line, message):
    (tmp_path / "a.jsonl").write_text(line + "\n", encoding="utf-8")
    _arts, probs = _items([tmp_path / "a.jsonl"])
    assert [(p.origin, p.message) for p in probs] == [(f"{tmp_path / 'a.jsonl'}:1", f"JSON hỏng: {message}")]


def test_a_50_mb_one_line_array_is_read_an_element_at_a_time(tmp_path):
    import tracemalloc

    body = "Sở Công Thương đề nghị doanh nghiệp bảo đảm nguồn cung hàng hóa dịp cuối năm. " * 40
    f = tmp_path / "export.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("[")
        fh.write(",".join(json.dumps({"id": f"x{i}", "title": f"Tin {i}", "text": body}, ensure_ascii=False)
                          for i in range(12_000)))
        fh.write("]")
    size = f.stat().st_size
    assert size > 50_000_000
    from ctsearch.ingest import estimate_count
    assert estimate_count([f]) == 12_000
    tracemalloc.start()
    try:
        count, problems, last = 0, [], None
        for item in read_inputs([f]):
            if isinstance(item, RawArticle):
                count, last = count + 1, item
            else:
                problems.append(item)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 12_000 and problems == []
    assert last.origin == f"{f}:1 (phần tử 12.000)" and last.text == body
    assert peak < size / 4          # never the whole file, nor all its articles, at once


@pytest.mark.parametrize("encoding, note", [
    ("utf-16", None), ("utf-16-le", "đã đọc theo bảng mã UTF-16 LE (không có BOM)"), ("utf-8-sig", None),
])
def test_a_json_array_in_another_unicode_encoding(tmp_path, encoding, note):
    (tmp_path / "tin.json").write_bytes(_pretty([_article(1), _article(2)]).encode(encoding))
    arts, probs = _items([tmp_path / "tin.json"])
    assert [a.id for a in arts] == ["m1", "m2"] and arts[1].title == "Chợ phiên số 2 mở cửa"
    assert [p.message for p in probs] == ([note] if note else [])


def test_a_binary_file_named_json_is_one_message(tmp_path):
    (tmp_path / "anh.json").write_bytes(b"[\x00\x01\x02\x03" + bytes(range(256)) * 20)
    (tmp_path / "nen.json").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 20)
    _arts, probs = _items([tmp_path])
    assert [(Path(p.origin).name, p.message) for p in probs] == [
        ("anh.json", "tệp nhị phân, không phải JSON"), ("nen.json", "tệp nhị phân, không phải JSON")]


def test_a_txt_too_large_states_the_limit(tmp_path, capsys):
    from ctsearch.ingest import MAX_TXT_BYTES

    (tmp_path / "hugeline.txt").write_bytes(b"Tieu de\n" + b"x" * MAX_TXT_BYTES)
    assert cli.main(["index", str(tmp_path / "hugeline.txt"), "--index-dir", str(tmp_path / "ix"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert (f"bỏ qua {tmp_path / 'hugeline.txt'}: tệp quá lớn cho một bài (8.388.616 byte, tối đa 8.388.608)"
            in err.splitlines())


@pytest.mark.parametrize("bad, message", [
    ("[" * 100_000, "phần tử 2: JSON lồng nhau quá sâu; đã đọc 1 phần tử trước đó, phần còn lại của tệp chưa được đọc"),
])
def test_an_array_element_the_parser_cannot_take_stops_the_file_not_the_run(tmp_path, bad, message):
    f = tmp_path / "tin.json"
    f.write_text("[\n" + _one_line(_article(1)) + ",\n" + bad + ",\n" + _one_line(_article(3)) + "\n]", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["m1"]
    assert [(p.origin, p.message) for p in probs] == [(f"{f}:3", message)]


# --- JSON lines that open with an array, numbers too long to convert, runs of marks ----------------

def _line(i: str) -> str:
    return json.dumps({"id": i, "title": "Giá điện", "text": f"Giá điện tăng ở Bến Tre ({i})."}, ensure_ascii=False)


def test_json_lines_opening_with_an_array_lose_only_their_bad_line(tmp_path):
    # A line holding an array of articles is one line of JSON lines; the first line of the file
    # too: a bad line after it costs itself only, not every line after it.
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(["[" + _line("in1") + "]", _line("g1"), '{"id": "bad", "text": "cut', _line("g2"),
                            _line("g3")]) + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["in1", "g1", "g2", "g3"]
    assert [p.origin for p in probs] == [f"{f}:3"]
    # A first line no JSON reads, then articles a line each: the same.
    g = tmp_path / "c.jsonl"
    g.write_text("\n".join(["[1, 2", _line("g1"), _line("g2")]) + "\n", encoding="utf-8")
    arts, probs = _items([g])
    assert [a.id for a in arts] == ["g1", "g2"] and [p.origin for p in probs] == [f"{g}:1"]
    # However many lines are bad among them, and wherever.
    bad = '{"id": "bad", "text": "cut'
    for n, first in enumerate([["[1, 2", _line("g1"), bad], ["[1, 2", "[3, 4", _line("g1")],
                               ["[" + _line("in1") + "]", bad, _line("g1")]]):
        d = tmp_path / f"d{n}.jsonl"
        d.write_text("\n".join(first + [_line("g2"), _line("g3")]) + "\n", encoding="utf-8")
        arts, probs = _items([d])
        assert [a.id for a in arts if a.id.startswith("g")] == ["g1", "g2", "g3"], n
        assert len(probs) == 2 - (n == 2), (n, probs)
    # A JSON array over several lines is still one array.
    h = tmp_path / "h.json"
    h.write_text("[\n" + ",\n".join(_line(f"e{i}") for i in range(3)) + "\n]\n", encoding="utf-8")
    arts, probs = _items([h])
    assert [a.id for a in arts] == ["e0", "e1", "e2"] and not [p for p in probs if p.fatal]


def test_json_lines_with_old_mac_line_endings_are_lines(tmp_path):
    # A carriage return alone ends a line as a newline does: not one "line" holding every article.
    f = tmp_path / "cr.jsonl"
    f.write_bytes(("\r".join(_line(f"cr{i}") for i in range(3)) + "\r").encode("utf-8"))
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["cr0", "cr1", "cr2"] and not probs
    # ... also where an article is as long as most (5 KB: only one whole in the first 8 KB)
    long = [json.dumps({"id": f"l{i}", "title": "Giá điện", "text": "Giá điện tăng. " * 350}, ensure_ascii=False)
            for i in range(3)]
    f.write_bytes(("\r".join(long) + "\r").encode("utf-8"))
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["l0", "l1", "l2"] and not probs, probs
    # ... whatever its first records hold (one cut short, one of 35 KB), in any encoding: one
    # bad record cost the whole file ("thừa dữ liệu" on its one "line")
    big = json.dumps({"id": "big", "title": "Giá điện", "text": "Giá điện tăng. " * 2400}, ensure_ascii=False)
    for records, encoding in (([_line("c0"), _line("c1")[:30], _line("c2")], "utf-8"),
                              ([big, _line("c1")[:30], _line("c2")], "utf-8"),
                              ([_line("c0"), _line("c1")[:30], _line("c2")], "utf-16"),
                              ([_line("c0"), _line("c1")[:30], _line("c2")], "cp1258")):
        joined = "\r".join(records) + "\r"
        f.write_bytes(_cp1258(joined) if encoding == "cp1258" else joined.encode(encoding))
        arts, probs = _items([f])
        assert len(arts) == 2 and [p.origin for p in probs if p.fatal] == [f"{f}:2"], (encoding, probs)


def test_a_cr_inside_a_string_or_a_blank_utf16_line_is_no_line_end_nor_padding(tmp_path):
    # One record of 9 KB with a raw CR in its text and no line end: one record, not two
    # halves and a file "cut"; a UTF-16 line of spaces (a zero byte each) is blank, not zeros.
    f = tmp_path / "one.jsonl"
    f.write_bytes(json.dumps({"id": "x", "title": "T", "text": "Giá điện. " * 900}, ensure_ascii=False)
                  .replace(". Giá", ".\r Giá", 1).encode("utf-8"))
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["x"] and not [p for p in probs if p.fatal or p.halted], probs
    g = tmp_path / "wide.jsonl"
    g.write_bytes((_line("w1") + "\n   \n" + _line("w2") + "\n  ").encode("utf-16"))
    arts, probs = _items([g])
    assert [a.id for a in arts] == ["w1", "w2"] and not [p for p in probs if p.fatal or p.halted], probs


def test_json_lines_ending_in_commas_are_read(tmp_path):
    # An array's elements without its brackets: every line but the last was "thừa dữ liệu".
    f = tmp_path / "commas.jsonl"
    f.write_text("".join(_line(f"k{i}") + ",\n" for i in range(3)) + _line("k3") + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["k0", "k1", "k2", "k3"]
    assert [(p.origin, p.fatal) for p in probs] == [(f"{f}:1", False)] and "dấu phẩy" in probs[0].message


def test_a_number_too_long_to_convert_costs_nothing(tmp_path):
    # Python converts no integer of more than 4,300 digits: such a field (a counter, a hash)
    # neither loses its article nor, in an array, the articles after it.
    big = "9" * 5000
    f = tmp_path / "arr.json"
    f.write_text("[" + ",".join([_line("g1"), '{"id": "big", "title": "T", "text": "Giá điện.", "views": ' + big + "}",
                                 _line("g2")]) + "]\n", encoding="utf-8")
    g = tmp_path / "n.jsonl"
    g.write_text("\n".join([_line("g4"), '{"id": "big2", "title": "T", "text": "Giá điện.", "views": ' + big + "}",
                            _line("g5")]) + "\n", encoding="utf-8")
    arts, probs = _items([f, g])
    assert [a.id for a in arts] == ["g1", "big", "g2", "g4", "big2", "g5"]
    assert not [p for p in probs if p.fatal]


def test_a_long_run_of_combining_marks_is_cut_not_normalised_for_minutes():
    # (NFC orders a run of marks in time growing with the square of its length: 200,000
    # marks took minutes; the run is cut to MAX_MARKS first)
    from ctsearch.textnorm import MAX_MARKS, nfc
    out = nfc("điện" + "\u0323\u0301" * 200_000 + " mặt trời")
    assert out.endswith(" mặt trời") and len(out) < 20
    # Vietnamese, decomposed, keeps every mark: "ệ" is e with two marks.
    assert nfc("đie\u0302\u0323n") == "điện" and MAX_MARKS >= 2


def test_a_line_too_long_to_hold_an_article_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    # (a line of four times MAX_JSON_VALUE_CHARS bytes or more: the limit made small here)
    from ctsearch import ingest
    monkeypatch.setattr(ingest, "MAX_JSON_VALUE_CHARS", 100)
    f = tmp_path / "long.jsonl"
    f.write_text("\n".join([_line("a"), json.dumps({"id": "b", "title": "T", "text": "x" * 500}), _line("c")]) + "\n",
                 encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a", "c"]
    assert [p.origin for p in probs] == [f"{f}:2"] and "dòng quá dài" in probs[0].message


@pytest.mark.parametrize("rid, kind", [("true", "true/false"), ("1.0", "số thập phân"), ('["a"]', "mảng"),
                                       ('{"a": 1}', "đối tượng")])
def test_an_id_of_the_wrong_kind_is_said_so_not_missing(tmp_path, rid, kind):
    f = tmp_path / "k.jsonl"
    f.write_text('{"id": ' + rid + ', "title": "T", "text": "Giá điện."}\n' + _line("ok") + "\n", encoding="utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["ok"]
    assert [p.message for p in probs] == [f"trường 'id' phải là chuỗi không rỗng hoặc số nguyên, không phải {kind}"]


def test_a_stray_carriage_return_is_no_line_end_and_an_array_with_commas_alone_is_an_array(tmp_path):
    # A long first line holding a CR, the lines ended by newlines: three articles, not none.
    f = tmp_path / "stray.jsonl"
    first = '{"id": "a",\r "title": "T", "text": "Giá điện tăng. ' + "x" * 9000 + '"}'
    f.write_bytes("\n".join([first, _line("b"), _line("c")]).encode("utf-8") + b"\n")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a", "b", "c"] and not [p for p in probs if p.fatal]
    # A JSON array whose commas stand on lines of their own is one array, read without a complaint.
    g = tmp_path / "commas.json"
    g.write_text("[\n" + "\n,\n".join(_line(f"e{i}") for i in range(5)) + "\n]\n", encoding="utf-8")
    arts, probs = _items([g])
    assert [a.id for a in arts] == [f"e{i}" for i in range(5)] and not [p for p in probs if p.fatal]
    # Arabic marks run on too: cut as Latin ones are.
    from ctsearch.textnorm import nfc
    assert len(nfc("\u0628" + "\u064e\u0651" * 40_000)) <= 5


def test_every_source_stored_is_one_its_facet_toggle_takes(tmp_path):
    # A masthead of 124 characters is stored and its toggle is taken, on the page and in the
    # API; one longer than any filter takes is left out with a note naming the line.
    from conftest import indexed, make_client
    from ctsearch.clean import MAX_SOURCE_CHARS
    from ctsearch.article import build_article
    from ctsearch.ingest import read_inputs
    from conftest import write_jsonl

    masthead = ("Báo điện tử của Hội Doanh nghiệp nhỏ và vừa tỉnh, cơ quan ngôn luận về kinh tế, "
                "thương mại và công nghiệp địa phương")
    assert 100 < len(masthead) <= MAX_SOURCE_CHARS
    client = make_client(indexed([{"id": "m", "title": "Tin", "text": "Nội dung.", "source": masthead}], tmp_path))
    page = client.get("/api/search?q=")
    (value,) = page.get_json()["facets"]["source"]
    assert value["value"] == masthead
    toggled = client.get(value["toggle_url"])
    assert toggled.status_code == 200 and toggled.get_json()["total"] == 1
    assert client.get(value["toggle_url"].replace("/api/search", "/search", 1)).status_code == 200
    path = write_jsonl(tmp_path / "long.jsonl", [{"id": "x", "title": "Tin", "text": "Nội dung.",
                                                   "source": "Báo " * 60}])
    (raw,) = read_inputs([str(path)])
    notes: list[str] = []
    assert build_article(raw, notes).source is None
    assert any("'source' quá dài" in note for note in notes), notes


def test_one_source_written_several_ways_is_one_facet_value_its_filter_reaches_all(tmp_path):
    from conftest import indexed
    from ctsearch.query import SearchEngine

    spellings = ["Báo Hoà Bình", "Báo Hòa Bình", "BÁO HOÀ BÌNH", "Báo Hoa\u0300 Bình", "báo hòa bình",
                 "vnexpress.net", "VNEXPRESS.NET", "Báo Ðồng Nai", "BBC", "Dân Trí", "DÂN TRÍ", "TP.HCM",
                 "VOA Tiếng Việt", "Đài CAN"]
    engine = SearchEngine(indexed([{"id": f"s{i}", "title": f"Tin {i}", "text": f"Nội dung bài số {i}.",
                                    "source": s} for i, s in enumerate(spellings)], tmp_path))
    try:
        listed = {v.value: v.count for v in engine.search("").facets["source"]}
        assert listed == {"Báo Hòa Bình": 5, "vnexpress.net": 2, "Báo Đồng Nai": 1, "BBC": 1, "Dân Trí": 2,
                          "TP.HCM": 1, "VOA Tiếng Việt": 1, "Đài CAN": 1}
        for typed, n in (("bao hoa binh", 5), ("VnExpress.net", 2), ("Báo Ðồng Nai", 1), ("bbc", 1), ("dan tri", 2)):
            assert engine.search("", source=typed).total == n, typed
    finally:
        engine.close()


def test_a_source_in_mixed_case_takes_the_spelling_the_index_holds_for_its_letters(tmp_path):
    from conftest import indexed
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.query import SearchEngine

    first = [("Dân Trí", "Dân Trí"), ("Dân trí", "Dân Trí"), ("Dan Tri", "Dân Trí"), ("Tuổi Trẻ Online", None),
             ("Tuổi Trẻ ONLINE", None), ("tuổi trẻ online", None), ("VnExpress", None), ("VNEXPRESS", None),
             ("Không rõ", None), ("KHÔNG RÕ", None)]
    first += [("Báo Hải Quan", None), ("Báo Hải Quân", None)]     # marks that differ: two papers
    records = [{"id": f"s{i}", "title": f"Tin {i}", "text": f"Nội dung bài số {i}.", "source": s}
               for i, (s, _want) in enumerate(first)]
    folder = indexed(records, tmp_path)
    # A later run takes the spelling the index holds, whatever case its feed writes.
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "later", "title": "Tin", "text": "Nội dung.", "source": "DÂN trí"},
                                ensure_ascii=False) + "\n", "utf-8")
    index_articles(read_inputs([str(later)]), folder)
    engine = SearchEngine(folder)
    try:
        listed = {v.value: v.count for v in engine.search("").facets["source"]}
        assert listed == {"Dân Trí": 4, "Tuổi Trẻ Online": 3, "VnExpress": 2, "Không rõ": 2, "Báo Hải Quan": 1,
                          "Báo Hải Quân": 1}
        for typed, n in (("dan tri", 4), ("tuoi tre online", 3), ("VNEXPRESS", 2)):
            assert engine.search("", source=typed).total == n, typed
        # "Không rõ" given is no source: the filter's "Không rõ" reaches them
        assert sorted(h.id for h in engine.search("", source="Không rõ").hits) == ["s8", "s9"]
    finally:
        engine.close()


def test_an_index_holding_a_source_in_several_spellings_filters_each_as_listed():
    # (built before sources had one spelling each: the facet lists each spelling, and a
    # value ticked filters that one, as its count says; a value typed another way, one)
    from ctsearch.facetdefs import facet

    known = lambda: ["Báo Hoà Bình", "BÁO HOÀ BÌNH", "vnexpress.net"]  # noqa: E731
    assert facet("source").canonical(["Báo Hoà Bình"], known) == ["Báo Hoà Bình"]
    assert facet("source").canonical(["BÁO HOÀ BÌNH"], known) == ["BÁO HOÀ BÌNH"]
    assert facet("source").canonical(["bao hoa binh"], known) == ["BÁO HOÀ BÌNH"]
    assert facet("source").canonical(["vnexpress"], known) == ["vnexpress.net"]


def test_a_look_alike_d_in_a_province_filter_or_a_given_province_is_the_vietnamese_one(tmp_path):
    from conftest import indexed
    from ctsearch.query import SearchEngine

    engine = SearchEngine(indexed([{"id": "a", "title": "Cà phê Buôn Ma Thuột", "text": "Giá cà phê tăng.",
                                    "province": "Ðắk Lắk"}], tmp_path))
    try:
        assert engine.search("").hits[0].province == "Đắk Lắk"
        for facet_name, typed in (("province", "Ðắk Lắk"), ("current_province", "Ðắk Lắk"),
                                  ("mentions", "Ðắk Lắk")):
            assert engine.normalize_filters(**{facet_name: typed})[facet_name] == ["Đắk Lắk"], facet_name
    finally:
        engine.close()


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u00ad", "\u2060"])
def test_an_id_with_an_invisible_character_is_the_same_article(tmp_path, mark):
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps({"id": "tin-1", "title": "Bản 1", "text": "Nội dung một."}, ensure_ascii=False) + "\n",
                     "utf-8")
    again = tmp_path / "b.jsonl"
    again.write_text(json.dumps({"id": "tin-1" + mark, "title": "Bản 2", "text": "Nội dung hai."},
                                ensure_ascii=False) + "\n", "utf-8")
    index_dir = tmp_path / "ix"
    index_articles(read_inputs([str(first)]), index_dir)
    report = index_articles(read_inputs([str(again)]), index_dir)
    assert report.indexed == 1
    from ctsearch.query import SearchEngine
    engine = SearchEngine(index_dir)
    try:
        result = engine.search("")
        assert result.total == 1 and result.hits[0].id == "tin-1" and result.hits[0].title == "Bản 2"
    finally:
        engine.close()


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_an_element_nested_too_deeply_or_with_a_raw_tab_costs_itself_only(tmp_path, suffix):
    deep = '{"id": "deep", "text": "x", "extra": ' + "[" * 3000 + "]" * 3000 + "}"
    tab = '{"id": "tab", "title": "Tab\there", "text": "Một\tdòng có tab."}'
    good = [json.dumps({"id": f"g{i}", "title": "Tin", "text": TEXT}, ensure_ascii=False) for i in range(3)]
    lines = [good[0], deep, good[1], tab, good[2]]
    f = tmp_path / f"mixed{suffix}"
    f.write_text(("[\n" + ",\n".join(lines) + "\n]\n") if suffix == ".json" else "\n".join(lines) + "\n", "utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["g0", "g1", "tab", "g2"]
    assert [p.message for p in probs] == ["JSON lồng nhau quá sâu"]
    assert probs[0].origin.startswith(f"{f}:{3 if suffix == '.json' else 2}")
    assert "\t" not in clean.clean_text(arts[2].title or "")


@pytest.mark.parametrize("first", [
    '[{"id": "x", "text": "y"',                                  # cut short
    "[" * 100_000 + "]" * 100_000,                              # nested too deeply for the parser
])
def test_json_lines_after_a_first_line_no_json_reads_with_one_article_after_it(tmp_path, first):
    f = tmp_path / "one.jsonl"
    f.write_text(first + "\n" + json.dumps({"id": "g0", "title": "Tin", "text": TEXT}) + "\n", "utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["g0"]
    assert len(probs) == 1 and probs[0].origin == f"{f}:1"


def test_json_lines_whose_first_line_is_an_array_longer_than_the_part_read_to_tell(tmp_path):
    from ctsearch import ingest

    first = json.dumps([{"id": f"a{i}", "title": "Tin", "text": TEXT + " " + "x" * 600} for i in range(2000)])
    assert len(first) > ingest._JSON_HEAD
    f = tmp_path / "big.jsonl"
    f.write_text(first + "\n" + '{"id": "bad", "text": \n'
                 + "\n".join(json.dumps({"id": f"g{i}", "title": "Tin", "text": TEXT}) for i in range(3)) + "\n", "utf-8")
    arts, probs = _items([f])
    assert len(arts) == 2003 and [a.id for a in arts[-3:]] == ["g0", "g1", "g2"]
    assert [p.origin for p in probs] == [f"{f}:2"]


def test_json_lines_with_raw_tabs_after_a_first_line_no_json_reads_are_json_lines(tmp_path):
    f = tmp_path / "tabs.jsonl"
    f.write_text("[export 2024]\n" + "\n".join(
        '{"id": "a%d", "title": "Tin\\tmột", "text": "Nội\tdung %d."}' % (i, i) for i in range(3)) + "\n", "utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a0", "a1", "a2"] and [p.origin for p in probs] == [f"{f}:1"]


def test_an_array_one_element_a_line_cut_before_its_end_keeps_every_element(tmp_path):
    f = tmp_path / "cut.json"
    f.write_text("[" + json.dumps({"id": "a0", "title": "Tin", "text": TEXT}) + ",\n"
                 + json.dumps({"id": "a1", "title": "Tin", "text": TEXT}) + "\n", "utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a0", "a1"] and "mảng JSON chưa đóng" in probs[0].message


@pytest.mark.parametrize("rid", ["tin\u200b-1", "\u200btin-1", "tin-1\ufeff", "tin\u00ad-1"])
def test_an_invisible_character_anywhere_in_an_id_is_dropped(tmp_path, rid):
    f = tmp_path / "ids.jsonl"
    f.write_text(json.dumps({"id": rid, "title": "Tin", "text": TEXT}, ensure_ascii=False) + "\n", "utf-8")
    arts, _probs = _items([f])
    assert [a.id for a in arts] == ["tin-1"]


@pytest.mark.parametrize("layout", ["lines", "one line", "indented"])
def test_a_stray_nul_near_the_start_of_an_array_costs_no_article(tmp_path, layout):
    # A NUL is no sign of UTF-16 where every other byte is not zero: the array is read, the
    # NUL cleaned from its text.
    records = [{"id": f"a{i}", "title": f"Tin {i}", "text": TEXT} for i in range(50)]
    records[1]["text"] = "N\x00ội dung " + TEXT
    if layout == "indented":
        body = json.dumps(records, ensure_ascii=False, indent=2).replace("\\u0000", "\x00")
    else:
        joint = ",\n" if layout == "lines" else ","
        body = "[" + joint.join(json.dumps(r, ensure_ascii=False).replace("\\u0000", "\x00") for r in records) + "]"
    f = tmp_path / "nul.json"
    f.write_text(body, "utf-8")
    arts, probs = _items([f])
    assert len(arts) == 50 and not probs       # (cleaning drops the NUL when it is indexed)


@pytest.mark.parametrize("padding", [16, 200, 4096, 70_000])
def test_nul_padding_after_a_complete_array_keeps_its_elements(tmp_path, padding):
    f = tmp_path / "padded.json"
    f.write_bytes(("[\n" + ",\n".join(json.dumps({"id": f"a{i}", "title": "Tin", "text": TEXT}) for i in range(2))
                   + "\n]\n").encode() + b"\x00" * padding)
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["a0", "a1"] and len(probs) == 1
    assert "padded.json" in probs[0].origin and not probs[0].fatal and "NUL" in probs[0].message


@pytest.mark.parametrize("rid", ["\u200b", "\u2060\ufeff", " \u00ad "])
def test_an_id_of_invisible_characters_alone_is_refused_like_a_missing_one(tmp_path, rid):
    f = tmp_path / "ids.jsonl"
    f.write_text(json.dumps({"id": rid, "title": "Tin", "text": TEXT}, ensure_ascii=False) + "\n", "utf-8")
    arts, probs = _items([f])
    assert not arts and "ký tự vô hình" in probs[0].message and probs[0].origin.endswith("ids.jsonl:1")


@pytest.mark.parametrize("mark", ["\u2063", "\u2062", "\u180e", "\u034f", "\u3164"])
def test_an_invisible_format_character_inside_a_word_is_dropped(mark):
    assert clean.clean_text(f"giá đi{mark}ện") == "giá điện"


def test_an_emoji_keeps_the_characters_it_is_drawn_with():
    for emoji in ("\u2764\ufe0f", "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"):
        assert clean.clean_text(f"Tin vui {emoji}") == f"Tin vui {emoji}"


def test_an_id_looked_up_with_its_invisible_characters_finds_its_article(tmp_path, capsys):
    from conftest import indexed

    folder = indexed([{"id": "tin-1", "title": "Giá điện", "text": TEXT}], tmp_path)
    client = make_client(folder)
    for typed in ("tin-1\u200b", "tin\u00ad-1", "\ufefftin-1", " tin-1 "):
        assert cli.main(["show", typed, "--index-dir", str(folder)]) == 0, typed
        assert client.get("/api/articles/" + typed).status_code == 200, typed
        assert client.get("/article/" + typed).status_code == 200, typed
    assert cli.main(["show", "tin-2", "--index-dir", str(folder)]) == 1
    capsys.readouterr()


def test_a_one_line_array_with_nul_padding_after_its_line_keeps_its_elements(tmp_path):
    f = tmp_path / "oneline.json"
    f.write_bytes(("[" + ",".join(json.dumps({"id": f"a{i}", "title": "Tin", "text": TEXT}) for i in range(2))
                   + "]\n").encode() + b"\x00" * 8)
    arts, _probs = _items([f])
    assert [a.id for a in arts] == ["a0", "a1"]


def test_a_title_no_headline_could_be_is_read_as_the_first_paragraph_and_a_huge_url_left_out():
    # One 400,000-character title made every results page listing its article 1.6 MB.
    from ctsearch.article import MAX_TITLE_CHARS, MAX_URL_CHARS, build_article
    from ctsearch.ingest import RawArticle

    long_title = "Giá lúa tăng mạnh ở An Giang. " + "Nông dân phấn khởi. " * 30_000
    notes: list[str] = []
    art = build_article(RawArticle("t", "a.jsonl:1", "Thương lái thu mua nhiều.", long_title,
                                   {"url": "https://x.vn/" + "a" * (MAX_URL_CHARS + 1)}), notes)
    from ctsearch.titles import display_title
    assert art.title == "" and display_title(art.title, art.body, art.url).text.startswith("Giá lúa tăng mạnh ở An Giang")
    assert len(display_title(art.title, art.body, art.url).text) <= MAX_TITLE_CHARS
    assert art.body.startswith("Giá lúa tăng mạnh ở An Giang.") and art.body.endswith("Thương lái thu mua nhiều.")
    assert art.url is None
    assert any("tiêu đề quá dài" in n for n in notes) and any("'url' quá dài" in n for n in notes)
    ok = build_article(RawArticle("u", "a.jsonl:2", "Thân bài.", "Giá lúa tăng", {"url": "https://x.vn/a"}), [])
    assert ok.title == "Giá lúa tăng" and ok.url == "https://x.vn/a"


def test_old_mac_lines_ending_in_commas_or_with_zeros_in_their_first_bytes_are_lines(tmp_path):
    # CR line ends and a comma after each record: the file was one "line" and one bad record
    # (a rebuild dropped its articles); a zero byte in its first 8 KiB, or in those of LF
    # lines ending in commas, made it "binary": every article lost.
    f = tmp_path / "mac.jsonl"
    records = [_line(f"m{i}") for i in range(4)]
    for data in (("".join(r + ",\r" for r in records)).encode("utf-8"),
                 ("".join(r + ",\r" for r in records)).encode("utf-8")[:-40] + b"\x00" * 40,
                 ("".join(r + "\r" for r in records)).encode("utf-8").replace(b"}\r", b"}\x00\r", 1),
                 ("".join(r + ",\n" for r in records)).encode("utf-8")[:-40] + b"\x00" * 40):
        f.write_bytes(data)
        arts, probs = _items([f])
        assert len(arts) >= 3 and [a.id for a in arts] == [f"m{i}" for i in range(len(arts))], (data[-60:], probs)
        assert not [p for p in probs if "nhị phân" in p.message], probs


def test_zeros_at_the_end_of_objects_written_one_by_one_are_a_file_cut_short(tmp_path):
    # `jq .` writes objects one after another: zeroed from an object's start, the objects
    # there are lost; said as a note only, and a rebuild dropped them. After an array closed,
    # padding is still padding.
    f = tmp_path / "objects.json"
    pretty = "".join(json.dumps({"id": f"o{i}", "title": "Tin", "text": TEXT}, indent=2) + "\n" for i in range(4))
    cut = pretty.index('{\n  "id": "o3"')
    f.write_bytes(pretty[:cut].encode() + b"\x00" * (len(pretty) - cut))
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["o0", "o1", "o2"]
    assert len(probs) == 1 and probs[0].halted and not probs[0].fatal and "bị cắt" in probs[0].message, probs


@pytest.mark.parametrize("layout", ["utf-8 lines", "utf-16 lines", "cr lines", "array", "objects"])
def test_a_block_of_zeros_inside_a_file_is_said_and_reads_in_part(tmp_path, layout):
    # Blocks a crash never wrote inside a file read as zeros: the records there are lost,
    # and read as text of a string they joined one record's start to another's end (stored
    # with another article's text and address), silently; a rebuild dropped the articles.
    records = [json.dumps({"id": f"z{i}", "title": "Tin", "text": f"{TEXT} " * 20 + f"số {i}.",
                           "url": f"https://x.vn/{i}"}, ensure_ascii=False) for i in range(8)]
    end_of = "\r" if layout == "cr lines" else "\n"
    text = ("[\n" + ",\n".join(records) + "\n]\n" if layout == "array"
            else "".join(r + end_of + ("\n" if layout == "objects" else "") for r in records))
    encoding = "utf-16-le" if layout == "utf-16 lines" else "utf-8"
    data = text.encode(encoding)
    start = data.index(f"{TEXT} số 2".encode(encoding))          # inside z2's text ...
    end = data.index('"url": "https://x.vn/4"'.encode(encoding))   # ... to inside z4
    f = tmp_path / ("a.json" if layout in ("array", "objects") else "a.jsonl")
    f.write_bytes(data[:start] + b"\x00" * (end - start) + data[end:])
    arts, probs = _items([f])
    got = {a.id: a for a in arts}
    # (in an array, what follows a break cannot be told apart: reading stops there)
    after = set() if layout == "array" else {"z5", "z6", "z7"}
    assert {"z0", "z1"} | after <= set(got) and not {"z2", "z3"} & set(got), (layout, sorted(got), probs)
    assert all(a.meta.get("url", "").endswith("/" + a.id[1:]) for a in arts), layout
    assert any(p.halted and "byte 0" in p.message for p in probs), (layout, probs)


def test_a_text_with_a_block_of_zeros_inside_is_said_and_skipped(tmp_path):
    text = ("Giá điện tăng\n" + "EVN cho biết giá điện tăng từ hôm nay. " * 200).encode()
    (tmp_path / "hole.txt").write_bytes(text[:200] + b"\x00" * 64 + text[264:])
    arts, probs = _items([tmp_path / "hole.txt"])
    assert not arts and len(probs) == 1 and probs[0].halted and "byte 0" in probs[0].message


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_nul_characters_written_as_escapes_are_said_as_damaged_data_when_many(tmp_path, suffix):
    # A stray "\u0000" or two is cleaned; a run of them is a field damaged before it was
    # exported (all of them: the text cleaned to nothing replaced the copy held, silently):
    # said as such, not as a block of the file lost, the article skipped and the others read.
    records = [json.dumps({"id": f"e{i}", "title": "Tin", "text": TEXT + ("\u0000" * 2 if i == 0 else "")
                           + ("\u0000" * 4096 if i == 1 else "")}) for i in range(3)]
    f = tmp_path / f"esc{suffix}"
    f.write_text("\n".join(records) + "\n" if suffix == ".jsonl" else "[" + ",\n".join(records) + "]\n", "utf-8")
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["e0", "e2"], probs
    assert len(probs) == 1 and probs[0].halted and "\\u0000" in probs[0].message and "giữa tệp" not in probs[0].message


def test_a_block_of_zeros_early_in_utf16_lines_without_a_mark_is_no_binary_file(tmp_path):
    # A block in the first 8 KiB made the file "binary": every article lost.
    records = [json.dumps({"id": f"u{i}", "title": "Tin", "text": f"{TEXT} số {i}."}, ensure_ascii=False)
               for i in range(20)]
    data = "".join(r + "\n" for r in records).encode("utf-16-le")
    start = data.index(f"{TEXT} số 1".encode("utf-16-le"))
    end = data.index(f'"id": "u3"'.encode("utf-16-le"))
    f = tmp_path / "wide.jsonl"
    f.write_bytes(data[:start] + b"\x00" * (end - start) + data[end:])
    arts, probs = _items([f])
    assert [a.id for a in arts] == ["u0"] + [f"u{i}" for i in range(4, 20)], probs
    assert any(p.halted and "byte 0" in p.message for p in probs), probs


@pytest.mark.parametrize("layout", ["lines", "array", "txt"])
def test_eight_zero_bytes_in_utf16_are_a_block_lost_too(tmp_path, layout):
    # Counted in characters, 8 to 15 zero bytes (4 to 7 characters of UTF-16) passed: the
    # zeros were cleaned out of the text ("đồng/lượng50.000") or the record dropped unsaid.
    text = TEXT + " Giá vàng 100.000 đồng/lượng và 50.000 đồng/chỉ."
    records = [json.dumps({"id": f"w{i}", "title": "Tin", "text": text}, ensure_ascii=False) for i in range(3)]
    if layout == "txt":
        data = text.encode("utf-16")
        cut = data.index("và".encode("utf-16-le"))
        f = tmp_path / "w1.txt"
    else:
        body = "\n".join(records) + "\n" if layout == "lines" else "[" + ",\n".join(records) + "]\n"
        data = body.encode("utf-16")
        cut = data.index("và".encode("utf-16-le"), data.index('"w1"'.encode("utf-16-le")))
        f = tmp_path / ("w.jsonl" if layout == "lines" else "w.json")
    f.write_bytes(data[:cut] + b"\x00" * 8 + data[cut + 8:])
    arts, probs = _items([f])
    assert "w1" not in [a.id for a in arts] and any(p.halted and "byte 0" in p.message for p in probs), probs
    if layout == "lines":
        assert [a.id for a in arts] == ["w0", "w2"]


def test_a_file_whose_first_block_is_zeros_keeps_the_lines_after_it(tmp_path):
    # JSON lines in a code page, their first 4 KiB zeroed: "tệp nhị phân", every article lost.
    records = [json.dumps({"id": f"c{i}", "title": "Tin", "text": TEXT * 3}, ensure_ascii=False) for i in range(40)]
    data = _cp1258("\n".join(records) + "\n")
    f = tmp_path / "cp.jsonl"
    f.write_bytes(b"\x00" * 4096 + data[4096:])
    arts, probs = _items([f])
    lost = 4096 // (len(data) // 40) + 1           # (the records the block covered, in part or whole)
    assert [a.id for a in arts] == [f"c{i}" for i in range(lost, 40)], probs
    assert any(p.halted and "byte 0" in p.message for p in probs), probs
    assert not [p for p in probs if "nhị phân" in p.message]
