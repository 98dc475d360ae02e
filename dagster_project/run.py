"""One run of the whole pipeline, as ``news-intel run`` starts it.

The run is recorded in the warehouse's own Dagster instance (``Settings.dagster_home``, beside the
warehouse unless DAGSTER_HOME is set), so that warehouse's UI shows its runs and no other's. The event
log goes to ``Settings.event_log_path``; the console gets a progress bar and one line per stage.

``python -m dagster_project.run`` is kept as a shorthand for ``news-intel run``.
"""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import dagster as dg

from dagster_project.instance_storage import use_unsynced_commits
from dagster_project.recovery import fail_dead_runs
from dagster_project.reused_connections import open_instance
from dagster_project.run_events import StepClock, event_log_handler, run_loggers
from news_intel.console import RunConsole
from news_intel.settings import Settings

INSTANCE_TEMPLATE = Path(__file__).resolve().parent / "dagster.yaml"


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    up_to_date: bool
    checks_passed: int
    failed_checks: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    # The error each failed step (or the run's set-up) raised: "ExceptionClass: message".
    errors: list[str] = field(default_factory=list)
    # {step key: {"wall_s", "cpu_s"}} when the run was timed (execute's ``clock``).
    step_times: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.success and not self.failed_checks

    def reason(self) -> str:
        """One line on why the run failed."""
        if self.failed_checks:
            return f"{len(self.failed_checks)} check(s) failed, first: {self.failed_checks[0]}"[:500]
        if explained := explain_errors(self.errors):
            return explained
        if self.failed_steps:
            return f"step(s) failed: {', '.join(self.failed_steps)} (see the event log)"
        return "the run failed (see the event log)"


def explain_errors(errors: list[str]) -> str | None:
    """One line for the failures a person can act on without reading the event log."""
    from news_intel.warehouse.connection import is_write_failure

    for error in errors:
        cls, _, message = error.partition(": ")
        if cls == "WarehouseDamaged" or "is being built by" in message:
            return message.strip().splitlines()[0]
        if is_write_failure(message):
            detail = next(line for line in message.splitlines() if is_write_failure(line)).strip()
            return (f"writing the warehouse failed ({detail[:200]}); nothing was lost: the warehouse keeps every "
                    "batch committed before the failure and the published copy is untouched; free space (or "
                    "raise the limit) and run again to resume")
    return None


def _failure_errors(result) -> list[str]:
    errors = []
    for event in result.all_events:
        data = event.step_failure_data if event.is_step_failure else (
            event.event_specific_data if event.is_run_failure or event.event_type_value == "RESOURCE_INIT_FAILURE"
            else None)
        error = getattr(data, "error", None)
        while error is not None:
            errors.append(f"{error.cls_name}: {error.message}")
            error = error.cause
    return errors


def warehouse_instance(settings: Settings) -> dg.DagsterInstance:
    """The Dagster instance of this warehouse, created on first use with the project's pool settings."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster.yaml")
    use_unsynced_commits(home)
    return open_instance(home)


def execute(settings: Settings, console: RunConsole, verbose: bool = False, clock: StepClock | None = None) -> RunOutcome:
    from dagster_project.definitions import build_definitions, job_for
    from news_intel.extraction import prepare_local_extraction
    from news_intel.validation import load_in_background

    # Its import takes seconds of one core; the checks need it after ingestion, Dagster's start does not.
    validation_loaded = load_in_background()
    # The extraction workers' server imports spaCy in a process of its own while Dagster starts the run.
    prepare_local_extraction(settings)
    instance = warehouse_instance(settings)
    for run_id in fail_dead_runs(instance):
        console.print(f"Run {run_id} died without finishing: marked failed, its pool slot freed.", markup=False)
    event_log = event_log_handler(settings.event_log_path)
    logger_defs, logger_config = run_loggers(event_log, console, verbose, clock)
    job = build_definitions(settings).resolve_job_def(job_for(settings)).with_logger_defs(logger_defs)
    try:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config={"loggers": logger_config}
        )
    finally:
        event_log.close()
        instance.dispose()  # closes the event log's files
        validation_loaded.join()
    evaluations = result.get_asset_check_evaluations()
    failed = [e for e in evaluations if not e.passed]
    return RunOutcome(
        run_id=result.run_id,
        success=result.success,
        up_to_date=result.success and not result.get_asset_materialization_events(),
        checks_passed=len(evaluations) - len(failed),
        failed_checks=[f"{e.asset_key.to_user_string()} / {e.check_name}: {e.description or ''}" for e in failed],
        failed_steps=sorted({e.step_key for e in result.all_events if e.is_step_failure}),
        errors=_failure_errors(result),
        step_times=dict(clock.steps) if clock is not None else {},
    )


def last_run_lines(settings: Settings) -> list[str]:
    """The last run this warehouse's instance recorded: when, how it ended, and its checks."""
    if not (settings.dagster_home / "dagster.yaml").exists():
        return ["Last run: none recorded"]
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    runs = instance.get_runs(limit=1)
    if not runs:
        return ["Last run: none recorded"]
    run = runs[0]
    record = instance.get_run_record_by_id(run.run_id)
    started = record.start_time if record else None
    when = f" started {datetime.fromtimestamp(started):%Y-%m-%d %H:%M:%S}" if started else ""
    checks = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    evaluations = [r.event_log_entry.dagster_event.event_specific_data for r in checks]
    failed = [e for e in evaluations if not e.passed]
    lines = [f"Last run: {run.run_id} {run.status.value}{when}; checks {len(evaluations) - len(failed)} passed, "
             f"{len(failed)} failed"]
    lines += [f"  FAILED {e.asset_key.to_user_string()} / {e.check_name}" for e in failed]
    return lines


if __name__ == "__main__":
    from news_intel.cli import main

    sys.exit(main(["run", *sys.argv[1:]]))
