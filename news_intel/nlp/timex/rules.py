"""The grammar as data: the rules of ``news_intel/nlp/data/timex_rules.tsv``.

One rule a row: ``name``, the ``handler`` that normalizes its match (registered by that name in
``handlers``), a ``priority`` that breaks ties between overlapping candidates of the same length, an
``example`` the rule fires on, and the ``pattern``: a regular expression (matched case-insensitively)
whose named placeholders (``{month}``, ``{weekday}``, ``{number}``, ``{unit}``, ...) stand for the
lexicon's word lists. Rules are tried in file order, which the choice among equal candidates follows.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from news_intel.nlp.reference import PACKAGE_DATA
from news_intel.nlp.timex.handlers import HANDLERS
from news_intel.nlp.timex.lexicon import Lexicon, alternation, lexicon

RULES_FILE = PACKAGE_DATA / "timex_rules.tsv"

# A hyphen may precede an expression only after a modifier prefix ("mid-1990", "post-1959").
BOUNDARY = r"(?<![\w$£€.,])(?:(?<=mid-)|(?<=late-)|(?<=early-)|(?<=post-)|(?<=pre-)|(?<!-))"
END = r"(?![\w-]|[.,]\d)"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Rule:
    name: str
    handler: Callable
    priority: int
    example: str
    source: str  # the pattern as the rules file writes it
    pattern: re.Pattern


def placeholders(lex: Lexicon) -> dict[str, str]:
    """What each ``{name}`` of a rule's pattern stands for."""
    tens = alternation(lex.tens)
    digit = alternation(lex.digits)
    cardinal = alternation(lex.cardinals)
    out = {
        "month": alternation(lex.months),
        "weekday": alternation(lex.weekdays),
        "season": alternation(lex.seasons),
        "part_of_day": alternation(lex.parts_of_day),
        "cardinal": cardinal,
        # Digits (with a decimal or a half), a spelled compound ("twenty-one"), or a number word.
        "number": rf"(?:\d+(?:\.\d+|\s+1/2|½)?|{tens}[\s-]{digit}|{cardinal})",
        "ordinal": alternation(lex.ordinals),
        "unit": alternation(lex.units),
        "singular_unit": alternation(w for w in lex.units if not w.endswith("s")),
        "day": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "year": r"(?:1[6-9]\d\d|20\d\d)",
        "tens_word": tens,
        "digit_word": digit,
        "decade_word": alternation(w[:-1] + "ies" for w in lex.tens),
        # Weekdays written out ("Monday", not "Mon"), which take a plural: "on Sundays".
        "weekday_name": alternation(w for w in lex.weekdays if w.isalpha() and len(w) >= 6),
        "holiday": alternation(lex.holidays),
        "fixed_phrase": alternation(lex.fixed),
    }
    for name, words in lex.word_classes.items():
        out[name] = alternation(words)
    return out


def expand(pattern: str, table: dict[str, str], rule_name: str = "?") -> str:
    def sub(m: re.Match) -> str:
        if m[1] not in table:
            raise ValueError(f"{RULES_FILE.name}: rule {rule_name!r} uses unknown placeholder {{{m[1]}}}")
        return table[m[1]]

    return _PLACEHOLDER.sub(sub, pattern)


def read_rule_rows() -> list[dict]:
    with open(RULES_FILE, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The rules file compiled against the lexicon; a bad row fails loudly, naming the rule."""
    table = placeholders(lexicon())
    rules, seen = [], set()
    for row in read_rule_rows():
        name = row["name"]
        if name in seen:
            raise ValueError(f"{RULES_FILE.name}: rule {name!r} appears twice")
        seen.add(name)
        if row["handler"] not in HANDLERS:
            raise ValueError(f"{RULES_FILE.name}: rule {name!r} names unknown handler {row['handler']!r}")
        try:
            pattern = re.compile(BOUNDARY + expand(row["pattern"], table, name) + END, re.I)
        except re.error as err:
            raise ValueError(f"{RULES_FILE.name}: rule {name!r} has a bad pattern: {err}") from None
        rules.append(Rule(name, HANDLERS[row["handler"]], int(row["priority"] or 0), row["example"], row["pattern"], pattern))
    return tuple(rules)
