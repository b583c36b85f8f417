"""Whether an article is sports or showbiz news (``data/story_kind.json``).

ctsearch searches industry-and-trade news, and a news feed carries the sports and showbiz
pages too, whose words collide with trade words: football clubs bear their sponsors' and
provinces' names (Than Quảng Ninh, Hòa Phát Hà Nội), a transfer "is sold at a squeezed
price". The ranking lets such a story fall below a trade story that matches as well
(:data:`search.matching.LEISURE_WEIGHT`); it still matches, and ranks first where nothing
else does. The model (``scripts/train_story_kind.py``) reads the document vector
(:mod:`ctsearch.docvec`): what kind of story the article is, learned from the sections
newspapers file their articles under.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Sequence

from .docvec import doc_vectors, model_weights, weigh
from .textnorm import nfc, normalize_tones

__all__ = ["leisure_percent", "query_leisure", "MODEL_FILE"]

MODEL_FILE = Path(__file__).with_name("data") / "story_kind.json"


@functools.lru_cache(maxsize=1)
def _model() -> tuple[float, tuple[float, ...]]:
    data = json.loads(MODEL_FILE.read_text("utf-8"))
    return float(data["bias"]), model_weights(data, MODEL_FILE.name)


def leisure_percent(vector: Sequence[float]) -> int:
    """How likely (0–100) the article is sports or showbiz news, from its document vector
    (an article on one of the trade topics is trade news whatever page it is on: the
    article says 0 then, :func:`search.article.build_article`)."""
    bias, weights = _model()
    z = bias + weigh(weights, vector)
    return round(100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))


def query_leisure(text: str) -> int:
    """How likely (0–100) a query is about sport or showbiz, read as an article of its words
    alone would be: `tai tro bong da`, `ban quyen phim` are (97, 98); `than quang ninh`, `hoa
    phat`, `doanh nghiep` are not. Such a query's own stories are what it asks for, so the
    ranking leaves them where their words put them (:class:`search.backend.Search`
    ``kind_weight``)."""
    words = normalize_tones(nfc(text)).lower()
    return leisure_percent(doc_vectors().vector(words, words))
