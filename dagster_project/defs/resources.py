"""Resources: the run's settings (where the warehouse and the inputs are), held under the build lock; the
environment dbt reads the warehouse path from."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import dagster as dg

from dagster_project.recovery import fail_dead_runs
from news_intel.warehouse.build_lock import WarehouseBusy, build_lock
from news_intel.settings import Settings, load_settings

# Every writer (Python assets, checks, dbt) is in this pool; with a limit of 1 they never collide on
# DuckDB's single-writer lock. The job also runs in-process, one step at a time.
DUCKDB_POOL = "duckdb"

# Assets and checks take the settings as ``warehouse: Warehouse``: the ``Settings`` object itself, so a
# setting is declared once, in news_intel/settings.py.
Warehouse = dg.ResourceParam[Settings]


def build_resources(settings: Settings | None = None) -> dict:
    settings = settings or load_settings()
    return {
        "warehouse": warehouse_resource(settings),
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
