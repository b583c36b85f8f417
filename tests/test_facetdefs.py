"""Facets are declared once (ctsearch.facetdefs) and every layer follows the declarations.

Two kinds of checks: the code outside the declaration module names no list of facets (so a
facet added there cannot be forgotten somewhere), and a facet declared by a test reaches the
CLI, the query function, the JSON API, its OpenAPI description and the search page with
real counts, without any other change.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from ctsearch import facetdefs
from ctsearch.cli import main
from ctsearch.facetdefs import UNKNOWN_LABEL, Derived, FacetDef, NoMatch, facet, facets
from ctsearch.query import QueryError, SearchEngine
from ctsearch.textnorm import folded_key

REPO = Path(__file__).resolve().parent.parent
DECLARATIONS = REPO / "search" / "facetdefs.py"


# -- the declaration is the single source --------------------------------------------------------
def _python_files() -> list[Path]:
    return sorted(p for folder in ("search", "web") for p in (REPO / folder).rglob("*.py"))


def facet_lists_outside_declarations(files: list[Path], names: set[str], declarations: Path) -> list[str]:
    """Places that spell out facets by name: a tuple, list or set of three or more facet
    names, a dict mapping three or more facet names to strings (titles, fields) or to empty
    lists, a function taking three or more facets as parameters, or a CLI option added for
    one facet."""
    found = []
    options = {f"--{n.replace('_', '-')}" for n in names}
    for path in files:
        if path == declarations:
            continue
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(path.parents[1])}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                named = [e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in names]
                if len(named) >= 3:
                    found.append(f"{where} lists facets {named}")
            elif isinstance(node, ast.Dict):
                keyed = [(k.value, v) for k, v in zip(node.keys, node.values)
                         if isinstance(k, ast.Constant) and k.value in names]
                # Titles or fields ({"province": "Tỉnh/thành", …}) and empty filters
                # ({"province": [], …}); not a recorded answer ({"province": ["Bến Tre"], …}).
                declared = all(isinstance(v, ast.Constant) and isinstance(v.value, str)
                               or isinstance(v, (ast.BinOp, ast.JoinedStr))     # built strings
                               or isinstance(v, ast.List) and not v.elts for _k, v in keyed)
                if len(keyed) >= 3 and declared:
                    found.append(f"{where} maps facets {[k for k, _v in keyed]} to strings")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                named = [a.arg for a in arguments if a.arg in names]
                if len(named) >= 3:
                    found.append(f"{where} takes facets {named} as parameters")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "add_argument" and node.args
                  and isinstance(node.args[0], ast.Constant) and node.args[0].value in options):
                found.append(f"{where} adds the option {node.args[0].value}")
    return found


def facet_tests_in_templates(folder: Path) -> list[str]:
    """Template lines that single out a facet by name (``facet.name == 'province'``)."""
    return [f"{p.name}:{i}: {line.strip()}" for p in sorted(folder.glob("*.html"))
            for i, line in enumerate(p.read_text("utf-8").splitlines(), 1)
            if re.search(r"facet\.name\s*(==|!=)", line)]


def test_no_module_outside_the_declarations_lists_the_facets():
    names = {f.name for f in facets()}
    assert facet_lists_outside_declarations(_python_files(), names, DECLARATIONS) == []
    assert facet_tests_in_templates(REPO / "web" / "templates") == []


def test_the_checks_find_a_hard_coded_facet_list(tmp_path):
    """The checks above catch what the code held before the declarations existed."""
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "old.py"
    module.write_text(
        'FACETS = ("province", "current_province", "year", "topic", "source")\n'
        'TITLES = {"province": "Tỉnh/thành", "year": "Năm", "topic": "Chủ đề"}\n'
        'def build(p):\n    p.add_argument("--current-province", action="append")\n'
        'def normalize(province=None, year=None, topic=None):\n'
        '    return {"province": [], "year": [], "topic": []}\n', "utf-8")
    (tmp_path / "search.html").write_text("{% if facet.name == 'province' %}x{% endif %}\n", "utf-8")
    names = {f.name for f in facets()}
    found = facet_lists_outside_declarations([module], names, DECLARATIONS)
    assert sorted(f.split(" ", 1)[1].split(" ")[0] for f in found) == ["adds", "lists", "maps", "maps", "takes"]
    assert facet_tests_in_templates(tmp_path) == ["search.html:1: {% if facet.name == 'province' %}x{% endif %}"]


def test_every_facet_has_its_option_parameter_and_place():
    defs = facets()
    assert len({f.name for f in defs}) == len(defs)
    assert list(facetdefs.NAMES) == [f.name for f in defs]
    assert sorted(f.sidebar for f in defs) == [f.sidebar for f in facetdefs.sidebar_order()]
    for f in defs:
        assert f.label and f.cli_help and f.api_doc and f.api_param, f.name
        assert f.option == f.name.replace("_", "-")
        if isinstance(f.storage, Derived):
            assert facet(f.storage.base).storage.column, f"{f.name} derives from a stored facet"


# -- lenient matching is declared with each facet ------------------------------------------------
@pytest.mark.parametrize("name, typed, canonical", [
    ("province", ["ben tre", "Bến Tre", "khong ro"], ["Bến Tre", UNKNOWN_LABEL]),
    ("province", ["tp hcm"], ["Hồ Chí Minh"]),
    ("current_province", ["ha giang", "tuyen quang"], ["Tuyên Quang"]),     # the former name, the new
    ("current_province", ["Thừa Thiên - Huế"], ["Huế"]),
    ("topic", ["Điện", "electricity", "thuong mai dien tu"], ["electricity", "e-commerce"]),
    # Initials of a long label, three of its words in a row, the slug with a space.
    ("topic", ["tmdt", "TMĐT", "cong nghiep nong thon", "rural industry", "SPCNNT", "cnnt"], ["e-commerce", "rural-industry"]),
    # The trade's words for a topic (data/topic_names.json)
    ("topic", ["lang nghe", "Làng nghề", "OCOP", "khuyen cong", "tieu thu cong nghiep"], ["rural-industry"]),
    ("topic", ["ban hang online", "ecommerce", "mua sắm trực tuyến"], ["e-commerce"]),
    ("topic", ["điện lực", "nganh dien"], ["electricity"]),
    # "Mekong" is the Mekong Delta, as the foreign press and its visitors say
    ("province", ["mekong"], ["Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang",
                              "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau"]),
    ("mentions", ["bac ninh", "Quế Võ", "Bắc Ninh\u200b"], ["Bắc Ninh"]),
])
def test_typed_values_become_canonical(name, typed, canonical):
    assert facet(name).canonical(typed) == canonical


def test_values_that_need_the_index_are_matched_against_it():
    years = lambda: [2020, 2021, 2023]   # noqa: E731 - what the backend would answer
    assert facet("year").canonical(["2021", "unknown"], years) == ["2021", UNKNOWN_LABEL]
    # A calendar year no article has yet is a filter that finds nothing; an implausible one
    # names the nearest years there are.
    assert facet("year").canonical(["2022"], years) == ["2022"]
    with pytest.raises(NoMatch) as exc:
        facet("year").canonical(["20222"], years)
    assert exc.value.choices == ["2023", "2021", "2020"] and exc.value.value == "20222"
    assert "không thể là năm" in exc.value.message
    with pytest.raises(NoMatch) as exc:
        facet("year").canonical(["abc"], years)
    # (the newest years there are, newest first, as the nearest ones are listed nearest first)
    assert "không phải một năm" in exc.value.message and exc.value.choices == ["2023", "2021", "2020"]
    assert facet("source").canonical(["VnExpress.NET"], lambda: ["vnexpress.net"]) == ["vnexpress.net"]
    # A year as people write one: "năm 2021", or its last two digits where articles have it
    assert facet("year").canonical(["năm 2021", "nam 2020", "Năm: 2023"], years) == ["2021", "2020", "2023"]
    assert facet("year").canonical(["21"], years) == ["2021"]
    with pytest.raises(NoMatch) as exc:
        facet("year").canonical(["22"], years)      # no article of 2022: the years nearest it
    assert exc.value.choices == ["2021", "2023", "2020"]


@pytest.mark.parametrize("typed, years", [
    # Every year of it, whether or not articles have it yet (a feed asking for 2020-2023
    # keeps asking for 2022 once articles have it).
    ("2020-2023", ["2020", "2021", "2022", "2023"]),
    ("2020 – 2021", ["2020", "2021"]),
    ("từ năm 2021 đến 2023", ["2021", "2022", "2023"]),
    ("tu nam 2020 den nam 2021", ["2020", "2021"]),
    ("Năm: 2020-2021", ["2020", "2021"]),
    ("2023-2020", ["2020", "2021", "2022", "2023"]),           # either way round
    ("2019..2020", ["2019", "2020"]),
    ("2020‐2021", ["2020", "2021"]), ("2020−2021", ["2020", "2021"]),   # a hyphen, a minus
    ("2019-21", ["2019", "2020", "2021"]), ("19-21", ["2019", "2020", "2021"]),   # short ends
    ("2020 - 2021, 2005", ["2020", "2021", "2005"]),          # a span in a list
    ("2019...2020", ["2019", "2020"]), ("2019~2020", ["2019", "2020"]),
])
def test_a_span_of_years_is_each_year_in_it(typed, years):
    assert facet("year").canonical([typed], lambda: [2020, 2021, 2023]) == years


@pytest.mark.parametrize("typed, says", [
    ("1800-2021", "không thể là những năm của bài nào"),
    ("1990-2021", "dài quá 30 năm"),                 # a period: the dates filter it
    ("2021-05", "không phải một năm"),               # a month, not 2005-2021
    ("05-2019", "không phải một năm"), ("2010-12", "không phải một năm"),   # months too
    ("95-99", "không phải một năm"),                 # the 1990s', or this century's to come?
])
def test_a_span_of_years_outside_any_article_s_or_too_long_is_refused(typed, says):
    with pytest.raises(NoMatch) as exc:
        facet("year").canonical([typed], lambda: [2020, 2021])
    assert says in exc.value.message and exc.value.value == typed


@pytest.mark.parametrize("typed", ["từ 2019", "tu nam 2019", "2019-", "2019 đến nay", "tu 2019 den nay"])
def test_a_span_with_no_end_runs_to_this_year(typed):
    import datetime
    years = facet("year").canonical([typed], lambda: [2020])
    assert years == [str(y) for y in range(2019, datetime.date.today().year + 1)]
    # From a year to come: that year alone (finding nothing yet), never turned round.
    assert facet("year").canonical(["từ 2090"], lambda: [2020]) == ["2090"]


def test_a_list_of_years_is_no_span():
    # "2020, 2023" and "2020/2023" are the two years.
    assert facet("year").canonical(["2020, 2023"], lambda: [2020, 2021, 2023]) == ["2020", "2023"]
    assert facet("year").canonical(["2020/2023"], lambda: [2020, 2021, 2023]) == ["2020", "2023"]


def test_the_trade_s_words_for_a_topic_need_no_rebuild():
    # Read by searching only: editing them leaves the extraction rules' version as it is.
    from ctsearch import rulesversion

    assert "topic_names.json" in rulesversion._NOT_RULES


def test_two_words_of_a_label_are_no_topic():
    for typed in ("dien tu", "thuong mai", "nong thon"):
        with pytest.raises(NoMatch):
            facet("topic").canonical([typed])


def test_topics_have_no_unknown_value():
    with pytest.raises(NoMatch) as exc:
        facet("topic").canonical(["không rõ"])
    assert exc.value.choices == ["electricity", "e-commerce", "rural-industry"]


def test_values_are_shown_as_declared():
    assert facet("province").value_label("Hà Giang") == "Hà Giang (nay thuộc Tuyên Quang)"
    # A chosen value reads as the list showed it.
    assert facet("province").chip_label("Hà Giang") == "Hà Giang (nay thuộc Tuyên Quang)"
    assert facet("province").chip_label(UNKNOWN_LABEL) == UNKNOWN_LABEL
    assert facet("topic").value_label("electricity") == facet("topic").chip_label("electricity") == "Điện"


def test_a_facet_that_says_why_values_are_unknown_names_them_too():
    # The hint of articles without a value reads "… không rõ năm": the chart note names them.
    import dataclasses
    with pytest.raises(ValueError, match="chart_unknown_note"):
        facetdefs.register(dataclasses.replace(facet("year"), name="year2", chart_unknown_note=None))
    assert "year2" not in facetdefs.NAMES


# -- a facet declared here reaches every layer ---------------------------------------------------
REGIONS = {"Sơn La": "Bắc Bộ", "Điện Biên": "Bắc Bộ", "Hà Nội": "Bắc Bộ", "Lào Cai": "Bắc Bộ",
           "Quảng Ninh": "Bắc Bộ", "Đà Nẵng": "Trung Bộ", "Nghệ An": "Trung Bộ",
           "Bến Tre": "Nam Bộ", "Cần Thơ": "Nam Bộ"}


def _match_region(raw: str, _known) -> str:
    for region in ("Bắc Bộ", "Trung Bộ", "Nam Bộ"):
        if folded_key(raw) == folded_key(region):
            return region
    raise NoMatch(f"không có vùng “{raw}”", ["Bắc Bộ", "Trung Bộ", "Nam Bộ"])


@pytest.fixture
def region_facet():
    """A region facet derived from the province (nothing more stored), declared for one test."""
    definition = facetdefs.register(FacetDef(
        name="region", label="Vùng",
        storage=Derived("province", convert=lambda p: REGIONS.get(p or ""),
                        values=lambda: ["Bắc Bộ", "Trung Bộ", "Nam Bộ"], field="region_f"),
        match=_match_region, cli_metavar="V", cli_help="vùng: Bắc Bộ, Trung Bộ hoặc Nam Bộ",
        sidebar=25, api_doc="Regions of the articles' provinces.", api_param="A region, e.g. nam bo.",
        api_example="nam bo"))
    yield definition
    facetdefs.unregister("region")
    assert "region" not in facetdefs.NAMES


def test_a_declared_facet_gets_its_cli_option_and_counts(region_facet, corpus_index, capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    assert "--region V" in capsys.readouterr().out
    assert main(["query", "", "--region", "nam bo", "--region", "Trung Bộ", "--json",
                 "--index-dir", str(corpus_index)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["total"] == 12 and got["filters"]["region"] == ["Nam Bộ", "Trung Bộ"]
    assert {v["value"]: v["count"] for v in got["facets"]["region"]} == {
        "Bắc Bộ": 15, "Trung Bộ": 6, "Nam Bộ": 6, UNKNOWN_LABEL: 3}
    assert main(["stats", "--index-dir", str(corpus_index)]) == 0
    assert "\nVùng:\n  Bắc Bộ" in capsys.readouterr().out
    assert main(["query", "", "--region", "tay nguyen", "--index-dir", str(corpus_index)]) == 2
    assert "lỗi tham số --region: không có vùng “tay nguyen”" in capsys.readouterr().err


def test_a_declared_facet_is_filtered_and_counted_by_the_engine(region_facet, corpus_index):
    engine = SearchEngine(corpus_index)
    try:
        result = engine.search("", region="bac bo", year="2021", limit=30)
        assert result.total == 5 and result.filters["region"] == ["Bắc Bộ"]
        counts = {v.value: v.count for v in result.facets["region"]}
        assert counts == {"Bắc Bộ": 5, "Trung Bộ": 2, "Nam Bộ": 2, UNKNOWN_LABEL: 1}   # year only
        with pytest.raises(QueryError) as exc:
            engine.search("", region="tay nguyen")
        assert exc.value.param == "region" and exc.value.choices == ["Bắc Bộ", "Trung Bộ", "Nam Bộ"]
    finally:
        engine.close()


def test_a_declared_facet_reaches_the_api_and_its_description(region_facet, corpus_index, client_for):
    from ctsearch.web.openapi import openapi_spec

    client = client_for(corpus_index)
    data = client.get("/api/search?region=nam+bo").get_json()
    assert data["total"] == 6 and data["filters"]["region"] == ["Nam Bộ"]
    region = {v["value"]: v for v in data["facets"]["region"]}
    assert region["Nam Bộ"]["selected"] and region["Bắc Bộ"]["toggle_url"] == \
        "/api/search?region=Nam+B%E1%BB%99&region=B%E1%BA%AFc+B%E1%BB%99"
    bad = client.get("/api/search?region=xyz")
    assert bad.status_code == 400 and bad.get_json()["param"] == "region"
    assert "region" in client.get("/api/stats").get_json()["facets"]
    spec = openapi_spec()
    assert "region" in [p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]]
    assert "region" in spec["components"]["schemas"]["SearchFacets"]["properties"]
    assert "region" in spec["components"]["schemas"]["Filters"]["properties"]


def test_a_declared_facet_is_on_the_page_in_its_sidebar_place(region_facet, corpus_index, client_for):
    html = client_for(corpus_index).get("/search?region=nam+bo").get_data(as_text=True)
    titles = re.findall(r'<h2 class="facet-title" id="facet-(\w+)-title">([^<]+)</h2>', html)
    assert titles[:3] == [("topic", "Chủ đề"), ("year", "Năm"), ("region", "Vùng")]
    assert '<span class="chip-facet">Vùng:</span> Nam Bộ' in html
    assert 'name="region" value="Nam Bộ"' in html


def test_a_declared_facet_is_gone_once_removed(corpus_index, client_for):
    data = client_for(corpus_index).get("/api/search").get_json()
    assert set(data["facets"]) == set(data["filters"]) == set(facetdefs.NAMES)
    assert "region" not in data["facets"]


@pytest.mark.parametrize("typed, source", [
    ("VnExpress", "vnexpress.net"), ("www.vnexpress.net", "vnexpress.net"), ("https://vnexpress.net/kinh-doanh", "vnexpress.net"),
    ("Tuổi Trẻ", "tuoitre.vn"), ("dân trí", "dantri.com.vn"), ("so cong thuong ben tre", "Sở Công Thương Bến Tre"),
    ("https://kinhdoanh.vnexpress.net/a.html", "vnexpress.net"), ("m.dantri.com.vn", "dantri.com.vn"),
])
def test_a_source_is_matched_as_the_paper_is_named_or_linked(typed, source):
    from ctsearch.facetdefs import facet
    known = ["baomoi.com", "vnexpress.net", "dantri.com.vn", "tuoitre.vn", "Sở Công Thương Bến Tre"]
    assert facet("source").canonical([typed], lambda: known) == [source]


def test_a_source_two_publishers_could_be_is_not_guessed():
    from ctsearch.facetdefs import NoMatch, facet
    with pytest.raises(NoMatch, match="khớp nhiều nguồn"):
        facet("source").canonical(["Tuổi Trẻ"], lambda: ["tuoitre.vn", "tuoitre.com.vn"])
    with pytest.raises(NoMatch):          # a letter or two name no publisher
        facet("source").canonical(["e"], lambda: ["e.vnexpress.net", "tuoitre.vn"])


def test_a_source_written_with_the_icelandic_eth_is_matched_as_written():
    from ctsearch.facetdefs import facet
    assert facet("source").canonical(["Fréttablaðið"], lambda: ["Fréttablaðið"]) == ["Fréttablaðið"]


def test_a_place_inside_a_province_is_said_in_a_list_and_with_former_or_new_after_it():
    # Only a value typed alone was said ("Hà Tây"): in a list, or with "cũ"/"mới" after it,
    # the filter took the whole province without a word.
    from ctsearch.facetdefs import places_read
    for typed, read, said in (("Hà Tây cũ", ["Hà Nội"], ["“Hà Tây cũ” thuộc Hà Nội"]),
                              ("Hà Tây; Bến Tre", ["Hà Nội", "Bến Tre"], ["“Hà Tây” thuộc Hà Nội"]),
                              ("Cần Giờ và Phú Quốc", ["Hồ Chí Minh", "Kiên Giang"],
                               ["“Cần Giờ” thuộc Hồ Chí Minh", "“Phú Quốc” thuộc Kiên Giang"]),
                              ("Bắc Giang cũ", ["Bắc Giang"], []), ("Bến Tre, Vĩnh Long", ["Bến Tre", "Vĩnh Long"], [])):
        got = places_read({"province": [typed]}, {"province": read})
        assert [g.split(":")[0] for g in got] == said, (typed, got)
