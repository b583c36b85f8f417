"""A province named in a query's words, and today's unit to offer as a filter."""

from __future__ import annotations

import pytest

from ctsearch.placequery import place_in_query


@pytest.mark.parametrize("typed, current, rest", [
    ("vai thieu bac ninh", "Bắc Ninh", "vai thieu"),            # today's Bắc Ninh holds Bắc Giang
    ("nước mắm An Giang", "An Giang", "nước mắm"),
    ("gia lua o an giang", "An Giang", "gia lua"),              # "ở" goes with the place
    ("dien gio bac lieu", "Cà Mau", "dien gio"),                # a former province: today's unit
    ("nha may ba ria vung tau", "Hồ Chí Minh", "nha may"),
    ("lang nghe tinh bac ninh", "Bắc Ninh", "lang nghe"),
    ("tuyen quang", "Tuyên Quang", ""),
    ("TP.HCM nha may", "Hồ Chí Minh", "nha may"),                # a name of the gazetteer
    ("gìn giữ Hòa Bình", "Phú Thọ", "gìn giữ"),                  # typed with marks, as a name
    ("quang nam da nang", "Đà Nẵng", ""),                         # two of one unit: both go
    ("vải thiều bắc giang", "Bắc Ninh", "vải thiều"),             # typed with marks, lower case
    ("chợ Bến Thành Sài Gòn", "Hồ Chí Minh", "chợ Bến Thành"),   # "thành" of a name stays
    ("xuat khau hcm", "Hồ Chí Minh", "xuat khau"),             # a short form of the abbreviations
    ("HCM", "Hồ Chí Minh", ""),
    # "cũ"/"mới" only typed so and ending the query (or in brackets): Củ Chi, Cù Lao Chàm
    # and "mới nhất" (the latest) are words of the query
    ("TP HCM Củ Chi", "Hồ Chí Minh", "Củ Chi"),
    ("quang nam cu lao cham", "Đà Nẵng", "cu lao cham"),
    ("gia ca phe dak lak moi nhat", "Đắk Lắk", "gia ca phe moi nhat"),
])
def test_a_province_whose_unit_holds_more_is_offered_as_today_s_unit(typed, current, rest):
    place = place_in_query(typed)
    assert place is not None and (place.current, place.rest) == (current, rest)
    assert place.holds[0] == current and len(place.holds) > 1
    assert place.explain().startswith(f"{current} hiện nay gồm cả ")


@pytest.mark.parametrize("typed, rest, facet, value, explained", [
    ("ha giang cu", "", "province", "Hà Giang", "Hà Giang cũ nay thuộc Tuyên Quang"),
    ("thuy dien Hà Giang (cũ)", "thuy dien", "province", "Hà Giang", "Hà Giang cũ nay thuộc Tuyên Quang"),
    ("tuyen quang moi", "", "current_province", "Tuyên Quang", "Tuyên Quang hiện nay gồm cả Hà Giang cũ"),
    ("nha may tuyen quang cu", "nha may", "province", "Tuyên Quang", "Tuyên Quang hiện nay gồm cả Hà Giang cũ"),
    ("Hà Giang (cũ) thủy điện", "thủy điện", "province", "Hà Giang", "Hà Giang cũ nay thuộc Tuyên Quang"),
    ("ha giang cu 2021", "2021", "province", "Hà Giang", "Hà Giang cũ nay thuộc Tuyên Quang"),   # before a year
    ("ha giang cu.", "", "province", "Hà Giang", "Hà Giang cũ nay thuộc Tuyên Quang"),
])
def test_old_or_new_after_the_name_says_which_province_is_meant(typed, rest, facet, value, explained):
    # "cũ"/"mới" were searched as words ("ha giang cu" read "hà giang cứ") and the offer
    # was to look for "cu" in today's Tuyên Quang.
    place = place_in_query(typed)
    assert place is not None and (place.rest, place.facet, place.value) == (rest, facet, value)
    assert place.current == "Tuyên Quang" and place.explain() == explained


@pytest.mark.parametrize("typed", [
    "xuat khau ha noi",          # Hà Nội took in no other province
    "thai binh duong",           # the Pacific, not Thái Bình
    '"bac ninh" vai thieu',      # quoted, excluded or with OR: read as typed
    "vai thieu -bac ninh",
    "dien gio", "",
    "gìn giữ hòa bình",          # peacekeeping: a word in lower case, no name
    "kinh te hai duong",         # the ocean's economy: a word's letters
    "tien giang ben tre",        # two units today: no one filter is meant
    "ban le hn",                 # a short form of two letters ("hn" is typed for "hơn" too)
])
def test_no_offer_where_the_name_means_no_more_or_is_no_province(typed):
    assert place_in_query(typed) is None


def test_the_offer_reaches_the_page_the_api_and_the_command_line(seeds_client, seeds_index, capsys):
    """`dien gio ben tre`: today's Vĩnh Long holds former Bến Tre (and Trà Vinh); with a
    province chosen, no offer."""
    from urllib.parse import parse_qsl, urlsplit

    from ctsearch.cli import main

    data = seeds_client.get("/api/search", query_string={"q": "dien gio ben tre"}).get_json()
    assert data["place"] == {"typed": "ben tre", "current_province": "Vĩnh Long", "province": None,
                             "holds": ["Vĩnh Long", "Bến Tre", "Trà Vinh"], "query": "dien gio", "found": 1}
    body = seeds_client.get("/search", query_string={"q": "dien gio ben tre"}).get_data(as_text=True)
    assert "Tìm “dien gio” trong tỉnh Vĩnh Long hiện nay (1 bài)" in body
    # (the offer's link: the facets' links to values carry the words as typed)
    href = next(h for h in __import__("re").findall(r'href="([^"]+)"', body)
                if "current_province" in h and ("q", "dien gio") in parse_qsl(urlsplit(h.replace("&amp;", "&")).query))
    assert sorted(parse_qsl(urlsplit(href.replace("&amp;", "&")).query)) == [
        ("current_province", "Vĩnh Long"), ("q", "dien gio")]
    assert seeds_client.get(href.replace("&amp;", "&")).status_code == 200
    filtered = seeds_client.get("/api/search", query_string={"q": "dien gio ben tre", "province": "Bến Tre"})
    assert filtered.get_json()["place"] is None
    capsys.readouterr()
    assert main(["query", "dien gio ben tre", "--index-dir", str(seeds_index)]) == 0
    assert "--current-province 'Vĩnh Long' (1 bài)" in capsys.readouterr().out
    # "cũ": the province as it was, by the province filter.
    data = seeds_client.get("/api/search", query_string={"q": "dien gio ben tre cu"}).get_json()
    assert (data["place"]["province"], data["place"]["query"]) == ("Bến Tre", "dien gio")
    body = seeds_client.get("/search", query_string={"q": "dien gio ben tre cu"}).get_data(as_text=True)
    assert "Tìm “dien gio” trong Bến Tre (cũ) (1 bài)" in body
    assert main(["query", "dien gio ben tre cu", "--index-dir", str(seeds_index)]) == 0
    assert "--province 'Bến Tre' (1 bài)" in capsys.readouterr().out


def test_no_offer_that_would_find_nothing(tmp_path):
    # `dien gio bac lieu` offered "dien gio" in today's Cà Mau, which found nothing: its one
    # story names Bạc Liêu but is no province's. The offer is made where it finds articles.
    from conftest import indexed

    from ctsearch.query import SearchEngine

    ix = indexed([
        {"id": "a", "title": "Điện gió ven biển", "text": "Các dự án điện gió ở Bạc Liêu, Sóc Trăng và Trà Vinh.",
         "province": "Không rõ"},
        {"id": "b", "title": "Giá lúa tăng", "text": "Giá lúa tại Bạc Liêu tăng nhẹ.", "province": "Bạc Liêu"},
    ], tmp_path)
    engine = SearchEngine(ix)
    assert engine.search("dien gio bac lieu").place is None
    offer = engine.search("gia lua bac lieu").place
    assert offer is not None and (offer.current, offer.rest, offer.found) == ("Cà Mau", "gia lua", 1)
    # The other filters and the dates count too.
    assert engine.search("gia lua bac lieu", year="2020").place is None


def test_a_province_named_with_a_slip_is_offered_as_the_reading_searched(tmp_path):
    # "Hà Giag" was searched as Hà Giang, but no offer of today's Tuyên Quang followed it.
    from conftest import indexed

    from ctsearch.query import SearchEngine

    ix = indexed([{"id": f"h{i}", "title": f"Hà Giang mở chợ {i}", "text": f"Tỉnh Hà Giang mở chợ biên giới lần {i}.",
                   "province": "Hà Giang"} for i in range(5)], tmp_path)
    engine = SearchEngine(ix)
    try:
        got = engine.search("Hà Giag")
        assert got.interpreted_as == "Hà Giang"
        assert got.place is not None and got.place.current == "Tuyên Quang"
        # The offer asks nothing of the words the search has not read already (with nothing
        # kept between searches, a second reading doubled a query's time).
        engine.result_cache_size = 0
        read = []
        interpret = engine._interpret
        engine._interpret = lambda *args: read.append(args[0]) or interpret(*args)
        engine.search("Hà Giag")
        assert read.count("Hà Giag") == 1, read
    finally:
        engine.close()


def test_old_or_new_after_a_province_is_no_word_searched(tmp_path):
    from conftest import indexed

    from ctsearch.query import SearchEngine

    ix = indexed([
        {"id": "hg", "title": "Thủy điện Hà Giang", "text": "Nhà máy thủy điện ở Hà Giang phát điện.",
         "province": "Hà Giang"},
        {"id": "tq", "title": "Thủy điện Tuyên Quang", "text": "Nhà máy thủy điện ở Tuyên Quang phát điện.",
         "province": "Tuyên Quang"},
        {"id": "cu", "title": "Vẫn cứ đi", "text": "Người Hà Giang cứ thế đi chợ.", "province": "Hà Giang"},
    ], tmp_path)
    engine = SearchEngine(ix)
    r = engine.search("thuy dien ha giang cu")
    assert [h.id for h in r.hits if not h.missing] == ["hg"], [h.id for h in r.hits]
    assert r.place is not None and (r.place.facet, r.place.value, r.place.rest) == ("province", "Hà Giang", "thuy dien")
    assert [h.id for h in engine.search("thuy dien ha giang cu", province="Hà Giang cũ").hits] == ["hg"]


@pytest.mark.parametrize("typed, searched", [
    ("ha giang cu", "ha giang"),
    ("ha giang cu -thuy dien", "ha giang -thuy dien"),     # before an exclusion or OR: its words end
    ("ha giang cu OR lao cai", "ha giang OR lao cai"),
    ("bao ha noi moi", "bao ha noi moi"),    # a province no merger changed: a name ("Hà Nội Mới", a paper)
    ("TP HCM Củ Chi", "TP HCM Củ Chi"),   # a word of the query
    ("quang nam cu lao cham", "quang nam cu lao cham"),
    ('"ha giang cu"', '"ha giang cu"'),   # quoted: as typed
])
def test_old_or_new_after_a_merged_province_is_left_out_of_the_words(typed, searched):
    # "ha giang cu 2021" and "-thuy dien" after it searched "cụ" or "cứ".
    from ctsearch.placequery import without_qualifier
    assert without_qualifier(typed) == searched
