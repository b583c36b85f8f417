"""The search-box language: words, "quoted phrases", OR and -excluded words.

Whoosh's own parser splits on spaces before analysis, so a compound such as
"thương mại điện tử" would never meet its segmented form in the index. Here runs of
plain words are segmented as a whole, exactly like document text, and every word
becomes a clause that matches it three ways (see :mod:`search.analysis`):

* the whole pyvi word, accented ("điện_gió")      - strongest;
* its syllables, accented, as a phrase           - a compound segmented otherwise;
* its syllables without diacritics, as a phrase  - text typed without accents.

Malformed syntax (an unbalanced quote, a lone OR or "-") is read as plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from whoosh import query as Q

from .analysis import Unit, query_units, syllable_units
from .textnorm import nfc, strip_invisible

#: Title matches weigh this much more than body matches.
TITLE_BOOST = 2.5
#: Relative weight of the three ways a word can match.
WORD_BOOST, SYLLABLE_BOOST, FOLDED_BOOST = 3.0, 1.5, 1.0
#: Extra weight when the words of a run stand together as typed.
PROXIMITY_BOOST = 2.0
#: Longest query we analyse; the rest is ignored (the web layer also caps input).
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class Atom:
    """A word (one pyvi unit) or a quoted phrase (consecutive syllables)."""

    units: tuple[Unit, ...]
    phrase: bool = False

    @property
    def syllables(self) -> tuple[str, ...]:
        return tuple(s for u in self.units for s in u.syllables)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(s for u in self.units for s in u.folded)

    @property
    def accented(self) -> bool:
        return self.syllables != self.folded

    @property
    def text(self) -> str:
        return " ".join(self.syllables)


@dataclass
class ParsedQuery:
    """Every group must match (one of its atoms); no excluded atom may.

    ``runs`` are the plain-word runs of two or more words as typed: documents where
    those words stand together rank higher ("thương mại điện tử" as one phrase above
    "thương mại" and "điện tử" in different sentences).
    """

    groups: list[list[Atom]] = field(default_factory=list)
    excluded: list[Atom] = field(default_factory=list)
    runs: list[Atom] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    def positive_atoms(self) -> list[Atom]:
        return [a for g in self.groups for a in g]

    def highlight_atoms(self) -> list[Atom]:
        """What snippets mark: whole runs first (they win over their parts), then words."""
        return list(self.runs) + self.positive_atoms()

    def describe(self) -> str:
        """The query as understood, for messages."""
        parts = []
        for g in self.groups:
            parts.append(" OR ".join(f'"{a.text}"' if a.phrase else a.text for a in g))
        parts += [f"-{a.text}" for a in self.excluded]
        return " ".join(parts)


_LEX = re.compile(r'(-?)"([^"]*)"|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})


def _lex(text: str) -> list[tuple[str, str]]:
    """Tokens ``(kind, value)``: word, phrase, notword, notphrase, or."""
    text = strip_invisible(nfc(text)).translate(_QUOTES)[:MAX_QUERY_CHARS]
    if text.count('"') % 2:
        # An unbalanced quote is just a character: drop the last one.
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1:]
    tokens = []
    for m in _LEX.finditer(text):
        neg, quoted, word = m.group(1), m.group(2), m.group(3)
        if quoted is not None:
            tokens.append(("notphrase" if neg else "phrase", quoted))
        elif word == "OR":
            tokens.append(("or", word))
        elif word.startswith("-") and len(word) > 1:
            tokens.append(("notword", word[1:]))
        else:
            tokens.append(("word", word))
    return tokens


def regroup_unaccented(units: list[Unit], is_compound: Callable[[str], bool],
                       longest: int = 4) -> list[Unit]:
    """Group syllables typed without accents into the index's compounds.

    pyvi cannot segment "thuong mai dien tu"; the index knows that "thuong_mai" and
    "dien_tu" are words, so the query asks for those phrases rather than four
    syllables anywhere in the text.
    """
    if any(u.accented for u in units):
        return units
    syl = [s for u in units for s in u.syllables]
    out: list[Unit] = []
    i = 0
    while i < len(syl):
        for n in range(min(longest, len(syl) - i), 1, -1):
            if is_compound("_".join(syl[i:i + n])):
                break
        else:
            n = 1
        out.append(Unit(tuple(syl[i:i + n]), tuple(syl[i:i + n])))
        i += n
    return out


def parse(text: str, is_compound: Callable[[str], bool] | None = None) -> ParsedQuery:
    """Parse a search-box query; never raises.

    ``is_compound`` (folded "a_b" -> known word?) lets words typed without accents
    be grouped like the index's words.
    """
    tokens = _lex(text or "")
    # Operators in a place where they cannot act are plain words.
    for i, (kind, value) in enumerate(tokens):
        if kind == "or":
            prev_ok = i > 0 and tokens[i - 1][0] in ("word", "phrase")
            next_ok = i + 1 < len(tokens) and tokens[i + 1][0] in ("word", "phrase")
            if not (prev_ok and next_ok):
                tokens[i] = ("word", value)

    items: list[object] = []   # Atom | "OR" | ("NOT", Atom)
    run: list[str] = []
    runs: list[Atom] = []

    def flush() -> None:
        if run:
            units = query_units(" ".join(run))
            if is_compound is not None:
                units = regroup_unaccented(units, is_compound)
            items.extend(Atom((u,)) for u in units)
            if len(units) > 1:
                runs.append(Atom(tuple(units), phrase=True))
            run.clear()

    for kind, value in tokens:
        if kind == "word":
            run.append(value)
            continue
        flush()
        if kind == "phrase":
            units = syllable_units(value)
            if units:
                items.append(Atom(tuple(units), phrase=len(units) > 1))
        elif kind == "or":
            items.append("OR")
        elif kind in ("notword", "notphrase"):
            units = syllable_units(value)
            if units:
                items.append(("NOT", Atom(tuple(units), phrase=len(units) > 1)))
    flush()

    parsed = ParsedQuery(runs=runs)
    join_next = False
    for item in items:
        if item == "OR":
            join_next = bool(parsed.groups)
            continue
        if isinstance(item, tuple):
            parsed.excluded.append(item[1])
            join_next = False
            continue
        if join_next:
            parsed.groups[-1].append(item)
        else:
            parsed.groups.append([item])
        join_next = False
    return parsed


# --- Whoosh queries --------------------------------------------------------------
def _seq(fieldname: str, words: tuple[str, ...], boost: float) -> Q.Query:
    if len(words) == 1:
        return Q.Term(fieldname, words[0], boost=boost)
    return Q.Phrase(fieldname, list(words), boost=boost)


def _atom_query(atom: Atom) -> Q.Query:
    alts: list[Q.Query] = []
    for base, tb in (("title", TITLE_BOOST), ("body", 1.0)):
        if not atom.phrase:
            alts.append(Q.Term(base, atom.units[0].word, boost=WORD_BOOST * tb))
        alts.append(_seq(base + "_syl", atom.syllables, SYLLABLE_BOOST * tb))
        alts.append(_seq(base + "_fold", atom.folded, FOLDED_BOOST * tb))
    return Q.Or(alts)


def _excluded_query(atom: Atom) -> Q.Query:
    # Excluding is precise: an accented word excludes that word, not its look-alikes.
    suffix, words = ("_syl", atom.syllables) if atom.accented else ("_fold", atom.folded)
    return Q.Or([_seq("title" + suffix, words, 1.0), _seq("body" + suffix, words, 1.0)])


def to_whoosh(parsed: ParsedQuery) -> Q.Query | None:
    """The Whoosh query, or None when the text asks for nothing (list everything)."""
    if parsed.empty:
        return None
    positive: Q.Query
    if parsed.groups:
        clauses = [
            _atom_query(g[0]) if len(g) == 1 else Q.Or([_atom_query(a) for a in g])
            for g in parsed.groups
        ]
        positive = clauses[0] if len(clauses) == 1 else Q.And(clauses)
        if parsed.runs:
            # Adjacency only adds to the score; it never filters.
            nearby = []
            for run in parsed.runs:
                for base, tb in (("title", TITLE_BOOST), ("body", 1.0)):
                    nearby.append(Q.Phrase(base + "_syl", list(run.syllables), boost=PROXIMITY_BOOST * tb))
                    nearby.append(Q.Phrase(base + "_fold", list(run.folded), boost=PROXIMITY_BOOST * tb / 2))
            positive = Q.AndMaybe(positive, Q.Or(nearby))
    else:
        positive = Q.Every()
    if parsed.excluded:
        return Q.AndNot(positive, Q.Or([_excluded_query(a) for a in parsed.excluded]))
    return positive
