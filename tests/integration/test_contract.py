"""Every table, model and column that docs/warehouse.md promises exists in a warehouse built from seeds/."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"
ROW = re.compile(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$")


def _outside_parentheses(text: str) -> str:
    depth, kept = 0, []
    for ch in text:
        depth += ch == "("
        if depth == 0:
            kept.append(ch)
        depth -= ch == ")" and depth > 0
    return "".join(kept)


def promised_columns() -> dict[str, list[str]]:
    """Relation -> column names of the documented tables: the backticked names outside parentheses, which
    hold values and examples. Rows that describe a relation in prose ("... with a `pair` label") are skipped:
    their leading cell names another relation, not a column list."""
    promised = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if not m or m.group(1).startswith(("NEWS_", "DAGSTER_")):
            continue
        columns = _outside_parentheses(m.group(2))
        if not re.match(r"\s*`\w+`\s*,", columns):
            continue
        promised[m.group(1)] = [c for c in re.findall(r"`(\w+)`", columns) if c != "..."]
    return promised


def test_the_docs_promise_the_contract_tables():
    promised = promised_columns()
    for table in ("articles", "rejected_files", "sentences", "entities", "quotes", "timexes",
                  "engagement_mentions", "actor_mentions", "declined_engagements",
                  "declined_engagement_counts", "quotes_by_speaker"):
        assert table in promised, table
    assert "published_date_source" in promised["articles"]


def test_every_promised_column_exists(seeds_warehouse):
    path, _ = seeds_warehouse
    con = duckdb.connect(str(path), read_only=True)
    try:
        actual: dict[str, set[str]] = {}
        for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
            actual.setdefault(table, set()).add(column)
    finally:
        con.close()
    missing = {table: sorted(set(cols) - actual.get(table, set()))
               for table, cols in promised_columns().items()
               if table != "validation_failures"}  # created on the first failure only
    assert {t: c for t, c in missing.items() if c} == {}


def test_a_warehouse_with_the_old_column_name_is_renamed_in_place(tmp_path):
    from news_intel.warehouse.schema import ensure_schema

    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    con.execute("CREATE TABLE articles (article_id VARCHAR PRIMARY KEY, source_file VARCHAR NOT NULL, title VARCHAR, "
                "dateline VARCHAR, published_date DATE, published_from VARCHAR, source VARCHAR, url VARCHAR, "
                "text VARCHAR NOT NULL, n_words INTEGER NOT NULL, ingested_at TIMESTAMP NOT NULL)")
    con.execute("INSERT INTO articles VALUES ('a', 'a.txt', NULL, NULL, DATE '2023-05-30', 'sidecar', NULL, NULL, "
                "'Text.', 1, now())")
    ensure_schema(con)
    assert con.execute("SELECT published_date_source FROM articles").fetchall() == [("sidecar",)]
    con.close()
