"""Temporal expressions normalized to TimeML TIMEX3 (type, value, mod), resolved against the DCT.

A small rule grammar in the spirit of HeidelTime: regular expressions built from the lexicons in
``news_intel/nlp/data/timex_*.csv`` find candidate spans in ``doc_text(doc)``; each pattern has a
normalizer that turns its match into a TIMEX3 value, resolving relative expressions against the
document creation time (``doc._.published``). The spaCy parse is used for what a regex cannot see:
the tense of the governing verb (bare weekdays and months) and whether a bare year is a count
("1500 troops"). Without a publication date nothing is guessed: values stay underspecified
(``XXXX-WXX-5``) and no calendar range is given. Today's date is never used.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter
from dateutil.relativedelta import MO, TU, WE, TH, FR, SA, SU, relativedelta
from spacy.language import Language
from spacy.tokens import Doc

from news_intel.nlp.reference import read_package_csv
from news_intel.nlp.structure import doc_text
from news_intel.nlp.tables import TableSpec

TABLE = TableSpec(
    name="timexes",
    doc_attr="timex_rows",
    columns=(
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
        ("timex_type", "VARCHAR NOT NULL"),
        ("value", "VARCHAR NOT NULL"),
        ("mod", "VARCHAR"),
        ("anchor_date", "DATE"),
        ("range_start", "DATE"),
        ("range_end", "DATE"),
        ("sentence_idx", "INTEGER"),
        ("granularity", "VARCHAR"),
        ("is_relative", "BOOLEAN"),
    ),
    description="One row per temporal expression, TimeML TIMEX3 type/value/mod, resolved against the publication date.",
)

for _attr in (TABLE.doc_attr, "published"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


# --------------------------------------------------------------------------------------------
# Lexicons


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    ambiguous_lowercase: frozenset[str]
    cardinals: dict[str, str]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool]]
    point_mods: dict[str, str]
    time_mods: dict[str, str]
    duration_mods: dict[str, str]
    fixed: dict[str, tuple[str, str, int | None, bool]]
    holidays: dict[str, dict]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    months, weekdays, seasons, pods, ambiguous = {}, {}, {}, {}, set()
    for r in read_package_csv("timex_calendar_words.csv"):
        w = r["word"].lower()
        {"month": months, "weekday": weekdays, "season": seasons, "part_of_day": pods}[r["kind"]][w] = (
            int(r["value"]) if r["kind"] in ("month", "weekday") else r["value"]
        )
        if r["ambiguous_lowercase"]:
            ambiguous.add(w)
    cardinals, ordinals = {}, {}
    for r in read_package_csv("timex_numbers.csv"):
        if r["ordinal"]:
            ordinals[r["word"].lower()] = int(r["value"])
        else:
            cardinals[r["word"].lower()] = r["value"]
    units = {r["word"].lower(): (r["unit"], bool(r["is_clock"])) for r in read_package_csv("timex_units.csv")}
    point_mods, time_mods, duration_mods = {}, {}, {}
    # applies_to: "point" (dates and times), "time" (clock times only), "duration", or "any".
    for r in read_package_csv("timex_modifiers.csv"):
        applies = set(r["applies_to"].split())
        if applies & {"point", "any"}:
            point_mods[r["phrase"].lower()] = r["mod"]
        if applies & {"point", "any", "time"}:
            time_mods[r["phrase"].lower()] = r["mod"]
        if applies & {"duration", "any"}:
            duration_mods[r["phrase"].lower()] = r["mod"]
    fixed = {
        r["phrase"].lower(): (
            r["timex_type"],
            r["value"],
            int(r["day_offset"]) if r["day_offset"] else None,
            bool(r["needs_context"]),
        )
        for r in read_package_csv("timex_fixed_phrases.csv")
    }
    holidays = {r["name"].lower(): r for r in read_package_csv("timex_holidays.csv")}
    return Lexicon(
        months, weekdays, seasons, pods, frozenset(ambiguous), cardinals, ordinals, units, point_mods, time_mods,
        duration_mods, fixed, holidays
    )


def _alt(words) -> str:
    """Regex alternation, longest first so that "a few" wins over "a"."""
    parts = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


# --------------------------------------------------------------------------------------------
# Calendar arithmetic and value formatting


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _shift_quarter(y: int, q: int, n: int) -> tuple[int, int]:
    idx = y * 4 + (q - 1) + n
    return idx // 4, idx % 4 + 1


_SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


def _season_of(d: date) -> tuple[int, str]:
    """Meteorological season; December belongs to the next year's winter."""
    m = d.month
    if m == 12:
        return d.year + 1, "WI"
    return d.year, ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA")[m - 1]


def _month_range(y: int, m: int) -> tuple[date, date]:
    start = date(y, m, 1)
    return start, start + relativedelta(months=1) - timedelta(days=1)


def value_range(value: str) -> tuple[date, date] | None:
    """The calendar interval a TIMEX3 date/time value denotes, or None when it is not a point."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return _month_range(int(m[1]), int(m[2]))
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


# --------------------------------------------------------------------------------------------
# Context: the DCT and the tense of the sentence around a span

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll", "would", "'d"}
# Verbs whose complement happens later than the verb ("plans to meet Friday").
_FUTURE_GOVERNORS = {"go", "plan", "schedule", "expect", "due", "set", "intend", "hope", "want", "aim", "prepare"}


def tense_at(doc: Doc, start: int, end: int, direct: bool = False, within_week: bool = False) -> str:
    """"past", "future" or "present": the tense of the verb governing the span (with ``direct``,
    only of a verb the span attaches to directly or through a preposition)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "present"
    before = doc_text(doc)[max(0, start - 20) : start].lower()
    # "until Tuesday", "as early as Friday": a deadline or expectation lies ahead.
    deadline = re.search(r"\b(until|till|as early as|as soon as|no later than)\s+(?:(?:early|mid|late)[\s-]+)?$", before) is not None
    head = span.root
    if direct and deadline:
        return "future"
    if re.search(r"\bsince\s+(?:(?:early|mid|late)[\s-]+)?$", before):
        return "past"  # "since March": a start that has passed
    if direct:
        # Only a date the verb itself takes ("ended March 31", "was shot on Oct. 23") shares its
        # tense; one hanging off a noun or adjective ("payable Dec. 7", "the Jan. 14 deadline")
        # is often scheduled ahead of a past-tense report.
        head = head.head
        if head.pos_ == "ADP":
            if head.lower_ in ("to", "through", "until", "till", "by", "into"):
                return "present"  # a deadline: "extended to Nov. 20"
            head = head.head
        if head.pos_ not in ("VERB", "AUX") or head.i in range(span.start, span.end):
            return "present"
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") and head.i not in range(span.start, span.end):
            break
        if head.head is head:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        head = span.sent.root
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and head.tag_ == "VBG" and head.dep_ in ("advcl", "conj") and head.head.pos_ in ("VERB", "AUX"):
        # A bare participle clause happens when its main clause does: "the stock has fluctuated,
        # rising ... from $29.75 in March".
        head = head.head
        auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        # A coordinated verb shares its first conjunct's auxiliaries: "had ruled ... and set Friday".
        auxes = [c for c in head.head.children if c.dep_ in ("aux", "auxpass")]
    # The past perfect looks back from a past moment: "until Thursday they had not called him",
    # "the offer had been scheduled to expire Friday" (a plan since superseded).
    pluperfect = any(a.lower_ == "had" for a in auxes)
    if deadline:
        return "past" if pluperfect else "future"
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return "future"
    if head.lemma_ in _FUTURE_GOVERNORS and head.lemma_ != "go" and (
        head.lemma_ != "set" or any(c.lower_ in ("for", "as") for c in head.children)
    ):
        # "set" looks ahead only as "set for Friday" or "set Nov. 10 as the deadline"; "the record
        # set on Aug. 6" is past.
        attach = span.root.head.head if span.root.head.pos_ == "ADP" else span.root.head
        if head.tag_ == "VBD" and attach.i == head.i and span.end <= head.i:
            # A date fronted before a past-tense plan dates the planning: "On Friday, the government
            # planned to pay ..." (after it, the date is the plan's: "planned to pay on Friday").
            return "past"
        return "past" if pluperfect else "future"
    if head.dep_ == "xcomp" and head.head.lemma_ in _FUTURE_GOVERNORS:
        return "past" if any(a.lower_ == "had" and a.dep_ in ("aux", "auxpass") for a in head.head.children) else "future"
    if any(a.lower_ == "to" for a in auxes):
        # An infinitive ("to be published in May", "plans to meet Friday") points ahead of its
        # governor. Within a week, though, a plain past governor wins ("staged celebrations to mark
        # the entry on Friday", "extended offers to acquire it Friday"): what a report tells in the
        # past tense rarely lies days ahead; months ahead it often does ("agreed to buy in February").
        gov = head.head
        if within_week and gov is not head and gov.tag_ == "VBD" and gov.lemma_ not in _FUTURE_GOVERNORS:
            return "past"
        return "future"
    if head.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if (
        within_week
        and not auxes
        and head.tag_ in ("VBZ", "VBP")
        and head.lemma_ not in ("be", "have", "say")
        and head.lower_ not in _SAME_PAST_FORM
    ):
        attach = span.root.head
        if attach.pos_ == "ADP":
            attach = attach.head
        if attach.i == head.i:
            # A weekday in the simple present of an event is its schedule: "they meet Monday".
            return "future"
    if head.tag_ == "VBN":
        # "has met" and a bare participle ("the deal signed in May") are past; "is called" is not.
        if any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP", "VB") for a in auxes):
            return "present"
        return "past"
    if head.tag_ == "VBG" and any(a.lemma_ == "have" for a in auxes):
        return "past"  # "have been searching since ...": under way from the past
    if head.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future"
    return "present"


# Verbs whose past is their present ("stocks hurt the index on Friday"): the tagger's VBP for them
# is no evidence of the present tense.
_SAME_PAST_FORM = frozenset(
    "bet bid broadcast burst cast cost cut forecast hit hurt let put quit set shed shut split spread thrust upset".split()
)


_DAY_WITH_WORD = re.compile(r"[A-Za-z]\.?\s*\d|\d\s*[A-Za-z]")


@dataclass
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


class Resolver:
    """Turns pattern matches into TIMEX3 values for one document."""

    def __init__(self, doc: Doc, lex: Lexicon):
        self.doc = doc
        self.text = doc_text(doc)
        self.dct: date | None = doc._.published
        self.lex = lex

    def tense(self, start: int, end: int, direct: bool = False, within_week: bool = False) -> str:
        return tense_at(self.doc, start, end, direct, within_week)

    # -- points relative to the DCT --------------------------------------------------------

    def weekday(self, wd: int, rel: str | None, start: int, end: int) -> str:
        if self.dct is None:
            return f"XXXX-WXX-{wd}"
        delta = wd - self.dct.isoweekday()
        if rel in ("last", "past", "previous"):
            back = (self.dct.isoweekday() - wd) % 7 or 7
            return (self.dct - timedelta(days=back)).isoformat()
        if rel in ("next", "coming"):
            fwd = (wd - self.dct.isoweekday()) % 7 or 7
            return (self.dct + timedelta(days=fwd)).isoformat()
        if rel == "this":
            return (self.dct + timedelta(days=delta)).isoformat()
        if self.text.startswith(("'s", "\u2019s"), end):
            # "Wednesday's ruling": an event the report names by its day has mostly happened, whatever
            # the tense of the clause around it ("would get around Wednesday's ruling"); one still
            # ahead is introduced as such ("ahead of Friday's vote").
            before = self.text[max(0, start - 25) : start].lower()
            ahead = re.search(r"\b(ahead\s+of|before|until|for|upcoming)\s+$", before)
            if not ahead:
                return (self.dct - timedelta(days=(self.dct.isoweekday() - wd) % 7)).isoformat()
        if self.tense(start, end, within_week=True) == "future":
            return (self.dct + timedelta(days=(wd - self.dct.isoweekday()) % 7)).isoformat()
        return (self.dct - timedelta(days=(self.dct.isoweekday() - wd) % 7)).isoformat()

    def month(self, m: int, start: int, end: int) -> str:
        """A bare month: the latest one on or before the DCT in a past-tense sentence, the next one on
        or after it in a future one, else the one nearest the DCT."""
        if self.dct is None:
            return f"XXXX-{m:02d}"
        tense = self.tense(start, end)
        y = self.dct.year
        diff = m - self.dct.month
        if tense == "past" and diff > 0:
            y -= 1
        elif tense == "future" and diff < 0:
            y += 1
        elif tense == "present" and diff > 6:
            y -= 1
        elif tense == "present" and diff < -6:
            y += 1
        return f"{y}-{m:02d}"

    def month_day(self, m: int, d: int, start: int, end: int) -> str:
        if self.dct is None:
            return f"XXXX-{m:02d}-{d:02d}"
        # News dates without a year lie near the DCT. A past-tense sentence ("the year ended March 31")
        # looks back, a future one ahead; a few days' slack covers datelines and scheduled events
        # reported in the past tense. Otherwise the year that puts the date nearest.
        tense = self.tense(start, end, direct=True)
        best = self._nearest_month_day(m, d, tense)
        if tense == "present" and best is not None and abs((best - self.dct).days) > 120:
            # A date hanging off a noun ("the Oct. 23 slaying", "on the night of Oct. 23") has no
            # tense of its own; when the nearest reading lies months away, the clause's tense
            # decides which side of the DCT it falls ("have been searching since ... the Oct. 23
            # slaying" in May is last October's).
            clause = self.tense(start, end)
            if (clause == "past" and best > self.dct) or (clause == "future" and best < self.dct):
                best = self._nearest_month_day(m, d, clause) or best
        return best.isoformat() if best else f"XXXX-{m:02d}-{d:02d}"

    def _nearest_month_day(self, m: int, d: int, tense: str) -> date | None:
        slack = timedelta(days=7)
        best = None
        for y in (self.dct.year - 1, self.dct.year, self.dct.year + 1):
            try:
                cand = date(y, m, d)
            except ValueError:
                continue
            if tense == "past" and cand > self.dct + slack:
                continue
            if tense == "future" and cand < self.dct - slack:
                continue
            dist = abs((cand - self.dct).days)
            if best is None or dist < best[0]:
                best = (dist, cand)
        return best[1] if best else None

    def unit_point(self, unit: str, offset: int) -> str | None:
        """The DCT's unit (week, month, ...) shifted by ``offset`` units, at that granularity."""
        d = self.dct
        if d is None:
            return {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX", "Q": "XXXX-QX", "WE": "XXXX-WXX-WE",
                    "DE": "XXX", "CE": "XX"}.get(unit)
        if unit == "Y":
            return f"{d.year + offset:04d}"
        if unit == "M":
            s = d + relativedelta(months=offset)
            return f"{s.year}-{s.month:02d}"
        if unit == "W":
            return _week_value(d + timedelta(weeks=offset))
        if unit == "WE":
            return _week_value(d + timedelta(weeks=offset)) + "-WE"
        if unit == "D":
            return (d + timedelta(days=offset)).isoformat()
        if unit == "Q":
            y, q = _shift_quarter(*_quarter(d), offset)
            return f"{y}-Q{q}"
        if unit == "DE":
            return f"{d.year // 10 + offset:03d}"
        if unit == "CE":
            return f"{d.year // 100 + offset:02d}"
        return None

    def shifted_point(self, unit: str, n: float, sign: int) -> str | None:
        """``n`` units before (sign -1) or after the DCT, at the unit's granularity ("two years ago")."""
        if self.dct is None:
            return self.unit_point(unit, 0) if unit != "H" else "XXXX-XX-XX"
        k = sign * n
        d = self.dct
        try:
            if unit == "Y":
                return f"{d.year + int(k):04d}"
            if unit == "M":
                s = d + relativedelta(months=int(k))
                return f"{s.year}-{s.month:02d}"
            if unit == "W":
                return _week_value(d + timedelta(weeks=k))
            if unit == "D":
                return (d + timedelta(days=k)).isoformat()
            if unit == "Q":
                y, q = _shift_quarter(*_quarter(d), int(k))
                return f"{y}-Q{q}"
            if unit == "DE":
                return f"{(d.year + int(10 * k)) // 10:03d}"
            if unit == "CE":
                return f"{(d.year + int(100 * k)) // 100:02d}"
            if unit in ("H", "MIN", "S"):
                return d.isoformat()
        except (OverflowError, ValueError):
            return None
        return None

    def season(self, s: str, rel: str | None) -> str:
        if self.dct is None:
            return f"XXXX-{s}"
        # Seasons are meteorological; a winter carries the year its January falls in.
        cur_year, cur = _season_of(self.dct)
        if rel in ("last", "past", "previous"):
            y = cur_year if _SEASON_ORDER[s] < _SEASON_ORDER[cur] else cur_year - 1
        elif rel in ("next", "coming"):
            y = cur_year if _SEASON_ORDER[s] > _SEASON_ORDER[cur] else cur_year + 1
        elif rel == "this":
            y = cur_year
        else:
            y = self.dct.year
        return f"{y}-{s}"

    def quarter_context(self, before: int) -> tuple[int, int] | None:
        """The last quarter named in the text before ``before`` (within two sentences), for "a year earlier"."""
        window = self.text[max(0, before - 1500) : before]
        found = None
        for m in re.finditer(r"(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter|the\s+quarter", window, re.I):
            found = m
        if found is None or self.dct is None:
            return None
        word = found[1].lower() if found[1] else None
        if word is None:
            return _shift_quarter(*_quarter(self.dct), -1)
        return self.dct.year, self.lex.ordinals[word]


# --------------------------------------------------------------------------------------------
# Where a pattern can start
#
# Scanning a document with each of some fifty patterns costs a full regex pass apiece: every pattern
# opens with lookbehinds and long word alternations, which the regex engine tries at every character.
# Instead, the document's word starts are indexed once by their first three characters, and a pattern
# is tried (``Pattern.match``, in ``finditer`` order) only at the word starts whose three characters it
# can begin with. The keys a pattern can begin with are read off its parsed form; a pattern whose
# start cannot be read that way is scanned as before, so the matches are exactly ``finditer``'s.

_KEY_LEN = 3
# Every pattern opens with ``_BOUNDARY``: a match starts after a character that is none of these.
_WORD_START = re.compile(r"(?<![\w$£€.,])[\w']")
_MAX_KEYS = 20000
_ASCII_SPACE_TO_BLANK = str.maketrans({c: " " for c in map(chr, range(128)) if c.isspace()})


class _UnknownStart(Exception):
    pass


def _char_keys(chars, ignore_case: bool) -> set[str]:
    out = set()
    for c in chars:
        if c.isspace():
            out.add(" ")
        else:
            out.add(c.lower() if ignore_case else c)
    return out


def _element_prefixes(op, av, k: int, ignore_case: bool) -> set[str]:
    """The strings (cut to ``k`` characters) one parsed regex element can begin with."""
    name = str(op)
    if name == "LITERAL":
        return _char_keys([chr(av)], ignore_case)
    if name == "IN":
        chars = []
        for item_op, item_av in av:
            item = str(item_op)
            if item == "LITERAL":
                chars.append(chr(item_av))
            elif item == "RANGE" and item_av[1] - item_av[0] <= 100:
                chars.extend(chr(c) for c in range(item_av[0], item_av[1] + 1))
            elif item == "CATEGORY" and str(item_av) == "CATEGORY_DIGIT":
                chars.extend("0123456789")
            elif item == "CATEGORY" and str(item_av) == "CATEGORY_SPACE":
                chars.append(" ")
            else:
                raise _UnknownStart(item)
        return _char_keys(chars, ignore_case)
    if name == "BRANCH":
        out = set()
        for branch in av[1]:
            out |= _prefixes(list(branch), k, ignore_case)
        return out
    if name == "SUBPATTERN":
        if av[1] or av[2]:
            raise _UnknownStart("inline flags")
        return _prefixes(list(av[3]), k, ignore_case)
    if name == "ATOMIC_GROUP":
        return _prefixes(list(av), k, ignore_case)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        lo, hi, body_items = av
        body = _prefixes(list(body_items), k, ignore_case)
        out = {""} if lo == 0 else set()
        cur = {""}
        for j in range(1, min(hi, k) + 1):
            cur = {(a + b)[:k] for a in cur if len(a) < k for b in body} | {a for a in cur if len(a) >= k}
            if len(cur) > _MAX_KEYS:
                raise _UnknownStart("too many")
            # Before ``lo`` copies only a string already cut to ``k`` is a sure beginning.
            out |= cur if (j >= lo or "" in body) else {a for a in cur if len(a) >= k}
        return out
    if name in ("ASSERT", "ASSERT_NOT", "AT"):
        return {""}
    raise _UnknownStart(name)


def _prefixes(items, k: int, ignore_case: bool) -> set[str]:
    """The strings a parsed regex sequence can begin with, cut to ``k`` characters (shorter only
    where the sequence can end sooner)."""
    results = {""}
    for op, av in items:
        todo = {r for r in results if len(r) < k}
        if not todo:
            break
        ext = _element_prefixes(op, av, k, ignore_case)
        results = {r for r in results if len(r) >= k} | {(r + x)[:k] for r in todo for x in ext}
        if len(results) > _MAX_KEYS:
            raise _UnknownStart("too many")
    return results


def start_keys(pattern: re.Pattern, boundary: str) -> frozenset[str] | None:
    """The three-character keys (lower case, whitespace as a space) a match of ``pattern`` can start
    with, or None when they cannot be read off it (the pattern is then scanned in full)."""
    if not (pattern.flags & re.I) or not pattern.pattern.startswith(boundary):
        return None
    try:
        from re import _parser  # the stdlib's own regex parser; absent or changed, we scan in full

        keys = _prefixes(list(_parser.parse(pattern.pattern, pattern.flags)), _KEY_LEN, True)
    except Exception:  # noqa: BLE001  any surprise in the parse tree means: scan in full
        return None
    if any(len(k) < _KEY_LEN or not (k[0].isascii() and (k[0].isalnum() or k[0] == "'")) for k in keys):
        return None
    return frozenset(keys)


def word_start_index(text: str) -> tuple[dict[str, list[int]], list[int]]:
    """Word starts by their first three characters (lower case, whitespace as a space); word starts
    with a character outside ASCII, which case-insensitive matching may fold, are kept apart and
    tried by every pattern."""
    index: dict[str, list[int]] = {}
    anywhere: list[int] = []
    for m in _WORD_START.finditer(text):
        p = m.start()
        key = text[p : p + _KEY_LEN]
        if len(key) < _KEY_LEN:
            continue  # no pattern matches fewer characters than a key holds
        if key.isascii():
            index.setdefault(key.lower().translate(_ASCII_SPACE_TO_BLANK), []).append(p)
        else:
            anywhere.append(p)
    return index, anywhere


def _matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)``, trying only ``starts`` (sorted), which hold every place a match can begin."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            end = m.end() if m.end() > p else p + 1


# --------------------------------------------------------------------------------------------
# The grammar


def _number(word: str, lex: Lexicon) -> float | str | None:
    w = re.sub(r"\s+", " ", word.lower().strip())
    if (half := re.fullmatch(r"(\d+)\s*(?:1/2|½)", w)):
        return int(half[1]) + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", w.replace(",", "")):
        v = float(w.replace(",", ""))
        return int(v) if v.is_integer() else v
    if w in lex.cardinals:
        v = lex.cardinals[w]
        return v if v == "X" else (int(float(v)) if float(v).is_integer() else float(v))
    parts = re.split(r"[\s-]+", w)
    if all(p in lex.cardinals and lex.cardinals[p] != "X" for p in parts):
        total = 0.0
        for p in parts:
            v = float(lex.cardinals[p])
            total = total * v if v == 100 and total else total + v
        return int(total)
    return None


def _fmt_n(n) -> str:
    if n == "X":
        return "X"
    return str(int(n)) if float(n).is_integer() else str(n)


def _duration_value(n, unit: str, is_clock: bool) -> str:
    if unit == "F":
        return f"P{_fmt_n(n * 2) if n != 'X' else 'X'}W"
    if unit in ("DE", "CE") and n != "X":
        return f"P{_fmt_n(n * (10 if unit == 'DE' else 100))}Y"
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
    return f"PT{_fmt_n(n)}{code}" if is_clock else f"P{_fmt_n(n)}{code}"


class Grammar:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        month = _alt(lex.months)
        weekday = _alt(lex.weekdays)
        season = _alt(lex.seasons)
        pod = _alt(lex.parts_of_day)
        cardinal = _alt(lex.cardinals)
        num = rf"(?:\d+(?:\.\d+|\s+1/2|½)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)|{cardinal})"
        ordinal = _alt(lex.ordinals)
        unit_words = _alt(lex.units)
        singular_units = _alt(w for w in lex.units if not w.endswith("s"))
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        year = r"(?:1[6-9]\d\d|20\d\d)"
        # A hyphen may precede an expression only after a modifier prefix ("mid-1990", "post-1959").
        b = r"(?<![\w$£€.,])(?:(?<=mid-)|(?<=late-)|(?<=early-)|(?<=post-)|(?<=pre-)|(?<!-))"
        e = r"(?![\w-]|[.,]\d)"
        spelled_tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
        spelled_units = "one|two|three|four|five|six|seven|eight|nine"
        self.patterns: list[tuple[re.Pattern, callable, int, frozenset[str] | None]] = []
        # The modifiers a timex of each type may pull in from just before it ("early", "about").
        self._modifiers = {
            ttype: (mods, re.compile(r"(?<![\w-])(" + _alt(mods) + r")(\s+|-)$", re.I))
            for ttype, mods in (("DURATION", lex.duration_mods), ("TIME", lex.time_mods), (None, lex.point_mods))
        }

        def add(regex: str, handler, priority: int = 0, flags=re.I):
            pattern = re.compile(b + regex + e, flags)
            self.patterns.append((pattern, handler, priority, start_keys(pattern, b)))

        add(rf"(?:(?P<wd>{weekday}),?\s+)?(?P<month>{month})\s*(?P<day>{day})(?:,?\s+(?P<year>{year}))?", self.h_month_day)
        add(rf"(?:(?P<wd>{weekday}),?\s+)?(?:the\s+)?(?P<day>{day})\s+(?:of\s+)?(?P<month>{month})(?:,?\s+(?P<year>{year}))?", self.h_month_day)
        add(rf"(?P<month>{month})(?:,?\s+|\s+of\s+)(?P<year>{year})", self.h_month_year)
        add(r"(?P<y>(?:1[6-9]|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])", self.h_numeric_date)
        add(r"(?P<mo>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>(?:1[6-9]|20)\d\d)", self.h_numeric_date)
        add(rf"(?:(?P<rel>last|this|next)\s+)?(?P<holiday>{_alt(lex.holidays)})(?:\s+(?P<year>{year}))?(?P<week>\s+week)?", self.h_holiday)
        add(rf"every\s+(?P<num>{num}|other)\s+(?P<unit>{unit_words})", self.h_every, 1)
        add(rf"(?P<month>{month})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year", self.h_month_rel_year)
        add(rf"(?P<month>{month})", self.h_month)
        add(rf"(?P<rel>last|this|next|past|coming)\s+(?P<month>{month})(?!\.?\s*\d)", self.h_rel_month)
        # Spelled years, as broadcast transcripts write them; "two thousand" only where it must be a year.
        add(rf"(?:(?P<month>{month})\s+(?:of\s+)?|(?:the\s+)?(?P<season>{season})\s+of\s+|(?P<the_year>the\s+year\s+))?nineteen[\s-]+(?P<tens>{spelled_tens})(?:[\s-]+(?P<units>{spelled_units}))?", self.h_spelled_year)
        add(rf"(?:(?P<month>{month})\s+(?:of\s+)?|(?:the\s+)?(?P<season>{season})\s+of\s+|(?P<the_year>the\s+year\s+))two\s+thousand(?:(?:\s+and)?[\s-]+(?P<units>{spelled_units}))?", self.h_spelled_year)
        add(rf"the\s+(?:(?:nineteen|nineteen-)\s*)?(?P<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", self.h_decade_word)
        add(r"the\s+weekend", self.h_the_weekend)
        add(rf"(?:fiscal\s+)?(?P<year>{year})(?:'s)?", self.h_year)
        add(rf"(?:the\s+)?(?P<decade>(?:1[6-9]|20)\d0)'?s|(?:the\s+)?'(?P<short>\d0)s", self.h_decade)
        add(rf"(?P<ord>{ordinal})[\s-]+century", self.h_century)
        add(rf"(?:(?P<rel>last|this|next|past|coming|previous)\s+)?(?P<wd>{weekday})(?:\s+(?P<pod>{pod}))?", self.h_weekday)
        add(rf"(?P<rel>last|this|next|previous|coming|current)\s+(?P<unit>week|month|year|quarter|decade|century|weekend)", self.h_rel_unit)
        add(rf"the\s+(?P<rel>previous|preceding|following)\s+(?P<wd>{weekday})", self.h_anaphoric_weekday, 1)
        add(r"(?:(?P<pre>earlier|later)\s+)?(?P<det>that(?:\s+same)?|the\s+same|the\s+following|the\s+previous|the\s+preceding)\s+(?P<unit>year|month|quarter|day)", self.h_anaphoric_unit, 1)
        add(rf"(?P<the>the\s+)(?P<rel>past|last|previous)\s+(?P<unit>week|month|year|decade|century|weekend)", self.h_past_unit, 1)
        add(rf"(?:(?P<rel>last|this|next|past|coming|previous)\s+)?(?P<season>{season})(?:\s+(?:of\s+)?(?P<year>{year}))?", self.h_season)
        add(rf"(?P<num>{num})[\s-]+(?:more\s+)?(?P<unit>{unit_words})\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|back)", self.h_ago, 1)
        add(rf"(?P<the>the\s+)?(?:(?P<rel>past|last|next|first|coming|previous|following|final|latest|initial)\s+)?(?P<num>{num})\s+(?:more\s+|full\s+|straight\s+|consecutive\s+|additional\s+|further\s+|extra\s+)?(?P<unit>{unit_words})(?P<half>\s+and\s+a\s+half)?(?!\s+old|-old)", self.h_duration)
        add(rf"(?P<num>{num})-(?P<unit>{singular_units})(?:-long)?(?!-old|\s+old)", self.h_duration)
        add(rf"(?P<unit>day|week|month|year|hour)-long", self.h_unit_long)
        add(rf"(?P<the>the\s+)(?P<rel>past|last|next|coming)\s+(?P<many>few|several|many)\s+(?P<unit>{unit_words})", self.h_duration, 1)
        add(rf"(?:for|in|over|within)\s+(?P<unit>years|months|weeks|days|decades|hours|minutes)", self.h_vague_plural)
        add(rf"(?:the\s+)?(?:(?P<rel>latest|last|current|previous|prior|same|year-ago|year-earlier|next|fiscal)\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)(?:fiscal[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<year>{year}))?", self.h_quarter)
        add(rf"(?:the\s+)?(?P<year>{year})\s+(?P<ord>first|second|third|fourth)[\s-]+(?:fiscal[\s-]+)?quarter", self.h_quarter)
        add(rf"(?P<yrel>this|last|next)\s+year's\s+(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+)?quarter", self.h_quarter, 1)
        # "the 1988 quarter", "the 1989 period": that year's quarter the report is about.
        add(rf"the\s+(?P<year>{year})\s+(?P<period>quarter|period)", self.h_quarter, 1)
        add(rf"(?:the\s+)?(?:(?P<rel>current|latest|last|next|previous|prior)\s+)?fiscal\s+year", self.h_fiscal_year)
        add(rf"the\s+(?:(?P<rel>latest|last|current|previous|prior|same|year-ago|year-earlier|fiscal|most\s+recent)\s+)?quarter", self.h_quarter)
        add(rf"(?:the\s+)?(?P<ord>first|second|1st|2nd)\s+half(?:\s+of\s+(?:fiscal\s+)?(?P<year>{year}|(?P<rel>this|last|next|the)\s+year))?", self.h_half)
        # "the last half of 1989" is its second half; without "of" ("the last half hour") it is not.
        add(rf"(?:the\s+)?(?P<ord>last|latter)\s+half\s+of\s+(?:fiscal\s+)?(?P<year>{year}|(?P<rel>this|last|next|the)\s+year)", self.h_half)
        # Earnings reports: "the latest period" is the quarter just reported; "the corresponding
        # period last year" that quarter a year before.
        add(r"the\s+(?P<rel>latest|most\s+recent)\s+(?:fiscal\s+|reporting\s+)?period", self.h_quarter)
        add(r"the\s+(?:corresponding|comparable|same)\s+(?:period|quarter)\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:earlier|ago))", self.h_year_earlier, 1)
        add(r"the\s+(?:period|quarter)\s+a\s+year\s+(?:earlier|ago)", self.h_year_earlier, 1)
        add(rf"the\s+full\s+(?:fiscal\s+)?year(?!\s+(?:of\s+)?{year})", self.h_full_year)
        add(r"(?P<prep>(?:for|during|over|throughout|in)\s+)?(?P<the>the\s+fiscal\s+year)(?=(?P<ended>\s+(?:ended|ending))?)", self.h_the_fiscal_year)
        add(rf"the\s+week\s+of\s+(?P<month>{month})\s*(?P<day>{day})(?:,?\s+(?P<year>{year}))?", self.h_week_of, 1)
        add(r"(?:the\s+)?(?:comparable\s+|same\s+)?(?P<word>year-earlier|year-ago)(?:\s+(?:period|quarter))?", self.h_year_earlier)
        add(r"(?P<prep>(?:for|during|over|throughout|in|of)\s+)?(?P<the>the\s+(?P<unit>year|week))", self.h_the_unit)
        add(rf"(?:every|each)\s+(?:(?P<wd>{weekday})|(?P<month>{month}))", self.h_set_calendar, 1)
        add(rf"(?:(?P<wd>{weekday})\s+|(?:at\s+)?)?(?:(?P<h>[01]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm)|(?P<named>noon|midnight))(?:\s+(?:EST|EDT|GMT|UTC|CST|CDT|PST|PDT|BST))?(?:,?\s+(?P<wd2>{weekday}))?(?:,?\s+(?P<month>{month})\s*(?P<day>{day}))?", self.h_clock)
        add(rf"(?P<pos>the\s+(?:end|beginning|start|middle)\s+of|(?:year|month)(?:'s)?[\s-]+end)(?:\s+(?:the|this)\s+(?P<unit>year|month|week|decade|century|quarter))?", self.h_boundary)
        add(rf"(?P<phrase>{_alt(lex.fixed)})", self.h_fixed)

    # Each handler returns a Timex or None; ``m`` is the match, ``r`` the document's resolver.

    def _month_num(self, m: re.Match) -> int | None:
        word = m["month"].lower().rstrip(".") if m["month"] else None
        key = m["month"].lower()
        if key not in self.lex.months:
            key = word if word in self.lex.months else key + "."
        if key.rstrip(".") in self.lex.ambiguous_lowercase and m["month"][0].islower():
            return None
        return self.lex.months.get(key)

    def h_month_day(self, m, r: Resolver):
        mo = self._month_num(m)
        d = int(re.match(r"\d+", m["day"])[0])
        if mo is None:
            return None
        if m["year"]:
            try:
                return Timex(m.start(), m.end(), "DATE", date(int(m["year"]), mo, d).isoformat())
            except ValueError:
                return None
        return Timex(m.start(), m.end(), "DATE", r.month_day(mo, d, m.start(), m.end()), relative=True)

    def h_month_year(self, m, r):
        mo = self._month_num(m)
        if mo is None:
            return None
        return Timex(m.start(), m.end(), "DATE", f"{m['year']}-{mo:02d}")

    def h_month_rel_year(self, m, r):
        mo = self._month_num(m)
        if mo is None:
            return None
        y = r.unit_point("Y", {"last": -1, "this": 0, "next": 1}[m["rel"].lower()])
        return Timex(m.start(), m.end(), "DATE", f"{y}-{mo:02d}", relative=True)

    def h_month(self, m, r):
        mo = self._month_num(m)
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

    def h_rel_month(self, m, r):
        mo = self._month_num(m)
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

    _TENS = {w: i for i, w in enumerate("ten twenty thirty forty fifty sixty seventy eighty ninety".split(), start=1)}
    _UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), start=1)}

    def h_spelled_year(self, m, r):
        tens = m.groupdict().get("tens")
        y = (1900 + 10 * self._TENS[tens.lower()] if tens else 2000) + (self._UNITS[m["units"].lower()] if m["units"] else 0)
        if m["season"]:
            return Timex(m.start(), m.end(), "DATE", f"{y}-{self.lex.seasons[m['season'].lower()]}")
        if m["month"]:
            mo = self._month_num(m)
            if mo is None:
                return None
            return Timex(m.start(), m.end(), "DATE", f"{y}-{mo:02d}")
        return Timex(m.start(), m.end(), "DATE", str(y))

    def h_decade_word(self, m, r):
        tens = m["tens"].lower().removesuffix("ies") + "y"
        return Timex(m.start(), m.end(), "DATE", f"19{self._TENS[tens]}")

    def h_the_weekend(self, m, r):
        if r.dct is None:
            return Timex(m.start(), m.end(), "DATE", "XXXX-WXX-WE", relative=True)
        offset = 0
        if r.tense(m.start(), m.end()) == "past" and r.dct.isoweekday() < 6:
            offset = -1
        return Timex(m.start(), m.end(), "DATE", r.unit_point("WE", offset), relative=True)

    def h_fiscal_year(self, m, r):
        rel = (m["rel"] or "").lower()
        if not rel:
            return None
        offset = {"current": 0, "next": 1}.get(rel, -1)
        return Timex(m.start(), m.end(), "DATE", r.unit_point("Y", offset), relative=True)

    def h_year(self, m, r):
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
            if nxt is not None and nxt.tag_ in ("NNS", "NNPS") and nxt.lower_ not in self.lex.units and not year_modifier:
                return None
            if prev is not None and prev.lower_ in ("$", "no.", "number", "flight", "route", "page", "room"):
                return None
            if nxt is not None and nxt.text in ("GMT", "BST", "UTC", "EST", "EDT", "CET", "hrs", "hours"):
                return None  # a 24-hour clock time ("at 2005 GMT")
        return Timex(m.start(), m.end(), "DATE", m["year"])

    def h_decade(self, m, r):
        if m["decade"]:
            return Timex(m.start(), m.end(), "DATE", m["decade"][:3])
        short = int(m["short"])
        century = "19" if short >= 20 or r.dct is None or r.dct.year < 2000 else "20"
        return Timex(m.start(), m.end(), "DATE", f"{century}{m['short'][0]}")

    def h_century(self, m, r):
        n = self.lex.ordinals.get(m["ord"].lower())
        if not n:
            return None
        return Timex(m.start(), m.end(), "DATE", f"{n - 1:02d}")

    def h_weekday(self, m, r):
        wd = self.lex.weekdays[m["wd"].lower()]
        rel = m["rel"].lower() if m["rel"] else None
        value = r.weekday(wd, rel, m.start(), m.end())
        if m["pod"]:
            return Timex(m.start(), m.end(), "TIME", f"{value}T{self.lex.parts_of_day[m['pod'].lower()]}", relative=True)
        return Timex(m.start(), m.end(), "DATE", value, relative=True)

    _REL_OFFSET = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
    _UNIT_CODE = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE", "century": "CE", "weekend": "WE", "day": "D"}

    def h_rel_unit(self, m, r):
        unit = self._UNIT_CODE[m["unit"].lower()]
        value = r.unit_point(unit, self._REL_OFFSET[m["rel"].lower()])
        return Timex(m.start(), m.end(), "DATE", value, relative=True) if value else None

    def h_anaphoric_unit(self, m, r):
        unit = self._UNIT_CODE[m["unit"].lower()]
        det = re.sub(r"\s+", " ", m["det"].lower())
        offset = {"the following": 1, "the previous": -1, "the preceding": -1}.get(det, 0)
        placeholder = {"Y": "XXXX", "M": "XXXX-XX", "Q": "XXXX-QX", "D": "XXXX-XX-XX"}[unit]
        return Timex(m.start(), m.end(), "DATE", placeholder, relative=True, anaphor=(unit, offset))

    def h_anaphoric_weekday(self, m, r):
        """"the previous Friday", "the following Monday": counted from the last day the text named
        (from the DCT when it named none)."""
        wd = self.lex.weekdays[m["wd"].lower()]
        forward = m["rel"].lower() == "following"
        t = Timex(m.start(), m.end(), "DATE", r.weekday(wd, "next" if forward else "last", m.start(), m.end()), relative=True)
        t.anaphor = (f"WD{wd}", 1 if forward else -1)
        return t

    def h_past_unit(self, m, r):
        unit = self._UNIT_CODE[m["unit"].lower()]
        t = Timex(m.start(), m.end(), "DURATION", _duration_value(1, unit, False), relative=True, priority=1)
        if r.dct and unit in ("W", "M", "Y"):
            t.anchored_range = (r.dct - relativedelta(**{{"W": "weeks", "M": "months", "Y": "years"}[unit]: 1}), r.dct)
        return t

    def h_season(self, m, r):
        s = self.lex.seasons[m["season"].lower()]
        if m["season"].lower() in self.lex.ambiguous_lowercase and not (m["rel"] or m["year"]):
            return None
        if m["year"]:
            return Timex(m.start(), m.end(), "DATE", f"{m['year']}-{s}")
        rel = m["rel"].lower() if m["rel"] else None
        return Timex(m.start(), m.end(), "DATE", r.season(s, rel), relative=True)

    def h_ago(self, m, r):
        n = _number(m["num"], self.lex)
        unit, is_clock = self.lex.units[re.sub(r"\s+", " ", m["unit"].lower())]
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
            return Timex(m.start(), m.end("unit"), "DURATION", _duration_value(n, unit if not is_clock else self.lex.units[re.sub(r"\s+", " ", m["unit"].lower())][0], is_clock))
        if n == "X":
            return Timex(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", relative=True)
        if unit == "Y" and n == 1 and m["dir"].lower() in ("earlier", "ago") and (q := r.quarter_context(m.start())):
            y, qq = q
            return Timex(m.start(), m.end(), "DATE", f"{y - 1}-Q{qq}", relative=True)
        value = r.shifted_point(unit, n, sign)
        return Timex(m.start(), m.end(), "DATE", value, relative=True) if value else None

    def h_duration(self, m, r):
        unit_word = re.sub(r"\s+", " ", m["unit"].lower())
        unit, is_clock = self.lex.units[unit_word]
        n = "X" if m.groupdict().get("many") else _number(m.group("num"), self.lex)
        if n is None:
            return None
        if m.groupdict().get("half") and n != "X":
            n += 0.5
        if n != "X" and n > 1000:
            return None
        num_word = (m.groupdict().get("num") or "").lower()
        if unit_word == "second" and num_word in ("a", "an"):
            return None  # "a second term"
        if num_word in ("a", "an") and unit_word.endswith("s"):
            return None
        if num_word in ("some", "many", "few") and not unit_word.endswith("s"):
            return None
        start = m.start()
        t = Timex(start, m.end(), "DURATION", _duration_value(n, unit, is_clock))
        rel = (m.groupdict().get("rel") or "").lower()
        if rel in ("past", "last", "previous") and r.dct and n != "X" and not is_clock and unit in ("Y", "M", "W", "D"):
            amount = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}[unit]
            t.anchored_range = (r.dct - relativedelta(**{amount: int(n)}), r.dct)
            t.relative = True
        elif rel in ("next", "coming") and r.dct and n != "X" and not is_clock and unit in ("Y", "M", "W", "D"):
            amount = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}[unit]
            t.anchored_range = (r.dct, r.dct + relativedelta(**{amount: int(n)}))
            t.relative = True
        if not m.groupdict().get("the") and not rel and m.groupdict().get("num") and m["num"].lower() in ("a", "an"):
            # "a year" after a quantity is a rate: "$33 million a year".
            before = r.text[max(0, start - 25) : start]
            if re.search(r"(\d|million|billion|times|percent|%)\s*$", before, re.I):
                return Timex(start, m.end(), "SET", f"P1{unit}" if not is_clock else f"PT1{unit}", priority=1)
        return t

    def h_unit_long(self, m, r):
        """"a day-long strike": one unit."""
        unit, is_clock = self.lex.units[m["unit"].lower()]
        return Timex(m.start(), m.end(), "DURATION", _duration_value(1, unit, is_clock))

    def h_vague_plural(self, m, r):
        unit, is_clock = self.lex.units[m["unit"].lower()]
        return Timex(m.start("unit"), m.end("unit"), "DURATION", _duration_value("X", unit, is_clock))

    def h_quarter(self, m, r):
        rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower())
        ord_word = m.groupdict().get("ord")
        year = m.groupdict().get("year")
        yrel = (m.groupdict().get("yrel") or "").lower()
        if yrel and r.dct is not None:
            year = str(r.dct.year + {"last": -1, "this": 0, "next": 1}[yrel])
        if year and not ord_word:
            # The quarter named last in the report, in this year: "the 1988 quarter".
            q = r.quarter_context(m.start())
            if q is None:
                return Timex(m.start(), m.end(), "DATE", year) if m.groupdict().get("period") else None
            return Timex(m.start(), m.end(), "DATE", f"{year}-Q{q[1]}", relative=True)
        if ord_word:
            q = self.lex.ordinals[ord_word.lower()]
            if q > 4:
                return None
            if year:
                return Timex(m.start(), m.end(), "DATE", f"{year}-Q{q}")
            if r.dct is None:
                return Timex(m.start(), m.end(), "DATE", f"XXXX-Q{q}", relative=True)
            y = r.dct.year - (1 if rel in ("year-ago", "year-earlier", "last", "previous", "prior") else 0)
            if not rel and q > _quarter(r.dct)[1] and r.tense(m.start(), m.end()) == "past":
                y -= 1  # results reported for "the fourth quarter" in January are last year's
            return Timex(m.start(), m.end(), "DATE", f"{y}-Q{q}", relative=True)
        if r.dct is None:
            return Timex(m.start(), m.end(), "DATE", "XXXX-QX", relative=True)
        offset = {"current": 0, "next": 1, "year-ago": -5, "year-earlier": -5}.get(rel, -1)
        y, q = _shift_quarter(*_quarter(r.dct), offset)
        return Timex(m.start(), m.end(), "DATE", f"{y}-Q{q}", relative=True)

    def h_half(self, m, r):
        h = 2 if m["ord"].lower() in ("last", "latter") else self.lex.ordinals[m["ord"].lower()]
        if m["rel"]:
            y = r.unit_point("Y", self._REL_OFFSET.get(m["rel"].lower(), 0))
        elif m["year"]:
            y = m["year"]
        else:
            y = r.unit_point("Y", 0)
        return Timex(m.start(), m.end(), "DATE", f"{y}-H{h}", relative=not m["year"] or bool(m["rel"]))

    def h_year_earlier(self, m, r):
        if r.dct is None:
            return Timex(m.start(), m.end(), "DATE", "XXXX", relative=True)
        if q := r.quarter_context(m.start()):
            return Timex(m.start(), m.end(), "DATE", f"{q[0] - 1}-Q{q[1]}", relative=True)
        if "quarter" in m.group().lower():
            # No quarter named yet: the one just reported is the last one ended.
            y, q = _shift_quarter(*_quarter(r.dct), -1)
            return Timex(m.start(), m.end(), "DATE", f"{y - 1}-Q{q}", relative=True)
        return Timex(m.start(), m.end(), "DATE", str(r.dct.year - 1), relative=True)

    def h_full_year(self, m, r):
        """"the full year" of an earnings report: the current (fiscal) year, not a duration."""
        return Timex(m.start(), m.end(), "DATE", r.unit_point("Y", 0), relative=True)

    def h_the_fiscal_year(self, m, r):
        """Bare "the fiscal year": a stretch of time over which something runs ("throughout the fiscal
        year", "the fiscal year ended Jan. 31"), else the current fiscal year ("earnings for the fiscal year")."""
        prep = (m["prep"] or "").strip().lower()
        if prep in ("during", "over", "throughout") or m["ended"]:
            return Timex(m.start("the"), m.end("the"), "DURATION", "P1Y")
        return Timex(m.start("the"), m.end("the"), "DATE", r.unit_point("Y", 0), relative=True)

    def h_week_of(self, m, r):
        """"the week of March 6": the calendar week holding that day."""
        day = self.h_month_day(m, r)
        if day is None:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.value):
            return Timex(m.start(), m.end(), "DATE", "XXXX-WXX", relative=True)
        return Timex(m.start(), m.end(), "DATE", _week_value(date.fromisoformat(day.value)), relative=day.relative)

    def h_the_unit(self, m, r):
        """Bare "the year"/"the week": a stretch of time after "for/during", else the DCT's."""
        unit = self._UNIT_CODE[m["unit"].lower()]
        prep = (m["prep"] or "").strip().lower()
        if prep in ("for", "during", "over", "throughout"):
            return Timex(m.start("the"), m.end(), "DURATION", f"P1{unit}")
        return Timex(m.start("the"), m.end(), "DATE", r.unit_point(unit, 0), relative=True)

    def h_set_calendar(self, m, r):
        if m["wd"]:
            return Timex(m.start(), m.end(), "SET", f"XXXX-WXX-{self.lex.weekdays[m['wd'].lower()]}")
        mo = self._month_num(m)
        return Timex(m.start(), m.end(), "SET", f"XXXX-{mo:02d}") if mo else None

    def h_numeric_date(self, m, r):
        try:
            return Timex(m.start(), m.end(), "DATE", date(int(m["y"]), int(m["mo"]), int(m["d"])).isoformat())
        except ValueError:
            return None

    def h_every(self, m, r):
        unit, is_clock = self.lex.units[re.sub(r"\s+", " ", m["unit"].lower())]
        n = 2 if m["num"].lower() == "other" else _number(m["num"], self.lex)
        if n is None or n == "X":
            return None
        return Timex(m.start(), m.end(), "SET", _duration_value(n, unit, is_clock))

    def h_holiday(self, m, r):
        h = self.lex.holidays[re.sub(r"\s+", " ", m["holiday"].lower())]
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
        day = self._holiday_date(h, y)
        # "Easter week": the calendar week holding the holiday, which has begun once its Monday has.
        begins = (lambda d: d - timedelta(days=d.isoweekday() - 1)) if m["week"] else (lambda d: d)
        if not m["year"] and r.dct is not None:
            rel = (m["rel"] or "").lower()
            tense = "past" if rel == "last" else "future" if rel == "next" else r.tense(m.start(), m.end())
            if tense == "past" and begins(day) > r.dct:
                day = self._holiday_date(h, y - 1)
            elif tense == "future" and day < r.dct:
                day = self._holiday_date(h, y + 1)
            elif tense == "present":
                day = min((self._holiday_date(h, yy) for yy in (y - 1, y, y + 1)), key=lambda d: abs((d - r.dct).days))
        if m["week"]:
            return Timex(m.start(), m.end(), "DATE", _week_value(day), relative=not m["year"])
        return Timex(m.start(), m.end(), "DATE", day.isoformat(), relative=not m["year"])

    @staticmethod
    def _holiday_date(h: dict, y: int) -> date:
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

    def h_clock(self, m, r):
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
        if m["month"] and (mo := self._month_num(m)):
            day = r.month_day(mo, int(re.match(r"\d+", m["day"])[0]), m.start(), m.end())
        elif wd:
            day = r.weekday(self.lex.weekdays[wd.lower()], None, m.start(), m.end())
        else:
            day = r.dct.isoformat() if r.dct else "XXXX-XX-XX"
        start = m.start("wd") if m["wd"] else (m.start("h") if m["h"] else m.start("named"))
        t = Timex(start, m.end(), "TIME", f"{day}T{h:02d}:{minutes}", relative=True)
        t.day_from_context = not (wd or m["month"])
        return t

    def h_boundary(self, m, r):
        pos = m["pos"].lower()
        mod = "END" if "end" in pos else "START" if ("beginning" in pos or "start" in pos) else "MID"
        if m["unit"]:
            unit = self._UNIT_CODE[m["unit"].lower()]
        elif re.match(r"(year|month)", pos):
            unit = "Y" if pos.startswith("year") else "M"
        else:
            return None
        value = r.unit_point(unit, 0)
        return Timex(m.start(), m.end(), "DATE", value, mod=mod, relative=True) if value else None

    def h_fixed(self, m, r):
        phrase = re.sub(r"\s+", " ", m["phrase"].lower())
        ttype, value, offset, needs_context = self.lex.fixed[phrase]
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

    # ----------------------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[Timex]:
        r = Resolver(doc, self.lex)
        text = r.text
        index, anywhere = word_start_index(text)
        cands: list[Timex] = []
        for pattern, handler, priority, keys in self.patterns:
            if keys is None:
                matches = pattern.finditer(text)
            else:
                if len(keys) < len(index):
                    starts = [p for k in keys if k in index for p in index[k]]
                else:
                    starts = [p for k, ps in index.items() if k in keys for p in ps]
                if not starts and not anywhere:
                    continue
                starts.extend(anywhere)
                starts.sort()
                matches = _matches_at(pattern, text, starts)
            for m in matches:
                # A date with its day number ("the Aug. 7 Embassy bombings") stays a date inside a
                # name; a bare year or a time word there ("Windows 2000", "Jamie Noon") does not.
                dated = _DAY_WITH_WORD.search(m.group()) is not None
                if not dated and self._inside_name(doc, m.start(), m.end()):
                    continue
                t = handler(m, r)
                if t is not None and t.value:
                    t.priority = max(t.priority, priority)
                    cands.append(t)
        cands.sort(key=lambda t: (-(t.end - t.start), -t.priority, t.start))
        chosen: list[Timex] = []
        taken: list[tuple[int, int]] = []
        for t in cands:
            if any(t.start < e and s < t.end for s, e in taken):
                continue
            chosen.append(t)
            taken.append((t.start, t.end))
        chosen.sort(key=lambda t: t.start)
        self._days_from_context(chosen)
        self._anaphors_from_context(chosen)
        return [self._extend_modifier(t, doc, taken) for t in chosen]

    # A capitalised time word inside a person's name or a title ("Jamie Noon", "Suddenly Last Summer").
    _NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP", "EVENT"}

    def _inside_name(self, doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        first = span[0]
        if not first.text[:1].isupper() or first.is_sent_start:
            return False
        return first.ent_type_ in self._NAME_LABELS and first.ent_iob_ == "I"

    @staticmethod
    def _anaphors_from_context(chosen: list[Timex]) -> None:
        """"that year", "the following month": the last date named before that is fine enough for
        the unit, shifted (left underspecified when the text named none)."""
        fine_enough = {"Y": r"\d{4}", "M": r"\d{4}-\d{2}", "D": r"\d{4}-\d{2}-\d{2}", "Q": r"\d{4}-Q\d", "WD": r"\d{4}-\d{2}-\d{2}"}
        named: list[str] = []
        for t in chosen:
            if not t.anaphor:
                if t.timex_type in ("DATE", "TIME") and re.match(r"\d{4}(?!\d)", t.value):
                    named.append(t.value)
                continue
            unit, offset = t.anaphor
            last = next((v for v in reversed(named) if re.match(fine_enough[unit[:2] if unit.startswith("WD") else unit], v)), None)
            if last is None:
                continue
            y = int(last[:4])
            if unit == "Y":
                t.value = f"{y + offset:04d}"
            elif unit == "M":
                d = date(y, int(last[5:7]), 1) + relativedelta(months=offset)
                t.value = f"{d.year}-{d.month:02d}"
            elif unit == "D":
                t.value = (date.fromisoformat(last[:10]) + timedelta(days=offset)).isoformat()
            elif unit.startswith("WD"):
                ref = date.fromisoformat(last[:10])
                step = ((int(unit[2:]) - ref.isoweekday()) % 7 or 7) if offset > 0 else -((ref.isoweekday() - int(unit[2:])) % 7 or 7)
                t.value = (ref + timedelta(days=step)).isoformat()
            else:
                qy, q = _shift_quarter(y, int(last[6]), offset)
                t.value = f"{qy}-Q{q}"

    @staticmethod
    def _days_from_context(chosen: list[Timex]) -> None:
        last_day: tuple[int, str] | None = None
        for t in chosen:
            if t.day_from_context and last_day and t.start - last_day[0] < 600:
                t.value = last_day[1] + t.value[t.value.index("T") :]
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", t.value):
                last_day = (t.end, t.value[:10])

    def _extend_modifier(self, t: Timex, doc: Doc, taken: list[tuple[int, int]]) -> Timex:
        """Pull a preceding modifier into the span: "early May", "about two years", "mid-1990"."""
        text = doc_text(doc)
        mods, mods_before = self._modifiers.get(t.timex_type, self._modifiers[None])
        if t.value.endswith("_REF") or t.timex_type == "SET" or text[t.start : t.start + 4].lower() == "the ":
            return t
        before = text[max(0, t.start - 30) : t.start]
        m = mods_before.search(before)
        if not m:
            return t
        new_start = t.start - (len(before) - m.start())
        if any(new_start < e and s < t.start for s, e in taken):
            return t
        if text.startswith(("'s", "\u2019s"), t.end):
            # A possessive is a determiner; a word before it modifies the noun phrase, not the date:
            # "get around Friday's ruling", "about Monday's vote".
            return t
        mod = mods[re.sub(r"\s+", " ", m[1].lower())] or t.mod
        return replace(t, start=new_start, mod=mod)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return Grammar(lexicon())


def timex_rows(doc: Doc) -> list[dict]:
    rows = []
    dct = doc._.published
    timexes = grammar().find(doc)
    # Sentence of a character: the last sentence starting at or before it (bisecting a few sentence
    # starts, not every token's).
    sentence_starts = [s.start_char for s in doc.sents] if timexes else []
    for t in timexes:
        rng = value_range(t.value) if t.timex_type in ("DATE", "TIME") else t.anchored_range
        if t.timex_type not in ("DATE", "TIME") and t.anchored_range:
            rng = t.anchored_range
        rows.append(
            {
                "start_char": t.start,
                "end_char": t.end,
                "text": doc_text(doc)[t.start : t.end],
                "timex_type": t.timex_type,
                "value": t.value,
                "mod": t.mod,
                "anchor_date": dct if (t.relative and dct is not None) else None,
                "range_start": rng[0] if rng else None,
                "range_end": rng[1] if rng else None,
                "sentence_idx": max(bisect_right(sentence_starts, t.start) - 1, 0),
                "granularity": granularity(t.value),
                "is_relative": t.relative,
            }
        )
    return rows


@Language.component("news_timexes")
def news_timexes(doc: Doc) -> Doc:
    doc._.timex_rows = timex_rows(doc)
    return doc
