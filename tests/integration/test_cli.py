"""`news-intel` as a user runs it: every subcommand in its own process, on a warehouse of its own."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request

import duckdb
import pytest

from tests.conftest import REPO, SEEDS_DIR, SEEDS_GOLD
from tests.processes import (RUN_TIMEOUT, cli_env, file_tail, free_port, news_intel, stop_process_group,
                             wait_until_answering)


@pytest.fixture(scope="module")
def built(tmp_path_factory, dbt_manifest):
    """A warehouse built by `news-intel run` on the seeds, then run again with -v (nothing changed)."""
    tmp = tmp_path_factory.mktemp("cli")
    warehouse = tmp / "w.duckdb"
    first = news_intel("run", "--input", str(SEEDS_DIR), "--warehouse", str(warehouse))
    again = news_intel("run", "--input", str(SEEDS_DIR), "--warehouse", str(warehouse), "-v")
    return {"warehouse": warehouse, "first": first, "again": again}


def test_run_prints_a_short_console_with_a_progress_bar(built):
    first = built["first"]
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    lines = first.stdout.splitlines()
    assert len(lines) < 40, first.stdout
    assert re.search(r"extracting .* 5/5 \d+\.\d articles/s", first.stdout)
    stages = [line.split()[1] for line in lines if line[:1] in "✓✗–" and len(line.split()) > 1]
    assert stages == ["ingest", "extract", "dbt", "publish"]
    assert re.search(r"^Checks: \d+ passed, 0 failed$", first.stdout, re.M)
    assert re.search(r"^articles +5 +article_files +5$", first.stdout, re.M)
    assert lines[-1].startswith("Run ") and lines[-1].endswith(": SUCCESS")
    # Nothing of Dagster's or dbt's own logging reaches the console: it is all in the event log.
    assert " - DEBUG - " not in first.stdout and "OK created sql" not in first.stdout + first.stderr


def test_the_event_log_is_beside_the_warehouse_and_named_on_the_console(built):
    log = built["warehouse"].with_name("w.run.log")
    assert f"Event log: {log}" in built["first"].stdout
    # The file holds the last run: the -v re-run, whose events went to the terminal too.
    text = log.read_text()
    assert "RUN_SUCCESS" in text and "ingest_articles" in text


def test_verbose_prints_the_event_log_live_and_an_unchanged_rerun_is_up_to_date(built):
    again = built["again"]
    assert again.returncode == 0, again.stderr[-3000:]
    live = again.stdout + again.stderr
    assert "ingest_articles - Nothing changed since the build of run" in live
    assert "RUN_SUCCESS" in live
    assert "Up to date" in again.stdout


def test_a_third_run_with_nothing_changed_starts_no_run(built):
    import dagster as dg

    home = built["warehouse"].with_name("w.dagster")
    runs_before = len(dg.DagsterInstance.from_config(str(home)).get_runs())
    third = news_intel("run", "--input", str(SEEDS_DIR), "--warehouse", str(built["warehouse"]))
    assert third.returncode == 0, third.stderr[-3000:]
    assert "Nothing changed since the build of run" in third.stdout and "no run was started" in third.stdout
    assert "Up to date" in third.stdout
    assert re.search(r"^articles +5 +article_files +5$", third.stdout, re.M)
    assert len(dg.DagsterInstance.from_config(str(home)).get_runs()) == runs_before
    # The event log still holds the last real run.
    assert "RUN_SUCCESS" in built["warehouse"].with_name("w.run.log").read_text()


def test_each_warehouse_has_its_own_dagster_instance(built):
    import dagster as dg

    home = built["warehouse"].with_name("w.dagster")
    assert (home / "dagster.yaml").read_text() == (REPO / "dagster_project" / "dagster.yaml").read_text()
    runs = dg.DagsterInstance.from_config(str(home)).get_runs()
    assert len(runs) == 2 and all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)


def test_status_says_what_the_warehouse_holds(built):
    out = news_intel("status", "--warehouse", str(built["warehouse"]))
    assert out.returncode == 0, out.stderr
    con = duckdb.connect(str(built["warehouse"]), read_only=True)
    run_id = con.execute("SELECT run_id FROM warehouse_builds WHERE stage = 'published'").fetchone()[0]
    con.close()
    assert "Articles: 5 (1 with a publication date), found 5 times in 5 input files" in out.stdout
    assert f"Last complete build: run {run_id} at " in out.stdout
    assert "Rejected inputs: 0" in out.stdout
    assert re.search(r"Last run: \S+ SUCCESS started .*; checks \d+ passed, 0 failed", out.stdout)


def test_status_of_no_warehouse_fails_with_one_line(tmp_path):
    out = news_intel("status", "--warehouse", str(tmp_path / "none.duckdb"))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"news-intel status: no warehouse at {tmp_path / 'none.duckdb'}: build it with 'news-intel run'"]


def test_docs_generates_the_catalog_of_every_model(built, tmp_path):
    out = news_intel("docs", "--warehouse", str(built["warehouse"]), "--generate-only", "--target-path", str(tmp_path))
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    assert "model.news_intel.declined_engagement_counts" in catalog["nodes"]


def test_score_delegates_to_the_scorer(built):
    args = ["--gold", str(SEEDS_GOLD), "--warehouse", str(built["warehouse"])]
    out = news_intel("score", "actors", *args)
    assert out.returncode == 0, out.stderr[-2000:]
    scores = json.loads(out.stdout)
    assert 0 < scores["actor_pairs"]["precision"] <= 1 and scores["actor_pairs"]["gold"] > 0
    direct = subprocess.run([sys.executable, "-m", "news_intel.scoring.actors", *args], cwd=REPO, env=cli_env(),
                            capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert json.loads(direct.stdout) == scores


def test_bench_runs_the_benchmark(tmp_path):
    out_file = tmp_path / "bench.json"
    out = news_intel("bench", "--corpus", str(SEEDS_DIR), "--phases", "", "--scales", "", "--workers", "",
                     "--processes", "1", "--out", str(out_file))
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out_file.read_text())
    assert list(result["phases"]) == ["a_bare_spacy_p1"] and result["phases"]["a_bare_spacy_p1"]["articles"] == 5
    assert "peak memory, largest phase" in out.stdout


def test_a_failed_step_exits_1_with_one_line(tmp_path, dbt_manifest):
    out = news_intel("run", "--input", str(SEEDS_DIR), "--warehouse", str(tmp_path / "w.duckdb"),
                     env=cli_env(NEWS_SPACY_MODEL="no_such_model"))
    assert out.returncode == 1
    assert re.search(r"^✗ extract ", out.stdout, re.M)
    assert out.stderr.strip().splitlines() == [
        "news-intel run: step(s) failed: extract_articles (see the event log)"]


def test_bad_settings_exit_2_with_one_line(tmp_path):
    out = news_intel("run", "--warehouse", str(tmp_path / "w.duckdb"), env=cli_env(NEWS_BATCH_SIZE="many"))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["news-intel run: NEWS_BATCH_SIZE must be a whole number, got 'many'"]


def test_a_locked_warehouse_exits_3_with_one_line(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    writer = duckdb.connect(str(warehouse))  # this process writes: DuckDB lets no other process in
    try:
        out = news_intel("run", "--input", str(SEEDS_DIR), "--warehouse", str(warehouse))
    finally:
        writer.close()
    assert out.returncode == 3
    [line] = out.stderr.strip().splitlines()
    assert line.startswith(f"news-intel run: warehouse {warehouse} is locked by another process (process {os.getpid()})")


def test_ui_serves_the_warehouses_own_instance(tmp_path, dbt_manifest):
    port = free_port()
    warehouse = tmp_path / "w.duckdb"
    log_path = tmp_path / "ui.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "news_intel.cli", "ui", "--warehouse", str(warehouse),
                                 "--port", str(port)], cwd=REPO, env=cli_env(NEWS_INPUT_DIR=str(SEEDS_DIR)),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/server_info"
        wait_until_answering(url, proc, 180, "news-intel ui", file_tail(log_path, 3000))
        with urllib.request.urlopen(url, timeout=10) as r:
            answer = json.loads(r.read())
        assert "dagster_webserver_version" in answer
        assert (tmp_path / "w.dagster" / "dagster.yaml").is_file()
        assert f"Dagster UI of {warehouse}" in log_path.read_text()
    finally:
        stop_process_group(proc, term_seconds=15.0, kill_seconds=15.0)
