"""The rules over one parsed sentence, as one object: ``Extractor`` holds the vocabulary and mixes in the
rule families of the package (triggers, look-alikes, the refused thing, the parties' tokens)."""
from __future__ import annotations

from spacy.tokens import Token

from news_intel.nlp.engagements.lookalikes import LookAlikeRules
from news_intel.nlp.engagements.parties import RoleRules
from news_intel.nlp.engagements.refused_thing import RefusedThingRules
from news_intel.nlp.engagements.triggers import TriggerRules
from news_intel.nlp.engagements.vocabulary import Vocabulary


class Extractor(TriggerRules, LookAlikeRules, RefusedThingRules, RoleRules):
    def __init__(self, vocab: Vocabulary):
        self.v = vocab

    def role(self, tok: Token) -> tuple[str | None, str | None, bool]:
        """What the vocabulary says ``tok``'s lemma is: (role, engagement type, plural is single)."""
        return self.v.objects.get(tok.lemma_.lower(), (None, None, False))
