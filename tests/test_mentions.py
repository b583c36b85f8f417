"""The "Có nhắc đến" facet: every article that mentions a province, not only those mainly
about it, through the CLI, the API and the page; read from the index's keyword postings,
so an index built before the facet existed has it too."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from ctsearch.cli import main

from conftest import check_api_filter, make_client, write_jsonl

RECORDS = [
    {"id": "bn-1", "title": "Bắc Ninh thu hút đầu tư công nghiệp",
     "text": "UBND tỉnh Bắc Ninh cấp phép thêm ba dự án tại khu công nghiệp Quế Võ. Nhiều doanh "
             "nghiệp từ Bắc Giang và Hà Nội cũng tìm hiểu cơ hội đầu tư.", "date": "2022-03-01"},
    {"id": "hn-1", "title": "Hà Nội mở hội chợ hàng Việt",
     "text": "Sở Công Thương Hà Nội khai mạc hội chợ với gian hàng của làng gốm Phù Lãng (Bắc Ninh) "
             "và nhiều tỉnh khác.", "date": "2022-04-01"},
    {"id": "dn-1", "title": "Đà Nẵng phát triển điện mặt trời mái nhà",
     "text": "Sở Công Thương TP Đà Nẵng cho biết công suất điện mặt trời mái nhà tăng nhanh.",
     "date": "2022-05-01"},
]


@pytest.fixture()
def mentions_index(tmp_path) -> Path:
    src = write_jsonl(tmp_path / "m.jsonl", RECORDS)
    ix = tmp_path / "index"
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    return ix


def _query(capsys, ix: Path, *argv: str) -> dict:
    capsys.readouterr()      # what indexing printed
    assert main(["query", "", *argv, "--json", "--index-dir", str(ix)]) == 0
    return json.loads(capsys.readouterr().out)


def test_counts_every_province_mentioned_most_articles_first(capsys, mentions_index) -> None:
    result = _query(capsys, mentions_index)
    mentions = [(v["value"], v["count"]) for v in result["facets"]["mentions"]]
    assert mentions == [("Bắc Ninh", 2), ("Hà Nội", 2), ("Bắc Giang", 1), ("Đà Nẵng", 1)]
    labels = {v["value"]: v["label"] for v in result["facets"]["mentions"]}
    assert labels["Bắc Giang"] == "Bắc Giang (nay thuộc Bắc Ninh)"
    # The main-province facet still counts one province per article.
    assert {v["value"]: v["count"] for v in result["facets"]["province"]} == {"Bắc Ninh": 1, "Hà Nội": 1, "Đà Nẵng": 1}


@pytest.mark.parametrize("argv, expected", [
    (["--mentions", "bac ninh"], ["bn-1", "hn-1"]),
    (["--mentions", "Bắc Giang (nay thuộc Bắc Ninh)"], ["bn-1"]),
    (["--mentions", "bac giang", "--mentions", "da nang"], ["bn-1", "dn-1"]),    # several: any of them
    (["--mentions", "bac ninh", "--province", "ha noi"], ["hn-1"]),              # with another facet: both
    (["--mentions", "Quế Võ"], ["bn-1", "hn-1"]),                                # a place names its province
])
def test_filter_finds_articles_that_mention_a_province(capsys, mentions_index, argv, expected) -> None:
    result = _query(capsys, mentions_index, *argv)
    assert sorted(h["id"] for h in result["hits"]) == expected


def test_a_value_that_is_no_province_is_refused(capsys, mentions_index) -> None:
    for typed in ("Không rõ", "bac ninhh x"):
        assert main(["query", "", "--mentions", typed, "--index-dir", str(mentions_index)]) == 2
        assert "--mentions" in capsys.readouterr().err


def test_an_updated_article_counts_only_what_it_mentions_now(capsys, tmp_path, mentions_index) -> None:
    changed = [dict(r) for r in RECORDS]
    changed[0]["text"] = "UBND tỉnh Bắc Ninh cấp phép thêm ba dự án tại khu công nghiệp Quế Võ."
    src = write_jsonl(tmp_path / "changed.jsonl", changed)
    assert main(["index", str(src), "--index-dir", str(mentions_index), "--quiet"]) == 0
    result = _query(capsys, mentions_index, "--mentions", "ha noi")
    assert [h["id"] for h in result["hits"]] == ["hn-1"]
    assert {v["value"]: v["count"] for v in result["facets"]["mentions"]}["Hà Nội"] == 1
    assert "Bắc Giang" not in {v["value"] for v in result["facets"]["mentions"]}


def test_api_filter_and_toggle(mentions_index) -> None:
    check_api_filter(make_client(mentions_index), "mentions", "bac ninh", "Bắc Ninh", ["bn-1", "hn-1"], "bac ninhh x")


def test_article_page_links_to_the_articles_that_mention_each_province(mentions_index) -> None:
    client = make_client(mentions_index)
    article = client.get("/article/bn-1").get_data(as_text=True)
    assert "Có nhắc đến" in article and "Các bài có nhắc đến Hà Nội" in article
    link = next(part.split('"')[0] for part in article.split('href="')[1:] if "mentions=" in part.split('"')[0])
    url = urlsplit(link.replace("&amp;", "&"))
    assert ("mentions", "Bắc Giang") in parse_qsl(url.query) or ("mentions", "Hà Nội") in parse_qsl(url.query)
    page = client.get("/search", query_string={"mentions": "Hà Nội"}).get_data(as_text=True)
    assert "Bắc Ninh thu hút đầu tư" in page and "Hà Nội mở hội chợ" in page and "Đà Nẵng phát triển" not in page
    assert 'class="facet facet-mentions"' in page and "Có nhắc đến" in page


def test_no_province_is_not_a_value_of_its_own(capsys, mentions_index) -> None:
    assert main(["query", "", "--mentions", "Không rõ", "--index-dir", str(mentions_index)]) == 2
    err = capsys.readouterr().err
    assert "chỉ lọc theo tên tỉnh/thành" in err and "gần nhất" not in err


def test_facet_arrays_saved_before_the_facet_existed_are_completed_from_postings(mentions_index, monkeypatch) -> None:
    import numpy as np
    from whoosh import index as whoosh_index

    from ctsearch import facets as facets_module
    from ctsearch.store import side_file

    ix = whoosh_index.open_dir(str(mentions_index))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        path = side_file(mentions_index, facets_module._CACHE_FILE, ix.latest_generation(), reader)
        with np.load(path) as data:
            older = {k: data[k] for k in data.files if k not in ("provinces", "mentions_slugs")}
            assert len(older) == len(data.files) - 2
        with open(path, "wb") as fh:         # the file an index saved before this facet
            np.savez(fh, **older)
        expected = facets_module.FacetColumns(reader)

        def unread(*_args, **_kwargs):
            raise AssertionError("the other facets were read again")

        for reading in ("_string_codes", "_numbers", "_tag_bits"):
            monkeypatch.setattr(facets_module, reading, unread)
        loaded = facets_module.FacetColumns.load(mentions_index, ix.latest_generation(), reader)
        assert np.array_equal(loaded.codes["mentions"], expected.codes["mentions"])
        assert loaded.names["mentions"] == expected.names["mentions"]
        assert np.array_equal(loaded.codes["province"], expected.codes["province"])


def test_facet_arrays_saved_for_other_documents_are_read_again(mentions_index) -> None:
    import numpy as np
    from whoosh import index as whoosh_index

    from ctsearch import facets as facets_module
    from ctsearch.store import side_file

    ix = whoosh_index.open_dir(str(mentions_index))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        path = side_file(mentions_index, facets_module._CACHE_FILE, ix.latest_generation(), reader)
        with np.load(path) as data:
            shorter = {k: (data[k][:-1] if len(data[k]) == reader.doc_count_all() else data[k])
                       for k in data.files if k not in ("provinces", "mentions_slugs")}
        with open(path, "wb") as fh:
            np.savez(fh, **shorter)
        loaded = facets_module.FacetColumns.load(mentions_index, ix.latest_generation(), reader)
        assert loaded.size == reader.doc_count_all()
        assert np.array_equal(loaded.codes["mentions"], facets_module.FacetColumns(reader).codes["mentions"])


def test_terminal_output_shows_a_ticked_value_however_long_the_list(capsys, tmp_path) -> None:
    many = [{"id": f"p{i}", "title": f"Tin {name}", "text": f"Sở Công Thương tỉnh {name} họp bàn kế hoạch năm.",
             "date": "2022-01-01"}
            for i, name in enumerate(["Bắc Ninh", "Bắc Giang", "Lạng Sơn", "Cao Bằng", "Hà Giang", "Lào Cai",
                                      "Yên Bái", "Sơn La", "Điện Biên", "Lai Châu", "Hòa Bình", "Phú Thọ",
                                      "Thái Nguyên", "Tuyên Quang", "Quảng Ninh", "Hải Dương", "Nam Định"])]
    src = write_jsonl(tmp_path / "many.jsonl", many)
    ix = tmp_path / "many"
    assert main(["index", str(src), "--index-dir", str(ix), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["query", "họp bàn", "--mentions", "nam dinh", "--index-dir", str(ix)]) == 0
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.startswith("Có nhắc đến:"))
    assert line.startswith("Có nhắc đến: [x] Nam Định (nay thuộc Ninh Bình) (1)") and "(+" in line
