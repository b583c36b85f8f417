"""The OpenSearch backend against a real local node: the same articles as Whoosh.

Equivalence, as the backend contract defines it (search/backend.py): for every query,
filter and sort, both backends give the same total, the same number of full matches,
the same facet counts, the same set of articles, and newest-first lists with the same
dates in the same order. Relevance order may differ only between articles whose scores
are near-ties (Whoosh scores within TIE of each other): the engines' BM25 differ in
field-length encoding and in how the average length counts articles without a title.
"""

from __future__ import annotations

import itertools
import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEEDS_DIR, corpus_records, page_records, write_jsonl

pytestmark = pytest.mark.opensearch

REPO = Path(__file__).resolve().parent.parent
#: Beside the repository in CI; elsewhere $CTSEARCH_CORPUS may point at it.
CORPUS = Path(os.environ.get("CTSEARCH_CORPUS") or REPO.parent / "shared" / "corpus" / "vn-news.jsonl")
#: Relative score difference under which two articles may come in either order.
TIE = 0.05

EXTRA = [
    # Written after the 2025 merger: a search for former Trà Vinh (chosen or mentioned) that finds
    # nothing offers it.
    {"id": "vl-2025", "title": "Vĩnh Long mở chợ phiên hàng Việt", "text": "UBND tỉnh Vĩnh Long tổ chức chợ phiên.",
     "date": "2025-09-10"},
    # Text written without diacritics: a word typed with accents finds it after accented text.
    {"id": "plain-1", "title": "Gia dien tang manh", "text": "Gia dien sinh hoat tang tu thang 5. Dien gio phat trien.",
     "date": "2021-05-10", "province": "Bến Tre", "source": "Báo Ít Dấu"},
    # A name with punctuation inside (a phrase with a gap), and an abbreviation defined.
    {"id": "brvt-1", "title": "Bà Rịa - Vũng Tàu thu hút đầu tư khu công nghiệp",
     "text": "Tỉnh Bà Rịa - Vũng Tàu có nhiều khu công nghiệp (KCN). Các KCN mới thu hút điện gió.",
     "date": "2023-02-01", "source": "Báo Bà Rịa - Vũng Tàu"},
    {"id": "kcn-2", "title": "KCN phía Bắc mở rộng", "text": "Khu công nghiệp (KCN) Quế Võ mở rộng. KCN có điện mặt trời.",
     "date": "2023-02-01", "province": "Bắc Ninh"},
    {"id": "undated-1", "title": "Thương mại điện tử nông thôn", "text": "Sàn thương mại điện tử giúp nông dân bán hàng."},
    # Known by its month alone: in every range that meets March 2021.
    {"id": "month-1", "title": "Giá điện tháng ba", "text": "Giá điện sinh hoạt giữ nguyên trong tháng.",
     "date": "2021-03", "province": "Bến Tre"},
    # Terms written with marks between their words, and as typed.
    {"id": "marks-1", "title": "Chỉ số sản xuất công nghiệp tăng",
     "text": "Ngành công nghiệp chế biến, chế tạo tăng 9%. Xuất khẩu nông, lâm, thủy sản đạt 2 tỷ USD.",
     "date": "2023-03-01"},
    {"id": "marks-2", "title": "Công nghiệp chế biến chế tạo dẫn dắt",
     "text": "Công nghiệp chế biến chế tạo tăng mạnh. Nông - Lâm - Thủy sản ổn định. Chế biến tăng, chế tạo giảm.",
     "date": "2023-03-02"},
]

QUERIES = ["", "điện gió", "dien gio", "giá điện", "gia dien", "thương mại điện tử", "thuong mai dien tu",
           '"điện gió"', '"năng lượng tái tạo"', "điện OR xăng", "điện -gió", "điện gió -\"ven biển\"",
           "KCN", "khu công nghiệp", "Bà Rịa - Vũng Tàu", '"Bà Rịa - Vũng Tàu"', "hội chợ hàng Việt",
           "điện gió hội chợ xuất khẩu gạo", "bản tin điện gió số", "xuất khẩu", "dien gioo", "thuyy",
           "cong nghiep che bien che tao", "phat trien dien gio nang luong", "nông lâm thủy sản", "chế biến chế tạo",
           "điện gió -Bến Tre", "dien gio -ben tre", "52/2018/NĐ-CP", "điện sinh khối", "dien rac"]
FILTERS = [{}, {"province": ["Bến Tre"]}, {"province": ["Bến Tre", "Không rõ"]}, {"year": ["2021"]},
           {"year": ["2020", "Không rõ"]}, {"topic": ["electricity"]}, {"source": ["Báo Công Thương"]},
           {"current_province": ["Vĩnh Long"]}, {"province": ["Hà Nội"], "topic": ["e-commerce"], "year": ["2022"]},
           {"date_from": "2021-03", "date_to": "2022"}, {"date_from": "2021-03-15", "date_to": "2021-03-20"},
           {"date_from": "2021-04"}, {"mentions": ["Hà Nội"]},
           {"mentions": ["Bến Tre", "Sơn La"], "year": ["2021", "2022"]}, {"province": ["Trà Vinh"]},
           {"mentions": ["Trà Vinh"]}, {"province": ["Vĩnh Long"]}, {"province": ["Vĩnh Long"], "year": ["2021"]}]


def _records() -> list[dict]:
    return corpus_records() + page_records() + EXTRA


@pytest.fixture(scope="module")
def pair(tmp_path_factory, opensearch_url):
    """The same articles in a Whoosh folder and behind an OpenSearch alias."""
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, index_articles as index_cluster
    from ctsearch.query import SearchEngine

    src = write_jsonl(tmp_path_factory.mktemp("mix-src") / "mix.jsonl", _records())
    folder = tmp_path_factory.mktemp("mix-whoosh")
    index_articles(read_inputs([str(SEEDS_DIR), str(src)]), folder)
    report = index_cluster(read_inputs([str(SEEDS_DIR), str(src)]), opensearch_url, "mix", rebuild=True, shards=2)
    assert report.added == report.total_docs > 50 and not report.problems
    whoosh = SearchEngine(folder)
    cluster = SearchEngine(backend=OpenSearchBackend(opensearch_url, "mix"))
    yield whoosh, cluster
    whoosh.close()
    cluster.close()


def _facets(result) -> dict:
    return {k: [(v.value, v.label, v.count, v.selected) for v in vals] for k, vals in result.facets.items()}


def assert_same(a, b, what: str) -> None:
    """``a`` (Whoosh) and ``b`` (OpenSearch) answer alike, by the contract above."""
    assert (a.total, a.total_full, a.partial) == (b.total, b.total_full, b.partial), what
    assert _facets(a) == _facets(b), what
    assert (a.interpreted_as, a.suggestion, a.also_searched) == (b.interpreted_as, b.suggestion, b.also_searched), what
    assert [w.to_dict() for w in a.wider] == [w.to_dict() for w in b.wider], what
    ids_a, ids_b = [h.id for h in a.hits], [h.id for h in b.hits]
    assert sorted(ids_a) == sorted(ids_b), what
    if a.sort == "date":
        assert [h.date for h in a.hits] == [h.date for h in b.hits], what
        return
    assert {h.id: h.missing for h in a.hits} == {h.id: h.missing for h in b.hits}, what
    position = {h: i for i, h in enumerate(ids_a)}
    score = {h.id: h.score or 0.0 for h in a.hits}
    for x, y in itertools.combinations(ids_b, 2):      # OpenSearch puts x before y
        if position[x] > position[y]:                   # Whoosh puts y first: only a near-tie may swap
            assert abs(score[x] - score[y]) <= TIE * max(score[x], score[y]) + 1e-6, \
                f"{what}: {x} ({score[x]}) before {y} ({score[y]})"


@pytest.mark.parametrize("text", QUERIES)
def test_same_articles_for_every_query_filter_and_sort(pair, text):
    whoosh, cluster = pair
    for filters, sort in itertools.product(FILTERS, ("relevance", "date")):
        a = whoosh.search(text, sort=sort, limit=200, **filters)
        b = cluster.search(text, sort=sort, limit=200, **filters)
        assert_same(a, b, f"{text!r} {filters} {sort}")


@contextmanager
def _both_backends(tmp_path, opensearch_url, name: str, records: list[dict]):
    """(Whoosh engine, OpenSearch engine) over the same ``records``, closed afterwards."""
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, index_articles as index_cluster
    from ctsearch.query import SearchEngine

    src = write_jsonl(tmp_path / f"{name}.jsonl", records)
    index_articles(read_inputs([str(src)]), tmp_path / "ix")
    index_cluster(read_inputs([str(src)]), opensearch_url, name, rebuild=True)
    whoosh = SearchEngine(tmp_path / "ix")
    cluster = SearchEngine(backend=OpenSearchBackend(opensearch_url, name))
    try:
        yield whoosh, cluster
    finally:
        whoosh.close()
        cluster.close()


def _alike(whoosh, cluster, text: str):
    """The two backends' answers to ``text``, checked alike."""
    a, b = whoosh.search(text), cluster.search(text)
    assert_same(a, b, text)
    return a, b


def test_both_backends_rank_first_the_partial_matches_that_hold_the_words_together(tmp_path, opensearch_url):
    """Among articles lacking a word, those with words typed side by side found side by
    side ("giá heo hơi", lacking "hôm nay") come before those with more words apart."""
    records = ([{"id": "pork", "title": "Giá heo hơi lên", "text": "Giá heo hơi tăng mạnh, người nuôi vẫn lỗ."}]
               + [{"id": f"apart-{i}", "title": "Chuyện nhà", "text": f"Hôm nay con heo ăn hơi ít, lần {i}."}
                  for i in range(3)]
               + [{"id": f"gold-{i}", "title": "Giá vàng", "text": f"Giá vàng tăng lần {i}."} for i in range(4)])
    with _both_backends(tmp_path, opensearch_url, "apart", records) as (whoosh, cluster):
        for text in ("giá heo hơi hôm nay", "gia heo hoi hom nay"):
            a, b = whoosh.search(text), cluster.search(text)
            assert_same(a, b, text)
            assert a.partial and b.hits[0].id == a.hits[0].id == "pork", [h.id for h in b.hits]


def test_both_backends_list_near_matches_where_the_filters_leave_few_full_ones(tmp_path, opensearch_url):
    """Where many articles hold every word but few of them pass the filters, the articles
    there with most of the words follow, and the facet counts stay the full matches'."""
    records = ([{"id": f"full-{i}", "title": f"Giảm giá sốc dịp lễ {i}", "text": "Siêu thị giảm giá sốc.",
                 "province": "Hà Nội"} for i in range(12)]
               + [{"id": "full-bt", "title": "Giảm giá sốc ở Bến Tre", "text": "Chợ giảm giá sốc.",
                   "province": "Bến Tre"}]
               + [{"id": f"near-{i}", "title": f"Siêu thị giảm giá {i}", "text": "Nhiều mặt hàng giảm giá mạnh.",
                   "province": "Bến Tre"} for i in range(3)])
    with _both_backends(tmp_path, opensearch_url, "fewfiltered", records) as (whoosh, cluster):
        for sort in ("relevance", "date"):
            a = whoosh.search("giảm giá sốc", province=["Bến Tre"], sort=sort)
            b = cluster.search("giảm giá sốc", province=["Bến Tre"], sort=sort)
            assert_same(a, b, sort)
            assert a.partial and a.total_full == 1 and a.total == 4
            assert b.hits[0].id == a.hits[0].id == "full-bt"


def test_a_later_run_stores_a_source_in_the_spelling_the_cluster_holds(tmp_path, opensearch_url):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, index_articles as index_cluster
    from ctsearch.query import SearchEngine

    first = write_jsonl(tmp_path / "first.jsonl", [{"id": "a", "title": "Tin", "text": "Nội dung.", "source": "Dân Trí"}])
    later = write_jsonl(tmp_path / "later.jsonl", [{"id": "b", "title": "Tin", "text": "Nội dung.", "source": "Dân trí"},
                                                   {"id": "c", "title": "Tin", "text": "Nội dung.", "source": "DÂN trí"}])
    index_cluster(read_inputs([str(first)]), opensearch_url, "spellings", rebuild=True)
    index_cluster(read_inputs([str(later)]), opensearch_url, "spellings")
    engine = SearchEngine(backend=OpenSearchBackend(opensearch_url, "spellings"))
    try:
        assert {v.value: v.count for v in engine.search("").facets["source"]} == {"Dân Trí": 3}
    finally:
        engine.close()


def test_both_backends_find_a_place_inside_a_province_typed(tmp_path, opensearch_url):
    """The cement story of Bỉm Sơn (a town of Thanh Hóa) holds `xi mang thanh hoa` in both
    backends, first, before a story naming the province that sells cement in passing."""
    records = [{"id": "c1", "title": "Xi măng Bỉm Sơn tăng sản lượng",
                "text": "Nhà máy xi măng Bỉm Sơn tăng sản lượng xi măng quý này. Xi măng tiêu thụ tốt."},
               {"id": "t1", "title": "Thanh Hóa khai trương chợ mới", "text": "Chợ mới ở Thanh Hóa bán cả xi măng và gạch."},
               {"id": "o1", "title": "Xi măng Hà Tiên giảm giá", "text": "Xi măng Hà Tiên giảm giá tại Kiên Giang."},
               {"id": "o2", "title": "Thanh Hóa mở đường mới", "text": "Tỉnh Thanh Hóa khởi công tuyến đường ven biển."}]
    with _both_backends(tmp_path, opensearch_url, "inside", records) as (whoosh, cluster):
        for text in ("xi mang thanh hoa", "xi măng Thanh Hóa"):
            a, b = _alike(whoosh, cluster, text)
            assert [h.id for h in b.hits if not h.missing] == ["c1", "t1"], text
            assert [h.id for h in b.hits if h.missing] == ["o1"], text     # (not o2: Thanh Hóa, no cement)


def test_both_backends_match_a_word_of_one_syllable_inside_the_words_of_its_sense_alone(
        tmp_path, opensearch_url, monkeypatch):
    """"tiêu" of `gia tieu` counts inside "hồ tiêu" and not inside "tiêu dùng" in both
    backends (their counts tell the senses apart alike)."""
    import ctsearch.query as query_module
    monkeypatch.setattr(query_module, "INSIDE_ALONE_FROM", 2)
    monkeypatch.setattr(query_module, "INSIDE_JUDGED_FROM", 2)
    records = ([{"id": "p1", "title": "Giá tiêu tăng", "text": "Giá tiêu hôm nay tăng mạnh, hồ tiêu được mùa."},
                {"id": "p2", "title": "Tiêu đen bán chạy", "text": "Giá tiêu đen lên cao, nông dân trồng hồ tiêu phấn khởi."},
                {"id": "p3", "title": "Hồ tiêu Gia Lai", "text": "Giá hồ tiêu tại Gia Lai giảm nhẹ."},
                {"id": "p5", "title": "Giá tiêu dùng", "text": "Chỉ số giá tiêu dùng tăng; hồ tiêu được mùa."}]
               + [{"id": f"c{i}", "title": "Giá tiêu dùng tăng",
                   "text": f"Chỉ số giá tiêu dùng tháng {i} tăng, người tiêu dùng lo lắng."} for i in range(1, 4)]
               + [{"id": f"f{i}", "title": "Giá vàng", "text": f"Giá vàng phiên {i} tăng nhẹ."} for i in range(1, 7)])
    with _both_backends(tmp_path, opensearch_url, "insidewords", records) as (whoosh, cluster):
        for text in ("gia tieu", "giá tiêu"):
            a, b = _alike(whoosh, cluster, text)
            assert sorted(h.id for h in b.hits if not h.missing) == ["p1", "p2", "p3", "p5"], text
            assert {h.id for h in b.hits if h.missing} >= {"c1", "c2", "c3"}, text
        # Left out, it leaves out what it finds: the consumer-price stories stay.
        a, b = _alike(whoosh, cluster, "giá -tiêu")
        assert sorted(h.id for h in b.hits) == ["c1", "c2", "c3"] + [f"f{i}" for i in range(1, 7)]


def test_both_backends_weigh_an_acronym_that_names_something_else_alike(tmp_path, opensearch_url):
    """"SCT" in a story about a gun, where the articles on Sở Công Thương never write it:
    both backends measure the forms alike and rank the gun below the name's articles."""
    records = ([{"id": f"s{i}", "title": f"Sở Công Thương họp lần {i}", "text": "Sở Công Thương tỉnh kiểm tra."}
                for i in range(3)]
               + [{"id": "gun", "title": "Súng SCT cải tiến", "text": "Súng SCT được cải tiến, SCT nhẹ hơn, SCT bền."}])
    with _both_backends(tmp_path, opensearch_url, "acronym", records) as (whoosh, cluster):
        from ctsearch.querylang import Atom, Unit, form_plan
        plans = [form_plan(Atom((Unit(("sct",), ("sct",)),))),
                 form_plan(Atom((Unit(("sở", "công", "thương"), ("so", "cong", "thuong")),), phrase=True))]
        mine, theirs = whoosh.backend.score_summary(plans), cluster.backend.score_summary(plans)
        assert [n for n, _m in mine] == [n for n, _m in theirs] == [1, 3]
        assert all(abs(a - b) <= 1e-4 * max(a, b) for (_n, a), (_k, b) in zip(mine, theirs)), (mine, theirs)
        for text in ("sct", "so cong thuong"):
            a, b = _alike(whoosh, cluster, text)
            assert [h.id for h in b.hits][-1] == [h.id for h in a.hits][-1] == "gun", [h.id for h in a.hits]


def test_both_backends_rank_a_match_report_below_the_trade_story_its_words_collide_with(tmp_path, opensearch_url):
    """The story kind scales scores alike: the club named for its sponsor and province
    (Than Quảng Ninh) falls below the coal story, among full and near matches, and a query
    about sport itself is left to its words."""
    from test_storykind import BANK, COAL, CONCERT, MATCH, SPONSOR
    records = [{"id": "match", "title": MATCH[0], "text": MATCH[1]},
               {"id": "coal", "title": COAL[0], "text": COAL[1]},
               {"id": "concert", "title": CONCERT[0], "text": CONCERT[1]},
               {"id": "sponsor", "title": SPONSOR[0], "text": SPONSOR[1]},
               {"id": "bank", "title": BANK[0], "text": BANK[1]}]
    with _both_backends(tmp_path, opensearch_url, "kind", records) as (whoosh, cluster):
        for text in ("than quang ninh", "Than Quảng Ninh"):
            a, b = _alike(whoosh, cluster, text)
            assert [h.id for h in a.hits][:2] == ["coal", "match"]
        for text in ("than quang ninh xuat khau", "Than Quảng Ninh xuất khẩu"):   # near matches only
            a, b = _alike(whoosh, cluster, text)
            assert a.partial and not a.total_full and [h.id for h in b.hits][:2] == ["coal", "match"]
            assert abs(a.hits[1].score - b.hits[1].score) < 0.05 * a.hits[1].score   # scaled alike
        # A query about sport itself ranks its stories by their words; a trade query does not.
        assert [h.id for h in _alike(whoosh, cluster, "tai tro bong da")[1].hits][:2] == ["sponsor", "bank"]
        assert [h.id for h in _alike(whoosh, cluster, "tai tro")[1].hits][:2] == ["bank", "sponsor"]
        # A lesser reading's full match among the near matches is no article lacking a word.
        _alike(whoosh, cluster, "mo than quang ninh san nha")


def test_both_backends_follow_a_term_few_write_whole_with_its_words_apart(tmp_path, opensearch_url):
    """A term the articles write as several words ("mỹ phẩm giả"), written whole by too
    few, is followed by the articles holding its words apart, said so, in both backends
    alike; not by those holding one of them."""
    records = ([{"id": "whole", "title": "Mỹ phẩm giả tràn lan", "text": "Cơ quan chức năng thu giữ mỹ phẩm giả."},
                {"id": "apart", "title": "Mỹ phẩm rởm tràn lan",
                 "text": "Nhiều loại mỹ phẩm bán ở chợ. Người mua khó biết son nào là giả."}]
               + [{"id": f"cosm-{i}", "title": "Mỹ phẩm Hàn Quốc", "text": f"Mỹ phẩm được ưa chuộng, lần {i}."}
                  for i in range(3)]
               + [{"id": f"fake-{i}", "title": "Tiền giả", "text": f"Tờ tiền nào cũng là giả, lần {i}."}
                  for i in range(3)]
               + [{"id": "far", "title": "Chợ đêm", "text": "Mỹ phẩm bày bán khắp nơi. "
                   + "Trời nắng, khách đông, hàng hóa nhiều. " * 4 + "Có người nói đó là giả."}]
               # At the edge of the window: 20 words between the two (near), 21 (not), both ways.
               + [{"id": f"edge-{n}-{way}", "title": "Chợ",
                   "text": " ".join(["Mỹ phẩm", *["xanh"] * n, "giả"] if way == "ab" else ["Giả", *["xanh"] * n, "mỹ phẩm"])}
                  for n in (20, 21) for way in ("ab", "ba")]
               + [{"id": f"other-{i}", "title": "Thời tiết", "text": f"Trời nắng, lần {i}."} for i in range(200)])
    with _both_backends(tmp_path, opensearch_url, "parts", records) as (whoosh, cluster):
        for text in ("mỹ phẩm giả", "my pham gia"):
            a, b = _alike(whoosh, cluster, text)
            assert b.partial and b.total_full == 1 and [h.id for h in b.hits][:2] == ["whole", "apart"] \
                and sorted(h.id for h in b.hits[2:]) == ["edge-20-ab", "edge-20-ba"], [h.id for h in b.hits]
            assert a.hits[1].missing == b.hits[1].missing == ["“mỹ phẩm giả” liền nhau"], text


def test_both_backends_list_a_sure_reading_s_near_matches_before_a_looser_search(tmp_path, opensearch_url):
    """A sure reading no article holds whole ("khuyến công quốc gia") lists the articles
    that hold most of it, in both backends alike, not the full matches of every word its
    syllables fold to ("khuyên công dân" with "quốc gia" somewhere)."""
    records = ([{"id": "kc", "title": "Khuyến công", "text": "Chương trình khuyến công năm nay hỗ trợ cơ sở sản xuất."}]
               + [{"id": f"qg-{i}", "title": "Lời khuyên",
                   "text": f"Bộ khuyên công dân đi lại ít, vì an ninh quốc gia, lần {i}."} for i in range(3)]
               + [{"id": f"qd-{i}", "title": "Quốc gia", "text": f"Giải vô địch quốc gia năm nay có {i} đội."}
                  for i in range(3)])
    with _both_backends(tmp_path, opensearch_url, "near", records) as (whoosh, cluster):
        for text in ("khuyen cong quoc gia", "khuyến công quốc gia"):
            a, b = _alike(whoosh, cluster, text)
            assert b.partial and b.total_full == 0 and [h.id for h in b.hits][:1] == ["kc"], [h.id for h in b.hits]
            assert not any(h.id.startswith("qg") for h in b.hits), text


def test_both_backends_rank_first_the_words_typed_not_the_start_of_a_longer_word(tmp_path, opensearch_url):
    """Words side by side where the last begins another word ("giá tiêu dùng") rank after
    the words as typed ("giá tiêu"), and a word spelled with i or y finds both spellings,
    in both backends alike."""
    records = [
        {"id": "cpi-1", "title": "Giá tiêu dùng", "text": "Giá tiêu dùng tăng. Giá tiêu dùng tháng sau sẽ giảm."},
        {"id": "cpi-2", "title": "Giá tiêu dùng giảm", "text": "Giá tiêu dùng giảm nhờ giá xăng giảm."},
        {"id": "pepper-1", "title": "Nông sản hôm nay ở Đắk Lắk và Gia Lai: giá tiêu ổn định",
         "text": "Cà phê giảm, hồ tiêu đứng yên sau nhiều phiên giảm liên tiếp."},
    ] + [{"id": f"ky-{i}", "title": f"Hỗ trợ kỹ thuật đợt {i}", "text": "Chuyển giao kỹ thuật."} for i in range(3)] \
      + [{"id": f"ki-{i}", "title": f"Đào tạo kĩ thuật đợt {i}", "text": "Nâng cao kĩ thuật."} for i in range(3)]
    with _both_backends(tmp_path, opensearch_url, "ends", records) as (whoosh, cluster):
        for text in ("giá tiêu", "gia tieu"):
            a, b = whoosh.search(text), cluster.search(text)
            assert_same(a, b, text)
            assert a.hits[0].id == "pepper-1" and len(a.hits) == 3, [h.id for h in a.hits]
        for text in ("kĩ thuật", "ky thuat"):     # either spelling finds both
            a, b = whoosh.search(text), cluster.search(text)
            assert_same(a, b, text)
            assert len(a.hits) == 6, [h.id for h in a.hits]


def test_both_backends_read_dates_amounts_and_units_alike(tmp_path, opensearch_url):
    """A month with its number ("tháng 3", "tháng Ba", not "3 tháng"), with its year ("tháng
    4/2006", then any date of April 2006), an amount written with or without dots ("10.000")
    and a unit glued or apart ("500kV", "500 kV") find the same articles in the same order."""
    records = [
        {"id": "m3", "title": "Giá vàng tháng 3", "text": "Trong tháng 3, giá vàng giảm 200.000 đồng."},
        {"id": "mba", "title": "Vàng giảm", "text": "Cuối tháng Ba, giá vàng SJC giảm mạnh."},
        {"id": "3m", "title": "Giá vàng lên đỉnh 3 tháng", "text": "Giá vàng cao nhất trong 3 tháng qua."},
        {"id": "a06", "title": "Giá vàng tháng 4/2006", "text": "Trong tháng 4/2006, giá vàng tăng mạnh."},
        {"id": "d06", "title": "Vàng tăng giá", "text": "Ngày 12/4/2006, giá vàng lên 1,1 triệu đồng một chỉ."},
        {"id": "x10", "title": "Giá xăng 10.000 đồng", "text": "Giá xăng A92 là 10.000 đồng/lít."},
        {"id": "kv1", "title": "Đường dây 500kV mạch 3", "text": "Dự án đường dây 500kV mạch 3."},
        {"id": "kv2", "title": "Đường dây 500 kV Bắc - Nam", "text": "Đường dây 500 kV Bắc - Nam đóng điện."},
        {"id": "kg", "title": "Giá rau tăng", "text": "Rau muống bán 5.000 đồng/kg, tăng 1.000 đồng."},
        {"id": "kg2", "title": "Giá gas tăng", "text": "Giá gas tăng 5.000 đồng mỗi bình 12 kg."},
        {"id": "d75", "title": "Sinh ngày 30-4-1975", "text": "Những người sinh ngày 30/4/1975 gặp mặt."},
    ]
    with _both_backends(tmp_path, opensearch_url, "dates", records) as (whoosh, cluster):
        for text, first in (("gia vang thang 3", {"m3", "mba"}), ("giá vàng tháng 4/2006", {"a06"}),
                            ("gia xang 10000 dong", {"x10"}), ("duong day 500 kv", {"kv1", "kv2"}),
                            ("5.000 đồng/kg", {"kg"}), ("ngày 30 tháng 4 năm 1975", {"d75"})):
            a, b = whoosh.search(text), cluster.search(text)
            assert_same(a, b, text)
            assert {h.id for h in b.hits[:len(first)]} == first, (text, [h.id for h in b.hits])
            assert "3m" not in [h.id for h in b.hits if not h.missing], text


def test_both_backends_count_the_articles_that_write_a_phrase_whole(pair):
    # What weighs the readings of a query typed without diacritics (interpret._corroborated).
    whoosh, cluster = pair
    phrases = [("phát", "triển", "điện", "gió"), ("phát", "triển", "điện", "giờ"), ("phat", "trien", "dien", "gio"),
               ("năng", "lượng", "tái", "tạo")]
    counts = whoosh._written(phrases)
    assert counts == cluster._written(phrases)
    assert counts[0] >= 30 and counts[1] == 0 and counts[3] >= 30


def test_both_backends_leave_out_a_completion_whose_words_no_article_holds_together(tmp_path, opensearch_url):
    # The box's offers are counted on the words' lists of articles (query._held_counts), with
    # every article beside them: a count of none is told from a count the cluster refused.
    records = ([{"id": f"l{i}", "title": f"Làng nghề Bắc Ninh {i}", "text": "Làng nghề Bắc Ninh phát triển mạnh."}
                for i in range(3)]
               + [{"id": f"b{i}", "title": f"Nghề bác sĩ {i}", "text": "Nghề bác sĩ vất vả, nghề bác sĩ cao quý."}
                  for i in range(30)])
    with _both_backends(tmp_path, opensearch_url, "held", records) as (whoosh, cluster):
        offered = [c.text for c in whoosh.complete("lang nghe bac")]
        assert offered == [c.text for c in cluster.complete("lang nghe bac")]
        assert "làng nghề Bắc Ninh" in offered and "làng nghề bác sĩ" not in offered, offered


def test_both_backends_read_two_words_by_what_their_articles_hold_together(tmp_path, opensearch_url):
    # Words no article writes side by side ("vinamilk sua") are read as the articles hold
    # them (query._together: the words the readings share against each reading's own).
    kinds = (("s", "Sửa đường", "Công nhân sửa đường, sửa cầu cho dân.", 8),
             ("m", "Giá sữa", "Giá sữa bột tăng, sữa đặc giảm.", 6),
             ("v", "Vinamilk tăng giá", "Vinamilk công bố giá sữa tươi mới, sữa cho trẻ em cũng tăng.", 3),
             ("r", "Tin doanh nghiệp", "Vinamilk họp cổ đông. Công ty cũng sửa điều lệ.", 1))
    records = [{"id": f"{p}{i}", "title": f"{title} {i}", "text": text} for p, title, text, n in kinds for i in range(n)]
    with _both_backends(tmp_path, opensearch_url, "meet", records) as (whoosh, cluster):
        a, b = whoosh.search("vinamilk sua"), cluster.search("vinamilk sua")
        assert a.suggestion == b.suggestion == "vinamilk sữa"
        assert whoosh._together(["vinamilk sửa", "vinamilk sữa"]) == cluster._together(["vinamilk sửa", "vinamilk sữa"])
        texts = ["nhập khẩu sữa tươi", "nhập khẩu sửa đường"]      # own words of two syllables each
        assert whoosh._together(texts) == cluster._together(texts)
        assert {h.id for h in b.hits[:3]} == {"v0", "v1", "v2"}


def test_both_backends_offer_a_place_the_words_meet_where_the_pairs_offer_none(tmp_path, opensearch_url):
    # query._met: the words typed and the place, each written whole in the same article.
    records = ([{"id": f"s{i}", "title": f"Dự án điện mặt trời {i}",
                 "text": "Dự án điện mặt trời được khởi công. Tỉnh Ninh Thuận thu hút đầu tư."} for i in range(3)]
               + [{"id": f"t{i}", "title": f"Du lịch {i}", "text": "Ninh Bình phát triển du lịch. Điện lực bảo đảm điện."}
                  for i in range(5)])
    with _both_backends(tmp_path, opensearch_url, "met", records) as (whoosh, cluster):
        offered = [c.text for c in whoosh.complete("dien mat troi ninh")]
        assert offered == [c.text for c in cluster.complete("dien mat troi ninh")] == ["điện mặt trời Ninh Thuận"]


def test_both_backends_answer_a_long_query_typed_without_diacritics(pair):
    """A sentence pasted without diacritics: several readings searched, few full matches,
    partial ones following, well over the default 1,024 clauses (the local cluster allows
    16,384; each tier's words are in the query once, ``dis_max``)."""
    whoosh, cluster = pair
    for text in ("so cong thuong to chuc hoi nghi trien khai nhiem vu nganh cong thuong nam 2022 tai tinh sang nay",
                 "san xuat cong nghiep cua tinh son la van co ban duy tri on dinh du chiu anh huong dich benh",
                 "sở công thương tổ chức hội nghị sơ kết công tác quản lý nhà nước lĩnh vực công thương sáu tháng"):
        assert_same(whoosh.search(text), cluster.search(text), text)
    # A cluster left at the default clause limit says why, not a stack trace.
    from ctsearch.store import IndexError_
    client = cluster.backend.client
    client.cluster.put_settings(body={"transient": {"indices.query.bool.max_clause_count": 1024}})
    try:
        with pytest.raises(IndexError_, match="câu tìm quá dài"):
            cluster.search("so cong thuong to chuc hoi nghi trien khai nhiem vu nganh cong thuong nam 2022 "
                           "tai tinh sang nay nhung chua co bao cao cua cac phong ban chuyen mon ve ke hoach")
    finally:
        client.cluster.put_settings(body={"transient": {"indices.query.bool.max_clause_count": None}})


def test_literal_search_and_pages_partition_the_results(pair):
    whoosh, cluster = pair
    assert_same(whoosh.search("dien gio", literal=True, limit=100), cluster.search("dien gio", literal=True, limit=100),
                "literal")
    for sort in ("relevance", "date"):
        seen: list[str] = []
        for page in range(1, 8):
            a = whoosh.search("điện", sort=sort, page=page, limit=7)
            b = cluster.search("điện", sort=sort, page=page, limit=7)
            assert a.total == b.total and len(a.hits) == len(b.hits)
            seen += [h.id for h in b.hits]
        assert len(seen) == len(set(seen)) == min(49, a.total)


def test_both_backends_sort_by_date_then_by_relevance(pair):
    """Sorted by date, the articles of one day and those with none follow relevance in both."""
    whoosh, cluster = pair
    a = whoosh.search("giá điện", sort="date", limit=30)
    b = cluster.search("giá điện", sort="date", limit=30)
    assert a.total == b.total
    assert [h.date for h in a.hits] == [h.date for h in b.hits]
    relevance = [h.id for h in whoosh.search("giá điện", limit=a.total).hits]
    for hits in (a.hits, b.hits):
        undated = [h.id for h in hits if not h.date]
        assert undated == [i for i in relevance if i in set(undated)]


def test_deep_pages_beyond_the_result_window_walk_with_search_after(pair, monkeypatch):
    import ctsearch.opensearch_backend as ob
    whoosh, cluster = pair
    everything = cluster.search("", sort="date", limit=300)
    monkeypatch.setattr(ob, "RESULT_WINDOW", 10)       # every page below is past the window
    for page in (3, 6):
        a = whoosh.search("", sort="date", page=page, limit=7)
        b = cluster.search("", sort="date", page=page, limit=7)
        assert [h.date for h in a.hits] == [h.date for h in b.hits]
        assert [h.id for h in b.hits] == [h.id for h in everything.hits[(page - 1) * 7:page * 7]]
    b = cluster.search("điện gió", page=4, limit=5)
    full = cluster.search("điện gió", limit=20)
    assert [h.id for h in b.hits] == [h.id for h in full.hits[15:20]]


def test_articles_related_articles_and_statistics(pair):
    whoosh, cluster = pair
    assert cluster.article("brvt-1") == whoosh.article("brvt-1")
    assert cluster.article("no-such-id") is None
    assert cluster.article("kcn-2", highlight_query="KCN")["body_html"].count("<mark>") >= 2
    related = cluster.more_like("art-01", top=3)
    assert related and all(r["id"] != "art-01" for r in related)
    # Each with its year as the article has it, in both backends.
    for engine in (whoosh, cluster):
        for r in engine.more_like("art-01", top=3):
            found = engine.article(r["id"])
            assert r["year"] == (found.get("year") or None), r
    assert cluster.stats() == whoosh.stats()
    assert cluster.vocabulary().is_compound("thuong_mai")
    assert cluster.abbreviations().find(["kcn"]) and whoosh.abbreviations().find(["kcn"])


def test_web_app_and_api_over_the_cluster(pair, opensearch_url, tmp_path):
    from ctsearch.web.app import create_app
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "unused", "BACKEND": "opensearch",
                      "OPENSEARCH_URL": opensearch_url, "OPENSEARCH_INDEX": "mix"})
    client = app.test_client()
    got = client.get("/api/search?q=điện gió&province=Bến Tre").get_json()
    want = pair[0].search("điện gió", province="Bến Tre")
    assert got["total"] == want.total and {h["id"] for h in got["hits"]} == {h.id for h in want.hits}
    page = client.get("/?q=dien+gio")
    assert page.status_code == 200 and "<mark>" in page.get_data(as_text=True)
    article = client.get("/article/brvt-1")
    assert article.status_code == 200 and "Vũng Tàu" in article.get_data(as_text=True)
    assert client.get("/search.atom?q=điện").status_code == 200


def test_cli_indexes_queries_shows_and_counts_on_the_cluster(opensearch_url, capsys, tmp_path):
    from ctsearch.cli import main
    common = ["--backend", "opensearch", "--opensearch-url", opensearch_url, "--opensearch-index", "cli"]
    assert main(["index", str(SEEDS_DIR), "--rebuild", "--quiet", *common]) == 0
    assert "có 5 bài" in capsys.readouterr().out
    assert main(["query", "điện", "--json", *common]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] >= 1
    assert main(["show", result["hits"][0]["id"], "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == result["hits"][0]["id"]
    assert main(["stats", *common]) == 0
    assert "5 bài" in capsys.readouterr().out
    from ctsearch.rulesversion import RULES_VERSION
    assert main(["stats", "--json", *common]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 5 and stats["rules"]["index"] == [RULES_VERSION]
    assert main(["query", "điện", "--backend", "opensearch", "--opensearch-url", opensearch_url,
                 "--opensearch-index", "missing"]) == 1
    assert "chưa có chỉ mục “missing”" in capsys.readouterr().err
    # A rebuild without PATH: the seeds alone are nothing to lose; one more article is.
    assert main(["index", "--rebuild", "--quiet", *common]) == 0
    capsys.readouterr()
    extra = tmp_path / "one.jsonl"
    extra.write_text(json.dumps({"id": "x1", "title": "Tin Hà Nội", "text": "Sở Công Thương Hà Nội họp."},
                                ensure_ascii=False) + "\n", "utf-8")
    assert main(["index", str(extra), "--quiet", *common]) == 0
    capsys.readouterr()
    assert main(["index", "--rebuild", "--quiet", *common]) == 2
    assert f"ĐƯỜNG_DẪN… --backend opensearch --opensearch-url {opensearch_url} --opensearch-index cli --rebuild" \
        in capsys.readouterr().err
    assert main(["index", "--rebuild", "--quiet", "--backend", "opensearch", "--opensearch-url", opensearch_url,
                 "--opensearch-index", "fresh"]) == 0          # no alias yet: nothing to keep


def test_rebuild_swaps_the_alias_and_reindexing_never_duplicates(opensearch_url, tmp_path):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, connect, index_articles
    client = connect(opensearch_url)
    src = write_jsonl(tmp_path / "a.jsonl", corpus_records()[:10])
    index_articles(read_inputs([str(src)]), opensearch_url, "swap", rebuild=True)
    first = sorted(client.indices.get_alias(name="swap"))
    again = index_articles(read_inputs([str(src)]), opensearch_url, "swap")
    assert (again.added, again.updated, again.total_docs) == (0, 10, 10)
    index_articles(read_inputs([str(src)]), opensearch_url, "swap", rebuild=True)
    second = sorted(client.indices.get_alias(name="swap"))
    assert first != second and len(second) == 1
    assert not client.indices.exists(index=first[0])
    assert OpenSearchBackend(opensearch_url, "swap").overview()["articles"] == 10


def test_an_id_read_twice_in_a_run_is_one_article_added(opensearch_url, tmp_path):
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import index_articles
    rec = corpus_records()[0]
    src = write_jsonl(tmp_path / "a.jsonl", [rec, {**rec, "title": "Bản sau"}])
    first = index_articles(read_inputs([str(src)]), opensearch_url, "dupcount", rebuild=True)
    assert (first.added, first.updated) == (1, 0)
    again = index_articles(read_inputs([str(src)]), opensearch_url, "dupcount")
    assert (again.added, again.updated, again.total_docs) == (0, 1, 1)


def test_an_index_of_another_mapping_version_asks_for_a_rebuild(opensearch_url):
    from ctsearch.opensearch_backend import OpenSearchBackend, connect, index_settings, mapping
    from ctsearch.store import IndexError_
    client = connect(opensearch_url)
    old = mapping()
    old["_meta"]["mapping_version"] = 0
    if not client.indices.exists(index="old-v0"):
        client.indices.create(index="old-v0", body={"settings": index_settings(), "mappings": old,
                                                    "aliases": {"old": {}}})
    with pytest.raises(IndexError_, match="--rebuild"):
        OpenSearchBackend(opensearch_url, "old").overview()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/vn-news.jsonl not present")
def test_same_articles_on_two_thousand_corpus_articles(tmp_path_factory, opensearch_url):
    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.opensearch_backend import OpenSearchBackend, index_articles as index_cluster
    from ctsearch.query import SearchEngine

    src = tmp_path_factory.mktemp("c2000") / "c2000.jsonl"
    with open(CORPUS, encoding="utf-8") as fh, open(src, "w", encoding="utf-8") as out:
        for i, line in enumerate(itertools.islice(fh, 21 * 2000)):
            if i % 21 == 0:
                out.write(line)
    folder = tmp_path_factory.mktemp("c2000-whoosh")
    index_articles(read_inputs([str(src)]), folder, workers=2)
    index_cluster(read_inputs([str(src)]), opensearch_url, "c2000", rebuild=True, workers=2, shards=2)
    whoosh = SearchEngine(folder)
    cluster = SearchEngine(backend=OpenSearchBackend(opensearch_url, "c2000"))
    years = [v.value for v in whoosh.search("").facets["year"][:2]]
    filters = [{}, {"province": ["Hà Nội"]}, {"year": years}, {"topic": ["electricity"]},
               {"province": ["Hà Nội", "Hồ Chí Minh"], "topic": ["e-commerce"]}, {"source": ["Không rõ"]},
               {"current_province": ["Hồ Chí Minh"]}, {"date_from": "2019", "date_to": "2020-06"},
               {"mentions": ["Hà Nội"], "province": ["Không rõ"]}]
    queries = ["điện", "xuất khẩu", "thương mại điện tử", "năng lượng tái tạo", "giá xăng dầu", '"giá điện"',
               '"Bộ Công Thương"', "dien gio", "xuat khau gao", "thuong mai dien tu", "điện -thoại",
               "thủy điện OR nhiệt điện", '"điện mặt trời" OR "điện gió"', "xăng OR dầu -giá", "KCN",
               "xuất khẩu thủy sản sang thị trường châu âu năm nay", "san xuat kinh doanh", "nong lam thuy san",
               "giá xăng dầu mới nhất", "gia vang hom nay", ""]
    for text, f, sort in itertools.product(queries, filters, ("relevance", "date")):
        a = whoosh.search(text, sort=sort, limit=100, **f)
        b = cluster.search(text, sort=sort, limit=100, **f)
        if a.total > 100:
            # Past the first hundred only the counts are compared (the page is the top 100).
            assert (a.total, a.total_full, _facets(a)) == (b.total, b.total_full, _facets(b)), (text, f, sort)
            if sort == "date":
                assert [h.date for h in a.hits] == [h.date for h in b.hits], (text, f)
        else:
            assert_same(a, b, f"{text!r} {f} {sort}")
    for sort in ("relevance", "date"):
        a = whoosh.search("", sort=sort, page=150, limit=10)
        b = cluster.search("", sort=sort, page=150, limit=10)
        assert [h.date for h in a.hits] == [h.date for h in b.hits]


class _FlakyCluster:
    """A client whose first bulk request finds the cluster unreachable and whose second
    has one shard unavailable: what a killed node looks like to the indexer."""

    def __init__(self):
        self.calls = 0
        self.stored: dict[str, dict] = {}

    def bulk(self, body, request_timeout=None):
        from opensearchpy.exceptions import ConnectionError as OSConnectionError
        self.calls += 1
        if self.calls == 1:
            raise OSConnectionError("N/A", "connection refused", None)
        items = []
        for action, doc in zip(body[::2], body[1::2]):
            doc_id = action["index"]["_id"]
            if self.calls == 2 and doc_id.endswith("1"):
                items.append({"index": {"_id": doc_id, "status": 503, "error": {"type": "unavailable_shards_exception"}}})
                continue
            result = "updated" if doc_id in self.stored else "created"
            self.stored[doc_id] = doc
            items.append({"index": {"_id": doc_id, "status": 201, "result": result}})
        return {"errors": any(i["index"]["status"] >= 300 for i in items), "items": items}


def test_bulk_requests_retry_with_backoff_and_never_duplicate():
    from ctsearch.opensearch_backend import _bulk
    cluster = _FlakyCluster()
    waits: list[float] = []
    docs = [{"id": f"a{i}", "title": str(i)} for i in range(12)]
    created, updated, errors = _bulk(cluster, "idx", docs, sleep=waits.append)
    assert (sorted(created), updated, errors) == (sorted(d["id"] for d in docs), [], [])
    assert sorted(cluster.stored) == sorted(d["id"] for d in docs)
    assert cluster.calls == 3 and waits == [0.5, 1.0]       # exponential backoff


def test_a_phrase_count_a_shard_refuses_is_no_evidence_rather_than_an_error():
    from ctsearch.opensearch_backend import OpenSearchBackend
    from ctsearch.querylang import written_whole

    class _Refusing:
        def msearch(self, body, index):
            return {"responses": [{"hits": {"total": {"value": 3}}},
                                  {"error": {"type": "es_rejected_execution_exception"}, "status": 429}]}

    backend = OpenSearchBackend("http://127.0.0.1:1", "x", client=_Refusing())
    backend.overview = lambda: {"index": "x-v1"}
    plans = [written_whole(("phim", "thành", "long")), written_whole(("phim", "thanh", "long"))]
    assert backend.count_matching(plans) == [0, 0]


def test_an_unreachable_cluster_is_a_clear_error_in_the_cli_and_the_web_app(tmp_path, capsys):
    from ctsearch.cli import main
    from ctsearch.web.app import create_app
    dead = "http://127.0.0.1:9"       # nothing listens on the discard port
    assert main(["query", "điện", "--backend", "opensearch", "--opensearch-url", dead]) == 1
    assert "không kết nối được cụm OpenSearch http://127.0.0.1:9" in capsys.readouterr().err
    app = create_app({"TESTING": True, "INDEX_DIR": tmp_path, "BACKEND": "opensearch", "OPENSEARCH_URL": dead})
    got = app.test_client().get("/api/search?q=điện")
    assert got.status_code == 503 and "máy chủ tìm kiếm" in got.get_json()["error"]
