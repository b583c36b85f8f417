"""What a query means: its readings when typed without diacritics or with a typo.

The search box gets "dien gio" far more often than "điện gió". :func:`interpret`
keeps everything the user typed with diacritics, every number, operator and
abbreviation ("TMĐT", "kcn"), and asks :class:`~search.restore.Restorer` for the
likely readings of the rest, per run of words. The result is a short list of whole
query texts, each with its probability: the engine searches the first, and when it is
not confident ranks the others after it (:mod:`search.query`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from .querylang import _AROUND_TOKEN, _DOTTED_RE, _lex, dotted_name, joined_name, site_path, straight_quotes
from .lexicon import asking_words, function_words, is_name, lexicon, place_units
from .restore import (CONFIDENT, FOREIGN_FIX_MIN_ARTICLES, GOODS_VOUCHED, MARK_FIX_SHARE, REAL_DF,
                      WORD_FIX_MIN_ARTICLES, Reading, Restorer, compatible, kept_as_typed_abbreviation, opens_place,
                      place_after_subject_at, place_spelled, spells_place_after_subject)
from .segment import syllables as _syllables
from .textnorm import (TELEX_TONES, canon, fold, has_tone, is_onset, is_vietnamese_syllable, nfc, strip_invisible,
                       in_caps_lock, strip_tone, tone_of, typed_as_acronym, vietnamese_letters, vni_as_telex)
from .vocab import JOINED_MIN_ARTICLES

#: Readings of the query kept for ranking (the first is the interpretation).
MAX_READINGS = 3
#: A reading below this share of the first one's probability is not searched.
MIN_SHARE = 0.05
#: Readings weighed by what the index writes (see _corroborated), before the above apply.
CORROBORATED_READINGS = 5
#: Readings of this many syllables or more are weighed by what the index writes;
#: for two, the counts of syllables side by side the readings come from already say it.
CORROBORATE_MIN_SYLLABLES = 3
#: Share of its probability kept by a reading that no article writes, where another
#: reading of no more edits is written often enough to vouch for it (see _corroborated):
#: articles times syllables beyond two at least VOUCHED.
UNWRITTEN_WEIGHT = 0.02
VOUCHED = 2
#: Articles that must write a place's name as spelled for a query ending in it after a
#: subject to be read so, where no reading is written whole (:func:`_named_place`).
PLACE_WRITTEN = 3
#: Where no reading of a longer query is written whole, its syllables three by three are
#: weighed (see _by_windows).
WINDOW = 3
#: Added to the articles that write three syllables and to the number expected of them, so
#: that a window few articles would write says little either way.
WINDOW_PRIOR = 0.5
#: Most windows counted for one query (each a phrase count, about 2 ms).
MAX_WINDOWS = 24
#: Readings of at most this many syllables are weighed by how far beyond chance the articles
#: hold their words together, where none is written whole (:func:`_by_meeting`): the words of
#: a longer one meet in a few articles at most, where chance predicts none, and the count alone
#: would decide (commoner words, more articles).
MEETING_LONGEST = 4
#: Readings asked of the restorer, and weighed by what the index writes, where the last
#: word is still being typed: its completions are many, and the pairs rank them poorly.
COMPLETED_READINGS = 15
#: A reading that finishes the last word is offered when the words as typed come first but
#: it has at least this probability ("petroli", a footballer in 7 articles: petrolimex).
COMPLETION_OFFERED = 0.25


@dataclass(frozen=True)
class QueryReading:
    """The whole query text under one reading, with its probability."""

    text: str
    probability: float
    edits: int = 0
    completed: bool = False   # its last word completes an unfinished one ("dien mat tr")


@dataclass
class Interpretation:
    typed: str
    readings: list[QueryReading] = field(default_factory=list)
    #: The first reading was put first by what the index writes, not by the restorer: it is
    #: searched first and offered, never stated as the reading.
    reordered: bool = False
    #: The last word, typed with marks but no tone and nothing after it, may still be being
    #: typed ("nhà nư"): the tone read for it is offered, never stated.
    typing: bool = False
    #: The query with a slip of one letter mended into a word the articles write far more
    #: often than what was typed (:meth:`~search.restore.Restorer.word_fix`): offered only.
    word_fix: str | None = None
    #: Where the word fix is sure enough to be searched instead of the words typed: the pairs
    #: of syllables as typed that the index must confirm no article writes (the counts of
    #: pairs leave out those one article writes: "thạnh phát", a company's name), and last a
    #: pair as mended that it must find written, or the count is not to be trusted. Sure where
    #: every syllable it changes is, as typed, written beside neither word typed next to it
    #: ("thủy sạn": no article; "thủy sản": thousands), and mended makes a word of the
    #: dictionary with one of them ("khẩu tới" is none, nor is a name: "Đỗ Mạnh"); never for
    #: the words the trade searches by itself. Empty otherwise.
    fix_unwritten: tuple[str, ...] = ()
    #: The last word typed whole, a syllable, is searched as typed before the completion the
    #: pairs put first (:func:`_whole_word_first`): that completion, offered.
    finished: str | None = None

    @property
    def top(self) -> QueryReading | None:
        return self.readings[0] if self.readings else None

    @property
    def changed(self) -> bool:
        """The likeliest reading is not what was typed."""
        return self.top is not None and canon(self.top.text) != canon(self.typed.strip())

    @property
    def sure(self) -> bool:
        """The likeliest reading has most of the mass, and is not a guess at how an
        unfinished word ends (that is offered, never claimed)."""
        return self.top is not None and self.top.probability >= CONFIDENT and not self.top.completed \
            and not self.typing

    @property
    def confident(self) -> bool:
        return self.changed and self.sure

    @property
    def completion(self) -> str | None:
        """A reading that finishes the last word, nearly as likely as the words as typed,
        which come first: offered, as a search box offers what one may be typing."""
        if self.changed:
            return None
        return next((r.text for r in self.readings[1:]
                     if r.completed and r.probability >= COMPLETION_OFFERED), None)


@dataclass
class _Piece:
    """A syllable of a token: where it is in the token, and whether to restore it."""

    start: int
    end: int
    text: str
    restorable: bool
    toneless: bool = False   # some marks typed, no tone: a word as typed, or an unfinished one
    excluded: bool = False   # of a word left out ("-gio"): its accents restored, never a typo fixed
    apart: bool = False      # typed run on to the syllable before ("dien" of "thuydien"): a space between
    level: bool = False      # typed with no mark among words with tones: likelier as typed
    pinned: str | None = None   # its marks fixed by the curated name it is part of ("nong" of "dak nong")
    #: An abbreviation's written-out forms, on its last piece ("sg": Sài Gòn): a place
    #: among them is what the word before it is read beside where no article writes that
    #: word's letters before the abbreviation.
    spelled_out: tuple[tuple[str, ...], ...] = ()


def _pieces(token: str, excluded: bool = False) -> list[_Piece]:
    """The syllables of ``token`` (``excluded``: a word left out, "-gio")."""
    out: list[_Piece] = []
    pos = 0
    # "O'Reilly", "AT&T", "moit.gov.vn": a name, a code or an address, kept as typed
    name = joined_name(token) or dotted_name(token) or site_path(token)
    for p in _syllables(token):
        i = token.find(p, pos)
        if i < 0:
            continue
        pos = i + len(p)
        # Typed without diacritics; or with some but no tone ("đien gio" on a phone), which is
        # restored unless the articles write it so beside its neighbours ("điên", "cân" are
        # words too: see _written_as_typed).
        bare = fold(p) == p.lower()
        restorable = p.isalpha() and (bare or not has_tone(p)) and not name
        out.append(_Piece(i, pos, p, restorable, toneless=restorable and not bare, excluded=excluded))
    return out


#: Articles that must write the parts of a word joined by a full stop as typed, full stop
#: and all, for it to be a name (:func:`_dotted_as_written`).
DOTTED_MIN_ARTICLES = 3


def _dotted_as_written(token: str, pieces: list[_Piece],
                       written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None) -> list[_Piece]:
    """The pieces of ``token`` (a word, or a phrase typed in quotes) that spell a name of
    letters without marks joined by full stops ("Co.op", "co.op", "(Co.op)."), which the
    articles write so, full stops and all (``DOTTED_MIN_ARTICLES``), to keep as typed:
    "Saigon Co.op" is no "Co.ốp", and "co.op" no "có.ốp". Syllables with the space after a
    full stop left out, which no article writes so, are still read ("gio.ninh": gió Ninh)."""
    if written is None or "." not in token:
        return []
    kept: list[_Piece] = []
    for m in re.finditer(r"\S+", token):
        name = m.group(0).strip(_AROUND_TOKEN)
        parts = [p for p in pieces if m.start() <= p.start < m.end() and p.text.isalpha()]
        if not _DOTTED_RE.fullmatch(name) or len(parts) < 2 \
                or not all(p.restorable and fold(p.text) == p.text.lower() for p in parts):
            continue
        phrase = tuple(x for p in parts for x in (".", canon(p.text.lower())))[1:]
        if written([phrase])[0] >= DOTTED_MIN_ARTICLES:
            kept += parts
    return kept


#: Most syllables read in one word typed without spaces (see _unglued).
GLUED_MAX_SYLLABLES = 8
#: Letters in the longest syllable ("nghieng").
_LONGEST_SYLLABLE = 7
#: A word typed without spaces that some article writes as typed is still its syllables where
#: every pair of them is written this many times as often as it: "kinhdoanh" (a site's name
#: in 4 articles; "kinh doanh" 5,464) is kinh doanh; "taobao" (2, beside "táo bạo" 270),
#: "lada" (7; "là đã" 752), "coco" (15), "bacon" stay themselves.
GLUED_OUTWEIGHED = 300
#: ... and a place's name run together, as English writes it, where each pair is written this
#: many times as often: "hanoi" (in 100 articles' names, "Melia Hanoi"; "hà nội" 7,916),
#: "nhatrang", "halong", "dalat" are the places; "saigon" (183, "Saigon Co.op"; "sài gòn"
#: 1,613) and "sapa" stay as written.
GLUED_PLACE_OUTWEIGHED = 10


def _unglued(piece: _Piece, model: Restorer) -> list[_Piece]:
    """``piece`` as the syllables it runs together when typed without spaces ("thuydien":
    thuy dien, "xuatkhau", "ThuyDien"), else itself.

    Only letters without marks that are no syllable, spell no Telex keys and that the
    articles write as typed far less than its syllables (``GLUED_OUTWEIGHED``: a brand or a
    foreign word the articles write stays itself, "lada", "coco", "taobao"; "kinhdoanh", a
    site's name in four articles, is kinh doanh; one no article writes was read as a typo: "thuydien" was
    "tưđiện", "diengio" "dingo"); typed in capitals, only where each syllable begins with
    one ("HaiPhong"; "Lada" is a name). Into the fewest syllables each two of which side
    by side the articles write, in any accents (then the split whose least written pair
    is written most: "nhamay" is nha may, not nham ay), and only where all its syllables
    but one at most make words with a neighbour (a foreign word is no run of syllables:
    "hola" is no "họ là"), and it is not one slip from a syllable five articles write
    ("tuuyen" is tuyên, not "tú uyên"). A run written with marks counts as written only
    as a spelling of its own (``JOINED_MIN_ARTICLES``: "ximăng"), not an article's slip."""
    typed = piece.text
    word = typed.lower()
    if not piece.restorable or piece.toneless or piece.excluded or not word.isascii() \
            or is_vietnamese_syllable(word) or model.telex_forms(word)[0]:
        return [piece]
    forms = model.forms(word)
    if any(f != word and n >= JOINED_MIN_ARTICLES for f, n in forms):
        # (a run with marks that an article or two write, "thảotác", "nhàmáy", is their
        # space left out, not a word)
        return [piece]
    if any(is_vietnamese_syllable(c) and model.written(c) >= REAL_DF
           for c, _e in model.typo_candidates(word, known_only=True)):
        return [piece]      # one slip from a syllable: "cuco" is cuộc, "tuuyen" tuyên
    capitals = typed != word
    best: tuple[int, int] | None = None
    found: list[int] = []

    def walk(pos: int, cuts: list[int], least: int) -> None:
        nonlocal best, found
        if pos == len(word):
            key = (len(cuts), -least)
            if best is None or key < best:
                best, found = key, list(cuts)
            return
        if len(cuts) >= GLUED_MAX_SYLLABLES or (best is not None and len(cuts) >= best[0]):
            return
        for end in range(pos + 1, min(len(word), pos + _LONGEST_SYLLABLE) + 1):
            part = word[pos:end]
            if len(part) < 2 or end - pos == len(word) or not is_vietnamese_syllable(part):
                continue    # (a letter alone is a slip more often: "muaa" is no "mua a")
            if capitals and not (typed[pos].isupper() and typed[pos + 1:end].islower()):
                continue
            if not cuts:
                walk(end, [pos], least)
                continue
            n = sum(n for _a, _b, n in model.pair_forms(word[cuts[-1]:pos], part))
            if n:
                walk(end, cuts + [pos], min(least, n))

    walk(0, [], 1 << 30)
    if not found:
        return [piece]
    bounds = found + [len(word)]
    parts = [word[a:b] for a, b in zip(bounds, bounds[1:])]
    place = is_name(tuple(parts))     # (a province's or a place's name)
    if best[1] > -(GLUED_PLACE_OUTWEIGHED if place else GLUED_OUTWEIGHED) * sum(n for f, n in forms if f == word):
        return [piece]
    in_words = set()
    for k, (a, b) in enumerate(zip(parts, parts[1:])):
        if model.vocab.is_compound(f"{a}_{b}") or model.dictionary.is_folded_word((a, b)):
            in_words |= {k, k + 1}
    if len(parts) == 2 and not in_words and _glued_phrase(parts[0], parts[1], model):
        in_words = {0, 1}
    if len(parts) - len(in_words) > 1 and not place:
        return [piece]
    return [_Piece(piece.start + a, piece.start + b, typed[a:b].capitalize() if place else typed[a:b], True,
                   apart=k > 0)      # (a place run together is a name: "nhatrang" is no "nhà trắng")
            for k, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def _glued_phrase(a: str, b: str, model: Restorer) -> bool:
    """Whether two syllables run together, no word of the dictionary, are a phrase the
    articles write in ``GLUED_PHRASE_ARTICLES`` at least, of two words of content, as a
    phone types them ("giathep": giá thép, "tramxang": trạm xăng; "hola" is no "họ là",
    whose "là" is a small word of grammar)."""
    forms = sorted(((n, x, y) for x, y, n in model.pair_forms(a, b)), reverse=True)
    if not forms or forms[0][0] < GLUED_PHRASE_ARTICLES:
        return False
    _n, x, y = forms[0]
    small = function_words()
    return (x,) not in small and (y,) not in small


#: Articles that write two syllables side by side for their run to be read as them (:func:`_glued_phrase`).
GLUED_PHRASE_ARTICLES = 20


#: The start of a Vietnamese syllable typed without marks ("tr", "luon", "nghie"): a last
#: word so may be one still being typed.
_SYLLABLE_START = re.compile(r"(?:ngh?|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{0,3}"
                             r"(?:ch?|ng?|nh|[mpt])?")


def _unknown_foreign_word(piece: _Piece, model: Restorer, last: bool, caps_lock: bool = False) -> bool:
    """Whether ``piece`` is a word of no Vietnamese syllable that no article writes, spells
    no Telex keys, runs no syllables together, is no slip for a word this many articles
    write and (``last``: it may still be being typed) begins no word: kept as typed, so the
    query finds the articles with its other words, rather than the few with a rare word one
    slip away stated as what was meant; typed as an abbreviation (:func:`kept_as_typed_abbreviation`),
    whatever syllables lie a slip away or its letters might spell ("IUU" is no "lưu")."""
    word = piece.text.lower()
    if not piece.restorable or piece.toneless or piece.excluded or not word.isascii() or not word.isalpha():
        return False
    capitals = typed_as_acronym(piece.text, caps_lock)
    syllable = is_vietnamese_syllable(word) or last and _SYLLABLE_START.fullmatch(word)
    if syllable and not capitals or model.forms(word) or model.telex_forms(word)[0]:
        return False
    if capitals and kept_as_typed_abbreviation(piece.text, caps_lock, model.written, model.n):
        return len(_unglued(piece, model)) == 1
    if syllable:
        return False
    if any(is_vietnamese_syllable(c) or model.written(c) >= FOREIGN_FIX_MIN_ARTICLES and edits <= 1
           for c, edits in model.typo_candidates(word)):
        return False    # (a slip in a Vietnamese word: "luongg"; in a code, one key: not "vlncn" for VNN)
    if last and model.commonest_start(word):
        return False
    return len(_unglued(piece, model)) == 1


def _beside_words(tokens: list[tuple[str, str]], i: int) -> bool:
    """Whether an excluded word stands next to a word to be read with it ("dien -gio"): one
    alone ("-gio") keeps leaving out every word it folds to, as no context says which."""
    return any(0 <= j < len(tokens) and tokens[j][0] == "word" for j in (i - 1, i + 1))


def _telex_only(token: str, model: Restorer) -> bool:
    """Whether ``token`` holds keys only Telex types and spells a syllable the articles write."""
    spelled, sure = model.telex_forms(token)
    return bool(spelled) and sure == 2


def _all_caps(token: str) -> bool:
    """Two letters or more, all capitals, none with a diacritic ("VAT", "C/O", not "Hà")."""
    letters = [ch for ch in token if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and fold(token) == token.lower()


#: A word typed alone in capitals is a code when at least this many articles write it
#: without diacritics, and this share of the articles with any of its forms (far more than
#: the articles written without any diacritics give every word: "xang" 1.3% of xăng's).
CODE_MIN_ARTICLES = 5
CODE_MIN_SHARE = 0.02
#: The same share for a word in capitals among others typed in capitals with marks (the
#: caps lock, "ĐIEN GIO"): a code there is one the articles write mostly as typed.
CODE_AMONG_MARKED_SHARE = 0.5


def _half_marked(token: str) -> bool:
    """Whether ``token`` has marks and is no Vietnamese syllable as typed: some of its
    marks left out ("ĐIEN", "ĐUONG" of the caps lock on a phone with a đ key)."""
    word = canon(token.lower())
    return token.isalpha() and fold(word) != word and not lexicon().knows(word)


def _written_as_code(token: str, restorer: Callable[[], Restorer | None], share: float | None = None) -> bool:
    """Whether a word typed alone in capitals is written so in the articles, as a code
    ("VAT", "BOT", "C/O") rather than a word typed with the caps lock on ("DIEN", "THEP");
    ``share``: of the articles with any of its forms, in place of ``CODE_MIN_SHARE``."""
    if not token.isalpha():
        return True           # "C/O", "A&B": no Vietnamese word
    model = restorer()
    if model is None:
        return True
    bare = canon(token)
    written = model.df(bare)
    return written >= CODE_MIN_ARTICLES and written >= (share or CODE_MIN_SHARE) * model.written(bare)


#: A syllable typed with marks but no tone is a word as typed where the articles write it
#: beside a neighbour at least this share as often as another form of it there: "đông y"
#: (196 articles, against 2,111 for "đồng ý") is a word, "hà nôi" (4 against 7,842) a tone
#: left out, as are the pairs of the few articles that lost their tone marks.
AS_TYPED_SHARE = 0.02


#: The same share for a word typed with a capital letter after the query's first word (or
#: before another one), as a name is typed: the articles write the name with its capital,
#: the word it folds to mostly without ("tranh Đông Hồ": "đông hồ" 11 articles against 933
#: for "đồng hồ", the clock), and the pairs do not tell them apart; a tone left out is still
#: read where the articles write the typed form far more rarely ("Hà Nôi mùa thu": 4
#: against 7,842).
NAME_SHARE = AS_TYPED_SHARE / 10

#: Another form of a syllable beside its neighbour says a tone was left out only where the
#: two are written side by side in at least this share of the articles holding the rarer of
#: the two ("tiểu mãn", 6 of the 1,150 articles with "mãn"; "làng nghề", 100 of 2,136), or
#: where they are a word of Vietnamese at large ("đại lượng", 4 articles): not two common
#: words meeting by chance ("thường chiến", where "bồi thường" meets "chiến tranh": 3 of
#: 9,078). "thương chiến", the trade war typed with its marks, is then searched as typed
#: rather than as a pair no one meant.
TONE_EVIDENCE_SHARE = 0.001
#: ...and, where the query has a tone typed elsewhere (the one typing types tones), written
#: by this many articles at least: `cân điện tử` (the scale) was read "cần điện tử" on
#: three articles writing "cận điện" and none "cân điện".
TONE_EVIDENCE_MIN = 10


def _written_as_typed(flat: list[_Piece], k: int, model: Restorer, share: float = AS_TYPED_SHARE,
                      floor: int = 0) -> bool:
    """Whether the syllable ``flat[k]``, typed with marks but no tone and written so in
    some articles, is meant as typed: a word of level tone ("xăng", "công thương", "người
    điên", "đông y"), rather than one whose tone was left out ("thuy điên", "hà nôi",
    "lang nghê": thủy điện, Hà Nội, làng nghề; a few articles lost their tone marks, so
    being written proves little).

    Alone, it is kept. Beside other syllables, what the articles write there decides:
    kept unless, beside one of its neighbours (in any form the neighbour's typed marks
    allow), the typed form stands less than ``share`` as often as another form that keeps
    the typed marks ("chất lương cao": "chất lượng" 3,800 articles against 5, whatever
    "lương cao" says), a form written there as a word (``TONE_EVIDENCE_SHARE``; by
    ``floor`` articles at least, unless a word of the dictionary).
    """
    return all(as_typed >= share * toned   # else this neighbour says the tone was left out
               for as_typed, toned in _beside(flat, k, model, words_only=True, floor=floor))


def _held_by_neighbour(flat: list[_Piece], k: int, model: Restorer, named: bool,
                       written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None,
                       share: float = NAME_SHARE) -> bool:
    """Whether ``flat[k]``, typed with marks but no tone among words typed with tones (by
    one who types them), is held as typed by a neighbour typed with its marks: they make a
    word of the dictionary ("bánh đa", which "đã kế" beside it does not undo), or, typed as
    a name, a name the articles write so at least once and as often as ``share`` of
    its other form there ("thép Đa Hội", the craft village two articles name, not "Đã Hội")."""
    typed = canon(flat[k].text.lower())
    for j in (k - 1, k + 1):
        if not 0 <= j < len(flat) or not flat[j].text.isalpha() or flat[j].restorable and not flat[j].toneless:
            continue
        other = canon(flat[j].text.lower())
        pair = (other, typed) if j < k else (typed, other)
        if model.dictionary.is_word(pair):
            return True
        if named and flat[j].text[:1].isupper() and written is not None:
            # (counted in the index: the pairs' counts leave out what one or two articles write)
            _as_typed, toned = next(iter(_beside([flat[min(j, k)], flat[max(j, k)]], 0 if j > k else 1, model)),
                                    (0, 0))
            if written([pair])[0] >= max(1, share * toned):
                return True
    return False


def _beside(flat: list[_Piece], k: int, model: Restorer, words_only: bool = False,
            floor: int = 0, share: bool = False) -> list[tuple[float, float]]:
    """For each neighbour of ``flat[k]`` (in any form the neighbour's typed marks allow):
    how many articles write ``flat[k]`` beside it as typed, and the most that write it
    there in one other form its typed marks allow (``words_only``: one written there as a
    word, not by chance, :data:`TONE_EVIDENCE_SHARE`). ``share``: each count as a share of
    the articles holding that form at all (how often the form has that neighbour)."""
    typed = canon(flat[k].text)
    out = []
    for j in (k - 1, k + 1):
        if not 0 <= j < len(flat) or not flat[j].text.isalpha():
            continue
        other = canon(flat[j].text)
        a, b = (other, typed) if j < k else (typed, other)
        as_typed = toned = 0
        forms = []
        for first, second, n in model.pair_forms(a, b):
            mine, theirs = (second, first) if j < k else (first, second)
            if not (compatible(other, theirs) and compatible(typed, mine)):
                continue
            weight = n / max(model.df(mine), 1) if share else n
            if mine == typed:
                as_typed += weight
            else:
                forms.append((weight, first, second))
        # The most written form that counts; commonest first, so that the dictionary is
        # only opened where the commonest is no word of the articles' own.
        for n, first, second in sorted(forms, reverse=True):
            if not words_only or _a_word(first, second, n, model, floor):
                toned = n
                break
        out.append((as_typed, toned))
    return out


def _a_word(first: str, second: str, written: int, model: Restorer, floor: int = 0) -> bool:
    """Whether two syllables the articles write side by side in ``written`` articles are
    a word there, not a chance meeting (:data:`TONE_EVIDENCE_SHARE`): so written often
    enough for the rarer of them (and by ``floor`` articles), or a word of Vietnamese at
    large, however rare in the articles ("đại lượng", "quốc trưởng")."""
    if written >= max(floor, TONE_EVIDENCE_SHARE * min(model.df(first), model.df(second))):
        return True
    pair = (first, second)
    return pair in model.domain or pair in model.places or model.dictionary.is_word(pair)


#: A word typed without any mark among words typed with tones is likelier as typed unless
#: another form of it has one of its neighbours more than this many times as often, as a
#: share of the articles holding each form ("bao số": 7 of the 9,441 articles with "bao",
#: 81 of the 1,046 with "bão": a tone left out; "thanh long" 92 of 10,659 against 178 of
#: 25,682 for "thành long", and "gỗ keo", which no article writes in any form there, though
#: "kéo" is written 28 times as often as "keo": as typed). A share, not a count: "giá cua"
#: (4 of the 410 with "cua", the crab's price) is no "giá của" (1,219 of 43,191: "của" is
#: beside everything), nor "tre Việt" (bamboo) "trẻ Việt".
LEVEL_SHARE = 0.2


def _level_beside(flat: list[_Piece], k: int, model: Restorer) -> bool:
    """Whether ``flat[k]``, typed without any mark, is not shown to have lost its tone: one
    of its neighbours (as typed) is beside it as typed at least ``LEVEL_SHARE`` as often,
    as a share of the articles holding each, as beside its commonest other form there, or
    no form of it is beside either."""
    beside = _beside(flat, k, model, share=True)
    return all(not toned for _as_typed, toned in beside) \
        or any(as_typed and as_typed >= LEVEL_SHARE * toned for as_typed, toned in beside)


def _cased(reading: str, typed: str) -> str:
    """The reading in the case the user typed it ("Ha Noi" -> "Hà Nội")."""
    if len(typed) > 1 and typed.isupper():
        return reading.upper()
    if typed[:1].isupper():
        return reading[:1].upper() + reading[1:]
    return reading


def interpret(text: str, restorer: Callable[[], Restorer | None], forms=None,
              written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None = None,
              together: Callable[[list[str]], Sequence[tuple[int, float] | None]] | None = None) -> Interpretation:
    """The likely readings of ``text``; none when there is nothing to restore.

    ``restorer`` is called only when some word was typed without diacritics (it loads
    the index's statistics); ``forms`` are the known abbreviations, kept as typed;
    ``written`` counts the articles that write each of a list of phrases (syllables
    side by side, with their marks, nothing between), to order the readings by (see
    :func:`_corroborated`); ``together`` says of each of a list of readings how far beyond
    chance the articles hold its words together, anywhere (:func:`_by_meeting`). Words
    typed with an input method's keys (VNI's digits, a Telex tone key after a syllable with
    its marks) are read as the marks they key (:func:`_keyed`).
    """
    text = vietnamese_letters(strip_invisible(nfc(text or "")))
    keyed, vni = _keyed(text, restorer, written)
    meant = _translated(keyed, forms, written)
    if meant == text:
        return _interpret(text, restorer, forms, written, together)
    got = _interpret(meant, restorer, forms, written, together)
    if got.readings:
        return replace(got, typed=text)
    if vni and meant == keyed:
        # (the Telex keys VNI's digits stand for read as nothing the articles write: the
        # words as typed)
        return _interpret(text, restorer, forms, written, together)
    return replace(got, typed=text, readings=[QueryReading(meant, 1.0)])


def _translated(text: str, forms, written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None = None) -> str:
    """``text`` with the words of another language that readers type for the trade's
    Vietnamese words (``~`` forms of data/abbreviations.json: "solar", "industrial park",
    "export") as the words they stand for ("điện mặt trời", "khu công nghiệp", "xuất
    khẩu"): the articles write the English words mostly in names ("Solar Probe", "Kumho
    Industrial"), and a search for them found those. Only words typed in lower case (a
    phone's capital first letter counts), or in a query all of that language ("rice exports
    to China"), not in quotes nor left out: "Solar Impulse" is a name; and not where the
    articles write them beside the word typed next to them, a name or a phrase of that
    language they use (``written``: `solar impulse`, the solar plane)."""
    foreign = getattr(forms, "foreign_words", None)
    if not foreign:
        return text
    longest = max(len(k) for k in foreign)
    words = list(_KEYED_WORD.finditer(text))
    keys = [fold(m.group(0)).lower() for m in words]
    # A query all in that language ("rice exports to China"): its names of countries and
    # markets are written with capitals, as that language writes them.
    covered, k = set(), 0
    while k < len(words):
        n = next((n for n in range(min(longest, len(words) - k), 0, -1) if tuple(keys[k:k + n]) in foreign), 0)
        covered |= set(range(k, k + max(n, 1))) if n or keys[k] in _FOREIGN_GRAMMAR else set()
        k += max(n, 1)
    english = len(covered) == len(words) and any(key not in _FOREIGN_GRAMMAR for key in keys)
    found: list[tuple[int, int, int, int, str, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            span = words[i:i + n]
            meant = foreign.get(tuple(fold(m.group(0)).lower() for m in span))
            if meant is None:
                continue
            start, end = span[0].start(), span[-1].end()
            typed = text[start:end]
            between = [text[a.end():b.start()] for a, b in zip(span, span[1:])]
            lower = english or typed.islower() or (i == 0 and typed[1:].islower()
                                                   and not any(m.group(0)[:1].isupper() for m in words[n:]))
            # (not inside quotes, nor left out, nor part of a longer word or an address:
            # "import-export", "site:export.vn"; its own words joined by a dash are one,
            # "e-wallet")
            if not lower or any(g.strip() not in ('', '-') for g in between) or straight_quotes(text[:start]).count('"') % 2 \
                    or text[start - 1:start] in _JOINED or text[end:end + 1] in _JOINED:
                continue
            found.append((i, n, start, end, meant, typed))
            i += n
            break
        else:
            i += 1
    if not found:
        return text
    if written is not None:
        # (with its neighbour typed beside it: the words of both, folded, as the articles write them)
        def beside(k: int, n: int) -> list[tuple[str, ...]]:
            own = [canon(m.group(0).lower()) for m in words[k:k + n]]
            out = []
            if k > 0 and not text[words[k - 1].end():words[k].start()].strip():
                out.append(tuple([canon(words[k - 1].group(0).lower())] + own))
            if k + n < len(words) and not text[words[k + n - 1].end():words[k + n].start()].strip():
                out.append(tuple(own + [canon(words[k + n].group(0).lower())]))
            return out
        asked = [beside(k, n) for k, n, *_rest in found]
        counts = iter(written([p for pairs in asked for p in pairs]))
        found = [f for f, pairs in zip(found, asked) if not any([next(counts) for _p in pairs])]
    if not found:
        return text
    # The small words of that language between the words translated and others of it
    # ("exports to china", "rice exports to the philippines") are its grammar, no word of
    # the articles': read as Vietnamese, "to" was "tờ" (a sheet). Only a run of them with
    # such a word on both sides: "price on dinh" is giá ổn định.
    translated = {k for k, n, *_rest in found for k in range(k, k + n)}

    def foreign_at(k: int) -> bool:
        return 0 <= k < len(words) and (k in translated or words[k].group(0).isalpha()
                                        and not is_vietnamese_syllable(fold(words[k].group(0)).lower()))

    dropped: list[tuple[int, int]] = []
    k = 0
    while k < len(words):
        end = k
        while end < len(words) and words[end].group(0).lower() in _FOREIGN_GRAMMAR and end not in translated:
            end += 1
        if end > k and foreign_at(k - 1) and foreign_at(end) \
                and not any(text[words[j].end():words[j + 1].start()].strip() for j in range(k - 1, end)) \
                and not straight_quotes(text[:words[k].start()]).count('"') % 2:
            dropped.append((words[k].start(), words[end].start()))
        k = max(end, k + 1)
    edits = sorted([(start, end, _cased(meant, typed)) for _k, _n, start, end, meant, typed in found]
                   + [(start, end, "") for start, end in dropped])
    out, pos = [], 0
    for start, end, meant in edits:
        out.append(text[pos:start] + meant)
        pos = end
    return "".join(out) + text[pos:]


#: The small words of English between words of it a query translates (:func:`_translated`).
_FOREIGN_GRAMMAR = frozenset({"to", "the", "of", "in", "for", "from", "and", "on", "at", "with", "by", "into"})

#: What joins a word to the next as one name or address, or leaves it out (:func:`_translated`).
_JOINED = frozenset("-./:@_&+")

#: The words of a query, letters and digits, for :func:`_keyed`.
_KEYED_WORD = re.compile(r"[^\W_]+")


def _keyed(text: str, restorer: Callable[[], Restorer | None],
           written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None) -> tuple[str, bool]:
    """``text`` with the words typed with an input method's keys for their marks, and
    whether some were VNI's:

    - a word typed with VNI's digits ("die6n gio1", "thu7o7ng ma5i") as the Telex keys for
      the same marks (:func:`~search.textnorm.vni_as_telex`), which the restorer reads as it
      reads Telex ("dieen gios": điện gió), unless the articles write the word as typed, a
      code ("E5", "A4", "U23");
    - a Telex tone key typed after a syllable with its marks, the input method on for the
      marks and off for the tone ("thủy điênj"), as that tone, in the form the articles write
      ("điện"; before, "điên" was offered, which no article writes either);
    - syllables typed with their marks and without the spaces between them ("xuấtkhẩu", the
      space bar missed while the phone adds the marks) as the syllables the articles write
      side by side most often (:func:`_marked_cuts`)."""
    vni: dict[str, str] = {}
    toned: list[tuple[str, str, str]] = []
    glued: dict[str, list[list[str]]] = {}
    for m in _KEYED_WORD.finditer(text):
        word = m.group(0)
        if any(ch.isdigit() for ch in word):
            keys = vni_as_telex(word)
            if keys is not None and sum(ch.isalpha() for ch in word) >= 2:
                vni[word] = keys
        elif not word.isascii() and not is_vietnamese_syllable(word):
            base = word[:-1]
            if len(word) > 2 and word[-1].lower() in TELEX_TONES and is_vietnamese_syllable(base) \
                    and not has_tone(base):
                toned.append((word, base, TELEX_TONES[word[-1].lower()]))
            elif written is not None and (splits := _marked_cuts(word)):
                glued[word] = splits
    fixes: dict[str, str] = {}
    if written is not None and (vni or glued):
        # (a code the articles write as typed, or its letters and digits apart: "E5", "top 5")
        asked = [form for w in vni for form in ((w.lower(),), _letters_and_digits(w.lower()))] \
            + [form for word, splits in glued.items()
               for form in [(canon(word.lower()),)] + [tuple(canon(p.lower()) for p in split) for split in splits]]
        counts = iter(written(asked))
        for word in list(vni):
            joined, apart = next(counts), next(counts)
            # (apart, "top 5", it is the code where more articles write it so than write the
            # syllable its keys spell, "tọp"; "gia 1", six articles, is no rival to "giá")
            if joined or apart and apart >= _keyed_articles(vni[word], restorer):
                del vni[word]
        for word, splits in glued.items():
            # (a spelling as typed that the articles use is no space left out: "ôtô")
            as_typed = next(counts)
            n, best = max(((next(counts), split) for split in splits), key=lambda x: x[0])
            if n and as_typed < GLUED_SPELLING_ARTICLES:
                fixes[word] = " ".join(best)
    fixes.update(vni)
    if toned:
        model = restorer()
        for word, base, tone in toned:
            lower = base.lower()
            forms = [] if model is None else [f for f, _df in model.forms(fold(lower))
                                              if tone_of(f) == tone and strip_tone(f) == lower]
            if forms:
                fixes[word] = _cased(forms[0], base)
    if not fixes:
        return text, False
    return _KEYED_WORD.sub(lambda m: fixes.get(m.group(0), m.group(0)), text), bool(vni)


#: Most syllables a word typed with its marks and without its spaces is cut into (:func:`_marked_cuts`).
UNGLUED_MAX_SYLLABLES = 5
#: A word typed with its marks and without spaces that this many articles write as typed
#: is a spelling ("ôtô", "ximăng"), not syllables run together.
GLUED_SPELLING_ARTICLES = 5
#: Longest Vietnamese syllable, in letters ("nghiêng", "nghiệng").
LONGEST_SYLLABLE = 7


def _keyed_articles(keys: str, restorer: Callable[[], Restorer | None]) -> int:
    """The articles writing the commonest syllable Telex ``keys`` spell (0 for none)."""
    model = restorer()
    return max((df for _f, df in model.telex_forms(keys)[0]), default=0) if model is not None else 0


def _letters_and_digits(word: str) -> tuple[str, ...]:
    """``word`` cut where letters and digits meet ("top5": "top", "5")."""
    return tuple(re.findall(r"[^\W\d_]+|\d+", word))


def _marked_cuts(word: str) -> list[list[str]]:
    """The ways ``word`` cuts into two syllables or more of Vietnamese shape, each with at
    most one tone ("xuấtkhẩu": xuất khẩu), at most :data:`UNGLUED_MAX_SYLLABLES`."""
    out: list[list[str]] = []
    if len(word) > UNGLUED_MAX_SYLLABLES * LONGEST_SYLLABLE:
        return out

    def cut(at: int, parts: list[str]) -> None:
        if at == len(word):
            if len(parts) > 1:
                out.append(list(parts))
            return
        if len(parts) == UNGLUED_MAX_SYLLABLES or len(out) > 20:
            return
        for end in range(min(len(word), at + LONGEST_SYLLABLE), at, -1):
            if is_vietnamese_syllable(word[at:end]):
                cut(end, parts + [word[at:end]])

    cut(0, [])
    return out


def _interpret(text: str, restorer: Callable[[], Restorer | None], forms=None,
               written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None = None,
               together: Callable[[list[str]], Sequence[tuple[int, float] | None]] | None = None) -> Interpretation:
    """The readings of ``text`` (normalised, its keys read: :func:`interpret`)."""
    tokens = _lex(text)
    # Runs: consecutive plain words, or one quoted phrase. A word excluded ("-gio") is read
    # with the words beside it, so that "dien -gio" leaves out "gió", not every "giờ".
    runs: list[list[int]] = []
    current: list[int] = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" or (kind == "notword" and _beside_words(tokens, i) and not _all_caps(value)) \
                or (kind == "name" and value[:1].isdigit() and current):
            current.append(i)
            if kind == "name":
                # A date or a number written with its marks ("7/2021", "52/2018") is read with
                # the words before it, as "7 2021" is ("thang 7/2021" is tháng, not Điện
                # Thắng), and ends them: the word after it is read from its own neighbours
                # ("gia xang 1/7 tang" is tăng, not tầng).
                runs.append(current)
                current = []
            continue
        if current:
            runs.append(current)
            current = []
        if kind in ("phrase", "name"):
            runs.append([i])
    if current:
        runs.append(current)

    pieces = {i: _pieces(tokens[i][1], tokens[i][0] == "notword") for run in runs for i in run}
    # A word typed in capitals beside others that are not is an abbreviation or a code
    # (VAT, BOT, C/O, "thue VAT"): kept as typed, like the known ones. A whole query in
    # capitals ("DIEN GIO") is the caps lock, and is read like any other.
    # A word alone in capitals is either: a code if the articles write it so often enough
    # ("VAT": 166 articles), else the caps lock ("DIEN": diện, điện...).
    words = [i for run in runs for i in run if tokens[i][0] == "word"]
    capitals = False
    # (with marks too, where some are left out: "ĐIEN GIO", the caps lock on a phone with a
    # đ key; among words typed so, a code the articles write without marks at least as
    # often as with them stays: "ĐIEN EVN", not "GAO" of "XUÂT KHÂU GAO")
    caps_lock = len(words) > 1 and in_caps_lock([tokens[i][1] for i in words])
    marked = caps_lock and not all(_all_caps(tokens[i][1]) for i in words)
    if marked and not any(_half_marked(tokens[i][1]) for i in words):
        # Every word with marks whole ("GIÁ VAT", "GIÁ VANG", not "ĐIEN"): typed with care,
        # read as any query with words in capitals beside others.
        caps_lock = marked = False
    half_marked_caps = marked       # (read below as typed in lower case)
    if not caps_lock or marked:
        for i in words:
            if _all_caps(tokens[i][1]) and any(p.restorable for p in pieces[i]) \
                    and (len(words) > 1 and not caps_lock
                         or _written_as_code(tokens[i][1], restorer, CODE_AMONG_MARKED_SHARE if marked else None)):
                capitals = True
                for p in pieces[i]:
                    p.restorable = False
    if not any(p.restorable for ps in pieces.values() for p in ps):
        # Only codes in capitals left: read as typed, so "VAT" finds VAT, not vật. (Every
        # word typed with its tone: as typed, a tone slipped offered.)
        fix, unwritten = _mark_fixed(text, tokens, runs, pieces, restorer, [[] for _ in runs])
        return Interpretation(text, [QueryReading(text, 1.0)] if capitals else [], word_fix=fix,
                              fix_unwritten=unwritten)
    # The query's last word may be unfinished, as a search box is typed ("lang ngh"): a
    # plain word, ending the text, with nothing typed after it.
    last = len(tokens) - 1
    open_end = _open_end(text, tokens)
    # Typed in lower case, a syllable's first consonants there are such a word ("sieu th":
    # siêu thị), not the abbreviation the articles define with those letters (TH).
    # (after a word only: "th" alone is TH as the articles define it)
    tail = pieces[last][-1] if open_end and last in pieces and pieces[last] else None
    unfinished = tail if tail is not None and last > 0 and tail.text.islower() and is_onset(tail.text) else None
    for run in runs:
        flat = [p for i in run for p in pieces[i]]
        if forms is not None and len(forms):
            for m in forms.find([canon(p.text) for p in flat], [p.text for p in flat]):
                # An abbreviation is kept as typed, and so is a word of another language in a
                # curated form ("ecommerce", "anti-dumping", the "online" of "mua hang
                # online", whose Vietnamese words are still read): too rare in the articles
                # to be kept by their counts, "ecommerce" would be "corrected" to "commerce".
                span = flat[m.start:m.end]
                foreign = [not is_vietnamese_syllable(fold(p.text.lower())) for p in span]
                if m.short:
                    span[-1].spelled_out = tuple(f.syllables for f in m.others
                                                 if not f.is_short and not f.foreign and f.syllables)
                for p, other, marked in zip(span, foreign, m.typed.syllables):
                    if p is unfinished:
                        continue
                    if m.short or other:
                        p.restorable = False
                    if not m.short and any(foreign) and fold(p.text) == p.text.lower() and marked != fold(marked):
                        # A name spelled with a syllable no Vietnamese word has, typed without
                        # marks ("dak nong"), is read with the name's ("Đắk Nông"): its
                        # Vietnamese syllable read alone beside one no article writes so would
                        # be the commoner "nóng", and "dak" alone is no accented syllable.
                        p.pinned, p.restorable = marked, False
        _pin_place_units(flat)
    if not any(p.restorable for ps in pieces.values() for p in ps):
        return _pinned_only(text, tokens, runs, pieces, restorer)
    model = restorer()
    if model is None:
        return Interpretation(text)
    runs = [_exclusions_read_after(run, tokens, pieces, model) for run in runs]
    caps_lock = in_caps_lock([p.text for ps in pieces.values() for p in ps if p.text.isalpha()])
    toned = any(has_tone(p.text) for ps in pieces.values() for p in ps if p.text.isalpha())
    for run in runs:
        flat = [p for i in run for p in pieces[i]]
        if len(run) == 1 and all(len(p.text) == 1 for p in flat):
            # Letters alone, with no word beside them to read them by ("a OR b", "a&b#c"):
            # not read, matched in any marks (they were offered "á OR b", "á&b#của");
            # beside words, or typed apart, they are read ("o to": ô tô, "o d": ở đây).
            for p in flat:
                p.restorable = False
            continue
        # In quotes, words typed with their marks are kept where an article writes them so,
        # as often as a name typed is (`"cân điêu"`, the rigged scale, one article, was
        # searched "cần điều"; `"hà nôi"` is still Hà Nội, its five articles a slip).
        quoted = written([tuple(canon(p.text).lower() for p in flat)])[0] \
            if written is not None and tokens[run[0]][0] in ("phrase", "notphrase") \
            and any(p.toneless for p in flat) else 0
        for k, p in enumerate(flat):
            # One typed in capitals ("XUÂT KHÂU", read beside codes kept as typed) stays as
            # written where the articles write it so; one typed as a name, the more often.
            named = p.text[:1].isupper() and (not (run is runs[0] and k == 0)
                                              or k + 1 < len(flat) and flat[k + 1].text[:1].isupper())
            if p.toneless and model.df(canon(p.text)) and (
                    p.text.isupper() and not half_marked_caps
                    or toned and _held_by_neighbour(flat, k, model, named, written)
                    or _written_as_typed(flat, k, model, NAME_SHARE if named else AS_TYPED_SHARE,
                                         TONE_EVIDENCE_MIN if toned else 0)
                    or quoted and all(quoted >= NAME_SHARE * toned_there
                                      for _as, toned_there in _beside(flat, k, model, words_only=True))):
                p.restorable = False
            elif toned and named and p.restorable and p.text.isalpha() and fold(p.text) == p.text.lower() \
                    and _held_by_neighbour(flat, k, model, named, written, AS_TYPED_SHARE):
                # Typed without any mark in a name whose neighbour is typed with its marks,
                # by one who types them: a syllable of level tone, as the articles write the
                # name ("Đặng Hoàng An", not the commoner "Hoàng Ân"; "Nguyễn Van" and
                # "Nguyễn Thi" are a mark left out, their marked forms written hundreds of
                # times as often: ``AS_TYPED_SHARE``).
                p.restorable = False
            elif _unknown_foreign_word(p, model, p is tail, caps_lock):
                p.restorable = False
            elif p.excluded and p.restorable and not model.forms(fold(p.text)) and not _telex_only(p.text, model):
                # A word left out that no article has stays as typed: "-js" is no typo
                # for "-ts", and leaving out a correction could remove what was meant (but
                # keys only Telex types spell what was meant: "-bawcs" is "-bắc").
                p.restorable = False
    if not any(p.restorable for ps in pieces.values() for p in ps):
        return _pinned_only(text, tokens, runs, pieces, lambda: model)
    # Tones typed somewhere ("gỗ"): the one typing types the tones meant, and a word typed
    # without any mark is likelier meant so (the restorer's AS_TYPED_PRIOR), the last one
    # too, unless the articles say a tone was left out (:func:`_level_beside`). Not a
    # name, whose tone is often not known ("Thanh Long" for Thành Long), nor syllables typed
    # joined. (Marks without a tone say nothing of the sort: a phone's keyboard types "sang
    # chê" for "sáng chế".)
    for run in runs if toned else ():
        flat = [p for i in run for p in pieces[i]]
        for k, p in enumerate(flat):
            p.level = p.restorable and not p.toneless and p.text.islower() and _level_beside(flat, k, model)
    # Syllables typed without spaces ("thuydien", "xuatkhau"): read as if typed apart.
    for i in pieces:
        if tokens[i][0] in ("word", "phrase"):
            pieces[i] = [q for p in pieces[i] for q in _unglued(p, model)]
        if tokens[i][0] in ("word", "phrase"):
            for p in _dotted_as_written(tokens[i][1], pieces[i], written):
                p.restorable = False

    # The last word, typed without its tone and nothing after it, may be one still being
    # typed ("nhà nư" on the way to "nhà nước"): its tone is then offered, never claimed.
    typing_tone = tail is not None and tail.toneless and tail.restorable
    # Per run: its readings, as replacements of its restorable pieces.
    per_run: list[list[tuple[list[str], float, int]]] = []
    fix: tuple[str, ...] | None = None    # a slip's word offered, for a query of one run
    unfinished = -1   # the run whose last word is still being typed (see COMPLETED_READINGS)
    listed = False    # a run is read as a list, item by item (:func:`_read_as_list`)
    for run in runs:
        flat = [p for i in run for p in pieces[i]]
        if not any(p.restorable for p in flat):
            per_run.append([([canon(p.text) for p in flat], 1.0, 0, False)])
            continue
        completing = open_end and run[-1] == last and flat[-1].restorable
        places = {k: spelled for k, p in enumerate(flat)
                  if p.spelled_out and _read_before_place(flat, k, model)
                  and (spelled := place_spelled(p.spelled_out))}
        top = COMPLETED_READINGS if completing and written is not None else CORROBORATED_READINGS
        typed_here = [canon(p.pinned or p.text) for p in flat]
        found = model.readings(typed_here, [not p.restorable for p in flat],
                               capital=[p.text[:1].isupper() for p in flat], complete_last=completing,
                               level=[p.level for p in flat], one_word=len(tokens) == 1 and len(flat) == 1,
                               top=top)
        if found and not (len(tokens) == 1 and len(flat) == 1) and _one_word(tokens, flat, pieces) \
                and all(r == t for r, t, p in zip(found[0].syllables, typed_here, flat)
                        if not is_vietnamese_syllable(fold(p.text.lower()))) \
                and all(model.pair_written(a, b) < WORD_FIX_MIN_ARTICLES for a, b in zip(typed_here, typed_here[1:])):
            # Its neighbours read as typed, codes and names, not slips ("hto cam": thổ cẩm),
            # and no three articles write it beside them ("cho Facebook", "for"): the one word
            # is read as it is alone, where that is a place or a thing of the trade ("chợ",
            # "cảng") with no letter changed; goods beside a foreign word are as often that
            # language's words' neighbours ("new lửa", "post tội", not lúa, tỏi).
            alone = model.readings(typed_here, [not p.restorable for p in flat],
                                   capital=[p.text[:1].isupper() for p in flat], complete_last=completing,
                                   level=[p.level for p in flat], one_word=True, top=top)
            if alone and not alone[0].edits and all(
                    r == f or r in model.single and r not in model.goods
                    for r, f in zip(alone[0].syllables, found[0].syllables)):
                found = alone
        if places:
            # Read beside the place written out, the word before it stands only where it is
            # one the trade searches by itself, as goods or places of trade are searched by
            # the place ("cảng", "chợ", "gỗ", "chè"): beside the name's first syllable the
            # pairs say as much of other words ("gia hn" is not "thiếu gia Hà Nội").
            written_out = _read_written_out(model, flat, places, completing, top)
            if written_out and written_out[0].syllables[min(places) - 1] in model.single:
                found = written_out
        elif after := {k: p.spelled_out[0] for k, p in enumerate(flat) if _read_after_abbreviation(flat, k, model)}:
            # The word after an abbreviation is read after its words ("xk sua": xuất khẩu
            # sữa, not "sửa"), where no article writes it beside the letters.
            found = _read_written_out(model, flat, after, completing, top, named=False) or found
        if found and (items := _list_items(flat, found[0].syllables)):
            as_list = _read_as_list(model, flat, items, found[0].syllables, completing, top)
            listed = listed or bool(as_list)
            found = as_list or found
        if completing and found and (found[0].completed or not is_vietnamese_syllable(canon(flat[-1].text))):
            # Still being typed: completed first, or a fragment that is no syllable ("xam nhap m").
            unfinished = len(per_run)
        else:
            found = found[:CORROBORATED_READINGS]
        per_run.append([(list(r.syllables), r.probability, r.edits, r.completed) for r in found]
                       or [([canon(p.text) for p in flat], 1.0, 0, False)])
        if found and not found[0].completed and len(runs) == 1 and tokens[run[0]][0] != "phrase":
            # (the words between a number at either end, a year or a count, are the ones
            # slipped: `san luon bia 2016` as `san luon bia`)
            lo, hi = _between_numbers(flat)
            syllables, fixed = [canon(p.text) for p in flat[lo:hi]], [not p.restorable for p in flat[lo:hi]]
            read = found[0].syllables
            mended = model.word_fix(syllables, fixed, read[lo:hi])
            slipped = mended is None and written is not None and isinstance(model, Restorer)
            if slipped:
                mended = _slip_fix(model, written, syllables, fixed, read[lo:hi],
                                   [r.syllables[lo:hi] for r in found[1:CORROBORATED_READINGS]])
            fix = tuple(read[:lo]) + mended + tuple(read[hi:]) if mended is not None else None
            if slipped and fix is not None and _mends_a_term(model, fix, read):
                # A term of the trade one slip away from a reading no article writes is
                # what was typed ("bo cong thong": Bộ Công Thương): searched, as the
                # typed words are offered (a slip into another word is only offered).
                per_run[-1] = [(list(fix), 1.0, 1, False)] + [(r, p * SLIP_FIX_LEFT, e, c)
                                                             for r, p, e, c in per_run[-1]]
                fix = None

    # The run whose first reading is least sure supplies the alternatives.
    pivot = min(range(len(runs)), key=lambda k: per_run[k][0][1])
    base_prob = 1.0
    for k, options in enumerate(per_run):
        if k != pivot:
            base_prob *= options[0][1]
    readings: list[QueryReading] = []
    completing = pivot == unfinished and any(o[3] for o in per_run[pivot])
    asking = COMPLETED_READINGS if completing else CORROBORATED_READINGS
    for option in per_run[pivot][:MAX_READINGS if written is None else asking]:
        choice = [options[0] for options in per_run]
        choice[pivot] = option
        rendered = _render(text, tokens, runs, pieces, [c[0] for c in choice])
        total_edits = sum(c[2] for c in choice)
        readings.append(QueryReading(rendered, base_prob * option[1], total_edits, any(c[3] for c in choice)))
    if not readings:
        return Interpretation(text)
    word_fix, unwritten = (_render(text, tokens, runs, pieces, [list(fix)]), ()) if fix else \
        _mark_fixed(text, tokens, runs, pieces, lambda: model, [options[0][0] for options in per_run])
    first = readings[0]
    searched = {r.text for r in readings[:MAX_READINGS] if r.probability >= MIN_SHARE * first.probability}
    if written is None or len(readings) < 2:
        return Interpretation(text, [r for r in readings if r.text in searched], typing=typing_tone,
                              word_fix=word_fix, fix_unwritten=unwritten if word_fix is not None else ())
    # Reordered, never narrowed: what the restorer would have searched still is, after a
    # reading the articles put first.
    # (Words typed with tones read as typed, by the as-typed prior: only what the articles
    # write whole puts another reading first, not the pairs' guess three by three that knows
    # nothing of the prior, `gỗ keo xuất khẩu`.)
    as_typed = toned and canon(first.text) == canon(text.strip())
    # (A list's items are read apart: syllables three by three across a joint say nothing.)
    ordered = _corroborated(readings, written, model, completing, windows=not as_typed and not listed,
                            together=together)
    finished = None
    if tail is not None and is_vietnamese_syllable(canon(tail.text)):
        whole = _whole_word_first(ordered)
        if whole[0] is not ordered[0]:
            finished = ordered[0].text if ordered[0].probability >= COMPLETION_OFFERED else None
            ordered = whole
    kept = [r for r in ordered if r.text in searched or r is ordered[0]]
    if word_fix is not None and canon(kept[0].text.lower()) != canon(first.text.lower()):
        word_fix = None      # (the articles' own reading of the query came first: it stands)
    typed_words = _typed_words_first(ordered, written, model)
    if typed_words is not None:
        kept = [typed_words] + [r for r in kept if r is not typed_words]
        word_fix, unwritten = ordered[0].text, ()
    return Interpretation(text, kept, reordered=kept[0].text != first.text, typing=typing_tone,
                          word_fix=word_fix, fix_unwritten=unwritten if word_fix is not None else (),
                          finished=finished)


#: A reading that keeps every letter typed, words of the dictionary all, at least this share
#: as likely as a first one that changes some, is searched first where no article writes
#: the first whole (:func:`_typed_words_first`).
AS_TYPED_KEPT = 0.1


def _typed_words_first(readings: list[QueryReading],
                       written: Callable[[list[tuple[str, ...]]], Sequence[int]] | None,
                       model: Restorer | None) -> QueryReading | None:
    """The reading to search before the first: one that keeps the letters typed, where they
    spell words of the dictionary, of three syllables or more, and the first changes them
    into a phrase no article writes ("bia nhap lau", smuggled beer, read "gia nhập lậu"
    by its pairs: "gia nhập" and "nhập lậu" are two words that cannot share "nhập"). A
    change the articles do write ("thuong mia dien tu": "thương mại điện tử") stands, and
    so does one out of letters that are no word ("lng nghe"): with no article to vouch for
    either reading, what was typed is what was meant, the change offered (``None``: the
    order stands)."""
    first = readings[0] if readings else None
    if first is None or not first.edits or first.completed or written is None or not isinstance(model, Restorer):
        return None
    typed = next((r for r in readings[1:] if not r.edits and not r.completed
                  and r.probability >= AS_TYPED_KEPT * first.probability), None)
    if typed is None:
        return None
    phrases = [tuple(_plain_syllables(r.text)) for r in (first, typed)]
    if any(len(p) < CORROBORATE_MIN_SYLLABLES for p in phrases) \
            or not all(model.dictionary.knows(s) for s in phrases[1]):
        return None
    return typed if not written(phrases[:1])[0] else None


#: A query whose last word, typed whole, is a syllable: a reading keeping it whole is
#: searched before one finishing it into a longer word where it has at least this share of
#: that one's probability (a query is sent when its words are typed; the completion stays
#: offered).
WHOLE_WORD_SHARE = 0.05


def _whole_word_first(readings: list[QueryReading]) -> list[QueryReading]:
    """``readings`` with the likeliest that keeps the last word as typed first, where a
    completion came first and that one is at least ``WHOLE_WORD_SHARE`` as likely: `kinh do`
    is the confectioner Kinh Đô (139 articles), not every "kinh doanh" story, `xuat khau da`
    leather, not oil ("dầu"); the search box offered the completions while the word was
    typed, and the search offers the one put first (``Interpretation.finished``). It keeps
    the first one's probability."""
    first = readings[0]
    if not first.completed:
        return readings
    whole = next((r for r in readings if not r.completed), None)
    if whole is None or whole.probability < WHOLE_WORD_SHARE * first.probability:
        return readings
    return [replace(whole, probability=first.probability)] + [r for r in readings if r is not whole]


#: Articles that must write a query's reading with one slip corrected, side by side, for it
#: to be offered where none writes the reading (:func:`_slip_fix`).
SLIP_FIX_WRITTEN = 3


#: The weight left to the readings of a query whose slip into a term of the trade is mended
#: (:func:`_mends_a_term`): offered, not searched.
SLIP_FIX_LEFT = 0.01


def _mends_a_term(model: Restorer, fix: Sequence[str], reading: Sequence[str]) -> bool:
    """Whether the syllable ``fix`` mends in ``reading`` makes, with its neighbours, a term of
    the domain's lexicon ("công thương", "thương mại") that the reading does not hold there."""
    at = next((k for k, (a, b) in enumerate(zip(fix, reading)) if a != b), None)
    if at is None:
        return False
    for size in range(2, model.domain_longest + 1):
        for start in range(max(0, at - size + 1), min(at, len(fix) - size) + 1):
            if tuple(fix[start:start + size]) in model.domain and tuple(reading[start:start + size]) not in model.domain:
                return True
    return False


def _one_word(tokens, flat: Sequence[_Piece], pieces) -> bool:
    """Whether the run ``flat`` may be the query's one word to read: typed alone, or beside
    only words of no Vietnamese syllable, codes and names, where they are read as typed,
    not as slips (the caller checks) (`cho pleiku`: the
    market, as `cho` alone is, not the preposition, which then was searched and ranked as a
    word of no weight)."""
    if len(tokens) == 1 and len(flat) == 1:
        return True
    mine = [p for p in flat if p.restorable and is_vietnamese_syllable(fold(p.text.lower()))]
    if len(mine) != 1 or any(kind not in ("word", "name") for kind, _value in tokens):
        return False
    # (not beside an abbreviation of words, which says what its neighbour is: "sàn" of `san
    # tmdt`, the e-commerce platform, not "sắn", cassava)
    return all(p is mine[0] or not is_vietnamese_syllable(fold(p.text.lower())) and not p.spelled_out
               and not any(ch.isdigit() for ch in p.text)
               for ps in pieces.values() for p in ps)


def _pin_place_units(flat: Sequence[_Piece]) -> None:
    """Pin an administrative unit typed without marks right before a place's name to the
    unit (``data/place_units.txt``): `tinh thanh hoa` is tỉnh Thanh Hóa, where the pairs read
    "tính" by "tính thanh khoản" as often; `dien luc tinh nghe an`."""
    units = {tuple(map(fold, unit)): unit for unit, bare in place_units().items() if bare}
    words = lexicon()
    for k in range(len(flat)):
        for size in (2, 1):
            span = flat[k:k + size]
            if len(span) < size or not all(p.restorable and p.text.isalpha() and fold(p.text) == p.text
                                            and not p.excluded for p in span):
                continue
            # (not the end of a word begun before it, `hai quan da nang`: hải quan, the customs,
            # `tham quan ha long`; unless the syllable before ends a word of its own, "điện lực")
            before = [fold(q.text.lower()) for q in flat[max(0, k - 2):k]]
            if before and words.is_folded_word((before[-1], span[0].text)) \
                    and not (len(before) == 2 and words.is_folded_word(tuple(before))):
                continue
            unit = units.get(tuple(p.text for p in span))
            rest = flat[k + size:]
            if unit is not None and not any(q.excluded for q in rest[:4]) \
                    and opens_place([canon(q.text) for q in rest]):
                for p, syllable in zip(span, unit):
                    p.pinned, p.restorable = syllable, False
                break


def _between_numbers(flat: Sequence[_Piece]) -> tuple[int, int]:
    """The span of ``flat`` left when the numbers typed at its ends, kept as typed, are set
    aside ("2016" of `san luong bia 2016`)."""
    lo, hi = 0, len(flat)
    while lo < hi and not flat[lo].restorable and flat[lo].text.isdigit():
        lo += 1
    while hi > lo and not flat[hi - 1].restorable and flat[hi - 1].text.isdigit():
        hi -= 1
    return lo, hi


def _slip_fix(model: Restorer, written: Callable[[list[tuple[str, ...]]], Sequence[int]],
              syllables: list[str], fixed: list[bool], reading: Sequence[str],
              others: Sequence[Sequence[str]] = ()) -> tuple[str, ...] | None:
    """A reading to offer where no article writes ``reading`` whole, nor any of the ``others``
    the restorer gives ("cuoi dung lam" is "cưới, đừng làm" in 166 articles, whatever its
    first reading), and one with a slip corrected
    (:meth:`~search.restore.Restorer.slip_readings`) is written by ``SLIP_FIX_WRITTEN`` or
    more: `bo cong thong` is offered "bộ công thương" (the Ministry, 576 articles), not left
    as "bộ công thông", written by none. The commonest so written."""
    candidates = model.slip_readings(syllables, fixed, reading)
    if not candidates or any(written([tuple(r) for r in (reading, *others)])):
        return None
    counts = written(candidates)
    best = max(range(len(candidates)), key=lambda k: counts[k])
    return candidates[best] if counts[best] >= SLIP_FIX_WRITTEN else None


def _corroborated(readings: list[QueryReading],
                  written: Callable[[list[tuple[str, ...]]], Sequence[int]],
                  model: Restorer | None = None, completing: bool = False,
                  windows: bool = True,
                  together: Callable[[list[str]], Sequence[tuple[int, float] | None]] | None = None) -> list[QueryReading]:
    """The readings reordered by what the index writes.

    The readings come from counts of syllables two by two, which see no further: "tre co
    nen an nhieu sua chua" reads "sửa chữa" (repair) beside "nhiều", where an article
    writes "ăn nhiều sữa chua" (yoghurt); "phim thanh long" reads the fruit of the trade's
    lexicon, where articles write "phim Thành Long". Where some reading of a plain query
    of three syllables or more is written whole (side by side, with its marks, nothing
    between, in an article written with diacritics) often enough to vouch for it (two
    articles for three syllables, one for four or more: one article writing three common
    syllables proves little), a reading that no article writes so keeps
    ``UNWRITTEN_WEIGHT`` of its probability, unless it corrects fewer typos than every
    vouched one (a correction is not made likelier by being written: syllables the
    articles never write side by side are no typo for others they do). The others keep
    theirs: the index orders the readings, it adds no certainty (a reading moved first is
    searched first, beside the others, never claimed as the one meant). Where no reading
    is vouched for, a longer query is weighed by its syllables three by three
    (:func:`_by_windows`, with ``model``'s counts of syllables two by two); a shorter one
    stands as it was. Where one is, and a query of three syllables is written in more than
    one reading, those are weighed as a window of :func:`_by_windows` is, against what their
    pairs predict: "thuc pham ban" reads "thực phẩm bán" by its pairs ("sản phẩm bán ra"),
    which one article writes whole, against 27 for "thực phẩm bẩn", written far beyond its
    pairs' prediction. ``completing``: the last word is still being typed, and every one of
    its completions asked is weighed by its last three syllables instead
    (:func:`_by_completions`). Not ``windows``: where no reading is vouched for, they stand.
    Where no reading of at most ``MEETING_LONGEST`` syllables is vouched for and the
    syllables three by three do not reorder them, or a query of two syllables is written
    side by side in no reading, the readings are
    weighed by how far beyond chance the articles hold their words together (``together``,
    :func:`_by_meeting`).
    """
    # A reading below UNWRITTEN_WEIGHT of the first could not be put before it: not asked
    # (but any completion of a word still being typed may be: see _by_completions), unless
    # it spells the place that ends the query after a subject (below).
    placed = None if completing or spells_place_after_subject(_plain_syllables(readings[0].text)) else \
        next((r for r in readings if spells_place_after_subject(_plain_syllables(r.text))), None)
    asked = [r for r in readings if completing or r is placed
             or r.probability >= UNWRITTEN_WEIGHT * readings[0].probability]
    if len(asked) < 2:
        return readings
    phrases: list[tuple[str, ...]] = []
    plain: list[QueryReading] = []
    short = False
    stretch = _plain_stretch([r.text for r in asked])
    for r in asked:
        tokens = _lex(r.text)
        pieces = [s for _k, v in tokens for s in _syllables(v)]
        while pieces and not pieces[-1].isalnum():
            pieces.pop()        # "…sữa chua?"
        if stretch is not None and not completing:
            pieces = pieces[stretch[0]:stretch[1]]
        # (a query quoted whole is one phrase to look for: `"dung hang viet"` offered "đứng
        # hàng việt", no article's words, beside hits writing "dùng hàng Việt")
        whole = len(tokens) == 1 and tokens[0][0] == "phrase"
        if any(kind != "word" for kind, _v in tokens) and not whole or not all(s.isalnum() for s in pieces):
            # Operators, quotes, exclusions, a mark inside where the readings differ
            # ("1.000", "tp.hcm", a comma): no one phrase to look for (a completion that
            # makes a word an operator, "phố cổ hoặc", is only left unasked).
            if completing and r is not readings[0]:
                continue
            return readings
        short = short or len(pieces) < CORROBORATE_MIN_SYLLABLES
        phrases.append(tuple(canon(s) for s in pieces))
        plain.append(r)
    if short:
        # Two syllables: the pairs the readings come from say what the articles write side
        # by side; where they write no reading of the letters typed so ("vinamilk sua";
        # "vinamilk vừa", a correction, is written), what they hold together.
        least = min(r.edits for r in plain)
        if completing or together is None or len(plain) < len(asked) or any(len(p) < 2 for p in phrases) \
                or any(written([p for r, p in zip(plain, phrases) if r.edits == least])):
            return readings
        return _by_meeting(readings, asked, together)
    if completing:
        return _by_completions(readings, plain, phrases, written, model) \
            if len(plain) > 1 and model is not None else readings
    counted = dict(zip((r.text for r in asked), written(phrases)))
    if isinstance(model, Restorer) and len({p[1:] for p in phrases}) == 1 and model.goods_of_place(phrases[0]):
        # The goods of a place ("que yen bai"): the articles seldom write them beside its
        # name, and a reading two write so ("quê Yên Bái", a home town) says little; one
        # that many write whole ("ga Hà Nội", the station) is what is meant.
        vouching = [r for r in asked if counted[r.text] >= GOODS_VOUCHED]
        if not vouching:
            return readings
    else:
        # A phrase of three syllables needs two articles to vouch for it, one of four or more one.
        vouching = [r for r, p in zip(asked, phrases) if counted[r.text] * (len(p) - 2) >= VOUCHED]
    if not vouching:
        ordered = _by_windows(readings, asked, phrases, written, model) if model is not None and windows else readings
        named = _named_place(ordered, written, model)
        if named is not None:
            return [replace(named, probability=ordered[0].probability)] + [r for r in ordered if r is not named]
        if ordered is readings and windows and together is not None and len(phrases[0]) <= MEETING_LONGEST:
            return _by_meeting(readings, asked, together)
        return ordered

    # A place after a subject (`khu kinh te van phong`): the pairs across its first syllable
    # weigh the subject's end beside whatever word the place's letters make elsewhere
    # ("kinh tế văn hóa"), which says nothing of the name after it. Where the articles write
    # the reading that spells the place whole, as often as any other asked, and never the
    # first, it comes first, as sure as the pairs made the first: the pairs chose the words
    # before the place, and the index says which of their readings the articles write.
    lifted = placed if placed in vouching and counted[readings[0].text] == 0 \
        and placed.edits <= readings[0].edits and counted[placed.text] >= max(counted.values()) else None

    def weight(r: QueryReading) -> float:
        if r is lifted:
            return readings[0].probability
        unwritten = counted.get(r.text) == 0      # (a reading not asked about is not)
        if unwritten and any(other.edits <= r.edits for other in vouching):
            return r.probability * UNWRITTEN_WEIGHT
        return r.probability

    weights = [weight(r) for r in readings]
    if model is not None and all(len(p) == WINDOW for p in phrases):
        # Three syllables written in several readings: the whole is one window. As in
        # _by_windows, only a new first reading changes anything.
        lifts = {r.text: _lift(p, counted[r.text], model) for r, p in zip(asked, phrases) if counted[r.text]}
        if len(lifts) > 1:
            by_lift = _weighed(readings, weights, [r for r in asked if r.text in lifts], lifts, lambda r: r.edits)
            if by_lift.index(max(by_lift)) != weights.index(max(weights)):
                weights = by_lift
    order = sorted(range(len(readings)), key=lambda i: -weights[i])   # stable: ties keep their order
    return [replace(readings[i], probability=weights[i]) for i in order]


def _named_place(readings: list[QueryReading], written: Callable[[list[tuple[str, ...]]], Sequence[int]],
                 model: Restorer | None) -> QueryReading | None:
    """The reading spelling the place that ends the query after a subject, where no reading
    is written whole (`sat thep dong da`: Đống Đa, not "đóng đã"; `non la cho gao`: Chợ
    Gạo): where the articles write the place as spelled
    (``PLACE_WRITTEN`` of them at least) and the first reading's syllables there make no word
    of the index or the language nor a question, and are written no more often than the
    place, the gazetteer's name is meant. None otherwise (`dien gio huong hoa` keeps "hương
    hoa", a word; `lua to tam la gi` "là gì", not the town La Gi)."""
    if model is None:
        return None
    first = _plain_syllables(readings[0].text)
    if place_after_subject_at(first) is not None:
        return _subject_ended(readings, first, model)     # the first already spells one
    placed = next((r for r in readings[1:] if place_after_subject_at(_plain_syllables(r.text)) is not None), None)
    if placed is None or placed.edits > readings[0].edits:
        return None
    mine = _plain_syllables(placed.text)
    at = place_after_subject_at(mine)
    if len(first) != len(mine) or first[:at] != mine[:at]:
        return None         # (the subject read alike: only the place's syllables differ)
    tail = tuple(first[at:])
    vocab = model.vocab
    if vocab.is_word("_".join(tail)) or vocab.written_as_word(tail) or lexicon().is_word(tail) \
            or tail in asking_words():
        return None         # a word ("tri ân", "quang điện"), a question ("là gì", not La Gi)
    place, other = written([tuple(mine[at:]), tail])
    # Where the articles write the other reading's syllables more often, they are the words
    # meant ("tính giá", 142, not Tĩnh Gia, 24; "lòng đất", 98, not Long Đất, 3).
    return placed if place >= PLACE_WRITTEN and other <= place else None


def _subject_ended(readings: list[QueryReading], first: list[str], model: Restorer) -> QueryReading | None:
    """Where the first reading spells the place ending the query but reads the syllable
    before it into a word with the place's first ("giá heo hội đồng nai": "hội đồng", the
    council, found nothing), a reading that spells the place alike and ends the subject
    there in a pair the articles write more often with the syllable before ("giá heo hơi
    Đồng Nai", live pigs; "heo hội" is written nowhere): the name begins the place, and a
    word across its first syllable is no evidence. None otherwise."""
    at = place_after_subject_at(first)
    if at is None or at < 2:
        return None

    across = first[at - 1:at + 1]
    if not (model.vocab.is_word("_".join(across)) or lexicon().is_word(tuple(across))):
        return None
    for r in readings[1:]:
        mine = _plain_syllables(r.text)
        if r.edits <= readings[0].edits and len(mine) == len(first) and mine[at:] == first[at:] \
                and mine[:at - 1] == first[:at - 1] and model.pair_count(*mine[at - 2:at]) > model.pair_count(*first[at - 2:at]):
            return r
    return None


def _plain_syllables(text: str) -> list[str]:
    """The canonical syllables of a reading of plain words (empty where it has operators,
    quotes or marks: no place is read after a subject there)."""
    tokens = _lex(text)
    if any(kind != "word" for kind, _v in tokens):
        return []
    return [canon(s) for _k, v in tokens for s in _syllables(v)]


def _plain_stretch(texts: list[str]) -> tuple[int, int] | None:
    """The stretch of syllables with no mark between them that holds every syllable the
    readings ``texts`` differ in, as (start, end) among their syllables; None where they
    are no such stretch (operators, quotes, a different count of syllables, a mark between
    the syllables read differently). Text pasted from an article has marks ("Top 10 do
    Campaign Asia-Pacific"): the phrase around the word read is still written whole."""
    lexed = [_lex(t) for t in texts]
    if any(kind != "word" for tokens in lexed for kind, _v in tokens):
        return None
    pieces = [[s for _k, v in tokens for s in _syllables(v)] for tokens in lexed]
    if len({len(p) for p in pieces}) != 1 or not pieces[0]:
        return None
    differ = [i for i in range(len(pieces[0])) if len({p[i] for p in pieces}) > 1]
    if not differ:
        return None
    start, end = differ[0], differ[-1] + 1
    while start > 0 and pieces[0][start - 1].isalnum():
        start -= 1
    while end < len(pieces[0]) and pieces[0][end].isalnum():
        end += 1
    return (start, end) if all(s.isalnum() for p in pieces for s in p[start:end]) else None


def _weighed(readings: list[QueryReading], weights: list[float], asked: list[QueryReading],
             evidence: dict[str, float], edits: Callable[[QueryReading], int]) -> list[float]:
    """Each reading's weight times its ``evidence`` over the best evidence among the
    ``asked`` readings of no more ``edits`` (a correction is not made likelier by being
    written); one without evidence keeps its weight. The reading weighed best keeps its
    weight: the index orders the readings, it adds no certainty."""
    out = []
    for r, w in zip(readings, weights):
        mine = evidence.get(r.text)
        if mine is not None:
            w = w * (mine / max(evidence[o.text] for o in asked if edits(o) <= edits(r)))
        out.append(w)
    return out


def _lift(window: tuple[str, ...], written: int, model: Restorer) -> float:
    """How much more often the articles write three syllables (``written`` articles) than
    their two pairs predict if written independently (the middle syllable's articles shared
    out: ``pair(a, b) * pair(b, c) / df(b)``), both plus ``WINDOW_PRIOR``."""
    a, b, c = window
    middle = model.df(b)
    expected = model.pair_count(a, b) * model.pair_count(b, c) / middle if middle else 0.0
    return (written + WINDOW_PRIOR) / (expected + WINDOW_PRIOR)


def _by_completions(readings: list[QueryReading], asked: list[QueryReading], phrases: list[tuple[str, ...]],
                    written: Callable[[list[tuple[str, ...]]], Sequence[int]], model: Restorer) -> list[QueryReading]:
    """The readings of a query whose last word is still being typed, reordered by how the
    articles end its last three syllables: a search box completes what is typed as the
    articles go on after the words before it ("xam nhap m": "xâm nhập mặn", where "nhập"
    alone is followed by "một" more often; "thuy dien x": "thủy điện xả", not "xin"; "pho
    co h": "phố cổ Hà", not "họng").

    Each completion's last three syllables weigh as in :func:`_by_windows`: by the articles
    that write them against those their two pairs predict, so that a word that follows the
    one before anywhere gains nothing for following both ("tiết kiệm được" is written
    often, but no more than "kiệm được" predicts: "tiết kiệm điện" stays first). A fragment
    typed as it is ("m") is weighed too, and loses to a completion written far beyond
    prediction. The reading weighed best keeps its probability and the others lose in
    proportion; the completion stays offered, never claimed."""
    tails = [p[-WINDOW:] for p in phrases]
    if any(len(t) < WINDOW for t in tails):
        return readings
    windows = sorted(set(tails))
    counted = dict(zip(windows, written(windows)))
    if not any(counted.values()):
        return readings

    evidence = {r.text: _lift(t, counted[t], model) for r, t in zip(asked, tails)}

    # (a completion is no typo corrected)
    weights = _weighed(readings, [r.probability for r in readings], asked, evidence,
                       lambda r: r.edits - r.completed)
    order = sorted(range(len(readings)), key=lambda i: -weights[i])   # stable: ties keep their order
    return [replace(readings[i], probability=weights[i]) for i in order]


def _by_windows(readings: list[QueryReading], asked: list[QueryReading], phrases: list[tuple[str, ...]],
                written: Callable[[list[tuple[str, ...]]], Sequence[int]], model: Restorer) -> list[QueryReading]:
    """The readings reordered by how their syllables three by three are written, where no
    reading of a query longer than that is written whole.

    The readings come from syllables two by two, which cannot tell "cuoc van dong nguoi viet
    dung hang viet" (the campaign) from "cước vận động … dũng hàng việt": "cước vận" (of
    freight charges) and "việt dũng" (a name) are each written more often than "cuộc vận"
    and "việt dùng", and the next pair is the same for both. Three by three they differ.
    Each window where the readings differ weighs its reading by how many articles write it
    against how many would if its two pairs were written independently (the second
    syllable's articles shared out: ``pair(a, b) * pair(b, c) / df(b)``), both plus
    ``WINDOW_PRIOR``, where some reading's window is written at all: "cuộc vận động" is
    written far more often than its pairs predict, "cước vận động" never though its pairs
    predict dozens; "siêu thị cho" is written often, but no more than "thị cho" predicts,
    so it does not outweigh "chợ truyền thống". Only a new first reading changes anything
    (one that stays first keeps the readings as they were): the reading weighed best keeps
    its probability and the others lose in proportion (the index orders the readings, it
    adds no certainty), never for a reading of more corrections (a correction is not made
    likelier by being written, as in :func:`_corroborated`)."""
    length = len(phrases[0])
    if length <= WINDOW or any(len(p) != length for p in phrases):
        return readings
    starts = [s for s in range(length - WINDOW + 1) if len({p[s:s + WINDOW] for p in phrases}) > 1]
    windows = sorted({p[s:s + WINDOW] for p in phrases for s in starts})
    if not windows or len(windows) > MAX_WINDOWS:
        return readings
    counted = dict(zip(windows, written(windows)))
    # Only where some reading's window is written: where none is, the pairs' prediction
    # alone would favour the reading whose pair no article writes ("từ tháng nam", predicted
    # nothing, over "từ tháng năm", predicted ten and written by none).
    starts = [s for s in starts if any(counted[p[s:s + WINDOW]] for p in phrases)]
    if not starts:
        return readings

    lifts = {w: _lift(w, counted[w], model) for w in windows}
    evidence = {}
    for r, p in zip(asked, phrases):
        product = 1.0
        for s in starts:
            product *= lifts[p[s:s + WINDOW]]
        evidence[r.text] = product

    weights = _weighed(readings, [r.probability for r in readings], asked, evidence, lambda r: r.edits)
    order = sorted(range(len(readings)), key=lambda i: -weights[i])   # stable: ties keep their order
    if order[0] == 0:
        # The first reading stays first: the windows say nothing more of it, and a reading
        # far below it with a likelier window must not make it less sure.
        return readings
    return [replace(readings[i], probability=weights[i]) for i in order]


def _by_meeting(readings: list[QueryReading], asked: list[QueryReading],
                together: Callable[[list[str]], Sequence[tuple[int, float] | None]]) -> list[QueryReading]:
    """The readings reordered by how far beyond chance the articles hold their words
    together, where none is written whole: the words of a query typed apart ("vinamilk
    sua", "evn dien") are the words of the articles sought, and the pairs of syllables the
    readings come from see only side by side. "Vinamilk" meets "sữa" (milk) in 37
    articles, where chance would put one; "sửa" (repair), commoner and read first by the
    syllables alone, in 3, fewer than chance predicts. ``together`` gives each reading's
    articles holding its words, and those against the articles that would if each word were
    spread over the articles independently (None for fewer than two words, or not counted);
    only where some reading's words meet in an article at all (a long query no article holds
    whole, a known headline with a word misremembered, says nothing by it). As in
    :func:`_by_windows`, only a new first reading changes anything, the reading weighed
    best keeps its probability and the others lose in proportion (the index orders the
    readings, it adds no certainty: the new first is searched first and offered, never
    claimed), never for a reading of more corrections. Only where the pairs left the first
    reading unsure (below ``CONFIDENT``): articles meeting by subject are weaker evidence
    than the same words side by side."""
    if readings[0].probability >= CONFIDENT:
        return readings
    met = together([r.text for r in asked])
    evidence = {r.text: m[1] for r, m in zip(asked, met) if m is not None}
    if len(evidence) < 2 or not any(m[0] for m in met if m is not None):
        return readings
    weighed = [r for r in asked if r.text in evidence]
    weights = _weighed(readings, [r.probability for r in readings], weighed, evidence, lambda r: r.edits)
    order = sorted(range(len(readings)), key=lambda i: -weights[i])   # stable: ties keep their order
    if order[0] == 0:
        return readings
    return [replace(readings[i], probability=weights[i]) for i in order]


def _exclusions_read_after(run: list[int], tokens, pieces, model: Restorer) -> list[int]:
    """A run's tokens in the order they are read in. Where a word left out stands says
    nothing of which word it is: words left out that open a run ("-gio dien") are read
    where they make a word with a neighbour and leave the other words read as they are
    alone, first as typed ("-Ha Noi thuy dien" leaves out Hà Nội, its second word read
    with it), then after the run's words ("-tieu ca phe" is "cà phê -tiêu", not "tiểu cả
    phế"), then after its first word ("-gio dien" is "điện -gió", as "dien -gio" is read,
    not the chance pair "giờ điện");
    where no order makes a word, the first that leaves the other words as they are."""
    lead = 0
    while lead < len(run) and tokens[run[lead]][0] == "notword":
        lead += 1
    if not lead or lead == len(run) or not any(p.restorable for i in run[:lead] for p in pieces[i]):
        return run
    words = run[lead:]
    alone = _read_tokens(words, pieces, model)
    orders = [(run, lead - 1), ([*words, *run[:lead]], len(words) - 1),
              ([run[lead], *run[:lead], *run[lead + 1:]], 0)]
    kept = []
    for order, at in orders:
        read = _read_tokens(order, pieces, model)
        if read is None:
            continue
        left, right = read[order[at]], read[order[at + 1]]
        joined = bool(left and right) and _a_word_there(left[-1], right[0], model)
        if joined and order is run:
            return run     # (a name left out, its last word read with it: "-Ha Noi")
        if alone is None or any(read[i] != alone[i] for i in words):
            continue
        if joined:
            return order
        kept.append(order)
    return kept[0] if kept else run


def _read_tokens(order: list[int], pieces, model: Restorer) -> dict[int, tuple[str, ...]] | None:
    """The likeliest reading of a run's tokens in ``order``: each token's syllables."""
    flat = [p for i in order for p in pieces[i]]
    found = model.readings([canon(p.pinned or p.text) for p in flat], [not p.restorable for p in flat], top=1)
    if not found or len(found[0].syllables) != len(flat):
        return None
    out, k = {}, 0
    for i in order:
        out[i] = tuple(found[0].syllables[k:k + len(pieces[i])])
        k += len(pieces[i])
    return out


def _a_word_there(a: str, b: str, model: Restorer) -> bool:
    """Whether two syllables read side by side are a word: one of the index's words, or a
    pair written as a word (:func:`_a_word`)."""
    if not (a.isalpha() and b.isalpha()):
        return False
    return model.vocab.accented_word(f"{fold(a)}_{fold(b)}") == f"{a}_{b}" \
        or _a_word(a, b, model.vocab.pair_df(a, b), model)


def _pinned_only(text: str, tokens, runs, pieces, restorer: Callable[[], Restorer | None]) -> Interpretation:
    """Nothing left to restore: the text as typed, or as a curated name's marks pin it
    ("dak nong" is "dak nông", sure); a tone or a mark slipped is offered (:func:`_mark_fixed`)."""
    none = [[] for _ in runs]
    fix, unwritten = _mark_fixed(text, tokens, runs, pieces, restorer, none)
    if not any(p.pinned for ps in pieces.values() for p in ps):
        return Interpretation(text, word_fix=fix, fix_unwritten=unwritten)
    return Interpretation(text, [QueryReading(_render(text, tokens, runs, pieces, none), 1.0)], word_fix=fix,
                          fix_unwritten=unwritten)


def _open_end(text: str, tokens) -> bool:
    """Whether the query's last word may be unfinished, as a search box is typed ("lang
    ngh"): a plain word, ending the text, with nothing typed after it (not "lang ngh OR")."""
    return bool(tokens) and tokens[-1][0] == "word" and not text[-1:].isspace() \
        and text.rstrip()[-1:].isalpha() and text.endswith(tokens[-1][1])


def _mark_fixed(text: str, tokens, runs, pieces, restorer: Callable[[], Restorer | None],
                choices: list[list[str]]) -> tuple[str | None, tuple[str, ...]]:
    """The query read as ``choices`` with the syllables typed with marks that the articles
    write beside their neighbours with other marks far more often (a tone slipped: "thủy
    sạn", "nông săn xuất khẩu"; :meth:`~search.restore.Restorer.mark_fix`) in the form they
    write, or None; and, where the change is sure, the pairs for the index to confirm it by
    (:attr:`Interpretation.fix_unwritten`), else (). Lower-case words only: a name's tone is
    its own. Sure where the articles write each pair as typed at most ``MARK_FIX_SHARE`` as
    often as mended: the slips some articles make too ("công nghiệp hổ trợ", three articles
    against thousands) are slips. A neighbour that a place's name typed with it holds is none ("phú yên tỉnh" is
    no "yên tĩnh"). The words the trade searches by itself and the words put before goods
    (``single_word_queries``, ``goods_heads``) typed with their marks are meant, unless the
    change makes a word of the dictionary with a neighbour, and then only offered: "xuất
    khẩu tỏi" is garlic, whatever "tới" the articles write after "xuất khẩu", "sứ giá" no
    "sứ giả"; "cá phê" is offered "cà phê"."""
    flats = [[p for i in run for p in pieces[i]] for run in runs]
    # (A phone capitalises the first word: "Thủy sạn" is no name. A query all in capitals
    # is the caps lock, "THỦY SẠN": no word in it is told a name by its capitals.)
    first = flats[0][0] if flats and flats[0] and not any(p.text[:1].isupper() for p in flats[0][1:]) else None
    caps_lock = in_caps_lock([p.text for flat in flats for p in flat if p.text.isalpha()], least=2)

    def marked(p: _Piece) -> bool:
        lower = caps_lock or p.text.islower() or p is first and p.text[1:].islower()
        return p.text.isalpha() and lower and not p.pinned and not p.excluded and fold(p.text) != p.text.lower()

    def named(p: _Piece) -> bool:
        # (a name typed with its marks: a letter left out is put back, its tones are its own)
        return p.text.isalpha() and not marked(p) and not p.pinned and not p.excluded \
            and fold(p.text) != p.text.lower()

    # The last word of a name, sent before it was typed whole, may lack its last letters
    # ("Lạng Sơ"; not a word typed in lower case, "xăng giả" is no "xăng giảm").
    tail = pieces[len(tokens) - 1][-1] if _open_end(text, tokens) and pieces.get(len(tokens) - 1) else None
    tail = tail if tail is not None and named(tail) else None

    if not any(p.text.isalpha() for flat in flats for p in flat):
        return None, ()
    model = restorer()
    if model is None:
        return None, ()
    override: dict[int, str] = {}
    pairs: list[str] | None = []
    control = ""     # a pair as mended, which the index must find written
    for flat, syls in zip(flats, choices):
        # (a word left out is no neighbour: "-thủy sạn" leaves out thủy, whatever sạn is)
        read = ["" if p.excluded else canon(syls[k] if p.restorable and k < len(syls) else p.pinned or p.text).lower()
                for k, p in enumerate(flat)]
        cut = next((k for k, p in enumerate(flat) if p is tail), None)
        # (a syllable typed without marks, read with a consonant said alike: offered only)
        bare = [p.restorable and not p.toneless and p.text.islower() and k < len(syls) for k, p in enumerate(flat)]
        for k, form in (model.alike_fix(read, bare) if any(bare) else {}).items():
            override[id(flat[k])] = form
            pairs = None
        if not any(marked(p) or named(p) for p in flat):
            continue
        for k, form in model.mark_fix(read, [marked(p) for p in flat], [named(p) for p in flat], cut).items():
            typed = canon(flat[k].text).lower()     # (as typed: "mây" of "nhà mây", read "mấy")
            # The neighbours it is read beside: not one that a place's name typed with it
            # holds ("yên" of "phú yên tỉnh", "long" of "bão long an").
            free = [j for j in (k - 1, k + 1) if 0 <= j < len(read) and read[j].isalpha() and not _held(read, j, k)]
            pairs_as = [((read[j], typed), (read[j], form)) if j < k else ((typed, read[j]), (form, read[j]))
                        for j in free]
            words = [" ".join(now) for _was, now in pairs_as if model.dictionary.is_word(now)]
            trade = typed in model.single or typed in model.before_goods
            if not free or trade and not words:
                continue    # goods typed with their marks are meant: `xuất khẩu tỏi` is no "tới"
            if not words and all(model.pair_count(*now) < MENDED_SHARE * _commonest(model, now) for _was, now in pairs_as):
                continue    # mended into another slip: "thực phẩm chức năng giả" (fake) is no
                # "năng giá", a slip of "nâng giá" (205 articles) in 44
            override[id(flat[k])] = form
            if trade or not words or pairs is None or any(
                    model.pair_count(*was) > MARK_FIX_SHARE * model.pair_count(*now) for was, now in pairs_as):
                pairs = None     # (offered only: "cá phê" is cà phê, but goods may be meant)
            else:
                pairs += [" ".join(was) for was, _now in pairs_as]
                control = control or words[0]
    if not override:
        return None, ()
    return _render(text, tokens, runs, pieces, choices, override), (tuple(pairs + [control]) if pairs else ())


#: A tone mended must give its pair as the articles write those letters, this share as often
#: as their commonest form at least (a dictionary word aside): one the articles write far
#: less is itself a slip of the commonest.
MENDED_SHARE = 0.5


def _commonest(model: Restorer, pair: tuple[str, str]) -> int:
    """How many articles write the commonest form of ``pair``'s letters."""
    return max((n for *_p, n in model.pair_forms(fold(pair[0]), fold(pair[1]))), default=0)


def _held(read: list[str], j: int, k: int) -> bool:
    """Whether the syllable ``read[j]`` is part of a place's name of two to four syllables
    that the syllables around it spell, without ``read[k]`` (a province, a place of the
    gazetteer: "long an", "phú yên"). Not a term of the trade: "doanh nghiệp nhọ" is still
    read "nhỏ" beside "nghiệp"."""
    for size in (2, 3, 4):
        for start in range(j - size + 1, j + 1):
            end = start + size
            if start < 0 or end > len(read) or start <= k < end:
                continue
            if all(w.isalpha() for w in read[start:end]) and is_name(tuple(fold(w) for w in read[start:end])):
                return True
    return False


def _read_before_place(flat: list[_Piece], k: int, model: Restorer) -> bool:
    """Whether the abbreviation at ``flat[k]`` ends what is read after a word to read, which
    no article writes beside the abbreviation's letters in any form: that word is read
    beside the place written out (a place's last syllable says little of the word after
    it, and where the articles write the word beside the letters they say what it is)."""
    p = flat[k]
    return not p.restorable and k > 0 and flat[k - 1].restorable \
        and not any(q.restorable for q in flat[k + 1:]) \
        and not any(n for _a, _b, n in model.pair_forms(canon(flat[k - 1].text), canon(p.text)))


#: Words and marks that join the items of a list typed as a query ("gạo và lúa", "gạo, lúa",
#: "gạo hay lúa"): each item is read as if typed alone.
LIST_WORDS = frozenset({"và", "hay", "hoặc"})
LIST_MARKS = frozenset({",", ";", "&", "/", "+"})


def _list_items(flat: list[_Piece], read: Sequence[str]) -> list[tuple[int, int]]:
    """The items (piece ranges) of a run its reading ``read`` takes as a list: words and
    marks joining them (``LIST_WORDS``, ``LIST_MARKS``) between two words of letters; []
    when it is none. A word read "hay" or "và" inside a longer word is no joint ("va chạm"
    reads "va")."""
    joints = [k for k in range(1, len(flat) - 1)
              if (read[k] in LIST_WORDS or flat[k].text in LIST_MARKS)
              and read[k - 1].isalpha() and read[k + 1].isalpha()]
    items, start = [], 0
    for k in joints:
        if k > start:
            items.append((start, k))
        start = k + 1
    if not items or start >= len(flat):
        return []
    items.append((start, len(flat)))
    return items


def _read_as_list(model: Restorer, flat: list[_Piece], items: list[tuple[int, int]], read: Sequence[str],
                  completing: bool, top: int) -> list[Reading]:
    """The readings of a run typed as a list, each item read as if it were the query
    (``gao va lua``: "gạo và lúa", as `lua` alone is the paddy; read whole, the pairs across
    the joint made it "gạo và lừa"), the joints as ``read`` has them; most probable first.
    None where an item has no reading."""
    per_item = []
    for a, b in items:
        part = flat[a:b]
        found = model.readings([canon(p.pinned or p.text) for p in part], [not p.restorable for p in part],
                               capital=[p.text[:1].isupper() for p in part],
                               complete_last=completing and b == len(flat), level=[p.level for p in part],
                               one_word=b - a == 1, top=top)
        if not found:
            return []
        per_item.append(found)
    combos: list[tuple[float, list[Reading]]] = [(1.0, [])]
    for found in per_item:
        combos = sorted(((p * r.probability, chosen + [r]) for p, chosen in combos for r in found),
                        key=lambda c: -c[0])[:top]
    out = []
    for probability, chosen in combos:
        syllables = list(read)
        for (a, b), r in zip(items, chosen):
            syllables[a:b] = r.syllables
        out.append(Reading(tuple(syllables), probability, sum(r.edits for r in chosen), chosen[-1].completed))
    return out


def _read_after_abbreviation(flat: list[_Piece], k: int, model: Restorer) -> bool:
    """Whether the abbreviation at ``flat[k]``, one written out, comes before a word to read
    that fewer than ``ABBREVIATION_PAIR_VOUCHED`` articles write beside its letters in any
    form ("PCCC cho", twice, says less of `pccc cho` than "cháy chợ"; "FDI chuyển", three
    times, says `dn fdi chuyen gia` is transfer pricing)."""
    p = flat[k]
    return bool(p.spelled_out) and not p.restorable and k + 1 < len(flat) and flat[k + 1].restorable \
        and max((n for _a, _b, n in model.pair_forms(canon(p.text), canon(flat[k + 1].text))),
                default=0) < ABBREVIATION_PAIR_VOUCHED


#: Articles writing a word beside an abbreviation's letters that make them evidence of what
#: the word is there (:func:`_read_after_abbreviation`).
ABBREVIATION_PAIR_VOUCHED = 3


def _read_written_out(model: Restorer, flat: list[_Piece], abbreviations: dict[int, tuple[str, ...]],
                      completing: bool, top: int, named: bool = True) -> list[Reading]:
    """The readings of ``flat`` with each of ``abbreviations`` (by piece) read as if
    written out: the words beside it are read beside its words, as the articles write them
    ("cang sg": cảng Sài Gòn, not "càng", as `cang sai gon` reads), and the abbreviation
    stays as typed. ``named``: they are names (places), read as typed with capitals."""
    syllables: list[str] = []
    fixed: list[bool] = []
    capital: list[bool] = []
    level: list[bool] = []
    for k, p in enumerate(flat):
        spelled = abbreviations.get(k, (canon(p.pinned or p.text),))
        syllables += spelled
        fixed += [k in abbreviations or not p.restorable] * len(spelled)
        capital += [k in abbreviations and named or p.text[:1].isupper()] * len(spelled)
        level += [p.level and k not in abbreviations] * len(spelled)
    out = []
    for r in model.readings(syllables, fixed, capital=capital, complete_last=completing, level=level, top=top):
        read, at = [], 0
        for k, p in enumerate(flat):
            read.append(canon(p.text) if k in abbreviations else r.syllables[at])
            at += len(abbreviations.get(k, (None,)))
        out.append(Reading(tuple(read), r.probability, r.edits, r.completed))
    return out


def _render(text: str, tokens, runs, pieces, choices: list[list[str]],
            override: dict[int, str] | None = None) -> str:
    """The query text with each run's restorable pieces replaced by ``choices``, and any
    piece by its form in ``override`` (keyed by the piece's id)."""
    replaced: dict[int, str] = {}
    for run, syls in zip(runs, choices):
        k = 0
        for i in run:
            token = tokens[i][1]
            out, pos = [], 0
            for p in pieces[i]:
                out.append(token[pos:p.start] + (" " if p.apart else ""))
                new = syls[k] if k < len(syls) else p.text
                if override and id(p) in override:
                    out.append(_cased(override[id(p)], p.text))
                else:
                    out.append(_cased(new, p.text) if p.restorable else _cased(p.pinned, p.text) if p.pinned else p.text)
                pos = p.end
                k += 1
            out.append(token[pos:])
            replaced[i] = "".join(out)
    parts = []
    for i, (kind, value) in enumerate(tokens):
        value = replaced.get(i, value)
        if kind == "phrase":
            parts.append(f'"{value}"')
        elif kind == "notphrase":
            parts.append(f'-"{value}"')
        elif kind == "notword":
            parts.append("-" + value)
        else:
            parts.append(value)
    return " ".join(parts)
