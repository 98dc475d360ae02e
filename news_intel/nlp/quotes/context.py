"""The attribution context: one article's parse, cues and quotations as the speaker search reads them,
with the lexicons it needs and the speakers found so far (pronouns and continuations look back at them)."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from news_intel.nlp.people import PersonLexicon
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.headline_subject import HeadlineParser
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.structure import doc_text


@dataclass
class AttributionContext:
    """One article as the speaker search reads it, and the speakers found so far."""

    doc: Doc
    cue_tokens: dict[int, str]  # token index -> cue lemma ("according to" for the phrase)
    quote_spans: list[QuoteSpan]
    people: PersonLexicon
    cues: dict[str, dict]  # cue lemma -> its row of the cue lexicon
    speakers_so_far: list[tuple[int, Speaker]] = field(default_factory=list)  # (char, speaker)
    # Parses a title-case headline in lower case (see ``headline_subject``); None: headlines go by names.
    headline_parser: HeadlineParser | None = None
    # Cues and quotes in text order, so that each quote looks only at those near it: scanning them all per
    # quote made long articles quadratic.
    _cue_chars: list[tuple[int, int]] = field(default_factory=list, init=False)  # (char, token index)
    _quotes_by_start: list[QuoteSpan] = field(default_factory=list, init=False)
    _quote_starts: list[int] = field(default_factory=list, init=False)
    _headlines: dict[tuple[int, int], bool] = field(default_factory=dict, init=False)
    inside: list[bool] = field(default_factory=list, init=False)  # per token: whether it lies in a quote

    def __post_init__(self) -> None:
        self.inside = inside_mask(self.doc, self.quote_spans)
        self._cue_chars = sorted((self.doc[i].idx, i) for i in self.cue_tokens)
        self._quotes_by_start = sorted(self.quote_spans, key=lambda q: q.start)
        self._quote_starts = [q.start for q in self._quotes_by_start]

    def headline(self, lo: int, hi: int) -> bool:
        """Whether the paragraph ``[lo, hi)`` is a headline: at most 25 long words, mostly capitalised.
        Once per paragraph: a one-line article is one paragraph, read again for every quote."""
        if (lo, hi) not in self._headlines:
            words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", doc_text(self.doc)[lo:hi]) if len(w) > 3]
            self._headlines[lo, hi] = (bool(words) and len(words) <= 25
                                       and sum(w[0].isupper() for w in words) >= 0.8 * len(words))
        return self._headlines[lo, hi]

    def cues_between(self, lo: int, hi: int) -> list[int]:
        """Token indices of the cues starting in characters ``[lo, hi)``."""
        first = bisect_left(self._cue_chars, (lo, -1))
        last = bisect_left(self._cue_chars, (hi, -1))
        return [i for _, i in self._cue_chars[first:last]]

    def quote_at(self, char: int) -> bool:
        """Whether character ``char`` lies inside a quote (quotes do not overlap: the last one starting
        at or before it decides)."""
        k = bisect_right(self._quote_starts, char)
        return bool(k) and char < self._quotes_by_start[k - 1].end

    def quote_between(self, a: int, b: int) -> bool:
        """Whether a whole quote lies strictly inside characters ``(a, b)``."""
        k = bisect_right(self._quote_starts, a)
        while k < len(self._quote_starts) and self._quote_starts[k] < b:
            if self._quotes_by_start[k].end < b:
                return True
            k += 1
        return False


def inside_mask(doc: Doc, spans: list[QuoteSpan]) -> list[bool]:
    """Per token of ``doc``: whether it starts inside one of ``spans``."""
    mask = [False] * len(doc)
    if not spans:
        return mask
    starts = sorted((q.start, q.end) for q in spans)
    j = 0
    for t in doc:
        while j < len(starts) and starts[j][1] <= t.idx:
            j += 1
        if j < len(starts) and starts[j][0] <= t.idx < starts[j][1]:
            mask[t.i] = True
    return mask
