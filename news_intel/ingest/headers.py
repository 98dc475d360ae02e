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
    ):
        return line, end + 1
    return None, start


def find_dateline(text: str, start: int = 0) -> str | None:
    """The dateline that opens the body ("SINGAPORE", "HONG KONG"), if any."""
    body = text[start:].lstrip("\n")
    m = _DATELINE.match(body)
    if not m:
        return None
    place = m.group(1).strip()
    # A dateline is a place in capitals; "US" or "I" followed by a dash are sentence starts, not places.
    letters = [c for c in place.split(",")[0] if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return None
    return place
