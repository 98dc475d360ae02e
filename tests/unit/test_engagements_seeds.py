"""The declined-engagements component over the five seed articles, scored against the seeds gold."""
from __future__ import annotations

import re


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def _sentence_of(doc, row) -> str:
    return _norm(doc[doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand").start].sent.text
                 if doc.char_span(row["start_char"], row["end_char"], alignment_mode="expand") else "")


def _rows_containing(doc, phrase: str) -> list[dict]:
    """Rows whose span or sentence contains the phrase (the gold's definition of "found")."""
    phrase = _norm(phrase)
    hits = []
    for row in doc._.engagement_rows:
        span = _norm(doc.text[row["start_char"]:row["end_char"]])
        if phrase in span or phrase in _sentence_of(doc, row):
            hits.append(row)
    return hits


def test_at_least_11_of_the_13_gold_mentions_are_found_with_gold_roles(seed_docs, seeds_gold):
    found, missed = 0, []
    for event in seeds_gold["events"]:
        for m in event["mentions"]:
            rows = _rows_containing(seed_docs[m["article"]], m["phrase"])
            ok = [r for r in rows if r["decliner"] == event["decliner"] and r["requester"] == event["requester"]]
            if ok:
                found += 1
            else:
                missed.append((m["phrase"], rows))
    total = sum(len(e["mentions"]) for e in seeds_gold["events"])
    assert total == 13
    assert found >= 11, missed


def test_kinds_match_the_gold(seed_docs, seeds_gold):
    allowed = {"declined": {"declined"}, "rebuffed or ignored": {"declined", "ignored"},
               "declined or unanswered": {"declined", "ignored"}, "cancelled": {"cancelled"},
               "postponed": {"postponed"}}
    for event in seeds_gold["events"]:
        for m in event["mentions"]:
            for row in _rows_containing(seed_docs[m["article"]], m["phrase"]):
                assert row["kind"] in allowed[event["kind"]], (m["phrase"], row)


def test_no_gold_look_alike_is_a_mention(seed_docs, seeds_gold):
    for item in seeds_gold["not_events"]:
        doc = seed_docs[item["article"]]
        phrase = _norm(item["phrase"])
        for row in doc._.engagement_rows:
            assert phrase not in _norm(doc.text[row["start_char"]:row["end_char"]]), (item, row)
            assert phrase not in _norm(row["engagement"] or ""), (item, row)


def test_claimed_counts_match_the_gold(seed_docs):
    rows = _rows_containing(seed_docs["001_6ff38f1c0ac05301.txt"], "declined or failed to respond to over a dozen requests")
    assert rows and rows[0]["claimed_count_min"] == 13 and rows[0]["claimed_count_max"] is None
    rows = _rows_containing(seed_docs["003_6699216b4da5ad67.txt"], "declined or not responded to more than a dozen requests")
    assert rows and rows[0]["claimed_count_min"] == 13
    rows = _rows_containing(seed_docs["003_6699216b4da5ad67.txt"], "scrapping three avenues of military communication")
    assert rows and (rows[0]["claimed_count_min"], rows[0]["claimed_count_max"]) == (3, 3)
    assert rows[0]["kind"] == "cancelled"


def test_person_level_roles_of_the_shangri_la_refusal(seed_docs):
    rows = _rows_containing(seed_docs["004_94b5ac11bc643bbe.txt"], "declined a request from Washington to meet")
    assert rows[0]["decliner_actor"] == "Li Shangfu"
    assert rows[0]["requester_actor"] == "Lloyd Austin"
    rows = _rows_containing(seed_docs["001_6ff38f1c0ac05301.txt"], "they have declined our early May invitation")
    assert (rows[0]["decliner"], rows[0]["requester"]) == ("China", "United States")
    assert rows[0]["in_quote"] is True


def test_blinken_postponement_is_the_us_declining_china(seed_docs):
    rows = _rows_containing(seed_docs["000_71c20167b2b29ed1.txt"], "indefinitely postponed his planned meeting")
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["decliner"], row["requester"]) == ("postponed", "United States", "China")
    assert (row["decliner_actor"], row["requester_actor"]) == ("Antony Blinken", "Xi Jinping")


def test_offsets_are_inside_the_article_and_rows_are_complete(seed_docs):
    for doc in seed_docs.values():
        for row in doc._.engagement_rows:
            assert 0 <= row["start_char"] < row["end_char"] <= len(doc.text)
            assert row["kind"] in {"declined", "ignored", "cancelled", "postponed"}
            assert row["decliner"] is None or row["decliner"] != row["requester"]
