"""The benchmark's add-one phase: ``news-intel run`` on a built warehouse after one article was added,
timed phase by phase (wall and CPU seconds of the whole process tree).

It takes the same steps as ``news-intel run`` (news_intel/cli.py ``cmd_run``) in the same order, reading
the clock between them, and times each step of the Dagster run from its events; the benchmark ends the
process as the command does (``cli.console_main``), without the interpreter's teardown. What is left of the run
once the steps are counted is Dagster's own start and end (instance, definitions, run records).
"""
from __future__ import annotations

import gc
import io
from dataclasses import replace
from pathlib import Path

from news_intel.process_clock import Reading


def phase_add_one(input_dir: Path, duckdb_path: Path) -> dict:
    started = Reading.at_process_start()
    from news_intel import cli

    marks: list[tuple[str, Reading]] = [("start-up: interpreter, news_intel.cli", Reading.now())]
    settings = cli.load_settings().with_inputs([input_dir])
    settings = replace(settings, duckdb_path=duckdb_path.resolve()).validate()
    with cli.build_lock_of(settings.duckdb_path):
        cli.check_openable(settings.duckdb_path)
        if cli.built_from_these_inputs(settings) is not None:
            raise RuntimeError(f"{input_dir} has nothing new for {duckdb_path}: add an article first")
        cli.ensure_dbt_manifest()
        marks.append(("before the run: lock, warehouse, manifest", Reading.now()))
        from dagster_project.definitions import defs  # noqa: F401 (what execute imports)
        from dagster_project.run import StepClock, execute
        from news_intel.console import RunConsole

        marks.append(("orchestrator imports", Reading.now()))
        gc.freeze()  # as news-intel run does
        clock = StepClock()
        outcome = execute(settings, RunConsole(io.StringIO()), clock=clock)
        marks.append(("run", Reading.now()))
    phases, previous = {}, started
    for name, reading in marks:
        phases[name] = previous.until(reading)
        previous = reading
    run = phases.pop("run")
    steps = dict(sorted(outcome.step_times.items(), key=lambda item: -item[1]["wall_s"]))
    phases["Dagster run start and end (outside the steps)"] = {
        key: round(run[key] - sum(step[key] for step in steps.values()), 3) for key in ("wall_s", "cpu_s")
    }
    total = started.until(previous)
    return {"seconds": total["wall_s"], "cpu_s": total["cpu_s"], "status": 0 if outcome.ok else 1,
            "reason": None if outcome.ok else outcome.reason(), "phases": phases, "steps": steps}
