"""Reference data about actors: aliases, countries, demonyms, capitals, titles, given names.

Read once per reference folder (the dbt seeds) plus the package lexicons, and looked up by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from news_intel.nlp.actors.names import _is_acronym, _lookup_key, _strip_article, normalize_name
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.reference import default_reference_dir, read_package_csv, read_reference_csv


@dataclass(frozen=True)
class Actor:
    name: str
    actor_type: str
    country: str | None = None


class ActorReference:
    """All reference data the resolver needs, read once per reference folder."""

    def __init__(self, reference_dir: str | Path | None = None):
        ref = reference_dir or default_reference_dir()
        self.country_names: dict[str, str] = {
            r["country"]: r["name"] for r in read_reference_csv("country_names.csv", ref)
        }
        # exact-case aliases and case-insensitive ones (acronyms only match with their case).
        self.alias_exact: dict[str, Actor] = {}
        self.alias_ci: dict[str, Actor] = {}
        # Aliases several countries use ("Democrats", "Labour"): lowercase alias -> the country they need.
        self.context_aliases: dict[str, str] = {}
        for r in read_reference_csv("actor_aliases.csv", ref):
            actor = Actor(r["actor"], r["actor_type"], r.get("country") or None)
            alias = normalize_name(r["alias"])
            if (r.get("needs_country_in_article") or "").strip().lower() == "true" and actor.country:
                self.context_aliases[alias.lower()] = actor.country
            self.alias_exact[alias] = actor
            if not _is_acronym(alias):
                self.alias_ci[alias.lower()] = actor
        self.countries: dict[str, str] = {}
        for c in pycountry.countries:
            for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if name:
                    self.countries[_lookup_key(name)] = c.alpha_3
        for a3, name in self.country_names.items():
            self.countries[_lookup_key(name)] = a3
        self.demonyms: dict[str, str] = {}
        for r in read_reference_csv("demonyms.csv", ref):
            self.demonyms[r["demonym"].lower()] = r["country"]
        self.capitals: dict[str, str] = {
            _lookup_key(r["capital"]): r["country"] for r in read_reference_csv("capitals.csv", ref)
        }
        # Titles, honorifics and given names with their genders: the one person lexicon every component reads.
        self.people = person_lexicon(str(ref))
        self.honorifics = self.people.honorifics
        self.titles = self.people.titles
        self.postnominals = self.people.postnominals
        self.given_gender = self.people.given_gender
        self.name_variants: dict[str, str] = {
            r["variant"].lower(): r["name"] for r in read_reference_csv("name_variants.csv", ref)
        }
        self.not_actors = {_lookup_key(r["text"]) for r in read_reference_csv("not_actors.csv", ref)}
        self.type_heads = {r["head"].lower(): r["actor_type"] for r in read_package_csv("actor_type_heads.csv")}
        self.located_org_heads = {r["head"].lower() for r in read_package_csv("located_org_heads.csv")}
        org_words = read_package_csv("organization_words.csv")
        self.org_suffixes = {r["word"] for r in org_words if r["kind"] == "suffix"}
        self.org_apposition_heads = {r["word"].lower() for r in org_words if r["kind"] == "apposition"}
        # What only organizations possess ("Manchester United's board", "Yukos's shareholders").
        self.org_possessions = {r["word"].lower() for r in org_words if r["kind"] == "possession"}
        self.office_countries = {r["office"].lower(): set(r["countries"].split()) for r in read_package_csv("office_countries.csv")}

    # -- single-name lookups -------------------------------------------------------------------
    def country_name(self, alpha3: str) -> str:
        if alpha3 in self.country_names:
            return self.country_names[alpha3]
        c = pycountry.countries.get(alpha_3=alpha3)
        if c is None:
            return alpha3
        return getattr(c, "common_name", None) or c.name

    def alias(self, text: str) -> Actor | None:
        name = normalize_name(_strip_article(text))
        hit = self.alias_exact.get(name) or self.alias_exact.get(normalize_name(text))
        if hit is None and not _is_acronym(name):
            hit = self.alias_ci.get(name.lower())
        if hit is not None and hit.actor_type == "country" and hit.country:
            return Actor(self.country_name(hit.country), "country", hit.country)
        return hit

    def country(self, text: str) -> str | None:
        """Alpha-3 code of a country named ``text`` (name, alias or ISO code), else None."""
        hit = self.alias(text)
        if hit is not None and hit.actor_type == "country":
            return hit.country
        key = _lookup_key(text)
        if key in self.countries:
            return self.countries[key]
        name = normalize_name(_strip_article(text))
        if len(name) == 3 and name.isupper():
            c = pycountry.countries.get(alpha_3=name)
            return c.alpha_3 if c else None
        return None

    def demonym(self, text: str) -> str | None:
        key = normalize_name(_strip_article(text)).lower()
        if key in self.demonyms:
            return self.demonyms[key]
        if key.endswith("s") and key[:-1] in self.demonyms:
            return self.demonyms[key[:-1]]
        return None

    def capital(self, text: str) -> str | None:
        return self.capitals.get(_lookup_key(text))

    def is_title_word(self, token_text: str) -> bool:
        return token_text.lower().rstrip(".") in self.titles

    def is_honorific(self, token_text: str) -> bool:
        return token_text.lower().rstrip(".") in self.honorifics

    def country_or_demonym(self, text: str) -> str | None:
        return self.country(text) or self.demonym(text)

    def word_gender(self, token_text: str) -> str | None:
        """"m"/"f" for a gendered honorific or title ("Mrs", "spokeswoman"), else None."""
        return self.people.title_gender.get(token_text.lower().rstrip(".")) or None


# Subdivision kinds that news names as places ("Iowa", "Essex"); parishes and communes share names with
# cities elsewhere ("Charlotte" is a parish of Saint Vincent).
_PLACE_SUBDIVISION_KINDS = ("state", "province", "county", "country", "nation", "region", "territory", "borough")


@lru_cache(maxsize=1)
def _subdivisions_by_name() -> dict[str, list]:
    by_name: dict[str, list] = {}
    for sub in pycountry.subdivisions:
        by_name.setdefault(sub.name.lower(), []).append(sub)
    return by_name


@lru_cache(maxsize=4096)
def _subdivision_country(name: str) -> str | None:
    """Country of a state/province/county named ``name``; a name several countries use goes to the
    higher-ranked kind ("Maryland": the US state, not the Liberian county), none when still tied."""
    subs = _subdivisions_by_name().get(name.lower(), [])
    ranked = []
    for sub in subs:
        kind = (sub.type or "").lower()
        rank = next((r for r, k in enumerate(_PLACE_SUBDIVISION_KINDS) if k in kind), None)
        if rank is not None:
            ranked.append((rank, sub.country_code))
    if not ranked:
        return None
    best = min(r for r, _ in ranked)
    codes = {cc for r, cc in ranked if r == best}
    if len(codes) != 1:
        return None
    c = pycountry.countries.get(alpha_2=codes.pop())
    return c.alpha_3 if c else None


@lru_cache(maxsize=8)
def load_reference(reference_dir: str | None = None) -> ActorReference:
    return ActorReference(reference_dir)


def country_actor(alpha3: str, reference_dir: str | Path | None = None) -> str:
    """Canonical country actor name for an ISO 3166 alpha-3 code ("USA" -> "United States")."""
    return load_reference(str(reference_dir) if reference_dir else None).country_name(alpha3)
