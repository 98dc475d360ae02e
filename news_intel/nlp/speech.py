"""Speech cues: the verbs and phrases that report what someone said ("said", "told", "according to").

The lexicon is data (``data/quotes_cues.csv``; a cue of kind ``as_clause`` reports speech only in an "as"
clause: "as the memo put it"; one of kind ``document_subject`` only with a document as its subject: "the
report found"; ``data/quotes_cue_particles.csv`` lists the particles that make a cue another
verb: "call out"). Quotes read cues to find speakers; coreference reads them
because the subject of the last cue is the person an article is currently quoting.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from news_intel.nlp.people import person_lexicon
from news_intel.nlp.reference import read_package_csv


@lru_cache(maxsize=1)
def speech_cue_lexicon() -> dict[str, dict]:
    """Cue lemma -> its row (kind, whether it introduces reported speech)."""
    return {r["lemma"]: r for r in read_package_csv("quotes_cues.csv")}


def _is_naming_passive(tok: Token) -> bool:
    # "what is called X" / "so-called" / "computers called E-slates": a label, not an utterance.
    if tok.tag_ != "VBN":
        return False
    return any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ == "acl" and any(c.dep_ == "oprd" for c in tok.children)


@lru_cache(maxsize=1)
def _phrasal_particles() -> dict[str, frozenset[str]]:
    """Cue lemma -> particles that make it another verb ("call out", "call off", "tell apart")."""
    found: dict[str, set[str]] = {}
    for r in read_package_csv("quotes_cue_particles.csv"):
        found.setdefault(r["lemma"], set()).add(r["particle"])
    return {k: frozenset(v) for k, v in found.items()}


def _in_as_clause(tok: Token) -> bool:
    # "as a Homeland Security memo put it": a verb that reports speech only in an "as" clause.
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)


def _document_subject(tok: Token) -> bool:
    # "the report found that ...", "a poll showed": a verb that reports what a document says, only with one.
    documents = person_lexicon().document_nouns
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in documents for c in tok.children)


def _is_phrasal_verb(tok: Token) -> bool:
    # "calling out Trump for his “lies”": the phrasal verb is an act, not the naming verb "call X Y".
    particles = _phrasal_particles().get(tok.lemma_.lower())
    return bool(particles) and any(c.dep_ == "prt" and c.lower_ in particles for c in tok.children)


class SpeechCues:
    """Finds cue tokens in a Doc: token index -> cue lemma ("according to" for the phrase)."""

    def __init__(self, vocab):
        lemmas = sorted(speech_cue_lexicon())
        self.matcher = Matcher(vocab)
        self.matcher.add("CUE_VERB", [[{"LEMMA": {"IN": lemmas}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("CUE_VERB_TAG", [[{"LEMMA": {"IN": lemmas}, "TAG": {"IN": ["VBD", "VBZ", "VBP", "VBG", "VBN", "VB"]}}]])
        self.matcher.add("ACCORDING_TO", [[{"LOWER": "according"}, {"LOWER": "to"}]])

    def __call__(self, doc: Doc) -> dict[int, str]:
        cached = doc.user_data.get("news_intel.cue_tokens")
        if cached is not None and cached[0] == len(doc):
            return dict(cached[1])
        cues: dict[int, str] = {}
        lexicon = speech_cue_lexicon()
        for match_id, s, _e in self.matcher(doc):
            if doc.vocab.strings[match_id] == "ACCORDING_TO":
                cues[s] = "according to"
                continue
            tok = doc[s]
            if tok.lemma_.lower() == "call" and _is_naming_passive(tok) or _is_phrasal_verb(tok):
                continue
            kind = lexicon.get(tok.lemma_.lower(), {}).get("kind")
            if kind == "as_clause" and not _in_as_clause(tok) or kind == "document_subject" and not _document_subject(tok):
                continue
            cues[s] = tok.lemma_.lower()
        doc.user_data["news_intel.cue_tokens"] = (len(doc), sorted(cues.items()))
        return cues
