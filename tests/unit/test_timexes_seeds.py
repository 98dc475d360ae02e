"""The seed articles' hand-annotated temporal expressions: span, type, value and mod exact."""
from __future__ import annotations

from datetime import date

import pytest


def _gold_timexes(seeds_gold):
    for name, article in seeds_gold["articles"].items():
        for t in article.get("timexes", []):
            yield name, t


def test_gold_lists_timexes_for_two_seeds(seeds_gold):
    assert {name for name, _ in _gold_timexes(seeds_gold)} == {"000_71c20167b2b29ed1.txt", "001_6ff38f1c0ac05301.txt"}


def test_every_gold_timex_found_with_exact_span_type_value_mod(seed_docs, seeds_gold):
    problems = []
    for name, g in _gold_timexes(seeds_gold):
        doc = seed_docs[name]
        end = g["start"] + len(g["text"])
        assert doc.text[g["start"] : end] == g["text"], "gold offsets must index the article text"
        row = next((r for r in doc._.timex_rows if (r["start_char"], r["end_char"]) == (g["start"], end)), None)
        if row is None:
            problems.append((name, g["text"], "not found"))
            continue
        got = (row["timex_type"], row["value"], row["mod"])
        want = (g["type"], g["value"], g["mod"])
        if got != want:
            problems.append((name, g["text"], got, want))
    assert not problems


def test_undated_seed_stays_underspecified(seed_docs):
    doc = seed_docs["000_71c20167b2b29ed1.txt"]
    assert doc._.published is None
    for row in doc._.timex_rows:
        assert row["anchor_date"] is None
        if row["is_relative"]:
            assert row["range_start"] is None and row["range_end"] is None, row


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("this week", date(2023, 5, 29), date(2023, 6, 4)),
        ("June last year", date(2022, 6, 1), date(2022, 6, 30)),
        ("earlier this month", date(2023, 5, 1), date(2023, 5, 31)),
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_dated_seed_gives_calendar_ranges(seed_docs, text, start, end):
    doc = seed_docs["001_6ff38f1c0ac05301.txt"]
    assert doc._.published == date(2023, 5, 30)
    row = next(r for r in doc._.timex_rows if r["text"] == text)
    assert (row["range_start"], row["range_end"]) == (start, end)
