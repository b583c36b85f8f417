#!/usr/bin/env python3
"""ctsearch relevance benchmark (a benchmark, not a test: missed targets never fail it).

    python bench/relevance.py --corpus ../shared/corpus/vn-news.jsonl [--index-dir DIR]
                              [--queries N] [--known N] [--seed S] [--out FILE.json]

Builds (or reuses, with --index-dir) an index of the whole corpus, then measures, with
query sets drawn from the corpus itself (never from the project's own word lists):

* short queries typed without diacritics: for industry-and-trade terms (two- and
  three-syllable words salient in the articles the extraction tags with a topic, read
  the way most of those articles write them) and for common two-syllable words (read
  the way most articles write them): restoration accuracy, P@10 of the query typed
  without diacritics beside the same query typed with them, and top-1 precision;
* the same short queries with one slip of the fingers in one syllable (a letter left
  out, doubled, swapped, or a key beside the right one): whether they are read as the
  word meant and P@10 for it, apart for slips that make a syllable the articles have
  ("thuong mia": mía is a word) and slips that make one they do not;
* the same short queries typed as Telex keys with the keyboard's Vietnamese input off
  ("ddieenj gios"): read right, and P@10;
* the same short queries typed with their marks but without tones ("thuy điên", "lang
  nghê"): read right, and P@10; and two-syllable words of level tone typed as written
  ("công thương"): the share kept as typed;
* keywords: three words of one headline, none beside another, typed without diacritics:
  the share read as the headline writes them, and the wrong readings claimed as sure;
* runs: five to seven syllables side by side in one headline, typed without diacritics
  (a phrase remembered from a headline, a campaign's or a programme's name): the share
  read as the headline writes them, and the wrong readings claimed as sure;
* accented: three to five syllables side by side in one headline, typed with their
  diacritics, where some have a tone and some no mark at all ("giá thanh long", "thay
  thịt gà"): the share taken as typed (nothing read or offered instead); and the same
  with one toned syllable's marks left out ("thay thit gà"): the share read right;
* tone slips: two to four syllables side by side in one headline, typed with their
  diacritics, and the same with one syllable's tone slipped as people slip it (hỏi for
  ngã and back, hỏi for nặng and back: "thủy sạn", "kỷ thuật") into another syllable the
  articles write: the share of slips read or offered as the headline writes them, the
  share of the headline's words taken as typed, and how much of what the words typed right
  list in their top 10 (articles writing them) the slip's own top 10 holds;
* known-item search: each sampled article's headline as the query, with and without
  diacritics (found at rank 1, found in the top 10); and the same headline with one
  word replaced by a word the article does not contain;
* abbreviations and names: for pairs of forms (short, long), the recall of each form
  against the articles that contain either form, and the precision of what it finds;
* syllables apart: two syllables of one article (each in 200 to 5,000 articles) that no
  article writes side by side, typed without diacritics: the share read as other letters
  than typed, that is, corrected as a typo although each is a word the articles have (what
  the typo correction costs);
* phrases: two words of two syllables side by side in a headline, written so in 5 to 300
  articles ("thị trường bán lẻ"), typed with and without diacritics: the share of the top
  10 that writes them side by side (of as many as there are, up to 10);
* spellings: two-syllable words written both ways in 10 articles or more, with a syllable
  spelled i or y alike ("tỷ/tỉ đồng", "kỹ/kĩ thuật", "quy/qui định", "bác sĩ/sỹ"), typed in
  either spelling, with and without diacritics: the share of the articles with either
  spelling that the query finds;
* two-word queries: pairs of syllables written side by side in 100 to 2,000 articles
  ("tăng mạnh", "xe điện", "sơn la"), typed with and without diacritics: the share of
  the articles holding the pair that the query finds (a query read as one compound
  word finds only the articles that segment it so), and P@10.

A hit is relevant to a short query when its cleaned text contains the intended
reading as a word (syllables side by side, accents and case as normalised by the
index). Prints one table and writes the figures as JSON.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ctsearch.query import SearchEngine          # noqa: E402
from ctsearch.textnorm import canon, fold, nfc, normalize_tones, strip_tone, tone_of     # noqa: E402

import judged                                    # noqa: E402  (bench/judged.py, beside this script)

#: Pairs of forms (short, long) written both ways in Vietnamese industry-and-trade news.
PAIRS = [
    ("TMĐT", "thương mại điện tử"), ("KCN", "khu công nghiệp"), ("CCN", "cụm công nghiệp"),
    ("UBND", "ủy ban nhân dân"), ("QLTT", "quản lý thị trường"), ("XNK", "xuất nhập khẩu"),
    ("TTCN", "tiểu thủ công nghiệp"), ("EVN", "tập đoàn điện lực việt nam"),
    ("TP.HCM|TP HCM|TPHCM", "thành phố hồ chí minh|tp hồ chí minh"), ("HĐND", "hội đồng nhân dân"), ("DNNVV", "doanh nghiệp nhỏ và vừa|doanh nghiệp vừa và nhỏ"),
    ("HTX", "hợp tác xã"), ("CNTT", "công nghệ thông tin"), ("ĐBSCL", "đồng bằng sông cửu long"),
    ("NHNN", "ngân hàng nhà nước"), ("KKT", "khu kinh tế"), ("KCX", "khu chế xuất"),
    ("PCCC", "phòng cháy chữa cháy"), ("BVMT", "bảo vệ môi trường"), ("ATTP", "an toàn thực phẩm"),
    ("VSATTP", "vệ sinh an toàn thực phẩm"), ("FDI", "đầu tư trực tiếp nước ngoài"),
    ("CPI", "chỉ số giá tiêu dùng"), ("WTO", "tổ chức thương mại thế giới"), ("TKV", "tập đoàn công nghiệp than - khoáng sản việt nam"),
    ("BR-VT", "bà rịa - vũng tàu"), ("GTVT", "giao thông vận tải"), ("THPT", "trung học phổ thông"),
    ("CSGT", "cảnh sát giao thông"), ("BHXH", "bảo hiểm xã hội"), ("ĐH", "đại học"),
]

_WORD = re.compile(r"[^\W\d_]+")


def _load_corpus(path: Path) -> dict[str, dict]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out[r["id"]] = r
    return out


def corpus_engine(corpus: Path, index_dir: Path | None):
    """A search engine over an index of ``corpus`` (built if ``index_dir`` holds none), or
    None, said, where there is no corpus: the benchmarks measure nothing then."""
    if not corpus.exists():
        print(f"no corpus at {corpus}: nothing to measure", file=sys.stderr)
        return None
    from ctsearch.query import SearchEngine

    return SearchEngine(_ensure_index(corpus, index_dir))


def _ensure_index(corpus: Path, index_dir: Path | None) -> Path:
    if index_dir is not None and (index_dir / "ctsearch.json").exists():
        return index_dir
    target = index_dir or Path(tempfile.mkdtemp(prefix="ctsearch-relevance-"))
    subprocess.run([sys.executable, "-m", "ctsearch.cli", "index", str(corpus), "--index-dir", str(target),
                    "--quiet"], check=True)
    return target


def _canon_text(rec: dict) -> str:
    return canon(nfc((rec.get("title") or "") + "\n" + rec.get("text", "")))


def _contains(text: str, phrase: str) -> bool:
    return re.search(r"(?<![^\W_])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![^\W_])", text) is not None


# --- query sets ---------------------------------------------------------------------------
def _words(text: str) -> set[str]:
    """The lower-case words of two or three syllables pyvi finds in ``text`` (proper names,
    written with capitals, left out), canonical."""
    from ctsearch.analysis import iter_words

    out = set()
    for spans, _gap in iter_words(text):
        if 2 <= len(spans) <= 3:
            first = text[spans[0][0]:spans[0][1]]
            if first[:1].islower():
                out.add(canon(" ".join(text[s:e] for s, e in spans)))
    return out


@functools.lru_cache(maxsize=1)
def common_words(engine: SearchEngine) -> dict[str, int]:
    """The index's words of two syllables (letters only) in 100 articles or more, as
    written ("công thương"), with their document frequencies: read once for every set."""
    out = {}
    for term, info in engine.searcher().reader().iter_field("body"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        parts = word.split("_")
        df = info.doc_frequency()
        if len(parts) == 2 and df >= 100 and all(p.isalpha() for p in parts):
            out[word.replace("_", " ")] = df
    return out


def build_query_sets(engine: SearchEngine, corpus: dict[str, dict], n: int, seed: int):
    """(domain terms, common words): intended accented readings of short queries.

    Domain terms: words of two or three syllables frequent in the articles the extraction
    tags with a topic and salient there (at least a quarter of the articles using the word
    are tagged), read as most of those articles write them. Common words: two-syllable
    words in at least 100 articles, read as most articles write them (the word field's
    document frequencies), sampled.
    """
    searcher = engine.searcher()
    reader = searcher.reader()
    topic_ids = [f["id"] for f in searcher.all_stored_fields() if f.get("topics")]
    counts: collections.Counter = collections.Counter()
    for i in topic_ids:
        r = corpus.get(i)
        if r:
            counts.update(_words(nfc((r.get("title") or "") + "\n" + r["text"])))

    def df_all(word: str) -> int:
        return reader.doc_frequency("body", word.replace(" ", "_"))

    by_fold: dict[str, tuple[str, int]] = {}
    for word, df in counts.items():
        if df < 5 or fold(word) == word or not word.replace(" ", "").isalpha():
            continue
        if df < df_all(word) / 4:
            continue
        key = fold(word)
        if key not in by_fold or df > by_fold[key][1]:
            by_fold[key] = (word, df)
    domain = [w for w, _df in sorted(by_fold.values(), key=lambda x: -x[1])][:n]

    best: dict[str, tuple[str, int]] = {}
    for word, df in common_words(engine).items():
        key = fold(word)
        if key not in best or df > best[key][1]:
            best[key] = (word, df)
    pool = sorted(w for w, _df in best.values() if fold(w) != w and w not in domain)
    rnd = random.Random(seed)
    common = rnd.sample(pool, min(n, len(pool)))
    return domain, common


# --- measures ------------------------------------------------------------------------
def _p_at_10(engine, text: str, intended: str, texts: dict[str, str], literal: bool = False):
    r = engine.search(text, limit=10, literal=literal)
    rel = [_contains(texts[h.id], intended) for h in r.hits if h.id in texts]
    p10 = sum(rel) / 10.0
    top1 = bool(rel and rel[0])
    return p10, top1, r


def short_queries(engine, terms: list[str], texts: dict[str, str]) -> dict:
    rows = []
    for intended in terms:
        typed = fold(intended)
        p_plain, top_plain, r = _p_at_10(engine, typed, intended, texts)
        p_acc, top_acc, _ = _p_at_10(engine, intended, intended, texts)
        reading = r.interpreted_as or r.suggestion or (r.query if canon(r.query) == intended else None)
        rows.append({"intended": intended, "typed": typed, "reading": reading,
                     "restored": reading is not None and canon(reading) == intended,
                     "confident": r.interpreted_as is not None,
                     "p10_unaccented": p_plain, "p10_accented": p_acc,
                     "top1_unaccented": top_plain, "top1_accented": top_acc})
    n = max(1, len(rows))
    p_plain = sum(r["p10_unaccented"] for r in rows) / n
    p_acc = sum(r["p10_accented"] for r in rows) / n
    return {
        "queries": len(rows),
        "restoration_accuracy": sum(r["restored"] for r in rows) / n,
        "confident_share": sum(r["confident"] for r in rows) / n,
        "p10_unaccented": p_plain, "p10_accented": p_acc,
        "p10_ratio": p_plain / p_acc if p_acc else None,
        "top1_unaccented": sum(r["top1_unaccented"] for r in rows) / n,
        "top1_accented": sum(r["top1_accented"] for r in rows) / n,
        "misread": [(r["typed"], r["reading"], r["intended"]) for r in rows if not r["restored"]],
        "rows": rows,
    }


def toneless_queries(engine, terms: list[str], level: list[str], texts: dict[str, str]) -> dict:
    """Short queries typed with their marks but without tones, as a phone's keyboard makes
    easy ("thuy điên", "lang nghê"): whether they are read as the word meant, and P@10 for
    it; and words of level tone typed as written ("công thương", "xăng dầu" has a tone):
    whether they are kept as typed (not read as some toned word)."""
    read = _typed_as(engine, terms, texts, lambda w: " ".join(strip_tone(s) for s in w.split()))
    kept = []
    for word in level:
        r = engine.search(word, limit=1, snippet_width=0)
        kept.append({"typed": word, "reading": r.interpreted_as, "kept": r.interpreted_as is None
                     or canon(r.interpreted_as) == canon(word)})
    m = max(1, len(kept))
    return {**read, "level_queries": len(kept), "level_kept": sum(r["kept"] for r in kept) / m,
            "level_changed": [(r["typed"], r["reading"]) for r in kept if not r["kept"]]}


def _typed_as(engine, terms: list[str], texts: dict[str, str], typing) -> dict:
    """Each intended word typed as ``typing`` makes it (skipped where that is the word
    itself or the word without diacritics): whether it is read as the word, and P@10."""
    rows = []
    for intended in terms:
        typed = typing(intended)
        if typed == intended or typed == fold(intended):
            continue
        p10, _top, r = _p_at_10(engine, typed, intended, texts)
        reading = r.interpreted_as or r.suggestion
        rows.append({"intended": intended, "typed": typed, "reading": reading, "p10": p10,
                     "restored": reading is not None and canon(reading) == intended})
    n = max(1, len(rows))
    return {"queries": len(rows), "restoration_accuracy": sum(r["restored"] for r in rows) / n,
            "p10": sum(r["p10"] for r in rows) / n,
            "misread": [(r["typed"], r["reading"], r["intended"]) for r in rows if not r["restored"]], "rows": rows}


_TELEX_KEYS = {"đ": "dd", "â": "aa", "ê": "ee", "ô": "oo", "ă": "aw", "ơ": "ow", "ư": "uw"}
_TONE_KEYS = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}


def as_telex(word: str) -> str:
    """``word`` as the keys Telex takes with the keyboard's Vietnamese input off: each
    syllable's marks spelled out, its tone key last ("điện gió": "ddieenj gios")."""
    out = []
    for syllable in word.split():
        tone = tone_of(syllable)
        keys = "".join(_TELEX_KEYS.get(ch, ch) for ch in strip_tone(syllable))
        out.append(keys.replace("uwow", "uow") + _TONE_KEYS.get(tone, ""))
    return " ".join(out)


def telex_queries(engine, terms: list[str], texts: dict[str, str]) -> dict:
    """Short queries typed as Telex keys with the keyboard's Vietnamese input off ("ddieenj
    gios"): whether they are read as the word meant, and P@10 for it."""
    return _typed_as(engine, terms, texts, as_telex)


_VNI_MARKS = {"â": "6", "ê": "6", "ô": "6", "ă": "8", "ơ": "7", "ư": "7"}
_TONE_DIGITS = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def as_vni(word: str) -> str:
    """``word`` as the keys VNI takes with the keyboard's Vietnamese input off: đ as d9,
    each syllable's vowel marks and then its tone as digits after it ("điện gió": "d9ien65
    gio1", "thương": "thuong7")."""
    out = []
    for syllable in word.split():
        tone = tone_of(syllable)
        bare = strip_tone(syllable)
        marks = "".join(dict.fromkeys(_VNI_MARKS[ch] for ch in bare if ch in _VNI_MARKS))
        letters = fold(bare).replace("d", "d9", 1) if "đ" in bare else fold(bare)
        out.append(letters + marks + _TONE_DIGITS.get(tone, ""))
    return " ".join(out)


def vni_queries(engine, terms: list[str], texts: dict[str, str]) -> dict:
    """Short queries typed as VNI keys with the keyboard's Vietnamese input off ("d9ien65
    gio1"): whether they are read as the word meant, and P@10 for it."""
    return _typed_as(engine, terms, texts, as_vni)


def glued_queries(engine, terms: list[str], texts: dict[str, str]) -> dict:
    """Short queries typed without diacritics and without spaces ("thuydien", "xuatkhau"),
    as a phone or a web address makes them: whether they are read as the word meant, and
    P@10 for it."""
    return _typed_as(engine, terms, texts, lambda w: fold(w).replace(" ", ""))


def level_words(engine: SearchEngine, n: int, seed: int) -> list[str]:
    """Two-syllable words in 100 articles or more, every syllable of level tone and some
    with marks ("công thương", "xăng dâu" is not one), drawn at random."""
    pool = sorted(w for w in common_words(engine) if strip_tone(w) == w and fold(w) != w)
    return random.Random(seed).sample(pool, min(n, len(pool)))


_NEIGHBOURS = {  # letters beside each other on a QWERTY keyboard
    "a": "qwsz", "b": "vghn", "c": "xdfv", "d": "serfcx", "e": "wsdr", "f": "drtgvc", "g": "ftyhbv",
    "h": "gyujnb", "i": "ujko", "j": "huikmn", "k": "jiolm", "l": "kop", "m": "njk", "n": "bhjm",
    "o": "iklp", "p": "ol", "q": "wa", "r": "edft", "s": "awedxz", "t": "rfgy", "u": "yhji",
    "v": "cfgb", "w": "qase", "x": "zsdc", "y": "tghu", "z": "asx"}


def _typo(word: str, rnd: random.Random) -> str:
    """One slip of the fingers in a word typed without diacritics: a letter left out,
    doubled, swapped with the next, or a key beside the right one."""
    i = rnd.randrange(len(word))
    kind = rnd.choice(("drop", "double", "swap", "near"))
    if kind == "drop" and len(word) > 2:
        return word[:i] + word[i + 1:]
    if kind == "swap" and i + 1 < len(word) and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "near" and word[i] in _NEIGHBOURS:
        return word[:i] + rnd.choice(_NEIGHBOURS[word[i]]) + word[i + 1:]
    return word[:i + 1] + word[i] + word[i + 1:]


def typo_queries(engine, terms: list[str], texts: dict[str, str], seed: int) -> dict:
    """Short queries typed without diacritics with one slip in one syllable: whether the
    reading is the word meant, and P@10 for it, split by whether the slip made a syllable
    the articles have ("mai" → "mia": mía is a word) or one they do not ("gio" → "gioo")."""
    rnd = random.Random(seed)
    vocab = engine.vocabulary()
    rows = []
    for intended in terms:
        syllables = fold(intended).split()
        i = rnd.randrange(len(syllables))
        slipped = _typo(syllables[i], rnd)
        if slipped == syllables[i]:
            continue
        typed = " ".join(syllables[:i] + [slipped] + syllables[i + 1:])
        p10, _top, r = _p_at_10(engine, typed, intended, texts)
        reading = r.interpreted_as or r.suggestion
        rows.append({"intended": intended, "typed": typed, "reading": reading,
                     "known_syllable": bool(vocab.syllable_forms.get(slipped)),
                     "restored": reading is not None and canon(reading) == intended, "p10": p10})
    out: dict = {"queries": len(rows), "rows": rows}
    for key, keep in (("all", lambda r: True), ("unknown_syllable", lambda r: not r["known_syllable"]),
                      ("known_syllable", lambda r: r["known_syllable"])):
        part = [r for r in rows if keep(r)]
        n = max(1, len(part))
        out[key] = {"queries": len(part), "restoration_accuracy": sum(r["restored"] for r in part) / n,
                    "p10": sum(r["p10"] for r in part) / n}
    out["misread"] = [(r["typed"], r["reading"], r["intended"]) for r in rows if not r["restored"]]
    return out


def known_items(engine, corpus: dict[str, dict], texts: dict[str, str], n: int, seed: int) -> dict:
    rnd = random.Random(seed)
    ids = sorted(i for i, r in corpus.items() if len(_WORD.findall(r.get("title") or "")) >= 6)
    sample = rnd.sample(ids, min(n, len(ids)))
    vocabulary = sorted({w for i in rnd.sample(ids, min(3000, len(ids)))
                         for w in _WORD.findall(canon(corpus[i]["title"])) if len(w) > 2})
    out = {"exact": [0, 0], "exact_unaccented": [0, 0], "one_wrong": [0, 0], "one_wrong_unaccented": [0, 0]}
    for doc_id in sample:
        title = nfc(corpus[doc_id]["title"]).strip()
        words = title.split()
        # One word replaced by a word the article does not contain.
        pos = rnd.randrange(len(words))
        body = texts[doc_id]
        for _ in range(50):
            cand = rnd.choice(vocabulary)
            if not _contains(body, cand):
                break
        wrong = " ".join(words[:pos] + [cand] + words[pos + 1:])
        for key, q in (("exact", title), ("exact_unaccented", fold(title)),
                       ("one_wrong", wrong), ("one_wrong_unaccented", fold(wrong))):
            hits = [h.id for h in engine.search(q, limit=10, snippet_width=0).hits]
            out[key][0] += bool(hits and hits[0] == doc_id)
            out[key][1] += doc_id in hits
    total = max(1, len(sample))
    return {k: {"top1": v[0] / total, "top10": v[1] / total} for k, v in out.items()} | {"queries": len(sample)}


def _all_ids(engine, text: str) -> set[str]:
    out: set[str] = set()
    page = 1
    while True:
        r = engine.search(text, limit=1000, page=page, snippet_width=0)
        out.update(h.id for h in r.hits if not h.missing)
        if page >= r.pages or not r.hits:
            return out
        page += 1


def _raw_text(rec: dict) -> str:
    """An article's own letters (NFC), as the index never normalises them."""
    return nfc((rec.get("title") or "") + "\n" + rec.get("text", ""))


def abbreviations(engine, texts: dict[str, str], corpus: dict[str, dict]) -> dict:
    raw = {i: _raw_text(r) for i, r in corpus.items()}
    rows = []
    for short_forms, long_forms in PAIRS:
        short, long = short_forms.split("|")[0], long_forms.split("|")[0]
        short_re = re.compile("|".join(
            r"(?<![^\W_])" + r"[.\s-]*".join(map(re.escape, re.split(r"[.\s-]+", f))) + r"(?![^\W_])"
            for f in short_forms.split("|")))
        long_re = re.compile("|".join(
            r"(?<![^\W_])" + r"[\s\-–]+".join(map(re.escape, [w for w in re.split(r"[\s\-]+", f) if w]))
            + r"(?![^\W_])" for f in long_forms.split("|")))
        has_short = {i for i, t in raw.items() if short_re.search(t)}
        has_long = {i for i, t in texts.items() if long_re.search(t)}
        union = has_short | has_long
        if not union:
            continue
        row = {"short": short, "long": long, "articles": len(union),
               "with_short": len(has_short), "with_long": len(has_long)}
        for label, q in (("short", short), ("long", long)):
            found = _all_ids(engine, q)
            hit = len(found & union)
            row[f"{label}_recall"] = hit / len(union)
            row[f"{label}_precision"] = hit / len(found) if found else 1.0
        rows.append(row)
    n = max(1, len(rows))
    return {
        "pairs": len(rows),
        "short_recall": sum(r["short_recall"] for r in rows) / n,
        "long_recall": sum(r["long_recall"] for r in rows) / n,
        "short_precision": sum(r["short_precision"] for r in rows) / n,
        "long_precision": sum(r["long_precision"] for r in rows) / n,
        "rows": rows,
    }


# Every pair of neighbouring words of letters (a lookahead, so the pairs overlap); word
# boundaries as in _contains ("5km đường" holds no pair).
_PAIR_RE = re.compile(r"(?<![^\W_])(?=([^\W\d_]+ [^\W\d_]+)(?![^\W_]))")


# A syllable spelled with i or y alike: h, k, l, m, t, qu or s and the vowel alone, with
# its tone (the article's own letters: lower case, NFC).
_I_OR_Y = "iìíỉĩịyỳýỷỹỵ"
_IY_SYLLABLE = re.compile("^(?:[hklmts]|qu)[" + _I_OR_Y + "]$")
_SWAP_IY = str.maketrans(_I_OR_Y, _I_OR_Y[6:] + _I_OR_Y[:6])


def spelling_queries(engine, corpus: dict[str, dict], n: int, seed: int, min_articles: int = 10) -> dict:
    """Words of two syllables that the articles spell both ways (i or y), each spelling in
    ``min_articles`` articles or more; each typed in both spellings, with and without
    diacritics: the share of the articles holding either spelling that the query finds.
    Judged on the articles' own letters, not on the index's normalisation."""
    holders: dict[str, set[str]] = collections.defaultdict(set)
    for i, rec in corpus.items():
        for m in _PAIR_RE.finditer(_raw_text(rec).lower()):
            pair = m.group(1)
            if any(_IY_SYLLABLE.match(w) for w in pair.split()):
                holders[pair].add(i)
    groups = []
    for pair, ids in holders.items():
        words = pair.split()
        other = " ".join(w.translate(_SWAP_IY) if _IY_SYLLABLE.match(w) else w for w in words)
        if pair < other and len(ids) >= min_articles and len(holders.get(other, ())) >= min_articles:
            groups.append((pair, other))
    random.Random(seed).shuffle(groups)
    rows = []
    for a, b in sorted(groups[:n]):
        union = holders[a] | holders[b]
        # Per way of typing, the share found when each spelling is typed: [a, b].
        found = {label: [len(_all_ids(engine, typing(w)) & union) / len(union) for w in (a, b)]
                 for label, typing in (("accented", str), ("unaccented", fold))}
        rows.append({"forms": [a, b], "articles": [len(holders[a]), len(holders[b])], "found": found,
                     "least": min(min(v) for v in found.values())})

    def mean(label: str) -> float:
        vals = [v for r in rows for v in r["found"][label]]
        return sum(vals) / len(vals) if vals else 0.0
    return {"queries": len(rows), "eligible": len(groups), "recall_accented": mean("accented"),
            "recall_unaccented": mean("unaccented"),
            "recall_min": min((r["least"] for r in rows), default=0.0), "rows": rows}


def apart_queries(engine, corpus: dict[str, dict], n: int, seed: int) -> dict:
    """Two syllables of one article that no article writes side by side, typed without
    diacritics: how many the typo correction reads as other letters."""
    rnd = random.Random(seed)
    vocab = engine.vocabulary()

    def df(syl: str) -> int:
        return sum(d for form, d in vocab.syllable_forms.get(fold(syl)) if form == syl)

    rows = []
    ids = sorted(corpus)
    rnd.shuffle(ids)
    for i in ids:
        if len(rows) >= n:
            break
        syllables = [w for w in re.findall(r"\w+", _canon_text(corpus[i]).lower()) if w.isalpha()]
        usable = [k for k, w in enumerate(syllables) if len(w) > 2 and 200 <= df(w) <= 5000]
        if len(usable) < 2:
            continue
        a, b = sorted(rnd.sample(usable, 2))
        first, second = syllables[a], syllables[b]
        typed = f"{fold(first)} {fold(second)}"
        if b == a + 1 or fold(first) == fold(second) or list(vocab.pair_forms.get(typed)):
            continue
        r = engine.search(typed, limit=1)
        reading = r.interpreted_as or r.suggestion
        rows.append({"typed": typed, "intended": f"{first} {second}", "reading": reading,
                     "corrected": reading is not None and fold(reading) != typed})
    corrected = [r for r in rows if r["corrected"]]
    return {"queries": len(rows), "corrected_share": len(corrected) / max(1, len(rows)),
            "corrected": [(r["typed"], r["reading"], r["intended"]) for r in corrected], "rows": rows}


def keyword_queries(engine, corpus: dict[str, dict], n: int, seed: int) -> dict:
    """Three words of one headline (of seven or more), none beside another, typed without
    diacritics as keywords: whether the reading (the one claimed or offered) is the
    headline's words, and how many wrong readings are claimed as sure."""
    rnd = random.Random(seed)
    ids = sorted(i for i, r in corpus.items() if len(_WORD.findall(r.get("title") or "")) >= 7)
    rnd.shuffle(ids)
    rows = []
    for i in ids:
        if len(rows) >= n:
            break
        words = [w for w in re.findall(r"\w+", canon(nfc(corpus[i]["title"])).lower()) if w.isalpha()]
        if len(words) < 7:
            continue
        picked = sorted(rnd.sample(range(len(words)), 3))
        if any(b - a < 2 for a, b in zip(picked, picked[1:])):
            continue
        rows.append(_read_back(engine, " ".join(words[k] for k in picked)))
    return _read_back_figures(rows)


def _read_back(engine, meant: str) -> dict:
    """``meant`` typed without diacritics: the reading claimed or offered, whether it is
    ``meant``, and whether a wrong one is claimed as sure."""
    typed = fold(meant)
    r, reading = _reading(engine, typed)
    return {"typed": typed, "meant": meant, "reading": reading, "right": reading == meant,
            "claimed_wrong": r.interpreted_as is not None and reading != meant}


def _reading(engine, typed: str):
    """(the search of ``typed``, the reading it claims or offers, else ``typed``; lower case)."""
    r = engine.search(typed, limit=1, snippet_width=0)
    return r, canon(r.interpreted_as or r.suggestion or typed).lower()


def _read_back_figures(rows: list[dict]) -> dict:
    total = max(1, len(rows))
    return {"queries": len(rows), "right": sum(r["right"] for r in rows) / total,
            "claimed_wrong": sum(r["claimed_wrong"] for r in rows), "rows": rows}


def _headline_stretches(corpus: dict[str, dict], rnd: random.Random, shortest: int, longest: int):
    """Stretches of ``shortest`` to ``longest`` syllables (:func:`_headline_stretch`), one
    from each headline of ``shortest`` words or more, in an order drawn with ``rnd``."""
    ids = sorted(i for i, r in corpus.items() if len(_WORD.findall(r.get("title") or "")) >= shortest)
    rnd.shuffle(ids)
    for i in ids:
        stretch = _headline_stretch(corpus[i]["title"], rnd, shortest, longest)
        if stretch is not None:
            yield stretch


def _headline_stretch(title: str, rnd: random.Random, shortest: int, longest: int) -> list[str] | None:
    """``shortest`` to ``longest`` lower-case syllables side by side in ``title``, nothing
    but spaces between, drawn with ``rnd``: a phrase remembered from a headline."""
    stretches, current = [], []
    for token in canon(nfc(title)).split() + [""]:
        if token.isalpha() and token.islower():
            current.append(token)
            continue
        if len(current) >= shortest:
            stretches.append(current)
        current = []
    if not stretches:
        return None
    words = rnd.choice(stretches)
    length = rnd.randint(shortest, min(longest, len(words)))
    start = rnd.randint(0, len(words) - length)
    return words[start:start + length]


def _read_back_stretches(engine, corpus: dict[str, dict], n: int, seed: int, shortest: int,
                         longest: int) -> list[dict]:
    """``n`` headline stretches (:func:`_headline_stretches`) that have diacritics, each
    typed without them and read back (:func:`_read_back`)."""
    rows = []
    for stretch in _headline_stretches(corpus, random.Random(seed), shortest, longest):
        if len(rows) >= n:
            break
        meant = " ".join(stretch)
        if fold(meant) != meant:
            rows.append(_read_back(engine, meant))
    return rows


def run_queries(engine, corpus: dict[str, dict], n: int, seed: int) -> dict:
    """Five to seven syllables side by side in one headline (of lower-case words, no
    number or mark between), typed without diacritics: whether the reading (the one
    claimed or offered) is the headline's words, and how many wrong readings are claimed
    as sure, and the share of the syllables read right. Longer than the pairs the readings
    come from, so it is the whole run that must hold together."""
    rows = _read_back_stretches(engine, corpus, n, seed, 5, 7)
    syllables = sum(len(r["meant"].split()) for r in rows)
    syllables_right = sum(a == b for r in rows for a, b in zip(r["meant"].split(), r["reading"].split())
                          if len(r["meant"].split()) == len(r["reading"].split()))
    return {**_read_back_figures(rows), "syllables_right": syllables_right / max(1, syllables)}


def three_queries(engine, corpus: dict[str, dict], n: int, seed: int) -> dict:
    """Three syllables side by side in one headline (lower-case words, nothing between),
    typed without diacritics: whether the reading claimed or offered is the headline's
    words. Three syllables are one window: where the pairs disagree with what the articles
    write whole ("thực phẩm bẩn"), the whole decides."""
    return _read_back_figures(_read_back_stretches(engine, corpus, n, seed, 3, 3))


def accented_queries(engine, corpus: dict[str, dict], n: int, seed: int) -> dict:
    """Three to five syllables side by side in one headline (lower-case words, nothing
    between), typed as written, with their diacritics, where some syllable has a tone and
    some has no mark at all ("giá thanh long", "thay thịt gà"): whether the search takes
    them as typed (nothing read instead, nothing offered); and the same with one toned
    syllable's marks left out, a slip ("thay thit gà"): whether it is read right."""
    rnd = random.Random(seed)
    rows = []
    for meant in _headline_stretches(corpus, rnd, 3, 5):
        if len(rows) >= n:
            break
        toned = [k for k, w in enumerate(meant) if tone_of(w)]
        if not toned or all(fold(w) != w for w in meant):
            continue
        slipped = list(meant)
        k = rnd.choice(toned)
        slipped[k] = fold(slipped[k])
        rows.append(_typed_and_slipped(engine, " ".join(meant), " ".join(slipped), "slip_right"))
    return _kept_and_read(rows, "slip_right", "misread")


def _typed_and_slipped(engine, typed: str, slipped: str, right: str) -> dict:
    """``typed`` and ``slipped`` read back: whether the first is taken as typed ("kept") and
    the second read or offered as the first (``right``)."""
    _r, reading = _reading(engine, typed)
    _s, slip_reading = _reading(engine, slipped)
    return {"typed": typed, "reading": reading, "kept": reading == typed,
            "slipped": slipped, "slip_reading": slip_reading, right: slip_reading == typed}


def _kept_and_read(rows: list[dict], right: str, wrong: str) -> dict:
    """The shares of rows of :func:`_typed_and_slipped` kept and read right, with the others."""
    total = max(1, len(rows))
    return {"queries": len(rows), "kept": sum(r["kept"] for r in rows) / total,
            right: sum(r[right] for r in rows) / total,
            "changed": [(r["typed"], r["reading"]) for r in rows if not r["kept"]],
            wrong: [(r["slipped"], r["slip_reading"], r["typed"]) for r in rows if not r[right]],
            "rows": rows}


#: The tones people type one for the other (combining marks): hỏi and ngã, hỏi and nặng.
_SLIPPED_TONES = {"\u0309": ("\u0303", "\u0323"), "\u0303": ("\u0309",), "\u0323": ("\u0309",)}


def _tone_slipped(syllable: str, rnd: random.Random) -> str:
    """``syllable`` with its tone typed as one people type for it, or itself."""
    tone = tone_of(syllable)
    if tone not in _SLIPPED_TONES:
        return syllable
    other = rnd.choice(_SLIPPED_TONES[tone])
    return canon(unicodedata.normalize("NFC", unicodedata.normalize("NFD", syllable).replace(tone, other)))


def tone_slip_queries(engine, corpus: dict[str, dict], texts: dict[str, str], n: int, seed: int) -> dict:
    """Two to four syllables side by side in one headline (lower-case words, nothing
    between), typed with their diacritics: taken as typed? And with one syllable's tone
    slipped (:data:`_SLIPPED_TONES`) into another syllable the articles write ("thủy sản"
    typed "thủy sạn"): read or offered as the headline writes them? And what the slip lists:
    of the articles writing the syllables meant that the words typed right put in the top
    10, the share the slip's own top 10 holds ("found"; an offer the reader has to click
    finds none of them)."""
    rnd = random.Random(seed)
    known = engine.vocabulary().syllable_forms
    rows = []
    for meant in _headline_stretches(corpus, rnd, 2, 4):
        if len(rows) >= n:
            break
        can = [k for k, w in enumerate(meant) if tone_of(w) in _SLIPPED_TONES]
        if not can:
            continue
        k = rnd.choice(can)
        slipped = list(meant)
        slipped[k] = _tone_slipped(meant[k], rnd)
        if slipped[k] == meant[k] or slipped[k] not in {f for f, _df in known.get(fold(meant[k]))}:
            continue
        row = _typed_and_slipped(engine, " ".join(meant), " ".join(slipped), "mended")
        right, slip = (sum(_contains(texts[h.id], row["typed"]) for h in engine.search(q, limit=10, snippet_width=0).hits
                           if h.id in texts) for q in (row["typed"], row["slipped"]))
        row["found"] = min(1.0, slip / right) if right else None
        rows.append(row)
    out = _kept_and_read(rows, "mended", "unmended")
    found = [r["found"] for r in rows if r["found"] is not None]
    out["found"] = sum(found) / max(1, len(found))
    return out


def phrase_queries(engine, corpus: dict[str, dict], texts: dict[str, str], n: int, seed: int) -> dict:
    """Two words of two syllables side by side in a headline, written so in 5 to 300
    articles ("thị trường bán lẻ", "bảo hộ thương mại"), typed with and without
    diacritics: the share of the top 10 that writes the phrase, of as many as there are
    (up to 10) — whether the articles with the words side by side come first."""
    from ctsearch.analysis import iter_words

    rnd = random.Random(seed)
    ids = sorted(corpus)
    rnd.shuffle(ids)
    seen: set[str] = set()
    rows = []
    for i in ids:
        if len(rows) >= n:
            break
        title = nfc(corpus[i].get("title") or "")
        words = list(iter_words(title))
        for (a, _ga), (b, gap) in zip(words, words[1:]):
            if len(a) != 2 or len(b) != 2 or gap or not title[a[0][0]].islower() or not title[b[0][0]].islower():
                continue
            phrase = canon(" ".join(title[x:y] for x, y in a + b)).lower()
            if phrase in seen or not all(w.isalpha() for w in phrase.split()):
                continue
            seen.add(phrase)
            holding = sum(1 for t in texts.values() if phrase in t and _contains(t, phrase))
            if not 5 <= holding <= 300:
                continue
            row = {"phrase": phrase, "articles": holding}
            for key, typed in (("accented", phrase), ("unaccented", fold(phrase))):
                hits = engine.search(typed, limit=10, snippet_width=0).hits
                row[key] = sum(_contains(texts[h.id], phrase) for h in hits if h.id in texts) / min(10, holding)
            rows.append(row)
            break
    k = max(1, len(rows))
    return {"queries": len(rows), "accented": sum(r["accented"] for r in rows) / k,
            "unaccented": sum(r["unaccented"] for r in rows) / k,
            "worst": sorted(rows, key=lambda r: r["accented"])[:5], "rows": rows}


def build_pairs(engine: SearchEngine, texts: dict[str, str], n: int, seed: int) -> list[str]:
    """Two-syllable phrases, with diacritics, side by side in 100-2,000 articles (counted
    on a sample of 3,000 articles) that the segmenter joined into one word in at least one
    article, so that they are words people search for ("tăng mạnh", "xe điện") rather than
    the end of one word and the start of the next; drawn at random."""
    reader = engine.searcher().reader()
    rnd = random.Random(seed)
    ids = sorted(texts)
    sample = rnd.sample(ids, min(3000, len(ids)))
    if not sample:
        return []
    scale = len(ids) / len(sample)
    df: collections.Counter = collections.Counter()
    for i in sample:
        df.update({m.group(1) for m in _PAIR_RE.finditer(texts[i])})
    pool = sorted(p for p, c in df.items() if 100 <= c * scale <= 2000 and fold(p) != p
                  and reader.doc_frequency("body", p.replace(" ", "_")))
    return rnd.sample(pool, min(n, len(pool)))


def two_word_queries(engine, pairs: list[str], texts: dict[str, str]) -> dict:
    rows = []
    for phrase in pairs:
        holding = {i for i, t in texts.items() if phrase in t and _contains(t, phrase)}
        if not holding:
            continue
        row: dict = {"phrase": phrase, "articles": len(holding)}
        for label, q in (("accented", phrase), ("unaccented", fold(phrase))):
            found = _all_ids(engine, q)
            row[f"recall_{label}"] = len(found & holding) / len(holding)
            row[f"p10_{label}"] = _p_at_10(engine, q, phrase, texts)[0]
        rows.append(row)
    n = max(1, len(rows))
    out: dict = {"queries": len(rows), "rows": rows}
    for key in ("recall_accented", "recall_unaccented", "p10_accented", "p10_unaccented"):
        values = sorted(r[key] for r in rows)
        out[key] = sum(values) / n
        out[key + "_min"] = values[0] if values else None
    return out


_NEXT_WORD_RE = re.compile(r"\s+([^\W\d_]+)")


def build_word_ends(engine: SearchEngine, corpus: dict[str, dict], n: int, seed: int) -> list[tuple[str, frozenset[str]]]:
    """Two words of one syllable whose second often begins a longer word instead ("giá
    tiêu": pepper prices, and "giá tiêu dùng": consumer prices), with the syllables that
    make those longer words: in a sample of 1,500 articles segmented as the index segments
    them (in their own case), pairs with diacritics written 8 times or more as two words of one syllable and as
    often or up to three times as often (or a third as often) with the second syllable
    beginning a longer word; the first not a word most articles use ("của", "và"); drawn
    at random."""
    from ctsearch.analysis import iter_words

    rnd = random.Random(seed)
    ids = sorted(corpus)
    alone: collections.Counter = collections.Counter()
    longer: collections.Counter = collections.Counter()
    makes: dict[str, set[str]] = collections.defaultdict(set)
    for i in rnd.sample(ids, min(1500, len(ids))):
        # In its own case, as the index segments it (pyvi joins names it sees capitalised).
        text = normalize_tones(nfc((corpus[i].get("title") or "") + "\n" + corpus[i].get("text", "")))
        words = [(tuple(text[s:e].lower() for s, e in spans), gap) for spans, gap in iter_words(text)]
        for (a, _ga), (b, gap) in zip(words, words[1:]):
            if gap or len(a) != 1 or not a[0].isalpha():
                continue
            if len(b) == 1:
                alone[a[0], b[0]] += 1
            elif b[0].isalpha() and b[1].isalpha():
                longer[a[0], b[0]] += 1
                makes[b[0]].add(b[1])
    reader = engine.searcher().reader()
    common = 0.4 * reader.doc_count()
    pool = sorted(f"{a} {b}" for (a, b), k in alone.items()
                  if k >= 8 and k / 3 <= longer[a, b] <= 3 * k and b.isalpha()
                  and fold(f"{a} {b}") != f"{a} {b}" and reader.doc_frequency("body_syl", a) <= common)
    return [(p, frozenset(makes[p.split()[1]])) for p in rnd.sample(pool, min(n, len(pool)))]


def _written_as_words(text: str, phrase: str, run_on: frozenset[str]) -> bool:
    """Whether ``text`` (lower case) writes ``phrase`` once at least without its last
    syllable running on into a longer word (``run_on``: the syllables that would)."""
    if phrase.split()[-1] not in text:
        return False
    pattern = r"(?<![^\W_])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![^\W_])"
    for m in re.finditer(pattern, text):
        nxt = _NEXT_WORD_RE.match(text, m.end())
        if nxt is None or nxt.group(1) not in run_on:
            return True
    return False


def word_end_queries(engine, pairs: list[tuple[str, frozenset[str]]], texts: dict[str, str]) -> dict:
    """P@10 of the pairs of :func:`build_word_ends` typed with and without diacritics, a hit
    relevant when it writes the pair ending where a word ends (of as many articles as do,
    up to 10): whether "giá tiêu" finds pepper prices before consumer prices."""
    lower = {i: t.lower() for i, t in texts.items()}
    rows = []
    for phrase, run_on in pairs:
        holding = sum(1 for t in lower.values() if _written_as_words(t, phrase, run_on))
        if not holding:
            continue
        row: dict = {"phrase": phrase, "articles": holding,
                     "run_on": sum(1 for t in lower.values() if phrase in t) - holding}
        for key, typed in (("accented", phrase), ("unaccented", fold(phrase))):
            hits = engine.search(typed, limit=10, snippet_width=0).hits
            row[key] = sum(_written_as_words(lower[h.id], phrase, run_on) for h in hits if h.id in lower) / min(10, holding)
        rows.append(row)
    k = max(1, len(rows))
    return {"queries": len(rows), "accented": sum(r["accented"] for r in rows) / k,
            "unaccented": sum(r["unaccented"] for r in rows) / k,
            "worst": sorted(rows, key=lambda r: r["accented"])[:5], "rows": rows}


def _show(rows: list[tuple[str, str | None, str]], what: str) -> None:
    """The first dozen (typed, reading, intended) of a set, one a line."""
    for typed, reading, intended in rows[:12]:
        print(f"      {what}: {typed!r} -> {reading!r} (intended {intended!r})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, type=Path)
    ap.add_argument("--index-dir", type=Path, help="an index of the whole corpus to reuse (built if missing)")
    ap.add_argument("--queries", type=int, default=60, help="short queries per set (default 60)")
    ap.add_argument("--known", type=int, default=200, help="known-item headlines (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "relevance.json")
    ap.add_argument("--skip", nargs="*", default=[], choices=["short", "typos", "telex", "vni", "glued", "toneless", "apart", "keywords", "runs", "threes", "accented", "slips", "known", "abbrev", "phrases", "pairs",
                                                         "spellings", "ends", "judged"])
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: nothing to measure", file=sys.stderr)
        return 0
    started = time.time()
    corpus = _load_corpus(args.corpus)
    index_dir = _ensure_index(args.corpus, args.index_dir)
    engine = SearchEngine(index_dir)
    texts = {i: _canon_text(r) for i, r in corpus.items()}
    result: dict = {"index": str(index_dir), "articles": len(corpus)}
    if "short" not in args.skip:
        domain, common = build_query_sets(engine, corpus, args.queries, args.seed)
        result["domain_terms"] = short_queries(engine, domain, texts)
        result["common_words"] = short_queries(engine, common, texts)
        if "typos" not in args.skip:
            result["typos"] = typo_queries(engine, domain + common, texts, args.seed)
        if "telex" not in args.skip:
            result["telex"] = telex_queries(engine, domain + common, texts)
        if "vni" not in args.skip:
            result["vni"] = vni_queries(engine, domain + common, texts)
        if "glued" not in args.skip:
            result["glued"] = glued_queries(engine, domain + common, texts)
        if "toneless" not in args.skip:
            result["toneless"] = toneless_queries(engine, domain + common,
                                                  level_words(engine, args.queries, args.seed), texts)
    if "apart" not in args.skip:
        result["apart"] = apart_queries(engine, corpus, 5 * args.queries, args.seed)
    if "keywords" not in args.skip:
        result["keywords"] = keyword_queries(engine, corpus, 5 * args.queries, args.seed)
    if "runs" not in args.skip:
        result["runs"] = run_queries(engine, corpus, 5 * args.queries, args.seed)
    if "threes" not in args.skip:
        result["threes"] = three_queries(engine, corpus, 10 * args.queries, args.seed)
    if "accented" not in args.skip:
        result["accented"] = accented_queries(engine, corpus, 5 * args.queries, args.seed)
    if "slips" not in args.skip:
        result["tone_slips"] = tone_slip_queries(engine, corpus, texts, 5 * args.queries, args.seed)
    if "known" not in args.skip:
        result["known_item"] = known_items(engine, corpus, texts, args.known, args.seed)
    if "abbrev" not in args.skip:
        result["abbreviations"] = abbreviations(engine, texts, corpus)
    if "phrases" not in args.skip:
        result["phrases"] = phrase_queries(engine, corpus, texts, args.queries, args.seed)
    if "spellings" not in args.skip:
        result["spellings"] = spelling_queries(engine, corpus, args.queries, args.seed)
    if "pairs" not in args.skip:
        result["two_word"] = two_word_queries(engine, build_pairs(engine, texts, args.queries, args.seed), texts)
    if "ends" not in args.skip:
        result["word_ends"] = word_end_queries(engine, build_word_ends(engine, corpus, args.queries, args.seed), texts)
    if "judged" not in args.skip and judged.JUDGMENTS:
        result["judged"] = judged.judge(engine, judged.load_judgments(judged.JUDGMENTS))
    engine.close()
    result["seconds"] = round(time.time() - started, 1)

    print(f"relevance on {len(corpus):,} articles ({result['seconds']} s)")
    for key in ("domain_terms", "common_words"):
        if key in result:
            r = result[key]
            print(f"  {key:<13} n={r['queries']:<3} restoration {r['restoration_accuracy']:.3f}"
                  f" (confident {r['confident_share']:.2f})  P@10 unaccented {r['p10_unaccented']:.3f}"
                  f" / accented {r['p10_accented']:.3f} = {r['p10_ratio'] or 0:.3f}"
                  f"  top-1 {r['top1_unaccented']:.3f} / {r['top1_accented']:.3f}")
            _show(r["misread"], "misread")
    if "typos" in result:
        t = result["typos"]
        print(f"  typos        n={t['queries']}: " + "  ".join(
            f"{name} ({t[name]['queries']}) read right {t[name]['restoration_accuracy']:.3f} P@10 {t[name]['p10']:.3f}"
            for name in ("all", "unknown_syllable", "known_syllable")))
        _show(t["misread"], "misread")
    for key, how in (("telex", "typed as Telex keys, input method off"),
                     ("vni", "typed as VNI keys, input method off"),
                     ("glued", "typed without diacritics or spaces")):
        if key in result:
            t = result[key]
            print(f"  {key:<12} n={t['queries']}: {how}, read right {t['restoration_accuracy']:.3f} P@10 {t['p10']:.3f}")
            _show(t["misread"], "misread")
    if "toneless" in result:
        t = result["toneless"]
        print(f"  toneless     n={t['queries']}: marks typed, tones left out, read right {t['restoration_accuracy']:.3f}"
              f" P@10 {t['p10']:.3f};  level-tone words (n={t['level_queries']}) kept as typed {t['level_kept']:.3f}")
        _show(t["misread"], "misread")
        for typed, reading in t["level_changed"][:12]:
            print(f"      changed: {typed!r} -> {reading!r}")
    if "apart" in result:
        a = result["apart"]
        print(f"  apart        n={a['queries']}: syllables never side by side read as other letters "
              f"{a['corrected_share']:.3f}")
        _show(a["corrected"], "corrected")
    if "keywords" in result:
        w = result["keywords"]
        print(f"  keywords     n={w['queries']}: three headline words apart read as written {w['right']:.3f}"
              f"  wrong readings claimed {w['claimed_wrong']}")
    if "runs" in result:
        w = result["runs"]
        print(f"  runs         n={w['queries']}: five to seven headline syllables read as written {w['right']:.3f}"
              f" (syllables {w['syllables_right']:.3f})  wrong readings claimed {w['claimed_wrong']}")
    if "threes" in result:
        w = result["threes"]
        print(f"  threes       n={w['queries']}: three headline syllables read as written {w['right']:.3f}"
              f"  wrong readings claimed {w['claimed_wrong']}")
    if "accented" in result:
        w = result["accented"]
        print(f"  accented     n={w['queries']}: three to five headline syllables typed with their diacritics, some"
              f" with none, taken as typed {w['kept']:.3f};  one toned syllable's marks left out, read right"
              f" {w['slip_right']:.3f}")
        for typed, reading in w["changed"][:8]:
            print(f"      changed: {typed!r} -> {reading!r}")
        _show(w["misread"], "misread")
    if "tone_slips" in result:
        w = result["tone_slips"]
        print(f"  tone slips   n={w['queries']}: two to four headline syllables typed with their diacritics, taken"
              f" as typed {w['kept']:.3f};  one tone slipped (hỏi/ngã/nặng), read or offered right {w['mended']:.3f},"
              f" its top 10 holding {w.get('found', 0):.3f} of what the words typed right list there")
        for typed, reading in w["changed"][:8]:
            print(f"      changed: {typed!r} -> {reading!r}")
        _show(w["unmended"], "unmended")
    if "known_item" in result:
        k = result["known_item"]
        print(f"  known item   n={k['queries']}: " + "  ".join(
            f"{name} top1 {k[name]['top1']:.3f} top10 {k[name]['top10']:.3f}"
            for name in ("exact", "exact_unaccented", "one_wrong", "one_wrong_unaccented")))
    if "abbreviations" in result:
        a = result["abbreviations"]
        print(f"  abbreviations {a['pairs']} pairs: recall short {a['short_recall']:.3f} long {a['long_recall']:.3f}"
              f"  precision short {a['short_precision']:.3f} long {a['long_precision']:.3f}")
        for row in a["rows"]:
            if min(row["short_recall"], row["long_recall"], row["short_precision"], row["long_precision"]) < 0.95:
                print(f"      {row['short']} / {row['long']}: {row['articles']} articles, recall "
                      f"{row['short_recall']:.2f}/{row['long_recall']:.2f}, precision "
                      f"{row['short_precision']:.2f}/{row['long_precision']:.2f}")
    if result.get("phrases", {}).get("queries"):
        w = result["phrases"]
        print(f"  phrases      n={w['queries']}: top 10 writing the two words side by side "
              f"{w['accented']:.3f} / unaccented {w['unaccented']:.3f}")
        for row in w["worst"][:5]:
            print(f"      {row['phrase']!r}: {row['articles']} articles, {row['accented']:.2f} / {row['unaccented']:.2f}")
    if result.get("spellings", {}).get("queries"):
        w = result["spellings"]
        print(f"  spellings    n={w['queries']} (of {w['eligible']}): articles with either spelling found, "
              f"typed in one {w['recall_accented']:.3f} / unaccented {w['recall_unaccented']:.3f} (least {w['recall_min']:.2f})")
        for row in sorted(w["rows"], key=lambda r: r["least"])[:5]:
            print(f"      {' / '.join(row['forms'])!r}: {row['articles']} articles, found " + ", ".join(
                f"{v:.2f}" for label in ("accented", "unaccented") for v in row["found"][label]))
    if result.get("two_word", {}).get("queries"):
        w = result["two_word"]
        print(f"  two-word     n={w['queries']}: articles holding the pair found {w['recall_accented']:.3f}"
              f" (least {w['recall_accented_min']:.2f}) / unaccented {w['recall_unaccented']:.3f}"
              f" (least {w['recall_unaccented_min']:.2f})  P@10 {w['p10_accented']:.3f} / {w['p10_unaccented']:.3f}")
        for row in sorted(w["rows"], key=lambda r: min(r["recall_accented"], r["recall_unaccented"]))[:8]:
            if min(row["recall_accented"], row["recall_unaccented"]) < 0.95:
                print(f"      {row['phrase']!r}: {row['articles']} articles, found "
                      f"{row['recall_accented']:.2f} / {row['recall_unaccented']:.2f}")
    if result.get("word_ends", {}).get("queries"):
        w = result["word_ends"]
        print(f"  word ends    n={w['queries']}: top 10 writing the pair where a word ends (not running on into a "
              f"longer one) {w['accented']:.3f} / unaccented {w['unaccented']:.3f}")
        for row in w["worst"][:5]:
            print(f"      {row['phrase']!r}: {row['articles']} articles (and {row['run_on']} running on), "
                  f"{row['accented']:.2f} / {row['unaccented']:.2f}")
    if "judged" in result:
        judged.report(result["judged"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
