"""Learn the document vectors (search/data/doc_vectors.npz) from the unlabelled corpus.

A reader knows what kind of story an article is before deciding its facets: a celebrity
interview mentions Hồ Chí Minh without being about the city, a tourism piece mentions a
craft village in passing, a story about an online travel agency is e-commerce although
it never says "sàn". The labelled articles are too few to teach that from words alone,
but the corpus holds tens of thousands of articles whose words co-occur. Latent semantic
analysis compresses that co-occurrence into a 100-number vector per article:

- terms are those of lexical.article_terms (headline syllables, syllables, adjacent
  syllable pairs; presence only), the --vocab most frequent of those found in at least
  5 articles and at most half of them;
- an article is its terms weighted by inverse document frequency, scaled to length one;
- the directions are the --dims leading right singular vectors of that article-term matrix
  (randomized SVD with a fixed seed, so reruns on one machine give the same file);
- an article's vector (search/docvec.py) is the direction of its projection on them,
  scaled to length one: what kind of story it is, not how long.

No labels are used. The province and topic models (scripts/train_province_model.py,
scripts/train_topic_model.py) then weigh the vector beside their other evidence, and the
story kind (scripts/train_story_kind.py) reads it alone, so run this first and retrain them
after. The file stores the vocabulary, the inverse
document frequencies and the directions rounded to 8 bits per number.

    python scripts/train_doc_vectors.py [--corpus ../shared/corpus/vn-news.jsonl] [--write]

About two minutes and a few GB of memory for the 43,570 articles (every article's terms
are held at once).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_province_model import DEFAULT_CORPUS, ROOT, corpus_missing, record_text  # noqa: E402

OUT = ROOT / "search" / "data" / "doc_vectors.npz"


def corpus_terms(corpus: Path) -> list[set[str]]:
    """The terms of every corpus article, read as the indexer reads it (without the record's date)."""
    from ctsearch.extract import _prep
    from ctsearch.lexical import article_terms

    docs = []
    with open(corpus, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                # The cleaned text only: the extraction models may not match a new space yet.
                title, body, _ = record_text(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:  # ArticleError is a ValueError
                print(f"{corpus}:{n}: skipped ({exc})", file=sys.stderr)
                continue
            docs.append(article_terms(_prep(title).lower(), _prep(body).lower()))
    return docs


def learn(docs: list[set[str]], vocab_size: int, dims: int, min_df: int = 5) -> dict[str, np.ndarray]:
    """Vocabulary, idf and the leading singular directions of the tf-idf article-term matrix."""
    import scipy.sparse as sp
    from sklearn.utils.extmath import randomized_svd  # scikit-learn comes with pyvi

    df: dict[str, int] = {}
    for d in docs:
        for t in d:
            df[t] = df.get(t, 0) + 1
    n = len(docs)
    cands = [t for t, c in df.items() if min_df <= c <= n // 2]
    cands.sort(key=lambda t: (-df[t], t))
    vocab = sorted(cands[:vocab_size])
    index = {t: i for i, t in enumerate(vocab)}
    idf = np.log(n / np.array([df[t] for t in vocab], dtype=np.float64))
    rows, cols = [], []
    for r, d in enumerate(docs):
        for j in sorted(index[t] for t in d if t in index):
            rows.append(r)
            cols.append(j)
    X = sp.csr_matrix((idf[cols], (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1))).ravel()
    X = sp.diags(1.0 / np.maximum(norms, 1e-12)) @ X
    _, _, directions = randomized_svd(X, dims, n_iter=5, random_state=0)
    # The sign of a singular vector is arbitrary: fix it so the largest entry is positive.
    signs = np.sign(directions[np.arange(dims), np.abs(directions).argmax(axis=1)])
    directions *= signs[:, None]
    scale = np.abs(directions).max(axis=1) / 127.0
    quantised = np.round(directions / scale[:, None]).astype(np.int8)
    return {"vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
            "idf": idf.astype(np.float32), "directions": quantised, "scale": scale.astype(np.float32)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--vocab", type=int, default=20000, help="terms kept (the most frequent)")
    ap.add_argument("--dims", type=int, default=100, help="numbers per article")
    ap.add_argument("--write", action="store_true", help=f"save to {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    if corpus_missing(args.corpus):
        return 1
    start = time.perf_counter()
    docs = corpus_terms(args.corpus)
    print(f"{len(docs)} articles read in {time.perf_counter() - start:.0f} s")
    model = learn(docs, args.vocab, args.dims)
    print(f"{args.vocab} terms, {args.dims} directions, {time.perf_counter() - start:.0f} s in all")
    if args.write:
        buf = io.BytesIO()
        np.savez_compressed(buf, **model)
        OUT.write_bytes(buf.getvalue())
        print(f"written {OUT} ({OUT.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
