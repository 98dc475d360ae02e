"""Declined engagements: refusals, snubs, cancellations and postponements of meetings, talks and channels.

One row per sentence-level mention (table ``engagement_mentions``). A mention needs a trigger (a verb
such as *decline*, *rebuff*, *postpone*, a negated verb such as *not returning (calls)*, or a noun such
as *refusal*) and a refused thing that is an *engagement*: a meeting, talks, dialogue, a visit, a summit,
a communication channel, or a request / invitation / offer / attempt whose complement is one of those
("a request to meet", "an offer of talks"). Rejecting anything else (a peace plan, calls to resign, a
demand to lift sanctions) is not a mention. This is CAMEO 125 / PLOVER REJECT (mode "meet"), widened to
cancellations and postponements.

Stated refusals need no refusal verb: "Putin would not meet Zelensky", "the Taliban will not hold talks
with Kabul", "decided not to attend the summit" are mentions (the negated will, or a refusal governor,
on an engagement verb that names a counterpart). A plain negated past ("they did not meet during the
summit") is not: it reports that no meeting happened, not that anyone refused one; nor is "could not
meet" (inability) or "will not meet again until May" (scheduling). Unanswered requests are mentions of
kind ``ignored``: "requests went unanswered / unreturned", "received no response", "no reply from X".
An engagement named only as the setting of the trigger ("rebuffed at a White House meeting", "rejected
before talks broke down") or inside a claim ("suggestions that the meeting failed") is not what was
refused.

Look-alikes that stay out (issue 14): a request for an action ("calls to release prisoners", "calls
seeking comment"); a trigger under a condition ("if the talks fail, ..."), an aim or an appeal ("seeking to
postpone", "pleaded with him to reject"), speculation or a denial ("speculation that he will cancel",
"denied that it had snubbed"); a sports fixture or booking ("the race meeting", "speech engagements");
an engagement judged "as" something, or one between other parties ("rejected the talks between
Washington and Tehran"); a refusal told as the history of an engagement the sentence reports happening
("leaders who had refused to meet for years held talks"); a generic bare plural with no known decliner;
an infinitive coordinated with a finite verb, which continues a request ("made requests to withdraw the
motion, and even to agree to cancel the meeting"); the future progressive, a schedule rather than a will
("will not be attending the debate"); travel whose purpose engages no one ("a trip to speak on his
behalf"); a meeting whose owner pronoun coreference left open and that cannot be the decliner's own
("China ... rejected their meeting").

The vocabulary is data: ``engagement_triggers.csv`` and ``engagement_objects.csv`` under the reference
folder (dbt seeds), hedges (modals, governors, conditions, speculation and denial words, predicates of a
held engagement), party nouns and number words under ``news_intel/nlp/data``.

Where things are: ``vocabulary`` (the data above), ``triggers`` (which words report a refusal),
``lookalikes`` (hedges and the other look-alikes that stay out), ``refused_thing`` (the engagement a trigger
governs), ``actor_refs`` (the names the mention layer resolved), ``parties`` (decliner and requester),
``occasions`` (time, counts, scope, anchors), ``extractor`` (the rules as one object) and ``component``
(the spaCy factory and the rows).

Roles come from the parse and the mention layer (``doc.spans["mentions"]``: names, and the pronouns and
descriptions coreference resolved):

* decliner: the trigger's subject (through coordination and control: "Li is expected to ..., but
  declined"), the passive agent ("rejected by China"), or the possessor / *by*-phrase of a nominal
  trigger ("China's refusal", "the rejection by China"); a common noun is a description ("the union",
  "management") when coreference gives no actor. When the sentence leaves it open (a passive with no
  agent, "the declined invitation", "the refusal"), a clause of the sentence that says who acted first
  ("cancelled after Russia withdrew its delegation"), else the decliner of the previous mention when it
  is about the same engagement a sentence or two before, else the side of the person reporting it when
  that side differs from the requester's; else the decliner stays null, ``decliner_source`` "unstated".
* requester: the possessor or national modifier of the request ("Austin's offer", "a US request"), its
  *from* / *by* phrase, the agent of "proposed by", else the other party of the engagement ("meet
  with X", "between X and Y"), else the first actor of the sentence on another side than the decliner.
* pronouns: "they" in "X informed Y that they declined" is X; first-person words inside a quote are the
  quote speaker's side; other third-person pronouns take the previous mention's decliner or the
  nearest preceding actor of the right type.

``decliner`` / ``requester`` are country-level where the actor has a country, or where the sentence ties a
person to one by its own words (a demonym or country in the title, an apposition: "his Chinese counterpart,
Li Shangfu", "Ukraine's president"); otherwise the person stays the party ("Trump cancelled his summit
with Kim Jong Un in Singapore" is Trump -> Kim Jong Un): a person is never given a country just because
the sentence or article mentions one, and a place named as the venue is never a party. One narrow
exception, for a counterpart of unknown country met in his own country ("postponed his meeting with
President Xi in Beijing"): the venue's country is taken when it is also the country the article is about
besides the decliner's (counted without venue mentions), so a neutral venue never qualifies.
``decliner_actor`` /
``requester_actor`` keep the person or organisation, refined to a person of the same side named in the
engagement ("a meeting between Austin and Li" makes China's refusal Li Shangfu's).
"""
from __future__ import annotations

from news_intel.nlp.engagements.component import TABLE, TAKES_REFERENCE_DIR, find_mentions, make_engagements
from news_intel.nlp.engagements.extractor import Extractor
from news_intel.nlp.engagements.occasions import claimed_count
from news_intel.nlp.engagements.vocabulary import Vocabulary, load_vocabulary

__all__ = ["TABLE", "TAKES_REFERENCE_DIR", "Extractor", "Vocabulary", "claimed_count", "find_mentions",
           "load_vocabulary", "make_engagements"]
