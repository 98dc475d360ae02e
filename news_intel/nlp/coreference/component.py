"""The ``news_coreference`` spaCy component: one pass over the article, each token once."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.coreference.descriptions import (
    add_description, definite, indefinite, resolve_body_noun, resolve_document, resolve_entourage,
    resolve_role_noun,
)
from news_intel.nlp.coreference.pronouns import resolve_pronoun
from news_intel.nlp.coreference.salience import name_rank, person_genders
from news_intel.nlp.coreference.state import SUBJECT_DEPS, ArticleState, quote_mask
from news_intel.nlp.mentions import add_mentions
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.speech import SpeechCues


class Coreference:
    def __init__(self, nlp: Language, reference_dir: str | None = None):
        self.lexicon = person_lexicon(reference_dir)
        self.cue_finder = SpeechCues(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        in_quote = quote_mask(doc)
        state = ArticleState.of(doc, self.cue_finder(doc), person_genders(doc, self.lexicon, in_quote), in_quote)
        starts = {m.start: m for m in state.names}
        for tok in doc:
            name = starts.get(tok.i)
            if name is not None:
                self._note_name(state, name)
            elif state.name_at[tok.i] is None:
                self._resolve_token(state, tok)
        add_mentions(doc, state.new_mentions)
        return doc

    def _note_name(self, state: ArticleState, m: Span) -> None:
        if m._.actor_type == "organization":
            state.org_counts[m._.actor] = state.org_counts.get(m._.actor, 0) + 1
        state.note(m[0], m._.actor, m._.actor_type, name_rank(state, m))

    def _resolve_token(self, state: ArticleState, tok: Token) -> None:
        lexicon = self.lexicon
        pronoun = lexicon.pronoun(tok.text)
        if pronoun is not None and (pronoun.person == 3 and tok.pos_ == "PRON" or pronoun.personal and tok.tag_ == "PRP$"):
            resolve_pronoun(state, tok, pronoun)
            return
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PROPN" and lexicon.is_title(lemma) and definite(tok):
            resolve_role_noun(state, tok, lexicon)  # "The new President, Viktor Yushchenko,"
        elif tok.pos_ != "NOUN":
            return
        elif lemma in lexicon.entourage_nouns and tok.tag_ == "NN" and resolve_entourage(state, tok):
            return
        elif lemma in lexicon.document_nouns:
            resolve_document(state, tok)
        elif not definite(tok):
            if tok.dep_ in SUBJECT_DEPS and lexicon.is_person_noun(lemma) and indefinite(tok):
                add_description(state, tok, lexicon)
        elif lexicon.is_title(lemma) and tok.tag_ in ("NN", "NNP"):
            resolve_role_noun(state, tok, lexicon)
        elif (lemma in lexicon.organization_nouns or lemma in lexicon.state_body_nouns) and tok.tag_ in ("NN", "NNP", "NNS"):
            resolve_body_noun(state, tok, lexicon)


@Language.factory(
    "news_coreference",
    default_config={"reference_dir": None},
    requires=["doc.sents", "token.dep", "token.lemma"],
    assigns=["doc.spans"],
)
def make_coreference(nlp: Language, name: str, reference_dir: str | None) -> Coreference:
    return Coreference(nlp, reference_dir)
