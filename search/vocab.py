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
#: The per-segment term frequencies written by the segment builder, by field.
SEGMENT_VOCAB_EXT = ".voc"
VOCAB_FIELDS = ("body", "title", "body_syl", "title_syl")


class Vocabulary:
    """Folded form -> (most frequent accented form, its document frequency)."""

    def __init__(self, reader=None):
        self.words: dict[str, tuple[str, int]] = {}
        self.syllables: dict[str, tuple[str, int]] = {}
        if reader is not None:
            self._read(reader)
            self._index()

    @classmethod
    def from_frequencies(cls, fields: dict[str, dict[str, int]]) -> "Vocabulary":
        """From each field's term -> document frequency (``VOCAB_FIELDS``)."""
        self = cls()
        for fieldname, target in self._targets():
            freqs = fields.get(fieldname) or {}
            self._add(target, ((t, freqs[t]) for t in sorted(freqs)))
        self._index()
        return self

    def _targets(self):
        return (("body", self.words), ("title", self.words),
                ("body_syl", self.syllables), ("title_syl", self.syllables))

    @staticmethod
    def _add(target: dict, terms) -> None:
        for term, df in terms:
            key = fold(term)
            best = target.get(key)
            if best is None or df > best[1]:
                target[key] = (term, df)

    def _read(self, reader) -> None:
        for fieldname, target in self._targets():
            try:
                self._add(target, ((t.decode("utf-8") if isinstance(t, bytes) else t, info.doc_frequency())
                                   for t, info in reader.iter_field(fieldname)))
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


def vocabulary_of_segments(index_dir: str | os.PathLike, reader) -> Vocabulary:
    """The vocabulary of ``reader``'s index, from the term frequencies each segment's
    builder saved (summed over segments); a segment without them has its lexicon read."""
    total: dict[str, dict[str, int]] = {}
    leaves = [r for r, _offset in reader.leaf_readers()] if reader.doc_count_all() else []
    for leaf in leaves:
        segment = leaf.segment()
        try:
            with open(Path(index_dir) / segment.make_filename(SEGMENT_VOCAB_EXT), "rb") as fh:
                fields = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            fields = {}
            for fieldname in VOCAB_FIELDS:
                try:
                    fields[fieldname] = {(t.decode("utf-8") if isinstance(t, bytes) else t): i.doc_frequency()
                                         for t, i in leaf.iter_field(fieldname)}
                except Exception:
                    continue
        for fieldname, freqs in fields.items():
            into = total.setdefault(fieldname, {})
            if not into:
                into.update(freqs)
                continue
            get = into.get
            for term, df in freqs.items():
                into[term] = get(term, 0) + df
    return Vocabulary.from_frequencies(total)


def load_vocabulary(index_dir: str | os.PathLike, generation: int, reader) -> Vocabulary:
    """The vocabulary the indexer saved for ``generation``, else built from the segments."""
    try:
        with open(Path(index_dir) / _FILE.format(generation=generation), "rb") as fh:
            vocab = pickle.load(fh)
        if isinstance(vocab, Vocabulary):
            return vocab
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    return vocabulary_of_segments(index_dir, reader)
