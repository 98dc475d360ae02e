"""DDL of the tables the Python side writes. Extraction tables come from the extractors' ``TableSpec``s."""
from __future__ import annotations

import duckdb

from news_intel.nlp.pipeline import EXTRACTION_ERRORS, table_specs

INGESTION_DDL = [
    """
    CREATE TABLE IF NOT EXISTS articles (
        article_id VARCHAR PRIMARY KEY,
        source_file VARCHAR NOT NULL,
        title VARCHAR,
        dateline VARCHAR,
        published_date DATE,
        published_date_source VARCHAR,
        source VARCHAR,
        url VARCHAR,
        text VARCHAR NOT NULL,
        n_words INTEGER NOT NULL,
        ingested_at TIMESTAMP NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS article_files (
        article_id VARCHAR NOT NULL,
        source_file VARCHAR NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS rejected_files (
        source_file VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        detected_at TIMESTAMP NOT NULL
    )
    """,
    # Where in a file an article or a rejected row was ("line 3", "row 2", a WARC record id); null when
    # it is the whole file. Added in place to warehouses built before exports could be read.
    "ALTER TABLE article_files ADD COLUMN IF NOT EXISTS source_record VARCHAR",
    "ALTER TABLE rejected_files ADD COLUMN IF NOT EXISTS source_record VARCHAR",
    # Which articles hold current extraction rows, and under which model and code fingerprint.
    """
    CREATE TABLE IF NOT EXISTS extractions (
        article_id VARCHAR PRIMARY KEY,
        spacy_model VARCHAR NOT NULL,
        extractor_version VARCHAR NOT NULL,
        published_date DATE,
        extracted_at TIMESTAMP NOT NULL
    )
    """,
]

# (table, old name, contract name): see the README's migration notes.
RENAMED_COLUMNS = [("articles", "published_from", "published_date_source")]


def _rename_legacy_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Warehouses built before the column took its contract name are renamed in place, rows kept."""
    for table, old, new in RENAMED_COLUMNS:
        existing = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
            [table],
        ).fetchall()}
        if old in existing and new not in existing:
            con.execute(f'ALTER TABLE {table} RENAME COLUMN "{old}" TO "{new}"')


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    _rename_legacy_columns(con)
    for ddl in INGESTION_DDL:
        con.execute(ddl)
    for spec in [*table_specs(), EXTRACTION_ERRORS]:
        con.execute(spec.ddl())
        # Columns added to a spec after the table was created are added in place.
        existing = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main'",
            [spec.name],
        ).fetchall()}
        for col, typ in spec.columns:
            if col not in existing:
                con.execute(f'ALTER TABLE {spec.name} ADD COLUMN "{col}" {typ.replace(" NOT NULL", "")}')
