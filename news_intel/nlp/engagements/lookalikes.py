"""Look-alikes: triggers and engagements that do not report a refusal to engage.

Hedged triggers (a modal, a condition, an aim, speculation, a denial), a refusal told as the history of
an engagement that happened, an engagement judged "as" something or held by others, an engagement named
only as the setting of the trigger, and generic bare plurals.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from news_intel.nlp.engagements.actor_refs import (
    ActorRef, actor_for_token, could_refer_to, is_pronoun, resolve_pronoun, same_actor_or_side,
)
from news_intel.nlp.engagements.vocabulary import Vocabulary

if TYPE_CHECKING:
    from news_intel.nlp.engagements.extractor import Extractor
    from news_intel.nlp.engagements.refused_thing import Engagement


class LookAlikeRules:
    """Hedges and held engagements. Mixed into ``Extractor``: reads ``self.v``, ``role``, ``negated``,
    ``trigger_of`` and ``verb_engagement``."""

    v: Vocabulary

    def hedged(self, tok: Token, allow_modal: bool = False) -> bool:
        """The trigger does not report a refusal as fact: a modal, a condition, an aim ("seeking to
        postpone"), speculation ("speculation that ... will cancel") or a denial ("denied that it had
        snubbed")."""
        if not allow_modal and self.has_modal(tok):
            return True
        if self.conditional(tok):
            return True
        t = tok
        while (t.dep_ in {"xcomp", "acl", "conj"} or (t.dep_ == "advcl" and infinitive(t))) and t.head.i != t.i:
            if t.dep_ != "conj" and t.head.lemma_.lower() in self.v.governors:
                return True
            if t.dep_ == "xcomp" and self.has_modal(t.head):
                return True  # "could be seeking to postpone the summit"
            if t.dep_ == "conj" and infinitive(t) and not infinitive(t.head) and t.head.pos_ in {"VERB", "AUX"}:
                # An infinitive cannot be a clause of its own: coordinated with a finite verb, it continues a
                # complement the parse lost ("made requests to withdraw the motion, and even to agree to
                # cancel the meeting"): what was asked or intended, not what happened.
                return True
            t = t.head
        return self.doubted(tok)

    def has_modal(self, tok: Token) -> bool:
        return any(c.dep_ == "aux" and c.lemma_.lower() in self.v.modals for c in tok.children)

    def conditional(self, tok: Token) -> bool:
        """"If the talks fail, the union will cancel the meeting", "unless Iran complies, ...", "should the
        rebels attack, ...": a condition on the trigger's clause (or the clause it is coordinated into)."""
        node, hops = tok, 0
        while True:
            for c in node.children:
                if c.dep_ == "mark" and c.lower_ in self.v.conditions:
                    return True
                if c.dep_ == "advcl" and (any(m.dep_ == "mark" and m.lower_ in self.v.conditions for m in c.children)
                                          or _inverted_condition(c)):
                    return True
            if node.dep_ not in {"conj", "xcomp"} or node.head.i == node.i or hops >= 3:
                return False
            node, hops = node.head, hops + 1

    def doubted(self, tok: Token) -> bool:
        """The trigger's clause is the content of speculation or of a denial: "there is speculation that the
        president will cancel", "it is likely to be postponed", "Russia denied that it had snubbed"."""
        node = tok
        for _ in range(5):
            if node.head.i == node.i or node.dep_ not in {"ccomp", "acl", "xcomp", "advcl", "relcl", "conj", "acomp"}:
                return False
            node = node.head
            if node.lemma_.lower() in self.v.speculation | self.v.denials:
                return True
        return False

    def engagement_happened(self, verb: Token) -> bool:
        """``verb`` reports an engagement taking place: "held talks", "visited Beijing", "attended the meeting",
        "the talks opened", "the meeting took place", "the visit went ahead"."""
        if verb.pos_ not in {"VERB", "AUX"} or self.negated(verb) or self.hedged(verb):
            return False
        if self.trigger_of(verb) is not None:
            return False
        if self.verb_engagement(verb)[0]:
            return True
        held = verb.lemma_.lower() in self.v.held_predicates or any(
            c.dep_ in {"dobj", "prt", "advmod"} and c.lemma_.lower() in self.v.held_predicates for c in verb.children)
        return held and any(self.role(c)[0] == "engagement" for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"})


def infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


INVERTING_AUXILIARIES = {"should", "had", "were"}


def _inverted_condition(clause: Token) -> bool:
    """"Should the rebels attack, ...", "had the vote gone the other way, ...": an auxiliary before the
    subject opens a condition."""
    aux = [c for c in clause.children if c.dep_ == "aux" and c.lower_ in INVERTING_AUXILIARIES]
    subj = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(aux and subj and aux[0].i < subj[0].i and aux[0].i == clause.left_edge.i)


BACKGROUND_DEPS = {"relcl", "acl", "advcl", "pcomp"}


def background_of_held_engagement(ex: Extractor, tok: Token) -> bool:
    """The sentence reports the engagement happening and the refusal only as its history: "the leaders,
    who had refused to meet for years, held talks", "after rejecting an earlier invitation, the president
    visited Beijing", "the talks, postponed twice last year, finally opened"."""
    root = tok.sent.root
    path, node = [], tok
    while node.i != root.i and node.head.i != node.i:
        path.append(node.dep_)
        node = node.head
    if node.i != root.i or not path or {"ccomp", "parataxis"} & set(path) or not BACKGROUND_DEPS & set(path):
        return False
    return ex.engagement_happened(root)


def characterised(tok: Token, eng: Engagement) -> bool:
    """"Israel rejected the talks between Washington and Tehran as a mistake", "dismissed the summit as a
    provocation": an engagement itself (not a request for one) judged "as" something is an opinion of it."""
    if eng.request is not None or eng.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "as" and any(p.dep_ == "pobj" for p in c.children)
               for c in list(tok.children) + list(eng.head.children))


def participants_exclude(doc: Doc, ex: Extractor, eng: Engagement, dtok: Token | None,
                          decliner: ActorRef | None) -> bool:
    """A meeting others hold: the engagement names its parties ("the meeting between the Dalai Lama and the
    US president", "their meeting") and the decliner is not one of them. Opposing it, or a broadcaster
    cancelling a debate between candidates, is not a party refusing to engage."""
    if eng.head.pos_ not in {"NOUN", "PROPN"} or dtok is None:
        return False
    parties = [p for c in eng.head.children if c.dep_ == "prep" and c.lower_ == "between"
               for p in c.children if p.dep_ == "pobj"]
    parties += [c for p in parties for c in p.children if c.dep_ == "conj"]
    # "their meeting" names its parties; "our invitation" names who asked, which is not a party list.
    owners = [c for c in eng.head.children if c.dep_ == "poss" and is_pronoun(c)] \
        if eng.request is None and ex.role(eng.head)[0] == "engagement" else []
    refs = [r for r in (actor_for_token(doc, p) for p in parties) if r is not None]
    resolved = [(o, resolve_pronoun(doc, o)[0]) for o in owners]
    refs += [r for _, r in resolved if r is not None]
    if decliner is not None and decliner.actor_type != "group":
        if any(same_actor_or_side(r, decliner) for r in refs):
            return False
        # "China ... rejected their meeting" with "their" left open by coreference: an owner the pronoun
        # cannot be the decliner's own ("their" for one country) makes the meeting someone else's.
        return bool(refs) or any(r is None and not could_refer_to(o, decliner, dtok) for o, r in resolved)
    # An unresolved decliner outside a named pair ("the broadcaster cancelled the debate between the two
    # candidates"): only a party noun ("the rebels") might be one of the two.
    return bool(parties) and len(parties) + sum(p.tag_ in {"NNS", "NNPS"} for p in parties) >= 2 \
        and dtok.lemma_.lower() not in ex.v.party_nouns and not is_pronoun(dtok)


CIRCUMSTANCE_WORDS = {"before", "after", "during", "when", "while", "as", "until", "since", "because", "at",
                      "following", "ahead", "amid", "despite", "although", "though"}


def circumstantial(t: Token, trigger: Token) -> bool:
    """``t`` sits in a time or setting adverbial ("before talks broke down", "at a White House meeting",
    "after the talks ended"), or in a claim ("suggestions that the meeting failed"): an engagement
    named there is the background of the trigger, not what it refused."""
    node = t
    while node.head.i != node.i and node.i != trigger.i:
        if node.dep_ in {"advcl", "pobj", "prep", "pcomp"} and any(
                c.dep_ in {"mark", "advmod"} and c.lower_ in CIRCUMSTANCE_WORDS for c in node.children):
            return True
        if node.dep_ == "prep" and node.lower_ in CIRCUMSTANCE_WORDS:
            return True
        if node.dep_ in {"acl", "ccomp", "advcl", "relcl"} and any(
                c.dep_ == "mark" and c.lower_ in {"that", "whether", "if"} for c in node.children):
            return True
        node = node.head
    return False


def generic(noun: Token) -> bool:
    """"Travel companies are cancelling flights and trips": a bare plural with no determiner, owner,
    number or complement names no particular engagement; with no known decliner it reports no refusal."""
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.tag_ not in {"NNS", "NNPS"}:
        return False
    return not any(c.dep_ in {"det", "poss", "nummod", "prep", "compound", "amod", "acl", "relcl"}
                   for c in noun.children)
