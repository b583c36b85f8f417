"""Analysis: pyvi words with offsets into the original text; case, form, tones, accents."""

import unicodedata

import pytest

from ctsearch.textnorm import without_abbreviation_dot
from ctsearch.analysis import TermBatch, folded_analyzer, query_units, syllable_analyzer, word_analyzer


def terms(analyzer, text):
    return [t.text for t in analyzer(text)]


def spans(analyzer, text):
    return [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, positions=True)]


SENTENCES = [
    "Hỗ trợ 5 đơn vị, doanh nghiệp tham gia gian hàng trên các sàn thương mại điện tử.",
    "Phấn đấu trong năm 2023 có ít nhất 377MW điện gió đưa vào khai thác thương mại.",
    "Hộp đựng quà của hợp tác xã Thủ công mỹ nghệ Anh Minh (phường Thanh Trường, TP. Điện Biên Phủ)",
    "Giá trị sản xuất công nghiệp đạt 2.983,97 tỷ đồng (tăng 7,4% so với năm 2020)",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_offsets_point_into_the_original_text(text):
    for term, start, end in spans(word_analyzer(), text):
        original = text[start:end]
        # A word's chars cover its syllables; the "_" exists only in the term.
        # (an abbreviation's full stop, "TP." or "EVN." at a sentence's end, is not in the term)
        lowered = without_abbreviation_dot(original.lower().replace(" ", "_"))
        assert term == lowered or term.replace("_", " ") == lowered.replace("_", " ")
    for term, start, end in spans(syllable_analyzer(), text):
        assert text[start:end].lower() == term


def test_compounds_are_words_and_syllables():
    text = SENTENCES[0]
    words = terms(word_analyzer(), text)
    assert any("_" in w for w in words)
    assert "_" not in "".join(terms(syllable_analyzer(), text))
    assert terms(folded_analyzer(), "sàn thương mại điện tử") == ["san", "thuong", "mai", "dien", "tu"]


@pytest.mark.parametrize("a, b", [
    ("Thuỷ điện Hoà Bình", "Thủy điện Hòa Bình"),           # tone placement
    ("THỦY ĐIỆN HÒA BÌNH", "thủy điện hòa bình"),           # case
    (unicodedata.normalize("NFD", "Thủy điện Hòa Bình"), "Thủy điện Hòa Bình"),  # NFD
    ("sức khoẻ", "sức khỏe"),
])
def test_equivalent_spellings_give_the_same_terms(a, b):
    a = unicodedata.normalize("NFC", a)
    for analyzer in (syllable_analyzer(), folded_analyzer()):
        assert terms(analyzer, a) == terms(analyzer, b)


@pytest.mark.parametrize("a, b", [
    ("Nhà máy hoà lưới điện quốc gia.", "Nhà máy hòa lưới điện quốc gia."),
    ("Thuỷ điện Hoà Bình xả lũ.", "Thủy điện Hòa Bình xả lũ."),
    ("Giữ gìn sức khoẻ cộng đồng.", "Giữ gìn sức khỏe cộng đồng."),
])
def test_tone_placement_does_not_change_the_words(a, b):
    # pyvi joins "hòa lưới" but not "hoà lưới": documents are segmented in one convention.
    assert terms(word_analyzer(), a) == terms(word_analyzer(), b)
    batch = TermBatch()
    assert batch.tokens(a) == batch.tokens(b)


@pytest.mark.parametrize("variants", [
    ("hòa lưới", "hoà lưới", "HOÀ LƯỚI", "Hoà Lưới"),
    ("khánh hòa", "khánh hoà", "Khánh Hoà", "KHÁNH HOÀ"),
    ("thủy điện", "thuỷ điện", "Thuỷ Điện", unicodedata.normalize("NFD", "THUỶ ĐIỆN")),
    ("sức khỏe cộng đồng", "sức khoẻ cộng đồng", "Sức Khoẻ Cộng Đồng"),
    ("quá trình", "qúa trình", "QÚA TRÌNH"),          # a tone slipped onto the u of "qu"
    ("giá điện", "gía điện", "Gía Điện"),             # ... or the i of "gi"
])
def test_a_query_is_segmented_the_same_however_it_is_typed(variants):
    # What a query finds depends on its words, so tone placement and case must not.
    first = [u.word for u in query_units(variants[0])]
    for typed in variants[1:]:
        assert [u.word for u in query_units(typed)] == first, typed


@pytest.mark.parametrize("typed, expected", [
    ("qúa", "quá"), ("QÚA", "QUÁ"), ("qụôc", "quộc"), ("qúy", "quý"), ("gía", "giá"), ("Gìa", "Già"),
    ("gì", "gì"), ("gìn", "gìn"), ("quỳ", "quỳ"), ("ngìn", "ngìn"), ("Qúảng", "Qúảng"),   # left alone
])
def test_a_tone_on_the_consonant_of_qu_and_gi_moves_to_its_vowel(typed, expected):
    from ctsearch.textnorm import normalize_tones
    assert normalize_tones(typed) == expected
    assert len(normalize_tones(typed)) == len(typed)       # offsets stay valid


def test_folding_removes_every_diacritic():
    assert terms(folded_analyzer(), "Điện gió Bến Tre, Đắk Lắk") == ["dien", "gio", "ben", "tre", "dak", "lak"]


def test_positions_leave_a_gap_at_punctuation():
    toks = [(t.text, t.pos) for t in syllable_analyzer()("điện, gió", positions=True)]
    assert toks[1][1] - toks[0][1] > 1


def test_query_is_segmented_like_documents():
    doc_terms = set(terms(word_analyzer(), SENTENCES[0]))
    units = query_units("thương mại điện tử")
    assert units and all(u.word in doc_terms for u in units)
    assert "".join(s for u in units for s in u.syllables) == "thươngmạiđiệntử"


def test_query_units_without_accents():
    units = query_units("dien gio ben tre")
    assert [s for u in units for s in u.folded] == ["dien", "gio", "ben", "tre"]
    assert not any(u.accented for u in units)


def test_batch_analysis_equals_the_analysers():
    """The indexer's array path gives every form exactly the analysers' terms and positions."""
    from collections import defaultdict

    from ctsearch.analysis import TermBatch
    from ctsearch.schema import make_schema

    schema = make_schema()
    texts = SENTENCES + ["", "…", "Điện, gió.\nThuỷ điện Hoà Bình", "A  b\n\nc", "İstanbul ĐIỆN Gió",
                         "VN-Index tăng; Kim Jong-un, Bà Rịa - Vũng Tàu, vắc-xin 10-12", "-a- b -c", "Sở GD-ĐT-"]
    batch = TermBatch()
    for text in texts:
        batch.add(text)
    for suffix, form in batch.finish().items():
        got = defaultdict(lambda: defaultdict(list))
        for tid, text, pos in zip(form.tid.tolist(), form.text.tolist(), form.pos.tolist()):
            got[text][form.terms[tid]].append(pos)
        analyzer = schema["body" + suffix].analyzer
        for i, text in enumerate(texts):
            expected = defaultdict(list)
            for token in analyzer(text, positions=True):
                expected[token.text].append(token.pos)
            assert {t: sorted(p) for t, p in got[i].items()} == dict(expected), (suffix, text)


def test_bigrams_stay_inside_a_clause_a_list_mark_alone_makes_a_marked_pair():
    from ctsearch.analysis import bigram_analyzer, marked_pair_analyzer
    assert terms(bigram_analyzer(), "Điện gió, điện mặt trời") == ["dien gio", "dien mat", "mat troi"]
    # Across a comma, a dash or a slash alone, a marked pair in a field of its own (a term
    # written with a mark between its words: "chế biến, chế tạo"); none across a full stop,
    # a bracket or two marks.
    assert terms(marked_pair_analyzer(), "Điện gió, điện mặt trời") == ["gio , dien"]
    assert terms(marked_pair_analyzer(), "Nông - Lâm - Thủy sản") == ["nong , lam", "lam , thuy"]
    assert terms(marked_pair_analyzer(), "xuất/nhập khẩu") == ["xuat , nhap"]
    for text in ("Điện gió. Điện mặt trời", "Điện gió (điện mặt trời)", "Điện gió, (điện)", "Điện gió"):
        assert terms(marked_pair_analyzer(), text) == [], text


@pytest.mark.parametrize("text, bigrams, offsets", [
    ("VN-Index tăng", ["vn index", "index tang"], (0, 1, 2)),            # a hyphen inside a name
    ("Kim Jong-un", ["kim jong", "jong un"], (0, 1, 2)),
    ("tiêm vắc-xin", ["tiem vac", "vac xin"], (0, 1, 2)),
    ("Bà Rịa - Vũng Tàu", ["ba ria", "vung tau"], (0, 1, 3, 4)),       # a spaced dash: two clauses
    ("Bà Rịa -Vũng Tàu", ["ba ria", "vung tau"], (0, 1, 3, 4)),
    ("điện gió- mặt trời", ["dien gio", "mat troi"], (0, 1, 3, 4)),
])
def test_a_hyphen_inside_a_word_is_no_clause_boundary(text, bigrams, offsets):
    from ctsearch.analysis import bigram_analyzer, syllables_with_offsets
    assert terms(bigram_analyzer(), text) == bigrams
    assert syllables_with_offsets(text)[1] == offsets


@pytest.mark.parametrize("text, listed", [
    ("Hà Nội, Hải Phòng", True), ("Hà Nội - Hải Phòng", True), ("nông, lâm, thủy sản", True),
    ("xuất/nhập khẩu", True), ("Hà Nội Hải Phòng", True), ("VN-Index tăng", True),
    ("Hà Nội. Hải Phòng", False), ("Hà Nội (Hải Phòng)", False), ("Hà Nội, (Hải Phòng", False),
])
def test_a_gap_the_index_records_is_a_list_mark_alone(text, listed):
    from ctsearch.analysis import gaps_are_list_marks
    assert gaps_are_list_marks(text) is listed


@pytest.mark.parametrize("syllable, other", [
    ("kĩ", "kỹ"), ("kỹ", "kĩ"), ("lí", "lý"), ("lý", "lí"), ("tỉ", "tỷ"), ("tỷ", "tỉ"), ("mì", "mỳ"),
    ("mỹ", "mĩ"), ("kì", "kỳ"), ("sĩ", "sỹ"), ("quí", "quý"), ("quý", "quí"), ("quy", "qui"), ("qui", "quy"),
    ("hi", "hy"), ("hy", "hi"),
    # Not an i/y spelling: another onset or rhyme, a toneless syllable that is another word or
    # a name ("li", "ti", "mi"), "y" alone, upper case (names are left to their writers).
    ("thí", None), ("thủy", None), ("kịch", None), ("quỳnh", None), ("đi", None), ("li", None), ("ti", None),
    ("mi", None), ("y", None), ("ý", None), ("Lý", None), ("", None),
])
def test_syllables_written_with_i_or_y_alike(syllable, other):
    from ctsearch.textnorm import other_iy_spellings

    assert other_iy_spellings(syllable) == ((other,) if other else ())


def test_pairs_are_also_counted_where_their_first_syllable_begins_a_word() -> None:
    import numpy as np

    from ctsearch.analysis import TermBatch
    from ctsearch.langstats import syllable_bigrams

    batch = TermBatch()
    for text in ("Học sinh tham gia cuộc thi vẽ tranh.", "Giá cước vận tải tăng."):
        batch.add(text)
    syl = batch.finish()["_syl"]
    both = syllable_bigrams(syl.terms, syl.tid, syl.text, syl.pos)
    begun = syllable_bigrams(syl.terms, syl.tid, syl.text, syl.pos, syl.starts)
    assert both["gia cuộc"] == 1 and both["giá cước"] == 1
    assert "gia cuộc" not in begun and begun["giá cước"] == 1 and begun["tham gia"] == 1
    assert set(begun) < set(both) and syl.starts.dtype == np.bool_ and len(syl.starts) == len(syl.tid)


@pytest.mark.parametrize("typed, spelled", [
    ("ddieenj", ("điên", "\u0323")), ("gios", ("gio", "\u0301")), ("thuowng", ("thương", "")),
    ("thuongw", ("thương", "")), ("tuwr", ("tư", "\u0309")), ("nhw", ("như", "")), ("muwa", ("mưa", "")),
    ("xawng", ("xăng", "")), ("ngheef", ("nghê", "\u0300")), ("quoocs", ("quôc", "\u0301")),
    ("dduwowngf", ("đương", "\u0300")), ("nuwocs", ("nươc", "\u0301")), ("khaaur", ("khâu", "\u0309")),
    ("leex", ("lê", "\u0303")), ("TIEENGS", ("tiêng", "\u0301")),
    # No Telex key, no syllable, two tone keys, or not Latin letters: nothing to read.
    ("dien", None), ("gio", None), ("fdi", None), ("shopee", None), ("tiktok", None), ("ddd", None),
    ("phatsr", None), ("điện", None), ("h2o", None), ("w", None), ("ww", None), ("wwwwwwwww", None),
    ("taiir", None),
])
def test_telex_keys_typed_with_the_input_method_off(typed, spelled):
    from ctsearch.textnorm import telex
    assert telex(typed) == spelled


@pytest.mark.parametrize("typed, keys", [
    # VNI: 1-5 the tones, 6 a circumflex, 7 a horn, 8 a breve, 9 đ; after the vowel or at the
    # end of the syllable, as the input methods take them.
    ("die6n", "dieen"), ("dien6", "dieen"), ("gio1", "gios"), ("ma5i", "maji"), ("dien65", "dieenj"),
    ("d9ie65n", "ddieejn"), ("thu7o7ng", "thuwowng"), ("thuong7", "thuowng"), ("tra8m", "trawm"),
    ("kho6ng", "khoong"), ("xuat61", "xuaats"), ("DIE6N", "DIEEN"),
    # No digit, a 0, a digit with nothing to mark, no syllable spelled, a digit first.
    ("dien", None), ("die0n", None), ("h5n1", None), ("covid19", None), ("u23", None), ("g20", None),
    ("iphone7", None), ("5g", None), ("b9", None), ("điện1", None), ("do10", None),
])
def test_vni_keys_typed_with_the_input_method_off_as_their_telex_keys(typed, keys):
    from ctsearch.textnorm import telex, vni_as_telex
    assert vni_as_telex(typed) == keys
    assert keys is None or telex(keys) is not None
