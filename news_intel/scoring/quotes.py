"""Score the quotes table against the seeds gold file or the PolNeAR attribution corpus.

    python -m news_intel.scoring.quotes --gold tests/data/seeds_gold.json --warehouse FILE.duckdb
    python -m news_intel.scoring.quotes --polnear CORPORA/polnear/dev [--warehouse FILE.duckdb]
    python -m news_intel.scoring.quotes --bbc-gold tests/data/bbc_quotes_gold.json [--corpus CORPORA/bbc]

CORPORA is the folder holding the public corpora (``NEWS_CORPORA_DIR``, default ``corpora/`` in the
repository; the README says where each comes from).
    python -m news_intel.scoring.quotes --bbc-gold tests/data/bbc_quotes_gold.json [--corpus DIR] [--warehouse FILE.duckdb]

The British-news development gold (``--bbc-gold``) is scored by ``news_intel.scoring.quotes_bbc``, whose
docstring gives its matching rules and speaker error classes.

Without ``--warehouse`` the PolNeAR texts are run through the NLP library directly (no Dagster), one
article at a time, so one failing document is counted and the others still score.

How PolNeAR is read (choices the corpus leaves open):
- gold quotes are the attributions whose Content holds a double quote mark (" “ ”) or an opening single
  curly mark (‘); ’ and ' are left out because they are mostly apostrophes;
- two articles carry six annotators' files each; the first file in name order is used, so every article
  counts once with one consistent reading;
- a predicted direct or partial quote matches a gold Content when their overlap is at least half of the
  shorter of the two (a Content of several discontinuous pieces counts as the set of its pieces); scare
  and indirect rows are not predictions of quotations and are not scored;
- the speaker is right when it names the gold Source: the Source's last capitalised word (its surname or
  name head; its last word when it has none) is among the predicted speaker's words, or the predicted
  speaker's last word is among the Source's words, or the Source is the acronym of the predicted
  speaker's initials ("the IMF", "International Monetary Fund"). A pronoun Source ("he") stands for the nearest earlier
  Source of the same annotator headed by a name (its last word before any comma is capitalised), the
  closest the corpus comes to coreference. A definite-description Source ("the mayor") is also matched
  by the nearest earlier named Source holding its head word ("Mayor Bill de Blasio").
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from news_intel.scoring.counts import SpanCounts

QUOTE_MARK = re.compile("[\"“”‘]")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them", "you", "who", "which", "that"}
SCORED_KINDS = ("direct", "partial")


@dataclass
class GoldQuote:
    pieces: list[tuple[int, int]]
    source: str | None
    source_span: tuple[int, int] | None
    source_name: str | None = None  # the Source with pronouns replaced by the referent
    # For a description Source ("the mayor"), the nearest earlier named Source holding its head word
    # ("Mayor Bill de Blasio"): the contract's speaker is the most complete name the article gives.
    source_alias: str | None = None

    @property
    def length(self) -> int:
        return sum(b - a for a, b in self.pieces)


@dataclass
class GoldDoc:
    name: str
    text: str
    published: date | None
    quotes: list[GoldQuote] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------
# PolNeAR

def _parse_ann(path: Path) -> list[GoldQuote]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, *offsets = parts[1].split(" ", 1)
            pieces = []
            for piece in offsets[0].split(";") if offsets else []:
                a, b = piece.split()
                pieces.append((int(a), int(b)))
            spans[parts[0]] = (label, pieces, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            events.append(roles)
    quotes = []
    all_sources = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        source = spans.get(roles.get("Source", ""))
        if source is not None:
            all_sources.append((source[1][0][0], source[2]))
        if content is None or not QUOTE_MARK.search(content[2]):
            continue
        quotes.append(
            GoldQuote(
                pieces=content[1],
                source=source[2] if source else None,
                source_span=(source[1][0][0], source[1][-1][1]) if source else None,
            )
        )
    all_sources.sort()
    for q in quotes:
        q.source_name = q.source
        if q.source and q.source.strip().lower() in PRONOUNS and q.source_span:
            earlier = [t for s, t in all_sources if s < q.source_span[0] and _is_named(t)]
            q.source_name = earlier[-1] if earlier else None
        elif q.source and _is_description(q.source) and q.source_span:
            head = _words(q.source)[-1].lower()
            earlier = [t for s, t in all_sources if s < q.source_span[0] and _is_named(t) and head in {w.lower() for w in _words(t)}]
            q.source_alias = earlier[-1] if earlier else None
    return quotes


def _is_description(source: str) -> bool:
    """A definite description with no name in it ("the mayor", "The president")."""
    words = _words(source)
    return len(words) >= 2 and words[0].lower() == "the" and all(w.islower() for w in words[1:])


def _is_named(source: str) -> bool:
    """Whether a Source is headed by a name ("Mr. Obama", "Ed Rendell, who ..."; not "The Republican nominee")."""
    head = _words(source.split(",")[0])
    return bool(head) and head[-1][:1].isupper() and head[-1].lower() not in PRONOUNS


def _date_from_name(name: str) -> date | None:
    m = re.search(r"_(\d{4})-(\d{2})-(\d{2})_", name)
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def read_polnear(folder: Path) -> list[GoldDoc]:
    docs = []
    anns = sorted((folder / "attributions").glob("*.ann"))
    first_ann: dict[str, Path] = {}
    for ann in anns:
        first_ann.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    for txt in sorted((folder / "text").glob("*.txt")):
        ann = first_ann.get(txt.stem)
        text = txt.read_text(encoding="utf-8")
        docs.append(GoldDoc(txt.name, text, _date_from_name(txt.name), _parse_ann(ann) if ann else []))
    return docs


# ---------------------------------------------------------------------------------------------------
# predictions

def predict_with_library(docs: list[GoldDoc]) -> tuple[dict[str, list[dict]], list[str]]:
    from news_intel.nlp.pipeline import ArticleInput, build_nlp, make_docs

    nlp = build_nlp()
    preds, failed = {}, []
    for d in docs:
        try:
            (doc,) = list(nlp.pipe(make_docs(nlp, [ArticleInput(d.name, d.text, d.published)])))
            preds[d.name] = list(doc._.quote_rows or [])
        except Exception as exc:  # counted, reported, and the other documents still score
            failed.append(f"{d.name}: {type(exc).__name__}: {exc}")
    return preds, failed


def predict_from_warehouse(path: str, names: list[str]) -> tuple[dict[str, list[dict]], list[str]]:
    import duckdb

    with duckdb.connect(path, read_only=True) as con:
        articles = con.execute("select article_id, source_file from articles").fetchall()
        cur = con.execute("select * from quotes")
        columns = [c[0] for c in cur.description]
        rows = [dict(zip(columns, r)) for r in cur.fetchall()]  # None stays None (pandas would make NaN)
    by_id = defaultdict(list)
    for r in rows:
        by_id[r["article_id"]].append(r)
    by_name = {}
    for article_id, source_file in articles:
        by_name[Path(str(source_file)).name] = by_id.get(article_id, [])
    failed = [f"{n}: no article row in the warehouse" for n in names if n not in by_name]
    return {n: by_name[n] for n in names if n in by_name}, failed


# ---------------------------------------------------------------------------------------------------
# matching

def _overlap(a: tuple[int, int], pieces: list[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], b) - max(a[0], s)) for s, b in pieces)


def _words(s: str | None) -> list[str]:
    return re.findall(r"[\w]+", (s or "").replace("’", "'"))


def names_source(predicted: str | None, source: str | None) -> bool:
    """Whether a predicted speaker names the gold Source (see the module docstring)."""
    if not predicted or not source:
        return False
    pred = [w.lower() for w in _words(predicted)]
    gold = _words(source)
    if not pred or not gold:
        return False
    capitalised = [w for i, w in enumerate(gold) if w[:1].isupper() and not (i == 0 and w.lower() in ("a", "an", "the"))]
    key = (capitalised or gold)[-1].lower()
    if key in pred or pred[-1] in {w.lower() for w in gold}:
        return True
    # An acronym Source names the organization whose initials it is ("the IMF", "International Monetary Fund").
    acronym = (capitalised or gold)[-1]
    initials = "".join(w[0] for w in _words(predicted) if w[:1].isupper())
    return acronym.isupper() and len(acronym) >= 2 and acronym == initials


@dataclass
class Score(SpanCounts):
    speaker_scored: int = 0
    speaker_right: int = 0
    # Wrong speakers that a reviewer judged the gold's fault (see ``read_speaker_review``).
    speaker_gold_artefacts: int = 0
    docs: int = 0
    failed: list[str] = field(default_factory=list)
    # Every wrong speaker: document, gold_start, gold_source, gold_name, predicted, quote_opening.
    speaker_misses: list[dict] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0

    def lines(self) -> list[str]:
        return [
            f"documents: {self.docs}  failed: {len(self.failed)}",
            f"gold quotes: {self.gold}  predicted (direct+partial): {self.predicted}",
            f"precision: {self.precision:.3f}  recall: {self.recall:.3f}  F1: {self.f1:.3f}",
            f"speaker accuracy: {self.speaker_accuracy:.3f} ({self.speaker_right}/{self.speaker_scored} found quotes with a gold Source)",
        ] + ([self.reviewed_line()] if self.speaker_gold_artefacts else [])

    def reviewed_line(self) -> str:
        scored = self.speaker_scored - self.speaker_gold_artefacts
        return (
            f"speaker accuracy without the {self.speaker_gold_artefacts} misses reviewed as gold artefacts: "
            f"{self.speaker_right / scored if scored else 0.0:.3f} ({self.speaker_right}/{scored})"
        )


GOLD_ARTEFACT = "gold_artefact"
REVIEW_VERDICTS = (GOLD_ARTEFACT, "extractor_error")


def read_speaker_review(path: Path) -> dict[tuple[str, int], str]:
    """Verdicts on speaker misses: (document, gold quote start) -> verdict. A gold artefact is a miss where
    the gold Source cannot be matched by any speaker the contract allows (a Source that is the cue word,
    a coreference chain ending in a non-name, a misspelt name) or where the extractor's speaker is the
    person the gold describes ("The Republican nominee" for Donald Trump)."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for n, r in enumerate(rows, start=2):
        if r["verdict"] not in REVIEW_VERDICTS:
            raise ValueError(f"{path}, row {n}: verdict {r['verdict']!r} is not one of {REVIEW_VERDICTS}")
    return {(r["document"], int(r["gold_start"])): r["verdict"] for r in rows}


REVIEW_COLUMNS = ("document", "gold_start", "gold_source", "gold_name", "predicted", "quote_opening", "verdict", "reason")
UNREVIEWED = {"verdict": "extractor_error", "reason": "unreviewed cause; counted against the extractor"}


def write_speaker_review(path: Path, misses: list[dict]) -> None:
    """Rewrite the review CSV with one row per current miss: a miss reviewed before keeps its verdict and
    reason (the manual labels), a new one is counted against the extractor until someone reviews it, and
    a miss that is no longer made drops out."""
    kept: dict[tuple[str, int], dict] = {}
    if path.exists():
        with path.open(newline="", encoding="utf-8") as f:
            kept = {(r["document"], int(r["gold_start"])): r for r in csv.DictReader(f)}
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, fieldnames=REVIEW_COLUMNS)
        out.writeheader()
        for miss in misses:
            label = kept.get((miss["document"], miss["gold_start"]), UNREVIEWED)
            out.writerow({**miss, "predicted": str(miss["predicted"]), "verdict": label["verdict"], "reason": label["reason"]})


def score_polnear(
    docs: list[GoldDoc], preds: dict[str, list[dict]], failed: list[str], verbose: bool = False,
    review: dict[tuple[str, int], str] | None = None,
) -> Score:
    score = Score(docs=len(docs), failed=failed)
    review = review or {}
    for d in docs:
        rows = [r for r in preds.get(d.name, []) if r["kind"] in SCORED_KINDS]
        score.gold += len(d.quotes)
        score.predicted += len(rows)
        for r in rows:
            span = (int(r["start_char"]), int(r["end_char"]))
            if any(_overlap(span, g.pieces) * 2 >= min(span[1] - span[0], g.length) for g in d.quotes):
                score.predicted_matched += 1
            elif verbose:
                print(f"FP {d.name} {r['kind']} {r['speaker']!r}: {r['quote_text'][:90]!r}")
        for g in d.quotes:
            best, best_overlap = None, 0
            for r in rows:
                span = (int(r["start_char"]), int(r["end_char"]))
                ov = _overlap(span, g.pieces)
                if ov * 2 >= min(span[1] - span[0], g.length) and ov > best_overlap:
                    best, best_overlap = r, ov
            if best is None:
                if verbose:
                    print(f"FN {d.name}: {' / '.join(d.text[a:b] for a, b in g.pieces)[:110]!r}")
                continue
            score.gold_found += 1
            if g.source_name:
                score.speaker_scored += 1
                if names_source(best["speaker"], g.source_name) or names_source(best["speaker"], g.source_alias):
                    score.speaker_right += 1
                    continue
                verdict = review.get((d.name, g.pieces[0][0]))
                score.speaker_gold_artefacts += verdict == GOLD_ARTEFACT
                score.speaker_misses.append({
                    "document": d.name, "gold_start": g.pieces[0][0], "gold_source": g.source,
                    "gold_name": g.source_name, "predicted": best["speaker"], "quote_opening": best["quote_text"][:60],
                })
                if verbose:
                    print(f"SPK {d.name} {g.pieces[0][0]} [{verdict or 'unreviewed'}]: gold {g.source!r}->{g.source_name!r} predicted {best['speaker']!r} ({best['speaker_mention']!r}): {best['quote_text'][:60]!r}")
    return score


# ---------------------------------------------------------------------------------------------------
# seeds gold (exact offsets, kinds and speaker strings)

def score_seeds(gold_path: Path, warehouse: str) -> list[str]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["articles"]
    preds, failed = predict_from_warehouse(warehouse, list(gold))
    total = found = kinds = speakers = speakers_scored = 0
    extra = 0
    for name, art in gold.items():
        rows = {(int(r["start_char"]), int(r["end_char"])): r for r in preds.get(name, []) if r["kind"] != "indirect"}
        wanted = {(q["start"], q["end"]) for q in art.get("quotes", [])}
        extra += sum(1 for k in rows if k not in wanted)
        for q in art.get("quotes", []):
            total += 1
            r = rows.get((q["start"], q["end"]))
            if r is None:
                continue
            found += 1
            kinds += r["kind"] == q["kind"]
            if q["kind"] != "scare":
                speakers_scored += 1
                speakers += (r["speaker"] or "").lower() == (q["speaker"] or "").lower()
    return [
        f"documents: {len(gold)}  failed: {len(failed)}",
        f"gold quotes: {total}  found (exact span): {found}  right kind: {kinds}  extra spans: {extra}",
        f"speakers right: {speakers}/{speakers_scored} (exact name)",
        *failed,
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--gold", type=Path, help="seeds gold JSON (needs --warehouse)")
    src.add_argument("--polnear", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    src.add_argument("--bbc-gold", type=Path, help="British-news quotes gold JSON (articles named by path under --corpus)")
    ap.add_argument("--corpus", type=Path, default=None, help="BBC News corpus folder for --bbc-gold (default: NEWS_CORPORA_DIR/bbc)")
    ap.add_argument("--titles", type=Path, help="person_titles.csv for --bbc-gold (default: dbt/seeds/person_titles.csv)")
    ap.add_argument("--warehouse", help="DuckDB file with articles and quotes; without it the library runs directly")
    ap.add_argument("--limit", type=int, help="score only the first N PolNeAR documents")
    ap.add_argument("--every", type=int, default=1, help="score every Nth PolNeAR document (a sample across sources)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    ap.add_argument("--review", type=Path, help="CSV of verdicts on PolNeAR speaker misses (document, gold_start, verdict, ...)")
    ap.add_argument("--write-review", action="store_true",
                    help="rewrite the --review CSV with this run's misses, keeping the verdicts of those reviewed before")
    args = ap.parse_args(argv)
    if args.bbc_gold:
        from news_intel.scoring.quotes_bbc import DEFAULT_TITLES, run_bbc

        if args.corpus is None:
            from news_intel.settings import load_settings

            args.corpus = load_settings().corpora_dir / "bbc"
        if not args.corpus.is_dir():
            ap.error(f"corpus folder not found: {args.corpus} (give the BBC News folder with --corpus)")
        print("\n".join(run_bbc(args.bbc_gold, args.corpus, args.warehouse, args.verbose, args.titles or DEFAULT_TITLES)))
        return 0
    if args.gold:
        if not args.warehouse:
            ap.error("--gold needs --warehouse")
        print("\n".join(score_seeds(args.gold, args.warehouse)))
        return 0
    docs = read_polnear(args.polnear)[:: max(1, args.every)][: args.limit]
    if args.warehouse:
        preds, failed = predict_from_warehouse(args.warehouse, [d.name for d in docs])
    else:
        preds, failed = predict_with_library(docs)
    review = read_speaker_review(args.review) if args.review else None
    score = score_polnear(docs, preds, failed, verbose=args.verbose, review=review)
    print("\n".join(score.lines()))
    if args.write_review:
        if not args.review:
            ap.error("--write-review needs --review")
        write_speaker_review(args.review, score.speaker_misses)
        print(f"review written: {args.review} ({len(score.speaker_misses)} misses)")
    if failed:
        # What the extractor does on the documents that ran, to tell its quality from the failures.
        ran = [d for d in docs if d.name in preds]
        partial = score_polnear(ran, preds, [])
        print(f"over the {len(ran)} documents that ran: " + "  ".join(partial.lines()[2:3]))
    for f in failed:
        print("failed:", f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
