"""The Vietnamese a user may type that the index has never seen.

A query is read from the index's own statistics (:mod:`search.restore`), which on a
small index know few words: on five articles "lang nghe" has no "làng", and a reader
built only from the index turns it into whatever known syllable is one edit away
("hàng nghệ"), and "dien mat troi" into "điện mặt trợ". A real word the articles lack
is not a typo: it should be searched as the user meant it and found in no article.

This module is the dictionary that says which syllables and words exist: pyvi's word
list (shipped with the segmenter, :func:`search.segment.dictionary_words`) and the
domain lexicon (``data/domain_terms.txt``). A syllable's weight is the number of
dictionary words it occurs in, a stand-in for how common it is ("trời" is in 43 words,
"trỗi" in 1) that needs no corpus.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import chain
from pathlib import Path

from .regions import regions
from .textnorm import LETTER_RUN, LIST_MARKS, canon, fold

_DATA = Path(__file__).with_name("data")
_DOMAIN_FILE = _DATA / "domain_terms.txt"
_TIME_FILE = _DATA / "time_words.txt"
_QUESTION_FILE = _DATA / "question_words.txt"
_JUDGING_FILE = _DATA / "judging_words.txt"
_FUNCTION_FILE = _DATA / "function_words.txt"
_LINKING_FILE = _DATA / "linking_words.txt"
_DOCUMENT_FILE = _DATA / "document_types.txt"
_SINGLE_FILE = _DATA / "single_word_queries.txt"
_TRADE_FILE = _DATA / "trade_words.txt"
_GOODS_HEADS_FILE = _DATA / "goods_heads.txt"
_GOODS_TAILS_FILE = _DATA / "goods_tails.txt"
_PLACE_UNITS_FILE = _DATA / "place_units.txt"
_NUMBER_FILE = _DATA / "number_words.txt"
_CALENDAR_FILE = _DATA / "calendar_words.txt"
_UNITS_FILE = _DATA / "units.txt"
_NAME_HEADS_FILE = _DATA / "name_heads.txt"


class Lexicon:
    """Syllables by folded form, with weights, and the multi-syllable words. Whether a
    syllable exists is known at once; the weights and words are worked out on first use."""

    def __init__(self, entries: list[str]) -> None:
        """``entries``: dictionary words of one or more syllables, any case."""
        self._entries = canon("\n".join(entries)).split("\n")     # one call: NFC, tones, case
        self.syllables = frozenset(s for e in self._entries for s in e.split() if s.isalpha())
        self._folded = frozenset(map(fold, self.syllables))

    def knows(self, syllable: str) -> bool:
        """Whether ``syllable`` (canonical, lower case) is a Vietnamese syllable."""
        return syllable in self.syllables

    def knows_folded(self, folded: str) -> bool:
        """Whether some syllable typed without diacritics as ``folded`` exists ("hot": hót, hột)."""
        return folded in self._folded

    def forms(self, folded: str) -> tuple[tuple[str, int], ...]:
        """The syllables that fold to ``folded`` ("lang" → làng, lăng …), most weighty first."""
        return self._tables[0].get(folded, ())

    def is_word(self, syllables: tuple[str, ...]) -> bool:
        return syllables in self._tables[1]

    def is_folded_word(self, folded: tuple[str, ...]) -> bool:
        """Whether some word of several syllables is typed without diacritics as ``folded``
        ("do luong": đo lường)."""
        return folded in self._folded_words

    @functools.cached_property
    def _folded_words(self) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(map(fold, word)) for word in self._tables[1])

    @functools.cached_property
    def _tables(self) -> tuple[dict[str, tuple[tuple[str, int], ...]], frozenset[tuple[str, ...]]]:
        split = [e.split() for e in self._entries]
        split = [syls for syls in split if syls and "".join(syls).isalpha()]
        weights = Counter(chain.from_iterable(set(syls) if len(syls) > 1 else syls for syls in split))
        by_fold: dict[str, list[tuple[str, int]]] = {}
        for syl, w in weights.items():
            by_fold.setdefault(fold(syl), []).append((syl, w))
        forms = {k: tuple(sorted(v, key=lambda x: (-x[1], x[0]))) for k, v in by_fold.items()}
        return forms, frozenset(tuple(syls) for syls in split if len(syls) > 1)


@functools.lru_cache(maxsize=1)
def domain_terms() -> frozenset[tuple[str, ...]]:
    """The domain lexicon, as tuples of canonical lower-case syllables: the terms of
    ``data/domain_terms.txt`` and the names of the provinces, former and current (a
    facet of every article: "nghe an" is Nghệ An even where no article names it)."""
    return frozenset(syl for syl in map(_syllables, _domain_lines()) if syl)   # "bà rịa - vũng tàu": four


def _syllables(line: str) -> tuple[str, ...]:
    """A line of a word list as canonical lower-case syllables (punctuation dropped)."""
    return tuple(LETTER_RUN.findall(canon(line.lower())))


@functools.lru_cache(maxsize=1)
def time_words() -> frozenset[tuple[str, ...]]:
    """Words of time that ask when, not what (``data/time_words.txt``: "hôm nay", "mới
    nhất"), as tuples of canonical lower-case syllables."""
    return _word_list(_TIME_FILE)


@functools.lru_cache(maxsize=1)
def question_words() -> frozenset[tuple[str, ...]]:
    """Words that ask why, how, how much or whether (``data/question_words.txt``: "vì sao",
    "bao nhiêu"), as tuples of canonical lower-case syllables."""
    return _word_list(_QUESTION_FILE)


@functools.lru_cache(maxsize=1)
def judging_words() -> frozenset[tuple[str, ...]]:
    """Words that judge how things stand (``data/judging_words.txt``: "lao đao", "mai
    một", "kỷ lục"), as tuples of canonical lower-case syllables."""
    return _word_list(_JUDGING_FILE)


@functools.lru_cache(maxsize=1)
def asking_words() -> frozenset[tuple[str, ...]]:
    """The words a query may hold that say what the reader asks or thinks, not what the
    article is about: of time ("hôm nay"), questions ("vì sao") and judgements ("lao đao").
    A query ranks by them without requiring them."""
    return time_words() | question_words() | judging_words()


@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[tuple[str, ...]]:
    """Words without a subject of their own (``data/function_words.txt``: "và", "của"), as
    tuples of canonical lower-case syllables."""
    return _word_list(_FUNCTION_FILE)


@functools.lru_cache(maxsize=1)
def _linking_entries() -> frozenset[tuple[str, ...]]:
    return _word_list(_LINKING_FILE)


@functools.lru_cache(maxsize=1)
def linking_words() -> frozenset[tuple[str, ...]]:
    """Words that only link the others of a query (``data/linking_words.txt``: "ở", "của"):
    an article lacking them may still hold all the query asks, so they rank without being
    required."""
    return frozenset(w for w in _linking_entries() if len(w) == 1)


@functools.lru_cache(maxsize=1)
def linking_compounds() -> frozenset[tuple[str, ...]]:
    """Words of two syllables holding a linking word that the segmenter leaves apart
    (``data/linking_words.txt``: "nhà ở", "trong nước"): there the linking word is required."""
    return frozenset(w for w in _linking_entries() if len(w) > 1)


@functools.lru_cache(maxsize=1)
def single_word_queries() -> frozenset[str]:
    """What a query of one word alone means where its letters also spell a commoner small
    word (``data/single_word_queries.txt``: "cá", not "cả"; ``data/trade_words.txt``: "chợ",
    not "cho"), canonical, lower case."""
    return goods_words() | frozenset(syl[0] for syl in _word_list(_TRADE_FILE) if len(syl) == 1)


@functools.lru_cache(maxsize=1)
def goods_words() -> frozenset[str]:
    """The goods among :func:`single_word_queries` ("cá", "muối", "gỗ"; not "chợ" or "đất")."""
    return frozenset(syl[0] for syl in _word_list(_SINGLE_FILE) if len(syl) == 1)


@functools.lru_cache(maxsize=1)
def trade_words() -> frozenset[str]:
    """The words of one syllable the trade searches by themselves: goods, its places and
    money (:func:`single_word_queries`) and the lexicon's single words ("tiêu", "chợ",
    "điện")."""
    return single_word_queries() | frozenset(t[0] for t in domain_terms() if len(t) == 1)


@functools.lru_cache(maxsize=1)
def goods_heads() -> frozenset[str]:
    """Words of one syllable a query puts before the goods it asks about
    (``data/goods_heads.txt``: "giá" of `gia chuoi`, the price of bananas, not "tham gia
    chuỗi"), canonical, lower case."""
    return frozenset(syl[0] for syl in _word_list(_GOODS_HEADS_FILE) if len(syl) == 1)


@functools.lru_cache(maxsize=1)
def goods_tails() -> frozenset[str]:
    """Words of one syllable a query puts after the goods it asks about
    (``data/goods_tails.txt``: "giả" of `sua gia`, counterfeit milk), canonical, lower case."""
    return frozenset(syl[0] for syl in _word_list(_GOODS_TAILS_FILE) if len(syl) == 1)


@functools.lru_cache(maxsize=1)
def place_units() -> dict[tuple[str, ...], bool]:
    """The administrative units written before a place's name (``data/place_units.txt``:
    "tỉnh", "thị xã"), canonical, lower case: whether one typed without marks is read as
    the unit before a place (not "xã": `xa hoi an ninh`)."""
    out: dict[tuple[str, ...], bool] = {}
    for line in _PLACE_UNITS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        marked_only = bool(words) and words[-1] == "marked"
        unit = _syllables(" ".join(words[:-1] if marked_only else words))
        if unit:
            out[unit] = not marked_only
    return out


@functools.lru_cache(maxsize=1)
def document_types() -> frozenset[tuple[str, ...]]:
    """Kinds of document cited by their number (``data/document_types.txt``: "nghị định",
    "thông tư"), as canonical lower-case syllables."""
    return _word_list(_DOCUMENT_FILE)


@functools.lru_cache(maxsize=1)
def number_words() -> dict[str, frozenset[str]]:
    """Words of one syllable written beside a number (``data/number_words.txt``), canonical,
    lower case: {"before": "tháng", "quý"..., "after": "tỷ", "tấn"..., "small": those after
    only a count far below a year's number, "tầng", "tuổi"}."""
    out: dict[str, set[str]] = {"before": set(), "after": set(), "small": set()}
    for n, line in enumerate(_NUMBER_FILE.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word, *where = parts
        if not where or set(where) - set(out):
            raise ValueError(f"{_NUMBER_FILE.name}:{n}: say 'before' and/or 'after' a number (and 'small')")
        for w in where:
            out[w].add(canon(word.lower()))
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def calendar_words() -> dict[tuple[str, str], tuple[tuple[str, ...], ...]]:
    """The parts of a date a number names (``data/calendar_words.txt``): (word, number) ->
    the other forms the articles write, as canonical lower-case syllables: ("tháng", "3")
    -> (("tháng", "ba"),). Only these pairs: "tháng 13" is no month."""
    out: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
    for n, line in enumerate(_CALENDAR_FILE.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0]
        if not text.strip():
            continue
        head, sep, rest = text.partition(":")
        parts = canon(head.lower()).split()
        if not sep or len(parts) != 2 or not parts[1].isdigit():
            raise ValueError(f"{_CALENDAR_FILE.name}:{n}: write the word and its number, then ':'")
        forms = tuple(syl for syl in map(_syllables, rest.split(",")) if syl)
        out[(parts[0], str(int(parts[1])))] = forms
    return out


@functools.lru_cache(maxsize=1)
def units() -> frozenset[str]:
    """Units of measure written glued to their number or apart (``data/units.txt``: "kv",
    "mw", "ha"), canonical, lower case."""
    lines = (line.split("#", 1)[0].strip() for line in _UNITS_FILE.read_text(encoding="utf-8").splitlines())
    return frozenset(canon(line.lower()) for line in lines if line)


def _word_list(path: Path) -> frozenset[tuple[str, ...]]:
    lines = (line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(syl for syl in map(_syllables, lines) if syl)


def _domain_lines() -> list[str]:
    from .merger import CURRENT_PROVINCES, FORMER_PROVINCES

    lines = [line.split("#", 1)[0] for line in _DOMAIN_FILE.read_text(encoding="utf-8").splitlines()]
    # not "Huế" alone: "hoa hue" is hoa huệ as often as Huế
    return lines + [name for name in FORMER_PROVINCES + CURRENT_PROVINCES if len(name.split()) > 1]


@functools.lru_cache(maxsize=1)
def _term_marks() -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for line in _domain_lines():
        text = canon(line.lower())
        found = list(LETTER_RUN.finditer(text))
        marks = tuple(i for i in range(1, len(found))
                      if set(text[found[i - 1].end():found[i].start()]) & LIST_MARKS)
        if marks:
            key = "_".join(m.group(0) for m in found)
            out[key] = out[fold(key)] = marks
    return out


def term_marks(key: str) -> tuple[int, ...]:
    """Where the lexicon writes a mark inside the term ``key`` ("chế_biến_chế_tạo": (2,),
    from "chế biến, chế tạo"; "nong_lam_thuy_san": (1, 2)): the syllables before which
    articles may put a comma or a dash and still mean the one term. An enumeration that
    names one thing ("nông, lâm, thủy sản") is written so in the lexicon; a term whose
    words, parted by a comma, name two things ("công nghiệp, nông thôn") is not."""
    return _term_marks().get(canon(key.lower()), ())


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict:
    """``data/provinces.json``, read once."""
    import json

    return json.loads((_DATA / "provinces.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _district_table() -> dict:
    """``data/districts.json``, read once."""
    import json

    return json.loads((_DATA / "districts.json").read_text(encoding="utf-8"))


def _provinces() -> tuple[dict, ...]:
    """The gazetteer's provinces (``data/provinces.json``)."""
    return tuple(_gazetteer()["provinces"])


def not_places() -> tuple[str, ...]:
    """Names holding a province's that are no place (``data/provinces.json``: "Thái Bình
    Dương", "Bia Hà Nội")."""
    return tuple(_gazetteer()["not_places"])


def place_names() -> list[str]:
    """The gazetteer's names of places inside a province, of two syllables or more:
    districts (``data/districts.json``) and the towns, communes, craft villages and
    landmarks the province facet knows (``data/provinces.json``: "Bát Tràng", "Vạn
    Phúc" out of "làng lụa Vạn Phúc"). pyvi's word list has no proper nouns, and a small
    index has few: these are words, not typos, wherever they are typed."""
    phrases = [p for prov in _provinces() for p in prov.get("places", [])]
    phrases += [d for names in _district_table()["districts"].values() for d in names]
    out = set()
    for phrase in phrases:
        run: list[str] = []
        for syl in phrase.replace("-", " ").split() + [""]:
            if syl[:1].isupper() and (len(syl) == 1 or syl[1:].islower()) and syl.isalpha():   # not "KCN"
                run.append(syl)
                continue
            while run[:2] == ["Thành", "Phố"] or run[:1] == ["Sân"]:   # the kind of place, capitalised
                run = run[2:] if run[0] == "Thành" else run[1:]
            if len(run) >= 2:
                out.add(" ".join(run))
            run = []
    return sorted(out)


def _spelling(name: str) -> str:
    """The letters of a name as said: no marks, spaces or dashes, c as k ("Đắc Lắc" and
    "Đắk Lắk", "Kontum" and "Kon Tum", "Bắc Cạn" and "Bắc Kạn" alike)."""
    return re.sub(r"[^a-z]", "", fold(name).lower()).replace("c", "k")


def province_aliases() -> dict[str, list[str]]:
    """Every province's other names in the gazetteer ("TP.HCM", "Sài Gòn", "BR-VT")."""
    return {p["name"]: list(p.get("aliases") or []) for p in _provinces()}


def province_spellings() -> list[tuple[str, list[str]]]:
    """(province, its other spellings) from the gazetteer's aliases that spell the same
    name ("Đắc Lắc", "Bắc Cạn", "Kontum"), not another name or a short form ("Huế",
    "TP.HCM"), nor its name in English letters run together ("Hanoi", "Daklak": these
    are curated where wanted)."""
    out = []
    for p in _provinces():
        name = p["name"]
        others = [a for a in p.get("aliases") or [] if a != name and _spelling(a) == _spelling(name)
                  and not (a.isascii() and " " not in a and not name.isascii())]
        if others:
            out.append((name, others))
    return out


@functools.lru_cache(maxsize=1)
def region_terms() -> frozenset[tuple[str, ...]]:
    """The regions' names and forms of two words or more (``data/regions.json``: "miền
    tây", "tây nam bộ", "duyên hải nam trung bộ"), as tuples of canonical lower-case
    syllables: a region typed is one word of the query, as a province is, not "miền" and
    "tây" anywhere in an article ("Miền Trung oằn mình vì lũ" is no article of `thủy sản
    miền Tây`)."""
    names = (name for region in regions() for name in (region.name, *region.forms)
             if not _JOINED_RE.search(name) and not name.lower().startswith("phía "))
    return frozenset(syl for syl in map(_syllables, names) if len(syl) >= 2)


#: Two regions' names written as one ("miền Trung - Tây Nguyên", "Bắc Trung Bộ và duyên hải
#: miền Trung"): the articles join them with a comma, a dash or "và" as they please, so each is
#: a term by itself, and the two are not one. (Nor is "phía Nam", a direction as often.)
_JOINED_RE = re.compile(r"\s[-–]\s|,|\svà\s")


@functools.lru_cache(maxsize=1)
def place_terms() -> frozenset[tuple[str, ...]]:
    """:func:`place_names` as tuples of canonical lower-case syllables."""
    return frozenset(tuple(canon(name.lower()).split()) for name in place_names())


@functools.lru_cache(maxsize=1)
def _folded_provinces() -> frozenset[tuple[str, ...]]:
    return frozenset(_province_key(n) for p in _provinces() for n in [p["name"], *(p.get("aliases") or [])])


def _province_key(name: str) -> tuple[str, ...]:
    """A province's name as a query's folded syllables ("Bà Rịa - Vũng Tàu": ba ria vung tau)."""
    return tuple(map(fold, canon(name.lower()).replace("-", " ").split()))


@functools.lru_cache(maxsize=1)
def _folded_names() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(map(fold, name)) for name in place_terms()) | _folded_provinces()


@functools.lru_cache(maxsize=1)
def _name_heads() -> frozenset[tuple[str, ...]]:
    return _word_list(_NAME_HEADS_FILE)


def is_name(syllables: tuple[str, ...]) -> bool:
    """Whether ``syllables`` (canonical, lower case) name a place or a province (by any of
    the gazetteer's names, with or without marks): a name, whose syllables apart are other
    words ("Bà Rịa" and "Vũng Tàu")."""
    return tuple(map(fold, syllables)) in _folded_names()


def province_named(syllables: tuple[str, ...]) -> str | None:
    """The province ``syllables`` (canonical, lower case) name by any of the gazetteer's
    names, with or without marks, as articles are tagged with it ("sài gòn": "Hồ Chí
    Minh"); None for none, or a name two provinces share without marks."""
    return _province_keys().get(tuple(map(fold, syllables)))


@functools.lru_cache(maxsize=1)
def _province_keys() -> dict[tuple[str, ...], str | None]:
    keys: dict[tuple[str, ...], str | None] = {}
    for p in _provinces():
        for n in [p["name"], *(p.get("aliases") or [])]:
            key = _province_key(n)
            keys[key] = p["name"] if keys.get(key, p["name"]) == p["name"] else None
    return keys


def is_province(syllables: tuple[str, ...]) -> bool:
    """Whether ``syllables`` (canonical, lower case) name a province by any of the
    gazetteer's names, with or without marks ("Bình Phước", "Sài Gòn"; not a town or a
    craft village, which may be a query's very subject: "Bát Tràng")."""
    return tuple(map(fold, syllables)) in _folded_provinces()


@functools.lru_cache(maxsize=1)
def _folded_districts() -> frozenset[tuple[str, ...]]:
    table = _district_table()
    names = [n for names in table["districts"].values() for n in names] + list(table.get("shared", {}))
    # (the kind written into a name, "Thành Phố Đồng Hới"; a city named for two towns,
    # "Phan Rang-Tháp Chàm", by either)
    names = [re.sub(r"^Thành [Pp]hố ", "", part.strip()) for n in names for part in [n, *n.split("-")]]
    dictionary = lexicon()
    return frozenset(key for name in names if len(key := _province_key(name)) > 1
                     and not dictionary.is_word(tuple(canon(name.lower()).split())))


def is_district(syllables: tuple[str, ...]) -> bool:
    """Whether ``syllables`` (canonical, lower case) name a district-level unit (a quận,
    huyện, thị xã or city of a province: "Phan Thiết", "Sa Đéc", ``data/districts.json``),
    with or without marks: a place a query's subject is in, not a craft village or a
    landmark, which may be the subject itself ("Bát Tràng", "Dung Quất"). Not a name that
    is also a word of the dictionary ("Thống Nhất", "Thanh Xuân", "Duyên Hải"): typed in
    lower case, it is more often the word."""
    return tuple(map(fold, syllables)) in _folded_districts()


def is_name_head(word: tuple[str, ...]) -> bool:
    """Whether a term whose first word is ``word`` (canonical, lower case) is the name of an
    organisation, an office or a region (``data/name_heads.txt``): "điện lực" of "Điện lực
    miền Nam", "tổng cục" of "Tổng cục Thống kê"; not "phòng vệ", whose first syllable
    alone would be one."""
    return word in _name_heads()


@functools.lru_cache(maxsize=1)
def _term_keys() -> tuple[frozenset[str], frozenset[str]]:
    terms = domain_terms() | place_terms() | region_terms()
    return (frozenset("_".join(t) for t in terms), frozenset("_".join(map(fold, t)) for t in terms))


@functools.lru_cache(maxsize=1)
def _longer_names() -> dict[str, tuple[str, ...]]:
    import json

    names = json.loads((_DATA / "longer_names.json").read_text(encoding="utf-8"))["names"]
    out: dict[str, list[str]] = {}
    for name in names:
        syl = canon(name.lower()).split()
        for k in range(2, len(syl)):
            for a in range(len(syl) - k + 1):
                out.setdefault("_".join(syl[a:a + k]), []).append("_".join(syl))
    return {k: tuple(v) for k, v in out.items()}


def longer_names(word: str) -> tuple[str, ...]:
    """The names (``data/longer_names.json``, as words: "thái_bình_dương") that hold the
    word ``word`` ("thái_bình", "bình_dương") but name something else: an article with the
    word only inside one of them is not about it."""
    return _longer_names().get(word, ())


def is_term(key: str) -> bool:
    """Whether ``key`` ("khuyến_công", "cao_bằng", "miền_tây"; "khuyen_cong" typed without
    diacritics) is a term of the domain lexicon, a province, a place of the gazetteer or a
    region."""
    key = canon(key.lower())
    accented, folded = _term_keys()
    return key in folded if fold(key) == key else key in accented


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """pyvi's dictionary and the domain lexicon, loaded once when first needed (about
    0.1 s; the weights and words another 0.1 s when first asked for)."""
    from .segment import dictionary_words

    entries = dictionary_words()
    entries += [" ".join(term) for term in domain_terms()]
    return Lexicon(entries)
