"""Calendar arithmetic and TIMEX3 value formatting: weeks, quarters, seasons, holidays, durations,
and the calendar interval and granularity a value denotes."""
from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def week_in_month(year: int, month: int, nth: int) -> date:
    """A day in the ``nth`` seven days of a month (``nth`` < 0 counts from its end): the middle of that
    stretch, so the ISO week holding it is the week most of those days fall in."""
    first = date(year, month, 1)
    if nth > 0:
        return first + timedelta(days=7 * (nth - 1) + 3)
    last = first + relativedelta(months=1) - timedelta(days=1)
    return last - timedelta(days=7 * (-nth - 1) + 3)


def in_closing_part(d: date, unit: str) -> bool:
    """Whether ``d`` lies in the closing part of its week, month, quarter or year ("W", "M", "Q", "Y"),
    the stretch a past "the end of the year" can mean while it runs: from Friday, the 25th, the last
    month of a quarter, November."""
    if unit == "W":
        return d.weekday() >= 4
    if unit == "M":
        return d.day >= 25
    if unit == "Q":
        return d.month % 3 == 0
    return d.month >= 11


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def shift_quarter(y: int, q: int, n: int) -> tuple[int, int]:
    idx = y * 4 + (q - 1) + n
    return idx // 4, idx % 4 + 1


SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


def season_of(d: date) -> tuple[int, str]:
    """Meteorological season; December belongs to the next year's winter."""
    m = d.month
    if m == 12:
        return d.year + 1, "WI"
    return d.year, ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA")[m - 1]


def month_range(y: int, m: int) -> tuple[date, date]:
    start = date(y, m, 1)
    return start, start + relativedelta(months=1) - timedelta(days=1)


def value_range(value: str) -> tuple[date, date] | None:
    """The calendar interval a TIMEX3 date/time value denotes, or None when it is not a point."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return month_range(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            first = date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return first, first + relativedelta(months=3) - timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-H([12])", value):
            first = date(int(m[1]), 6 * int(m[2]) - 5, 1)
            return first, first + relativedelta(months=6) - timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            y = int(m[1])
            start_month = {"SP": (y, 3), "SU": (y, 6), "FA": (y, 9), "WI": (y - 1, 12)}[m[2]]
            first = date(start_month[0], start_month[1], 1)
            return first, first + relativedelta(months=3) - timedelta(days=1)
        if m := re.fullmatch(r"(\d{3})", value):
            y = int(m[1]) * 10
            return date(y, 1, 1), date(y + 9, 12, 31)
        if m := re.fullmatch(r"(\d{2})", value):
            y = int(m[1]) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    except ValueError:
        return None
    return None


_GRANULARITIES = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"\d{4}-\d{2}-\d{2}T.*", "time"),
        (r"(\d{4}|XXXX)-(\d{2}|XX)-(\d{2}|XX)", "day"),
        (r"(\d{4}|XXXX)-W(\d{2}|XX)-\d", "day"),
        (r"(\d{4}|XXXX)-W(\d{2}|XX)-WE", "weekend"),
        (r"(\d{4}|XXXX)-W(\d{2}|XX)", "week"),
        (r"(\d{4}|XXXX)-(\d{2}|XX)", "month"),
        (r"(\d{4}|XXXX)-Q[1-4X]", "quarter"),
        (r"(\d{4}|XXXX)-H[12]", "half"),
        (r"(\d{4}|XXXX)-(SP|SU|FA|WI)", "season"),
        (r"\d{4}|XXXX", "year"),
        (r"\d{3}", "decade"),
        (r"\d{2}", "century"),
    )
)


def granularity(value: str) -> str | None:
    for pattern, name in _GRANULARITIES:
        if pattern.fullmatch(value):
            return name
    return None


def holiday_date(h: dict, y: int) -> date:
    """The day a holiday of ``timex_holidays.csv`` falls on in year ``y``."""
    rule = h["weekday"]
    if h["day"]:
        return date(y, int(h["month"]), int(h["day"]))
    if rule.startswith("EASTER"):
        return easter(y) + timedelta(days=int(rule[6:] or 0))
    if rule == "ELECTION":
        # The Tuesday after the first Monday of November.
        return date(y, 11, 1) + relativedelta(weekday=MO(+1)) + timedelta(days=1)
    wd = (MO, TU, WE, TH, FR, SA, SU)[int(rule) - 1]
    nth = int(h["nth"])
    if nth > 0:
        return date(y, int(h["month"]), 1) + relativedelta(weekday=wd(+nth))
    last = date(y, int(h["month"]), 1) + relativedelta(months=1, days=-1)
    return last + relativedelta(weekday=wd(nth))


def format_number(n) -> str:
    if n == "X":
        return "X"
    return str(int(n)) if float(n).is_integer() else str(n)


def duration_value(n, unit: str, is_clock: bool) -> str:
    """The TIMEX3 duration of ``n`` units ("X" when unknown): P2Y, PT30M, P2Y6M."""
    if unit == "F":
        return f"P{format_number(n * 2) if n != 'X' else 'X'}W"
    if unit in ("DE", "CE"):
        # Decades and centuries are counted in years, a vague number of them too ("decades": PXY).
        return f"P{format_number(n * (10 if unit == 'DE' else 100)) if n != 'X' else 'X'}Y"
    code = unit
    # A fraction goes to the next smaller unit, as TimeML writes it: "2 1/2 years" is P2Y6M.
    smaller = {("Y", False): ("M", 12, False), ("D", False): ("H", 24, True), ("W", False): ("D", 7, False),
               ("H", True): ("M", 60, True), ("M", True): ("S", 60, True)}.get((unit, is_clock))
    if n != "X" and not float(n).is_integer() and smaller and float((n % 1) * smaller[1]).is_integer():
        whole, (sub_code, factor, sub_clock) = int(n), smaller
        part = f"{int((n % 1) * factor)}{sub_code}"
        if is_clock:
            return f"PT{whole}{code}{part}" if whole else f"PT{part}"
        head = f"P{whole}{code}" if whole else "P"
        return f"{head}T{part}" if sub_clock else f"{head}{part}"
    return f"PT{format_number(n)}{code}" if is_clock else f"P{format_number(n)}{code}"
