"""What a ``ctsearch query`` process loads: only what searching needs.

Each query runs in a fresh process, so imports are most of its cost. These tests pin
down which modules stay out of that path and that the start-up tweaks change nothing
else; they measure no time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ctsearch.facets import _distinct_counts

ROOT = Path(__file__).resolve().parent.parent

#: Loaded by none of query, show and stats (the extraction rules, the indexer, numpy's
#: masked arrays, and urllib.request with http.client, email and ssl).
NOT_NEEDED = ("ctsearch.extract", "ctsearch.index", "ctsearch.ingest", "numpy.ma",
              "urllib.request", "http.client", "email", "ssl", "flask", "dateutil")


def _run(code: str, *args: str, env: dict | None = None) -> str:
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    res = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=full_env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


_COMMAND = (
    "import contextlib, io, json, os, sys\n"
    "from ctsearch.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
    "    code = main(sys.argv[1:])\n"
    "assert code == 0, out.getvalue()\n"
    "print(json.dumps({'modules': sorted(sys.modules), 'blas': os.environ.get('OPENBLAS_NUM_THREADS')}))\n"
)


@pytest.mark.parametrize("argv", [
    ["query", "điện gió"],
    ["query", "thuong mai dien tu"],
    ["query", "dien gioo"],                     # a typo: the suggestion looks further
    ["query", "điện", "--province", "ben tre", "--year", "2022", "--topic", "electricity"],
    ["show", "000_4f08650ed6b0bf14"],
    ["stats"],
])
def test_short_commands_load_only_what_they_need(seeds_index, argv):
    got = json.loads(_run(_COMMAND, *argv, "--index-dir", str(seeds_index)))
    loaded = set(got["modules"])
    expected_absent = [m for m in NOT_NEEDED
                       if not (m == "ctsearch.extract" and "--province" in argv)]
    assert not [m for m in expected_absent if m in loaded]
    assert got["blas"] == "1"


def test_a_blas_thread_count_the_user_set_is_kept(seeds_index):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="2")
    got = json.loads(_run(_COMMAND, "stats", "--index-dir", str(seeds_index), env=env))
    assert got["blas"] == "2"


def test_urllib_request_still_imports_after_the_stand_in():
    code = (
        "import sys\n"
        "from ctsearch.quickstart import prepare\n"
        "prepare()\n"
        "import whoosh.compat\n"
        "assert 'urllib.request' not in sys.modules\n"
        "import urllib.request\n"
        "assert callable(urllib.request.urlopen) and urllib.request.Request\n"
        "assert whoosh.compat.urlretrieve.__module__ == 'ctsearch.quickstart'\n"
        "print('ok')\n"
    )
    assert _run(code) == "ok"


def test_the_stand_in_is_not_used_when_urllib_is_loaded():
    code = (
        "import urllib.request, sys\n"
        "from ctsearch.quickstart import prepare\n"
        "prepare()\n"
        "import whoosh.compat\n"
        "assert whoosh.compat.urlretrieve is urllib.request.urlretrieve\n"
        "print('ok')\n"
    )
    assert _run(code) == "ok"


@pytest.mark.parametrize("values", [
    [], [0], [2022, 0, 2021, 2022, 0, 0], list(range(50, 0, -3)) * 3,
    np.random.default_rng(7).integers(0, 6, 500).tolist(),
])
def test_distinct_counts_match_numpy_unique(values):
    arr = np.array(values, dtype=np.int32)
    got_values, got_counts = _distinct_counts(arr)
    want_values, want_counts = np.unique(arr, return_counts=True)
    assert got_values.tolist() == want_values.tolist()
    assert got_counts.tolist() == want_counts.tolist()
