"""The ``news_actors`` spaCy component: the table it fills, its Doc extensions, and looking rows up."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from news_intel.nlp.actors.resolver import ActorResolver
from news_intel.nlp.actors.short_forms import link_short_forms
from news_intel.nlp.mentions import add_mentions, make_mention, mentions
from news_intel.nlp.structure import sentence_index
from news_intel.nlp.tables import TableSpec

TAKES_REFERENCE_DIR = True

TABLE = TableSpec(
    name="actor_references",
    doc_attr="actor_reference_rows",
    columns=(
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
        ("actor", "VARCHAR NOT NULL"),
        ("actor_type", "VARCHAR NOT NULL"),
        ("country", "VARCHAR"),
        ("role", "VARCHAR"),
        ("sentence_idx", "INTEGER NOT NULL"),
        ("entity_label", "VARCHAR"),
        ("source", "VARCHAR NOT NULL"),
    ),
    description="One row per mention of a canonical actor (person, organization, country, location, event, group).",
)

for _attr in ("actor_references", "actor_reference_rows"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def actor_at(doc: Doc, start_char: int, end_char: int) -> dict | None:
    """The actor reference overlapping ``[start_char, end_char)`` most; ties go to the shorter one."""
    best, best_key = None, None
    for row in doc._.actor_references or []:
        overlap = min(end_char, row["end_char"]) - max(start_char, row["start_char"])
        if overlap <= 0:
            continue
        key = (overlap, -(row["end_char"] - row["start_char"]))
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


def name_mentions(doc: Doc, rows: list[dict]) -> list[Span]:
    """The mention layer's name spans, one per resolved name."""
    return [
        make_mention(
            doc, r["start_char"], r["end_char"], actor=r["actor"], actor_type=r["actor_type"], country=r["country"],
            role=r["role"], mention_kind="name", source=r["source"], entity_label=r["entity_label"],
        )
        for r in rows
    ]


def actor_reference_rows(doc: Doc) -> list[dict]:
    """The ``actor_references`` table, read off the mention layer's name spans: the one seam between
    the spans other components use and the rows the warehouse stores."""
    sent_idx = sentence_index(doc)
    rows = []
    for m in mentions(doc):
        u = m._  # each ``m._`` builds a new accessor: take it once
        if u.mention_kind != "name":
            continue
        rows.append({
            "start_char": m.start_char,
            "end_char": m.end_char,
            "text": m.text,
            "actor": u.actor,
            "actor_type": u.actor_type,
            "country": u.country,
            "role": u.role,
            "sentence_idx": sent_idx[m.start],
            "entity_label": u.entity_label,
            "source": u.source,
        })
    return rows


@Language.factory(
    "news_actors", default_config={"reference_dir": None},
    requires=["doc.ents", "doc.sents", "token.tag"], assigns=["doc.spans", "doc._.actor_references"],
)
def make_news_actors(nlp: Language, name: str, reference_dir: str | None):
    resolver = ActorResolver(nlp, reference_dir)

    def news_actors(doc: Doc) -> Doc:
        add_mentions(doc, name_mentions(doc, link_short_forms(resolver(doc))))
        rows = actor_reference_rows(doc)
        doc._.actor_references = rows
        doc._.actor_reference_rows = rows
        return doc

    return news_actors
