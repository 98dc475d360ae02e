"""Surface forms of names: typography-neutral keys, display case, and the words around a name."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from news_intel.nlp.structure import doc_text, doc_entities, token_texts

DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"}
# A caption credit ("Photo via AP/Andrew Harnik") names photographers and agencies, not actors.
CAPTION_CREDIT = re.compile(
    r"\b(?:photo|photograph|picture|image|pic)s?\s*(?:via|by|credit|courtesy|:|/|-|–)", re.IGNORECASE
)
# A line that is only names joined by slashes ("Getty/Instagram.", "AP/Reuters") is a picture credit.
CREDIT_LINE = re.compile(r"\s*[A-Z][\w.&' -]{0,30}(?:/[A-Z][\w.&' -]{0,30})+\.?\s*$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Typography-neutral form of a name: straight apostrophes, single spaces, no possessive."""
    # Cached: the same few hundred names are normalized tens of thousands of times per batch.
    text = text.translate(_APOSTROPHES).replace("\n", " ")
    text = _SPACES.sub(" ", text).strip(" ,.;:–-\"“”")
    text = _POSSESSIVE.sub("", text)
    return text.strip()


_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


def _strip_article(text: str) -> str:
    return _LEADING_ARTICLE.sub("", text)


def _lookup_key(text: str) -> str:
    return normalize_name(_strip_article(text)).lower()


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _display_case(text: str) -> str:
    """All-caps datelines ("HONG KONG") read as names; acronyms stay as they are."""
    if text.isupper() and not _is_acronym(text):
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in text.split(" "))
    return text


def caption_credit_tokens(doc: Doc) -> list[bool]:
    """Per token: inside a caption or picture credit, where names are credits rather than actors."""
    blocked = [False] * len(doc)
    for line in re.finditer(r"[^\n]+", doc_text(doc)):
        m = CAPTION_CREDIT.search(line.group()) or CREDIT_LINE.match(line.group())
        if m:
            span = doc.char_span(line.start() + m.start(), line.end(), alignment_mode="expand")
            if span is not None:
                for k in range(span.start, span.end):
                    blocked[k] = True
    return blocked


# -- token spans around names ------------------------------------------------------------------
def _clean_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim determiners, possessive markers and punctuation from a token span."""
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'", "’"}):
        end -= 1
    # The model sometimes runs an entity across a paragraph break ("Tories\n\nNational Insurance").
    for k in range(start, end):
        if "\n" in doc[k].text or doc[k].is_space:
            end = k
            break
    return start, end


def _prev_word(doc: Doc, s: int) -> int | None:
    j = s - 1
    if j > 0 and token_texts(doc)[j] == ".":
        j -= 1
    return j if j >= 0 else None


def _label_at(doc: Doc, s: int, e: int) -> str | None:
    for ent in doc_entities(doc):
        if ent.start <= s and ent.end >= e:
            return ent.label_
    return None


def _noun_phrase_start(doc: Doc, end: int) -> int:
    k = end
    while k > 0 and doc[k - 1].pos_ in ("NOUN", "ADJ") and doc[k - 1].text.islower():
        k -= 1
    return k
