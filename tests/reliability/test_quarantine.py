"""A failed validation loses nothing: the failing rows are kept in ``validation_failures`` and the BI copy
keeps the previous complete state (``published_warehouse`` does not run when any blocking check fails)."""
from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import pytest

from news_intel.validation import Suite, validate
from news_intel.warehouse.quarantine import quarantine_failures
from tests.conftest import SEEDS_DIR, run_pipeline


def test_failing_rows_are_quarantined_as_json(tmp_path):
    frame = pd.DataFrame({
        "article_id": ["a", "b", "c", "d"],
        "start_char": [0, 50, 3, 7],
        "end_char": [5, 10, 9, 8],
        "label": ["ORG", "ORG", "BOGUS", "GPE"],
        "text": ["China", "broken", "Zoë «x»", "x"],
        "published": [date(2023, 5, 30), None, None, None],
    })
    suite = Suite(name="demo", asset="entities", query="", expectations=[
        {"type": "expect_column_pair_values_a_to_be_greater_than_b",
         "kwargs": {"column_A": "end_char", "column_B": "start_char"}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "label", "value_set": ["ORG", "GPE"]}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10}},
    ])
    outcome = validate(frame, suite)
    assert len(outcome.failures) == 3
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        assert quarantine_failures(con, suite, outcome, frame, run_id="run-1") == 3
        rows = con.execute(
            "SELECT expectation, \"column\", row_json, observed, run_id FROM validation_failures ORDER BY expectation"
        ).fetchall()
        # Appended, never replaced: a second failure of the same suite is kept beside the first.
        quarantine_failures(con, suite, outcome, frame, run_id="run-2")
        assert con.execute("SELECT count(*) FROM validation_failures").fetchone()[0] == 6
    finally:
        con.close()
    by_expectation = {r[0]: r for r in rows}
    pair = by_expectation["expect_column_pair_values_a_to_be_greater_than_b"]
    assert json.loads(pair[2]) == {"article_id": "b", "start_char": 50, "end_char": 10, "label": "ORG",
                                   "text": "broken", "published": None}
    in_set = by_expectation["expect_column_values_to_be_in_set"]
    assert in_set[1] == "label" and json.loads(in_set[2])["text"] == "Zoë «x»"
    count = by_expectation["expect_table_row_count_to_be_between"]
    assert count[2] is None and json.loads(count[3]) == 4 and count[4] == "run-1"


@pytest.mark.e2e
def test_failing_mart_check_keeps_the_published_copy_and_quarantines_rows(tmp_path, monkeypatch, dbt_manifest):
    """A suite on a dbt mart fails: published_warehouse is skipped, the old BI copy stays, rows are kept."""
    from dagster_project.defs import checks

    real_suites = checks.load_suites()
    failing = Suite(name="mart_planted_failure", asset="actor_mentions", query="SELECT * FROM actor_mentions",
                    expectations=[{"type": "expect_column_values_to_be_in_set",
                                   "kwargs": {"column": "actor_type", "value_set": ["nothing-is-this"]}}])
    monkeypatch.setattr(checks, "load_suites", lambda *a, **k: [*real_suites, failing])
    path = tmp_path / "news.duckdb"
    published = tmp_path / "news.published.duckdb"
    con = duckdb.connect(str(published))  # the previous complete state BI users see
    con.execute("CREATE TABLE previous_state AS SELECT 42 AS marker")
    con.close()
    before = published.read_bytes()

    result = run_pipeline(SEEDS_DIR, path, monkeypatch)

    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {"gx_mart_planted_failure"}
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "actor_mentions" in materialized and "published_warehouse" not in materialized
    assert published.read_bytes() == before
    con = duckdb.connect(str(path), read_only=True)
    try:
        n_actors = con.execute("SELECT count(*) FROM actor_mentions").fetchone()[0]
        kept = con.execute(
            "SELECT row_json FROM validation_failures WHERE suite = 'mart_planted_failure'"
        ).fetchall()
    finally:
        con.close()
    assert n_actors > 0 and len(kept) == n_actors
    assert {json.loads(r[0])["actor"] for r in kept}
