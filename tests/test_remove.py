"""Removing articles: out of every search, facet count and language statistic."""

from __future__ import annotations

import pytest

from conftest import SEEDS_DIR, write_jsonl
from ctsearch import commit as commit_mod
from ctsearch.cli import main
from ctsearch.index import index_articles, remove_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine
from ctsearch.store import IndexError_, open_index

TEXT = "Sở Công Thương tỉnh Sơn La tổ chức hội nghị về thủy điện và điện nông thôn năm 2022."


def _totals(folder):
    from ctsearch.langfiles import without_deleted
    from ctsearch.vocab import segment_frequencies
    index = open_index(folder)
    try:
        with index.searcher() as searcher:
            counts = segment_frequencies(folder, searcher.reader())
            without_deleted(counts, folder, searcher.reader())
    finally:
        index.close()
    return counts


def _province_counts(result) -> dict[str, int]:
    return {v.value: v.count for v in result.facets["province"] if v.count}


@pytest.mark.parametrize("small", [3, 2000])
def test_a_removed_article_leaves_the_index_as_if_never_indexed(tmp_path, monkeypatch, small):
    # A line deleted from a file stayed searchable, counted and read into queries until a
    # rebuild; removed, the index is that of the remaining articles built at once, whether
    # its segment is rewritten (small) or keeps the copy marked deleted (large).
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", small)
    others = [{"id": f"a{i}", "title": "Tin", "text": TEXT + " Xôi gác Quỳnh Côi là đặc sản."} for i in range(5)]
    gone = {"id": "x", "title": "Lễ hội xôi gấc Quỳnh Côi ở Thái Bình",
            "text": "Món xôi gấc Quỳnh Côi bán trên mạng. Xôi gấc ngon.", "province": "Thái Bình"}
    ix, fresh = tmp_path / "ix", tmp_path / "fresh"
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", others + [gone])]), ix)
    index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", others)]), fresh)
    assert SearchEngine(ix).search("gấc", literal=True).total == 1
    assert _province_counts(SearchEngine(ix).search(""))["Thái Bình"] == 1

    report = remove_articles(["x", "nope", "x"], ix)

    assert (report.removed, report.missing, report.total_docs) == (["x"], ["nope"], 5)
    assert _totals(ix) == _totals(fresh)
    engine = SearchEngine(ix)
    result = engine.search("")
    assert result.total == 5
    assert "Thái Bình" not in _province_counts(result)
    assert engine.search("gấc", literal=True).total == 0
    assert "gấc" not in (engine.search("xoi gac quynh coi").interpreted_as or "")
    assert all("gấc" not in c.text for c in engine.complete("xôi g", 8))
    assert engine.article("x") is None


def test_removing_from_no_index_is_refused_and_makes_none(tmp_path):
    with pytest.raises(IndexError_, match="chưa có chỉ mục"):
        remove_articles(["x"], tmp_path / "none")
    assert not (tmp_path / "none").exists()


def test_removing_while_another_run_writes_is_refused(tmp_path):
    ix = tmp_path / "ix"
    index_articles(read_inputs([SEEDS_DIR]), ix)
    writing = commit_mod.Committer(ix)
    try:
        with pytest.raises(IndexError_, match="đang được một tiến trình khác ghi"):
            remove_articles(["004_e6687adce95f4d90"], ix)
    finally:
        writing.close()
    assert SearchEngine(ix).search("").total == 5


def test_a_running_search_sees_the_removal(tmp_path):
    ix = tmp_path / "ix"
    index_articles(read_inputs([SEEDS_DIR]), ix)
    engine = SearchEngine(ix)
    assert engine.search("").total == 5
    engine.backend.refresh_interval = 0
    remove_articles(["004_e6687adce95f4d90"], ix)
    assert engine.search("").total == 4
    assert engine.article("004_e6687adce95f4d90") is None


def test_the_remove_command_by_id_and_by_file(tmp_path, capsys):
    ix = tmp_path / "ix"
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(3)])
    b = write_jsonl(tmp_path / "b.jsonl", [{"id": "b", "title": "Tin", "text": TEXT}])
    assert main(["index", str(a), str(b), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()

    assert main(["remove", "--articles-in", str(a), "--index-dir", str(ix)]) == 0
    out = capsys.readouterr().out
    assert "Đã gỡ 3 bài" in out and "có 1 bài" in out
    # An id the index does not hold is named; the others are removed all the same.
    assert main(["remove", "-x", "b", "--index-dir", str(ix)]) == 1
    captured = capsys.readouterr()
    assert "Đã gỡ 1 bài" in captured.out and "không có trong chỉ mục: -x" in captured.err
    assert SearchEngine(ix).search("").total == 0
    assert main(["remove", "--index-dir", str(ix)]) == 2
    assert "hãy nêu id" in capsys.readouterr().err
    assert main(["remove", "--articles-in", str(tmp_path / "missing.jsonl"), "--index-dir", str(ix)]) == 1
    assert "không tìm thấy" in capsys.readouterr().err


def test_remove_takes_a_list_of_ids_and_names_the_first_hundred_not_held(tmp_path, capsys):
    # A list of {"id": …} was refused record by record ("thiếu trường 'text'"): the id is
    # all a removal needs. 2,000 ids not held printed 2,000 lines.
    ix = tmp_path / "ix"
    a = write_jsonl(tmp_path / "a.jsonl", [{"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(3)])
    assert main(["index", str(a), "--index-dir", str(ix), "--quiet"]) == 0
    listed = write_jsonl(tmp_path / "ids.jsonl", [{"id": "a0"}, {"id": "a2", "text": 7}])
    capsys.readouterr()
    assert main(["remove", "--articles-in", str(listed), "--index-dir", str(ix)]) == 0
    assert "Đã gỡ 2 bài" in capsys.readouterr().out
    assert main(["remove", *(f"x{i}" for i in range(250)), "a1", "--index-dir", str(ix)]) == 1
    captured = capsys.readouterr()
    assert "Đã gỡ 1 bài" in captured.out and captured.err.count("không có trong chỉ mục: x") == 100
    assert "và 150 id nữa" in captured.err


def test_the_remove_command_on_no_index_says_so(tmp_path, capsys):
    assert main(["remove", "x", "--index-dir", str(tmp_path / "none")]) == 1
    assert "chưa có chỉ mục" in capsys.readouterr().err


def test_an_id_is_read_as_the_indexer_reads_it_and_a_copy_removed_before_is_not_counted(tmp_path, capsys,
                                                                                      monkeypatch):
    # `show` found "tin-ư" typed in NFD, with spaces or a zero-width space; `remove` said it
    # was not there. An id removed before (its copy marked deleted, not yet merged out of a
    # large segment) was counted removed again.
    import unicodedata
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", 3)     # a large segment: copies stay marked deleted
    ix = tmp_path / "ix"
    src = write_jsonl(tmp_path / "a.jsonl", [{"id": f"tin-ư{i}", "title": "Tin", "text": TEXT} for i in range(5)])
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    for typed in (unicodedata.normalize("NFD", "tin-ư0"), " tin-ư1 ", "tin-\u200bư2"):
        assert main(["remove", typed, "--index-dir", str(ix)]) == 0, typed
    capsys.readouterr()
    assert main(["remove", "--articles-in", str(src), "--index-dir", str(ix)]) == 1    # three not there
    captured = capsys.readouterr()
    assert "Đã gỡ 2 bài" in captured.out and captured.err.count("không có trong chỉ mục") == 3
    assert main(["remove", "tin-ư0", "--index-dir", str(ix)]) == 1


def test_an_article_removed_then_indexed_again_is_added_and_clears_the_older_rules(tmp_path, monkeypatch):
    # A removed copy stays listed by the index's words until its segment is merged: the
    # article indexed again was "updated", and a run writing every article left counted the
    # removed one as not written again (the older-rules note stayed).
    import json
    monkeypatch.setattr(commit_mod, "SMALL_SEGMENT", 3)     # a large segment: copies stay marked deleted
    from ctsearch.rulesversion import RULES_VERSION
    from ctsearch.store import rules_versions
    ix = tmp_path / "ix"
    rows = [{"id": f"a{i}", "title": "Tin", "text": TEXT} for i in range(6)]
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", rows)]), ix)
    remove_articles(["a0"], ix)
    meta = json.loads((ix / "ctsearch.json").read_text("utf-8"))
    (ix / "ctsearch.json").write_text(json.dumps({**meta, "rules_versions": ["1-old"]}), "utf-8")
    report = index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", rows[1:])]), ix)
    assert (report.added, report.updated) == (0, 5) and report.older_rules == []
    assert rules_versions(ix) == [RULES_VERSION]
    again = index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", rows[:1])]), ix)
    assert (again.added, again.updated) == (1, 0)


def test_a_removal_on_a_full_disk_says_the_articles_were_removed(tmp_path, monkeypatch, capsys):
    # The removal was committed, then tidying its segments met a full disk: the command
    # said only that the index folder could not be used (exit 1), and an id given again
    # was then "not in the index"; a side file's temporary stayed behind on the full disk.
    import errno

    from ctsearch import store

    ix = tmp_path / "ix"
    index_articles(read_inputs([str(SEEDS_DIR)]), ix)
    gone = SearchEngine(ix).search("", limit=1).hits[0].id

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(commit_mod.Committer, "finish", full)
    real = store._replace_durably

    def full_after_a_byte(path, write, tmp=None):
        return real(path, lambda fh: (fh.write(b"x"), full()), tmp)

    monkeypatch.setattr(store, "_replace_durably", full_after_a_byte)
    assert main(["remove", gone, "--index-dir", str(ix)]) == 0
    out = capsys.readouterr()
    assert "Đã gỡ 1 bài" in out.out and "chưa gộp được các phân đoạn nhỏ" in out.err, out
    assert not list(ix.glob("*.tmp"))
    monkeypatch.undo()
    assert SearchEngine(ix).search("", limit=10).total == 4


def test_a_removal_the_full_disk_refuses_leaves_no_table_behind(tmp_path, monkeypatch, capsys):
    # With no room for the index's new table of contents, the removal is refused and the
    # index kept; Whoosh's half-written "_MAIN_3.toc.<time>" stayed behind.
    import errno

    from whoosh.filedb.filestore import FileStorage

    ix = tmp_path / "ix"
    index_articles(read_inputs([str(SEEDS_DIR)]), ix)
    before = sorted(p.name for p in ix.iterdir())
    gone = SearchEngine(ix).search("", limit=1).hits[0].id
    real = FileStorage.create_file

    def full(self, name, *args, **kwargs):
        stream = real(self, name, *args, **kwargs)
        if ".toc." in name:
            stream.write(b"x")
            raise OSError(errno.ENOSPC, "No space left on device")
        return stream

    monkeypatch.setattr(FileStorage, "create_file", full)
    assert main(["remove", gone, "--index-dir", str(ix)]) != 0
    monkeypatch.undo()
    assert sorted(p.name for p in ix.iterdir()) == before
    assert SearchEngine(ix).search("", limit=10).total == 5
