"""The dbt project as Dagster sees it."""
from __future__ import annotations

from pathlib import Path

from dagster_dbt import DbtProject

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt"

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# Only acts under `dagster dev` (`news-intel ui` puts this Python's bin/ on dagster's PATH, so it finds
# dbt); `news-intel run` and the tests run `dbt parse` first (a fresh clone has no manifest).
dbt_project.prepare_if_dev()
