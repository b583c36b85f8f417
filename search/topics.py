"""Topic slugs and their labels, without the topic rules.

Searching needs only the labels (facet values, filters, output), while
:mod:`search.extract` compiles its province and topic rules at import, which costs
a noticeable part of a ``ctsearch query`` start. Both read ``data/topics.json``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .textnorm import folded_key

__all__ = ["TOPIC_LABELS", "match_topic"]

_TOPICS_FILE = Path(__file__).with_name("data") / "topics.json"


def _labels() -> dict[str, str]:
    with open(_TOPICS_FILE, encoding="utf-8") as fh:
        return {t["slug"]: t["label"] for t in json.load(fh)["topics"]}


#: slug -> Vietnamese label, in the order of topics.json.
TOPIC_LABELS: dict[str, str] = _labels()


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, list[str]]:
    """The trade's words for each topic (``data/topic_names.json``)."""
    with open(_TOPICS_FILE.with_name("topic_names.json"), encoding="utf-8") as fh:
        return json.load(fh)["topics"]


@functools.lru_cache(maxsize=None)
def _typed_forms(slug: str, label: str) -> frozenset[str]:
    """How a topic may be typed, folded: its slug ("rural industry" too), its label, any run
    of three or more of the label's words ("cong nghiep nong thon"), the initials of the
    label or of such a run that ends it ("tmdt", "TMĐT", "cnnt"), and the trade's words for
    it ("làng nghề", "ocop", "bán hàng online")."""
    words = folded_key(label).split()
    forms = {slug, slug.replace("-", " "), " ".join(words)}
    forms.update(" ".join(folded_key(name).replace("_", "-").split()) for name in _names().get(slug, ()))
    if len(words) >= 3:
        forms.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 3, len(words) + 1))
        forms.update("".join(w[0] for w in words[i:]) for i in range(len(words) - 2))
    return frozenset(forms)


def match_topic(raw: str) -> str | None:
    """The slug a typed topic stands for, leniently: the slug or the label, in any case,
    with or without diacritics ("E-commerce", "dien", "Điện"), or its initials ("tmdt");
    None if none."""
    key = " ".join(folded_key(raw).replace("_", "-").split())
    for slug, label in TOPIC_LABELS.items():
        if key in _typed_forms(slug, label):
            return slug
    return None
