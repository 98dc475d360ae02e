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
    incoming = pa.table(
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
    con.register("incoming_articles", incoming)
    con.register("incoming_files", files)
    con.register("incoming_rejections", rejected)
    try:
        with transaction(con):
            removed = con.execute(
                "SELECT count(*) FROM articles WHERE article_id NOT IN (SELECT article_id FROM incoming_articles)"
            ).fetchone()[0]
            con.execute("DELETE FROM articles WHERE article_id NOT IN (SELECT article_id FROM incoming_articles)")
            updated = con.execute(
                """
                SELECT count(*) FROM articles a JOIN incoming_articles i USING (article_id)
                WHERE a.source_file IS DISTINCT FROM i.source_file OR a.title IS DISTINCT FROM i.title
                   OR a.dateline IS DISTINCT FROM i.dateline OR a.published_date IS DISTINCT FROM i.published_date
                   OR a.published_date_source IS DISTINCT FROM i.published_date_source OR a.source IS DISTINCT FROM i.source
                   OR a.url IS DISTINCT FROM i.url
                """
            ).fetchone()[0]
            con.execute(
                """
                UPDATE articles SET source_file = i.source_file, title = i.title, dateline = i.dateline,
                    published_date = i.published_date, published_date_source = i.published_date_source,
                    source = i.source, url = i.url
                FROM incoming_articles i
                WHERE articles.article_id = i.article_id AND (
                    articles.source_file IS DISTINCT FROM i.source_file OR articles.title IS DISTINCT FROM i.title
                    OR articles.dateline IS DISTINCT FROM i.dateline
                    OR articles.published_date IS DISTINCT FROM i.published_date
                    OR articles.published_date_source IS DISTINCT FROM i.published_date_source
                    OR articles.source IS DISTINCT FROM i.source OR articles.url IS DISTINCT FROM i.url)
                """
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
    finally:
        for name in ("incoming_articles", "incoming_files", "incoming_rejections"):
            con.unregister(name)
    return IngestionCounts(
        articles=len(scan.articles), added=added, removed=removed, updated=updated,
        files=len(scan.article_files), rejected=len(scan.rejections),
    )
