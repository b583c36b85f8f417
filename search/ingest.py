"""Reading articles from disk: .txt files, .jsonl and .json files and directories of them.

Bad input never raises: every problem becomes a :class:`Problem` naming the file and
line, and reading goes on with the next record.
"""

from __future__ import annotations

import codecs
import errno
import functools
import itertools
import json
import os
import re
import stat
import threading
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from .textnorm import LETTER_RUN, clean_id, is_vietnamese_syllable
from .vnformat import format_count, os_error_text


#: A .jsonl or .json file holds JSON lines, or one JSON array of articles (what most tools
#: export), or objects written over several lines: :func:`read_json` tells which.
SUFFIXES = (".txt", ".jsonl", ".json")
#: Data files a folder of articles may hold by mistake (JSON lines named otherwise, a
#: spreadsheet): worth a note when a folder is indexed.
_NEAR_SUFFIXES = (".ndjson", ".csv", ".tsv", ".xml", ".html", ".htm", ".docx", ".doc")
#: What each suffix read holds, for messages.
_WHAT_IS_READ = ".txt (một bài), .jsonl (mỗi dòng một bài) và .json (một mảng bài [{...}, …])"
#: A single file larger than this is not read whole (a .txt article never is).
MAX_TXT_BYTES = 8 * 1024 * 1024

_OPTIONAL_KEYS = ("date", "source", "url", "province", "topics")


@dataclass
class RawArticle:
    """One article as read from disk, before cleaning."""

    id: str
    origin: str                 # "path" or "path:line", for messages
    text: str
    title: str | None = None    # given by a jsonl record ("" if none or unreadable); None for .txt files
    # jsonl date/source/url/province/topics; "title" only when the record's is no text
    meta: dict = field(default_factory=dict)


@dataclass
class Problem:
    """Something that could not be read; ``origin`` is "path" or "path:line"."""

    origin: str
    message: str
    fatal: bool = True   # False for notes (e.g. "read as Windows-1258")
    #: A source read in part or not at all (a file cut short or unreadable, a folder with
    #: no article): the articles after it are missing, not one record.
    halted: bool = False
    #: The id of the record it is about, where that is whole (a record without its text
    #: still names the article: enough to remove it).
    article_id: str | None = None
    #: A note about a file as a whole (one left out, one read in another code page), not
    #: one of its records: few, and never hidden by the records' many.
    whole_file: bool = False
    #: How many articles a skipped record costs: a run of array elements that are no
    #: article, each one (or the articles an array too deep holds), is said once.
    records: int = 1

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


# The json module's messages, said in Vietnamese (others are shown as they are).
_JSON_ERRORS = {
    "Unterminated string starting at": "chuỗi chưa đóng dấu ngoặc kép",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Expecting value": "thiếu giá trị",
    "Expecting property name enclosed in double quotes": "tên trường phải trong ngoặc kép",
    "Extra data": "thừa dữ liệu sau đối tượng JSON",
    "Invalid control character at": "ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "chuỗi thoát (\\) không hợp lệ",
    "Invalid \\uXXXX escape": "chuỗi thoát \\uXXXX không hợp lệ",
}


def _json_error(message: str) -> str:
    return _JSON_ERRORS.get(message, message)


_CLOSERS = {"{": "}", "[": "]"}
# A JSON string (closed or running to the end of the text), or a bracket outside strings.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[][{}]')


def _unclosed(text: str) -> str:
    """The brackets still open at the end of ``text``, outermost first ("{[" for
    ``{"topics": ["a"``); brackets inside strings do not count."""
    stack: list[str] = []
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        if tok in "{[":
            stack.append(tok)
        elif tok in "]}" and stack:
            stack.pop()
    return "".join(stack)


def _closers(opened: str) -> str:
    return "".join(_CLOSERS[c] for c in reversed(opened))


def _cut_short(text: str, exc: json.JSONDecodeError) -> str | None:
    """What is wrong with a JSON text that ends before its object (or array) closes, said
    as that, or None if it does not. The json module names the next token it expected
    there ("Expecting ',' delimiter" after the last value), which reads as a missing comma
    in the middle of the line when what is missing is the closing "}" at its end."""
    if text[exc.pos:].strip() or exc.msg.startswith("Unterminated string"):
        return None     # an error inside the line; a string cut short is already said so
    before = text[:exc.pos].rstrip()
    opened = _unclosed(before)
    if not opened:
        return None
    kind = "đối tượng" if opened[0] == "{" else "mảng"
    closers = _closers(opened)
    if before.endswith(","):
        return f"dòng kết thúc sau dấu phẩy, {kind} chưa đóng (thiếu “{closers}”)"
    if before.endswith(":"):
        return f"thiếu giá trị sau dấu hai chấm ở cuối dòng, {kind} chưa đóng (thiếu “{closers}”)"
    if exc.msg == "Expecting ':' delimiter":
        return f"dòng kết thúc sau tên trường, {kind} chưa đóng (thiếu dấu hai chấm, giá trị và “{closers}”)"
    return f"{kind} chưa đóng, thiếu “{closers}” ở cuối dòng"


# --- decoding ---------------------------------------------------------------------
def _looks_binary(data: bytes) -> bool:
    """Many NUL bytes or control characters at the start: an image or an archive, not
    text with a stray NUL (which cleaning removes, as every control character), nor text
    with a block a crash never wrote (zeros in a row: said where the file is read)."""
    sample = _without_zero_blocks(data[:8192])
    if sample.count(0) > MAX_STRAY_NULS:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


#: NUL bytes a text may carry at its start and still be read as text.
MAX_STRAY_NULS = 4
#: Zero bytes in a row that are a crash's, not a stray NUL or two: a file's blocks the system
#: never wrote read as zeros, at its end (a power cut while writing) or anywhere inside it
#: (writes delayed and lost): what stood there is gone, and it is no sign of binary data.
PADDING = 8
_ZERO_BLOCK = re.compile(b"\x00{%d,}" % PADDING)


def _without_zero_blocks(data: bytes) -> bytes:
    """``data`` without its blocks of zeros (an even count of each taken out, so that UTF-16
    keeps its byte pairs): what it holds besides, to judge what kind of text it is."""
    return _ZERO_BLOCK.sub(lambda m: b"\x00" * (len(m.group()) % 2), data)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few bytes that are not (a stray byte, a character cut in two),
    each replaced by U+FFFD, a punctuation mark of Word's code page read as that mark
    (:func:`_word_mark`); None when its bytes read better in a single-byte code page
    (there, bytes above 127 rarely make UTF-8 characters: few read, many do not)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ord(ch) > 127) - bad
    if good < 2:
        return None     # (cheap: text in a code page, whatever its marks)
    if bad and _WORD_MARK_BYTE.search(data):
        _word_marks.data = None
        text = data.decode("utf-8", errors="ctsearch-word-mark")
        _word_marks.data = None
        bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    return text if good >= max(2, 3 * bad) else None


#: Bytes of Word's code page (Windows-1252; Windows-1258 has them too) that are punctuation
#: marks: “ ” ‘ ’ – — … • ‚ „ ‹ › † ‡ ‰. Text typed in UTF-8 with marks pasted from a document
#: in that code page holds them as single bytes, each no UTF-8.
_WORD_MARK_BYTES = bytes((0x82, 0x84, 0x85, 0x86, 0x87, 0x89, 0x8B, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x9B))
_WORD_MARK_BYTE = re.compile(b"[" + re.escape(_WORD_MARK_BYTES) + b"]")
_word_marks = threading.local()


def _word_mark(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler for UTF-8: a byte that is no UTF-8 and one of Word's punctuation
    marks (``_WORD_MARK_BYTES``) is that mark, counted in ``_word_marks.count``; any other
    byte, or a mark right after a byte that is no UTF-8 either (the end of a character cut
    in two), U+FFFD. A mark so pasted used to make the UTF-8 words around it be read in a
    code page, "“Bộ" as "“Bá»™", and no search found them."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data, start = exc.object, exc.start
    after_bad = getattr(_word_marks, "data", None) is data and getattr(_word_marks, "end", -1) == start
    if exc.end == start + 1 and data[start] in _WORD_MARK_BYTES and not after_bad:
        _word_marks.count = getattr(_word_marks, "count", 0) + 1
        return data[start:exc.end].decode("cp1252"), exc.end
    _word_marks.data, _word_marks.end = data, exc.end
    return "\ufffd", exc.end


codecs.register_error("ctsearch-word-mark", _word_mark)


def _utf8_with_marks(data: bytes) -> tuple[str, int] | None:
    """``data`` read as UTF-8 whose bytes that are none are all Word's punctuation marks
    (:func:`_word_mark`), and how many: ``(text, marks)``; None where another byte is no
    UTF-8."""
    if not _WORD_MARK_BYTE.search(data):
        return None
    _word_marks.count = 0
    _word_marks.data = None
    text = data.decode("utf-8", errors="ctsearch-word-mark")
    _word_marks.data = None     # (the bytes are not kept alive)
    if text.count("\ufffd") > data.count(b"\xef\xbf\xbd"):
        return None
    return text, _word_marks.count


def _marks_alone(text: str) -> bool:
    """Whether ``text``, bytes read as UTF-8 with Word's marks (:func:`_utf8_with_marks`), is
    right so: each of its characters beyond ASCII a Latin letter (Vietnamese, or a name,
    "Đak", "Zürich") or a mark or symbol. Bytes of a code page make a UTF-8 character only by
    chance, a tone mark before a closing quote ("xã”" in Windows-1258 reads "xaޔ"), and that
    is a letter of another script, a lone combining mark or a control character."""
    if text.isascii():
        return True
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80 or ch in _LATIN_LETTERS:
            continue
        if unicodedata.category(ch)[0] not in "PSZ":
            return False
    return True


#: Letters of Latin script beyond ASCII: Latin-1's, Latin Extended-A and B's, and the
#: Vietnamese block's (U+1E00–U+1EFF).
_LATIN_LETTERS = frozenset(ch for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
                           for ch in (chr(cp),) if ch.isalpha())


#: The code page of a passage pasted into UTF-8 text from an old Vietnamese document, where
#: it is read a word at a time (a line or a field wholly in a code page is read as a file
#: would be, in the one that reads best).
MIXED_CODE_PAGE = "cp1258"
#: Words of Vietnamese syllables that UTF-8 characters must make for text that is not all
#: UTF-8 to be UTF-8 with passages in a code page rather than all in a code page (a tone
#: mark before a closing quote, or "É" before a no-break space, makes a UTF-8 character by
#: chance, and it is no syllable); one where the lines around are UTF-8.
MIXED_UTF8_MIN = 3
#: Letters of a word in capitals read in the code page as an abbreviation ("ĐHĐCĐ", "HĐND").
MAX_ABBREVIATION = 10
#: Bytes that end a word, where a passage in the code page is read a word at a time.
_WORD_END = re.compile(rb"[\x00-\x40\x5b-\x60\x7b-\x7f]")
#: A word holding bytes beyond ASCII (what may be UTF-8 or the code page), in bytes.
_HIGH_WORD = re.compile(rb"[^\x00-\x40\x5b-\x60\x7b-\x7f]*[\x80-\xff][^\x00-\x40\x5b-\x60\x7b-\x7f]*")
#: A word holding a letter beyond ASCII, in text.
_BEYOND_ASCII_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")
#: Where text not all UTF-8 is cut into parts, each read as UTF-8, or with passages, or
#: wholly in a code page: line ends and JSON's quotes (a line of a .txt, a field of a record).
_PART_END = re.compile(rb"(?<=[\r\n\"])")
_read_in_code_page = threading.local()
#: Whether a word is a Vietnamese syllable, remembered: the code pages are judged on every
#: word of a file not all UTF-8, and an article repeats its words.
_syllable = functools.lru_cache(maxsize=1 << 16)(is_vietnamese_syllable)
#: Bytes of the parts read wholly in a code page that choose it (:func:`_passages`).
_CODE_PAGE_SAMPLE = 1 << 16


def _reads_vietnamese(text: str) -> bool:
    """Whether the letters of ``text`` beyond ASCII make Vietnamese syllables, or an
    abbreviation in capitals ("ĐHĐCĐ"), and it has some."""
    runs = LETTER_RUN.findall(unicodedata.normalize("NFC", text))
    return any(not r.isascii() for r in runs) and all(r.isascii() or _syllable(r.lower())
                                                      or r.isupper() and len(r) <= MAX_ABBREVIATION for r in runs)


def _code_page_word(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler for UTF-8: bytes that are no UTF-8 read in ``MIXED_CODE_PAGE``
    where they are a mark of it (a quote, a dash, a degree sign), or where the word holding
    them is then Vietnamese syllables or an abbreviation in capitals (a passage pasted from an
    old Windows-1258 document: such words counted in ``_read_in_code_page.words``); else
    U+FFFD for the bytes (a stray byte, a character cut in two)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data, start = exc.object, exc.start
    mark = data[start:exc.end].decode(MIXED_CODE_PAGE, errors="replace")
    if all(unicodedata.category(ch)[0] in "PSZ" and ch != "\ufffd" for ch in mark):
        return mark, exc.end    # a quote, a dash, a degree sign, a space of the code page: itself
    end = _WORD_END.search(data, start)
    end = len(data) if end is None else end.start()
    begin = start
    while begin > 0 and data[begin - 1:begin].isalpha() and data[begin - 2:begin - 1] != b"\\":
        begin -= 1      # (not the letter of an escape before it: the "n" of "\\n" in JSON)
    # (its letters, not the quotes around them: “Người” in the code page; an abbreviation in
    # capitals, "ĐHĐCĐ", as well as syllables)
    if _reads_vietnamese(data[begin:end].decode(MIXED_CODE_PAGE, errors="replace")):
        _read_in_code_page.words = getattr(_read_in_code_page, "words", 0) + 1
        return data[start:end].decode(MIXED_CODE_PAGE, errors="replace"), end
    return "\ufffd", exc.end


codecs.register_error("ctsearch-code-page", _code_page_word)


def _utf8_syllables(text: str) -> int:
    """Words of ``text`` (bytes read as UTF-8, U+FFFD for those that are none) whose letters
    beyond ASCII are Vietnamese syllables: the evidence that its UTF-8 characters were
    written as UTF-8, not made by chance by bytes of a code page (those are letters of other
    scripts, or Western letters inside a word, "COMMUNIQUà"). Counting the characters
    instead took a long passage in the code page under a UTF-8 headline for a whole file
    in it, and a chance pair or two in a Western file for UTF-8."""
    if text.isascii() or not _BEYOND_ASCII_WORD.search(text):
        return 0
    return sum(1 for word in _BEYOND_ASCII_WORD.findall(unicodedata.normalize("NFC", text))
               if _syllable(word))


def _passage_words(data: bytes) -> str:
    """``data``, UTF-8 holding words in ``MIXED_CODE_PAGE``, read a word at a time: a word
    in the code page where only it makes the word Vietnamese (a tone mark before a closing
    quote, "xã”", is a letter of another script in UTF-8, "xaޔ"); else a word valid in UTF-8
    as such, another as :func:`_code_page_word` reads it."""
    out, at = [], 0
    for found in _HIGH_WORD.finditer(data):
        begin, end = found.span()
        if begin and data[begin - 1] == 0x5C and data[begin] < 0x80:
            begin += 1      # (the letter of an escape before it, the "n" of "\\n" in JSON, is none of it)
        out.append(data[at:begin].decode("ascii"))
        word = data[begin:end]
        try:
            text: str | None = word.decode("utf-8")
        except UnicodeDecodeError:
            text = None
            # A UTF-8 word with a punctuation mark of Word's code page beside it ("“Bộ", in
            # quotes pasted from Word): the word as written, the mark the mark it is.
            if (marked := _utf8_with_marks(word)) is not None and _marks_alone(marked[0]):
                _read_in_code_page.marks = getattr(_read_in_code_page, "marks", 0) + marked[1]
                out.append(marked[0])
                at = end
                continue
        # (a word valid in UTF-8 whose characters beyond ASCII are no letters, "–", "“", is
        # as written; one of letters that make no Vietnamese, "xaޔ", may be the code page's)
        if text is None or not _reads_vietnamese(text) and any(ch.isalpha() and ord(ch) > 127 for ch in text):
            if _reads_vietnamese(in_code_page := word.decode(MIXED_CODE_PAGE, "replace")):
                _read_in_code_page.words = getattr(_read_in_code_page, "words", 0) + 1
                text = in_code_page
            elif text is None:
                text = word.decode("utf-8", errors="ctsearch-code-page")
        out.append(text)
        at = end
    out.append(data[at:].decode("ascii"))
    return "".join(out)


@dataclass
class _Passages:
    """Text read as UTF-8 with passages in a code page (:func:`_passages`)."""

    text: str
    #: Words read in a code page.
    words: int
    #: The code page of the parts read wholly in one, else ``MIXED_CODE_PAGE``.
    code_page: str
    #: Punctuation marks of Word's code page read as such among UTF-8 words (:func:`_word_mark`).
    marks: int = 0

    @property
    def encoding(self) -> str:
        """How the text was read, as :func:`decode_bytes` names it: with passages in a code
        page, or with Word's marks alone."""
        return f"utf-8+{self.code_page}" if self.words else "utf-8+marks"


def _passages(data: bytes) -> _Passages:
    """``data``, not all UTF-8, read a part at a time (a line; in JSON, a field: see
    ``_PART_END``): a part of UTF-8 as such; a part of no UTF-8 Vietnamese syllable, whose
    bytes are more often no UTF-8 than a UTF-8 character, wholly in the single-byte code page
    all such parts read best in, as the same part alone in a file (a headline typed over a
    body pasted from an old document, a record of a legacy database among UTF-8 ones: read a
    word at a time, every word that is no syllable, "Đắk", "120.000đ/kg", "Élysée", was
    lost); another a word at a time (:func:`_passage_words`)."""
    parts = _PART_END.split(data)
    read: list[str | None] = []
    whole: list[int] = []
    _read_in_code_page.words = 0
    _read_in_code_page.marks = 0
    for k, part in enumerate(parts):
        try:
            read.append(part.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        if (marked := _utf8_with_marks(part)) is not None and _marks_alone(marked[0]):
            # UTF-8 whose only bytes that are none are Word's punctuation marks: as written.
            read.append(marked[0])
            _read_in_code_page.marks += marked[1]
            continue
        replaced = part.decode("utf-8", errors="replace")
        bad = replaced.count("\ufffd") - part.count(b"\xef\xbf\xbd")
        # (a character of three bytes or more, "–", "“", "ạ", is UTF-8: the code pages make
        # one by chance only from a letter and two symbols in a row; "Gia – tin" with a
        # stray byte is UTF-8 with a byte replaced, not text in a code page)
        if _utf8_syllables(replaced) or any(0x800 <= ord(ch) != 0xFFFD for ch in replaced) \
                or sum(1 for ch in replaced if ord(ch) > 127) - bad > bad:
            read.append(_passage_words(part))
        else:
            read.append(None)
            whole.append(k)
    words, code_page = _read_in_code_page.words, MIXED_CODE_PAGE
    if whole:
        code_page = _best_single_byte(b"".join(parts[k] for k in whole)[:_CODE_PAGE_SAMPLE])[1]
        for k in whole:
            read[k] = parts[k].decode(code_page, errors="replace")
            words += sum(1 for _ in _BEYOND_ASCII_WORD.finditer(unicodedata.normalize("NFC", read[k])))
    return _Passages("".join(read), words, code_page, _read_in_code_page.marks)


def _mixed(data: bytes, utf8_around: bool = False) -> _Passages | None:
    """UTF-8 text holding passages in a single-byte code page (a paragraph pasted from an
    old Windows-1258 document), each part read as written (:func:`_passages`). None where
    its UTF-8 characters make fewer than ``MIXED_UTF8_MIN`` Vietnamese syllables (one where
    the lines around are UTF-8, ``utf8_around``): the whole text is in one code page, which
    :func:`decode_bytes` picks, and the UTF-8 characters it makes are chance pairs of bytes;
    None too where no word is read in a code page (UTF-8 with a stray byte, replaced by
    :func:`_mostly_utf8`). Read whole in a code page, the UTF-8 letters became "Ã¡" and no
    word of the article could be found. Punctuation of Word's code page among UTF-8 words
    (quotes pasted from Word) is read as those marks, and counted."""
    if _utf8_syllables(data.decode("utf-8", errors="replace")) < (1 if utf8_around else MIXED_UTF8_MIN):
        return None
    read = _passages(data)
    return read if read.words or read.marks else None


def _utf16_order(sample: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``sample`` looks like UTF-16 without a byte-order
    mark: in text of Latin script every other byte (the high byte of ASCII characters)
    is mostly zero, the other bytes almost never."""
    sample = _without_zero_blocks(sample[:8192])
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) // 2)
    odd = sample[1::2].count(0) / (len(sample) // 2)
    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= 0.3 and low <= 0.02:
            return enc
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark (see :func:`_utf16_order`), decoded."""
    if len(data) % 2:
        return None
    enc = _utf16_order(data)
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return (text, enc) if controls <= 2 else None




def _vietnamese_score(text: str) -> int:
    """Words with non-ASCII letters that are Vietnamese syllables, minus those that are
    not. ASCII words read the same in every single-byte code page and do not count."""
    score = 0
    for word in LETTER_RUN.findall(unicodedata.normalize("NFC", text[:200_000])):
        if not word.isascii():
            score += 1 if _syllable(word) else -1
    return score


#: Single-byte code pages tried when the bytes are not UTF-8, in order of preference on a
#: tie (text without Vietnamese words is likelier Western).
_SINGLE_BYTE = ("cp1252", "cp1258", "latin-1")


def _best_single_byte(data: bytes) -> tuple[str | None, str]:
    """``data`` read in the single-byte code page whose non-ASCII words read best as
    Vietnamese syllables (a tie: the Western one, unless both read some and differ: a tone
    mark read as a Western letter keeps a word a syllable, "Quôìc", where Windows-1258 reads
    it right): ``(text, encoding)``, ``(None, reason)`` where none reads it."""
    read: dict[str, str] = {}
    for enc in _SINGLE_BYTE:
        try:
            read[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not read:
        return None, "không nhận ra bảng mã (không phải UTF-8, UTF-16, Windows-1258 hay Windows-1252)"
    score = {enc: _vietnamese_score(text) for enc, text in read.items()}
    order = list(_SINGLE_BYTE)
    if score.get("cp1258", 0) > 0 and score["cp1258"] == score.get("cp1252") and read["cp1258"] != read["cp1252"]:
        order.insert(0, order.pop(order.index("cp1258")))
    enc = max(read, key=lambda e: (score[e], -order.index(e)))
    return read[enc], enc


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode file contents: ``(text, encoding)``, or ``(None, reason)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are exact; UTF-16 without BOM is
    recognised by its zero bytes. Otherwise the single-byte code pages are tried
    (Windows-1258 for Vietnamese, Windows-1252 and Latin-1 for Western languages), and
    the one whose non-ASCII words read as Vietnamese syllables wins only if they do;
    otherwise the Western one. The encoding used is returned so it can be reported.
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return None, "có BOM UTF-8 nhưng nội dung không phải UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            text = data.decode("utf-16", errors="replace")
            if text.count("\ufffd") > max(2, len(text) // 1000):
                return None, "có BOM UTF-16 nhưng nội dung hỏng"
            return text, "utf-16-repaired"    # a byte cut off its end, a broken pair
    if b"\x00" in data[:8192]:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
    if _looks_binary(data):
        return None, "tệp nhị phân, không phải văn bản"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed(data)
    if mixed is not None:
        return mixed.text, mixed.encoding
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired, "utf-8-repaired" if _replaced(repaired, data) else "utf-8+marks"
    return _best_single_byte(data)


def _replaced(text: str, data: bytes) -> bool:
    """Whether reading ``data`` as ``text`` replaced a byte by U+FFFD."""
    return text.count("\ufffd") > data.count(b"\xef\xbf\xbd")


#: What each code page is called in a note.
_CODE_PAGE_NAMES = {"cp1258": "Windows-1258", "cp1252": "Windows-1252", "latin-1": "Latin-1 (ISO-8859-1)"}
#: Said of UTF-8 text holding Word's punctuation marks as single bytes (:func:`_word_mark`).
WORD_MARKS_NAME = "UTF-8, có dấu câu “ ” ‘ ’ – — … viết theo Windows-1252 (dán từ Word), đã đọc thành dấu câu đó"
_ENCODING_NAMES = {"utf-8-repaired": "UTF-8, thay byte hỏng bằng �", "utf-8+marks": WORD_MARKS_NAME,
                   **{f"utf-8+{enc}": f"UTF-8, các đoạn không phải UTF-8 theo {name}"
                      for enc, name in _CODE_PAGE_NAMES.items()},
                   "utf-16-repaired": "UTF-16, thay ký tự hỏng bằng �", **_CODE_PAGE_NAMES,
                   "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE (không có BOM)",
                   "utf-16-be": "UTF-16 BE (không có BOM)"}


# --- walking ------------------------------------------------------------------------
def _path_problem(path: Path) -> str | None:
    """Why a path named on the command line cannot be read as an article file, if so."""
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "liên kết tượng trưng lặp vòng (symlink trỏ vào chính nó)"
        if exc.errno == errno.ENOENT:
            if path.is_symlink():
                return "liên kết tượng trưng hỏng (đích không tồn tại)"
            return "không tìm thấy tệp hay thư mục này"
        if exc.errno == errno.EACCES:
            return "không có quyền đọc"
        return f"không đọc được: {os_error_text(exc)}"
    if stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode):
        return None
    kind = ("FIFO (ống có tên)" if stat.S_ISFIFO(st.st_mode) else
            "socket" if stat.S_ISSOCK(st.st_mode) else
            "thiết bị" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "tệp đặc biệt")
    return f"không phải tệp thường mà là {kind}; chỉ đọc tệp .txt, .jsonl hoặc .json"


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Problem]:
    """Expand paths into article files, in a stable order; a file reached twice (named and
    inside a folder named, `index data data/a.jsonl`) is read once."""
    read: set[str] = set()
    for item in _expanded(paths):
        if isinstance(item, Path):
            real = os.path.realpath(item)
            if real in read:
                continue
            read.add(real)
        yield item


def _expanded(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Problem]:
    for p in paths:
        path = Path(p)
        problem = _path_problem(path)
        if problem is not None:
            # (a path that is not there holds no article to count as skipped: it is named)
            yield Problem(str(path), problem, halted=True, records=0 if not path.exists() else 1)
        elif path.is_dir():
            unreadable: list[Problem] = []
            files = _walk(path, unreadable)
            found = [f for f in files if f.suffix.lower() in SUFFIXES]
            yield from unreadable
            if not found and not unreadable:
                yield Problem(str(path), "thư mục không có tệp .txt, .jsonl hay .json nào", halted=True, records=0)
            # Files that look like articles in another form are named, not passed over silently
            # (before the articles' own notes, which may be many).
            for f in files:
                if f.suffix.lower() in _NEAR_SUFFIXES:
                    yield Problem(str(f), f"bỏ qua tệp {f.suffix}: chỉ đọc {_WHAT_IS_READ}", fatal=False,
                                  whole_file=True)
            yield from found
        elif path.suffix.lower() not in SUFFIXES:
            yield Problem(str(path), f"chỉ đọc tệp {_WHAT_IS_READ}", halted=True)
        else:
            yield path


#: The files an index writes (Whoosh's segments and tables of contents, the schema note, the
#: side files of one generation and segments, "abbreviations-12-3b61e9fbbc03.json", named as
#: :func:`search.store.side_file` names them), and their temporaries: an article file named
#: "tin-2022-01.json" is none.
INDEX_FILE_RE = re.compile(r"^(?:_MAIN_\d+\.toc(?:\..*)?|MAIN_(?:WRITELOCK|[a-z0-9]{16}\..+)|ctsearch\.json(?:\.tmp)?"
                           r"|(?:abbreviations|facets|vocab|vocabulary)-\d+-[0-9a-f]{12}\.(?:json|npz|pickle)(?:\..*)?)$")


def _walk(root: Path, problems: list[Problem]) -> list[Path]:
    """The regular files under ``root``, sorted, hidden ones (a part starting with ".")
    left out; a folder that cannot be listed, and an article's name that is no file to
    read (a broken or looping link, a FIFO named ".txt"), are reported in ``problems``, as
    they are when named on the command line, not passed over in silence."""
    def unreadable(exc: OSError) -> None:
        reason = "không có quyền đọc" if exc.errno == errno.EACCES else f"không đọc được: {os_error_text(exc)}"
        problems.append(Problem(str(exc.filename or root), f"thư mục {reason}; các bài trong đó chưa được đánh chỉ mục",
                                halted=True))

    out: list[Path] = []
    # A folder linked in is read as the folder it points to (an archive kept on another
    # disk: it was passed over in silence); one reached twice, a link back up included, once.
    seen = {os.path.realpath(root)}
    linked: dict[str, str] = {}      # a link to a folder followed -> the folder
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = os.path.realpath(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]     # (hidden: never read, never "read")
        for d in sorted(d for d in dirs if os.path.islink(os.path.join(folder, d))):
            real = os.path.realpath(os.path.join(folder, d))
            if real in seen or here == real or here.startswith(real + os.sep):
                dirs.remove(d)
                problems.append(Problem(os.path.join(folder, d), f"liên kết đến thư mục đã đọc ({real}): không đọc lại",
                                        fatal=False, whole_file=True))
            else:
                seen.add(real)
                linked[os.path.join(folder, d)] = real
        if "ctsearch.json" in names and any(n.startswith("_MAIN_") for n in names):
            if Path(folder) != root:
                dirs[:] = []        # an index (./index under the folder indexed): not articles
                continue
            # The folder indexed is the index's own (`index . --index-dir .`): its articles
            # are read, its files are not ("abbreviations-….json" is no article).
            names = [n for n in names if not INDEX_FILE_RE.match(n)]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            f = Path(folder) / name
            if name.startswith("."):
                # Hidden files are a system's or an editor's (".DS_Store", ".~lock"); one
                # named as articles are is said, for it may be one ("..txt", ".tin.jsonl").
                # (never a Mac's "._tin.txt" beside every file copied, nor an editor's
                # lock ".#tin.txt": no articles)
                if ("." + name.rsplit(".", 1)[-1]).lower() in SUFFIXES and not name.startswith(("._", ".#")):
                    problems.append(Problem(str(f), "tệp ẩn (tên bắt đầu bằng “.”): không đọc khi duyệt thư mục; "
                                                    "đưa tên tệp để đánh chỉ mục nó", fatal=False, whole_file=True))
                continue
            if f.is_file():
                out.append(f)
            elif (f.suffix.lower() in SUFFIXES or f.is_symlink()) and not f.is_dir():
                # (a link pointing nowhere may be a folder's, whatever its name: "2021", "bao.2021",
                # an archive on a disk not mounted)
                problems.append(Problem(str(f), _path_problem(f) or "không phải tệp thường", halted=True))
    said = {p.origin for p in problems}
    for link, real in linked.items():
        inside = link + os.sep
        if not any(str(f).startswith(inside) for f in out) \
                and not any(origin.startswith(inside) or origin == link for origin in said):
            # A disk's mount point with nothing mounted on it (empty, or a "lost+found" and
            # a ".keep" alone: no file at all): its articles are missing, not absent. (A
            # folder of pictures or notes linked in is a folder.)
            problems.append(Problem(link, f"liên kết đến thư mục không có tệp nào ({real}): ổ đĩa hay thư mục "
                                          "lưu trữ có thể chưa được gắn; các bài trong đó chưa được đánh chỉ mục",
                                    halted=True))
    return sorted(out)


def read_txt(path: Path) -> Iterator[RawArticle | Problem]:
    """One article per file; the id is the file name without extension."""
    try:
        size = path.stat().st_size
        if size > MAX_TXT_BYTES:
            # The limit is said, as for an article too long in a .jsonl file.
            yield Problem(str(path), f"tệp quá lớn cho một bài ({format_count(size)} byte, "
                                     f"tối đa {format_count(MAX_TXT_BYTES)})")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), f"không đọc được: {os_error_text(exc)}")
        return
    if data and not data.strip(b"\x00"):
        # A power cut leaves a file its size and no data: an article lost, not an empty file.
        yield Problem(str(path), f"tệp chỉ có byte 0 (NUL), không có chữ nào: tệp có thể đã hỏng khi mất điện. "
                                 f"{_GET_IT_AGAIN}", halted=True)
        return
    text, enc = decode_bytes(data)
    if _zeroed_end(data, text):
        # Its last blocks never written: the article's end is gone. Skipped, not indexed cut
        # short (the copy already indexed stays as it was; a rebuild is refused).
        yield Problem(str(path), f"tệp kết thúc bằng các byte 0 (NUL): bài bị cắt, có thể do mất điện khi đang "
                                 f"ghi; bỏ qua tệp này. {_GET_IT_AGAIN}", halted=True)
        return
    if text is None:
        yield Problem(str(path), enc or "không đọc được")
        return
    if _zeroed(text, wide=enc is not None and enc.startswith("utf-16")):
        # A block never written inside it: a part of the article is gone (the copy held stays).
        yield Problem(str(path), f"tệp có các byte 0 (NUL) giữa bài: một phần bài đã mất (hỏng khi đang ghi, như "
                                 f"khi mất điện); bỏ qua tệp này. {_GET_IT_AGAIN}", halted=True)
        return
    if not text.strip():
        # (a file left empty by a crash as often as by hand: an article held is not dropped)
        yield Problem(str(path), "tệp rỗng", halted=True)
        return
    rid = unicodedata.normalize("NFC", path.stem)
    why = _check_id(rid)
    if why:
        yield Problem(str(path), f"tên tệp không dùng được làm id: {why}")
        return
    if enc in _ENCODING_NAMES:
        yield Problem(str(path), f"đã đọc theo bảng mã {_ENCODING_NAMES[enc]}", fatal=False, whole_file=True)
    yield RawArticle(id=rid, origin=str(path), text=text)


_GET_IT_AGAIN = "Lấy lại tệp đầy đủ rồi chạy lại lệnh"

#: Said where such zeros stand inside a file: the articles there are lost, the others read,
#: and the source counts as read in part (a rebuild that would drop articles is refused).
_ZEROED_INSIDE = (f"các byte 0 (NUL) giữa tệp: phần này của tệp đã mất (hỏng khi đang ghi, như khi mất điện), "
                  f"các bài ở đó không có trong tệp. {_GET_IT_AGAIN}")


#: Said where zeros end a file after its last line end or value: the records that stood
#: there, if any, are lost (a note; the source read in part).
_ZEROED_END = ("tệp kết thúc bằng các byte 0 (NUL) từ dòng này: tệp có thể bị cắt (mất điện khi đang ghi), "
               f"các bài sau đó không có trong tệp. {_GET_IT_AGAIN}")


def _zeroed(data: bytes | str, wide: bool = False) -> bool:
    """Whether ``data`` holds ``PADDING`` zero bytes in a row: as many NUL characters in text
    decoded from UTF-8 or a code page, half as many in text decoded from UTF-16 (``wide``)."""
    if isinstance(data, bytes):
        return b"\x00" * PADDING in data
    return "\x00" * (PADDING // 2 if wide else PADDING) in data


def _zeros_said(origin: str, block: bool) -> Problem:
    """A line's zeros said: a ``block`` of them, lines lost inside the file (read in part);
    fewer, a line of binary data."""
    return Problem(origin, _ZEROED_INSIDE, halted=True) if block else Problem(origin, "dữ liệu nhị phân, không phải JSON")


def _zeroed_end(data: bytes, text: str | None) -> bool:
    """Whether a text file ends in NUL padding (``PADDING`` zeros at least; a stray NUL or
    two is text): read as text, it ends in zero characters (a byte of UTF-16 left over after
    them aside); read as nothing (UTF-8 with its zeros taken for binary data), what comes
    before them reads."""
    if text is not None:
        return text.rstrip("\ufffd").endswith("\x00" * PADDING)
    kept = data.rstrip(b"\x00")
    return len(kept) <= len(data) - PADDING and any(decode_bytes(data[:n])[0] for n in (len(kept), len(kept) + 1))


# Characters an id may not contain: it is part of the article's URL and shown as is.
# Control characters (newline, NUL…), lone surrogates and bidirectional controls,
# which would reverse the text around them.
_BAD_ID_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_ID_CHARS = 200
def _check_id(rid: str) -> str | None:
    """Why ``rid`` cannot be an article id, or None."""
    bad = _BAD_ID_CHARS.search(rid)
    if bad:
        return (f"id {rid!r} chứa ký tự không được phép U+{ord(bad.group()):04X} "
                "(ký tự điều khiển, xuống dòng, NUL, surrogate hay ký tự đảo chiều)")
    if len(rid) > MAX_ID_CHARS:
        return f"id dài quá {MAX_ID_CHARS} ký tự"
    if any(part in (".", "..") for part in rid.split("/")):
        return f"id {rid!r} có đoạn “.” hay “..” giữa các dấu /: địa chỉ của bài sẽ trỏ sang chỗ khác"
    if rid.startswith("/") or "//" in rid:
        # (the page's address would hold "//", which web servers read as "/": another article's)
        return f"id {rid!r} bắt đầu bằng “/” hay có “//”: địa chỉ của bài sẽ trỏ sang chỗ khác"
    return None


def _record(obj, origin: str, unit: str = "mỗi dòng") -> RawArticle | Problem:
    """The article a JSON value holds; ``unit`` says what each value is in its file, for
    the message when it is no object ("mỗi dòng", "mỗi phần tử của mảng")."""
    if not isinstance(obj, dict):
        return Problem(origin, f"{unit} phải là một đối tượng JSON {{...}}", records=_articles_in(obj))
    rid = obj.get("id")
    if isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)
    if not isinstance(rid, str) or not rid.strip():
        wrapped = next((k for k, v in obj.items() if rid is None and isinstance(v, list) and v
                        and isinstance(v[0], dict) and "id" in v[0]), None)
        if wrapped is not None:
            # An export wrapping its articles ({"articles": [...]}): say so, not "no id".
            return Problem(origin, f"đây không phải một bài mà một đối tượng bọc mảng bài trong trường "
                                   f"'{str(wrapped)[:40]}': hãy đưa chính mảng đó ([{{...}}, …]) hoặc mỗi dòng một bài")
        if rid is not None and not isinstance(rid, str):
            kind = ("true/false" if isinstance(rid, bool) else "số thập phân" if isinstance(rid, float)
                    else "mảng" if isinstance(rid, list) else "đối tượng" if isinstance(rid, dict) else type(rid).__name__)
            return Problem(origin, f"trường 'id' phải là chuỗi không rỗng hoặc số nguyên, không phải {kind}")
        return Problem(origin, "thiếu trường 'id' (chuỗi không rỗng hoặc số nguyên)")
    # An invisible character (a zero-width space, a BOM, a soft hyphen) is no part of the id:
    # "tin-1" with one is the same article, updated, not a second that looks the same.
    rid = clean_id(rid)
    if not rid:
        return Problem(origin, "trường 'id' chỉ gồm ký tự vô hình (khoảng trắng rộng 0, BOM…): cần một id thấy được")
    why = _check_id(rid)
    if why:
        return Problem(origin, why)
    nuls = next((k for k, v in obj.items() if isinstance(v, str) and _zeroed(v)), None)
    if nuls is not None:
        # A run of NUL characters written as such ("\u0000"…): a field damaged before it was
        # exported (a file of zero blocks read and written again), cleaned to nothing or to
        # its two ends joined; the copy held stays, and a rebuild that would drop it is refused.
        return Problem(origin, f"bài {rid!r}: trường {str(nuls)[:40]!r} có các ký tự NUL (\\u0000) liền nhau: dữ liệu "
                               f"hỏng trước khi xuất; bỏ qua bài này (bản đã có được giữ). {_GET_IT_AGAIN}",
                       halted=True, article_id=rid)
    text = obj.get("text")
    if text is None:
        return Problem(origin, f"bài {rid!r}: thiếu trường 'text' (chuỗi)", article_id=rid)
    if not isinstance(text, str):
        return Problem(origin, f"bài {rid!r}: trường 'text' phải là chuỗi", article_id=rid)
    title = obj.get("title")
    if title is None:
        title = ""
    meta = {k: obj[k] for k in _OPTIONAL_KEYS if obj.get(k) is not None}
    if not isinstance(title, str):
        # An article is not lost for a bad title (a number, a list): it is indexed as one
        # given without a title, and building it notes the value left out.
        if not text.strip():
            return Problem(origin, f"bài {rid!r}: trường 'title' phải là chuỗi, và không có nội dung ('text' rỗng)",
                           article_id=rid)
        meta["title"] = title
        title = ""
    return RawArticle(id=rid, origin=origin, text=text, title=title, meta=meta)


def _big_int(digits: str) -> int | str:
    """A JSON integer as a number, or as its digits where Python converts no integer that
    long (4,300 digits): a field the index has no use for (a counter, a hash) is no reason
    to lose its article, nor, in a JSON array, the articles after it."""
    try:
        return int(digits)
    except ValueError:
        return digits


#: How a line whose JSON cannot be read is said.
_BROKEN_LINE = "JSON hỏng: "


def _parse_line(line: str, origin: str) -> Iterator[RawArticle | Problem]:
    """The article on one line of JSON lines; a line holding an array of articles (a whole
    export on one line) gives each of its elements, named "file:line (phần tử N)"."""
    # Without its line ending: a line cut short is "unterminated", not a control character.
    # A BOM opening a line: files joined with `cat`, each saved with one.
    text = line.rstrip("\r\n").lstrip("\ufeff")
    try:
        obj = json.loads(text, parse_int=_big_int, strict=False)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text[exc.pos:].strip() == ",":
            # An array's elements without its brackets, each line ending in a comma: the record.
            yield Problem(origin, TRAILING_COMMA, fatal=False)
            yield from _parse_line(text[:exc.pos], origin)
            return
        joined = _joined_records(text)
        if joined is not None:
            yield from _joined(joined, origin)
            return
        if exc.msg == "Invalid \\escape" and (mended := _foreign_escapes(text)) != text:
            # A quote escaped as PHP's addslashes escapes it ("\\'"), a byte as Python or
            # JavaScript write one ("\\x41"): what they mean, and said, not the record lost.
            got = list(_parse_line(mended, origin))
            if not any(isinstance(item, Problem) and item.fatal for item in got):
                yield Problem(origin, ESCAPES_READ, fatal=False)
            yield from got
            return
        reason = _cut_short(text, exc) or _json_error(exc.msg)
        yield Problem(origin, f"{_BROKEN_LINE}{reason} (cột {exc.colno})")
        return
    except RecursionError:
        yield Problem(origin, "JSON lồng nhau quá sâu")
        return
    except (ValueError, MemoryError) as exc:
        yield Problem(origin, f"JSON không đọc được: {type(exc).__name__}")
        return
    if not _holds_articles(obj, NESTED_DEPTH):
        yield _record(obj, origin)      # no object in it: a line of words, not of articles
        return
    nested_said = False
    for place, element in _elements(obj):
        if len(place) > 1 and not nested_said:
            # (an export wrapped in arrays, on one line as in a file of its own)
            nested_said = True
            yield Problem(f"{origin} (phần tử {place[0]})", NESTED_READ, fatal=False)
        yield _record(element, f"{origin} (phần tử {'.'.join(map(str, place))})", "mỗi phần tử của mảng")


#: Said of the first array of articles found inside a JSON array (exports wrapped in one), in a
#: file or on a line of JSON lines.
NESTED_READ = "mảng bài nằm trong mảng (các tệp xuất gộp làm một): đã đọc các bài bên trong"
#: How many arrays deep articles are read: the array a file or a line holds, and arrays of
#: articles inside it (exports wrapped in one, and wrapped again); a deeper one is an
#: element lost, counted as the articles it holds.
NESTED_DEPTH = 4


def _holds_articles(value, depth: int) -> bool:
    """Whether ``value`` is an array holding an object, in itself or in the arrays inside it
    up to ``depth`` arrays deep (itself the first): an array of articles, however wrapped."""
    return depth > 0 and isinstance(value, list) and any(
        isinstance(v, dict) or _holds_articles(v, depth - 1) for v in value)


def _elements(array: list, depth: int = NESTED_DEPTH - 1) -> Iterator[tuple[tuple[int, ...], object]]:
    """Each element of ``array`` with its place, (2,) or (2, 1) for the first of an array of
    articles that is its second element: such arrays are read as their elements, down to
    ``depth`` arrays further, so that an export wrapped in arrays gives its articles."""
    for i, element in enumerate(array, 1):
        if _holds_articles(element, depth):
            for place, inner in _elements(element, depth - 1):
                yield (i, *place), inner
        else:
            yield (i,), element


def _articles_in(value) -> int:
    """How many articles a value that is none costs: the objects in the arrays inside it
    (nested deeper than :data:`NESTED_DEPTH`), at least one (itself), so that the count of
    articles skipped says what was lost."""
    count, todo = 0, [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            count += 1
        elif isinstance(item, list):
            todo.extend(item)
    return max(count, 1)


#: Said of a line or an array element whose escapes no JSON writes, read as the language that
#: wrote them means them.
ESCAPES_READ = "chuỗi có ký tự thoát không phải của JSON (\\' của PHP, \\xNN): đã đọc theo nghĩa của chúng"
#: Escapes of other languages inside JSON strings: an odd run of backslashes before a quote or
#: an x and two hex digits (an even run is backslashes escaped, then the letter).
_FOREIGN_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\(?:(')|x([0-9A-Fa-f]{2}))")


def _foreign_escapes(text: str) -> str:
    """``text`` with PHP's ``\\'`` as ``'`` and ``\\xNN`` as ``\\u00NN``."""
    return _FOREIGN_ESCAPE.sub(lambda m: m.group(1) + ("'" if m.group(2) else "\\u00" + m.group(3)), text)


#: Said of the first line of a file that ends in a comma after its record (the others alike).
TRAILING_COMMA = "dòng kết thúc bằng dấu phẩy sau bài (như phần tử của một mảng thiếu ngoặc vuông): đã đọc bài"

#: Most places a broken line is tried as the start of a record joined to it.
_JOINED_TRIES = 50
#: Fields one of which a record run into a line holds (an object without any is some
#: record's inner value).
_ARTICLE_KEYS = frozenset({"id", "title", "text"})
_SPACES = re.compile(r"\s*")


def _joined_records(text: str) -> tuple[dict | None, int, list[dict]] | None:
    """A line holding records run together, as files joined with `cat` leave one whose last
    line had no line end: (the first record, or None where it was cut short, the column
    where the next begins, the records from there to the line's end); None where the line
    is no such thing."""
    decoder = json.JSONDecoder(strict=False, parse_int=_big_int)
    first = None
    try:
        first, end = decoder.raw_decode(text)
        starts = [end] if isinstance(first, dict) and _ARTICLE_KEYS & first.keys() else []
    except json.JSONDecodeError:
        starts = [m.start() for m in itertools.islice(re.finditer(r'\{\s*"', text), 1, _JOINED_TRIES)]
    for start in starts:
        records, at = [], start
        try:
            while True:
                at = _SPACES.match(text, at).end()
                if at == len(text):
                    break
                record, at = decoder.raw_decode(text, at)
                if not isinstance(record, dict) or not _ARTICLE_KEYS & record.keys():
                    break       # (an object inside a record cut short is no record: {"x": 1})
                records.append(record)
        except (json.JSONDecodeError, RecursionError):
            continue
        if records and at == len(text):
            return first, start, records
    return None


def _joined(joined: tuple[dict | None, int, list[dict]], origin: str) -> Iterator[RawArticle | Problem]:
    """The records of a line :func:`_joined_records` found run together, and what to say of it."""
    first, start, records = joined
    count = len(records) + (first is not None)
    if first is None:
        # The file joined before the next was cut short: its articles after the cut are
        # missing, not one record.
        yield Problem(origin, f"{_BROKEN_LINE}bài ở đầu dòng bị cắt giữa chừng, bài sau nó nối liền vào (cột "
                              f"{start + 1}): tệp này có thể được ghép từ một tệp bị cắt, các bài sau chỗ cắt "
                              "không có trong tệp. Lấy lại tệp đầy đủ rồi chạy lại lệnh", halted=True)
    else:
        yield Problem(origin, f"{count} bài trên một dòng, không xuống dòng giữa chúng (cột {start + 1}): "
                              "đã đọc từng bài", fatal=False)
        yield _record(first, f"{origin} (bài 1)")
    for k, record in enumerate(records, 1 + (first is not None)):
        yield _record(record, f"{origin} (bài {k})")


def _not_json(path: Path, head: bytes = b"") -> str:
    """The message for a binary file named as JSON, in the words of its suffix; for one
    opening on a block of zeros, that block (its start lost, what follows unreadable)."""
    if head.startswith(b"\x00" * PADDING):
        return (f"tệp bắt đầu bằng các byte 0 (NUL): phần đầu tệp đã mất (hỏng khi đang ghi, như khi mất điện), "
                f"phần sau không đọc được. {_GET_IT_AGAIN}")
    return "tệp nhị phân, không phải JSON lines" if path.suffix.lower() == ".jsonl" else "tệp nhị phân, không phải JSON"


def read_jsonl(path: Path) -> Iterator[RawArticle | Problem]:
    """One article per line; a bad line is reported and skipped."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Problem(str(path), f"không đọc được: {os_error_text(exc)}", halted=True)
        return
    with fh:
        head = fh.read(8192)
        fh.seek(0)
        if ((b"\x00" in head or _looks_binary(head)) and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                and _utf16_order(head) is None
                and not _json_line_in(fh)):
            # No line of it starts like a JSON object: an image or an archive renamed, not a
            # file with a few bad lines, so one message rather than one per "line".
            yield Problem(str(path), _not_json(path, head), halted=True)
            return
        # Lines end in a newline, a CR and a newline, or a CR alone (old Mac files), mixed as
        # they come: each record on a line of its own, whatever ends the lines before it.
        lines: Iterable[bytes] = _lines_of(fh)
        utf16: str | None = None
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
            data = fh.read()
            if data.startswith(codecs.BOM_UTF16_LE):
                utf16, data = "utf-16-le", data[2:]
            elif data.startswith(codecs.BOM_UTF16_BE):
                utf16, data = "utf-16-be", data[2:]
            else:
                utf16 = _utf16_order(data)
                if utf16 is not None:
                    yield Problem(str(path), f"đã đọc theo bảng mã {_ENCODING_NAMES[utf16]}", fatal=False, whole_file=True)
            # Lines are cut in the bytes, so that a broken character costs its line only.
            lines = _utf16_lines(data, utf16) if utf16 else _lines_in(data)
        seen_content = False
        # A line's broken JSON, said once the next line shows whether the file goes on after
        # it: the last line, broken and with no line end after it, is a file cut short.
        pending: list[Problem] = []
        zeros: list[Problem] = []
        single_byte: str | None = None     # the file's code page, for lines that are not UTF-8
        longest = 4 * MAX_JSON_VALUE_CHARS  # bytes of a line read at all (four of UTF-8 a character)
        not_utf8: list[int] = []
        mixed_lines: list[int] = []
        mixed_pages: set[str] = set()       # the code pages of their passages
        marked_lines: list[int] = []        # lines UTF-8 but for Word's punctuation marks
        utf8_lines = 0                      # lines UTF-8 with characters beyond ASCII
        said_once: set[str] = set()         # notes said of a file's first line so, not of each
        joined_lines: list[str] = []        # records joined from lines a raw line break cut apart
        fragment_run: list[int] = []        # lines that seem the rest of a record not joined: its line, first, last
        for lineno, last, raw, fragment_of, said in _records_of(lines, utf16):
            origin = f"{path}:{lineno}"
            if last > lineno:
                joined_lines.append(f"{lineno}–{last}")
            if fragment_of is not None:
                # The rest of a record whose start stands on a line before, said once for the run
                # of them: no article of its own, the record counted once, where it starts.
                seen_content = True
                if fragment_run and fragment_run[0] == fragment_of:
                    fragment_run[2] = lineno
                else:
                    if fragment_run:
                        pending.append(_fragments_said(path, *fragment_run))
                    fragment_run[:] = [fragment_of, lineno, lineno]
                continue
            if fragment_run and raw.strip(b"\x00 \t\r\n"):
                pending.append(_fragments_said(path, *fragment_run))
                fragment_run.clear()
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            if (not raw.strip(b"\x00") and len(raw) > 2) if utf16 else (b"\x00" in raw and not raw.strip(b"\x00 \t\r\n")):
                # Zeros alone: padding after the last line end, or said once a line follows
                # (lines lost inside the file: read in part).
                zeros.append(_zeros_said(origin, _zeroed(raw)))
                continue
            if not (raw.replace(b"\x00", b"") if utf16 else raw).strip():
                continue
            seen_content = True
            yield from zeros
            zeros.clear()
            yield from pending        # (a line follows the one said broken: no file cut there)
            pending.clear()
            if utf16:
                try:
                    line = raw.decode(utf16)
                except UnicodeDecodeError as exc:
                    # (zeros of an odd count after a line: its characters, then the zeros)
                    cut = len(raw.rstrip(b"\x00"))
                    cut += cut % 2
                    if cut < len(raw) - 1:
                        line = raw[:cut].decode(utf16, errors="replace") + "\x00"
                    else:
                        # (a file cut after an odd byte ends so: said as a broken line, and as a
                        # file cut short if it is the last)
                        pending.append(Problem(origin, f"dòng hỏng trong tệp UTF-16 (byte {exc.start} của dòng): "
                                                       "bỏ qua dòng này"))
                        continue
                if "\x00" in line:
                    kept = line.rstrip("\x00 \t\r\n")
                    if "\x00" in kept:
                        # (zeros inside a line, read, would be text of a string: the block
                        # joining a record's start to another's end, one article of two)
                        yield _zeros_said(origin, _zeroed(kept, wide=True))
                        continue
                    items, note = _before_zeros(kept, origin, _zeroed(line, wide=True))
                    yield from items
                    pending.append(note)
                    continue
            else:
                if len(raw) > longest:
                    # Refused before it is decoded and parsed, which would take five times its
                    # size in memory (a file whose line ends were lost is one such line).
                    yield Problem(origin, f"dòng quá dài ({format_count(len(raw))} byte, tối đa "
                                          f"{format_count(longest)}): bỏ qua dòng này")
                    continue
                if raw.startswith(b"\x00" * PADDING) and raw.strip(b"\x00 \t\r\n"):
                    # Zeros where lines stood, then a line's end or a record whole: the lines
                    # there are lost (said), what follows them is read.
                    yield Problem(origin, _ZEROED_INSIDE, halted=True)
                    raw = raw.lstrip(b"\x00")
                if b"\x00" in raw:
                    kept = raw.rstrip(b"\x00 \t\r\n")
                    if b"\x00" in kept:
                        yield _zeros_said(origin, _zeroed(kept))
                        continue
                    items, note = _before_zeros(kept.decode("utf-8", errors="replace"), origin, _zeroed(raw))
                    yield from items
                    pending.append(note)
                    continue
                try:
                    line = raw.decode("utf-8")
                    utf8_lines += not raw.isascii()
                except UnicodeDecodeError:
                    # (where lines before hold UTF-8, one syllable of it is enough: a headline of
                    # two words over a body in a code page)
                    if (mixed := _mixed(raw, utf8_around=utf8_lines + len(mixed_lines) + len(marked_lines) > 0)) \
                            is not None:
                        # A passage pasted from an old document, or Word's punctuation marks:
                        # each part as it was written.
                        line = mixed.text
                        if mixed.words:
                            mixed_lines.append(lineno)
                            mixed_pages.add(mixed.code_page)
                        else:
                            marked_lines.append(lineno)
                    elif (repaired := _mostly_utf8(raw)) is not None:    # UTF-8 with a stray byte: the line, not garbage
                        if _replaced(repaired, raw):
                            yield Problem(origin, "dòng có byte không phải UTF-8, đã thay bằng �", fatal=False)
                        else:
                            marked_lines.append(lineno)
                        line = repaired
                    else:
                        # One code page for the whole file, judged on all its lines that are
                        # not UTF-8 (a short line alone reads as well in a Western one).
                        if single_byte is None:
                            single_byte = _single_byte_encoding(path)
                        try:
                            line = raw.decode(single_byte)
                        except UnicodeDecodeError:
                            # (bytes the code page has not: UTF-8 that the line's few syllables
                            # did not tell, with passages)
                            if (mixed := _mixed(raw, utf8_around=True)) is None:
                                yield Problem(origin, "không phải UTF-8, không đọc được theo bảng mã nào")
                                continue
                            line = mixed.text
                            if mixed.words:
                                mixed_lines.append(lineno)
                                mixed_pages.add(mixed.code_page)
                            else:
                                marked_lines.append(lineno)
                        else:
                            not_utf8.append(lineno)
            if not line.strip():
                continue
            for item in _parse_line(line, origin):
                if isinstance(item, Problem) and item.message.startswith(_BROKEN_LINE):
                    pending.append(replace(item, message=item.message + said) if said else item)
                elif isinstance(item, Problem) and item.message in (TRAILING_COMMA, NESTED_READ):
                    if item.message not in said_once:     # (said of the first line only)
                        said_once.add(item.message)
                        yield item
                else:
                    yield item
        if fragment_run:
            pending.append(_fragments_said(path, *fragment_run))
        if pending and not _ends_a_line(fh):
            pending[0] = replace(pending[0], halted=True, message=pending[0].message + (
                "; tệp kết thúc giữa dòng này, không xuống dòng: tệp có thể bị cắt, các bài sau nó không có "
                "trong tệp. Lấy lại tệp đầy đủ rồi chạy lại lệnh"))
        elif zeros and seen_content and not pending:
            # Zeros after the last line end: a file whose last blocks a power cut never wrote
            # (or one made longer than its lines): what stood there is not in the file.
            yield Problem(zeros[0].origin, _ZEROED_END, fatal=False, halted=True, whole_file=True)
        yield from pending
        if not_utf8:
            yield Problem(f"{path}:{not_utf8[0]}",
                          f"{len(not_utf8)} dòng không phải UTF-8 ({_lines_named(not_utf8)}), đã đọc theo bảng mã "
                          f"{_ENCODING_NAMES.get(single_byte, single_byte)}", fatal=False, whole_file=True)
        if mixed_lines:
            yield Problem(f"{path}:{mixed_lines[0]}",
                          f"{len(mixed_lines)} dòng UTF-8 có đoạn không phải UTF-8 ({_lines_named(mixed_lines)}), "
                          f"đã đọc các đoạn đó theo bảng mã {', '.join(_CODE_PAGE_NAMES[p] for p in sorted(mixed_pages))}",
                          fatal=False, whole_file=True)
        if joined_lines:
            yield Problem(f"{path}:{joined_lines[0].split('–')[0]}",
                          f"{len(joined_lines)} bài bị xuống dòng giữa chừng (trong một chuỗi hay giữa hai trường: "
                          f"dòng {', '.join(joined_lines[:5])}{' …' if len(joined_lines) > 5 else ''}), "
                          "đã nối các dòng lại thành bài", fatal=False, whole_file=True)
        if marked_lines:
            yield Problem(f"{path}:{marked_lines[0]}",
                          f"{len(marked_lines)} dòng UTF-8 có dấu câu “ ” ‘ ’ – — … viết theo Windows-1252 (dán từ "
                          f"Word) ({_lines_named(marked_lines)}), đã đọc thành dấu câu đó", fatal=False, whole_file=True)
        if not seen_content:
            yield Problem(str(path), "tệp rỗng", halted=True)


def _fragments_said(path: Path, record: int, first: int, last: int) -> Problem:
    """The lines ``first``–``last`` said as the rest of the record of line ``record``, which they
    did not join into one: skipped, no article of their own."""
    lines = f"dòng {first}" if first == last else f"các dòng {first}–{last}"
    return Problem(f"{path}:{first}", f"{_BROKEN_LINE}{lines} có vẻ là phần tiếp của bài ở dòng {record} (xuống dòng "
                                      "giữa bài), không nối lại được: bỏ qua", records=0)


def _lines_named(numbers: list[int]) -> str:
    """"dòng 3, 7 …": the first few of the lines a note is about."""
    return "dòng " + ", ".join(map(str, numbers[:5])) + (" …" if len(numbers) > 5 else "")


def _before_zeros(text: str, origin: str, block: bool) -> tuple[list, Problem]:
    """(the record of a line that zeros end, if whole; the broken line said). Zeros after a
    line are what a power cut leaves of a file's end (its line end and what followed are
    gone): said as a broken line, and as a file cut short if it is the last (UTF-8 or
    UTF-16 alike); a whole record before them is kept. A ``block`` of them (``PADDING``
    or more) with lines after it is lines lost inside the file: read in part."""
    items = list(_parse_line(text, origin))
    whole = not any(isinstance(i, Problem) and i.message.startswith(_BROKEN_LINE) for i in items)
    return (items if whole else []), Problem(origin, f"{_BROKEN_LINE}dòng kết thúc bằng byte 0 (NUL)"
                                             + ("" if whole else ": bỏ qua dòng này")
                                             + ("; các byte 0 sau nó là phần tệp đã mất (hỏng khi đang ghi, như "
                                                "khi mất điện)" if block else ""),
                                             fatal=not whole, halted=block)


def _ends_a_line(fh) -> bool:
    """Whether the file open as ``fh`` ends with a line end (NUL padding aside, however
    long: a power cut zeroes whole blocks), in UTF-8 or UTF-16; one that cannot be read
    again is taken to."""
    tail = _before_padding(fh)
    # (UTF-16's NUL of "\n" stripped with the padding; spaces after the last line end are no line)
    return tail is None or not tail or tail.endswith((b"\n", b"\r"))


def _before_padding(fh, chunk: int = 1 << 16) -> bytes | None:
    """The last bytes of the file open as ``fh`` before the NULs and blanks it ends with
    (b"" for a file of nothing else), or None where it cannot be read again."""
    try:
        end = fh.seek(0, os.SEEK_END)
        while end > 0:
            start = max(0, end - chunk)
            fh.seek(start)
            tail = fh.read(end - start).rstrip(b"\x00 \t")
            if tail:
                return tail
            end = start
    except OSError:
        return None
    return b""


#: A line end: a newline, a CR and a newline, or a CR alone (old Mac files).
_LINE_END = re.compile(rb"(\r\n|\r|\n)")
#: Bytes of JSON lines read at a time.
_LINES_CHUNK = 1 << 20


def _lines_in(data: bytes) -> list[bytes]:
    """The lines of ``data``, each with its line end (any of ``_LINE_END``), the last without
    one if the data does not end with one."""
    return data.splitlines(keepends=True)     # (bytes: at exactly these three)


def _lines_of(fh, chunk: int = _LINES_CHUNK) -> Iterator[bytes]:
    """The lines of the file open as ``fh``, read a chunk at a time, each with its line end:
    a newline, a CR and a newline, or a CR alone, however they are mixed. A file of CR line
    ends was told by a whole record in its first megabyte: one whose first record was longer
    was one line (its articles all lost to one bad record); a CR between two records of a
    file of newlines ran them into one line."""
    carry = b""
    while True:
        data = fh.read(chunk)
        if not data:
            if carry:
                yield from carry.splitlines(keepends=True)
            return
        data = carry + data
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        if cut == len(data) and data.endswith(b"\r"):
            cut -= 1        # (a CR at the chunk's end: its newline may open the next chunk)
        if cut <= 0:
            carry = data
            continue
        carry = data[cut:]
        yield from data[:cut].splitlines(keepends=True)


#: Most lines one record cut apart by raw line breaks (in a string, between two fields) is
#: joined from, and most bytes it may hold: an article whose paragraphs a scraper ended with
#: raw line breaks spans tens of lines.
_JOIN_LINES = 200
_JOIN_BYTES = 4 << 20


def _opens_record(line: bytes, codec: str) -> bool:
    """Whether a line starts a record and leaves it open: "{" first, and no "}" closing it at
    its end (a comma after it aside)."""
    if codec.startswith("utf-16"):
        line = line.decode(codec, errors="replace").encode("utf-8")
    line = line.strip(b" \t\r\n").removeprefix(codecs.BOM_UTF8)
    return line.startswith(b"{") and not line.removesuffix(b",").rstrip().endswith(b"}") and b"\x00" not in line


def _ends_open(text: str):
    """The JSON value ``text`` holds (``_NOT_JSON`` where it holds none), or None where it
    breaks off at its end (a string or an object left open): a line a raw line break cut."""
    try:
        return json.loads(text, parse_int=_big_int, strict=False)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            return None
        return _NOT_JSON
    except (ValueError, RecursionError):
        return _NOT_JSON


def _records_of(lines: Iterable[bytes], utf16: str | None) -> Iterator[tuple[int, int, bytes, int | None, str]]:
    """The lines of JSON lines, ``(first line, last line, bytes, fragment_of, said)``: a line
    that leaves a record open (a raw line break inside a string, or between two fields, as
    scrapers and hand edits write them) joined with the lines after it, up to ``_JOIN_LINES``
    and ``_JOIN_BYTES``, where together they make one record; else each line alone, the lines
    after it up to the next that may start a record (not "{" nor "[") naming it as the record
    they may be the rest of (``fragment_of``), and it naming those it read (``said``, to add to
    what is said of it).
    Each half was one article skipped, said of a line without saying it went on: a record
    lost counted twice or more. ``utf16``: the lines' codec, without line ends (joined with a
    newline); else UTF-8 or a code page, with them (the structure of JSON is ASCII: read as
    UTF-8, whatever their code page)."""
    codec, sep = (utf16, "\n".encode(utf16)) if utf16 else ("utf-8", b"")
    numbered = enumerate(lines, 1)
    ahead: list[tuple[int, bytes]] = []         # lines read to try a join, to be read again
    open_from: int | None = None                # the line of a record left open, not joined

    def take() -> tuple[int, bytes] | None:
        return ahead.pop(0) if ahead else next(numbered, None)

    def text_of(line: bytes) -> str:
        return line.decode(codec, errors="replace").strip(" \t\r\n\ufeff\x00")

    def may_close(line: bytes) -> bool:
        """Whether a line may end the record open before it, or start another: only then is
        the record parsed again (not once a line: an article of many paragraphs)."""
        text = text_of(line)
        return text.removesuffix(",").rstrip().endswith("}") or text.startswith(("{", "["))

    while (got := take()) is not None:
        lineno, raw = got
        if open_from is None and not utf16 and raw.rstrip().endswith(b"}"):
            yield lineno, lineno, raw, None, ""     # (a record closed at its end: most lines)
            continue
        if len(raw) > _JOIN_BYTES or not _opens_record(raw, codec) \
                or _ends_open(raw.decode(codec, errors="replace")) is not None:
            if open_from is not None:
                text = text_of(raw)
                if text.startswith(("{", "[")):
                    open_from = None
                elif text:
                    yield lineno, lineno, raw, open_from, ""
                    continue
            yield lineno, lineno, raw, None, ""
            continue
        open_from = None
        tried: list[tuple[int, bytes]] = []
        parts, size, joined = [raw], len(raw), None
        while len(parts) < _JOIN_LINES and (nxt := take()) is not None:
            tried.append(nxt)
            parts.append(nxt[1])
            size += len(nxt[1])
            if size > _JOIN_BYTES:
                break
            if not may_close(nxt[1]):
                continue        # (a paragraph of a string, a field: the record still open)
            value = _ends_open(sep.join(parts).decode(codec, errors="replace"))
            if value is None:
                continue
            if isinstance(value, dict):
                joined = nxt[0]
            break
        if joined is not None:
            yield lineno, joined, sep.join(parts), None, ""
            continue
        # Not one record: each line read alone, those up to the next that may start a record
        # said to be the rest of this one.
        fragments = []
        for number, line in tried:
            if text_of(line).startswith(("{", "[")):
                break
            if text_of(line):
                fragments.append(number)
        open_from = lineno
        ahead[:0] = tried
        said = ""
        if fragments:
            said = (f"; {_lines_named(fragments)} sau nó có vẻ là phần tiếp của bài này (xuống dòng giữa bài), nhưng "
                    + (f"bài dài quá {_JOIN_LINES} dòng hay {format_count(_JOIN_BYTES)} byte để nối lại"
                       if len(parts) >= _JOIN_LINES or size > _JOIN_BYTES else "nối lại cũng không đọc được"))
        yield lineno, lineno, raw, None, said


def _braced(line: bytes) -> bool:
    """Whether ``line`` stands between braces, as a record does (a comma after it aside:
    the elements of an array without its brackets)."""
    line = line.strip(b" \t\r\n\x00")      # (zeros before it: lines lost, the record read)
    return line.startswith(b"{") and line.removesuffix(b",").rstrip().endswith(b"}")


def _json_articles(line: bytes) -> bool:
    """Whether ``line`` is a JSON array holding an object (in arrays inside it too, as
    :func:`_parse_line` reads them)."""
    return _holds_articles(_parsed_alone(line.decode("utf-8", errors="replace")), NESTED_DEPTH)


def _json_line_in(fh, limit: int = 1 << 20) -> bool:
    """Whether a line in the first ``limit`` bytes of ``fh`` starts like a JSON object (the
    file is read from its start, and left there): a file whose start is binary may still
    hold articles after it, each bad line then reported with its number."""
    seen = 0
    try:
        while seen < limit:
            line = fh.readline(limit - seen)     # never a whole gigabyte without a newline
            if not line:
                return False
            # (lines ended by a CR alone, or by a comma after their record, alike)
            if any(_braced(part) and _json_object(part.strip(b" \t\r\n\x00").removesuffix(b","))
                   for part in line.rstrip(b"\r\n").split(b"\r")):
                return True
            if line.lstrip().startswith(b"[") and _json_articles(line):
                return True     # a whole export on one line ("[{…},{…}]"), NULs after it
            seen += len(line)
        return False
    finally:
        fh.seek(0)


_NOT_JSON = object()


def _parsed_alone(line: str):
    """The JSON value ``line`` alone holds, or ``_NOT_JSON`` where it holds no whole one."""
    try:
        return json.loads(line, parse_int=_big_int, strict=False)   # (as the lines are read)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _json_object(line: bytes) -> bool:
    """Whether ``line`` is UTF-8 text of a JSON object (in compressed data, one "line" in
    256 or so starts with "{" by chance; none of them parses)."""
    # (a code page's letters replaced: a record still parses, compressed data still does not)
    return isinstance(_parsed_alone(line.decode("utf-8", errors="replace")), dict)


def _utf16_lines(data: bytes, encoding: str) -> list[bytes]:
    """The lines of UTF-16 ``data`` (without a byte-order mark), still encoded, without their
    line ends: cut at each newline, CR and newline, or CR alone (old Mac line ends, mixed
    with the others as in UTF-8), never at a byte pair that only looks like one."""
    crlf, cr, lf = ("\r\n".encode(encoding), "\r".encode(encoding), "\n".encode(encoding))
    out: list[bytes] = []
    start = 0
    for m in re.finditer(b"|".join(map(re.escape, (crlf, cr, lf))), data):
        if m.start() % 2 == 0 and m.start() >= start:
            out.append(data[start:m.start()])
            start = m.end()
    out.append(data[start:])
    return out


def _single_byte_encoding(path: Path, sample: int = 1 << 20) -> str:
    """The code page of the lines of ``path`` that are not UTF-8 (Windows-1258 when they
    read as Vietnamese, else Windows-1252), judged on up to ``sample`` bytes of them. Its lines
    cut as :func:`read_jsonl` cuts them, at any line end: cut at newlines alone, a file of CR
    line ends was one line of UTF-8 and the code page, passed over as UTF-8 with a passage,
    and its record in Windows-1258 read as Windows-1252."""
    picked: list[bytes] = []
    size = 0
    try:
        with open(path, "rb") as fh:
            for raw in _lines_of(fh):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    if _mostly_utf8(raw) is not None or _mixed(raw) is not None:
                        continue              # UTF-8 with a stray byte or a passage pasted, read as such
                    picked.append(raw)
                    size += len(raw)
                    if size >= sample:
                        break
    except OSError:
        pass
    # (the code page its lines read best in, not UTF-8 with passages: lines of a headline in
    # UTF-8 over a body in the code page that name no syllable are among them)
    _text, enc = _best_single_byte(b"".join(picked)) if picked else (None, None)
    return enc if enc in _SINGLE_BYTE else "cp1252"


# --- a JSON array (or objects over several lines) -----------------------------------
#: Characters one value of a JSON array may take before the array is called broken: an
#: article at its length limit fits, even with every character written as an escape.
MAX_JSON_VALUE_CHARS = 32 * 1024 * 1024
#: Bytes read at a time from a JSON array: the file is never held whole, one value is.
_JSON_CHUNK = 1 << 20
#: Bytes of a .jsonl or .json file looked at to tell JSON lines from one JSON text.
_JSON_HEAD = 1 << 20
_NOT_JSON_SPACE = re.compile("[^ \t\r\n\ufeff]")
#: ``strict=False``: a tab or line break written raw inside a string, as many scrapers write
#: it, is read (cleaning then makes it a space), not a broken file.
_DECODER = json.JSONDecoder(parse_int=_big_int, strict=False)


#: Longest first line read whole to tell an array on one line from JSON lines.
_FIRST_LINE_MAX = 16 << 20


def _with_next_lines(fh, head: bytes) -> bytes:
    """``head`` (the start of a first line longer than it, opening with "[") and, after a
    line break, up to :data:`_JSON_HEAD` bytes of the lines after that first line: whether
    those are an article each tells JSON lines (an export's first line an array) from one
    JSON array. The rest of the first line is read a chunk at a time and let go (a 50 MB
    array on one line is never held); ``head`` alone where the line runs past
    :data:`_FIRST_LINE_MAX`."""
    read = len(head)
    while read <= _FIRST_LINE_MAX:
        chunk = fh.read(_JSON_HEAD)
        if not chunk:
            break
        read += len(chunk)
        if (end := _LINE_END.search(chunk)) is not None:
            after = chunk[end.end():]
            return head + b"\n" + after + fh.read(max(0, _JSON_HEAD - len(after)))
    return head


def _json_text_codec(head: bytes) -> str | None:
    """The codec to read a file starting with ``head`` as one JSON text: when it is a JSON
    array, or objects written over several lines (a line that does not parse alone,
    followed by one starting with a field name or "}"). None for JSON lines, and for what
    is not JSON at all: the line reader reports those line by line, or as binary."""
    if head.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif b"\x00" in head[:8192]:
        # UTF-16 without its mark; else UTF-8 with a stray NUL (cleaned from the text, or
        # its element named), which must not cost the whole array.
        codec = _utf16_order(head) or "utf-8"
    else:
        codec = "utf-8"
    text = head.decode(codec, errors="replace").lstrip(" \t\r\n\ufeff")
    if text.startswith("["):
        # An array on its first line, or a line no JSON reads, followed by lines that are
        # mostly an article each: JSON lines, where a bad line costs itself only ("A line of
        # JSON lines that holds an array of articles is read the same way"). An array over
        # several lines has at most its last element alone on a line that parses.
        lines = [line for line in re.split(r"\r\n?|\n", text, 20)[:20] if line.strip()]
        alone = sum(isinstance(_parsed_alone(line), dict) for line in lines[1:])
        # (A first line ending in a comma is an array's first element: its elements follow,
        # one a line, the last closing it.)
        if len(lines) > 1 and lines[0].strip() != "[" and not lines[0].rstrip().endswith(",") \
                and (_parsed_alone(lines[0]) is not _NOT_JSON or alone and 2 * alone > len(lines) - 1):
            return None
        return codec
    if text.startswith("{"):
        # (lines ended by a CR alone, or a CR and a newline, alike: pretty-printed objects of
        # an old Mac file were one line of records run together)
        lines = [line for line in re.split(r"\r\n?|\n", text, 20)[:20] if line.strip()]
        if len(lines) > 1 and not _json_object(lines[0].encode("utf-8")) \
                and lines[1].lstrip().startswith(('"', "}")):
            return codec
    return None


class _ValueTooLong(Exception):
    """A value longer than :data:`MAX_JSON_VALUE_CHARS` that has not closed."""


class _JsonStream:
    """A JSON text read a chunk at a time: the text not yet parsed, and the line and column
    of each place in it for messages (a 50 MB array on one line has columns in millions)."""

    def __init__(self, fh, codec: str):
        self._fh = fh
        self._utf8 = codec.startswith("utf-8")
        # (UTF-8 is read a part at a time, so that a passage pasted from an old document, or
        # an element written in a code page, is read in it: see _passages)
        self._decoder = None if self._utf8 else codecs.getincrementaldecoder(codec)(errors="replace")
        self._bom = codec == "utf-8-sig"     # (a byte-order mark to skip, if the file starts with one)
        self._undecoded = b""       # bytes read after the last part's end, read with the next chunk
        self.wide = codec.startswith("utf-16")      # (two bytes a character: see _zeroed)
        self.buf = ""
        self.pos = 0
        self.line = 1
        self._line_start = 0        # where the line of buf[pos] starts in buf (<= 0: before it)
        self.eof = False
        self.replaced = 0           # bytes that were no UTF-8, each now U+FFFD
        self.code_page_words = 0    # words of bytes that were no UTF-8, read in a code page
        self.code_pages: set[str] = set()   # those code pages
        self.marks = 0              # Word's punctuation marks among UTF-8 words (_word_mark)
        self.value_start = 0
        self.mended = 0             # values read with escapes of other languages (_mended)

    def more(self) -> bool:
        """Read the next chunk, dropping the text already parsed; False at the end."""
        if self.eof:
            return False
        data = self._fh.read(_JSON_CHUNK)
        self.eof = not data
        text = self._decoder.decode(data, final=not data) if self._decoder else self._utf8_text(data)
        self.buf = self.buf[self.pos:] + text
        self._line_start -= self.pos
        self.pos = 0
        return True

    def _utf8_text(self, data: bytes) -> str:
        """The text of the chunk ``data`` read as UTF-8, up to the end of its last part (a line,
        a string: ``_PART_END``) where the file goes on, the rest read with the next chunk (a
        part is judged whole, and no character is cut in two): parts not all UTF-8 are read as
        :func:`_passages` reads them, and counted."""
        if self._bom and self._undecoded == b"" and data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        self._bom = False
        data = self._undecoded + data
        cut = len(data)
        if not self.eof:
            cut = max(data.rfind(b"\n"), data.rfind(b'"')) + 1
            if cut == 0:        # (no line end nor quote in a megabyte: cut before a character's first byte)
                cut = next((k for k in range(len(data) - 1, max(len(data) - 4, 0), -1)
                            if not 0x80 <= data[k] < 0xC0), len(data))
        data, self._undecoded = data[:cut], data[cut:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        read = _passages(data)
        if read.words:
            self.code_page_words += read.words
            self.code_pages.add(read.code_page)
        self.marks += read.marks
        self.replaced += read.text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
        return read.text

    def _line_ends(self, start: int, end: int) -> int:
        """Line ends in ``buf[start:end]``: newlines, and CRs alone (old Mac files, or mixed in);
        a CR before a newline is one line end with it."""
        ends = self.buf.count("\n", start, end)
        if self.buf.find("\r", start, end) != -1:
            ends += self.buf.count("\r", start, end) - self.buf.count("\r\n", start, end + 1)
        return ends

    def _line_after(self, start: int, end: int) -> int:
        """Where the line of ``buf[end]`` starts, a line end in ``buf[start:end]`` before it."""
        return max(self.buf.rfind("\n", start, end), self.buf.rfind("\r", start, end)) + 1

    def where(self, at: int) -> tuple[int, int]:
        """Line and column (from 1) of ``buf[at]``, ``at`` not before the position."""
        newlines = self._line_ends(self.pos, at)
        if newlines:
            return self.line + newlines, at - self._line_after(self.pos, at) + 1
        return self.line, at - self._line_start + 1

    def advance(self, to: int) -> None:
        newlines = self._line_ends(self.pos, to)
        if newlines:
            self.line += newlines
            self._line_start = self._line_after(self.pos, to)
        self.pos = to

    def next_char(self) -> str | None:
        """The next character that is not white space (the position moved to it), or None
        at the end of the file."""
        while True:
            m = _NOT_JSON_SPACE.search(self.buf, self.pos)
            if m:
                self.advance(m.start())
                return self.buf[self.pos]
            self.advance(len(self.buf))
            if not self.more():
                return None

    def skip_value(self) -> bool:
        """Move past the object or array at the position by its brackets outside strings,
        without parsing it (one nested too deeply for the parser ends where they balance).
        False where the text ends first, or runs past :data:`MAX_JSON_VALUE_CHARS`."""
        end = self._value_end()
        if end is None:
            return False
        self.advance(end)
        return True

    def _value_end(self) -> int | None:
        """Where the object or array at the position ends in ``buf`` (the position stays;
        more text is read as needed), told by its brackets outside strings; None where the
        text ends first, or runs past :data:`MAX_JSON_VALUE_CHARS`."""
        if self.buf[self.pos:self.pos + 1] not in ("[", "{"):
            return None
        i, depth, in_string = self.pos, 0, False
        while True:
            m = _BRACKET_OR_STRING.search(self.buf, i)
            if m is None:
                if len(self.buf) - self.pos > MAX_JSON_VALUE_CHARS:
                    return None
                i -= self.pos       # (reading more drops the text before the position)
                if not self.more():
                    return None
                continue
            c, i = m.group(), m.end()
            if c == "\\":
                i += in_string      # the character escaped, whatever it is
            elif c == '"':
                in_string = not in_string
            elif in_string:
                continue
            elif c in "[{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return i

    def _mended(self) -> tuple[object] | None:
        """The object or array at the position read with escapes of other languages as
        they mean (:func:`_foreign_escapes`: PHP's ``\\'``, ``\\xNN``), the position moved past
        it, in a tuple; None, the position kept, where it does not read so. An element
        exported so is read as the same record on a JSON line is, not the end of the file."""
        end = self._value_end()
        if end is None:
            return None
        try:
            obj = json.loads(_foreign_escapes(self.buf[self.pos:end]), parse_int=_big_int, strict=False)
        except (ValueError, RecursionError):
            return None
        self.advance(end)
        self.mended += 1
        return (obj,)

    def value(self):
        """The JSON value at the position, which then moves past it. Raises
        JSONDecodeError (its ``pos`` an index into ``buf``) or another ValueError (a number
        of too many digits), RecursionError, or :class:`_ValueTooLong`. A value cut by the end of the chunk read is read again
        with the next chunk: what the parser says when the text ends early names a place
        at (or a string running to) the end of the buffer."""
        mend = True
        while True:
            self.value_start = self.pos     # (where the text of the value read starts in buf)
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if exc.msg == "Invalid \\escape" and mend:
                    mend = False
                    mended = self._mended()
                    if mended is not None:
                        return mended[0]
                    continue        # (parsed again: reading more moved the text in buf)
                if self.eof or not (exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated string")):
                    raise
                if len(self.buf) - self.pos > MAX_JSON_VALUE_CHARS:
                    raise _ValueTooLong() from None
                self.more()
                continue
            if end >= len(self.buf) - 32 and not self.eof and not isinstance(obj, (dict, list)):
                self.more()         # a number may go on in the next chunk ("-3.25" of "-3.25e-7")
                continue
            self.advance(end)
            return obj


_BRACKET_OR_STRING = re.compile(r'[\[\]{}"\\]')


def _read_json_text(path: Path, fh, codec: str) -> Iterator[RawArticle | Problem]:
    """The articles of a JSON text: each element of an array (``file:line (phần tử N)``,
    the line where it starts), or each object written at the top level (``file:line``).
    A value that is no article is reported and skipped like a bad line of JSON lines (a
    run of them, an array of words rather than of articles, in one message); where the
    JSON itself breaks, nothing after can be told apart, so reading stops there with a
    message saying where, what was read before and how to fix it."""
    stream = _JsonStream(fh, codec)
    values = 0                  # top-level values and array elements read
    element = 0                 # elements read of the array being read
    in_array = False
    closed_array = False        # the last value read was an array, closed
    no_object: list[int] = []   # the run of elements just read that are no object: first, last, line, articles
    nested_said = False         # an array of articles inside the array, said
    mended = 0                  # values read with escapes of other languages, said
    fix = "Sửa chỗ này rồi chạy lại lệnh (bài đã có được cập nhật, không nhân đôi)"

    def said_no_object() -> list[Problem]:
        """The run of elements that are no object, said once (and forgotten)."""
        if not no_object:
            return []
        first, last, line, records = no_object
        no_object.clear()
        if first == last:
            return [Problem(f"{path}:{line} (phần tử {format_count(first)})",
                            "mỗi phần tử của mảng phải là một đối tượng JSON {...}", records=records)]
        return [Problem(f"{path}:{line} (phần tử {format_count(first)}–{format_count(last)})",
                        f"{format_count(last - first + 1)} phần tử liền nhau không phải đối tượng JSON {{...}}: "
                        "mỗi phần tử của mảng phải là một bài", records=records)]

    def broken(what: str, exc: Exception, before: int) -> Problem:
        """Reading stops at ``what`` (starting at the stream's position): why, and where."""
        start, line = stream.pos, stream.line
        read = (f"đã đọc {format_count(before)} phần tử trước đó" if in_array
                else f"đã đọc {format_count(before)} bài trước đó")
        if isinstance(exc, _ValueTooLong):
            return Problem(f"{path}:{line}", f"{what} dài hơn {format_count(MAX_JSON_VALUE_CHARS)} ký tự mà chưa "
                           f"đóng: JSON hỏng, hoặc bài quá lớn; {read}, phần còn lại của tệp chưa được đọc")
        if isinstance(exc, RecursionError):
            return Problem(f"{path}:{line}", f"{what}: JSON lồng nhau quá sâu; {read}, "
                           "phần còn lại của tệp chưa được đọc")
        if not isinstance(exc, json.JSONDecodeError):      # a number of 5,000 digits, no memory left
            return Problem(f"{path}:{line}", f"{what}: JSON không đọc được ({type(exc).__name__}); {read}, "
                           "phần còn lại của tệp chưa được đọc")
        # Cut short: the parser stopped at the end (a character cut in two is a U+FFFD there).
        end = len(stream.buf.rstrip(" \t\r\n\ufffd"))
        if stream.eof and (exc.pos >= end or exc.msg.startswith("Unterminated string")):
            missing = _closers(("[" if in_array else "") + _unclosed(stream.buf[start:exc.pos]))
            if exc.msg.startswith("Unterminated string"):
                missing = '"' + missing
            return Problem(f"{path}:{line}", f"tệp kết thúc giữa {what}: JSON bị cắt, thiếu “{missing}” "
                           f"ở cuối; {read}. Tệp có thể chưa tải hay xuất xong: lấy lại tệp đầy đủ rồi chạy lại lệnh")
        err_line, err_col = stream.where(exc.pos)
        if _zeroed(stream.buf[start:exc.pos + 1], stream.wide):
            # (a block never written, its zeros read as a string's text up to a quote after it)
            return Problem(f"{path}:{line}", f"JSON hỏng ở {what}: {_ZEROED_INSIDE}; {read}, phần còn lại của tệp "
                           "chưa được đọc")
        return Problem(f"{path}:{err_line}", f"JSON hỏng ở {what}: {_json_error(exc.msg)} (cột {format_count(err_col)}); "
                       f"{read}, phần còn lại của tệp chưa được đọc. {fix}")

    while True:
        ch = stream.next_char()
        if ch is None:
            yield from said_no_object()
            if in_array:
                after = f"sau phần tử {format_count(element)}" if element else "ngay sau “[”"
                yield Problem(f"{path}:{stream.line}", f"mảng JSON chưa đóng: tệp kết thúc {after}, thiếu “]” ở cuối; "
                              f"đã đọc {format_count(element)} phần tử. Tệp có thể bị cắt: kiểm tra phần cuối của nó",
                              halted=True)
            elif values == 0:
                yield Problem(str(path), "tệp rỗng", halted=True)
            break
        if not in_array and ch == "\x00":
            # NUL padding after the values (a file preallocated, or cut short by a crash):
            # skipped, said in a note; what follows it, if anything, is read as before. After
            # objects written one by one, not an array closed, a block of them may be where
            # objects stood: read in part, as JSON lines.
            line, run = stream.line, 0
            while ch == "\x00":
                stream.advance(stream.pos + 1)
                ch = stream.next_char()
                run += 1
            if run < PADDING or closed_array:
                yield Problem(f"{path}:{line}", "bỏ qua các byte NUL sau dữ liệu JSON", fatal=False, whole_file=True)
            elif ch is None:
                yield Problem(f"{path}:{line}", _ZEROED_END, fatal=False, halted=True, whole_file=True)
            else:
                yield Problem(f"{path}:{line}", _ZEROED_INSIDE, halted=True)
            continue
        closed_array = False
        if in_array and element:
            # After an element: a comma and the next one, or the end of the array.
            if ch == "]":
                stream.advance(stream.pos + 1)
                in_array, closed_array = False, True
                yield from said_no_object()
                continue
            if ch != ",":
                yield from said_no_object()
                line, col = stream.where(stream.pos)
                yield Problem(f"{path}:{line}", f"JSON hỏng sau phần tử {format_count(element)}: thiếu dấu phẩy "
                              f"giữa hai phần tử hay “]” đóng mảng (cột {format_count(col)}); "
                              f"đã đọc {format_count(element)} phần tử, phần còn lại của tệp chưa được đọc. {fix}",
                              halted=True)
                break
            stream.advance(stream.pos + 1)
            ch = stream.next_char()
            if ch == "]":           # a trailing comma, as JavaScript writes: nothing lost
                stream.advance(stream.pos + 1)
                in_array, closed_array = False, True
                yield from said_no_object()
                continue
            if ch is None:
                continue            # the end of the file: said above
        elif not in_array and ch == "[":
            in_array, element = True, 0
            line = stream.line
            stream.advance(stream.pos + 1)
            if stream.next_char() == "]":
                stream.advance(stream.pos + 1)
                in_array = False
                values += 1         # not an empty file
                yield Problem(f"{path}:{line}", "mảng JSON rỗng: không có bài nào")
            continue
        line = stream.line
        what = f"phần tử {format_count(element + 1)}" if in_array else f"đối tượng thứ {format_count(values + 1)}"
        try:
            obj = stream.value()
        except RecursionError as exc:
            # Nested too deeply for the parser, but its brackets still say where it ends:
            # that value alone is lost.
            yield from said_no_object()
            if not stream.skip_value():
                yield replace(broken(what, exc, element if in_array else values), halted=True)
                break
            values += 1
            where = f"{path}:{line}"
            if in_array:
                element += 1
                where += f" (phần tử {format_count(element)})"
            yield Problem(where, "JSON lồng nhau quá sâu")
            continue
        except (ValueError, MemoryError, _ValueTooLong) as exc:
            yield from said_no_object()
            yield replace(broken(what, exc, element if in_array else values), halted=True)
            break
        values += 1
        if _zeroed(stream.buf[stream.value_start:stream.pos], stream.wide):
            # Zeros read as a string's text (a JSON reader takes them there; not "\u0000"
            # written): the block never written runs from this value's start into another's
            # end, neither of them whole.
            yield from said_no_object()
            if in_array:
                element += 1
            yield Problem(f"{path}:{line}" + (f" (phần tử {format_count(element)})" if in_array else ""),
                          _ZEROED_INSIDE, halted=True)
            continue
        if stream.mended > mended:
            # Escapes of other languages in it, read as they mean: said as of a JSON line.
            mended = stream.mended
            yield from said_no_object()
            yield Problem(f"{path}:{line}" + (f" (phần tử {format_count(element + 1)})" if in_array else ""),
                          ESCAPES_READ, fatal=False)
        if not in_array:
            yield _record(obj, f"{path}:{line}", "mỗi giá trị ngoài mảng")
            continue
        element += 1
        if isinstance(obj, dict):
            yield from said_no_object()
            yield _record(obj, f"{path}:{line} (phần tử {format_count(element)})")
        elif _holds_articles(obj, NESTED_DEPTH - 1):
            # An array of articles inside it (exports wrapped in one, or wrapped again): its
            # articles, said once (each such array was one element "no object", its
            # articles lost, "bỏ qua 1 bài").
            yield from said_no_object()
            if not nested_said:
                nested_said = True
                yield Problem(f"{path}:{line} (phần tử {format_count(element)})", NESTED_READ, fatal=False)
            for place, inner in _elements(obj, NESTED_DEPTH - 2):
                yield _record(inner, f"{path}:{line} (phần tử {format_count(element)}.{'.'.join(map(str, place))})",
                              "mỗi phần tử của mảng")
        elif no_object:
            no_object[1] = element
            no_object[3] += _articles_in(obj)
        else:
            no_object[:] = [element, element, line, _articles_in(obj)]
    if stream.code_page_words > 0:
        yield Problem(str(path), f"{format_count(stream.code_page_words)} chữ không phải UTF-8, đã đọc theo bảng mã "
                                 f"{', '.join(_CODE_PAGE_NAMES[p] for p in sorted(stream.code_pages))}", fatal=False,
                      whole_file=True)
    if stream.marks > 0:
        yield Problem(str(path), f"{format_count(stream.marks)} dấu câu “ ” ‘ ’ – — … viết theo Windows-1252 (dán từ "
                                 "Word) giữa chữ UTF-8, đã đọc thành dấu câu đó", fatal=False, whole_file=True)
    if stream.replaced > 0:
        yield Problem(str(path), f"{format_count(stream.replaced)} byte không phải UTF-8, đã thay bằng �", fatal=False,
                      whole_file=True)


def read_json(path: Path) -> Iterator[RawArticle | Problem]:
    """The articles of a .jsonl or .json file: JSON lines (:func:`read_jsonl`, a bad line
    costs itself only), or a JSON array of articles, the form most tools export (and
    objects written over several lines), read a chunk at a time so that a large export
    is never held whole."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_JSON_HEAD)
            if len(head) == _JSON_HEAD and b"\n" not in head and b"\r" not in head \
                    and head.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"["):
                head = _with_next_lines(fh, head)
            codec = _json_text_codec(head)
            if codec is not None:
                fh.seek(0)
                if codec == "utf-8":
                    # (NUL padding after an array, a NUL in a string: its text still reads)
                    text_part = _without_zero_blocks(head.rstrip(b"\x00")[:8192])
                    if _looks_binary(text_part.replace(b"\x00", b"")) or text_part.count(0) > len(text_part) // 20:
                        yield Problem(str(path), _not_json(path, head), halted=True)
                        return
                    try:
                        codecs.getincrementaldecoder("utf-8")().decode(head)
                    except UnicodeDecodeError:
                        if _mostly_utf8(head) is None and _mixed(head) is None:
                            # Not UTF-8: the single-byte code page its start reads best in.
                            _text, enc = decode_bytes(head)
                            codec = enc if enc in _SINGLE_BYTE else "cp1252"
                if codec in _ENCODING_NAMES and codec != "utf-16":     # as for JSON lines
                    yield Problem(str(path), f"đã đọc theo bảng mã {_ENCODING_NAMES[codec]}", fatal=False, whole_file=True)
                yield from _read_json_text(path, fh, codec)
                return
    except OSError as exc:
        yield Problem(str(path), f"không đọc được: {os_error_text(exc)}", halted=True)
        return
    yield from read_jsonl(path)


def read_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[RawArticle | Problem]:
    """Every article (or problem) under ``paths``."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
        elif item.suffix.lower() in (".jsonl", ".json"):
            yield from read_json(item)
        else:
            yield from read_txt(item)


def estimate_count(paths: Iterable[str | os.PathLike]) -> int:
    """Roughly how many articles ``paths`` hold (for a progress bar's time left)."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, Problem):
            continue
        if item.suffix.lower() in (".jsonl", ".json"):
            try:
                with open(item, "rb") as fh:
                    total += _count_records(fh)
            except OSError:
                pass
        else:
            total += 1
    return total


def _count_records(fh) -> int:
    """Roughly how many articles an open .jsonl or .json file holds: its lines, or in a
    JSON array (where lines count fields, or are one) its "id" keys."""
    head = fh.read(_JSON_HEAD)
    codec = _json_text_codec(head)
    if codec is None:
        mark = b"\n"
    elif codec == "utf-16":
        mark = '"id"'.encode("utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be")
    else:
        mark = '"id"'.encode(codec if codec.startswith("utf-16") else "ascii")
    fh.seek(0)
    count, tail = 0, b""
    for chunk in iter(lambda: fh.read(_JSON_CHUNK), b""):
        if codec is None:
            # (line ends of every kind: an old Mac file's CRs are its lines)
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            continue
        data = tail + chunk             # a mark cut between two chunks is counted once
        count += data.count(mark)
        tail = data[1 - len(mark):] if len(mark) > 1 else b""
    return count
