"""The ingestion step, independent of any orchestrator: the inputs -> articles, article_files, rejected_files."""
from __future__ import annotations

from pathlib import Path

from news_intel.ingest.scan import ScanResult, scan_inputs
from news_intel.settings import Settings
from news_intel.warehouse.articles_store import IngestionCounts, store_scan
from news_intel.warehouse.connection import connect
from news_intel.warehouse.schema import ensure_schema


def run_ingestion(settings: Settings, duckdb_path: Path | None = None) -> tuple[IngestionCounts, ScanResult]:
    scan = scan_inputs(settings)
    with connect(duckdb_path or settings.duckdb_path) as con:
        ensure_schema(con)
        counts = store_scan(con, scan)
    return counts, scan
