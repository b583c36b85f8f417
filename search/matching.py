"""From query plans to ranked results: reading tiers, partial matches, stable pages.

The engine may run several plans for one query (the likeliest reading of a query typed
without diacritics, the next readings, the query as typed). Each document takes the
*class* of the first plan that finds it, and classes rank before scores: everything
the likeliest reading finds in accented text comes first, whatever BM25 says of an
article that merely folds the same ("Thụy Điển" for "thuy dien").

When too few articles contain every word, articles that contain most of them follow
(:func:`partial_matches`), ranked by how much of the query they cover, rare words and
words typed side by side found side by side weighing more, then by score.

Paging is a total order (class, score, date, document number), so pages partition the
ranking even when many scores tie.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .querylang import Plan

#: Two syllables found side by side in this share of the articles holding the rarer one
#: are one word ("ùn ứ"): the words already count them, the pair does not.
WORD_COHESION = 0.5
#: A partial match must cover this share of the query's weight (idf-weighted words): about
#: half of the words, or fewer of the rare ones.
MIN_COVERAGE = 0.35


@dataclass
class PlanResult:
    """One plan evaluated: its matches and, per group, what matched and how well."""

    mask: np.ndarray                 # documents matching every group (and no excluded word)
    score: np.ndarray                # float32; 0 outside ``mask``
    groups: list[np.ndarray]         # per group: documents matching it
    group_scores: list[np.ndarray]
    bonus: np.ndarray | None         # proximity bonus, wherever earned
    excluded: np.ndarray | None      # documents with an excluded word


def evaluate_plan(scorer, plan: Plan, plain: bool = True) -> PlanResult:
    """Evaluate ``plan`` group by group (the groups are kept for partial matches)."""
    n = scorer.n
    masks: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    for node in plan.groups:
        m, s = scorer.evaluate(node, plain)
        masks.append(m)
        scores.append(s)
    if masks:
        mask = masks[0].copy()
        for m in masks[1:]:
            mask &= m
        score = np.zeros(n, dtype=np.float32)
        for s in scores:
            score += s
    else:
        mask = scorer.alive.copy()
        score = np.zeros(n, dtype=np.float32)
    bonus = None
    if plan.bonus is not None:
        _m, bonus = scorer.evaluate(plan.bonus, plain)
        score += bonus
    excluded = None
    if plan.excluded is not None:
        excluded, _ = scorer.evaluate(plan.excluded, plain)
        mask &= ~excluded
    mask &= scorer.alive
    return PlanResult(mask, np.where(mask, score, 0).astype(np.float32), masks, scores, bonus, excluded)


def tiered(results: list[tuple[np.ndarray, np.ndarray]], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(union mask, class per document, score per document): each document takes the
    class and score of the first result that contains it."""
    mask = np.zeros(n, dtype=bool)
    klass = np.zeros(n, dtype=np.int16)
    score = np.zeros(n, dtype=np.float32)
    for k, (m, s) in enumerate(results):
        new = m & ~mask
        klass[new] = k
        score[new] = s[new]
        mask |= new
    return mask, klass, score


#: Closeness is counted in whole units of the query's weight, so that both backends
#: compute it alike to the last unit (OpenSearch sums scores in single precision).
UNITS = 1000


@dataclass(frozen=True)
class Weights:
    """What each part of a query weighs, in ``UNITS``: ``words`` per group (its share of
    the groups' idf), ``together`` per group and then per pair that counts (its share of
    the groups' and those pairs' idf); ``held``: which of the query's pairs count."""

    words: tuple[int, ...]
    together: tuple[int, ...]
    held: tuple[int, ...]

    @property
    def every(self) -> int:
        """The words' units of an article holding every group."""
        return sum(self.words)

    @property
    def whole(self) -> int:
        return sum(self.together)

    @property
    def need(self) -> float:
        """The words' units a partial match needs (``MIN_COVERAGE``)."""
        return MIN_COVERAGE * self.every - 1e-6


def closeness_weights(groups: Sequence[int], pairs: Sequence[tuple[int, int, int]], documents: int) -> Weights:
    """The weights of a query from its groups' document counts and, per pair of words
    typed side by side, the counts of (the two side by side, the first, the second).

    A pair is weighed by its idf but never more than the rarer of its syllables: two
    common words side by side by chance say less than a rare word ("hàng nóng" does not
    outweigh "Ducati"), but "giá lúa" side by side says as much as "lúa". A pair no
    article holds, or one that is a word, found together wherever the rarer syllable is
    (``WORD_COHESION``), counts nothing."""
    def idf(count: int) -> float:
        return math.log(1.0 + max(1, documents) / (count + 1.0))

    weights = [idf(c) for c in groups]
    total = sum(weights) or 1.0
    held, extra = [], []
    for k, (side_by_side, first, second) in enumerate(pairs):
        if side_by_side and side_by_side < WORD_COHESION * min(first, second):
            held.append(k)
            extra.append(min(idf(side_by_side), max(idf(first), idf(second))))
    whole = total + sum(extra)
    # At least one unit each: an article lacking a group never counts as holding them all.
    return Weights(tuple(max(1, round(w / total * UNITS)) for w in weights),
                   tuple(max(1, round(w / whole * UNITS)) for w in weights + extra), tuple(held))


def closeness_class(together: np.ndarray | float, whole: int):
    """Closeness to 1/20, the closest 0 (rounded half to even, as ``Math.rint``)."""
    return np.rint((whole - together) * 20.0 / whole)


@dataclass
class Closeness:
    """How closely each document holds the query, in ``UNITS``: ``words``, ``together``
    (see :class:`Weights`); ``tight``: holding every pair that counts (every document
    when none does); ``pairs``: how many of them it holds."""

    weights: Weights
    words: np.ndarray
    together: np.ndarray
    tight: np.ndarray
    pairs: np.ndarray


def closeness(result: PlanResult, alive: np.ndarray, documents: int,
              pairs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]] = ()) -> Closeness:
    """The closeness of every document to the query of ``result``; ``pairs``: per pair
    of words typed side by side, the documents with the two side by side, the first, the
    second (``Plan.pairs``)."""
    def count(m: np.ndarray) -> int:
        return int(np.count_nonzero(m & alive))

    weights = closeness_weights([count(m) for m in result.groups],
                                [(count(m), count(a), count(b)) for m, a, b in pairs], documents)
    n = len(alive)
    words = np.zeros(n, dtype=np.int32)
    together = np.zeros(n, dtype=np.int32)
    for m, w, t in zip(result.groups, weights.words, weights.together):
        words += m * np.int32(w)
        together += m * np.int32(t)
    tight = np.ones(n, dtype=bool)
    held = np.zeros(n, dtype=np.int16)
    for k, t in zip(weights.held, weights.together[len(result.groups):]):
        m = pairs[k][0]
        together += m * np.int32(t)
        tight &= m
        held += m
    return Closeness(weights, words, together, tight, held)


def partial_matches(result: PlanResult, strict: list[bool], alive: np.ndarray, close: Closeness,
                    together_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Documents that match most of the query but not all of it.

    Returns (mask, score): a document qualifies by the idf-weighted share of the query's
    groups it matches (``Weights.need``), and ranks by its closeness (coverage of the
    groups and of the pairs, :func:`closeness`): "giá heo hơi hôm nay" lacking "hôm nay"
    holds the query together, a story with "heo", "hơi" and "hôm nay" apart does not,
    though "hôm nay" is the rarer word. ``together_only``: only those holding some pair.
    Strict groups (quoted phrases) and exclusions hold.
    """
    n = len(alive)
    if len(result.groups) < 2:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float32)
    score = np.zeros(n, dtype=np.float32)
    ok = alive.copy()
    for m, s, must in zip(result.groups, result.group_scores, strict):
        score += np.where(m, s, 0)
        if must:
            ok &= m
    if result.bonus is not None:
        score += result.bonus
    if result.excluded is not None:
        ok &= ~result.excluded
    mask = ok & ~result.mask & (close.words >= close.weights.need)
    if together_only:
        mask &= close.pairs > 0
    return mask, np.where(mask, score, 0)


def missing_groups(result: PlanResult, labels: list[str], docnum: int) -> list[str]:
    """The query words document ``docnum`` lacks."""
    return [label for label, m in zip(labels, result.groups) if not m[docnum]]


def rank(candidates: np.ndarray, klass: np.ndarray, score: np.ndarray | None, date: np.ndarray,
         offset: int, limit: int) -> list[tuple[int, float | None]]:
    """One page of the total order: class, then score (highest first), then date
    (newest first), then document number. ``score`` None sorts by date alone."""
    cand = np.flatnonzero(candidates)
    if not len(cand) or offset >= len(cand):
        return []
    k = offset + limit
    kc = klass[cand].astype(np.int64)
    sc = score[cand] if score is not None else np.zeros(len(cand), dtype=np.float32)
    if len(cand) > k:
        # Keep every document that can reach the page: the classes before the k-th
        # document's, and in its class those scoring at least as high as the k-th.
        kth = np.partition(kc, k - 1)[k - 1]
        before = kc < kth
        inside = np.flatnonzero(kc == kth)
        need = k - int(before.sum())
        if score is not None and need < len(inside):
            vals = sc[inside]
            thr = np.partition(-vals, need - 1)[need - 1]
            keep_inside = inside[-vals <= thr]
        else:
            keep_inside = inside
            if score is None and need < len(inside):
                dvals = date[cand[inside]]
                thr = np.partition(-dvals, need - 1)[need - 1]
                keep_inside = inside[-dvals <= thr]
        sel = np.concatenate([np.flatnonzero(before), keep_inside])
        cand, kc, sc = cand[sel], kc[sel], sc[sel]
    order = np.lexsort((cand, -date[cand], -sc, kc))[offset:offset + limit]
    return [(int(cand[i]), float(sc[i]) if score is not None else None) for i in order]
