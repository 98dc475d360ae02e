"""Triggers: the words that report a refusal, a snub, a cancellation, a postponement or an unanswered request.

A verb ("declined", "called off"), a negated verb ("did not return calls"), a noun ("refusal"), an
adjective ("unanswered"), or an engagement verb under a stated will ("would not meet").
"""
from __future__ import annotations

from spacy.tokens import Token

from news_intel.nlp.engagements.vocabulary import PARTICLES, Vocabulary


class TriggerRules:
    """Which tokens are triggers. Mixed into ``Extractor``: reads ``self.v`` and ``verb_engagement``."""

    v: Vocabulary

    def trigger_of(self, tok: Token) -> tuple[str, str, bool, str] | None:
        """(trigger text, kind, needs_negation, form) when ``tok`` is a trigger; form is noun, verb or adj."""
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and lemma in self.v.noun_triggers and tok.dep_ not in {"amod"}:
            kind, needs_negation = self.v.noun_triggers[lemma]
            return tok.text, kind, needs_negation, "noun"
        if tok.lower_ in self.v.adj_triggers or (tok.pos_ == "ADJ" and lemma in self.v.adj_triggers):
            return tok.text, self.v.adj_triggers.get(tok.lower_) or self.v.adj_triggers[lemma], False, "adj"
        if tok.pos_ not in {"VERB", "AUX"} and tok.dep_ not in {"amod", "acl"}:
            return None
        prts = [c for c in tok.children if c.dep_ in PARTICLES]
        for prt in prts:
            hit = self.v.verb_triggers.get((lemma, prt.lower_))
            if hit:
                return f"{tok.text} {prt.text}", hit[0], hit[1], "verb"
        hit = self.v.verb_triggers.get((lemma, ""))
        if hit and not (prts and lemma in self.v.particle_verbs):
            return tok.text, hit[0], hit[1], "verb"
        return None

    def refused_engagement(self, tok: Token) -> str | None:
        """Trigger text when ``tok`` is an engagement verb refused by a stated will: "would not meet",
        "will not hold talks with", "won't attend the summit", "decided not to visit".

        A plain negated past ("they did not meet during the summit") reports that no meeting happened,
        not that anyone refused one, and "could not meet" is inability: neither is a mention. The
        conditional and the governed ("threatened not to attend") are excluded by ``hedged``.
        """
        if tok.pos_ not in {"VERB", "AUX"} or not self.verb_engagement(tok)[0]:
            return None
        neg = [c for c in tok.children if c.dep_ == "neg"]
        if not neg:
            return None
        # "will not meet again until next month" schedules; it refuses nothing.
        if any(c.lower_ in {"until", "till", "again", "yet"} for c in tok.children):
            return None
        if self.role(tok)[0] in {"verb", "engagement"} and not any(
                c.dep_ in {"dobj", "dative"} or (c.dep_ == "prep" and c.lower_ in {"with", "to"})
                for c in tok.children):
            return None  # "the leaders will not meet": no counterpart, so no one is refused
        will = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in self.v.refusal_auxiliaries]
        if will and tok.lemma_.lower() not in self.v.weak_light_verbs:
            aux = [c for c in tok.children if c.dep_ == "aux" and c.i > will[0].i]
            if tok.tag_ == "VBG" and any(a.lemma_.lower() in self.v.progressive_auxiliaries for a in aux):
                return None  # "will not be attending": the future as a matter of course (a schedule), no will
            return " ".join(t.text for t in sorted(will + neg + aux + [tok], key=lambda t: t.i))
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in self.v.refusal_governors:
            return f"{tok.head.text} {neg[0].text} to {tok.text}"
        return None

    def noun_negated(self, noun: Token) -> bool:
        """"no response", "without a reply", "did not get an answer", "there has been no response"."""
        if any(c.dep_ in {"det", "neg"} and c.lower_ in {"no", "never"} for c in noun.children):
            return True
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "without":
            return True
        return noun.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} and self.negated(head)

    def negated(self, tok: Token) -> bool:
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        head = tok.head
        # "failed to respond", "refused to accept": the governing verb does the negating.
        if tok.dep_ == "xcomp" and head.lemma_.lower() in {"fail", "refuse", "decline", "neglect"}:
            return True
        return False
