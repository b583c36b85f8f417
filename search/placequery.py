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

from .abbrev import curated_entries
from .lexicon import not_places, province_aliases
from .merger import CURRENT_PROVINCES, FORMER_PROVINCES, current_aliases, current_of, former_of
from .textnorm import canon, fold, is_vietnamese_syllable
from .vnformat import format_list

#: The longest province name, in words ("Bà Rịa - Vũng Tàu" typed "ba ria vung tau").
_LONGEST = 4
#: The fewest letters of a name looked for ("TPHCM", "BRVT"; not "HN", a word's letters too).
MIN_NAME_LETTERS = 4
#: Words that tie a place to what goes before, left out with it ("ở", "tại"), folded.
_LINKS = frozenset({"o", "tai", "cua", "tinh", "tp"})
#: A word after a province's name saying which is meant, as the province filters read it
#: ("Hà Giang cũ", "Tuyên Quang (mới)"), folded: the province as it was, or today's.
_FORMER, _NEWER = "cu", "moi"
#: ... as it may be typed: without marks or with its own (not "Củ Chi", "mối", "môi").
_QUALIFIERS = {"cu": _FORMER, "cũ": _FORMER, "moi": _NEWER, "mới": _NEWER}


def _qualifier(words: list[str], k: int) -> str | None:
    """``_FORMER`` or ``_NEWER`` where ``words[k]`` says which province is meant: "cũ" or
    "mới" (or without marks) ending the query (a full stop after it aside) or its words
    before a year, an exclusion or OR ("ha giang cu 2021", "ha giang cu -thuy dien"), or in
    brackets anywhere; None otherwise (`gia ca phe dak lak moi nhat` is the latest, `quang
    nam cu lao cham` an island)."""
    if k >= len(words):
        return None
    word = words[k].rstrip(".,;!?")
    bracketed = word.startswith("(") and word.endswith(")")
    after = words[k + 1] if k + 1 < len(words) else ""
    if not (bracketed or not after or after.isdigit() or after.startswith("-") or after == "OR"):
        return None
    return _QUALIFIERS.get(canon(word.strip("()").lower()))


@dataclass(frozen=True)
class PlaceInQuery:
    """``typed`` ("bac ninh") names ``current`` ("Bắc Ninh"), today's unit holding the
    former provinces ``holds`` (its own first: "Bắc Ninh", "Bắc Giang"); ``rest`` is the
    query without it ("vai thieu")."""

    typed: str
    current: str
    holds: tuple[str, ...]
    rest: str
    #: The articles the offer finds (``rest`` in today's unit) holding every word, where
    #: the search counted them (0: not counted).
    found: int = 0
    #: Typed "… cũ": the province as it was ("Hà Giang cũ"), offered by the province filter
    #: rather than today's unit; None otherwise ("… mới" is today's unit, as a name alone).
    former: str | None = None

    @property
    def facet(self) -> str:
        """The filter offered (``search.facetdefs``): the province as it was for "… cũ",
        else today's."""
        return "province" if self.former else "current_province"

    @property
    def value(self) -> str:
        return self.former or self.current

    def to_dict(self) -> dict:
        return {"typed": self.typed, "current_province": self.current, "province": self.former,
                "holds": list(self.holds), "query": self.rest, "found": self.found}

    def explain(self) -> str:
        """In the reader's words: "Bắc Ninh hiện nay gồm cả Bắc Giang cũ"; "Hà Giang cũ nay
        thuộc Tuyên Quang"."""
        if self.former:
            return f"{self.former} cũ nay thuộc {self.current}" if self.former != self.current else \
                f"{self.current} hiện nay gồm cả {format_list([p for p in self.holds if p != self.current])} cũ"
        others = [p for p in self.holds if p != self.current]
        return f"{self.current} hiện nay gồm cả {format_list(others)} cũ"


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    """Squashed name -> (the province's name, today's unit), for every former province (its
    gazetteer names too: "TP.HCM", "Vũng Tàu"), current unit (and its other spellings), and
    the short forms of three letters or more that the abbreviations list beside a name
    ("HCM"; no syllable: "Huế" is a name, "hue" typed alone a place only as the gazetteer's)."""
    out: dict[str, tuple[str, str]] = {}
    aliases = province_aliases()
    for name in FORMER_PROVINCES:
        unit = current_of(name)
        for typed in (name, *aliases.get(name, [])):
            key = _squash(typed)
            if unit and len(key) >= MIN_NAME_LETTERS:
                out.setdefault(key, (name, unit))
    for unit in CURRENT_PROVINCES:
        for name in (unit, *current_aliases(unit)):
            out[_squash(name)] = (unit, unit)     # (typed today, the name is today's unit)
    for entry in curated_entries():     # short forms people type for a place ("HCM")
        forms = [form.lstrip("^") for form in entry if form[:1] not in "~<"]
        place = next((out[_squash(form)] for form in forms if _squash(form) in out), None)
        for form in forms if place else ():
            if len(_squash(form)) >= 3 and not is_vietnamese_syllable(fold(form).lower()):
                out.setdefault(_squash(form), place)     # (not "HN": "h n", "hn" typed for hơn)
    return out


@functools.lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Names holding a province's that are no place ("Thái Bình Dương", "Bia Hà Nội")."""
    return frozenset(_squash(name) for name in not_places())


@functools.lru_cache(maxsize=256)
def place_in_query(text: str) -> PlaceInQuery | None:
    """The province a plainly typed query names (no quotes, exclusions or OR), when today's
    unit of that name holds more than one former province; None otherwise, and where the
    query names provinces of two units ("tien giang ben tre": no one filter is meant). Kept
    for the next calls (a search asks it for the words it looks for and for its offer)."""
    words = text.split()
    if not words or any('"' in w or w.startswith("-") or w == "OR" for w in words):
        return None
    found = _provinces_named(words)
    if not found or len({unit for _i, _n, unit in found}) > 1:
        return None
    i, n, unit = found[0]
    holds = tuple(former_of(unit))
    if len(holds) < 2:
        return None
    named = {k for i0, n0, _u in found for k in range(i0, i0 + n0)}   # "quang nam da nang": both go
    after = _qualifier(words, i + n)
    former = None
    if after is not None and len(found) == 1:
        named.add(i + n)         # "ha giang cu": which Hà Giang, not a word to look for
        if after == _FORMER:
            former = _names()[_squash(" ".join(words[i:i + n]))][0]
        n += 1
    before = [w for k, w in enumerate(words[:i]) if k not in named]
    while before and fold(before[-1]).lower() in _LINKS:
        before = before[:-1]     # "gia lua o an giang": "ở" goes with the place
    if len(before) >= 2 and [fold(w).lower() for w in before[-2:]] == ["thanh", "pho"]:
        before = before[:-2]     # "thành phố Hồ Chí Minh"
    rest = before + [w for k, w in enumerate(words) if k >= i and k not in named]
    return PlaceInQuery(" ".join(words[i:i + n]), unit, holds, " ".join(rest), former=former)


def qualifiers_after(head: str, typed: str) -> list[str]:
    """The words "cũ" and "mới" that ``typed`` (a word being typed, "c", "mo") may begin
    after ``head`` where they say which province it names (:func:`place_in_query`): after
    a province a merger changed, and "mới" only after a name today's unit bears, in any of
    its forms ("Tuyên Quang mới", "hcm mới"; no "Hà Giang mới")."""
    typed = typed.lower()
    out = []
    for word in ("cũ", "mới"):
        if not (fold(word).startswith(fold(typed)) and (typed == fold(typed) or word.startswith(typed))):
            continue
        place = place_in_query(f"{head} {word}")
        if place is None or not place.typed.endswith(word):
            continue
        if word == "mới" and _squash(place.typed[:-len(word)]) != _squash(place.current) \
                and _named(head) != place.current:
            continue
        out.append(word)
    return out


def _named(head: str) -> str | None:
    """The province ``head`` ends naming, by any of its forms ("hcm", "TP.HCM"), or None."""
    place = place_in_query(f"{head} cũ")
    return place.former if place is not None else None


def without_qualifier(text: str) -> str:
    """``text`` without the "cũ" or "mới" after a province it names: which province is meant
    is the offer's to say (:func:`place_in_query`), not a word to look for ("ha giang cu"
    read "hà giang cứ"), in a query with operators too ("ha giang cu -thuy dien"). Only
    after a province a merger changed: "Hà Nội Mới" is a newspaper."""
    words = text.split()
    if '"' in text:
        return text
    drop = {i + n for i, n, unit in _provinces_named(words)
            if _qualifier(words, i + n) is not None and len(former_of(unit)) > 1}
    return " ".join(w for k, w in enumerate(words) if k not in drop) if drop else text


def _also_a_word(name: str) -> bool:
    """Whether a province's name is also a word of the language, written so in lower case in
    the dictionary ("hòa bình", peace; "thái bình", "hải dương"; not "đà nẵng")."""
    return tuple(canon(name.lower()).split()) in _common_words()


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[tuple[str, ...]]:
    """The dictionary's words of two syllables or more written in lower case (no names)."""
    from .segment import dictionary_words

    return frozenset(tuple(canon(word).split()) for word in dictionary_words() if word == word.lower() and " " in word)


def _provinces_named(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, length, today's unit) of each province the words name, longest names first,
    none overlapping; a name that is also a word only typed as a name ("Hòa Bình"; "gìn giữ
    hòa bình" is peacekeeping), never inside a longer name that is no place ("thai binh
    duong")."""
    names, wrong = _names(), _not_places()
    taken: set[int] = set()
    found = []
    for n in range(min(_LONGEST, len(words)), 0, -1):
        for i in range(len(words) - n + 1):
            span = words[i:i + n]
            if taken & set(range(i, i + n)):
                continue
            name, unit = names.get(_squash(" ".join(span)), ("", None))
            if unit is None:
                continue
            if _also_a_word(name) and not all(w[:1].isupper() for w in span if w[:1].isalpha()):
                continue     # "hòa bình" (peace), "hai duong" (the ocean): a name only typed as one
            around = [_squash(" ".join(words[a:b])) for a in range(max(0, i - 2), i + 1)
                      for b in range(i + n, min(len(words), i + n + 2) + 1) if (a, b) != (i, i + n)]
            if any(name in wrong for name in around):
                continue
            taken |= set(range(i, i + n))
            found.append((i, n, unit))
    return sorted(found)
