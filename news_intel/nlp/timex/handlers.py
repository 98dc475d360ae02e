"""The normalizers of the rules: each turns a match into a ``Timex`` (or None to reject it).

A rule of ``timex_rules.tsv`` names its handler; handlers are registered here by name with
``@handler``. Each takes the match ``m`` and the document's ``Resolver`` ``r`` (the DCT, the lexicon,
the tense around a span).
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from news_intel.nlp.timex.anchoring import Resolver
from news_intel.nlp.timex.calendar import (
    duration_value, holiday_date, in_closing_part, quarter_of, shift_quarter, week_in_month, week_value,
)
from news_intel.nlp.timex.expression import Timex
from news_intel.nlp.timex.lexicon import Lexicon, alternation, number

HANDLERS: dict = {}

def handler(fn):
    """Register ``fn`` as the handler its name says (``timex_rules.tsv``'s ``handler`` column)."""
    HANDLERS[fn.__name__] = fn
    return fn

def month_number(m: re.Match, lex: Lexicon) -> int | None:
    word = m["month"].lower().rstrip(".") if m["month"] else None
    key = m["month"].lower()
    if key not in lex.months:
        key = word if word in lex.months else key + "."
    if key.rstrip(".") in lex.ambiguous_lowercase and m["month"][0].islower():
        return None
    return lex.months.get(key)

@handler
def month_day(m, r: Resolver):
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    # "April 24 and 25, 1999", "June 3-5, 2021": the year after a pair or a range of days is the
    # first day's too. A range's second day is a date of its own (``second_day``), so the span
    # ends at the first.
    year = m["year"] or m.groupdict().get("pair_year") or m.groupdict().get("range_year")
    end = m.end("day") if m.groupdict().get("range") else m.end()
    return _day_of_month(r, mo, m["day"], year, m.start(), end, (m.start(), end))


def _day_of_month(r: Resolver, mo: int, day: str, year: str | None, start: int, end: int,
                  clause: tuple[int, int]) -> Timex | None:
    """The day ``day`` of month ``mo`` as characters ``start:end``: a date in ``year`` when the text gives
    one (None for a day that month does not have), else resolved against the DCT by the tense of the
    clause around characters ``clause``."""
    d = int(re.match(r"\d+", day)[0])
    if year:
        try:
            return Timex(start, end, "DATE", date(int(year), mo, d).isoformat())
        except ValueError:
            return None
    return Timex(start, end, "DATE", r.month_day(mo, d, *clause), relative=True)

@handler
def month_year(m, r: Resolver):
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    return Timex(m.start(), m.end(), "DATE", f"{m['year']}-{mo:02d}")

@handler
def month_rel_year(m, r: Resolver):
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    y = r.unit_point("Y", {"last": -1, "this": 0, "next": 1}[m["rel"].lower()])
    return Timex(m.start(), m.end(), "DATE", f"{y}-{mo:02d}", relative=True)

@handler
def month(m, r: Resolver):
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    # "May" as a name ("Theresa May") or a verb at sentence start: take it only when the
    # parser does not see a person's name.
    span = r.doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is not None and span[0].ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return None
    if m["month"].lower() in ("may", "march") and span is not None and span[0].pos_ in ("AUX", "VERB"):
        return None
    return Timex(m.start(), m.end(), "DATE", r.month(mo, m.start(), m.end()), relative=True)

@handler
def rel_month(m, r: Resolver):
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    rel = m["rel"].lower()
    if r.dct is None:
        return Timex(m.start(), m.end(), "DATE", f"XXXX-{mo:02d}", relative=True)
    y = r.dct.year
    if rel in ("last", "past") and mo >= r.dct.month:
        y -= 1
    elif rel in ("next", "coming") and mo <= r.dct.month:
        y += 1
    return Timex(m.start(), m.end(), "DATE", f"{y}-{mo:02d}", relative=True)

@handler
def spelled_year(m, r: Resolver):
    tens = m.groupdict().get("tens")
    y = (1900 + r.lex.tens[tens.lower()] if tens else 2000) + (r.lex.digits[m["units"].lower()] if m["units"] else 0)
    if m["season"]:
        return Timex(m.start(), m.end(), "DATE", f"{y}-{r.lex.seasons[m['season'].lower()]}")
    if m["month"]:
        mo = month_number(m, r.lex)
        if mo is None:
            return None
        return Timex(m.start(), m.end(), "DATE", f"{y}-{mo:02d}")
    return Timex(m.start(), m.end(), "DATE", str(y))

@handler
def decade_word(m, r: Resolver):
    tens = m["tens"].lower().removesuffix("ies") + "y"
    return Timex(m.start(), m.end(), "DATE", f"19{r.lex.tens[tens] // 10}")

@handler
def the_weekend(m, r: Resolver):
    if r.dct is None:
        return Timex(m.start(), m.end(), "DATE", "XXXX-WXX-WE", relative=True)
    offset = 0
    if r.tense(m.start(), m.end()) == "past" and r.dct.isoweekday() < 6:
        offset = -1
    return Timex(m.start(), m.end(), "DATE", r.unit_point("WE", offset), relative=True)

@handler
def fiscal_year(m, r: Resolver):
    rel = (m["rel"] or "").lower()
    if not rel:
        return None
    offset = {"current": 0, "next": 1}.get(rel, -1)
    return Timex(m.start(), m.end(), "DATE", r.unit_point("Y", offset), relative=True)

@handler
def year(m, r: Resolver):
    span = r.doc.char_span(m.start("year"), m.end("year"), alignment_mode="expand")
    if span is not None:
        tok = span[-1]
        nxt = r.doc[tok.i + 1] if tok.i + 1 < len(r.doc) else None
        prev = r.doc[span[0].i - 1] if span[0].i > 0 else None
        # "1500 troops" counts; "the 1992 protests", "fiscal 1989 sales" and "post-1959 politics"
        # name a year: a determiner or a prefix before the number rules out a count.
        year_modifier = (prev is not None and (prev.lower_ in ("the", "fiscal") or prev.tag_ == "POS")) or (
            r.text[max(0, m.start("year") - 1) : m.start("year")] == "-"
        )
        if nxt is not None and nxt.tag_ in ("NNS", "NNPS") and nxt.lower_ not in r.lex.units and not year_modifier:
            return None
        if prev is not None and prev.lower_ in ("$", "no.", "number", "flight", "route", "page", "room"):
            return None
        if nxt is not None and nxt.text in ("GMT", "BST", "UTC", "EST", "EDT", "CET", "hrs", "hours"):
            return None  # a 24-hour clock time ("at 2005 GMT")
    return Timex(m.start(), m.end(), "DATE", m["year"])

@handler
def decade(m, r: Resolver):
    if m["decade"]:
        return Timex(m.start(), m.end(), "DATE", m["decade"][:3])
    short = int(m["short"])
    century = "19" if short >= 20 or r.dct is None or r.dct.year < 2000 else "20"
    return Timex(m.start(), m.end(), "DATE", f"{century}{m['short'][0]}")

@handler
def century(m, r: Resolver):
    n = r.lex.ordinals.get(m["ord"].lower())
    if not n:
        return None
    return Timex(m.start(), m.end(), "DATE", f"{n - 1:02d}")

@handler
def weekday(m, r: Resolver):
    wd = r.lex.weekdays[m["wd"].lower()]
    rel = m["rel"].lower() if m["rel"] else None
    value = r.weekday(wd, rel, m.start(), m.end())
    if m["pod"]:
        return Timex(m.start(), m.end(), "TIME", f"{value}T{r.lex.parts_of_day[m['pod'].lower()]}", relative=True)
    return Timex(m.start(), m.end(), "DATE", value, relative=True)

REL_OFFSET = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
UNIT_CODE = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "century": "CE", "weekend": "WE", "day": "D"}

@handler
def rel_unit(m, r: Resolver):
    unit = UNIT_CODE[m["unit"].lower()]
    value = r.unit_point(unit, REL_OFFSET[m["rel"].lower()])
    return Timex(m.start(), m.end(), "DATE", value, relative=True) if value else None

@handler
def anaphoric_unit(m, r: Resolver):
    unit = UNIT_CODE[m["unit"].lower()]
    det = re.sub(r"\s+", " ", m["det"].lower())
    offset = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(det, 0)
    placeholder = {"Y": "XXXX", "M": "XXXX-XX", "Q": "XXXX-QX", "D": "XXXX-XX-XX"}[unit]
    return Timex(m.start(), m.end(), "DATE", placeholder, relative=True, anaphor=(unit, offset))

@handler
def anaphoric_part_of_day(m, r: Resolver):
    """"the next morning", "that evening": a part of the day counted from the last day the text named."""
    det = re.sub(r"\s+", " ", m["det"].lower())
    offset = {"the next": 1, "the following": 1, "the previous": -1}.get(det, 0)
    pod = r.lex.parts_of_day[m["pod"].lower()]
    return Timex(m.start("det"), m.end(), "TIME", f"XXXX-XX-XXT{pod}", relative=True, anaphor=("D", offset))

@handler
def anaphoric_weekday(m, r: Resolver):
    """"the previous Friday", "the following Monday": counted from the last day the text named
    (from the DCT when it named none)."""
    wd = r.lex.weekdays[m["wd"].lower()]
    forward = m["rel"].lower() == "following"
    value = r.weekday(wd, "next" if forward else "last", m.start(), m.end())
    return Timex(m.start(), m.end(), "DATE", value, relative=True, anaphor=(f"WD{wd}", 1 if forward else -1))

@handler
def past_unit(m, r: Resolver):
    unit = UNIT_CODE[m["unit"].lower()]
    anchored = None
    if r.dct and unit in ("W", "M", "Y"):
        anchored = (r.dct - relativedelta(**{{"W": "weeks", "M": "months", "Y": "years"}[unit]: 1}), r.dct)
    return Timex(m.start(), m.end(), "DURATION", duration_value(1, unit, False), relative=True, priority=1,
                 anchored_range=anchored)

@handler
def season(m, r: Resolver):
    s = r.lex.seasons[m["season"].lower()]
    if m["season"].lower() in r.lex.ambiguous_lowercase and not (m["rel"] or m["year"]):
        return None
    if m["year"]:
        return Timex(m.start(), m.end(), "DATE", f"{m['year']}-{s}")
    rel = m["rel"].lower() if m["rel"] else None
    return Timex(m.start(), m.end(), "DATE", r.season(s, rel), relative=True)

@handler
def past_seasons(m, r: Resolver):
    """"The past three summers": that season, each year of a run of years (a set, as "each summer")."""
    return Timex(m.start(), m.end(), "SET", f"XXXX-{r.lex.seasons[m['season'].lower()]}")

@handler
def ago(m, r: Resolver):
    n = number(m["num"], r.lex)
    unit, is_clock = r.lex.units[re.sub(r"\s+", " ", m["unit"].lower())]
    if is_clock:
        unit = {"H": "H", "M": "MIN", "S": "S"}[unit]
    sign = 1 if m["dir"].lower().split()[0] in ("later", "after", "from", "hence") else -1
    if n is None:
        return None
    if m["dir"].lower() in ("after", "before") or (
        m["dir"].lower() in ("later", "earlier") and unit not in ("Y", "DE", "CE", "Q")
    ):
        # "two days after the vote", "three days later": a duration counted from an event the
        # text told, not from the DCT. (A year earlier is the reporting convention for
        # comparisons, "profit a year earlier", and keeps its calendar value.)
        return Timex(m.start(), m.end("unit"), "DURATION", duration_value(n, unit if not is_clock else r.lex.units[re.sub(r"\s+", " ", m["unit"].lower())][0], is_clock))
    if n == "X":
        return Timex(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
    if unit == "Y" and n == 1 and m["dir"].lower() in ("earlier", "ago") and (q := r.compared_quarter(m.start())):
        y, qq = q
        return Timex(m.start(), m.end(), "DATE", f"{y - 1}-Q{qq}", relative=True)
    value = r.shifted_point(unit, n, sign)
    return Timex(m.start(), m.end(), "DATE", value, relative=True) if value else None

@handler
def duration(m, r: Resolver):
    unit_word = re.sub(r"\s+", " ", m["unit"].lower())
    unit, is_clock = r.lex.units[unit_word]
    n = "X" if m.groupdict().get("many") else number(m.group("num"), r.lex)
    if n is None:
        return None
    if (m.groupdict().get("half") or m.groupdict().get("and_half")) and n != "X":
        n += 0.5
    if n != "X" and n > 1000:
        return None
    num_word = (m.groupdict().get("num") or "").lower()
    if unit_word == "second" and num_word in ("a", "an"):
        return None  # "a second term"
    if unit_word == "quarter" and re.match(r"\s+of\b", r.text[m.end():]):
        return None  # "a quarter of the market" is a fraction
    if num_word in ("a", "an") and unit_word.endswith("s"):
        return None
    if num_word in ("some", "many", "few") and not unit_word.endswith("s"):
        return None
    start = m.start()
    rel = (m.groupdict().get("rel") or "").lower()
    anchored = None
    if rel in ("past", "last", "previous") and r.dct and n != "X" and not is_clock and unit in ("Y", "M", "W", "D"):
        amount = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}[unit]
        anchored = (r.dct - relativedelta(**{amount: int(n)}), r.dct)
    elif rel in ("next", "coming") and r.dct and n != "X" and not is_clock and unit in ("Y", "M", "W", "D"):
        amount = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}[unit]
        anchored = (r.dct, r.dct + relativedelta(**{amount: int(n)}))
    t = Timex(start, m.end(), "DURATION", duration_value(n, unit, is_clock), relative=anchored is not None,
              anchored_range=anchored)
    if not m.groupdict().get("the") and not rel and m.groupdict().get("num") and m["num"].lower() in ("a", "an"):
        # "a year" after a quantity is a rate: "$33 million a year".
        before = r.text[max(0, start - 25) : start]
        if re.search(r"(\d|million|billion|times|percent|%)\s*$", before, re.I):
            return Timex(start, m.end(), "SET", f"P1{unit}" if not is_clock else f"PT1{unit}", priority=1)
    return t

@handler
def unit_long(m, r: Resolver):
    """"a day-long strike": one unit; "decades-long" many."""
    word = m["unit"].lower()
    unit, is_clock = r.lex.units[word]
    return Timex(m.start(), m.end(), "DURATION", duration_value("X" if word.endswith("s") else 1, unit, is_clock))

@handler
def vague_plural(m, r: Resolver):
    unit, is_clock = r.lex.units[m["unit"].lower()]
    # "for weeks or months": one vague span, as long as its shorter unit at least.
    end = m.end("unit_or") if m.groupdict().get("unit_or") else m.end("unit")
    return Timex(m.start("unit"), end, "DURATION", duration_value("X", unit, is_clock))

def prenominal_start(m: re.Match) -> int:
    """Where a quarter used as a noun's modifier starts: "the" before "third-quarter results" or
    "year-ago levels" is the determiner of the noun, not part of the date."""
    text = m.group()
    if re.match(r"the\s", text, re.I) and re.search(r"(?:first|second|third|fourth|1st|2nd|3rd|4th)-quarter$|year-(?:ago|earlier)$", text, re.I):
        return m.start() + len(re.match(r"the\s+", text, re.I)[0])
    return m.start()

@handler
def quarter(m, r: Resolver):
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower())
    ord_word = m.groupdict().get("ord")
    year = m.groupdict().get("year")
    yrel = (m.groupdict().get("yrel") or "").lower()
    if yrel and r.dct is not None:
        year = str(r.dct.year + {"last": -1, "this": 0, "next": 1}[yrel])
    if year and not ord_word:
        # The quarter named last in the report, in this year: "the 1988 quarter".
        q = r.compared_quarter(m.start())
        if q is None:
            return Timex(m.start(), m.end(), "DATE", year) if m.groupdict().get("period") else None
        return Timex(m.start(), m.end(), "DATE", f"{year}-Q{q[1]}", relative=True)
    if ord_word:
        q = r.lex.ordinals[ord_word.lower()]
        if q > 4:
            return None
        start = prenominal_start(m)
        if year:
            return Timex(start, m.end(), "DATE", f"{year}-Q{q}")
        if r.dct is None:
            return Timex(start, m.end(), "DATE", f"XXXX-Q{q}", relative=True)
        y = r.dct.year - (1 if rel in ("year-ago", "year-earlier", "last", "previous", "prior") else 0)
        if not rel and q > quarter_of(r.dct)[1] and r.tense(m.start(), m.end()) == "past":
            y -= 1  # results reported for "the fourth quarter" in January are last year's
        return Timex(start, m.end(), "DATE", f"{y}-Q{q}", relative=True)
    if r.dct is None:
        return Timex(m.start(), m.end(), "DATE", "XXXX-QX", relative=True)
    # "The latest quarter" has results, so it has ended: a quarter named before it that is still under
    # way by the calendar and not told in the past tense ("will take a fourth-quarter charge" in
    # November) is a forecast, not the one reported ("reported fourth-quarter earnings" is a fiscal one).
    named = r.quarter_context(m.start(), named_only=True, ended=rel in ("latest", "most recent")) if rel in (
        "", "latest", "most recent", "fiscal") else None
    if named:
        # "the quarter", "the latest period" in a report that has named its quarter ("the third
        # quarter ended Sept. 30 ... in the quarter") are that quarter.
        return Timex(m.start(), m.end(), "DATE", f"{named[0]}-Q{named[1]}", relative=True)
    offset = {"current": 0, "next": 1, "year-ago": -5, "year-earlier": -5}.get(rel, -1)
    y, q = shift_quarter(*quarter_of(r.dct), offset)
    return Timex(m.start(), m.end(), "DATE", f"{y}-Q{q}", relative=True)

@handler
def half(m, r: Resolver):
    h = 2 if m["ord"].lower() in ("last", "latter") else r.lex.ordinals[m["ord"].lower()]
    if m["rel"]:
        y = r.unit_point("Y", REL_OFFSET.get(m["rel"].lower(), 0))
    elif m["year"]:
        y = m["year"]
    else:
        y = r.unit_point("Y", 0)
    return Timex(m.start(), m.end(), "DATE", f"{y}-H{h}", relative=not m["year"] or bool(m["rel"]))

@handler
def year_earlier(m, r: Resolver):
    start = prenominal_start(m)
    if r.dct is None:
        return Timex(start, m.end(), "DATE", "XXXX", relative=True)
    if q := r.compared_quarter(m.start()):
        return Timex(start, m.end(), "DATE", f"{q[0] - 1}-Q{q[1]}", relative=True)
    if "quarter" in m.group().lower():
        # No quarter named yet: the one just reported is the last one ended.
        y, q = shift_quarter(*quarter_of(r.dct), -1)
        return Timex(start, m.end(), "DATE", f"{y - 1}-Q{q}", relative=True)
    return Timex(start, m.end(), "DATE", str(r.dct.year - 1), relative=True)

@handler
def full_year(m, r: Resolver):
    """"the full year" of an earnings report: the current (fiscal) year, not a duration."""
    return Timex(m.start(), m.end(), "DATE", r.unit_point("Y", 0), relative=True)

@handler
def the_fiscal_year(m, r: Resolver):
    """Bare "the fiscal year": a stretch of time over which something runs ("throughout the fiscal
    year", "the fiscal year ended Jan. 31"), else the current fiscal year ("earnings for the fiscal year")."""
    prep = (m["prep"] or "").strip().lower()
    if prep in ("during", "over", "throughout") or m["ended"]:
        return Timex(m.start("the"), m.end("the"), "DURATION", "P1Y")
    return Timex(m.start("the"), m.end("the"), "DATE", r.unit_point("Y", 0), relative=True)

@handler
def week_of(m, r: Resolver):
    """"the week of March 6": the calendar week holding that day."""
    day = month_day(m, r)
    if day is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
        return Timex(m.start(), m.end(), "DATE", "XXXX-WXX", relative=True)
    return Timex(m.start(), m.end(), "DATE", week_value(date.fromisoformat(day.value)), relative=day.relative)

@handler
def week_of_month(m, r: Resolver):
    """"the last week of December 2004", "the first week of March": the calendar week of those seven
    days, in the year given, else in the month's year as a bare month's is found."""
    mo = month_number(m, r.lex)
    ord_word = m["ord"].lower()
    nth = -1 if ord_word in ("last", "final") else r.lex.ordinals.get(ord_word)
    if mo is None or not nth or nth > 4:
        return None
    month_value = f"{int(m['year']):04d}-{mo:02d}" if m["year"] else r.month(mo, m.start(), m.end())
    if month_value.startswith("X"):
        return Timex(m.start(), m.end(), "DATE", "XXXX-WXX", relative=True)
    day = week_in_month(int(month_value[:4]), mo, nth)
    return Timex(m.start(), m.end(), "DATE", week_value(day), relative=not m["year"])

@handler
def the_unit(m, r: Resolver):
    """Bare "the year"/"the week": a stretch of time when it runs through ("during the year") or ends
    on a date ("the year ended March 31"), else the DCT's: a report's "for the year" is the year
    reported, as "for the quarter" is the quarter."""
    unit = UNIT_CODE[m["unit"].lower()]
    prep = (m["prep"] or "").strip().lower()
    if prep in ("during", "over", "throughout") or m["ended"]:
        return Timex(m.start("the"), m.end(), "DURATION", f"P1{unit}")
    return Timex(m.start("the"), m.end(), "DATE", r.unit_point(unit, 0), relative=True)

@handler
def set_calendar(m, r: Resolver):
    """"every Monday", "each March", "each spring", "every morning"."""
    if m.groupdict().get("season"):
        return Timex(m.start(), m.end(), "SET", f"XXXX-{r.lex.seasons[m['season'].lower()]}")
    if m.groupdict().get("pod"):
        return Timex(m.start(), m.end(), "SET", f"XXXX-XX-XXT{r.lex.parts_of_day[m['pod'].lower()]}")
    if m["wd"]:
        return Timex(m.start(), m.end(), "SET", f"XXXX-WXX-{r.lex.weekdays[m['wd'].lower()]}")
    mo = month_number(m, r.lex)
    return Timex(m.start(), m.end(), "SET", f"XXXX-{mo:02d}") if mo else None

@handler
def numeric_date(m, r: Resolver):
    try:
        return Timex(m.start(), m.end(), "DATE", date(int(m["y"]), int(m["mo"]), int(m["d"])).isoformat())
    except ValueError:
        return None

@handler
def every(m, r: Resolver):
    unit, is_clock = r.lex.units[re.sub(r"\s+", " ", m["unit"].lower())]
    n = 2 if m["num"].lower() == "other" else number(m["num"], r.lex)
    if n is None:
        return None
    return Timex(m.start(), m.end(), "SET", duration_value(n, unit, is_clock))

@handler
def holiday(m, r: Resolver):
    h = r.lex.holidays[re.sub(r"\s+", " ", m["holiday"].lower())]
    if m["holiday"][0].islower() and m["holiday"].lower() not in ("christmas", "easter", "halloween", "thanksgiving"):
        return None  # "labor day" in lower case is rarely the holiday; capitalised names are
    if m["year"]:
        y = int(m["year"])
    elif r.dct is None:
        if m["week"]:
            return Timex(m.start(), m.end(), "DATE", "XXXX-WXX", relative=True)
        if h["month"] and h["day"]:
            return Timex(m.start(), m.end(), "DATE", f"XXXX-{int(h['month']):02d}-{int(h['day']):02d}", relative=True)
        return Timex(m.start(), m.end(), "DATE", "XXXX-XX-XX", relative=True)
    else:
        y = r.dct.year
    day = holiday_date(h, y)
    # "Easter week": the calendar week holding the holiday, which has begun once its Monday has.
    begins = (lambda d: d - timedelta(days=d.isoweekday() - 1)) if m["week"] else (lambda d: d)
    if not m["year"] and r.dct is not None:
        rel = (m["rel"] or "").lower()
        tense = "past" if rel == "last" else "future" if rel == "next" else r.tense(m.start(), m.end())
        if tense == "past" and begins(day) > r.dct:
            day = holiday_date(h, y - 1)
        elif tense == "future" and day < r.dct:
            day = holiday_date(h, y + 1)
        elif tense == "present":
            day = min((holiday_date(h, yy) for yy in (y - 1, y, y + 1)), key=lambda d: abs((d - r.dct).days))
    if m["week"]:
        return Timex(m.start(), m.end(), "DATE", week_value(day), relative=not m["year"])
    return Timex(m.start(), m.end(), "DATE", day.isoformat(), relative=not m["year"])

@handler
def clock(m, r: Resolver):
    if m["named"]:
        if not (m["wd"] or m["wd2"] or m["month"]):
            return None  # bare "noon" is left to the fixed phrases
        h, minutes = (12 if m["named"].lower() == "noon" else 24), "00"
    else:
        h = int(m["h"])
        if h > 12 or h == 0:
            return None
        ampm = m["ampm"].lower()
        if ampm.startswith("p") and h != 12:
            h += 12
        elif ampm.startswith("a") and h == 12:
            h = 0
        minutes = m["m"] or "00"
    wd = m["wd"] or m["wd2"]
    if m["month"] and (mo := month_number(m, r.lex)):
        day = r.month_day(mo, int(re.match(r"\d+", m["day"])[0]), m.start(), m.end())
    elif wd:
        day = r.weekday(r.lex.weekdays[wd.lower()], None, m.start(), m.end())
    else:
        day = r.dct.isoformat() if r.dct else "XXXX-XX-XX"
    start = m.start("wd") if m["wd"] else (m.start("h") if m["h"] else m.start("named"))
    return Timex(start, m.end(), "TIME", f"{day}T{h:02d}:{minutes}", relative=True,
                 day_from_context=not (wd or m["month"]))

@handler
def boundary(m, r: Resolver):
    pos = m["pos"].lower()
    mod = "END" if "end" in pos else "START" if ("beginning" in pos or "start" in pos) else "MID"
    if m["unit"]:
        unit = UNIT_CODE[m["unit"].lower()]
    elif re.match(r"(year|month)", pos):
        unit = "Y" if pos.startswith("year") else "M"
    else:
        return None
    offset = 0
    if (mod == "END" and r.dct is not None and unit in ("W", "M", "Q", "Y") and not in_closing_part(r.dct, unit)
            and r.tense(m.start(), m.end(), direct=True) == "past"):
        # "Shares have risen since year-end", "sales fell at the end of the month": an end that has
        # passed is the last unit's while the current one's is still ahead.
        offset = -1
    value = r.unit_point(unit, offset)
    return Timex(m.start(), m.end(), "DATE", value, mod=mod, relative=True) if value else None

@lru_cache(maxsize=1)
def _nowadays_after(nouns: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?:'s|\u2019s)\s+(?:[a-z-]+\s+)?" + alternation(nouns) + r"\b")


def _names_a_periodical(m, r: Resolver) -> bool:
    """"the Communist Party daily Granma", "the business weekly Barron's": a newspaper by its kind,
    before its name and after what describes it, not a recurrence ("he attends daily Mass")."""
    span = r.doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or span.start == 0 or span.end >= len(r.doc):
        return False
    before, after = r.doc[span.start - 1], r.doc[span.end]
    if after.is_sent_start or before.sent.start != span.sent.start:
        return False
    return after.text[:1].isupper() and after.pos_ == "PROPN" and before.pos_ in ("NOUN", "PROPN", "ADJ")


@handler
def fixed(m, r: Resolver):
    phrase = re.sub(r"\s+", " ", m["phrase"].lower())
    ttype, value, offset, needs_context = r.lex.fixed[phrase]
    if phrase in r.lex.word_classes.get("nowadays_day", ()) and _nowadays_after(
        r.lex.word_classes.get("nowadays_noun", ())
    ).match(r.text, m.end()):
        # "today's youth", "in today's world": the present age, not the day of the report.
        return None
    if phrase in r.lex.word_classes.get("periodical", ()) and _names_a_periodical(m, r):
        return None
    if needs_context:
        before = r.text[max(0, m.start() - 25) : m.start()]
        if not re.search(r"(\d|million|billion|times|percent|%|\w+s)\s*$", before, re.I):
            return None
        return Timex(m.start(), m.end(), ttype, value, priority=1)
    if offset is None:
        if value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            # The adjectives only count before a noun ("current levels"), not as a noun modifier
            # inside names ("Current Affairs") or predicates.
            span = r.doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if phrase in ("current", "recent", "future") and span is not None and span[-1].ent_type_ not in ("", "DATE"):
                return None
        return Timex(m.start(), m.end(), ttype, value, relative=value.endswith("_REF"))
    day = (r.dct + timedelta(days=offset)).isoformat() if r.dct else "XXXX-XX-XX"
    if ttype == "TIME":
        return Timex(m.start(), m.end(), "TIME", f"{day}{value if value.startswith('T') else 'T' + value}", relative=True)
    return Timex(m.start(), m.end(), "DATE", day, relative=True)


@handler
def someday(m, r: Resolver):
    """"will one day be", "hopes to one day run": an unnamed time ahead, not a day's duration."""
    return Timex(m.start("phrase"), m.end("phrase"), "DATE", "FUTURE_REF", relative=True)


@handler
def frequency(m, r: Resolver):
    """"twice a week", "three times a year", "once every four years": a set of the period (how many
    times in it is TIMEX3's quant)."""
    unit, is_clock = r.lex.units[re.sub(r"\s+", " ", m["unit"].lower())]
    n = number(m["every"], r.lex) if m["every"] else 1
    if n is None:
        return None
    return Timex(m.start(), m.end(), "SET", duration_value(n, unit, is_clock), priority=1)


@handler
def weekday_set(m, r: Resolver):
    """"on Sundays", "Tuesday nights", "on weekends": the days recurring each week."""
    if m["weekends"]:
        return Timex(m.start("weekends"), m.end(), "SET", "XXXX-WXX-WE")
    value = f"XXXX-WXX-{r.lex.weekdays[m['wd'].lower()]}"
    if m["pods"]:
        value += f"T{r.lex.parts_of_day[m['pods'].lower()[:-1]]}"
    return Timex(m.start("wd"), m.end(), "SET", value)


@handler
def weekday_pair_set(m, r: Resolver):
    """The first of two weekdays sharing a plural ("on Monday and Tuesday nights", "Mondays and
    Thursdays"): a set as the second is; the second is a span of its own (``weekday_set``)."""
    value = f"XXXX-WXX-{r.lex.weekdays[m['wd'].lower()]}"
    if m["pods"]:
        value += f"T{r.lex.parts_of_day[m['pods'].lower()[:-1]]}"
    return Timex(m.start("wd"), m.end("wd"), "SET", value)


@handler
def whole_unit(m, r: Resolver):
    """"the whole day", "the entire year": one unit's length."""
    unit, is_clock = r.lex.units[m["unit"].lower()]
    return Timex(m.start(), m.end(), "DURATION", duration_value(1, unit, is_clock))


def _clock_day(m, r: Resolver) -> tuple[str, bool]:
    """The day a clock time names (a weekday after it), else the DCT's, to be replaced by a day the
    text names around it."""
    wd = m.groupdict().get("wd2")
    if wd:
        return r.weekday(r.lex.weekdays[wd.lower()], None, m.start(), m.end()), False
    return (r.dct.isoformat() if r.dct else "XXXX-XX-XX"), True


@handler
def clock_24h(m, r: Resolver):
    """A 24-hour clock time with its zone: "15:30 GMT", "0735 GMT", "21:00 local time"."""
    h, minutes = (int(m["h"]), m["m"]) if m["h"] else (int(m["hh"]), m["mm"])
    if h > 23:
        return None
    day, from_context = _clock_day(m, r)
    start = m.start("h") if m["h"] else m.start("hh")
    return Timex(start, m.end(), "TIME", f"{day}T{h:02d}:{minutes}", relative=True, day_from_context=from_context)


@handler
def clock_part_of_day(m, r: Resolver):
    """"4 in the morning", "11 at night", "6 o'clock in the evening"."""
    h = int(m["h"])
    if h == 0 or h > 12:
        return None
    pod = (m.groupdict().get("pod") or m.groupdict().get("pod_night") or "").lower()
    if pod in ("afternoon", "evening") and h != 12 or pod == "night" and 6 <= h < 12:
        h += 12
    elif pod in ("morning", "night") and h == 12:
        h = 0
    day, from_context = _clock_day(m, r)
    return Timex(m.start("h"), m.end(), "TIME", f"{day}T{h:02d}:{m.groupdict().get('m') or '00'}", relative=True,
                 day_from_context=from_context)


@handler
def vague_the_plural(m, r: Resolver):
    """"over the years", "in the early years", "in the first hours of the war": a stretch of an
    unspecified number of units, the determiner and its adjective inside the span."""
    unit, is_clock = r.lex.units[m["unit"].lower()]
    return Timex(m.start("the"), m.end(), "DURATION", duration_value("X", unit, is_clock))


@handler
def second_day(m, r: Resolver):
    """The second day of a pair sharing one month name ("on April 24 and 25"): a date of its own,
    in the year the text gives or, without one, resolved as the first day is."""
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    end = m.end() if m["year"] else m.end("day")
    return _day_of_month(r, mo, m["day"], m["year"], m.start("day"), end, (m.start(), m.end()))


def _range_day(m, r: Resolver, day: str, start: int, end: int) -> Timex | None:
    """One day of a range written before its month ("24-25 April 2021"), in the year given after the
    range or, without one, resolved as the date the range names."""
    mo = month_number(m, r.lex)
    if mo is None:
        return None
    return _day_of_month(r, mo, day, m["year"], start, end, (m.start(), m.end()))


@handler
def range_first_day(m, r: Resolver):
    """The first day of "24-25 April": a bare number whose month and year come after the range."""
    return _range_day(m, r, m["first"], m.start("first"), m.end("first"))


@handler
def range_last_day(m, r: Resolver):
    """The last day of "24-25 April 2021", with the month and the year written after it."""
    return _range_day(m, r, m["day"], m.start("day"), m.end())


@handler
def vague_ago(m, r: Resolver):
    """"months ago", "years earlier" without a number: some time before the DCT, as "a few years ago"."""
    return Timex(m.start(), m.end(), "DATE", "PAST_REF", relative=True)


@handler
def quarter_pair(m, r: Resolver):
    """One of two ordinals sharing "quarters" ("the second and fourth quarters"): that quarter of
    the year named after the pair, else of every year (plural quarters without a year recur). The
    first ordinal is a span of its own; the second carries the noun and the year."""
    q = r.lex.ordinals[m["ord"].lower()]
    if q > 4:
        return None
    end = m.end() if m.groupdict().get("quarters") else m.end("ord")
    if m["year"]:
        return Timex(m.start("ord"), end, "DATE", f"{m['year']}-Q{q}")
    return Timex(m.start("ord"), end, "SET", f"XXXX-Q{q}")


@handler
def part_of_day_of_day(m, r: Resolver):
    """"mid-afternoon yesterday", "late evening tomorrow": a part of the day the adverb names."""
    offset = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["day"].lower()]
    day = (r.dct + timedelta(days=offset)).isoformat() if r.dct else "XXXX-XX-XX"
    return Timex(m.start(), m.end(), "TIME", f"{day}T{r.lex.parts_of_day[m['pod'].lower()]}", relative=True)
