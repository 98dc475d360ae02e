"""A small PolNeAR sample scored like the full scorer does (skips without ../shared/corpora)."""
from __future__ import annotations

from tests.conftest import corpus_dir

from news_intel.nlp.pipeline import ArticleInput, make_docs
from news_intel.scoring.quotes import read_polnear, score_polnear


def test_polnear_sample_quotes_and_speakers(nlp):
    docs = read_polnear(corpus_dir("polnear", "dev"))[:10]
    preds = {}
    for d, doc in zip(docs, nlp.pipe(make_docs(nlp, [ArticleInput(d.name, d.text, d.published) for d in docs]))):
        preds[d.name] = doc._.quote_rows
    score = score_polnear(docs, preds, [])
    assert score.gold > 30
    assert score.f1 >= 0.85, score.lines()
    assert score.speaker_accuracy >= 0.75, score.lines()


def _review_doc():
    from news_intel.scoring.quotes import GoldDoc, GoldQuote

    text = 'Ann Cole spoke. "We will win," said Cole. "It is over," she said.'
    quotes = [GoldQuote([(17, 29)], "Cole", (36, 40), "Cole"), GoldQuote([(43, 54)], "said", (60, 64), "said")]
    rows = [
        {"kind": "direct", "start_char": 17, "end_char": 29, "speaker": "Ann Cole", "speaker_mention": "Cole", "quote_text": "We will win,"},
        {"kind": "direct", "start_char": 43, "end_char": 54, "speaker": "Ann Cole", "speaker_mention": "she", "quote_text": "It is over,"},
    ]
    return GoldDoc("a.txt", text, None, quotes), rows


def test_speaker_misses_reviewed_as_gold_artefacts_are_reported_apart(tmp_path):
    from news_intel.scoring.quotes import read_speaker_review

    doc, rows = _review_doc()
    review = tmp_path / "review.csv"
    review.write_text("document,gold_start,verdict,reason\na.txt,43,gold_artefact,the Source is the cue word\n")
    plain = score_polnear([doc], {"a.txt": rows}, [])
    reviewed = score_polnear([doc], {"a.txt": rows}, [], review=read_speaker_review(review))
    assert (plain.speaker_right, plain.speaker_scored, plain.speaker_gold_artefacts) == (1, 2, 0)
    assert (reviewed.speaker_right, reviewed.speaker_scored, reviewed.speaker_gold_artefacts) == (1, 2, 1)
    assert reviewed.lines()[-1].endswith("1.000 (1/1)")


def test_a_review_verdict_outside_the_vocabulary_is_refused_with_its_row(tmp_path):
    import pytest
    from news_intel.scoring.quotes import read_speaker_review

    review = tmp_path / "review.csv"
    review.write_text("document,gold_start,verdict,reason\na.txt,43,maybe,\n")
    with pytest.raises(ValueError, match="row 2"):
        read_speaker_review(review)


def test_committed_speaker_review_names_real_misses():
    from pathlib import Path

    from news_intel.scoring.quotes import REVIEW_VERDICTS, read_speaker_review

    review = read_speaker_review(Path(__file__).parents[1] / "data" / "polnear_speaker_review.csv")
    assert review and set(review.values()) <= set(REVIEW_VERDICTS)
    names = {d.name for d in read_polnear(corpus_dir("polnear", "dev"))}
    assert {doc for doc, _ in review} <= names
