"""A Whoosh segment writer for bulk indexing.

Whoosh's ``SegmentWriter`` puts every posting, as a tuple, into an external sorting
pool that pickles runs to disk once it grows, and at commit looks up the document's
field length again for every posting. With ~800 postings per news article that is
most of the indexing time, and it all happens in the one process that may write.

:class:`BulkWriter` keeps postings grouped by term in memory (documents arrive in
order, so only the terms need sorting) and reads each field's lengths once per
commit. It writes the same segment files; only the route there is shorter. The
indexer commits every few thousand articles, which bounds the memory it holds.
"""

from __future__ import annotations

from array import array

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.reading import SegmentReader
from whoosh.writing import NO_MERGE, SegmentWriter

from .schema import PreIndexed

#: Posting blocks smaller than this are stored uncompressed: zlib costs more than it
#: saves on a handful of postings, and most terms (bigrams above all) have only that.
COMPRESS_MIN_POSTINGS = 8

#: Segments with fewer live documents than this are merged at the end of a run;
#: larger ones are never rewritten, so adding articles later costs what they cost.
SMALL_SEGMENT = 2000


def merge_small_segments(writer, segments):
    """A Whoosh merge policy: fold the small segments into the new one, keep the rest.

    Whoosh's default (Fibonacci) policy merges nearly every earlier segment when they
    are of similar size, which makes each commit of a bulk run, and each later
    incremental run, rewrite the whole index.
    """
    small = [s for s in segments if s.doc_count() < SMALL_SEGMENT]
    if len(small) < 2 and not any(s.deleted_count() for s in small):
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in small]


__all__ = ["BulkWriter", "BulkCodec", "GroupedPool", "merge_small_segments", "NO_MERGE"]


class _PostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, minus work that buys nothing here.

    Readers honour a per-block compression flag, so leaving small blocks
    uncompressed keeps the file format; Whoosh 2.7.4 meant to do so for tiny
    blocks but a later line overrides that choice.
    """

    level = 3

    def add_posting(self, id_, weight, vbytes, length=None):
        # Same as Whoosh's, without its per-posting type assertions.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            minlength = self._minlength
            if minlength is None or length < minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last=False):
        self._compression = self.level if len(self._ids) >= COMPRESS_MIN_POSTINGS else 0
        super()._write_block(last)


class BulkCodec(W3Codec):
    """The default Whoosh 3 codec with :class:`_PostingsWriter` (same files)."""

    def postings_writer(self, dbfile, byteids=False):
        writer = _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                 compression=self._compression, inlinelimit=self._inlinelimit)
        writer.level = self._compression
        return writer


class GroupedPool:
    """Postings by ``(fieldname, term bytes)``, kept compactly in arrival order.

    Per term: an array of document numbers, an array of weights, and the encoded
    values. Values are interned: frequency-only fields have a handful of distinct
    encodings, and most positional postings hold one common position, so a posting
    costs about 16 bytes instead of a tuple and its objects (~200 KB per article).
    """

    def __init__(self) -> None:
        self._lists: dict[tuple[str, bytes], tuple | list] = {}
        self._intern: dict[bytes, bytes] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        if vbytes is not None:
            vbytes = self._intern.setdefault(vbytes, vbytes)
        self._add(fieldname, tbytes, docnum, weight, vbytes)
        self.fieldnames.add(fieldname)

    def _add(self, fieldname, tbytes, docnum, weight, vbytes) -> None:
        # Most terms have one posting: keep it as a tuple until a second one comes.
        key = (fieldname, tbytes)
        lists = self._lists
        entry = lists.get(key)
        if entry is None:
            lists[key] = (docnum, weight, vbytes)
        elif type(entry) is tuple:
            lists[key] = [array("I", (entry[0], docnum)), array("f", (entry[1], weight)), [entry[2], vbytes]]
        else:
            entry[0].append(docnum)
            entry[1].append(weight)
            entry[2].append(vbytes)

    def add_field(self, fieldname: str, docnum: int, items) -> int:
        """Add one field's postings of one document; returns the field length."""
        intern = self._intern.setdefault
        add = self._add
        length = 0
        for tbytes, freq, weight, vbytes in items:
            length += freq
            add(fieldname, tbytes, docnum, weight, intern(vbytes, vbytes))
        self.fieldnames.add(fieldname)
        return length

    def iter_postings(self):
        for key in sorted(self._lists):
            fieldname, tbytes = key
            entry = self._lists[key]
            if type(entry) is tuple:
                yield fieldname, tbytes, entry[0], entry[1], entry[2]
                continue
            docs, weights, values = entry
            order = range(len(docs))
            # Merged segments may interleave document numbers; new documents never do.
            if any(docs[i] > docs[i + 1] for i in range(len(docs) - 1)):
                order = sorted(order, key=docs.__getitem__)
            for i in order:
                yield fieldname, tbytes, docs[i], weights[i], values[i]

    def cleanup(self) -> None:
        self._lists.clear()
        self._intern.clear()


class _CachedLengths:
    """``doc_field_length`` answered from one read of each field's length column."""

    def __init__(self, pdr) -> None:
        self._pdr = pdr
        self._cache: dict[str, list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        col = self._cache.get(fieldname)
        if col is None:
            dfl = self._pdr.doc_field_length
            col = [dfl(d, fieldname, default) for d in range(self._pdr.doc_count_all())]
            self._cache[fieldname] = col
        return col[docnum]


class BulkWriter(SegmentWriter):
    """A ``SegmentWriter`` with an in-memory grouped pool (see the module docstring)."""

    def __init__(self, ix, **kwargs):
        kwargs.setdefault("codec", BulkCodec())
        # Separate files per segment, not one compound file: Whoosh 2.7.4 reads a
        # compound file's parts through BytesIO, which copies each part whole into
        # memory at every open (a 1.2 GB index took 2.2 GB and 1.3 s to open).
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)
        self.pool = GroupedPool()

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document``, with a short path for pre-analysed text fields."""
        if any(k.startswith("_") and not k.startswith("_stored_") for k in fields):
            return super().add_document(**fields)   # boosts etc.: the general path
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                if isinstance(value, PreIndexed):
                    length = self.pool.add_field(fieldname, docnum, value)
                else:
                    for tbytes, freq, weight, vbytes in field.index(value):
                        length += freq
                        self.pool.add((fieldname, tbytes, docnum, weight, vbytes))
                if not field.scorable:
                    length = 0
            if field.vector or field.separate_spelling():
                raise NotImplementedError("term vectors and spelling fields take the general path")
            stored = fields.get("_stored_" + fieldname, value)
            perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
            column = field.column_type
            if column and stored is not None:
                perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        lengths = _CachedLengths(pdr) if pdr is not None else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr is not None:
            pdr.close()
