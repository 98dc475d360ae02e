"""Speakers carried by the context when no cue stands beside a quotation: an introduction ending the
previous paragraph, the speaker so far (of this paragraph, or of the previous one for a paragraph that is
all quotation), a person introduced in the sentence before, an attribution earlier in the paragraph; and a
quotation over several paragraphs, whose spans share the speaker and kind found on any of them."""
from __future__ import annotations

from news_intel.nlp.mentions import mention_of, mentions
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.clause_subject import clause_subject
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.cue_subject import cue_subject
from news_intel.nlp.quotes.layout import paragraph_of, previous_paragraph, starts_sentence
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.structure import doc_text


def speaker_from_context(ctx: AttributionContext, q: QuoteSpan, kind: str) -> Speaker | None:
    """No cue beside the quote: an introduction ending the previous paragraph, or the speaker so far."""
    text = doc_text(ctx.doc)
    lo, _ = paragraph_of(text, q.start)
    before = text[lo:q.start - 1].strip()
    if not before:
        introduced = _introduction_ending_previous_paragraph(ctx, q, lo)
        if introduced is not None:
            return introduced
    labelled = _label_before(ctx, q, lo, before)
    if labelled is not None:
        return labelled
    so_far = _speaker_so_far(ctx, q, lo, before, kind)
    if so_far is not None:
        return so_far
    earlier = _attribution_earlier_in_paragraph(ctx, q, lo)
    if earlier is not None:
        return earlier
    return clause_subject(ctx, q)


def _introduction_ending_previous_paragraph(ctx: AttributionContext, q: QuoteSpan, lo: int) -> Speaker | None:
    """'He said:' (or a cue last) ending the paragraph before one that opens with the quote: its subject."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    prev = previous_paragraph(text, lo)
    if prev is None:
        return None
    p_lo, p_hi = prev
    tail = text[p_lo:p_hi].rstrip()
    if tail.endswith((":", "…", "...", ",")) or _ends_with_cue(ctx, p_lo, p_hi):
        for i in sorted((i for i in ctx.cue_tokens if p_lo <= doc[i].idx < p_hi), reverse=True):
            spk = cue_subject(ctx, doc[i], ctx.cue_tokens[i], exclude=(q.start, q.end))
            if spk is not None:
                return spk
    return None


# Words a speaker's label ("Rep. Jane Roe (D-Ore.):", "Former secretary of state Ann Cole:") runs to at most.
LABEL_WORDS = 8


def _label_before(ctx: AttributionContext, q: QuoteSpan, lo: int, before: str) -> Speaker | None:
    """A transcript's turn labelled outside the quotation: a short label ending in a colon, opening the
    quote's paragraph or standing as the paragraph before it ("Continued Roe:"), that names a person or
    organization; the last one named speaks."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    span = (lo, q.start)
    if not before:
        prev = previous_paragraph(text, lo)
        if prev is None:
            return None
        span, before = prev, text[prev[0]:prev[1]].strip()
    if not before.endswith(":") or len(before.split()) > LABEL_WORDS or ctx.quote_between(span[0] - 1, span[1]):
        return None
    names = [m for m in mentions(doc) if span[0] <= m.start_char and m.end_char <= span[1]
             and m._.mention_kind == "name" and m._.actor and m._.actor_type in ("person", "organization")]
    if not names:
        return None
    m = names[-1]
    return Speaker.of_mention(m)


def _speaker_so_far(ctx: AttributionContext, q: QuoteSpan, lo: int, before: str, kind: str) -> Speaker | None:
    """The last speaker in this paragraph, or in the previous one for a quote-only paragraph."""
    recent = sorted(((c, s) for c, s in ctx.speakers_so_far if c < q.start), key=lambda cs: cs[0])
    if not recent:
        return None
    c, s = recent[-1]
    # A speaker carried into this paragraph without a cue of its own yields to one it introduces.
    introduced = None if c >= lo and s.cue else _subject_of_sentence_before(ctx, q, lo)
    if introduced is not None:
        return introduced
    if c >= lo:
        return Speaker(s.name, None, None, None, s.actor_type, None, same_paragraph=True)
    prev = previous_paragraph(doc_text(ctx.doc), lo)
    if prev is not None and c >= prev[0] and (not before or kind == "direct"):
        return Speaker(s.name, None, None, None, s.actor_type, None)
    return None


def _attribution_earlier_in_paragraph(ctx: AttributionContext, q: QuoteSpan, lo: int) -> Speaker | None:
    """An attribution sentence earlier in the same paragraph ("X remarked that ...")."""
    doc = ctx.doc
    for i in sorted((i for i in ctx.cue_tokens if lo <= doc[i].idx < q.start), reverse=True):
        spk = cue_subject(ctx, doc[i], ctx.cue_tokens[i], exclude=(q.start, q.end))
        if spk is not None and not spk.non_speaker:
            return Speaker(spk.name, None, None, None, spk.actor_type, None)
    return None


def _subject_of_sentence_before(ctx: AttributionContext, q: QuoteSpan, lo: int) -> Speaker | None:
    """'On Sunday, Sen. Jane Roe identified fatigue as one reason. “Voters are tired.”': a quotation that
    opens a sentence after one, in its own paragraph, whose subject is a person or organization the
    article names, is that subject's: news introduces a speaker in the sentence before their words."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    if not starts_sentence(text, lo, q.start - 1) or not text[lo:q.start - 1].strip():
        return None
    before = doc.char_span(lo, q.start - 1, alignment_mode="contract")
    if before is None or not len(before):
        return None
    sent = before[-1].sent
    if sent.root.idx < lo or ctx.quote_at(sent.root.idx):
        return None
    subject = next((c for c in sent.root.children if c.dep_ == "nsubj" and c.idx >= lo), None)
    linked = mention_of(subject) if subject is not None else None
    if linked is None or not linked._.actor or linked._.actor_type not in ("person", "organization"):
        return None
    if ctx.quote_at(linked.start_char):
        return None
    return Speaker(linked._.actor, None, None, None, linked._.actor_type, None)


def _ends_with_cue(ctx: AttributionContext, p_lo: int, p_hi: int) -> bool:
    """Whether the last word of characters ``[p_lo, p_hi)`` is a cue ("..., he said")."""
    doc = ctx.doc
    toks = [t for t in doc if p_lo <= t.idx < p_hi and not t.is_punct and not t.is_space]
    return bool(toks) and toks[-1].i in ctx.cue_tokens


def spread_over_quotations(spans: list[QuoteSpan], results: list[tuple[str, Speaker | None]]) -> int:
    """Give the spans of each multi-paragraph quotation (``results[k]`` is span ``k``'s kind and speaker) the
    kind and speaker found on any of them, in place; the number of quotations."""
    by_quotation: dict[int, list[int]] = {}
    for k, q in enumerate(spans):
        by_quotation.setdefault(q.quotation, []).append(k)
    for members in by_quotation.values():
        if len(members) < 2:
            continue
        found = [results[k][1] for k in members if results[k][1] is not None and results[k][1].cue]
        speaker = found[-1] if found else next((results[k][1] for k in members if results[k][1]), None)
        kind = "direct" if any(results[k][0] == "direct" for k in members) else results[members[0]][0]
        for k in members:
            own = results[k][1]
            # A span with its own cue keeps its speaker: transcripts chain turns of different people.
            results[k] = (kind, own if own is not None and (own.cue or own.same_paragraph) else speaker)
    return len(by_quotation)
