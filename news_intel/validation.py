"""Great Expectations 1.x suites, kept as JSON under ``expectations/``, run on pandas DataFrames.

GX's SQL datasource fails on DuckDB in 1.24 (GX #10738), so each suite carries in ``meta.query`` the SQL
whose result is validated, and the frame is read from DuckDB first. ``great_expectations`` takes seconds
to import, so it is imported on first use, not with this module.
"""
from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from news_intel.settings import REPO_ROOT

EXPECTATIONS_DIR = REPO_ROOT / "expectations"
_lock = threading.Lock()
_context = None
# The one batch definition every frame is validated through: the frame is a batch parameter.
_frames = None


@dataclass(frozen=True)
class Suite:
    name: str
    asset: str
    query: str
    expectations: list[dict]
    path: Path | None = None

    @classmethod
    def load(cls, path: Path) -> "Suite":
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        meta = raw.get("meta") or {}
        return cls(
            name=raw["name"],
            asset=meta.get("asset", raw["name"]),
            query=meta.get("query") or f"SELECT * FROM {raw['name']}",
            expectations=list(raw.get("expectations", [])),
            path=Path(path),
        )

    def part(self, blocking: bool) -> "Suite":
        """The expectations that block downstream assets, or the advisory ones (``"blocking": false``).

        Structural invariants (offsets, types, keys) block; quality floors of the extractors ("most quotes
        have a speaker") are advisory, because a small or unusual folder can legitimately fall below them.
        """
        chosen = [e for e in self.expectations if bool(e.get("blocking", True)) == blocking]
        name = self.name if blocking else f"{self.name}_quality"
        return Suite(name=name, asset=self.asset, query=self.query, expectations=chosen, path=self.path)


@dataclass
class FailedExpectation:
    expectation: str
    column: str | None
    unexpected_count: int | None
    unexpected_percent: float | None
    examples: list = field(default_factory=list)
    observed: object = None
    # Index labels of the failing rows in the validated frame (row-level expectations only).
    row_indices: list = field(default_factory=list, repr=False)

    def describe(self) -> str:
        where = f" on column {self.column}" if self.column else ""
        if self.unexpected_count is not None:
            return f"{self.expectation}{where}: {self.unexpected_count} row(s) failed, e.g. {self.examples[:5]}"
        return f"{self.expectation}{where}: observed {self.observed!r}"


@dataclass
class ValidationOutcome:
    suite: str
    rows: int
    evaluated: int
    failures: list[FailedExpectation]

    @property
    def passed(self) -> bool:
        return not self.failures


def load_suites(directory: Path = EXPECTATIONS_DIR) -> list[Suite]:
    return [Suite.load(p) for p in sorted(Path(directory).glob("*.json"))]


def _gx_context():
    """GX, its ephemeral context, and a whole-dataframe batch definition in it, made once per process."""
    global _context, _frames
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    if _context is None:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        # Progress bars would flood the Dagster logs with one line per metric.
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        _frames = context.data_sources.add_pandas(name="frames").add_dataframe_asset(name="frame") \
            .add_batch_definition_whole_dataframe("whole frame")
        _context = context
    return gx, _frames


def load_in_background() -> threading.Thread:
    """Import Great Expectations and make its context in a thread, while the caller goes on (a run's first
    steps wait on DuckDB and worker processes); the first ``validate`` waits for it. Join the thread before
    the process ends."""

    def load() -> None:
        with _lock:
            _gx_context()

    # GX imports SQLAlchemy's ORM, which registers itself in SQLAlchemy's inspection before the rest of it
    # is loaded: Dagster's storage, querying in the caller's thread meanwhile, would then meet a
    # half-imported module (AttributeError: partially initialized module 'sqlalchemy.orm.exc'). Imported
    # here first, whole, the thread finds it in place.
    import sqlalchemy.orm  # noqa: F401

    thread = threading.Thread(target=load, name="great-expectations-import", daemon=True)
    thread.start()
    return thread


def validate(frame: pd.DataFrame, suite: Suite) -> ValidationOutcome:
    """Run ``suite`` over ``frame`` with GX and summarise what failed, with example values."""
    from great_expectations.expectations.registry import get_expectation_impl

    with _lock:  # the ephemeral context is shared; GX is not thread-safe while registering objects
        gx, frames = _gx_context()
        # The suite is validated as it is, not registered in the context with a validation definition
        # (a datasource, a suite and a definition stored and deleted per suite cost more than validating).
        gx_suite = gx.ExpectationSuite(
            name=f"suite_{suite.name}",
            expectations=[get_expectation_impl(e["type"])(**e.get("kwargs", {})) for e in suite.expectations],
        )
        result = frames.get_batch(batch_parameters={"dataframe": frame}).validate(
            gx_suite,
            # COMPLETE lists the index of every failing row, so the rows can be quarantined.
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": 10},
        )
    failures = []
    for r in result.results:
        if r.success:
            continue
        cfg = r.expectation_config
        res = r.result or {}
        exc = (r.exception_info or {}).get("exception_message") if isinstance(r.exception_info, dict) else None
        failures.append(FailedExpectation(
            expectation=cfg.type,
            column=cfg.kwargs.get("column") or cfg.kwargs.get("column_A"),
            unexpected_count=res.get("unexpected_count"),
            unexpected_percent=res.get("unexpected_percent"),
            examples=[_plain(v) for v in (res.get("partial_unexpected_list") or [])],
            observed=_plain(res.get("observed_value")) if exc is None else f"error: {exc}",
            row_indices=list(res.get("unexpected_index_list") or []),
        ))
    return ValidationOutcome(suite=suite.name, rows=len(frame), evaluated=len(result.results), failures=failures)


def _plain(value):
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)
