"""Committing built segments to the index: the one place that changes its segment list.

Workers write finished segments into a staging folder (:mod:`search.builder`); this
module, in the indexing process, holds Whoosh's write lock, moves each segment's files
into the index, marks the documents it replaces as deleted, and writes a new table of
contents (one Whoosh generation) per segment. A run that is interrupted keeps every
segment committed so far. Large segments are never rewritten: only small ones (from
short incremental runs) are merged, by rebuilding them from their stored fields.

A rebuild never deletes anything first: it takes the same write lock (so it is refused
while another run writes), keeps its segments in the staging folder, and switches to
them in one last commit, whose table of contents lists only the new segments. Until
then searchers see the old index whole; a rebuild that fails or is interrupted leaves
it as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Iterable

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.reading import SegmentReader, TermNotFound

from .article import Article
from .builder import BuiltSegment, SegmentBuilder
from .schema import make_schema
from .store import (INDEXNAME, WRITE_LOCK, IndexError_, check_version, create_index, index_exists,
                    rebuild_command, write_meta)
from .whoosh_internals import latest_generation, read_toc

#: Segments with fewer live documents than this may be merged at the end of a run;
#: larger ones are never rewritten, so adding articles later costs what they cost.
SMALL_SEGMENT = 2000
#: Small segments of one size (as many digits to their number of articles: 1–9, 10–99,
#: 100–999…) are merged into one once this many have piled up, as search engines merge
#: (a tiered policy): an article added at a time to an archive of 1,900 rewrote all 1,900
#: at every run (12 s), and a run now rewrites at most a few times what it adds.
MERGE_FANIN = 8

STAGING = ".staging"


class Committer:
    """Holds the write lock for one indexing run; see the module docstring."""

    def __init__(self, index_dir: str | os.PathLike, *, rebuild: bool = False) -> None:
        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.storage = FileStorage(str(self.index_dir))
        self.indexname = INDEXNAME
        self.rebuild = rebuild
        self._lock = self.storage.lock(WRITE_LOCK)
        if not self._lock.acquire(False):
            raise IndexError_(f"chỉ mục ở {self.index_dir} đang được một tiến trình khác ghi; "
                              "hãy chờ tiến trình đó xong rồi chạy lại")
        try:
            self._start()
        except BaseException:
            self._lock.release()
            raise

    def _start(self) -> None:
        self.staging = self.index_dir / STAGING
        shutil.rmtree(self.staging, ignore_errors=True)   # left by a run that crashed
        self.staging.mkdir()
        # Where each id added in this run lives, to delete it if it comes again.
        self._added: dict[str, tuple[object, int]] = {}
        self._counted: set[str] = set()   # ids this run counted as added or updated: once each
        self._readers: list | None = None
        self._pending: list[BuiltSegment] = []    # a rebuild's segments, not yet switched to
        self.switched = False
        if self.rebuild:
            # The old index is not even read: it may be from another version, or damaged.
            self.schema = make_schema()
            self.generation = max(latest_generation(self.storage, self.indexname), 0)
            self.segments: list = []
            self._before = 0
            self._existing: set[str] = set()
            return
        if index_exists(self.index_dir):
            check_version(self.index_dir)
        else:
            create_index(self.index_dir).close()
        try:
            ix = self.storage.open_index(self.indexname)
            try:
                toc = read_toc(ix)
                with ix.reader() as reader:
                    self._existing = live_ids(reader)
            finally:
                ix.close()
        except Exception as exc:   # files missing or damaged: Whoosh raises whatever its parser meets
            raise IndexError_(f"chỉ mục ở {self.index_dir} bị hỏng ({type(exc).__name__}: {exc}); "
                              f"hãy dựng lại từ mọi tệp và thư mục của nó: {rebuild_command(self.index_dir)}") from exc
        self.schema = toc.schema
        self.generation = toc.generation
        self.segments = list(toc.segments)
        self._before = len(self.segments)

    @property
    def replaced_all(self) -> bool:
        """Whether this run (not a rebuild) has written again every article the index
        held before it: then none is left from older extraction rules."""
        return not self.rebuild and self._existing <= self._counted

    @property
    def lock_fd(self) -> int | None:
        """The write lock's descriptor, which forked workers must close (not inherit)."""
        return getattr(self._lock, "fd", None)

    def new_staging_folder(self) -> str:
        """A fresh folder for one worker's segment."""
        folder = self.staging / uuid.uuid4().hex[:12]
        folder.mkdir()
        return str(folder)

    # -- adding ----------------------------------------------------------------------
    def add(self, built: BuiltSegment, order: int = 0,
            origins: list[str] | None = None) -> tuple[int, int, list[tuple[str, str, str]]]:
        """Commit one built segment, the ``order``-th batch of the input (batches built
        side by side finish in any order: of two copies of an id, the one read later
        stays). Returns the (added, updated) article counts (each id once a run: added if
        the index did not hold it before the run) and, for each id this run
        has read in another batch, (id, where read later, where read earlier) when
        ``origins`` says where each document was read."""
        added = updated = 0
        twice: list[tuple[str, str, str]] = []
        replaced = set(built.replaced)
        for docnum, doc_id in enumerate(built.ids):
            # Articles, not records: an id read twice in this run is one article.
            if doc_id not in self._counted:
                self._counted.add(doc_id)
                if doc_id in self._existing:
                    updated += 1
                else:
                    added += 1
            if docnum in replaced:
                continue
            origin = origins[docnum] if origins and docnum < len(origins) else ""
            earlier = self._added.get(doc_id)
            if earlier is not None:
                segment, local, when, where = earlier
                if origin and where:
                    twice.append((doc_id, where, origin) if when > order else (doc_id, origin, where))
                if when > order:
                    built.segment.delete_document(docnum)   # read before the copy committed already
                    continue
                segment.delete_document(local)
            elif doc_id in self._existing:
                self._delete_existing(doc_id)
            self._added[doc_id] = (built.segment, docnum, order, origin)
        if self.rebuild:
            self._pending.append(built)       # stays in staging until the switch
            self.segments.append(built.segment)
        else:
            self._move_in(built)
            self.segments.append(built.segment)
            self._write_toc()
        return added, updated, twice

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Delete every copy of each of ``ids`` the index holds, in one commit; the ids
        found, in the order given (each once). The small segments this leaves half
        deleted are rewritten by :meth:`finish`, large ones keep the deleted copies
        marked (their words are counted out of the language statistics all the same)."""
        if self.rebuild:
            raise ValueError("a rebuild takes articles, it removes none")
        found = [doc_id for doc_id in dict.fromkeys(ids) if doc_id in self._existing]     # (live ids only)
        for doc_id in found:
            self._delete_existing(doc_id)
        self._existing.difference_update(found)
        if found:
            self._write_toc()
        return found

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
        try:
            TOC(self.schema, self.segments, self.generation).write(self.storage, self.indexname)
        except OSError:
            # (a full disk: Whoosh leaves its half-written table "_MAIN_3.toc.<time>" behind)
            temp = f"_{self.indexname}_{self.generation}.toc."
            for name in self.storage.list():
                if name.startswith(temp):
                    try:
                        self.storage.delete_file(name)
                    except OSError:
                        pass
            self.generation -= 1
            raise
        clean_files(self.storage, self.indexname, self.generation, self.segments)

    # -- finishing ---------------------------------------------------------------------
    def finish(self) -> None:
        """End of a run that was not interrupted: a rebuild switches to its new
        segments (if it has any; otherwise the old index stays), an update merges
        the small segments of earlier runs."""
        if self.rebuild:
            if self._pending:
                self.switch()
        else:
            self.merge_small_segments()

    @property
    def written_ids(self) -> frozenset[str]:
        """The ids this run has written (a rebuild's: every article it will hold)."""
        return frozenset(self._counted)

    def pending_articles(self) -> int:
        """The live articles of a rebuild's segments, not yet switched to."""
        return sum(b.segment.doc_count() for b in self._pending)

    def switch(self) -> None:
        """Make the rebuilt segments the whole index in one commit; the old segments'
        files go when the new table of contents is written."""
        for built in self._pending:
            self._move_in(built)
        self._pending = []
        write_meta(self.index_dir)
        self._write_toc()
        self.switched = True

    def merge_small_segments(self) -> None:
        """Rebuild as one the small segments of a size that were there before this run once
        ``MERGE_FANIN`` of that size have piled up, with those at least half deleted
        (updated or replaced since); so short incremental runs never pile up more than a
        few small segments of each size, and large ones are never rewritten."""
        small = [s for s in self.segments[:self._before] if s.doc_count() < SMALL_SEGMENT]
        tiers: dict[int, list] = {}
        for segment in small:
            tiers.setdefault(len(str(max(1, segment.doc_count()))), []).append(segment)
        chosen = [s for same in tiers.values() if len(same) >= MERGE_FANIN for s in same]
        chosen += [s for s in small if s not in chosen and s.deleted_count() * 2 >= s.doc_count_all()]
        small = [s for s in small if s in chosen]
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


def live_ids(reader) -> set[str]:
    """The ids of the articles an index reader holds (copies deleted aside)."""
    return {t.decode("utf-8") for t in reader.lexicon("id")} - _only_deleted(reader) if reader.doc_count_all() \
        else set()


def _only_deleted(reader) -> set[str]:
    """The ids the index's words still list whose every copy is deleted (removed, or
    replaced and then removed, in a segment not merged since): not articles it holds."""
    deleted: set[str] = set()
    for leaf, _offset in reader.leaf_readers():
        segment = leaf.segment()
        if segment.deleted_count():
            deleted.update(leaf.stored_fields(d)["id"] for d in segment.deleted_docs())
    live = set()
    for doc_id in deleted:
        try:
            if any(True for _ in reader.postings("id", doc_id.encode("utf-8")).all_ids()):
                live.add(doc_id)
        except TermNotFound:
            pass
    return deleted - live


def stored_articles(storage, schema, segment):
    """The live articles of a segment, rebuilt from their stored fields and columns."""
    reader = SegmentReader(storage, schema, segment)
    try:
        years = reader.column_reader("c_year") if reader.has_column("c_year") else None
        # (an index made before the story kind has no such field: Whoosh's has_column
        # raises for a field its schema lacks)
        leisure = reader.column_reader("c_leisure") \
            if "c_leisure" in reader.schema and reader.has_column("c_leisure") else None
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
                source=f.get("source"), url=f.get("url"),
                leisure=int(leisure[docnum]) if leisure is not None else 0)
    finally:
        reader.close()
