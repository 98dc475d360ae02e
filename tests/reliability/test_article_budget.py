"""No article can hang a run: one past its time budget is stopped (its worker process killed and replaced),
lands in ``extraction_errors`` as a ``timeout``, and every other article of the batch is written.

The hang is a regex that backtracks without end, inside C code, where no Python-level alarm reaches it.
"""
from __future__ import annotations

import os
import re

import duckdb
import pytest
import spacy
from spacy.language import Language

from news_intel.extraction import local_batch_extractor, run_extraction
from news_intel.extraction_pool import DIED_COMPONENT, TIMEOUT_COMPONENT
from news_intel.ingestion import run_ingestion
from news_intel.settings import Settings

# Exponential backtracking: (a+)+ has 2^n ways to split the run of a's, and none of them is followed by b.
_BACKTRACKS = re.compile(r"(a+)+b")


@Language.component("budget_test_hang")
def hang(doc):
    if "HANG" in doc.text:
        _BACKTRACKS.match("a" * 64)
    if "DIE" in doc.text:
        os._exit(3)  # a crash in compiled code: the process is gone without a Python exception
    return doc


def hang_build(model: str, reference_dir: str) -> Language:
    """The pipeline a worker builds in these tests (imported by name in the worker process)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("budget_test_hang")
    return nlp


def _folder(tmp_path, texts: dict[str, str]):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _outcome(duckdb_path):
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        extracted = {r[0] for r in con.execute(
            "SELECT a.source_file FROM extractions x JOIN articles a USING (article_id)").fetchall()}
        errors = dict(con.execute(
            "SELECT a.source_file, e.component FROM extraction_errors e JOIN articles a USING (article_id)").fetchall())
        messages = [r[0] for r in con.execute("SELECT error FROM extraction_errors").fetchall()]
    finally:
        con.close()
    return extracted, errors, messages


TEXTS = {f"fine{i}.txt": f"Officials said on Monday that talks number {i} went well.\n" for i in range(7)}


@pytest.mark.parametrize("processes", [1, 2])
def test_a_hung_article_times_out_and_the_rest_of_the_batch_is_written(tmp_path, processes):
    folder = _folder(tmp_path, {**TEXTS, "hung.txt": "This article makes the HANG component backtrack.\n"})
    settings = Settings(input_dir=folder, duckdb_path=tmp_path / "w.duckdb", n_process=processes, batch_size=4,
                        article_seconds_per_10k_chars=1.0, article_min_seconds=2.0)
    run_ingestion(settings)
    extractor = local_batch_extractor(settings, build=hang_build)
    try:
        report = run_extraction(settings.duckdb_path, settings, batch_extractor=extractor)
        assert extractor.pool.processes == processes and extractor.pool.timeouts >= 1
    finally:
        extractor.close()
    extracted, errors, messages = _outcome(settings.duckdb_path)
    assert report.extracted == len(TEXTS) + 1
    assert extracted == {*TEXTS, "hung.txt"}  # the hung article is done too: recorded, not retried every run
    assert errors == {"hung.txt": TIMEOUT_COMPONENT}
    assert messages[0].startswith("timeout: ")
    # Recorded, not retried: a second run has nothing left to do.
    assert run_extraction(settings.duckdb_path, settings, batch_extractor=lambda inputs: []).pending == 0


def test_a_worker_that_dies_costs_its_article_only(tmp_path):
    folder = _folder(tmp_path, {**TEXTS, "crash.txt": "This article makes the worker DIE.\n"})
    settings = Settings(input_dir=folder, duckdb_path=tmp_path / "w.duckdb", n_process=2, batch_size=8)
    run_ingestion(settings)
    extractor = local_batch_extractor(settings, build=hang_build)
    try:
        run_extraction(settings.duckdb_path, settings, batch_extractor=extractor)
    finally:
        extractor.close()
    extracted, errors, messages = _outcome(settings.duckdb_path)
    assert extracted == {*TEXTS, "crash.txt"}
    assert errors == {"crash.txt": DIED_COMPONENT}
    assert "exit code 3" in messages[0]


def test_a_hung_article_times_out_on_a_dask_worker(tmp_path):
    pytest.importorskip("dask.distributed")
    from news_intel.distributed import dask_batch_extractor

    folder = _folder(tmp_path, {**TEXTS, "hung.txt": "This article makes the HANG component backtrack.\n"})
    settings = Settings(input_dir=folder, duckdb_path=tmp_path / "w.duckdb", dask_scheduler="local:2",
                        batch_size=8, article_seconds_per_10k_chars=1.0, article_min_seconds=2.0)
    run_ingestion(settings)
    extractor = dask_batch_extractor(settings, build=hang_build)
    try:
        run_extraction(settings.duckdb_path, settings, batch_extractor=extractor)
    finally:
        extractor.close()
    extracted, errors, _ = _outcome(settings.duckdb_path)
    assert extracted == {*TEXTS, "hung.txt"}
    assert errors == {"hung.txt": TIMEOUT_COMPONENT}
