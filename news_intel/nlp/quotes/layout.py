"""Where a quotation sits in the text: its paragraph, the one before, sentence starts and breaks, and the
sentence(s) around it in which its cue is looked for."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.structure import doc_text


def paragraph_of(text: str, char: int) -> tuple[int, int]:
    """Characters of the line holding ``char``."""
    lo = text.rfind("\n", 0, char) + 1
    hi = text.find("\n", char)
    return lo, (len(text) if hi < 0 else hi)


def previous_paragraph(text: str, lo: int) -> tuple[int, int] | None:
    """Characters of the last non-blank line before character ``lo``, trailing whitespace excluded."""
    j = lo - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0:
        return None
    p_lo, _ = paragraph_of(text, j)
    return p_lo, j + 1


def starts_sentence(text: str, lo: int, mark: int) -> bool:
    """Whether the mark at ``mark`` opens a sentence of the paragraph starting at ``lo``."""
    before = text[lo:mark].rstrip()
    return not before or before[-1] in ".:!?…" or before.endswith(("—", "–"))


def sentence_break(text: str, a: int, b: int) -> bool:
    """Whether a sentence ends between characters ``a`` and ``b``."""
    between = text[a:b]
    for m in re.finditer(r"[.!?…][\"”’)]?\s+[A-Z“\"]", between):
        word = re.search(r"([A-Za-z]+)\.?$", between[:m.start() + 1])
        # "Rep. John Mica", "Lt. Gen.": a capitalised abbreviation's full stop ends no sentence.
        if between[m.start()] == "." and word and len(word.group(1)) <= 4 and word.group(1)[0].isupper():
            continue
        return True
    return False


def sentence_frame(doc: Doc, q: QuoteSpan, lo: int, hi: int) -> tuple[int, int]:
    """Characters of the sentence(s) around a quote: from the sentence holding the opening mark (or
    the clause ending in ':' just before it) to the sentence holding the first token after the close."""
    text = doc_text(doc)
    start_tok = doc.char_span(max(lo, q.start - 1), q.start, alignment_mode="expand")
    f_lo = lo
    if start_tok is not None and len(start_tok):
        f_lo = max(lo, start_tok[0].sent.start_char)
        before = text[lo:q.start - 1].rstrip()
        if before.endswith((":", ",")) and start_tok[0].i > 0:
            f_lo = max(lo, doc[start_tok[0].i - 1].sent.start_char)
    after = q.end + 1
    while after < hi and text[after].isspace():
        after += 1
    f_hi = hi
    if after < hi:
        tok = doc.char_span(after, after + 1, alignment_mode="expand")
        if tok is not None and len(tok):
            f_hi = min(hi, tok[0].sent.end_char)
            if f_hi <= after + 2:
                f_hi = hi
    return f_lo, f_hi
