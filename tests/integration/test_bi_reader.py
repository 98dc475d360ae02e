"""A BI tool reading the published warehouse while a full run writes never meets the writer's lock.

The reader is what Superset-style tools use: SQLAlchemy with the ``duckdb-engine`` dialect, read-only,
on ``NEWS_PUBLISHED_PATH``. Where Superset is set up (``.venv-bi/``, ``make bi-setup``), a second reader
runs in Superset's own environment (SQLAlchemy 1.4) on the exact URI ``news-intel bi`` registers. The writer is ``news-intel run`` (what ``make run`` calls) in
its own process, over the seeds plus new articles. Every answer the reader gets must be one complete
state: the one before the run or the one after it, never an error and never a mix.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import json
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS_DIR

pytestmark = pytest.mark.e2e

sqlalchemy = pytest.importorskip("sqlalchemy")
pytest.importorskip("duckdb_engine")

from news_intel.superset_bundle import read_only_uri  # noqa: E402

SUPERSET_PYTHON = REPO / ".venv-bi" / "bin" / "python"
SUPERSET_PROBE = Path(__file__).with_name("superset_reader_probe.py")

# Questions a dashboard asks; together they span raw tables and marts, so a half-published state (new
# articles with old marts, or the reverse) would show up as an answer equal to neither state.
DASHBOARD_QUERIES = {
    "articles": "SELECT count(*), sum(n_words) FROM articles",
    "actors": "SELECT count(*), sum(mentions), max(articles) FROM actor_mentions",
    "who_declined_whom": "SELECT decliner, requester, events, mentions, articles FROM declined_engagement_counts ORDER BY ALL",
    "sentences": "SELECT count(*) FROM sentences",
}

# New articles for the second run. Their content matters only in that it changes the answers.
EXTRA_ARTICLES = {
    "extra/tokyo_declines_talks.txt": (
        "Tokyo turns down Seoul's offer of defence talks\n\n"
        "Japan has declined a request from South Korea for talks between their defence ministers, "
        "officials in Tokyo said on Tuesday.\n\n"
        "Japanese Defence Minister Yasukazu Hamada told reporters that \"the conditions are not right\" "
        "for a meeting this month. South Korea had proposed the talks in April.\n"
    ),
    "extra/canberra_summit.txt": (
        "Australia postpones summit with Indonesia\n\n"
        "Australia has postponed a planned summit with Indonesia until next year, the foreign ministry "
        "in Canberra said on Friday, citing scheduling problems.\n"
    ),
}


def read_state(connection) -> tuple:
    return tuple(
        tuple(tuple(row) for row in connection.execute(sqlalchemy.text(sql)).fetchall())
        for sql in DASHBOARD_QUERIES.values()
    )


def as_json(state: tuple) -> list:
    """A state as the Superset probe reports it (JSON: lists, non-JSON values as text)."""
    return json.loads(json.dumps(state, default=str))


def start_superset_reader(published: Path, tmp: Path) -> dict | None:
    """The probe in Superset's environment, reading until its stop file appears; None without Superset."""
    if not SUPERSET_PYTHON.exists():
        return None
    stop, out = tmp / "superset_reader.stop", tmp / "superset_reader.jsonl"
    proc = subprocess.Popen([str(SUPERSET_PYTHON), str(SUPERSET_PROBE), read_only_uri(published),
                             json.dumps(list(DASHBOARD_QUERIES.values())), str(stop), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return {"proc": proc, "stop": stop, "out": out}


def finish_superset_reader(reader: dict | None) -> dict | None:
    if reader is None:
        return None
    reader["stop"].touch()
    try:
        output, _ = reader["proc"].communicate(timeout=60)
    except subprocess.TimeoutExpired:
        reader["proc"].kill()
        output, _ = reader["proc"].communicate()
    lines = [json.loads(line) for line in reader["out"].read_text().splitlines()] if reader["out"].exists() else []
    return {"returncode": reader["proc"].returncode, "output": output, "lines": lines}


def read_only_engine(path: Path):
    # NullPool: every read opens the file anew, as a dashboard refresh does, so the reader follows the
    # published copy from one run to the next.
    return sqlalchemy.create_engine(
        f"duckdb:///{path}", connect_args={"read_only": True}, poolclass=sqlalchemy.pool.NullPool
    )


@pytest.fixture(scope="module")
def concurrent_run(seeds_warehouse, tmp_path_factory):
    """Seeds warehouse as the old state; a second run over seeds + extra articles while a reader loops."""
    built, first = seeds_warehouse
    assert first.success
    tmp = tmp_path_factory.mktemp("bi_reader")
    warehouse = tmp / "news.duckdb"
    published = tmp / "news.published.duckdb"
    shutil.copyfile(built, warehouse)
    shutil.copyfile(built.with_name("news.published.duckdb"), published)
    input_dir = tmp / "input"
    shutil.copytree(SEEDS_DIR, input_dir)
    for name, text in EXTRA_ARTICLES.items():
        (input_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (input_dir / name).write_text(text, encoding="utf-8")
    dagster_home = tmp / "dagster_home"
    dagster_home.mkdir()

    engine = read_only_engine(published)
    with engine.connect() as c:
        old = read_state(c)

    env = {
        **os.environ,
        "NEWS_INPUT_DIR": str(input_dir),
        "NEWS_DUCKDB_PATH": str(warehouse),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    env.pop("NEWS_PUBLISHED_PATH", None)
    log_path = tmp / "run.log"
    superset_reader = start_superset_reader(published, tmp)
    answers: list[tuple] = []
    errors: list[str] = []
    # A connection held across the whole run, like a BI tool's pooled connection.
    held = engine.connect()
    with open(log_path, "w") as log:
        writer = subprocess.Popen(
            [sys.executable, "-m", "news_intel.cli", "run"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            while writer.poll() is None:
                for reader in ("fresh", "held"):
                    try:
                        if reader == "fresh":
                            with engine.connect() as c:
                                answers.append(read_state(c))
                        else:
                            answers.append(read_state(held))
                    except Exception as exc:  # any reader error is the failure this test exists to catch
                        errors.append(f"{reader}: {type(exc).__name__}: {exc}")
                time.sleep(0.05)
        finally:
            if writer.poll() is None:
                writer.kill()
            writer.wait(timeout=60)
            held.close()
            superset_reads = finish_superset_reader(superset_reader)
    with engine.connect() as c:
        new = read_state(c)
    engine.dispose()
    return {"old": old, "new": new, "answers": answers, "errors": errors, "returncode": writer.returncode,
            "log": log_path.read_text(errors="replace"), "superset": superset_reads}


def test_writer_run_succeeds(concurrent_run):
    assert concurrent_run["returncode"] == 0, concurrent_run["log"][-4000:]
    assert "SUCCESS" in concurrent_run["log"]


def test_reader_never_errors_and_always_sees_one_complete_state(concurrent_run):
    old, new, answers = concurrent_run["old"], concurrent_run["new"], concurrent_run["answers"]
    assert concurrent_run["errors"] == []
    assert old != new, "the second run should change what the dashboard shows"
    assert old[0][0][0] + len(EXTRA_ARTICLES) == new[0][0][0]
    # The run takes tens of seconds; a reader polling every 50 ms gets many answers during it.
    assert len(answers) >= 20
    mixed = [a for a in answers if a not in (old, new)]
    assert mixed == []


def test_superset_connection_never_errors_and_always_sees_one_complete_state(concurrent_run):
    """Superset's own stack (its SQLAlchemy 1.4, duckdb-engine, NullPool) on the URI `news-intel bi`
    registers, reading throughout the run: one complete state each time, never an error."""
    reads = concurrent_run["superset"]
    if reads is None:
        pytest.skip(f"Superset is not set up ({SUPERSET_PYTHON} missing): make bi-setup")
    assert reads["returncode"] == 0, reads["output"]
    header, *rounds = reads["lines"]
    assert header["sqlalchemy"].startswith("1.4")
    errors = [r["error"] for r in rounds if "error" in r]
    assert errors == []
    old, new = as_json(concurrent_run["old"]), as_json(concurrent_run["new"])
    states = [r["state"] for r in rounds]
    assert len(states) >= 10
    assert [s for s in states if s not in (old, new)] == []
    # Started before the writer, stopped after it: it saw the old state and, last, the new one.
    assert states[0] == old and states[-1] == new


def test_terminal_shows_extraction_progress(concurrent_run):
    """`make run` shows a progress bar of the extraction (done/total and rate) in the terminal."""
    # Only the new articles are pending unless the extractor changed since the seeds build (then all are).
    done = re.findall(r"extracting .* (\d+)/(\d+) (\d+\.\d) articles/s", concurrent_run["log"])
    assert done, concurrent_run["log"][-4000:]
    last_done, total, _ = done[-1]
    assert last_done == total and int(total) >= len(EXTRA_ARTICLES)


def test_published_materialization_previews_what_bi_tools_see(seeds_warehouse):
    """The run's metadata shows the top actors and who declined whom, read from the published copy."""
    path, result = seeds_warehouse
    [published] = [e for e in result.get_asset_materialization_events()
                   if e.asset_key.to_user_string() == "published_warehouse"]
    metadata = published.materialization.metadata
    assert metadata["path"].value == path.with_name("news.published.duckdb").as_posix()
    top_actors = metadata["top_actors"].value.splitlines()
    assert top_actors[2] == "| actor | actor_type | country | mentions | articles |"
    assert top_actors[4].startswith("| China | country | CHN |")
    declined = metadata["declined_engagement_counts"].value
    assert "| China | United States |" in declined
    assert "| actor_mentions | table |" in metadata["row_counts"].value
