"""Speakers a label names instead of a cue: an interview transcript's turn ("PENCE: ..."), a headline's
label or first name, a signed quote ("“...” ― Sonya Herridge")."""
from __future__ import annotations

import re

from news_intel.nlp.mentions import mention_at, person_named
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.headline_subject import headline_subject
from news_intel.nlp.quotes.resolution import name_for
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.structure import doc_entities, doc_text


def transcript_speaker(ctx: AttributionContext, q: QuoteSpan) -> Speaker | None:
    """Interview transcripts quote turns as '"PENCE: Well, ...'; the capitalised label is the speaker."""
    m = re.match(r"\s*([A-Z][A-Z.'’ -]{1,40}[A-Z]|[A-Z][a-z]+(?: [A-Z][a-z]+)?):\s", doc_text(ctx.doc)[q.start:q.end])
    if not m:
        return None
    label = m.group(1)
    s, e = q.start + m.start(1), q.start + m.end(1)
    name = " ".join(w.capitalize() if w.isupper() else w for w in label.split())
    full = person_named(ctx.doc, name.split()[-1], case_insensitive=True)
    if full is None and not label.isupper():
        return None  # "Collapse: How Societies Choose ...": a title with a subtitle, not a speaker's turn
    return Speaker(full or name, label, s, e, "person", "say")


def headline_speaker(ctx: AttributionContext, lo: int, q: QuoteSpan) -> Speaker | None:
    """A headline's speaker: the subject of its clause before the quote ("Black Lawmakers Rip Donald Trump
    As A ‘Disgusting Fraud’", "Carly Fiorina Endorses Ted Cruz: I Am ‘Horrified’"), else the label before a
    colon ("Pat Caddell: ..."), or the first name the headline gives before the quote."""
    doc = ctx.doc
    label = re.match(r"\s*([^:“\"‘]{2,60}):\s", doc_text(doc)[lo:q.start])
    end = lo + label.end(1) if label else q.start
    subject = _headline_subject_speaker(ctx, lo, end)
    if subject is not None:
        return subject
    people = [e for e in doc_entities(doc) if lo <= e.start_char and e.end_char <= end and e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    if not people:
        if label and len(label.group(1).split()) <= 4:
            s_, e_ = lo + label.start(1), lo + label.end(1)
            return Speaker(label.group(1).strip(), label.group(1).strip(), s_, e_, None, None)
        return None
    e = people[0]
    name, actor_type = name_for(ctx, e.root, e)
    return Speaker(name, e.text, e.start_char, e.end_char, actor_type, None)


def _headline_subject_speaker(ctx: AttributionContext, lo: int, end: int) -> Speaker | None:
    """The headline's subject as a speaker: the actor of the name it is, else its own words."""
    if ctx.headline_parser is None:
        return None
    found = headline_subject(ctx.headline_parser, doc_text(ctx.doc), lo, end)
    if found is None:
        return None
    start, stop = found
    span = ctx.doc.char_span(start, stop, alignment_mode="expand")
    if span is None or not len(span):
        return None
    named = mention_at(ctx.doc, start, stop)
    if named is not None and named._.actor and named._.mention_kind == "name" and start <= named.start_char and named.end_char <= stop:
        return Speaker(named._.actor, span.text, start, stop, named._.actor_type, None)
    text = doc_text(ctx.doc)[start:stop]
    person = person_named(ctx.doc, span[-1].text, surname=True)
    if person is not None:  # "Mayor Lena Voss Backs ...": the model ran the verb into the name
        return Speaker(person, text, start, stop, "person", None)
    return Speaker(text, text, start, stop, None, None)


def signed_quote_speaker(ctx: AttributionContext, q: QuoteSpan, hi: int) -> Speaker | None:
    """Signed quotes: '“...” ― Sonya Herridge' (a dash and a name right after the closing mark)."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    m = re.match(r"[\"”]?\s*[―—–-]{1,2}\s*", text[q.end:hi])
    if not m or not q.closed:
        return None
    start = q.end + m.end()
    span = doc.char_span(start, hi, alignment_mode="expand")
    if span is None or not len(span) or span[0].pos_ != "PROPN":
        return None
    j = span.start
    while j < span.end and (doc[j].pos_ == "PROPN" or doc[j].text in (".",) and j + 1 < span.end and doc[j + 1].pos_ == "PROPN"):
        j += 1
    name_span = doc[span.start:j]
    if not len(name_span):
        return None
    name, actor_type = name_for(ctx, name_span[-1], name_span)
    return Speaker(name, name_span.text, name_span.start_char, name_span.end_char, actor_type or "person", "sign")
