"""A plain-text account of what the warehouse holds, for terminals and logs."""
from __future__ import annotations

from pathlib import Path

from news_intel.warehouse.connection import connect


def table_row_counts(duckdb_path: Path) -> list[tuple[str, str, int]]:
    """(name, 'table' or 'view', rows) for every relation in the main schema."""
    with connect(duckdb_path, read_only=True) as con:
        relations = con.execute(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_type, table_name"
        ).fetchall()
        return [
            (name, "view" if kind == "VIEW" else "table", con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name, kind in relations
        ]


def print_warehouse_summary(duckdb_path: Path) -> None:
    if not Path(duckdb_path).exists():
        print(f"No warehouse at {duckdb_path}")
        return
    print(f"Rows in {duckdb_path}:")
    for name, kind, rows in table_row_counts(duckdb_path):
        print(f"  {name:<32} {kind:<5} {rows:>9,}")
