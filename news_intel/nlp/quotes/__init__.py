"""Quotations and who said them.

The quoted spans come from the quote marks alone (``quote_marks``). This component reads the parse around
each span: the speech cues (``speech``), the cue's subject as the speaker mention, and the speaker as the
mention layer resolved it (``mentions``): a name's canonical actor, or the actor coreference linked a
pronoun, role noun or document to. What the layer leaves unresolved stays the description the article
gives ("a senior US defence official"). Quotes never resolve names or pronouns themselves.
Reported speech without marks ("X said that ...", "according to X") becomes ``indirect`` rows.
"""
from __future__ import annotations

from news_intel.nlp.quotes.component import TAKES_REFERENCE_DIR, QuoteExtractor, make_quote_extractor
from news_intel.nlp.quotes.rows import KINDS, QUOTE_SPAN_ATTRS, QUOTES_KEY, TABLE

__all__ = [
    "KINDS", "QUOTE_SPAN_ATTRS", "QUOTES_KEY", "TABLE", "TAKES_REFERENCE_DIR", "QuoteExtractor", "make_quote_extractor",
]
