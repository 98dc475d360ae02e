"""dbt's build run inside the run's process, its results streamed to Dagster as dagster-dbt streams a subprocess's.

A dbt subprocess starts another Python and imports dbt-core, its DuckDB adapter and DuckDB again: about
1.5 CPU seconds on every run, the largest fixed cost of adding one article, though the run's process has
imported dbt's adapters already (dagster-dbt does). ``dbtRunner`` is dbt's own programmatic entry point. It
hands each event to a callback as the message dbt's JSON log would write, and dagster-dbt's event class
turns each result into the Dagster event it makes from a subprocess's log line (an ``Output`` per model, an
``AssetCheckResult`` per test), so the assets, checks and their metadata are the same either way.

dbt runs in a thread of its own, so Dagster records each model and test as it finishes, as it does for a
subprocess; dbt's console log goes to this process's stdout, as dagster-dbt echoes a subprocess's.
"""
from __future__ import annotations

import queue
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtProject
from dagster_dbt.asset_utils import get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError

PARTIAL_PARSE = "partial_parse.msgpack"
# The events Dagster turns into its own (dagster-dbt's ``is_result_event``); errors are kept for the failure.
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})


class Finished:
    """What the dbt thread puts last on the queue: dbt's result, or what it raised."""

    def __init__(self, success: bool, exception: BaseException | None = None):
        self.success, self.exception = success, exception


@dataclass
class InProcessDbtBuild:
    """``dbt build`` of what the step selected (dagster-dbt's selection for the context), in this process."""

    context: dg.AssetExecutionContext
    project: DbtProject
    target_path: Path
    extra_args: Sequence[str] = ()

    def stream(self) -> Iterator[dg.Output | dg.AssetCheckResult | dg.AssetObservation]:
        params = get_updated_cli_invocation_params_for_context(
            context=self.context, manifest={}, dagster_dbt_translator=DagsterDbtTranslator())
        project_dir = Path(params.dbt_project.project_dir if params.dbt_project else self.project.project_dir)
        args = ["build", *self.extra_args, *params.selection_args,
                "--project-dir", str(project_dir), "--profiles-dir", str(self.project.profiles_dir),
                "--target-path", str(self.target_path), "--log-path", str(self.target_path),
                "--no-send-anonymous-usage-stats"]
        if params.indirect_selection:
            args += ["--indirect-selection", params.indirect_selection]
        self._seed_partial_parse()
        events: queue.Queue = queue.Queue()
        stop = threading.Event()
        thread = threading.Thread(target=_invoke, args=(args, events, stop), name="dbt build", daemon=True)
        thread.start()
        errors: list[str] = []
        try:
            while not isinstance(raw := events.get(), Finished):
                if raw["info"]["level"] == "error":
                    errors.append(raw["info"]["msg"])
                if raw["info"]["name"] in RESULT_EVENTS:
                    event = DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={})
                    yield from event.to_default_asset_events(
                        manifest=params.manifest, dagster_dbt_translator=params.dagster_dbt_translator,
                        context=self.context, target_path=self.target_path, project=params.dbt_project)
        except BaseException:
            # The step was stopped (the run terminated): dbt stops as on Ctrl-C, cancelling its open query.
            stop.set()
            thread.join()
            raise
        thread.join()
        if raw.exception is not None or not raw.success:
            detail = "\n\n".join(errors) or (f"{type(raw.exception).__name__}: {raw.exception}" if raw.exception
                                            else "dbt reported a failure (see its log above)")
            raise DagsterDbtCliRuntimeError(description=f"dbt build failed.\n\n{detail}")

    def _seed_partial_parse(self) -> None:
        """A new warehouse's target folder starts from the project's parse state (as dagster-dbt does), so
        dbt re-parses only what differs."""
        destination = self.target_path / PARTIAL_PARSE
        source = Path(self.project.project_dir) / "target" / PARTIAL_PARSE
        if source.is_file() and not destination.exists():
            self.target_path.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


def _invoke(args: list[str], events: queue.Queue, stop: threading.Event) -> None:
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    def on_event(message) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        if message.info.name in RESULT_EVENTS or message.info.level == "error":
            events.put(msg_to_dict(message))

    finished = Finished(False)
    try:
        finished = Finished(dbtRunner(callbacks=[on_event]).invoke(args).success)
    except BaseException as raised:  # noqa: BLE001 (handed to the step, which raises it)
        finished = Finished(False, raised)
    finally:
        close_warehouse_connection()
        events.put(finished)


def close_warehouse_connection() -> None:
    """dbt-duckdb keeps its DuckDB database open in the process after a build (for the next invocation); the
    run's own steps and every other process need the file free of it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with suppress(Exception):  # none was opened (dbt failed before connecting)
        DuckDBConnectionManager.env().close()
    DuckDBConnectionManager.close_all_connections()
