"""The words temporal expressions are made of, read from ``news_intel/nlp/data/timex_*.csv``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from news_intel.nlp.reference import read_package_csv


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    ambiguous_lowercase: frozenset[str]
    cardinals: dict[str, str]
    ordinals: dict[str, int]
    # The words that compose spelled numbers ("twenty-one"): tens (twenty..ninety) and units (one..nine).
    tens: dict[str, int]
    digits: dict[str, int]
    units: dict[str, tuple[str, bool]]
    point_mods: dict[str, str]
    time_mods: dict[str, str]
    duration_mods: dict[str, str]
    # Modifiers that set a timex's mod but stay outside its span, as the TimeBank/AQUAINT gold writes
    # "about": "about <TIMEX3>three years</TIMEX3>" (``in_span`` empty in ``timex_modifiers.csv``).
    mods_outside_span: frozenset[str]
    fixed: dict[str, tuple[str, str, int | None, bool]]
    holidays: dict[str, dict]
    # Named word lists the rules use as placeholders ("this_last_next", "time_zone").
    word_classes: dict[str, tuple[str, ...]]


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
    cardinals, ordinals, tens, digits = {}, {}, {}, {}
    for r in read_package_csv("timex_numbers.csv"):
        if r["ordinal"]:
            ordinals[r["word"].lower()] = int(r["value"])
        else:
            cardinals[r["word"].lower()] = r["value"]
        if r["compound_part"] == "tens":
            tens[r["word"].lower()] = int(r["value"])
        elif r["compound_part"] == "unit":
            digits[r["word"].lower()] = int(r["value"])
    units = {r["word"].lower(): (r["unit"], bool(r["is_clock"])) for r in read_package_csv("timex_units.csv")}
    point_mods, time_mods, duration_mods, outside = {}, {}, {}, set()
    # applies_to: "point" (dates and times), "time" (clock times only), "duration", or "any".
    for r in read_package_csv("timex_modifiers.csv"):
        applies = set(r["applies_to"].split())
        if applies & {"point", "any"}:
            point_mods[r["phrase"].lower()] = r["mod"]
        if applies & {"point", "any", "time"}:
            time_mods[r["phrase"].lower()] = r["mod"]
        if applies & {"duration", "any"}:
            duration_mods[r["phrase"].lower()] = r["mod"]
        if not r["in_span"]:
            outside.add(r["phrase"].lower())
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
    word_classes: dict[str, tuple[str, ...]] = {}
    for r in read_package_csv("timex_word_classes.csv"):
        word_classes[r["class"]] = word_classes.get(r["class"], ()) + (r["word"],)
    return Lexicon(
        months, weekdays, seasons, pods, frozenset(ambiguous), cardinals, ordinals, tens, digits, units,
        point_mods, time_mods, duration_mods, frozenset(outside), fixed, holidays, word_classes
    )


def alternation(words) -> str:
    """Regex alternation, longest first so that "a few" wins over "a"."""
    parts = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(parts) + ")"


def number(word: str, lex: Lexicon) -> float | str | None:
    """The value of a number written in digits or words ("2 1/2", "twenty-one", "a dozen"); "X" for
    a vague one ("several"); None when it is no number."""
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
