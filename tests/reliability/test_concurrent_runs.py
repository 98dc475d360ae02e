"""Two builds of one warehouse at once, and runs that died holding the warehouse, with real processes.

A second run (``news-intel run`` or ``dagster asset materialize``) started while one builds stops at once
with one line naming the running build, never with DuckDB's lock error half-way; the first run finishes
untouched. A run SIGKILLed mid-extraction leaves its Dagster run STARTED and its ``duckdb`` pool slot held:
the next ``dagster asset materialize`` under the same DAGSTER_HOME, and ``news-intel ui``, free them; with the
UI already up, its daemon frees them with no other run started.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, count
from tests.processes import (
    MATERIALIZE, Running, build_corpus, cli_env, free_port, materialize_env, news_intel, stop_process_group,
)

pytestmark = pytest.mark.e2e

RUN_TIMEOUT = 420


def test_a_second_run_stops_at_once_naming_the_running_build(tmp_path, dbt_manifest):
    corpus, warehouse = tmp_path / "corpus", tmp_path / "w.duckdb"
    build_corpus(corpus, 60)
    first = Running([sys.executable, "-m", "news_intel.cli", "run", "-v", "--input", str(corpus),
                     "--warehouse", str(warehouse)], cli_env(NEWS_BATCH_SIZE="3"))
    first.wait_for(r"extract_articles - extracted \d+/")

    started = time.monotonic()
    second = news_intel("run", "--input", str(corpus), "--warehouse", str(warehouse), env=cli_env())
    cli_seconds = time.monotonic() - started
    other = subprocess.run(MATERIALIZE, cwd=REPO, env=materialize_env(corpus, warehouse, tmp_path / "dh"),
                           capture_output=True, text=True, timeout=RUN_TIMEOUT)
    status, out = first.finish()

    assert second.returncode == 3, second.stdout[-2000:] + second.stderr[-2000:]
    message = second.stderr.strip().splitlines()
    assert len(message) == 1, second.stderr
    assert "is being built by run " in message[0] and f"pid {first.proc.pid} " in message[0], message
    assert "news-intel run" in message[0]
    assert cli_seconds < 60, "the second run should stop at once, not wait for the lock"
    assert other.returncode != 0
    assert "is being built by run " in other.stdout + other.stderr
    for output in (second.stdout + second.stderr, other.stdout + other.stderr):
        assert "Could not set lock" not in output
    # The second attempts wrote nothing: no step of theirs ran.
    assert "STEP_START" not in other.stdout + other.stderr
    assert status == 0, out[-3000:]
    assert count(warehouse, "SELECT count(*) FROM extractions") == count(warehouse, "SELECT count(*) FROM articles") == 60


def _dagster_runs(dagster_home: Path) -> dict[str, str]:
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        return {r.run_id: r.status.value for r in instance.get_runs()}
    finally:
        instance.dispose()


@pytest.mark.slow  # about 65 s: a killed run, then dagster asset materialize and the UI
def test_a_run_killed_holding_the_warehouse_is_freed_by_dagster_materialize_and_the_ui(tmp_path, dbt_manifest):
    corpus, warehouse, home = tmp_path / "corpus", tmp_path / "w.duckdb", tmp_path / "dagster_home"
    build_corpus(corpus, 24)
    env = materialize_env(corpus, warehouse, home)

    killed = Running(MATERIALIZE, env)
    killed.wait_for(r"extract_articles - extracted \d+/")
    killed.kill()
    assert "STARTED" in _dagster_runs(home).values()

    # dagster asset materialize again: without freeing, its first step would wait for the dead run's
    # pool slot for ever.
    again = Running(MATERIALIZE, env)
    status, out = again.finish(timeout=RUN_TIMEOUT)
    assert status == 0, out[-3000:]
    assert "died without finishing: marked failed, its pool slot freed" in out
    assert count(warehouse, "SELECT count(*) FROM extractions") == 24
    assert "STARTED" not in _dagster_runs(home).values()

    # The UI: a dead run would hold its queue (one run at a time); news-intel ui ends it before starting.
    (corpus / "gen_0000.txt").write_text((corpus / "gen_0000.txt").read_text() + "\nA new paragraph.\n")
    for i in range(24, 36):
        (corpus / f"copy_{i}.txt").write_text((corpus / "gen_0001.txt").read_text() + f"\nCopy {i}.\n")
    killed = Running(MATERIALIZE, env)
    killed.wait_for(r"extract_articles - extracted \d+/")
    killed.kill()
    dead = [run_id for run_id, state in _dagster_runs(home).items() if state == "STARTED"]
    assert len(dead) == 1
    ui = Running([sys.executable, "-m", "news_intel.cli", "ui", "--warehouse", str(warehouse),
                  "--port", str(free_port())], env)
    try:
        line = ui.wait_for(r"died without finishing|Dagster UI of", timeout=120)
        assert dead[0] in line
        assert _dagster_runs(home)[dead[0]] == "FAILURE"
    finally:
        ui.kill()


def _runs_holding_the_duckdb_pool(dagster_home: Path) -> set[str]:
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        return instance.event_log_storage.get_concurrency_info("duckdb").active_run_ids
    finally:
        instance.dispose()


@pytest.mark.slow  # about 5 minutes under load: the UI up, a run killed, its daemon's sensor frees it
def test_a_run_that_dies_while_the_ui_is_up_is_freed_by_the_ui(tmp_path, dbt_manifest):
    corpus, warehouse, home = tmp_path / "corpus", tmp_path / "w.duckdb", tmp_path / "dagster_home"
    build_corpus(corpus, 24)
    env = materialize_env(corpus, warehouse, home)
    ui = Running([sys.executable, "-m", "news_intel.cli", "ui", "--warehouse", str(warehouse),
                  "--port", str(free_port())], env)
    try:
        ui.wait_for(r"Serving dagster-webserver", timeout=240)
        # A run of dagster asset materialize under the UI's instance dies holding the warehouse's pool slot.
        killed = Running(MATERIALIZE, env)
        killed.wait_for(r"extract_articles - extracted \d+/")
        killed.kill()
        dead = [run_id for run_id, state in _dagster_runs(home).items() if state == "STARTED"]
        assert len(dead) == 1
        # Nothing else starts: the UI's daemon must free it, or its queue stays blocked for ever.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and _dagster_runs(home)[dead[0]] != "FAILURE":
            time.sleep(5)
        assert _dagster_runs(home)[dead[0]] == "FAILURE"
        assert dead[0] not in _runs_holding_the_duckdb_pool(home)
        assert ui.proc.poll() is None, "the UI should still be up"
    finally:
        stop_process_group(ui.proc, term_seconds=60)
