"""The index vocabulary: lookups, its saved form, and the suggestions built on it."""

from __future__ import annotations

import pickle

import pytest

from ctsearch import vocab as V
from ctsearch.suggest import suggest
from ctsearch.vocab import Vocabulary


class _Info:
    def __init__(self, df: int):
        self._df = df

    def doc_frequency(self) -> int:
        return self._df


class FakeReader:
    """The part of a Whoosh reader the vocabulary reads: terms with frequencies."""

    def __init__(self, fields: dict[str, dict[str, int]]):
        self.fields = fields

    def iter_field(self, fieldname: str):
        if fieldname not in self.fields:
            raise KeyError(fieldname)   # like an index without that field yet
        return ((t.encode("utf-8"), _Info(df)) for t, df in self.fields[fieldname].items())

    # One segment, named "MAIN_fake", without a saved frequencies file unless a test writes one.
    def doc_count_all(self) -> int:
        return 1

    def leaf_readers(self):
        return [(self, 0)]

    def segment(self):
        return _Segment(self.name)

    name = "fake"


class _Segment:
    def __init__(self, name: str):
        self.name = name

    def make_filename(self, ext: str) -> str:
        return f"MAIN_{self.name}{ext}"

    def segment_id(self) -> str:
        return f"MAIN_{self.name}"

    def doc_count_all(self) -> int:
        return 1

    def deleted_count(self) -> int:
        return 0


class TwoSegments:
    """A reader over two segments whose builders saved their term frequencies."""

    def __init__(self, *segments: FakeReader):
        self.segments = segments

    def doc_count_all(self) -> int:
        return len(self.segments)

    def leaf_readers(self):
        return [(seg, i) for i, seg in enumerate(self.segments)]


READER = FakeReader({
    "body": {"thương_mại": 5, "thương_mãi": 1, "điện_tử": 4, "điện_gió": 3, "giá_điện": 2},
    "title": {"điện_gió": 7, "dầu": 2, "đầu": 9},
    "body_syl": {"thương": 6, "mại": 5, "điện": 9, "tử": 4, "gió": 3, "giá": 2, "dầu": 2, "đầu": 9},
    "title_syl": {"điện": 1, "gió": 8},
})

#: The same single segment as READER ("MAIN_fake") but no terms: a vocabulary loaded with
#: it can only have come from the saved file.
EMPTY_SAME_SEGMENTS = FakeReader({})

WORDS = {"thuong_mai": ("thương_mại", 5), "dien_tu": ("điện_tử", 4), "dien_gio": ("điện_gió", 7),
         "gia_dien": ("giá_điện", 2), "dau": ("đầu", 9)}
SYLLABLES = {"thuong": ("thương", 6), "mai": ("mại", 5), "dien": ("điện", 9), "tu": ("tử", 4),
             "gio": ("gió", 8), "gia": ("giá", 2), "dau": ("đầu", 9)}


@pytest.fixture(scope="module")
def vocab() -> V.Vocabulary:
    return V.Vocabulary(READER)


def test_most_frequent_form_per_folded_key(vocab):
    assert vocab.words == WORDS
    assert vocab.syllables == SYLLABLES
    assert vocab.accented_syllables == {v[0] for v in SYLLABLES.values()}


def test_lookups(vocab):
    assert vocab.is_compound("thuong_mai") and vocab.is_compound("dien_gio")
    assert not vocab.is_compound("thuong") and not vocab.is_compound("zzz") and not vocab.is_compound("")
    assert vocab.accented_word("dien_tu") == "điện_tử"
    assert vocab.accented_word("dien_tuu") is None
    assert vocab.accented_syllable("gio") == "gió"
    assert vocab.accented_syllable("a") is None and vocab.accented_syllable("zz") is None
    assert vocab.closest_syllable("thuongg") == "thương"
    assert vocab.closest_syllable("qqqq") is None


def test_saved_and_loaded_unchanged(vocab, tmp_path):
    V.save_vocabulary(tmp_path, 3, vocab, READER)
    assert [p.name.startswith("vocab-3-") for p in tmp_path.iterdir()] == [True]
    loaded = V.load_vocabulary(tmp_path, 3, reader=EMPTY_SAME_SEGMENTS)
    assert loaded.words == WORDS and loaded.syllables == SYLLABLES
    assert loaded.is_compound("gia_dien") and loaded.accented_syllable("tu") == "tử"
    assert loaded.closest_syllable("dienn") == "điện"


def test_empty_vocabulary(tmp_path):
    empty = V.Vocabulary(FakeReader({}))
    assert empty.words == {} and empty.syllables == {}
    assert not empty.is_compound("a_b") and empty.accented_syllable("a") is None
    assert empty.closest_syllable("a") is None
    V.save_vocabulary(tmp_path, 1, empty, READER)
    assert V.load_vocabulary(tmp_path, 1, reader=READER).words == {}


def test_terms_with_any_characters_survive_saving(tmp_path):
    odd = V.Vocabulary(FakeReader({"body": {"a\nb": 1, "": 2, "ß_x": 3, "z": 4}}))
    V.save_vocabulary(tmp_path, 1, odd, READER)
    loaded = V.load_vocabulary(tmp_path, 1, reader=EMPTY_SAME_SEGMENTS)
    assert loaded.words == odd.words == {"a\nb": ("a\nb", 1), "": ("", 2), "ß_x": ("ß_x", 3), "z": ("z", 4)}
    assert loaded.accented_word("a\nb") == "a\nb" and loaded.accented_word("a") is None


def test_a_file_of_the_older_form_is_ignored_and_replaced(vocab, tmp_path):
    # What earlier versions wrote, not tied to any segments: never trusted.
    with open(tmp_path / "vocabulary-2.pickle", "wb") as fh:
        pickle.dump(_OldForm(), fh)
    assert V.load_vocabulary(tmp_path, 2, reader=EMPTY_SAME_SEGMENTS).words == {}
    V.save_vocabulary(tmp_path, 3, vocab, READER)
    assert [p.name.startswith("vocab-3-") for p in tmp_path.iterdir()] == [True]


def test_a_file_saved_for_other_segments_is_not_used(vocab, tmp_path):
    """Same generation number, different segments (e.g. an index rebuilt by hand)."""
    other = FakeReader({})
    other.name = "other"
    V.save_vocabulary(tmp_path, 7, V.Vocabulary(FakeReader({"title": {"dầu": 1}})), other)
    assert V.load_vocabulary(tmp_path, 7, READER).words == WORDS
    V.save_vocabulary(tmp_path, 7, vocab, READER)
    assert V.load_vocabulary(tmp_path, 7, EMPTY_SAME_SEGMENTS).words == WORDS


class _OldForm:
    """Pickles exactly as a Vocabulary of earlier versions did."""

    def __reduce__(self):
        return (V.Vocabulary.__new__, (V.Vocabulary,), {"words": WORDS, "syllables": SYLLABLES})


def test_a_damaged_file_falls_back_to_the_reader(tmp_path):
    from ctsearch.store import side_file
    side_file(tmp_path, "vocab-{generation}.pickle", 4, READER).write_bytes(b"\x80\x05garbage")
    assert V.load_vocabulary(tmp_path, 4, READER).words == WORDS
    assert V.load_vocabulary(tmp_path, 5, READER).words == WORDS   # no file at all


def test_a_file_saved_under_another_module_name_is_counted_again(tmp_path):
    """A program that imported the package by another name ("search" from a checkout)
    saves classes a normal searcher cannot import: counted again, not a crash."""
    from ctsearch.store import side_file
    import sys
    import types
    gone = types.ModuleType("gone_module")

    class Vocabulary:
        pass
    Vocabulary.__module__ = "gone_module"
    Vocabulary.__qualname__ = "Vocabulary"
    gone.Vocabulary = Vocabulary
    sys.modules["gone_module"] = gone
    try:
        data = pickle.dumps(Vocabulary())
    finally:
        del sys.modules["gone_module"]
    side_file(tmp_path, "vocab-{generation}.pickle", 4, READER).write_bytes(data)
    with pytest.raises(ImportError):
        pickle.loads(data)
    assert V.load_vocabulary(tmp_path, 4, READER).words == WORDS


@pytest.mark.parametrize("text, expected", [
    ("thuong mai dien tu", "thương mại điện tử"),
    ("dien gio OR gia dien", "điện gió OR giá điện"),
    ("Dien", "điện"),
    ("thuongg", "thương"),
    ("thương mại", None),        # nothing to correct
    ("2022", None),
])
def test_suggestions(vocab, text, expected):
    assert suggest(vocab, text) == expected


def test_frequencies_saved_per_segment_are_summed(tmp_path):
    import pickle

    first = FakeReader({})
    first.name = "one"
    second = FakeReader({})
    second.name = "two"
    # "đầu" wins only once both segments are counted.
    for seg, fields in ((first, {"title": {"dầu": 3, "đầu": 2}}), (second, {"title": {"đầu": 2}})):
        with open(tmp_path / seg.segment().make_filename(V.SEGMENT_VOCAB_EXT), "wb") as fh:
            pickle.dump(fields, fh)
    vocab = V.vocabulary_of_segments(tmp_path, TwoSegments(first, second))
    assert vocab.words == {"dau": ("đầu", 4)}
    # Without the saved file a segment's lexicon is read instead.
    (tmp_path / second.segment().make_filename(V.SEGMENT_VOCAB_EXT)).unlink()
    second.fields = {"title": {"đầu": 2}}
    assert V.vocabulary_of_segments(tmp_path, TwoSegments(first, second)).words == {"dau": ("đầu", 4)}


def test_is_word_asks_that_the_articles_usually_write_it_as_one():
    from ctsearch.langstats import BIGRAMS_KEY
    from ctsearch.vocab import Vocabulary
    vocab = Vocabulary.from_frequencies({
        "body": {"sơn_la": 90, "tăng_mạnh": 3, "thương_mại": 400},
        "body_syl": {"sơn": 120, "la": 300, "tăng": 900, "mạnh": 800},
        BIGRAMS_KEY: {"sơn la": 100, "tăng mạnh": 700, "thương mại": 410, "sơn là": 30},
    })
    assert vocab.is_word("sơn_la")                                      # 90 of 100
    assert not vocab.is_word("tăng_mạnh")                               # 3 of 700: pyvi's slips
    assert vocab.is_word("thương_mại") and not vocab.is_word("thuơng_mai")
    assert not vocab.is_word("xe_điện") and not vocab.is_word("")
    # Typed without diacritics, any indexed word groups them: pyvi cannot segment such text.
    assert vocab.is_word("son_la") and vocab.is_word("tang_manh") and not vocab.is_word("xe_dien")


def test_accented_words_side_by_side_earn_their_bonus_as_typed_not_by_their_pairs():
    """The index's pairs ignore accents: "giá nhập" must not earn the bonus of the many
    articles that write "gia nhập". Typed with marks, a run's bonus is the phrase found on
    its accented syllables, its pairs in any accents earning a fifth of theirs; typed
    without, its pairs without accents."""
    from ctsearch.querylang import (ACCENT_BLIND_SHARE, EXACT_RUN_BODY_BOOST, EXACT_RUN_BOOST, PROXIMITY_BOOST,
                                    TITLE_BOOST, AllOf, AnyOf, Phrase, parse, plan)
    vocab = Vocabulary.from_frequencies({"body_syl": {"giá": 900, "gia": 800, "nhập": 700}})
    title, body = plan(parse("giá nhập khẩu", vocab.is_word)).bonus.children
    for node, exact_weight, blind_weight in ((title, EXACT_RUN_BOOST * TITLE_BOOST, PROXIMITY_BOOST * TITLE_BOOST),
                                             (body, EXACT_RUN_BODY_BOOST, PROXIMITY_BOOST)):
        assert isinstance(node, AnyOf)
        checked, blind = node.children
        ends, exact = checked.children
        assert isinstance(exact, Phrase) and exact.field.endswith("_syl") and exact.words == ("giá", "nhập", "khẩu")
        # ... where the article writes the last syllable as the end of a word ("khẩu",
        # "nhập_khẩu", ...) in its headline or text: a check that adds nothing to the score.
        assert isinstance(checked, AllOf) and isinstance(ends, AnyOf)
        assert {(t.field, t.text, t.boost) for t in ends.children} == {
            (f, w, 0.0) for f in ("title", "body") for w in ("giá_nhập_khẩu", "nhập_khẩu", "khẩu")}
        assert [t.boost for t in exact.prefilter] == pytest.approx([exact_weight / 2] * 2)
        assert isinstance(blind, AllOf)
        assert [t.boost for t in blind.children] == pytest.approx([blind_weight * ACCENT_BLIND_SHARE / 2] * 2)
    plain = plan(parse("gia nhap khau", vocab.is_word)).bonus.children
    assert all(isinstance(b, AllOf) for b in plain)
    assert max(t.boost for b in plain for t in b.children) == pytest.approx(PROXIMITY_BOOST * TITLE_BOOST / 2)


@pytest.mark.parametrize("text, expected", [
    ("xuất khẩuu", "xuất khẩu"),          # a letter doubled
    ("siêu thịj", "siêu thị"),
    ("giá điệnn", "giá điện"),            # not "diễn", the commonest syllable folding alike
    ("làng nghềe", "làng nghề"),          # the tone typed is kept: not the commoner "nghe"
    ("Bình Dươngg", "Bình Dương"),        # in the case typed
    ("xuất khảu", "xuất khẩu"),           # a mark wrong: the syllable written beside "xuất"
    ("khu công nghiêp", "khu công nghiệp"),  # the tone left out
    ("thuơng mại", "thương mại"),
    ("mạiirỉ", None),                     # never a word of no language
    ("Nguyễn Quảng", None),               # written, though "nguyên" and "quang" are commoner
])
def test_a_slip_in_a_word_typed_with_its_marks_is_suggested_as_the_articles_write_it(text, expected):
    vocab = Vocabulary.from_frequencies({
        "body_syl": {"xuất": 900, "khẩu": 700, "khả": 3000, "khu": 2000, "siêu": 300, "thị": 2500, "thì": 4000,
                     "giá": 2000, "điện": 1500, "diễn": 1800, "làng": 300, "nghề": 400, "nghe": 2000,
                     "bình": 900, "dương": 700, "công": 5000, "nghiệp": 3000, "nghiêp": 2, "thương": 1200,
                     "thường": 2600, "mại": 1100, "mại": 1100, "nguyên": 3000, "nguyễn": 2500,
                     "quang": 900, "quảng": 800},
        "syl_bigrams": {"xuất khẩu": 650, "siêu thị": 250, "giá điện": 300, "làng nghề": 200,
                        "bình dương": 500, "công nghiệp": 2800, "thương mại": 1000}}, documents=10000)
    assert suggest(vocab, text) == expected


@pytest.mark.parametrize("text, expected", [
    ('"giá lúa" hôm nay', None),            # written so beside "hôm": no "hôm này"
    ("hôm nay giá", None),
    ("ngày nay", "ngày này"),               # written "ngày này" more often here
    ('hôm "nay"', 'hôm "này"'),            # not beside it: a quote between
    ("nay", "này"),
    ("người may", "người máy"),             # the form written beside it, not the commonest (mây)
    # A name in capitals as the articles spell it there, though another form is commoner
    # there ("Tân Thanh", the border gate; "Tân Thành", a district); in lower case a slip.
    ("cửa khẩu Tân Thanh", None),
    ("cửa khẩu tân thanh", "cửa khẩu tân thành"),
    ("Tân May", "Tân Mây"),                 # never written so: no name kept (its capital is)
])
def test_a_word_typed_without_marks_beside_one_typed_with_them_stays_where_written_so(text, expected):
    vocab = Vocabulary.from_frequencies({
        "body_syl": {"hôm": 3000, "nay": 2500, "này": 9000, "ngày": 8000, "giá": 5000, "lúa": 400,
                     "người": 9000, "mây": 9500, "máy": 3000, "may": 1000, "cửa": 3000, "khẩu": 2000,
                     "tân": 900, "thành": 9000, "thanh": 2000},
        "syl_bigrams": {"hôm nay": 2400, "hôm này": 3, "ngày này": 900, "ngày nay": 300, "giá lúa": 60,
                        "người máy": 50, "người may": 20, "cửa khẩu": 1900, "khẩu tân": 30,
                        "tân thành": 88, "tân thanh": 37, "tân mây": 4}},
        documents=10000)
    assert suggest(vocab, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("giá thanh long bị ùn ứ", None),         # the fruit, as written: no film star
    ("thanh long", None),
    ("dien gio", "điện gió"),                 # hardly written without marks: restored
])
def test_words_the_articles_write_without_marks_as_typed_are_no_slip(text, expected):
    vocab = Vocabulary.from_frequencies({
        "body": {"thành_long": 400, "thanh_long": 300, "điện_gió": 200, "ùn_ứ": 50},
        "body_syl": {"thành": 9000, "thanh": 3000, "long": 2000, "điện": 5000, "gió": 800, "dien": 3,
                     "gio": 3, "giá": 5000, "bị": 9000, "ùn": 60, "ứ": 60},
        "syl_bigrams": {"thành long": 420, "thanh long": 310, "điện gió": 210, "dien gio": 1, "giá thanh": 40,
                        "ùn ứ": 55}},
        documents=10000)
    assert suggest(vocab, text) == expected


def test_pairs_that_begin_a_word_are_kept_only_when_every_segment_counted_them(tmp_path):
    import pickle

    first, second = FakeReader({}), FakeReader({})
    first.name, second.name = "one", "two"

    def save(seg, fields):
        with open(tmp_path / seg.segment().make_filename(V.SEGMENT_VOCAB_EXT), "wb") as fh:
            pickle.dump(fields, fh)

    save(first, {"syl_bigrams": {"giá cước": 3, "gia cuộc": 9}, "syl_start_bigrams": {"giá cước": 3}})
    save(second, {"syl_bigrams": {"giá cước": 2}, "syl_start_bigrams": {"giá cước": 2}})
    vocab = V.vocabulary_of_segments(tmp_path, TwoSegments(first, second))
    assert vocab.start_pair_forms.get("gia cuoc") == [("giá cước", 5)]
    assert pickle.loads(pickle.dumps(vocab)).start_pair_forms.get("gia cuoc") == [("giá cước", 5)]
    # A segment built before they were counted: none are kept (the plain pairs stand in).
    save(second, {"syl_bigrams": {"giá cước": 2}})
    assert V.vocabulary_of_segments(tmp_path, TwoSegments(first, second)).start_pair_forms is None
    assert V.vocabulary_of_segments(tmp_path, TwoSegments(first, second)).pair_forms.get("gia cuoc") == \
        [("gia cuộc", 9), ("giá cước", 5)]


def test_the_words_of_one_syllable_are_counted_and_kept(vocab, tmp_path):
    # "đầu" is a word of its own in 9 title terms; "điện" never is (only in điện_tử, điện_gió).
    assert vocab.word_df("đầu") == 9 and vocab.word_df("dầu") == 2 and vocab.word_df("điện") == 0
    V.save_vocabulary(tmp_path, 5, vocab, READER)
    assert V.load_vocabulary(tmp_path, 5, EMPTY_SAME_SEGMENTS).word_df("đầu") == 9
    counted = Vocabulary.from_frequencies({"body": {"giá": 80, "quốc_gia": 140, "gia": 9}, "title": {"giá": 5},
                                           "body_syl": {"giá": 85, "gia": 150}})
    assert counted.word_df("giá") == 85 and counted.word_df("gia") == 9


def test_a_file_saved_before_the_words_of_one_syllable_were_counted_is_counted_again(vocab, tmp_path):
    older = V.Vocabulary(READER)
    older.word_forms = None        # as unpickled from a file of the earlier form
    V.save_vocabulary(tmp_path, 6, older, READER)
    assert V.saved_vocabulary(tmp_path, 6, READER) is None
    assert V.load_vocabulary(tmp_path, 6, READER).word_df("đầu") == 9


def test_a_column_finds_the_items_holding_a_part_in_one_scan():
    column = V._Column(["dien", "dien_gio", "gio_dien", "nha_dien", "ien", "x", "dienx", "ab", "dien_dien_dien"])
    assert column.holding("dien") == [0, 1, 2, 3, 6, 8]       # (each item once)
    # Never across two items ("ab" + nothing; "x" + "dienx" holds no "xd" of its own).
    assert column.holding("xd") == [] and column.holding("ien") == [0, 1, 2, 3, 4, 6, 8]
    assert column.holding("") == [] and V._Column([]).holding("a") == []


def test_the_longer_words_holding_a_syllable():
    """Each of the index's words holding the syllable as written, by document frequency:
    not a word holding its letters only ("điển" of "thụy_điển") unless another accent form
    of a two-syllable word's letters holds it (by its pair's count)."""
    vocab = Vocabulary.from_frequencies({
        "body": {"điện_thoại": 40, "thủy_điện": 30, "thụy_điển": 50, "điện": 90, "diễn_đàn": 9},
        "body_syl": {"điện": 120, "thoại": 40, "thủy": 35, "thụy": 50, "điển": 50},
        "syl_bigrams": {"thủy điện": 30, "thụy điển": 50, "điện thoại": 40}})
    assert vocab.compounds_with("điện") == [("điện_thoại", 40), ("thủy_điện", 30)]
    assert vocab.compounds_with("điển") == [("thụy_điển", 50)]
