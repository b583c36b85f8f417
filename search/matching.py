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
import statistics
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
#: A query of one term held only as its words apart (:attr:`~search.querylang.Plan.parts`:
#: "mỹ phẩm" and "giả" in different places for `mỹ phẩm giả`) covers this share of it:
#: enough for such articles to follow the few that write it whole.
APART_SHARE = 0.5
#: Most an amount of the query weighs in the ranking of partial matches, as a share of its
#: lightest word (:func:`group_weights`): an article lacking it ranks before one lacking
#: any word.
DETAIL_SHARE = 0.5
#: Most a place named in the query weighs in that ranking, as a share of its heaviest word:
#: the place says where, the words what; for `cao su bình phước`, the rubber stories of
#: other provinces come before Bình Phước's crime news, though "Bình Phước" is the rarer.
#: (Not of the lightest: in a headline typed whole, "sẽ" or "không" would leave the place
#: nothing.)
PLACE_SHARE = 0.7
#: How far a sports or showbiz story falls below a trade story that matches as well: its
#: score is multiplied by ``1 - LEISURE_WEIGHT * s``, ``s`` how far the chance that it is
#: one (:mod:`search.storykind`) lies above :data:`LEISURE_FROM`, from 0 there to 1 at
#: certainty. A match report of Than Quảng Ninh, the football club, keeps a tenth of what
#: its words earn for `than quang ninh`; it still matches, and ranks first where nothing
#: else does. Classes come first as ever: this orders scores inside them.
LEISURE_WEIGHT = 0.9
#: The chance (percent) at or below which an article's story kind changes nothing: an
#: article no more likely sports or showbiz than not is ranked by its words alone (a
#: fashion fair, a pottery market), and near-ties never turn on a few percent.
LEISURE_FROM = 50


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


def idf(count: int, documents: int) -> float:
    """The weight of a part of the query found in ``count`` of ``documents`` articles."""
    return math.log(1.0 + documents / (count + 1.0))


def group_weights(counts: Sequence[int], documents: int, details: Sequence[bool] = (),
                  periods: Sequence[bool] = (), places: Sequence[bool] = ()) -> list[float]:
    """The weight of each group of a query among partial matches: its idf (``counts``: the
    articles holding it), but an amount (``details``) never more than ``DETAIL_SHARE`` of the
    lightest word, a place (``places``) never more than ``PLACE_SHARE`` of the heaviest, and
    a date or a year (``periods``) never more than the middle word (the median: not the
    heaviest, one rare word would let the period outweigh the subject, `lũy kế 9 tháng xuất
    khẩu` listing stock-market totals before the exports; not the lightest, "sẽ" or "không"
    of a headline typed whole would leave it nothing). A rare
    amount is no subject: for `lương tối thiểu 2.000.000 đồng`, the minimum-wage stories with
    another amount come before the articles with the amount and no minimum wage; for `lũ lụt
    tháng 11 2017`, flood stories before November 2017 stories about something else."""
    weights = [idf(c, documents) for c in counts]
    flags = list(details) + [False] * (len(weights) - len(details))
    dated = list(periods) + [False] * (len(weights) - len(periods))
    named = list(places) + [False] * (len(weights) - len(places))
    words = [w for w, d, p, at in zip(weights, flags, dated, named) if not d and not p and not at]
    if not words:
        return weights
    cap, top, where = DETAIL_SHARE * min(words), statistics.median(words), PLACE_SHARE * max(words)
    return [min(w, cap) if d else min(w, top) if p else min(w, where) if at else w
            for w, d, p, at in zip(weights, flags, dated, named)]


#: Words of the query some article holds that must remain for a word no article holds to
#: weigh nothing (:func:`rarity_weights`), and the share of the articles the rarest of them
#: may be in at most: one word alone, or two of the commonest ("việt nam ngày khaauf"),
#: would list every article holding them.
KNOWN_WORDS_LEFT = 2
KNOWN_WORD_SHARE = 0.1


def rarity_weights(counts: Sequence[int], documents: int, details: Sequence[bool] = (),
                   periods: Sequence[bool] = (), places: Sequence[bool] = (), full: int = 1) -> list[float]:
    """What each group of a query weighs in deciding which articles are near matches: its
    idf, but nothing for a word no article holds (a slip no reading mended, `xuất khaauf cà
    phê`) where ``KNOWN_WORDS_LEFT`` words some article holds remain, one of them no common
    word (``KNOWN_WORD_SHARE``): its rarity, the greatest of all, left the other words too
    little to cover, and a search with one such word listed nothing where every article on
    coffee exports lacks only it. Not an amount, a date or a place (``details``,
    ``periods``, ``places``): one no article holds is what was asked (`ngày 20/3/2019` is
    no near match of every "ngày"). Where no article holds every group (``full``, the full
    matches), a place weighs no more than in the ranking (``PLACE_SHARE`` of the heaviest
    word, :func:`group_weights`): it says where, the words what, and a district only a story
    or two names would otherwise leave its subject too little to cover (`cà phê krông pắc`
    listed nothing, not even the coffee stories of other places); where some do, its rarity
    stands (`hoa sa dec`: its 8 stories, not every story with "hoa" after them). Both
    backends decide with it."""
    weights = group_weights(counts, documents, places=places if not full else ())
    flags = [any(kinds[k] for kinds in (details, periods, places) if k < len(kinds)) for k in range(len(counts))]
    known = [c for c, flag in zip(counts, flags) if c and not flag]
    if len(known) < KNOWN_WORDS_LEFT or min(known) > KNOWN_WORD_SHARE * documents:
        return weights
    return [0.0 if not c and not flag else w for c, w, flag in zip(counts, weights, flags)]


def pair_weight(side_by_side: int, first: int, second: int, documents: int) -> float | None:
    """The weight of two words typed side by side, from the articles holding them side by
    side and each of the two syllables: its idf but never more than the commoner
    syllable's (two common words side by side by chance say less than a rare word:
    "hàng nóng" does not outweigh "Ducati"); None for a pair no article holds, or one that
    is a word, found together wherever the rarer syllable is (``WORD_COHESION``). Both
    backends weigh pairs with it."""
    if not side_by_side or side_by_side >= WORD_COHESION * min(first, second):
        return None
    return min(idf(side_by_side, documents), idf(first, documents), idf(second, documents))


def subject_groups(count: int, places: Sequence[bool], details: Sequence[bool] = (),
                   periods: Sequence[bool] = ()) -> list[int]:
    """Where a query names a place, the groups that say what it asks of it (not a place,
    an amount or a date): a near match must hold one. None where it names no place or
    nothing else (`Bạc Liêu 300 MW` lists the 300 MW projects of other provinces). Both
    backends ask it."""
    def flags(values: Sequence[bool]) -> list[bool]:
        return list(values) + [False] * (count - len(values))
    named, amounts, dates = flags(places), flags(details), flags(periods)
    if not any(named):
        return []
    return [i for i in range(count) if not (named[i] or amounts[i] or dates[i])]


def held_apart(scorer, plan: Plan, plain: bool = True) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Per group of ``plan``: (the documents holding every word of its term, whole or
    apart, and their score), or None for a group with no such words
    (:attr:`~search.querylang.Plan.parts`)."""
    return [None if node is None else scorer.evaluate(node, plain)
            for node in plan.parts or [None] * len(plan.groups)]


def partial_matches(result: PlanResult, strict: list[bool], alive: np.ndarray, documents: int,
                    pairs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]] = (),
                    details: Sequence[bool] = (), periods: Sequence[bool] = (),
                    apart: Sequence[tuple[np.ndarray, np.ndarray] | None] = (),
                    places: Sequence[bool] = (), weighed: Sequence[np.ndarray | None] = ()
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Documents that match most of the query but not all of it.

    Returns (mask, coverage, score): a document qualifies by the idf-weighted share of the
    query's groups it matches, and ranks by its coverage (:func:`group_weights`: an amount
    below the words, a province or a region, ``places``, below the heaviest word) of the
    groups and of ``pairs``
    (documents with two words typed side by side found side by side, with those holding
    each of the two syllables), each weighed by :func:`pair_weight`: "giá heo hơi hôm
    nay" lacking "hôm nay" holds the query together, a story with "heo", "hơi" and "hôm
    nay" apart does not, though "hôm nay" is the rarer word. A term held only as its words
    apart (``apart``, :func:`held_apart`) is a word lacking, but its words' scores rank the
    article above those lacking them too (the words of a rare term are often common ones:
    "tiết kiệm" and "điện" anywhere say little of "tiết kiệm điện"); and where the term is
    the whole query, they are its partial matches, covering ``APART_SHARE`` of it: `mỹ phẩm
    giả`, written whole by two articles, is followed by those with "mỹ phẩm" and "giả"
    apart. Strict groups (quoted phrases) and exclusions hold. A group weighs by the
    articles ``weighed`` gives it where it gives any (:attr:`~search.querylang.Plan.weighed`).
    """
    n = len(alive)
    alone = len(result.groups) == 1
    if len(result.groups) < 2 and not (alone and any(a is not None for a in apart)):
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    def count(m: np.ndarray) -> int:
        return int(np.count_nonzero(m & alive))

    counts = [count(m if w is None else w)
              for m, w in zip(result.groups, list(weighed) + [None] * (len(result.groups) - len(weighed)))]
    # Which articles qualify goes by each group's rarity alone (an amount as rare as it is:
    # "công suất 1.200 MW" lists no article with "công suất" alone; a date no article writes
    # leaves "giá điện ngày 20/3/2019" its electricity-price stories, but "ngày 20/3/2019"
    # no article with "ngày" alone); how they rank, by group_weights, where an amount weighs
    # below the words and a date no more than the middle word.
    # (every group held, exclusions aside, as the other backend counts it)
    rarity = rarity_weights(counts, documents, details, periods, places,
                            full=count(np.logical_and.reduce(result.groups)))
    weights = group_weights(counts, documents, details, periods, places)
    total, rare_total = sum(weights) or 1.0, sum(rarity) or 1.0
    coverage = np.zeros(n, dtype=np.float32)
    qualifies = np.zeros(n, dtype=np.float32)
    score = np.zeros(n, dtype=np.float32)
    ok = alive.copy()
    held = list(apart) + [None] * (len(result.groups) - len(apart))
    for m, s, w, r, must, part in zip(result.groups, result.group_scores, weights, rarity, strict, held):
        coverage += m * np.float32(w / total)
        qualifies += m * np.float32(r / rare_total)
        score += np.where(m, s, 0)
        if part is not None:
            only = part[0] & ~m
            if alone:
                coverage += only * np.float32(APART_SHARE * w / total)
                qualifies += only * np.float32(APART_SHARE * r / rare_total)
            score += np.where(only, part[1], 0)
        if must:
            ok &= m
    if result.bonus is not None:
        score += result.bonus
    if result.excluded is not None:
        ok &= ~result.excluded
    words = subject_groups(len(result.groups), places, details, periods)
    if words:
        # A place is where, not what: an article holding the places of the query and none
        # of its words is no near match (every Thanh Hóa story for `xi măng Thanh Hóa`).
        what = np.zeros(n, dtype=bool)
        for i in words:
            what |= result.groups[i] if held[i] is None else result.groups[i] | held[i][0]
        ok &= what
    mask = ok & ~result.mask & (qualifies >= MIN_COVERAGE - 1e-6)
    together_pairs = []
    for m, a, b in pairs:
        w = pair_weight(count(m), count(a), count(b), documents)
        if w is not None:
            together_pairs.append((m, w))
    if together_pairs:
        whole = total + sum(w for _m, w in together_pairs)
        together = coverage * np.float32(total / whole)
        for m, w in together_pairs:
            together += m * np.float32(w / whole)
        coverage = together
    return mask, np.where(mask, coverage, 0), np.where(mask, score, 0)


def missing_groups(result: PlanResult, labels: list[str], docnum: int,
                   apart: Sequence[tuple[np.ndarray, np.ndarray] | None] = (),
                   apart_labels: Sequence[str | None] = ()) -> list[str]:
    """The query words document ``docnum`` lacks; a term it holds only as its words apart
    (:func:`held_apart`) is said so (``apart_labels``, :attr:`Plan.apart_labels`)."""
    held = list(apart) + [None] * (len(labels) - len(apart))
    said = list(apart_labels) + [None] * (len(labels) - len(apart_labels))
    return [said[i] if held[i] is not None and said[i] and held[i][0][docnum] else label
            for i, (label, m) in enumerate(zip(labels, result.groups)) if not m[docnum]]



def kind_factor(leisure: np.ndarray, weight: float = LEISURE_WEIGHT) -> np.ndarray:
    """Per article, what its score is multiplied by for its story kind (``leisure``: the
    chance in percent that it is sports or showbiz news; ``weight``: see
    :data:`LEISURE_WEIGHT`)."""
    above = np.clip(leisure.astype(np.float32) - LEISURE_FROM, 0, None) / np.float32(100 - LEISURE_FROM)
    return (1.0 - np.float32(weight) * above).astype(np.float32)


def rank(candidates: np.ndarray, klass: np.ndarray, score: np.ndarray | None, date: np.ndarray,
         offset: int, limit: int, by_date: bool = False,
         within: np.ndarray | None = None) -> list[tuple[int, float | None]]:
    """One page of the total order: class, then score (highest first), then date
    (newest first), then document number. ``score`` None sorts by date alone; ``by_date``
    puts the date before the score, which then orders the articles of one day, and above
    all the many with no date, by relevance rather than by where they lie in the index:
    by their ``within`` class (the reading that found them, as the relevance order has
    it), then score (their scores are not given: a page sorted by date shows none)."""
    cand = np.flatnonzero(candidates)
    if not len(cand) or offset >= len(cand):
        return []
    k = offset + limit
    if by_date and score is not None:
        if len(cand) > k:
            # Only the articles that can reach the page are sorted in full: those whose
            # (class, date) is at least the k-th's (ties kept: one day's articles, or the
            # many undated, are then ordered among themselves).
            key = klass[cand].astype(np.int64) * np.int64(10**9) - date[cand].astype(np.int64)
            cand = cand[key <= np.partition(key, k - 1)[k - 1]]
        kc = klass[cand].astype(np.int64)
        wc = within[cand].astype(np.int64) if within is not None else np.zeros(len(cand), dtype=np.int64)
        order = np.lexsort((cand, -score[cand], wc, -date[cand], kc))[offset:offset + limit]
        return [(int(cand[i]), None) for i in order]
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
