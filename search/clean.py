"""Turn a raw article file into the body text shown to users and fed to the indexer.

Scraped articles carry Unicode noise (NFD letters, zero-width spaces, no-break spaces)
and page furniture (comment forms, share buttons) that would otherwise be indexed,
shown in snippets and matched by queries such as "bình luận". :func:`clean_text`
removes both while keeping every line of real prose.
"""

from __future__ import annotations

import html
import re

from ctsearch.textnorm import (HALF_WIDTH, INVISIBLE_CHARS, LOOKALIKE_LETTERS, canon, is_vietnamese_syllable, nfc,
                               normalize_tones, strip_invisible, vietnamese_letters)

__all__ = ["BOILERPLATE_PATTERNS", "clean_field", "clean_text", "decode_entities", "is_boilerplate",
           "strip_image_credit"]

# Whole-line page furniture. Each entry is a regular expression that must match the
# *entire* line (after canon(): NFC, one tone convention, lower case; trailing
# punctuation such as ":" or "…" is stripped first), so sentences that merely contain
# "bình luận" or "chia sẻ" are kept. Add new furniture here, one entry per line.
BOILERPLATE_PATTERNS: tuple[str, ...] = (
    # WordPress comment form
    r"leave a (?:reply|comment)",
    r"(?:cancel reply|post comment|submit comment)",
    r"your email address will not be published\.?(?: required fields are marked \*)?",
    r"required fields are marked \*",
    r"(?:name|email|website|comment)\s*\*?",
    r"save my name, email, and website in this browser for the next time i comment\.?",
    r"(?:you must be )?logged in to post a comment\.?",
    # share / print buttons
    r"(?:share|tweet|like|pin it|print|email|facebook|twitter|zalo|linkedin)",
    r"(?:share|like) this",
    r"loading\.*",
    r"chia sẻ(?: bài viết| bài này| bài| tin| trang| lên facebook| qua facebook| facebook| zalo)?",
    r"(?:in|lưu) bài(?: viết| này)?",
    r"(?:in|gửi) trang",
    r"(?:bản in|in tin|gửi email|gửi bài viết qua email|gửi cho bạn bè)",
    r"(?:về|trở về|lên|quay lại) đầu trang|quay lại|trở lại",
    r"(?:theo dõi|follow) (?:chúng tôi|báo) trên .{1,30}",
    # comment blocks
    r"(?:các |tất cả )?bình luận(?: \(\d+\)| của bạn| bạn đọc)?",
    r"(?:gửi|viết|thêm|xem) bình luận(?: của bạn)?",
    r"(?:ý kiến|ý kiến bạn đọc|ý kiến của bạn|gửi ý kiến|ý kiến phản hồi)",
    r"đăng nhập để (?:bình luận|gửi ý kiến)",
    r"(?:gửi|hủy|hủy bỏ|đóng)",
    # related-links headers and tag lines
    r"(?:tin|bài|các tin|các bài)(?: viết)? (?:liên quan|cùng chuyên mục|khác|mới nhất|đọc nhiều)",
    r"(?:xem|đọc) thêm",
    r"(?:tags?|từ khóa)\s*:.*",
)

_BOILERPLATE_RE = re.compile("(?:" + "|".join(BOILERPLATE_PATTERNS) + ")")
# Decoration around a button label: "Chia sẻ:", "» Bình luận", "[In bài viết]".
_DECORATION = " \t:.…|»«>•·-–—[]"


_MAX_FURNITURE = 120  # furniture is a label of a few words; longer lines are prose
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE_CHARS) + "".join(LOOKALIKE_LETTERS) + "\\ud800-\\udfff]")
# Full-width letters, digits and marks (text typed on an East Asian keyboard: "Ｇｉá ｄｉệｎ"),
# read as a query's are: the ASCII ones (one character each, so offsets do not move).
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
# Control characters that are not line breaks (NUL, escape, C1…) and bidirectional
# controls, which would make a browser draw the text around them reversed. Line breaks
# (\n, \r, \v, \f, \x1c-\x1e, \x85, U+2028/9) are left to splitlines().
# The noncharacters U+FFFE and U+FFFF go too: no XML (an Atom feed) may hold them.
_CONTROLS_RE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
                          "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


# Only entities closed by ";": HTML5 also decodes a few legacy names without one, which
# would turn prose such as "&notice" into "¬ice".
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# A photo credit at the end of a caption line: "… bờ biển (ảnh: AFP/Getty).",
# "… ven biển. Ảnh: EPA", a line "Ảnh: Anh Tuấn". The credit is a name of a few words,
# not prose; a byline ("Tin, ảnh: Cẩm Trúc") is kept.
_IMAGE_CREDIT_RE = re.compile(
    r"(?:^|(?<=[.!?…])\s*|\s*(?=[(\[]))[(\[]?\s*(?:ảnh|nguồn ảnh|ảnh minh (?:họa|hoạ)|photo|image)\s*:\s*"
    r"(?P<credit>[^()\[\]\n:]{1,40}?)\s*[)\]]?\s*\.?$",
    re.IGNORECASE,
)
_CREDIT_MAX_WORDS = 6


# "&nbsp" left without its ";" before a word ("Cụ thể,&nbsptrong"): a space, or the word
# after it is lost to search. No prose writes "&nbsp".
_BARE_NBSP_RE = re.compile(r"&nbsp(?![;\w]*;)(?=\w)", re.IGNORECASE)


def decode_entities(text: str) -> str:
    """``CNTT&amp;amp;VT`` -> ``CNTT&VT``: scraped text sometimes keeps its HTML entities,
    once or twice encoded; names that are no entity (``&CN;``) stay as they are, but a
    non-breaking space that lost its ";" before a word is a space."""
    if "&nbsp" in text or "&NBSP" in text:
        text = _BARE_NBSP_RE.sub(" ", text)
    for _ in range(2):
        if "&" not in text:
            break
        decoded = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return text


# HTML markup left in scraped text ("<P><STRONG>Không nên …</STRONG>"): tags of the
# elements news pages are made of, nothing that merely looks like one ("a <b c", "<<<").
_BLOCK_TAGS = "p|br|div|tr|table|tbody|thead|li|ul|ol|h[1-6]|blockquote"
_INLINE_TAGS = "strong|em|b|i|u|span|font|a|img|td|th|sup|sub|small|big"
_BLOCK_TAG_RE = re.compile(rf"</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_INLINE_TAG_RE = re.compile(rf"</?(?:{_INLINE_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """Text without the HTML tags a page left in it: a block element ends a paragraph,
    an inline one goes (a table cell leaves a space)."""
    if "<" not in text:
        return text
    text = _BLOCK_TAG_RE.sub("\n", text)
    return _INLINE_TAG_RE.sub(lambda m: " " if m.group(0)[1:3].lower() in ("td", "th") else "", text)


def strip_image_credit(line: str) -> str:
    """The line without a trailing photo credit ("Ảnh: EPA"); "" if it was only a credit."""
    if ":" not in line:
        return line
    m = _IMAGE_CREDIT_RE.search(line)
    if m is None or len(m.group("credit").split()) > _CREDIT_MAX_WORDS:
        return line
    return line[:m.start()].rstrip(" -–—|")


def is_boilerplate(line: str) -> bool:
    """True when the whole (stripped) line is page furniture rather than prose."""
    if len(line) > _MAX_FURNITURE + 10:
        return False  # cheap exit for paragraphs, before any normalisation
    key = canon(line).strip(_DECORATION)
    if not key or len(key) > _MAX_FURNITURE:
        return False
    return _BOILERPLATE_RE.fullmatch(key) is not None


def clean_text(raw: str) -> str:
    """Normalise a raw article into the body shown to users.

    NFC first (decomposed input would otherwise match nothing), then invisible
    characters go (U+00A0 -> space; U+200B, U+00AD, U+FEFF removed), all line-break
    conventions become "\\n", each line is stripped and its inner runs of spaces/tabs
    collapsed, control characters (NUL…) and bidirectional controls removed, blank lines are dropped (paragraphs are separated by a single "\\n") and
    whole-line page furniture such as "Leave a Reply" or "BÌNH LUẬN" is removed.
    Full-width letters are the ASCII ones, as in a query. HTML entities are decoded (``&amp;`` -> ``&``), HTML tags left by a page removed
    (``<P><STRONG>``), and photo credits ("Ảnh: EPA") at the end of caption lines dropped:
    none is prose, and all would show in snippets.
    """
    text = strip_tags(decode_entities(nfc(raw)))
    if _INVISIBLE_RE.search(text):  # rare; translate() over every article is not free
        text = vietnamese_letters(strip_invisible(text))
    if _FULL_WIDTH_RE.search(text):
        text = nfc(text.translate(HALF_WIDTH))
    if _CONTROLS_RE.search(text):
        text = _CONTROLS_RE.sub("", text)
    out: list[str] = []
    # splitlines() also handles CR, CRLF, U+2028/U+2029 and form feeds.
    for line in text.splitlines():
        line = strip_image_credit(" ".join(line.split()))
        if line and not is_boilerplate(line):
            out.append(line)
    return "\n".join(out)


#: What Vietnamese written in UTF-8 looks like once read as Windows-1252 or Latin-1 and
#: saved again: "Ã¡" for á, "áº"/"á»" opening ạ…ỹ, "Ä‘" for đ, "Æ°" for ư, "Æ¡" for ơ.
_MOJIBAKE_RE = re.compile("Ã[\u0080-\u00bf]|á[º»]|Ä[\u0080-\u00bf‘ƒ‚]|Æ[°¡¯\u00a0]")
#: Markers a text must hold to be read again (a name such as "Rodríguez" misread once is
#: no reason to touch an article).
MOJIBAKE_MIN_MARKS = 3


def _as_single_bytes(text: str) -> bytes | None:
    """The bytes a Windows-1252 (or, for its five holes, Latin-1) reading turned into
    ``text``; None where a character is neither's."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def repair_mojibake(text: str, marks: int = MOJIBAKE_MIN_MARKS) -> str | None:
    """``text`` as written, where it is UTF-8 that a tool read as Windows-1252 and saved
    again ("TiÃªu Ä‘iá»ƒm" for "Tiêu điểm"): such an article matches no query. None
    where the text shows no such damage or cannot be read back whole (then it is left as
    it is: a guess must not garble a sound text). ``marks``: how many such marks it must
    show (a headline of an article whose text was so damaged needs one)."""
    if len(_MOJIBAKE_RE.findall(text)) < marks:
        return None
    raw = _as_single_bytes(text)
    if raw is None:
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return fixed if not _MOJIBAKE_RE.search(fixed) else None


#: The characters a Windows-1252 (or Latin-1) reading makes of the bytes 0x80–0xBF, the last
#: of a UTF-8 punctuation mark's three: "œ" of "â€œ", "™" of "â€™", "¦" of "â€¦".
_CONTINUATIONS = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
                                | {chr(b) for b in range(0x80, 0xC0)}))
#: Typographic punctuation written in UTF-8 (E2 80 xx), read as Windows-1252 or Latin-1 and
#: saved again: "â€œ" for “, "â€™" for ’, "â€“" for –, "â€¦" for …; the closing quote ” ends in
#: 0x9D, which Windows-1252 has not: "â€" then U+009D, "�", or nothing.
_PUNCT_MOJIBAKE_RE = re.compile("â[€\x80]([" + re.escape(_CONTINUATIONS) + "\ufffd]?)")


def repair_punctuation(text: str) -> tuple[str, int] | None:
    """``text`` with its typographic punctuation read back as written where only that was
    double-encoded ("â€œChúng tôi sẽ kiến nghịâ€\x9d": “Chúng tôi sẽ kiến nghị”), and how many
    marks were so: the commonest damage of text on the web, a template or a field round-tripped
    through Windows-1252 beside sound UTF-8, which :func:`repair_mojibake` leaves (the text
    cannot be read back whole). A mark glued to the words beside it ("â€œChúng", "nghịâ€") made
    them no word a search finds. Only sequences that read back as one punctuation mark of
    U+2010–U+205E are replaced (and "â€" alone as ”, where an opening “ was so damaged too);
    None where there is none."""
    if "â" not in text:
        return None
    opened = "â€œ" in text or "â\x80\x9c" in text
    count = 0

    def mend(found: re.Match) -> str:
        nonlocal count
        raw = _as_single_bytes(found.group())
        if raw is not None and found.group(1) not in ("", "\ufffd"):
            try:
                mark = raw.decode("utf-8")
            except UnicodeDecodeError:
                mark = ""
            if len(mark) == 1 and "\u2010" <= mark <= "\u205e":
                count += 1
                return mark
        if found.group(1) in ("", "\ufffd", "\x9d") and opened:
            count += 1
            return "”"      # (its last byte lost, or kept as a character no code page has)
        return found.group()

    fixed = _PUNCT_MOJIBAKE_RE.sub(mend, text)
    return (fixed, count) if count else None


def mojibake_left(text: str) -> int:
    """How many marks of text so damaged (``_MOJIBAKE_RE``: "Ã©", "á»") ``text`` still holds."""
    return len(_MOJIBAKE_RE.findall(text))


#: The endings of a web address a source may be given as ("VNEXPRESS.NET").
_ADDRESS = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|net|org|vn|gov|edu|info|biz|io|co|tv|asia|news|int)$", re.I)


#: A source's name longer than this is left out when indexed (with a note): a filter by
#: source takes values up to this long, so a facet value longer would be one its toggle is
#: refused.
MAX_SOURCE_CHARS = 200


def source_name(raw: str) -> str:
    """A source's name in one spelling, however its feeds write it: cleaned as any field,
    one tone placement ("Báo Hoà Bình" is "Báo Hòa Bình"), an address in lower case
    ("VNEXPRESS.NET"), and a name with Vietnamese marks written all in capitals or all in
    small letters with each Vietnamese word capitalised ("BÁO HÒA BÌNH", "báo hòa bình": "Báo
    Hòa Bình"; "BÁO TTXVN": "Báo TTXVN"). A name in mixed case ("Dân trí", "VOA Tiếng Việt")
    or without marks ("BBC", "THE SAIGON TIMES", "VnExpress") stays as given, and so do a
    name's letters ("Fréttablaðið"), but for a look-alike Đ in a Vietnamese word ("Báo Ðồng
    Nai"). Why: the source facet lists each
    spelling as a publisher of its own, and a filter would reach one of them."""
    text = normalize_tones(clean_field(raw))
    if _ADDRESS.match(text):
        return text.lower()
    # An Icelandic eth left by a legacy conversion is the Vietnamese Đ where the word it is
    # in is then Vietnamese; a name of Icelandic words keeps it.
    words = [fixed if fixed != word and is_vietnamese_syllable(fixed.lower()) else word
             for word in text.split(" ") for fixed in (vietnamese_letters(word),)]
    letters = [ch for word in words for ch in word if ch.isalpha()]
    marked = any(not ch.isascii() for ch in letters)
    if not marked or not (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        return " ".join(words)
    return " ".join(word[:1].upper() + word[1:].lower() if is_vietnamese_syllable(word.lower()) else word
                    for word in words)


def clean_field(raw: str) -> str:
    """A one-line stored field (source, url) cleaned like the text: NFC, no invisible or
    control characters, no lone surrogates (which no encoder accepts), one line."""
    text = nfc(raw)
    text = _CONTROLS_RE.sub("", strip_invisible(text))
    return " ".join(text.split())
