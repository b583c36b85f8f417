"""Sentences that pair two families of words: evidence of a topic beyond its listed phrases.

A story about buying and selling online keeps pairing an online word with a trading word
in one sentence ("khách hàng đặt mua qua ứng dụng", "doanh thu bán qua website"), and a
handicraft story a craft with a market ("gốm ... xuất khẩu"), beyond the one or two listed
phrases it may hold; a story that names e-commerce in passing does not. Each topic in
``data/topics.json`` may declare such pairings under ``"together"``; the topic models
(``scripts/train_topic_model.py``) weigh how much of the article they fill, beside the
phrases, the words and the document vector. The word families are broad on purpose
("điện tử", "nghề", "giá"): tightened to their unambiguous senses they did worse in
cross-validation, since the model weighs a pairing by what it co-occurs with in the labels.

Works on prepared, lower-cased text (``extract._prep(...).lower()``), like the topic phrases.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

__all__ = ["FEATURES", "Pairing", "sentence_spans"]

# A sentence ends at . ! ? … (with any closing quotes or brackets after it) before white
# space, not inside "1.000" or "TP.HCM"; or at a line break: headings and captions have no
# full stop.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’)\]]*(?=\s)|\n")

# The features one pairing gives, each named "<pairing>_<feature>" in the model:
# the share of the body's sentences pairing the two families, how many (log), whether the
# headline pairs them, whether one of the first three sentences does.
FEATURES = ("share", "count", "title", "lead")
_LEAD_SENTENCES = 3


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence holding more than white space, in order."""
    spans, pos = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        if text[pos:m.end()].strip():
            spans.append((pos, m.end()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


@dataclass(frozen=True)
class Pairing:
    """Two word families whose meeting in one sentence is evidence of a topic."""

    name: str
    first: re.Pattern[str]
    second: re.Pattern[str]

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The names the model's weights use, one per :data:`FEATURES`."""
        return tuple(f"{self.name}_{f}" for f in FEATURES)

    def features(self, title: str, body: str, spans: list[tuple[int, int]] | None = None) -> dict[str, float]:
        """This pairing's features for one article; ``spans``: the body's
        :func:`sentence_spans`, when several pairings share them."""
        spans = sentence_spans(body) if spans is None else spans
        starts = [a for a, _ in spans]
        # The second family is looked for only in the sentences holding the first: about
        # half the time of scanning the whole body for both.
        first = {bisect.bisect_right(starts, m.start()) - 1 for m in self.first.finditer(body)}
        both = {i for i in first if i >= 0 and self.second.search(body, *spans[i])}
        in_title = bool(self.first.search(title) and self.second.search(title))
        share, count, head, lead = self.feature_names
        return {
            share: len(both) / max(1, len(spans)),
            count: math.log1p(len(both)),
            head: float(in_title),
            lead: float(any(i < _LEAD_SENTENCES for i in both)),
        }
