"""Where the index lives: opening, creating and checking the index directory.

Kept apart from the indexer so that searching imports none of the indexing code.
Nothing here deletes an index: a rebuild writes its segments aside and switches to
them in one commit (:mod:`search.commit`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
from pathlib import Path
from typing import IO, Callable

from whoosh import index as whoosh_index
from whoosh.index import Index

from .schema import SCHEMA_VERSION, make_schema

INDEX_ENV = "CTSEARCH_INDEX"
_META_FILE = "ctsearch.json"


class IndexError_(RuntimeError):
    """The index cannot be opened or written; the message is for the user."""


def index_dir_option(index_dir: str | os.PathLike) -> str:
    """``--index-dir`` and the folder, quoted for the shell: a command advised must work as
    pasted, whatever the folder's name ("Chỉ mục 2025", "it's")."""
    return f"--index-dir {shlex.quote(str(index_dir))}"


def rebuild_command(index_dir: str | os.PathLike | None = None, backend: str = "") -> str:
    """The command that rebuilds an index: from every source it holds, since a rebuild
    keeps only what it is given (``backend``: " --backend opensearch")."""
    return f"ctsearch index ĐƯỜNG_DẪN…{backend} --rebuild" + (f" {index_dir_option(index_dir)}" if index_dir else "")


def outdated_rules_note(index_dir: str | os.PathLike) -> str:
    """What to say of an index holding facets that older extraction rules gave, and the
    command that applies today's (``ctsearch index``, ``stats`` and ``serve`` say it)."""
    return (f"lưu ý: chỉ mục {index_dir} có bài được trích xuất tỉnh/chủ đề/năm bằng quy tắc cũ; "
            f"để áp dụng quy tắc hiện tại cho mọi bài, hãy chạy lại với mọi tệp và thư mục của chỉ mục "
            f"(bài không có trong đó sẽ bị bỏ): {rebuild_command(index_dir)}")


class NoIndexYet(IndexError_):
    """There is no index there yet (nothing to search, nothing a rebuild could lose)."""


def default_index_dir() -> Path:
    """``$CTSEARCH_INDEX`` or ``./index``."""
    return Path(os.environ.get(INDEX_ENV) or "index")


#: Whoosh's name for the index (files MAIN_*, _MAIN_<generation>.toc) and its write lock.
INDEXNAME = "MAIN"
WRITE_LOCK = INDEXNAME + "_WRITELOCK"


def being_written(index_dir: str | os.PathLike) -> bool:
    """Whether a process holds the index's write lock now (an indexing run under way)."""
    if not os.path.isfile(os.path.join(index_dir, WRITE_LOCK)):
        return False        # (never written: no lock to try, and none left behind by trying)
    from whoosh.filedb.filestore import FileStorage
    lock = FileStorage(os.fspath(index_dir)).lock(WRITE_LOCK)
    try:
        if lock.acquire(False):
            lock.release()
            return False
    except OSError:
        return False        # a folder that cannot be written: no run writes it either
    return True


def index_exists(index_dir: str | os.PathLike) -> bool:
    return Path(index_dir).is_dir() and whoosh_index.exists_in(str(index_dir))


def _check_version(index_dir: Path) -> None:
    meta = index_dir / _META_FILE
    try:
        version = json.loads(meta.read_text("utf-8")).get("schema_version")
    except FileNotFoundError:
        version = None
    except OSError as exc:      # (no permission, a disk error: the index may be whole)
        from .vnformat import os_error_text
        raise IndexError_(f"không đọc được tệp {meta}: {os_error_text(exc)}") from None
    except (ValueError, AttributeError):
        # (cut short by a crash or a full disk: which version made the index is unknown)
        raise IndexError_(f"tệp {meta} bị hỏng hay rỗng nên không biết chỉ mục được tạo bởi phiên bản nào; "
                          f"hãy chạy lại với mọi tệp và thư mục của nó: {rebuild_command(index_dir)}") from None
    if version != SCHEMA_VERSION:
        raise IndexError_(
            f"chỉ mục ở {index_dir} được tạo bởi phiên bản khác; "
            f"hãy chạy lại với mọi tệp và thư mục của nó: {rebuild_command(index_dir)}")


def check_version(index_dir: str | os.PathLike) -> None:
    """Raise :class:`IndexError_` with advice when the index was made by another version."""
    _check_version(Path(index_dir))


def file_in_the_way(index_dir: str | os.PathLike) -> str | None:
    """What to say where a file stands as the index folder or a folder it would be made in
    (no index can be read or written there, and no rebuild would mend it); None where none
    does."""
    path = Path(index_dir)
    blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocking is None:
        return None
    return (f"{blocking} là một tệp, không phải thư mục: {path} không thể là thư mục chỉ mục; "
            "hãy đưa thư mục khác (--index-dir)")


#: What "ĐƯỜNG_DẪN" stands for in the command advised where there is no index yet: without it the
#: command indexes the sample articles, which a site would then serve instead of its own.
ARTICLES_NAMED = "(ĐƯỜNG_DẪN: tệp hoặc thư mục các bài; không đưa thì chỉ có các bài mẫu)"


def open_index(index_dir: str | os.PathLike) -> Index:
    """Open an existing index for reading (raises :class:`IndexError_` with advice)."""
    path = Path(index_dir)
    blocked = file_in_the_way(path)
    if blocked:
        raise IndexError_(blocked)
    if not index_exists(path):
        if being_written(path):     # (a rebuild into a new folder, until it switches at its end)
            raise IndexError_(f"chỉ mục ở {path} đang được dựng (một lần chạy ctsearch index đang ghi vào đó) và chưa "
                              "lưu bài nào: hãy thử lại khi lần chạy ấy xong")
        raise IndexError_(f"chưa có chỉ mục ở {path}; hãy chạy: ctsearch index ĐƯỜNG_DẪN {index_dir_option(path)} {ARTICLES_NAMED}")
    _check_version(path)
    return whoosh_index.open_dir(str(path))


def write_meta(index_dir: str | os.PathLike) -> None:
    """Record the schema version the index's segments are written with (atomically)."""
    meta = json.dumps({"schema_version": SCHEMA_VERSION}).encode()
    _replace_durably(Path(index_dir) / _META_FILE, lambda fh: fh.write(meta))


def _replace_durably(path: Path, write: Callable[[IO[bytes]], object], tmp: Path | None = None) -> None:
    """Write ``path`` whole or not at all: a temporary file (``tmp``), flushed to the disk
    before it takes the name (a crash or a power cut right after a rename could leave the
    name on an empty file, which a search then cannot read)."""
    tmp = tmp or path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # (a full disk: no half-written temporary left to fill it further)
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def create_index(index_dir: str | os.PathLike) -> Index:
    """A new, empty index in ``index_dir``. Call it only while holding the write lock."""
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), make_schema())
    write_meta(path)
    return ix


def rules_versions(index_dir: str | os.PathLike) -> list[str]:
    """The extraction-rules versions whose output the index holds (oldest first).

    Province, topics and year are extracted once, at indexing time; an index that
    holds articles extracted by other rules than today's needs ``--rebuild`` to
    apply them (re-extraction would need every segment rewritten).
    """
    try:
        meta = json.loads((Path(index_dir) / _META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    versions = meta.get("rules_versions")
    return [str(v) for v in versions] if isinstance(versions, list) else []


def record_rules_version(index_dir: str | os.PathLike, version: str, *, alone: bool = False) -> list[str]:
    """Note that articles extracted by rules ``version`` are being added (``alone``: that
    every article the index holds was, a run having replaced them all); returns the
    versions recorded before."""
    path = Path(index_dir) / _META_FILE
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        meta = {"schema_version": SCHEMA_VERSION}
    before = rules_versions(index_dir)
    after = [version] if alone else [*before, version] if version not in before else before
    if after != before:
        meta["rules_versions"] = after
        _replace_durably(path, lambda fh: fh.write(json.dumps(meta).encode()))
    return before


def segments_key(reader) -> str:
    """A short fingerprint of the exact segments (and deletions) a reader sees.

    Side files carry it in their names, so a side file is only ever read with the very
    segments it was computed from, whatever happened to generation numbers.
    """
    h = hashlib.blake2b(digest_size=6)
    leaves = [r for r, _offset in reader.leaf_readers()] if reader.doc_count_all() else []
    for leaf in leaves:
        seg = leaf.segment()
        h.update(f"{seg.segment_id()}:{seg.doc_count_all()}:{seg.deleted_count()};".encode())
    return h.hexdigest()


def side_file(folder: str | os.PathLike, pattern: str, generation: int, reader) -> Path:
    """The side file of ``pattern`` for one generation and the exact segments of ``reader``.

    ``pattern`` has a ``{generation}`` field ("facets-{generation}.npz").
    """
    return Path(folder) / pattern.format(generation=f"{generation}-{segments_key(reader)}")


def keep_side_file(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Atomically write a side file a searcher computed for its exact segments, leaving
    every other file alone (the indexer tidies up); a read-only folder is no error."""
    try:
        _replace_durably(path, write, path.with_name(f"{path.name}.{os.getpid()}.tmp"))
    except OSError:
        pass


def write_generation_file(index_dir: str | os.PathLike, pattern: str, generation: int,
                          write: Callable[[IO[bytes]], None], reader, tidy: bool = True) -> None:
    """Atomically write the side file of ``reader``'s segments (:func:`side_file`) and
    drop every other one of the same kind (``tidy``: the indexer); a searcher writing one
    it counted leaves every other alone (:func:`keep_side_file`: an indexer may have saved
    a newer one). Side files hold what searchers would otherwise rebuild at every start."""
    folder = Path(index_dir)
    target = side_file(folder, pattern, generation, reader)
    if not tidy:
        keep_side_file(target, write)
        return
    _replace_durably(target, write)
    for old in folder.glob(pattern.format(generation="*")):
        if old != target:
            old.unlink(missing_ok=True)
