"""Every use of Whoosh's private internals, in one place.

The fast paths read and write Whoosh 2.7.4's files directly: posting blocks as arrays
(:mod:`search.scoring`), the field-length column in one read, the hash-table writer
and length-byte table the segment builder reuses (:mod:`search.builder`), the table of
contents the committer rewrites (:mod:`search.commit`). None of these names is public
API; a Whoosh release could rename any of them. They are all here, and
:func:`missing_internals` (run by ``tests/test_whoosh_internals.py``) names any that
disappeared, so an upgrade fails loudly in one test rather than deep in a search.
"""

from __future__ import annotations

import os
from typing import Iterator

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, STORED_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import FilterMatcher
from whoosh.util.numeric import _length_byte_cache

#: Whoosh's table of one-byte field lengths (``length_to_byte``), for the builder.
LENGTH_BYTES = _length_byte_cache

#: Private names this module (and the builder and committer) rely on, by owner.
PRIVATE_NAMES = [
    ("whoosh.codec.whoosh3", None, ["_lenfield", "LENGTHS_COLUMN", "STORED_COLUMN", "W3LeafMatcher"]),
    ("whoosh.util.numeric", None, ["_length_byte_cache"]),
    ("whoosh.codec.whoosh3", "W3LeafMatcher", ["_read_data", "_read_weights", "_next_block"]),
    ("whoosh.util.numlists", "GrowableArray", ["_retype"]),
    ("whoosh.index", "FileIndex", ["_read_toc"]),
    ("whoosh.index", "TOC", ["_latest_generation", "_filename"]),
]
#: Attributes set on instances (checked on a live matcher, column and reader).
MATCHER_ATTRIBUTES = ("_atend", "_data", "_maxid", "_weights")
COLUMN_ATTRIBUTES = ("_dbfile", "_basepos", "_count")


def unfiltered(matcher):
    """The matcher under Whoosh's deleted-documents filter (deletions are masked later)."""
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def is_block_matcher(matcher) -> bool:
    """A matcher of the W3 codec, whose posting blocks can be read as arrays."""
    return isinstance(matcher, W3LeafMatcher)


def block_postings(matcher) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(document ids, weights) of each posting block of a W3 leaf matcher."""
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        ids = np.cumsum(np.asarray(matcher._data[0], dtype=np.int64))
        matcher._read_weights()
        yield ids, np.asarray(matcher._weights, dtype=np.float32)
        matcher._next_block()


class Block:
    """One posting block of a W3 leaf matcher: its highest id, and on demand its ids
    and values (each posting's encoded positions)."""

    def __init__(self, matcher):
        self._m = matcher
        self.max_id = matcher._maxid

    def ids(self) -> np.ndarray:
        if self._m._data is None:
            self._m._read_data()
        return np.cumsum(np.asarray(self._m._data[0], dtype=np.int64))

    def values(self) -> list[bytes]:
        if self._m._data is None:
            self._m._read_data()
        return self._m._data[2]


def blocks(matcher) -> Iterator[Block]:
    """The posting blocks of a W3 leaf matcher, reading only those asked for."""
    while not matcher._atend:
        yield Block(matcher)
        matcher._next_block()


def length_column_bytes(reader, field: str) -> bytes | None:
    """One segment's one-byte field lengths, read in one go; None when the segment is
    not of the Whoosh 3 codec (the caller then asks document by document)."""
    try:
        col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        return col._dbfile.get(col._basepos, col._count) if col is not None else b""
    except AttributeError:
        return None


def hold_files(reader) -> None:
    """Open at once the files Whoosh opens on first use: each segment's stored fields and
    field lengths.

    A commit deletes the files of the segments it replaces (a rebuild, small segments
    merged) while a searcher opened before it may still be answering a request; a file
    already open outlives its name, but one opened later is simply gone (Whoosh then
    reads the stored fields as None and the lengths as empty). Held from the start, the
    searcher keeps reading the index it opened until the next refresh.
    """
    for leaf, _ in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        if perdoc is None:   # not a Whoosh 3 segment: nothing opened lazily that we know of
            continue
        perdoc._cached_reader("_stored", STORED_COLUMN)
        for name in leaf.schema.scorable_names():
            perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)


def widen_offsets(array, largest: int) -> None:
    """Let a hash writer's offset array hold ``largest`` (``GrowableArray._retype``)."""
    array._retype(largest)


def read_toc(ix):
    """An index's current table of contents (generation and segments)."""
    return ix._read_toc()


def latest_generation(storage, indexname: str) -> int:
    """The newest table of contents' generation in ``storage`` (-1 when there is none)."""
    from whoosh.index import TOC

    return TOC._latest_generation(storage, indexname)


def toc_stamp(ix, generation: int) -> tuple[int, int] | None:
    """Which file a generation's table of contents is (inode, modification time), or None
    when there is none: an index deleted and built again reaches the same generation
    number in another file (``TOC._filename``; ``ix.storage.folder``)."""
    from whoosh.index import TOC

    try:
        st = os.stat(os.path.join(ix.storage.folder, TOC._filename(ix.indexname, generation)))
    except (OSError, AttributeError):
        return None
    return st.st_ino, st.st_mtime_ns


def missing_internals(ix) -> list[str]:
    """The private names above that this Whoosh lacks, checked on index ``ix`` (which
    must hold at least one document with a body)."""
    import importlib

    missing = []
    for module_name, cls_name, names in PRIVATE_NAMES:
        owner = f"{module_name}.{cls_name}" if cls_name else module_name
        try:
            target = importlib.import_module(module_name)
            if cls_name:
                target = getattr(target, cls_name)
        except (ImportError, AttributeError):
            missing.append(owner)
            continue
        missing += [f"{owner}.{n}" for n in names if not hasattr(target, n)]
    with ix.searcher() as searcher:
        reader = searcher.reader()
        leaf = next(iter(reader.leaf_readers()))[0]
        if not hasattr(leaf, "_perdoc"):
            missing.append("SegmentReader._perdoc")
        else:
            col = getattr(leaf._perdoc, "_cached_reader", lambda *a: None)(_lenfield("body"), LENGTHS_COLUMN)
            if col is None:
                missing.append("W3PerDocReader._cached_reader")
            elif getattr(leaf._perdoc, "_readers", {}).get(_lenfield("body")) is not col:
                missing.append("W3PerDocReader._readers (the cache hold_files fills)")
            else:
                missing += [f"column.{a}" for a in COLUMN_ATTRIBUTES if not hasattr(col, a)]
        term = next(iter(leaf.lexicon("body_syl")))
        matcher = unfiltered(leaf.postings("body_syl", term))
        if not is_block_matcher(matcher):
            missing.append("W3LeafMatcher (postings of another class)")
        else:
            matcher._read_weights()
            missing += [f"W3LeafMatcher.{a}" for a in MATCHER_ATTRIBUTES if not hasattr(matcher, a)]
    return missing
