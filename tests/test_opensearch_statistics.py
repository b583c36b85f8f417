"""The language statistics of an OpenSearch index against a real local node: summed
compactly by the indexer, stored with a format and a hash, cached on local disk by
searching processes, never stale."""

from __future__ import annotations

import pickle

import pytest

from conftest import SEEDS_DIR, write_jsonl

pytestmark = pytest.mark.opensearch

#: An article with syllables the seeds do not have.
NEW_WORDS = {"id": "nam-1", "title": "Thủy điện Khuổi Nậm hòa lưới",
             "text": "Nhà máy thủy điện Khuổi Nậm ở Hà Giang hòa lưới điện quốc gia.", "date": "2024-01-02"}


def _seed(url: str, alias: str):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import connect, index_articles
    report = index_articles(read_inputs([str(SEEDS_DIR)]), url, alias, rebuild=True)
    assert report.total_docs == 5
    client = connect(url)
    return client, sorted(client.indices.get_alias(name=alias))[-1]


def _add_new_words(url: str, alias: str, tmp_path) -> None:
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import index_articles
    src = write_jsonl(tmp_path / f"{alias}.jsonl", [NEW_WORDS])
    assert index_articles(read_inputs([str(src)]), url, alias).added == 1


def _copies(alias: str, kind: str) -> list[str]:
    from ctsearch import metacache
    folder = metacache.cache_root() / alias
    return sorted(p.name for p in folder.glob(f"*.{kind}.*.pickle")) if folder.exists() else []


def test_a_second_start_reads_the_statistics_from_the_local_cache(opensearch_url, monkeypatch):
    from ctsearch.opensearch_backend import OpenSearchBackend
    _client, index = _seed(opensearch_url, "cache1")
    first = OpenSearchBackend(opensearch_url, "cache1")
    assert first.vocabulary().accented_syllable("dien") == "điện"
    forms = first.abbreviations()
    assert len(_copies("cache1", "vocab")) == len(_copies("cache1", "abbreviations")) == 1
    assert _copies("cache1", "vocab")[0].startswith(index + ".vocab.")

    second = OpenSearchBackend(opensearch_url, "cache1")
    fetched: list[str] = []
    real_get = second.client.get
    monkeypatch.setattr(second.client, "get", lambda **kw: fetched.append(kw["id"]) or real_get(**kw))
    assert pickle.dumps(second.vocabulary()) == pickle.dumps(first.vocabulary())
    assert second.abbreviations().entries == forms.entries
    assert fetched == []          # only the hashes were asked for, not the statistics


def test_new_statistics_of_the_same_index_are_never_answered_from_a_stale_copy(opensearch_url, tmp_path):
    from ctsearch.opensearch_backend import OpenSearchBackend
    _client, index = _seed(opensearch_url, "cache2")
    running = OpenSearchBackend(opensearch_url, "cache2")
    assert running.vocabulary().accented_syllable("khuoi") is None
    old_copy = _copies("cache2", "vocab")

    _add_new_words(opensearch_url, "cache2", tmp_path)     # same versioned index, new statistics
    fresh = OpenSearchBackend(opensearch_url, "cache2")
    assert fresh.overview()["index"] == index
    assert fresh.vocabulary().accented_syllable("khuoi") == "khuổi"
    new_copy = _copies("cache2", "vocab")
    assert len(new_copy) == 1 and new_copy != old_copy
    # A process that was already running sees them once its overview is refreshed.
    running.refresh_interval = 0
    assert running.vocabulary().accented_syllable("khuoi") == "khuổi"


def test_a_rebuild_is_a_new_index_and_forgets_the_old_copies(opensearch_url):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, index_articles
    _client, first = _seed(opensearch_url, "cache3")
    OpenSearchBackend(opensearch_url, "cache3").vocabulary()
    index_articles(read_inputs([str(SEEDS_DIR)]), opensearch_url, "cache3", rebuild=True)
    assert not [c for c in _copies("cache3", "vocab") if c.startswith(first + ".")]
    backend = OpenSearchBackend(opensearch_url, "cache3")
    assert backend.vocabulary().accented_syllable("dien") == "điện"
    assert [c.split(".")[0] for c in _copies("cache3", "vocab")] == [backend.overview()["index"]]


def test_statistics_stored_by_the_earlier_format_are_read_and_continued(opensearch_url, tmp_path):
    """Earlier versions stored dictionaries, without a format or a hash: searches read
    them (without caching), and the next indexing run adds to them."""
    from ctsearch.opensearch_backend import OpenSearchBackend, _blob, _load_meta, _unblob, meta_index
    from ctsearch.termcounts import Statistics
    from ctsearch.vocab import Vocabulary
    client, index = _seed(opensearch_url, "oldstats")
    stored = client.get(index=meta_index("oldstats"), id=f"{index}/frequencies")["_source"]
    dicts = {name: counts.as_dict() for name, counts in Statistics.from_plain(_unblob(stored["blob"])).tables.items()}
    for kind, value in (("frequencies", dicts), ("vocab", Vocabulary.from_frequencies(dicts, 5))):
        client.index(index=meta_index("oldstats"), id=f"{index}/{kind}",
                     body={"kind": kind, "index": index, "blob": _blob(value)}, params={"refresh": "true"})
    backend = OpenSearchBackend(opensearch_url, "oldstats")
    assert backend.vocabulary().accented_syllable("dien") == "điện"
    assert _copies("oldstats", "vocab") == []          # no hash: nothing to key a copy on

    _add_new_words(opensearch_url, "oldstats", tmp_path)
    now = Statistics.from_plain(_load_meta(client, "oldstats", index, "frequencies"))
    assert now["body_syl"].get("điện") == dicts["body_syl"]["điện"] + 1
    assert now["body_syl"].get("khuổi") == 1
    assert all(now["body"].get(term) >= n for term, n in dicts["body"].items())


def test_statistics_of_a_newer_format_are_a_clear_error(opensearch_url, tmp_path):
    from ctsearch.opensearch_backend import META_FORMAT, OpenSearchBackend, _blob, meta_index
    from ctsearch.store import IndexError_
    client, index = _seed(opensearch_url, "newstats")
    for kind in ("vocab", "frequencies"):
        client.index(index=meta_index("newstats"), id=f"{index}/{kind}",
                     body={"kind": kind, "index": index, "format": META_FORMAT + 1, "hash": "h", "blob": _blob({})},
                     params={"refresh": "true"})
    with pytest.raises(IndexError_, match=f"định dạng {META_FORMAT + 1}.*--rebuild"):
        OpenSearchBackend(opensearch_url, "newstats").vocabulary()
    with pytest.raises(IndexError_, match=f"định dạng {META_FORMAT + 1}"):
        _add_new_words(opensearch_url, "newstats", tmp_path)


def test_statistics_counted_before_the_pairs_that_begin_a_word_keep_none_of_them(opensearch_url, tmp_path):
    """An index whose statistics never counted the pairs beginning a word is continued
    without them (the plain pairs stand in), not with this run's articles alone."""
    from ctsearch.opensearch_backend import OpenSearchBackend, _blob, _load_meta, _unblob, meta_index
    from ctsearch.termcounts import Statistics
    client, index = _seed(opensearch_url, "nostarts")
    stored = client.get(index=meta_index("nostarts"), id=f"{index}/frequencies")["_source"]
    tables = Statistics.from_plain(_unblob(stored["blob"]))
    assert "syl_start_bigrams" in tables and tables["syl_start_bigrams"].get("thủy điện")
    tables.tables.pop("syl_start_bigrams")
    client.index(index=meta_index("nostarts"), id=f"{index}/frequencies",
                 body={"kind": "frequencies", "index": index, "blob": _blob(tables.to_plain())},
                 params={"refresh": "true"})
    _add_new_words(opensearch_url, "nostarts", tmp_path)
    now = Statistics.from_plain(_load_meta(client, "nostarts", index, "frequencies"))
    assert "syl_start_bigrams" not in now and now["syl_bigrams"].get("thủy điện")
    assert OpenSearchBackend(opensearch_url, "nostarts").vocabulary().start_pair_forms is None


def _frequencies(client, alias: str) -> dict:
    from ctsearch.opensearch_backend import _alias_target, _load_meta
    from ctsearch.termcounts import Statistics
    index = _alias_target(client, alias)
    stats = Statistics.from_plain(_load_meta(client, alias, index, "frequencies"))
    return {name: counts.as_dict() for name, counts in stats.tables.items()}


def test_an_updated_or_removed_article_leaves_the_statistics_of_an_index_built_without_it(opensearch_url, tmp_path):
    # The statistics were summed run by run and never took a replaced copy out: a misspelt
    # name corrected stayed in the reading of queries and in the completions.
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, connect, index_articles, remove_articles
    from ctsearch.query import SearchEngine
    text = "Sở Công Thương tỉnh Thái Bình tổ chức hội chợ. Xôi gác Quỳnh Côi là đặc sản."
    others = [{"id": f"a{i}", "title": "Tin", "text": text} for i in range(4)]
    wrong = {"id": "x", "title": "Lễ hội xôi gấc Quỳnh Côi", "text": "Món xôi gấc Quỳnh Côi bán trên mạng. Xôi gấc ngon."}
    right = {"id": "x", "title": "Lễ hội xôi gác Quỳnh Côi", "text": "Món xôi gác Quỳnh Côi bán trên mạng."}
    gone = {"id": "y", "title": "Làng nghề bánh cáy", "text": "Bánh cáy làng Nguyễn bán trên mạng."}
    client = connect(opensearch_url)
    # Written in two runs, the second replacing "x", with a record read twice in one request.
    index_articles(read_inputs([write_jsonl(tmp_path / "a.jsonl", others + [wrong, gone])]),
                   opensearch_url, "upd", rebuild=True)
    index_articles(read_inputs([write_jsonl(tmp_path / "b.jsonl", [right, others[0], others[0]])]),
                   opensearch_url, "upd")
    index_articles(read_inputs([write_jsonl(tmp_path / "c.jsonl", others + [right, gone])]),
                   opensearch_url, "fresh1", rebuild=True)
    assert _frequencies(client, "upd") == _frequencies(client, "fresh1")

    report = remove_articles(["y", "nope"], opensearch_url, "upd")
    assert (report.removed, report.missing, report.total_docs) == (["y"], ["nope"], 5)
    index_articles(read_inputs([write_jsonl(tmp_path / "d.jsonl", others + [right])]),
                   opensearch_url, "fresh2", rebuild=True)
    assert _frequencies(client, "upd") == _frequencies(client, "fresh2")
    engine = SearchEngine(backend=OpenSearchBackend(opensearch_url, "upd"))
    assert engine.search("").total == 5
    assert engine.search("cáy", literal=True).total == 0
    assert "gấc" not in (engine.search("xoi gac quynh coi").interpreted_as or "")
    engine.close()


def test_the_remove_command_on_the_cluster(opensearch_url, capsys):
    from ctsearch.cli import main
    _seed(opensearch_url, "rmcli")
    cluster = ["--backend", "opensearch", "--opensearch-url", opensearch_url, "--opensearch-index", "rmcli"]
    assert main(["remove", "004_e6687adce95f4d90", *cluster]) == 0
    assert "Đã gỡ 1 bài" in capsys.readouterr().out
    assert main(["remove", "004_e6687adce95f4d90", *cluster]) == 1
    assert "không có trong chỉ mục: 004_e6687adce95f4d90" in capsys.readouterr().err
    assert main(["remove", "x", "--backend", "opensearch", "--opensearch-url", opensearch_url,
                 "--opensearch-index", "never-made"]) == 1
    assert "chưa có chỉ mục “never-made”" in capsys.readouterr().err


def test_a_run_that_writes_every_article_again_clears_the_older_rules_on_the_cluster(opensearch_url, tmp_path):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import _load_meta, _save_meta, index_articles
    from ctsearch.rulesversion import RULES_VERSION
    client, index = _seed(opensearch_url, "oldrules")
    _save_meta(client, "oldrules", index, "rules", ["1-old", RULES_VERSION])
    one = write_jsonl(tmp_path / "one.jsonl", [{"id": "004_e6687adce95f4d90", "title": "Tin", "text": "Điện gió."}])
    assert index_articles(read_inputs([str(one)]), opensearch_url, "oldrules").older_rules == ["1-old"]
    assert _load_meta(client, "oldrules", index, "rules") == ["1-old", RULES_VERSION]
    again = index_articles(read_inputs([str(SEEDS_DIR)]), opensearch_url, "oldrules")
    assert again.older_rules == [] and again.updated == 5
    assert _load_meta(client, "oldrules", index, "rules") == [RULES_VERSION]


def test_a_rebuild_from_sources_that_cannot_all_be_read_keeps_the_index_it_would_shrink(opensearch_url, tmp_path):
    # A JSON array cut short: the rebuild swapped the alias to the part it could read.
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import index_articles
    client, index = _seed(opensearch_url, "shrink")
    records = [{"id": f"t{i}", "title": f"Hội chợ {i}", "text": f"Hội chợ hàng Việt lần {i}."} for i in range(8)]
    text = __import__("json").dumps(records, ensure_ascii=False, indent=1)
    cut = tmp_path / "cut.json"
    cut.write_text(text[:len(text) // 3], "utf-8")
    report = index_articles(read_inputs([str(cut)]), opensearch_url, "shrink", rebuild=True)
    assert report.error and "chưa thay chỉ mục" in report.error and not report.switched
    assert report.total_docs == 5 and sorted(client.indices.get_alias(name="shrink")) == [index]
    assert int(client.count(index="shrink")["count"]) == 5
    assert len([i for i in client.indices.get(index="shrink-v*") if not i.endswith("meta")]) == 1
    # Nothing rebuilt at all (a folder of an archive not mounted; a cluster refusing every
    # document): never an empty index in place of the old one.
    empty = tmp_path / "archive"
    empty.mkdir()
    report = index_articles(read_inputs([str(empty)]), opensearch_url, "shrink", rebuild=True)
    assert report.error and not report.switched and report.total_docs == 5
    assert sorted(client.indices.get_alias(name="shrink")) == [index]
