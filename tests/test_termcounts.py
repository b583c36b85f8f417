"""Compact term counts: the OpenSearch indexer's language statistics, summed batch by batch."""

from __future__ import annotations

import pickle
import random
import sys

import pytest

from ctsearch.langstats import ABBREVIATIONS_KEY, BIGRAMS_KEY
from ctsearch.opensearch_docs import merge_statistics
from ctsearch.termcounts import Statistics, TermCounts
from ctsearch.vocab import Vocabulary

#: Terms of real articles: accented, unaccented, compounds, pairs, abbreviation keys, and
#: terms that differ only in tone, case or a byte a fixed-width array could drop.
TERMS = ["điện", "gió", "điện gió", "diễn giờ", "dien gio", "thương_mại", "Thương_mại", "ạ", "a", "b",
         "khu công nghiệp", "KCN\tkhu công nghiệp", "TMĐT\tThương mại điện tử", "x\x00", "xy", "2023",
         "Bà_Rịa_-_Vũng_Tàu", "hoà", "hòa", "𝔘nicode", "ẞ"]


def _batches(n: int, seed: int = 7) -> list[dict[str, int]]:
    rng = random.Random(seed)
    return [{t: rng.randint(1, 40) for t in rng.sample(TERMS, rng.randint(1, len(TERMS)))} for _ in range(n)]


def _summed(batches: list[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for b in batches:
        for t, n in b.items():
            out[t] = out.get(t, 0) + n
    return out


def test_adding_batches_gives_the_sums_of_a_dictionary_in_sorted_order():
    batches = _batches(12)
    counts = TermCounts()
    for i, b in enumerate(batches):
        counts.add(b if i % 2 else TermCounts(b))     # dictionaries or compact, alike
    expected = _summed(batches)
    assert list(counts.items()) == sorted(expected.items())
    assert len(counts) == len(expected)
    assert all(counts.get(t) == n for t, n in expected.items())
    assert counts.get("không có") is None and counts.get("") is None


def test_taking_batches_out_gives_the_sums_of_the_rest_and_drops_terms_counted_to_zero():
    # An article replaced or removed from a cluster's index: its counts are taken out, as
    # if the batches had been summed without it.
    batches = _batches(10, seed=3)
    counts = TermCounts()
    for b in batches:
        counts.add(b)
    for i in (1, 4, 7):
        counts.subtract(batches[i] if i % 2 else TermCounts(batches[i]))
    expected = _summed([b for i, b in enumerate(batches) if i not in (1, 4, 7)])
    assert list(counts.items()) == sorted(expected.items())
    assert counts.get("không có") is None
    # Never below zero, a term unknown here is ignored.
    few = TermCounts({"điện": 2, "gió": 1})
    few.subtract({"điện": 5, "mới": 3})
    assert list(few.items()) == [("gió", 1)]
    stats = Statistics({"body": {"điện": 2}, BIGRAMS_KEY: {"điện gió": 1}})
    stats.subtract(Statistics({"body": {"điện": 1}, "other": {"x": 1}}))
    assert stats["body"].as_dict() == {"điện": 1} and "other" not in stats


def test_only_the_terms_counted_often_enough_are_listed():
    counts = TermCounts({"điện gió": 5, "diễn giờ": 1, "gió": 2})
    assert dict(counts.items(min_count=2)) == {"điện gió": 5, "gió": 2}
    assert dict(counts.items(min_count=2, ordered=False)) == {"điện gió": 5, "gió": 2}


def test_stored_form_is_plain_data_and_reads_back_unchanged():
    stats = Statistics()
    for b in _batches(5):
        stats.add({"body": b, BIGRAMS_KEY: {k: v for k, v in b.items() if " " in k}})
    plain = stats.to_plain()

    class PlainOnly(pickle.Unpickler):
        def find_class(self, module, name):
            raise pickle.UnpicklingError(f"{module}.{name}")

    import io
    again = Statistics.from_plain(PlainOnly(io.BytesIO(pickle.dumps(plain))).load())
    assert {n: t.as_dict() for n, t in again.tables.items()} == {n: t.as_dict() for n, t in stats.tables.items()}
    assert pickle.loads(pickle.dumps(stats.tables["body"])).as_dict() == stats.tables["body"].as_dict()


def test_the_dictionaries_stored_by_earlier_versions_are_read():
    old = {"body": {"điện_gió": 3}, ABBREVIATIONS_KEY: {"KCN\tkhu công nghiệp": 2}}
    stats = Statistics.from_plain(old)
    assert stats["body"].as_dict() == {"điện_gió": 3}
    assert stats.get(ABBREVIATIONS_KEY).as_dict() == {"KCN\tkhu công nghiệp": 2}
    with pytest.raises(ValueError):
        TermCounts.from_plain({"format": 99, "groups": {}})


def test_compact_statistics_are_much_smaller_than_dictionaries():
    rng = random.Random(3)
    syllables = ["điện", "gió", "giá", "xăng", "dầu", "thương", "mại", "công", "nghiệp", "nông", "thôn", "khu"]
    pairs = {f"{rng.choice(syllables)}{i} {rng.choice(syllables)}": rng.randint(1, 9) for i in range(20000)}
    counts = TermCounts(pairs)
    as_dict = sys.getsizeof(pairs) + sum(sys.getsizeof(k) + sys.getsizeof(n) for k, n in pairs.items())
    assert counts.nbytes() * 4 < as_dict


def test_vocabulary_from_compact_statistics_equals_the_one_from_dictionaries():
    fields = {
        "body": {"điện_gió": 4, "Điện_gió": 1, "thương_mại": 6, "thuong_mai": 1},
        "title": {"điện_gió": 2, "giá_điện": 3},
        "body_syl": {"điện": 9, "diễn": 2, "gió": 8, "giờ": 3, "2023": 5},
        "title_syl": {"điện": 1, "giá": 2},
        BIGRAMS_KEY: {"điện gió": 7, "diễn giờ": 1, "giá điện": 2},
    }
    compact = Statistics(fields)
    a, b = Vocabulary.from_frequencies(fields, 10), Vocabulary.from_frequencies(compact, 10)
    assert pickle.dumps(a) == pickle.dumps(b)
    assert b.accented_word("dien_gio") == "điện_gió"
    assert b.pair_forms.get("dien gio") == [("điện gió", 7)]       # "diễn giờ" seen once: left out


def test_worker_batches_merge_like_the_dictionary_merge(seeds_dir):
    """Real analysed articles: the compact totals equal the dictionary totals."""
    from ctsearch.index import _article_or_problem
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_docs import analyse

    articles = [_article_or_problem(item, []) for item in read_inputs([str(seeds_dir)])]
    totals: dict = {}
    compact = Statistics()
    for k in range(len(articles)):
        _docs, stats = analyse(articles[k:k + 1])
        merge_statistics(totals, stats)
        compact.add(Statistics(stats))
    assert set(compact.names()) == set(totals)
    for name, freqs in totals.items():
        assert compact[name].as_dict() == freqs, name
    assert len(compact[BIGRAMS_KEY]) > 100
