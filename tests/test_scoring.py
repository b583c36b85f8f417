"""The kept positions of common syllables give the same phrases as reading them per query."""

from __future__ import annotations

import numpy as np
import pytest

from ctsearch import scoring
from ctsearch.query import SearchEngine

PHRASES = ['"điện gió"', '"năng lượng tái tạo"', '"Bản tin số"', '"hàng Việt"', '"ngành Công Thương"',
           '"điện gió" -"hội chợ"', 'phát triển điện gió', '"cung ứng điện"', '"tái tạo năng lượng"']


def _results(index_dir, common_df: int, monkeypatch) -> list:
    monkeypatch.setattr(scoring.Scorer, "common_df", common_df)
    engine = SearchEngine(index_dir)
    engine.result_cache_size = 0
    out = []
    for q in PHRASES:
        for page in (1, 2):
            r = engine.search(q, page=page, limit=7)
            out.append((q, page, r.total, [h.id for h in r.hits], [h.score for h in r.hits],
                        {k: [(v.value, v.count) for v in vs] for k, vs in r.facets.items()}))
    engine.close()
    return out


def test_kept_positions_find_the_same_phrases(corpus_index, monkeypatch):
    read_each_time = _results(corpus_index, 10**9, monkeypatch)
    kept = _results(corpus_index, 1, monkeypatch)
    assert kept == read_each_time
    assert any(total > 0 for _q, _p, total, *_ in kept)


def test_position_cache_stays_within_its_budget(corpus_index, monkeypatch):
    monkeypatch.setattr(scoring.Scorer, "common_df", 1)
    monkeypatch.setattr(scoring.Scorer, "cache_position_bytes", 4096)
    engine = SearchEngine(corpus_index)
    engine.result_cache_size = 0
    for q in PHRASES:
        engine.search(q)
    scorer = engine.backend._scorer
    assert scorer._positions and scorer._position_bytes <= max(
        4096, max(d.nbytes + p.nbytes for d, p in scorer._positions.values()))
    assert scorer._position_bytes == sum(d.nbytes + p.nbytes for d, p in scorer._positions.values())


@pytest.mark.parametrize("docs, want", [
    ([], []),
    ([2], [(2, 5), (2, 9)]),
    ([0, 3, 7], [(0, 1), (3, 4)]),
    ([1, 4, 5, 8], [(5, 0), (5, 2), (5, 3)]),
])
def test_select_docs(docs, want):
    all_docs = np.array([0, 2, 2, 3, 5, 5, 5], dtype=np.int32)
    all_pos = np.array([1, 5, 9, 4, 0, 2, 3], dtype=np.int32)
    got_docs, got_pos = scoring._select_docs(all_docs, all_pos, np.array(docs, dtype=np.int64))
    assert list(zip(got_docs.tolist(), got_pos.tolist())) == want


def test_a_word_no_article_holds_weighs_nothing_only_beside_two_known_words_and_never_a_date():
    from ctsearch.matching import rarity_weights

    unknown, known = rarity_weights([0, 100, 200], 10_000), rarity_weights([0, 100], 10_000)
    assert unknown[0] == 0.0 and unknown[1] > unknown[2] > 0
    assert known[0] > known[1] > 0                      # one word left: as before
    common = rarity_weights([0, 5_000, 6_000], 10_000)
    assert common[0] > common[1] > 0                    # two common words: as before
    for kind in ("details", "periods", "places"):       # an amount, a date, a place asked
        assert rarity_weights([0, 100, 200], 10_000, **{kind: [True]})[0] > 0
