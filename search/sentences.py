"""Where the first sentence of a paragraph ends.

A full stop after "TP", "TS" or an initial ("TP. Hà Nội", "ông Nguyễn V. Anh") ends no
sentence, nor does one before a lower-case word; extraction (the lead's first sentence)
and derived titles (:mod:`search.titles`) read sentences the same way.
"""

from __future__ import annotations

import re

#: Tokens that end with "." without ending a sentence ("TP. Điện Biên Phủ", "TS. Lê").
ABBREVIATIONS = frozenset({
    "tp", "tx", "tt", "q", "p", "h", "ts", "ths", "pgs", "gs", "bs", "ks", "ls", "ncs", "th", "st", "mr", "mrs",
    "ms", "dr", "v.v", "vd", "tr", "no", "co", "ltd", "inc", "jsc", "corp", "đ/c", "đc",
})
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’»)]*(?=\s+\S)")
_LAST_TOKEN_RE = re.compile(r"([\w./]+)$")


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph, keeping its final punctuation."""
    for m in _SENT_END_RE.finditer(text):
        end = m.end()
        nxt = text[end:].lstrip()[:1]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“«("):
            continue
        if text[m.start()] == ".":
            word = _LAST_TOKEN_RE.search(text, 0, m.start())
            token = word.group(1).lower() if word else ""
            # "TP. Hà Nội", "ông Nguyễn V. Anh": an abbreviation or an initial.
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
            # "2.983,97" has no space after the dot, so it never gets here.
        return text[:end].strip()
    return text.strip()
