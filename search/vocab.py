"""The index's own vocabulary, by folded form.

Built once per searcher from the word and syllable lexicons. It restores what a
query typed without accents cannot carry: which syllables form a word ("thuong mai"
is the compound "thương_mại"), and which accented form is meant ("dien gio" ->
"điện gió").
"""

from __future__ import annotations

import difflib
import os
import pickle
from pathlib import Path

from .store import write_generation_file
from .textnorm import fold

#: Longest compound (in syllables) looked up.
MAX_COMPOUND = 4


_FILE = "vocabulary-{generation}.pickle"


class Vocabulary:
    """Folded form -> (most frequent accented form, its document frequency)."""

    def __init__(self, reader=None):
        self.words: dict[str, tuple[str, int]] = {}
        self.syllables: dict[str, tuple[str, int]] = {}
        if reader is not None:
            self._read(reader)
            self._index()

    def _read(self, reader) -> None:
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

    def _index(self) -> None:
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


    def __getstate__(self) -> dict:
        return {"words": self.words, "syllables": self.syllables}

    def __setstate__(self, state: dict) -> None:
        self.words, self.syllables = state["words"], state["syllables"]
        self._index()


def save_vocabulary(index_dir: str | os.PathLike, generation: int, vocab: Vocabulary) -> None:
    """Write the vocabulary of one index generation and drop older ones."""
    write_generation_file(index_dir, _FILE, generation,
                          lambda fh: pickle.dump(vocab, fh, protocol=pickle.HIGHEST_PROTOCOL))


def load_vocabulary(index_dir: str | os.PathLike, generation: int, reader) -> Vocabulary:
    """The vocabulary the indexer saved for ``generation``, else built from ``reader``."""
    try:
        with open(Path(index_dir) / _FILE.format(generation=generation), "rb") as fh:
            vocab = pickle.load(fh)
        if isinstance(vocab, Vocabulary):
            return vocab
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    return Vocabulary(reader)
