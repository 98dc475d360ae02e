"""The people, organisations and countries a sentence names, as the mention layer resolved them.

Everything here reads ``doc.spans["mentions"]`` through ``news_intel.nlp.mentions`` (and the quotes
component's speakers, for "we" inside a quotation); nothing here resolves a name itself.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.actors import country_actor
from news_intel.nlp.mentions import mention_of, mentions
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.structure import doc_text


QUOTE_OPEN = "“"
QUOTE_CLOSE = "”"


@dataclass(frozen=True)
class ActorRef:
    start_char: int
    end_char: int
    actor: str
    actor_type: str | None
    country: str | None  # the actor's country, canonical name (not the code)

    @property
    def side(self) -> str | None:
        """Country-level actor when one applies, else the organisation; None for a person of unknown country."""
        if self.country:
            return self.country
        return None if self.actor_type == "person" else self.actor


def _country_name(alpha3: str | None) -> str | None:
    return country_actor(alpha3) if alpha3 else None


def ref_of(m: Span) -> ActorRef:
    country = m._.actor if m._.actor_type == "country" else _country_name(m._.country)
    return ActorRef(m.start_char, m.end_char, m._.actor, m._.actor_type, country)


def actor_refs(doc: Doc) -> list[ActorRef]:
    """The actors the mention layer names, in text order."""
    cached = doc.user_data.get("news_intel.engagement_actor_refs")
    if cached is not None:
        return cached
    refs = [ref_of(m) for m in mentions(doc) if m._.mention_kind == "name" and m._.actor]
    doc.user_data["news_intel.engagement_actor_refs"] = refs
    return refs


def _governed_phrase_chars(tok: Token) -> tuple[int, int]:
    """Characters of the phrase ``tok`` heads with its compounds, modifiers, titles, possessor and appositions
    ("China's defence minister"), where an actor reference to it may lie."""
    start, end = tok.idx, tok.idx + len(tok)
    for c in tok.children:
        # "Ukraine's president", "China's defence minister": the possessor is the side the title serves.
        if c.dep_ in {"compound", "nmod", "appos", "flat", "amod", "poss"} or (c.dep_ == "prep" and c.lower_ == "of"):
            start = min(start, c.left_edge.idx)
            end = max(end, c.right_edge.idx + len(c.right_edge))
    return start, end


def actor_for_token(doc: Doc, tok: Token | None) -> ActorRef | None:
    if tok is None:
        return None
    refs = actor_refs(doc)
    for r in refs:
        if r.start_char <= tok.idx < r.end_char:
            return r
    start, end = _governed_phrase_chars(tok)
    inside = [r for r in refs if r.start_char < end and start < r.end_char]
    if not inside:
        return None
    # Prefer a person named in an apposition ("his counterpart Li Shangfu") over a modifier ("Chinese").
    persons = [r for r in inside if r.actor_type == "person"]
    return (persons or inside)[-1]


def actors_in(doc: Doc, start: int, end: int) -> list[ActorRef]:
    return [r for r in actor_refs(doc) if start <= r.start_char and r.end_char <= end]


# --------------------------------------------------------------------------------------------------
# Other components' output (quotes for speakers, timexes for time); both optional.

def layers(doc: Doc) -> dict:
    """The quotations and timexes in text order, indexed once per doc: asked about once per clause, a
    scan of every span made long articles quadratic. Only numbers are kept on the doc (it may be
    serialized): quote starts with the furthest end reached so far, and timex starts with their places
    in ``doc.spans["timexes"]``."""
    signature = tuple(len(doc.spans[k]) if k in doc.spans else -1 for k in ("quotes", "timexes"))
    cached = doc.user_data.get("news_intel.engagement_layers")
    if cached is not None and tuple(cached["signature"]) == signature:
        return cached
    quotes = sorted(
        (q.start_char, q.end_char) for q in (doc.spans["quotes"] if "quotes" in doc.spans else [])
        if q._.quote_kind not in {"scare", "indirect"}
    )
    reach, furthest = -1, []
    for _, end in quotes:
        reach = max(reach, end)
        furthest.append(reach)
    group = doc.spans["timexes"] if "timexes" in doc.spans else []
    order = sorted(range(len(group)), key=lambda k: group[k]._.timex_start)
    built = {
        "signature": list(signature), "quote_starts": [q[0] for q in quotes], "quote_reach": furthest,
        "timex_order": order, "timex_starts": [group[k]._.timex_start for k in order],
    }
    doc.user_data["news_intel.engagement_layers"] = built
    return built


def timexes_between(doc: Doc, start: int, end: int) -> list[Span]:
    """The timexes starting in characters ``[start, end)``, in text order."""
    index = layers(doc)
    group = doc.spans["timexes"] if "timexes" in doc.spans else []
    lo, hi = bisect_left(index["timex_starts"], start), bisect_left(index["timex_starts"], end)
    return [group[k] for k in index["timex_order"][lo:hi]]


def refs_near(doc: Doc, lo: int, hi: int) -> list[ActorRef]:
    """The actor refs that may cover a character in ``[lo, hi]``, in text order, looked up by position."""
    refs = actor_refs(doc)
    index = doc.user_data.get("news_intel.engagement_ref_starts")
    if index is None or len(index[0]) != len(refs):
        index = ([r.start_char for r in refs], max((r.end_char - r.start_char for r in refs), default=0))
        doc.user_data["news_intel.engagement_ref_starts"] = index
    starts, longest = index
    return refs[bisect_left(starts, lo - longest):bisect_right(starts, hi)]


def in_quote(doc: Doc, char: int) -> bool:
    index = layers(doc)
    k = bisect_right(index["quote_starts"], char)
    if k and index["quote_reach"][k - 1] > char:  # a quote starting at or before char ends after it
        return True
    # Fallback on the marks themselves: an unclosed opening mark earlier in the paragraph.
    para_start = doc_text(doc).rfind("\n", 0, char) + 1
    before = doc_text(doc)[para_start:char]
    curly = before.count(QUOTE_OPEN) > before.count(QUOTE_CLOSE)
    straight = before.count('"') % 2 == 1
    return curly or straight


def quote_speaker(doc: Doc, char: int) -> ActorRef | None:
    quotes = doc.spans["quotes"] if "quotes" in doc.spans else []
    for q in quotes:
        if q.start_char <= char < q.end_char and q._.speaker:
            speaker = q._.speaker
            for r in actor_refs(doc):
                if r.actor == speaker or doc_text(doc)[r.start_char:r.end_char] == speaker:
                    return r
            return ActorRef(q.start_char, q.start_char, speaker, None, None)
    return None


def resolve_pronoun(doc: Doc, tok: Token) -> tuple[ActorRef | None, str]:
    """"We" and "I" inside a quotation are its speaker; other pronouns are what coreference linked them to."""
    pronoun = person_lexicon().pronoun(tok.text)
    if pronoun is not None and pronoun.person == 1:
        speaker = quote_speaker(doc, tok.idx)
        return speaker, ("speaker" if speaker else "none")
    linked = mention_of(tok)
    if linked is None or not linked._.actor:
        return None, "none"
    return ref_of(linked), "antecedent"


def is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or person_lexicon().pronoun(tok.text) is not None


def same_actor_or_side(a: ActorRef, b: ActorRef) -> bool:
    return a.actor == b.actor or (a.side is not None and a.side == b.side)


def could_refer_to(pronoun: Token, ref: ActorRef, named_by: Token) -> bool:
    """Whether a third-person pronoun agrees with ``ref``, named in the sentence by the word ``named_by``:
    "his", "her" or "their" for a person, "its" for a country or place, "its" or "their" for an organisation
    or group. A ref named by another word ("the Pakistani prime minister" is Pakistan) is not ruled out,
    nor are other pronouns."""
    p = person_lexicon().pronoun(pronoun.text)
    if p is None or p.person != 3 or not (ref.start_char <= named_by.idx < ref.end_char):
        return True
    if ref.actor_type == "person":
        return p.gender != "n"
    if ref.actor_type in {"country", "location"}:
        return p.number == "sg" and p.gender == "n"
    return p.gender == "n" or p.number == "pl"
