"""The BI-facing copy of the warehouse, replaced atomically after every successful run.

BI tools read this file, never the one being written: they never meet DuckDB's writer lock, and a reader
always sees one complete state, the previous or the new one, never a half-built one.
"""

import dagster as dg

from dagster_project.defs.resources import DUCKDB_POOL, Warehouse
from news_intel.warehouse.build_records import confirm_inputs
from news_intel.warehouse.build_state import build_fingerprint, record_build
from news_intel.warehouse.connection import connect
from news_intel.warehouse.previews import warehouse_previews
from news_intel.warehouse.publishing import publish_copy


def build_published_warehouse(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        name="published_warehouse",
        group_name="serving",
        deps=upstream,
        kinds={"duckdb"},
        pool=DUCKDB_POOL,
        description="Read-only copy of the warehouse for BI tools (NEWS_PUBLISHED_PATH), swapped in atomically.",
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse):
        settings = warehouse
        size = publish_copy(settings.duckdb_path, settings.published_path)
        with connect(settings.duckdb_path) as con:
            record_build(con, "published", build_fingerprint(con, settings), context.run.run_id)
            confirm_inputs(con, context.run.run_id)
        context.log.info(f"Published {settings.published_path} ({size:,} bytes)")
        # Previews are read from the published copy: exactly what a BI tool sees after this run.
        previews = {name: dg.MetadataValue.md(md) for name, md in warehouse_previews(settings.published_path).items()}
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(settings.published_path.as_posix()), "bytes": size, **previews,
        })

    return published_warehouse
