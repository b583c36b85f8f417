"""A title for articles published without one.

Some sources keep no separate headline line; a list of identical "(không có tiêu đề)"
links tells a reader (or a screen reader) nothing. The stored title stays empty (it is
the truth about the source); front ends show a title derived from the article itself,
marked as derived: the first sentence of the text, cut at a word, or else the words of
the URL's slug (``…/10-nen-kinh-te-lon-nhat-2021….htm`` -> "10 nen kinh te lon nhat").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .sentences import first_sentence as _sentence

#: Longest derived title, in characters (a headline's length).
MAX_TITLE_CHARS = 110

_WORD = re.compile(r"\w", re.UNICODE)
# Datelines and bare timestamps that open some bodies ("07/02/2023 - 18:34").
_DATELINE = re.compile(r"^[\d\s/:.\-–,()hGMT+]*$")


@dataclass(frozen=True)
class DisplayTitle:
    text: str
    derived: str | None     # None: the article's own title; "text" or "url": where it came from


def cut_at_word(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """``text`` if short enough, else cut at the last space before ``limit``, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def first_sentence(body: str) -> str:
    """The first sentence of the first line that is prose (not a dateline)."""
    for line in body.split("\n"):
        line = line.strip()
        if len(line.split()) < 3 or _DATELINE.match(line):
            continue
        return cut_at_word(_sentence(line))
    return ""


def derived_title_end(body: str) -> int:
    """Where the text a title derived from ``body`` (:func:`first_sentence`) shows ends in
    it, 0 when none is: a snippet of an untitled article begins after it, not repeating it."""
    words = first_sentence(body).removesuffix("…").split()
    if not words:
        return 0
    # (the title's spaces are collapsed: any white space between its words in the text)
    found = re.search(r"\s+".join(map(re.escape, words)), body)
    return found.end() if found else 0


def slug_words(url: str | None) -> str:
    """The words of a URL's last path segment, without its numeric id and extension."""
    if not url:
        return ""
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    segment = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    segment = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", segment)            # .htm, .html, .chn
    words = [w for w in re.split(r"[-_+\s]+", segment) if w]
    while words and words[-1].isdigit() and len(words[-1]) >= 6:       # trailing article id
        words.pop()
    text = " ".join(words)
    return cut_at_word(text) if _WORD.search(text) and len(words) >= 2 else ""


def display_title(title: str, body: str = "", url: str | None = None) -> DisplayTitle:
    """The title to show: the article's own, else one derived from its text or URL."""
    if title and title.strip():
        return DisplayTitle(title, None)
    sentence = first_sentence(body)
    if sentence:
        return DisplayTitle(sentence, "text")
    slug = slug_words(url)
    if slug:
        return DisplayTitle(slug, "url")
    return DisplayTitle("Bài không có tiêu đề", "none")
