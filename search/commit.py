"""Committing built segments to the index: the one place that changes its segment list.

Workers write finished segments into a staging folder (:mod:`search.builder`); this
module, in the indexing process, holds Whoosh's write lock, moves each segment's files
into the index, marks the documents it replaces as deleted, and writes a new table of
contents (one Whoosh generation) per segment. A run that is interrupted keeps every
segment committed so far. Large segments are never rewritten: only small ones (from
short incremental runs) are merged, by rebuilding them from their stored fields.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from whoosh.index import TOC, clean_files
from whoosh.reading import SegmentReader, TermNotFound

from .article import Article
from .builder import BuiltSegment, SegmentBuilder
from .store import IndexError_
from .whoosh_internals import read_toc

#: Segments with fewer live documents than this are merged at the end of a run;
#: larger ones are never rewritten, so adding articles later costs what they cost.
SMALL_SEGMENT = 2000

STAGING = ".staging"


class Committer:
    """Holds the write lock for one indexing run; see the module docstring."""

    def __init__(self, ix, index_dir: str | os.PathLike) -> None:
        self.ix = ix
        self.index_dir = Path(index_dir)
        self.storage = ix.storage
        self.schema = ix.schema
        self.indexname = ix.indexname
        self._lock = ix.lock("WRITELOCK")
        if not self._lock.acquire(False):
            raise IndexError_(f"chỉ mục ở {self.index_dir} đang được một tiến trình khác ghi; "
                              "hãy chờ tiến trình đó xong rồi chạy lại")
        self.staging = self.index_dir / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)   # left by a run that crashed
        self.staging.mkdir()
        toc = read_toc(ix)
        self.generation = toc.generation
        self.segments = list(toc.segments)
        # Where each id added in this run lives, to delete it if it comes again.
        self._added: dict[str, tuple[object, int]] = {}
        self._before = len(self.segments)
        self._readers: list | None = None
        with ix.reader() as reader:
            self._existing = {t.decode("utf-8") for t in reader.lexicon("id")} if reader.doc_count_all() else set()

    def new_staging_folder(self) -> str:
        """A fresh folder for one worker's segment."""
        folder = self.staging / uuid.uuid4().hex[:12]
        folder.mkdir()
        return str(folder)

    # -- adding ----------------------------------------------------------------------
    def add(self, built: BuiltSegment) -> tuple[int, int]:
        """Commit one built segment; returns (added, updated) article counts."""
        added = updated = 0
        replaced = set(built.replaced)
        seen_here: set[str] = set()
        for docnum, doc_id in enumerate(built.ids):
            if doc_id in self._added or doc_id in self._existing or doc_id in seen_here:
                updated += 1
            else:
                added += 1
            seen_here.add(doc_id)
            if docnum in replaced:
                continue
            earlier = self._added.get(doc_id)
            if earlier is not None:
                segment, local = earlier
                segment.delete_document(local)
            elif doc_id in self._existing:
                self._delete_existing(doc_id)
            self._added[doc_id] = (built.segment, docnum)
        self._move_in(built)
        self.segments.append(built.segment)
        self._write_toc()
        return added, updated

    def _delete_existing(self, doc_id: str) -> None:
        """Delete every copy of ``doc_id`` in the segments that were there before the run."""
        tbytes = doc_id.encode("utf-8")
        if self._readers is None:
            self._readers = [(s, SegmentReader(self.storage, self.schema, s)) for s in self.segments[:self._before]]
        for segment, reader in self._readers:
            try:
                for docnum in reader.postings("id", tbytes).all_ids():
                    segment.delete_document(docnum)
            except TermNotFound:
                pass

    def _move_in(self, built: BuiltSegment) -> None:
        for name in built.files:
            os.replace(os.path.join(built.folder, name), self.index_dir / name)
        shutil.rmtree(built.folder, ignore_errors=True)

    def _write_toc(self) -> None:
        # A segment whose every article was replaced is dropped (its files go with it).
        self.segments = [s for s in self.segments if s.deleted_count() < s.doc_count_all()]
        self.generation += 1
        TOC(self.schema, self.segments, self.generation).write(self.storage, self.indexname)
        clean_files(self.storage, self.indexname, self.generation, self.segments)

    # -- finishing ---------------------------------------------------------------------
    def merge_small_segments(self) -> None:
        """Rebuild the small segments that were there before this run as one, if there
        are several (or deletions in one); so short incremental runs never pile up
        more than a few small segments, and large ones are never rewritten."""
        small = [s for s in self.segments[:self._before] if s.doc_count() < SMALL_SEGMENT]
        if len(small) < 2 and not any(s.deleted_count() for s in small):
            return
        builder = SegmentBuilder(self.schema, self.new_staging_folder(), self.indexname)
        for segment in small:
            for article in stored_articles(self.storage, self.schema, segment):
                builder.add(article)
        built = builder.finish()
        self.segments = [s for s in self.segments if s not in small]
        if built is not None:
            self._move_in(built)
            self.segments.append(built.segment)
        self._write_toc()

    def close(self) -> None:
        """Release the lock and drop anything staged but not committed."""
        for _segment, reader in self._readers or ():
            reader.close()
        self._readers = None
        shutil.rmtree(self.staging, ignore_errors=True)
        self._lock.release()


def stored_articles(storage, schema, segment):
    """The live articles of a segment, rebuilt from their stored fields and columns."""
    reader = SegmentReader(storage, schema, segment)
    try:
        years = reader.column_reader("c_year") if reader.has_column("c_year") else None
        for docnum in range(reader.doc_count_all()):
            if reader.is_deleted(docnum):
                continue
            f = reader.stored_fields(docnum)
            yield Article(
                id=f["id"], title=f.get("title") or "", body=f.get("body") or "",
                date=f.get("date"), year=(years[docnum] or None) if years is not None else None,
                province=f.get("province"),
                provinces=[p for p in (f.get("provinces") or "").split(",") if p],
                topics=[t for t in (f.get("topics") or "").split(",") if t],
                source=f.get("source"), url=f.get("url"))
    finally:
        reader.close()
