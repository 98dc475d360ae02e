"""Where in a text each rule can start.

Scanning a document with each of some fifty rules costs a full regex pass apiece: every pattern opens
with lookbehinds and long word alternations, which the regex engine tries at every character.
Instead, the document's word starts are indexed once by their first three characters, and a rule is
tried (``Pattern.match``, in ``finditer`` order) only at the word starts whose three characters can
begin one of its matches. Whether they can is asked of the ``regex`` engine itself, whose partial
matching tells whether a string is the beginning of some match; the answer is cached per key, so a
key is asked about once per process. The matches found are exactly ``finditer``'s.
"""
from __future__ import annotations

import re

import regex

KEY_LEN = 3
# Every rule opens with ``rules.BOUNDARY``: a match starts after a character that is none of these,
# on a word character or an apostrophe ("'70s"); ``test_timex_rules`` checks that no rule can start
# on any other character.
WORD_START = re.compile(r"(?<![\w$£€.,])[\w']")
# A key that starts with the article runs on to the next word's first three characters ("the qua").
_ARTICLE = "the"
_ARTICLE_KEY_LEN = 2 * KEY_LEN + 1
_ASCII_SPACE_TO_BLANK = str.maketrans({c: " " for c in map(chr, range(128)) if c.isspace()})


def word_start_index(text: str) -> tuple[dict[str, list[int]], list[int]]:
    """Word starts by their first three characters (seven after "the "; lower case, whitespace as a
    space); word starts with a character outside ASCII, which case-insensitive matching may fold, are
    kept apart and tried by every rule."""
    index: dict[str, list[int]] = {}
    anywhere: list[int] = []
    # Keys are cut from the text lowered and blanked once; lowering keeps every position when it keeps
    # the length (no character became two), else each key is lowered on its own.
    folded = text.lower().translate(_ASCII_SPACE_TO_BLANK)
    aligned = len(folded) == len(text)
    for m in WORD_START.finditer(text):
        p = m.start()
        key = text[p : p + KEY_LEN]
        if key.isascii():
            key = folded[p : p + KEY_LEN] if aligned else key.lower().translate(_ASCII_SPACE_TO_BLANK)
            if key == _ARTICLE and text[p + KEY_LEN : p + KEY_LEN + 1].isspace():
                # "the" opens a third of all rules' tries; the start of the next word tells most apart.
                longer = text[p : p + _ARTICLE_KEY_LEN]
                if longer.isascii():
                    key = folded[p : p + _ARTICLE_KEY_LEN] if aligned else longer.lower().translate(_ASCII_SPACE_TO_BLANK)
            index.setdefault(key, []).append(p)
        else:
            anywhere.append(p)
    return index, anywhere


class StartFilter:
    """For each of a list of compiled patterns, the word starts of a text where a match can begin."""

    def __init__(self, patterns: list[re.Pattern]):
        # The same pattern for the ``regex`` engine, which can match partially; only asked about keys.
        self._probes = [regex.compile(p.pattern, p.flags & (re.I | re.M | re.S) | regex.V0) for p in patterns]
        self._rules_by_key: dict[str, tuple[int, ...]] = {}
        # A key's first character already rules most patterns out; asking about it first keeps the
        # questions a new key costs few.
        self._rules_by_first: dict[str, tuple[int, ...]] = {}

    def can_start(self, key: str) -> tuple[int, ...]:
        """The indexes of the patterns a match of which can begin with ``key``."""
        found = self._rules_by_key.get(key)
        if found is None:
            first = self._rules_by_first.get(key[0])
            if first is None:
                first = tuple(i for i, probe in enumerate(self._probes) if probe.match(key[0], partial=True))
                self._rules_by_first[key[0]] = first
            found = tuple(i for i in first if self._probes[i].match(key, partial=True))
            self._rules_by_key[key] = found
        return found

    def starts(self, text: str) -> list[list[int]]:
        """Per pattern, the sorted positions in ``text`` at which to try it."""
        index, anywhere = word_start_index(text)
        per_pattern: list[list[int]] = [[] for _ in self._probes]
        for key, positions in index.items():
            for i in self.can_start(key):
                per_pattern[i].extend(positions)
        for starts in per_pattern:
            if anywhere:
                starts.extend(anywhere)
            starts.sort()
        return per_pattern


def matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """``pattern.finditer(text)``, trying only ``starts`` (sorted), which hold every place a match can begin."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            end = m.end() if m.end() > p else p + 1
