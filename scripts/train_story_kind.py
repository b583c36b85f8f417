"""Learn which articles are sports or showbiz news (search/data/story_kind.json).

ctsearch searches industry-and-trade news, but a news feed also carries the sports and
showbiz pages, and their words collide with trade words all the time: football clubs bear
their sponsors' and provinces' names (Than Quảng Ninh, Hòa Phát Hà Nội, Xi măng Hải
Phòng), a singer "launches a product", a transfer "is sold at a squeezed price". A reader
looking for Quảng Ninh's coal knows a match report is not what was meant, however often it
repeats the words. The ranking (search/matching.py, LEISURE_WEIGHT) lets such a story fall
below a trade story that matches as well; it still matches, and ranks first when nothing
else does.

No hand labels are needed: the corpus records the section each newspaper filed an article
under (VnExpress's "Thể thao"; Dân trí's "the-thao", "giai-tri"; baomoi records have none;
VnExpress's "Văn hóa" is left out, see LEFT_OUT_SECTIONS). A logistic regression over the article's document vector (search/docvec.py,
what kind of story it is) learns those sections from the articles that have one, and says
it for every article, with or without a section. Cross-validated figures are printed; with
--write the model fitted on every sectioned article is saved.

    python scripts/train_story_kind.py [--corpus ../shared/corpus/vn-news.jsonl] [--write]

Under a minute (every article's vector is worked out once). Retrain after
scripts/train_doc_vectors.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_province_model import DEFAULT_CORPUS, ROOT, corpus_missing, fit, record_text, sigmoid  # noqa: E402

MODEL = ROOT / "search" / "data" / "story_kind.json"
#: The newspapers' sections that are sports or showbiz (the corpus's ``category`` values).
LEISURE_SECTIONS = ("The thao", "the-thao", "giai-tri")
#: Sections left out of the training: VnExpress's "Văn hóa" mixes showbiz with heritage,
#: festivals, tourism, fashion and crafts, which are trade news as often as not. Learned as
#: showbiz, it took 90 % of its articles above 50 %, sponsorship deals and craft villages
#: among them; left out, 23 % (its film and music stories).
LEFT_OUT_SECTIONS = ("Van hoa",)


def sectioned(corpus: Path) -> tuple[np.ndarray, np.ndarray]:
    """(document vectors, is sports or showbiz) of the corpus articles filed under a section."""
    from ctsearch.docvec import doc_vectors
    from ctsearch.extract import _prep

    space = doc_vectors()
    vectors, leisure = [], []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if not rec.get("category") or rec["category"] in LEFT_OUT_SECTIONS:
                continue
            try:
                title, body, _ = record_text(rec)
            except (ValueError, KeyError, TypeError):
                continue
            vectors.append(space.vector(_prep(title).lower(), _prep(body).lower()))
            leisure.append(rec["category"] in LEISURE_SECTIONS)
    return np.array(vectors), np.array(leisure, dtype=float)


def cross_validated(X: np.ndarray, y: np.ndarray, folds: int, l2: float) -> np.ndarray:
    """Each article's probability from a model fitted without its fold."""
    order = np.random.default_rng(7).permutation(len(y))
    out = np.zeros(len(y))
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        w, b = fit(X[train], y[train], l2)
        out[test] = sigmoid(X[test] @ w + b)
    return out


def auc(p: np.ndarray, y: np.ndarray) -> float:
    """The chance that a sports or showbiz article scores above another one (the
    Mann–Whitney statistic; tied scores are broken by order, not counted half)."""
    ranks = np.argsort(np.argsort(p, kind="stable"), kind="stable") + 1.0
    pos = y > 0
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / max(1, n_pos * n_neg))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--write", action="store_true", help=f"save to {MODEL.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if corpus_missing(args.corpus):
        return 2
    from ctsearch.docvec import doc_vectors

    X, y = sectioned(args.corpus)
    print(f"{len(y)} articles with a section, {int(y.sum())} of them sports or showbiz")
    p = cross_validated(X, y, args.folds, args.l2)
    print(f"cross-validated ({args.folds} folds): AUC {auc(p, y):.4f}")
    for t in (0.3, 0.5, 0.7, 0.9):
        said = p >= t
        tp = float((said & (y > 0)).sum())
        print(f"  p >= {t:.1f}: precision {tp / max(1, said.sum()):.3f}  recall {tp / max(1, y.sum()):.3f}")
    if args.write:
        w, b = fit(X, y, args.l2)
        model = {"_doc": "How likely an article is sports or showbiz news: logistic regression over its "
                         "document vector (docvec), learned from the sections newspapers filed articles "
                         "under. Generated by scripts/train_story_kind.py; do not edit by hand.",
                 "sections": list(LEISURE_SECTIONS), "left_out": list(LEFT_OUT_SECTIONS), "doc_vectors": doc_vectors().digest,
                 "bias": round(b, 4), "vector_weights": [round(float(x), 4) for x in w]}
        MODEL.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"written {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
