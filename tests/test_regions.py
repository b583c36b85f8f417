"""Regions typed where a province goes: "Tây Nguyên", "ĐBSCL", "miền Tây" stand for their
provinces, in the CLI, the page (one chip for a whole region, the sidebar box) and the API."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ctsearch.cli import main
from ctsearch.extract import PROVINCES
from ctsearch.facetdefs import facet, grouped, named_values
from ctsearch.regions import match_region, region_forms, regions, regions_of

from conftest import indexed, make_client

ROOT = Path(__file__).resolve().parent.parent

RECORDS = [
    {"id": "kt-1", "title": "Kon Tum phát triển thủy điện nhỏ",
     "text": "UBND tỉnh Kon Tum họp bàn về các dự án thủy điện nhỏ trên địa bàn tỉnh.", "date": "2019-05-02",
     "province": "Kon Tum"},
    {"id": "dl-1", "title": "Đắk Lắk khuyến công", "text": "Sở Công Thương tỉnh Đắk Lắk triển khai đề án khuyến công.",
     "date": "2020-03-10", "province": "Đắk Lắk"},
    {"id": "bt-1", "title": "Bến Tre xúc tiến thương mại", "text": "Sở Công Thương tỉnh Bến Tre tổ chức hội chợ.",
     "date": "2021-04-01", "province": "Bến Tre"},
    {"id": "hn-1", "title": "Hà Nội bảo tồn làng nghề", "text": "Làng nghề ở Hà Nội được hỗ trợ; hàng về Cà Mau.",
     "date": "2022-06-01", "province": "Hà Nội"},
]


# -- the data ------------------------------------------------------------------------
def test_the_six_regions_hold_every_province_once() -> None:
    six = regions()[:6]
    counts = Counter(p for r in six for p in r.provinces)
    assert sorted(counts) == sorted(PROVINCES) and set(counts.values()) == {1}
    assert all(set(r.provinces) <= set(PROVINCES) for r in regions())
    data = json.loads((ROOT / "search" / "data" / "regions.json").read_text("utf-8"))
    assert "81/2023/QH15" in data["_doc"]


def test_halves_and_parts_of_the_country_are_made_of_the_six() -> None:
    by = {r.name: set(r.provinces) for r in regions()}
    assert by["Bắc Trung Bộ"] | by["Duyên hải Nam Trung Bộ"] == by["Bắc Trung Bộ và duyên hải miền Trung"]
    assert by["Tây Bắc"] | by["Đông Bắc"] == by["Trung du và miền núi phía Bắc"]
    assert by["Bắc Bộ"] == by["Trung du và miền núi phía Bắc"] | by["Đồng bằng sông Hồng"]
    assert by["Trung Bộ"] == by["Bắc Trung Bộ và duyên hải miền Trung"] | by["Tây Nguyên"]
    assert by["Nam Bộ"] == by["Đông Nam Bộ"] | by["Đồng bằng sông Cửu Long"]
    # The three parts of the country hold every province once.
    assert Counter([*by["Bắc Bộ"], *by["Trung Bộ"], *by["Nam Bộ"]]) == Counter(PROVINCES)


@pytest.mark.parametrize("typed, name", [
    ("Tây Nguyên", "Tây Nguyên"), ("tay nguyen", "Tây Nguyên"), ("vùng Tây Nguyên", "Tây Nguyên"),
    ("ĐBSCL", "Đồng bằng sông Cửu Long"), ("dbscl", "Đồng bằng sông Cửu Long"),
    ("miền Tây", "Đồng bằng sông Cửu Long"), ("Đồng bằng sông Cửu Long", "Đồng bằng sông Cửu Long"),
    ("khu vực Đông Nam Bộ", "Đông Nam Bộ"), ("các tỉnh phía Nam", "Nam Bộ"), ("Nam Trung Bộ", "Duyên hải Nam Trung Bộ"),
    ("các tỉnh thành phía Nam", "Nam Bộ"), ("các địa phương miền Tây", "Đồng bằng sông Cửu Long"),
    ("các tỉnh, thành phố phía Nam", "Nam Bộ"), ("các tỉnh thành phố phía Bắc", "Bắc Bộ"),
    ("miền Đông", "Đông Nam Bộ"), ("Trung Bộ", "Trung Bộ"), ("miền Trung - Tây Nguyên", "Trung Bộ"),
    ("Tây Bắc", "Tây Bắc"), ("dong bac bo", "Đông Bắc"), ("BTB", "Bắc Trung Bộ"), ("miền Bắc", "Bắc Bộ"),
    ("TRUNG DU MIỀN NÚI PHÍA BẮC", "Trung du và miền núi phía Bắc"), ("đồng bằng sông hồng", "Đồng bằng sông Hồng"),
    ("mien trung", "Bắc Trung Bộ và duyên hải miền Trung"),
    ("Tây Nguyên (5 tỉnh/thành)", "Tây Nguyên"), ("ĐB sông Cửu Long", "Đồng bằng sông Cửu Long"),  # a chip typed back
])
def test_a_region_typed_any_way(typed: str, name: str) -> None:
    assert match_region(typed).name == name


@pytest.mark.parametrize("typed", ["Tây Ninh", "Bến Tre", "Nam", "miền", "vùng", "", "Tây Bắc Nguyên", "tỉnh", "Đông"])
def test_a_province_or_a_fragment_is_no_region(typed: str) -> None:
    assert match_region(typed) is None


def test_a_province_lies_in_its_region_its_half_and_its_part_of_the_country() -> None:
    # Two halves chosen are their whole: one chip.
    north = facet("province").canonical(["Tây Bắc", "Đông Bắc"])
    assert [g for g, _ in grouped(facet("province"), north)] == ["Trung du và miền núi phía Bắc"]
    assert [r.name for r in regions_of("Quảng Nam")] == [
        "Bắc Trung Bộ và duyên hải miền Trung", "Duyên hải Nam Trung Bộ", "Trung Bộ"]
    assert [r.name for r in regions_of("Kon Tum")] == ["Tây Nguyên", "Trung Bộ"]
    assert "ĐBSCL" in region_forms("Cà Mau") and "miền Nam" in region_forms("Cà Mau")


# -- the filters ------------------------------------------------------------------------
def test_a_region_is_each_of_its_provinces_beside_other_values() -> None:
    assert facet("province").canonical(["Tây Nguyên", "ben tre", "Gia Lai"]) == [
        "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bến Tre"]
    assert facet("mentions").canonical(["Đông Nam Bộ"]) == [
        "Hồ Chí Minh", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Bình Dương", "Bình Phước", "Tây Ninh"]


def test_a_region_today_is_the_units_that_hold_its_provinces() -> None:
    # Kon Tum is in today's Quảng Ngãi; Đắk Nông in Lâm Đồng.
    assert facet("current_province").canonical(["Tây Nguyên"]) == ["Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Lâm Đồng"]


def test_whole_regions_are_named_back_largest_first() -> None:
    south = list(next(r for r in regions() if r.name == "Nam Bộ").provinces)
    assert grouped(facet("province"), south + ["Hà Nội"]) == [("Nam Bộ", south), (None, ["Hà Nội"])]
    five = ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]
    assert grouped(facet("province"), ["Bến Tre", *five]) == [(None, ["Bến Tre"]), ("Tây Nguyên", five)]
    assert grouped(facet("province"), five[:4]) == [(None, [p]) for p in five[:4]]
    assert grouped(facet("year"), ["2020", "2021"]) == [(None, ["2020"]), (None, ["2021"])]
    # Today's units are named one by one: "Tây Nguyên" is four that hold coastal provinces too.
    units = facet("current_province").canonical(["Tây Nguyên"])
    assert grouped(facet("current_province"), units) == [(None, [u]) for u in units]
    assert named_values(facet("province"), ["Bến Tre", *five]) == [
        ("Bến Tre (nay thuộc Vĩnh Long)", ["Bến Tre"]), ("Tây Nguyên (5 tỉnh/thành)", five)]


# -- end to end -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def region_index(tmp_path_factory) -> Path:
    return indexed(RECORDS, tmp_path_factory.mktemp("regions"))


def _ids(capsys, ix: Path, *argv: str) -> list[str]:
    capsys.readouterr()
    assert main(["query", "", *argv, "--json", "--index-dir", str(ix)]) == 0
    return sorted(h["id"] for h in json.loads(capsys.readouterr().out)["hits"])


def test_cli_filters_by_region(capsys, region_index) -> None:
    assert _ids(capsys, region_index, "--province", "tay nguyen") == ["dl-1", "kt-1"]
    assert _ids(capsys, region_index, "--province", "ĐBSCL", "--province", "Hà Nội") == ["bt-1", "hn-1"]
    assert _ids(capsys, region_index, "--mentions", "mien tay") == ["bt-1", "hn-1"]   # Cà Mau named
    assert _ids(capsys, region_index, "--current-province", "Tây Nguyên") == ["dl-1", "kt-1"]


def test_page_names_a_whole_region_in_one_chip(region_index) -> None:
    client = make_client(region_index)
    page = client.get("/search", query_string={"province": "Tây Nguyên"}).get_data(as_text=True)
    chips = re.findall(r'<a class="chip" href="([^"]*)">\s*<span class="chip-facet">([^<]*)</span>([^<]*)<', page)
    assert [(facet_, label.strip()) for _, facet_, label in chips] == [("Tỉnh/thành:", "Tây Nguyên (5 tỉnh/thành)")]
    assert "province" not in chips[0][0]                      # one click removes all five
    both = client.get("/search", query_string=[("province", "Bến Tre"), ("province", "tay nguyen")])
    chips = re.findall(r'<a class="chip" href="([^"]*)">\s*<span class="chip-facet">[^<]*</span>([^<]*)<',
                       both.get_data(as_text=True))
    assert [label.strip() for _, label in chips] == ["Bến Tre (nay thuộc Vĩnh Long)", "Tây Nguyên (5 tỉnh/thành)"]
    assert html.unescape(chips[1][0]) == "/search?province=B%E1%BA%BFn+Tre"   # the other value kept
    # The feed and the exports describe the search the same way.
    feed = client.get("/search.atom", query_string={"province": "tay nguyen"}).get_data(as_text=True)
    assert "Tỉnh/thành: Tây Nguyên (5 tỉnh/thành)" in feed
    assert 'data-label="Kon Tum' in page and "kt-1" in page and "bt-1" not in page
    # The sidebar box finds a province by its region's names too.
    item = re.search(r'<li class="facet-item[^"]*" data-label="Bến Tre[^"]*"[^>]*>', page).group(0)
    assert 'data-groups="Đồng bằng sông Cửu Long|ĐBSCL|' in item and '|miền Tây|' in item


def test_api_echoes_a_region_as_its_provinces(region_index) -> None:
    client = make_client(region_index)
    data = client.get("/api/search", query_string={"province": "vung tay nguyen"}).get_json()
    assert sorted(h["id"] for h in data["hits"]) == ["dl-1", "kt-1"]
    assert data["filters"]["province"] == ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"]
