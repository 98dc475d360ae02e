"""The dbt project: staging -> intermediate -> marts, with dbt tests as asset checks."""

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, dbt_assets

from dagster_project.defs.dbt_in_process import PARTIAL_PARSE, InProcessDbtBuild
from dagster_project.defs.resources import DUCKDB_POOL, Warehouse, dbt_environment
from dagster_project.project import dbt_project
from news_intel.warehouse.build_records import dbt_definitions_current
from news_intel.warehouse.build_state import build_fingerprint, record_build
from news_intel.warehouse.connection import connect
from news_intel.warehouse.fingerprints import dbt_scope_fingerprint

# The job that rebuilds only what new rows can change: everything but the dbt seeds, which stay what dbt
# made them while the definitions stay the same (definitions.py).
REFRESH_JOB = "refresh_warehouse"


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Groups dbt nodes by their folder (staging, intermediate, marts, reference data)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props.get("resource_type") == "seed":
            return "reference_data"
        fqn = dbt_resource_props.get("fqn") or []
        return fqn[1] if len(fqn) > 2 else "dbt"


def keep_partial_parse(invocation_target: Path) -> None:
    """Keep the parse state dbt saved in this invocation's own target folder for the next run.

    dagster-dbt hands each invocation a copy of ``dbt/target/partial_parse.msgpack``, but dbt discards
    it when the profile differs (this run's warehouse path against the one ``dbt parse`` saw) and parses
    the whole project again, seconds on every run. The state it saved instead goes back, so the next run
    on this warehouse parses only what changed."""
    saved = invocation_target / PARTIAL_PARSE
    if not saved.is_file():
        return
    target = Path(dbt_project.project_dir) / "target"
    tmp = target / f".{PARTIAL_PARSE}.{os.getpid()}.tmp"
    shutil.copyfile(saved, tmp)
    os.replace(tmp, target / PARTIAL_PARSE)


def remove_invocation_folders() -> None:
    """dagster-dbt's default is a new ``dbt/target/warehouse_models-<run>-<hash>`` folder per invocation;
    builds now reuse their warehouse's folder, and the ones earlier runs left are removed."""
    for folder in (Path(dbt_project.project_dir) / "target").glob("warehouse_models-*"):
        shutil.rmtree(folder, ignore_errors=True)


def seed_keys() -> list[dg.AssetKey]:
    """The dbt seeds: reference CSVs, which only a change of the dbt project changes. The refresh job leaves
    them alone. (It keeps the views: they are the dbt step's link to the extraction tables, and without
    them in the job Dagster would be free to build the marts before the new rows are extracted.)"""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    translator = WarehouseDbtTranslator()
    return [translator.get_asset_key(props) for props in manifest["nodes"].values() if props["resource_type"] == "seed"]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    pool=DUCKDB_POOL,
    dagster_dbt_translator=WarehouseDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def warehouse_models(context: dg.AssetExecutionContext, warehouse: Warehouse):
    settings = warehouse
    scope = dbt_scope_fingerprint(settings.reference_dir)
    refresh = context.job_name == REFRESH_JOB
    if refresh:
        with connect(settings.duckdb_path, read_only=True) as con:
            if not dbt_definitions_current(con, scope):
                raise dg.Failure(f"{REFRESH_JOB} rebuilds only the dbt tables, but the dbt project, expectations "
                                 "or code changed since the last full build: run build_warehouse instead")
    remove_invocation_folders()
    with dbt_environment(warehouse):
        # One target folder per warehouse, reused: it keeps this warehouse's parse state for the next run.
        yield from InProcessDbtBuild(context, dbt_project, settings.dbt_target_path).stream()
    keep_partial_parse(settings.dbt_target_path)
    # Reached only when every model built and every dbt test passed (a failure raises above).
    # A partial selection (one model from the UI) is not a complete build; the refresh job's is.
    full = context.selected_asset_keys == context.assets_def.keys
    if full or refresh:
        with connect(settings.duckdb_path) as con:
            record_build(con, "dbt", build_fingerprint(con, settings), context.run.run_id)
            if full:
                record_build(con, "dbt_definitions", scope, context.run.run_id)
