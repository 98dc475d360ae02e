"""The mention layer: every mention of a person, organization, country, place or group, on the Doc.

The actors component writes one span per name it resolves to ``doc.spans["mentions"]``; coreference adds
the pronouns, role nouns ("the chancellor"), organization nouns ("the firm") and documents ("the report")
it links to them. Each span carries its resolution as extension attributes:

- ``span._.actor``: the canonical actor ("Derek Chollet", "China"), None for an unresolved description;
- ``span._.actor_type``: person, organization, country, location, group, event (document for a report
  whose issuer is unknown);
- ``span._.country``: ISO 3166 alpha-3 code where known;
- ``span._.role``: the title the article gives a person ("US Defence Secretary");
- ``span._.mention_kind``: name, pronoun, role_noun, organization_noun, document or description (an
  unnamed person the article describes, "a Labour Party spokesman", whose actor is the description);
- ``span._.antecedent``: for a resolved pronoun or noun, the start of the mention it was linked to.

Later components (quotes, engagements) read only these spans, through the functions below.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

MENTIONS_KEY = "mentions"
SPAN_ATTRS = ("actor", "actor_type", "country", "role", "mention_kind", "antecedent", "source", "entity_label")
MENTION_KINDS = ("name", "pronoun", "role_noun", "organization_noun", "document", "description")

for _attr in SPAN_ATTRS:
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)


def make_mention(doc: Doc, start_char: int, end_char: int, **attrs) -> Span | None:
    """A mention span over characters ``[start_char, end_char)`` with its resolution attributes set."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    underscore = span._  # each ``span._`` builds a new accessor: take it once
    for name, value in attrs.items():
        setattr(underscore, name, value)
    return span


def add_mentions(doc: Doc, spans: Iterable[Span]) -> None:
    """Add spans to the mention layer, kept in text order."""
    group = list(doc.spans[MENTIONS_KEY]) if MENTIONS_KEY in doc.spans else []
    group.extend(s for s in spans if s is not None)
    group.sort(key=lambda s: (s.start_char, -s.end_char))
    doc.spans[MENTIONS_KEY] = group
    doc.user_data.pop("news_intel.mention_starts", None)


# The last doc's mentions as Span objects: building them from the span group costs a Span per mention, and
# quotes and engagements ask once per quote or clause, which made long articles quadratic. Kept outside
# the doc so that docs sent between processes carry no Python objects; valid while the group is unchanged.
_last_mentions: tuple = (None, None, -1, ())


def mentions(doc: Doc) -> tuple[Span, ...]:
    """Every mention, in text order."""
    global _last_mentions
    if MENTIONS_KEY not in doc.spans:
        return ()
    group = doc.spans[MENTIONS_KEY]
    last_doc, last_group, last_len, spans = _last_mentions
    if last_doc is not doc or last_group is not group or last_len != len(group):
        spans = tuple(group)
        _last_mentions = (doc, group, len(group), spans)
    return spans


def _starts(doc: Doc, group: list[Span]) -> list[int]:
    """Start offsets of ``group`` (the doc's mentions), cached until the layer changes."""
    cached = doc.user_data.get("news_intel.mention_starts")
    if cached is None or len(cached) != len(group):
        cached = [m.start_char for m in group]
        doc.user_data["news_intel.mention_starts"] = cached
    return cached


def mention_at(doc: Doc, start_char: int, end_char: int) -> Span | None:
    """The mention overlapping ``[start_char, end_char)`` most; ties go to the shorter one."""
    best, best_key = None, None
    all_mentions = mentions(doc)
    hi = bisect_right(_starts(doc, all_mentions), end_char)
    for m in all_mentions[max(0, hi - 40):hi]:
        overlap = min(end_char, m.end_char) - max(start_char, m.start_char)
        if overlap <= 0:
            continue
        key = (overlap, -(m.end_char - m.start_char))
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def mention_of(tok: Token) -> Span | None:
    """The mention that contains token ``tok``."""
    return mention_at(tok.doc, tok.idx, tok.idx + len(tok))


def person_named(doc: Doc, word: str, case_insensitive: bool = False, surname: bool = False) -> str | None:
    """The fullest person actor whose name holds ``word`` ("Chollet" -> "Derek Chollet"), earliest on a tie;
    with ``surname``, only a name ending in it ("Voss" -> "Lena Voss", not "Voss Hale")."""
    key = word.lower() if case_insensitive else word
    best: str | None = None
    for m in mentions(doc):
        if m._.actor_type != "person" or m._.mention_kind != "name" or not m._.actor:
            continue
        words = m._.actor.split()
        if case_insensitive:
            words = [w.lower() for w in words]
        if key in (words[-1:] if surname else words):
            if best is None or len(words) > len(best.split()):
                best = m._.actor
    return best
