"""SIGKILL the whole pipeline during ingestion, during extraction and during the dbt build; the next run
completes and leaves every table (Python-written and dbt-built) equal to an uninterrupted run's.

The pipeline runs as ``news-intel run -v`` (``python -m news_intel.cli``) in its own process group, as a user runs it; the
kill goes to the group, so dbt's subprocess dies too, like a machine switched off.
"""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEEDS_DIR
from tests.integration.test_pipeline_e2e import dbt_manifest  # noqa: F401  (fixture: dbt parse)

pytestmark = pytest.mark.e2e

N_ARTICLES = 60
BATCH_SIZE = 3
RUN_TIMEOUT = 400


def build_corpus(target: Path) -> None:
    """``N_ARTICLES`` distinct articles recombined from the seeds' paragraphs, each with its own date.

    Generated rather than taken from BBC: the test is about crash recovery, and must not depend on how
    well the extractors do on unseen text (a blocking check failing there stops the run before dbt).
    """
    target.mkdir(parents=True)
    paragraphs = [p for s in sorted(SEEDS_DIR.glob("*.txt")) for p in s.read_text().split("\n\n")[1:] if p.strip()]
    for i in range(N_ARTICLES):
        picked = [paragraphs[(i * 7 + k * 5) % len(paragraphs)] for k in range(4)]
        title = f" date 2023-{i % 12 + 1:02d}-{i % 28 + 1:02d} Defence talks report number {i}"
        (target / f"gen_{i:04d}.txt").write_text("\n\n".join([title, *picked]) + "\n")


def frozen_checkout(target: Path, manifest: Path) -> Path:
    """A copy of the code the runs execute, so every run of the test runs the same extractor version
    even while the working tree changes under it (a different version would re-extract everything)."""
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        ".git", ".venv", "target", "logs", "warehouse", "dagster_home", "*.duckdb", "*.duckdb.wal",
        "__pycache__", ".pytest_cache", ".hypothesis", "tests",
    ))
    (target / "dbt" / "target").mkdir()
    shutil.copyfile(manifest, target / "dbt" / "target" / "manifest.json")
    return target


def pipeline_env(input_dir: Path, duckdb_path: Path, dagster_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    dagster_home.mkdir(exist_ok=True)
    shutil.copyfile(REPO / "dagster_project" / "dagster.yaml", dagster_home / "dagster.yaml")
    env.update(
        NEWS_INPUT_DIR=str(input_dir), NEWS_DUCKDB_PATH=str(duckdb_path), NEWS_BATCH_SIZE=str(BATCH_SIZE),
        DAGSTER_HOME=str(dagster_home), GX_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PYTHONUNBUFFERED="1",
    )
    return env


def run_pipeline(
    code: Path, env: dict, kill_when: re.Pattern | None = None, delay: float = 0.0
) -> tuple[int | None, str]:
    """Run the pipeline; with ``kill_when``, SIGKILL its process group ``delay`` s after a matching line.

    Returns ``(exit status or None when killed, output)``; fails the test if the line never shows up.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "news_intel.cli", "run", "-v"], cwd=code, env={**env, "PYTHONPATH": str(code)}, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout] + [lines.put(None)], daemon=True).start()
    out, deadline = [], time.monotonic() + RUN_TIMEOUT
    try:
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                break
            out.append(line)
            if kill_when is not None and kill_when.search(line):
                time.sleep(delay)
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                return None, "".join(out)
        else:
            pytest.fail("pipeline run did not finish in time:\n" + "".join(out[-40:]))
        status = proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if kill_when is not None:
        pytest.fail(f"the run ended before {kill_when.pattern!r} showed up:\n" + "".join(out[-40:]))
    return status, "".join(out)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every relation of the main schema, rows sorted, timestamps of the run left out.

    Of ``warehouse_builds`` only the stages count: its run ids differ by nature, and its fingerprints include
    the published path, which differs between the two warehouses compared here.
    """
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        out = {}
        for name in names:
            cols = [c[0] for c in con.execute(f'DESCRIBE "{name}"').fetchall() if not c[1].startswith("TIMESTAMP")]
            if name == "warehouse_builds":
                cols = ["stage"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[name] = sorted(con.execute(f'SELECT {quoted} FROM "{name}"').fetchall(), key=repr)
        return out
    finally:
        con.close()


def count(path: Path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_sigkill_in_every_phase_then_rerun_equals_an_uninterrupted_run(tmp_path, dbt_manifest):  # noqa: F811
    code = frozen_checkout(tmp_path / "code", dbt_manifest)
    corpus = tmp_path / "corpus"
    build_corpus(corpus)
    ref_db, crash_db = tmp_path / "ref" / "news.duckdb", tmp_path / "crash" / "news.duckdb"
    ref_db.parent.mkdir()
    crash_db.parent.mkdir()

    status, out = run_pipeline(code, pipeline_env(corpus, ref_db, tmp_path / "dh_ref"))
    assert status == 0, out[-3000:]
    reference = snapshot(ref_db)
    n = len(reference["articles"])
    assert n > 40

    env = pipeline_env(corpus, crash_db, tmp_path / "dh_crash")
    # 1. During ingestion: the folder mirror is one transaction, so all articles or none.
    assert run_pipeline(code, env, re.compile(r"ingest_articles - Scanning "))[0] is None
    if crash_db.exists():
        articles = count(crash_db, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'articles'")
        assert articles == 0 or count(crash_db, "SELECT count(*) FROM articles") in (0, n)

    # 2. During extraction, a moment after the first batch was committed (so the kill lands mid-batch).
    assert run_pipeline(code, env, re.compile(r"extract_articles - extracted \d+/"), delay=1.5)[0] is None
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
