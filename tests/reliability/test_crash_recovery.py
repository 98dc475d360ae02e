"""SIGKILL the whole pipeline during ingestion, during extraction and during the dbt build; the next run
completes and leaves every table (Python-written and dbt-built) equal to an uninterrupted run's.

The pipeline runs as ``news-intel run -v`` (``python -m news_intel.cli``) in its own process group, as a user runs it; the
kill goes to the group (the extraction workers too; dbt builds inside the run's process), like a machine
switched off.
"""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import count, warehouse_snapshot
from tests.processes import Running, build_corpus, copy_of_the_code, materialize_env

pytestmark = pytest.mark.e2e

N_ARTICLES = 60
BATCH_SIZE = 3
RUN_TIMEOUT = 400


def run_pipeline(
    code: Path, env: dict, kill_when: re.Pattern | None = None, delay: float = 0.0
) -> tuple[int | None, str]:
    """Run the pipeline; with ``kill_when``, SIGKILL its process group ``delay`` s after a matching line.

    Returns ``(exit status or None when killed, output)``; fails the test if the line never shows up.
    """
    run = Running([sys.executable, "-m", "news_intel.cli", "run", "-v"], {**env, "PYTHONPATH": str(code)}, cwd=code)
    if kill_when is None:
        status, out = run.finish(RUN_TIMEOUT)
        if status is None:
            pytest.fail("pipeline run did not finish in time:\n" + out[-4000:])
        return status, out
    run.wait_for(kill_when, RUN_TIMEOUT)
    time.sleep(delay)
    run.kill()
    return None, run.output


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table and view of the warehouse, rows sorted, timestamps of the run left out.

    Of ``warehouse_builds`` only the stages count: its run ids differ by nature, and its fingerprints include
    the published path, which differs between the two warehouses compared here.
    """
    return warehouse_snapshot(path, views=True, columns={"warehouse_builds": ["stage"]})


def test_sigkill_in_every_phase_then_rerun_equals_an_uninterrupted_run(tmp_path, dbt_manifest):
    # A copy of the code, so that every run of the test runs the same extractor version even while the
    # working tree changes under it (a different version would re-extract everything).
    code = copy_of_the_code(tmp_path / "code", dbt_manifest)
    corpus = tmp_path / "corpus"
    build_corpus(corpus, N_ARTICLES)
    ref_db, crash_db = tmp_path / "ref" / "news.duckdb", tmp_path / "crash" / "news.duckdb"
    ref_db.parent.mkdir()
    crash_db.parent.mkdir()

    status, out = run_pipeline(code, materialize_env(corpus, ref_db, tmp_path / "dh_ref", BATCH_SIZE))
    assert status == 0, out[-3000:]
    reference = snapshot(ref_db)
    n = len(reference["articles"])
    assert n > 40

    env = materialize_env(corpus, crash_db, tmp_path / "dh_crash", BATCH_SIZE)
    # 1. During ingestion: the folder mirror is one transaction, so all articles or none.
    assert run_pipeline(code, env, re.compile(r"ingest_articles - Scanning "))[0] is None
    if crash_db.exists():
        articles = count(crash_db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'articles'")
        assert articles == 0 or count(crash_db, "SELECT count(*) FROM articles") in (0, n)

    # 2. During extraction, just after the first batch was committed, while the next ones are extracted and
    # written (the workers start beside Dagster's start, so 60 short articles take about a second in all).
    assert run_pipeline(code, env, re.compile(r"extract_articles - extracted \d+/"), delay=0.1)[0] is None
    done = count(crash_db, "SELECT count(*) FROM extractions")
    assert 0 < done < n, f"kill did not land mid-extraction ({done}/{n} articles extracted)"
    assert done % BATCH_SIZE == 0, "a batch was half written"
    partial = snapshot(crash_db)
    extracted = {r[0] for r in partial["extractions"]}
    for name in ("sentences", "entities", "quotes", "timexes", "actor_references", "engagement_mentions"):
        if name not in reference:
            continue
        # Whole batches only: every extracted article has exactly its final rows, the others none.
        expected = sorted((r for r in reference[name] if r[0] in extracted), key=repr)
        assert partial[name] == expected, name

    # 3. During the dbt build, once the first mart table has been written.
    assert run_pipeline(code, env, re.compile(r"OK created sql table model"))[0] is None

    # 4. The next run completes and the warehouse is the uninterrupted one, table for table.
    status, out = run_pipeline(code, env)
    assert status == 0, out[-3000:]
    final = snapshot(crash_db)
    assert sorted(final) == sorted(reference)
    for name in reference:
        assert final[name] == reference[name], name
