"""Whoosh analysis chains for Vietnamese, built on pyvi's word segmentation.

Each indexed text is seen three ways, one field each:

* ``word``  - pyvi words ("điện_gió"), accented, one tone convention, lower case;
* ``syl``   - single syllables ("điện", "gió"), accented: finds one syllable of a
  compound, or a compound that pyvi segmented differently in another sentence;
* ``fold``  - single syllables without diacritics ("dien", "gio"): finds text typed
  without accents, and accented text from a query typed without them.

The query side (:func:`query_units`) goes through the same segmentation and the same
normalising functions, so "thương mại điện tử" typed in a search box becomes the
same terms as in the documents.

Tokens carry ``startchar``/``endchar`` into the text that was passed in (the cleaned
NFC article body), never into a normalised copy, so highlights land on the right
words; the "_" that joins a compound only ever appears in index terms.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterator

from whoosh.analysis import Filter, Token, Tokenizer

from . import segment as _segment
from .textnorm import canon, fold, nfc, normalize_tones

__all__ = [
    "VnTokenizer",
    "CanonFilter",
    "FoldFilter",
    "word_analyzer",
    "syllable_analyzer",
    "folded_analyzer",
    "bigram_analyzer",
    "folded_bigrams",
    "Unit",
    "query_units",
    "segment_cached",
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
    spans = _segment.segment(text)
    with _cache_lock:
        _cache[text] = spans
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return spans


def _is_wordlike(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


def iter_words(text: str) -> Iterator[tuple[list[tuple[int, int]], bool]]:
    """Yield ``(syllable spans, gap_before)`` for each pyvi word of ``text``.

    Punctuation and line breaks are not words; they set ``gap_before`` on the next
    word so that phrases never match across a sentence or a comma.
    """
    current: list[tuple[int, int]] = []
    gap = False
    pending_gap = False
    for start, end, joined in segment_cached(text):
        piece = text[start:end]
        if not _is_wordlike(piece):
            if current:
                yield current, gap
                current = []
            pending_gap = True
            continue
        if joined and current:
            current.append((start, end))
            continue
        if current:
            yield current, gap
        current = [(start, end)]
        gap, pending_gap = pending_gap, False
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
            for s, e, text in pieces:
                t.text = text
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
    """NFC, one tone-placement convention, lower case: "Hoà" and "hòa" are one term."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = normalize_tones(t.text).lower()
            yield t


class FoldFilter(Filter):
    """Strip diacritics ("điện" -> "dien"), for queries typed without accents."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = fold(t.text)
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


def word_analyzer():
    return VnTokenizer("word") | CanonFilter()


def syllable_analyzer():
    return VnTokenizer("syllable") | CanonFilter()


def folded_analyzer():
    return VnTokenizer("syllable") | FoldFilter()


def bigram_analyzer():
    return VnTokenizer("syllable") | FoldFilter() | BigramFilter()


def folded_bigrams(folded: tuple[str, ...]) -> list[str]:
    """The bigram terms of a run of folded syllables."""
    return [a + " " + b for a, b in zip(folded, folded[1:])]


# --- indexing fast path -------------------------------------------------------------
def field_positions(text: str) -> tuple[dict, dict, dict, dict]:
    """Term -> positions for the word, syllable, folded and folded-bigram forms, in one pass.

    Gives exactly the terms and positions the three analysers give (a test checks
    it), without building a Whoosh token per term per field: at indexing time this
    is most of the cost after segmentation.
    """
    spans = segment_cached(text)
    ctext = normalize_tones(text).lower()
    ftext = fold(ctext)
    if len(ctext) != len(text) or len(ftext) != len(text):
        # A character whose lower case is longer: normalise piece by piece.
        ctext = ftext = None
    words: dict[str, list[int]] = {}
    syls: dict[str, list[int]] = {}
    folds: dict[str, list[int]] = {}
    bigrams: dict[str, list[int]] = {}
    wpos = spos = 0
    prev_fold, prev_pos = "", -2
    parts: list[str] = []
    fparts: list[str] = []
    pending_gap = False
    started = False

    def flush() -> None:
        nonlocal wpos, spos, prev_fold, prev_pos
        word = parts[0] if len(parts) == 1 else "_".join(parts)
        words.setdefault(word, []).append(wpos)
        wpos += 1
        for c, f in zip(parts, fparts):
            syls.setdefault(c, []).append(spos)
            folds.setdefault(f, []).append(spos)
            if prev_pos == spos - 1:
                bigrams.setdefault(prev_fold + " " + f, []).append(prev_pos)
            prev_fold, prev_pos = f, spos
            spos += 1

    for start, end, joined in spans:
        if ctext is not None:
            c = ctext[start:end]
        else:
            c = normalize_tones(text[start:end]).lower()
        if not (c.isalnum() or _is_wordlike(c)):
            if parts:
                flush()
                parts, fparts = [], []
            pending_gap = True
            continue
        f = ftext[start:end] if ftext is not None else fold(c)
        if joined and parts:
            parts.append(c)
            fparts.append(f)
            continue
        if parts:
            flush()
        if pending_gap and started:
            wpos += 1
            spos += 1
        pending_gap = False
        started = True
        parts, fparts = [c], [f]
    if parts:
        flush()
    return words, syls, folds, bigrams


# --- query side ---------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """One word of a query, in every form the index holds it."""

    syllables: tuple[str, ...]   # canonical accented syllables ("điện", "gió")
    folded: tuple[str, ...]      # the same without diacritics ("dien", "gio")

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
    """Segment a run of query words exactly like a document is segmented."""
    text = nfc(text)
    units = []
    for spans, _gap in iter_words(text):
        syl = tuple(canon(text[s:e]) for s, e in spans)
        units.append(Unit(syl, tuple(fold(s) for s in syl)))
    return units


def syllable_units(text: str) -> list[Unit]:
    """Split into single-syllable units with pyvi's syllable regex, without its CRF
    (quoted phrases, single words, text without accents)."""
    text = nfc(text)
    units = []
    for piece in _segment.syllables(text):
        if _is_wordlike(piece):
            c = canon(piece)
            units.append(Unit((c,), (fold(c),)))
    return units
