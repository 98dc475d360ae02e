"""Third-person pronouns to the most salient earlier actor that agrees with them.

Candidates are the actors mentioned in the last few paragraphs, outside quotation marks (a name inside a
quotation is what its speaker talks about), inside the pronoun's own quotation, or inside an excerpt of a
written text the article quotes (its narrative, see ``state.excerpt_quotations``). Among those agreeing in
gender and number, the latest prominent one wins (see ``salience``); a pronoun subject of a reported
clause defaults to the subject of the clause that reports it ("the PRC informed the US that they ...").
"""
from __future__ import annotations

from spacy.tokens import Token

from news_intel.nlp.coreference.state import GROUP_TYPES, PRONOUN_WINDOW, SUBJECT_DEPS, ArticleState, Salient
from news_intel.nlp.coreference.salience import clause_rank
from news_intel.nlp.people import Pronoun, person_lexicon


def agrees(state: ArticleState, e: Salient, pronoun: Pronoun) -> bool:
    if pronoun.personal:
        return e.actor_type == "person" and state.genders.get(e.actor, pronoun.gender) == pronoun.gender
    return e.actor_type in GROUP_TYPES


def matrix_subject(state: ArticleState, tok: Token, pronoun: Pronoun) -> Salient | None:
    """The subject of the clause that reports the pronoun's clause, when it agrees."""
    clause = tok.head
    if tok.dep_ not in SUBJECT_DEPS or clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return None
    for c in clause.head.children:
        if c.dep_ in SUBJECT_DEPS and c.i < tok.i:
            m = state.name_at[c.i]
            if m is not None:
                e = Salient(m.start_char, m._.actor, m._.actor_type, 2, state.in_quote[m.start])
                return e if agrees(state, e, pronoun) else None
    return None


def nearer_plural_group(state: ArticleState, tok: Token, after: int) -> bool:
    """"China condemned a gathering of Japanese and Philippine officials and rejected their meeting": a plural
    or coordinated noun phrase of the sentence, nearer than the candidate, is what "they"/"their" means."""
    people = person_lexicon()
    for t in reversed(state.doc[tok.sent.start:tok.i]):
        if t.idx <= after:
            return False
        if state.in_quote[t.i] is not None or state.name_at[t.i] is not None or not people.can_speak(t.lemma_):
            continue
        if t.pos_ == "NOUN" and (t.tag_ == "NNS" or any(c.dep_ == "conj" for c in t.children)):
            return True
    return False


def resolve_pronoun(state: ArticleState, tok: Token, pronoun: Pronoun) -> None:
    here = state.in_quote[tok.i]
    window = [
        e for e in state.events
        if tok.idx - e.char <= PRONOUN_WINDOW and e.char < tok.idx and (e.quotation in (None, here) or e.quotation in state.excerpts)
    ]
    fits = [e for e in window if agrees(state, e, pronoun)]
    matrix = matrix_subject(state, tok, pronoun)
    if matrix is not None:
        fits.append(matrix)
    if not fits and pronoun.personal:
        # The article's gender signal can be wrong: with nobody agreeing, the last person still stands.
        fits = [e for e in window if e.actor_type == "person"]
    prominent = [e for e in fits if e.rank > 0]
    chosen = (prominent or fits or [None])[-1]
    if chosen is not None and pronoun.number == "pl" and nearer_plural_group(state, tok, chosen.char):
        chosen = None  # a group the article describes but does not name
    if chosen is None:
        state.add(tok.i, tok.i + 1, "pronoun", None, None, None)
        return
    state.add(tok.i, tok.i + 1, "pronoun", chosen.actor, chosen.actor_type, chosen.char)
    state.note(tok, chosen.actor, chosen.actor_type, clause_rank(tok, state.cues))
