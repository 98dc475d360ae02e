"""Anchoring: the tense around an expression, and the points it names relative to the document
creation time (DCT). Without a DCT nothing is guessed: values stay underspecified (``XXXX-WXX-5``)."""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.structure import doc_text
from news_intel.nlp.timex.calendar import SEASON_ORDER, quarter_of, season_of, shift_quarter, week_value
from news_intel.nlp.timex.lexicon import Lexicon, alternation

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
    if direct and deadline:
        return "future"
    if re.search(r"\bsince\s+(?:(?:early|mid|late)[\s-]+)?$", before):
        return "past"  # "since March": a start that has passed
    head = _governing_verb(span, direct)
    if head is None:
        return "present"
    head, auxes = _verb_and_auxiliaries(head)
    # The past perfect looks back from a past moment: "until Thursday they had not called him",
    # "the offer had been scheduled to expire Friday" (a plan since superseded).
    pluperfect = any(a.lower_ == "had" for a in auxes)
    if deadline:
        return "past" if pluperfect else "future"
    return (_looking_ahead(span, head, auxes, pluperfect, within_week)
            or _simple_tense(span, head, auxes, within_week))


def _governing_verb(span: Span, direct: bool) -> Token | None:
    """The verb whose tense the span shares, or None when (with ``direct``) no verb takes it directly."""
    head = span.root
    if direct:
        # Only a date the verb itself takes ("ended March 31", "was shot on Oct. 23") shares its
        # tense; one hanging off a noun or adjective ("payable Dec. 7", "the Jan. 14 deadline")
        # is often scheduled ahead of a past-tense report.
        head = head.head
        if head.pos_ == "ADP":
            if head.lower_ in ("to", "through", "until", "till", "by", "into"):
                return None  # a deadline: "extended to Nov. 20"
            head = head.head
        if head.pos_ not in ("VERB", "AUX") or head.i in range(span.start, span.end):
            return None
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") and head.i not in range(span.start, span.end):
            break
        if head.head is head:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        head = span.sent.root
    return head


def _verb_and_auxiliaries(head: Token) -> tuple[Token, list[Token]]:
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and head.tag_ == "VBG" and head.dep_ in ("advcl", "conj") and head.head.pos_ in ("VERB", "AUX"):
        # A bare participle clause happens when its main clause does: "the stock has fluctuated,
        # rising ... from $29.75 in March".
        head = head.head
        auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if not auxes and head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        # A coordinated verb shares its first conjunct's auxiliaries: "had ruled ... and set Friday".
        auxes = [c for c in head.head.children if c.dep_ in ("aux", "auxpass")]
    return head, auxes


def _looking_ahead(span: Span, head: Token, auxes: list[Token], pluperfect: bool, within_week: bool) -> str | None:
    """The tense a future auxiliary, a verb of planning or an infinitive gives, or None without one."""
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
        gov = head.head
        # An adjective governor takes its tense from the copula: "had been due to expire Friday".
        around = [*gov.children, *(gov.head.children if gov.dep_ in ("acomp", "attr") else ())]
        return "past" if any(a.lower_ == "had" and a.dep_ in ("aux", "auxpass") for a in around) else "future"
    if any(a.lower_ == "to" for a in auxes):
        # An infinitive ("to be published in May", "plans to meet Friday") points ahead of its
        # governor. Within a week, though, a plain past governor wins ("staged celebrations to mark
        # the entry on Friday", "extended offers to acquire it Friday"): what a report tells in the
        # past tense rarely lies days ahead; months ahead it often does ("agreed to buy in February").
        gov = head.head
        if within_week and gov is not head and gov.tag_ == "VBD" and gov.lemma_ not in _FUTURE_GOVERNORS:
            return "past"
        return "future"
    return None


def _simple_tense(span: Span, head: Token, auxes: list[Token], within_week: bool) -> str:
    """The tense the verb's own form and its auxiliaries give."""
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


_NAMED_QUARTER = r"(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter"
_QUARTER_MENTION = _NAMED_QUARTER + r"|the\s+(?:latest\s+|most\s+recent\s+)?quarter"


@lru_cache(maxsize=1)
def _longer_period(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b" + alternation(phrases) + r"\b(?!-)", re.I) if phrases else re.compile(r"(?!x)x")


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
        """A bare month: the latest one on or before the DCT when the verb it attaches to is in the
        past tense, the next one on or after it when that verb looks ahead, else the one nearest
        the DCT."""
        if self.dct is None:
            return f"XXXX-{m:02d}"
        y = self._month_year(m, self.tense(start, end, direct=True))
        if abs((y - self.dct.year) * 12 + m - self.dct.month) > 4:
            # A month hanging off a noun ("under a June agreement", "the late-November trip") has no
            # tense of its own and mostly lies near the report; one the nearest reading puts months
            # away takes the side of the DCT the clause's tense gives ("the introduction of the
            # new computers in April" in a past-tense October report is last April).
            y = self._month_year(m, self.tense(start, end))
        return f"{y}-{m:02d}"

    def _month_year(self, m: int, tense: str) -> int:
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
        return y

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
            return week_value(d + timedelta(weeks=offset))
        if unit == "WE":
            return week_value(d + timedelta(weeks=offset)) + "-WE"
        if unit == "D":
            return (d + timedelta(days=offset)).isoformat()
        if unit == "Q":
            y, q = shift_quarter(*quarter_of(d), offset)
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
                return week_value(d + timedelta(weeks=k))
            if unit == "D":
                return (d + timedelta(days=k)).isoformat()
            if unit == "Q":
                y, q = shift_quarter(*quarter_of(d), int(k))
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
        cur_year, cur = season_of(self.dct)
        if rel in ("last", "past", "previous"):
            y = cur_year if SEASON_ORDER[s] < SEASON_ORDER[cur] else cur_year - 1
        elif rel in ("next", "coming"):
            y = cur_year if SEASON_ORDER[s] > SEASON_ORDER[cur] else cur_year + 1
        elif rel == "this":
            y = cur_year
        else:
            y = self.dct.year
        return f"{y}-{s}"

    def compared_quarter(self, before: int) -> tuple[int, int] | None:
        """The quarter a comparison ("a year earlier", "the 1988 period") refers back to: the last quarter
        named before ``before``, unless a longer reporting period ("the nine months", "the first six
        months") was named after it; a year earlier than nine months has no quarter, only its year."""
        q = self.quarter_context(before)
        if q is None:
            return None
        offset = max(0, before - 1500)
        window = self.text[offset:before]
        quarters = list(re.finditer(_QUARTER_MENTION, window, re.I))
        longer = list(_longer_period(self.lex.word_classes.get("longer_report_period", ())).finditer(window))
        if longer and (not quarters or longer[-1].start() > quarters[-1].start()):
            return None
        return q

    def quarter_context(self, before: int, named_only: bool = False, ended: bool = False) -> tuple[int, int] | None:
        """The last quarter named in the text before ``before`` (within two sentences), for "a year
        earlier"; with ``named_only``, only a quarter named by its ordinal ("the third quarter"); with
        ``ended``, only one that has ended by the DCT or is told in the past tense (a fiscal quarter)."""
        if self.dct is None:
            return None
        offset = max(0, before - 1500)
        pattern = _NAMED_QUARTER if named_only else _QUARTER_MENTION
        for found in reversed(list(re.finditer(pattern, self.text[offset:before], re.I))):
            word = found[1].lower() if found[1] else None
            if word is None:
                return shift_quarter(*quarter_of(self.dct), -1)
            q = self.lex.ordinals[word]
            # A quarter named without its year that has not begun by the DCT is last year's.
            named = (self.dct.year - 1 if q > quarter_of(self.dct)[1] else self.dct.year), q
            if ended and named >= quarter_of(self.dct) and self.tense(offset + found.start(), offset + found.end()) != "past":
                continue
            return named
        return None
