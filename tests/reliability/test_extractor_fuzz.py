"""Every extractor on adversarial shapes: long runs of one character, alternating quote marks, nested
parentheses, very long tokens, mixed scripts, and one-line articles of up to 200,000 characters.

The short fuzz (part of the normal suite) checks that no component fails and every offset holds. The slow
one (``-m slow``; a few minutes on two cores) also times each component per 10,000 characters at two
sizes of the same shape and prints the table: a component whose time per 10,000 characters grows with the
size is super-linear. It prints figures and asserts correctness only (speed is for benchmarks to judge).
"""
from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news_intel.nlp.pipeline import ArticleInput, make_docs
from tests.reliability.test_adversarial_text import assert_no_component_failed, check_rows, run_one

SENTENCE = "The minister said on Friday that Beijing had declined a meeting with Austin. "
# Units an adversarial article repeats, each a shape that has broken text processors before.
UNITS = [
    "a", ".", "—", "-", '"', "'", "“”", "‘’", "«»", "„“", '"—', "(", ")", "((", "))", "[", "{", "…", " ", "\n",
    "'s ", "said “no ", "“no” ", "(he said ", "Mr. ", "U.S. ", "on Friday 3 March 2021 ", "ABC ",
    "Austin وزير 北京 Москва ", "شانغفو ", "\u200b", "\u202e", "👍🏽", "x" * 500,
]
SHAPES = {
    "one character": lambda n: "a" * n,
    "full stops": lambda n: "." * n,
    "dashes": lambda n: "—" * n,
    "straight quotes": lambda n: '"' * n,
    "alternating quote marks": lambda n: ("“”‘’" * n)[:n],
    "unclosed quotes in a sentence": lambda n: ('He said “no ' * n)[:n],
    "nested parentheses": lambda n: "(" * (n // 2) + "x" + ")" * (n // 2),
    "nested clauses": lambda n: ("(he said " * (n // 18)) + ")" * (n // 18),
    "one very long token": lambda n: "x" * max(1, n - 20) + " said the minister.",
    "mixed scripts": lambda n: ("Austin وزير 北京 Москва said “да” " * n)[:n],
    "one-line news": lambda n: (SENTENCE + 'He said “no”. ' * 1) * (n // (len(SENTENCE) + 14)),
}


@st.composite
def adversarial_articles(draw, max_chars: int = 3000) -> str:
    """A few runs of adversarial units, optionally between sentences of news."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        unit = draw(st.sampled_from(UNITS))
        pieces.append(unit * draw(st.integers(1, max(1, max_chars // (4 * len(unit))))))
        if draw(st.booleans()):
            pieces.append(SENTENCE)
    return "".join(pieces)[:max_chars]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=adversarial_articles())
def test_adversarial_shapes_never_fail_an_extractor_and_offsets_hold(nlp, text):
    rows = run_one(nlp, text)
    assert_no_component_failed(rows, text)
    check_rows(text, rows)


def component_seconds(nlp, text: str) -> dict[str, float]:
    """Seconds each pipeline component takes on ``text``, run one after the other as ``nlp`` runs them."""
    doc = next(make_docs(nlp, [ArticleInput("fuzz", text, date(2023, 5, 30))]))
    seconds = {}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        doc = component(doc)
        seconds[name] = time.perf_counter() - started
    return seconds


# Sizes of the timing table: a quadrupling shows a super-linear component (its time per 10,000 characters
# grows about fourfold for a quadratic one) at a cost bounded to minutes; the 200,000-character line is the
# longest article the issue names.
SMALL, LARGE, LONG_LINE = 2_500, 10_000, 200_000


def timed_extraction(nlp, text: str) -> dict[str, float]:
    """Extract ``text`` as a run does (checking every row), then time each component on it per 10,000 characters."""
    rows = run_one(nlp, text)
    assert_no_component_failed(rows, text)
    check_rows(text, rows)
    return {name: s * 10_000 / len(text) for name, s in component_seconds(nlp, text).items()}


@pytest.mark.slow  # a few minutes: every shape at two sizes, then the 200,000-character line
def test_time_per_10k_characters_of_every_component_on_adversarial_shapes(nlp):
    nlp("The minister said on Friday, 3 March 2021, that “talks” (with Beijing) would resume.")  # warm-up
    started = time.perf_counter()
    lines, tried, slowest = [], 0, (0.0, "")
    for shape, make in SHAPES.items():
        per_10k = {}
        for n in (SMALL, LARGE):
            text = make(n)
            per_10k[n] = timed_extraction(nlp, text)
            tried += 1
            slowest = max(slowest, (sum(per_10k[n].values()), f"{shape} ({len(text):,} characters)"))
        growth = {name: per_10k[LARGE][name] / max(per_10k[SMALL][name], 1e-3) for name in per_10k[LARGE]}
        worst = max(growth, key=growth.get)
        lines.append(f"{shape:32} {sum(per_10k[SMALL].values()):7.2f} {sum(per_10k[LARGE].values()):7.2f}   "
                     f"{worst} x{growth[worst]:.1f}")
        print(lines[-1], flush=True)
    line = SHAPES["one-line news"](LONG_LINE)
    per_10k = timed_extraction(nlp, line)
    tried += 1
    total = sum(per_10k.values())
    slowest = max(slowest, (total, f"one-line news ({len(line):,} characters)"))
    print(f"\n{'shape':32} s/10k@{SMALL:,} s/10k@{LARGE:,}   most grown component (per-10k ratio)")
    print("\n".join(lines))
    print(f"one line of {len(line):,} characters: {total:.2f} s/10k; components (s/10k): "
          + ", ".join(f"{k} {v:.2f}" for k, v in per_10k.items()))
    print(f"{tried} adversarial texts (each extracted, then timed component by component); slowest "
          f"{slowest[0]:.2f} s per 10,000 characters: {slowest[1]}; {time.perf_counter() - started:.0f} s in all")
