"""The JSON API's OpenAPI description against the running app.

The description (``web/openapi.py``) is a contract: these tests fail when a route, a status code or
a response field changes in the code without it, and their messages name the route and the field.
Real answers of the seeds index are validated against the response schemas, which are closed
(``additionalProperties: false``); the examples in the description must be real answers too.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_URL = "/api/openapi.json"
SPEC_MODULE = "web/openapi.py"
SPEC_URI = "urn:ctsearch-api"


# --- helpers -------------------------------------------------------------------------------------

@pytest.fixture
def spec(seeds_client) -> dict:
    resp = seeds_client.get(SPEC_URL)
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    return resp.get_json()


def resolve(spec: dict, node: dict) -> dict:
    """Follow ``$ref`` (local references only) until a schema or response object remains."""
    while isinstance(node, dict) and "$ref" in node:
        target: object = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def undocumented_fields(spec: dict, schema: dict, value: object, where: str = "") -> list[str]:
    """Fields of ``value`` that a closed object of ``schema`` does not describe, as paths
    such as ``hits[].missing`` (with the schema's name, to say where to add them)."""
    name = ""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = resolve(spec, schema)
    out: list[str] = []
    for alternative in schema.get("anyOf", []) + schema.get("oneOf", []):
        out += undocumented_fields(spec, alternative, value, where)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            out += [f"`{where}{key}`" + (f" (schema {name})" if name else "")
                    for key in value if key not in props]
        for key, sub in props.items():
            if key in value:
                out += undocumented_fields(spec, sub, value[key], f"{where}{key}.")
    elif isinstance(value, list) and "items" in schema:
        for item in value:
            out += undocumented_fields(spec, schema["items"], item, f"{where.rstrip('.')}[].")
    return sorted(set(out))


def validator_for(spec: dict, schema: dict) -> Draft202012Validator:
    """A JSON Schema 2020-12 validator for ``schema``, its references resolved in ``spec``."""
    registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
    if "$ref" in schema:
        schema = {"$ref": SPEC_URI + schema["$ref"]}
    return Draft202012Validator(schema, registry=registry)


def operation_for(spec: dict, path: str) -> tuple[str, dict] | None:
    """The described path that a request path falls under, and its GET operation."""
    for template, item in spec["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", ".+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template, item["get"]
    return None


def assert_described(spec: dict, method: str, url: str, resp) -> dict:
    """The answer's status is described for its route and its body matches that description."""
    path = urlsplit(url).path
    found = operation_for(spec, path)
    if method != "GET" or found is None:
        # Other methods and unknown routes: the shared answers of components/responses.
        shared = {405: "MethodNotAllowed", 404: "NotFound"}
        assert resp.status_code in shared, f"{method} {url}: {resp.status_code} is not described"
        response = spec["components"]["responses"][shared[resp.status_code]]
        label = f"{method} {url}"
    else:
        template, operation = found
        label = f"GET {template} ({url})"
        documented = operation["responses"]
        assert str(resp.status_code) in documented, (
            f"{label} answered {resp.status_code}, which {SPEC_MODULE} does not describe "
            f"(described: {', '.join(documented)})")
        response = resolve(spec, documented[str(resp.status_code)])
    content = response["content"]
    assert resp.mimetype in content, f"{label}: {resp.mimetype} is not described"
    schema = content[resp.mimetype]["schema"]
    body = resp.get_json()
    extra = undocumented_fields(spec, schema, body)
    assert not extra, (f"{label} answers with field(s) {', '.join(extra)} that {SPEC_MODULE} "
                       "does not describe: add them to its field table")
    errors = [f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
              for e in validator_for(spec, schema).iter_errors(body)]
    assert not errors, f"{label} answers against its description in {SPEC_MODULE}:\n" + "\n".join(errors)
    return body


# --- the document --------------------------------------------------------------------------------

def test_description_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    OpenAPIV31SpecValidator(spec).validate()


def route_differences(app, spec: dict) -> tuple[set, set]:
    """(routes served but not described, routes described but not served), as (path, method)."""
    in_code = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            in_code |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    return in_code - described, described - in_code


def test_every_api_route_is_described_and_nothing_else(seeds_client, spec):
    undescribed, unserved = route_differences(seeds_client.application, spec)
    assert not undescribed, f"/api/ routes missing from {SPEC_MODULE}: {sorted(undescribed)}"
    assert not unserved, f"described in {SPEC_MODULE} but not served: {sorted(unserved)}"


def test_a_new_route_is_named(seeds_index, client_for, spec):
    app = client_for(seeds_index).application
    app.add_url_rule("/api/articles/<path:article_id>/related", "related", lambda article_id: {})
    assert route_differences(app, spec) == ({("/api/articles/{article_id}/related", "get")}, set())


def test_served_description_is_the_module_s(spec):
    from ctsearch.web.openapi import openapi_spec

    assert spec == openapi_spec()


def test_every_facet_is_described():
    from ctsearch.web.openapi import FACET_DOCS, SEARCH_PARAMETERS
    from ctsearch.web.state import FACETS

    assert list(FACET_DOCS) == list(FACETS), f"facets of the search state vs FACET_DOCS in {SPEC_MODULE}"
    params = {p["name"] for p in SEARCH_PARAMETERS}
    assert set(FACETS) <= params, f"facet parameters missing from SEARCH_PARAMETERS: {set(FACETS) - params}"


def test_description_is_linked_from_every_page(seeds_client):
    for url in ("/", "/search?q=dien+gio", "/article/004_e6687adce95f4d90", "/khong-co"):
        assert f'href="{SPEC_URL}"' in seeds_client.get(url).get_data(as_text=True), url


# --- real answers against the description --------------------------------------------------------

ANSWERS = [
    "/api/search",
    "/api/search?q=dien+gio",
    "/api/search?q=%C4%91i%E1%BB%87n+gi%C3%B3&province=ben+tre&province=khong+ro&limit=1",
    "/api/search?q=dien+gioo",                          # nothing found, a suggestion
    "/api/search?q=%22c%C3%B4ng+th%C6%B0%C6%A1ng%22+-gi%C3%B3&sort=date&limit=100",
    "/api/search?year=2022&topic=electricity&page=2&limit=1",
    "/api/search?page=99999",                           # beyond the last page
    "/api/search?sort=&page=&limit=",                   # empty values mean the defaults
    "/api/articles/004_e6687adce95f4d90",
    "/api/articles/004_e6687adce95f4d90?q=dien+gio",
    "/api/stats",
    "/api/complete?q=thuong+mai+d",
    "/api/complete?q=dien&limit=2",
    "/api/complete?q=",
    SPEC_URL,
    # errors
    "/api/search?province=ben+tree",
    "/api/search?year=1850", "/api/search?topic=mining", "/api/search?sort=popular",
    "/api/search?page=0", "/api/search?limit=101", "/api/search?q=" + "x" * 501,
    "/api/articles/004_e6687adce95f4d90?q=" + "x" * 501,
    "/api/articles/khong-co-bai-nay",
    "/api/complete?q=dien&limit=21", "/api/complete?q=" + "x" * 501, "/api/complete?q=dien&page=2",
    "/api/khong-co",
]


@pytest.mark.parametrize("url", ANSWERS)
def test_answers_match_the_description(seeds_client, spec, url):
    assert_described(spec, "GET", url, seeds_client.get(url))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_other_methods_are_described_405_with_allow(seeds_client, spec, method):
    resp = seeds_client.open("/api/search", method=method)
    assert resp.status_code == 405
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    assert_described(spec, method, "/api/search", resp)


def test_missing_index_is_described_503(tmp_path, client_for, spec):
    client = client_for(tmp_path / "no-index")
    for url in ("/api/search?q=dien", "/api/articles/x", "/api/stats"):
        resp = client.get(url)
        assert resp.status_code == 503
        assert_described(spec, "GET", url, resp)


def test_a_new_field_is_named_in_the_failure(seeds_client, spec, monkeypatch):
    """The check the contract rests on: an undescribed field fails, naming route and field."""
    from ctsearch.query import Hit

    monkeypatch.setattr(Hit, "to_dict", lambda self: {**self.__dict__, "reading_time": 3})
    resp = seeds_client.get("/api/search?q=dien+gio")
    with pytest.raises(AssertionError) as failure:
        assert_described(spec, "GET", "/api/search?q=dien+gio", resp)
    message = str(failure.value)
    assert "GET /api/search" in message and "`hits[].reading_time` (schema Hit)" in message


def test_every_toggle_url_uses_described_parameters(seeds_client, spec):
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    data = seeds_client.get("/api/search?q=dien+gio&province=ben+tre&sort=date&limit=2").get_json()
    names = {name for values in data["facets"].values() for v in values
             for name, _ in parse_qsl(urlsplit(v["toggle_url"]).query)}
    assert names and names <= params, f"undescribed parameters in toggle URLs: {names - params}"


def test_bad_parameter_errors_name_described_parameters(seeds_client, spec):
    operation = spec["paths"]["/api/search"]["get"]
    params = {p["name"] for p in operation["parameters"]}
    for url in [u for u in ANSWERS if u.startswith("/api/search?")]:
        resp = seeds_client.get(url)
        if resp.status_code == 400:
            assert resp.get_json()["param"] in params, url


# --- the examples are real answers of the seeds index --------------------------------------------

def same_as_example(example: object, real: object, where: str = "") -> list[str]:
    """Differences between an example and the real answer. Texts cut with “…” in the example
    must show their pieces in order; timings only need the same type, and scores to be within
    1% (BM25's last digits may move with the libraries; a score of another search, 7.71 for
    1.6, may not)."""
    if where.rstrip(".").endswith("score") and isinstance(example, float) and isinstance(real, float):
        return [] if math.isclose(example, real, rel_tol=0.01) else [f"{where}: {example!r} vs {real!r}"]
    if where.rstrip(".").endswith(("took_ms", "score")):
        return [] if type(example) is type(real) else [f"{where}: {example!r} vs {real!r}"]
    if isinstance(example, dict) and isinstance(real, dict):
        out = [f"{where}{k}: missing in the example" for k in real if k not in example]
        out += [f"{where}{k}: not in the real answer" for k in example if k not in real]
        for k in example.keys() & real.keys():
            out += same_as_example(example[k], real[k], f"{where}{k}.")
        return out
    if isinstance(example, list) and isinstance(real, list):
        if len(example) != len(real):
            return [f"{where}: {len(example)} items vs {len(real)}"]
        return [d for i, (e, r) in enumerate(zip(example, real)) for d in same_as_example(e, r, f"{where}{i}.")]
    if isinstance(example, str) and isinstance(real, str) and "…" in example and example != real:
        pos = 0
        for piece in (p.strip() for p in example.split("…")):
            found = real.find(piece, pos)
            if found < 0:
                return [f"{where}: “{piece[:60]}” is not in the real text (after position {pos})"]
            pos = found + len(piece)
        return []
    return [] if example == real else [f"{where}: {example!r} vs {real!r}"]


def described_examples(spec: dict):
    """Every example of the description with its URL (from its summary) and its schema."""
    for item in spec["paths"].values():
        for response in item["get"]["responses"].values():
            response = resolve(spec, response)
            for content in response.get("content", {}).values():
                for example in content.get("examples", {}).values():
                    yield example["summary"].removeprefix("GET "), example["value"], content["schema"]


def test_examples_are_real_answers_of_the_seeds(seeds_client, spec):
    examples = list(described_examples(spec))
    assert len(examples) >= 8
    for url, value, schema in examples:
        errors = [e.message for e in validator_for(spec, schema).iter_errors(value)]
        assert not errors, f"the example of {url} does not match its schema: {errors}"
        real = seeds_client.get(url).get_json()
        differences = same_as_example(value, real)
        assert not differences, f"the example of {url} in {SPEC_MODULE} is not the real answer: {differences}"


REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
API_DOC = REPO / "docs" / "api.md"


def api_examples(text: str) -> tuple[list[tuple[str, object]], list[tuple[str, int, dict]]]:
    """Each ``curl`` command of ``text`` followed by its JSON answer, and each followed by its
    answer written as comments (``# 400 {…}``; a closing “…” leaves fields out)."""
    answers = [(url, json.loads(body)) for url, body in re.findall(
        r"curl -s 'http://127\.0\.0\.1:8000(\S+)'\n```\n\n```json\n(.*?)```", text, re.S)]
    errors = []
    for url, said in re.findall(r"curl -s 'http://127\.0\.0\.1:8000(\S+)'\n((?:# .*\n)+)", text):
        status, _, body = " ".join(line[2:].strip() for line in said.splitlines()).partition(" ")
        errors.append((url, int(status), json.loads(re.sub(r",\s*…\s*}$", "}", body.strip()))))
    return answers, errors


def readme_api_section() -> str:
    """The README's short API section (its full reference is docs/api.md)."""
    text = README.read_text("utf-8")
    section = text[text.index("\n## Web UI and JSON API"):]
    return section[:section.index("\n## ", 1)]


def check_api_examples(seeds_client, name: str, answers, errors) -> None:
    for url, example in answers:
        differences = same_as_example(example, seeds_client.get(url).get_json())
        assert not differences, f"{name}'s answer to {url} is not the real answer: {differences}"
    for url, status, example in errors:
        resp = seeds_client.get(url)
        real = resp.get_json()
        assert resp.status_code == status, url
        assert {key: real.get(key) for key in example} == example, f"{name}'s answer to {url}: {real}"


def test_the_api_reference_examples_are_real_answers_of_the_seeds(seeds_client):
    answers, errors = api_examples(API_DOC.read_text("utf-8"))
    assert len(answers) >= 2 and len(errors) >= 4
    check_api_examples(seeds_client, "docs/api.md", answers, errors)


def test_the_readme_api_examples_are_real_answers_of_the_seeds(seeds_client):
    answers, errors = api_examples(readme_api_section())
    assert answers or errors
    check_api_examples(seeds_client, "README.md", answers, errors)


def test_parameter_examples_find_something(seeds_client, spec):
    operation = spec["paths"]["/api/search"]["get"]
    query = {p["name"]: p["example"] for p in operation["parameters"] if "example" in p}
    data = seeds_client.get("/api/search", query_string=query).get_json()
    assert data["total"] >= 1, query


# --- bugs found by the property tests ------------------------------------------------------------

@pytest.mark.parametrize("param,value", [
    ("page", "²"), ("limit", "²"), ("year", "²"), ("page", "①"), ("limit", "¹⁰"), ("year", "²⁰²²"),
])
def test_digits_int_cannot_read_are_bad_parameters(seeds_client, spec, param, value):
    resp = seeds_client.get("/api/search", query_string={param: value})
    assert resp.status_code == 400, resp.get_data(as_text=True)
    assert resp.get_json()["param"] == param
    assert_described(spec, "GET", "/api/search", resp)


def test_digits_of_other_scripts_are_described_400s(seeds_client, spec):
    for param, value in (("year", "٢٠٢٢"), ("limit", "٣")):
        resp = seeds_client.get("/api/search", query_string={param: value})
        assert resp.status_code == 400 and resp.get_json()["param"] == param
        assert_described(spec, "GET", "/api/search", resp)


@pytest.mark.parametrize("url", ["/api/search", "/api/articles/004_e6687adce95f4d90"])
def test_query_length_counts_as_sent(seeds_client, url):
    """500 characters as described, spaces included: a padded query is not let through."""
    assert seeds_client.get(url, query_string={"q": "x" + " " * 500}).status_code == 400
    assert seeds_client.get(url, query_string={"q": " dien gio" + " " * 491}).status_code == 200


def test_facet_value_length_counts_as_sent(seeds_client):
    from ctsearch.clean import MAX_SOURCE_CHARS
    assert seeds_client.get("/api/search", query_string={"topic": "electricity".ljust(MAX_SOURCE_CHARS + 1)}
                            ).status_code == 400
    assert seeds_client.get("/api/search", query_string={"topic": " electricity "}).status_code == 200


def test_the_date_pattern_takes_every_form_the_search_reads():
    """A client validating against the description must not refuse a date the server reads."""
    import re
    from ctsearch.dates import EXAMPLES, read_date
    from web.openapi import DATE_PATTERN
    for example in (*EXAMPLES, "2021.5.7", "2021/05", "2021-05-17 08:30:00 +0700", "17/05/2021 - 10:00 (GMT+7)",
                    "17/05/2021, 10:00", "2021-05-17T08:30:00+07:00[Asia/Ho_Chi_Minh]", "17/05/2021 10:00 AM",
                    "2021-05-17 10:00 GMT+7", "2021-12-31T20:00:00Z", "2021-05-17 10:00 GMT"):
        read_date(example)
        assert re.fullmatch(DATE_PATTERN, example), example
    for wrong in ("2021/05-17", "17/05/21", "tháng 5"):
        assert not re.fullmatch(DATE_PATTERN, wrong), wrong


@pytest.mark.parametrize("url, param", [
    ("/api/search?q=gia&provinces=ben+tre", "provinces"), ("/api/search?q=gia&size=5", "size"),
    ("/api/search?q=gia&current-province=hcm", "current-province"), ("/api/search?q=dien&q=gio", "q"),
    ("/api/search?q=gia&page=1&page=2", "page"), ("/api/articles/004_e6687adce95f4d90?limit=3", "limit"),
    ("/api/stats?q=gia", "q"), ("/api/complete?q=gia&sort=date", "sort"),
])
def test_a_parameter_not_taken_is_refused_not_ignored(seeds_client, spec, url, param):
    """A misspelt name would leave the answer unfiltered while looking filtered."""
    resp = seeds_client.get(url)
    assert resp.status_code == 400 and resp.get_json()["param"] == param, resp.get_data(as_text=True)
    assert_described(spec, "GET", url, resp)


def test_a_parameter_not_taken_names_the_value_received(seeds_client):
    # ("value" is what was sent, as for every other bad parameter; nothing sent: null)
    assert seeds_client.get("/api/search?provinces=ben+tre").get_json()["value"] == "ben tre"
    assert seeds_client.get("/api/search?provinces=").get_json()["value"] is None


def test_the_parameters_taken_are_those_described(seeds_client, spec):
    for path, url in (("/api/search", "/api/search"),
                      ("/api/articles/{article_id}", "/api/articles/004_e6687adce95f4d90"),
                      ("/api/stats", "/api/stats"), ("/api/complete", "/api/complete")):
        described = [p["name"] for p in spec["paths"][path]["get"].get("parameters", []) if p["in"] == "query"]
        query = {name: "" for name in described}
        assert seeds_client.get(url, query_string=query).status_code == 200, (path, described)
    # repeated facets are one filter of several values; a script's cache breaker passes
    assert seeds_client.get("/api/search?province=ben+tre&province=son+la&_=1").status_code == 200
