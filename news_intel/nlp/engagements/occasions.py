"""What identifies the occasion of a refusal: its time, the counts claimed ("over a dozen requests"),
single refusal or series, and the people, places and events it is anchored to.
"""
from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.engagements.actor_refs import timexes_between
from news_intel.nlp.engagements.vocabulary import Vocabulary
from news_intel.nlp.structure import doc_entities, doc_text

if TYPE_CHECKING:
    from news_intel.nlp.engagements.actor_refs import ActorRef
    from news_intel.nlp.engagements.extractor import Extractor
    from news_intel.nlp.engagements.refused_thing import Engagement


def _parse_date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def sentence_time(doc: Doc, sent: Span) -> tuple[str | None, date | None, date | None, bool]:
    """Time the sentence gives: the union of its resolved dates; "since X" opens the end."""
    texts, starts, ends, open_ended = [], [], [], False
    for t in timexes_between(doc, sent.start_char, sent.end_char):
        u = t._
        if u.timex_type != "DATE":
            continue
        start, end = _parse_date(u.range_start), _parse_date(u.range_end)
        if start is None:
            continue
        texts.append(u.timex_text)
        starts.append(start)
        ends.append(end or start)
        if re.search(r"\bsince\s*$", doc_text(doc)[sent.start_char:u.timex_start], re.I):
            open_ended = True
    if not starts:
        return None, None, None, False
    return "; ".join(texts), min(starts), (None if open_ended else max(ends)), open_ended


def claimed_count(noun: Token, vocab: Vocabulary) -> tuple[int | None, int | None]:
    num = None
    for c in noun.children:
        if c.dep_ in {"nummod", "compound", "amod", "quantmod"} and (c.like_num or c.lower_ in vocab.count_words):
            num = c
            break
    if num is None:
        return None, None
    if num.like_num and not num.lower_ in vocab.count_words:
        try:
            value = int(float(num.text.replace(",", "")))
        except ValueError:
            return None, None
    else:
        value = vocab.count_words[num.lower_]
    prefix = " ".join(t.lower_ for t in noun.doc[noun.left_edge.i:num.i])
    prefix = re.sub(r"\b(a|an)$", "", prefix).strip()
    vague = num.lower_ in {"multiple", "several", "numerous", "dozens", "hundreds", "scores"}
    for words, bound in vocab.qualifiers:
        if prefix.endswith(words):
            if bound == "above":
                return value + 1, None
            if bound == "min":
                return value, None
            if bound == "below_or_equal":
                return None, value
            if bound == "below":
                return None, value - 1
            return value, value
    if vague:
        return value, None
    return value, value


def scope(ex: Extractor, eng: Engagement, cmin, cmax) -> str:
    """'series' for repeated requests or several channels, 'single' for one refused engagement."""
    if (cmin or 0) > 1 or (cmax or 0) > 1:
        return "series"
    for noun in [eng.request, eng.head]:
        if noun is None or noun.pos_ == "VERB":
            continue
        if any(c.lower_ in {"repeated", "multiple", "several", "numerous", "many", "countless"} for c in noun.children):
            return "series"
        if noun.tag_ in {"NNS", "NNPS"} and not ex.role(noun)[2]:
            return "series"
        if eng.request is not None:
            break
    return "single"


def engagement_anchors(doc: Doc, in_region: list[ActorRef], persons: tuple[ActorRef | None, ...],
                       sides: set[str | None], region_bounds: tuple[int, int]) -> list[str]:
    """What identifies the engagement across reports: the people who were to meet, the venue or occasion."""
    rstart, rend = region_bounds
    return sorted({p.actor for p in in_region if p.actor_type in {"person", "event"}}
                  | {a.actor for a in persons if a is not None and a.actor_type == "person"}
                  | {p.actor for p in in_region if p.actor_type in {"country", "location"} and p.actor not in sides}
                  | {e.text for e in doc_entities(doc) if e.label_ in {"FAC", "EVENT"} and rstart <= e.start_char < rend})
