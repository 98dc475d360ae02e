"""Clean up after runs whose process died without ending them (SIGKILL, power loss, OOM killer).

Such a run stays STARTED in the Dagster instance and keeps the slot it held in the ``duckdb`` pool
(limit 1), so the next run would wait for that slot forever. Nobody else frees it when there is no
daemon (``make run``, ``dagster asset materialize``), so each run does it before it starts.
"""
from __future__ import annotations

import os
import socket

import dagster as dg

_UNFINISHED = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def _run_pid(instance: dg.DagsterInstance, run_id: str) -> int | None:
    """The process that executed the run's steps, as its first engine event recorded it."""
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is not None and event.pid:
            return event.pid
    return None


def fail_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark unfinished runs of this host whose process is gone as failed and free their pool slots."""
    recovered = []
    host = socket.gethostname()
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_UNFINISHED)):
        pid = _run_pid(instance, run.run_id)
        if pid is None or pid == os.getpid():
            continue
        if run.tags.get("dagster/hostname", host) != host or _process_alive(pid):
            continue
        instance.report_run_failed(run, f"The process running this run (pid {pid}) ended without finishing it.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(run.run_id)
    return recovered
