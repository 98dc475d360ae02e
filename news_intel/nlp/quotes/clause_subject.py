"""A quotation no cue reports that its sentence puts to its subject ("Reid has gone after Trump as a “human
leech”"): the subject's words, when the mention layer resolved the subject to someone who can speak."""
from __future__ import annotations

from news_intel.nlp.mentions import mention_of
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.speaker import SPEAKING_ACTOR_TYPES, Speaker


def clause_subject(ctx: AttributionContext, q: QuoteSpan) -> Speaker | None:
    """No cue at all: words the sentence puts to its subject ("Reid has gone after Trump as a “human
    leech”", "Obama is rolling out a message: “It's about me.”") are the subject's, when the subject
    is someone the mention layer resolved; the nearest clause with a subject decides."""
    doc = ctx.doc
    qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
    if qspan is None or not len(qspan):
        return None
    tok = qspan.root
    if any(c.dep_ in ("nsubj", "nsubjpass") and not q.start <= c.idx < q.end for c in tok.children):
        return None  # the victims “do need their day in court”: the quote's own verb, and its topic
    for _ in range(8):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if q.start <= tok.idx < q.end or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.lemma_ == "be":
            return None  # Trump would be “the healthiest ever”: said of the subject, not by it
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")]
        if not subjects:
            continue
        subject = subjects[0]
        linked = mention_of(subject)
        if subject.dep_ != "nsubj" or q.start <= subject.idx < q.end or linked is None or not linked._.actor:
            return None
        if linked._.actor_type not in SPEAKING_ACTOR_TYPES:
            return None
        return Speaker(linked._.actor, linked.text, linked.start_char, linked.end_char, linked._.actor_type, None)
    return None
