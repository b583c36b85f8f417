"""Dates as people type them, in a ``.jsonl`` record's ``date`` and in a search's
``from``/``to``: one reader, so that both take the same forms and say the same thing of
the rest. Day first, as Vietnamese writes it."""

from __future__ import annotations

import calendar
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
         r" ?(?:Z|[+-]\d{2}(?::?\d{2})?)?(?:\[[^\]]+\]| ?\(GMT ?[+-]\d{1,2}(?::?\d{2})?\))?)?")
# "2021", "2021-05", "2021-5-17", "20210517", "2021-05-17T08:30:00+07:00"; year first with
# slashes or full stops too, as a spreadsheet or a Japanese-style form writes it: "2021/05/17",
# "2021.5.17", "2021/05" (one mark throughout).
_ISO_RE = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2})" + _TIME + r")?|(\d{2})(\d{2})" + _TIME + r")?",
                     re.ASCII)
# "17/05/2021", "17-5-2021", "17.05.2021 08:30"; "05/2021".
_DAY_FIRST_RE = re.compile(r"(?:(\d{1,2})([/.-]))?(\d{1,2})([/.-])(\d{4})" + _TIME, re.ASCII)


class NoSuchDay(ValueError):
    """Written as a date, but no calendar has it ("2021-02-30", "2021-13")."""


def read_date(text: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a typed date, month and day None when not written; ValueError
    for anything that is no date (:class:`NoSuchDay` for a day or month that does not exist)."""
    text = text.strip()
    iso, day_first = _ISO_RE.fullmatch(text), _DAY_FIRST_RE.fullmatch(text)
    if iso:
        year, month, day = iso.group(1), iso.group(3) or iso.group(5), iso.group(4) or iso.group(6)
    elif day_first and (day_first.group(2) is None or day_first.group(2) == day_first.group(4)):
        day, month, year = day_first.group(1), day_first.group(3), day_first.group(5)
    else:
        raise ValueError(text)
    y, m, d = int(year), int(month) if month else None, int(day) if day else None
    if m is not None and not 1 <= m <= 12:
        raise NoSuchDay(text)
    if d is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise NoSuchDay(text)
    return y, m, d


__all__ = ["EXAMPLES", "FORMS", "NoSuchDay", "read_date"]
