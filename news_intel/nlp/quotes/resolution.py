"""From the token a cue points at to a Speaker: the words of the mention, and who they name as the mention
layer resolved it (a name's actor, the actor coreference linked a pronoun, role noun or document to), or the
description the article gives. A subject that cannot speak comes back marked ``non_speaker``."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.mentions import mention_at, mention_of, person_named
from news_intel.nlp.people import PersonLexicon
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.layout import paragraph_of
from news_intel.nlp.quotes.speaker import Speaker
from news_intel.nlp.structure import doc_entities, doc_text


def resolve_speaker(ctx: AttributionContext, head: Token, lemma: str, cue: Token, full_subtree: bool = False) -> Speaker | None:
    """The speaker ``head`` names as the subject (or object) of cue ``cue`` of lemma ``lemma``; with
    ``full_subtree`` the mention is the head's whole phrase up to a comma ("according to X, ...")."""
    doc = ctx.doc
    mention_span = _mention_span(ctx, head, full_subtree)
    if mention_span is None:
        return None
    mention = mention_span.text
    m_start, m_end = mention_span.start_char, mention_span.end_char

    linked = mention_of(head)
    if linked is not None and linked._.mention_kind != "name" and linked._.actor:
        # Coreference linked the pronoun, role noun or document to an actor the article names.
        return Speaker(linked._.actor, mention, m_start, m_end, linked._.actor_type, lemma, cue.i)

    low = head.lower_
    pronoun = ctx.people.pronoun(low)
    if head.pos_ == "PRON" or pronoun is not None:
        if pronoun is None or pronoun.person == 2:
            return None  # "anybody", "who", "this", "you": nobody in particular
        # Coreference found no antecedent (a linked pronoun returned above).
        return Speaker(None, mention, m_start, m_end, None, lemma, cue.i)

    surname_of = _person_by_surname(doc, head)
    if surname_of is not None:  # "Sanders Told a Reporter ...": a surname the parser took for a noun
        return Speaker(surname_of, mention, m_start, m_end, "person", lemma, cue.i)
    if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and mention_at(doc, head.idx, head.idx + len(head)) is None:
        # "... - while chanting": a conjunction or adverb the parser left as the cue's subject.
        return Speaker(None, mention, m_start, m_end, None, lemma, cue.i, non_speaker=True)
    if head.pos_ == "NOUN" and mention_at(doc, head.idx, head.idx + len(head)) is None and not _speaker_head(ctx.people, head):
        # "the plans said", "significant gains": a parse that made a thing the subject of a cue.
        return Speaker(None, mention, m_start, m_end, None, lemma, cue.i, non_speaker=True)

    if head.lemma_.lower() in ctx.people.document_nouns:
        # A document whose issuer coreference could not find ("a leaked memo said").
        return Speaker(_description(mention_span), mention, m_start, m_end, "document", lemma, cue.i)

    name, actor_type = name_for(ctx, head, mention_span)
    return Speaker(name, mention, m_start, m_end, actor_type, lemma, cue.i)


def _mention_span(ctx: AttributionContext, head: Token, full_subtree: bool) -> Span | None:
    """The words naming the speaker: ``head`` with its left dependents and the name words right of it
    (its whole phrase with ``full_subtree``), within its paragraph, less punctuation at either end."""
    doc = ctx.doc
    # Coordinated subjects ("Li and other senior officials") are headed by the first conjunct.
    left = head.left_edge
    if full_subtree:
        right = head.right_edge
    else:
        right = head
        for c in head.rights:
            if c.dep_ in ("compound", "flat", "nmod") and c.i == right.i + 1:
                right = c
            else:
                break
    p_lo, p_hi = paragraph_of(doc_text(doc), head.idx)
    toks = [t for t in doc[left.i:right.i + 1] if p_lo <= t.idx < p_hi]
    # Trim leading punctuation and trailing commas of the mention.
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return None
    mention_span = doc[toks[0].i:toks[-1].i + 1]
    if full_subtree:
        mention_span = _trim_after_comma(mention_span)
    return mention_span


def _speaker_head(people: PersonLexicon, head: Token) -> bool:
    """A common-noun head that can speak, or one a name or nationality qualifies ("the Chinese side")."""
    if people.can_speak(head.lemma_) or people.can_speak(head.text):
        return True
    # "52 percent of registered voters", "a group of residents": a quantity of speakers.
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            if any(people.can_speak(o.lemma_) for o in prep.children if o.dep_ == "pobj"):
                return True
    return any(c.ent_type_ in ("NORP", "ORG", "GPE", "PERSON") for c in head.lefts)


def name_for(ctx: AttributionContext, head: Token, mention_span: Span) -> tuple[str, str | None]:
    """The speaker's name and actor type: the mention layer's actor, the full name of a proper noun, or the
    description ``mention_span`` gives."""
    doc = ctx.doc
    named = mention_at(doc, head.idx, head.idx + len(head))
    if named is not None and named._.actor:
        return named._.actor, named._.actor_type
    ent = next((e for e in doc_entities(doc) if e.start <= head.i < e.end), None)
    if head.pos_ == "PROPN" or ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        name_span = _proper_name_around(head)
        words = [t.text for t in name_span if not ctx.people.is_name_prefix(t.text) and not t.is_punct]
        if not words:
            words = [head.text]
        label = ent.label_ if ent is not None else None
        full = person_named(doc, words[-1])
        if full is None and len(words) > 1:
            full = " ".join(words)
        kind = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}.get(label or "")
        if full is not None:
            return full, kind or "person"
        return " ".join(words), kind
    return _description(mention_span), None


def _person_by_surname(doc: Doc, head: Token) -> str | None:
    """The person a capitalised word the parser did not take for a name stands for: the article's person
    of that surname. Only for words outside every mention (a mention already says who it is)."""
    if head.pos_ == "PROPN" or not head.text[:1].isupper() or not head.is_alpha:
        return None
    if mention_at(doc, head.idx, head.idx + len(head)) is not None:
        return None
    return person_named(doc, head.text, surname=True)


def _proper_name_around(head: Token) -> Span:
    """The proper nouns the parser joined to ``head`` as one name ("Lloyd J. Austin"), ``head`` included."""
    doc = head.doc
    i = head.i
    while i - 1 >= 0 and doc[i - 1].pos_ == "PROPN" and doc[i - 1].head.i in range(i - 1, head.i + 1) and doc[i - 1].dep_ in ("compound", "flat", "nmod", "amod"):
        i -= 1
    j = head.i
    while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and doc[j + 1].dep_ in ("compound", "flat") and doc[j + 1].head.i == head.i:
        j += 1
    return doc[i:j + 1]


def _description(span: Span) -> str:
    text = span.text.strip()
    first = span[0] if len(span) else None
    if first is not None and first.pos_ == "DET" and first.text[:1].isupper() and first.lower_ in ("a", "an", "the", "one", "some", "another"):
        text = first.lower_ + text[len(first.text):]
    return text


def _trim_after_comma(span: Span) -> Span:
    for t in span:
        if t.text == "," and t.i > span.start:
            return span.doc[span.start:t.i]
    return span
