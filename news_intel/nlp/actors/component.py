"""The ``news_actors`` spaCy component: the table it fills, its Doc extensions, and looking rows up."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.actors.resolver import ActorResolver
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


@Language.factory("news_actors", default_config={"reference_dir": None})
def make_news_actors(nlp: Language, name: str, reference_dir: str | None):
    resolver = ActorResolver(nlp, reference_dir)

    def news_actors(doc: Doc) -> Doc:
        rows = resolver(doc)
        doc._.actor_references = rows
        doc._.actor_reference_rows = rows
        return doc

    return news_actors
