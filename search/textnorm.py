"""Character-level normalisation of Vietnamese text.

Everything that compares Vietnamese strings (analysis, metadata extraction, facet
filters) goes through these functions so that Unicode form, tone placement, case and
diacritics are treated the same way everywhere.

All functions except :func:`nfc` are *length preserving* on NFC input: a character
offset into the normalised string is the same offset into the NFC original. The
analyzer relies on that to report highlight offsets in the text the user sees.
"""

from __future__ import annotations

import re
import itertools
import unicodedata
from collections.abc import Sequence

__all__ = [
    "nfc",
    "iy_forms",
    "other_iy_spellings",
    "normalize_tones",
    "fold",
    "canon",
    "folded_key",
    "HALF_WIDTH",
    "INVISIBLE_CHARS",
    "clean_id",
    "LOOKALIKE_LETTERS",
    "strip_invisible",
    "without_controls",
    "vietnamese_letters",
    "LIST_MARKS",
    "LETTER_RUN",
    "telex",
    "ACRONYM_LETTERS",
    "in_caps_lock",
    "typed_as_acronym",
]

# Characters that are invisible in a browser but break words and matching.
# Spaces that do not look like one (no-break, thin, zero-width: a place to break a line
# between two words) become a plain space; the others disappear.
INVISIBLE_CHARS = {"\u200b": " ", "\u00ad": "", "\ufeff": "", "\u2060": "", "\u200c": "",
                   "\u200d": "", "\u00a0": " ", "\u202f": " ", "\u2009": " "}
# Other characters drawn as nothing (or as a blank no one types) that would cut a word in two
# unseen: the invisible operators, the Mongolian vowel separator, the combining grapheme
# joiner, the deprecated format characters, interlinear annotation marks, the language tag
# and the Hangul fillers. (Not the variation selectors and tag letters, which an emoji or a
# flag is drawn with.)
INVISIBLE_CHARS.update({chr(code): "" for code in (
    *range(0x2061, 0x2065), 0x180E, 0x034F, *range(0x206A, 0x2070), *range(0xFFF9, 0xFFFC), 0xE0001,
    0x115F, 0x1160, 0x3164, 0xFFA0)})
_INVISIBLE_TABLE = str.maketrans(INVISIBLE_CHARS)
# Letters that look like Vietnamese ones, left by conversions from legacy encodings: the
# Icelandic eth "Ð"/"ð" (U+00D0, U+00F0) for "Đ"/"đ" ("quận Ba Ðình", "ÐBSCL"). In
# prose and queries only: a URL or a source's name keeps its letters ("Fréttablaðið").
LOOKALIKE_LETTERS = {"\u00d0": "\u0110", "\u00f0": "\u0111"}
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKE_LETTERS)
# Lone surrogates (from JSON "\ud800" escapes) are not text and cannot be encoded.
_INVISIBLE_TABLE.update({code: None for code in range(0xD800, 0xE000)})


#: Combining marks one letter may carry before the rest of a run is dropped: Vietnamese
#: puts two on a letter (a vowel's mark and a tone), and NFC orders a run of marks in time
#: that grows with the square of its length (a stray run of 200,000 marks took minutes).
MAX_MARKS = 4
_MARK_RUN = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                       "\u0900-\u0903\u093a-\u094f\u0e31-\u0e3a\u0e47-\u0e4e"
                       "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{%d,}" % (MAX_MARKS + 1))


def nfc(text: str) -> str:
    """NFC-normalise; decomposed input (NFD) otherwise matches nothing. A run of more than
    :data:`MAX_MARKS` combining marks keeps its first ones: no writing needs more."""
    if len(text) > MAX_MARKS and _MARK_RUN.search(text):
        text = _MARK_RUN.sub(lambda m: m.group(0)[:MAX_MARKS], text)
    return unicodedata.normalize("NFC", text)


def strip_invisible(text: str) -> str:
    """Remove zero-width and soft-hyphen characters and lone surrogates; turn no-break
    spaces into spaces."""
    return text.translate(_INVISIBLE_TABLE)


#: Noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and the last two of every plane): no XML, so
#: no Atom feed, may hold them.
_NONCHARACTERS = frozenset([*range(0xFDD0, 0xFDF0), *(plane + end for plane in range(0, 0x110000, 0x10000)
                                                         for end in (0xFFFE, 0xFFFF))])


#: Full-width letters, digits and marks (an East Asian keyboard's "ｄｉｅｎ ｇｉｏ") are the
#: ASCII ones; the ideographic space is a space (a query's words, and the text being typed).
HALF_WIDTH = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if c != 0xFF02},
                            "\u3000": " "})

#: In an id: zero-width characters, BOM, soft hyphen, word joiner… nothing; a no-break or thin
#: space, a space (a lone surrogate is refused where ids are read).
_ID_INVISIBLE = str.maketrans({ch: (" " if ch in "\u00a0\u202f\u2009" else "") for ch in INVISIBLE_CHARS})


def clean_id(rid: str) -> str:
    """An article's id as it is stored: without its invisible characters (a zero-width space,
    a BOM, a soft hyphen are no part of it: "tin-1" with one is the same article) or the
    spaces around it, in NFC. An id looked up is read the same way."""
    return unicodedata.normalize("NFC", rid.translate(_ID_INVISIBLE).strip())


def without_controls(text: str) -> str:
    """``text`` as the eye reads it: every control or format character that shows as a
    space (tab, line breaks, no-break, thin and zero-width spaces) becomes a plain space;
    every other one (NUL, escape, direction marks, soft hyphen, BOM, word joiner, lone
    surrogates, noncharacters) is removed. Letters, digits, punctuation and spaces stay as
    they are (none is trimmed or collapsed), so a length counted after it still counts the
    spaces sent.

    Why: a value typed in a URL or on a command line is read by people who cannot see
    these characters. With one rule for every parameter of every front end, a value reads
    as it looks ("Bến\\tTre" and "Bến\\u200bTre" are "Bến Tre", "Bến\\x00Tre" is "BếnTre"), a
    message never quotes a value that looks like a valid one, and nothing invisible is echoed
    into a page, a feed, a CSV file or a terminal.
    Not length preserving."""
    if text.isprintable():           # almost every value: one C-level scan
        return text
    out: list[str] = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch in INVISIBLE_CHARS:
            out.append(INVISIBLE_CHARS[ch])
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) in ("Co", "Cn") and ord(ch) not in _NONCHARACTERS:
            out.append(ch)           # private use and not yet assigned: visible, or may be
    return "".join(out)


def vietnamese_letters(text: str) -> str:
    """``text`` with look-alike letters as the Vietnamese ones ("Ð" as "Đ"): prose and
    queries, where they can only be those."""
    return text.translate(_LOOKALIKE_TABLE)


# --- tone placement -------------------------------------------------------------
# Vietnamese has two conventions for where the tone mark sits in the open syllables
# "oa", "oe" and "uy": "hoà/thuỷ/khoẻ" and "hòa/thủy/khỏe". We rewrite both to the
# second ("hòa") form. Only open syllables change: with a final consonant ("hoàng")
# both conventions agree. "qu" + "y" ("quý") is a consonant plus y and is left alone.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _build_tone_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    pairs = [("o", "a"), ("o", "e"), ("u", "y")]
    for first, second in pairs:
        for tone in _TONES:
            for upper1 in (False, True):
                for upper2 in (False, True):
                    f = first.upper() if upper1 else first
                    s = second.upper() if upper2 else second
                    old = f + unicodedata.normalize("NFC", s + tone)
                    new = unicodedata.normalize("NFC", f + tone) + s
                    mapping[old] = new
    return mapping


_TONE_MAP = _build_tone_map()
# A cluster at the end of a syllable (not followed by a letter or digit; "_" joins
# the syllables of an index term and ends one) and not after "q".
_TONE_RE = re.compile(
    "(?<![qQ])(" + "|".join(sorted(map(re.escape, _TONE_MAP), key=len, reverse=True)) + r")(?![^\W_])"
)


# Cheap test first: most texts have no old-style cluster at all, and the full pattern
# (with its lookbehind) cannot skip through text quickly.
_TONE_QUICK = re.compile("[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")
_CONSONANT_TONE_QUICK = re.compile("[qQ][ùúủũụÙÚỦŨỤ]|[gG][ìíỉĩịÌÍỈĨỊ]")
# Both at once, loosely (a letter of either pair before a vowel of either): one scan of
# text that has neither, as almost every text does.
_ANY_QUICK = re.compile("[oOuUqQgG][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴùúủũụÙÚỦŨỤìíỉĩịÌÍỈĨỊ]")


# A tone on the u of "qu" or the i of "gi" before another vowel is a slip, never a
# convention: the u and the i belong to the consonant ("qúa" is quá, "gía" is giá, "qụôc"
# is quộc); "gì", "gìn" and "quỳ" keep theirs (no vowel follows).
_VOWELS = "aăâeêioôơuưy"
_CONSONANT_TONE_RE = re.compile(
    "(?<![^\\W\\d_])([qQ][ùúủũụÙÚỦŨỤ]|[gG][ìíỉĩịÌÍỈĨỊ])([" + _VOWELS + _VOWELS.upper() + "])")


def _move_tone(m: re.Match[str]) -> str:
    marked = unicodedata.normalize("NFD", m.group(1)[1])
    tone = "".join(ch for ch in marked if ch in _TONES)
    return m.group(1)[0] + marked[0] + unicodedata.normalize("NFC", m.group(2) + tone)


def normalize_tones(text: str) -> str:
    """Rewrite old-style tone placement ("hoà", "thuỷ") to one convention ("hòa", "thủy"),
    and a tone slipped onto the consonant of "qu"/"gi" to its vowel ("qúa" -> "quá").

    Case is preserved and the length does not change, so offsets stay valid.
    """
    if not text or not _ANY_QUICK.search(text):     # almost every text: one scan
        return text
    if _CONSONANT_TONE_QUICK.search(text):
        text = _CONSONANT_TONE_RE.sub(_move_tone, text)
    if not _TONE_QUICK.search(text):
        return text
    return _TONE_RE.sub(lambda m: _TONE_MAP[m.group(1)], text)


# --- diacritic folding -------------------------------------------------------------
def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x1F00):
        ch = chr(code)
        decomposed = unicodedata.normalize("NFD", ch)
        base = decomposed[0]
        if len(decomposed) > 1 and base.isascii() and base.isalpha():
            table[code] = base.lower()
        elif ch.isupper():
            table[code] = ch.lower()
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    # Combining marks left over from NFD input: drop is not length preserving, so
    # callers NFC first; stray marks on non-Vietnamese bases are removed here.
    for mark in range(0x0300, 0x0370):
        table[mark] = ""
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Điện Gió" -> "dien gio").

    Length preserving for NFC Vietnamese text (every precomposed letter maps to one
    ASCII letter).
    """
    return text.translate(_FOLD_TABLE)


#: The five tone marks, as combining characters (the vowel marks ^ ˘ ' and đ are not tones).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def strip_tone(text: str) -> str:
    """``text`` without its tone marks, keeping the other diacritics ("điện" -> "điên")."""
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in _TONE_MARKS))


def has_tone(text: str) -> bool:
    """Whether some letter of ``text`` carries a tone mark ("điện": yes; "đien", "xăng": no)."""
    return any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", text))


#: Syllables spelled with i or y alike: i or y alone after these onsets ("kĩ/kỹ", "lí/lý",
#: "tỉ/tỷ", "mì/mỳ", "quí/quý", "sĩ/sỹ"), with a tone; toneless, only "qui/quy" and "hi/hy"
#: ("hi vọng/hy vọng": "li", "ti", "mi" without a tone are other words or names).
_IY_ONSETS = ("qu", "h", "k", "l", "m", "t", "s")
_IY_TONELESS = frozenset({"qui", "quy", "hi", "hy"})
_IY_SWAP = {"i": "y", "y": "i"}


def other_iy_spellings(syllable: str) -> tuple[str, ...]:
    """The other spelling of a lower-case syllable that Vietnamese writes with i or y
    alike ("kĩ" -> ("kỹ",), "quy" -> ("qui",)); () for every other syllable. Both spellings
    are correct and the articles mix them ("kỹ thuật" 3,423 articles, "kĩ thuật" 79): a query
    typed in one should find the other. Only the spelling, never a guess at a word: whether
    the articles write the other form is for the caller to ask."""
    onset = next((o for o in _IY_ONSETS if syllable.startswith(o)), None)
    if onset is None:
        return ()
    rhyme = unicodedata.normalize("NFD", syllable[len(onset):])
    if not rhyme or rhyme[0] not in _IY_SWAP or any(ch not in _TONE_MARKS for ch in rhyme[1:]):
        return ()
    if len(rhyme) == 1 and syllable not in _IY_TONELESS:
        return ()
    return (onset + unicodedata.normalize("NFC", _IY_SWAP[rhyme[0]] + rhyme[1:]),)


def iy_forms(syllables: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every spelling of ``syllables`` (lower case) with i for y or y for i where Vietnamese
    allows both (:func:`other_iy_spellings`), the one given first: "kỉ lục" -> ["kỉ lục",
    "kỷ lục"]. Only spellings, never whether the articles write them."""
    return list(itertools.product(*[(s, *other_iy_spellings(s)) for s in syllables]))


def canon(text: str) -> str:
    """The comparison form of accented text: NFC, one tone convention, lower case."""
    return normalize_tones(nfc(text)).lower()


def folded_key(text: str) -> str:
    """The comparison form without diacritics, with runs of spaces collapsed.

    Used to match user-typed filter values ("ben tre", "Bến  Tre") leniently.
    """
    return " ".join(fold(nfc(text)).split())


#: Below this many extra UTF-8 bytes per character, a text is written without
#: diacritics: every Vietnamese letter with one takes two or three bytes, and ordinary
#: prose has 30-50 extra bytes per hundred characters.
PLAIN_EXTRA_BYTES = 0.03
#: Texts shorter than this are never judged plain (too little to tell).
PLAIN_MIN_CHARS = 20


def is_plain(text: str) -> bool:
    """Whether ``text`` is written without diacritics (a forum post, an SMS).

    A word typed with accents should match its bare form only in such text: in
    properly accented text "gia" (chuyên gia) is another word than "giá". Counted in
    bytes so that judging every paragraph of every article costs next to nothing.
    """
    n = len(text)
    if n < PLAIN_MIN_CHARS or not any(ch.isalpha() for ch in text[:200]):
        return False
    return len(text.encode("utf-8", "surrogatepass")) - n < PLAIN_EXTRA_BYTES * n


#: A text without diacritics is Vietnamese written so only where it has this many words,
#: this share of them shaped as Vietnamese syllables: a credit line ("Theo The
#: Conversation", "Theo Reuters, Guardian"), a line-up of foreign names, a formula or a
#: paragraph in English is no text in which "gia" may be "giá".
PLAIN_MIN_WORDS = 6
PLAIN_SYLLABLE_SHARE = 0.7
#: A run of letters: a word as the eye splits it, without digits or marks.
LETTER_RUN = re.compile(r"[^\W\d_]+")


def is_plain_vietnamese(text: str) -> bool:
    """Whether ``text`` is Vietnamese written without diacritics (:func:`is_plain`, and
    mostly Vietnamese syllables): where a word typed with its marks matches it bare."""
    if not is_plain(text):
        return False
    words = LETTER_RUN.findall(text)
    return len(words) >= PLAIN_MIN_WORDS \
        and sum(map(is_vietnamese_syllable, words)) >= PLAIN_SYLLABLE_SHARE * len(words)


def has_plain_text(text: str) -> bool:
    """Whether ``text`` or one of its paragraphs is Vietnamese written without diacritics."""
    return is_plain_vietnamese(text) or any(is_plain_vietnamese(par) for par in text.split("\n"))


def without_abbreviation_dot(term: str) -> str:
    """``term`` without the full stop pyvi keeps on an abbreviation ("EVN." at the end of a
    sentence, "TP." in "TP.HCM"), per "_"-joined syllable: "evn." is the term "evn"."""
    if "." not in term:
        return term
    parts = term.split("_")
    for i, part in enumerate(parts):
        if len(part) > 1 and part.endswith(".") and part[:-1].isalnum():
            parts[i] = part[:-1]
    return "_".join(parts)


#: Marks that list words ("chế biến, chế tạo", "Nông - Lâm - Thủy sản", "xuất/nhập
#: khẩu"): between two words, one of them alone may part the words of one term.
LIST_MARKS = frozenset({",", "-", "–", "—", "/", "&", ";"})


# Vietnamese syllables, tone marks removed: initial consonant, one to three vowels, final
# consonant. "ă" is always followed by a final consonant. Tells Windows-1258 (Vietnamese)
# from Windows-1252 / Latin-1 text (ingest), which share most bytes but read differently,
# and a Vietnamese word or a slip of the fingers from an abbreviation or a foreign name
# (restore: "pmi", "iso" are no syllables).
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])"
_ONSET_RE = re.compile(_ONSET)
_SYLLABLE = re.compile(
    _ONSET + "?"
    r"(?:[aâeêioôơuưy]{1,3}|[oôuư]?ă(?=[cmnpt]))"
    r"(?:ng|nh|ch|[cmnpt])?")


def tone_of(syllable: str) -> str:
    """The tone mark of ``syllable`` as a combining character, "" for none ("khẩu": hỏi)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", syllable) if ch in _TONE_MARKS)


def is_onset(word: str) -> bool:
    """Whether ``word`` is the consonants a Vietnamese syllable starts with and nothing more
    ("th", "ngh", "d"): typed last in a search box, the start of a word, not an abbreviation."""
    return _ONSET_RE.fullmatch(word.lower()) is not None


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of a Vietnamese syllable (one tone mark at most)."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in parts if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


# --- Telex typed with the input method off -----------------------------------------
# "ddieenj gios" is "điện gió" typed on a keyboard whose Vietnamese input was off: Telex
# doubles a vowel for its circumflex (aa â, ee ê, oo ô) and d for đ, adds w for a horn or
# a breve (uw ư, ow ơ, aw ă, uow ươ; after the final consonant too, "thuongw"; alone, "tw":
# tư) and a key for the tone (s sắc, f huyền, r hỏi, x ngã, j nặng).
TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_DOUBLED = {"a": "â", "e": "ê", "o": "ô", "d": "đ"}
_TELEX_HOOKED = {"u": "ư", "o": "ơ", "a": "ă"}
#: A vowel twice in a row is no syllable, whatever the shape test lets through ("taii").
_TELEX_SAME_TWICE = re.compile(r"([aăâeêioôơuưy])\1")


def telex(word: str) -> tuple[str, str] | None:
    """``word`` read as Telex keys: the syllable they spell with its vowel marks, and the
    tone its key gives (a combining mark, "" for none): ("điên", "\\u0323") for "ddieenj".
    None when ``word`` holds no Telex key or spells no Vietnamese syllable ("fdi",
    "shopee"). A tone key is any of s, f, r, x, j after the first vowel, where Vietnamese
    writes none of them."""
    w = word.lower()
    if not (w.isascii() and w.isalpha()) or len(w) < 2 or "ww" in w:
        return None
    first = next((i for i, c in enumerate(w) if c in "aeiouyw"), None)
    if first is None:
        return None
    tone = ""
    out: list[str] = []
    for i, c in enumerate(w):
        if i > first and c in TELEX_TONES:
            if tone:
                return None
            tone = TELEX_TONES[c]
        elif c == "w":
            if not _telex_hook(out):
                return None
        elif out and c == out[-1] and c in _TELEX_DOUBLED and (c != "d" or len(out) == 1):
            out[-1] = _TELEX_DOUBLED[c]
        else:
            out.append(c)
    marked = "".join(out).replace("ưo", "ươ")     # "nuwocs": input methods hook both
    if marked == w or not is_vietnamese_syllable(marked) or _TELEX_SAME_TWICE.search(marked):
        return None
    return marked, tone


# --- VNI typed with the input method off ---------------------------------------------
# "die6n gio1" is "điện gió" typed the other common way, VNI: a digit after the letters for
# each mark (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng; 6 a circumflex, 7 a horn, 8 a breve, 9 đ).
VNI_TONES = {"1": "s", "2": "f", "3": "r", "4": "x", "5": "j"}
_VNI_WORD = re.compile(r"[^\W\d_]+[1-9][^\W_]*")


def vni_as_telex(word: str) -> str | None:
    """``word`` typed with VNI's digits for its marks, as the Telex keys for the same marks
    (which :func:`telex` reads): "die6n" is "dieen", "thu7o7ng" "thuwowng", "d9ie65n"
    "ddieejn". None where it holds no such digit, a 0 (VNI's key to take marks away) or a
    digit with nothing to mark, or where the keys spell no syllable ("h5n1", "covid19").
    Some codes are also syllables so typed ("E5" of petrol is "ẹ"): the caller asks the
    articles first."""
    if not (word.isascii() and _VNI_WORD.fullmatch(word)) or "0" in word:
        return None
    out: list[str] = []
    for ch in word:
        if ch.isalpha():
            out.append(ch)
            continue
        low = "".join(out).lower()
        if ch in VNI_TONES:
            out.append(VNI_TONES[ch])
            continue
        # (a mark goes on the last of its vowels typed before it; Telex wants its key
        # right after that vowel: "dien6" is "dieen")
        if ch == "6":
            k = max(low.rfind("a"), low.rfind("e"), low.rfind("o"))
            key = out[k] if k >= 0 else ""
        elif ch in "78":
            k = max(low.rfind("o"), low.rfind("u")) if ch == "7" else low.rfind("a")
            key = "w"
        else:                       # 9: đ, of a d that starts the word
            k = 0 if low.startswith("d") else -1
            key = out[0] if k == 0 else ""
        if k < 0:
            return None
        out.insert(k + 1, key)
    keys = "".join(out)
    return keys if telex(keys) is not None else None


def _telex_hook(out: list[str]) -> bool:
    """Apply a w typed after ``out`` (in place); False where it has nothing to hook."""
    prev = out[-1] if out else ""
    if prev in _TELEX_HOOKED:
        out[-1] = _TELEX_HOOKED[prev]
        if prev == "o" and len(out) > 1 and out[-2] == "u":
            out[-2] = "ư"                  # "uow": ươ
        return True
    if prev in ("ư", "ơ"):
        return True                        # "uwow": a w after each
    vowels = [k for k, ch in enumerate(out) if ch in "aeiouyâêô"]
    if not vowels:
        out.append("ư")                    # "tw", "nhw": tư, như
        return True
    at = vowels[0]
    cluster = "".join(out[at:vowels[-1] + 1])
    if "uo" in cluster:                    # after the final consonant: "thuongw"
        k = at + cluster.index("uo")
        out[k], out[k + 1] = "ư", "ơ"
        return True
    for plain in ("a", "o", "u"):
        if plain in cluster:
            out[at + cluster.index(plain)] = _TELEX_HOOKED[plain]
            return True
    return False


#: Letters of a word typed in capitals, in a query all in capitals, that make it an
#: abbreviation rather than a word typed with the caps lock on (:func:`typed_as_acronym`).
ACRONYM_LETTERS = 4


def in_caps_lock(words: Sequence[str], least: int = 1) -> bool:
    """Whether every word of letters among ``words`` (``least`` of them at least) is typed in
    capitals: the caps lock's, where no capitals tell a name or an abbreviation."""
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    return len(letters) >= least and all(w.isupper() for w in letters)


def typed_as_acronym(word: str, caps_lock: bool) -> bool:
    """Whether ``word``, typed in capitals without diacritics, is an abbreviation the reader
    means as typed ("IUU", no slip for "lưu"): among words typed in lower case, or short as
    abbreviations are (``ACRONYM_LETTERS``); a longer one in a query all in capitals
    (``caps_lock``) is the caps lock's, a word that may hold a slip ("VIETTTEL", "THUONGG").
    (A key struck twice is still a slip: :func:`search.restore.kept_as_typed_abbreviation`.)"""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all("A" <= ch <= "Z" for ch in letters) \
        and (not caps_lock or len(letters) <= ACRONYM_LETTERS)
