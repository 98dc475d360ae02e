"""Quotations and who said them.

The quoted spans come from the quote marks alone (``quote_marks``). This component reads the parse around
each span: the speech cues (``speech``), the cue's subject as the speaker mention, and the speaker as the
mention layer resolved it (``mentions``): a name's canonical actor, or the actor coreference linked a
pronoun, role noun or document to. What the layer leaves unresolved stays the description the article
gives ("a senior US defence official"). Quotes never resolve names or pronouns themselves.
Reported speech without marks ("X said that ...", "according to X") becomes ``indirect`` rows.

Where things are: ``component`` (the spaCy factory and the order of the steps), ``rows`` (the table, the
``doc.spans["quotes"]`` group and the row of a span), ``context`` (the per-article attribution context),
``speaker`` (the speaker record), ``attribution`` (kind and speaker of each span, in text order), ``kinds``
(the kind rules), ``labels`` (transcript turns, headlines, signed quotes), ``cue_search`` (which cue near a
quotation reports it), ``cue_subject`` (whom a cue reports: subject, object, agent, gerund adjuncts),
``resolution`` (from that token to a speaker and its mention), ``continuity`` (speakers carried by the
paragraphs around a quotation, and over a multi-paragraph quotation), ``clause_subject`` (the subject a
sentence puts quoted words to without a cue), ``indirect`` (reported speech without marks), ``layout``
(paragraphs, sentence breaks, a quotation's sentence frame).
"""
from __future__ import annotations

from news_intel.nlp.quotes.component import TAKES_REFERENCE_DIR, QuoteExtractor, make_quote_extractor
from news_intel.nlp.quotes.rows import KINDS, QUOTE_SPAN_ATTRS, QUOTES_KEY, TABLE

__all__ = [
    "KINDS", "QUOTE_SPAN_ATTRS", "QUOTES_KEY", "TABLE", "TAKES_REFERENCE_DIR", "QuoteExtractor", "make_quote_extractor",
]
