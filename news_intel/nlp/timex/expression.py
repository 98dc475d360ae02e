"""The value a rule's handler returns: one candidate temporal expression."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    timex_type: str
    value: str
    mod: str | None = None
    relative: bool = False
    priority: int = 0
    anchored_range: tuple[date, date] | None = None
    # A clock time with no day of its own takes the last day the text named ("Friday ... at 10 p.m.").
    day_from_context: bool = False
    # "that year", "the following month": (unit, offset) from the last date the text named.
    anaphor: tuple[str, int] | None = None
