"""The kind of a quoted span, from its text: ``direct`` (a sentence or more of someone's words), ``partial``
(a fragment worked into the reporter's sentence), ``scare`` (a term held at arm's length, or a title). Whether
a speaker was found decides between the kinds for some spans; ``indirect`` rows come from ``indirect``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.layout import paragraph_of, starts_sentence
from news_intel.nlp.reference import read_package_csv
from news_intel.nlp.structure import doc_text


@lru_cache(maxsize=1)
def _scare_markers() -> list[str]:
    return [r["phrase"].lower() for r in read_package_csv("quotes_scare_markers.csv")]


@dataclass(frozen=True)
class SpanShape:
    """What the kind rules read of a quoted span, and the paragraph ``[lo, hi)`` it lies in."""

    words: list[str]
    capital: bool  # the first letter is a capital
    has_verb: bool  # a finite verb (or a verb the parser made the root)
    ends_clause: bool  # the last character is clause-final punctuation
    opens_sentence: bool  # the opening mark starts a sentence
    lo: int
    hi: int

    @classmethod
    def of(cls, doc: Doc, q: QuoteSpan) -> SpanShape:
        text = doc_text(doc)
        body = text[q.start:q.end]
        words = re.findall(r"[\w’'-]+", body)
        first_alpha = next((c for c in body if c.isalpha()), "")
        capital = first_alpha.isupper()
        qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
        has_verb = bool(qspan) and any((t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG") or (t.dep_ == "ROOT" and t.pos_ == "VERB") for t in qspan)
        ends_clause = body.rstrip()[-1:] in ",.?!:;…" if body.strip() else False
        lo, hi = paragraph_of(text, q.start)
        return cls(words, capital, has_verb, ends_clause, starts_sentence(text, lo, q.start - 1), lo, hi)


def scare_marked(text: str, mark: int) -> bool:
    """Whether a scare marker ("so-called") stands right before the opening mark at ``mark``."""
    before = text[max(0, mark - 20):mark].lower().rstrip()
    return any(before.endswith(m) for m in _scare_markers())


def is_title(shape: SpanShape, headline: bool) -> bool:
    """'on Fox News’s “Fox and Friends.”', 'in “13th.”': a few title-case words inside a sentence, no verb."""
    long_words = [w for w in shape.words if len(w) > 3]
    title_case = bool(long_words) and all(w[0].isupper() for w in long_words) and len(shape.words) <= 6
    return title_case and not shape.opens_sentence and not shape.has_verb and not headline


def headline_kind(shape: SpanShape) -> str:
    """The kind of a quote in the article's headline, whose words are too clipped for a parse."""
    return "direct" if shape.capital and shape.ends_clause and len(shape.words) >= 3 else "partial"


def kind_of(shape: SpanShape, has_speaker: bool) -> str:
    """The kind of a span outside the headline, once the cue search has found its speaker or not."""
    words = shape.words
    if shape.capital and (shape.has_verb and len(words) >= 3 or shape.opens_sentence and len(words) >= 4
                          or shape.ends_clause and len(words) >= 4 and has_speaker):
        return "direct"
    if len(words) <= 4 and not has_speaker:
        # A few words in marks with nobody saying them: a term held at arm's length ("spy" balloon).
        return "scare"
    return "partial"
