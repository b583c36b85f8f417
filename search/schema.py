"""The Whoosh schema: which fields an article is indexed and stored under.

Text is indexed three ways (see :mod:`search.analysis`); facets live in per-document
columns so that counting them is array arithmetic rather than a walk over every hit.
"""

from __future__ import annotations

import pickle
import struct

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import bigram_analyzer, field_positions, folded_analyzer, syllable_analyzer, word_analyzer

#: Bump when the schema changes incompatibly; an older index asks for --rebuild.
SCHEMA_VERSION = 3

#: The forms of each text field, by the suffix of their field names: words,
#: syllables, folded syllables, folded syllable bigrams.
TEXT_FORMS = ("", "_syl", "_fold", "_bi")


class PreIndexed(tuple):
    """Posting items ``(term bytes, freq, weight, value bytes)`` computed elsewhere.

    Analysis (pyvi's CRF) runs in worker processes; the single Whoosh writer only
    receives finished postings, so indexing uses every core.
    """

    __slots__ = ()


class VnText(TEXT):
    """A TEXT field that also accepts :class:`PreIndexed` postings."""

    def index(self, value, **kwargs):
        if isinstance(value, PreIndexed):
            return iter(value)
        return super().index(value, **kwargs)


def _text_fields(name: str, stored: bool) -> dict:
    # Phrases are matched on syllables, so the word field needs no positions.
    return {
        name: VnText(analyzer=word_analyzer(), stored=stored, phrase=False),
        name + "_syl": VnText(analyzer=syllable_analyzer(), phrase=True),
        name + "_fold": VnText(analyzer=folded_analyzer(), phrase=True),
        name + "_bi": VnText(analyzer=bigram_analyzer(), phrase=False),
    }


def make_schema() -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        **_text_fields("title", stored=True),
        **_text_fields("body", stored=True),
        "date": STORED(),
        "source": STORED(),
        "url": STORED(),
        "province": STORED(),
        "provinces": KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        "topics": KEYWORD(stored=True, commas=True, scorable=False),
        # Facet and sort columns, read into arrays once per searcher.
        "c_province": COLUMN(columns.VarBytesColumn()),
        "c_topics": COLUMN(columns.VarBytesColumn()),
        "c_year": COLUMN(columns.NumericColumn("H", default=0)),
        "c_date": COLUMN(columns.NumericColumn("I", default=0)),
    }
    return Schema(**fields)


TEXT_FIELDS = [base + form for base in ("title", "body") for form in TEXT_FORMS]

_pack_uint = struct.Struct("!I").pack


_frequencies = [_pack_uint(i) for i in range(64)]


def _encode_frequency(positions: list[int]) -> bytes:
    n = len(positions)
    return _frequencies[n] if n < 64 else _pack_uint(n)


_single_position: dict[int, bytes] = {}


def _encode_positions(positions: list[int]) -> bytes:
    # Whoosh's Positions format: count, then the pickled position deltas. Most terms
    # occur once in an article, so those encodings are cached.
    if len(positions) == 1:
        p = positions[0]
        got = _single_position.get(p)
        if got is None:
            got = _single_position[p] = _pack_uint(1) + pickle.dumps([p], 2)
        return got
    deltas = [positions[0]] + [b - a for a, b in zip(positions, positions[1:])]
    return _pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def preindex(text: str) -> dict[str, PreIndexed]:
    """The postings of ``text`` for each of its forms (by field-name suffix).

    Equal to what ``field.index(text)`` yields for each of those fields.
    """
    forms = field_positions(text)
    out = {}
    encoders = (_encode_frequency, _encode_positions, _encode_positions, _encode_frequency)
    for suffix, terms, encode in zip(TEXT_FORMS, forms, encoders):
        out[suffix] = PreIndexed(
            (term.encode("utf-8"), len(pos), float(len(pos)), encode(pos)) for term, pos in terms.items()
        )
    return out
