"""The input stamp, and when ``news-intel run`` may say "up to date" without starting a run."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from news_intel.settings import Settings
from news_intel.warehouse.build_records import built_from_stamp, confirm_inputs, record_build, record_scan
from news_intel.warehouse.fingerprints import input_stamp
from tests.conftest import SEEDS_DIR


@pytest.fixture()
def settings(tmp_path) -> Settings:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS_DIR, folder)
    published = tmp_path / "w.published.duckdb"
    published.write_bytes(b"")
    return Settings(input_dir=folder, duckdb_path=tmp_path / "w.duckdb")


def test_the_stamp_follows_files_and_settings(settings, tmp_path):
    base = input_stamp(settings)
    assert input_stamp(settings) == base
    article = sorted(settings.input_dir.glob("*.txt"))[0]

    st = article.stat()
    os.utime(article, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    touched = input_stamp(settings)
    assert touched != base

    (settings.input_dir / "new.txt").write_text("Lloyd Austin met Li Shangfu in Singapore on Friday.\n")
    added = input_stamp(settings)
    assert added not in (base, touched)

    (settings.input_dir / "new.txt").unlink()
    assert input_stamp(settings) == touched
    other_model = Settings(input_dir=settings.input_dir, duckdb_path=settings.duckdb_path, spacy_model="en_other")
    assert input_stamp(other_model) != touched


def _complete_build(con, stamp: str, run_id: str) -> None:
    record_scan(con, stamp, run_id)
    record_build(con, "dbt", "fp", run_id)
    record_build(con, "published", "fp", run_id)
    assert confirm_inputs(con, run_id)


def test_only_a_complete_build_of_the_same_stamp_is_up_to_date(settings):
    con = duckdb.connect(str(settings.duckdb_path))
    published = settings.published_path
    assert built_from_stamp(con, "s1", published) is None  # nothing recorded yet

    _complete_build(con, "s1", "run-1")
    last = built_from_stamp(con, "s1", published)
    assert last is not None and last.run_id == "run-1"
    assert built_from_stamp(con, "s2", published) is None

    # A run that ingests and stops before publishing leaves no stamp behind, even for the same inputs.
    record_scan(con, "s1", "run-2")
    record_build(con, "dbt", "fp2", "run-2")
    assert built_from_stamp(con, "s1", published) is None

    # A run that publishes without having ingested (a partial selection) confirms nothing.
    record_build(con, "published", "fp2", "run-3")
    assert not confirm_inputs(con, "run-3")
    assert built_from_stamp(con, "s1", published) is None

    _complete_build(con, "s1", "run-4")
    assert built_from_stamp(con, "s1", published).run_id == "run-4"
    published.unlink()
    assert built_from_stamp(con, "s1", published) is None  # the BI copy is gone: a run rebuilds it
    con.close()
