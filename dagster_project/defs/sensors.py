"""Sensors: one starts a run when files in the input folder change (off by default: turn it on in the UI); one
frees the runs that died while the UI is up (on)."""

import hashlib
import os
from pathlib import Path

import dagster as dg

from dagster_project.recovery import fail_dead_runs
from news_intel.ingest.scan import iter_input_files
from news_intel.settings import Settings


def folder_fingerprint(*inputs) -> str:
    h = hashlib.sha256()
    listed = ([(Path(root), None)] if Path(root).is_file() else iter_input_files(root) for root in inputs)
    for path, _ in (item for items in listed for item in items):
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def build_input_sensor(job, settings: Settings) -> dg.SensorDefinition:
    @dg.sensor(
        name="new_articles_sensor",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Starts a full run when input files under NEWS_INPUT_DIR are added, changed or removed.",
    )
    def new_articles_sensor(context: dg.SensorEvaluationContext):
        fingerprint = folder_fingerprint(*settings.inputs)
        if fingerprint == context.cursor:
            return dg.SkipReason("input folder unchanged")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return new_articles_sensor


def build_dead_runs_sensor() -> dg.SensorDefinition:
    """Frees what runs that died left behind while the UI (``dagster dev``) or a daemon is up.

    A run whose process died stays STARTED and keeps its ``duckdb`` pool slot; the UI's queue (one run at a
    time) then never starts another, so the run that would free it at its start never comes. Dagster's own
    run monitoring cannot see a dead run of the default run launcher, nor one from ``dagster asset
    materialize``; the daemon evaluates this sensor, which can.
    """

    @dg.sensor(
        name="dead_runs_sensor",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Marks runs of this host whose process died without ending them as failed and frees their "
                    "pool slots, so that queued runs start.",
    )
    def dead_runs_sensor(context: dg.SensorEvaluationContext):
        freed = fail_dead_runs(context.instance)
        for run_id in freed:
            context.log.warning(f"Run {run_id} died without finishing: marked failed, its pool slot freed.")
        return dg.SkipReason(f"freed dead runs: {', '.join(freed)}" if freed else "no dead run")

    return dead_runs_sensor
