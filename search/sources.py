"""One spelling per source in an index, whatever case its feeds write it in.

:func:`search.clean.source_name` gives each spelling of a name one tone placement and recases
a name written all in capitals or all in small letters; it cannot tell how a name in mixed
case or a word of another language is meant ("Dân trí" or "Dân Trí", "Tuổi Trẻ ONLINE" or
"Tuổi Trẻ Online", "VNEXPRESS" or "VnExpress"). The source facet would list each spelling as
a publisher of its own, and a filter typed in any case reaches one of them. So an indexing run
stores every source in the spelling the index already holds for it, case aside (and a name
written without marks in the first spelling with marks on its letters), or the first one it
reads.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .clean import source_name
from .ingest import Problem, RawArticle
from .textnorm import fold

__all__ = ["SourceSpellings", "one_spelling"]


class SourceSpellings:
    """The spelling of each source, case aside: those ``known`` (the index's), then the first
    one read."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._spelling: dict[str, str] = {}     # by letters and marks, case aside
        self._marked: dict[str, str] = {}       # by letters alone: the first spelled with marks
        for name in known:
            if isinstance(name, str) and name:
                self.of(name)

    def of(self, name: str) -> str:
        """The spelling ``name`` (cleaned by :func:`~search.clean.source_name`) is stored in:
        the one held for its letters and marks, case aside; for a name written without
        marks, the first held with marks on its letters ("Dan Tri" is "Dân Trí"). Two names
        whose marks differ stay two ("Hải Quan", the customs' paper; "Hải Quân", the navy's)."""
        key = name.casefold()
        if key in self._spelling:
            return self._spelling[key]
        letters = fold(name).casefold()
        if letters == key and letters in self._marked:
            return self._marked[letters]
        self._spelling[key] = name
        if letters != key:
            self._marked.setdefault(letters, name)
        return name


def one_spelling(items: Iterable[RawArticle | Problem], known: Iterable[str] = ()
                 ) -> Iterator[RawArticle | Problem]:
    """``items`` with each article's given source in the spelling of :class:`SourceSpellings`
    (the rest of its record as read)."""
    spellings = SourceSpellings(known)
    for item in items:
        if isinstance(item, RawArticle):
            given = item.meta.get("source") if isinstance(item.meta, dict) else None
            if isinstance(given, str) and given.strip():
                name = source_name(given)
                if name:
                    item.meta["source"] = spellings.of(name)
        yield item
