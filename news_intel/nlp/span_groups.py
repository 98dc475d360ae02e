"""Span groups a component publishes for the components after it: one span per row, row values as attributes.

Quotes publish ``doc.spans["quotes"]`` and timexes ``doc.spans["timexes"]`` this way; a later component reads
the spans' extension attributes, never the other component's table rows.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span


def register_span_attributes(names: Iterable[str]) -> None:
    for name in names:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def spans_from_rows(doc: Doc, rows: list[dict], columns: dict[str, str]) -> list[Span]:
    """A span over each row's ``start_char``..``end_char`` (widened to whole tokens), with attribute
    ``attr`` set to ``row[column]`` for every ``attr: column`` of ``columns``."""
    spans = []
    for r in rows:
        span = doc.char_span(r["start_char"], r["end_char"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        underscore = span._  # each ``span._`` builds a new accessor: take it once
        for attr, column in columns.items():
            setattr(underscore, attr, r[column])
        spans.append(span)
    return spans
