"""Numbers and dates as Vietnamese readers write them, for every surface that shows one:
the terminal and the web page must print the same count, duration or day the same way
("8.343 kết quả", "0,02 giây", "14/01/2022")."""

from __future__ import annotations

import re


def format_list(names) -> str:
    """Names as a sentence lists them: "A", "A và B", "A, B và C"."""
    return ", ".join(names[:-1]) + f" và {names[-1]}" if len(names) > 1 else names[0]


def format_count(n: int) -> str:
    """Thousands separated by dots (12.345)."""
    return f"{n:,}".replace(",", ".")


def format_rate(per_second: float) -> str:
    """A rate, as precise as its size needs: ``328`` (dots past a thousand), ``7,4``,
    ``0,078`` (one article in 12.8 seconds is not "0")."""
    rate = max(per_second, 0.0)
    if rate == 0 or round(rate, 1) >= 10:
        return format_count(round(rate))
    if round(rate, 2) >= 1:
        return f"{rate:.1f}".replace(".", ",")
    if rate < 0.001:
        return "dưới 0,001"
    return f"{rate:.2g}".replace(".", ",")


def format_seconds(ms: float) -> str:
    """A duration as people read it, with the decimal comma: ``0,02 giây``."""
    seconds = max(ms, 0.0) / 1000
    if seconds < 0.01:
        return "dưới 0,01 giây"
    text = f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}"
    return text.replace(".", ",") + " giây"


def format_date(date: str | None, year: int | None = None) -> str:
    """``2022-01-14`` -> ``14/01/2022`` (the Vietnamese order), ``2025-07`` -> ``07/2025``;
    a year alone stays a year."""
    if date:
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
        if m:
            return f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
        m = re.fullmatch(r"(\d{4})-(\d{2})", date)
        if m:
            return f"{m.group(2)}/{m.group(1)}"
        return date
    return str(year) if year else ""


__all__ = ["format_count", "format_date", "format_seconds"]


#: What the system's errors say, in the words of the rest of the messages.
_OS_ERRORS = {"EACCES": "không có quyền", "EPERM": "không được phép", "ENOENT": "không có tệp hoặc thư mục này",
              "ENOSPC": "hết chỗ trên đĩa", "EDQUOT": "hết hạn mức đĩa", "EIO": "lỗi đọc/ghi đĩa",
              "EISDIR": "là một thư mục", "ENOTDIR": "không phải thư mục", "EROFS": "đĩa chỉ cho đọc",
              "EMFILE": "mở quá nhiều tệp", "ENAMETOOLONG": "tên quá dài", "ELOOP": "vòng liên kết",
              "EADDRINUSE": "cổng đã có chương trình khác dùng", "EADDRNOTAVAIL": "máy này không có địa chỉ đó",
              "ECONNREFUSED": "bị từ chối kết nối"}


def os_error_text(exc: OSError) -> str:
    """An operating-system error as a reader of Vietnamese messages reads it ("hết chỗ
    trên đĩa (errno 28)"), the system's own words only for a rare one."""
    import errno as _errno
    import socket as _socket
    if isinstance(exc, _socket.gaierror):    # (a name's lookup: its own numbers, not errno's)
        if exc.errno == _socket.EAI_AGAIN:
            return "tạm thời không tra được tên máy (thử lại sau)"
        return "không tìm thấy máy có tên này"
    name = _errno.errorcode.get(exc.errno or 0)
    said = _OS_ERRORS.get(name or "") or exc.strerror or str(exc)
    return f"{said} (errno {exc.errno})" if exc.errno else said


def count_phrase(full: int, near: int) -> str:
    """How many results, in words: "5 kết quả có đủ mọi từ, 102 gần đúng"
    (:attr:`search.query.SearchResult.counts`)."""
    if not near:
        return f"{format_count(full)} kết quả"
    if not full:
        return f"{format_count(near)} kết quả gần đúng"
    return f"{format_count(full)} kết quả có đủ mọi từ, {format_count(near)} gần đúng"
