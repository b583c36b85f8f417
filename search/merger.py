"""The 2025 provinces: each of the 63 former provincial units and the unit it belongs to now.

Since 1 July 2025 Viet Nam has 34 provincial units (Nghị quyết 202/2025/QH15); users
think in them ("the new Tuyên Quang" includes former Hà Giang). Articles keep the
province they name (one of the 63 former units, see ``data/provinces.json``); the
current unit is derived from it through ``data/provinces_2025.json``, so filtering by
it needs nothing new in the index.

Cheap to import (a 3 KB JSON file): searching uses it for facet labels and filters.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from .textnorm import folded_key

__all__ = [
    "CURRENT_PROVINCES",
    "MERGER_DATE",
    "current_of",
    "former_of",
    "province_label",
    "without_label",
    "match_current_province",
    "unit_title",
    "nearest_current_provinces",
]

_DATA = json.loads(Path(__file__).with_name("data").joinpath("provinces_2025.json").read_text("utf-8"))

#: The 34 current units, in the order of the data file.
CURRENT_PROVINCES: list[str] = [u["name"] for u in _DATA["units"]]
#: From this date, articles name the current units.
MERGER_DATE: str = _DATA["effective"]

_CURRENT_OF: dict[str, str] = {old: u["name"] for u in _DATA["units"] for old in u["from"]}
#: The 63 former units, as articles before the merger name them.
FORMER_PROVINCES: list[str] = list(_CURRENT_OF)
_FORMER_OF: dict[str, list[str]] = {u["name"]: list(u["from"]) for u in _DATA["units"]}
_KIND: dict[str, str] = {u["name"]: u["kind"] for u in _DATA["units"]}


def current_of(province: str | None) -> str | None:
    """The current unit of a former province ("Hà Giang" -> "Tuyên Quang"); None for None."""
    if not province:
        return None
    return _CURRENT_OF.get(province)


def former_of(current: str) -> list[str]:
    """The former units a current one absorbed, the one whose name it keeps first."""
    return list(_FORMER_OF.get(current, []))


def current_aliases(current: str) -> list[str]:
    """Other spellings of a current unit ("TP Huế")."""
    return [alias for u in _DATA["units"] if u["name"] == current for alias in u.get("aliases", [])]


def unit_title(current: str) -> str:
    """A unit of today as a sentence names it: "tỉnh Tuyên Quang", "TP Hồ Chí Minh"."""
    return f"TP {current}" if _KIND.get(current) == "thành phố" else f"tỉnh {current}"


def province_label(province: str | None) -> str | None:
    """How to show a former province to today's reader.

    "Hà Giang (nay thuộc Tuyên Quang)" when its unit has another name now, "Thừa Thiên
    Huế (nay là thành phố Huế)" when it was renamed, the bare name otherwise.
    """
    if not province:
        return province
    now = _CURRENT_OF.get(province)
    if now is None or now == province:
        return province
    if _FORMER_OF.get(now, [None])[0] == province:  # renamed, not merged into another
        return f"{province} (nay là {_KIND.get(now, '')} {now})".replace("  ", " ")
    return f"{province} (nay thuộc {now})"


_LABEL_RE = re.compile(r"\s*\(\s*nay\s[^()]*\)\s*$", re.IGNORECASE)


def without_label(value: str) -> str:
    """``value`` without the note :func:`province_label` adds, so that what a facet shows
    ("Hà Giang (nay thuộc Tuyên Quang)") is accepted back as a filter value."""
    return _LABEL_RE.sub("", value)


def _key(value: str) -> str:
    key = re.sub(r"[.\-–—,_/()'’]+", " ", folded_key(value))
    key = " ".join(key.split())
    for pre in ("tinh ", "thanh pho ", "tp ", "t p "):
        if key.startswith(pre):
            key = key[len(pre):]
            break
    return key


_LOOKUP: dict[str, str] = {}
for _u in _DATA["units"]:
    for _form in (_u["name"], *_u.get("aliases", [])):
        _LOOKUP.setdefault(_key(_form), _u["name"])
        _LOOKUP.setdefault(_key(_form).replace(" ", ""), _u["name"])


def match_current_province(value: str) -> str | None:
    """Lenient lookup of a current unit from its name or any former unit's name.

    "tuyen quang" and "Hà Giang" both give "Tuyên Quang"; "hue", "Thừa Thiên - Huế"
    give "Huế". Case, diacritics, tone placement and "tỉnh"/"TP" never matter.
    """
    if not value or not value.strip():
        return None
    key = _key(value)
    found = _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))
    if found:
        return found
    from .extract import match_province  # the former names and their aliases

    return current_of(match_province(value))  # a label ("Hà Giang (nay thuộc Tuyên Quang)") too


def nearest_current_provinces(value: str, n: int = 3, via: dict[str, str] | None = None) -> list[str]:
    """Closest current units for an unknown value, for "did you mean" messages: the units
    of every former province an abbreviation or a shared place name may stand for first
    ("BD": Bình Dương, now Hồ Chí Minh, and Bình Định, now Gia Lai), then the nearest
    spellings of current and former names and of what the former are called ("sai gonn":
    Hồ Chí Minh). ``via``, when given, gets the former province a unit was found by where
    it is another's ("ben tree": Vĩnh Long by Bến Tre), which the message names."""
    key = _key(value or "")
    if not key or n <= 0:
        return []
    from .extract import possible_provinces, typed_province_forms  # slow to import: only when a value is unknown

    scored: dict[str, float] = {}
    found_by: dict[str, str] = {}
    for former in possible_provinces(value):
        unit = _CURRENT_OF.get(former)
        if unit is not None:
            scored[unit] = 2.0
    forms = [(k, v, v) for k, v in _LOOKUP.items()] + [(form, _CURRENT_OF[old], old)
                                                       for form, old in typed_province_forms() if old in _CURRENT_OF]
    for form, unit, former in forms:
        ratio = difflib.SequenceMatcher(None, key, form).ratio()
        if ratio > scored.get(unit, 0.0):
            scored[unit] = ratio
            found_by[unit] = former
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], CURRENT_PROVINCES.index(kv[0])))
    near = [unit for unit, ratio in ranked[:n] if ratio >= 0.4]
    if via is not None:
        via.update({unit: found_by[unit] for unit in near if found_by.get(unit, unit) != unit})
    return near
