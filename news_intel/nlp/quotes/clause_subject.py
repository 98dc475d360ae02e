"""A quotation no cue reports that its sentence puts to its subject ("Reid has gone after Trump as a “human
leech”"): the subject's words, when the mention layer resolved the subject to someone who can speak."""
from __future__ import annotations

from spacy.tokens import Token

from news_intel.nlp.mentions import mention_of
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.cue_subject import noun_phrase_opening_paragraph
from news_intel.nlp.quotes.layout import paragraph_of
from news_intel.nlp.quotes.speaker import SPEAKING_ACTOR_TYPES, Speaker
from news_intel.nlp.structure import doc_text


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
            if _of_someone(ctx, tok):
                return None  # Trump would be “the healthiest ever”: said of the subject, not by it
            continue  # "make sure everything is “on the up and up”": the words of the clause above
        # The parser runs a sentence across paragraphs ("The Latest: ...\n\n7 p.m.\n\nDonald Trump is ..."):
        # a subject hung on the verb from another paragraph is none of its own.
        para = paragraph_of(doc_text(doc), tok.idx)
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and para[0] <= c.idx < para[1]]
        if not subjects:
            opening = noun_phrase_opening_paragraph(ctx, tok, para) if tok.dep_ == "ROOT" else None
            if opening is not None:
                linked = mention_of(opening)
                return Speaker.of_mention(linked)
            continue
        subject = subjects[0]
        linked = mention_of(subject)
        if subject.dep_ != "nsubj" or q.start <= subject.idx < q.end or linked is None or not linked._.actor:
            return None
        if linked._.actor_type not in SPEAKING_ACTOR_TYPES:
            return None
        return Speaker.of_mention(linked)
    return None


def _of_someone(ctx: AttributionContext, be: Token) -> bool:
    """Whether the subject of a form of "be" is someone (a person, organization or group the mention layer
    resolved, or a personal pronoun): what the clause says is said of them."""
    for c in be.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            linked = mention_of(c)
            pronoun = ctx.people.pronoun(c.lower_)
            return linked is not None and linked._.actor_type in SPEAKING_ACTOR_TYPES or pronoun is not None and pronoun.personal
    return False
