"""Articles as OpenSearch documents, analysed in Python exactly as for Whoosh.

The four forms of title and body (pyvi words, accented syllables, folded syllables,
folded bigrams; :class:`~search.analysis.TermBatch`) are sent as token lists that the
index splits on whitespace and nothing else, so both backends hold the same terms.
Punctuation opens a gap of one position in the Whoosh index; here each clause is one
value of an array field whose ``position_increment_gap`` is 1, which gives the same
positions (phrases never span punctuation, and field lengths count tokens only).

Also the language statistics of a batch (word and syllable document frequencies,
syllable pairs, abbreviations defined), which the vocabulary for queries typed without
diacritics and the mined abbreviations are built from, as for Whoosh segments.
"""

from __future__ import annotations

import numpy as np

from .analysis import PAIR_FORMS, TermBatch
from .article import Article
from .builder import document_fields
from .langstats import ABBREVIATIONS_KEY, BIGRAMS_KEY, START_BIGRAMS_KEY, abbreviation_counts, syllable_bigrams
from .facetdefs import facets
from .vocab import VOCAB_FIELDS

TEXT_BASES = ("title", "body")
FORMS = ("", "_syl", "_fold", "_bi", "_mk")
#: Forms whose positions matter (phrases); the others are one whitespace-joined value.
POSITIONAL = ("_syl", "_fold")


def _document(article: Article) -> dict:
    f = document_fields(article)
    return {
        "id": f["id"], "title": f["title"], "body": f["body"], "date": f["date"],
        "source": f["source"], "url": f["url"], "province": f["province"],
        "provinces": list(article.provinces), "topics": list(article.topics),
        # Facet fields ("" or 0 = unknown, counted as "Không rõ"), then sort fields.
        **{d.storage.field: d.storage.document_value(article) for d in facets()},
        "date_key": f["c_date"],
        "year_only": bool(f["c_date"]) and f["c_date"] % 10000 == 0,
        "plain": bool(f["c_plain"]),
        "leisure": f["c_leisure"],
        "t": {},
    }


def _clauses(terms: list[str], tid: np.ndarray, pos: np.ndarray) -> list[str]:
    """Tokens of one text, one string per run of consecutive positions."""
    if not len(tid):
        return []
    cuts = np.flatnonzero(pos[1:] != pos[:-1] + 1) + 1
    words = [terms[t] for t in tid.tolist()]
    bounds = [0, *cuts.tolist(), len(words)]
    return [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]


def analyse(articles: list[Article]) -> tuple[list[dict], dict[str, dict[str, int]]]:
    """(documents, language statistics) of a batch of articles."""
    docs = [_document(a) for a in articles]
    stats: dict[str, dict[str, int]] = {BIGRAMS_KEY: {}, START_BIGRAMS_KEY: {}}
    for base in TEXT_BASES:
        batch = TermBatch()
        owner: list[int] = []
        for i, d in enumerate(docs):
            if d[base]:
                batch.add(d[base])
                owner.append(i)
        if not owner:
            continue
        owner_arr = np.asarray(owner, dtype=np.int32)
        for suffix, form in batch.finish().items():
            name = base + suffix
            terms = form.terms if suffix not in PAIR_FORMS else [t.replace(" ", "_") for t in form.terms]
            bounds = np.searchsorted(form.text, np.arange(len(owner) + 1))
            for k, i in enumerate(owner):
                a, b = int(bounds[k]), int(bounds[k + 1])
                if a == b:
                    continue
                if suffix in POSITIONAL:
                    docs[i]["t"][name] = _clauses(terms, form.tid[a:b], form.pos[a:b])
                else:
                    docs[i]["t"][name] = " ".join(terms[t] for t in form.tid[a:b].tolist())
            if name in VOCAB_FIELDS:
                stats[name] = _document_frequencies(form.terms, form.tid, form.text)
            if suffix == "_syl":
                for key, begun in ((BIGRAMS_KEY, None), (START_BIGRAMS_KEY, form.starts)):
                    into = stats[key]
                    for pair, df in syllable_bigrams(form.terms, form.tid, owner_arr[form.text], form.pos,
                                                     begun).items():
                        into[pair] = into.get(pair, 0) + df
    stats[ABBREVIATIONS_KEY] = abbreviation_counts([d["title"] + "\n" + d["body"] for d in docs])
    return docs, stats


def _document_frequencies(terms: list[str], tid: np.ndarray, text: np.ndarray) -> dict[str, int]:
    if not len(tid):
        return {}
    nt = max(len(terms), 1)
    pairs = np.unique(text.astype(np.int64) * nt + tid)
    ids, counts = np.unique(pairs % nt, return_counts=True)
    return {terms[i]: int(c) for i, c in zip(ids.tolist(), counts.tolist())}


def merge_statistics(into: dict[str, dict[str, int]], stats: dict[str, dict[str, int]]) -> None:
    for name, freqs in stats.items():
        target = into.setdefault(name, {})
        get = target.get
        for term, n in freqs.items():
            target[term] = get(term, 0) + n
