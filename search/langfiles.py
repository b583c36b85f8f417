"""The index's language statistics as side files, one set per index generation.

The vocabulary (with syllable pairs) and the mined abbreviations are what reading a query
needs; summing them over every segment takes seconds on a large index, so the indexer saves
them when a run ends, and a searcher that finds them missing (a run still going, or one
stopped before its end) has them counted once in a process of their own
(:func:`count_aside`), away from the requests it answers.
"""

from __future__ import annotations

import os

from .abbrev import Abbreviations, abbreviations_from, mine, save_abbreviations
from .langstats import ABBREVIATIONS_KEY
from .vocab import Vocabulary, save_vocabulary, segment_frequencies

__all__ = ["count_aside", "save_language_statistics"]


def save_language_statistics(index_dir: str | os.PathLike, generation: int, reader,
                             tidy: bool = True) -> tuple[Vocabulary, Abbreviations]:
    """Count and save the vocabulary and the mined abbreviations of ``generation`` (exactly
    ``reader``'s segments), from the frequencies each segment's builder saved; returned too,
    for a searcher whose folder is read-only. ``tidy`` (the indexer) drops the files of other
    generations; a searcher leaves them alone (an indexer may have saved a newer one)."""
    totals = segment_frequencies(index_dir, reader)
    vocab = Vocabulary.from_frequencies(totals, reader.doc_count())
    save_vocabulary(index_dir, generation, vocab, reader, tidy=tidy)
    common = {form for form, df in vocab.syllable_forms_items() if df >= 20}
    mined = mine(totals.get(ABBREVIATIONS_KEY) or {}, common)
    save_abbreviations(index_dir, generation, mined, reader, tidy=tidy)
    return vocab, abbreviations_from(mined)


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

