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
# Measured once, for the figures in the README: never trained or tuned on.
HELD_OUT = ("test.jsonl", "test2.jsonl", "test3.jsonl", "reread.jsonl")


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
    assert len(seen) >= 3700


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


def test_fit_only_articles_are_left_out_of_the_figures(tmp_path: Path) -> None:
    train = _script("train_province_model")
    rows = [
        {"id": "a", "gold": "Huế", "top": "Huế", "margin": 1.0, "dateline": 0.0, "no_main": False},
        {"id": "b", "gold": None, "top": "Hà Nội", "margin": 1.0, "dateline": 0.0, "no_main": False},
        {"id": "c", "gold": "Cà Mau", "top": None, "margin": 0.0, "dateline": 0.0, "no_main": False},
    ]
    probs = np.array([0.9, 0.9])
    # All three: one right, one wrongly given, one missed.
    assert train.article_figures(probs, rows, 0.5) == (0.5, 0.5)
    hard = tmp_path / "unsure.jsonl"
    hard.write_text('{"id": "b"}\n\n{"id": "c"}\n', "utf-8")
    counted = {r["id"] for r in rows} - train.fit_only_ids([hard])
    assert counted == {"a"}
    assert train.article_figures(probs, rows, 0.5, counted) == (1.0, 1.0)


@pytest.mark.parametrize("name", ["train_province_model", "train_topic_model"])
def test_both_training_scripts_take_fit_only(name: str) -> None:
    module = _script(name)
    parser = module.training_parser(module.__doc__, module.MODEL, folds=5)
    args = parser.parse_args(["x.jsonl", "--fit-only", "y.jsonl"])
    assert args.fit_only == [Path("y.jsonl")]
    assert "--fit-only" in (module.__doc__ or "")
