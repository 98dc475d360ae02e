"""Every engagement mention reviewed on the development corpora stays as judged.

``tests/data/engagements_review.csv`` holds every mention the component produced over BBC News, PolNeAR
and TimeBank/AQUAINT (before and after the issue-14 rules), each with a hand verdict. The reviewed articles
are run again: a true mention must still be found (same sentence, same trigger), a false one must not
come back. Skips without the corpora (a fresh clone has none).
"""
from __future__ import annotations

from collections import defaultdict

import pytest

from tests.conftest import CORPORA, REPO

REVIEW = REPO / "tests" / "data" / "engagements_review.csv"


@pytest.fixture(scope="module")
def reviewed_and_found(nlp):
    from news_intel.nlp.pipeline import ArticleInput, make_docs
    from news_intel.scoring.engagements_review import corpus_articles, mentions_of_doc, read_review, review_key

    if not CORPORA.is_dir():
        pytest.skip(f"corpora not available: {CORPORA}")
    review = read_review(REVIEW)
    wanted = {article for article, _, _ in review}
    articles = [ArticleInput(a, t, p) for a, t, p in corpus_articles(CORPORA) if a in wanted]
    found: dict[str, set] = defaultdict(set)
    for doc in nlp.pipe(make_docs(nlp, articles)):
        for m in mentions_of_doc(doc, doc._.article_id):
            found[m["article"]].add(review_key(m))
    return review, found, {a.article_id for a in articles}


def test_the_review_file_has_a_verdict_and_reason_for_every_row():
    from news_intel.scoring.engagements_review import read_review

    rows = list(read_review(REVIEW).values())
    assert rows
    assert {r["verdict"] for r in rows} <= {"true", "false"}
    assert all(r["reason"].strip() for r in rows)


@pytest.mark.corpus
def test_true_mentions_stay_found_and_false_ones_stay_out(reviewed_and_found):
    review, found, present = reviewed_and_found
    lost = [k for k, r in review.items() if r["verdict"] == "true" and k[0] in present and k not in found[k[0]]]
    # False mentions the rules removed must not come back; the ones still produced when the file was
    # written (found_after "yes") are the known remaining errors, counted in the README's precision.
    back = [k for k, r in review.items() if r["verdict"] == "false" and r["found_after"] == "no"
            and k[0] in present and k in found[k[0]]]
    assert lost == [], "true mentions no longer found"
    assert back == [], "false mentions found again"


@pytest.mark.corpus
def test_the_known_remaining_errors_are_still_the_only_false_mentions(reviewed_and_found):
    """When a rule removes a known error, mark it found_after "no" in the review file (and the README)."""
    review, found, present = reviewed_and_found
    gone = [k for k, r in review.items() if r["verdict"] == "false" and r["found_after"] == "yes"
            and k[0] in present and k not in found[k[0]]]
    assert gone == [], "known false mentions no longer produced: update found_after"
