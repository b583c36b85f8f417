"""The training scripts' bookkeeping and the hand labels they read (bench/labels).

The scripts need the corpus to train, but what they count and which labels they may read
can be checked without it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "labels"
# Held out, for the figures in the README (and boundary.jsonl, measured beside them): never trained on.
HELD_OUT = ("test.jsonl", "test2.jsonl", "test3.jsonl", "test4.jsonl", "test5.jsonl", "reread.jsonl", "boundary.jsonl")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines() if line.strip()]


def _development_files() -> list[Path]:
    return sorted(p for p in LABELS.glob("dev*.jsonl")) + [LABELS / "train.jsonl", LABELS / "own.jsonl"]


def test_no_held_out_article_is_a_development_label() -> None:
    held = {i for name in HELD_OUT for i in _ids(LABELS / name)}
    for path in _development_files():
        leaked = held.intersection(_ids(path))
        assert not leaked, f"{path.name} holds held-out articles: {sorted(leaked)[:5]}"


def test_development_labels_are_one_line_per_article() -> None:
    seen: dict[str, str] = {}
    for path in _development_files():
        for i in _ids(path):
            assert i not in seen, f"{i} is labelled in both {seen[i]} and {path.name}"
            seen[i] = path.name
    assert len(seen) == 6107


@pytest.mark.parametrize("path", _development_files(), ids=lambda p: p.name)
def test_development_labels_follow_the_guideline_vocabulary(path: Path) -> None:
    from ctsearch.extract import PROVINCES

    names = set(PROVINCES)
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        lab = json.loads(line)
        assert lab.get("province") is None or lab["province"] in names, lab["id"]
        assert set(lab.get("provinces_mentioned") or []) <= names, lab["id"]
        assert set(lab.get("topics") or []) <= {"electricity", "e-commerce", "rural-industry"}, lab["id"]


def _row(i: str, gold: str | None, top: str | None) -> dict:
    return {"id": i, "gold": gold, "top": top, "margin": 1.0, "dateline": 0.0, "no_main": False}


def test_fit_only_articles_are_left_out_of_the_figures(tmp_path: Path) -> None:
    train = _script("train_province_model")
    # The left-out candidate comes first, so leaving it out must keep each probability
    # with its own article: "a" is counted at 0.1, below the threshold.
    rows = [_row("b", None, "Hà Nội"), _row("a", "Huế", "Huế"), _row("c", "Cà Mau", None),
            _row("d", "Huế", "Huế")]
    probs = np.array([0.9, 0.1, 0.9])
    # All four: "b" wrongly given, "a" and "c" missed, "d" right.
    assert train.article_figures(probs, rows, 0.5) == (0.5, 1 / 3)
    labels, hard = tmp_path / "all.jsonl", tmp_path / "unsure.jsonl"
    labels.write_text("", "utf-8")
    hard.write_text('{"id": "b"}\n\n{"id": "c"}\n', "utf-8")
    parser = train.training_parser(train.__doc__, train.MODEL, folds=5)
    unsure = train.fit_only_ids(parser.parse_args([str(labels), str(hard), "--fit-only", str(hard)]))
    assert unsure == {"b", "c"}
    counted = {r["id"] for r in rows} - unsure
    assert train.article_figures(probs, rows, 0.5, counted) == (1.0, 0.5)


def test_a_fit_only_file_must_be_among_the_labels(tmp_path: Path) -> None:
    train = _script("train_province_model")
    parser = train.training_parser(train.__doc__, train.MODEL, folds=5)
    args = parser.parse_args([str(tmp_path / "a.jsonl"), "--fit-only", str(tmp_path / "b.jsonl")])
    with pytest.raises(SystemExit, match="not among the labels"):
        train.fit_only_ids(args)
    with pytest.raises(SystemExit):  # named without any file
        parser.parse_args(["a.jsonl", "--fit-only"])


@pytest.mark.parametrize("rule, phrases, words, kept", [
    (0.60, 0.605, 0.609, "rule"),      # neither gains the margin over the rule
    (0.60, 0.605, 0.611, "words"),     # words beat the rule kept, though barely the phrases
    (0.60, 0.62, 0.625, "phrases"),    # words gain 0.005 over the phrases kept
    (0.60, 0.62, 0.63, "words"),
    (0.60, 0.59, 0.61, "words"),       # phrases worse than the rule; words beat the rule
    (0.86, 0.924, 0.920, "phrases"),   # a tie keeps the simpler
])
def test_a_richer_topic_decider_must_gain_the_margin(rule, phrases, words, kept) -> None:
    assert _script("train_topic_model").choose_decider(rule, phrases, words, 0.01) == kept


def test_the_weights_of_the_model_with_words_are_split_as_its_columns_run() -> None:
    from ctsearch.extract import TOPIC_FEATURES

    train = _script("train_topic_model")
    vocab, pairings, n_vector = ["a", "b", "c"], ["p_share", "p_count"], 4
    n = len(TOPIC_FEATURES) + 1
    w = np.arange(n + 3 + 2 + 4, dtype=float)
    phrases, terms, context, vector = train.split_words_weights(w, vocab, pairings, n_vector)
    assert list(phrases) == list(range(n))
    assert list(terms) == [n, n + 1, n + 2]
    assert list(context) == [n + 3, n + 4]
    assert list(vector) == [n + 5, n + 6, n + 7, n + 8]
    # Without pairings or a vector the terms run to the end.
    assert list(train.split_words_weights(w[:n + 3], vocab, [], 0)[1]) == [n, n + 1, n + 2]
    with pytest.raises(ValueError):
        train.split_words_weights(w, vocab, pairings, 3)


def test_the_shipped_models_record_their_training_command() -> None:
    for name in ("province_model.json", "topic_model.json"):
        model = json.loads((ROOT / "search" / "data" / name).read_text("utf-8"))
        assert set(model.get("fit_only", [])) <= set(model["trained_on"]), name
        for path in model["trained_on"]:
            assert (ROOT / path).is_file(), f"{name} was trained on {path}, which is not in the repository"
            assert Path(path).name not in HELD_OUT, f"{name} was trained on the held-out {path}"


def test_labels_follow_two_readers_who_agree_on_re_reading() -> None:
    # Where two further readers, blind to the first label and to each other, agreed on a
    # topic, the development label follows them.
    read_labels = _script("train_province_model").read_labels
    first = read_labels(_development_files())
    a, b = ({i: set(r["topics"]) for i, r in read_labels([LABELS / f"topic_reread_{x}.jsonl"]).items()}
            for x in "ab")
    assert a.keys() == b.keys() and len(a) == 103
    checked = 0
    for i in a:
        for topic in ("e-commerce", "rural-industry"):
            if (topic in a[i]) == (topic in b[i]):
                assert (topic in (first[i].get("topics") or [])) == (topic in a[i]), (i, topic)
                checked += 1
    assert checked >= 180


def test_repeated_cross_validation_scores_each_counted_article_once_per_repeat() -> None:
    train = _script("train_topic_model")
    # --fit-only articles (False) scattered among the counted ones, as in corpus order.
    counted = np.array([False, True, True, False, True, True, True, False, True, True, True, True, True])
    folds = [train.cv_folds(counted, 5, seed) for seed in range(3)]
    for fold in folds:
        assert (fold[~counted] == -1).all()
        assert sorted(np.bincount(fold[counted])) == [2, 2, 2, 2, 2]
    assert not all((folds[0] == f).all() for f in folds[1:])      # each repeat deals anew
    assert (train.cv_folds(counted, 5, 1) == folds[1]).all()       # and the same again on a rerun

    def predict(tr: np.ndarray, te: np.ndarray) -> np.ndarray:
        assert not (tr & te).any() and tr[~counted].all()          # fit-only rows always train
        return np.flatnonzero(te) / 100.0                          # each article's own number
    pooled = train.cross_validated(folds, predict)
    # One block per repeat, each the counted articles in order: it lines up with the
    # counted labels tiled once per repeat.
    own = list(np.flatnonzero(counted) / 100.0)
    assert len(pooled) == 30
    assert list(pooled[:10]) == list(pooled[10:20]) == list(pooled[20:]) == own


def test_the_phrase_model_scores_only_test_articles_with_a_phrase() -> None:
    train = _script("train_topic_model")
    Xp = np.array([[3.0], [0.5], [2.5], [0.2], [0.0], [2.8], [0.0], [0.4]])
    gold = np.array([True, False, True, False, False, True, True, False])
    has = np.array([True, True, True, True, False, True, False, True])
    tr = np.array([True, True, True, True, True, False, False, False])
    te = ~tr
    p = train.phrase_model_predictions(Xp, gold, has, tr, te, 1.0)
    # Test articles 5, 6, 7: the one without a phrase (6) gets 0 although it is about the
    # topic; of the other two, the strong phrase evidence scores higher.
    assert len(p) == 3 and p[1] == 0.0 and p[0] > 0.5 > p[2]
    # A training fold of one class gives its rate, still 0 where no phrase is.
    only_neg = np.array([False, True, False, True, True, False, False, False])
    assert list(train.phrase_model_predictions(Xp, gold, has, only_neg, te, 1.0)) == [0.0, 0.0, 0.0]
    only_pos = np.array([True, False, True, False, False, False, False, False])
    assert list(train.phrase_model_predictions(Xp, gold, has, only_pos, te, 1.0)) == [1.0, 0.0, 1.0]


def test_topic_only_labels_are_left_out_of_the_province_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    train = _script("train_province_model")
    art = SimpleNamespace(title="Bến Tre: khởi công nhà máy điện gió", body="Tỉnh Bến Tre khởi công.", date=None)
    monkeypatch.setattr(train, "labelled_articles", lambda files, corpus: iter([
        ({"id": "a", "topics": ["electricity"]}, art),
        ({"id": "b", "province": "Bến Tre", "topics": []}, art)]))
    _, _, _, rows, _ = train.load_examples([], Path("corpus.jsonl"))
    assert [r["id"] for r in rows] == ["b"]


def test_the_extraction_benchmark_counts_only_the_facets_a_label_gives() -> None:
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("extraction_bench", ROOT / "bench" / "extraction.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    art = SimpleNamespace(province="Hà Nội", provinces=["Hà Nội"], topics=["e-commerce"], year=2019)
    topics_only = {"id": "a", "topics": ["e-commerce"]}
    figures = bench.evaluate([topics_only], {"a": art})["figures"]
    assert figures["e-commerce"]["tp"] == 1
    for facet in ("province", "mentioned", "year"):
        assert figures[facet]["tp"] + figures[facet]["fp"] + figures[facet]["fn"] == 0, facet
    full = {"id": "a", "province": None, "provinces_mentioned": [], "topics": [], "year": None}
    figures = bench.evaluate([full], {"a": art})["figures"]
    assert (figures["province"]["fp"], figures["year"]["fp"], figures["e-commerce"]["fp"]) == (1, 1, 1)


def test_a_tie_in_cross_validation_keeps_the_higher_threshold() -> None:
    train = _script("train_topic_model")
    gold = np.array([True] * 4 + [False] * 6)
    # Every threshold from 0.25 to 0.65 separates them alike: the highest is kept.
    probs = np.array([0.9, 0.8, 0.7, 0.65, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05])
    assert train.best_threshold(probs, gold) == (0.65, 1.0)
    # Within TIE (0.002) of the best is a tie; beyond it the better F1 wins.
    f1 = {0.3: 0.801, 0.35: 0.8, 0.4: 0.7975}
    probs = np.concatenate([np.linspace(0, 1, 101)])
    monkey = train.figures
    try:
        train.figures = lambda pred, gold: (0.0, 0.0, f1.get(round(float(probs[pred].min()), 2), 0.5))
        assert train.best_threshold(probs, np.ones(101, bool))[0] == 0.35
    finally:
        train.figures = monkey
    # A clearly better lower threshold still wins.
    probs = np.array([0.9, 0.8, 0.7, 0.28, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05])
    t, f1 = train.best_threshold(probs, gold)
    assert (t, f1) == (0.25, 1.0)


def test_the_kept_topic_decider_is_reported_per_label_file(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    train = _script("train_topic_model")
    first, second = tmp_path / "department.jsonl", tmp_path / "hard.jsonl"
    first.write_text('{"id": "a"}\n{"id": "b"}\n', "utf-8")
    second.write_text('{"id": "b"}\n{"id": "c"}\n', "utf-8")
    # A later file's label wins, as the training reads it.
    assert train.label_file_of([first, second]) == {"a": "department", "b": "hard", "c": "hard"}
    pred = np.array([True, False, True, False])
    gold = np.array([True, True, False, False])
    files = np.array(["department", "department", "hard", "hard"])
    train.report_by_file(pred, gold, files, ["department", "none-scored", "hard"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2  # a file whose articles are all --fit-only has no line
    assert lines[0].split()[:2] == ["department", "2"] and "P 1.000  R 0.500  F1 0.667" in lines[0]
    # No article of the topic in a file: recall and F1 mean nothing there.
    assert lines[1].split()[:2] == ["hard", "2"] and "P 0.000  R   —    F1   —  " in lines[1]
