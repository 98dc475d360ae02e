"""The warehouse's Dagster instance keeps its event log's SQLite connections open, and writes the history
an instance opened the stock way reads."""
from __future__ import annotations

import shutil
import threading
from collections import Counter
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from dagster_project.reused_connections import (
    RUN_FILES_KEPT,
    ReusedConnectionEventLogStorage,
    open_instance,
)
from dagster_project.run import INSTANCE_TEMPLATE


@dg.asset
def headlines() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"rows": 3})


@dg.asset_check(asset=headlines)
def headlines_have_rows() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@pytest.fixture()
def home(tmp_path) -> Path:
    home = tmp_path / "w.dagster"
    home.mkdir()
    shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster.yaml")
    return home


def _materialize(instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    result = dg.materialize([headlines, headlines_have_rows], instance=instance, raise_on_error=False)
    assert result.success
    return result


def _event_log_connections(instance: dg.DagsterInstance) -> tuple[Counter, str]:
    """SQLite connections opened to each event-log file (the run's, the index) while a run is recorded."""
    opened: Counter = Counter()
    event_logs = instance.event_log_storage._base_dir

    def count(dbapi_connection, _record):
        path = Path(dbapi_connection.execute("PRAGMA database_list").fetchall()[0][2])
        if path.parent == Path(event_logs):
            opened[path.stem] += 1

    event.listen(Engine, "connect", count)
    try:
        run_id = _materialize(instance).run_id
        instance.dispose()
    finally:
        event.remove(Engine, "connect", count)
    return opened, run_id


def _run_with_a_timeout(target):
    """``target`` in a thread, failed if it has not ended in 60 s (a storage that waits on its own lock)."""
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("value", target()), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the run did not finish: a lock taken twice?"
    return outcome["value"]


def test_a_run_opens_each_event_log_file_once_or_twice_and_the_stock_instance_reads_it(home):
    stock, stock_run = _event_log_connections(dg.DagsterInstance.from_config(str(home)))
    reused, run_id = _run_with_a_timeout(lambda: _event_log_connections(open_instance(home)))
    stored = len(dg.DagsterInstance.from_config(str(home)).get_records_for_run(stock_run, limit=1000).records)
    # Dagster's own storage opens the run's file for every event it stores; this one keeps a connection per
    # file, and opens a second only to look a table up while the first is in a transaction.
    assert stock[stock_run] >= stored > 5
    assert set(reused) == {"index", run_id} and max(reused.values()) <= 2

    # The history is Dagster's own: an instance opened the stock way finds the run, its materialization and its check.
    instance = dg.DagsterInstance.from_config(str(home))
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.SUCCESS
    materialized = instance.get_latest_materialization_event(dg.AssetKey("headlines"))
    assert materialized.run_id == run_id
    assert materialized.asset_materialization.metadata["rows"] == dg.MetadataValue.int(3)
    checks = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    assert [r.event_log_entry.dagster_event.event_specific_data.passed for r in checks] == [True]


def test_old_runs_files_are_closed_and_dispose_closes_the_rest(home):
    instance = open_instance(home)
    storage = instance.event_log_storage
    assert isinstance(storage, ReusedConnectionEventLogStorage)
    run_ids = [_run_with_a_timeout(lambda: _materialize(instance)).run_id for _ in range(RUN_FILES_KEPT + 2)]
    assert set(storage._engines) == {"index", *run_ids[-RUN_FILES_KEPT:]}
    instance.dispose()
    assert not storage._engines


def test_a_storage_configured_in_dagster_yaml_is_used_as_it_is(home, tmp_path):
    elsewhere = tmp_path / "events"
    (home / "dagster.yaml").write_text(
        "event_log_storage:\n  module: dagster._core.storage.event_log\n  class: SqliteEventLogStorage\n"
        f"  config:\n    base_dir: {elsewhere}\n", encoding="utf-8")
    instance = open_instance(home)
    assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
    run_id = _materialize(instance).run_id
    assert (elsewhere / f"{run_id}.db").is_file()
