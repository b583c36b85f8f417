#!/usr/bin/env python3
"""What the search box offers while a query is typed (a benchmark, not a test).

    python bench/completion.py --corpus ../shared/corpus/vn-news.jsonl --index-dir DIR
                               [--headlines 300] [--offered 8] [--json]

Two sets, each typed without diacritics a word at a time, the word being typed cut to its
first two letters:

- **queries**: the judged queries (``bench/judgments/*.jsonl``, as analysts type them) that
  the engine reads for sure, cut after each of their words but the last: is the query as the
  search reads it among the completions offered (its words so far, with the next finished)?
  Completion and search must agree, or choosing one searches something else.
- **headlines**: headlines of the corpus (lower-case words only, three to eight), cut after a
  word chosen at random: are the headline's words so far and the next, with their marks, among
  the completions? A headline is no query, but its marks are the truth: nothing here was read
  by the engine first.
- **next_word**: the same headlines cut after their second word or a later one, a space typed
  and no letter of the next: is the next word among the completions? (A headline's next word
  is any of thousands: compare runs, not the share with the others'.)

Printed per set: the share found first, found among those offered, the mean reciprocal rank,
and the milliseconds per completion (median and 95th percentile, measured in this run: compare
ratios, not machines); with ``--dead N``, the share of the offers (for the first N cases) whose
search finds no article holding every word; with ``--reading``, beside them, the share the search's own reading of
the same text gets right (what a single line under the box could offer).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from judged import JUDGMENTS, load_judgments  # noqa: E402

_WORD = re.compile(r"[^\W\d_]+")
TYPED_LETTERS = 2


def _cases_of(words: list[str], cut: int, folded: list[str], letters: int = TYPED_LETTERS
              ) -> tuple[str, tuple[str, ...]]:
    """The text typed (the first ``cut`` words whole, the next begun by ``letters``; none:
    a space after the words) and the words meant."""
    typed = " ".join(folded[:cut] + [folded[cut][:letters]])
    return typed, tuple(words[:cut + 1])


def query_cases(engine, judged: list[dict]) -> list[tuple[str, tuple[str, ...]]]:
    """(text typed, words meant) of the judged queries the engine reads for sure."""
    from ctsearch.textnorm import canon, fold

    cases = []
    for item in judged:
        q = item["q"]
        if not re.fullmatch(r"[a-zA-Z ]+", q) or len(q.split()) < 2:
            continue
        result = engine.search(q, limit=1)
        if result.suggestion:        # an unsure reading: nothing to agree with
            continue
        meant = canon(result.interpreted_as or q).split()
        if len(meant) != len(q.split()) or not all(w.isalpha() for w in meant):
            continue
        folded = [fold(w) for w in meant]
        for cut in range(1, len(meant)):
            cases.append(_cases_of(meant, cut, folded))
    return cases


def headline_cases(corpus: Path, n: int, seed: int = 7, letters: int = TYPED_LETTERS
                   ) -> list[tuple[str, tuple[str, ...]]]:
    """(text typed, words meant) of ``n`` headlines drawn at random (``letters`` of the
    next word typed; 0: cut after a word two syllables or more in, its space typed)."""
    from ctsearch.textnorm import canon, fold

    titles = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            title = (json.loads(line).get("title") or "").strip()
            words = canon(title).split()
            if 3 <= len(words) <= 8 and all(_WORD.fullmatch(w) for w in words) and title == title.lower()[:1].upper() + title[1:] \
                    and not any(ch.isupper() for ch in title[1:]):
                titles.append(words)
    rng = random.Random(seed)
    rng.shuffle(titles)
    cases = []
    for words in titles[:n]:
        cut = rng.randrange(1 if letters else 2, len(words))
        cases.append(_cases_of(words, cut, [fold(w) for w in words], letters))
    return cases


def read_by_search(engine, cases: list[tuple[str, tuple[str, ...]]]) -> float:
    """The share of cases whose words meant the search itself reads from the same text (its
    reading, said or offered): what one line under the box could say without a list."""
    from ctsearch.textnorm import canon

    right = 0
    for typed, meant in cases:
        result = engine.search(typed, limit=1)
        reading = result.interpreted_as or result.suggestion or typed
        right += tuple(canon(reading).split()[:len(meant)]) == meant
    return right / max(1, len(cases))


def measure(engine, cases: list[tuple[str, tuple[str, ...]]], offered: int, reading: bool = False,
            dead: int = 0) -> dict:
    from ctsearch.textnorm import canon

    first = found = 0
    rr = 0.0
    times = []
    misses = []
    for typed, meant in cases:
        started = time.perf_counter()
        got = engine.complete(typed, offered)
        times.append((time.perf_counter() - started) * 1000)
        rank = next((i for i, c in enumerate(got, 1) if tuple(canon(c.text).split()[:len(meant)]) == meant), None)
        if rank:
            found += 1
            first += rank == 1
            rr += 1 / rank
        else:
            misses.append({"typed": typed, "meant": " ".join(meant), "offered": [c.text for c in got[:3]]})
    n = max(1, len(cases))
    times.sort()
    out = {"cases": len(cases), "first": first / n, "offered": found / n, "mrr": rr / n,
           "ms_p50": statistics.median(times) if times else 0.0,
           "ms_p95": times[int(0.95 * (len(times) - 1))] if times else 0.0, "misses": misses}
    if reading:
        out["search_reads"] = read_by_search(engine, cases)
    if dead:
        out.update(dead_offers(engine, cases[:dead], offered))
    return out


def dead_offers(engine, cases: list[tuple[str, tuple[str, ...]]], offered: int) -> dict:
    """Of the offers for ``cases``, the share whose search finds no article holding every
    word (choosing it says "Không có kết quả có đủ mọi từ"), and the share of cases whose
    first offer is such: what a reader picks and finds nothing. A search per offer."""
    offers = dead = first_dead = 0
    for typed, _meant in cases:
        got = engine.complete(typed, offered)
        for i, c in enumerate(got):
            empty = engine.search(c.text, limit=1, snippet_width=0).total_full == 0
            offers += 1
            dead += empty
            first_dead += empty and i == 0
    return {"dead_cases": len(cases), "dead": dead / max(1, offers), "first_dead": first_dead / max(1, len(cases))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--index-dir", type=Path, help="an index of the whole corpus (built if missing)")
    ap.add_argument("--headlines", type=int, default=300)
    ap.add_argument("--offered", type=int, default=8)
    ap.add_argument("--misses", action="store_true", help="list what was not offered")
    ap.add_argument("--reading", action="store_true",
                    help="also the share the search's own reading of the same text gets right (a search each)")
    ap.add_argument("--dead", type=int, default=0, metavar="N",
                    help="also, on the first N cases of each set, the share of offers whose search finds no "
                         "article with every word (a search per offer)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from relevance import corpus_engine  # noqa: E402  (the same index as the other sets)

    engine = corpus_engine(args.corpus, args.index_dir)
    if engine is None:
        return 0
    try:
        engine.complete("xuat k")      # the vocabulary loaded, as in a running server
        figures = {"queries": measure(engine, query_cases(engine, load_judgments(JUDGMENTS)), args.offered,
                                      args.reading, args.dead),
                   "headlines": measure(engine, headline_cases(args.corpus, args.headlines), args.offered,
                                        args.reading, args.dead),
                   # (the next word after a space: what the box offers before a letter of it)
                   "next_word": measure(engine, headline_cases(args.corpus, args.headlines, letters=0),
                                        args.offered)}
    finally:
        engine.close()
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return 0
    for name, f in figures.items():
        print(f"  {name:<10} n={f['cases']}: found first {f['first']:.3f}, among {args.offered} offered "
              f"{f['offered']:.3f}, MRR {f['mrr']:.3f}; {f['ms_p50']:.1f} ms median, {f['ms_p95']:.1f} ms p95"
              + (f"; the search's own reading {f['search_reads']:.3f}" if "search_reads" in f else "")
              + (f"; of the offers for {f['dead_cases']} cases, {f['dead']:.3f} find no article with every word "
                 f"({f['first_dead']:.3f} of the first offers)" if "dead" in f else ""))
        if args.misses:
            for m in f["misses"]:
                print(f"    {m['typed']!r}: {m['meant']} — offered {m['offered']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
