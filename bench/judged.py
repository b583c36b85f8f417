#!/usr/bin/env python3
"""Ranking quality on queries judged by reading (a benchmark, not a test).

    python bench/judged.py --corpus ../shared/corpus/vn-news.jsonl --index-dir DIR
                           [--judgments bench/judgments/*.jsonl] [--unjudged] [--json]

The other sets of ``bench/relevance.py`` judge a hit by whether it writes the words meant;
they cannot tell an article about "cửa khẩu Lạng Sơn" from a crime story that names the
border gate once. These queries were written as the trade's analysts type them, each with
its intent, and the articles that rankings put in their top 10 were graded by reading
(``bench/judgments/README.md``): 2 about the intent, 1 partly, 0 not. Printed: nDCG@10
(gain 2^grade - 1, the ideal ranking taken from every graded article of the query), the
share of the top 10 graded 2, the share of queries whose first hit is graded 1 or 2, and
the share of the top 10 never graded. Queries no graded article serves (the corpus holds
nothing on them) are left out of the figures and counted apart. An ungraded hit counts as 0, so a ranking that
brings up articles no one has read scores lower than it may deserve: when that share
grows, grade them (``--unjudged`` lists them) before trusting a comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

JUDGMENTS = sorted((REPO / "bench" / "judgments").glob("*.jsonl"))


def load_judgments(paths: list[Path]) -> list[dict]:
    """Queries with their grades, merged by query text (a later file's grade of an
    article wins: a second reading corrects the first)."""
    merged: dict[str, dict] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    q, grades = item["q"], {str(k): int(v) for k, v in item["grades"].items()}
                except (ValueError, KeyError, TypeError) as exc:
                    raise SystemExit(f"{path}:{n}: not a judged query ({exc})")
                entry = merged.setdefault(q, {"q": q, "intent": item.get("intent"), "grades": {}})
                entry["grades"].update(grades)
    return list(merged.values())


def dcg(grades: list[int]) -> float:
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def judge(engine, queries: list[dict], depth: int = 10) -> dict:
    """The figures of one engine on the judged queries, and a row per query."""
    rows = []
    for item in queries:
        grades = item["grades"]
        if not any(grades.values()):
            continue  # nothing the corpus holds serves it: no ranking can do better or worse
        hits = [h.id for h in engine.search(item["q"], limit=depth).hits]
        got = [grades.get(i, 0) for i in hits]
        ideal = dcg(sorted(grades.values(), reverse=True)[:depth])
        rows.append({
            "q": item["q"],
            "ndcg": dcg(got) / ideal,
            "good": sum(g == 2 for g in got) / depth,
            "first": bool(got and got[0] >= 1),
            "unjudged": [i for i in hits if i not in grades],
            "hits": hits,
        })
    n = max(1, len(rows))
    return {
        "queries": len(rows),
        "unanswerable": len(queries) - len(rows),
        "judged": sum(len(q["grades"]) for q in queries),
        "ndcg10": sum(r["ndcg"] for r in rows) / n,
        "good10": sum(r["good"] for r in rows) / n,
        "first_relevant": sum(r["first"] for r in rows) / n,
        "unjudged10": sum(len(r["unjudged"]) for r in rows) / (10 * n),
        "rows": rows,
    }


def report(fig: dict, out=sys.stdout) -> None:
    print(f"  judged       n={fig['queries']} (and {fig['unanswerable']} no article serves; {fig['judged']} graded"
          f" articles): nDCG@10 {fig['ndcg10']:.3f}"
          f"  top 10 about the intent {fig['good10']:.3f}  first hit relevant {fig['first_relevant']:.3f}"
          f"  top 10 never graded {fig['unjudged10']:.3f}", file=out)
    for row in sorted(fig["rows"], key=lambda r: r["ndcg"])[:5]:
        print(f"      {row['q']!r}: nDCG@10 {row['ndcg']:.2f}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--index-dir", type=Path, help="an index of the whole corpus (built if missing)")
    ap.add_argument("--judgments", type=Path, nargs="*", default=JUDGMENTS)
    ap.add_argument("--unjudged", action="store_true", help="list the top-10 hits no one has graded, per query")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from relevance import corpus_engine  # noqa: E402  (the same index as the other sets)

    engine = corpus_engine(args.corpus, args.index_dir)
    if engine is None:
        return 0
    try:
        fig = judge(engine, load_judgments(args.judgments))
    finally:
        engine.close()
    if args.json:
        print(json.dumps(fig, ensure_ascii=False, indent=1))
    else:
        report(fig)
    if args.unjudged:
        for row in fig["rows"]:
            if row["unjudged"]:
                print(f"{row['q']}\t" + " ".join(row["unjudged"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
