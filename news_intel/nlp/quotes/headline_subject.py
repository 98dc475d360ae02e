"""The subject of a title-case headline, read from the headline in lower case.

Title case hides the parts of speech: "Black Lawmakers Rip Donald Trump As A ‘Disgusting Fraud.’" tags
every word a proper noun, and the model runs the verb into a name ("Rip Donald Trump"). The same words in
lower case parse as the sentence they are, and the headline's speaker is its subject ("Black
Lawmakers"). Only the tagger and parser read the lower-case copy; what it finds is mapped back to the
article's own characters.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

# The pipes that tag and parse; the lower-case copy needs nothing else.
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
SUBJECT_DEPS = ("nsubj", "nsubjpass")

HeadlineParser = Callable[[str], Doc]


def lower_case_parser(nlp: Language) -> HeadlineParser:
    """A parse of a text with the model's own tagger and parser (the pipes are looked up when first
    used: a component is built before the pipes after it)."""
    pipes: list = []

    def parse(text: str) -> Doc:
        if not pipes:
            pipes.extend(proc for name, proc in nlp.pipeline if name in PARSE_PIPES)
        doc = nlp.make_doc(text)
        for proc in pipes:
            doc = proc(doc)
        return doc

    return parse


def headline_subject(parse: HeadlineParser, text: str, lo: int, before: int) -> tuple[int, int] | None:
    """Characters of the subject of the headline's first clause, if it ends before character ``before``
    (the quote it would speak): offsets into the article, ``text[lo:before]`` being the headline up to
    it. None when the lower-case parse has no such subject, or it is a pronoun ("I Am ‘Horrified’")."""
    words = text[lo:before]
    lowered = words.lower()
    if len(lowered) != len(words):  # a letter whose lower case is longer: offsets would not map back
        return None
    doc = parse(lowered)
    for tok in doc:
        if tok.dep_ in SUBJECT_DEPS and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
            if tok.pos_ == "PRON":
                return None
            left, right = tok.left_edge, tok
            while right.i + 1 < len(doc) and doc[right.i + 1].head.i == tok.i and doc[right.i + 1].dep_ in ("compound", "flat"):
                right = doc[right.i + 1]
            start, end = lo + left.idx, lo + right.idx + len(right)
            return (start, end) if text[start:end].strip() else None
    return None
