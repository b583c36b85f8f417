"""One thing, several ways of writing it: TMĐT and thương mại điện tử, KCN and khu công
nghiệp, TP.HCM, TP HCM and TPHCM.

A query naming one form also finds the others (as alternatives of the same query word:
every word must still match). The sets of equivalent forms come from two places:

* ``data/abbreviations.json``, curated for the domain and for names; it wins;
* pairs mined from the indexed articles, which define their abbreviations in
  parentheses ("khu công nghiệp (KCN)"), kept when enough articles agree
  (:func:`mine`), saved per index generation.

A form is matched in a query by its syllables (with or without diacritics), and a
short form also by its letters alone ("tp.hcm", "tphcm", "TP HCM"); a short form that
is an ordinary word in lower case is recognised only when typed in capitals.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .analysis import syllables_with_offsets
from .langstats import short_key
from .lexicon import lexicon, province_spellings
from .store import side_file, write_generation_file
from .textnorm import canon, fold, is_vietnamese_syllable

_DATA = Path(__file__).with_name("data") / "abbreviations.json"
_FILE = "abbreviations-{generation}.json"

#: A mined pair needs this many articles defining it ...
MIN_ARTICLES = 2
#: ... and this share of the definitions of its short form (else it is ambiguous).
MIN_AGREEMENT = 0.75
#: A mined short form of this many letters or fewer is found by its name only when typed.
MINED_AMBIGUOUS_LETTERS = 2
#: Longest form, in syllables.
MAX_FORM = 14
#: Letters a name's form must have to be found by its letters typed split otherwise
#: ("coop mart"): fewer are other words' too.
RUN_MIN_LETTERS = 6
#: Forms added to one set by writing a form of another set inside its long forms.
NESTED_FORMS = 12
#: ... from long forms of this many words or more (not "xuất NK" from "xuất nhập khẩu").
NESTED_MIN = 4


@dataclass(frozen=True)
class Form:
    """One written form: its canonical syllables and their positions (gaps where the
    form has punctuation inside, as the indexer counts them)."""

    text: str
    syllables: tuple[str, ...]
    offsets: tuple[int, ...]
    typed_only: bool = False   # searched for the others when typed, never added to them ("^HN")
    #: A name the thing had before ("<Sở Thương mại" of "Sở Công Thương"): found by the
    #: others and finding them, but not the set's other former names (the two offices that
    #: merged into one were not each other).
    former: bool = False
    #: A word of another language for the others ("~solar"): never looked for by them;
    #: typed, it is read as the first of them (:meth:`Abbreviations.foreign_words`).
    foreign: bool = False

    @functools.cached_property
    def folded(self) -> tuple[str, ...]:
        # (cached: every set's forms are asked for it again and again as an index opens)
        return tuple(fold(s) for s in self.syllables)

    @functools.cached_property
    def is_short(self) -> bool:
        """An abbreviation: every letter typed in capitals ("KCN", "TP.HCM", "BR-VT")."""
        letters = [ch for ch in self.text if ch.isalpha()]
        return bool(letters) and sum(ch.isupper() for ch in letters) >= max(2, len(letters) - 1) \
            and len(self.syllables) <= 3

    @classmethod
    def of(cls, text: str) -> "Form":
        """A form as the data file writes it; a leading "^" marks a form that means the
        others when typed but is ambiguous in articles ("^HN": Hà Nội, but also the
        football club LG.HN.ACB), so a query for the others does not look for it; a leading
        "~" a word of another language that readers type for the others ("~solar",
        "~industrial park"), written in articles mostly in names ("Solar Probe", "Kumho
        Industrial"): never looked for by the others, and typed, read as the first of
        them; a leading "<" a former name (:attr:`former`)."""
        foreign = text.startswith("~")
        typed_only = foreign or text.startswith("^")
        former = text.startswith("<")
        text = text[1:] if typed_only or former else text
        syllables, offsets = syllables_with_offsets(text)
        return cls(text, syllables, offsets, typed_only=typed_only, foreign=foreign, former=former)

    @property
    def marked(self) -> str:
        """The form as the data file writes it, its mark included ("^HN", "~solar", "<Sở
        Thương mại")."""
        return ("~" if self.foreign else "^" if self.typed_only else "<" if self.former else "") + self.text


@dataclass(frozen=True)
class Match:
    """Forms equivalent to query syllables ``start:end``."""

    start: int
    end: int
    typed: Form
    others: tuple[Form, ...]
    short: bool = False     # the span is an abbreviation ("kcn", "TP.HCM"), not a word


class Abbreviations:
    """Sets of equivalent forms, looked up by the syllables of a query."""

    def __init__(self, entries: list[list[str]], case_sensitive: set[str] | None = None):
        self.entries: list[tuple[Form, ...]] = []
        self._by_folded: dict[tuple[str, ...], list[int]] = {}
        self._by_letters: dict[str, list[int]] = {}
        # The letters of each form that is no abbreviation, run together ("coopmart" of
        # "Co.op Mart"): a name typed with its parts split or joined otherwise ("coop mart").
        self._by_run: dict[str, list[int]] = {}
        self._case_sensitive = case_sensitive if case_sensitive is not None else set()
        self._longest = 0     # syllables of the longest form (bounds every lookup)
        for forms in entries:
            self._add([Form.of(f) for f in forms if f.strip()])

    def _add(self, forms: list[Form]) -> None:
        forms = [f for f in forms if f.syllables and len(f.syllables) <= MAX_FORM]
        if len(forms) < 2:
            return
        k = len(self.entries)
        self.entries.append(tuple(forms))
        for f in forms:
            self._by_folded.setdefault(f.folded, []).append(k)
            self._longest = max(self._longest, len(f.folded))
            if f.is_short:
                self._by_letters.setdefault(short_key(f.text), []).append(k)
            elif len(run := "".join(f.folded)) >= RUN_MIN_LETTERS:
                self._by_run.setdefault(run, []).append(k)

    @functools.cached_property
    def foreign_words(self) -> dict[tuple[str, ...], str]:
        """The words of another language of the sets ("~industrial park"), by their folded
        syllables, each with the set's first form it stands for ("khu công nghiệp"): a
        query typing them means that, which the page says it searched."""
        out: dict[tuple[str, ...], str] = {}
        for forms in self.entries:
            meant = next((f.text for f in forms if not f.typed_only), None)
            for f in forms:
                if f.foreign and meant is not None:
                    out.setdefault(f.folded, meant)
        return out

    def with_nested_forms(self) -> "Abbreviations":
        """These sets, each long form also written with another set's form in place of
        one inside it ("hàng VN chất lượng cao" is also "hàng Việt Nam chất lượng cao";
        "Tập đoàn Điện lực Việt Nam" also "Tập đoàn Điện lực VN"): articles define an
        abbreviation once, in one spelling of the name, and write the name in the other."""
        entries: list[list[str]] = []
        for k, forms in enumerate(self.entries):
            texts = [f.marked for f in forms]
            seen = {f.folded for f in forms}
            for form in forms:
                for text in self._nested(form, k):
                    new = Form.of(text)
                    if new.folded not in seen and len(texts) < len(forms) + NESTED_FORMS:
                        seen.add(new.folded)
                        texts.append(text)
            entries.append(texts)
        return Abbreviations(entries, set(self._case_sensitive))

    def _nested(self, form: Form, own: int) -> list[str]:
        """``form`` rewritten with each other form of the sets whose forms it holds
        (longest first, one at a time). Only a form of plain words, no marks between them
        (whose words map one to one onto its syllables), and only forms inside it that are
        no word of the language ("VN", not "DA" in "da giày")."""
        words = form.text.split()
        if form.is_short or len(words) < NESTED_MIN or len(words) != len(form.syllables) \
                or any(canon(w) != s for w, s in zip(words, form.syllables)):
            return []
        # A set that spells its name out in full already says what each short form inside
        # its other forms stands for ("KTS" in "Cục TMĐT và KTS" is kinh tế số, not kiến
        # trúc sư): only its long parts are written short.
        spelled = any(not f.is_short and not any(self._short_word(s) for s in f.folded)
                      for f in self.entries[own])
        out: list[str] = []
        i = 0
        while i < len(words):
            for length in range(min(self._longest, len(words) - 1), 0, -1):
                key = form.folded[i:i + length]
                if len(key) < length:
                    continue
                inside = [k for k in self._by_folded.get(key, []) if k != own]
                if length == 1:
                    inside = [] if spelled or not self._short_word(key[0]) else \
                        [k for k in inside if any(f.is_short and f.folded == key for f in self.entries[k])]
                if inside:
                    for other in self.entries[inside[0]]:
                        # (a short form of one syllable shaped like a word is no form to
                        # write inside another: what _added would ask the lexicon, unread here)
                        if other.folded != key and not other.typed_only and not (
                                other.is_short and len(other.syllables) == 1
                                and _looks_like_word(short_key(other.text))):
                            out.append(" ".join(words[:i] + [other.text] + words[i + length:]))
                    i += length
                    break
            else:
                i += 1
        return out

    def _short_word(self, syllable: str) -> bool:
        """Whether a folded syllable is a short form of some set, and no word of the
        language ("vn"; not "da", dự án but also da giày)."""
        return not _looks_like_word(syllable) and any(
            f.is_short and f.folded == (syllable,) for k in self._by_folded.get((syllable,), [])
            for f in self.entries[k])

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def longest(self) -> int:
        return self._longest

    def find(self, syllables: list[str], typed: list[str] | None = None) -> list[Match]:
        """Non-overlapping spans of ``syllables`` (canonical, as typed or as restored)
        that are a known form, longest first.

        ``typed`` holds the words as the user wrote them (for capitals); syllables typed
        with diacritics must match them exactly, syllables without match either way.
        """
        typed = typed if typed is not None else syllables
        out: list[Match] = []
        n = len(syllables)
        longest = min(self.longest, n)
        i = 0
        while i < n:
            found = None
            for length in range(longest, 0, -1):
                if i + length > n:
                    continue
                span = syllables[i:i + length]
                found = self._match(span, typed[i:i + length])
                if found is not None:
                    break
            if found is None:
                i += 1
                continue
            form, others, short = found
            out.append(Match(i, i + length, form, others, short))
            i += length
        return out

    def _match(self, span: list[str], typed: list[str]):
        key = tuple(fold(s) for s in span)
        for k in self._by_folded.get(key, []):
            for form in self.entries[k]:
                if form.folded == key and _same_accents(span, form.syllables) \
                        and self._typed_ok(form, typed):
                    others = tuple(f for f in self.entries[k] if f is not form and self._added(f)
                                   and not (form.former and f.former))
                    if others or form.typed_only or not all(f.foreign for f in self.entries[k] if f is not form):
                        return form, others, form.is_short
                    # (its others are words of another language alone: "giá vàng" of "~gold
                    # price" is searched as its words are, as if the English were not listed)
        if 1 < len(span) <= 3 and all(fold(s) == s for s in span):
            # A name's parts typed apart or together otherwise than any form writes them
            # ("coop mart" for Co.opmart, Co.op Mart): its forms, the words typed as one.
            for k in self._by_run.get("".join(key), []):
                others = tuple(f for f in self.entries[k] if self._added(f))
                if others and all(f.folded != key for f in self.entries[k]):   # (a form's own split: above)
                    typed_form = Form(" ".join(typed), tuple(canon(s) for s in span), tuple(range(len(span))))
                    return typed_form, others, False
        # Letters spelled out ("t.m.đ.t", "tm đt"); not where a part of several letters is a
        # word written so, unless typed in capitals: `nuoc mam nam o da nang`, "Nam Ô" of
        # Đà Nẵng, is no "ODA" (its "da" is a word; `O DA` may be one).
        if all(len(s) == 1 for s in span) or len(span) == 1 or len(span) <= 3 and (
                all(w.isupper() for w in typed if any(ch.isalpha() for ch in w))
                or not any(len(s) > 1 and _written_unmarked(fold(s).lower()) for s in span)):
            letters = short_key("".join(span))
            for k in self._by_letters.get(letters, []):
                form = next(f for f in self.entries[k] if f.is_short and short_key(f.text) == letters)
                if self._typed_ok(form, typed) and _same_d("".join(span), form.text):
                    typed_form = Form(" ".join(typed), tuple(canon(s) for s in span),
                                      tuple(range(len(span))))
                    return typed_form, tuple(f for f in self.entries[k] if f.folded != key and self._added(f)), True
        return None

    def _added(self, form: Form) -> bool:
        """Whether a query for the other forms of its entry also looks for ``form``. Not a
        form marked typed-only, nor a short form of one syllable whose letters are a word the
        articles write without marks: the index keeps no case, so "DA" added to `dự án`
        would find every "da" (skin, leather: "Chiều chuộng da khô"), "BA" every "ba"."""
        if form.typed_only:
            return False
        return not (form.is_short and len(form.syllables) == 1 and _written_unmarked(short_key(form.text)))

    def _typed_ok(self, form: Form, typed: list[str]) -> bool:
        """A short form that is also a lower-case word counts only in capitals."""
        if not form.is_short:
            return True
        if short_key(form.text) not in self._case_sensitive:
            return True
        letters = [ch for w in typed for ch in w if ch.isalpha()]
        return bool(letters) and all(ch.isupper() for ch in letters)


@functools.lru_cache(maxsize=None)
def _written_unmarked(letters: str) -> bool:
    """Whether ``letters`` are a Vietnamese syllable written as they are, without marks
    ("da", "ba"; not "eu", whose only syllable is "êu")."""
    return is_vietnamese_syllable(letters) and any(f == letters for f, _w in lexicon().forms(letters))


def _same_d(typed: str, short: str) -> bool:
    """A short form typed with Đ is not the one written with D ("ĐN" is not "DN",
    doanh nghiệp); typed with D it may be either ("dn", "tmdt")."""
    a = [ch for ch in typed.lower() if ch.isalpha()]
    b = [ch for ch in short.lower() if ch.isalpha()]
    return len(a) != len(b) or all(x != "đ" or y == "đ" for x, y in zip(a, b))


def _same_accents(query: list[str], form: tuple[str, ...]) -> bool:
    """Syllables typed with diacritics must be the form's; bare ones match any."""
    return all(q == f or q == fold(q) for q, f in zip(query, form))


# --- sources ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def curated_entries() -> tuple[tuple[str, ...], ...]:
    """The entries of data/abbreviations.json, each province's name joined by the other
    spellings of it the gazetteer lists (:func:`ctsearch.lexicon.province_spellings`)."""
    with open(_DATA, encoding="utf-8") as fh:
        data = json.load(fh)
    entries = [list(e) for e in data["entries"]]
    for name, others in province_spellings():
        entry = next((e for e in entries if name in e), None)
        if entry is None:
            entries.append([name])
            entry = entries[-1]
        entry.extend(o for o in others if o not in entry)
    return tuple(tuple(e) for e in entries)


def mine(counts: dict[str, int], common_words: set[str] | None = None) -> dict:
    """The pairs that enough articles agree on, from ``"short\\tlong"`` -> articles.

    A short form that articles expand in different ways is kept only when one long
    form has most of its definitions (``MIN_AGREEMENT``); a pair defined by a single
    article is noise. ``common_words`` are lower-case syllables frequent in the index:
    a short form spelling one ("TA") is recognised only in capitals.
    """
    by_short: dict[str, dict[str, int]] = {}
    written: dict[str, dict[str, int]] = {}
    for key, n in counts.items():
        short, _, long = key.partition("\t")
        sk = short_key(short)
        longs = by_short.setdefault(sk, {})
        lk = canon(long)
        longs[lk] = longs.get(lk, 0) + n
        ws = written.setdefault(sk, {})
        ws[short] = ws.get(short, 0) + n
    entries: list[list[str]] = []
    for sk, longs in sorted(by_short.items()):
        total = sum(longs.values())
        long, n = max(longs.items(), key=lambda kv: (kv[1], kv[0]))
        if n < MIN_ARTICLES or n < MIN_AGREEMENT * total:
            continue
        short = max(written[sk].items(), key=lambda kv: (kv[1], kv[0]))[0]
        entries.append([long, short])
    common = common_words or set()
    case_sensitive = sorted(k for k in ({short_key(e[1]) for e in entries}
                                        | {_key(f) for e in curated_entries() for f in e})
                            if k in common and _looks_like_word(k))
    checked = sorted({_key(f) for e in curated_entries() for f in e if Form.of(f).is_short})
    return {"entries": entries, "case_sensitive": case_sensitive, "curated": checked}


def save_abbreviations(index_dir: str | os.PathLike, generation: int, mined: dict, reader,
                       tidy: bool = True) -> None:
    """Write the mined pairs of one index generation (of ``reader``'s segments); drop older
    ones (``tidy``: the indexer), or leave every other file alone (a searcher)."""
    write_generation_file(index_dir, _FILE, generation, lambda fh: fh.write(
        json.dumps(mined, ensure_ascii=False).encode("utf-8")), reader, tidy)


def load_abbreviations(index_dir: str | os.PathLike | None = None, generation: int | None = None,
                       reader=None) -> Abbreviations:
    """Curated forms first (they win), then the pairs mined for ``generation`` and
    exactly ``reader``'s segments (none when the side file is missing)."""
    saved = None
    if index_dir is not None and generation is not None and reader is not None:
        saved = saved_abbreviations(index_dir, generation, reader)
    return saved if saved is not None else abbreviations_from({"entries": [], "case_sensitive": []})


def saved_abbreviations(index_dir: str | os.PathLike, generation: int, reader) -> Abbreviations | None:
    """The curated forms and the pairs mined for ``generation`` and exactly ``reader``'s
    segments, or None when their side file is missing."""
    try:
        with open(side_file(index_dir, _FILE, generation, reader), encoding="utf-8") as fh:
            return abbreviations_from(json.load(fh))
    except (OSError, ValueError):
        return None


def _key(form: str) -> str:
    """The lookup form of a form as the data file writes it, its mark left out ("^CN": "cn")."""
    return short_key(Form.of(form).text)


def abbreviations_from(mined: dict) -> Abbreviations:
    """Curated forms first (they win), then ``mined`` pairs (what :func:`mine` gives)."""
    curated = [list(e) for e in curated_entries()]
    # (a form marked "^CN" takes "CN" too: the mined "công nhân (CN)" would add its
    # meaning to the one curated)
    taken = {_key(f) for e in curated for f in e if Form.of(f).is_short}
    taken |= {tuple(fold(s) for s in Form.of(f).syllables) for e in curated for f in e}
    entries = list(curated)
    for long, short in mined.get("entries", []):
        if short_key(short) in taken or tuple(fold(s) for s in Form.of(long).syllables) in taken:
            continue     # the curated entry decides
        # Two letters stand for too many things to be looked for by the name: typed, they
        # mean it; the name typed does not look for them ("thanh hà" listed the TH milk
        # stories, after a few articles' "Thanh Hà (TH)"; "thí sinh" would list TS, tiến sĩ).
        entries.append([long, "^" + short if len(short_key(short)) <= MINED_AMBIGUOUS_LETTERS else short])
    # Frequent in the index *and* shaped like a Vietnamese word ("tphcm" is frequent, as
    # the abbreviation itself, but is no word).
    case_sensitive = {k for k in mined.get("case_sensitive", []) if _looks_like_word(k)}
    if not mined.get("entries"):
        # No index statistics: forms whose letters spell a Vietnamese word stay strict.
        case_sensitive |= {_key(f) for e in curated for f in e if _looks_like_word(_key(f))}
    else:
        # A curated form added since the index counted its words ("M&A", and "ma" a ghost)
        # has no count to go by: strict where its letters spell a Vietnamese syllable.
        checked = set(mined.get("curated") or ())
        case_sensitive |= {k for e in curated for f in e if Form.of(f).is_short
                           and (k := _key(f)) not in checked and _looks_like_word(k)
                           and lexicon().knows_folded(k)}
    return Abbreviations(entries, case_sensitive).with_nested_forms()


#: A Vietnamese syllable without diacritics: onset, one to three vowels, a final consonant.
_SYLLABLE_SHAPE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
                             r"[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$")


def _looks_like_word(letters: str) -> bool:
    """Whether a short form's letters could be a Vietnamese word in lower case ("bot" could,
    "evn", "kcn" and "tphcm" could not)."""
    return bool(_SYLLABLE_SHAPE.match(letters))
