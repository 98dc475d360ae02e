"""The TimeML reader and the TempEval-3 style scorer of news_intel.scoring.timexes."""
from __future__ import annotations

import json
from datetime import date

import pytest

from news_intel.scoring.timeml import read_timeml, read_timeml_dir
from news_intel.scoring.timexes import Score, SystemTimex, export, score_corpus, score_doc, system_from_nlp
from tests.conftest import corpus_dir

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> that
profits rose for <TIMEX3 tid="t2" type="DURATION" value="P3Y" mod="APPROX">about three years</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def tml_doc(tmp_path):
    path = tmp_path / "T1.tml"
    path.write_text(TML, encoding="utf-8")
    return read_timeml(path)


def test_reader_maps_offsets_into_untagged_unescaped_text(tml_doc):
    assert tml_doc.published == date(1998, 8, 7)
    assert "AT&T said Friday" in tml_doc.text and "<" not in tml_doc.text
    assert [(tml_doc.text[t.start : t.end], t.type, t.value, t.mod) for t in tml_doc.timexes] == [
        ("Friday", "DATE", "1998-08-07", None),
        ("about three years", "DURATION", "P3Y", "APPROX"),
    ]


def test_relaxed_strict_and_value_scores(tml_doc):
    friday, years = tml_doc.timexes
    system = [
        SystemTimex(friday.start, friday.end, "DATE", "1998-08-07"),  # strict, value right
        SystemTimex(years.start + 6, years.end, "DURATION", "P2Y"),  # relaxed only, value wrong
        SystemTimex(0, 4, "DATE", "PRESENT_REF"),  # spurious
    ]
    score = Score()
    score_doc(score, tml_doc, system)
    s = score.summary()
    assert (s["strict_P"], s["strict_R"]) == (pytest.approx(1 / 3), 0.5)
    assert (s["relaxed_P"], s["relaxed_R"]) == (pytest.approx(2 / 3), 1.0)
    assert s["value_accuracy"] == 0.5
    assert s["value_F1"] == pytest.approx(s["relaxed_F1"] * 0.5)


def test_export_writes_text_and_dct_sidecar(tml_doc, tmp_path):
    out = tmp_path / "export"
    export([tml_doc], out)
    assert (out / "T1.txt").read_text(encoding="utf-8") == tml_doc.text
    assert json.loads((out / "T1.meta.json").read_text()) == {"published": "1998-08-07"}


def test_timebank_sample_scores():
    docs = read_timeml_dir(corpus_dir("timebank"))[:15]
    s = score_corpus(docs, system_from_nlp(docs)).summary()
    assert s["gold"] >= 50
    assert s["relaxed_F1"] >= 0.85
    assert s["value_accuracy"] >= 0.75


def test_breakdown_groups_every_error_into_classes(tml_doc):
    from news_intel.scoring.timex_breakdown import breakdown

    friday, years = tml_doc.timexes
    system = [
        SystemTimex(friday.start, friday.end, "DATE", "1998-08-14"),  # another weekday
        SystemTimex(years.start + 6, years.end, "DURATION", "P3Y"),  # leaves "about" out
        SystemTimex(1, 5, "DATE", "PRESENT_REF"),  # spurious
    ]
    score = Score()
    score_doc(score, tml_doc, system)
    report = breakdown(score.pairs, score.missed, score.spurious, score.gold_items)
    assert "missed gold timexes: 0" in report
    assert "spurious system timexes: 1" in report and "PRESENT_REF word: 'at&t'" in report
    assert "system leaves out a modifier ('about')" in report
    assert "same granularity, another point (date: weekday): 'Friday' 1998-08-07 -> 1998-08-14" in report
