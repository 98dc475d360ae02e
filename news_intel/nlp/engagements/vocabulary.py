"""The engagement vocabulary, read from data: triggers, refused things, hedges, party nouns, count words.

Triggers and refused things are reference data (``engagement_triggers.csv``, ``engagement_objects.csv``, the
dbt seeds, so a deployment can extend them); hedges, party nouns and number words ship in
``news_intel/nlp/data``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from news_intel.nlp.reference import read_package_csv, read_reference_csv


PARTICLES = {"prt"}
# Prepositions that introduce what a request asks for ("a request for a meeting", "an offer of talks").
COMPLEMENT_PREPS = {"for", "of", "to", "at", "on"}
SOURCE_PREPS = {"from", "by"}
DEFINITE = {"the", "this", "that", "these", "those"}


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
    progressive_auxiliaries: frozenset  # "will not be attending": a schedule, not a stated refusal
    errand_nouns: frozenset  # "a trip to speak on his behalf": travel for a purpose that engages no one
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
        progressive_auxiliaries=frozenset(r["lemma"] for r in hedges if r["kind"] == "progressive_auxiliary"),
        errand_nouns=frozenset(r["lemma"] for r in hedges if r["kind"] == "errand_noun"),
        count_words={r["word"]: int(r["value"]) for r in read_package_csv("count_words.csv")},
        qualifiers=tuple(qualifiers),
    )
