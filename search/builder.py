"""Writing a whole Whoosh segment from a batch of articles, with NumPy.

Whoosh's writer handles postings one at a time in Python (~10 µs each, and a news
article has ~1,400 of them), all in the one process that holds the write lock.
Here each indexing worker turns a batch of a few thousand articles into one finished
segment on its own: tokens become term-id arrays (:class:`~search.analysis.TermBatch`),
a sort groups them into postings, and the per-block statistics Whoosh keeps come from
array reductions. Python then only loops over terms and blocks to write the bytes.

The files are exactly Whoosh's (codec ``W3Codec``): readers, the phrase matcher and
every Whoosh tool read them as if Whoosh had written them (a test compares the two
postings by postings). Stored fields, field lengths and columns go through Whoosh's
own per-document writer.
"""

from __future__ import annotations

import itertools
import pickle
import struct
import zlib
from zlib import crc32
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PerDocWriter
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import HashWriter, OrderedHashWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numlists import GrowableArray

from .analysis import TermBatch
from .article import Article
from .facetdefs import column_of, facets
from .schema import TEXT_FORMS
from .textnorm import has_plain_text
from .langstats import ABBREVIATIONS_KEY, BIGRAMS_KEY, START_BIGRAMS_KEY, abbreviation_counts, syllable_bigrams
from .vocab import SEGMENT_VOCAB_EXT, VOCAB_FIELDS
from .whoosh_internals import LENGTH_BYTES, widen_offsets

#: Postings per block, as Whoosh's codec writes them.
BLOCK_LIMIT = 128
#: Blocks with fewer postings are stored uncompressed: zlib costs more than it saves
#: on a handful of postings, and most terms (bigrams above all) have only that.
COMPRESS_MIN_POSTINGS = 8
COMPRESS_LEVEL = 1
#: Block data is read with ``pickle.loads`` whatever the protocol; protocol 2 (what
#: Whoosh writes) encodes each bytes value through a function call, 8x slower than 4.
#: Block headers stay protocol 2: they are read from the stream, unframed.
DATA_PROTOCOL = 4


_TERMINFO = struct.Struct("!BfIBBfII")
_RECORD_LENGTHS = struct.Struct("!ii")
_POINTER = np.dtype([("h", ">u4"), ("p", ">i8")])
_LENGTH_CACHE = np.array(LENGTH_BYTES, dtype=np.int64)
_dumps = pickle.dumps


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's one-byte field lengths (``length_to_byte``), for an array."""
    out = np.searchsorted(_LENGTH_CACHE, lengths, side="left")
    out[lengths >= 106374] = 255
    return out.astype(np.uint8)


def _date_key(article: Article) -> int:
    """``YYYYMMDD``; ``YYYYMM00`` for a month alone ("2025-07"), ``YYYY0000`` for a year."""
    if article.date:
        return int((article.date + "-00")[:10].replace("-", ""))
    if article.year:
        return article.year * 10000
    return 0


def document_fields(article: Article) -> dict:
    """Everything stored per document, besides the postings of the text fields."""
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "province": article.province,
        "provinces": ",".join(article.provinces),
        "topics": ",".join(article.topics),
        **{column_of(f): f.storage.column_value(article) for f in facets() if column_of(f)},
        "c_date": _date_key(article),
        "c_plain": int(has_plain_text(article.title + "\n" + article.body)),
        "c_leisure": article.leisure,
    }


@dataclass
class BuiltSegment:
    """A finished segment in a staging folder, and what the committer needs to know."""

    segment: object                       # whoosh W3Segment (pickled into the TOC)
    folder: str                           # where its files are
    files: list[str]
    ids: list[str]                        # article id of each document number
    replaced: list[int] = field(default_factory=list)  # documents superseded in the batch


class SegmentBuilder:
    """Collects articles, then writes them as one Whoosh segment (:meth:`finish`)."""

    def __init__(self, schema, folder: str | Path, indexname: str = "MAIN") -> None:
        self.schema = schema
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.indexname = indexname
        self._docs: list[dict] = []
        self._by_id: dict[str, int] = {}
        self._replaced: list[int] = []
        self._batches = {"title": TermBatch(), "body": TermBatch()}
        self._text_doc: dict[str, list[int]] = {"title": [], "body": []}

    def __len__(self) -> int:
        return len(self._docs)

    def add(self, article: Article) -> None:
        """Add one article; the same id again replaces the earlier one."""
        # Everything that can fail first, so a failing article leaves no trace.
        fields = document_fields(article)
        tokens = {base: self._batches[base].tokens(fields[base]) for base in ("title", "body") if fields[base]}
        docnum = len(self._docs)
        earlier = self._by_id.get(article.id)
        if earlier is not None:
            self._replaced.append(earlier)
        self._by_id[article.id] = docnum
        self._docs.append(fields)
        for base, toks in tokens.items():
            self._batches[base].append(toks)
            self._text_doc[base].append(docnum)

    def finish(self) -> BuiltSegment | None:
        """Write the segment's files; None when no article was added."""
        if not self._docs:
            return None
        schema = self.schema
        storage = FileStorage(str(self.folder))
        codec = W3Codec()
        segment = codec.new_segment(storage, self.indexname)
        ndocs = len(self._docs)

        # Tokens of the text fields as arrays, and each field's length per document.
        tokens: dict[str, tuple] = {}
        starts: dict[str, np.ndarray] = {}    # which syllables begin a word
        for base, batch in self._batches.items():
            if not len(batch):
                continue
            text_doc = np.asarray(self._text_doc[base], dtype=np.int32)
            for suffix, form in batch.finish().items():
                tokens[base + suffix] = (form.terms, form.tid, text_doc[form.text], form.pos)
                if form.starts is not None:
                    starts[base + suffix] = form.starts
            self._batches[base] = TermBatch()
        lengths = {name: np.bincount(t[2], minlength=ndocs) for name, t in tokens.items()}
        # Which accented syllables stand together, for reading queries typed without
        # diacritics; and the abbreviations the articles define.
        language: dict[str, dict[str, int]] = {BIGRAMS_KEY: {}, START_BIGRAMS_KEY: {}}
        for name in ("title_syl", "body_syl"):
            if name in tokens:
                for key, begun in ((BIGRAMS_KEY, None), (START_BIGRAMS_KEY, starts.pop(name))):
                    into = language[key]
                    for pair, df in syllable_bigrams(*tokens[name], begun).items():
                        into[pair] = into.get(pair, 0) + df
        language[ABBREVIATIONS_KEY] = abbreviation_counts(
            [d["title"] + "\n" + d["body"] for d in self._docs])

        # Per-document data through Whoosh's own writer.
        perdoc = W3PerDocWriter(codec, storage, segment)
        self._write_documents(perdoc, lengths)
        perdoc.close()

        # Postings, one field at a time (a field's postings are the memory peak).
        small = self._small_field_postings()
        vocab: dict[str, dict[str, int]] = dict(language)
        del language
        fieldwriter = _FieldsWriter(storage, segment)
        for name in sorted(set(tokens) | set(small)):
            if name in tokens:
                terms, tid, doc, pos = tokens.pop(name)
                postings = _Postings.from_tokens(terms, tid, doc, pos, lengths[name],
                                                 positions=schema[name].format.supports("positions"))
                del terms, tid, doc, pos
                if name in VOCAB_FIELDS:
                    vocab[name] = postings.document_frequencies()
            else:
                postings = small[name]
            fieldwriter.write_field(name, postings, schema[name].format)
            del postings
        fieldwriter.close()

        for docnum in self._replaced:
            segment.delete_document(docnum)
        segment.set_doc_count(ndocs)

        # The word and syllable frequencies the vocabulary of unaccented queries
        # is built from, without walking the lexicons.
        vocab_file = segment.make_filename(SEGMENT_VOCAB_EXT)
        with open(self.folder / vocab_file, "wb") as fh:
            pickle.dump(vocab, fh, protocol=pickle.HIGHEST_PROTOCOL)

        prefix = f"{self.indexname}_{segment.segid}"
        files = sorted(p.name for p in self.folder.iterdir() if p.name.startswith(prefix + "."))
        ids = [d["id"] for d in self._docs]
        return BuiltSegment(segment, str(self.folder), files, ids, sorted(self._replaced))

    def _write_documents(self, perdoc, lengths: dict[str, np.ndarray]) -> None:
        schema = self.schema
        length_lists = {name: arr.tolist() for name, arr in lengths.items()}
        text_fields = [base + suffix for base in ("title", "body") for suffix in TEXT_FORMS]
        for docnum, values in enumerate(self._docs):
            perdoc.start_doc(docnum)
            for name in text_fields:
                column = length_lists.get(name)
                length = column[docnum] if column is not None else 0
                stored = values.get(name) if not name.endswith(TEXT_FORMS[1:]) else None
                perdoc.add_field(name, schema[name], stored, length)
            for name, value in values.items():
                # (a field an older index's schema lacks, merged into it: the story kind,
                # which such an index cannot hold until it is rebuilt)
                if value is None or name in ("title", "body") or name not in schema:
                    continue
                fieldobj = schema[name]
                perdoc.add_field(name, fieldobj, value if fieldobj.stored else None, 0)
                column = fieldobj.column_type
                if column:
                    perdoc.add_column_value(name, column, fieldobj.to_column_value(value))
            perdoc.finish_doc()

    def _small_field_postings(self) -> dict[str, "_Postings"]:
        out = {}
        for name in ("id", "provinces", "topics"):
            fieldobj = self.schema[name]
            terms: dict[bytes, list] = {}
            for docnum, values in enumerate(self._docs):
                value = values.get(name)
                if value is None:
                    continue
                for tbytes, _freq, weight, vbytes in fieldobj.index(value):
                    terms.setdefault(tbytes, []).append((docnum, weight, vbytes))
            if terms:
                out[name] = _Postings.from_lists(terms)
        return out


class _Postings:
    """One field's postings, sorted by term, then document."""

    #: Postings encoded per round: bounds the Python lists and bytes held at once.
    CHUNK = 1 << 16

    def __init__(self, terms: list[bytes], term_start: np.ndarray, docs: np.ndarray,
                 weights: np.ndarray, length_bytes_: np.ndarray, values: list[bytes] | None = None,
                 positions: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.terms = terms                 # term bytes, ascending
        self.term_start = term_start       # index of each term's first posting (+ the end)
        self.docs = docs                   # per posting
        self.weights = weights             # per posting (frequencies), float64
        self.length_bytes = length_bytes_  # per posting: the document's field length byte
        self.values = values               # per posting, given (small fields)
        self.positions = positions         # (sorted positions, first index per posting)

    @classmethod
    def from_tokens(cls, terms: list[str], tid: np.ndarray, doc: np.ndarray, pos: np.ndarray,
                    doc_lengths: np.ndarray, positions: bool) -> "_Postings":
        # Term order is byte order of the UTF-8 terms, which is code-point order.
        used = np.unique(tid)
        used_terms = [terms[t] for t in used.tolist()]
        order = sorted(range(len(used_terms)), key=used_terms.__getitem__)
        rank = np.zeros(len(terms), dtype=np.int32)
        rank[used[order]] = np.arange(len(order), dtype=np.int32)
        r = rank[tid]
        sort = np.lexsort((pos, doc, r))
        r, d = r[sort], doc[sort]
        n = len(r)
        new_posting = np.ones(n, dtype=bool)
        new_posting[1:] = (r[1:] != r[:-1]) | (d[1:] != d[:-1])
        pstart = np.flatnonzero(new_posting)
        freqs = np.diff(np.append(pstart, n))
        pr, pd = r[pstart], d[pstart].astype(np.int64)
        del r, d, new_posting
        tstart = np.flatnonzero(np.r_[True, pr[1:] != pr[:-1]]) if len(pr) else pstart
        lb = length_bytes(doc_lengths)
        sorted_terms = [used_terms[i].encode("utf-8") for i in order]
        return cls(sorted_terms, np.append(tstart, len(pstart)), pd, freqs.astype(np.float64),
                   lb[pd], positions=(pos[sort], pstart) if positions else None)

    @classmethod
    def from_lists(cls, terms: dict[bytes, list]) -> "_Postings":
        keys = sorted(terms)
        docs, weights, values, starts = [], [], [], []
        for key in keys:
            starts.append(len(docs))
            for docnum, weight, vbytes in terms[key]:
                docs.append(docnum)
                weights.append(weight)
                values.append(vbytes or b"")
        starts.append(len(docs))
        d = np.asarray(docs, dtype=np.int64)
        return cls(keys, np.asarray(starts, dtype=np.int64), d, np.asarray(weights, dtype=np.float64),
                   np.zeros(len(d), dtype=np.uint8), values=values)

    def document_frequencies(self) -> dict[str, int]:
        counts = np.diff(self.term_start).tolist()
        return {t.decode("utf-8"): c for t, c in zip(self.terms, counts)}

    def _value_list(self, a: int, b: int) -> list[bytes]:
        """Postings ``a..b``'s values: their positions, as uint32 arrays."""
        if self.values is not None:
            return self.values[a:b]
        pos, pstart = self.positions
        first = int(pstart[a])
        last = int(pstart[b]) if b < len(pstart) else len(pos)
        buf = pos[first:last].astype("<u4").tobytes()
        cuts = ((pstart[a:b] - first) * 4).tolist() + [(last - first) * 4]
        return [buf[x:y] for x, y in zip(cuts, cuts[1:])]

    def encode(self, fieldid: bytes, format_, offset: int, write) -> tuple[list[bytes], list[bytes]]:
        """Write every term's posting blocks with ``write``, as Whoosh's codec lays them
        out from ``offset`` in the postings file; returns (term keys, term infos)."""
        keys: list[bytes] = []
        infos: list[bytes] = []
        tstart = self.term_start
        nterms = len(tstart) - 1
        t = 0
        while t < nterms:
            # Whole terms, about CHUNK postings.
            u = int(np.searchsorted(tstart, tstart[t] + self.CHUNK, side="right")) - 1
            u = min(max(u, t + 1), nterms)
            offset = self._encode_terms(t, u, fieldid, format_, offset, write, keys, infos)
            t = u
        return keys, infos

    def _encode_terms(self, t0: int, t1: int, fieldid: bytes, format_, offset: int, write,
                      keys: list[bytes], infos: list[bytes]) -> int:
        fixed = format_.fixed_value_size()
        p0, p1 = int(self.term_start[t0]), int(self.term_start[t1])
        docs = self.docs[p0:p1]
        weights = self.weights[p0:p1]
        lbytes = self.length_bytes[p0:p1]
        tstart = self.term_start[t0:t1 + 1] - p0
        counts = np.diff(tstart)
        # Block boundaries: every term's first posting, then every BLOCK_LIMIT.
        nblocks = (counts + BLOCK_LIMIT - 1) // BLOCK_LIMIT
        first_block = np.cumsum(nblocks) - nblocks
        within = np.arange(int(nblocks.sum())) - np.repeat(first_block, nblocks)
        bstart = np.repeat(tstart[:-1], nblocks) + within * BLOCK_LIMIT
        bend = np.minimum(bstart + BLOCK_LIMIT, np.repeat(tstart[1:], nblocks))
        # Document numbers are delta-encoded inside each block, from 0.
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        deltas[bstart] = docs[bstart]
        # Block and term statistics.
        bmax_w = np.maximum.reduceat(weights, bstart)
        bmin_w = np.minimum.reduceat(weights, bstart)
        bmin_l = np.minimum.reduceat(lbytes, bstart)
        bmax_l = np.maximum.reduceat(lbytes, bstart)
        t_weight = np.add.reduceat(weights, tstart[:-1])
        t_maxw = np.maximum.reduceat(weights, tstart[:-1])
        t_minl = np.minimum.reduceat(lbytes, tstart[:-1])
        t_maxl = np.maximum.reduceat(lbytes, tstart[:-1])
        t_first = docs[tstart[:-1]]
        t_last = docs[tstart[1:] - 1]

        delta_l = deltas.tolist()
        # Frequencies pickle as small ints (2 bytes) rather than floats (9 bytes);
        # readers take any number.
        integral = bool(np.all(weights == np.floor(weights)))
        weight_l = (weights.astype(np.int64) if integral else weights).tolist()
        docs_l = docs.tolist()
        fbuf = b""
        values: list[bytes] = []
        if fixed == 0:
            pass
        elif self.values is None and self.positions is None:
            fbuf = weights.astype(">u4").tobytes()   # Frequency: the count as "!I"
        else:
            values = self._value_list(p0, p1)
        block_iter = zip(bstart.tolist(), bend.tolist(), bmax_w.tolist(), bmin_w.tolist(),
                         bmin_l.tolist(), bmax_l.tolist())
        term_iter = zip(self.terms[t0:t1], nblocks.tolist(), t_weight.tolist(), counts.tolist(),
                        t_minl.tolist(), t_maxl.tolist(), t_maxw.tolist(), t_first.tolist(),
                        t_last.tolist())
        parts: list[bytes] = []
        append = parts.append
        compress, dumps, pack_terminfo = zlib.compress, _dumps, _TERMINFO.pack
        magic = WHOOSH3_HEADER_MAGIC
        tuple_values = fixed is None or fixed < 0
        for tbytes, nb, tw, df, tminl, tmaxl, tmaxw, tfirst, tlast in term_iter:
            start = offset
            append(magic)
            offset += 4
            for k in range(nb):
                a, b, maxw, minw, minl, maxl = next(block_iter)
                if maxw == minw:
                    w = None if maxw == 1.0 else maxw
                else:
                    w = tuple(weight_l[a:b])
                if fixed == 0:
                    v = None
                elif fbuf:
                    v = fbuf[4 * a:4 * b]
                elif tuple_values:
                    v = tuple(values[a:b])
                else:
                    v = b"".join(values[a:b])
                data = dumps((tuple(delta_l[a:b]), w, v), DATA_PROTOCOL)
                n = b - a
                if n >= COMPRESS_MIN_POSTINGS:
                    comp = COMPRESS_LEVEL
                    data = compress(data, comp)
                else:
                    comp = 0
                info = dumps((n, docs_l[b - 1], maxw, comp, minl, maxl), 2)
                size = len(info) + len(data)
                append(pack_int(-size if k == nb - 1 else size))
                append(info)
                append(data)
                offset += 4 + size
            keys.append(fieldid + tbytes)
            infos.append(pack_terminfo(0, tw, df, tminl, tmaxl, tmaxw, tfirst, tlast)
                         + pack_long(start) + pack_int(offset - start))
        write(b"".join(parts))
        return offset


class _TermsFile(OrderedHashWriter):
    """Whoosh's ordered hash file of term infos, filled a field at a time.

    Same file format; it uses the format's CRC32 hash (recorded in the file, so
    readers use it too) instead of MD5, and writes records and hash tables in bulk.
    """

    def __init__(self, dbfile) -> None:
        HashWriter.__init__(self, dbfile, hashtype=1)
        self.index = GrowableArray("H")
        self.lastkey = b""

    def add_many(self, keys: list[bytes], values: list[bytes]) -> None:
        """Add records whose keys are ascending and all greater than the last one."""
        if not keys:
            return
        if keys[0] <= self.lastkey:
            raise ValueError("keys must increase")
        pack = _RECORD_LENGTHS.pack
        records = [pack(len(k), len(v)) + k + v for k, v in zip(keys, values)]
        start = self.dbfile.tell()
        positions = list(itertools.accumulate((len(r) for r in records[:-1]), initial=start))
        self.dbfile.write(b"".join(records))
        if positions[-1] >= 2 ** 16:
            widen_offsets(self.index, positions[-1])
        self.index.array.extend(positions)
        buckets = self.buckets
        for key, pos in zip(keys, positions):
            h = crc32(key)
            buckets[h & 255].append((h, pos))
        self.lastkey = keys[-1]

    def _write_hashes(self) -> None:
        dbfile = self.dbfile
        for entries in self.buckets:
            numslots = 2 * len(entries)
            self.directory.append((dbfile.tell(), numslots))
            hashes = [0] * numslots
            places = [0] * numslots   # 0: empty (no record starts at 0, the header is there)
            for h, pos in entries:
                slot = (h >> 8) % numslots
                while places[slot]:
                    slot = (slot + 1) % numslots
                hashes[slot] = h
                places[slot] = pos
            table = np.empty(numslots, dtype=_POINTER)
            table["h"] = hashes
            table["p"] = places
            dbfile.write(table.tobytes())


class _FieldsWriter:
    """A segment's terms file and postings file, written a whole field at a time."""

    def __init__(self, storage, segment) -> None:
        self._postfile = segment.create_file(storage, W3Codec.POSTS_EXT)
        self._terms = _TermsFile(segment.create_file(storage, W3Codec.TERMS_EXT))
        self._fieldmap: dict[str, int] = {}
        self._terms.extras["fieldmap"] = self._fieldmap

    def write_field(self, name: str, postings: _Postings, format_) -> None:
        fieldid = self._fieldmap[name] = len(self._fieldmap)
        keys, infos = postings.encode(pack_ushort(fieldid), format_, self._postfile.tell(),
                                      self._postfile.write)
        self._terms.add_many(keys, infos)

    def close(self) -> None:
        self._terms.close()
        self._postfile.close()
