"""Dates as people type them, in a ``.jsonl`` record's ``date`` and in a search's
``from``/``to``: one reader, so that both take the same forms and say the same thing of
the rest. Day first, as Vietnamese writes it."""

from __future__ import annotations

import calendar
import datetime as _dt
import re

#: The forms, as messages name them (năm, tháng, ngày).
FORMS = "NNNN-TT-NN, NNNN/TT/NN, NNNN-TT, NNNN, NNNNTTNN, NN/TT/NNNN, NN-TT-NNNN, NN.TT.NNNN hoặc TT/NNNN"
#: One date in each of those forms, in their order: what a help text shows, so that it lists
#: every form the reader takes (a test holds the two together).
EXAMPLES = ("2021-05-17", "2021/05/17", "2021-05", "2021", "20210517", "17/05/2021", "17-05-2021", "17.05.2021",
            "05/2021")

# A day's time, ignored: "T08:30:00+07:00", " 08:30 +0700", "T08", "…[Asia/Ho_Chi_Minh]"; after
# a dash or a comma too, as news pages print their datelines ("17/05/2021 - 10:00 (GMT+7)",
# "17/05/2021, 10:00").
_TIME = (r"(?:(?:[T ]\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?|(?:\s+[-–|]\s+|,\s*)\d{1,2}:\d{2}(?::\d{2})?)"
         r"(?: ?(?:[AaPp]\.?[Mm]\.?|SA|CH|sa|ch))?"
         r" ?(?:Z|[+-]\d{2}(?::?\d{2})?)?(?:\[[^\]]+\]| ?\(GMT ?[+-]\d{1,2}(?::?\d{2})?\)| ?(?:GMT|UTC)(?: ?[+-]\d{1,2}(?::?\d{2})?)?)?)?")
# "2021", "2021-05", "2021-5-17", "20210517", "2021-05-17T08:30:00+07:00"; year first with
# slashes or full stops too, as a spreadsheet or a Japanese-style form writes it: "2021/05/17",
# "2021.5.17", "2021/05" (one mark throughout).
_ISO_RE = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2})" + _TIME + r")?|(\d{2})(\d{2})" + _TIME + r")?",
                     re.ASCII)
# "17/05/2021", "17-5-2021", "17.05.2021 08:30"; "05/2021".
_DAY_FIRST_RE = re.compile(r"(?:(\d{1,2})([/.-]))?(\d{1,2})([/.-])(\d{4})" + _TIME, re.ASCII)


#: The months named in words, as a text may write them ("tháng Năm", "tháng Chạp").
_MONTH_WORDS = {"giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
                "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}
_MONTH_WORD = "|".join(sorted((re.escape(w) for w in _MONTH_WORDS), key=len, reverse=True))
# A date in words, as the text of an article writes it ("ngày 17 tháng 5 năm 2021", "17 tháng 5, 2021",
# "17 tháng Năm, 2021", "17 tháng Năm năm 2021").
_WORDS_DATE_RE = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2}|" + _MONTH_WORD + r")\s*(?:,\s*|\s+năm\s+)(\d{4})\b",
                            re.IGNORECASE)
# "ngày" before a date in figures, as Vietnamese text writes it most often ("ngày 17/5/2021").
_DAY_WORD_RE = re.compile(r"ngày\s+(?=\d)", re.IGNORECASE)
# An English date with its month's name between dashes ("17-May-2021"), or a day written as an
# ordinal ("May 17th, 2021"): as "17 May 2021" and "May 17, 2021" are read.
_DASHED_MONTH_RE = re.compile(r"\b(\d{1,2})-([A-Za-z]{3,9})-(\d{4})\b")
_ORDINAL_DAY_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
# A zone's name after its offset, as Go's time.String() writes one ("+0700 +07", "+0000 UTC"), with
# its monotonic clock reading ("m=+0.000123"): the offset says it.
_ZONE_NAME_RE = re.compile(r"(\s[+-]\d{2}:?\d{2})\s+(?:[A-Z]{2,5}|[+-]\d{2}(?:\d{2})?)(?:\s+m=[+-]\d+(?:\.\d+)?)?$")
# A weekday before the date, as Vietnamese datelines print it ("Thứ sáu, 31/12/2021, 10:00 (GMT+7)").
_WEEKDAY_RE = re.compile(r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])\s*,?\s*", re.IGNORECASE)
# The clock and the zone of a date's time: what moves it to another day in Việt Nam.
_CLOCK_RE = re.compile(r"(?:T|[\s,\-–|]+)(\d{1,2})(?::(\d{2}))?(?::\d{2}(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?|SA|CH|sa|ch)?\s*"
                       r"(?:(Z|GMT|UTC)(?![+-])|\(?GMT ?([+-]\d{1,2})(?::?(\d{2}))?\)?|([+-]\d{2})(?::?(\d{2}))?)?")
#: Việt Nam's offset from UTC: a time given in another zone is dated as it was here.
LOCAL_OFFSET = _dt.timedelta(hours=7)


class NoSuchDay(ValueError):
    """Written as a date, but no calendar has it ("2021-02-30", "2021-13")."""


def read_date(text: str, dateline: bool = False, local: bool = True) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a typed date, month and day None when not written; ValueError
    for anything that is no date (:class:`NoSuchDay` for a day or month that does not exist).
    A time with its zone dates it as it was in Việt Nam; ``local=False``: the day as written,
    whatever the zone (a database's "no date" is 1 January 1970 at midnight in its own zone,
    whichever day that was here). ``dateline``: an article's date, which may also be printed
    as its page does, after the weekday ("Thứ sáu, 31/12/2021, 10:00 (GMT+7)"), or as a feed
    or an export in English writes it ("Fri, 31 Dec 2021 10:00:00 +0700", "Dec 1, 2021")."""
    text = text.strip()
    if dateline:
        text = _ZONE_NAME_RE.sub(r"\1", text)
    if dateline and (weekday := _WEEKDAY_RE.match(text)) \
            and (text[weekday.end():weekday.end() + 1].isdigit() or _WORDS_DATE_RE.match(text, weekday.end())
                 or _DAY_WORD_RE.match(text, weekday.end())):
        text = text[weekday.end():]
    if dateline and (words := _WORDS_DATE_RE.match(text)):
        month = words.group(2)
        month = month if month.isdigit() else str(_MONTH_WORDS[" ".join(month.lower().split())])
        text = f"{words.group(1)}/{month}/{words.group(3)}{text[words.end():]}"
    elif dateline and (day_word := _DAY_WORD_RE.match(text)):
        text = text[day_word.end():]        # "ngày 17/5/2021" as "17/5/2021"
    iso, day_first = _ISO_RE.fullmatch(text), _DAY_FIRST_RE.fullmatch(text)
    if iso:
        year, month, day = iso.group(1), iso.group(3) or iso.group(5), iso.group(4) or iso.group(6)
        clock = text[iso.end(4) if iso.group(4) else iso.end(6) if iso.group(6) else len(text):]
    elif day_first and (day_first.group(2) is None or day_first.group(2) == day_first.group(4)):
        day, month, year = day_first.group(1), day_first.group(3), day_first.group(5)
        clock = text[day_first.end(5):]
    elif dateline:
        return _mail_date(text, local)
    else:
        raise ValueError(text)
    y, m, d = int(year), int(month) if month else None, int(day) if day else None
    if m is not None and not 1 <= m <= 12:
        raise NoSuchDay(text)
    if d is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise NoSuchDay(text)
    return _in_local_day(y, m, d, clock) if local else (y, m, d)


def _in_local_day(y: int, m: int | None, d: int | None, clock: str) -> tuple[int, int | None, int | None]:
    """The day a time given with its zone falls on in Việt Nam: "2021-12-31T20:00:00Z" was 1
    January 2022 here, in another year's facet. A time without a zone is the local one."""
    found = _CLOCK_RE.match(clock) if d is not None and clock else None
    if found is None:
        return y, m, d
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = (found.group(3) or "").lower().replace(".", "")     # ("p.m." as "PM")
    if half and not 1 <= hour <= 12 or hour > 23 or minute > 59:
        raise ValueError(clock)     # ("13:00 PM", "T99:00": no time of a day)
    if not any(found.group(k) for k in (4, 5, 7)):
        return y, m, d
    if half in ("pm", "ch") and hour < 12:
        hour += 12
    elif half in ("am", "sa") and hour == 12:
        hour = 0
    if found.group(4):
        offset = _dt.timedelta()
    else:
        hours, minutes = (found.group(5), found.group(6)) if found.group(5) else (found.group(7), found.group(8))
        sign = -1 if hours.startswith("-") else 1
        offset = sign * _dt.timedelta(hours=abs(int(hours)), minutes=int(minutes or 0))
        if abs(offset) > _dt.timedelta(hours=14) or int(minutes or 0) > 59:
            raise ValueError(clock)    # (no zone is further from UTC: "+99:00" is no offset)
    try:
        local = _dt.datetime(y, m, d, hour, minute) - offset + LOCAL_OFFSET
    except OverflowError:       # (the calendar's first or last day, moved past its end)
        raise ValueError(clock) from None
    return local.year, local.month, local.day


def _mail_date(text: str, local: bool = True) -> tuple[int, int | None, int | None]:
    """A date as feeds and mail write it ("Fri, 31 Dec 2021 10:00:00 +0700"), or an export in
    English without its time ("Dec 1, 2021", as with one), as it was in Việt Nam (``local``)
    or as written; ValueError for anything else."""
    if not re.search(r"[A-Za-z]{3}", text) or not re.search(r"\d{4}", text):
        raise ValueError(text)
    text = _ORDINAL_DAY_RE.sub(r"\1", _DASHED_MONTH_RE.sub(r"\1 \2 \3", text))
    import email.utils      # (here: the commands that never read a feed's date start faster)
    try:
        # (the mail reader wants a time: a day alone is that day's start, a local time)
        when = email.utils.parsedate_to_datetime(text if ":" in text else text + " 00:00")
    except (TypeError, ValueError, IndexError):
        raise ValueError(text) from None
    if not local:
        return when.year, when.month, when.day
    if when.tzinfo is None and re.search(r"-0000\s*(?:\([^)]*\))?\s*$", text):     # ("-0000 (UTC)" too)
        # (RFC 5322: a time in UTC whose writer's own zone is unknown, not a local time)
        when = when.replace(tzinfo=_dt.timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(_dt.timezone(LOCAL_OFFSET))
    return when.year, when.month, when.day


__all__ = ["EXAMPLES", "FORMS", "NoSuchDay", "read_date"]
