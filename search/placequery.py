"""A province named in the words of a query, and the filter that finds it as today's reader means it.

Since 1 July 2025 a province's name may stand for more than it did: `vai thieu bac ninh`
typed today means today's Bắc Ninh, which holds former Bắc Giang, whose lychees the articles
before the merger file under Bắc Giang and never under Bắc Ninh. The words alone cannot find
them; the current-province filter can. This module finds such a name in a query typed plainly
and says which filter to offer, with the query's other words; the front ends offer it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .lexicon import not_places
from .merger import CURRENT_PROVINCES, FORMER_PROVINCES, current_aliases, current_of, former_of
from .textnorm import fold

#: The longest province name, in words ("Bà Rịa - Vũng Tàu" typed "ba ria vung tau").
_LONGEST = 4
#: Words that tie a place to what goes before, left out with it ("ở", "tại"), folded.
_LINKS = frozenset({"o", "tai", "cua", "tinh", "thanh", "pho", "tp"})


@dataclass(frozen=True)
class PlaceInQuery:
    """``typed`` ("bac ninh") names ``current`` ("Bắc Ninh"), today's unit holding the
    former provinces ``holds`` (its own first: "Bắc Ninh", "Bắc Giang"); ``rest`` is the
    query without it ("vai thieu")."""

    typed: str
    current: str
    holds: tuple[str, ...]
    rest: str

    def to_dict(self) -> dict:
        return {"typed": self.typed, "current_province": self.current, "holds": list(self.holds),
                "query": self.rest}

    def explain(self) -> str:
        """In the reader's words: "Bắc Ninh hiện nay gồm cả Bắc Giang cũ"."""
        others = [p for p in self.holds if p != self.current]
        named = ", ".join(others[:-1]) + f" và {others[-1]}" if len(others) > 1 else others[0]
        return f"{self.current} hiện nay gồm cả {named} cũ"


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Squashed name -> today's unit, for every former province and current unit (and its
    other spellings) whose unit holds more than one former province."""
    out: dict[str, str] = {}
    for name in FORMER_PROVINCES:
        unit = current_of(name)
        if unit and len(former_of(unit)) > 1:
            out.setdefault(_squash(name), unit)
    for unit in CURRENT_PROVINCES:
        if len(former_of(unit)) > 1:
            for name in (unit, *current_aliases(unit)):
                out[_squash(name)] = unit     # (typed today, the name is today's unit)
    return out


@functools.lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Names holding a province's that are no place ("Thái Bình Dương", "Bia Hà Nội")."""
    return frozenset(_squash(name) for name in not_places())


def place_in_query(text: str) -> PlaceInQuery | None:
    """The province a plainly typed query names (no quotes, exclusions or OR), when today's
    unit of that name holds more than one former province; None otherwise."""
    words = text.split()
    if not words or any('"' in w or w.startswith("-") or w == "OR" for w in words):
        return None
    names, wrong = _names(), _not_places()
    for n in range(min(_LONGEST, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            key = _squash(" ".join(words[i:i + n]))
            unit = names.get(key)
            if unit is None or len(key) < 4:
                continue
            around = [_squash(" ".join(words[a:b])) for a in range(max(0, i - 2), i + 1)
                      for b in range(i + n, min(len(words), i + n + 2) + 1) if (a, b) != (i, i + n)]
            if any(name in wrong for name in around):
                continue     # "thai binh duong": the Pacific
            before = words[:i]
            while before and fold(before[-1]).lower() in _LINKS:
                before = before[:-1]     # "gia lua o an giang": "ở" goes with the place
            rest = " ".join(before + words[i + n:])
            return PlaceInQuery(" ".join(words[i:i + n]), unit, tuple(former_of(unit)), rest)
    return None
