"""Extraction: one spaCy pass per pending article fills every extraction table."""

import re
import time

import dagster as dg

from dagster_project.defs.resources import DUCKDB_POOL, Warehouse
from news_intel.extraction import run_extraction
from news_intel.nlp.pipeline import table_specs
from news_intel.warehouse.connection import connect

GROUP = "extraction"
# `news-intel run` reads its progress bar from these lines of the event log (dagster_project/run_events.py).
PROGRESS_LINE = re.compile(r"extracted (\d+)/(\d+) articles \((\d+(?:\.\d+)?) articles/s\)")


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _progress_logger(context: dg.AssetExecutionContext, every_seconds: float = 2.0):
    last = [0.0]

    def log(done: int, total: int, rate: float) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= every_seconds:
            last[0] = now
            message = f"extracted {done}/{total} articles ({rate:.1f} articles/s)"
            if done < total and rate > 0:
                message += f", {100 * done / total:.0f}% done, about {_duration((total - done) / rate)} left"
            context.log.info(message)

    return log


@dg.multi_asset(
    name="extract_articles",
    specs=[
        dg.AssetSpec(spec.name, group_name=GROUP, deps=["articles"], kinds={"duckdb", "spacy"},
                     description=spec.description)
        for spec in table_specs()
    ],
    pool=DUCKDB_POOL,
)
def extract_articles(context: dg.AssetExecutionContext, warehouse: Warehouse):
    settings = warehouse
    if settings.dask_scheduler:
        from news_intel.distributed import dask_batch_extractor

        batch_extractor = dask_batch_extractor(settings)
    else:
        batch_extractor = None
    try:
        report = run_extraction(
            settings.duckdb_path, settings, batch_extractor=batch_extractor, progress=_progress_logger(context)
        )
    finally:
        if batch_extractor is not None:
            batch_extractor.close()
    context.log.info(
        f"{report.extracted} articles extracted, {report.skipped} unchanged, {report.removed} removed "
        f"in {report.seconds:.1f}s (extractor {report.extractor_version})"
    )
    with connect(settings.duckdb_path, read_only=True) as con:
        totals = {spec.name: con.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0] for spec in table_specs()}
    for spec in table_specs():
        yield dg.MaterializeResult(asset_key=spec.name, metadata={
            "rows": totals[spec.name],
            "rows_written_this_run": report.rows.get(spec.name, 0),
            "articles_extracted": report.extracted,
            "articles_unchanged": report.skipped,
            "extractor_version": report.extractor_version,
            "spacy_model": settings.spacy_model,
        })
