"""Quote marks to quoted spans, over the raw text: no parse at all.

Marks are paired paragraph by paragraph. A mark's direction comes from its neighbours, so straight,
curly and mixed pairs all work, apostrophes are never marks, a quotation left open at the end of a
paragraph that the next paragraph reopens is one quotation over several spans, and a mark that pairs
with nothing never stops the rest of the article from being read. Quotes and coreference both read
these spans: a pronoun outside a quotation never resolves to a name inside one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from news_intel.nlp.structure import doc_text

_OPEN, _CLOSE, _EITHER = "open", "close", "either"
DOUBLE_MARKS = {'"': "straight", "“": "curly", "”": "curly", "„": "curly", "«": "guillemet", "»": "guillemet"}
_OPENING_CONTEXT = set("([{—–-/:")
_LONGEST_STRAIGHT_QUOTE = 400  # characters
_CLOSING_CONTEXT = set(".,;:!?)]}—–-…")


@dataclass
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    closed: bool
    quotation: int  # spans of one multi-paragraph quotation share this number
    paragraph: int
    single: bool = False  # delimited by single marks (‘...’)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trailing whitespace excluded."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append((s, e))
    return out


def _mark_direction(text: str, i: int, lo: int, hi: int) -> str:
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    opener_like = (prev.isspace() or prev in _OPENING_CONTEXT or prev in DOUBLE_MARKS or prev == "‘") and not nxt.isspace()
    closer_like = not prev.isspace() and (nxt.isspace() or nxt in _CLOSING_CONTEXT or nxt in DOUBLE_MARKS or nxt == "’")
    if ch in "“„«":
        # A curly opener glued to a word on its left and free on its right is a mistyped closer.
        return _CLOSE if closer_like and not opener_like and prev.isalnum() else _OPEN
    if ch in "”»":
        return _OPEN if opener_like and not closer_like and nxt.isalnum() else _CLOSE
    if opener_like and not closer_like:
        return _OPEN
    if closer_like and not opener_like:
        return _CLOSE
    return _EITHER


def _strip_span(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


@dataclass
class _OpenQuote:
    at: int  # the opening mark
    style: str
    nested: str | None = None  # the style of a quotation opened inside this one
    continuing: bool = False  # reopens the quotation the previous paragraph left open


class _QuotationNumbers:
    """A span that continues the previous paragraph's open quotation keeps its number; any other takes the next."""

    def __init__(self):
        self.last = -1

    def number(self, continuing: bool) -> int:
        if not continuing:
            self.last += 1
        return self.last


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted span of ``text`` (marks excluded), best reading of unbalanced marks, never raising."""
    spans: list[QuoteSpan] = []
    paras = paragraphs(text)
    numbers = _QuotationNumbers()
    carried_open = False  # the previous paragraph ended inside a quotation that this one reopens
    for p_idx, (lo, hi) in enumerate(paras):
        closed, left_open = _pair_paragraph(text, lo, hi, p_idx, carried_open, numbers)
        spans.extend(closed)
        carried_open = False
        if left_open is not None:
            s, e = _strip_span(text, left_open.at + 1, hi)
            if e > s:
                spans.append(QuoteSpan(s, e, False, numbers.number(left_open.continuing), p_idx))
                carried_open = _reopened_by_next(text, paras, p_idx)
    spans.extend(_single_quote_spans(text, paras, spans, numbers.last + 1))
    spans.sort(key=lambda q: q.start)
    return spans


def _pair_paragraph(text: str, lo: int, hi: int, p_idx: int, carried_open: bool,
                    numbers: _QuotationNumbers) -> tuple[list[QuoteSpan], _OpenQuote | None]:
    """The closed spans of one paragraph, and the quotation still open at its end."""
    spans: list[QuoteSpan] = []
    open_quote: _OpenQuote | None = None
    first_mark = True
    for i in range(lo, hi):
        if text[i] not in DOUBLE_MARKS:
            continue
        style = DOUBLE_MARKS[text[i]]
        direction = _mark_direction(text, i, lo, hi)
        is_first, first_mark = first_mark, False
        if open_quote is None:
            # A closer with no opener pairs with nothing; the marks after it still do.
            if direction != _CLOSE:
                continuing = is_first and carried_open and not text[lo:i].strip()
                open_quote = _OpenQuote(i, style, continuing=continuing)
            continue
        if _mark_keeps_quote_open(open_quote, i, style, direction):
            continue
        s, e = _strip_span(text, open_quote.at + 1, i)
        if e > s:
            spans.append(QuoteSpan(open_quote.at + 1, i, True, numbers.number(open_quote.continuing), p_idx))
        open_quote = None
    return spans, open_quote


def _mark_keeps_quote_open(quote: _OpenQuote, i: int, style: str, direction: str) -> bool:
    """Whether the mark at ``i`` leaves ``quote`` open: a mark of a quotation nested in it, or an opener that
    shows its own opener was never closed (``quote`` then restarts at ``i``)."""
    if quote.nested is not None and style == quote.nested:
        if direction != _OPEN:
            quote.nested = None
        return True
    if style != quote.style and direction == _OPEN and quote.nested is None:
        quote.nested = style
        return True
    # Same-style curly opener while open: the earlier mark was never closed. Far from its opener, a straight
    # mark shaped like an opener starts a new quote too; near it, it is a closer typed with a stray space.
    restarts = direction == _OPEN and (
        (style == quote.style and style != "straight")
        or (style == "straight" and i - quote.at > _LONGEST_STRAIGHT_QUOTE))
    if restarts:
        quote.at, quote.nested, quote.continuing = i, None, False
    return restarts


def _reopened_by_next(text: str, paras: list[tuple[int, int]], p_idx: int) -> bool:
    """News style leaves a quotation open at a paragraph's end when the next paragraph opens with a mark."""
    if p_idx + 1 >= len(paras):
        return False
    lo, hi = paras[p_idx + 1]
    return text[lo] in DOUBLE_MARKS and _mark_direction(text, lo, lo, hi) != _CLOSE


def _single_quote_spans(text: str, paras, double_spans: list[QuoteSpan], first_quotation: int) -> list[QuoteSpan]:
    """Top-level ‘...’ pairs outside double quotes (headline and British style); ’ inside words is an apostrophe."""
    inside = [(q.start - 1, q.end + 1) for q in double_spans]

    def covered(i: int) -> bool:
        return any(a <= i < b for a, b in inside)

    out = []
    quotation = first_quotation
    for p_idx, (lo, hi) in enumerate(paras):
        i = lo
        while i < hi:
            if text[i] == "‘" and not covered(i):
                prev = text[i - 1] if i > lo else " "
                nxt = text[i + 1] if i + 1 < hi else " "
                if (prev.isspace() or prev in _OPENING_CONTEXT or prev == ":") and not nxt.isspace():
                    j = i + 1
                    while j < hi:
                        if text[j] == "’" and not covered(j):
                            after = text[j + 1] if j + 1 < hi else " "
                            if not after.isalnum() and not text[j - 1].isspace():
                                break
                        if text[j] == "‘":
                            j = hi
                            break
                        j += 1
                    if j < hi:
                        s, e = _strip_span(text, i + 1, j)
                        if e > s:
                            out.append(QuoteSpan(i + 1, j, True, quotation, p_idx, single=True))
                            quotation += 1
                        i = j
            i += 1
    return out


def quote_spans_of(doc) -> list[QuoteSpan]:
    """``find_quote_spans`` of a Doc's text, computed once per doc (quotes and coreference both ask)."""
    cached = doc.user_data.get("news_intel.quote_spans")
    if cached is None or cached[0] != len(doc):
        spans = find_quote_spans(doc_text(doc))
        # Plain tuples: user_data travels between processes with the doc.
        cached = (len(doc), [(q.start, q.end, q.closed, q.quotation, q.paragraph, q.single) for q in spans])
        doc.user_data["news_intel.quote_spans"] = cached
    return [QuoteSpan(*t) for t in cached[1]]
