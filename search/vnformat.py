"""Numbers as Vietnamese readers write them, for every surface that shows one: the terminal
and the web page must print the same count the same way ("8.343 kết quả")."""

from __future__ import annotations


def format_count(n: int) -> str:
    """Thousands separated by dots (12.345)."""
    return f"{n:,}".replace(",", ".")


__all__ = ["format_count"]
