"""Who said it when the parser misreads the attribution: sentences written for each class of misparse the
speaker search recovers from (the quote row's speaker is what is asserted)."""
from __future__ import annotations

from tests.unit.attribution import linked, speakers


# --- a cue the parser left without a subject: the name just before it speaks -------------------------

def test_an_apposition_after_a_prepositional_phrase_is_the_speaker(nlp):
    text = 'In a statement to the Guardian, his senior housing adviser, Lena Ortiz, said: “Every family deserves a safe home.”'
    assert speakers(nlp, text) == [("Every family deserves a safe home.", "Lena Ortiz")]


def test_a_headline_name_the_parser_made_the_subject_is_not_the_cue_s_subject(nlp):
    text = ('Gareth Rees: Owen Is Ready to Lead the Valleys.\n\n'
            'Monday in Cardiff, while on the campaign trail for his brother Labour candidate Owen Rees, '
            'former minister Gareth Rees said his brother was ready because “the valleys need a fighter.”\n')
    assert speakers(nlp, text) == [("the valleys need a fighter.", "Gareth Rees")]


def test_a_subject_before_a_relative_clause_the_parser_made_the_main_one(nlp):
    text = ('Senator Ann Harlow has no endorsements. Harlow, meanwhile, who sits on no committees at all, said '
            'that record shows which of the two rivals is "ready to govern."\n')
    assert speakers(nlp, text)[-1] == ("ready to govern.", "Ann Harlow")


def test_the_subject_of_a_when_clause_is_not_the_speaker_of_the_main_one(nlp):
    text = ('When prices are published as part of the annual review of the rail network, Grant and Moss call '
            'them "fair" and move on.\n')
    assert speakers(nlp, text) == [("fair", "Grant and Moss")]


def test_a_description_in_apposition_to_a_name_before_a_subjectless_cue_is_that_person(nlp):
    text = ('Mr Howard met Oliver Letwin and Tim Yeo. But Mr Howard denied Mr Yeo, his transport and '
            'environment spokesman, said the plans "stink".\n')
    assert speakers(nlp, text) == [("stink", "Tim Yeo")]


# --- a date after the cue is when, not who ---------------------------------------------------------

def test_a_date_after_a_subjectless_cue_is_not_the_speaker(nlp):
    text = ('Although there is no such overlap with the rival team, a Downing Street official who spoke '
            'anonymously to discuss internal strategy said Wednesday, "Certainly there are talks between the two offices."')
    assert speakers(nlp, text) == [("Certainly there are talks between the two offices.", "a Downing Street official")]


def test_a_date_in_the_next_paragraph_is_not_the_speaker(nlp):
    text = ('In a letter to the Herald, her deputy, Tom Reyes, said: “The count must go on.”\n\n'
            'Monday in Leeds, the council met again.\n')
    assert speakers(nlp, text) == [("The count must go on.", "Tom Reyes")]


# --- a sentence introducing a quotation that the parser hung on the cue after it ----------------------

def test_he_after_a_colon_introduction_is_the_subject_of_the_introduction(nlp):
    text = ('Defence lawyer Tom Reyes argued that his client was only joking on air. His words were the rants of '
            'a "shock jock," he said. Judge Paul Hart saw the remarks differently: "When he talks of shooting '
            'agents, I take him at his word," he said.')
    assert speakers(nlp, text)[-1] == ("When he talks of shooting agents, I take him at his word,", "Paul Hart")



def test_a_reported_clause_holding_a_quotation_does_not_take_the_focus(nlp):
    text = ("The prime minister is keen, Alan Milburn, Labour's election strategist, told the BBC on Saturday. "
            'Mr Blair has "the same passion for the job" as in 1997, he said.\n')
    assert speakers(nlp, text) == [("the same passion for the job", "Alan Milburn")]

# --- a quotation no cue reports, in a paragraph the parser ran into the headline ----------------------

def test_words_under_a_live_blog_timestamp_are_the_paragraph_subject_s(nlp):
    text = ('The Latest: Mayor warns of fraud.\n\nThe Latest on the mayoral race (all times local):\n\n9 a.m.\n\n'
            'Ruth Amos is once more attacking the fairness of the postal ballot, urging her voters to check the '
            'count to make sure everything is “above board.”\n')
    assert speakers(nlp, text) == [("above board.", "Ruth Amos")]


def test_what_a_person_would_be_is_said_of_them_not_by_them(nlp):
    text = ("Her doctor's letter was mocked for its forecast that Senator Ruth Amos would be “the fittest "
            "person ever elected.”\n")
    assert speakers(nlp, text) == [("the fittest person ever elected.", None)]


# --- a dash with spaces around it ends a name --------------------------------------------------------

def test_a_dateline_before_a_spaced_dash_is_not_part_of_the_name(nlp):
    text = 'CLEVELAND - Donald Trump spoke to the convention on Thursday.\n\n"We start today," Trump said.\n'
    assert speakers(nlp, text) == [("We start today,", "Donald Trump")]


def test_a_name_before_a_dashed_aside_keeps_its_surname(nlp):
    text = ('Radio host Dan Holt was arrested in March.\n\nIn an interview at her home, Karen Ann Moss - '
            "Holt's girlfriend and co-host - told the Herald that Holt had changed.\n\n"
            'Moss says the show angers everyone. "It is ambush radio," she says.\n')
    assert speakers(nlp, text)[-1] == ("It is ambush radio,", "Karen Ann Moss")
    assert linked(nlp, text)["she"] == "Karen Ann Moss"


# --- a title in apposition to a name followed by post-nominal letters ---------------------------------

def test_a_title_before_a_name_with_post_nominal_letters_is_that_person(nlp):
    text = ('Council tax will rise again next year.\n\nScottish Finance Minister, Tom McCabe MSP, said: '
            '"We have protected schools."\n\nA Cosla spokesman said the rise was "a struggle".\n\n'
            'The Tory finance spokesman, Brian Monteith MSP, said: "It is a disguise."\n')
    assert speakers(nlp, text) == [("We have protected schools.", "Tom McCabe"), ("a struggle", "a Cosla spokesman"),
                                   ("It is a disguise.", "Brian Monteith")]
    assert linked(nlp, text)["the tory finance spokesman"] == "Brian Monteith"


# --- a surname names the person whose name ends in it -------------------------------------------------

def test_a_surname_names_the_person_whose_name_ends_in_it(nlp):
    from news_intel.nlp.mentions import person_named

    doc = nlp("Judge Voss Hale opened the hearing. Later, Senator Lena Voss spoke.\n")
    assert person_named(doc, "Voss") == "Voss Hale"  # the earliest of two as full
    assert person_named(doc, "Voss", surname=True) == "Lena Voss"


# --- a transcript turn labelled outside the quotation -------------------------------------------------

def test_a_label_ending_in_a_colon_before_the_quotation_names_its_speaker(nlp):
    text = ('The hearing opened at ten.\n\nRep. Jane Roe (D-Ore.):"Who gave you that figure? Nobody has ever '
            'cited it."\n\nFormer finance minister Ann Cole: "We had it from the Treasury and its own analysis."\n\n'
            'The exchange went on for an hour.\n\nContinued Cole:\n\n"I stand by every word of it."\n')
    assert [s for _, s in speakers(nlp, text)] == ["Jane Roe", "Ann Cole", "Ann Cole"]


# --- an appositive name wins over a nationality before the noun ---------------------------------------

def test_a_newspaper_named_after_a_nationality_is_the_newspaper(nlp):
    text = 'Leaders in Jerusalem criticised the plan. The Israeli newspaper Yedioth noted that "officials will not meet him."\n'
    assert speakers(nlp, text) == [("officials will not meet him.", "Yedioth")]
    assert linked(nlp, text)["the israeli newspaper"] == "Yedioth"
