"""Adversarial text through the one-pass pipeline: nothing crashes, every offset indexes the article.

Hypothesis generates hostile articles (random Unicode, every kind of quote mark unbalanced and nested,
right-to-left and zero-width characters, punctuation only, endless sentences); each goes through
``extract`` exactly as the extraction step runs it.
"""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news_intel.nlp.pipeline import EXTRACTION_ERRORS, ArticleInput, extract

QUOTE_MARKS = "\"'“”‘’„‟‚‛«»‹›「」『』〝〞＂＇`´"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RTL_WORDS = ["مرحبا", "وزير", "الدفاع", "שלום", "שר", "הביטחון"]
NEWS_WORDS = [
    "Lloyd", "Austin", "said", "China", "declined", "a", "meeting", "with", "the", "Pentagon", "on", "Friday",
    "Mr", "Li", "told", "reporters", "last", "week", "US", "officials", "refused", "\n", "\n\n", ".", ",",
    "2023-05-30", "three", "requests", "Beijing", "rejected", "talks", "in", "June", "he", "added",
]
# Span columns whose value must equal the slice of the article they point at.
SPAN_TEXT_COLUMNS = ("text", "quote_text")

text_pieces = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(RTL_WORDS),
    st.text(alphabet=QUOTE_MARKS, min_size=1, max_size=4),
    st.text(alphabet=ZERO_WIDTH + BIDI, min_size=1, max_size=3),
    st.text(min_size=1, max_size=8),  # any Unicode, surrogates excluded by hypothesis
    st.just(" "),
)
articles = st.lists(text_pieces, min_size=1, max_size=120).map(" ".join)


def check_rows(text: str, rows_by_table: dict[str, list[dict]]) -> None:
    """Every offset lies inside the article and every span's text is the slice it claims."""
    for table, rows in rows_by_table.items():
        for row in rows:
            for prefix in ("", "speaker_", "time_"):
                start, end = row.get(f"{prefix}start_char"), row.get(f"{prefix}end_char")
                if start is None and end is None:
                    continue
                assert start is not None and end is not None, (table, row)
                assert 0 <= start <= end <= len(text), (table, row, len(text))
            for column in SPAN_TEXT_COLUMNS:
                if column in row and "start_char" in row:
                    assert row[column] == text[row["start_char"] : row["end_char"]], (table, column, row)


def run_one(nlp, text: str, published: date | None = date(2023, 5, 30)) -> dict[str, list[dict]]:
    results = list(extract(nlp, [ArticleInput("adversarial", text, published)]))
    assert [aid for aid, _ in results] == ["adversarial"]
    return results[0][1]


def assert_no_component_failed(rows: dict[str, list[dict]], text: str) -> None:
    errors = rows.get(EXTRACTION_ERRORS.name, [])
    assert not errors, f"component crashed on {text[:300]!r}: {errors}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles)
def test_random_articles_never_crash_and_offsets_hold(nlp, text):
    rows = run_one(nlp, text)
    assert_no_component_failed(rows, text)
    check_rows(text, rows)


nested_quotes = st.lists(
    st.one_of(st.sampled_from(QUOTE_MARKS), st.sampled_from(["He said", "a deal", "no", "China", ".", "\n\n"])),
    min_size=1, max_size=80,
).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=nested_quotes)
def test_unbalanced_and_nested_quote_marks(nlp, text):
    rows = run_one(nlp, text)
    assert_no_component_failed(rows, text)
    check_rows(text, rows)


@pytest.mark.parametrize(
    "text",
    [
        "!!!???...,,,;;;:::---",
        "." * 5000,
        "\u200b" * 200 + "Austin said \u200b\u200d\u2060\u200b“no”.",
        "\u202e" + "Lloyd Austin met Li Shangfu" + "\u202c" + " وزير الدفاع الصيني لي شانغفو " + "“رفض”",
        "“" * 300 + "”" * 7,
        "He said “she said ‘they said “nested” twice’ thrice” and left. «Non», a-t-il dit. „Nein“, sagte er.",
        "\n".join(["Title line"] + ["“Unclosed quote paragraph " + str(i) for i in range(50)]),
        # one sentence of 3,000 words, no full stop
        " ".join(["China declined talks with the Pentagon and"] * 600),
        "\ufeff\r\n\t\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 line separators",
        "\U0001F600\U0001F1FA\U0001F1F8 emoji said “👍🏽” 🇨🇳",
    ],
    ids=["punctuation", "dots", "zero-width", "rtl-bidi", "open-quotes", "nested", "unclosed-paras",
         "long-sentence", "separators", "astral"],
)
def test_hostile_shapes(nlp, text):
    rows = run_one(nlp, text, published=None)
    assert_no_component_failed(rows, text)
    check_rows(text, rows)
