"""Whoosh analysis chains for Vietnamese, built on pyvi's word segmentation.

Each indexed text is seen three ways, one field each:

* ``word``  - pyvi words ("điện_gió"), accented, one tone convention, lower case;
* ``syl``   - single syllables ("điện", "gió"), accented: finds one syllable of a
  compound, or a compound that pyvi segmented differently in another sentence;
* ``fold``  - single syllables without diacritics ("dien", "gio"): finds text typed
  without accents, and accented text from a query typed without them.

The query side (:func:`query_units`) goes through the same segmentation and the same
normalising functions, so "thương mại điện tử" typed in a search box becomes the
same terms as in the documents. pyvi's words depend on tone placement ("hòa lưới" is
one word to it, "hoà lưới" two), so both sides are segmented in one tone convention,
and queries in lower case too: how a word is typed never changes what it finds.

Tokens carry ``startchar``/``endchar`` into the text that was passed in (the cleaned
NFC article body), never into a normalised copy, so highlights land on the right
words; the "_" that joins a compound only ever appears in index terms.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterator

import numpy as np
from whoosh.analysis import Filter, Token, Tokenizer

from . import segment as _segment
from .textnorm import LIST_MARKS, canon, fold, nfc, normalize_tones, without_abbreviation_dot

__all__ = [
    "VnTokenizer",
    "CanonFilter",
    "FoldFilter",
    "word_analyzer",
    "syllable_analyzer",
    "folded_analyzer",
    "bigram_analyzer",
    "marked_pair_analyzer",
    "folded_bigrams",
    "marked_bigram",
    "PAIR_FORMS",
    "Unit",
    "query_units",
    "segment_cached",
    "TermBatch",
    "FormTerms",
]

# Three fields analyse the same body one after the other; segmenting once is the
# difference between one CRF run per article and three.
_CACHE_SIZE = 8
_cache: "OrderedDict[str, list[tuple[int, int, bool]]]" = OrderedDict()


_cache_lock = threading.Lock()


def segment_cached(text: str) -> list[tuple[int, int, bool]]:
    """pyvi syllable spans ``(start, end, joined)`` of ``text``, memoised for the last few texts."""
    with _cache_lock:
        spans = _cache.get(text)
        if spans is not None:
            _cache.move_to_end(text)
            return spans
    spans = _segment.segment(normalize_tones(text))
    with _cache_lock:
        _cache[text] = spans
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return spans


def _is_wordlike(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


#: Forms whose terms join two syllables with a space ("dien gio", "bien , che"); stored
#: with "_" where whitespace splits terms (OpenSearch).
PAIR_FORMS = ("_bi", "_mk")


def marked_bigram(a: str, b: str) -> str:
    """The term of the marked-pair field (``_mk``) for ``a`` and ``b`` parted by one of
    LIST_MARKS alone ("che bien, che tao" holds "bien , che"): a gap made by such a mark
    is recorded, so that a term can be found written with a mark between its words, and
    only with a mark, not with a word there."""
    return a + " , " + b


#: What a hyphen inside a word ("VN-Index", "Jong-un", "vắc-xin") becomes among a
#: batch's pieces: not a syllable, and no gap (see :func:`glued_hyphens`).
GLUED_HYPHEN = "\x00-"


def glued_hyphens(text: str, spans) -> set[int]:
    """The indices of the pieces of ``text`` (``spans``: ``(start, end, ...)``) that are a
    hyphen inside a word: no space on either side and a letter or digit on both
    ("VN-Index", "Kim Jong-un", "vắc-xin"). Such a hyphen joins the syllables of one
    name, so it opens no gap: "v league" and "kim jong un" find "V-League" and
    "Jong-un" as they find "xe điện" (a spaced dash, "Bà Rịa - Vũng Tàu", still does)."""
    at = [m.start() for m in _GLUED_HYPHEN_RE.finditer(text)]
    if not at:
        return set()
    starts = [span[0] for span in spans]
    out = set()
    for pos in at:
        i = bisect.bisect_left(starts, pos)
        if 0 < i < len(spans) - 1 and starts[i] == pos and spans[i][1] == pos + 1 \
                and spans[i - 1][1] == pos and starts[i + 1] == pos + 1:
            out.add(i)
    return out


_GLUED_HYPHEN_RE = re.compile(r"(?<=[^\W_])-(?=[^\W_])")


def iter_words(text: str) -> Iterator[tuple[list[tuple[int, int]], bool]]:
    """Yield ``(syllable spans, gap_before)`` for each pyvi word of ``text``.

    Punctuation and line breaks are not words; they set ``gap_before`` on the next
    word so that phrases never match across a sentence or a comma (a hyphen inside a
    word ends the word without a gap: :func:`glued_hyphens`). ``gap_before`` is 2 (still
    true) when the gap is one of LIST_MARKS alone between two words.
    """
    current: list[tuple[int, int]] = []
    gap = 0
    pending_gap = 0
    marks: list[str] = []      # the pieces of the pending gap
    spans = segment_cached(text)
    glued = glued_hyphens(text, spans)
    for i, (start, end, joined) in enumerate(spans):
        piece = text[start:end]
        if not _is_wordlike(piece):
            if current:
                yield current, gap
                current = []
            if i not in glued:
                pending_gap = 1
                marks.append(piece)
            continue
        if joined and current:
            current.append((start, end))
            continue
        if current:
            yield current, gap
        current = [(start, end)]
        gap = 2 if pending_gap and len(marks) == 1 and marks[0] in LIST_MARKS and i > 1 else pending_gap
        pending_gap, marks = 0, []
    if current:
        yield current, gap


class VnTokenizer(Tokenizer):
    """Segments with pyvi and yields words (``mode="word"``) or syllables.

    Word tokens are the syllables joined by "_" ("Điện_gió"); their chars span
    from the first syllable's start to the last one's end in the original text.
    """

    def __init__(self, unit: str = "word"):
        if unit not in ("word", "syllable"):
            raise ValueError("unit must be 'word' or 'syllable'")
        self.unit = unit

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VnTokenizer) and other.unit == self.unit

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True,
                 start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        first = True
        for spans, gap in iter_words(value):
            if gap and not first:
                pos += 1  # keep phrases inside a clause
            first = False
            if self.unit == "word":
                pieces = [(spans[0][0], spans[-1][1], "_".join(value[s:e] for s, e in spans))]
            else:
                pieces = [(s, e, value[s:e]) for s, e in spans]
            for k, (s, e, text) in enumerate(pieces):
                t.text = text
                t.listed = k == 0 and gap == 2   # after a list mark (MarkedPairFilter)
                t.boost = 1.0
                if keeporiginal:
                    t.original = text
                t.stopped = False
                t.pos = pos  # always: the bigram filter needs adjacency
                pos += 1
                if chars:
                    t.startchar = start_char + s
                    t.endchar = start_char + e
                yield t


class CanonFilter(Filter):
    """NFC, one tone-placement convention, lower case: "Hoà" and "hòa" are one term; and
    no full stop on an abbreviation ("EVN." at a sentence's end is "evn")."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            text = normalize_tones(t.text).lower()
            t.text = without_abbreviation_dot(text)
            if t.chars and text.endswith(".") and not t.text.endswith("."):
                t.endchar -= 1          # the mark then covers "EVN", not "EVN."
            yield t


class FoldFilter(Filter):
    """Strip diacritics ("điện" -> "dien"), for queries typed without accents."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = without_abbreviation_dot(fold(t.text))
            yield t


class BigramFilter(Filter):
    """Adjacent folded syllables as one term ("dien gio"), never across punctuation.

    A two-syllable word or phrase is then one term lookup instead of a phrase
    match over two long posting lists.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        prev_text, prev_pos = None, -2
        for t in tokens:
            text, pos = t.text, t.pos
            if prev_text is not None and pos == prev_pos + 1:
                t.text = prev_text + " " + text
                t.pos = prev_pos
                yield t
            prev_text, prev_pos = text, pos


class MarkedPairFilter(Filter):
    """Folded syllables parted by a list mark alone as one term (:func:`marked_bigram`):
    in a field of their own, so that the bigram field's lengths, and the scores, stay
    as they were."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        prev_text, prev_pos = None, -2
        for t in tokens:
            text, pos = t.text, t.pos
            if prev_text is not None and pos == prev_pos + 2 and getattr(t, "listed", False):
                t.text = marked_bigram(prev_text, text)
                t.pos = prev_pos
                yield t
            prev_text, prev_pos = text, pos


def word_analyzer():
    return VnTokenizer("word") | CanonFilter()


def syllable_analyzer():
    return VnTokenizer("syllable") | CanonFilter()


def folded_analyzer():
    return VnTokenizer("syllable") | FoldFilter()


def bigram_analyzer():
    return VnTokenizer("syllable") | FoldFilter() | BigramFilter()


def marked_pair_analyzer():
    return VnTokenizer("syllable") | FoldFilter() | MarkedPairFilter()


def folded_bigrams(folded: tuple[str, ...]) -> list[str]:
    """The bigram terms of a run of folded syllables."""
    return [a + " " + b for a, b in zip(folded, folded[1:])]


# --- indexing: many texts at once ----------------------------------------------------
@dataclass
class FormTerms:
    """One form's tokens of a batch of texts: ``terms[tid[i]]`` stands in text ``text[i]``
    at position ``pos[i]``."""

    terms: list[str]
    tid: np.ndarray
    text: np.ndarray
    pos: np.ndarray
    #: Syllables only: whether each token begins one of pyvi's words.
    starts: np.ndarray | None = None


class TermBatch:
    """The word, syllable, folded and folded-bigram tokens of many texts, as arrays.

    Gives exactly the terms and positions the four analysers give (a test checks it),
    but the per-syllable work in Python is one slice and one dictionary lookup; the
    rest (word grouping, clause gaps, positions, bigrams) is NumPy over the whole
    batch. The segment builder turns these arrays into postings.
    """

    FORMS = ("", "_syl", "_fold", "_bi", "_mk")

    def __init__(self) -> None:
        self._piece_ids: dict[str, int] = {}
        self._sids: list = []      # per text: piece ids (int32 arrays)
        self._joined: list = []    # per text: pyvi's "joined to the previous" flags

    def __len__(self) -> int:
        return len(self._sids)

    def add(self, text: str) -> int:
        """Segment ``text`` and keep its tokens; returns the text's number in the batch."""
        return self.append(self.tokens(text))

    def tokens(self, text: str) -> tuple:
        """``text`` segmented, ready for :meth:`append` (the batch is not changed yet,
        so an error here leaves it as it was)."""
        toned = normalize_tones(text)
        spans = _segment.segment(toned)  # pyvi joins "hòa lưới" but not "hoà lưới"
        ctext = toned.lower()
        if len(ctext) == len(text):
            pieces = [ctext[s:e] for s, e, _j in spans]
        else:   # a character whose lower case is longer: normalise piece by piece
            pieces = [normalize_tones(text[s:e]).lower() for s, e, _j in spans]
        pieces = [without_abbreviation_dot(p) for p in pieces]
        for i in glued_hyphens(text, spans):
            pieces[i] = GLUED_HYPHEN
        return pieces, [j for _s, _e, j in spans]

    def append(self, tokens: tuple) -> int:
        pieces, joined = tokens
        ids = self._piece_ids
        self._sids.append(np.array([ids.setdefault(p, len(ids)) for p in pieces], dtype=np.int32))
        self._joined.append(np.array(joined, dtype=bool))
        return len(self._sids) - 1

    def finish(self) -> dict[str, FormTerms]:
        """The batch's tokens per form (by field-name suffix)."""
        counts = np.fromiter((len(x) for x in self._sids), dtype=np.int64, count=len(self._sids))
        n = int(counts.sum())
        pieces = list(self._piece_ids)
        S = np.concatenate(self._sids) if n else np.zeros(0, dtype=np.int32)
        J = np.concatenate(self._joined) if n else np.zeros(0, dtype=bool)
        self._sids, self._joined = [], []
        T = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        first = np.zeros(n, dtype=bool)
        first[(np.cumsum(counts) - counts)[counts > 0]] = True

        wordlike = np.fromiter((p.isalnum() or _is_wordlike(p) for p in pieces), dtype=bool, count=len(pieces))
        isw = wordlike[S] if n else np.zeros(0, dtype=bool)
        prev_word = np.zeros(n, dtype=bool)
        prev_word[1:] = isw[:-1]
        prev_word[first] = False
        prev_other = np.zeros(n, dtype=bool)     # the piece before is punctuation or a line break
        prev_other[1:] = ~isw[:-1] & (S[:-1] != self._piece_ids.get(GLUED_HYPHEN, -1))   # a hyphen inside a word is no gap
        prev_other[first] = False
        starts_word = isw & (~J | ~prev_word)

        # From here on: word syllables only.
        idx = np.flatnonzero(isw)
        m = len(idx)
        # The arrays handed out are int32: a batch's token arrays are the indexer's
        # largest memory; keys that combine two ids are computed in int64.
        Sw, Tw, start_w = S[idx], T[idx], starts_word[idx]
        first_w = np.ones(m, dtype=bool)
        first_w[1:] = Tw[1:] != Tw[:-1]
        # Punctuation between two words of a text opens a gap of one position, so
        # phrases and bigrams never span a clause boundary.
        gap_w = start_w & prev_other[idx] & ~first_w
        spos = _positions_in_text(np.arange(m, dtype=np.int64) + np.cumsum(gap_w), first_w).astype(np.int32)

        out: dict[str, FormTerms] = {}
        # Syllables: the piece ids themselves.
        out["_syl"] = FormTerms(pieces, Sw, Tw, spos, start_w)
        # Folded syllables.
        fold_ids: dict[str, int] = {}
        fold_of = np.fromiter((fold_ids.setdefault(fold(p), len(fold_ids)) for p in pieces),
                              dtype=np.int32, count=len(pieces))
        folds = list(fold_ids)
        Fw = fold_of[Sw] if m else np.zeros(0, dtype=np.int32)
        out["_fold"] = FormTerms(folds, Fw, Tw, spos)
        # Folded bigrams: neighbours in the same text with no gap between them; and
        # marked pairs: neighbours parted by one list mark alone (the piece before the
        # second is the mark, the one before that the first word's last piece).
        listed = np.zeros(n, dtype=bool)
        if n > 2:
            mark = np.zeros(len(pieces), dtype=bool)
            mark[[i for i, p in enumerate(pieces) if p in LIST_MARKS]] = True
            listed[2:] = mark[S[1:-1]] & isw[:-2] & (T[:-2] == T[2:])
        nxt = (Tw[1:] == Tw[:-1]) if m > 1 else np.zeros(0, dtype=bool)
        adj = np.flatnonzero(nxt & (spos[1:] == spos[:-1] + 1)) if m > 1 else idx[:0]
        marked = np.flatnonzero(nxt & (spos[1:] == spos[:-1] + 2) & listed[idx[1:]]) if m > 1 else idx[:0]
        nf = max(len(folds), 1)
        keys = Fw[adj].astype(np.int64) * nf + Fw[adj + 1]
        ukeys, inv = np.unique(keys, return_inverse=True)
        bigrams = [folds[k // nf] + " " + folds[k % nf] for k in ukeys.tolist()]
        out["_bi"] = FormTerms(bigrams, inv.reshape(-1).astype(np.int32), Tw[adj], spos[adj])
        keys = Fw[marked].astype(np.int64) * nf + Fw[marked + 1]
        ukeys, inv = np.unique(keys, return_inverse=True)
        pairs = [marked_bigram(folds[k // nf], folds[k % nf]) for k in ukeys.tolist()]
        out["_mk"] = FormTerms(pairs, inv.reshape(-1).astype(np.int32), Tw[marked], spos[marked])
        # Words: runs of syllables from one word start to the next.
        wstart = np.flatnonzero(start_w)
        wlen = np.diff(np.append(wstart, m))
        wgap = gap_w[wstart]
        wpos = _positions_in_text(np.arange(len(wstart), dtype=np.int64) + np.cumsum(wgap),
                                  first_w[wstart]).astype(np.int32)
        words: dict[str, int] = {}
        wid = np.empty(len(wstart), dtype=np.int32)
        one = wlen == 1
        uniq, inv = np.unique(Sw[wstart[one]], return_inverse=True)
        table = np.fromiter((words.setdefault(pieces[p], len(words)) for p in uniq.tolist()),
                            dtype=np.int64, count=len(uniq))
        wid[one] = table[inv.reshape(-1)]
        two = np.flatnonzero(wlen == 2)
        a, b = Sw[wstart[two]].astype(np.int64), Sw[wstart[two] + 1]
        uniq, inv = np.unique(a * max(len(pieces), 1) + b, return_inverse=True)
        npc = max(len(pieces), 1)
        table = np.fromiter((words.setdefault(pieces[k // npc] + "_" + pieces[k % npc], len(words))
                             for k in uniq.tolist()), dtype=np.int64, count=len(uniq))
        wid[two] = table[inv.reshape(-1)]
        sl = Sw.tolist()
        for k in np.flatnonzero(wlen > 2).tolist():
            s = int(wstart[k])
            word = "_".join(pieces[p] for p in sl[s:s + int(wlen[k])])
            wid[k] = words.setdefault(word, len(words))
        out[""] = FormTerms(list(words), wid, Tw[wstart], wpos)
        return out


def _positions_in_text(counter: np.ndarray, first: np.ndarray) -> np.ndarray:
    """``counter`` restarted at 0 at every ``first`` element (the start of each text)."""
    if not len(counter):
        return counter
    base_idx = np.maximum.accumulate(np.where(first, np.arange(len(first)), 0))
    return counter - counter[base_idx]


# --- query side ---------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """One word of a query, in every form the index holds it."""

    syllables: tuple[str, ...]   # canonical accented syllables ("điện", "gió")
    folded: tuple[str, ...]      # the same without diacritics ("dien", "gio")
    #: The syllables before which the lexicon writes a mark inside this term
    #: (querylang.join_terms, lexicon.term_marks): "chế biến, chế tạo" has (2,).
    joints: tuple[int, ...] = ()

    @property
    def word(self) -> str:
        """The term of the word field ("điện_gió")."""
        return "_".join(self.syllables)

    @property
    def accented(self) -> bool:
        """Whether the user typed any diacritic (then accent-exact matches matter)."""
        return tuple(self.syllables) != tuple(self.folded)

    @property
    def text(self) -> str:
        return " ".join(self.syllables)


def query_units(text: str) -> list[Unit]:
    """Segment a run of query words exactly like a document is segmented.

    In one tone convention and in lower case, as most queries are typed: pyvi's words
    depend on both ("hòa lưới" is one word, "hoà lưới" two; "KHÁNH HOÀ" is not
    "khánh hòa"), and how a query is typed must not change what it finds."""
    text = nfc(text)
    lowered = normalize_tones(text).lower()
    text = lowered if len(lowered) == len(text) else normalize_tones(text)
    units = []
    for spans, _gap in iter_words(text):
        syl = tuple(without_abbreviation_dot(canon(text[s:e])) for s, e in spans)
        units.append(Unit(syl, tuple(fold(s) for s in syl)))
    return units


def syllable_units(text: str) -> list[Unit]:
    """Split into single-syllable units with pyvi's syllable regex, without its CRF
    (quoted phrases, single words, text without accents)."""
    text = nfc(text)
    units = []
    for piece in _segment.syllables(text):
        if _is_wordlike(piece):
            c = without_abbreviation_dot(canon(piece))
            units.append(Unit((c,), (fold(c),)))
    return units


def gaps_are_list_marks(text: str) -> bool:
    """Whether every gap :func:`syllables_with_offsets` finds in ``text`` is one list mark
    alone ("Hà Nội, Hải Phòng", "Hà Nội - Hải Phòng"; not "Hà Nội. Hải Phòng"): gaps the
    index records as marked pairs (:func:`marked_bigram`)."""
    return _syllable_gaps(text)[2]


def syllables_with_offsets(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Canonical syllables of ``text`` and their positions as the indexer counts them:
    punctuation between two syllables ("Bà Rịa - Vũng Tàu") opens a gap of one, a
    hyphen inside a word ("VN-Index") none."""
    return _syllable_gaps(text)[:2]


@functools.lru_cache(maxsize=1024)
def _syllable_gaps(text: str) -> tuple[tuple[str, ...], tuple[int, ...], bool]:
    """(syllables, their positions, whether every gap is one list mark alone)."""
    text = nfc(text)
    pieces, spans = _segment.syllable_spans(text)
    glued = glued_hyphens(text, spans)
    syllables: list[str] = []
    offsets: list[int] = []
    marks: list[str] = []      # the punctuation since the last syllable
    pos, listed = 0, True
    for i, piece in enumerate(pieces):
        if _is_wordlike(piece):
            if marks and syllables:
                pos += 1
                listed = listed and len(marks) == 1 and marks[0] in LIST_MARKS
            syllables.append(without_abbreviation_dot(canon(piece)))
            offsets.append(pos)
            pos += 1
            marks = []
        elif piece.strip() and i not in glued:
            marks.append(piece.strip())
    return tuple(syllables), tuple(offsets), listed
