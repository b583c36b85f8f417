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
import math
from pathlib import Path
from typing import Sequence

import numpy as np

from .lexical import TermIndex

__all__ = ["DocVectors", "doc_vectors", "model_weights", "weigh", "SPACE_FILE"]

SPACE_FILE = Path(__file__).with_name("data") / "doc_vectors.npz"


#: Inverse document frequencies are weighed in thousandths, so that an article's vector is
#: an exact integer sum (see DocVectors.vector).
IDF_UNITS = 1000


class DocVectors:
    """The learned space: a vocabulary with inverse document frequencies and directions
    (8-bit integers, one scale per direction, as scripts/train_doc_vectors.py stores them)."""

    def __init__(self, vocab: list[str], idf: np.ndarray, directions: np.ndarray, scale: np.ndarray,
                 digest: str = "") -> None:
        if not (len(vocab) == len(idf) == directions.shape[1]) or len(scale) != directions.shape[0]:
            raise ValueError(f"document vectors: {len(vocab)} terms, {len(idf)} idf values, "
                             f"{directions.shape} directions and {len(scale)} scales do not match")
        if not np.issubdtype(directions.dtype, np.integer):
            raise ValueError("document vectors: directions must be integers (quantised)")
        self.dims = directions.shape[0]
        #: Identifies the space, so a model trained with another one is refused.
        self.digest = digest
        # Rows are terms, so one article gathers a few hundred rows; kept as 8-bit numbers
        # (2 MB, not 16, in every indexing worker) and widened once gathered.
        self._rows = np.ascontiguousarray(directions.T)
        self._idf = np.round(np.asarray(idf, dtype=np.float64) * IDF_UNITS).astype(np.int64)
        self._scale = np.asarray(scale, dtype=np.float64)
        self._index = TermIndex(vocab)

    @classmethod
    def from_bytes(cls, data: bytes) -> "DocVectors":
        """Read the file written by scripts/train_doc_vectors.py."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            arrays = {k: z[k] for k in ("vocab", "idf", "directions", "scale")}
        vocab = bytes(arrays["vocab"]).decode("utf-8").split("\n")
        return cls(vocab, arrays["idf"], arrays["directions"], arrays["scale"], space_digest(arrays))

    def terms(self, title: str, body: str) -> np.ndarray:
        """Indices of the vocabulary terms present in the article, ascending."""
        return np.array(self._index.present(title, body), dtype=np.intp)

    def vector(self, title: str, body: str) -> np.ndarray:
        """The direction of the article in the space, of length one: its idf-weighted
        terms projected on the learned directions (all zeros when it shares no term with
        the vocabulary).

        Bit for bit the same on every machine and in every process: the projection is an
        integer sum (idf in thousandths times 8-bit directions), and what follows are
        single correctly rounded operations and an exact sum, never a BLAS product whose
        rounding depends on the CPU. A probability on a threshold cannot then flip
        between two indexing workers or two servers."""
        idx = self.terms(title, body)
        if not len(idx):
            return np.zeros(self.dims)
        v = (self._idf[idx] @ self._rows[idx].astype(np.int64)).astype(np.float64) * self._scale
        norm = math.sqrt(math.fsum(v * v))
        return v / norm if norm > 0 else np.zeros(self.dims)


def space_digest(arrays: dict[str, np.ndarray]) -> str:
    """A short name for one space: its arrays' contents, whatever compression wrote them."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{a.dtype.str}:{a.shape}\0".encode() + a.tobytes())
    return digest.hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def doc_vectors() -> DocVectors:
    """The shipped space. Its absence is a broken install: the models were trained with
    it, and without it their scores would all shift."""
    if not SPACE_FILE.exists():
        raise FileNotFoundError(f"{SPACE_FILE} is missing: reinstall ctsearch, or make it with "
                                "scripts/train_doc_vectors.py --write and retrain the models")
    return DocVectors.from_bytes(SPACE_FILE.read_bytes())


def model_weights(data: dict, name: str) -> tuple[float, ...]:
    """A model's weights of the document vector (empty: it does without), refused when
    it was trained with another space than the shipped one: every model reading the
    vector (the province, the topics, the story kind) loads its weights here."""
    weights = tuple(data.get("vector_weights") or ())
    if weights:
        space = doc_vectors()
        if data.get("doc_vectors") != space.digest or len(weights) != space.dims:
            raise RuntimeError(f"{name} was trained with document vectors {data.get('doc_vectors')!r}, "
                               f"not the shipped {space.digest!r}: retrain it (scripts/train_*.py)")
    return weights


def weigh(weights: Sequence[float], vector: Sequence[float] | None) -> float:
    """The document vector's contribution to a model (nothing when the model has no
    vector weights), an exact sum as the vector is."""
    if not weights:
        return 0.0
    if vector is None or len(vector) != len(weights):
        raise ValueError(f"a model weighs a document vector of {len(weights)} numbers, "
                         f"got {None if vector is None else len(vector)}")
    return math.fsum(w * float(v) for w, v in zip(weights, vector))
