"""ctsearch.segment must give exactly pyvi's output, faster and without scikit-learn.

pyvi.ViTokenizer (slow to import) is the reference here; the corpus test reads
articles from ../shared/corpus at run time (never copy them into the repository).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from ctsearch import segment as seg

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "vn-news.jsonl"


@pytest.fixture(scope="module")
def pyvi():
    from pyvi import ViTokenizer

    return ViTokenizer




def check_identical(pyvi, text: str) -> None:
    """tokenize() == pyvi, and segment() on the NFC text rebuilds the same string."""
    expected = pyvi.tokenize(text)
    assert seg.tokenize(text) == expected
    nfc = unicodedata.normalize("NFC", text)
    segs = seg.segment(nfc)
    if segs:
        assert seg.format_segments(nfc, segs) == expected
    else:
        assert expected == text
    # Offsets: every token is the syllable pyvi's syllabiser found, in order.
    _, syllables = pyvi.ViTokenizer.sylabelize(text)
    assert [nfc[s:e] for s, e, _ in segs] == syllables
    assert all(0 <= s < e <= len(nfc) for s, e, _ in segs)
    assert not segs or segs[0][2] is False


TRICKY = [
    "",
    " ",
    "   \t  ",
    "\n",
    "\n\n  \n",
    "...",
    "!?,.;:",
    "==> -> >> ...",
    "Giá vàng 2.983,97 USD, tăng 1,5% so với 12.5.2017.",
    "Đường dây 110kV và 500 kV; 3_4_5; 1.000.000đ",
    "Liên hệ: ban.bien-tap@congthuong.vn hoặc a.b+c@x.y.z",
    "Xem https://congthuong.vn/tin-tuc?id=1&x=2 và http://a.b/c.",
    "TP.HCM, Tp. Hà Nội, Mr. Smith, Mrs. Lan, Ms. Hoa, Dr. Minh, ThS. Nam, Q.1, P.TGĐ",
    "Bộ Công Thương (MOIT) và Tập đoàn Điện lực Việt Nam (EVN)",
    "HÀ NỘI - BỘ CÔNG THƯƠNG YÊU CẦU KIỂM TRA GIÁ XĂNG DẦU",
    "Thủ Tướng Chính Phủ Nguyễn Xuân Phúc",
    "xuất khẩu gạo\nnhập khẩu xăng dầu\n\nthị trường chứng khoán",
    unicodedata.normalize("NFD", "Thương mại điện tử Việt Nam tăng trưởng mạnh"),
    "Hoà bình, hòa bình, thuỷ điện, thủy điện, khoẻ, khỏe",
    "tiếng Việt có dấu và tieng Viet khong dau",
    "“Ngoặc kép” «guillemets» (ngoặc) [vuông] {nhọn} — gạch ngang – …",
    "a_b __init__ _x_ x_ _",
    "x\x00y http://a\x00b c",
    "ǅ İstanbul ß Σίσυφος ΟΔΥΣΣΕΥΣ ½ ² ٣٤",
    "  khoảng trắng   thừa\t\tvà\xa0nbsp\u2009ở giữa  ",
    "\r\nWindows\r\nnewlines\r\n",
    "A. B. C. ĐH. Tp.HCM",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings(pyvi, text):
    check_identical(pyvi, text)


def test_seed_articles(pyvi):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert seeds, "seeds/*.txt missing"
    for path in seeds:
        check_identical(pyvi, path.read_text(encoding="utf-8"))


def test_random_strings(pyvi):
    """Random mixes of the characters and patterns pyvi's regex treats specially."""
    alphabet = list("aAbTpMrsDhSđĐếỆ_0123456789٣.,:;/@-=>+!?\"'()…“”%&#") + [
        " ", " ", " ", "\n", "\t", "\xa0", "\r", "\u2009", "\x00", "\u0301", "ß", "İ", "ǅ", "Σ", "²"]
    pieces = ["http://", "https://x.com/a?b=1", "a@b.com", ".a@b.c", "TP.HCM", "Tp.", "Mr.", "Mrs.",
              "ThS.", "Dr.", "Ms.", "==>", "->", "...", ">>", "2.983,97", "1_2", "110kV", "ABC.",
              "Đ.", "x://", "người", "Việt", "HÀ NỘI", "12.5.2017"]
    rnd = random.Random(20240607)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) if rnd.random() < 0.3 else rnd.choice(alphabet)
                       for _ in range(rnd.randint(0, 14)))
        check_identical(pyvi, text)


def test_syllables_match_pyvi_regex(pyvi):
    rnd = random.Random(7)
    alphabet = list("aĐ_1.,:/@->= \n\t") + ["TP.", "Mr.", "http://x", "a@b.c", "1.2"]
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20)))
        assert seg.syllables(text) == pyvi.ViTokenizer.sylabelize(text)[1]


def test_segment_offsets_refer_to_given_string():
    text = "Bộ Công Thương  vừa\tban hành\nThông tư 12/2023/TT-BCT."
    segs = seg.segment(text)
    assert [text[s:e] for s, e, _ in segs] == seg.syllables(text)
    assert any(text[s:e] == "\n" for s, e, _ in segs)  # newline tokens are included


def test_vectorised_offsets_match_search():
    """model.offsets() (numpy, via the whitespace table) equals the plain search."""
    seg.load()
    rnd = random.Random(11)
    alphabet = list("aĐ_1.,:/@->= \n\t\r\x0b\x1c\x85\xa0\u2009\u3000\u0301") + ["TP.", "http://x", "😀", "𝔘"]
    texts = TRICKY + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 30))) for _ in range(2000)]
    for text in texts:
        toks = seg.syllables(text)
        if toks:
            assert seg._model.offsets(text, toks) == seg._offsets_by_search(text, toks)


def test_surrogates_raise(pyvi):
    """pyvi fails (SystemError from pycrfsuite) on lone surrogates; we raise too."""
    text = "a\ud800b"
    with pytest.raises(Exception):
        pyvi.tokenize(text)
    with pytest.raises(UnicodeEncodeError):
        seg.tokenize(text)


def test_table_growth_and_reset(pyvi, monkeypatch):
    """The per-syllable cache grows from a tiny capacity and resets past MAX_ROWS."""
    seg.load()
    model = seg._model
    monkeypatch.setattr(model, "tables", seg._Tables(model, capacity=2))
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for text in texts:
        assert seg.tokenize(text) == pyvi.tokenize(text)
    monkeypatch.setattr(model, "MAX_ROWS", 50)
    for text in texts:
        assert seg.tokenize(text) == pyvi.tokenize(text)
    assert model.tables.size <= 50 + max(len(seg.syllables(t)) for t in texts)


def test_threads(pyvi):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [t[::-1] for t in texts]  # plenty of syllables the cache has not seen
    expected = [pyvi.tokenize(t) for t in texts]
    seg.load()
    seg._model.tables = seg._Tables(seg._model, capacity=4)  # force concurrent cache misses
    errors: list[str] = []

    def work(k: int) -> None:
        for i in range(len(texts)):
            j = (i + k) % len(texts)
            if seg.tokenize(texts[j]) != expected[j]:
                errors.append(f"thread {k} text {j}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def _tokenize_in_worker(text: str) -> str:
    return seg.tokenize(text)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_worker_processes(pyvi, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} not available")
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    if method == "fork":
        seg.load()  # children inherit the loaded model
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(2) as pool:
        got = pool.map(_tokenize_in_worker, texts)
    assert got == [pyvi.tokenize(t) for t in texts]


def test_import_is_light():
    """Importing search.segment must be cheap and must not pull in scikit-learn, pyvi's
    tokenizer or numpy; even using it must not import scikit-learn."""
    code = (
        "import sys, time\n"
        "import search\n"  # the package itself belongs to others; time only our module
        "before = set(sys.modules)\n"
        "t = time.perf_counter()\n"
        "import ctsearch.segment as s\n"
        "dt = time.perf_counter() - t\n"
        "new = set(sys.modules) - before\n"
        "heavy = [m for m in new if m.split('.')[0] in ('sklearn', 'sklearn_crfsuite', 'numpy', 'scipy',"
        " 'pycrfsuite') or m == 'pyvi.ViTokenizer']\n"
        "assert not heavy, heavy\n"
        # Typically ~5-10 ms; the bound is loose so a busy machine does not fail it.
        "assert dt < 0.15, dt\n"
        "s.tokenize('Bộ Công Thương')\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sklearn', 'sklearn_crfsuite', 'scipy',"
        " 'pycrfsuite') or m == 'pyvi.ViTokenizer']\n"
        "assert not heavy, heavy\n"
        "print('ok')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


def _corpus_sample(n: int) -> list[dict]:
    """Every k-th article of the corpus, spread over the whole file."""
    with open(CORPUS, "rb") as fh:
        total = sum(1 for _ in fh)
    step = max(1, total // n)
    out = []
    with open(CORPUS, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % step == 0 and len(out) < n:
                out.append(json.loads(line))
    return out


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus/vn-news.jsonl not available")
def test_corpus_sample(pyvi):
    for rec in _corpus_sample(300):
        for field in ("title", "text"):
            check_identical(pyvi, rec.get(field) or "")


# --- the on-disk cache of the derived tables -------------------------------------------
@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    """pyvi's model files copied to a directory of their own, used as pyvi's, with
    the cache in another one: the tests may touch both."""
    models = tmp_path / "models"
    models.mkdir()
    for name in ("pyvi3.pkl", "words.txt"):
        (models / name).write_bytes(Path(seg._pyvi_models_dir(), name).read_bytes())
    monkeypatch.setattr(seg, "_pyvi_models_dir", lambda: str(models))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return models


def _cache_file(models: Path) -> Path:
    return Path(seg._cache_path(str(models)))


def _count_derivations(monkeypatch) -> list[str]:
    """Record every derivation of the tables (the cache was not used)."""
    calls: list[str] = []
    real = seg._derive_tables

    def counting(models: str) -> dict:
        calls.append(models)
        return real(models)

    monkeypatch.setattr(seg, "_derive_tables", counting)
    return calls


def test_tables_are_cached_in_the_user_cache_dir(model_copy, tmp_path, monkeypatch):
    calls = _count_derivations(monkeypatch)
    first = seg._load_tables()
    assert len(calls) == 1
    cached = _cache_file(model_copy)
    assert cached.is_file() and cached.parent == tmp_path / "cache" / "ctsearch"
    second = seg._load_tables()
    assert len(calls) == 1, "the cache was not used"
    assert second == first
    assert [p.name for p in cached.parent.iterdir()] == [cached.name]  # no temporary file left


def test_cached_tables_segment_exactly_like_pyvi(pyvi, model_copy, monkeypatch):
    fresh = seg._Model(seg._derive_tables(str(model_copy)))
    seg._load_tables()                      # writes the cache
    calls = _count_derivations(monkeypatch)
    cached = seg._Model()                   # reads it
    assert not calls
    for name in ("w", "vocab", "trans", "i_label", "K", "unk"):
        assert getattr(cached, name) == getattr(fresh, name), name
    for name in ("bigram_bits", "trigram_prefix_bits", "trigrams", "dropped",
                 "bg_prev", "tg_prev", "bg_next", "tg_next"):
        a, b = getattr(cached, name), getattr(fresh, name)
        assert a.dtype == b.dtype and a.tolist() == b.tolist(), name
    monkeypatch.setattr(seg, "_model", cached)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for text in texts + TRICKY:
        check_identical(pyvi, text)


def test_changed_model_files_rebuild_the_cache(model_copy, monkeypatch):
    seg._load_tables()
    calls = _count_derivations(monkeypatch)
    words = model_copy / "words.txt"
    st = words.stat()
    os.utime(words, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))   # as if pyvi were reinstalled
    seg._load_tables()
    assert len(calls) == 1
    seg._load_tables()
    assert len(calls) == 1, "the rebuilt cache was not written"


def test_a_new_cache_format_rebuilds_the_cache(model_copy, monkeypatch):
    seg._load_tables()
    calls = _count_derivations(monkeypatch)
    monkeypatch.setattr(seg, "CACHE_FORMAT", seg.CACHE_FORMAT + 1)
    seg._load_tables()
    assert len(calls) == 1


def _pickled_with_a_class(data: bytes) -> bytes:
    """A well-formed cache file whose content names a class (it could run code)."""
    import pickle
    import zlib

    head = len(seg._CACHE_MAGIC)
    key, tables = pickle.loads(data[head + 4:])
    payload = pickle.dumps((key, dict(tables, labels=Path("B_W"))))
    return seg._CACHE_MAGIC + zlib.crc32(payload).to_bytes(4, "little") + payload


@pytest.mark.parametrize("damage", [
    lambda data: b"",
    lambda data: data[:len(data) // 2],                                   # truncated
    lambda data: data[:-1] + bytes([data[-1] ^ 1]),                       # one bit flipped
    lambda data: b"not a cache file at all",
    lambda data: data.replace(seg._CACHE_MAGIC, b"x" * len(seg._CACHE_MAGIC), 1),
    _pickled_with_a_class,
], ids=["empty", "truncated", "bit-flip", "garbage", "bad-magic", "class-inside"])
def test_a_damaged_cache_is_rebuilt(model_copy, monkeypatch, damage):
    expected = seg._load_tables()
    cached = _cache_file(model_copy)
    cached.write_bytes(damage(cached.read_bytes()))
    calls = _count_derivations(monkeypatch)
    assert seg._load_tables() == expected
    assert len(calls) == 1
    assert seg._read_cache(str(cached), seg._cache_key(str(model_copy))) == expected


def test_an_unwritable_cache_dir_is_not_an_error(model_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    expected = seg._derive_tables(str(model_copy))
    calls = _count_derivations(monkeypatch)
    assert seg._load_tables() == expected
    assert seg._load_tables() == expected
    assert len(calls) == 2   # derived each time, nothing cached
    assert blocker.is_file()


def test_pyvis_word_list_is_where_the_lexicon_reads_it():
    # ctsearch.lexicon reads pyvi's dictionary through this one function; if a pyvi
    # release moves or drops models/words.txt, this fails first.
    words = seg.dictionary_words()
    assert len(words) > 20000
    assert "làng nghề" in words and "mặt trời" in words
