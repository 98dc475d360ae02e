"""Sentence-level behaviour of the actors component (canonical actors, roles, aliases, junk)."""
from __future__ import annotations

import shutil

import pytest

from news_intel.nlp.actors import ActorResolver, actor_at, country_actor
from news_intel.nlp.reference import default_reference_dir


def refs(nlp, text):
    doc = nlp(text)
    return doc, doc._.actor_references


def by_text(rows):
    return {r["text"]: r for r in rows}


def test_title_is_role_and_country_and_surname_refers_back(nlp):
    doc, rows = refs(
        nlp,
        "US Defence Secretary Lloyd Austin wanted to meet Chinese Defense Minister Li Shangfu. "
        "Mr Austin said Li had declined, and Secretary Austin left.",
    )
    t = by_text(rows)
    assert t["Lloyd Austin"]["actor"] == "Lloyd Austin"
    assert t["Lloyd Austin"]["role"] == "Defence Secretary"
    assert t["Lloyd Austin"]["country"] == "USA"
    assert t["Mr Austin"]["actor"] == "Lloyd Austin"
    assert t["Secretary Austin"]["actor"] == "Lloyd Austin"
    assert t["Li"]["actor"] == "Li Shangfu"
    assert t["Li Shangfu"]["country"] == "CHN"
    assert t["Chinese"]["actor"] == "China" and t["Chinese"]["entity_label"] in (None, "NORP")
    assert t["US"]["actor"] == "United States"
    actors = {r["actor"] for r in rows}
    assert not actors & {"Defence", "Defense", "Defence Secretary", "Defense Minister"}


def test_country_aliases_capitals_and_demonyms(nlp):
    _, rows = refs(
        nlp,
        "The PRC told the U.S. on Monday that Beijing would not answer. The Americans were surprised, "
        "and Singaporean officials said Moscow had stayed silent.",
    )
    t = by_text(rows)
    assert t["PRC"]["actor"] == "China" and t["PRC"]["country"] == "CHN"
    assert t["U.S."]["actor"] == "United States"
    assert t["Beijing"]["actor"] == "China"
    assert t["Americans"]["actor"] == "United States"
    assert t["Singaporean"]["actor"] == "Singapore"
    assert t["Moscow"]["actor"] == "Russia" and t["Moscow"]["actor_type"] == "country"


def test_capital_as_venue_is_a_place_unless_its_country_is_in_play(nlp):
    _, rows = refs(nlp, "Jake Sullivan met the Chinese diplomat Wang Yi in Vienna last week.")
    vienna = by_text(rows)["Vienna"]
    assert (vienna["actor"], vienna["actor_type"], vienna["country"]) == ("Vienna", "location", "AUT")
    _, rows = refs(nlp, "China protested. Blinken postponed his meeting with officials in Beijing.")
    assert by_text(rows)["Beijing"]["actor"] == "China"


def test_first_name_variant_is_the_same_person(nlp):
    _, rows = refs(
        nlp,
        "Pentagon spokesman Patrick Ryder said the talks were off. "
        "Later, Brigadier General Pat Ryder repeated it, and Ryder took no questions.",
    )
    people = {r["text"]: r["actor"] for r in rows if r["actor_type"] == "person"}
    assert people["Patrick Ryder"] == people["Pat Ryder"] == people["Ryder"] == "Patrick Ryder"
    assert by_text(rows)["Pentagon"]["actor"] == "US Department of Defense"


def test_organization_aliases_and_administration(nlp):
    _, rows = refs(
        nlp,
        "The US Department of Defence said the Pentagon would respond. "
        "The Biden administration would need to inform Congress.",
    )
    t = by_text(rows)
    assert t["US Department of Defence"]["actor"] == t["Pentagon"]["actor"] == "US Department of Defense"
    assert t["Biden administration"]["actor_type"] == "organization"
    assert t["Congress"]["actor"] == "US Congress"
    assert "Biden" not in {r["actor"] for r in rows}


def test_caption_credits_are_not_actors(nlp):
    _, rows = refs(nlp, "Pentagon spokesman Patrick Ryder. Photo via AP/Andrew Harnik\n\nChina said no.")
    actors = {r["actor"] for r in rows}
    assert "Andrew Harnik" not in actors and "Associated Press" not in actors
    assert {"China", "Patrick Ryder"} <= actors


def test_rows_are_slices_and_do_not_overlap(nlp):
    doc, rows = refs(
        nlp,
        "Mr Derek Chollet, the US State Department Counsellor, said the PRC (People’s Republic of China) "
        "had not called. US Secretary of State Antony Blinken agreed.",
    )
    for r in rows:
        assert doc.text[r["start_char"]:r["end_char"]] == r["text"]
    spans = sorted((r["start_char"], r["end_char"]) for r in rows)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    t = by_text(rows)
    assert t["Mr Derek Chollet"]["actor"] == "Derek Chollet"
    assert t["US State Department"]["actor"] == "US State Department"
    assert t["Antony Blinken"]["role"] == "Secretary of State"
    assert t["People’s Republic of China"]["actor"] == "China"
    assert "State" not in {r["actor"] for r in rows}


def test_actor_at_picks_the_overlapping_reference(nlp):
    doc, _ = refs(nlp, "Derek Chollet spoke first. Then Mr Chollet said Beijing was silent.")
    start = doc.text.index("Mr Chollet")
    assert actor_at(doc, start, start + len("Mr Chollet"))["actor"] == "Derek Chollet"
    b = doc.text.index("Beijing")
    assert actor_at(doc, b, b + 7)["actor"] == "China"
    assert actor_at(doc, 0, 0) is None


@pytest.mark.parametrize(
    "code,name",
    [("USA", "United States"), ("RUS", "Russia"), ("KOR", "South Korea"), ("TWN", "Taiwan"),
     ("CHN", "China"), ("SGP", "Singapore"), ("IRN", "Iran")],
)
def test_country_actor_uses_common_short_names(code, name):
    assert country_actor(code) == name


def test_reference_csvs_drive_resolution(nlp, tmp_path):
    for f in default_reference_dir().glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    with open(tmp_path / "actor_aliases.csv", "a", encoding="utf-8") as out:
        out.write("Foggy Bottom,US State Department,organization,USA\n")
    doc = nlp("Officials at Foggy Bottom declined to comment.")
    rows = ActorResolver(nlp, tmp_path)(doc)
    assert any(r["text"] == "Foggy Bottom" and r["actor"] == "US State Department" for r in rows)


def test_fixes_found_on_bbc_politics(nlp):
    _, rows = refs(
        nlp,
        "Chief Secretary Paul Boateng MP said Labour would win. Liberal Democrat Vince Cable disagreed, "
        "and Mr Cable said the Lib Dems and the Tories\n\nNational Insurance rises were the issue.",
    )
    actors = {r["text"]: r["actor"] for r in rows}
    assert actors["Paul Boateng"] == "Paul Boateng"
    assert actors["Labour"] == "Labour Party"
    assert actors["Vince Cable"] == actors["Mr Cable"] == "Vince Cable"
    assert actors["Lib Dems"] == "Liberal Democrats"
    assert all("\n" not in r["text"] for r in rows)


def test_untagged_name_after_a_title_is_a_person(nlp):
    _, rows = refs(nlp, "Li Shangfu signed a memorandum with his Singaporean counterpart Ng Eng Hen on Thursday.")
    t = by_text(rows)
    assert t["Ng Eng Hen"]["actor"] == "Ng Eng Hen" and t["Ng Eng Hen"]["country"] == "SGP"
    assert t["Singaporean"]["actor"] == "Singapore"


def test_gendered_honorific_does_not_join_a_full_name_of_the_other_gender(nlp):
    _, rows = refs(
        nlp,
        "President Obama is rolling out a new message. Michelle Obama made the case on Friday. "
        "Mr. Obama said it was personal.",
    )
    t = by_text(rows)
    assert t["Michelle Obama"]["actor"] == "Michelle Obama"
    assert t["Mr. Obama"]["actor"] == t["President Obama"]["actor"] == "Obama"


def test_shared_surname_goes_to_the_compatible_titled_or_most_mentioned_person(nlp):
    _, rows = refs(nlp, "Barack Obama and Michelle Obama arrived. Mrs. Obama spoke first. Then Obama said he was proud.")
    people = [(r["text"], r["actor"]) for r in rows if r["actor_type"] == "person"]
    assert ("Mrs. Obama", "Michelle Obama") in people and ("Obama", "Barack Obama") in people
    _, rows = refs(nlp, "President Barack Obama and his wife, Michelle Obama, arrived in Ohio. President Obama spoke first.")
    assert by_text(rows)["President Obama"]["actor"] == "Barack Obama"
    _, rows = refs(nlp, "Heidi Cruz spoke first. Senator Ted Cruz said he would vote. Cruz said his wife agreed, and Mrs. Cruz smiled.")
    people = [(r["text"], r["actor"]) for r in rows if r["actor_type"] == "person"]
    assert ("Cruz", "Ted Cruz") in people and ("Mrs. Cruz", "Heidi Cruz") in people


def test_possessed_title_gives_the_person_a_country(nlp):
    _, rows = refs(nlp, "A meeting between Defense Secretary Lloyd Austin and China’s new defense minister, Li Shangfu, was proposed by the US.")
    t = by_text(rows)
    assert (t["Li Shangfu"]["country"], t["Li Shangfu"]["role"]) == ("CHN", "defense minister")
    # "Defense Secretary" is a US or UK office; the article speaks of the US only.
    assert t["Lloyd Austin"]["country"] == "USA"
    _, rows = refs(nlp, "Li Shangfu, China's defence minister, declined.")
    assert by_text(rows)["Li Shangfu"]["country"] == "CHN"


def test_office_country_is_not_guessed_when_the_article_names_both_candidates(nlp):
    _, rows = refs(nlp, "Home Secretary Charles Clarke said Britain and the US would act together.")
    assert by_text(rows)["Charles Clarke"]["country"] is None


def test_party_names_map_to_a_country_only_in_that_countrys_context(nlp):
    _, rows = refs(nlp, "The Liberal Democrats and the Democrats in the UK said Labour was wrong.")
    t = {r["text"]: r for r in rows}
    assert t["Liberal Democrats"]["actor"] == "Liberal Democrats"
    assert t["Democrats"]["actor"] == "Democrats" and t["Democrats"]["country"] is None
    _, rows = refs(nlp, "In Washington, the Democrats and Republicans fought in Congress.")
    t = by_text(rows)
    assert t["Democrats"]["actor"] == "Democratic Party" and t["Republicans"]["actor"] == "Republican Party"


def test_organizations_groups_and_credits_are_typed_generally(nlp):
    _, rows = refs(nlp, "General Li was sanctioned over a purchase from Russia’s largest arms exporter, Rosoboronexport.")
    r = by_text(rows)["Rosoboronexport"]
    assert (r["actor_type"], r["country"]) == ("organization", "RUS")
    _, rows = refs(nlp, "Gurkhas from Brunei joined the relief effort. The Gurkhas were flown in.")
    assert {r["actor_type"] for r in rows if r["text"] == "Gurkhas"} == {"group"}
    _, rows = refs(nlp, "Trump spoke.\n\nGetty/Instagram.\n\nMaria Lopez voted. Groups protested. BAA said it would appeal.")
    t = by_text(rows)
    assert "Getty/Instagram" not in t and "Groups" not in t
    assert t["BAA"]["actor_type"] == "organization"


def test_ap_state_abbreviations_and_shared_subdivision_names(nlp):
    _, rows = refs(nlp, "He spoke in Flint, Mich., and then in Charlotte, N.C. Maryland voters agreed.")
    t = by_text(rows)
    assert t["Mich."]["actor"] == "Michigan" and t["N.C."]["actor"] == "North Carolina"
    assert t["Maryland"]["country"] == "USA"


def test_a_relative_named_in_passing_does_not_take_over_the_surname(nlp):
    _, rows = refs(
        nlp,
        "Ted Cruz is endorsing Donald Trump. Cruz said he had disagreements with Trump. "
        "Trump accused Rafael Cruz, who was born in Cuba, of lying. "
        "But Trump said: \"I am honored by the endorsement of Senator Cruz.\" Cruz had faced pressure.",
    )
    people = [(r["text"], r["actor"]) for r in rows if r["actor_type"] == "person"]
    assert ("Senator Cruz", "Ted Cruz") in people and people[-1] == ("Cruz", "Ted Cruz")


def test_lone_company_names_the_model_tags_person_are_organizations(nlp):
    _, rows = refs(nlp, "Yukos said it would appeal, and Yukos said it would win. Shares in Gazprom rose as Gazprom said its bid won. "
                         "Mr Smith disagreed. Blair said it was wrong.")
    types = {r["text"]: r["actor_type"] for r in rows}
    assert types["Yukos"] == types["Gazprom"] == "organization"
    assert types["Mr Smith"] == types["Blair"] == "person"


def test_names_the_model_mislabels_or_splits_on_real_news(nlp):
    _, rows = refs(
        nlp,
        "Mixed messages on Trump leave plan. Donald Trump's proposal is vague. "
        "Trump campaign spokesman Jason Miller said Trump agreed. Ivanka Trump noted the rule. "
        "NBC anchor Lester Holt will moderate. Scholars say the E.U. is worried.",
    )
    people = [(r["text"], r["actor"]) for r in rows if r["actor_type"] == "person"]
    assert ("Ivanka Trump", "Ivanka Trump") in people
    assert {a for t, a in people if t == "Trump"} == {"Donald Trump"}
    assert ("Lester Holt", "Lester Holt") in people
    t = by_text(rows)
    assert t["E.U."]["actor"] == "European Union" and "Scholars" not in t


def test_headline_verb_is_not_part_of_the_name(nlp):
    _, rows = refs(nlp, "Obama Says Black Voters Matter\nPresident Obama spoke on Saturday. Mr. Obama says turnout matters.")
    assert {r["actor"] for r in rows if r["actor_type"] == "person"} == {"Obama"}


def test_a_bare_initial_is_not_an_actor(nlp):
    doc = nlp("Mr P. said he would not attend. Ms K agreed with Lloyd Austin.")
    actors = {r["actor"] for r in doc._.actor_references}
    assert "Lloyd Austin" in actors
    assert not {a for a in actors if sum(ch.isalnum() for ch in a) < 2}


def test_one_resolver_keeps_nothing_between_articles(nlp):
    """The component's resolver serves every article: persons met in one never leak into the next."""
    first = nlp("US President Barack Obama met Gazprom executives. Mr Obama said he was pleased.")
    second = nlp("Michelle Obama visited a school in Chicago. Obama spoke to pupils there.")
    reused = ActorResolver(nlp, None)
    reused(first)
    rows = reused(second)
    assert rows == ActorResolver(nlp, None)(second)
    assert {r["actor"] for r in rows if r["actor_type"] == "person"} == {"Michelle Obama"}


def test_a_full_name_tagged_person_once_is_a_person_everywhere_in_the_article():
    from spacy.tokens import Span
    from news_intel.nlp.actors.entities import _consistent_person_labels
    import spacy

    doc = spacy.blank("en")("Ivanka Trump spoke . Later Ivanka Trump wrote .")
    ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 7, label="PRODUCT")]
    assert [e.label_ for e in _consistent_person_labels(ents)] == ["PERSON", "PERSON"]
