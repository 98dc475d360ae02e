"""Great Expectations suites from ``expectations/`` as asset checks.

A failing suite fails its check with ERROR severity, which stops every asset downstream of the checked
one in the same run; the check's metadata says which expectations failed, on how many rows, with examples.
Expectations marked ``"blocking": false`` (quality floors) form a second, advisory check with WARN severity.
The suites of the assets one step writes run together in one step after it (``gx_checks_after_<step>``).
"""

import dagster as dg

from dagster_project.defs.resources import DUCKDB_POOL, Warehouse
from news_intel.validation import Suite, load_suites, validate
from news_intel.warehouse.connection import connect
from news_intel.warehouse.quarantine import quarantine_failures


def _failures_markdown(outcome) -> str:
    lines = ["| expectation | column | failed rows | examples |", "|---|---|---|---|"]
    for f in outcome.failures:
        examples = ", ".join(str(e) for e in f.examples[:5]).replace("|", "/")
        count = f.unexpected_count if f.unexpected_count is not None else f"observed {f.observed}"
        lines.append(f"| {f.expectation} | {f.column or ''} | {count} | {examples} |")
    return "\n".join(lines)


def _read_frames(warehouse, suites: list[Suite]) -> dict:
    """The rows of each suite's query, read through one connection; the blocking and the advisory part of
    one suite read their table once. (It is closed before any suite runs: a failing one writes quarantined
    rows, and DuckDB takes no writer beside a read-only connection of the same process.)"""
    with connect(warehouse.duckdb_path, read_only=True) as con:
        return {query: con.execute(query).df() for query in dict.fromkeys(s.query for s in suites)}


def _run_suite(context, warehouse, suite: Suite, blocking: bool, frame) -> dg.AssetCheckResult:
    severity = dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN
    outcome = validate(frame, suite)
    metadata = {
        "rows_validated": outcome.rows,
        "expectations": outcome.evaluated,
        "expectations_failed": len(outcome.failures),
    }
    if outcome.failures:
        metadata["failures"] = dg.MetadataValue.md(_failures_markdown(outcome))
        for f in outcome.failures:
            context.log.error(f"{suite.name}: {f.describe()}")
    if outcome.failures and blocking:
        # Only rows that hold the run back are kept; advisory floors fail on ordinary folders, and
        # appending their rows on every run would grow the table without anything being wrong.
        with connect(warehouse.duckdb_path) as con:
            kept = quarantine_failures(con, suite, outcome, frame, run_id=context.run.run_id)
        metadata["quarantined_rows"] = kept
        metadata["quarantine_query"] = dg.MetadataValue.text(
            f"SELECT * FROM validation_failures WHERE run_id = '{context.run.run_id}' AND suite = '{suite.name}'"
        )
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(suite.asset),
        check_name=f"gx_{suite.name}",
        passed=outcome.passed,
        severity=severity,
        metadata=metadata,
        description=None if outcome.passed else "; ".join(f.describe() for f in outcome.failures)[:2000],
    )


def build_stage_checks(stage: str, parts: list[tuple[Suite, bool]]) -> dg.AssetChecksDefinition:
    """The suites of the assets one step (``stage``) writes, as one step: Great Expectations' import and
    Dagster's cost of a step are paid once per stage, not once per suite. Each suite stays a check of its
    own, named ``gx_<suite>``; a blocking one that fails still stops what depends on its asset."""
    by_key = {dg.AssetCheckKey(dg.AssetKey(suite.asset), f"gx_{suite.name}"): (suite, blocking)
              for suite, blocking in parts}

    @dg.multi_asset_check(
        name=f"gx_checks_after_{stage}",
        specs=[dg.AssetCheckSpec(
            name=key.name, asset=key.asset_key, blocking=blocking,
            description=f"Great Expectations suite expectations/{suite.path.name if suite.path else suite.name}"
                        + ("" if blocking else " (its quality floors: advisory)"),
        ) for key, (suite, blocking) in by_key.items()],
        can_subset=True,
        pool=DUCKDB_POOL,
    )
    def _checks(context: dg.AssetCheckExecutionContext, warehouse: Warehouse):
        selected = [by_key[key] for key in context.selected_asset_check_keys]
        frames = _read_frames(warehouse, [suite for suite, _ in selected])
        for suite, blocking in selected:
            yield _run_suite(context, warehouse, suite, blocking, frames[suite.query])

    return _checks


def build_suite_checks(producers: dict[dg.AssetKey, str]) -> list[dg.AssetChecksDefinition]:
    """Per suite whose asset exists here: a blocking check, plus an advisory one for its quality floors;
    one step per step that writes the checked assets (``producers``: asset key -> that step's name)."""
    stages: dict[str, list[tuple[Suite, bool]]] = {}
    for suite in load_suites():
        stage = producers.get(dg.AssetKey(suite.asset))
        if stage is None:
            continue
        stages.setdefault(stage, []).append((suite.part(blocking=True), True))
        advisory = suite.part(blocking=False)
        if advisory.expectations:
            stages[stage].append((advisory, False))
    return [build_stage_checks(stage, parts) for stage, parts in stages.items()]
