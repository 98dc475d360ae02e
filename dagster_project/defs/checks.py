"""Great Expectations suites from ``expectations/`` as asset checks.

A failing suite fails its check with ERROR severity, which stops every asset downstream of the checked
one in the same run; the check's metadata says which expectations failed, on how many rows, with examples.
Expectations marked ``"blocking": false`` (quality floors) form a second, advisory check with WARN severity.
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


def build_suite_check(suite: Suite, blocking: bool = True) -> dg.AssetChecksDefinition:
    severity = dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN

    @dg.asset_check(
        asset=dg.AssetKey(suite.asset),
        name=f"gx_{suite.name}",
        blocking=blocking,
        description=f"Great Expectations suite expectations/{suite.path.name if suite.path else suite.name}",
        pool=DUCKDB_POOL,
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with connect(warehouse.duckdb_path, read_only=True) as con:
            frame = con.execute(suite.query).df()
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
            passed=outcome.passed,
            severity=severity,
            metadata=metadata,
            description=None if outcome.passed else "; ".join(f.describe() for f in outcome.failures)[:2000],
        )

    return _check


def build_suite_checks(known_assets: set[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Per suite whose asset exists here: a blocking check, plus an advisory one for its quality floors."""
    checks = []
    for suite in load_suites():
        if dg.AssetKey(suite.asset) not in known_assets:
            continue
        checks.append(build_suite_check(suite.part(blocking=True), blocking=True))
        advisory = suite.part(blocking=False)
        if advisory.expectations:
            checks.append(build_suite_check(advisory, blocking=False))
    return checks
