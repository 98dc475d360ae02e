"""Parties: who declined (the decliner) and who asked (the requester), as written or from context.

Names come from the mention layer (``actor_refs``); this module decides which of them plays which role and
at what level (country, organisation or person).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.engagements.actor_refs import (
    ActorRef, actor_for_token, actor_refs, is_pronoun, ref_of, refs_near, resolve_pronoun, same_actor_or_side,
)
from news_intel.nlp.engagements.vocabulary import DEFINITE, SOURCE_PREPS, Vocabulary
from news_intel.nlp.mentions import mention_of
from news_intel.nlp.structure import doc_text

if TYPE_CHECKING:
    from news_intel.nlp.engagements.extractor import Extractor
    from news_intel.nlp.engagements.refused_thing import Engagement


class RoleRules:
    """Decliner and requester tokens from the parse. Mixed into ``Extractor``."""

    v: Vocabulary

    # -- roles ---------------------------------------------------------------------------------
    def subject_of(self, verb: Token) -> tuple[Token | None, str]:
        t, hops = verb, 0
        while hops < 4:
            for c in t.children:
                if c.dep_ == "agent":
                    pobj = [p for p in c.children if p.dep_ == "pobj"]
                    if pobj:
                        return pobj[0], "agent"
            subj = [c for c in t.children if c.dep_ in {"nsubj", "csubj"}]
            if not subj and t.i != verb.i:
                subj = [c for c in t.children if c.dep_ == "nsubjpass"]
            if subj:
                # "Photo via AP China rejected ...": a mis-segmented caption yields two subjects; the nearer one acts.
                return min(subj, key=lambda c: abs(c.i - t.i)), "subject"
            if t.dep_ in {"conj", "xcomp"} and t.head.i != t.i:
                t, hops = t.head, hops + 1
                continue
            break
        return None, "none"

    def noun_decliner(self, noun: Token) -> tuple[Token | None, str]:
        # "no response from Beijing": who did not answer; "a refusal from X" reads the same.
        by = {"by", "from"}
        for c in noun.children:
            if c.dep_ == "poss":
                return c, "possessor"
            if c.dep_ == "prep" and c.lower_ in by:
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                if pobj:
                    return pobj[0], "agent"
        for c in noun.children:
            if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"}:
                return c, "modifier"
        return None, "none"

    def requester_token(self, tokens: list[Token], trigger: Token) -> tuple[Token | None, str]:
        for noun in tokens:
            for c in noun.children:
                if c.dep_ == "poss":
                    return c, "possessor"
            for c in noun.children:
                if c.dep_ in {"compound", "nmod", "amod"} and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}:
                    return c, "modifier"
            for c in noun.children:
                if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS:
                    pobj = [p for p in c.children if p.dep_ == "pobj"]
                    if pobj:
                        return pobj[0], "source"
                if c.dep_ == "acl":
                    for a in c.children:
                        if a.dep_ == "agent":
                            pobj = [p for p in a.children if p.dep_ == "pobj"]
                            if pobj:
                                return pobj[0], "proposer"
        # "spurned requests ..., including from Lloyd Austin"
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ == "including":
                for p in c.subtree:
                    if p.dep_ == "pobj":
                        return p, "source"
        return None, "none"


# --------------------------------------------------------------------------------------------------


def description_ref(doc: Doc, ex: Extractor, tok: Token) -> ActorRef | None:
    """A decliner named by a common noun: what coreference linked it to, else the description itself
    ("the union", "management", "the striking workers") for a mention the layer left unresolved or a
    party noun of the vocabulary."""
    m = mention_of(tok)
    if m is not None and m._.actor and m._.mention_kind != "name":
        return ref_of(m)
    described = m is not None and m._.mention_kind in {"description", "organization_noun"}
    if not described and tok.lemma_.lower() not in ex.v.party_nouns and tok.lower_ not in ex.v.party_nouns:
        return None
    words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in {"compound", "amod", "nmod"} and t.head.i == tok.i]
    words = sorted(words + [tok], key=lambda t: t.i)
    text = " ".join(t.text if (t.pos_ == "PROPN" or t.ent_type_) else t.lower_ for t in words)
    return ActorRef(tok.idx, tok.idx + len(tok), text, "group", None)


# Only a clause telling what happened first says who acted; "because the US disregards China's concerns"
# gives a reason, about the other party as often as not.
AFTER_WORDS = {"after", "when", "once"}


def clause_agent(doc: Doc, tok: Token) -> ActorRef | None:
    """Who an agentless passive's own sentence says acted: "the summit was cancelled after Russia withdrew
    its delegation", "the negotiations were put off after Kenya demanded new guarantees"."""
    if not any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
        return None
    clauses = [c for c in tok.children if c.dep_ == "advcl"
               and any(m.dep_ in {"mark", "advmod"} and m.lower_ in AFTER_WORDS for m in c.children)]
    clauses += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in AFTER_WORDS
                for p in c.children if p.dep_ in {"pcomp", "pobj"} and p.pos_ in {"VERB", "AUX"}]
    for clause in clauses:
        for subj in (c for c in clause.children if c.dep_ == "nsubj"):
            ref = resolve_pronoun(doc, subj)[0] if is_pronoun(subj) else actor_for_token(doc, subj)
            if ref is not None:
                return ref
    return None


NEARBY_SENTENCES = 2


def definite(tok: Token, eng: Engagement) -> bool:
    """"The refusal", "the declined invitation": a definite trigger noun or refused noun points back."""
    nouns = [t for t in (tok, eng.request, eng.head, tok.head if tok.dep_ in {"amod", "acl"} else None)
             if t is not None and t.pos_ in {"NOUN", "PROPN"}]
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for n in nouns for c in n.children)


def same_engagement_nearby(previous: dict, eng: Engagement, requester: ActorRef | None, sent: int,
                            definite_trigger: bool = False) -> bool:
    """An agentless report ("the talks were called off") inherits the previous mention's decliner only
    when that mention, a sentence or two before, is about the same engagement: the same kind of
    engagement, or a request from the same requester ("China declined a request from Washington ...
    Austin's offer of talks had been rejected"), or a definite refusal or request pointing back ("the
    refusal to engage ...", "the declined invitation"). An unrelated earlier refusal says nothing about
    who acted."""
    if sent - previous["_sent"] > NEARBY_SENTENCES:
        return False
    if definite_trigger or eng.engagement_type is None or previous["engagement_type"] in {None, eng.engagement_type}:
        return True
    prev_requester = previous["_requester_ref"]
    return requester is not None and prev_requester is not None and (
        same_actor_or_side(requester, prev_requester) or requester.actor == prev_requester.actor)


def is_venue(doc: Doc, ref: ActorRef) -> bool:
    """A place named as where the engagement was to happen ("talks in Geneva") is not a party to it."""
    span = doc.char_span(ref.start_char, ref.end_char, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in {"in", "at", "near", "inside", "outside"}


def _country_counts(doc: Doc, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Countries named in ``[start, end)`` as parties: a place named only as where something happens
    ("the summit in Singapore") does not make the country a party."""
    counts: dict[str, tuple[int, int]] = {}
    for r in actor_refs(doc):
        if r.actor_type == "country" and start <= r.start_char < end and not is_venue(doc, r):
            n, first = counts.get(r.actor, (0, r.start_char))
            counts[r.actor] = (n + 1, first)
    return counts


def dominant_country(doc: Doc, exclude: str | None, sent: Span | None) -> str | None:
    windows = [(0, len(doc_text(doc)))] if sent is None else [(sent.start_char, sent.end_char), (0, len(doc_text(doc)))]
    for start, end in windows:
        counts = {c: v for c, v in _country_counts(doc, start, end).items() if c != exclude}
        if counts:
            return sorted(counts, key=lambda c: (-counts[c][0], counts[c][1]))[0]
    return None


def linked_country(doc: Doc, ref: ActorRef) -> str | None:
    """The country the sentence ties a person to by its own words: a demonym or country in the name's
    modifiers or title ("Chinese Defence Minister Li", "China's Li"), or in an apposition either way
    ("his Chinese counterpart, Li Shangfu", "Li Shangfu, China's defence minister")."""
    span = doc.char_span(ref.start_char, ref.end_char, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    nodes = [root]
    if root.dep_ == "appos":
        nodes.append(root.head)
    nodes += [c for c in root.children if c.dep_ == "appos"]
    near: list[Token] = []
    for n in nodes:
        near.append(n)
        for c in n.children:
            if c.dep_ in {"compound", "amod", "nmod", "poss"}:
                near.extend(c.subtree)
    outside = [t for t in near if not (span.start <= t.i < span.end)]
    if not outside:
        return None
    for r in refs_near(doc, min(t.idx for t in outside), max(t.idx for t in outside)):
        if r.actor == ref.actor or not r.country or r.actor_type not in {"country", "location"}:
            continue
        if any(r.start_char <= t.idx < r.end_char for t in outside):
            return r.country
    return None


def side_name(doc: Doc, ref: ActorRef | None) -> str | None:
    """Country-level name of ``ref``: its own country, else one the sentence links it to, else itself.

    A person is never given a country merely because the sentence or article mentions one: "Trump
    cancelled his summit with Kim in Singapore" has neither party from Singapore.
    """
    if ref is None:
        return None
    if ref.side:
        return ref.side
    return linked_country(doc, ref) or ref.actor


def host_country(doc: Doc, ref: ActorRef | None, region: list[ActorRef], decliner_side: str | None) -> str | None:
    """A counterpart of unknown country met in his own country: "postponed his meeting with President Xi
    in Beijing". Taken only when two signals agree: the engagement's venue is in country C (not the
    decliner's), and C is also the country the article is about besides the decliner's (counted
    without venue mentions). A neutral venue (Singapore for a US-North Korea summit) fails the second."""
    if ref is None or ref.actor_type != "person" or ref.side or linked_country(doc, ref):
        return None
    venues = {r.country for r in region if r.country and is_venue(doc, r) and r.country != decliner_side}
    if len(venues) != 1:
        return None
    venue = venues.pop()
    return venue if dominant_country(doc, exclude=decliner_side, sent=None) == venue else None


def reporting_subject(doc: Doc, tok: Token) -> ActorRef | None:
    t = tok
    for _ in range(4):
        if t.dep_ == "ccomp" and t.head.i != t.i:
            subj = [c for c in t.head.children if c.dep_ == "nsubj"]
            return actor_for_token(doc, subj[0]) if subj else None
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def person_level(ref: ActorRef | None, side: str | None, participants: list[ActorRef],
                  prefer_participant: bool = False, other: ActorRef | None = None) -> ActorRef | None:
    """The person of ``side`` who would have taken part, when the engagement names one.

    With ``other`` (the decliner's person) given, a single participant of unknown country who is not
    ``other`` is taken too: "invitation for Austin to meet with Li" makes Austin the requesting person.
    """
    if ref is not None and ref.actor_type == "person" and not prefer_participant:
        return ref
    if ref is not None and ref.actor_type not in {"country", "location", None} and not prefer_participant:
        # An organisation asked in its own name ("a Fox News proposal for a debate with Sanders").
        return ref
    persons = [p for p in participants if p.actor_type == "person"]
    for p in persons:
        if side is not None and p.country == side:
            return p
    if other is not None:
        unknown = {p.actor for p in persons if p.country is None and p.actor != other.actor}
        if len(unknown) == 1:
            return next(p for p in persons if p.actor in unknown)
    return ref


# --------------------------------------------------------------------------------------------------
# The roles of one mention, step by step: as written, from context, then at country or person level.

@dataclass
class Parties:
    dtok: Token | None  # the token the parse gives as the decliner, if any
    decliner: ActorRef | None
    dsource: str
    requester: ActorRef | None = None
    rsource: str | None = "none"
    # Sides taken over from an earlier mention, as that mention named them.
    inherited_sides: dict[str, str | None] = field(default_factory=dict)
    decliner_side: str | None = None
    requester_side: str | None = None
    decliner_actor: ActorRef | None = None
    requester_actor: ActorRef | None = None


def decliner_as_written(doc: Doc, ex: Extractor, tok: Token, form: str) -> tuple[Token | None, ActorRef | None, str]:
    """(token, actor, source) of the decliner the trigger's own clause names: its subject, passive agent,
    or the possessor of a nominal trigger; a common noun is a description."""
    if form == "noun":
        dtok, dsource = ex.noun_decliner(tok)
    elif form == "adj" or tok.dep_ == "amod":
        dtok, dsource = None, "none"
    else:
        dtok, dsource = ex.subject_of(tok)
    decliner = None
    if dtok is not None:
        decliner, dsource = party_named_by(doc, dtok, dsource)
        if decliner is None and not is_pronoun(dtok):
            decliner = description_ref(doc, ex, dtok)
            dsource = "description" if decliner is not None else dsource
    return dtok, decliner, dsource


def party_named_by(doc: Doc, tok: Token, source: str | None) -> tuple[ActorRef | None, str | None]:
    """The actor a party's word names: what coreference linked a pronoun to, else the name it is part of
    (``source`` kept)."""
    if is_pronoun(tok):
        return resolve_pronoun(doc, tok)
    return actor_for_token(doc, tok), source


def requester_as_written(doc: Doc, ex: Extractor, tok: Token, nouns: list[Token],
                         decliner: ActorRef | None) -> tuple[ActorRef | None, str | None]:
    rtok, rsource = ex.requester_token(nouns, tok)
    requester = None
    if rtok is not None:
        requester, rsource = party_named_by(doc, rtok, rsource)
        if requester is not None and decliner is not None and same_actor_or_side(requester, decliner):
            # "his planned meeting" names the decliner's own side, not who asked.
            requester, rsource = None, "none"
    return requester, rsource


def decliner_from_context(doc: Doc, tok: Token, eng: Engagement, parties: Parties, previous: list[dict],
                          sent_no: int) -> None:
    """An open decliner: the antecedent mention, the previous mention, then the reporting side."""
    if parties.decliner is None and eng.inherited is not None:
        parties.decliner, parties.dsource = eng.inherited["_decliner_ref"], "previous_mention"
        parties.inherited_sides["decliner"] = eng.inherited["decliner"]
    if parties.decliner is None and previous and previous[-1]["_decliner_ref"] is not None \
            and same_engagement_nearby(previous[-1], eng, parties.requester, sent_no, definite(tok, eng)):
        prev = previous[-1]["_decliner_ref"]
        if parties.requester is None or not same_actor_or_side(prev, parties.requester):
            parties.decliner, parties.dsource = prev, "previous_mention"
            parties.inherited_sides["decliner"] = previous[-1]["decliner"]
    if parties.decliner is None:
        reporter = reporting_subject(doc, tok)
        requester = parties.requester
        if reporter is not None and requester is not None and reporter.side and requester.side \
                and reporter.side != requester.side:
            parties.decliner, parties.dsource = reporter, "reporter"


def requester_from_context(doc: Doc, eng: Engagement, parties: Parties, participants: list[ActorRef],
                           previous: list[dict]) -> None:
    """An open requester: the other party of the engagement, the antecedent, the previous mention."""
    decliner = parties.decliner
    if parties.requester is None and decliner is not None:
        # The other party, possibly a person of unknown country ("his summit with Kim Jong Un").
        others = [p for p in participants if p.actor != decliner.actor
                  and (p.side is None or p.side != decliner.side)
                  and (p.side is not None or p.actor_type == "person")]
        if others:
            parties.requester, parties.rsource = others[0], "participant"
    if parties.requester is None and eng.inherited is not None and eng.inherited["_requester_ref"] is not None:
        parties.requester, parties.rsource = eng.inherited["_requester_ref"], "previous_mention"
        parties.inherited_sides["requester"] = eng.inherited["requester"]
    if parties.requester is None and decliner is not None and previous:
        prev = previous[-1]
        if prev["_decliner_ref"] is not None and prev["decliner"] == (
                parties.inherited_sides.get("decliner") or side_name(doc, decliner)):
            parties.requester, parties.rsource = prev["_requester_ref"], "previous_mention"
            parties.inherited_sides["requester"] = prev["requester"]


def place_parties(doc: Doc, parties: Parties, in_region: list[ActorRef], participants: list[ActorRef]) -> None:
    """The sides (country level where one applies) and the persons of both parties."""
    decliner, requester, inherited = parties.decliner, parties.requester, parties.inherited_sides
    decliner_side = inherited.get("decliner") or side_name(doc, decliner)
    requester_side = inherited.get("requester") or host_country(doc, requester, in_region, decliner_side) \
        or side_name(doc, requester)
    if requester is None and decliner is not None and decliner.actor_type in {"country", "location"}:
        # A country refusing with no counterpart named ("Beijing's scrapping three avenues of military
        # communication"): the counterpart the article is about, its most mentioned other country. Only for
        # a country: a politician who rules out a TV debate has no foreign counterpart to guess.
        requester_side = dominant_country(doc, exclude=decliner_side, sent=None)
        parties.rsource = "article" if requester_side else None
    decliner_actor = person_level(decliner, decliner_side, participants)
    requester_actor = person_level(requester, requester_side, participants,
                                   prefer_participant=parties.rsource in {"speaker", "previous_mention", "article"},
                                   other=decliner_actor)
    if decliner_side is not None and decliner_side == requester_side:
        # Both parties lifted to the same country ("Johnson refused to meet Starmer"): a refusal inside one
        # country is between the people or bodies themselves, not the country and itself.
        d_own = decliner_actor.actor if decliner_actor else None
        r_own = requester_actor.actor if requester_actor else None
        if d_own and r_own and d_own != r_own:
            decliner_side, requester_side = d_own, r_own
        else:
            requester_side, parties.rsource = None, None
    parties.decliner_side, parties.requester_side = decliner_side, requester_side
    parties.decliner_actor, parties.requester_actor = decliner_actor, requester_actor
