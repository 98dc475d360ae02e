"""The ``news_quotes`` spaCy component: quoted spans, their kinds and speakers, and reported speech."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.people import person_lexicon
from news_intel.nlp.quote_marks import quote_spans_of
from news_intel.nlp.quotes.attribution import attribute_spans
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.continuity import spread_over_quotations
from news_intel.nlp.quotes.headline_subject import lower_case_parser
from news_intel.nlp.quotes.indirect import indirect_rows
from news_intel.nlp.quotes.rows import QUOTE_SPAN_ATTRS, QUOTES_KEY, number_rows, quote_row
from news_intel.nlp.span_groups import spans_from_rows
from news_intel.nlp.speech import SpeechCues, speech_cue_lexicon

# Honorifics and titles come from the shared reference seed person_titles.csv.
TAKES_REFERENCE_DIR = True


class QuoteExtractor:
    def __init__(self, nlp: Language, reference_dir: str | None = None):
        self.people = person_lexicon(reference_dir)
        self.cues = speech_cue_lexicon()
        self.cue_finder = SpeechCues(nlp.vocab)
        self.headline_parser = lower_case_parser(nlp)

    # -- entry point ---------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.quote_rows = self._extract(doc)
        except Exception:  # a parse we did not foresee must not lose the article; keep the spans at least
            doc._.quote_rows = self._spans_only(doc)
        doc.spans[QUOTES_KEY] = spans_from_rows(doc, doc._.quote_rows, QUOTE_SPAN_ATTRS)
        return doc

    def _spans_only(self, doc: Doc) -> list[dict]:
        rows = []
        for q in quote_spans_of(doc):
            rows.append(quote_row(doc, q.start, q.end, "partial", None, q.quotation, q.closed))
        return number_rows(rows)

    def _extract(self, doc: Doc) -> list[dict]:
        spans = quote_spans_of(doc)
        ctx = AttributionContext(doc, self.cue_finder(doc), spans, self.people, self.cues, headline_parser=self.headline_parser)

        # Resolve every span in text order so pronouns see the speakers before them.
        results = attribute_spans(ctx)

        # A multi-paragraph quotation gets the speaker and kind found on any of its spans.
        quotations = spread_over_quotations(spans, results)

        rows = []
        for k, q in enumerate(spans):
            kind, spk = results[k]
            rows.append(quote_row(doc, q.start, q.end, kind, spk if kind != "scare" else None, q.quotation, q.closed))
        rows.extend(indirect_rows(ctx, quotations))
        rows.sort(key=lambda r: r["start_char"])
        return number_rows(rows)


@Language.factory(
    "news_quotes", default_config={"reference_dir": None},
    requires=["doc.spans", "token.dep"], assigns=["doc.spans", "doc._.quote_rows"],
)
def make_quote_extractor(nlp: Language, name: str, reference_dir: str | None) -> QuoteExtractor:
    return QuoteExtractor(nlp, reference_dir)
