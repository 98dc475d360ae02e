"""Small Markdown previews of warehouse tables, for run metadata and logs (no orchestrator imports).

Each preview is a query over the marts; a mart that does not exist yet (an extractor not landed, a
model renamed) yields no preview rather than an error, so a preview can never fail a run.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from news_intel.warehouse.connection import connect


@dataclass(frozen=True)
class Preview:
    name: str
    title: str
    relation: str
    sql: str


PREVIEWS: tuple[Preview, ...] = (
    Preview(
        "top_actors",
        "Most mentioned actors",
        "actor_mentions",
        "SELECT actor, actor_type, country, mentions, articles FROM actor_mentions "
        "ORDER BY mentions DESC, actor LIMIT 10",
    ),
    Preview(
        "declined_engagement_counts",
        "Who declined whom",
        "declined_engagement_counts",
        "SELECT decliner, requester, events, mentions, articles FROM declined_engagement_counts "
        "ORDER BY events DESC, mentions DESC, decliner, requester NULLS LAST LIMIT 10",
    ),
    Preview(
        "top_speakers",
        "Most quoted speakers",
        "quotes_by_speaker",
        "SELECT speaker, quotes, articles FROM quotes_by_speaker ORDER BY quotes DESC, speaker LIMIT 10",
    ),
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    # A pipe or newline inside a cell would break the Markdown table.
    return str(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def query_markdown(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return markdown_table(columns, cursor.fetchall())


def relation_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{name: 'table' or 'view'} for the main schema."""
    rows = con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall()
    return {name: ("view" if kind == "VIEW" else "table") for name, kind in rows}


def row_counts_markdown(con: duckdb.DuckDBPyConnection, names: list[str]) -> str:
    relations = relation_names(con)
    rows = [(n, relations[n], con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names if n in relations]
    return markdown_table(["relation", "kind", "rows"], rows)


def warehouse_previews(duckdb_path: Path) -> dict[str, str]:
    """{preview name: Markdown} for every preview whose mart exists, plus ``row_counts`` of every relation."""
    with connect(duckdb_path, read_only=True) as con:
        relations = relation_names(con)
        out = {"row_counts": row_counts_markdown(con, sorted(relations))}
        for preview in PREVIEWS:
            if preview.relation in relations:
                out[preview.name] = f"**{preview.title}**\n\n" + query_markdown(con, preview.sql)
    return out
