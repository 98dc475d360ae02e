"""Running the rules over a document: candidates from every rule, the longest kept where they
overlap, then what only the whole text can tell (the day a clock time belongs to, what "that year"
refers to, a modifier just before a span)."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc

from news_intel.nlp.structure import doc_text
from news_intel.nlp.timex.anchoring import Resolver
from news_intel.nlp.timex.calendar import shift_quarter
from news_intel.nlp.timex.expression import Timex
from news_intel.nlp.timex.lexicon import Lexicon, alternation, lexicon
from news_intel.nlp.timex.prefilter import StartFilter, matches_at
from news_intel.nlp.timex.rules import Rule, load_rules

_DAY_WITH_WORD = re.compile(r"[A-Za-z]\.?\s*\d|\d\s*[A-Za-z]")
# A capitalised time word inside a person's name or a title ("Jamie Noon", "Suddenly Last Summer").
_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP", "EVENT"}
_WORD = re.compile(r"[A-Za-z]+")
# What may stand before a word that opens a sentence, a line or a quotation.
_OPENING = re.compile(r"(?:^|[.!?:;\n\"'`(\u201c\u2018-])\s*$")


class Grammar:
    def __init__(self, lex: Lexicon, rules: tuple[Rule, ...]):
        self.lex = lex
        self.rules = rules
        self.start_filter = StartFilter([rule.pattern for rule in rules])
        # Time words written in lower case in running text ("week", "minutes", "noon", "today"): one
        # capitalised inside a sentence belongs to a title or a name ("ABC's This Week", "60 Minutes",
        # "High Noon", "VOA Today"). Month, weekday and holiday names are always capitalised.
        self.lowercase_words = frozenset(
            w for w in (*lex.units, *lex.parts_of_day, *lex.seasons, *lex.fixed, *lex.cardinals)
            if w.isalpha()
        ) - frozenset(lex.months) - frozenset(lex.weekdays)
        # The modifiers a timex of each type may pull in from just before it ("early", "about").
        self._modifiers = {
            ttype: (mods, re.compile(r"(?<![\w-])(" + alternation(mods) + r")(\s+|-)$", re.I))
            for ttype, mods in (("DURATION", lex.duration_mods), ("TIME", lex.time_mods), (None, lex.point_mods))
        }

    def candidates(self, doc: Doc, r: Resolver, rules: tuple[int, ...] | None = None) -> list[Timex]:
        """What each rule (or only the rules of these indexes) finds, in rule order."""
        text = r.text
        starts = self.start_filter.starts(text)
        found: list[Timex] = []
        for i, rule in enumerate(self.rules):
            if rules is not None and i not in rules:
                continue
            for m in matches_at(rule.pattern, text, starts[i]):
                # A date with its day number ("the Aug. 7 Embassy bombings") stays a date inside a
                # name; a bare year or a time word there ("Windows 2000", "Jamie Noon") does not.
                dated = _DAY_WITH_WORD.search(m.group()) is not None
                if not dated and _inside_name(doc, m.start(), m.end()):
                    continue
                if rule.handler.__name__ != "holiday" and self._capitalised_inside_sentence(text, m):
                    continue
                t = rule.handler(m, r)
                if t is not None and t.value:
                    if rule.priority > t.priority:
                        t = replace(t, priority=rule.priority)
                    found.append(t)
        return found

    def find(self, doc: Doc) -> list[Timex]:
        r = Resolver(doc, self.lex)
        cands = self.candidates(doc, r)
        cands.sort(key=lambda t: (-(t.end - t.start), -t.priority, t.start))
        chosen: list[Timex] = []
        taken: list[tuple[int, int]] = []
        for t in cands:
            if any(t.start < e and s < t.end for s, e in taken):
                continue
            chosen.append(t)
            taken.append((t.start, t.end))
        chosen.sort(key=lambda t: t.start)
        chosen = _without_restated_clocks(chosen, r.text)
        chosen = _days_from_context(chosen, r.text)
        chosen = _anaphors_from_context(chosen)
        chosen = _days_next_to(chosen, r.text)
        return [self._extend_modifier(t, doc, taken) for t in chosen]

    def _capitalised_inside_sentence(self, text: str, m: re.Match) -> bool:
        """Whether a word of the match that is written in lower case in running text is capitalised
        without opening a sentence, a line or a quotation."""
        found = m.group()
        if found.islower() or found.isupper() or found.isdigit():
            return False
        for w in _WORD.finditer(found):
            word = w.group()
            if not (word[0].isupper() and word[1:].islower()) or word.lower() not in self.lowercase_words:
                continue
            start = m.start() + w.start()
            if not _OPENING.search(text[max(0, start - 12) : start]):
                return True
        return False

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
        phrase = re.sub(r"\s+", " ", m[1].lower())
        mod = mods[phrase] or t.mod
        if phrase in self.lex.mods_outside_span:
            return replace(t, mod=mod)
        return replace(t, start=new_start, mod=mod)


def _inside_name(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = span[0]
    if not first.text[:1].isupper() or first.is_sent_start:
        return False
    return first.ent_type_ in _NAME_LABELS and first.ent_iob_ == "I"


def _anaphors_from_context(chosen: list[Timex]) -> list[Timex]:
    """"that year", "the following month": the last date named before that is fine enough for
    the unit, shifted (left underspecified when the text named none)."""
    fine_enough = {"Y": r"\d{4}", "M": r"\d{4}-\d{2}", "D": r"\d{4}-\d{2}-\d{2}", "Q": r"\d{4}-Q\d", "WD": r"\d{4}-\d{2}-\d{2}"}
    named: list[str] = []
    out: list[Timex] = []
    for t in chosen:
        out.append(t)
        if not t.anaphor:
            if t.timex_type in ("DATE", "TIME") and re.match(r"\d{4}(?!\d)", t.value):
                named.append(t.value)
            continue
        unit, offset = t.anaphor
        if unit == "D" and named and re.fullmatch(r"\d{4}-\d{2}", named[-1]):
            # "last October ... that same day": the day of the month named last, which the text does not give.
            out[-1] = replace(t, value=f"{named[-1]}-XX" + t.value[10:])
            continue
        last = next((v for v in reversed(named) if re.match(fine_enough[unit[:2] if unit.startswith("WD") else unit], v)), None)
        if last is None:
            continue
        y = int(last[:4])
        if unit == "Y":
            value = f"{y + offset:04d}"
        elif unit == "M":
            d = date(y, int(last[5:7]), 1) + relativedelta(months=offset)
            value = f"{d.year}-{d.month:02d}"
        elif unit == "D":
            # A part of the day ("the next morning") keeps its own "T.." after the day.
            value = (date.fromisoformat(last[:10]) + timedelta(days=offset)).isoformat() + t.value[10:]
        elif unit.startswith("WD"):
            ref = date.fromisoformat(last[:10])
            step = ((int(unit[2:]) - ref.isoweekday()) % 7 or 7) if offset > 0 else -((ref.isoweekday() - int(unit[2:])) % 7 or 7)
            value = (ref + timedelta(days=step)).isoformat()
        else:
            qy, q = shift_quarter(y, int(last[6]), offset)
            value = f"{qy}-Q{q}"
        out[-1] = replace(t, value=value)
    return out


_BETWEEN_CLOCK_AND_GLOSS = re.compile(r"\s*\(\s*")
_AFTER_GLOSS = re.compile(r"\s*\)")


def _without_restated_clocks(chosen: list[Timex], text: str) -> list[Timex]:
    """A clock time in brackets right after another one that reads another hour converts it into
    another zone ("at 10:35 a.m. (0735 GMT)"): the same moment, told once. One that reads the same
    hour makes it precise ("at 4 in the morning (4 a.m. EDT Thursday)") and stays."""
    out: list[Timex] = []
    for t in chosen:
        before = out[-1] if out else None
        if (
            before is not None
            and t.timex_type == before.timex_type == "TIME"
            and _BETWEEN_CLOCK_AND_GLOSS.fullmatch(text, before.end, t.start)
            and _AFTER_GLOSS.match(text, t.end)
            and _clock_reading(before.value) != _clock_reading(t.value)
        ):
            continue
        out.append(t)
    return out


def _clock_reading(value: str) -> str:
    return value.partition("T")[2]


# "the day before last Tuesday", "the day after Christmas": a day counted from the named one.
_DAY_NEXT_TO = re.compile(r"(?<![\w-])((?:the\s+)?day\s+(before|after)\s+)$", re.I)
_DATE_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _days_next_to(chosen: list[Timex], text: str) -> list[Timex]:
    """A date of a named day right after "the day before" or "the day after" is the day next to it."""
    out: list[Timex] = []
    for t in chosen:
        m = _DAY_NEXT_TO.search(text, max(0, t.start - 20), t.start)
        if m and t.timex_type == "DATE" and _DATE_DAY.fullmatch(t.value) and not (out and out[-1].end > m.start()):
            day = date.fromisoformat(t.value) + timedelta(days=-1 if m[2].lower() == "before" else 1)
            t = replace(t, start=m.start(), value=day.isoformat())
        out.append(t)
    return out


_DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}(T.*)?")
# What may stand between a clock time and the day that follows it: "at 9 a.m. on Friday", "10 p.m., Monday",
# "at 10:35 a.m. (0735 GMT) Friday" (the time restated in brackets).
_CLOCK_THEN_DAY = re.compile(r"\s*(?:\([^()\n]{1,30}\)\s*)?,?\s*(?:on\s+)?")


def _days_from_context(chosen: list[Timex], text: str) -> list[Timex]:
    """A clock time with no day of its own takes the day named right after it ("at 9 a.m. on
    Friday"), else the last day named within a few sentences."""
    last_day: tuple[int, str] | None = None
    out: list[Timex] = []
    for i, t in enumerate(chosen):
        after = chosen[i + 1] if i + 1 < len(chosen) else None
        if (
            t.day_from_context
            and after is not None
            and _DAY_VALUE.fullmatch(after.value)
            and _CLOCK_THEN_DAY.fullmatch(text, t.end, after.start)
        ):
            t = replace(t, value=after.value[:10] + t.value[t.value.index("T") :])
        elif t.day_from_context and last_day and t.start - last_day[0] < 600:
            t = replace(t, value=last_day[1] + t.value[t.value.index("T") :])
        elif _DAY_VALUE.fullmatch(t.value):
            last_day = (t.end, t.value[:10])
        out.append(t)
    return out


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return Grammar(lexicon(), load_rules())
