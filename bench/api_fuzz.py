#!/usr/bin/env python3
"""A long property-based run of the JSON API against its OpenAPI description, before a release.

Indexes the shipped seeds into a temporary directory, builds the Flask app over it, and lets
schemathesis run every phase (the description's examples, boundary "coverage" cases, random
fuzzing with valid and invalid data, other HTTP methods) against every operation of the
description the app serves at /api/openapi.json. Prints how many requests each operation got,
the status codes, and each check's failures; exits non-zero on a server error, a schema
violation or an undescribed status code.

    python bench/api_fuzz.py                      # over 1,000 requests, about a minute
    python bench/api_fuzz.py --examples 1000 --seed 42
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

#: The checks that make the target: no 5xx, no body against its schema, no undescribed status.
TARGET_CHECKS = ("not_a_server_error", "response_schema_conformance", "status_code_conformance")

#: Not run: a value the schema allows can still be refused by the index (an unknown province is
#: a described 400), so "valid data must be accepted" does not hold for this API.
SKIPPED_CHECKS = ("positive_data_acceptance",)


def register_contract_check() -> str:
    """What the schema cannot say, as a schemathesis check: a request it calls valid is refused
    only for a facet value the index does not know (or answered 404 for an unknown article)."""
    import schemathesis

    from ctsearch.web.state import DATE_PARAMS, FACETS

    @schemathesis.check
    def valid_request_answered(ctx, response, case):
        if case.meta is None or not case.meta.generation.mode.is_positive or case.method != "GET":
            return None
        if response.status_code == 400:
            param = response.json().get("param")
            sent = (case.query or {}).get(param)
            if isinstance(sent, float):
                return None     # 4.0 is an integer to JSON Schema, but "4.0" is not one in a URL
            if param not in FACETS + DATE_PARAMS:    # a date may name no real day (2023-02-30)
                raise AssertionError(f"a valid request was refused for {param}={sent!r}: "
                                     f"{response.json().get('error')}")
        elif response.status_code not in (200, 404):
            raise AssertionError(f"a valid request got {response.status_code}")
        return None

    return valid_request_answered.__name__


def build_app(index_dir: Path):
    """The web app over a fresh index of the shipped seeds."""
    from importlib.resources import files

    from ctsearch.index import index_articles
    from ctsearch.ingest import read_inputs
    from ctsearch.web.app import create_app

    seeds = str(files("ctsearch.seeds"))
    report = index_articles(read_inputs([seeds]), index_dir)
    if not report.indexed:
        sys.exit(f"nothing indexed from {seeds}: {report.problems}")
    # Compression belongs to the transport, which the WSGI client does not undo: switched off.
    return create_app({"INDEX_DIR": index_dir, "TESTING": True, "COMPRESS_REGISTER": False})


def run(examples: int, seed: int | None, workers: int) -> int:
    import schemathesis
    from schemathesis.engine import events, from_schema
    from schemathesis.generation import GenerationMode

    with tempfile.TemporaryDirectory(prefix="ctsearch-api-fuzz-") as tmp:
        app = build_app(Path(tmp) / "index")
        spec = app.test_client().get("/api/openapi.json").get_json()
        # From the served dict, not from_wsgi: that would leave out the route that serves it.
        contract_check = register_contract_check()
        schema = schemathesis.openapi.from_dict(spec)
        schema.app = app
        schema.config.generation.update(max_examples=examples,
                                         modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
        schema.config.checks.update(included_check_names=["all"], excluded_check_names=list(SKIPPED_CHECKS))
        # Keep going after a failure, so that every failure is counted and the request count
        # does not depend on when the first one happens.
        schema.config.update(workers=workers, continue_on_failure=True)
        if seed is not None:
            schema.config.seed = seed

        requests: Counter = Counter()
        statuses: dict[str, Counter] = defaultdict(Counter)
        checks_run: Counter = Counter()
        failures: dict[str, list[str]] = defaultdict(list)
        errors: list[str] = []
        started = time.perf_counter()
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                recorder = event.recorder
                for interaction in recorder.interactions.values():
                    if interaction.response is None:
                        continue
                    method = interaction.request.method
                    label = (f"GET {_operation(spec, interaction.request.uri)}" if method == "GET"
                             else "other methods, every route")
                    requests[label] += 1
                    statuses[label][interaction.response.status_code] += 1
                for case_id, nodes in recorder.checks.items():
                    for node in nodes:
                        checks_run[node.name] += 1
                        if node.failure_info is not None:
                            case = recorder.cases[case_id].value
                            failure = node.failure_info.failure
                            why = (failure.message or failure.title).strip().splitlines()[0]
                            failures[node.name].append(f"{case.method} {case.formatted_path} → {why}"
                                                       f" (query {case.query or {}})")
            elif isinstance(event, (events.NonFatalError, events.FatalError)):
                errors.append(str(getattr(event, "info", None) or getattr(event, "exception", event)))
        elapsed = time.perf_counter() - started

    total = sum(requests.values())
    print(f"schemathesis {version('schemathesis')}: {total} requests in {elapsed:.1f} s over "
          f"{len(spec['paths'])} described routes (max_examples={examples}, seed={schema.config.seed}, "
          "valid and invalid data; examples, coverage and fuzzing phases)")
    print(f"\n{'operation':<44} {'requests':>8}  status codes")
    for label, count in sorted(requests.items(), key=lambda kv: -kv[1]):
        codes = ", ".join(f"{code}×{n}" for code, n in sorted(statuses[label].items()))
        print(f"{label:<44} {count:>8}  {codes}")
    server_errors = sum(n for c in statuses.values() for code, n in c.items() if code >= 500)
    print(f"\nserver errors (5xx): {server_errors}")
    print(f"\n{'check':<34} {'verdicts':>8} {'failures':>8}")
    for name in sorted(checks_run):
        print(f"{name:<34} {checks_run[name]:>8} {len(failures.get(name, [])):>8}")
    for name, cases in sorted(failures.items()):
        print(f"\n{name}: {len(cases)} failure(s), e.g.")
        for line in sorted(set(cases))[:5]:
            print("   ", line[:300])
    for line in errors:
        print("error:", line[:500])
    if contract_check not in checks_run:
        errors.append(f"the check {contract_check} did not run")
    bad = server_errors + sum(len(failures.get(name, [])) for name in (*TARGET_CHECKS, contract_check)) \
        + len(errors)
    print(f"\ntarget (0 server errors, 0 schema violations, 0 undescribed status codes, "
          f"0 valid requests refused but for an unknown value): "
          f"{'met' if bad == 0 else 'NOT met'}")
    return 1 if bad else 0


def _operation(spec: dict, uri: str) -> str:
    """The described route a request URL falls under (``/api/articles/{article_id}``)."""
    from urllib.parse import urlsplit

    path = urlsplit(uri).path
    if path in spec["paths"]:
        return path
    for template in spec["paths"]:
        prefix = template.split("{", 1)[0]
        if "{" in template and path.startswith(prefix):
            return template
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=500,
                        help="hypothesis examples per operation and phase (default: 500)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random, printed)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    return run(args.examples, args.seed, args.workers)


if __name__ == "__main__":
    sys.exit(main())
