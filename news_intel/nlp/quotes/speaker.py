"""The speaker found for a quotation: who, the words naming them, where, and the cue that reported it."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

# Actors whose words a sentence can report without a speech verb ("Reid has called Trump a “leech”").
SPEAKING_ACTOR_TYPES = ("person", "organization", "group", "country")


@dataclass
class Speaker:
    name: str | None
    mention: str | None
    start: int | None
    end: int | None
    actor_type: str | None = None
    cue: str | None = None
    cue_token: int | None = None
    same_paragraph: bool = False  # carried over from an attribution earlier in the quote's paragraph
    non_speaker: bool = False  # the cue's subject is a thing, not someone who can speak

    @classmethod
    def of_mention(cls, m: Span) -> Speaker:
        """The speaker a mention of the mention layer names, with no cue: the mention's actor, words and place."""
        return cls(m._.actor, m.text, m.start_char, m.end_char, m._.actor_type, None)
