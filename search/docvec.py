"""What kind of story an article is, as 100 numbers (``data/doc_vectors.npz``).

A careful reader uses the whole story to decide its facets: a showbiz piece that names
Hồ Chí Minh City is not about the city, a travel guide that lists a craft village is not
about rural industry. The directions of this space were learned from the co-occurrence
of words in the unlabelled corpus (latent semantic analysis, ``scripts/train_doc_vectors.py``),
so stories of one kind land near each other even when they share no listed phrase. The
province model and the topic models with words weigh the vector beside their other
evidence, and record which space they were trained with (:attr:`DocVectors.digest`).

The terms are those of :func:`ctsearch.lexical.article_terms`, read from text already
prepared by :mod:`ctsearch.extract` (NFC, modern tone placement, lower case).
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

import numpy as np

from .lexical import TermIndex

__all__ = ["DocVectors", "doc_vectors", "SPACE_FILE"]

SPACE_FILE = Path(__file__).with_name("data") / "doc_vectors.npz"


class DocVectors:
    """The learned space: a vocabulary with inverse document frequencies and directions."""

    def __init__(self, vocab: list[str], idf: np.ndarray, directions: np.ndarray, digest: str = "") -> None:
        if not (len(vocab) == len(idf) == directions.shape[1]):
            raise ValueError(f"document vectors: {len(vocab)} terms, {len(idf)} idf values and "
                             f"{directions.shape[1]} columns of directions do not match")
        self.dims = directions.shape[0]
        #: Identifies the space, so a model trained with another one is refused.
        self.digest = digest
        # Rows are terms, so one article gathers a few hundred rows.
        self._rows = np.ascontiguousarray(directions.T, dtype=np.float64)
        self._idf = np.asarray(idf, dtype=np.float64)
        self._index = TermIndex(vocab)

    @classmethod
    def from_bytes(cls, data: bytes) -> "DocVectors":
        """Read the file written by scripts/train_doc_vectors.py (directions stored as
        8-bit integers with one scale per direction, to keep the file small)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            vocab = bytes(z["vocab"]).decode("utf-8").split("\n")
            directions = z["directions"].astype(np.float64) * z["scale"].astype(np.float64)[:, None]
            return cls(vocab, z["idf"], directions, space_digest(data))

    def terms(self, title: str, body: str) -> np.ndarray:
        """Indices of the vocabulary terms present in the article, ascending."""
        return np.array(self._index.present(title, body), dtype=np.intp)

    def vector(self, title: str, body: str) -> np.ndarray:
        """The direction of the article in the space, of length one: its idf-weighted
        terms projected on the learned directions (all zeros when it shares no term with
        the vocabulary). Terms are added in vocabulary order, so the result does not
        depend on the hash seed."""
        idx = self.terms(title, body)
        if not len(idx):
            return np.zeros(self.dims)
        v = self._idf[idx] @ self._rows[idx]
        norm = float(np.sqrt(v @ v))
        return v / norm if norm > 0 else np.zeros(self.dims)


def space_digest(data: bytes) -> str:
    """A short name for one space file's contents."""
    return hashlib.sha256(data).hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def doc_vectors() -> DocVectors:
    """The shipped space. Its absence is a broken install: the models were trained with
    it, and without it their scores would all shift."""
    if not SPACE_FILE.exists():
        raise FileNotFoundError(f"{SPACE_FILE} is missing: reinstall ctsearch, or make it with "
                                "scripts/train_doc_vectors.py --write and retrain the models")
    return DocVectors.from_bytes(SPACE_FILE.read_bytes())
