"""Sentences and named entities: the structural layer every other extractor stands on."""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.tables import TableSpec

SENTENCES = TableSpec(
    name="sentences",
    doc_attr="sentence_rows",
    columns=(
        ("sentence_idx", "INTEGER NOT NULL"),
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
    ),
    description="One row per sentence as segmented by the spaCy parser.",
)

ENTITIES = TableSpec(
    name="entities",
    doc_attr="entity_rows",
    columns=(
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
        ("label", "VARCHAR NOT NULL"),
        ("sentence_idx", "INTEGER NOT NULL"),
    ),
    description="One row per named-entity mention, OntoNotes labels as spaCy gives them.",
)

for _attr in ("sentence_rows", "entity_rows"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


# Dashes as tokens: spaced, one sets off an aside or ends a dateline ("CLEVELAND - Donald Trump").
DASHES = frozenset({"-", "–", "—", "--"})


def apposition_words(tok: Token) -> Iterator[Token]:
    """The words of each apposition to ``tok`` that can hold a name, in order: the apposition's head, then
    the words the parser compounded onto it when it made the letters after a name the head ("Tom McCabe
    MSP", "Guy Mansfield QC")."""
    for c in tok.rights:
        if c.dep_ == "appos":
            yield c
            yield from (w for w in c.lefts if w.dep_ in ("compound", "flat"))


def sentence_index(doc: Doc) -> list[int]:
    """Sentence index of every token, computed once per doc and cached in ``doc.user_data``."""
    cached = doc.user_data.get("news_intel.sent_idx")
    if cached is not None and len(cached) == len(doc):
        return cached
    idx = [0] * len(doc)
    for i, sent in enumerate(doc.sents):
        for t in range(sent.start, sent.end):
            idx[t] = i
    doc.user_data["news_intel.sent_idx"] = idx
    return idx


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc: spaCy re-joins every token on each access."""
    cached = doc.user_data.get("news_intel.text")
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data["news_intel.text"] = cached
    return cached[1]


def doc_entities(doc: Doc) -> tuple:
    """``doc.ents``, built once per doc: spaCy rebuilds the tuple from every token on each access, which
    made extractors that consult entities per quote or per mention quadratic in article length."""
    # Plain integers in user_data, so the cache survives the serialisation of docs between processes; the
    # spans of the last doc asked about are kept beside it, since building them per call was quadratic too.
    global _last_entities
    cached = doc.user_data.get("news_intel.ents")
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), [(e.start, e.end, e.label) for e in doc.ents])
        doc.user_data["news_intel.ents"] = cached
    if _last_entities[0] is not doc or _last_entities[1] is not cached:
        _last_entities = (doc, cached, tuple(Span(doc, start, end, label=label) for start, end, label in cached[1]))
    return _last_entities[2]


_last_entities: tuple = (None, None, ())


def _per_token(doc: Doc, key: str, build) -> list:
    """A list with one value per token, built once per doc and kept in ``doc.user_data``."""
    cached = doc.user_data.get(key)
    if cached is None or len(cached) != len(doc):
        cached = build(doc)
        doc.user_data[key] = cached
    return cached


def token_starts(doc: Doc) -> list[int]:
    """Character offset of every token (for bisecting offsets to tokens)."""
    return _per_token(doc, "news_intel.token_starts", lambda d: [t.idx for t in d])


def token_texts(doc: Doc) -> list[str]:
    """Text of every token: scanning words through ``doc[i]`` creates a Token object each time."""
    return _per_token(doc, "news_intel.token_texts", lambda d: [t.text for t in d])


def sentence_idx_at_char(doc: Doc, char: int) -> int:
    """Index of the sentence containing character offset ``char`` (the last token starting at or before it)."""
    if not len(doc):
        return 0
    i = bisect_right(token_starts(doc), char) - 1
    return sentence_index(doc)[max(i, 0)]


@Language.component(
    "news_structure", requires=["doc.sents", "doc.ents"], assigns=["doc._.sentence_rows", "doc._.entity_rows"]
)
def news_structure(doc: Doc) -> Doc:
    sent_idx = sentence_index(doc)
    doc._.sentence_rows = [
        {"sentence_idx": i, "start_char": s.start_char, "end_char": s.end_char, "text": s.text}
        for i, s in enumerate(doc.sents)
    ]
    doc._.entity_rows = [
        {
            "start_char": e.start_char,
            "end_char": e.end_char,
            "text": e.text,
            "label": e.label_,
            "sentence_idx": sent_idx[e.start],
        }
        for e in doc.ents
    ]
    return doc
