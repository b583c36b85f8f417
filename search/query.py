"""The one query function every front end calls.

:class:`SearchEngine` opens the index once, keeps a searcher and its facet columns,
and refreshes both when the index changes on disk. :meth:`SearchEngine.search` takes
text, facet filters, sort and paging, and returns a :class:`SearchResult` whose
``to_dict()`` is the JSON the API and ``ctsearch query --json`` print.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Sequence

from .abbrev import Abbreviations
from .analysis import query_units
from .complete import LIMIT as COMPLETIONS, OPERATOR, Completion, Phrase, complete, completion_phrases, phrases_begun, plain_tail
from .backend import PARTIAL_BELOW, Backend, Search, Tier, open_backend
from .dates import FORMS as DATE_FORMS
from .dates import NoSuchDay, read_date
from .facetdefs import UNKNOWN_LABEL, NoMatch, Tags, facet, facets, said_former, NAMES as FACET_NAMES
from .facets import MAX_VALUES as MAX_FACET_VALUES, FacetValue, top_values
from .interpret import Interpretation, interpret
from .lexicon import is_name, is_term, lexicon, term_marks, trade_words
from .merger import MERGER_DATE, current_of, province_label
from .querylang import (ALONE_SHARE, COMMON_WORD_SHARE, MAX_QUERY_WORDS, MAYBE_BOOST, SET_PHRASE_SHARE, ParsedQuery, apart_forms,
                        apart_label, first_words, page_address, page_words, parse, plan, term_parts, time_runs,
                        form_groups, form_plan, inside_candidates, quoted_alone, with_form_weights, with_inside,
                        straight_quotes, with_sub_runs, word_count_plan, written_whole, held_together,
                        Everything, Plan)
from .matching import LEISURE_FROM, LEISURE_WEIGHT
from .placequery import PlaceInQuery, place_in_query, qualifiers_after, without_qualifier
from .restore import CONFIDENT, MARK_FIX_SHARE, Restorer
from .rulesversion import RULES_VERSION
from .snippets import Needle, find_matches, highlight, make_snippet, plain_title, words_lacking
from .store import being_written
from .storykind import query_leisure
from .textnorm import canon, clean_id, fold, is_vietnamese_syllable, nfc, other_iy_spellings, without_controls
from .titles import derived_title_end, display_title
from .vocab import Vocabulary
from .vnformat import format_date

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
#: Results kept per engine for repeated searches (a popular query, the next page of the
#: same one, a facet ticked and unticked). Keyed on the index generation, so a newer
#: index is never answered from the cache.
RESULT_CACHE_SIZE = 512
#: Pages longer than this are not cached (an export, not a page someone reads).
CACHED_LIMIT = 100
#: Queries whose reading and searches are kept per engine (``SearchEngine._understood``).
UNDERSTOOD_CACHE_SIZE = 64
#: The readings of the words typed before the one being typed, kept for the next keystrokes
#: (apart from the searches' readings, which typing must not push out).
HEADS_CACHE_SIZE = 256
#: How many articles write a term of the trade, kept per term and state of the index's
#: statistics (``Backend.statistics_token``).
TERM_COUNTS_KEPT = 4096
#: Completions asked for beyond those offered, so that those whose words no article writes
#: side by side can come after the others (:meth:`SearchEngine.complete`).
CHECKED_EXTRA = 4
#: How many times as often another form of a name must be written for an acronym that no
#: article writing it spells out to count as naming something else there: TTCN (15
#: articles, Tuổi Trẻ Chủ Nhật and the transfer market) against "tiểu thủ công nghiệp" (26);
#: one written about as often as the name is more likely its other spelling.
COLLIDING_MARGIN = 1.5
#: A long term of the trade written whole by this many articles is searched whole, never as
#: its words where the query finds nothing in full (:meth:`SearchEngine._attested`).
TERM_ATTESTED = 10
#: A longer word holding a word of the trade of one syllable is of another sense where the
#: articles writing it are less than this much likelier than articles at large to write the
#: word alone too (the share of the way from the articles at large to all of them): "tiêu
#: dùng" (0.02), "vũ khí" (0.02), "điện thoại" (0.11) and "khí hậu" (0.08) are; "hồ tiêu"
#: (0.52), "thủy điện" (0.35) and "dầu khí" (0.17) are not (:meth:`SearchEngine._inside_words`).
#: A share, not a ratio: a word alone in a sixth of all articles ("giá") allows no ratio over
#: six. The test is the articles' words, not their senses: "điện tử" (0.13) keeps "điện".
INSIDE_SHARE = 0.12
#: A longer word is judged so only where this many articles write it; a rarer one keeps the
#: syllable (too few articles to tell, and too few to matter: judged from five, "vườn chuối"
#: was of another sense and "cây chuối" of its own, one article apart).
INSIDE_JUDGED_FROM = 20
#: A syllable inside more longer words than this is searched anywhere, as before: the
#: counting would take too long (the trade's words are inside a few hundred at most on the
#: corpus: "hành" 365, `xuat khau hanh` onions, not "ban hành").
INSIDE_MOST = 2000
#: ...and only a syllable this many articles write as a word of its own: where few do, the
#: longer words are what it is typed for.
INSIDE_ALONE_FROM = 20


class QueryError(ValueError):
    """A bad parameter: ``param`` names it, the message says why (in Vietnamese)."""

    def __init__(self, param: str, message: str, choices: Sequence[str] = (), value: str | None = None,
                 notes: dict[str, str] | None = None):
        super().__init__(message)
        self.param = param
        self.message = message
        self.choices = list(choices)
        self.value = value
        #: Choice -> what the value names in it ("huyện Châu Thành"), for a value several may be meant by.
        self.notes = dict(notes or {})
        #: A typed list two of whose items may be one place: its items, and those a choice
        #: keeps beside it (see facetdefs.NoMatch).
        self.items: list[str] = []
        self.others: list[str] = []

    def to_dict(self) -> dict:
        out = {"error": self.message, "param": self.param, "value": self.value, "choices": self.choices}
        if self.notes:
            out["notes"] = self.notes
        return out


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    year: int | None
    province: str | None
    topics: list[str]
    source: str | None
    url: str | None
    score: float | None
    snippet: str           # HTML: escaped text, matches in <mark>
    title_html: str        # the title, escaped, matches in <mark>
    missing: list[str] = field(default_factory=list)   # query words this hit lacks
    current_province: str | None = None  # the 2025 unit of ``province`` (merger.py)
    province_label: str | None = None    # "Hà Giang (nay thuộc Tuyên Quang)"
    provinces: list[str] = field(default_factory=list)  # every province mentioned, in order

    def to_dict(self) -> dict:
        return dict(self.__dict__)


#: Today's whole unit is offered for a province whose name it took only when it finds at
#: least this many times what the province found (on the first page): "Hội An" in Đà Nẵng
#: finds 7, in today's Đà Nẵng 73; every listing of Hồ Chí Minh would otherwise carry it.
WHOLE_UNIT_GAIN = 1.25
#: A province filter that finds fewer articles than this offers the articles that mention
#: the province (``FacetDef.looser``).
LOOSER_BELOW = PARTIAL_BELOW
#: Years chosen whose full matches are fewer than this say how many more have no known year.
UNKNOWN_BELOW = PARTIAL_BELOW

#: Beside a first reading that changes the letters typed (a slip mended, a word finished),
#: another that changes them too is searched only where it has at least this share of the
#: first one's probability (see :meth:`SearchEngine._options`).
OTHER_MEND_SHARE = 0.25


@dataclass(frozen=True)
class Widening:
    """A province filter (the main province or one mentioned), and what the name of today's
    unit holding it finds in articles written since the 2025 merger, which may name only
    that unit and so be missed: "Hà Giang", and "Tuyên Quang" since 2025-07-01, which finds
    ``count``. Or a province whose name today's unit took, and that whole unit, at any
    date (``to_facet`` "current_province", ``since`` ""): "Bắc Ninh", and today's Bắc Ninh,
    which holds former Bắc Giang too. Or the main province chosen, and the articles that
    mention it (``to_facet`` "mentions", ``merged`` None); or today's province chosen, and
    the articles that mention any of its former provinces (``holds``). Or the years chosen, and the
    articles of no known year besides (``to_value`` "Không rõ", on the same facet)."""

    facet: str                # "province", "mentions" or "year"
    value: str                # "Hà Giang" (the years chosen, listed: "2019, 2020")
    to_facet: str             # the same
    to_value: str             # "Tuyên Quang"
    holds: tuple[str, ...]    # the values of ``facet`` it holds: ("Tuyên Quang", "Hà Giang")
    merged: str | None        # the day the wider value began to stand for the value ("2025-07-01");
                              # None: not a merger (a looser facet)
    since: str                # the first day searched: that day, or a later one asked for ("": none)
    count: int
    #: The values of ``facet`` chosen that this stands for, where there are several (a
    #: region's provinces, listed in ``value``); empty: ``value`` alone.
    several: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out = {**self.__dict__, "holds": list(self.holds), "since": self.since or None}
        del out["several"]
        return out

    @property
    def looser(self) -> bool:
        """Whether this points from a province to the same province mentioned anywhere
        (``FacetDef.looser``): "Quảng Ninh" as the main province finds nothing, the
        articles that mention it do."""
        return self.merged is None and self.to_facet != self.facet

    @property
    def to_values(self) -> tuple[str, ...]:
        """The values of ``to_facet`` to filter by instead: every province a looser
        widening holds (today's Khánh Hòa: Khánh Hòa and Ninh Thuận), else ``to_value``."""
        return self.holds if self.looser else (self.to_value,)

    @property
    def chosen(self) -> tuple[str, ...]:
        """The values of ``facet`` chosen that this stands for."""
        return self.several or (self.value,)

    @property
    def mentioned(self) -> str:
        """The provinces a looser widening looks for, in words: "Khánh Hòa hoặc Ninh Thuận
        (cũ)"; "một trong 13 tỉnh/thành đã chọn"."""
        if len(self.chosen) > 1:
            return f"một trong {len(self.holds)} tỉnh/thành đã chọn"
        if len(self.holds) < 2:
            return self.to_value
        return ", ".join(self.holds[:-1]) + f" hoặc {self.holds[-1]} (cũ)"

    @property
    def unknown(self) -> bool:
        """Whether this adds the articles of no known value to the values chosen
        (``FacetDef.unknown_why``): "điện mặt trời" in 2019 finds nothing, 16 articles of
        no known year hold it."""
        return self.to_facet == self.facet and self.to_value == UNKNOWN_LABEL

    @property
    def whole_unit(self) -> bool:
        """Whether this points from a province to the whole of today's unit that took its
        name (another facet, at any date), rather than to the name articles give since."""
        return self.to_facet != self.facet and not self.looser

    def explain(self) -> str:
        """Why the wider search may find what this one missed, in the reader's words:
        "Từ 01/07/2025, Hà Giang thuộc tỉnh Tuyên Quang; các bài viết từ ngày đó có thể chỉ
        nhắc tên Tuyên Quang.", "Bộ lọc này chỉ gồm tỉnh Bắc Ninh cũ; tỉnh Bắc Ninh hiện nay
        (từ 01/07/2025) gồm cả tỉnh Bắc Giang cũ." (the terminal and the page say the same)."""
        from .merger import unit_title
        from .vnformat import format_count, format_date, format_list
        if self.unknown:
            definition = facet(self.facet)
            return (f"{definition.unknown_why} {format_count(self.count)} bài khớp tìm kiếm này "
                    f"nhưng {definition.chart_unknown_note}.")
        if self.looser:
            if len(self.chosen) > 1:          # several: a region's provinces
                return (f"Bộ lọc “{facet(self.facet).label}” chỉ gồm các bài lấy một trong "
                        f"{len(self.chosen)} tỉnh/thành đã chọn làm tỉnh/thành chính; các bài chỉ nhắc đến "
                        f"chúng không có trong đó.")
            if self.holds != (self.value,):   # today's unit: its former provinces mentioned
                return (f"Bộ lọc “{facet(self.facet).label}” chỉ gồm các bài lấy một tỉnh/thành thuộc "
                        f"{self.value} hiện nay làm tỉnh/thành chính; các bài chỉ nhắc đến "
                        f"{self.mentioned} không có trong đó.")
            return (f"Bộ lọc “{facet(self.facet).label}” chỉ gồm các bài lấy {self.value} làm tỉnh/thành chính; "
                    f"các bài chỉ nhắc đến {self.value} không có trong đó.")
        unit = unit_title(self.to_value)
        if self.whole_unit:
            # (Every province merged into another's name in 2025 was a province, none a city.)
            others = [p for p in self.holds if p != self.value]
            named = format_list(others)
            kind = {1: "tỉnh", 2: "hai tỉnh"}.get(len(others), "các tỉnh")
            return (f"Bộ lọc này chỉ gồm {unit} cũ; {unit} hiện nay (từ {format_date(self.merged)}) gồm cả "
                    f"{kind} {named} cũ.")
        return (f"Từ {format_date(self.merged)}, {self.value} thuộc {unit}; các bài viết từ ngày đó có thể chỉ "
                f"nhắc tên {unit}.")


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    limit: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    filters: dict[str, list[str]]
    understood: str = ""                 # the query as parsed, e.g. 'điện_gió OR "mặt trời"'
    suggestion: str | None = None
    took_ms: float = 0.0
    interpreted_as: str | None = None    # searched instead of what was typed ("điện gió")
    literal: bool = False                # searched exactly as typed, on request
    also_searched: list[str] = field(default_factory=list)   # other forms ("TMĐT")
    total_full: int = 0                  # results containing every word
    partial: bool = False                # results matching most of the words follow
    partial_counted: bool = False        # ...and the facet counts include them (not in JSON)
    #: Terms typed that no article writes, searched as their words ("điện sinh khối").
    apart: list[str] = field(default_factory=list)
    #: The near matches may hold every word, a term's words not side by side ("chỉ số sản
    #: xuất công nghiệp" written apart): what the near-match heading says they lack.
    near_apart: bool = False
    #: The words typed after the ``MAX_QUERY_WORDS``-th, not searched ("" when none were).
    ignored: str = ""
    dates: dict[str, str | None] | None = None   # {"from": "2021-01-01", "to": None}
    # What the hits' snippets and titles mark, as the search read the words: to mark a
    # text shown beside them the same way (a title derived from the body). A tuple: a
    # cached result is shared by every caller.
    needles: tuple[Needle, ...] = field(default=(), repr=False)
    #: The needles of each reading searched, apart (each numbers the query's words by its
    #: own groups), the one whose words a near match is said to lack first (``Hit.missing``):
    #: an article page says what the article lacks as its hit did.
    readings: tuple[tuple[Needle, ...], ...] = field(default=(), repr=False)
    #: Wider filters that find articles this search may have missed (``SearchEngine._widenings``).
    wider: list[Widening] = field(default_factory=list)
    #: A province named in the words typed whose name today's unit holding more than it
    #: bears (:mod:`search.placequery`): the current-province filter to offer. None with a
    #: province filter chosen.
    place: PlaceInQuery | None = None
    #: With dates chosen that no article of the index is dated in at all (whatever the
    #: words and filters): {"newest": the newest article's day where the dates lie after it,
    #: else None}. None otherwise. An index of older news says where it ends.
    dates_empty: dict[str, str | None] | None = None
    #: What the suggestion is, for what :meth:`SearchEngine.search` does with it (not part of
    #: the output): ``"sure"``, a tone or mark slipped that no article writes beside the words
    #: typed next to it, mended into a word (:attr:`~search.interpret.Interpretation.fix_unwritten`,
    #: confirmed by the index), sure enough to be searched instead of the words typed, which
    #: match only scattered; ``"finished"``, a last word cut short that no article writes,
    #: finished (:meth:`SearchEngine._finished`) where nothing holds every word typed, searched
    #: instead where it finds articles holding every word; ``"alone"``, the only reading of the
    #: words typed and nearly certain, offered rather than stated for a reason of its own (the
    #: last word's tone perhaps still being typed; the words in any marks would find more),
    #: whose own search may list just what this one does (:meth:`SearchEngine._stated_if_same`);
    #: ``""`` otherwise.
    suggestion_kind: str = field(default="", repr=False)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1

    @property
    def counts(self) -> tuple[int, int]:
        """(results holding every word, near matches after them), told apart: a filter's
        count promises the first, and a longer query must never seem to find more (the
        near matches of `che ha giang` are every article on tea)."""
        return counted_apart(self.total, self.total_full, self.partial)

    def near_heading_at(self) -> int | None:
        """Where on this page the near matches begin under their own heading: the first hit
        lacking a word, where some result holds every word (none: no heading)."""
        if not self.counts[1] or not self.counts[0]:
            return None
        return next((k for k, hit in enumerate(self.hits) if hit.missing), None)

    def to_dict(self, facet_size: int | None = MAX_FACET_VALUES) -> dict:
        """The result as JSON gives it; each facet lists its ``facet_size`` values with most
        articles (None: all; :func:`facets.top_values`), and ``facets_more`` says how many
        more a facet counted."""
        listed = {k: top_values(vals, facet_size) for k, vals in self.facets.items()}
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "sort": self.sort,
            "filters": self.filters,
            "dates": self.dates or {"from": None, "to": None},
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vals] for k, (vals, _) in listed.items()},
            "facets_more": {k: more for k, (_, more) in listed.items() if more},
            "suggestion": self.suggestion,
            "interpreted_as": self.interpreted_as,
            "literal": self.literal,
            "also_searched": self.also_searched,
            "total_full": self.total_full,
            "partial": self.partial,
            "apart": self.apart,
            "ignored": self.ignored,
            "wider": [w.to_dict() for w in self.wider],
            "place": self.place.to_dict() if self.place else None,
            "dates_empty": self.dates_empty,
            "took_ms": round(self.took_ms, 2),
        }


def dates_empty_note(dates_empty: dict[str, str | None]) -> str:
    """What a search in dates no article is dated in says, for every front end alike."""
    newest = dates_empty.get("newest")
    tail = f"; bài mới nhất đề ngày {format_date(newest)}" if newest else ""
    return f"Chỉ mục không có bài nào đề ngày trong khoảng thời gian đã chọn{tail}."


def apart_note(terms: Sequence[str]) -> str:
    """What the results of a term no article writes are, for every front end to say alike."""
    quoted = ", ".join(f"“{t}”" for t in terms)
    return f"Không bài nào viết liền {quoted}; đây là các bài có đủ các từ của nó, bài có các từ đứng gần nhau xếp trước."


def counted_apart(total: int, total_full: int, partial: bool) -> tuple[int, int]:
    """(results holding every word, near matches after them) of a search's counts."""
    near = total - total_full if partial else 0
    return (total_full, near) if near > 0 else (total, 0)


#: What near matches may hold where a term of the query may be held with its words apart.
_APART_TOO = ", hay có đủ nhưng các từ của một cụm không liền nhau"


def near_lack(apart: bool = False) -> str:
    """What near matches lack, for every front end to say alike: words, or (``apart``: a
    term of the query may be held with its words apart) words or their being side by side."""
    return "thiếu một số từ" + (_APART_TOO if apart else "")


def near_heading(near: int, apart: bool = False) -> str:
    """The heading over the near matches (``near`` of them)."""
    from .vnformat import format_count
    return f"Kết quả gần đúng ({format_count(near)} bài {near_lack(apart)})"


def near_note(full: int, apart: bool = False) -> str:
    """What the near matches of a search are, for every front end to say alike: after the
    ``full`` matches, or alone (never "after the results with every word" where there is none)."""
    lack = "thiếu một số từ đã gõ" + (_APART_TOO if apart else "")
    if full:
        return f"Kết quả gần đúng {lack} và đứng sau các kết quả có đủ mọi từ."
    return f"Kết quả gần đúng {lack} (ghi ở “Thiếu”)."


#: Words of what a query cut short left out that its note shows (the API gives them all).
IGNORED_SHOWN = 12


def ignored_note(ignored: str) -> str:
    """What a query cut short left out, for every front end to say alike."""
    words = ignored.split()
    shown = " ".join(words[:IGNORED_SHOWN]) + (" …" if len(words) > IGNORED_SHOWN else "")
    return f"Chỉ tìm {MAX_QUERY_WORDS} từ đầu; bỏ qua “{shown}”."


def _told_ignored(result: SearchResult, ignored: str) -> SearchResult:
    """``result`` (of the first words, as cached) for the query typed whole, naming the words
    it left out."""
    return replace(result, query=f"{result.query} {ignored}", ignored=ignored) if ignored else result


#: A plan every article matches: counted beside others, it tells a count of none from a count
#: the backend could not make (all zeros).
EVERY_ARTICLE = Plan([Everything()], ["*"], [False])
#: Added to the articles holding a reading's words together and to the number chance
#: predicts (:meth:`SearchEngine._together`).
MEETING_PRIOR = 1.0


def _typed_and_added(syllables: list[str], typed: int) -> tuple[str, ...]:
    """The three syllables of an offer whose count says whether the articles go on from the
    words typed as it does: the last two typed and the first added; none after one word
    typed (its pair says as much, and counting each offer there costs a keystroke tens of
    milliseconds: the headlines' first offers were no better for it)."""
    return tuple(syllables[typed - 2:typed + 1]) if typed >= 2 else ()


def _only_marks_differ(offered: str, typed: str) -> bool:
    """Whether ``offered`` is ``typed`` with other tones and marks alone: the same letters,
    the same words (đ is a letter of its own: "dừa giá" is no "đưa giá")."""
    def letters(text: str) -> list[str]:
        return fold(text.lower().replace("đ", _D_KEPT)).split()
    return letters(offered) == letters(typed)


#: What đ stands as while marks are folded away (a character no text holds).
_D_KEPT = "\ue000"


def _told_address(result: SearchResult, typed: str, address: str | None) -> SearchResult:
    """A search for the words of an article's address (:func:`~search.querylang.page_words`)
    told as one: the address as the query, its words as what was searched, and, in the
    relevance order, the article stored at that address first on its page (whatever the
    tracking parameters pasted with it: "?fbclid=…")."""
    if not address:
        return result
    hits = result.hits
    if result.sort == "relevance":
        wanted = page_address(typed)
        hits = sorted(hits, key=lambda hit: page_address(hit.url or "") != wanted)    # (stable)
    return replace(result, query=typed, hits=hits, interpreted_as=result.interpreted_as or address)


def _needle(atom, outside: Sequence[str] = (), concepts: Iterable[int] | None = None) -> Needle:
    return Needle(atom.syllables, atom.folded, atom.offsets, atom.accented, atom.joints, outside=outside,
                  concepts=concepts)


def _needles(*parsed: ParsedQuery) -> list[Needle]:
    """What the hits mark of each reading: its runs and words, none of them where they hold
    in part a longer word of another sense that the search did not match its word in
    (:attr:`~search.querylang.Atom.inside`: not "giá tiêu" of "giá tiêu dùng"); each told
    which of the query's words it stands for (its group; a run, those of the words it holds),
    so that a snippet shows every word an article holds."""
    out = []
    for p in parsed:
        other = tuple(dict.fromkeys(w for g in p.groups for a in g if a.inside for w in a.inside[1]))
        group_of = {id(a): i for i, g in enumerate(p.groups) for a in g}
        out += [_needle(a, other, (group_of[id(a)],) if id(a) in group_of else _groups_within(p, a))
                for a in p.highlight_atoms()]
    return out


def _groups_within(parsed: ParsedQuery, atom) -> frozenset[int]:
    """The groups whose word (as typed) a run or a phrase holds, side by side."""
    held = " " + " ".join(atom.folded) + " "
    return frozenset(i for i, g in enumerate(parsed.groups)
                     if g and g[0].folded and " " + " ".join(g[0].folded) + " " in held)


def _part_needles(parsed: Sequence[ParsedQuery], parts_of) -> dict[str, list[Needle]]:
    """The words of the query's terms apart, by what a hit holding them so lacks
    (:func:`~search.querylang.apart_label`, :func:`~search.querylang.apart_forms`)."""
    out: dict[str, list[Needle]] = {}
    for p in parsed:
        for i, g in enumerate(p.groups):
            forms = apart_forms(g, parts_of)
            if forms:
                out.setdefault(apart_label([form.text for form, _parts in forms]), []).extend(
                    _needle(a, concepts=(i,)) for _form, parts in forms for a in parts)
    return out


def _split_values(values: Iterable[str] | str | None) -> list[str]:
    """The typed values of one filter, each read as every parameter is (control characters
    as ``without_controls`` says), blank ones left out."""
    if values is None:
        return []
    if isinstance(values, (str, int)):
        values = [values]
    read = (without_controls(str(v)).strip() for v in values)
    return [v for v in read if v]


# -- date range ---------------------------------------------------------------------------------
def parse_date_bound(param: str, raw: str | None, *, end: bool) -> tuple[str | None, int | None]:
    """A typed date (see :mod:`dates`: ``2021``, ``2021-05``, ``17/05/2021``…) -> canonical
    date and key.

    A partial date stands for its whole span: as a lower bound its first day, as an
    upper bound (``end``) its last, so ``from=2020&to=2020`` is the year 2020.
    """
    import calendar

    # A control character is read as in every parameter: "2021\x00" is 2021, and a message
    # never quotes it.
    text = without_controls(raw or "").strip()
    if not text:
        return None, None
    what = "ngày bắt đầu" if param == "from" else "ngày kết thúc"
    try:
        year, month, day = read_date(text)
    except NoSuchDay:
        raise QueryError(param, f"{what} “{text}” không phải ngày có thật", value=text) from None
    except ValueError:
        raise QueryError(param, f"{what} phải có dạng {DATE_FORMS} (ví dụ 2021-05-17), "
                                f"không phải “{text[:40]}”", value=text[:40]) from None
    if not 1000 <= year <= 9999:
        raise QueryError(param, f"{what} “{text}” không phải ngày có thật", value=text)
    month = month or (12 if end else 1)
    day = day or (calendar.monthrange(year, month)[1] if end else 1)
    return f"{year:04d}-{month:02d}-{day:02d}", year * 10000 + month * 100 + day


class SearchEngine:
    """A long-lived handle on one index (a :class:`~search.backend.Backend`); safe to
    share between threads.

    ``SearchEngine(index_dir)`` searches a Whoosh index folder; ``backend=`` takes any
    backend (:func:`search.backend.open_backend` builds the configured one).
    """

    def __init__(self, index_dir: str | os.PathLike | None = None, backend: Backend | None = None):
        if backend is None:
            backend = open_backend(index_dir, "whoosh")
        self.backend = backend
        self.index_dir = getattr(backend, "index_dir", index_dir)
        # Whoosh's searcher and the NumPy scorer serve one search at a time; a cluster
        # client serves many (the web server's threads then search in parallel).
        self._lock = contextlib.nullcontext() if getattr(backend, "concurrent", False) else threading.RLock()
        self._restore: tuple[object, Restorer | None] | None = None
        self._phrases: tuple[object, list[Phrase]] | None = None
        self._heads: OrderedDict[tuple, list[tuple[str, float]]] = OrderedDict()   # (same lock as results)
        self._results: OrderedDict[tuple, SearchResult] = OrderedDict()
        self._results_lock = threading.Lock()
        self._understandings: OrderedDict[tuple, tuple] = OrderedDict()   # (see _understood; same lock)
        self.result_cache_size = RESULT_CACHE_SIZE
        self.suggester = None   # optional callable(engine, parsed, text) -> str | None
        self._term_counts: OrderedDict[tuple, int] = OrderedDict()
        # (the completions' phrases apart: typing never pushes the searches' terms out)
        self._phrase_counts: OrderedDict[tuple, int] = OrderedDict()
        self._counts_lock = threading.Lock()
        self._since: tuple[object, int, bool] | None = None   # (generation, day key, any article from it)

    @property
    def refresh_interval(self) -> float:
        """How often (seconds) the backend looks for a newer index."""
        return getattr(self.backend, "refresh_interval", 0.0)

    @refresh_interval.setter
    def refresh_interval(self, seconds: float) -> None:
        self.backend.refresh_interval = seconds

    def close(self) -> None:
        with self._lock:
            self.backend.close()
            self._restore = None
        with self._results_lock:
            self._results.clear()
            self._understandings.clear()
            self._heads.clear()

    def vocabulary(self) -> Vocabulary:
        """The index's vocabulary (folded -> accented words)."""
        with self._lock:
            return self.backend.vocabulary()

    def searcher(self):
        """The current Whoosh searcher (Whoosh backend only; for tools and benchmarks)."""
        with self._lock:
            return self.backend.current()[0]

    # -- filters ------------------------------------------------------------------
    def normalize_filters(self, **values) -> dict[str, list[str]]:
        """Canonical values of every facet (keyword: facet name, value: one typed value or
        several); raises :class:`QueryError` naming the facet and the nearest values."""
        unexpected = [name for name in values if name not in FACET_NAMES]
        if unexpected:
            raise TypeError(f"unexpected keyword argument {unexpected[0]!r}; facets: {', '.join(FACET_NAMES)}")
        out: dict[str, list[str]] = {}
        for definition in facets():
            known = self._known_values(definition.name) if definition.known else None
            try:
                out[definition.name] = definition.canonical(_split_values(values.get(definition.name)), known)
            except NoMatch as exc:
                error = QueryError(definition.name, exc.message, exc.choices, exc.value, exc.notes)
                error.items, error.others = exc.items, exc.others
                raise error from None
        return out

    def _known_values(self, name: str):
        """The facet's values in the index, asked of the backend on first need only."""
        cache: list[list] = []

        def get() -> list:
            if not cache:
                with self._lock:
                    cache.append(self.backend.known_values(name))
            return cache[0]
        return get

    # -- search ----------------------------------------------------------------------
    def search(
        self,
        text: str = "",
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        sort: str = "relevance",
        page: int = 1,
        limit: int = 10,
        snippet_width: int = 200,
        literal: bool = False,
        **filters: Iterable[str] | str | None,
    ) -> SearchResult:
        """Search, filter, count facets and highlight the requested page.

        Facet filters are keyword arguments named after the facets of
        :mod:`search.facetdefs` (``province="ben tre"``, ``year=["2021", "2022"]``).
        Several values of one facet combine with OR, facets with AND; each facet's
        counts ignore that facet's own filter. ``date_from``/``date_to`` (``YYYY``,
        ``YYYY-MM`` or ``YYYY-MM-DD``, inclusive) keep dated articles in that range and
        narrow every count. An empty ``text`` lists everything that passes the
        filters, newest first.

        Words typed without diacritics are read as the index's articles write them
        (``interpreted_as`` when sure, or when every article found holds the likeliest
        reading; ``suggestion`` otherwise), unless ``literal``.
        When fewer than ``backend.PARTIAL_BELOW`` articles contain every word, articles containing
        most of them follow, each with the words it lacks.
        """
        started = time.perf_counter()
        if sort not in SORTS:
            raise QueryError("sort", f"cách sắp xếp (sort) phải là một trong: {', '.join(SORTS)}", SORTS)
        if not isinstance(page, int) or page < 1:
            raise QueryError("page", "số trang (page) phải là số nguyên ≥ 1")
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise QueryError("limit", f"số kết quả mỗi trang (limit) phải là số nguyên từ 1 đến {MAX_LIMIT}")
        # A province typed as the former one ("Bắc Ninh cũ") is not offered today's whole unit.
        former = frozenset(name for name, typed in filters.items()
                           if any(said_former(v) for v in _split_values(typed)))
        filters = self.normalize_filters(**filters)
        dates = {"from": None, "to": None}
        dates["from"], low = parse_date_bound("from", date_from, end=False)
        dates["to"], high = parse_date_bound("to", date_to, end=True)
        if low is not None and high is not None and low > high:
            raise QueryError("to", f"ngày kết thúc {format_date(dates['to'])} ở trước ngày bắt đầu "
                                   f"{format_date(dates['from'])}",
                             value=without_controls(date_to or "").strip())
        # The words as they read (a tab or a zero-width space a space, a NUL or a direction
        # mark nothing), as the web front end reads q: the command line and library callers
        # search, and are told, the same words.
        text, ignored = first_words(without_controls(text or ""))
        # An article's address pasted: the words its address names (its headline, as news
        # sites write it), the article at that address first.
        typed, address = text, (None if literal else page_words(text))
        if address:
            text = address
        key = self._cache_key(text, filters, limit, (low, high, sort, page, limit, snippet_width, literal, former))
        if key is not None:
            with self._results_lock:
                cached = self._results.get(key)
                if cached is not None:
                    self._results.move_to_end(key)
            if cached is not None:
                # Shared with other callers: the result is read-only.
                return _told_address(_told_ignored(replace(cached, took_ms=(time.perf_counter() - started) * 1000),
                                                   ignored), typed, address)
        result = self._search(text, filters, dates, low, high, sort, page, limit, snippet_width, literal,
                              started, former)
        if (not result.total or result.suggestion_kind == "sure") and result.suggestion \
                and not literal and not address \
                and '"' not in straight_quotes(text) and _only_marks_differ(result.suggestion, text):
            result = self._instead(result, filters, dates, low, high, sort, page, limit, snippet_width, started,
                                   former)
        elif result.suggestion_kind == "finished" and not literal and not address:
            result = self._instead(result, filters, dates, low, high, sort, page, limit, snippet_width, started,
                                   former)
        elif result.suggestion_kind == "alone" and result.suggestion and result.total_full and not address:
            result = self._stated_if_same(result, filters, dates, low, high, sort, page, limit, snippet_width,
                                          started, former)
        if key is not None:
            with self._results_lock:
                self._results[key] = result
                while len(self._results) > self.result_cache_size:
                    self._results.popitem(last=False)
        return _told_address(_told_ignored(result, ignored), typed, address)

    def _instead(self, result: SearchResult, filters: dict[str, list[str]], dates: dict, low: int | None,
                 high: int | None, sort: str, page: int, limit: int, snippet_width: int, started: float,
                 former: frozenset[str]) -> SearchResult:
        """A search that finds nothing, answered by the spelling it offers where that finds
        articles holding every word (`xuất khảu thủy sản`: 0, and 373 for "xuất khẩu thủy
        sản"), as a search box does: the results said to be for it, the words as typed a
        search away (``literal``). Else the search as it was, the spelling offered. Only for
        an offer of the same letters with other marks (:func:`_only_marks_differ`): a letter
        changed may be another word ("die6n gio1" is no "diễn giờ"), offered but never
        searched unasked; not where anything holds the words typed (`công ty thạnh phát`,
        one article, is no "thành phát"), nor for a phrase typed in quotes. A sure fix
        (``suggestion_kind`` "sure": `xuất khẩu thủy sạn`, whose 20 matches hold "sạn" of "khách
        sạn") is searched instead also where the words typed match, scattered, and whenever
        it finds anything at all, near matches too: whether it is does not turn on the
        filters (a facet ticked lists what its count promised). So is a last word cut short
        that no article writes, finished as the search box finishes it
        (``suggestion_kind`` "finished": `tiết kiệm năng lươ`, one near match, is "tiết kiệm năng
        lượng"), where that finds articles holding every word."""
        offered = result.suggestion
        instead = self._search(offered, filters, dates, low, high, sort, page, limit, snippet_width, False,
                               started, former)
        if not (instead.total if result.suggestion_kind == "sure" else instead.total_full):
            return result
        # (no second spelling offered over the first: "Kết quả cho …" is the correction)
        return replace(instead, query=result.query, interpreted_as=instead.interpreted_as or offered,
                       suggestion=None, took_ms=(time.perf_counter() - started) * 1000)

    def _stated_if_same(self, result: SearchResult, filters: dict[str, list[str]], dates: dict, low: int | None,
                        high: int | None, sort: str, page: int, limit: int, snippet_width: int, started: float,
                        former: frozenset[str]) -> SearchResult:
        """A reading offered whose own search lists what this one lists (the same count,
        full matches and page), said to be what the results are for instead: a link that
        changes nothing is no offer. `làng nghê`, its tone perhaps still being typed, lists
        the 95 articles of "làng nghề" and offered it; now "Kết quả cho làng nghề", the words
        as typed a click away. Where the results differ (`vinamilk sua`: 39, and 37 for
        "vinamilk sữa", the words typed also searched), it stays an offer."""
        offered = result.suggestion
        own = self._search(offered, filters, dates, low, high, sort, page, limit, snippet_width, False,
                           started, former)
        if (own.total, own.total_full) != (result.total, result.total_full) \
                or [h.id for h in own.hits] != [h.id for h in result.hits]:
            return result
        return replace(result, interpreted_as=offered, suggestion=None, suggestion_kind="",
                       took_ms=(time.perf_counter() - started) * 1000)

    def _cache_key(self, text: str, filters: dict[str, list[str]], limit: int, rest: tuple) -> tuple | None:
        """The cache key of a search (``rest``: the other arguments), or None when it
        must not be cached."""
        if self.result_cache_size <= 0 or limit > CACHED_LIMIT:
            return None
        token = self._generation_token()
        if token is None:
            return None
        return (token, id(self.suggester), text, tuple((f, tuple(v)) for f, v in sorted(filters.items())), *rest)

    def _generation_token(self) -> object | None:
        """The backend's token of the index searches see (``Backend.generation``), what
        everything kept per index is keyed on; None for a backend that has none (a cluster)."""
        generation = getattr(self.backend, "generation", None)
        with self._lock:   # it may open a newer index: never between another search's page and its articles
            return generation() if generation is not None else None

    def _search(self, text: str, filters: dict[str, list[str]], dates: dict, low: int | None,
                high: int | None, sort: str, page: int, limit: int, snippet_width: int, literal: bool,
                started: float, former: frozenset[str] = frozenset()) -> SearchResult:
        with self._lock:
            # ("ha giang cu": the articles naming Hà Giang, the province as it was offered)
            interp, options = self._understood(text if literal else without_qualifier(text), literal)
            got = self.backend.search([o.search for o in options], filters, (low, high), sort,
                                      (page - 1) * limit, limit)
            found = options[got.chosen]
            needles = _needles(*found.parsed)
            # An unsure reading also searches the words as typed, in any marks: an article
            # holding the reading is marked for it alone ("chuỗi cung ứng", not every "cũng").
            first = _needles(found.parsed[0]) if len(found.parsed) > 1 else needles
            stored = self.backend.stored([key for key, _s, _m in got.hits])
            hits = []
            # A term a hit holds as its words apart: those words are marked too.
            # (asked once: the near-match heading says whether a term's words may stand apart)
            apart = _part_needles(found.parsed, self._parts_of) \
                if got.partial and got.total > got.total_full and not literal else {}
            for f, (_key, sc, missing) in zip(stored, got.hits):
                own = first if not missing and first is not needles and _holds(f, first) else needles
                if missing:
                    own = own + [n for label in missing for n in apart.get(label, ())]
                hit = _hit(f, sc, own, snippet_width)
                hit.missing = missing
                hits.append(hit)
            suggestion = interpreted = None
            alone = False
            offered = interp.word_fix if not literal else None     # "nhap khai": nhập khẩu
            if interp.changed:
                if interp.confident and (found.interpreted or not got.total):
                    # Sure of the reading: say so, also when no article holds it ("lang
                    # nghe" on an index without làng nghề) rather than suggest it. (Results
                    # of the words as typed are not under it.)
                    interpreted = interp.top.text
                elif got.total_full and not found.interpreted and got.max_class is not None and got.max_class <= 1 \
                        and not interp.reordered and not interp.typing \
                        and self._nothing_looser(found, filters, low, high):
                    # Unsure, but every full match holds the likeliest reading (its first
                    # two tiers): say which words the results are for, as for a sure reading
                    # (unless what the articles write put it first: that is only offered).
                    interpreted = interp.top.text
                elif got.total:   # (with nothing found, the reading was searched and finds nothing)
                    suggestion = interp.top.text
                    alone = len(interp.readings) == 1 and interp.top.probability >= CONFIDENT \
                        and not interp.top.completed and not interp.reordered
            elif interp.completion is not None and not literal:
                suggestion = interp.completion      # "petroli": petrolimex
            elif self.suggester is not None and text.strip() and not literal and got.total_full == 0 \
                    and offered is None and not self._found_unfiltered(options, filters, low, high):
                # (Where the words find articles and the filters or dates leave none, the
                # words are not what to change: "tmdt" in Hồ Chí Minh in 2021 is no "tmđt".)
                suggestion = self.suggester(self, found.parsed[0], text, got.total_full)
            if suggestion is None and interp.finished is not None and not literal:
                suggestion = interp.finished        # "kinh do" searched as typed: "kinh doanh" offered
            if offered is not None:
                suggestion = offered
            # (Counted by a search of its own: over the narrower range, fewer full matches may
            # bring in near matches the counts of this one never held.)
            wider = self._widenings([o.search for o in options], filters, low, high, got.total,
                                    whole=page == 1, former=former,
                                    full=None if found.search.everything else got.total_full)
            dates_empty = self._dates_empty(low, high) if not got.total else None
            # (asked only where it can matter: unquoted, the fix offered; whatever the filters)
            sure = bool(offered is not None and suggestion == offered and interp.fix_unwritten
                        and '"' not in straight_quotes(text) and self._confirmed(interp.fix_unwritten))
            finished = self._finished(text) if not sure and not literal and not got.total_full \
                and interpreted is None else None
            suggestion = finished or suggestion
        return SearchResult(
            # (nothing to rank by, the articles come newest first whatever was asked)
            query=text, total=got.total, page=page, limit=limit, sort="date" if found.search.everything else sort,
            hits=hits,
            facets=got.facets, filters=filters, understood=found.parsed[0].describe(),
            suggestion=suggestion, took_ms=(time.perf_counter() - started) * 1000, dates=dates,
            interpreted_as=interpreted, literal=literal, also_searched=found.also,
            suggestion_kind="sure" if sure else "finished" if finished is not None
            else "alone" if alone and suggestion == interp.top.text else "",
            total_full=got.total_full, partial=got.partial and got.total > got.total_full,
            partial_counted=got.partial_counted,
            apart=list(found.apart), needles=tuple(needles),
            readings=tuple(tuple(_needles(p)) for p in _lacking_first(found)),
            near_apart=bool(apart),
            wider=wider,
            # (with a province chosen, main, of today or mentioned, the place is asked for)
            place=self._place_offer(text, filters, low, high, literal, interp),
            dates_empty=dates_empty,
        )

    def _place_offer(self, text: str, filters: dict[str, list[str]], low: int | None, high: int | None,
                     literal: bool, interp: Interpretation | None = None) -> PlaceInQuery | None:
        """The province the words name, today's unit holding it, to offer as a filter
        (:func:`place_in_query`), with what the rest of the words find there (the other
        filters and the dates kept), or that the sure reading ``interp`` of them names; None
        where a province is chosen, or where the offer would find no article holding every
        word: `dien gio bac lieu` offered "dien gio" in today's Cà Mau, which finds none (its
        one story names Bạc Liêu but is no province's)."""
        if any(filters.get(d.name) for d in facets() if d.places):
            return None
        place = place_in_query(text)
        if place is None and not literal and interp is not None and interp.readings and interp.sure \
                and interp.top.text != text:
            place = place_in_query(interp.top.text)    # a name mended ("Hà Giag"): the reading searched names it
        if place is None:
            return None
        # (counted by the backend alone: no page, no snippet, no reading offered; under the
        # engine's lock, as every search: another's page is read from the searcher it used)
        with self._lock:
            _interp, options = self._understood(place.rest, literal)
            got = self.backend.search([o.search for o in options], {**filters, place.facet: [place.value]},
                                      (low, high), "relevance", 0, 1)
        found, _near = counted_apart(got.total, got.total_full, got.partial)
        return replace(place, found=found) if found else None

    def _understood(self, text: str, literal: bool) -> tuple[Interpretation, list["_Option"]]:
        """How ``text`` reads and what to search for it, kept for the next searches of the
        same words on the same index (a facet ticked, the next page, another sort: the reading
        is most of an unaccented query's cost, and the same searches let the backend reuse
        their match). Nothing is kept while ``result_cache_size`` is 0. Callers must not
        change what is returned."""
        def understand() -> tuple[Interpretation, list["_Option"]]:
            forms = self._forms(literal)
            interp = self._interpret(text, literal, forms)
            options = self._alternatives(text, interp, literal, forms)
            _rank_by_kind(options, interp.top.text if interp.readings and not literal else text)
            return interp, options

        return self._kept(self._understandings, UNDERSTOOD_CACHE_SIZE, (text, literal), understand)

    def _kept(self, cache: OrderedDict, size: int, key: tuple, make: Callable[[], object]):
        """``make()``, kept in ``cache`` under ``key`` and the index's generation for the next
        call (the ``size`` last used), while results are kept (``result_cache_size``)."""
        token = self._generation_token() if self.result_cache_size > 0 else None
        if token is None:
            return make()
        key = (token, *key)
        with self._results_lock:
            got = cache.get(key)
            if got is not None:
                cache.move_to_end(key)
        if got is not None:
            return got
        value = make()
        with self._results_lock:
            cache[key] = value
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    def _dates_empty(self, low: int | None, high: int | None) -> dict[str, str | None] | None:
        """{"newest": ...} where no article at all is dated in [low, high] (see
        ``SearchResult.dates_empty``), else None."""
        if low is None and high is None:
            return None
        if self.backend.search([Search()], {}, (low, high), "date", 0, 1).total:
            return None
        # The newest article (newest first, those of no date last); where it is dated by its
        # year or month alone, no day is said.
        latest = self.backend.search([Search()], {}, (None, None), "date", 0, 1)
        day = (self.backend.stored([latest.hits[0][0]])[0].get("date") or "")[:10] if latest.hits else ""
        try:
            year, month, date = read_date(day)
        except ValueError:
            return {"newest": None}
        after = date is not None and low is not None and year * 10000 + month * 100 + date < low
        return {"newest": day if after else None}

    def _confirmed(self, pairs: tuple[str, ...]) -> bool:
        """Whether the index bears out a sure fix (:attr:`Interpretation.fix_unwritten`): the
        articles written with diacritics write each of its pairs as typed, side by side, at
        most ``MARK_FIX_SHARE`` as often as its last, a pair as mended, which some write
        (else the count is not to be trusted: a cluster that could not count every shard).
        Called under the lock."""
        counts = self._written([tuple(p.split()) for p in pairs])
        return bool(counts) and counts[-1] > 0 and all(n <= MARK_FIX_SHARE * counts[-1] for n in counts[:-1])

    def _finished(self, text: str) -> str | None:
        """For a search that finds nothing whose last word, typed with its marks, no article
        writes (a word cut short, sent before it was finished: `nhà nươ`), the search box's
        first offer for it ("nhà nước"), where it differs: what the words typed were on their
        way to, not a spelling near the letters (that offered "nhà nuôi")."""
        words = text.split()
        last = canon(words[-1]).lower() if words and text[-1:].isalpha() else ""
        if not last or last.isascii() or self.vocabulary().syllable_df(last):
            return None
        offers = self.complete(text, 1)
        return offers[0].text if offers and canon(offers[0].text).lower() != canon(text).lower() else None

    def _found_unfiltered(self, options: list["_Option"], filters: dict[str, list[str]],
                          low: int | None, high: int | None) -> bool:
        """Whether the search finds full matches once its filters and dates are taken away
        (False when it has none to take away)."""
        if not any(filters.values()) and low is None and high is None:
            return False
        got = self.backend.search([o.search for o in options], {}, (None, None), "relevance", 0, 1)
        return got.total_full > 0

    def _nothing_looser(self, found: "_Option", filters: dict[str, list[str]],
                        low: int | None, high: int | None) -> bool:
        """Whether the words as typed, in any marks, find nothing beyond the likeliest
        reading: so far as the search run shows for one that held them (the caller's
        ``max_class``); for the readings searched alone (they found enough), asked of the
        search that adds them (``_Option.looser``). Only then are the results said to be for
        the likeliest reading, rather than offered it."""
        if found.looser is None:
            return True
        wider = self.backend.search([found.looser], filters, (low, high), "relevance", 0, 1)
        return wider.max_class is not None and wider.max_class <= 1

    def _widenings(self, searches: list, filters: dict[str, list[str]], low: int | None,
                   high: int | None, found: int, whole: bool = True,
                   former: frozenset[str] = frozenset(), full: int | None = 0) -> list[Widening]:
        """For a search with one value of a facet chosen that a wider
        value stands for from a day on (``FacetDef.wider``: a province merged in 2025, and
        the name of today's unit, which articles since may give alone) or at any date (a
        province, and today's whole unit that took its name), and the wider value's facet
        otherwise unused: what the wider value finds from that day, the rest of the search
        kept (``found``: how many this search found); for a facet an article has several
        values of (the provinces it mentions), only when that finds an article this search
        does not; for today's whole unit (``whole``: the first page; never for a facet
        whose value was typed with "cũ", ``former``), only when it finds
        ``WHOLE_UNIT_GAIN`` times as many. And for a main province (or today's province) that
        finds fewer than ``LOOSER_BELOW`` (first page), the articles that mention it (any of its
        former provinces), where they are more; so too for several (a region's provinces:
        those that mention any of them).
        And for years chosen whose full matches (``full``; None: a listing without words,
        where the articles of no year are no match worth adding) are fewer than
        ``UNKNOWN_BELOW``, the full matches of no known year."""
        out = []
        for definition in facets():
            chosen = filters.get(definition.name) or []
            if definition.wider is None or len(chosen) != 1:
                continue
            wider = definition.wider(chosen[0])
            if wider is None or (wider.facet != definition.name
                                 and (filters.get(wider.facet) or not whole or definition.name in former)):
                continue
            start = int((wider.since or "0").replace("-", ""))
            since = max(low or 0, start)
            if (high is not None and high < since) or (start and not self._holds_since(start)):
                continue
            def count(these: dict[str, list[str]]):
                return self.backend.search(searches, these, (since or None, high), "relevance", 0, 1)

            got = count({**filters, definition.name: [], wider.facet: [wider.value]})
            if wider.facet != definition.name and got.total < max(found * WHOLE_UNIT_GAIN, found + 1):
                continue    # today's whole unit holds this province: worth it only if it adds enough
            if got.total and found and wider.facet == definition.name and isinstance(definition.storage, Tags):
                # An article mentions several provinces: offered only if the wider value finds
                # one this search does not. Either value, less those with this one (the count
                # of a chosen value ignores its own facet's filter), over the same days.
                either = count({**filters, definition.name: [chosen[0], wider.value]})
                own = next((v.count for v in either.facets.get(definition.name, []) if v.value == chosen[0]), 0)
                if either.total - own <= 0:
                    continue
            if got.total:
                day = f"{since // 10000:04d}-{since // 100 % 100:02d}-{since % 100:02d}" if since else ""
                out.append(Widening(definition.name, chosen[0], wider.facet, wider.value, wider.holds,
                                    wider.since or MERGER_DATE, day, got.total))
        for definition in facets():
            # Few articles with the province as their main one ("nhà máy nhiệt điện than" in
            # Quảng Ninh: none), more that mention it: say so, on the first page.
            # (By full matches where there are words: near matches the filters bring in are
            # no "bài khớp", and the other value's search brings in its own.)
            chosen = filters.get(definition.name) or []
            base = found if full is None else full
            if definition.looser is None or not chosen or filters.get(definition.looser) \
                    or base >= LOOSER_BELOW or not whole:
                continue
            # (Today's unit stands for the former provinces it holds, any of them mentioned.)
            values = tuple(dict.fromkeys(
                v for c in chosen for v in (definition.looser_values(c) if definition.looser_values else (c,))))
            got = self.backend.search(searches, {**filters, definition.name: [], definition.looser: list(values)},
                                      (low, high), "relevance", 0, 1)
            more = got.total if full is None else got.total_full
            if more > base:
                listed = ", ".join(chosen)
                out.append(Widening(definition.name, listed, definition.looser, listed, values,
                                    None, "", more, tuple(chosen) if len(chosen) > 1 else ()))
        for definition in facets():
            # Few articles of the years chosen, more of no known year ("điện mặt trời" in
            # 2019: none, and 16 whose year no date fixes): say so, on the first page.
            # (Full matches only, said and counted: near matches are no "bài khớp".)
            chosen = filters.get(definition.name) or []
            if definition.unknown_why is None or not chosen or UNKNOWN_LABEL in chosen \
                    or full is None or full >= UNKNOWN_BELOW or not whole:
                continue
            got = self.backend.search(searches, {**filters, definition.name: [UNKNOWN_LABEL]},
                                      (low, high), "relevance", 0, 1)
            if got.total_full:
                out.append(Widening(definition.name, ", ".join(chosen), definition.name, UNKNOWN_LABEL,
                                    (UNKNOWN_LABEL,), None, "", got.total_full))
        return out

    def _holds_since(self, key: int) -> bool:
        """Whether the index holds any article dated from day ``key`` on: an index of older
        news (every article before the 2025 merger) never pays for a wider search. Kept per
        index generation (asked each time of a cluster, which has none)."""
        token = self._generation_token()
        if token is not None and self._since is not None and self._since[:2] == (token, key):
            return self._since[2]
        found = self.backend.search([Search()], {}, (key, None), "date", 0, 1).total > 0
        if token is not None:
            self._since = (token, key, found)
        return found

    def _forms(self, literal: bool) -> Abbreviations:
        """The other forms a query's words are searched in: none in a literal search, which
        is the words exactly as typed (no synonym, no abbreviation spelled out)."""
        return _NO_FORMS if literal else self.abbreviations()

    def _interpret(self, text: str, literal: bool, forms: Abbreviations) -> Interpretation:
        """How the search reads ``text``: as typed when ``literal``, else restored."""
        if literal:
            return Interpretation(text)
        return interpret(text, self._restorer, forms, self._written, self._together)

    def _time_optional(self, *parsed: ParsedQuery) -> list[bool]:
        """For each of ``parsed``, whether its words of time may rank without being
        required: not where a run holding one is a set phrase or a title the articles
        write whole (``SET_PHRASE_SHARE``: "Giấc mơ cho ngày mai", "những năm gần đây"),
        then the phrase is what is asked for. One count for every reading's runs."""
        runs = [time_runs(p) for p in parsed]
        phrases = sorted({phrase for rs in runs for pair in rs for phrase in pair})
        written = dict(zip(phrases, self._written(phrases))) if phrases else {}
        return [not any(written[whole] and written[whole] >= SET_PHRASE_SHARE * written[rest] for whole, rest in rs)
                for rs in runs]

    def _written(self, phrases: list[tuple[str, ...]]) -> list[int]:
        """How many articles write each phrase: its syllables side by side, with their
        marks, nothing between them."""
        return self.backend.count_matching([written_whole(p) for p in phrases])

    def _alternatives(self, text: str, interp: Interpretation, literal: bool,
                      forms: Abbreviations) -> list["_Option"]:
        """What to search, in order of preference: the backend runs the first option
        that finds enough (``Search.enough``: one article, or ten for an unsure reading's
        own tiers). Terms of the trade are one word each ("khuyến công"), except
        in a literal search (the words as typed, every form they could be, wherever they
        stand); where a long term finds nothing ("kinh phí khuyến công"), its parts are
        looked for, as two-syllable terms and words ("kinh phí", "khuyến công"), unless
        the articles write it whole often (:meth:`_attested`).

        A sure reading is searched as if typed with its marks: its full matches, then
        its parts', then the articles that hold most of it; only where none holds
        enough of it, the other readings and every word its syllables fold to
        ("khuyen cong quoc gia" is the one khuyến công story lacking "quốc gia", not
        "khuyên Công Phượng" with "quốc gia" somewhere)."""
        term = None if literal else is_term
        options = self._options(text, interp, literal, forms, term)
        sure = interp.sure and not literal
        long_terms = [a for o in options for p in o.parsed for a in p.positive_atoms() if _long_term(a)]
        if term is not None and long_terms:
            # (one round trip: _attested and _unwritten_terms ask of these)
            self._terms_written(_accented_terms(options, lambda a: _joined_term(a) or _searched_whole(a)))
        if term is not None and long_terms and not self._attested(long_terms):
            shorter = self._options(text, interp, literal, forms and _PartsOnly(forms), _short_term)
            if sure:
                shorter = shorter[:1]    # the sure reading's parts
            # A pyvi word is never split, nor a long term into a syllable that is no term by
            # itself: "sở" of "Sở Công Thương" is no subject ("sở công thương quảng ninh" would
            # find every article with "sở", "công thương" and Quảng Ninh anywhere); "điện" of
            # "cung cấp điện" is.
            if [_shape(o) for o in shorter] != [_shape(o) for o in options] \
                    and _syllables_alone(shorter[0]) <= _syllables_alone(options[0]):
                at = sum(o.interpreted for o in options) if sure else len(options)
                options[at:at] = shorter
        if sure:
            last = max(i for i, o in enumerate(options) if o.interpreted or i == 0)
            options[last].search.near_enough = True
        unwritten = self._unwritten_terms(options) if term is not None else []
        if unwritten:
            # Last of all, where a term typed is written in no article ("điện sinh khối",
            # "điện rác", though many write "điện" with "sinh khối" or "rác") and nothing
            # else finds anything, not even most of the query: the words as the articles'
            # own words, wherever they stand, the parts of the term standing together first.
            shapes = [_shape(o) for o in options]
            words = self._options(text, interp, literal, forms and _PartsOnly(forms), None, sub_runs=unwritten)
            words = [replace(o, apart=tuple(" ".join(t) for t in unwritten))
                     for o in (words[:1] if sure else words) if _shape(o) not in shapes]
            if words:
                options[-1].search.near_enough = True     # its near matches before the words anywhere
                options += words
        return options

    def _attested(self, terms: list) -> bool:
        """Whether every term of ``terms`` (atoms) with its marks, typed or read, is written
        whole by ``TERM_ATTESTED`` articles at least (a term typed without them, in a query
        read unsure, is read by the other atoms: one with its marks must be among them): a
        term of the trade, not a slip.
        Then a query that finds nothing in full finds the articles holding the term and most
        of the rest, not its words scattered: `quyết định 11 điện mặt trời`, whose solar
        stories lack "11", is not Victoria Beckham's diary with "điện thoại" and "mặt trời
        mọc"."""
        accented = [a.syllables for a in terms if a.accented]   # (typed or read with them)
        return bool(accented) and min(self._terms_written(accented)) >= TERM_ATTESTED

    def _unwritten_terms(self, options: list["_Option"]) -> list[tuple[str, ...]]:
        """The terms of several words that ``options`` search as one word, typed or read with
        their marks, that no article writes (none, where a word excluded is one of a term's:
        `dien rac -rac` finds nothing, not "điện" without "rác"). Counted once per term while
        the index's statistics stand (``Backend.statistics_token``: most queries hold a term,
        and counting one takes milliseconds), but for a term of two syllables the
        vocabulary's pairs say it is written (they leave out a pair of a single article, so
        none there says nothing: "khuyến công" is written once)."""
        excluded = {fold(s) for o in options for p in o.parsed for a in p.excluded for s in a.syllables}
        terms = _accented_terms(options, _searched_whole)
        if not terms or any(fold(s) in excluded for t in terms for s in t):
            return []
        vocab = self.vocabulary()
        # (two syllables the articles write side by side: written)
        asked = [t for t in terms if not (len(t) == 2 and vocab.pair_df(*t))]
        return [t for t, n in zip(asked, self._terms_written(asked)) if not n]

    def _terms_written(self, terms: list[tuple[str, ...]]) -> list[int]:
        """How many articles write each term whole (:meth:`_written`), counted once per term
        while the index's statistics stand (``Backend.statistics_token``: most queries hold
        a term, and counting one takes milliseconds)."""
        return self._counted(terms, self._written)

    def _counted(self, keys: list, count: Callable[[list], list], table: OrderedDict | None = None) -> list:
        """``count`` of each of ``keys``, asked once per key while the index's statistics
        stand (``Backend.statistics_token``), the keys not yet known in one call; an answer of
        None (the backend could not count it whole) is not kept, and asked again next time.
        (A cluster serves searches in parallel: the table is read and written under its own
        lock, and the answer never depends on what another search evicts meanwhile.)"""
        token = self.backend.statistics_token()
        table = self._term_counts if table is None else table
        with self._counts_lock:
            known = {k: table[(token, k)] for k in keys if token is not None and (token, k) in table}
        ask = [k for k in dict.fromkeys(keys) if k not in known]
        counted = dict(zip(ask, count(ask) if ask else []))
        if token is not None and counted:
            with self._counts_lock:
                for k, n in counted.items():
                    if n is not None:
                        table[(token, k)] = n
                while len(table) > TERM_COUNTS_KEPT:
                    table.popitem(last=False)
        known.update(counted)
        return [known[k] for k in keys]

    def _weighed_forms(self, parsed: ParsedQuery) -> ParsedQuery:
        """``parsed`` with a name's acronym that only collides with it weighed down: one
        whose articles never write another of the name's forms, where another is written at
        least ``COLLIDING_MARGIN`` times as often. A rare form scores far higher than a
        common one, and a form written as a phrase scores by its syllable pairs alone: "IiP"
        (one article, on Investors in People) came before the industrial-production stories
        of `iip`, and the two stories of the SCT-9 gun before the Sở Công Thương of `sct`.
        Such a form's articles are scaled so that their typical score (the median of the
        best, ``Backend.score_summary``) is the common form's, weighed as a form that may
        mean something else (``MAYBE_BOOST``): below the name's own articles. An acronym
        that articles define by the name ("khu công nghiệp (KCN)") keeps its weight: the
        articles that write it again and again are the ones about the thing; and a word is
        never weighed so ("phong điện" and "điện gió" are the same, though no article writes
        both; "Co.opmart" and "Co.op Mart" alike)."""
        names = [(i, at, [self._form_key(parsed.groups[i][k]) for k in at]) for i, at in form_groups(parsed)
                 if any(parsed.groups[i][k].acronym for k in at)]
        if not names:
            return parsed
        asked = [(a, others) for _i, _at, forms in names for j, a in enumerate(forms)
                 for others in ((), tuple(forms[:j] + forms[j + 1:]))]
        summary = dict(zip(asked, (got or (0, 0.0) for got in self._counted(
            [("form", a, others) for a, others in asked],
            lambda keys: self.backend.score_summary([form_plan(a, others) for _f, a, others in keys])))))
        weights = {}
        for i, at, forms in names:
            alone = [summary[(a, ())] for a in forms]
            written, common = max(alone, key=lambda nm: nm[0])
            for j, (k, a, (n, typical)) in enumerate(zip(at, forms, alone)):
                together, _m = summary[(a, tuple(forms[:j] + forms[j + 1:]))]
                if a.acronym and 0 < n and n * COLLIDING_MARGIN <= written and not together and typical > common > 0:
                    weights[i, k] = MAYBE_BOOST * common / typical
        return with_form_weights(parsed, weights)

    def _inside_words(self, parsed: ParsedQuery, text: str = "") -> ParsedQuery:
        """``parsed`` with each word of the trade of one syllable ("tiêu", "khí", "điện")
        matched inside the longer words of other senses only beside itself or one of its own
        sense. pyvi makes "tiêu dùng" one word and "tiêu" another, but the syllable field
        holds "tiêu" in both, so `gia tieu` counted 5,891 articles (spending and
        consumption) and `khi ca mau` listed Cà Mau's climate and murder stories ("khí hậu",
        "hung khí") before its gas. A longer word is of the syllable's sense where its
        articles write the syllable alone far more often than articles at large
        (``INSIDE_SHARE``): the articles on "hồ tiêu" also write "giá tiêu", those on "tiêu
        dùng" no more than any. An article holding the syllable only inside words of other
        senses is no match for it (a partial match lacking it); one inside a word not judged
        (rare) still is. Not a word typed alone in quotes (`"tiêu"`: the syllable anywhere),
        nor a longer word the query itself spells (`ngo xuan lich`: "Ngô Xuân Lịch", the
        minister, though "ngô" is corn)."""
        quoted = quoted_alone(text)
        asked = [(i, k, w) for i, k, w in inside_candidates(parsed, trade_words()) if w not in quoted]
        if not asked:
            return parsed
        vocabulary = self.vocabulary()
        words = list(dict.fromkeys(w for _i, _k, w in asked))
        kept = dict(zip(words, self._counted([("inside", w) for w in words],
                                             lambda keys: self._senses([w for _f, w in keys], vocabulary))))
        spelled = "_" + "_".join(s for g in parsed.groups for s in g[0].syllables) + "_"
        inside = {}
        for i, k, w in asked:
            if kept[w]:
                own, other = kept[w]
                typed = tuple(c for c in other if f"_{c}_" in spelled)
                rest = tuple(c for c in other if c not in typed)
                if rest:
                    inside[i, k] = (own + typed, rest)
        return with_inside(parsed, inside)

    def _senses(self, words: list[str], vocabulary: Vocabulary) -> list:
        """For each word of :meth:`_inside_words`, (the longer words holding it not judged of
        another sense, those judged so), or False where it counts anywhere (too few articles write it
        alone, too many words hold it, or none judged of another sense); None where the
        backend could not count (asked again next time). Counted in one call."""
        plans, asks = [word_count_plan([])], []
        for word in words:
            compounds = vocabulary.compounds_with(word)
            alone = vocabulary.word_df(word) or 0
            if not compounds or len(compounds) > INSIDE_MOST or alone < INSIDE_ALONE_FROM:
                asks.append(None)
                continue
            judged = [c for c, df in compounds if df >= INSIDE_JUDGED_FROM]
            asks.append(([c for c, _df in compounds], judged, len(plans)))
            plans.append(word_count_plan([word]))
            plans += [word_count_plan([c]) for c in judged] + [word_count_plan([c, word]) for c in judged]
        counts = self.backend.count_matching(plans) if len(plans) > 1 else [0]
        documents = counts[0]
        out: list = []
        for ask in asks:
            if ask is None:
                out.append(False)
                continue
            compounds, judged, at = ask
            alone, n = counts[at], len(judged)
            if not alone or not documents:
                out.append(None)      # (a cluster that refused the count: no evidence)
                continue
            base = min(1.0, alone / documents)
            other = {c for c, with_c, both in zip(judged, counts[at + 1:at + 1 + n], counts[at + 1 + n:at + 1 + 2 * n])
                     if with_c and both / with_c - base < INSIDE_SHARE * (1.0 - base)}
            # (every other longer word holding it, judged or not, keeps it: "thủy điện" beside
            # "công điện", a rare word beside a common one)
            out.append((tuple(c for c in compounds if c not in other), tuple(c for c in judged if c in other))
                       if other else False)
        return out

    @staticmethod
    def _form_key(atom):
        """An atom as :meth:`_weighed_forms` asks about it: at its own weight, and the
        same whether a reading's or typed (its syllables decide, marks or none)."""
        return replace(atom, boost=1.0, exact=atom.accented)

    def _options(self, text: str, interp: Interpretation, literal: bool, forms: Abbreviations,
                 term, sub_runs: Sequence[tuple[str, ...]] = ()) -> list["_Option"]:
        """The options of :meth:`_alternatives` with ``term`` deciding which runs of words
        are one term; ``sub_runs``: terms whose words standing together in part of them rank
        higher too (:func:`~search.querylang.with_sub_runs`)."""
        typed = self._parse(text, forms, term, sub_runs=sub_runs, literal=literal)
        # (A term's words apart may follow the few articles that write it whole; not in a
        # literal search, where the words are as typed.)
        parts_of = None if literal else self._parts_of
        typed_plan = plan(typed, *self._time_optional(typed), parts_of=parts_of)
        if typed_plan.empty:
            return [_Option(Search(), [typed], typed.also)]
        if literal or not interp.readings or (not interp.changed and not interp.sure):
            # As typed: accent-exact matches before the same words in text written
            # without diacritics. (Read as typed, but unsure: "con dao" is the knife or
            # Côn Đảo; every word it folds to, ranked together.)
            return [_Option(Search([Tier(typed_plan, False), Tier(typed_plan, True)], primary=1),
                            [typed], typed.also)]
        # Read as typed ("Nha Trang", "gia lai"), or read for sure, the words are the ones
        # read, not every word they fold to: "vay" in "lãi suất cho vay" is not "vậy". (In an
        # unsure reading, a syllable left bare may be one the reading missed, "thêm quan":
        # it still finds "quân".)
        exact = not interp.changed or interp.sure
        readings = [self._parse(r.text, forms, term, exact=exact, sub_runs=sub_runs) for r in interp.readings]
        plans = [plan(p, optional, parts_of) for p, optional in zip(readings, self._time_optional(*readings))]
        options = []
        if interp.sure:
            options.append(_Option(Search([Tier(plans[0], False), Tier(plans[0], True)], primary=1),
                                   [readings[0]], readings[0].also, interpreted=True))
        # Not sure: the likeliest reading first, then the same in text without
        # diacritics, the other readings, and whatever else the typed words match. The
        # last only where the readings find few articles: "thuong mai dien tư" lists the
        # 140 articles of thương mại điện tử, not 1,718 with "thương", "mại", "điện" and
        # "tư" anywhere in any marks, counted in the total and the facets.
        # (Not where the likeliest reading changed the letters typed, a slip's correction:
        # "krong pac" read "krông pa" still finds the one article writing "Krông Pắc".)
        # (Where it changed them and is likely, ``CONFIDENT``, in a query of plain words,
        # another reading that changes them too is another guess, searched only where nearly
        # as likely, ``OTHER_MEND_SHARE``: "covi", read "covid", found every "coi" too, 600
        # matches swelled to 5,602; "krong pac" is "krông pa" or "krông pắk" alike; `vinf`,
        # "vinh" at even odds, still finds VinFast.)
        first = interp.readings[0]
        likely_guess = bool(first.edits) and first.probability >= CONFIDENT \
            and not OPERATOR.search(first.text)
        tiers = [Tier(plans[0], False), Tier(plans[0], True)]
        tiers += [Tier(other, False) for other, r in zip(plans[1:], interp.readings[1:])
                  if (not (likely_guess and r.edits) or r.probability >= OTHER_MEND_SHARE * first.probability)
                  and not (r.edits and r.text == interp.word_fix)
                  and not (r.edits and not first.edits and not r.completed and _slips_real_words(text, r.text))]
        everything = Search([*tiers, Tier(typed_plan, True)], primary=len(tiers))
        if not first.edits:
            # Where the readings find few, the articles holding most of the likeliest one
            # come before the words typed in any other marks ("lắng nghe" for `lang nghe`,
            # the football club TNG for the "tng" of `gia gao noi dia tng`); where it holds
            # none in part either, those follow ("giao thương", a lesser reading's, in
            # `giao thuong truc tuyen`).
            options.append(_Option(Search(tiers, primary=1, enough=PARTIAL_BELOW, near_enough=True),
                                   [readings[0], typed], readings[0].also, looser=everything))
        elif first.completed and likely_guess:
            # The last word, still being typed, finished, and likely so ("xuat kha": xuất
            # khẩu): where its matches are enough, they are the results, not the letters typed
            # in any marks ("xuất" with "khá" anywhere: 2,583 swelled to 7,950), which stay a
            # click away. (Not at even odds: `gia v` is "gia vị" or "giá vàng" alike.)
            options.append(_Option(Search(tiers[:2], primary=1, enough=PARTIAL_BELOW), [readings[0]],
                                   readings[0].also))
        options.append(_Option(everything, [readings[0], typed], readings[0].also, lacking=1))
        return options

    def abbreviations(self) -> Abbreviations:
        """The curated and mined forms of names and abbreviations, for this index."""
        with self._lock:
            return self.backend.abbreviations()

    def _restorer(self) -> Restorer | None:
        """The diacritic restorer of this index (loads the vocabulary on first need)."""
        vocab = self.vocabulary()
        if self._restore is None or self._restore[0] is not vocab:
            self._restore = (vocab, Restorer(vocab) if len(vocab.syllable_forms) else None)
        return self._restore[1]

    def whoosh_query(self, text: str):
        """The Whoosh query this engine runs for ``text`` (for comparisons and tools)."""
        from .querylang import node_to_whoosh
        with self._lock:
            parsed = self._parse(text, None, is_term)
            node = plan(parsed, *self._time_optional(parsed)).node()
        return None if node is None else node_to_whoosh(node)

    def _parse(self, text: str, forms: Abbreviations | None, term, exact: bool = False,
               sub_runs: Sequence[tuple[str, ...]] = (), literal: bool = False) -> ParsedQuery:
        """``text`` parsed with what this index knows: its words, the other spellings and
        the pairs its articles write (``term``: which runs of words are one term;
        ``sub_runs``: terms whose parts rank as runs; ``literal``: no other spelling)."""
        # (a term no article writes, searched by its words: the segmenter's too, "xăng_giả")
        parsed = parse(text, self._compound_lookup(text), forms, term, exact=exact, term_marks=term_marks,
                       spellings=None if literal else self._spellings, side_by_side=self._side_by_side,
                       apart=frozenset(sub_runs))
        parsed = self._weighed_forms(parsed)
        if not literal:   # (as typed: a syllable anywhere, the way back to every "tiêu")
            parsed = self._inside_words(parsed, text)
        return with_sub_runs(parsed, sub_runs) if sub_runs else parsed

    def _spellings(self, syllables: tuple[str, ...], before: str | None = None,
                   after: str | None = None) -> list[tuple[str, ...]]:
        """A word's other spellings the articles write: with i for y or y for i (beside
        ``before`` and ``after`` for a word of one syllable), and run together or apart
        ("xi măng", "ximăng")."""
        vocabulary = self.vocabulary()
        out = vocabulary.joined_spellings(syllables)
        if any(other_iy_spellings(s) for s in syllables):
            out += vocabulary.other_spellings(syllables, before, after)
        return out

    def _side_by_side(self, a: str, b: str) -> int:
        """The articles that write two accented syllables side by side, as written."""
        return self.vocabulary().pair_df(a, b)

    def _parts_of(self, atom) -> tuple:
        """The words of a term of the query apart (:func:`~search.querylang.term_parts`), as
        this index writes them."""
        vocabulary = self.vocabulary()

        def stands_alone(syllable: str) -> bool:
            # A word of its own in a fifth of its uses at least, and no word of every
            # tenth article ("mới", "số": such a word anywhere says nothing).
            alone = vocabulary.word_df(syllable) or 0
            return alone >= ALONE_SHARE * vocabulary.syllable_df(syllable) > 0 \
                and alone <= COMMON_WORD_SHARE * max(1, vocabulary.documents)

        return term_parts(atom, vocabulary.is_word, stands_alone, is_name)

    def _compound_lookup(self, text: str):
        """The vocabulary's word test, so the query's words are grouped like the index's;
        the vocabulary is loaded only when some syllables could be grouped."""
        if not text.strip():
            return None
        return lambda key: self.vocabulary().is_word(key)

    # -- articles and stats -----------------------------------------------------
    def docnum(self, article_id: str):
        """The backend's key of an article (a Whoosh document number), or None."""
        with self._lock:
            return self._key_of(article_id)

    def _key_of(self, article_id: str):
        """The key of the article stored under ``article_id``: as given (NFC, trimmed), else
        as the indexer stores an id (its invisible characters dropped: "tin-1" with a
        zero-width space is "tin-1"; an older index may hold such an id as it came)."""
        key = self.backend.key_of(_article_key(article_id))
        if key is None and clean_id(article_id or "") != _article_key(article_id):
            key = self.backend.key_of(clean_id(article_id or ""))
        return key

    def article(self, article_id: str, highlight_query: str = "", literal: bool = False) -> dict | None:
        """One stored article with its metadata; with ``highlight_query``, HTML with marks
        (``literal``: of the words as typed, as a literal search matches them)."""
        with self._lock:
            key = self._key_of(article_id)
            if key is None:
                return None
            f = self.backend.stored([key])[0]
        out = {
            "id": f["id"], "title": f["title"], "body": f["body"],
            "date": f["date"], "year": f["year"],
            "province": f["province"],
            "current_province": current_of(f["province"]),
            "province_label": province_label(f["province"]),
            "provinces": f["provinces"],
            "topics": f["topics"],
            "source": f["source"], "url": f["url"],
        }
        if highlight_query:
            needles, readings = self._searched_needles(highlight_query, literal)
            plain = plain_title(out["title"], out["body"])
            out["title_html"] = highlight(out["title"], needles, plain)
            out["body_html"] = highlight(out["body"], needles)

            def lacking(words: Sequence[Needle]) -> list[str]:
                # (a near match, opened: the words it lacks, in headline and text alike)
                in_title = set(words_lacking(out["title"], words, plain))
                return [w for w in words_lacking(out["body"], words) if w in in_title]

            # As its hit says: nothing where it holds every word of some reading (a full
            # match), else the words of the reading near matches are judged by. (Each
            # reading numbers the words by its own groups, "giá | xăng gạo" and "gia xang |
            # gao": pooled, a word of one was named by the other's spelling.)
            said = [lacking(words) for words in readings]
            out["lacks"] = said[0] if all(said) else []
        return out

    def untitled_bodies(self, hits: Sequence[Hit]) -> dict[str, str]:
        """The stored text of the hits that have no title (to derive one from), read once
        each: the page, the exports and the API show the same derived title."""
        out = {}
        for hit in hits:
            if not (hit.title or "").strip():
                found = self.article(hit.id)
                out[hit.id] = found["body"] if found else ""
        return out

    def result_json(self, result: SearchResult, facet_size: int | None = MAX_FACET_VALUES) -> dict:
        """A search result as the API and ``ctsearch query --json`` give it: with its number
        of pages, whether it found nothing because a first import has stored nothing yet
        (``being_built``: a client must not say "no such articles"), and for an untitled hit
        the title the pages show (``title_derived``)."""
        data = result.to_dict(facet_size)
        data["pages"] = result.pages
        data["being_built"] = not result.total and self.being_built()
        bodies = self.untitled_bodies(result.hits)
        for hit in data["hits"]:
            body = bodies.get(hit["id"])
            hit["title_derived"] = None if body is None else display_title("", body, hit["url"]).text
        return data

    def article_json(self, article_id: str, highlight_query: str = "", literal: bool = False) -> dict | None:
        """:meth:`article` as the API and ``ctsearch show --json`` give it, with
        ``title_derived`` (None when the article has a title of its own)."""
        found = self.article(article_id, highlight_query, literal)
        if found is None:
            return None
        derived = None if found["title"].strip() else display_title("", found["body"] or "", found.get("url")).text
        return {**found, "title_derived": derived}

    def needles(self, text: str, literal: bool = False, as_searched: bool = False) -> list[Needle]:
        """What a search for ``text`` marks in an article, as it reads the words: "dien
        gio" marks "điện gió", not every "diễn", "diện" and "giờ"; "chế biến, chế tạo"
        whole. Its first reading; ``as_searched``: what the search itself marks
        (``SearchResult.needles``), the words it found the articles by where it fell back to
        shorter terms or to the words of a term no article writes ("kinh phí khuyến công",
        "điện rác hà nội"), as an article page opened from its results must."""
        if as_searched:
            return self._searched_needles(text, literal)[0]
        return self._first_needles(text, literal)

    def _first_needles(self, text: str, literal: bool) -> list[Needle]:
        """What the first reading of ``text`` marks (:meth:`needles`)."""
        text = first_words(without_controls(text))[0]      # read as search() reads it
        with self._lock:
            forms = self._forms(literal)
            interp = self._interpret(text, literal, forms)
            return _needles(*self._alternatives(text, interp, literal, forms)[0].parsed)

    def _searched_needles(self, text: str, literal: bool) -> tuple[list[Needle], list[list[Needle]]]:
        """What a search for ``text`` marks, and the same of each reading apart, the one a
        near match is said to lack the words of first (``SearchResult.readings``); a query
        the search refuses marks as its first reading."""
        try:
            result = self.search(text, literal=literal, limit=1)
        except QueryError:
            needles = self._first_needles(text, literal)
            return needles, [needles]
        return list(result.needles), [list(words) for words in result.readings] or [list(result.needles)]

    def more_like(self, article_id: str, top: int = 5, text_chars: int = 1500) -> list[dict]:
        """Up to ``top`` articles like this one (the backend's more-like-this), never itself.

        Key terms come from the title and the start of the body: analysing a whole
        long article with pyvi at every page view would cost more than the page, and
        the opening paragraphs say what an article is about. Syndicated copies (same
        title) are left out.
        """
        with self._lock:
            key = self.backend.key_of(article_id)
            if key is None:
                return []
            f = self.backend.stored([key])[0]
            title = (f["title"] or "").strip()
            text = f"{title}\n{(f['body'] or '')[:text_chars]}".strip()
            if not text:
                return []
            results = self.backend.more_like(key, text, top + 5)
        out: list[dict] = []
        seen = {title.lower()}
        for hit in results:
            hit_title = hit["title"]
            if hit["id"] == article_id or (hit_title and hit_title.lower() in seen):
                continue
            seen.add(hit_title.lower())
            out.append({"id": hit["id"], "title": hit_title, "date": hit["date"], "year": hit.get("year"),
                        "province": hit["province"]})
            if len(out) >= top:
                break
        return out

    def complete(self, text: str, limit: int = COMPLETIONS) -> list[Completion]:
        """What the search box offers under ``text`` being typed (:mod:`search.complete`):
        the query finished as the articles finish it, with its marks."""
        # (The backend is held only while the words before are read and, once each, while
        # the phrases offered are counted: the rest reads the vocabulary's tables, and a
        # search in another thread need not wait for it.)
        split = plain_tail(text or "")
        if split is None:
            return []
        held, text, closing = split
        if held:
            # (inside a quote opened, the words follow it: `"điện gió"`; else after a space;
            # the words typed before the one being typed with capitals or marks stay as typed:
            # `-Sơn La dien g` is no "-Sơn Là điện gió", which excludes only "Sơn")
            typed = text.split()[:-1] if text[-1:].isalpha() else text.split()
            kept = typed if any(w != w.lower() or not w.isascii() for w in typed) else None
            out = []
            for c in self.complete(text, limit):
                words = c.text.split()
                if kept is not None and c.head == len(kept):
                    words = kept + words[len(kept):]
                offer = f"{held}{'' if closing else ' '}{' '.join(words)}{closing}"
                if all(o.text != offer for o in out):
                    out.append(replace(c, text=offer))
            return out
        vocab = self.vocabulary()
        offered = complete(vocab, text, self._head_readings, self._completion_phrases(), limit + CHECKED_EXTRA)
        # The pairs of syllables say nothing of three side by side: an offer whose last two
        # words typed and first word added no article writes together comes after those
        # some article does ("thủy điện" + "hạt nhân", where "điện hạt" is written only in
        # "điện hạt nhân"; "thủy điện" + "hỏi", of "gọi điện hỏi"). Counted once per phrase;
        # keyword queries no article writes whole are still offered ("nhà máy đạm cà mau").
        spans = [_typed_and_added(canon(c.text).split(), c.head) for c in offered]
        checked = [k for k, span in enumerate(spans) if len(span) >= 3]
        written = self._counted([spans[k] for k in checked], self._written, self._phrase_counts) if checked else []
        unwritten = {k for k, n in zip(checked, written) if n == 0}
        # Where the word before is followed by many ("công" + "nghệ", "nghiệp", "ty"…), its pair
        # says little of the words before it: each offer counted is weighed by how far beyond
        # its pairs' prediction the articles write those three syllables (`khu cong ng`: "khu
        # công nghiệp", 495 articles, before "khu công nghệ", 58, though "công nghệ" is the
        # commoner pair), and says how many write them.
        score = [c.score for c in offered]
        for k, n in zip(checked, written):
            if n is None:
                continue        # (not counted whole: as the pairs have it)
            a, b, c = spans[k]
            expected = vocab.pair_df(a, b) * vocab.pair_df(b, c) / max(1, vocab.syllable_df(b))
            score[k] *= (n + 1) / (expected + 1)
            offered[k] = replace(offered[k], articles=min(offered[k].articles, n))
        order = sorted(range(len(offered)), key=lambda k: (k in unwritten, -score[k]))
        # The pairs of syllables see two words at a time: "làng nghề" + "bác sĩ" (of "nghề
        # bác sĩ") is offered though no article holds both, and choosing it finds nothing.
        # An offer no article writes so (the last two typed and the first added side by
        # side) whose words no article holds together either is left out, while another
        # offer is written or its words meet (none of either: the list stands, as the
        # pairs order it). (The words as pyvi cuts the offer alone may not be those it cut
        # in an article, in its context: a count of them is no proof of absence where the
        # offer is written.)
        typing = text.split()[-1] if text[-1:].isalpha() else ""
        held = [self._held_words(offered[k].text, typing) if k in unwritten else None for k in order]
        asked = [w for w in held if w]
        counts = dict(zip(asked, self._counted(asked, self._held_counts, self._phrase_counts))) if asked else {}
        if any(counts.values()) or any(k not in unwritten for k in order):
            order = [k for k, words in zip(order, held) if not words or counts[words] != 0]
        offers = [offered[k] for k in order]
        if not offers:
            offers = self._met(text, limit)
        qualified = self._qualified(text)
        shown = {q.text for q in qualified}
        return (qualified + [c for c in offers if c.text not in shown])[:limit]

    def _met(self, text: str, room: int) -> list[Completion]:
        """Where the pairs offer nothing: the trade's terms and places the word being
        typed begins (:func:`~search.complete.phrases_begun`) that some article holds beside
        the words before as read (its words and theirs, :meth:`_held_words`; a term or a place
        as the one word pyvi makes of it where the articles have that word, else its
        syllables), wherever each stands; those held with them furthest beyond chance first
        (both plus ``MEETING_PRIOR``, against the articles holding each): `dien mat troi
        ninh` offers "điện mặt trời Ninh Thuận", which two articles hold ("trời ninh" is
        never written: the pairs offered nothing). Lists of articles only, no positions (a
        keystroke's few milliseconds; asked only where nothing else is offered, as each
        candidate's count reads the lists of the words typed again). At most ``room``."""
        words = text.split()
        if len(words) < 2 or not text[-1:].isalpha():
            return []
        heads = self._head_readings(" ".join(words[:-1]))
        if not heads:
            return []
        head = heads[0][0]
        typed = self._held_words(head, None) or tuple(((s,),) for s in canon(head).split())
        begun = phrases_begun(self.vocabulary(), self._completion_phrases(), words[-1])
        if not typed or not begun:
            return []
        joined = ["_".join(p.syllables) for p in begun]
        known = dict(zip(joined, self._counted([(w,) for w in joined], self._word_counts, self._phrase_counts)))
        # (a place pyvi cuts apart in the articles is its syllables, each its own group)
        own = [(((w,),),) if known.get(w) else tuple(((s,),) for s in p.syllables) for w, p in zip(joined, begun)]
        keys = [("inside", typed)] + [("inside", g) for g in own] + [("inside", typed + g) for g in own]
        counts = dict(zip(keys, self._counted(keys, self._held_counts, self._phrase_counts)))
        articles = max(1, self.vocabulary().documents)
        alone = counts["inside", typed]
        if not alone:
            return []

        def lift(k: int) -> float:
            return _beyond_chance(counts["inside", typed + own[k]], [alone, counts["inside", own[k]] or 0], articles)

        met = [k for k in range(len(begun)) if counts["inside", typed + own[k]]]
        ranked = sorted(met, key=lambda k: -lift(k))
        size = len(canon(head).split())
        return [Completion(f"{head} {begun[k].text}", 0, size) for k in ranked[:room]]

    def _together(self, texts: list[str]) -> list[tuple[int, float] | None]:
        """For each reading, how many articles hold its words together (:meth:`_held_words`,
        anywhere in an article), and how many times more than would if each word were spread
        over the articles independently, both plus ``MEETING_PRIOR`` (a meeting a few
        articles would make by chance says little either way); None for a reading of fewer
        than two words, or one the backend could not count.

        Chance is taken for the words every reading shares as one part and the words the
        reading reads them with as another (:func:`_meeting_parts`): a reading that cuts
        the rest into more words would otherwise meet further beyond chance by their number
        alone ("nhập khẩu" with "dầu" and "tương", each anywhere, against "đậu tương").
        """
        held = [self._held_words(t, None) for t in texts]
        shared = set.intersection(*(set(words) for words in held)) if len(held) > 1 and all(held) else set()
        parts = [_meeting_parts(words, shared) if words else () for words in held]
        keys = list(dict.fromkeys(k for words, cut in zip(held, parts) if words for k in (words, *cut)))
        counted = dict(zip(keys, self._counted(keys, self._held_counts, self._phrase_counts))) if keys else {}
        articles = max(1, self.vocabulary().documents)
        out: list[tuple[int, float] | None] = []
        for words, cut in zip(held, parts):
            counts = [counted[words]] + [counted[part] for part in cut] if words else [None]
            if any(n is None for n in counts):
                out.append(None)
                continue
            out.append((counts[0], _beyond_chance(counts[0], counts[1:], articles)))
        return out

    def _held_words(self, text: str, typing: str | None = "") -> tuple | None:
        """The words of an offered query whose meeting in an article a count can check, as
        groups of alternatives (:func:`~search.querylang.held_together`): pyvi's units of
        it; one no article holds as one word is its syllables (pyvi cuts the articles'
        "sinh khối" apart); an abbreviation or a name with other forms is any of them
        ("qltt" is "quản lý thị trường" too, as the search takes it); a last word of one
        syllable finished from the letters being typed (``typing``) is not counted (None:
        every word was typed whole). None for fewer than two groups."""
        units = query_units(text)
        syllables = [s for u in units for s in u.syllables]
        matches = {m.start: m for m in self.abbreviations().find(syllables)}
        starts = {}         # each unit by the position of its first syllable
        for unit in units:
            starts[sum(len(u.syllables) for u in starts.values())] = unit
        spans: list[tuple] = []        # per group, its alternatives as runs of units
        i = 0
        while i < len(syllables):
            m = matches.get(i)
            if m is not None:
                forms = (m.typed,) + tuple(m.others)
                spans.append(tuple(tuple(u.syllables for u in query_units(" ".join(f.syllables))) for f in forms))
                i = m.end
                continue
            unit = starts.get(i)
            if unit is None or any(i < j < i + len(unit.syllables) for j in matches):
                spans.append((((syllables[i],),),))      # (a syllable a form cut from its unit)
                i += 1
            else:
                spans.append(((unit.syllables,),))
                i += len(unit.syllables)
        joined = sorted({"_".join(u) for group in spans for alt in group for u in alt if len(u) > 1})
        held = dict(zip(joined, self._counted([(w,) for w in joined], self._word_counts, self._phrase_counts)))

        def words(unit: tuple[str, ...]) -> tuple[str, ...]:
            key = "_".join(unit)
            return (key,) if len(unit) == 1 or held.get(key) != 0 else unit

        groups = [tuple(dict.fromkeys(tuple(w for u in alt for w in words(u)) for alt in group)) for group in spans]
        if typing is not None and spans and spans[-1] == ((units[-1].syllables,),) \
                and len(units[-1].syllables) == 1 and fold(units[-1].syllables[0]) != fold(typing):
            # A last word of one syllable finished from fewer letters typed may be a longer
            # word still being typed ("thiếu lao" of "thiếu lao động"): not counted as a
            # word of its own.
            groups.pop()
        groups = list(dict.fromkeys(g for g in groups if all(g)))
        return tuple(groups) if len(groups) > 1 else None

    def _word_counts(self, keys: list[tuple[str]]) -> list[int | None]:
        """How many articles hold each word (one key, a pyvi unit) as one word (a count the
        backend could not make reads as none: the word's syllables are then counted apart,
        which drops fewer offers, never more)."""
        return self.backend.count_matching([held_together([[key]]) for key in keys])

    def _held_counts(self, keys: list) -> list[int | None]:
        """How many articles hold each key's groups (:meth:`_held_words`; a key ``("inside",
        groups)``: a word of one syllable held inside longer words too), or None where the
        backend could not count it whole."""
        # (with every article as a last plan: all zeros say the backend could not count them
        # whole, and a count of every article tells a real zero from those)
        plans = [held_together(k[1], inside=True) if k[0] == "inside" else held_together(k) for k in keys]
        counts = self.backend.count_matching(plans + [EVERY_ARTICLE])
        return list(counts[:-1]) if counts and counts[-1] else [None] * len(keys)

    def _qualified(self, text: str) -> list[Completion]:
        """"cũ" or "mới" being typed after a province a merger changed (`ha giang c`): the
        query that says which province is meant (:func:`placequery.qualifiers_after`),
        offered first, with the articles it finds; the words the articles write after the
        name ("Cần Thơ", "mía") follow. None otherwise."""
        words = text.split()
        if len(words) < 2 or not text[-1:].isalpha():
            return []
        head = " ".join(words[:-1])
        qualifiers = qualifiers_after(head, words[-1])
        if not qualifiers:
            return []
        reading = self._head_readings(head)[0][0]
        return [Completion(f"{reading} {word}", self.search(f"{head} {word}", limit=1, snippet_width=0).total_full)
                for word in qualifiers]

    def _completion_phrases(self) -> list[Phrase]:
        """The trade's terms and names a completion may finish: the domain lexicon (with the
        provinces), the gazetteer's places, and the long forms of the abbreviations, curated
        and found in this index's articles."""
        forms = self.abbreviations()
        if self._phrases is None or self._phrases[0] is not forms:
            self._phrases = (forms, completion_phrases(forms))
        return self._phrases[1]

    def _head_readings(self, text: str) -> list[tuple[str, float]]:
        """The likeliest readings of the words typed before the one being typed, kept for the
        next keystrokes: each finishes the same words."""
        def read() -> list[tuple[str, float]]:
            forms = self._forms(False)
            with self._lock:
                # (read as words typed whole, a space after them: "ha " is hà or hạ, never
                # "hành", the last word finished as if still being typed)
                interp = self._interpret(text + " ", False, forms)
            return [(r.text.rstrip(), r.probability) for r in interp.readings] or [(text, 1.0)]

        return self._kept(self._heads, HEADS_CACHE_SIZE, (text,), read)

    #: What a search that finds nothing during a first import says (the page and the command line).
    BEING_BUILT_NOTE = ("Chỉ mục đang được dựng lần đầu và chưa lưu bài nào: các bài sẽ tìm được khi đợt đầu tiên "
                        "được lưu. Hãy thử lại sau ít phút.")

    def being_built(self) -> bool:
        """Whether the index holds no article yet while an indexing run writes its folder: a
        first import under way, whose articles appear at its first commit (a search finding
        nothing then says so, not "check the spelling"). Never for a cluster."""
        if self.index_dir is None or getattr(self.backend, "name", "whoosh") != "whoosh":
            return False
        return being_written(self.index_dir) and self.search("", limit=1).total == 0     # (the lock first: cheap)

    def stats(self) -> dict:
        """Number of articles, the count of every facet value, and which extraction rules
        built the index: facets extracted by older rules need a rebuild to follow the
        current ones."""
        result = self.search("", limit=1)
        with self._lock:
            versions = list(self.backend.rules_versions())
        return {
            "articles": result.total,
            "facets": {k: [v.to_dict() for v in vals] for k, vals in result.facets.items()},
            "rules": {"current": RULES_VERSION, "index": versions,
                      "rebuild_needed": any(v != RULES_VERSION for v in versions)},
        }


@dataclass
class _Option:
    """One way to search a query: what the backend runs, what to highlight."""

    search: Search
    parsed: list[ParsedQuery]
    also: list[str]
    interpreted: bool = False
    #: The terms this option looks for as their words, none writing them whole.
    apart: tuple[str, ...] = ()
    #: For an unsure reading searched without the words as typed in any marks (its
    #: readings find enough): the search that adds them.
    looser: Search | None = None
    #: Which of ``parsed`` the tier deciding near matches reads (``Search.primary``): a hit
    #: is said to lack its words (``Hit.missing``), and so is the article opened from it.
    lacking: int = 0


#: A literal search's forms: the words alone.
_NO_FORMS = Abbreviations([])


def _beyond_chance(held: int, parts: Sequence[int], articles: int) -> float:
    """How many times more articles hold words together (``held``) than would if each part
    of them (the articles holding it: ``parts``) were spread over the ``articles``
    independently, both plus ``MEETING_PRIOR``: a meeting a few articles would make by
    chance says little either way."""
    expected = float(articles)
    for n in parts:
        expected *= n / articles
    return (held + MEETING_PRIOR) / (expected + MEETING_PRIOR)


def _meeting_parts(words: tuple, shared: set) -> tuple:
    """The parts of a reading's words (groups of :meth:`SearchEngine._held_words`) whose
    meeting :meth:`SearchEngine._together` weighs against chance: the words every reading
    shares, held together, and the reading's own, held together; each word apart where
    the readings share none, or it has nothing else (a chance product of many words grows
    with their number, whatever they mean together)."""
    common = tuple(g for g in words if g in shared)
    own = tuple(g for g in words if g not in shared)
    return (common, own) if common and own else tuple((g,) for g in words)


def _lacking_first(option: _Option) -> list[ParsedQuery]:
    """The readings of ``option``, the one whose words a near match is said to lack first."""
    said = option.parsed[option.lacking]
    return [said, *(p for p in option.parsed if p is not said)]


def _rank_by_kind(options: list[_Option], reading: str) -> None:
    """Sports and showbiz stories rank below trade stories that match as well, unless the
    query itself is about sport or showbiz (its likeliest ``reading`` read as an article of
    its words would be): every search of ``options``, those that widen them too."""
    weight = 0.0 if query_leisure(reading) > LEISURE_FROM else LEISURE_WEIGHT
    for option in options:
        for search in (option.search, option.looser):
            if search is not None:
                search.kind_weight = weight


def _shape(option: _Option) -> tuple:
    """The words of each group of each parsed query: two options of one shape search alike."""
    return tuple(tuple(tuple(a.syllables for a in g) for g in p.groups) for p in option.parsed)


def _syllables_alone(option: _Option) -> int:
    """The words of one syllable an option searches for (its first query's groups) that are
    no term of the trade by themselves ("sở", not "điện" of "cung cấp điện")."""
    return sum(1 for g in option.parsed[0].groups if len(g[0].syllables) == 1 and not is_term(g[0].syllables[0]))


def _joined_term(atom) -> bool:
    """A word of the query that is a lexicon term of several words ("điện_rác", typed as
    "điện" and "rác")."""
    return len(atom.syllables) > 1 and is_term("_".join(atom.syllables))


def _searched_whole(atom) -> bool:
    """A word of several syllables that the query searches whole: a term of the lexicon, or
    one the segmenter joined that no dictionary has ("mũ_giả", "bảo_hiểm_giả": pyvi's words
    of the query, which no article holds); not typed in quotes. (A word of the dictionary,
    "làng nghề", is asked as typed: its halves are other words' too; so is one holding a
    letter alone, "u tây".)"""
    return len(atom.syllables) > 1 and not atom.quoted and (_joined_term(atom) or (
        not lexicon().is_word(atom.syllables) and all(len(s) > 1 for s in atom.syllables)))


def _accented_terms(options, which: Callable = None) -> list[tuple[str, ...]]:
    """The terms of several words (``which``: the words; lexicon terms by default) that
    ``options`` search, typed or read with their marks, each once."""
    which = which or _joined_term
    return list(dict.fromkeys(a.syllables for o in options for p in o.parsed for a in p.positive_atoms()
                              if which(a) and a.accented))


def _slips_real_words(typed: str, reading: str) -> bool:
    """Whether ``reading`` changes only letters typed as real syllables into other ones: a
    slip's guess beside a first reading that changed none, not searched ("vang phuoc son"
    read "văn phước sơn" listed the eleven articles naming a "Văn" in Phước Sơn as all the
    query asked, none of them with "vàng"; "vang" is a word). A slip into another word is
    offered, never searched. False where the words do not line up, or one changed is no
    syllable ("tng")."""
    words, read = typed.split(), reading.split()
    if len(words) != len(read):
        return False
    changed = [w for w, r in zip(words, read) if fold(w.lower()) != fold(r.lower())]
    return bool(changed) and all(is_vietnamese_syllable(fold(w.lower())) for w in changed)


def _long_term(atom) -> bool:
    """A word of the query that is a lexicon term of three syllables or more."""
    return len(atom.syllables) > 2 and _joined_term(atom)


class _PartsOnly:
    """The names and abbreviations of ``forms``, but never a long term of the lexicon: where
    one found nothing ("sản phẩm công nghiệp nông thôn tiêu biểu", also SPCNNTTB), its parts
    are looked for, not the whole term again as the long form of an abbreviation."""

    def __init__(self, forms: Abbreviations) -> None:
        self._forms = forms

    def __len__(self) -> int:
        return len(self._forms)

    def find(self, syllables: list[str], typed: list[str] | None = None) -> list:
        return [m for m in self._forms.find(syllables, typed)
                if not (m.end - m.start > 2 and is_term("_".join(syllables[m.start:m.end])))]


def _short_term(key: str) -> bool:
    """A term of two syllables ("khuyến_công"): the parts of a longer one that found nothing."""
    return key.count("_") == 1 and is_term(key)


def _article_key(article_id: str) -> str:
    """An id as the indexer stores it (NFC, trimmed): a name pasted from a file system
    that writes NFD still finds its article."""
    return nfc((article_id or "").strip())


def _holds(f: dict, needles: list[Needle]) -> bool:
    """Whether an article's title or body holds any of ``needles``."""
    return bool(find_matches(f["title"] or "", needles) or find_matches(f["body"] or "", needles))


def _hit(f: dict, score, needles, width) -> Hit:
    return Hit(
        id=f["id"], title=f["title"] or "", date=f["date"], year=f["year"],
        province=f["province"], topics=f["topics"], source=f["source"], url=f["url"],
        score=round(score, 4) if score is not None else None,
        # Width 0: no snippet (callers that only want the ranking, such as exports of ids).
        snippet=make_snippet(f["body"] or "", needles, width,
                             0 if (f["title"] or "").strip() else derived_title_end(f["body"] or ""))
        if width > 0 else "",
        title_html=highlight(f["title"] or "", needles if width > 0 else [],
                             plain_title(f["title"] or "", f["body"] or "") if width > 0 else None),
        current_province=current_of(f["province"]), province_label=province_label(f["province"]),
        provinces=list(f.get("provinces") or []),
    )


def search(index_dir: str | os.PathLike, text: str = "", **kwargs) -> SearchResult:
    """One-shot convenience: open, search, close."""
    engine = SearchEngine(index_dir)
    try:
        return engine.search(text, **kwargs)
    finally:
        engine.close()
