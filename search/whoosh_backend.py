"""The Whoosh backend: one index folder, searched in this process.

Matching and scoring are NumPy over the postings (:mod:`search.scoring`), facets are
arrays (:mod:`search.facets`), and the searcher is refreshed when the index changes
on disk. Keys are Whoosh document numbers of the current searcher: valid within one
call of :meth:`WhooshBackend.search` and the :meth:`stored` that follows under the
engine's lock.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import Sequence

import numpy as np

from .abbrev import Abbreviations, saved_abbreviations
from .backend import PARTIAL_BANDS, PARTIAL_BELOW, Page, Search, typical_score
from .facets import FacetColumns, dates_mask
from .langfiles import count_aside, save_language_statistics
from .matching import evaluate_plan, held_apart, kind_factor, missing_groups, partial_matches, rank, tiered
from .querylang import Plan
from .scoring import Scorer
from .store import IndexError_, open_index, rules_versions
from .whoosh_internals import hold_files, toc_stamp
from .vocab import Vocabulary, saved_vocabulary


#: Tries at opening the newest commit while commits keep landing (see ``_open_latest``).
_OPEN_ATTEMPTS = 8
#: Matches kept for the next calls with the same searches (``WhooshBackend._matched``): a
#: search, its looser search and its wider filters' counts.
KEPT_MATCHES = 4


class WhooshBackend:
    """A long-lived handle on one index directory; the engine serialises calls."""

    name = "whoosh"
    #: How often (seconds) to look for a newer index on disk.
    refresh_interval = 1.0
    #: Statistics missing for a new commit are counted in a process of their own.
    count_in_child = True

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._ix = None
        self._searcher = None
        self._columns: FacetColumns | None = None
        self._scorer: Scorer | None = None
        self._kept_matches: OrderedDict[tuple, list] = OrderedDict()   # (see _matched)
        self._generation = 0
        self._stamp: tuple[int, int] | None = None   # the open generation's table of contents
        self._vocab: Vocabulary | None = None
        self._forms: Abbreviations | None = None
        self._checked = 0.0
        # The last generation's statistics, answered with while a newer generation's are
        # not saved yet (see _statistics), and when they were last looked for.
        self._stale: tuple[Vocabulary | None, Abbreviations | None] = (None, None)
        self._looked = 0.0
        self._saving: tuple | None = None    # (generation, its stamp) a thread is counting statistics of
        self._aside: tuple | None = None   # ((generation, stamp), vocabulary, abbreviations) it counted
        #: Bumped whenever a newer index generation is opened (caches key on it).
        self.version = 0

    # -- index lifecycle ------------------------------------------------------
    def current(self):
        """The searcher and columns, reopened if the index changed on disk."""
        with self._lock:
            now = time.monotonic()
            if self._searcher is None:
                self._ix = open_index(self.index_dir)
                self._open_latest()
                self._checked = now
            elif now - self._checked >= self.refresh_interval:
                self._checked = now
                # A newer commit, or the index deleted and built again: its generation
                # number may be the one open, in another file. (None there: a 503 naming
                # the command that builds one, not a search of deleted files.)
                if toc_stamp(self._ix, self._generation) != self._stamp or not self._searcher.up_to_date():
                    try:
                        self._ix = open_index(self.index_dir)
                    except IndexError_:
                        self.close()      # (every search says so until one is there again)
                        raise
                    self._open_latest()
            return self._searcher, self._columns

    def _held(self):
        """The searcher and columns the last search or lookup used, never refreshed:
        keys are document numbers of one searcher, so the articles of a page (and the
        neighbours of an article) are read from the searcher that found them, even if a
        commit landed in between."""
        with self._lock:
            return self.current() if self._searcher is None else (self._searcher, self._columns)

    def _open_latest(self) -> None:
        """Open the newest commit, with its files held open and its facet columns read.

        A commit that lands meanwhile deletes the files of the segments it replaces: a
        file not yet opened is then gone, and a column Whoosh finds missing reads as
        empty (or too short). So the opening is tried again until no commit landed
        while it ran (a few times; a commit only ever deletes after writing its table
        of contents); an index that fails every time raises its own error.
        Whoosh's own ``refresh`` is not used: when its first try fails it closes the
        readers it meant to reuse and fails again on them.
        """
        for attempt in range(_OPEN_ATTEMPTS):
            last = attempt == _OPEN_ATTEMPTS - 1
            searcher = None
            try:
                searcher = self._ix.searcher()
                reader = searcher.reader()
                generation = reader.generation()
                if generation is None or generation < 0:
                    generation = self._ix.latest_generation()
                hold_files(reader)
                columns = FacetColumns.load(self.index_dir, generation, reader)
            except Exception:   # a file gone (OSError), a column read short (ValueError) ...
                if searcher is not None:
                    searcher.close()
                if last:
                    raise
                time.sleep(0.02 * (attempt + 1))
                continue
            if last or self._ix.latest_generation() == generation:
                break
            searcher.close()
        if self._searcher is not None:
            self._searcher.close()   # calls are serialised: no request still reads it
        self._searcher = searcher
        self._generation = generation
        self._stamp = toc_stamp(self._ix, generation)
        self._columns = columns
        self._vocab = None   # loaded on first need: queries with syllables to group, and suggestions
        self._forms = None
        self._scorer = Scorer(searcher, columns.alive, columns.plain)
        self._kept_matches.clear()
        self.version += 1

    def generation(self) -> int:
        """A token that changes whenever searches would see another index (result
        caches key on it); looks for a newer index first, as a search does."""
        with self._lock:
            self.current()
            return self.version

    def statistics_token(self) -> int:
        return self.generation()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = self._ix = self._columns = self._scorer = self._vocab = None
            self._forms = None
            self._kept_matches.clear()
            self._stale = (None, None)
            self._aside = self._saving = None

    # -- statistics -------------------------------------------------------------
    def vocabulary(self) -> Vocabulary:
        with self._lock:
            self._statistics()
            if self._vocab is None:
                return self._stale[0]
            return self._vocab

    def abbreviations(self) -> Abbreviations:
        with self._lock:
            self._statistics()
            if self._forms is None:
                return self._stale[1]
            return self._forms

    def _statistics(self) -> None:
        """Load the current generation's vocabulary and abbreviations, saved by the indexer
        at the end of its run. While a run is still going (it has committed, and saves them
        when it ends) or was stopped before, the last generation's are answered with and a
        thread counts the new ones aside (and saves them, leaving any other generation's
        files alone): counting them over a large index takes seconds, which no request
        should wait for. With none before (the first load), they are counted here."""
        searcher, _ = self.current()
        if self._vocab is not None and self._forms is not None:
            return
        aside = self._aside
        if aside is not None and aside[0] == (self._generation, self._stamp):
            self._vocab, self._forms = aside[1], aside[2]    # counted aside (kept if not saved)
            self._stale, self._aside = (self._vocab, self._forms), None
            return
        now = time.monotonic()
        if self._stale[0] is not None and now - self._looked < self.refresh_interval:
            return                       # looked for them a moment ago
        self._looked = now
        reader = searcher.reader()
        vocab = self._vocab or saved_vocabulary(self.index_dir, self._generation, reader)
        forms = self._forms or saved_abbreviations(self.index_dir, self._generation, reader)
        if vocab is not None and forms is not None:
            self._vocab, self._forms = vocab, forms
        elif self._stale[0] is not None:
            self._vocab = vocab          # the abbreviations may follow it a moment later
            self._save_aside(self._generation, self._stamp)
            return
        else:
            self._vocab, self._forms = save_language_statistics(self.index_dir, self._generation, reader,
                                                                tidy=False)
        self._stale = (self._vocab, self._forms)

    def _save_aside(self, generation: int, stamp: tuple[int, int] | None = None) -> None:
        """Have the statistics of ``generation`` counted and saved aside (once): in a process
        of its own (``count_in_child``), then, if no files came of it (a folder that takes
        none, a process that could not start), in a thread here, kept in memory; a newer
        commit meanwhile makes either give up quietly. (Keyed on the table of contents' file
        too: an index deleted and built again may reach the same generation.)"""
        if self._saving == (generation, stamp):
            return
        self._saving = (generation, stamp)
        index_dir = self.index_dir
        child = None
        if self.count_in_child:
            import subprocess
            import sys
            try:
                child = subprocess.Popen(
                    [sys.executable, "-m", count_aside.__module__, os.fspath(index_dir), str(generation),
                     str(os.getpid())], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)
            except OSError:      # no process to be had: counted in the thread
                child = None

        def count() -> None:
            if child is not None:
                child.wait()
            try:
                ix = open_index(index_dir)
                try:
                    with ix.searcher() as searcher:
                        reader = searcher.reader()
                        if reader.generation() != generation or toc_stamp(ix, generation) != stamp:
                            return
                        if child is not None and saved_vocabulary(index_dir, generation, reader) is not None \
                                and saved_abbreviations(index_dir, generation, reader) is not None:
                            return       # saved by the process: the next look loads them
                        self._aside = ((generation, stamp), *save_language_statistics(index_dir, generation, reader,
                                                                                      tidy=False))
                finally:
                    ix.close()
            except Exception:    # noqa: BLE001 - files gone under a newer commit; the next one tries
                pass

        threading.Thread(target=count, name=f"ctsearch-statistics-{generation}", daemon=True).start()

    def rules_versions(self) -> list[str]:
        return rules_versions(self.index_dir)

    def known_values(self, facet: str) -> list:
        return self.current()[1].known_values(facet)

    # -- search -------------------------------------------------------------------
    def search(self, alternatives: Sequence[Search], filters: dict[str, list[str]],
               date_range: tuple[int | None, int | None], sort: str, offset: int, limit: int) -> Page:
        with self._lock:
            _searcher, columns = self.current()
            scorer = self._scorer
            scorer.begin_query()
            n = scorer.n
            chosen, mask, klass, score, primary, spec, near = self._matched(alternatives, columns)
            low, high = date_range
            in_range = dates_mask(columns.date, low, high) if low is not None or high is not None else None
            if in_range is not None:
                mask &= in_range
            max_class = int(klass[mask].max()) if spec.primary is not None and mask.any() else None
            filtered, facets = columns.count(mask, filters)
            total_full = total = int(filtered.sum())
            partial = False
            top_class = 0
            # Partial matches follow where few articles match every word; or where the facet
            # filters leave few, within them, the facet counts staying those of the full
            # matches: ticking a value lists the articles its count promised first, then the
            # near matches ("giảm giá sốc" in e-commerce stories).
            few = int(np.count_nonzero(mask & columns.alive)) < PARTIAL_BELOW
            few_filtered = not few and any(filters.values()) and total_full < PARTIAL_BELOW
            if primary is not None and (few or few_filtered):
                if near is None:
                    near = self._near(spec, primary, columns)
                    self._keep_near(alternatives, columns, near)
                pmask, coverage, pscore, apart = near
                pmask = pmask.copy()
                if in_range is not None:
                    pmask &= in_range
                if max_class is not None and max_class <= 1:
                    # Every full match holds the likeliest reading (said to be what was
                    # searched): none ranks among the near matches for the words as typed
                    # matching it only in part ("bản tin ngày 15/3/2021"). Where lesser
                    # readings match in full, theirs still do, below the typed words' fuller
                    # near matches (a headline typed with a word wrong).
                    pmask = pmask & ~mask
                if pmask.any():
                    # Near matches follow only where some article lacks a word: a lesser
                    # reading's full match ranked here by its coverage is none.
                    full = mask.copy()   # a reading's full match lacks no word, wherever it ranks
                    # Partial matches rank after every full match, by coverage (in PARTIAL_BANDS).
                    top_class = int(klass[mask].max()) + 1 if mask.any() else 0
                    klass[pmask] = top_class + np.round((1.0 - coverage[pmask]) * PARTIAL_BANDS).astype(np.int16)
                    score[pmask] = pscore[pmask]
                    mask = mask | pmask
                    if few:
                        filtered, facets = columns.count(mask, filters)
                        partial = bool((pmask & ~full).any())
                    else:
                        filtered = columns.passing(mask, filters)     # (the counts stay the full matches')
                        partial = bool((filtered & ~full).any())
                    total = int(filtered.sum())
            ranked: list[tuple[int, float | None]] = []
            scored = not spec.everything
            if total and offset < total:
                if scored and spec.kind_weight:
                    score = score * kind_factor(columns.leisure, spec.kind_weight)
                if scored and sort == "relevance":
                    ranked = rank(filtered, klass, score, columns.date, offset, limit)
                else:
                    # Newest first; full matches before partial ones; the articles of one
                    # day (and those with none) by relevance.
                    k = (klass >= top_class).astype(np.int16) if partial else np.zeros(n, dtype=np.int16)
                    ranked = rank(filtered, k, score if scored else None, columns.date, offset, limit,
                                  by_date=True, within=klass)
            hits = []
            for d, sc in ranked:
                missing: list[str] = []
                if partial and not full[d]:
                    plan = spec.tiers[spec.primary].plan
                    missing = missing_groups(primary, plan.labels, d, apart, plan.apart_labels)
                hits.append((d, sc if scored else None, missing))
            return Page(total, total_full, partial, hits, facets, chosen, max_class, partial_counted=partial and few)

    def count_matching(self, plans: Sequence[Plan]) -> list[int]:
        with self._lock:
            _searcher, columns = self.current()
            scorer = self._scorer
            scorer.begin_query()
            accented = columns.alive & ~columns.plain
            return [int(np.count_nonzero(evaluate_plan(scorer, p, plain=False).mask & accented)) for p in plans]

    def score_summary(self, plans: Sequence[Plan]) -> list[tuple[int, float]]:
        with self._lock:
            self.current()
            scorer = self._scorer
            scorer.begin_query()
            out = []
            for p in plans:
                result = evaluate_plan(scorer, p, plain=True)
                out.append((int(np.count_nonzero(result.mask)), typical_score(result.score[result.mask])))
            return out

    def _matched(self, alternatives: Sequence[Search], columns: FacetColumns):
        """:meth:`_match`, kept (the last ``KEPT_MATCHES``) for the next call with the same searches on the same
        index: which articles match does not depend on the filters or the dates, and a
        search is followed by the counts of its wider filters (``SearchEngine._widenings``),
        each the same match again. Returns arrays the caller may change."""
        key = self._match_key(alternatives, columns)
        kept = self._kept_matches.get(key)
        if kept is None:
            kept = self._kept_matches[key] = [(alternatives, columns), self._match(alternatives, columns)]
            while len(self._kept_matches) > KEPT_MATCHES:
                self._kept_matches.popitem(last=False)
        else:
            self._kept_matches.move_to_end(key)
        chosen, mask, klass, score, primary, spec, near = kept[1]
        return chosen, mask.copy(), klass.copy(), score.copy(), primary, spec, near

    def _keep_near(self, alternatives: Sequence[Search], columns: FacetColumns, near) -> None:
        """Keep the partial matches worked out for a kept match (see :meth:`_matched`)."""
        kept = self._kept_matches.get(self._match_key(alternatives, columns))
        if kept is not None:
            kept[1] = (*kept[1][:6], near)

    def _match_key(self, alternatives: Sequence[Search], columns: FacetColumns) -> tuple:
        # The objects themselves are kept beside the key, so their ids stay theirs.
        return (self.version, id(columns), tuple(id(a) for a in alternatives))

    def _match(self, alternatives: Sequence[Search], columns: FacetColumns):
        """(chosen, mask, class, score, primary PlanResult, spec, its partial matches
        if counted) of the first alternative that matches enough (``Search.enough``; partially, for
        one ``near_enough``)."""
        scorer = self._scorer
        n = scorer.n
        for chosen, spec in enumerate(alternatives):
            if spec.everything:
                return (chosen, columns.alive.copy(), np.zeros(n, np.int16), np.zeros(n, np.float32),
                        None, spec, None)
            results = [evaluate_plan(scorer, t.plan, plain=t.plain) for t in spec.tiers]
            mask, klass, score = tiered([(r.mask, r.score) for r in results], n)
            primary = results[spec.primary] if spec.primary is not None else None
            if int(np.count_nonzero(mask & columns.alive)) >= spec.enough or chosen == len(alternatives) - 1:
                return chosen, mask, klass, score, primary, spec, None
            # (A one-term query's words apart never make it the one run: the alternatives
            # after it search them as words, standing together first.)
            if spec.near_enough and primary is not None and len(spec.tiers[spec.primary].plan.groups) > 1:
                near = self._near(spec, primary, columns)
                if near[0].any():
                    return chosen, mask, klass, score, primary, spec, near
        raise ValueError("no alternative to search")

    def _near(self, spec: Search, primary, columns: FacetColumns):
        """(mask, coverage, score, terms held apart) of the partial matches of ``spec`` (its
        primary tier, evaluated as ``primary``), before any date range or filter."""
        scorer = self._scorer
        tier = spec.tiers[spec.primary]
        plan = tier.plan
        pairs = [tuple(scorer.evaluate(node)[0] for node in pair) for pair in plan.pairs]
        apart = held_apart(scorer, plan, tier.plain)
        weighed = [None if node is None else scorer.evaluate(node, tier.plain)[0] for node in plan.weighing]
        return (*partial_matches(primary, plan.strict, columns.alive, scorer.doc_count, pairs,
                                 plan.details, plan.periods, apart, plan.places, weighed), apart)

    # -- articles -----------------------------------------------------------------
    def key_of(self, article_id: str) -> int | None:
        with self._lock:
            searcher, _ = self.current()
            return searcher.document_number(id=article_id)

    def stored(self, keys: Sequence[int]) -> list[dict]:
        with self._lock:
            searcher, columns = self._held()
            out = []
            for d in keys:
                f = searcher.stored_fields(d)
                out.append({
                    "id": f["id"], "title": f.get("title") or "", "body": f.get("body") or "",
                    "date": f.get("date"), "year": int(columns.codes["year"][d]) or None,   # the year column
                    "province": f.get("province"),
                    "provinces": [p for p in (f.get("provinces") or "").split(",") if p],
                    "topics": [t for t in (f.get("topics") or "").split(",") if t],
                    "source": f.get("source"), "url": f.get("url"),
                })
            return out

    def more_like(self, key: int, text: str, top: int) -> list[dict]:
        with self._lock:
            searcher, columns = self._held()
            results = searcher.more_like(key, "body", text=text, top=top, numterms=12)
            return [{"id": h.fields()["id"], "title": (h.fields().get("title") or "").strip(),
                     "date": h.fields().get("date"), "year": int(columns.codes["year"][h.docnum]) or None,
                     "province": h.fields().get("province")}
                    for h in results]


class WhooshWriter:
    """Writes into an index folder (:func:`search.index.index_articles`)."""

    name = "whoosh"

    def __init__(self, index_dir: str | os.PathLike):
        self.index_dir = index_dir
        self.where = os.fspath(index_dir)

    def write(self, items, options, on_problem=None, on_progress=None):
        from .index import index_articles
        return index_articles(items, self.index_dir, rebuild=options.rebuild, workers=options.workers,
                              expected=options.expected, on_problem=on_problem, on_progress=on_progress)

    def remove(self, ids):
        from .index import remove_articles
        return remove_articles(ids, self.index_dir)
