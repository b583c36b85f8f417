"""The index's own vocabulary, by folded form.

Built once per searcher from the word and syllable lexicons. It restores what a
query typed without accents cannot carry: which syllables form a word ("thuong mai"
is the compound "thương_mại"), and which accented form is meant ("dien gio" ->
"điện gió").
"""

from __future__ import annotations

import difflib
import threading
import weakref

from .textnorm import fold

#: Longest compound (in syllables) looked up.
MAX_COMPOUND = 4


class Vocabulary:
    """Folded form -> (most frequent accented form, its document frequency)."""

    def __init__(self, reader):
        self.words: dict[str, tuple[str, int]] = {}
        self.syllables: dict[str, tuple[str, int]] = {}
        for fieldname, target in (("body", self.words), ("title", self.words),
                                  ("body_syl", self.syllables), ("title_syl", self.syllables)):
            try:
                terms = reader.iter_field(fieldname)
                for tbytes, info in terms:
                    term = tbytes.decode("utf-8") if isinstance(tbytes, bytes) else tbytes
                    key = fold(term)
                    df = info.doc_frequency()
                    best = target.get(key)
                    if best is None or df > best[1]:
                        target[key] = (term, df)
            except Exception:  # an empty index has no such field yet
                continue
        self.accented_syllables = {v[0] for v in self.syllables.values()}
        self._keys_by_initial: dict[str, list[str]] = {}
        for key in self.syllables:
            self._keys_by_initial.setdefault(key[:1], []).append(key)

    def is_compound(self, folded_key: str) -> bool:
        """Whether some indexed word folds to ``folded_key`` ("thuong_mai")."""
        return folded_key in self.words

    def closest_syllable(self, folded: str) -> str | None:
        pool = self._keys_by_initial.get(folded[:1], [])
        found = difflib.get_close_matches(folded, pool, n=1, cutoff=0.75)
        return self.syllables[found[0]][0] if found else None


_vocabularies: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def vocabulary_for(searcher) -> Vocabulary:
    """Built once per searcher (it changes only when the index does)."""
    reader = searcher.reader()
    with _lock:
        vocab = _vocabularies.get(reader)
        if vocab is None:
            vocab = _vocabularies[reader] = Vocabulary(reader)
        return vocab
