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

import functools
import re
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Callable, Sequence

from whoosh import query as Q

from .analysis import (Unit, folded_bigrams, gaps_are_list_marks, marked_bigram, query_units, syllable_units,
                       syllables_with_offsets)
from .lexicon import (asking_words, calendar_words, document_types, function_words, is_district, is_name, is_name_head,
                      judging_words,
                      is_province, is_term as lexicon_term, lexicon, linking_compounds, linking_words,
                      domain_terms, longer_names, number_words, place_terms, place_units, province_named,
                      single_word_queries, time_words, units)
from .regions import match_region
from .segment import syllables as _segment_syllables
from .textnorm import HALF_WIDTH, canon, fold, is_vietnamese_syllable, iy_forms, nfc, strip_invisible, vietnamese_letters

#: The keyword field holding the provinces an article mentions (the schema's and the
#: OpenSearch document's "provinces").
MENTIONED_FIELD = "provinces"
#: Title matches weigh this much more than body matches.
TITLE_BOOST = 2.5
#: Relative weight of the three ways a word can match.
WORD_BOOST, SYLLABLE_BOOST, FOLDED_BOOST = 3.0, 1.5, 1.0
#: Extra weight when the words of a run typed without marks stand together (their pairs
#: without accents, anywhere: enough that "manh hung" written side by side comes first).
PROXIMITY_BOOST = 10.0
#: The same for a run typed (or read) with its marks, found side by side as typed on
#: positions: sure to be the phrase, so it weighs more, enough to put the articles that
#: write "thị trường bán lẻ" before those with "thị trường" and "bán lẻ" apart.
EXACT_RUN_BOOST = 30.0
#: In the body a phrase may be a passing mention: with its pairs' share below, it weighs
#: as the pairs did, which leaves the articles with every word in the headline before one
#: that writes the phrase once ("cửa khẩu Lạng Sơn" in a crime story).
EXACT_RUN_BODY_BOOST = 8.0
#: Share of the pairs' bonus an accented run still earns with its pairs written in any
#: accents: a reading that missed ("tăng lượng" for "tăng lương") still lifts the articles
#: that write what was meant, well below those that write the reading.
ACCENT_BLIND_SHARE = 0.2
#: Weight of a word of time the query does not require (``data/time_words.txt``; the words
#: of a question, ``data/question_words.txt``, weigh the same: `vì sao giá xăng tăng`): enough
#: that among the articles writing the other words alike, those that also write "hôm nay"
#: ("Giá xăng tăng 300 đồng/lít từ 15 giờ hôm nay") come first, well below the words
#: standing together as typed.
TIME_WORD_BOOST = 10.0
#: A word that judges (``data/judging_words.txt``: "kỷ lục", "lao đao") says more of the
#: story than a word of time: among the articles writing the other words alike, those
#: writing it come first, above the headlines holding the others alone.
JUDGING_WORD_BOOST = 40.0
#: A run typed with a word of time is a set phrase or a title, searched as typed, when the
#: articles write it whole at least this often per article writing its other words:
#: "những năm gần đây" (0.19), "Giấc mơ cho ngày mai" (1 of 1), "giá vàng hôm nay" (0.14), not
#: "thị trường chứng khoán hôm nay" (1 of 473) or "giá phân bón hiện nay" (3 of 56).
SET_PHRASE_SHARE = 0.1
#: Longest query we analyse; the rest is ignored (the web layer also caps input).
MAX_QUERY_CHARS = 500
#: Most words of a query searched (as the large web search engines do: a paragraph pasted
#: whole costs seconds, weighing every common word in it, and its first words find it).
MAX_QUERY_WORDS = 32
_TYPED_WORD_RE = re.compile(r"\S+")


def first_words(text: str, most: int = MAX_QUERY_WORDS) -> tuple[str, str]:
    """``text`` up to its ``most``-th word (split at spaces, as typed), and the rest: what
    is searched, and what is left out and said so."""
    words = list(_TYPED_WORD_RE.finditer(text))
    if len(words) <= most:
        return text, ""
    cut = words[most - 1].end()
    return text[:cut], text[cut:].strip()


@dataclass(frozen=True)
class Atom:
    """A word (one pyvi unit) or a quoted phrase (consecutive syllables).

    ``offsets`` are the syllables' positions when a phrase has punctuation inside
    ("Bà Rịa - Vũng Tàu"); ``boost`` ranks an alternative below the form typed.
    """

    units: tuple[Unit, ...]
    phrase: bool = False
    offsets: tuple[int, ...] | None = None
    boost: float = 1.0
    quoted: bool = False      # typed in quotes: must match as typed, even among partial matches
    unquoted: str = ""        # a full date typed without quotes, as typed ("20/3/2019"): matched
                              # so, but a partial match may lack it, as it may any word
    exact: bool = False       # a reading's word: its syllables as they are, marks or none ("gia lai")
    listed: bool = False      # every gap in ``offsets`` is a list mark alone ("Hà Nội, Hải Phòng")
    part: bool = False        # a run's part (:func:`with_sub_runs`): no headline's premium
    near: bool = False        # a part of two words ranked by standing within a sentence of each other
    form: str = ""            # the name it is a form of ("KCN", "khu công nghiệp"): weighed alike (:func:`form_groups`)
    acronym: bool = False     # a form written in capitals ("KCN", "SCT"): it may name something else (the SCT-9 gun)
    # A word of one syllable: (the longer words of its sense, those of other senses), where it
    # counts inside the second only beside itself or one of the first (:func:`with_inside`).
    inside: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    @property
    def syllables(self) -> tuple[str, ...]:
        return tuple(s for u in self.units for s in u.syllables)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(s for u in self.units for s in u.folded)

    @property
    def accented(self) -> bool:
        """Whether the syllables are matched with their diacritics (or their lack of them):
        typed with some, or read so."""
        return self.exact or self.syllables != self.folded

    @property
    def text(self) -> str:
        return " ".join(self.syllables)

    @property
    def joints(self) -> tuple[int, ...]:
        """Where a mark may stand between the words of a term of the lexicon ("chế
        biến, chế tạo": (2,)); see :func:`_marked`."""
        if len(self.units) != 1 or self.phrase or self.quoted or len(self.units[0].joints) > MARKED_MAX_JOINTS:
            return ()
        return self.units[0].joints


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
    #: Other forms searched for a form typed ("KCN" for "khu công nghiệp").
    also: list[str] = field(default_factory=list)
    #: Every run of plain words as typed, one word long too (a word between a quoted
    #: phrase and an exclusion): where words of time are found.
    typed_runs: list[Atom] = field(default_factory=list)
    #: Numbers typed joined to a name by a hyphen ("19" of "Covid-19"): marked in a snippet
    #: with the name, never where they stand alone ("ngày 19").
    named_numbers: frozenset[str] = frozenset()

    def group_label(self, group: list[Atom]) -> str:
        """A group as the user reads it (the first, typed, alternative)."""
        a = group[0]
        return a.unquoted or (f'"{a.text}"' if a.quoted else a.text)

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    def positive_atoms(self) -> list[Atom]:
        return [a for g in self.groups for a in g]

    def highlight_atoms(self) -> list[Atom]:
        """What snippets mark: whole runs first (they win over their parts), then words; a
        word of time split into words by the segmenter ("tuần này") as one phrase, never
        "này" wherever it stands."""
        timely, phrases = _time_words_typed(self)
        timely |= linking_groups(self, timely)     # ("ở" of "giá lúa ở An Giang" marked in the run alone)
        words = [a for i, g in enumerate(self.groups) if i not in timely for a in g
                 if not (len(a.syllables) == 1 and a.syllables[0] in self.named_numbers)]
        return list(self.runs) + phrases + [sub for p in phrases for sub in _judging_parts(p)] + words

    def describe(self) -> str:
        """The query as understood, for messages."""
        parts = []
        k = 0
        while k < len(self.groups):
            g = self.groups[k]
            # (each once: a phrase is also sought with a mark between its words, the same text)
            parts.append(" OR ".join(dict.fromkeys(f'"{a.text}"' if a.phrase else a.text for a in g)))
            k += 1 + self._unit_after(k)
        parts += dict.fromkeys(f"-{a.text}" for a in self.excluded)
        return " ".join(parts)

    def _unit_after(self, k: int) -> int:
        """How many groups after group ``k``, an amount, are its unit, sought as words too
        ("tỷ" of "1.000 tỷ", "triệu", "tấn" of "6,2 triệu tấn"): said once, with the amount."""
        amount = self.groups[k]
        if not any(ch.isdigit() for ch in amount[0].text):
            return 0
        words, unit = 0, ""
        for n, group in enumerate(self.groups[k + 1:], 1):
            if len(group) != 1:
                break
            unit += " " + group[0].text
            if all(a.text.endswith(unit) for a in amount):
                words = n
        return words


_LEX = re.compile(r'([-+]?)"([^"]*)"|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})


def straight_quotes(text: str) -> str:
    """``text`` with every quotation mark the parser takes for one as '"' (curly, angled,
    full-width): to tell, as it will, what stands inside quotes."""
    return text.translate(_QUOTES)



#: Typed between two words, these mean OR too: people type "or" in lower case, and
#: "hoặc" in Vietnamese (neither is worth searching for as a word).
_OR_WORDS = frozenset({"or", "hoặc", "hoac"})


_SPACED_AMPERSAND = re.compile(r"(?<![\w&])([A-Z])\s*&\s*([A-Z])(?![\w&])")
#: Markup pasted with the words ("<b>điện</b>", "<br/>", "<a href=…>"): no word of the query.
#: Only the tags of text and links: a word typed between angle brackets ("<EVN>") stays.
#: The tags of the text's look (a link, bold …), that stand inside a line, and the others
#: (a break, a block), that part it.
_INLINE_TAGS = "a|b|i|u|s|em|strong|mark|span|font|sup|sub|small|big|code|q"
_BLOCK_TAGS = "p|div|br|hr|img|li|ul|ol|h[1-6]|td|tr|th|table|tbody|pre|script|style|iframe"
_MARKUP_TAG = re.compile(rf"</?(?:{_INLINE_TAGS}|{_BLOCK_TAGS})(?:\s[^<>]{{0,200}})?\s*/?>", re.IGNORECASE)


_INLINE_TAG = re.compile(rf"</?(?:{_INLINE_TAGS})\b", re.IGNORECASE)


def _tag_gap(tag: re.Match) -> str:
    """What a tag of pasted markup leaves: a space, but nothing where a tag of the text's
    look (bold, a link) stands beside a mark, which stays with its word ("-<b>lúa</b>" is
    "-lúa", not "- lúa"; `"<b>lúa gạo</b>"` the phrase). A break or a block always parts
    ("giá<br>-lúa" leaves lúa out)."""
    text, a, b = tag.string, tag.start(), tag.end()
    if not _INLINE_TAG.match(tag.group(0)):
        return " "
    beside = (text[a - 1] if a else " ") + (text[b] if b < len(text) else " ")
    return "" if any(not ch.isalnum() and not ch.isspace() for ch in beside) else " "


def _without_markup(text: str) -> str:
    """``text`` without the tags of pasted markup, unless they are all it holds: `<img>` or
    `<img src=x onerror=alert(1)>` typed alone are words to search, not nothing (which
    listed every article)."""
    stripped = _MARKUP_TAG.sub(_tag_gap, text)
    if stripped != text and not any(ch.isalnum() for ch in stripped):
        return text
    return stripped


def _lex(text: str) -> list[tuple[str, str]]:
    """Tokens ``(kind, value)``: word, phrase, name (a phrase typed unquoted: "AT&T"),
    notword, notphrase, or."""
    # "_" joins a word's syllables in segmented text ("doanh_nghiệp"), never in an article.
    text = vietnamese_letters(strip_invisible(nfc(text))).translate(_QUOTES).translate(HALF_WIDTH).replace("_", " ")[:MAX_QUERY_CHARS]
    # A capital letter either side of a spaced "&" is one name, as written without the
    # spaces ("M & A" is M&A, not the letters "m" and "a" anywhere); longer words either
    # side are two ("EVN & PVN").
    text = _SPACED_AMPERSAND.sub(r"\1&\2", _without_markup(text))
    if text.count('"') % 2:
        # An unbalanced quote is just a character: drop the last one.
        i = text.rfind('"')
        text = text[:i] + " " + text[i + 1:]
    tokens = []
    for m in _LEX.finditer(text):
        neg, quoted, word = m.group(1) == "-", m.group(2), m.group(3)
        if quoted is not None:
            tokens.append(("notphrase" if neg else "phrase", quoted))
            continue
        if word.startswith("+") and len(word) > 1:
            word = word[1:]                   # "+điện": required, as every word is
        if word == "OR" or word.lower() in _OR_WORDS:
            tokens.append(("or", word))
        elif _FULL_DATE_RE.fullmatch(word.strip(_AROUND_TOKEN)):
            tokens.append(("name", word))     # "1-7-2016", "2.9.1945": one date, as "1/7/2016" is
        elif word.startswith("-") and len(word) > 1:
            tokens.append(("notphrase" if joined_name(word[1:]) else "notword", word[1:]))
        elif joined_name(word):
            tokens.append(("name", word))     # "AT&T", "R&D", "O'Reilly": a phrase, not letters
        else:
            tokens.append(("word", word))
    return _boolean_words(tokens)


#: Typed words after an exclusion looked at for where the word left out ends (a ministry's
#: name written out: "-Bộ Nông nghiệp và Phát triển nông thôn", with a dash or two between).
EXCLUDED_MAX_WORDS = 9
#: Longest word (in syllables) an exclusion may leave out whole.
MAX_EXCLUDED_SYLLABLES = 10
#: A dash typed alone between two words joins them into one name ("Bà Rịa - Vũng Tàu").
_DASHES = frozenset("-–—")
#: The marks typed in a text (each character that is no letter, digit or space).
_MARKS_RE = re.compile(r"[^\w\s]")


def whole_words_excluded(tokens: list[tuple[str, str]], is_word: Callable[[str], bool]) -> list[tuple[str, str]]:
    """``tokens`` with an exclusion that begins a word of several syllables leaving out the
    whole word: "thủy điện -Sơn La" leaves out Sơn La, not "Sơn" while asking for "La";
    "điện -thương mại điện tử" the term. The word is the longest that the excluded syllable
    and the typed words after it spell (``is_word``: "sơn_la" -> a word of the index, a
    term of the lexicon or a name written out), across a dash typed alone ("-Bà Rịa - Vũng
    Tàu", as the province is written) and a name of joined letters ("-Bộ NN&PTNT"),
    whatever follows it ("-Sơn La thủy điện"
    too), and ends where a typed word does not run on ("-Mỹ thủy sản" leaves out Mỹ, though
    the index knows the place Mỹ Thủy: "thủy sản" is a word), so "-gió Bạc Liêu" still
    leaves out only "gió". Never every word sought: "-điện gió" alone still asks for
    "gió" without "điện", as other search boxes read it. An OR left beside the exclusion
    has nothing to join on that side and is dropped, as :func:`_boolean_words` drops one."""
    out: list[tuple[str, str]] = []
    sought = sum(1 for kind, value in tokens if kind in _OPERANDS and syllable_units(value))
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        after: list[str] = []
        while kind == "notword" and len(after) < EXCLUDED_MAX_WORDS and i + 1 + len(after) < len(tokens) \
                and tokens[i + 1 + len(after)][0] in ("word", "name"):
            after.append(tokens[i + 1 + len(after)][1])
        # The longest word that leaves some word sought ("-Bà Rịa - Vũng Tàu" alone leaves
        # out Bà Rịa and asks for Vũng Tàu, as "-Sơn La" alone asks for "La").
        take, spelled = 0, 0
        for length in reversed(_excluded_word_lengths(value, after, is_word) if after else []):
            spelled = sum(1 for word in after[:length] if syllable_units(word))
            if spelled < sought:
                take = length
                break
        if take:
            sought -= spelled
            out.append(("notphrase", " ".join([value, *after[:take]])))
            i += 1 + take
            if i < len(tokens) and tokens[i][0] == "or":
                i += 1
            continue
        out.append((kind, value))
        i += 1
    return out


def _excluded_word_lengths(value: str, after: list[str], is_word: Callable[[str], bool]) -> list[int]:
    """How many of the typed words ``after`` the excluded syllable ``value`` may spell one
    word with, fewest first: whole typed words only, a dash typed alone between two of
    them skipped."""
    first = syllable_units(value)
    if len(first) != 1:
        return []
    syllables = list(first[0].syllables)
    following = [[syl for u in syllable_units(word) for syl in u.syllables] for word in after]
    found: list[int] = []
    for k, more in enumerate(following, start=1):
        if not more and after[k - 1] in _DASHES and k < len(after):
            continue
        syllables += more
        if not more or len(syllables) > MAX_EXCLUDED_SYLLABLES:
            break
        if is_word("_".join(syllables)) and not _runs_on(syllables[-1], [x for w in following[k:] for x in w],
                                                          is_word):
            found.append(k)
    return found


def _runs_on(last: str, rest: list[str], is_word: Callable[[str], bool]) -> bool:
    """Whether ending a word at ``last`` would leave half a word typed after it: ``last``
    and the next syllable make a word, and the next makes none with those after it ("Mỹ
    Thủy | sản"; but "Trung Quốc | gia tăng", "Hoa Kỳ | thị trường" end where they should)."""
    if not rest or not is_word(f"{last}_{rest[0]}"):
        return False
    return not any(is_word("_".join(rest[:n])) for n in range(2, min(len(rest), 4) + 1))


_OPERANDS = ("word", "phrase", "name")
_EXCLUSIONS = ("notword", "notphrase")


def _counts_excluded(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``tokens`` with a number excluded together with the word it counts after it: "kỳ hạn
    6 tháng -12 tháng" leaves out "12 tháng", not every article with a 12 (nor does it ask
    for "tháng" twice)."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(tokens):
        kind, value = tokens[k]
        counted = k + 1 < len(tokens) and tokens[k + 1][0] == "word" and _counted(canon(tokens[k + 1][1].lower()))
        if kind == "notword" and _NUMBER_RE.fullmatch(value) and counted \
                and not (k + 2 < len(tokens) and tokens[k + 2][0] == "or"):
            # (not where the word counted is an OR's side: "-12 tháng OR 6 tháng" keeps its OR)
            out.append(("notphrase", f"{value} {tokens[k + 1][1]}"))
            k += 2
            continue
        out.append((kind, value))
        k += 1
    return out


def _boolean_words(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The operators of other search boxes, typed in capitals: "AND" is what every search
    does (dropped), "NOT x" is "-x" (before an exclusion, dropped); "OR" with nothing on
    one side is dropped, not searched as a word (nor is one beside an exclusion: "điện OR
    -gió" is "điện -gió"), and one typed twice ("điện OR OR gió", "điện or hoặc gió") is
    one. Alone, "AND" or "NOT" is a word."""
    if len(tokens) < 2:
        return tokens
    out: list[tuple[str, str]] = []
    negate = False
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value in ("AND", "NOT"):
            negate = negate or value == "NOT"
            continue
        if negate and kind in _OPERANDS:
            kind, value = ("notword" if kind == "word" else "notphrase"), value
        negate = False
        if kind == "or" and value == "OR" and (not out or all(k == "or" for k, _v in tokens[i + 1:])):
            continue
        if kind == "or" and out and out[-1][0] == "or" and any(k in _OPERANDS for k, _v in out):
            continue
        out.append((kind, value))
    # An OR beside an exclusion has nothing to join on that side.
    kinds = [None] + [kind for kind, _v in out] + [None]
    kept = [(kind, value) for j, (kind, value) in enumerate(out)
            if not (kind == "or" and value == "OR" and (kinds[j] in _EXCLUSIONS or kinds[j + 2] in _EXCLUSIONS))]
    return kept or tokens


#: Letters joined by "&" or an apostrophe make one name ("AT&T", "R&D", "O'Reilly"), and
#: parts joined by "/" (and dashes), one of them digits alone, one number of a document or
#: a date ("52/2018/NĐ-CP", "45/CP", "20/11/2020"; the part of digits is checked by
#: :func:`joined_name`): searched as a phrase, as if quoted, never restored ("Ở'Reilly")
#: nor corrected. A document number's parts apart are common words and numbers that many
#: articles hold somewhere. (Suggestions keep whatever the pattern alone matches as typed.)
JOINED_NAME_RE = re.compile(r"[^\W_]+(?:[&'’][^\W_]+)+"
                            r"|(?=[\w/\-–]*\d)(?=[\w\-–]*/)[^\W_]+(?:[/\-–][^\W_]+)+")


#: Marks a token may carry around it as typed ("O'Reilly,", "(52/2018/NĐ-CP)").
_AROUND_TOKEN = ".,;:!?()[]\"“”"


def joined_name(token: str) -> bool:
    """Whether ``token`` is one name or number of joined parts (``JOINED_NAME_RE``), as
    typed between spaces or with a mark closing a sentence: "AT&T", "O'Reilly,",
    "52/2018/NĐ-CP". A token with other marks inside ("VTV-T&amp;T") is read as before,
    as words; so is one joined by "/" without a part of digits alone, a unit or a pair
    rather than a number ("4G/5G", "60km/h", "m3/ngày", "C/O")."""
    token = token.strip(_AROUND_TOKEN)
    if not JOINED_NAME_RE.fullmatch(token):
        return False
    return "/" not in token or any(part.isdigit() for part in token.split("/"))


#: Letters joined by full stops, as a web address or a brand writes them ("moit.gov.vn",
#: "Co.opmart").
_DOTTED_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)+")
#: How a web address ends.
_ADDRESS_ENDS = frozenset("vn com net org gov edu info biz io asia int".split())
#: Letters of a part that is a foreign word rather than an abbreviation ("opmart", not "tp").
_FOREIGN_PART = 4


def dotted_name(token: str) -> bool:
    """Whether ``token`` is a web address or a name written with full stops inside
    ("moit.gov.vn", "tiki.vn", "Co.opmart"): letters joined by "." that end as an address
    does, or with a part of four letters or more that is no Vietnamese syllable, or single
    letters, an abbreviation spelled out ("T.M.Đ.T", "v.v": no "t.m.đ.than"). Its words
    are no syllables typed without diacritics ("co" of Co.opmart is no "có"). An
    abbreviation before a full stop is not one ("TP.Da Nang", "q.tan binh": the name after
    it is read as words), nor are syllables with a space left out after a full stop
    ("gio.ninh")."""
    token = token.strip(_AROUND_TOKEN)
    if not _DOTTED_RE.fullmatch(token):
        return False
    parts = token.split(".")
    return parts[-1].lower() in _ADDRESS_ENDS or all(len(part) == 1 for part in parts) or any(
        len(part) >= _FOREIGN_PART and part.isalpha() and not is_vietnamese_syllable(fold(part)) for part in parts)


_WWW_RE = re.compile(r"^www\.", re.IGNORECASE)


def web_address(token: str) -> str | None:
    """The web address ``token`` is ("moit.gov.vn" of "WWW.Moit.gov.vn/"), searched as the
    one name it is, in lower case and without its "www."; None when it is none."""
    token = token.strip(_AROUND_TOKEN).rstrip("/")
    if not dotted_name(token) or token.rsplit(".", 1)[-1].lower() not in _ADDRESS_ENDS:
        return None
    return _WWW_RE.sub("", token).lower()


#: An article's address pasted whole: a site, then a path ("https://dantri.com.vn/kinh-doanh/…").
_PAGE_ADDRESS_RE = re.compile(r"(?:https?://)?([^\s/?#]+)(/[^\s?#]*)(?:[?#]\S*)?", re.IGNORECASE)
#: A page's extension, and a piece of its address that is an id, not a word ("20210429102802631",
#: "post123456", "d123456").
_PAGE_EXTENSION_RE = re.compile(r"\.(?:shtml|[a-z]{2,4})$", re.IGNORECASE)
_PAGE_ID_RE = re.compile(r"[a-z]{0,4}[0-9]{5,}", re.IGNORECASE)
#: The fewest words a page's address names for them to be searched.
PAGE_WORDS_MIN = 3


def _page_match(text: str) -> re.Match | None:
    """``text`` as a site (a web address) and a path, or None."""
    m = _PAGE_ADDRESS_RE.fullmatch(text)
    return m if m is not None and web_address(m[1]) is not None else None


def site_path(token: str) -> bool:
    """Whether ``token`` is a site with a path ("dantri.com.vn/kinh-doanh", an article's
    address): its words are the address's, never syllables typed without diacritics."""
    m = _page_match(token.strip(_AROUND_TOKEN))
    return m is not None and m[2].strip("/") != ""


def page_address(text: str) -> str | None:
    """An article's address as stored addresses are compared: no scheme, "www." or "m.",
    query or fragment, lower case ("dantri.com.vn/xa-hoi/….htm"); None when ``text`` is none."""
    m = _page_match(text.strip())
    if m is None:
        return None
    return re.sub(r"^(?:www\.|m\.)", "", m[1].lower()) + m[2].rstrip("/").lower()


def page_words(text: str) -> str | None:
    """The words an article's address names, as news sites write its headline in it
    ("https://dantri.com.vn/xa-hoi/vu-cong-ty-ti-hon-trung-mo-cat-2811-ty-dong-…-20210429102802631.htm":
    "vu cong ty ti hon trung mo cat 2811 ty dong …"); None when ``text`` is no such
    address (a site alone, "moit.gov.vn", is a name: :func:`web_address`)."""
    m = _page_match(text.strip())
    if m is None:
        return None
    slugs = [_PAGE_EXTENSION_RE.sub("", part) for part in m[2].split("/") if part]
    if not slugs:
        return None
    slug = max(slugs, key=lambda part: len(re.findall(r"[-_]", part)))
    words = [w for w in re.split(r"[-_]+", slug) if w]
    if words and _PAGE_ID_RE.fullmatch(words[-1]):
        words.pop()         # the site's id for the page, not a number of the headline ("covid 19")
    return " ".join(words) if len(words) >= PAGE_WORDS_MIN and not all(w.isdigit() for w in words) else None


#: A full date typed with "/", "-" or "." (day, month, year: "1/7/2016", "1-7-2016", "2.9.1945").
_FULL_DATE_RE = re.compile(r"([0-9]{1,2})([/.\-–])([0-9]{1,2})\2((?:19|20)[0-9]{2})")


def _date_forms(token: str) -> list[str]:
    """A full date (day, month and year) as the articles also write it: with "/", "-" or "."
    ("1/7/2016", "1-7-2016", "1.7.2016"), its day and month each with or without a leading
    zero ("01/07/2021", "1/7/2021", "01/7/2021", "1/07/2021"). Only a full date: "1/2",
    "45/CP" and a month "01/2021" (also a document's number and year) stay as typed."""
    typed = token.strip(_AROUND_TOKEN)
    m = _FULL_DATE_RE.fullmatch(typed)
    if m is None or not (1 <= int(m[1]) <= 31 and 1 <= int(m[3]) <= 12):
        return []
    return [f for f in _full_date_texts(m[1], m[3], m[4]) if f != typed]


def _full_date_texts(day: str, month: str, year: str) -> list[str]:
    """A day, month and year as the articles write them: with "/", "-" or ".", the day and
    the month each with or without a leading zero."""
    days, months = ((str(int(p)), str(int(p)).zfill(2)) for p in (day, month))
    return list(dict.fromkeys(f"{d}{mark}{mo}{mark}{year}" for mark in "/-." for d in days for mo in months))


def _date_atoms(token: str) -> list[Atom]:
    """The phrases of a date's other spellings (:func:`_date_forms`)."""
    return [_quoted_atom(syllable_units(form), form) for form in _date_forms(token)]


_SYLLABLE_RE = re.compile(r"^[^\W_]+$")


def _single_syllable(text: str) -> bool:
    return bool(_SYLLABLE_RE.match(text))


def _unaccented(text: str) -> bool:
    return fold(text) == text.lower()


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


def regroup_words(units: list[Unit], is_word: Callable[[str], bool], longest: int = 4) -> list[Unit]:
    """Join runs of one-syllable units into the index's words ("sơn", "la" -> "sơn_la"),
    longest first; words pyvi already found stay as they are."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        if len(units[i].syllables) != 1:
            out.append(units[i])
            i += 1
            continue
        j = i
        while j < len(units) and len(units[j].syllables) == 1 and j - i < longest:
            j += 1
        for n in range(j - i, 1, -1):
            syl = tuple(u.syllables[0] for u in units[i:i + n])
            if is_word("_".join(syl)):
                out.append(Unit(syl, tuple(u.folded[0] for u in units[i:i + n])))
                i += n
                break
        else:
            out.append(units[i])
            i += 1
    return out


#: A unit of two syllables pyvi forms in a query, that is none of the index's words and
#: that no more than this many articles write side by side, is two words where one of its
#: syllables makes a word with the syllable beside it outside the unit: one of the index,
#: or written side by side by at least ``PAIRED_ARTICLES`` (see :func:`split_unknown_words`).
RARE_PAIR_ARTICLES = 2
PAIRED_ARTICLES = 10
#: Nor one, however many articles write it side by side, where the pair its syllable makes
#: with the neighbour outside it is written this many times as often: "giá xăng giảm",
#: read "giá" + "xăng_giảm" (20 articles write "xăng giảm"), is about "giá xăng" (1,500)
#: going down, however the articles word it.
OUTWEIGHED = 10


def split_unknown_words(units: list[Unit], is_word: Callable[[str], bool],
                        side_by_side: Callable[[str, str], int] | None = None) -> list[Unit]:
    """Split a unit of three syllables or more that is none of the index's words into the
    index's words it is made of, when each has two syllables or more: pyvi reads "nông sản
    xuất khẩu" as one word that no article holds ("nông_sản" + "xuất_khẩu"), which would
    find only the articles writing the four syllables in that order, not "xuất khẩu nông
    sản". A name or a word of the index stays whole ("thương_mại_điện_tử"). A unit of two
    syllables that is none of the index's words and that the articles hardly ever write
    side by side (``side_by_side``: how many do, ``RARE_PAIR_ARTICLES``), where pyvi took
    the wrong pair, one of its syllables making a word with its neighbour outside it, is
    two words: pyvi reads the short query "bánh kẹo tết" as "bánh" + "kẹo_tết", which no
    more than one article writes, where 142 write "bánh kẹo" and 50 write bánh, kẹo and
    Tết (the words typed side by side still rank first). "tự vẫn", written so by 56, stays
    one, as does a word of the dictionary that the articles lack ("mặt trời" on a small
    index), and a pair no neighbour claims ("xăng giả", a word replaced by a slip, "chứng
    minh tận lượng"): asked for as typed, it finds what writes it, not its syllables
    anywhere."""
    out: list[Unit] = []
    paired = False
    taken = False       # the unit was joined to the syllable before it (below)
    for k, u in enumerate(units):
        if taken:
            taken = False
            continue
        # (a unit alone, "điện gió", is never split: nothing asks for the index's counts)
        # (the articles writing its syllables side by side, where some of them join the
        # two into a word: where none does, the syllables stand side by side only as parts of
        # other words, "mục tiêu giảm" for the "tiêu_giảm" pyvi makes of `giá tiêu giảm`)
        if len(u.syllables) == 2 and side_by_side is not None and len(units) > 1 \
                and all(s.isalpha() for s in u.syllables) and not is_word(u.word) \
                and not lexicon().is_word(u.syllables) \
                and _paired_outside(units, k, is_word, side_by_side,
                                    side_by_side(*u.syllables) if is_word(fold(u.word)) else 0):
            out.extend(Unit((s,), (f,)) for s, f in zip(u.syllables, u.folded))
            paired = True
            continue
        if len(u.syllables) >= 3 and not is_word(u.word):
            parts = regroup_words([Unit((s,), (f,)) for s, f in zip(u.syllables, u.folded)], is_word)
            # (a part of one syllable only where the trade searches it by itself: "nhập khẩu
            # khí", one word of pyvi's that one article holds, is imports of gas)
            if len(parts) > 1 and all(len(p.syllables) > 1 or p.syllables[0] in single_word_queries()
                                      for p in parts):
                out.extend(parts)
                continue
            # Its last syllable begins a word of the index with the next unit: pyvi's word
            # took the first syllable of a name ("cây xăng biên" + "hòa", "chợ phiên bắc" +
            # "hà", found only beside "hòa" anywhere): the words, and the name whole.
            after = units[k + 1] if k + 1 < len(units) else None
            if after is not None and len(parts) > 1 and len(parts[-1].syllables) == 1 \
                    and all(len(p.syllables) > 1 for p in parts[:-1]) \
                    and (is_word("_".join(parts[-1].syllables + after.syllables))
                         or is_name(parts[-1].syllables + after.syllables)):
                out.extend(parts[:-1])
                out.append(Unit(parts[-1].syllables + after.syllables, parts[-1].folded + after.folded))
                taken = True
                continue
        out.append(u)
    # A syllable split off joins the word its neighbour makes with it ("sơn la xoài", read
    # "sơn" + "la_xoài": Sơn La).
    return regroup_words(out, is_word) if paired else out


def _paired_outside(units: list[Unit], k: int, is_word: Callable[[str], bool],
                    side_by_side: Callable[[str, str], int], inside: int) -> bool:
    """Whether the first syllable of ``units[k]`` makes a word with the syllable before the
    unit, or its last one with the syllable after it, where the articles write the unit's
    own syllables side by side (``inside`` of them) seldom (``RARE_PAIR_ARTICLES``: a word
    of the index there, or a pair ``PAIRED_ARTICLES`` articles write) or far less often than
    that pair (``OUTWEIGHED``): the sign that pyvi paired the wrong syllables."""
    pairs = []
    if k > 0 and units[k - 1].syllables[-1].isalpha():
        pairs.append((units[k - 1].syllables[-1], units[k].syllables[0]))
    if k + 1 < len(units) and units[k + 1].syllables[0].isalpha():
        pairs.append((units[k].syllables[-1], units[k + 1].syllables[0]))
    for a, b in pairs:
        beside = side_by_side(a, b)
        if inside <= RARE_PAIR_ARTICLES and (is_word(f"{a}_{b}") or beside >= PAIRED_ARTICLES) \
                or beside >= max(PAIRED_ARTICLES, OUTWEIGHED * inside):
            return True
    return False


#: Most marks checked inside a term of the lexicon: each subset of them is one more
#: phrase to check ("nông, lâm, thủy sản": two).
MARKED_MAX_JOINTS = 3


def _mark_sets(joints: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every non-empty set of ``joints`` that may hold a mark at once."""
    return [g for r in range(1, len(joints) + 1) for g in combinations(joints, r)]


def _gapped(count: int, gaps: tuple[int, ...]) -> tuple[int, ...]:
    """The positions of ``count`` syllables with a gap of one before each of ``gaps``."""
    return tuple(i + sum(1 for g in gaps if g <= i) for i in range(count))


def _quoted_atom(units: list[Unit], value: str) -> Atom:
    """A quoted phrase (or an excluded one) as typed, with its punctuation's gaps."""
    gaps = _phrase_gaps(value, len(units))
    return Atom(tuple(units), phrase=len(units) > 1, quoted=len(units) > 1, offsets=gaps,
                listed=gaps is not None and gaps_are_list_marks(value))


def join_terms(units: list[Unit], is_term: Callable[[str], bool], longest: int = 6,
               marks: Callable[[str], tuple[int, ...]] | None = None,
               is_word: Callable[[str], bool] | None = None) -> list[Unit]:
    """Join runs of whole units that spell a term of the trade's lexicon, a province or a
    place ("khuyến", "công" -> "khuyến_công"; "tổng", "mức", "bán_lẻ" -> one word), longest
    first: typed side by side, they are one word to the reader, not syllables to be
    found anywhere in an article. A unit is split only where a term ends inside it and
    the rest is a word of its own (``is_word``, see :func:`_term_into`): pyvi reads "khuyến
    công quốc gia" as "khuyến" and "công_quốc_gia", which is "khuyến_công" and "quốc_gia".
    ``marks`` (a term -> where the lexicon writes a mark inside it, see :func:`_marked`)
    gives each term its joints."""
    units = list(units)
    out: list[Unit] = []
    i = 0
    while i < len(units):
        for j in range(len(units), i + 1, -1):
            syl = tuple(s for u in units[i:j] for s in u.syllables)
            if len(syl) <= longest and is_term("_".join(syl)):
                u = Unit(syl, tuple(f for u in units[i:j] for f in u.folded))
                i = j
                break
        else:
            cut = _term_into(units, i, is_term, longest, is_word)
            if cut is not None:
                j, k = cut          # units[i:j] whole and the first k syllables of units[j]
                last = units[j]
                u = Unit(tuple(s for v in units[i:j] for s in v.syllables) + last.syllables[:k],
                         tuple(f for v in units[i:j] for f in v.folded) + last.folded[:k])
                units[j] = Unit(last.syllables[k:], last.folded[k:])
                i = j
            else:
                u = units[i]
                i += 1
        joints = marks(u.word) if marks is not None and len(u.syllables) > 1 else ()
        out.append(Unit(u.syllables, u.folded, joints) if joints else u)
    return out


def _term_into(units: list[Unit], i: int, is_term: Callable[[str], bool], longest: int,
               is_word: Callable[[str], bool] | None) -> tuple[int, int] | None:
    """(j, k): the longest term made of ``units[i:j]`` whole (one or more) and the first
    ``k`` syllables of ``units[j]``, whose other syllables are a word of two or more, or
    begin a term with the units after ("khuyến công điện nông thôn": pyvi reads "khuyến",
    "công_điện", "nông_thôn"; the terms are "khuyến_công" and "điện_nông_thôn"). A unit
    that is a term itself ("hà_nội" in "đông hà nội") is never split, nor one whose rest
    would be a lone syllable ("giang_hồ" in "bắc giang hồ")."""
    if is_word is None:
        return None
    for j in range(min(len(units) - 1, i + longest - 1), i, -1):
        head = tuple(s for v in units[i:j] for s in v.syllables)
        last = units[j].syllables
        if len(last) < 2 or is_term(units[j].word):
            continue
        for k in range(len(last) - 1, 0, -1):
            if len(head) + k > longest or not is_term("_".join(head + last[:k])):
                continue
            rest = last[k:]
            # (a term of the whole lexicon: where only short terms are joined, the parts of
            # a long one still begin where it does: "khuyến công" + "điện" + "nông thôn")
            if (len(rest) > 1 and is_word("_".join(rest))) or _opens_term(rest, units[j + 1:], lexicon_term, longest):
                return j, k
    return None


def _opens_term(rest: tuple[str, ...], after: list[Unit], is_term: Callable[[str], bool], longest: int) -> bool:
    """Whether ``rest`` and one or more whole units of ``after`` spell a term."""
    syl = rest
    for u in after:
        syl = syl + u.syllables
        if len(syl) > longest:
            return False
        if is_term("_".join(syl)):
            return True
    return False


#: Weight of a form the user did not type, relative to the one typed; times MAYBE_BOOST
#: for the forms of a name typed that may mean something else (a "^" form of
#: data/abbreviations.json written out: "Hồ Chí Minh").
ALT_BOOST = 0.8
MAYBE_BOOST = 0.3
#: Weight of a code's other way of writing ("COVID19" for "Covid-19"): the same thing, but
#: ranked below the way typed, which one of them, by its rarity alone, would not be (two
#: articles write COVID19, 580 Covid-19).
CODE_FORM_BOOST = MAYBE_BOOST
#: Weight of a word's other i/y spelling ("ca sỹ" for "ca sĩ"), relative to the one typed: the
#: same word, but the rarer spelling's articles would otherwise rank first by its rarity alone.
SPELLING_BOOST = 0.5


def _unit_of(syllables: Sequence[str]) -> Unit:
    """One word of the given syllables, in every form the index holds it."""
    return Unit(tuple(syllables), tuple(fold(x) for x in syllables))


def _typed_syllables(text: str) -> list[str]:
    """The syllables of ``text`` as typed (case kept), in the order units list them."""
    return [p for p in _segment_syllables(nfc(text)) if any(ch.isalnum() for ch in p)]


def _gaps(offsets: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """``offsets`` when punctuation opens a gap in them, else None (side by side)."""
    return offsets if offsets and offsets[-1] != len(offsets) - 1 else None


def _form_atom(syllables: tuple[str, ...], offsets: tuple[int, ...], quoted: bool = False,
               boost: float = ALT_BOOST, text: str | None = None, form: str = "", acronym: bool = False) -> Atom:
    """One form of a name as a query word: a phrase (its syllables in a row, checked on
    positions; the bigram prefilter keeps the candidates few), so that "quản lý" and
    "thị trường" in different sentences are not "quản lý thị trường". A form whose
    ``text`` has list marks in its gaps ("kinh tế - xã hội") wants a mark there, not a
    word ("Hội đồng Kinh tế và Xã hội")."""
    unit = _unit_of(syllables)
    gaps = _gaps(offsets)
    # Two syllables side by side are one bigram lookup, exact enough without positions.
    phrase = len(syllables) > 2 or quoted or gaps is not None
    listed = gaps is not None and text is not None and gaps_are_list_marks(text)
    return Atom((unit,), phrase=phrase, offsets=gaps, boost=boost, quoted=quoted, listed=listed, form=form,
                acronym=acronym)


def _expand_run(units: list[Unit], typed: list[str], forms, also: list[str]) -> list[list[Atom]]:
    """One group per unit; a span of units that is a known form becomes one group with
    its other forms as alternatives."""
    groups = [[Atom((u,))] for u in units]
    if forms is None or not len(forms):
        return groups
    syl: list[str] = []
    owner: list[int] = []
    for k, u in enumerate(units):
        syl.extend(u.syllables)
        owner.extend([k] * len(u.syllables))
    if len(typed) != len(syl):
        typed = syl
    out: list[list[Atom]] = []
    next_unit = 0
    for m in forms.find(syl, typed):
        if m.typed.foreign:
            continue            # (read as its Vietnamese before, unless a name or an address: as typed)
        a, b = owner[m.start], owner[m.end - 1]
        if (m.start and owner[m.start - 1] == a) or (m.end < len(syl) and owner[m.end] == b):
            continue            # not on word boundaries: pyvi read it otherwise
        out.extend(groups[next_unit:a])
        span = tuple(units[a:b + 1])
        # The words typed match as any compound does (bigrams, no positions: cheap); the
        # other forms, which the user did not type, as phrases.
        typed_syl = tuple(x for u in span for x in u.syllables)
        # (the name: its forms, whichever is typed; an acronym, a form written in capitals)
        name = " | ".join(sorted(f.text for f in (m.typed, *m.others)))
        typed_atom = Atom(span, form=name, acronym=m.typed.is_short) if a == b \
            else Atom((_unit_of(typed_syl),), form=name, acronym=m.typed.is_short)
        seen = {(tuple(typed_atom.syllables), None)}
        group = [typed_atom]
        # A name typed that means the others only maybe ("Hồ Chí Minh": the city, or the
        # President, his order, museum, road): they rank well below what was typed.
        boost = ALT_BOOST * (MAYBE_BOOST if m.typed.typed_only and not m.short else 1.0)
        for f in m.others:           # "TP.HCM", "TP. HCM" and "TP HCM" are the same terms
            # A form written with a dash inside ("Bà Rịa - Vũng Tàu") is also written with
            # a hyphen or with none ("Bà Rịa-Vũng Tàu", "Bà Rịa Vũng Tàu"): its syllables
            # side by side are a form too.
            gaps = _gaps(f.offsets)
            for offsets in (f.offsets, tuple(range(len(f.syllables)))) if gaps else (f.offsets,):
                key = (f.syllables, _gaps(offsets))
                if key not in seen:
                    seen.add(key)
                    group.append(_form_atom(f.syllables, offsets, text=f.text, boost=boost, form=name,
                                            acronym=f.is_short))
        if _gaps(m.typed.offsets) is not None or m.typed.syllables != typed_syl \
                and tuple(x.replace("đ", "d") for x in m.typed.syllables) == typed_syl:
            # Typed with the punctuation the name has inside ("Bà Rịa - Vũng Tàu"), or with
            # a plain d for its đ ("dbscl" is ĐBSCL: read for sure, the query's words are
            # looked for with their marks, and "dbscl" has none to find "ĐBSCL" by).
            group.insert(1, _form_atom(m.typed.syllables, m.typed.offsets, boost=1.0, text=m.typed.text, form=name,
                                       acronym=m.typed.is_short))
        also.extend(f.text for f in m.others if f.text not in also)
        out.append(group)
        next_unit = b + 1
    out.extend(groups[next_unit:])
    return out


def _with_code_forms(groups: list[list[Atom]]) -> list[list[Atom]]:
    """``groups`` with a code typed as one word also found with its letters and digits apart
    (``CODE_FORM_BOOST``): "covid19" (the articles write "Covid-19" six times in seven,
    "COVID19" too), "u23" ("U-23"). A name, not words: both ways are the same."""
    out = []
    for group in groups:
        atom = group[0]
        code = _CODE_RE.fullmatch(atom.syllables[0]) \
            if len(atom.units) == 1 and not (atom.phrase or atom.quoted) and len(atom.syllables) == 1 else None
        # (not a syllable and a digit, VNI's keys for a tone: "gio1", "e5")
        if code is None or len(code[2]) == 1 and is_vietnamese_syllable(code[1]):
            out.append(group)
        else:
            out.append(group + [_form_atom((code[1], code[2]), (), boost=atom.boost * CODE_FORM_BOOST)])
    return out


def _with_spellings(groups: list[list[Atom]], spellings, names: frozenset[str] = frozenset()
                    ) -> tuple[list[list[Atom]], dict[tuple[str, ...], tuple[str, ...]]]:
    """``groups`` with each word's other spellings (i for y, y for i: "kĩ thuật", "kỹ
    thuật") as alternatives of it: the same word, however the articles spell it, found
    alike and weighed below the spelling typed (``SPELLING_BOOST``); and each word's first
    other spelling, for the words standing together. A word of one syllable is looked up
    beside its neighbours in the query; one typed with a capital (``names``: "Lý", "Mỹ",
    "Tý") is a name, kept as typed. Words only, not quoted phrases, which match as typed."""
    swaps: dict[tuple[str, ...], tuple[str, ...]] = {}
    if spellings is None:
        return groups, swaps
    out = []
    for k, group in enumerate(groups):
        have = {a.syllables for a in group}
        before = groups[k - 1][0].syllables[-1] if k else None
        after = groups[k + 1][0].syllables[0] if k + 1 < len(groups) else None
        more = []
        for atom in group:
            if atom.phrase or atom.quoted or len(atom.units) != 1:
                continue
            if len(atom.syllables) == 1 and atom.syllables[0] in names:
                continue
            for form in spellings(atom.syllables, before, after):
                swaps.setdefault(atom.syllables, form)
                if form not in have:
                    have.add(form)
                    more.append(Atom((_unit_of(form),), boost=atom.boost * SPELLING_BOOST))
        out.append(group + more)
    return out, swaps


_DASHED_RE = re.compile(r"[^\W\d_]+[-–][^\W\d_]+")
#: A code of letters and a number typed as one word ("covid19", "u23", "g7"), in ASCII: its
#: letters and its number.
_CODE_RE = re.compile(r"([a-z]+)([0-9]+)")


_GROUPED_NUMBER_RE = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_PLAIN_NUMBER_RE = re.compile(r"[1-9][0-9]{3,}")
_DECIMAL_RE = re.compile(r"([0-9]+)([.,])([0-9]{1,2})")
_DIGITS_RE = re.compile(r"[0-9]+")
_NAMED_NUMBER_RE = re.compile(r"[^\W\d_]+[-–][0-9]+")
_NUMBER_RE = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_GLUED_RE = re.compile(r"([0-9]+(?:[.,][0-9]+)*)([^\W\d_]+)")
#: The word of a date whose number may also stand in a day's date ("6/4/2006" is in "tháng
#: 4/2006"); a quarter's may not ("27/2/2017" is no "quý 2/2017").
_MONTH = "tháng"


def number_forms(text: str, amount: bool = False) -> list[str]:
    """The other way a number is written: a whole number with its thousands grouped by
    dots, as the articles mostly write them ("10000" -> "10.000", "1500" -> "1.500"), or
    without ("10.000" -> "10000"); a decimal with the comma the articles write, or the dot
    of an English keyboard ("7.5" -> "7,5", "7,5" -> "7.5": one or two decimals, three
    being thousands). A year is no amount ("2005"), unless ``amount``: the number counts
    something ("2000 người"); a leading zero ("0912") is left as typed."""
    decimal = _DECIMAL_RE.fullmatch(text)
    if decimal:
        return [f"{decimal[1]}{',' if decimal[2] == '.' else '.'}{decimal[3]}"]
    if _GROUPED_NUMBER_RE.fullmatch(text):
        return [text.replace(".", "")]
    if _PLAIN_NUMBER_RE.fullmatch(text) and (amount or not (len(text) == 4 and 1900 <= int(text) <= 2100)):
        return [f"{int(text):,}".replace(",", ".")]
    return []


def _pairwise(items: list, merge: Callable[[list[Atom], list[Atom]], list[Atom] | None]) -> list:
    """``items`` with each two neighbouring groups that ``merge`` makes one group replaced
    by it (a group merged is not merged again: every merge asks for words of one syllable)."""
    out: list = []
    for item in items:
        merged = merge(out[-1], item) if out and isinstance(out[-1], list) and isinstance(item, list) else None
        if merged is None:
            out.append(item)
        else:
            out[-1] = merged
    return out


def _bare_word(group: list[Atom]) -> str | None:
    """The syllable of a group that is one word of one syllable typed plainly, else None."""
    words = _plain_words(group)
    return words[0] if words is not None and len(words) == 1 else None


def _plain_words(group: list[Atom]) -> list[str] | None:
    """The syllables of a group of words of one syllable typed plainly (the word typed and
    its other spellings: "tỷ", "tỉ"), else None."""
    if any(a.phrase or a.quoted or len(a.syllables) != 1 for a in group):
        return None
    return [a.syllables[0] for a in group]


@functools.lru_cache(maxsize=1)
def _calendar_numbers() -> dict[tuple[str, str], str]:
    """(word, the second syllable of another form) -> the number it names: ("quý", "iii")
    -> "3", ("tháng", "ba") -> "3", so "quý III" typed is "quý 3" too. Not a syllable that
    begins a longer form: "tháng mười" may be the start of "tháng mười một"."""
    forms = [(word, number, form) for (word, number), others in calendar_words().items() for form in others
             if form[0] == word]
    longer = {(word, form[1]) for word, _n, form in forms if len(form) > 2}
    return {(word, form[1]): number for word, number, form in forms
            if len(form) == 2 and (word, form[1]) not in longer}


def _calendar_number(word: str, after: str) -> str | None:
    """The number ``after`` names beside ``word`` ("tháng" "03" -> "3", "quý" "iii" -> "3"),
    or None when the two are no month or quarter."""
    number = str(int(after)) if _DIGITS_RE.fullmatch(after) else _calendar_numbers().get((word, after))
    return number if (word, number) in calendar_words() else None


def _calendar_pair(first: list[Atom], second: list[Atom]) -> list[Atom] | None:
    """A month or quarter typed before the number it names ("tháng 3", "quý 3", "quý III":
    :func:`search.lexicon.calendar_words`) as one word: the two side by side, in that order,
    or one of the pair's other forms ("tháng ba", "quý iii"; "tháng 3" for "tháng 03"),
    weighed alike: the articles write "quý I" more often than "quý 1", and mean the same.
    "tháng" and "3" apart are no month: "Giá vàng lên đỉnh 3 tháng" is not the gold price in
    March. Only the word with its marks, typed or read: "thang 3" may be "thắng 3"."""
    word, after = _bare_word(first), _bare_word(second)
    number = _calendar_number(word, after) if word is not None and after is not None else None
    if number is None:
        return None
    return [Atom((_unit_of(f),)) for f in dict.fromkeys([(word, after), (word, number),
                                                         *calendar_words()[(word, number)]])]


def _with_number_forms(groups: list[list[Atom]], swaps: dict[tuple[str, ...], tuple[str, ...]],
                       named: frozenset[str] = frozenset(), marks: list[str] | None = None) -> list[list[Atom]]:
    """``groups`` with each number's other writing (:func:`number_forms`) as an alternative
    of it, weighed alike (the same number; a decimal's other mark, which may be a date's
    "24.6", below it): `gia xang 10000 dong` finds "10.000 đồng/lít" (``swaps`` gains it, for
    the words standing together). A month or quarter with its number is one word first
    (:func:`_calendar_groups`: "năm 2017 tháng 3", "ngày 30 tháng 4"). Then a number with a
    unit of measure after it (:func:`search.lexicon.units`: "500 kv") or the word it counts
    (``number_words()["after"]``: "9 tháng", "32 tỷ", "500 hộ", and "10 triệu tấn") is one
    word too, glued or apart for a unit (:func:`_measure`): `kim ngach xuat khau 9 thang` is
    no "9 triệu tấn" with "tháng" elsewhere (see :func:`_counting` for when it is not).
    ``named``: the numbers typed joined by a dash to a name ("Covid-19"), which count
    nothing. ``marks[k]``: the mark typed between groups k and k + 1 (:func:`_marks_between`):
    no word is made across it ("2% tháng 3", "7%/năm"), but an amount per unit ("5.000
    đồng/kg", "7%/năm", "70 USD/thùng") is looked for written so first (:func:`_per_unit`).
    The word a number counts, kept as a word of its own, comes as ``Kept`` (an OR next to
    it binds the pair, not the word)."""
    marks = list(marks) if marks is not None and len(marks) == len(groups) else [""] * len(groups)
    for group in groups:
        word = _bare_word(group)
        for form in number_forms(word) if word else []:
            swaps.setdefault((word,), (form,))
    groups, marks = _calendar_groups(groups, marks, named)
    groups, marks = _document_groups(groups, marks, named)
    out: list = []
    k = 0
    paired = False          # the group before is the word a number counted ("6 tháng 12 tháng")
    while k < len(groups):
        word = _bare_word(groups[k])
        size = _counting(groups, k, marks) if word not in named and not (k and not paired and _bare_word(
            groups[k - 1]) in number_words()["before"]) else 0
        number = word is not None and word not in named and _NUMBER_RE.fullmatch(word) is not None
        per = _per_unit(groups, k, size or 1, marks) if number else None
        if size or per:
            # A word counted stays a word of its own too: among the articles lacking the
            # pair, those with the word ("tỉ đồng" of `3 tỉ đồng`) come first. (Not a unit of
            # measure: "500kV" writes no "kv" of its own.)
            words = [_plain_words(g) or [] for g in groups[k + 1:k + size]]
            glue = size == 2 and words[0][0] in units()
            group = _measure(word, words, None, glue=glue) if size else \
                groups[k] + [Atom((_unit_of((form,)),), boost=_form_boost(form)) for form in number_forms(word)]
            kept = [] if glue else [Kept(g) for g in groups[k + 1:k + size]]
            if per is not None:
                # Written per unit as typed first, the amount alone below it. (A bare number's
                # "7%/năm" is "7", a gap, "năm": two common syllables whose positions would be
                # read in thousands of articles for little; the number and its unit only.)
                if size:
                    group = _per_unit_forms(group, per, marks[k + size - 1] == "/") + \
                        [replace(a, boost=a.boost * ALT_BOOST) for a in group]
                kept.append(Kept(groups[k + max(size, 1)]))
            out += [group] + kept
            k += max(size, 1) + (per is not None)
            paired = True
            continue
        paired = False
        glued = _GLUED_RE.fullmatch(word) if word else None
        if glued and glued.group(2) in units():
            out.append(_measure(glued.group(1), [[glued.group(2)]], groups[k][0]))
        else:
            out.append(groups[k] + [Atom((_unit_of((form,)),), boost=_form_boost(form)) for form in number_forms(word or "")])
        k += 1
    return out


@dataclass
class Kept:
    """A word a number counted, kept as a required word of its own beside the pair ("tháng"
    of "6 tháng"): it only orders the partial matches, so an OR next to it binds the pair
    ("6 tháng OR 12 tháng"), and beside an OR it is dropped."""

    group: list[Atom]


def _per_unit(groups: list[list[Atom]], k: int, size: int, marks: list[str]) -> list[str] | None:
    """The spellings of the unit of an amount typed per unit ("kg" of "5.000 đồng/kg",
    "năm" of "7%/năm", "thùng" of "70 USD/thùng"): the word counted after a slash right
    after the number and the words it counts; None for no such word."""
    j = k + size
    if j >= len(groups) or marks[j - 1] != "/":
        return None
    words = _plain_words(groups[j])
    return words if words and _counted(words[0]) else None


def _per_unit_forms(group: list[Atom], unit: list[str], listed: bool) -> list[Atom]:
    """Each writing of an amount (``group``: "5.000 đồng", "5000 đồng", "300kwh") with its
    unit after a slash, as phrases with the slash's gap ("5.000 đồng/kg"); ``listed``: the
    slash alone between them, which the index records (not "7%/năm")."""
    out = []
    for a in group:
        for u in unit:
            text = f"{' '.join(a.syllables)}/{u}"
            out.append(_form_atom(*syllables_with_offsets(text), boost=a.boost, text=text if listed else None))
    return out


def _form_boost(form: str) -> float:
    """The weight of a number's other writing: alike, but a decimal's other mark below (a
    date is written "24.6" too)."""
    return ALT_BOOST if _DECIMAL_RE.fullmatch(form) else 1.0


def _counted(word: str | None) -> bool:
    return word is not None and (word in units() or word in number_words()["after"])


def _counting(groups: list[list[Atom]], k: int, marks: list[str] | None = None) -> int:
    """How many groups from ``k`` make one word: a number and the word it counts (2), or a
    number, a multiplier and what it counts ("10 triệu tấn", "2 tỷ usd": 3); 0 where the
    group at ``k`` counts nothing: no number, no counted word after it, or that word goes
    with a number after it ("nghị định 100 năm 2019": năm 2019), unless that number counts a
    word of its own ("6 tháng 12 tháng"). Never across a mark typed (``marks``): "5.000
    đồng/kg" is "5.000 đồng" a kilogram, "7%/năm" no seven years."""
    word = _bare_word(groups[k])
    if word is None or not _NUMBER_RE.fullmatch(word):
        return 0
    size = 1
    while size < 3 and k + size < len(groups) and not (marks and marks[k + size - 1]):
        words = _plain_words(groups[k + size])
        if not words or not _counted(words[0]):
            break
        size += 1
    if size == 1:
        return 0
    then = _bare_word(groups[k + size]) if k + size < len(groups) and not (marks and marks[k + size - 1]) else None
    if then is not None and _NUMBER_RE.fullmatch(then) and not _counting(groups, k + size, marks):
        size -= 1           # the last word goes with the number after it (not one counting its own)
    return size if size > 1 else 0


def _measure(number: str, words: list[list[str]], glued: Atom | None, glue: bool = True) -> list[Atom]:
    """A number and the words it counts as one word: side by side ("500 kv", "9 tháng", "10
    triệu tấn", in each spelling of the words: "32 tỷ", "32 tỉ") or, for a unit of measure
    (``glue``), glued ("500kv"), in every writing of the number ("2000 người", "2.000
    người"; ``glued``: the atom typed glued, else the words are typed apart)."""
    tails = [()]
    for spellings in words:
        tails = [t + (w,) for t in tails for w in spellings]
    group = [glued or Atom((_unit_of((number, *tails[0])),))]
    for n in [number, *number_forms(number, amount=True)]:
        for tail in tails:
            for f in ((n, *tail), (n + tail[0],)) if glue else ((n, *tail),):
                if tuple(f) not in {a.syllables for a in group}:
                    group.append(Atom((_unit_of(f),), boost=_form_boost(n)))
    return group


def _number_atoms(value: str) -> list[Atom]:
    """The other writings of a number typed alone, or glued to its unit ("10000": "10.000";
    "500kV": "500 kv", "500kv"): what excluding it removes too."""
    text = canon(value.lower())
    glued = _GLUED_RE.fullmatch(text)
    if glued and glued.group(2) in units():
        return _measure(glued.group(1), [[glued.group(2)]], None)
    return [Atom((_unit_of((form,)),)) for form in number_forms(text)]


def _calendar_groups(groups: list[list[Atom]], marks: list[str], named: frozenset[str] = frozenset()
                     ) -> tuple[list[list[Atom]], list[str]]:
    """``groups`` with each month or quarter and its number one word (:func:`_calendar_pair`),
    unless that number counts the word after it ("kỳ hạn 6 tháng 12 tháng": twelve months);
    then a day before its month one date (:func:`_day_month`: "ngày 30 tháng 4"), and a
    month with its year, "năm" between or not, one group (:func:`_month_year`: "tháng 3 năm
    2017", "tháng 3 2017"), both
    (:func:`_day_month_year`: "ngày 30 tháng 4 năm 1975"). Nothing joins across a mark typed
    (``marks``, :func:`_marks_between`, which come back for the groups returned): "CPI tăng 2%
    tháng 3" is no 2 March.
    A number is no day after a word that takes a number of its own ("quận 1 tháng 12", "số
    5"), a name's ("iPhone 7 tháng 9") or typed joined to a name (``named``: "Covid-19")."""
    out: list[list[Atom]] = []
    out_marks: list[str] = []
    k = 0
    while k < len(groups):
        merged = _calendar_pair(groups[k], groups[k + 1]) if k + 1 < len(groups) and not marks[k] else None
        if merged is None or _counting(groups, k + 1, marks):
            out.append(groups[k])
            out_marks.append(marks[k])
            k += 1
            continue
        unit, after = _bare_word(groups[k]), _bare_word(groups[k + 1])
        year = (_bare_word(groups[k + 3]) if k + 3 < len(groups) and _bare_word(groups[k + 2]) == "năm"
                and not (marks[k + 1] or marks[k + 2]) else None)
        span = 4
        if not _a_year(year):
            # Typed straight after it: "tháng 3 2017", "quý 1 2020".
            year = _bare_word(groups[k + 2]) if k + 2 < len(groups) and not marks[k + 1] else None
            span = 3
        if not _a_year(year):
            year, span = None, 2
        day = _bare_word(out[-1]) if out and not out_marks[-1] and unit == _MONTH else None
        if day and _DIGITS_RE.fullmatch(day) and 1 <= int(day) <= 31 and day not in named \
                and not _names_a_number(out[:-1]):
            out.pop()
            out_marks.pop()
            if out and _bare_word(out[-1]) == "ngày" and not out_marks[-1]:
                out.pop()
                out_marks.pop()
            month = _calendar_number(unit, after)
            merged = _day_month_year(day, month, year) if year else _day_month(day, month, merged)
        elif year:
            month = _calendar_number(unit, after)
            # Any day of a month of that year too ("ngày 8/3/2017"), ranked below.
            dates = [_form_atom(*syllables_with_offsets(text), boost=1.0, text=text)
                     for text in dict.fromkeys(f"{m}{mark}{year}" for m in (month, month.zfill(2)) for mark in "/-")
                     ] if unit == _MONTH else []
            merged = _month_year(unit, after, year, dates)
        out.append(merged)
        out_marks.append(marks[k + span - 1])
        k += span
    return out, out_marks


#: What may follow a document's number in a query for the two to be that document, folded:
#: its year, its issuer, its subject, another number ("nghị định 100 năm 2019", "quyết định
#: 13 của Thủ tướng", "nghị định 52 về ngành nghề nông thôn", "thông tư 16 và 17"). Any other
#: word may be what the number counts ("quyết định 3 dự án": deciding three projects).
_AFTER_DOCUMENT = frozenset({"nam", "cua", "ve", "ngay", "va", "hoac", "so", "sua", "huong", "quy", "ban"})


def _document_groups(groups: list[list[Atom]], marks: list[str], named: frozenset[str] = frozenset()
                     ) -> tuple[list[list[Atom]], list[str]]:
    """``groups`` with a kind of document and its number one word (``document_types()``:
    `nghi dinh 52`, `thông tư số 16`, `QĐ 187` in any of its forms): written side by side,
    "số" between them or not, the number with or without a leading zero ("Nghị định
    52/2018/NĐ-CP", "Nghị định số 52", "Chỉ thị 05"), not the kind in one sentence and a "52"
    of a date or a count in another; each number of a list after it too ("thông tư 16 và
    17", "thông tư 16, 17"). Only where the number ends the query, a mark follows it or a
    word of ``_AFTER_DOCUMENT`` does. A year typed after it stays a word of its own, the
    words standing together ranking first. A year is no document's number (`luật 2020`:
    the words as before), nor is a number typed joined to a name or one counting the word
    after it."""
    out: list[list[Atom]] = []
    out_marks: list[str] = []
    k = 0
    kinds: list[tuple[str, ...]] = []     # the kind of the document just read, for a list after it
    while k < len(groups):
        own = _document_kinds_of(groups[k])
        said = k + 2 < len(groups) and fold(_bare_word(groups[k + 1]) or "") == "so" and not marks[k]
        at = k + 2 if said else k + 1
        if not own and kinds and out and (marks[k - 1] == "," or fold(_bare_word(groups[k - 1]) or "") in ("va", "hoac")) \
                and _document_number(groups, k, marks, named):
            out.append(_document_atoms(kinds, _bare_word(groups[k])))      # "… và 17"
            out_marks.append(marks[k])
            k += 1
            continue
        if not own or at >= len(groups) or marks[at - 1] or not _document_number(groups, at, marks, named):
            kinds = kinds if fold(_bare_word(groups[k]) or "") in ("va", "hoac") else []
            out.append(groups[k])
            out_marks.append(marks[k])
            k += 1
            continue
        kinds = own + [a.syllables for a in groups[k] if not a.quoted and a.syllables not in own]
        out.append(_document_atoms(kinds, _bare_word(groups[at])))
        out_marks.append(marks[at])
        k = at + 1
    return out, out_marks


def _document_number(groups: list[list[Atom]], at: int, marks: list[str], named: frozenset[str]) -> bool:
    """Whether group ``at`` is a document's number where it stands: digits, no year, not
    typed joined to a name, counting no word, and followed by nothing, a mark or a word that
    goes with a document (``_AFTER_DOCUMENT``, a year)."""
    number = _bare_word(groups[at])
    if number is None or not _DIGITS_RE.fullmatch(number) or number in named or _a_year(number) \
            or _counting(groups, at, marks):     # ("quyết định 13 tháng": thirteen months)
        return False
    if marks[at] and "%" in marks[at]:
        return False        # "quyết định 10% cổ phần": a share
    if at + 1 == len(groups) or marks[at]:
        return True
    after = _plain_words(groups[at + 1])
    word = fold(after[0]) if after else ""
    return word in _AFTER_DOCUMENT or _a_year(word)


def _document_kinds_of(group: list[Atom]) -> list[tuple[str, ...]]:
    """The kinds of document a group of the query is (``document_types()``), as typed."""
    return [a.syllables for a in group if not a.quoted and _a_document_kind(a.syllables)]


def _a_document_kind(syllables: tuple[str, ...]) -> bool:
    """Whether ``syllables`` name a kind of document, with its marks or typed without any."""
    return syllables in _document_kind_forms()


def _documents_kinds(group: list) -> list[tuple[str, ...]]:
    """The kinds of the documents a group holds (``_document_atoms``), "số" left out: those of
    "thông tư 16" and its forms; none where it holds no document."""
    if not isinstance(group, list):
        return []
    kinds = []
    for a in group:
        if not (a.phrase and a.syllables and _DIGITS_RE.fullmatch(a.syllables[-1])):
            continue
        kind = a.syllables[:-2] if len(a.syllables) > 2 and fold(a.syllables[-2]) == "so" else a.syllables[:-1]
        if kind and kind not in kinds:
            kinds.append(kind)
    return kinds if any(map(_a_document_kind, kinds)) else []


def _document_atoms(kinds: list[tuple[str, ...]], number: str) -> list[Atom]:
    """A document of each of ``kinds`` (with the abbreviations typed for them) and ``number``,
    "số" between or not, the number with and without a leading zero."""
    numbers = dict.fromkeys([number, number.lstrip("0") or "0", number.zfill(2)])
    texts = dict.fromkeys(f"{' '.join(kind)}{middle}{n}" for kind in kinds for n in numbers
                          for middle in (" ", " số "))
    return [_form_atom(*syllables_with_offsets(text), boost=1.0, text=text) for text in texts]


@functools.lru_cache(maxsize=1)
def _document_kind_forms() -> frozenset[tuple[str, ...]]:
    """``document_types()`` with their marks and without, for a query typed without them."""
    return document_types() | frozenset(tuple(fold(s) for s in kind) for kind in document_types())


def _a_year(word: str | None) -> bool:
    return word is not None and len(word) == 4 and _DIGITS_RE.fullmatch(word) is not None and 1900 <= int(word) <= 2100


def _names_a_number(before: list[list[Atom]]) -> bool:
    """Whether the last of ``before`` takes the number after it as its own: a word such as
    "quận", "số" (not "ngày", which takes the day) or a name that is no Vietnamese word
    ("iPhone 7")."""
    if not before:
        return False
    words = _plain_words(before[-1])
    if words is None:
        return False
    word = words[0]
    return (word != "ngày" and word in number_words()["before"]) or (
        not is_vietnamese_syllable(word) and not _NUMBER_RE.fullmatch(word))


def _day_month_year(day: str, month: str, year: str) -> list[Atom]:
    """A full date typed in words ("ngày 30 tháng 4 năm 1975") as the articles write it:
    "30/4/1975", "30-4-1975", "30.4.1975", "30 tháng 4 năm 1975", with or without leading
    zeros."""
    texts = [f"{int(day)} tháng {month} năm {year}", *_full_date_texts(day, month, year)]
    return [_form_atom(*syllables_with_offsets(text), boost=1.0, text=text) for text in dict.fromkeys(texts)]


def _day_month(day: str, month: str, forms: list[Atom]) -> list[Atom]:
    """A day before its month ("30 tháng 4", "ngày 30 tháng tư") as the articles write the
    date: "30/4", "30-4", "30 tháng 4", with or without a leading zero; "ngày" is not
    required with it ("dịp 30/4")."""
    days, months = dict.fromkeys([day, str(int(day)), day.zfill(2)]), dict.fromkeys([month, month.zfill(2)])
    texts = [f"{day} {' '.join(a.syllables)}" for a in forms if len(a.syllables) == 2]
    texts += [f"{d}{mark}{m}" for d in days for m in months for mark in "/-"]
    return [_form_atom(*syllables_with_offsets(text), boost=1.0, text=text) for text in dict.fromkeys(texts)]


def _month_year(unit: str, after: str, year: str, dates: list[Atom]) -> list[Atom]:
    """A month or quarter with its year as one group: written together ("tháng 4/2006",
    "quý I/2017", "tháng 4 năm 2006", in the pair's other forms), then ``dates`` (for a
    month typed "tháng 4/2006": "4/2006", any day of it), ranked below."""
    number = _calendar_number(unit, after)
    group: list[Atom] = []
    for form in dict.fromkeys([(unit, after), (unit, number), *calendar_words()[(unit, number)]]):
        dotted = (f"{' '.join(form)}.{year}",) if form[-1].isdigit() else ()    # "tháng 4.2017"
        for text in (f"{' '.join(form)}/{year}", f"{' '.join(form)} năm {year}", f"{' '.join(form)}-{year}", *dotted):
            group.append(_form_atom(*syllables_with_offsets(text), boost=1.0, text=text))
    return group + [replace(a, boost=a.boost * ALT_BOOST) for a in dates]


def _calendar_date(word: list[Atom], date: list[Atom]) -> list[Atom] | None:
    """A month or quarter typed with its year ("tháng 4/2006", "quý 1/2017", "quý I/2017")
    as one group (:func:`_month_year`); for a month, the number and year alone next ("ngày
    6/4/2006" is in April 2006 too), not for a quarter ("27/2/2017" is in no "quý 2/2017")."""
    unit = _bare_word(word)
    if unit is None or not all(a.phrase and len(a.syllables) == 2 and _DIGITS_RE.fullmatch(a.syllables[1])
                               for a in date):
        return None
    after, year = date[0].syllables
    if _calendar_number(unit, after) is None or len(year) != 4:
        return None
    return _month_year(unit, after, year, date if unit == _MONTH and _DIGITS_RE.fullmatch(after) else [])


def _marks_between(groups: list[list[Atom]], text: str) -> list[str]:
    """For each group of a run, the mark typed after it where it opens a gap before the next
    (as the indexer counts positions): "/" where a slash is among them ("đồng/kg",
    "7%/năm"), "," for any other ("2% tháng", "xăng, dầu"), "" for none; all "" when the
    groups' words do not line up with the syllables typed."""
    syllables, offsets = syllables_with_offsets(text)
    slashes = {len(syllables_with_offsets(text[:m.start()])[0]) for m in re.finditer("/", text)}
    out, at = [], 0
    for group in groups:
        at += len(group[0].syllables) if group else 0
        gap = 0 < at < len(offsets) and offsets[at] != offsets[at - 1] + 1
        out.append(("/" if at in slashes else ",") if gap else "")
    return out if at == len(syllables) else [""] * len(groups)


def _kept_beside_or(items: list) -> list:
    """``items`` with each ``Kept`` word a plain group again, but those beside an OR dropped:
    the pairs are the alternatives ("lãi suất 6 tháng OR 12 tháng", "2 tỷ USD OR 3 tỷ USD")."""
    plain = [k for k, item in enumerate(items) if not isinstance(item, Kept)]
    out: list = []
    for k, item in enumerate(items):
        if not isinstance(item, Kept):
            out.append(item)
            continue
        after = [items[j] for j in plain if j > k][:1]
        before = [items[j] for j in plain if j < k][-2:-1]     # the one before the pair
        if after == ["OR"] or before == ["OR"]:
            continue
        out.append(item.group)
    return out


def _dashed_together(words: list[str], units: list[Unit]) -> list[Unit]:
    """``units`` with two syllables typed joined by a dash ("việt-nhật", "viet-nhat",
    "Mỹ-Hàn") one word: side by side, as typed, never two words anywhere in an article.
    Only where each is a word of its own ("Rịa-Vũng" in "Bà Rịa-Vũng Tàu" is not)."""
    if not any(_DASHED_RE.fullmatch(w) for w in words):
        return units
    starts: dict[int, str] = {}          # syllable offset -> the dashed token starting there
    at = 0
    for w in words:
        if _DASHED_RE.fullmatch(w):
            starts[at] = w
        at += len(_typed_syllables(w))
    out: list[Unit] = []
    at = 0
    i = 0
    while i < len(units):
        u = units[i]
        if at in starts and len(u.syllables) == 1 and i + 1 < len(units) and len(units[i + 1].syllables) == 1:
            v = units[i + 1]
            out.append(Unit(u.syllables + v.syllables, u.folded + v.folded))
            at += 2
            i += 2
            continue
        out.append(u)
        at += len(u.syllables)
        i += 1
    return out


def _apart_from_abbreviations(words: list[str], forms) -> list[list[str]]:
    """``words`` (typed, space-separated) in runs to segment on their own: each
    abbreviation typed (a short form of ``forms``, whole words) apart from its neighbours.
    A word the index formed with one by chance ("điện_hcm", "xăng_hn") would otherwise
    find that rare phrase, and none of the abbreviation's other forms."""
    if forms is None or not len(forms) or len(words) < 2:
        return [words]
    typed: list[str] = []
    token_of: list[int] = []
    for k, word in enumerate(words):
        syl = _typed_syllables(word)
        typed.extend(syl)
        token_of.extend([k] * len(syl))
    cuts: set[int] = set()      # indices of words a new run starts at
    for m in forms.find([canon(t) for t in typed], typed):
        if not m.short:
            continue
        first, last = token_of[m.start], token_of[m.end - 1]
        whole = (m.start == 0 or token_of[m.start - 1] != first) and \
            (m.end == len(typed) or token_of[m.end] != last)
        if whole:
            cuts.update((first, last + 1))
    bounds = sorted(c for c in cuts if 0 < c < len(words))
    return [words[a:b] for a, b in zip([0, *bounds], [*bounds, len(words)])]


def _phrase_gaps(text: str, count: int) -> tuple[int, ...] | None:
    """The positions of a quoted phrase's syllables as the indexer counts them, when its
    punctuation opens gaps ("Hà Nội, Hải Phòng", "Hà Nội - Hải Phòng"): a phrase copied
    from an article finds it. None when the syllables stand side by side."""
    syllables, offsets = syllables_with_offsets(text)
    return _gaps(offsets) if len(syllables) == count else None


#: Longest quoted phrase (in syllables) that also looks for a mark between two of its
#: words: one more phrase to match per word boundary, so a pasted sentence stays one.
PUNCTUATED_MAX_SYLLABLES = 8


def _punctuated(atom: Atom, text: str, marks: Callable[[str], tuple[int, ...]] | None = None) -> list[Atom]:
    """A quoted phrase typed without punctuation also matches the text with a mark between
    two of its words ("Hà Nội Hải Phòng" finds "Hà Nội - Hải Phòng", "Hà Nội, Hải Phòng"),
    as search engines ignore punctuation in a phrase; one mark, between words only, in
    phrases of names and terms (up to PUNCTUATED_MAX_SYLLABLES); and a term the lexicon
    writes with marks (``marks``, see :func:`_marked`) with them, where pyvi may see one
    word ("nông lâm thủy sản" finds "nông, lâm, thủy sản"). One typed with marks also
    matches its words side by side."""
    if atom.quoted and atom.offsets is not None:
        # Typed with a mark: the same words side by side too ("Hà Nội - Hải Phòng" finds
        # "Hà Nội-Hải Phòng", where a hyphen inside a word opens no gap, and "Hà Nội Hải Phòng");
        # not a name joined by "&", which the articles write so ("M&A" is no "M.A", "I'm a").
        if "&" in text and joined_name(text):
            return []
        return [Atom(atom.units, phrase=True, offsets=None, boost=ALT_BOOST, quoted=True)]
    if not atom.quoted or atom.offsets is not None or not 3 <= len(atom.syllables) <= PUNCTUATED_MAX_SYLLABLES:
        return []
    words = query_units(text)
    if sum(len(u.syllables) for u in words) != len(atom.syllables):
        return []
    variants, at = [], 0
    for u in words[:-1]:
        at += len(u.syllables)
        variants.append((at,))
    joints = marks("_".join(atom.syllables)) if marks is not None else ()
    if len(joints) <= MARKED_MAX_JOINTS:
        variants += [g for g in _mark_sets(joints) if g not in variants]
    return [Atom(atom.units, phrase=True, offsets=_gapped(len(atom.syllables), gaps), boost=ALT_BOOST,
                 quoted=True, listed=True) for gaps in variants]


_INNER_MARK = re.compile(r"\w[&.]\w")


def _expand_phrase(atom: Atom, forms, also: list[str] | None, value: str | None = None) -> list[Atom]:
    """A quoted phrase and, where it contains a known form, the phrase with each other
    form in its place. ``value``: the phrase as typed, whose capitals say whether a short
    form that is also a word counts ("M&A", not "ma"). A web address has no other form."""
    if forms is None or not len(forms) or value is not None and web_address(value) is not None:
        return [atom]
    syl = list(atom.syllables)
    typed = _typed_syllables(value) if value is not None else None
    if typed is not None and _INNER_MARK.search(value):
        typed = [t.upper() for t in typed]   # "m&a", "tp.hcm": with its marks typed, no word
    matches = forms.find(syl, typed if typed is not None and len(typed) == len(syl) else None)
    if not matches or matches[0].typed.foreign:
        # (a word of another language quoted or left out is that word: `thủy sản -seafood`
        # leaves out the English, not the seafood)
        return [atom]
    m = matches[0]
    out = [atom]
    base = list(atom.offsets) if atom.offsets is not None else list(range(len(syl)))
    for f in m.others:
        new = tuple(syl[:m.start]) + f.syllables + tuple(syl[m.end:])
        mid = [base[m.start] + o for o in f.offsets]
        shift = (mid[-1] if mid else base[m.start] - 1) - base[m.end - 1]  # the rest keeps its gaps
        offs = base[:m.start] + mid + [b + shift for b in base[m.end:]]
        out.append(_form_atom(new, tuple(offs), quoted=atom.quoted))
        if also is not None and f.text not in also:
            also.append(f.text)
    return out


def parse(text: str, is_compound: Callable[[str], bool] | None = None, forms=None,
          is_term: Callable[[str], bool] | None = None, exact: bool = False,
          term_marks: Callable[[str], tuple[int, ...]] | None = None,
          spellings: Callable[[tuple[str, ...], str | None, str | None], list[tuple[str, ...]]] | None = None,
          side_by_side: Callable[[str, str], int] | None = None,
          apart: frozenset[tuple[str, ...]] = frozenset()) -> ParsedQuery:
    """Parse a search-box query; never raises.

    ``is_compound`` ("a_b" -> a word of the index? see ``Vocabulary.is_word``) lets
    words be grouped like the index's words: typed without accents, which pyvi cannot
    segment, or in lower case, where it misses names it joins in capitalised text.
    ``forms`` (:class:`~search.abbrev.Abbreviations`) adds the other forms of a name or
    abbreviation as alternatives of the same word. ``exact``: ``text`` is a reading of what
    was typed, whose syllables are the words meant, those without diacritics too ("gia
    lai" is Gia Lai, not "giá lại"). ``spellings`` (a word's syllables and its neighbours'
    -> its other spellings the articles write, ``Vocabulary.other_spellings``) adds them as
    alternatives of a word typed ("kĩ thuật" finds "kỹ thuật"). ``side_by_side`` (two
    accented syllables -> the articles that write them side by side, ``Vocabulary.pair_df``)
    splits a word pyvi forms in the query that the articles do not write
    (:func:`split_unknown_words`). ``apart``: words (syllables) the segmenter forms, in no
    dictionary, that are searched as the index's words they hold (no article writes them).
    """
    tokens = _lex(text or "")
    if is_compound is not None or is_term is not None:
        def spelled(key: str) -> bool:
            # (a word of the index of two syllables; longer ones pyvi forms by chance too,
            # "trung_quoc_gia_tang": a name or term of three or more is the lexicon's)
            syllables = key.split("_")
            return bool((is_compound is not None and len(syllables) == 2 and is_compound(key))
                        or (is_term is not None and is_term(key))
                        or (forms is not None and len(forms) and any(
                            m.start == 0 and m.end == len(syllables) for m in forms.find(syllables))))
        tokens = whole_words_excluded(tokens, spelled)
    tokens = _counts_excluded(tokens)
    # Operators in a place where they cannot act are plain words.
    for i, (kind, value) in enumerate(tokens):
        if kind == "or":
            prev_ok = i > 0 and tokens[i - 1][0] in ("word", "phrase", "name")
            next_ok = i + 1 < len(tokens) and tokens[i + 1][0] in ("word", "phrase", "name")
            if not (prev_ok and next_ok):
                tokens[i] = ("word", value)

    items: list[object] = []   # list[Atom] (one group) | "OR" | ("NOT", Atom)
    run: list[str] = []
    runs: list[Atom] = []
    typed_runs: list[Atom] = []
    also: list[str] = []
    named_numbers: set[str] = set()

    def segment(words: list[str]) -> list[Unit]:
        text = " ".join(words)
        if is_compound is not None and _unaccented(text):
            # pyvi cannot segment text without accents; the vocabulary can.
            return _dashed_together(words, regroup_unaccented(syllable_units(text), is_compound))
        if len(words) == 1 and "_" not in text and _single_syllable(text):
            return syllable_units(text)      # one syllable: nothing to segment
        units = query_units(text)
        if is_compound is not None:
            # pyvi misses some words in lower case ("sơn la", "hải phòng") that
            # it joins in the documents' capitalised text: the index knows them.
            units = split_unknown_words(regroup_words(units, is_compound), is_compound, side_by_side)
            # (not a word of the dictionary: its halves are other words' too, "nghề" of "ngành nghề")
            split = [u.syllables in apart and not lexicon().is_word(u.syllables) for u in units]
            if any(split):
                units = regroup_words([part for u, cut in zip(units, split) for part in (
                    [Unit((s,), (f,)) for s, f in zip(u.syllables, u.folded)] if cut else [u])], is_compound)
        return _dashed_together(words, units)

    def flush() -> None:
        if run:
            text = " ".join(run)
            # An abbreviation typed is a word of its own, never joined with a neighbour
            # into a word the index formed by chance ("giá điện HCM": "điện_hcm").
            units = [u for words in _apart_from_abbreviations(run, forms) for u in segment(words)]
            words = units     # the words as segmented: a run of several stands together better
            if is_term is not None:
                units = join_terms(units, is_term, marks=term_marks, is_word=is_compound)
            typed = _typed_syllables(text)
            # A syllable typed with a capital, alone, is a name ("ông Lý", "Mỹ").
            names = frozenset(canon(w) for w in typed if w[:1].isupper())
            groups, swaps = _with_spellings(_with_code_forms(_expand_run(units, typed, forms, also)), spellings, names)
            named = frozenset(w.split("-")[-1].split("–")[-1] for w in run if _NAMED_NUMBER_RE.fullmatch(w))
            named_numbers.update(named)
            items.extend(_with_number_forms(groups, swaps, named, _marks_between(groups, text)))
            if words:
                typed_runs.append(Atom(tuple(words), phrase=True))
            if len(words) > 1:
                # With the gaps of the marks typed between them ("5.000 đồng/kg", "7%/năm"):
                # the words stand together as the articles write them, marks and all.
                # Side by side too, ranked below ("TP HCM" for "TP.HCM").
                typed_at = syllables_with_offsets(text)
                gaps = _gaps(typed_at[1]) if len(typed_at[0]) == sum(len(u.syllables) for u in words) else None
                if gaps is not None and not _pairs(tuple(x for u in words for x in u.folded), gaps):
                    gaps = None         # no two words side by side ("tp.hcm"): as before
                if gaps is not None:
                    # (a list mark typed between two words wants one there, not a word:
                    # "giá xăng, dầu" is no "giá xăng nếu dầu")
                    runs.append(Atom(tuple(words), phrase=True, offsets=gaps, listed=gaps_are_list_marks(text)))
                # (a dash typed between spaces is the hyphen of a name written joined:
                # "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", weighed alike)
                dashes = set(_MARKS_RE.findall(text)) <= _DASHES
                runs.append(Atom(tuple(words), phrase=True, boost=1.0 if gaps is None or dashes else ALT_BOOST))
                if len(groups) == 1:
                    # A term typed whole that has other forms ("công nghiệp hỗ trợ" and
                    # "công nghiệp phụ trợ", "cúp điện" and "cắt điện"): each form standing
                    # together weighs as the words typed do, times its weight; a headline
                    # writing the other form is no passing mention of the words typed.
                    runs.extend(Atom(alt.units, phrase=True, offsets=alt.offsets, listed=alt.listed, boost=alt.boost)
                                for alt in groups[0][1:] if len(alt.syllables) > 1 and not alt.acronym)
                if any(u.syllables in swaps for u in words):
                    # The words standing together in the other spelling, weighed as it is.
                    swapped = tuple(_unit_of(swaps[u.syllables]) if u.syllables in swaps else u for u in words)
                    same = sum(len(u.syllables) for u in swapped) == len(typed_at[0])
                    runs.append(Atom(swapped, phrase=True, boost=SPELLING_BOOST, offsets=gaps if same else None))
            run.clear()

    for kind, value in tokens:
        if kind == "word" and (address := web_address(value)) is not None:
            # One name, its parts side by side as written, none of them another form ("vn"
            # of "moit.gov.vn" is no "Việt Nam"); "www." or not, as articles write either.
            flush()
            units = syllable_units(address)
            if units:
                # The site's name too, weighed below it: "vinamilk.com.vn" also finds the
                # articles about Vinamilk, not only the few giving its address.
                name = syllable_units(address.split(".", 1)[0])
                items.append([_quoted_atom(units, address)]
                             + [Atom(tuple(name), boost=MAYBE_BOOST)] * (len(name) == 1 and len(units) > 1))
            continue
        if kind == "word":
            run.append(value)
            continue
        flush()
        if kind in ("phrase", "name"):
            units = syllable_units(value)
            if units:
                atom = _quoted_atom(units, value)
                dates = _date_atoms(value) if kind == "name" else []   # (quoted: as typed)
                if dates:
                    atom = replace(atom, unquoted=value)
                items.append(_expand_phrase(atom, forms, also, value) + _punctuated(atom, value, term_marks) + dates)
        elif kind == "or":
            items.append("OR")
        elif kind in _EXCLUSIONS:
            units = syllable_units(value)
            if units:
                # What the phrase would find is what excluding it removes.
                atom = _quoted_atom(units, value)
                items.extend(("NOT", a) for a in _expand_phrase(atom, forms, None, value) + _punctuated(atom, value, term_marks)
                             + _date_atoms(value) + _number_atoms(value))
    flush()
    items = _pairwise(items, _calendar_date)

    items = _kept_beside_or(items)
    if exact:
        items = [[replace(a, exact=True) for a in item] if isinstance(item, list) else item for item in items]
        runs = [replace(a, exact=True) for a in runs]
        typed_runs = [replace(a, exact=True) for a in typed_runs]
    parsed = ParsedQuery(runs=runs, also=also, typed_runs=typed_runs, named_numbers=frozenset(named_numbers))
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
            # "thông tư 16 OR 17": the number after OR is a document of the same kind.
            kinds = _documents_kinds(parsed.groups[-1])
            number = _bare_word(item) if kinds else None
            if number is not None and _DIGITS_RE.fullmatch(number) and not _a_year(number):
                item = _document_atoms(kinds, number)
            parsed.groups[-1].extend(item)
        else:
            parsed.groups.append(list(item))
        join_next = False
    # A word typed twice is wanted once (only whole groups: "xăng OR than" is another one).
    unique: list[list[Atom]] = []
    for group in parsed.groups:
        if group not in unique:
            unique.append(group)
    parsed.groups = unique
    return parsed


# --- query trees -----------------------------------------------------------------------
# A small tree of our own: the vectorised evaluator in :mod:`search.scoring` runs it,
# and :func:`node_to_whoosh` turns it into Whoosh queries (for reference and tests).
@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Syllables in a row; ``prefilter`` (bigram terms, all required) narrows the search.

    ``offsets`` are the words' relative positions when they are not consecutive
    (punctuation inside a name opens a gap of one in the index).
    """

    field: str
    words: tuple[str, ...]
    boost: float
    prefilter: tuple[Term, ...]
    offsets: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Tagged:
    """The articles tagged with ``value`` in the keyword field ``field`` at indexing (the
    provinces an article mentions, by name or by a place inside: "Bỉm Sơn" is Thanh Hóa):
    a constant ``boost``, whatever the text."""

    field: str
    value: str
    boost: float


@dataclass(frozen=True)
class Near:
    """Two runs of syllables with at most ``slop`` positions between them, in either order
    (as OpenSearch's ``span_near`` counts them): a term's words apart in one stretch of text,
    not one in the lead and the other in a list at the end. A check: it adds nothing to a
    score."""

    field: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    slop: int


@dataclass(frozen=True)
class AnyOf:
    children: tuple


@dataclass(frozen=True)
class AllOf:
    children: tuple


@dataclass(frozen=True)
class Without:
    positive: object
    negative: object


@dataclass(frozen=True)
class Bonus:
    """``required`` decides the match; ``optional`` only adds to the score."""

    required: object
    optional: object


@dataclass(frozen=True)
class PlainOnly:
    """``child`` counted only in articles written without diacritics (there a bare
    "gia" may be "giá"; in accented text it is another word)."""

    child: object


@dataclass(frozen=True)
class Everything:
    pass


_FIELDS = (("title", TITLE_BOOST), ("body", 1.0))


def _pairs(folded: tuple[str, ...], offsets: tuple[int, ...] | None) -> list[str]:
    """Bigram terms of syllables standing side by side (none across a gap)."""
    if offsets is None:
        return folded_bigrams(folded)
    return [a + " " + b for (a, b), (x, y) in zip(zip(folded, folded[1:]), zip(offsets, offsets[1:]))
            if y == x + 1]


def _bigram_terms(field: str, folded: tuple[str, ...], boost: float,
                  offsets: tuple[int, ...] | None = None) -> tuple[Term, ...]:
    bis = _pairs(folded, offsets)
    return tuple(Term(field, b, boost / len(bis)) for b in bis)


def _folded_alt(base: str, folded: tuple[str, ...], boost: float):
    """Folded syllables in a row: one term, a bigram, or for three or more the syllables at
    consecutive positions, their bigrams a shortlist. Bigrams all present anywhere are no
    word: "san pham cong nghiep nong thon" is not an article with "sản phẩm", "phẩm công",
    "công nghiệp", "nghiệp nông" and "nông thôn" in five places."""
    if len(folded) == 1:
        return Term(base + "_fold", folded[0], boost)
    bis = _bigram_terms(base + "_bi", folded, boost)
    if len(bis) == 1:
        return bis[0]
    return Phrase(base + "_fold", folded, boost, _bigram_terms(base + "_bi", folded, 1.0))


def _unaccented_literal(base: str, atom: Atom, boost: float):
    """Text written without diacritics ("dau", "gia dien"), for a word typed with them.

    A word typed with accents must not match other words that merely fold the same
    ("dầu" is not "đầu"), nor the bare syllable in accented text ("gia" in chuyên
    gia is not "giá"): only the same word in an article written without accents.
    Those syllables stand as they are in the accented-syllable field.
    """
    if len(atom.folded) == 1:
        return PlainOnly(Term(base + "_syl", atom.folded[0], boost))
    bis = _bigram_terms(base + "_bi", atom.folded, boost / 2)
    syls = tuple(Term(base + "_syl", f, boost / (2 * len(atom.folded))) for f in atom.folded)
    return PlainOnly(AllOf(bis + syls))


def _scaled(node, factor: float):
    """The same tree with every term's weight times ``factor``."""
    if factor == 1.0:
        return node
    if isinstance(node, Term):
        return Term(node.field, node.text, node.boost * factor)
    if isinstance(node, Phrase):
        return Phrase(node.field, node.words, node.boost * factor, node.prefilter, node.offsets)
    if isinstance(node, (AnyOf, AllOf)):
        return type(node)(tuple(_scaled(c, factor) for c in node.children))
    if isinstance(node, PlainOnly):
        return PlainOnly(_scaled(node.child, factor))
    if isinstance(node, Tagged):
        return Tagged(node.field, node.value, node.boost * factor)
    return node


def _of_its_sense(base: str, atom: Atom, syllable):
    """``syllable`` (the word of one syllable of ``atom`` in field ``base``), not where it
    stands only inside words of other senses ("tiêu dùng" for "tiêu"): an article holding
    one of those, and neither the word itself nor one of its own sense ("hồ tiêu"), holds no
    "tiêu" (checks, no score). As it is without :attr:`Atom.inside`."""
    if atom.inside is None or not atom.inside[1]:
        return syllable
    own, other = atom.inside
    return Without(syllable, Without(AnyOf(tuple(Term(base, w, 0.0) for w in other)),
                                     AnyOf(tuple(Term(base, w, 0.0) for w in (atom.units[0].word, *own)))))


def _atom_node(atom: Atom):
    alts: list = []
    k = len(atom.syllables)
    offs = atom.offsets
    for base, tb in _FIELDS:
        if k == 1 and not (atom.phrase or atom.accented) and _foreign(atom.syllables[0]):
            # A word of another language: its accents are no other word ("nestle" is
            # "Nestlé", written so in most articles about it): found and weighed alike.
            alts.append(Term(base + "_fold", atom.folded[0], (WORD_BOOST + SYLLABLE_BOOST + FOLDED_BOOST) * tb))
            continue
        if not atom.phrase:
            alts.append(Term(base, atom.units[0].word, WORD_BOOST * tb))
        if k == 1:
            alts.append(_of_its_sense(base, atom, Term(base + "_syl", atom.syllables[0], SYLLABLE_BOOST * tb)))
            alts.append(_unaccented_literal(base, atom, FOLDED_BOOST * tb) if atom.accented
                        else Term(base + "_fold", atom.folded[0], FOLDED_BOOST * tb))
            continue
        if atom.phrase:
            # Quoted: syllables in this exact order, accents exact (stronger), else
            # written without accents (typed with them) or folded (typed without).
            pre = _bigram_terms(base + "_bi", atom.folded, 1.0, offs)
            if not pre:
                # No two syllables side by side ("7%/năm": "7", a gap, "năm"): the syllables
                # themselves, in any accents, narrow and score it.
                pre = tuple(Term(base + "_fold", f, 1.0 / k) for f in dict.fromkeys(atom.folded))
            if atom.listed and offs is not None:
                # A list mark in each gap, not a word: "Hà Nội, Hải Phòng" is no "Hà Nội
                # và Hải Phòng" (the marked pairs weigh only where the phrase has no pair).
                pre += _marked_pairs(base, atom.folded, offs, 0.0 if pre else 1.0)
            alts.append(Phrase(base + "_syl", atom.syllables, SYLLABLE_BOOST * tb, pre, offs))
            if atom.accented:
                alts.append(PlainOnly(Phrase(base + "_syl", atom.folded, FOLDED_BOOST * tb, pre, offs)))
            elif k > 2 or offs is not None:
                alts.append(Phrase(base + "_fold", atom.folded, FOLDED_BOOST * tb, pre, offs))
            else:
                alts.append(_folded_alt(base, atom.folded, FOLDED_BOOST * tb))
        elif atom.accented:
            # Accents exact and the syllables side by side: ranks above a match in text
            # written without accents. The accent-free pairs and the syllables anywhere are
            # only a shortlist ("khuyên cộng đồng" beside "khuyến cáo" is no "khuyến công"):
            # the whole word, or else the positions of its accented syllables, decide
            # (a check that adds nothing to the score; see scoring.is_check).
            bis = _bigram_terms(base + "_bi", atom.folded, SYLLABLE_BOOST * tb / 2)
            syls = tuple(Term(base + "_syl", s, SYLLABLE_BOOST * tb / (2 * k)) for s in atom.syllables)
            side_by_side = AnyOf((Term(base, "_".join(atom.syllables), 0.0),
                                  Phrase(base + "_syl", atom.syllables, 0.0, _bigram_terms(base + "_bi", atom.folded, 0.0))))
            together = AllOf(bis + syls + (side_by_side,))
            longer = longer_names(atom.units[0].word) if len(atom.units) == 1 else ()
            if longer:
                # Only inside a longer name of something else ("Bình Dương" in "Thái Bình
                # Dương", the Pacific): no match, unless the word itself is there too (the
                # word's own term, above).
                together = Without(together, AnyOf(tuple(Term(base, w, 0.0) for w in longer)))
            alts.append(together)
            marked = _marked(base, atom)
            if marked is not None:
                # Written with marks between its words ("chế biến, chế tạo", "kinh tế -
                # xã hội"): found, ranked below the term written whole (no pairs' weight).
                alts.append(AllOf(syls + (marked,)))
            alts.append(_unaccented_literal(base, atom, FOLDED_BOOST * tb))
        else:
            alts.append(_folded_alt(base, atom.folded, FOLDED_BOOST * tb))
    return _scaled(AnyOf(tuple(alts)), atom.boost)


def _foreign(syllable: str) -> bool:
    """Whether a word typed without marks is of another language, or an abbreviation:
    letters that spell no Vietnamese syllable ("nestle", "cafe", "tmdt")."""
    return syllable.isascii() and syllable.isalpha() and not is_vietnamese_syllable(syllable)


def _marked(base: str, atom: Atom):
    """A check that the syllables of a term the lexicon writes with marks
    (:attr:`Atom.joints`) stand in a row with a mark at some of those places, or None.

    The index opens a gap of one position at every mark, so that a phrase never spans a
    clause; but an enumeration is one term to its readers, and articles write "chế biến,
    chế tạo", "nông, lâm, thủy sản", "kinh tế - xã hội" as often as without the marks, or
    only so. Only where the lexicon writes a mark in the term (``lexicon.term_marks``):
    "công nghiệp, nông thôn" names two things, not rural industry. And only a list mark
    alone (``textnorm.LIST_MARKS``), which the index records as a marked pair: "chế biến
    và chế tạo" or "chế biến. Chế tạo" is no "chế biến chế tạo"."""
    joints = atom.joints
    if not joints:
        return None
    phrases = []
    for gaps in _mark_sets(joints):
        offs = _gapped(len(atom.syllables), gaps)
        # The marked pairs make sure a mark, not a word, fills each gap.
        pairs = _bigram_terms(base + "_bi", atom.folded, 0.0, offs) + _marked_pairs(base, atom.folded, offs, 0.0)
        phrases.append(Phrase(base + "_syl", atom.syllables, 0.0, pairs, offs))
    return AnyOf(tuple(phrases))


def _marked_pairs(base: str, folded: tuple[str, ...], offsets: tuple[int, ...], boost: float) -> tuple[Term, ...]:
    """The marked-pair terms (:func:`analysis.marked_bigram`) of the gaps in ``offsets``."""
    pairs = [marked_bigram(a, b) for (a, b), (x, y) in zip(zip(folded, folded[1:]), zip(offsets, offsets[1:]))
             if y == x + 2]
    return tuple(Term(base + "_mk", p, boost / len(pairs)) for p in pairs)


def _excluded_node(atom: Atom):
    # Excluding is precise: an accented word excludes that word, not its look-alikes.
    alts: list = []
    k = len(atom.syllables)
    offs = atom.offsets
    for base, _tb in _FIELDS:
        pre = _bigram_terms(base + "_bi", atom.folded, 1.0, offs) if k > 1 else ()
        if atom.listed and offs is not None:
            pre += _marked_pairs(base, atom.folded, offs, 1.0)
        if atom.accented:
            # (a word of one syllable excludes what searching for it finds: "-điện", not
            # the articles on "điện ảnh" or "tiền điện tử")
            alts.append(_of_its_sense(base, atom, Term(base + "_syl", atom.syllables[0])) if k == 1
                        else Phrase(base + "_syl", atom.syllables, 1.0, pre, offs))
        elif k <= 2 and offs is None:
            alts.append(_folded_alt(base, atom.folded, 1.0))
        else:
            alts.append(Phrase(base + "_fold", atom.folded, 1.0, pre, offs))
    return AnyOf(tuple(alts))


@dataclass
class Plan:
    """A query's parts as the engine evaluates them.

    Every group must match (one of its alternatives); the engine can also count how
    many do, for results that match most of the words. ``strict`` groups (quoted
    phrases) are required even then; ``bonus`` only adds to scores; no document
    matching ``excluded`` is a result.
    """

    groups: list = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    strict: list[bool] = field(default_factory=list)
    #: Per group: an amount or a number ("2.000.000 đồng", "300 MW", "10000"; not a year or a
    #: date, whose period is wanted): a detail of what the query is about, which never
    #: outweighs its words among partial matches (:func:`search.matching.group_weights`).
    details: list[bool] = field(default_factory=list)
    #: Per group: a date or a year ("tháng 11/2017", "2005"): the period wanted, which in the
    #: ranking of partial matches never outweighs the middle word
    #: (:func:`search.matching.group_weights`); a full date typed unquoted is no strict group.
    periods: list[bool] = field(default_factory=list)
    #: Per group: a province or a region ("Bình Phước", "Tây Nguyên"): where the query's
    #: subject is, which in the ranking of partial matches weighs below its heaviest word
    #: (:func:`search.matching.group_weights`).
    places: list[bool] = field(default_factory=list)
    bonus: object | None = None
    excluded: object | None = None
    #: Two words typed side by side (across a word's end) as (the two syllables side by
    #: side, the first, the second), each in any accents: how much of the query an
    #: article that lacks some word still holds together (partial matches only). The
    #: first holds, beside the pair's term, each dictionary word of several syllables of
    #: the two whole ("sầu riêng" for the pair "riêng Thái" of `sầu riêng Thái Lan`).
    pairs: list[tuple[object, object, object]] = field(default_factory=list)
    #: Per group: the words of a term the query joined that the articles write as several
    #: words ("mỹ phẩm" and "giả" of "mỹ phẩm giả"), all of them, as one node (of each of
    #: the group's forms that has such words), or None. Where too few articles hold the
    #: term, those holding its words apart follow among the partial matches
    #: (:func:`search.matching.partial_matches`).
    parts: list[object | None] = field(default_factory=list)
    #: Per group with ``parts``: what an article holding them apart lacks, naming the forms
    #: whose words it may hold (:func:`apart_label`: `iip OR chỉ số sản xuất công nghiệp`
    #: names the second); None for the others.
    apart_labels: list[str | None] = field(default_factory=list)
    #: Per group: what the articles it would hold with its words of one syllable anywhere
    #: match (:attr:`Atom.inside`), whose count weighs it among partial matches, or None
    #: (itself). A word found inside fewer words is no rarer a subject: `điện mặt trời áp
    #: mái` still ranks the solar stories that lack "áp" before the "áp" and "mái" of others.
    weighed: list[object | None] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups and self.excluded is None

    @property
    def weighing(self) -> list:
        """Per group, what weighs it among partial matches (:attr:`weighed`), or None."""
        return list(self.weighed) + [None] * (len(self.groups) - len(self.weighed))

    def node(self):
        """The whole query as one tree (None: list everything)."""
        if self.empty:
            return None
        if self.groups:
            positive = self.groups[0] if len(self.groups) == 1 else AllOf(tuple(self.groups))
            if self.bonus is not None:
                positive = Bonus(positive, self.bonus)
        else:
            positive = Everything()
        if self.excluded is not None:
            return Without(positive, self.excluded)
        return positive


def plan(parsed: ParsedQuery, time_optional: bool = True,
         parts_of: Callable[[Atom], tuple[Atom, ...]] | None = None) -> Plan:
    """The evaluation plan of a parsed query; ``time_optional``: whether its words of time
    (:func:`time_runs`) rank without being required (the caller says no where the articles
    write a run holding one as typed: a title, "Giấc mơ cho ngày mai"); ``parts_of``: the
    words of a term held apart (:attr:`Plan.parts`, :func:`term_parts` with the index's
    words; None: no parts)."""
    out = Plan()
    timely, phrases = _timely_groups(parsed) if time_optional else (set(), [])
    # The words of time rank as whole phrases ("chiều nay", not "chiều" of "trái chiều"),
    # and never filter.
    optional = [_scaled(_judged_either_way(phrase), JUDGING_WORD_BOOST) if _listed(phrase.syllables, judging_words())
                else _scaled(_spelled_either_way(phrase), TIME_WORD_BOOST) for phrase in phrases]
    # Words that only link the others rank as they would required, and never filter (an
    # article lacking "ở" still holds all `giá lúa ở An Giang` asks).
    linking = linking_groups(parsed, timely)
    optional += [_atom_node(parsed.groups[i][0]) for i in sorted(linking)]
    for g in (g for i, g in enumerate(parsed.groups) if i not in timely and i not in linking):
        out.groups.append(_atom_node(g[0]) if len(g) == 1 else AnyOf(tuple(_atom_node(a) for a in g)))
        out.labels.append(parsed.group_label(g))
        out.strict.append(g[0].quoted and not g[0].unquoted)
        out.details.append(_an_amount(g))
        out.periods.append(not out.details[-1] and any(ch.isdigit() for ch in g[0].text))
        provinces = _provinces_of(g)
        # (`cao su OR bình phước` is no place; `tphcm`, a form of the city's name, is)
        out.places.append(all(_a_place(a.syllables) or p is not None for a, p in zip(g, provinces)))
        tagged = tuple(Tagged(MENTIONED_FIELD, p, MENTIONED_SCORE) for p in dict.fromkeys(provinces) if p)
        if tagged:
            out.groups[-1] = AnyOf((out.groups[-1], *tagged))
        forms = [] if parts_of is None or out.details[-1] or out.periods[-1] else apart_forms(g, parts_of)
        out.parts.append(_words_apart_node(forms) if forms else None)
        out.apart_labels.append(apart_label([form.text for form, _parts in forms]) if forms else None)
        anywhere = [replace(a, inside=None) for a in g] if any(a.inside is not None for a in g) else None
        out.weighed.append(None if anywhere is None else _atom_node(anywhere[0]) if len(anywhere) == 1
                           else AnyOf(tuple(_atom_node(a) for a in anywhere)))
    if parsed.groups and (parsed.runs or optional):
        # Words standing together as typed rank higher, and so do the words of time the
        # query does not require; this never filters. A run holding words of time also
        # ranks by its words without them ("giá lúa" of `giá lúa hôm nay`).
        runs = list(parsed.runs)
        if timely:
            runs += [part for run in parsed.runs for part in _without_time_words(run)]
        # A run naming a place after its kind of unit ranks by its words without it too
        # ("Điện lực Nghệ An" of `điện lực tỉnh Nghệ An`).
        runs += [part for run in parsed.runs for part in _without_units(run)]
        # A run holding a number ranks by its words without it too ("giá vàng" of `giá vàng
        # 40 triệu`): an article may write the amount apart from its subject, or another one.
        # (one part once, at its best weight: the same words come from the run as typed, side
        # by side and in a number's other writing)
        parts: dict = {}
        for part in (part for run in parsed.runs for part in _without_numbers(run)):
            key = (part.syllables, part.offsets)
            if key not in parts or parts[key].boost < part.boost:
                parts[key] = part
        runs += [part for part in parts.values() if part not in runs]
        # (words parted by marks everywhere stand nowhere together: "xăng/dầu" of `xăng/dầu
        # hôm nay`)
        runs = [run for run in runs if _pairs(run.folded, run.offsets)]
        out.bonus = AnyOf(tuple(_run_bonus(run, base, tb) for run in runs for base, tb in _FIELDS) + tuple(optional))
        seen: set[str] = set()
        for run in parsed.runs:
            ends = [sum(len(u.syllables) for u in run.units[:i + 1]) - 1 for i in range(len(run.units))]
            for i, (a, b) in enumerate(zip(run.units, run.units[1:])):
                if run.offsets is not None and run.offsets[ends[i] + 1] != run.offsets[ends[i]] + 1:
                    continue        # a mark typed between them: not side by side
                if any(ch.isdigit() for ch in a.folded[-1] + b.folded[0]):
                    continue        # a number's pair weighs as the number does (Plan.details)
                bigram = f"{a.folded[-1]} {b.folded[0]}" if a.folded and b.folded else ""
                if bigram and bigram not in seen:
                    seen.add(bigram)
                    side, first, second = (AnyOf(tuple(Term(base + suffix, text, 0.0) for base, _tb in _FIELDS))
                                           for suffix, text in (("_bi", bigram), ("_fold", a.folded[-1]),
                                                                ("_fold", b.folded[0])))
                    whole = [u for u in (a, b) if len(u.folded) > 1 and lexicon().is_folded_word(tuple(u.folded))]
                    if whole:
                        # (side by side in the words typed, not in others: "Riêng Đắk Nông" is
                        # no pair of `sầu riêng đắk nông`; a word the dictionary lacks may be a
                        # slip of the segmenter's, "may thiếu" of "dệt may thiếu lao động")
                        side = AllOf((side, *(AnyOf(tuple(_folded_alt(base, u.folded, 0.0) for base, _tb in _FIELDS))
                                              for u in whole)))
                    out.pairs.append((side, first, second))
    if parsed.excluded:
        out.excluded = AnyOf(tuple(_excluded_node(a) for a in parsed.excluded))
    return out


def _a_place(syllables: tuple[str, ...]) -> bool:
    """Whether a word of the query names where its subject is: a province, a region or a
    district-level unit (a provincial city: "Phan Thiết" of `nước mắm Phan Thiết`), by any
    of their names (two syllables at least: "Huế" alone is also a flower), or the kind of
    unit written before one ("tỉnh" of `tinh dak nong`). Not a commune, a craft village or a
    landmark, often the subject itself ("gốm Bát Tràng", "lọc dầu Dung Quất")."""
    if syllables in place_units() or syllables == tuple(map(fold, syllables)) and syllables in _unit_keys():
        return True
    return _a_named_place(syllables)


def _a_named_place(syllables: tuple[str, ...]) -> bool:
    """:func:`_a_place` by its name, not the kind of unit."""
    return len(syllables) > 1 and all(s.isalpha() for s in syllables) \
        and (is_province(syllables) or is_district(syllables) or match_region(" ".join(syllables)) is not None)


@functools.lru_cache(maxsize=1)
def _unit_keys() -> frozenset[tuple[str, ...]]:
    """The kinds of unit written before a place's name, without marks."""
    return frozenset(tuple(map(fold, w)) for w in place_units())


def _units_before_places(run: Atom) -> set[int]:
    """The positions of ``run``'s units that are a kind of administrative unit right before
    a place's name ("tỉnh" of `điện lực tỉnh Nghệ An`, whose name may be segmented in parts:
    "Bà Rịa - Vũng Tàu")."""
    typed = [u.syllables for u in run.units]
    return {k for k, word in enumerate(typed)
            if word in place_units()
            and any(_spelled_place(tuple(s for w in typed[k + 1:k + 1 + m] for s in w)) for m in range(1, 5))}


def _spelled_place(syllables: tuple[str, ...]) -> bool:
    """:func:`_a_named_place` spelled with its own marks: "Định Quán", not the "định quan" of
    an unsure reading, whose unit the articles must then write (`huyen dinh quan`)."""
    return _a_named_place(syllables) and (syllables in place_terms() or syllables in domain_terms()
                                          or match_region(" ".join(syllables)) is not None)


def _without_units(run: Atom) -> list[Atom]:
    """``run`` without its kinds of unit before a place's name, its words beside them read
    as side by side: the bonus of "Điện lực Nghệ An" for `điện lực tỉnh Nghệ An`."""
    cut = _units_before_places(run)
    if not cut or len(run.units) - len(cut) < 2:
        return []
    starts = [sum(len(u.syllables) for u in run.units[:k]) for k in range(len(run.units) + 1)]
    kept = [k for k in range(len(run.units)) if k not in cut]
    offsets = None
    if run.offsets is not None:
        taken: list[int] = []
        shift = 0
        for k in range(len(run.units)):
            size = starts[k + 1] - starts[k]
            if k in cut:
                shift += size
                continue
            taken += [o - shift for o in run.offsets[starts[k]:starts[k + 1]]]
        offsets = _gaps(tuple(o - taken[0] for o in taken))
    return [replace(run, units=tuple(run.units[k] for k in kept), offsets=offsets)]


#: What an article that mentions a province of the query, by its name or by a place
#: inside it, earns for it (``Tagged``): less than the name written in its text earns, and
#: enough that a cement story naming "Bỉm Sơn" holds the whole of `xi măng Thanh Hóa`; the
#: query's other words then rank it among the articles writing the name (the cement stories
#: before a market story naming Thanh Hóa and selling cement in passing).
MENTIONED_SCORE = 8.0


def _provinces_of(group: list[Atom]) -> list[str | None]:
    """Per atom of ``group``, the province it names, by any of its names (a place's word of
    two syllables or more, not in quotes), or as a form of a name one of whose forms does
    ("tphcm", "brvt"); the articles the indexer found mentioning that province, by its name
    or a place inside it (a district, a town, an industrial zone), are found for it
    (``Tagged``)."""
    own = [province_named(a.syllables) if not a.quoted and _a_place(a.syllables) else None for a in group]
    named: dict[str, set[str]] = {}
    for a, p in zip(group, own):
        if a.form and p:
            named.setdefault(a.form, set()).add(p)
    return [p or (next(iter(named[a.form])) if a.form and not a.quoted and len(named.get(a.form, ())) == 1
                  else None) for a, p in zip(group, own)]


def apart_label(forms: Sequence[str]) -> str:
    """What a hit lacks when it holds the words of a term (of one of ``forms``), but not
    side by side."""
    return " hoặc ".join(f"“{form}”" for form in forms) + " liền nhau"


#: The most positions between two words of a term held apart (``Near``): about a sentence.
APART_SLOP = 20


def apart_forms(group: list[Atom], parts_of: Callable[[Atom], tuple[Atom, ...]]
                ) -> list[tuple[Atom, tuple[Atom, ...]]]:
    """(form, its words) of each form of ``group`` that is a term made of words apart
    (:func:`term_parts`), each spelling once: `chỉ số sản xuất công nghiệp OR IIP` has one,
    IIP none."""
    out: dict[tuple[str, ...], tuple[Atom, tuple[Atom, ...]]] = {}
    for atom in group:
        if atom.syllables not in out:
            parts = parts_of(atom)
            if parts:
                out[atom.syllables] = (atom, parts)
    return list(out.values())


def _words_apart_node(forms: list[tuple[Atom, tuple[Atom, ...]]]):
    """Every word of a term apart, each beside the next within ``APART_SLOP`` positions in
    the headline or the text, for any of ``forms`` (:func:`apart_forms`)."""
    alternatives = []
    for _form, parts in forms:
        near = tuple(AnyOf(tuple(Near(base + "_syl", a.syllables, b.syllables, APART_SLOP) for base, _tb in _FIELDS))
                     for a, b in zip(parts, parts[1:]))
        alternatives.append(AllOf(tuple(_part_node(p) for p in parts) + near))
    return None if not alternatives else alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))


def _part_node(part: Atom):
    """One word of a term apart: a word of one syllable only as a word of its own ("giả",
    not the half of "khán giả" or "tác giả", which the syllable field would also find)."""
    if len(part.syllables) > 1:
        return _atom_node(part)
    return AnyOf(tuple(Term(base, part.units[0].word, WORD_BOOST * tb) for base, tb in _FIELDS))


#: ...and is no word of more than this share of the articles ("mới", "số": anywhere, such a
#: word says nothing of the term).
COMMON_WORD_SHARE = 0.1
#: A word of one syllable that ends a term stands apart from it only where it is a word of
#: its own in at least this share of the articles holding it ("giả" of "mỹ phẩm giả": 24%;
#: "nghiệp" of "tiểu thủ công nghiệp" is in "công nghiệp" 98% of the time).
ALONE_SHARE = 0.2


def term_parts(atom: Atom, is_word: Callable[[str], bool] | None,
               stands_alone: Callable[[str], bool], is_name: Callable[[tuple[str, ...]], bool]
               ) -> tuple[Atom, ...]:
    """The words a term of the query is made of, where the articles write it as several
    words: "mỹ phẩm giả" is "mỹ phẩm" and "giả", "chỉ số sản xuất công nghiệp" "chỉ số",
    "sản xuất" and "công nghiệp" (``is_word``: the index's words, longest first).

    Only for a term of three syllables or more, typed or read with its marks (without them,
    the index's words that fold alike are too many: "so cong" is "số cộng"), that is no
    word of the index and no name (``is_name``: a place, a province), two syllables apart
    being too often other words' halves ("sinh" and "khối" of "sinh khối", "bình" and
    "dương"); nor the name of an organisation, an office or a region, known by its first
    word (:func:`~search.lexicon.is_name_head`: "điện lực" of "Điện lực miền Nam"). A word
    of one syllable is no part by itself at the start or inside ("sở" of "Sở Công Thương"
    is no subject; "xuất" of "xuất nhập khẩu" is in every export): it stays with the words
    after it; at the end, only where it is a word of its own (``stands_alone``: "giả",
    "than", "điện"), else with the words before it. Nor a phrase typed in quotes or with
    marks inside."""
    if is_word is None or atom.quoted or atom.offsets is not None or len(atom.units) != 1:
        return ()
    unit = atom.units[0]
    syllables = unit.syllables
    if len(syllables) == 2:
        # Two syllables: only a word the segmenter formed in the query that is no word of the
        # index nor of the dictionary ("mũ_giả", written "mũ bảo hiểm giả"), each half a
        # word of its own (not "sinh" and "khối" of "sinh khối").
        if syllables == unit.folded or is_word("_".join(syllables)) or is_name(syllables) \
                or lexicon().is_word(syllables) or not all(stands_alone(s) for s in syllables):
            return ()
        return tuple(Atom((Unit((s,), (f,)),), exact=atom.exact) for s, f in zip(syllables, unit.folded))
    if len(syllables) < 3 or syllables == unit.folded or is_word("_".join(syllables)) or is_name(syllables):
        return ()
    spans: list[list[int]] = []
    i = 0
    while i < len(syllables):
        for n in range(min(4, len(syllables) - i), 1, -1):
            if (i, n) != (0, len(syllables)) and is_word("_".join(syllables[i:i + n])):
                break
        else:
            n = 1
        spans.append([i, i + n])
        i += n
    merged: list[list[int]] = []
    carry = None
    for k, (a, b) in enumerate(spans):
        start = a if carry is None else carry
        if b - a == 1 and k < len(spans) - 1:
            carry = start            # one syllable: with the words after it
            continue
        merged.append([start, b])
        carry = None
    if len(merged) > 1 and merged[-1][1] - merged[-1][0] == 1 and not stands_alone(unit.syllables[merged[-1][0]]):
        last = merged.pop()
        merged[-1][1] = last[1]
    if len(merged) < 2 or is_name_head(tuple(syllables[spans[0][0]:spans[0][1]])) \
            or is_name_head(tuple(syllables[merged[0][0]:merged[0][1]])):
        return ()
    return tuple(Atom((Unit(unit.syllables[a:b], unit.folded[a:b]),), phrase=b - a > 2, exact=atom.exact)
                 for a, b in merged)


def with_sub_runs(parsed: ParsedQuery, terms: Sequence[tuple[str, ...]]) -> ParsedQuery:
    """``parsed`` with the parts of two words or more of each of ``terms`` (syllables) that
    its runs hold as three words or more as runs too, weighed alike in the headline and
    the body (``Atom.part``): where no article writes a term typed whole ("điện sinh
    khối"), the words of it the articles do write side by side ("sinh khối") hold the query
    together, the rarer the more; a common part in a headline ("Điện sinh hoạt") earns no
    headline's premium for it. (Weighed as a run typed in a headline, a part put school news
    writing "học sinh khối 11" first: a part is only the best the articles have.) Only for
    terms that found nothing: where a run is written, a part standing together says less
    than the whole."""
    subs: list[Atom] = []
    for run in parsed.runs:
        if run.offsets is not None:
            continue
        units, syllables = run.units, run.syllables
        starts = [sum(len(u.syllables) for u in units[:k]) for k in range(len(units) + 1)]
        for term in dict.fromkeys(terms):
            for at in range(len(syllables) - len(term) + 1):
                if syllables[at:at + len(term)] != term:
                    continue
                # The run's words within the term (pyvi may run one in from outside it:
                # "nhà_máy_điện" of "nhà máy điện sinh khối"), the whole term excepted.
                inside = [k for k in range(len(units)) if starts[k] >= at and starts[k + 1] <= at + len(term)]
                whole = bool(inside) and starts[inside[0]] == at and starts[inside[-1] + 1] == at + len(term)
                longest = len(inside) - 1 if whole else len(inside)
                if whole and len(term) == 2 and len(inside) == 2:
                    # Two words, no shorter run to hold them ("mũ giả", written "mũ bảo hiểm
                    # giả"): standing within a sentence of each other ranks higher.
                    sub = replace(run, units=units[inside[0]:inside[1] + 1], part=True, near=True)
                    if sub not in subs:
                        subs.append(sub)
                for n in range(longest, 1, -1):
                    for i in range(len(inside) - n + 1):
                        sub = replace(run, units=units[inside[i]:inside[i] + n], part=True)
                        if sub not in subs:
                            subs.append(sub)
    return replace(parsed, runs=list(parsed.runs) + subs) if subs else parsed


def _time_spans(syllables: Sequence[tuple[str, ...]],
                words: frozenset[tuple[str, ...]] | None = None) -> list[tuple[int, int]]:
    """Where consecutive words (each a tuple of syllables) make up words of time or of a
    question (:func:`search.lexicon.asking_words`: they ask when, why, how, and are ranked by,
    never required: called words of time here for short), as [start, end) ranges of whole
    words: "mới" "nhất" is "mới nhất", "vì" "sao" is "vì sao"."""
    phrases = asking_words() if words is None else words
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(syllables):
        joined: tuple[str, ...] = ()
        for j in range(i, len(syllables)):
            joined += syllables[j]
            if _listed(joined, phrases):
                out.append((i, j + 1))
                i = j
                break
            if len(joined) >= 3:
                break
        i += 1
    return out


def _listed(syllables: tuple[str, ...], words: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``syllables`` are among ``words`` in either spelling of i and y ("kỉ lục" of
    "kỷ lục")."""
    return any(form in words for form in iy_forms(syllables))


def _spelled_either_way(phrase: Atom):
    """The node of a word of time or of judgement typed, and of its other spellings of i and
    y ("kỉ lục" beside "kỷ lục"), each ranking alike."""
    nodes = [_atom_node(phrase)]
    for k, unit in enumerate(phrase.units):
        for syllables in iy_forms(unit.syllables)[1:]:
            units = phrase.units[:k] + (Unit(syllables, tuple(map(fold, syllables))),) + phrase.units[k + 1:]
            nodes.append(_atom_node(Atom(units, phrase=True)))
    return nodes[0] if len(nodes) == 1 else AnyOf(tuple(nodes))


def _judging_parts(phrase: Atom) -> list[Atom]:
    """The words of judgement a phrase of judgement ends with ("kỷ lục" of "lập kỷ lục")."""
    subs = [Atom(phrase.units[k:], phrase=True) for k in range(1, len(phrase.units))]
    return [sub for sub in subs if _listed(sub.syllables, judging_words())]


def _judged_either_way(phrase: Atom):
    """The node of a word of judgement typed with the verb it is told with ("lập kỷ lục"):
    the judgement without the verb ranks too ("đạt mức kỷ lục", "giá cao kỷ lục"), the
    phrase as typed above it."""
    subs = _judging_parts(phrase)
    if not subs:
        return _spelled_either_way(phrase)
    return AnyOf(tuple(_spelled_either_way(p) for p in (phrase, *subs)))


def _in_spans(spans: list[tuple[int, int]]) -> set[int]:
    return {k for a, b in spans for k in range(a, b)}


def _run_time_spans(run: Atom, words: frozenset[tuple[str, ...]] | None = None) -> list[tuple[int, int]]:
    """The words of time of a run of words typed (:func:`_time_spans`): none unless its
    syllables have their marks, typed or read."""
    return _time_spans([u.syllables for u in run.units], words) if run.accented else []


def time_runs(parsed: ParsedQuery) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each run of words typed side by side that holds a word of time (with its marks,
    typed or read) and other words: (its syllables, its syllables without the words of
    time). What the caller asks the articles about (:data:`SET_PHRASE_SHARE`). The words of a
    question are left out: a headline asking "Vì sao giá xăng tăng?" ranks first by the words
    standing together, and the stories that answer it still lack nothing."""
    out = []
    for run in parsed.runs:
        within = _in_spans(_run_time_spans(run, time_words()))
        rest = tuple(s for k, u in enumerate(run.units) if k not in within for s in u.syllables)
        if within and rest:
            out.append((run.syllables, rest))
    return out


def linking_groups(parsed: ParsedQuery, beside: set[int] = frozenset()) -> set[int]:
    """The groups that are a word linking the others (``linking_words``: "ở", "của"), typed
    unquoted and without alternatives, where the query requires a word that is neither one
    nor of ``beside`` (the groups already not required: words of time): what the query ranks
    by without requiring. An article writing "giá lúa tại An Giang" or "Giá lúa An Giang"
    holds all `giá lúa ở An Giang` asks; required, "ở" put the one story on the price of An
    Giang's rice below those lacking "giá". Not where the word makes a word with a neighbour
    typed beside it that the segmenter leaves apart (``linking_compounds``: "nhà ở" of `luật
    nhà ở`, "trong nước" of `hàng trong nước`)."""
    words, compounds = linking_words(), linking_compounds()
    free: set[tuple[str, ...]] = set()
    bound: set[tuple[str, ...]] = set()
    for run in parsed.typed_runs:           # (a word in quotes is in none)
        typed = [u.syllables for u in run.units]
        # (a kind of unit right before a place's name links it too: "Điện lực Nghệ An"
        # holds all `điện lực tỉnh Nghệ An` asks; elsewhere it is a word of its own)
        before_places = _units_before_places(run)
        for k, word in enumerate(typed):
            if k in before_places:
                free.add(word)
            elif word in place_units():
                bound.add(word)
            elif word in words:
                near = [typed[k - 1][-1:] + word] if k else []
                near += [word + typed[k + 1][:1]] if k + 1 < len(typed) else []
                (bound if any(pair in compounds for pair in near) else free).add(word)
    found = {i for i, g in enumerate(parsed.groups) if len(g) == 1 and not g[0].quoted and not g[0].phrase
             and g[0].syllables in free - bound}
    return found if any(i not in found and i not in beside for i in range(len(parsed.groups))) else set()


def _timely_groups(parsed: ParsedQuery) -> tuple[set[int], list[Atom]]:
    """The groups that are words of time asking when ("hôm nay", "mới nhất") and those
    words as phrases (:func:`_time_words_typed`); none when the words left are only words
    without a subject ("hôm nay và ngày mai") or none."""
    found, phrases = _time_words_typed(parsed)
    subjects = [g for i, g in enumerate(parsed.groups)
                if i not in found and not (len(g) == 1 and g[0].syllables in function_words())]
    if found and len(subjects) < JUDGED_SUBJECTS:
        # A judgement beside a single word is part of what is asked ("mai một nghề", "tăng
        # chóng mặt"), not a view of a story the other words tell: required. Told with its
        # verb ("giá vàng lập kỷ lục"), the judgement itself is required, and the verb ranks:
        # the records told otherwise ("tăng kỷ lục", "mức kỷ lục") are as much what is asked.
        judged, judging = _time_words_typed(parsed, judging_words())
        if judged:
            kept = {u.syllables for p in judging for u in (_judging_parts(p) or [p])[-1].units}
            found = found - {i for i in judged if parsed.groups[i][0].syllables in kept}
            # (required, it ranks as the subject does, not above it: no judgement's weight)
            phrases = [p for p in phrases if p not in judging]
    return (found, phrases) if found and subjects else (set(), [])


#: Words beside a word that judges (:func:`search.lexicon.judging_words`) that make it a
#: view of the story they tell, ranked by but not required.
JUDGED_SUBJECTS = 2


def _time_words_typed(parsed: ParsedQuery, words: frozenset[tuple[str, ...]] | None = None
                      ) -> tuple[set[int], list[Atom]]:
    """The groups that make up words of time (or of ``words``), and those words as phrases:
    found in the runs as typed (whole phrases of consecutive words, with their marks),
    unquoted, without alternatives, never also typed outside such a phrase."""
    inside: set[tuple[str, ...]] = set()
    outside: set[tuple[str, ...]] = set()
    phrases: list[Atom] = []
    for run in parsed.typed_runs:
        spans = _run_time_spans(run, words)
        within = _in_spans(spans)
        for k, unit in enumerate(run.units):
            (inside if k in within else outside).add(unit.syllables)
        for a, b in spans:
            phrase = Atom(run.units[a:b], phrase=True)
            if phrase not in phrases:
                phrases.append(phrase)
    found = {i for i, g in enumerate(parsed.groups)
             if not g[0].quoted and g[0].syllables in inside and g[0].syllables not in outside
             and all(_iy_spelling(a.syllables, g[0].syllables) and not a.quoted for a in g[1:])}
    return (found, phrases) if found else (set(), [])


def _iy_spelling(syllables: tuple[str, ...], of: tuple[str, ...]) -> bool:
    """Whether ``syllables`` spell ``of`` with i for y or y for i ("kỉ lục", "kỷ lục"): one
    word, not an alternative of another sense."""
    return syllables in iy_forms(of)


def _without_time_words(run: Atom) -> list[Atom]:
    """The parts of ``run`` of two words or more between its words of time."""
    timely = _in_spans(_run_time_spans(run))
    return _parts_between(run, timely) if timely else []


def _parts_between(run: Atom, cut: set[int]) -> list[Atom]:
    """The parts of ``run`` of two words or more left between its words at ``cut``, each
    with the gaps of the marks typed inside it."""
    starts = [sum(len(u.syllables) for u in run.units[:k]) for k in range(len(run.units) + 1)]
    parts, current = [], []
    for k in range(len(run.units)):
        if k in cut:
            parts.append(current)
            current = []
        else:
            current.append(k)
    parts.append(current)
    out = []
    for p in parts:
        if len(p) >= 2:
            offsets = None
            if run.offsets is not None:
                at = run.offsets[starts[p[0]]:starts[p[-1] + 1]]
                offsets = _gaps(tuple(o - at[0] for o in at))
            out.append(replace(run, units=tuple(run.units[k] for k in p), offsets=offsets))
    return out


#: Words that make a number a date, not an amount.
_CALENDAR_UNITS = frozenset({"ngày", "tháng", "quý", "năm"})


def _an_amount(group: list[Atom]) -> bool:
    """Whether ``group`` is an amount or a number: one number, no word of the calendar, not a
    year standing alone ("2017"; "2000 người" is an amount)."""
    syllables = group[0].syllables
    numbers = [k for k, x in enumerate(syllables) if any(ch.isdigit() for ch in x)]
    if len(numbers) != 1 or any(x in _CALENDAR_UNITS for x in syllables):
        return False
    return not (_a_year(syllables[numbers[0]]) and numbers[0] == len(syllables) - 1)


def _without_numbers(run: Atom) -> list[Atom]:
    """The parts of ``run`` of two words or more between its numbers, each number taken
    with the month or quarter before it and the words it counts after it ("giá vàng" and
    "trong nước" of "giá vàng tháng 3 trong nước", "xuất khẩu gạo" of "xuất khẩu gạo 5
    triệu tấn"); none for a run without a number."""
    words = [u.syllables for u in run.units]
    numbers = [k for k, w in enumerate(words) if any(ch.isdigit() for ch in "".join(w))]
    if not numbers:
        return []
    cut: set[int] = set(numbers)
    for k in numbers:
        if k > 0 and len(words[k - 1]) == 1 and len(words[k]) == 1 and _calendar_number(words[k - 1][0], words[k][0]):
            cut.add(k - 1)
        j = k + 1
        while j < len(words) and j - k <= 2 and len(words[j]) == 1 and _counted(words[j][0]):
            cut.add(j)
            j += 1
    return _parts_between(run, cut)


def _run_bonus(run: Atom, base: str, tb: float):
    """The bonus for the words of ``run`` standing together in field ``base``.

    With their marks (typed so, or a reading's), the words are found side by side as
    written, on positions: "thị trường bán lẻ" written so, not "thị trường" here, "giá bán
    lẻ" there and "trưởng ban" elsewhere, whose pairs without accents are the same ("giá
    nhập" is not the "gia nhập" most articles write), and where the run's last syllable ends
    a word (:func:`_ends_a_word`); the pairs without accents still earn
    ``ACCENT_BLIND_SHARE`` of their bonus. A run matched in any accents (typed without
    marks and searched as typed) has only its pairs to go on."""
    tb = 1.0 if run.part else tb
    if run.near:
        first, second = run.units
        return _scaled(AllOf((AnyOf((Near(base + "_syl", first.syllables, second.syllables, APART_SLOP),)),
                              *(Term(base + "_syl", s, PROXIMITY_BOOST * tb) for s in run.syllables))), run.boost)
    pairs = AllOf(_bigram_terms(base + "_bi", run.folded, PROXIMITY_BOOST * tb, run.offsets))
    if not run.accented:
        return _scaled(pairs, run.boost)
    weight = EXACT_RUN_BOOST * tb if base == "title" and not run.part else EXACT_RUN_BODY_BOOST
    pre = _bigram_terms(base + "_bi", run.folded, weight, run.offsets)
    if run.listed and run.offsets is not None:
        pre += _marked_pairs(base, run.folded, run.offsets, 0.0)
    exact = Phrase(base + "_syl", run.syllables, 1.0, pre, run.offsets)
    return _scaled(AnyOf((AllOf((_ends_a_word(run.syllables), exact)), _scaled(pairs, ACCENT_BLIND_SHARE))),
                   run.boost)


def _ends_a_word(syllables: tuple[str, ...]):
    """A check that the article writes the run's last syllable as the end of a word: some
    word of its headline or text ends with it and lies within the run. "giá tiêu" (pepper
    prices) is written side by side in "giá tiêu dùng" too, where "tiêu" begins the word
    "tiêu dùng": the syllables typed, not the words. Only the end: a word is qualified by
    what follows it, so a word running on past the run's end makes another word ("tiêu
    dùng"), while one running in from before its start leaves the run whole ("tăng giá
    xăng", where the segmenter may join "tăng giá"). The words are read from the whole
    article, not at the run's place, in both fields: a headline that writes "Giá cá tra"
    ("cá tra" one word) keeps its bonus for `giá cá` when the article writes "cá" alone
    anywhere, as a story about fish prices does, and one segmenter's slip in a headline
    costs nothing."""
    return AnyOf(tuple(Term(field, "_".join(syllables[i:]), 0.0)
                       for field, _tb in _FIELDS for i in range(len(syllables))))


def build(parsed: ParsedQuery):
    """The query tree, or None when the text asks for nothing (list everything)."""
    return plan(parsed).node()


def node_to_whoosh(node) -> Q.Query:
    """The same tree as Whoosh queries."""
    if isinstance(node, Term):
        return Q.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, Phrase):
        if node.offsets is not None:
            return Q.And([node_to_whoosh(t) for t in node.prefilter]
                         + [Q.Ordered([Q.Term(node.field, w) for w in node.words])])
        return Q.And([node_to_whoosh(t) for t in node.prefilter]
                     + [Q.Phrase(node.field, list(node.words), boost=node.boost)])
    if isinstance(node, AnyOf):
        return Q.Or([node_to_whoosh(c) for c in node.children])
    if isinstance(node, AllOf):
        return Q.And([node_to_whoosh(c) for c in node.children])
    if isinstance(node, Without):
        return Q.AndNot(node_to_whoosh(node.positive), node_to_whoosh(node.negative))
    if isinstance(node, Bonus):
        return Q.AndMaybe(node_to_whoosh(node.required), node_to_whoosh(node.optional))
    if isinstance(node, Everything):
        return Q.Every()
    if isinstance(node, Tagged):
        return Q.ConstantScoreQuery(Q.Term(node.field, node.value), node.boost)
    if isinstance(node, PlainOnly):
        return node_to_whoosh(node.child)
    raise TypeError(node)


def to_whoosh(parsed: ParsedQuery) -> Q.Query | None:
    """The Whoosh query, or None when the text asks for nothing (list everything)."""
    node = build(parsed)
    return None if node is None else node_to_whoosh(node)


def form_groups(parsed: ParsedQuery) -> list[tuple[int, list[int]]]:
    """Each name with two forms or more in a group of ``parsed`` ("KCN", "khu công
    nghiệp"): (the group, the positions of the name's forms in it; not a word typed with
    OR beside them, nor another name's forms). The engine weighs a name's forms against
    each other (:func:`with_form_weights`)."""
    out = []
    for i, g in enumerate(parsed.groups):
        names: dict[str, list[int]] = {}
        for k, a in enumerate(g):
            if a.form:
                names.setdefault(a.form, []).append(k)
        out += [(i, at) for at in names.values() if len(at) > 1]
    return out


def form_plan(atom: Atom, others: Sequence[Atom] = ()) -> Plan:
    """One form of a name at its own weight (how its articles score, to weigh it against
    the name's other forms), or with ``others`` also one of those in the same article."""
    groups = [_atom_node(replace(atom, boost=1.0))]
    if others:
        groups.append(AnyOf(tuple(_atom_node(replace(a, boost=1.0)) for a in others)))
    return Plan(groups, [atom.text] + [a.text for a in others[:1]], [False] * len(groups))


def quoted_alone(text: str) -> frozenset[str]:
    """The words typed alone in quotes (`"tiêu"`, or left out so: `-"tiêu"`), lower case:
    parsed as the word itself, but meant as typed."""
    return frozenset(value.strip().lower() for kind, value in _lex(text)
                     if kind in ("phrase", "notphrase") and len(value.split()) == 1)


def inside_candidates(parsed: ParsedQuery, words: frozenset[str]) -> list[tuple[int, int, str]]:
    """(group, position, word) of each word of one syllable of ``words`` (the goods and
    trade words the trade searches by themselves: "tiêu", "khí", "điện") the query searches
    with its marks (typed or read so), unquoted: the words whose syllable also stands inside
    longer words of other senses (:func:`with_inside`). Not every word: "Việt" of "gạo
    Việt" is Việt Nam's, "Phúc" a prime minister's full name, "quy" the start of "quy định".
    A word left out is at group ``EXCLUDED`` (its position among those left out)."""
    out = []
    atoms = [(i, k, a) for i, group in enumerate(parsed.groups) for k, a in enumerate(group)]
    atoms += [(EXCLUDED, k, a) for k, a in enumerate(parsed.excluded)]
    for i, k, atom in atoms:
        if len(atom.syllables) == 1 and not atom.phrase and not atom.quoted and atom.accented \
                and not atom.form and atom.units[0].word in words:
            out.append((i, k, atom.units[0].word))
    return out


#: The group :func:`inside_candidates` and :func:`with_inside` give the words left out.
EXCLUDED = -1


def with_inside(parsed: ParsedQuery,
                inside: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...]]]) -> ParsedQuery:
    """``parsed`` with the word of one syllable at ``(group, position)`` matched inside the
    longer words ``inside`` gives as of other senses only beside itself or one of those of
    its own sense (:attr:`Atom.inside`)."""
    parsed = _with_atoms(parsed, {at: lambda a, v=v: replace(a, inside=v) for at, v in inside.items() if at[0] >= 0})
    left_out = {k: v for (i, k), v in inside.items() if i == EXCLUDED}
    if left_out:
        parsed = replace(parsed, excluded=[replace(a, inside=left_out[k]) if k in left_out else a
                                           for k, a in enumerate(parsed.excluded)])
    return parsed


def word_count_plan(words: Sequence[str]) -> Plan:
    """The articles holding every one of the index's ``words`` (as pyvi made them words,
    "điện_thoại"), in the headline or the body, or every article for none: how a word's
    senses are told apart."""
    groups = [AnyOf(tuple(Term(base, w, 1.0) for base, _tb in _FIELDS)) for w in words] or [Everything()]
    return Plan(groups, list(words) or [""], [False] * len(groups))


def with_form_weights(parsed: ParsedQuery, weights: dict[tuple[int, int], float]) -> ParsedQuery:
    """``parsed`` with the atom at ``(group, position)`` weighed by ``weights`` of it (times
    the weight it already has)."""
    return _with_atoms(parsed, {at: lambda a, w=w: replace(a, boost=a.boost * w) for at, w in weights.items()})


def _with_atoms(parsed: ParsedQuery, change: dict[tuple[int, int], Callable[[Atom], Atom]]) -> ParsedQuery:
    """``parsed`` with the atom at ``(group, position)`` changed by ``change`` of it."""
    if not change:
        return parsed
    groups = [[change[i, k](a) if (i, k) in change else a for k, a in enumerate(g)]
              for i, g in enumerate(parsed.groups)]
    return replace(parsed, groups=groups)


def held_together(groups: Sequence[Sequence[Sequence[str]]], inside: bool = False) -> Plan:
    """The articles holding each group: one of its alternatives, each a few words (pyvi's
    units, canonical, lower case, their syllables joined by "_") anywhere in the headline or
    the body, as the forms of an abbreviation are alternatives ("qltt"; "quản_lý",
    "thị_trường"): whether an offered query's words meet in some article at all, at the cost
    of a few lists of articles (no positions read). ``inside``: a word of one syllable is
    held inside longer words too ("sữa" of "sữa_tươi")."""
    def held(words: Sequence[str]):
        nodes = tuple(AnyOf(tuple(Term(base + ("_syl" if inside and "_" not in word else ""), word)
                                  for base, _tb in _FIELDS)) for word in words)
        return nodes[0] if len(nodes) == 1 else AllOf(nodes)

    return Plan([AnyOf(tuple(held(words) for words in group)) for group in groups],
                [" ".join(group[0]) for group in groups], [False] * len(groups))


def written_whole(syllables: Sequence[str]) -> Plan:
    """The articles that write ``syllables`` (canonical, lower case) side by side in this
    order, with these marks and nothing between them (no comma, no full stop), in the
    headline or the body: whether a reading of a query is written whole. A "." among them
    is a mark written there, a gap of one in the index ("Co.op"; a comma opens one too; on
    OpenSearch, a span with a slop of one, which also matches the two side by side)."""
    # A full stop among them ("co", ".", "op" of "Co.op") stands for one written between
    # two syllables, as names and addresses write it: a gap of one in the index.
    words = tuple(s for s in syllables if s != ".")
    gaps = _gaps(tuple(i for i, s in enumerate(syllables) if s != "."))
    folded = tuple(fold(s) for s in words)
    return Plan([AnyOf(tuple(Phrase(base + "_syl", words, tb, _bigram_terms(base + "_bi", folded, 1.0, gaps), gaps)
                             for base, tb in _FIELDS))],
                [" ".join(words)], [True])
