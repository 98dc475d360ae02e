"""The resolver: one pass over an article, in phases, from spaCy's entities to actor rows.

Phases run in order and share one ``ArticleState``; a token a mention takes is not taken again, so
earlier phases win: persons and their title phrases first, then other entities, then names from the
reference data the model did not tag.
"""
from __future__ import annotations

from pathlib import Path

import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from news_intel.nlp.actors.entities import candidate_entities
from news_intel.nlp.actors.entity_types import (
    _administration,
    _aliases_out_of_context,
    _capitals_as_places,
    _entity_kind,
    _is_known_place,
    _leading_alias_tokens,
    _lone_name_not_a_person,
    resolve_name,
)
from news_intel.nlp.actors.names import (
    _clean_tokens,
    _noun_phrase_start,
    _strip_article,
    caption_credit_tokens,
    normalize_name,
)
from news_intel.nlp.actors.persons import (
    PersonCluster,
    _cluster,
    _implicit_surname_clusters,
    _match_cluster,
    _mention_gender,
    _note_mention,
    _person_tokens,
)
from news_intel.nlp.actors.reference import ActorReference, load_reference
from news_intel.nlp.actors.state import ArticleState, Mention
from news_intel.nlp.actors.titles import (
    _countries_from_office,
    _extend_title,
    _possessor_country,
    _split_title_run,
    _title_before,
    _title_run_left,
    _title_run_right,
)
from news_intel.nlp.structure import sentence_index

# (role, country) of each person span, from the title phrases around it.
PersonAttrs = dict[tuple[int, int], tuple[str | None, str | None]]


class ActorResolver:
    """Resolves the actor mentions of one document per call; holds only reference data and the matcher,
    so one resolver serves any number of documents."""

    def __init__(self, nlp: Language, reference_dir: str | Path | None):
        self.ref = load_reference(str(reference_dir) if reference_dir else None)
        self.matcher = reference_name_matcher(nlp, self.ref)

    def __call__(self, doc: Doc) -> list[dict]:
        ref = self.ref
        state = ArticleState.start(doc, blocked=caption_credit_tokens(doc))
        ents = candidate_entities(ref, state)
        person_spans = introduce_persons(ref, state, ents)
        person_attrs = read_title_phrases(ref, state, person_spans)
        _implicit_surname_clusters(ref, doc, state.clusters)
        match_person_mentions(ref, state, ents, person_attrs)
        match_untagged_names(ref, state)
        resolve_other_entities(ref, state, ents)
        add_reference_names(ref, state, self.matcher)
        _capitals_as_places(ref, doc, state.mentions)
        _aliases_out_of_context(ref, doc, state.mentions)
        return actor_rows(ref, state)


def reference_name_matcher(nlp: Language, ref: ActorReference) -> PhraseMatcher:
    """Every capitalised alias, country name, demonym and capital, to find names the model did not tag."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    phrases: set[str] = set()
    phrases.update(a for a in ref.alias_exact if len(a) > 1)
    phrases.update(ref.country_names.values())
    for c in pycountry.countries:
        phrases.add(getattr(c, "common_name", None) or c.name)
    for d in ref.demonyms:
        cap = d.title() if d.islower() else d
        phrases.update({cap, cap + "s"} if not cap.endswith(("s", "ese", "sh", "ch")) else {cap})
    phrases.update(r.title() for r in ref.capitals)
    matcher.add("ACTOR_NAME", [nlp.make_doc(p) for p in sorted(phrases) if p and p[0].isupper()])
    return matcher


# -- 1. persons introduced by full name --------------------------------------------------------
def introduce_persons(ref: ActorReference, state: ArticleState, ents: list[Span]) -> list[tuple[int, int]]:
    """Cluster the full names of PERSON entities; returns every person span (name words only)."""
    doc, clusters = state.doc, state.clusters
    person_spans: list[tuple[int, int]] = []
    for e in ents:
        if e.label_ != "PERSON" or state.blocked[e.start]:
            continue
        s, t, toks = _person_tokens(ref, doc, e.start, e.end)
        if not toks:
            continue
        if len(toks) >= 2 and all(x[:1].isupper() for x in toks):
            idx = _cluster(ref, clusters, toks, s, doc[s:t].text)
            c = clusters[idx]
            c.gender = c.gender or _mention_gender(ref, doc, s, toks)
            c.positions.append(s)
        person_spans.append((s, t))
    return person_spans


# -- 2. title phrases around persons -------------------------------------------------------------
def read_title_phrases(ref: ActorReference, state: ArticleState, person_spans: list[tuple[int, int]]) -> PersonAttrs:
    """Roles, countries and affiliations from the title phrases around each person; fragments inside
    the phrases are absorbed."""
    doc, clusters = state.doc, state.clusters
    person_attrs: PersonAttrs = {}
    for s, t in person_spans:
        if s >= t:
            continue
        role, country = _title_phrase_attrs(ref, state, s, t)
        person_attrs[(s, t)] = (role, country)
        toks = _name_words(doc, s, t)
        if role and len(toks) >= 2:
            idx = _match_cluster(ref, clusters, toks, s, allow_single=False)
            if idx is not None:
                clusters[idx].titles.update(w.lower().rstrip(".") for w in role.split())
    return person_attrs


def _name_words(doc: Doc, s: int, t: int) -> list[str]:
    return [x.text for x in doc[s:t] if x.text not in {".", "-"} and not x.is_space]


def _title_phrase_attrs(ref: ActorReference, state: ArticleState, s: int, t: int) -> tuple[str | None, str | None]:
    """(role, country) of the person at ``doc[s:t]`` from the title phrases before and after the name."""
    doc = state.doc
    role, country = None, None
    runs = [(_title_run_left(ref, doc, s), s), _title_run_right(ref, doc, t)]
    if runs[0][0] == s and s > 1 and doc[s - 1].text == ",":
        # "China's new defense minister, Li Shangfu": a possessed title before the comma.
        k = _title_run_left(ref, doc, s - 1)
        if k < s - 1 and _possessor_country(ref, doc, k):
            runs[0] = (k, s - 1)
    for (rs, re_) in runs:
        if rs >= re_:
            continue
        r_role, r_country = _split_title_run(ref, state, rs, re_)
        if role is None or (r_role and r_role[:1].isupper() and not role[:1].isupper()):
            role = r_role or role
        country = country or r_country or _possessor_country(ref, doc, rs)
    return role, country


# -- 3. person mentions --------------------------------------------------------------------------
def match_person_mentions(ref: ActorReference, state: ArticleState, ents: list[Span], person_attrs: PersonAttrs) -> None:
    """Full names, variants, surnames (whatever spaCy's label) and honorific + name, as person mentions."""
    doc, clusters = state.doc, state.clusters
    for e in ents:
        if state.blocked[e.start] or state.absorbed[e.start]:
            continue
        s, t, toks = _person_tokens(ref, doc, e.start, e.end)
        if not toks:
            continue
        gender, title = _title_before(ref, doc, s) if len(toks) == 1 else (None, None)
        cluster_idx = _person_of_entity(ref, state, e, s, t, toks, gender, title)
        if cluster_idx is None:
            continue
        if e.label_ == "PERSON" and _administration(state, t, e, toks):
            continue
        role, country = person_attrs.get((s, t), (None, None))
        s2 = _extend_title(ref, doc, s, toks)
        if s2 < s and role is None and ref.is_title_word(doc[s2].text):
            role = doc[s2].text
        from_rule = (e.start, e.end) in state.rule_spans
        source = "name_match" if from_rule or (len(toks) == 1 and e.label_ != "PERSON") else "ner"
        if state.add(Mention(s2, t, "", "person", country, source, None if from_rule else e.label_, role, cluster_idx)):
            _note_mention(clusters[cluster_idx], s, title if len(toks) == 1 else None)


def _person_of_entity(
    ref: ActorReference, state: ArticleState, e: Span, s: int, t: int, toks: list[str],
    gender: str | None, title: str | None,
) -> int | None:
    """The cluster the entity's name words refer to; a PERSON entity nobody explains starts a new person
    unless it is an administration, an organization or a place (recorded as such). None: no person."""
    doc, clusters = state.doc, state.clusters
    cluster_idx = _match_cluster(
        ref, clusters, toks, s, allow_single=e.label_ == "PERSON" or not _is_known_place(ref, toks),
        doc=doc, end=t, gender=gender, title=title,
    )
    if cluster_idx is None and e.label_ == "PERSON":
        if len(toks) == 1 or not all(x[:1].isupper() for x in toks):
            if _administration(state, t, e, toks):
                return None
        if len(toks) == 1 and gender is None and title is None and _lone_name_not_a_person(ref, state, s, t, e.label_):
            return None
        clusters.append(PersonCluster(toks, s, text=doc[s:t].text, gender=gender or _mention_gender(ref, doc, s, toks)))
        cluster_idx = len(clusters) - 1
    return cluster_idx


def match_untagged_names(ref: ActorReference, state: ArticleState) -> None:
    """Untagged surnames and honorific + name ("Mr Smith") the model missed."""
    doc, clusters = state.doc, state.clusters
    taken, blocked, absorbed = state.taken, state.blocked, state.absorbed
    n = len(doc)
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
        gender, title = _title_before(ref, doc, i)
        idx = _match_cluster(ref, clusters, [tok.text], i, allow_single=True, doc=doc, end=i + 1, gender=gender, title=title)
        if idx is None and prev_honorific:
            clusters.append(PersonCluster([tok.text], i, text=tok.text, gender=gender))
            idx = len(clusters) - 1
        if idx is None:
            continue
        s2 = _extend_title(ref, doc, i, [tok.text])
        if state.add(Mention(s2, i + 1, "", "person", None, "name_match", None, None, idx)):
            _note_mention(clusters[idx], i, title)


# -- 4. everything else spaCy tagged -------------------------------------------------------------
def resolve_other_entities(ref: ActorReference, state: ArticleState, ents: list[Span]) -> None:
    """Organizations, countries, places, events and groups among the entities the person phases left."""
    doc = state.doc
    n = len(doc)
    ent_by_start = {e.start: e for e in ents}
    for e in ents:
        if state.blocked[e.start] or state.absorbed[e.start] or e.label_ == "PERSON":
            continue
        s, t = _clean_tokens(doc, e.start, e.end)
        if not state.free(s, t):
            continue
        if e.label_ == "ORG" and t < n - 2 and doc[t].lower_ == "in" and doc[t - 1].lower_ in ref.located_org_heads:
            nxt = ent_by_start.get(t + 1)
            if nxt is not None and nxt.label_ == "GPE":
                t = nxt.end
        text = doc[s:t].text
        label = _entity_kind(ref, state, s, t, e.label_)
        if label is None:
            continue
        actor = resolve_name(ref, text, label)
        if actor is None:
            # A title fragment tagged as an ORG may still open with a real organization.
            hit, k = _leading_alias_tokens(ref, doc, s, t)
            if hit is not None:
                state.add(Mention(s, s + k, hit.name, hit.actor_type, hit.country, "alias", e.label_))
            continue
        source = "ner" if normalize_name(_strip_article(text)) == actor.name else "alias"
        country = actor.country
        if country is None and actor.actor_type == "organization" and s >= 2 and doc[s - 1].text == ",":
            # "Russia's largest arms exporter, Rosoboronexport": the possessor is the country.
            country = _possessor_country(ref, doc, _noun_phrase_start(doc, s - 1))
        state.add(Mention(s, t, actor.name, actor.actor_type, country, source, e.label_))


# -- 5. names from the reference data the model did not tag ----------------------------------------
def add_reference_names(ref: ActorReference, state: ArticleState, matcher: PhraseMatcher) -> None:
    """Demonyms, aliases and countries the model did not tag, unless inside a longer untagged name."""
    doc = state.doc
    n = len(doc)
    for _, s, t in matcher(doc):
        if not state.free(s, t) or state.blocked[s] or state.absorbed[s]:
            continue
        if doc[s].is_sent_start is False and doc[s - 1].text[:1].isupper() and doc[s - 1].pos_ == "PROPN":
            continue  # inside a longer untagged name
        if t < n and doc[t].pos_ == "PROPN" and doc[t].text[:1].isupper():
            continue
        actor = resolve_name(ref, doc[s:t].text, None)
        if actor is not None:
            state.add(Mention(s, t, actor.name, actor.actor_type, actor.country, "lexicon", None))


# -- rows ---------------------------------------------------------------------------------------------
def actor_rows(ref: ActorReference, state: ArticleState) -> list[dict]:
    """One row per mention, in text order; a person mention carries its person's name, role and country."""
    doc, mentions, clusters = state.doc, state.mentions, state.clusters
    sent_idx = sentence_index(doc)
    # Role and country are attributes of the person: share the first stated ones across the article.
    for m in mentions:
        if m.person_key is not None:
            c = clusters[m.person_key]
            c.role = c.role or m.role
            c.country = c.country or m.country
    _countries_from_office(ref, mentions, clusters)
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
