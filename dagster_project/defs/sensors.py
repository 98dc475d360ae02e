"""A sensor that starts a run when files in the input folder change. Off by default: turn it on in the UI."""

import hashlib
import os

import dagster as dg

from news_intel.ingest.scan import iter_input_files
from news_intel.settings import load_settings


def folder_fingerprint(root) -> str:
    h = hashlib.sha256()
    for path, _ in iter_input_files(root):
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def build_input_sensor(job) -> dg.SensorDefinition:
    @dg.sensor(
        name="new_articles_sensor",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Starts a full run when *.txt files under NEWS_INPUT_DIR are added, changed or removed.",
    )
    def new_articles_sensor(context: dg.SensorEvaluationContext):
        fingerprint = folder_fingerprint(load_settings().input_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("input folder unchanged")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return new_articles_sensor
