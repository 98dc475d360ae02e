"""Who said it, coreference side: the rules that link a speaker mention to the actor it stands for, on
sentences written for them. Each test reads the quote row's speaker or the mention layer's spans."""
from __future__ import annotations

from news_intel.nlp.mentions import mentions
from tests.unit.attribution import linked, speakers


# --- a person's campaign, staff or team speaks for that person ----------------------------------------

def test_a_persons_campaign_is_an_organization_named_after_them(nlp):
    text = "Senator Maria Ortiz’s campaign said on Monday that the figures were “plainly wrong.”"
    assert linked(nlp, text)["senator maria ortiz’s campaign"] == "Maria Ortiz campaign"


def test_it_after_a_persons_campaign_refers_to_the_campaign(nlp):
    text = ("Gregory Lane’s campaign is defending his remarks about the strike. "
            "It is denouncing what it calls “a smear by the unions.”")
    assert speakers(nlp, text) == [("a smear by the unions.", "Gregory Lane campaign")]


def test_they_after_a_persons_campaign_refers_to_the_campaign(nlp):
    text = ("Governor Ellen Marsh’s campaign is trying to contrast her record with what they call "
            "her rival’s “reckless spending.”")
    assert speakers(nlp, text)[0][1] == "Ellen Marsh campaign"


def test_a_campaign_owned_through_a_pronoun_is_that_persons(nlp):
    text = ("Mayor Paul Greer announced his run for governor on Friday.\n\n"
            "His staff said the announcement was “long overdue.”")
    assert speakers(nlp, text) == [("long overdue.", "Paul Greer staff")]


def test_an_organizations_team_is_not_an_entourage(nlp):
    text = "Northfields Capital Partners posted record profits. The firm’s team said it was “a good year.”"
    assert all(not (m._.actor or "").endswith(" team") for m in mentions(nlp(text)))


# --- a document's issuer may be a subject coreference resolved -----------------------------------------

def test_a_press_release_sent_by_a_campaign_speaks_for_the_campaign(nlp):
    text = ("After the debate, Nora Quill’s campaign sent out a press release saying her rival owes voters "
            "“a full apology.”")
    assert speakers(nlp, text) == [("a full apology.", "Nora Quill campaign")]


def test_a_statement_released_by_they_speaks_for_the_group_they_stand_for(nlp):
    text = ("The Federation of Small Builders met on Monday. They released a statement calling the levy "
            "“a tax on homes.”")
    assert speakers(nlp, text)[0][1] == "Federation of Small Builders"


# --- a paragraph break ends the sentence: a clause hung across it is a main clause ----------------------

def test_a_clause_the_parser_hung_across_a_paragraph_break_still_takes_the_focus(nlp):
    # The parser runs "the Times gave ..." into the next paragraph's sentence; the Times is still its subject.
    text = ("FactWatch is operated by the Harbor City Times, a Maine news organization with a liberal editorial "
            "bent.\n\nDuring the primaries, the Times gave Whitfield a glowing endorsement:\n\n"
            "She has long been a persuasive advocate for women and families.\n\n"
            "Meanwhile, it attacked Mr. Dorsey, saying he “has offended veterans.”")
    it = next(m for m in mentions(nlp(text)) if m.text == "it")
    assert it._.actor == "Times"


# --- names inside an excerpt of a written text are the article's narrative ----------------------------

EXCERPT = ('The Ledger sent its reporter Dana Whitcombe to a diner in rural Ohio. Whitcombe writes:\n\n'
           '"Rosa had waited years for a candidate like him. She was tired, sure. Angry, definitely. '
           'But certainly not ready to give up.\n\n'
           '“This is the one,” she said that night, and she poured another coffee for the road."')


def test_she_after_a_quoted_excerpt_is_the_person_the_excerpt_narrates(nlp):
    doc = nlp(EXCERPT)
    said = [m for m in mentions(doc) if m._.mention_kind == "pronoun" and m.start_char > EXCERPT.index("This is")]
    assert said and said[0]._.actor == "Rosa"


def test_a_short_spoken_quotation_is_no_excerpt(nlp):
    text = ('Henry Vale chairs the county caucus.\n\n'
            '“No one is campaigning for Ruth. Tom Akers had a band. Ruth has nobody like that,” he said.')
    assert speakers(nlp, text) == [(
        "No one is campaigning for Ruth. Tom Akers had a band. Ruth has nobody like that,", "Henry Vale")]
