"""The timex grammar as data: every rule of ``timex_rules.tsv`` fires on its own example, and the
pre-filter's assumption about where a rule can start holds for every rule."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from news_intel.nlp.timex.matching import grammar
from news_intel.nlp.timex.rules import expand, load_rules, read_rule_rows

DCT = date(2023, 5, 30)
_SUITE = Path(__file__).resolve().parents[2] / "expectations" / "timexes.json"
_VALUE_CHECK = re.compile(
    next(
        e["kwargs"]["regex"]
        for e in json.loads(_SUITE.read_text())["expectations"]
        if e["type"] == "expect_column_values_to_match_regex" and e["kwargs"]["column"] == "value"
    )
)


@pytest.fixture(scope="module")
def nlp():
    import spacy

    from news_intel.nlp import timexes  # noqa: F401  registers the component
    from news_intel.nlp.pipeline import DEFAULT_MODEL

    return spacy.load(DEFAULT_MODEL)


def test_rule_names_are_unique_and_every_rule_has_an_example():
    rows = read_rule_rows()
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names))
    assert all(r["example"].strip() for r in rows)
    assert len(load_rules()) == len(rows)


@pytest.mark.parametrize("rule_name", [r["name"] for r in read_rule_rows()])
def test_every_rule_fires_on_its_example(nlp, rule_name):
    from news_intel.nlp.timex.anchoring import Resolver

    g = grammar()
    index = next(i for i, r in enumerate(g.rules) if r.name == rule_name)
    rule = g.rules[index]
    doc = nlp(rule.example)
    doc._.published = DCT
    found = g.candidates(doc, Resolver(doc, g.lex), rules=(index,))
    assert found, f"rule {rule_name} finds nothing in its example {rule.example!r}"
    # What it finds is a value the warehouse's TIMEX3 check accepts.
    bad = [t.value for t in found if not _VALUE_CHECK.search(t.value)]
    assert not bad, (rule_name, bad)


def test_no_rule_can_start_on_a_character_the_word_start_index_skips():
    # The pre-filter tries a rule only at word starts (a word character or an apostrophe after a
    # non-word character); a rule that could begin on anything else would lose matches.
    import regex

    probes = [regex.compile(r.pattern.pattern, regex.I | regex.V0) for r in grammar().rules]
    others = [chr(c) for c in range(0x3000) if not (chr(c).isalnum() or chr(c) in "_'") and not 0xD800 <= c < 0xE000]
    for probe, rule in zip(probes, grammar().rules):
        starts = [c for c in others if probe.match(c, partial=True)]
        assert not starts, (rule.name, starts[:5])


def test_an_unknown_placeholder_names_the_rule():
    with pytest.raises(ValueError, match="rule 'r1' uses unknown placeholder"):
        expand(r"(?P<x>{nonsense})", {"month": "may"}, "r1")
