"""Compare search.segment with pyvi.ViTokenizer: speed and output identity.

Usage:
    python bench/segment_speed.py --corpus ../shared/corpus/vn-news.jsonl --docs 2000

An "article" is its title plus its body, segmented as two calls (as the indexer
does). Model loading is timed separately and excluded from the per-article
figures; our per-syllable cache starts cold for tokenize(), so its warm-up is
included there (segment() runs next, on the warm cache). On a
machine busy with other work, compare the ratio rather than absolute rates.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))




def _load_articles(path: str, n: int) -> list[tuple[str, str]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= n:
                break
            rec = json.loads(line)
            out.append((rec.get("title") or "", rec.get("text") or ""))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="JSON lines with 'title' and 'text'")
    ap.add_argument("--docs", type=int, default=2000, help="number of articles (from the start)")
    ap.add_argument("--no-pyvi", action="store_true", help="time only ours (no identity check)")
    args = ap.parse_args(argv)

    articles = _load_articles(args.corpus, args.docs)
    n = len(articles)
    size = sum(len(t.encode("utf-8")) + len(b.encode("utf-8")) for t, b in articles) / max(n, 1)
    print(f"{n} articles, {size / 1024:.1f} KiB (UTF-8) each on average")

    t0 = time.perf_counter()
    from ctsearch import segment as seg
    t1 = time.perf_counter()
    seg.load()
    t2 = time.perf_counter()
    print(f"ours: import {1000 * (t1 - t0):.1f} ms, model load {1000 * (t2 - t1):.0f} ms")
    if not args.no_pyvi:
        t0 = time.perf_counter()
        from pyvi import ViTokenizer
        print(f"pyvi: import (loads model) {time.perf_counter() - t0:.2f} s")

    clock = time.perf_counter

    def timed(fn, inputs):
        """Run fn over every article's fields; per-article seconds and the outputs."""
        times, outs = [], []
        for fields in inputs:
            t = clock()
            out = [fn(f) for f in fields]
            times.append(clock() - t)
            outs.append(out)
        return times, outs

    # Each side runs over all articles on its own (interleaving would let each
    # evict the other's caches, which is not how the indexer runs).
    nfc = [tuple(unicodedata.normalize("NFC", f) for f in fields) for fields in articles]
    ours_tok, got = timed(seg.tokenize, articles)
    ours_seg, segs = timed(seg.segment, nfc)  # segment() wants NFC text (offsets into it)
    mism_tok = mism_seg = 0
    examples: list[str] = []
    if not args.no_pyvi:
        theirs, ref = timed(ViTokenizer.tokenize, articles)
        for fields, nf, r, g, s in zip(articles, nfc, ref, got, segs):
            if g != r:
                mism_tok += 1
                if len(examples) < 3:
                    examples.append(f"tokenize differs on article starting {fields[0][:60]!r}")
            # tokenize() returns its input unchanged when there is no token at all.
            rebuilt = [seg.format_segments(x, sg) if sg else f for x, sg, f in zip(nf, s, fields)]
            if rebuilt != r:
                mism_seg += 1

    def report(name: str, times: list[float]) -> float:
        total = sum(times)
        rate = len(times) / total if total else float("inf")
        print(f"{name:<16} {rate:8.1f} articles/s   median {1000 * statistics.median(times):7.2f} ms/article"
              f"   total {total:6.2f} s")
        return rate

    print()
    r_tok = report("ours tokenize()", ours_tok)
    r_seg = report("ours segment()", ours_seg)
    if not args.no_pyvi:
        r_py = report("pyvi tokenize()", theirs)
        print()
        print(f"speed-up: tokenize() x{r_tok / r_py:.1f}, segment() x{r_seg / r_py:.1f}"
              f"   (median ratio x{statistics.median(theirs) / statistics.median(ours_tok):.1f})")
        print(f"mismatches: tokenize() {mism_tok}/{n} articles, segment() rebuild {mism_seg}/{n} articles")
        for e in examples:
            print("  ", e)
    return 1 if (mism_tok or mism_seg) else 0


if __name__ == "__main__":
    sys.exit(main())
