"""What ``news-intel run`` shows in the terminal: a progress bar, one line per stage, a summary, the checks.

The orchestrator's own event log does not come here (it goes to a file, see ``captured_output``); this
module knows nothing of the orchestrator and is fed stage by stage.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from news_intel.reporting import table_row_counts

# The tables and marts a reader of the summary cares about, in reading order; the rest (staging views,
# reference seeds, bookkeeping) is in the warehouse and in `news-intel status`.
SUMMARY_TABLES = (
    "articles", "article_files", "rejected_files", "sentences", "entities", "actor_references", "quotes",
    "timexes", "engagement_mentions", "extraction_errors", "actor_mentions", "quotes_by_speaker",
    "declined_engagements", "declined_engagement_counts",
)
MARKS = {"ok": "[green]✓[/]", "failed": "[red]✗[/]", "skipped": "[dim]–[/]"}


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{seconds:.1f}s"


class RunConsole:
    """The terminal of one run. ``quiet`` (``-v``) leaves the terminal to the live event log and only
    prints the summary at the end."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.console = Console(file=stream or sys.stdout, highlight=False, soft_wrap=True)
        self.quiet = quiet
        self._progress: Progress | None = None
        self._task = None

    def print(self, text: str = "", markup: bool = True) -> None:
        self.console.print(text, markup=markup)

    def header(self, inputs: list[Path], warehouse: Path, event_log: Path | None) -> None:
        self.print(f"[bold]news-intel run[/]: {', '.join(str(p) for p in inputs)} -> {warehouse}", markup=True)
        if event_log is not None:
            self.print(f"Event log: {event_log} (news-intel run -v prints it live)", markup=False)

    def progress(self, done: int, total: int, rate: float) -> None:
        if self.quiet:
            return
        if self._progress is None:
            self._progress = Progress(
                TextColumn("  extracting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s"), TimeRemainingColumn(), console=self.console,
            )
            self._progress.start()
            self._task = self._progress.add_task("extract", total=total, rate=rate)
        self._progress.update(self._task, completed=done, total=total, rate=rate)

    def _end_progress(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def stage(self, label: str, status: str, seconds: float | None, summary: str = "") -> None:
        if self.quiet:
            return
        self._end_progress()
        took = _duration(seconds) if seconds is not None else ""
        self.console.print(f"{MARKS[status]} {label:<10} {took:>7}  ", end="")
        self.console.print(summary, markup=False)

    def warehouse_summary(self, duckdb_path: Path) -> None:
        self._end_progress()
        if not Path(duckdb_path).exists():
            self.print(f"No warehouse at {duckdb_path}", markup=False)
            return
        try:
            counts = {name: rows for name, _, rows in table_row_counts(duckdb_path)}
        except Exception as err:  # a failed step can leave a child process (dbt) holding the file a moment
            self.print(f"\nRow counts unavailable: {err}", markup=False)
            return
        shown = [(name, counts[name]) for name in SUMMARY_TABLES if name in counts]
        # Two tables a line: it fits an 80-column terminal, and a log file, without wrapping.
        table = Table(title=None, box=None, show_header=False, padding=(0, 2, 0, 2), pad_edge=False)
        for _ in range(2):
            table.add_column(no_wrap=True)
            table.add_column(justify="right", no_wrap=True, min_width=9)
        for i in range(0, len(shown), 2):
            cells = [c for name, n in shown[i:i + 2] for c in (name, f"{n:,}")]
            table.add_row(*cells, *[""] * (4 - len(cells)))
        self.print(f"\nRows in {duckdb_path} (all tables: news-intel status):", markup=False)
        self.console.print(table)

    def checks(self, passed: int, failed: list[str], up_to_date: bool) -> None:
        if up_to_date:
            self.print("\nUp to date: the articles, extractor, dbt project and expectations are unchanged since "
                       "the last complete build, so nothing was rebuilt (NEWS_FORCE_REBUILD=1 rebuilds anyway).",
                       markup=False)
            return
        self.print(f"\nChecks: {passed} passed, {len(failed)} failed", markup=False)
        for line in failed:
            self.print(f"  FAILED {line}", markup=False)

    def outcome(self, run_id: str, ok: bool, failed_steps: list[str]) -> None:
        if failed_steps:
            self.print(f"Failed steps: {', '.join(failed_steps)}", markup=False)
        self.print(f"\nRun {run_id}: {'[green]SUCCESS[/]' if ok else '[red]FAILED[/]'}")


@contextmanager
def captured_output(log_path: Path) -> Iterator[TextIO]:
    """Send everything written to this process's stdout and stderr, by Python or by a child process (dbt,
    dask workers), to ``log_path`` while the block runs; yields a stream to the real terminal."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved_out, saved_err = os.dup(1), os.dup(2)
    terminal = os.fdopen(os.dup(saved_out), "w", buffering=1, encoding="utf-8", errors="replace")
    with open(log_path, "ab", buffering=0) as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        try:
            yield terminal
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved_out, 1)
            os.dup2(saved_err, 2)
            os.close(saved_out)
            os.close(saved_err)
            terminal.flush()
            terminal.close()
