"""Great Expectations suites run on frames through one batch definition, and each step reads its frames once."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd

from news_intel import validation
from news_intel.settings import REPO_ROOT
from news_intel.validation import Suite, validate

LABELS = Suite(name="labels", asset="entities", query="", expectations=[
    {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "label", "value_set": ["ORG", "GPE"]}},
    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "text"}},
])


def test_each_suite_sees_only_its_own_frame_and_the_context_does_not_grow():
    clean = pd.DataFrame({"label": ["ORG", "GPE"], "text": ["the ministry", "Ruritania"]})
    broken = pd.DataFrame({"label": ["ORG", "PLANET", "GPE", "PLANET"], "text": ["a union", None, "Lagos", "Mars"]})
    outcomes = [validate(frame, LABELS) for frame in (clean, broken, clean, broken)]

    assert [o.passed for o in outcomes] == [True, False, True, False]
    assert all(o.evaluated == 2 for o in outcomes)
    assert [o.rows for o in outcomes] == [2, 4, 2, 4]
    failed = {f.expectation: f for f in outcomes[1].failures}
    in_set = failed["expect_column_values_to_be_in_set"]
    assert (in_set.column, in_set.unexpected_count, in_set.examples, in_set.row_indices) == (
        "label", 2, ["PLANET", "PLANET"], [1, 3])
    assert failed["expect_column_values_to_not_be_null"].row_indices == [1]
    assert outcomes[3].failures == outcomes[1].failures
    # Nothing is registered per suite: the one datasource of the frames, and no suites or definitions.
    context = validation._context
    assert [source.name for source in context.data_sources.all().values()] == ["frames"]
    assert not context.suites.all() and not context.validation_definitions.all()


def test_a_check_step_reads_each_query_once_through_one_connection(tmp_path, monkeypatch):
    from dagster_project.defs import checks
    from news_intel.settings import Settings

    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE entities AS SELECT * FROM (VALUES ('ORG', 'a union'), ('GPE', 'Lagos')) t(label, text)")
    opened = []
    real_connect = checks.connect

    def counting_connect(*args, **kwargs):
        opened.append(kwargs.get("read_only"))
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(checks, "connect", counting_connect)
    query = "SELECT label, text FROM entities"
    blocking = Suite(name="labels", asset="entities", query=query, expectations=LABELS.expectations)
    advisory = Suite(name="labels_quality", asset="entities", query=query, expectations=[])
    other = Suite(name="count", asset="entities", query="SELECT count(*) AS n FROM entities", expectations=[])
    frames = checks._read_frames(Settings(duckdb_path=path), [blocking, advisory, other])

    assert opened == [True]
    assert list(frames) == [query, other.query]
    assert frames[query]["label"].tolist() == ["ORG", "GPE"] and frames[other.query]["n"].tolist() == [2]


def test_the_background_import_leaves_no_half_imported_sqlalchemy_to_the_caller():
    # A fresh interpreter: this one may have imported everything already.
    probe = ("import sys\n"
             "from news_intel.validation import load_in_background\n"
             "loading = load_in_background()\n"
             "exc = sys.modules['sqlalchemy.orm.exc']\n"
             "print(hasattr(exc, 'UnmappedClassError'))\n"
             "loading.join()\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True"]
