"""The refused thing: the engagement a trigger governs (a meeting, talks, a visit, a channel, or a request
for one of those), found in the trigger's objects, elsewhere in the sentence, or in the previous mention.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from news_intel.nlp.engagements.lookalikes import circumstantial
from news_intel.nlp.engagements.vocabulary import COMPLEMENT_PREPS, DEFINITE, Vocabulary

if TYPE_CHECKING:
    from news_intel.nlp.engagements.extractor import Extractor


@dataclass
class Engagement:
    head: Token  # the noun (or verb) the trigger governs
    engagement_type: str | None
    region: list[Token]  # tokens whose subtrees describe the engagement (for text, participants, requester)
    request: Token | None  # the request noun when the thing refused is a request
    inherited: dict | None = None  # the antecedent mention, when the engagement came from context
    from_context: bool = False  # the engagement is named elsewhere in the sentence


class RefusedThingRules:
    """Whether a word names an engagement. Mixed into ``Extractor``: reads ``self.v`` and ``role``."""

    v: Vocabulary

    # -- objects -------------------------------------------------------------------------------
    def clause_objects(self, verb: Token, depth: int = 0) -> list[Token]:
        """Nouns a verb acts on: direct object, passive subject, "respond to X", "take up on X"."""
        if depth > 3:
            return []
        out = []
        for c in verb.children:
            if c.dep_ in {"dobj", "nsubjpass"}:
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in {"to", "on"}:
                out += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}:
                out += self.clause_objects(c, depth + 1)
        return out

    def verb_engagement(self, verb: Token) -> tuple[bool | None, str | None, Token | None]:
        """Is "to <verb> ..." an engagement? (verdict, type, engagement token). None: not a clue either way."""
        role, etype, _ = self.role(verb)
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if role in {"verb", "engagement"}:
            if verb.lemma_.lower() == "meet" and any(self.role(o)[0] == "satisfy_object" for o in objs):
                return False, None, None
            return True, etype, verb
        if role == "light_verb":
            cands = objs + [p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "to"}
                            for p in c.children if p.dep_ == "pobj"]
            for o in cands:
                ok, etype, tok = self.noun_engagement(o, allow_bare=False)
                if ok:
                    return True, etype, tok
            return False, None, None
        return False, None, None

    def complements(self, noun: Token) -> list[Token]:
        out = []
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBG":
                # "calls seeking comment", "a letter requesting talks": what the participle seeks.
                out += [o for o in c.children if o.dep_ == "dobj"]
                continue
            if c.dep_ == "prep" and c.lower_ in COMPLEMENT_PREPS:
                out += [p for p in c.children if p.dep_ in {"pobj", "pcomp"}]
            elif c.dep_ in {"acl", "relcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                out.append(c)
            elif c.dep_ == "compound" and c.pos_ == "NOUN":
                out.append(c)
        return out

    def names_addressee(self, comp: Token) -> bool:
        """ "calls to the Saudi crown prince", "an offer to Iran": the "to" phrase names whom it was made to
        (a name, or a title modified by one; "an invitation to talks in Cairo" names no one)."""
        if comp.dep_ != "pobj" or comp.head.lower_ != "to" or self.role(comp)[0] is not None:
            return False
        name_words = [comp] + [c for c in comp.children if c.dep_ in {"compound", "amod", "poss"}]
        return any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in name_words)

    def demands_action(self, noun: Token) -> bool:
        """"calls from the United Nations to release prisoners": the parse hangs the infinitive on the verb,
        but the words right after the request say what it asked for, and it is not an engagement."""
        after = noun.right_edge.i + 1
        if after + 1 >= len(noun.doc) or noun.doc[after].lower_ != "to":
            return False
        verb = noun.doc[after].head
        return verb.pos_ in {"VERB", "AUX"} and verb.i > after and not self.verb_engagement(verb)[0]

    def noun_engagement(self, noun: Token, allow_bare: bool = True) -> tuple[bool | None, str | None, Token | None]:
        """(True, type, token) engagement; (False, ...) something else; (None, ...) a bare request (needs context)."""
        role, etype, _ = self.role(noun)
        if noun.pos_ in {"VERB", "AUX"}:
            return self.verb_engagement(noun)
        if role == "engagement":
            if any(self.role(c)[0] in {"disqualifier", "fixture"} for c in noun.children if c.dep_ in {"compound", "amod"}):
                return False, None, None  # "a news conference", "a press conference", "the spring race meeting"
            if noun.tag_ == "NN" and self.role(noun)[2] and noun.lower_ == noun.lemma_.lower() and any(
                    c.dep_ == "prep" and c.lower_ in {"of", "about"} for c in noun.children):
                return False, None, None  # "the talk of splits": talk as rumour, not talks as negotiation
            if self.errand(noun):
                return False, None, None
            return True, etype, noun
        if role == "channel":
            for t in noun.subtree:
                if t.i != noun.i and self.role(t)[0] == "engagement":
                    return True, etype, noun
            return False, None, None
        if role == "request":
            return self.request_engagement(noun, etype, allow_bare)
        return False, None, None

    def errand(self, noun: Token) -> bool:
        """"a planned trip to speak on Trump's behalf", "a visit to campaign in Ohio": travel whose stated
        purpose engages no one, with no destination that could be a party ("a trip to Paris" has one)."""
        if noun.lemma_.lower() not in self.v.errand_nouns:
            return False
        if any(c.dep_ == "prep" and c.lower_ == "to" for c in noun.children):
            return False
        purposes = [c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.pos_ in {"VERB", "AUX"}
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        # "cancelled a trip to campaign for him": the parse may hang the purpose on the verb; the words right
        # after the noun still say what the trip was for.
        after = noun.right_edge.i + 1
        doc = noun.doc
        if after + 1 < len(doc) and doc[after].lower_ == "to" and doc[after].head.i > after \
                and doc[after].dep_ == "aux":
            purposes.append(doc[after].head)
        return bool(purposes) and not any(self.verb_engagement(c)[0] for c in purposes)

    def request_engagement(self, noun: Token, etype: str | None,
                           allow_bare: bool) -> tuple[bool | None, str | None, Token | None]:
        """A request, invitation, offer or call is an engagement when what it asks for is one."""
        if any(c.ent_type_ == "MONEY" or c.tag_ == "$" for c in noun.subtree if c.i < noun.i):
            return False, None, None  # "Deutsche Boerse's £1.3bn offer": a price, not an overture
        for c in noun.children:
            if c.dep_ in {"acl", "ccomp", "relcl"} and any(m.dep_ == "mark" and m.lower_ == "that"
                                                             for m in c.children):
                # "suggestions that the meeting failed" is a claim; "a proposal that they meet" asks.
                return (True, *self.verb_engagement(c)[1:]) if self.verb_engagement(c)[0] else (False, None, None)
        if self.demands_action(noun):
            return False, None, None
        # "calls and emails seeking comment": the participle may hang on the last conjunct.
        sought = [o for n in [noun] + [c for c in noun.children if c.dep_ == "conj"]
                  for c in n.children if c.dep_ == "acl" and c.tag_ == "VBG"
                  for o in c.children if o.dep_ == "dobj"]
        if sought and not any(self.noun_engagement(o, allow_bare=False)[0] for o in sought):
            return False, None, None  # "phone calls seeking comment": a reporter's request
        verdict = self.complement_engagement(noun, etype)
        if verdict is not None:
            return verdict
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        if etype and not (nxt is not None and nxt.lower_ in {"for", "to"}):
            # "declined the invitation", "not returning calls", "those overtures": engagement by meaning
            # (but "calls for the law to be delayed" is a demand whose complement the parse lost).
            return True, etype, noun
        if not allow_bare:
            return False, None, None
        specific = any(c.dep_ in {"compound", "amod"} and c.ent_type_ not in {"GPE", "NORP", "ORG", "PERSON"}
                       and c.lower_ not in {"repeated", "multiple", "several", "formal", "latest", "early"}
                       and c.pos_ in {"NOUN", "ADJ"} for c in noun.children)
        return (None if not specific else False), None, None

    def complement_engagement(self, noun: Token, etype: str | None) -> tuple[bool, str | None, Token | None] | None:
        """What the request's complements say: an engagement ("a request for talks"), something else ("a
        request for weapons"), or nothing (None: no complement, or only modifiers such as "the US request")."""
        comps = [c for c in self.complements(noun) if not self.names_addressee(c)]
        verdict = None
        for comp in comps:
            if comp.pos_ in {"VERB", "AUX"}:
                ok, ctype, tok = self.verb_engagement(comp)
            else:
                ok, ctype, tok = self.noun_engagement(comp, allow_bare=False)
            if ok:
                return True, ctype or etype, tok
            # Compounds may be mere modifiers ("the US request"); only real complements veto.
            if comp.dep_ != "compound" or self.role(comp)[0] is not None:
                verdict = False
        return (False, None, None) if verdict is False else None

def unanswered_objects(ex: Extractor, tok: Token, form: str) -> list[Token]:
    """What went unanswered: "unanswered requests", "requests went/remained/were left unanswered",
    "requests received no response", "no response to the requests"."""
    if form == "noun":
        objs = [o for o in ex.complements(tok) if o.dep_ != "compound"]
        if objs:
            return objs
        if tok.dep_ in {"dobj", "attr"}:
            return [c for c in tok.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return []
    if tok.dep_ == "amod" and tok.head.pos_ in {"NOUN", "PROPN"}:
        return [tok.head]
    verb = tok.head
    return [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.i != tok.i]


def engagement_for(doc: Doc, ex: Extractor, tok: Token, form: str, previous: list[dict]) -> Engagement | None:
    """The engagement the trigger ``tok`` refused, or None when what it refused is something else."""
    if form == "refused_verb":
        # The engagement verb itself is what was refused; its objects and prepositions name the other party.
        region = [c for c in tok.children if c.dep_ in {"dobj", "prep", "dative", "npadvmod"}]
        return Engagement(tok, ex.verb_engagement(tok)[1], region or [tok], None)
    is_noun = form == "noun"
    verb_comps: list[Token] = []
    if form == "adj" or (is_noun and ex.v.noun_triggers[tok.lemma_.lower()][1]):
        objs = unanswered_objects(ex, tok, form)
        if not objs:
            return None
        is_noun = False
    elif is_noun:
        objs = [o for o in ex.complements(tok) if o.dep_ != "compound" or ex.role(o)[0] is not None]
    else:
        objs = _modified_noun(tok)
        verb_comps, gerunds = _verb_complements(tok)
        act = next((c for c in verb_comps if c.dep_ == "xcomp" or c in gerunds), None) if not objs else None
        if act is not None:
            # "refused to meet X" is an engagement; "refused to comment" settles it the other way.
            ok, etype, _ = ex.verb_engagement(act)
            return Engagement(act, etype, [act], None) if ok else None
        objs += [o for o in ex.clause_objects(tok) if o.dep_ != "xcomp"]
        if not objs:
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
                    objs += ex.clause_objects(c)
    found, bare = _object_engagement(ex, objs, verb_comps)
    if found is not None:
        return found
    if objs and bare is None:
        return None
    if bare is None and not is_noun:
        return None
    return _engagement_in_context(ex, tok, objs, bare, previous)


def _modified_noun(tok: Token) -> list[Token]:
    """"the declined invitation", "talks postponed twice": the noun a participle modifies is what it refused;
    but "talks to put off the vote" are held for a purpose, "speculation that he will cancel" is a claim,
    and in "the debate refusing to recant" the noun is the one refusing: none of them is what is refused."""
    if tok.dep_ in {"amod", "acl"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.tag_ != "VBG" and not any(
            c.dep_ in {"aux", "mark"} for c in tok.children):
        return [tok.head]
    return []


def _verb_complements(tok: Token) -> tuple[list[Token], list[Token]]:
    """(infinitive and gerund complements, the gerunds): "refused to meet", "ruled out taking part in the
    debate", "refused meeting him" (a bare gerund is the refused act)."""
    verb_comps = [c for c in tok.children if c.dep_ in {"xcomp", "advcl"} and c.pos_ in {"VERB", "AUX"}
                  and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    gerunds = [c for c in tok.children if c.dep_ in {"xcomp", "advcl"} and c.tag_ == "VBG"
               and tok.i < c.i <= tok.i + 3 and not any(a.dep_ in {"mark", "aux"} for a in c.children)]
    return verb_comps + gerunds, gerunds


def _object_engagement(ex: Extractor, objs: list[Token], verb_comps: list[Token]) -> tuple[Engagement | None, Token | None]:
    """(the engagement among the trigger's objects and their conjuncts, else None; the first bare request)."""
    bare: Token | None = None
    for obj in objs:
        for o in [obj] + [c for c in obj.children if c.dep_ == "conj"]:
            ok, etype, _ = ex.noun_engagement(o)
            if ok:
                region = [obj] + [c for c in verb_comps if c.dep_ == "advcl"]
                # "rejected the Egyptian invitation to talks" (the parse hangs "to talks" on the verb):
                # the request is the invitation beside the engagement.
                request = o if ex.role(o)[0] == "request" else next(
                    (r for r in objs if r.i != o.i and ex.role(r)[0] == "request"), None)
                if request is not None:
                    for comp in verb_comps:
                        cok, ctype, _ = ex.verb_engagement(comp)
                        if cok and ex.role(o)[1] in {None, "invitation", "overture"}:
                            etype = ctype or etype
                return Engagement(o, etype, region, request), bare
            if ok is None and bare is None:
                bare = o
    return None, bare


def _engagement_in_context(ex: Extractor, tok: Token, objs: list[Token], bare: Token | None,
                           previous: list[dict]) -> Engagement | None:
    """A bare request ("declined the request") or an object-less nominal trigger ("China's refusal"):
    the engagement is the one the sentence names, else the one the article last reported refused."""
    for t in tok.sent:
        if t.i == tok.i or t.i in {o.i for o in objs} or circumstantial(t, tok):
            continue
        if t.head.i != tok.i and t.head.i != t.i and ex.trigger_of(t.head) is not None:
            continue  # "the offer was rejected ..., the decision to suspend talks": those talks have their own trigger
        role = ex.role(t)[0]
        if (role == "engagement" and t.pos_ == "NOUN") or (role == "verb" and t.pos_ == "VERB" and ex.verb_engagement(t)[0]):
            return Engagement(t, ex.role(t)[1], [t], bare, from_context=True)
    # Only a definite request ("the request", "Austin's offer") points back to an earlier one.
    if bare is not None:
        det = [c for c in bare.children if c.dep_ in {"det", "poss"}]
        if not any(d.dep_ == "poss" or d.lower_ in DEFINITE for d in det):
            return None
    if previous:
        prev = previous[-1]
        return Engagement(bare or tok, prev["engagement_type"], [bare] if bare else [], bare, inherited=prev)
    return None
