"""A sensor that starts a run when files in the input folder change. Off by default: turn it on in the UI."""

import hashlib
import os
from pathlib import Path

import dagster as dg

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
