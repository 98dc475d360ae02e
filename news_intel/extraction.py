"""The extraction step, independent of any orchestrator: pending articles -> one spaCy pass -> tables.

Work is cut into batches committed one by one, so a stopped run resumes where it stopped, and articles
already extracted with the same model and extractor version cost nothing.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from news_intel.extraction_pool import ExtractionPool, PipelineRecipe, TimeBudget, start_forkserver
from news_intel.nlp.pipeline import (
    EXTRACTION_ERRORS, ArticleInput, build_nlp, extract, extractor_version, table_specs,
)
from news_intel.settings import Settings
from news_intel.warehouse.connection import connect
from news_intel.warehouse.extraction_store import load_inputs, pending_article_ids, prune_removed, write_batch
from news_intel.warehouse.schema import ensure_schema

# (done, total, articles per second)
ProgressCallback = Callable[[int, int, float], None]
# Turns a batch of inputs into (article_id, rows by table) results; local or distributed.
BatchExtractor = Callable[[Sequence[ArticleInput]], list[tuple[str, dict[str, list[dict]]]]]


@dataclass
class ExtractionReport:
    articles: int = 0
    pending: int = 0
    extracted: int = 0
    removed: int = 0
    batches: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    extractor_version: str = ""

    @property
    def skipped(self) -> int:
        return self.articles - self.pending


def time_budget(settings: Settings) -> TimeBudget:
    return TimeBudget(settings.article_seconds_per_10k_chars, settings.article_min_seconds)


def local_batch_extractor(settings: Settings, build: Callable = build_nlp) -> BatchExtractor:
    """Extraction on this machine: ``settings.n_process`` worker processes, each article under the time budget.

    With the budget off (0), the articles are extracted in this process, or by spaCy's own ``n_process``
    workers, and nothing can stop one that hangs. ``build(model, reference_dir)`` makes the pipeline.
    """
    if settings.article_budget_enabled:
        return pooled_batch_extractor(settings, build)
    nlp = build(settings.spacy_model, settings.reference_dir)

    def run(inputs: Sequence[ArticleInput]):
        return list(extract(nlp, inputs, batch_size=min(settings.batch_size, 32), n_process=settings.n_process))

    return run


def prepare_local_extraction(settings: Settings) -> None:
    """Start, in the background, what ``local_batch_extractor`` will need with these settings: the worker
    processes' server when articles are extracted under the time budget; nothing else is started early."""
    if settings.article_budget_enabled and not settings.dask_scheduler:
        start_forkserver()


def pooled_batch_extractor(settings: Settings, build: Callable = build_nlp) -> BatchExtractor:
    recipe = PipelineRecipe(settings.spacy_model, str(settings.reference_dir), build)
    pool = ExtractionPool(recipe, settings.n_process, time_budget(settings))

    def run(inputs: Sequence[ArticleInput]):
        return pool.extract(inputs)

    # run_extraction queues the next batch before it writes this one, so the workers never wait for DuckDB.
    run.submit, run.collect, run.close, run.pool = pool.submit, pool.collect, pool.close, pool
    return run


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _extracted_batches(con, extractor: BatchExtractor, batches: Iterator[Sequence[str]]):
    """``(inputs, results)`` per batch of article ids, in order.

    An extractor that runs elsewhere (worker processes, dask workers) is already given the next batch while
    the caller writes this one, so the workers never wait for DuckDB; one in this process runs in turn.
    """
    if hasattr(extractor, "submit"):
        queued = None
        for ids in batches:
            inputs = load_inputs(con, ids)
            ticket = extractor.submit(inputs)
            if queued is not None:
                yield queued[0], extractor.collect(queued[1], queued[0])
            queued = (inputs, ticket)
        if queued is not None:
            yield queued[0], extractor.collect(queued[1], queued[0])
        return
    if not getattr(extractor, "runs_elsewhere", False):
        for ids in batches:
            inputs = load_inputs(con, ids)
            yield inputs, extractor(inputs)
        return
    with ThreadPoolExecutor(max_workers=1) as ahead:
        previous = None
        for ids in batches:
            inputs = load_inputs(con, ids)
            submitted = (inputs, ahead.submit(extractor, inputs))
            if previous is not None:
                yield previous[0], previous[1].result()
            previous = submitted
        if previous is not None:
            yield previous[0], previous[1].result()


def _write_batches(con, report: ExtractionReport, specs, extracted, settings: Settings, version: str,
                   progress: ProgressCallback | None, started: float) -> None:
    for inputs, results in extracted:
        # Each batch commits on its own: a stopped run keeps every batch written before it stopped.
        written = write_batch(con, specs, results, inputs, settings.spacy_model, version)
        for table, n in written.items():
            report.rows[table] = report.rows.get(table, 0) + n
        report.extracted += len(results)
        report.batches += 1
        if progress:
            elapsed = time.perf_counter() - started
            progress(report.extracted, report.pending, report.extracted / elapsed if elapsed else 0.0)


def run_extraction(
    duckdb_path: Path,
    settings: Settings,
    batch_extractor: BatchExtractor | None = None,
    progress: ProgressCallback | None = None,
) -> ExtractionReport:
    """Extract every pending article of the warehouse at ``duckdb_path``."""
    started = time.perf_counter()
    # extraction_errors is written like an extractor's table: replaced per article, pruned with it.
    specs = [*table_specs(), EXTRACTION_ERRORS]
    version = extractor_version(settings.reference_dir)
    report = ExtractionReport(extractor_version=version, rows={s.name: 0 for s in specs})
    with connect(duckdb_path) as con:
        ensure_schema(con)
        report.removed = prune_removed(con, specs)
        report.articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        pending = pending_article_ids(con, settings.spacy_model, version)
        report.pending = len(pending)
        if not pending:
            report.seconds = time.perf_counter() - started
            return report
        # No more worker processes than articles: each one loads the spaCy pipeline before its first article.
        extractor = batch_extractor or local_batch_extractor(replace(settings, n_process=min(settings.n_process,
                                                                                           len(pending))))
        extracted = _extracted_batches(con, extractor, _chunks(pending, max(1, settings.batch_size)))
        try:
            _write_batches(con, report, specs, extracted, settings, version, progress, started)
        finally:
            if batch_extractor is None and hasattr(extractor, "close"):
                extractor.close()  # the worker processes this run started
    report.seconds = time.perf_counter() - started
    return report
