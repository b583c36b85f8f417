"""The wards, communes and special zones (phường, xã, đặc khu) since 1 July 2025, read from
search/data/wards_2025.json: what a filter value such as "xã Tân Thuận" or "phường Hoàng
Mai" names, with the province it is in now and the former province it lay in."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from .textnorm import folded_key, nfc, normalize_tones

# The word typed before a unit's name, folded: "phường", "p.", "xã", "đặc khu".
_KIND_OF_WORD = {"phuong": "phường", "p": "phường", "xa": "xã", "dac khu": "đặc khu"}


def _spelled(name: str) -> str:
    """A name with its diacritics, in one tone convention (hoà/hòa), in lower case, on its
    letters and digits alone ("Chân Mây - Lăng Cô", "Cư M'gar" as typed or listed)."""
    return " ".join(re.sub(r"[^\w]+", " ", normalize_tones(nfc(name)).lower()).split())


@functools.lru_cache(maxsize=1)
def _units() -> dict[str, list[tuple[str, str, str, str | None, str]]]:
    """Folded name -> [(spelled name, kind, province now, former province, name as listed)]."""
    data = json.loads(Path(__file__).with_name("data").joinpath("wards_2025.json").read_text("utf-8"))
    out: dict[str, list[tuple[str, str, str, str | None, str]]] = {}
    for name, entries in data["units"].items():
        for kind, current, former in entries:
            out.setdefault(folded_key(_spelled(name)), []).append((_spelled(name), kind, current, former, nfc(name)))
    return out


def split_unit(typed: str) -> tuple[str, str] | None:
    """(kind, the name after it) of a value typed with a unit's word ("phường", "p.", "xã",
    "đặc khu", with or without diacritics), else None."""
    words = nfc(typed).split()
    for size in (2, 1):
        kind = _KIND_OF_WORD.get(folded_key(" ".join(words[:size])).rstrip("."))
        if kind is not None and len(words) > size:
            return kind, " ".join(words[size:])
    return None


def _entries(typed: str) -> list[tuple[str, str, str, str | None, str]]:
    """The list's entries of every unit a typed value may name (see :func:`units_named`)."""
    split = split_unit(typed)
    if split is None:
        return []
    kind, name = split[0], _spelled(split[1])
    found = [e for e in _units().get(folded_key(name), []) if e[1] == kind]
    if folded_key(name) != name:        # typed with diacritics: those so spelled
        found = [e for e in found if e[0] == name]
    return found


def units_named(typed: str) -> list[tuple[str, str | None]]:
    """(province now, former province) of every unit a typed value may name: its kind word
    and name ("xã Tân Thuận": Thái Bình's, now Hưng Yên, or Cà Mau's); typed with diacritics,
    only those so spelled ("xã Thanh Hóa" is none of the two "xã Thạnh Hóa"). Empty when the
    value starts with no kind word or names no such unit."""
    return [(current, former) for _, _, current, former, _ in _entries(typed)]


def units_titled(typed: str) -> list[tuple[str, str, str | None]]:
    """(its title, province now, former province) of every unit :func:`units_named` finds:
    the title as a reader writes it ("xã Tân Thuận"), however it was typed ("xa tan thuan"),
    so a choice among them can say which unit each is."""
    return [(f"{kind} {listed}", current, former) for _, kind, current, former, listed in _entries(typed)]


__all__ = ["split_unit", "units_named", "units_titled"]
