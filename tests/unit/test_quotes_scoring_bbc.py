"""The British-news quotes scorer on hand-made gold and predictions, and the shape of the BBC gold file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from news_intel.scoring.quotes import main
from news_intel.scoring.quotes_bbc import (
    KINDS,
    MENTION_CLASSES,
    BbcArticle,
    BbcQuote,
    SpeakerJudge,
    gold_problems,
    predict_bbc_from_warehouse,
    read_bbc_gold,
    score_bbc,
)
from tests.conftest import REPO, corpus_dir

BBC_GOLD = REPO / "tests" / "data" / "bbc_quotes_gold.json"


@pytest.fixture(scope="module")
def judge() -> SpeakerJudge:
    return SpeakerJudge.from_files()


@pytest.mark.parametrize(
    "predicted, gold",
    [
        ("Gordon Brown", "Gordon Brown"),
        ("Mr Brown", "Gordon Brown"),
        ("brown", "Gordon Brown"),
        ("Welsh Health Minister Jane Hutt", "Jane Hutt"),
        ("Dr Richard Lewis", "Richard Lewis"),
        ("Paul Boateng MP", "Paul Boateng"),
        ("the Confederation of British Industry", "Confederation of British Industry"),
        ("Labour Party spokesman", "a Labour Party spokesman"),
        ("Kilroy-Silk", "Robert Kilroy-Silk"),
        ("Lynch", "Merrill Lynch"),
    ],
)
def test_right_speakers(judge, predicted, gold):
    assert judge.is_right(predicted, gold)


@pytest.mark.parametrize(
    "predicted, gold",
    [
        (None, "Gordon Brown"),
        ("", "Gordon Brown"),
        ("Gordon", "Gordon Brown"),
        ("the chancellor", "Gordon Brown"),
        ("Tony Blair", "Gordon Brown"),
        ("CBI", "Confederation of British Industry"),
        ("Merrill", "Merrill Lynch"),
        ("Information Commissioner's Office", "a spokesman for the Information Commissioner's Office"),
        ("the Tory leader", "Michael Howard"),
    ],
)
def test_wrong_speakers(judge, predicted, gold):
    assert not judge.is_right(predicted, gold)


@pytest.mark.parametrize(
    "predicted, gold, error",
    [
        (None, "Gordon Brown", "missing"),
        ("  ", "Gordon Brown", "missing"),
        ("the chancellor", "Gordon Brown", "unresolved_description"),
        ("the Tory leader", "Michael Howard", "unresolved_description"),
        ("he", "Gordon Brown", "unresolved_description"),
        ("its", "Electoral Commission", "unresolved_description"),
        ("the firm", "Northfields Capital Partners", "unresolved_description"),
        ("the report", "Electoral Commission", "unresolved_description"),
        ("MP", "Howard Flight", "unresolved_description"),
        ("significant gains", "Gordon Brown", "non_speaker"),
        ("the measures", "Northfields Capital Partners", "non_speaker"),
        ("'", "Vince Cable", "non_speaker"),
        ("Northfield", "Northfields Capital Partners", "truncated_name"),
        ("Standards", "the Standards and Testing Authority", "truncated_name"),
        ("Baker", "Baker & Lowe", "truncated_name"),
        ("Gordon", "Gordon Brown", "truncated_name"),
        ("Tony Blair", "Gordon Brown", "wrong_entity"),
        ("Labour Party", "Gordon Brown", "wrong_entity"),
        ("the spokesman", "a spokesman for the Information Commissioner's Office", "wrong_entity"),
    ],
)
def test_error_types(judge, predicted, gold, error):
    names = judge.name_words([gold, "Tony Blair", "Labour Party"])
    assert judge.error_type(predicted, gold, names) == error


def test_a_lowercase_word_of_a_named_speaker_is_not_a_non_speaker(judge):
    names = judge.name_words(["Gordon Brown"])
    assert judge.error_type("gordon", "Gordon Brown", names) == "truncated_name"
    assert judge.error_type("gordon", "Gordon Brown", set()) == "non_speaker"


def test_names_and_descriptions(judge):
    assert judge.is_name("Gordon Brown")
    assert judge.is_name("Commons science and technology committee")
    assert not judge.is_name("a BBC spokesman")
    assert not judge.is_name("prosecutors")
    assert not judge.is_name("UKIP officials")


# ---------------------------------------------------------------------------------------------------
# a hand-made article: six quotes of five classes, a scare quote, and predictions that hit and miss

TEXT = (
    'Gordon Brown said: "Growth is strong." The chancellor added: "Taxes stay." '
    '"We will win," he said. The report said there were "grave risks". '
    'Northfields Capital Partners said it was "confident". The firm said: "Sales rose." '
    'A "Cool Britannia" campaign began.'
)


def _quote(text: str, kind: str, speaker: str | None, cls: str | None, mention: str | None = None) -> BbcQuote:
    start = TEXT.index(text)
    return BbcQuote(start, start + len(text), text, kind, speaker, mention, cls)


def _row(text: str, speaker: str | None, kind: str = "direct", cut: int = 0) -> dict:
    start = TEXT.index(text)
    return {"start_char": start, "end_char": start + len(text) - cut, "kind": kind, "speaker": speaker,
            "speaker_mention": None, "quote_text": text}


@pytest.fixture()
def article() -> BbcArticle:
    return BbcArticle("politics/900.txt", TEXT, [
        _quote("Growth is strong.", "direct", "Gordon Brown", "name", "Gordon Brown"),
        _quote("Taxes stay.", "direct", "Gordon Brown", "role_noun", "The chancellor"),
        _quote("We will win,", "direct", "Gordon Brown", "pronoun", "he"),
        _quote("grave risks", "partial", "Electoral Commission", "document", "The report"),
        _quote("confident", "partial", "Northfields Capital Partners", "name", "Northfields Capital Partners"),
        _quote("Sales rose.", "direct", "Northfields Capital Partners", "institution", "The firm"),
        _quote("Cool Britannia", "scare", None, None),
    ])


def test_span_matching_and_class_breakdown(judge, article):
    rows = [
        _row("Growth is strong.", "Mr Brown"),                       # right (title dropped)
        _row("Taxes stay.", "the chancellor"),                       # unresolved description
        _row("We will win,", "Brown", cut=5),                        # 7 of 12 characters overlap: still a match
        _row("grave risks", None, kind="partial"),                   # missing speaker
        _row("confident", "Northfield", kind="partial"),             # truncated name
        _row("Cool Britannia", None, kind="partial"),                # a scare quote predicted as partial: a false positive
        _row("Sales rose.", "significant gains", kind="indirect"),   # indirect rows are not scored
    ]
    score = score_bbc([article], {article.path: rows}, [], judge)
    assert (score.gold, score.predicted, score.predicted_matched, score.gold_found) == (6, 6, 5, 5)
    assert score.precision == pytest.approx(5 / 6) and score.recall == pytest.approx(5 / 6)
    assert (score.speaker_right, score.speaker_accuracy) == (2, pytest.approx(2 / 5))
    by = score.by_class
    assert (by["name"].matched, by["name"].right, dict(by["name"].errors)) == (2, 1, {"truncated_name": 1})
    assert (by["role_noun"].matched, dict(by["role_noun"].errors)) == (1, {"unresolved_description": 1})
    assert (by["pronoun"].matched, by["pronoun"].right) == (1, 1)
    assert dict(by["document"].errors) == {"missing": 1}
    assert by["institution"].matched == 0 and by["continuation"].matched == 0
    assert score.errors == {"truncated_name": 1, "unresolved_description": 1, "missing": 1}
    kinds = sorted(m.split()[0] for m in score.misses)
    assert kinds == ["FN", "FP", "SPK", "SPK", "SPK"]


def test_an_overlap_under_half_of_the_shorter_is_no_match(judge, article):
    start = TEXT.index("Growth is strong.")
    row = {"start_char": start + 9, "end_char": start + 40, "kind": "direct", "speaker": "Gordon Brown",
           "speaker_mention": None, "quote_text": TEXT[start + 9 : start + 40]}
    score = score_bbc([article], {article.path: [row]}, [], judge)
    assert (score.predicted_matched, score.gold_found) == (0, 0)


def test_an_article_without_predictions_counts_its_gold_as_not_found(judge, article):
    score = score_bbc([article], {}, ["politics/900.txt: ValueError: boom"], judge)
    assert (score.gold, score.gold_found, score.recall) == (6, 0, 0.0)
    assert score.failed == ["politics/900.txt: ValueError: boom"]


# ---------------------------------------------------------------------------------------------------
# reading gold, corpus and warehouse

def _write_gold(tmp_path: Path, quotes: list[dict], path: str = "politics/900.txt") -> Path:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"about": "test", "articles": [{"path": path, "title": "t", "quotes": quotes}]}))
    return gold


def _gold_quote(text: str, kind: str = "direct", speaker: str | None = "Gordon Brown", cls: str | None = "name") -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "text": text, "kind": kind, "speaker": speaker,
            "speaker_mention": speaker and "Mr Brown", "mention_class": cls}


def test_read_gold_names_bad_articles_and_keeps_the_rest(tmp_path):
    corpus = tmp_path / "bbc"
    (corpus / "politics").mkdir(parents=True)
    (corpus / "politics" / "900.txt").write_text(TEXT)
    (corpus / "politics" / "901.txt").write_text(TEXT.replace("Taxes stay.", "Taxes rise."))  # edited since annotation
    (corpus / "politics" / "902.txt").write_bytes(b"caf\xe9")
    quote = _gold_quote("Taxes stay.")
    gold = {"about": "test", "articles": [
        {"path": f"politics/{n}.txt", "title": "t", "quotes": [quote]} for n in (900, 901, 902, 903)
    ]}
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    articles, problems = read_bbc_gold(tmp_path / "gold.json", corpus)
    assert [a.path for a in articles] == ["politics/900.txt"]
    assert len(problems) == 3
    assert f"901.txt: gold text differs from the corpus at offsets [{quote['start']}]" in problems[0]
    assert "902.txt: not valid UTF-8" in problems[1]
    assert "903.txt: cannot be read" in problems[2]


def test_read_gold_decodes_like_the_pipeline(tmp_path):
    corpus = tmp_path / "bbc"
    (corpus / "politics").mkdir(parents=True)
    # A BOM and CRLF line ends after the quotes: the decoded text is TEXT with LF, offsets unchanged.
    (corpus / "politics" / "900.txt").write_bytes(b"\xef\xbb\xbf" + (TEXT + "\nMore.").replace("\n", "\r\n").encode())
    gold = _write_gold(tmp_path, [_gold_quote("Taxes stay.")])
    articles, problems = read_bbc_gold(gold, corpus)
    assert problems == []
    assert articles[0].text == TEXT + "\nMore."


def test_gold_problems_name_bad_kinds_classes_and_speakers():
    gold = {"articles": [{"path": "p/1.txt", "quotes": [
        {"start": 0, "end": 5, "kind": "quoted", "speaker": "A"},
        {"start": 0, "end": 5, "kind": "direct", "speaker": None, "speaker_mention": "he", "mention_class": "pronoun"},
        {"start": 0, "end": 5, "kind": "partial", "speaker": "A", "speaker_mention": "A", "mention_class": "alias"},
        {"start": 0, "end": 5, "kind": "scare", "speaker": "A", "mention_class": None},
        {"start": 5, "end": 5, "kind": "scare", "speaker": None, "mention_class": None},
    ]}]}
    problems = gold_problems(gold)
    assert len(problems) == 5
    assert "kind 'quoted'" in problems[0] and "needs a speaker" in problems[1]
    assert "mention_class 'alias'" in problems[2] and "scare quote" in problems[3] and "start < end" in problems[4]


def _warehouse(tmp_path: Path) -> str:
    import duckdb

    path = str(tmp_path / "w.duckdb")
    with duckdb.connect(path) as con:
        con.execute("create table articles (article_id varchar, source_file varchar)")
        con.execute("insert into articles values ('a1', 'bbc/politics/900.txt'), ('a2', 'business/900.txt')")
        con.execute("create table quotes (article_id varchar, start_char int, end_char int, quote_text varchar,"
                    " kind varchar, speaker varchar, speaker_mention varchar)")
        start = TEXT.index("Taxes stay.")
        con.execute("insert into quotes values ('a1', ?, ?, 'Taxes stay.', 'direct', 'Mr Brown', 'The chancellor'),"
                    " ('a2', 0, 5, 'x', 'direct', 'X', 'X')", [start, start + 11])
    return path


def test_warehouse_rows_are_found_by_path_suffix(tmp_path):
    art = BbcArticle("politics/900.txt", TEXT, [])
    preds, failed = predict_bbc_from_warehouse(_warehouse(tmp_path), [art, BbcArticle("tech/900.txt", TEXT, [])])
    assert [r["speaker"] for r in preds["politics/900.txt"]] == ["Mr Brown"]
    assert failed == ["tech/900.txt: no article row in the warehouse"]


def test_cli_scores_a_warehouse(tmp_path, capsys):
    corpus = tmp_path / "bbc"
    (corpus / "politics").mkdir(parents=True)
    (corpus / "politics" / "900.txt").write_text(TEXT)
    gold = _write_gold(tmp_path, [_gold_quote("Taxes stay.", cls="role_noun"), _gold_quote("Growth is strong.")])
    assert main(["--bbc-gold", str(gold), "--corpus", str(corpus), "--warehouse", _warehouse(tmp_path), "-v"]) == 0
    out = capsys.readouterr().out
    assert "FN politics/900.txt" in out
    assert "precision 1.000  recall 0.500  F1 0.667" in out
    assert "speaker accuracy: 1.000 (1/1 matched quotes)" in out
    assert "  role_noun           1      1     1.000" in out


# ---------------------------------------------------------------------------------------------------
# the gold file itself

def test_bbc_gold_is_well_formed():
    gold = json.loads(BBC_GOLD.read_text(encoding="utf-8"))
    assert gold["about"]
    assert gold_problems(gold) == []
    articles = gold["articles"]
    assert len(articles) >= 25
    assert {a["path"].split("/")[0] for a in articles} == {"politics", "business", "tech"}
    assert len({a["path"] for a in articles}) == len(articles)
    for art in articles:
        assert art["title"]
        ends = [(q["start"], q["end"]) for q in art["quotes"]]
        assert ends == sorted(ends), art["path"]
        assert all(b <= a2 for (_, b), (a2, _) in zip(ends, ends[1:])), f"overlapping quotes in {art['path']}"
        for q in art["quotes"]:
            assert q["end"] - q["start"] == len(q["text"])
            assert q["kind"] in KINDS
            assert (q["speaker"] is None) == (q["kind"] == "scare")
            assert q["kind"] == "scare" or q["mention_class"] in MENTION_CLASSES


@pytest.mark.corpus
def test_bbc_gold_texts_are_the_corpus_slices():
    corpus = corpus_dir("bbc")
    articles, problems = read_bbc_gold(BBC_GOLD, corpus)
    assert problems == []
    assert len(articles) == len(json.loads(BBC_GOLD.read_text(encoding="utf-8"))["articles"])
    for art in articles:
        assert art.text.split("\n", 1)[0].strip()
        for q in art.quotes:
            assert art.text[q.start : q.end] == q.text


def test_cli_names_a_missing_corpus_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--bbc-gold", str(BBC_GOLD), "--corpus", str(tmp_path / "absent")])
    assert exit_.value.code == 2
    assert f"corpus folder not found: {tmp_path / 'absent'}" in capsys.readouterr().err


def test_polnear_acronym_source_names_the_organization():
    from news_intel.scoring.quotes import names_source

    assert names_source("International Monetary Fund", "the IMF")
    assert not names_source("International Labour Organization", "the IMF")
