"""How prominent a mention is, and the genders the article gives its people.

News keeps "he" and "she" for the person in focus: the subject of the latest speech cue (the running
attribution), else of the latest main clause. A name the parser misplaced still counts when the article's
layout says it is the topic: it opens its paragraph, or introduces the speaker of the next quotation.
"""
from __future__ import annotations


from spacy.tokens import Doc, Span, Token

from news_intel.nlp.coreference.state import SUBJECT_DEPS, ArticleState
from news_intel.nlp.mentions import mentions
from news_intel.nlp.people import PersonLexicon, person_lexicon
from news_intel.nlp.quote_marks import DOUBLE_MARKS
from news_intel.nlp.structure import doc_text



def clause_rank(tok: Token, cues: dict[int, str]) -> int:
    """2 for the subject of a speech cue, 1 for the subject of a main clause, 0 otherwise. The subject of a
    reported clause ("X said Clinton doesn't ...") is what the speaker talks about: the running attribution
    stays with the speaker."""
    if tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head  # "UKIP's leader, Roger Knapman, has said": the apposition stands for the subject
    elif tok.dep_ == "poss" and tok.head.dep_ in SUBJECT_DEPS:
        tok = tok.head  # "Oz's advice earned him ...": the subject's owner is what the clause is about
    if tok.dep_ not in SUBJECT_DEPS:
        return 0
    verb = tok.head
    if verb.i in cues:
        return 2
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
        if verb.i in cues:
            return 2
    return 1 if verb.dep_ == "ROOT" or _heads_across_paragraphs(verb) or _reports_the_quotation_after_it(verb) else 0


def _reports_the_quotation_after_it(verb: Token) -> bool:
    """"Judge Hart saw it differently: “...,” he said": the parser makes the sentence introducing a quotation
    the complement of the cue after the quotation; a clause that comes before its governor and ends in a
    colon that opens the quotation is a main clause of its own. ('Mr Blair has "the same passion", he
    said' is the complement it looks like: its quotation is inside it.)"""
    head = verb.head
    if verb.dep_ != "ccomp" or head.i <= verb.i:
        return False
    doc = verb.doc
    return any(t.tag_ == "``" and doc[t.i - 1].text == ":" for t in doc[verb.i + 1:head.i])


def _heads_across_paragraphs(verb: Token) -> bool:
    """"During the primaries, the Times gave Clinton an endorsement:\n\nShe has ...": a paragraph break
    ends the sentence, so a verb the parser hung on a word of another paragraph heads a main clause."""
    head = verb.head
    if head.i == verb.i:
        return False
    lo, hi = sorted((verb.idx, head.idx))
    return "\n" in doc_text(verb.doc)[lo:hi]


def name_rank(state: ArticleState, m: Span) -> int:
    rank = clause_rank(m.root, state.cues)
    if rank == 0 and (introduces_speaker(state, m) or agent_of_participle(m.root) or opens_paragraph(m)):
        return 1
    return rank


def opens_paragraph(m: Span) -> bool:
    """A name that opens its paragraph, after nothing but its own titles ("Lib Dem leader Charles Kennedy
    has said"), is what the paragraph is about, even where the parser ran a headline into the sentence."""
    doc = m.doc
    k = m.start - 1
    while k >= 0 and "\n" not in doc[k].text and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT", "NUM"):
        k -= 1
    return k < 0 or "\n" in doc[k].text or doc[k].is_space


def agent_of_participle(tok: Token) -> bool:
    """"with Hillary Clinton lambasting the plan": the noun a participle clause hangs on does the action."""
    return any(c.dep_ == "acl" and c.tag_ == "VBG" for c in tok.children)


def introduces_speaker(state: ArticleState, m: Span) -> bool:
    """A person first named in the last sentence before a paragraph that opens with a quotation: news
    introduces the next speaker so, whatever the syntax ("... which concerns Henry Crespo, president of
    the caucus.\\n\\n'No one is writing songs for her,' he said."). A sentence whose subject is a person
    ("Clinton criticized officer Betty Shelby ...") stays about that subject."""
    if m._.actor_type != "person" or len(m._.actor.split()) < 2 or state.in_quote[m.start] is not None:
        return False
    if any(e.actor == m._.actor for e in state.events) or _has_person_subject(state, m.sent):
        return False
    # The paragraph's last sentence (the parser may keep the paragraph break in it), and the next
    # paragraph opens with a quote mark.
    text = doc_text(state.doc)
    newline = text.find("\n", m.end_char)
    if newline < 0 or text[m.sent.end_char:newline].strip():
        return False
    return text[newline:].lstrip()[:1] in DOUBLE_MARKS


def _has_person_subject(state: ArticleState, sent: Span) -> bool:
    """Whether the sentence's main clause has a named person or a he/she as its subject."""
    lexicon = person_lexicon()
    for c in sent.root.children:
        if c.dep_ in SUBJECT_DEPS:
            m = state.name_at[c.i]
            pronoun = lexicon.pronoun(c.text)
            if m is not None and m._.actor_type == "person" or pronoun is not None and pronoun.personal:
                return True
    return False


def person_genders(doc: Doc, lexicon: PersonLexicon, in_quote: list[int | None] | None = None) -> dict[str, str]:
    """Gender of each person actor as the article signals it: a gendered honorific or title decides; else
    the first he/she after each mention that is a clause's subject outside quotation marks (in its sentence
    or the next, before another person is named), with the given name (a one-word name that is a given name
    too) as a prior worth one and a half such pronouns: two of the article's own outweigh
    it ("Terry Vance ... she said"), one stray pronoun does not."""
    people = [m for m in mentions(doc) if m._.actor_type == "person" and m._.mention_kind == "name"]
    votes: dict[str, list[float]] = {}
    for m in people:
        # A person the article only ever calls by one word is called by a given name ("Melanie said")
        # when that word is one: news names strangers so, and surnames are not in the given-name seed.
        words = (m._.actor or "").split()
        prior = lexicon.name_gender(words[0]) if words else None
        if prior and m._.actor not in votes:
            votes[m._.actor] = [1.5, 0.0] if prior == "m" else [0.0, 1.5]
    stated: dict[str, str] = {}
    for k, m in enumerate(people):
        said = _stated_gender(doc, m, lexicon)
        if said:
            stated.setdefault(m._.actor, said)
            continue
        if not _votes_for_gender(m, in_quote):
            continue
        stop = people[k + 1].start if k + 1 < len(people) else len(doc)
        gender = _next_pronoun_gender(doc, m, stop, lexicon)
        if gender:
            votes.setdefault(m._.actor, [0.0, 0.0])[0 if gender == "m" else 1] += 1
    genders = {a: ("m" if v[0] > v[1] else "f") for a, v in votes.items() if v[0] != v[1]}
    genders.update(stated)
    return genders


def _votes_for_gender(m: Span, in_quote: list[int | None] | None) -> bool:
    """Whether the pronoun after a name tells the name's gender: only after the subject of a clause, which
    the next he or she continues ("Smith said ... He added"), outside quotation marks. After an object
    or a name inside a quotation, the next pronoun is as often someone else ("the rise of Trump ... she
    said", "“Donald’s here,” she said")."""
    if in_quote is not None and in_quote[m.start] is not None:
        return False
    root = m.root
    if root.dep_ == "appos" and root.head.i != root.i:
        root = root.head
    return root.dep_ in SUBJECT_DEPS


def _stated_gender(doc: Doc, m: Span, lexicon: PersonLexicon) -> str | None:
    said = next((lexicon.word_gender(t.text) for t in m if lexicon.word_gender(t.text)), None)
    if said is None and m.start > 0 and lexicon.is_name_prefix(doc[m.start - 1].text):
        said = lexicon.word_gender(doc[m.start - 1].text)
    return said


def _next_pronoun_gender(doc: Doc, m: Span, stop: int, lexicon: PersonLexicon) -> str | None:
    sent_end = m.sent.end
    next_end = doc[sent_end].sent.end if sent_end < len(doc) else sent_end
    for t in doc[m.end:min(stop, next_end)]:
        p = lexicon.pronoun(t.text)
        if p is not None and p.personal:
            return p.gender
    return None
