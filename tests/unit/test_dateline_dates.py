"""A publication date stated in the dateline ("LONDON 1996-08-30") is the article's published_date
when the input gives none; a sidecar or a header date wins, and no date is ever guessed."""
from __future__ import annotations

from datetime import date

import pytest

from news_intel.ingest.headers import find_dateline, find_dateline_date, find_title
from news_intel.ingest.reading import read_article_file


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("LONDON 1996-08-30\nThe European Commission said on Thursday ...", date(1996, 8, 30)),
        ("WASHINGTON, March 3, 2021 -- The Senate voted ...", date(2021, 3, 3)),
        ("KYIV, Ukraine, March 3, 2021 — Air raid sirens ...", date(2021, 3, 3)),
        ("PARIS, 3 March 2021 - The government said ...", date(2021, 3, 3)),
        ("NEW YORK, Jan. 5, 2022 (Reuters) - Stocks rose ...", date(2022, 1, 5)),
        # No year: the calendar cannot place it, and the year is not guessed.
        ("May 30 (Reuters) - Oil prices rose ...", None),
        ("LONDON, Aug. 30 (Reuters) - Oil prices rose ...", None),
        # No such day; a sentence, not a dateline; a two-letter "place" is a sentence start.
        ("WASHINGTON, Feb. 30, 2021 -- The Senate ...", None),
        ("May 30 was the day the talks began.", None),
        ("US 2020-01-01 - a sentence", None),
        ("WASHINGTON (Reuters) - The Senate voted ...", None),
    ],
)
def test_date_of_a_dateline(body, published):
    assert find_dateline_date(body) == published


def test_a_dated_dateline_names_its_place_and_is_no_title():
    text = "LONDON 1996-08-30\nThe European Commission said on Thursday it disagreed.\n"
    assert find_title(text) == (None, 0)
    assert find_dateline(text) == "LONDON"
    text = "EU rejects German call to boycott British lamb\nLONDON 1996-08-30\nThe Commission said so.\n"
    title, body_start = find_title(text)
    assert title == "EU rejects German call to boycott British lamb"
    assert find_dateline_date(text, body_start) == date(1996, 8, 30)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


BODY = "Lamb ban\nLONDON 1996-08-30\nThe European Commission said on Thursday it disagreed.\n"


def test_dateline_date_is_the_published_date_when_the_input_gives_none(tmp_path):
    article = read_article_file(write(tmp_path / "a.txt", BODY), tmp_path)
    assert (article.published_date, article.published_date_source, article.dateline) == (date(1996, 8, 30), "dateline", "LONDON")


def test_a_header_date_wins_over_the_dateline(tmp_path):
    article = read_article_file(write(tmp_path / "a.txt", " date 1996-08-31 " + BODY), tmp_path)
    assert (article.published_date, article.published_date_source) == (date(1996, 8, 31), "header")


def test_a_sidecar_date_wins_over_the_dateline(tmp_path):
    write(tmp_path / "a.meta.json", '{"published": "1996-09-01"}')
    article = read_article_file(write(tmp_path / "a.txt", BODY), tmp_path)
    assert (article.published_date, article.published_date_source) == (date(1996, 9, 1), "sidecar")


def test_a_dateline_without_a_year_leaves_the_date_unknown(tmp_path):
    article = read_article_file(write(tmp_path / "a.txt", "May 30 (Reuters) - Oil prices rose.\n"), tmp_path)
    assert (article.published_date, article.published_date_source) == (None, None)
