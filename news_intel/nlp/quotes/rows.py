"""The quotes table, the span group later components read, and the row seam between the two."""
from __future__ import annotations

from spacy.tokens import Doc

from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.span_groups import register_span_attributes
from news_intel.nlp.structure import doc_text, sentence_index
from news_intel.nlp.tables import TableSpec

TABLE = TableSpec(
    name="quotes",
    doc_attr="quote_rows",
    columns=(
        ("quote_idx", "INTEGER NOT NULL"),
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("quote_text", "VARCHAR NOT NULL"),
        ("kind", "VARCHAR NOT NULL"),
        ("speaker", "VARCHAR"),
        ("speaker_mention", "VARCHAR"),
        ("speaker_start_char", "INTEGER"),
        ("speaker_end_char", "INTEGER"),
        ("speaker_actor_type", "VARCHAR"),
        ("cue", "VARCHAR"),
        ("sentence_idx", "INTEGER"),
        ("quotation_idx", "INTEGER"),
        ("closed", "BOOLEAN"),
    ),
    description=(
        "One row per quoted span (text between the marks, marks excluded) or reported content clause "
        "(kind 'indirect'). A quotation running over several paragraphs has one row per paragraph, all "
        "with the same quotation_idx and speaker."
    ),
)

if not Doc.has_extension(TABLE.doc_attr):
    Doc.set_extension(TABLE.doc_attr, default=None)

# Later components read quotations from ``doc.spans["quotes"]``: one span per row, with its kind and speaker.
QUOTES_KEY = "quotes"
QUOTE_SPAN_ATTRS = {"quote_kind": "kind", "speaker": "speaker", "speaker_type": "speaker_actor_type"}
register_span_attributes(QUOTE_SPAN_ATTRS)

KINDS = ("direct", "partial", "scare", "indirect")


def quote_row(doc: Doc, s: int, e: int, kind: str, spk: Speaker | None, quotation: int, closed: bool) -> dict:
    """The row of characters ``[s, e)``; ``quote_idx`` is left for ``number_rows``."""
    return {
        "quote_idx": None,
        "start_char": s,
        "end_char": e,
        "quote_text": doc_text(doc)[s:e],
        "kind": kind,
        "speaker": spk.name if spk else None,
        "speaker_mention": spk.mention if spk else None,
        "speaker_start_char": spk.start if spk else None,
        "speaker_end_char": spk.end if spk else None,
        "speaker_actor_type": spk.actor_type if spk else None,
        "cue": spk.cue if spk else None,
        "sentence_idx": sentence_at(doc, s),
        "quotation_idx": quotation,
        "closed": closed,
    }


def sentence_at(doc: Doc, char: int) -> int | None:
    if not len(doc):
        return None
    idx = sentence_index(doc)
    span = doc.char_span(char, min(char + 1, len(doc_text(doc))), alignment_mode="expand")
    if span is not None and len(span):
        return idx[span.start]
    return None


def number_rows(rows: list[dict]) -> list[dict]:
    """``rows`` with ``quote_idx`` set to each row's position."""
    for i, r in enumerate(rows):
        r["quote_idx"] = i
    return rows
