"""Property-based tests of the JSON API against its own OpenAPI description (schemathesis).

Schemathesis reads the description and generates requests for every operation in it, valid and
invalid ones (Unicode, long strings, out-of-range numbers, repeated parameters, other methods):
every answer must be described (status code, content type, a body valid against the closed
schemas), never a 5xx, and a request the description calls invalid must be refused with a 4xx.
Bounded for CI; ``bench/api_fuzz.py`` runs longer.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from ctsearch.web.openapi import openapi_spec
from ctsearch.web.state import DATE_PARAMS, FACETS

from conftest import make_client

#: Examples per operation and phase: with the explicit examples and the coverage phase, a few
#: hundred requests in all.
MAX_EXAMPLES = 100

#: Checks that do not hold here. A value the schema allows can still be refused by the index (an
#: unknown province is a described 400). And schemathesis 4 sometimes judges an invalid value
#: that is never sent (``limit={}``) or misreads a lone empty value of a repeated parameter
#: (``year=``) as a string, so it takes some valid requests for invalid ones; invalid parameters
#: are tested one by one in test_openapi.py and test_web.py instead, and ``bench/api_fuzz.py``
#: reports this check's verdicts.
NOT_CHECKED = [positive_data_acceptance, negative_data_rejection]

# The same document the app serves at /api/openapi.json (a test in test_openapi.py checks it).
# Loaded from a dict, not with ``from_wsgi``, which would leave out the route that serves it.
schema = schemathesis.openapi.from_dict(openapi_spec())


@pytest.fixture(scope="module")
def seeds_app(seeds_index):
    return make_client(seeds_index).application


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_generated_request_answers_as_described(case, seeds_app):
    # Compression is the transport's business (the WSGI client does not undo it): ask for none.
    response = case.call_and_validate(app=seeds_app, excluded_checks=NOT_CHECKED,
                                      headers={"Accept-Encoding": "identity"})
    if case.meta is not None and case.meta.generation.mode.is_positive and case.method == "GET":
        # What the schema cannot say: a request it calls valid is refused only for a facet value
        # the index does not know (or an article id it does not have).
        if response.status_code == 400:
            param = response.json()["param"]
            # 4.0 is an integer to JSON Schema, but "4.0" is not one in a URL.
            if not isinstance((case.query or {}).get(param), float):
                # A date bound may have a valid form and name no real day (2023-02-30).
                assert param in FACETS + DATE_PARAMS, (case.formatted_path, case.query, response.text)
        else:
            assert response.status_code in (200, 404), (case.formatted_path, case.query, response.status_code)
