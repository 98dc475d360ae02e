"""The ``news_quotes`` spaCy component: quoted spans, their kinds and speakers, and reported speech."""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.quote_marks import QuoteSpan, paragraphs, quote_spans_of
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.continuity import speaker_from_context
from news_intel.nlp.quotes.cue_search import speaker_in_frame
from news_intel.nlp.quotes.indirect import indirect_rows
from news_intel.nlp.quotes.kinds import SpanShape, headline_kind, is_title, kind_of, scare_marked
from news_intel.nlp.quotes.labels import headline_speaker, transcript_speaker
from news_intel.nlp.quotes.rows import QUOTE_SPAN_ATTRS, QUOTES_KEY, number_rows, quote_row
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.span_groups import spans_from_rows
from news_intel.nlp.speech import SpeechCues, speech_cue_lexicon
from news_intel.nlp.structure import doc_text

# Honorifics and titles come from the shared reference seed person_titles.csv.
TAKES_REFERENCE_DIR = True

class QuoteExtractor:
    def __init__(self, nlp: Language, reference_dir: str | None = None):
        self.people = person_lexicon(reference_dir)
        self.cues = speech_cue_lexicon()
        self.cue_finder = SpeechCues(nlp.vocab)

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
        text = doc_text(doc)
        spans = quote_spans_of(doc)
        ctx = AttributionContext(doc, self.cue_finder(doc), spans, self.people, self.cues)
        inside = ctx.inside

        # Resolve every span in text order so pronouns see the speakers before them.
        results: dict[int, tuple[str, Speaker | None]] = {}
        for k, q in enumerate(spans):
            results[k] = self._classify(ctx, q, inside)
            spk = results[k][1]
            if spk is not None and spk.name:
                ctx.speakers_so_far.append((spk.start if spk.start is not None else q.start, spk))

        # A multi-paragraph quotation gets the speaker and kind found on any of its spans.
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

        rows = []
        for k, q in enumerate(spans):
            kind, spk = results[k]
            rows.append(quote_row(doc, q.start, q.end, kind, spk if kind != "scare" else None, q.quotation, q.closed))
        rows.extend(indirect_rows(ctx, len(by_quotation)))
        rows.sort(key=lambda r: r["start_char"])
        return number_rows(rows)

    # -- kind and speaker of one span ----------------------------------------------------------------
    def _classify(self, ctx: AttributionContext, q: QuoteSpan, inside: list[bool]) -> tuple[str, Speaker | None]:
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


@Language.factory(
    "news_quotes", default_config={"reference_dir": None},
    requires=["doc.spans", "token.dep"], assigns=["doc.spans", "doc._.quote_rows"],
)
def make_quote_extractor(nlp: Language, name: str, reference_dir: str | None) -> QuoteExtractor:
    return QuoteExtractor(nlp, reference_dir)
