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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from news_intel.nlp.mentions import add_mentions, make_mention
from news_intel.nlp.reference import default_reference_dir, read_package_csv, read_reference_csv
from news_intel.nlp.short_forms import link_short_forms
from news_intel.nlp.structure import doc_entities, doc_text, sentence_index, token_texts
from news_intel.nlp.tables import TableSpec

TAKES_REFERENCE_DIR = True

TABLE = TableSpec(
    name="actor_references",
    doc_attr="actor_reference_rows",
    columns=(
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("text", "VARCHAR NOT NULL"),
        ("actor", "VARCHAR NOT NULL"),
        ("actor_type", "VARCHAR NOT NULL"),
        ("country", "VARCHAR"),
        ("role", "VARCHAR"),
        ("sentence_idx", "INTEGER NOT NULL"),
        ("entity_label", "VARCHAR"),
        ("source", "VARCHAR NOT NULL"),
    ),
    description="One row per mention of a canonical actor (person, organization, country, location, event, group).",
)

for _attr in ("actor_references", "actor_reference_rows"):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
# Prepositions after which a capital names a place rather than its government ("talks in Vienna").
LOCATIVE = {"in", "at", "to", "near", "outside", "around", "across", "inside", "within", "into"}
# Words that may sit inside a title phrase between capitalised words ("Secretary of State").
TITLE_CONNECTORS = {"of", "for", "-", "on"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your"}
# A caption credit ("Photo via AP/Andrew Harnik") names photographers and agencies, not actors.
CAPTION_CREDIT = re.compile(
    r"\b(?:photo|photograph|picture|image|pic)s?\s*(?:via|by|credit|courtesy|:|/|-|–)", re.IGNORECASE
)
# A line that is only names joined by slashes ("Getty/Instagram.", "AP/Reuters") is a picture credit.
CREDIT_LINE = re.compile(r"\s*[A-Z][\w.&' -]{0,30}(?:/[A-Z][\w.&' -]{0,30})+\.?\s*$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s?$")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Typography-neutral form of a name: straight apostrophes, single spaces, no possessive."""
    # Cached: the same few hundred names are normalized tens of thousands of times per batch.
    text = text.translate(_APOSTROPHES).replace("\n", " ")
    text = _SPACES.sub(" ", text).strip(" ,.;:–-\"“”")
    text = _POSSESSIVE.sub("", text)
    return text.strip()


_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")


def _strip_article(text: str) -> str:
    return _LEADING_ARTICLE.sub("", text)


def _lookup_key(text: str) -> str:
    return normalize_name(_strip_article(text)).lower()


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 5


def _display_case(text: str) -> str:
    """All-caps datelines ("HONG KONG") read as names; acronyms stay as they are."""
    if text.isupper() and not _is_acronym(text):
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in text.split(" "))
    return text


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
        titles = read_reference_csv("person_titles.csv", ref)
        self.honorifics = {r["title"].lower() for r in titles if r["kind"] == "honorific"}
        self.titles = {r["title"].lower() for r in titles if r["kind"] == "title"}
        self.postnominals = {r["title"].lower() for r in titles if r["kind"] == "postnominal"}
        self.title_gender = {r["title"].lower(): r["gender"] for r in titles if r.get("gender")}
        self.given_gender = {r["name"].lower(): r["gender"] for r in read_reference_csv("given_names.csv", ref)}
        self.name_variants: dict[str, str] = {
            r["variant"].lower(): r["name"] for r in read_reference_csv("name_variants.csv", ref)
        }
        self.not_actors = {_lookup_key(r["text"]) for r in read_reference_csv("not_actors.csv", ref)}
        self.type_heads = {r["head"].lower(): r["actor_type"] for r in read_package_csv("actor_type_heads.csv")}
        self.located_org_heads = {r["head"].lower() for r in read_package_csv("located_org_heads.csv")}
        org_words = read_package_csv("organization_words.csv")
        self.org_suffixes = {r["word"] for r in org_words if r["kind"] == "suffix"}
        self.org_apposition_heads = {r["word"].lower() for r in org_words if r["kind"] == "apposition"}
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
        return self.title_gender.get(token_text.lower().rstrip(".")) or None


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


def actor_at(doc: Doc, start_char: int, end_char: int) -> dict | None:
    """The actor reference overlapping ``[start_char, end_char)`` most; ties go to the shorter one."""
    best, best_key = None, None
    for row in doc._.actor_references or []:
        overlap = min(end_char, row["end_char"]) - max(start_char, row["start_char"])
        if overlap <= 0:
            continue
        key = (overlap, -(row["end_char"] - row["start_char"]))
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


# ----------------------------------------------------------------------------------------------
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
class PersonCluster:
    name_tokens: list[str]
    first_pos: int
    role: str | None = None
    country: str | None = None
    variants: list[list[str]] = field(default_factory=list)
    text: str = ""
    gender: str | None = None  # "m"/"f" from a given name or a gendered honorific/title
    positions: list[int] = field(default_factory=list)  # token offsets of the mentions so far
    titles: set[str] = field(default_factory=set)  # lowercased title words the person is given

    @property
    def canonical(self) -> str:
        # Middle initials vary between articles ("Donald J. Trump"); the canonical name drops them.
        name = normalize_name(self.text or " ".join(self.name_tokens))
        name = re.sub(r"(?<=\s)[A-Z]\.?\s+(?=\S)", "", name)
        return _display_case(name)

    @property
    def first(self) -> str:
        return self.name_tokens[0]

    @property
    def last(self) -> str:
        return self.name_tokens[-1]


class ActorResolver:
    def __init__(self, nlp: Language, reference_dir: str | Path | None):
        self.ref = load_reference(str(reference_dir) if reference_dir else None)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        phrases: set[str] = set()
        phrases.update(a for a in self.ref.alias_exact if len(a) > 1)
        phrases.update(self.ref.country_names.values())
        for c in pycountry.countries:
            phrases.add(getattr(c, "common_name", None) or c.name)
        for d in self.ref.demonyms:
            cap = d.title() if d.islower() else d
            phrases.update({cap, cap + "s"} if not cap.endswith(("s", "ese", "sh", "ch")) else {cap})
        phrases.update(r.title() for r in self.ref.capitals)
        self.matcher.add("ACTOR_NAME", [nlp.make_doc(p) for p in sorted(phrases) if p and p[0].isupper()])

    # -- helpers -------------------------------------------------------------------------------
    def _clean_tokens(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Trim determiners, possessive markers and punctuation from a token span."""
        while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'", "’"}):
            end -= 1
        # The model sometimes runs an entity across a paragraph break ("Tories\n\nNational Insurance").
        for k in range(start, end):
            if "\n" in doc[k].text or doc[k].is_space:
                end = k
                break
        return start, end

    def _person_tokens(self, doc: Doc, start: int, end: int) -> tuple[int, int, list[str]]:
        """A person entity without titles, honorifics and post-nominals: (start, end, name words)."""
        ref = self.ref
        s, t = self._clean_tokens(doc, start, end)
        while s < t and (ref.is_title_word(doc[s].text) or ref.is_honorific(doc[s].text) or doc[s].text == "."):
            s += 1
        while t > s and (doc[t - 1].lower_.rstrip(".") in ref.postnominals or doc[t - 1].text in {",", "."}):
            t -= 1
        # A title-case headline runs the verb into the name ("Obama Says ..."): a last word the article
        # uses elsewhere as a lowercase verb is not part of a name on the first line.
        if t - s > 1 and "\n" not in doc_text(doc)[:doc[t - 1].idx]:
            low = doc[t - 1].lower_
            if any(x.text == low and x.pos_ in ("VERB", "AUX") for x in doc):
                t -= 1
        # "Blair Labour", "Tories Ken Clarke": a party the model ran into the name.
        if t - s > 1 and self._not_a_person(doc[t - 1].text):
            t -= 1
        if t - s > 1 and self._not_a_person(doc[s].text):
            s += 1
        toks = [x.text for x in doc[s:t] if x.text not in {".", "-"} and not x.is_space]
        if not toks or not toks[0][:1].isalpha() or not toks[0][:1].isupper():
            return s, s, []
        return s, t, toks

    def _not_a_person(self, text: str) -> Actor | None:
        """A PERSON entity that the reference data knows as something else ("Labour", "Lib Dems")."""
        name = normalize_name(_strip_article(text))
        hit = self.ref.alias(name)
        if hit is not None and hit.actor_type != "person":
            return hit
        a3 = self.ref.country(name) or self.ref.capital(name)
        if a3:
            return Actor(self.ref.country_name(a3), "country", a3)
        return None

    def _span_text(self, doc: Doc, start: int, end: int) -> str:
        return normalize_name(doc[start:end].text) if end > start else ""

    def resolve_name(self, text: str, label: str | None) -> Actor | None:
        """Canonical actor for a non-person name, or None when it is not an actor."""
        ref = self.ref
        name = _display_case(normalize_name(_strip_article(text)))
        if not name or not any(c.isalpha() for c in name) or len(name) < 2:
            return None
        if _lookup_key(name) in ref.not_actors:
            return None
        hit = ref.alias(name)
        if hit is not None:
            return hit
        a3 = ref.country(name)
        if a3 and (label in (None, "GPE", "LOC", "NORP", "ORG") or not name.isupper()):
            return Actor(ref.country_name(a3), "country", a3)
        a3 = ref.demonym(name)
        if a3:
            return Actor(ref.country_name(a3), "country", a3)
        a3 = ref.capital(name)
        if a3:
            return Actor(ref.country_name(a3), "country", a3)
        words = name.split()
        if label == "ORG" and ref.is_title_word(words[-1]):
            return None  # a title phrase ("US National Security Advisor"), not an organization
        if name[0].islower():
            return None
        if label == "GPE":
            return Actor(name, "location", _subdivision_country(name))
        if label in ("LOC", "FAC"):
            return Actor(name, "location", None)
        if label == "EVENT":
            return Actor(name, "event", None)
        if label == "NORP":
            return Actor(name, "group", None)
        if label == "ORG":
            head_type = ref.type_heads.get(words[-1].lower())
            return Actor(name, head_type or "organization", self._leading_country(words))
        return None

    def _entity_kind(self, doc: Doc, s: int, t: int, label: str) -> str | None:
        """The label a non-person entity should be read with, or None when it is a common noun.

        - a known name keeps its label (the reference data decides);
        - a company suffix ("BAE Systems", "Acme Ltd") or an apposition to an organization noun
          ("Russia's largest arms exporter, Rosoboronexport") makes it an organization;
        - a plural proper noun tagged as a place ("Gurkhas") is a group of people;
        - a single capitalised common noun ("Groups protested") is no actor: sentence-initial, or used
          lowercase elsewhere in the article.
        """
        ref = self.ref
        text = doc[s:t].text
        if ref.alias(text) or ref.country_or_demonym(text) or ref.capital(text):
            return label
        words = normalize_name(text).split()
        if words and words[-1].rstrip(".") in ref.org_suffixes and len(words) > 1:
            return "ORG"
        if self._org_apposition(doc, s, t):
            return "ORG"
        if label in ("GPE", "LOC") and doc[t - 1].tag_ == "NNPS":
            return "NORP"
        if label in ("GPE", "LOC", "FAC") and t - s == 1 and not _subdivision_country(text):
            if self._word_labels.get(text, set()) & {"ORG", "PERSON"} and self._behaves_as_organization(doc, text):
                return "ORG"
        if t - s == 1 and doc[s].tag_ in ("NN", "NNS") and label != "NORP":
            low = doc[s].lower_
            if doc[s].is_sent_start or any(x.text == low for x in doc if x.i != s):
                return None
        return label

    def _noun_phrase_start(self, doc: Doc, end: int) -> int:
        k = end
        while k > 0 and doc[k - 1].pos_ in ("NOUN", "ADJ") and doc[k - 1].text.islower():
            k -= 1
        return k

    def _org_apposition(self, doc: Doc, s: int, t: int) -> bool:
        """"..., its largest arms exporter, Rosoboronexport" / "Rosoboronexport, the state arms exporter"."""
        heads = self.ref.org_apposition_heads
        if s >= 2 and doc[s - 1].text == "," and doc[s - 2].lower_ in heads and doc[s - 2].pos_ == "NOUN":
            return True
        if t + 1 < len(doc) and doc[t].text == "," and doc[t + 1].lower_ in {"a", "an", "the"}:
            for k in range(t + 2, min(t + 7, len(doc))):
                if doc[k].lower_ in heads and doc[k].pos_ == "NOUN":
                    return k + 1 >= len(doc) or doc[k + 1].is_punct or doc[k + 1].lower_ in {"that", "which", "based"}
                if doc[k].is_punct:
                    break
        return False

    def _leading_country(self, words: list[str]) -> str | None:
        for n in (3, 2, 1):
            if len(words) > n:
                a3 = self.ref.country_or_demonym(" ".join(words[:n]))
                if a3:
                    return a3
        return None

    def _leading_country_tokens(self, doc: Doc, start: int, end: int) -> tuple[str | None, int]:
        """(alpha3, tokens used) for a country name/alias/demonym at the start of doc[start:end]."""
        for n in (3, 2, 1):
            if start + n <= end:
                text = doc[start:start + n].text
                if n > 1 and not all(t.text[:1].isupper() for t in doc[start:start + n]):
                    continue
                a3 = self.ref.country_or_demonym(text) if text[:1].isupper() else None
                if a3:
                    return a3, n
        return None, 0

    def _leading_alias_tokens(self, doc: Doc, start: int, end: int) -> tuple[Actor | None, int]:
        for n in range(min(6, end - start), 0, -1):
            hit = self.ref.alias(doc[start:start + n].text)
            if hit is not None and hit.actor_type != "country":
                return hit, n
        return None, 0

    def _title_run_left(self, doc: Doc, end: int) -> int:
        """Start of the title phrase ending just before token ``end`` ("US Defence Secretary").

        The phrase ends in a title word ("Defence Secretary") or in a title word's object
        ("Secretary of State", "Minister for Foreign Affairs"); lowercase nouns may join it
        ("Pentagon spokesman"), determiners, verbs and other names end it.
        """
        ref = self.ref
        j = end - 1
        start = end
        has_title = False
        last_cap_run_ok = True  # still inside the capitalised object of "of"/"for"
        while j >= 0 and end - j <= 12:
            t = doc[j]
            if t.ent_type_ == "PERSON" and j < end - 1 and not ref.is_title_word(t.text):
                break
            if t.text == "." and j > 0 and doc[j - 1].text[:1].isupper() and len(doc[j - 1].text) <= 5:
                j -= 1
                continue
            if ref.is_title_word(t.text) and (t.text[:1].isupper() or t.pos_ == "NOUN"):
                has_title = True
                last_cap_run_ok = False
                start = j
            elif t.text[:1].isupper() and t.text[:1].isalpha():
                if not has_title and not last_cap_run_ok:
                    break
                start = j
            elif t.lower_ in TITLE_CONNECTORS and not has_title and start < end and j > 0:
                # "Secretary of State": only if a title word governs the connector.
                k = j - 1
                if not ref.is_title_word(doc[k].text):
                    break
            elif has_title and t.pos_ in ("NOUN", "ADJ") and t.text.isalpha():
                start = j
            else:
                break
            if t.is_sent_start:
                break
            j -= 1
        if not has_title:
            return end
        # Adjectives opening the phrase ("new", "senior") are not part of the role.
        while start < end - 1 and doc[start].pos_ == "ADJ" and doc[start].text.islower():
            start += 1
        return start

    def _title_run_right(self, doc: Doc, start: int) -> tuple[int, int]:
        """An appositive title after a name: ", the US State Department Counsellor" -> token range."""
        ref = self.ref
        i = start
        if i >= len(doc) or doc[i].text != ",":
            return start, start
        i += 1
        if i < len(doc) and doc[i].lower_ in DETERMINERS:
            i += 1
        # ", China's defence minister": the possessor is read by _possessor_country, not the role.
        for k in (1, 2):
            if i + k < len(doc) and doc[i + k].lower_ in {"'s", "’s"} and self.ref.country_or_demonym(doc[i:i + k].text):
                i += k + 1
                break
        role_start = i
        last_title = None
        j = i
        while j < len(doc) and j - i < 10:
            t = doc[j]
            if ref.is_title_word(t.text):
                last_title = j
            elif t.text[:1].isupper() or t.lower_ in TITLE_CONNECTORS or (t.pos_ in ("NOUN", "ADJ") and t.text.isalpha()):
                pass
            elif t.text == "." and j > 0 and len(doc[j - 1].text) <= 5:
                pass
            else:
                break
            j += 1
        if last_title is None:
            return start, start
        # A title phrase ends at its head word; what follows must end the appositive.
        nxt = doc[last_title + 1] if last_title + 1 < len(doc) else None
        if nxt is not None and not (nxt.is_punct or nxt.lower_ in {"to", "at", "in", "for", "of", "and", "who", "said"}):
            return start, start
        while role_start < last_title and doc[role_start].pos_ == "ADJ" and doc[role_start].text.islower():
            role_start += 1
        return role_start, last_title + 1

    # -- the pass ------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> list[dict]:
        ref = self.ref
        n = len(doc)
        taken = [False] * n
        mentions: list[Mention] = []

        def free(s: int, e: int) -> bool:
            return s < e and not any(taken[s:e])

        def add(m: Mention) -> bool:
            if not free(m.start, m.end):
                return False
            for k in range(m.start, m.end):
                taken[k] = True
            mentions.append(m)
            return True

        # Caption credits and absorbed title fragments never become actors.
        blocked = [False] * n
        for line in re.finditer(r"[^\n]+", doc_text(doc)):
            m = CAPTION_CREDIT.search(line.group()) or CREDIT_LINE.match(line.group())
            if m:
                span = doc.char_span(line.start() + m.start(), line.end(), alignment_mode="expand")
                if span is not None:
                    for k in range(span.start, span.end):
                        blocked[k] = True

        ents = [e for e in doc_entities(doc) if e.label_ in ACTOR_LABELS]
        # The small model labels one company PERSON, ORG and GPE in turn ("Yukos", "Gazprom"): every
        # label a single word gets in the article is evidence about what it is.
        self._word_labels: dict[str, set[str]] = {}
        for e in ents:
            if len(e) == 1:
                self._word_labels.setdefault(e.text, set()).add(e.label_)
        ents = self._merge_adjacent(doc, ents)
        self._rule_spans: set[tuple[int, int]] = set()

        # 1. Persons introduced by full name.
        clusters: list[PersonCluster] = []
        self._clusters = clusters
        person_spans: list[tuple[int, int, Span | None]] = []
        ents = [e for e in ents if not (e.label_ == "PERSON" and self._not_a_person(e.text))] + [
            Span(doc, e.start, e.end, label="ORG") for e in ents if e.label_ == "PERSON" and self._not_a_person(e.text)
        ]
        # A name the model tagged ORG whose surname the article uses with an honorific ("Vince Cable" /
        # "Mr Cable") is a person.
        words = token_texts(doc)
        honorific_names = {words[i + 1] for i in range(len(words) - 1) if ref.is_honorific(words[i])} | {
            words[i + 2] for i in range(len(words) - 2) if ref.is_honorific(words[i]) and words[i + 1] == "."
        }
        ents = [
            Span(doc, e.start, e.end, label="PERSON")
            if e.label_ == "ORG" and 2 <= len(e) <= 3 and e[-1].text in honorific_names
            and all(t.text[:1].isupper() for t in e) and not self.resolve_name(e.text, None)
            else e
            for e in ents
        ]
        ents = [self._given_name_person(doc, e) for e in ents]
        ents += self._untagged_names_after_titles(doc, ents)
        ents.sort(key=lambda e: e.start)
        for e in ents:
            if e.label_ != "PERSON" or blocked[e.start]:
                continue
            s, t, toks = self._person_tokens(doc, e.start, e.end)
            if not toks:
                continue
            if len(toks) >= 2 and all(x[:1].isupper() for x in toks):
                idx = self._cluster(clusters, toks, s, doc[s:t].text)
                c = clusters[idx]
                c.gender = c.gender or self._mention_gender(doc, s, toks)
                c.positions.append(s)
            person_spans.append((s, t, e))

        # 2. Title phrases around persons: roles, countries, affiliations; fragments inside are absorbed.
        absorbed = [False] * n
        person_attrs: dict[tuple[int, int], tuple[str | None, str | None]] = {}

        def toks_of(s: int, t: int) -> list[str]:
            return [x.text for x in doc[s:t] if x.text not in {".", "-"} and not x.is_space]
        for s, t, _e in person_spans:
            if s >= t:
                continue
            role, country = None, None
            runs = [(self._title_run_left(doc, s), s), self._title_run_right(doc, t)]
            if runs[0][0] == s and s > 1 and doc[s - 1].text == ",":
                # "China's new defense minister, Li Shangfu": a possessed title before the comma.
                k = self._title_run_left(doc, s - 1)
                if k < s - 1 and self._possessor_country(doc, k):
                    runs[0] = (k, s - 1)
            for (rs, re_) in runs:
                if rs >= re_:
                    continue
                r_role, r_country = self._split_title_run(doc, rs, re_, blocked, add, absorbed)
                if role is None or (r_role and r_role[:1].isupper() and not role[:1].isupper()):
                    role = r_role or role
                country = country or r_country or self._possessor_country(doc, rs)
            person_attrs[(s, t)] = (role, country)
            if role and len(toks_of(s, t)) >= 2:
                idx = self._match_cluster(clusters, toks_of(s, t), s, allow_single=False)
                if idx is not None:
                    clusters[idx].titles.update(w.lower().rstrip(".") for w in role.split())
        self._implicit_surname_clusters(doc, clusters)

        # 3. Person mentions: full names, variants, surnames (whatever spaCy's label), honorific + name.
        ent_by_start = {e.start: e for e in ents}
        for e in ents:
            if blocked[e.start] or absorbed[e.start]:
                continue
            s, t, toks = self._person_tokens(doc, e.start, e.end)
            if not toks:
                continue
            gender, title = self._title_before(doc, s) if len(toks) == 1 else (None, None)
            cluster_idx = self._match_cluster(
                clusters, toks, s, allow_single=e.label_ == "PERSON" or not self._is_known_place(toks),
                doc=doc, end=t, gender=gender, title=title,
            )
            if cluster_idx is None and e.label_ == "PERSON":
                if len(toks) == 1 or not all(x[:1].isupper() for x in toks):
                    if self._administration(doc, t, add, e, toks):
                        continue
                if len(toks) == 1 and gender is None and title is None and self._lone_name_not_a_person(doc, s, t, e.label_, add):
                    continue
                clusters.append(PersonCluster(toks, s, text=doc[s:t].text, gender=gender or self._mention_gender(doc, s, toks)))
                cluster_idx = len(clusters) - 1
            if cluster_idx is None:
                continue
            if e.label_ == "PERSON" and self._administration(doc, t, add, e, toks):
                continue
            role, country = person_attrs.get((s, t), (None, None))
            s2 = self._extend_title(doc, s, toks)
            if s2 < s and role is None and ref.is_title_word(doc[s2].text):
                role = doc[s2].text
            from_rule = (e.start, e.end) in self._rule_spans
            source = "name_match" if from_rule or (len(toks) == 1 and e.label_ != "PERSON") else "ner"
            if add(Mention(s2, t, "", "person", country, source, None if from_rule else e.label_, role, cluster_idx)):
                self._note_mention(clusters[cluster_idx], s, title if len(toks) == 1 else None)

        # Untagged surnames and honorific + name ("Mr Smith") the model missed.
        for i, tok in enumerate(doc):
            if taken[i] or blocked[i] or absorbed[i] or not tok.text[:1].isupper() or tok.pos_ != "PROPN":
                continue
            if i + 1 < n and doc[i + 1].pos_ == "PROPN" and doc[i + 1].text[:1].isupper():
                continue
            prev_honorific = i > 0 and ref.is_honorific(doc[i - 1].text)
            if i > 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].text[:1].isupper() and not (
                prev_honorific or ref.is_title_word(doc[i - 1].text)
            ):
                continue
            gender, title = self._title_before(doc, i)
            idx = self._match_cluster(clusters, [tok.text], i, allow_single=True, doc=doc, end=i + 1, gender=gender, title=title)
            if idx is None and prev_honorific:
                clusters.append(PersonCluster([tok.text], i, text=tok.text, gender=gender))
                idx = len(clusters) - 1
            if idx is None:
                continue
            s2 = self._extend_title(doc, i, [tok.text])
            if add(Mention(s2, i + 1, "", "person", None, "name_match", None, None, idx)):
                self._note_mention(clusters[idx], i, title)

        # 4. Everything else spaCy tagged.
        for e in ents:
            if blocked[e.start] or absorbed[e.start] or e.label_ == "PERSON":
                continue
            s, t = self._clean_tokens(doc, e.start, e.end)
            if not free(s, t):
                continue
            if e.label_ == "ORG" and t < n - 2 and doc[t].lower_ == "in" and doc[t - 1].lower_ in ref.located_org_heads:
                nxt = ent_by_start.get(t + 1)
                if nxt is not None and nxt.label_ == "GPE":
                    t = nxt.end
            text = doc[s:t].text
            label = self._entity_kind(doc, s, t, e.label_)
            if label is None:
                continue
            actor = self.resolve_name(text, label)
            if actor is None:
                # A title fragment tagged as an ORG may still open with a real organization.
                hit, k = self._leading_alias_tokens(doc, s, t)
                if hit is not None:
                    add(Mention(s, s + k, hit.name, hit.actor_type, hit.country, "alias", e.label_))
                continue
            source = "ner" if normalize_name(_strip_article(text)) == actor.name else "alias"
            country = actor.country
            if country is None and actor.actor_type == "organization" and s >= 2 and doc[s - 1].text == ",":
                # "Russia's largest arms exporter, Rosoboronexport": the possessor is the country.
                country = self._possessor_country(doc, self._noun_phrase_start(doc, s - 1))
            add(Mention(s, t, actor.name, actor.actor_type, country, source, e.label_))

        # 5. Names from the reference data the model did not tag (demonyms, aliases, countries).
        for _, s, t in self.matcher(doc):
            if not free(s, t) or blocked[s] or absorbed[s]:
                continue
            if doc[s].is_sent_start is False and doc[s - 1].text[:1].isupper() and doc[s - 1].pos_ == "PROPN":
                continue  # inside a longer untagged name
            if t < n and doc[t].pos_ == "PROPN" and doc[t].text[:1].isupper():
                continue
            actor = self.resolve_name(doc[s:t].text, None)
            if actor is not None:
                add(Mention(s, t, actor.name, actor.actor_type, actor.country, "lexicon", None))

        self._capitals_as_places(doc, mentions)
        self._aliases_out_of_context(doc, mentions)
        return self._rows(doc, mentions, clusters, person_attrs)

    def _given_name_person(self, doc: Doc, e: Span) -> Span:
        """"Lester Holt" tagged ORG: two or three capitalised words opening with a given name from
        ``given_names.csv``, and no organization word or known name, are a person. A given name the
        model left outside a PERSON ("Ivanka" + "Trump") joins it."""
        if e.label_ == "PERSON" and e.start > 0:
            prev = doc[e.start - 1]
            if prev.ent_type_ == "" and prev.text[:1].isupper() and prev.text.lower() in self.ref.given_gender:
                return Span(doc, e.start - 1, e.end, label="PERSON")
            return e
        if e.label_ not in ("ORG", "GPE", "FAC") or not 2 <= len(e) <= 3:
            return e
        words = [t.text for t in e]
        if not all(w[:1].isupper() and w.replace(".", "").replace("'", "").replace("-", "").isalpha() for w in words):
            return e
        if words[0].lower() not in self.ref.given_gender or words[-1].rstrip(".") in self.ref.org_suffixes:
            return e
        if any(w.lower() in self.ref.type_heads or w.lower() in self.ref.org_apposition_heads for w in words):
            return e
        if self.ref.alias(e.text) or any(self.ref.country_or_demonym(w) or self.ref.alias(w) for w in words):
            return e
        return Span(doc, e.start, e.end, label="PERSON")

    def _untagged_names_after_titles(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Capitalised names the model left untagged right after a title ("counterpart Ng Eng Hen")."""
        in_ent = [False] * len(doc)
        for e in ents:
            for k in range(e.start, e.end):
                in_ent[k] = True
        found, i = [], 1
        words = token_texts(doc)
        while i < len(doc):
            if in_ent[i] or not self.ref.is_title_word(words[i - 1]) or doc[i].pos_ != "PROPN":
                i += 1
                continue
            k = i
            while k < len(doc) and k - i < 4 and not in_ent[k] and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() \
                    and doc[k].text[:1].isalpha() and not self.ref.is_title_word(doc[k].text):
                k += 1
            if k - i >= 2 and not self._is_known_place([t.text for t in doc[i:k]]):
                found.append(Span(doc, i, k, label="PERSON"))
                self._rule_spans.add((i, k))
            i = max(k, i + 1)
        return found

    def _lone_name_not_a_person(self, doc: Doc, s: int, t: int, label: str, add) -> bool:
        """A lone PERSON word no full name explains: an acronym ("BAA") is an organization, a region
        ("Essex") a place."""
        word = normalize_name(doc[s:t].text)
        if doc[s].tag_ in ("NNS", "NNPS") and doc[s].is_sent_start:
            return True  # "Scholars say ...": a capitalised plural noun, not a surname
        if (_is_acronym(word) and len(word) >= 2) or self._behaves_as_organization(doc, doc[s:t].text):
            add(Mention(s, t, word, "organization", None, "ner", label))
            return True
        a3 = _subdivision_country(word)
        if a3:
            add(Mention(s, t, word, "location", a3, "ner", label))
            return True
        return False

    def _behaves_as_organization(self, doc: Doc, word: str) -> bool:
        """A lone name the model also tags ORG in this article, or that "its"/", which" (or "it" twice)
        refers back to and never "he"/"she"/", who" ("Gazprom said its bid won"), is an organization."""
        if "ORG" in self._word_labels.get(word, set()):
            return True
        its = it = personal = 0
        for tok in doc:
            if tok.text != word:
                continue
            end = tok.sent.end
            nxt = doc[tok.i + 1:tok.i + 3].text.lower()
            if nxt in (", which", ", who"):
                # "Jarvis, which was weighed down by debts": relative pronouns tell things from people.
                its += nxt == ", which"
                personal += nxt == ", who"
                continue
            for k in range(tok.i + 1, min(end, tok.i + 12)):
                low = doc[k].lower_
                if low in ("it", "its"):
                    its += low == "its"
                    it += low == "it"
                    break
                if low in ("he", "his", "him", "she", "her") or doc[k].ent_type_:
                    personal += low in ("he", "his", "him", "she", "her")
                    break
        return personal == 0 and (its >= 1 or it >= 2)

    def _is_known_place(self, toks: list[str]) -> bool:
        text = " ".join(toks)
        return bool(self.ref.country_or_demonym(text) or self.ref.alias(text))

    def _administration(self, doc: Doc, t: int, add, e: Span, toks: list[str]) -> bool:
        """"the Biden administration" is an organization, not the person."""
        if t < len(doc) and doc[t].lower_ in {"administration", "government", "campaign"}:
            name = f"{' '.join(toks)} {doc[t].lower_}"
            add(Mention(t - len(toks), t + 1, name, "organization", None, "ner", e.label_))
            return True
        return False

    def _extend_title(self, doc: Doc, s: int, toks: list[str]) -> int:
        """Start of the mention including an honorific ("Mr Chollet") or, for a bare surname, a title."""
        j = s - 1
        if j >= 0 and doc[j].text == "." and j > 0:
            j -= 1
        if j < 0:
            return s
        if self.ref.is_honorific(doc[j].text) and doc[j].text[:1].isupper():
            return j
        if len(toks) == 1 and doc[j].text[:1].isupper() and self.ref.is_title_word(doc[j].text):
            return j
        return s

    def _merge_adjacent(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Join pieces the model split: LOCs ("South-east" + "Asia") and known names ("Liberal" + "Democrats")."""
        out: list[Span] = []
        for e in ents:
            # An untagged capitalised word before the entity completes a known name ("Liberal" Democrats).
            for k in (1, 2):
                s = e.start - k
                if s < 0 or (out and out[-1].end > s) or not all(t.text[:1].isupper() for t in doc[s:e.start]):
                    continue
                hit = self.ref.alias(doc[s:e.end].text)
                if hit is not None and hit.actor_type != "country":
                    e = Span(doc, s, e.end, label="ORG" if hit.actor_type == "organization" else e.label_)
                    break
            if out and out[-1].end == e.start and out[-1].label_ == e.label_ == "LOC":
                out[-1] = Span(doc, out[-1].start, e.end, label=e.label_)
            elif out and out[-1].end == e.start and self.ref.alias(doc[out[-1].start:e.end].text) is not None:
                hit = self.ref.alias(doc[out[-1].start:e.end].text)
                label = {"country": "GPE", "location": "LOC", "event": "EVENT", "person": "PERSON"}.get(hit.actor_type, "ORG")
                out[-1] = Span(doc, out[-1].start, e.end, label=label)
            else:
                out.append(e)
        return out

    def _cluster(self, clusters: list[PersonCluster], toks: list[str], pos: int, text: str) -> int:
        for i, c in enumerate(clusters):
            if len(c.name_tokens) >= 2 and c.last == toks[-1] and self._same_first(c.first, toks[0]):
                if self._more_formal(toks[0], c.first):
                    c.variants.append(c.name_tokens)
                    c.name_tokens, c.text = toks, text
                return i
        clusters.append(PersonCluster(toks, pos, text=text))
        return len(clusters) - 1

    def _same_first(self, a: str, b: str) -> bool:
        if a == b:
            return True
        va = self.ref.name_variants.get(a.lower(), a)
        vb = self.ref.name_variants.get(b.lower(), b)
        if va == vb:
            return True
        a_, b_ = a.rstrip("."), b.rstrip(".")
        if len(a_) == 1 or len(b_) == 1:
            return a_[0] == b_[0]
        short, long_ = sorted((a_, b_), key=len)
        return len(short) >= 3 and long_.startswith(short)

    def _more_formal(self, new: str, old: str) -> bool:
        return self.ref.name_variants.get(old.lower()) == new or (
            len(new.rstrip(".")) > len(old.rstrip(".")) and new.startswith(old.rstrip("."))
        )

    def _match_cluster(
        self, clusters: list[PersonCluster], toks: list[str], pos: int, allow_single: bool,
        doc: Doc | None = None, end: int | None = None, gender: str | None = None, title: str | None = None,
    ) -> int | None:
        """The person a name refers to, or None.

        Full names match by surname and compatible first name. A single word (surname or first name)
        goes to a person whose gender does not contradict the honorific/title before it ("Mr Obama" is
        never "Michelle Obama"); among several, to the one given that title ("President Obama"), then to
        the one a pronoun after it agrees with, then to the one mentioned most so far (most recently on a
        tie), then (a name before any of them) to the one introduced first.
        """
        if not clusters:
            return None
        if len(toks) >= 2:
            for i, c in enumerate(clusters):
                if c.name_tokens == toks or (c.last == toks[-1] and self._same_first(c.first, toks[0])) or toks in c.variants:
                    return i
            return None
        if not allow_single:
            return None
        tok = toks[0]
        for attr in ("last", "first"):
            cands = [i for i, c in enumerate(clusters) if len(c.name_tokens) >= 2 and getattr(c, attr) == tok]
            if attr == "last":
                cands += [i for i, c in enumerate(clusters) if c.name_tokens == [tok]]
            fit = [i for i in cands if gender is None or clusters[i].gender in (None, gender)]
            if fit:
                return self._pick_cluster(clusters, fit, pos, title, doc, end)
        return None

    def _pick_cluster(self, clusters, fit: list[int], pos: int, title: str | None, doc: Doc | None, end: int | None) -> int:
        if len(fit) > 1 and title:
            titled = [i for i in fit if title in clusters[i].titles]
            fit = titled or fit
        if len(fit) > 1 and doc is not None and len({clusters[i].gender for i in fit}) > 1:
            # Two people share the surname ("Barack Obama", "Michelle Obama"): a pronoun after the
            # mention in its sentence ("Obama said he ...") tells them apart.
            pronoun = self._pronoun_gender(doc, end if end is not None else pos + 1)
            if pronoun:
                fit = [i for i in fit if clusters[i].gender in (None, pronoun)] or fit
        # The person the article has spoken of most so far (on real news the subject, not the father
        # or wife named once in passing), then the one mentioned last.
        salient = []
        for i in fit:
            before = [p for p in clusters[i].positions or [clusters[i].first_pos] if p < pos]
            if before:
                salient.append((len(before), max(before), i))
        if salient:
            return max(salient)[2]
        # A name before all of them: someone the article calls by surname alone is the one readers
        # know by it ("President Obama" before "Michelle Obama" and "Mr. Obama").
        return min(fit, key=lambda i: (len(clusters[i].name_tokens) > 1, clusters[i].first_pos, i))

    def _note_mention(self, cluster: PersonCluster, pos: int, title: str | None) -> None:
        cluster.positions.append(pos)
        if title:
            cluster.titles.add(title)

    def _prev_word(self, doc: Doc, s: int) -> int | None:
        j = s - 1
        if j > 0 and token_texts(doc)[j] == ".":
            j -= 1
        return j if j >= 0 else None

    def _title_before(self, doc: Doc, s: int) -> tuple[str | None, str | None]:
        """(gender, title word) of an honorific or title right before a name ("Mrs Clinton", "President Obama")."""
        j = self._prev_word(doc, s)
        if j is None:
            return None, None
        word = token_texts(doc)[j]
        if not word[:1].isupper():
            return None, None
        if self.ref.is_honorific(word) or self.ref.is_title_word(word):
            return self.ref.word_gender(word), word.lower().rstrip(".")
        return None, None

    def _mention_gender(self, doc: Doc, s: int, toks: list[str]) -> str | None:
        """Gender a full-name mention states: the honorific before it, else the given name."""
        gender, _ = self._title_before(doc, s)
        if gender is None and len(toks) >= 2:
            gender = self.ref.given_gender.get(toks[0].lower())
        return gender

    def _pronoun_gender(self, doc: Doc, end: int) -> str | None:
        """Gender of the first he/she-type pronoun after a name in its sentence, before any other person."""
        if end <= 0 or end > len(doc):
            return None
        stop = doc[end - 1].sent.end
        for k in range(end, min(stop, end + 25)):
            tok = doc[k]
            if tok.ent_type_ == "PERSON":
                return None
            if tok.lower_ in ("he", "him", "his", "himself"):
                return "m"
            if tok.lower_ in ("she", "her", "hers", "herself"):
                return "f"
        return None

    def _implicit_surname_clusters(self, doc: Doc, clusters: list[PersonCluster]) -> None:
        """"Mr Obama" in an article that names only "Michelle Obama": a second, unnamed Obama exists.

        Created up front, at the first such honorific mention, so that earlier and later bare or titled
        surnames can choose between the two people.
        """
        for i in range(1, len(doc)):
            gender, _ = self._title_before(doc, i)
            word = doc[i].text
            if gender is None or not self.ref.is_honorific(doc[self._prev_word(doc, i)].text) or not word[:1].isupper():
                continue
            if i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].pos_ == "PROPN":
                continue  # honorific + full name
            same = [c for c in clusters if c.last == word and (len(c.name_tokens) >= 2 or c.name_tokens == [word])]
            if same and all(c.gender is not None and c.gender != gender for c in same):
                clusters.append(PersonCluster([word], i, text=word, gender=gender))

    def _split_title_run(self, doc: Doc, rs: int, re_: int, blocked, add, absorbed) -> tuple[str | None, str | None]:
        """Split a title phrase into [organization or country] + role; returns (role, country)."""
        country = None
        pos = rs
        for e in doc_entities(doc):
            # An organization opening the phrase ("Chinese Defense Ministry spokesman").
            if e.start == rs and e.end < re_ and e.label_ in ("ORG", "FAC") and not self.ref.is_title_word(doc[e.end - 1].text):
                if len(e) == 1 and any(len(c.name_tokens) >= 2 and c.last == e.text for c in self._clusters):
                    # "Trump campaign spokesman": the surname is the person; the mention pass takes it.
                    pos = e.end
                    break
                actor = self.resolve_name(e.text, e.label_)
                if actor is not None and actor.actor_type != "country":
                    if not blocked[rs]:
                        src = "ner" if normalize_name(_strip_article(e.text)) == actor.name else "alias"
                        add(Mention(rs, e.end, actor.name, actor.actor_type, actor.country, src, e.label_))
                    country = actor.country
                    pos = e.end
                    break
        hit, k = self._leading_alias_tokens(doc, pos, re_) if pos == rs else (None, 0)
        if hit is not None and pos + k < re_:
            if not blocked[pos]:
                add(Mention(pos, pos + k, hit.name, hit.actor_type, hit.country, "alias", self._label_at(doc, pos, pos + k)))
            country = hit.country
            pos += k
        elif pos == rs:
            a3, k = self._leading_country_tokens(doc, pos, re_)
            if a3 and pos + k < re_:
                actor = self.ref.country_name(a3)
                if not blocked[pos]:
                    add(Mention(pos, pos + k, actor, "country", a3, "alias", self._label_at(doc, pos, pos + k)))
                country = a3
                pos += k
                hit, k = self._leading_alias_tokens(doc, pos, re_)
                if hit is not None and pos + k < re_:
                    add(Mention(pos, pos + k, hit.name, hit.actor_type, hit.country, "alias", self._label_at(doc, pos, pos + k)))
                    pos += k
        for k in range(pos, re_):
            absorbed[k] = True
        # An entity only partly inside the phrase ("the US State Department Counsellor") goes with it.
        for e in doc_entities(doc):
            if e.start < re_ and e.end > rs and e.start >= rs:
                for k in range(max(e.start, pos), e.end):
                    absorbed[k] = True
        role = doc[pos:re_].text.strip() or None
        return role, country

    def _label_at(self, doc: Doc, s: int, e: int) -> str | None:
        for ent in doc_entities(doc):
            if ent.start <= s and ent.end >= e:
                return ent.label_
        return None

    def _possessor_country(self, doc: Doc, start: int) -> str | None:
        """"China's new defense minister": the possessor of a title phrase starting at ``start`` is the
        person's country (adjectives such as "new" may sit between)."""
        j = start - 1
        while j >= 1 and doc[j].pos_ == "ADJ" and doc[j].text.islower():
            j -= 1
        if j >= 1 and doc[j].lower_ in {"'s", "’s"}:
            for k in (2, 1):
                if j - k >= 0 and doc[j - k].text[:1].isupper():
                    a3 = self.ref.country_or_demonym(doc[j - k:j].text)
                    if a3:
                        return a3
        return None

    def _countries_from_office(self, mentions: list[Mention], clusters: list[PersonCluster]) -> None:
        """A person whose title names an office only a few countries have ("Defense Secretary": US or
        UK, per ``office_countries.csv``) is of the one such country the article speaks of, if exactly one.

        Evidence is every country, organization or place mention with a country; nothing is guessed when
        the article mentions none or several of the candidates.
        """
        evidence = {m.country for m in mentions if m.person_key is None and m.country}
        for c in clusters:
            if c.country or not c.role:
                continue
            heads = [w.lower().rstrip(".") for w in c.role.split() if self.ref.is_title_word(w)]
            if not heads:
                continue
            candidates = self.ref.office_countries.get(heads[-1]) or self.ref.office_countries.get(heads[0])
            if candidates:
                found = candidates & evidence
                if len(found) == 1:
                    c.country = next(iter(found))

    def _aliases_out_of_context(self, doc: Doc, mentions: list[Mention]) -> None:
        """"Democrats" is the US Democratic Party only where the article otherwise speaks of the US.

        Elsewhere (a UK article) the mention keeps its own name and no country, rather than being
        mapped to another country's party.
        """
        ctx = self.ref.context_aliases
        flagged = [i for i, m in enumerate(mentions) if m.person_key is None and _lookup_key(doc[m.start:m.end].text) in ctx]
        if not flagged:
            return
        evidence = {m.country for i, m in enumerate(mentions) if m.country and i not in flagged}
        for i in flagged:
            m = mentions[i]
            text = normalize_name(_strip_article(doc[m.start:m.end].text))
            if ctx[text.lower()] not in evidence:
                mentions[i] = replace(m, actor=_display_case(text), country=None, source="ner" if m.entity_label else "lexicon")

    def _capitals_as_places(self, doc: Doc, mentions: list[Mention]) -> None:
        """A capital after "in"/"to" names the place, unless its country is otherwise an actor here."""
        capital_idx = []
        others: set[str] = set()
        for i, m in enumerate(mentions):
            text = doc[m.start:m.end].text
            if m.actor_type == "country" and self.ref.capital(text) and not self.ref.country(text):
                capital_idx.append(i)
            elif m.country:
                others.add(m.country)
        for i in capital_idx:
            m = mentions[i]
            if m.country in others:
                continue
            prev = doc[m.start - 1].lower_ if m.start > 0 else ""
            if prev in LOCATIVE:
                mentions[i] = replace(m, actor=_display_case(normalize_name(doc[m.start:m.end].text)), actor_type="location")

    def _rows(self, doc, mentions, clusters, person_attrs) -> list[dict]:
        sent_idx = sentence_index(doc)
        # Role and country are attributes of the person: share the first stated ones across the article.
        for m in mentions:
            if m.person_key is not None:
                c = clusters[m.person_key]
                c.role = c.role or m.role
                c.country = c.country or m.country
        self._countries_from_office(mentions, clusters)
        rows = []
        for m in sorted(mentions, key=lambda m: m.start):
            span = doc[m.start:m.end]
            actor, actor_type, country, role = m.actor, m.actor_type, m.country, m.role
            if m.person_key is not None:
                c = clusters[m.person_key]
                actor, role, country = c.canonical, role or c.role, country or c.country
            if sum(ch.isalnum() for ch in actor or "") < 2:
                # An initial alone ("Mr P.", "Ms K") names nobody a reader could look up.
                continue
            rows.append(
                {
                    "start_char": span.start_char,
                    "end_char": span.end_char,
                    "text": span.text,
                    "actor": actor,
                    "actor_type": actor_type,
                    "country": country,
                    "role": role,
                    "sentence_idx": sent_idx[m.start] if len(doc) else 0,
                    "entity_label": m.entity_label,
                    "source": m.source,
                }
            )
        return rows


def name_mentions(doc: Doc, rows: list[dict]) -> list[Span]:
    """The mention layer's name spans, one per actor reference row."""
    return [
        make_mention(
            doc, r["start_char"], r["end_char"], actor=r["actor"], actor_type=r["actor_type"], country=r["country"],
            role=r["role"], mention_kind="name", source=r["source"],
        )
        for r in rows
    ]


@Language.factory(
    "news_actors", default_config={"reference_dir": None},
    requires=["doc.ents", "doc.sents", "token.tag"], assigns=["doc.spans", "doc._.actor_references"],
)
def make_news_actors(nlp: Language, name: str, reference_dir: str | None):
    resolver = ActorResolver(nlp, reference_dir)

    def news_actors(doc: Doc) -> Doc:
        rows = link_short_forms(resolver(doc))
        doc._.actor_references = rows
        doc._.actor_reference_rows = rows
        add_mentions(doc, name_mentions(doc, rows))
        return doc

    return news_actors
