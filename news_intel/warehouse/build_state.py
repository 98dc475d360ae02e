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
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from news_intel.nlp.pipeline import EXTRACTION_ERRORS, extractor_version, table_specs
from news_intel.settings import REPO_ROOT, Settings
from news_intel.warehouse.extraction_store import pending_article_ids

DBT_DIR = REPO_ROOT / "dbt"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# dbt's own output folders hold nothing that decides a build's contents.
_DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests", "snapshots", "analyses")

# Columns that describe content; timestamps of when a row was (re)written are left out on purpose.
_CONTENT_COLUMNS = {
    "articles": "article_id, source_file, title, dateline, published_date, published_from, source, url",
    "article_files": "article_id, source_file, source_record",
    "rejected_files": "source_file, reason, source_record",
    "extractions": "article_id, spacy_model, extractor_version, published_date",
}

STAGES = ("dbt", "published")

DDL = """
CREATE TABLE IF NOT EXISTS warehouse_builds (
    stage VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    run_id VARCHAR,
    built_at TIMESTAMP NOT NULL
)
"""


@dataclass(frozen=True)
class LastBuild:
    run_id: str | None
    built_at: datetime


def definition_fingerprint(dbt_dir: Path = DBT_DIR, expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """Hash of every file that defines the dbt build and the validations."""
    digest = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for name in _DBT_INPUTS:
        path = dbt_dir / name
        if path.is_file():
            files.append((f"dbt/{name}", path))
        elif path.is_dir():
            files += [(f"dbt/{p.relative_to(dbt_dir).as_posix()}", p) for p in path.rglob("*") if p.is_file()]
    if expectations_dir.is_dir():
        files += [(f"expectations/{p.name}", p) for p in expectations_dir.glob("*.json")]
    for label, path in sorted(files):
        digest.update(label.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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


def record_build(con: duckdb.DuckDBPyConnection, stage: str, fingerprint: str, run_id: str | None) -> None:
    con.execute(DDL)
    con.execute("DELETE FROM warehouse_builds WHERE stage = ?", [stage])
    con.execute("INSERT INTO warehouse_builds VALUES (?, ?, ?, now())", [stage, fingerprint, run_id])


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
