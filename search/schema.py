"""The Whoosh schema: which fields an article is indexed and stored under.

Text is indexed three ways (see :mod:`search.analysis`); facets live in per-document
columns so that counting them is array arithmetic rather than a walk over every hit.
"""

from __future__ import annotations

from whoosh import columns
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from .analysis import folded_analyzer, syllable_analyzer, word_analyzer

#: Bump when the schema changes incompatibly; an older index asks for --rebuild.
SCHEMA_VERSION = 1

#: The three forms of each text field, and the suffix of their field names.
TEXT_FORMS = ("", "_syl", "_fold")


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
    return {
        name: VnText(analyzer=word_analyzer(), stored=stored, phrase=True),
        name + "_syl": VnText(analyzer=syllable_analyzer(), phrase=True),
        name + "_fold": VnText(analyzer=folded_analyzer(), phrase=True),
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
