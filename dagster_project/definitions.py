"""Dagster definitions: ``dagster asset materialize --select '*' -m dagster_project.definitions``."""
from __future__ import annotations

import dagster as dg
import duckdb

from dagster_project.defs.assets.dbt_models import REFRESH_JOB, seed_keys, warehouse_models
from dagster_project.defs.assets.extraction import extract_articles
from dagster_project.defs.assets.ingestion import ingest_articles
from dagster_project.defs.assets.published import build_published_warehouse
from dagster_project.defs.checks import build_suite_checks
from dagster_project.defs.resources import build_resources
from dagster_project.defs.sensors import build_dead_runs_sensor, build_input_sensor
from news_intel.settings import Settings, load_settings
from news_intel.warehouse.build_records import dbt_definitions_current
from news_intel.warehouse.connection import connect
from news_intel.warehouse.fingerprints import dbt_scope_fingerprint

JOB_NAME = "build_warehouse"


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The whole pipeline; ``settings`` defaults to the NEWS_* environment variables."""
    settings = settings or load_settings()
    published_warehouse = build_published_warehouse(list(warehouse_models.keys))
    assets = [ingest_articles, extract_articles, warehouse_models, published_warehouse]
    producers = {k: a.node_def.name for a in assets for k in a.keys}
    everything = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(), description="The whole pipeline.")
    refresh = dg.define_asset_job(
        REFRESH_JOB,
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*seed_keys()),
        description="The whole pipeline but the dbt seeds (and their tests), which only a change of the dbt "
                    "project or code changes; news-intel run picks it when neither changed since the last full build.",
    )
    return dg.Definitions(
        assets=assets,
        asset_checks=build_suite_checks(producers),
        jobs=[everything, refresh],
        sensors=[build_input_sensor(everything, settings), build_dead_runs_sensor()],
        resources=build_resources(settings),
        # One step at a time in one process: DuckDB takes one writer per file.
        executor=dg.in_process_executor,
    )


def job_for(settings: Settings) -> str:
    """The refresh job when the last complete dbt build ran with today's definitions, else the whole one."""
    if settings.force_rebuild or not settings.duckdb_path.is_file():
        return JOB_NAME
    try:
        with connect(settings.duckdb_path, read_only=True) as con:
            current = dbt_definitions_current(con, dbt_scope_fingerprint(settings.reference_dir))
    except duckdb.Error:
        return JOB_NAME  # a warehouse that cannot be read: the whole job's steps say why
    return REFRESH_JOB if current else JOB_NAME


defs = build_definitions()
