"""The ``news_engagements`` spaCy component: one row per mention, built from the steps of the other modules."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from news_intel.nlp.engagements.actor_refs import QUOTE_OPEN, ActorRef, actors_in, in_quote
from news_intel.nlp.engagements.extractor import Extractor
from news_intel.nlp.engagements.lookalikes import (
    background_of_held_engagement, characterised, generic, participants_exclude,
)
from news_intel.nlp.engagements.occasions import claimed_count, engagement_anchors, scope, sentence_time
from news_intel.nlp.engagements.parties import (
    Parties, clause_agent, decliner_as_written, decliner_from_context, is_venue, place_parties,
    requester_as_written, requester_from_context,
)
from news_intel.nlp.engagements.refused_thing import Engagement, engagement_for
from news_intel.nlp.engagements.vocabulary import load_vocabulary
from news_intel.nlp.structure import doc_text, sentence_index
from news_intel.nlp.tables import TableSpec

TAKES_REFERENCE_DIR = True

TABLE = TableSpec(
    name="engagement_mentions",
    doc_attr="engagement_rows",
    columns=(
        ("sentence_idx", "INTEGER NOT NULL"),
        ("start_char", "INTEGER NOT NULL"),
        ("end_char", "INTEGER NOT NULL"),
        ("trigger", "VARCHAR NOT NULL"),
        ("kind", "VARCHAR NOT NULL"),
        ("decliner", "VARCHAR"),
        ("requester", "VARCHAR"),
        ("engagement", "VARCHAR"),
        ("claimed_count_min", "INTEGER"),
        ("claimed_count_max", "INTEGER"),
        ("decliner_actor", "VARCHAR"),
        ("requester_actor", "VARCHAR"),
        ("decliner_source", "VARCHAR"),
        ("requester_source", "VARCHAR"),
        ("engagement_type", "VARCHAR"),
        ("scope", "VARCHAR"),
        ("anchors", "VARCHAR"),
        ("in_quote", "BOOLEAN"),
        ("time_text", "VARCHAR"),
        ("time_start", "DATE"),
        ("time_end", "DATE"),
        ("time_open_ended", "BOOLEAN"),
    ),
    description=(
        "One row per sentence-level mention of a declined, ignored, cancelled or postponed engagement "
        "(meeting, talks, dialogue, visit, summit, communication channel)."
    ),
)

if not Doc.has_extension(TABLE.doc_attr):
    Doc.set_extension(TABLE.doc_attr, default=None)


def span_text(doc: Doc, start: int, end: int, limit: int = 240) -> str:
    text = " ".join(doc_text(doc)[start:end].split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subtree_bounds(tokens: list[Token]) -> tuple[int, int]:
    start = min(t.left_edge.idx for t in tokens)
    end = max(t.right_edge.idx + len(t.right_edge) for t in tokens)
    return start, end


@Language.factory(
    "news_engagements", default_config={"reference_dir": None},
    requires=["doc.spans", "token.dep", "token.lemma"], assigns=["doc._.engagement_rows"],
)
def make_engagements(nlp: Language, name: str, reference_dir: str | None):
    vocab = load_vocabulary(str(reference_dir) if reference_dir else None)
    extractor = Extractor(vocab)

    def component(doc: Doc) -> Doc:
        doc._.engagement_rows = [
            {k: v for k, v in row.items() if not k.startswith("_")} for row in find_mentions(doc, extractor)
        ]
        return doc

    return component


def find_mentions(doc: Doc, ex: Extractor) -> list[dict]:
    rows: list[dict] = []
    seen_objects: set[int] = set()
    sent_idx = sentence_index(doc)
    for tok in doc:
        trig = ex.trigger_of(tok)
        if trig is None:
            refused = ex.refused_engagement(tok)
            if refused is None or ex.hedged(tok, allow_modal=True):
                continue
            trig = (refused, "declined", False, "refused_verb")
        trigger_text, kind, needs_negation, form = trig
        if form == "noun":
            determiners = {c.lower_ for c in tok.children if c.dep_ == "det"}
            if needs_negation:
                if not ex.noun_negated(tok):
                    continue  # "a response to the request" is no refusal; "no response to it" is
            elif determiners & {"any", "no"}:
                continue  # "denied there was any snub"
        elif form == "verb":
            if needs_negation != ex.negated(tok):
                continue
            if ex.hedged(tok):
                continue
        elif form == "adj" and ex.hedged(tok.head if tok.dep_ != "amod" else tok):
            continue
        if background_of_held_engagement(ex, tok):
            continue
        row = _mention(doc, ex, tok, trigger_text, kind, form, rows, sent_idx)
        if row is None:
            continue
        key = row["_object_i"]
        if key is not None and key in seen_objects:
            continue
        if key is not None:
            seen_objects.add(key)
        rows.append(row)
    return _drop_echoes(rows)


def _drop_echoes(rows: list[dict]) -> list[dict]:
    """One refusal per engagement per sentence: "Putin would not meet Zelensky, dismissing the proposal"
    is one mention; the trigger whose engagement was only found elsewhere in the sentence goes."""
    own = {(r["_sent"], r["_engagement_i"]) for r in rows if not r["_from_context"]}
    return [r for r in rows if not (r["_from_context"] and (r["_sent"], r["_engagement_i"]) in own)]


def _mention(doc: Doc, ex: Extractor, tok: Token, trigger_text: str, kind: str, form: str,
             previous: list[dict], sent_idx: list[int]) -> dict | None:
    eng = engagement_for(doc, ex, tok, form, previous)
    if eng is None:
        return None
    dtok, decliner, dsource = decliner_as_written(doc, ex, tok, form)
    if characterised(tok, eng) or participants_exclude(doc, ex, eng, dtok, decliner):
        return None
    if decliner is None and eng.request is None and generic(eng.head):
        return None
    if decliner is None and dtok is None and form == "verb":
        decliner = clause_agent(doc, tok)
        dsource = "clause" if decliner is not None else dsource
    region_tokens = [t for t in eng.region if t is not None] or [eng.head]
    request_nouns = [t for t in (eng.request, eng.head) if t is not None]
    parties = Parties(dtok, decliner, dsource)
    parties.requester, parties.rsource = requester_as_written(doc, ex, tok, request_nouns + region_tokens, decliner)
    rstart, rend = subtree_bounds(region_tokens)
    in_region = actors_in(doc, rstart, rend)
    participants = [p for p in in_region if not is_venue(doc, p)]
    decliner_from_context(doc, tok, eng, parties, previous, sent_idx[tok.i])
    requester_from_context(doc, eng, parties, participants, previous)
    place_parties(doc, parties, in_region, participants)
    return _row(doc, ex, tok, trigger_text, kind, eng, parties, request_nouns, region_tokens, in_region,
                (rstart, rend), sent_idx[tok.i])


def _mention_bounds(doc: Doc, tok: Token, eng: Engagement, dtok: Token | None,
                    region_tokens: list[Token]) -> tuple[int, int]:
    """The trigger's clause, from the decliner when it is a dependent here, to the end of the object."""
    sent = tok.sent
    own = [t for t in region_tokens if eng.inherited is None and not eng.from_context] or [tok]
    start, end = subtree_bounds(own)
    if eng.from_context and eng.request is not None:
        start, end = subtree_bounds([eng.request])
    start, end = min(start, tok.idx), max(end, tok.idx + len(tok))
    if dtok is not None and dtok.sent == sent and abs(dtok.i - tok.i) < 30:
        start = min(start, dtok.left_edge.idx if dtok.head.i == tok.i else dtok.idx)
    # Never across a paragraph break: a caption or credit the parser joined to the sentence is not part of it.
    paragraph_break = doc_text(doc).rfind("\n\n", 0, tok.idx)
    paragraph_start = paragraph_break + 2 if paragraph_break >= 0 else 0
    start, end = max(start, sent.start_char, paragraph_start), min(end, sent.end_char)
    while start < end and not (doc_text(doc)[start].isalnum() or doc_text(doc)[start] in QUOTE_OPEN + '"'):
        start += 1
    return start, end


def _engagement_text(doc: Doc, eng: Engagement, sent: Span, request_nouns: list[Token],
                     region_tokens: list[Token]) -> str:
    if eng.inherited is not None:
        return eng.inherited["engagement"]
    if eng.from_context:
        # "over a dozen requests from the Pentagon" says more than the engagement word found elsewhere.
        return span_text(doc, *subtree_bounds([eng.request if eng.request is not None else eng.head]))
    es, ee = subtree_bounds(request_nouns + region_tokens)
    return span_text(doc, max(es, sent.start_char), min(ee, sent.end_char))


def _row(doc: Doc, ex: Extractor, tok: Token, trigger_text: str, kind: str, eng: Engagement, parties: Parties,
         request_nouns: list[Token], region_tokens: list[Token], in_region: list[ActorRef],
         region_bounds: tuple[int, int], sent_no: int) -> dict:
    """The table row, plus the private fields (``_``-prefixed) later mentions of the article read."""
    start, end = _mention_bounds(doc, tok, eng, parties.dtok, region_tokens)
    count_noun = eng.request if eng.request is not None else eng.head
    cmin, cmax = claimed_count(count_noun, ex.v) if count_noun.pos_ != "VERB" else (None, None)
    time_text, tstart, tend, open_ended = sentence_time(doc, tok.sent)
    decliner_actor, requester_actor = parties.decliner_actor, parties.requester_actor
    anchors = engagement_anchors(doc, in_region, (decliner_actor, requester_actor),
                                 {parties.decliner_side, parties.requester_side}, region_bounds)
    return {
        "sentence_idx": sent_no,
        "start_char": start,
        "end_char": end,
        "trigger": trigger_text,
        "kind": kind,
        "decliner": parties.decliner_side,
        "requester": parties.requester_side,
        "engagement": _engagement_text(doc, eng, tok.sent, request_nouns, region_tokens),
        "claimed_count_min": cmin,
        "claimed_count_max": cmax,
        "decliner_actor": decliner_actor.actor if decliner_actor else parties.decliner_side,
        "requester_actor": requester_actor.actor if requester_actor else parties.requester_side,
        # An agentless report with no clause saying who ("the negotiations were put off") is flagged.
        "decliner_source": parties.dsource if parties.decliner_side else "unstated",
        "requester_source": parties.rsource if parties.requester_side else None,
        "engagement_type": eng.engagement_type,
        "scope": scope(ex, eng, cmin, cmax),
        "anchors": "|".join(anchors) or None,
        "in_quote": in_quote(doc, tok.idx),
        "time_text": time_text,
        "time_start": tstart,
        "time_end": tend,
        "time_open_ended": open_ended,
        "_object_i": (eng.request.i if eng.request is not None else None) if (eng.inherited or eng.from_context)
        else (eng.request or eng.head).i,
        "_engagement_i": eng.head.i,
        "_from_context": eng.from_context or eng.inherited is not None,
        "_decliner_ref": parties.decliner,
        "_requester_ref": requester_actor if requester_actor is not None else parties.requester,
        "_sent": sent_no,
    }
