"""Dagster's event log, turned into what ``news-intel run`` shows: a progress bar and one line per stage.

A Dagster logger receives every event of the run. This one writes all of them to the event-log file
and hands the few a reader wants (a stage started, finished, failed or was skipped; extraction progress;
a failed check) to the ``RunConsole``.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

import dagster as dg

from dagster_project.defs.assets.extraction import PROGRESS_LINE
from news_intel.console import RunConsole
from news_intel.process_clock import Reading

# Asset steps with a line of their own, and what the line calls them. Check steps are summed up at the end.
STAGES = {
    "ingest_articles": "ingest",
    "extract_articles": "extract",
    "warehouse_models": "dbt build",
    "published_warehouse": "publish",
}
_FORMAT = "%(asctime)s - %(levelname)s - %(message)s"


class StageHandler(logging.Handler):
    """Follows the steps of one run and tells the console about the ones in ``STAGES``."""

    def __init__(self, console: RunConsole):
        super().__init__(level=logging.DEBUG)
        self.console = console
        self.started: dict[str, float] = {}
        self.last_info: dict[str, str] = {}
        self.materialized: dict[str, int] = {}
        self.dbt_checks: dict[str, int] = {}
        self.up_to_date = False

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        step = meta.get("step_key")
        event = meta.get("dagster_event")
        kind = event.event_type_value if event is not None else None
        message = meta.get("orig_message") or record.getMessage()
        if step not in STAGES:
            if kind == "ASSET_CHECK_EVALUATION" and "failed" in message:
                self.console.stage("check", "failed", None, message)
            return
        if kind == "STEP_START":
            self.started[step] = time.monotonic()
        elif kind == "ASSET_MATERIALIZATION":
            self.materialized[step] = self.materialized.get(step, 0) + 1
        elif kind == "ASSET_CHECK_EVALUATION":
            self.dbt_checks[step] = self.dbt_checks.get(step, 0) + 1
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
            self._finished(step, kind, message)
        elif event is None and record.levelno == logging.INFO:
            progress = PROGRESS_LINE.match(message)
            if progress:
                done, total, rate = progress.groups()
                self.console.progress(int(done), int(total), float(rate))
            else:
                self.last_info[step] = message
                self.up_to_date = self.up_to_date or message.startswith("Nothing changed since the build")

    def _finished(self, step: str, kind: str, message: str) -> None:
        seconds = time.monotonic() - self.started[step] if step in self.started else None
        if kind == "STEP_SKIPPED":
            why = ("nothing changed since the last complete build" if self.up_to_date
                   else "not run: a step or blocking check it depends on failed")
            self.console.stage(STAGES[step], "skipped", None, why)
            return
        if kind == "STEP_FAILURE":
            self.console.stage(STAGES[step], "failed", seconds, message.splitlines()[0][:300])
            return
        summary = self.last_info.get(step, "")
        if step == "warehouse_models":
            summary = (f"{self.materialized.get(step, 0)} models and seeds built, "
                       f"{self.dbt_checks.get(step, 0)} dbt tests run")
        self.console.stage(STAGES[step], "ok", seconds, summary)


class StepClock(logging.Handler):
    """Wall and CPU seconds (of the whole process tree) of every step of a run, for the benchmark's breakdown.

    A step's time runs from its STEP_START to its STEP_SUCCESS, STEP_FAILURE or STEP_SKIPPED event."""

    _ENDS = ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED")

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self._started: dict[str, Reading] = {}
        self.steps: dict[str, dict[str, float]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event, step = meta.get("dagster_event"), meta.get("step_key")
        kind = event.event_type_value if event is not None else None
        if step is None or kind not in ("STEP_START", *self._ENDS):
            return
        if kind == "STEP_START":
            self._started[step] = Reading.now()
        elif step in self._started:
            self.steps[step] = self._started.pop(step).until(Reading.now())


def event_log_handler(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    return handler


def run_loggers(event_log: logging.Handler, console: RunConsole, verbose: bool,
                clock: StepClock | None = None) -> tuple[dict, dict]:
    """Logger definitions and the run config that selects them: the event log always goes to the
    ``event_log`` handler; the console gets stage lines, or, with ``verbose``, every event as it happens;
    ``clock``, when given, times every step."""

    @dg.logger(description="Every event of the run, to the event-log file beside the warehouse.")
    def event_log_file(_init_context):
        logger = logging.Logger("news_intel.event_log", level=logging.DEBUG)
        logger.addHandler(event_log)
        return logger

    @dg.logger(description="Stage lines and the extraction progress bar of `news-intel run`.")
    def run_console(_init_context):
        logger = logging.Logger("news_intel.console", level=logging.DEBUG)
        logger.addHandler(StageHandler(console))
        return logger

    defs = {"event_log_file": event_log_file, "run_console": run_console}
    config: dict = {"event_log_file": {}, "run_console": {}}
    if clock is not None:
        @dg.logger(description="Wall and CPU seconds of every step (news-intel bench).")
        def step_clock(_init_context):
            logger = logging.Logger("news_intel.step_clock", level=logging.DEBUG)
            logger.addHandler(clock)
            return logger

        defs["step_clock"] = step_clock
        config["step_clock"] = {}
    if verbose:
        defs["console"] = dg.colored_console_logger
        config["console"] = {"config": {"log_level": "DEBUG"}}
    return defs, config
