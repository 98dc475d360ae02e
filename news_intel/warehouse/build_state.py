"""What the last complete build was made from, so a run with nothing new can skip rebuilding.

A build is fingerprinted by everything that decides its contents: the ingested articles and their files,
the rejected files, which model and extractor version extracted each article, the dbt project (models,
seeds, macros, tests) and the Great Expectations suites, and where the BI copy is published. The dbt step
and the publishing step each record the fingerprint they finished with; when the fingerprint of the
warehouse as it stands after ingestion equals both, and no article waits for extraction, a new build would
produce the same tables, so the run stops after ingestion.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from news_intel.nlp.pipeline import EXTRACTION_ERRORS, extractor_version, table_specs
from news_intel.settings import Settings
from news_intel.warehouse.extraction_store import pending_article_ids
from news_intel.warehouse.build_records import DDL, LastBuild, record_build  # noqa: F401 (re-exported)
from news_intel.warehouse.fingerprints import definition_fingerprint


# Columns that describe content; timestamps of when a row was (re)written are left out on purpose.
_CONTENT_COLUMNS = {
    "articles": "article_id, source_file, title, dateline, published_date, published_date_source, source, url",
    "article_files": "article_id, source_file, source_record",
    "rejected_files": "source_file, reason, source_record",
    "extractions": "article_id, spacy_model, extractor_version, published_date",
}

STAGES = ("dbt", "published")


def data_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Order-independent hash of the ingestion and extraction bookkeeping tables.

    Extraction tables are only counted: their rows follow from ``extractions``, and a count still tells
    when something else wrote to them.
    """
    parts = []
    for table, columns in _CONTENT_COLUMNS.items():
        count, total = con.execute(
            f"SELECT count(*), coalesce(sum(hash({columns})), 0)::VARCHAR FROM {table}"
        ).fetchone()
        parts.append(f"{table}:{count}:{total}")
    for spec in [*table_specs(), EXTRACTION_ERRORS]:
        parts.append(f"{spec.name}:{con.execute(f'SELECT count(*) FROM {spec.name}').fetchone()[0]}")
    return "|".join(parts)


def build_fingerprint(con: duckdb.DuckDBPyConnection, settings: Settings) -> str:
    payload = "\n".join([
        data_fingerprint(con), definition_fingerprint(), str(settings.published_path), settings.spacy_model,
    ])
    return hashlib.sha256(payload.encode()).hexdigest()


def last_build_if_current(con: duckdb.DuckDBPyConnection, fingerprint: str, published_path: Path) -> LastBuild | None:
    """The last build, when every stage finished with ``fingerprint`` and its BI copy still exists."""
    con.execute(DDL)
    rows = con.execute("SELECT stage, fingerprint, run_id, built_at FROM warehouse_builds").fetchall()
    by_stage = {stage: (fp, run_id, built_at) for stage, fp, run_id, built_at in rows}
    if any(by_stage.get(stage, (None,))[0] != fingerprint for stage in STAGES):
        return None
    if not Path(published_path).is_file():
        return None
    _, run_id, built_at = by_stage["published"]
    return LastBuild(run_id=run_id, built_at=built_at)


def unchanged_since_last_build(con: duckdb.DuckDBPyConnection, settings: Settings) -> LastBuild | None:
    """The last complete build when rebuilding now would change nothing, else None."""
    if pending_article_ids(con, settings.spacy_model, extractor_version(settings.reference_dir)):
        return None
    return last_build_if_current(con, build_fingerprint(con, settings), settings.published_path)
