"""int_engagement_events on hand-made mentions: which mentions of one article are one refusal.

The model's SQL runs in an in-memory DuckDB with its two refs as tables (the model uses no other Jinja),
so the clustering rule is checked without a Dagster or dbt run.
"""
from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from tests.conftest import DBT_DIR

MODEL = DBT_DIR / "models" / "intermediate" / "int_engagement_events.sql"
MENTION_COLUMNS = {
    "article_id": "VARCHAR", "sentence_idx": "INTEGER", "start_char": "INTEGER", "end_char": "INTEGER",
    "trigger": "VARCHAR", "kind": "VARCHAR", "decliner": "VARCHAR", "requester": "VARCHAR",
    "decliner_actor": "VARCHAR", "requester_actor": "VARCHAR", "engagement": "VARCHAR",
    "engagement_type": "VARCHAR", "scope": "VARCHAR", "claimed_count_min": "INTEGER",
    "claimed_count_max": "INTEGER", "anchors": "VARCHAR", "in_quote": "BOOLEAN", "time_start": "DATE",
    "time_end": "DATE", "time_open_ended": "BOOLEAN",
}


def _model_sql() -> str:
    sql = MODEL.read_text(encoding="utf-8")
    return re.sub(r"\{\{\s*ref\('(\w+)'\)\s*\}\}", r"\1", sql)


def _events(mentions: list[dict], published: dict[str, date]) -> list[tuple]:
    con = duckdb.connect()
    con.execute("create table stg_engagement_mentions (" + ", ".join(f"{c} {t}" for c, t in MENTION_COLUMNS.items()) + ")")
    con.execute("create table stg_articles (article_id varchar, published_date date)")
    for m in mentions:
        row = {c: None for c in MENTION_COLUMNS} | {"kind": "declined", "scope": "single", "in_quote": False,
                                                   "time_open_ended": False, "end_char": m["start_char"] + 10} | m
        con.execute(f"insert into stg_engagement_mentions values ({', '.join('?' for _ in MENTION_COLUMNS)})",
                    [row[c] for c in MENTION_COLUMNS])
    con.executemany("insert into stg_articles values (?, ?)", list(published.items()))
    rows = con.execute(f"select article_id, start_char, event_id from ({_model_sql()}) order by article_id, start_char").fetchall()
    con.close()
    return rows


def _mention(article: str, start: int, day: date | None = None) -> dict:
    return {"article_id": article, "start_char": start, "decliner": "Israel", "requester": "Palestine",
            "time_start": day, "time_end": day}


def test_two_refusals_of_one_pair_on_different_dates_in_one_article_are_two_events():
    rows = _events([_mention("a", 0, date(2024, 3, 5)), _mention("a", 100, date(2024, 6, 10)),
                    _mention("a", 200)], {"a": date(2024, 7, 1)})
    events = [e for _, _, e in rows]
    assert len(set(events)) == 2
    # The undated mention after the June one tells the June refusal.
    assert events[2] == events[1] != events[0]


def test_one_refusal_told_three_times_in_one_article_is_one_event():
    rows = _events([_mention("a", 0, date(2024, 3, 5)), _mention("a", 100), _mention("a", 200, date(2024, 3, 5))],
                   {"a": date(2024, 3, 20)})
    assert len({e for _, _, e in rows}) == 1


@pytest.mark.parametrize("second", [date(2024, 3, 6), None])
def test_two_articles_reporting_the_march_refusal_share_its_event(second):
    rows = _events([_mention("a", 0, date(2024, 3, 5)), _mention("a", 100, date(2024, 6, 10)),
                    _mention("b", 0, second)], {"a": date(2024, 7, 1), "b": date(2024, 3, 20)})
    by_start = {(a, s): e for a, s, e in rows}
    assert by_start[("b", 0)] == by_start[("a", 0)] != by_start[("a", 100)]
