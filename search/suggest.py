"""“Có phải bạn muốn tìm …”: restoring diacritics and fixing typos from the index.

The vocabulary is the index's own: every accented word and syllable with its document
frequency. A query word typed without accents ("dien gio") becomes the most frequent
accented word that folds to it ("điện gió"); a word the index does not know at all
becomes the closest known one, unless it is a Vietnamese word (:mod:`search.lexicon`)
that no article has: "làng nghề" on an index without it is not a typo for "lan nghề". Operators, quotes and punctuation are kept as typed.
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .querylang import JOINED_NAME_RE, dotted_name, site_path
from .restore import FOREIGN_FIX_MIN_ARTICLES, compatible, kept_as_typed_abbreviation
from .textnorm import canon, fold, in_caps_lock, is_vietnamese_syllable, nfc, tone_of
from .vocab import MAX_COMPOUND, Vocabulary

_WORD = re.compile(r"\w+")


def suggest(vocab: Vocabulary, text: str) -> str | None:
    """A corrected query, or None when there is nothing to correct."""
    text = nfc(text)
    names = [m.span() for m in JOINED_NAME_RE.finditer(text)]   # kept as typed: "O'Reilly"
    # and addresses: "dantri.com.vn" is no "dantri.cơm.vn", nor ".epi" of a page ".epic"
    names += [m.span() for m in re.finditer(r"\S+", text) if dotted_name(m.group(0)) or site_path(m.group(0))]
    tokens = [m for m in _WORD.finditer(text) if not any(a <= m.start() < b for a, b in names)]
    caps_lock = in_caps_lock([t.group(0) for t in tokens if t.group(0).isalpha()])
    out: list[str] = []
    pos = 0
    changed = False
    i = 0
    while i < len(tokens):
        m = tokens[i]
        word = m.group(0)
        if word == "OR":
            out.append(text[pos:m.end()])
            pos = m.end()
            i += 1
            continue
        # Longest run of adjacent words typed without accents that is a known compound.
        replacement, used, kept = None, 1, False
        for n in range(min(MAX_COMPOUND, len(tokens) - i), 1, -1):
            run = tokens[i:i + n]
            words = [t.group(0) for t in run]
            if (any(text[a.end():b.start()].strip() for a, b in zip(run, run[1:]))
                    or "OR" in words or any(fold(w) != w.lower() for w in words)):
                continue
            hit = vocab.accented_word("_".join(w.lower() for w in words))
            if hit:
                used = n
                kept = _run_written_as_typed(vocab, [w.lower() for w in words], hit.split("_"))
                replacement = None if kept else hit.replace("_", " ")
                break
        if replacement is None and not kept:
            c = canon(word)
            f = fold(word)
            known = vocab.accented_syllable(f)
            if f == word.lower() and known is not None:        # typed without accents
                # Beside a word typed with marks, the form the articles write there ("hôm
                # nay" stays, no "hôm này"; "người may" is "người máy").
                replacement = _written_beside_marked(vocab, text, tokens, i, f) or known
                if i and word[:1].isupper() and not caps_lock and _name_written_as_typed(vocab, text, tokens, i, f):
                    replacement = None      # "cửa khẩu Tân Thanh" is no "Tân thành"
                elif replacement and i and word[:1].isupper() and word[1:].islower():
                    replacement = replacement[:1].upper() + replacement[1:]     # "Tân May": Tân Mây
            elif not _written_as_its_own(vocab, c, f) and not word.isdigit() and not lexicon().knows(c):
                # Not a word of the articles (see _written_as_its_own) nor of Vietnamese
                # (a real word no article has stays): a slip in a word typed with its marks ("khẩuu", "điệnn"),
                # a mark wrong ("khảu"), or an unknown word, the closest the index has.
                if f != word.lower():
                    before, after = (canon(tokens[j].group(0)) if 0 <= j < len(tokens) else None
                                     for j in (i - 1, i + used))
                    replacement = _slip_with_marks(vocab, c, before, after)
                if replacement is None and known is None and len(f) > 1 \
                        and not kept_as_typed_abbreviation(word, caps_lock, vocab.written,
                                                           max(1, int(getattr(vocab, "documents", 1)))):
                    replacement = vocab.closest_syllable(f)     # (a letter alone is no slip: "t.m.đ.t")
                    if replacement is not None and f.isascii() and not is_vietnamese_syllable(fold(replacement)) \
                            and vocab.written(fold(replacement)) < FOREIGN_FIX_MIN_ARTICLES:
                        replacement = None      # a name the articles lack, no slip for a rarer one ("Orsted")
                if replacement is not None and not is_vietnamese_syllable(replacement) \
                        and is_vietnamese_syllable(c):
                    replacement = None                  # never a word of no language ("màirỉ")
                if replacement is not None and word[:1].isupper():
                    replacement = replacement[:1].upper() + replacement[1:]   # "Bình Dươngg"
            if replacement is not None and replacement == c:
                replacement = None
        end = tokens[i + used - 1].end()
        out.append(text[pos:m.start()])
        if replacement is not None:
            out.append(replacement)
            changed = changed or replacement != text[m.start():end].lower()
        else:
            out.append(text[m.start():end])
        pos = end
        i += used
    out.append(text[pos:])
    suggestion = "".join(out).strip()
    if not changed or canon(suggestion) == canon(text.strip()):
        return None
    return suggestion


#: A form of a syllable is a word of its own, not a slip, where the articles write it at
#: least this share as often as the commonest form of the same letters: "Nguyễn" (10,305
#: articles beside 11,440 for "nguyên"), not "nghiêp" (2 beside 3,000 for "nghiệp").
OWN_FORM_SHARE = 0.02


def _run_written_as_typed(vocab: Vocabulary, typed: list[str], commonest: list[str]) -> bool:
    """Whether the articles write the syllables ``typed`` without marks, side by side as
    typed, often enough beside the ``commonest`` word of their letters to be a word as
    typed (``OWN_FORM_SHARE``): "thanh long", the fruit, is no slip for "Thành Long", the
    film star (Tại sao thanh long bị ùn ứ… was offered him)."""
    if typed == commonest:
        return True
    return all(0 < vocab.pair_df(a, b) and vocab.pair_df(a, b) >= OWN_FORM_SHARE * vocab.pair_df(c, d)
               for (a, b), (c, d) in zip(zip(typed, typed[1:]), zip(commonest, commonest[1:])))


def _written_as_its_own(vocab: Vocabulary, syllable: str, folded: str) -> bool:
    """Whether the articles write ``syllable`` (``folded``: it without marks) often enough,
    beside its other forms, to be a word as typed (``OWN_FORM_SHARE``)."""
    forms = list(vocab.syllable_forms.get(folded))
    written = next((df for form, df in forms if form == syllable), 0)
    return bool(written) and written >= OWN_FORM_SHARE * max(df for _form, df in forms)


def _name_written_as_typed(vocab: Vocabulary, text: str, tokens: list, i: int, typed: str) -> bool:
    """Whether a word typed without marks in capitals, after the first, beside a word typed
    with marks, is written so there by the articles at least ``OWN_FORM_SHARE`` as often as
    the form they write most there: the name of a place or a firm as it is spelt ("Tân
    Thanh", the border gate, 37 articles against 88 for the district of Tân Thành)."""
    written = _beside_marked(vocab, text, tokens, i, typed)
    most = max((n for _form, n in written), default=0)
    return most > 0 and max((n for form, n in written if form == typed), default=0) >= OWN_FORM_SHARE * most


def _written_beside_marked(vocab: Vocabulary, text: str, tokens: list, i: int, typed: str) -> str | None:
    """The form of the word ``typed`` without marks that the articles write most often
    beside a neighbour typed with marks (the word as typed, where it is a syllable they
    write: "nay" in "hôm nay"), or None where no neighbour typed with marks stands beside it
    or none of its forms is written there."""
    written = [(form, n) for form, n in _beside_marked(vocab, text, tokens, i, typed) if n > 0]
    return max(written, key=lambda item: item[1])[0] if written else None


def _beside_marked(vocab: Vocabulary, text: str, tokens: list, i: int, typed: str) -> list[tuple[str, int]]:
    """(form, articles) for each form of ``typed`` (a word without marks) and each neighbour
    of token ``i`` typed with marks: how often the articles write that form beside it."""
    out: list[tuple[str, int]] = []
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens) or text[min(tokens[i].end(), tokens[j].end()):
                                             max(tokens[i].start(), tokens[j].start())].strip():
            continue      # not beside it: a quote, a mark or an operator between
        other = canon(tokens[j].group(0))
        if fold(other) == other:
            continue      # typed without marks too
        out += [(form, vocab.pair_df(other, form) if j < i else vocab.pair_df(form, other))
                for form, _df in vocab.syllable_forms.get(typed)]
    return out


#: Articles a syllable must be in to be suggested for a slip (not a stray token).
SLIP_MIN_ARTICLES = 2


def _slip_with_marks(vocab: Vocabulary, typed: str, before: str | None = None,
                     after: str | None = None) -> str | None:
    """The syllable of the index a word typed with its marks was meant to be, among: its
    forms with a tone where none was typed ("nghiêp": nghiệp), a letter doubled or two
    swapped undone ("khẩuu", "thịj"), the same letters with the tone typed on another of
    their forms ("khảu": khẩu). The one the articles write beside the words ``before``
    and ``after`` it in the query first ("xuất khảu": khẩu, not the commoner khả), then one
    that keeps the tone typed, then the commonest. None when no such syllable is common."""
    forms = list(vocab.syllable_forms.get(fold(typed)))
    tone = tone_of(typed)
    found = {f: df for f, df in forms if (not tone and compatible(typed, f)) or (tone and tone_of(f) == tone)}
    for x in {typed[:i] + typed[i + 1:] for i in range(len(typed))} | \
            {typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:] for i in range(len(typed) - 1)}:
        df = vocab.syllable_df(x)
        if df:
            found[x] = df
    found = {f: df for f, df in found.items()
             if f != typed and df >= SLIP_MIN_ARTICLES and is_vietnamese_syllable(f)}

    def written_beside(f: str) -> int:
        return (vocab.pair_df(before, f) if before else 0) + (vocab.pair_df(f, after) if after else 0)

    # The tone typed is kept where a candidate keeps it ("nghềe": nghề, not the commoner
    # nghe; "thuơng": thương, not thường).
    return max(found, key=lambda f: (written_beside(f) > 0, tone_of(f) == tone, found[f], f)) if found else None


def attach_suggester(engine) -> None:
    """Make ``engine.search`` fill ``suggestion`` for unaccented or fruitless queries."""

    def suggester(eng, parsed, text: str, total: int) -> str | None:
        unaccented = any(not a.accented for a in parsed.positive_atoms())
        if total and not unaccented:
            return None
        return suggest(eng.vocabulary(), text)

    engine.suggester = suggester
