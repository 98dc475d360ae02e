"""The dbt project: staging -> intermediate -> marts, with dbt tests as asset checks."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from dagster_project.defs.resources import DUCKDB_POOL, Warehouse, dbt_environment
from dagster_project.project import dbt_project
from news_intel.warehouse.build_state import build_fingerprint, record_build
from news_intel.warehouse.connection import connect


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Groups dbt nodes by their folder (staging, intermediate, marts, reference data)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "seed":
            return "reference_data"
        fqn = dbt_resource_props.get("fqn") or []
        return fqn[1] if len(fqn) > 2 else "dbt"


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    pool=DUCKDB_POOL,
    dagster_dbt_translator=WarehouseDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    with dbt_environment(warehouse):
        yield from dbt.cli(["build"], context=context).stream()
    # Reached only when every model built and every dbt test passed (a failure raises above).
    # A partial selection (one model from the UI) is not a complete build.
    if context.selected_asset_keys == context.assets_def.keys:
        settings = warehouse
        with connect(settings.duckdb_path) as con:
            record_build(con, "dbt", build_fingerprint(con, settings), context.run.run_id)
