"""Regions a filter value may name: "Tây Nguyên", "ĐBSCL", "miền Tây" stand for their provinces.

Analysts compare the provinces of a region, and type its name where a province goes. A
region is no value of any facet (an article is about a province, or about none): a typed
region is read as each of its provinces, which a filter combines with OR like any values
typed together. The regions and what they hold are data (``data/regions.json``, with its
legal source); this module only reads them and matches a typed name leniently.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib.resources import files

from .textnorm import folded_key

__all__ = ["Region", "lead_words", "match_region", "region_forms", "regions", "regions_of"]


@dataclass(frozen=True)
class Region:
    name: str                       # "Đồng bằng sông Cửu Long"
    forms: tuple[str, ...]          # "ĐBSCL", "miền Tây"…
    provinces: tuple[str, ...]      # the 63 units' canonical names, in the data file's order


_NOT_WORD_RE = re.compile(r"[^a-z0-9 ]+")


def _plain(text: str) -> str:
    return " ".join(_NOT_WORD_RE.sub(" ", folded_key(text)).split())


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(files("ctsearch").joinpath("data/regions.json").read_text("utf-8"))


@functools.lru_cache(maxsize=1)
def lead_words() -> tuple[str, ...]:
    """Words that may come before a region's name and are no part of it ("vùng Tây
    Nguyên", "khu vực ĐBSCL", "các tỉnh thành phía Nam"), folded, longest first: the
    filters and the page's boxes strip the same ones."""
    return tuple(sorted({_plain(w) for w in _data()["lead_words"]}, key=lambda w: (-len(w), w)))


@functools.lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    return re.compile(r"^(?:(?:%s)\b ?)+" % "|".join(re.escape(w) for w in lead_words()))


#: What the page adds after a region's name in its chip ("Tây Nguyên (5 tỉnh/thành)").
_COUNT_RE = re.compile(r"\s*\(\s*\d+[^()]*\)\s*$")


def _key(text: str) -> str:
    return _lead_re().sub("", _plain(_COUNT_RE.sub("", text)))


@functools.lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    return tuple(Region(r["name"], tuple(r.get("forms", ())), tuple(r["provinces"])) for r in _data()["regions"])


@functools.lru_cache(maxsize=1)
def _by_key() -> dict[str, Region]:
    out: dict[str, Region] = {}
    for region in regions():
        for form in (region.name, *region.forms):
            out.setdefault(_key(form), region)
    return out


def match_region(value: str) -> Region | None:
    """The region ``value`` names, typed in any case, with or without diacritics, spaces or
    a leading "vùng" ("vung tay nguyen", "DBSCL", "Đồng bằng sông Cửu Long"); None when
    it names none (a province's name is never a region's)."""
    key = _key(value)
    return _by_key().get(key) if key else None


@functools.lru_cache(maxsize=None)
def regions_of(province: str) -> tuple[Region, ...]:
    """The regions a province lies in (its socio-economic region, the half of it, and the
    part of the country), in the data file's order."""
    return tuple(r for r in regions() if province in r.provinces)


@functools.lru_cache(maxsize=None)
def region_forms(province: str) -> tuple[str, ...]:
    """Every name of every region ``province`` lies in: what a sidebar box also finds it by."""
    return tuple(form for r in regions_of(province) for form in (r.name, *r.forms))
