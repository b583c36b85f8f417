"""The local copy of an OpenSearch index's statistics: keyed by index and hash, atomic, safe."""

from __future__ import annotations

import os
import pickle

from ctsearch import metacache
from ctsearch.vocab import Vocabulary

FIELDS = {"body": {"điện_gió": 4, "thương_mại": 6}, "body_syl": {"điện": 9, "gió": 8},
          "syl_bigrams": {"điện gió": 7}}


def test_a_copy_is_read_back_only_under_its_own_index_and_hash():
    vocab = Vocabulary.from_frequencies(FIELDS, 10)
    path = metacache.cache_path("tin", "tin-v1-2026", "vocab", "abc123")
    assert str(path).startswith(os.environ["XDG_CACHE_HOME"])
    assert metacache.write(path, vocab)
    again = metacache.read(path)
    assert isinstance(again, Vocabulary) and pickle.dumps(again) == pickle.dumps(vocab)
    assert again.accented_word("dien_gio") == "điện_gió"
    for other in (("tin", "tin-v1-2027", "vocab", "abc123"), ("tin", "tin-v1-2026", "vocab", "abc124"),
                  ("tin", "tin-v1-2026", "abbreviations", "abc123")):
        assert metacache.read(metacache.cache_path(*other)) is None


def test_a_new_hash_replaces_the_older_copy_of_the_same_statistic():
    old = metacache.cache_path("thay", "thay-v1-1", "vocab", "h1")
    keep = metacache.cache_path("thay", "thay-v1-1", "abbreviations", "h1")
    other_index = metacache.cache_path("thay", "thay-v1-2", "vocab", "h1")
    for p in (old, keep, other_index):
        metacache.write(p, {"entries": [], "case_sensitive": []})
    new = metacache.cache_path("thay", "thay-v1-1", "vocab", "h2")
    metacache.write(new, {"entries": [["khu công nghiệp", "KCN"]], "case_sensitive": []})
    assert not old.exists() and new.exists() and keep.exists() and other_index.exists()
    assert not [p for p in new.parent.iterdir() if p.name.startswith(".tmp-")]
    metacache.forget("thay", "thay-v1-1")
    assert not new.exists() and not keep.exists() and other_index.exists()


def test_names_with_any_characters_stay_inside_the_cache():
    path = metacache.cache_path("../../etc", "a/b.c", "vocab", "../x")
    assert path.parent.parent == metacache.cache_root()
    assert ".." not in path.name and "/" not in path.name


class _Planted:
    def __reduce__(self):
        return (os.system, ("echo planted > /dev/null",))


def test_a_damaged_or_planted_copy_is_ignored():
    damaged = metacache.cache_path("hong", "hong-v1", "vocab", "h")
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(pickle.dumps(Vocabulary.from_frequencies(FIELDS))[:-40])
    assert metacache.read(damaged) is None
    planted = metacache.cache_path("hong", "hong-v1", "abbreviations", "h")
    planted.write_bytes(pickle.dumps(_Planted()))
    assert metacache.read(planted) is None


def test_an_unwritable_cache_only_means_no_copy(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))      # a file where the folder should be
    path = metacache.cache_path("tin", "tin-v1", "vocab", "h")
    assert metacache.write(path, {"entries": []}) is False
    assert metacache.read(path) is None
