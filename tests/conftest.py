"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "seeds"
# The hand annotations of the seeds, copied from the team's shared gold file: the project's spec by example.
SEEDS_GOLD = REPO / "tests" / "data" / "seeds_gold.json"
SHARED = REPO.parent / "shared"
# The public corpora (README, "Quality, measured"): NEWS_CORPORA_DIR, else the team's copy beside the checkout.
CORPORA = Path(os.environ["NEWS_CORPORA_DIR"]) if os.environ.get("NEWS_CORPORA_DIR") else SHARED / "corpora"
DBT_DIR = REPO / "dbt"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``slow`` run only when selected (``-m slow``): the normal suite stays within its budget."""
    if "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def nlp():
    from news_intel.nlp.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_docs(nlp):
    """Every seed article run through the full pipeline once: {file name: Doc}."""
    from news_intel.ingest.reading import read_article_file
    from news_intel.nlp.pipeline import ArticleInput, make_docs

    inputs, names = [], []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        art = read_article_file(path, root=SEEDS_DIR)
        inputs.append(ArticleInput(art.article_id, art.text, art.published_date))
        names.append(path.name)
    return dict(zip(names, nlp.pipe(make_docs(nlp, inputs))))


def corpus_dir(*parts: str) -> Path:
    """A folder of the corpora, or skip the test when it is absent (a fresh clone has none)."""
    path = CORPORA.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"corpus not available: {path}")
    return path


@pytest.fixture(scope="session")
def dbt_manifest():
    """dbt's manifest, which @dbt_assets reads at import time: parsed as `news-intel run` does, only when
    missing or older than a file of the dbt project (`make test` has just parsed it).

    Request it by name; a module that imports it gets a fixture of its own, which parses again."""
    from news_intel.cli import ensure_dbt_manifest

    ensure_dbt_manifest()
    return DBT_DIR / "target" / "manifest.json"


def run_pipeline(input_dir: Path, duckdb_path: Path, monkeypatch):
    """The whole Dagster job over ``input_dir`` into ``duckdb_path``, with an ephemeral instance."""
    import dagster as dg

    from dagster_project.definitions import JOB_NAME, build_definitions
    from news_intel.settings import Settings

    monkeypatch.setenv("NEWS_DUCKDB_PATH", str(duckdb_path))
    defs = build_definitions(Settings(input_dir=input_dir, duckdb_path=duckdb_path))
    return defs.resolve_job_def(JOB_NAME).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory, dbt_manifest):
    """(path, run result) of one whole-pipeline build on seeds/, shared by every test that only reads it
    (a build costs about a minute). Tests that write must work on a copy."""
    tmp = tmp_path_factory.mktemp("seeds_warehouse")
    mp = pytest.MonkeyPatch()
    try:
        result = run_pipeline(SEEDS_DIR, tmp / "news.duckdb", mp)
    finally:
        mp.undo()
    return tmp / "news.duckdb", result


def warehouse_snapshot(duckdb_path: Path, relations: list[str] | None = None, *, views: bool = False,
                       columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Rows of each relation (default: every base table, with ``views`` every view too), sorted, with the
    run's timestamp columns left out, so two warehouses, or one before and after a re-run, compare equal
    exactly when their content does. ``columns`` names the only columns that count of some relations."""
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        if relations is None:
            listing = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
                       if views else "SELECT table_name FROM duckdb_tables() ORDER BY 1")
            relations = [r[0] for r in con.execute(listing).fetchall()]
        out = {}
        for name in relations:
            cols = (columns or {}).get(name) or [
                c[0] for c in con.execute(f'DESCRIBE "{name}"').fetchall() if not c[1].startswith("TIMESTAMP")]
            quoted = ", ".join(f'"{c}"' for c in cols)
            out[name] = sorted(con.execute(f'SELECT {quoted} FROM "{name}"').fetchall(), key=repr)
        return out
    finally:
        con.close()


def count(duckdb_path: Path, sql: str) -> int:
    """The one value ``sql`` returns from the warehouse, read without taking its write lock."""
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()
