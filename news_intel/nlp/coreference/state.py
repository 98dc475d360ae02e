"""The per-article state coreference works over: the name mentions, quotation regions, cues, genders,
and the running record of who was mentioned how prominently."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from news_intel.nlp.mentions import make_mention, mentions
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.quote_marks import quote_spans_of
from news_intel.nlp.structure import doc_text

# Characters back from a pronoun within which its antecedent is looked for (a few paragraphs of news).
PRONOUN_WINDOW = 1500
# Characters back from a role noun, organization noun or document within which its antecedent is looked for.
DESCRIPTION_WINDOW = 6000
SUBJECT_DEPS = ("nsubj", "nsubjpass")
GROUP_TYPES = ("organization", "country", "group")


@dataclass
class Salient:
    """One occasion on which an actor was mentioned, and how prominently."""

    char: int
    actor: str
    actor_type: str
    rank: int  # 2: subject of a speech cue, 1: subject of a main clause (or as good), 0: anywhere else
    quotation: int | None = None  # the quotation it was said in, None outside quotation marks


@dataclass
class ArticleState:
    doc: Doc
    in_quote: list[int | None]  # per token: the quotation it lies in
    cues: dict[int, str]  # token index -> speech cue lemma
    genders: dict[str, str]  # person actor -> "m" / "f"
    names: list[Span]  # the actors component's name mentions, in text order
    name_at: list[Span | None]  # per token: the name mention covering it
    events: list[Salient] = field(default_factory=list)
    new_mentions: list[Span] = field(default_factory=list)
    org_counts: dict[str, int] = field(default_factory=dict)
    # The unnamed people (kind "description") among new_mentions, so that looking for them per role noun
    # does not read every mention's kind; and the start of each name, for the window of earlier names.
    descriptions: list[Span] = field(default_factory=list)
    _name_starts: list[int] = field(default_factory=list)
    # Quotations that are excerpts of a written text (see ``excerpt_quotations``): their names are the
    # article's narrative, not what a speaker talks about.
    excerpts: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Doc, cues: dict[int, str], genders: dict[str, str],
           in_quote: list[int | None] | None = None) -> ArticleState:
        names = [m for m in mentions(doc) if m._.mention_kind == "name" and m._.actor]
        name_at: list[Span | None] = [None] * len(doc)
        for m in names:
            for k in range(m.start, m.end):
                name_at[k] = name_at[k] or m
        state = cls(doc, quote_mask(doc) if in_quote is None else in_quote, cues, genders, names, name_at)
        state.excerpts = excerpt_quotations(doc, state.in_quote)
        return state

    def note(self, tok: Token, actor: str, actor_type: str, rank: int) -> None:
        self.events.append(Salient(tok.idx, actor, actor_type, rank, self.in_quote[tok.i]))

    def add(self, start: int, end: int, kind: str, actor: str | None, actor_type: str | None,
            antecedent: int | None, country: str | None = None, role: str | None = None) -> Span | None:
        """Add a mention over tokens ``[start, end)`` to what this pass writes to the mention layer."""
        doc = self.doc
        span = make_mention(
            doc, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), actor=actor, actor_type=actor_type,
            mention_kind=kind, antecedent=antecedent, country=country, role=role, source="coreference",
        )
        if span is not None:
            self.new_mentions.append(span)
            if kind == "description":
                self.descriptions.append(span)
        return span

    def earlier_names(self, tok: Token, actor_types: tuple[str, ...], window: int = DESCRIPTION_WINDOW) -> list[Span]:
        # Only the names starting in the window are looked at (``names`` is in text order): scanning them
        # all per token made long articles quadratic.
        if len(self._name_starts) != len(self.names):
            self._name_starts = [m.start_char for m in self.names]
        first = bisect_left(self._name_starts, tok.idx - window)
        last = bisect_left(self._name_starts, tok.idx)
        return [m for m in self.names[first:last] if m.end_char <= tok.idx and m._.actor_type in actor_types]

    def resolved_at(self, tok: Token, kinds: tuple[str, ...] = ("pronoun", "organization_noun")) -> Span | None:
        """The mention of one of ``kinds`` this pass already linked to an actor over ``tok``, if it did: the
        pronoun of "its report", the noun phrase of "Rubio's campaign sent out a press release"."""
        for m in reversed(self.new_mentions):
            if m.start <= tok.i < m.end and m._.mention_kind in kinds and m._.actor:
                return m
        return None


def quote_mask(doc: Doc) -> list[int | None]:
    """The quotation each token lies inside (its number), None outside quotation marks."""
    mask: list[int | None] = [None] * len(doc)
    for q in quote_spans_of(doc):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            for k in range(span.start, span.end):
                mask[k] = q.quotation
    return mask


# Sentences a quotation needs before it reads as an excerpt of a written text rather than someone's words.
EXCERPT_SENTENCES = 3


def excerpt_quotations(doc: Doc, in_quote: list[int | None]) -> set[int]:
    """Quotations that excerpt a written text ("McCrummen reports:\n\n"Melanie thought the whole thing was
    outrageous. She wasn't ..."): whole paragraphs (two or more) of third-person narrative, several
    sentences long, with no I, we or you outside the quotations nested in them. Spoken words are rarely so."""
    lexicon = person_lexicon()
    text = doc_text(doc)
    tokens: dict[int, list[Token]] = {}
    for tok in doc:
        if in_quote[tok.i] is not None and not tok.is_space:
            tokens.setdefault(in_quote[tok.i], []).append(tok)
    sentence_of: list[int] | None = None
    out = set()
    for number, toks in tokens.items():
        first = toks[0]
        line_start = text.rfind("\n", 0, first.idx) + 1
        if text[line_start:first.idx].strip(" \t\"“”'‘’\xa0"):
            continue  # opens mid-paragraph: someone's words in a sentence of the article
        if "\n" not in text[first.idx:toks[-1].idx]:
            continue  # within one paragraph: far more often someone's words than an excerpt
        # Token.sent walks its whole sentence; one pass over the sentences serves every quotation.
        if sentence_of is None:
            sentence_of = _sentence_numbers(doc)
        if len({sentence_of[t.i] for t in toks}) < EXCERPT_SENTENCES:
            continue
        personal = any((p := lexicon.pronoun(t.text)) is not None and p.person in (1, 2) and t.tag_.startswith("PRP")
                       and not _nested_quote(text, t.idx, first.idx) for t in toks)
        if not personal:
            out.add(number)
    return out


def _sentence_numbers(doc: Doc) -> list[int]:
    """The number of the sentence each token is in."""
    numbers = [0] * len(doc)
    for k, sent in enumerate(doc.sents):
        numbers[sent.start:sent.end] = [k] * len(sent)
    return numbers


def _nested_quote(text: str, at: int, start: int) -> bool:
    """Whether character ``at`` of a quotation opened at ``start`` lies inside a quotation nested in it:
    an odd number of curly or single marks between them on its line."""
    line = text.rfind("\n", start, at) + 1 or start
    segment = text[max(line, start):at]
    return (segment.count("“") + segment.count("”")) % 2 == 1 or (segment.count("‘") - segment.count("’")) > 0
