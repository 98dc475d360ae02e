"""declined_engagements / declined_engagement_counts over the seeds: events, not sentences.

Reads the shared warehouse built from seeds/ by the whole Dagster job (Python extraction, dbt models and
tests, GX checks), and checks the marts against the seeds gold.
"""
from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def warehouse(seeds_warehouse):
    """The shared seeds build (see conftest): every check on the engagement assets passed."""
    path, result = seeds_warehouse
    mine = {"engagement_mentions", "stg_engagement_mentions", "int_engagement_events", "declined_engagements",
            "declined_engagement_counts"}
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations()
              if not e.passed]
    assert [f for f in failed if f[0].split("/")[-1] in mine] == []
    assert result.success, failed
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_counts_per_decliner_and_requester(warehouse):
    counts = {(d, r): n for d, r, n in warehouse.execute(
        "SELECT decliner, requester, events FROM declined_engagement_counts").fetchall()}
    assert counts.get(("China", "United States")) == 4
    assert counts.get(("United States", "China")) == 1


def test_the_five_gold_events_with_their_kinds(warehouse, seeds_gold):
    events = warehouse.execute(
        "SELECT decliner, requester, kind, scope, articles, mentions, claimed_count_min, claimed_count_max "
        "FROM declined_engagements").fetchall()
    assert len(events) == 5
    kinds = sorted((d, r, k) for d, r, k, *_ in events)
    assert kinds == sorted([
        ("China", "United States", "declined"),  # Shangri-La meeting
        ("China", "United States", "declined"),  # post-balloon dialogue (rebuffed / ignored)
        ("China", "United States", "declined"),  # requests since 2021
        ("China", "United States", "cancelled"),  # three channels scrapped in August 2022
        ("United States", "China", "postponed"),  # Blinken's meeting with Xi
    ])
    assert len(seeds_gold["events"]) == 5


def test_shangri_la_refusal_is_one_event_reported_by_three_articles(warehouse):
    rows = warehouse.execute(
        "SELECT event_id, articles, mentions FROM declined_engagements "
        "WHERE decliner = 'China' AND kind = 'declined' AND scope = 'single'").fetchall()
    assert len(rows) == 1
    _, articles, mentions = rows[0]
    assert articles == 3
    assert mentions >= 6
    files = {f for (f,) in warehouse.execute(
        "SELECT DISTINCT a.source_file FROM int_engagement_events e JOIN articles a USING (article_id) "
        "WHERE e.event_id = ?", [rows[0][0]]).fetchall()}
    assert files == {"001_6ff38f1c0ac05301.txt", "002_53ef868a971eaf6d.txt", "004_94b5ac11bc643bbe.txt"}


def test_claimed_counts_reach_the_event(warehouse):
    rows = warehouse.execute(
        "SELECT claimed_count_min, articles FROM declined_engagements "
        "WHERE kind = 'declined' AND scope = 'series' AND claimed_count_min IS NOT NULL").fetchall()
    assert rows == [(13, 2)]
    assert warehouse.execute(
        "SELECT claimed_count_min, claimed_count_max FROM declined_engagements WHERE kind = 'cancelled'"
    ).fetchall() == [(3, 3)]


def test_marts_agree_and_trace_back_to_evidence(warehouse):
    disagreements = warehouse.execute("""
        SELECT c.decliner, c.requester
        FROM declined_engagement_counts c
        LEFT JOIN (SELECT decliner, requester, count(*) AS events, sum(mentions) AS mentions
                   FROM declined_engagements GROUP BY ALL) e
          ON e.decliner = c.decliner AND e.requester IS NOT DISTINCT FROM c.requester
        WHERE e.events IS DISTINCT FROM c.events OR e.mentions IS DISTINCT FROM c.mentions
    """).fetchall()
    assert disagreements == []
    untraced = warehouse.execute("""
        SELECT count(*) FROM declined_engagements d
        LEFT JOIN engagement_mentions m ON m.article_id = d.first_article_id AND m.start_char = d.first_start_char
        WHERE m.article_id IS NULL
    """).fetchone()[0]
    assert untraced == 0
