"""Words that say who someone is: pronouns, honorifics, titles, given names and the nouns that refer back.

The one place the extractors learn a word's gender, number or kind of referent. Actors, coreference,
quotes and engagements all read it, so "Mrs", "spokeswoman", "Hillary" and "she" agree everywhere:

- pronouns with person, number, gender and what they can stand for (``data/pronouns.csv``);
- honorifics, titles and post-nominals with their gender (the ``person_titles.csv`` reference seed);
- given names with their usual gender (the ``given_names.csv`` reference seed);
- common nouns that refer back to an organization, stand for the one that issued a document, or for the
  people working for a person ("the firm", "the report", "her campaign": ``data/reference_nouns.csv``);
- common nouns that can name a speaker at all (``data/speaker_nouns.csv``): "the spokesman" can say
  something, "the measures" cannot.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from news_intel.nlp.reference import read_package_csv, read_reference_csv


@dataclass(frozen=True)
class Pronoun:
    word: str
    person: int  # 1, 2 or 3
    number: str | None  # "sg", "pl" or None (you)
    gender: str | None  # "m", "f", "n" (it) or None
    refers_to: str  # "person", "group" or "thing"

    @property
    def personal(self) -> bool:
        """He/she and their forms: a single person of known gender."""
        return self.person == 3 and self.gender in ("m", "f")


class PersonLexicon:
    """Every word list about people, read once per reference folder (see :func:`person_lexicon`)."""

    def __init__(self, reference_dir: str | Path | None = None):
        self.pronouns = {
            r["word"]: Pronoun(r["word"], int(r["person"]), r["number"] or None, r["gender"] or None, r["refers_to"])
            for r in read_package_csv("pronouns.csv")
        }
        titles = read_reference_csv("person_titles.csv", reference_dir)
        self.honorifics = {r["title"].lower() for r in titles if r["kind"] == "honorific"}
        self.titles = {r["title"].lower() for r in titles if r["kind"] == "title"}
        self.postnominals = {r["title"].lower() for r in titles if r["kind"] == "postnominal"}
        # Words that qualify a title without being one ("former", "acting"): skipped inside a name phrase.
        self.title_modifiers = {r["title"].lower() for r in titles if r["kind"] == "modifier"}
        self.title_gender = {r["title"].lower(): r["gender"] for r in titles if r.get("gender")}
        try:
            given = read_reference_csv("given_names.csv", reference_dir)
        except OSError:  # a reference folder without the seed: genders come from the article alone
            given = []
        self.given_gender = {r["name"].lower(): r["gender"] for r in given if r.get("gender") in ("m", "f")}
        nouns = read_package_csv("reference_nouns.csv")
        self.organization_nouns = {r["noun"] for r in nouns if r["refers_to"] == "organization"}
        self.document_nouns = {r["noun"] for r in nouns if r["refers_to"] == "document"}
        self.legislation_nouns = {r["noun"] for r in nouns if r["refers_to"] == "legislation"}
        # Bodies every country has ("the government", "the army"): never anaphoric on their own, but
        # "the Saudi government" is Saudi Arabia's.
        self.state_body_nouns = {r["noun"] for r in nouns if r["refers_to"] == "state_body"}
        # The people working for one person ("Trump's campaign", "her staff"): they speak for that person.
        self.entourage_nouns = {r["noun"] for r in nouns if r["refers_to"] == "entourage"}
        self.speaker_nouns = {r["noun"] for r in read_package_csv("speaker_nouns.csv")}

    def is_person_noun(self, lemma: str) -> bool:
        """A common noun for a person ("spokesman", "protester", "official"), not for a body or a document."""
        key = lemma.lower()
        if key in self.organization_nouns or key in self.document_nouns or key in self.state_body_nouns:
            return False
        return key in self.titles or key in self.speaker_nouns or key.endswith("-old")

    def can_speak(self, lemma: str) -> bool:
        """Whether a common noun can name someone who speaks: a person, a group of people, an organization
        or a document its issuer speaks through ("the spokesman", "residents", "the firm", "the report"),
        not an abstract thing ("the plans", "significant gains", "the bill")."""
        key = lemma.lower()
        return (
            key in self.speaker_nouns or key in self.titles or key in self.organization_nouns
            or key in self.document_nouns or key.endswith("-old")
        )

    @staticmethod
    def _key(word: str) -> str:
        return word.lower().rstrip(".")

    def pronoun(self, word: str) -> Pronoun | None:
        return self.pronouns.get(word.lower())

    def is_honorific(self, word: str) -> bool:
        return self._key(word) in self.honorifics

    def is_title(self, word: str) -> bool:
        return self._key(word) in self.titles

    def is_name_prefix(self, word: str) -> bool:
        """Honorifics, titles and their qualifiers: words that stand before a name but are not part of it."""
        key = self._key(word)
        return key in self.honorifics or key in self.titles or key in self.title_modifiers

    def is_title_modifier(self, word: str) -> bool:
        """"Former", "shadow", "deputy"-like words that make a title another office."""
        return self._key(word) in self.title_modifiers

    def word_gender(self, word: str) -> str | None:
        """"m"/"f" for a gendered honorific, title or pronoun ("Mrs", "spokeswoman", "his"), else None."""
        key = self._key(word)
        gender = self.title_gender.get(key)
        if gender:
            return gender
        p = self.pronouns.get(key)
        return p.gender if p is not None and p.personal else None

    def name_gender(self, first_name: str) -> str | None:
        return self.given_gender.get(first_name.lower())


@lru_cache(maxsize=8)
def person_lexicon(reference_dir: str | None = None) -> PersonLexicon:
    return PersonLexicon(reference_dir)
