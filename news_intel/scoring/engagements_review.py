"""Precision of the declined-engagements component on ordinary news, from a hand-reviewed file.

    python -m news_intel.scoring.engagements_review collect --corpora DIR --out MENTIONS.jsonl
    python -m news_intel.scoring.engagements_review score --review tests/data/engagements_review.csv \
        --mentions MENTIONS.jsonl

``collect`` runs the NLP library directly (no Dagster) over the articles of the development corpora
under ``DIR`` (BBC News, PolNeAR train and dev, TimeBank and AQUAINT) and writes every engagement mention
it produces, one JSON object a line, with the sentence it sits in. To save time it parses only the
articles a cheap text test says could hold a mention (``may_hold_mentions``; ``--every-article`` parses
all). ``score`` matches those mentions to
the review file (one row per mention ever produced, with a hand verdict) by article, sentence and
trigger, and prints precision: the share of produced mentions whose verdict is true. Mentions with no
verdict yet are listed, so a rule change that makes new mentions cannot hide them.

The review file's columns: ``article``, ``sentence``, ``trigger``, ``kind``, ``decliner``, ``requester``
(as produced when the row was reviewed), ``verdict`` (``true``: the sentence reports a refused, ignored,
cancelled or postponed engagement and the trigger is that report; ``false`` otherwise) and ``reason``.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

REVIEW_COLUMNS = ("article", "sentence", "trigger", "kind", "decliner", "requester", "verdict", "reason")


def _bbc(root: Path) -> Iterator[tuple[str, str, date | None]]:
    from news_intel.scoring.quotes_bbc import decode_article

    for path in sorted((root / "bbc").rglob("*.txt")):
        if path.name == "README.TXT":
            continue
        try:
            text = decode_article(path.read_bytes())
        except UnicodeDecodeError:
            continue  # the one non-UTF-8 file: the pipeline's ingestion rejects it too
        yield f"bbc/{path.relative_to(root / 'bbc')}", text, None


def _polnear(root: Path) -> Iterator[tuple[str, str, date | None]]:
    from news_intel.scoring.quotes import read_polnear

    for split in ("train", "dev"):
        folder = root / "polnear" / split
        if folder.is_dir():
            for d in read_polnear(folder):
                yield f"polnear/{split}/{d.name}", d.text, d.published


def _timebank(root: Path) -> Iterator[tuple[str, str, date | None]]:
    from news_intel.scoring.timeml import read_timeml

    for sub in ("TimeBank", "AQUAINT"):
        for path in sorted((root / "timebank" / sub).glob("*.tml")):
            d = read_timeml(path)
            yield f"timebank/{sub}/{path.name}", d.text, d.published


def corpus_articles(root: Path) -> Iterator[tuple[str, str, date | None]]:
    """(article id, text, publication date) of every development article under ``root``."""
    for reader in (_bbc, _polnear, _timebank):
        yield from reader(root)


NEGATION_WORDS = ("not", "n't", "never", "no")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


def _stem_pattern(words) -> re.Pattern:
    stems = sorted({w.lower()[:5] for w in words if w}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + ")", re.I)


def may_hold_mentions():
    """A cheap superset test over raw text, so only articles that could hold a mention are parsed: some
    sentence (split at end punctuation) has a trigger word (or a negation, for "would not meet") and a
    refused-thing word (an engagement, a channel or a request), matched on the first five letters of
    the vocabulary's words, so every inflection passes."""
    from news_intel.nlp.reference import read_reference_csv

    triggers = [w for r in read_reference_csv("engagement_triggers.csv", None) for w in r["trigger"].split()
                if len(w) > 3] + list(NEGATION_WORDS)
    objects = [r["lemma"] for r in read_reference_csv("engagement_objects.csv", None)
               if r["role"].strip() in {"engagement", "verb", "request", "channel"}]
    trigger_re, object_re = _stem_pattern(triggers), _stem_pattern(objects)

    def test(text: str) -> bool:
        return any(trigger_re.search(s) and object_re.search(s) for s in SENTENCE_BREAK.split(text))

    return test


def mentions_of_doc(doc, article_id: str) -> list[dict]:
    """The engagement mentions of one processed doc, each with its sentence's text."""
    from news_intel.nlp.structure import doc_text

    text = doc_text(doc)
    sents = list(doc.sents)
    out = []
    for r in doc._.engagement_rows or []:
        sent = sents[r["sentence_idx"]] if r["sentence_idx"] < len(sents) else None
        sentence = " ".join(text[sent.start_char:sent.end_char].split()) if sent is not None else ""
        out.append({"article": article_id, "sentence": sentence, "trigger": r["trigger"], "kind": r["kind"],
                    "decliner": r["decliner"], "requester": r["requester"], "engagement": r["engagement"]})
    return out


def collect(root: Path, out: Path, every_article: bool = False) -> tuple[int, int, int]:
    """(articles read, articles parsed, mentions written)."""
    from news_intel.nlp.pipeline import ArticleInput, build_nlp, make_docs

    nlp = build_nlp()
    candidate = may_hold_mentions()
    read = 0
    articles = []
    for a, t, p in corpus_articles(root):
        read += 1
        if every_article or candidate(t):
            articles.append(ArticleInput(a, t, p))
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for doc in nlp.pipe(make_docs(nlp, articles), batch_size=16):
            for m in mentions_of_doc(doc, doc._.article_id):
                f.write(json.dumps(m, ensure_ascii=False) + "\n")
                n += 1
            f.flush()
    return read, len(articles), n


def review_key(row: dict) -> tuple[str, str, str]:
    return row["article"], " ".join((row["sentence"] or "").split()), row["trigger"]


def read_review(path: Path) -> dict[tuple[str, str, str], dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return {review_key(r): r for r in csv.DictReader(f)}


def precision_lines(review: dict, mentions: list[dict]) -> list[str]:
    verdicts = [review.get(review_key(m), {}).get("verdict") for m in mentions]
    true, false = verdicts.count("true"), verdicts.count("false")
    unreviewed = [m for m, v in zip(mentions, verdicts) if v not in {"true", "false"}]
    articles = {m["article"] for m in mentions}
    true_articles = {m["article"] for m, v in zip(mentions, verdicts) if v == "true"}
    lines = [
        f"mentions: {len(mentions)}  true: {true}  false: {false}  unreviewed: {len(unreviewed)}",
        f"precision (mentions): {true / (true + false):.3f}" if true + false else "precision (mentions): n/a",
        f"articles flagged: {len(articles)}  with a true mention: {len(true_articles)}"
        + (f"  precision (articles): {len(true_articles) / len(articles):.3f}" if articles else ""),
    ]
    lines += [f"UNREVIEWED {m['article']} | {m['trigger']} | {m['sentence']}" for m in unreviewed]
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--corpora", type=Path, required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--every-article", action="store_true", help="parse every article, not only candidates")
    s = sub.add_parser("score")
    s.add_argument("--review", type=Path, required=True)
    s.add_argument("--mentions", type=Path, required=True)
    args = ap.parse_args(argv)
    if args.command == "collect":
        if not args.corpora.is_dir():
            print(f"no corpora folder: {args.corpora}", file=sys.stderr)
            return 2
        read, parsed, n = collect(args.corpora, args.out, args.every_article)
        print(f"{read} articles read, {parsed} parsed, {n} mentions written to {args.out}")
        return 0
    review = read_review(args.review)
    mentions = [json.loads(line) for line in args.mentions.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("\n".join(precision_lines(review, mentions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
