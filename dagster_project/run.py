"""``python -m dagster_project.run``: materialize everything, then print what was built.

The run is recorded in the Dagster instance at ``DAGSTER_HOME`` (``make run`` uses the project's
``dagster_home/``), so it shows up in the UI's run history. Exit status is non-zero when the run fails or
any check fails, and what failed is printed.
"""
from __future__ import annotations

import sys

import dagster as dg

from dagster_project.recovery import fail_dead_runs
from news_intel.reporting import print_warehouse_summary
from news_intel.settings import load_settings


def main() -> int:
    from dagster_project.definitions import JOB_NAME, defs

    settings = load_settings()
    print(f"Input folder: {settings.input_dir}\nWarehouse:    {settings.duckdb_path}\n", flush=True)
    instance = dg.DagsterInstance.get()
    for run_id in fail_dead_runs(instance):
        print(f"Run {run_id} died without finishing: marked failed, its pool slot freed.", flush=True)
    job = defs.resolve_job_def(JOB_NAME)
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    evaluations = result.get_asset_check_evaluations()
    failed_checks = [e for e in evaluations if not e.passed]
    failed_steps = [e.step_key for e in result.all_events if e.is_step_failure]
    print_warehouse_summary(settings.duckdb_path)
    if result.success and not result.get_asset_materialization_events():
        print("\nUp to date: the articles, extractor, dbt project and expectations are unchanged since the last "
              "complete build, so nothing was rebuilt (NEWS_FORCE_REBUILD=1 rebuilds anyway).")
    else:
        print(f"\nChecks: {len(evaluations) - len(failed_checks)} passed, {len(failed_checks)} failed")
    for e in failed_checks:
        desc = e.description or ""
        print(f"  FAILED {e.asset_key.to_user_string()} / {e.check_name}: {desc}")
    if failed_steps:
        print(f"Failed steps: {', '.join(sorted(set(failed_steps)))}")
    ok = result.success and not failed_checks
    print(f"\nRun {result.run_id}: {'SUCCESS' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
