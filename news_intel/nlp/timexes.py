"""The ``news_timexes`` component: temporal expressions normalized to TimeML TIMEX3 (type, value,
mod), resolved against the DCT, as rows of the ``timexes`` table.

A rule grammar in the spirit of HeidelTime, kept as data: the rules of
``news_intel/nlp/data/timex_rules.tsv``, built from the lexicons in ``timex_*.csv``, find candidate
spans in ``doc_text(doc)``; each rule names the handler that turns its match into a TIMEX3 value,
resolving relative expressions against the document creation time (``doc._.published``). The parts
live in ``news_intel.nlp.timex`` (lexicon, rules, handlers, matching, calendar, anchoring). The
spaCy parse is used for what a regex cannot see: the tense of the governing verb (bare weekdays and
months) and whether a bare year is a count ("1500 troops"). Without a publication date nothing is guessed: values stay underspecified
(``XXXX-WXX-5``) and no calendar range is given. Today's date is never used.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.span_groups import register_span_attributes, spans_from_rows
from news_intel.nlp.structure import doc_text
from news_intel.nlp.tables import TableSpec
from news_intel.nlp.timex.calendar import granularity, value_range
from news_intel.nlp.timex.expression import Timex
from news_intel.nlp.timex.matching import grammar

__all__ = ["TABLE", "Timex", "granularity", "grammar", "news_timexes", "timex_rows", "value_range"]

TABLE = TableSpec(
    name="timexes",
    doc_attr="timex_rows",
    columns=(
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
        ("timex_type", "VARCHAR NOT NULL"),
        ("value", "VARCHAR NOT NULL"),
        ("mod", "VARCHAR"),
        ("anchor_date", "DATE"),
        ("range_start", "DATE"),
        ("range_end", "DATE"),
        ("sentence_idx", "INTEGER"),
        ("granularity", "VARCHAR"),
        ("is_relative", "BOOLEAN"),
    ),
    description="One row per temporal expression, TimeML TIMEX3 type/value/mod, resolved against the publication date.",
)

for _attr in (TABLE.doc_attr, "published"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def timex_rows(doc: Doc) -> list[dict]:
    rows = []
    dct = doc._.published
    timexes = grammar().find(doc)
    # Sentence of a character: the last sentence starting at or before it (bisecting a few sentence
    # starts, not every token's).
    sentence_starts = [s.start_char for s in doc.sents] if timexes else []
    for t in timexes:
        rng = value_range(t.value) if t.timex_type in ("DATE", "TIME") else t.anchored_range
        if t.timex_type not in ("DATE", "TIME") and t.anchored_range:
            rng = t.anchored_range
        rows.append(
            {
                "start_char": t.start,
                "end_char": t.end,
                "text": doc_text(doc)[t.start : t.end],
                "timex_type": t.timex_type,
                "value": t.value,
                "mod": t.mod,
                "anchor_date": dct if (t.relative and dct is not None) else None,
                "range_start": rng[0] if rng else None,
                "range_end": rng[1] if rng else None,
                "sentence_idx": max(bisect_right(sentence_starts, t.start) - 1, 0),
                "granularity": granularity(t.value),
                "is_relative": t.relative,
            }
        )
    return rows


# Later components read temporal expressions from ``doc.spans["timexes"]``: one span per row with its
# TimeML type and value and the dates it covers.
TIMEXES_KEY = "timexes"
# The expression's own characters: a span covers whole tokens ("mid-2023"), the expression may not ("2023").
TIMEX_SPAN_ATTRS = {
    "timex_type": "timex_type", "timex_value": "value", "range_start": "range_start", "range_end": "range_end",
    "timex_start": "start_char", "timex_text": "text",
}
register_span_attributes(TIMEX_SPAN_ATTRS)


@Language.component(
    "news_timexes", requires=["doc.sents"], assigns=["doc.spans", "doc._.timex_rows"],
)
def news_timexes(doc: Doc) -> Doc:
    doc._.timex_rows = timex_rows(doc)
    doc.spans[TIMEXES_KEY] = spans_from_rows(doc, doc._.timex_rows, TIMEX_SPAN_ATTRS)
    return doc
