"""Which cue reports a quotation: the cues of its sentence frame, outside every quote, ranked (a postposed
attribution first, then the cues governing the quotation in the parse, then the nearest), each asked for
its subject until one names someone who can speak. A signed quote needs no cue."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from news_intel.nlp.people import PersonLexicon
from news_intel.nlp.quote_marks import QuoteSpan
from news_intel.nlp.quotes.context import AttributionContext
from news_intel.nlp.quotes.cue_subject import cue_subject
from news_intel.nlp.quotes.labels import signed_quote_speaker
from news_intel.nlp.quotes.layout import paragraph_of, sentence_break, sentence_frame
from news_intel.nlp.quotes.resolution import resolve_speaker
from news_intel.nlp.quotes.speaker import SPEAKING_ACTOR_TYPES, Speaker
from news_intel.nlp.structure import doc_text


def speaker_in_frame(ctx: AttributionContext, q: QuoteSpan) -> Speaker | None:
    """The cue nearest the quote in its sentence(s), outside every quote, and its subject."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    lo, hi = paragraph_of(text, q.start)
    frame = sentence_frame(doc, q, lo, hi)
    dashed = signed_quote_speaker(ctx, q, hi)
    if dashed is not None:
        return dashed
    # Cues governing the quotation in the parse come first (the lowest one wins), then the nearest.
    governors = _governing_cues(ctx, q)
    unfit = None
    for _, i, lemma in _ranked_cues(ctx, q, frame, governors):
        spk = cue_subject(ctx, doc[i], lemma, exclude=(q.start, q.end))
        if spk is None and doc[i].idx >= q.end:
            spk = _name_before_cue(ctx, q, doc[i], lemma)
        if spk is not None and spk.non_speaker:
            unfit = unfit or spk  # a misparse: another cue may still name the speaker
            continue
        if spk is not None and i in governors and _thing_cited(ctx.people, spk):
            # "He says evidence suggests there are “significant” numbers": a document nobody issued,
            # reported inside someone's own words, is theirs to cite.
            return _reporting_speaker(ctx, q, governors, i) or spk
        if spk is not None:
            return spk
    return unfit


def _ranked_cues(ctx: AttributionContext, q: QuoteSpan, frame: tuple[int, int], governors: dict[int, int]) -> list[tuple[int, int, str]]:
    """(rank, token index, lemma) of the cues in the quote's sentence frame that may report it, best first."""
    doc, text = ctx.doc, doc_text(ctx.doc)
    f_lo, f_hi = frame
    body_end = text[q.start:q.end].rstrip()
    # A quote whose last sentence ends in a full stop ends the reporter's sentence too; after "?" or "!"
    # the attribution may still follow ("...?" Clinton said).
    closes_sentence = body_end.endswith(".") and not body_end.endswith("..")
    candidates = []
    for i in ctx.cues_between(f_lo, f_hi):
        lemma, tok = ctx.cue_tokens[i], doc[i]
        if ctx.inside[i]:
            continue
        if tok.idx >= q.end:
            dist = _distance_after(ctx, q, tok, i in governors, closes_sentence)
            if dist is None:
                continue
        else:
            dist = _distance_before(ctx, q, tok)
        if i in governors:
            dist = -10000 + governors[i]
        if _postposed_attribution(doc, q, tok):
            dist = -20000  # '“...,” The Hill reported': the reporting clause after the quotation is its attribution
        candidates.append((dist, i, lemma))
    return sorted(candidates)


def _distance_after(ctx: AttributionContext, q: QuoteSpan, tok: Token, governs: bool, closes_sentence: bool) -> int | None:
    """How far a cue after the quote stands from it, or None when it cannot report it."""
    text = doc_text(ctx.doc)
    dist = tok.idx - q.end
    # A cue in another sentence's quote-free stretch between two quotes belongs to the nearer one.
    if ctx.quote_between(q.end, tok.idx):
        return None
    if not governs and (closes_sentence or sentence_break(text, q.end + 1, tok.idx)):
        return None
    if _opens_adverbial_clause(tok):
        dist += 500  # '“...,” when Clinton blasted him': a circumstance of the quote, not its attribution
    return dist


def _distance_before(ctx: AttributionContext, q: QuoteSpan, tok: Token) -> int:
    """How far a cue before the quote stands from it, farther across another quotation or a sentence end."""
    text = doc_text(ctx.doc)
    dist = q.start - (tok.idx + len(tok))
    if ctx.quote_between(tok.idx, q.start - 1):
        dist += 1000  # prefer cues not separated by another quotation
    if sentence_break(text, tok.idx + len(tok), q.start - 1) and not text[tok.idx + len(tok):q.start].strip().endswith(":"):
        dist += 500
    return dist


def _thing_cited(people: PersonLexicon, spk: Speaker) -> bool:
    """A document or piece of evidence, not a person or organization, as the speaker."""
    if spk.actor_type == "document":
        return True
    head = (spk.mention or "").split()[-1:] or [""]
    return spk.actor_type is None and not people.is_person_noun(head[0].lower())


def _reporting_speaker(ctx: AttributionContext, q: QuoteSpan, governors: dict[int, int], inner: int) -> Speaker | None:
    """The speaker of a cue governing cue ``inner``, when that speaker is a person or organization."""
    for i in sorted((i for i in governors if governors[i] > governors[inner]), key=governors.get):
        spk = cue_subject(ctx, ctx.doc[i], ctx.cue_tokens[i], exclude=(q.start, q.end))
        if spk is not None and spk.name and spk.actor_type in SPEAKING_ACTOR_TYPES:
            return spk
    return None


def _name_before_cue(ctx: AttributionContext, q: QuoteSpan, cue: Token, lemma: str) -> Speaker | None:
    """'"...," Rep. John Mica (R-Fla.) said': parentheses often leave the cue without a parsed subject;
    the name standing between the closing mark and the cue is the speaker."""
    doc = ctx.doc
    between = doc.char_span(q.end + 1, cue.idx, alignment_mode="contract")
    if between is None:
        return None
    depth, last_name = 0, None
    for t in between:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (t.pos_ == "PROPN" or t.ent_type_ == "PERSON"):
            last_name = t
    if last_name is None:
        return None
    return resolve_speaker(ctx, last_name, lemma, cue)


def _governing_cues(ctx: AttributionContext, q: QuoteSpan) -> dict[int, int]:
    """Cue tokens above the quotation's root in the parse, outside every quote -> how many steps up."""
    doc = ctx.doc
    governors: dict[int, int] = {}
    qspan = doc.char_span(q.start, q.end, alignment_mode="expand")
    if qspan is not None and len(qspan):
        depth, tok = 0, qspan.root
        while tok.head.i != tok.i and depth < 12:
            tok, depth = tok.head, depth + 1
            if tok.i in ctx.cue_tokens and not ctx.inside[tok.i]:
                governors.setdefault(tok.i, depth)
    return governors


def _opens_adverbial_clause(verb: Token) -> bool:
    """Whether a verb heads an adverbial clause opened by a subordinator ("when", "after", "because")."""
    # "as" is the exception: '“...,” as the minister put it' is an attribution.
    return verb.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.tag_ in ("IN", "WRB") and c.i < verb.i and c.lower_ != "as"
        for c in verb.children
    )


def _postposed_attribution(doc: Doc, q: QuoteSpan, cue: Token) -> bool:
    """'“...,” The Hill reported.', '“...?” asked Ms Roe': a cue right after a quotation ending in a comma,
    question or exclamation mark, with only its subject between and nothing reported after it, reports
    that quotation whatever the parser attached inside it."""
    text = doc_text(doc)
    body = text[q.start:q.end].rstrip()
    after = text[q.end:cue.idx]
    if cue.idx < q.end or not (body.endswith((",", "?", "!")) or after.lstrip("”\"’' ").startswith(",")):
        return False
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > cue.i for c in cue.children):
        return False  # '...act?" Mr Blair said he would not respond': a new sentence reporting something else
    between = doc.char_span(q.end + 1, cue.idx, alignment_mode="contract")
    words = [t for t in between if not t.is_punct] if between is not None else []
    return len(words) <= 6 and all(t.pos_ in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "ADV") for t in words)
