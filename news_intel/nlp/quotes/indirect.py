"""Reported speech without quote marks ("X said that ..."): the clause a cue marked ``indirect`` in the cue
lexicon reports, when no quote mark and no quoted token lies in it."""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

from spacy.tokens import Doc, Token

from news_intel.nlp.quote_marks import DOUBLE_MARKS
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.cue_subject import cue_subject
from news_intel.nlp.quotes.rows import quote_row
from news_intel.nlp.structure import doc_text


def indirect_rows(ctx: AttributionContext, first_quotation: int) -> list[dict]:
    """A row of kind ``indirect`` for each clause a cue reports outside quote marks, numbered as quotations
    from ``first_quotation``; each speaker joins the speakers so far."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    rows = []
    qn = first_quotation
    marks = set(DOUBLE_MARKS) | {"‘"}
    # Looked up by position: a chain of cues ("he said she said ...") nests every clause in the one before,
    # and scanning each clause would cost the square of the chain.
    mark_chars = [i for i, ch in enumerate(text) if ch in marks]
    inside_before = list(accumulate(ctx.inside, initial=0))
    for i, lemma in sorted(ctx.cue_tokens.items()):
        if ctx.inside[i]:
            continue
        tok = doc[i]
        if lemma == "according to":
            continue
        if ctx.cues.get(lemma, {}).get("indirect") != "1":
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if not comps:
            continue
        clause = _reported_clause(doc, comps[0])
        if clause is None:
            continue
        first, last = clause
        s, e = doc[first].idx, doc[last].idx + len(doc[last])
        if bisect_left(mark_chars, s) < bisect_left(mark_chars, e) or inside_before[last + 1] > inside_before[first]:
            continue
        spk = cue_subject(ctx, tok, lemma, exclude=(s, e))
        if spk is None or spk.name is None and spk.mention is None:
            continue
        rows.append(quote_row(doc, s, e, "indirect", spk, qn, True))
        ctx.speakers_so_far.append((spk.start if spk.start is not None else s, spk))
        qn += 1
    return rows


def _reported_clause(doc: Doc, comp: Token) -> tuple[int, int] | None:
    """The first and last token of the clause a cue reports (``comp``'s subtree, less a leading "that" and
    trailing punctuation), or None when under three tokens are left."""
    first, last = comp.left_edge.i, comp.right_edge.i
    lead = doc[first]
    if lead.dep_ == "mark" and lead.head.i == comp.i:
        first += 1
    while last >= first and doc[last].is_punct:
        last -= 1
    return (first, last) if last - first + 1 >= 3 else None
