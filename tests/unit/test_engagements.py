"""Sentence-level behaviour of the declined-engagements component (news_engagements).

General news phrasing, not only the seeds: refusals, snubs, cancellations and postponements of meetings,
talks, visits, summits and channels are mentions; rejecting anything else, agreeing, inviting, or a
meeting that happened are not.
"""
from __future__ import annotations

import pytest


def mentions(nlp, text: str) -> list[dict]:
    return nlp(text)._.engagement_rows


# (sentence, kind, decliner, requester); None means "not checked" for a role.
# Several come from real BBC / PolNeAR phrasing (Blair and the TV debate, Clinton and the Fox News debate).
REFUSALS = [
    ("Russia cancelled a planned summit with Ukraine.", "cancelled", "Russia", "Ukraine"),
    ("Germany's invitation was turned down by Poland.", "declined", "Poland", "Germany"),
    ("Iran snubbed France's offer of talks.", "declined", "Iran", "France"),
    ("The French president postponed the visit to Algeria.", "postponed", None, None),
    ("North Korea has ignored repeated US requests for dialogue.", "ignored", "North Korea", "United States"),
    ("Japan called off talks with South Korea after the dispute.", "cancelled", "Japan", "South Korea"),
    ("The Kremlin refused to meet the Ukrainian delegation.", "declined", "Russia", None),
    ("Moscow rejected an invitation to peace talks in Geneva.", "declined", "Russia", None),
    ("Israel declined to hold talks with Hamas.", "declined", "Israel", "Hamas"),
    ("India has suspended the dialogue with Pakistan.", "cancelled", "India", "Pakistan"),
    ("Turkey rebuffed Sweden's proposal for a meeting.", "declined", "Turkey", "Sweden"),
    ("The prime minister turned down an invitation to visit Washington.", "declined", None, None),
    ("Venezuela has refused all offers of dialogue from the opposition.", "declined", "Venezuela", None),
    ("Beijing did not respond to Washington's request for a call between the two leaders.", "ignored", "China",
     "United States"),
    ("The meeting between the two foreign ministers was cancelled.", "cancelled", None, None),
    ("Brazil spurned an overture from Argentina to restart negotiations.", "declined", "Brazil", "Argentina"),
    ("China has cut off military communication channels with the United States.", "cancelled", "China",
     "United States"),
    ("The president's visit to London has been postponed until next year.", "postponed", None, None),
    ("Pakistan's refusal to attend the talks angered India.", "declined", "Pakistan", None),
    ("Britain dismissed a German proposal for talks on the border.", "declined", "United Kingdom", "Germany"),
    ("Hamas rejected the Egyptian invitation to talks in Cairo.", "declined", "Hamas", "Egypt"),
    # A person of unknown country stays the person: never the venue, never another country in the sentence.
    ("President Trump abruptly cancelled his planned summit with Kim Jong Un in Singapore.", "cancelled",
     "Trump|Donald Trump", "Kim Jong Un"),
    # A stated refusal to meet: the subject declines, the object is the other party.
    ("The Kremlin said Putin would not meet Zelensky, dismissing the proposal as a publicity stunt.", "declined",
     "Putin|Vladimir Putin", "Zelensky|Volodymyr Zelensky"),
    ("Putin won't meet Biden at the summit, the Kremlin said.", "declined", "Putin|Vladimir Putin",
     "Biden|Joe Biden"),
    ("The Taliban will not hold talks with the Afghan government, a spokesman said.", "declined", "Taliban",
     "Afghanistan"),
    ("Tony Blair has said he will not take part in a TV debate with his political rivals.", "declined",
     "Tony Blair", None),
    ("Tony Blair has already ruled out taking part in a televised debate during the campaign.", "declined",
     "Tony Blair", None),
    # Unanswered requests: the requester is known, the decliner only when the sentence says who.
    ("Washington's repeated requests for a phone call between the leaders went unanswered.", "ignored", None,
     "United States"),
    ("Calls from the White House to the Saudi crown prince went unreturned.", "ignored", None, "United States"),
    ("South Korea's proposal for talks received no response from Pyongyang.", "ignored", "North Korea",
     "South Korea"),
    ("Requests by the French embassy for a meeting were ignored.", "ignored", None, "France"),
    # A title's possessor is the side ("Ukraine's president").
    ("Ukraine's president declined an invitation to attend the summit in Moscow.", "declined", "Ukraine", None),
    ("Greece's prime minister refused to hold talks with his Turkish counterpart.", "declined", "Greece", "Turkey"),
    ("China's defence minister snubbed a meeting with his American counterpart.", "declined", "China",
     "United States"),
    ("Beijing cancelled a scheduled visit by the German foreign minister.", "cancelled", "China", "Germany"),
    ("The Pakistani prime minister called off his trip to New Delhi.", "cancelled", "Pakistan", "India"),
    ("North Korea did not respond to Seoul's offer of military talks.", "ignored", "North Korea", "South Korea"),
    ("Saudi Arabia has snubbed an invitation to the peace conference.", "declined", "Saudi Arabia", None),
    ("Moscow has ruled out direct talks with Kyiv.", "declined", "Russia", "Ukraine"),
    ("Seoul's offer of talks was rejected by Pyongyang on Monday.", "declined", "North Korea", "South Korea"),
    ("China declined a US invitation to attend the security forum.", "declined", "China", "United States"),
    ("Efforts to arrange a meeting between the two presidents have been rebuffed by Moscow.", "declined", "Russia",
     None),
    ("Hillary Clinton has rejected a Fox News proposal for one final debate with rival Bernie Sanders.",
     "declined", "Hillary Clinton", None),
]

LOOK_ALIKES = [
    "Russia rejected the peace plan.",
    "The minister refused to comment.",
    "France agreed to meet Germany next week.",
    "Japan invited China to talks in Tokyo.",
    "The summit was held in Paris.",
    "The prime minister rejected calls to resign.",
    "Voters rejected the free-trade pact with Canada.",
    "The US has been unwilling to meet China's demand to lift sanctions.",
    "Blinken did not secure any progress on the issue during his visit to Beijing.",
    "Austin attempted talks with Li during a conference but did not get beyond a handshake.",
    "Li also established a defense hotline with Japan in March.",
    "The Pentagon asserts that this does not prevent Austin from conducting official business with him.",
    "Thailand and India have however declined the offer of aid.",
    "Euronext declined to comment after the talks ended on Friday.",
    "Mr Varley declined to be drawn on reports that Barclays had held merger talks with Wells Fargo.",
    "The court rejected the appeal.",
    "The government postponed the budget vote.",
    "The match was cancelled because of rain.",
    "Iran threatened to cancel the talks if sanctions remain.",
    "China did not reject the proposal for a meeting.",
    "The union rejected the pay offer.",
    "The company cancelled the order.",
    "Greece rejected the EU's demand for more austerity.",
    "He refused to accept the result of the election.",
    "The board dismissed the chief executive.",
    "The striker's goal cancelled out the visitors' lead.",
    "Germany requested a meeting with France.",
    "The two leaders met on Friday and agreed to resume talks.",
    # A plain negated past reports that no meeting happened, not that anyone refused one.
    "Putin and Zelensky did not meet during the summit.",
    "Negotiators will not meet again until next month.",
    "The minister said he would not rule out a meeting with the Taliban.",
    "Grassley spoke with Garland and did not rule out a meeting.",
    "He declined to say whether he would meet the president.",
    "The minister refused to answer questions about the meeting.",
    "The president did not answer questions after the summit.",
    "Iran rejected the accusations made at the meeting.",
    "Russia rejected a proposal to extend the grain deal.",
    "The government cancelled the contract after talks with the unions.",
    "China agreed to hold talks with Taiwan's opposition.",
    "Ministers ignored warnings that the talks would fail.",
    "The opposition rejected the invitation to join the government.",
    "The spokesman said there was no meeting planned with Trump.",
    "The talks were not cancelled despite the storm.",
    "Netanyahu rejects Trump's remarks about Muslims but will meet with him.",
    "The snub at endorsing Trump led to a sit-down meeting with Ryan.",
    # Real BBC / PolNeAR phrasing: an engagement named only as the setting is not what was refused.
    "She rejected suggestions that the meeting had been a failure.",
    "Morgan had a succession of bids rejected before talks broke down over costs.",
    "President Obama has sought Republican suggestions, an offer the leadership rebuffed at a White House "
    "meeting this week.",
    "Mr Chirac denied there was any snub and says he would be happy to meet Mr Allawi.",
    "The Israelis described the meeting as important but said they would not need to attend.",
    "Deutsche Boerse's offer was rejected in mid-December by the London exchange.",
    "It will not yet say whether it can or should meet the deadline.",
    "The union said it would not accept the pay offer made at the talks.",
    "Japan proposed a summit with South Korea next month.",
    "The foreign minister rejected criticism of his visit to Moscow.",
    "The court postponed the hearing until March.",
    "No response to the pandemic can succeed without international cooperation.",
    "The government's response to the request was swift.",
    "He declined to be drawn on whether the visit would go ahead.",
    "Both sides said they would not let the dispute derail the talks.",
    "The offer of talks was welcomed by Seoul.",
    "In a break with the past, Labour will not hold a daily news conference in London.",
    "Tony Blair dismissed the talk of splits in the cabinet.",
]


# Written for issue 14: ordinary-news look-alikes, one list per error class (hard negatives), and refusals
# in the same styles (positives). None of them is taken from a corpus.
HARD_NEGATIVES = {
    "request_for_action": [
        "The government rejected appeals by aid agencies for food aid.",
        "Parliament rejected demands to adopt a new budget.",
        "Kyiv's request for more weapons was turned down by Berlin.",
        "The ministry turned down a request for fighter jets.",
        "The regime ignored calls from the United Nations to release political prisoners.",
        "Egypt rejected an Israeli proposal to open the border crossing.",
        "The bank declined a request for an emergency loan.",
        "The council refused an appeal for more funding for schools.",
        "Ministers rebuffed pleas from farmers for compensation.",
        "The president dismissed calls for an inquiry into the shooting.",
    ],
    "declined_to_comment": [
        "The embassy declined to comment on the talks.",
        "A spokesman declined to say when the meeting would take place.",
        "Officials declined to reveal details about the negotiations.",
        "The White House did not respond to requests for comment about the summit.",
        "The ministry did not immediately respond to a request for comment on the visit.",
        "Her office did not reply to an email seeking comment on the meeting.",
        "The company declined a request for an interview.",
        "Calls to the foreign ministry seeking comment on the talks went unanswered.",
        "Mr Brown refused to be drawn on the details of the negotiations.",
    ],
    "suspension_of_something_else": [
        "Russia's suspension from the Council of Europe was confirmed on Friday.",
        "The bloc suspended Mali's membership after the coup.",
        "Washington suspended military aid to the country.",
        "The government suspended the vaccination programme.",
        "The suspension of the ban on imports angered farmers.",
        "The league suspended the player for three matches.",
    ],
    "talks_to_defer_something_else": [
        "The parties held talks to put off the vote until the autumn.",
        "Leaders met on Monday to delay the introduction of the tax.",
        "Negotiators agreed at the talks to postpone the deadline.",
        "Talks aimed at delaying the strike continued late into the night.",
        "The two sides used the meeting to defer a decision on the pipeline.",
    ],
    "speculation": [
        "The opposition may be trying to delay the session.",
        "Analysts said Moscow could be seeking to postpone the summit.",
        "Diplomats suspect that Beijing wants to delay the talks.",
        "There is speculation that the president will cancel his trip to Paris.",
        "Reports suggest the visit might be called off.",
        "The summit is likely to be postponed.",
    ],
    "sports_fixture": [
        "Fans are boycotting the cup final in protest at ticket prices.",
        "The spring race meeting at Cheltenham was cancelled because of frost.",
        "The club postponed its league match against Leeds.",
        "The evening meeting at Kempton was called off after the track froze.",
        "The athletics meeting in Oslo was postponed.",
        "Saturday's race meeting was abandoned and the next meeting postponed.",
    ],
    "hypothetical": [
        "We would call off the summit only if the ceasefire collapsed.",
        "If the talks fail, the union will cancel the meeting.",
        "Unless Iran complies, Europe will suspend the negotiations.",
        "Should the rebels attack, the government would break off the talks.",
        "Had the vote gone the other way, Paris would have cancelled the visit.",
        "Any refusal to attend the talks would be a mistake.",
    ],
    "opposing_others_meeting": [
        "Beijing rejected the meeting between the Dalai Lama and the US president.",
        "Israel rejected the nuclear talks between Washington and Tehran as a mistake.",
        "Serbia rejected the talks between Kosovo and Albania.",
        "Moscow dismissed the summit of NATO leaders in Vilnius as a provocation.",
        "China condemned a gathering of Japanese and Philippine officials and rejected their meeting.",
        # An owner pronoun coreference left open, which cannot be the decliner's own ("their" for one country).
        "Russia criticised a gathering of British and French diplomats and rejected their talks.",
        "Beijing condemned a visit by Japanese lawmakers and rejected their meeting.",
        "India denounced a conference of Pakistani and Afghan officials and dismissed their talks.",
    ],
    # An infinitive coordinated with a finite verb continues a complement (a request, an attempt): asked for,
    # not done.
    "infinitive_continuing_a_request": [
        "The committee has made several attempts to delay the vote, and even to call off the meeting with the donors.",
        "Union officials have made numerous requests to reopen the plant, and to cancel the meeting with management.",
        "The opposition has made repeated calls to dissolve parliament, and to cancel the talks with the president.",
    ],
    # "Will not be attending": the future progressive tells a schedule, not a stated will.
    "schedule_not_refusal": [
        "The minister will not be attending the summit in Rome, his office said.",
        "Putin will not be meeting Biden during the trip, the Kremlin said.",
        "The president will not be visiting Beijing this year.",
        "The foreign secretary will not be attending the talks in Geneva.",
    ],
    # Travel for a purpose that engages no one, with no destination that could be a party.
    "errand_travel": [
        "The senator cancelled a trip to campaign for the governor.",
        "She postponed a planned visit to speak at the university.",
        "The mayor called off a trip to raise money for the party.",
        "The governor cancelled his trip to inspect the flood defences.",
    ],
    "negation": [
        "China did not reject the talks.",
        "The minister has not ruled out a visit to Moscow.",
        "Iran never refused to hold talks with Europe.",
        "The union has not cancelled the meeting with management.",
        "Russia denied that it had snubbed the summit.",
        "Turkey did not boycott the conference.",
    ],
    "refused_then_held": [
        "The two leaders, who had refused to meet for years, held talks in Geneva on Tuesday.",
        "After rejecting an earlier invitation, the president visited Beijing last week.",
        "Having boycotted the previous summit, Canada attended this year's meeting in Rome.",
        "The talks, postponed twice last year, finally opened in Vienna on Monday.",
        "The meeting, which Moscow had earlier rejected, took place on Friday.",
    ],
    "canceller_not_a_party": [
        "The broadcaster cancelled the debate between the two candidates.",
        "Swiss hosts postponed the talks between Armenia and Azerbaijan.",
        "The hotel cancelled the booking for the summit.",
        "The airline cancelled the flight carrying the delegation to the talks.",
    ],
}

NEW_REFUSALS = [
    # Group and common-noun decliners: a description when no canonical actor fits.
    ("The union rejected an invitation to talks with management.", "declined", "union", None),
    ("The workers refused to meet the company's new owners.", "declined", "workers", None),
    ("Management turned down the union's request for a meeting.", "declined", "management", None),
    ("The strikers rejected an offer of talks from the employers.", "declined", "strikers", None),
    ("Nurses snubbed a meeting with the health secretary.", "declined", "Nurses|nurses", None),
    ("The rebels put off the negotiations with the government.", "postponed", "rebels", None),
    ("The opposition boycotted the national dialogue.", "declined", "opposition", None),
    # Cancelled and postponed by a party.
    ("Belgrade called off a visit by a trade mission in protest.", "cancelled", "Serbia", None),
    ("Moscow postponed the foreign minister's visit to Tokyo.", "postponed", "Russia", None),
    ("Turkey cancelled a meeting with the Swedish delegation.", "cancelled", "Turkey", "Sweden"),
    ("Colombia broke off peace talks with the rebels.", "cancelled", "Colombia", None),
    ("Nigeria postponed its talks with the separatists.", "postponed", "Nigeria", None),
    ("The Iranian foreign minister cancelled his trip to Paris in protest.", "cancelled", "Iran", "France"),
    ("Venezuela suspended the dialogue with the opposition.", "cancelled", "Venezuela", None),
    # Agentless passives: the decliner only from a clause that says who.
    ("The negotiations were put off after Kenya demanded new guarantees.", "postponed", "Kenya", None),
    ("The summit was cancelled after Russia withdrew its delegation.", "cancelled", "Russia", None),
    ("The talks were called off by Mali.", "cancelled", "Mali", None),
    # Refusals to meet, talk, visit or attend.
    ("Iran refused to hold direct talks with the United States.", "declined", "Iran", "United States"),
    ("Hungary boycotted the EU summit in Brussels.", "declined", "Hungary", None),
    ("The Serbian president declined an invitation to visit Pristina.", "declined", "Serbia", None),
    ("Pyongyang has ignored Seoul's calls for talks.", "ignored", "North Korea", "South Korea"),
    ("Ethiopia rejected a request for talks from Egypt.", "declined", "Ethiopia", "Egypt"),
    ("Kenya's president turned down an invitation to the summit in Addis Ababa.", "declined", "Kenya", None),
    ("Syria declined to attend the peace conference in Geneva.", "declined", "Syria", None),
    ("Azerbaijan rejected the Armenian offer of direct negotiations.", "declined", "Azerbaijan", "Armenia"),
    ("Beijing has repeatedly rebuffed requests from Washington for military talks.", "declined", "China",
     "United States"),
    ("The government refused to meet the striking doctors.", "declined", None, None),
    ("Cuba did not respond to the US offer of talks.", "ignored", "Cuba", "United States"),
    ("Chile's president snubbed a meeting with his Bolivian counterpart.", "declined", "Chile", "Bolivia"),
    ("The Kurdish leader rejected an invitation to talks in Baghdad.", "declined", None, None),
    ("Poland refused to hold a meeting with the Belarusian envoy.", "declined", "Poland", "Belarus"),
    # The counterparts of the rules above: a stated will, travel to meet someone or to a country, an owner
    # pronoun that is the decliner's own, a finite verb coordinated after a request.
    ("Putin will not meet Biden during the trip, the Kremlin said.", "declined", "Putin|Vladimir Putin",
     "Biden|Joe Biden"),
    ("The minister will not attend the summit in Rome, his office said.", "declined", None, None),
    ("The president cancelled a trip to meet the Chinese leader.", "cancelled", None, None),
    ("The president cancelled a planned trip to hold talks with the Iranian leadership.", "cancelled", None, None),
    ("The senator cancelled her trip to Moscow.", "cancelled", None, None),
    ("Iran postponed its talks with the European envoys.", "postponed", "Iran", None),
    ("China rejected its meeting with Japan.", "declined", "China", "Japan"),
    ("The workers rejected their meeting with management.", "declined", "workers", None),
    ("The rebels made repeated requests for aid and then cancelled the talks with the government.", "cancelled",
     "rebels", None),
]


# Hard negatives the rules do not yet catch, each with why (kept in the sets, so the figures count them).
KNOWN_FALSE = {
    "The evening meeting at Kempton was called off after the track froze.":
        "a race meeting named only by its venue: nothing in the sentence says it is a fixture",
}


def _hard_negative_params():
    for cls, texts in HARD_NEGATIVES.items():
        for text in texts:
            marks = [pytest.mark.xfail(reason=KNOWN_FALSE[text], strict=True)] if text in KNOWN_FALSE else []
            yield pytest.param(cls, text, marks=marks, id=f"{cls}:{text[:40]}")


@pytest.mark.parametrize("cls,text", list(_hard_negative_params()))
def test_hard_negative_of_each_class_is_not_a_mention(nlp, cls, text):
    assert mentions(nlp, text) == [], cls


@pytest.mark.parametrize("text,kind,decliner,requester", REFUSALS + NEW_REFUSALS)
def test_refusal_of_an_engagement_is_a_mention(nlp, text, kind, decliner, requester):
    rows = mentions(nlp, text)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["kind"] == kind
    # "A|B": either canonical form is right (the actors component may or may not know a full name).
    if decliner is not None:
        assert row["decliner"] in decliner.split("|"), row
    if requester is not None:
        assert row["requester"] in requester.split("|"), row
    assert row["engagement"]
    assert text[row["start_char"]:row["end_char"]] in text
    assert row["start_char"] < row["end_char"]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alike_is_not_a_mention(nlp, text):
    assert mentions(nlp, text) == []


def _precision_recall(nlp, refusals, negatives) -> tuple[float, float]:
    found = sum(bool(mentions(nlp, t)) for t, *_ in refusals)
    false = sum(bool(mentions(nlp, t)) for t in negatives)
    return found / (found + false), found / len(refusals)


def test_precision_and_recall_over_the_sentence_sets(nlp):
    precision, recall = _precision_recall(nlp, REFUSALS, LOOK_ALIKES)
    assert recall == 1.0
    assert precision >= 0.8
    # The issue-14 sets: the goal is precision and recall of at least 0.9 where look-alikes are common.
    hard = [t for texts in HARD_NEGATIVES.values() for t in texts]
    precision, recall = _precision_recall(nlp, NEW_REFUSALS, hard)
    print(f"issue-14 sets: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.9 and recall >= 0.9


@pytest.mark.parametrize("text,low,high", [
    ("China declined or failed to respond to over a dozen requests from the Pentagon for talks.", 13, None),
    ("China had declined or not responded to more than a dozen requests to talk with the Pentagon.", 13, None),
    ("Beijing ignored nearly ten requests for working-level engagements.", None, 10),
    ("Beijing scrapped three avenues of military communication.", 3, 3),
    ("Moscow rejected at least five invitations to talks.", 5, None),
    ("Moscow rejected an invitation to talks.", None, None),
])
def test_claimed_counts(nlp, text, low, high):
    rows = mentions(nlp, text)
    assert len(rows) == 1, rows
    assert (rows[0]["claimed_count_min"], rows[0]["claimed_count_max"]) == (low, high)


def test_one_refusal_reported_with_two_coordinated_verbs_is_one_mention(nlp):
    rows = mentions(nlp, "China declined or failed to respond to over a dozen requests for talks.")
    assert [r["kind"] for r in rows] == ["declined"]


def test_scope_separates_a_single_meeting_from_a_series_of_requests(nlp):
    single = mentions(nlp, "China rejected a US proposal for a meeting in Singapore.")[0]
    series = mentions(nlp, "Beijing has spurned repeated requests for engagement.")[0]
    assert single["scope"] == "single" and single["engagement_type"] == "meeting"
    assert series["scope"] == "series"


def test_negated_reply_verbs_are_mentions_only_when_negated(nlp):
    assert mentions(nlp, "Beijing is simply not returning calls from the Americans.")[0]["kind"] == "ignored"
    assert mentions(nlp, "Beijing returned calls from the Americans.") == []


def test_person_level_roles_come_from_the_engagement_participants(nlp):
    row = mentions(nlp, "China rejected a US proposal for a meeting in Singapore between Defence Secretary "
                        "Lloyd Austin and his Chinese counterpart Li Shangfu.")[0]
    assert (row["decliner"], row["requester"]) == ("China", "United States")
    assert row["requester_actor"] == "Lloyd Austin"
    assert "Singapore" in (row["anchors"] or "")


def test_pronoun_decliner_in_reported_clause_is_the_informing_party(nlp):
    text = ("“Overnight, the PRC informed the US that they have declined our early May invitation for "
            "Secretary Austin to meet with Minister Li Shangfu in Singapore this week.”")
    row = mentions(nlp, text)[0]
    assert row["decliner"] == "China"
    assert row["requester"] == "United States"
    assert row["in_quote"] is True


def test_passive_without_agent_takes_the_decliner_from_the_previous_mention(nlp):
    text = ("China declined a request from Washington to meet Lloyd Austin. "
            "A Chinese spokesman said Austin's offer of talks in Singapore had been rejected.")
    rows = mentions(nlp, text)
    assert len(rows) == 2
    assert rows[1]["decliner"] == rows[0]["decliner"] == "China"
    assert rows[1]["decliner_source"] == "previous_mention"
    assert rows[1]["requester_actor"] == "Lloyd Austin"


def test_vocabulary_is_read_from_the_reference_folder(tmp_path):
    import shutil

    from news_intel.nlp.engagements import load_vocabulary
    from news_intel.nlp.reference import default_reference_dir

    for name in ("engagement_triggers.csv", "engagement_objects.csv"):
        shutil.copy(default_reference_dir() / name, tmp_path / name)
    with open(tmp_path / "engagement_triggers.csv", "a", encoding="utf-8") as f:
        f.write("stonewall,VERB,ignored,false,\n")
    vocab = load_vocabulary(str(tmp_path))
    assert vocab.verb_triggers[("stonewall", "")] == ("ignored", False)
    assert vocab.verb_triggers[("turn", "down")] == ("declined", False)
    assert vocab.objects["summit"][0] == "engagement"


def test_a_person_without_a_country_gets_no_guessed_counterpart(nlp):
    """A politician ruling out a debate has no foreign counterpart, however often the article names one."""
    text = ("Tony Blair has said he will not take part in a TV debate with his political rivals. "
            "Such debates are a fixture of elections in the United States, and the United States loves them.")
    row = mentions(nlp, text)[0]
    assert row["decliner"] == "Tony Blair"
    assert row["requester"] is None


def test_a_stated_refusal_and_its_echo_in_the_same_sentence_are_one_mention(nlp):
    rows = mentions(nlp, "The Kremlin said Putin would not meet Zelensky, dismissing the proposal as a stunt.")
    assert len(rows) == 1
    assert rows[0]["trigger"] == "would not meet"
    assert rows[0]["engagement_type"] == "meeting"


@pytest.mark.parametrize("text", [
    "British Prime Minister Boris Johnson refused to meet Labour leader Keir Starmer for talks on Brexit.",
    "US President Donald Trump cancelled a meeting with US Vice President Mike Pence.",
    "Beijing rejected a request from China's own provincial leaders for a meeting.",
])
def test_a_refusal_inside_one_country_never_has_the_country_on_both_sides(nlp, text):
    rows = mentions(nlp, text)
    assert rows, text
    for r in rows:
        assert r["decliner"] is not None
        assert r["decliner"] != r["requester"]


# -- issue 14: one test per rule, beyond the sentence sets --------------------------------------------------

def test_an_agentless_passive_with_no_clause_saying_who_is_flagged(nlp):
    row = mentions(nlp, "The talks were postponed.")[0]
    assert row["decliner"] is None
    assert row["decliner_source"] == "unstated"


def test_an_agentless_passive_takes_the_decliner_from_the_clause_that_says_who(nlp):
    row = mentions(nlp, "The negotiations were put off after Kenya demanded new guarantees.")[0]
    assert (row["decliner"], row["decliner_source"]) == ("Kenya", "clause")


def test_an_agentless_passive_never_takes_the_decliner_of_an_unrelated_earlier_sentence(nlp):
    text = ("Japan rejected an invitation to talks with China in March. Parliament passed the budget on "
            "Tuesday. Heavy rain hit the capital. The president's visit to Algeria was postponed.")
    rows = mentions(nlp, text)
    assert [r["decliner"] for r in rows] == ["Japan", None]
    assert rows[1]["decliner_source"] == "unstated"


@pytest.mark.parametrize("text,decliner", [
    ("The union rejected an invitation to talks with management.", "union"),
    ("Management turned down the union's request for a meeting.", "management"),
    ("The striking workers refused to meet the new owners.", "striking workers"),
])
def test_a_group_decliner_is_a_description(nlp, text, decliner):
    row = mentions(nlp, text)[0]
    assert row["decliner"] == decliner
    assert row["decliner_source"] == "description"


def test_a_cancellation_by_a_party_is_a_mention_and_one_by_an_outsider_is_not(nlp):
    assert mentions(nlp, "Belgrade called off a visit by a trade mission in protest.")[0]["decliner"] == "Serbia"
    assert mentions(nlp, "The broadcaster cancelled the debate between the two candidates.") == []
    assert mentions(nlp, "Serbia cancelled the talks between Serbia and Kosovo.")[0]["decliner"] == "Serbia"


def test_a_request_for_an_action_is_not_a_request_to_engage(nlp):
    assert mentions(nlp, "The regime ignored calls from the United Nations to release political prisoners.") == []
    assert mentions(nlp, "The regime ignored calls from the United Nations to hold talks.")[0]["kind"] == "ignored"


def test_the_same_refusal_as_history_or_as_news(nlp):
    assert mentions(nlp, "The two leaders, who had refused to meet for years, held talks in Geneva.") == []
    assert mentions(nlp, "The two leaders, who had refused to meet for years, said nothing.") != []


def test_an_unresolved_owner_that_cannot_be_the_decliners_makes_the_meeting_someone_elses(nlp):
    assert mentions(nlp, "China condemned a gathering of Japanese and Philippine officials and rejected their "
                         "meeting.") == []
    assert mentions(nlp, "China rejected its meeting with Japan.")[0]["decliner"] == "China"
    assert mentions(nlp, "The workers rejected their meeting with management.")[0]["decliner"] == "workers"


def test_an_infinitive_coordinated_with_a_finite_verb_is_not_a_report(nlp):
    assert mentions(nlp, "The committee has made several attempts to delay the vote, and even to call off the "
                         "meeting with the donors.") == []
    assert mentions(nlp, "The committee has made several attempts to delay the vote, and called off the "
                         "meeting with the donors.") != []


def test_the_future_progressive_is_a_schedule_and_the_future_a_stated_refusal(nlp):
    assert mentions(nlp, "Putin will not be meeting Biden during the trip.") == []
    assert mentions(nlp, "Putin will not meet Biden during the trip.")[0]["kind"] == "declined"


@pytest.mark.parametrize("text,found", [
    ("The senator cancelled a trip to campaign for the governor.", False),
    ("She postponed a planned visit to speak at the university.", False),
    ("The president cancelled a trip to meet the Chinese leader.", True),
    ("The senator cancelled her trip to Moscow.", True),
])
def test_travel_is_an_engagement_only_when_it_could_engage_someone(nlp, text, found):
    assert bool(mentions(nlp, text)) is found


@pytest.mark.parametrize("text,span_start", [
    # The decliner depends on the trigger: the span starts at its left edge, with its determiner and title.
    ("But the Irish duo have cut off talks with Glazer over the sale.", "the Irish duo have cut off"),
    ("US Secretary of State Antony Blinken postponed his planned trip to Beijing.", "US Secretary of State"),
    # A caption the parser joined to the sentence stays out: a span never crosses a paragraph break.
    ("Photo via AP Andrew Harnik\n\nChina rejected a US proposal for a meeting between the two defence chiefs.",
     "China rejected"),
])
def test_the_mention_span_starts_at_the_decliner_and_stays_in_its_paragraph(nlp, text, span_start):
    row = mentions(nlp, text)[0]
    assert text[row["start_char"]:row["end_char"]].startswith(span_start)
