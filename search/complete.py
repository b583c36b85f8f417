"""Completions of a query being typed: what the search box offers under it.

A reader types without diacritics and a word at a time: `gia v`, `thuong mai d`,
`lang ngh`. What helps is the query as it will be searched, with its marks, finished the
way the articles and the trade finish it: "giá vàng", "thương mại điện tử", "làng nghề".
Choosing one searches the words with their marks, which no restoring can get wrong.

Everything comes from the index and the trade's word lists, never from a list of past
queries:

- the words typed before the last are read as a search reads them (``read``: the
  restorer of :mod:`search.interpret`, its likeliest readings);
- the word being typed is finished by the syllables the articles write after the one
  before it (the vocabulary's pairs of syllables, in every accent), weighed by how many
  articles write the two side by side, and the trade's terms and names it may begin
  (``phrases``: the domain lexicon, the provinces and places, the long forms of the
  abbreviations) weigh more;
- a syllable that mostly opens a longer word is finished into it ("xuất kh" → "xuất
  khẩu", "vật" → "vật liệu"), and never offered half-typed;
- a first word alone is finished into the index's commonest words that begin so.

Nothing is offered that no article writes side by side, and nothing costs a search: the
vocabulary's tables answer in a few milliseconds once the words before are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .lexicon import asking_words, domain_terms, function_words, is_name, place_names, single_word_queries
from .textnorm import (HALF_WIDTH, LETTER_RUN, canon, fold, is_vietnamese_syllable, nfc, strip_invisible, strip_tone,
                       tone_of, vietnamese_letters)
from .offers import LIMIT, MAX_LIMIT  # noqa: F401  (re-exported: the API reads them here)
from .vocab import Vocabulary

__all__ = ["Completion", "Phrase", "complete", "completion_phrases", "MAX_TYPED", "LIMIT", "MAX_LIMIT"]

#: Longest text completed (characters): beyond it, a reader is not typing a query.
MAX_TYPED = 200
#: Readings of the words before the last that are finished (the restorer's likeliest).
HEAD_READINGS = 3
#: A reading of the words before the last below this share of the likeliest one's
#: probability is not finished: it is no reading a reader would recognise.
HEAD_SHARE = 0.2
#: How much more an offer weighs that goes on with a term or name of the trade the words
#: typed begin (:class:`Phrase`: "thương mại" + "điện tử"; 4 to 40 measured alike, best
#: from 8 on, ``bench/completion.py``), one that begins a term or name at the word being
#: typed (hundreds of names may: "giá" + "Việt Nam"), and one that makes one word of the
#: index with the word before.
PHRASE_WEIGHT = 12.0
NAME_WEIGHT = 4.0
WORD_WEIGHT = 2.0
#: A syllable in more than this share of the articles ("có", "người") is not offered as
#: the word a query ends with, unless typed whole.
COMMON_SHARE = 0.3
#: A form of the last word read before the one typed, other than the form read, is tried
#: where this share of the articles writing the word before write it beside it.
FORM_SHARE = 0.03
FORM_ARTICLES = 20
#: Most forms of that word tried (the likeliest).
FORMS_TRIED = 4
#: Two syllables whose letters make a word of the index in another form are one word
#: where this share of the articles writing these letters side by side write them so.
JOINED_SHARE = 0.3
#: After a word typed whole, articles writing its last two syllables side by side that
#: bind them: the next word does not take the last from them ("hàng giả " + "mạo").
BOUND = 5
#: A completion far less likely than the best (this share of its weight) is not offered:
#: a short list beats one padded with what no one types; nor one that fewer articles
#: write side by side.
KEPT_SHARE = 0.01
MIN_ARTICLES = 2
#: Letters of a word of another language, a name or a code, that a first word typed may be
#: finished into by itself, where the trade's lists do not name it ("covid", "vinfast").
FOREIGN_NAME_CHARS = 5
#: Syllables that follow a word, looked at for the next (by how often they do).
CANDIDATES = 40

#: Quotes, OR or a word left out: a query that is the reader's own, no plain run of words.
OPERATOR = re.compile(r'["“”]|(?:^|\s)(?:OR|-\S)')

#: How a search reads a text: its likeliest readings, (text, probability), best first.
Reader = Callable[[str], Sequence[tuple[str, float]]]


#: A word being typed of fewer letters opens too many terms to count against the words
#: before (:func:`phrases_begun`); at most this many are counted.
MET_MIN_LETTERS = 2
MET_TRIED = 20
#: Longer names (a company's, an office's) after words they were never seen after are more
#: often noise than the query's end.
MET_LONGEST = 3


@dataclass(frozen=True)
class Phrase:
    """A term or name of the trade a completion may finish: its syllables (canonical,
    lower case) and how it is written ("Bến Tre", "khu công nghiệp")."""

    syllables: tuple[str, ...]
    text: str


def plain_tail(text: str) -> tuple[str, str, str] | None:
    """``text`` as (the part the operators hold, the plain words typed after it, what closes
    it): a query with a phrase in quotes, an OR or a word left out is completed in its last
    plain words, as the best search boxes do (`gạo OR dien g`: "gạo OR điện gió"; `"dien g`:
    the phrase "điện gió" closed). None where the word being typed is one left out ("-gi")."""
    if not OPERATOR.search(text):
        return "", text, ""
    quotes = [m for m in _QUOTE.finditer(text)]
    if len(quotes) % 2:
        opened = quotes[-1]
        if re.search(r"(?:^|\s)(?:OR|-\S)", text[opened.end():]):
            return None     # (inside a phrase, "OR" and "-" are its words: no plain tail to finish)
        return text[:opened.end()], text[opened.end():], "”" if opened.group(0) == "“" else '"'
    start = quotes[-1].end() if quotes else 0
    for m in re.finditer(r"\S+", text):
        if m.end() < len(text) and (m.group(0) == "OR" or m.group(0).startswith("-")):
            start = max(start, m.end())
    tail = text[start:]
    if tail.lstrip().startswith("-") or OPERATOR.search(tail) or not tail.strip():
        return None
    return text[:start], tail, ""


_QUOTE = re.compile(r'["“”]')


@dataclass(frozen=True)
class Completion:
    """A query offered: ``text`` as it will be searched; ``articles``, how many articles
    write its last two words side by side (the caller may count its last three: not the
    count of its results)."""

    text: str
    articles: int
    #: How many of its syllables are the words typed before, as read (not shown): the caller
    #: may check that the articles write the offer's words from the last two of them on.
    head: int = 0
    #: What ordered it (not shown): its pair's articles weighed by the chances above.
    score: float = 0.0

    def to_dict(self) -> dict:
        return {"text": self.text, "articles": self.articles}


@dataclass
class _Candidate:
    head: str                  # the words before, as read, not in ``words``
    words: str                 # the words finished, as written (a name may hold words typed)
    score: float
    articles: int
    typed: int = 0             # the words typed before, as read, in ``head`` and ``words``


def complete(vocab: Vocabulary, text: str, read: Reader, phrases: Iterable[Phrase] = (),
             limit: int = LIMIT) -> list[Completion]:
    """The completions of ``text`` being typed, best first (at most ``limit``).

    The last word is the one being typed where ``text`` ends in a letter; after a space,
    the next word is offered. ``read`` reads the words before it as a search would."""
    # (read as a search reads it: a look-alike Ð, full-width letters)
    text = vietnamese_letters(strip_invisible(nfc(text or ""))).translate(HALF_WIDTH)
    if not text.strip() or len(text) > MAX_TYPED or limit <= 0 or not len(vocab.syllable_forms):
        return []
    stripped = text.lstrip()
    if stripped[-1].isalpha():
        last = list(LETTER_RUN.finditer(stripped))[-1]
        if last.end() != len(stripped):
            return []
        typed = last.group(0)
        head_text = stripped[:last.start()].rstrip()
        if head_text and not stripped[last.start() - 1].isspace():
            return []       # a word joined to a mark or a number ("covid-1", "C/"): as typed
    elif stripped[-1].isspace():
        typed, head_text = "", stripped.rstrip()
    else:
        return []
    phrases = list(phrases)
    if not head_text:
        return _first_words(vocab, typed, phrases, limit)
    if not head_text[-1].isalpha():
        return []           # after a mark or a number, nothing to go on
    if OPERATOR.search(head_text):
        return []           # a phrase in quotes, an OR, a word left out: the query is its own
    heads = _head_readings(read, head_text)
    last_typed = list(LETTER_RUN.finditer(head_text))
    plain = bool(last_typed) and last_typed[-1].end() == len(head_text) \
        and fold(last_typed[-1].group(0)) == last_typed[-1].group(0).lower()
    candidates = _next_words(vocab, heads, typed, plain, phrases)
    out: list[Completion] = []
    seen: set[str] = set()
    best = max((c.score for c in candidates), default=0.0)
    for c in sorted(candidates, key=lambda c: (-c.score, c.head, c.words)):
        if c.score < KEPT_SHARE * best or c.articles < MIN_ARTICLES:
            break
        full = f"{c.head} {c.words}".strip()
        if canon(full) in seen:
            continue
        seen.add(canon(full))
        out.append(Completion(full, c.articles, c.typed, c.score))
        if len(out) >= limit:
            break
    return out


def phrases_begun(vocab: Vocabulary, phrases: Iterable[Phrase], typed: str, limit: int = MET_TRIED) -> list[Phrase]:
    """The trade's terms and places of two or three syllables whose first syllable ``typed``
    may begin (the letters of a word being typed, at least ``MET_MIN_LETTERS``), the ones
    the articles write most first (their first two syllables side by side), at most
    ``limit``: what may finish a query beside words the pairs never see it follow, for the
    caller to count against the words typed before."""
    if len(fold(typed)) < MET_MIN_LETTERS:
        return []
    begun = [p for p in phrases if 1 < len(p.syllables) <= MET_LONGEST and _matches_typed(p.syllables[0], typed)]
    written = {p.syllables: vocab.pair_df(p.syllables[0], p.syllables[1]) for p in begun}
    begun = [p for p in begun if written[p.syllables]]
    return sorted(begun, key=lambda p: (-written[p.syllables], p.text))[:limit]


def _head_readings(read: Reader, head_text: str) -> list[tuple[str, float]]:
    """The readings of the words before the one typed worth finishing: (text, share of
    the likeliest's probability)."""
    readings = [(t.strip(), p) for t, p in read(head_text) if t.strip()[-1:].isalpha()][:HEAD_READINGS]
    if not readings:
        return []
    best = max(p for _t, p in readings)
    if best <= 0:
        return readings[:1]
    return [(t, p / best) for t, p in readings if p / best >= HEAD_SHARE]


def _matches_typed(form: str, typed: str) -> bool:
    """Whether ``form`` (a syllable as written) may be what ``typed`` begins: the same
    letters without marks; where typed with marks, the letters' marks (â, ư, đ…) as
    written, and the tone too where one is typed."""
    typed = canon(typed)
    if not fold(form).startswith(fold(typed)):
        return False
    if typed == fold(typed):
        return True
    tone = tone_of(typed)
    return strip_tone(canon(form)).startswith(strip_tone(typed)) and (not tone or tone_of(form) == tone)


def _ends_query(vocab: Vocabulary, syllable: str, typed: str) -> bool:
    """Whether ``syllable`` may end an offered query: not a word without a subject of its
    own, nor a syllable of every third article, unless typed whole."""
    if fold(syllable) == fold(typed):
        return True
    if (syllable,) in function_words():
        return False
    return vocab.syllable_df(syllable) <= COMMON_SHARE * max(1, vocab.documents)


def _joined(vocab: Vocabulary, a: str, b: str) -> bool:
    """Whether the articles write ``a`` and ``b`` as one word: the index's word, or a word
    whose letters the index has in a commoner form ("thủy điện" beside "Thụy Điển") where
    this form is a fair share of the pairs with these letters."""
    if vocab.is_word(f"{a}_{b}"):
        return True
    if not vocab.is_compound(f"{fold(a)}_{fold(b)}"):
        return False
    total = sum(n for _form, n in vocab.pair_forms.get(f"{fold(a)} {fold(b)}"))
    return vocab.pair_df(a, b) >= JOINED_SHARE * max(1, total)


def _chain(vocab: Vocabulary, syllables: Sequence[str]) -> float:
    """The chance of each syllable after the one before, multiplied (1 for one syllable)."""
    chance = 1.0
    for a, b in zip(syllables, syllables[1:]):
        chance *= vocab.pair_df(a, b) / max(1, vocab.syllable_df(a))
    return chance


def _stands_inside(vocab: Vocabulary, syllable: str) -> bool:
    """Whether ``syllable`` mostly stands inside a longer word of the index."""
    alone = vocab.word_df(syllable)
    return alone is not None and alone * 2 < vocab.syllable_df(syllable)


def _spelled(syllables: Sequence[str]) -> str:
    """Syllables as a completion writes them: a place's name capitalised."""
    text = " ".join(syllables)
    return text.title() if is_name(tuple(syllables)) else text


def _last_forms(vocab: Vocabulary, syllables: list[str], plain: bool) -> list[tuple[str, float]]:
    """The forms the last word read before the one being typed may take, each with its
    chance beside the word before it: where it was typed without marks, the word being
    typed may tell which ("gia ca p": "giá cả" alone, "giá cà" before "phê"). The form
    read keeps half the chance at least."""
    prev = syllables[-1]
    if not plain:
        return [(prev, 1.0)]
    before = syllables[-2] if len(syllables) > 1 else None
    forms = [form for form, _n in vocab.syllable_forms.get(fold(prev))]
    counts = {f: (vocab.pair_df(before, f) if before else vocab.syllable_df(f)) for f in forms}
    total = sum(counts.values())
    if not total:
        return [(prev, 1.0)]
    chances = {f: n / total for f, n in counts.items() if n / total >= FORM_SHARE and n >= FORM_ARTICLES}
    chances[prev] = max(chances.get(prev, 0.0), 0.5)
    return sorted(chances.items(), key=lambda fc: -fc[1])[:FORMS_TRIED]


def _next_words(vocab: Vocabulary, heads: list[tuple[str, float]], typed: str, plain: bool,
                phrases: list[Phrase]) -> list[_Candidate]:
    """What may follow each reading of the words before: the syllables the articles write
    after its last word that ``typed`` may begin, and the trade's terms they may go on
    into, each weighed by its chance after the words before (the chance of the last word
    read, times how often the articles write the next after it)."""
    out: dict[tuple[str, str], _Candidate] = {}
    start = fold(typed)
    # The first two syllables of the trade's terms of two syllables or more: after a word
    # of two syllables, its last one opening such a term with the next is that term's, not a
    # word of the query ("thủy điện" + "hạt nhân": "điện hạt nhân" is the term).
    opened = {p.syllables[:2] for p in phrases if len(p.syllables) >= 2}
    terms = {p.syllables for p in phrases if len(p.syllables) == 2}

    def offer(head: str, words: str, score: float, articles: int, typed: int) -> None:
        key = (head, canon(words))
        if key not in out or out[key].score < score:
            out[key] = _Candidate(head, words, score, articles, typed)

    for reading, share in heads:
        read_words = reading.split(" ")
        for prev, chance in _last_forms(vocab, canon(reading).split(), plain and bool(typed)):
            head_words = read_words[:-1] + [prev if canon(read_words[-1]) != prev else read_words[-1]]
            head = " ".join(head_words)
            syllables = canon(head).split()
            before = syllables[-2] if len(syllables) > 1 else None
            # A head ending in a word of two syllables (of the index, or a term of the trade:
            # "thủy điện", which pyvi may cut) leaves its last to that word: a
            # syllable making another word with it is no reading ("thương mại" + "dâm"),
            # nor where the articles write the two before together more often ("hàng giả"
            # + "mạo"; but "giá cà" + "phê").
            bound = before is not None and (vocab.is_word(f"{before}_{prev}") or (before, prev) in terms
                                            or (not typed and vocab.pair_df(before, prev) >= BOUND))
            following = sorted(((form.split(" ")[1], n) for form, n in vocab.pairs_beginning(fold(prev), start)
                                if form.split(" ")[0] == prev), key=lambda fn: -fn[1])
            if not following:
                continue
            counts = dict(following)
            weight_of = share * chance / max(1, vocab.syllable_df(prev))
            # After a space behind words of several syllables, the next word is told by the
            # trade's terms they begin alone: the pairs see only the last syllable ("điện mặt
            # trời " + "mưa", "giá vàng " + "da").
            single = typed or before is None
            for second, n in following[:CANDIDATES] if single else ():
                if not _matches_typed(second, typed) or bound and (prev, second) in opened:
                    continue
                joined = _joined(vocab, prev, second)
                if joined and before is not None and (bound or vocab.pair_df(before, prev) > n):
                    continue
                if not joined and _stands_inside(vocab, second) and fold(second) != start:
                    continue        # half a word ("thương mại đầu", "chè búp")
                if not joined and not _ends_query(vocab, second, typed):
                    continue
                weight = WORD_WEIGHT if joined or second in single_word_queries() else 1.0
                offer(head, _spelled([second]), n * weight_of * weight, n, len(head_words))
            # The trade's terms and names the words typed begin or the word typed opens,
            # each by its chance after the word before: the articles writing its first
            # syllable after it, times each next syllable's chance after the one before
            # ("mắm" + "Phan Thiết" is likely; "thương mại" + "Điện Biên" is not, though
            # "mại điện" is common).
            for phrase in phrases:
                # (one beginning at the next word only while that word is typed)
                for k in range(min(len(syllables), len(phrase.syllables) - 1), -1 if typed else 0, -1):
                    if k and (tuple(syllables[-k:]) != phrase.syllables[:k] or (k == 1 and bound)):
                        continue
                    nxt = phrase.syllables[k]
                    if fold(nxt)[:len(start)] != start or not _matches_typed(nxt, typed):
                        continue
                    if not k and (_joined(vocab, prev, nxt) or bound and (prev, nxt) in opened):
                        break       # its first syllable is the word before's ("thủy điện" + "Điện Biên")
                    # (a term two syllables in is written so wherever it is)
                    n = counts.get(nxt, 0) if k < 2 else max(1, counts.get(nxt, 0))
                    if n == 0:
                        continue
                    # (a term the words typed begin weighs more than a name the word being
                    # typed may begin, of which there are hundreds)
                    weight = PHRASE_WEIGHT if k else NAME_WEIGHT
                    score = n * weight_of * weight * _chain(vocab, phrase.syllables[k:])
                    words = phrase.text.split(" ")
                    if k and len(words) == len(phrase.syllables) and len(head_words) >= k \
                            and all(canon(w) == syl for w, syl in zip(head_words[-k:], phrase.syllables)):
                        # The name as it is written, the words typed in it too ("Tập đoàn
                        # Điện lực Việt Nam").
                        offer(" ".join(head_words[:-k]), phrase.text, score, n, len(head_words))
                    elif not k and len(words) == len(phrase.syllables):
                        offer(head, phrase.text, score, n, len(head_words))
                    else:
                        offer(head, _spelled(phrase.syllables[k:]), score, n, len(head_words))
                    break
    return list(out.values())


def _first_words(vocab: Vocabulary, typed: str, phrases: list[Phrase], limit: int) -> list[Completion]:
    """The index's commonest words that ``typed`` begins, for a first word: words of
    several syllables, and words of one the trade searches by themselves ("gạo", "chợ"),
    those that open a term or name of the trade (``phrases``) weighing more, and none of
    every third article ("đối với")."""
    starts = {p.syllables[:2] for p in phrases} | {p.syllables[:1] for p in phrases}
    # (a code or a name of one word, as the trade writes it: "EVN", "FDI")
    written = {p.syllables[0]: p.text for p in phrases if len(p.syllables) == 1}
    common = COMMON_SHARE * max(1, vocab.documents)
    found: list[tuple[float, int, str]] = []
    for form, df in vocab.words_beginning(fold(typed)):
        syllables = tuple(form.split("_"))
        if not _matches_typed(syllables[0], typed) or syllables in function_words() \
                or form == typed.lower() and form not in written:
            continue
        trade = syllables in starts or syllables[:2] in starts
        if len(syllables) > 1:
            if df < MIN_ARTICLES and not trade and not any(map(is_vietnamese_syllable, syllables)):
                continue        # (words of another language one article writes: "cover designer")
        # A word of one syllable where the trade searches it by itself ("gạo"), or a name or a
        # code of no Vietnamese syllable: one the trade writes ("evn": EVN), or of
        # ``FOREIGN_NAME_CHARS`` letters at least ("covid", "vinfast": "cov" offered "cover
        # designer", the words of one article, and "covid" nothing; not "of", "from", "with").
        elif not (form in single_word_queries() or form in written
                  or len(form) >= FOREIGN_NAME_CHARS and len(typed) > 1 and df >= MIN_ARTICLES
                  and not is_vietnamese_syllable(form)):
            continue
        if trade or df <= common:
            found.append((df * (PHRASE_WEIGHT if trade else 1.0), df, form))
    found.sort(key=lambda f: (-f[0], f[2]))
    return [Completion(written.get(form) or _spelled(form.split("_")), int(df)) for _s, df, form in found[:limit]]


def completion_phrases(forms=None) -> list[Phrase]:
    """The trade's terms and names a completion may finish (:class:`Phrase`): the domain
    lexicon with the provinces (``data/domain_terms.txt``), the words of a question, of time
    and of judgement (:func:`~search.lexicon.asking_words`), the gazetteer's places, and the
    long forms of ``forms`` (:class:`~search.abbrev.Abbreviations`: "khu công nghiệp",
    "Tập đoàn Điện lực Việt Nam"; not the abbreviations, nor words of another language),
    each of two syllables or more."""
    out: dict[tuple[str, ...], Phrase] = {}
    for syllables in domain_terms():
        if len(syllables) > 1:
            out.setdefault(syllables, Phrase(syllables, _spelled(syllables)))
    # A question, a time or a judgement a query ends with: "khi nào", "hôm nay", "lao đao"
    # (their last syllables, small words alone, are never offered by themselves).
    for syllables in asking_words():
        if len(syllables) > 1:
            out.setdefault(syllables, Phrase(syllables, " ".join(syllables)))
    for name in place_names():
        syllables = tuple(canon(name).split())
        if len(syllables) > 1 and all(s.isalpha() for s in syllables):
            out.setdefault(syllables, Phrase(syllables, name))
    for entry in getattr(forms, "entries", ()):
        for form in entry:
            if form.is_short and len(form.syllables) == 1 and form.syllables[0].isalnum() \
                    and not (form.foreign or form.typed_only):
                # An abbreviation of one word, as it is written ("EVN", "FDI", "CPTPP"): a
                # first word it finishes.
                out.setdefault((canon(form.text).lower(),), Phrase((canon(form.text).lower(),), nfc(form.text)))
                continue
            if form.is_short or form.foreign or form.typed_only or len(form.syllables) < 2 \
                    or not all(s.isalpha() for s in form.syllables):
                continue
            out.setdefault(tuple(form.syllables), Phrase(tuple(form.syllables), nfc(form.text)))
    return sorted(out.values(), key=lambda p: p.syllables)
