"""Coreference: link pronouns, role nouns, organization nouns and documents to the actors named earlier.

Reads the name mentions the actors component wrote to ``doc.spans["mentions"]`` and adds one mention for
each referring expression it finds, resolved where the article allows:

- **pronouns** ("he", "she", "they", "it") go to the most salient earlier actor that agrees in gender and
  number. Salience is the article's running attribution: the subject of the latest speech cue, or of the
  latest clause, outside quotation marks (a name inside someone's quotation is what they talk about, not
  who talks next); a pronoun resolved to an actor keeps that actor salient;
- **role nouns** ("the chancellor", "the foreign secretary", "the cardinal") go to the latest person the
  article gave that title, preferring one whose title holds every word of the description;
- **organization nouns** ("the firm", "the bank", "the union") go to the organization the article has
  spoken of most so far, preferring one whose name holds the noun;
- **documents** ("the report", "the statement") go to the organization that issued them: "a report by X",
  "X's report", "the X report", or the organization named where the document was introduced.

What cannot be resolved stays a mention with ``actor`` None, so a reader still sees the description.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.mentions import add_mentions, make_mention, mentions
from news_intel.nlp.people import PersonLexicon, person_lexicon
from news_intel.nlp.quote_marks import DOUBLE_MARKS, quote_spans_of
from news_intel.nlp.speech import SpeechCues

# Characters back from a pronoun within which its antecedent is looked for (a few paragraphs of news).
PRONOUN_WINDOW = 1500
DESCRIPTION_WINDOW = 6000
SUBJECT_DEPS = ("nsubj", "nsubjpass")
NP_MODIFIER_DEPS = ("compound", "amod", "nmod", "poss")
GROUP_TYPES = ("organization", "country", "group")
TAKES_REFERENCE_DIR = True


@dataclass
class Salient:
    """One occasion on which an actor was mentioned, and how prominently."""

    char: int
    actor: str
    actor_type: str
    rank: int  # 2: subject of a speech cue, 1: subject of a clause, 0: anywhere else
    quotation: int | None = None  # the quotation it was said in, None outside quotation marks


@dataclass
class ArticleState:
    doc: Doc
    in_quote: list[int | None]
    cues: dict[int, str]
    genders: dict[str, str]
    events: list[Salient] = field(default_factory=list)
    new_mentions: list[Span] = field(default_factory=list)
    org_counts: dict[str, int] = field(default_factory=dict)


def quote_mask(doc: Doc) -> list[int | None]:
    """The quotation each token lies inside (its number), None outside quotation marks."""
    mask: list[int | None] = [None] * len(doc)
    for q in quote_spans_of(doc):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                mask[k] = q.quotation
    return mask


def clause_rank(tok: Token, cues: dict[int, str]) -> int:
    """How prominent a mention headed by ``tok`` is: 2 for the subject of a speech cue, 1 for the subject of
    a main clause, 0 otherwise. The subject of a reported clause ("X said Clinton doesn't ...") is what the
    speaker talks about: the running attribution stays with the speaker."""
    if tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head  # "UKIP's leader, Roger Knapman, has said": the apposition stands for the subject
    if tok.dep_ not in SUBJECT_DEPS:
        return 0
    verb = tok.head
    if verb.i in cues:
        return 2
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
        if verb.i in cues:
            return 2
    return 1 if verb.dep_ == "ROOT" else 0


def person_genders(doc: Doc, lexicon: PersonLexicon) -> dict[str, str]:
    """Gender of each person actor as the article signals it: a given name or gendered honorific or title,
    else the first he/she after a mention (in its sentence or the next) before another person is named."""
    # Votes for (m, f). A given name counts for one and a half pronouns: it is a prior that two pronouns
    # of the article's own outweigh ("Terry Strada ... she said"), one stray pronoun does not.
    votes: dict[str, list[float]] = {}
    people = [m for m in mentions(doc) if m._.actor_type == "person" and m._.mention_kind == "name"]
    known: dict[str, str] = {}
    for m in people:
        words = (m._.actor or "").split()
        prior = lexicon.name_gender(words[0]) if len(words) >= 2 else None
        if prior and m._.actor not in votes:
            votes[m._.actor] = [1.5, 0.0] if prior == "m" else [0.0, 1.5]
    for k, m in enumerate(people):
        stated = next((lexicon.word_gender(t.text) for t in m if lexicon.word_gender(t.text)), None)
        if stated is None and m.start > 0:
            stated = lexicon.word_gender(doc[m.start - 1].text) if lexicon.is_name_prefix(doc[m.start - 1].text) else None
        if stated:
            known.setdefault(m._.actor, stated)
            continue
        v = votes.setdefault(m._.actor, [0.0, 0.0])
        stop = people[k + 1].start if k + 1 < len(people) else len(doc)
        sent_end = m.sent.end
        next_end = doc[sent_end].sent.end if sent_end < len(doc) else sent_end
        for t in doc[m.end:min(stop, next_end)]:
            p = lexicon.pronoun(t.text)
            if p is not None and p.personal:
                v[0 if p.gender == "m" else 1] += 1
                break
    genders = {a: ("m" if m_ > f_ else "f") for a, (m_, f_) in votes.items() if m_ != f_}
    genders.update(known)
    return genders


def _noun_phrase(tok: Token) -> tuple[int, int, list[Token]]:
    """Token range of the noun phrase headed by ``tok`` (determiner and pre-modifiers) and its modifiers."""
    start = tok.i
    modifiers = []
    for c in tok.lefts:
        if c.dep_ in ("det", *NP_MODIFIER_DEPS):
            start = min(start, c.left_edge.i)
            if c.dep_ != "det":
                modifiers.extend(t for t in c.subtree if t.is_alpha)
    return start, tok.i + 1, modifiers


def _indefinite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "one") for c in tok.lefts)


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.lefts) or any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.lefts
    )


class Coreference:
    def __init__(self, nlp: Language, reference_dir: str | None = None):
        self.lexicon = person_lexicon(reference_dir)
        self.cue_finder = SpeechCues(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        state = ArticleState(
            doc, quote_mask(doc), self.cue_finder(doc), person_genders(doc, self.lexicon)
        )
        names = {m.start: m for m in mentions(doc)}
        covered = [False] * len(doc)
        for m in names.values():
            for k in range(m.start, m.end):
                covered[k] = True
        for tok in doc:
            name = names.get(tok.i)
            if name is not None:
                self._note_name(state, name)
            elif not covered[tok.i]:
                self._resolve_token(state, tok)
        add_mentions(doc, state.new_mentions)
        return doc

    # -- salience ----------------------------------------------------------------------------------
    def _note_name(self, state: ArticleState, m: Span) -> None:
        if not m._.actor:
            return
        if m._.actor_type == "organization":
            state.org_counts[m._.actor] = state.org_counts.get(m._.actor, 0) + 1
        rank = clause_rank(m.root, state.cues)
        if rank == 0 and (self._introduced(state, m) or _agent_of_participle(m.root) or _opens_paragraph(m)):
            rank = 1
        state.events.append(Salient(m.start_char, m._.actor, m._.actor_type, rank, state.in_quote[m.start]))

    def _introduced(self, state: ArticleState, m: Span) -> bool:
        """A person first named in the last sentence before a paragraph that opens with a quotation: news
        introduces the next speaker so, whatever the syntax ("... which concerns Henry Crespo, president of
        the caucus.\n\n'No one is writing songs for her,' he said.")."""
        if m._.actor_type != "person" or len(m._.actor.split()) < 2 or state.in_quote[m.start] is not None:
            return False
        if any(e.actor == m._.actor for e in state.events):
            return False
        text = state.doc.text
        rest = text[m.sent.end_char:]
        stripped = rest.lstrip(" \t")
        if not stripped.startswith("\n"):
            return False  # not the paragraph's last sentence
        return stripped.lstrip()[:1] in DOUBLE_MARKS

    def _note_resolved(self, state: ArticleState, tok: Token, actor: str, actor_type: str) -> None:
        state.events.append(Salient(tok.idx, actor, actor_type, clause_rank(tok, state.cues), state.in_quote[tok.i]))

    # -- one referring expression --------------------------------------------------------------------
    def _resolve_token(self, state: ArticleState, tok: Token) -> None:
        pronoun = self.lexicon.pronoun(tok.text)
        if pronoun is not None and pronoun.person == 3 and tok.pos_ == "PRON" or pronoun is not None and pronoun.personal and tok.tag_ == "PRP$":
            self._resolve_pronoun(state, tok, pronoun)
            return
        lemma = tok.lemma_.lower()
        if tok.pos_ == "PROPN" and self.lexicon.is_title(lemma) and _definite(tok):
            # "The new President, Viktor Yushchenko,": a capitalised title is a role noun too.
            self._resolve_role_noun(state, tok)
            return
        if tok.pos_ != "NOUN":
            return
        if lemma in self.lexicon.document_nouns:
            # "a statement released by Singapore" names its issuer; "the statement" refers back.
            self._resolve_document(state, tok, _definite(tok))
            return
        if not _definite(tok):
            if tok.dep_ in SUBJECT_DEPS and self.lexicon.is_person_noun(lemma) and _indefinite(tok):
                self._add_description(state, tok)
            return
        if self.lexicon.is_title(lemma) and tok.tag_ in ("NN", "NNP"):
            self._resolve_role_noun(state, tok)
        elif (lemma in self.lexicon.organization_nouns or lemma in self.lexicon.state_body_nouns) and tok.tag_ in ("NN", "NNP", "NNS"):
            described = self._described_by_name(state, tok)
            if described is None:
                if lemma in self.lexicon.organization_nouns and tok.tag_ != "NNS":
                    self._resolve_organization_noun(state, tok)
            elif described._.actor_type == "country":
                # "the Saudi government", "the French army": the country's own body, not an earlier one.
                start, end, _ = _noun_phrase(tok)
                self._add(state, start, end, "organization_noun", described._.actor, "country", described.start_char, described._.country)

    def _add_description(self, state: ArticleState, tok: Token) -> None:
        """An unnamed person the article describes ("a Labour Party spokesman", "a spokesman for the
        council"): the description is the speaker, and later pronouns and role nouns can refer to it."""
        start, end = tok.left_edge.i, tok.i + 1
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from"):
                end = c.right_edge.i + 1
        while end > start + 1 and state.doc[end - 1].is_punct:
            end -= 1
        span = state.doc[start:end]
        text = span.text
        if span[0].lower_ in ("a", "an", "the", "one", "another") and span[0].text[:1].isupper():
            text = span[0].lower_ + text[len(span[0].text):]
        gender = self.lexicon.word_gender(tok.text)
        if gender:
            state.genders.setdefault(text, gender)
        self._add(state, start, end, "description", text, "person", None)
        state.events.append(Salient(tok.idx, text, "person", clause_rank(tok, state.cues), state.in_quote[tok.i]))

    def _described_by_name(self, state: ArticleState, tok: Token) -> Span | None:
        """A name modifying the noun ("the Saudi government", "the Labour party") says which one it is."""
        for c in tok.lefts:
            if c.dep_ in NP_MODIFIER_DEPS:
                m = _name_mention_at(state.doc, c)
                if m is not None:
                    return m
                if c.pos_ == "PROPN":
                    return c.doc[c.i:c.i + 1]
        return None

    def _add(self, state: ArticleState, start: int, end: int, kind: str, actor: str | None, actor_type: str | None,
             antecedent: int | None, country: str | None = None, role: str | None = None) -> None:
        doc = state.doc
        span = make_mention(
            doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), actor=actor, actor_type=actor_type,
            mention_kind=kind, antecedent=antecedent, country=country, role=role, source="coreference",
        )
        if span is not None:
            state.new_mentions.append(span)

    def _agrees(self, state: ArticleState, e: Salient, pronoun) -> bool:
        if pronoun.personal:
            return e.actor_type == "person" and state.genders.get(e.actor, pronoun.gender) == pronoun.gender
        return e.actor_type in GROUP_TYPES

    def _matrix_subject(self, state: ArticleState, tok: Token, pronoun) -> Salient | None:
        """"The PRC informed the US that they had declined": the subject of a reported clause is, by
        default, the subject of the clause that reports it."""
        clause = tok.head
        if tok.dep_ not in SUBJECT_DEPS or clause.dep_ != "ccomp" or clause.head.i == clause.i:
            return None
        for c in clause.head.children:
            if c.dep_ in SUBJECT_DEPS and c.i < tok.i:
                m = _name_mention_at(state.doc, c)
                if m is not None:
                    e = Salient(m.start_char, m._.actor, m._.actor_type, 2, state.in_quote[m.start])
                    return e if self._agrees(state, e, pronoun) else None
        return None

    def _resolve_pronoun(self, state: ArticleState, tok: Token, pronoun) -> None:
        # Outside quotation marks only what the reporter wrote counts; inside one, its speaker's words too.
        here = state.in_quote[tok.i]
        window = [
            e for e in state.events
            if tok.idx - e.char <= PRONOUN_WINDOW and e.char < tok.idx and e.quotation in (None, here)
        ]
        fits = [e for e in window if self._agrees(state, e, pronoun)]
        matrix = self._matrix_subject(state, tok, pronoun)
        if matrix is not None:
            fits.append(matrix)
        if not fits and pronoun.personal:
            # The article's gender signal can be wrong: with nobody agreeing, the last person still stands.
            fits = [e for e in window if e.actor_type == "person"]
        prominent = [e for e in fits if e.rank > 0]
        chosen = (prominent or fits or [None])[-1]
        if chosen is None:
            self._add(state, tok.i, tok.i + 1, "pronoun", None, None, None)
            return
        self._add(state, tok.i, tok.i + 1, "pronoun", chosen.actor, chosen.actor_type, chosen.char)
        self._note_resolved(state, tok, chosen.actor, chosen.actor_type)

    def _appositive_name(self, state: ArticleState, tok: Token, actor_types: tuple[str, ...] = ("person",)) -> Span | None:
        for c in tok.rights:
            if c.dep_ == "appos":
                m = _name_mention_at(state.doc, c)
                if m is not None and m._.actor_type in actor_types:
                    return m
        return None

    def _earlier_names(self, state: ArticleState, tok: Token, actor_type: tuple[str, ...]) -> list[Span]:
        return [
            m for m in mentions(state.doc)
            if m._.mention_kind == "name" and m._.actor and m._.actor_type in actor_type
            and m.end_char <= tok.idx and tok.idx - m.start_char <= DESCRIPTION_WINDOW
        ]

    def _resolve_role_noun(self, state: ArticleState, tok: Token) -> None:
        start, end, modifiers = _noun_phrase(tok)
        appositive = self._appositive_name(state, tok)
        if appositive is not None:
            # "The new President, Viktor Yushchenko, said": the description names its referent itself.
            self._add(state, start, end, "role_noun", appositive._.actor, "person", appositive.start_char,
                      appositive._.country, appositive._.role)
            return
        head = tok.lemma_.lower()
        words = {head, *(t.lower_ for t in modifiers)}
        best, best_key = None, None
        descriptions = [m for m in state.new_mentions if m._.mention_kind == "description" and m.end_char <= tok.idx]
        for m in self._earlier_names(state, tok, ("person",)) + descriptions:
            titles = {w.lower().strip(".,") for w in (m._.role or "").split()} | {t.lower_ for t in m}
            if head not in titles:
                continue
            if any(self.lexicon.is_title_modifier(w) and w not in words for w in titles):
                continue  # "the chancellor" is not the shadow chancellor, nor the former one
            key = (len(words & titles), m.start_char)
            if best_key is None or key > best_key:
                best, best_key = m, key
        description = state.doc[start:end].text
        if best is None:
            self._add(state, start, end, "role_noun", None, "person", None, role=description)
            return
        self._add(state, start, end, "role_noun", best._.actor, "person", best.start_char, best._.country, best._.role)
        self._note_resolved(state, tok, best._.actor, "person")

    def _resolve_organization_noun(self, state: ArticleState, tok: Token) -> None:
        start, end, _ = _noun_phrase(tok)
        appositive = self._appositive_name(state, tok, (*GROUP_TYPES, "person"))
        if appositive is not None:
            # "the fan-based group, Shareholders United,": the noun names its referent itself.
            self._add(state, start, end, "organization_noun", appositive._.actor, "organization", appositive.start_char)
            return
        head = tok.lemma_.lower()
        candidates = self._earlier_names(state, tok, ("organization",))
        named = [m for m in candidates if head in m._.actor.lower().split()]
        pool = named or candidates
        if not pool:
            self._add(state, start, end, "organization_noun", None, "organization", None)
            return
        last_seen = {m._.actor: m for m in pool}
        best = max(last_seen.values(), key=lambda m: (state.org_counts.get(m._.actor, 0), m.start_char))
        self._add(state, start, end, "organization_noun", best._.actor, "organization", best.start_char, best._.country)
        self._note_resolved(state, tok, best._.actor, "organization")

    def _resolve_document(self, state: ArticleState, tok: Token, definite: bool) -> None:
        start, end, _ = _noun_phrase(tok)
        issuer = self._issuer(state, tok) or (self._issuer_where_introduced(state, tok) if definite else None)
        if issuer is None and not definite:
            return
        if issuer is None:
            self._add(state, start, end, "document", None, "document", None)
            return
        self._add(state, start, end, "document", issuer._.actor, issuer._.actor_type, issuer.start_char, issuer._.country)

    def _issuer(self, state: ArticleState, noun: Token) -> Span | None:
        """The organization a document noun names as its author: "X's report", "the X report", "a report by X"."""
        for t in noun.subtree:
            # "X's report", "the X report", "a report by X", "a statement released by X", "a letter from X".
            authored = (t.head.i == noun.i and t.dep_ in ("poss", "compound", "nmod")) or (
                t.dep_ == "pobj" and t.head.lower_ in ("by", "from")
            )
            if authored:
                m = _name_mention_at(state.doc, t) or self._resolved_pronoun_at(state, t)
                if m is not None and m._.actor_type in (*GROUP_TYPES, "person"):
                    return m
        # "X published a report", "X's statement said": the subject of the verb the document is the object of.
        verb = noun.head
        if noun.dep_ in ("dobj", "attr") and verb.pos_ == "VERB":
            for c in verb.children:
                if c.dep_ in SUBJECT_DEPS:
                    m = _name_mention_at(state.doc, c)
                    if m is not None and m._.actor_type in GROUP_TYPES:
                        return m
        return None

    def _resolved_pronoun_at(self, state: ArticleState, tok: Token) -> Span | None:
        """"its report": the pronoun this pass already linked, if it did."""
        for m in reversed(state.new_mentions):
            if m.start == tok.i and m._.mention_kind == "pronoun" and m._.actor:
                return m
        return None

    def _issuer_where_introduced(self, state: ArticleState, noun: Token) -> Span | None:
        """The issuer stated where the article first spoke of a document of this kind."""
        doc, lemma = state.doc, noun.lemma_.lower()
        for t in doc[: noun.i]:
            if t.lemma_.lower() == lemma and t.pos_ == "NOUN" and noun.idx - t.idx <= DESCRIPTION_WINDOW:
                issuer = self._issuer(state, t)
                if issuer is not None:
                    return issuer
        return None


def _opens_paragraph(m: Span) -> bool:
    """A name that opens its paragraph, after nothing but its own titles ("Lib Dem leader Charles Kennedy
    has said"), is what the paragraph is about, even where the parser ran a headline into the sentence."""
    doc = m.doc
    k = m.start - 1
    while k >= 0 and "\n" not in doc[k].text and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT", "NUM"):
        k -= 1
    return k < 0 or "\n" in doc[k].text or doc[k].is_space


def _agent_of_participle(tok: Token) -> bool:
    """"with Hillary Clinton lambasting the plan": the noun a participle clause hangs on does the action."""
    return any(c.dep_ == "acl" and c.tag_ == "VBG" for c in tok.children)


def _name_mention_at(doc: Doc, tok: Token) -> Span | None:
    for m in mentions(doc):
        if m.start <= tok.i < m.end and m._.mention_kind == "name" and m._.actor:
            return m
        if m.start > tok.i:
            break
    return None


@Language.factory(
    "news_coreference",
    default_config={"reference_dir": None},
    requires=["doc.sents", "token.dep", "token.lemma"],
    assigns=["doc.spans"],
)
def make_coreference(nlp: Language, name: str, reference_dir: str | None) -> Coreference:
    return Coreference(nlp, reference_dir)
