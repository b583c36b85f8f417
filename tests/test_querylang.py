"""The search-box language: words, phrases, OR, exclusions; malformed input is words."""

import statistics
import pytest

from ctsearch.querylang import ALT_BOOST, parse, to_whoosh


def shape(text):
    p = parse(text)
    return ([[("P:" if a.phrase else "") + a.text for a in g] for g in p.groups],
            [a.text for a in p.excluded])


def test_plain_words_are_all_required():
    groups, excluded = shape("điện gió Bến Tre")
    assert groups and all(len(g) == 1 for g in groups) and excluded == []
    assert " ".join(g[0] for g in groups) == "điện gió bến tre"


def test_phrase_or_and_exclusion():
    groups, excluded = shape('"điện gió" OR "điện mặt trời" -than')
    # (each phrase once; "điện mặt trời" is also searched with a mark between its words)
    assert [list(dict.fromkeys(g)) for g in groups] == [["P:điện gió", "P:điện mặt trời"]]
    assert excluded == ["than"]


def test_or_binds_the_neighbouring_words():
    groups, _ = shape("thủy điện OR nhiệt điện")
    assert len(groups) == 1 and len(groups[0]) == 2


@pytest.mark.parametrize("text", ["thủy điện or nhiệt điện", "thủy điện hoặc nhiệt điện",
                                  "thủy điện Hoặc nhiệt điện", "thủy điện hoac nhiệt điện"])
def test_or_typed_in_lower_case_or_in_vietnamese_is_or(text):
    assert shape(text) == shape("thủy điện OR nhiệt điện")
    word = text.split()[2]
    assert shape(f"{word} điện") == ([[word.lower()], ["điện"]], [])   # not between two words: a word


@pytest.mark.parametrize("text", ["<b>điện</b> gió", "điện<br/>gió", '<a href="https://x.vn">điện gió</a>',
                                  "<SPAN class='q'>điện</SPAN> gió"])
def test_markup_pasted_with_the_words_is_no_word(text):
    assert shape(text) == shape("điện gió")
    assert shape("giá < 100") == shape("giá 100")          # a mark that opens no tag: as before
    assert shape("<EVN>") == shape("EVN") and shape("gia <vang>") == shape("gia vang")   # words in brackets stay
    # A mark beside a tag stays with its word: "-<b>lúa</b>" leaves lúa out, as "-lúa" does.
    assert shape("giá -<b>lúa</b>") == shape("giá -lúa") != shape("giá lúa")
    assert shape('giá "<b>lúa gạo</b>"') == shape('giá "lúa gạo"')
    # A break or a block parts the words beside it, marks and all.
    assert shape("giá<br>-lúa") == shape("giá -lúa") and shape('giá<br>"lúa gạo"') == shape('giá "lúa gạo"')
    assert shape("điện gió<br>-thủy điện") == shape("điện gió -thủy điện")


def test_a_tag_typed_alone_is_words_to_search_not_nothing():
    # Stripped, "<img>" left no word and the search listed every article.
    assert shape("<img>") == shape("img")
    assert {a.text for a in parse("<img src=x onerror=alert(1)>").positive_atoms()} >= {"img", "src", "onerror", "alert"}
    assert shape("<br/>") == shape("br")


@pytest.mark.parametrize("text", ['điện "gió', 'OR điện gió', 'điện gió OR', '- điện gió', 'điện OR OR gió',
                                  '"" điện gió', '-"" điện gió', '((điện)) gió!!'])
def test_malformed_syntax_is_plain_words(text):
    p = parse(text)
    assert to_whoosh(p) is not None
    words = [a.text for a in p.positive_atoms()]
    assert "điện" in " ".join(words) and "gió" in " ".join(words)


def test_empty_and_exclusion_only():
    assert to_whoosh(parse("")) is None
    assert to_whoosh(parse("   ")) is None
    q = to_whoosh(parse("-COVID"))
    assert q is not None and "Every" in repr(q)


def test_very_long_query_is_capped():
    p = parse("điện " * 1000)
    assert len(p.positive_atoms()) <= 200


def test_regroup_words_joins_only_what_the_index_knows():
    from ctsearch.analysis import Unit
    from ctsearch.querylang import regroup_words
    known = {"sơn_la", "điện_gió"}
    units = [Unit((s,), (s,)) for s in ("sơn", "la")] + [Unit(("điện", "gió"), ("dien", "gio"))] + \
        [Unit((s,), (s,)) for s in ("tăng", "mạnh")]
    got = regroup_words(units, known.__contains__)
    assert [u.word for u in got] == ["sơn_la", "điện_gió", "tăng", "mạnh"]


def test_terms_of_the_lexicon_are_joined_whole_units_only():
    from ctsearch.analysis import Unit
    from ctsearch.lexicon import is_term
    from ctsearch.querylang import join_terms
    units = [Unit((s,), (s,)) for s in ("tổng", "mức")] + [Unit(("bán", "lẻ"), ("ban", "le"))] + \
        [Unit((s,), (s,)) for s in ("khuyến", "công", "tỉnh", "cao", "bằng")]
    got = join_terms(units, is_term)
    assert [u.word for u in got] == ["tổng_mức_bán_lẻ", "khuyến_công", "tỉnh", "cao_bằng"]
    assert is_term("khuyen_cong") and is_term("nha_trang") and not is_term("tăng_mạnh")
    # a unit pyvi formed is never split to make a term
    got = join_terms([Unit(("mức", "bán"), ("muc", "ban")), Unit(("lẻ",), ("le",))], is_term)
    assert [u.word for u in got] == ["mức_bán", "lẻ"]


def test_a_term_of_the_lexicon_written_with_marks_keeps_where_they_stand():
    from ctsearch.analysis import Unit
    from ctsearch.lexicon import is_term, term_marks
    from ctsearch.querylang import Phrase, _atom_node, join_terms, parse
    units = [Unit(("chế", "biến"), ("che", "bien")), Unit(("chế", "tạo"), ("che", "tao")), Unit(("tăng",), ("tang",))]
    got = join_terms(units, is_term, marks=term_marks)
    assert [(u.word, u.joints) for u in got] == [("chế_biến_chế_tạo", (2,)), ("tăng", ())]
    # Where the lexicon writes the marks ("nông, lâm, thủy sản"), whatever pyvi makes of it;
    # typed without diacritics too.
    for q in ("nông lâm thủy sản", "nong lam thuy san"):
        atom = parse(q, is_term=is_term, term_marks=term_marks).groups[0][0]
        assert len(atom.syllables) == 4 and atom.joints == (1, 2), q
    assert term_marks("kinh_tế_xã_hội") == (2,) and term_marks("bà_rịa_vũng_tàu") == (2,)
    # "công nghiệp, nông thôn" names two things: no mark in rural industry.
    assert term_marks("công_nghiệp_nông_thôn") == () and is_term("công_nghiệp_nông_thôn")
    atom = parse("công nghiệp nông thôn", is_term=is_term, term_marks=term_marks).groups[0][0]
    assert atom.joints == () and atom.syllables == ("công", "nghiệp", "nông", "thôn")
    # one check per set of boundaries with a mark, each a phrase with its gaps
    phrases = []

    def walk(node):
        if isinstance(node, Phrase):
            phrases.append(node)
        for child in getattr(node, "children", ()):
            walk(child)
    walk(_atom_node(parse("nông lâm thủy sản", is_term=is_term, term_marks=term_marks).groups[0][0]))
    gapped = {p.offsets for p in phrases if p.offsets is not None and p.field == "body_syl"}
    assert gapped == {(0, 2, 3, 4), (0, 1, 3, 4), (0, 2, 4, 5)}
    # Not for words that are no term, nor in a quoted phrase.
    assert parse("tăng mạnh", is_term=is_term, term_marks=term_marks).groups[0][0].joints == ()
    assert parse('"chế biến chế tạo"', is_term=is_term, term_marks=term_marks).groups[0][0].joints == ()


def test_quoted_phrase_keeps_the_gaps_of_its_punctuation():
    from ctsearch.querylang import parse
    atom = parse('"Hà Nội, Hải Phòng"').groups[0][0]
    assert atom.syllables == ("hà", "nội", "hải", "phòng") and atom.offsets == (0, 1, 3, 4)
    assert parse('"Hà Nội Hải Phòng"').groups[0][0].offsets is None
    assert parse('-"Hà Nội - Hải Phòng" tin').excluded[0].offsets == (0, 1, 3, 4)


def test_a_short_quoted_phrase_also_looks_for_a_mark_between_its_words_a_long_one_does_not():
    from ctsearch.querylang import PUNCTUATED_MAX_SYLLABLES, parse
    short = parse('"Hà Nội Hải Phòng"').groups[0]
    assert (0, 1, 3, 4) in [a.offsets for a in short[1:]]           # one alternative per word boundary
    # A pasted sentence would need one more phrase per word boundary: it stays one.
    sentence = '"' + " ".join(["công nghiệp nông thôn tiêu biểu"] * 3) + '"'
    group = parse(sentence).groups[0]
    assert len(group[0].syllables) > PUNCTUATED_MAX_SYLLABLES and len(group) == 1


def test_a_word_typed_twice_is_one_requirement():
    p = parse("điện gió xyzabc xyzabc")
    assert [[a.text for a in g] for g in p.groups] == [["điện"], ["gió"], ["xyzabc"]]
    assert len(parse("giá OR điện giá").groups) == 2      # an OR group is not a repeat of a word
    assert [[a.text for a in g] for g in parse("xăng điện xăng OR than").groups] == \
        [["xăng"], ["điện"], ["xăng", "than"]]


def test_an_underscore_typed_between_syllables_is_a_space():
    assert parse("doanh_nghiệp xuat_khau").describe() == parse("doanh nghiệp xuat khau").describe()


@pytest.mark.parametrize("text", ["giá điện HCM", "HCM giá điện", "gia dien hcm", "giá điện TP HCM"])
def test_an_abbreviation_is_never_joined_with_a_neighbour_into_a_chance_word(text):
    """The index may hold "điện_hcm" (pyvi joined them once): "giá điện HCM" must still
    search HCM and its other forms, not that rare phrase."""
    from ctsearch.abbrev import load_abbreviations
    words = {"giá_điện", "điện_hcm", "gia_dien", "dien_hcm", "điện_tp", "dien_tp"}
    p = parse(text, is_compound=lambda w: w in words, forms=load_abbreviations())
    groups = [[a.text for a in g] for g in p.groups]
    city = next(g for g in groups if any("hcm" in t for t in g))
    assert any("hồ chí minh" in t for t in city), groups
    assert not any("điện hcm" in t or "dien hcm" in t or "điện tp" in t for g in groups for t in g), groups


@pytest.mark.parametrize("text, tokens", [
    ("dien AND gio", [("word", "dien"), ("word", "gio")]),
    ("dien NOT gio", [("word", "dien"), ("notword", "gio")]),
    ('dien NOT "gia dien"', [("word", "dien"), ("notphrase", "gia dien")]),
    ("+dien +gio", [("word", "dien"), ("word", "gio")]),
    ("xang OR dau OR", [("word", "xang"), ("or", "OR"), ("word", "dau")]),
    ("dien -gio AND than", [("word", "dien"), ("notword", "gio"), ("word", "than")]),   # after an exclusion too
    ("dien NOT -gio", [("word", "dien"), ("notword", "gio")]),
    ("NOT", [("word", "NOT")]),                                                       # alone: a word
    ("black and white", [("word", "black"), ("word", "and"), ("word", "white")]),     # lower case: words
    ("ｄｉｅｎ　ｇｉｏ", [("word", "dien"), ("word", "gio")]),                               # full width
])
def test_other_search_boxes_operators_typed_in_capitals(text, tokens):
    from ctsearch.querylang import _lex
    assert _lex(text) == tokens


@pytest.mark.parametrize("text, words", [
    ("viet-nhat", ["viet nhat"]),                    # typed joined: side by side, never anywhere
    ("việt-nhất", ["việt nhất"]),
    ("my-han tap tran", ["my han", "tap", "tran"]),
    ("Bà Rịa-Vũng Tàu", ["bà", "rịa", "vũng tàu"]),  # not "rịa vũng": "vũng tàu" is a word of its own
])
def test_two_syllables_typed_joined_by_a_dash_are_one_word(text, words):
    p = parse(text)
    assert [g[0].text for g in p.groups] == words


def test_a_word_pyvi_forms_that_no_article_holds_is_split_into_the_indexs_words():
    from ctsearch.querylang import Unit, split_unknown_words
    words = {"nông_sản", "xuất_khẩu", "thương_mại_điện_tử", "thương_mại", "điện_tử", "sản_xuất"}

    def unit(word):
        syl = tuple(word.split("_"))
        return Unit(syl, syl)

    split = split_unknown_words([unit("nông_sản_xuất_khẩu")], words.__contains__)
    assert [u.word for u in split] == ["nông_sản", "xuất_khẩu"]
    # A word of the index, or one that would leave a syllable alone, stays whole.
    kept = split_unknown_words([unit("thương_mại_điện_tử"), unit("sản_xuất_khẩu"), unit("Nguyễn_Tấn_Dũng")],
                               words.__contains__)
    assert [u.word for u in kept] == ["thương_mại_điện_tử", "sản_xuất_khẩu", "Nguyễn_Tấn_Dũng"]


def test_a_word_pyvi_forms_across_the_start_of_a_name_gives_the_name_its_syllable():
    # pyvi reads "cây xăng biên hòa" as "cây_xăng_biên" + "hòa", and "chợ phiên bắc hà" as
    # "chợ_phiên_bắc" + "hà": "hòa" and "hà" were searched anywhere; the name is whole.
    from ctsearch.querylang import Unit, split_unknown_words
    words = {"cây_xăng", "biên_hòa", "chợ_phiên"}

    def unit(word):
        syl = tuple(word.split("_"))
        return Unit(syl, syl)

    split = split_unknown_words([unit("cây_xăng_biên"), unit("hòa")], words.__contains__)
    assert [u.word for u in split] == ["cây_xăng", "biên_hòa"]
    split = split_unknown_words([unit("chợ_phiên_bắc"), unit("hà"), unit("giá")], words.__contains__)
    assert [u.word for u in split] == ["chợ_phiên", "bắc_hà", "giá"]      # (Bắc Hà: the gazetteer's name)
    # (nothing to give: as before)
    kept = split_unknown_words([unit("sản_xuất_khẩu"), unit("gạo")], {"sản_xuất"}.__contains__)
    assert [u.word for u in kept] == ["sản_xuất_khẩu", "gạo"]


def test_a_two_syllable_word_pyvi_forms_that_the_articles_hardly_write_is_two_words():
    # pyvi reads the short query "bánh kẹo tết" as "bánh" + "kẹo_tết": no article writes
    # "kẹo tết" and 142 write "bánh kẹo", so it is "kẹo" and "tết"; "tự vẫn", written side
    # by side by 56, stays one, as does a word of the index, whatever the counts, and a
    # pair no neighbour claims ("xăng giả").
    from ctsearch.querylang import Unit, split_unknown_words
    words = {"sơn_la"}
    pairs = {("tự", "vẫn"): 56, ("kẹo", "tết"): 1, ("bánh", "kẹo"): 142}

    def unit(word):
        syl = tuple(word.split("_"))
        return Unit(syl, syl)

    def side_by_side(a, b):
        return pairs.get((a, b), 0)

    got = split_unknown_words([unit("bánh"), unit("kẹo_tết"), unit("tự_vẫn"), unit("sơn_la")], words.__contains__,
                              side_by_side)
    assert [u.word for u in got] == ["bánh", "kẹo", "tết", "tự_vẫn", "sơn_la"]
    assert [u.word for u in split_unknown_words([unit("kẹo_tết")], words.__contains__, side_by_side)] == ["kẹo_tết"]
    # The syllable split off joins the word its neighbour makes with it: "sơn" + "la_xoài".
    got = split_unknown_words([unit("sơn"), unit("la_xoài")], words.__contains__, side_by_side)
    assert [u.word for u in got] == ["sơn_la", "xoài"]
    assert [u.word for u in split_unknown_words([unit("xăng_giả")], words.__contains__, side_by_side)] == ["xăng_giả"]
    # Without the counts, as before.
    assert [u.word for u in split_unknown_words([unit("kẹo_tết")], words.__contains__)] == ["kẹo_tết"]


def test_a_two_syllable_word_pyvi_forms_that_no_article_holds_as_a_word_is_two_words():
    # pyvi reads `giá tiêu giảm` as "giá" + "tiêu_giảm"; 39 articles write "tiêu giảm" side
    # by side, but only as parts of other words ("mục tiêu giảm"): none holds it as a word,
    # in any accents, and 215 write "giá tiêu". It is "tiêu" and "giảm", and the search finds
    # "Hồ tiêu thất mùa, giá giảm". Where some article holds it as a word ("tieu_giam" among
    # the index's words), the count of the pair stands.
    from ctsearch.querylang import Unit, split_unknown_words
    pairs = {("giá", "tiêu"): 215, ("tiêu", "giảm"): 39}

    def unit(word):
        syl = tuple(word.split("_"))
        return Unit(syl, syl)

    def side_by_side(a, b):
        return pairs.get((a, b), 0)

    got = split_unknown_words([unit("giá"), unit("tiêu_giảm")], set().__contains__, side_by_side)
    assert [u.word for u in got] == ["giá", "tiêu", "giảm"]
    got = split_unknown_words([unit("giá"), unit("tiêu_giảm")], {"tieu_giam"}.__contains__, side_by_side)
    assert [u.word for u in got] == ["giá", "tiêu_giảm"]


def test_an_or_typed_twice_counts_once_only_after_a_word():
    # "điện OR OR gió" is "điện OR gió"; two at the start have nothing to join and stay as
    # they were read before ("hoặc OR gió": the first a word).
    from ctsearch.querylang import _lex
    assert _lex("điện OR OR gió") == [("word", "điện"), ("or", "OR"), ("word", "gió")]
    assert _lex("điện or hoặc gió") == [("word", "điện"), ("or", "or"), ("word", "gió")]
    assert _lex("hoặc OR gió") == [("or", "hoặc"), ("or", "OR"), ("word", "gió")]


@pytest.mark.parametrize("text, excluded, groups", [
    ("thủy điện -Sơn La", ["sơn la"], ["thủy điện"]),
    ("xuất khẩu -Hà Nội gạo", ["hà nội"], ["xuất khẩu", "gạo"]),
    ("điện -thương mại điện tử", ["thương mại điện tử"], ["điện"]),
    ("điện -gió Bạc Liêu", ["gió"], ["điện", "bạc liêu"]),       # only the word the exclusion begins
    ("thủy điện -Sơn", ["sơn"], ["thủy điện"]),
    ('thủy điện -"Sơn La"', ["sơn la"], ["thủy điện"]),
    ("-điện gió", ["điện"], ["gió"]),                     # never every word sought
    ("-Sơn La", ["sơn"], ["la"]),
    ("-Sơn La thủy điện", ["sơn la"], ["thủy điện"]),     # whatever follows
    ("thủy điện -Sơn La OR Lai Châu", ["sơn la"], ["thủy điện", "lai châu"]),
    ("xuất khẩu -Trung Quốc gia tăng", ["trung quốc"], ["xuất khẩu", "gia tăng"]),
    ("dệt may -Hoa Kỳ thị trường", ["hoa kỳ"], ["dệt may", "thị trường"]),
    ("-Hà Nội địa phương", ["hà nội"], ["địa phương"]),
    ("xuất khẩu -Việt Nam Trung Quốc", ["việt nam"], ["xuất khẩu", "trung quốc"]),
    # A dash typed alone between two words of a name, as the name is written.
    ("điện mặt trời -Bà Rịa - Vũng Tàu", ["bà rịa vũng tàu"], ["điện mặt trời"]),
    ("thủy điện -Thừa Thiên – Huế gió", ["thừa thiên huế"], ["thủy điện", "gió"]),
    ("điện -Sơn - La", ["sơn la"], ["điện"]),
    ("điện -gió - Bạc Liêu", ["gió"], ["điện", "bạc liêu"]),
    # Alone, the longest word that leaves something sought, as "-Sơn La" alone.
    ("-Bà Rịa - Vũng Tàu", ["bà rịa"], ["vũng tàu"]),
])
def test_an_exclusion_leaves_out_the_whole_word_it_begins(text, excluded, groups):
    from ctsearch.lexicon import is_term

    # Words of an index: names, and words that a name's last syllable makes with the next.
    words = {"trung_quốc", "quốc_gia", "gia_tăng", "hoa_kỳ", "kỳ_thị", "thị_trường", "dệt_may", "xuất_khẩu",
             "địa_phương", "nội_địa", "việt_nam", "nam_trung", "thủy_điện", "điện_gió"}
    p = parse(text, is_compound=words.__contains__, is_term=is_term)
    # (a phrase of three syllables or more is also left out with a mark between its words)
    assert list(dict.fromkeys(a.text for a in p.excluded)) == excluded
    assert [" ".join(a.text for a in g[:1]) for g in p.groups] == groups


def test_an_exclusion_takes_the_longest_word_its_typed_words_spell():
    from ctsearch.querylang import whole_words_excluded

    words = {"b_c", "b_c_d", "x_y"}.__contains__
    assert whole_words_excluded([("notword", "b"), ("word", "c"), ("word", "d"), ("word", "e")], words) == \
        [("notphrase", "b c d"), ("word", "e")]
    # Whole typed words only: "b" and half of "c-e" spell nothing.
    assert whole_words_excluded([("word", "a"), ("notword", "b"), ("word", "c-e")], words) == \
        [("word", "a"), ("notword", "b"), ("word", "c-e")]
    # Only plain words after it: never an operator, a phrase or another exclusion; an OR
    # after the word left out has nothing to join on that side.
    for after in [("or", "OR"), ("phrase", "c"), ("notword", "c")]:
        assert whole_words_excluded([("word", "a"), ("notword", "b"), after], words) == \
            [("word", "a"), ("notword", "b"), after]
    assert whole_words_excluded([("word", "a"), ("notword", "x"), ("word", "y"), ("or", "OR"), ("word", "z")],
                                words) == [("word", "a"), ("notphrase", "x y"), ("word", "z")]
    # Never every word sought (marks alone are no word), nor half of a word typed after it.
    assert whole_words_excluded([("notword", "b"), ("word", "c")], words) == [("notword", "b"), ("word", "c")]
    assert whole_words_excluded([("notword", "b"), ("word", "c"), ("word", ".")], words)[0] == ("notword", "b")
    # A dash alone joins the words on either side of it, never ends the word; a name of
    # joined letters counts as one typed word.
    assert whole_words_excluded([("word", "a"), ("notword", "b"), ("word", "–"), ("word", "c"), ("word", "e")],
                                words) == [("word", "a"), ("notphrase", "b – c"), ("word", "e")]
    assert whole_words_excluded([("word", "a"), ("notword", "x"), ("word", "-")], words) == \
        [("word", "a"), ("notword", "x"), ("word", "-")]
    assert whole_words_excluded([("word", "a"), ("notword", "b"), ("name", "c&d")], {"b_c_d"}.__contains__) == \
        [("word", "a"), ("notphrase", "b c&d")]
    runs_on = {"m_t", "t_s"}.__contains__           # "-Mỹ thủy sản": Mỹ Thủy is a place, thủy sản a word
    assert whole_words_excluded([("word", "x"), ("notword", "m"), ("word", "t"), ("word", "s")], runs_on) == \
        [("word", "x"), ("notword", "m"), ("word", "t"), ("word", "s")]
    # "-Trung Quốc gia tăng": quốc gia is a word too, but "gia tăng" stands whole after it.
    ends = {"t_q", "q_g", "g_t"}.__contains__
    assert whole_words_excluded([("word", "x"), ("notword", "t"), ("word", "q"), ("word", "g"), ("word", "tt")],
                                {"t_q", "q_g", "g_tt"}.__contains__)[1] == ("notphrase", "t q")
    assert ends("t_q")


def test_an_exclusion_leaves_out_a_name_written_out():
    from ctsearch.abbrev import abbreviations_from
    from ctsearch.lexicon import is_term

    forms = abbreviations_from({"entries": [], "case_sensitive": []})
    p = parse("điện -Tập đoàn Điện lực Việt Nam", forms=forms, is_term=is_term)
    assert "tập đoàn điện lực việt nam" in [a.text for a in p.excluded]
    assert [[a.text for a in g][:1] for g in p.groups] == [["điện"]]
    # Longer than six syllables, or with a short form joined by "&": the ministry either way.
    for typed in ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ NN&PTNT"):
        p = parse(f"thủy điện -{typed}", forms=forms, is_term=is_term)
        assert "bộ nông nghiệp và phát triển nông thôn" in [a.text for a in p.excluded], typed
        assert [[a.text for a in g][:1] for g in p.groups] == [["thủy điện"]], typed


@pytest.mark.parametrize("typed, other", [("01/07/2021", "1 7 2021"), ("1/7/2021", "01 07 2021"),
                                          ("07/4/2021", "7 04 2021")])
def test_a_date_finds_its_day_and_month_with_or_without_leading_zeros(typed, other):
    atoms = {a.text for g in parse(typed).groups for a in g}
    # With "/", "-" (the same syllables, no gap) or "." (one token).
    dotted = typed.replace("/", ".")
    assert other in atoms and dotted in atoms and len(atoms) == 8
    # Excluding it removes what it finds.
    assert other in {a.text for a in parse(f"sáp nhập -{typed}").excluded}


def test_only_a_full_date_is_looked_for_in_other_forms():
    # A month ("01/2021": also a document's number and year), a fraction, a number.
    assert {a.text for g in parse("1/2 45/CP 01/2021").groups for a in g} == {"1 2", "45 cp", "01 2021"}
    for typed in ("1/2/3/2020", "0/0/2020", "32/1/2020", "1/13/2020"):
        assert len({a.text for g in parse(typed).groups for a in g}) == 1, typed


@pytest.mark.parametrize("text, name", [
    ("52/2017/NĐ-CP", True), ("45/CP", True), ("20/11/2020", True), ("123/QĐ-UBND.", True),
    ("C/O", False), ("xuất/nhập", False), ("Covid-19", False), ("2020/", False), ("4G/5G", False),
    ("60km/h", False), ("m3/ngày", False), ("Covid-19/Covid", False),
])
def test_a_document_number_is_one_phrase(text, name):
    from ctsearch.querylang import joined_name

    assert joined_name(text) is name
    p = parse(f"nghị định {text}")
    atoms = [a for g in p.groups for a in g]
    assert any(a.phrase and a.quoted and len(a.syllables) > 1 for a in atoms) is name
    if name:
        assert [a.phrase for a in parse(f"-{text}").excluded][:1] == [True]


def test_the_query_as_understood_names_each_alternative_once():
    from ctsearch.lexicon import is_term

    assert parse('"AT&T" điện').describe() == '"at t" điện'
    assert parse("điện -thương mại điện tử", is_term=is_term).describe() == "điện -thương mại điện tử"


@pytest.mark.parametrize("typed, together, others", [
    ("giá vàng tháng 3", "tháng 3", {"tháng ba"}),
    ("cpi tháng 12", "tháng 12", {"tháng mười hai", "tháng chạp"}),
    ("giá vàng tháng 03", "tháng 03", {"tháng 3", "tháng ba"}),
    ("xuất khẩu quý 1", "quý 1", {"quý i"}),
    ("giá gas tháng 5", "tháng 5", set()),
    ("xuất khẩu quý III", "quý iii", {"quý 3"}),
    ("giá vàng tháng Ba", "tháng ba", {"tháng 3"}),
])
def test_a_month_or_quarter_typed_before_its_number_is_one_word_with_it(typed, together, others):
    groups = [[a.text for a in g] for g in parse(typed).groups]
    merged = next(g for g in groups if g[0] == together)
    assert set(merged[1:]) == others
    # The same month however written: weighed alike.
    assert [a.boost for g in parse(typed).groups for a in g if a.text in others] == [1.0] * len(others)


@pytest.mark.parametrize("typed", ["giá vàng 3 tháng", "tháng 13", "quý 5", "thang 3", '"tháng" 3', "tháng 3/2006",
                                   "tháng mười một"])
def test_a_number_after_or_out_of_range_or_a_bare_word_stays_apart(typed):
    # "3 tháng" is three months; there is no thirteenth month; "thang" may be "thắng".
    assert not any(len(a.syllables) == 2 and a.syllables[1].isdigit() and not a.phrase
                   for g in parse(typed).groups for a in g), typed


@pytest.mark.parametrize("typed, other", [
    ("10000", ["10.000"]), ("1500", ["1.500"]), ("2500000", ["2.500.000"]), ("10.000", ["10000"]),
    ("1.500", ["1500"]), ("2005", []), ("1999", []), ("3000", ["3.000"]), ("999", []), ("0912345678", []),
    ("32,2", ["32.2"]), ("7.5", ["7,5"]), ("10.25", ["10,25"]), ("10.00", ["10,00"]), ("1,500", []),
    ("045.123", []), ("1.2.3", []),
])
def test_a_whole_number_is_also_looked_for_written_the_other_way(typed, other):
    from ctsearch.querylang import number_forms

    assert number_forms(typed) == other
    groups = parse(f"{typed} giá xăng").groups
    assert [a.text for g in groups for a in g if a.text in other] == other
    if other:
        # The words standing together count in the other writing too, ranked below.
        assert f"{other[0]} giá xăng" in [r.text for r in parse(f"{typed} giá xăng").runs]


@pytest.mark.parametrize("typed, forms", [
    ("đường dây 500kV", ["500kv", "500 kv"]),
    ("đường dây 500 kV", ["500 kv", "500kv"]),
    ("1500 MW", ["1500 mw", "1500mw", "1.500 mw", "1.500mw"]),
    ("100ha lúa", ["100ha", "100 ha"]),
])
def test_a_number_and_its_unit_are_one_word_glued_or_apart(typed, forms):
    groups = [[a.text for a in g] for g in parse(typed).groups]
    assert forms in groups
    assert [a.boost for g in parse(typed).groups for a in g if a.text in forms] == [1.0] * len(forms)


@pytest.mark.parametrize("typed", ["top 500 doanh nghiệp", "số 32 chính phủ", "km 500", '"500" kv'])
def test_a_number_without_a_unit_after_it_stays_a_word_of_its_own(typed):
    assert not any(any(ch.isdigit() for ch in a.text) and len(a.syllables) > 1 or a.text.endswith("kv") and a.text[0].isdigit()
                   for g in parse(typed).groups for a in g), typed


def test_a_month_or_quarter_with_its_year_is_one_group_the_date_alone_ranked_below():
    groups = [[(a.text, a.boost) for a in g] for g in parse("giá vàng tháng 4/2006").groups]
    assert len(groups) == 3
    texts = [t for t, _ in groups[2]]
    assert texts[0] == "tháng 4 2006" and groups[2][0][1] == 1.0
    assert {"tháng 4 năm 2006", "tháng tư 2006", "4 2006"} <= set(texts)
    # The date alone ("4/2006": any day of April 2006) ranks below the month written with it.
    assert [b for t, b in groups[2] if t == "4 2006"] and all(b < 1.0 for t, b in groups[2] if t == "4 2006")
    assert all(b == 1.0 for t, b in groups[2] if t != "4 2006")
    assert "quý i 2017" in [a.text for g in parse("quý 1/2017").groups for a in g]
    # Not a month, or not a year: as before.
    assert [len(g) for g in parse("tháng 13/2006").groups] == [1, 2]
    assert [len(g) for g in parse("ngày 4/2006").groups] == [1, 2]


@pytest.mark.parametrize("typed, together", [
    ("kim ngạch xuất khẩu 9 tháng", "9 tháng"), ("xuất khẩu 32 tỷ usd", "32 tỷ usd"), ("cấp điện cho 500 hộ", "500 hộ"),
    ("thép 10 triệu tấn", "10 triệu tấn"), ("kỳ hạn 6 tháng 12 tháng", "12 tháng"),
    ("sản lượng 10,5 tấn", "10,5 tấn"),
])
def test_a_number_and_the_word_it_counts_stand_together(typed, together):
    groups = [[a.text for a in g] for g in parse(typed).groups]
    assert [together] in groups or any(g[0] == together for g in groups)
    # A month named by its number is not "three years": "tháng 3 năm 2006" is one date.
    assert [[a.text for a in g][:2] for g in parse("tháng 3 năm 2006").groups] == [["tháng 3 2006", "tháng 3 năm 2006"]]


@pytest.mark.parametrize("typed", ["tháng ³", "quý ¹", "tháng ²/2020", "tháng 3²", "٣ tháng", "tháng 0", "quý 00"])
def test_digits_of_other_scripts_never_break_a_query(typed):
    assert parse(typed).groups


@pytest.mark.parametrize("typed, groups", [
    # A month before its number wins over a count ("2017 tháng", "30 tháng").
    ("năm 2017 tháng 3", [["năm"], ["2017"], ["tháng 3", "tháng ba"]]),
    # A day before its month: the date as the articles write it, "ngày" not required.
    ("ngày 30 tháng 4", [["30 tháng 4", "30 tháng tư", "30 4", "30 4", "30 04", "30 04"]]),
    # A number after a word that takes one counts nothing ("năm 2016", "số 10", "quận 7").
    ("năm 2016 người dân", [["năm"], ["2016"], ["người"], ["dân"]]),
    ("bão số 10 người chết", [["bão"], ["số"], ["10"], ["người"], ["chết"]]),
    # A name typed with its number ("Covid-19"), not a name typed apart ("EVN 2000 tỷ").
    ("EVN 2000 tỷ", [["evn"], ["2000 tỷ", "2.000 tỷ"], ["tỷ"]]),
    # The word goes with the number after it ("năm 2019"), or the number with the name before it.
    ("nghị định 100 năm 2019", [["nghị định 100", "nghị định số 100"], ["năm"], ["2019"]]),
    ("nghị định 100 về xử phạt", [["nghị định 100", "nghị định số 100"], ["về"], ["xử phạt"]]),
    ("covid-19 người nhập cảnh", [["covid"], ["19"], ["người"], ["nhập cảnh"]]),
    # A year that counts something is an amount; the word counted is also a word of its own
    # (among the articles lacking the pair, those with the word come first).
    ("2000 người", [["2000 người", "2.000 người"], ["người"]]),
    # A quarter's number is no month of a day's date; a quarter typed in Roman numerals with its year.
    ("quý 2/2017", [["quý 2 2017", "quý 2 năm 2017", "quý 2 2017", "quý 2.2017", "quý ii 2017", "quý ii năm 2017",
                     "quý ii 2017"]]),
    ("quý I/2020", [["quý i 2020", "quý i năm 2020", "quý i 2020", "quý 1 2020", "quý 1 năm 2020", "quý 1 2020",
                     "quý 1.2020"]]),
    # "tháng mười" begins "tháng mười một": no form of October.
    ("tháng 10", [["tháng 10"]]),
])
def test_which_neighbours_make_one_word(typed, groups):
    assert [[a.text for a in g] for g in parse(typed).groups] == groups


def test_a_number_s_other_writings_are_excluded_with_it():
    assert {"10000", "10.000"} <= {a.text for a in parse("giá -10000").excluded}
    assert {"500kv", "500 kv"} <= {a.text for a in parse("đường dây -500kV").excluded}


def test_a_number_counts_a_word_in_each_of_its_spellings():
    def spellings(syllables, before=None, after=None):
        return [("tỉ",)] if syllables == ("tỷ",) else []

    group = parse("lỗ 32 tỷ đồng", spellings=spellings).groups[1]
    assert [a.text for a in group] == ["32 tỷ đồng", "32 tỉ đồng"]


@pytest.mark.parametrize("typed, groups", [
    # A mark typed between two words: no word across it, but an amount per unit is looked
    # for written so first (with the slash's gap), then the amount alone.
    ("5.000 đồng/kg", [["5.000 đồng kg", "5000 đồng kg", "5.000 đồng", "5000 đồng"], ["đồng"], ["kg"]]),
    ("lương 5 triệu/tháng", [["lương"], ["5 triệu tháng", "5 triệu"], ["triệu"], ["tháng"]]),
    ("300 kWh/tháng", [["300 kwh tháng", "300kwh tháng", "300 kwh", "300kwh"], ["tháng"]]),
    ("lãi suất 7%/năm", [["lãi suất"], ["7"], ["năm"]]),
    ("tăng 5%/năm OR 6%/năm", [["tăng"], ["5", "6"]]),
    ("lạm phát 4% năm", [["lạm phát"], ["4"], ["năm"]]),
    ("5 xe/ngày", [["5"], ["xe"], ["ngày"]]),
    # Per unit, with OR: the amounts are the alternatives ("70" no longer lost).
    ("giá dầu 60 USD/thùng OR 70 USD/thùng", [["giá"], ["dầu"], ["60 usd thùng", "60usd thùng", "60 usd", "60usd",
                                                                 "70 usd thùng", "70usd thùng", "70 usd", "70usd"]]),
    # A percentage, a name's number or a number a word takes is no day of the month after it.
    ("CPI tăng 2% tháng 3", [["cpi"], ["tăng"], ["2"], ["tháng 3", "tháng ba"]]),
    ("Covid-19 tháng 3", [["covid"], ["19"], ["tháng 3", "tháng ba"]]),
    ("quận 1 tháng 12", [["quận"], ["1"], ["tháng 12", "tháng mười hai", "tháng chạp"]]),
    ("iPhone 7 tháng 9", [["iphone"], ["7"], ["tháng 9", "tháng chín"]]),
    # An OR beside a number and its word: the pairs are the alternatives.
    ("lãi suất 6 tháng OR 12 tháng", [["lãi suất"], ["6 tháng", "12 tháng"]]),
    ("2 tỷ USD OR 3 tỷ USD", [["2 tỷ usd", "3 tỷ usd"]]),
    ("xăng OR 5 tỷ đồng", [["xăng", "5 tỷ đồng"]]),
])
def test_no_word_is_made_across_a_mark_or_an_or(typed, groups):
    assert [[a.text for a in g] for g in parse(typed).groups] == groups


def test_a_full_date_in_words_is_looked_for_as_the_articles_write_it():
    group = parse("ngày 30 tháng 4 năm 1975").groups
    assert len(group) == 1
    forms = {(a.text, a.offsets) for a in group[0]}
    # "30/4/1975" (a gap at each slash), "30-4-1975", and in words.
    assert {("30 4 1975", (0, 2, 4)), ("30 4 1975", None), ("30 tháng 4 năm 1975", None)} <= forms
    assert ("01 07 2017", (0, 2, 4)) in {(a.text, a.offsets) for a in parse("ngày 1 tháng 7 năm 2017").groups[0]}


def test_a_month_and_its_year_are_also_found_written_with_a_dash():
    forms = {(a.text, a.offsets) for a in parse("tháng 12 năm 2005").groups[0]}
    # "tháng 12/2005" (a gap at the slash) and "tháng 12-2005" (none).
    assert {("tháng 12 2005", (0, 1, 3)), ("tháng 12 2005", None), ("tháng 12 năm 2005", None)} <= forms


def test_a_month_typed_with_its_year_after_it_is_one_date():
    group = parse("giá vàng tháng 3 2017").groups[-1]
    forms = {(a.text, a.offsets): a.boost for a in group}
    # As written ("tháng 3/2017", "tháng 3 năm 2017", "tháng 3-2017"), then any day of it, below.
    assert forms[("tháng 3 2017", (0, 1, 3))] == forms[("tháng 3 năm 2017", None)] == 1.0
    assert forms[("3 2017", (0, 2))] < 1.0
    # Not a year: as before.
    assert [[a.text for a in g] for g in parse("tháng 3 2500").groups] == [["tháng 3", "tháng ba"], ["2500", "2.500"]]


def test_amounts_are_the_details_of_a_plan_not_years_or_dates():
    from ctsearch.querylang import plan

    assert plan(parse("lương tối thiểu 2.000.000 đồng")).details == [False, False, True, False]
    assert plan(parse("thủy điện 300 MW")).details == [False, True]
    # A year or a date is the period wanted, no detail.
    assert plan(parse("giá vàng tháng 3")).details == [False, False, False]
    assert plan(parse("xuất khẩu gạo 2005")).details == [False, False, False]


def test_a_detail_never_outweighs_a_word_among_partial_matches():
    from ctsearch.matching import DETAIL_SHARE, group_weights, idf

    # A rare amount (10 articles) and two words (2,000 and 500 articles) of 40,000.
    weights = group_weights([2000, 500, 10], 40000, [False, False, True])
    assert weights[:2] == [idf(2000, 40000), idf(500, 40000)]
    assert weights[2] == pytest.approx(DETAIL_SHARE * idf(2000, 40000))
    # Only details, or none: each by its own rarity.
    assert group_weights([10, 2000], 40000, [True, True]) == [idf(10, 40000), idf(2000, 40000)]
    assert group_weights([10, 2000], 40000) == [idf(10, 40000), idf(2000, 40000)]


def test_an_amount_s_unit_is_said_once_in_the_query_as_understood():
    # The unit is sought as words too (a group of its own), but said with the amount only.
    assert parse("1.000 tỷ").describe() == "1.000 tỷ OR 1000 tỷ"
    assert parse("xuất khẩu gạo 6,2 triệu tấn").describe().endswith("gạo 6,2 triệu tấn OR 6.2 triệu tấn")
    assert parse("giá vàng 40 triệu").describe() == "giá vàng 40 triệu"
    assert parse("tỷ giá tăng").describe() == "tỷ giá tăng"
    # Only an amount's unit: a word typed again after a phrase is said again.
    assert parse('"giá điện" điện').describe() == '"giá điện" điện'


def test_a_full_date_typed_unquoted_is_no_quoted_phrase():
    # A near match may lack it, as it may any word; quoted, it must be there.
    from ctsearch.querylang import plan
    assert plan(parse("giá điện 20/3/2019")).strict[-1] is False
    assert plan(parse('giá điện "20/3/2019"')).strict[-1] is True
    assert plan(parse("giá điện 20/3/2019")).labels[-1] == "20/3/2019"
    # A document's number is no date: still as typed.
    assert plan(parse("nghị định 52/2018/NĐ-CP")).strict[-1] is True


@pytest.mark.parametrize("typed, parts", [
    ("giá vàng 40 triệu", [["giá vàng"]]),
    ("xuất khẩu gạo 5 triệu tấn", [["xuất khẩu gạo"]]),
    ("giá vàng tháng 3 trong nước", [["giá vàng", "trong nước"]]),
    ("giá xăng dầu", [[]]),
])
def test_a_run_holding_a_number_also_stands_together_without_it(typed, parts):
    from ctsearch.querylang import _without_numbers

    assert [[p.text for p in _without_numbers(run)] for run in parse(typed).runs] == parts


def test_an_amount_per_unit_wants_the_slash_it_was_typed_with():
    group = parse("5.000 đồng/kg").groups[0]
    written = group[0]
    # "5.000 đồng/kg": the gap of the slash, a list mark alone there (no word: not "5.000
    # đồng một kg"); ranked above the amount alone.
    assert written.offsets == (0, 1, 3) and written.listed and written.boost == 1.0
    assert [a.boost for a in group if a.text == "5.000 đồng"] == [ALT_BOOST]


def test_words_typed_with_marks_stand_together_with_a_mark_and_a_dash_as_a_hyphen():
    runs = parse("giá xăng, dầu").runs
    marked = [r for r in runs if r.offsets is not None]
    # With the comma (and only a mark there), and side by side below it.
    assert [(r.offsets, r.listed, r.boost) for r in marked] == [((0, 1, 3), True, 1.0)]
    assert [r.boost for r in runs if r.offsets is None] == [ALT_BOOST]
    # A dash between spaces is the hyphen of a name written joined: alike.
    assert [r.boost for r in parse("Bà Rịa - Vũng Tàu").runs] == [1.0, 1.0]


@pytest.mark.parametrize("typed", ["xăng/dầu hôm nay", "xăng, dầu hôm nay", "vàng/USD hôm nay", "điện, nước tháng này",
                                   "lúa/gạo năm nay", "5 xe/ngày", "xuất khẩu 6 triệu tấn gạo/năm", "5 tấn lúa/ha",
                                   "1 kg thịt/ngày", "10.000 lượt xe/ngày"])
def test_words_parted_by_marks_everywhere_plan_no_bonus_for_standing_together(typed):
    from ctsearch.querylang import Phrase, plan

    bonus = plan(parse(typed)).bonus

    def phrases(node):
        if isinstance(node, Phrase):
            yield node
        for child in getattr(node, "children", ()):
            yield from phrases(child)
    # Every phrase of the bonus has a pair of syllables side by side to look for.
    assert all(p.prefilter for p in phrases(bonus)), typed


def test_an_or_after_an_excluded_count_stays_an_or():
    p = parse("lãi suất -12 tháng OR 6 tháng")
    assert not any(a.text == "or" for g in p.groups for a in g)
    assert ["tháng", "6 tháng"] in [[a.text for a in g] for g in p.groups]


def test_a_month_and_its_year_are_also_found_written_with_a_dot():
    assert "tháng 4.2017" in [a.text for a in parse("tháng 4 2017").groups[0]]


def test_a_period_never_outweighs_the_middle_word_among_partial_matches():
    from ctsearch.matching import group_weights, idf
    from ctsearch.querylang import plan

    assert plan(parse("lũ lụt tháng 11 2017")).periods == [False, True]
    assert plan(parse("xuất khẩu gạo 2005")).periods == [False, False, True]
    assert plan(parse("giá điện 1.500 đồng")).periods == [False, False, False, False]
    # A rare month of a year (5 articles) beside a word of 300: weighs as the word does, so
    # an article on the subject without the date ranks with one holding the date alone.
    assert group_weights([300, 5], 40000, [False, False], [False, True]) == [idf(300, 40000)] * 2
    # A period commoner than the words keeps its own weight.
    assert group_weights([30, 9000], 40000, [], [False, True]) == [idf(30, 40000), idf(9000, 40000)]
    # `lũy kế 9 tháng xuất khẩu`: a rare word ("lũy", 397 articles) is no measure of the
    # period's worth; as heavy as it, "9 tháng" (294) outweighed the subject, and the
    # stock-market stories lacking "xuất khẩu" came before the exports lacking the period.
    # (its groups: "lũy", "kế", "9 tháng", "tháng", "xuất khẩu")
    counts = [397, 8680, 294, 15493, 2583]
    weights = group_weights(counts, 40000, [], [False, False, True, False, False])
    assert weights[2] < idf(2583, 40000) < idf(397, 40000)
    assert weights[2] == statistics.median([idf(c, 40000) for c in (397, 8680, 15493, 2583)])


@pytest.mark.parametrize("typed, labels", [
    ("thủy sản miền Tây", ["thủy sản", "miền tây"]),
    ("bão lũ miền Trung", ["bão", "lũ", "miền trung"]),
    ("gạo Tây Nam Bộ", ["gạo", "tây nam bộ"]),
])
def test_a_region_typed_is_one_word_and_a_place(typed, labels):
    # Like a province: not "miền" and "tây" anywhere in an article.
    from ctsearch.lexicon import is_term
    from ctsearch.querylang import plan

    got = plan(parse(typed, is_term=is_term))
    assert got.labels == labels
    assert got.places == [False] * (len(labels) - 1) + [True]


def test_a_place_weighs_below_the_heaviest_word_among_partial_matches():
    from ctsearch.matching import PLACE_SHARE, group_weights, idf
    from ctsearch.querylang import plan

    assert plan(parse("cao su Bình Phước")).places == [False, True]
    assert plan(parse("gỗ Tây Nguyên")).places == [False, True]
    assert plan(parse("gốm Đồng Nai xuất khẩu")).places == [False, True, False]
    assert plan(parse("giá lúa")).places == [False, False]
    assert plan(parse("cao su OR Bình Phước")).places == [False]      # (a choice holding a word)
    # A district-level unit is a place too ("Phan Thiết", a provincial city); a craft village
    # or a landmark may be the subject itself, and is no place here.
    assert plan(parse("nước mắm Phan Thiết")).places == [False, True]
    assert not any(plan(parse("gốm Bát Tràng")).places)
    assert not any(plan(parse("lọc dầu Dung Quất")).places)
    from ctsearch.lexicon import is_district
    # Written with its kind ("Thành Phố Đồng Hới"), named for two towns ("Phan Rang-Tháp
    # Chàm"), shared by several provinces ("Châu Thành"); not a word of the dictionary.
    for name in ("đồng hới", "phan rang", "tháp chàm", "châu thành", "sa đéc", "dong hoi"):
        assert is_district(tuple(name.split())), name
    for name in ("thống nhất", "thanh xuân", "bát tràng", "phan"):
        assert not is_district(tuple(name.split())), name
    # A province rarer than the subject (120 articles against 500) weighs below it; beside
    # common words too (9,000 articles), it is weighed against the heaviest.
    assert group_weights([500, 120], 40000, [], [], [False, True]) == [idf(500, 40000), PLACE_SHARE * idf(500, 40000)]
    assert group_weights([500, 9000, 120], 40000, [], [], [False, False, True])[2] == PLACE_SHARE * idf(500, 40000)
    # Places alone keep their weights.
    assert group_weights([500, 120], 40000, [], [], [True, True]) == [idf(500, 40000), idf(120, 40000)]


def test_the_parts_of_a_run_rank_as_runs_with_no_headline_premium():
    # Where no article writes a term whole, its words standing together in part of it count:
    # every part of two words or more, weighed alike in the headline and the body.
    from ctsearch.querylang import Phrase, _run_bonus, with_sub_runs

    term = ("điện", "sinh", "khối")
    parsed = with_sub_runs(parse("điện sinh khối"), [term])
    parts = [r for r in parsed.runs if r.part]
    assert sorted(r.text for r in parts) == ["sinh khối", "điện sinh"]
    assert [r.text for r in parsed.runs if not r.part] == ["điện sinh khối"]
    # Only the parts of the terms named, wherever a run holds them (a long query pasted gets
    # no part of every span of its words), of the words within the term: pyvi runs
    # "nhà_máy_điện" into it here.
    longer = with_sub_runs(parse("nhà máy điện sinh khối hòa lưới tháng này"), [term])
    assert [r.text for r in longer.runs if r.part] == ["sinh khối"]
    # Two words: no shorter part; the two within a sentence of each other rank higher.
    two = [r for r in with_sub_runs(parse("sinh khối"), [("sinh", "khối")]).runs if r.part]
    assert [(r.text, r.near) for r in two] == [("sinh khối", True)]
    assert "Near(field='body_syl', first=('sinh',), second=('khối',), slop=20)" in repr(_run_bonus(two[0], "body", 1.0))

    def phrase_weight(run, base):
        tree = _run_bonus(run, base, 2.5 if base == "title" else 1.0)
        found = []

        def walk(node):
            if isinstance(node, Phrase):
                found.append(sum(t.boost for t in node.prefilter))
            for child in getattr(node, "children", ()):
                walk(child)
        walk(tree)
        return found[0]

    part = next(r for r in parts if r.text == "sinh khối")
    whole = next(r for r in parsed.runs if not r.part)
    assert phrase_weight(part, "title") == phrase_weight(part, "body")
    assert phrase_weight(whole, "title") > phrase_weight(whole, "body")


@pytest.mark.parametrize("typed, parts", [
    # A term the lexicon joins that the articles write as several words: its words.
    ("mỹ phẩm giả", ["mỹ phẩm", "giả"]),
    ("chỉ số sản xuất công nghiệp", ["chỉ số", "sản xuất", "công nghiệp"]),
    # A word of one syllable goes with the words after it ("xuất" is in every export), or,
    # ending the term and no word of its own, with those before it.
    ("xuất nhập khẩu", []),
    ("hóa đơn tiền điện", ["hóa đơn", "tiền điện"]),
    ("tiểu thủ công nghiệp", []),
    ("sản xuất công nghiệp", ["sản xuất", "công nghiệp"]),
    # Typed without marks (the index's words that fold alike are too many), two
    # syllables, a word of the index, a name, a phrase typed in quotes: whole.
    ("my pham gia", []),
    ("rượu giả", []),
    ("bà rịa vũng tàu", []),
    ("ba ria vung tau", []),
    ("điện lực miền nam", []),
    ('"mỹ phẩm giả"', []),
    # A name is known by its first word, not by its first syllable ("phòng" of "phòng vệ").
    ("phòng vệ thương mại", ["phòng vệ", "thương mại"]),
])
def test_a_term_s_words_apart_are_the_index_s_words(typed, parts):
    from ctsearch.lexicon import is_name, is_term
    from ctsearch.querylang import plan, term_parts
    from ctsearch.textnorm import fold

    words = {"mỹ_phẩm", "chỉ_số", "sản_xuất", "công_nghiệp", "hóa_đơn", "nhập_khẩu", "thủ_công", "bà_rịa",
             "vũng_tàu", "điện_lực", "miền_nam", "phòng_vệ", "thương_mại"}
    words |= {fold(w) for w in words}

    def is_word(key):
        return key in words

    def stands_alone(syllable):   # "giả" is a word of its own often enough, "nghiệp" is not
        return syllable in ("giả", "điện")

    parsed = parse(typed, is_term=is_term)
    atom = parsed.groups[0][0]
    assert atom.text == typed.strip('"') or typed.startswith('"'), atom.text     # one term
    assert [p.text for p in term_parts(atom, is_word, stands_alone, is_name)] == parts
    built = plan(parsed, parts_of=lambda a: term_parts(a, is_word, stands_alone, is_name))
    assert (built.parts[0] is not None) == bool(parts)
    # Without the index's words, no parts.
    assert plan(parsed).parts == [None] * len(parsed.groups)


def test_a_one_syllable_word_of_a_term_apart_is_a_word_not_half_of_one():
    # "giả" of "mỹ phẩm giả" apart: the word "giả", never the syllable of "khán giả"; and
    # the two words in one stretch of text (Near), not anywhere.
    from ctsearch.querylang import APART_SLOP, AllOf, Near, Term, plan, term_parts

    parsed = parse("mỹ phẩm giả", is_term=lambda key: key == "mỹ_phẩm_giả")
    node = plan(parsed, parts_of=lambda a: term_parts(a, lambda k: k == "mỹ_phẩm", lambda s: True,
                                                      lambda s: False)).parts[0]
    assert isinstance(node, AllOf)

    def nodes(n, kind):
        if isinstance(n, kind):
            yield n
        for child in getattr(n, "children", ()):
            yield from nodes(child, kind)
    alone = list(nodes(node.children[1], Term))
    assert {t.field for t in alone} == {"title", "body"} and {t.text for t in alone} == {"giả"}
    near = list(nodes(node, Near))
    assert {(n.field, n.first, n.second, n.slop) for n in near} == {
        (f, ("mỹ", "phẩm"), ("giả",), APART_SLOP) for f in ("title_syl", "body_syl")}


def test_a_term_held_as_its_words_apart_counts_for_a_share_of_it():
    import numpy as np

    from ctsearch.matching import APART_SHARE, MIN_COVERAGE, PlanResult, missing_groups, partial_matches

    # Five articles, one term: 0 writes it whole, 1 holds its words apart, 2 one word only.
    whole = np.array([True, False, False, False, False])
    both = np.array([True, True, False, False, False])
    result = PlanResult(whole.copy(), whole.astype(np.float32), [whole], [whole.astype(np.float32)], None, None)
    alive = np.ones(5, dtype=bool)
    mask, coverage, _score = partial_matches(result, [False], alive, 1000,
                                             apart=[(both, both.astype(np.float32))])
    assert mask.tolist() == [False, True, False, False, False]
    assert coverage[1] == pytest.approx(APART_SHARE) and APART_SHARE >= MIN_COVERAGE
    said = ["“rượu giả” liền nhau"]
    assert missing_groups(result, ["rượu giả"], 1, [(both, both)], said) == ["“rượu giả” liền nhau"]
    assert missing_groups(result, ["rượu giả"], 2, [(both, both)], said) == ["rượu giả"]
    # A term with no parts: a one-term query has no partial matches.
    assert not partial_matches(result, [False], alive, 1000, apart=[None])[0].any()


@pytest.mark.parametrize("typed, group", [
    ("nghị định 52", ["nghị định 52", "nghị định số 52"]),
    ("nghị định số 52", ["nghị định 52", "nghị định số 52"]),
    ("thông tư 16 về điện", ["thông tư 16", "thông tư số 16"]),
    ("Chỉ thị 13", ["chỉ thị 13", "chỉ thị số 13"]),
])
def test_a_document_and_its_number_are_one_word(typed, group):
    """"Nghị định 52" is one document: its kind and number side by side, "số" between or
    not, not "nghị định" here and a date's "52" there."""
    first = parse(typed).groups[0]
    assert [" ".join(a.syllables) for a in first] == group and all(a.phrase for a in first)


@pytest.mark.parametrize("typed", ["luật 2020", "nghị định về điện", "quyết định 13 tháng", "thông tư Covid-19"])
def test_a_year_or_no_number_leaves_a_document_kind_a_word(typed):
    groups = parse(typed).groups
    assert [a.syllables for a in groups[0]][0] in (("luật",), ("nghị", "định"), ("thông", "tư"), ("quyết", "định"))


@pytest.mark.parametrize("typed, groups", [
    ("chỉ thị 5", [["chỉ thị 5", "chỉ thị số 5", "chỉ thị 05", "chỉ thị số 05"]]),     # "Chỉ thị 05"
    ("thông tư 16 OR 17", [["thông tư 16", "thông tư số 16", "thông tư 17", "thông tư số 17"]]),
    ("thông tư 16, 17", [["thông tư 16", "thông tư số 16"], ["thông tư 17", "thông tư số 17"]]),
    ("quyết định 3 dự án", [["quyết định"], ["3"], ["dự án"]]),      # deciding three projects
    ("nghị định 52 ngành nghề", [["nghị định"], ["52"], ["ngành nghề"]]),
    ("quyết định 13 của thủ tướng", [["quyết định 13", "quyết định số 13"], ["của"], ["thủ tướng"]]),
])
def test_a_document_s_number_where_it_stands(typed, groups):
    """A number is a document's where it ends the query or a word that goes with a document
    follows it; with a leading zero or not; each of a list or an OR after the kind too."""
    assert [[a.text for a in g] for g in parse(typed).groups] == groups


@pytest.mark.parametrize("typed, groups", [
    ("M & A", [["m a"]]), ("R &D", [["r d"]]),
    ("EVN & PVN", [["evn"], ["pvn"]]), ("HN & HCM", [["hn"], ["hcm"]]),
])
def test_only_single_capitals_either_side_of_a_spaced_ampersand_are_one_name(typed, groups):
    assert [[a.text for a in g] for g in parse(typed).groups] == groups


def test_a_word_linking_the_others_ranks_without_being_required():
    from ctsearch.querylang import plan

    assert "ở" not in plan(parse("giá lúa ở An Giang")).labels
    assert "của" not in plan(parse("xuất khẩu của Việt Nam")).labels
    # In quotes, alone, or as an alternative typed with OR: asked for.
    assert "ở" in plan(parse('giá lúa "ở" An Giang')).labels
    assert plan(parse("của")).labels == ["của"]
    assert any("ở" in label for label in plan(parse("ở OR tại An Giang")).labels)
    # Not a negation, nor a bound of an amount.
    assert "không" in plan(parse("xe không người lái")).labels


def test_a_province_of_the_query_also_matches_the_articles_mentioning_it():
    """A group naming a province, by any of its names, holds the articles extraction
    tagged with it (a place inside it named), at a constant below the name written; not a
    choice typed with OR, a name in quotes, nor a word that is no province."""
    from ctsearch.querylang import MENTIONED_FIELD, MENTIONED_SCORE, Tagged, parse, plan

    def tags(text):
        found = []

        def walk(node):
            if isinstance(node, Tagged):
                found.append((node.field, node.value, node.boost))
            for child in getattr(node, "children", ()):
                walk(child)
        for group in plan(parse(text)).groups:
            walk(group)
        return found

    assert tags("xi măng thanh hóa") == [(MENTIONED_FIELD, "Thanh Hóa", MENTIONED_SCORE)]
    assert tags("điện gió sài gòn") == [(MENTIONED_FIELD, "Hồ Chí Minh", MENTIONED_SCORE)]
    assert tags('xi măng "thanh hóa"') == [] and tags("xi măng") == []
    assert tags("cao su OR bình phước") == [(MENTIONED_FIELD, "Bình Phước", MENTIONED_SCORE)]
    assert [v for _f, v, _b in tags("xi măng thanh hóa OR nghệ an")] == ["Thanh Hóa", "Nghệ An"]


def test_a_near_match_holds_a_word_of_the_query_beside_its_places():
    """Where a query names a place, its words say what it asks; an amount or a date alone
    is no subject (`Bạc Liêu 300 MW` keeps its near matches of other provinces)."""
    from ctsearch.matching import subject_groups
    assert subject_groups(2, [False, True]) == [0]
    assert subject_groups(3, [False, True, False], details=[False, False, True]) == [0]
    assert subject_groups(2, [True, False], details=[False, True]) == []
    assert subject_groups(2, [False, False]) == []


def test_a_word_counted_inside_fewer_words_weighs_among_partial_matches_as_it_did():
    """A word of one syllable matched inside the longer words of its sense only
    (`Atom.inside`) weighs among partial matches by the articles holding it anywhere
    (`Plan.weighed`): fewer articles hold "áp" than held it inside "áp dụng", but it is no
    rarer a subject, and the solar stories lacking it still come before those holding
    "áp" and lacking "điện mặt trời"."""
    import numpy as np

    from ctsearch.matching import PlanResult, partial_matches
    from ctsearch.querylang import AnyOf, Term, Without, plan, with_inside

    parsed = with_inside(parse("mặt trời áp"), {(1, 0): (("áp_mái",), ("áp_dụng", "áp_lực"))})
    p = plan(parsed)
    assert p.weighed[0] is None and p.weighed[1] is not None
    assert p.weighed[1] == plan(parse("mặt trời áp")).groups[1] != p.groups[1]
    # The syllable, without the articles holding a word of another sense and neither the
    # word nor one of its own sense.
    outer = [n for n in _nodes(p.groups[1]) if isinstance(n, Without) and isinstance(n.negative, Without)]
    assert outer and all(isinstance(n.positive, Term) and n.positive.text == "áp" for n in outer)
    words = {n.negative.positive.children[0].field: ({t.text for t in n.negative.positive.children},
                                                     {t.text for t in n.negative.negative.children}) for n in outer}
    assert words == {"title": ({"áp_dụng", "áp_lực"}, {"áp", "áp_mái"}), "body": ({"áp_dụng", "áp_lực"}, {"áp", "áp_mái"})}
    assert all(isinstance(n.negative.positive, AnyOf) and all(t.boost == 0.0 for t in n.negative.positive.children)
               for n in outer)
    # None of another sense: the syllable anywhere, as before.
    assert plan(with_inside(parse("mặt trời áp"), {(1, 0): (("áp_mái",), ())})).groups[1] == p.weighed[1]
    # Articles 0-1 hold the solar group only; 2 holds "áp" only; "áp" anywhere: 0-1 and 3-9.
    solar = np.array([True, True, False] + [False] * 7)
    ap = np.array([False, False, True] + [False] * 7)
    ap_anywhere = np.array([True, True, False] + [True] * 7)
    none = np.zeros(10, dtype=bool)
    result = PlanResult(none.copy(), none.astype(np.float32), [solar, ap],
                        [solar.astype(np.float32), ap.astype(np.float32)], None, None)
    alive = np.ones(10, dtype=bool)
    _mask, coverage, _s = partial_matches(result, [False, False], alive, 1000, weighed=[None, ap_anywhere])
    assert coverage[0] > coverage[2] > 0
    _mask, coverage, _s = partial_matches(result, [False, False], alive, 1000)
    assert coverage[2] > coverage[0]     # weighed by its own articles, the lone "áp" would lead


def _nodes(node):
    yield node
    for child in getattr(node, "children", ()):
        yield from _nodes(child)


def test_a_check_of_many_words_is_one_terms_clause_on_the_cluster():
    """The words of other senses a syllable is checked against can be many: one `terms`
    filter, not a clause each (a cluster caps a query's clauses), weighing nothing."""
    from ctsearch.opensearch_query import node_query
    from ctsearch.querylang import AnyOf, Term
    check = node_query(AnyOf(tuple(Term("body", f"w{i}", 0.0) for i in range(500))))
    assert len(check["constant_score"]["filter"]["terms"]["t.body"]) == 500 and check["constant_score"]["boost"] == 0
    pairs = node_query(AnyOf((Term("body_bi", "gia tieu", 0.0), Term("body_bi", "ho tieu", 0.0))))
    assert pairs["constant_score"]["filter"]["terms"]["t.body_bi"] == ["gia_tieu", "ho_tieu"]
    scored = node_query(AnyOf((Term("body", "a", 1.0), Term("body", "b", 0.0))))
    assert "bool" in scored


def test_a_word_of_pyvi_the_index_lacks_splits_off_a_word_of_the_trade_of_one_syllable():
    """pyvi reads `nhập khẩu khí` as one word, which one article of the corpus holds: imports
    of gas are "nhập khẩu" and "khí", a word the trade searches by itself."""
    words = {"nhập_khẩu"}
    parsed = parse("nhập khẩu khí", lambda key: key in words)
    assert [[a.units[0].word for a in g] for g in parsed.groups] == [["nhập_khẩu"], ["khí"]]
