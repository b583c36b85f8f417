"""Statistics of the indexed language, gathered while segments are built.

Two things a query typed by a person needs and a posting list cannot give cheaply:

* how often each pair of accented syllables stands side by side ("điện gió" vs
  "diễn giờ"), so that a query typed without diacritics can be read the way the
  indexed articles write it (:mod:`search.restore`);
* which abbreviations the articles define ("khu công nghiệp (KCN)"), so that either
  form finds both (:mod:`search.abbrev`).

Both are counted per segment by the builder (numbers of texts, not occurrences: one
article repeating a phrase does not outweigh many articles using another) and summed
over segments when the index generation's vocabulary is saved.
"""

from __future__ import annotations

import re

import numpy as np

from .textnorm import LETTER_RUN, canon, fold

#: Keys of the per-segment frequency file holding these statistics.
BIGRAMS_KEY = "syl_bigrams"
#: The same pairs, counted only where the first syllable begins a word ("giá cước" in
#: "giá cước vận tải", not "gia cuộc" in "tham gia cuộc thi").
START_BIGRAMS_KEY = "syl_start_bigrams"
ABBREVIATIONS_KEY = "abbreviations"


def syllable_bigrams(terms: list[str], tid: np.ndarray, doc: np.ndarray, pos: np.ndarray,
                     starts: np.ndarray | None = None) -> dict[str, int]:
    """Accented syllable pairs standing side by side -> number of documents with them.

    ``terms[tid[i]]`` stands in document ``doc[i]`` at position ``pos[i]`` (a field's
    syllable tokens, in text order); a gap in positions marks punctuation, which a
    pair never spans. Pairs with a digit or symbol are left out: only words are read
    back into queries. With ``starts`` (whether each token begins a word), only the
    pairs whose first syllable begins one: a query begins where a word does.
    """
    n = len(tid)
    if n < 2:
        return {}
    alpha = np.fromiter((t.isalpha() for t in terms), dtype=bool, count=len(terms))
    side = (doc[1:] == doc[:-1]) & (pos[1:] == pos[:-1] + 1)
    adj = np.flatnonzero(side if starts is None else side & starts[:-1])
    a, b = tid[adj], tid[adj + 1]
    keep = alpha[a] & alpha[b]
    a, b, d = a[keep].astype(np.int64), b[keep].astype(np.int64), doc[adj][keep].astype(np.int64)
    nt = max(len(terms), 1)
    pair = a * nt + b
    # One count per document: unique (document, pair), then count the pairs.
    per_doc = np.unique(d * (nt * nt) + pair) % (nt * nt)
    keys, counts = np.unique(per_doc, return_counts=True)
    return {terms[k // nt] + " " + terms[k % nt]: int(c)
            for k, c in zip(keys.tolist(), counts.tolist())}


# --- abbreviations defined in the text -------------------------------------------------
# "khu công nghiệp (KCN)", "Thương mại điện tử (TMĐT)", "Tp. Hồ Chí Minh (TP.HCM)".
_SHORT_IN_PARENS = re.compile(r"\(\s*([A-ZĐ][A-ZĐa-z0-9&.\-]{1,11})\s*\)")
#: Longest long form (in syllables) an abbreviation is matched against.
MAX_LONG = 10
#: How far before the parenthesis the long form is looked for.
_WINDOW = 160


def short_key(short: str) -> str:
    """The lookup form of a short form: folded, lower case, no dots, dashes or spaces
    ("TP.HCM", "TP HCM" and "tphcm" are one key; "TMĐT" and "tmdt" too)."""
    return re.sub(r"[\s.\-&/_]", "", fold(short)).lower()


def _letters(short: str) -> str:
    """The initials a short form spells ("KH&ĐT" -> "khdt")."""
    return short_key(short)


def defined_abbreviations(text: str) -> set[tuple[str, str]]:
    """``(short form, long form)`` pairs that ``text`` defines in parentheses.

    The long form is the run of syllables just before the parenthesis whose initials
    spell the short form, written as in the text (canonical case and tones).
    """
    found: set[tuple[str, str]] = set()
    for m in _SHORT_IN_PARENS.finditer(text):
        short = m.group(1).rstrip(".-")
        letters = _letters(short)
        if not 2 <= len(letters) <= 8 or not any(ch.isupper() for ch in short):
            continue
        if sum(ch.isupper() for ch in short) < 2:
            continue
        before = text[max(0, m.start() - _WINDOW):m.start()]
        before = re.split(r"[\n.;:!?()\[\]]", before)[-1]
        words = LETTER_RUN.findall(before)[-MAX_LONG:]
        if len(words) < 2:
            continue
        # The shortest run ending at the parenthesis that spells the short form.
        for k in range(2, len(words) + 1):
            run = words[-k:]
            if _spells(run, letters):
                found.add((short, canon(" ".join(run))))
                break
    return found


#: Small words a short form may leave out ("Kế hoạch và Đầu tư (KH&ĐT)").
_SKIPPABLE = {"va", "cua", "voi"}


def _initials(word: str) -> str:
    """What a word contributes to a short form: its initial, or all of an upper-case
    word ("TP Hồ Chí Minh (TP.HCM)")."""
    if len(word) > 1 and word.isupper():
        return fold(word).lower()
    return fold(word[0]).lower()


def _spells(run: list[str], letters: str) -> bool:
    if "".join(_initials(w) for w in run) == letters:
        return True
    kept = [w for w in run[1:-1] if fold(w).lower() not in _SKIPPABLE]
    return "".join(_initials(w) for w in [run[0], *kept, run[-1]]) == letters


def abbreviation_counts(texts: list[str]) -> dict[str, int]:
    """``"short\\tlong"`` -> number of texts defining it, for one segment's articles."""
    counts: dict[str, int] = {}
    for text in texts:
        for short, long in defined_abbreviations(text):
            key = short + "\t" + long
            counts[key] = counts.get(key, 0) + 1
    return counts
