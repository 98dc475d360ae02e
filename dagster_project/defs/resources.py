"""Resources: where the warehouse and the input live, and how dbt is called."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from dagster_project.project import dbt_project
from news_intel.settings import Settings, load_settings

# Every writer (Python assets, checks, dbt) is in this pool; with a limit of 1 they never collide on
# DuckDB's single-writer lock. The job also runs in-process, one step at a time.
DUCKDB_POOL = "duckdb"


class WarehouseResource(dg.ConfigurableResource):
    """The run's settings; defaults come from the NEWS_* environment variables (see the README)."""

    input_dir: str
    duckdb_path: str
    spacy_model: str
    max_file_bytes: int
    batch_size: int
    n_process: int
    dask_scheduler: str
    force_rebuild: bool = False

    @classmethod
    def from_settings(cls, s: Settings | None = None) -> "WarehouseResource":
        s = s or load_settings()
        return cls(
            input_dir=str(s.input_dir), duckdb_path=str(s.duckdb_path), spacy_model=s.spacy_model,
            max_file_bytes=s.max_file_bytes, batch_size=s.batch_size, n_process=s.n_process,
            dask_scheduler=s.dask_scheduler, force_rebuild=s.force_rebuild,
        )

    def settings(self) -> Settings:
        return Settings(
            input_dir=Path(self.input_dir), duckdb_path=Path(self.duckdb_path), spacy_model=self.spacy_model,
            max_file_bytes=self.max_file_bytes, batch_size=self.batch_size, n_process=self.n_process,
            dask_scheduler=self.dask_scheduler, force_rebuild=self.force_rebuild,
        )


def build_resources(settings: Settings | None = None) -> dict:
    warehouse = WarehouseResource.from_settings(settings)
    # dbt's profile reads the same variable, so dbt writes into the same file the Python assets use.
    os.environ["NEWS_DUCKDB_PATH"] = warehouse.duckdb_path
    return {"warehouse": warehouse, "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable())}


def dbt_executable() -> str:
    """The dbt installed beside this Python, so an unactivated virtual environment still finds it."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")
