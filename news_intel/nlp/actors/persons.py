"""Persons within an article: the full name it introduces and the later mentions that refer back.

A surname, a title plus surname or a first-name variant (``name_variants.csv``) joins the person
introduced by full name. Two people may share a surname: gendered honorifics and titles, given names
and a following he/she keep "Mr Obama" off "Michelle Obama"; a title the person holds, then salience
in the article, choose among the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from news_intel.nlp.actors.entity_types import _not_a_person
from news_intel.nlp.actors.names import _clean_tokens, _display_case, _prev_word, normalize_name
from news_intel.nlp.actors.reference import ActorReference
from news_intel.nlp.actors.titles import _title_before
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.structure import doc_text


@dataclass
class PersonCluster:
    name_tokens: list[str]
    first_pos: int
    role: str | None = None
    country: str | None = None
    variants: list[list[str]] = field(default_factory=list)
    text: str = ""
    gender: str | None = None  # "m"/"f" from a given name or a gendered honorific/title
    positions: list[int] = field(default_factory=list)  # token offsets of the mentions so far
    titles: set[str] = field(default_factory=set)  # lowercased title words the person is given

    @property
    def canonical(self) -> str:
        # Middle initials vary between articles ("Donald J. Trump"); the canonical name drops them.
        name = normalize_name(self.text or " ".join(self.name_tokens))
        name = re.sub(r"(?<=\s)[A-Z]\.?\s+(?=\S)", "", name)
        return _display_case(name)

    @property
    def first(self) -> str:
        return self.name_tokens[0]

    @property
    def last(self) -> str:
        return self.name_tokens[-1]


def _person_tokens(ref: ActorReference, doc: Doc, start: int, end: int) -> tuple[int, int, list[str]]:
    """A person entity without titles, honorifics and post-nominals: (start, end, name words)."""
    s, t = _clean_tokens(doc, start, end)
    while s < t and (ref.is_title_word(doc[s].text) or ref.is_honorific(doc[s].text) or doc[s].text == "."):
        s += 1
    while t > s and (doc[t - 1].lower_.rstrip(".") in ref.postnominals or doc[t - 1].text in {",", "."}):
        t -= 1
    # A title-case headline runs the verb into the name ("Obama Says ..."): a last word the article
    # uses elsewhere as a lowercase verb is not part of a name on the first line.
    if t - s > 1 and "\n" not in doc_text(doc)[:doc[t - 1].idx]:
        low = doc[t - 1].lower_
        if any(x.text == low and x.pos_ in ("VERB", "AUX") for x in doc):
            t -= 1
    # "Blair Labour", "Tories Ken Clarke": a party the model ran into the name.
    if t - s > 1 and _not_a_person(ref, doc[t - 1].text):
        t -= 1
    if t - s > 1 and _not_a_person(ref, doc[s].text):
        s += 1
    toks = [x.text for x in doc[s:t] if x.text not in {".", "-"} and not x.is_space]
    if not toks or not toks[0][:1].isalpha() or not toks[0][:1].isupper():
        return s, s, []
    return s, t, toks


# -- clustering full names -----------------------------------------------------------------------
def _cluster(ref: ActorReference, clusters: list[PersonCluster], toks: list[str], pos: int, text: str) -> int:
    for i, c in enumerate(clusters):
        if len(c.name_tokens) >= 2 and c.last == toks[-1] and _same_first(ref, c.first, toks[0]):
            if _more_formal(ref, toks[0], c.first):
                c.variants.append(c.name_tokens)
                c.name_tokens, c.text = toks, text
            return i
    clusters.append(PersonCluster(toks, pos, text=text))
    return len(clusters) - 1


def _same_first(ref: ActorReference, a: str, b: str) -> bool:
    if a == b:
        return True
    va = ref.name_variants.get(a.lower(), a)
    vb = ref.name_variants.get(b.lower(), b)
    if va == vb:
        return True
    a_, b_ = a.rstrip("."), b.rstrip(".")
    if len(a_) == 1 or len(b_) == 1:
        return a_[0] == b_[0]
    short, long_ = sorted((a_, b_), key=len)
    return len(short) >= 3 and long_.startswith(short)


def _more_formal(ref: ActorReference, new: str, old: str) -> bool:
    return ref.name_variants.get(old.lower()) == new or (
        len(new.rstrip(".")) > len(old.rstrip(".")) and new.startswith(old.rstrip("."))
    )


# -- matching later mentions -----------------------------------------------------------------------
def _match_cluster(
    ref: ActorReference, clusters: list[PersonCluster], toks: list[str], pos: int, allow_single: bool,
    doc: Doc | None = None, end: int | None = None, gender: str | None = None, title: str | None = None,
) -> int | None:
    """The person a name refers to, or None.

    Full names match by surname and compatible first name. A single word (surname or first name)
    goes to a person whose gender does not contradict the honorific/title before it ("Mr Obama" is
    never "Michelle Obama"); among several, to the one given that title ("President Obama"), then to
    the one a pronoun after it agrees with, then to the one mentioned most so far (most recently on a
    tie), then (a name before any of them) to the one introduced first.
    """
    if not clusters:
        return None
    if len(toks) >= 2:
        for i, c in enumerate(clusters):
            if c.name_tokens == toks or (c.last == toks[-1] and _same_first(ref, c.first, toks[0])) or toks in c.variants:
                return i
        return None
    if not allow_single:
        return None
    tok = toks[0]
    for attr in ("last", "first"):
        cands = [i for i, c in enumerate(clusters) if len(c.name_tokens) >= 2 and getattr(c, attr) == tok]
        if attr == "last":
            cands += [i for i, c in enumerate(clusters) if c.name_tokens == [tok]]
        fit = [i for i in cands if gender is None or clusters[i].gender in (None, gender)]
        if fit:
            return _pick_cluster(clusters, fit, pos, title, doc, end)
    return None


def _pick_cluster(clusters: list[PersonCluster], fit: list[int], pos: int, title: str | None, doc: Doc | None, end: int | None) -> int:
    if len(fit) > 1 and title:
        titled = [i for i in fit if title in clusters[i].titles]
        fit = titled or fit
    if len(fit) > 1 and doc is not None and len({clusters[i].gender for i in fit}) > 1:
        # Two people share the surname ("Barack Obama", "Michelle Obama"): a pronoun after the
        # mention in its sentence ("Obama said he ...") tells them apart.
        pronoun = _pronoun_gender(doc, end if end is not None else pos + 1)
        if pronoun:
            fit = [i for i in fit if clusters[i].gender in (None, pronoun)] or fit
    # The person the article has spoken of most so far (on real news the subject, not the father
    # or wife named once in passing), then the one mentioned last.
    salient = []
    for i in fit:
        before = [p for p in clusters[i].positions or [clusters[i].first_pos] if p < pos]
        if before:
            salient.append((len(before), max(before), i))
    if salient:
        return max(salient)[2]
    # A name before all of them: someone the article calls by surname alone is the one readers
    # know by it ("President Obama" before "Michelle Obama" and "Mr. Obama").
    return min(fit, key=lambda i: (len(clusters[i].name_tokens) > 1, clusters[i].first_pos, i))


def _note_mention(cluster: PersonCluster, pos: int, title: str | None) -> None:
    cluster.positions.append(pos)
    if title:
        cluster.titles.add(title)


# -- gender ------------------------------------------------------------------------------------------
def _mention_gender(ref: ActorReference, doc: Doc, s: int, toks: list[str]) -> str | None:
    """Gender a full-name mention states: the honorific before it, else the given name."""
    gender, _ = _title_before(ref, doc, s)
    if gender is None and len(toks) >= 2:
        gender = ref.given_gender.get(toks[0].lower())
    return gender


def _pronoun_gender(doc: Doc, end: int) -> str | None:
    """Gender of the first he/she-type pronoun after a name in its sentence, before any other person."""
    if end <= 0 or end > len(doc):
        return None
    stop = doc[end - 1].sent.end
    for k in range(end, min(stop, end + 25)):
        tok = doc[k]
        if tok.ent_type_ == "PERSON":
            return None
        pronoun = person_lexicon().pronoun(tok.text)
        if pronoun is not None and pronoun.personal:
            return pronoun.gender
    return None


def _implicit_surname_clusters(ref: ActorReference, doc: Doc, clusters: list[PersonCluster]) -> None:
    """"Mr Obama" in an article that names only "Michelle Obama": a second, unnamed Obama exists.

    Created up front, at the first such honorific mention, so that earlier and later bare or titled
    surnames can choose between the two people.
    """
    for i in range(1, len(doc)):
        gender, _ = _title_before(ref, doc, i)
        word = doc[i].text
        if gender is None or not ref.is_honorific(doc[_prev_word(doc, i)].text) or not word[:1].isupper():
            continue
        if i + 1 < len(doc) and doc[i + 1].text[:1].isupper() and doc[i + 1].pos_ == "PROPN":
            continue  # honorific + full name
        same = [c for c in clusters if c.last == word and (len(c.name_tokens) >= 2 or c.name_tokens == [word])]
        if same and all(c.gender is not None and c.gender != gender for c in same):
            clusters.append(PersonCluster([word], i, text=word, gender=gender))
