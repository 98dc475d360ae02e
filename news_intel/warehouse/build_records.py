"""The ``warehouse_builds`` table: what each stage of the last build finished with.

Rows, one per stage:

- ``dbt`` and ``published``: the build fingerprint (``build_state``) the dbt build and the BI copy were
  made from; equal, they say the last build was complete.
- ``dbt_definitions``: the dbt project, expectations and code the last complete dbt build ran with. While
  they stay the same, seeds and views need no rebuilding when only rows change.
- ``scanned``: the input stamp (``fingerprints.input_stamp``) the last ingestion started from, and its run.
- ``inputs``: the input stamp of the last complete build, written when the run that scanned it published
  (or found nothing to rebuild). Ingestion deletes it first, so a run that stops half-way leaves none.

This module needs only duckdb: ``news-intel run`` reads it before it starts the orchestrator.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

DDL = """
CREATE TABLE IF NOT EXISTS warehouse_builds (
    stage VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    run_id VARCHAR,
    built_at TIMESTAMP NOT NULL
)
"""


@dataclass(frozen=True)
class LastBuild:
    run_id: str | None
    built_at: datetime


def record_build(con: duckdb.DuckDBPyConnection, stage: str, fingerprint: str, run_id: str | None) -> None:
    con.execute(DDL)
    con.execute("DELETE FROM warehouse_builds WHERE stage = ?", [stage])
    con.execute("INSERT INTO warehouse_builds VALUES (?, ?, ?, now())", [stage, fingerprint, run_id])


def recorded_stages(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None, datetime]]:
    """``{stage: (fingerprint, run_id, built_at)}``; empty when nothing was recorded yet."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'warehouse_builds'"
    ).fetchone()[0]
    if not exists:
        return {}
    rows = con.execute("SELECT stage, fingerprint, run_id, built_at FROM warehouse_builds").fetchall()
    return {stage: (fp, run_id, built_at) for stage, fp, run_id, built_at in rows}


def record_scan(con: duckdb.DuckDBPyConnection, stamp: str, run_id: str | None) -> None:
    """Before ingesting: no complete build matches the inputs until this run publishes."""
    con.execute(DDL)
    con.execute("DELETE FROM warehouse_builds WHERE stage = 'inputs'")
    record_build(con, "scanned", stamp, run_id)


def confirm_inputs(con: duckdb.DuckDBPyConnection, run_id: str | None) -> bool:
    """After publishing (or finding nothing to rebuild): the inputs this run scanned are built."""
    scanned = recorded_stages(con).get("scanned")
    if scanned is None or scanned[1] != run_id:
        return False  # this run did not ingest (a partial selection): what it published may be older
    record_build(con, "inputs", scanned[0], run_id)
    return True


def dbt_definitions_current(con: duckdb.DuckDBPyConnection, scope: str) -> bool:
    """Whether the last complete dbt build ran with the definitions ``scope`` fingerprints."""
    recorded = recorded_stages(con).get("dbt_definitions")
    return recorded is not None and recorded[0] == scope


def built_from_stamp(con: duckdb.DuckDBPyConnection, stamp: str, published_path: Path) -> LastBuild | None:
    """The last complete build, when it was made from exactly ``stamp`` and its BI copy still exists."""
    stages = recorded_stages(con)
    inputs, dbt, published = stages.get("inputs"), stages.get("dbt"), stages.get("published")
    if inputs is None or dbt is None or published is None or inputs[0] != stamp or dbt[0] != published[0]:
        return None
    if not Path(published_path).is_file():
        return None
    return LastBuild(run_id=published[1], built_at=published[2])
