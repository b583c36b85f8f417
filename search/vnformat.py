"""Numbers as Vietnamese readers write them, for every surface that shows one: the terminal
and the web page must print the same count or duration the same way ("8.343 kết quả",
"0,02 giây")."""

from __future__ import annotations


def format_count(n: int) -> str:
    """Thousands separated by dots (12.345)."""
    return f"{n:,}".replace(",", ".")


def format_seconds(ms: float) -> str:
    """A duration as people read it, with the decimal comma: ``0,02 giây``."""
    seconds = max(ms, 0.0) / 1000
    if seconds < 0.01:
        return "dưới 0,01 giây"
    text = f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"
    return text.replace(".", ",") + " giây"


__all__ = ["format_count", "format_seconds"]
