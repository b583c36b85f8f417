"""Abbreviations and names: what the articles define, which pairs are kept, and how query
syllables find their other forms."""

from __future__ import annotations

import pytest

from conftest import indexed
from ctsearch.abbrev import Abbreviations, load_abbreviations, mine
from ctsearch.langstats import defined_abbreviations, short_key
from ctsearch.query import SearchEngine


@pytest.mark.parametrize("sentence, pairs", [
    ("Phát triển khu công nghiệp (KCN) và cụm công nghiệp (CCN) tại tỉnh",
     {("KCN", "khu công nghiệp"), ("CCN", "cụm công nghiệp")}),
    ("Lực lượng Quản lý thị trường (QLTT) tỉnh kiểm tra", {("QLTT", "quản lý thị trường")}),
    ("Thị trường thương mại điện tử (TMĐT) tăng trưởng", {("TMĐT", "thương mại điện tử")}),
    ("Sở Kế hoạch và Đầu tư (KH&ĐT) cho biết", {("KH&ĐT", "kế hoạch và đầu tư")}),
    ("Ủy ban nhân dân (UBND) tỉnh", {("UBND", "ủy ban nhân dân")}),
    ("vùng đồng bằng sông Cửu Long (ĐBSCL)", {("ĐBSCL", "đồng bằng sông cửu long")}),
    ("Tập đoàn Điện lực Việt Nam (EVN) cho biết", set()),         # initials do not spell it
    ("giá (VND) tăng", set()),
    ("Giá cổ phiếu (HPG) tăng", set()),
])
def test_defined_abbreviations(sentence, pairs):
    assert defined_abbreviations(sentence) == pairs


def test_short_keys_ignore_dots_dashes_spaces_and_diacritics():
    assert short_key("TP.HCM") == short_key("TP HCM") == short_key("tphcm")
    assert short_key("TMĐT") == short_key("tmdt")
    assert short_key("BR-VT") == "brvt"


def test_mining_keeps_pairs_articles_agree_on():
    counts = {"KCN\tkhu công nghiệp": 40, "KCN\tkhu chế nghiệp": 1,       # agreement: kept
              "DN\tdoanh nghiệp": 10, "DN\tđà nẵng": 8,                    # ambiguous: dropped
              "XYZ\txin yêu zê": 1}                                        # one article: dropped
    entries = mine(counts)["entries"]
    assert ["khu công nghiệp", "KCN"] in entries
    assert not any(e[1] in ("DN", "XYZ") for e in entries)


def test_a_short_form_that_is_a_word_counts_only_in_capitals():
    forms = Abbreviations([["bảo hiểm xã hội", "BAO"]], case_sensitive={"bao"})
    assert forms.find(["bao"], ["bao"]) == []
    assert [m.short for m in forms.find(["bao"], ["BAO"])] == [True]


def test_curated_forms_are_found_with_or_without_diacritics():
    forms = load_abbreviations()
    for syllables in (["thương", "mại", "điện", "tử"], ["thuong", "mai", "dien", "tu"], ["tmđt"], ["tmdt"]):
        (m,) = forms.find(syllables)
        others = {f.text for f in m.others}
        assert others & {"TMĐT", "thương mại điện tử"}, syllables
    # Accents typed must be the form's: "thương mại điện từ" is not the name.
    assert forms.find(["thương", "mại", "điện", "từ"]) == []
    # Words of the trade written two ways: wind power is also "phong điện".
    for syllables in (["điện", "gió"], ["dien", "gio"], ["phong", "điện"]):
        (m,) = forms.find(syllables)
        assert {f.text for f in m.others} & {"điện gió", "phong điện"}, syllables


def test_longest_form_wins():
    forms = load_abbreviations()
    (m,) = forms.find(["sở", "kế", "hoạch", "và", "đầu", "tư"])
    assert (m.start, m.end) == (0, 6)


def test_a_short_form_typed_with_d_bar_is_not_the_one_written_with_d():
    # "ĐN" (Đà Nẵng, Đồng Nai) is not "DN" (doanh nghiệp); "dn" typed plainly may be either.
    forms = Abbreviations([["doanh nghiệp", "DN"], ["thương mại điện tử", "TMĐT"]])
    assert forms.find(["đn"], ["ĐN"]) == []
    assert [m.short for m in forms.find(["dn"], ["DN"])] == [True]
    assert [m.short for m in forms.find(["tmdt"], ["tmdt"])] == [True]
    assert [m.short for m in forms.find(["tmđt"], ["TMĐT"])] == [True]


def test_a_name_typed_split_otherwise_than_its_forms_is_found_by_its_letters(tmp_path):
    # "coop mart" is none of the forms ("Co.opmart", "Coopmart", "Co.op Mart"), but their
    # letters: every form is searched. Short names are never found so ("ta na" is no "Tana").
    forms = Abbreviations([["Co.opmart", "Coopmart", "Co.op Mart"], ["Tana", "Tân Á"]])
    (m,) = forms.find(["coop", "mart"])
    assert {f.text for f in m.others} == {"Co.opmart", "Coopmart", "Co.op Mart"} and not m.short
    assert forms.find(["coop", "mart"], ["Coop", "Mart"])[0].typed.text == "Coop Mart"
    assert forms.find(["ta", "na"]) == [] and forms.find(["cóop", "mart"]) == []
    assert _found(tmp_path, [
        {"id": "a", "title": "Khai trương siêu thị Co.opMart tại Mỹ Tho", "text": "Siêu thị Co.opMart mở cửa."},
        {"id": "b", "title": "Hệ thống Co-opMart mở rộng", "text": "Hệ thống Co-opMart có 24 siêu thị."},
        {"id": "c", "title": "Chợ Mỹ Tho", "text": "Chợ đông khách."},
    ], "coop mart") == [{"a", "b"}]


def _found(tmp_path, rows: list[dict], *queries: str) -> list[set[str]]:
    """The ids each query finds among ``rows`` indexed into ``tmp_path``."""
    engine = SearchEngine(indexed(rows, tmp_path))
    try:
        return [{h.id for h in engine.search(q).hits} for q in queries]
    finally:
        engine.close()


def test_a_name_whose_other_forms_are_foreign_words_alone_is_searched_as_its_words():
    # "~gold price" typed reads as "giá vàng"; "giá vàng" / "gia vang" typed are its words,
    # as if the English were not listed (no one form of them, no phrase).
    forms = Abbreviations([["giá vàng", "~gold price"], ["Co.opmart", "Coopmart"]])
    assert forms.find(["giá", "vàng"]) == [] and forms.find(["gia", "vang"]) == []
    assert forms.foreign_words[("gold", "price")] == "giá vàng"
    assert [m.typed.text for m in forms.find(["coop", "mart"])] == ["coop mart"]


@pytest.mark.parametrize("typed, meant", [
    (("coffee",), "cà phê"), (("rice",), "gạo"), (("cashew",), "hạt điều"), (("steel",), "thép"),
    (("vietnam",), "Việt Nam"), (("price",), "giá"), (("pangasius",), "cá tra"),
    # (a phrase whole: "counterfeit goods" was "hàng giả goods", a diet story first)
    (("power", "outage"), "mất điện"), (("counterfeit", "goods"), "hàng giả"),
])
def test_the_goods_analysts_type_in_english_read_as_the_vietnamese(typed, meant):
    # `vietnam coffee export` searched "vietnam coffee xuất khẩu": Highlands Coffee and
    # diet tips, where the Vietnamese words find 136 export stories.
    assert load_abbreviations().foreign_words[typed] == meant


def test_a_form_marked_typed_only_is_searched_when_typed_never_added():
    # "^HN" means Hà Nội when typed, but "HN" in articles is also the club LG.HN.ACB: a
    # query for Hà Nội must not look for it.
    forms = Abbreviations([["Hà Nội", "^HN"]])
    (m,) = forms.find(["hn"], ["HN"])
    assert [f.text for f in m.others] == ["Hà Nội"]
    assert all(not m.others for m in forms.find(["hà", "nội"]))
    assert load_abbreviations().find(["hà", "nội"]) == [] or all(
        "HN" not in {f.text for f in m.others} for m in load_abbreviations().find(["hà", "nội"]))


def test_a_former_name_finds_the_name_and_back_but_not_the_other_former_names():
    # The provincial Department of Industry and Trade was two offices until 2008: its
    # earlier news says "Sở Thương mại" or "Sở Công nghiệp", and an official of today's
    # office wants both; a query for the trade office is no query for the industry one.
    forms = Abbreviations([["Sở Công Thương", "SCT", "<Sở Thương mại", "<Sở Công nghiệp"]])
    (m,) = forms.find(["sở", "công", "thương"])
    assert [f.text for f in m.others] == ["SCT", "Sở Thương mại", "Sở Công nghiệp"]
    (m,) = forms.find(["so", "thuong", "mai"])
    assert [f.text for f in m.others] == ["Sở Công Thương", "SCT"]
    assert forms.with_nested_forms().entries[0][2].former
    # As shipped, the abbreviation too stands for the forerunners.
    (m,) = load_abbreviations().find(["sct"], ["SCT"])
    assert {"Sở Công Thương", "Sở Thương mại", "Sở Công nghiệp"} <= {f.text for f in m.others}


@pytest.mark.parametrize("typed, found", [
    (["EVNHCMC"], "Công ty Điện lực TP HCM"),          # the power company's name before 2010
    (["công", "tơ", "điện"], "điện kế"),                # the meter, as the South says it
    (["điện", "kế"], "công tơ điện"),
    (["online", "shopping"], "mua sắm trực tuyến"),     # typed in English
    (["trade", "war"], "chiến tranh thương mại"),
    (["FDI"], "có vốn đầu tư nước ngoài"),              # the FDI sector, as the statistics write it
    (["CPTPP"], "TPP 11"),                              # the agreement's name before 2018
    (["sxcn"], "sản xuất công nghiệp"), (["SX", "công", "nghiệp"], "sản xuất công nghiệp"),
    (["CN"], "công nghiệp"),                            # typed: industry, as the trade says it
])
def test_the_trade_s_other_names_for_a_thing_are_found(typed, found):
    forms = load_abbreviations()
    assert found in {f.text for m in forms.find([t.lower() for t in typed], typed) for f in m.others}


def test_a_loan_word_is_found_in_each_of_its_spellings(tmp_path):
    # Bauxite is written "bô xít", "bôxít", "bauxit", "bôxit": the project's groundbreaking
    # story writes "bauxit", and `bo xit` found only the two spelled as typed.
    assert _found(tmp_path, [
        {"id": "a", "title": "Động thổ dự án tổ hợp bauxit-nhôm", "text": "Lễ động thổ dự án bauxit Lâm Đồng."},
        {"id": "b", "title": "Quặng bôxit Tây Nguyên", "text": "Khai thác quặng bôxit ở Đắk Nông."},
        {"id": "c", "title": "Dự án bô xít Nhân Cơ", "text": "Nhà máy alumin của dự án bô xít."},
        {"id": "d", "title": "Nhà máy xi măng", "text": "Sản lượng clinker tăng, giá clanhke giảm."},
    ], "bo xit", "bauxit", "clinker") == [{"a", "b", "c"}, {"a", "b", "c"}, {"d"}]


def test_the_former_names_of_an_office_are_found_in_the_articles(tmp_path):
    assert _found(tmp_path, [
        {"id": "a", "title": "Sở Thương mại Hà Nội kiểm tra hàng Tết", "text": "Sở Thương mại Hà Nội ra quân."},
        {"id": "b", "title": "Sở Công nghiệp Hà Nội cấp phép", "text": "Sở Công nghiệp Hà Nội cấp phép xây nhà máy."},
        {"id": "c", "title": "Sở Công Thương Hà Nội tổng kết", "text": "Sở Công Thương Hà Nội tổng kết năm."},
    ], "so cong thuong ha noi", "sct ha noi", "so thuong mai ha noi") == [{"a", "b", "c"}, {"a", "b", "c"}, {"a", "c"}]


def test_a_word_of_another_language_is_read_as_the_vietnamese_it_stands_for(tmp_path):
    # "solar", "industrial park", "export": English words of the trade readers type for the
    # Vietnamese. The articles write them in names ("Kumho Industrial Park Co."): typed in
    # lower case they are read as the Vietnamese words, which the page says; a name typed in
    # capitals, in quotes, or with "Tìm đúng chữ đã gõ" stays as typed. A query for the
    # Vietnamese never looks for the English word.
    forms = Abbreviations([["khu công nghiệp", "KCN", "~industrial park"], ["xuất khẩu", "XK", "~export"]])
    assert forms.foreign_words == {("industrial", "park"): "khu công nghiệp", ("export",): "xuất khẩu"}
    assert all("industrial park" not in {f.text for f in x.others} for x in forms.find(["khu", "công", "nghiệp"]))
    rows = [{"id": f"kcn{i}", "title": f"Khu công nghiệp mới {i}",
             "text": f"Tỉnh mở rộng khu công nghiệp thứ {i}, xuất khẩu gạo tăng."} for i in range(3)]
    rows += [{"id": "kumho", "title": "Kumho Industrial Park Co. trúng thầu",
              "text": "Công ty Kumho Industrial Park Co. trúng thầu xây cầu."}]
    rows += [{"id": "plane", "title": "Máy bay Solar Impulse", "text": "Máy bay Solar Impulse bay vòng quanh thế giới."}]
    rows += [{"id": f"dmt{i}", "title": f"Điện mặt trời {i}", "text": f"Dự án điện mặt trời thứ {i} hòa lưới."}
             for i in range(3)]
    engine = SearchEngine(indexed(rows, tmp_path))
    try:
        # (beside a word the articles write it with, it is their name: "solar impulse")
        got = engine.search("solar impulse")
        assert got.interpreted_as is None and [h.id for h in got.hits] == ["plane"], (got.interpreted_as, got.hits)
        assert engine.search("solar").interpreted_as == "điện mặt trời"
        for typed, read in (("industrial park", "khu công nghiệp"), ("Industrial park", "Khu công nghiệp"),
                            ("export gạo", "xuất khẩu gạo")):
            got = engine.search(typed)
            assert got.interpreted_as == read, (typed, got.interpreted_as)
        assert sorted(h.id for h in engine.search("industrial park").hits) == ["kcn0", "kcn1", "kcn2"]
        for typed in ("Kumho Industrial Park", '"industrial park"'):
            got = engine.search(typed)
            assert got.interpreted_as is None and "kumho" in [h.id for h in got.hits], typed
        assert [h.id for h in engine.search("industrial park", literal=True).hits] == ["kumho"]
        assert "kumho" not in [h.id for h in engine.search("khu công nghiệp").hits]
        # Quoted (straight or curly), left out, or part of a longer name or an address: the
        # English word as typed, never the Vietnamese.
        for typed in ("“industrial park”", "export-import", "gạo site:export.vn"):
            assert engine.search(typed).interpreted_as is None, typed
        got = engine.search("khu công nghiệp -export")
        assert sorted(h.id for h in got.hits) == ["kcn0", "kcn1", "kcn2"], [h.id for h in got.hits]
    finally:
        engine.close()


def test_the_small_words_of_english_between_words_it_translates_are_its_grammar():
    # "exports to china" was read "xuất khẩu tờ china" ("to" a Vietnamese syllable, "china"
    # no word of the sets): the countries readers name in English are forms of their names,
    # and the small words between words of that language are dropped, never read as
    # Vietnamese; beside a Vietnamese word they stay ("price on dinh": giá ổn định).
    from ctsearch.interpret import _translated

    forms = load_abbreviations()
    assert _translated("exports to china", forms) == "xuất khẩu Trung Quốc"
    assert _translated("rice exports to the philippines", forms) == "gạo xuất khẩu philippines"
    assert _translated("coffee exports germany", forms) == "cà phê xuất khẩu Đức"
    assert _translated("price on dinh", forms) == "giá on dinh"
    assert _translated("xuat khau to", forms) == "xuat khau to"
    assert _translated('exports "to" china', forms) == 'xuất khẩu "to" Trung Quốc'
    # A query all in English writes its countries with capitals; its small words too maybe.
    assert _translated("rice exports to China", forms) == "gạo xuất khẩu Trung Quốc"
    assert _translated("exports To china", forms) == "xuất khẩu Trung Quốc"
    assert _translated("Bank of China", forms) == "Bank of China"          # (a name)
    # The longer name first: North Korea is no "north Hàn Quốc", Latin America no "latin Mỹ".
    assert _translated("north korea", forms) == "Triều Tiên"
    assert _translated("latin america", forms) == "Mỹ Latinh"
    # the trade's own terms in English
    assert _translated("trade deficit china", forms) == "nhập siêu Trung Quốc"
    assert _translated("steel safeguard", forms) == "thép biện pháp tự vệ"
    # its words joined by a dash, as written ("e-wallet" found nothing)
    assert _translated("e-wallet", forms) == "ví điện tử"
    assert _translated("thanh toan e-wallet", forms) == "thanh toan ví điện tử"
    assert _translated("import-export", forms) == "import-export"


@pytest.mark.parametrize("typed, meant", [(["vnclc"], "hàng Việt Nam chất lượng cao"), (["acfta"], "Khu vực Mậu dịch tự do ASEAN - Trung Quốc"),
                                           (["vlncn"], "vật liệu nổ công nghiệp"), (["afta"], "Khu vực Mậu dịch tự do ASEAN")])
def test_the_trade_s_programmes_and_agreements_are_found_by_their_codes(typed, meant):
    (m,) = load_abbreviations().find(typed)
    assert meant in {f.text for f in m.others}


def test_a_province_spelled_another_way_finds_its_name_and_back():
    # The gazetteer's spellings of one name ("Bắc Cạn", "Đắc Lắc", "Kontum") are forms of
    # it; another name or a short form it lists ("Huế", "TP.HCM") is not, nor "Hanoi".
    forms = load_abbreviations()
    for typed, other in ((["bắc", "cạn"], "Bắc Kạn"), (["bắc", "kạn"], "Bắc Cạn"), (["đắc", "lắc"], "Đắk Lắk"),
                         (["kontum"], "Kon Tum"), (["kon", "tum"], "Kontum"), (["đắc", "nông"], "Đắk Nông")):
        (m,) = forms.find(typed)
        assert other in {f.text for f in m.others}, typed
    assert all("Huế" not in {f.text for f in m.others} for m in forms.find(["thừa", "thiên", "huế"]))
    assert all("Hanoi" not in {f.text for f in m.others} for m in forms.find(["hà", "nội"]))


def test_a_province_spelled_another_way_is_found_in_the_articles(tmp_path):
    rows = [{"id": "k", "title": "Bắc Kạn", "text": "Tỉnh Bắc Kạn phát triển làng nghề."},
            {"id": "c", "title": "Bắc Cạn", "text": "Tỉnh Bắc Cạn có thêm sản phẩm OCOP."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    for typed in ("Bắc Kạn", "Bắc Cạn", "bac kan", "bac can"):
        assert sorted(h.id for h in engine.search(typed).hits) == ["c", "k"], typed
    engine.close()


def test_a_name_spelled_with_a_syllable_no_word_has_is_read_with_its_marks(tmp_path):
    # "dak nong": "dak" is no Vietnamese syllable, so it stays as typed; "nong" read beside
    # it alone would be the commoner "nóng" and find nothing of the province.
    rows = [{"id": "dn", "title": "Đắk Nông phát triển bô xít", "text": "Tỉnh Đắk Nông có dự án alumin."},
            {"id": "dn2", "title": "Đăk Nông trồng cà phê", "text": "Nông dân Đăk Nông thu hoạch cà phê."},
            {"id": "dl", "title": "Đak Lak mùa cà phê", "text": "Cà phê Đak Lak được giá."}] + [
        {"id": f"hot{k}", "title": "Nắng nóng kéo dài", "text": "Trời nóng, nắng nóng gay gắt, nước nóng."}
        for k in range(4)]
    engine = SearchEngine(indexed(rows, tmp_path))
    for typed in ("dak nong", "Dak Nong", "tinh dak nong"):
        r = engine.search(typed)
        assert sorted(h.id for h in r.hits) == ["dn", "dn2"], (typed, r.interpreted_as)
        assert "ắk nông" in (r.interpreted_as or "").lower(), typed
    assert [h.id for h in engine.search("dak lak ca phe").hits if not h.missing] == ["dl"]
    engine.close()


def _each_finds(tmp_path, rows: list[dict], typed: tuple[str, ...], found: list[str]) -> SearchEngine:
    """An engine over ``rows`` where each of the ``typed`` forms finds the articles ``found``."""
    engine = SearchEngine(indexed(rows, tmp_path))
    for form in typed:
        assert sorted(h.id for h in engine.search(form).hits) == found, form
    return engine


def test_goods_the_north_and_the_south_name_differently_find_each_other(tmp_path):
    # "thịt heo" (the South) and "thịt lợn" (the North) are the same pork: a query with
    # either, with or without diacritics, finds both, and says what else it looked for;
    # "lớn" (big), an edit of the letters away, is not pork.
    rows = [{"id": "n", "title": "Xuất khẩu thịt lợn", "text": "Thịt lợn xuất khẩu sang Hàn Quốc tăng."},
            {"id": "s", "title": "Giá thịt heo", "text": "Giá thịt heo tại chợ đầu mối giảm."},
            {"id": "car", "title": "Ô tô nhập khẩu", "text": "Xe hơi nhập khẩu tăng mạnh."},
            {"id": "car2", "title": "Xe hơi điện", "text": "Xe hơi điện bán chạy."},
            {"id": "big", "title": "Cháy lớn", "text": "Một đám cháy lớn ở xưởng gỗ."},
            # "đậu tương" (the North, the customs' word) and "đậu nành" (the South): one crop;
            # "máy lạnh" and "máy điều hòa": one appliance
            {"id": "soy", "title": "Nhập khẩu đậu tương", "text": "Nhập khẩu đậu tương tăng mạnh."},
            {"id": "soy2", "title": "Giá đậu nành", "text": "Giá đậu nành tại Mỹ giảm."},
            {"id": "ac", "title": "Thị trường máy lạnh", "text": "Máy lạnh bán chạy mùa hè."},
            {"id": "ac2", "title": "Máy điều hòa giảm giá", "text": "Siêu thị giảm giá máy điều hòa."}]
    engine = _each_finds(tmp_path, rows, ("thịt heo", "thịt lợn", "thit heo", "heo"), ["n", "s"])
    for typed in ("đậu tương", "đậu nành", "dau nanh", "dau tuong"):
        assert sorted(h.id for h in engine.search(typed).hits) == ["soy", "soy2"], typed
    for typed in ("may lanh", "máy điều hoà"):
        assert sorted(h.id for h in engine.search(typed).hits) == ["ac", "ac2"], typed
    assert "lợn" in engine.search("heo").also_searched
    assert sorted(h.id for h in engine.search("xe hơi").hits) == ["car", "car2"]
    for typed in ("ô tô", "ôtô", "oto"):     # "ôtô" (one word) found "ô tô" but not "xe hơi"
        assert sorted(h.id for h in engine.search(typed).hits) == ["car", "car2"], typed
    assert "big" not in {h.id for h in engine.search("lợn").hits}
    engine.close()


def test_the_trade_war_is_found_by_its_short_name_typed_with_or_without_marks(tmp_path):
    # "thương chiến" is the press's short name for "chiến tranh thương mại"; typed with its
    # marks it is no "thường chiến", and without them it reads as the trade's term.
    rows = [{"id": "war", "title": "Chiến tranh thương mại Mỹ - Trung", "text": "Chiến tranh thương mại leo thang."},
            {"id": "fight", "title": "Cuộc chiến thương mại", "text": "Cuộc chiến thương mại giữa hai nước."},
            {"id": "comp", "title": "Bồi thường chiến tranh", "text": "Khoản bồi thường chiến tranh được bàn lại."},
            {"id": "other", "title": "Thương mại điện tử", "text": "Thương mại điện tử tăng trưởng."}]
    _each_finds(tmp_path, rows, ("thương chiến", "thuong chien", "chiến tranh thương mại", "cuoc chien thuong mai"),
                ["fight", "war"]).close()


def test_a_word_the_north_and_the_south_spell_with_other_tones_finds_both(tmp_path):
    # "khuyến mại" (the North) and "khuyến mãi" (the South): one promotion.
    rows = [{"id": "n", "title": "Khuyến mại Tết", "text": "Siêu thị khuyến mại dịp Tết."},
            {"id": "s", "title": "Khuyến mãi cuối năm", "text": "Chương trình khuyến mãi dịp Tết."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    for typed in ("khuyến mại", "khuyến mãi", "khuyen mai tet"):
        assert sorted(h.id for h in engine.search(typed).hits) == ["n", "s"], typed
    engine.close()


def test_a_chain_written_with_and_without_its_full_stop_is_one_name(tmp_path):
    # "Coopmart" typed in a search box finds "Co.opmart" and back.
    rows = [{"id": "dot", "title": "Khai trương Co.opmart", "text": "Siêu thị Co.opmart mở cửa tại Mỹ Tho."},
            {"id": "plain", "title": "Coopmart giảm giá", "text": "Hệ thống Coopmart giảm giá hàng Tết."},
            {"id": "other", "title": "Chợ Tết", "text": "Chợ Tết đông khách."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    for typed in ("coopmart", "Co.opmart", "co.opmart"):
        assert sorted(h.id for h in engine.search(typed).hits) == ["dot", "plain"], typed
    engine.close()


def test_the_trade_s_english_terms_find_the_vietnamese_ones_and_are_never_corrected(tmp_path):
    # "ecommerce", "anti-dumping", "M&A", "SME": what an analyst reading English sources types.
    # A form of another language no article writes must not be "corrected" to one some
    # article does ("ecommerce" to "commerce").
    rows = [{"id": "tmdt", "title": "Sàn thương mại điện tử mới", "text": "Thương mại điện tử tăng trưởng nhanh."},
            {"id": "dump", "title": "Khởi kiện chống bán phá giá", "text": "Vụ kiện chống bán phá giá cá tra."},
            {"id": "sme", "title": "Hỗ trợ doanh nghiệp vừa và nhỏ", "text": "Vốn cho doanh nghiệp vừa và nhỏ."},
            {"id": "ma", "title": "Thương vụ mua bán sáp nhập", "text": "Hoạt động mua bán và sáp nhập sôi động."},
            {"id": "ghost", "title": "Chuyện ma", "text": "Ngôi nhà có ma, người ta đồn."},
            {"id": "commerce", "title": "Commerce Department", "text": "The US Commerce Department said."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    for typed, expected in (("ecommerce", ["tmdt"]), ("e-commerce", ["tmdt"]), ("anti-dumping", ["dump"]),
                            ("antidumping", ["dump"]), ("SME", ["sme"]), ("smes", ["sme"]), ("M&A", ["ma"]),
                            ("m&a", ["ma"]), ("ma", ["ghost"]),
                            ("doanh nghiep nho va vua", ["sme"])):
        r = engine.search(typed)
        assert [h.id for h in r.hits] == expected, (typed, [h.id for h in r.hits], r.interpreted_as, r.suggestion)
    assert engine.search("ecommerce").interpreted_as is None
    engine.close()


def test_a_curated_form_added_after_indexing_that_spells_a_word_counts_only_in_capitals():
    # The index decides which short forms spell a word (counted when it was built); one added
    # to the list since ("M&A": "ma", a ghost) is strict by its letters, not loose for want of
    # a count. One the index's counts covered keeps their verdict.
    from ctsearch.abbrev import abbreviations_from
    stale = abbreviations_from({"entries": [["khu công nghiệp", "KCN"]], "case_sensitive": []})
    assert stale.find(["ma"], ["ma"]) == [] and stale.find(["m", "a"], ["M", "A"])
    assert stale.find(["iip"], ["iip"])                      # no Vietnamese syllable: any case
    counted = abbreviations_from({"entries": [["khu công nghiệp", "KCN"]], "case_sensitive": [],
                                  "curated": ["ma"]})
    assert counted.find(["ma"], ["ma"])


def test_a_short_form_whose_letters_are_a_word_is_never_added_to_its_long_form(tmp_path):
    # The index keeps no case: "DA" added to `dự án` found every "da" (skin, leather), and a
    # skincare story came first for the trade's commonest word; "BA" every "ba". Typed, such
    # a form still finds its long form; one that is no word ("EU", "KCN") is added as before.
    forms = Abbreviations([["dự án", "DA"], ["Liên minh châu Âu", "EU"], ["khu công nghiệp", "KCN"]])
    (m,) = forms.find(["dự", "án"])
    assert [f.text for f in m.others] == []
    (m,) = forms.find(["da"], ["DA"])
    assert [f.text for f in m.others] == ["dự án"]
    assert [f.text for m in forms.find(["liên", "minh", "châu", "âu"]) for f in m.others] == ["EU"]
    assert [f.text for m in forms.find(["khu", "công", "nghiệp"]) for f in m.others] == ["KCN"]
    rows = [{"id": f"p{i}", "title": "Dự án điện gió", "text": f"Dự án (DA) điện gió số {i} khởi công."}
            for i in range(3)]
    rows += [{"id": "skin", "title": "Chăm sóc da", "text": "Da khô cần được dưỡng ẩm mỗi ngày."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    assert sorted(h.id for h in engine.search("dự án").hits) == ["p0", "p1", "p2"]
    engine.close()


def test_selling_online_is_found_however_it_is_said():
    # "bán hàng online", "bán hàng trực tuyến" and "bán hàng qua mạng" are one thing; a
    # business registered online ("đăng ký kinh doanh qua mạng") is not selling online.
    forms = load_abbreviations()
    for typed in (["bán", "hàng", "online"], ["ban", "hang", "qua", "mang"], ["mua", "sắm", "trực", "tuyến"]):
        (m,) = forms.find(typed)
        assert len(m.others) == 2, typed
    assert forms.find(["kinh", "doanh", "qua", "mạng"]) == []
    assert {f.text for m in forms.find(["điện", "mặt", "trời"]) for f in m.others} >= {"ĐMT", "điện năng lượng mặt trời"}


def test_a_shorthand_typed_in_a_search_box_finds_the_words_never_the_other_way():
    # "so ct": how a search box is typed; articles do not write it so. ("sp" is not one:
    # articles write SP for sư phạm, and S&P.)
    forms = load_abbreviations()
    (m,) = forms.find(["so", "ct"])
    assert "Sở Công Thương" in {f.text for f in m.others}
    assert all("Sở CT" not in {f.text for f in m.others} for m in forms.find(["sở", "công", "thương"]))
    assert forms.find(["sp"]) == [] or all("sản phẩm" not in {f.text for f in m.others} for m in forms.find(["sp"]))


def test_cn_typed_is_industry_but_industry_does_not_find_every_cn(tmp_path):
    # The articles write "CN" for workers (công nhân) too: a query for "công nghiệp" does
    # not look for it, and one for workers still finds it.
    rows = [{"id": "ht", "title": "Công nghiệp hỗ trợ", "text": "Phát triển công nghiệp hỗ trợ ở Bắc Ninh."},
            {"id": "cn", "title": "Hơn 300 CN bị ngộ độc", "text": "Hơn 300 công nhân (CN) bị ngộ độc thức ăn."}]
    engine = SearchEngine(indexed(rows, tmp_path))
    first = engine.search("cn hỗ trợ").hits[0]
    assert first.id == "ht" and not first.missing
    assert "cn" not in {h.id for h in engine.search("công nghiệp").hits}
    assert "cn" in {h.id for h in engine.search("công nhân").hits}
    engine.close()


def test_an_abbreviation_spelled_out_letter_by_letter_is_found():
    # "t.m.đ.t" (four letters with full stops) is TMĐT as "tmđt" is; before, only up to three.
    forms = load_abbreviations()
    for letters in (["t", "m", "đ", "t"], ["t", "m", "d", "t"], ["k", "c", "n"]):
        (m,) = forms.find(letters)
        assert (m.start, m.end) == (0, len(letters)) and m.short, letters
    (m,) = forms.find(["t", "m", "đ", "t"])
    assert "thương mại điện tử" in {f.text for f in m.others}


def _forms(abbreviations: Abbreviations, text: str) -> set[str]:
    entry = next(e for e in abbreviations.entries if any(f.text == text for f in e))
    return {f.text for f in entry}


def test_a_long_form_is_also_written_with_the_forms_inside_it():
    nested = Abbreviations([["việt nam", "VN"], ["hàng vn chất lượng cao", "HVNCLC"],
                            ["Tập đoàn Điện lực Việt Nam", "EVN"], ["kiến trúc sư", "KTS"],
                            ["Cục Thương mại điện tử và Kinh tế số", "Cục TMĐT và KTS"],
                            ["thương mại điện tử", "TMĐT"], ["nhập khẩu", "NK"],
                            ["xuất nhập khẩu", "XNK"], ["dự án", "DA"], ["da giày xuất khẩu", "DGXK"]]
                           ).with_nested_forms()
    # A short form inside, spelled out; a long form inside, written short.
    assert "hàng việt nam chất lượng cao" in _forms(nested, "HVNCLC")
    assert "Tập đoàn Điện lực VN" in _forms(nested, "EVN")
    # Where the set spells itself out, its short forms mean what it says (KTS: kinh tế số).
    assert _forms(nested, "Cục TMĐT và KTS") == {
        "Cục Thương mại điện tử và Kinh tế số", "Cục TMĐT và KTS", "Cục TMĐT và Kinh tế số"}
    # Not inside a word of three syllables; never a short form that is a word ("da").
    assert _forms(nested, "XNK") == {"xuất nhập khẩu", "XNK"}
    assert _forms(nested, "DGXK") == {"da giày xuất khẩu", "DGXK"}
    # The added forms are found like the others.
    found = nested.find(["hàng", "việt", "nam", "chất", "lượng", "cao"])
    assert [m.typed.text for m in found] == ["hàng việt nam chất lượng cao"]
    assert {f.text for f in found[0].others} == {"hàng vn chất lượng cao", "HVNCLC"}


def test_a_query_for_an_abbreviation_finds_its_name_written_either_way(tmp_path):
    ix = indexed([
        {"id": "a", "title": "Hội chợ hàng Việt Nam chất lượng cao khai mạc", "text": "Hội chợ mở cửa."},
        {"id": "b", "title": "Doanh nghiệp đạt danh hiệu", "text": "Danh hiệu hàng VN chất lượng cao (HVNCLC) năm nay."},
        {"id": "c", "title": "Bình chọn HVNCLC", "text": "Người tiêu dùng bình chọn hàng VN chất lượng cao (HVNCLC)."},
    ], tmp_path)
    engine = SearchEngine(ix)
    assert {h.id for h in engine.search("hvnclc").hits} == {"a", "b", "c"}
    assert {h.id for h in engine.search("hang viet nam chat luong cao").hits} == {"a", "b", "c"}


def test_a_literal_search_and_a_web_address_look_for_no_other_form(tmp_path):
    """A literal search is the words exactly as typed: no abbreviation spelled out, no
    synonym. A web address is one name: its "vn" is no "Việt Nam", typed with "www." or
    not, quoted or excluded."""
    engine = SearchEngine(indexed([
        {"id": "short", "title": "Sàn TMĐT tăng trưởng", "text": "Doanh số trên sàn TMĐT tăng."},
        {"id": "long", "title": "Thương mại điện tử bùng nổ", "text": "Thương mại điện tử giúp nông dân."},
        {"id": "site", "title": "Cổng thông tin", "text": "Xem chi tiết tại www.moit.gov.vn của Bộ."},
        {"id": "vn", "title": "Việt Nam xuất khẩu gạo", "text": "Việt Nam xuất khẩu gạo sang châu Phi."},
    ], tmp_path))
    assert {h.id for h in engine.search("TMĐT").hits} == {"short", "long"}
    literal = engine.search("TMĐT", literal=True)
    assert [h.id for h in literal.hits] == ["short"] and literal.also_searched == []
    for q in ("moit.gov.vn", "www.moit.gov.vn", '"moit.gov.vn"'):
        result = engine.search(q)
        assert [h.id for h in result.hits] == ["site"] and result.also_searched == [], q
    assert {h.id for h in engine.search("xuất khẩu -moit.gov.vn").hits} == {"vn"}


def test_a_web_address_finds_its_site_first_then_the_site_s_name(tmp_path):
    """Typed in any case, with "www." or a slash after it or not, an address finds the
    articles giving it and those naming the site, nothing else."""
    engine = SearchEngine(indexed([
        {"id": "addr", "title": "Liên hệ", "text": "Xem thêm tại vinamilk.com.vn nhé."},
        {"id": "name", "title": "Vinamilk tăng giá", "text": "Vinamilk tăng giá sữa."},
        {"id": "other", "title": "Sữa tươi", "text": "Giá sữa tăng."},
    ], tmp_path))
    for q in ("vinamilk.com.vn", "VINAMILK.COM.VN", "www.vinamilk.com.vn", "vinamilk.com.vn/"):
        assert {h.id for h in engine.search(q).hits} == {"addr", "name"}, q


def test_letters_spelled_out_are_not_a_word_and_a_letter():
    # `nuoc mam nam o da nang`: Nam Ô's fish sauce in Đà Nẵng, whose "o da" was taken for
    # ODA spelled out (then "da nang" read "da nặng"). Parts of several letters that are a
    # word ("da") spell no short form unless typed in capitals; "tm dt" still does.
    forms = Abbreviations([["hỗ trợ phát triển chính thức", "ODA"], ["thương mại điện tử", "TMĐT"]])
    assert forms.find(["o", "da"], ["o", "da"]) == []
    assert [f.text for m in forms.find(["o", "da"], ["O", "DA"]) for f in m.others] == ["hỗ trợ phát triển chính thức", "ODA"]
    assert [f.text for m in forms.find(["o", "d", "a"], ["o", "d", "a"]) for f in m.others][:1] == ["hỗ trợ phát triển chính thức"]
    assert [f.text for m in forms.find(["tm", "dt"], ["tm", "dt"]) for f in m.others][:1] == ["thương mại điện tử"]


def test_a_mined_short_form_of_two_letters_means_its_name_only_when_typed():
    # "thanh hà" listed the TH milk stories after a few articles wrote "Thanh Hà (TH)".
    from ctsearch.abbrev import abbreviations_from
    forms = abbreviations_from({"entries": [["thanh hà", "TH"], ["hiệp hội thép", "HHTP"]]})
    [m] = forms.find(["thanh", "hà"])
    assert [f.text for f in m.others] == []
    [m] = forms.find(["TH"], ["TH"])
    assert [f.text for f in m.others] == ["thanh hà"]
    [m] = forms.find(["hiệp", "hội", "thép"])
    assert [f.text for f in m.others] == ["HHTP"]
