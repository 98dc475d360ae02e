"""Kind and speaker of each quoted span, in text order so that pronouns and continuations see the speakers
before them: a label or the cue search first, the headline's own rule, then the context for a span no cue
reports."""
from __future__ import annotations

from dataclasses import replace

from news_intel.nlp.quote_marks import QuoteSpan, paragraphs
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.continuity import speaker_from_context
from news_intel.nlp.quotes.cue_search import speaker_in_frame
from news_intel.nlp.quotes.kinds import SpanShape, headline_kind, is_title, kind_of, scare_marked
from news_intel.nlp.quotes.labels import headline_speaker, transcript_speaker
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.structure import doc_text


def attribute_spans(ctx: AttributionContext) -> list[tuple[str, Speaker | None]]:
    """(kind, speaker) of every quoted span of the context, each named speaker added to the speakers so far."""
    results = []
    for q in ctx.quote_spans:
        kind, spk = kind_and_speaker(ctx, q)
        results.append((kind, spk))
        if spk is not None and spk.name:
            ctx.speakers_so_far.append((spk.start if spk.start is not None else q.start, spk))
    return results


def kind_and_speaker(ctx: AttributionContext, q: QuoteSpan) -> tuple[str, Speaker | None]:
    """The kind of span ``q`` and its speaker (None for a scare quote, or when nobody is found)."""
    text = doc_text(ctx.doc)
    shape = SpanShape.of(ctx.doc, q)
    headline = ctx.headline(shape.lo, shape.hi)
    if scare_marked(text, q.start - 1) or is_title(shape, headline):
        return "scare", None

    speaker = transcript_speaker(ctx, q) or speaker_in_frame(ctx, q)
    if speaker is None and headline and shape.lo == (paragraphs(text) or [(0, 0)])[0][0]:
        # A headline quotes someone it names, in words too clipped for a parse: "Pat Caddell: ...
        # It’s ‘in Their Heads.’", "Christie Calls Clinton ‘A Disgrace’".
        return headline_kind(shape), headline_speaker(ctx, shape.lo, q)

    kind = kind_of(shape, speaker is not None)
    if kind == "scare":
        return kind, None
    if speaker is None:
        speaker = speaker_from_context(ctx, q, kind)
    elif speaker.non_speaker:
        # The cue's subject is a thing ("the plans"): the quote is still someone's words, whose
        # speaker the context may give.
        known = speaker_from_context(ctx, q, kind)
        speaker = replace(speaker, name=known.name, actor_type=known.actor_type) if known is not None else speaker
    if speaker is None and kind == "partial" and len(shape.words) <= 4:
        return "scare", None
    return kind, speaker
