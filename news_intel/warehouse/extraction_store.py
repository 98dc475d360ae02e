"""Reading what needs extracting and writing extraction rows, one transaction per batch.

A batch is the unit of work and of recovery: its rows for every table and its ``extractions`` entries are
committed together, so a run killed at any point leaves whole batches behind and the next run picks up
the articles that have no current entry.
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from news_intel.nlp.pipeline import ArticleInput
from news_intel.nlp.tables import TableSpec
from news_intel.warehouse.connection import transaction


def pending_article_ids(con: duckdb.DuckDBPyConnection, model: str, version: str) -> list[str]:
    """Articles without rows from this model and extractor version (or whose publication date changed)."""
    return [r[0] for r in con.execute(
        """
        SELECT a.article_id FROM articles a LEFT JOIN extractions e USING (article_id)
        WHERE e.article_id IS NULL OR e.spacy_model <> ? OR e.extractor_version <> ?
           OR e.published_date IS DISTINCT FROM a.published_date
        ORDER BY a.article_id
        """,
        [model, version],
    ).fetchall()]


def load_inputs(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> list[ArticleInput]:
    con.register("wanted_ids", pd.DataFrame({"article_id": list(article_ids)}))
    try:
        rows = con.execute(
            "SELECT a.article_id, a.text, a.published_date FROM articles a JOIN wanted_ids USING (article_id) "
            "ORDER BY a.article_id"
        ).fetchall()
    finally:
        con.unregister("wanted_ids")
    return [ArticleInput(aid, text, published) for aid, text, published in rows]


def prune_removed(con: duckdb.DuckDBPyConnection, specs: Sequence[TableSpec]) -> int:
    """Drop extraction rows of articles no longer in ``articles``; returns how many articles that was."""
    with transaction(con):
        gone = con.execute(
            "SELECT count(*) FROM extractions WHERE article_id NOT IN (SELECT article_id FROM articles)"
        ).fetchone()[0]
        for spec in specs:
            con.execute(f"DELETE FROM {spec.name} WHERE article_id NOT IN (SELECT article_id FROM articles)")
        con.execute("DELETE FROM extractions WHERE article_id NOT IN (SELECT article_id FROM articles)")
    return gone


def write_batch(
    con: duckdb.DuckDBPyConnection,
    specs: Sequence[TableSpec],
    results: Sequence[tuple[str, dict[str, list[dict]]]],
    inputs: Sequence[ArticleInput],
    model: str,
    version: str,
) -> dict[str, int]:
    """Replace every table's rows for the batch's articles, atomically. Returns rows written per table."""
    ids = pd.DataFrame({"article_id": [aid for aid, _ in results]})
    published = {a.article_id: a.published for a in inputs}
    done = pd.DataFrame({
        "article_id": [aid for aid, _ in results],
        "spacy_model": model,
        "extractor_version": version,
        "published_date": pd.Series([published.get(aid) for aid, _ in results], dtype="object"),
    })
    written: dict[str, int] = {}
    con.register("batch_ids", ids)
    con.register("batch_done", done)
    try:
        with transaction(con):
            for spec in specs:
                con.execute(f"DELETE FROM {spec.name} WHERE article_id IN (SELECT article_id FROM batch_ids)")
                rows = [r for _, tables in results for r in tables.get(spec.name, ())]
                written[spec.name] = len(rows)
                if not rows:
                    continue
                cols = ["article_id", *spec.column_names]
                frame = pd.DataFrame.from_records(rows, columns=cols)
                con.register("batch_rows", frame)
                quoted = ", ".join(f'"{c}"' for c in cols)
                con.execute(f"INSERT INTO {spec.name} ({quoted}) SELECT {quoted} FROM batch_rows")
                con.unregister("batch_rows")
            con.execute("DELETE FROM extractions WHERE article_id IN (SELECT article_id FROM batch_ids)")
            con.execute(
                "INSERT INTO extractions SELECT article_id, spacy_model, extractor_version, "
                "CAST(published_date AS DATE), now() FROM batch_done"
            )
    finally:
        con.unregister("batch_ids")
        con.unregister("batch_done")
    return written
