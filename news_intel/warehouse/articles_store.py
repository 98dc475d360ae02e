"""Writing the ingestion tables so the warehouse mirrors the input folder, idempotently."""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from news_intel.ingest.scan import ScanResult
from news_intel.warehouse.connection import transaction

_ARTICLE_COLUMNS = [
    "article_id", "source_file", "title", "dateline", "published_date", "published_date_source",
    "source", "url", "text", "n_words",
]


@dataclass(frozen=True)
class IngestionCounts:
    articles: int
    added: int
    removed: int
    updated: int
    files: int
    rejected: int


def store_scan(con: duckdb.DuckDBPyConnection, scan: ScanResult) -> IngestionCounts:
    """Make ``articles``/``article_files``/``rejected_files`` describe exactly this scan, in one transaction.

    Articles already present keep their ``ingested_at``; articles whose files are gone are removed
    (their extraction rows are removed by the extraction step).
    """
    incoming = _incoming_tables(scan)
    for name, table in incoming.items():
        con.register(name, table)
    try:
        with transaction(con):
            removed, updated, added = _merge_articles(con)
            _replace_files_and_rejections(con)
    finally:
        for name in incoming:
            con.unregister(name)
    return IngestionCounts(
        articles=len(scan.articles), added=added, removed=removed, updated=updated,
        files=len(scan.article_files), rejected=len(scan.rejections),
    )


# What an input can change about an article it already holds (the text cannot: it is the article's id).
_METADATA_COLUMNS = ["source_file", "title", "dateline", "published_date", "published_date_source", "source", "url"]


def _incoming_tables(scan: ScanResult) -> dict[str, pa.Table]:
    articles = pa.table(
        {c: [getattr(a, c) for a in scan.articles] for c in _ARTICLE_COLUMNS},
        schema=pa.schema([
            ("article_id", pa.string()), ("source_file", pa.string()), ("title", pa.string()),
            ("dateline", pa.string()), ("published_date", pa.date32()), ("published_date_source", pa.string()),
            ("source", pa.string()), ("url", pa.string()), ("text", pa.string()), ("n_words", pa.int32()),
        ]),
    )
    files = pa.table(
        {"article_id": [f.article_id for f in scan.article_files],
         "source_file": [f.source_file for f in scan.article_files],
         "source_record": [f.source_record for f in scan.article_files]},
        schema=pa.schema([("article_id", pa.string()), ("source_file", pa.string()), ("source_record", pa.string())]),
    )
    rejected = pa.table(
        {"source_file": [r.source_file for r in scan.rejections], "reason": [r.reason for r in scan.rejections],
         "source_record": [r.source_record for r in scan.rejections]},
        schema=pa.schema([("source_file", pa.string()), ("reason", pa.string()), ("source_record", pa.string())]),
    )
    return {"incoming_articles": articles, "incoming_files": files, "incoming_rejections": rejected}


def _merge_articles(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    """(removed, updated, added): articles gone from the inputs deleted, changed metadata updated, new ones
    inserted with this run's ``ingested_at``."""
    removed = con.execute(
        "SELECT count(*) FROM articles WHERE article_id NOT IN (SELECT article_id FROM incoming_articles)"
    ).fetchone()[0]
    con.execute("DELETE FROM articles WHERE article_id NOT IN (SELECT article_id FROM incoming_articles)")
    changed = " OR ".join(f"articles.{c} IS DISTINCT FROM i.{c}" for c in _METADATA_COLUMNS)
    updated = con.execute(
        f"SELECT count(*) FROM articles JOIN incoming_articles i USING (article_id) WHERE {changed}"
    ).fetchone()[0]
    assignments = ", ".join(f"{c} = i.{c}" for c in _METADATA_COLUMNS)
    con.execute(
        f"UPDATE articles SET {assignments} FROM incoming_articles i "
        f"WHERE articles.article_id = i.article_id AND ({changed})"
    )
    added = con.execute(
        """
        INSERT INTO articles
        SELECT i.article_id, i.source_file, i.title, i.dateline, i.published_date, i.published_date_source,
               i.source, i.url, i.text, i.n_words, now()
        FROM incoming_articles i
        WHERE i.article_id NOT IN (SELECT article_id FROM articles)
        """
    ).fetchone()[0]
    return removed, updated, added


def _replace_files_and_rejections(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM article_files")
    con.execute(
        "INSERT INTO article_files (article_id, source_file, source_record) "
        "SELECT article_id, source_file, source_record FROM incoming_files"
    )
    con.execute("DELETE FROM rejected_files")
    con.execute(
        "INSERT INTO rejected_files (source_file, reason, detected_at, source_record) "
        "SELECT source_file, reason, now(), source_record FROM incoming_rejections"
    )
