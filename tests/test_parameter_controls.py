"""Control and format characters in a search's parameters are read as they look, the same way
on every surface: a tab, a line break, a no-break or a zero-width space as a space, a NUL, an
escape, a direction mark or a soft hyphen as nothing. "Bến\\x00Tre" is never refused as a
“Bến Tre” that looks valid, and nothing invisible is echoed into a page, a CSV file, a feed, a
JSON answer or the terminal."""

from __future__ import annotations

import json
import unicodedata
import xml.dom.minidom

import pytest

from ctsearch.clean import MAX_SOURCE_CHARS
from ctsearch.cli import main
from ctsearch.query import QueryError, SearchEngine
from ctsearch.textnorm import without_controls
from ctsearch.web.state import safe_back_path

from conftest import make_client

#: Read as a space: they look like one.
SPACES = ["\t", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u00a0", "\u200b", "\u2009", "\u3000", "\u2028"]
#: Read as nothing: they show nothing at all.
NOTHING = ["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\u00ad", "\u200e", "\u202e", "\u2066", "\u2060", "\ufeff",
           "\u2062", "\U000e0041", "\ufffe"]


def invisible(text: str) -> list[str]:
    """The control, format, surrogate and noncharacter code points of ``text`` (a plain
    space, a line break of a CSV row aside)."""
    return [ch for ch in text if ch not in "\r\n" and (unicodedata.category(ch) in ("Cc", "Cf", "Cs")
                                                       or ch in "\ufffe\uffff")]


@pytest.fixture(scope="module")
def client(seeds_index):
    return make_client(seeds_index)


# --- the rule ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ch", SPACES)
def test_what_looks_like_a_space_is_a_space(ch):
    assert " ".join(without_controls(f"Bến{ch}Tre").split()) == "Bến Tre"


@pytest.mark.parametrize("ch", NOTHING)
def test_what_shows_nothing_is_nothing(ch):
    assert without_controls(f"Bến{ch}Tre") == "BếnTre"


def test_visible_text_is_kept_as_sent():
    for text in ("Bến Tre", "  điện  gió ", "x" + " " * 500, "\ue000", "", "2021-05-17"):
        assert without_controls(text) == text


# --- the web app: API, page, CSV, Atom ----------------------------------------------------------

@pytest.mark.parametrize("ch", ["\x00", "\t", "\u200b", "\u00a0", "\u202e", "\x1b", "\u00ad"])
def test_a_province_with_a_control_character_is_that_province_everywhere(client, ch):
    args = {"province": f"Bến{ch}Tre"}
    data = client.get("/api/search", query_string=args).get_json()
    assert data["filters"]["province"] == ["Bến Tre"] and data["total"] == 1
    page = client.get("/search", query_string=args)
    assert page.status_code == 200 and not invisible(page.get_data(as_text=True))
    assert "Bến Tre" in page.get_data(as_text=True)
    csv = client.get("/search.csv", query_string=args)
    assert csv.status_code == 200 and not invisible(csv.get_data(as_text=True).lstrip("\ufeff"))
    assert ",Bến Tre," in csv.get_data(as_text=True)
    feed = client.get("/search.atom", query_string=args)
    assert feed.status_code == 200 and not invisible(feed.get_data(as_text=True))
    xml.dom.minidom.parseString(feed.get_data())


def test_a_refused_value_is_quoted_as_it_reads_never_as_a_valid_looking_one(client):
    args = {"province": "ben\x00tree"}
    resp = client.get("/api/search", query_string=args)
    assert resp.status_code == 400
    error = resp.get_json()
    assert error["param"] == "province" and error["value"] == "bentree"
    assert "“bentree”" in error["error"] and "\\u0000" not in resp.get_data(as_text=True)
    for path in ("/search", "/search.csv", "/search.atom"):
        resp = client.get(path, query_string=args)
        text = resp.get_data(as_text=True)
        assert resp.status_code == 400 and "bentree" in text and not invisible(text), path


@pytest.mark.parametrize("param,value,read", [
    ("q", "điện\tgió", ("query", "điện gió")),
    ("q", "điện\u200bgió", ("query", "điện gió")),
    ("q", "\u202eđiện gió\x00", ("query", "điện gió")),
    ("from", "2021\x00", ("dates", {"from": "2021-01-01", "to": None})),
    ("to", "\u200e17/05/2023\t", ("dates", {"from": None, "to": "2023-05-17"})),
    ("page", "1\x00", ("page", 1)),
    ("limit", "2\u200b", ("limit", 2)),
    ("sort", "date\x1b", ("sort", "date")),
    ("literal", "1\x00", ("literal", True)),
    ("year", "2023\x07", ("filters", "year", ["2023"])),
    ("topic", "\u202eelectricity", ("filters", "topic", ["electricity"])),
    ("current_province", "Vĩnh\u00adLong", ("filters", "current_province", ["Vĩnh Long"])),
    ("mentions", "Bến\x00Tre", ("filters", "mentions", ["Bến Tre"])),
])
def test_every_parameter_reads_its_control_characters_alike(client, param, value, read):
    args = {"q": "dien gio"} if param == "literal" else {}
    resp = client.get("/api/search", query_string={**args, param: value})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    data = resp.get_json()
    got = data[read[0]][read[1]] if len(read) == 3 else data[read[0]]
    assert got == read[-1]
    assert not invisible(json.dumps(data, ensure_ascii=False))


@pytest.mark.parametrize("param,value", [("page", "x\x1b[31m"), ("from", "hôm\x00 qua"), ("sort", "\x00cũ"),
                                         ("limit", "500\u202e"), ("year", "hai\x00 nghìn")])
def test_a_bad_value_is_a_400_naming_the_parameter_and_echoing_nothing_invisible(client, param, value):
    resp = client.get("/api/search", query_string={param: value})
    assert resp.status_code == 400 and resp.get_json()["param"] == param
    assert not invisible(json.dumps(resp.get_json(), ensure_ascii=False))
    for path in ("/search", "/search.csv", "/search.atom") if param != "limit" else ():   # (API only)
        resp = client.get(path, query_string={param: value})
        assert resp.status_code == 400 and not invisible(resp.get_data(as_text=True)), path


def test_an_address_with_a_nul_is_not_echoed_raw(client):
    for path in ("/article/khong%00co", "/api/articles/khong%00co"):
        resp = client.get(path)
        assert resp.status_code == 404 and "\x00" not in resp.get_data(as_text=True)
        assert "\\u0000" not in resp.get_data(as_text=True)


def test_a_back_path_with_a_space_is_no_path_of_this_site():
    assert safe_back_path("/search?q=dien+gio") == "/search?q=dien+gio"
    for raw in ("/search ?q=x", "/search\t?q=x", "/ /evil.example"):
        assert safe_back_path(raw) is None


# --- the library and the command line ---------------------------------------------------------------

def test_the_engine_reads_its_arguments_as_the_web_app_does(seeds_index):
    engine = SearchEngine(seeds_index)
    result = engine.search("điện\tgió", province="Bến\x00Tre", date_from="2021\x01", date_to="\u200e2023")
    assert result.query == "điện gió" and result.filters["province"] == ["Bến Tre"] and result.total == 1
    assert result.dates == {"from": "2021-01-01", "to": "2023-12-31"}
    assert engine.normalize_filters(province=["Bến\u202eTre"])["province"] == ["Bến Tre"]
    with pytest.raises(QueryError) as err:
        engine.search("", province="ben\x1btree")
    assert err.value.value == "bentree" and "“bentree”" in err.value.message
    with pytest.raises(QueryError) as err:
        engine.search("", date_from="hôm\x00 qua")
    assert not invisible(err.value.message) and err.value.value == "hôm qua"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("typed", ["Bến\x01Tre", "Bến\tTre", "Bến\u200bTre", "Bến\u202eTre", "Bến\x1bTre"])
def test_the_command_line_reads_a_province_as_the_web_app_does(capsys, seeds_index, typed):
    code, out, err = run(capsys, "query", "", "--province", typed, "--json", "--index-dir", str(seeds_index))
    assert code == 0, err
    assert json.loads(out)["filters"]["province"] == ["Bến Tre"]


def test_the_command_line_reads_every_option_alike(capsys, seeds_index):
    code, out, err = run(capsys, "query", "điện\tgió", "--from", "2021\x01", "--to", "2023\u200e",
                         "--sort", "date\x1b", "--page", "1\x01", "--limit", "2\u200b", "--year", "2023\x07",
                         "--json", "--index-dir", str(seeds_index))
    assert code == 0, err
    data = json.loads(out)
    assert data["query"] == "điện gió" and data["sort"] == "date" and data["limit"] == 2
    assert data["dates"] == {"from": "2021-01-01", "to": "2023-12-31"} and data["filters"]["year"] == ["2023"]


def test_the_command_line_names_a_bad_value_without_its_escape_sequence(capsys, seeds_index):
    code, out, err = run(capsys, "query", "", "--province", "ben\x1btree", "--index-dir", str(seeds_index))
    assert code == 2 and "--province" in err and "“bentree”" in err and "\x1b" not in err
    with pytest.raises(SystemExit) as exc:      # argparse's own refusal
        main(["query", "x", "--page", "x\x1b[31m", "--index-dir", str(seeds_index)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "--page" in err and "“x[31m”" in err and "\x1b" not in err
    code, out, err = run(capsys, "query", "x", "--from", "hôm\x07 qua", "--index-dir", str(seeds_index))
    assert code == 2 and "--from" in err and "“hôm qua”" in err and "\x07" not in err


@pytest.mark.parametrize("name", ["from", "to", "page", "limit", "sort"])
def test_a_value_of_invisible_characters_alone_is_refused_not_taken_as_absent(client, name):
    """"%84" is something sent, not nothing: where a value must mean something it is a 400
    naming the parameter, as any unreadable value is; a tab alone is a space, as absent."""
    response = client.get("/api/search", query_string={name: "\x84\x00"})
    assert response.status_code == 400 and response.get_json()["param"] == name
    assert client.get("/api/search", query_string={"from": "\t"}).status_code == 200


def test_a_query_or_filter_of_invisible_characters_alone_reads_as_empty(client):
    everything = client.get("/api/search").get_json()["total"]
    for params in ({"q": "\x00"}, {"q": "\u200b"}, {"province": "\x00"}):
        data = client.get("/api/search", query_string=params).get_json()
        assert data["total"] == everything and data["query"].strip() == "", params


@pytest.mark.parametrize("name,longest", [("q", 500), ("province", MAX_SOURCE_CHARS), ("year", MAX_SOURCE_CHARS),
                                          ("source", MAX_SOURCE_CHARS), ("from", 40)])
def test_a_value_longer_than_its_parameter_takes_is_refused_whatever_it_holds(client, name, longest):
    """The API's description gives each parameter's longest value as sent: 501 NULs are no
    empty query, they are too long, and the answer says so without echoing them."""
    for ch in ("\x00", "\u200b", "a"):
        response = client.get("/api/search", query_string={name: ch * (longest + 1)})
        data = response.get_json()
        assert response.status_code == 400 and data["param"] == name, (name, ch)
        assert "quá dài" in data["error"] and "\x00" not in response.get_data(as_text=True)
    # as long as it may be, it reads as it looks: nothing, which a date must not be
    expected = 400 if name == "from" else 200
    assert client.get("/api/search", query_string={name: "\x00" * longest}).status_code == expected


def test_a_parameter_sent_twice_echoes_the_values_sent(client):
    resp = client.get("/api/search?q=gio&page=2&page=3")
    assert resp.status_code == 400
    error = resp.get_json()
    assert error["param"] == "page" and error["value"] == "2, 3"
