"""The whole pipeline on a sample of real news beyond the seeds: every blocking check must pass.

The seeds are five articles about one story; a rule or an expectation that only holds for them shows up
here. The sample takes every 10th BBC article (all five sections, no publication dates) and every 12th
TimeBank/AQUAINT document, ingested with its DCT as the sidecar's ``published`` date.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from news_intel.scoring.timeml import read_timeml_dir
from news_intel.scoring.timexes import export
from tests.conftest import corpus_dir, run_pipeline

pytestmark = pytest.mark.e2e


def test_a_sample_of_real_news_builds_with_every_check_passing(tmp_path, monkeypatch, dbt_manifest):
    bbc = corpus_dir("bbc")
    timebank = corpus_dir("timebank")
    folder = tmp_path / "in"
    for i, path in enumerate(sorted(bbc.rglob("*.txt"))):
        if i % 10 == 0 and path.name != "README.TXT":
            dest = folder / "bbc" / path.relative_to(bbc)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    timeml = read_timeml_dir(timebank)[::12]
    export(timeml, folder / "timeml")

    result = run_pipeline(folder, tmp_path / "news.duckdb", monkeypatch)
    evaluations = result.get_asset_check_evaluations()
    failed = [f"{e.asset_key.to_user_string()}/{e.check_name}: {e.description}" for e in evaluations
              if not e.passed and e.severity.value == "ERROR"]
    assert failed == []
    assert result.success

    con = duckdb.connect(str(tmp_path / "news.duckdb"), read_only=True)
    try:
        articles, dated = con.execute("SELECT count(*), count(published_date) FROM articles").fetchone()
        assert articles >= 200 and dated == len(timeml)
        assert con.execute("SELECT count(*) FROM rejected_files").fetchone()[0] == 0
        # Every extractor found something in real news, and the marts are built over it.
        for table in ("entities", "quotes", "timexes", "actor_references", "actor_mentions", "quotes_by_speaker"):
            assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
        # Relative dates in dated articles resolve against their own publication date.
        resolved = con.execute(
            "SELECT count(*) FROM timexes t JOIN articles a USING (article_id) "
            "WHERE a.published_date IS NOT NULL AND t.anchor_date = a.published_date"
        ).fetchone()[0]
        assert resolved > 0
    finally:
        con.close()
