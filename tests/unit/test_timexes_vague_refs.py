"""Vague references that look like something else: "the then current", "will one day", "for weeks or
months". Sentences written for these tests, each with an explicit publication date (DCT)."""
from __future__ import annotations

from datetime import date

import pytest

DCT = date(2023, 5, 30)  # a Tuesday


@pytest.fixture(scope="module")
def timexes():
    import spacy

    from news_intel.nlp import timexes as _component  # noqa: F401  registers the component
    from news_intel.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("news_timexes")

    def run(text: str) -> list[tuple[str, str, str]]:
        doc = nlp.make_doc(text)
        doc._.published = DCT
        return [(r["text"], r["timex_type"], r["value"]) for r in nlp(doc)._.timex_rows]

    return run


@pytest.mark.parametrize(
    "sentence, span",
    [
        ("Board members, among them the then current treasurer, voted against it.", "then current"),
        ("The then-current rules let banks lend more.", "then-current"),
    ],
)
def test_then_current_is_a_past_reference(timexes, sentence, span):
    assert timexes(sentence) == [(span, "DATE", "PAST_REF")]


def test_current_alone_stays_the_present(timexes):
    assert timexes("The current rules let banks lend more.") == [("current", "DATE", "PRESENT_REF")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts say the airline could one day rival its larger neighbours.",
        "She hopes to one day open a clinic in her home town.",
        "He said the city will one day host the games.",
    ],
)
def test_one_day_before_a_verb_is_a_time_ahead(timexes, sentence):
    assert timexes(sentence) == [("one day", "DATE", "FUTURE_REF")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The vote was put off by one day.",
        "The strike was cut to one day a week.",
        "She had been in the post for one day.",
    ],
)
def test_one_day_as_an_amount_stays_a_duration(timexes, sentence):
    assert ("one day", "DURATION", "P1D") in timexes(sentence)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("The families have waited for weeks or months to hear.", "weeks or months", "PXW"),
        ("Repairs could take days or weeks.", "days or weeks", "PXD"),
        ("The families have waited for months.", "months", "PXM"),
    ],
)
def test_two_vague_units_joined_by_or_are_one_duration(timexes, sentence, span, value):
    assert timexes(sentence) == [(span, "DURATION", value)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The Communist Party daily Granma printed the letter.",
        "The business weekly Barron's said the shares were cheap.",
        "According to the Israeli daily Haaretz, the talks stalled.",
    ],
)
def test_a_periodical_named_by_its_kind_is_no_set(timexes, sentence):
    assert timexes(sentence) == []


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("He attends daily Mass.", "daily", "P1D"),
        ("The airline plans daily flights to Lagos.", "daily", "P1D"),
        ("Ministers meet weekly in Geneva.", "weekly", "P1W"),
    ],
)
def test_a_recurrence_before_a_noun_or_a_place_stays_a_set(timexes, sentence, span, value):
    assert timexes(sentence) == [(span, "SET", value)]


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("The envoys met the day before last Tuesday.", "the day before last Tuesday", "2023-05-22"),
        ("Shops reopened the day after Christmas.", "the day after Christmas", "2022-12-26"),
        ("He flew home on the day after May 3.", "the day after May 3", "2023-05-04"),
    ],
)
def test_the_day_before_or_after_a_named_day_is_the_day_next_to_it(timexes, sentence, span, value):
    assert timexes(sentence) == [(span, "DATE", value)]


def test_the_day_before_yesterday_stays_one_phrase(timexes):
    assert timexes("They met the day before yesterday.") == [("the day before yesterday", "DATE", "2023-05-28")]
