"""What a warehouse holds, in a few lines: articles, inputs, the last complete build, rejections, failures."""
from __future__ import annotations

from pathlib import Path

import duckdb

from news_intel.settings import Settings
from news_intel.warehouse.connection import connect

MAX_LISTED = 10


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
            .fetchall()}


def _open_for_reading(settings: Settings) -> tuple[Path, str]:
    """The warehouse, or its published copy while a run holds the warehouse's lock."""
    try:
        with connect(settings.duckdb_path, read_only=True):
            return settings.duckdb_path, ""
    except duckdb.IOException:
        if settings.published_path.is_file():
            return settings.published_path, " (a run is writing the warehouse: showing its last published copy)"
        raise


def describe_warehouse(settings: Settings) -> list[str]:
    path, note = _open_for_reading(settings)
    lines = [f"Warehouse: {path}{note}"]
    with connect(path, read_only=True) as con:
        tables = _tables(con)
        if "articles" not in tables:
            return lines + ["No articles yet: the warehouse has not been built ('news-intel run')."]
        articles, dated = con.execute("SELECT count(*), count(published_date) FROM articles").fetchone()
        places, files = con.execute("SELECT count(*), count(DISTINCT source_file) FROM article_files").fetchone()
        lines.append(f"Articles: {articles:,} ({dated:,} with a publication date), found {places:,} times "
                     f"in {files:,} input files")
        if "warehouse_builds" in tables:
            built = con.execute(
                "SELECT run_id, built_at FROM warehouse_builds WHERE stage = 'published'").fetchone()
            lines.append(f"Last complete build: run {built[0]} at {built[1]:%Y-%m-%d %H:%M:%S}" if built
                         else "Last complete build: none yet")
        if "extraction_errors" in tables:
            errors = con.execute("SELECT count(DISTINCT article_id) FROM extraction_errors").fetchone()[0]
            lines.append(f"Articles an extractor failed on: {errors:,}")
        lines += _failures(con, tables)
        lines += _rejections(con)
    published = settings.published_path
    lines.append(f"Published copy for BI tools: {published}" + ("" if published.is_file() else " (not yet)"))
    return lines


def _failures(con: duckdb.DuckDBPyConnection, tables: set[str]) -> list[str]:
    if "validation_failures" not in tables:
        return ["Rows held back by failed checks: none"]
    last = con.execute(
        "SELECT run_id, suite, count(*) FROM validation_failures WHERE run_id = "
        "(SELECT run_id FROM validation_failures ORDER BY detected_at DESC LIMIT 1) GROUP BY ALL ORDER BY suite"
    ).fetchall()
    if not last:
        return ["Rows held back by failed checks: none"]
    return [f"Rows held back by failed checks (run {last[0][0]}; table validation_failures):"] + [
        f"  {suite}: {n:,} rows" for _, suite, n in last
    ]


def _rejections(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT source_file, source_record, reason FROM rejected_files ORDER BY source_file, source_record"
    ).fetchall()
    lines = [f"Rejected inputs: {len(rows):,}" + (" (table rejected_files)" if rows else "")]
    for source_file, record, reason in rows[:MAX_LISTED]:
        where = f"{source_file} {record}" if record else source_file
        lines.append(f"  {where}: {reason}")
    if len(rows) > MAX_LISTED:
        lines.append(f"  ... and {len(rows) - MAX_LISTED:,} more")
    return lines
