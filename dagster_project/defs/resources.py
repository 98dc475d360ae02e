"""Resources: the run's settings (where the warehouse and the inputs are), and how dbt is called."""
from __future__ import annotations

import importlib.metadata
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from dagster_project.project import dbt_project
from dagster_project.recovery import fail_dead_runs
from news_intel.warehouse.build_lock import WarehouseBusy, build_lock
from news_intel.settings import Settings, load_settings

# Every writer (Python assets, checks, dbt) is in this pool; with a limit of 1 they never collide on
# DuckDB's single-writer lock. The job also runs in-process, one step at a time.
DUCKDB_POOL = "duckdb"

# Assets and checks take the settings as ``warehouse: Warehouse``: the ``Settings`` object itself, so a
# setting is declared once, in news_intel/settings.py.
Warehouse = dg.ResourceParam[Settings]


class WarehouseDbtResource(DbtCliResource):
    """dagster-dbt's resource without the two things it does in this process before every dbt command.

    It runs ``dbt --version`` (a second dbt start, about 2 CPU seconds, which also asks the package index
    for the latest release) and builds a dbt adapter in-process (dbt-core's imports and the profile, about
    3 CPU seconds), which only ``fetch_row_counts``/``fetch_column_metadata`` use; nothing here calls them.
    The version comes from the installed package instead, the same dbt this resource runs."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def build_resources(settings: Settings | None = None) -> dict:
    settings = settings or load_settings()
    return {
        "warehouse": warehouse_resource(settings),
        "dbt": WarehouseDbtResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }


def warehouse_resource(settings: Settings) -> dg.ResourceDefinition:
    """The settings, given to a run only while it holds the warehouse's build lock.

    Resources are set up once per run, before any step starts, whichever entry point started it (the CLI,
    ``dagster asset materialize``, the UI): a second run on the same warehouse stops there, naming the
    build that holds the lock. Holding it, the run then frees what runs that died left behind.
    """

    @dg.resource(description="Run settings (news_intel.settings.Settings, from the NEWS_* variables), held "
                             "under the warehouse's build lock for the whole run.")
    def warehouse(context: dg.InitResourceContext) -> Iterator[Settings]:
        with ExitStack() as held:
            try:
                held.enter_context(build_lock(settings.duckdb_path, run_id=context.run_id))
            except WarehouseBusy as busy:
                raise dg.Failure(busy.reason, allow_retries=False) from None
            if context.instance is not None:
                for run_id in fail_dead_runs(context.instance):
                    context.log.warning(f"Run {run_id} died without finishing: marked failed, its pool slot freed.")
            yield settings

    return warehouse


@contextmanager
def dbt_environment(settings: Settings) -> Iterator[None]:
    """While dbt runs: its profile reads the warehouse path from NEWS_DUCKDB_PATH, so it writes the file
    these settings name. dbt inherits this process's environment; it is restored afterwards."""
    previous = os.environ.get("NEWS_DUCKDB_PATH")
    os.environ["NEWS_DUCKDB_PATH"] = str(settings.duckdb_path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("NEWS_DUCKDB_PATH", None)
        else:
            os.environ["NEWS_DUCKDB_PATH"] = previous


def dbt_executable() -> str:
    """The dbt installed beside this Python, so an unactivated virtual environment still finds it."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")
