"""The words of an article as a topic model sees them.

Phrase rules only see the phrases someone listed; a reader also recognises a topic from
the words around it (an online auction of SIM numbers, a workshop weaving rattan baskets
for export). The topic models of ``data/topic_model.json`` therefore weigh, besides the
phrase evidence, which syllables and pairs of adjacent syllables an article contains,
and which syllables its headline contains. Presence only: a word repeated all through a
story is one clue, as with the phrases.

Pure functions over text already prepared by :mod:`ctsearch.extract` (NFC, modern tone
placement, lower case), so training (``scripts/train_topic_model.py``) and indexing
compute the same terms.
"""

from __future__ import annotations

import math
import re

__all__ = ["TITLE_PREFIX", "TermScorer", "article_terms", "score_terms"]

#: Marks a headline syllable, so "điện" in the headline and in the body are two terms.
TITLE_PREFIX = "t:"

_SYLLABLE_RE = re.compile(r"\w+")


def article_terms(title: str, body: str) -> set[str]:
    """Headline syllables (prefixed), and the syllables and adjacent syllable pairs of
    the headline and body read as one text."""
    t_words = _SYLLABLE_RE.findall(title)
    words = t_words + _SYLLABLE_RE.findall(body)
    terms = {TITLE_PREFIX + w for w in t_words}
    terms.update(words)
    terms.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return terms


def score_terms(terms: set[str], weights: dict[str, float]) -> float:
    """Sum of the weights of the terms present, correctly rounded (so the same whatever
    order a set iterates in, from one process or hash seed to the next)."""
    return math.fsum(weights[t] for t in terms if t in weights)


class TermScorer:
    """The summed term weights of several models, reading each article once.

    Exactly ``score_terms(article_terms(title, body), weights)`` per model, but only
    the pairs of syllables that can be a weighted term are built: an article has
    hundreds of pairs and the models weigh a few hundred in all.
    """

    def __init__(self, models: dict[str, dict[str, float]]) -> None:
        self._names = list(models)
        # syllable -> (model, weight)s; first syllable -> second syllable -> (model, weight)s
        self._single: dict[str, list[tuple[int, float]]] = {}
        self._pairs: dict[str, dict[str, list[tuple[int, float]]]] = {}
        for i, weights in enumerate(models.values()):
            for term, w in weights.items():
                first, _, second = term.partition(" ")
                table = self._pairs.setdefault(first, {}) if second else self._single
                table.setdefault(second or first, []).append((i, w))

    def scores(self, title: str, body: str) -> dict[str, float]:
        """model name -> sum of the weights of its terms present in the article."""
        t_words = _SYLLABLE_RE.findall(title)
        words = t_words + _SYLLABLE_RE.findall(body)
        present = set(words)
        present.update(TITLE_PREFIX + w for w in t_words)
        single, pairs = self._single, self._pairs
        found = [single[t] for t in present if t in single]
        seen_pairs: set[tuple[str, str]] = set()
        for a, b in zip(words, words[1:]):
            seconds = pairs.get(a)
            if seconds is not None and b in seconds and (a, b) not in seen_pairs:
                seen_pairs.add((a, b))
                found.append(seconds[b])
        parts: list[list[float]] = [[] for _ in self._names]
        for hits in found:
            for i, w in hits:
                parts[i].append(w)
        # fsum: the same total whatever order the set of terms was visited in.
        return {name: math.fsum(p) for name, p in zip(self._names, parts)}
