"""What the resolver has found so far in one article: mentions, persons, and which tokens are used up.

One ``ArticleState`` per document, passed explicitly through the phases, so a resolver keeps nothing
between documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Doc

if TYPE_CHECKING:
    from news_intel.nlp.actors.persons import PersonCluster


@dataclass
class Mention:
    start: int  # token offsets
    end: int
    actor: str
    actor_type: str
    country: str | None
    source: str
    entity_label: str | None = None
    role: str | None = None
    person_key: int | None = None  # cluster index for persons, to share role/country in the article


@dataclass
class ArticleState:
    doc: Doc
    # Per token: part of a mention already; inside a caption credit; inside a title phrase.
    taken: list[bool]
    blocked: list[bool]
    absorbed: list[bool]
    mentions: list[Mention] = field(default_factory=list)
    clusters: list[PersonCluster] = field(default_factory=list)
    # Every label a single word gets in the article: the small model labels one company PERSON, ORG
    # and GPE in turn ("Yukos", "Gazprom"), and each label is evidence about what it is.
    word_labels: dict[str, set[str]] = field(default_factory=dict)
    # Person spans found by a rule rather than by the model (their mentions are "name_match").
    rule_spans: set[tuple[int, int]] = field(default_factory=set)

    @classmethod
    def start(cls, doc: Doc, blocked: list[bool]) -> ArticleState:
        n = len(doc)
        return cls(doc=doc, taken=[False] * n, blocked=blocked, absorbed=[False] * n)

    def free(self, s: int, e: int) -> bool:
        return s < e and not any(self.taken[s:e])

    def add(self, m: Mention) -> bool:
        """Record ``m`` unless one of its tokens belongs to a mention already."""
        if not self.free(m.start, m.end):
            return False
        taken = self.taken
        for k in range(m.start, m.end):
            taken[k] = True
        self.mentions.append(m)
        return True
