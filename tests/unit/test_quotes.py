"""Sentence-level behaviour of the quotes extractor: mark pairing, kinds and speakers."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news_intel.nlp.quote_marks import find_quote_spans


def _texts(text):
    return [text[q.start:q.end] for q in find_quote_spans(text)]


# --- quote-mark pairing (no parse) -------------------------------------------------------------

def test_curly_and_straight_pairs():
    assert _texts("He said “we will win,” and then \"we may lose.\"") == ["we will win,", "we may lose."]


def test_straight_opening_with_curly_closing():
    text = 'a secure link "for high-level communications between our defense leaders,” according to a statement.'
    assert _texts(text) == ["for high-level communications between our defense leaders,"]


def test_apostrophes_are_never_marks():
    text = "“They’ve not taken up on the Debates’ overtures,” he said, and it’s over."
    assert _texts(text) == ["They’ve not taken up on the Debates’ overtures,"]


def test_nested_single_quotes_stay_inside():
    text = "“He told me ‘never again’ and left,” she said."
    assert _texts(text) == ["He told me ‘never again’ and left,"]


def test_nested_curly_inside_straight():
    text = '"The question was: “Do you agree?” Forty-three said yes."'
    assert _texts(text) == ["The question was: “Do you agree?” Forty-three said yes."]


def test_multi_paragraph_quotation_shares_one_number():
    text = "“We are open to dialogue.\n\n“And we will keep trying,” he said.\n"
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["We are open to dialogue.", "And we will keep trying,"]
    assert spans[0].quotation == spans[1].quotation
    assert spans[0].closed is False and spans[1].closed is True


def test_unbalanced_mark_does_not_stop_the_article():
    text = "He said “this never closes.\n\nLater, she said “this one does,” and left."
    assert _texts(text) == ["this never closes.", "this one does,"]


def test_top_level_single_quotes_in_headlines():
    assert _texts("Caddell: Voters Worried; It’s ‘in Their Heads.’\n") == ["in Their Heads."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ,.\n\"“”‘’'", max_size=80))
def test_pairing_never_fails_and_stays_inside_paragraphs(text):
    for q in find_quote_spans(text):
        assert 0 <= q.start < q.end <= len(text)
        assert "\n" not in text[q.start:q.end]


# --- kinds and speakers (full pipeline) --------------------------------------------------------

def _rows(nlp, text, kinds=("direct", "partial", "scare")):
    return [r for r in nlp(text)._.quote_rows if r["kind"] in kinds]


def test_cue_after_quote_with_inverted_subject(nlp):
    (r,) = _rows(nlp, "“Overtures had been made by us,” said Mr Derek Chollet, the US State Department Counsellor.")
    assert (r["kind"], r["speaker"], r["cue"]) == ("direct", "Derek Chollet", "say")
    assert r["speaker_mention"] == "Mr Derek Chollet"


def test_surname_resolves_to_the_full_name_used_earlier(nlp):
    text = "Derek Chollet visited Singapore on Friday.\n\n“There is no question about it,” Mr Chollet said."
    (r,) = _rows(nlp, text)
    assert r["speaker"] == "Derek Chollet" and r["speaker_mention"] == "Mr Chollet"


def test_cue_before_quote_with_colon_and_second_quote(nlp):
    text = "“We are at a tense moment,” Mr Chollet said, adding: “We feel the responsibility to manage it.”"
    rows = _rows(nlp, text)
    assert [r["cue"] for r in rows] == ["say", "add"]
    assert {r["speaker_mention"] for r in rows} == {"Mr Chollet"}


def test_pronoun_resolves_to_the_last_person_who_spoke(nlp):
    text = (
        "Chinese Defense Ministry spokesman Tan Kefei said the talks had been rejected.\n\n"
        "“The U.S. side should take practical actions to show sincerity,” he said."
    )
    (r,) = _rows(nlp, text)
    assert (r["speaker"], r["speaker_mention"]) == ("Tan Kefei", "he")


def test_partial_quote_inside_reporter_sentence(nlp):
    text = "Derek Chollet spoke in Singapore. He describes the region as an “arena where the century will be defined”."
    (r,) = _rows(nlp, text)
    assert (r["kind"], r["speaker"], r["cue"]) == ("partial", "Derek Chollet", "describe")


def test_scare_quote_has_no_speaker(nlp):
    (r,) = _rows(nlp, "Tensions rose after the US downed a Chinese “spy” balloon in February.")
    assert r["kind"] == "scare" and r["speaker"] is None and r["cue"] is None


def test_so_called_marks_a_scare_quote_even_beside_a_cue(nlp):
    (r,) = _rows(nlp, "The minister said the so-called “peace dividend” had been spent.")
    assert r["kind"] == "scare"


def test_unnamed_speaker_kept_as_description(nlp):
    text = "A senior US defence official remarked that the declined invitation was “just the latest in a litany of excuses.”"
    (r,) = _rows(nlp, text)
    assert (r["kind"], r["speaker"], r["cue"]) == ("partial", "a senior US defence official", "remark")


def test_statement_resolves_to_the_institution_that_released_it(nlp):
    text = (
        'They signed a memorandum to build a link "for high-level communications,” according to a statement released by Singapore.\n'
        '"Such open lines of communications are important for trust,” the statement said.'
    )
    rows = _rows(nlp, text)
    assert [(r["kind"], r["speaker"], r["cue"]) for r in rows] == [
        ("partial", "Singapore", "according to"),
        ("direct", "Singapore", "say"),
    ]


def test_speaker_introduced_in_the_previous_paragraph(nlp):
    text = (
        "Pentagon spokesman Brigadier General Pat Ryder said…\n\n"
        "“Overnight, the PRC informed the US that they have declined our invitation.”"
    )
    (r,) = _rows(nlp, text)
    assert r["kind"] == "direct" and r["speaker"].endswith("Ryder")


def test_multi_paragraph_quote_takes_the_speaker_of_its_last_paragraph(nlp):
    text = (
        "Derek Chollet met officials on Friday.\n\n"
        "“We are very much open and seeking continued dialogue.\n\n"
        "“And in a way that we don’t take acts that are escalatory,” added Mr Chollet."
    )
    rows = _rows(nlp, text)
    assert len(rows) == 2 and {r["speaker"] for r in rows} == {"Derek Chollet"}
    assert rows[0]["quotation_idx"] == rows[1]["quotation_idx"] and rows[0]["closed"] is False


def test_signed_quote_after_a_dash(nlp):
    (r,) = _rows(nlp, "“He represents our greatest shame.” ― Sonya Herridge\n")
    assert r["kind"] == "direct" and r["speaker"] == "Sonya Herridge"


def test_transcript_turns_keep_their_own_speakers(nlp):
    text = '"PENCE: Well, look, this is serious business.\n\n"WALLACE: But, Governor, I have to ask you."\n'
    rows = _rows(nlp, text)
    assert [r["speaker_mention"] for r in rows] == ["PENCE", "WALLACE"]


def test_question_mark_inside_quote_does_not_hide_the_cue(nlp):
    (r,) = _rows(nlp, "“How many times do we have to see this?” Clinton said.")
    assert r["speaker"] and r["speaker"].endswith("Clinton")


def test_indirect_speech_with_that_clause(nlp):
    rows = _rows(nlp, "Ryder added that China's reluctance would not deter the department.", kinds=("indirect",))
    assert len(rows) == 1
    assert rows[0]["quote_text"] == "China's reluctance would not deter the department"
    assert rows[0]["speaker"] == "Ryder" and rows[0]["cue"] == "add"


def test_quote_marks_in_an_empty_or_odd_document(nlp):
    for text in ["", "“", '"""', "“”", "He said “ ” and left."]:
        assert all(r["kind"] in ("direct", "partial", "scare", "indirect") for r in nlp(text)._.quote_rows)


@pytest.mark.parametrize("text", ["He said it’s fine.", "The ’90s were different, Hillary’s aides said."])
def test_no_quote_without_marks(nlp, text):
    assert _rows(nlp, text) == []


def test_headline_quote_is_attributed_to_the_label_before_the_colon(nlp):
    text = "Pence: Gennifer Flowers Won’t Be at Debate, Trump Was ‘Mocking’ Clinton Camp.\n\nThe body of the story.\n"
    (r,) = _rows(nlp, text)
    assert r["kind"] == "partial" and r["quote_text"] == "Mocking" and r["speaker"] == "Pence"


def test_title_case_term_in_a_sentence_is_a_scare_quote(nlp):
    text = "Flynn said it on Fox News’s “Fox and Friends” on Thursday morning, and the clip spread."
    rows = _rows(nlp, text)
    assert [r["kind"] for r in rows] == ["scare"]


def test_a_failure_in_the_speaker_search_keeps_the_spans(nlp, monkeypatch):
    # A parse the rules did not foresee must not lose the article: its quoted spans stay, without kinds or speakers.
    from news_intel.nlp.quotes import component

    def unforeseen(ctx):
        raise IndexError("a parse nobody foresaw")

    monkeypatch.setattr(component, "attribute_spans", unforeseen)
    doc = nlp("“We will win,” the minister said. Critics called it a “fantasy”.")
    rows = [(r["quote_idx"], r["quote_text"], r["kind"], r["speaker"]) for r in doc._.quote_rows]
    assert rows == [(0, "We will win,", "partial", None), (1, "fantasy", "partial", None)]
    assert [s._.quote_kind for s in doc.spans["quotes"]] == ["partial", "partial"]
