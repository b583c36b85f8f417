"""Reading articles from disk: .txt files, .jsonl files and directories of them.

Bad input never raises: every problem becomes a :class:`Problem` naming the file and
line, and reading goes on with the next record.
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator


SUFFIXES = (".txt", ".jsonl")
#: A single file larger than this is not read whole (a .txt article never is).
MAX_TXT_BYTES = 8 * 1024 * 1024

_OPTIONAL_KEYS = ("date", "source", "url", "province", "topics")


@dataclass
class RawArticle:
    """One article as read from disk, before cleaning."""

    id: str
    origin: str                 # "path" or "path:line", for messages
    text: str
    title: str | None = None    # given by a jsonl record; None for .txt files
    meta: dict = field(default_factory=dict)  # jsonl date/source/url/province/topics


@dataclass
class Problem:
    """Something that could not be read; ``origin`` is "path" or "path:line"."""

    origin: str
    message: str
    fatal: bool = True   # False for notes (e.g. "read as Windows-1258")

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


# --- decoding ---------------------------------------------------------------------
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def _legacy_score(text: str) -> int:
    """How Vietnamese a legacy decoding looks: letters and tone marks in place."""
    score = 0
    prev = ""
    for ch in text:
        if ch in _VI_LETTERS:
            score += 2
        elif ch in _TONE_MARKS:
            score += 2 if prev in _VOWELS else -5
        prev = ch
    return score


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode file contents: ``(text, encoding)``, or ``(None, reason)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are exact. Otherwise legacy
    Windows-1258 (Vietnamese, tone marks as combining characters) and Windows-1252
    are tried, and the one that reads as Vietnamese wins.
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
            return None, "có BOM UTF-16 nhưng nội dung hỏng"
    if _looks_binary(data):
        return None, "tệp nhị phân, không phải văn bản"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("cp1258", "cp1252"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_legacy_score(text), enc, text))
    if not candidates:
        return None, "không nhận ra bảng mã (không phải UTF-8, UTF-16, Windows-1258 hay Windows-1252)"
    # On a tie (text without Vietnamese letters) the Western code page is the likelier one.
    candidates.sort(key=lambda c: (c[0], c[1] == "cp1252"), reverse=True)
    _score, enc, text = candidates[0]
    return text, enc


_ENCODING_NAMES = {"cp1258": "Windows-1258", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


# --- walking ------------------------------------------------------------------------
def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Problem]:
    """Expand paths into article files, in a stable order."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                f for f in path.rglob("*")
                if f.is_file() and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                yield Problem(str(path), "thư mục không có tệp .txt hay .jsonl nào")
            yield from found
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                yield Problem(str(path), "chỉ đọc tệp .txt (một bài) hoặc .jsonl (mỗi dòng một bài)")
            else:
                yield path
        else:
            yield Problem(str(path), "không tìm thấy tệp hay thư mục này")


def read_txt(path: Path) -> Iterator[RawArticle | Problem]:
    """One article per file; the id is the file name without extension."""
    try:
        size = path.stat().st_size
        if size > MAX_TXT_BYTES:
            yield Problem(str(path), f"tệp quá lớn cho một bài ({size:,} byte)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), f"không đọc được: {exc.strerror or exc}")
        return
    if not data.strip():
        yield Problem(str(path), "tệp rỗng")
        return
    text, enc = decode_bytes(data)
    if text is None:
        yield Problem(str(path), enc or "không đọc được")
        return
    if enc in _ENCODING_NAMES:
        yield Problem(str(path), f"đã đọc theo bảng mã {_ENCODING_NAMES[enc]}", fatal=False)
    yield RawArticle(id=path.stem, origin=str(path), text=text)


def _record(obj, origin: str) -> RawArticle | Problem:
    if not isinstance(obj, dict):
        return Problem(origin, "mỗi dòng phải là một đối tượng JSON {...}")
    rid = obj.get("id")
    if isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)
    if not isinstance(rid, str) or not rid.strip():
        return Problem(origin, "thiếu trường 'id' (chuỗi không rỗng)")
    text = obj.get("text")
    if not isinstance(text, str):
        return Problem(origin, f"bài {rid!r}: thiếu trường 'text' (chuỗi)")
    title = obj.get("title")
    if title is None:
        title = ""
    if not isinstance(title, str):
        return Problem(origin, f"bài {rid!r}: trường 'title' phải là chuỗi")
    meta = {k: obj[k] for k in _OPTIONAL_KEYS if obj.get(k) is not None}
    return RawArticle(id=rid.strip(), origin=origin, text=text, title=title, meta=meta)


def read_jsonl(path: Path) -> Iterator[RawArticle | Problem]:
    """One article per line; a bad line is reported and skipped."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Problem(str(path), f"không đọc được: {exc.strerror or exc}")
        return
    with fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text, enc = decode_bytes(fh.read())
            lines: Iterable[bytes | str] = (text or "").splitlines()
        else:
            lines = fh
        seen_content = False
        for lineno, line in enumerate(lines, 1):
            origin = f"{path}:{lineno}"
            if isinstance(line, bytes):
                if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                    line = line[3:]
                if not line.strip():
                    continue
                if b"\x00" in line:
                    yield Problem(origin, "dữ liệu nhị phân, không phải JSON")
                    continue
                try:
                    line = line.decode("utf-8")
                except UnicodeDecodeError:
                    decoded, enc = decode_bytes(line)
                    if decoded is None:
                        yield Problem(origin, f"không phải UTF-8: {enc}")
                        continue
                    yield Problem(origin, f"không phải UTF-8, đã đọc theo {_ENCODING_NAMES.get(enc, enc)}",
                                  fatal=False)
                    line = decoded
            if not line.strip():
                continue
            seen_content = True
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Problem(origin, f"JSON hỏng: {exc.msg} (cột {exc.colno})")
                continue
            yield _record(obj, origin)
        if not seen_content:
            yield Problem(str(path), "tệp rỗng")


def read_inputs(paths: Iterable[str | os.PathLike]) -> Iterator[RawArticle | Problem]:
    """Every article (or problem) under ``paths``."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
        elif item.suffix.lower() == ".jsonl":
            yield from read_jsonl(item)
        else:
            yield from read_txt(item)


def estimate_count(paths: Iterable[str | os.PathLike]) -> int:
    """Roughly how many articles ``paths`` hold (for a progress bar's time left)."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, Problem):
            continue
        if item.suffix.lower() == ".jsonl":
            try:
                with open(item, "rb") as fh:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            except OSError:
                pass
        else:
            total += 1
    return total
