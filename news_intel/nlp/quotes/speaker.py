"""The speaker found for a quotation: who, the words naming them, where, and the cue that reported it."""
from __future__ import annotations

from dataclasses import dataclass

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
