"""Incremental extraction by content, resumable batches, and the dask backend giving the same rows."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from news_intel.extraction import run_extraction
from news_intel.ingestion import run_ingestion
from news_intel.nlp.pipeline import table_specs
from news_intel.settings import Settings
from tests.conftest import SEEDS_DIR, warehouse_snapshot

# Every table the extraction pass fills.
TABLES = [s.name for s in table_specs()]


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


def test_unchanged_articles_cost_nothing_and_a_new_one_is_the_only_one_extracted(seeds_copy, tmp_path):
    settings = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "w.duckdb", batch_size=2)
    run_ingestion(settings)
    first = run_extraction(settings.duckdb_path, settings)
    assert (first.extracted, first.batches) == (5, 3)
    before = warehouse_snapshot(settings.duckdb_path, TABLES)

    run_ingestion(settings)
    again = run_extraction(settings.duckdb_path, settings)
    assert (again.pending, again.extracted) == (0, 0)
    assert warehouse_snapshot(settings.duckdb_path, TABLES) == before

    (seeds_copy / "new.txt").write_text("Lloyd Austin met Li Shangfu in Singapore on Friday.\n", encoding="utf-8")
    run_ingestion(settings)
    added = run_extraction(settings.duckdb_path, settings)
    assert added.extracted == 1
    after = warehouse_snapshot(settings.duckdb_path, TABLES)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table

    (seeds_copy / "new.txt").unlink()
    run_ingestion(settings)
    removed = run_extraction(settings.duckdb_path, settings)
    assert (removed.removed, removed.extracted) == (1, 0)
    assert warehouse_snapshot(settings.duckdb_path, TABLES) == before


def test_changed_extractor_version_or_publication_date_re_extracts(seeds_copy, tmp_path, monkeypatch):
    settings = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "w.duckdb")
    run_ingestion(settings)
    run_extraction(settings.duckdb_path, settings)
    monkeypatch.setattr("news_intel.extraction.extractor_version", lambda *reference_dir: "a-new-version")
    assert run_extraction(settings.duckdb_path, settings).extracted == 5
    monkeypatch.undo()
    run_extraction(settings.duckdb_path, settings)  # back to the real version
    (seeds_copy / "000_71c20167b2b29ed1.meta.json").write_text('{"published": "2023-05-26"}')
    run_ingestion(settings)
    assert run_extraction(settings.duckdb_path, settings).extracted == 1


def test_a_stopped_run_resumes_without_redoing_finished_batches(seeds_copy, tmp_path):
    settings = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "w.duckdb", batch_size=2)
    run_ingestion(settings)
    from news_intel.extraction import local_batch_extractor

    real = local_batch_extractor(settings)
    calls = []

    def dies_on_second_batch(inputs):
        calls.append(len(inputs))
        if len(calls) == 2:
            raise KeyboardInterrupt("stopped by the user")
        return real(inputs)

    with pytest.raises(KeyboardInterrupt):
        run_extraction(settings.duckdb_path, settings, batch_extractor=dies_on_second_batch)
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    assert con.execute("SELECT count(*) FROM extractions").fetchone()[0] == 2
    con.close()
    resumed = run_extraction(settings.duckdb_path, settings, batch_extractor=real)
    assert resumed.extracted == 3  # only the articles of the unfinished batches

    fresh = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "fresh.duckdb", batch_size=2)
    run_ingestion(fresh)
    run_extraction(fresh.duckdb_path, fresh, batch_extractor=real)
    assert warehouse_snapshot(settings.duckdb_path, TABLES) == warehouse_snapshot(fresh.duckdb_path, TABLES)


def test_dask_local_cluster_with_two_workers_gives_the_same_rows(seeds_copy, tmp_path):
    pytest.importorskip("dask.distributed")
    from news_intel.distributed import dask_batch_extractor

    single = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "single.duckdb")
    run_ingestion(single)
    run_extraction(single.duckdb_path, single)

    # Three batches: the workers extract each next batch while the driver writes the last one.
    dask = Settings(input_dir=seeds_copy, duckdb_path=tmp_path / "dask.duckdb", dask_scheduler="local:2", batch_size=2)
    run_ingestion(dask)
    extractor = dask_batch_extractor(dask)
    try:
        assert len(extractor.client.scheduler_info()["workers"]) == 2
        report = run_extraction(dask.duckdb_path, dask, batch_extractor=extractor)
    finally:
        extractor.close()
    assert (report.extracted, report.batches) == (5, 3)
    assert warehouse_snapshot(dask.duckdb_path, TABLES) == warehouse_snapshot(single.duckdb_path, TABLES)
