"""Extraction benchmark: precision, recall and F1 of the province, topic and year facets
against hand labels (see bench/labels/README.md for the labelling guideline).

    python bench/extraction.py bench/labels/dev.jsonl [--corpus ../shared/corpus/vn-news.jsonl]
                               [--errors] [--json] [--reader SECOND.jsonl]

Each label line names a corpus article by id; the text is read from the corpus at run
time (never stored in the repository). Articles go through the same path as indexing
(clean, title split, extraction), so the figures are those of the index. Without the
corpus the script says so and exits 0.

Figures:
- province (main): a prediction is correct when it equals the label; a predicted province
  for an article labelled "no main province" is a false positive, a missing or wrong one
  for an article with a main province a false negative (a wrong one counts as both).
- provinces mentioned: micro precision/recall over (article, province) pairs.
- each topic: the usual per-article precision/recall.
- year: as province; "wrong" counts years given that differ from the label (target 0).
  Years are extracted from the text alone: the corpus's own publication dates (unc- records)
  are left out, as the labels record what the text determines.
- a label file may give some facets only (bench/labels/boundary.jsonl: the topics): the
  facets a label does not give are not counted for its article.

With --reader, a second reader's labels of some of the same articles are scored against
the labels exactly as the extraction is, and the extraction on the same articles is
printed beside them: how far two careful readers agree bounds what any extraction can
reach on these labels.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "vn-news.jsonl"
TOPICS = ("electricity", "e-commerce", "rural-industry")


def _load_labels(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError as exc:
                raise SystemExit(f"{path}:{n}: không đọc được JSON ({exc})") from None
    return out


def _load_texts(corpus: Path, ids: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            # Cheap pre-filter: parse only lines whose id we want.
            head = line[:120]
            if '"id"' not in head:
                continue
            rec = json.loads(line)
            if rec.get("id") in ids:
                found[rec["id"]] = rec
                if len(found) == len(ids):
                    break
    return found


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _count_single(c: dict, errors: list[dict], article_id: str, facet: str, gold, pred) -> None:
    """One single-valued facet of one article: a given value is right or a false positive;
    a labelled value not given is a miss."""
    if pred is not None and pred == gold:
        c["tp"] += 1
        return
    c["fp"] += pred is not None
    c["fn"] += gold is not None
    if pred != gold:
        errors.append({"id": article_id, "facet": facet, "gold": gold, "pred": pred})


def evaluate(labels: list[dict], predictions: dict[str, object]) -> dict:
    """Counts and figures per facet; ``predictions`` maps id -> Article."""
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in ("province", "mentioned", "year", *TOPICS)}
    wrong_year = 0
    errors: list[dict] = []
    for lab in labels:
        art = predictions.get(lab["id"])
        if art is None:
            continue
        # A file may label some facets only (boundary.jsonl: the topics): the others are not counted.
        if "province" in lab:
            _count_single(counts["province"], errors, lab["id"], "province", lab["province"], art.province)
        if "provinces_mentioned" in lab:
            gm, pm = set(lab["provinces_mentioned"] or []), set(art.provinces)
            counts["mentioned"]["tp"] += len(gm & pm)
            counts["mentioned"]["fp"] += len(pm - gm)
            counts["mentioned"]["fn"] += len(gm - pm)
        for t in TOPICS if "topics" in lab else ():
            g, p = t in (lab.get("topics") or []), t in art.topics
            c = counts[t]
            c["tp"] += g and p
            c["fp"] += p and not g
            c["fn"] += g and not p
            if g != p:
                errors.append({"id": lab["id"], "facet": t, "gold": g, "pred": p})
        if "year" in lab:
            gy, py = lab["year"], art.year
            wrong_year += py is not None and py != gy   # a year given that is not the labelled one
            _count_single(counts["year"], errors, lab["id"], "year", gy, py)
    figures = {}
    for k, c in counts.items():
        p, r, f = _prf(c["tp"], c["fp"], c["fn"])
        figures[k] = {**c, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    figures["year"]["wrong"] = wrong_year
    return {"figures": figures, "errors": errors}


def _print_table(result: dict) -> None:
    print(f"{'facet':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}")
    for k, f in result["figures"].items():
        name = {"province": "province (main)", "mentioned": "provinces mentioned"}.get(k, k)
        # A figure without a denominator (no article labelled or found) is no figure at all.
        p = f"{f['precision']:.3f}" if f["tp"] + f["fp"] else "—"
        r = f"{f['recall']:.3f}" if f["tp"] + f["fn"] else "—"
        f1 = f"{f['f1']:.3f}" if f["tp"] + f["fp"] and f["tp"] + f["fn"] else "—"
        print(f"{name:<20}{p:>7}{r:>7}{f1:>7}{f['tp']:>6}{f['fp']:>5}{f['fn']:>5}")
    if "year" in result["figures"]:
        print(f"year wrong (given but not the labelled year): {result['figures']['year']['wrong']}")


def _only_facets_read(result: dict, rows: list[dict]) -> dict:
    """The second reader's figures for the facets its file labels (a reader may have been
    asked about the main province only)."""
    keys = {"province": "province", "mentioned": "provinces_mentioned", "year": "year",
            **{t: "topics" for t in TOPICS}}
    read = {k for k, field in keys.items() if any(field in r for r in rows)}
    return {"figures": {k: f for k, f in result["figures"].items() if k in read},
            "errors": [e for e in result["errors"] if e["facet"] in read]}


def _as_prediction(label: dict) -> SimpleNamespace:
    """A second reader's label in the shape of an extracted Article."""
    return SimpleNamespace(province=label.get("province"), provinces=label.get("provinces_mentioned") or [],
                           topics=label.get("topics") or [], year=label.get("year"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", type=Path, nargs="+", help="label files (JSON lines)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--errors", action="store_true", help="list every disagreement")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--reader", type=Path, help="a second reader's labels of some of the same articles: "
                    "score them against the labels, beside the extraction on the same articles")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}: nothing to measure (skipped)")
        return 0

    from ctsearch.article import build_article
    from ctsearch.extract import RULES_VERSION
    from ctsearch.ingest import _record as read_record

    labels: list[dict] = []
    for path in args.labels:
        labels += _load_labels(path)
    second: dict[str, SimpleNamespace] = {}
    if args.reader:
        reader_rows = _load_labels(args.reader)
        second = {lab["id"]: _as_prediction(lab) for lab in reader_rows}
        unlabelled = len(second.keys() - {lab["id"] for lab in labels})
        if unlabelled:
            print(f"note: {unlabelled} of the reader's {len(second)} articles are in none of the label files given")
        labels = [lab for lab in labels if lab["id"] in second]
    recs = _load_texts(args.corpus, {lab["id"] for lab in labels})
    missing = [lab["id"] for lab in labels if lab["id"] not in recs]
    preds = {}
    t0 = time.perf_counter()
    for lab in labels:
        rec = recs.get(lab["id"])
        if rec is None:
            continue
        # Read as `ctsearch index` reads the corpus, but without the record's own date:
        # the labels judge what the TEXT determines, and a given date is never extracted.
        raw = read_record({k: v for k, v in rec.items() if k != "date"}, f"{args.corpus.name}:{rec['id']}")
        preds[lab["id"]] = build_article(raw)
    elapsed = time.perf_counter() - t0
    result = evaluate(labels, preds)
    # Only articles both tables can score (an id missing from the corpus is in neither).
    readers = _only_facets_read(evaluate(labels, {i: a for i, a in second.items() if i in preds}), reader_rows) \
        if args.reader else None
    if args.json:
        print(json.dumps({"labels": [str(p) for p in args.labels], "articles": len(preds),
                          "rules_version": RULES_VERSION, **result,
                          **({"second_reader": readers} if readers else {})}, ensure_ascii=False, indent=1))
        return 0
    print(f"labels: {', '.join(map(str, args.labels))}  articles: {len(preds)}"
          + (f"  (missing from corpus: {len(missing)})" if missing else "")
          + f"  rules: {RULES_VERSION}  {1000 * elapsed / max(1, len(preds)):.2f} ms/article")
    if readers is not None:
        print(f"second reader ({args.reader}) against the labels:")
        _print_table(readers)
        print("extraction against the labels, same articles:")
    _print_table(result)
    if args.errors:
        for e in result["errors"]:
            print(f"  {e['facet']:<15} {e['id']:<32} gold={e['gold']!s:<22} pred={e['pred']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
