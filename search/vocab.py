"""The index's own vocabulary, by folded form.

Built once per searcher from the word and syllable lexicons. It restores what a
query typed without accents cannot carry: which syllables form a word ("thuong mai"
is the compound "thương_mại"), and which accented form is meant ("dien gio" ->
"điện gió").

Every query typed without accents loads it in a fresh ``ctsearch query`` process, so
it is kept as sorted columns (one long string and an array of offsets each) and
looked up by bisection: reading it creates a handful of objects instead of a few
per entry, several times faster than unpickling dictionaries.
"""

from __future__ import annotations

import os
import pickle
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from pathlib import Path
from typing import Union

from .langstats import BIGRAMS_KEY, START_BIGRAMS_KEY
from .store import keep_side_file, side_file, write_generation_file
from .termcounts import TermCounts
from .textnorm import fold, is_vietnamese_syllable, iy_forms

#: Longest compound (in syllables) looked up.
MAX_COMPOUND = 4
#: Articles that must write a word's other i/y spelling for a query to look for it too:
#: a spelling a handful of articles use by mistake is no form of the word.
SPELLING_MIN_ARTICLES = 3
#: Articles that must write a word run together ("ximăng") or apart ("đô la") for a query
#: for the other form to look for it too (a space left out by mistake is rarer).
JOINED_MIN_ARTICLES = 5
#: Most syllables of a word looked up run together ("ki lô mét": "kilômét").
JOINED_MAX_SYLLABLES = 3
#: Syllables whose longer words (:meth:`Vocabulary.compounds_with`) are kept once found.
COMPOUNDS_KEPT = 256

_FILE = "vocab-{generation}.pickle"
#: The file of earlier versions, not tied to its segments: ignored, and removed when a
#: new one is saved.
_OLD_FILE = "vocabulary-{generation}.pickle"

#: The per-segment term frequencies written by the segment builder, by field.
SEGMENT_VOCAB_EXT = ".voc"
VOCAB_FIELDS = ("body", "title", "body_syl", "title_syl")

#: Folded form -> (accented form, document frequency).
Table = dict[str, tuple[str, int]]
#: Term -> document frequency, as a dictionary or compact.
Counts = Union[dict[str, int], TermCounts]


def _count_items(counts: Counts | None, min_count: int = 1, ordered: bool = False) -> Iterable[tuple[str, int]]:
    """(term, count) pairs of ``counts`` (counted ``min_count`` times or more; in
    ``sorted`` order of the terms when ``ordered``)."""
    if not counts:
        return ()
    if isinstance(counts, TermCounts):
        return counts.items(min_count=min_count, ordered=ordered)
    items = sorted(counts.items()) if ordered else counts.items()
    return items if min_count <= 1 else ((t, n) for t, n in items if n >= min_count)


class _Column(Sequence[str]):
    """A sequence of strings stored as one string and the end offset of each."""

    def __init__(self, items: Iterable[str] = ()):
        parts = list(items)
        self._text = "".join(parts)
        self._ends = array("I")
        end = 0
        for p in parts:
            end += len(p)
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        start = self._ends[i - 1] if i else 0
        return self._text[start:self._ends[i]]

    def __iter__(self) -> Iterator[str]:
        text, start = self._text, 0
        for end in self._ends:
            yield text[start:end]
            start = end

    def holding(self, part: str) -> list[int]:
        """The indices of the items holding ``part``, in order: one scan of the joined
        text, not one string made per item."""
        found: list[int] = []
        text, ends, at = self._text, self._ends, self._text.find(part) if part else -1
        while at >= 0:
            i = bisect_right(ends, at)
            if at + len(part) <= ends[i]:
                found.append(i)
            at = text.find(part, ends[i] if found and found[-1] == i else at + 1)
        return found

    def __getstate__(self) -> tuple[str, array]:
        return self._text, self._ends

    def __setstate__(self, state: tuple[str, array]) -> None:
        self._text, self._ends = state


class _SortedTable:
    """Folded form -> (accented form, frequency), as columns sorted by folded form."""

    def __init__(self, table: Table | None = None):
        table = table or {}
        keys = sorted(table)
        self.keys = _Column(keys)
        self.forms = _Column(table[k][0] for k in keys)
        self.dfs = array("I", (table[k][1] for k in keys))

    def _find(self, key: str) -> int:
        i = bisect_left(self.keys, key)
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def __contains__(self, key: str) -> bool:
        return self._find(key) >= 0

    def get(self, key: str) -> str | None:
        """The accented form of ``key``, or None."""
        i = self._find(key)
        return self.forms[i] if i >= 0 else None

    def entry(self, key: str) -> tuple[str, int] | None:
        """(accented form, frequency) of ``key``, or None."""
        i = self._find(key)
        return (self.forms[i], self.dfs[i]) if i >= 0 else None

    def as_dict(self) -> Table:
        return dict(zip(self.keys, zip(self.forms, self.dfs)))


class _FormsTable:
    """Folded form -> every accented form with its document frequency, most frequent
    first; as two sorted columns (keys, and the forms packed into one string each)."""

    def __init__(self, forms: dict[str, list[tuple[str, int]]] | None = None):
        forms = forms or {}
        keys = sorted(forms)
        self.keys = _Column(keys)
        self.packed = _Column("\t".join(f"{form}\t{df}" for form, df in forms[k]) for k in keys)

    @classmethod
    def from_counts(cls, counts: dict[str, int] | Iterable[tuple[str, int]], min_df: int = 1,
                    limit: int = 12) -> "_FormsTable":
        # "folded\tform" -> df as compact columns (search.termcounts), filled a chunk at a
        # time and read back in sorted order: there are millions of syllable pairs at the
        # end of an indexing run, and Python objects for each would be its peak memory.
        # Forms never hold a tab (see ``packed``) nor a control character below it, so
        # each folded form's rows stand together.
        pairs = counts.items() if isinstance(counts, dict) else counts
        rows = TermCounts()
        chunk: dict[str, int] = {}
        for form, df in pairs:
            if df >= min_df:
                chunk[f"{fold(form)}\t{form}"] = df
                if len(chunk) >= 100_000:
                    rows.add(chunk)
                    chunk = {}
        rows.add(chunk)
        del chunk
        keys: list[str] = []
        packed: list[str] = []
        for key, group in groupby(rows.items(), key=lambda item: item[0][:item[0].index("\t")]):
            start = len(key) + 1
            forms = sorted(((row[start:], df) for row, df in group), key=lambda x: (-x[1], x[0]))
            keys.append(key)
            packed.append("\t".join(f"{form}\t{df}" for form, df in forms[:limit]))
        del rows
        self = cls.__new__(cls)
        self.keys = _Column(keys)
        self.packed = _Column(packed)
        return self

    def __len__(self) -> int:
        return len(self.keys)

    def get(self, key: str) -> list[tuple[str, int]]:
        i = bisect_left(self.keys, key)
        if i >= len(self.keys) or self.keys[i] != key:
            return []
        return self.at(i)

    def at(self, i: int) -> list[tuple[str, int]]:
        """The forms of the ``i``-th key, in the keys' order."""
        parts = self.packed[i].split("\t")
        return [(parts[j], int(parts[j + 1])) for j in range(0, len(parts) - 1, 2)]


def _targets(words: Table, syllables: Table):
    return (("body", words), ("title", words), ("body_syl", syllables), ("title_syl", syllables))


def _lexicon(reader, fieldname: str) -> Iterator[tuple[str, int]]:
    for tbytes, info in reader.iter_field(fieldname):
        yield (tbytes.decode("utf-8") if isinstance(tbytes, bytes) else tbytes), info.doc_frequency()


def _count_alone(alone: dict[str, int], terms: Iterable[tuple[str, int]]) -> None:
    """Add the words of one syllable among ``terms`` (a word field's) to ``alone``: each
    accented syllable's articles where it is a word of its own."""
    for term, df in terms:
        if term.isalpha():    # (a word of several syllables holds "_")
            alone[term] = alone.get(term, 0) + df


def _keep_most_frequent(target: Table, terms: Iterable[tuple[str, int]]) -> None:
    """Per folded form, the most frequent term (the first one on a tie)."""
    for term, df in terms:
        key = fold(term)
        best = target.get(key)
        if best is None or df > best[1]:
            target[key] = (term, df)


class Vocabulary:
    """Folded form -> most frequent accented form (and its document frequency), for
    the index's words and for its syllables."""

    def __init__(self, reader=None):
        words: Table = {}
        syllables: Table = {}
        alone: dict[str, int] = {}
        if reader is not None:
            self._read(reader, words, syllables, alone)
        self._set(_SortedTable(words), _SortedTable(syllables))
        self.word_forms = _FormsTable.from_counts(alone, limit=24)

    @classmethod
    def from_frequencies(cls, fields: Mapping[str, Counts], documents: int = 0) -> "Vocabulary":
        """From each field's term -> document frequency (the fields of ``VOCAB_FIELDS``),
        and the syllable pairs of :mod:`search.langstats`; as dictionaries or as the
        compact :class:`~search.termcounts.TermCounts` of the OpenSearch indexer."""
        words: Table = {}
        syllables: Table = {}
        for fieldname, target in _targets(words, syllables):
            _keep_most_frequent(target, _count_items(fields.get(fieldname), ordered=True))
        self = cls.__new__(cls)
        self._set(_SortedTable(words), _SortedTable(syllables))
        # Every accented form of each syllable, and of each pair seen in two texts or more.
        unigrams: dict[str, int] = dict(_count_items(fields.get("body_syl")))
        for term, df in _count_items(fields.get("title_syl")):
            unigrams[term] = unigrams.get(term, 0) + df
        self.syllable_forms = _FormsTable.from_counts(
            {t: df for t, df in unigrams.items() if t.isalpha()}, limit=24)
        self.pair_forms = _FormsTable.from_counts(_count_items(fields.get(BIGRAMS_KEY), min_count=2),
                                                  min_df=2, limit=8)
        if fields.get(START_BIGRAMS_KEY) is not None:
            self.start_pair_forms = _FormsTable.from_counts(
                _count_items(fields.get(START_BIGRAMS_KEY), min_count=2), min_df=2, limit=8)
        alone: dict[str, int] = {}
        for fieldname in ("body", "title"):
            _count_alone(alone, _count_items(fields.get(fieldname)))
        self.word_forms = _FormsTable.from_counts(alone, limit=24)
        self.documents = documents or max(unigrams.values(), default=1)
        return self

    def _set(self, words: _SortedTable, syllables: _SortedTable) -> None:
        self._words = words
        self._syllables = syllables
        self.syllable_forms = _FormsTable()
        self.pair_forms = _FormsTable()
        #: The pairs counted where the first syllable begins a word; None for an index
        #: built before they were counted (then the plain pairs stand in).
        self.start_pair_forms: _FormsTable | None = None
        #: Each syllable's forms counted where pyvi made it a word of its own ("giá": 8,509
        #: articles, "gia" 966, though "gia" is written in 22,429: quốc gia, gia đình); None
        #: for a vocabulary saved before they were counted.
        self.word_forms: _FormsTable | None = _FormsTable()
        self.documents = 1
        # Built on first use: only some queries need them.
        self._tables: dict[str, Table] = {}
        self._by_initial: dict[str, list[str]] | None = None
        self._accented: set[str] | None = None
        self._compounds: dict[str, list[tuple[str, int]]] | None = None

    @staticmethod
    def _read(reader, words: Table, syllables: Table, alone: dict[str, int]) -> None:
        for fieldname, target in _targets(words, syllables):
            try:
                terms = list(_lexicon(reader, fieldname))
            except Exception:  # an empty index has no such field yet
                continue
            _keep_most_frequent(target, terms)
            if target is words:
                _count_alone(alone, terms)

    # -- lookups ------------------------------------------------------------------
    def is_compound(self, folded_key: str) -> bool:
        """Whether some indexed word folds to ``folded_key`` ("thuong_mai")."""
        return folded_key in self._words

    def is_word(self, key: str) -> bool:
        """Whether ``key``'s syllables are one of the index's words.

        Accented ("sơn_la"): the articles usually write them as one, i.e. pyvi joined them
        in at least half of the articles where they stand side by side, and ``key`` is the
        word's most frequent form; a word pyvi formed a few times by mistake ("tăng_mạnh"
        in capitalised headlines, against 900 articles that write "tăng mạnh") is not one.
        Without diacritics ("thuong_mai"), which pyvi cannot segment at all: any indexed
        word that folds to it, as :meth:`is_compound` (measured better on headlines typed
        without diacritics than the stricter test)."""
        folded = fold(key)
        if folded == key:
            return folded in self._words
        form, df = self._words.entry(folded) or ("", 0)
        if form != key:
            return False
        folded_syl, typed_syl = folded.split("_"), key.split("_")
        side_by_side = 0  # articles with the syllables side by side, accented as typed
        for j in range(len(folded_syl) - 1):
            forms = self.pair_forms.get(f"{folded_syl[j]} {folded_syl[j + 1]}")
            pair = f"{typed_syl[j]} {typed_syl[j + 1]}"
            side_by_side = max(side_by_side, sum(n for form, n in forms if form == pair))
        return df * 2 >= side_by_side

    def written_as_word(self, syllables: Sequence[str]) -> bool:
        """Whether the segmenter joined ``syllables`` (accented, canonical), as written, into
        one word in a quarter at least of the articles writing them side by side ("tri
        ân", "đông xuân"): looser than :meth:`is_word`, a word of the language for all that."""
        key = "_".join(syllables)
        form, df = self._words.entry(fold(key)) or ("", 0)
        if form != key:
            return False
        side_by_side = max((self.pair_df(a, b) for a, b in zip(syllables, syllables[1:])), default=0)
        return df * 4 >= side_by_side > 0

    def accented_word(self, folded_key: str) -> str | None:
        """The most frequent indexed word that folds to ``folded_key`` ("thương_mại")."""
        return self._words.get(folded_key)

    def accented_syllable(self, folded: str) -> str | None:
        """The most frequent indexed syllable that folds to ``folded`` ("điện")."""
        return self._syllables.get(folded)

    @property
    def accented_syllables(self) -> set[str]:
        """The commonest accented form of each indexed syllable (not its rarer forms:
        "nguyên", not "nguyễn"; :meth:`syllable_df` knows every form)."""
        if self._accented is None:
            self._accented = set(self._syllables.forms)
        return self._accented

    def syllable_df(self, syllable: str) -> int:
        """Documents with this accented syllable, as written ("dầu", not "đầu"); 0 if none."""
        return next((df for form, df in self.syllable_forms.get(fold(syllable)) if form == syllable), 0)

    def written(self, folded: str) -> int:
        """Documents with a folded syllable in any of its forms ("dau": dầu, đầu, dâu…)."""
        return sum(df for _form, df in self.syllable_forms.get(folded))

    def word_df(self, syllable: str) -> int | None:
        """Documents where this accented syllable is a word of its own ("giá" as the price,
        not in "giá_trị"); None when the vocabulary did not count them."""
        if self.word_forms is None:
            return None
        return next((df for form, df in self.word_forms.get(fold(syllable)) if form == syllable), 0)

    def pair_df(self, a: str, b: str) -> int:
        """Documents with the accented syllables ``a`` and ``b`` side by side, as written."""
        return next((n for form, n in self.pair_forms.get(f"{fold(a)} {fold(b)}") if form == f"{a} {b}"), 0)

    def other_spellings(self, syllables: tuple[str, ...], before: str | None = None,
                        after: str | None = None) -> list[tuple[str, ...]]:
        """The word ``syllables`` (canonical, lower case) spelled with i for y or y for i
        where Vietnamese allows both (``textnorm.other_iy_spellings``: "kĩ thuật" -> "kỹ
        thuật"), as the articles write it: each changed syllable written beside its
        neighbours in ``SPELLING_MIN_ARTICLES`` articles or more. A word of one syllable has
        its neighbours in the query to go by (``before``, ``after``, either will do: "tỉ" in
        "tỉ đồng" is written "tỷ đồng"), and none alone: "tí" alone is as much the year Tý,
        "hi" Hy Lạp."""
        out = []
        for form in iy_forms(syllables)[1:8]:
            if len(form) == 1:
                # Beside either neighbour ("3 tỷ đồng": no pair is counted with a number).
                pairs = [(a, b) for a, b in ((before, form[0]), (form[0], after)) if a and b]
                written = max((self.pair_df(a, b) for a, b in pairs), default=0)
            else:
                changed = [i for i, (a, b) in enumerate(zip(form, syllables)) if a != b]
                written = min(self.pair_df(form[j], form[j + 1]) for i in changed
                              for j in (i - 1, i) if 0 <= j < len(form) - 1)
            if written >= SPELLING_MIN_ARTICLES:
                out.append(form)
        return out

    def joined_spellings(self, syllables: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The word ``syllables`` (canonical, lower case) written the other way the articles
        also write it: its syllables run together ("xi măng": "ximăng", "cà phê": "càphê"),
        never into a syllable of its own, or one written run together with its diacritics,
        apart ("đôla": "đô la"). Loanwords are written both
        ways, often about as much ("đôla" in 485 articles, "đô la" in 225): a query for
        either finds both."""
        if not all(s.isalpha() for s in syllables):
            return []
        if 2 <= len(syllables) <= JOINED_MAX_SYLLABLES:
            joined = "".join(syllables)
            # (never into a syllable of its own: "thú y" is no "thúy", "bi a" no "bia")
            return [(joined,)] if not is_vietnamese_syllable(joined) \
                and self.syllable_df(joined) >= JOINED_MIN_ARTICLES else []
        # Only a word with diacritics is a loanword run together ("đôla"); one without is a
        # name or a word of another language ("bacon" is no "ba con", "chiara" no "chia ra").
        if len(syllables) != 1 or syllables[0].isascii() or is_vietnamese_syllable(syllables[0]) \
                or self.syllable_df(syllables[0]) < JOINED_MIN_ARTICLES:
            return []       # (nor a space left out by mistake: "họđã")
        word = syllables[0]
        written, best = max(((self.pair_df(word[:k], word[k:]), (word[:k], word[k:]))
                             for k in range(1, len(word))
                             if is_vietnamese_syllable(word[:k]) and is_vietnamese_syllable(word[k:])),
                            default=(0, ()))
        return [best] if written >= JOINED_MIN_ARTICLES else []

    def closest_syllable(self, folded: str) -> str | None:
        """The indexed syllable closest to an unknown one (a typo), if close enough."""
        import difflib  # only queries with a word the index does not know get here

        if self._by_initial is None:
            by_initial: dict[str, list[str]] = {}
            for key in self._syllables.keys:
                by_initial.setdefault(key[:1], []).append(key)
            self._by_initial = by_initial
        pool = self._by_initial.get(folded[:1], [])
        found = difflib.get_close_matches(folded, pool, n=1, cutoff=0.75)
        return self._syllables.get(found[0]) if found else None

    def compounds_with(self, syllable: str) -> list[tuple[str, int]]:
        """The index's words of several syllables holding the accented ``syllable`` as
        written ("điện" → "điện_thoại", "thủy_điện"…), each with its document frequency,
        commonest first: where a word of one syllable typed alone also stands inside
        others. (The index's commonest form of each word; found on first use, the last
        ``COMPOUNDS_KEPT`` syllables' kept.)"""
        if self._compounds is None:
            self._compounds = {}
        found = self._compounds.get(syllable)
        if found is None:
            # (one scan of the words' joined keys for each syllable asked, a few of them per
            # index, about 8 ms on the corpus: a table of every syllable would cost more
            # memory than the few words it serves)
            bare, got = fold(syllable), {}
            keys, forms, dfs = self._words.keys, self._words.forms, self._words.dfs
            for i in keys.holding(bare):
                key, word, df = keys[i], forms[i], dfs[i]
                if "_" not in key or bare not in (parts := key.split("_")):
                    continue
                if syllable in word.split("_"):
                    got[word] = max(got.get(word, 0), df)
                elif len(parts) == 2:
                    # The table keeps the commonest form of each word's letters ("thụy_điển",
                    # Sweden): another holding the syllable ("thủy_điện") by its pair's count.
                    for form, n in self.pair_forms.get(" ".join(parts)):
                        if syllable in form.split(" "):
                            other = form.replace(" ", "_")
                            got[other] = max(got.get(other, 0), n)
            found = sorted(got.items(), key=lambda wd: (-wd[1], wd[0]))
            if len(self._compounds) >= COMPOUNDS_KEPT:
                self._compounds = {}     # (one assignment: searches in other threads may read it)
            self._compounds[syllable] = found
        return found

    def words_beginning(self, start: str) -> Iterator[tuple[str, int]]:
        """The index's words (commonest accented form, syllables joined by "_"; document
        frequency) whose letters without marks begin with ``start`` (folded, lower case),
        in the order of their letters: a word being typed, as a search box finishes it."""
        keys, forms, dfs = self._words.keys, self._words.forms, self._words.dfs
        for i in range(bisect_left(keys, start), len(keys)):
            if not keys[i].startswith(start):
                return
            yield forms[i], dfs[i]

    def pairs_beginning(self, first: str, start: str = "") -> Iterator[tuple[str, int]]:
        """Every pair of syllables the articles write side by side ("giá vàng"; documents)
        whose first folds to ``first`` and whose second's letters begin with ``start`` (both
        folded, lower case): what follows a word, as a search box finishes the next."""
        prefix = f"{first} {start}"
        table = self.pair_forms
        keys = table.keys
        for i in range(bisect_left(keys, prefix), len(keys)):
            if not keys[i].startswith(prefix):
                return
            yield from table.at(i)

    def syllable_forms_items(self):
        """Every (accented syllable, document frequency) of the index."""
        for key in self.syllable_forms.keys:
            yield from self.syllable_forms.get(key)

    # -- as dictionaries (built on first use) -------------------------------------
    @property
    def words(self) -> Table:
        """Folded word -> (accented word, document frequency)."""
        if "words" not in self._tables:
            self._tables["words"] = self._words.as_dict()
        return self._tables["words"]

    @property
    def syllables(self) -> Table:
        """Folded syllable -> (accented syllable, document frequency)."""
        if "syllables" not in self._tables:
            self._tables["syllables"] = self._syllables.as_dict()
        return self._tables["syllables"]

    # -- pickling -------------------------------------------------------------------
    def __getstate__(self) -> dict:
        return {"sorted": (self._words, self._syllables),
                "forms": (self.syllable_forms, self.pair_forms, self.documents),
                "starts": self.start_pair_forms, "alone": self.word_forms}

    def __setstate__(self, state: dict) -> None:
        if "sorted" in state:
            self._set(*state["sorted"])
        else:  # the older form: {"words": Table, "syllables": Table}
            self._set(_SortedTable(state["words"]), _SortedTable(state["syllables"]))
        if "forms" in state:
            self.syllable_forms, self.pair_forms, self.documents = state["forms"]
        self.start_pair_forms = state.get("starts")
        self.word_forms = state.get("alone")


def save_vocabulary(index_dir: str | os.PathLike, generation: int, vocab: Vocabulary, reader,
                    tidy: bool = True) -> None:
    """Write the vocabulary of one index generation (of ``reader``'s segments); drop older
    ones (``tidy``: the indexer), or leave every other file alone (a searcher)."""
    write_generation_file(index_dir, _FILE, generation,
                          lambda fh: pickle.dump(vocab, fh, protocol=pickle.HIGHEST_PROTOCOL), reader, tidy)
    for old in Path(index_dir).glob(_OLD_FILE.format(generation="*")) if tidy else ():
        old.unlink(missing_ok=True)


def vocabulary_of_segments(index_dir: str | os.PathLike, reader) -> Vocabulary:
    """The vocabulary of ``reader``'s index, from the term frequencies each segment's
    builder saved (summed over segments); a segment without them has its lexicon read."""
    documents = getattr(reader, "doc_count", lambda: 0)() if reader.doc_count_all() else 0
    return Vocabulary.from_frequencies(segment_frequencies(index_dir, reader), documents)


def segment_frequencies(index_dir: str | os.PathLike, reader) -> dict[str, dict[str, int]]:
    """Every per-segment frequency table (words, syllables, syllable pairs,
    abbreviations) summed over the segments of ``reader``."""
    total: dict[str, dict[str, int]] = {}
    leaves = [r for r, _offset in reader.leaf_readers()] if reader.doc_count_all() else []
    every_start = True    # whether every segment counted the pairs that begin a word
    for leaf in leaves:
        try:
            with open(Path(index_dir) / leaf.segment().make_filename(SEGMENT_VOCAB_EXT), "rb") as fh:
                fields = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            fields = {}
            for fieldname in VOCAB_FIELDS:
                try:
                    fields[fieldname] = dict(_lexicon(leaf, fieldname))
                except Exception:   # no such field in this segment
                    continue
        every_start = every_start and START_BIGRAMS_KEY in fields
        for fieldname, freqs in fields.items():
            into = total.setdefault(fieldname, {})
            if not into:
                into.update(freqs)
                continue
            get = into.get
            for term, df in freqs.items():
                into[term] = get(term, 0) + df
    if not every_start:
        # Segments built before they were counted: a share of the articles would weigh as
        # none; the plain pairs stand in for all (``Vocabulary.start_pair_forms``).
        total.pop(START_BIGRAMS_KEY, None)
    return total


def saved_vocabulary(index_dir: str | os.PathLike, generation: int, reader) -> Vocabulary | None:
    """The vocabulary saved for ``generation`` and exactly ``reader``'s segments, or None."""
    exact = side_file(index_dir, _FILE, generation, reader)
    try:
        with open(exact, "rb") as fh:
            vocab = pickle.load(fh)
        if isinstance(vocab, Vocabulary) and vocab.word_forms is not None:
            return vocab      # (one saved before the words of one syllable were counted: counted again)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, KeyError,
            TypeError, ValueError, ImportError):
        pass     # (ImportError: saved by a program that imported these modules by another name)
    return None


def load_vocabulary(index_dir: str | os.PathLike, generation: int, reader) -> Vocabulary:
    """The vocabulary the indexer saved for ``generation`` and exactly ``reader``'s
    segments, else built from the segments."""
    vocab = saved_vocabulary(index_dir, generation, reader)
    if vocab is not None:
        return vocab
    exact = side_file(index_dir, _FILE, generation, reader)
    # Missing (the indexer could not write it, or was stopped before): count once, and
    # keep the count for the next searcher of these very segments.
    vocab = vocabulary_of_segments(index_dir, reader)
    keep_side_file(exact, lambda fh: pickle.dump(vocab, fh, protocol=pickle.HIGHEST_PROTOCOL))
    return vocab
