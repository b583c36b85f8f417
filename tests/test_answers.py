"""Right answers at the edges: numbers written with other digits, and tied scores."""

from __future__ import annotations

import json

import pytest

from ctsearch import cli
from ctsearch.index import index_articles
from ctsearch.ingest import read_inputs
from ctsearch.query import SearchEngine

from conftest import make_client, write_jsonl

# --- 9. digits that str.isdigit() accepts and int() does not -----------------------------------------

ODD_DIGITS = ["²", "¹⁰", "⁵", "2⁰22", "①", "٣"]


@pytest.mark.parametrize("value", ODD_DIGITS)
@pytest.mark.parametrize("param", ["page", "limit", "year"])
def test_api_rejects_unicode_digits_naming_the_parameter(corpus_client, param, value):
    resp = corpus_client.get("/api/search", query_string={"q": "điện", param: value})
    assert resp.status_code == 400
    assert resp.get_json()["param"] == param


@pytest.mark.parametrize("value", ODD_DIGITS)
@pytest.mark.parametrize("param", ["page", "year"])
def test_search_page_rejects_unicode_digits(corpus_client, param, value):
    resp = corpus_client.get("/search", query_string={"q": "điện", param: value})
    assert resp.status_code == 400
    assert "Không đọc được" in resp.get_data(as_text=True)


def test_the_form_still_works_around_a_bad_year(corpus_client):
    resp = corpus_client.get("/search", query_string={"q": "điện", "year": ["2021", "²"]})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "Bỏ bộ lọc không hợp lệ" in body


@pytest.mark.parametrize("args", [["--year", "²"], ["--year", "¹⁰"], ["--page", "⁵"], ["--limit", "²"],
                                  ["--page", "１"]])
def test_cli_rejects_unicode_digits(corpus_index, capsys, args):
    try:
        code = cli.main(["query", "", *args, "--index-dir", str(corpus_index)])
    except SystemExit as exc:      # argparse's own refusal of an option value
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert args[0].lstrip("-") in err and "ValueError" not in err


def test_cli_year_still_accepts_plain_years_and_unknown(corpus_index, capsys):
    assert cli.main(["query", "", "--year", "2021", "--year", "Không rõ", "--json",
                     "--index-dir", str(corpus_index)]) == 0
    assert json.loads(capsys.readouterr().out)["filters"]["year"] == ["2021", "Không rõ"]


# --- 10. tied scores: pages partition the ranking -----------------------------------------------------

@pytest.fixture(scope="module")
def copies_index(tmp_path_factory):
    """40 copies of one article under different ids (their scores tie, same date),
    interleaved with articles that score higher and lower: the tie straddles pages."""
    src = tmp_path_factory.mktemp("copies-src")
    text = "Sở Công Thương bàn về điện gió ngoài khơi và lưới điện truyền tải."
    records = []
    for i in range(40):
        records.append({"id": f"copy-{i:02d}", "title": "Điện gió ngoài khơi", "text": text, "date": "2022-03-04"})
        if i < 20:
            records.append({"id": f"strong-{i:02d}", "title": "Điện gió, điện gió và điện gió",
                            "text": f"Điện gió {i}: điện gió ven biển, điện gió ngoài khơi.", "date": "2020-01-01"})
            records.append({"id": f"weak-{i:02d}", "title": "Tin tổng hợp",
                            "text": f"Bản tin {i} về giá cả, xuất khẩu, công nghiệp, thương mại và nông thôn; "
                                    "cuối cùng có nhắc đến điện gió.", "date": "2021-01-01"})
    write_jsonl(src / "c.jsonl", records)
    ix = tmp_path_factory.mktemp("copies-index")
    index_articles(read_inputs([src / "c.jsonl"]), ix, commit_every=25)   # several segments
    return ix


@pytest.mark.parametrize("limit", [10, 7, 3])
def test_pages_of_tied_scores_partition_the_ranking(copies_index, limit):
    engine = SearchEngine(copies_index)
    whole = [h.id for h in engine.search("điện gió", limit=100).hits]
    assert len(whole) == 80 and len(set(whole)) == 80
    paged = []
    for page in range(1, 80 // limit + 2):
        paged += [h.id for h in engine.search("điện gió", limit=limit, page=page).hits]
    assert paged == whole


def test_ties_are_broken_by_date_then_index_order(copies_index):
    """Equal score: newest first; equal date too: the article indexed first (documented)."""
    hits = SearchEngine(copies_index).search("điện gió", limit=100).hits
    copies = [h for h in hits if h.id.startswith("copy-")]
    assert len({h.score for h in copies}) == 1
    assert [h.id for h in copies] == [f"copy-{i:02d}" for i in range(40)]
    first = hits.index(copies[0])
    assert hits[first:first + 40] == copies                     # the tie is one block of the ranking


def test_api_pages_of_tied_scores_have_no_duplicates(copies_index):
    client = make_client(copies_index)
    seen = []
    for page in range(1, 9):
        seen += [h["id"] for h in client.get(f"/api/search?q=điện+gió&page={page}").get_json()["hits"]]
    assert len(seen) == 80 and len(set(seen)) == 80
