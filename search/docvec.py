"""What kind of story an article is, as 100 numbers (``data/doc_vectors.npz``).

A careful reader uses the whole story to decide its facets: a showbiz piece that names
Hồ Chí Minh is not about the city, a travel guide that lists a craft village is not
about rural industry. The directions of this space were learned from the co-occurrence
of words in the unlabelled corpus (latent semantic analysis, ``scripts/train_doc_vectors.py``),
so stories of one kind land near each other even when they share no listed phrase. The
province and topic models weigh the vector beside their other evidence.

The terms are those of :func:`ctsearch.lexical.article_terms`, read from text already
prepared by :mod:`ctsearch.extract` (NFC, modern tone placement, lower case).
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import numpy as np

from .lexical import TITLE_PREFIX

__all__ = ["DocVectors", "doc_vector", "doc_vectors"]

_SYLLABLE_RE = re.compile(r"\w+")


class DocVectors:
    """The learned space: a vocabulary with inverse document frequencies and directions."""

    def __init__(self, vocab: list[str], idf: np.ndarray, directions: np.ndarray) -> None:
        self.dims = directions.shape[0]
        # Columns are terms, so one article gathers a few hundred contiguous rows.
        self._columns = np.ascontiguousarray(directions.T, dtype=np.float64)
        self._idf = idf.astype(np.float64)
        self._single: dict[str, int] = {}
        self._pairs: dict[str, dict[str, int]] = {}
        for i, term in enumerate(vocab):
            first, _, second = term.partition(" ")
            if second:
                self._pairs.setdefault(first, {})[second] = i
            else:
                self._single[first] = i

    @classmethod
    def from_bytes(cls, data: bytes) -> "DocVectors":
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            directions = z["directions"].astype(np.float64) * z["scale"].astype(np.float64)[:, None]
            return cls(vocab, z["idf"], directions)

    def terms(self, title: str, body: str) -> np.ndarray:
        """Sorted indices of the vocabulary terms present in the article."""
        t_words = _SYLLABLE_RE.findall(title)
        words = t_words + _SYLLABLE_RE.findall(body)
        present = set(words)
        present.update(TITLE_PREFIX + w for w in t_words)
        single, pairs = self._single, self._pairs
        found = {single[t] for t in present if t in single}
        for a, b in zip(words, words[1:]):
            seconds = pairs.get(a)
            if seconds is not None:
                j = seconds.get(b)
                if j is not None:
                    found.add(j)
        # Sorted: the sum below then adds in the same order whatever the hash seed.
        return np.array(sorted(found), dtype=np.intp)

    def vector(self, title: str, body: str) -> np.ndarray:
        """The article's unit-length position in the space (all zeros when it shares no
        term with the vocabulary)."""
        idx = self.terms(title, body)
        if not len(idx):
            return np.zeros(self.dims)
        v = self._idf[idx] @ self._columns[idx]
        norm = float(np.sqrt(v @ v))
        return v / norm if norm > 0 else np.zeros(self.dims)


@functools.lru_cache(maxsize=1)
def doc_vectors() -> DocVectors | None:
    """The shipped space, or None when the data file is absent (models then do without)."""
    path = Path(__file__).with_name("data") / "doc_vectors.npz"
    if not path.exists():
        return None
    return DocVectors.from_bytes(path.read_bytes())


def doc_vector(title: str, body: str) -> np.ndarray | None:
    """The article's vector in the shipped space (None without one)."""
    space = doc_vectors()
    return None if space is None else space.vector(title, body)
