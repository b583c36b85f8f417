"""“Có phải bạn muốn tìm …”: restoring diacritics and fixing typos from the index.

The vocabulary is the index's own: every accented word and syllable with its document
frequency. A query word typed without accents ("dien gio") becomes the most frequent
accented word that folds to it ("điện gió"); a word the index does not know at all
becomes the closest known one, unless it is a Vietnamese word (:mod:`search.lexicon`)
that no article has: "làng nghề" on an index without it is not a typo for "lan nghề". Operators, quotes and punctuation are kept as typed.
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .querylang import JOINED_NAME_RE
from .textnorm import canon, fold, nfc
from .vocab import MAX_COMPOUND, Vocabulary

_WORD = re.compile(r"\w+")


def suggest(vocab: Vocabulary, text: str) -> str | None:
    """A corrected query, or None when there is nothing to correct."""
    text = nfc(text)
    names = [m.span() for m in JOINED_NAME_RE.finditer(text)]   # kept as typed: "O'Reilly"
    tokens = [m for m in _WORD.finditer(text) if not any(a <= m.start() < b for a, b in names)]
    out: list[str] = []
    pos = 0
    changed = False
    i = 0
    while i < len(tokens):
        m = tokens[i]
        word = m.group(0)
        if word == "OR":
            out.append(text[pos:m.end()])
            pos = m.end()
            i += 1
            continue
        # Longest run of adjacent words typed without accents that is a known compound.
        replacement, used = None, 1
        for n in range(min(MAX_COMPOUND, len(tokens) - i), 1, -1):
            run = tokens[i:i + n]
            words = [t.group(0) for t in run]
            if (any(text[a.end():b.start()].strip() for a, b in zip(run, run[1:]))
                    or "OR" in words or any(fold(w) != w.lower() for w in words)):
                continue
            hit = vocab.accented_word("_".join(w.lower() for w in words))
            if hit:
                replacement, used = hit.replace("_", " "), n
                break
        if replacement is None:
            c = canon(word)
            f = fold(word)
            known = vocab.accented_syllable(f)
            if f == word.lower() and known is not None:        # typed without accents
                replacement = known
            elif (c not in vocab.accented_syllables and known is None and not word.isdigit()
                    and not lexicon().knows(c)):                   # a real word no article has stays
                replacement = vocab.closest_syllable(f)             # unknown: a typo?
            if replacement is not None and replacement == c:
                replacement = None
        end = tokens[i + used - 1].end()
        out.append(text[pos:m.start()])
        if replacement is not None:
            out.append(replacement)
            changed = changed or replacement != text[m.start():end].lower()
        else:
            out.append(text[m.start():end])
        pos = end
        i += used
    out.append(text[pos:])
    suggestion = "".join(out).strip()
    if not changed or canon(suggestion) == canon(text.strip()):
        return None
    return suggestion


def attach_suggester(engine) -> None:
    """Make ``engine.search`` fill ``suggestion`` for unaccented or fruitless queries."""

    def suggester(eng, parsed, text: str, total: int) -> str | None:
        unaccented = any(not a.accented for a in parsed.positive_atoms())
        if total and not unaccented:
            return None
        return suggest(eng.vocabulary(), text)

    engine.suggester = suggester
