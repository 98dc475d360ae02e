"""Title phrases around person names: "US Defence Secretary Lloyd Austin", "Li Shangfu, China's
defence minister", "Mr Chollet".

A title phrase gives the person a role and, through a country or organization inside it or the
possessor before it, a country; the fragments spaCy tags inside it are absorbed, not actors.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from news_intel.nlp.actors.entity_types import _leading_alias_tokens, _leading_country_tokens, resolve_name
from news_intel.nlp.actors.names import DETERMINERS, _label_at, _prev_word, _strip_article, normalize_name
from news_intel.nlp.actors.reference import ActorReference
from news_intel.nlp.actors.state import ArticleState, Mention
from news_intel.nlp.structure import doc_entities, token_texts

if TYPE_CHECKING:  # for type hints only: persons imports this module
    from news_intel.nlp.actors.persons import PersonCluster

# Words that may sit inside a title phrase between capitalised words ("Secretary of State").
TITLE_CONNECTORS = {"of", "for", "-", "on"}


def _title_run_left(ref: ActorReference, doc: Doc, end: int) -> int:
    """Start of the title phrase ending just before token ``end`` ("US Defence Secretary").

    The phrase ends in a title word ("Defence Secretary") or in a title word's object
    ("Secretary of State", "Minister for Foreign Affairs"); lowercase nouns may join it
    ("Pentagon spokesman"), determiners, verbs and other names end it.
    """
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


def _title_run_right(ref: ActorReference, doc: Doc, start: int) -> tuple[int, int]:
    """An appositive title after a name: ", the US State Department Counsellor" -> token range."""
    i = start
    if i >= len(doc) or doc[i].text != ",":
        return start, start
    i += 1
    if i < len(doc) and doc[i].lower_ in DETERMINERS:
        i += 1
    # ", China's defence minister": the possessor is read by _possessor_country, not the role.
    for k in (1, 2):
        if i + k < len(doc) and doc[i + k].lower_ in {"'s", "’s"} and ref.country_or_demonym(doc[i:i + k].text):
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


def _split_title_run(ref: ActorReference, state: ArticleState, rs: int, re_: int) -> tuple[str | None, str | None]:
    """Split a title phrase into [organization or country] + role; returns (role, country)."""
    doc, blocked, add, absorbed = state.doc, state.blocked, state.add, state.absorbed
    pos, country = _opening_organization(ref, state, rs, re_)
    hit, k = _leading_alias_tokens(ref, doc, pos, re_) if pos == rs else (None, 0)
    if hit is not None and pos + k < re_:
        if not blocked[pos]:
            add(Mention(pos, pos + k, hit.name, hit.actor_type, hit.country, "alias", _label_at(doc, pos, pos + k)))
        country = hit.country
        pos += k
    elif pos == rs:
        a3, k = _leading_country_tokens(ref, doc, pos, re_)
        if a3 and pos + k < re_:
            actor = ref.country_name(a3)
            if not blocked[pos]:
                add(Mention(pos, pos + k, actor, "country", a3, "alias", _label_at(doc, pos, pos + k)))
            country = a3
            pos += k
            hit, k = _leading_alias_tokens(ref, doc, pos, re_)
            if hit is not None and pos + k < re_:
                add(Mention(pos, pos + k, hit.name, hit.actor_type, hit.country, "alias", _label_at(doc, pos, pos + k)))
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


def _opening_organization(ref: ActorReference, state: ArticleState, rs: int, re_: int) -> tuple[int, str | None]:
    """An organization opening the phrase ("Chinese Defense Ministry spokesman"), recorded as a mention:
    (where the rest of the phrase starts, the organization's country)."""
    doc = state.doc
    for e in doc_entities(doc):
        if e.start == rs and e.end < re_ and e.label_ in ("ORG", "FAC") and not ref.is_title_word(doc[e.end - 1].text):
            if len(e) == 1 and any(len(c.name_tokens) >= 2 and c.last == e.text for c in state.clusters):
                # "Trump campaign spokesman": the surname is the person; the mention pass takes it.
                return e.end, None
            actor = resolve_name(ref, e.text, e.label_)
            if actor is not None and actor.actor_type != "country":
                if not state.blocked[rs]:
                    src = "ner" if normalize_name(_strip_article(e.text)) == actor.name else "alias"
                    state.add(Mention(rs, e.end, actor.name, actor.actor_type, actor.country, src, e.label_))
                return e.end, actor.country
    return rs, None


def _possessor_country(ref: ActorReference, doc: Doc, start: int) -> str | None:
    """"China's new defense minister": the possessor of a title phrase starting at ``start`` is the
    person's country (adjectives such as "new" may sit between)."""
    j = start - 1
    while j >= 1 and doc[j].pos_ == "ADJ" and doc[j].text.islower():
        j -= 1
    if j >= 1 and doc[j].lower_ in {"'s", "’s"}:
        for k in (2, 1):
            if j - k >= 0 and doc[j - k].text[:1].isupper():
                a3 = ref.country_or_demonym(doc[j - k:j].text)
                if a3:
                    return a3
    return None


def _title_before(ref: ActorReference, doc: Doc, s: int) -> tuple[str | None, str | None]:
    """(gender, title word) of an honorific or title right before a name ("Mrs Clinton", "President Obama")."""
    j = _prev_word(doc, s)
    if j is None:
        return None, None
    word = token_texts(doc)[j]
    if not word[:1].isupper():
        return None, None
    if ref.is_honorific(word) or ref.is_title_word(word):
        return ref.word_gender(word), word.lower().rstrip(".")
    return None, None


def _extend_title(ref: ActorReference, doc: Doc, s: int, toks: list[str]) -> int:
    """Start of the mention including an honorific ("Mr Chollet") or, for a bare surname, a title."""
    j = s - 1
    if j >= 0 and doc[j].text == "." and j > 0:
        j -= 1
    if j < 0:
        return s
    if ref.is_honorific(doc[j].text) and doc[j].text[:1].isupper():
        return j
    if len(toks) == 1 and doc[j].text[:1].isupper() and ref.is_title_word(doc[j].text):
        return j
    return s


def _countries_from_office(ref: ActorReference, mentions: list[Mention], clusters: list[PersonCluster]) -> None:
    """A person whose title names an office only a few countries have ("Defense Secretary": US or
    UK, per ``office_countries.csv``) is of the one such country the article speaks of, if exactly one.

    Evidence is every country, organization or place mention with a country; nothing is guessed when
    the article mentions none or several of the candidates.
    """
    evidence = {m.country for m in mentions if m.person_key is None and m.country}
    for c in clusters:
        if c.country or not c.role:
            continue
        heads = [w.lower().rstrip(".") for w in c.role.split() if ref.is_title_word(w)]
        if not heads:
            continue
        candidates = ref.office_countries.get(heads[-1]) or ref.office_countries.get(heads[0])
        if candidates:
            found = candidates & evidence
            if len(found) == 1:
                c.country = next(iter(found))
