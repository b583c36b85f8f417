"""Start-up of a query process: what it avoids loading, and the replacements that
let it avoid them (which must give the same results)."""

from __future__ import annotations

import numpy as np
import pytest

from search.facets import _distinct_counts


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
