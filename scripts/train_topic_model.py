"""Train the topic decisions (search/data/topic_model.json) from hand labels.

The phrase rules of search/data/topics.json find the evidence: how much of the headline,
the lead and the paragraphs a topic's phrases fill, how many different phrases, how
dense, and whether the plain rule would say yes (extract.topic_features). A logistic
regression per topic then decides what a careful reader decides: whether a substantive
part of the article is about the topic (the labelling guideline: bench/labels/README.md).
Articles without any of a topic's phrases are never that topic and are not fitted on.
Plain NumPy, the same fitting as scripts/train_province_model.py.

    python scripts/train_topic_model.py bench/labels/{dev,train,own,dev2,dev3,dev4,dev5,dev6,dev7}.jsonl \\
        [--corpus ../shared/corpus/vn-news.jsonl] [--write]

Prints cross-validated precision, recall and F1 of the plain rule and of the model at
several thresholds, then (with --write) saves the models fitted on all given labels, each
with the threshold of its best cross-validated F1; a topic whose model does not beat its plain rule gets none (the rule
decides it). Never train on the held-out test labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_province_model import DEFAULT_CORPUS, ROOT, fit  # noqa: E402

MODEL = ROOT / "search" / "data" / "topic_model.json"
THRESHOLDS = np.round(np.arange(0.2, 0.81, 0.05), 2)


def load_features(label_files: list[Path], corpus: Path) -> tuple[list[str], dict[str, list], list[dict]]:
    """(topic slugs, slug -> per-article features or None, labels in the same order)."""
    from ctsearch.article import build_article
    from ctsearch.extract import _prep, _tables, topic_features
    from ctsearch.ingest import _record as read_record

    labels = {}
    for path in label_files:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                lab = json.loads(line)
                labels[lab["id"]] = lab
    topics = _tables().topics
    feats: dict[str, list] = {t.slug: [] for t in topics}
    rows = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if '"id"' not in line[:120]:
                continue
            rec = json.loads(line)
            lab = labels.get(rec["id"])
            if lab is None:
                continue
            # Read exactly as the benchmark and the indexer read it (without the record's date).
            art = build_article(read_record({k: v for k, v in rec.items() if k != "date"}, rec["id"]))
            title, body = _prep(art.title).lower(), _prep(art.body).lower()
            for topic in topics:
                feats[topic.slug].append(topic_features(topic, title, body))
            rows.append(lab)
    return [t.slug for t in topics], feats, rows


def figures(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def main(argv: list[str] | None = None) -> int:
    from ctsearch.extract import TOPIC_FEATURES

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", type=Path, nargs="+")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--margin", type=float, default=0.01,
                    help="cross-validated F1 a model must gain over its rule to replace it")
    ap.add_argument("--write", action="store_true", help=f"save the models to {MODEL.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    slugs, feats, rows = load_features(args.labels, args.corpus)
    models = {}
    for slug in slugs:
        gold = np.array([slug in (r.get("topics") or []) for r in rows])
        has = np.array([f is not None for f in feats[slug]])
        X = np.array([[f[k] for k in TOPIC_FEATURES] for f in feats[slug] if f is not None], dtype=float)
        y = gold[has].astype(float)
        rule = np.zeros(len(rows), dtype=bool)
        rule[has] = X[:, TOPIC_FEATURES.index("rule")] > 0
        print(f"{slug}: {len(rows)} articles, {int(gold.sum())} about it, {int(has.sum())} with its phrases")
        print("  rule alone        P %.3f  R %.3f  F1 %.3f" % figures(rule, gold))
        # Cross-validated probabilities (folds by position: articles are in corpus order).
        probs = np.zeros(len(X))
        fold = np.arange(len(X)) % args.folds
        for k in range(args.folds):
            tr, te = fold != k, fold == k
            if y[tr].min() == y[tr].max():
                probs[te] = y[tr].mean()
                continue
            w, b = fit(X[tr], y[tr], args.l2)
            probs[te] = 1 / (1 + np.exp(-(X[te] @ w + b)))
        best = None
        for t in THRESHOLDS:
            pred = np.zeros(len(rows), dtype=bool)
            pred[has] = probs >= t
            p, r, f1 = figures(pred, gold)
            print(f"  model ≥ {t:.2f}     P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
            if best is None or f1 > best[1] + 1e-9:
                best = (float(t), f1)
        w, b = fit(X, y, args.l2)
        if best[1] < figures(rule, gold)[2] + args.margin:
            print(f"  the rule alone does as well: no model for {slug}")
            continue
        models[slug] = {"weights": {n: round(float(v), 4) for n, v in zip(TOPIC_FEATURES, w)},
                        "bias": round(b, 4), "threshold": best[0]}
        print("  weights:", ", ".join(f"{n}={v:+.2f}" for n, v in zip(TOPIC_FEATURES, w)),
              f"bias={b:+.2f} threshold={best[0]}")
    if args.write:
        out = {
            "_doc": "Topic decisions: a logistic regression per topic over extract.topic_features. "
                    "Generated by scripts/train_topic_model.py; do not edit by hand.",
            "trained_on": [str(p.relative_to(ROOT)) if p.is_absolute() and ROOT in p.parents else str(p)
                           for p in args.labels],
            "topics": models,
        }
        MODEL.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"written {MODEL}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
