"""Statistics fetched from an OpenSearch cluster, kept on the local disk.

A process that searches an OpenSearch index needs the index's vocabulary (for queries
typed without diacritics) and its mined abbreviations. Both live in the cluster's meta
index as compressed pickles of several megabytes: fetching, decompressing and
unpickling them cost most of a fresh ``ctsearch query``'s start. They change only when
an indexing run saves new statistics, and the meta index stores a hash of each
(``hash``), so a copy on disk is kept per (alias, versioned index, kind, hash) under
``$XDG_CACHE_HOME/ctsearch/opensearch/``: a process asks the cluster for the hash
only (a few bytes) and reads the copy whose name carries it. A new index name or a
new hash is a different file: a stale copy is never read.

Copies are written to a temporary file and renamed, so concurrent processes never
read half a file; a damaged or unreadable copy is fetched again. They are read with an
unpickler that only builds the vocabulary's own classes and builtins, so a file
planted in the cache cannot run code.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import tempfile
from pathlib import Path

from .segment import cache_dir

#: Bump when what is cached changes shape (then older copies are simply not read).
CACHE_FORMAT = 1

#: Globals a cached vocabulary or abbreviation table may contain.
_ALLOWED = {
    ("ctsearch.vocab", "Vocabulary"), ("ctsearch.vocab", "_Column"), ("ctsearch.vocab", "_SortedTable"),
    ("ctsearch.vocab", "_FormsTable"), ("array", "array"), ("array", "_array_reconstructor"),
}


def cache_root() -> Path:
    return Path(cache_dir()) / "opensearch"


def _safe(name: str) -> str:
    """A file-name part for ``name`` (an alias or index name, or a hash), without dots.
    Two names may give the same part: harmless, since the hash names the content."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:120] or "_"


def cache_path(alias: str, index: str, kind: str, digest: str) -> Path:
    return cache_root() / _safe(alias) / f"{_safe(index)}.{_safe(kind)}.{_safe(digest)}.v{CACHE_FORMAT}.pickle"


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cached statistic")
        return super().find_class(module, name)


def read(path: Path):
    """The object cached at ``path``, or None when missing, damaged or not allowed."""
    try:
        with open(path, "rb") as fh:
            return _Unpickler(io.BytesIO(fh.read())).load()
    except FileNotFoundError:
        return None
    except Exception:   # damaged, truncated by a full disk, or planted: fetch again
        return None


def write(path: Path, value) -> bool:
    """Cache ``value`` at ``path`` (atomically); drop the copies of other hashes of the
    same index and kind. False when the cache cannot be written (then nothing is
    cached: searches stay correct, only slower to start)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    index_kind = path.name.split(".")[:2]
    for other in path.parent.glob("*.pickle"):
        if other != path and other.name.split(".")[:2] == index_kind:
            other.unlink(missing_ok=True)
    return True


def forget(alias: str, index: str) -> None:
    """Drop every cached copy of ``index`` (deleted from the cluster)."""
    folder = cache_root() / _safe(alias)
    for other in folder.glob(f"{_safe(index)}.*.pickle"):
        other.unlink(missing_ok=True)
