"""Sentence-level behaviour of the timexes component, each with an explicit publication date (DCT)."""
from __future__ import annotations

from datetime import date

import pytest

from news_intel.nlp.timexes import granularity, value_range

DCT = date(2023, 5, 30)  # a Tuesday


@pytest.fixture(scope="module")
def timex_nlp():
    """The base model plus this component only, so these tests do not depend on the other extractors."""
    import spacy

    from news_intel.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("news_timexes")
    return nlp


@pytest.fixture(scope="module")
def timexes(timex_nlp):
    def run(text: str, dct: date | None = DCT) -> list[dict]:
        doc = timex_nlp.make_doc(text)
        doc._.published = dct
        return timex_nlp(doc)._.timex_rows

    return run


def one(rows: list[dict], text: str) -> dict:
    found = [r for r in rows if r["text"] == text]
    assert len(found) == 1, [r["text"] for r in rows]
    return found[0]


@pytest.mark.parametrize(
    "sentence, span, ttype, value, mod",
    [
        ("The talks were held in June last year.", "June last year", "DATE", "2022-06", None),
        ("Relations have soured since 2021.", "2021", "DATE", "2021", None),
        ("They declined our early May invitation.", "early May", "DATE", "2023-05", "START"),
        ("He was on a two-day trip.", "two-day", "DURATION", "P2D", None),
        ("The forum meets annually.", "annually", "SET", "P1Y", None),
        ("They will meet in Singapore this week.", "this week", "DATE", "2023-W22", None),
        ("Exports fell last year.", "last year", "DATE", "2022", None),
        ("The ministry said so earlier this month.", "earlier this month", "DATE", "2023-05", None),
        ("It is the rivalry of the 21st century.", "21st century", "DATE", "20", None),
        ("The freeze has lasted for the past several months.", "the past several months", "DURATION", "PXM", None),
        ("The freeze has lasted five years.", "five years", "DURATION", "P5Y", None),
        ("The ban was lifted two years ago.", "two years ago", "DATE", "2021", None),
        ("Officials met yesterday.", "yesterday", "DATE", "2023-05-29", None),
        ("Prices are rising now.", "now", "DATE", "PRESENT_REF", None),
        ("Tensions escalated recently.", "recently", "DATE", "PAST_REF", None),
        ("Nobody knows what the future holds.", "the future", "DATE", "FUTURE_REF", None),
        ("Profit will rise in the third quarter.", "the third quarter", "DATE", "2023-Q3", None),
        ("The bomb went off at 10:35 a.m. in the capital.", "10:35 a.m.", "TIME", "2023-05-30T10:35", None),
        ("Growth slowed in mid-1990.", "mid-1990", "DATE", "1990", "MID"),
        # "about" sets the mod but stays outside the span, as the TimeBank/AQUAINT gold writes it.
        ("The project took about three years.", "three years", "DURATION", "P3Y", "APPROX"),
        ("The deal was signed on May 12, 2021.", "May 12, 2021", "DATE", "2021-05-12", None),
        ("Prices peaked in the 1990s.", "the 1990s", "DATE", "199", None),
        ("The vote took place on March 3.", "March 3", "DATE", "2023-03-03", None),
        ("Rallies are held daily.", "daily", "SET", "P1D", None),
        ("Markets opened on Monday morning.", "Monday morning", "TIME", "2023-05-29TMO", None),
        ("The report was published on 2023-05-28.", "2023-05-28", "DATE", "2023-05-28", None),
        ("It was updated on 05/29/2023.", "05/29/2023", "DATE", "2023-05-29", None),
        ("Growth slowed in the first half of the year.", "the first half of the year", "DATE", "2023-H1", None),
        ("The summit, held every two years, opened.", "every two years", "SET", "P2Y", None),
        ("The ceasefire was agreed on Christmas Day.", "Christmas Day", "DATE", "2022-12-25", None),
        ("Americans vote on Election Day 2024.", "Election Day 2024", "DATE", "2024-11-05", None),
        ("The offer expired at midnight Friday.", "midnight Friday", "TIME", "2023-05-26T24:00", None),
        ("Over the past 24 hours, 30 people died.", "the past 24 hours", "DURATION", "PT24H", None),
        # A report's "for the year" is the year reported; a year that ends on a date is a stretch of time.
        ("For the year, volume was flat.", "the year", "DATE", "2023", None),
        ("It earned $5 million in the year ended March 31.", "the year", "DURATION", "P1Y", None),
        ("The deal took weeks to close.", "weeks", "DURATION", "PXW", None),
        ("His car was seen in the weeks before the shooting.", "weeks", "DURATION", "PXW", None),
        ("Rescuers arrived minutes later.", "minutes", "DURATION", "PTXM", None),
        ("They meet every other Thursday.", "every other Thursday", "SET", "XXXX-WXX-4", None),
        ("The show airs nightly.", "nightly", "SET", "P1D", None),
        ("The court met on May 2, 2023 and ruled the next day.", "the next day", "DATE", "2023-05-03", None),
        ("The court met on May 2, 2023 and ruled the next morning.", "the next morning", "TIME", "2023-05-03TMO", None),
        ("The blast came in mid-afternoon.", "mid-afternoon", "TIME", "2023-05-30TAF", None),
        ("They talked for a while.", "a while", "DURATION", "PXX", None),
        ("Sales fell in past years.", "past years", "DATE", "PAST_REF", None),
        ("Margins will widen in future quarters.", "future quarters", "DATE", "FUTURE_REF", None),
        ("Rome was ruled for centuries.", "centuries", "DURATION", "PXY", None),
    ],
)
def test_type_value_mod(timexes, sentence, span, ttype, value, mod):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"], row["mod"]) == (ttype, value, mod)
    assert sentence[row["start_char"] : row["end_char"]] == span



@pytest.mark.parametrize(
    "sentence, value",
    [
        ("The minister spoke on Friday.", "2023-05-26"),
        ("The minister will speak on Friday.", "2023-06-02"),
        ("The minister spoke on Tuesday.", "2023-05-30"),
        ("The talks are scheduled to resume on Thursday.", "2023-06-01"),
        ("The minister spoke last Tuesday.", "2023-05-23"),
        ("He will visit next Monday.", "2023-06-05"),
        ("The government staged celebrations to mark its entry into NATO on Friday.", "2023-05-26"),
        ("He plans to meet the envoy on Friday.", "2023-06-02"),
        ("Until Thursday, the police had not called him a suspect.", "2023-05-25"),
        ("The offer had been scheduled to expire on Friday.", "2023-05-26"),
        ("The offer runs until Friday.", "2023-06-02"),
    ],
)
def test_weekday_resolution_follows_tense(timexes, sentence, value):
    rows = [r for r in timexes(sentence) if r["granularity"] == "day"]
    assert [r["value"] for r in rows] == [value]


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("Talks collapsed in June.", "2022-06"),
        ("Talks will resume in June.", "2023-06"),
        ("Talks collapsed in February.", "2023-02"),
        ("If a July election is called, rates may rise.", "2023-07"),
        # A bare participle clause takes its main clause's tense.
        ("The stock has fluctuated sharply, rising from $29.75 in November.", "2022-11"),
    ],
)
def test_bare_month_resolution_follows_tense(timexes, sentence, value):
    assert [r["value"] for r in timexes(sentence)] == [value]


def test_without_dct_values_stay_underspecified(timexes):
    rows = timexes("He spoke on Friday about February, and said yesterday that this week matters.", dct=None)
    values = {r["text"]: r["value"] for r in rows}
    assert values["Friday"] == "XXXX-WXX-5"
    assert values["February"] == "XXXX-02"
    assert values["yesterday"] == "XXXX-XX-XX"
    assert values["this week"] == "XXXX-WXX"
    for r in rows:
        assert r["anchor_date"] is None
        assert r["range_start"] is None and r["range_end"] is None


def test_absolute_dates_get_ranges_without_dct(timexes):
    row = one(timexes("The summit was held in 2002.", dct=None), "2002")
    assert (row["range_start"], row["range_end"]) == (date(2002, 1, 1), date(2002, 12, 31))
    assert row["anchor_date"] is None


def test_relative_rows_carry_anchor_and_ranges_as_dates(timexes):
    row = one(timexes("They met this week."), "this week")
    assert row["anchor_date"] == DCT
    assert (row["range_start"], row["range_end"]) == (date(2023, 5, 29), date(2023, 6, 4))
    assert all(isinstance(row[k], date) for k in ("anchor_date", "range_start", "range_end"))
    assert row["is_relative"] is True and row["granularity"] == "week"


def test_clock_time_takes_the_last_named_day(timexes):
    rows = timexes("The bomb exploded on May 12. It went off at 10:35 a.m. near the embassy.")
    assert one(rows, "10:35 a.m.")["value"] == "2023-05-12T10:35"


def test_past_duration_is_anchored_on_the_dct(timexes):
    row = one(timexes("Trade fell over the past two months."), "the past two months")
    assert row["value"] == "P2M"
    assert (row["range_start"], row["range_end"]) == (date(2023, 3, 30), DCT)


@pytest.mark.parametrize(
    "sentence",
    [
        "He may resign.",
        "A 6-year-old boy was hurt.",
        "About 1500 troops were deployed.",
        "He served a second term.",
        "They march to the square.",
        "Stuart Abbott, Jamie Noon and Ollie Smith were picked.",
        "Hamilton won best actress for Suddenly Last Summer.",
    ],
)
def test_no_timex_in_look_alikes(timexes, sentence):
    assert timexes(sentence) == []


def test_a_24_hour_clock_time_with_its_zone_is_a_time_not_a_year(timexes):
    rows = timexes("The results will be shown at 2005 GMT.")
    assert [(r["text"], r["timex_type"], r["value"]) for r in rows] == [("2005 GMT", "TIME", "2023-05-30T20:05")]


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2023-W22", date(2023, 5, 29), date(2023, 6, 4)),
        ("2023-05", date(2023, 5, 1), date(2023, 5, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("1989-Q3", date(1989, 7, 1), date(1989, 9, 30)),
        ("2023-H2", date(2023, 7, 1), date(2023, 12, 31)),
        ("2023-W22-WE", date(2023, 6, 3), date(2023, 6, 4)),
        ("2023-WI", date(2022, 12, 1), date(2023, 2, 28)),
        ("199", date(1990, 1, 1), date(1999, 12, 31)),
        ("20", date(2000, 1, 1), date(2099, 12, 31)),
        ("2023-05-30T10:35", date(2023, 5, 30), date(2023, 5, 30)),
    ],
)
def test_value_range(value, start, end):
    assert value_range(value) == (start, end)


@pytest.mark.parametrize("value", ["XXXX-WXX-5", "XXXX-02", "P2D", "PRESENT_REF", "PXM"])
def test_unresolved_values_have_no_range(value):
    assert value_range(value) is None


def test_granularity_names():
    assert [granularity(v) for v in ("2023", "2023-05", "2023-W22", "2023-05-30", "2023-Q1", "199", "20")] == [
        "year", "month", "week", "day", "quarter", "decade", "century",
    ]


@pytest.mark.parametrize(
    "sentence, value",
    [
        # DCT 2023-05-30: a past-tense verb taking the date looks back ...
        ("The company reported sales of $5 million for the year ended Sept. 30.", "2022-09-30"),
        ("He was last seen on Aug. 3.", "2022-08-03"),
        # ... but a date hanging off a noun or adjective, or a deadline, stays the nearest one.
        ("The board declared a dividend, payable July 15.", "2023-07-15"),
        ("The offer was extended to Aug. 3.", "2023-08-03"),
        ("The talks are set for Feb. 2.", "2024-02-02"),
    ],
)
def test_month_day_year_follows_the_verb_taking_the_date(timexes, sentence, value):
    assert [r["value"] for r in timexes(sentence) if r["granularity"] == "day"] == [value]


@pytest.mark.parametrize(
    "sentence, span, value, dct",
    [
        ("Net sales for this year's third quarter were $14 million.", "this year's third quarter", "2023-Q3", DCT),
        ("It could be effective as early as next year's first quarter.", "next year's first quarter", "2024-Q1", DCT),
        ("Profit rose in the third quarter. U.K. sales for last year's quarter were $3 million.", "last year's quarter", "2022-Q3", DCT),
        ("Profit rose in the third quarter. It earned $376,000 in the 2022 quarter.", "the 2022 quarter", "2022-Q3", DCT),
        ("AT&T announced a drop in profits for the fourth quarter.", "the fourth quarter", "2022-Q4", date(2023, 1, 26)),
        ("AT&T expects a drop in profits for the fourth quarter.", "the fourth quarter", "2023-Q4", date(2023, 1, 26)),
        # "The latest quarter" has ended: a quarter still under way and told as a forecast is not it;
        # one whose results were reported (a fiscal quarter) is.
        ("It will take a fourth-quarter charge. Profit fell in the latest quarter.", "the latest quarter", "1989-Q3",
         date(1989, 11, 2)),
        ("It reported lower fourth-quarter earnings. Sales in the latest period rose.", "the latest period", "1989-Q4",
         date(1989, 11, 2)),
        ("It earned $4 million in the fiscal-first quarter ended Sept. 30.", "the fiscal-first quarter", "1989-Q1",
         date(1989, 10, 26)),
    ],
)
def test_quarters(timexes, sentence, span, value, dct):
    assert one(timexes(sentence, dct), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("The siege lasted 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The flight took 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("The speech lasted a minute and a half.", "a minute and a half", "PT1M30S"),
        ("Rescuers worked for twenty four hours.", "twenty four hours", "PT24H"),
    ],
)
def test_fractional_and_compound_durations(timexes, sentence, span, value):
    assert one(timexes(sentence), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        ("Computers may fail in the year two thousand.", "the year two thousand", "2000"),
        ("It happened in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI"),
        ("He left in March of nineteen ninety-eight.", "March of nineteen ninety-eight", "1998-03"),
    ],
)
def test_spelled_years(timexes, sentence, span, value):
    rows = timexes(sentence)
    assert [(r["text"], r["value"]) for r in rows] == [(span, value)]


def test_two_thousand_alone_is_a_count(timexes):
    assert timexes("Two thousand people marched.") == []


def test_anaphoric_units_take_the_last_date_named(timexes):
    rows = timexes(
        "He was shot on Oct. 23, 1998. Earlier that day he had called police. "
        "The following month his killer fled. In 1996 they met; the following year they married."
    )
    values = {r["text"]: r["value"] for r in rows}
    assert values["Earlier that day"] == "1998-10-23"
    assert values["The following month"] == "1998-11"
    assert values["the following year"] == "1997"


def test_anaphoric_unit_without_antecedent_stays_underspecified(timexes):
    row = one(timexes("That year was a good one."), "That year")
    assert (row["value"], row["range_start"]) == ("XXXX", None)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # The simple present of an event with its weekday is a schedule; a possessive weekday names
        # an event that has happened unless it is introduced as ahead.
        ("The two leaders meet Monday in Geneva.", "Monday", "2023-06-05"),
        ("The offer expires at midnight Friday.", "midnight Friday", "2023-06-02T24:00"),
        ("Stocks hurt the index on Friday.", "Friday", "2023-05-26"),
        ("Lawyers said they would try to get around Friday's ruling.", "Friday", "2023-05-26"),
        ("The ministers will meet ahead of Friday's vote.", "Friday", "2023-06-02"),
        # A date fronted before a past-tense plan dates the planning; after it, the plan.
        ("On Friday, the government planned to pay the first claims.", "Friday", "2023-05-26"),
        ("The government planned to pay the first claims on Friday.", "Friday", "2023-06-02"),
        # A coordinated verb shares the first verb's past perfect.
        ("The court had ruled against him and set Friday as the deadline.", "Friday", "2023-05-26"),
        # "the previous/following <weekday>" counts from the last day the text named.
        ("Shares closed at 2082 on May 19, down 4.5% from the previous Friday.", "the previous Friday", "2023-05-12"),
        ("The strike began on May 12 and ended the following Monday.", "the following Monday", "2023-05-15"),
    ],
)
def test_weekday_context_rules(timexes, sentence, span, value):
    assert one(timexes(sentence), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("The company has set June 10 as the deadline for offers.", "2023-06-10"),
        ("The index is within 70 points of its record high set on Aug. 6.", "2022-08-06"),
        # A date off a noun months away from the DCT takes the clause's tense; "since" looks back.
        ("Police have been searching for him since the Oct. 23 shooting.", "2022-10-23"),
    ],
)
def test_month_day_context_rules(timexes, sentence, value):
    assert [r["value"] for r in timexes(sentence) if r["granularity"] == "day"] == [value]


def test_deadline_with_a_modifier_looks_ahead(timexes):
    row = one(timexes("The government gave the company until mid-June to reply."), "mid-June")
    assert (row["value"], row["mod"]) == ("2023-06", "MID")


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # "N days later/earlier" is counted from an event the text told: a duration, not a date.
        ("Three days later, the index recovered.", "Three days", "DURATION", "P3D"),
        ("A few days later, the firm announced a sale.", "A few days", "DURATION", "PXD"),
        ("Profit rose in the latest period.", "the latest period", "DATE", "2023-Q1"),
        # The third quarter has not begun by a DCT in May: the one reported is last year's (2022-Q3),
        # and the period it is compared with a year before that.
        (
            "Profit rose in the third quarter, from $2 million in the corresponding period last year.",
            "the corresponding period last year", "DATE", "2021-Q3",
        ),
        ("Profit rose in the first quarter. Sales in the quarter grew 5%.", "the quarter", "DATE", "2023-Q1"),
        ("The third-quarter profit rose.", "third-quarter", "DATE", "2022-Q3"),
        ("It holds a quarter of the market.", None, None, None),
        ("She spoke on ABC's \"This Week\" and CBS's \"60 Minutes.\"", None, None, None),
        ("It forecast higher earnings for the full year.", "the full year", "DATE", "2023"),
        ("A hearing is expected the week of June 12.", "the week of June 12", "DATE", "2023-W24"),
        ("Earnings will fall in the last half of 2023.", "the last half of 2023", "DATE", "2023-H2"),
        ("Rates will stay high in the near term.", "the near term", "DATE", "FUTURE_REF"),
        ("The details will follow at a later date.", "a later date", "DATE", "FUTURE_REF"),
        ("He appeared in court at midday.", "midday", "TIME", "2023-05-30T12:00"),
    ],
)
def test_report_phrases(timexes, sentence, span, ttype, value):
    if span is None:
        # A fraction ("a quarter of"), a title with capitalised time words: no timex.
        assert timexes(sentence) == []
        return
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


def test_last_half_hour_is_not_a_half_year(timexes):
    assert all(r["value"] != "2023-H2" for r in timexes("Prices fell in the last half hour of trading."))


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # A year before a plural noun is a count ("1500 troops") unless a determiner or prefix makes it a modifier.
        ("He hopes to be president by the 2000 Olympics.", "2000", "DATE", "2000"),
        ("Sales will be above fiscal 1989 sales of $155 million.", "fiscal 1989", "DATE", "1989"),
        ("The post-1959 politics split families.", "post-1959", "DATE", "1959"),
        ("The loan may be extended for an additional year.", "an additional year", "DURATION", "P1Y"),
        ("They emerged from their third day-long meeting.", "day-long", "DURATION", "P1D"),
        # "the fiscal year": a stretch of time it runs over, else the current fiscal year.
        ("Profitability should increase throughout the fiscal year.", "the fiscal year", "DURATION", "P1Y"),
        ("In the fiscal year ended Jan. 31, sales were $59 million.", "the fiscal year", "DURATION", "P1Y"),
        ("The drop will result in lower earnings for the fiscal year.", "the fiscal year", "DATE", "2023"),
    ],
)
def test_year_modifiers_and_report_durations(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


def test_year_before_a_plural_noun_is_a_count(timexes):
    assert timexes("About 1500 troops were deployed.") == []


def test_a_day_number_inside_a_name_is_still_a_date(timexes):
    rows = timexes("There were no cancellations after the Aug. 7 Embassy bombings in Nairobi.", date(2023, 9, 7))
    assert [r["value"] for r in rows if r["text"] == "Aug. 7"] == ["2023-08-07"]


@pytest.mark.parametrize(
    "text",
    [
        "Talks resumed on Monday, May 12,\xa02023, after the 1990s boom; the\tnext three weeks matter.",
        "THE PAST SEVERAL MONTHS\nwere hard. Two\u2009days later, at 10:35 a.m. EST Friday, it ended.",
        "Mid-1990 and post-1959, the fourth quarter of 1989 and last year's third quarter.",
        "\u212aelvin and \u017feptember look like ASCII to a case-insensitive match; '70s, 5½ years.",
        # "İ" lowers to two characters: the lowered text no longer lines up with the original.
        "\u0130stanbul talks began last week; in \u0130zmir they resume next Monday at 9 a.m.",
        "now",
        "",
        # Keys after "the" run on into the next word: double spaces, a non-ASCII space or sign after
        # it, a capital, and "the" at the very end.
        "The  quarter ended; the\u00a0year-ago period; the £5 fee; THE LATEST PERIOD; in the\nmorning, the",
    ],
)
def test_indexed_scan_finds_exactly_what_a_full_scan_finds(text):
    from news_intel.nlp.timex.matching import grammar
    from news_intel.nlp.timex.prefilter import matches_at

    g = grammar()
    starts = g.start_filter.starts(text)
    for rule, rule_starts in zip(g.rules, starts):
        full = [m.span() for m in rule.pattern.finditer(text)]
        assert [m.span() for m in matches_at(rule.pattern, text, rule_starts)] == full, rule.name


@pytest.mark.parametrize(
    "sentence, span, value, dct",
    [
        # "Easter week" is the calendar week holding Easter; begun once its Monday has.
        ("Protesters prayed as Easter week began.", "Easter week", "2000-W16", date(2000, 4, 17)),
        ("Profit rose in the second quarter. For the quarter a year ago, it earned $3 million.", "the quarter a year ago", "2022-Q2", DCT),
        ("For the quarter a year ago, it earned $3 million.", "the quarter a year ago", "2022-Q1", DCT),
    ],
)
def test_holiday_weeks_and_year_ago_quarters(timexes, sentence, span, value, dct):
    assert one(timexes(sentence, dct), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # A comparison after a longer reporting period than the quarter is that period's year.
        ("Sales rose in the first quarter. For the nine months, the bank earned $9 million, up from "
         "$7 million a year earlier.", "a year earlier", "2022"),
        ("Profit fell in the first quarter. In the first six months, it earned $5 million, compared "
         "with $6 million in the 2022 period.", "the 2022 period", "2022"),
        ("The loss in the first quarter widened. For the nine months, the loss compared with "
         "year-earlier net income of $2 million.", "year-earlier", "2022"),
        ("In the first quarter, profit fell. For the fiscal year, sales rose to $9 million from $8 "
         "million a year earlier.", "a year earlier", "2022"),
        # "Earlier in the year" names no reporting period: the quarter stays the one compared.
        ("Profit rose in the first quarter after a slump earlier in the year, to $5 million from $4 "
         "million a year earlier.", "a year earlier", "2022-Q1"),
        # A quarter named after the longer period is the one compared again.
        ("For the nine months, it earned $9 million. In the first quarter, it earned $3 million, up "
         "from $2 million a year ago.", "a year ago", "2022-Q1"),
        # "The latest quarter" names the quarter last ended as much as its ordinal does.
        ("In the latest quarter, profit rose to $5 million from $4 million a year earlier.",
         "a year earlier", "2022-Q1"),
    ],
)
def test_a_year_earlier_compares_the_period_named_last(timexes, sentence, span, value):
    assert one(timexes(sentence), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # "The past year" is the twelve months up to the DCT, as "the past two years" are two years.
        ("Output has grown 4% in the past year.", "the past year", "DURATION", "P1Y"),
        ("Wages rose over the past two years.", "the past two years", "DURATION", "P2Y"),
        ("It was the invention of the past century.", "the past century", "DURATION", "P100Y"),
    ],
)
def test_the_past_unit_is_the_stretch_up_to_the_dct(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # Two weekdays sharing a plural recur, both: the first is no single day.
        ("The ferry sails on Monday and Thursday nights.", "Monday", "XXXX-WXX-1TNI"),
        ("The ferry sails on Monday and Thursday nights.", "Thursday nights", "XXXX-WXX-4TNI"),
        ("The clinic opens on Tuesday or Friday mornings.", "Tuesday", "XXXX-WXX-2TMO"),
        ("The market is held on Saturdays and Sundays.", "Saturdays", "XXXX-WXX-6"),
    ],
)
def test_the_first_of_two_recurring_weekdays_is_a_set(timexes, sentence, span, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == ("SET", value)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # "That day" after a month the text named is a day of that month, which it does not give.
        ("The mayor was attacked last October. His office was closed that same day.", "that same day", "2022-10-XX"),
        ("The plant shut in March 2021 and the union struck the next day.", "the next day", "2021-03-XX"),
        # A day named after the month is the one referred to.
        ("In March, on March 3, 2021, the plant shut; the union struck the next day.", "the next day", "2021-03-04"),
    ],
)
def test_a_day_referred_back_to_lies_in_the_date_named_last(timexes, sentence, span, value):
    assert one(timexes(sentence), span)["value"] == value


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # A run of seasons recurs, one a year: a set, not "the past" as a vague reference.
        ("Marches have turned violent for the past three summers.", "the past three summers", "XXXX-SU"),
        ("The resort will stay shut for the next two winters.", "the next two winters", "XXXX-WI"),
    ],
)
def test_a_run_of_seasons_is_a_set(timexes, sentence, span, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == ("SET", value)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # The months a year before a report's are its months' length, as "the nine months" is.
        ("Net for the year-earlier nine months included a gain.", "the year-earlier nine months", "P9M"),
        ("Sales in the year-ago six months were lower.", "the year-ago six months", "P6M"),
    ],
)
def test_a_year_earlier_run_of_months_is_a_duration(timexes, sentence, span, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == ("DURATION", value)


@pytest.mark.parametrize(
    "sentence, span, value",
    [
        # Two quarters of a year named as a run from its start or end are its half.
        ("Losses will last through the first two quarters of 2024.", "the first two quarters of 2024", "2024-H1"),
        ("Sales recovered in the last two quarters of 2021.", "the last two quarters of 2021", "2021-H2"),
    ],
)
def test_two_quarters_of_a_year_are_its_half(timexes, sentence, span, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == ("DATE", value)


def test_a_weekday_before_another_weekday_s_single_day_stays_a_date(timexes):
    row = one(timexes("The votes were held on Monday and Tuesday morning."), "Monday")
    assert (row["timex_type"], row["value"]) == ("DATE", "2023-05-29")


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # Durations without a number word, and fractions.
        ("After months of talks, they agreed.", "months", "DURATION", "PXM"),
        ("It takes half an hour.", "half an hour", "DURATION", "PT30M"),
        ("He was held for two and a half years.", "two and a half years", "DURATION", "P2Y6M"),
        ("It ended a decades-long feud.", "decades-long", "DURATION", "PXY"),
        # A range of numbers is one duration; "or so" and "sometime" belong to the expression.
        ("It will take two to three weeks.", "two to three weeks", "DURATION", "P3W"),
        ("They met a week or so ago.", "a week or so ago", "DATE", "2023-W21"),
        ("They will meet sometime next year.", "sometime next year", "DATE", "2024"),
        # Frequencies and sets.
        ("They meet twice a week.", "twice a week", "SET", "P1W"),
        ("They met three times a year.", "three times a year", "SET", "P1Y"),
        ("They meet each spring.", "each spring", "SET", "XXXX-SP"),
        ("She runs every morning.", "every morning", "SET", "XXXX-XX-XXTMO"),
        ("The shop is closed on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
        ("The flights leave on Tuesday nights.", "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
        ("They meet on weekends.", "weekends", "SET", "XXXX-WXX-WE"),
        ("Elections are held every few years.", "every few years", "SET", "PXY"),
        ("The games are held once every four years.", "once every four years", "SET", "P4Y"),
        ("It ended a decade-long war.", "decade-long", "DURATION", "P10Y"),
        ("The strike lasted the whole day.", "the whole day", "DURATION", "P1D"),
        ("They worked the entire week.", "the entire week", "DURATION", "P1W"),
        # Times of day, time zones and 24-hour clocks.
        ("The blast came at 3:30 p.m. local time.", "3:30 p.m. local time", "TIME", "2023-05-30T15:30"),
        ("The blast came at 15:30 GMT.", "15:30 GMT", "TIME", "2023-05-30T15:30"),
        ("The blast came at 0735 GMT.", "0735 GMT", "TIME", "2023-05-30T07:35"),
        ("The blast came at 4 in the morning.", "4 in the morning", "TIME", "2023-05-30T04:00"),
        ("The shelling began at 11 at night.", "11 at night", "TIME", "2023-05-30T23:00"),
        ("They met at 10 o'clock.", "10 o'clock", "TIME", "2023-05-30T10:00"),
        ("The vote came late on Tuesday.", "late on Tuesday", "DATE", "2023-05-30"),
    ],
)
def test_durations_sets_and_times_of_day(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


def test_a_clock_time_takes_the_day_named_right_after_it(timexes):
    rows = timexes("The plane landed on May 12. It left again at 9 a.m. EST on Friday.")
    assert one(rows, "9 a.m. EST")["value"] == "2023-05-26T09:00"


@pytest.mark.parametrize("sentence", ["In the early days of the republic, few voted.", "Thus Sundance began."])
def test_no_duration_or_set_in_look_alikes(timexes, sentence):
    assert timexes(sentence) == []


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # A stretch of unspecified length after a preposition, its determiner inside the span.
        ("Many patients died over the years.", "the years", "DURATION", "PXY"),
        ("You save fewer lives in the early years.", "the early years", "DURATION", "PXY"),
        ("Prisoners were taken in the first hours of the ground war.", "the first hours", "DURATION", "PTXH"),
        # "in the morning" is a part of the last day named.
        ("Shares fell on Friday; dealers bought heavily in the morning.", "the morning", "TIME", "2023-05-26TMO"),
        # The second day of a pair sharing the month name is a date of its own, with the pair's year.
        ("The summit will be held on April 24 and 25, 1999.", "25, 1999", "DATE", "1999-04-25"),
        ("The summit will be held on April 24 and 25, 1999.", "April 24", "DATE", "1999-04-24"),
        ("The summit was held on May 3 and 4.", "4", "DATE", "2023-05-04"),
    ],
)
def test_vague_stretches_parts_of_day_and_day_pairs(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


@pytest.mark.parametrize(
    "sentence, span",
    [
        ("His car was seen in the weeks before the shooting.", "weeks"),
        ("Police arrested him in the early hours of Thursday morning.", "Thursday morning"),
        ("Prices rose 5 and 6 percent in March.", "March"),
    ],
)
def test_vague_stretches_and_day_pairs_leave_other_readings_alone(timexes, sentence, span):
    assert [r["text"] for r in timexes(sentence)] == [span]


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # "coming weeks" is the forward counterpart of "recent weeks": a vague stretch, not a bare FUTURE_REF.
        ("Rates may fall in coming weeks.", "coming weeks", "DURATION", "PXW"),
        ("Funds will sell bonds in the weeks ahead.", "the weeks ahead", "DURATION", "PXW"),
        # A unit and "ago" without a number is some time back, as "a few years ago" is.
        ("The firm, which just months ago was losing money, is healthy.", "months ago", "DATE", "PAST_REF"),
        # Two ordinals sharing "quarters": each a quarter, of the year named or (plural, no year) of every year.
        ("Most sales come in the second and fourth quarters.", "second", "SET", "XXXX-Q2"),
        ("Most sales come in the second and fourth quarters.", "fourth quarters", "SET", "XXXX-Q4"),
        ("Prices will fall in the first and second quarters of 1990.", "first", "DATE", "1990-Q1"),
    ],
)
def test_vague_ahead_and_ago_and_quarter_pairs(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


@pytest.mark.parametrize(
    "sentence, span, ttype, value",
    [
        # A part of the day before the adverb naming the day is one time of that day.
        ("In London at mid-afternoon yesterday, shares were up.", "mid-afternoon yesterday", "TIME", "2023-05-29TAF"),
        ("The vote comes late evening tomorrow.", "late evening tomorrow", "TIME", "2023-05-31TEV"),
        # "had been due to" looks back from a past moment, as "had been scheduled to" does.
        ("It was extended. It had been due to expire Friday evening.", "Friday evening", "TIME", "2023-05-26TEV"),
        ("The offer is due to expire Friday evening.", "Friday evening", "TIME", "2023-06-02TEV"),
    ],
)
def test_parts_of_named_days_and_past_plans(timexes, sentence, span, ttype, value):
    row = one(timexes(sentence), span)
    assert (row["timex_type"], row["value"]) == (ttype, value)


@pytest.mark.parametrize(
    "sentence, spans",
    [
        # A range of days under one month name is two dates, the year after it the first day's too.
        ("The ministers met on March 14-15 in Lisbon.", [("March 14", "2023-03-14"), ("15", "2023-03-15")]),
        ("The fair runs Oct. 3\u20135, 2019, in Leeds.", [("Oct. 3", "2019-10-03"), ("5, 2019", "2019-10-05")]),
        # The same range written before the month.
        ("The fair ran 8-9 May 2021 in Leeds.", [("8", "2021-05-08"), ("9 May 2021", "2021-05-09")]),
        ("Voting takes place on 2\u20133 June.", [("2", "2023-06-02"), ("3 June", "2023-06-03")]),
    ],
)
def test_day_ranges_are_two_dates(timexes, sentence, spans):
    assert [(r["text"], r["value"]) for r in timexes(sentence)] == spans


@pytest.mark.parametrize("sentence", ["He was a 24-year-old nurse in May.", "Turnout fell 3-4 percent in May."])
def test_day_ranges_leave_ages_and_amounts_alone(timexes, sentence):
    assert [r["text"] for r in timexes(sentence)] == ["May"]


def test_a_clock_time_restated_in_another_zone_is_told_once(timexes):
    rows = timexes("The quake struck at 4:20 p.m. (1120 GMT) on Sunday, officials said.")
    assert [(r["text"], r["value"]) for r in rows] == [("4:20 p.m.", "2023-05-28T16:20"), ("Sunday", "2023-05-28")]


def test_a_bracketed_clock_time_that_makes_the_time_precise_stays(timexes):
    rows = timexes("The convoy will leave at 5 in the morning (5 a.m. EDT Friday), he said.")
    assert [r["text"] for r in rows] == ["5 in the morning", "5 a.m. EDT Friday"]


def test_a_bracketed_clock_time_alone_is_a_time(timexes):
    assert [r["text"] for r in timexes("The convoy left at dawn (0540 GMT).")] == ["0540 GMT"]


@pytest.mark.parametrize(
    "sentence",
    ["Such habits are common among today's teenagers.", "Few jobs last a lifetime in today's fast-moving economy."],
)
def test_today_s_before_the_present_age_is_no_date(timexes, sentence):
    assert timexes(sentence) == []


def test_today_s_before_an_event_is_the_day(timexes):
    assert [(r["text"], r["value"]) for r in timexes("Today's vote was close.")] == [("Today", "2023-05-30")]


@pytest.mark.parametrize(
    "sentence, value",
    [
        # A month that hangs off a noun lies nearest the report, whatever the clause's tense.
        ("Officials said the company told buyers of a price rise in July.", "2023-07"),
        ("The union is still bound by a March agreement with the board.", "2023-03"),
        ("They went abroad to make the early-April visit.", "2023-04"),
        # Months away, the clause's tense still picks the side of the DCT.
        ("Engineers said problems were tied to the launch of new models in December.", "2022-12"),
    ],
)
def test_a_month_hanging_off_a_noun_lies_nearest_the_report(timexes, sentence, value):
    assert [r["value"] for r in timexes(sentence)] == [value]


@pytest.mark.parametrize(
    "sentence, dct, value",
    [
        ("Exports slowed in the last week of December 2004.", date(2005, 3, 1), "2004-W53"),
        ("The mill shut in the first week of March.", date(2004, 5, 2), "2004-W10"),
        ("The vote is due in the second week of March.", date(2005, 1, 10), "2005-W10"),
        ("Talks are planned for the final week in June.", date(2023, 5, 30), "2023-W26"),
        ("Rail staff will strike in the first week of March.", None, "XXXX-WXX"),
    ],
)
def test_the_nth_week_of_a_month_is_that_calendar_week(timexes, sentence, dct, value):
    rows = timexes(sentence, dct)
    assert [(r["timex_type"], r["value"]) for r in rows] == [("DATE", value)], rows


@pytest.mark.parametrize(
    "sentence, dct, value",
    [
        # A past end of the current unit that is still ahead is the last unit's.
        ("The index has gained 8% since year-end.", date(2005, 1, 10), "2004"),
        ("The index has gained 8% since the end of the year.", date(2005, 10, 3), "2004"),
        ("Orders dropped sharply at the end of the month.", date(2005, 3, 8), "2005-02"),
        # Ahead, or a deadline hanging off a noun, or while that end runs: the current unit's.
        ("Orders will pick up at the end of the month.", date(2005, 3, 8), "2005-03"),
        ("It is close to its goal of a cut by the end of the year.", date(2005, 3, 8), "2005"),
        ("Orders dropped sharply at the end of the year.", date(2005, 12, 20), "2005"),
    ],
)
def test_a_passed_end_of_the_current_unit_is_the_last_unit_s(timexes, sentence, dct, value):
    rows = timexes(sentence, dct)
    assert [(r["value"], r["mod"]) for r in rows] == [(value, "END")], rows
