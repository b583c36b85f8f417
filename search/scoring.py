"""Vectorised matching and BM25 scoring over Whoosh's postings.

Whoosh's matchers walk postings one document at a time in Python and score every
hit; a common word in 40,000 articles takes a tenth of a second. Here a term's
postings are read block by block into NumPy arrays (ids and frequencies), and a
query tree (:mod:`search.querylang`) becomes boolean masks and score vectors over all
documents: the matching set for the facet counts and the scores for ranking come out
of one pass. Phrases, the one thing term postings cannot decide, are checked on the
documents that already contain their bigrams, with the positions of those documents
read straight from the posting blocks into arrays.
"""

from __future__ import annotations

import functools
import math
from collections import OrderedDict

import numpy as np
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .querylang import AllOf, AnyOf, Bonus, Everything, Near, Phrase, PlainOnly, Tagged, Term, Without
from .whoosh_internals import block_postings, blocks, is_block_matcher, length_column_bytes, unfiltered

K1, B = 1.2, 0.75
_BYTE_TO_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_TF = np.zeros(0, dtype=np.float32)


def _leaf_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """All (ids, weights) of one segment's posting list."""
    matcher = unfiltered(matcher)            # deleted documents: masked out later
    if is_block_matcher(matcher):
        ids, tfs = [], []
        for block_ids, block_tfs in block_postings(matcher):
            ids.append(block_ids)
            tfs.append(block_tfs)
        if not ids:
            return _EMPTY_IDS, _EMPTY_TF
        return np.concatenate(ids), np.concatenate(tfs)
    ids, tfs = [], []
    while matcher.is_active():               # inlined or other small lists
        ids.append(matcher.id())
        tfs.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(tfs, dtype=np.float32)


class Scorer:
    """Evaluates query trees for one searcher. Not thread-safe: the engine locks."""

    #: Term posting lists kept between queries (paging and facet clicks repeat them).
    cache_terms = 512
    #: Positions of common syllables kept between queries, in bytes. Phrases of common
    #: syllables ("Bộ Công Thương") otherwise decode most of "công"'s posting blocks
    #: for every search; the same few hundred syllables make up most phrases.
    cache_position_bytes = 96 * 2**20
    #: A syllable in at least this many articles of a segment has all its positions
    #: read and kept; rarer ones are read for the candidate articles only.
    common_df = 500
    #: Checks of many words kept between queries, as masks, up to this many bytes: the longer
    #: words of other senses of a word of one syllable (``Atom.inside``) are the same for every
    #: query holding it, and "điện" has hundreds, too many to read again each time.
    cache_check_bytes = 16 * 2**20

    def __init__(self, searcher, alive: np.ndarray, plain: np.ndarray | None = None):
        self.searcher = searcher
        self.n = len(alive)
        self.alive = alive
        #: Articles written without diacritics (see :class:`~search.querylang.PlainOnly`).
        self.plain = plain if plain is not None else np.zeros(len(alive), dtype=bool)
        self.doc_count = max(1, int(alive.sum()))
        self._leaves = list(searcher.reader().leaf_readers())
        self._lengths: dict[str, tuple[np.ndarray, float]] = {}
        self._postings: "OrderedDict[tuple[str, str], tuple[np.ndarray, np.ndarray]]" = OrderedDict()
        self._positions: "OrderedDict[tuple[int, str, str], tuple[np.ndarray, np.ndarray]]" = OrderedDict()
        self._checks: "OrderedDict[object, np.ndarray]" = OrderedDict()
        self._position_bytes = 0

    # -- raw data ---------------------------------------------------------------
    def lengths(self, field: str) -> tuple[np.ndarray, float]:
        """Per-document field lengths and their mean over live documents."""
        got = self._lengths.get(field)
        if got is None:
            arr = np.zeros(self.n, dtype=np.float32)
            for reader, offset in self._leaves:
                seg = self._segment_lengths(reader, field)
                arr[offset:offset + len(seg)] = seg
            live = arr[self.alive]
            mean = float(live.mean()) if len(live) else 0.0
            got = (arr, mean if mean > 0 else 1.0)
            self._lengths[field] = got
        return got

    @staticmethod
    def _segment_lengths(reader, field: str) -> np.ndarray:
        """One segment's field lengths: its length column read in one go (Whoosh 3
        codec), else asked document by document."""
        n = reader.doc_count_all()
        raw = length_column_bytes(reader, field)
        if raw is None:
            return np.array([reader.doc_field_length(d, field) or 0 for d in range(n)], dtype=np.float32)
        codes = np.zeros(n, dtype=np.uint8)
        got = np.frombuffer(raw, dtype=np.uint8)[:n]
        codes[:len(got)] = got
        return _BYTE_TO_LENGTH[codes]

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        key = (field, text)
        got = self._postings.get(key)
        if got is not None:
            self._postings.move_to_end(key)
            return got
        parts_ids, parts_tf = [], []
        for reader, offset in self._leaves:
            try:
                m = reader.postings(field, text)
            except TermNotFound:
                continue
            ids, tfs = _leaf_postings(m)
            parts_ids.append(ids + offset)
            parts_tf.append(tfs)
        if parts_ids:
            got = (np.concatenate(parts_ids), np.concatenate(parts_tf))
        else:
            got = (_EMPTY_IDS, _EMPTY_TF)
        self._postings[key] = got
        if len(self._postings) > self.cache_terms:
            self._postings.popitem(last=False)
        return got

    # -- evaluation ---------------------------------------------------------------
    def begin_query(self) -> None:
        """Forget the previous query's results (one query evaluates the same parts several
        times: with and without text written without diacritics, once per reading)."""
        self._memo: dict = {}

    def evaluate(self, node, plain: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(bool mask of matching documents, float32 scores; 0 where not matching).

        With ``plain`` False, :class:`PlainOnly` parts match nothing: what the query
        finds in accented text alone. Results are kept for the current query (see
        :meth:`begin_query`); callers must not modify the arrays returned.
        """
        memo = getattr(self, "_memo", None)
        if memo is None or isinstance(node, (Term, Everything)):
            return self._evaluate(node, plain)
        key = (node, plain and _has_plain(node))
        got = memo.get(key)
        if got is None:
            got = memo[key] = self._evaluate(node, plain)
        return got

    def _evaluate(self, node, plain: bool) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Tagged):
            ids, _tfs = self.postings(node.field, node.value)
            mask = np.zeros(self.n, dtype=bool)
            mask[ids] = True
            return mask, np.where(mask, np.float32(node.boost), np.float32(0))
        if isinstance(node, PlainOnly):
            if not plain or not self.plain.any():
                return np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float32)
            if isinstance(node.child, Phrase):
                # Positions are read for the candidates written without diacritics only.
                mask, score = self._phrase(node.child, within=self.plain)
            else:
                mask, score = self.evaluate(node.child, plain)
            mask = mask & self.plain
            return mask, np.where(mask, score, 0).astype(np.float32)
        if isinstance(node, AnyOf):
            if is_check(node) and all(isinstance(child, Term) for child in node.children):
                # (weightless words: which documents hold them is all there is to know)
                return self._words_mask(node).copy(), np.zeros(self.n, dtype=np.float32)
            mask = np.zeros(self.n, dtype=bool)
            score = np.zeros(self.n, dtype=np.float32)
            for child in node.children:
                m, s = self.evaluate(child, plain)
                mask |= m
                score += s
            return mask, score
        if isinstance(node, AllOf):
            mask, score = None, None
            for child in node.children:
                if mask is not None and is_check(child):
                    mask &= self._check(child, mask)
                    if not mask.any():
                        break
                    continue
                m, s = self.evaluate(child, plain)
                if mask is None:
                    mask, score = m.copy(), s.copy()
                else:
                    mask &= m
                    score += s
                if not mask.any():
                    break
            score[~mask] = 0
            return mask, score
        if isinstance(node, Bonus):
            mask, score = self.evaluate(node.required, plain)
            if mask.any():
                extra = self._bonus(node.optional, plain, mask)
                score = score + np.where(mask, extra, 0)
            return mask, score
        if isinstance(node, Without):
            mask, score = self.evaluate(node.positive, plain)
            if mask.any():
                neg, _ = self.evaluate(node.negative, plain)
                mask = mask & ~neg
                score = np.where(mask, score, 0).astype(np.float32)
            return mask, score
        if isinstance(node, Everything):
            return self.alive.copy(), np.zeros(self.n, dtype=np.float32)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Near):
            mask = self._near(node, self.alive)
            return mask, np.zeros(self.n, dtype=np.float32)
        raise TypeError(node)

    def _bonus(self, node, plain: bool, within: np.ndarray) -> np.ndarray:
        """The scores of an optional part, for the documents ``within``: its phrases'
        positions are read for those only, once a query (its tiers ask for the same
        phrases within other documents)."""
        if isinstance(node, Phrase):
            memo = getattr(self, "_memo", None)
            if memo is None:
                return self._phrase(node, within=within)[1]
            key = ("bonus", node)
            got = memo.get(key)
            if got is None:
                got = memo[key] = (np.zeros(self.n, dtype=bool), np.zeros(self.n, dtype=np.float32))
            checked, score = got
            todo = within & ~checked
            if todo.any():
                _m, found = self._phrase(node, within=todo)
                score[todo] = found[todo]
                checked |= todo
            return score
        if isinstance(node, AnyOf):
            total = np.zeros(self.n, dtype=np.float32)
            for child in node.children:
                total += self._bonus(child, plain, within)
            return total
        if isinstance(node, AllOf):
            # Checks first (a few terms), then the phrases on what they leave.
            mask = within.copy()
            total = np.zeros(self.n, dtype=np.float32)
            for child in sorted(node.children, key=lambda c: not is_check(c)):
                if not mask.any():
                    break
                if is_check(child):
                    mask &= self._check(child, mask)
                else:
                    got = self._bonus(child, plain, mask)
                    mask &= got > 0
                    total += got
            return np.where(mask, total, 0).astype(np.float32)
        return self.evaluate(node, plain)[1]

    def _term(self, node: Term) -> tuple[np.ndarray, np.ndarray]:
        ids, tfs = self.postings(node.field, node.text)
        mask = np.zeros(self.n, dtype=bool)
        score = np.zeros(self.n, dtype=np.float32)
        if not len(ids):
            return mask, score
        df = len(ids)
        idf = math.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))
        lengths, avg = self.lengths(node.field)
        dl = lengths[ids]
        s = idf * tfs * (K1 + 1) / (tfs + K1 * ((1 - B) + B * dl / avg))
        mask[ids] = True
        score[ids] = s * node.boost
        return mask, score

    def _check(self, node: AnyOf, within: np.ndarray) -> np.ndarray:
        """The documents of ``within`` that pass a check (see :func:`is_check`): a term's
        documents pass at once; positions are read for the others only."""
        if all(isinstance(child, Term) for child in node.children):
            return self._words_mask(node) & within
        passed = np.zeros(self.n, dtype=bool)
        for child in node.children:
            if isinstance(child, Term):
                passed |= self._term(child)[0]
            elif isinstance(child, Near):
                passed |= self._near(child, within & ~passed)
            else:
                passed |= self._phrase(child, within=within & ~passed)[0]
        return passed & within

    def _words_mask(self, node: AnyOf) -> np.ndarray:
        """The documents holding any of the terms of a check of terms alone, kept for the
        next queries (callers must not modify it)."""
        passed = self._checks.get(node)
        if passed is None:
            passed = np.zeros(self.n, dtype=bool)
            for child in node.children:
                passed[self.postings(child.field, child.text)[0]] = True
            self._checks[node] = passed
            while len(self._checks) > 1 and len(self._checks) * self.n > self.cache_check_bytes:
                self._checks.popitem(last=False)
        else:
            self._checks.move_to_end(node)
        return passed

    def _near(self, node: Near, within: np.ndarray) -> np.ndarray:
        """The documents of ``within`` where the two runs of ``node`` stand with at most
        ``node.slop`` positions between them, in either order (as ``span_near`` counts:
        from the end of the one before to the start of the other)."""
        cand = within.copy()
        for word in dict.fromkeys(node.first + node.second):
            if not cand.any():
                return cand
            cand &= self._term(Term(node.field, word, 0.0))[0]
        mask = np.zeros(self.n, dtype=bool)
        docs = np.flatnonzero(cand)
        if not len(docs):
            return mask
        la, lb, slop = len(node.first), len(node.second), node.slop
        for leaf, (reader, offset) in enumerate(self._leaves):
            local = docs[(docs >= offset) & (docs < offset + reader.doc_count_all())] - offset
            if not len(local):
                continue
            a = self._run_starts(leaf, reader, node.field, node.first, local)
            b = self._run_starts(leaf, reader, node.field, node.second, local)
            if not len(a) or not len(b):
                continue
            # For each start of the first run, the first start of the second at or after
            # the earliest place it may begin (its end at most ``slop`` before): near if it
            # begins no later than ``slop`` after the first run ends, in the same document.
            at = np.searchsorted(b, a - (lb + slop))
            ok = at < len(b)
            got = b[np.minimum(at, len(b) - 1)]
            ok &= (got <= a + la + slop) & ((got >> 32) == (a >> 32))
            mask[_unique(a[ok] >> 32) + offset] = True
        return mask

    def _run_starts(self, leaf: int, reader, field: str, words: tuple[str, ...],
                    docs: np.ndarray) -> np.ndarray:
        """Sorted keys ``doc << 32 | (start + _RUN_BIAS)`` of every place ``words`` stand in
        a row in ``docs`` (local to one segment)."""
        keys = None
        for i, word in enumerate(words):
            got_docs, got_pos = self._positions_of(leaf, reader, field, word, docs)
            k = _unique((got_docs.astype(np.int64) << 32) | (got_pos.astype(np.int64) - i + _RUN_BIAS))
            keys = k if keys is None else np.intersect1d(keys, k, assume_unique=True)
            if not len(keys):
                break
        return keys if keys is not None else np.zeros(0, dtype=np.int64)

    def _phrase(self, node: Phrase, within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        # Candidates: documents with every bigram (and in ``within``); positions are read
        # for those only.
        if node.prefilter:
            cand, score = self.evaluate(AllOf(node.prefilter))
        else:
            cand, score = self.alive.copy(), None
        if within is not None:
            cand = cand & within
        mask = np.zeros(self.n, dtype=bool)
        docs = np.flatnonzero(cand)
        if len(docs):
            for d in self._phrase_docs(node.field, node.words, docs, node.offsets):
                mask[d] = True
        if score is None:
            score = mask.astype(np.float32)
        return mask, np.where(mask, score * node.boost, 0).astype(np.float32)

    def _phrase_docs(self, field: str, words: tuple[str, ...], docs: np.ndarray,
                     offsets: tuple[int, ...] | None = None):
        """The candidate documents where ``words`` stand at consecutive positions (or
        at ``offsets`` from the first).

        Each word's positions in the candidates become keys ``doc << 32 | (pos - i)``;
        a phrase occurrence is a key common to every word.
        """
        n = len(words)
        offs = offsets if offsets is not None else tuple(range(n))
        top = offs[-1] + 1
        # Rarest word first: the candidates shrink fastest, and fewer blocks are read.
        reader = self.searcher.reader()
        order = sorted(range(n), key=lambda i: reader.doc_frequency(field, words[i]))
        for leaf, (reader, offset) in enumerate(self._leaves):
            local = docs[(docs >= offset) & (docs < offset + reader.doc_count_all())] - offset
            keys = None
            for i in order:
                if not len(local):
                    break
                got_docs, got_pos = self._positions_of(leaf, reader, field, words[i], local)
                k = (got_docs << 32) | (got_pos + (top - offs[i]))
                k = _unique(k)
                keys = k if keys is None else np.intersect1d(keys, k, assume_unique=True)
                local = _unique(keys >> 32)
            if keys is not None and len(local):
                yield from (local + offset).tolist()


    def _positions_of(self, leaf: int, reader, field: str, word: str,
                      docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(document, position) of ``word`` in the sorted ``docs`` of one segment: from
        the kept positions of a common syllable, else read from its posting blocks."""
        key = (leaf, field, word)
        got = self._positions.get(key)
        if got is None:
            if reader.doc_frequency(field, word) < self.common_df:
                return _positions_in(reader, field, word, docs)
            every = np.arange(reader.doc_count_all(), dtype=np.int64)
            all_docs, all_pos = _positions_in(reader, field, word, every)
            got = (all_docs.astype(np.int32), all_pos.astype(np.int32))
            self._positions[key] = got
            self._position_bytes += got[0].nbytes + got[1].nbytes
            while self._position_bytes > self.cache_position_bytes and len(self._positions) > 1:
                _k, (d, p) = self._positions.popitem(last=False)
                self._position_bytes -= d.nbytes + p.nbytes
        else:
            self._positions.move_to_end(key)
        return _select_docs(got[0], got[1], docs)


#: Added to positions in ``_run_starts`` keys: a run's start stays positive, and a window
#: reaching before a document's first position stays inside that document's keys.
_RUN_BIAS = 1 << 16


def is_check(node) -> bool:
    """A condition that adds nothing to a score: alternatives that are all terms or
    phrases of weight zero (a word's syllables side by side, querylang._atom_node). Inside
    ``AllOf`` it is evaluated on the documents the other children leave, and a phrase
    only on those its terms did not already pass."""
    return (isinstance(node, AnyOf) and bool(node.children)
            and all(isinstance(c, Near) or isinstance(c, (Term, Phrase)) and c.boost == 0.0 for c in node.children))


def _select_docs(all_docs: np.ndarray, all_pos: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows of (``all_docs``, ``all_pos``), sorted by document, whose document is in
    the sorted ``docs``."""
    lo = np.searchsorted(all_docs, docs, side="left")
    hi = np.searchsorted(all_docs, docs, side="right")
    counts = hi - lo
    keep = counts > 0
    lo, counts = lo[keep], counts[keep]
    if not len(lo):
        return _EMPTY_IDS, _EMPTY_IDS
    # Row indexes of every range [lo, lo + count): one arange shifted per range.
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    rows = np.arange(int(counts.sum()), dtype=np.int64) + starts
    return all_docs[rows].astype(np.int64), all_pos[rows].astype(np.int64)


@functools.lru_cache(maxsize=4096)
def _has_plain(node) -> bool:
    """Whether ``node`` has a :class:`PlainOnly` part (else its result does not depend on
    ``plain``)."""
    if isinstance(node, PlainOnly):
        return True
    if isinstance(node, (AnyOf, AllOf)):
        return any(_has_plain(c) for c in node.children)
    if isinstance(node, Without):
        return _has_plain(node.positive) or _has_plain(node.negative)
    if isinstance(node, Bonus):
        return _has_plain(node.required) or _has_plain(node.optional)
    return False


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (``np.unique`` without importing ``numpy.ma``, which costs
    a short command a noticeable part of its start)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _positions_in(reader, field: str, word: str, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(document, position) of every occurrence of ``word`` in the sorted ``docs`` of one
    segment, reading only the posting blocks that hold some of them."""
    try:
        matcher = reader.postings(field, word)
    except TermNotFound:
        return _EMPTY_IDS, _EMPTY_IDS
    matcher = unfiltered(matcher)
    out_docs, out_pos = [], []
    if not is_block_matcher(matcher):            # not from the W3 codec: one by one
        wanted = set(docs.tolist())
        while matcher.is_active():
            if matcher.id() in wanted:
                pos = matcher.value_as("positions")
                out_docs.append(np.full(len(pos), matcher.id(), dtype=np.int64))
                out_pos.append(np.asarray(pos, dtype=np.int64))
            matcher.next()
    else:
        # Values are ArrayPositions: each posting's positions as a uint32 array.
        low = 0
        for block in blocks(matcher):
            high = block.max_id
            a, b = np.searchsorted(docs, (low, high + 1))
            if a < b:
                ids = block.ids()
                want = docs[a:b]
                at = np.minimum(np.searchsorted(ids, want), len(ids) - 1)
                hit = at[ids[at] == want].tolist()
                values = block.values()
                pos = np.frombuffer(b"".join([values[j] for j in hit]), dtype="<u4").astype(np.int64)
                out_docs.append(np.repeat(ids[hit], [len(values[j]) // 4 for j in hit]))
                out_pos.append(pos)
            low = high + 1
    if not out_docs:
        return _EMPTY_IDS, _EMPTY_IDS
    return np.concatenate(out_docs), np.concatenate(out_pos)
