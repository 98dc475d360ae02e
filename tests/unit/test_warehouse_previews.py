"""Markdown previews of the marts for run metadata: escaped cells, ordered rows, absent marts skipped."""
from __future__ import annotations

import duckdb

from news_intel.warehouse.previews import markdown_table, warehouse_previews


def test_cells_with_pipes_and_newlines_stay_in_their_cell():
    md = markdown_table(["a", "b"], [("x|y", "line\nbreak"), (None, 3)])
    assert md.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | line break |", "|  | 3 |"]


def test_previews_of_existing_marts_only(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE actor_mentions (actor VARCHAR, actor_type VARCHAR, country VARCHAR, mentions INT, articles INT)")
    con.execute("INSERT INTO actor_mentions VALUES ('Li Shangfu', 'person', 'CHN', 19, 5), ('China', 'country', 'CHN', 55, 5)")
    con.execute("CREATE VIEW stg_x AS SELECT 1 AS one")
    con.close()
    previews = warehouse_previews(path)
    assert set(previews) == {"row_counts", "top_actors"}  # no engagement or quote marts in this file
    rows = previews["top_actors"].splitlines()
    assert rows[2] == "| actor | actor_type | country | mentions | articles |"
    assert rows[4].startswith("| China |") and rows[5].startswith("| Li Shangfu |")  # most mentioned first
    assert "| actor_mentions | table | 2 |" in previews["row_counts"]
    assert "| stg_x | view | 1 |" in previews["row_counts"]
