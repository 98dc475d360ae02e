"""Title, dateline and header-date conventions found at the top of news files."""
from __future__ import annotations

import re
from datetime import date

# " date 2023-05-30 Headline..." on the first line, as some scrapers write it.
_DATE_HEADER = re.compile(r"\A[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)

# "SINGAPORE –", "HONG KONG:", "WASHINGTON (Reuters) -", "KYIV, Ukraine —": capitals, then a dash or colon.
_DATELINE = re.compile(
    r"\A[ \t]*((?:[A-Z][A-Z.'’-]*)(?:[ \t]+[A-Z][A-Z.'’-]*){0,3}(?:,[ \t]+[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+)?)?)"
    r"(?:[ \t]+\((?:[A-Za-z. ]{1,20})\))?[ \t]*(?:[–—-]{1,2}|:)[ \t]+(?=\S)"
)

# A dateline that carries the date, as wires write it: "LONDON 1996-08-30", "May 30 (Reuters) -",
# "WASHINGTON, March 3, 2021 --", "PARIS, 3 March 2021 -": an optional place in capitals (and a
# region in title case), then the date, then an optional agency, then a dash, a colon or the line's end.
_PLACE = r"[A-Z][A-Z.'’-]*(?:[ \t]+[A-Z][A-Z.'’-]*){0,3}(?:,[ \t]+[A-Z][A-Za-z.]+(?:[ \t]+[A-Z][A-Za-z.]+)?)?"
_MONTH = r"[A-Z][a-z]{2,8}\.?"
_DATED_DATELINE = re.compile(
    rf"\A[ \t]*(?:(?P<place>{_PLACE}),?[ \t]+)?"
    r"(?:(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<month>{_MONTH})[ \t]+(?P<day>\d{{1,2}})(?:,[ \t]*(?P<year>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})[ \t]+(?P<month2>{_MONTH})[ \t]+(?P<year2>\d{{4}}))"
    r"(?:[ \t]+\((?:[A-Za-z. ]{1,20})\))?[ \t]*(?:[–—-]{1,2}|:|(?=\n)|\Z)"
)

_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s*\Z")
_MAX_TITLE_CHARS = 200


def split_date_header(text: str) -> tuple[date | None, int]:
    """The date of a leading ``date YYYY-MM-DD`` header and where the rest of the text starts."""
    m = _DATE_HEADER.match(text)
    if not m:
        return None, 0
    try:
        return date.fromisoformat(m.group(1)), m.end()
    except ValueError:
        return None, 0


def find_title(text: str, start: int = 0) -> tuple[str | None, int]:
    """A headline line at ``start``: short, not a sentence, followed by more text.

    Returns ``(title or None, offset where the body starts)``.
    """
    end = text.find("\n", start)
    if end == -1:
        return None, start
    line = text[start:end].strip()
    rest = text[end:].strip()
    if (
        line
        and rest
        and len(line) <= _MAX_TITLE_CHARS
        and not _SENTENCE_END.search(line)
        and not _DATELINE.match(line)
        and not _dated_dateline(line)
    ):
        return line, end + 1
    return None, start


def find_dateline(text: str, start: int = 0) -> str | None:
    """The dateline that opens the body ("SINGAPORE", "HONG KONG"), if any."""
    body = text[start:].lstrip("\n")
    m = _DATELINE.match(body)
    if not m:
        dated = _dated_dateline(body[: body.find("\n") if "\n" in body else len(body)])
        return dated["place"].strip() if dated and dated["place"] else None
    place = m.group(1).strip()
    # A dateline is a place in capitals; "US" or "I" followed by a dash are sentence starts, not places.
    letters = [c for c in place.split(",")[0] if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None
    return place


def _month_number(word: str) -> int | None:
    from news_intel.nlp.timex.lexicon import lexicon  # the month names the timex lexicon knows

    months = lexicon().months
    w = word.lower()
    return months.get(w) or months.get(w.rstrip(".")) or months.get(w.rstrip(".") + ".")


def _dated_dateline(line: str) -> re.Match | None:
    m = _DATED_DATELINE.match(line)
    if m is None:
        return None
    if m["place"]:
        letters = [c for c in m["place"].split(",")[0] if c.isalpha()]
        if len(letters) < 3 or not all(c.isupper() for c in letters):
            return None
    if m["month"] and _month_number(m["month"]) is None or m["month2"] and _month_number(m["month2"]) is None:
        return None
    return m


def find_dateline_date(text: str, start: int = 0) -> date | None:
    """The publication date a dateline opening the body states ("LONDON 1996-08-30",
    "WASHINGTON, March 3, 2021 --"), or None. A dateline without a year ("May 30 (Reuters) -")
    states no date the calendar can place, so none is taken: the year is never guessed."""
    body = text[start:].lstrip("\n")
    m = _dated_dateline(body[: body.find("\n") if "\n" in body else len(body)])
    if m is None:
        return None
    try:
        if m["iso"]:
            return date.fromisoformat(m["iso"])
        if m["year"]:
            return date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
        if m["year2"]:
            return date(int(m["year2"]), _month_number(m["month2"]), int(m["day2"]))
    except ValueError:
        return None  # "February 30": no such day
    return None
