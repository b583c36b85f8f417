"""From a raw input record to a clean article with its metadata.

Runs in the indexing workers: cleaning, title splitting and metadata extraction are
per-article and parallel, like segmentation.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

from .clean import (MAX_SOURCE_CHARS, MOJIBAKE_MIN_MARKS, clean_field, clean_text, mojibake_left, repair_mojibake,
                    repair_punctuation, source_name)
from .dates import FORMS as DATE_FORMS
from .dates import NoSuchDay, read_date
from .ingest import RawArticle
from .extract import extract_metadata, split_title
from .facetdefs import UNKNOWN_LABEL, NoMatch, facet
from .textnorm import fold
from .topics import TOPIC_LABELS, match_topic
from .vnformat import format_count

#: Articles longer than this are rejected rather than indexed: they are almost
#: always a whole site dump or a binary mistaken for text.
MAX_TEXT_CHARS = 2_000_000
#: A title longer than this is read as the article's first paragraph (see :func:`build_article`).
MAX_TITLE_CHARS = 1_000
#: An address longer than this is left out (browsers and servers refuse far shorter ones).
MAX_URL_CHARS = 4_000


@dataclass
class Article:
    """A cleaned article and its metadata, as stored in the index."""

    id: str
    title: str
    body: str
    date: str | None = None
    year: int | None = None
    province: str | None = None
    provinces: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    #: How likely (0–100) the article is sports or showbiz news, which ranks below trade
    #: news that matches as well (:mod:`search.storykind`).
    leisure: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


class ArticleError(ValueError):
    """A record that cannot become an article; the message is for the user."""


#: Unix times read as dates: from 1990-01-01 to 2100-01-01, in seconds or in milliseconds
#: (a thousand times as many: 10,000,000,000 is neither, not 1970 read as milliseconds).
#: Smaller numbers are years or YYYYMMDD, or no date.
_EPOCH_FROM, _EPOCH_TO = 631_152_000, 4_102_444_800
#: A Unix time written as text ("1621209600", "1621209600.5"), as some exports quote numbers.
_EPOCH_TEXT = re.compile(r"\s*(\d{9,13})(?:\.\d+)?\s*")
#: A number written as text in exponent form ("1.6212096E9"), as spreadsheets and some exports
#: write a large one: read as that number is.
_EXPONENT_TEXT = re.compile(r"\s*[+-]?\d+(?:\.\d+)?[eE][+-]?\d{1,3}\s*")
#: Most characters of a value quoted in a note.
_SHOWN_CHARS = 60


def _shown(value) -> str:
    """A value as the record wrote it (JSON), cut to ``_SHOWN_CHARS`` characters."""
    if isinstance(value, int) and value.bit_length() > 4 * _SHOWN_CHARS:
        return f"một số khoảng {format_count(int(value.bit_length() * math.log10(2)) + 1)} chữ số"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = type(value).__name__
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


#: A date written month first, as an export in English writes it ("03/25/2021"): month,
#: day, year and what follows (a time).
_MONTH_FIRST = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(.*)", re.S)
#: A time after it with the English "AM"/"PM" (Vietnamese writes "SA"/"CH", or 24 hours),
#: after a space or a comma ("12/1/2021, 10:00:00 AM", as JavaScript's toLocaleString writes).
_ENGLISH_CLOCK = re.compile(r"(?:\s+|,\s*)\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp]\.?[Mm]\.?\s*")
#: The days Unix time 0 fell on, in one zone or another: 1 January 1970, or 31 December 1969
#: west of Greenwich ("12/31/1969, 7:00 PM" in New York). What a database writes for a date
#: it does not have, as 0 is (no day of the news this index holds).
_EPOCH_DAYS = {(1970, 1, 1), (1969, 12, 31)}
#: Said of such a day, however written.
_EPOCH_SAID = ("trường 'date': {} là ngày đầu của giờ Unix (1/1/1970, 31/12/1969 ở các múi giờ phía tây), "
               "chỗ ghi khi không có ngày")


def _day_first(value: str, english: bool) -> str | None:
    """``value``, a date written month first ("03/25/2021"), rewritten day first
    ("25/03/2021"), its time kept; None where it is no date so. ``english``: only where a
    time with "AM"/"PM" follows it."""
    found = _MONTH_FIRST.fullmatch(value)
    if found is None or (english and not _ENGLISH_CLOCK.fullmatch(found.group(4))):
        return None
    month, day, year, rest = found.groups()
    try:
        read_date(f"{day}/{month}/{year}")
    except ValueError:
        return None
    return f"{day}/{month}/{year}{rest}"


def _parse_given_date(value, notes: list[str] | None = None,
                      shown: str | None = None) -> tuple[str | None, int | None]:
    """A jsonl ``date`` (see :mod:`dates`) as (the day or the month, "2021-05-17" or
    "2021-05", and the year). Garbage is an error, not a guess; a date written month first,
    as exports in English write it, is read so where it cannot be day first ("03/25/2021")
    or has "AM"/"PM" after it, and ``notes`` gets a sentence saying so. ``shown``: the value
    as the record wrote it, for the messages (a date read again after its day and month were
    swapped is quoted as written)."""
    if value is None or value == "":
        return None, None
    again, shown = shown is not None, shown or _shown(value)
    if not again and isinstance(value, str) and (swapped := _day_first(clean_field(value), english=True)):
        found = _parse_given_date(swapped, None, shown)
        if notes is not None:
            notes.append(f"trường 'date' {shown} có giờ AM/PM: đọc theo kiểu tháng/ngày/năm")
        return found
    if isinstance(value, str) and (quoted := _EPOCH_TEXT.fullmatch(value)) and _unix_time(int(quoted.group(1))):
        value = int(quoted.group(1))      # "1621209600": as the number
    elif isinstance(value, str) and _EXPONENT_TEXT.fullmatch(value):
        value = float(value)        # "1.6212096E9", as a spreadsheet writes a number: as the number
    if isinstance(value, float) and not math.isfinite(value):
        # NaN, Infinity: how pandas' exports write a date missing
        raise ArticleError(f"trường 'date' không hợp lệ: {shown} (không phải số có thật)")
    if isinstance(value, float) and (value.is_integer() or _unix_time(int(value))):
        value = int(value)      # 2021.0, 1621209600.0, 1621209600.5 (time.time()): as the integer
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return None, value
    if isinstance(value, int) and not isinstance(value, bool) and 19000101 <= value <= 21001231:
        value = str(value)      # 20210517, as the string "20210517" is read
    elif isinstance(value, int) and not isinstance(value, bool) and _unix_time(value):
        # A Unix time, in seconds or milliseconds, as exports write it: the day it was here.
        seconds = value if value < _EPOCH_TO else value // 1000
        value = datetime.fromtimestamp(seconds, timezone.utc).isoformat()
    if not isinstance(value, str):
        raise ArticleError(f"trường 'date' không hợp lệ: {shown} (cần {DATE_FORMS}; một số là năm "
                           "1900–2100, NNNNTTNN hay thời điểm Unix 1990–2100 tính bằng giây hoặc mili giây)")
    try:
        y, m, d = read_date(clean_field(value), dateline=True)     # (a zero-width space after it is nothing)
        written = read_date(clean_field(value), dateline=True, local=False)
    except NoSuchDay:       # the form is right, the day is not ("31/02/2021")
        if not again and (swapped := _day_first(clean_field(value), english=False)) is not None:
            found = _parse_given_date(swapped, None, shown)
            if notes is not None:
                notes.append(f"trường 'date' {shown} không có ngày khi đọc ngày trước: đọc theo kiểu "
                             f"tháng/ngày/năm (các ngày khác của nguồn này có thể cũng viết tháng trước)")
            return found
        eight = " (8 chữ số liền được đọc là năm, tháng, ngày: NNNNTTNN)" if value.strip().isdigit() else ""
        raise ArticleError(f"trường 'date': {shown} không phải ngày có thật{eight}") from None
    except ValueError:
        raise ArticleError(f"trường 'date' không hợp lệ: {shown} (cần {DATE_FORMS})") from None
    if (y, m, d) in _EPOCH_DAYS or written in _EPOCH_DAYS:
        # (however written, "01/01/1970", "1970-01-01T00:00:00+08:00", the day as written or
        # as it was here: a stand-in for none)
        raise ArticleError(_EPOCH_SAID.format(shown))
    if not 1900 <= y <= 2100:   # as for a year given as a number: "9999-12-31" is a placeholder
        raise ArticleError(f"trường 'date' ngoài khoảng năm 1900–2100: {shown}")
    if m is None:
        return None, y
    return (f"{y:04d}-{m:02d}-{d:02d}" if d else f"{y:04d}-{m:02d}"), y


def _unix_time(value: int) -> bool:
    """Whether ``value`` is a Unix time of 1990–2100 in seconds or in milliseconds."""
    return _EPOCH_FROM <= value < _EPOCH_TO or _EPOCH_FROM * 1000 <= value < _EPOCH_TO * 1000


def _blank(value) -> bool:
    return isinstance(value, str) and not value.strip()


def _as_given(value):
    """A field that may be a list as given: its items, blank ones and repeats left out, one
    of them alone as itself, none as nothing given (``[]`` and ``[""]`` as ``""``)."""
    if not isinstance(value, list) or not all(v is None or isinstance(v, str) for v in value):
        return value
    items = list(dict.fromkeys(v for v in value if v is not None and v.strip()))
    return items[0] if len(items) == 1 else items or None


def _given_province(value) -> str | None:
    """A jsonl ``province``, read as a filter reads one: a name, a former or short form, a
    town or district of one province ("Phan Thiết"), without diacritics; "Không rõ" says the
    article has none. A name several provinces share is an error naming each. A list
    (:func:`_as_given`) of names of several provinces is an error too: the facet is the
    article's one main province; of one province however spelt, that province."""
    if isinstance(value, list) and len(value) > 1 and all(isinstance(v, str) for v in value):
        # (one province however spelled: "Bến Tre", "ben tre"; "TP.HCM", "Hồ Chí Minh")
        try:
            read = list(dict.fromkeys(facet("province").canonical(value)))
        except NoMatch as exc:
            raise ArticleError(f"trường 'province': {exc}") from None
        if len(read) > 1:
            raise ArticleError(f"trường 'province' có {len(read)} tỉnh/thành ({', '.join(read)[:80]}); "
                               "bài chỉ có một tỉnh/thành chính")
        value = value[0]
    if not isinstance(value, str):
        raise ArticleError(_not_text("province", value))
    try:
        found = facet("province").canonical([value])
    except NoMatch as exc:
        raise ArticleError(f"trường 'province': {exc}") from None
    if not found:
        raise ArticleError(f"trường 'province' không có chữ nào: {value!r}")
    if len(found) > 1:      # a region, or today's unit ("Tuyên Quang mới"): not one province
        raise ArticleError(f"trường 'province': “{value}” là nhiều tỉnh/thành ({', '.join(found)}); "
                           "bài chỉ có một tỉnh/thành chính")
    return None if found[0] == UNKNOWN_LABEL else found[0]


def _given_topics(value, unread: Callable[[ArticleError], None]) -> list[str] | None:
    """A jsonl ``topics``, a list or "a, b" text, each read as a filter reads it
    ("electricity", "Điện", "tmdt"). An unknown one is noted and left out, the others are
    kept. ``[]`` says the article has none; None (blank text included, like any other
    blank field) means nothing usable was given."""
    if value is None:
        return None
    if isinstance(value, str):
        if not value.replace(",", "").replace(";", "").strip():
            return None
        value = value.replace(";", ",").split(",")
    if not isinstance(value, list):
        unread(ArticleError(f"trường 'topics' không hợp lệ: {json.dumps(value, ensure_ascii=False)[:60]}"))
        return None
    out = []
    for v in value:
        if not isinstance(v, str):
            unread(ArticleError(_not_text("topics", v, "mỗi chủ đề")))
        elif v.strip():
            slug = match_topic(v)
            if slug is None:
                unread(ArticleError(f"chủ đề không rõ: {v.strip()!r} (có: {', '.join(TOPIC_LABELS)})"))
            elif slug not in out:
                out.append(slug)
    return out or (None if value else [])      # nothing read from a non-empty list: not given


def article_text(raw: RawArticle) -> tuple[str, str, str | None]:
    """(title, body, date hint): the cleaned text exactly as indexing reads it, before
    any extraction. The training scripts read articles through this, so they never need
    the models they are (re)training."""
    if len(raw.text) > MAX_TEXT_CHARS:
        raise ArticleError(f"bài quá dài ({format_count(len(raw.text))} ký tự, tối đa {format_count(MAX_TEXT_CHARS)})")
    text = clean_text(raw.text)
    date_hint = None
    if raw.title is None:
        if not text:
            raise ArticleError("bài rỗng (không có nội dung)")
        title, body, date_hint = split_title(text)
    else:
        title = clean_text(raw.title).replace("\n", " ")
        body = text
        if not body and not title:
            raise ArticleError("bài rỗng (không có tiêu đề và nội dung)")
    return title, body, date_hint


def _given_text(given: dict, key: str, unread: Callable[[ArticleError], None]) -> str | None:
    """A given text field ("source", "url"), cleaned; a list, an object or a number is no
    name of a paper or an address: noted and left out, never stored as "['x']"."""
    value = given.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        unread(ArticleError(_not_text(key, value)))
        return None
    return clean_field(value) or None


_JSON_KINDS = {list: "mảng", dict: "đối tượng", int: "số", float: "số", bool: "true/false"}


def _not_text(key: str, value, item: str = "") -> str:
    """The note for a given field (or an item of its list) that should be text."""
    kind = "null" if value is None else _JSON_KINDS.get(type(value), "giá trị")
    return (f"{item + ' trong ' if item else ''}trường {key!r} phải là chuỗi, không phải {kind} "
            f"({json.dumps(value, ensure_ascii=False)[:40]})")


def build_article(raw: RawArticle, notes: list[str] | None = None) -> Article:
    """Clean the text and work out title, date, province and topics.

    Metadata given in a jsonl record wins over what is extracted from the text. A given
    value that cannot be read is left out, and what the text says is used instead: the
    article is still indexed, and ``notes`` gets a sentence saying so (one bad field must
    not lose the article).
    """
    text = repair_mojibake(raw.text)
    # A headline has few letters: one mark is enough where its text was so damaged.
    title_given = repair_mojibake(raw.title, 1 if text is not None else MOJIBAKE_MIN_MARKS) if raw.title else None
    if text is not None or title_given is not None:
        if notes is not None:
            # (what was read again, and only that: a headline mended over a text that was not
            # is no article read again)
            mended = "tiêu đề và nội dung" if text is not None and title_given is not None else \
                "nội dung" if text is not None else "tiêu đề"
            notes.append("chữ bị giải mã sai (UTF-8 đã bị đọc như Windows-1252 rồi lưu lại, "
                         f"“TiÃªu Ä‘iá»ƒm”): đã đọc lại đúng {mended}")
        raw = replace(raw, text=text if text is not None else raw.text,
                      title=title_given if title_given is not None else raw.title)
    # Punctuation alone double-encoded in sound UTF-8 ("â€œChúng tôi sẽ kiến nghịâ€"): the marks
    # read back, so that the words glued to them are found again.
    text_marks = repair_punctuation(raw.text)
    title_marks = repair_punctuation(raw.title) if raw.title else None
    if text_marks is not None or title_marks is not None:
        raw = replace(raw, text=text_marks[0] if text_marks else raw.text,
                      title=title_marks[0] if title_marks else raw.title)
        if notes is not None:
            left = mojibake_left(raw.text) + (mojibake_left(raw.title) if raw.title else 0)
            notes.append(f"dấu câu bị giải mã sai (UTF-8 đã bị đọc như Windows-1252 rồi lưu lại, “â€œ” cho “): đã đọc "
                         f"lại đúng {(text_marks or ('', 0))[1] + (title_marks or ('', 0))[1]} dấu"
                         + (f"; còn {left} chỗ khác có vẻ cũng bị giải mã sai (“Ã©”, “á»”…), để nguyên vì không đọc "
                            "lại được cả bài" if left else ""))
    title, body, date_hint = article_text(raw)
    given = raw.meta

    def unread(exc: ArticleError) -> None:
        if notes is not None:
            notes.append(f"{exc}; bỏ qua giá trị này, dùng thông tin lấy từ nội dung bài")

    if "title" in given:  # only a title that is no text (see ingest): indexed without it
        unread(ArticleError(_not_text("title", given["title"])))
    if len(title) > MAX_TITLE_CHARS:
        # No headline runs so long: text given as the title (a whole story in one field),
        # which every results page listing it would carry whole. Its first words make it.
        if notes is not None:
            notes.append(f"tiêu đề quá dài ({format_count(len(title))} ký tự, tối đa {format_count(MAX_TITLE_CHARS)}): "
                         "đọc như đoạn đầu của bài, tiêu đề lấy từ câu đầu")
        title, body = "", title + ("\n" + body if body else "")
    given_date = None
    if given.get("date") not in (None, ""):
        try:
            given_date = _parse_given_date(given["date"], notes)
            # The given date also tells extraction whether the article names the 2025 provinces.
            date_hint = given_date[0] or str(given_date[1])
        except ArticleError as exc:
            unread(exc)
    meta = extract_metadata(title, body, date_hint)
    date, year = meta.date, meta.year
    province, provinces, topics = meta.province, list(meta.provinces), list(meta.topics)

    if given_date is not None:
        given_day, year = given_date
        if given_day is None or len(given_day) == 10:
            date = given_day
        elif not (date or "").startswith(given_day):
            date = given_day   # a month given ("2025-07"): the text's day counts only inside it
    given_place = _as_given(given.get("province"))
    if given_place is not None and not _blank(given_place):
        try:
            given_province = _given_province(given_place)
        except ArticleError as exc:
            unread(exc)
        else:
            province = given_province
            if given_province is not None and given_province not in provinces:
                provinces.insert(0, given_province)
    given_topics = _given_topics(given.get("topics"), unread)
    if given_topics is not None:
        topics = given_topics
    # Every stored field is cleaned like the text: one lone surrogate or control
    # character would otherwise break every page and JSON answer showing the article.
    source, url = (_given_text(given, key, unread) for key in ("source", "url"))
    source = source_name(source) if source else None
    if url and len(url) > MAX_URL_CHARS:
        unread(ArticleError(f"trường 'url' quá dài ({format_count(len(url))} ký tự, tối đa "
                            f"{format_count(MAX_URL_CHARS)}): “{url[:40]}…”"))
        url = None
    if source and len(source) > MAX_SOURCE_CHARS:
        # (a facet value no filter could take: its toggle would be refused)
        unread(ArticleError(f"trường 'source' quá dài ({len(source)} ký tự, tối đa {MAX_SOURCE_CHARS}): "
                            f"“{source[:40]}…”"))
        source = None
    if source and fold(source).casefold() == fold(UNKNOWN_LABEL).casefold():
        source = None       # "Không rõ" says it has none, as the filter says it (as for a province)
    return Article(
        id=raw.id, title=title, body=body, date=date, year=year, province=province,
        provinces=provinces, topics=topics, source=source or None, url=url or None,
        # An article on one of the trade topics is trade news whatever page it is on (a
        # craft village's festival, a singer's online shop).
        leisure=0 if topics else meta.leisure,
    )


__all__ = ["Article", "ArticleError", "article_text", "build_article", "MAX_TEXT_CHARS"]
