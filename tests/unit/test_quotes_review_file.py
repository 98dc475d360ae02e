"""The PolNeAR speaker review file is rewritten from a run's misses without losing the manual verdicts."""
from __future__ import annotations

import csv

from news_intel.scoring.quotes import GOLD_ARTEFACT, read_speaker_review, write_speaker_review


def _miss(document: str, start: int, predicted: str | None) -> dict:
    return {"document": document, "gold_start": start, "gold_source": "he", "gold_name": "Ann Cole",
            "predicted": predicted, "quote_opening": "We will win."}


def test_rewrite_keeps_verdicts_adds_new_misses_and_drops_fixed_ones(tmp_path):
    path = tmp_path / "review.csv"
    write_speaker_review(path, [_miss("a.txt", 10, "Tom Reyes"), _miss("b.txt", 20, None)])
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["verdict"], rows[0]["reason"] = GOLD_ARTEFACT, "the gold chain ends in the wrong name"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)

    write_speaker_review(path, [_miss("a.txt", 10, "Tom Reyes"), _miss("c.txt", 30, "Ruth Amos")])

    verdicts = read_speaker_review(path)
    assert verdicts == {("a.txt", 10): GOLD_ARTEFACT, ("c.txt", 30): "extractor_error"}
    reasons = {r["document"]: r["reason"] for r in csv.DictReader(path.open(encoding="utf-8"))}
    assert reasons["a.txt"] == "the gold chain ends in the wrong name"
