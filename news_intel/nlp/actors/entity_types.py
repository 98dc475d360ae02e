"""What a non-person name is: a country, organization, place, event or group, or no actor at all.

The reference data decides first (aliases, countries, demonyms, capitals); otherwise spaCy's label,
corrected by what the article says about the name ("its bid", ", which", a company suffix).
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from news_intel.nlp.actors.names import _display_case, _is_acronym, _lookup_key, _strip_article, normalize_name
from news_intel.nlp.actors.reference import Actor, ActorReference, _subdivision_country
from news_intel.nlp.actors.state import ArticleState, Mention
from news_intel.nlp.people import person_lexicon

# Prepositions after which a capital names a place rather than its government ("talks in Vienna").
LOCATIVE = {"in", "at", "to", "near", "outside", "around", "across", "inside", "within", "into"}


def resolve_name(ref: ActorReference, text: str, label: str | None) -> Actor | None:
    """Canonical actor for a non-person name, or None when it is not an actor."""
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
        return Actor(name, head_type or "organization", _leading_country(ref, words))
    return None


def _not_a_person(ref: ActorReference, text: str) -> Actor | None:
    """A PERSON entity that the reference data knows as something else ("Labour", "Lib Dems")."""
    name = normalize_name(_strip_article(text))
    hit = ref.alias(name)
    if hit is not None and hit.actor_type != "person":
        return hit
    a3 = ref.country(name) or ref.capital(name)
    if a3:
        return Actor(ref.country_name(a3), "country", a3)
    return None


def _is_known_place(ref: ActorReference, toks: list[str]) -> bool:
    text = " ".join(toks)
    return bool(ref.country_or_demonym(text) or ref.alias(text))


def _entity_kind(ref: ActorReference, state: ArticleState, s: int, t: int, label: str) -> str | None:
    """The label a non-person entity should be read with, or None when it is a common noun.

    - a known name keeps its label (the reference data decides);
    - a company suffix ("BAE Systems", "Acme Ltd") or an apposition to an organization noun
      ("Russia's largest arms exporter, Rosoboronexport") makes it an organization;
    - a plural proper noun tagged as a place ("Gurkhas") is a group of people;
    - a single capitalised common noun ("Groups protested") is no actor: sentence-initial, or used
      lowercase elsewhere in the article.
    """
    doc = state.doc
    text = doc[s:t].text
    if ref.alias(text) or ref.country_or_demonym(text) or ref.capital(text):
        return label
    words = normalize_name(text).split()
    if words and words[-1].rstrip(".") in ref.org_suffixes and len(words) > 1:
        return "ORG"
    if _org_apposition(ref, doc, s, t):
        return "ORG"
    if label in ("GPE", "LOC") and doc[t - 1].tag_ == "NNPS":
        return "NORP"
    if label in ("GPE", "LOC", "FAC") and t - s == 1 and not _subdivision_country(text):
        if state.word_labels.get(text, set()) & {"ORG", "PERSON"} and _behaves_as_organization(state, text):
            return "ORG"
    if t - s == 1 and doc[s].tag_ in ("NN", "NNS") and label != "NORP":
        low = doc[s].lower_
        if doc[s].is_sent_start or any(x.text == low for x in doc if x.i != s):
            return None
    return label


def _org_apposition(ref: ActorReference, doc: Doc, s: int, t: int) -> bool:
    """"..., its largest arms exporter, Rosoboronexport" / "Rosoboronexport, the state arms exporter"."""
    heads = ref.org_apposition_heads
    if s >= 2 and doc[s - 1].text == "," and doc[s - 2].lower_ in heads and doc[s - 2].pos_ == "NOUN":
        return True
    if t + 1 < len(doc) and doc[t].text == "," and doc[t + 1].lower_ in {"a", "an", "the"}:
        for k in range(t + 2, min(t + 7, len(doc))):
            if doc[k].lower_ in heads and doc[k].pos_ == "NOUN":
                return k + 1 >= len(doc) or doc[k + 1].is_punct or doc[k + 1].lower_ in {"that", "which", "based"}
            if doc[k].is_punct:
                break
    return False


def _behaves_as_organization(state: ArticleState, word: str) -> bool:
    """A lone name the model also tags ORG in this article, or that "its"/", which" (or "it" twice)
    refers back to and never "he"/"she"/", who" ("Gazprom said its bid won"), is an organization."""
    if "ORG" in state.word_labels.get(word, set()):
        return True
    doc = state.doc
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
            pronoun = person_lexicon().pronoun(doc[k].text)
            if pronoun is not None and pronoun.gender == "n":
                its += pronoun.word == "its"
                it += pronoun.word == "it"
                break
            if pronoun is not None and pronoun.personal or doc[k].ent_type_:
                personal += pronoun is not None and pronoun.personal
                break
    return personal == 0 and (its >= 1 or it >= 2)


def _lone_name_not_a_person(ref: ActorReference, state: ArticleState, s: int, t: int, label: str) -> bool:
    """A lone PERSON word no full name explains: an acronym ("BAA") is an organization, a region
    ("Essex") a place."""
    doc = state.doc
    word = normalize_name(doc[s:t].text)
    if doc[s].tag_ in ("NNS", "NNPS") and doc[s].is_sent_start:
        return True  # "Scholars say ...": a capitalised plural noun, not a surname
    if (_is_acronym(word) and len(word) >= 2) or _behaves_as_organization(state, doc[s:t].text):
        state.add(Mention(s, t, word, "organization", None, "ner", label))
        return True
    a3 = _subdivision_country(word)
    if a3:
        state.add(Mention(s, t, word, "location", a3, "ner", label))
        return True
    return False


def _administration(state: ArticleState, t: int, e: Span, toks: list[str]) -> bool:
    """"the Biden administration" is an organization, not the person."""
    doc = state.doc
    if t < len(doc) and doc[t].lower_ in {"administration", "government", "campaign"}:
        name = f"{' '.join(toks)} {doc[t].lower_}"
        state.add(Mention(t - len(toks), t + 1, name, "organization", None, "ner", e.label_))
        return True
    return False


# -- names at the start of a span --------------------------------------------------------------
def _leading_country(ref: ActorReference, words: list[str]) -> str | None:
    for n in (3, 2, 1):
        if len(words) > n:
            a3 = ref.country_or_demonym(" ".join(words[:n]))
            if a3:
                return a3
    return None


def _leading_country_tokens(ref: ActorReference, doc: Doc, start: int, end: int) -> tuple[str | None, int]:
    """(alpha3, tokens used) for a country name/alias/demonym at the start of doc[start:end]."""
    for n in (3, 2, 1):
        if start + n <= end:
            text = doc[start:start + n].text
            if n > 1 and not all(t.text[:1].isupper() for t in doc[start:start + n]):
                continue
            a3 = ref.country_or_demonym(text) if text[:1].isupper() else None
            if a3:
                return a3, n
    return None, 0


def _leading_alias_tokens(ref: ActorReference, doc: Doc, start: int, end: int) -> tuple[Actor | None, int]:
    for n in range(min(6, end - start), 0, -1):
        hit = ref.alias(doc[start:start + n].text)
        if hit is not None and hit.actor_type != "country":
            return hit, n
    return None, 0


# -- corrections once every mention is known -----------------------------------------------------
def _aliases_out_of_context(ref: ActorReference, doc: Doc, mentions: list[Mention]) -> None:
    """"Democrats" is the US Democratic Party only where the article otherwise speaks of the US.

    Elsewhere (a UK article) the mention keeps its own name and no country, rather than being
    mapped to another country's party.
    """
    ctx = ref.context_aliases
    flagged = [i for i, m in enumerate(mentions) if m.person_key is None and _lookup_key(doc[m.start:m.end].text) in ctx]
    if not flagged:
        return
    evidence = {m.country for i, m in enumerate(mentions) if m.country and i not in flagged}
    for i in flagged:
        m = mentions[i]
        text = normalize_name(_strip_article(doc[m.start:m.end].text))
        if ctx[text.lower()] not in evidence:
            mentions[i] = replace(m, actor=_display_case(text), country=None, source="ner" if m.entity_label else "lexicon")


def _capitals_as_places(ref: ActorReference, doc: Doc, mentions: list[Mention]) -> None:
    """A capital after "in"/"to" names the place, unless its country is otherwise an actor here."""
    capital_idx = []
    others: set[str] = set()
    for i, m in enumerate(mentions):
        text = doc[m.start:m.end].text
        if m.actor_type == "country" and ref.capital(text) and not ref.country(text):
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
