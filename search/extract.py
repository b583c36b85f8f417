"""Metadata extraction for Vietnamese industry-and-trade news: title, date, province, topics.

Every function here is pure and table-tested. The indexer runs :func:`extract_metadata`
on tens of thousands of articles, so all regular expressions and lookup tables are
built once at import time (about 0.2 s) from ``search/data/provinces.json`` and
``search/data/topics.json``; a 2.5 KB article then takes under a millisecond.

Design rule throughout: a missing value is better than a wrong one. A date needs a
trustworthy year, a main province needs clear evidence, a topic needs more than one
passing word.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
import difflib
import hashlib
import json
import functools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctsearch.cooccur import Pairing, sentence_spans
from ctsearch.docvec import doc_vectors, model_weights, weigh
from ctsearch.lexical import TermScorer
from ctsearch.merger import MERGER_DATE, current_of, former_of, match_current_province, province_label, without_label
from ctsearch.sentences import first_sentence as _first_sentence, sentence_at as _sentence_at, sentence_end
from ctsearch.textnorm import folded_key, is_vietnamese_syllable, nfc, normalize_tones
from ctsearch.topics import TOPIC_LABELS
from ctsearch.wards2025 import split_unit, units_named, units_titled

__all__ = [
    "Metadata",
    "PROVINCES",
    "TOPIC_LABELS",
    "split_title",
    "extract_date",
    "extract_provinces",
    "extract_topics",
    "extract_metadata",
    "match_province",
    "province_of_place",
    "nearest_provinces",
    "possible_provinces",
    "RULES_VERSION",
]

_DATA_DIR = Path(__file__).with_name("data")


def _load(name: str) -> dict:
    with open(_DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


from ctsearch.rulesversion import RULES_VERSION  # noqa: E402  (re-exported)
from ctsearch.storykind import leisure_percent  # noqa: E402


# "o"/"u" + toned "a", "e" or "y" at the end of a syllable: the only places where
# old-style tone placement ("hoà", "thuỷ") can occur. Most articles have none, and this
# one-class scan is ~100x cheaper than running normalize_tones over 3 KB for nothing.
# (The "not after q" test, as in "quả", is done in Python: a leading lookbehind would
# stop the regex engine from skipping quickly to "o"/"u".)
_OLD_TONE_HINT_RE = re.compile(
    "[oOuU]["
    + "".join(sorted({nfc(b + t) for b in "aeyAEY" for t in "\u0300\u0301\u0303\u0309\u0323"}))
    + "](?!\\w)"
)


def _has_old_tones(text: str) -> bool:
    for m in _OLD_TONE_HINT_RE.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in "qQ":
            return True
    return False


def _prep(text: str) -> str:
    """The form all matching runs on: NFC and one tone convention, case kept.

    Length-preserving after NFC, so offsets are meaningful in the NFC text.
    """
    text = nfc(text)
    return normalize_tones(text) if _has_old_tones(text) else text


# Upper-case letters of Vietnamese (A-Z plus every precomposed capital), for the
# "capitalised word" and "all-caps dateline" tests; Python's re has no \p{Lu}.
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1EFA)) if ch.isupper() and ch.isalpha())
_UP = "[" + re.escape(_UPPER) + "]"


@dataclass(frozen=True)
class Metadata:
    """What the indexer stores besides title and body."""

    date: str | None  # ISO "YYYY-MM-DD", only when day, month and year are all known
    year: int | None
    province: str | None  # the ONE province the article is about, or None
    provinces: list[str]  # every province mentioned, in order of first mention
    topics: list[str]  # topic slugs, in the order of topics.json
    #: How likely (0–100) the article is sports or showbiz news (:mod:`ctsearch.storykind`).
    leisure: int = 0


# =====================================================================================
# Title
# =====================================================================================

_DATE_MARKER_RE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?=\s|$)\s*")

# Leading datelines of a lead paragraph: "(MK - ASEAN) -", "(Baodautu.vn) -", "(NLĐ)-",
# "ĐBP -", "TTO -", "VOV.VN -", "HÀ NỘI -", or a bare leading dash "– ".
_DATELINE_RE = re.compile(
    r"^(?:\([^()\n]{1,40}\)\s*(?:[-–—:]\s*)?"
    r"|" + _UP + r"[" + re.escape(_UPPER) + r"0-9.&/]{0,15}(?:\s+" + _UP + r"[" + re.escape(_UPPER)
    + r"0-9.&/]{0,15}){0,2}\s*[-–—]\s+"
    r"|[-–—]\s*)"
)

# A paragraph rather than a headline: long, or several sentences.
_LONG_TITLE = 180
_TITLE_MAX = 300
def _strip_dateline(line: str) -> str:
    """Remove a leading dateline ("(MK - ASEAN) -", "ĐBP -", "– ") from a paragraph."""
    for _ in range(2):  # "TTO - (14/1) -" style doubles are rare; two passes suffice
        m = _DATELINE_RE.match(line)
        if not m or m.end() == 0:
            break
        line = line[m.end():].lstrip()
    return line


def _looks_like_paragraph(line: str) -> bool:
    if len(line) > _LONG_TITLE:
        return True
    if _DATELINE_RE.match(line) and len(line) > 80:
        return True
    return len(line) > 100 and _first_sentence(line) != line.strip()


def split_title(text: str) -> tuple[str, str, str | None]:
    """Split a cleaned .txt article into (title, body, date_hint).

    The first non-empty line is the title. A leading "date 2022-01" marker is removed
    from it and returned as the hint. When that line is really the lead paragraph
    (long, or several sentences) the title is its first sentence without the
    dateline, and the body keeps the whole paragraph so no text is lost.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    hint: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line:
            m = _DATE_MARKER_RE.match(line)
            if m and hint is None:
                hint = m.group(1)
                line = line[m.end():].strip()
                lines[i] = line
                if not line:  # the marker had a line of its own
                    i += 1
                    continue
            break
        i += 1
    if i >= len(lines):
        return "", "", hint
    first = lines[i]
    rest = [ln for ln in lines[i + 1:] if ln]
    if _looks_like_paragraph(first):
        title = _first_sentence(_strip_dateline(first)) or first
        if len(title) > _TITLE_MAX:
            cut = title.rfind(" ", 0, _TITLE_MAX)
            title = title[: cut if cut > 0 else _TITLE_MAX].rstrip(" ,;:-–") + "…"
        return title, "\n".join([first, *rest]), hint
    return first, "\n".join(rest), hint


# =====================================================================================
# Date and year
# =====================================================================================

_MIN_YEAR, _MAX_YEAR = 1990, 2039

# Every date regex starts with a digit or a letter class, so the regex engine can skip
# quickly to candidate positions; what comes before a match is checked in Python.
# Full day-first dates: 07/02/2023, 7-2-2023, 7.2.2023 (same separator twice).
_FULL_DMY_RE = re.compile(r"(\d\d?)\s?([/.\-])\s?(\d\d?)\s?\2\s?((?:19|20)\d\d)(?![\d/])")
_FULL_WORDS_RE = re.compile(r"[Nn]gày\s+(\d\d?)\s+tháng\s+(\d\d?)\s+năm\s+((?:19|20)\d\d)(?!\d)")
_ISO_RE = re.compile(r"((?:19|20)\d\d)-(\d\d?)-(\d\d?)(?![\d\-])")
_ENGLISH_RE = re.compile(
    r"(?i)\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+"
    r"(?:19|20)\d\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+"
    r"(?:19|20)\d\d)\b"
)
# Day/month without a year: "10/7", "7-1". Only taken where news puts the event date,
# after a time word ("Ngày 7-1", "Chiều 10/7", "Sáng nay (14/1)") or alone in
# parentheses ("(14/1)"); a bare "8/13" is a fraction.
_DM_RE = re.compile(r"(\d\d?)\s?([/\-])\s?(\d\d?)(?![\d/\-.]|,\d)")
_TIME_WORD = (
    r"(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]rưa|[Tt]ối|[Đđ]êm|[Rr]ạng sáng|[Hh]ôm nay|[Hh]ôm qua|[Tt]ừ sáng|[Tt]ừ chiều)"
)
_DM_LEFT_RE = re.compile(r"(?:(?<!\w)" + _TIME_WORD + r"(?:\s+(?:nay|qua|mai))?\s*(\()?\s*|(\()\s*)$")
# A lead that opens with its date: "Ngày 7-2-2023, ...", "Sáng 14/1/2022, ...".
_LEAD_DATE_START_RE = re.compile(
    r"(?:" + _TIME_WORD + r"(?:\s+(?:nay|qua))?\s*\(?\s*)?\d\d?(?:\s?[/.\-]|\s+tháng\s)"
)
_FULL_LEFT_RE = re.compile(r"(?<!\w)" + _TIME_WORD + r"(?:\s+(?:nay|qua|mai))?\s*\(?\s*$")
# "từ ngày 1/7", "đến ngày 15/2", "trước ngày 30/6": deadlines and periods, not the event.
_NOT_EVENT_LEFT_RE = re.compile(
    r"(?:[Tt]ừ|[Đđ]ến|[Tt]ới|[Tt]rước|[Tt]rước đó,?|[Ss]au|[Hh]ạn|[Hh]ết|[Kk]ể từ|[Cc]hậm nhất|[Cc]uối|[Ss]inh)"
    r"\s+(?:ngày\s+)?$"
)
# "Quyết định số 123/QĐ-UBND ngày 12/3/2020": a cited document, not the article.
_REFERENCE_LEFT_RE = re.compile(
    r"(?:(?<!\w)[Ss]ố\s+\S+\s+|(?<!\w)(?:[Qq]uyết định|[Nn]ghị quyết|[Nn]ghị định|[Tt]hông tư|[Cc]ông văn|[Cc]hỉ thị|"
    r"[Kk]ế hoạch|[Qq]uy định|[Ll]uật|[Vv]ăn bản|[Tt]ờ trình|[Bb]áo cáo|[Tt]hông báo|[Hh]ợp đồng|[Gg]iấy phép|"
    r"[Bb]ản án|ban hành|ký)(?:\s+\S+){0,6}\s+)ngày\s+$"
)
# "Báo Công an TP Đà Nẵng ngày 29-12-2016 có đăng bài …", "bài viết ngày … đã phản ánh": an
# earlier article being followed up, not this one. A paper's name (or "bài báo", "bài viết")
# before the date in the same clause, and a verb of publishing after it.
_PRESS_LEFT_RE = re.compile(
    r"(?:(?<![^\s(\"“])(?:Báo|báo|Tạp chí|tạp chí)\s+" + _UP + r"[^\s.,;:!?]*(?:\s+[^\s.,;:!?]+){0,5}"
    r"|(?<!\w)(?:[Bb]ài báo|[Bb]ài viết|[Ss]ố báo))\s+(?:số ra\s+|ra\s+)?ngày\s+$"
)
_PRESS_RIGHT_RE = re.compile(r"\s*,?\s*(?:đã\s+|có\s+)?(?:đăng|đưa tin|phản ánh|có bài|thông tin về)(?!\w)")

# Year context: every "năm 2023" in the title and lead is classified by what precedes
# it in the same clause. PLAN: the plan being launched ("triển khai nhiệm vụ năm 2022").
# PERIOD: a period of the current year ("6 tháng cuối năm 2023"). REVIEW: the year
# under review ("tổng kết công tác năm 2021"), held early the next year.
_YEAR_MENTION_RE = re.compile(r"[Nn]ăm\s+((?:19|20)\d\d)(?!\d|\s*[-–]\s*\d)")
# "triển khai nhiệm vụ năm 2022", "triển khai phương hướng, nhiệm vụ ... năm 2023": a
# plan being launched. A bare "kế hoạch ngân sách năm 2022" is not enough.
_PLAN_LAUNCH_RE = re.compile(
    r"(?i)triển khai(?:\s+\S+){0,8}?\s+(?:nhiệm vụ|kế hoạch|phương hướng|công tác|chương trình)(?:\s+\S+){0,6}?\s*$"
)
_REVIEW_WORDS_RE = re.compile(r"(?i)tổng kết")
_PERIOD_LEFT_RE = re.compile(r"(?i)(?:\d\d?|sáu|chín)\s+tháng\s+(đầu|cuối)?\s*$")
# The year is a comparison, a target or a starting point, not the article's own year.
_NOT_CURRENT_RE = re.compile(
    r"(?i)(?:(?<!\w)so(?:\s+với)?(?!\w)|cùng kỳ"
    r"|(?<!\w)(?:đến|tới|từ|trước|sau|hơn|bằng|giai đoạn|tầm nhìn|kể từ|hết)\s+$)"
)

_HEAD_LINES = 3  # short lines right after the title that may carry a timestamp
_LEAD_PARAS = 3  # paragraphs searched for the event date and year context
_LEAD_CHARS = 1500


def _valid(y: int, m: int, d: int) -> bool:
    if not (_MIN_YEAR <= y <= _MAX_YEAR):
        return False
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _glued(text: str, start: int) -> bool:
    """True when a number match continues a longer token ("123/4/2020", "1.12/3")."""
    return start > 0 and (text[start - 1].isdigit() or text[start - 1] in "/.-")


# What may stand between the start of a clause and the date that opens it: time words,
# hours and "vào"/"khoảng"/"lúc" ("Vào khoảng 10 giờ sáng ngày 6-7-2005, …", "Đêm ngày 24
# rạng ngày 25.05.2017, …"), after a clause boundary or the sentence's start.
_CLAUSE_TIME_LEFT_RE = re.compile(
    r"(?i)(?:^|[,;:.!?()]\s*)(?:(?:(?:vào|khoảng|lúc|ngày|sáng|chiều|trưa|tối|đêm|rạng|hôm|nay|qua|"
    r"\d\d?\s?(?:g|h|giờ)(?:\s?\d\d?)?(?:\s?phút)?|\d\d?)\s+)*"
    # ...or a phrase of where or from whom the news came: "Tại buổi họp báo ngày …, Sở …",
    # "Trao đổi với phóng viên ngày …, ông …", "Theo dự báo ngày …, miền Bắc …".
    r"|(?:tại|trong|theo|trao đổi|phát biểu|sau khi)\s[^,;:.!?()\d]{0,60})$"
)
# "sáng 15-11-2004", "chiều ngày 6/2/2017", "hôm nay, ngày 16.6.2017": a part of the day,
# or today, dates what just happened wherever it stands (not "rạng sáng", the hour of many
# an old crime).
_PART_OF_DAY_LEFT_RE = re.compile(
    r"(?i)(?:(?<!rạng )(?<!\w)(?:sáng|chiều|trưa|tối)(?:\s+nay)?|(?<!\w)hôm nay,?)(?:\s+ngày)?\s*$")
# "17 tháng trước, ngày 14.1.2016, …", "cách đây 3 năm, …": a date told as past.
_TOLD_AS_PAST_RE = re.compile(r"(?i)(?:(?:ngày|tuần|tháng|năm)\s+trước|cách đây)[^.!?]{0,20}$")


def _full_date_in(text: str, *, anywhere: bool, near_start: int = 60,
                  clause_start: bool = False) -> tuple[int, int, int] | None:
    """The first trustworthy full date in ``text``.

    With ``anywhere`` false (lead paragraphs) a date only counts near the start or
    after a time word ("Ngày 7-2-2023"), and never inside a cited document reference
    or as the date of an earlier article being followed up. With ``clause_start`` it
    must also open a clause, as the time of what the clause then tells ("…, sáng ngày
    12/04/2006, Viettel …"): a date inside a phrase is another event's ("sau vụ khủng bố
    ngày 11/9/2001", "vụ án xảy ra ngày 8-1-2016").
    """
    forms: list[tuple[re.Pattern[str], str]] = [(_FULL_DMY_RE, "dmy"), (_FULL_WORDS_RE, "words")]
    if anywhere:  # ISO and English dates only appear in headers and timestamps
        forms += [(_ISO_RE, "ymd"), (_ENGLISH_RE, "en")]
    best: tuple[int, tuple[int, int, int]] | None = None
    for rx, kind in forms:
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            if kind in ("dmy", "ymd") and _glued(text, m.start()):
                continue
            left = text[max(0, m.start() - 70): m.start()]
            if kind == "words":
                left += "ngày "  # the match itself starts with "ngày"
            if _REFERENCE_LEFT_RE.search(left) or _NOT_EVENT_LEFT_RE.search(left):
                continue
            if not anywhere and _PRESS_LEFT_RE.search(left) and _PRESS_RIGHT_RE.match(text, m.end()):
                continue  # in a header line ("Có mặt trên các sạp báo ngày 8.2.2017") it is the paper's own date
            if _NOT_CURRENT_RE.search(_clause_before(text, m.start())[-30:]):
                continue  # "So với ngày lễ 30/4/2020": a comparison
            if not anywhere and m.start() > near_start and kind != "words" and not _FULL_LEFT_RE.search(left):
                continue
            if clause_start and (_TOLD_AS_PAST_RE.search(text, 0, m.start()) or not (
                    _PART_OF_DAY_LEFT_RE.search(text, 0, m.start())
                    or (_CLAUSE_TIME_LEFT_RE.search(text, 0, m.start())
                        and re.match(r"\s*(?:,|[-–—]\s)", text[m.end():])))):   # "Hà Nội, ngày 7/6/2017 - Bộ …"
                continue
            if kind == "dmy":
                d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            elif kind == "words":
                d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            elif kind == "ymd":
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                from dateutil import parser as dateparser  # rare: imported on first use

                try:
                    parsed = dateparser.parse(m.group(0), dayfirst=False)
                except (ValueError, OverflowError):
                    continue
                y, mo, d = parsed.year, parsed.month, parsed.day
            if _valid(y, mo, d):
                best = (m.start(), (y, mo, d))
                break
    return best[1] if best else None


def _day_month_in(text: str) -> tuple[int, int] | None:
    """The first event day/month ("Chiều 10/7", "(14/1)") in a lead paragraph."""
    for m in _DM_RE.finditer(text):
        if _glued(text, m.start()):
            continue
        left = text[max(0, m.start() - 40): m.start()]
        lm = _DM_LEFT_RE.search(left)
        if lm is None:
            continue
        if (lm.group(1) or lm.group(2)) and not text[m.end():].lstrip().startswith(")"):
            continue  # "(8/13 sản phẩm": an opened parenthesis must close right after
        before = left[: lm.start()]
        if _NOT_EVENT_LEFT_RE.search(before) or _NOT_CURRENT_RE.search(_clause_before(text, m.start())[-30:]):
            continue
        if lm.group(0)[:1] in "nN" and _REFERENCE_LEFT_RE.search(before + "ngày "):
            continue
        d, mo = int(m.group(1)), int(m.group(3))
        if _valid(2000, mo, d):  # 2000 is a leap year, so 29/2 passes
            return d, mo
    return None


def _parse_hint(hint: str | None) -> tuple[int | None, int | None, int | None]:
    if not hint:
        return None, None, None
    m = re.fullmatch(r"\s*((?:19|20)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", hint)
    if not m:
        return None, None, None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not 1 <= mo <= 12:
        mo = d = None
    return y, mo, d


def _clause_before(text: str, pos: int, width: int = 80) -> str:
    """The text of the same clause before ``pos`` (commas allowed, not full stops)."""
    left = text[max(0, pos - width): pos]
    cut = max(left.rfind(c) for c in ".;:!?\n")
    return left[cut + 1:]


def _year_from_context(text: str, month: int) -> int | None:
    """The year of an event in ``month`` implied by plan/period/review phrases.

    Preference: the plan being launched, then a period of the current year, then the
    year under review. Years after "so với", "cùng kỳ", "đến", "từ" are comparisons,
    targets or starting points and never count.
    """
    plan = period = review = None
    for m in _YEAR_MENTION_RE.finditer(text):
        clause = _clause_before(text, m.start())
        y = int(m.group(1))
        pm = _PERIOD_LEFT_RE.search(clause)
        if pm:
            if period is None and not _NOT_CURRENT_RE.search(clause[: pm.start()][-25:]):
                # "6 tháng đầu năm 2023" is reported in June-August of 2023 and
                # "6 tháng cuối năm 2023" planned then; elsewhere it is background.
                n = {"sáu": 6, "chín": 9}.get(pm.group(0).split()[0].lower()) or int(pm.group(0).split()[0])
                end = n if (pm.group(1) or "").lower() != "cuối" else 12 - n
                if 1 <= n <= 12 and end - 1 <= month <= end + 2:
                    period = y
            continue
        if _NOT_CURRENT_RE.search(clause[-25:]):
            continue
        if plan is None and _PLAN_LAUNCH_RE.search(clause):
            plan = y - 1 if month >= 11 else y  # next year's plan is launched in Nov/Dec
        elif review is None and _REVIEW_WORDS_RE.search(clause):
            if month <= 4:
                review = y + 1
            elif month >= 11:
                review = y
    for y in (plan, period, review):
        if y is not None and _MIN_YEAR <= y <= _MAX_YEAR:
            return y
    return None


def _lead_parts(body: str) -> tuple[list[str], str]:
    """(short header lines after the title, lead text of the first paragraphs).

    Header lines are the timestamps and bylines some sites put under the headline
    ("07/02/2023 - 18:34"): short, and not a sentence.
    """
    head: list[str] = []
    lead: list[str] = []
    for p in body.split("\n", _HEAD_LINES + _LEAD_PARAS + 1)[: _HEAD_LINES + _LEAD_PARAS]:
        p = p.strip()
        if not p:
            continue
        if len(lead) >= _LEAD_PARAS:
            break
        if not lead and len(p) <= 80 and len(head) < _HEAD_LINES and p[-1] not in ".!?…":
            head.append(p)
            continue
        lead.append(p)
    return head, "\n".join(lead)[:_LEAD_CHARS]


_BRACKETED_RE = re.compile(r"\([^()]*(?:\)|$)")
_CAPTION_AFTER_RE = re.compile(r"\s*\(?\s*(?:[Nn]guồn|[Ảả]nh|[Pp]hoto)\s*:")


def _extract_date(title: str, body: str, hint: str | None) -> tuple[str | None, int | None]:
    head, lead = _lead_parts(body)
    hy, hm, hd = _parse_hint(hint)
    if hy is not None and hm is not None and hd is not None and _valid(hy, hm, hd):
        return f"{hy:04d}-{hm:02d}-{hd:02d}", hy

    # 1. An explicit full date in the title, in a timestamp line or starting the lead.
    full = None
    for part in (title, *head):
        full = _full_date_in(part, anywhere=True)
        if full:
            break
    if full is None and lead:
        # Only where a dated lead starts ("BDK - Ngày 7-2-2023, Sở ..."): full dates
        # further on are background ("Ngày 15/2/2019, bệnh viện đã ...").
        first = _strip_dateline(lead.split("\n", 1)[0])
        start = _LEAD_DATE_START_RE.match(first)
        if start:
            full = _full_date_in(first[: start.end() + 20], anywhere=False)
        if full is None and not (start and _day_month_in(first[: start.end() + 12])):
            # The event date of the first sentence, after a time word, opening a clause:
            # "Sáng 7/6/2017, tại ...", "15 giờ ngày 27/6/2017, đoàn ...". Dates without one
            # are too often background, and so is any after a lead dated without its year
            # ("Ngày 7/2, Viện KSND … vụ án xảy ra ngày 2/8/2013").
            sentence = _first_sentence(first)
            if not _CAPTION_AFTER_RE.match(first[len(sentence):]):  # a photo caption: "(Nguồn: AFP)"
                # Dates in brackets are asides ("(vụ tai nạn ngày 12-3-2005, ...)").
                sentence = _BRACKETED_RE.sub(lambda m: " " * len(m.group(0)), sentence[:300])
                full = _full_date_in(sentence, anywhere=False, near_start=-1, clause_start=True)
    if full is not None:
        y, mo, d = full
        return f"{y:04d}-{mo:02d}-{d:02d}", y

    # 2. Day/month of the event; the year from the hint, else from the context.
    dm = None
    for part in (*head, lead):
        dm = _day_month_in(part)
        if dm:
            break
    if dm is None:
        return None, hy
    d, mo = dm
    if hy is not None:
        year: int | None = hy
        if hm is not None:
            # The year that puts the event closest to the hinted month (Dec vs Jan).
            year = min((hy - 1, hy, hy + 1), key=lambda y: abs((y * 12 + mo) - (hy * 12 + hm)))
    else:
        year = _year_from_context("\n".join([title, *head, lead]), mo)
    if year is None or not _valid(year, mo, d):
        return None, hy
    return f"{year:04d}-{mo:02d}-{d:02d}", year


def extract_date(title: str, body: str, hint: str | None = None) -> tuple[str | None, int | None]:
    """(ISO date or None, year or None) of the article, from its own text.

    Dates are day first ("07/02/2023" is 7 February). A day/month without a year
    ("Chiều 10/7") takes its year from the hint ("2022-01") or from what the lead says
    is being launched or reviewed ("triển khai nhiệm vụ năm 2022", "6 tháng cuối năm
    2023"); comparison years ("so với năm 2020") never count. Without a trustworthy
    year the date is None.
    """
    return _extract_date(_prep(title), _prep(body), hint)


# =====================================================================================
# Provinces
# =====================================================================================

_PROV_DATA = _load("provinces.json")
PROVINCES: list[str] = [p["name"] for p in _PROV_DATA["provinces"]]

# surface form (after _prep) -> (province or None for not_places, kind)
# kinds: "name", "alias", "place", "prefixed" (needs an administrative prefix), "nickname"
# (what the press calls it: "Thủ đô", "đất Cảng"; not before a capitalised name), "block".
_SURFACES: dict[str, tuple[str | None, str]] = {}


def _surface_key(s: str) -> str:
    """Normalise a matched span so spacing and dash variants find the same entry."""
    return re.sub(r"\s*[-–—]\s*", "-", " ".join(s.split()))


def _add_surface(surface: str, province: str | None, kind: str) -> None:
    forms = {surface, surface.upper(), surface[:1].upper() + surface[1:]}
    for form in forms:
        key = _surface_key(_prep(form))
        # The first registration wins; blocks and names are registered first.
        _SURFACES.setdefault(key, (province, kind))


for _blk in _PROV_DATA.get("not_places", []):
    _add_surface(_blk, None, "block")
for _p in _PROV_DATA["provinces"]:
    _add_surface(_p["name"], _p["name"], "prefixed" if _p.get("name_needs_prefix") else "name")
    for _a in _p.get("aliases", []):
        _add_surface(_a, _p["name"], "alias")
    for _a in _p.get("nicknames", []):
        _add_surface(_a, _p["name"], "nickname")
for _p in _PROV_DATA["provinces"]:
    for _pl in _p.get("places", []):
        _add_surface(_pl, _p["name"], "place")
    for _pl in _p.get("prefixed_places", []):
        _add_surface(_pl, _p["name"], "prefixed")
# Districts of one province only (generated from the statistics office's list): they
# count when written with their administrative word ("huyện Hương Sơn", "quận 7").
_DISTRICTS = _load("districts.json")
for _prov, _names in _DISTRICTS["districts"].items():
    for _pl in _names:
        _add_surface(_pl, _prov, "prefixed")
for _prov, _names in _DISTRICTS.get("with_admin", {}).items():
    for _pl in _names:
        _add_surface(_pl, _prov, "prefixed")


def _trie_regex(keys: list[str], *, flexible: bool = True) -> str:
    """A regex matching any of ``keys``, factored as a character trie.

    A flat alternation of ~1,500 names costs the regex engine one try per name at
    every word start (about 5 ms per article); the trie needs one step per
    character. Optional continuations are greedy, so the longest name wins:
    "Điện Biên Phủ" over "Điện Biên", "Thái Bình Dương" (blocked) over "Thái Bình".
    With ``flexible``, a space matches any whitespace run and a dash matches "-",
    "–" or "—" with or without spaces around it; otherwise every character is literal.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            if flexible and ch in " -":
                piece = r"\s+" if ch == " " else r"\s*[-–—]\s*"
            else:
                piece = re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(trie)


# Case-sensitive on purpose: proper nouns are capitalised in Vietnamese news.
# The leading class lets the engine reject the ~85% of word starts that are lower case
# before entering the trie.
@functools.lru_cache(maxsize=1)
def _prov_re() -> re.Pattern:
    # Compiled on first use: it is the bulk of this module's import time, and
    # searching (which only needs the province names) never uses it.
    return re.compile(
        r"(?<!\w)(?=[" + re.escape("".join(sorted({k[0] for k in _SURFACES}))) + r"])(?:"
        + _trie_regex(list(_SURFACES))
        + r")(?!\w)"
    )

_DATELINES: dict[str, str] = {}
for _p in _PROV_DATA["provinces"]:
    for _code in _p.get("datelines", []):
        _DATELINES[_prep(_code)] = _p["name"]
_DATELINE_CODE_RE = re.compile(
    r"^\(?\s*(" + "|".join(map(re.escape, sorted(_DATELINES, key=len, reverse=True))) + r")\s*\)?\s*[-–—]"
) if _DATELINES else None

# Left-context tests look only at the last few words before a match, as tokens, which
# is both clearer and ~5x faster than end-anchored regex searches.
# "tỉnh X", "TP. X", "thành phố X", "huyện X", "(H. Ba Tri)".
_ADMIN_1 = {"tỉnh", "Tỉnh", "TỈNH", "huyện", "Huyện", "quận", "Quận", "TP", "TP.", "Tp", "Tp.", "tp", "tp.", "TX",
            "TX.", "Tx.", "H.", "Q.", "T.P", "T.P."}
_ADMIN_2 = {"thành phố", "Thành phố", "THÀNH PHỐ", "thị xã", "Thị xã", "thị trấn", "Thị trấn", "Thủ đô", "thủ đô"}
_ADMIN_INSIDE_RE = re.compile(
    r"(?:TP|Tp|TX|Tx)(?:\.\s*|\s+|(?=[A-ZĐ]))|[QH]\.\s*"
    r"|(?:[Tt]hành phố|THÀNH PHỐ|[Tt]hị xã|[Qq]uận|[Hh]uyện|[Tt]hị trấn)\s"
)
# "Sở Công Thương Sơn La", "UBND tỉnh Sơn La", "ngành Công thương Điện Biên": the
# article's own province, as written by its provincial paper.
_STOP = r"(?:tại|ở|với|của|cho|và|đến|từ|về|trên|khi|đã|sẽ|đang|là|như|gồm|thuộc|cùng)"
_SELF_LEFT_RE = re.compile(
    r"(?<!\w)(?:Sở|UBND|Ủy ban nhân dân|HĐND|Hội đồng nhân dân|Tỉnh ủy|Thành ủy|[Nn]gành|Cục|Ban|Chi cục|"
    r"Đoàn ĐBQH|Đoàn đại biểu Quốc hội|Công an|Bộ Chỉ huy Quân sự|Đảng bộ|Mặt trận Tổ quốc|MTTQ|Báo|Đài|"
    r"[Nn]gân hàng Nhà nước|NHNN)"
    r"(?:\s+(?!" + _STOP + r"(?!\w))[^\s,.;:()\"“”]+){0,6}?\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?$"
)
# A province's own public utility ("Điện lực Hà Nội", "Công ty Điện lực TP HCM", "Cấp nước Huế"):
# its name is the province acting, unlike a brand that carries a place ("Ngân hàng TMCP Sài Gòn").
_UTILITY_LEFT_RE = re.compile(
    r"(?<!\w)(?:[Đđ]iện lực|ĐIỆN LỰC|[Cc]ấp nước|[Cc]ấp thoát nước|[Xx]ổ số [Kk]iến thiết|[Mm]ôi trường [Đđ]ô thị|"
    r"[Cc]ông trình [Đđ]ô thị)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*|Tp\.?\s*)?$"
)
# Street names: "đường Điện Biên Phủ", "phố Huế" (but "thành phố Huế" is the city).
_STREET = {"đường", "Đường", "phố", "Phố", "đại lộ", "Đại lộ", "ngõ", "Ngõ", "hẻm", "Hẻm", "ngách", "kiệt", "Kiệt"}
_LAST_WORD_RE = re.compile(r"\s(\S+)$")
# A capitalised word next ("Thủ đô Tokyo.", "Thủ đô Hà Nội"): a nickname is then a title.
_CAPITAL_RIGHT_RE = re.compile(r"\s+" + _UP)
_OF_RIGHT_RE = re.compile(r"\s+của(?!\w)")
# The units below the province since the 2025 reform (districts were abolished).
_NEW_UNIT_1 = {"phường", "Phường", "xã", "Xã"}
_NEW_UNIT_2 = {"đặc khu", "Đặc khu"}
# Wards, communes and villages named after a province ("phường Bình Thuận" in HCMC), and rivers
# ("sông Thái Bình" flows through several provinces).
_WARD = {"phường", "Phường", "xã", "Xã", "thôn", "Thôn", "ấp", "Ấp", "khóm", "Khóm", "bản", "Bản", "đảo", "làng", "sông", "Sông"}
# Person names: a title or kinship word ("ông", "chị", "Đồng chí") and up to three
# capitalised words before the match, or a surname / typical middle name right before.
# Compared in lower case, so "Thủ môn" at a sentence start counts too.
_TITLES = {
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "cụ", "đ/c", "gs", "gs.", "pgs", "pgs.", "ts", "ts.",
    "ths", "ths.", "bs", "bs.", "ks", "ks.", "ls", "nsưt", "nsnd", "hlv", "vđv", "mẹ", "bố", "cha", "vợ", "chồng",
    "linh mục", "đồng chí", "cầu thủ", "tiền đạo", "tiền vệ", "hậu vệ", "thủ môn", "ca sĩ", "nhạc sĩ", "nghệ sĩ",
    "họa sĩ", "nhà văn", "nhà thơ", "danh thủ", "tay vợt", "võ sĩ", "thí sinh", "bệnh nhân", "bị cáo", "nghi phạm",
    "đối tượng", "hoa hậu", "á hậu", "người mẫu", "diễn viên", "đạo diễn", "nhà báo", "phóng viên", "thượng tọa",
    "hòa thượng",
}
_SURNAMES = set(
    "Nguyễn Trần Lê Phạm Huỳnh Hoàng Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Lý Đinh Đoàn Trương Lưu Lương Tạ Trịnh Mai "
    "Vương Quách Phùng Kiều Lò Lường Cầm Hà Chu Tô Tống Thân Triệu Đào Cao Lâm Hồ Giang Khổng Âu Đàm".split()
)
_MIDDLES = set("Văn Thị Hữu Đình Bá Trọng Duy Khắc Viết".split())
# Company names: a company keyword earlier in the same name ("Điện lực Hà Nội",
# "Ngân hàng TMCP Sài Gòn"), with nothing like "tại"/"chi nhánh" or a verb ("vừa được",
# "đã") in between: a name holds none of them.
_COMPANY_RE = re.compile(
    r"(?:(?<!\w)(?:[Cc]ông ty|CÔNG TY|Cty|CTY|CTCP|TNHH|[Nn]gân hàng|NGÂN HÀNG|[Tt]ập đoàn|Điện lực|ĐIỆN LỰC|"
    r"[Hh]ãng|Co\.?op|[Tt]ổng công ty|Cảng vụ|CLB|[Cc]âu lạc bộ|FC)(?!\w))"
)
_COMPANY_STOP_RE = re.compile(
    r"(?<!\w)(?:tại|ở|trên|của|thuộc|cho|với|địa bàn|chi nhánh|CN|tỉnh|thành phố|khu vực|vào|từ|đến|về|như|gồm|"
    r"các|những|nhiều|ra|và các|đã|đang|sẽ|vừa|được|chỉ|cũng|khắp|giữa)(?!\w)"
)
# An English spelling of a city, then a capitalised English word: a brand ("Hanoi Telecom").
_ENGLISH_NAMES = {"Hanoi", "HANOI", "Saigon", "SAIGON"}
_BRAND_RIGHT_RE = re.compile(r" (?!City(?![^\W\d_]))[A-Z][a-z&]*[A-Za-z&]*(?![^\W\d_])")
# A name followed by the country it is in: "Hà Nam, miền Trung Trung Quốc,", "Sơn Tây (Trung Quốc)";
# not "tại Hà Nội, Trung Quốc vẫn dẫn đầu" (a new clause).
_FOREIGN_RIGHT_RE = re.compile(
    r"\s*[,(]\s*(?:(?:miền|phía|vùng|tây|đông|nam|bắc)\s+\w+\s+)?(?:Trung Quốc|TQ)\s*"
    r"(?:[.;:)]|,(?!\s*" + _UP + r")|$)",  # not a list of places: "đi Lạng Sơn, Trung Quốc, Nga"
    re.MULTILINE,
)
# "huyện Lan Khảo, tỉnh Hà Nam, Trung Quốc đã …": a district before the name and the country
# after it; then the country may also start a clause.
_UNIT_LEFT_RE = re.compile(
    r"(?<!\w)(?:huyện|quận|thị xã|thành phố|thị trấn|thôn|làng|xã)\s+((?:" + _UP + r"[^\W\d_]*\s?){1,3}),\s*"
    r"(?:tỉnh\s+|thành phố\s+)?$"
)
_COUNTRY_RIGHT_RE = re.compile(r"\s*[,(]\s*(?:Trung Quốc|TQ)(?![^\W\d_])")
# "..., quận 5", "(Q.3", "- Quận Tân Phú": what follows names a district.
_DISTRICT_RIGHT_RE = re.compile(r"\s*[,(\-–]\s*(?=(?:[Qq]uận|QUẬN|Q\.)\s*\w)")


def _district_abroad(text: str, start: int, end: int, prov: str) -> bool:
    """Whether the name comes after a district that is not one of its own and before
    "Trung Quốc": "huyện Lan Khảo, Hà Nam, Trung Quốc đã …" is Henan, not Hà Nam."""
    if not _COUNTRY_RIGHT_RE.match(text, end):
        return False
    unit = _UNIT_LEFT_RE.search(text[max(0, start - 60):start])
    if unit is None:
        return False
    entry = _SURFACES.get(_surface_key(unit.group(1).strip()))
    return entry is None or entry[0] != prov


def _is_byline(text: str, start: int, end: int) -> bool:
    """Whether the name ends the text after a finished sentence or on a line of its own,
    where papers sign their writers ("... cho biết. Trà My", "Hà Giang")."""
    return (len(text) - end < 40 and not text[end:].strip()
            and text[max(0, start - 8):start].rstrip(" \t")[-1:] in ("\n", ".", "!", "?", "…", '"', "”"))


def _elsewhere_district(text: str, end: int, prov: str) -> bool:
    """Whether the name is followed by a district of another province: then it names a
    street, a market or a ward there ("Điện Biên Phủ, quận 3", "chợ Hòa Bình (quận 5)");
    a province is written after its districts, never before them."""
    m = _DISTRICT_RIGHT_RE.match(text, end)
    if m is None:
        return False
    district = _prov_re().match(text, m.end())
    if district is None:
        return False
    entry = _SURFACES.get(_surface_key(district.group(0)))
    return entry is not None and entry[0] is not None and entry[0] != prov


# Photo and text credits ("Ảnh: Can Lộc", "Tin, ảnh: Cẩm Trúc") and bylines.
_CREDIT_LEFT_RE = re.compile(r"(?:[Ảả]nh|[Tt]in|[Bb]ài|[Vv]ideo|[Cc]lip|PV|[Tt]heo|[Nn]guồn)\s*:\s*$")
_BYLINE_RIGHT_RE = re.compile(r"\s*\((?:(?:TTXVN|TTXVN/VNA|theo|Theo|tổng hợp|Tổng hợp)\b|(?:T/H|TH)\))")
_NAME_RIGHT_RE = re.compile(r" " + _UP + r"[^\W\d_]*(?![\w.])")
# A given name: one capital, then lower case ("Hệ"; not "II", not "ACB").
_GIVEN_NAME_RIGHT_RE = re.compile(
    r" " + _UP + "[" + re.escape("".join(ch for ch in map(chr, range(0x61, 0x1EFA)) if ch.islower())) + r"]*(?![\w.])")
_QUOTES = frozenset("\"“‘'«")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:()\"“”\n]")
_SEGMENT_SPLIT_RE = re.compile(r"[,;:()\"“”\n]|\.\s")

_W_BARE, _W_ADMIN, _W_SELF, _W_DATELINE = 1, 2, 3, 3
_W_OPENING = 1  # added for a mention in the lead's first sentence
_TITLE_FACTOR = 2
_W_TITLE_PLACE = 6
# A headline that starts with the place: "Hà Nội: ...", "TP.HCM - ...", "Cà Mau – ...".
_TITLE_PLACE_RE = re.compile(r"^([^:–—\-]{2,30}?)\s*(?::|\s[-–—]\s)")
# What may precede a province that is the headline's subject: nothing, or its administrative word.
_TITLE_SUBJECT_RE = re.compile(r"^\s*(?:(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?|Thủ đô)\s*)?$")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word.replace("-", "").isalpha()


def _clause_words(left: str, n: int = 5) -> list[str]:
    """Up to ``n`` words of the same clause right before a match, nearest last.

    Stops at a comma, bracket or sentence end, but not at an abbreviation right before
    the name ("TP. Điện Biên Phủ", "TP.Vinh", "GS. Trần").
    """
    toks = _CLAUSE_SPLIT_RE.split(left)[-1].split()
    out: list[str] = []
    for i, tok in enumerate(reversed(toks)):
        if tok[-1] in ".!?…" and not (i == 0 and (tok in _ADMIN_1 or tok.lower() in _TITLES)):
            break
        out.append(tok)
        if len(out) == n:
            break
    out.reverse()
    return out


# The rest of a unit's name after a gazetteer name it starts with: "Đông" in "xã Bình Thạnh Đông".
_NAME_GOES_ON_RE = re.compile(r"(?:[ \t]+(?:" + _UP + r"\w*|\d+)(?!\w))+")


def _units_of(typed: str, name: str | None = None) -> list[tuple[str, str | None]]:
    """(province now, former province) of the 2025 units ``typed`` names (see
    :func:`units_named`); where the list names no former province (a few special zones and
    wards: "đặc khu Côn Đảo"), the gazetteer's place of that ``name`` (default: ``typed``
    after its unit word) in that province, if one."""
    if name is None:
        name = (split_unit(typed) or ("", typed))[1]
    out = []
    for now, former in units_named(typed):
        if former is None:
            places = [p for p in _place_candidates(name) if current_of(p) == now]
            former = places[0] if len(places) == 1 else None
        out.append((now, former))
    return out


def _has_prefix(words: list[str], one: set[str], two: set[str]) -> bool:
    return bool(words) and (words[-1] in one or (len(words) >= 2 and f"{words[-2]} {words[-1]}" in two))


def _is_person(words: list[str]) -> bool:
    if not words:
        return False
    last = words[-1]
    if last in _MIDDLES or last in _SURNAMES:
        return True
    if len(words) >= 2 and words[-2] in _SURNAMES and _is_cap(last):
        return True
    # A title and up to three capitalised words: "ông Nguyễn Thái Bình", "chị Huế".
    lower = [w.lower() for w in words]
    i = len(words)
    for _ in range(4):
        if _has_prefix(lower[:i], _TITLES, _TITLES):
            return True
        if i == 0 or not _is_cap(words[i - 1]):
            return False
        i -= 1
    return False


def _is_company(left: str, self_at: int | None = None) -> bool:
    """Whether the name right after ``left`` ends a company's name. ``self_at``: where in
    ``left`` a public body naming its province starts ("UBND", "Cục Hải quan"), if one
    does: a body named after the company word starts a new name ("Co.op Mart vừa được
    UBND TP HCM ...")."""
    seg = _SEGMENT_SPLIT_RE.split(left)[-1]
    last = None
    for m in _COMPANY_RE.finditer(seg):
        last = m
    if last is None:
        return False
    if self_at is not None and self_at >= len(left) - len(seg) + last.start():
        return False
    between = seg[last.end():]
    return len(between) <= 50 and not _COMPANY_STOP_RE.search(between)


# The city's word closing an address: "phường Thủ Dầu Một, TP Hồ Chí Minh", "… (TP. Hồ Chí Minh)".
_ADDRESS_CITY_LEFT_RE = re.compile(r"[,(]\s*(?:tp\.?|thành phố)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Mention:
    province: str
    weight: int
    start: int
    place: bool   # a place inside the province (district, town, landmark), not its name
    aside: bool   # a venue, an origin or an address ("tại Hà Nội", "quê Nghệ An", "trụ sở ở")
    venue: bool = False  # "tại"/"ở" alone: where something happens, which may or may not be the story
    # The province's own name, read only after its city word, closing an address ("phường Thủ
    # Dầu Một, TP Hồ Chí Minh"): counted as a place by the features the models were trained
    # on, but there it names no place inside, only today's city the address is in.
    own_name: bool = False


def _province_mentions(text: str, details: list[_Mention] | None = None,
                       named: list[tuple[int, str]] | None = None,
                       new_units: bool = False, context: str | None = None) -> list[tuple[str, int]]:
    """(province, weight) for every counted mention in ``text`` (prepared form).

    With ``details``, each counted mention is also appended there with its position
    and context (see :class:`_Mention`). With ``named``, so is ``(position, province)``
    for a province named inside a company's name ("Công ty Dệt may Hà Nội"): a province
    the article names, though not evidence of where its story happens. With
    ``new_units`` (an article written after the 2025 reform, which named many new wards
    and communes after the towns they replaced: "phường Phan Thiết", "phường Vĩnh Yên"),
    a unit the 2025 list has by that name and word counts for the former province it lay
    in (see :func:`_units_of`; several: the one in the province named beside it, else none).
    A name the list lacks is read by the gazetteer: one after a town counts for the town's province, as a bare
    mention, unless the clause goes on to name a province the town is not part of today
    ("xã Tân Thuận, tỉnh Cà Mau": a commune's name is often reused elsewhere); one named
    after a district ("phường Vĩnh Yên, tỉnh Phú Thọ") or a former province ("phường Bạc
    Liêu, tỉnh Cà Mau") only when it does name its province. Where the clause names none,
    the province named beside the same ward elsewhere in ``context`` (the whole article;
    default ``text``) decides: "xã Tân Thuận" in a headline is the one the body places in
    Cà Mau.
    """
    out: list[tuple[str, int]] = []
    rx = _prov_re()
    pos = 0
    placed: dict[str, str] | None = None   # read from the whole article when first needed
    read_units: set[int] = set()            # where a unit's name was read with the gazetteer
    spans: list[tuple[int, int]] = []       # the whole names of units the 2025 list has
    starts: list[int] = []                  # where each of ``out`` was read
    while (m := rx.search(text, pos)) is not None:
        pos = m.end()
        entry = _SURFACES.get(_surface_key(m.group(0)))
        if entry is None or entry[0] is None:
            continue
        prov, kind = entry
        if kind == "nickname" and (_CAPITAL_RIGHT_RE.match(text, m.end()) or _OF_RIGHT_RE.match(text, m.end())
                                   or text[m.start() - 1: m.start()] in _QUOTES):
            # "Thủ đô Viêng Chăn": another capital ("Thủ đô Hà Nội": the name counts);
            # "“Thủ đô gió ngàn”", "Thủ đô của tơ lụa": a figure of speech for somewhere else.
            # A name may start inside it ("xứ Thanh Hóa"): read on from its last word.
            last = _LAST_WORD_RE.search(m.group(0))
            pos = m.start() + max(1, last.start(1) if last else len(m.group(0)))
            continue
        left = text[max(0, m.start() - 80): m.start()]
        words = _clause_words(left)
        admin = _has_prefix(words, _ADMIN_1, _ADMIN_2)
        renamed = (new_units and kind in ("place", "alias", "prefixed", "name") and not admin
                   and _has_prefix(words, _NEW_UNIT_1, _NEW_UNIT_2))
        if renamed:
            read_units.add(m.start())
            named_after = _province_after(text, m.end())
            if named_after is None:
                if placed is None:
                    placed = _wards_placed(context or text)
                named_after = placed.get(_surface_key(m.group(0)))
            # The 2025 list of units, where it has the name with its kind word: the former
            # province of the one unit so named ("phường Tuy Hòa": Phú Yên), or of the one in
            # the province named beside it; several and none named: no evidence ("xã Tân
            # Thuận"). The name read whole: "xã Bình Thạnh Đông" is no "Bình Thạnh".
            unit_word = words[-1] if words[-1] in _NEW_UNIT_1 else " ".join(words[-2:])
            goes_on = _NAME_GOES_ON_RE.match(text, m.end())
            name = m.group(0) + (goes_on.group(0) if goes_on else "")
            old_address = _DISTRICT_AFTER_RE.match(text, m.end() + (len(goes_on.group(0)) if goes_on else 0))
            units = [] if old_address else _units_of(f"{unit_word} {name}", name)
            if goes_on and not units and not old_address:
                continue
            formers = {former for now, former in units if named_after is None or now == current_of(named_after)}
            if len(formers) == 1 and None not in formers:
                prov = formers.pop()
            elif units:
                continue
            elif named_after is not None and current_of(named_after) != current_of(prov):
                continue  # "xã Tân Thuận, tỉnh Cà Mau": a name reused in another province
            elif kind in ("prefixed", "name") and named_after is None:
                continue  # a district's or a province's name alone ("xã Ngô Quyền") is reused too often
            out.append((prov, _W_BARE))
            starts.append(m.start())
            if details is not None:
                details.append(_Mention(prov, _W_BARE, m.start(), True, False, False))
            continue
        # "TP.HCM" and "quận Hoàng Mai" carry their administrative word inside: that
        # settles what they are, but it is how the name is always written, so it
        # weighs like a bare mention.
        if kind == "prefixed" and not admin and _ADMIN_INSIDE_RE.match(m.group(0)) is None:
            continue
        if not admin and _ADMIN_INSIDE_RE.match(m.group(0)) is None:
            if words and (words[-1] in _STREET and not (words[-1] in ("phố", "Phố") and words[-2:-1] == ["thành"])):
                continue
            if words and words[-1] in _WARD:
                continue  # "phường Bình Thuận, quận 7": a ward named after a province
            if _is_person(words) or _CREDIT_LEFT_RE.search(left[-12:]):
                continue
            right = text[m.end(): m.end() + 30]
            if _BYLINE_RIGHT_RE.match(right):
                continue  # "Trà My (TTXVN)": a reporter's name
            first = m.group(0).split(None, 1)[0]
            if first in _SURNAMES and _NAME_RIGHT_RE.match(right):
                continue  # "Vũ Quang Đậu", "Lý Sơn Hà": the place name starts a person name
            if m.group(0).rsplit(None, 1)[-1] in _MIDDLES and _GIVEN_NAME_RIGHT_RE.match(right) \
                    and not _prov_re().match(text, m.end() + 1):
                continue  # "Đồng Văn Hệ": a surname, a middle name and a given name, not the district
            if m.group(0) in _ENGLISH_NAMES and _BRAND_RIGHT_RE.match(right):
                continue  # "Hanoi Telecom", "Saigon Postel": an English brand
            if _is_byline(text, m.start(), m.end()):
                continue  # "Trà My" alone on the last line: the writer's name
        if _FOREIGN_RIGHT_RE.match(text, m.end()) or _district_abroad(text, m.start(), m.end(), prov):
            continue  # "tỉnh Hà Nam, Trung Quốc", "Sơn Tây (Trung Quốc)": a homonym abroad
        if kind in ("place", "prefixed") and _homonym_in(text, m.end(), prov):
            continue  # "huyện Kỳ Sơn, tỉnh Hòa Bình": the district of that name in Hòa Bình, not Nghệ An's
        utility = _UTILITY_LEFT_RE.search(left[-40:]) is not None
        own = _SELF_LEFT_RE.search(left[-60:])
        if not (admin or utility or own) and _elsewhere_district(text, m.end(), prov):
            continue  # "chợ Hòa Bình (quận 5)", "Điện Biên Phủ, Q.3": a street or a venue of another city
        if not utility and _is_company(left, None if own is None else max(0, len(left) - 60) + own.start()):
            if named is not None:
                named.append((m.start(), prov))
            continue
        # A stock exchange named after its city is national market infrastructure: a venue.
        former = (_FORMER_POST_RE.search(left[-80:]) is not None
                  or _EXCHANGE_LEFT_RE.search(left[-50:]) is not None
                  or _ADDRESS_LEFT_RE.search(left[-80:]) is not None
                  or _SIGNATURE_LEFT_RE.search(left[-80:]) is not None)
        if (utility or own) and not former:
            weight = _W_SELF
        elif admin:
            weight = _W_ADMIN
        else:
            weight = _W_BARE
        out.append((prov, weight))
        starts.append(m.start())
        if details is not None:
            am = _ASIDE_LEFT_RE.search(left[-45:])
            details.append(_Mention(prov, weight, m.start(), kind in ("place", "prefixed"), am is not None or former,
                                    am is not None and am.group(0).split(None, 1)[0] in ("tại", "ở"),
                                    kind == "prefixed" and _fkey(m.group(0)) == _fkey(prov)
                                    and _ADDRESS_CITY_LEFT_RE.search(left) is not None))
    if new_units:
        # Units the gazetteer does not know by that name ("phường Tân Uyên, TP.HCM": Bình
        # Dương's town, now a ward of Hồ Chí Minh), read with the 2025 list alone, as above.
        for u in _UNIT_NAME_RE.finditer(text):
            if u.start("name") in read_units or _DISTRICT_AFTER_RE.match(text, u.end("name")):
                continue
            named_after = _province_after(text, u.end())
            if named_after is None:
                if placed is None:
                    placed = _wards_placed(context or text)
                named_after = placed.get(_surface_key(u.group("name")))
            units = _units_of(f"{u.group('word')} {u.group('name')}", u.group("name"))
            if units:      # a place inside the name is part of it ("xã Tây Yên Tử" is no Yên Tử)
                spans.append((u.start("name"), u.end("name")))
            formers = {former for now, former in units if named_after is None or now == current_of(named_after)}
            if len(formers) == 1 and None not in formers:
                prov = formers.pop()
                out.append((prov, _W_BARE))
                starts.append(u.start("name"))
                if details is not None:
                    details.append(_Mention(prov, _W_BARE, u.start("name"), True, False, False))
        inside = {i for i, at in enumerate(starts) if any(a < at < b for a, b in spans)}
        if details is not None:
            details[:] = sorted((d for d in details if not any(a < d.start < b for a, b in spans)),
                                key=lambda d: d.start)
        # In the text's order.
        out = [found for _, i, found in sorted(zip(starts, range(len(out)), out)) if i not in inside]
    return out


# A ward followed by its district ("xã Lộc An, huyện Long Thành"): an address from before the
# 2025 reform, which abolished districts, so not a unit of the 2025 list.
_DISTRICT_AFTER_RE = re.compile(r"\s*[,(]?\s*(?:[Hh]uyện|[Qq]uận|[Tt]hị xã|TX\.?|Q\.|H\.)\s*\S")
# A unit since 2025 named with its word: "phường Tân Uyên", "xã A Sào", "đặc khu Phú Quốc"
# (not "thị xã …", a town before the reform, nor "Hợp tác xã …", a cooperative).
_UNIT_NAME_RE = re.compile(r"(?<!\w)(?P<word>[Pp]hường|(?<![Tt]hị )(?<![Tt]ác )[Xx]ã|[Đđ]ặc khu)[ \t]+"
                           r"(?P<name>(?:" + _UP + r"\w*|\d+)(?:[ \t]+(?:" + _UP + r"\w*|\d+)(?!\w))*)")


#: A province named as the one a place just named lies in, after the units between them:
#: ", tỉnh Hòa Bình", ", huyện Kỳ Sơn, tỉnh Hòa Bình", "(Hòa Bình)".
_PROVINCE_OF_PLACE_RE = re.compile(
    r"(?:\s*,\s*(?:[Hh]uyện|[Qq]uận|[Tt]hị xã|[Tt]hị trấn|[Xx]ã|[Pp]hường)\s+" + _UP + r"[^\W\d_]*"
    r"(?:\s+" + _UP + r"[^\W\d_]*)*)*"
    r"\s*(?:,\s*(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?)\s*|\(\s*(?:[Tt]ỉnh\s+)?)")


def _homonym_in(text: str, at: int, prov: str) -> bool:
    """Whether the place ending at ``at``, which the gazetteer puts in ``prov``, is said to
    lie in a province that is not ``prov``'s, then or now: its namesake there ("huyện Kỳ
    Sơn, tỉnh Hòa Bình"; Kỳ Sơn is also a district of Nghệ An; but "Lục Ngạn (Bắc Ninh)",
    written after the 2025 merger, is Bắc Giang's). Only a province named with its word or
    in brackets: a list ("Móng Cái, Lạng Sơn") names places of several."""
    lead = _PROVINCE_OF_PLACE_RE.match(text, at)
    if lead is None or lead.end() == at:
        return False
    nxt = _prov_re().match(text, lead.end())
    entry = _SURFACES.get(_surface_key(nxt.group(0))) if nxt else None
    if _LIST_GOES_ON_RE.match(text, nxt.end() if nxt else at):
        return False    # "TP Móng Cái, tỉnh Lạng Sơn và tỉnh Lào Cai": a list of places
    return entry is not None and entry[0] is not None and entry[1] in ("name", "alias") \
        and entry[0] != prov and current_of(entry[0]) != current_of(prov)


#: Another place of a list after a province ("…, tỉnh Lạng Sơn và tỉnh Lào Cai").
_LIST_GOES_ON_RE = re.compile(r"\s*(?:,|và|với|cùng)\s*(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?)\s")


def _province_after(text: str, at: int) -> str | None:
    """The province an address written from ``at`` ends with, within the next few words
    of the same sentence: "xã Tân Thuận, huyện Đầm Dơi, tỉnh Cà Mau", "(Cà Mau)", "TP.
    Cần Thơ"; else None. Only names, numbers and administrative words may come between:
    "cách TP HCM", "đi TP HCM" or "- Hà Nội" is somewhere else, not where the ward is."""
    end = _WORD_TAIL_RE.match(text, sentence_end(text, at, 60)).end()  # never cut a word ("Long Anh")
    for nxt in _prov_re().finditer(text, at, end):
        if not _ADDRESS_GAP_RE.fullmatch(text, at, nxt.start()):
            return None
        entry = _SURFACES.get(_surface_key(nxt.group(0)))
        if entry is None or entry[0] is None:
            continue
        # A province's own name: "Hồ Chí Minh" is stored as one that needs its "TP".
        if entry[1] in ("name", "alias") or (entry[1] == "prefixed" and nxt.group(0).lower() == entry[0].lower()):
            return entry[0]
    return None


# What an address holds between a ward and its province: separators, numbers, the
# administrative words and capitalised names ("1, huyện Đầm Dơi, tỉnh ").
_ADDRESS_GAP_RE = re.compile(
    r"(?:[\s,().]|\d+|(?:[Hh]uyện|[Qq]uận|[Tt]hị xã|[Tt]hị trấn|[Tt]hành phố|[Tt]ỉnh|TP|Tp|TX|Tx|H|Q)(?!\w)|"
    + _UP + r"[^\W\d_]*)*"
)


_WORD_TAIL_RE = re.compile(r"\w*")


def _wards_placed(context: str) -> dict[str, str]:
    """Ward and commune names -> the province named right after them, where ``context``
    writes one so ("xã Tân Thuận, tỉnh Cà Mau", "phường Bạc Liêu (Cà Mau)"): how the
    article places a ward it also names bare. One pass over the text."""
    placed: dict[str, str] = {}
    rx = _prov_re()
    for m in rx.finditer(context):
        key = _surface_key(m.group(0))
        if key in placed:
            continue
        if _has_prefix(_clause_words(context[max(0, m.start() - 80): m.start()]), _NEW_UNIT_1, _NEW_UNIT_2):
            found = _province_after(context, m.end())
            if found is not None:
                placed[key] = found
    # And units the gazetteer does not know by that name ("xã An Bình, tỉnh Phú Thọ").
    for u in _UNIT_NAME_RE.finditer(context):
        key = _surface_key(u.group("name"))
        if key not in placed:
            found = _province_after(context, u.end("name"))
            if found is not None:
                placed[key] = found
    return placed


# A person's former post ("nguyên Phó Giám đốc Sở Công Thương TP Hải Phòng", "về làm Phó Chủ tịch
# UBND tỉnh X"): the province is where someone once worked, not where the story happens.
_FORMER_POST_RE = re.compile(
    r"(?<!\w)(?:nguyên|cựu|từng|từng là|từng giữ chức|về làm|sang làm|chuyển sang làm|chuyển về làm|khi còn là|"
    r"[Tt]rước đây|[Tt]rước đó)\s+(?:[^\s,.;:()]+\s+){0,8}?(?:Sở|UBND|Ủy ban|Tỉnh ủy|Thành ủy|HĐND|Cục|Chi cục)"
    r"(?:\s+[^\s,.;:()]+){0,6}?\s*$"
)
_EXCHANGE_LEFT_RE = re.compile(
    r"(?:Sở [Gg]iao dịch [Cc]hứng khoán|Trung tâm [Gg]iao dịch [Cc]hứng khoán|TTGDCK|SGDCK|"
    r"[Ss]àn (?:[Gg]iao dịch )?(?:[Cc]hứng khoán|thứ cấp)|[Ss]àn [Gg]iao dịch|[Tt]hị trường [Cc]hứng khoán)\s+"
    r"(?:[Tt]hành phố\s+|TP\.?\s*|Tp\.?\s*)?$"
)
# A postal address: "tại văn phòng công ty, 96 Lò Đúc, Hà Nội", "Số 1092F Đường Ba Tháng Hai,
# Phường 12, Quận 11, Tp. Hồ Chí Minh": a house number and a street, then wards and districts.
_ADDRESS_LEFT_RE = re.compile(
    r"(?<![\w/])(?:[Ss]ố\s+)?\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*\s+(?:[^\s,;.()]+\s+){0,5}?[^\s,;.()]+,\s*"
    r"(?:(?:[Pp]hường|[Qq]uận|[Xx]ã|[Hh]uyện|[Tt]hị trấn|[Tt]hị xã|P\.|Q\.)\s*[^\s,;.()]+(?:\s+[^\s,;.()]+){0,2},\s*){0,3}"
    r"(?:TP\.?\s*|Tp\.?\s*|[Tt]hành phố\s+|[Tt]ỉnh\s+|[Qq]uận\s+|[Hh]uyện\s+|[Pp]hường\s+)?$"
)
# A reader's or writer's signature: "(Phạm Minh Việt - Hố Nai, Biên Hòa, Đồng Nai)", "(Tran Van -
# Hà Nội)" under a question sent to the paper: where the person lives, not the story's place.
_SIGNATURE_LEFT_RE = re.compile(
    r"\(\s*(?:[A-ZĐÂĂÊÔƠƯ][^\W\d_]*\s+){1,4}[A-ZĐÂĂÊÔƠƯ][^\W\d_]*\s*[-–]\s*(?:[^()\n]*,\s*)?$"
)
# A mention that only places something: a venue ("tại Hà Nội", "diễn ra ở"), an origin
# ("quê Nghệ An", "đến từ", "ngụ tại") or an address ("trụ sở tại", "đóng trên địa bàn").
_ASIDE_LEFT_RE = re.compile(
    r"(?:(?<!\w)(?:tại|ở|Tại|Ở)|quê(?: ở| quán)?|đến từ|ngụ(?: tại| ở)?|trú(?: tại| ở)?|thường trú(?: tại)?|người"
    r"|trụ sở(?: chính)?(?: tại| ở)?|văn phòng(?: đại diện)?(?: tại| ở)|chi nhánh(?: tại| ở)|địa chỉ(?: tại| ở)?|đóng(?: tại| ở| trên địa bàn)?|xuất thân(?: từ)?)"
    r"(?:\s+(?:thủ đô|TP\.?|Tp\.?|thành phố|tỉnh|quận|huyện))?\s*$"
)
# Evidence that a story is national or foreign rather than local, looked for in the
# title and lead: ministries and national bodies, the whole country, other countries.
_NATIONAL_RE = re.compile(
    r"(?<!\w)(?:Bộ (?:trưởng|Công [Tt]hương|Tài chính|Kế hoạch|Thương mại|Công nghiệp|Nông nghiệp|Xây dựng|"
    r"Giao thông|Y tế|Giáo dục|Tài nguyên|Khoa học|Lao động|Ngoại giao|Quốc phòng|Công an|Tư pháp|Nội vụ|"
    r"Thông tin|Văn hóa|Thủy sản)|Thủ tướng|Phó Thủ tướng|Chính phủ|Quốc hội|Chủ tịch nước|Nhà nước|Trung ương|"
    r"cả nước|toàn quốc|trên toàn quốc|Việt Nam|VN|EVN|Tổng cục|Ngân hàng Nhà nước|UBCK|Hiệp hội|VCCI)(?!\w)"
)
_FOREIGN_RE = re.compile(
    r"(?<!\w)(?:Mỹ|Hoa Kỳ|Trung Quốc|Nhật Bản|Nhật|Hàn Quốc|Nga|Pháp|Đức|Anh|Thái Lan|Singapore|Malaysia|"
    r"Indonesia|Philippines|Campuchia|Lào|Ấn Độ|Australia|Úc|Canada|EU|châu Âu|châu Á|ASEAN|APEC|WTO|"
    r"thế giới|quốc tế|nước ngoài|Đài Loan|Hồng Kông|Hong Kong|Myanmar|Brazil|Iran|Israel|Ukraine|OPEC)(?!\w)"
)
# One-syllable country names that are also Vietnamese given names and parts of place names:
# "Mỹ Tho", "Lào Cai", "Thủ Đức", "Đông Anh", "Tuấn Anh", "Phương Nga" name no foreign party,
# while "Nam Mỹ", "Anh Quốc" and "Tổng thống Mỹ Donald Trump" do.
_NAME_SYLLABLE_COUNTRIES = frozenset({"Mỹ", "Anh", "Nga", "Đức", "Nhật", "Pháp", "Lào", "Úc"})
_CONTINENT_BEFORE = frozenset({"Nam", "Bắc", "Trung", "Châu", "Toàn"})
# Words that open a sentence before a nationality ("Người Mỹ", "Nước Anh", "Khách Úc"):
# capitalised as the sentence's first word, not as a name.
# (Nouns only, never a name's syllable: "Thị", "Quân" or "Đồng" would make "Nguyễn Thị Nga" foreign.)
_NATIONALITY_BEFORE = frozenset({"Người", "Nước", "Khách", "Hàng", "Phía", "Bên", "Tàu", "Tiếng",
                                 "Phim", "Báo", "Giới", "Xe"})
_COUNTRY_AFTER = frozenset({"Quốc"})
_WORD_BEFORE_RE = re.compile(r"(\w+) $")
_WORD_AFTER_RE = re.compile(r" (\w+)")


def _name_syllable(word: str) -> bool:
    """A syllable of a Vietnamese name: capitalised, the rest in lower case ("TĂNG" in a
    headline in capitals is no name)."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and is_vietnamese_syllable(word)


def _foreign(text: str) -> list[str]:
    """The foreign countries, regions and bodies ``text`` names, leaving out a one-syllable
    country name that is one syllable of a Vietnamese person's or place's name."""
    found = []
    for m in _FOREIGN_RE.finditer(text):
        name = m.group(0)
        if name in _NAME_SYLLABLE_COUNTRIES:
            before = _WORD_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
            after = _WORD_AFTER_RE.match(text, m.end())
            if after and _name_syllable(after.group(1)) and after.group(1) not in _COUNTRY_AFTER:
                continue
            if before and _name_syllable(before.group(1)) and before.group(1) not in _NATIONALITY_BEFORE \
                    and not (name == "Mỹ" and before.group(1) in _CONTINENT_BEFORE):
                continue
        found.append(name)
    return found


# National bodies and the whole country acting: a meeting "tại Hà Nội" run by a ministry,
# an association or a foreign party is a venue, not a story about Hà Nội.
_NATIONAL_BODY_RE = re.compile(
    r"(?<!\w)(?:Bộ (?:trưởng|Công [Tt]hương|Tài chính|Kế hoạch|Thương mại|Công nghiệp|Nông nghiệp|Xây dựng|"
    r"Giao thông|Y tế|Giáo dục|Tài nguyên|Khoa học|Lao động|Ngoại giao|Quốc phòng|Công an|Tư pháp|Nội vụ|"
    r"Thông tin|Văn hóa|Thủy sản)|Thủ tướng|Phó Thủ tướng|Chính phủ|Quốc hội|Chủ tịch nước|Trung ương|"
    r"cả nước|toàn quốc|EVN|Tổng cục|Tổng công ty|Tập đoàn|Ngân hàng Nhà nước|UBCK|Hiệp hội|VCCI|Cục|Vụ|"
    r"Liên hợp quốc|WB|ADB|JICA|USAID|UNDP|Đại sứ quán|Đại sứ|Triển lãm quốc tế|"
    r"Hội chợ quốc tế)(?!\w)"
)
# "Vụ" heads a ministry's department ("Vụ Thị trường trong nước", "Vụ trưởng") but far more often
# an incident at the start of a sentence ("Vụ cháy", "Vụ việc", "Vụ tai nạn"), which is local news.
_DEPARTMENT_AFTER = frozenset({"trưởng", "phó"})


def _national_body(text: str) -> bool:
    """Whether ``text`` names a national body or the whole country acting."""
    for m in _NATIONAL_BODY_RE.finditer(text):
        if m.group(0) == "Vụ":
            after = _WORD_AFTER_RE.match(text, m.end())
            if after is None or (after.group(1)[:1].islower() and after.group(1) not in _DEPARTMENT_AFTER):
                continue
        return True
    return False


# A story spread over a region or many provinces. (The regions a filter value may name are
# data/regions.json's, read by regions.py; this list is the extraction rules' own, so that
# editing that file changes no stored fact and needs no rebuild.)
_SPREAD_RE = re.compile(
    r"(?<!\w)(?:các tỉnh|nhiều tỉnh|các địa phương|nhiều địa phương|các tỉnh, thành(?: phố)?|miền Bắc|miền Nam|"
    r"miền Trung|phía Bắc|phía Nam|Đồng bằng sông Cửu Long|ĐBSCL|Tây Nguyên|Tây Bắc|Đông Nam Bộ|Nam Bộ|Bắc Bộ|"
    r"Trung Bộ|duyên hải|vùng)(?!\w)",
    re.IGNORECASE,
)
_BIG_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh"})
# A news roundup ("Tin vắn ngày 30/6"): several unrelated items, so no one main province.
_ROUNDUP_RE = re.compile(r"^\s*(?:Tin vắn|Tin ngắn|Điểm tin|Tin tóm tắt|Tin nhanh|Bản tin)(?!\w)", re.IGNORECASE)


_LEAD_SPAN = 400  # characters of the body read as the lead


@dataclass
class _Evidence:
    """What the text says about one article's provinces: scores and the top one's features."""

    scores: dict[str, int]
    order: list[str]
    top: str | None
    features: dict[str, float]
    several_in_title: bool = False  # the headline names a region, or two provinces or more, none as its place
    only_placed: bool = False  # every mention of the top one is a venue of others, an origin, an address...
    mentioned: list[str] | None = None  # ``order`` and the provinces only named in company names

    @property
    def named(self) -> list[str]:
        """Every province the article names, in order of first mention."""
        return self.order if self.mentioned is None else self.mentioned


def _province_evidence(title: str, body: str, merged: bool = False) -> _Evidence:
    """Scores of every province mentioned and the features of the top one.

    With ``merged`` (an article written after the 2025 merger) the former units of one
    current unit are one candidate: "tỉnh Lâm Đồng" and "Phan Thiết" then speak of the
    same province, named by the current unit's name when the article uses it.
    """
    scores: dict[str, int] = {}

    def add(prov: str, weight: int) -> None:
        scores[prov] = scores.get(prov, 0) + weight

    t_details: list[_Mention] = []
    t_named: list[tuple[int, str]] = []
    article = title + "\n" + body     # where a ward named bare is placed elsewhere
    for prov, w in _province_mentions(title, t_details, t_named, new_units=merged, context=article):
        add(prov, w * _TITLE_FACTOR)
    # "Hà Nội: ...", "TP.HCM - ...": the headline says where the story is.
    title_place = None
    tm = _TITLE_PLACE_RE.match(title)
    title_region = False
    if tm:
        head = _province_mentions(tm.group(1))
        if len(head) == 1:
            title_place = head[0][0]
            add(title_place, _W_TITLE_PLACE)
        elif not head and _SPREAD_RE.search(tm.group(1)):
            title_region = True  # "Miền Trung: ...", "ĐBSCL - ...": a region's story
    if title_place is None and t_details and t_details[0].start <= 12 and not t_details[0].aside:
        # "TP HCM sẽ di dời 6 cảng", "Hà Nội đẩy mạnh ...": the headline's subject is the province.
        if _TITLE_SUBJECT_RE.match(title[: t_details[0].start]):
            title_place = t_details[0].province
            add(title_place, _W_TITLE_PLACE)
    dateline = None
    if _DATELINE_CODE_RE is not None:
        for para in body.split("\n", 2)[:2]:
            m = _DATELINE_CODE_RE.match(para.lstrip())
            if m:
                dateline = _DATELINES[m.group(1)]
                add(dateline, _W_DATELINE)
                break
    b_details: list[_Mention] = []
    b_named: list[tuple[int, str]] = []
    _province_mentions(body, b_details, b_named, new_units=merged, context=article)
    # The first sentence of the lead says who acts and where: a province named there
    # counts once more (a place where things happen, "ở Tiền Giang", too; not an origin,
    # an address or a former post).
    first_para = _strip_dateline(body.lstrip().split("\n", 1)[0]) if body.strip() else ""
    first_sentence = _first_sentence(first_para)[:400]
    at = body.find(first_sentence[:40]) if first_sentence else -1
    opening_end = at + len(first_sentence) if at >= 0 else 0
    for d in b_details:
        add(d.province, d.weight + (_W_OPENING if d.start < opening_end and (d.venue or not d.aside) else 0))
    mentioned = _with_named(scores, t_details, b_details, t_named, b_named)
    if not scores:
        return _Evidence({}, [], None, {}, mentioned=mentioned)
    order = list(scores)  # dicts keep insertion order: order of first mention
    if merged:
        scores, t_details, b_details = _merge_units(scores, t_details, b_details)
        title_place = _merged_name(title_place, scores)
        dateline = _merged_name(dateline, scores)
    ranked = sorted(scores, key=lambda p: scores[p], reverse=True)
    top = ranked[0]
    best = scores[top]
    second = scores[ranked[1]] if len(ranked) > 1 else 0
    t_mine = [d for d in t_details if d.province == top]
    mine = t_mine + [d for d in b_details if d.province == top]
    lead = title + "\n" + body[:_LEAD_SPAN]
    opening = title + "\n" + first_sentence
    lead_mine = [d for d in b_details if d.province == top and d.start < _LEAD_SPAN]
    venues = [d for d in lead_mine if d.venue]
    national_venue = sum(1 for d in venues if _national_body(_sentence_at(body, d.start))
                         or _foreign(_sentence_at(body, d.start)))
    f = {
        "score": math.log1p(best),
        "share": best / sum(scores.values()),
        "margin": (best - second) / best,
        "in_title": float(any(d.province == top for d in t_details) or title_place == top),
        "in_lead": float(any(d.province == top and d.start < _LEAD_SPAN for d in b_details)),
        "self": float(any(d.weight == _W_SELF for d in mine)),
        "place": float(any(d.place for d in mine)),
        "aside": sum(d.aside for d in mine) / max(1, len(mine)),
        "mentions": math.log1p(len(mine)),
        "dateline": float(dateline == top),
        "national": math.log1p(len(_NATIONAL_RE.findall(lead))),
        "foreign": math.log1p(len(_foreign(lead))),
        "big_city": float(top in _BIG_CITIES),
        "provinces": math.log1p(len(order)),
        "admin": float(any(d.weight == _W_ADMIN for d in mine)),
        "first": float(order[0] == top),
        "title_national": float(_NATIONAL_RE.search(title) is not None or bool(_foreign(title))),
        "places": math.log1p(sum(d.place for d in mine)),
        "length": math.log1p(len(body) / 1000),
        "venue": sum(d.venue for d in mine) / max(1, len(mine)),
        "national_venue": national_venue / max(1, len(lead_mine)),
        "opening_national": float(_national_body(opening)),
        "opening_foreign": float(bool(_foreign(opening))),
        "spread": float(_SPREAD_RE.search(lead) is not None),
        "title_spread": float(_SPREAD_RE.search(title) is not None or len({d.province for d in t_details}) >= 2),
        # "4 sở thương mại Hà Nội, TP HCM, Hải Phòng và Đà Nẵng": a lead that lists provinces.
        "opening_many": float(len({d.province for d in t_details}
                                  | {d.province for d in b_details if d.start < opening_end}) >= 3),
        "in_opening": float(any(d.province == top for d in t_details)
                            or any(d.province == top and d.start < opening_end and not d.aside for d in b_details)),
    }
    # A venue or origin in the headline ("Tại TP Hồ Chí Minh, Đồng Nai giới thiệu…") is not one
    # of several provinces the story is about.
    several = title_region or (title_place is None and len({d.province for d in t_details if not d.aside}) >= 2)

    def placing(d: _Mention, text: str) -> bool:
        # Only places the story: an origin, an address, a former post, an exchange's name,
        # or a venue of something a national body or a foreign party does.
        if not d.aside:
            return False
        if not d.venue:
            return True
        sentence = _sentence_at(text, d.start)
        return _national_body(sentence) or bool(_foreign(sentence))

    only_placed = (bool(mine) and title_place != top and dateline != top
                   and all(placing(d, title) for d in t_mine)
                   and all(placing(d, body) for d in mine[len(t_mine):]))
    return _Evidence(scores, order, top, f, several, only_placed, mentioned)


def _with_named(scores: dict[str, int], t_details: list[_Mention], b_details: list[_Mention],
                t_named: list[tuple[int, str]], b_named: list[tuple[int, str]]) -> list[str] | None:
    """The provinces counted (``scores``, in order of first mention) with those only named
    in a company's name put where they first appear; None when there are none of those."""
    extra = [p for _, p in t_named + b_named if p not in scores]
    if not extra:
        return None
    events = sorted([(0, d.start, d.province) for d in t_details] + [(0, at, p) for at, p in t_named]) + \
        sorted([(1, d.start, d.province) for d in b_details] + [(1, at, p) for at, p in b_named])
    out = list(scores)
    previous: str | None = None
    for _, _, prov in events:
        if prov not in out:
            out.insert(out.index(previous) + 1 if previous is not None else 0, prov)
        previous = prov
    return out


def _merged_name(prov: str | None, scores: dict[str, int]) -> str | None:
    """The candidate that stands for ``prov`` after :func:`_merge_units`."""
    if prov is None or prov in scores:
        return prov
    now = current_of(prov)
    return next((p for p in scores if current_of(p) == now), prov)


def _merge_units(scores: dict[str, int], t_details: list[_Mention], b_details: list[_Mention]):
    """Scores and mentions with the former units of each current unit added together.

    The group is named by the former unit its places lie in when they all lie in one
    ("phường Phan Thiết, tỉnh Lâm Đồng": Bình Thuận, now part of Lâm Đồng; "tỉnh Lâm Đồng"
    names today's province, which spans three former ones), else by the current unit's
    own name when it was mentioned (it is also one of the 63 former names), else by its
    best-scoring former unit.
    """
    groups: dict[str, list[str]] = {}
    for prov in scores:
        groups.setdefault(current_of(prov) or prov, []).append(prov)
    # "phường Thủ Dầu Một, TP Hồ Chí Minh": the ward's place is Bình Dương's; the city's name is none.
    placed = {d.province for d in (*t_details, *b_details) if d.place and not d.own_name}
    rep: dict[str, str] = {}
    for now, members in groups.items():
        places = [p for p in members if p in placed]
        name = (places[0] if len(places) == 1 and len(members) > 1 and now in members else
                now if now in members else max(members, key=lambda p: scores[p]))
        for prov in members:
            rep[prov] = name
    merged: dict[str, int] = {}
    for prov, score in scores.items():
        merged[rep[prov]] = merged.get(rep[prov], 0) + score

    def relabel(details: list[_Mention]) -> list[_Mention]:
        return [dataclasses.replace(d, province=rep.get(d.province, d.province)) for d in details]

    return merged, relabel(t_details), relabel(b_details)


@functools.lru_cache(maxsize=1)
def _province_model() -> tuple[dict[str, float], float, float, tuple[float, ...]]:
    """(feature weights, bias, threshold, weights of the document vector: empty when the
    model does without it)."""
    data = _load("province_model.json")
    return (data["weights"], float(data["bias"]), float(data["threshold"]),
            model_weights(data, "province_model.json"))


class _Vector:
    """An article's document vector (:mod:`ctsearch.docvec`), worked out on first use:
    many articles are decided without it (no candidate province, a plain rule, a short
    text), and one vector serves the province and every topic."""

    __slots__ = ("_title", "_body", "_value")

    def __init__(self, title: str, body: str) -> None:
        self._title, self._body = title, body  # prepared; lower-cased when first needed
        self._value: Sequence[float] | None = None

    def get(self) -> Sequence[float]:
        if self._value is None:
            self._value = doc_vectors().vector(self._title.lower(), self._body.lower())
        return self._value


def _main_probability(features: dict[str, float], vector: Sequence[float] | None = None) -> float:
    weights, bias, _, vector_weights = _province_model()
    z = bias + sum(w * features.get(k, 0.0) for k, w in weights.items()) + weigh(vector_weights, vector)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _no_main_province(title: str, ev: _Evidence) -> bool:
    """What a careful reader sees at once: no one province is the story.

    A roundup of unrelated items ("Tin vắn ngày 30/6"); a headline naming several
    provinces ("Hà Nam, Hải Phòng hoàn thành ...", "... ở Bình Dương, Đồng Nai"); or a
    top province that is only ever an origin, an address, a former post, or the venue of
    what a national body or a foreign party does ("Bộ Công Thương họp tại Hà Nội").
    """
    return bool(_ROUNDUP_RE.match(title)) or ev.several_in_title or ev.only_placed


def _extract_provinces(title: str, body: str, merged: bool = False,
                       vector: _Vector | None = None) -> tuple[str | None, list[str]]:
    """As :func:`extract_provinces`, on prepared text; ``vector``: the article's
    document vector, shared with the topics (else worked out here if the model needs it)."""
    ev = _province_evidence(title, body, merged)
    if ev.top is None:
        return None, ev.named
    _, _, threshold, vector_weights = _province_model()
    if ev.features["margin"] <= 0:
        return None, ev.named  # two provinces tie: the article is about neither alone
    if ev.features["dateline"]:
        return ev.top, ev.named  # a provincial paper's own dateline ("BDK - ") names its province
    if _no_main_province(title, ev):
        return None, ev.named
    vec = (vector or _Vector(title, body)).get() if vector_weights else None
    main = ev.top if _main_probability(ev.features, vec) >= threshold else None
    return main, ev.named


def extract_provinces(title: str, body: str, date: str | None = None) -> tuple[str | None, list[str]]:
    """(main province or None, every province mentioned in order of first mention).

    Counts capitalised names of the 63 provinces, their aliases and places that belong
    to one province, skipping person names, company names and street names. The
    article's own province ("Sở Công Thương X", "UBND tỉnh X", a provincial paper's
    dateline) weighs most; the main province must be clearly ahead of the others.
    With a ``date`` on or after the 2025 merger, places of one current province count
    together (see :func:`_province_evidence`).
    """
    return _extract_provinces(_prep(title), _prep(body), _after_merger(date))


_MERGER_DAY = tuple(int(part) for part in MERGER_DATE.split("-"))


def _after_merger(date: str | None) -> bool:
    """A day, a month ("2025-07", "2025-7") or a year ("2026") all of which is on or after
    the merger."""
    y, m, d = _parse_hint(str(date or "")[:10])
    return y is not None and (y, m or 1, d or 1) >= _MERGER_DAY


def _fkey(value: str) -> str:
    key = folded_key(value)
    key = re.sub(r"[.\-–—,_/()'’]+", " ", key)
    return " ".join(key.split())


_PREFIX_WORDS = ("tinh ", "thanh pho ", "tp ", "t p ", "thu do ", "co do ")
_SUFFIX_WORDS = (" city", " province")


def _strip_affixes(key: str) -> str:
    for pre in _PREFIX_WORDS:
        if key.startswith(pre):
            key = key[len(pre):]
            break
    for suf in _SUFFIX_WORDS:
        if key.endswith(suf):
            key = key[: -len(suf)]
    return key


_LOOKUP: dict[str, str] = {}
# The short forms people type in a filter ("HN", "SG"): accepted, but never offered as
# the nearest spelling of something else (any two letters are near "hn").
_SHORT_FORMS: dict[str, str] = {}
for _p in _PROV_DATA["provinces"]:
    for _table, _forms in ((_LOOKUP, [_p["name"], *_p.get("aliases", [])]),
                           (_SHORT_FORMS, _p.get("filter_aliases", []))):
        for _form in _forms:
            _k = _fkey(_form)
            for _variant in (_k, _strip_affixes(_k)):
                if _variant:
                    _table.setdefault(_variant, _p["name"])
                    _table.setdefault(_variant.replace(" ", ""), _p["name"])
# Syllable initials of each name ("dn" for Đà Nẵng, Đồng Nai and Đắk Nông): an
# abbreviation nobody can resolve alone is answered with every province it may mean.
_INITIALS: dict[str, list[str]] = {}
for _name in [p["name"] for p in _PROV_DATA["provinces"]]:
    _INITIALS.setdefault("".join(w[0] for w in _fkey(_name).split()), []).append(_name)


def match_province(value: str) -> str | None:
    """Lenient lookup of a user-typed province -> canonical name, else None.

    Ignores case, diacritics, tone placement, punctuation and a leading "tỉnh"/"TP":
    "ben tre", "TP HCM", "hồ chí minh", "Thanh Hoá", "Thừa Thiên - Huế" all match.
    """
    if not value or not value.strip():
        return None
    bare = without_label(value)
    key = _fkey(bare)
    for variant in (key, _strip_affixes(key)):
        for form in (variant, variant.replace(" ", "")):
            found = _LOOKUP.get(form) or _SHORT_FORMS.get(form)
            if found:
                # A label taken back must be this province's ("Hà Giang (nay thuộc Cà Mau)" is none).
                label = (province_label(found) or "")[len(found):]
                return found if bare == value or _fkey(value[len(bare):]) == _fkey(label) else None
    return None


def _without_admin(name: str) -> str:
    """``name`` without the administrative word it starts with ("quận Hoàng Mai", "TP. Vinh")."""
    prefix = _ADMIN_INSIDE_RE.match(name)
    return name[prefix.end():] if prefix else name


def _marked_key(name: str) -> str:
    """A place name with its diacritics, in any case and spacing ("phú ninh", "Phú  Ninh")."""
    return _surface_key(_prep(name)).lower()


@functools.lru_cache(maxsize=1)
def _places_by_spelling() -> dict[str, tuple[str, ...]]:
    """Place name with its diacritics -> every province with a place so spelled, however it is
    typed (a town, a district, a landmark, a former province, what the press calls it), in
    the data file's order. "Phú Ninh" is Quảng Nam's, "Phù Ninh" Phú Thọ's; "Châu Thành"
    is in ten provinces."""
    found: dict[str, set[str]] = {}
    for surface, (prov, kind) in _SURFACES.items():
        if prov is not None and kind in ("place", "prefixed", "alias", "nickname"):
            found.setdefault(_marked_key(_without_admin(surface) if kind in ("place", "prefixed") else surface),
                             set()).add(prov)
    # Shared district names, unless the gazetteer gives that spelling to one province on
    # purpose ("Sơn Tây" is Hà Nội's town to a reader, though Quảng Ngãi has a district so named).
    for name, provs in _DISTRICTS.get("shared", {}).items():
        found.setdefault(_marked_key(name), set(provs))
    # "quận 7" is a place, "7" is not.
    return {key: tuple(sorted(provs, key=PROVINCES.index))
            for key, provs in found.items() if key and not key.isdigit()}


@functools.lru_cache(maxsize=1)
def _place_owners() -> dict[str, tuple[str, ...]]:
    """Folded place name -> every province with a place of that name once diacritics are
    dropped ("phu ninh": Phú Thọ and Quảng Nam)."""
    found: dict[str, set[str]] = {}
    for key, provs in _places_by_spelling().items():
        found.setdefault(_fkey(key), set()).update(provs)
    return {key: tuple(sorted(provs, key=PROVINCES.index)) for key, provs in found.items()}


@functools.lru_cache(maxsize=1)
def _places_by_key() -> dict[str, str]:
    """Folded place name -> its province, for the places that belong to one province."""
    return {key: provs[0] for key, provs in _place_owners().items() if len(provs) == 1}


@functools.lru_cache(maxsize=1)
def _shared_kinds() -> dict[str, dict[str, str]]:
    """Shared district name, folded and with its diacritics -> {province: "quận" | "huyện" |
    "thị xã" | "thành phố"}."""
    out: dict[str, dict[str, str]] = {}
    for name, kinds in _DISTRICTS.get("shared", {}).items():
        out.setdefault(_fkey(name), {}).update(kinds)
        out.setdefault(_marked_key(name), {}).update(kinds)
    return out


# The administrative word before a place as people type it in a filter: any case, with or
# without diacritics ("tx", "tp", "huyen", "thi xa").
_TYPED_ADMIN_RE = re.compile(
    _ADMIN_INSIDE_RE.pattern + r"|(?:thanh pho|thi xa|quan|huyen|thi tran)\s", re.IGNORECASE)
# What the administrative word typed before a district says of it; a thị xã is often
# made a thành phố, so either word fits both.
_TYPED_KIND = {"quan": "quận", "q": "quận", "huyen": "huyện", "h": "huyện",
               "thi xa": "town", "tx": "town", "thanh pho": "town", "tp": "town", "t p": "town"}
_KIND_OF = {"quận": "quận", "huyện": "huyện", "thị xã": "town", "thành phố": "town"}


def _place_candidates(typed: str) -> tuple[str, ...]:
    """Every province a typed place may be in, in the data file's order: the place so
    spelled when typed with its diacritics ("Phú Ninh": Quảng Nam), else every place that
    name folds to ("phu ninh": Phú Thọ, Quảng Nam), narrowed by the administrative word
    typed before a shared district ("quận Tân Phú": Hồ Chí Minh, not Đồng Nai's huyện)."""
    prefix = _TYPED_ADMIN_RE.match(typed)
    kind = _TYPED_KIND.get(_fkey(prefix.group(0))) if prefix else None
    owners = _place_owners()
    # "huyện Ba Tri", "tp vinh"; but "quận 7" is looked up whole, and "TP Cảng" too.
    for form in dict.fromkeys((typed, typed[prefix.end():] if prefix else typed)):
        if not form:
            continue
        key = _fkey(form)
        spelled = _places_by_spelling().get(_marked_key(form))
        found = spelled or owners.get(key) or owners.get(_strip_affixes(key)) or ()
        # The kinds of the places so spelled ("huyện Thanh Trì" is Hà Nội's, never Sóc Trăng's
        # Thạnh Trị), else of every place the name folds to.
        kinds = None if not kind else (_shared_kinds().get(_marked_key(form)) if spelled else
                                       _shared_kinds().get(key) or _shared_kinds().get(_strip_affixes(key)))
        if kinds:   # "huyện Sơn Tây" is Quảng Ngãi's, though "Sơn Tây" alone is Hà Nội's town
            pool = [p for p in PROVINCES if p in found or p in kinds]
            found = tuple(p for p in pool if _KIND_OF.get(kinds.get(p, ""), kind) == kind) or found
        if found:
            return found
    return ()


# The units below a province since the 2025 reform, typed before a name (folded, so with or
# without diacritics): "phường Phan Thiết", "xa tan thuan", "P. Bến Thành".
_NEW_UNIT_TYPED_RE = re.compile(r"(?:phuong|xa|dac khu|thon|ap|p) ")


#: Where a typed place may end and its province begin: a comma, a dash, or the province's
#: own word ("Châu Thành, Bến Tre", "Châu Thành - Bến Tre", "huyện Châu Thành tỉnh Bến Tre").
_PROVINCE_FOLLOWS_RE = re.compile(r",|\s*[-–—]\s*|\s(?=(?:tỉnh|tinh|thành phố|thanh pho|tp)\b)", re.IGNORECASE)
_IN_BRACKETS_RE = re.compile(r"([^()]+?)\s*\(\s*([^()]+?)\s*\)\s*")


def _splits(typed: str) -> Iterator[tuple[str, str]]:
    """(place, province) for every way ``typed`` may be a place followed by its province:
    the province in brackets, after a comma, a dash or its own word, and last after any
    space ("chau thanh ben tre"). Which split is meant is for the caller to tell."""
    inside = _IN_BRACKETS_RE.fullmatch(typed)
    if inside:
        yield inside[1], inside[2]
    seen = set()
    for m in _PROVINCE_FOLLOWS_RE.finditer(typed):
        seen.add(m.start())
        yield typed[:m.start()].strip(), typed[m.end():].strip()
    for m in re.finditer(r"\s+", typed):
        if m.start() not in seen:
            yield typed[:m.start()], typed[m.end():]


def _every_owner(place: str) -> tuple[str, ...]:
    """Every province with a place so named, or so named itself, in the data file's order:
    "Sơn Tây" is Hà Nội's town and Quảng Ngãi's district, "Vũng Tàu" the city and the
    province, where a place typed alone is read as the one most meant."""
    found = set(_place_candidates(place))
    for key in (_marked_key(place), _fkey(place), _strip_affixes(_fkey(place))):
        found.update(_shared_kinds().get(key) or ())
    found.add(match_province(place))
    return tuple(p for p in PROVINCES if p in found)


def _named_with_province(typed: str) -> tuple[str, ...]:
    """The provinces a place typed with its province may be in: one when the province
    decides ("Châu Thành, Bến Tre", "Vũng Tàu, TP.HCM", "phường Tân Uyên, TP.HCM"),
    several when it names today's unit holding more than one ("Châu Thành, Vĩnh Long":
    Bến Tre or Trà Vinh), none when nothing typed reads so ("Hà Nội, Sài Gòn")."""
    for place, after in _splits(typed):
        if not place or not after:
            continue
        province, unit = match_province(after), match_current_province(after)
        if province is None and unit is None:
            continue
        wards = _units_of(place)
        if wards:   # a 2025 ward, then its former province or today's ("phường Tân Uyên, TP.HCM")
            formers = {f for _, f in wards if f == province} or {f for now, f in wards if now == unit}
            found = tuple(p for p in PROVINCES if p in formers)
        else:
            own, bare = match_province(place), _without_admin(place)
            # The province's own name as spelled, or typed without diacritics ("Thạnh Hóa" is
            # Long An's district, not Thanh Hóa).
            own_name = own is not None and (_marked_key(bare) in _province_spellings(("name",)).get(own, ()) or
                                            _fkey(bare) == _marked_key(bare) == _fkey(own))
            if own_name and province and own != province:
                # Two provinces by their own names ("Tuyên Quang, Hà Giang"; "Hòa Bình, Bạc
                # Liêu", where Bạc Liêu has a district Hòa Bình): which is asked.
                return tuple(p for p in PROVINCES if p in (own, province))
            owners = _every_owner(place)
            # The place, then its province, or the province it is part of today ("Phan
            # Thiết, Lâm Đồng").
            found = (province,) if province in owners else tuple(p for p in owners if current_of(p) == unit)
            if not found:
                # A 2025 ward or commune typed without its word ("Tân Thuận, Cà Mau").
                units = [u for kind in ("xã", "phường", "đặc khu") for u in _units_of(f"{kind} {place}")]
                formers = {f for _, f in units if f == province} or {f for now, f in units if now == unit}
                found = tuple(p for p in PROVINCES if p in formers)
        if found:
            return found
    return ()


def province_of_place(value: str) -> str | None:
    """The province a typed place belongs to ("Phan Thiết": Bình Thuận, "Hà Tây": Hà Nội,
    "phường Bạc Liêu": Bạc Liêu), else None: a filter value that names a town, district
    or ward instead of its province."""
    typed = (value or "").strip()
    found = _place_candidates(typed)
    if len(found) == 1:
        return found[0]
    # The choice made after "chọn một": "Châu Thành, Bến Tre", "huyện Châu Thành (tỉnh Bến Tre)".
    named = _named_with_province(typed)
    if named:
        return named[0] if len(named) == 1 else None
    folded = _fkey(typed)
    unit = _NEW_UNIT_TYPED_RE.match(folded)
    if unit is None:
        return None
    # A ward, commune or special zone of the 2025 list: the former province it lay in (the
    # list names none for a few special zones: "đặc khu Côn Đảo" is read below).
    formers = {former for _, former in _units_of(typed)}
    if formers:
        return formers.pop() if len(formers) == 1 and None not in formers else None
    ward = folded[unit.end():]
    # A place written with exactly these marks ("xã Thạnh Hóa": Long An), else a ward named
    # after its former province ("phường Bạc Liêu", "phường Hà Giang 1"), else after a town
    # or landmark typed without its marks ("phuong phan thiet", "đặc khu Phú Quốc").
    exact = _SURFACES.get(_surface_key(" ".join(typed.split()[len(unit.group(0).split()):])))
    if exact is not None and exact[0] is not None and exact[1] in ("place", "prefixed", "alias", "nickname"):
        return exact[0]
    return match_province(ward.rstrip(" 0123456789")) or (_places_by_key().get(ward) if ward else None)


def place_spelled_so(value: str) -> str | None:
    """The province of the one place spelled exactly as ``value`` is typed, diacritics and
    all, when a province's name folds alike but is spelled otherwise: "Thạnh Hóa" is Long
    An's district, or Thanh Hóa typed with a slip ("Quang Bình": Hà Giang's district, or
    Quảng Bình without its hook). A filter asks which; extraction never does."""
    typed = (value or "").strip()
    if not typed or _fkey(typed) == _marked_key(typed):
        return None     # typed without diacritics: any spelling may be meant
    spelled = _places_by_spelling().get(_marked_key(typed)) or ()
    named = match_province(typed)
    if len(spelled) != 1 or named is None or spelled[0] == named:
        return None
    # The province's own name and aliases, however typed ("Thanh Hoá" is still Thanh Hóa).
    if _marked_key(typed) in _province_spellings().get(named, ()):
        return None
    return spelled[0]


@functools.lru_cache(maxsize=None)
def _province_spellings(kinds: tuple[str, ...] = ("name", "alias")) -> dict[str, frozenset[str]]:
    """Province -> its name (and aliases) with their diacritics (marked keys)."""
    out: dict[str, set[str]] = {}
    for surface, (prov, kind) in _SURFACES.items():
        if prov is not None and kind in kinds:
            out.setdefault(prov, set()).add(_marked_key(surface))
    return {p: frozenset(v) for p, v in out.items()}


def _abbreviated_provinces(value: str) -> list[str]:
    """Every province an abbreviation's syllable initials may stand for ("ĐN": Đà Nẵng,
    Đồng Nai, Đắk Nông), in the data file's order: empty for anything longer than an
    abbreviation."""
    key = _strip_affixes(_fkey(value or ""))
    return list(_INITIALS.get(key, [])) if key and " " not in key and len(key) <= 5 else []


def possible_provinces(value: str) -> list[str]:
    """Every province a value nobody can resolve alone may mean: an abbreviation's
    ("ĐN": Đà Nẵng, Đồng Nai, Đắk Nông), a place name several provinces have ("Tân
    Uyên": Lai Châu, Bình Dương; "huyện Châu Thành": ten) or a ward several have since
    2025 ("phường Hoàng Mai": Hà Nội, Nghệ An). A filter answers with all of them, and
    suggestions lead with them, since no spelling distance finds them."""
    spelled = place_spelled_so(value)
    if spelled:                 # "Thạnh Hóa": Long An's district, or Thanh Hóa with a slip
        return [p for p in PROVINCES if p in (spelled, match_province(value))]
    if match_province(value) or province_of_place(value):
        return []       # "quận Hoàng Mai" is Hà Nội's, though Nghệ An has a Hoàng Mai too
    typed = (value or "").strip()
    named = _named_with_province(typed)
    if len(named) > 1:          # "Châu Thành, Vĩnh Long": Bến Tre's or Trà Vinh's
        return list(named)
    # A unit whose former province the list does not give (none today; a list regenerated
    # may have some) may lie in any of its unit's former provinces.
    formers = {f for now, former in _units_of(typed) for f in ([former] if former else former_of(now))}
    if len(formers) > 1:        # "xã Tân Thuận": Thái Bình's or Cà Mau's
        return [p for p in PROVINCES if p in formers]
    found = _place_candidates(typed)
    return list(found) if len(found) > 1 else _abbreviated_provinces(value)


def place_notes(value: str, provinces: Sequence[str]) -> dict[str, str]:
    """What a typed value names in each of ``provinces`` (the choices a filter offers for
    it), so that each choice says why it is offered: "Châu Thành" is "huyện Châu Thành" in
    Bến Tre, "Thạnh Hóa" Long An's "Thạnh Hóa", "phường Hoàng Mai" Hà Nội's and Nghệ An's
    ward. A province the value names by its own name ("Thạnh Hóa" typed for Thanh Hóa) or
    by an abbreviation ("ĐN") has no note. The place may be typed with its province
    ("Châu Thành, Vĩnh Long")."""
    typed = (value or "").strip()
    for place in (typed, *(place for place, after in _splits(typed) if place and after)):
        notes = _place_notes(place, set(provinces))
        if notes:
            return notes
    return {}


def _place_notes(place: str, provinces: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for title, now, former in units_titled(place):     # "phường Hoàng Mai", a 2025 unit
        for prov in ([former] if former else former_of(now)):
            if prov in provinces:
                out.setdefault(prov, title)
    if out:
        return out
    prefix = _TYPED_ADMIN_RE.match(place)
    bare = place[prefix.end():] if prefix else place
    key = _fkey(bare)
    if not key:
        return {}
    # The gazetteer's spelling in each province: with its administrative word when it has
    # one ("quận Hoàng Mai"), else mixed case before capitals.
    spelled: dict[str, tuple[tuple[int, int], str]] = {}
    for surface, (prov, kind) in _SURFACES.items():
        if prov in provinces and kind in ("place", "prefixed") and _fkey(_without_admin(surface)) == key:
            rank = (0 if surface[:1].islower() else 2 if surface.isupper() else 1, len(surface))
            if prov not in spelled or rank < spelled[prov][0]:
                spelled[prov] = (rank, surface)
    shared = {name: kinds for name, kinds in _DISTRICTS.get("shared", {}).items() if _fkey(name) == key}
    for name, kinds in shared.items():
        for prov, kind in kinds.items():
            if prov in provinces and (prov not in spelled or not spelled[prov][1][:1].islower()):
                spelled[prov] = ((0, 0), f"{kind} {name}")
    return {prov: surface for prov, (_, surface) in spelled.items()
            if _fkey(_without_admin(surface)) != _fkey(prov)}


def typed_province_forms() -> list[tuple[str, str]]:
    """(folded form, province) for every name and alias a province is typed by ("sai
    gon": Hồ Chí Minh; not :func:`lexicon.province_spellings`, the same name's other
    spellings): what today's units are found by when a former name is mistyped."""
    return list(_LOOKUP.items())


def nearest_provinces(value: str, n: int = 3) -> list[str]:
    """Closest canonical names for an unknown value, for "did you mean" messages: every
    province an abbreviation's initials may stand for first ("ĐN": Đà Nẵng, Đồng Nai,
    Đắk Nông), then the nearest spellings."""
    key = _strip_affixes(_fkey(value or ""))
    if not key or n <= 0:
        return []
    scored: dict[str, float] = {name: 2.0 for name in possible_provinces(value)}
    for form, prov in _LOOKUP.items():
        ratio = difflib.SequenceMatcher(None, key, form).ratio()
        if ratio > scored.get(prov, 0.0):
            scored[prov] = ratio
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], PROVINCES.index(kv[0])))
    return [prov for prov, ratio in ranked[:n] if ratio >= 0.4]


# =====================================================================================
# Topics
# =====================================================================================

_TOPIC_DATA = _load("topics.json")


_MAX_REPEAT = 3  # occurrences of one pattern that add to the score


@dataclass(frozen=True)
class _Topic:
    slug: str
    label: str
    threshold: float
    include: re.Pattern[str]
    weights: tuple[float, ...]
    exclude: re.Pattern[str] | None
    prefixes: tuple[str, ...]  # fixed leading text of every include pattern ("" = unknown)
    min_density: float = 0.0  # least score per 1,000 characters: the topic fills a part of the article
    repeats: bool = False  # a phrase of half the threshold found twice counts as two clues
    caps: tuple[int, ...] = ()  # per pattern (in ``weights`` order): occurrences that add to the score
    pairings: tuple[Pairing, ...] = ()  # word families whose meeting in a sentence the models weigh
    pairings_digest: str = ""  # of their declaration: the model must have been trained with the same


_META = set(".^$*+?{}[]\\|()")


def _literal_prefix(pattern: str) -> tuple[str, str]:
    """Split a pattern into its fixed leading text and the regex remainder."""
    depth = 0
    i = 0
    while i < len(pattern):  # a top-level "|" means there is no common prefix
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = pattern.find("]", i + 2)
            i = (j if j > 0 else len(pattern)) + 1
            continue
        depth += c == "("
        depth -= c == ")"
        if c == "|" and depth == 0:
            return "", pattern
        i += 1
    i = 0
    while i < len(pattern) and pattern[i] not in _META and pattern[i + 1: i + 2] not in ("*", "+", "?", "{"):
        i += 1
    return pattern[:i], pattern[i:]


def _trie_alternation(patterns: list[str]) -> tuple[str, list[int]]:
    """All ``patterns`` in one regex, one capture group each, factored on their fixed prefixes.

    "thủy điện", "thiếu điện" and "tiền điện" share "t", so at a word start the engine
    follows one branch per letter instead of trying sixty patterns in turn (about 4x
    faster on real articles). Where one phrase extends another ("điện năng lượng mặt
    trời" / "điện năng"), the longer is tried first. Returns the regex and, for each
    capture group in order, the index of its pattern.
    """
    root: dict = {"": []}
    fallback: list[int] = []
    for i, pat in enumerate(patterns):
        prefix, rest = _literal_prefix(pat)
        if not prefix:
            fallback.append(i)
            continue
        node = root
        for ch in prefix:
            node = node.setdefault(ch, {"": []})
        node[""].append((i, rest))
    order: list[int] = []

    def emit(node: dict) -> str:
        alts = []
        # Continuations before phrases ending here: the longer phrase wins.
        for ch in sorted((k for k in node if k), key=lambda k: min_index(node[k])):
            alts.append(re.escape(ch) + emit(node[ch]))
        for i, rest in node[""]:
            order.append(i)
            alts.append(f"({rest})")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    def min_index(node: dict) -> int:  # keep the file's order among siblings
        own = [i for i, _ in node[""]]
        return min(own + [min_index(v) for k, v in node.items() if k], default=1 << 30)

    alts = [emit(root)] if len(root) > 1 else []
    for i in fallback:
        order.append(i)
        alts.append(f"({patterns[i]})")
    # When every pattern starts with a known letter (or \d), words starting with
    # anything else are rejected by one class test before entering the trie.
    guard = ""
    if all(patterns[i].startswith("\\d") for i in fallback):
        first = re.escape("".join(sorted(k for k in root if k)))
        guard = "(?=[" + first + ("0-9" if fallback else "") + "])"
    return r"(?<!\w)" + guard + "(?:" + "|".join(alts) + r")(?!\w)", order


def _topic_pattern(pattern: str) -> str:
    """Tone-normalise and lower-case a pattern from topics.json, keeping escapes."""
    pattern = re.sub(r"(\\.)|([^\\]+)", lambda m: m.group(1) or m.group(2).lower(), _prep(pattern))
    if re.compile(pattern).groups:
        raise ValueError(f"topics.json: use (?:...) instead of capturing groups in {pattern!r}")
    return pattern


def _compile_topic(entry: dict) -> _Topic:
    inc = entry.get("include", {})
    pats = [_topic_pattern(p) for p in inc]
    weights = [float(w) for w in inc.values()]
    source, order = _trie_alternation(pats)
    once = entry.get("once") or []
    unknown = [p for p in once if p not in inc]
    if unknown:
        raise ValueError(f"topics.json: 'once' patterns must be include patterns: {unknown!r}")
    keys = list(inc)
    exc = [_topic_pattern(p) for p in entry.get("exclude") or []]
    return _Topic(
        slug=entry["slug"],
        label=entry["label"],
        threshold=float(entry.get("threshold", 2)),
        include=re.compile(source),
        weights=tuple(weights[i] for i in order),
        caps=tuple(1 if keys[i] in once else _MAX_REPEAT for i in order),
        exclude=re.compile(_trie_alternation(exc)[0]) if exc else None,
        prefixes=tuple("0" if p.startswith("\\d") else _literal_prefix(p)[0] for p in pats),
        min_density=float(entry.get("min_density", 0.0)),
        repeats=bool(entry.get("repeats", False)),
        pairings=tuple(_compile_pairing(p) for p in entry.get("together") or []),
        pairings_digest=_digest(entry.get("together") or []),
    )


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]


def _compile_pairing(entry: dict) -> Pairing:
    def family(patterns: list[str]) -> re.Pattern[str]:
        return re.compile(_trie_alternation([_topic_pattern(p) for p in patterns])[0])

    return Pairing(entry["name"], family(entry["first"]), family(entry["second"]))


@dataclass(frozen=True)
class _TopicTables:
    topics: list
    first_chars: dict
    candidate_re: re.Pattern | None


@functools.lru_cache(maxsize=1)
def _tables() -> _TopicTables:
    """The compiled topic rules, built on first use (searching needs only the labels).

    Where any include pattern of any topic can start: one zero-width scan per article,
    then each topic tries its regex only there (about 3x faster than one finditer per
    topic). Topics with a pattern of unknown start (neither fixed text nor \\d) are
    tried at every word start instead.
    """
    topics = [_compile_topic(t) for t in _TOPIC_DATA["topics"]]
    scanned = [t for t in topics if all(t.prefixes)]
    first_chars = {
        t.slug: frozenset("".join("0123456789" if p == "0" else p[0] for p in t.prefixes)) for t in scanned
    }
    candidate_re = (
        re.compile(
            r"(?<!\w)(?=[0-9]|"
            + _trie_regex(sorted({p for t in scanned for p in t.prefixes if p != "0"}), flexible=False)
            + ")"
        )
        if scanned
        else None
    )
    return _TopicTables(topics, first_chars, candidate_re)


def __getattr__(name: str):
    # Backwards-compatible access to the compiled rules (tests inspect them).
    if name == "_TOPICS":
        return _tables().topics
    raise AttributeError(name)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


_WORD_START_RE = re.compile(r"(?<!\w)(?=\w)")


def _starts(topic: _Topic, text: str, candidates: list[int]) -> list[int]:
    """Where ``topic`` may match: the shared candidates, or every word start."""
    return candidates if topic.slug in _tables().first_chars else [m.start() for m in _WORD_START_RE.finditer(text)]


def _candidates(text: str) -> list[int]:
    cre = _tables().candidate_re
    return [m.start() for m in cre.finditer(text)] if cre is not None else []




def _hits(topic: _Topic, text: str, starts: list[int],
          where: list[int] | None = None) -> tuple[float, dict[int, int]]:
    """(score, {index of a pattern matched: how often}) for ``topic`` in ``text``.

    The longest match at each start position is taken; matches inside an earlier match
    are ignored ("cấp điện" inside "cung cấp điện"), and a chain of overlapping matches
    counts once, as its strongest pattern: "cấp điện nông thôn" is one "điện nông
    thôn", "nhà máy điện hạt nhân" one phrase, not two. A pattern adds to the score at
    most _MAX_REPEAT times, so one phrase repeated all through a story stays one clue,
    and a company's name listed in topics.json's "once" adds once however often a story
    about that company repeats it ("Alibaba" in a profile of Jack Ma).
    """
    first = _tables().first_chars.get(topic.slug)
    match = topic.include.match
    weights = topic.weights
    counts: dict[int, int] = {}
    end = 0
    best = -1  # pattern of the current chain of overlapping matches

    chain = -1  # where the current chain starts

    def close(idx: int) -> None:
        if idx >= 0:
            counts[idx] = counts.get(idx, 0) + 1
            if where is not None:
                where.append(chain)

    for pos in starts:
        if first is not None and text[pos] not in first:
            continue
        m = match(text, pos)
        if m is None or m.end() <= end:
            continue
        idx = m.lastindex - 1
        if pos < end:  # overlaps the current chain and reaches beyond it
            if weights[idx] > weights[best]:
                best = idx
        else:
            close(best)
            best = idx
            chain = pos
        end = m.end()
    close(best)
    caps = topic.caps or (_MAX_REPEAT,) * len(weights)
    score = sum(weights[i] * min(n, caps[i]) for i, n in counts.items())
    return score, counts


def _qualifies(topic: _Topic, title: str, body: str, t_cands: list[int], b_cands: list[int]) -> bool:
    """The topic rule: enough weight, and more than one phrase repeated in passing.

    The score must reach the threshold (title hits count double), and the hits must
    include two different phrases, or one phrase weighted at the full threshold, or a
    title phrase weighing at least half of it. "hồ thủy điện X" repeated as a landmark
    is not an article about electricity; "thủy điện" with "phát điện", or in the
    headline, is.
    """
    t_score, t_seen = _hits(topic, title, _starts(topic, title, t_cands))
    b_score, b_seen = _hits(topic, body, _starts(topic, body, b_cands))
    return _rule_says(topic, t_score, t_seen, b_score, b_seen, len(title) + len(body))


def _rule_says(topic: _Topic, t_score: float, t_seen: dict[int, int], b_score: float, b_seen: dict[int, int],
               size: int) -> bool:
    """:func:`_qualifies` on hits already counted (``size``: characters of title and body)."""
    score = 2 * t_score + b_score
    if score < topic.threshold:
        return False
    if topic.min_density and score * 1000 < topic.min_density * max(1000, size):
        return False  # a few words in a long article about something else
    w = topic.weights
    seen = set(t_seen) | set(b_seen)
    return (
        len(seen) >= 2
        or any(w[i] >= topic.threshold for i in seen)
        or any(2 * w[i] >= topic.threshold for i in t_seen)
        or (topic.repeats and any(2 * w[i] >= topic.threshold and t_seen.get(i, 0) + b_seen.get(i, 0) >= 2
                                  for i in seen))
    )


#: Characters of the body read as its lead for the topic features.
_TOPIC_LEAD = 500
#: Shorter articles than the models were trained on (a headline and a sentence or two)
#: are decided by the rules alone.
_TOPIC_MODEL_MIN_CHARS = 400
#: The features a topic decision is made from, in the order the model stores them.
TOPIC_FEATURES = ("title", "body", "lead", "distinct", "max_weight", "density", "length", "rule",
                  "in_title", "in_lead", "paragraph_share", "paragraphs")


@dataclass(frozen=True)
class _TopicModel:
    """A learned topic decision: a logistic regression over the phrase evidence
    (:func:`topic_features`) and, for kind "words", the article's terms
    (:func:`ctsearch.lexical.article_terms`), its word pairings (:func:`topic_context`)
    and its document vector."""

    kind: str  # "phrases": never tags an article without a phrase; "words": may
    weights: dict[str, float]
    bias: float
    threshold: float
    terms: dict[str, float]
    vector_weights: tuple[float, ...] = ()
    context_weights: dict[str, float] | None = None  # over topic_context, for kind "words"


@functools.lru_cache(maxsize=1)
def _topic_model() -> dict[str, _TopicModel]:
    """slug -> its model, for the topics a model was trained for."""
    try:
        data = _load("topic_model.json")
    except FileNotFoundError:
        return {}
    return {slug: _TopicModel(kind=m.get("kind", "phrases"), weights=m["weights"], bias=float(m["bias"]),
                              threshold=float(m["threshold"]), terms=m.get("terms") or {},
                              vector_weights=model_weights(m, f"topic_model.json ({slug})"),
                              context_weights=_context_weights(m, slug))
            for slug, m in data["topics"].items()}


def _context_weights(data: dict, slug: str) -> dict[str, float] | None:
    """A model's weights over its topic's word pairings, refused unless it was trained
    with the pairings topics.json declares today: with a pairing renamed or added, or a
    word list edited, the weights would no longer mean what they were fitted for."""
    weights = data.get("context_weights") or None
    topic = next((t for t in _tables().topics if t.slug == slug), None)
    if data.get("kind") != "words" or topic is None:
        return weights
    declared = {n for p in topic.pairings for n in p.feature_names}
    if set(weights or {}) != declared or (declared and data.get("pairings") != topic.pairings_digest):
        raise RuntimeError(f"topic_model.json ({slug}) was trained with other word pairings than topics.json "
                           f"declares ({data.get('pairings')!r}, not {topic.pairings_digest!r}): retrain it "
                           "(scripts/train_topic_model.py)")
    return weights


def _paragraph_hits(body: str, where: list[int]) -> tuple[int, int]:
    """(paragraphs holding a hit at one of ``where``, paragraphs): how much of the
    article the topic fills."""
    ends = [m.start() for m in _NEWLINE_RE.finditer(body)]
    paragraphs = sum(1 for part in body.split("\n") if part.strip())
    hit = len({bisect.bisect_left(ends, pos) for pos in where})
    return hit, paragraphs


_NEWLINE_RE = re.compile("\n")


def _blanked(exclude: re.Pattern[str], text: str, cands: list[int]) -> tuple[str, list[int]]:
    """``text`` with the look-alikes blanked, and the candidate positions outside them
    (blanking whole words creates no new word starts)."""
    spans = [m.span() for m in exclude.finditer(text)]
    if not spans:
        return text, cands
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    starts = [a for a, _ in spans]
    kept = [c for c in cands if not (0 <= (i := bisect.bisect_right(starts, c) - 1) and c < spans[i][1])]
    return "".join(parts), kept


def topic_features(topic: _Topic, title: str, body: str, t_cands: list[int] | None = None,
                   b_cands: list[int] | None = None) -> dict[str, float] | None:
    """The evidence for ``topic`` in a prepared, lower-cased article, or None when none of
    its phrases occurs (then only a model of kind "words" can still find the topic, from
    the article's other words).

    Look-alikes are blanked first; the rule's own verdict (:func:`_qualifies`) is one
    feature among how much of the headline, the lead and the paragraphs the topic fills.
    """
    t_cands = _candidates(title) if t_cands is None else t_cands
    b_cands = _candidates(body) if b_cands is None else b_cands
    if topic.exclude is not None:
        # Blanking look-alikes can only remove hits: an article without any is done here.
        if not _hits(topic, title, _starts(topic, title, t_cands))[0] and \
                not _hits(topic, body, _starts(topic, body, b_cands))[0]:
            return None
        title, t_cands = _blanked(topic.exclude, title, t_cands)
        body, b_cands = _blanked(topic.exclude, body, b_cands)
    t_score, t_seen = _hits(topic, title, _starts(topic, title, t_cands))
    where: list[int] = []
    b_score, b_seen = _hits(topic, body, _starts(topic, body, b_cands), where)
    if not t_score and not b_score:
        return None
    lead = body[:_TOPIC_LEAD]
    lead_score, _ = _hits(topic, lead, _starts(topic, lead, [p for p in b_cands if p < _TOPIC_LEAD]))
    seen = set(t_seen) | set(b_seen)
    hit, paragraphs = _paragraph_hits(body, where)
    size = len(title) + len(body)
    return {
        "title": math.log1p(t_score),
        "body": math.log1p(b_score),
        "lead": math.log1p(lead_score),
        "distinct": float(len(seen)),
        "max_weight": max(topic.weights[i] for i in seen),
        "density": (2 * t_score + b_score) * 1000 / max(1000, size),
        "length": math.log1p(size / 1000),
        "rule": float(_rule_says(topic, t_score, t_seen, b_score, b_seen, size)),
        "in_title": float(t_score > 0),
        "in_lead": float(lead_score > 0),
        "paragraph_share": hit / max(1, paragraphs),
        "paragraphs": math.log1p(hit),
    }


def topic_context(topic: _Topic, title: str, body: str,
                  spans: list[tuple[int, int]] | None = None) -> dict[str, float]:
    """How much of a prepared, lower-cased article the topic's word pairings fill
    (:mod:`ctsearch.cooccur`), whether or not any of its phrases occurs: empty for a topic
    that declares none. ``spans``: the body's sentences, shared by the topics."""
    if not topic.pairings:
        return {}
    spans = sentence_spans(body) if spans is None else spans
    out: dict[str, float] = {}
    for pairing in topic.pairings:
        out.update(pairing.features(title, body, spans))
    return out


@functools.lru_cache(maxsize=1)
def _term_scorer() -> TermScorer:
    return TermScorer({slug: m.terms for slug, m in _topic_model().items() if m.kind == "words"})


def _topic_probability(model: _TopicModel, features: dict[str, float] | None, term_score: float = 0.0,
                       vector: Sequence[float] | None = None, context: dict[str, float] | None = None) -> float:
    """The model's probability that the article is about its topic (``features`` None:
    none of the topic's phrases occurs; ``term_score``: its terms' summed weights;
    ``vector``: the article's document vector; ``context``: :func:`topic_context`)."""
    z = model.bias + term_score + weigh(model.vector_weights, vector)
    if model.context_weights and context:
        z += sum(w * context.get(k, 0.0) for k, w in model.context_weights.items())
    if features is not None:
        z += sum(w * features.get(k, 0.0) for k, w in model.weights.items() if k != "phrases")
        z += model.weights.get("phrases", 0.0)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _defining_phrase_recurs(topic: _Topic, title: str, body: str) -> bool:
    """Whether a phrase weighted at the topic's full threshold (one sentence with it is
    about the topic: "công nghiệp nông thôn", "lưới điện", "sàn thương mại điện tử")
    occurs in two or more paragraphs, the headline counting as one. An article that keeps
    coming back to the topic's defining phrase is about it, whatever its other words say;
    the models rarely saw such department news. In the development labels this holds for
    23 articles, 22 of them about the topic (the models already tag all 22)."""
    found = 0
    for part in [title, *body.split("\n")]:
        if not part.strip():
            continue
        cands = _candidates(part)
        if topic.exclude is not None:
            part, cands = _blanked(topic.exclude, part, cands)
        _, seen = _hits(topic, part, _starts(topic, part, cands))
        if any(topic.weights[i] >= topic.threshold for i in seen):
            found += 1
            if found >= 2:
                return True
    return False


def _extract_topics(title: str, body: str, vector: _Vector | None = None) -> list[str]:
    """Topics of an article whose title and body are prepared and lower-cased.

    A topic with a trained model (``data/topic_model.json``, from
    ``scripts/train_topic_model.py``) is decided by it: from :func:`topic_features`,
    and for a model of kind "words" also from the article's words, its word pairings
    (:func:`topic_context`) and its document vector (what kind of story it is,
    :mod:`ctsearch.docvec`), so an article can be
    about a topic without any of its listed phrases (an online auction of SIM numbers,
    a workshop weaving mats). A topic without a model, or a text shorter than any the
    models learned from, is decided by the rule.
    """
    t_cands, b_cands = _candidates(title), _candidates(body)
    models = _topic_model() if len(title) + len(body) >= _TOPIC_MODEL_MIN_CHARS else {}
    term_scores: dict[str, float] | None = None
    spans: list[tuple[int, int]] | None = None
    out = []
    for topic in _tables().topics:
        model = models.get(topic.slug)
        if model is not None:
            features = topic_features(topic, title, body, t_cands, b_cands)
            if model.kind == "words":
                if term_scores is None:
                    term_scores = _term_scorer().scores(title, body)
                if vector is None:
                    vector = _Vector(title, body)
                vec = vector.get() if model.vector_weights else None
                context = None
                if model.context_weights:
                    spans = sentence_spans(body) if spans is None else spans
                    context = topic_context(topic, title, body, spans)
                if _topic_probability(model, features, term_scores[topic.slug], vec, context) >= model.threshold:
                    out.append(topic.slug)
                    continue
            elif features is not None and _topic_probability(model, features) >= model.threshold:
                out.append(topic.slug)
                continue
            if features is not None and features["max_weight"] >= topic.threshold and _defining_phrase_recurs(
                    topic, title, body):
                out.append(topic.slug)
            continue
        # Blanking excluded text (whole words) can only remove matches, so when the
        # raw text does not qualify the blanked text cannot either; most articles stop
        # here and skip the exclude pass.
        if not _qualifies(topic, title, body, t_cands, b_cands):
            continue
        if topic.exclude is not None:
            t2, b2 = topic.exclude.sub(_blank, title), topic.exclude.sub(_blank, body)
            if not _qualifies(topic, t2, b2, _candidates(t2), _candidates(b2)):
                continue
        out.append(topic.slug)
    return out


def extract_topics(title: str, body: str) -> list[str]:
    """Topic slugs, in the order of search/data/topics.json, that the article is about.

    A topic with a model is decided by it (see _extract_topics); otherwise weighted
    phrase hits must reach the topic's threshold with more than one phrase repeated in
    passing (see _qualifies). Look-alikes are blanked out before phrases are counted
    (điện tử, điện thoại, Điện Biên for electricity; hệ thống điện tử, hóa đơn điện tử
    for e-commerce), so they are never phrase evidence; the words a model weighs are
    read as written, where "điện" in "Điện Biên" weighs a little.
    """
    return _extract_topics(_prep(title).lower(), _prep(body).lower())


# =====================================================================================
# All together
# =====================================================================================


def extract_metadata(title: str, body: str, date_hint: str | None = None) -> Metadata:
    """Date, year, provinces and topics of one article (normalises the text once)."""
    t, b = _prep(title), _prep(body)
    date, year = _extract_date(t, b, date_hint)
    vector = _Vector(t, b)  # one document vector for the province and the topics, if needed
    # A day the text gives outside the month given with the article ("2025-07") is no
    # publication day: the given month says which side of the merger the article is on.
    dated = date if date and date.startswith(date_hint or "") else (date_hint or date)
    province, provinces = _extract_provinces(t, b, _after_merger(dated), vector)
    topics = _extract_topics(t.lower(), b.lower(), vector)
    return Metadata(date=date, year=year, province=province, provinces=provinces, topics=topics,
                    leisure=leisure_percent(vector.get()))

