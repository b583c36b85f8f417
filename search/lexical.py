"""The words of an article as the topic models and the document vectors see them.

Phrase rules only see the phrases someone listed; a reader also recognises a topic from
the words around it (an online auction of SIM numbers, a workshop weaving rattan baskets
for export). The topic models of ``data/topic_model.json`` therefore weigh, besides the
phrase evidence, which syllables and pairs of adjacent syllables an article contains,
and which syllables its headline contains. Presence only: a word repeated all through a
story is one clue, as with the phrases.

Pure functions over text already prepared by :mod:`ctsearch.extract` (NFC, modern tone
placement, lower case), so training (``scripts/train_topic_model.py``,
``scripts/train_doc_vectors.py``) and indexing compute the same terms; :class:`TermIndex`
finds a fixed vocabulary's terms in an article for both :class:`TermScorer` and
:mod:`ctsearch.docvec`.
"""

from __future__ import annotations

import math
import re

__all__ = ["TITLE_PREFIX", "TermIndex", "TermScorer", "article_terms", "score_terms"]

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


class TermIndex:
    """Finds which terms of a fixed vocabulary an article contains, reading it once.

    The same terms as ``article_terms(title, body) & set(vocabulary)``, but only the
    syllable pairs that are in the vocabulary are ever built: an article has hundreds of
    pairs and a vocabulary holds a small share of all pairs.
    """

    def __init__(self, vocabulary: list[str]) -> None:
        self.size = len(vocabulary)
        # syllable -> index; first syllable -> second syllable -> index
        self._single: dict[str, int] = {}
        self._pairs: dict[str, dict[str, int]] = {}
        for i, term in enumerate(vocabulary):
            first, _, second = term.partition(" ")
            if second:
                self._pairs.setdefault(first, {})[second] = i
            else:
                self._single[first] = i

    def present(self, title: str, body: str) -> list[int]:
        """Indices (into the vocabulary) of the terms the article contains, ascending, so
        that sums over them run in the same order whatever the hash seed."""
        t_words = _SYLLABLE_RE.findall(title)
        words = t_words + _SYLLABLE_RE.findall(body)
        present = set(words)
        present.update(TITLE_PREFIX + w for w in t_words)
        single, pairs = self._single, self._pairs
        found = {single[t] for t in present if t in single}
        for a, b in zip(words, words[1:]):
            seconds = pairs.get(a)
            if seconds is not None:
                j = seconds.get(b)
                if j is not None:
                    found.add(j)
        return sorted(found)


class TermScorer:
    """The summed term weights of several models, reading each article once.

    Exactly ``score_terms(article_terms(title, body), weights)`` per model (the terms
    found by one :class:`TermIndex` over all the models' terms).
    """

    def __init__(self, models: dict[str, dict[str, float]]) -> None:
        self._names = list(models)
        vocabulary = sorted({t for weights in models.values() for t in weights})
        self._index = TermIndex(vocabulary)
        # term index -> (model, weight)s
        self._by_term: list[list[tuple[int, float]]] = [[] for _ in vocabulary]
        position = {t: i for i, t in enumerate(vocabulary)}
        for m, weights in enumerate(models.values()):
            for term, w in weights.items():
                self._by_term[position[term]].append((m, w))

    def scores(self, title: str, body: str) -> dict[str, float]:
        """model name -> sum of the weights of its terms present in the article."""
        parts: list[list[float]] = [[] for _ in self._names]
        for i in self._index.present(title, body):
            for m, w in self._by_term[i]:
                parts[m].append(w)
        # fsum: the exact sum, so the total never depends on the order of the terms.
        return {name: math.fsum(p) for name, p in zip(self._names, parts)}
