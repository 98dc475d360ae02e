"""Declined engagements: refusals, snubs, cancellations and postponements of meetings, talks and channels.

One row per sentence-level mention (table ``engagement_mentions``). A mention needs a trigger (a verb
such as *decline*, *rebuff*, *postpone*, a negated verb such as *not returning (calls)*, or a noun such
as *refusal*) and a refused thing that is an *engagement*: a meeting, talks, dialogue, a visit, a summit,
a communication channel, or a request / invitation / offer / attempt whose complement is one of those
("a request to meet", "an offer of talks"). Rejecting anything else (a peace plan, calls to resign, a
demand to lift sanctions) is not a mention. This is CAMEO 125 / PLOVER REJECT (mode "meet"), widened to
cancellations and postponements.

Stated refusals need no refusal verb: "Putin would not meet Zelensky", "the Taliban will not hold talks
with Kabul", "decided not to attend the summit" are mentions (the negated will, or a refusal governor,
on an engagement verb that names a counterpart). A plain negated past ("they did not meet during the
summit") is not: it reports that no meeting happened, not that anyone refused one; nor is "could not
meet" (inability) or "will not meet again until May" (scheduling). Unanswered requests are mentions of
kind ``ignored``: "requests went unanswered / unreturned", "received no response", "no reply from X".
An engagement named only as the setting of the trigger ("rebuffed at a White House meeting", "rejected
before talks broke down") or inside a claim ("suggestions that the meeting failed") is not what was
refused.

Look-alikes that stay out (issue 14): a request for an action ("calls to release prisoners", "calls
seeking comment"); a trigger under a condition ("if the talks fail, ..."), an aim or an appeal ("seeking to
postpone", "pleaded with him to reject"), speculation or a denial ("speculation that he will cancel",
"denied that it had snubbed"); a sports fixture or booking ("the race meeting", "speech engagements");
an engagement judged "as" something, or one between other parties ("rejected the talks between
Washington and Tehran"); a refusal told as the history of an engagement the sentence reports happening
("leaders who had refused to meet for years held talks"); a generic bare plural with no known decliner.

The vocabulary is data: ``engagement_triggers.csv`` and ``engagement_objects.csv`` under the reference
folder (dbt seeds), hedges (modals, governors, conditions, speculation and denial words, predicates of a
held engagement), party nouns and number words under ``news_intel/nlp/data``.

Roles come from the parse and the mention layer (``doc.spans["mentions"]``: names, and the pronouns and
descriptions coreference resolved):

* decliner: the trigger's subject (through coordination and control: "Li is expected to ..., but
  declined"), the passive agent ("rejected by China"), or the possessor / *by*-phrase of a nominal
  trigger ("China's refusal", "the rejection by China"); a common noun is a description ("the union",
  "management") when coreference gives no actor. When the sentence leaves it open (a passive with no
  agent, "the declined invitation", "the refusal"), a clause of the sentence that says who acted first
  ("cancelled after Russia withdrew its delegation"), else the decliner of the previous mention when it
  is about the same engagement a sentence or two before, else the side of the person reporting it when
  that side differs from the requester's; else the decliner stays null, ``decliner_source`` "unstated".
* requester: the possessor or national modifier of the request ("Austin's offer", "a US request"), its
  *from* / *by* phrase, the agent of "proposed by", else the other party of the engagement ("meet
  with X", "between X and Y"), else the first actor of the sentence on another side than the decliner.
* pronouns: "they" in "X informed Y that they declined" is X; first-person words inside a quote are the
  quote speaker's side; other third-person pronouns take the previous mention's decliner or the
  nearest preceding actor of the right type.

``decliner`` / ``requester`` are country-level where the actor has a country, or where the sentence ties a
person to one by its own words (a demonym or country in the title, an apposition: "his Chinese counterpart,
Li Shangfu", "Ukraine's president"); otherwise the person stays the party ("Trump cancelled his summit
with Kim Jong Un in Singapore" is Trump -> Kim Jong Un): a person is never given a country just because
the sentence or article mentions one, and a place named as the venue is never a party. One narrow
exception, for a counterpart of unknown country met in his own country ("postponed his meeting with
President Xi in Beijing"): the venue's country is taken when it is also the country the article is about
besides the decliner's (counted without venue mentions), so a neutral venue never qualifies.
``decliner_actor`` /
``requester_actor`` keep the person or organisation, refined to a person of the same side named in the
engagement ("a meeting between Austin and Li" makes China's refusal Li Shangfu's).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.actors import country_actor
from news_intel.nlp.mentions import mention_of, mentions
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.reference import read_package_csv, read_reference_csv
from news_intel.nlp.structure import doc_entities, doc_text, sentence_index
from news_intel.nlp.tables import TableSpec

TAKES_REFERENCE_DIR = True

TABLE = TableSpec(
    name="engagement_mentions",
    doc_attr="engagement_rows",
    columns=(
        ("sentence_idx", "INTEGER NOT NULL"),
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("trigger", "VARCHAR NOT NULL"),
        ("kind", "VARCHAR NOT NULL"),
        ("decliner", "VARCHAR"),
        ("requester", "VARCHAR"),
        ("engagement", "VARCHAR"),
        ("claimed_count_min", "INTEGER"),
        ("claimed_count_max", "INTEGER"),
        ("decliner_actor", "VARCHAR"),
        ("requester_actor", "VARCHAR"),
        ("decliner_source", "VARCHAR"),
        ("requester_source", "VARCHAR"),
        ("engagement_type", "VARCHAR"),
        ("scope", "VARCHAR"),
        ("anchors", "VARCHAR"),
        ("in_quote", "BOOLEAN"),
        ("time_text", "VARCHAR"),
        ("time_start", "DATE"),
        ("time_end", "DATE"),
        ("time_open_ended", "BOOLEAN"),
    ),
    description=(
        "One row per sentence-level mention of a declined, ignored, cancelled or postponed engagement "
        "(meeting, talks, dialogue, visit, summit, communication channel)."
    ),
)

if not Doc.has_extension(TABLE.doc_attr):
    Doc.set_extension(TABLE.doc_attr, default=None)

PARTICLES = {"prt"}
# Prepositions that introduce what a request asks for ("a request for a meeting", "an offer of talks").
COMPLEMENT_PREPS = {"for", "of", "to", "at", "on"}
SOURCE_PREPS = {"from", "by"}
DEFINITE = {"the", "this", "that", "these", "those"}
QUOTE_OPEN = "“"
QUOTE_CLOSE = "”"


@dataclass(frozen=True)
class Vocabulary:
    verb_triggers: dict  # (lemma, particle or "") -> (kind, needs_negation)
    noun_triggers: dict  # lemma -> (kind, needs_negation)
    adj_triggers: dict  # lemma -> kind ("requests went unanswered")
    objects: dict  # lemma -> (role, engagement_type, plural_is_single)
    governors: frozenset
    modals: frozenset
    refusal_auxiliaries: frozenset  # "would not meet": the negated will is a refusal
    refusal_governors: frozenset  # "decided not to meet"
    conditions: frozenset  # "if", "unless": a conditional clause makes the refusal hypothetical
    speculation: frozenset  # "speculation that", "suspect that", "likely to": not a report of a refusal
    denials: frozenset  # "denied that it had snubbed the summit"
    held_predicates: frozenset  # "the talks opened", "the meeting took place": the engagement happened
    party_nouns: frozenset  # group nouns that can be a party ("the union", "management")
    fixture_words: frozenset  # "race meeting", "athletics meeting": a sports fixture, not an engagement
    weak_light_verbs: frozenset  # "will not have contact": too weak to state a refusal
    count_words: dict
    qualifiers: tuple  # ((words, bound), ...) longest first

    @property
    def particle_verbs(self) -> set[str]:
        return {lemma for (lemma, prt) in self.verb_triggers if prt}


def _truthy(v: str | None) -> bool:
    return (v or "").strip().lower() in {"true", "1", "yes", "y"}


@lru_cache(maxsize=8)
def load_vocabulary(reference_dir: str | None) -> Vocabulary:
    verb_triggers, noun_triggers, adj_triggers = {}, {}, {}
    for row in read_reference_csv("engagement_triggers.csv", reference_dir):
        words = row["trigger"].strip().lower().split()
        kind = row["kind"].strip()
        pos = row["pos"].strip().upper()
        if pos == "NOUN":
            noun_triggers[words[0]] = (kind, _truthy(row.get("needs_negation")))
        elif pos == "ADJ":
            adj_triggers[words[0]] = kind
        else:
            verb_triggers[(words[0], words[1] if len(words) > 1 else "")] = (kind, _truthy(row.get("needs_negation")))
    objects = {
        row["lemma"].strip().lower(): (row["role"].strip(), row["engagement_type"].strip() or None,
                                       _truthy(row.get("plural_is_single")))
        for row in read_reference_csv("engagement_objects.csv", reference_dir)
    }
    hedges = read_package_csv("engagement_hedges.csv")
    qualifiers = sorted(
        ((r["words"].strip().lower(), r["bound"].strip()) for r in read_package_csv("count_qualifiers.csv")),
        key=lambda q: -len(q[0]),
    )
    return Vocabulary(
        verb_triggers=verb_triggers,
        noun_triggers=noun_triggers,
        adj_triggers=adj_triggers,
        objects=objects,
        governors=frozenset(r["lemma"] for r in hedges if r["kind"] == "governor"),
        modals=frozenset(r["lemma"] for r in hedges if r["kind"] == "modal"),
        refusal_auxiliaries=frozenset(r["lemma"] for r in hedges if r["kind"] == "refusal_auxiliary"),
        refusal_governors=frozenset(r["lemma"] for r in hedges if r["kind"] == "refusal_governor"),
        conditions=frozenset(r["lemma"] for r in hedges if r["kind"] == "condition"),
        speculation=frozenset(r["lemma"] for r in hedges if r["kind"] == "speculation"),
        denials=frozenset(r["lemma"] for r in hedges if r["kind"] == "denial"),
        held_predicates=frozenset(r["lemma"] for r in hedges if r["kind"] == "held_predicate"),
        party_nouns=frozenset(r["noun"].strip().lower() for r in read_package_csv("engagement_party_nouns.csv")),
        fixture_words=frozenset(lemma for lemma, (role, _, _) in objects.items() if role == "fixture"),
        weak_light_verbs=frozenset(r["lemma"] for r in hedges if r["kind"] == "weak_light_verb"),
        count_words={r["word"]: int(r["value"]) for r in read_package_csv("count_words.csv")},
        qualifiers=tuple(qualifiers),
    )


# --------------------------------------------------------------------------------------------------
# Actors: read what the actors component left on the doc.

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


def _ref_of(m: Span) -> ActorRef:
    country = m._.actor if m._.actor_type == "country" else _country_name(m._.country)
    return ActorRef(m.start_char, m.end_char, m._.actor, m._.actor_type, country)


def _actor_refs(doc: Doc) -> list[ActorRef]:
    """The actors the mention layer names, in text order."""
    cached = doc.user_data.get("news_intel.engagement_actor_refs")
    if cached is not None:
        return cached
    refs = [_ref_of(m) for m in mentions(doc) if m._.mention_kind == "name" and m._.actor]
    doc.user_data["news_intel.engagement_actor_refs"] = refs
    return refs


def _refs_near(doc: Doc, lo: int, hi: int) -> list[ActorRef]:
    """The actor refs that may cover a character in ``[lo, hi]``, in text order: looked up by position, as
    scanning every ref of the article per clause made long articles quadratic."""
    refs = _actor_refs(doc)
    index = doc.user_data.get("news_intel.engagement_ref_starts")
    if index is None or len(index[0]) != len(refs):
        index = ([r.start_char for r in refs], max((r.end_char - r.start_char for r in refs), default=0))
        doc.user_data["news_intel.engagement_ref_starts"] = index
    starts, longest = index
    return refs[bisect_left(starts, lo - longest):bisect_right(starts, hi)]


def _name_span(tok: Token) -> tuple[int, int]:
    """Characters of the name headed by ``tok`` (its compounds, titles and appositions)."""
    start, end = tok.idx, tok.idx + len(tok)
    for c in tok.children:
        # "Ukraine's president", "China's defence minister": the possessor is the side the title serves.
        if c.dep_ in {"compound", "nmod", "appos", "flat", "amod", "poss"} or (c.dep_ == "prep" and c.lower_ == "of"):
            start = min(start, c.left_edge.idx)
            end = max(end, c.right_edge.idx + len(c.right_edge))
    return start, end


def _actor_for_token(doc: Doc, tok: Token | None) -> ActorRef | None:
    if tok is None:
        return None
    refs = _actor_refs(doc)
    for r in refs:
        if r.start_char <= tok.idx < r.end_char:
            return r
    start, end = _name_span(tok)
    inside = [r for r in refs if r.start_char < end and start < r.end_char]
    if not inside:
        return None
    # Prefer a person named in an apposition ("his counterpart Li Shangfu") over a modifier ("Chinese").
    persons = [r for r in inside if r.actor_type == "person"]
    return (persons or inside)[-1]


def _actors_in(doc: Doc, start: int, end: int) -> list[ActorRef]:
    return [r for r in _actor_refs(doc) if start <= r.start_char and r.end_char <= end]


# --------------------------------------------------------------------------------------------------
# Other components' output (quotes for speakers, timexes for time); both optional.

# Per doc, built once from the span groups (asked about once per clause, which made long articles
# quadratic): the direct quotations as (starts, the furthest end among the quotes starting up to each), and
# the timexes in text order. Kept for the last doc only, outside it, so docs carry no Python objects.
_last_layers: dict = {"doc": None}


def _layers(doc: Doc) -> dict:
    groups = tuple((k, id(doc.spans[k]), len(doc.spans[k])) if k in doc.spans else (k,) for k in ("quotes", "timexes"))
    if _last_layers["doc"] is not doc or _last_layers["groups"] != groups:
        quotes = sorted(((q.start_char, q.end_char) for q in doc.spans["quotes"]
                         if q._.quote_kind not in {"scare", "indirect"}) if "quotes" in doc.spans else [])
        furthest, reach = [], -1
        for _, end in quotes:
            reach = max(reach, end)
            furthest.append(reach)
        timexes = sorted(doc.spans["timexes"] if "timexes" in doc.spans else [], key=lambda t: t._.timex_start)
        _last_layers.update(doc=doc, groups=groups, quote_starts=[q[0] for q in quotes], quote_reach=furthest,
                            timexes=timexes, timex_starts=[t._.timex_start for t in timexes])
    return _last_layers


def _in_quote(doc: Doc, char: int) -> bool:
    layers = _layers(doc)
    k = bisect_right(layers["quote_starts"], char)
    if k and layers["quote_reach"][k - 1] > char:  # a quote starting at or before char ends after it
        return True
    # Fallback on the marks themselves: an unclosed opening mark earlier in the paragraph.
    para_start = doc_text(doc).rfind("\n", 0, char) + 1
    before = doc_text(doc)[para_start:char]
    curly = before.count(QUOTE_OPEN) > before.count(QUOTE_CLOSE)
    straight = before.count('"') % 2 == 1
    return curly or straight


def _quote_speaker(doc: Doc, char: int) -> ActorRef | None:
    quotes = doc.spans["quotes"] if "quotes" in doc.spans else []
    for q in quotes:
        if q.start_char <= char < q.end_char and q._.speaker:
            speaker = q._.speaker
            for r in _actor_refs(doc):
                if r.actor == speaker or doc_text(doc)[r.start_char:r.end_char] == speaker:
                    return r
            return ActorRef(q.start_char, q.start_char, speaker, None, None)
    return None


def _parse_date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _sentence_time(doc: Doc, sent: Span) -> tuple[str | None, date | None, date | None, bool]:
    """Time the sentence gives: the union of its resolved dates; "since X" opens the end."""
    texts, starts, ends, open_ended = [], [], [], False
    layers = _layers(doc)
    first = bisect_left(layers["timex_starts"], sent.start_char)
    last = bisect_left(layers["timex_starts"], sent.end_char)
    for t in layers["timexes"][first:last]:
        u = t._
        if u.timex_type != "DATE":
            continue
        start, end = _parse_date(u.range_start), _parse_date(u.range_end)
        if start is None:
            continue
        texts.append(u.timex_text)
        starts.append(start)
        ends.append(end or start)
        if re.search(r"\bsince\s*$", doc_text(doc)[sent.start_char:u.timex_start], re.I):
            open_ended = True
    if not starts:
        return None, None, None, False
    return "; ".join(texts), min(starts), (None if open_ended else max(ends)), open_ended


# --------------------------------------------------------------------------------------------------
# The refused thing.

@dataclass
class Engagement:
    head: Token  # the noun (or verb) the trigger governs
    engagement_type: str | None
    region: list[Token]  # tokens whose subtrees describe the engagement (for text, participants, requester)
    request: Token | None  # the request noun when the thing refused is a request
    inherited: dict | None = None  # the antecedent mention, when the engagement came from context
    from_context: bool = False  # the engagement is named elsewhere in the sentence


class Extractor:
    def __init__(self, vocab: Vocabulary):
        self.v = vocab

    def role(self, tok: Token) -> tuple[str | None, str | None, bool]:
        return self.v.objects.get(tok.lemma_.lower(), (None, None, False))

    # -- triggers ------------------------------------------------------------------------------
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

    def hedged(self, tok: Token, allow_modal: bool = False) -> bool:
        """The trigger does not report a refusal as fact: a modal, a condition, an aim ("seeking to
        postpone"), speculation ("speculation that ... will cancel") or a denial ("denied that it had
        snubbed")."""
        if not allow_modal and self.has_modal(tok):
            return True
        if self.conditional(tok):
            return True
        t = tok
        while (t.dep_ in {"xcomp", "acl", "conj"} or (t.dep_ == "advcl" and _infinitive(t))) and t.head.i != t.i:
            if t.dep_ != "conj" and t.head.lemma_.lower() in self.v.governors:
                return True
            if t.dep_ == "xcomp" and self.has_modal(t.head):
                return True  # "could be seeking to postpone the summit"
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
            return True, etype, noun
        if role == "channel":
            for t in noun.subtree:
                if t is not noun and self.role(t)[0] == "engagement":
                    return True, etype, noun
            return False, None, None
        if role == "request":
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
            if verdict is False:
                return False, None, None
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
        return False, None, None

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
            if not subj and t is not verb:
                subj = [c for c in t.children if c.dep_ == "nsubjpass"]
            if subj:
                # "Photo via AP China rejected ...": a mis-segmented caption yields two subjects; the nearer one acts.
                return min(subj, key=lambda c: abs(c.i - t.i)), "subject"
            if t.dep_ in {"conj", "xcomp"} and t.head is not t:
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
# Counts.

def claimed_count(noun: Token, vocab: Vocabulary) -> tuple[int | None, int | None]:
    num = None
    for c in noun.children:
        if c.dep_ in {"nummod", "compound", "amod", "quantmod"} and (c.like_num or c.lower_ in vocab.count_words):
            num = c
            break
    if num is None:
        return None, None
    if num.like_num and not num.lower_ in vocab.count_words:
        try:
            value = int(float(num.text.replace(",", "")))
        except ValueError:
            return None, None
    else:
        value = vocab.count_words[num.lower_]
    prefix = " ".join(t.lower_ for t in noun.doc[noun.left_edge.i:num.i])
    prefix = re.sub(r"\b(a|an)$", "", prefix).strip()
    vague = num.lower_ in {"multiple", "several", "numerous", "dozens", "hundreds", "scores"}
    for words, bound in vocab.qualifiers:
        if prefix.endswith(words):
            if bound == "above":
                return value + 1, None
            if bound == "min":
                return value, None
            if bound == "below_or_equal":
                return None, value
            if bound == "below":
                return None, value - 1
            return value, value
    if vague:
        return value, None
    return value, value


# --------------------------------------------------------------------------------------------------
# The component.

def _span_text(doc: Doc, start: int, end: int, limit: int = 240) -> str:
    text = " ".join(doc_text(doc)[start:end].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _subtree_bounds(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.left_edge.idx for t in tokens)
    end = max(t.right_edge.idx + len(t.right_edge) for t in tokens)
    return start, end


def _resolve_pronoun(doc: Doc, tok: Token) -> tuple[ActorRef | None, str]:
    """"We" and "I" inside a quotation are its speaker; other pronouns are what coreference linked them to."""
    pronoun = person_lexicon().pronoun(tok.text)
    if pronoun is not None and pronoun.person == 1:
        speaker = _quote_speaker(doc, tok.idx)
        return speaker, ("speaker" if speaker else "none")
    linked = mention_of(tok)
    if linked is None or not linked._.actor:
        return None, "none"
    return _ref_of(linked), "antecedent"


def sent_idx_of(doc: Doc, sent: Span) -> int:
    return sentence_index(doc)[sent.start]


@Language.factory(
    "news_engagements", default_config={"reference_dir": None},
    requires=["doc.spans", "token.dep", "token.lemma"], assigns=["doc._.engagement_rows"],
)
def make_engagements(nlp: Language, name: str, reference_dir: str | None):
    vocab = load_vocabulary(str(reference_dir) if reference_dir else None)
    extractor = Extractor(vocab)

    def component(doc: Doc) -> Doc:
        doc._.engagement_rows = [
            {k: v for k, v in row.items() if not k.startswith("_")} for row in find_mentions(doc, extractor)
        ]
        return doc

    return component


def find_mentions(doc: Doc, ex: Extractor) -> list[dict]:
    rows: list[dict] = []
    seen_objects: set[int] = set()
    sent_idx = sentence_index(doc)
    for tok in doc:
        trig = ex.trigger_of(tok)
        if trig is None:
            refused = ex.refused_engagement(tok)
            if refused is None or ex.hedged(tok, allow_modal=True):
                continue
            trig = (refused, "declined", False, "refused_verb")
        trigger_text, kind, needs_negation, form = trig
        if form == "noun":
            determiners = {c.lower_ for c in tok.children if c.dep_ == "det"}
            if needs_negation:
                if not ex.noun_negated(tok):
                    continue  # "a response to the request" is no refusal; "no response to it" is
            elif determiners & {"any", "no"}:
                continue  # "denied there was any snub"
        elif form == "verb":
            if needs_negation != ex.negated(tok):
                continue
            if ex.hedged(tok):
                continue
        elif form == "adj" and ex.hedged(tok.head if tok.dep_ != "amod" else tok):
            continue
        if _background_of_held_engagement(ex, tok):
            continue
        row = _mention(doc, ex, tok, trigger_text, kind, form, rows, sent_idx)
        if row is None:
            continue
        key = row["_object_i"]
        if key is not None and key in seen_objects:
            continue
        if key is not None:
            seen_objects.add(key)
        rows.append(row)
    return _drop_echoes(rows)


def _drop_echoes(rows: list[dict]) -> list[dict]:
    """One refusal per engagement per sentence: "Putin would not meet Zelensky, dismissing the proposal"
    is one mention; the trigger whose engagement was only found elsewhere in the sentence goes."""
    own = {(r["_sent"], r["_engagement_i"]) for r in rows if not r["_from_context"]}
    return [r for r in rows if not (r["_from_context"] and (r["_sent"], r["_engagement_i"]) in own)]


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


INVERTING_AUXILIARIES = {"should", "had", "were"}


def _inverted_condition(clause: Token) -> bool:
    """"Should the rebels attack, ...", "had the vote gone the other way, ...": an auxiliary before the
    subject opens a condition."""
    aux = [c for c in clause.children if c.dep_ == "aux" and c.lower_ in INVERTING_AUXILIARIES]
    subj = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(aux and subj and aux[0].i < subj[0].i and aux[0].i == clause.left_edge.i)


BACKGROUND_DEPS = {"relcl", "acl", "advcl", "pcomp"}


def _background_of_held_engagement(ex: Extractor, tok: Token) -> bool:
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


def _characterised(tok: Token, eng: Engagement) -> bool:
    """"Israel rejected the talks between Washington and Tehran as a mistake", "dismissed the summit as a
    provocation": an engagement itself (not a request for one) judged "as" something is an opinion of it."""
    if eng.request is not None or eng.head.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "as" and any(p.dep_ == "pobj" for p in c.children)
               for c in list(tok.children) + list(eng.head.children))


def _participants_exclude(doc: Doc, ex: Extractor, eng: Engagement, dtok: Token | None,
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
    owners = [c for c in eng.head.children if c.dep_ == "poss" and _is_pronoun(c)] \
        if eng.request is None and ex.role(eng.head)[0] == "engagement" else []
    refs = [r for r in (_actor_for_token(doc, p) for p in parties) if r is not None]
    refs += [r for r in (_resolve_pronoun(doc, o)[0] for o in owners) if r is not None]
    if decliner is not None and decliner.actor_type != "group":
        return bool(refs) and not any(_same_actor_or_side(r, decliner) for r in refs)
    # An unresolved decliner outside a named pair ("the broadcaster cancelled the debate between the two
    # candidates"): only a party noun ("the rebels") might be one of the two.
    return bool(parties) and len(parties) + sum(p.tag_ in {"NNS", "NNPS"} for p in parties) >= 2 \
        and dtok.lemma_.lower() not in ex.v.party_nouns and not _is_pronoun(dtok)


CIRCUMSTANCE_WORDS = {"before", "after", "during", "when", "while", "as", "until", "since", "because", "at",
                      "following", "ahead", "amid", "despite", "although", "though"}


def _circumstantial(t: Token, trigger: Token) -> bool:
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


def _unanswered_objects(ex: Extractor, tok: Token, form: str) -> list[Token]:
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


def _engagement_for(doc: Doc, ex: Extractor, tok: Token, form: str, previous: list[dict]) -> Engagement | None:
    sent = tok.sent
    objs: list[Token] = []
    verb_comps: list[Token] = []
    is_noun = form == "noun"
    if form == "refused_verb":
        # The engagement verb itself is what was refused; its objects and prepositions name the other party.
        region = [c for c in tok.children if c.dep_ in {"dobj", "prep", "dative", "npadvmod"}]
        return Engagement(tok, ex.verb_engagement(tok)[1], region or [tok], None)
    if form == "adj" or (is_noun and ex.v.noun_triggers[tok.lemma_.lower()][1]):
        objs = _unanswered_objects(ex, tok, form)
        if not objs:
            return None
        is_noun = False
    elif is_noun:
        objs = ex.complements(tok)
        objs = [o for o in objs if o.dep_ != "compound" or ex.role(o)[0] is not None]
    else:
        if tok.dep_ in {"amod", "acl"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.tag_ != "VBG" and not any(
                c.dep_ in {"aux", "mark"} for c in tok.children):
            # "the declined invitation", "talks postponed twice"; but "talks to put off the vote" are held for
            # a purpose, "speculation that he will cancel" is a claim, and in "the debate refusing to recant"
            # the noun is the one refusing: none of them is what is refused.
            objs.append(tok.head)
        verb_comps = [c for c in tok.children if c.dep_ in {"xcomp", "advcl"} and c.pos_ in {"VERB", "AUX"}
                      and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        # "ruled out taking part in the debate", "refused meeting him": a bare gerund is the refused act.
        gerunds = [c for c in tok.children if c.dep_ in {"xcomp", "advcl"} and c.tag_ == "VBG"
                   and tok.i < c.i <= tok.i + 3 and not any(a.dep_ in {"mark", "aux"} for a in c.children)]
        verb_comps += gerunds
        for comp in verb_comps:
            if (comp.dep_ == "xcomp" or comp in gerunds) and not objs:
                # "refused to meet X" is an engagement; "refused to comment" settles it the other way.
                ok, etype, etok = ex.verb_engagement(comp)
                if ok:
                    return Engagement(comp, etype, [comp], None)
                return None
        objs += [o for o in ex.clause_objects(tok) if o.dep_ != "xcomp"]
        if not objs:
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}:
                    objs += ex.clause_objects(c)
    verdict_bare: Token | None = None
    for obj in objs:
        heads = [obj] + [c for c in obj.children if c.dep_ == "conj"]
        for o in heads:
            ok, etype, etok = ex.noun_engagement(o)
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
                return Engagement(o, etype, region, request)
            if ok is None and verdict_bare is None:
                verdict_bare = o
        if ok is False and not is_noun:
            continue
    if objs and verdict_bare is None:
        return None
    # A bare request ("declined the request") or an object-less nominal trigger ("China's refusal"):
    # the engagement is the one the sentence names, else the one the article last reported refused.
    if verdict_bare is None and not is_noun:
        return None
    for t in sent:
        if t.i == tok.i or t.i in {o.i for o in objs} or _circumstantial(t, tok):
            continue
        if t.head.i != tok.i and t.head.i != t.i and ex.trigger_of(t.head) is not None:
            continue  # "the offer was rejected ..., the decision to suspend talks": those talks have their own trigger
        role = ex.role(t)[0]
        if (role == "engagement" and t.pos_ == "NOUN") or (role == "verb" and t.pos_ == "VERB" and ex.verb_engagement(t)[0]):
            return Engagement(t, ex.role(t)[1], [t], verdict_bare, from_context=True)
    # Only a definite request ("the request", "Austin's offer") points back to an earlier one.
    if verdict_bare is not None:
        det = [c for c in verdict_bare.children if c.dep_ in {"det", "poss"}]
        if not any(d.dep_ == "poss" or d.lower_ in DEFINITE for d in det):
            return None
    if previous:
        prev = previous[-1]
        return Engagement(verdict_bare or tok, prev["engagement_type"], [verdict_bare] if verdict_bare else [],
                          verdict_bare, inherited=prev)
    return None


def _mention(doc, ex: Extractor, tok: Token, trigger_text: str, kind: str, form: str,
             previous: list[dict], sent_idx: list[int]) -> dict | None:
    sent = tok.sent
    is_noun = form == "noun"
    eng = _engagement_for(doc, ex, tok, form, previous)
    if eng is None:
        return None

    # Decliner.
    if is_noun:
        dtok, dsource = ex.noun_decliner(tok)
    elif form == "adj" or tok.dep_ == "amod":
        dtok, dsource = None, "none"
    else:
        dtok, dsource = ex.subject_of(tok)
    decliner = None
    if dtok is not None:
        if _is_pronoun(dtok):
            decliner, dsource = _resolve_pronoun(doc, dtok)
        else:
            decliner = _actor_for_token(doc, dtok)
            if decliner is None:
                decliner = _description_ref(doc, ex, dtok)
                dsource = "description" if decliner is not None else dsource
    if _characterised(tok, eng) or _participants_exclude(doc, ex, eng, dtok, decliner):
        return None
    if decliner is None and eng.request is None and _generic(eng.head):
        return None
    if decliner is None and dtok is None and form == "verb":
        decliner = _clause_agent(doc, tok)
        dsource = "clause" if decliner is not None else dsource

    # Requester, as written.
    region_tokens = [t for t in eng.region if t is not None] or [eng.head]
    request_nouns = [t for t in (eng.request, eng.head) if t is not None]
    rtok, rsource = ex.requester_token(request_nouns + region_tokens, tok)
    requester = None
    if rtok is not None:
        if _is_pronoun(rtok):
            requester, rsource = _resolve_pronoun(doc, rtok)
        else:
            requester = _actor_for_token(doc, rtok)
        if requester is not None and decliner is not None and _same_actor_or_side(requester, decliner):
            # "his planned meeting" names the decliner's own side, not who asked.
            requester, rsource = None, "none"

    rstart, rend = _subtree_bounds(region_tokens)
    in_region = _actors_in(doc, rstart, rend)
    participants = [p for p in in_region if not _is_venue(doc, p)]
    inherited_sides: dict[str, str | None] = {}

    # Decliner from context: the antecedent mention, the previous mention, then the reporting side.
    if decliner is None and eng.inherited is not None:
        decliner, dsource = eng.inherited["_decliner_ref"], "previous_mention"
        inherited_sides["decliner"] = eng.inherited["decliner"]
    if decliner is None and previous and previous[-1]["_decliner_ref"] is not None \
            and _same_engagement_nearby(previous[-1], eng, requester, sent_idx[tok.i], _definite(tok, eng)):
        prev = previous[-1]["_decliner_ref"]
        if requester is None or not _same_actor_or_side(prev, requester):
            decliner, dsource = prev, "previous_mention"
            inherited_sides["decliner"] = previous[-1]["decliner"]
    if decliner is None:
        reporter = _reporting_subject(doc, tok)
        if reporter is not None and requester is not None and reporter.side and requester.side \
                and reporter.side != requester.side:
            decliner, dsource = reporter, "reporter"

    # Requester from context: the other party of the engagement, the antecedent, the previous mention.
    if requester is None and decliner is not None:
        # The other party, possibly a person of unknown country ("his summit with Kim Jong Un").
        others = [p for p in participants if p.actor != decliner.actor
                  and (p.side is None or p.side != decliner.side)
                  and (p.side is not None or p.actor_type == "person")]
        if others:
            requester, rsource = others[0], "participant"
    if requester is None and eng.inherited is not None and eng.inherited["_requester_ref"] is not None:
        requester, rsource = eng.inherited["_requester_ref"], "previous_mention"
        inherited_sides["requester"] = eng.inherited["requester"]
    if requester is None and decliner is not None and previous:
        prev = previous[-1]
        if prev["_decliner_ref"] is not None and prev["decliner"] == (
                inherited_sides.get("decliner") or _side_name(doc, decliner)):
            requester, rsource = prev["_requester_ref"], "previous_mention"
            inherited_sides["requester"] = prev["requester"]

    decliner_side = inherited_sides.get("decliner") or _side_name(doc, decliner)
    requester_side = inherited_sides.get("requester") or _host_country(doc, requester, in_region, decliner_side) \
        or _side_name(doc, requester)
    if requester is None and decliner is not None and decliner.actor_type in {"country", "location"}:
        # A country refusing with no counterpart named ("Beijing's scrapping three avenues of military
        # communication"): the counterpart the article is about, its most mentioned other country. Only for
        # a country: a politician who rules out a TV debate has no foreign counterpart to guess.
        requester_side = _dominant_country(doc, exclude=decliner_side, sent=None)
        rsource = "article" if requester_side else None

    decliner_actor = _person_level(decliner, decliner_side, participants)
    requester_actor = _person_level(requester, requester_side, participants,
                                    prefer_participant=rsource in {"speaker", "previous_mention", "article"},
                                    other=decliner_actor)
    if decliner_side is not None and decliner_side == requester_side:
        # Both parties lifted to the same country ("Johnson refused to meet Starmer"): a refusal inside one
        # country is between the people or bodies themselves, not the country and itself.
        d_own = decliner_actor.actor if decliner_actor else None
        r_own = requester_actor.actor if requester_actor else None
        if d_own and r_own and d_own != r_own:
            decliner_side, requester_side = d_own, r_own
        else:
            requester_side, rsource = None, None

    # Span: the trigger's clause, from the decliner when it is a dependent here, to the end of the object.
    own = [t for t in region_tokens if eng.inherited is None and not eng.from_context] or [tok]
    start, end = _subtree_bounds(own)
    if eng.from_context and eng.request is not None:
        start, end = _subtree_bounds([eng.request])
    start, end = min(start, tok.idx), max(end, tok.idx + len(tok))
    if dtok is not None and dtok.sent == sent and abs(dtok.i - tok.i) < 30:
        start = min(start, dtok.left_edge.idx if dtok.head is tok else dtok.idx)
    start, end = max(start, sent.start_char), min(end, sent.end_char)
    while start < end and not (doc_text(doc)[start].isalnum() or doc_text(doc)[start] in QUOTE_OPEN + '"'):
        start += 1

    if eng.inherited is not None:
        engagement_text = eng.inherited["engagement"]
    elif eng.from_context:
        # "over a dozen requests from the Pentagon" says more than the engagement word found elsewhere.
        engagement_text = _span_text(doc, *_subtree_bounds([eng.request if eng.request is not None else eng.head]))
    else:
        es, ee = _subtree_bounds(request_nouns + region_tokens)
        engagement_text = _span_text(doc, max(es, sent.start_char), min(ee, sent.end_char))

    count_noun = eng.request if eng.request is not None else eng.head
    cmin, cmax = claimed_count(count_noun, ex.v) if count_noun.pos_ != "VERB" else (None, None)
    scope = _scope(ex, eng, cmin, cmax)
    time_text, tstart, tend, open_ended = _sentence_time(doc, sent)

    # What identifies the engagement across reports: the people who were to meet, the venue or occasion.
    sides = {decliner_side, requester_side}
    anchors = sorted({p.actor for p in in_region if p.actor_type in {"person", "event"}}
                     | {a.actor for a in (decliner_actor, requester_actor) if a is not None and a.actor_type == "person"}
                     | {p.actor for p in in_region if p.actor_type in {"country", "location"} and p.actor not in sides}
                     | {e.text for e in doc_entities(doc) if e.label_ in {"FAC", "EVENT"} and rstart <= e.start_char < rend})
    return {
        "sentence_idx": sent_idx[tok.i],
        "start_char": start,
        "end_char": end,
        "trigger": trigger_text,
        "kind": kind,
        "decliner": decliner_side,
        "requester": requester_side,
        "engagement": engagement_text,
        "claimed_count_min": cmin,
        "claimed_count_max": cmax,
        "decliner_actor": decliner_actor.actor if decliner_actor else decliner_side,
        "requester_actor": requester_actor.actor if requester_actor else requester_side,
        # An agentless report with no clause saying who ("the negotiations were put off") is flagged.
        "decliner_source": dsource if decliner_side else "unstated",
        "requester_source": rsource if requester_side else None,
        "engagement_type": eng.engagement_type,
        "scope": scope,
        "anchors": "|".join(anchors) or None,
        "in_quote": _in_quote(doc, tok.idx),
        "time_text": time_text,
        "time_start": tstart,
        "time_end": tend,
        "time_open_ended": open_ended,
        "_object_i": (eng.request.i if eng.request is not None else None) if (eng.inherited or eng.from_context)
        else (eng.request or eng.head).i,
        "_engagement_i": eng.head.i,
        "_from_context": eng.from_context or eng.inherited is not None,
        "_decliner_ref": decliner,
        "_requester_ref": requester_actor if requester_actor is not None else requester,
        "_sent": sent_idx[tok.i],
    }


def _generic(noun: Token) -> bool:
    """"Travel companies are cancelling flights and trips": a bare plural with no determiner, owner,
    number or complement names no particular engagement; with no known decliner it reports no refusal."""
    if noun.pos_ not in {"NOUN", "PROPN"} or noun.tag_ not in {"NNS", "NNPS"}:
        return False
    return not any(c.dep_ in {"det", "poss", "nummod", "prep", "compound", "amod", "acl", "relcl"}
                   for c in noun.children)


def _description_ref(doc: Doc, ex: Extractor, tok: Token) -> ActorRef | None:
    """A decliner named by a common noun: what coreference linked it to, else the description itself
    ("the union", "management", "the striking workers") for a mention the layer left unresolved or a
    party noun of the vocabulary."""
    m = mention_of(tok)
    if m is not None and m._.actor and m._.mention_kind != "name":
        return _ref_of(m)
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


def _clause_agent(doc: Doc, tok: Token) -> ActorRef | None:
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
            ref = _resolve_pronoun(doc, subj)[0] if _is_pronoun(subj) else _actor_for_token(doc, subj)
            if ref is not None:
                return ref
    return None


NEARBY_SENTENCES = 2


def _definite(tok: Token, eng: Engagement) -> bool:
    """"The refusal", "the declined invitation": a definite trigger noun or refused noun points back."""
    nouns = [t for t in (tok, eng.request, eng.head, tok.head if tok.dep_ in {"amod", "acl"} else None)
             if t is not None and t.pos_ in {"NOUN", "PROPN"}]
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for n in nouns for c in n.children)


def _same_engagement_nearby(previous: dict, eng: Engagement, requester: ActorRef | None, sent: int,
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
        _same_actor_or_side(requester, prev_requester) or requester.actor == prev_requester.actor)


def _is_venue(doc: Doc, ref: ActorRef) -> bool:
    """A place named as where the engagement was to happen ("talks in Geneva") is not a party to it."""
    span = doc.char_span(ref.start_char, ref.end_char, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in {"in", "at", "near", "inside", "outside"}


def _is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or person_lexicon().pronoun(tok.text) is not None


def _same_actor_or_side(a: ActorRef, b: ActorRef) -> bool:
    return a.actor == b.actor or (a.side is not None and a.side == b.side)


def _country_counts(doc: Doc, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Countries named in ``[start, end)`` as parties: a place named only as where something happens
    ("the summit in Singapore") does not make the country a party."""
    counts: dict[str, tuple[int, int]] = {}
    for r in _actor_refs(doc):
        if r.actor_type == "country" and start <= r.start_char < end and not _is_venue(doc, r):
            n, first = counts.get(r.actor, (0, r.start_char))
            counts[r.actor] = (n + 1, first)
    return counts


def _dominant_country(doc: Doc, exclude: str | None, sent: Span | None) -> str | None:
    windows = [(0, len(doc_text(doc)))] if sent is None else [(sent.start_char, sent.end_char), (0, len(doc_text(doc)))]
    for start, end in windows:
        counts = {c: v for c, v in _country_counts(doc, start, end).items() if c != exclude}
        if counts:
            return sorted(counts, key=lambda c: (-counts[c][0], counts[c][1]))[0]
    return None


def _linked_country(doc: Doc, ref: ActorRef) -> str | None:
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
    for r in _refs_near(doc, min(t.idx for t in outside), max(t.idx for t in outside)):
        if r.actor == ref.actor or not r.country or r.actor_type not in {"country", "location"}:
            continue
        if any(r.start_char <= t.idx < r.end_char for t in outside):
            return r.country
    return None


def _side_name(doc: Doc, ref: ActorRef | None) -> str | None:
    """Country-level name of ``ref``: its own country, else one the sentence links it to, else itself.

    A person is never given a country merely because the sentence or article mentions one: "Trump
    cancelled his summit with Kim in Singapore" has neither party from Singapore.
    """
    if ref is None:
        return None
    if ref.side:
        return ref.side
    return _linked_country(doc, ref) or ref.actor


def _host_country(doc: Doc, ref: ActorRef | None, region: list[ActorRef], decliner_side: str | None) -> str | None:
    """A counterpart of unknown country met in his own country: "postponed his meeting with President Xi
    in Beijing". Taken only when two signals agree: the engagement's venue is in country C (not the
    decliner's), and C is also the country the article is about besides the decliner's (counted
    without venue mentions). A neutral venue (Singapore for a US-North Korea summit) fails the second."""
    if ref is None or ref.actor_type != "person" or ref.side or _linked_country(doc, ref):
        return None
    venues = {r.country for r in region if r.country and _is_venue(doc, r) and r.country != decliner_side}
    if len(venues) != 1:
        return None
    venue = venues.pop()
    return venue if _dominant_country(doc, exclude=decliner_side, sent=None) == venue else None


def _reporting_subject(doc: Doc, tok: Token) -> ActorRef | None:
    t = tok
    for _ in range(4):
        if t.dep_ == "ccomp" and t.head is not t:
            subj = [c for c in t.head.children if c.dep_ == "nsubj"]
            return _actor_for_token(doc, subj[0]) if subj else None
        if t.head is t:
            return None
        t = t.head
    return None


def _person_level(ref: ActorRef | None, side: str | None, participants: list[ActorRef],
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


def _scope(ex: Extractor, eng: Engagement, cmin, cmax) -> str:
    """'series' for repeated requests or several channels, 'single' for one refused engagement."""
    if (cmin or 0) > 1 or (cmax or 0) > 1:
        return "series"
    for noun in [eng.request, eng.head]:
        if noun is None or noun.pos_ == "VERB":
            continue
        if any(c.lower_ in {"repeated", "multiple", "several", "numerous", "many", "countless"} for c in noun.children):
            return "series"
        if noun.tag_ in {"NNS", "NNPS"} and not ex.role(noun)[2]:
            return "series"
        if eng.request is not None:
            break
    return "single"
