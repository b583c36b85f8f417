"""What the search box offers while a query is typed: the library, the JSON API and the CLI."""

from __future__ import annotations

import json

import pytest

from conftest import indexed, make_client
from ctsearch.cli import main
from ctsearch.query import SearchEngine
from ctsearch.textnorm import fold


@pytest.fixture(scope="module")
def seeds_engine(seeds_index):
    engine = SearchEngine(seeds_index)
    yield engine
    engine.close()


def repeated(*kinds: tuple[str, str, str, int]) -> list[dict]:
    """Articles of each kind (id prefix, title, text, how many), numbered."""
    return [{"id": f"{prefix}{i}", "title": f"{title} {i}", "text": text}
            for prefix, title, text, n in kinds for i in range(n)]


def texts(engine, typed: str, limit: int = 8) -> list[str]:
    return [c.text for c in engine.complete(typed, limit)]


@pytest.mark.parametrize("typed, first", [
    ("thuong mai d", "thương mại điện tử"),        # the trade's term the words typed open
    ("dien g", "điện gió"),                         # finished as the articles write it
    ("điện g", "điện gió"),                         # typed with marks: the marks kept
    ("san pham cong nghiep n", "sản phẩm công nghiệp nông thôn"),
    ("THUONG MAI D", "thương mại điện tử"),         # capitals typed read as any letters
])
def test_the_query_typed_is_offered_finished_with_its_marks(seeds_engine, typed, first):
    assert texts(seeds_engine, typed)[0] == first


@pytest.mark.parametrize("typed, as_read", [("thuong mai ð", "thuong mai đ"), ("ｔｈｕｏｎｇ ｍａｉ ｄ", "thuong mai d"),
                                             ("thuong\u2063 mai d", "thuong mai d")])
def test_look_alike_and_full_width_letters_are_finished_as_the_search_reads_them(seeds_engine, typed, as_read):
    assert texts(seeds_engine, typed) == texts(seeds_engine, as_read) != []


def test_every_offer_begins_as_typed(seeds_engine):
    for typed in ("x", "dien", "gia ", "xuat kh", "thuong mai "):
        offered = texts(seeds_engine, typed)
        assert offered, typed
        assert all(fold(t).startswith(fold(typed).rstrip()) for t in offered), (typed, offered)


def test_after_a_space_the_next_word_is_offered(seeds_engine):
    offered = texts(seeds_engine, "thuong mai ")
    assert offered and all(t.startswith("thương mại ") and len(t.split()) > 2 for t in offered)


def test_a_first_word_is_finished_into_the_index_s_words_and_names_capitalised(seeds_engine):
    offered = texts(seeds_engine, "dien")
    assert "Điện Biên Phủ" in offered
    assert all(" " in t or t in ("điện",) for t in offered)     # words of several syllables


def test_a_first_word_is_finished_into_a_code_or_a_name_as_the_trade_writes_it(tmp_path):
    # "cov" offered "cover designer", the words of one article, "covid" nothing; "evn"
    # nothing, "ev" the footballers of Everton first.
    from conftest import indexed
    records = [{"id": f"c{i}", "title": f"Covid tin {i}", "text": "Dịch Covid ảnh hưởng xuất khẩu."} for i in range(6)]
    records += [{"id": f"e{i}", "title": f"EVN tin {i}", "text": "EVN tăng giá điện."} for i in range(3)]
    records += [{"id": f"f{i}", "title": f"Everton thắng {i}", "text": "Everton thắng trận."} for i in range(8)]
    records += [{"id": "d", "title": "Tin", "text": "Cover Designer Awards trao giải."}]
    records += [{"id": f"g{i}", "title": f"Giá lúa {i}", "text": "Giá lúa tăng ở Cần Thơ."} for i in range(40)]
    records += [{"id": f"w{i}", "title": "Tin", "text": "Made from rice, with love."} for i in range(5)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        assert [c.text for c in engine.complete("cov")] == ["covid"]
        assert [c.text for c in engine.complete("ev")][:2] == ["EVN", "everton"]
        assert "from" not in [c.text for c in engine.complete("fr")]     # (a small word of another language)
    finally:
        engine.close()


def test_a_word_typed_whole_before_a_space_keeps_its_letters(tmp_path):
    # "ha " offered "hành vi", "hành chính": the word before the space finished as if it
    # were still being typed. Typed whole, only its marks are read (hà, hạ).
    from conftest import indexed
    records = [{"id": f"h{i}", "title": f"Hành vi gian lận {i}", "text": "Hành vi gian lận thương mại, hành vi vi phạm."}
               for i in range(30)]
    records += [{"id": f"n{i}", "title": f"Hà Nội tin {i}", "text": "Hà Nội tăng giá điện, Hà Nội mưa."} for i in range(10)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        offered = [c.text for c in engine.complete("ha ")]
        assert offered and all(fold(t.split()[0].lower()) == "ha" for t in offered), offered
    finally:
        engine.close()


@pytest.mark.parametrize("typed", ["", "   ", "gia 10", "gia 10 ", "covid-1", "zzqx", "x" * 201, "thuong mai d\"",
                                   "\x00", "đ" * 150])
def test_nothing_is_offered_where_nothing_can_be_finished(seeds_engine, typed):
    assert texts(seeds_engine, typed) == []


@pytest.mark.parametrize("typed, first", [
    ('"thuong mai d', '"thương mại điện tử"'),        # a phrase opened: finished and closed
    ("“dien g", "“điện gió”"),
    ("gạo OR dien g", "gạo OR điện gió"),             # the words after an OR
    ("gạo -giá dien g", "gạo -giá điện gió"),         # after a word left out
    ('"xuất khẩu" dien g', '"xuất khẩu" điện gió'),   # after a phrase closed
])
def test_a_query_with_operators_is_finished_in_its_last_plain_words(seeds_engine, typed, first):
    # The box fell silent once a quote, an OR or a word left out was typed, which the page's
    # tips recommend; the best search boxes go on completing.
    assert texts(seeds_engine, typed)[0] == first


def test_the_words_typed_with_capitals_or_marks_before_an_operator_s_tail_stay_as_typed(seeds_engine):
    # `-Sơn La dien g` offered "-Sơn Là điện gió", which leaves out "Sơn" and requires "là".
    offered = texts(seeds_engine, "-Sơn La dien g")
    assert offered and all(t.startswith("-Sơn La dien g") for t in offered), offered
    assert len(offered) == len(set(offered))


@pytest.mark.parametrize("typed", ["gao -di", "gạo OR ", '"thuong mai" -d', '"dien OR g'])
def test_a_word_being_left_out_is_not_finished(seeds_engine, typed):
    assert texts(seeds_engine, typed) == []


def test_a_limit_is_kept(seeds_engine):
    assert len(texts(seeds_engine, "x", 1)) == 1


def test_the_word_before_is_read_again_by_the_word_being_typed(tmp_path):
    # "giá cả" alone is far likelier than "giá cà"; the "p" typed after it says "giá cà phê"
    # (the restorer reads the words before alone; the pairs of the index tell the rest).
    records = [{"id": f"a{i}", "title": f"Giá cả thị trường tuần {i}",
                "text": f"Giá cả tăng. Giá cả hàng hóa ổn định, giá cả phải chăng ở chợ số {i}."} for i in range(60)]
    records += [{"id": f"b{i}", "title": f"Giá cà phê hôm nay {i}",
                 "text": "Giá cà phê giảm. Nông dân trồng cà phê lo lắng vì giá cà phê thấp."} for i in range(25)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        assert texts(engine, "gia ca p")[0] == "giá cà phê"
        assert texts(engine, "gia ca ph")[0] == "giá cà phê"
    finally:
        engine.close()


def test_old_or_new_is_offered_after_a_province_a_merger_changed(tmp_path):
    # `ha giang c` offered only words the articles write after "Hà Giang" ("Cần Thơ"…),
    # never "cũ", which says the province as it was; "mới" only after today's unit's name.
    records = repeated(("hg", "Thủy điện Hà Giang", "Thủy điện Hà Giang chiếm phần lớn sản lượng.", 6),
                       ("tq", "Tuyên Quang", "Tuyên Quang mời gọi đầu tư, mùa vụ mới.", 6),
                       ("hn", "Hà Nội", "Hà Nội chiều nay có mưa.", 6))
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        for typed, first in (("ha giang c", "hà giang cũ"), ("thuy dien ha giang cu", "thủy điện hà giang cũ"),
                             ("tuyen quang mo", "tuyên quang mới"), ("Tuyên Quang c", "Tuyên Quang cũ")):
            offered = engine.complete(typed)
            assert offered and offered[0].text == first and offered[0].articles > 0, (typed, offered)
        assert "hà giang mới" not in texts(engine, "ha giang m")       # Hà Giang is no unit today
        assert not any(t.endswith((" cũ", " mới")) for t in texts(engine, "ha noi c") + texts(engine, "ha noi m"))
    finally:
        engine.close()
    # Today's unit by its short forms too: "hcm mới" (it was offered after the full name only).
    from ctsearch.placequery import qualifiers_after
    for head in ("hcm", "tp hcm", "TP.HCM", "tphcm", "Hồ Chí Minh"):
        assert qualifiers_after(head, "m") == ["mới"] and qualifiers_after(head, "c") == ["cũ"], head


def test_half_a_word_is_never_offered(tmp_path):
    # "đầu" after "thương mại" begins "đầu tư" here; "thương mại đầu" is no query.
    records = [{"id": f"a{i}", "title": f"Thương mại đầu tư số {i}",
                "text": "Hội chợ thương mại đầu tư. Đầu tư vào thương mại điện tử tăng. Đầu tư công."}
               for i in range(6)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        offered = texts(engine, "thuong mai d")
        assert offered and "thương mại đầu" not in offered
    finally:
        engine.close()


def test_a_question_or_a_time_a_query_ends_with_is_finished(tmp_path):
    # "nào" and "nay" are small words never offered alone; "khi nào", "hôm nay" are what
    # a reader asking ends a query with.
    records = [{"id": f"a{i}", "title": f"Giá xăng hôm nay {i}",
                "text": "Giá xăng tăng khi nào? Khi nào giá xăng giảm. Hôm nay giá xăng tăng. "
                        "Khi nắm được thông tin, khi nấu ăn, khi nằm viện."} for i in range(8)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        assert texts(engine, "gia xang tang khi na")[0] == "giá xăng tăng khi nào"
        assert texts(engine, "gia xang h")[0] == "giá xăng hôm nay"
    finally:
        engine.close()


def test_a_word_without_a_subject_ends_no_offer(tmp_path):
    # "bởi", "đều", "nhằm" follow "công thương" and "thương mại" in many sentences, but a query
    # ending with one is half a sentence: never offered, unless typed whole.
    records = [{"id": f"b{i}", "title": f"Tin {i}",
                "text": "Ngành công thương bởi vậy tăng. Thương mại đều tăng. Thương mại nhằm phát triển. "
                        "Thương mại dịch vụ tăng. Thương mại nhanh. Công thương bán hàng."}
               for i in range(8)]
    records += [{"id": f"f{i}", "title": f"Thời tiết {i}", "text": f"Trời nắng ngày thứ {i}."} for i in range(40)]
    engine = SearchEngine(indexed(records, tmp_path))
    try:
        offered = texts(engine, "cong thuong b") + texts(engine, "thuong mai d") + texts(engine, "thuong mai nh")
        assert offered and not any(o.split()[-1] in ("bởi", "đều", "nhằm") for o in offered), offered
        assert "thương mại đều" in texts(engine, "thuong mai deu")
    finally:
        engine.close()


def test_after_a_term_the_next_word_is_one_the_articles_write_after_it(tmp_path):
    # "điện hạt" is written only inside "điện hạt nhân", "điện hỏi" only in "gọi điện hỏi":
    # after "thủy điện", neither goes on the query; "Hòa Bình" does.
    engine = SearchEngine(indexed(repeated(
        ("n", "Điện hạt nhân", "Dự án điện hạt nhân Ninh Thuận tạm dừng.", 12),
        ("c", "Khách gọi điện", "Khách gọi điện hỏi giá, gọi điện hỏi hàng.", 40),
        ("h", "Thủy điện Hòa Bình", "Thủy điện Hòa Bình xả lũ. Thủy điện nhỏ.", 3)), tmp_path))
    try:
        offered = texts(engine, "thuy dien h")
        assert offered[0] == "thủy điện Hòa Bình", offered
        assert "thủy điện hạt nhân" not in offered
    finally:
        engine.close()


def test_the_words_typed_before_order_the_offers_and_say_their_count(tmp_path):
    # "công" goes on into "nghệ" far more often than into "nghiệp", but after "khu công" the
    # articles write "nghiệp": the industrial zone comes first, and each offer says how many
    # articles write the words typed with it (not how many write "công nghệ").
    engine = SearchEngine(indexed(repeated(
        ("t", "Công nghệ mới", "Doanh nghiệp ứng dụng công nghệ số.", 40),
        ("k", "Khu công nghiệp", "Khu công nghiệp thu hút vốn.", 10),
        ("c", "Khu công nghệ cao", "Khu công nghệ cao Hòa Lạc.", 3),
        ("ty", "Công ty", "Công ty cổ phần Hòa Phát.", 20),
        ("kt", "Khu tái định cư", "Khu tái định cư mới.", 3)), tmp_path))
    try:
        offered = engine.complete("khu cong ng")
        assert [c.text for c in offered][:2] == ["khu công nghiệp", "khu công nghệ"], offered
        assert [c.articles for c in offered][:2] == [10, 3], offered
        # An offer no article writes so comes last and says so ("khu công ty": none).
        offered = engine.complete("khu cong t")
        assert offered[-1].text == "khu công ty" and offered[-1].articles == 0, offered
    finally:
        engine.close()


def test_an_offer_whose_words_no_article_holds_together_is_not_offered(tmp_path):
    # The pairs see two words at a time: "nghề" + "bác sĩ" is common ("nghề bác sĩ"), so
    # `lang nghe bac` went on into "làng nghề bác sĩ", which no article holds (choosing it
    # found nothing); the craft villages of Bắc Ninh are offered.
    engine = SearchEngine(indexed(repeated(
        ("l", "Làng nghề Bắc Ninh", "Làng nghề Bắc Ninh phát triển mạnh.", 3),
        ("b", "Nghề bác sĩ", "Nghề bác sĩ vất vả, nghề bác sĩ cao quý.", 30)), tmp_path))
    try:
        offered = texts(engine, "lang nghe bac")
        assert "làng nghề Bắc Ninh" in offered and "làng nghề bác sĩ" not in offered, offered
        for text in offered:
            assert engine.search(text, limit=1).total_full > 0, text
    finally:
        engine.close()


def test_a_place_the_pairs_never_see_after_the_words_is_offered_where_articles_write_both(tmp_path):
    # No article writes "trời" before "ninh": the pairs offer nothing for `dien mat troi ninh`.
    # Three articles write "điện mặt trời" and "Ninh Thuận"; "Ninh Bình" only in others.
    engine = SearchEngine(indexed(repeated(
        ("s", "Dự án điện mặt trời", "Dự án điện mặt trời được khởi công. Tỉnh Ninh Thuận thu hút đầu tư.", 3),
        ("t", "Du lịch", "Ninh Bình phát triển du lịch. Điện lực bảo đảm điện.", 5)), tmp_path))
    try:
        for typed in ("dien mat troi ninh", "dien mat troi ni", "điện mặt trời ni"):
            assert texts(engine, typed) == ["điện mặt trời Ninh Thuận"], typed
        assert engine.search("điện mặt trời Ninh Thuận").total_full == 3
        assert texts(engine, "dien mat troi n") == []       # (one letter opens too many to count)
    finally:
        engine.close()


def test_a_term_of_the_trade_pyvi_does_not_join_binds_its_syllables_as_a_word_does():
    # An index whose articles pyvi never cuts "thủy điện" as one word: the trade's term still
    # keeps its "điện" from opening "điện hạt nhân".
    from ctsearch.complete import Phrase, complete
    from ctsearch.vocab import Vocabulary

    vocab = Vocabulary.from_frequencies({
        "body_syl": {"thủy": 400, "điện": 9000, "hạt": 300, "nhân": 5000, "hòa": 2000, "bình": 6000},
        "syl_bigrams": {"thủy điện": 380, "điện hạt": 60, "hạt nhân": 250, "điện hòa": 20, "hòa bình": 900}},
        documents=43000)
    phrases = [Phrase(("thủy", "điện"), "thủy điện"), Phrase(("điện", "hạt", "nhân"), "điện hạt nhân"),
               Phrase(("hạt", "nhân"), "hạt nhân"), Phrase(("hòa", "bình"), "Hòa Bình")]
    offered = [c.text for c in complete(vocab, "thuy dien h", lambda text: [("thủy điện", 1.0)], phrases)]
    assert "thủy điện hạt nhân" not in offered and "thủy điện Hòa Bình" in offered, offered


def test_the_api_answers_the_box(seeds_index):
    client = make_client(seeds_index)
    resp = client.get("/api/complete?q=thuong+mai+d")
    assert resp.status_code == 200
    data = resp.get_json()
    assert data["query"] == "thuong mai d"
    assert data["completions"][0] == {"text": "thương mại điện tử", "articles": data["completions"][0]["articles"]}
    assert client.get("/api/complete?q=dien&limit=1").get_json()["completions"].__len__() == 1
    # control characters are read as they look; bad limits and long text are named 400s
    assert client.get("/api/complete?q=thuong%00+mai+d").get_json()["completions"]
    for url, param in (("/api/complete?q=dien&limit=0", "limit"), ("/api/complete?q=dien&limit=x", "limit"),
                       ("/api/complete?q=" + "x" * 501, "q"), ("/api/complete?q=dien&page=1", "page")):
        resp = client.get(url)
        assert resp.status_code == 400 and resp.get_json()["param"] == param, url
    assert "Số gợi ý" in client.get("/api/complete?q=dien&limit=99").get_json()["error"]


def test_the_command_line_offers_the_same(seeds_index, capsys):
    assert main(["complete", "thuong mai d", "--index-dir", str(seeds_index)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "thương mại điện tử"
    assert main(["complete", "dien g", "--index-dir", str(seeds_index), "--json", "--limit", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["text"] for c in data["completions"]] == ["điện gió"]
    assert main(["complete", "zzqx", "--index-dir", str(seeds_index)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "Không có gợi ý" in captured.err
