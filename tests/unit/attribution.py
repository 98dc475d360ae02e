"""What the who-said-it tests read from a parsed text: the quote rows' speakers and the mention layer's links."""
from __future__ import annotations

from news_intel.nlp.mentions import mentions


def speakers(nlp, text: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker) of every direct and partial quote, in text order."""
    doc = nlp(text)
    return [(q["quote_text"], q["speaker"]) for q in doc._.quote_rows if q["kind"] in ("direct", "partial")]


def linked(nlp, text: str) -> dict[str, str | None]:
    """The actor each mention that is not a name (a pronoun, role noun, description) was linked to."""
    doc = nlp(text)
    return {m.text.lower(): m._.actor for m in mentions(doc) if m._.mention_kind != "name"}
