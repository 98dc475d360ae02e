"""The whole pipeline on seeds/, materialized with an ephemeral Dagster instance into a temporary DuckDB."""
from __future__ import annotations

import shutil

import duckdb
import pytest

# The seeds build itself (`seeds_warehouse`) is a session fixture in tests/conftest.py, shared with every
# test that only reads it.
from tests.conftest import SEEDS_DIR, run_pipeline, warehouse_snapshot

pytestmark = pytest.mark.e2e

PYTHON_TABLES = ["articles", "article_files", "rejected_files", "sentences", "entities"]


def test_run_succeeds_and_every_check_passes(seeds_warehouse):
    _, result = seeds_warehouse
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert evaluations, "no checks ran"
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    assert failed == []
    gx = {e.check_name for e in evaluations if e.check_name.startswith("gx_")}
    assert {"gx_articles", "gx_sentences", "gx_entities"} <= gx


def test_what_a_reader_of_the_seeds_knows(seeds_warehouse):
    path, _ = seeds_warehouse
    con = duckdb.connect(str(path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM rejected_files").fetchone()[0] == 0
        dated = con.execute("SELECT source_file, published_date::VARCHAR FROM articles WHERE published_date IS NOT NULL").fetchall()
        assert dated == [("001_6ff38f1c0ac05301.txt", "2023-05-30")]
        for person in ("Lloyd Austin", "Li Shangfu"):
            n = con.execute(
                "SELECT count(DISTINCT article_id) FROM entities WHERE label = 'PERSON' AND text = ?", [person]
            ).fetchone()[0]
            assert n >= 4, person
        # Offsets index the stored text.
        bad = con.execute(
            "SELECT count(*) FROM entities e JOIN articles a USING (article_id) "
            "WHERE substr(a.text, e.start_char + 1, e.end_char - e.start_char) <> e.text"
        ).fetchone()[0]
        assert bad == 0
        assert con.execute("SELECT count(*) FROM actor_mentions").fetchone()[0] > 0
    finally:
        con.close()
    # BI tools read the published copy.
    assert path.with_name("news.published.duckdb").exists()


def test_a_moved_warehouse_rebuilds_the_same_rows_and_then_nothing(seeds_warehouse, tmp_path, monkeypatch):
    # A copy, so that the tests reading the shared build never see it written. A warehouse at a new path
    # publishes its BI copy to a new path, so its first run rebuilds the models and checks them again; the
    # run after that has nothing to do.
    built, _ = seeds_warehouse
    path = tmp_path / "news.duckdb"
    shutil.copyfile(built, path)
    con = duckdb.connect(str(path), read_only=True)
    tables = PYTHON_TABLES + [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema='main' AND table_name IN "
        "('quotes','timexes','actor_references','engagement_mentions','actor_mentions','quotes_by_speaker',"
        "'declined_engagements','declined_engagement_counts')").fetchall()]
    con.close()
    before = warehouse_snapshot(path, tables)
    published = path.with_name("news.published.duckdb")

    rebuilt = run_pipeline(SEEDS_DIR, path, monkeypatch)
    assert rebuilt.success
    assert "published_warehouse" in {e.asset_key.to_user_string() for e in rebuilt.get_asset_materialization_events()}
    assert rebuilt.get_asset_check_evaluations()
    assert warehouse_snapshot(path, tables) == before
    published_stat = published.stat()

    result = run_pipeline(SEEDS_DIR, path, monkeypatch)
    assert result.success
    assert warehouse_snapshot(path, tables) == before
    # Nothing changed, so the run stops after ingestion: no dbt build, no checks, no new BI copy.
    assert result.get_asset_materialization_events() == []
    assert result.get_asset_check_evaluations() == []
    skipped = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SKIPPED"}
    assert {"extract_articles", "warehouse_models", "published_warehouse"} <= skipped
    assert (published.stat().st_mtime_ns, published.stat().st_ino) == (published_stat.st_mtime_ns, published_stat.st_ino)


def test_failed_validation_stops_downstream(seeds_warehouse, tmp_path, monkeypatch):
    """Plant an entity whose end is before its start: gx_entities fails and nothing downstream runs."""
    built, _ = seeds_warehouse
    path = tmp_path / "news.duckdb"
    shutil.copyfile(built, path)
    published = path.with_name("news.published.duckdb")
    con = duckdb.connect(str(path))
    con.execute(
        "INSERT INTO entities SELECT article_id, 50, 10, 'broken', 'ORG', 0 FROM articles ORDER BY article_id LIMIT 1"
    )
    con.close()
    result = run_pipeline(SEEDS_DIR, path, monkeypatch)
    assert not result.success
    failed = {e.check_name: e for e in result.get_asset_check_evaluations() if not e.passed}
    assert set(failed) == {"gx_entities"}
    text = failed["gx_entities"].description
    assert "expect_column_pair_values_a_to_be_greater_than_b" in text and "1 row(s) failed" in text
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    # Ingestion and extraction ran; the dbt models and the BI copy did not.
    assert {"articles", "entities"} <= materialized
    assert not materialized & {"stg_entities", "actor_mentions", "published_warehouse"}
    assert not published.exists()
