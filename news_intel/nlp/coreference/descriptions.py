"""Noun phrases that refer to an actor without naming it: role nouns, organization nouns, documents and
descriptions of unnamed people.

- A role noun ("the chancellor", "the foreign secretary") is the latest person given that title,
  preferring one whose title holds every word of the description, never one whose title adds a word that
  makes it another office ("shadow", "deputy", "former");
- an organization noun ("the firm", "the bank") is the organization the article has spoken of most so
  far, preferring one whose name holds the noun; a body every country has ("the government") is only
  resolved when a name qualifies it ("the Saudi government");
- a document ("the report", "the statement") is the organization that issued it;
- a person's entourage ("Trump's campaign", "her staff", "the Clinton campaign") is an organization of its
  own, named after the person it speaks for, so that a later "it" or "they" can refer back to it;
- an indefinite description of a person who speaks ("a Labour Party spokesman") is itself the actor,
  for later pronouns and role nouns to refer back to.
An appositive name ("The new President, Viktor Yushchenko,") always wins.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from news_intel.nlp.coreference.salience import clause_rank
from news_intel.nlp.coreference.state import DESCRIPTION_WINDOW, GROUP_TYPES, SUBJECT_DEPS, ArticleState
from news_intel.nlp.people import PersonLexicon
from news_intel.nlp.structure import apposition_words

NP_MODIFIER_DEPS = ("compound", "amod", "nmod", "poss")
# Prepositions whose phrase belongs to a description ("a spokesman for the council").
DESCRIPTION_PREPS = ("for", "of", "at", "from")


def noun_phrase(tok: Token) -> tuple[int, int, list[Token]]:
    """Token range of the noun phrase headed by ``tok`` (determiner and pre-modifiers) and its modifiers."""
    start = tok.i
    modifiers = []
    for c in tok.lefts:
        if c.dep_ in ("det", *NP_MODIFIER_DEPS):
            start = min(start, c.left_edge.i)
            if c.dep_ != "det":
                modifiers.extend(t for t in c.subtree if t.is_alpha)
    return start, tok.i + 1, modifiers


def indefinite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in tok.lefts)


def definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.lefts) or any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.lefts
    )


def appositive_name(state: ArticleState, tok: Token, actor_types: tuple[str, ...] = ("person",)) -> Span | None:
    """The name in apposition to ``tok``: the apposition's own, or the one before the letters after a
    name that the parser made the apposition's head ("the Tory finance spokesman, Brian Monteith MSP,")."""
    for t in apposition_words(tok):
        m = state.name_at[t.i]
        if m is not None and m._.actor_type in actor_types:
            return m
    return None


def described_by_name(state: ArticleState, tok: Token) -> Span | None:
    """A name modifying the noun ("the Saudi government", "the Labour party") says which one it is."""
    for c in tok.lefts:
        if c.dep_ in NP_MODIFIER_DEPS:
            m = state.name_at[c.i]
            if m is not None:
                return m
            if c.pos_ == "PROPN":
                return c.doc[c.i:c.i + 1]
    return None


def resolve_role_noun(state: ArticleState, tok: Token, lexicon: PersonLexicon) -> None:
    start, end, modifiers = noun_phrase(tok)
    appositive = appositive_name(state, tok)
    if appositive is not None:
        state.add(start, end, "role_noun", appositive._.actor, "person", appositive.start_char,
                  appositive._.country, appositive._.role)
        return
    head = tok.lemma_.lower()
    words = {head, *(t.lower_ for t in modifiers)}
    best, best_key = None, None
    descriptions = [m for m in state.descriptions if m.end_char <= tok.idx]
    for m in state.earlier_names(tok, ("person",)) + descriptions:
        titles = {w.lower().strip(".,") for w in (m._.role or "").split()} | {t.lower_ for t in m}
        if head not in titles or any(lexicon.is_title_modifier(w) and w not in words for w in titles):
            continue
        key = (len(words & titles), m.start_char)
        if best_key is None or key > best_key:
            best, best_key = m, key
    if best is None:
        state.add(start, end, "role_noun", None, "person", None, role=state.doc[start:end].text)
        return
    state.add(start, end, "role_noun", best._.actor, "person", best.start_char, best._.country, best._.role)
    state.note(tok, best._.actor, "person", clause_rank(tok, state.cues))


def resolve_body_noun(state: ArticleState, tok: Token, lexicon: PersonLexicon) -> None:
    """"the firm", "the Saudi government": an organization noun or a state body; an appositive name wins
    over a nationality before the noun ("The Israeli newspaper Haaretz" is Haaretz, not Israel)."""
    lemma = tok.lemma_.lower()
    appositive = appositive_name(state, tok, (*GROUP_TYPES, "person"))
    if appositive is not None:
        start, end, _ = noun_phrase(tok)
        state.add(start, end, "organization_noun", appositive._.actor, "organization", appositive.start_char)
        return
    described = described_by_name(state, tok)
    if described is None:
        if lemma in lexicon.organization_nouns and tok.tag_ != "NNS":
            resolve_organization_noun(state, tok)
    elif described._.actor_type == "country":
        # "the Saudi government", "the French army": the country's own body, not an earlier one.
        start, end, _ = noun_phrase(tok)
        state.add(start, end, "organization_noun", described._.actor, "country", described.start_char, described._.country)


def resolve_organization_noun(state: ArticleState, tok: Token) -> None:
    start, end, _ = noun_phrase(tok)
    head = tok.lemma_.lower()
    candidates = state.earlier_names(tok, ("organization",))
    named = [m for m in candidates if head in m._.actor.lower().split()]
    pool = named or candidates
    if not pool:
        state.add(start, end, "organization_noun", None, "organization", None)
        return
    last_seen = {m._.actor: m for m in pool}
    best = max(last_seen.values(), key=lambda m: (state.org_counts.get(m._.actor, 0), m.start_char))
    state.add(start, end, "organization_noun", best._.actor, "organization", best.start_char, best._.country)
    state.note(tok, best._.actor, "organization", clause_rank(tok, state.cues))


def person_served(state: ArticleState, tok: Token) -> Span | None:
    """The person an entourage noun belongs to: "Trump's campaign", "her staff", "the Clinton campaign"."""
    for c in tok.lefts:
        if c.dep_ in ("poss", "compound"):
            m = state.name_at[c.i] or state.resolved_at(c, kinds=("pronoun",))
            if m is not None and m._.actor_type == "person" and m._.actor:
                return m
    return None


def resolve_entourage(state: ArticleState, tok: Token) -> bool:
    """Add "<person> campaign" for a person's campaign, staff or team; False when no person owns it."""
    served = person_served(state, tok)
    if served is None:
        return False
    start, end, _ = noun_phrase(tok)
    actor = f"{served._.actor} {tok.lemma_.lower()}"
    state.add(start, end, "organization_noun", actor, "organization", served.start_char, served._.country)
    state.note(tok, actor, "organization", clause_rank(tok, state.cues))
    return True


def resolve_document(state: ArticleState, tok: Token) -> None:
    """"a statement released by Singapore" names its issuer; "the statement" refers back to one."""
    is_definite = definite(tok)
    start, end, _ = noun_phrase(tok)
    issuer = issuer_of(state, tok) or (issuer_where_introduced(state, tok) if is_definite else None)
    if issuer is None and not is_definite:
        return
    if issuer is None:
        state.add(start, end, "document", None, "document", None)
        return
    state.add(start, end, "document", issuer._.actor, issuer._.actor_type, issuer.start_char, issuer._.country)


def issuer_of(state: ArticleState, noun: Token) -> Span | None:
    """The author a document noun names: "X's report", "the X report", "a report by X", "a statement
    released by X", "a letter from X", "its report"; or the subject of "X published a report"."""
    for t in noun.subtree:
        authored = (t.head.i == noun.i and t.dep_ in ("poss", "compound", "nmod")) or (
            t.dep_ == "pobj" and t.head.lower_ in ("by", "from")
        )
        if authored:
            m = state.name_at[t.i] or state.resolved_at(t, kinds=("pronoun",))
            if m is not None and m._.actor_type in (*GROUP_TYPES, "person"):
                return m
    verb = noun.head
    if noun.dep_ in ("dobj", "attr") and verb.pos_ == "VERB":
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                # "Rubio's campaign sent out a press release": a subject coreference resolved issues it too.
                m = state.name_at[c.i] or state.resolved_at(c)
                if m is not None and m._.actor_type in GROUP_TYPES:
                    return m
    return None


def issuer_where_introduced(state: ArticleState, noun: Token) -> Span | None:
    """The issuer stated where the article first spoke of a document of this kind."""
    doc, lemma = state.doc, noun.lemma_.lower()
    for t in doc[: noun.i]:
        if t.lemma_.lower() == lemma and t.pos_ == "NOUN" and noun.idx - t.idx <= DESCRIPTION_WINDOW:
            issuer = issuer_of(state, t)
            if issuer is not None:
                return issuer
    return None


def add_description(state: ArticleState, tok: Token, lexicon: PersonLexicon) -> None:
    """An unnamed person the article describes: the description is the speaker."""
    start, end = tok.left_edge.i, tok.i + 1
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in DESCRIPTION_PREPS:
            end = c.right_edge.i + 1
    while end > start + 1 and state.doc[end - 1].is_punct:
        end -= 1
    span = state.doc[start:end]
    text = span.text
    if span[0].lower_ in ("a", "an", "the", "one", "another") and span[0].text[:1].isupper():
        text = span[0].lower_ + text[len(span[0].text):]
    gender = lexicon.word_gender(tok.text)
    if gender:
        state.genders.setdefault(text, gender)
    state.add(start, end, "description", text, "person", None)
    state.note(tok, text, "person", clause_rank(tok, state.cues))
