"""Train the topic decisions (search/data/topic_model.json) from hand labels.

A careful reader decides whether a substantive part of the article is about a topic
(the labelling guideline: bench/labels/README.md). Four kinds of evidence are weighed:

- the phrase evidence of search/data/topics.json (extract.topic_features): how much of
  the headline, the lead and the paragraphs the topic's phrases fill, how many different
  phrases, how dense, and whether the plain rule would say yes;
- the article's words (lexical.article_terms): which syllables and adjacent syllable
  pairs it contains, and which syllables its headline contains. Only the terms most
  associated with the topic in the training labels are kept (chi-squared, --terms), so
  the shipped model stays small;
- the article's document vector (search/docvec.py, made by scripts/train_doc_vectors.py,
  which runs first): what kind of story it is, learned from the unlabelled corpus, so a
  story told in words the labels never showed still lands near its kind;
- the topic's word pairings ("together" in topics.json, extract.topic_context): how many
  sentences pair an online word with a trading word, or a craft with a market, so that a
  story that keeps coming back to buying online weighs more than one naming it in passing.

For each topic three deciders are cross-validated (--repeats times, each with its own random
folds of the counted articles, pooled: one split leaves a threshold over a hundred positives to
the luck of the deal): the plain rule, a logistic regression
over the phrase evidence ("phrases", which never tags an article without one of the
topic's phrases), and one over the phrase evidence, the words, the pairings and the
vector ("words"). A
richer decider replaces a simpler one only when it gains --margin F1 (phrases over the rule,
words over whichever of those is kept).
Plain NumPy, the same fitting as scripts/train_province_model.py.

    python scripts/train_topic_model.py bench/labels/{dev,train,own,dev2,dev3,dev4,dev5,dev6,dev7,dev8,dev9,dev10}.jsonl \\
        --fit-only bench/labels/dev10.jsonl --pairing-scale e-commerce=3 \\
        [--corpus ../shared/corpus/vn-news.jsonl] [--write]

Label files named by --fit-only (drawn other than the news at large, mostly articles an
earlier model was unsure of) are fitted on but not counted in the printed figures or in
choosing the thresholds.

Never train on the held-out test labels.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_province_model import (  # noqa: E402
    ROOT, corpus_missing, fit, fit_only_ids, labelled_articles, read_labels, sigmoid, training_parser, write_model)

MODEL = ROOT / "search" / "data" / "topic_model.json"
THRESHOLDS = np.round(np.arange(0.1, 0.81, 0.05), 2)


def load_features(label_files: list[Path], corpus: Path):
    """(topic slugs, slug -> per-article phrase features or None, per-article term sets,
    labels, document vectors, slug -> (pairing feature names, per-article pairing features))."""
    from ctsearch.docvec import doc_vectors
    from ctsearch.extract import _prep, _tables, topic_context, topic_features
    from ctsearch.lexical import article_terms

    topics = _tables().topics
    space = doc_vectors()
    feats: dict[str, list] = {t.slug: [] for t in topics}
    names = {t.slug: [n for p in t.pairings for n in p.feature_names] for t in topics}
    context: dict[str, list] = {t.slug: [] for t in topics}
    terms, rows, vectors = [], [], []
    for lab, art in labelled_articles(label_files, corpus):
        title, body = _prep(art.title).lower(), _prep(art.body).lower()
        for topic in topics:
            feats[topic.slug].append(topic_features(topic, title, body))
            got = topic_context(topic, title, body)
            context[topic.slug].append([got[n] for n in names[topic.slug]])
        terms.append(article_terms(title, body))
        vectors.append(space.vector(title, body))
        rows.append(lab)
    V = np.array(vectors) if vectors else np.zeros((0, space.dims))
    C = {slug: (names[slug], np.array(context[slug]).reshape(len(rows), len(names[slug]))) for slug in names}
    return [t.slug for t in topics], feats, terms, rows, V, C


def figures(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def select_terms(terms: list[set[str]], y: np.ndarray, k: int, min_df: int) -> list[str]:
    """The k terms (in at least min_df articles) most associated with the topic, by the
    chi-squared statistic of presence against the label."""
    df: dict[str, list[int]] = {}
    for doc, pos in zip(terms, y):
        for t in doc:
            c = df.get(t)
            if c is None:
                df[t] = [1, int(pos)]
            else:
                c[0] += 1
                c[1] += int(pos)
    n, npos = len(terms), int(y.sum())
    names = [t for t, c in df.items() if c[0] >= min_df]
    if not names or npos in (0, n):
        return []
    tot = np.array([df[t][0] for t in names], dtype=float)
    a = np.array([df[t][1] for t in names], dtype=float)  # present and positive
    # 2x2 table: observed vs expected counts of (present, positive/negative).
    obs = np.stack([a, tot - a, npos - a, (n - npos) - (tot - a)])
    row = np.stack([tot, tot, n - tot, n - tot])
    col = np.array([npos, n - npos, npos, n - npos], dtype=float)[:, None]
    exp = row * col / n
    chi2 = ((obs - exp) ** 2 / np.maximum(exp, 1e-9)).sum(axis=0)
    order = np.argsort(-chi2, kind="stable")[:k]
    return sorted(names[i] for i in order)


def design(phrase: list, terms: list[set[str]], vocab: list[str], feature_names: tuple[str, ...]) -> np.ndarray:
    """Rows: the phrase features (zeros and phrases=0 when none), then term presence."""
    index = {t: i for i, t in enumerate(vocab)}
    nf = len(feature_names) + 1
    X = np.zeros((len(terms), nf + len(vocab)))
    for r, (f, doc) in enumerate(zip(phrase, terms)):
        if f is not None:
            X[r, :nf - 1] = [f[k] for k in feature_names]
            X[r, nf - 1] = 1.0
        for t in doc:
            i = index.get(t)
            if i is not None:
                X[r, nf + i] = 1.0
    return X


def split_words_weights(w: np.ndarray, vocab: list[str], context_names: list[str],
                        n_vector: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The fitted weights of the model with words, split as its columns run: (phrase
    evidence and "phrases", terms in ``vocab`` order, pairings, document vector)."""
    from ctsearch.extract import TOPIC_FEATURES

    a = len(TOPIC_FEATURES) + 1
    b = a + len(vocab)
    c = b + len(context_names)
    if len(w) != c + n_vector:
        raise ValueError(f"{len(w)} weights for {c + n_vector} columns")
    return w[:a], w[a:b], w[b:c], w[c:]


def choose_decider(rule_f1: float, phrases_f1: float, words_f1: float, margin: float) -> str:
    """"rule", "phrases" or "words": the simplest decider no richer one beats by ``margin``
    F1 (phrases must beat the rule, words whichever of those is kept). A tie in
    cross-validation is noise, not evidence, so the simpler one is kept."""
    kind, best = "rule", rule_f1
    for name, f1 in (("phrases", phrases_f1), ("words", words_f1)):
        if f1 >= best + margin:
            kind, best = name, f1
    return kind


def label_file_of(paths: list[Path]) -> dict[str, str]:
    """Id -> the name of the label file its label is read from (the later file, as
    read_labels has it)."""
    return {i: p.stem for p in paths for i in read_labels([p])}


def report_by_file(pred: np.ndarray, gold: np.ndarray, files: np.ndarray, order: list[str]) -> None:
    """Print the kept decider's cross-validated figures per label file (in ``order``): the
    files were drawn differently (department news, topic stories, hard negatives chosen
    for being near a topic), and the pooled F1 hides what each kind of sample gives."""
    for name in order:
        m = files == name
        if not m.any():
            continue  # all --fit-only
        tagged, about = int(pred[m].sum()), int(gold[m].sum())
        p, r, f1 = figures(pred[m], gold[m])
        shown = [f"{v:.3f}" if ok else "  —  " for v, ok in ((p, tagged), (r, about), (f1, tagged and about))]
        print(f"    {name:<10} {int(m.sum()):>6} scored {about:>4} about it   "
              f"P {shown[0]}  R {shown[1]}  F1 {shown[2]}")


def report(name: str, threshold: float | None, pred: np.ndarray, gold: np.ndarray) -> float:
    """Print a decider's cross-validated figures; its F1."""
    p, r, f1 = figures(pred, gold)
    at = f"≥ {threshold:.2f}" if threshold is not None else "      "
    print(f"  {name:<8} {at}   P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    return f1


#: Cross-validated F1 within this of the best is a tie (the noise of a hundred positives).
TIE = 0.002


def best_threshold(probs: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """The threshold to keep and its F1: the highest threshold whose F1 is within TIE of the
    best (it tags fewer articles, and a facet is trusted for what it does not tag wrongly)."""
    scores = [(float(t), figures(probs >= t, gold)[2]) for t in THRESHOLDS]
    top = max(f1 for _, f1 in scores)
    return max((t, f1) for t, f1 in scores if f1 >= top - TIE)


def phrase_model_predictions(Xp: np.ndarray, gold: np.ndarray, has: np.ndarray, tr: np.ndarray,
                             te: np.ndarray, l2: float) -> np.ndarray:
    """The phrase-evidence model's probabilities for the test articles (``te``), fitted on
    the training articles with one of the topic's phrases (``tr & has``); a test article
    without a phrase gets 0, as extraction never tags it by this model."""
    tr, p = tr & has, np.zeros(int(te.sum()))
    if not tr.any():
        return p
    if gold[tr].min() == gold[tr].max():
        p[has[te]] = gold[tr].mean()
        return p
    w, b = fit(Xp[tr], gold[tr].astype(float), l2)
    p[has[te]] = sigmoid(Xp[te & has] @ w + b)
    return p


def cv_folds(counted: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """A fold per article for one repeat of cross-validation: the counted articles dealt at
    random into ``folds`` folds (a fixed seed per repeat, so reruns agree), the --fit-only
    ones -1, in every training fold and never scored."""
    fold = np.full(len(counted), -1)
    idx = np.flatnonzero(counted)
    fold[idx] = np.random.default_rng(seed).permutation(len(idx)) % folds
    return fold


def cross_validated(fold_sets: list[np.ndarray], predict) -> np.ndarray:
    """Probabilities of the counted articles, one block per repeat, side by side:
    ``predict(train_mask, test_mask)`` gives the test articles' probabilities. A single
    split leaves a topic's hundred positives' threshold to the luck of the deal; the repeats
    are pooled to choose it and the decider."""
    blocks = []
    for fold in fold_sets:
        p = np.zeros(len(fold))
        for k in range(int(fold.max()) + 1):
            tr, te = fold != k, fold == k
            p[te] = predict(tr, te)
        blocks.append(p[fold >= 0])
    return np.concatenate(blocks)


def topic_scale(spec: str) -> tuple[str, float]:
    """``--pairing-scale`` read: "e-commerce=3" is ("e-commerce", 3.0)."""
    slug, _, value = spec.partition("=")
    try:
        scale = float(value)
    except ValueError:
        scale = 0.0
    if not slug or not scale > 0:
        raise argparse.ArgumentTypeError(f"{spec!r}: give TOPIC=SCALE, a positive number (e-commerce=3)")
    return slug, scale


def main(argv: list[str] | None = None) -> int:
    from ctsearch.extract import TOPIC_FEATURES, _tables

    ap = training_parser(__doc__, MODEL, folds=5)
    ap.add_argument("--l2", type=float, default=1.0, help="regularisation of the phrase-evidence model")
    ap.add_argument("--l2-words", type=float, default=10.0, help="regularisation of the model with words")
    ap.add_argument("--terms", type=int, default=1000, help="terms kept per topic")
    ap.add_argument("--min-df", type=int, default=3, help="articles a term must occur in to be considered")
    ap.add_argument("--vector-scale", type=float, default=10.0,
                    help="scale of the document vector's columns in the model with words (larger: weighed "
                         "more freely); 0: leave it out")
    ap.add_argument("--pairing-scale", action="append", default=[], metavar="TOPIC=SCALE", type=topic_scale,
                    help="scale of a topic's word-pairing columns in the model with words (larger: weighed more "
                         "freely; 1 when not given); stored scaled back")
    ap.add_argument("--repeats", type=int, default=3,
                    help="repeats of cross-validation, each with its own random folds, pooled to choose "
                         "the thresholds and the deciders")
    ap.add_argument("--margin", type=float, default=0.01,
                    help="cross-validated F1 a decider must gain over the simpler one kept to replace it "
                         "(phrases over the rule, words over whichever of those is kept)")
    args = ap.parse_args(argv)
    if args.repeats < 1:
        ap.error("--repeats: at least 1")
    if corpus_missing(args.corpus):
        return 1
    pairing_scale = dict(args.pairing_scale)
    slugs, feats, terms, rows, V, C = load_features(args.labels, args.corpus)
    unknown = set(pairing_scale) - set(slugs)
    if unknown:
        ap.error(f"--pairing-scale: no topic {', '.join(sorted(unknown))} (topics: {', '.join(slugs)})")
    digests = {t.slug: t.pairings_digest for t in _tables().topics}
    # The document vector (search/docvec.py): what kind of story the article is. Its
    # weights are stored scaled back, for the unit-length vector.
    V = args.vector_scale * V if args.vector_scale else V[:, :0]
    n = len(rows)
    unsure = fit_only_ids(args)
    c = np.array([r["id"] not in unsure for r in rows])  # the rows the figures are over
    left_out = int((~c).sum())
    fold_sets = [cv_folds(c, args.folds, seed) for seed in range(args.repeats)]
    file_of = label_file_of(args.labels)
    pooled_files = np.tile(np.array([file_of[r["id"]] for r in rows])[c], args.repeats)
    models = {}
    for slug in slugs:
        gold = np.array([slug in (r.get("topics") or []) for r in rows])
        has = np.array([f is not None for f in feats[slug]])
        rule = np.array([f is not None and f["rule"] > 0 for f in feats[slug]])
        print(f"{slug}: {n} articles, {int(gold.sum())} about it, {int(has.sum())} with its phrases"
              + (f"; figures without the {left_out} of --fit-only" if left_out else ""))
        rule_f1 = report("rule", None, rule[c], gold[c])
        pooled = np.tile(gold[c], args.repeats)  # the counted labels, once per repeat

        # The phrase-evidence model, fitted on articles with a phrase only.
        Xp = design(feats[slug], [set()] * n, [], TOPIC_FEATURES)[:, :len(TOPIC_FEATURES)]

        p_phr = cross_validated(fold_sets, lambda tr, te: phrase_model_predictions(Xp, gold, has, tr, te, args.l2))
        t_phr, _ = best_threshold(p_phr, pooled)
        f_phr = report("phrases", t_phr, p_phr >= t_phr, pooled)

        # The model with words; terms are chosen within each training fold. Columns: the
        # phrase evidence, "phrases", the terms, the pairings, the document vector.
        context_names, Xc = C[slug]
        scale = pairing_scale.get(slug, 1.0)
        Xc = scale * Xc

        def words(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
            vocab = select_terms([terms[i] for i in np.flatnonzero(tr)], gold[tr], args.terms, args.min_df)
            X = np.hstack([design(feats[slug], terms, vocab, TOPIC_FEATURES), Xc, V])
            w, b = fit(X[tr], gold[tr].astype(float), args.l2_words)
            return sigmoid(X[te] @ w + b)

        p_wrd = cross_validated(fold_sets, words)
        t_wrd, _ = best_threshold(p_wrd, pooled)
        f_wrd = report("words", t_wrd, p_wrd >= t_wrd, pooled)

        kind = choose_decider(rule_f1, f_phr, f_wrd, args.margin)
        kept_pred = {"rule": np.tile(rule[c], args.repeats), "phrases": p_phr >= t_phr, "words": p_wrd >= t_wrd}[kind]
        print(f"  {kind}, by label file (each article once per repeat):")
        report_by_file(kept_pred, pooled, pooled_files, [p.stem for p in args.labels])
        if kind == "rule":
            print(f"  the rule alone does as well: no model for {slug}")
            continue
        if kind == "phrases":
            w, b = fit(Xp[has], gold[has].astype(float), args.l2)
            models[slug] = {"kind": "phrases",
                            "weights": {k: round(float(v), 4) for k, v in zip(TOPIC_FEATURES, w)},
                            "bias": round(b, 4), "threshold": t_phr}
        else:
            vocab = select_terms(terms, gold, args.terms, args.min_df)
            X = np.hstack([design(feats[slug], terms, vocab, TOPIC_FEATURES), Xc, V])
            w, b = fit(X, gold.astype(float), args.l2_words)
            nv = V.shape[1]
            w_phrases, w_terms, w_context, w_vector = split_words_weights(w, vocab, context_names, nv)
            models[slug] = {"kind": "words",
                            "weights": {k: round(float(v), 4) for k, v in zip(TOPIC_FEATURES + ("phrases",), w_phrases)},
                            "terms": {t: round(float(v), 4) for t, v in zip(vocab, w_terms) if abs(v) >= 1e-4},
                            "bias": round(b, 4), "threshold": t_wrd}
            if context_names:
                models[slug]["pairings"] = digests[slug]  # the declaration these weights belong to
                models[slug]["pairing_scale"] = scale     # how freely they were weighed (--pairing-scale)
                models[slug]["context_weights"] = {k: round(float(v) * scale, 4)
                                                   for k, v in zip(context_names, w_context)}
            if nv:
                from ctsearch.docvec import doc_vectors

                models[slug]["doc_vectors"] = doc_vectors().digest  # the space these weights belong to
                models[slug]["vector_weights"] = [round(float(v) * args.vector_scale, 4) for v in w_vector]
            top = sorted(models[slug]["terms"].items(), key=lambda x: -x[1])[:12]
            print("  strongest terms:", ", ".join(f"{t}={v:+.2f}" for t, v in top))
        print(f"  kept: {kind}")
    if args.write:
        write_model(MODEL, "Topic decisions: a logistic regression per topic over extract.topic_features "
                    "and, for kind 'words', lexical.article_terms, the word pairings (extract.topic_context) and the "
                    "document vector (docvec).", args.labels,
                    {"topics": models}, args.fit_only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
