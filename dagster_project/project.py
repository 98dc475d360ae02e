"""The dbt project as Dagster sees it."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from dagster_dbt import DbtProject

# `dagster dev` started as .venv/bin/dagster (no activated environment) must still find the dbt installed
# beside this Python, for prepare_if_dev() and for the dbt resource.
_BIN = str(Path(sys.executable).parent)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([_BIN, os.environ.get("PATH", "")])

DBT_DIR = Path(__file__).resolve().parents[1] / "dbt"

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
# Only acts under `dagster dev`; `make` targets and tests run `dbt parse` first (a fresh clone has no manifest).
dbt_project.prepare_if_dev()
