"""Who a speech cue reports: its subject, climbing from a participle, a gerund adjunct or a dependent clause to
the verb that has one; the object of "quote X as saying"; the agent of a passive; the source of "according
to X"; or a name the parser left after the cue ("said Mr Chollet")."""
from __future__ import annotations

from spacy.tokens import Token

from news_intel.nlp.mentions import mention_of
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.layout import paragraph_of
from news_intel.nlp.quotes.resolution import resolve_speaker
from news_intel.nlp.quotes.speaker import SPEAKING_ACTOR_TYPES, Speaker
from news_intel.nlp.structure import DASHES, apposition_words, doc_text


def cue_subject(ctx: AttributionContext, cue: Token, lemma: str, exclude: tuple[int, int]) -> Speaker | None:
    """The speaker of cue ``cue`` (lemma ``lemma``); a subject inside characters ``exclude`` (the quote
    being attributed) is no speaker."""
    if lemma == "according to":
        return _according_to_source(ctx, cue)
    verb = cue
    cue_para = paragraph_of(doc_text(ctx.doc), cue.idx)
    for _ in range(4):
        quoted = _quoted_object(ctx.cues, verb)
        if quoted is not None:
            # "AP quoted prosecutor Russell McGuire (as saying)": the object is the speaker.
            return resolve_speaker(ctx, quoted, lemma, cue)
        # The parser sometimes runs a sentence across paragraphs ("12:15 p.m." above "Trump says").
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj") and cue_para[0] <= c.idx < cue_para[1]]
        if subj:
            return _speaker_of_subjects(ctx, cue, verb, subj, lemma, exclude)
        opening = noun_phrase_opening_paragraph(ctx, verb, cue_para)
        if opening is not None:
            return resolve_speaker(ctx, opening, lemma, cue)
        before = _speaker_before_gerund(verb)
        if before is not None:
            return resolve_speaker(ctx, before, lemma, cue)
        if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN", "PRON"):
            # "footage of Hillary Clinton asking, ...": the participle's noun is the speaker.
            return _speaker_or_maker(ctx, verb.head, lemma, cue)
        if verb.dep_ == "relcl" and verb.head.i != verb.i:
            return _speaker_or_maker(ctx, verb.head, lemma, cue)
        governor = _verb_with_the_subject(verb)
        if governor is None:
            break
        verb = governor
    return _name_after_cue(ctx, cue, lemma, exclude) or _speaker_before_subjectless_verb(ctx, verb, cue, lemma, exclude)


def _according_to_source(ctx: AttributionContext, cue: Token) -> Speaker | None:
    """The source of "according to X": the object of "to", whole phrase up to a comma."""
    doc = ctx.doc
    to = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    objs = [c for c in (to.children if to is not None else []) if c.dep_ in ("pobj", "obj")]
    if not objs:
        # The parser sometimes hangs the object on "according".
        objs = [c for c in cue.children if c.dep_ in ("pobj", "obj")]
    if not objs and to is not None and to.i + 1 < len(doc):
        nxt = doc[to.i + 1:]
        head = next((t for t in nxt[:6] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
        objs = [head] if head is not None else []
    if not objs:
        return None
    return resolve_speaker(ctx, objs[0], "according to", cue, full_subtree=True)


def _speaker_of_subjects(ctx: AttributionContext, cue: Token, verb: Token, subj: list[Token], lemma: str,
                         exclude: tuple[int, int]) -> Speaker | None:
    """The speaker among the subjects ``subj`` of ``verb`` (the cue, or the verb above it that has them)."""
    if all(ctx.quote_at(c.idx) for c in subj):
        # 'said on Fox News’s “Fox and Friends.”': a subject inside a title in quotation marks is
        # a misparse; whoever stands between the quote and the cue is the speaker.
        return None
    named = [c for c in subj if (m := mention_of(c)) is not None and m._.mention_kind == "name"]
    # "Rhodri Glyn Thomas, Plaid Cymru health spokesman, said": an apposition the parser made a
    # second subject; the name is the speaker.
    s = min(named or subj, key=lambda c: abs(c.i - verb.i))
    if exclude[0] <= s.idx < exclude[1]:
        return None
    if s.dep_ == "nsubjpass" and verb.i == cue.i and _speaker_role(ctx.cues, cue) != "object":
        # "When terrorists are revealed as ...", "he was told": what a passive cue is about is not
        # its speaker; the agent is ("it was announced by the ministry").
        agent = _agent_of(cue)
        return resolve_speaker(ctx, agent, lemma, cue) if agent is not None else None
    if s.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
        return _speaker_or_maker(ctx, verb.head, lemma, cue)
    if s.pos_ in ("NOUN", "PROPN") and not _person_name(s):
        # "With 50 days until the election, Minyon Moore, ... called": a misattached apposition;
        # "Scottish Finance Minister, Tom McCabe MSP, said": the name of the title's holder.
        named = _appositive_person(s)
        if named is not None:
            s = named
    return resolve_speaker(ctx, s, lemma, cue)


def _appositive_person(noun: Token) -> Token | None:
    """A word of the person's name in apposition to ``noun``: the apposition itself, or the name before
    the letters after it that the parser made its head ("Tom McCabe MSP", "Guy Mansfield QC")."""
    for t in apposition_words(noun):
        if _person_name(t):
            return mention_of(t).root
    return None


def noun_phrase_opening_paragraph(ctx: AttributionContext, verb: Token, para: tuple[int, int]) -> Token | None:
    """'... of the National Corn Growers Association.\n\nShaw said that ...': where the parser ran the
    paragraph into the one before and hung the verb's subject there (or left a main verb none, making the
    name an apposition to a timestamp above: "7 p.m.\n\nDonald Trump is questioning ..."), the words
    opening the verb's paragraph before it, a name or noun phrase and nothing else, are its subject."""
    if verb.dep_ != "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None  # no subject at all: the climb to the governing verb finds it
    doc = ctx.doc
    first = verb.i
    while first > 0 and doc[first - 1].idx >= para[0]:
        first -= 1
    words = [t for t in doc[first:verb.i] if not t.is_space]
    words = [t for t in words if not (t.dep_ in ("aux", "neg", "advmod") and t.i > words[0].i)] if words else []
    if not words or not all(t.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT") for t in words):
        return None
    head = next((t for t in reversed(words) if t.pos_ in ("PROPN", "NOUN")), None)
    linked = mention_of(head) if head is not None else None
    return head if linked is not None and linked._.actor_type in SPEAKING_ACTOR_TYPES else None


def _speaker_or_maker(ctx: AttributionContext, noun: Token, lemma: str, cue: Token) -> Speaker | None:
    """The speaker a noun with a cue on it names ("footage of Clinton asking"); when the noun is a thing
    that cannot speak ("softer language calling for ...", "a comment that described ..."), the one whose
    clause put the thing there: the subject of the verb it hangs on, or the object a verb made do it
    ("prompted Clinton to make a comment that ...")."""
    spk = resolve_speaker(ctx, noun, lemma, cue)
    if spk is None or not spk.non_speaker:
        return spk
    maker = _maker_of(ctx, noun)
    if maker is None:
        return spk
    found = resolve_speaker(ctx, maker, lemma, cue)
    return found if found is not None and not found.non_speaker and found.name else spk


def _maker_of(ctx: AttributionContext, noun: Token) -> Token | None:
    """The subject of the nearest verb above ``noun`` (through prepositions, objects, coordinated and
    adverbial clauses), in the noun's paragraph; for a subjectless infinitive, the object of the verb
    that governs it."""
    para = paragraph_of(doc_text(ctx.doc), noun.idx)
    tok = noun
    for _ in range(10):
        if tok.dep_ not in ("dobj", "pobj", "prep", "pcomp", "conj", "advcl", "xcomp", "attr") or tok.head.i == tok.i:
            return None
        came_from, tok = tok, tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in tok.children if c.dep_ == "nsubj" and para[0] <= c.idx < para[1]]
        if subjects:
            # "how important it is to combat ...": an "it" subject is seldom the maker of anything.
            return None if subjects[0].lower_ in ("it", "this", "that", "there") else subjects[0]
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            objects = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i]
            if objects:
                return objects[0]  # "prompted his wife to make ...": the object does the making
    return None


def _speaker_before_gerund(verb: Token) -> Token | None:
    """'footage of Hillary Clinton asking, ...': the name or object pronoun right before a subjectless gerund."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.pos_ in ("SCONJ", "ADP", "CCONJ", "PUNCT"):
        return None  # "... - while chanting": a subordinator the model ran into a name
    if prev.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or prev.pos_ == "PROPN" and not prev.ent_type_ or prev.lower_ in ("him", "her", "them"):
        return prev
    return None


def _verb_with_the_subject(verb: Token) -> Token | None:
    """The verb to look for the subject on when ``verb`` has none, or None."""
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        # "after saying ...", "for calling ...", "despite admitting ...": a gerund adjunct has no
        # subject of its own; its speaker is the subject of the clause it modifies.
        governor = _clause_of_adjunct(verb)
        if governor is not None:
            return governor
    # "said, adding: ...", "X said, continuing ..." : the subject sits on the governing verb.
    if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "parataxis") and verb.head.i != verb.i:
        governor = verb.head
        while _in_dashed_aside(governor, verb) and governor.head.i != governor.i:
            # "looping the streets around the stadium - where the Panthers played - while chanting":
            # the aside between dashes is not the clause the adjunct after it belongs to.
            governor = governor.head
        return governor
    return None


def _in_dashed_aside(governor: Token, adjunct: Token) -> bool:
    """Whether ``governor`` lies between two dashes of its sentence and ``adjunct`` after the second."""
    if governor.i >= adjunct.i:
        return False
    doc = governor.doc
    closing = any(t.text in DASHES for t in doc[governor.i + 1:adjunct.i])
    opening = any(t.text in DASHES for t in doc[governor.sent.start:governor.i])
    return closing and opening


# Entity types that never speak: "said Wednesday" is when, not who.
TIME_ENTITIES = ("DATE", "TIME")


def _name_after_cue(ctx: AttributionContext, cue: Token, lemma: str, exclude: tuple[int, int]) -> Speaker | None:
    # "said Mr Chollet" sometimes comes out with the name as dobj/attr/npadvmod after the cue; only in the
    # cue's paragraph (the parser runs a paragraph into the next one's "Monday in Cardiff, ...").
    para = paragraph_of(doc_text(ctx.doc), cue.idx)
    for c in cue.children:
        if c.i > cue.i and c.dep_ in ("dobj", "attr", "npadvmod", "appos", "nsubj", "dep") and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")):
            if exclude[0] <= c.idx < exclude[1] or c.ent_type_ in TIME_ENTITIES or not para[0] <= c.idx < para[1]:
                continue
            return resolve_speaker(ctx, c, lemma, cue)
    return None


# Dependencies a misparsed subject is left with before a subjectless cue: an apposition to the phrase before
# it ("In a statement to the Observer, her adviser, Jake Sullivan, said"), the subject of a relative clause
# the parser made the main one ("Sanders, who sits at zero, said"), a conjunct hung on the phrase before
# ("..., Obama and Clinton call them"), or a loose attachment.
LOOSE_SUBJECT_DEPS = ("appos", "nsubj", "nsubjpass", "npadvmod", "dep", "conj", "ROOT")


def _speaker_before_subjectless_verb(ctx: AttributionContext, verb: Token, cue: Token, lemma: str,
                                     exclude: tuple[int, int]) -> Speaker | None:
    """A finite verb heading its sentence with no subject at all (the cue, or the verb the cue's clause
    hangs on) is a misparse; the speaker is the nearest noun phrase before it in its sentence, outside
    quotes and prepositional phrases, that names someone who can speak ("Tuesday, while campaigning for
    his wife, former president Bill Clinton said ...")."""
    if verb.dep_ != "ROOT" or not _finite(verb):
        return None
    doc = ctx.doc
    para = paragraph_of(doc_text(doc), verb.idx)
    # A subject the parser hung on it from another paragraph (a headline's "Bill Clinton:") is none.
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") and para[0] <= c.idx < para[1] for c in verb.children):
        return None
    for t in reversed(doc[verb.sent.start:verb.i]):
        if t.idx < para[0]:
            break
        if ctx.inside[t.i] or exclude[0] <= t.idx < exclude[1] or t.dep_ not in LOOSE_SUBJECT_DEPS:
            continue
        if t.dep_ in ("nsubj", "nsubjpass") and _opens_subordinate_clause(t.head):
            continue  # "When terrorists are revealed as ...": the subject of a circumstance
        if t.pos_ not in ("PROPN", "NOUN") or t.ent_type_ in TIME_ENTITIES:
            continue
        if t.dep_ == "appos" and t.pos_ == "NOUN" and _person_name(t.head):
            t = t.head  # "Mr Yeo, his transport spokesman, said": the person the description is
        spk = resolve_speaker(ctx, t, lemma, cue)
        if spk is not None and not spk.non_speaker and (spk.actor_type in SPEAKING_ACTOR_TYPES or ctx.people.can_speak(t.lemma_)):
            return spk
    return None


def _person_name(tok: Token) -> bool:
    """Whether ``tok`` lies in a person's name."""
    m = mention_of(tok)
    return m is not None and m._.mention_kind == "name" and m._.actor_type == "person"


def _finite(verb: Token) -> bool:
    """A verb in a past or present tense, or with an auxiliary ("is once again questioning")."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)


def _opens_subordinate_clause(verb: Token) -> bool:
    """Whether ``verb`` heads a clause a subordinator opens ("when", "if", "because", "after")."""
    return any(c.dep_ == "mark" for c in verb.children)


def _speaker_role(cues: dict[str, dict], cue: Token) -> str:
    """Whether the cue's subject ("X said") or its object ("quoted X as saying") is the speaker."""
    return cues.get(cue.lemma_.lower(), {}).get("speaker") or "subject"


def _quoted_object(cues: dict[str, dict], verb: Token) -> Token | None:
    """The object of a cue whose speaker is its object ("quoted X as saying"), if it names someone."""
    if _speaker_role(cues, verb) != "object":
        return None
    for c in verb.children:
        if c.dep_ == "dobj":
            linked = mention_of(c)
            if linked is not None and linked._.actor_type in SPEAKING_ACTOR_TYPES:
                return c
    return None


def _agent_of(verb: Token) -> Token | None:
    """The noun of a passive verb's by-phrase."""
    for c in verb.children:
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def _clause_of_adjunct(gerund: Token) -> Token | None:
    """The verb whose clause a prepositional gerund modifies ("drew criticism for saying" -> "drew")."""
    tok = gerund
    for _ in range(6):
        if tok.dep_ not in ("pcomp", "prep", "pobj", "conj", "dobj") or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None
