"""Query trees (:mod:`search.querylang`) as OpenSearch query DSL.

The index holds the same analysed terms as the Whoosh index (see
:mod:`search.opensearch_docs`): each text form is a field under ``t.`` analysed by
whitespace alone, so a tree's terms are looked up as they are:

* ``Term`` → ``term`` with its boost (BM25: same formula, same k1 and b);
* ``Phrase`` → a filter (``match_phrase``; with gaps, ``span_near`` in order of the runs
  between the gaps, joined one gap at a time with the gap as slop) scored, as in :mod:`search.scoring`, by its bigram terms times its boost;
* ``AnyOf`` / ``AllOf`` → ``bool`` should / must (scores add up, as in NumPy); an
  ``AnyOf`` of weightless terms of one field (a check) → one ``terms`` filter;
* ``Without`` → ``must_not``; ``Bonus`` → ``must`` + ``should``;
* ``Tagged`` → a ``term`` filter on a keyword field, scored its constant boost;
* ``Near`` → a filter (``span_near`` of its two runs, in any order, with its slop) that
  scores nothing, as in :mod:`search.scoring`;
* ``PlainOnly`` → filtered to articles written without diacritics, or nothing when a
  tier asks for accented text only.

Rank classes (tiers of readings, partial matches) become constant scores far above
any BM25 score, so one sort on ``_score`` gives the class order first.
"""

from __future__ import annotations

from .analysis import PAIR_FORMS
from .matching import LEISURE_FROM
from .querylang import AllOf, AnyOf, Bonus, Everything, Near, Phrase, PlainOnly, Tagged, Term, Without

#: Field holding the analysed forms ("t.title_syl").
TERMS = "t."
#: The analyser that splits pre-analysed tokens (whitespace only, nothing else).
ANALYZER = "ctsearch_tokens"
#: Score added per rank class; BM25 sums of a search-box query stay far below it.
CLASS_STEP = 10000.0

MATCH_NONE = {"match_none": {}}


def term_text(field: str, text: str) -> str:
    """A term as the index stores it: pair terms join their syllables with "_"."""
    return text.replace(" ", "_") if field.endswith(PAIR_FORMS) else text


def node_query(node, plain: bool = True) -> dict:
    """The DSL of one tree; ``plain`` False drops what only text without diacritics matches."""
    if isinstance(node, Term):
        return {"term": {TERMS + node.field: {"value": term_text(node.field, node.text),
                                              "boost": float(node.boost)}}}
    if isinstance(node, PlainOnly):
        if not plain:
            return MATCH_NONE
        return {"bool": {"must": [node_query(node.child, plain)], "filter": [{"term": {"plain": True}}]}}
    if isinstance(node, AnyOf):
        fields = {c.field for c in node.children if isinstance(c, Term) and c.boost == 0.0}
        if len(node.children) > 1 and len(fields) == 1 and all(isinstance(c, Term) and c.boost == 0.0
                                                                for c in node.children):
            # A check of many words in one field (Atom.inside: the longer words holding a
            # syllable, hundreds for "điện"): one terms clause, not one clause a word
            # (the cluster caps the clauses of a query).
            field = fields.pop()
            return {"constant_score": {"filter": {"terms": {TERMS + field: [term_text(field, c.text)
                                                                           for c in node.children]}},
                                       "boost": 0.0}}
        clauses = [q for q in (node_query(c, plain) for c in node.children) if q is not MATCH_NONE]
        if not clauses:
            return MATCH_NONE
        return {"bool": {"should": clauses, "minimum_should_match": 1}}
    if isinstance(node, AllOf):
        clauses = [node_query(c, plain) for c in node.children]
        if any(q is MATCH_NONE for q in clauses):
            return MATCH_NONE
        return {"bool": {"must": clauses}}
    if isinstance(node, Bonus):
        required = node_query(node.required, plain)
        if required is MATCH_NONE:
            return MATCH_NONE
        optional = node_query(node.optional, plain)
        out = {"bool": {"must": [required]}}
        if optional is not MATCH_NONE:
            out["bool"]["should"] = [optional]
        return out
    if isinstance(node, Without):
        positive = node_query(node.positive, plain)
        if positive is MATCH_NONE:
            return MATCH_NONE
        negative = node_query(node.negative, plain)
        if negative is MATCH_NONE:
            return positive
        return {"bool": {"must": [positive], "must_not": [negative]}}
    if isinstance(node, Everything):
        return {"match_all": {"boost": 0.0}}
    if isinstance(node, Tagged):
        return {"constant_score": {"filter": {"term": {node.field: node.value}}, "boost": float(node.boost)}}
    if isinstance(node, Phrase):
        return _phrase(node)
    if isinstance(node, Near):
        field = TERMS + node.field
        runs = [[{"span_term": {field: w}} for w in words] for words in (node.first, node.second)]
        spans = [r[0] if len(r) == 1 else {"span_near": {"clauses": r, "slop": 0, "in_order": True}} for r in runs]
        near = {"span_near": {"clauses": spans, "slop": node.slop, "in_order": False}}
        return {"constant_score": {"filter": near, "boost": 0.0}}
    raise TypeError(node)


def _phrase(node: Phrase) -> dict:
    field = TERMS + node.field
    if node.offsets is None:
        match = {"match_phrase": {field: {"query": " ".join(node.words), "analyzer": ANALYZER}}}
    else:
        # The runs between the gaps in a row each, joined one gap at a time with that
        # gap as slop (a flat span_near would let a gap fall inside a run, or two gaps
        # where the phrase has one and none).
        runs: list[list[dict]] = []
        slops: list[int] = []
        for i, w in enumerate(node.words):
            if i == 0 or node.offsets[i] != node.offsets[i - 1] + 1:
                if i:
                    slops.append(node.offsets[i] - node.offsets[i - 1] - 1)
                runs.append([])
            runs[-1].append({"span_term": {field: w}})
        spans = [r[0] if len(r) == 1 else {"span_near": {"clauses": r, "slop": 0, "in_order": True}}
                 for r in runs]
        match = spans[0]
        for slop, span in zip(slops, spans[1:]):
            match = {"span_near": {"clauses": [match, span], "slop": slop, "in_order": True}}
    if not node.prefilter:
        return {"constant_score": {"filter": match, "boost": float(node.boost)}}
    scored = [node_query(Term(t.field, t.text, t.boost * node.boost)) for t in node.prefilter]
    return {"bool": {"must": scored, "filter": [match]}}


def plan_query(plan, plain: bool) -> dict:
    """One evaluation of a :class:`~search.querylang.Plan` (groups, bonus, exclusions)."""
    node = plan.node()
    if node is None:
        return {"match_all": {}}
    return node_query(node, plain)


def constant(score: float) -> dict:
    return {"constant_score": {"filter": {"match_all": {}}, "boost": float(score)}}


def kind_scaled(query: dict, weight: float) -> dict:
    """``query`` scored for its story kind, as :func:`search.matching.kind_factor` scores
    it: a sports or showbiz story falls below a trade story that matches as well (``weight``
    0: ``query`` as it is)."""
    if not weight:
        return query
    return {"script_score": {"query": query, "script": {
        "source": "if (doc['leisure'].size() == 0 || doc['leisure'].value <= params.from) { return _score; }"
                  " return _score * (1.0 - params.w * (doc['leisure'].value - params.from) / (100.0 - params.from));",
        "params": {"w": float(weight), "from": LEISURE_FROM}}}}


def tiered_query(tiers: list[dict], base_class: int = 0, classes: int = 64, kind_weight: float = 0.0) -> dict:
    """Documents of any tier; each scores as the first tier that matches it (for its story
    kind: :func:`kind_scaled`), plus the constant of its class (``base_class + k`` for tier ``k``: lower ranks first): the
    best of the tiers' scores, as the constants differ far more than any BM25 score
    (``dis_max``: each tier's clauses once, not again in every later tier's exclusions,
    which a query of many words would pay for against the cluster's clause limit)."""
    clauses = [{"bool": {"must": [kind_scaled(query, kind_weight), constant(class_score(base_class + k, classes))]}}
               for k, query in enumerate(tiers) if query is not MATCH_NONE]
    if not clauses:
        return MATCH_NONE
    return {"dis_max": {"queries": clauses, "tie_breaker": 0.0}}


def class_score(klass: int, classes: int = 64) -> float:
    return (classes - klass) * CLASS_STEP


def class_of(score: float, classes: int = 64) -> tuple[int, float]:
    """(class, BM25 part) of a tiered score."""
    steps = int(score // CLASS_STEP)
    return classes - steps, score - steps * CLASS_STEP


def date_range_filter(low: int | None, high: int | None) -> dict | None:
    """Articles dated within [low, high] (``YYYYMMDD``); a year-only date (``YYYY0000``)
    or a month alone (``YYYYMM00``) is in the range when that year or month meets it; an
    undated article never is."""
    if low is None and high is None:
        return None
    must: list[dict] = [{"range": {"date_key": {"gt": 0}}}]
    if low is not None:
        must.append({"bool": {"should": [
            {"bool": {"filter": [{"term": {"year_only": True}},
                                 {"range": {"date_key": {"gte": (low // 10000) * 10000}}}]}},
            {"bool": {"filter": [{"term": {"year_only": False}}, {"range": {"date_key": {"gte": low}}}]}},
            {"term": {"date_key": (low // 100) * 100}},     # the month of ``low``, known alone
        ], "minimum_should_match": 1}})
    if high is not None:
        must.append({"range": {"date_key": {"lte": high}}})
    return {"bool": {"filter": must}}
