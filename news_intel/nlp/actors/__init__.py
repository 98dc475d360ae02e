"""Canonical actors: every mention of a person, organization, country, place or event, resolved.

spaCy's entities are raw material: the small model tags surnames as ORG, splits titles into junk
ORGs ("Defence" in "Defence Secretary") and knows nothing of aliases. This component turns them into
mentions of canonical actors:

- countries by name (pycountry plus ``country_names.csv`` overrides for the short names news uses),
  by alias (``actor_aliases.csv``: US, U.S., PRC), by capital used for its government
  (``capitals.csv``) and by demonym (``demonyms.csv``, "Chinese" in "Chinese Defense Minister");
- organizations and events by alias (``actor_aliases.csv``), else by their own cleaned name;
- persons within an article: a surname, a title plus surname or a first-name variant
  (``name_variants.csv``) refers back to the full name the article introduces, whatever label spaCy
  gave the surname. Titles (``person_titles.csv``) are stripped from names and kept as ``role``;
  a country or organization in the title phrase becomes the person's ``country``, as does the
  possessor of a title ("China's new defense minister, Li Shangfu") and, for offices only a few
  countries have ("Defense Secretary": US or UK, ``office_countries.csv``), the one such country the
  article speaks of. Two people may share a surname: gendered honorifics and titles
  (``person_titles.csv``), given names (``given_names.csv``) and a following he/she keep "Mr Obama"
  off "Michelle Obama"; a title the person holds, then salience in the article, choose among the rest.
- names several countries use ("Democrats", "Labour", "Senate") map to a country's party or body
  only where the article otherwise speaks of that country (``needs_country_in_article``).

Reference data is read from the dbt seeds folder (``reference_dir``), so a user extends it by editing
CSVs. Rows go to ``doc._.actor_references`` (alias ``doc._.actor_reference_rows``).

Where things are:

- ``names``: name normalization and the surface of names (articles, possessives, caption credits);
- ``reference``: the reference data (``Actor``, ``ActorReference``, ``load_reference``, ``country_actor``);
- ``entities``: the entities the resolver starts from (spaCy's, merged and relabelled);
- ``entity_types``: what a non-person name is (``resolve_name``) and corrections from context;
- ``persons``: person clusters, matching later mentions to them, gender;
- ``titles``: title phrases (roles, countries, absorbed fragments);
- ``state``: ``Mention`` and the per-article ``ArticleState`` the phases share;
- ``short_forms``: acronyms and names cut short, linked to the organization's full name;
- ``resolver``: ``ActorResolver``, the phases in order, and the rows;
- ``component``: the spaCy factory, which writes the name mentions to ``doc.spans["mentions"]`` (see
  ``news_intel.nlp.mentions``) and reads the ``actor_references`` rows off them; ``TABLE``, ``actor_at``.
"""
from __future__ import annotations

from news_intel.nlp.actors.component import TABLE, TAKES_REFERENCE_DIR, actor_at, make_news_actors
from news_intel.nlp.actors.names import _strip_article, normalize_name
from news_intel.nlp.actors.reference import Actor, ActorReference, country_actor, load_reference
from news_intel.nlp.actors.resolver import ActorResolver

__all__ = [
    "TABLE",
    "TAKES_REFERENCE_DIR",
    "Actor",
    "ActorReference",
    "ActorResolver",
    "_strip_article",
    "actor_at",
    "country_actor",
    "load_reference",
    "make_news_actors",
    "normalize_name",
]
