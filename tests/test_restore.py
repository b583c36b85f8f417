"""Reading syllables typed without diacritics: a table of index statistics and the
readings they must give."""

from __future__ import annotations

import pytest

from ctsearch.restore import Restorer
from ctsearch.vocab import Vocabulary

# Documents per accented syllable and per pair standing side by side, as an index of
# general news would have them (Thụy Điển more frequent than thủy điện, lắng nghe than
# làng nghề).
SYLLABLES = {"điện": 900, "diễn": 300, "diện": 250, "điển": 380, "gió": 60, "giờ": 700, "giỗ": 5,
             "thủy": 240, "thụy": 380, "giá": 800, "gia": 1500, "làng": 150, "lắng": 470,
             "nghề": 200, "nghe": 900, "khuyến": 40, "khuyên": 90, "công": 3000, "cộng": 400,
             "sở": 300, "số": 2000, "thương": 700, "thường": 900, "hà": 600, "nội": 700, "nói": 900}
PAIRS = {"điện gió": 14, "điện giờ": 3, "thụy điển": 375, "thủy điện": 211, "giá điện": 101,
         "gia diễn": 84, "lắng nghe": 464, "làng nghề": 94, "khuyên công": 3, "khuyến công": 2,
         "số công": 559, "sở công": 270, "công thương": 536, "hà nội": 600}


def restorer(domain=None) -> Restorer:
    vocab = Vocabulary.from_frequencies({"body_syl": SYLLABLES, "syl_bigrams": PAIRS}, documents=43000)
    return Restorer(vocab, domain)


def read(r: Restorer, text: str, fixed=None) -> tuple[str, float]:
    syl = text.split()
    best = r.readings(syl, fixed or [False] * len(syl))[0]
    return best.text, best.probability


def test_the_pair_most_articles_write():
    text, p = read(restorer(), "dien gio")
    assert text == "điện gió" and p > 0.6
    assert read(restorer(), "ha noi")[0] == "hà nội"


def test_the_domain_lexicon_decides_where_the_collection_disagrees():
    plain = restorer(domain=frozenset())
    assert read(plain, "thuy dien")[0] == "thụy điển"
    assert read(plain, "lang nghe")[0] == "lắng nghe"
    domain = restorer()                           # the shipped lexicon
    assert read(domain, "thuy dien")[0] == "thủy điện"
    assert read(domain, "lang nghe")[0] == "làng nghề"
    assert read(domain, "khuyen cong")[0] == "khuyến công"
    assert read(domain, "so cong thuong")[0] == "sở công thương"
    assert read(domain, "gia dien")[0] == "giá điện"


def test_syllables_typed_with_diacritics_are_kept():
    text, _ = read(restorer(), "giá dien", [True, False])
    assert text == "giá điện"
    text, _ = read(restorer(), "gia dien", [True, False])
    assert text.startswith("gia ")


def test_typos_are_corrected_within_an_edit():
    r = restorer()
    best = r.readings(["dien", "gioo"], [False, False])[0]
    assert best.text == "điện gió" and best.edits == 1


def test_probabilities_are_a_distribution_best_first():
    readings = restorer().readings(["dien"], [False], top=5)
    probs = [r.probability for r in readings]
    assert probs == sorted(probs, reverse=True) and 0.99 <= sum(probs) <= 1.0 + 1e-9
    assert readings[0].text == "điện"


def test_marks_typed_are_kept_when_the_tone_is_left_out():
    from ctsearch.restore import compatible
    from ctsearch.textnorm import has_tone, strip_tone
    assert strip_tone("điện") == "điên" and strip_tone("Hòa") == "Hoa" and strip_tone("xăng") == "xăng"
    assert has_tone("điện") and not has_tone("đien") and not has_tone("xăng")
    assert compatible("đien", "điện") and compatible("điên", "điện") and compatible("dien", "diễn")
    assert not compatible("đien", "diễn") and compatible("điên", "điền")   # the tone may be any
    assert not compatible("xăng", "xang")


def test_a_toneless_word_the_articles_write_is_kept_an_unfinished_one_completed():
    from ctsearch.interpret import interpret
    vocab = Vocabulary.from_frequencies({"body_syl": {**SYLLABLES, "điên": 5}, "syl_bigrams": PAIRS}, documents=43000)
    model = Restorer(vocab)
    assert interpret("đien gio", lambda: model).readings[0].text == "điện gió"   # "đien" is no word
    assert interpret("điên", lambda: model).readings == []                        # "điên" is one: as typed
    assert interpret("công thương", lambda: model).readings == []


def test_a_toneless_word_is_read_with_its_neighbours():
    """A few articles lose their tone marks, so "điên", "nôi", "nghê" are all written
    somewhere: beside other words, the articles' pairs decide whether a syllable typed
    with marks but no tone is a word of level tone or one whose tone was left out."""
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "điên": 60, "nôi": 4, "nghê": 3, "người": 5000, "bệnh": 900}
    pairs = {**PAIRS, "hà nôi": 4, "người điên": 10, "làng nghê": 1}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))

    def first(text):
        found = interpret(text, lambda: model).readings
        return found[0].text if found else text

    # The tone left out: the articles write a toned form there far more often.
    assert first("thuy điên") == "thủy điện"          # "thủy điên" is written nowhere
    assert first("hà nôi") == "hà nội"                # 4 articles against 600
    assert first("lang nghê") == "làng nghề"
    assert first("gia điên") == "giá điện"
    # A word of level tone: the articles write it so there, or write neither.
    assert first("người điên") == "người điên"
    assert first("bệnh điên") == "bệnh điên"
    assert first("công thương") == "công thương"
    assert first("điên") == "điên"                    # alone: nothing to read it with


def test_a_pair_two_common_words_make_by_chance_is_no_tone_left_out():
    """"thương chiến" (the trade war) typed with its marks: "thường chiến" is written only
    where "bồi thường" meets "chiến tranh", a chance meeting of two common words, no word;
    "tiểu mãn", as few articles but a word of its rarer syllable's, still reads "tiêu man"."""
    from ctsearch.interpret import TONE_EVIDENCE_SHARE, interpret
    syllables = {**SYLLABLES, "thương": 13000, "thường": 14000, "chiến": 9000, "tiêu": 3000, "tiểu": 2300,
                 "mãn": 1150, "man": 900}
    chance = int(TONE_EVIDENCE_SHARE * 9000) - 1
    pairs = {**PAIRS, "thường chiến": chance, "tiểu mãn": 6}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    assert interpret("thương chiến", lambda: model).readings == []
    assert interpret("tiêu man", lambda: model).readings[0].text == "tiểu mãn"
    # A word of Vietnamese at large counts however few articles write it.
    rare = Restorer(Vocabulary.from_frequencies(
        {"body_syl": {**syllables, "đại": 9000, "lượng": 9000, "lương": 3000}, "syl_bigrams": {**pairs, "đại lượng": 4}},
        documents=43000))
    assert interpret("đại lương", lambda: rare).readings[0].text == "đại lượng"
    # However many write the other form as a word, a word of the dictionary typed with its
    # marks by one who types tones is what was meant (it stood by the counts alone).
    word = Restorer(Vocabulary.from_frequencies(
        {"body_syl": syllables, "syl_bigrams": {**pairs, "thường chiến": 300}}, documents=43000))
    assert interpret("thương chiến", lambda: word).readings == []


def test_a_level_tone_typed_beside_a_tone_needs_more_than_a_few_articles_to_be_a_tone_left_out():
    """`cân điện tử` (the scale): three articles writing "cận điện" read it "cần điện tử".
    The one who types "điện" types tones: "cân" is meant unless ten articles say otherwise;
    typed with no tone anywhere ("cân điên"), a few still do; a word of the dictionary too."""
    from ctsearch.interpret import TONE_EVIDENCE_MIN, interpret
    syllables = {**SYLLABLES, "cân": 3100, "cận": 2900, "cần": 13000, "tử": 5000, "đại": 9000, "lượng": 9000,
                 "lương": 3000}
    few = TONE_EVIDENCE_MIN - 1
    pairs = {**PAIRS, "cận điện": few, "điện tử": 900, "đại lượng": 4}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    assert interpret("cân điện tử", lambda: model).readings == []
    assert interpret("cân điên", lambda: model).readings[0].text == "cận điện"
    assert interpret("đại lương đổi", lambda: model).readings[0].text.startswith("đại lượng")
    more = Restorer(Vocabulary.from_frequencies(
        {"body_syl": syllables, "syl_bigrams": {**pairs, "cận điện": TONE_EVIDENCE_MIN}}, documents=43000))
    assert interpret("cân điện tử", lambda: more).readings[0].text == "cận điện tử"


def test_words_typed_with_their_marks_in_quotes_are_as_typed_where_an_article_writes_them():
    # `"cân điêu"` (the rigged scale, one article) was read "cần điều" as unquoted;
    # `"hà nôi"`, five articles' slip against thousands, is still Hà Nội, and so is a phrase
    # no article writes as typed; bare words in quotes are still read.
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "cân": 3100, "cần": 13000, "điêu": 400, "điều": 20000, "nôi": 300}
    model = Restorer(Vocabulary.from_frequencies(
        {"body_syl": syllables, "syl_bigrams": {**PAIRS, "cần điều": 119, "hà nội": 7842}}, documents=43000))
    written = {("cân", "điêu"): 1, ("hà", "nôi"): 5}
    count = lambda phrases: [written.get(p, 0) for p in phrases]     # noqa: E731
    assert interpret("cân điêu", lambda: model, written=count).readings[0].text == "cần điều"
    assert interpret('"cân điêu"', lambda: model, written=count).readings == []
    assert interpret('"hà nôi"', lambda: model, written=count).readings[0].text == '"hà nội"'
    assert interpret('"thuy dien"', lambda: model, written=count).readings[0].text == '"thủy điện"'


def test_a_consonant_said_alike_read_from_bare_letters_is_offered_as_the_articles_write_it():
    # `nguon goc xuat su`: read "xuất sứ" (a slip a few articles make too), offered "xuất
    # xứ"; `su kien` is "sự kiện" whatever "xự" may be; d/gi/r are never swapped so.
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "nguồn": 3000, "gốc": 2500, "xuất": 20000, "sứ": 900, "xứ": 800, "sự": 15000,
                 "kiện": 6000, "khẩu": 9000, "da": 3000, "ra": 20000}
    pairs = {**PAIRS, "nguồn gốc": 1500, "gốc xuất": 90, "xuất sứ": 3, "xuất xứ": 79, "sự kiện": 2000,
             "xuất khẩu": 9000, "khẩu da": 30, "khẩu ra": 900}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    got = interpret("nguon goc xuat su", lambda: model)
    assert got.readings[0].text.startswith("nguồn gốc xuất s") and got.word_fix == "nguồn gốc xuất xứ"
    assert interpret("su kien", lambda: model).word_fix is None
    assert interpret("xuat khau da", lambda: model).word_fix is None
    # a pair more than a few articles write as read is meant: `gia chi` is "giá chỉ"
    common = Restorer(Vocabulary.from_frequencies(
        {"body_syl": {**syllables, "chỉ": 9000, "trị": 9000},
         "syl_bigrams": {**pairs, "giá chỉ": 205, "giá trị": 5000}}, documents=43000))
    assert interpret("gia chi", lambda: common).word_fix is None


def test_a_syllable_no_article_has_is_read_from_the_dictionary_not_as_a_typo():
    from ctsearch.lexicon import Lexicon
    dictionary = Lexicon(["mặt trời", "bầu trời", "trời", "trôi", "trỗi dậy", "làng", "làng nghề"])
    r = Restorer(restorer().vocab, frozenset(), dictionary)   # no domain lexicon: the dictionary alone
    # "troi" is in no article of this index, but it is a word: trời (in the most words),
    # not a typo for a syllable the index has.
    best = r.readings(["troi"], [False])[0]
    assert best.text == "trời" and best.edits == 0
    assert read(r, "dien troi")[0] == "điện trời"
    # A typo that makes no word is still a typo.
    best = r.readings(["dien", "gioo"], [False, False])[0]
    assert best.text == "điện gió" and best.edits == 1


def test_the_dictionary_weighs_its_words_for_syllables_no_article_has():
    from ctsearch.lexicon import Lexicon
    vocab = Vocabulary.from_frequencies({"body_syl": {"mặt": 50, "mất": 80, "điện": 90},
                                         "syl_bigrams": {"mất điện": 20}}, documents=1000)
    dictionary = Lexicon(["mặt trời", "trời", "trôi", "mất trộm"])
    r = Restorer(vocab, frozenset(), dictionary)
    assert read(r, "mat troi")[0] == "mặt trời"        # a dictionary word, though mất is commoner


def test_a_domain_syllable_competes_where_no_article_has_it():
    vocab = Vocabulary.from_frequencies({"body_syl": {"bậc": 40, "ninh": 30}, "syl_bigrams": {}}, documents=100)
    r = Restorer(vocab, frozenset({("bắc", "ninh")}))
    assert read(r, "bac ninh")[0] == "bắc ninh"


def test_a_place_competes_where_the_articles_lack_it_and_their_counts_decide_where_they_have_it():
    places = frozenset({("bát", "tràng"), ("đô", "lương")})
    small = Vocabulary.from_frequencies({"body_syl": {"bắt": 1, "trăng": 1, "trang": 2}, "syl_bigrams": {}},
                                        documents=5)   # as on the five shipped articles
    from ctsearch.lexicon import Lexicon
    dictionary = Lexicon(["bát", "bắt", "tràng", "trăng", "trang", "đo lường"])
    assert read(Restorer(small, frozenset(), dictionary, places), "bat trang")[0] == "bát tràng"
    assert read(Restorer(small, frozenset(), dictionary, frozenset()), "bat trang")[0] != "bát tràng"
    # Alone, a place's syllable is no likelier than the dictionary says ("bi" is not the
    # bí of Uông Bí), and a word typed the same way beats a place the articles lack.
    assert read(Restorer(small, frozenset(), dictionary, places), "bat")[0] == "bắt"
    assert read(Restorer(small, frozenset(), dictionary, places), "do luong")[0] == "đo lường"
    # Where the articles write the place's syllables, their counts decide: đo lường is
    # far commoner than Đô Lương. (As a domain term the district would win.)
    large = Vocabulary.from_frequencies({"body_syl": {"đo": 900, "lường": 300, "đô": 700, "lương": 1200},
                                         "syl_bigrams": {"đo lường": 133, "đô lương": 28}}, documents=43000)
    assert read(Restorer(large, frozenset(), places=places), "do luong")[0] == "đo lường"
    assert read(Restorer(large, frozenset({("đô", "lương")}), places=frozenset()), "do luong")[0] == "đô lương"


def test_the_gazetteer_gives_places_inside_the_provinces_by_their_names():
    from ctsearch.lexicon import place_terms
    places = place_terms()
    assert {("bát", "tràng"), ("vạn", "phúc"), ("phong", "khê"), ("đô", "lương"), ("a", "lưới")} <= places
    # Names only: not the kind of place ("làng lụa", "KCN", "Thành phố") nor one syllable.
    assert all(len(p) >= 2 and p[0] not in {"làng", "kcn", "khu"} for p in places)


def test_an_abbreviation_kept_as_typed_reads_its_neighbours_as_the_articles_write_it():
    vocab = Vocabulary.from_frequencies({"body_syl": {"sàn": 300, "sản": 2000, "tmđt": 40, "tmdt": 2},
                                         "syl_bigrams": {"sàn tmđt": 30, "sản tmđt": 1}}, documents=43000)
    r = Restorer(vocab, frozenset(), places=frozenset())
    best = r.readings(["san", "tmdt"], [False, True])[0]
    # "tmdt" is kept as typed, but beside it the articles write sàn (beside TMĐT), not sản.
    assert best.syllables == ("sàn", "tmdt")
    # An abbreviation spelled like a word ("DA", whose commonest form is đã) is no context.
    vocab = Vocabulary.from_frequencies({"body_syl": {"đã": 9000, "da": 300, "này": 8000, "nảy": 200},
                                         "syl_bigrams": {"đã nảy": 40, "da này": 30}}, documents=43000)
    r = Restorer(vocab, frozenset(), places=frozenset())
    assert r.readings(["da", "nay"], [True, False])[0].syllables == ("da", "này")


def test_the_shipped_lexicon_knows_vietnamese_and_the_provinces():
    from ctsearch.lexicon import domain_terms, lexicon
    lex = lexicon()
    assert lex.knows("làng") and lex.knows("trời") and not lex.knows("gioo")
    assert lex.is_word(("làng", "nghề")) and lex.is_word(("mặt", "trời"))
    assert [f for f, _w in lex.forms("troi")][0] == "trời"
    terms = domain_terms()
    assert ("nghệ", "an") in terms and ("bà", "rịa", "vũng", "tàu") in terms   # former units
    assert ("tuyên", "quang") in terms and ("làng", "nghề") in terms


def test_a_known_word_that_reads_badly_beside_its_neighbours_may_be_a_typo():
    vocab = Vocabulary.from_frequencies(
        {"body_syl": {"thương": 700, "thường": 900, "mại": 500, "mía": 80, "đường": 900, "mua": 1000,
                      "điện": 900, "tử": 300, "từ": 2000},
         "syl_bigrams": {"thương mại": 480, "mại điện": 50, "điện tử": 250, "điện từ": 10,
                         "mía đường": 60, "mua đường": 5}},
        documents=43000)
    r = Restorer(vocab, frozenset())
    # "mia" is a word (mía), but no article writes it beside thương or điện: mại, an edit away, is.
    best = r.readings("thuong mia dien tu".split(), [False] * 4)[0]
    assert best.text == "thương mại điện tử" and best.edits == 1
    # Where the word reads well, it stays: mía đường, not mua đường.
    best = r.readings("mia duong".split(), [False] * 2)[0]
    assert best.text == "mía đường" and best.edits == 0


def over(syllables: dict[str, int], pairs: dict[str, int]) -> Restorer:
    """A restorer over these counts alone (documents per syllable and per pair)."""
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000)
    return Restorer(vocab, frozenset())


def first(r: Restorer, syllables: list[str]):
    """The likeliest reading, marks (anything but letters) kept as typed."""
    return r.readings(syllables, [not s.isalpha() for s in syllables])[0]


def test_a_real_word_no_article_writes_beside_its_neighbour_yields_to_a_written_pair():
    # "app" is the articles' own word (five articles or more write it), but none writes
    # "biến app": "biến áp", an edit away, is what they write; beside "tải" it stays.
    r = over({"biến": 1000, "biển": 800, "app": 30, "áp": 600, "tải": 500, "tài": 800},
             {"biến áp": 150, "tải app": 12, "tài sản": 300})
    best = first(r, "bien app".split())
    assert best.text == "biến áp" and best.edits == 1
    best = first(r, "tai app".split())
    assert best.text == "tải app" and best.edits == 0
    # Letters without a vowel are an abbreviation, not a slip: "khi lng" keeps LNG, though
    # no article writes it beside khí and "khi ông" is an edit away.
    best = first(over({"khi": 30000, "khí": 5000, "lng": 9, "ông": 8000}, {"khi ông": 892}), "khi lng".split())
    assert best.syllables[1] == "lng" and best.edits == 0
    # So are letters that make no Vietnamese syllable and double none: "pmi" is PMI, not
    # phí; "matt" doubles a letter as fingers slip, and is "mất".
    r = over({"pmi": 6, "phí": 4000, "sản": 9000, "xuất": 9000, "matt": 7, "mất": 5000, "tích": 3000},
             {"phí sản": 300, "sản xuất": 8000, "mất tích": 900})
    assert first(r, "pmi san xuat".split()).text == "pmi sản xuất"
    best = first(r, "matt tich".split())
    assert best.text == "mất tích" and best.edits == 1


def test_a_dash_typed_between_two_syllables_joins_them():
    # "viet-nhat": the articles write "Việt Nhật"; nhất alone is far commoner.
    r = over({"việt": 9000, "viết": 3000, "nhật": 2000, "nhất": 9000},
             {"việt nhật": 22, "viết nhật": 10, "việt nhất": 6})
    assert first(r, ["viet", "-", "nhat"]).syllables == ("việt", "-", "nhật")
    # After a comma the second syllable starts afresh.
    assert first(r, ["viet", ",", "nhat"]).syllables[2] == "nhất"


def completed(r: Restorer, text: str):
    """The likeliest reading of ``text`` typed in a search box, its last word maybe unfinished."""
    syl = text.split()
    return r.readings(syl, [False] * len(syl), complete_last=True)[0]


def test_an_unfinished_word_takes_the_form_the_articles_write_after_the_word_before():
    # "dầu" is only the fifth commonest form of "dau"; beside xăng it is the one written.
    r = over({"xăng": 2000, "đầu": 9000, "đấu": 3000, "dấu": 2500, "đâu": 2400, "dầu": 2000, "điện": 9000,
              "bán": 5000, "bạn": 6000, "lẻ": 800, "lệ": 2000, "lê": 1900, "lễ": 1800, "lẽ": 1700, "l": 700},
             {"xăng dầu": 600, "xăng điện": 16, "bán lẻ": 700})
    best = completed(r, "xang d")
    assert best.text == "xăng dầu" and best.completed
    # A letter alone is no syllable, whatever word lists hold it: "ban l" is "bán lẻ".
    best = completed(r, "ban l")
    assert best.text == "bán lẻ" and best.completed


def test_a_syllable_typed_last_is_completed_where_the_articles_write_the_longer_one_far_more():
    # "hàng giả" (counterfeit goods, a term of the trade) is written ten times as often as
    # "hàng gì".
    vocab = Vocabulary.from_frequencies(
        {"body_syl": {"hàng": 20000, "gì": 9000, "giả": 5600, "xe": 5000, "máy": 6000, "mát": 400},
         "syl_bigrams": {"hàng gì": 11, "hàng giả": 133, "xe máy": 1200, "xe mát": 2}}, documents=43000)
    r = Restorer(vocab, frozenset({("hàng", "giả")}))
    best = completed(r, "hang gi")
    assert best.text == "hàng giả" and best.completed
    # A word finished as typed stays: "xe may" is xe máy, not a longer "máy…".
    best = completed(r, "xe may")
    assert best.text == "xe máy" and not best.completed


def test_a_slip_beside_a_word_kept_as_typed_is_no_slip():
    # No article writes "XK gạo", some write "XK vào": beside an abbreviation no pair is
    # evidence that "gao" is a slip.
    r = over({"xk": 300, "gạo": 2000, "vào": 30000}, {"xk vào": 40})
    best = r.readings(["xk", "gao"], [True, False])[0]
    assert best.text == "xk gạo" and best.edits == 0


def test_a_slip_is_read_beside_its_neighbour_in_any_of_its_readings():
    # "lang nge": the first look reads lắng; the articles write làng nghề as well as lắng
    # nghe, and the trade's term decides between them.
    r = over({"làng": 150, "lắng": 470, "nghề": 200, "nghe": 900, "nge": 1},
             {"lắng nghe": 464, "làng nghề": 94})
    r.domain = frozenset({("làng", "nghề")})
    r._domain_forms = {"lang": {"làng"}, "nghe": {"nghề"}}
    best = r.readings(["lang", "nge"], [False, False])[0]
    assert best.text == "làng nghề" and best.edits == 1


def test_goods_of_the_trade_read_as_the_trade_means_them():
    # In general news the film star Thành Long is in more articles than the fruit; typed
    # without diacritics, alone or beside the words of its trade, it is the fruit here.
    vocab = Vocabulary.from_frequencies(
        {"body_syl": {"thành": 9000, "thanh": 2500, "long": 700, "lòng": 1500, "xuất": 3000, "khẩu": 2600,
                      "bình": 3000, "thuận": 1800, "cao": 5000, "su": 300, "sư": 1200},
         "syl_bigrams": {"thành long": 102, "thanh long": 87, "thành lòng": 5, "xuất khẩu": 2500,
                         "khẩu thành": 40, "khẩu thanh": 6, "long bình": 3, "bình thuận": 333,
                         "cao su": 380, "cao sư": 2}},
        documents=43000)
    plain = Restorer(vocab, frozenset())
    assert read(plain, "thanh long")[0] == "thành long"
    trade = Restorer(vocab)                        # the shipped lexicon
    assert read(trade, "thanh long")[0] == "thanh long"
    assert read(trade, "xuat khau thanh long")[0] == "xuất khẩu thanh long"
    assert read(trade, "thanh long binh thuan")[0] == "thanh long bình thuận"
    assert read(trade, "cao su")[0] == "cao su"


def test_a_level_tone_word_stays_though_a_toned_twin_is_commoner():
    """"đông y" (traditional medicine) is written by a tenth as many articles as "đồng ý":
    a word as typed, not a tone left out; a word typed without any mark in a query typed
    with them is read as before ("giá dien": giá điện)."""
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "đông": 900, "đồng": 3000, "y": 500, "ý": 2500, "dien": 3}
    pairs = {**PAIRS, "đồng ý": 2111, "đông y": 196, "giá dien": 2}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    assert not interpret("đông y", lambda: model).changed
    assert interpret("giá dien", lambda: model).readings[0].text == "giá điện"


def test_a_word_left_out_is_never_corrected_as_a_typo():
    from ctsearch.interpret import interpret
    vocab = Vocabulary.from_frequencies({"body_syl": {**SYLLABLES, "ts": 400, "js": 0}, "syl_bigrams": PAIRS},
                                        documents=43000)
    model = Restorer(vocab)
    assert interpret("dien -js", lambda: model).readings[0].text == "điện -js"      # not "-ts"
    assert interpret("dien -gioo", lambda: model).readings[0].text == "điện -gioo"
    assert interpret("dien -gio", lambda: model).readings[0].text == "điện -gió"    # its accents, as before


@pytest.mark.parametrize("typed, read_as", [
    ("-gio dien", "-gió điện"),                  # as "dien -gio": not the chance pair "giờ điện"
    ("dien -gio", "điện -gió"),
    ("-Ha Noi thuy dien", "-Hà Nội thủy điện"),  # a name left out stands as typed
    ("-tieu ca phe", "-tiêu cà phê"),            # the words read as they are alone
])
def test_where_a_word_left_out_stands_says_nothing_of_which_it_is(typed, read_as):
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "giờ": 11000, "điện": 9000, "diễn": 11000, "gió": 1700,
                 "tiêu": 900, "tiểu": 1200, "cà": 800, "cả": 9000, "phê": 700, "phế": 300}
    pairs = {**PAIRS, "giờ diễn": 21, "giờ điện": 5, "điện gió": 14, "cà phê": 690, "tiểu cả": 3,
             "cả phế": 2, "phê tiêu": 2}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    assert interpret(typed, lambda: model).readings[0].text == read_as



def test_a_toneless_word_is_judged_by_each_neighbour_and_offered_while_being_typed():
    """"chất lương cao": "lương cao" is written, but "chất lượng" against "chất lương" says
    the tone was left out; a last word typed without its tone, nothing after it, may still
    be being typed ("nhà nư"): its tone is offered, not stated; a query in capitals with
    every mark typed whole keeps its words as written."""
    from ctsearch.interpret import interpret
    syllables = {**SYLLABLES, "chất": 4000, "lượng": 4000, "lương": 900, "cao": 3000, "điên": 60}
    pairs = {**PAIRS, "chất lượng": 3800, "chất lương": 5, "lương cao": 122, "lượng cao": 50}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    assert interpret("chất lương cao ", lambda: model).readings[0].text == "chất lượng cao"
    finished = interpret("thuy điên ", lambda: model)
    assert finished.sure and finished.top.text == "thủy điện"
    typing = interpret("thuy điên", lambda: model)
    assert typing.top.text == "thủy điện" and typing.typing and not typing.sure
    assert not interpret("THUY ĐIÊN", lambda: model).changed or \
        interpret("THUY ĐIÊN", lambda: model).top.text.endswith("ĐIÊN")


def test_a_query_begins_where_a_word_begins() -> None:
    # "tham gia cuộc thi" writes gia cuộc in far more articles than "giá cước" is written,
    # but there gia ends the word tham gia: a query typed "gia cuoc" begins a word.
    syllables = {"gia": 1500, "giá": 800, "cuộc": 900, "cước": 60, "tham": 700, "thi": 600}
    pairs = {"gia cuộc": 120, "giá cước": 40, "tham gia": 650, "cuộc thi": 500}
    begun = {"giá cước": 40, "gia cuộc": 2, "tham gia": 640, "cuộc thi": 480}
    counts = {"body_syl": syllables, "syl_bigrams": pairs}
    without = Restorer(Vocabulary.from_frequencies(counts, documents=43000), frozenset())
    assert read(without, "gia cuoc")[0] == "gia cuộc"     # an index that never counted word starts
    r = Restorer(Vocabulary.from_frequencies({**counts, "syl_start_bigrams": begun}, documents=43000), frozenset())
    assert read(r, "gia cuoc")[0] == "giá cước"
    # Inside the query the plain pairs still read it: "tham gia cuộc thi".
    assert read(r, "tham gia cuoc thi")[0] == "tham gia cuộc thi"
    # Kept through pickling (the index saves the vocabulary so).
    import pickle
    assert read(Restorer(pickle.loads(pickle.dumps(r.vocab)), frozenset()), "gia cuoc")[0] == "giá cước"


def test_the_first_word_begins_after_a_number_typed_before_it() -> None:
    syllables = {"gia": 1500, "giá": 800, "cuộc": 900, "cước": 60}
    counts = {"body_syl": syllables, "syl_bigrams": {"gia cuộc": 120, "giá cước": 40},
              "syl_start_bigrams": {"giá cước": 40, "gia cuộc": 2}}
    r = Restorer(Vocabulary.from_frequencies(counts, documents=43000), frozenset())
    best = r.readings(["2021", "gia", "cuoc"], [True, False, False])[0]
    assert best.text == "2021 giá cước"


def test_a_word_typed_first_keeps_its_counts_where_it_ends_a_longer_one() -> None:
    # "sứ quán" stands mostly at the end of "đại sứ quán", where sứ begins no word; typed,
    # it is that word all the same.
    syllables = {"sứ": 300, "sự": 9000, "quán": 400, "quan": 5000, "đại": 3000}
    counts = {"body_syl": syllables, "syl_bigrams": {"sứ quán": 60, "sự quan": 40, "đại sứ": 60},
              "syl_start_bigrams": {"sứ quán": 4, "sự quan": 40, "đại sứ": 60}}
    r = Restorer(Vocabulary.from_frequencies(counts, documents=43000), frozenset())
    assert r.dictionary.is_word(("sứ", "quán"))
    assert read(r, "su quan")[0] == "sứ quán"


def test_a_syllable_typed_without_marks_among_toned_words_is_likelier_as_typed() -> None:
    """Whoever types "giá" with its tone types the tones meant: "giá thanh long" is the
    fruit's price, though "giá thành" (cost price) is written forty times as often; a
    mark left out where the articles write the toned form far more is still restored
    ("giá vang", "xuất khẩu gao"), as it is where the articles write the word as typed beside
    neither neighbour a fifth as often as another form ("bao số": 7 articles against 81 for
    "bão số"); where they write no form of it beside the words typed, it is as typed ("gỗ
    keo": acacia, though "kéo" is written 28 times as often), the last word typed included;
    a name, whose tone is often not known, a query typed without any mark and one with marks
    but no tone (a phone's keyboard: "sang chê") read as before."""
    from ctsearch.interpret import interpret
    # (about the counts of the test corpus's 43,570 articles)
    syllables = {"giá": 18135, "thành": 25682, "thanh": 10659, "long": 3677, "lòng": 3000, "vàng": 5000,
                 "vang": 500, "xuất": 10000, "khẩu": 10000, "gạo": 3000, "gao": 20}
    pairs = {"giá thành": 653, "giá thanh": 40, "thành long": 178, "thanh long": 92, "giá vàng": 5000,
             "giá vang": 30, "xuất khẩu": 9000, "khẩu gạo": 3000, "bão số": 81, "bao số": 7}
    syllables.update({"bão": 2000, "bao": 9000, "số": 20000, "gỗ": 800, "cây": 3000, "kéo": 5226, "keo": 182})
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43570),
                     frozenset())
    syl = ["giá", "thanh", "long"]
    assert model.readings(syl, [True, False, False])[0].text == "giá thành long"
    assert model.readings(syl, [True, False, False], level=[False, True, True])[0].text == "giá thanh long"
    assert not interpret("giá thanh long", lambda: model).changed
    assert interpret("giá vang ", lambda: model).top.text == "giá vàng"
    assert interpret("xuất khẩu gao ", lambda: model).top.text == "xuất khẩu gạo"
    assert interpret("gia thanh long ", lambda: model).top.text == "giá thành long"
    assert interpret("giá Thanh Long", lambda: model).top.text == "giá Thành Long"
    assert interpret("bao số 3", lambda: model).top.text == "bão số 3"
    for typed in ("gỗ keo", "gỗ keo ", "keo gỗ"):
        assert not interpret(typed, lambda: model).changed, typed
    # Beside one neighbour no form, beside the other another form far more: a tone left out.
    model = Restorer(Vocabulary.from_frequencies({"body_syl": {**syllables, "lại": 9000},
                                                  "syl_bigrams": {**pairs, "kéo lại": 30}}, documents=43570),
                     frozenset())
    assert interpret("gỗ keo lại", lambda: model).top.text == "gỗ kéo lại"
    assert not interpret("gỗ keo", lambda: model).changed
    assert interpret("cây keo", lambda: model).top.text == "cây kéo"
    assert interpret("go keo ", lambda: model).top.text == "gỗ kéo"


def test_a_syllable_that_stands_alone_weighs_as_often_as_it_is_a_word_of_its_own():
    # "gia" is written in more articles than "giá", but nearly always inside a word (quốc
    # gia, gia đình): standing alone before "bắp cải", which no article writes beside
    # either, it is the price. Without the counts of words of one syllable, the syllables'
    # articles decide.
    syllables = {"giá": 800, "gia": 1500, "bắp": 30, "cải": 40, "quốc": 900, "tham": 600}
    pairs = {"bắp cải": 25, "quốc gia": 700, "tham gia": 500, "giá bán": 90}
    without = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs}, documents=43000))
    counted = Restorer(Vocabulary.from_frequencies(
        {"body_syl": syllables, "syl_bigrams": pairs, "body": {"giá": 600, "gia": 40, "quốc_gia": 700,
                                                                "tham_gia": 500, "bắp_cải": 25}},
        documents=43000))
    assert read(without, "gia bap cai")[0] == "gia bắp cải"
    assert read(counted, "gia bap cai")[0] == "giá bắp cải"
    assert read(counted, "gia")[0] == "giá"
    # Inside a word the articles write, the word's own counts still decide.
    assert read(counted, "quoc gia")[0] == "quốc gia" and read(counted, "tham gia")[0] == "tham gia"


def _counted(syllables: dict, pairs: dict, words: dict, single: frozenset) -> Restorer:
    """A restorer over articles counted so (43,000 of them), leaning for ``single``."""
    return Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words},
                                                documents=43000), single=single)


def test_a_product_standing_alone_last_leans_as_a_one_word_query_does():
    """A word the trade searches by itself (single_word_queries: gốm, mực) standing alone
    at the end of a query, after a word, is that word, as it is typed alone ("gom" is gốm):
    `bien hoa gom` is pottery, not "gồm" (includes), though "gồm" is in thirty times as many
    articles; `xuat khau muc` is squid, not "mức"; inside a word the articles write, the
    word wins."""
    syllables = {"gồm": 7000, "gốm": 220, "biên": 3000, "hòa": 4000, "xuất": 9000, "khẩu": 8000,
                 "mức": 9000, "mực": 300, "bao": 6000, "tiêu": 4000, "mục": 5000}
    pairs = {"biên hòa": 400, "xuất khẩu": 6000, "bao gồm": 5000, "mục tiêu": 3000, "gồm biên": 1}
    words = {"gồm": 4500, "gốm": 190, "mức": 6000, "mực": 250, "xuất_khẩu": 6000, "biên_hòa": 400,
             "bao_gồm": 5000, "mục_tiêu": 3000}
    model = _counted(syllables, pairs, words, frozenset({"gốm", "mực"}))
    assert read(model, "bien hoa gom")[0] == "biên hòa gốm"
    assert read(model, "xuat khau muc")[0] == "xuất khẩu mực"
    assert read(model, "bao gom")[0] == "bao gồm" and read(model, "muc tieu")[0] == "mục tiêu"
    plain = Restorer(model.vocab, single=frozenset())
    assert read(plain, "bien hoa gom")[0] == "biên hòa gồm" and read(plain, "xuat khau muc")[0] == "xuất khẩu mức"
    # Another form written beside the neighbour, no far commoner word: the articles' reading
    # stands ("thu nhap dat": the income reaches, not the land).
    syllables.update({"thu": 9000, "nhập": 9000, "đạt": 7800, "đất": 7400})
    pairs.update({"thu nhập": 5000, "nhập đạt": 2})
    words.update({"thu_nhập": 5000, "đạt": 6000, "đất": 5000})
    model = _counted(syllables, pairs, words, frozenset({"gốm", "mực", "đất"}))
    assert read(model, "thu nhap dat")[0] == "thu nhập đạt"
    assert read(model, "bien hoa gom")[0] == "biên hòa gốm"
    # Two syllables are no word and its subject: "lai vay" is lãi vay, whatever "vậy" says.
    syllables.update({"lãi": 3000, "lại": 20000, "vay": 2000, "vậy": 9000})
    pairs.update({"lãi vay": 600})
    words.update({"lãi_vay": 600, "lại": 15000, "vậy": 8000})
    model = _counted(syllables, pairs, words, frozenset({"gốm", "mực", "đất", "lãi"}))
    assert read(model, "lai vay")[0] == "lãi vay"


def test_a_product_before_a_place_leans_as_a_one_word_query_does():
    """`lua an giang`, `que yen bai`: a word the trade searches by itself
    opening a query whose other words are a place's name asks for the goods of that place,
    as the word typed alone does: rice (lúa), not "lựa" (lựa chọn) nor "lửa"; cinnamon
    (quế), though "quê Yên Bái" (a home town) is what the articles write side by side.
    Before other words, or with no place after it, the counts decide as before."""
    from ctsearch.interpret import interpret
    from ctsearch.restore import word_of_place
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"lúa": 517, "lựa": 3136, "lửa": 2750, "an": 13005, "giang": 2600, "quê": 2084, "quế": 279,
                 "yên": 3137, "bái": 392, "gồm": 7195, "gốm": 216, "chủ": 17634, "đầu": 29203, "chu": 1272,
                 "đậu": 955, "chọn": 3000}
    pairs = {"an giang": 404, "yên bái": 281, "quê yên": 2, "lựa chọn": 2400, "chủ đầu": 723, "gồm chủ": 18,
             "chu đậu": 4, "lựa an": 2}
    words = {"lúa": 465, "lựa": 88, "lựa_chọn": 2400, "lửa": 1169, "quê": 1599, "quế": 83, "gồm": 4593,
             "gốm": 190, "chủ": 5097, "đầu": 12861, "chu": 130, "đậu": 607, "an": 455, "giang": 236,
             "an_giang": 404, "yên_bái": 281, "chủ_đầu_tư": 700}
    model = _counted(syllables, pairs, words, frozenset({"lúa", "quế", "gốm"}))
    assert word_of_place(["lua", "an", "giang"]) and word_of_place(["go", "tay", "nguyen", "2020"])
    assert not word_of_place(["lua", "chon"]) and not word_of_place(["an", "giang"])
    assert read(model, "lua an giang")[0] == "lúa an giang"
    assert read(model, "que yen bai")[0] == "quế yên bái"
    assert interpret("que yen bai", lambda: model, None, lambda phrases: [2 if p[0] == "quê" else 0
                                                                         for p in phrases]).top.text == "quế yên bái"
    assert read(model, "lua chon")[0] == "lựa chọn"
    # Many articles writing a form of the word beside the place say what it is there: "ga Hà
    # Nội" (the station, 34 articles), not the chicken.
    syllables.update({"ga": 500, "gà": 1500, "hà": 15000, "nội": 14000})
    pairs.update({"ga hà": 34, "hà nội": 13000})
    words.update({"ga": 450, "gà": 1200, "hà_nội": 13000})
    station = _counted(syllables, pairs, words, frozenset({"lúa", "quế", "gà"}))
    assert read(station, "ga ha noi")[0] == "ga hà nội"
    assert read(station, "que yen bai")[0] == "quế yên bái"
    plain = Restorer(model.vocab, single=frozenset())
    assert read(plain, "lua an giang")[0] != "lúa an giang"


@pytest.mark.parametrize("term", ["điều_nhân", "dieu_tho", "đậu_tương", "miền_tây", "tay_nam_bo"])
def test_the_trade_s_goods_and_the_regions_are_terms(term):
    from ctsearch.lexicon import is_term
    assert is_term(term)


def test_a_listed_word_far_rarer_than_its_rival_still_stands_for_the_query():
    """`dua` alone, or before a place it is not written beside (`dua vinh long`), is dừa,
    the coconut of single_word_queries, though "đưa" (to bring) is in 67 times as many
    articles: the list says what the word alone means, however common the other form. Not
    where many articles write a form of the pair across ("ga Hà Nội": the station)."""
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"dừa": 213, "đưa": 14286, "dựa": 2367, "vĩnh": 1660, "long": 3677, "lòng": 5282,
                 "bến": 1500, "tre": 900}
    pairs = {"vĩnh long": 214, "bến tre": 400, "dừa bến": 12}
    words = {"dừa": 171, "đưa": 14154, "dựa": 2336, "vĩnh_long": 214, "bến_tre": 400}
    model = _counted(syllables, pairs, words, frozenset({"dừa"}))
    alone = model.readings(["dua"], [False], one_word=True)[0]
    assert alone.text == "dừa" and alone.probability > 0.9
    text, p = read(model, "dua vinh long")
    assert text == "dừa vĩnh long" and p > 0.9
    assert read(model, "dua ben tre")[0] == "dừa bến tre"
    plain = Restorer(model.vocab, single=frozenset())
    assert plain.readings(["dua"], [False], one_word=True)[0].text == "đưa"
    assert read(plain, "dua vinh long")[0] == "đưa vĩnh long"
    # Another form of the pair across written by many articles: the counts decide.
    pairs.update({"đưa vĩnh": 40})
    assert read(_counted(syllables, pairs, words, frozenset({"dừa"})), "dua vinh long")[0] == "đưa vĩnh long"


def test_a_subject_of_several_words_is_read_apart_from_the_place_after_it():
    """`bien mau mong cai` is the border trade (biên mậu) of Móng Cái, read as `bien mau`
    alone is: the border trade's "mậu", a rare word, is never written before "Móng Cái", and
    "màu móng" (the nails' colour, six articles) says nothing of what begins a name. A pair
    written there still counts (`nha may dam ca mau` is the fertiliser plant, "Đạm Cà Mau";
    `mua vai bac giang` the lychee, written twice before "Bắc", where "vài", a common word,
    never is), and so do the subject's own words (`mua lon quang nam`: heavy rain, whatever a
    word put before goods says of "lợn"). A place whose letters the articles write more often
    as another word is that word (`khai thac cat long dat`: the ground, not the former
    district of Long Đất)."""
    from ctsearch.restore import _place_after_subject
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"biên": 3946, "biến": 8659, "biển": 4154, "mậu": 261, "màu": 3790, "mẫu": 3786,
                 "móng": 534, "mống": 37, "cái": 6622, "cài": 592}
    pairs = {"biên mậu": 6, "biến màu": 7, "biển màu": 5, "màu móng": 6, "mẩu móng": 2, "móng cái": 78}
    words = {"biên": 354, "biến": 1690, "biển": 3425, "mậu": 41, "màu": 3003, "mẫu": 2344, "móng": 353,
             "cái": 6161}
    model = _counted(syllables, pairs, words, frozenset())
    assert _place_after_subject("bien mau mong cai".split(), [False] * 4) == (2, frozenset({"móng"}))
    assert _place_after_subject("xuat khau gao ba ria vung tau 2020".split(), [False] * 8)[0] == 3
    assert _place_after_subject("gao an giang".split(), [False] * 3)[0] is None      # one word: goods_of_place
    assert _place_after_subject("bien mau".split(), [False] * 2)[0] is None
    assert _place_after_subject("bien mau mong cai".split(), [False, False, True, False])[0] is None
    assert read(model, "bien mau")[0] == "biên mậu"
    text, p = read(model, "bien mau mong cai")
    assert text == "biên mậu móng cái" and p > 0.65
    syllables.update({"nhà": 20000, "máy": 12000, "đạm": 600, "đâm": 1500, "đảm": 2500, "cà": 2000, "cả": 25000,
                      "mau": 3000, "máu": 900, "xe": 8000, "mua": 7918, "mưa": 1720, "mùa": 4535, "vải": 567,
                      "vài": 5855, "bắc": 5109, "bác": 2000, "giang": 2600, "lớn": 15000, "lợn": 900,
                      "quảng": 3000, "nam": 20000})
    pairs.update({"nhà máy": 6000, "máy đạm": 40, "máy đâm": 60, "xe máy": 3000, "đạm cà": 5, "cà mau": 900,
                  "đảm bảo": 2400, "mưa vài": 27, "mua vài": 20, "mua vải": 11, "mùa vải": 4, "vải bắc": 2,
                  "vai bác": 2, "bắc giang": 212, "mưa lớn": 239, "mua lợn": 9, "quảng nam": 1500})
    words.update({"nhà_máy": 6000, "đạm": 300, "đâm": 1400, "cà_mau": 900, "xe_máy": 3000, "vải": 400,
                  "vài": 5000, "bắc_giang": 212, "quảng_nam": 1500, "lớn": 14000, "lợn": 800})
    model = _counted(syllables, pairs, words, frozenset({"lợn", "vải"}))
    assert read(model, "nha may dam ca mau")[0] == "nhà máy đạm cà mau"
    assert read(model, "mua vai bac giang")[0] == "mua vải bắc giang"
    assert read(model, "mua lon quang nam")[0] == "mưa lớn quảng nam"
    syllables.update({"khai": 3000, "thác": 2500, "cát": 1258, "cắt": 2685, "long": 3677, "lòng": 5282,
                      "đất": 9000, "đạt": 12000})
    pairs.update({"khai thác": 2400, "thác cát": 30, "lòng đất": 105, "long đất": 3, "lòng đạt": 3})
    words.update({"khai_thác": 2400, "cát": 900, "lòng": 3000, "đất": 7000, "long_đất": 20})   # (the name, whole)
    model = _counted(syllables, pairs, words, frozenset())
    text, p = read(model, "khai thac cat long dat")
    assert text == "khai thác cát lòng đất" and p > 0.65


def test_a_place_written_nearly_as_often_as_the_other_word_of_its_letters_ends_the_query():
    """`bo sua cu chi` is the dairy cows of Củ Chi: the articles write "cử chỉ" (a gesture)
    191 times and "Củ Chi" 155, near enough for the place after a subject to stand
    (``PLACE_WRITTEN_SHARE``); the same pair alone is still the commoner word."""
    from ctsearch.restore import PLACE_WRITTEN_SHARE
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"bò": 700, "bơ": 150, "bờ": 900, "sữa": 1400, "sửa": 2600, "cử": 3000, "củ": 700,
                 "cũ": 3500, "chỉ": 20000, "chi": 9000}
    pairs = {"bò sữa": 120, "bơ sữa": 3, "bờ sửa": 1, "cử chỉ": 191, "củ chi": 155, "cũ chỉ": 16, "sữa cũ": 2}
    words = {"bò_sữa": 110, "bò": 500, "sữa": 1000, "cử_chỉ": 185, "củ_chi": 150, "chỉ": 19000}
    model = _counted(syllables, pairs, words, frozenset())
    assert 155 >= PLACE_WRITTEN_SHARE * 191
    assert read(model, "bo sua cu chi")[0] == "bò sữa củ chi"
    assert read(model, "cu chi")[0] == "cử chỉ"
    # A place the articles write far less than the other word stays that word (as Long Đất).
    pairs.update({"củ chi": 40})
    assert read(_counted(syllables, pairs, words, frozenset()), "bo sua cu chi")[0] == "bò sữa cử chỉ"


def test_goods_before_a_term_of_the_trade_lean_as_a_one_word_query_does():
    """`muoi xuat khau` is salt exports, as "muoi" alone is salt, though "muỗi" (mosquito)
    and "muối" are each written twice beside "xuất"; a word of the trade that is no goods
    ("cho" alone is chợ, the market) does not lean so: `cho xuat khau` is "for export"."""
    from ctsearch.langstats import START_BIGRAMS_KEY
    from ctsearch.restore import word_of_trade
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"muối": 599, "muỗi": 106, "mười": 510, "xuất": 17217, "khẩu": 6210, "cho": 40111, "chợ": 2095}
    pairs = {"muỗi xuất": 2, "muối xuất": 2, "cho xuất": 114, "chợ xuất": 2, "xuất khẩu": 2917}
    words = {"muối": 515, "muỗi": 106, "mười": 404, "xuất_khẩu": 2900, "cho": 40059, "chợ": 1416}
    # (where the first syllable begins a word: "muối" is written beside "xuất" inside
    # longer words, "muỗi" as itself)
    starts = {"muỗi xuất": 2, "cho xuất": 110, "xuất khẩu": 2900}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                                  START_BIGRAMS_KEY: starts}, documents=43000),
                     single=frozenset({"muối", "chợ"}))
    assert word_of_trade(["muoi", "xuat", "khau"]) and not word_of_trade(["muoi", "an", "giang"])
    assert not word_of_trade(["xuat", "khau"])
    assert read(model, "muoi xuat khau")[0] == "muối xuất khẩu"
    assert read(model, "cho xuat khau")[0] == "cho xuất khẩu"
    plain = Restorer(model.vocab, single=frozenset())
    assert read(plain, "muoi xuat khau")[0] != "muối xuất khẩu"


def test_a_slip_that_makes_a_word_of_nothing_beside_it_is_offered_its_correction():
    """`bo cong thong`: "thông" is a word, and "công thông" is written (9 articles), but
    "bộ công thông" by no article, while "công thương" is a word of hundreds: "bộ công
    thương" is offered. Only where the articles write the corrected reading whole, the
    corrected pair far more often than the pair as read ("không quá", 1,082, is no slip for
    "không quân", 446), and never for the query's first word or goods, words of their own
    ("gao gia ca" is no "báo giá cả")."""
    from ctsearch.interpret import _slip_fix
    from ctsearch.langstats import START_BIGRAMS_KEY
    syllables = {"bộ": 9000, "công": 20000, "thông": 9000, "thương": 9000, "gạo": 900, "báo": 9000,
                 "giá": 18000, "cả": 20000, "viên": 5000, "không": 30000, "quá": 9000, "quân": 4000}
    words = {"bộ": 5000, "công_thương": 600, "thông": 3000, "gạo": 800, "báo_giá": 300, "giá_cả": 1000,
             "viên": 3000, "không_quân": 400, "quá": 8000}
    pairs = {"bộ công": 700, "công thương": 650, "công thông": 9, "báo giá": 300, "giá cả": 1000,
             "gạo giá": 40, "không quá": 1082, "không quân": 446}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: dict(pairs)}, documents=43570)
    model = Restorer(vocab, single=frozenset({"gạo"}))
    typed = ["bo", "cong", "thong"]
    assert ("bộ", "công", "thương") in model.slip_readings(typed, [False] * 3, ("bộ", "công", "thông"))
    counts = {("bộ", "công", "thương"): 576}
    written = lambda phrases: [counts.get(p, 0) for p in phrases]       # noqa: E731
    assert _slip_fix(model, written, typed, [False] * 3, ("bộ", "công", "thông")) == ("bộ", "công", "thương")
    assert _slip_fix(model, lambda ps: [1] * len(ps), typed, [False] * 3, ("bộ", "công", "thông")) is None
    assert _slip_fix(model, lambda ps: [0] * len(ps), typed, [False] * 3, ("bộ", "công", "thông")) is None
    assert model.slip_readings(["gao", "gia", "ca"], [False] * 3, ("gạo", "giá", "cả")) == []
    assert ("viên", "không", "quân") not in model.slip_readings(["vien", "khong", "qua"], [False] * 3,
                                                                ("viên", "không", "quá"))
    assert model.slip_readings(["bo", "cong", "thong"], [True, False, False], ("bộ", "công", "thông")) == []


def test_a_letter_left_out_of_a_short_syllable_or_a_rare_word_beside_it_is_a_slip_all_the_same():
    """`thuong ma dien tu` was offered "thượng mã điện tử": "ma" has two letters (a slip in
    two could be any: not looked at), and "thượng mã" is a word of the dictionary that four
    articles write. A letter left out of a short syllable is put back, a word so few write
    is no proof, and the syllable before is read again with the correction where the two
    make the commoner word: "thương mại điện tử". A word the articles do write keeps its
    syllable ("hạng nhì")."""
    syllables = {"thượng": 900, "thương": 9000, "thường": 9000, "mã": 900, "mà": 20000, "mại": 5000,
                 "điện": 14000, "tử": 5000, "hàng": 20000, "giả": 5000, "hạng": 3000, "nhì": 800, "nhái": 200}
    words = {"thương_mại": 4800, "thượng_mã": 4, "điện_tử": 3000, "hàng_giả": 900, "hạng_nhì": 500}
    pairs = {"thượng mã": 4, "thương mại": 4824, "mại điện": 200, "mã điện": 2, "điện tử": 3000,
             "hàng giả": 900, "giả hạng": 1, "hạng nhì": 500, "hàng nhái": 150, "giả hàng": 40}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words},
                                        documents=43570)
    model = Restorer(vocab, single=frozenset())
    typed = ["thuong", "ma", "dien", "tu"]
    assert ("thương", "mại", "điện", "tử") in model.slip_readings(typed, [False] * 4, ("thượng", "mã", "điện", "tử"))
    assert model.slip_readings(["hang", "gia", "hang", "nhi"], [False] * 4, ("hàng", "giả", "hạng", "nhì")) == []


def test_goods_far_rarer_than_their_rival_lean_after_a_term_as_much_as_alone():
    """Typed alone, "buoi" is bưởi (pomelo), though "buổi" (a session) is in 35 times as
    many articles: the lean of a word the trade searches by itself outweighs any commoner
    rival by SINGLE_MARGIN. After a word put before goods or a term of the trade it leans as
    much: `gia buoi` is the price of pomelos, not "tham gia buổi", written in 60 articles;
    after any other word ("mang bom sat"), only a term's lean."""
    from ctsearch.langstats import START_BIGRAMS_KEY
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"buổi": 4533, "bưởi": 128, "gia": 23531, "giá": 18135, "giả": 5633, "tham": 11207,
                 "xuất": 17217, "khẩu": 6210, "mang": 6000, "bom": 700, "sát": 6000, "sắt": 900}
    words = {"buổi": 4476, "bưởi": 115, "giá": 8509, "gia": 966, "tham_gia": 7100, "xuất_khẩu": 2900,
             "mang": 5000, "bom": 600, "sát": 1000, "sắt": 600}
    pairs = {"gia buổi": 60, "giá buổi": 3, "tham gia": 7131, "xuất khẩu": 2917, "mang bom": 40, "bom sát": 3}
    starts = {"xuất khẩu": 2879, "tham gia": 7125, "giá buổi": 3, "mang bom": 30}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: starts}, documents=43570)
    model = Restorer(vocab, single=frozenset({"bưởi", "sắt"}))
    assert read(model, "buoi")[0] == "bưởi"
    assert read(model, "gia buoi")[0] == "giá bưởi"
    assert read(model, "xuat khau buoi")[0] == "xuất khẩu bưởi"
    assert read(model, "mang bom sat")[0] == "mang bom sát"
    plain = Restorer(vocab, single=frozenset())
    assert read(plain, "gia buoi")[0] != "giá bưởi"


def test_goods_last_after_a_term_or_a_word_put_before_goods_lean_as_typed_alone():
    """`xuat khau ca` is fish exports: "xuất khẩu cà" is written more, but before "phê", and
    "cà" is seldom a word of its own; `nhap khau khi` is gas: no query ends on "khi" (when);
    `gia chuoi` is the price of bananas (giá: a word put before goods), not "tham gia
    chuỗi". A word the articles write whole wins still: `gia ca` is "giá cả" (prices)."""
    from ctsearch.langstats import START_BIGRAMS_KEY
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"cá": 6865, "cà": 1621, "cả": 20018, "ca": 4089, "khí": 5233, "khi": 33170, "khỉ": 124,
                 "xuất": 17217, "khẩu": 6210, "nhập": 9322, "giá": 18135, "gia": 23531, "chuối": 239,
                 "chuỗi": 842, "tham": 11207, "phê": 1000}
    words = {"cá": 1415, "cà": 71, "cả": 15816, "ca": 1854, "khí": 856, "khi": 33052, "khỉ": 113, "xuất_khẩu": 2900,
             "nhập_khẩu": 2800, "giá": 8509, "gia": 966, "chuối": 209, "chuỗi": 825, "tham_gia": 7100,
             "giá_cả": 1000, "cà_phê": 934}
    pairs = {"khẩu cá": 31, "khẩu cà": 38, "khẩu cả": 23, "khẩu khí": 9, "khẩu khi": 23, "xuất khẩu": 2917,
             "nhập khẩu": 2818, "giá cả": 1054, "giá cá": 66, "gia chuỗi": 19, "tham gia": 7131, "cà phê": 934}
    starts = {"xuất khẩu": 2879, "nhập khẩu": 2433, "giá cả": 992, "giá cá": 59, "tham gia": 7125, "cà phê": 934}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: starts}, documents=43570)
    model = Restorer(vocab, single=frozenset({"cá", "khí", "chuối"}))
    assert read(model, "xuat khau ca")[0] == "xuất khẩu cá"
    assert read(model, "nhap khau khi")[0] == "nhập khẩu khí"
    assert read(model, "gia chuoi")[0] == "giá chuối"
    assert read(model, "gia ca")[0] == "giá cả"
    plain = Restorer(vocab, single=frozenset())
    assert read(plain, "xuat khau ca")[0] != "xuất khẩu cá" and read(plain, "gia chuoi")[0] != "giá chuối"
    unheaded = Restorer(vocab, single=frozenset({"cá", "khí", "chuối"}))
    unheaded.before_goods = frozenset()
    assert read(unheaded, "gia chuoi")[0] != "giá chuối"
    # Nor on "đã" (has done), written after "xuất khẩu" in 119 articles, where "da" is leather.
    syllables.update({"da": 2461, "đã": 37517, "đá": 4801})
    words.update({"da": 1967, "đã": 37517, "đá": 2800})
    pairs.update({"khẩu da": 7, "khẩu đã": 119, "khẩu đá": 3})
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: starts}, documents=43570)
    assert read(Restorer(vocab, single=frozenset({"da"})), "xuat khau da")[0] == "xuất khẩu da"
    assert read(Restorer(vocab, single=frozenset()), "xuat khau da")[0] == "xuất khẩu đã"
    # Where no article writes the goods after the word before, the word without a subject
    # stands: "điện đã" (52 articles), never "điện da". (The test corpus's counts of every
    # form of the three syllables and their pairs.)
    syllables = {"gia": 23531, "giá": 18135, "giả": 5633, "già": 1448, "giã": 323, "diễn": 11891, "diện": 9322,
                 "điện": 9021, "điển": 1763, "điên": 597, "điền": 548, "diên": 70, "đã": 37517, "đa": 6285,
                 "đá": 4801, "đà": 2905, "da": 2461, "dạ": 708, "dã": 598, "đả": 239}
    words = {"gia": 966, "giá": 8509, "giả": 1343, "già": 1116, "giã": 149, "diễn": 7203, "diện": 1491, "điện": 2759,
             "điển": 21, "điên": 334, "điền": 185, "diên": 35, "đã": 37517, "đa": 730, "đá": 2800, "đà": 776,
             "da": 1967, "dạ": 111, "dã": 26, "đả": 45}
    pairs = {"giá điện": 129, "gia diễn": 80, "giá diễn": 12, "gia điện": 7, "giả diễn": 7, "giả điện": 2,
             "diễn đã": 69, "điện đã": 52, "điển đã": 30, "diện đã": 13, "điền đã": 6, "điền dã": 5, "diễn đa": 4,
             "diện đa": 4}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: {"giá điện": 107}}, documents=43570)
    assert read(Restorer(vocab, single=frozenset({"da"})), "gia dien da")[0] == "giá điện đã"


def test_an_unfinished_word_may_complete_to_a_syllable_far_down_its_letter(monkeypatch):
    # The syllables beginning with "s" are many; those the articles write after "tôm" are
    # found wherever they stand among them ("tôm sú", past the first ones scanned).
    from ctsearch import restore
    monkeypatch.setattr(restore, "COMPLETE_SCAN", 3)
    vocab = Vocabulary.from_frequencies({"body_syl": {"tôm": 300, "sa": 50, "sang": 900, "sao": 400, "sẽ": 2000,
                                                      "sú": 70},
                                         "syl_bigrams": {"tôm sú": 60, "tôm sang": 20, "tôm sẽ": 20}},
                                        documents=43000)
    best = Restorer(vocab).readings(["tom", "s"], [False, False], complete_last=True)[0]
    assert best.text == "tôm sú" and best.completed


def test_a_syllable_beside_a_number_reads_as_the_word_written_there():
    # No pair is counted with a number, so the counts alone read "quy" as the quy of quy định
    # (written beside "khẩu" in "xuất khẩu quy định") and "tan" as the commoner tân; beside a
    # number they are quý 1, and after one, 3 tấn, 32 tỷ.
    r = over({"quy": 900, "quý": 400, "xuất": 800, "khẩu": 700, "tấn": 300, "tân": 500, "tan": 200, "gạo": 200,
              "tỷ": 700, "ty": 50},
             {"xuất khẩu": 600, "khẩu quy": 40, "khẩu quý": 25})
    assert first(r, ["xuat", "khau", "quy"]).text == "xuất khẩu quy"
    assert first(r, ["xuat", "khau", "quy", "1"]).text == "xuất khẩu quý 1"
    assert first(r, ["3", "tan", "gao"]).text == "3 tấn gạo"
    assert first(r, ["32", "ty"]).text == "32 tỷ"
    # Only beside the number, only on the side the word goes: "quý" goes before one.
    assert first(r, ["1", "quy"]).text == "1 quy"
    # A grade of petrol: "RON 92" (66 articles write "ron"; "rộn" is in 560, mostly "rộn ràng").
    r = over({"rộn": 560, "rợn": 100, "rốn": 92, "ron": 66, "xăng": 1264}, {"xăng ron": 20})
    assert first(r, ["ron", "92"]).text == "ron 92"



def test_a_share_is_no_number_a_word_takes_before_it():
    # "tầng 8" is the eighth floor, but a share has no floor: "tang 8%" is tăng 8%.
    r = over({"tăng": 3000, "tầng": 900, "tang": 100, "8": 500},
             {})
    assert first(r, ["tang", "8"]).text == "tầng 8"
    assert first(r, ["tang", "8", "%"]).text == "tăng 8 %"


def test_a_year_or_a_month_is_a_time_the_words_around_it_read_across():
    # A year has no floors: "gia vang 2020 tang" is tăng (it was "tầng", a word written after
    # a count); the word after the time is read beside the one before it (vàng tăng, khẩu
    # tăng), and the word before "tháng 2" beside its own ("heo hơi", not the "hồi" of
    # "hồi tháng 2"). A count keeps its words: "5 tang" is still 5 tầng.
    r = over({"giá": 5000, "gia": 800, "vàng": 2000, "vang": 100, "tăng": 3000, "tầng": 900, "tang": 100,
              "tặng": 300, "xuất": 800, "khẩu": 700, "quý": 400, "quy": 900, "heo": 300, "hơi": 500, "hồi": 900,
              "tháng": 4000, "thang": 100, "nhà": 3000},
             {"giá vàng": 900, "vàng tăng": 200, "xuất khẩu": 600, "khẩu tăng": 80, "giá heo": 200,
              "heo hơi": 150, "heo hồi": 2, "hồi tháng": 700, "hơi tháng": 3, "nhà tầng": 30})
    assert first(r, ["gia", "vang", "2020", "tang"]).text == "giá vàng 2020 tăng"
    assert first(r, ["xuat", "khau", "quy", "1", "2017", "tang"]).text == "xuất khẩu quý 1 2017 tăng"
    assert first(r, ["gia", "heo", "hoi", "thang", "2", "2017"]).text == "giá heo hơi tháng 2 2017"
    assert first(r, ["nha", "5", "tang"]).text == "nhà 5 tầng"
    # "nam" before a year is also the south and a name's ("miền Nam 2020", "Hà Nam 2021"), and
    # "tuan" before one no week; a count as large as a year keeps its units ("2000 tấn").
    r = over({"miền": 900, "miễn": 700, "nam": 4000, "năm": 30000, "nằm": 2000, "hà": 3000, "hạ": 1500,
              "anh": 8000, "tuấn": 700, "tuần": 3000, "thu": 2000, "mua": 3000, "tấn": 2500, "tan": 300,
              "tàn": 400, "lúa": 1500, "lửa": 900},
             {"miền nam": 700, "miền năm": 1, "hà nam": 600, "anh tuấn": 300, "thu mua": 800, "tấn lúa": 200,
              "tàn lửa": 30})
    assert first(r, ["mien", "nam", "2020"]).text == "miền nam 2020"
    assert first(r, ["ha", "nam", "2021"]).text == "hà nam 2021"
    assert first(r, ["anh", "tuan", "2020"]).text == "anh tuấn 2020"
    assert first(r, ["thu", "mua", "2000", "tan", "lua"]).text == "thu mua 2000 tấn lúa"


def test_a_word_put_after_goods_at_the_end_is_the_goods_fake():
    # "sữa giá rẻ" puts giá after sữa as often as "sữa giả" is written, and "ông già" is
    # common: at the end, after goods or a word of two syllables, "gia" is giả (counterfeit
    # milk, honey); after words that make no goods word it is not ("chăm sóc người già").
    syllables = {"sữa": 800, "sua": 50, "sửa": 900, "giá": 9000, "giả": 1500, "già": 1200, "gia": 3000,
                 "mật": 300, "mặt": 2000, "ong": 200, "ông": 5000, "người": 9000, "chăm": 600, "sóc": 600}
    pairs = {"sữa giá": 5, "sữa giả": 4, "sửa giá": 2, "mật ong": 150, "mặt ông": 5, "ông già": 300,
             "ong giả": 1, "người già": 400, "người giả": 3, "chăm sóc": 500, "sóc người": 60}
    words = {"giá": 8000, "giả": 1000, "già": 1100, "sữa": 700, "mật_ong": 150, "ông": 4000, "người": 8000,
             "chăm_sóc": 500, "mặt": 1500}
    r = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words},
                                             documents=43000), frozenset())
    assert first(r, ["sua", "gia"]).text == "sữa giả"
    assert first(r, ["mat", "ong", "gia"]).text == "mật ong giả"
    assert first(r, ["cham", "soc", "nguoi", "gia"]).text == "chăm sóc người già"


def test_a_pair_into_a_place_typed_with_its_marks_that_no_article_writes_weighs_less():
    # "nuôi cua Cà Mau" (crab farming) was read "nuôi của Cà Mau": "của Cà Mau" is written
    # before the place everywhere, "cua Cà Mau" in no article. Into a place begun with its
    # marks, a pair never written is less evidence against the word before; one written
    # there still counts ("nhôm Đắk Nông", the alumina plant, not "nhóm").
    syl = {"của": 30000, "cua": 410, "cửa": 5000, "cà": 2500, "mau": 2600, "màu": 900, "nuôi": 800,
           "nhà": 9000, "máy": 5000, "nhôm": 300, "nhóm": 3000, "đắk": 400, "nông": 3000}
    pairs = {"của cà": 300, "cà mau": 2400, "nuôi cua": 30, "nuôi của": 40, "nhà máy": 2000, "máy nhôm": 30,
             "máy nhóm": 8, "nhôm đắk": 20, "đắk nông": 390}
    r = over(syl, pairs)
    level = [False, True, False, False]
    assert r.readings(["nuôi", "cua", "cà", "mau"], [True, False, True, False], level=level)[0].text == "nuôi cua cà mau"
    assert r.readings(["nha", "may", "nhom", "đắk", "nông"], [False, False, False, True, True])[0].text \
        == "nhà máy nhôm đắk nông"


def test_a_slip_of_the_fingers_is_a_letter_left_out_added_swapped_or_struck_beside():
    from ctsearch.restore import _slips

    for typed, slip in [("loi", "luoi"), ("luoi", "loi"), ("dao", "cao"), ("thao", "thai"), ("ngeh", "nghe"),
                        ("dien", "dieen")]:
        assert slip in _slips(typed), (typed, slip)
    # a key far from the one meant is another word, not a slip
    for typed, far in [("loi", "doi"), ("rac", "xac"), ("vap", "vat"), ("gui", "nui")]:
        assert far not in _slips(typed), (typed, far)
    assert "loi" not in _slips("loi")


def test_a_last_word_still_being_typed_among_toned_words_is_completed_as_before():
    """The as-typed prior of a word typed without marks among toned ones holds for what it
    may still become: `đài lo` is on the way to "đài loan", not "lo" kept as typed."""
    from ctsearch.interpret import interpret
    syllables = {"đài": 3000, "loan": 800, "lo": 2000, "lò": 1500, "lọ": 100}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables,
                                                  "syl_bigrams": {"đài loan": 700, "đài lo": 3}}, documents=43570),
                     frozenset())
    top = interpret("đài lo", lambda: model).top
    assert top.text == "đài loan" and top.completed
    assert not interpret("đài lo ", lambda: model).changed      # (finished: as typed)


def test_words_typed_with_tones_read_as_typed_are_not_reordered_by_the_pairs_guess():
    """`gỗ keo xuất khẩu`: the words as typed are the likeliest reading (the as-typed
    prior); only what the articles write whole may put another first, not the syllables
    three by three, which know nothing of the prior."""
    from ctsearch.interpret import interpret
    syllables = {"gỗ": 800, "gỡ": 300, "kéo": 5226, "keo": 182, "xuất": 10000, "khẩu": 10000}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": {"xuất khẩu": 9000}},
                                                 documents=43570), frozenset())

    def written(phrases):
        # (no reading written whole; three syllables with "kéo" written by many)
        return [40 if len(p) == 3 and "kéo" in p else 0 for p in phrases]
    it = interpret("gỗ keo xuất khẩu", lambda: model, written=written)
    assert it.top.text == "gỗ keo xuất khẩu" and not it.reordered, it.readings


def _started(syllables: dict, pairs: dict, words: dict, starts: dict, single: frozenset) -> Restorer:
    """A restorer over the test corpus's counts (43,570 articles), with the pairs whose first
    syllable begins a word, leaning for ``single``."""
    from ctsearch.langstats import START_BIGRAMS_KEY

    return Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                                 START_BIGRAMS_KEY: starts}, documents=43570), single=single)


def test_goods_before_a_term_are_no_word_read_across_its_first_syllable():
    """`che xuat khau` is tea exports: "chế xuất" (the export-processing zone, and "hạn chế
    xuất khẩu") is written sixteen times as often as "chè xuất", but it is a word of its
    own, which cannot be read across the first syllable of "xuất khẩu", and the goods
    written beside the term vouch for the goods. A pair across that is no word still says
    what the query is: `da nhap khau` is "đã nhập khẩu"."""
    # (the counts of the test corpus's 43,570 articles)
    syllables = {"chế": 9989, "che": 1087, "chê": 571, "chè": 282, "xuất": 17217, "khẩu": 6210, "khâu": 1001,
                 "đã": 37517, "da": 2461, "nhập": 9322}
    pairs = {"chế xuất": 193, "chè xuất": 12, "xuất khẩu": 2917, "đã nhập": 196, "da nhập": 4, "nhập khẩu": 2818}
    words = {"chế": 584, "che": 422, "chê": 382, "chè": 215, "chế_xuất": 140, "xuất_khẩu": 2900, "khâu": 994,
             "đã": 37517, "da": 1967, "nhập_khẩu": 2800}
    starts = {"chế xuất": 141, "chè xuất": 12, "xuất khẩu": 2879, "đã nhập": 190, "nhập khẩu": 2433}
    model = _started(syllables, pairs, words, starts, frozenset({"chè", "da"}))

    def share(m: Restorer, text: str, meant: str) -> float:
        return next((r.probability for r in m.readings(text.split(), [False] * 3) if r.text == meant), 0.0)

    # (two readings near even, left to what the articles write whole: in the engine, tea)
    assert share(model, "che xuat khau", "chè xuất khẩu") > 0.4
    assert share(_started(syllables, pairs, words, starts, frozenset()), "che xuat khau", "chè xuất khẩu") < 0.05
    assert read(model, "da nhap khau")[0] == "đã nhập khẩu"


def test_goods_after_the_word_for_a_sector_lean_as_typed_alone():
    """`nganh che` is the tea industry: "ngành" (a sector) is put before goods as "giá" is,
    though "ngành chế biến" writes "chế" after it six times as often."""
    syllables = {"ngành": 6438, "chế": 9989, "che": 1087, "chê": 571, "chè": 282}
    pairs = {"ngành chế": 58, "ngành chè": 10}
    words = {"ngành": 5537, "chế": 584, "che": 422, "chê": 382, "chè": 215}
    starts = {"ngành chế": 57, "ngành chè": 10}
    model = _started(syllables, pairs, words, starts, frozenset({"chè"}))
    assert read(model, "nganh che")[0] == "ngành chè"
    model.before_goods = model.before_goods - {"ngành"}
    assert read(model, "nganh che")[0] == "ngành chế"


def test_a_word_opening_the_query_has_no_rival_form_inside_a_longer_word():
    """`gia dieu` is the price of cashew (giá, a word put before goods): "gia điều" is
    written more, but as the end of "tham gia" before "điều hành"; at the start of the
    query the word begins there, and no article writes "gia điều" so."""
    syllables = {"gia": 23531, "giá": 18135, "giả": 5633, "già": 1448, "điều": 23203, "điệu": 1000,
                 "diều": 113, "tham": 11207}
    pairs = {"gia điều": 60, "giá điều": 16, "tham gia": 7131}
    words = {"gia": 966, "giá": 8509, "giả": 1343, "già": 1116, "điều": 11713, "điệu": 190, "diều": 91,
             "tham_gia": 7100}
    starts = {"giá điều": 9, "tham gia": 7125}
    model = _started(syllables, pairs, words, starts, frozenset({"điều"}))
    assert read(model, "gia dieu")[0] == "giá điều"
    # (with "gia điều" written where "gia" begins a word, it is the word meant there)
    model = _started(syllables, pairs, words, {**starts, "gia điều": 40}, frozenset({"điều"}))
    assert read(model, "gia dieu")[0] != "giá điều"


def test_a_query_opens_on_its_subject_not_on_a_preposition():
    """`cho que`: "cho quê" (for the home village) is written twice as often as "chợ quê",
    the village market, and "cho" in twenty times as many articles; but a reader types the
    subject, not the word before it. A word the trade searches by itself opening the query
    leans over a word without a subject its letters also spell, where the articles open a
    pair with it before the next word's letters; not where the small word makes a word with
    the next ("cho vay") or asks something ("khi nào")."""
    # (about the counts of the test corpus's 43,570 articles)
    syllables = {"cho": 40111, "chợ": 2095, "quê": 2084, "quế": 200, "vay": 3000, "khi": 15000, "khí": 3000,
                 "nào": 6000, "nổi": 1500, "nơi": 4000}
    pairs = {"cho quê": 31, "chợ quê": 15, "cho quế": 2, "cho vay": 2500, "chợ vay": 3, "khi nào": 900,
             "khí nào": 4, "chợ nổi": 40, "cho nơi": 30}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs,
                                                  "syl_start_bigrams": pairs}, documents=43570), frozenset())
    assert read(model, "cho que")[0] == "chợ quê"
    assert read(model, "cho noi")[0] == "chợ nổi"
    assert read(model, "cho vay")[0] == "cho vay"
    assert read(model, "khi nao")[0] == "khi nào"
    # Not for a slip a few articles write ("cà ty" beside "cả tỷ", written forty times as often).
    model = Restorer(Vocabulary.from_frequencies({"body_syl": {**syllables, "cả": 30000, "cà": 900, "tỷ": 9000,
                                                               "ty": 8000},
                                                  "syl_bigrams": {**pairs, "cả tỷ": 120, "cà ty": 3},
                                                  "syl_start_bigrams": {**pairs, "cả tỷ": 120, "cà ty": 3}},
                                                 documents=43570), frozenset())
    assert read(model, "ca ty")[0] == "cả tỷ"
    # Nor for a form the trade does not search by itself ("trọng" of "trọng thể").
    model = Restorer(Vocabulary.from_frequencies({"body_syl": {**syllables, "trong": 30000, "trọng": 3000,
                                                               "thể": 9000},
                                                  "syl_bigrams": {**pairs, "trong thể": 40, "trọng thể": 30},
                                                  "syl_start_bigrams": {**pairs, "trong thể": 40, "trọng thể": 30}},
                                                 documents=43570), frozenset())
    assert read(model, "trong the")[0] == "trong thể"
    # Nor where the goods open the pair in few articles, or a far smaller share ("cá huyện",
    # 3 articles, beside "cả huyện", 7).
    model = Restorer(Vocabulary.from_frequencies({"body_syl": {**syllables, "cả": 30000, "cá": 3000, "huyện": 9000},
                                                  "syl_bigrams": {**pairs, "cả huyện": 7, "cá huyện": 3},
                                                  "syl_start_bigrams": {**pairs, "cả huyện": 7, "cá huyện": 3}},
                                                 documents=43570), frozenset())
    assert read(model, "ca huyen")[0] == "cả huyện"
    # Inside a query the counts decide as before.
    assert read(model, "khi cho que")[0].endswith("cho quê")


def test_a_last_syllable_that_makes_no_word_with_the_one_before_weighs_as_often_as_it_stands_alone():
    """`nha may dong van`: "động văn" is written more often than "đồng văn" (as "hoạt động
    văn hóa"), but there "văn" opens "văn hóa"; ending a query, it stands for itself, and the
    place Đồng Văn, whose name ends a word, is what was typed. A pair the articles write in a
    good share of the first syllable's articles stays ("tổng giám", of "tổng giám đốc")."""
    syllables = {"nhà": 20000, "máy": 9000, "động": 9000, "đồng": 8000, "văn": 6000, "vẫn": 5000, "hóa": 5000,
                 "tổng": 5000, "giám": 4000, "giam": 600, "tống": 300, "đốc": 3900}
    pairs = {"nhà máy": 5000, "máy động": 30, "máy đồng": 20, "động văn": 60, "đồng văn": 25, "văn hóa": 4000,
             "tổng giám": 1600, "giám đốc": 3800, "tống giam": 200}
    words = {"nhà_máy": 5000, "động": 3000, "đồng": 4000, "văn": 200, "vẫn": 4900, "văn_hóa": 4000, "hoạt_động": 3000,
             "tổng": 2000, "giám": 20, "giám_đốc": 3800, "giam": 500, "tống_giam": 200}
    model = Restorer(Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words},
                                                 documents=43570), frozenset())
    assert read(model, "nha may dong van")[0] == "nhà máy đồng văn"
    assert read(model, "tong giam")[0] == "tổng giám"


def test_a_word_in_capitals_is_an_abbreviation_unless_a_slip_mends_it_into_a_written_word():
    from ctsearch.restore import kept_as_typed_abbreviation
    written = {"iu": 16, "lua": 2400, "thep": 3000, "xang": 2000, "evn": 161, "wto": 897, "lon": 3000}.get
    count = lambda w: written(w, 0)      # noqa: E731
    assert kept_as_typed_abbreviation("IUU", False, count, 43570)          # "iu": 16 articles of 43,570
    assert kept_as_typed_abbreviation("IPEF", True, count, 43570)
    for slip in ("LUAA", "THPE", "XNAG", "EVNN", "WTOO"):                # doubled or swapped keys
        assert not kept_as_typed_abbreviation(slip, True, count, 43570), slip
    assert not kept_as_typed_abbreviation("THUONGG", True, count, 43570)   # long, under the caps lock
    assert kept_as_typed_abbreviation("UKVFTA", False, count, 43570)      # among lower-case words
    assert not kept_as_typed_abbreviation("Iuu", False, count, 43570)     # not typed in capitals
    assert kept_as_typed_abbreviation("LNO", True, count, 43570)   # three letters swapped: as likely a code


def test_the_items_of_a_list_are_read_as_if_each_were_typed_alone():
    """`gao va lua` is rice and paddy: read whole, the pairs across the joint ("và lừa", a
    fraud's "lừa", written in far more articles than "và lúa") made it "gạo và lừa", though
    `lua` typed alone is the paddy. Each item of a list ("và", "hay", "hoặc", a comma, "&",
    "/") is read as if it were the query; a word of a longer word ("va chạm") is no joint."""
    from ctsearch.interpret import interpret
    from ctsearch.langstats import START_BIGRAMS_KEY
    syllables = {"gạo": 900, "lúa": 700, "lừa": 2500, "lửa": 2000, "và": 30000, "va": 800, "vá": 100,
                 "chạm": 700, "chấm": 600, "hay": 9000, "hãy": 4000}
    words = {"gạo": 800, "lúa": 600, "lừa": 600, "lửa": 900, "và": 29000, "va_chạm": 600, "hay": 8000,
             "hãy": 3900}
    pairs = {"và lừa": 900, "và lửa": 500, "và lúa": 40, "gạo và": 200, "lúa và": 150, "va chạm": 650,
             "hay lừa": 300, "gạo hay": 20}
    vocab = Vocabulary.from_frequencies({"body_syl": syllables, "syl_bigrams": pairs, "body": words,
                                         START_BIGRAMS_KEY: dict(pairs)}, documents=43570)
    model = Restorer(vocab, single=frozenset({"gạo", "lúa"}))
    assert model.readings(["gao", "va", "lua"], [False] * 3)[0].text == "gạo và lừa"   # read whole
    for typed, meant in [("gao va lua", "gạo và lúa"), ("gao hay lua", "gạo hay lúa"), ("gao, lua", "gạo, lúa"),
                         ("gao & lua", "gạo & lúa"), ("gạo và lua", "gạo và lúa")]:
        assert interpret(typed, lambda: model).readings[0].text == meant, typed
    assert interpret("va cham", lambda: model).readings[0].text == "va chạm"


def test_a_slip_into_a_term_of_the_trade_is_mended_and_searched():
    """`bo cong thong` was searched "bộ công thông" (Bộ Công Thương offered): a reading no
    article writes, one slip from a term of the domain's lexicon that it does not hold, is
    the term; a slip into another word stays an offer."""
    from ctsearch.interpret import _mends_a_term
    model = Restorer(Vocabulary.from_frequencies({"body_syl": {"bộ": 9}}, documents=10))
    assert _mends_a_term(model, ("bộ", "công", "thương"), ("bộ", "công", "thông"))
    assert _mends_a_term(model, ("xúc", "tiến", "thương", "mại"), ("xúc", "tiến", "thông", "mại"))
    assert not _mends_a_term(model, ("cưới", "đừng", "làm"), ("cười", "đừng", "làm"))
    assert not _mends_a_term(model, ("bộ", "công", "thương"), ("bộ", "công", "thương"))
