"""The project's components declare what they read and write, and the pipe order satisfies it."""
from __future__ import annotations

from news_intel.nlp.mentions import MENTION_KINDS, mentions


def test_every_component_finds_what_it_requires(nlp):
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not p for p in problems.values()), problems


def test_mention_layer_precedes_its_readers(nlp):
    names = nlp.pipe_names
    assert names.index("news_actors") < names.index("news_coreference") < names.index("news_quotes")
    assert names.index("news_coreference") < names.index("news_engagements")


def test_mentions_carry_their_resolution(nlp):
    doc = nlp('Defence Secretary Lloyd Austin met reporters. "We are ready," he said.')
    spans = mentions(doc)
    assert {m._.mention_kind for m in spans} <= set(MENTION_KINDS)
    by_text = {m.text: m for m in spans}
    assert by_text["Lloyd Austin"]._.actor == "Lloyd Austin" and by_text["Lloyd Austin"]._.actor_type == "person"
    assert by_text["he"]._.actor == "Lloyd Austin" and by_text["he"]._.mention_kind == "pronoun"
    assert [q._.speaker for q in doc.spans["quotes"]] == ["Lloyd Austin"]
