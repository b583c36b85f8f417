"""Where a sentence ends.

A full stop after "TP", "TS" or an initial ("TP. Hà Nội", "ông Nguyễn V. Anh") ends no
sentence, nor does one before a lower-case word; extraction (the lead's first sentence,
the sentence around a province's mention) and derived titles (:mod:`search.titles`) read
sentences the same way.
"""

from __future__ import annotations

import re

#: Tokens that end with "." without ending a sentence ("TP. Điện Biên Phủ", "TS. Lê").
ABBREVIATIONS = frozenset({
    "tp", "tx", "tt", "q", "p", "h", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "ncs", "th", "st", "mr", "mrs",
    "ms", "dr", "v.v", "vd", "tr", "no", "co", "ltd", "inc", "jsc", "corp", "đ/c", "đc",
})
# Only from the start of a run of marks, taken whole: a long run of dots is read once, not
# once from each of its dots.
_SENT_END_RE = re.compile(r"(?<![.!?…])[.!?…]++[\"”’»)]*+(?=\s+\S)")
_LAST_TOKEN_RE = re.compile(r"([\w./]+)$")
_NEXT_CHAR_RE = re.compile(r"\s*(\S)")
#: Characters before a full stop that may belong to its token ("v.v", "đ/c").
_TOKEN_SPAN = 24


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Whether the punctuation ``m`` found ends a sentence: a capital, a digit or a quote
    follows, and a full stop does not close an abbreviation or an initial."""
    nxt = _NEXT_CHAR_RE.match(text, m.end())
    c = nxt.group(1) if nxt else ""
    if not (c.isupper() or c.isdigit() or c in "\"“«("):
        return False
    if text[m.start()] == ".":
        word = _LAST_TOKEN_RE.search(text, max(0, m.start() - _TOKEN_SPAN), m.start())
        token = word.group(1).lower() if word else ""
        # "TP. Hà Nội", "ông Nguyễn V. Anh": an abbreviation or an initial.
        # ("2.983,97" has no space after the dot, so it never gets here.)
        return not (token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()))
    return True


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, keeping its final punctuation."""
    for m in _SENT_END_RE.finditer(text):
        if _ends_sentence(text, m):
            return text[:m.end()].strip()
    return text.strip()


def sentence_end(text: str, pos: int, reach: int = 300) -> int:
    """Where the sentence holding ``pos`` ends (before its final punctuation), looking at
    most ``reach`` characters on; a line break ends one too."""
    hi = min(len(text), pos + reach)
    end = text.find("\n", pos, hi)
    end = hi if end < 0 else end
    for m in _SENT_END_RE.finditer(text, pos, min(len(text), end + 2)):
        if m.start() >= end:
            break
        if _ends_sentence(text, m):
            return m.start()
    return end


def sentence_at(text: str, pos: int, reach: int = 300) -> str:
    """The sentence of ``text`` around ``pos`` (at most ``reach`` characters either side;
    a line break ends one too), without its final punctuation."""
    lo = max(0, pos - reach)
    start = text.rfind("\n", lo, pos) + 1 or lo
    # The look-ahead of a sentence's end needs the character at ``pos`` in view.
    for m in _SENT_END_RE.finditer(text, start, min(len(text), pos + 1)):
        if m.end() <= pos and _ends_sentence(text, m):
            start = m.end()
    return text[start:sentence_end(text, pos, reach)]
