"""Reading a query typed without diacritics the way the indexed articles write it.

"dien gio" could be điện gió, diễn giờ, điện giờ …; the index knows which of these
its articles use, and how often: every accented syllable's document frequency and, for
syllables standing side by side, the number of texts with each pair
(:mod:`search.langstats`). A reading's probability is a bigram model over those counts:

    P(a1 … an) = P(a1) · Π P(ai | ai-1),   P(b | a) = (c(ab) + κ·df(a)·df(b)/N) / df(a)

where κ gives a pair never seen side by side a small share of what chance would give it.
A reading that contains a term of the domain's lexicon (``data/domain_terms.txt``:
thủy điện, làng nghề, khuyến công …) is multiplied by ``DOMAIN_BONUS``: where the
general corpus is ambiguous (Thụy Điển is in more articles than thủy điện), a search
engine for industry-and-trade news should read it as its users mean it. So is one that
contains a place of the gazetteer (Bát Tràng, Phong Khê) none of whose syllables an article
has, unless a dictionary word is typed the same way (đo lường, not Đô Lương): on a small
index the place is what was typed; where the articles have its syllables, their counts decide.

A syllable the index does not know at all is either a real word no article has
("lang" on a small index without làng: read from the dictionary of :mod:`search.lexicon`,
weighted by how many words hold each form, with a word bonus for its dictionary words,
and then found in no article) or a typo: the known syllables one edit away (or the
closest one) compete, each edit costing ``TYPO_COST``. Syllables typed with diacritics,
numbers and abbreviations are kept as typed.

The readings are found by a beam search and returned with probabilities normalised
over the beam, so "confident" means the first reading has most of the mass.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .lexicon import (Lexicon, asking_words, domain_terms, function_words, goods_heads, goods_tails, goods_words, is_name, is_term, lexicon,
                      number_words, place_terms, region_terms, single_word_queries)
from .regions import match_region
from .textnorm import fold, is_onset, is_vietnamese_syllable, strip_tone, telex, tone_of, typed_as_acronym
from .vocab import Vocabulary

#: Weight of a pair never seen side by side, relative to chance co-occurrence.
KAPPA = 0.001
#: Factor for a reading that contains a term of the domain lexicon.
DOMAIN_BONUS = 60.0
#: A word the trade searches by itself, standing alone at the end of a query, leans as it
#: does typed alone unless another form of its letters is written beside its neighbour in
#: this share of the articles holding the rarer of the two, or at all where that form is
#: no more than this many times as common (see ``readings``).
RIVAL_SHARE = 0.001
RIVAL_COMMONER = 3.0
#: Factor for a reading holding a place of the gazetteer that no article writes.
PLACE_BONUS = 60.0
#: A place whose name has no marks ("Nha Trang", "Phong Nha"), typed so, is the place where
#: the articles write it so this share as often as the commonest other reading of its letters
#: ("nhà trắng", 701 to 315; not "là gì" for La Gi, 605 to 8).
MARKLESS_PLACE_SHARE = 0.3
#: ... and then weighs as if written as often as that reading, times this (where no word its
#: letters read otherwise make with the next comes next: "phong nha tro" is "phòng nhà trọ").
MARKLESS_PLACE_LEAN = 60.0
#: Factor for a reading whose syllables form the word pyvi most often finds for them in
#: the index ("co khi": cơ khí is a word, có khi two).
WORD_BONUS = 4.0
#: A query begins where a word begins: its first pair is weighed by the articles where
#: the first syllable begins a word ("gia cuoc" is giá cước, though "tham gia cuộc thi"
#: writes gia cuộc more often), plus this share of the others (pyvi's words are not
#: always the reader's).
START_ELSEWHERE = 0.1
#: A form that is a word of its own in less than this share of the articles writing it is
#: no rival of goods typed last (``rival_beside``): "cà" of "cà phê", "sản" of "sản phẩm".
LAST_RIVAL_ALONE = 0.2
#: A syllable that stands alone in a reading weighs by the share of its articles where it
#: is a word of its own, as if this many more articles had it, half of them alone (a
#: syllable a small index has in three articles, never alone, may still be a word).
ALONE_PRIOR = 5.0
#: A last syllable written beside the one before but making no word with it weighs by how
#: often it is a word of its own (``alone``) to this power: an article's words cut short
#: ("phổ thông năng") end on the start of a longer word, a query seldom does.
LAST_ALONE_SHARE = 0.5
#: ... unless the two are written side by side in this share of the articles writing the
#: first: then they are what was typed, however often the last goes on ("tổng giám").
LAST_PAIR_SHARE = 0.05
#: Factor for reading a syllable typed without any mark as typed, where the query's other
#: words carry tones ("giá thanh long hôm nay", "gỗ keo"): whoever types tones types the
#: ones they mean, and leaves one out far less often than a level tone is meant (which
#: syllables get it: :func:`search.interpret.interpret`). So a form the articles write up
#: to this many times as often beside the same words (or at all, where they write neither
#: beside them: "kéo" 28 times "keo") is offered, not read instead.
AS_TYPED_PRIOR = 50.0
#: Factor per edit for a typo correction.
TYPO_COST = 1e-3
#: Factor for a query opening on a word the trade searches by itself whose letters also spell
#: a word without a subject ("cho", "cả"), where the articles open a pair with it before the
#: next word's letters (as two words) in OPENING_MIN_ARTICLES articles or more, and in
#: OPENING_SHARE as many as with the small word: a reader types the subject, not the preposition before it ("cho que" is
#: chợ quê, the village market; "ca xuat khau" cá xuất khẩu). Only for those words: a small
#: word yields to no other ("trong thể thao", "để xuất khẩu", "những xu hướng").
FUNCTION_OPENING = 10.0
OPENING_MIN_ARTICLES = 5
OPENING_SHARE = 0.1
#: ... and never before a count or a span the small word goes with ("cả ba", "cả tháng").
NUMERALS = frozenset({"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "trăm",
                      "nghìn", "ngàn", "vạn", "triệu", "tỷ", "tỉ", "nửa", "mấy", "vài", "nhiều"})
#: Factor for reading a word as the Telex keys it holds where it may be something else: a
#: tone key typed says more than a letter to delete ("hangf": hàng, not hãng), a doubled
#: letter alone no more.
TELEX_KEY_COST = TYPO_COST ** 0.5
#: A known syllable that reads badly beside its neighbours is looked at again as a typo
#: (queries of up to RETYPO_MAX_SYLLABLES syllables): RETYPO_FORMS corrections at most.
#: When it is a real word (in the dictionary, or written by REAL_DF articles), each edit costs TYPO_COST ** KNOWN_TYPO_POWER,
#: so only a reading the articles back by far more than chance ("thương mại điện tử" for
#: "thuong mia dien tu") replaces it ("nông nghiệp" stays on an index where công nghiệp
#: is far commoner); a stray syllable of the index ("kee", "tto") costs what a typo costs.
#: A real word that fewer than two articles write beside either of its neighbours ("lắng
#: ghế", "biến app") protects itself less, unless it reads as an abbreviation ("khi lng",
#: "pmi san xuat"): TYPO_COST ** LONE_TYPO_POWER per edit ("lang ghe" is "lắng nghe";
#: "mía đường", "giá SJC" are written so and stay).
RETYPO_FORMS = 8
RETYPO_MAX_SYLLABLES = 8
KNOWN_TYPO_POWER = 2
#: A query of two syllables typed without marks that make no word, and that no article
#: writes as two words side by side in any accents, is offered the word one slip away that a
#: WORD_FIX_MIN_SHARE of the articles write (WORD_FIX_MIN_ARTICLES at least)
#: (:meth:`Restorer.word_fix`). A pair the articles do write as two words, in any of its
#: readings, is what was meant, however much commoner a word a slip away ("giá nhà", 117
#: articles, is no slip for "gia nhập", 1,221; nor "giá vịt" for "gia vị"; "loi dien" may be
#: "lối diễn", 43); longer queries are keywords as often as phrases ("tai nam sau").
WORD_FIX_MIN_SHARE = 0.001
#: A slip corrected in a longer query (:meth:`Restorer.slip_readings`) makes a pair the
#: articles write at least this many times as often as the pair as read.
SLIP_MARGIN = 10
#: A pair of two syllables the articles write as two words is a slip of theirs where the word
#: one slip away is written this many times as often: offered (:meth:`Restorer.word_fix`).
SLIP_OUTWEIGHED = 200
WORD_FIX_MIN_ARTICLES = 3
LONE_TYPO_POWER = 1.25
#: A syllable typed with marks, beside a neighbour the articles write it with at most
#: MARK_FIX_SHARE as often as with other marks on the same letters (MARK_FIX_MIN_ARTICLES
#: at least), is offered that form: a tone or a mark slipped ("thủy sạn", "nông săn", "nhà
#: mây"), since a word typed with its marks may still be meant (:meth:`Restorer.mark_fix`).
MARK_FIX_SHARE = 0.001
MARK_FIX_MIN_ARTICLES = 20
#: The first consonants one region's speech says alike, and its writers mix up (s and x in
#: the South, ch and tr, d, gi and r, l and n in parts of the North): {typed: meant}.
SOUND_ALIKE = {"s": ("x",), "x": ("s",), "ch": ("tr",), "tr": ("ch",), "d": ("gi", "r"), "gi": ("d", "r"),
               "r": ("d", "gi"), "l": ("n",), "n": ("l",)}
#: A pair so mended is offered where the articles write it as typed at most this share as
#: often: each syllable is a word, and more articles make the same slip ("sản suất" in 9,
#: "sản xuất" in thousands).
SOUND_ALIKE_SHARE = 0.005
#: ...and where a syllable typed without marks is read with a first consonant of a pair few
#: words tell apart (s and x, ch and tr), the pair read is offered with the other where the
#: articles write the one read at most this share as often (``READ_ALIKE_MIN`` at least):
#: `nguon goc xuat su` read "xuất sứ" (3 articles, a slip some make) is offered "xuất xứ"
#: (79). (Not d, gi and r, nor l and n: "xuất khẩu ra" is no slip of "xuất khẩu da".)
READ_ALIKE = {onset: SOUND_ALIKE[onset][0] for onset in ("s", "x", "ch", "tr")}
READ_ALIKE_SHARE = 0.1
READ_ALIKE_MIN = 20
#: ...and only where the pair read is a slip a few articles make (`gia chi` is "giá chỉ",
#: 205 articles, not a slip of "giá trị").
READ_ALIKE_MOST = 10
#: The first consonants of a syllable, longest first ("nh" is no "n").
_ONSET_OF = re.compile(r"ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]")
#: A syllable outside the dictionary that this many articles write is a word of theirs
#: (an abbreviation, a name) and is looked at again as a real word.
REAL_DF = 5
#: A syllable of Vietnamese shape outside the dictionary that fewer articles than this write
#: is a slip they made ("nghệp": 10, "nghành": 14); a name is written more ("Nauy": 67,
#: "Khuê": 213).
STRAY_ARTICLES = 20
#: Dictionary forms considered for a syllable no article has (the most common ones).
UNSEEN_FORMS = 6
#: Accented forms considered per syllable, and readings kept while searching.
MAX_FORMS = 24
BEAM = 32
#: A first reading at least this probable is shown as "Kết quả cho …".
CONFIDENT = 0.65
#: An unfinished last syllable ("ngh", "kha", "petroli"; one letter after another
#: syllable, "dien t", else at least COMPLETE_MIN_CHARS) may be the start of one of the
#: COMPLETE_SYLLABLES syllables that begin with it, those the articles write after the
#: syllable before first, among the COMPLETE_POOL commonest (of the first COMPLETE_SCAN in
#: alphabetical order). Completing a fragment that is no Vietnamese syllable ("th", "ngh")
#: costs COMPLETE_COST; one that is a syllable itself ("kha"), TYPO_COST ** COMPLETE_WORD_POWER.
COMPLETE_MIN_CHARS = 2
COMPLETE_SYLLABLES = 40
COMPLETE_SCAN = 5000
COMPLETE_POOL = 300
COMPLETE_WORD_POWER = 0.75
COMPLETE_COST = 0.05

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: A dash typed between two syllables joins them ("Mỹ-Hàn", "Nông-Lâm"): the syllable
#: after it is read beside the one before, not as the start of a new phrase.
_JOINERS = frozenset("-–—")
#: A number that is a year, and the one word written before a year as a word of time.
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = frozenset({"năm"})
#: The words before a number that make it a time, folded, and the numbers each can name.
_TIME_WORDS = {"thang": range(1, 13), "quy": range(1, 5), "ngay": range(1, 32), "tuan": range(1, 54)}


def _names_time(word: str, number: str) -> bool:
    """Whether ``word`` (folded) before ``number`` names a time: "năm 2020", "tháng 2"."""
    if word == "nam":
        return _YEAR.fullmatch(number) is not None
    return number.isdigit() and int(number) in _TIME_WORDS.get(word, ())


#: A word of another language no article writes ("Orsted", "Vestas") is corrected only into
#: one at least this many articles write ("petrolimec": Petrolimex, 124; "vinfats": VinFast,
#: 7; "shoppe": Shopee, 5): a name the articles lack is likelier one they never wrote than a
#: slip for a name one or two articles write ("Oreste", a footballer in 2 articles; "Vestax", 1).
FOREIGN_FIX_MIN_ARTICLES = 3
#: Articles writing a trade word beside a place's name, in some form, or a reading of the two
#: whole, that make it evidence of what the word is (``Restorer.goods_of_place``).
GOODS_VOUCHED = 10
#: ``KAPPA`` for a pair never written across a subject and the place's name after it, in the
#: readings that spell the place there: the same for every form, ten times ``KAPPA``. Beside
#: a name, such a pair is less evidence against the subject's reading than elsewhere ("biên
#: mậu | Móng Cái", though six articles write "màu móng", the nails' colour), while a pair
#: written there counts as written ("chè | Thái Nguyên", "Đạm | Cà Mau"). Readings that
#: spell another word there keep ``KAPPA``: the pair that vouches for the place keeps its
#: weight against them ("buôn lậu | Tân Biên", not "tan biến").
PLACE_KAPPA = 0.01
#: A place's name after a subject stands where the articles write its letters as it at least
#: this share as often as the commonest other word they spell: "Củ Chi" (155) beside "cử
#: chỉ" (191), "Đống Đa" beside "đồng đã", "Bắc Bộ" (273) beside "bác bỏ" (609); not "Long
#: Đất" (3) beside "lòng đất" (105).
PLACE_WRITTEN_SHARE = 0.4
#: A word of single_word_queries typed alone, or opening a query whose other words are a
#: place's name or a term of the trade it is not written beside (``goods_of_place``), leans
#: as far as it takes to be that many times likelier, by the articles holding each, than a
#: form of its letters the list lacks, however much commoner that form is ("dua": dừa, the
#: coconut, though "đưa" is in 67 times as many articles; "dua xuat khau" coconut exports).
SINGLE_MARGIN = 20.0


@dataclass(frozen=True)
class Reading:
    """One way to read the query's syllables, with its probability."""

    syllables: tuple[str, ...]
    probability: float
    edits: int = 0          # typos corrected
    completed: bool = False  # the last syllable is a completion of what was typed

    @property
    def text(self) -> str:
        return " ".join(self.syllables)


def compatible(typed: str, form: str) -> bool:
    """Whether ``form`` ("điện") keeps every mark of ``typed`` ("đien", "điên", "dien"):
    letter by letter the same, or typed bare, or typed without the tone."""
    return len(typed) == len(form) and all(
        t == c or t == fold(c) or t == strip_tone(c) for t, c in zip(typed, form))


class Restorer:
    """Readings of query syllables from one index's statistics (not thread-safe caches
    are per call, so one instance may serve every thread)."""

    def __init__(self, vocab: Vocabulary, domain: frozenset[tuple[str, ...]] | None = None,
                 dictionary: Lexicon | None = None, places: frozenset[tuple[str, ...]] | None = None,
                 single: frozenset[str] | None = None):
        self.vocab = vocab
        self.n = max(1, int(getattr(vocab, "documents", 1)))
        self.domain = domain_terms() if domain is None else domain
        self.single = single_word_queries() if single is None else single
        self.goods = self.single & goods_words()
        self.before_goods = goods_heads()
        self.after_goods = goods_tails()
        self.function = function_words()
        self.asking = asking_words()
        self.number_words = number_words()
        self.places = place_terms() if places is None else places
        self.domain_longest = max((len(t) for t in self.domain | self.places), default=0)
        self._dictionary = dictionary
        self._known: frozenset[str] | None = None
        self._pools: dict[str, list[tuple[int, str]]] = {}
        # A one-word term ("dầu") alone would beat what the index has (đầu).
        self._domain_forms = _forms_by_fold(t for t in self.domain if len(t) > 1)
        # The syllables of place names the index lacks compete too: "bat trang" is
        # Bát Tràng on an index that knows only bắt and trăng.
        self._place_forms = _forms_by_fold(self.places)

    @property
    def dictionary(self) -> Lexicon:
        """The syllables and words of Vietnamese at large, loaded on the first syllable
        the index does not know."""
        if self._dictionary is None:
            self._dictionary = lexicon()
        return self._dictionary

    # -- statistics ------------------------------------------------------------
    def forms(self, folded: str) -> list[tuple[str, int]]:
        """Accented forms of a folded syllable with their document frequencies."""
        return [(f, df) for f, df in self.vocab.syllable_forms.get(folded)][:MAX_FORMS]

    def df(self, syllable: str) -> int:
        return self.vocab.syllable_df(syllable)

    def written(self, folded: str) -> int:
        """Articles that write a folded syllable in any of its forms (its commonest)."""
        return sum(df for _f, df in self.forms(folded))

    def pair_forms(self, a: str, b: str) -> list[tuple[str, str, int]]:
        """Every way the articles write ``a`` and ``b`` side by side, whatever accents
        they were typed with: (first, second, articles)."""
        return [(*form.split(" ", 1), n) for form, n in self.vocab.pair_forms.get(f"{fold(a)} {fold(b)}")]

    def pair_written(self, a: str, b: str) -> int:
        """The articles writing the commonest form of ``a`` and ``b`` side by side."""
        return max((n for *_f, n in self.pair_forms(a, b)), default=0)

    def telex_forms(self, syl: str) -> tuple[list[tuple[str, int]], int]:
        """The forms the articles write of ``syl`` read as Telex keys typed with the input
        method off ("ddieenj": điện), with their document frequencies, and how surely the
        keys are Telex: 2 where only Telex types them (a w, or a tone key beside a vowel's
        mark keyed: "ddieenj", "thuowng"), 1 for a tone key alone ("gios", but also the
        English plural "kits", and "ddos"), 0 for a letter doubled alone ("coong", but also
        the slip "kieen"). The vowels are read as keyed ("vans" is ván, not vấn; "dongf"
        dòng, not đồng) where the articles write them so, a d as d or đ (a second d is
        easily left out: "dieenj" is điện). With a tone key, only the forms with that tone
        (none: no Telex, the key is not thrown away: "teens" is no "tên"); without one, any
        tone, as a search box is often typed ("xuaat khaau": xuất khẩu)."""
        keyed = telex(syl)
        if keyed is None:
            return [], 0
        marked, tone = keyed
        written = [(f, df) for f, df in self.forms(fold(marked)) if compatible(marked, f)]
        if tone:
            written = [(f, df) for f, df in written if tone_of(f) == tone]
        as_keyed = [(f, df) for f, df in written if strip_tone(f).replace("đ", "d") == marked.replace("đ", "d")
                    and ("đ" not in marked or "đ" in f)]
        vowel_mark = any(ch in "âêôăơư" for ch in marked)
        return as_keyed or written, 2 if "w" in syl.lower() or (tone and vowel_mark) else int(bool(tone))

    def pair_count(self, a: str, b: str) -> int:
        """Articles that write ``a`` and ``b`` side by side as given (canonical, lower case)."""
        return sum(n for first, second, n in self.pair_forms(a, b) if first == a and second == b)

    def knows(self, folded: str) -> bool:
        if self._known is None:  # a set once: typo candidates ask for hundreds of strings
            keys = self.vocab.syllable_forms.keys
            self._known = frozenset(keys[i] for i in range(len(keys)))
        return folded in self._known or folded in self._domain_forms

    def _typo_forms(self, syl: str, known_only: bool, power: float = 1.0) -> list[tuple[str, float, int]]:
        """Candidates for ``syl`` read as a typo: accented forms of the known syllables
        within an edit or two, each edit costing ``TYPO_COST ** power`` (a ``known_only``
        syllable the index has: every form, the caller picks; a real word: a higher power)."""
        out: list[tuple[str, float, int]] = []
        cost = math.log(TYPO_COST) * power
        for folded, edits in self.typo_candidates(syl, known_only=known_only):
            found = [f for f, _df in self.forms(folded)[:MAX_FORMS if known_only else 4]]
            found += sorted(self._domain_forms.get(folded, set()) - set(found))
            out += [(f, edits * cost, edits) for f in found]
        return out

    def _completions(self, syl: str, real: bool, before: str | None = None) -> list[tuple[str, float, int]]:
        """Candidates for an unfinished last syllable: the accented forms of the commonest
        syllables the index has that start with it, cheap for a fragment that is no word
        ("ngh", "tr", "petroli": COMPLETE_COST), dearer when ``syl`` is itself a Vietnamese
        syllable ("kha", "gi": TYPO_COST ** COMPLETE_WORD_POWER), so that only a pair the
        articles write far more often completes it ("hàng giả" against "hàng gì")."""
        pool = self._prefix_pool(syl)
        # Those the articles write after the one before, wherever they stand among the
        # syllables beginning so ("tom s": sú, far down the alphabet of "s…").
        if before:
            listed = {key for _df, key in pool}
            pool = pool + [(self.vocab.written(key), key)
                           for key in self._written_after(before, syl) if key not in listed]
        # The syllables the articles write after the one before first ("dien t": tử,
        # thoại), then the commonest.
        after: dict[str, list[tuple[str, int]]] = {}
        for _df, key in pool:
            written = self.vocab.pair_forms.get(f"{before} {key}") if before else []
            after[key] = [(pair.split(" ", 1)[1], n) for pair, n in written]
        found = [(sum(n for _f, n in after[key]), df, key) for df, key in pool]
        found.sort(key=lambda x: (-x[0], -x[1], x[2]))
        cost = math.log(TYPO_COST) * COMPLETE_WORD_POWER if real else math.log(COMPLETE_COST)
        out: list[tuple[str, float, int]] = []
        for _beside, _df, key in found[:COMPLETE_SYLLABLES]:
            # Each syllable's forms as the articles write it after the one before ("xang d":
            # dầu, the fifth commonest form of "dau"), then its commonest.
            beside: dict[str, int] = {}
            for form, n in after[key]:
                beside[form] = beside.get(form, 0) + n
            forms = sorted(beside, key=lambda f: (-beside[f], f))[:4]
            forms += [f for f, _d in self.forms(key) if f not in beside][:max(0, 4 - len(forms))]
            out += [(f, cost, 1) for f in forms]
        return out

    def _written_after(self, before: str, prefix: str) -> list[str]:
        """The folded syllables beginning with ``prefix`` (and longer) that the articles
        write after the folded syllable ``before``."""
        keys = self.vocab.pair_forms.keys
        start = f"{before} {prefix}"
        out = []
        for j in range(bisect.bisect_left(keys, start), len(keys)):
            key = keys[j]
            if not key.startswith(start) or len(out) >= COMPLETE_SCAN:
                break
            second = key[len(before) + 1:]
            if second != prefix and second.isalpha():
                out.append(second)
        return out

    def commonest_start(self, prefix: str) -> int:
        """Articles that write the commonest longer syllable beginning with ``prefix``
        (folded): what a word still being typed may become."""
        pool = self._prefix_pool(prefix)
        return max((df for df, _key in pool), default=0)

    def _prefix_pool(self, prefix: str) -> list[tuple[int, str]]:
        """The COMPLETE_POOL commonest folded syllables that start with ``prefix`` (and are
        longer), as (articles, syllable); remembered, since a query is typed a letter at a
        time."""
        got = self._pools.get(prefix)
        if got is None:
            keys = self.vocab.syllable_forms.keys
            found: list[tuple[int, str]] = []
            i = bisect.bisect_left(keys, prefix)
            for j in range(i, min(len(keys), i + COMPLETE_SCAN)):
                key = keys[j]
                if not key.startswith(prefix):
                    break
                if key != prefix and key.isalpha():
                    found.append((self.vocab.written(key), key))
            found.sort(key=lambda x: (-x[0], x[1]))
            got = found[:COMPLETE_POOL]
            if len(self._pools) >= 4096:
                self._pools.clear()
            self._pools[prefix] = got
        return got

    def typo_candidates(self, folded: str, known_only: bool = False) -> list[tuple[str, int]]:
        """Known folded syllables one edit away, or else (unless ``known_only``: the
        syllable itself is known) the closest one (two edits). A key held down ("dauuu",
        "giooo": a letter three times, which no Vietnamese syllable writes) is one slip,
        whatever the letters it added: the syllable with the letter once or twice."""
        held = [(cand, 1) for cand in _held_key(folded) if self.knows(cand)]
        if held:
            return held
        seen: set[str] = set()
        out: list[tuple[str, int]] = []
        for cand in sorted(_edits1(folded)):  # a set: sorted, so ties read alike in every process
            if cand not in seen and cand != folded:
                seen.add(cand)
                if self.knows(cand):
                    out.append((cand, 1))
        if not out and len(folded) > 3 and not known_only:
            close = self.vocab.closest_syllable(folded)
            if close:
                out.append((fold(close), 2))
        return out

    def goods_of_place(self, syllables: Sequence[str]) -> bool:
        """Whether ``syllables`` are a word the trade searches by itself
        (``single_word_queries``, in any marks) and then a place's name
        (:func:`word_of_place`), or goods and then a term of the trade (:func:`word_of_trade`):
        "lua an giang", "que yen bai", the goods of a place; "muoi xuat khau", salt exports
        (not "cho xuat khau", for export, though "cho" alone is chợ; nor where the articles
        often write another form of the first two words, one neither the goods nor a word of
        its own: `da nhap khau` is "đã nhập khẩu")."""
        forms = [f for f, _n in self.forms(fold(syllables[0]))] if syllables else []
        if any(f in self.single for f in forms) and word_of_place(syllables):
            return True
        # Before a term, only where no other form of the pair across is written by many
        # articles: "cấm kinh", "đã nhập", "thuộc quản" say what `cam kinh doanh`, `da nhap
        # khau` and `thuoc quan ly thi truong` are; "muỗi xuất" and "muối xuất", twice each,
        # do not. The goods themselves written so vouch for them ("chè xuất"), and a pair that
        # is a word of its own cannot be read across the term's first syllable ("chế xuất",
        # the export-processing zone: in `che xuat khau` "xuất" begins "xuất khẩu").
        if not (any(f in self.goods for f in forms) and word_of_trade(syllables)):
            return False
        return max((n for a, b, n in self.pair_forms(syllables[0], syllables[1])
                    if a not in self.goods and not self.makes_word(a, b)), default=0) < GOODS_VOUCHED

    # -- readings --------------------------------------------------------------------
    def readings(self, syllables: list[str], fixed: list[bool], top: int = 5,
                 capital: list[bool] | None = None, complete_last: bool = False,
                 level: list[bool] | None = None, one_word: bool = False) -> list[Reading]:
        """The likeliest readings of ``syllables`` (canonical, lower case); ``fixed``
        marks those to keep as typed, ``capital`` those typed with a capital letter (a
        name: "Nha Trang" typed so is the city, whatever the articles' counts say of
        "nhà trắng"), ``level`` those typed without any mark among words typed with
        tones, likelier as typed by ``AS_TYPED_PRIOR`` ("giá thanh long": the fruit, not
        "giá thành"). With ``complete_last`` the last syllable may also be the start of a
        longer one, as a search box is typed ("lang ngh": làng nghề, "xuat kha": xuất
        khẩu). ``one_word``: the syllable is the whole query, and a word that a query of one
        word means in the trade's news (``single_word_queries``: "ca" is cá, not cả) leans
        as a term of the domain does. Most probable first."""
        cache_df: dict[str, int] = {}

        def df(s: str) -> int:
            v = cache_df.get(s)
            if v is None:
                v = cache_df[s] = self.df(s)
            return v

        fold_cache: dict[str, str] = {}

        def fold_(x: str) -> str:
            f = fold_cache.get(x)
            if f is None:
                f = fold_cache[x] = fold(x)
            return f

        def counter(forms) -> Callable[[str, str], int]:
            """Articles with ``a`` and ``b`` side by side, as ``forms`` counts them (each
            folded pair's forms read once per call)."""
            tables: dict[str, dict[str, int]] = {}

            def count(a: str, b: str) -> int:
                key = fold_(a) + " " + fold_(b)
                table = tables.get(key)
                if table is None:
                    table = tables[key] = dict(forms.get(key))
                return table.get(a + " " + b, 0)
            return count

        pair = counter(self.vocab.pair_forms)
        starts = self.vocab.start_pair_forms
        begun_pair = counter(starts) if starts is not None else None

        def first_pair(a: str, b: str) -> float:
            """``pair`` for the query's first two syllables (see START_ELSEWHERE)."""
            plain = pair(a, b)
            if begun_pair is None:
                return plain
            begun = begun_pair(a, b)
            if begun >= plain:   # (each table keeps a folded pair's commonest forms only)
                return begun
            if self.vocab.is_word(a + "_" + b) or self.dictionary.is_word((a, b)):
                # A word as typed is that word wherever it stands ("sứ quán", mostly
                # written as the end of "đại sứ quán"): its own counts.
                return plain
            return begun + START_ELSEWHERE * (plain - begun)

        options: list[list[tuple[str, float, int]]] = []
        completed: list[tuple[str, float, int]] = []
        # Syllables read as Telex keys: where one can only be Telex, the query is typed so.
        # A word five articles or more write as typed is that word ("tw", "sos", "tax"),
        # unless another word of the query can only be Telex: its keys only Telex types,
        # or a tone key no article writes so ("nghij six": nghị sĩ; "kits" is written).
        keyed = {k: spelled for k, (syl, keep) in enumerate(zip(syllables, fixed))
                 if not keep and syl.isalpha() and fold(syl) == syl and (spelled := self.telex_forms(syl))[0]}
        written_counts = {k: self.written(syllables[k]) for k in keyed}
        written_as_typed = {k: n >= REAL_DF for k, n in written_counts.items()}
        in_telex = any(sure == 2 and not written_as_typed[k] or sure == 1 and not written_counts[k]
                       for k, (_forms, sure) in keyed.items())
        for k, (syl, keep) in enumerate(zip(syllables, fixed)):
            if keep or not syl.isalpha():
                context = syl
                if keep and syl.isalpha() and fold(syl) == syl:
                    # An abbreviation kept as typed reads its neighbours as the articles
                    # write it ("san tmdt": sàn beside TMĐT); the reading keeps it as typed.
                    # Only where the commonest form differs by its đ alone: the commonest
                    # "da" is đã, a word, not the abbreviation DA.
                    written = self.forms(syl)
                    if written and written[0][0].replace("đ", "d") == syl:
                        context = written[0][0]
                options.append([(context, 0.0, 0)])
                continue
            bare = fold(syl)
            forms = self.forms(bare)
            if bare != syl:  # some marks typed, the tone left out ("đien"): keep what was typed
                forms = [(f, df) for f, df in forms if compatible(syl, f)]
            spelled, sure = keyed.get(k, ([], 0))
            if spelled and not forms and in_telex:
                forms, spelled = spelled, []      # the keys' syllable, as sure as one typed
            elif not in_telex and written_as_typed.get(k):
                spelled = []   # "boo tui", "sos": a word the articles write ("khoong": once, a slip of theirs)
            prior = math.log(AS_TYPED_PRIOR) if level is not None and level[k] else 0.0
            cands = [(f, prior if f == syl else 0.0, 0) for f, _df in forms]
            # A syllable of the domain lexicon competes even where no article has it
            # ("bac ninh" is Bắc Ninh on an index that only knows bậc).
            known = {f for f, _df in forms}
            domain = self._domain_forms.get(bare, set())
            cands += [(f, 0.0, 0) for f in sorted(domain)
                      if f not in known and (bare == syl or compatible(syl, f))]
            # A place's syllable no article writes weighs as a syllable of one word: alone
            # it is no likelier than the dictionary says ("bi": bị, not the bí of Uông Bí);
            # the place bonus makes the whole name win.
            places = self._place_forms.get(bare, set()) - known - domain
            if places:
                weights = dict(self.dictionary.forms(bare))
                heaviest = max(weights.values(), default=0)
                cands += [(f, math.log((weights.get(f, 0) + 1) / (heaviest + 1)), 0) for f in sorted(places)
                          if bare == syl or compatible(syl, f)]
            if not forms:
                # No article writes it: a real word the index lacks (found in no article),
                # or a typo for one the index has (below); the likelier reading wins.
                unseen = [(f, w) for f, w in self.dictionary.forms(bare)
                          if bare == syl or compatible(syl, f)][:UNSEEN_FORMS]
                if unseen:
                    heaviest = unseen[0][1]
                    listed = {f for f, _c, _e in cands}
                    cands += [(f, math.log((w + 1) / (heaviest + 1)), 0) for f, w in unseen if f not in listed]
            if (not forms or _HELD_KEY.search(bare)) and bare == syl:
                # or a typo of a word the articles have (a key held down, "dauuu", though an
                # article or two write it so)
                cands += self._typo_forms(syl, known_only=False)
            if spelled:
                # Telex keys or not ("kits", "cuar" written once): the syllable they spell
                # competes, at TELEX_KEY_COST for a tone key, a correction's for a doubled
                # letter alone (where a typo's edits reach it too, the cheaper way: "ddaau"
                # is đầu).
                cost = math.log(TELEX_KEY_COST if sure else TYPO_COST)
                cheaper = {f for f, _df in spelled}
                cands = [c for c in cands if not (c[0] in cheaper and c[1] < cost)]
                listed = {f for f, _c, _e in cands}
                cands += [(f, cost, 1) for f, _df in spelled if f not in listed]
            # (a syllable's first consonants alone, "tr", "nh", are no search: completed
            # only after a word, they would find every "trong", "những")
            if complete_last and len(options) == len(syllables) - 1 and bare == syl \
                    and len(syl) >= (1 if options else COMPLETE_MIN_CHARS) and (options or not is_onset(syl)):
                listed = {f for f, _c, _e in cands}
                # (a letter alone, "ban l", is no syllable, whatever word lists hold it)
                real = is_vietnamese_syllable(syl) and (self.dictionary.knows_folded(syl)
                                                        or syl in self._domain_forms)
                before = fold(syllables[-2]) if len(syllables) > 1 else None
                # (one also a typo's correction, "s" for "sú", costs the cheaper)
                costs = {f: c for f, c, _e in cands}
                # (the as-typed prior of a word typed among toned ones holds for what it may
                # still become: "đài lo" on the way to "đài loan", "xâm nhập m" to "mặn")
                offered = [(f, c + prior, e) for f, c, e in self._completions(syl, real=real, before=before)]
                completed = [c for c in offered if c[0] not in listed or costs[c[0]] < c[1]]
                cheaper = {f for f, _c, _e in completed}
                cands = [c for c in cands if c[0] not in cheaper] + completed
            options.append(cands or [(syl, 0.0, 0)])

        n = self.n
        words: dict = {"fold": fold_, "df": df}
        # The query's first word ("2021 gia cuoc": gia); a number or mark is kept as typed.
        first_word = next((k for k, syl in enumerate(syllables) if syl.isalpha()), -1)

        # (None: a vocabulary that did not count the words, or holds none)
        word_df = self.vocab.word_df if len(getattr(self.vocab, "word_forms", None) or ()) else None
        alone_cache: dict[str, float] = {}
        letters_cache: dict[str, float | None] = {}

        def letters_of(key: str) -> float | None:
            """The share of the articles writing folded ``key`` where its forms are words of
            their own, or None where the articles write fewer than two of its forms (worked
            out once per key, not per form)."""
            if key not in letters_cache:
                forms = [(f, n) for f, n in self.forms(key) if n]
                letters_cache[key] = (sum(word_df(f) for f, _n in forms) + ALONE_PRIOR / 2) \
                    / (sum(n for _f, n in forms) + ALONE_PRIOR) if len(forms) >= 2 else None
            return letters_cache[key]

        def alone(form: str) -> float:
            """How much less often ``form`` is a word of its own than the forms of its
            letters are on the whole, as a log factor: a syllable that stands alone in a
            reading (no article writes it beside either neighbour there, and it makes no word
            with them) is a word by itself, and as such "gia" is written in under 1,000
            articles, though in 22,000 in all (quốc gia, gia đình, tham gia), and "giá" (the
            price) in 8,500 of its 16,000: "gia bap cai" is giá bắp cải. Only less: a form
            the articles write alone more often than the rest is no likelier for it than a
            word it makes with a neighbour ("nhân khẩu", not "nhận khẩu"), and a form as
            often alone as its letters keeps its weight, so other letters, a correction, are
            never made likelier than those typed ("bưu tuyến" stays, though neither is a
            word alone)."""
            v = alone_cache.get(form)
            if v is None:
                letters = letters_of(fold_(form)) if word_df is not None and df(form) else None
                v = 0.0 if letters is None else \
                    min(0.0, math.log((word_df(form) + ALONE_PRIOR / 2) / (df(form) + ALONE_PRIOR) / letters))
                alone_cache[form] = v
            return v

        apart_cache: dict[tuple[str, str], bool] = {}

        def apart(a: str, b: str) -> bool:
            """Whether ``a`` and ``b`` are two words: no article writes them side by side,
            and they make no word of the dictionary (the articles may lack it: "nông
            nghiệp" on a small index)."""
            v = apart_cache.get((a, b))
            if v is None:
                v = apart_cache[(a, b)] = not pair(a, b) and not self.dictionary.is_word((a, b))
            return v

        def written_after(other: str, form: str) -> bool:
            """Whether the articles write ``form`` after ``other``'s letters in any form."""
            return any(pair(near, form) for near, _n in self.forms(fold_(other)))

        def rival_beside(form: str, other: str | None, last: bool = False, after_trade: bool = False,
                         first: bool = False) -> bool:
            """Whether ``form`` is written after another form of ``other``'s letters, or
            another form of ``form``'s letters after ``other``, as ``form`` is not: as a word
            there (in ``RIVAL_SHARE`` of the articles holding the rarer of the two) or at all
            where it is no far commoner word (a commoner one meets words by chance). Then the
            articles read the letters there, and a word of the trade standing alone has no
            lean ("thu nhap dat": đạt, not the land). ``last``: ``form`` ends the query, a word
            of its own there, and a rival seldom one (``LAST_RIVAL_ALONE``) is the start of
            another word: "xuất khẩu cà" is written before "phê", so `xuat khau ca` is fish;
            nor, after a term of the trade or a word put before goods (``after_trade``) and where
            the articles write ``form`` after ``other`` too, is a word without a subject
            (``function_words``), which ends no query: `nhap khau khi` is gas (elsewhere it
            stands: `sang tao cua` is "sáng tạo của", `gia vang da` "giá vàng đã"). ``first``:
            ``other`` opens the query, so begins a word: another form of it is only counted
            where it begins one too (`gia dieu` is giá điều, the cashew's price, whatever "tham
            gia điều hành" writes)."""
            if other is None or not other.isalpha():
                return False
            nearby = begun_pair if first and begun_pair is not None else pair
            for near, _n in self.forms(fold_(other)):
                if near != other and nearby(near, form):
                    return True      # the word meant there ("lai vay": lãi vay)
            for rival, _n in self.forms(fold_(form)):
                if last and not self.dictionary.is_word((other, rival)) \
                        and ((rival,) in self.function and after_trade and written_after(other, form)
                             or word_df is not None and df(rival) and word_df(rival) < LAST_RIVAL_ALONE * df(rival)):
                    continue     # (but "giá cả" is a word: `gia ca` is prices)
                written = pair(other, rival)
                if rival != form and written and (written >= RIVAL_SHARE * min(df(rival), df(other))
                                                  or df(rival) <= RIVAL_COMMONER * df(form)):
                    return True
            return False

        def last_word(seq: tuple[str, ...], prev: str, form: str, i: int, ends: bool, e: int) -> float:
            """The lean of ``form`` ending a query of several words after ``prev``: goods
            after a whole word ("xuat khau muc": mực) or a word put before goods ("gia
            chuoi": chuối) lean, though the articles write another form after it, the start
            of a longer word ("xuất khẩu cà phê"; ``rival_beside``): after a term of the trade
            or a word put before goods as much as typed alone (``single_lean``: "gia buoi" is
            giá bưởi, though "buổi" is in 35 times as many articles), after another word as a
            term of the domain ("mang bom sat": sát); and after a
            word whose letters spell a word put before goods or after a term of the trade
            ("giá", "xuất khẩu", not "giá vàng"), no query ends on a word without a subject
            where the goods its letters spell are written there too ("đã" for "da", leather)."""
            after_trade = i == 1 and prev.isalpha() \
                and any(f in self.before_goods for f, _n in self.forms(fold_(prev))) \
                or i >= 2 and seq[-2].isalpha() and is_term(f"{seq[-2]}_{prev}")
            if form in self.single and df(form) and not e \
                    and (i == 0 and ends or i >= 2 and not apart(seq[-2], prev)
                         or i == 1 and prev in self.before_goods and form in self.goods) \
                    and not rival_beside(form, prev, last=True, after_trade=after_trade, first=i - 1 == first_word):
                return single_lean(i, form) if after_trade else domain_lean
            if after_trade and (form,) in self.function \
                    and any(f in self.goods and written_after(prev, f) for f, _n in self.forms(fold_(form))):
                return -domain_lean
            if form in self.after_goods and not e and prev and prev.isalpha() and not ends_word(prev, form) \
                    and (prev in self.goods or i >= 2 and seq[-2].isalpha() and ends_word(seq[-2], prev)
                         and begins(seq, i - 2) and not is_term(f"{seq[-2]}_{prev}")):
                # (not after a term of the trade, which prices follow: "nhập khẩu giá")
                return domain_lean      # the goods' fakes: "sua gia" is sữa giả, "mat ong gia" mật ong giả
            return 0.0

        opening_cache: dict[tuple[str, str], bool] = {}
        opening_lean = math.log(FUNCTION_OPENING)

        def opening(first: str, second: str) -> int:
            """Articles opening a word with ``first`` before ``second``'s letters in any marks,
            but for the forms that make a word with it ("cá tính" is no opening of "cá")."""
            total = 0
            for form, n in (starts or self.vocab.pair_forms).get(f"{fold_(first)} {fold_(second)}"):
                a, _, b = form.partition(" ")
                if a == first and not self.makes_word(a, b) and not self.vocab.is_word(f"{a}_{b}"):
                    total += n
            return total

        def opens_as_trade(first: str, second: str) -> bool:
            """Whether a query opening on ``first`` then ``second`` opens on a word the trade
            searches by itself (``single_word_queries``: goods, "chợ") whose letters also
            spell a word without a subject ("cho", "cả") that makes no word with ``second``
            nor asks something, where the articles open a pair with ``first`` before
            ``second``'s letters in a tenth as many articles as with that small word
            (``FUNCTION_OPENING``: "cho que" is chợ quê, "ca xuat khau" cá xuất khẩu; not
            "cua hang", where "cua hàng" is seldom written beside "của hàng"); never where the
            two make a word ("cá tính" is no reading of `ca tinh lang son`: its own counts
            decide)."""
            key = (first, second)
            v = opening_cache.get(key)
            if v is None:
                v = opening_cache[key] = first in self.single and second.isalpha() \
                    and (second,) not in self.function and second not in NUMERALS \
                    and not self.makes_word(first, second) and not self.vocab.is_word(f"{first}_{second}") \
                    and opening(first, second) >= OPENING_MIN_ARTICLES \
                    and any(r != first and (r,) in self.function and (r, second) not in self.asking
                            and not self.makes_word(r, second) and not self.vocab.is_word(f"{r}_{second}")
                            and opening(first, second) >= OPENING_SHARE * opening(r, second)
                            for r, _n in self.forms(fold_(first)))
            return v

        ends_cache: dict[tuple[str, str], bool] = {}

        def ends_word(prev: str, form: str) -> bool:
            """Whether ``form`` ends a word begun by ``prev``: a word of the index or of
            the dictionary, or a place's name ("Quan Hóa", whose "hóa" stands inside words
            elsewhere)."""
            v = ends_cache.get((prev, form))
            if v is None:
                v = ends_cache[(prev, form)] = self.makes_word(prev, form) or (prev, form) in self.places
            return v

        def begins(seq: tuple[str, ...], k: int) -> bool:
            """Whether ``seq[k]`` begins a word: the first, after a mark or number, or
            :func:`apart` from the syllable before."""
            return k == 0 or not seq[k - 1].isalpha() or apart(seq[k - 1], seq[k])

        last_at = len(options) - 1
        # Where a place written without marks may end: anywhere but before a word its last
        # syllable read otherwise makes ("phong nha tro": nhà trọ; `nha trang du lich` is
        # the city's tourism), unless a place follows ("lai vung dong thap").
        # (asked of a position only where a place without marks ends there: the forms and
        # words it looks up would cost every query)
        @functools.cache
        def place_room(k: int) -> bool:
            return k == len(syllables) - 1 or opens_place(syllables[k + 1:]) \
                or not self._word_across(syllables[k], syllables[k + 1])
        # A word of single_word_queries opening a query whose other words name a place
        # (:meth:`goods_of_place`): the goods of that place, as the word typed alone means.
        of_place = not one_word and first_word == 0 and not fixed[0] and self.goods_of_place(syllables)
        # Nor is the pair across the word and the place, unless many articles write some
        # form of it ("ga Hà Nội", the station): "quê Yên Bái", written twice, is a home town,
        # not the evidence that the cinnamon of `que yen bai` is no query.
        loose_pair = of_place and self.pair_written(syllables[0], syllables[1]) < GOODS_VOUCHED
        # So, beside a code or a name, is a query's one word to read that a query of it alone
        # means in the trade (`cho pleiku`: chợ, as `cho` alone): a pair three articles write
        # says what it is there (`cho facebook`, "for Facebook").
        loose_at = {i for i in range(1, len(syllables)) if one_word
                    and any(f in self.single for s in syllables[i - 1:i + 1] for f, _n in self.forms(fold(s)))
                    and self.pair_written(syllables[i - 1], syllables[i]) < WORD_FIX_MIN_ARTICLES}
        # A subject of two syllables or more before a place's name ("bien mau mong cai"): the
        # place begins a word of its own, so in a reading spelling it there a pair across that
        # no article writes weighs with ``PLACE_KAPPA`` (the border trade's "mậu" is never
        # written before "Móng Cái", and "màu móng", the nails' colour, six times); not where
        # many articles write a pair across, the place spelled, nor where the
        # articles write the place's letters as another word far more often than as it
        # (``PLACE_WRITTEN_SHARE``: `khai thac cat long dat`, "lòng đất", the ground, not the
        # former district of Long Đất).
        place_at, place_firsts = (None, frozenset()) if of_place or one_word else \
            _place_after_subject(syllables, fixed)
        if place_at is not None:
            inside = self.pair_forms(syllables[place_at], syllables[place_at + 1])
            as_place = max((k for a, _b, k in inside if a in place_firsts), default=0)
            if inside and as_place < PLACE_WRITTEN_SHARE * max(k for _a, _b, k in inside) \
                    or max((k for _a, b, k in self.pair_forms(syllables[place_at - 1], syllables[place_at])
                            if b in place_firsts), default=0) >= GOODS_VOUCHED:
                place_at = None
        # The place's name so ending the query, after goods (`xoai dinh quan`, `muoi hai
        # hau`) or a longer subject, is read as the place where its letters spell one, not as
        # the words the pairs elsewhere make of them ("quy định quan trọng", "mười hai"):
        # ``PLACE_BONUS``, unless the articles write its letters as another word far more
        # often than as it (``PLACE_WRITTEN_SHARE``, as above).
        place_end = self._place_end(syllables, place_at if place_at is not None else 1 if of_place else None)
        # A word of single_word_queries typed alone, and a word written beside a number where
        # the query has one there ("thang 4": tháng; the pairs cannot say, none is counted
        # with a number), lean as a term of the domain does.
        domain_lean = math.log(DOMAIN_BONUS)
        single_cache: dict[tuple[int, str], float] = {}

        def single_lean(i: int, form: str) -> float:
            """The lean of a word of single_word_queries standing for the query, or for the
            goods of the place after it: enough to win by ``SINGLE_MARGIN`` over each form
            the list lacks, and never less than a term of the domain's."""
            v = single_cache.get((i, form))
            if v is None:
                top = max((df(f) for f, _c, e in options[i] if not e and f not in self.single), default=0)
                v = single_cache[(i, form)] = max(domain_lean, math.log(SINGLE_MARGIN * top / df(form))) \
                    if top else domain_lean
            return v

        beside_number = [set() for _ in syllables]
        # Where a number names a time ("2017", "tháng 2"), the word before it says when, not
        # what comes after: the pairs into it say little of a word ended before it ("giá heo
        # hoi tháng 2": hơi, though "hồi tháng" is written often; :func:`cut`).
        # The word after the time is read beside the word before it ("gia vang 2020 tang":
        # vàng tăng; "xuat khau quy 1 2017 tang": khẩu tăng), as across a joiner.
        dated, times = set(), set()
        for k, syl in enumerate(syllables):
            if any(ch.isdigit() for ch in syl):
                year = _YEAR.fullmatch(syl) is not None
                # (a word before a number it can name a time of: "năm 2020", "tháng 2", "quý 1";
                # not "tuần 2020", "Anh Tuấn 2020")
                said = k > 0 and _names_time(fold(syllables[k - 1]).lower(), syl)
                if year or said:
                    times.add(k)
                if said:
                    times.add(k - 1)
                    if fold(syllables[k - 1]).lower() != "nam":
                        dated.add(k - 1)    # (not "năm", also the south and a name's: "miền Nam 2020")
                # (a share is no floor's or issue's number: "tang 7.5%" is tăng, not tầng;
                # a year is none's but a year's: "gia vang 2020 tang" is tăng)
                if k > 0 and not (k + 1 < len(syllables) and syllables[k + 1] == "%"):
                    beside_number[k - 1] |= _YEAR_BEFORE if year else self.number_words["before"]
                # (after a year, what a count as large has: "2000 tấn", "1990 đồng", not "2020
                # tầng"; after a month or a quarter, nothing)
                if k + 1 < len(syllables) and not said:
                    beside_number[k + 1] |= self.number_words["after"] - self.number_words["small"] if year \
                        else self.number_words["after"]

        # A place begun with its marks that ends the query ("giá cua Cà Mau"): a pair into its
        # first syllable that no article writes is less evidence against the word before it
        # than elsewhere (``PLACE_KAPPA``: the crab's price, not "của Cà Mau"), while one
        # written there counts as written ("nhôm Đắk Nông").
        named_place = _marked_place_at(syllables, fixed)
        across: dict[int, int] = {}
        for k in sorted(times):
            if k - 1 not in times:
                start = k
            if k + 1 not in times and start > 0 and k + 1 < len(syllables) \
                    and syllables[start - 1].isalpha() and syllables[k + 1].isalpha():
                across[k + 1] = start - 1

        def cut(seq: tuple[str, ...], prev: str | None, i: int) -> bool:
            """Whether the pair into the word of time at ``i`` says nothing of ``prev``, for
            every form of it alike: where the articles write ``prev`` after the syllable before
            it ("heo hơi" | tháng 2: the "hồi tháng" of "hồi tháng 2", written everywhere, says
            nothing of the pig), never where ``prev`` makes a word with a form of it ("miền
            Nam 2020", "Hà Nam 2021": that "miền năm" no article writes says something)."""
            return prev is not None and prev.isalpha() and len(seq) >= 2 and seq[-2].isalpha() \
                and pair(seq[-2], prev) > 0 and not any(ends_word(prev, f) for f, _c, _e in options[i])

        def search(options: list[list[tuple[str, float, int]]]) -> list[tuple[float, tuple[str, ...], int]]:
            beams: list[tuple[float, tuple[str, ...], int]] = [(0.0, (), 0)]
            for i, cands in enumerate(options):
                grown = []
                for score, seq, edits in beams:
                    prev, at = (seq[-1], i - 1) if seq else (None, -1)
                    if prev in _JOINERS and len(seq) > 1 and seq[-2].isalpha():
                        prev, at = seq[-2], i - 2   # "my-han": Mỹ-Hàn, as the articles write "Mỹ Hàn"
                    elif i in across:
                        at = across[i]
                        prev = seq[at]
                    counts = first_pair if at == first_word else pair
                    # The syllable before ends its word here if it is apart from this one;
                    # begun there too, it is a word of its own (``alone``); the last one is
                    # weighed with it.
                    before_alone = word_df is not None and prev is not None and at == i - 1 and prev.isalpha() \
                        and begins(seq, i - 1)
                    for form, cost, e in cands:
                        extra = 0.0
                        if (one_word or of_place and i == 0) and form in self.single and df(form):
                            extra = single_lean(i, form) if one_word or loose_pair else domain_lean
                        if form in beside_number[i]:
                            extra += domain_lean
                        if at == first_word and i == first_word + 1 and not fixed[at] and not edits and not e \
                                and opens_as_trade(prev, form):
                            extra += opening_lean     # (not for a slip's correction: "ca nha")
                        if word_df is not None and form.isalpha() and at == i - 1:
                            ends = prev is None or not prev.isalpha() or apart(prev, form)
                            if before_alone and ends:
                                extra += alone(prev)
                            if i == last_at and ends:
                                extra += alone(form)
                            elif i == last_at and not ends_word(prev, form) \
                                    and pair(prev, form) < LAST_PAIR_SHARE * max(1, df(prev)):
                                extra += LAST_ALONE_SHARE * alone(form)
                            if i == last_at and not one_word:
                                extra += last_word(seq, prev, form, i, ends, e)
                        grown.append((score + cost + extra
                                      + self._step(None if loose_pair and i == 1 or i in dated and cut(seq, prev, i)
                                                   or i in loose_at else prev, form,
                                                   df, counts, n,
                                                   PLACE_KAPPA if i == place_at and form in place_firsts
                                                   or i == named_place else KAPPA)
                                      + self._domain(seq, form, i, fixed, df, capital, place_room, place_end)
                                      + self._word(seq, form, words),
                                      seq + (form,), edits + e))
                grown.sort(key=lambda x: (-x[0], x[1]))  # equal scores in a fixed order
                beams = grown[:BEAM]
            return beams

        beams = search(options)
        if self._second_look(syllables, fixed, beams[0][1], options, df, pair):
            beams = search(options)
        best = beams[0][0]
        weights = [math.exp(s - best) for s, _q, _e in beams]
        total = sum(weights)
        out: list[Reading] = []
        seen: set[tuple[str, ...]] = set()
        completions = {f for f, _c, _e in completed}
        for (score, seq, edits), w in zip(beams, weights):
            seq = tuple(typed if keep else form for typed, keep, form in zip(syllables, fixed, seq))
            if seq in seen:
                continue
            seen.add(seq)
            out.append(Reading(seq, w / total, edits, completed=bool(seq) and seq[-1] in completions))
            if len(out) >= top:
                break
        return out

    def word_fix(self, syllables: list[str], fixed: list[bool], reading: Sequence[str]) -> tuple[str, ...] | None:
        """A reading to offer where ``reading`` pairs two syllables typed without marks that
        make no word and that no article writes as two words side by side, while a slip of
        the fingers in one of them makes a word many articles write ("nhap khai": no
        article writes "nhập khai" or any other reading of it as two words; "nhập khẩu" is a
        word of thousands; "tap truong": tập trung). Offered, never searched: the syllables
        typed are real words, and may be meant. None when no such word is near enough."""
        if len(reading) != 2 or any(fixed) or any(fold(t) != t for t in syllables):
            return None
        a, b = reading
        # (a word, or written as two words, the first beginning its own, in any accents: "gia
        # vai" may be giá vài or giá vải; "lời" of "trả lời điện thoại" begins none; unless no
        # dictionary has it and the word a slip away is written SLIP_OUTWEIGHED times as
        # often: the articles' own slip, "danh nghiệp" in 7 against "doanh nghiệp" in 6,748)
        if not (a.isalpha() and b.isalpha()):
            return None
        written = max(self._begun_pair(a, b), self.pair_written(a, b)) if self.makes_word(a, b) \
            else self._begun_pair(a, b)
        if written and self.dictionary.is_word((a, b)):
            return None
        least = max(WORD_FIX_MIN_ARTICLES, WORD_FIX_MIN_SHARE * self.n, SLIP_OUTWEIGHED * written)
        best: tuple[int, tuple[str, ...]] | None = None
        for k in (0, 1):
            if len(syllables[k]) <= 2:
                continue      # (a slip in two letters could be almost any syllable)
            for cand in sorted(_slips(syllables[k])):
                if not self.knows(cand):
                    continue
                pair = (cand, syllables[1]) if k == 0 else (syllables[0], cand)
                word = self.vocab.accented_word("_".join(pair))
                if word is None or word.count("_") != 1:
                    continue
                written = self.pair_count(*word.split("_"))
                if written >= least and (best is None or written > best[0]):
                    best = (written, tuple(word.split("_")))
        return best[1] if best else None

    def slip_readings(self, syllables: list[str], fixed: list[bool], reading: Sequence[str]) -> list[tuple[str, ...]]:
        """Readings of a longer query (three syllables or more, typed without marks) with one
        syllable that makes a word with neither neighbour replaced by a slip's correction
        that makes one, written in many articles, with a neighbour ("bo cong thong": "bộ
        công thông", whose "thông" is a word but of nothing beside "công"; "công thương" is
        written in hundreds). The caller keeps one the articles write whole, where the
        reading is written by none (:func:`search.interpret._slip_fix`)."""
        n = len(reading)
        if n < 3 or any(fixed) or any(fold(t) != t or not t.isalpha() for t in syllables):
            return []
        least = max(WORD_FIX_MIN_ARTICLES, WORD_FIX_MIN_SHARE * self.n)
        out: list[tuple[str, ...]] = []
        for k in range(1, n):
            # (not the first: a query opens on its subject, a word of its own, "gao gia ca" is
            # rice prices, no "báo giá cả"; nor goods anywhere, a word of their own too)
            left, right = reading[k - 1], (reading[k + 1] if k + 1 < n else None)
            # (a syllable of a word the articles write: no slip; a word of the dictionary
            # that few write, "thượng mã" of "thuong ma dien tu", is no proof)
            if reading[k] in self.single or self._written_word(left, reading[k], least) \
                    or right is not None and self._written_word(reading[k], right, least):
                continue
            # A slip in two letters could be any, but a letter left out of a short syllable
            # is put back ("thuong ma dien tu", "xuat khau ca pe").
            typed = syllables[k]
            slips = _slips(typed) if len(typed) > 2 else self._with_a_letter_more(typed)
            for cand in sorted(slips):
                if not self.knows(cand):
                    continue
                for form, _df in self.forms(cand)[:4]:
                    # (far more often than the syllable as read beside it: "không quá", in
                    # 1,082 articles, is no slip for "không quân", in 446)
                    if any(other is not None and self.makes_word(*pair)
                           and self.pair_count(*pair) >= max(least, SLIP_MARGIN * self.pair_count(*read))
                           for other, pair, read in ((left, (left, form), (left, reading[k])),
                                                     (right, (form, right), (reading[k], right)))):
                        out.append(tuple(reading[:k]) + (form,) + tuple(reading[k + 1:]))
                        continue
                    # The neighbour before read again with the correction, where the two
                    # make a word the articles write far more often than the pair as read
                    # ("dien mat toi": "mặt trời", where "mất tới" was read beside "tới").
                    for other, _n in self.forms(syllables[k - 1])[:4]:
                        if other != left and self.makes_word(other, form) and self.pair_count(other, form) \
                                >= max(least, SLIP_MARGIN * self.pair_count(left, reading[k])):
                            out.append(tuple(reading[:k - 1]) + (other, form) + tuple(reading[k + 1:]))
        return out

    def _written_word(self, a: str, b: str, least: float) -> bool:
        """Whether ``a b`` is a word (:meth:`makes_word`) that ``least`` articles write."""
        return self.makes_word(a, b) and self.pair_count(a, b) >= least

    def mark_fix(self, syllables: Sequence[str], marked: Sequence[bool], named: Sequence[bool] = (),
                 cut: int | None = None) -> dict[int, str]:
        """The syllables typed with marks (``marked``) that the articles write beside a
        neighbour far more often with other marks on the same letters ("thủy sạn": 0
        articles, "thủy sản": thousands; "nông săn", "nhà mây"): {position: that form}.
        A slip of a tone or a mark on a phone's keyboard, or hỏi for ngã: offered, never
        searched. One syllable of two side by side at most, the one the articles write the
        more ("quá tại" is quá tải, not qua tải); not where the change reads worse beside a
        neighbour, nor where the syllable makes a word as typed with one ("cơ mật"). A
        syllable that is no Vietnamese word, though a few articles make the same slip
        ("công nghệp": ten write "nghệp"), may also be the syllable with a letter left out
        that the articles write there ("công nghiệp"). A syllable typed as a name (``named``)
        has its own marks: only a letter left out is put back ("Đà Nẵn"). The last, where the
        query may have been sent before it was typed whole (``cut``: its position), may
        also lack its last letters though it is a word ("Lạng Sơ": Lạng Sơn)."""
        named = list(named) or [False] * len(syllables)
        best: dict[int, tuple[int, str]] = {}
        for k in range(len(syllables) - 1):
            a, b = syllables[k], syllables[k + 1]
            if not (a.isalpha() and b.isalpha()) or not (marked[k] or marked[k + 1] or named[k] or named[k + 1]):
                continue
            forms = self.pair_forms(a, b)
            typed = sum(n for x, y, n in forms if x == a and y == b)
            alike = self._sound_alike(a, b, marked[k], marked[k + 1])
            letters = self._letter_left_out(a, b, marked[k] or named[k], marked[k + 1] or named[k + 1],
                                            cut - k if cut in (k, k + 1) else None)
            for x, y, n in forms + letters + alike:
                share = SOUND_ALIKE_SHARE if (x, y, n) in alike else MARK_FIX_SHARE
                if n < MARK_FIX_MIN_ARTICLES or typed > share * n:
                    continue
                letter = (x, y, n) in letters
                if x == a and y != b and (marked[k + 1] or letter and named[k + 1]):
                    at, form = k + 1, y
                elif y == b and x != a and (marked[k] or letter and named[k]):
                    at, form = k, x
                else:
                    continue
                if n > best.get(at, (0, ""))[0]:
                    best[at] = (n, form)
        out: dict[int, str] = {}
        for at, (_n, form) in sorted(best.items(), key=lambda item: (-item[1][0], item[0])):
            # (a word as typed with the other neighbour is meant: "bản vá vẫn")
            if not (at - 1 in out or at + 1 in out or self._reads_worse(syllables, at, form, words_kept=True)):
                out[at] = form
        return out

    def _reads_worse(self, syllables: Sequence[str], at: int, form: str, words_kept: bool = False) -> bool:
        """Whether ``form`` put at ``at`` stands beside a neighbour in fewer articles than the
        syllable there (``words_kept``: or the syllable makes a word with it as it is)."""
        for other in (at - 1, at + 1):
            if not 0 <= other < len(syllables) or not syllables[other].isalpha():
                continue
            was = (syllables[other], syllables[at]) if other < at else (syllables[at], syllables[other])
            now = (syllables[other], form) if other < at else (form, syllables[other])
            if self.pair_count(*now) < self.pair_count(*was) or words_kept and self.makes_word(*was):
                return True
        return False

    def alike_fix(self, syllables: Sequence[str], read: Sequence[bool]) -> dict[int, str]:
        """The syllables ``read`` (typed without marks, read so) that the articles write
        beside a neighbour as read at most ``READ_ALIKE_SHARE`` as often as begun with the
        consonant said alike (``READ_ALIKE``), a word of the dictionary or the trade so mended
        ("xuất xứ", "chế biến"; not "sẽ không" of `xe khong`): {position: that form}, offered,
        never searched; only where at most ``READ_ALIKE_MOST`` articles write the pair read,
        and not where the change reads worse beside the other neighbour."""
        out: dict[int, str] = {}
        for k, syllable in enumerate(syllables):
            onset = _ONSET_OF.match(syllable) if read[k] and syllable.isalpha() else None
            other = READ_ALIKE.get(onset.group(0)) if onset else None
            if other is None:
                continue
            letters = other + fold(syllable)[onset.end():]
            best: tuple[int, str] | None = None
            for j in (k - 1, k + 1):
                if not 0 <= j < len(syllables) or not syllables[j].isalpha():
                    continue
                pair = (syllables[j], syllable) if j < k else (syllable, syllables[j])
                as_read = self.pair_count(*pair)
                for x, y, n in self.pair_forms(*((syllables[j], letters) if j < k else (letters, syllables[j]))):
                    form, kept = (y, x) if j < k else (x, y)
                    mended = (kept, form) if j < k else (form, kept)
                    if kept == syllables[j] and fold(form) == letters and n >= READ_ALIKE_MIN \
                            and as_read <= min(READ_ALIKE_MOST, READ_ALIKE_SHARE * n) \
                            and (best is None or n > best[0]) \
                            and (self.dictionary.is_word(mended) or mended in self.domain):
                        best = (n, form)
            if best is not None and not self._reads_worse(syllables, k, best[1]):
                out[k] = best[1]
        return out

    def _letter_left_out(self, a: str, b: str, first: bool, second: bool,
                         cut: int | None = None) -> list[tuple[str, str, int]]:
        """How the articles write ``a b`` with one of them, typed with marks and no
        Vietnamese word (``first``, ``second``: which is marked), read with a letter left
        out put back ("nghệp": nghiệp), the other as typed: (first, second, articles). A
        letter left out, not one more or another: the slip of typing fast ("nghệp" is no
        "nghệ", commoner as it is beside "công"). The one at ``cut`` (0, 1), a word sent
        before it was typed whole, also read with one or two letters more at its end
        ("sơ": sơn, "quan": quang), word or not."""
        out: list[tuple[str, str, int]] = []
        for at, typed in ((0, a), (1, b)):
            if not (first, second)[at]:
                continue
            bare = fold(typed)
            if self.dictionary.knows(typed):
                if at != cut:
                    continue
                keys = self._with_letters_after(bare)
            else:
                keys = self._with_a_letter_more(bare) + (self._with_letters_after(bare) if at == cut else [])
            for key in keys:
                pair = (key, fold(b)) if at == 0 else (fold(a), key)
                out += [(x, y, n) for x, y, n in self.pair_forms(*pair)
                        if (y == b if at == 0 else x == a) and self.dictionary.knows((x, y)[at])
                        and tone_of((x, y)[at]) == tone_of(typed)]
        return out

    def _sound_alike(self, a: str, b: str, first: bool, second: bool) -> list[tuple[str, str, int]]:
        """How the articles write ``a b`` with one of them, typed with marks, begun with the
        consonant that sounds alike in a region's speech (``SOUND_ALIKE``: "sản suất" for
        sản xuất, "trế biến", "dá cả", "lăng lượng"), the other as typed: (first, second,
        articles). Each is a word as typed, so the slip is told only by how far more often
        the articles write the other (``SOUND_ALIKE_SHARE``)."""
        out: list[tuple[str, str, int]] = []
        for at, typed in ((0, a), (1, b)):
            if not (first, second)[at]:
                continue
            onset = _ONSET_OF.match(typed)
            for other in SOUND_ALIKE.get(onset.group(0) if onset else "", ()):
                form = other + typed[onset.end():]
                pair = (form, b) if at == 0 else (a, form)
                if n := self.pair_count(*pair):
                    out.append((*pair, n))
        return out

    def _with_letters_after(self, folded: str) -> list[str]:
        """The index's folded syllables that are ``folded`` with one or two letters after it
        (a syllable's end: "son" of "so", "quang" of "quan")."""
        keys = self.vocab.syllable_forms
        ends = "cghmnopatuiy"
        return sorted({key for one in ends for two in ("", *ends)
                       if keys.get(key := folded + one + two)})

    def _with_a_letter_more(self, folded: str) -> list[str]:
        """The index's folded syllables that are ``folded`` with one letter put in."""
        keys = self.vocab.syllable_forms
        return sorted({key for i in range(len(folded) + 1) for ch in "abcdeghiklmnopqrstuvxy"
                       if keys.get(key := folded[:i] + ch + folded[i:])})

    def _begun_pair(self, a: str, b: str) -> int:
        """Articles writing ``a`` and ``b`` side by side, in any accents, where ``a`` begins
        a word (all the pairs, on an index built before these were counted)."""
        starts = self.vocab.start_pair_forms
        if starts is None:
            return sum(n for *_p, n in self.pair_forms(a, b))
        return sum(n for _form, n in starts.get(f"{fold(a)} {fold(b)}"))

    def makes_word(self, a: str, b: str) -> bool:
        """Whether ``a b`` is a word: the index's commonest word for its letters, or one
        of the dictionary."""
        return self.vocab.accented_word(f"{fold(a)}_{fold(b)}") == f"{a}_{b}" or self.dictionary.is_word((a, b))

    def _second_look(self, syllables: list[str], fixed: list[bool], seq: tuple[str, ...],
                     options: list[list[tuple[str, float, int]]], df, pair) -> bool:
        """A known syllable that reads badly beside its neighbours may be a typo all the
        same ("thuong mia dien tu": mía is a word, but mại is the one beside thương and
        điện tử). Where the best reading ``seq`` has a pair no article writes, add to
        ``options`` the known syllables one edit away that some article writes beside the
        neighbours; True when any was added (the caller searches again)."""
        loose = set()
        for i in range(1, len(seq) if len(seq) <= RETYPO_MAX_SYLLABLES else 0):
            # (beside an abbreviation kept as typed, no pair is evidence: "xk gao" is XK
            # gạo, though no article writes "XK gạo" and some write "XK vào"; beside a word
            # typed with its marks it is: "làng nge" is làng nghề)
            if seq[i - 1].isalpha() and seq[i].isalpha() \
                    and not any(fixed[k] and not is_vietnamese_syllable(seq[k]) for k in (i - 1, i)) \
                    and not pair(seq[i - 1], seq[i]):
                loose |= {i - 1, i}
        # A syllable of Vietnamese shape that no dictionary word has, and few articles write,
        # is a slip, though some made the same one beside the same neighbours ("khu cong
        # nghep": ten write "công nghệp", thousands "công nghiệp").
        if len(seq) <= RETYPO_MAX_SYLLABLES:
            loose |= {i for i, syl in enumerate(syllables) if self._stray(syl)}
        added = False
        for i in sorted(loose):
            syl = syllables[i]
            if fixed[i] or not syl.isalpha() or fold(syl) != syl or len(syl) <= 2 or not df(seq[i]):
                continue
            before = seq[i - 1] if i > 0 and seq[i - 1].isalpha() else None
            after = seq[i + 1] if i + 1 < len(seq) and seq[i + 1].isalpha() else None
            # A real word ("mía") needs far more evidence than a stray one ("kee"), the
            # more so where it is at home beside one of its neighbours as typed (two or
            # more articles write them side by side, in any accents, or they make a word of
            # the dictionary: "khuyen nong"), or is an abbreviation or a name: no
            # Vietnamese syllable, and no letter doubled as slips double them ("khi lng",
            # "pmi san xuat", "iso doanh nghiep"; but "bien app", "matt tich").
            real = (self.dictionary.knows_folded(syl) or syl in self._domain_forms
                    or df(seq[i]) >= REAL_DF and not self._stray(syl))   # LNG, SJC, Sony: the articles' own words
            sure = self._at_home(syllables, i) or _abbreviation(syl)
            power = (KNOWN_TYPO_POWER if sure else LONE_TYPO_POWER) if real else 1.0
            listed = {f for f, _c, _e in options[i]}
            # Written beside a neighbour in any accents: the neighbour's reading is chosen
            # again with it ("lang nge" is làng nghề, though the first look read lắng).
            context = {c: (self._beside(before, c[0], 1) if before else 0) + (self._beside(c[0], after, 0) if after else 0)
                       for c in self._typo_forms(syl, known_only=True, power=power) if c[0] not in listed}
            extra = sorted((c for c, k in context.items() if k), key=lambda c: (-context[c], c[0]))
            if extra:
                options[i] = options[i] + extra[:RETYPO_FORMS]
                added = True
        return added

    def _stray(self, syl: str) -> bool:
        """A syllable typed without marks that spells a Vietnamese syllable no word of the
        dictionary or the domain has ("nghep"), and that fewer than ``STRAY_ARTICLES``
        articles write in any marks: not a name's or a code's ("sony", "lng"), nor a name
        the dictionary lacks that the articles write often ("Khuê", "Nauy", "Ea Súp")."""
        return syl.isalpha() and fold(syl) == syl and is_vietnamese_syllable(syl) \
            and not self.dictionary.knows_folded(syl) and syl not in self._domain_forms \
            and self.written(syl) < STRAY_ARTICLES

    def _beside(self, a: str, b: str, exact: int) -> int:
        """Articles with ``a`` and ``b`` side by side, the syllable ``exact`` (0: a, 1: b)
        as given and the other in any accents."""
        return sum(n for *pair, n in self.pair_forms(a, b) if pair[exact] == (a, b)[exact])

    def _at_home(self, syllables: list[str], i: int) -> bool:
        """Whether the typed syllable ``i`` stands beside a neighbour as typed where the
        articles write them side by side (in any accents), or as a dictionary word."""
        for a in (i - 1, i):
            if a < 0 or a + 1 >= len(syllables) or not (syllables[a].isalpha() and syllables[a + 1].isalpha()):
                continue
            typed = (fold(syllables[a]), fold(syllables[a + 1]))
            if self.vocab.pair_forms.get(" ".join(typed)) or self.dictionary.is_folded_word(typed):
                return True
        return False

    @staticmethod
    def _step(prev: str | None, form: str, df, pair, n: int, unseen: float = KAPPA) -> float:
        """The log probability of ``form`` after ``prev``; ``unseen``: the share of chance a
        pair never written gets (``KAPPA``; ``PLACE_KAPPA`` before a place's name)."""
        if not form.isalpha():
            return 0.0
        d = df(form)
        if prev is None or not prev.isalpha():
            return math.log((d + 0.5) / n)
        dp = df(prev)
        if not d or not dp:
            # A word no article has, or one after it: a pair never seen, as if the
            # unseen word were in half an article.
            return math.log(KAPPA * (d + 0.5) / n)
        written = pair(prev, form)
        return math.log((written + (unseen if not written else KAPPA) * dp * d / n + 1e-9) / dp)

    def _word(self, seq: tuple[str, ...], form: str, words: dict) -> float:
        """The word bonus when the syllables ending with ``form`` are the index's most
        frequent word for them (two to four syllables). ``words`` caches the lookups of
        one call: every candidate at a position folds to the same key."""
        for k in range(min(4, len(seq) + 1), 1, -1):
            span = seq[len(seq) - k + 1:] + (form,)
            key = "_".join(map(words["fold"], span))
            best = words.get(key, 0)
            if best == 0:
                best = words[key] = self.vocab.accented_word(key) if key.replace("_", "").isalpha() else None
            if best is not None and best == "_".join(span):
                return math.log(WORD_BONUS)
            if best is None and not all(map(words["df"], span)) and self.dictionary.is_word(span):
                # a dictionary word with a syllable no article has ("mặt trời" on a small index)
                return math.log(WORD_BONUS)
        return 0.0

    def _domain(self, seq: tuple[str, ...], form: str, i: int, fixed: list[bool], df,
                capital: list[bool] | None = None, place_room: Callable[[int], bool] | None = None,
                place_end: tuple[int, int] | None = None) -> float:
        """The domain bonus for every lexicon term that ends with ``form`` (so "sở công
        thương", holding two terms, outweighs "số công thương", holding one); ``place_end``:
        where a place's name ends the query after its subject (:meth:`_place_end`)."""
        bonus = 0.0
        for k in range(1, min(self.domain_longest, len(seq) + 1) + 1):
            span = seq[len(seq) - k + 1:] + (form,)
            if all(fixed[i - k + 1:i + 1]):
                continue
            if place_end == (i - k + 1, i + 1) and span in self.places and span not in self.domain:
                bonus += math.log(PLACE_BONUS)
            elif span in self.domain and (k > 1 or df(form)):
                # (a one-word term counts where the articles have it: "dầu" of "xăng dầu"
                # must not beat "đầu" on an index without dầu)
                bonus += math.log(DOMAIN_BONUS)
            elif span in self.places and k > 1 and capital is not None and all(capital[i - k + 1:i + 1]):
                # A place typed as a name, every syllable capitalised ("Nha Trang", "Bat
                # Trang"): the place, where the articles have its syllables too.
                bonus += math.log(PLACE_BONUS)
            elif span in self.places and k > 1 and place_room is not None and place_room(i) \
                    and (lean := self._markless_place(span)):
                # Typed as its name is written, without marks: far likelier than the commoner
                # reading, where no word its letters make otherwise comes next (`place_room`).
                bonus += math.log(lean)
            elif (span in self.places and not any(map(df, span))
                  and not self.dictionary.is_folded_word(tuple(map(fold, span)))
                  and not (len(seq) >= k and self.dictionary.is_folded_word((fold(seq[-k]), fold(span[0]))))):
                # A place counts where the articles write none of its syllables (where
                # they have one, their counts decide: "da hoi" is đã hỏi, not Đa Hội) and
                # no dictionary word is typed the same ("do luong": đo lường, not Đô
                # Lương) or made of the syllable before and its first ("su kien hai":
                # sự kiện, not Kiên Hải).
                bonus += math.log(PLACE_BONUS)
        return bonus


    def _place_end(self, syllables: Sequence[str], start: int | None) -> tuple[int, int] | None:
        """The span of the place's name from ``start`` to the query's end (numbers and marks
        after it left out), where its letters spell a place of two syllables or more, and the
        articles write its first two syllables as it at least ``PLACE_WRITTEN_SHARE`` as often
        as the commonest word of their letters (not "Long Đất" beside "lòng đất"); None
        otherwise."""
        if start is None:
            return None
        end = _words_end(syllables)
        if end - start < 2 or not all(s.isalpha() for s in syllables[start:end]) \
                or not is_name(tuple(map(fold, syllables[start:end]))):
            return None
        key = tuple(map(fold, syllables[start:end]))
        spelled = {p[:2] for p in self.places if len(p) == end - start and tuple(map(fold, p)) == key}
        inside = self.pair_forms(syllables[start], syllables[start + 1])
        as_place = max((k for a, b, k in inside if (a, b) in spelled), default=0)
        # (against the words its letters make, "lòng đất"; not pairs across two words, the
        # "định quan" of "quy định quan trọng")
        rival = max((k for a, b, k in inside if (a, b) not in spelled and self.makes_word(a, b)), default=0)
        if as_place < PLACE_WRITTEN_SHARE * rival:
            return None
        return start, end

    def _word_across(self, a: str, b: str) -> bool:
        """Whether a reading of ``a`` with marks makes a word with a reading of ``b`` (folded,
        as typed): "nha" "tro" is nhà trọ."""
        if not (a.isalpha() and b.isalpha()):
            return False
        return any(f != a and self.makes_word(f, g) for f, _n in self.forms(fold(a))[:4]
                   for g, _m in self.forms(fold(b))[:4])

    def _markless_place(self, span: tuple[str, ...]) -> float:
        """The factor for ``span``, a place of two syllables without marks, that the
        articles write so at least ``MARKLESS_PLACE_SHARE`` as often as its commonest other
        reading: that reading's count over its own, times ``MARKLESS_PLACE_LEAN``; 0 otherwise."""
        if len(span) != 2 or tuple(map(fold, span)) != span:
            return 0.0
        written = {(a, b): n for a, b, n in self.pair_forms(*span)}
        own, rival = written.pop(span, 0), max(written.values(), default=0)
        if not own or own < MARKLESS_PLACE_SHARE * rival:
            return 0.0
        return MARKLESS_PLACE_LEAN * max(1.0, rival / own)


def opens_place(syllables: Sequence[str]) -> bool:
    """Whether ``syllables`` begin with a place's or a region's name of two words or more."""
    spelled = _place_spellings()
    return any(tuple(map(fold, syllables[:m])) in spelled for m in range(2, min(len(syllables), 4) + 1))


def word_of_place(syllables: Sequence[str]) -> bool:
    """Whether ``syllables`` are one word and then a place's name (a province, a place of the
    gazetteer, a region), a year after it or not: "lua an giang", "que yen bai", "go tay
    nguyen". The place is a word of its own: what the articles write beside it says what the
    first word is only where many write it (``GOODS_VOUCHED``)."""
    rest = list(syllables[1:])
    while rest and not rest[-1].isalpha():
        rest.pop()
    return bool(syllables) and syllables[0].isalpha() and len(rest) >= 2 and all(s.isalpha() for s in rest) \
        and (is_name(tuple(map(fold, rest))) or match_region(" ".join(rest)) is not None)


def _words_end(syllables: Sequence[str]) -> int:
    """Where the words of ``syllables`` end, the numbers and marks after them left out
    ("xuat khau gao an giang 2020": 5)."""
    end = len(syllables)
    while end and not syllables[end - 1].isalpha():
        end -= 1
    return end


def _place_after_subject(syllables: Sequence[str], fixed: Sequence[bool]
                         ) -> tuple[int | None, frozenset[str]]:
    """Where a place's name (a province, a place of the gazetteer, a region of two words or
    more), followed by numbers and marks or nothing, ends a query after a subject of two
    syllables or more, every one typed as a word to read, and the first syllables of the
    name's spellings there: "bien mau mong cai" (2, {"móng"}), "xuat khau gao an giang 2020"
    (3, {"an"}); (None, ∅) otherwise. The longest name wins ("ba ria vung tau", not "vung
    tau")."""
    end = _words_end(syllables)
    if end < 4 or not all(s.isalpha() for s in syllables[:end]) or any(fixed[:end]):
        return None, frozenset()
    for at in range(2, end - 1):
        firsts = _place_spellings().get(tuple(map(fold, syllables[at:end])))
        if firsts:
            return at, firsts
    return None, frozenset()


def _marked_place_at(syllables: Sequence[str], fixed: Sequence[bool]) -> int | None:
    """Where a place's name begun with its marks (a province, a place of the gazetteer, a
    region), followed by numbers and marks or nothing, ends a query after a word to read:
    "giá cua Cà Mau" (2); None otherwise. The longest name wins."""
    end = _words_end(syllables)
    for at in range(1, end - 1):
        if fixed[at] and not fixed[at - 1] and syllables[at - 1].isalpha() \
                and any(first == syllables[at].lower() for first in
                        _place_spellings().get(tuple(fold(s).lower() for s in syllables[at:end]), ())):
            return at
    return None


#: Words naming a unit before its name, as the written-out forms of abbreviations hold them.
_ADMIN_WORDS = (("thanh", "pho"), ("tp",), ("tinh",))


def place_spelled(forms: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The first of ``forms`` (an abbreviation's written-out forms, as syllables) that
    spells a place or a region ("Sài Gòn" of SG; not "khu công nghiệp" of KCN), the
    administrative word before it included ("thành phố Hồ Chí Minh" of TPHCM, as the words
    before it are written: "công nhân thành phố")."""
    for form in forms:
        words = next((w for w in _ADMIN_WORDS
                      if len(form) > len(w) + 1 and tuple(map(fold, form[:len(w)])) == w), ())
        name = form[len(words):]
        if is_name(name) or tuple(map(fold, name)) in _place_spellings():
            return form
    return None


def place_after_subject_at(syllables: Sequence[str]) -> int | None:
    """Where a place's name ends a reading after a subject spelled whole as the place is
    (every syllable with its marks: "làng nghề đồng kỵ", not "đồng kỷ"), the index of its
    first syllable; None otherwise."""
    at = _place_after_subject(syllables, [False] * len(syllables))[0]
    return at if at is not None and tuple(syllables[at:]) in _whole_places() else None


@functools.lru_cache(maxsize=1)
def _whole_places() -> frozenset[tuple[str, ...]]:
    """Every spelling of :func:`_place_spellings`' names, whole."""
    regions = region_terms()
    return frozenset(name for name in place_terms() | regions | domain_terms()
                     if len(name) >= 2 and (is_name(tuple(map(fold, name))) or name in regions))


def spells_place_after_subject(syllables: Sequence[str]) -> bool:
    """Whether a reading (canonical syllables with their marks) ends in a place's name
    after a subject, as :func:`_place_after_subject` finds one, spelled as the place is
    ("khu kinh tế vân phong", not "khu kinh tế văn phòng")."""
    at, firsts = _place_after_subject(syllables, [False] * len(syllables))
    return at is not None and syllables[at] in firsts


@functools.lru_cache(maxsize=1)
def _place_spellings() -> dict[tuple[str, ...], frozenset[str]]:
    """The first syllables of each place's and region's spellings (provinces, the gazetteer's
    places, regions' names of two words or more), by its folded syllables."""
    out: dict[tuple[str, ...], set[str]] = {}
    regions = region_terms()
    for name in place_terms() | regions | domain_terms():
        key = tuple(map(fold, name))
        if len(name) >= 2 and (is_name(key) or name in regions):
            out.setdefault(key, set()).add(name[0])
    return {k: frozenset(v) for k, v in out.items()}


def word_of_trade(syllables: Sequence[str]) -> bool:
    """Whether ``syllables`` are one word and then a term of the trade's lexicon of two
    syllables or more ("muoi xuat khau", "ca nhap khau"): what the articles write beside the
    term says what the first word is only where many write it, as beside a place."""
    rest = tuple(fold(s) for s in syllables[1:])
    return bool(syllables) and syllables[0].isalpha() and len(rest) >= 2 and all(s.isalpha() for s in rest) \
        and is_term("_".join(rest)) and not is_name(rest)


def _forms_by_fold(terms) -> dict[str, set[str]]:
    """The syllables of ``terms`` (tuples of syllables) by folded form."""
    out: dict[str, set[str]] = {}
    for term in terms:
        for syl in term:
            out.setdefault(fold(syl), set()).add(syl)
    return out


def kept_as_typed_abbreviation(word: str, caps_lock: bool, written: Callable[[str], int], documents: int) -> bool:
    """Whether ``word`` is an abbreviation to search as typed (:func:`typed_as_acronym`:
    "IUU", no "lưu"), not a word slipped with a key struck twice or two keys swapped, whose
    letters so mended spell an abbreviation the articles write (``written``: articles by
    folded letters), "EVNN" is EVN, "SJCC" SJC, or a word of ``CAPS_SLIP_SHARE`` of the
    ``documents`` or more, as the caps lock types them: "LUAA" is lúa, "THPE" thép, "XNAG"
    xăng (but "IUU" is no "iu", in 16 articles of 43,570)."""
    if not typed_as_acronym(word, caps_lock):
        return False
    low = word.lower()
    mended = {low[:k] + low[k + 1:] for k in range(1, len(low)) if low[k] == low[k - 1]}
    if len(low) > 3:      # (three letters swapped spell another three-letter code as often: "LNO")
        mended |= {low[:k] + low[k + 1] + low[k] + low[k + 2:] for k in range(len(low) - 1) if low[k] != low[k + 1]}
    return not any(written(w) >= (CAPS_SLIP_SHARE * documents if is_vietnamese_syllable(w) else FOREIGN_FIX_MIN_ARTICLES)
                   for w in mended)


def _abbreviation(word: str) -> bool:
    """Whether letters typed without diacritics read as an abbreviation or a foreign name
    rather than a slip: no Vietnamese syllable, and no letter doubled ("pmi", "lng")."""
    return not is_vietnamese_syllable(word) and all(a != b for a, b in zip(word, word[1:]))


#: Share of the articles that must write a word whose letters, a doubled key or two keys
#: swapped mended, a word typed in capitals spells, for it to be that word slipped, not an
#: abbreviation (:func:`kept_as_typed_abbreviation`).
CAPS_SLIP_SHARE = 0.005

#: Keys beside each other on a QWERTY keyboard: a letter struck for another is one of these.
_NEAR_KEYS = {c: set() for c in _LETTERS}
for _row in ("qwertyuiop", "asdfghjkl", "zxcvbnm"):
    for _a, _b in zip(_row, _row[1:]):
        _NEAR_KEYS[_a].add(_b)
        _NEAR_KEYS[_b].add(_a)
for _upper, _lower in (("qwertyuiop", "asdfghjkl"), ("asdfghjkl", "zxcvbnm")):
    for _k, _c in enumerate(_lower):
        for _d in _upper[_k:_k + 2]:
            _NEAR_KEYS[_c].add(_d)
            _NEAR_KEYS[_d].add(_c)


_HELD_KEY = re.compile(r"([a-z])\1\1+")


def _held_key(word: str) -> list[str]:
    """``word`` with each letter typed three times or more in a row typed once, then
    twice ("xoong"); nothing where there is no such letter."""
    if not _HELD_KEY.search(word):
        return []
    # (a letter alone is no word meant: "zzz", a row of "a")
    return [w for w in (_HELD_KEY.sub(r"\1", word), _HELD_KEY.sub(r"\1\1", word)) if len(w) > 1]


def _slips(word: str) -> set[str]:
    """The words one slip of the fingers from ``word``: a letter left out, doubled or added,
    two swapped, or one struck for a key beside it ("loi" for "luoi", "dao" for "cao"; not
    "doi", d being far from l)."""
    return _edits1(word, _NEAR_KEYS) - {word}


def _edits1(word: str, beside: dict[str, set[str]] | None = None) -> set[str]:
    """The strings one edit from ``word``; with ``beside``, a letter is replaced only by
    those it lists for it (the keys beside it)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b
                for c in (_LETTERS if beside is None else beside.get(b[0], ()))]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)
