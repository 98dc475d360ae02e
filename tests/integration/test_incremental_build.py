"""Adding an article to a built warehouse rebuilds only what rows change, and ends where a full build does.

Runs go through ``dagster_project.run.execute``, as ``news-intel run`` starts them: each warehouse has its
own Dagster instance, and the run picks the whole job or the refresh job itself.
"""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.conftest import DBT_DIR, SEEDS_DIR, warehouse_snapshot

# Bookkeeping of the runs themselves (which run built what, when), not content.
RUN_RECORDS = {"warehouse_builds"}


def _run(input_dir: Path, warehouse: Path, **overrides):
    from dagster_project.run import execute
    from news_intel.console import RunConsole
    from news_intel.settings import Settings

    settings = Settings(input_dir=input_dir, duckdb_path=warehouse, **overrides)
    outcome = execute(settings, RunConsole(io.StringIO()))
    assert outcome.ok, outcome.reason()
    job = dg.DagsterInstance.from_config(str(settings.dagster_home)).get_run_by_id(outcome.run_id).job_name
    return outcome, job


def _relations(path: Path) -> list[str]:
    """Every table and view of the warehouse: the Python-written tables, dbt's seeds, views and marts."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
    finally:
        con.close()
    return [n for n in names if n not in RUN_RECORDS]


@pytest.fixture()
def two_folders(tmp_path) -> tuple[Path, Path, str]:
    """The seeds less one article, and the article kept back."""
    first = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, first)
    held_back = sorted(first.glob("*.txt"))[-1]
    spare = tmp_path / "spare"
    spare.mkdir()
    shutil.move(str(held_back), spare / held_back.name)
    return first, spare, held_back.name


def test_adding_an_article_refreshes_only_tables_and_equals_a_full_rebuild(two_folders, tmp_path, seeds_warehouse):
    folder, spare, name = two_folders
    incremental = tmp_path / "incremental" / "w.duckdb"
    first, job = _run(folder, incremental)
    assert job == "build_warehouse"  # nothing built yet: seeds and views are created

    shutil.copy(spare / name, folder / name)
    added, job = _run(folder, incremental)
    assert job == "refresh_warehouse"
    assert not added.up_to_date and added.checks_passed > 0
    # dbt's artifacts of this warehouse sit in one folder beside it, reused by each run; none pile up in dbt/.
    from news_intel.settings import Settings

    target = Settings(input_dir=folder, duckdb_path=incremental).dbt_target_path
    assert target.parent.parent == incremental.with_name("w.dagster") and (target / "run_results.json").is_file()
    assert not list((DBT_DIR / "target").glob("warehouse_models-*"))

    # The folder now holds the seeds again: the full build to compare with is the session's seeds build.
    full, result = seeds_warehouse
    assert result.success
    relations = _relations(full)
    assert {"articles", "quotes", "stg_quotes", "actor_mentions", "declined_engagement_counts", "capitals"} <= set(
        relations)
    assert _relations(incremental) == relations
    assert warehouse_snapshot(incremental, relations) == warehouse_snapshot(full, relations)
    # The BI copy too: the refreshed build was published.
    assert warehouse_snapshot(incremental.with_name("w.published.duckdb"), relations) == warehouse_snapshot(
        full.with_name("news.published.duckdb"), relations)


@pytest.mark.slow  # about 55 s: two full builds
def test_a_changed_dbt_project_rebuilds_everything(two_folders, tmp_path, dbt_manifest, monkeypatch):
    folder, spare, name = two_folders
    warehouse = tmp_path / "w.duckdb"
    _run(folder, warehouse)
    shutil.copy(spare / name, folder / name)
    # Another dbt project or code than the last full build: the views and seeds may be stale.
    monkeypatch.setattr("dagster_project.definitions.dbt_scope_fingerprint", lambda *_: "another project")
    _, job = _run(folder, warehouse)
    assert job == "build_warehouse"
    _, job = _run(folder, warehouse, force_rebuild=True)
    assert job == "build_warehouse"
