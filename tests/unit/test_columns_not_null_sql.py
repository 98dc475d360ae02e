"""dbt's columns_not_null test on hand-made tables: it fails with one row per column that holds nulls.

The test's SQL is rendered with Jinja (its only dbt construct is the ``{% test %}`` block around it) and
runs in an in-memory DuckDB, so the rule is checked without a dbt run.
"""
from __future__ import annotations

import re

import duckdb
import jinja2

from tests.conftest import DBT_DIR

GENERIC_TEST = DBT_DIR / "tests" / "generic" / "columns_not_null.sql"


def _failing_rows(rows: list[tuple], columns: list[str]) -> list[tuple]:
    body = re.search(r"\{% test columns_not_null\(model, columns\) %\}(.*)\{% endtest %\}",
                     GENERIC_TEST.read_text(encoding="utf-8"), re.S).group(1)
    sql = jinja2.Template(body).render(model="people", columns=columns)
    con = duckdb.connect()
    con.execute("create table people (name varchar, age integer, town varchar)")
    for row in rows:
        con.execute("insert into people values (?, ?, ?)", row)
    return sorted(con.execute(sql).fetchall())


def test_each_column_with_nulls_is_one_failing_row_with_its_count():
    rows = [("Ann", 40, "Leeds"), ("Bo", None, None), (None, None, "York")]
    assert _failing_rows(rows, ["name", "age", "town"]) == [("age", 2), ("name", 1), ("town", 1)]


def test_columns_without_nulls_pass_even_when_an_unlisted_one_has_some():
    rows = [("Ann", 40, None), ("Bo", 7, None)]
    assert _failing_rows(rows, ["name", "age"]) == []


def test_an_empty_table_passes():
    assert _failing_rows([], ["name"]) == []
