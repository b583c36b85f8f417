"""The judged-queries benchmark (bench/judged.py): its arithmetic and the judgment files.

The benchmark needs the corpus's index to run; what it computes from a ranking, and what
the judgment files may hold (ids, grades and our own words, never an article's text), can be
checked without it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
JUDGMENTS = ROOT / "bench" / "judgments"
ID = re.compile(r"^(unc-[\w-]+|vntc-(train|test)-[\w-]+|baomoi-\d+)$")


def _judged():
    spec = importlib.util.spec_from_file_location("judged", ROOT / "bench" / "judged.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Engine:
    """Returns fixed rankings, as SearchEngine.search would."""

    def __init__(self, rankings: dict[str, list[str]]):
        self.rankings = rankings

    def search(self, text: str, limit: int = 10):
        return SimpleNamespace(hits=[SimpleNamespace(id=i) for i in self.rankings[text][:limit]])


def test_ndcg_rewards_the_best_graded_articles_first_and_counts_ungraded_hits_as_not_relevant() -> None:
    judged = _judged()
    queries = [{"q": "cửa khẩu lạng sơn", "intent": "", "grades": {"a": 2, "b": 1, "c": 0}}]
    best = judged.judge(_Engine({"cửa khẩu lạng sơn": ["a", "b", "c"]}), queries)
    assert best["ndcg10"] == pytest.approx(1.0)
    assert best["first_relevant"] == 1.0 and best["unjudged10"] == 0.0
    worse = judged.judge(_Engine({"cửa khẩu lạng sơn": ["x", "c", "b", "a"]}), queries)
    ideal = 3 + 1 / math.log2(3)
    got = 1 / math.log2(4) + 3 / math.log2(5)
    assert worse["ndcg10"] == pytest.approx(got / ideal)
    assert worse["first_relevant"] == 0.0
    assert worse["rows"][0]["unjudged"] == ["x"]
    assert worse["good10"] == pytest.approx(0.1)


def test_a_later_file_s_grade_of_an_article_corrects_the_first(tmp_path: Path) -> None:
    judged = _judged()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"q": "chợ đầu mối", "intent": "i", "grades": {"x": 2, "y": 0}}) + "\n", "utf-8")
    second.write_text(json.dumps({"q": "chợ đầu mối", "grades": {"y": 1, "z": 2}}) + "\n\n", "utf-8")
    [item] = judged.load_judgments([first, second])
    assert item["grades"] == {"x": 2, "y": 1, "z": 2} and item["intent"] == "i"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": "x"}\n', "utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl:1"):
        judged.load_judgments([bad])


def test_the_judgment_files_hold_queries_ids_and_grades_only() -> None:
    files = sorted(JUDGMENTS.glob("*.jsonl"))
    assert files, "bench/judgments holds the judged queries"
    seen: set[str] = set()
    for path in files:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            assert set(item) <= {"q", "intent", "grades"}, f"{path.name}:{n}"
            assert item["q"].strip() and len(item["q"]) <= 100, f"{path.name}:{n}"
            assert item["q"] not in seen, f"{path.name}:{n}: {item['q']!r} twice"
            seen.add(item["q"])
            assert item["grades"] and all(ID.match(i) for i in item["grades"]), f"{path.name}:{n}"
            assert set(item["grades"].values()) <= {0, 1, 2}, f"{path.name}:{n}"
            assert len(item.get("intent") or "") <= 300, f"{path.name}:{n}"
