"""Fast Vietnamese word segmentation, output-identical to ``pyvi.ViTokenizer.tokenize``.

Why this exists
---------------
pyvi 0.1.1 segments text with a CRF, but ``import pyvi.ViTokenizer`` unpickles a
``sklearn_crfsuite.CRF`` (≈2 s, pulls in scikit-learn) and ``tokenize`` spends most
of its time building one feature *dict* per syllable and handing them to
sklearn-crfsuite/python-crfsuite. The indexer has to segment 150+ articles/s, so
this module re-implements the exact same computation without those costs:

* The CRFsuite model bytes are taken from ``pyvi/models/pyvi3.pkl`` with a
  restricted unpickler that replaces every class by an inert stub, so neither
  scikit-learn nor sklearn-crfsuite (nor pycrfsuite) is imported. The model file
  (CRFsuite "FOMC" format) is parsed directly: attribute names, per-label state
  weights and the 2x2 transition matrix.
* Per distinct syllable, everything that depends only on that syllable is
  computed once and cached in numpy arrays; per text, state scores are assembled
  with a handful of vectorised additions and decoded with a small Viterbi loop.
* Syllabisation uses ``str.split`` plus provably equivalent shortcuts for the
  common chunk shapes, and pyvi's own regex for everything else.

Exactness
---------
The result is bit-for-bit the same decision procedure as CRFsuite's tagger:

* pyvi's feature dict ``{'k': 'v'}`` becomes the CRFsuite attribute ``"k:v"``
  (weight 1.0), ``{'k': True/False}`` becomes ``"k"`` with value 1.0/0.0 and
  ``{'bias': 1.0}`` is ``"bias"`` with 1.0. CRFsuite adds ``weight * value`` per
  attribute, in item order, to a zero-initialised score per label; attributes
  unknown to the model are dropped. We add the same weights, in the same order,
  in IEEE double precision. False features contribute ``w * 0.0``, i.e. adding a
  (signed) zero, which never changes a sum, so we may add 0.0 or skip them.
  CRFsuite looks attribute names up as C strings, so a name is cut at its first
  NUL character; we do the same.
* Viterbi follows ``crf1dc_viterbi``: strict ``<`` comparisons, so ties go to
  the lower label index, at every step and at the end.
* The joining rule (label ``I_W`` plus pyvi's punctuation / digit / title-case
  conditions) is copied verbatim, including ``tok in string.punctuation`` being a
  *substring* test.

The module imports only the standard library; numpy is imported, and the model
loaded, on first use (``load()`` does it eagerly, e.g. before forking workers).
Deriving the tables from pyvi's files takes ~0.1 s, too much for every
``ctsearch query``, so they are cached in the user's cache directory, keyed by the
model files' path, size and modification time; a missing, stale or damaged cache is
rebuilt, and one that cannot be written is simply not used.

Everything is thread-safe: the shared tables are append-only and guarded by a
lock for the rare cache misses.
"""

from __future__ import annotations

import os
import re
import string
import threading
import unicodedata
from itertools import chain, compress, count
from operator import add, not_

__all__ = ["tokenize", "segment", "syllables", "load"]

# --- syllabisation -----------------------------------------------------------
# pyvi's regex, alternatives in pyvi's order. Inner groups are made non-capturing
# (there are no back-references, so matching is unchanged) so that findall()
# returns plain strings.
_ABBREVIATIONS = [r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_SPECIALS = [r"==>", r"->", r"\.\.\.", r">>", "\n"]
_WEB = r"\w+://[^\s]+"
_EMAIL = r"(?:[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)"
_DIGIT = r"\d+(?:[\.,_]\d+)+"
_NON_WORD = r"[^\w\s]"
_WORD = r"\w+"
PYVI_PATTERN = re.compile(
    "|".join(_ABBREVIATIONS + _SPECIALS + [_WEB, _EMAIL, _DIGIT, _NON_WORD, _WORD])
)
_findall = PYVI_PATTERN.findall

# "Tp." etc. as whole chunks; "[A-ZĐ]+." is tested with str.strip below.
_ABBR_WORDS = frozenset({"Tp", "Mr", "Mrs", "Ms", "Dr", "ThS"})
_ABBR_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZĐ"


def _split_chunk(ch: str) -> list[str]:
    """Tokens of one whitespace-free chunk that is not entirely alphanumeric.

    Why this is exact: no alternative of pyvi's regex can match across whitespace
    (every character class excludes it, the only whitespace literal is "\\n", and
    there are no anchors or look-arounds), so ``findall(text)`` is the concatenation
    of ``findall`` over the whitespace-free chunks, with "\\n" tokens in between.
    ``str.isalnum`` is exactly "all chars are \\w and none is '_'" (both use
    Py_UNICODE_ISALNUM), and ``str.split`` uses the same whitespace as ``\\s``.
    For the two shapes handled here, every alternative was checked by hand:

    * ``s + c`` (s alphanumeric, c a single non-word char): web/email/digit need
      more characters after c, so only "[A-ZĐ]+\\." / "Tp\\." ... can glue c to s,
      and only when c is "."; otherwise the tokens are ``s`` and ``c``.
    * ``c + s``: no special starts with c followed by an alphanumeric character,
      email would need an "@", so the tokens are ``c`` and ``s``.

    Anything else (or '_', which is a word character) goes to the regex.
    """
    s = ch[:-1]
    if s.isalnum():
        c = ch[-1]
        if c == ".":
            if s in _ABBR_WORDS or not s.strip(_ABBR_UPPER):
                return [ch]
            return [s, c]
        if c != "_":
            return [s, c]
    else:
        s = ch[1:]
        if s.isalnum() and ch[0] != "_":
            return [ch[0], s]
    return _findall(ch)


def _expand(chunks: list[str], bad: list[int], toks: list[str]) -> None:
    """Append the tokens of ``chunks`` to ``toks``; ``bad`` lists the non-alnum chunks."""
    prev = 0
    for j in bad:
        toks += chunks[prev:j]
        toks += _split_chunk(chunks[j])
        prev = j + 1
    toks += chunks[prev:]


def syllables(text: str) -> list[str]:
    """The syllable tokens pyvi's regex finds in ``text`` (no normalisation).

    Equal to ``re.findall(pyvi_pattern, text)``, but faster: most whitespace-
    separated chunks are plain alphanumeric words and are tokens as they are; the
    regex only runs on chunks with punctuation inside (see :func:`_split_chunk`).
    """
    toks: list[str] = []
    first = True
    for line in text.split("\n"):
        if first:
            first = False
        else:
            toks.append("\n")
        chunks = line.split()
        # Indices of chunks that are not purely alphanumeric (C-level iteration).
        bad = list(compress(count(), map(not_, map(str.isalnum, chunks))))
        if bad:
            _expand(chunks, bad, toks)
        else:
            toks += chunks
    return toks


def _offsets_by_search(text: str, toks: list[str]) -> tuple[list[int], list[int]]:
    """Token offsets by searching each token after the previous one (reference code).

    The gap between two tokens is whitespace other than "\\n", and a token starts
    with a non-whitespace character or is "\\n", so the first occurrence at or after
    the previous end is the token itself.
    """
    starts: list[int] = []
    ends: list[int] = []
    find = text.find
    pos = 0
    for t in toks:
        p = find(t, pos)
        if p < 0:
            raise AssertionError(f"token {t!r} not found in text after offset {pos}")
        pos = p + len(t)
        starts.append(p)
        ends.append(pos)
    return starts, ends


def syllable_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """:func:`syllables` of ``text`` and their ``(start, end)`` offsets, without the CRF."""
    toks = syllables(text)
    starts, ends = _offsets_by_search(text, toks)
    return toks, list(zip(starts, ends))


# --- model -------------------------------------------------------------------

def _pyvi_models_dir() -> str:
    """Directory of pyvi's model files, found without executing pyvi's modules."""
    import importlib.util

    spec = importlib.util.find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("ctsearch.segment needs the 'pyvi' package (for its model files)")
    return os.path.join(list(spec.submodule_search_locations)[0], "models")


def dictionary_words() -> list[str]:
    """pyvi's word list (``models/words.txt``, about 31,000 words, syllables separated by
    spaces), as shipped: the one place that knows where pyvi keeps it."""
    path = os.path.join(_pyvi_models_dir(), "words.txt")
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip()]


def _crfsuite_bytes_from_pickle(path: str) -> bytes:
    """Extract the CRFsuite model file embedded in pyvi's pickled sklearn_crfsuite.CRF.

    sklearn_crfsuite's ``FileResource.__getstate__`` stores the model file's content
    under ``__FILE_RESOURCE_DATA__``. Every class in the pickle is replaced by a stub
    that just keeps its state, so nothing from scikit-learn, sklearn-crfsuite, numpy
    or pycrfsuite is imported (and no code from the pickle runs).
    """
    import _codecs
    import pickle

    class _Stub:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.args = args

        def __setstate__(self, state: object) -> None:
            self.state = state

    class _Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            # Protocol-2 pickles encode bytes as _codecs.encode(str, 'latin1').
            if (module, name) == ("_codecs", "encode"):
                return _codecs.encode
            return _Stub

    with open(path, "rb") as fh:
        crf = _Unpickler(fh).load()
    return crf.state["modelfile"].state["__FILE_RESOURCE_DATA__"]  # type: ignore[attr-defined]


def _parse_crfsuite(data: bytes) -> tuple[list[str], dict[str, dict[int, float]], dict[tuple[int, int], float]]:
    """Parse a CRFsuite 1st-order model (crf1d_model.c "FOMC" layout, little endian).

    Returns (labels, {attribute: {label: weight}}, {(from, to): weight}).
    Attribute -> feature order is irrelevant here because each attribute has at
    most one feature per label, and scores are accumulated per label.
    """
    import struct

    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError("not a CRFsuite FOMC model")
    (_version, _nfeat, num_labels, num_attrs, off_feat, off_labels, off_attrs,
     _off_labelrefs, _off_attrrefs) = struct.unpack_from("<9I", data, 12)
    if data[off_feat:off_feat + 4] != b"FEAT":
        raise ValueError("corrupt CRFsuite model (features)")
    (num_features,) = struct.unpack_from("<I", data, off_feat + 8)
    feats = struct.iter_unpack("<IIId", data[off_feat + 12:off_feat + 12 + 20 * num_features])

    def cqdb_strings(off: int) -> list[str | None]:
        # CQDB: chunk id, size, flag, byteorder, bwd_size, bwd_offset; the backward
        # array maps id -> record offset; a record is (id, key size, key + NUL).
        if data[off:off + 4] != b"CQDB":
            raise ValueError("corrupt CRFsuite model (CQDB)")
        _size, _flag, _bo, bwd_size, bwd_off = struct.unpack_from("<5I", data, off + 4)
        out: list[str | None] = []
        for i, (rec,) in enumerate(struct.iter_unpack("<I", data[off + bwd_off:off + bwd_off + 4 * bwd_size])):
            if rec == 0:
                out.append(None)
                continue
            rid, ksize = struct.unpack_from("<II", data, off + rec)
            if rid != i:
                raise ValueError("corrupt CRFsuite model (CQDB record)")
            out.append(data[off + rec + 8:off + rec + 8 + ksize - 1].decode("utf-8"))
        return out

    labels = cqdb_strings(off_labels)[:num_labels]
    attrs = cqdb_strings(off_attrs)[:num_attrs]
    state: dict[str, dict[int, float]] = {}
    trans: dict[tuple[int, int], float] = {}
    for ftype, src, dst, weight in feats:
        if ftype == 0:  # state feature: attribute src -> label dst
            name = attrs[src]
            if name is not None:
                state.setdefault(name, {})[dst] = weight
        elif ftype == 1:  # transition feature: label src -> label dst
            trans[(src, dst)] = weight
    return [str(x) for x in labels], state, trans


def _derive_tables(models: str) -> dict:
    """Everything the tagger needs from pyvi's model files in ``models``, as plain data.

    Parsing the CRF and the n-gram list is most of the cost of loading the model
    (tens of ms, every ``ctsearch query``), so the result is cached on disk by
    :func:`_load_tables`. It holds builtins only (arrays as little-endian bytes), so
    that reading it back needs neither numpy's pickles nor any class at all.
    """
    import numpy as np

    labels, state, trans = _parse_crfsuite(
        _crfsuite_bytes_from_pickle(os.path.join(models, "pyvi3.pkl")))
    weights = {name: (d.get(0, 0.0), d.get(1, 0.0)) for name, d in state.items()}
    transitions = tuple(trans.get(pair, 0.0) for pair in ((0, 0), (0, 1), (1, 0), (1, 1)))

    # pyvi: codecs.open(..., 'utf-8').read().split('\n'); 2 parts -> bigram,
    # 3 parts -> trigram (split on ' '). Membership of "a b".lower() is then the
    # same as membership of (vocab id of a.lower(), vocab id of b.lower()),
    # because tokens never contain ' ' and str.lower() never creates one.
    with open(os.path.join(models, "words.txt"), "rb") as fh:
        split = [line.split(" ") for line in fh.read().decode("utf-8").split("\n")]
    grams2 = [p for p in split if len(p) == 2]
    grams3 = [p for p in split if len(p) == 3]
    vocab = {w: i for i, w in enumerate(sorted(set(chain.from_iterable(grams2 + grams3))))}
    K = len(vocab) + 1
    bi = np.fromiter(map(vocab.__getitem__, chain.from_iterable(grams2)), dtype=np.int64,
                     count=2 * len(grams2)).reshape(-1, 2)
    bi = bi[:, 0] * K + bi[:, 1]
    tri = np.fromiter(map(vocab.__getitem__, chain.from_iterable(grams3)), dtype=np.int64,
                      count=3 * len(grams3)).reshape(-1, 3)
    tri = (tri[:, 0] * K + tri[:, 1]) * K + tri[:, 2]
    # Sorted (duplicates are harmless); -1 keeps it non-empty. Not np.unique:
    # that imports numpy.ma (~0.1 s).
    trigrams = np.sort(np.append(tri, np.int64(-1)))
    # Whitespace except "\n" separates tokens without being one (str.isspace() is
    # exactly re's \s). All of it is below U+3001; the last entry stands for every
    # higher code point.
    dropped = bytes(chr(c).isspace() and c != 10 for c in range(0x3002))
    return {
        "labels": list(labels), "weights": weights, "trans": transitions, "vocab": vocab,
        "bigrams": bi.astype("<i8").tobytes(), "trigrams": trigrams.astype("<i8").tobytes(),
        "dropped": dropped,
    }


# --- the derived tables, cached on disk ---------------------------------------
#: Part of the cache key: bump when _derive_tables changes what it returns.
CACHE_FORMAT = 1
_CACHE_MAGIC = b"ctsearch-segment-tables\n"


def cache_dir() -> str:
    """Where the derived tables are cached: ``$XDG_CACHE_HOME/ctsearch`` or ``~/.cache/ctsearch``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ctsearch")


def _cache_path(models: str) -> str:
    """One file per pyvi installation, so several environments do not evict each other."""
    import zlib

    return os.path.join(cache_dir(), f"segment-{zlib.crc32(os.fsencode(models)):08x}.tables")


def _cache_key(models: str) -> str:
    """Identifies the model files the tables were derived from (path, size, mtime)."""
    parts = [f"format {CACHE_FORMAT}"]
    for name in ("pyvi3.pkl", "words.txt"):
        path = os.path.join(models, name)
        st = os.stat(path)
        parts.append(f"{path} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(parts)


_TABLE_KEYS = frozenset({"labels", "weights", "trans", "vocab", "bigrams", "trigrams", "dropped"})


def _loads_plain(payload: bytes | memoryview) -> object:
    """Unpickle data made of builtins only: any class or function in it is refused,
    so a tampered cache file cannot run code."""
    import io
    import pickle

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")

    return Unpickler(io.BytesIO(payload)).load()


def _read_cache(path: str, key: str) -> dict | None:
    """The cached tables for ``key``, or None when missing, stale or damaged."""
    import zlib

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    head = len(_CACHE_MAGIC)
    if data[:head] != _CACHE_MAGIC or len(data) < head + 4:
        return None
    payload = memoryview(data)[head + 4:]
    if int.from_bytes(data[head:head + 4], "little") != zlib.crc32(payload):
        return None   # truncated or overwritten: never trust partial weights
    try:
        stored_key, tables = _loads_plain(payload)  # type: ignore[misc]
    except Exception:  # any unreadable content just means "rebuild"
        return None
    if stored_key != key or not isinstance(tables, dict) or set(tables) != _TABLE_KEYS:
        return None
    return tables


def _write_cache(path: str, key: str, tables: dict) -> None:
    """Atomically write the cache file; failing to write (read-only home) is harmless."""
    import pickle
    import tempfile
    import zlib

    payload = pickle.dumps((key, tables), protocol=pickle.HIGHEST_PROTOCOL)
    data = _CACHE_MAGIC + zlib.crc32(payload).to_bytes(4, "little") + payload
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".segment-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass


def _load_tables() -> dict:
    """The derived tables: from the disk cache when it matches pyvi's model files,
    else derived (and cached for the next process)."""
    models = _pyvi_models_dir()
    key = _cache_key(models)
    path = _cache_path(models)
    tables = _read_cache(path, key)
    if tables is None:
        tables = _derive_tables(models)
        _write_cache(path, key, tables)
    return tables


class _Tables:
    """Per-syllable cache: one row of precomputed values per distinct token string.

    Rows are append-only; ``ids`` (token -> row) is published only after the row is
    written, and growing replaces the array with a larger copy, so a reader that
    looks up its ids first and reads ``F`` afterwards always sees its rows. Writers
    hold the model's lock.
    """

    # Columns of F: 0-1 self prefix sum (B, I); 2-7 weights as the previous token
    # (-1:lower, -1:istitle, -1:isupper) x (B, I); 8-13 as the next token (+1:...);
    # 14 n-gram vocabulary id of the lowercase form; 15 flags (1 punctuation,
    # 2 starts with a digit, 4 starts title-case). One row is gathered per token
    # (two cache lines), ids and flags are small integers, exact as float64.
    NCOL = 16

    def __init__(self, model: "_Model", capacity: int = 1 << 14) -> None:
        np = model.np
        self.model = model
        self.ids: dict[str, int] = {}
        self.size = 0
        self.F = np.zeros((capacity, self.NCOL), dtype=np.float64)

    def add(self, toks: list[str]) -> None:
        """Create rows for the tokens of ``toks`` that have none yet."""
        model = self.model
        np = model.np
        with model.lock:
            ids = self.ids
            for w in toks:
                if w in ids:
                    continue
                row = model.row(w)
                i = self.size
                if i >= len(self.F):
                    F = np.zeros((2 * len(self.F), self.NCOL), dtype=np.float64)
                    F[:i] = self.F[:i]
                    self.F = F
                self.F[i] = row
                self.size = i + 1
                ids[w] = i  # publish last


class _Model:
    """The CRF weights and pyvi's n-gram lists, in the shapes the tagger needs."""

    # Cached rows are dropped (a fresh table is started) past this many distinct
    # tokens, so memory stays bounded (~20 MB) on endless streams of numbers/URLs.
    MAX_ROWS = 1 << 18

    def __init__(self, tables: dict | None = None) -> None:
        """``tables`` as :func:`_derive_tables` returns them; by default from the disk
        cache, or derived from pyvi's model files (see :func:`_load_tables`)."""
        import numpy as np

        self.np = np
        self.lock = threading.Lock()
        t = _load_tables() if tables is None else tables
        labels = t["labels"]
        if sorted(labels) != ["B_W", "I_W"]:
            raise ValueError(f"unexpected CRF labels {labels!r}")
        self.i_label = labels.index("I_W")
        # attribute -> (weight for label 0, weight for label 1)
        self.w: dict[str, tuple[float, float]] = t["weights"]
        self.zero = (0.0, 0.0)
        self.trans = tuple(t["trans"])
        if len(self.trans) != 4:
            raise ValueError("unexpected CRF transitions")
        g = self.weight
        self.bias = g("bias")
        self.bg_prev = np.array(g("-1:word.bi_gram()"))
        self.tg_prev = np.array(g("-2:word.tri_gram()"))
        self.bg_next = np.array(g("+1:word.bi_gram()"))
        self.tg_next = np.array(g("+2:word.tri_gram()"))

        vocab = t["vocab"]
        self.vocab: dict[str, int] = vocab
        self.unk = len(vocab)          # id for "not part of any n-gram"
        K = self.K = len(vocab) + 1
        # Bigram membership as a bitmap over (a, b) -> a*K + b (K is ~6k, so
        # ~4.4 MB); a second bitmap marks the (a, b) prefixes of trigrams, and the
        # few candidates are confirmed against the sorted trigram keys.
        # (Binary search over all pairs was 5x slower: cache misses.) The bitmaps
        # are rebuilt from the keys (a few ms) rather than cached: 9 MB to read.
        self.trigrams = np.frombuffer(t["trigrams"], dtype="<i8")
        self.bigram_bits = self._bitmap(np.frombuffer(t["bigrams"], dtype="<i8"), K * K)
        self.trigram_prefix_bits = self._bitmap(self.trigrams[self.trigrams >= 0] // K, K * K)
        # Characters that separate tokens without being one (see _derive_tables).
        self.dropped = np.frombuffer(t["dropped"], dtype=bool)
        self.tables = _Tables(self)

    def _bitmap(self, keys, size: int):  # type: ignore[no-untyped-def]
        """A uint8 bit array of ``size`` bits with the bits at ``keys`` (int64 array) set."""
        np = self.np
        bits = np.zeros((size + 7) // 8, dtype=np.uint8)
        np.bitwise_or.at(bits, keys >> 3, (1 << (keys & 7)).astype(np.uint8))
        return bits

    def weight(self, name: str) -> tuple[float, float]:
        """Weights of a CRFsuite attribute, looked up the way CRFsuite does (C string)."""
        if "\0" in name:
            name = name.split("\0", 1)[0]
        return self.w.get(name, self.zero)

    def offsets(self, text: str, toks: list[str]) -> tuple[list[int], list[int]]:
        """Start and end offsets in ``text`` of the tokens ``syllables(text)`` returned.

        Every character of ``text`` that is not whitespace, and every "\\n", belongs
        to exactly one token, in order (see :func:`_split_chunk`), so the tokens
        concatenated are ``text`` with the other whitespace removed. The offsets are
        then the positions of the kept characters, picked at cumulative token
        lengths: a few vectorised steps instead of a Python loop over the text.
        """
        np = self.np
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        kept = np.flatnonzero(~self.dropped.take(np.minimum(codes, len(self.dropped) - 1)))
        lens = np.fromiter(map(len, toks), dtype=np.intp, count=len(toks))
        ends = np.cumsum(lens)
        if not len(ends) or ends[-1] != len(kept):  # cannot happen; be safe anyway
            return _offsets_by_search(text, toks)
        starts = kept.take(ends - lens)
        return starts.tolist(), (kept.take(ends - 1) + 1).tolist()

    def row(self, w: str) -> list[float]:
        """Everything about token ``w`` that does not depend on its neighbours."""
        g = self.weight
        low = w.lower()
        # pycrfsuite encodes attribute names as UTF-8; lone surrogates make pyvi fail
        # (SystemError wrapping UnicodeEncodeError). Fail the same way, early.
        low.encode("utf-8")
        is_upper, is_title = w.isupper(), w.istitle()
        # Prefix of the item in pyvi's dict order: bias, word.lower(), isupper,
        # istitle, isdigit — summed exactly as CRFsuite would, from 0.0.
        sb = 0.0
        si = 0.0
        for on, name in ((True, "bias"), (True, "word.lower():" + low),
                         (is_upper, "word.isupper()"), (is_title, "word.istitle()"),
                         (w.isdigit(), "word.isdigit()")):
            if on:
                b, i = g(name)
                sb += b
                si += i
        row = [sb, si]
        for side in ("-1:", "+1:"):
            lb, li = g(side + "word.lower():" + low)
            tb, ti = g(side + "word.istitle()") if is_title else self.zero
            ub, ui = g(side + "word.isupper()") if is_upper else self.zero
            row += [lb, li, tb, ti, ub, ui]
        flags = ((1 if w in string.punctuation else 0)
                 | (2 if w[0].isdigit() else 0)
                 | (4 if w[0].istitle() else 0))
        row += [self.vocab.get(low, self.unk), flags]
        return row

    def joined(self, toks: list[str]) -> list[bool]:
        """For each token, whether pyvi glues it to the previous one with '_'."""
        n = len(toks)
        if n < 2:
            if n:
                toks[0].encode("utf-8")  # lone surrogates fail in pyvi too (see row())
            return [False] * n
        np = self.np
        tables = self.tables
        ids = list(map(tables.ids.get, toks))
        if None in ids:
            if tables.size + n > self.MAX_ROWS:
                with self.lock:
                    if self.tables is tables:
                        self.tables = _Tables(self)
                    tables = self.tables
            tables.add(toks)
            ids = list(map(tables.ids.get, toks))
        # Read the arrays only after every id is known (see _Tables).
        # One gathered row per token, then transposed so that each feature is a
        # contiguous vector for the arithmetic below.
        R = tables.F.take(np.array(ids, dtype=np.intp), axis=0).T.copy()
        wid = R[14].astype(np.int64)
        fl = R[15].astype(np.uint8)

        # n-gram membership of each adjacent pair (bg[i]: tokens i, i+1) and
        # triple (tg[i]: tokens i, i+1, i+2).
        K = self.K
        k2 = wid[:-1] * K + wid[1:]
        bg = (self.bigram_bits.take(k2 >> 3) >> (k2 & 7).astype(np.uint8)) & 1
        if n > 2:
            p2 = k2[:-1]
            cand = np.flatnonzero(
                (self.trigram_prefix_bits.take(p2 >> 3) >> (p2 & 7).astype(np.uint8)) & 1)
            tg = np.zeros(n - 2, dtype=np.uint8)
            if len(cand):
                k3 = p2[cand] * K + wid[cand + 2]
                trigrams = self.trigrams
                tg[cand] = trigrams.take(np.searchsorted(trigrams, k3), mode="clip") == k3

        # State scores, added in pyvi's feature order: self prefix, -1 lower/title/
        # upper, -1 bigram, -2 trigram, +1 lower/title/upper, +1 bigram, +2 trigram.
        # Elementwise numpy additions in this order round exactly like CRFsuite.
        # Row 0 of S is label 0 (B_W), row 1 label 1 (I_W).
        S = R[0:2].copy()
        S[:, 1:] += R[2:4, :-1]
        S[:, 1:] += R[4:6, :-1]
        S[:, 1:] += R[6:8, :-1]
        S[:, 1:] += self.bg_prev[:, None] * bg
        if n > 2:
            S[:, 2:] += self.tg_prev[:, None] * tg
        S[:, :-1] += R[8:10, 1:]
        S[:, :-1] += R[10:12, 1:]
        S[:, :-1] += R[12:14, 1:]
        S[:, :-1] += self.bg_next[:, None] * bg
        if n > 2:
            S[:, :-2] += self.tg_next[:, None] * tg

        labels = _viterbi(S[0].tolist(), S[1].tolist(), self.trans)
        lab = np.array(labels, dtype=np.uint8)
        if self.i_label == 0:
            lab ^= 1
        # pyvi: I_W and neither token is (a substring of) string.punctuation, neither
        # starts with a digit, and not (this starts title-case and previous does not).
        cur = fl[1:]
        prev = fl[:-1]
        ok = (((cur | prev) & 3) | (cur & ~prev & 4)) == 0
        out = (ok & (lab[1:] == 1)).tolist()
        out.insert(0, False)
        return out


# Backpointer pairs: for each step, (best predecessor of label 0, of label 1).
_B00, _B10, _B01, _B11 = (0, 0), (1, 0), (0, 1), (1, 1)


def _viterbi(sb: list[float], si: list[float], trans: tuple[float, float, float, float]) -> list[int]:
    """Best label path (0/1 per item), exactly as CRFsuite's crf1dc_viterbi.

    ``sb``/``si`` are the state scores of labels 0 and 1, ``trans`` is
    (t00, t01, t10, t11). Each score is ``(prev[i] + trans[i][j]) + state[j]`` as in
    C, and ties keep the lower label (``if (max < score)``), at each step and at the
    end. This loop is the one part that cannot be vectorised without changing the
    floating-point rounding, so it is kept as lean as possible.
    """
    t00, t01, t10, t11 = trans
    a0 = sb[0]
    a1 = si[0]
    back: list[tuple[int, int]] = []
    push = back.append
    for b, i in zip(sb[1:], si[1:]):
        x0 = a0 + t00
        y0 = a1 + t10
        x1 = a0 + t01
        y1 = a1 + t11
        if x0 < y0:
            a0 = y0 + b
            if x1 < y1:
                a1 = y1 + i
                push(_B11)
            else:
                a1 = x1 + i
                push(_B10)
        else:
            a0 = x0 + b
            if x1 < y1:
                a1 = y1 + i
                push(_B01)
            else:
                a1 = x1 + i
                push(_B00)
    last = 1 if a0 < a1 else 0
    path = [last]
    push2 = path.append
    for pair in reversed(back):
        last = pair[last]
        push2(last)
    path.reverse()
    return path


_model: _Model | None = None
_load_lock = threading.Lock()


def load() -> None:
    """Load the model now (otherwise the first call does it: ~10 ms with the tables
    cached on disk, ~0.1 s the first time, when they are derived and cached).

    Call it before forking worker processes so they share the loaded tables.
    """
    global _model
    if _model is None:
        with _load_lock:
            if _model is None:
                _model = _Model()


def _get_model() -> _Model:
    if _model is None:
        load()
    assert _model is not None
    return _model


def _after_fork_in_child() -> None:
    # A lock held by another thread at fork time would stay locked forever.
    global _load_lock
    _load_lock = threading.Lock()
    if _model is not None:
        _model.lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# --- public API --------------------------------------------------------------
_SEPARATORS = ("", " ", "_")


def tokenize(text: str) -> str:
    """Identical to ``pyvi.ViTokenizer.tokenize(text)`` for every input.

    Like pyvi: the text is NFC-normalised, syllables are joined by "_" inside a
    word and by " " between words, "\\n" is a token of its own (so it shows up as
    " \\n " or, when the CRF glues it, "_\\n"), and text without any token (empty,
    whitespace only) is returned unchanged (not normalised). Lone surrogates raise
    ``UnicodeEncodeError`` where pyvi raises ``SystemError``.
    """
    norm = unicodedata.normalize("NFC", text)
    toks = syllables(norm)
    if not toks:
        return text
    joined = _get_model().joined(toks)
    seps = [_SEPARATORS[2 if j else 1] for j in joined]
    seps[0] = ""
    return "".join(map(add, seps, toks))


def format_segments(text: str, segs: list[tuple[int, int, bool]]) -> str:
    """pyvi's string form of :func:`segment`'s output: "_" before joined tokens, else " ".

    ``format_segments(t, segment(t)) == tokenize(t)`` for NFC text with a token.
    """
    if not segs:
        return text  # like pyvi: no token at all -> the input unchanged
    parts = []
    for k, (start, end, joined) in enumerate(segs):
        if k:
            parts.append("_" if joined else " ")
        parts.append(text[start:end])
    return "".join(parts)


def segment(text: str) -> list[tuple[int, int, bool]]:
    """Syllables of ``text`` as ``(start, end, joined)`` offsets into ``text`` itself.

    ``text`` must already be NFC (pyvi NFC-normalises first; we do not, so that the
    offsets stay valid for the caller's string); for NFC input the tokens and the
    ``joined`` flags are exactly pyvi's. ``joined`` is True when pyvi would write
    "_" (not " ") between this token and the previous one; the first token is
    never joined.

    Newlines: every "\\n" is a token (pyvi's regex emits it and the CRF sees it as
    a syllable), so it is *included* here, just as ``tokenize()`` keeps it. It may
    even be ``joined`` to the previous syllable (pyvi then writes "_\\n"). Callers
    that only want words should skip whitespace-only tokens. Rebuilding
    ``tokenize(text)``: ``text[s:e]`` of each token, preceded by "_" if joined,
    else " " (nothing before the first).
    """
    toks = syllables(text)
    if not toks:
        return []
    model = _get_model()
    starts, ends = model.offsets(text, toks)
    joined = model.joined(toks)
    return list(zip(starts, ends, joined))
