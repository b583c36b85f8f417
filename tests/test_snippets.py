"""Snippets: matches marked in the original text, everything else escaped."""

import re

import pytest

from ctsearch.snippets import Needle, find_matches, highlight, make_snippet
from ctsearch.textnorm import canon, fold


def needle(text: str) -> Needle:
    syl = tuple(canon(w) for w in text.split())
    return Needle(syl, tuple(fold(s) for s in syl))


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


@pytest.mark.parametrize("text, query, expected", [
    ("Dự án điện gió Bến Tre", "điện gió", ["điện gió"]),
    ("Dự án ĐIỆN GIÓ Bến Tre", "điện gió", ["ĐIỆN GIÓ"]),
    ("Dự án điện gió Bến Tre", "dien gio", ["điện gió"]),
    ("Nhà máy thuỷ điện Hoà Bình", "thủy điện hòa bình", ["thuỷ điện Hoà Bình"]),
    ("giá điện tăng, giá diện rộng", "giá điện", ["giá điện"]),          # accent-exact wins
    ("gia dien sinh hoat tang manh tu thang nay", "giá điện", ["gia dien"]),  # text without accents
    ("Tham gia thị trường điện cạnh tranh", "giá", []),                # not "gia" in accented text
    ("chỉ số 2.983,97 tỷ đồng", "2.983,97", ["2.983,97"]),
])
def test_find_matches_marks_the_right_words(text, query, expected):
    assert marked(highlight(text, [needle(query)])) == expected


def test_a_word_is_not_marked_inside_the_longer_words_the_search_did_not_match_it_in():
    """"tiêu" searched for pepper is no match inside "tiêu dùng" (spending): a hit holding
    both has only the pepper marked, in accented text and in text written without marks."""
    tieu = Needle(("tiêu",), ("tieu",), outside=("tiêu_dùng", "mục_tiêu"))
    text = "Nhu cầu Tiêu dùng tăng, mục tiêu đạt được; giá tiêu đen và hồ tiêu đều tăng."
    assert marked(highlight(text, [tieu, needle("giá")])) == ["giá", "tiêu", "tiêu"]
    assert marked(highlight("nhu cau tieu dung tang, gia tieu tang", [tieu])) == ["tieu"]
    # Only where they are written so: "tiêu dụng" is none of them.
    assert marked(highlight("tiêu dụng", [tieu])) == ["tiêu"]
    assert marked(highlight(text, [needle("tiêu")])) == ["Tiêu", "tiêu", "tiêu", "tiêu"]
    # Nor a phrase holding part of one ("giá tiêu" of "giá tiêu dùng"); one holding the whole
    # word is marked.
    run = Needle(("giá", "tiêu"), ("gia", "tieu"), outside=("tiêu_dùng",))
    assert marked(highlight("Chỉ số giá tiêu dùng tăng; giá tiêu đen tăng.", [run, tieu])) == ["giá tiêu"]
    whole = Needle(("giá", "tiêu", "dùng"), ("gia", "tieu", "dung"), outside=("tiêu_dùng",))
    assert marked(highlight("Chỉ số giá tiêu dùng tăng.", [whole])) == ["giá tiêu dùng"]


def test_an_article_repeating_the_words_thousands_of_times_is_cut_as_any(monkeypatch):
    """A whole report pasted as one article holds its words tens of thousands of times:
    the words inside longer ones are still left unmarked among them (each match looks only
    at the longer words beside it), and the windows start at the first matches only
    (``MAX_WINDOWS``), so the best cluster after them is not looked for."""
    import ctsearch.snippets as snippets
    tieu = Needle(("tiêu",), ("tieu",), outside=("tiêu_dùng",))
    text = "Giá tiêu đen tăng; hàng tiêu dùng giảm. " * 3000
    assert marked(highlight(text, [tieu])) == ["tiêu"] * 3000

    # Each window looks at the matches within its width, not at every later one: the
    # matches read grow with their number, not its square.
    class Counted(list):
        read = 0

        def __getitem__(self, key):
            got = super().__getitem__(key)
            Counted.read += len(got) if isinstance(key, slice) else 1
            return got

        def __iter__(self):
            for m in super().__iter__():
                Counted.read += 1
                yield m
    find = snippets.find_matches
    monkeypatch.setattr(snippets, "find_matches", lambda *a, **k: Counted(find(*a, **k)))
    repeated = "giá lúa " * 3000
    assert marked(make_snippet(repeated, [needle("lúa")]))[:2] == ["lúa", "lúa"]
    assert Counted.read < 100 * 3000, Counted.read
    monkeypatch.setattr(snippets, "MAX_WINDOWS", 5, raising=False)
    long = "Giá lúa tăng. " * 20 + "Giá lúa gạo xuất khẩu tăng. " + "Giá lúa tăng. " * 20
    got = make_snippet(long, [needle("lúa"), needle("xuất khẩu")])
    assert marked(got)[:2] == ["lúa", "lúa"] and "xuất khẩu" not in marked(got)[:4]
    monkeypatch.setattr(snippets, "MAX_WINDOWS", 1000, raising=False)
    assert "xuất khẩu" in marked(make_snippet(long, [needle("lúa"), needle("xuất khẩu")]))


def test_everything_but_mark_is_escaped():
    text = 'Bài có <script>alert("x")</script> và điện gió & "trích dẫn"'
    html = highlight(text, [needle("điện gió")])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
    assert marked(html) == ["điện gió"]
    assert re.sub(r"</?mark>", "", html).count("<") == 0


def test_snippet_is_a_window_around_the_matches():
    text = ("Mở đầu bài viết rất dài. " * 30) + "Tỉnh đặt mục tiêu có 377MW điện gió vào năm 2023. " + ("Kết thúc. " * 30)
    snip = make_snippet(text, [needle("điện gió")], width=200)
    assert marked(snip) == ["điện gió"]
    plain = re.sub(r"</?mark>", "", snip)
    assert len(plain) <= 260
    assert plain.startswith("… ") and plain.endswith(" …")
    assert "_" not in plain


def test_snippet_prefers_the_window_with_most_distinct_terms():
    text = ("điện gió ở đây. " + "chữ khác " * 40 + "Bến Tre phát triển điện gió mạnh. " + "đuôi " * 40)
    snip = make_snippet(text, [needle("điện gió"), needle("Bến Tre")], width=120)
    assert set(marked(snip)) == {"điện gió", "Bến Tre"}


def test_a_word_the_window_lacks_is_shown_in_a_second_stretch():
    # "điện gió" and "Bến Tre" stand 800 characters apart: the snippet shows both, each in
    # a stretch of its own, with "…" between them.
    text = ("Mở đầu. " * 5 + "Dự án khai thác cát ở Bến Tre có sai phạm. " + "Câu khác ở giữa. " * 50
            + "Tỉnh ưu tiên du lịch, điện gió, điện mặt trời. " + "Kết thúc. " * 20)
    wind, place = needle("điện gió"), needle("Bến Tre")
    wind.concepts, place.concepts = frozenset({0}), frozenset({1})
    snip = make_snippet(text, [wind, place], width=200)
    assert marked(snip) == ["Bến Tre", "điện gió"]
    assert snip.startswith("… ") and snip.endswith(" …") and " … " in snip.strip("… ")
    assert len(re.sub(r"</?mark>", "", snip)) <= 260


def test_the_second_stretch_shows_the_heaviest_word_the_window_lacks():
    # "Lạng Sơn" in the window, "cửa" below it, "xuất khẩu" (two syllables) further: the
    # stretch goes to "xuất khẩu", not to the nearer "cửa"; a narrow width never fails.
    text = ("Thành phố Lạng Sơn đông đúc. " + "Câu khác ở giữa. " * 50
            + "Hàng đi qua cửa này. " + "Câu khác ở giữa. " * 20 + "Xuất khẩu nông sản tăng mạnh. " + "Hết. " * 20)
    export, via, place = needle("xuất khẩu"), needle("cửa"), needle("Lạng Sơn")
    export.concepts, via.concepts, place.concepts = frozenset({0}), frozenset({1}), frozenset({2})
    snip = make_snippet(text, [export, via, place], width=200)
    assert marked(snip) == ["Lạng Sơn", "Xuất khẩu"], snip
    for width in (5, 20, 40):
        assert make_snippet(text, [export, via, place], width=width)
    assert not make_snippet("Giá xăng tăng mạnh trong tuần này ở nhiều nơi", [], width=14).endswith("mạ …")


def test_a_synonym_in_the_window_stands_for_its_word():
    # "phong điện" is "điện gió": no second stretch for the other form of a word shown.
    text = "Phong điện ở Bến Tre phát triển. " + "Câu khác ở giữa. " * 60 + "Nói thêm về điện gió. " + "Hết. " * 20
    wind, other, place = needle("điện gió"), needle("phong điện"), needle("Bến Tre")
    wind.concepts = other.concepts = frozenset({0})
    place.concepts = frozenset({1})
    snip = make_snippet(text, [wind, other, place], width=200)
    assert marked(snip) == ["Phong điện", "Bến Tre"] and " … " not in snip


def test_snippet_shows_the_story_rather_than_the_related_headlines_listed_under_it():
    # News sites list other stories' headlines and dates under a story; they hold the query's
    # words more often than the story does, but say what the other stories are about.
    story = ("Nhà thầu Technip báo cáo tiến độ thực hiện dự án. " * 3 + "Nhà máy lọc dầu mới sẽ khởi công "
             "tại Quảng Ngãi vào cuối tháng. Công việc đang được tiến hành thuận lợi.")
    links = ("Ký hợp đồng gói thầu Nhà máy lọc dầu Dung Quất(18/05/2005)\n"
             "Đẩy nhanh tiến độ dự án lọc dầu Dung Quất(12/04/2005)\n"
             "Sắp khởi công Nhà máy lọc dầu Dung Quất(01/09/2004)")
    snip = make_snippet(story + "\n" + links, [needle("lọc dầu"), needle("Dung Quất")], width=200)
    plain = re.sub(r"</?mark>", "", snip)
    assert marked(snip) == ["lọc dầu"] and "Quảng Ngãi" in plain and "(" not in plain
    # Where only the headlines hold the words, they are shown.
    snip = make_snippet("Tin ngắn về thị trường.\n" + links, [needle("Dung Quất")], width=200)
    assert "Dung Quất" in marked(snip)
    # A match running from the story into the list is shown whole.
    snip = make_snippet("Ông A nói về nhà máy lọc\nDầu khí Dung Quất(18/05/2005)\n"
                        "Sắp khởi công Nhà máy lọc dầu Dung Quất(01/09/2004)", [needle("lọc dầu")], width=200)
    assert marked(snip)[0].startswith("lọc")
    # A sentence ending with a day and month is prose, not a headline.
    text = "Giá xăng tăng. Dự án Dung Quất được khởi công chiều qua (20/6)\nDung Quất(12/04/2005)"
    assert "khởi công" in make_snippet(text, [needle("Dung Quất")], width=60)


def test_snippet_without_match_shows_the_start():
    snip = make_snippet("Câu đầu tiên. Câu thứ hai.", [needle("không có")], width=200)
    assert snip == "Câu đầu tiên. Câu thứ hai."


def test_nfc_offsets_with_multibyte_text():
    text = "Ở Đắk Lắk, điện mặt trời phát triển"
    spans = find_matches(text, [needle("điện mặt trời")])
    assert [text[s:e] for s, e, _ in spans] == ["điện mặt trời"]


def test_accented_needle_does_not_mark_look_alikes():
    text = "Giá dầu tăng, vốn đầu tư giảm; gia dau tho."
    assert marked(highlight(text, [needle("dầu")])) == ["dầu"]
    assert marked(highlight("vốn đầu tư; gia dau tho", [needle("dầu")])) == []  # accented text
    assert marked(highlight("Von dau tu tang.\nGia dau tho giam manh trong tuan qua", [needle("dầu")])) == ["dau"]


def test_a_short_line_of_a_text_written_without_marks_is_marked_too():
    text = "Gia xang dau hom nay tang manh o nhieu noi tren ca nuoc.\nGia dau tho giam nhe."
    assert marked(highlight(text, [needle("dầu")])) == ["dau", "dau"]


def test_a_bare_look_alike_is_marked_only_in_a_paragraph_written_without_accents():
    # As the search decides: "gia" may be "giá" typed plainly, but never in accented text.
    text = "Doanh nghiệp tham gia thị trường điện.\nGia dien sinh hoat tang manh tu thang nay."
    spans = find_matches(text, [needle("giá")])
    assert [text[s:e] for s, e, _ in spans] == ["Gia"]


def test_names_written_with_punctuation_are_marked():
    """The query's atoms know where their punctuation stands: "Bà Rịa - Vũng Tàu" and
    "BR-VT" are marked whole, and a phrase without a gap never spans punctuation."""
    text = "Công an tỉnh Bà Rịa - Vũng Tàu (BR-VT) họp. Khu. Công nghiệp mới."
    long_form = Needle(("bà", "rịa", "vũng", "tàu"), ("ba", "ria", "vung", "tau"), (0, 1, 3, 4))
    short_form = Needle(("br", "vt"), ("br", "vt"), (0, 2))
    assert make_snippet(text, [long_form, short_form]).startswith(
        "Công an tỉnh <mark>Bà Rịa - Vũng Tàu</mark> (<mark>BR-VT</mark>) họp.")
    assert find_matches(text, [Needle(("khu", "công", "nghiệp"), ("khu", "cong", "nghiep"))]) == []


def test_numbers_with_separators_stay_one_syllable():
    """The indexer reads "1.000" and "4.0" as one syllable each, so a phrase holding one
    is marked whole; punctuation between letters still splits ("BR-VT")."""
    text = "Giá 1.000 đồng một cân; cách mạng công nghiệp 4.0 và tăng 12,5%."
    assert highlight(text, [needle("giá 1.000 đồng"), needle("công nghiệp 4.0"), needle("tăng 12,5")]) == (
        "<mark>Giá 1.000 đồng</mark> một cân; cách mạng <mark>công nghiệp 4.0</mark> và <mark>tăng 12,5</mark>%.")


def test_a_stray_combining_mark_does_not_hide_the_other_matches():
    text = "Ở câu 44. Quốc \u0323lộ 1 đi qua Thừa Thiên Huế."
    assert "<mark>Thừa Thiên Huế</mark>" in highlight(text, [Needle(("thừa", "thiên", "huế"), ("thua", "thien", "hue"))])


def test_a_term_written_with_a_list_mark_is_marked_whole_on_one_line_only():
    needle = Needle(("chế", "biến", "chế", "tạo"), ("che", "bien", "che", "tao"), joints=(2,))
    assert highlight("Ngành chế biến, chế tạo tăng", [needle]) == "Ngành <mark>chế biến, chế tạo</mark> tăng"
    assert highlight("Ngành chế biến chế tạo tăng", [needle]) == "Ngành <mark>chế biến chế tạo</mark> tăng"
    # the index reads a mark and a line break as a clause boundary: no match there
    assert "<mark>" not in highlight("Ngành chế biến,\nchế tạo tăng", [needle])
    assert "<mark>" not in highlight("Ngành chế biến. Chế tạo tăng", [needle])


def test_a_short_headline_without_diacritics_is_marked_as_its_plain_article_is():
    from ctsearch.snippets import plain_title
    body = "Gia dien sinh hoat tang manh tu thang nay, nguoi dan lo lang."
    title = "Gia dien tang manh"          # too short to judge alone
    assert marked(highlight(title, [needle("giá điện")], plain_title(title, body))) == ["Gia dien"]
    assert marked(highlight(title, [needle("giá điện")])) == []
    # An accented article, or a headline with diacritics, is judged as before.
    assert plain_title(title, "Giá điện sinh hoạt tăng mạnh từ tháng này.") is None
    assert plain_title("Giá điện tăng", body) is None


@pytest.mark.parametrize("text, plain", [
    ("Gia dien sinh hoat tang manh tu thang nay, nguoi dan lo lang", True),
    ("Các gia đình có con nhỏ cần chú ý.\nGia xang tang manh tu hom nay o Ha Noi", True),
    # a credit line, a line-up of foreign names, English: no Vietnamese written bare
    ("Các gia đình có con nhỏ cần chú ý. Hà Nội ghi nhận 5 ca mắc mới trên 20 ha.\nTheo The Conversation", False),
    ("Trận đấu diễn ra sôi nổi.\nAlisson, Alexander-Arnold, Van Dijk, Robertson, Salah, Firmino", False),
    ("Giá dầu tăng.\nThe company said it would cut prices again next month, analysts said", False),
    ("Giá lúa tăng mạnh.", False),
])
def test_text_written_without_diacritics_is_vietnamese_written_so(text, plain):
    from ctsearch.textnorm import has_plain_text
    assert has_plain_text(text) is plain


def test_a_credit_line_without_marks_lets_no_accented_word_match_a_bare_one(tmp_path):
    # "Theo The Conversation" under an accented story: "giá" is not "gia" (gia đình) in it,
    # "cá" not "ca"; an article written without marks still finds them.
    from conftest import indexed
    from ctsearch.query import SearchEngine
    index_dir = indexed([
        {"id": "credit", "title": "Tin gia đình", "text": "Các gia đình có con nhỏ cần chú ý. Hà Nội ghi nhận "
                                                         "5 ca mắc mới trên 20 ha.\nTheo The Conversation"},
        {"id": "price", "title": "Giá lúa", "text": "Giá lúa tăng mạnh, cá tra xuất khẩu."},
        {"id": "bare", "title": "Gia ca thi truong", "text": "Gia ca thi truong hom nay tang manh, nguoi dan lo lang."},
    ], tmp_path)
    engine = SearchEngine(index_dir)
    try:
        assert {h.id for h in engine.search("giá").hits} == {"price", "bare"}
        assert {h.id for h in engine.search("cá").hits} == {"price", "bare"}
        assert "credit" in {h.id for h in engine.search("-giá").hits}
    finally:
        engine.close()


def test_an_untitled_article_s_snippet_follows_the_sentence_shown_as_its_title():
    from ctsearch.titles import derived_title_end, display_title
    body = "Chó lập kỷ lục Guinness về chiều cao. Con chó cao 1,1 m sống ở Mỹ. Chủ của nó rất tự hào."
    assert display_title("", body).text.startswith("Chó lập kỷ lục Guinness")
    snip = make_snippet(body, [], width=200, skip=derived_title_end(body))
    assert snip.startswith("Con chó cao") and "Guinness" not in snip
    assert make_snippet("Một câu ngắn.", [], width=200, skip=derived_title_end("Một câu ngắn.")) == "Một câu ngắn."
    spaced = body.replace("lập kỷ", "lập  kỷ")          # the title's spaces are collapsed
    assert make_snippet(spaced, [], width=200, skip=derived_title_end(spaced)).startswith("Con chó cao")
    long = "Người dân " + "rất " * 60 + "vui mừng khi nghe tin. Câu sau."   # a title cut short
    snip = make_snippet(long, [], width=100, skip=derived_title_end(long))
    assert snip.startswith("… ") and display_title("", long).text.endswith("…")
