"""Nothing lost, nothing hangs: concurrent runs, rebuilds, dying workers, full disks.

Each test writes its own index in a temporary directory. Tests that kill processes run
the indexer in a child Python process with a time limit, so a hang fails the test
instead of stopping the suite.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ctsearch import cli
from ctsearch.commit import Committer
from ctsearch.index import IndexError_, index_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine
from conftest import process_alive

TEXT = "Sở Công Thương tỉnh Sơn La tổ chức hội nghị về thủy điện và điện nông thôn năm 2022."
TEXT_BEN_TRE = "Sở Công Thương tỉnh Bến Tre bàn về điện gió ven biển và thương mại điện tử năm 2019."


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def records(prefix: str, n: int, text: str = TEXT) -> list[dict]:
    return [{"id": f"{prefix}{i}", "title": f"Tin {prefix} {i}", "text": f"{text} Bài số {i}."} for i in range(n)]


def ids(index_dir: Path) -> list[str]:
    result = SearchEngine(index_dir).search("", limit=100)
    return sorted(h.id for h in result.hits)


# --- 1. a rebuild while another run writes ---------------------------------------------------

def test_rebuild_is_refused_while_another_run_holds_the_index(tmp_path, capsys):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 3))]), ix)
    other = Committer(ix)                     # another run, in the middle of its work
    try:
        with pytest.raises(IndexError_, match="đang được một tiến trình khác ghi"):
            index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", records("b", 2))]), ix, rebuild=True)
        code = cli.main(["index", str(tmp_path / "b.jsonl"), "--index-dir", str(ix), "--rebuild"])
        assert code == 1 and "đang được một tiến trình khác ghi" in capsys.readouterr().err
        assert ids(ix) == ["a0", "a1", "a2"]  # nothing was wiped, and it still reads
    finally:
        other.close()
    # The first run's lock was never taken away: it could still commit; the index takes writes.
    report = index_articles(read_inputs([tmp_path / "b.jsonl"]), ix)
    assert report.added == 2 and ids(ix) == ["a0", "a1", "a2", "b0", "b1"]


# --- 2. searches see the old index until the rebuilt one is ready ------------------------------

def test_rebuild_is_built_aside_and_switched_in_one_step(tmp_path):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    engine = SearchEngine(ix)
    engine.refresh_interval = 0
    seen = []

    def look(done, _elapsed):
        result = engine.search("", limit=100)
        seen.append((done, result.total, sorted(h.id for h in result.hits)[:1]))

    new = write_jsonl(tmp_path / "b.jsonl", records("b", 9, TEXT_BEN_TRE))
    report = index_articles(read_inputs([new]), ix, rebuild=True, commit_every=3, on_progress=look)
    assert report.switched and (report.added, report.total_docs) == (9, 9)
    # While the new batches were being built and committed aside, the old index was whole.
    assert len(seen) == 9 and all(total == 4 and first == ["a0"] for _done, total, first in seen)
    after = engine.search("", limit=100)
    assert after.total == 9 and {h.id for h in after.hits} == {f"b{i}" for i in range(9)}
    assert [v.value for v in after.facets["province"]] == ["Bến Tre"]
    # The old segments' files are gone: only the new table of contents and its segments remain.
    assert len(list(ix.glob("_MAIN_*.toc"))) == 1


def test_an_index_deleted_and_built_again_is_searched_though_its_generation_is_the_same(tmp_path):
    # `rm -rf ix && ctsearch index … --index-dir ix` while a server runs: the new index reaches
    # the generation number the old one had; the server searched the deleted files for good.
    # While no index is there, a search says so (a 503 on the page), never a server error.
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    engine = SearchEngine(ix)
    engine.refresh_interval = 0
    try:
        assert engine.search("", limit=100).total == 4
        shutil.rmtree(ix)
        index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", records("b", 3, TEXT_BEN_TRE))]), ix)
        assert len(list(ix.glob("_MAIN_1.toc"))) == 1         # (the generation the old one had)
        after = engine.search("", limit=100)
        assert after.total == 3 and {h.id for h in after.hits} == {"b0", "b1", "b2"}
        assert engine.article("b0") is not None and engine.article("a0") is None
        shutil.rmtree(ix)
        with pytest.raises(IndexError_):
            engine.search("", limit=100)
        engine.refresh_interval = 3600       # every search says so, not one a refresh
        with pytest.raises(IndexError_):
            engine.search("", limit=100)
        engine.refresh_interval = 0
        index_articles(read_inputs([tmp_path / "b.jsonl"]), ix)
        assert engine.search("", limit=100).total == 3
    finally:
        engine.close()


def test_a_page_found_before_a_rebuild_is_read_from_the_index_that_found_it(tmp_path):
    """A request in flight when a rebuild deletes the segments it searched: its
    articles are read from the files its searcher holds, and never from the new index
    (whose document numbers mean other articles)."""
    from ctsearch.whoosh_backend import WhooshBackend

    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    backend = WhooshBackend(ix)
    backend.refresh_interval = 0
    searcher, _ = backend.current()
    keys = list(range(searcher.doc_count_all()))
    old_files = {p.name for p in ix.glob("MAIN_*.*")}
    index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", records("b", 9, TEXT_BEN_TRE))]), ix,
                   rebuild=True)
    assert not old_files & {p.name for p in ix.glob("MAIN_*.*")}   # the searched segments are deleted
    assert sorted(a["id"] for a in backend.stored(keys)) == [f"a{i}" for i in range(4)]
    assert {a["province"] for a in backend.stored(keys)} == {"Sơn La"}
    # The next search opens the new index, and its keys read its articles.
    engine = SearchEngine(ix)
    result = engine.search("", limit=100)
    assert result.total == 9 and {h.id for h in result.hits} == {f"b{i}" for i in range(9)}


def test_another_request_never_swaps_the_index_between_a_page_and_its_articles(tmp_path, monkeypatch):
    """A request that looks for a newer index (every search does, for its cache key)
    while another has found its page but not yet read its articles waits for it: the
    articles are those the page found, not the new index's under the same numbers."""
    import threading

    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    new = write_jsonl(tmp_path / "b.jsonl", records("b", 9, TEXT_BEN_TRE))
    engine = SearchEngine(ix)
    engine.refresh_interval = 0
    real_stored = engine.backend.stored
    other: list = []

    def stored_after_a_rebuild_and_another_request(keys):
        if not other:
            index_articles(read_inputs([new]), ix, rebuild=True)
            thread = threading.Thread(target=lambda: other.append(engine.search("Bến Tre", limit=100)))
            other.append(thread)
            thread.start()
            thread.join(0.5)   # the other request may not get between the page and its articles
        return real_stored(keys)

    monkeypatch.setattr(engine.backend, "stored", stored_after_a_rebuild_and_another_request)
    first = engine.search("Sơn La", limit=100)
    other[0].join(10)
    assert {h.id for h in first.hits} == {f"a{i}" for i in range(4)}
    assert {h.id for h in other[1].hits} == {f"b{i}" for i in range(9)}


@pytest.mark.parametrize("landing", ["rebuild", "merge"])
def test_a_commit_landing_while_the_index_is_opened_is_opened_again(tmp_path, monkeypatch, landing):
    """The newest commit is opened while another lands and deletes its segments (a
    rebuild; an added batch that merges the small segments of earlier runs): what was
    read meanwhile may be missing or short, so the backend opens the newer commit
    instead of serving empty columns or failing."""
    from ctsearch import whoosh_backend

    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", records("c", 3))]), ix)
    new = write_jsonl(tmp_path / "b.jsonl", records("b", 9, TEXT_BEN_TRE))
    expected = {f"b{i}" for i in range(9)} | (set() if landing == "rebuild" else
                                              {f"a{i}" for i in range(4)} | {f"c{i}" for i in range(3)})
    real_load = whoosh_backend.FacetColumns.load
    opened = []

    def load_while_a_commit_lands(folder, generation, reader):
        opened.append(generation)
        if len(opened) == 1:
            before = {p.name for p in ix.glob("MAIN_*.*")}
            index_articles(read_inputs([new]), ix, rebuild=landing == "rebuild")
            assert before - {p.name for p in ix.glob("MAIN_*.*")}   # files of the opened commit are gone
            for side in ix.glob(f"facets-{generation}-*.npz"):
                side.unlink()   # as if it had never been saved: the columns are read from the segments
        return real_load(folder, generation, reader)

    monkeypatch.setattr(whoosh_backend.FacetColumns, "load", load_while_a_commit_lands)
    engine = SearchEngine(ix)
    result = engine.search("", limit=100)
    assert len(opened) >= 2 and opened[-1] > opened[0]
    assert result.total == len(expected) and {h.id for h in result.hits} == expected
    counts = {v.value: v.count for v in result.facets["province"]}
    assert counts["Bến Tre"] == 9 and sum(counts.values()) == len(expected)


def test_interrupted_rebuild_keeps_the_old_index(tmp_path, capsys):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 3))]), ix)

    def stop(done, _elapsed):
        if done == 5:
            raise KeyboardInterrupt

    new = write_jsonl(tmp_path / "b.jsonl", records("b", 9))
    report = index_articles(read_inputs([new]), ix, rebuild=True, commit_every=3, on_progress=stop)
    assert report.interrupted and not report.switched
    assert (report.added, report.total_docs) == (0, 3)
    assert ids(ix) == ["a0", "a1", "a2"]
    assert not (ix / ".staging").exists()


def test_a_stop_while_the_side_files_are_saved_is_said_as_a_stop(tmp_path, monkeypatch, capsys):
    # Every article is committed by then: the run says so, and ends as a stop ends (130 for
    # Ctrl-C), not with a bare "đã dừng.".
    from ctsearch import cli, index as index_module

    def stopped(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(index_module, "save_language_statistics", stopped)
    src = write_jsonl(tmp_path / "a.jsonl", records("a", 4))
    report = index_articles(read_inputs([src]), tmp_path / "ix")
    assert report.interrupted and (report.added, report.total_docs) == (4, 4)
    assert cli.main(["index", str(src), "--index-dir", str(tmp_path / "ix2"), "--quiet"]) == 130
    assert "có 4 bài" in capsys.readouterr().err
    assert ids(tmp_path / "ix2") == ["a0", "a1", "a2", "a3"]


def test_rebuild_repairs_an_index_it_cannot_read(tmp_path):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 3))]), ix)
    for terms in ix.glob("MAIN_*.trm"):
        terms.unlink()                        # a segment's terms lost: nothing can read this index
    with pytest.raises(Exception):
        SearchEngine(ix).search("")
    with pytest.raises(IndexError_, match="bị hỏng.*--rebuild"):
        index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", records("b", 2))]), ix)
    report = index_articles(read_inputs([tmp_path / "b.jsonl"]), ix, rebuild=True)
    assert report.switched and ids(ix) == ["b0", "b1"]


# --- 3. one bad line in a parallel run ---------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_bad_lines_are_skipped_with_file_and_line_in_every_worker(tmp_path, workers):
    f = tmp_path / "in.jsonl"
    good = [json.dumps(r, ensure_ascii=False) for r in records("g", 6)]
    lines = good[:2] + ['{"id": "bad\\ud800", "title": "Tin", "text": "Điện gió."}', "[" * 100_000] + good[2:]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = index_articles(read_inputs([f]), tmp_path / "ix", workers=workers, commit_every=2)
    assert (report.added, report.skipped) == (6, 2)
    assert [p.origin for p in report.problems] == [f"{f}:3", f"{f}:4"]
    assert "U+D800" in report.problems[0].message and "lồng nhau quá sâu" in report.problems[1].message
    assert ids(tmp_path / "ix") == [f"g{i}" for i in range(6)]


# --- 4, 5. workers that die, and a parent that dies ----------------------------------------------

RUNNER = textwrap.dedent("""
    import json, os, signal, sys
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    import multiprocessing

    src, ix, mode, moment = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    state = {"done": False}

    def on_progress(done, elapsed):
        if state["done"] or done < moment:
            return
        state["done"] = True
        workers = [p.pid for p in multiprocessing.active_children()]
        print(json.dumps(workers), flush=True)
        if mode == "kill-worker":
            os.kill(workers[0], signal.SIGKILL)
        else:                      # the indexer itself is killed
            os.kill(os.getpid(), signal.SIGKILL)

    report = index_articles(read_inputs([src]), ix, workers=2, commit_every=4, on_progress=on_progress)
    print(json.dumps({"added": report.added, "lost": report.lost, "error": report.error,
                      "total": report.total_docs}), flush=True)
""")


def _run(tmp_path, mode: str, n: int, moment: int = 3) -> tuple[subprocess.CompletedProcess, Path]:
    src = write_jsonl(tmp_path / "in.jsonl", records("a", n))
    ix = tmp_path / "ix"
    proc = subprocess.run([sys.executable, "-c", RUNNER, str(src), str(ix), mode, str(moment)],
                          capture_output=True, text=True, timeout=120)
    return proc, ix


@pytest.mark.parametrize("moment", [0, 3, 25])   # before any article, in the first batches, later
def test_a_killed_worker_is_noticed_and_its_batch_reported(tmp_path, moment):
    proc, ix = _run(tmp_path, "kill-worker", 40, moment)
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stderr
    report = json.loads(lines[-1])
    # The killed worker's batch, if it had one (an idle worker loses nothing but is still noticed).
    assert len(report["lost"]) <= 1 and all("SIGKILL" in x and "in.jsonl:" in x for x in report["lost"])
    assert "SIGKILL" in report["error"]
    assert report["added"] < 40 and report["total"] == report["added"]
    assert len(ids(ix)) == report["added"]                  # committed batches are kept, readable


def _alive(pid: int) -> bool:
    return process_alive(pid)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_die_with_the_indexer_and_release_the_index(tmp_path):
    proc, ix = _run(tmp_path, "kill-self", 400)
    assert proc.returncode == -signal.SIGKILL
    workers = json.loads(proc.stdout.strip().splitlines()[0])
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)
    # A new run is accepted at once (no worker holds the write lock) and keeps what was committed.
    report = index_articles(read_inputs([tmp_path / "in.jsonl"]), ix)
    assert report.indexed == 400 and len(SearchEngine(ix).search("", limit=1).hits) == 1


def test_cli_exits_non_zero_and_says_what_was_lost(tmp_path, capsys, monkeypatch):
    from ctsearch import index as index_mod

    def lost_one(items, workers, size, committer, progress, lost):
        batches = list(index_mod._batches(items, size))
        yield index_mod.build_batch(batches[0], committer.new_staging_folder())
        lost.append(f"{index_mod._span(batches[1])}: tiến trình con 1 bị dừng bởi tín hiệu SIGKILL")
        raise index_mod.RunFailed("tiến trình con 1 bị dừng bởi tín hiệu SIGKILL")

    monkeypatch.setattr(index_mod, "_parallel_results", lost_one)
    monkeypatch.setattr(index_mod, "batch_size", lambda *a: 3)
    src = write_jsonl(tmp_path / "in.jsonl", records("a", 6))
    code = cli.main(["index", str(src), "--index-dir", str(tmp_path / "ix"), "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "SIGKILL" in err and f"chưa lưu: {src}:4 … {src}:6" in err
    assert "Đã lưu: Đã thêm 3" in err and "có 3 bài" in err


def test_a_rebuild_that_lost_a_batch_keeps_the_old_index(tmp_path, monkeypatch):
    # A batch a worker could not build (its lines said lost) and the run going on: the
    # rebuild switched to the rest, the lost articles gone from the index.
    from ctsearch import index as index_mod

    def one_lost(items, workers, size, committer, progress, lost):
        batches = list(index_mod._batches(items, size))
        yield index_mod.build_batch(batches[0], committer.new_staging_folder())
        yield index_mod.BatchResult(None, [], lost=f"{index_mod._span(batches[1])}: hết chỗ trên đĩa", order=1)

    ix = tmp_path / "ix"
    src = write_jsonl(tmp_path / "in.jsonl", records("a", 6))
    index_articles(read_inputs([src]), ix)
    monkeypatch.setattr(index_mod, "_parallel_results", one_lost)
    monkeypatch.setattr(index_mod, "batch_size", lambda *a: 3)
    report = index_articles(read_inputs([src]), ix, rebuild=True, workers=2)
    assert not report.switched and "chưa thay chỉ mục" in (report.error or "")
    assert sorted(ids(ix)) == [f"a{i}" for i in range(6)]


# --- 6. side files belong to the exact segments they describe ------------------------------------

def test_a_failed_rebuild_leaves_the_old_index_and_its_facets(tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 4))]), ix)
    real = Committer.add
    calls = []

    def fail_after_first_batch(self, built, *args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real(self, built, *args)

    new = write_jsonl(tmp_path / "b.jsonl", records("b", 6, TEXT_BEN_TRE))
    with monkeypatch.context() as m:
        m.setattr(Committer, "add", fail_after_first_batch)
        with pytest.raises(RuntimeError):
            index_articles(read_inputs([new]), ix, rebuild=True, commit_every=2)
    report = index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", records("c", 2, TEXT_BEN_TRE))]), ix)
    assert report.total_docs == 6
    result = SearchEngine(ix).search("", limit=100)
    assert {v.value: v.count for v in result.facets["province"]} == {"Sơn La": 4, "Bến Tre": 2}
    assert SearchEngine(ix).vocabulary().accented_syllable("tre") == "tre"


def test_side_files_of_other_segments_are_never_read(tmp_path):
    """Two indexes at the same generation with as many articles: one's facet and
    vocabulary files copied into the other must not be believed."""
    one, two = tmp_path / "one", tmp_path / "two"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 3))]), one)
    index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", records("b", 3, TEXT_BEN_TRE))]), two)
    for side in list(two.glob("facets-*")) + list(two.glob("vocab-*")):
        side.unlink()
    for side in list(one.glob("facets-*")) + list(one.glob("vocab-*")):
        shutil.copy(side, two / side.name)
    engine = SearchEngine(two)
    result = engine.search("", limit=10)
    assert [v.value for v in result.facets["province"]] == ["Bến Tre"]
    assert engine.vocabulary().accented_syllable("ben") == "bến"


# --- 7. a full disk ------------------------------------------------------------------------------

def _no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_while_merging_says_what_was_committed(tmp_path, capsys, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", records("a", 100))
    monkeypatch.setattr(Committer, "merge_small_segments", _no_space)
    code = cli.main(["index", str(src), "--index-dir", str(tmp_path / "ix"), "--workers", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert "gộp các phân đoạn nhỏ" in captured.err and "errno 28" in captured.err
    assert "Đã lưu: Đã thêm 100" in captured.err and "có 100 bài" in captured.err
    assert len(ids(tmp_path / "ix")) == 100


def test_disk_full_while_committing_keeps_earlier_batches(tmp_path, monkeypatch):
    src = write_jsonl(tmp_path / "in.jsonl", records("a", 9))
    real = Committer._move_in
    calls = []

    def move_in(self, built):
        calls.append(1)
        if len(calls) == 2:
            _no_space()
        return real(self, built)

    monkeypatch.setattr(Committer, "_move_in", move_in)
    report = index_articles(read_inputs([src]), tmp_path / "ix", commit_every=3)
    assert report.failed and "errno 28" in report.error
    assert report.added == 3 and report.total_docs == 3
    assert len(report.lost) == 1 and report.lost[0].startswith("lô a3 … a5")
    assert ids(tmp_path / "ix") == ["a0", "a1", "a2"]


def test_a_batch_whose_segment_cannot_be_written_is_reported_and_the_rest_indexed(tmp_path, monkeypatch):
    from ctsearch.builder import SegmentBuilder

    real = SegmentBuilder.finish
    calls = []

    def finish(self):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(self)

    monkeypatch.setattr(SegmentBuilder, "finish", finish)
    from ctsearch import index as index_mod
    src = write_jsonl(tmp_path / "in.jsonl", records("a", 9))
    # In-process, through the worker's own code path.
    results = []
    for i, batch in enumerate(index_mod._batches(read_inputs([src]), 3)):
        (tmp_path / f"s{i}").mkdir()
        results.append(index_mod._worker_result(batch, str(tmp_path / f"s{i}")))
    assert [r.lost is not None for r in results] == [False, True, False]
    assert results[1].lost == f"{src}:4 … {src}:6: lỗi đọc/ghi đĩa (errno 5)"
    calls.clear()
    report = index_articles(read_inputs([src]), tmp_path / "ix", commit_every=3)
    assert report.failed and len(report.lost) == 1 and report.added == 6


def test_a_rebuild_that_indexes_nothing_keeps_the_old_index(tmp_path, capsys):
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 2))]), ix)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n', encoding="utf-8")
    code = cli.main(["index", str(bad), "--index-dir", str(ix), "--rebuild"])
    err = capsys.readouterr().err
    assert code == 1 and "Chỉ mục cũ vẫn giữ nguyên" in err
    assert ids(ix) == ["a0", "a1"]


# --- the same id twice in one run ------------------------------------------------------------

@pytest.mark.parametrize("rebuild", [False, True])
def test_of_two_copies_of_an_id_the_one_read_later_stays_whichever_batch_finishes_first(tmp_path, rebuild):
    # Workers finish their batches in any order; the committer still keeps the copy that
    # comes later in the input.
    from ctsearch.index import build_batch

    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "seed.jsonl", records("s", 2))]), ix)
    src = write_jsonl(tmp_path / "feed.jsonl", [
        {"id": "dup", "title": "Phiên bản cũ", "text": TEXT}, {"id": "a", "title": "A", "text": TEXT},
        {"id": "b", "title": "B", "text": TEXT}, {"id": "dup", "title": "Phiên bản mới", "text": TEXT_BEN_TRE}])
    items = list(read_inputs([src]))
    committer = Committer(ix, rebuild=rebuild)
    try:
        later = build_batch(items[2:], committer.new_staging_folder())
        earlier = build_batch(items[:2], committer.new_staging_folder())
        *_, twice = committer.add(later.built, 1, later.origins)       # the later batch finished first
        assert twice == []
        *_, twice = committer.add(earlier.built, 0, earlier.origins)
        assert twice == [("dup", f"{src}:4", f"{src}:1")]
        committer.finish()
    finally:
        committer.close()
    engine = SearchEngine(ix)
    assert engine.article("dup")["title"] == "Phiên bản mới"
    assert sorted(h.id for h in engine.search("", limit=20).hits) == (["a", "b", "dup"] if rebuild
                                                                        else ["a", "b", "dup", "s0", "s1"])


def test_an_id_read_twice_in_one_run_is_noted_with_both_places(tmp_path, capsys):
    # Two files of the same name in two folders, and a line repeated in a .jsonl.
    (tmp_path / "src" / "2024").mkdir(parents=True)
    (tmp_path / "src" / "2025").mkdir()
    (tmp_path / "src" / "2024" / "tin1.txt").write_text("Tin cũ\n" + TEXT, encoding="utf-8")
    (tmp_path / "src" / "2025" / "tin1.txt").write_text("Tin mới\n" + TEXT_BEN_TRE, encoding="utf-8")
    write_jsonl(tmp_path / "src" / "feed.jsonl", [{"id": "x", "title": "Một", "text": TEXT},
                                                 {"id": "x", "title": "Hai", "text": TEXT_BEN_TRE}])
    ix = tmp_path / "ix"
    code = cli.main(["index", str(tmp_path / "src"), "--index-dir", str(ix), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 0
    assert "id 'tin1' đã có ở" in err and "2024" in err and "2025" in err
    assert f"feed.jsonl:2" in err and "id 'x' đã có ở" in err
    engine = SearchEngine(ix)
    assert engine.article("tin1")["title"] == "Tin mới" and engine.article("x")["title"] == "Hai"


def test_a_server_answers_with_the_last_statistics_while_a_run_has_not_saved_new_ones(tmp_path, monkeypatch):
    # An index run commits, then saves the vocabulary and abbreviations when it ends; a
    # searcher that sees the commit first answers with the last ones at once (counting
    # them over a large index took seconds of every request) and saves the new ones aside.
    from ctsearch.whoosh_backend import WhooshBackend
    ix = tmp_path / "ix"
    index_articles(read_inputs([str(write_jsonl(tmp_path / "a.jsonl", records("a", 5)))]), ix)
    backend = WhooshBackend(ix)
    monkeypatch.setattr(backend, "refresh_interval", 0.0)
    first = backend.vocabulary()
    index_articles(read_inputs([str(write_jsonl(tmp_path / "b.jsonl", records("b", 3, TEXT + " Khuyến công.")))]), ix)
    for f in list(ix.iterdir()):
        if f.name.startswith(("vocab-", "abbreviations-")) and f"-{backend_generation(ix)}-" in f.name:
            f.unlink()             # as if the run had not saved them yet
    # Counted by a process of its own, not by this one (where it would slow the requests).
    import ctsearch.whoosh_backend as whoosh_backend
    monkeypatch.setattr(whoosh_backend, "save_language_statistics", lambda *a, **k: 1 / 0)
    assert backend.vocabulary() is first and backend.abbreviations() is not None
    deadline = time.monotonic() + 30
    while backend.vocabulary() is first and time.monotonic() < deadline:
        time.sleep(0.05)           # the thread saves them; the next look loads them
    fresh = backend.vocabulary()
    assert fresh is not first and fresh.documents == 8
    assert any(f.name.startswith(f"vocab-{backend_generation(ix)}-") for f in ix.iterdir())
    backend.close()


def test_statistics_counted_aside_are_kept_when_the_folder_takes_no_files_and_never_drop_newer_ones(
        tmp_path, monkeypatch):
    from ctsearch import store
    from ctsearch.langfiles import save_language_statistics
    from ctsearch.whoosh_backend import WhooshBackend
    ix = tmp_path / "ix"
    index_articles(read_inputs([str(write_jsonl(tmp_path / "a.jsonl", records("a", 5)))]), ix)
    backend = WhooshBackend(ix)
    monkeypatch.setattr(backend, "refresh_interval", 0.0)
    monkeypatch.setattr(backend, "count_in_child", False)     # counted here, where the patches hold
    first = backend.vocabulary()
    index_articles(read_inputs([str(write_jsonl(tmp_path / "b.jsonl", records("b", 3)))]), ix)
    gen = backend_generation(ix)
    for f in list(ix.iterdir()):
        if f.name.startswith("abbreviations-") and f"-{gen}-" in f.name:
            f.unlink()             # the vocabulary saved, the abbreviations not yet
        elif f.name.startswith("vocab-") and f"-{gen}-" in f.name:
            f.unlink()
    # A folder that takes no files: what was counted aside is still used.
    monkeypatch.setattr(store, "keep_side_file", lambda path, write: None)
    assert backend.vocabulary() is first
    deadline = time.monotonic() + 30
    while backend.vocabulary() is first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backend.vocabulary() is not first and backend.vocabulary().documents == 8
    assert not [f for f in ix.iterdir() if f.name.startswith("vocab-") and f"-{gen}-" in f.name]
    backend.close()
    monkeypatch.undo()
    # Counted aside for an older generation, the files of a newer one stay.
    from whoosh import index as whoosh_index
    opened = whoosh_index.open_dir(str(ix))
    with opened.searcher() as searcher:
        index_articles(read_inputs([str(write_jsonl(tmp_path / "c.jsonl", records("c", 2)))]), ix)
        newer = {f.name for f in ix.iterdir() if f.name.startswith(("vocab-", "abbreviations-"))}
        save_language_statistics(ix, gen, searcher.reader(), tidy=False)
    opened.close()
    assert newer <= {f.name for f in ix.iterdir()}


def backend_generation(ix: Path) -> int:
    from whoosh import index as whoosh_index
    opened = whoosh_index.open_dir(str(ix))
    try:
        return opened.latest_generation()
    finally:
        opened.close()


@pytest.mark.parametrize("kind", ["facets", "vocab", "abbreviations"])
def test_a_side_file_cut_short_is_read_again_from_the_segments(tmp_path, kind):
    # Side files speed up opening the index: one cut short (a crash, a full disk) is counted
    # again, never a failed search (a damaged facets file answered 500 to every search).
    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 6, TEXT_BEN_TRE))]), ix)
    side = next(ix.glob(f"{kind}-*"))
    side.write_bytes(side.read_bytes()[:side.stat().st_size // 2])
    result = SearchEngine(ix).search("Bến Tre")
    assert result.total == 6 and {v.value: v.count for v in result.facets["province"]}["Bến Tre"] == 6


def test_a_damaged_schema_note_is_named_as_such(tmp_path):
    from ctsearch.store import IndexError_, open_index

    ix = tmp_path / "ix"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", records("a", 2))]), ix)
    (ix / "ctsearch.json").write_text("", "utf-8")
    with pytest.raises(IndexError_, match="bị hỏng hay rỗng"):
        open_index(ix)
