"""Dagster definitions: ``dagster asset materialize --select '*' -m dagster_project.definitions``."""
from __future__ import annotations

import dagster as dg

from dagster_project.defs.assets.dbt_models import warehouse_models
from dagster_project.defs.assets.extraction import extract_articles
from dagster_project.defs.assets.ingestion import ingest_articles
from dagster_project.defs.assets.published import build_published_warehouse
from dagster_project.defs.checks import build_suite_checks
from dagster_project.defs.resources import build_resources
from dagster_project.defs.sensors import build_input_sensor
from news_intel.settings import Settings, load_settings

JOB_NAME = "build_warehouse"


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    """The whole pipeline; ``settings`` defaults to the NEWS_* environment variables."""
    settings = settings or load_settings()
    published_warehouse = build_published_warehouse(list(warehouse_models.keys))
    assets = [ingest_articles, extract_articles, warehouse_models, published_warehouse]
    known = {k for a in assets for k in a.keys}
    everything = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.all(), description="The whole pipeline.")
    return dg.Definitions(
        assets=assets,
        asset_checks=build_suite_checks(known),
        jobs=[everything],
        sensors=[build_input_sensor(everything, settings)],
        resources=build_resources(settings),
        # One step at a time in one process: DuckDB takes one writer per file.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
