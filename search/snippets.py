"""Highlighted snippets, computed on the stored text by syllables.

Re-running pyvi's CRF on each hit at query time would cost more than the search;
matching the query's syllable sequences against a cheap regex split of the original
text finds the same places, with offsets into the text the user sees. Everything is
HTML-escaped; ``<mark>`` is the only markup added.
"""

from __future__ import annotations

import bisect
import html
import re
import threading
from collections import OrderedDict
from typing import Iterable, Sequence

from .textnorm import (LIST_MARKS, fold, has_plain_text, is_plain, is_plain_vietnamese, is_vietnamese_syllable,
                       normalize_tones)

#: Matches a snippet's window may start at, the first ones: a whole report pasted as one
#: article holds "các" or "lúa" tens of thousands of times, and every window would cost a
#: search seconds (a story holds a word of its subject a few dozen times).
MAX_WINDOWS = 1000

_SENTENCE_END = re.compile(r"[.!?…]\s+|\n")

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


class Needle:
    """What to look for: a syllable sequence, accented and folded; ``offsets`` (as the
    query's atoms have them) mark where punctuation stands between two syllables
    ("Bà Rịa - Vũng Tàu", "BR-VT")."""

    __slots__ = ("syllables", "folded", "accented", "gaps", "joints", "outside", "concepts")

    def __init__(self, syllables: Sequence[str], folded: Sequence[str],
                 offsets: Sequence[int] | None = None, accented: bool | None = None,
                 joints: Sequence[int] = (), outside: Sequence[str] = (),
                 concepts: Iterable[int] | None = None):
        self.syllables = tuple(syllables)
        # Which of the query's words it stands for (their groups: "điện gió" and its synonym
        # "phong điện" one, a run of them all); None: a word of its own. A snippet that
        # lacks one that the article holds shows a second stretch holding it.
        self.concepts = frozenset(concepts) if concepts is not None else None
        # A word of one syllable the search did not match inside the longer words of other
        # senses (``outside``, the index's words: "tiêu_dùng" for "tiêu") is not marked
        # there either, nor is a phrase holding part of one ("giá tiêu" of "giá tiêu dùng"):
        # an article holding it alone is marked where it is alone.
        self.outside = tuple(tuple(w.split("_")) for w in outside)
        self.folded = tuple(folded)
        # Matched with its marks (or its lack of them: a reading's "tin" is not "tín").
        self.accented = self.syllables != self.folded if accented is None else accented
        # Indices i (from 1) where punctuation stands before syllable i.
        self.gaps = frozenset(i for i in range(1, len(offsets or ())) if offsets[i] - offsets[i - 1] > 1)
        # Indices where a list mark may stand: where the lexicon writes one in the term
        # ("nông, lâm, thủy sản" for "nông lâm thủy sản").
        self.joints = frozenset(joints) - self.gaps


_fold_cache: "OrderedDict[str, str]" = OrderedDict()
_fold_lock = threading.Lock()


def _folded(text: str) -> str:
    """``fold(text)``, remembered for the last few hundred texts (paging and facet
    clicks show the same articles again; folding a long body costs ~0.5 ms)."""
    with _fold_lock:
        got = _fold_cache.get(text)
        if got is not None:
            _fold_cache.move_to_end(text)
            return got
    got = fold(text)
    if len(got) != len(text):
        # A stray combining mark ("Quốc ̣lộ") folds to nothing: fold character by character,
        # keeping one character for each, so that offsets still point into ``text``.
        got = "".join((f + "\x00")[0] for f in map(fold, text))
    with _fold_lock:
        _fold_cache[text] = got
        while len(_fold_cache) > 256:
            _fold_cache.popitem(last=False)
    return got


#: Between the words of a term: spaces, or one list mark (textnorm.LIST_MARKS) on one line.
_LISTED = r"(?:[^\S\n]*(?:" + "|".join(re.escape(m) for m in sorted(LIST_MARKS)) + r")[^\S\n]*|\s+)"


def _needle_pattern(folded: tuple[str, ...], gaps: frozenset[int] = frozenset(),
                    joints: frozenset[int] = frozenset()) -> re.Pattern:
    # Syllables separated by spaces (or a hyphen inside a word: "VN-Index"), as they stand
    # in a phrase, or by punctuation where the phrase has a gap, ending a word. The pattern starts with its literal so
    # that the regex engine skips ahead to it (a leading look-behind makes it try every
    # position: 16x slower); whether the match starts a word is checked by _word_matches.
    parts = [re.escape(folded[0])] if folded else []
    for i, f in enumerate(folded[1:], 1):
        parts.append((r"\s*[^\w\s]+\s*" if i in gaps else _LISTED if i in joints
                      else r"(?:\s+|-)") + re.escape(f))
    return re.compile("".join(parts) + r"(?![^\W_])")


# A syllable as the indexer reads one: a run of letters and digits, a number keeping its
# separators ("1.000", "4.0", "12,5"); other punctuation stands between syllables.
_SYLLABLE = re.compile(r"[^\W_]*\d(?:[.,]\d+)+|[^\W_]+")


def _word_matches(pattern: re.Pattern, text: str):
    """The matches of ``pattern`` in ``text`` that start a word."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        s = m.start()
        if s and text[s - 1].isalnum():
            pos = s + 1      # inside a longer word: look again from the next character
            continue
        yield m
        pos = max(m.end(), s + 1)


_NEWLINE = re.compile("\n")


def find_matches(text: str, needles: Iterable[Needle], plain_text: bool | None = None) -> list[tuple[int, int, int]]:
    """Character ranges ``(start, end, needle index)`` of the needles in ``text``.

    The search runs on the folded text (same length as the original), so one C-level
    regex scan per needle replaces tokenising the article. An accented needle marks
    its accent-exact occurrences and, where the text has none, the same words written
    without any diacritics (each paragraph judged, unless ``plain_text`` says it of the
    whole text: a headline too short to judge); never other words that merely fold the
    same ("đầu" for "dầu").
    """
    needles = list(needles)
    if not needles or not text:
        return []
    folded_text = _folded(text)
    if len(folded_text) != len(text):
        return []  # not NFC text; offsets would be wrong, so mark nothing
    found: list[tuple[int, int, int]] = []
    covered: list[tuple[int, int]] | None = None    # where the needles' ``outside`` words stand
    plain: dict[int, bool] = {}
    breaks: list[int] | None = None

    def in_plain_paragraph(pos: int) -> bool:
        # The search takes a bare word for an accented one only in text written without
        # diacritics; in accented text "gia" (tham gia) is not "giá".
        nonlocal breaks
        if plain_text is not None:
            return plain_text
        if breaks is None:
            breaks = [m.start() for m in _NEWLINE.finditer(text)]
        k = bisect.bisect_left(breaks, pos)
        if k not in plain:
            start = breaks[k - 1] + 1 if k else 0
            paragraph = text[start:breaks[k]] if k < len(breaks) else text[start:]
            # (a short line of a text written so all through: judged with the text)
            if -1 not in plain:
                plain[-1] = is_plain_vietnamese(text)
            plain[k] = is_plain(paragraph) and (plain[-1] or is_plain_vietnamese(paragraph))
        return plain[k]

    for n_idx, needle in enumerate(needles):
        if not needle.folded:
            continue
        exact, loose = [], []
        for m in _word_matches(_needle_pattern(needle.folded, needle.gaps, needle.joints), folded_text):
            s, e = m.span()
            rng = (s, e, n_idx)
            if not needle.accented:
                loose.append(rng)
                continue
            found_syl = tuple(_SYLLABLE.findall(normalize_tones(text[s:e]).lower()))
            if found_syl == needle.syllables:
                exact.append(rng)
            elif found_syl == needle.folded and in_plain_paragraph(s):  # written without accents
                loose.append(rng)
        kept = exact if (needle.accented and exact) else exact + loose
        if needle.outside and kept:
            if covered is None:
                covered = sorted(_covered(text, folded_text, {w for n in needles for w in n.outside}))
                covered_starts = [cs for cs, _ce in covered]
                longest = max((ce - cs for cs, ce in covered), default=0)
            # (one that holds such a word in part: "tiêu" of "tiêu dùng", and "giá tiêu" of
            # "giá tiêu dùng" too; only the words starting near it are looked at)
            kept = [r for r in kept if not any(
                cs < r[1] and r[0] < ce and not (r[0] <= cs and ce <= r[1])
                for cs, ce in covered[bisect.bisect_left(covered_starts, r[0] - longest):
                                      bisect.bisect_left(covered_starts, r[1])])]
        found.extend(kept)
    # Longest first at each start; drop overlaps.
    found.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    out: list[tuple[int, int, int]] = []
    end = -1
    for r in found:
        if r[0] >= end:
            out.append(r)
            end = r[1]
    return out


def _covered(text: str, folded_text: str, words: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Where ``words`` (syllables) stand in ``text``, as written: with their marks, or
    without any (where a word typed with marks is found too: a paragraph written so)."""
    out = []
    for word in words:
        bare = tuple(fold(w) for w in word)
        for m in _word_matches(_needle_pattern(bare), folded_text):
            s, e = m.span()
            if tuple(_SYLLABLE.findall(normalize_tones(text[s:e]).lower())) in (word, bare):
                out.append((s, e))
    return out


def _render(text: str, start: int, end: int, matches: list[tuple[int, int, int]]) -> str:
    parts = []
    pos = start
    for s, e, _ in matches:
        if s < start or e > end:
            continue
        parts.append(html.escape(text[pos:s]))
        parts.append(MARK_OPEN + html.escape(text[s:e]) + MARK_CLOSE)
        pos = e
    parts.append(html.escape(text[pos:end]))
    return "".join(parts)


def highlight(text: str, needles: Iterable[Needle], plain_text: bool | None = None) -> str:
    """The whole text, escaped, with every match marked (titles, article pages);
    ``plain_text``: see :func:`find_matches`."""
    return _render(text, 0, len(text), find_matches(text, needles, plain_text))


def words_lacking(text: str, needles: Iterable[Needle], plain_text: bool | None = None) -> list[str]:
    """The query's words (:attr:`Needle.concepts`) that ``text`` holds in no form, each as
    its first needle spells it: an article opened from a near match lacks them, and its
    page must not say it matches the whole query."""
    needles = list(needles)
    held = {c for _s, _e, k in find_matches(text, needles, plain_text) for c in _concepts(needles[k], k)}
    named: dict[int, str] = {}
    for needle in needles:
        if needle.concepts is not None and len(needle.concepts) == 1:
            named.setdefault(next(iter(needle.concepts)), " ".join(needle.syllables))
    return [word for c, word in sorted(named.items()) if c not in held]


def plain_title(title: str, body: str) -> bool | None:
    """Whether a headline is written without diacritics: too short to judge alone
    ("Gia dien tang manh"), it is when it has none and its article's text is plain; None
    (judge it as any text) otherwise."""
    if fold(title) != title.lower() or is_plain(title):
        return None
    return has_plain_text(body) or None


def _snap_start(text: str, pos: int, lead: int) -> int:
    """A start ``lead`` characters before ``pos``: a sentence start if one is that
    close, else the first word start after ``pos - lead``."""
    lo = max(0, pos - lead)
    if lo == 0:
        return 0
    best = None
    for m in _SENTENCE_END.finditer(text, lo, pos):
        best = m.end()
    if best is not None:
        return best
    space = text.find(" ", lo, pos)
    return space + 1 if space >= 0 else pos


def _snap_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, pos - 30), pos)
    return space if space > 0 else pos


#: A line that is the headline of another article and its date, as news sites list their
#: related stories under a story ("Ký hợp đồng gói thầu Nhà máy lọc dầu Dung Quất(18/05/2005)").
_LINK_LINE_RE = re.compile(r"^[^\n]{5,200}?\(\s*\d{1,2}/\d{1,2}/\d{4}\s*\)[ \t]*$", re.MULTILINE)


def _link_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line of a list of other articles' headlines, in order."""
    return [(m.start(), m.end()) for m in _LINK_LINE_RE.finditer(text)]


def make_snippet(text: str, needles: Iterable[Needle], width: int = 200, skip: int = 0) -> str:
    """About ``width`` characters around the best cluster of matches, as HTML; without a
    match, the text's start, or what follows its first ``skip`` characters (shown already
    as the title of an untitled article)."""
    needles = list(needles)
    text = text or ""
    matches = find_matches(text, needles)
    if not matches:
        start = skip if text[skip:].strip() else 0
        end = _snap_end(text, start + width)
        # (a title cut short goes on here, mid-sentence)
        cut = start > 0 and not text[:start].rstrip().endswith((".", "!", "?", "…", ":"))
        return ("… " if cut else "") + html.escape(text[start:end].strip()).replace("\n", " ") \
            + (" …" if end < len(text) else "")
    # The window that covers the most of the query (a multi-word needle counts for
    # its words, plus one for standing together), then the most matches; one that starts
    # in the story before one in the headlines of related articles listed under it, which
    # say what other stories are about.
    weight = [len(n.folded) + (1 if len(n.folded) > 1 else 0) for n in needles]
    links = _link_lines(text)
    starts = [a for a, _b in links]

    def in_links(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < links[k][1]

    def stop(pos: int) -> int:
        """Where the story a match at ``pos`` stands in runs into a list of headlines."""
        if in_links(pos):
            return len(text)
        k = bisect.bisect_right(starts, pos)
        return starts[k] if k < len(starts) else len(text)

    def window_at(i: int, wide: int) -> list[tuple[int, int, int]]:
        # (a match may run on from the story into the list: its own end is never cut off;
        # a window always holds the match it starts at, however narrow)
        s, e, _n = matches[i]
        limit = min(s + wide, max(stop(s), e))
        window = [matches[i]]
        for k in range(i + 1, len(matches)):
            m = matches[k]
            if m[0] > limit:       # (sorted by start: none further on ends within it)
                break
            if m[1] <= limit:
                window.append(m)
        return window

    def span(window: list[tuple[int, int, int]], wide: int) -> tuple[int, int]:
        # Some context before the first match: up to a third of the spare width,
        # from a sentence start when one is that close, else from a word start (and
        # more before it where the story ends in a list of headlines soon after).
        anchor = window[0][0]
        limit = stop(anchor)
        lead = min(80, max(0, (wide - (window[-1][1] - anchor)) // 3))
        if limit < len(text):
            lead = max(lead, min(wide - (limit - anchor), wide - (window[-1][1] - anchor)))
        start = _snap_start(text, anchor, lead) if lead else anchor
        end = min(_snap_end(text, max(start + wide, window[-1][1])), limit)
        return start, max(end, window[-1][1])

    best = None
    # (the windows start at the first matches only: an article repeating the words
    # thousands of times costs no more than one that holds them MAX_WINDOWS times)
    for i, (s, _e, _n) in enumerate(matches[:MAX_WINDOWS]):
        window = window_at(i, width)
        key = (not in_links(s), sum(weight[n] for n in {m[2] for m in window}), len(window), -s)
        if best is None or key > best[0]:
            best = (key, i, window)
    _, first, window = best
    spans = [span(window, width)]
    # A query of several words whose window lacks one the story holds elsewhere shows that
    # one in a second, shorter stretch ("… điện gió … Bến Tre …"), as the best engines do:
    # a hit that looks as if it held only a place says why it is there.
    # Only a word the search reads for sure opens a stretch: one with its marks or of
    # several syllables (a bare "vi" of an unsure reading matches "Vì" anywhere).
    concepts = [_concepts(n, k) for k, n in enumerate(needles)]
    sure = [n.accented or len(n.folded) > 1 or not is_vietnamese_syllable(n.folded[0]) for n in needles]
    # A word of the query weighs by its syllables, as the window's choice weighs them
    # ("xuất khẩu" over "qua").
    weight_of: dict[int, int] = {}
    for k, n in enumerate(needles):
        for c in concepts[k]:
            weight_of[c] = max(weight_of.get(c, 0), len(n.folded))

    def shown_by(ms) -> set[int]:
        return set().union(*(concepts[m[2]] for m in ms))

    def weighed(cs: set[int]) -> int:
        return sum(weight_of[c] for c in cs)

    story = [i for i, m in enumerate(matches) if not in_links(m[0]) and sure[m[2]]]
    held = shown_by(matches[i] for i in story)
    in_window = shown_by(window)
    missing = held - in_window
    if missing:
        narrow = window_at(first, width * 3 // 5)
        head = span(narrow, width * 3 // 5)
        others = [i for i in story if concepts[matches[i][2]] & missing
                  and not head[0] <= matches[i][0] < head[1]]
        if others:
            # the heaviest of the words the window lacked, the earliest
            second = max(others, key=lambda i: (weighed(concepts[matches[i][2]] & missing), -i))
            tail_window = window_at(second, width * 2 // 5)
            # two stretches only where they show more of the query than the one window did
            if weighed(shown_by(narrow) | shown_by(tail_window)) > weighed(in_window):
                spans = sorted([head, span(tail_window, width * 2 // 5)])
                if spans[1][0] <= spans[0][1] + 1:     # they meet: one stretch
                    spans = [(spans[0][0], max(spans[0][1], spans[1][1]))]
    parts = [_render(text, a, b, matches).replace("\n", " ").strip() for a, b in spans]
    return (("… " if spans[0][0] > 0 else "") + " … ".join(parts)
            + (" …" if spans[-1][1] < len(text) else ""))


def _concepts(needle: Needle, k: int) -> frozenset[int]:
    """The query's words a needle stands for; a needle told none, a word of its own (``-1 - k``,
    apart from the query's groups)."""
    return needle.concepts if needle.concepts is not None else frozenset((-1 - k,))
