"""The index's language statistics as side files, one set per index generation.

The vocabulary (with syllable pairs) and the mined abbreviations are what reading a query
needs; summing them over every segment takes seconds on a large index, so the indexer saves
them when a run ends, and a searcher that finds them missing (a run still going, or one
stopped before its end) has them counted once in a process of their own
(:func:`count_aside`), away from the requests it answers.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from pathlib import Path

from .abbrev import Abbreviations, abbreviations_from, mine, save_abbreviations
from .langstats import ABBREVIATIONS_KEY
from .store import keep_side_file
from .vocab import SEGMENT_VOCAB_EXT, Vocabulary, save_vocabulary, segment_frequencies

#: Beside a segment's own frequencies: those of its documents deleted since (an article
#: updated or removed), with their numbers. Named after the segment, so Whoosh removes it
#: with the segment.
DELETED_VOCAB_EXT = ".vdl"
#: Deleted documents counted again at a time (each as the builder counts a batch).
DELETED_CHUNK = 2000

__all__ = ["count_aside", "deleted_frequencies", "save_language_statistics", "without_deleted"]


def save_language_statistics(index_dir: str | os.PathLike, generation: int, reader,
                             tidy: bool = True) -> tuple[Vocabulary, Abbreviations]:
    """Count and save the vocabulary and the mined abbreviations of ``generation`` (exactly
    ``reader``'s segments), from the frequencies each segment's builder saved; returned too,
    for a searcher whose folder is read-only. ``tidy`` (the indexer) drops the files of other
    generations; a searcher leaves them alone (an indexer may have saved a newer one)."""
    totals = segment_frequencies(index_dir, reader)
    without_deleted(totals, index_dir, reader)
    vocab = Vocabulary.from_frequencies(totals, reader.doc_count())
    save_vocabulary(index_dir, generation, vocab, reader, tidy=tidy)
    common = {form for form, df in vocab.syllable_forms_items() if df >= 20}
    mined = mine(totals.get(ABBREVIATIONS_KEY) or {}, common)
    save_abbreviations(index_dir, generation, mined, reader, tidy=tidy)
    return vocab, abbreviations_from(mined)


def without_deleted(totals: dict[str, dict[str, int]], index_dir: str | os.PathLike, reader) -> None:
    """Take the documents deleted from their segments out of ``totals``. A segment's saved
    frequencies count every document it was built with, and a large segment is never
    written again: an article corrected ("xôi gấc" misspelt, then fixed) would leave its
    old words in the reading of queries and in the completions until a rebuild."""
    leaves = [r for r, _offset in reader.leaf_readers()] if reader.doc_count_all() else []
    for leaf in leaves:
        _add(totals, deleted_frequencies(index_dir, leaf), -1)


def _add(totals: dict[str, dict[str, int]], tables: dict[str, dict[str, int]], sign: int = 1) -> None:
    """Add ``tables`` into ``totals`` table by table (``sign`` -1: take them out, dropping
    what comes to nothing, and never into a table ``totals`` lacks)."""
    for fieldname, freqs in tables.items():
        into = totals.setdefault(fieldname, {}) if sign > 0 else totals.get(fieldname)
        if into is None:
            continue
        for term, df in freqs.items():
            left = into.get(term, 0) + sign * df
            if left > 0:
                into[term] = left
            else:
                into.pop(term, None)


def deleted_frequencies(index_dir: str | os.PathLike, leaf) -> dict[str, dict[str, int]]:
    """The frequencies the builder saved for ``leaf``'s deleted documents, counted again
    from their stored text the way it counted them (kept beside the segment, and only the
    documents deleted since counted at the next call); {} when none is deleted."""
    segment = leaf.segment()
    deleted = sorted(segment.deleted_docs()) if segment.deleted_count() else []
    if not deleted:
        return {}
    path = Path(index_dir) / segment.make_filename(DELETED_VOCAB_EXT)
    counted: list[int] = []
    totals: dict[str, dict[str, int]] = {}
    try:
        with open(path, "rb") as fh:
            counted, totals = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    if not set(counted) <= set(deleted):       # (not this segment's: count them all again)
        counted, totals = [], {}
    new = sorted(set(deleted) - set(counted))
    if not new:
        return totals
    for start in range(0, len(new), DELETED_CHUNK):      # (memory bounded as an indexing batch)
        _add(totals, _builder_frequencies(leaf, new[start:start + DELETED_CHUNK]))
    keep_side_file(path, lambda fh: pickle.dump((deleted, totals), fh, protocol=pickle.HIGHEST_PROTOCOL))
    return totals


def _builder_frequencies(leaf, docnums: list[int]) -> dict[str, dict[str, int]]:
    """What the segment builder saves for these documents of ``leaf``, by building a
    segment of their stored text aside: the same counting, whatever it comes to count."""
    from .article import Article
    from .builder import SegmentBuilder

    folder = tempfile.mkdtemp(prefix="ctsearch-deleted-")
    try:
        builder = SegmentBuilder(leaf.schema, folder)
        for docnum in docnums:
            stored = leaf.stored_fields(docnum)
            builder.add(Article(id=str(docnum), title=stored.get("title") or "", body=stored.get("body") or ""))
        built = builder.finish()
        with open(Path(folder) / built.segment.make_filename(SEGMENT_VOCAB_EXT), "rb") as fh:
            return pickle.load(fh)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def count_aside(index_dir: str, generation: int, parent: int) -> None:
    """Count and save the statistics of ``generation`` if it is still the newest commit:
    run in a process of its own (a thread would share the interpreter with the requests),
    a fresh interpreter (``python -m ctsearch.langfiles``, never a copy of the server's
    program), which never outlives the server that started it."""
    from .lifeline import die_with_parent
    from .store import open_index
    die_with_parent(parent)
    ix = open_index(index_dir)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            if reader.generation() == generation:
                save_language_statistics(index_dir, generation, reader, tidy=False)
    finally:
        ix.close()


if __name__ == "__main__":     # python -m ctsearch.langfiles INDEX_DIR GENERATION PARENT_PID
    import sys
    count_aside(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))

