"""One article that breaks a component costs that article only: the batch and the run go on, and the
article is recorded in ``extraction_errors`` with the component and the error."""
from __future__ import annotations

import duckdb
import pytest
import spacy
from spacy.language import Language

from news_intel.extraction import run_extraction
from news_intel.ingestion import run_ingestion
from news_intel.nlp.pipeline import EXTRACTION_ERRORS, ArticleInput, extract
from news_intel.settings import Settings


@Language.component("reliability_test_boom")
def boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("planted failure")
    return doc


class BatchBoom:
    """A component with its own ``pipe`` (like spaCy's trained pipes): a failure there fails a whole batch."""

    def __call__(self, doc):
        if "BATCHBOOM" in doc.text:
            raise ValueError("planted batch failure")
        return doc

    def pipe(self, docs, batch_size=32):
        for doc in docs:
            yield self(doc)


@Language.factory("reliability_test_batch_boom")
def make_batch_boom(nlp, name):
    return BatchBoom()


def blank_nlp(*components: str) -> Language:
    nlp = spacy.blank("en")
    for c in components:
        nlp.add_pipe(c)
    return nlp


def errors_of(results):
    return {aid: rows.get(EXTRACTION_ERRORS.name, []) for aid, rows in results}


def test_failing_component_costs_one_article(tmp_path):
    nlp = blank_nlp("reliability_test_boom")
    inputs = [ArticleInput(f"a{i}", "BOOM here" if i in (1, 4) else f"Fine text {i}.") for i in range(6)]
    results = list(extract(nlp, inputs, batch_size=4))
    assert [aid for aid, _ in results] == [f"a{i}" for i in range(6)]
    errors = errors_of(results)
    assert {aid for aid, e in errors.items() if e} == {"a1", "a4"}
    assert errors["a1"][0]["component"] == "reliability_test_boom"
    assert errors["a1"][0]["error"] == "RuntimeError: planted failure"


def test_failure_in_a_batch_component_is_narrowed_to_its_article():
    nlp = blank_nlp("reliability_test_batch_boom")
    inputs = [ArticleInput(f"b{i}", "BATCHBOOM" if i == 2 else f"Fine {i}.") for i in range(7)]
    results = list(extract(nlp, inputs, batch_size=3))
    assert sorted(aid for aid, _ in results) == [f"b{i}" for i in range(7)]
    errors = errors_of(results)
    assert {aid for aid, e in errors.items() if e} == {"b2"}
    assert "planted batch failure" in errors["b2"][0]["error"]


def test_article_longer_than_max_length_is_an_error_row_not_a_crash():
    nlp = blank_nlp()
    nlp.max_length = 100
    results = list(extract(nlp, [ArticleInput("short", "Short."), ArticleInput("long", "word " * 50)]))
    errors = errors_of(results)
    assert errors["short"] == []
    assert errors["long"][0]["component"] == "tokenizer" and "max_length" in errors["long"][0]["error"]


def test_worker_process_failures_are_recorded_too():
    nlp = blank_nlp("reliability_test_boom")
    inputs = [ArticleInput(f"w{i}", "BOOM" if i == 3 else f"Fine {i}.") for i in range(8)]
    results = list(extract(nlp, inputs, batch_size=2, n_process=2))
    assert sorted(aid for aid, _ in results) == [f"w{i}" for i in range(8)]
    assert {aid for aid, e in errors_of(results).items() if e} == {"w3"}


def test_failed_article_is_stored_in_extraction_errors_and_not_retried(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text("China declined a meeting. Officials said so.\n")
    (inp / "bad.txt").write_text("This one goes BOOM in a component.\n")
    settings = Settings(input_dir=inp, duckdb_path=tmp_path / "w.duckdb", batch_size=8)
    run_ingestion(settings)
    nlp = blank_nlp("reliability_test_boom")
    calls = []

    def extractor(inputs):
        calls.append(len(inputs))
        return list(extract(nlp, inputs))

    report = run_extraction(settings.duckdb_path, settings, batch_extractor=extractor)
    assert report.extracted == 2 and report.rows[EXTRACTION_ERRORS.name] == 1
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT a.source_file, e.component, e.error FROM extraction_errors e JOIN articles a USING (article_id)"
        ).fetchall()
        assert rows == [("bad.txt", "reliability_test_boom", "RuntimeError: planted failure")]
        assert con.execute("SELECT count(*) FROM extractions").fetchone()[0] == 2
    finally:
        con.close()
    # Same code, same article: the failure is on record; it is retried only when the extractor changes.
    assert run_extraction(settings.duckdb_path, settings, batch_extractor=extractor).pending == 0
    assert calls == [2]


def test_failing_component_on_a_dask_worker_costs_one_article(monkeypatch):
    """The distributed path isolates failures the same way (in-process workers share this module; with the
    time budget off they extract in the worker itself, so the planted pipeline is the one they use)."""
    distributed = pytest.importorskip("dask.distributed")
    from news_intel import distributed as news_distributed
    from news_intel.nlp.reference import default_reference_dir

    settings = Settings(spacy_model="boom-test-model", article_seconds_per_10k_chars=0)
    monkeypatch.setitem(news_distributed._WORKER_PIPELINES, (settings.spacy_model, str(default_reference_dir())),
                        blank_nlp("reliability_test_boom"))
    client = distributed.Client(processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None)
    try:
        extractor = news_distributed.dask_batch_extractor(settings, client=client)
        inputs = [ArticleInput(f"a{i}", "BOOM here" if i == 3 else f"Fine text {i}.") for i in range(10)]
        results = extractor(inputs)
    finally:
        client.close()
    assert [aid for aid, _ in results] == [f"a{i}" for i in range(10)]
    errors = errors_of(results)
    assert {aid for aid, e in errors.items() if e} == {"a3"}
    assert errors["a3"][0]["error"] == "RuntimeError: planted failure"
