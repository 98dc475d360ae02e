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
