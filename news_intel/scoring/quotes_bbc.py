"""Score quotes and their speakers against the British-news development gold (``tests/data/bbc_quotes_gold.json``).

    python -m news_intel.scoring.quotes --bbc-gold tests/data/bbc_quotes_gold.json [--corpus DIR] [--warehouse FILE]

The gold file names its articles by path under the BBC News corpus folder ("politics/016.txt"); its ``about``
key states the annotation guidelines. How the gold is scored:

- spans: a predicted direct or partial row matches a gold direct or partial quote when their overlap is at
  least half of the shorter of the two; gold scare quotes are not quotations, and scare or indirect rows are
  not predictions of them;
- a speaker is right when, once titles and honorifics are dropped (the title words of ``person_titles.csv``
  with everything before them when a capitalised name follows, and trailing post-nominals such as "MP"),
  case, punctuation and a leading article ("the", "a", "an") ignored, it equals the gold speaker or the gold
  speaker's last word (a person's surname);
- each scored gold quote carries the class of the words its attribution uses (``mention_class``): accuracy
  is broken down by that class, and every wrong speaker gets one error type, checked in this order:
  ``missing`` (no speaker), ``unresolved_description`` (the gold is a name and the prediction is a pronoun
  or a description such as "the chancellor" or "the firm"), ``non_speaker`` (the prediction is not a
  person, organization or group: no capitalised word, no head noun of a speaker description, no word in
  common with a speaker the gold names in the article, as "significant gains"), ``truncated_name`` (the
  prediction is a proper part of the gold name, as "Northfield" for "Northfields Capital Partners"),
  ``wrong_entity`` (anything else).

The head nouns that make a phrase a speaker description (person roles, groups, institutions, documents)
are package data in ``news_intel/scoring/data/speaker_heads.csv``, besides the titles.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from news_intel.scoring.counts import SpanCounts
from news_intel.scoring.quotes import PRONOUNS, SCORED_KINDS, GoldDoc, predict_with_library
from news_intel.settings import REPO_ROOT

KINDS = ("direct", "partial", "scare")
MENTION_CLASSES = ("name", "role_noun", "pronoun", "document", "institution", "continuation")
ERROR_TYPES = ("missing", "unresolved_description", "non_speaker", "truncated_name", "wrong_entity")
ARTICLES = {"the", "a", "an"}
SPEAKER_PRONOUNS = PRONOUNS | {"its", "his", "their", "our", "my", "your", "us", "me"}
FUNCTION_WORDS = ARTICLES | {"and", "of", "for", "to", "in", "on", "at", "de"}
DEFAULT_TITLES = REPO_ROOT / "dbt" / "seeds" / "person_titles.csv"
SPEAKER_HEADS = Path(__file__).resolve().parent / "data" / "speaker_heads.csv"


@dataclass
class BbcQuote:
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_mention: str | None
    mention_class: str | None


@dataclass
class BbcArticle:
    path: str
    text: str
    quotes: list[BbcQuote]

    @property
    def scored(self) -> list[BbcQuote]:
        return [q for q in self.quotes if q.kind in SCORED_KINDS]


# ---------------------------------------------------------------------------------------------------
# reading the gold

def decode_article(data: bytes) -> str:
    """The text the pipeline sees: UTF-8 with a BOM removed, CRLF as LF (``UnicodeDecodeError`` otherwise)."""
    return data.decode("utf-8-sig").replace("\r\n", "\n")


def gold_problems(gold: dict) -> list[str]:
    """What makes a gold file unusable: kinds and classes outside the allowed sets, missing speakers."""
    problems = []
    for art in gold.get("articles", []):
        for q in art.get("quotes", []):
            where = f"{art.get('path')} quote at {q.get('start')}"
            if q.get("kind") not in KINDS:
                problems.append(f"{where}: kind {q.get('kind')!r} is not one of {', '.join(KINDS)}")
            elif q["kind"] == "scare":
                if q.get("speaker") is not None or q.get("mention_class") is not None:
                    problems.append(f"{where}: a scare quote has no speaker and no mention class")
            else:
                if not q.get("speaker") or not q.get("speaker_mention"):
                    problems.append(f"{where}: a {q['kind']} quote needs a speaker and a speaker_mention")
                if q.get("mention_class") not in MENTION_CLASSES:
                    problems.append(f"{where}: mention_class {q.get('mention_class')!r} is not one of {', '.join(MENTION_CLASSES)}")
            if not isinstance(q.get("start"), int) or not isinstance(q.get("end"), int) or q["start"] >= q["end"]:
                problems.append(f"{where}: start and end must be integers with start < end")
    return problems


def read_bbc_gold(gold_path: Path, corpus: Path) -> tuple[list[BbcArticle], list[str]]:
    """The gold articles with their corpus texts; an article whose file is missing, is not UTF-8 or
    does not hold the gold's quote texts at their offsets is left out and named in the problems."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    problems = gold_problems(gold)
    if problems:
        return [], [f"{gold_path}: {p}" for p in problems]
    articles = []
    for art in gold["articles"]:
        path = corpus / art["path"]
        try:
            text = decode_article(path.read_bytes())
        except OSError as err:
            problems.append(f"{art['path']}: cannot be read from {corpus} ({err.strerror or err})")
            continue
        except UnicodeDecodeError as err:
            problems.append(f"{art['path']}: not valid UTF-8 (byte offset {err.start})")
            continue
        quotes = [BbcQuote(**{k: q[k] for k in BbcQuote.__dataclass_fields__}) for q in art["quotes"]]
        differ = [q.start for q in quotes if text[q.start : q.end] != q.text]
        if differ:
            problems.append(f"{art['path']}: gold text differs from the corpus at offsets {differ[:5]}")
            continue
        articles.append(BbcArticle(art["path"], text, quotes))
    return articles, problems


# ---------------------------------------------------------------------------------------------------
# predictions

def predict_bbc_with_library(articles: list[BbcArticle]) -> tuple[dict[str, list[dict]], list[str]]:
    return predict_with_library([GoldDoc(a.path, a.text, None) for a in articles])


def predict_bbc_from_warehouse(path: str, articles: list[BbcArticle]) -> tuple[dict[str, list[dict]], list[str]]:
    """Quote rows per gold article, found by the article's file path ("politics/016.txt" or a path
    ending in it, since the warehouse stores paths relative to whatever folder it was built from)."""
    import duckdb

    with duckdb.connect(path, read_only=True) as con:
        files = con.execute("select article_id, source_file from articles").fetchall()
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        if "article_files" in tables:  # every file of an article whose text occurs more than once
            files += con.execute("select article_id, source_file from article_files").fetchall()
        cur = con.execute("select * from quotes")
        columns = [c[0] for c in cur.description]
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    by_id = defaultdict(list)
    for r in rows:
        by_id[r["article_id"]].append(r)
    preds, failed = {}, []
    for a in articles:
        ids = {i for i, f in files if str(f) == a.path or str(f).endswith("/" + a.path)}
        if len(ids) == 1:
            preds[a.path] = by_id.get(ids.pop(), [])
        else:
            failed.append(f"{a.path}: {'no' if not ids else 'more than one'} article row in the warehouse")
    return preds, failed


# ---------------------------------------------------------------------------------------------------
# speakers

def read_titles(path: Path = DEFAULT_TITLES) -> tuple[set[str], set[str]]:
    """(titles and honorifics, post-nominals) from a ``person_titles.csv`` (columns title,kind,...)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    titles = {r["title"].strip().lower() for r in rows if r["kind"] != "postnominal"}
    postnominals = {r["title"].strip().lower() for r in rows if r["kind"] == "postnominal"}
    return titles, postnominals


def read_speaker_heads(path: Path = SPEAKER_HEADS) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as f:
        return {r["word"].strip().lower(): r["kind"] for r in csv.DictReader(f)}


def _tokens(name: str | None) -> list[str]:
    return re.findall(r"[\w][\w'\-]*", (name or "").replace("’", "'"))


@dataclass
class SpeakerJudge:
    """Decides whether a predicted speaker names the gold speaker, and what kind of error it is if not."""

    titles: set[str]
    postnominals: set[str]
    heads: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_files(cls, titles_csv: Path = DEFAULT_TITLES, heads_csv: Path = SPEAKER_HEADS) -> "SpeakerJudge":
        titles, postnominals = read_titles(titles_csv)
        return cls(titles, postnominals, read_speaker_heads(heads_csv))

    def _key(self, word: str) -> str:
        return word.lower().rstrip(".").removesuffix("'s").replace("'", "")

    def _is_title(self, word: str) -> bool:
        # A possessive is part of a name ("the Information Commissioner's Office"), not a title before one.
        return not word.replace("’", "'").endswith("'s") and self._key(word) in self.titles

    def without_titles(self, name: str | None) -> list[str]:
        """The name's words with a leading article, a title-led prefix ("Welsh Health Minister Jane Hutt",
        "Mr Brown") and trailing post-nominals ("MP") removed; a bare description keeps its words."""
        words = _tokens(name)
        while words and words[0].lower() in ARTICLES:
            words = words[1:]
        while len(words) > 1 and self._key(words[-1]) in self.postnominals:
            words = words[:-1]
        last_title = max((i for i, w in enumerate(words) if self._is_title(w)), default=-1)
        rest = words[last_title + 1 :]
        if last_title >= 0 and rest and all(w[:1].isupper() for w in rest):
            words = rest
        return words

    def normal(self, name: str | None) -> list[str]:
        return [self._key(w) for w in self.without_titles(name)]

    def is_right(self, predicted: str | None, gold: str | None) -> bool:
        pred, want = self.normal(predicted), self.normal(gold)
        return bool(pred) and bool(want) and (pred == want or pred == want[-1:])

    def head_kind(self, name: str | None) -> str | None:
        """'pronoun', 'title' or the speaker_heads kind of the phrase's head (last) word, else None."""
        words = [self._key(w) for w in _tokens(name)]
        if not words:
            return None
        head = words[-1]
        if len(words) == 1 and head in SPEAKER_PRONOUNS:
            return "pronoun"
        for form in (head, head[:-1] if head.endswith("s") else head, head[:-2] if head.endswith("es") else head):
            if form in self.titles or form in self.postnominals:
                return "title"
            if form in self.heads:
                return self.heads[form]
        return None

    def is_name(self, speaker: str | None) -> bool:
        """Whether a gold speaker is a name ("Gordon Brown", "Commons science and technology committee")
        rather than a description ("a BBC spokesman", "prosecutors", "UKIP officials")."""
        words = _tokens(speaker)
        if words and words[0].lower() == "the":  # "the Standards and Testing Authority"
            words = words[1:]
        if not words or words[0].lower() in ARTICLES:  # "a spokesman ..."
            return False
        if words[-1][:1].isupper():
            return True
        return any(w[:1].isupper() for w in words) and self.head_kind(speaker) not in ("person", "group", "title")

    def is_description(self, predicted: str) -> bool:
        """A pronoun ("he", "its"), a bare title ("the chancellor", "the Tory leader", "MP"), or a common noun
        of a speaker description ("the firm", "the report", "officials"); "Labour Party" and "Electoral
        Commission" are names, since their head is capitalised."""
        words = self.without_titles(predicted)
        if not words:
            return bool(_tokens(predicted))  # only an article is left; bare punctuation describes nobody
        head = words[-1]
        kind = self.head_kind(head)
        return kind in ("pronoun", "title") or (kind is not None and not head[:1].isupper())

    def error_type(self, predicted: str | None, gold: str, article_names: set[str]) -> str:
        if not predicted or not predicted.strip():
            return "missing"
        if self.is_name(gold) and self.is_description(predicted):
            return "unresolved_description"
        words = _tokens(predicted)
        if (
            not any(w[:1].isupper() for w in words)
            and self.head_kind(predicted) is None
            and not {self._key(w) for w in words} & article_names
        ):
            return "non_speaker"
        pred, want = " ".join(self.normal(predicted)), " ".join(self.normal(gold))
        if self.is_name(gold) and pred and pred != want and (want.startswith(pred) or f" {pred}" in f" {want}"):
            return "truncated_name"
        return "wrong_entity"

    def name_words(self, speakers: list[str | None]) -> set[str]:
        """The words of the speakers the gold names in an article (descriptions' words left out)."""
        return {w for s in speakers if self.is_name(s) for w in self.normal(s) if w not in FUNCTION_WORDS}


# ---------------------------------------------------------------------------------------------------
# scoring

def _overlaps(span: tuple[int, int], q: BbcQuote) -> int:
    ov = max(0, min(span[1], q.end) - max(span[0], q.start))
    return ov if ov > 0 and ov * 2 >= min(span[1] - span[0], q.end - q.start) else 0


@dataclass
class ClassTally:
    matched: int = 0
    right: int = 0
    errors: Counter = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        return self.right / self.matched if self.matched else 0.0


@dataclass
class BbcScore(SpanCounts):
    articles: int = 0
    failed: list[str] = field(default_factory=list)
    by_class: dict[str, ClassTally] = field(default_factory=lambda: {c: ClassTally() for c in MENTION_CLASSES})
    misses: list[str] = field(default_factory=list)

    @property
    def speaker_right(self) -> int:
        return sum(t.right for t in self.by_class.values())

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.gold_found if self.gold_found else 0.0

    @property
    def errors(self) -> Counter:
        return sum((t.errors for t in self.by_class.values()), Counter())


def _score_spans(art: BbcArticle, rows: list[dict], score: BbcScore) -> list[tuple[BbcQuote, dict | None]]:
    """Count the span matches of one article; each gold quote with its best-overlapping row (or None)."""
    spans = [(int(r["start_char"]), int(r["end_char"])) for r in rows]
    score.gold += len(art.scored)
    score.predicted += len(rows)
    for r, span in zip(rows, spans):
        if any(_overlaps(span, q) for q in art.scored):
            score.predicted_matched += 1
        else:
            score.misses.append(f"FP {art.path} {span[0]} {r['kind']} {r.get('speaker')!r}: {r.get('quote_text', '')[:80]!r}")
    pairs = []
    for q in art.scored:
        best = max(((_overlaps(s, q), r) for s, r in zip(spans, rows)), key=lambda x: x[0], default=(0, None))
        pairs.append((q, best[1] if best[0] else None))
        if not best[0]:
            score.misses.append(f"FN {art.path} {q.start} {q.kind} {q.speaker!r}: {q.text[:80]!r}")
    return pairs


def score_bbc(articles: list[BbcArticle], preds: dict[str, list[dict]], failed: list[str], judge: SpeakerJudge) -> BbcScore:
    score = BbcScore(articles=len(articles), failed=list(failed))
    for art in articles:
        # An article the extractor failed on has no rows: its gold quotes count as not found.
        rows = [r for r in preds.get(art.path, []) if r["kind"] in SCORED_KINDS]
        names = judge.name_words([q.speaker for q in art.scored])
        for q, row in _score_spans(art, rows, score):
            if row is None:
                continue
            score.gold_found += 1
            tally = score.by_class[q.mention_class]
            tally.matched += 1
            if judge.is_right(row.get("speaker"), q.speaker):
                tally.right += 1
                continue
            error = judge.error_type(row.get("speaker"), q.speaker, names)
            tally.errors[error] += 1
            score.misses.append(
                f"SPK {art.path} {q.start} [{q.mention_class}/{error}] gold {q.speaker!r} ({q.speaker_mention!r}) "
                f"predicted {row.get('speaker')!r} ({row.get('speaker_mention')!r}): {q.text[:60]!r}"
            )
    return score


def report_lines(score: BbcScore) -> list[str]:
    lines = [
        f"articles: {score.articles}  failed: {len(score.failed)}",
        f"gold quotes (direct+partial): {score.gold}  predicted (direct+partial): {score.predicted}",
        f"quote spans: precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}",
        f"speaker accuracy: {score.speaker_accuracy:.3f} ({score.speaker_right}/{score.gold_found} matched quotes)",
        "by gold mention class:",
        f"  {'class':<13}{'matched':>8}{'right':>7}{'accuracy':>10}  " + "  ".join(ERROR_TYPES),
    ]
    for name, t in score.by_class.items():
        errs = "  ".join(f"{t.errors[e]:>{len(e)}}" for e in ERROR_TYPES)
        lines.append(f"  {name:<13}{t.matched:>8}{t.right:>7}{t.accuracy:>10.3f}  {errs}")
    total = score.errors
    lines.append("wrong speakers by error type: " + ", ".join(f"{e} {total[e]}" for e in ERROR_TYPES))
    return lines + [f"failed: {f}" for f in score.failed]


def run_bbc(gold: Path, corpus: Path, warehouse: str | None, verbose: bool, titles: Path = DEFAULT_TITLES) -> list[str]:
    articles, problems = read_bbc_gold(gold, corpus)
    if warehouse:
        preds, failed = predict_bbc_from_warehouse(warehouse, articles)
    else:
        preds, failed = predict_bbc_with_library(articles)
    score = score_bbc(articles, preds, problems + failed, SpeakerJudge.from_files(titles))
    return (score.misses if verbose else []) + report_lines(score)
