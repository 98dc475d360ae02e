"""The entities the resolver works from: spaCy's, joined where the model split a name and relabelled
where the reference data or the article says better ("Vince Cable" tagged ORG is a person)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.actors.entity_types import _is_known_place, _not_a_person, resolve_name
from news_intel.nlp.actors.names import normalize_name
from news_intel.nlp.actors.reference import ActorReference
from news_intel.nlp.actors.state import ArticleState
from news_intel.nlp.structure import DASHES, doc_entities, token_texts

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}
POSSESSIVES = {"'s", "’s", "'", "’"}


def candidate_entities(ref: ActorReference, state: ArticleState) -> list[Span]:
    """Actor-like entities of the article in text order; records ``state.word_labels`` and
    ``state.rule_spans`` on the way."""
    doc = state.doc
    ents = _consistent_person_labels(_split_at_spaced_dashes(doc_entities(doc)))
    ents = [e for e in ents if e.label_ in ACTOR_LABELS]
    for e in ents:
        if len(e) == 1:
            state.word_labels.setdefault(e.text, set()).add(e.label_)
    ents = _merge_adjacent(ref, doc, ents)
    ents = _relabel_persons(ref, doc, ents)
    ents = [_given_name_person(ref, doc, e) for e in ents]
    ents += _untagged_names_after_titles(ref, state, ents)
    ents.sort(key=lambda e: e.start)
    return ents


def _split_at_spaced_dashes(ents) -> list[Span]:
    """A dash with a space on either side ends a name: the model runs a dateline or an aside into it
    ("CLEVELAND - Donald Trump", "Deborah Reynolds - Santilli's girlfriend -"); each side is an entity of
    the label, less the dashes (a hyphen inside a name, "Bank-Lowe", has no spaces)."""
    out = []
    for e in ents:
        cuts = [t.i for t in e if t.text in DASHES and t.whitespace_ and t.i > 0 and t.doc[t.i - 1].whitespace_]
        if not cuts:
            out.append(e)
            continue
        for start, end in zip([e.start] + [k + 1 for k in cuts], cuts + [e.end]):
            if any(ch.isalnum() for t in e.doc[start:end] for ch in t.text):
                out.append(Span(e.doc, start, end, label=e.label_))
    return out


def _consistent_person_labels(ents) -> list[Span]:
    """A full name the model tags PERSON somewhere in the article is a person wherever it stands: the
    small model calls "Ivanka Trump" a PRODUCT in one sentence and a PERSON in the next."""
    people = {e.text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    return [
        Span(e.doc, e.start, e.end, label="PERSON") if e.label_ not in ("PERSON", "DATE", "TIME", "CARDINAL") and e.text in people else e
        for e in ents
    ]


def _merge_adjacent(ref: ActorReference, doc: Doc, ents: list[Span]) -> list[Span]:
    """Join pieces the model split: LOCs ("South-east" + "Asia") and known names ("Liberal" + "Democrats")."""
    out: list[Span] = []
    for e in ents:
        # An untagged capitalised word before the entity completes a known name ("Liberal" Democrats).
        for k in (1, 2):
            s = e.start - k
            if s < 0 or (out and out[-1].end > s) or not all(t.text[:1].isupper() for t in doc[s:e.start]):
                continue
            hit = ref.alias(doc[s:e.end].text)
            if hit is not None and hit.actor_type != "country":
                e = Span(doc, s, e.end, label="ORG" if hit.actor_type == "organization" else e.label_)
                break
        if out and out[-1].end == e.start and out[-1].label_ == e.label_ == "LOC":
            out[-1] = Span(doc, out[-1].start, e.end, label=e.label_)
        elif out and out[-1].end == e.start and ref.alias(doc[out[-1].start:e.end].text) is not None:
            hit = ref.alias(doc[out[-1].start:e.end].text)
            label = {"country": "GPE", "location": "LOC", "event": "EVENT", "person": "PERSON"}.get(hit.actor_type, "ORG")
            out[-1] = Span(doc, out[-1].start, e.end, label=label)
        else:
            out.append(e)
    return out


def _relabel_persons(ref: ActorReference, doc: Doc, ents: list[Span]) -> list[Span]:
    """PERSON entities the reference data knows as something else become ORGs (moved to the end; the
    caller sorts); an ORG whose surname the article uses with an honorific ("Vince Cable" / "Mr
    Cable") becomes a PERSON."""
    owners = _organization_owners(ref, doc, ents)

    def not_a_person(e: Span) -> bool:
        return e.label_ == "PERSON" and (normalize_name(e.text) in owners or _not_a_person(ref, e.text))

    ents = [e for e in ents if not not_a_person(e)] + [Span(doc, e.start, e.end, label="ORG") for e in ents if not_a_person(e)]
    words = token_texts(doc)
    honorific_names = {words[i + 1] for i in range(len(words) - 1) if ref.is_honorific(words[i])} | {
        words[i + 2] for i in range(len(words) - 2) if ref.is_honorific(words[i]) and words[i + 1] == "."
    }
    return [
        Span(doc, e.start, e.end, label="PERSON")
        if e.label_ == "ORG" and 2 <= len(e) <= 3 and e[-1].text in honorific_names
        and all(t.text[:1].isupper() for t in e) and not resolve_name(ref, e.text, None)
        else e
        for e in ents
    ]


def _organization_owners(ref: ActorReference, doc: Doc, ents: list[Span]) -> set[str]:
    """Names tagged PERSON that the article gives what only organizations have ("Manchester United's
    board", "Sandvine's shareholders"), and that open with no given name: organizations, wherever they
    stand in the article."""
    owners = set()
    for e in ents:
        if e.label_ != "PERSON" or e[0].lower_ in ref.given_gender:
            continue
        # The model keeps the possessive inside the entity as often as outside it.
        k = e.end - 1 if e[-1].lower_ in POSSESSIVES else e.end
        if k + 1 < len(doc) and doc[k].lower_ in POSSESSIVES and doc[k + 1].lower_ in ref.org_possessions:
            owners.add(normalize_name(e.text))
    return owners


def _given_name_person(ref: ActorReference, doc: Doc, e: Span) -> Span:
    """"Lester Holt" tagged ORG: two or three capitalised words opening with a given name from
    ``given_names.csv``, and no organization word or known name, are a person. A given name the
    model left outside a PERSON ("Ivanka" + "Trump") joins it."""
    if e.label_ == "PERSON" and e.start > 0:
        prev = doc[e.start - 1]
        if prev.ent_type_ == "" and prev.text[:1].isupper() and (
            prev.text.lower() in ref.given_gender or _first_of_three_names(ref, prev, e)
        ):
            return Span(doc, e.start - 1, e.end, label="PERSON")
        return e
    if e.label_ not in ("ORG", "GPE", "FAC") or not 2 <= len(e) <= 3:
        return e
    words = [t.text for t in e]
    if not all(w[:1].isupper() and w.replace(".", "").replace("'", "").replace("-", "").isalpha() for w in words):
        return e
    if words[0].lower() not in ref.given_gender or words[-1].rstrip(".") in ref.org_suffixes:
        return e
    if any(w.lower() in ref.type_heads or w.lower() in ref.org_apposition_heads for w in words):
        return e
    if ref.alias(e.text) or any(ref.country_or_demonym(w) or ref.alias(w) for w in words):
        return e
    return Span(doc, e.start, e.end, label="PERSON")


def _first_of_three_names(ref: ActorReference, prev: Token, e: Span) -> bool:
    """"Rhodri Glyn Thomas" tagged PERSON from "Glyn": a capitalised word the parse makes part of a
    two-word name, and that is no title, honorific, party, place or nationality, opens the name."""
    if len(e) != 2 or prev.pos_ != "PROPN" or prev.dep_ != "compound" or not e.start <= prev.head.i < e.end:
        return False
    word = prev.text
    if not word.isalpha() or word.isupper() or ref.is_title_word(word) or ref.is_honorific(word):
        return False
    return not (ref.alias(word) or ref.country_or_demonym(word) or _not_a_person(ref, word))


def _untagged_names_after_titles(ref: ActorReference, state: ArticleState, ents: list[Span]) -> list[Span]:
    """Capitalised names the model left untagged right after a title ("counterpart Ng Eng Hen")."""
    doc = state.doc
    in_ent = [False] * len(doc)
    for e in ents:
        for k in range(e.start, e.end):
            in_ent[k] = True
    found, i = [], 1
    words = token_texts(doc)
    while i < len(doc):
        if in_ent[i] or not ref.is_title_word(words[i - 1]) or doc[i].pos_ != "PROPN":
            i += 1
            continue
        k = i
        while k < len(doc) and k - i < 4 and not in_ent[k] and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() \
                and doc[k].text[:1].isalpha() and not ref.is_title_word(doc[k].text):
            k += 1
        if k - i >= 2 and not _is_known_place(ref, [t.text for t in doc[i:k]]):
            found.append(Span(doc, i, k, label="PERSON"))
            state.rule_spans.add((i, k))
        i = max(k, i + 1)
    return found
