"""Keeping the rows a failed validation suite rejected, for inspection.

A failed blocking check stops the run before the marts and the published copy change, and the rows that
failed are written to ``validation_failures`` (one row per failing row and expectation, the row as JSON),
so they can be looked at even after the data is fixed and the next run passes. Rows are only ever added.
"""
from __future__ import annotations

import json

import duckdb
import pandas as pd

from news_intel.validation import Suite, ValidationOutcome
from news_intel.warehouse.connection import transaction

VALIDATION_FAILURES_DDL = """
CREATE TABLE IF NOT EXISTS validation_failures (
    suite VARCHAR NOT NULL,
    asset VARCHAR NOT NULL,
    expectation VARCHAR NOT NULL,
    "column" VARCHAR,
    row_json VARCHAR,
    observed VARCHAR,
    run_id VARCHAR,
    detected_at TIMESTAMP NOT NULL
)
"""
# A suite that fails on every row of a big table would otherwise copy the table.
MAX_ROWS_PER_EXPECTATION = 10_000


def failure_records(suite: Suite, outcome: ValidationOutcome, frame: pd.DataFrame, run_id: str | None) -> pd.DataFrame:
    records = []
    for f in outcome.failures:
        base = {"suite": suite.name, "asset": suite.asset, "expectation": f.expectation, "column": f.column,
                "run_id": run_id}
        wanted = [i for i in f.row_indices[:MAX_ROWS_PER_EXPECTATION] if i in frame.index]
        if wanted:
            rows = frame.loc[wanted].to_json(
                orient="records", lines=True, date_format="iso", force_ascii=False, default_handler=str
            ).splitlines()
            records += [{**base, "row_json": r, "observed": None} for r in rows]
        else:
            # Table-level expectations (row counts, sums) have no failing row: keep what was observed.
            records.append({**base, "row_json": None, "observed": json.dumps(f.observed, default=str)})
    columns = ["suite", "asset", "expectation", "column", "row_json", "observed", "run_id"]
    return pd.DataFrame.from_records(records, columns=columns).astype("object")


def quarantine_failures(
    con: duckdb.DuckDBPyConnection, suite: Suite, outcome: ValidationOutcome, frame: pd.DataFrame,
    run_id: str | None = None,
) -> int:
    """Append the failing rows of ``outcome`` to ``validation_failures``; returns how many were written."""
    records = failure_records(suite, outcome, frame, run_id)
    if records.empty:
        return 0
    con.register("failed_rows", records)
    try:
        with transaction(con):
            con.execute(VALIDATION_FAILURES_DDL)
            con.execute(
                'INSERT INTO validation_failures SELECT suite, asset, expectation, "column", row_json, observed, '
                "run_id, now() FROM failed_rows"
            )
    finally:
        con.unregister("failed_rows")
    return len(records)
