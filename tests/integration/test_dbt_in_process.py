"""dbt's build runs inside the run's process (dagster_project/defs/dbt_in_process.py): every model and
test reaches Dagster as it would from a dbt subprocess, a failing dbt test fails its check and stops what
depends on it, and the warehouse file is free for other processes once the step is over."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import duckdb

from tests.conftest import DBT_DIR, SEEDS_DIR, run_pipeline

WRITE_FROM_ANOTHER_PROCESS = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('CHECKPOINT').close()"


def dbt_nodes(resource_type: str) -> set[str]:
    manifest = json.loads((DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    return {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == resource_type}


def test_every_model_and_dbt_test_reaches_dagster(seeds_warehouse, dbt_manifest):
    _, result = seeds_warehouse
    materialized = {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    assert dbt_nodes("model") | dbt_nodes("seed") <= materialized
    checks = {e.check_name for e in result.get_asset_check_evaluations()}
    # Each dbt test is an asset check of the model or seed it tests (a singular test reading several models
    # names one in its config).
    assert dbt_nodes("test") <= checks


def test_a_failing_dbt_test_fails_its_check_and_stops_downstream(seeds_warehouse, tmp_path, monkeypatch):
    """A timex written twice passes every Great Expectations suite of the extraction tables but not dbt's
    uniqueness test of stg_timexes: that check fails, the other models still build, nothing is published."""
    built, _ = seeds_warehouse
    path = tmp_path / "news.duckdb"
    shutil.copyfile(built, path)
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO timexes SELECT * FROM timexes ORDER BY article_id, start_char LIMIT 1")
    con.close()
    result = run_pipeline(SEEDS_DIR, path, monkeypatch)
    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {"unique_stg_timexes_article_id_start_char"}
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert failure.step_key == "warehouse_models"
    assert "unique_stg_timexes_article_id_start_char" in failure.step_failure_data.error.message
    materialized = {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    assert {"stg_timexes", "actor_mentions", "declined_engagement_counts"} <= materialized
    assert "published_warehouse" not in materialized
    assert not path.with_name("news.published.duckdb").exists()
    # dbt-duckdb keeps its database open after a build unless told otherwise: the file must be free.
    subprocess.run([sys.executable, "-c", WRITE_FROM_ANOTHER_PROCESS, str(path)], check=True, timeout=60)
