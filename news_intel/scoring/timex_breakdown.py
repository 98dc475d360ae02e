"""Every error of a timex scoring run, grouped into classes with counts (``score timexes --breakdown``).

Four kinds of error, each split into classes:

- **missed**: a gold TIMEX3 no system span overlaps, classed by what the expression is (a duration
  without a number, a set, a time of day, a ``*_REF`` word, ...);
- **spurious**: a system span that overlaps no gold one, classed the same way from the system's value;
- **extent**: a relaxed match whose span differs, classed by what the system added or left out
  (a determiner, a modifier such as "about" or "earlier", a trailing word);
- **value**: a relaxed match with another value, classed by how the two differ (another point at the
  same granularity, another granularity, another type, a ``*_REF`` against a calendar value, a gold
  value that is not well-formed TIMEX3).

For the phrases behind the largest classes it also counts how the gold annotates the same phrase
everywhere in the corpus, so that an inconsistent gold shows as counts rather than as misses.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

# A TIMEX3 value's shape: digits become 9 ("1998-W33" -> "9999-W99").
_DIGIT = re.compile(r"\d")
# Gold values no TIMEX3 tagger should produce: a one-digit week, an hour without minutes, a
# date with an unknown month after a known year ("1949-XX"), the old one-letter decade/century
# units ("P1E", "PXC", "P2L").
_MALFORMED = re.compile(r"\d{4}-W\d(?!\d)|T\d\d$|^\d{4}-XX$|^P[\dX.]+[ECL]$")
_NUMBER_WORD = re.compile(
    r"\d|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|hundred|dozen|couple|half|several|few|some|many)\b",
    re.I,
)
_DETERMINERS = ("the", "a", "an", "this", "that", "its", "each")


@dataclass(frozen=True)
class Item:
    doc: str
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class Pair:
    doc: str
    gold: Item
    system: Item


def _show(text: str) -> str:
    return " ".join(text.split())


def shape(value: str) -> str:
    return _DIGIT.sub("9", value)


def expression_class(text: str, ttype: str, value: str) -> str:
    """What kind of expression this is, for grouping misses and spurious spans."""
    t = text.lower()
    if value.endswith("_REF"):
        return f"{value} word"
    if ttype == "SET":
        return "set / frequency"
    if ttype == "TIME":
        if re.search(r"T(MO|AF|EV|NI|DT)$", value) or re.search(r"morning|night|evening|afternoon|tonight", t):
            return "time: part of day"
        return "time: clock / zone"
    if ttype == "DURATION":
        if re.search(r"-(?:year|month|week|day|hour)s?-old\b|\bold\b", t):
            return "duration: age"
        if not _NUMBER_WORD.search(t):
            return "duration without a number"
        if re.search(r"[a-z]-[a-z]", t) and re.search(r"-(?:year|month|week|day|hour|minute|decade|quarter)", t):
            return "duration: hyphenated (five-year term)"
        return "duration with a number"
    s = shape(value)
    if re.fullmatch(r"[9X]{4}-[9X]{2}-[9X]{2}", s):
        if re.search(r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", t):
            return "date: weekday"
        if re.search(r"\bday\b", t):
            return "date: anaphoric day (the day, that day)"
        return "date: day"
    if "Q" in value or re.search(r"quarter|period", t):
        return "date: quarter / period"
    if "W" in value:
        return "date: week"
    if re.fullmatch(r"9999", s) or re.fullmatch(r"XXXX", value):
        return "date: year"
    if re.fullmatch(r"9{3}|9{2}", s):
        return "date: decade / century"
    if re.search(r"SP|SU|FA|WI", value):
        return "date: season"
    if re.fullmatch(r"[9X]{4}-[9X]{2}", s):
        return "date: month"
    return "date: other"


def extent_class(gold: str, system: str) -> str:
    """How a system span differs from the gold one it overlaps."""
    g, s = gold.strip().lower(), system.strip().lower()
    if s.endswith(g) and s != g:
        extra = s[: len(s) - len(g)].split()
        first = extra[0] if extra else ""
        if first in _DETERMINERS:
            return f"system adds a determiner before ('{first}')"
        return f"system adds a modifier before ('{' '.join(extra)}')"
    if g.endswith(s) and s != g:
        extra = g[: len(g) - len(s)].split()
        first = extra[0] if extra else ""
        if first in _DETERMINERS:
            return f"system leaves out a determiner ('{first}')"
        return f"system leaves out a modifier ('{' '.join(extra)}')"
    if s.startswith(g):
        return "system adds words after"
    if g.startswith(s):
        return "system leaves out words after (a trailing period, 'or so', 'and beyond', ...)"
    return "spans cross"


def value_class(gold: Item, system: Item) -> str:
    """How a system value differs from the gold value of the same expression."""
    gv, sv = gold.value, system.value
    if _MALFORMED.search(gv):
        return "gold value not well-formed TIMEX3 (one-digit week, hour without minutes, 1949-XX, P1E)"
    if gold.type != system.type:
        return f"type: gold {gold.type}, system {system.type}"
    if gv.endswith("_REF") != sv.endswith("_REF"):
        return "a *_REF against a calendar value or a vague duration"
    gs, ss = shape(gv), shape(sv)
    if gs == ss:
        if gold.type == "DURATION":
            return "duration: other amount"
        kind = expression_class(gold.text, gold.type, gv)
        return f"same granularity, another point ({kind})"
    if "X" in gv and "X" not in sv:
        return "gold leaves unspecified what the system resolves (1989-WXX, 1988-QX)"
    if gold.type == "DURATION":
        return "duration: another unit"
    if gold.type == "TIME" and sv.startswith(gv[:10]) and "T" in sv and "T" not in gv:
        return "time: gold keeps the day only, system adds the part of day"
    return f"granularity: gold {gs}, system {ss}"


def breakdown(pairs: list[Pair], missed: list[Item], spurious: list[Item], gold_all: list[Item], top: int = 8) -> str:
    """The report ``--breakdown`` prints."""
    lines: list[str] = []

    def section(title: str, classed: dict[str, list[str]]) -> None:
        total = sum(len(v) for v in classed.values())
        lines.append(f"{title}: {total}")
        for name, examples in sorted(classed.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            common = Counter(examples).most_common(top)
            shown = "; ".join(f"{e} x{n}" if n > 1 else e for e, n in common)
            lines.append(f"  {len(examples):4d}  {name}: {shown}")

    by: dict[str, list[str]] = defaultdict(list)
    for m in missed:
        by[f"{m.type} / {expression_class(m.text, m.type, m.value)}"].append(f"'{_show(m.text)}' {m.value}")
    section("missed gold timexes", by)

    by = defaultdict(list)
    for s in spurious:
        by[f"{s.type} / {expression_class(s.text, s.type, s.value)}"].append(f"'{_show(s.text.lower())}'")
    section("spurious system timexes", by)

    by = defaultdict(list)
    for p in pairs:
        if p.gold.text != p.system.text:
            by[extent_class(p.gold.text, p.system.text)].append(f"'{_show(p.gold.text)}' -> '{_show(p.system.text)}'")
    section("extent (relaxed match, other span)", by)

    by = defaultdict(list)
    for p in pairs:
        if p.gold.value != p.system.value:
            by[value_class(p.gold, p.system)].append(f"'{_show(p.gold.text)}' {p.gold.value} -> {p.system.value}")
    section("wrong values (relaxed match, other value)", by)

    lines.append(gold_consistency(pairs, spurious, gold_all, top))
    return "\n".join(lines)


def gold_consistency(pairs: list[Pair], spurious: list[Item], gold_all: list[Item], top: int) -> str:
    """For the phrases with the most errors: how often the gold tags the phrase, and with which
    value shapes, against how often the system's span of it is left untagged by the gold."""
    errors = Counter(s.text.lower() for s in spurious)
    errors.update(p.gold.text.lower() for p in pairs if p.gold.value != p.system.value)
    shapes: dict[str, Counter] = defaultdict(Counter)
    for g in gold_all:
        shapes[g.text.lower()][shape(g.value)] += 1
    untagged = Counter(s.text.lower() for s in spurious)
    tagged_elsewhere = sum(1 for s in spurious if shapes[s.text.lower()])
    # A value of another shape than the gold's ("1989-W43" for "1989-WXX", "P1Y" for "1989") whose
    # phrase the gold elsewhere writes in the system's shape: a convention the gold does not keep.
    other_shape = [p for p in pairs if shape(p.gold.value) != shape(p.system.value)]
    shape_elsewhere = sum(1 for p in other_shape if shapes[p.gold.text.lower()][shape(p.system.value)])
    lines = [
        f"spurious spans whose phrase the gold tags elsewhere: {tagged_elsewhere} of {len(spurious)}",
        f"values of another shape than the gold's, in the shape the gold gives the same phrase elsewhere: "
        f"{shape_elsewhere} of {len(other_shape)}",
        "gold consistency of the phrases with the most errors (gold value shapes; times the gold leaves it untagged):",
    ]
    for phrase, _ in errors.most_common(top * 3):
        if sum(shapes[phrase].values()) + untagged[phrase] < 3:
            continue
        dist = ", ".join(f"{k} x{n}" for k, n in shapes[phrase].most_common())
        lines.append(f"  '{phrase}': gold tags {sum(shapes[phrase].values())} ({dist or '-'}); untagged {untagged[phrase]}")
    return "\n".join(lines)
