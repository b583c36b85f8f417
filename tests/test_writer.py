"""One writer interface for every backend: ``ctsearch index`` goes through it."""

from __future__ import annotations

import pytest

from conftest import SEEDS_DIR, write_jsonl
from ctsearch import backend as B
from ctsearch.cli import main
from ctsearch.index import IndexReport


def test_the_configured_backend_gives_its_writer(tmp_path):
    whoosh = B.open_writer(tmp_path / "idx")
    assert whoosh.name == "whoosh" and whoosh.where == str(tmp_path / "idx")
    cluster = B.open_writer(backend="opensearch", opensearch_url="http://127.0.0.1:9", opensearch_index="tin")
    assert cluster.name == "opensearch" and cluster.where == "“tin” trên http://127.0.0.1:9"
    with pytest.raises(ValueError, match="backend"):
        B.open_writer(backend="solr")


def test_the_whoosh_writer_indexes_and_reports(tmp_path):
    from ctsearch.ingest import read_inputs
    from ctsearch.query import SearchEngine

    writer = B.open_writer(tmp_path / "idx", "whoosh")
    problems = []
    report = writer.write(read_inputs([str(SEEDS_DIR)]), B.WriteOptions(), on_problem=problems.append)
    assert isinstance(report, IndexReport)
    assert (report.added, report.updated, report.total_docs, problems) == (5, 0, 5, [])
    again = writer.write(read_inputs([str(SEEDS_DIR)]), B.WriteOptions(rebuild=True))
    assert again.rebuild and again.switched and again.total_docs == 5
    engine = SearchEngine(tmp_path / "idx")
    assert engine.search("dien gio").total >= 1
    engine.close()


class RecordingWriter:
    """A third backend: what ``ctsearch index`` hands to a writer, and what it prints back."""

    name = "memory"

    def __init__(self):
        self.where = "bộ nhớ"
        self.ids: list[str] = []
        self.options = None

    def write(self, items, options, on_problem=None, on_progress=None):
        from ctsearch.ingest import Problem
        self.options = options
        report = IndexReport()
        for item in items:
            if isinstance(item, Problem):
                report.skipped += 1
                report.problems.append(item)
                on_problem(item)
            else:
                self.ids.append(item.id)
                report.added += 1
        report.total_docs = len(self.ids)
        report.seconds = 2.0
        return report


def test_the_index_command_goes_through_the_writer_of_the_backend(monkeypatch, tmp_path, capsys):
    writer = RecordingWriter()
    asked = {}

    def open_writer(index_dir=None, backend=None, opensearch_url=None, opensearch_index=None):
        asked.update(index_dir=index_dir, backend=backend, url=opensearch_url, alias=opensearch_index)
        return writer

    monkeypatch.setattr(B, "open_writer", open_writer)
    src = write_jsonl(tmp_path / "tin.jsonl", [
        {"id": "a1", "title": "Điện gió Bến Tre", "text": "Điện gió phát triển."},
        {"id": "a2", "title": "Thiếu nội dung"},
    ])
    code = main(["index", str(src), "--rebuild", "--workers", "3", "--shards", "2", "--replicas", "1",
                 "--index-dir", str(tmp_path / "x"), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 0
    assert asked["index_dir"] == tmp_path / "x" and asked["backend"] == "whoosh"
    assert writer.ids == ["a1"]
    assert writer.options == B.WriteOptions(rebuild=True, workers=3, expected=2, shards=2, replicas=1)
    assert out == "Đã thêm 1, cập nhật 0, bỏ qua 1 bài trong 2,00 giây (0,5 bài/s). Chỉ mục bộ nhớ có 1 bài.\n"
    assert "bỏ qua" in err and "tin.jsonl:2" in err


def test_the_cluster_writer_keeps_few_analysed_batches_waiting():
    """Workers never analyse more than ``ahead`` batches the writing process has not
    taken yet (their results would pile up in its memory); results come in order."""
    from ctsearch.opensearch_backend import _bounded_map

    class Pool:
        def __init__(self):
            self.waiting = self.most = 0

        def apply_async(self, fn, args):
            self.waiting += 1
            self.most = max(self.most, self.waiting)
            pool = self

            class Result:
                def get(self):
                    pool.waiting -= 1
                    return fn(*args)
            return Result()

    pool = Pool()
    assert list(_bounded_map(pool, lambda batch: sum(batch), ([i, i] for i in range(10)), ahead=3)) == \
        [2 * i for i in range(10)]
    assert pool.most == 3 and pool.waiting == 0
