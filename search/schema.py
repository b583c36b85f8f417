"""The Whoosh schema: which fields an article is indexed and stored under.

Text is indexed three ways (see :mod:`search.analysis`); facets live in per-document
columns so that counting them is array arithmetic rather than a walk over every hit.
"""

from __future__ import annotations

import struct

from whoosh import columns, formats
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import bigram_analyzer, folded_analyzer, marked_pair_analyzer, syllable_analyzer, word_analyzer
from .facetdefs import Number, Tags, Text, facets

#: Bump when the schema changes incompatibly; an older index asks for --rebuild.
SCHEMA_VERSION = 9

#: The forms of each text field, by the suffix of their field names: words,
#: syllables, folded syllables, folded syllable bigrams.
TEXT_FORMS = ("", "_syl", "_fold", "_bi", "_mk")


class ArrayPositions(formats.Positions):
    """Whoosh's ``Positions`` format, with each posting's positions as a little-endian
    uint32 array instead of a pickled list of deltas.

    The segment builder can then cut every posting's value out of one buffer of
    sorted positions, instead of pickling a list per posting.
    """

    def encode(self, poslist) -> bytes:
        return _pack_positions(len(poslist), *poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return list(_unpack_positions(len(valuestring) // 4, valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4

    def decode_weight(self, valuestring: bytes) -> float:
        return len(valuestring) // 4 * self.field_boost

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1.0) for pos in self.decode_positions(valuestring)]


def _pack_positions(n: int, *positions: int) -> bytes:
    return struct.pack("<%dI" % n, *positions)


def _unpack_positions(n: int, data: bytes) -> tuple[int, ...]:
    return struct.unpack("<%dI" % n, data)


class VnText(TEXT):
    """A TEXT field whose positions use :class:`ArrayPositions`."""

    def __init__(self, *args, phrase: bool = True, **kwargs):
        super().__init__(*args, phrase=phrase, **kwargs)
        if phrase:
            self.format = ArrayPositions(field_boost=self.format.field_boost)


def _text_fields(name: str, stored: bool) -> dict:
    # Phrases are matched on syllables, so the word field needs no positions.
    return {
        name: VnText(analyzer=word_analyzer(), stored=stored, phrase=False),
        name + "_syl": VnText(analyzer=syllable_analyzer(), phrase=True),
        name + "_fold": VnText(analyzer=folded_analyzer(), phrase=True),
        name + "_bi": VnText(analyzer=bigram_analyzer(), phrase=False),
        name + "_mk": VnText(analyzer=marked_pair_analyzer(), phrase=False),
    }


def facet_columns() -> dict:
    """One column per stored facet of :mod:`search.facetdefs` (derived facets, and tags read
    from a keyword field's postings, need none)."""
    out = {}
    for f in facets():
        storage = f.storage
        if isinstance(storage, Number):
            out[storage.column] = COLUMN(columns.NumericColumn(storage.typecode, default=0))
        elif isinstance(storage, (Text, Tags)) and storage.column:
            out[storage.column] = COLUMN(columns.VarBytesColumn())
    return out


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
        **facet_columns(),
        "c_date": COLUMN(columns.NumericColumn("I", default=0)),
        # 1 when the article (or a paragraph of it) is written without diacritics: only
        # there does a word typed with accents match its bare form.
        "c_plain": COLUMN(columns.NumericColumn("B", default=0)),
        # How likely (0–100) the article is sports or showbiz news (search.storykind).
        "c_leisure": COLUMN(columns.NumericColumn("B", default=0)),
    }
    return Schema(**fields)


TEXT_FIELDS = [base + form for base in ("title", "body") for form in TEXT_FORMS]
