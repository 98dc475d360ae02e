"""The seed articles' hand-annotated quotations: every span found with its kind, and the speakers right."""
from __future__ import annotations

import pytest


def _gold_quotes(seeds_gold):
    for name, article in seeds_gold["articles"].items():
        for q in article.get("quotes", []):
            yield name, q


def _row_at(doc, start, end):
    return next((r for r in doc._.quote_rows if (r["start_char"], r["end_char"]) == (start, end)), None)


def test_every_gold_quote_is_found_with_its_kind(seed_docs, seeds_gold):
    missing, wrong_kind = [], []
    for name, q in _gold_quotes(seeds_gold):
        row = _row_at(seed_docs[name], q["start"], q["end"])
        if row is None:
            missing.append((name, q["text"]))
        elif row["kind"] != q["kind"]:
            wrong_kind.append((name, q["text"], row["kind"], q["kind"]))
    assert not missing
    assert not wrong_kind


def test_at_least_17_of_19_speakers_right(seed_docs, seeds_gold):
    scored, right, wrong = 0, 0, []
    for name, q in _gold_quotes(seeds_gold):
        if q["kind"] == "scare":
            continue
        scored += 1
        row = _row_at(seed_docs[name], q["start"], q["end"])
        if row is not None and row["speaker"] == q["speaker"]:
            right += 1
        else:
            wrong.append((q["text"][:40], q["speaker"], row and row["speaker"]))
    assert scored == 18
    assert right >= 17, wrong


def test_no_extra_marked_quotes_in_the_seeds(seed_docs, seeds_gold):
    """Quote marks in the seeds are all annotated: anything else marked would be a pairing error."""
    for name, article in seeds_gold["articles"].items():
        gold = {(q["start"], q["end"]) for q in article.get("quotes", [])}
        extra = [r["quote_text"] for r in seed_docs[name]._.quote_rows if r["kind"] != "indirect" and (r["start_char"], r["end_char"]) not in gold]
        assert not extra, (name, extra)


@pytest.mark.parametrize(
    "name, gist, speaker",
    [
        ("001_6ff38f1c0ac05301.txt", "China’s reluctance", "Patrick Ryder"),
        ("003_6699216b4da5ad67.txt", "since 2021 China had declined", "a senior US defence official"),
    ],
)
def test_indirect_speech_in_the_seeds(seed_docs, name, gist, speaker):
    rows = [r for r in seed_docs[name]._.quote_rows if r["kind"] == "indirect" and gist in r["quote_text"]]
    assert rows and rows[0]["speaker"] == speaker


def test_offsets_are_exact_slices_of_the_article(seed_docs):
    for doc in seed_docs.values():
        for r in doc._.quote_rows:
            assert doc.text[r["start_char"]:r["end_char"]] == r["quote_text"]
            assert r["kind"] in ("direct", "partial", "scare", "indirect")
            if r["kind"] == "scare":
                assert r["speaker"] is None
