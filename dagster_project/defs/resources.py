"""Resources: the run's settings (where the warehouse and the inputs are), and how dbt is called."""
from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.project import dbt_project
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
        "warehouse": dg.ResourceDefinition.hardcoded_resource(
            settings, description="Run settings (news_intel.settings.Settings, from the NEWS_* variables)."
        ),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }


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
