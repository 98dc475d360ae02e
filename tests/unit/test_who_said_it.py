"""Who said it: each class of speaker error the shared mention layer fixes, on sentences written for it.

The classes are role nouns and definite descriptions, documents and institutions, pronouns and the running
attribution, things that cannot speak, and organization names cut short. Each test reads the quote row's
speaker and the mention layer's spans, since both quotes and engagements read that layer.
"""
from __future__ import annotations

import pytest

from news_intel.nlp.mentions import mentions
from news_intel.nlp.people import person_lexicon
from news_intel.nlp.actors.short_forms import full_names
from tests.unit.attribution import linked, speakers


# --- role nouns and definite descriptions ------------------------------------------------------------

def test_role_noun_resolves_to_the_person_given_that_title(nlp):
    text = 'Foreign Secretary Tom Hale flew to Paris on Monday.\n"We had a frank exchange," the foreign secretary said.'
    assert speakers(nlp, text) == [("We had a frank exchange,", "Tom Hale")]


def test_role_noun_after_a_religious_title(nlp):
    text = 'Cardinal Paul Ruiz visited the parish on Sunday.\n"Faith endures in this town," the cardinal said.'
    assert speakers(nlp, text)[0][1] == "Paul Ruiz"


def test_role_noun_never_links_to_another_office_of_the_same_name(nlp):
    text = ('Shadow Chancellor Ann Cole attacked the budget.\n'
            '"The plans are affordable," the chancellor said.')
    assert linked(nlp, text)["the chancellor"] is None


def test_capitalised_title_with_an_appositive_name(nlp):
    text = 'The new President, Viktor Halas, said a "limited" list of firms was being drawn up.'
    assert speakers(nlp, text) == [("limited", "Viktor Halas")]


# --- documents and institutions ----------------------------------------------------------------------

def test_document_speaks_for_the_organization_that_issued_it(nlp):
    text = ('A report by the Standards and Testing Authority found that results had fallen.\n'
            '"Standards have slipped," the report said.')
    assert speakers(nlp, text) == [("Standards have slipped,", "Standards and Testing Authority")]


def test_institution_noun_resolves_to_the_firm_named_earlier(nlp):
    text = 'Northfields Capital Partners posted record profits.\n"It was a good year," the firm said.'
    assert speakers(nlp, text) == [("It was a good year,", "Northfields Capital Partners")]


def test_generic_institutions_are_not_linked_to_an_earlier_organization(nlp):
    text = 'The Conservative Party backed the scheme. The police said the cards would "help fight crime".'
    assert "the police" not in linked(nlp, text)


def test_a_noun_qualified_by_a_country_is_that_country_s_body(nlp):
    text = 'The White House spoke first. Later the Saudi government said the claims were "baseless".'
    assert linked(nlp, text)["the saudi government"] == "Saudi Arabia"


# --- pronouns ----------------------------------------------------------------------------------------

def test_pronoun_keeps_the_running_attribution_over_a_name_inside_the_quote(nlp):
    text = ('"We will not raise taxes," said Chancellor Mark Reed.\n'
            '"Our plans were drawn up with John Smith in mind," he said.')
    assert [s for _, s in speakers(nlp, text)] == ["Mark Reed", "Mark Reed"]


def test_pronoun_goes_to_the_speaker_not_the_subject_of_the_reported_clause(nlp):
    text = ('Julia Marsh said Helen Ward had not shown any consistency on the issue.\n'
            '"It is not something that she says often," she said.')
    assert speakers(nlp, text)[-1][1] == "Julia Marsh"


def test_pronoun_agrees_in_gender(nlp):
    text = ('Mr Tom Berry met Ms Clara Stone in Leeds.\n'
            '"The talks went well," she said.')
    assert speakers(nlp, text) == [("The talks went well,", "Clara Stone")]


def test_article_pronouns_outweigh_a_given_name_prior(nlp):
    text = ('"We were never told," said Terry Vance, whose son died in the crash.\n'
            'Vance said she had written to the minister twice.\n'
            '"Nobody answered," she said.')
    assert speakers(nlp, text)[-1][1] == "Terry Vance"


# --- things that cannot speak ------------------------------------------------------------------------

def test_speaker_lexicon_tells_people_from_things():
    people = person_lexicon()
    assert all(people.can_speak(w) for w in ("spokesman", "resident", "firm", "report", "45-year-old"))
    assert not any(people.can_speak(w) for w in ("plan", "gain", "measure", "bill"))


def test_a_thing_as_subject_of_a_cue_is_never_the_speaker(nlp):
    text = ('Anna Berg, the housing minister, unveiled the plans on Monday.\n'
            'The plans said "nothing about rents", she complained.')
    assert speakers(nlp, text) == [("nothing about rents", "Anna Berg")]


# --- organization names cut short --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([("Standards and Testing Authority", "organization"), ("STA", "organization")],
         {"STA": "Standards and Testing Authority"}),
        ([("Northfields Capital Partners", "organization"), ("Northfield", "organization")],
         {"Northfield": "Northfields Capital Partners"}),
        ([("Baker & Lowe", "organization"), ("Baker", "person")], {"Baker": "Baker & Lowe"}),
        # A surname the article gives a person in full stays a person.
        ([("Baker & Lowe", "organization"), ("Anne Baker", "person"), ("Baker", "person")], {}),
        # Two organizations the short form could open: no guess.
        ([("Northfields Capital", "organization"), ("Northfields Bank", "organization"), ("Northfields", "organization")], {}),
    ],
)
def test_short_forms_of_organization_names(rows, expected):
    table = [{"actor": a, "actor_type": t, "text": a, "role": None, "country": None} for a, t in rows]
    assert full_names(table) == expected


def test_acronym_in_text_is_the_organization(nlp):
    text = ('A report by the Standards and Testing Authority (STA) found that results had fallen.\n'
            'The STA said "urgent action" was needed.')
    doc = nlp(text)
    assert {r["actor"] for r in doc._.actor_reference_rows if r["text"] == "STA"} == {"Standards and Testing Authority"}


def test_pronoun_after_an_apposition_to_the_subject(nlp):
    text = ('Mr Ray Lomax quit the party last week. The party\'s leader, Roger Hale, has said he is glad to see '
            'the back of Mr Lomax.\n"We are better off," he said.')
    assert speakers(nlp, text)[-1][1] == "Roger Hale"


def test_name_opening_its_paragraph_outranks_a_later_name_in_a_prepositional_phrase(nlp):
    text = ('Hale questions trust of Lomax\n\n'
            'Green leader Roger Hale has said voters now have a "deep lack of trust" of Ray Lomax as mayor.\n\n'
            'He said a vote for his party was not wasted: "what you see is what you get".')
    assert speakers(nlp, text)[-1][1] == "Roger Hale"


def test_description_is_the_speaker_and_later_references_follow_it(nlp):
    text = ('A spokesman for the Information Office said the rules were clear.\n'
            '"If someone complained, we would investigate," he said.\n'
            'The spokesman said the law was "pretty grey".')
    assert {s for _, s in speakers(nlp, text)} == {"a spokesman for the Information Office"}


def test_a_name_that_owns_what_only_organizations_own_is_an_organization(nlp):
    text = ('Brockley Rovers\' board has agreed to open its books to a bidder.\n'
            '"Any board must consider a bona fide offer," the club said.')
    doc = nlp(text)
    assert {r["actor_type"] for r in doc._.actor_reference_rows if r["actor"] == "Brockley Rovers"} == {"organization"}
    assert speakers(nlp, text)[-1][1] == "Brockley Rovers"


def test_organization_noun_with_an_appositive_name(nlp):
    text = ('Fans protested outside the ground. The fan-based group, Shareholders United, said the bid was '
            '"a disaster for the club".')
    assert linked(nlp, text)["the fan-based group"] == "Shareholders United"


def test_plural_pronoun_after_an_unnamed_group_is_not_the_sentence_subject(nlp):
    text = "China condemned a gathering of Japanese and Philippine officials and rejected their meeting."
    assert linked(nlp, text)["their"] is None


# --- quotes with no speech cue of their own ------------------------------------------------------------

def test_gerund_adjunct_takes_the_subject_of_the_clause_it_modifies(nlp):
    text = ('Senator Dana Whitfield drew criticism last week.\n'
            'Whitfield faced a hearing in March for saying that the tariff was a "tax on every family."')
    assert speakers(nlp, text)[-1][1] == "Dana Whitfield"


def test_words_a_clause_puts_to_its_named_subject_are_the_subject_s(nlp):
    text = ('Mayor Joan Petrakis spoke to reporters on Monday.\n'
            'In recent weeks, Councillor Ray Dunmore has attacked the budget as a "reckless gamble with our savings."')
    assert speakers(nlp, text)[-1][1] == "Ray Dunmore"


def test_a_quote_said_of_the_subject_is_not_the_subject_s(nlp):
    text = ('Mayor Joan Petrakis spoke to reporters on Monday.\n'
            'Critics were unconvinced, and the new stadium would be "the biggest white elephant in the county."')
    assert all(speaker != "Joan Petrakis" for _, speaker in speakers(nlp, text))


def test_the_owner_of_the_subject_is_the_topic_a_pronoun_goes_to(nlp):
    text = ('"The trial was flawed," said Professor Alan Morley.\n'
            'Dr Ben Osei’s advice earned him a rebuke from regulators, after he told viewers that the pills were '
            '"a cure for every ailment."')
    assert speakers(nlp, text)[-1][1] == "Ben Osei"


def test_an_apposition_parsed_as_a_second_subject_leaves_the_name_the_speaker(nlp):
    text = ('The minister announced new targets on Wednesday.\n'
            'Rhodri Glyn Thomas, Plaid Cymru health spokesman, said: "It is a failed target from a failed minister."')
    assert speakers(nlp, text)[-1][1] == "Rhodri Glyn Thomas"


@pytest.mark.parametrize("text, expected", [
    ("Rhodri Glyn Thomas criticised the plan on Tuesday.", "Rhodri Glyn Thomas"),
    ("Labour's Glyn Thomas criticised the plan on Tuesday.", "Glyn Thomas"),
    ("Senator Glyn Thomas criticised the plan on Tuesday.", "Glyn Thomas"),
])
def test_a_capitalised_word_the_model_left_outside_a_two_word_name_opens_it(nlp, text, expected):
    doc = nlp(text)
    assert [m._.actor for m in mentions(doc) if m._.actor_type == "person"] == [expected]


@pytest.mark.parametrize("cited", ["evidence from local branches", "the advertisement", "a letter"])
def test_a_document_cited_inside_someone_s_words_leaves_them_the_speaker(nlp, cited):
    text = (f'Party chairman Matthew Taylor wrote to the regulator.\n'
            f'He says {cited} suggests there are "significant" numbers of such calls.')
    assert speakers(nlp, text)[-1][1] == "Matthew Taylor"


def test_a_document_cue_on_its_own_speaks_for_its_issuer(nlp):
    text = ('A report by the Standards and Testing Authority was published on Monday.\n'
            'The report suggests there are "significant" gaps in training.')
    assert speakers(nlp, text)[-1][1] == "Standards and Testing Authority"


def test_a_naming_participle_is_no_speech_cue(nlp):
    text = ('Matthew Herren from EduVision told the programme how the charity uses handheld computers called '
            'E-slates. "The E-slates connect to a base station in the school."')
    assert speakers(nlp, text) == [("The E-slates connect to a base station in the school.", "Matthew Herren")]


@pytest.mark.parametrize("attribution", [
    '"He has been ripping people off for years," AP quoted prosecutor Russell McGuire as saying.',
    'The newspaper quoted prosecutor Russell McGuire as saying the scheme was "a fraud from the start".',
])
def test_the_object_of_quoted_is_the_speaker(nlp, attribution):
    text = f'A brother and sister were convicted on Friday.\n{attribution}'
    assert speakers(nlp, text)[-1][1] == "Russell McGuire"


@pytest.mark.parametrize("text, expected", [
    ('When the smugglers are revealed as part of the network, Senator Ann Cole said they were "lone operators".',
     "Ann Cole"),
    ('The plan was announced by Mayor Joan Petrakis as "a fresh start for the city".', "Joan Petrakis"),
    ('Mayor Joan Petrakis was quoted as saying the plan was "a fresh start for the city".', "Joan Petrakis"),
])
def test_a_passive_cue_speaks_through_its_agent_not_its_subject(nlp, text, expected):
    assert speakers(nlp, text)[-1][1] == expected


def test_the_subject_of_a_passive_cue_is_not_its_speaker(nlp):
    text = 'When the smugglers are revealed as part of the network, officials call them "lone operators".'
    assert all(speaker != "the smugglers" for _, speaker in speakers(nlp, text))


def test_a_subject_inside_a_quoted_title_is_not_the_speaker(nlp):
    text = ('"He is absolutely right," Flynn, a top surrogate, said Thursday morning on Fox News’s "Fox and Friends."')
    assert speakers(nlp, text)[0] == ("He is absolutely right,", "Flynn")


# --- where the attribution is: the clause that reports a quotation -----------------------------------

def test_a_phrasal_verb_is_not_the_naming_cue(nlp):
    text = 'Tom Reyes said the campaign wants Dan Holt to call out the senator for his "lies".'
    assert speakers(nlp, text) == [("lies", "Tom Reyes")]


def test_a_reporting_clause_after_the_quotation_is_its_attribution(nlp):
    text = ('Senator Ruth Amos spoke on Tuesday.\nThe three "loopholes" she cited are "tax breaks for yachts, '
            'jets and racehorses," the Daily Ledger reported.')
    assert speakers(nlp, text)[-1][1] in ("Daily Ledger", "the Daily Ledger")


def test_a_cue_in_a_when_clause_after_the_quotation_is_a_circumstance(nlp):
    text = ('The advert ends with footage of Mark Dale saying during the debate, "That makes me clever," '
            'when Jane Fox attacked him over his taxes.')
    assert speakers(nlp, text) == [("That makes me clever,", "Mark Dale")]


def test_as_someone_put_it_attributes_the_quotation(nlp):
    text = ('Senator Ann Cole criticised the scheme on Monday.\nThe main test for applicants is a "clean '
            'record of payments," as the Treasury put it.')
    assert speakers(nlp, text)[-1][1] == "Treasury"


def test_a_quotation_after_a_sentence_about_someone_is_theirs(nlp):
    text = ('"We will vote against it," said Tom Reyes, the party chairman.\n'
            'On Sunday, Senator Ruth Amos praised the plan as a turning point. "It will help every family."')
    assert speakers(nlp, text)[-1] == ("It will help every family.", "Ruth Amos")


def test_a_speaker_introduced_at_the_end_of_a_paragraph(nlp):
    text = ('"The plan was rushed," said Bryan Cole, a local pastor.\n\n'
            'That is something that worries Henry Crespo, head of the residents\' association.\n\n'
            '"Nobody asked us," he said.')
    assert speakers(nlp, text)[-1] == ("Nobody asked us,", "Henry Crespo")


def test_a_person_named_as_the_object_does_not_take_the_focus(nlp):
    text = ('Mayor Tom Reyes criticised police officer Ben Hall for the arrest.\n\n'
            '"This cannot go on," he said.')
    assert speakers(nlp, text) == [("This cannot go on,", "Tom Reyes")]


# --- genders the article gives its people ----------------------------------------------------------

def test_a_pronoun_after_an_object_says_nothing_of_its_gender(nlp):
    from news_intel.nlp.coreference.salience import person_genders

    doc = nlp('Ann Lowe has followed Donald Trump for years, and she admires him. Her hope rests on Donald '
              'Trump, she said. She voted for Donald Trump because she trusts him.')
    genders = person_genders(doc, person_lexicon())
    assert genders["Donald Trump"] == "m" and genders["Ann Lowe"] == "f"


def test_a_one_word_given_name_has_its_usual_gender(nlp):
    from news_intel.nlp.coreference.salience import person_genders

    genders = person_genders(nlp("Melanie and Kevin watched the debate on television."), person_lexicon())
    assert genders.get("Melanie") == "f" and genders.get("Kevin") == "m"


def test_a_surname_the_parser_took_for_a_common_noun_still_names_the_person(nlp):
    # "sanders" is also a common noun; the article's Ruth Sanders is who the headline quotes.
    text = ('Sanders Told a Young Reporter Not to ‘Whine’.\n\n'
            'Senator Ruth Sanders spoke to reporters in Ohio on Monday about the plan.')
    assert speakers(nlp, text) == [("Whine", "Ruth Sanders")]


def test_what_a_report_found_is_the_issuers(nlp):
    text = ('Senator Ann Cole criticised the scheme on Monday.\nA Northfield Audit Office report released last '
            'year found that officials could not trace money from "organised crime or other criminal sources."')
    assert speakers(nlp, text)[-1][1] == "Northfield Audit Office"


def test_found_is_no_cue_without_a_document(nlp):
    doc = nlp('Police found that the driver was "well over the limit," the court heard.')
    assert "find" not in {q["cue"] for q in doc._.quote_rows}


def test_a_new_sentence_after_a_question_reports_something_else(nlp):
    text = ('The opposition leader spoke first. Tom Reyes asked: "How can they fix the schools when they '
            'cannot fix the roads?" Ruth Amos said she would not respond to "gossip in books".')
    assert speakers(nlp, text)[0] == ("How can they fix the schools when they cannot fix the roads?", "Tom Reyes")


# --- title-case headlines: the subject speaks ----------------------------------------------------------

def test_title_case_headline_subject_is_the_speaker_not_a_name_run_into_the_verb(nlp):
    text = ("Angry Farmers Slam Grace Whitlow Over ‘Broken Promises.’\n\n"
            "Farmers in Norfolk said on Tuesday that the minister had let them down.")
    assert speakers(nlp, text)[0] == ("Broken Promises.", "Angry Farmers")


def test_title_case_headline_subject_that_is_a_name_gives_its_actor(nlp):
    text = ("Senator Ruth Hale Calls Tom Brandt ‘A Menace’ After The Debate.\n\n"
            "Ruth Hale spoke to reporters after the debate in Ohio.")
    assert speakers(nlp, text)[0] == ("A Menace", "Ruth Hale")


def test_headline_label_with_a_verb_is_read_for_its_subject(nlp):
    text = ("Mayor Lena Voss Backs Tram Plan: I Am ‘Delighted’ By The Vote.\n\n"
            "Lena Voss welcomed the council vote on Monday.")
    assert speakers(nlp, text)[0][1] == "Lena Voss"


def test_headline_label_without_a_verb_still_names_the_speaker(nlp):
    text = "Dan Ortiz: Council Tax Rise Is ‘Out Of Touch.’\n\nThe body of the story.\n"
    assert speakers(nlp, text)[0][1] == "Dan Ortiz"


# --- a paragraph the parser ran into the one before ---------------------------------------------------

@pytest.mark.parametrize("text, speaker", [
    ("Amos questions cost of tram\n\nCouncil leader Ruth Amos has said the scheme is a \"costly mistake\" for the city.",
     "Ruth Amos"),
    ("Hale doubts pledge on schools\n\nShadow minister Tom Hale has said the pledge is \"simply not credible\" and must be dropped.",
     "Tom Hale"),
])
def test_name_opening_the_cue_paragraph_is_the_subject_the_parser_hung_elsewhere(nlp, text, speaker):
    # The parser runs the headline into the first sentence and hangs "said"'s subject there.
    assert speakers(nlp, text) == [(text.split('"')[1], speaker)]


# --- a thing with a cue on it speaks for whoever put it there -----------------------------------------

def test_wording_calling_for_something_is_the_words_of_the_clause_subject(nlp):
    text = 'The council dropped the plan, replacing it with a new policy calling for "more cycle lanes."'
    assert speakers(nlp, text) == [("more cycle lanes.", "the council")]


def test_remark_someone_was_made_to_make_is_theirs(nlp):
    text = 'The scandal prompted Senator Ruth Amos to make a sharp remark that described the claims as "utter nonsense."'
    assert speakers(nlp, text) == [("utter nonsense.", "Ruth Amos")]


# --- an aside between dashes is not the clause an adjunct after it belongs to ---------------------------

def test_gerund_after_a_dashed_aside_belongs_to_the_clause_before_the_aside(nlp):
    text = ('Small groups of nurses continued to call for better pay, circling the streets around Central Park '
            '- where the city’s orchestra played the visiting choir - while chanting, "Fair pay now."')
    assert speakers(nlp, text) == [("Fair pay now.", "Small groups")]
