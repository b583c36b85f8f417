#!/usr/bin/env python3
"""Articles found by their address pasted into the search box (a benchmark, not a test).

    python bench/addresses.py --corpus ../shared/corpus/vn-news.jsonl --index-dir DIR [--sample 200]

A reader who has an article's link open pastes it to see what else the index holds on it.
For a sample of the corpus's articles whose address names their headline (a slug of three
words or more, as most Vietnamese news sites write it), each address is searched as typed;
printed: the share whose article comes first, and in the top 10, and the median time. The
addresses without words (``baomoi.com/a/c/21481736.epi``) are counted apart: the index does not
search the stored address itself.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--index-dir", type=Path, help="an index of the whole corpus (built if missing)")
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 0
    from relevance import _ensure_index  # noqa: E402  (the same index as the other sets)
    from ctsearch.query import SearchEngine  # noqa: E402
    from ctsearch.querylang import page_words  # noqa: E402

    named, bare = [], 0
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            url = row.get("url")
            if not url:
                continue
            if page_words(url):
                named.append((row["id"], url))
            else:
                bare += 1
    sample = random.Random(args.seed).sample(named, min(args.sample, len(named)))
    engine = SearchEngine(_ensure_index(args.corpus, args.index_dir))
    first = top10 = 0
    took = []
    try:
        for article_id, url in sample:
            started = time.perf_counter()
            found = [hit.id for hit in engine.search(url, limit=10).hits]
            took.append((time.perf_counter() - started) * 1000)
            first += found[:1] == [article_id]
            top10 += article_id in found
    finally:
        engine.close()
    n = len(sample) or 1
    print(f"addresses with words: {len(named)} (sampled {len(sample)}), without: {bare}")
    print(f"  article first {first / n:.3f}  in top 10 {top10 / n:.3f}  median {statistics.median(took or [0]):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
