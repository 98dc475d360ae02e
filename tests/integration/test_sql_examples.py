"""Every SQL example in docs/sql_examples.md runs on a seeds build, returns rows, and returns the columns
its documented answer shows."""
from __future__ import annotations

import re

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e

DOC = REPO / "docs" / "sql_examples.md"
# In each "## question" section: the ```sql block, then the Markdown table of its answer.
SQL_THEN_ANSWER_HEADER = re.compile(r"```sql\n(?P<sql>.*?)```\s*(?P<header>\|[^\n]*\|)\n", re.S)


def examples() -> list[tuple[str, str, list[str]]]:
    found = []
    for section in DOC.read_text(encoding="utf-8").split("\n## ")[1:]:
        question = section.splitlines()[0].strip()
        m = SQL_THEN_ANSWER_HEADER.search(section)
        assert m, f"no SQL followed by its answer under: {question}"
        found.append((question, m["sql"], [c.strip() for c in m["header"].strip("|").split("|")]))
    return found


def test_the_doc_has_the_analyst_questions():
    questions = " ".join(q for q, _, _ in examples()).lower()
    assert len(examples()) >= 5
    for topic in ("who declined whom", "derek chollet", "week of 2023-05-29"):
        assert topic in questions


@pytest.fixture(scope="module")
def published(seeds_warehouse):
    path, result = seeds_warehouse
    assert result.success
    # Analysts and BI tools read the published copy, as the doc tells them to.
    con = duckdb.connect(str(path.with_name("news.published.duckdb")), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("question,sql,columns", examples(), ids=[q for q, _, _ in examples()])
def test_example_runs_and_answers(published, question, sql, columns):
    cursor = published.execute(sql)
    rows = cursor.fetchall()
    assert rows, f"no answer on the seeds for: {question}"
    assert [d[0] for d in cursor.description] == columns
