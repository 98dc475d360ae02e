"""What makes a run skip the rebuild, and what makes it rebuild."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from news_intel.settings import Settings
from news_intel.warehouse.build_state import (
    build_fingerprint, data_fingerprint, definition_fingerprint, last_build_if_current, record_build,
)
from news_intel.warehouse.schema import ensure_schema
from tests.conftest import DBT_DIR, REPO

EXPECTATIONS = REPO / "expectations"


@pytest.fixture()
def definitions(tmp_path):
    dbt = tmp_path / "dbt"
    shutil.copytree(DBT_DIR, dbt, ignore=shutil.ignore_patterns("target", "logs"))
    expectations = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, expectations)
    return dbt, expectations


def test_definitions_fingerprint_follows_models_seeds_and_suites_not_dbt_output(definitions):
    dbt, expectations = definitions
    base = definition_fingerprint(dbt, expectations)
    assert definition_fingerprint(dbt, expectations) == base

    (dbt / "target").mkdir()
    (dbt / "target" / "run_results.json").write_text("{}")
    (dbt / "logs").mkdir()
    (dbt / "logs" / "dbt.log").write_text("noise")
    assert definition_fingerprint(dbt, expectations) == base

    aliases = dbt / "seeds" / "actor_aliases.csv"
    aliases.write_text(aliases.read_text() + "Middle Kingdom,China,country,CHN,false\n")
    after_seed = definition_fingerprint(dbt, expectations)
    assert after_seed != base

    suite = expectations / "quotes.json"
    suite.write_text(suite.read_text().replace('"name"', '"name" ', 1))
    assert definition_fingerprint(dbt, expectations) not in (base, after_seed)


def _warehouse(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(con)
    con.execute(
        "INSERT INTO articles VALUES ('a1', 'one.txt', 'T', NULL, NULL, NULL, NULL, NULL, 'text', 1, now())"
    )
    con.execute("INSERT INTO article_files (article_id, source_file) VALUES ('a1', 'one.txt')")
    con.execute("INSERT INTO rejected_files (source_file, reason, detected_at) VALUES ('bad.txt', 'empty file', now())")
    return con


def test_data_fingerprint_ignores_timestamps_but_not_content(tmp_path):
    con = _warehouse(tmp_path)
    base = data_fingerprint(con)
    con.execute("UPDATE rejected_files SET detected_at = detected_at + INTERVAL 1 DAY")
    con.execute("UPDATE articles SET ingested_at = ingested_at + INTERVAL 1 DAY")
    assert data_fingerprint(con) == base

    con.execute("UPDATE articles SET published_date = DATE '2023-05-30'")
    dated = data_fingerprint(con)
    assert dated != base
    # A row written into an extraction table by anything but the extraction is noticed too.
    con.execute("INSERT INTO sentences (article_id, sentence_idx, start_char, end_char, text) VALUES ('a1', 0, 0, 4, 'text')")
    assert data_fingerprint(con) != dated
    con.close()


def test_a_build_is_current_only_when_every_stage_finished_with_the_same_fingerprint(tmp_path):
    con = _warehouse(tmp_path)
    settings = Settings(input_dir=tmp_path, duckdb_path=tmp_path / "w.duckdb")
    published = settings.published_path
    fingerprint = build_fingerprint(con, settings)
    assert last_build_if_current(con, fingerprint, published) is None

    record_build(con, "dbt", fingerprint, "run-1")
    published.write_bytes(b"copy")
    # dbt finished but publishing did not (a check failed in between): not a complete build.
    assert last_build_if_current(con, fingerprint, published) is None

    record_build(con, "published", fingerprint, "run-1")
    last = last_build_if_current(con, fingerprint, published)
    assert last is not None and last.run_id == "run-1"
    assert con.execute("SELECT count(*) FROM warehouse_builds").fetchone()[0] == 2

    con.execute("DELETE FROM article_files")
    assert last_build_if_current(con, build_fingerprint(con, settings), published) is None
    con.execute("INSERT INTO article_files (article_id, source_file) VALUES ('a1', 'one.txt')")
    assert last_build_if_current(con, build_fingerprint(con, settings), published) is not None

    published.unlink()  # someone deleted the BI copy: it must be built again
    assert last_build_if_current(con, fingerprint, published) is None
    con.close()
