"""Score the ``timexes`` extractor against TimeML gold (TimeBank / AQUAINT), as TempEval-3 does.

Relaxed match: a system span overlaps a gold span (one-to-one, largest overlap first); strict
match: same start and end. Type and value accuracy are taken over relaxed matches; value F1 is
relaxed F1 times value accuracy.

    news-intel score timexes --timeml CORPORA/timebank
    news-intel score timexes --timeml CORPORA/timebank --breakdown   # every error, in classes
    news-intel score timexes --timeml DIR --export-dir /tmp/tml_txt   # files to ingest
    news-intel score timexes --timeml DIR --warehouse /tmp/tml.duckdb # score a warehouse

A warehouse is scored by matching each TimeML document to the article whose ``source_file`` has
the document's name as stem; the exported ``.txt`` holds exactly the TimeML text, so offsets agree.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from news_intel.scoring.timeml import GoldTimex, TimeMLDoc, read_timeml_dir
from news_intel.scoring.timex_breakdown import Item, Pair, breakdown


@dataclass
class SystemTimex:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    errors: list[tuple] = field(default_factory=list)
    # Per gold TIMEX3 type: gold count and relaxed matches (recall by type).
    gold_by_type: Counter = field(default_factory=Counter)
    relaxed_by_type: Counter = field(default_factory=Counter)
    # What ``--breakdown`` groups: relaxed matches, misses, spurious spans, and every gold timex.
    pairs: list[Pair] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    spurious: list[Item] = field(default_factory=list)
    gold_items: list[Item] = field(default_factory=list)

    @staticmethod
    def _prf(match: int, system: int, gold: int) -> tuple[float, float, float]:
        p = match / system if system else 0.0
        r = match / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict:
        sp, sr, sf = self._prf(self.strict, self.system, self.gold)
        rp, rr, rf = self._prf(self.relaxed, self.system, self.gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_P": sp, "strict_R": sr, "strict_F1": sf,
            "relaxed_P": rp, "relaxed_R": rr, "relaxed_F1": rf,
            "type_accuracy": type_acc,
            "value_accuracy": value_acc,
            "type_F1": rf * type_acc,
            "value_F1": rf * value_acc,
            "recall_by_type": {
                t: (self.relaxed_by_type[t] / n, n) for t, n in sorted(self.gold_by_type.items())
            },
        }


def score_doc(score: Score, doc: TimeMLDoc, system: list[SystemTimex]) -> None:
    gold = doc.timexes
    score.gold_items.extend(Item(doc.name, g.text, g.type, g.value) for g in gold)
    score.gold += len(gold)
    score.gold_by_type.update(g.type for g in gold)
    score.system += len(system)
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, gi, si))
    used_g, used_s = set(), set()
    for _, gi, si in sorted(pairs, reverse=True):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        g, s = gold[gi], system[si]
        score.relaxed += 1
        score.relaxed_by_type[g.type] += 1
        score.strict += (g.start, g.end) == (s.start, s.end)
        score.type_ok += g.type == s.type
        score.value_ok += g.value == s.value
        score.pairs.append(Pair(doc.name, Item(doc.name, g.text, g.type, g.value),
                                Item(doc.name, doc.text[s.start : s.end], s.type, s.value)))
        if g.value != s.value or (g.start, g.end) != (s.start, s.end):
            score.errors.append((doc.name, "mismatch", g.text, g.value, doc.text[s.start:s.end], s.value))
    for gi, g in enumerate(gold):
        if gi not in used_g:
            score.errors.append((doc.name, "missed", g.text, g.value, "", ""))
            score.missed.append(Item(doc.name, g.text, g.type, g.value))
    for si, s in enumerate(system):
        if si not in used_s:
            score.errors.append((doc.name, "spurious", "", "", doc.text[s.start:s.end], s.value))
            score.spurious.append(Item(doc.name, doc.text[s.start : s.end], s.type, s.value))


def score_corpus(docs: list[TimeMLDoc], system: dict[str, list[SystemTimex]]) -> Score:
    score = Score()
    for d in docs:
        score_doc(score, d, system.get(d.name, []))
    return score


def system_from_nlp(docs: list[TimeMLDoc], full_pipeline: bool = False, nlp=None) -> dict[str, list[SystemTimex]]:
    """Run the NLP library over the documents: the timexes component alone unless told otherwise."""
    import spacy

    from news_intel.nlp import timexes  # noqa: F401  registers the component
    from news_intel.nlp.pipeline import DEFAULT_MODEL, ArticleInput, build_nlp, make_docs

    if nlp is None and full_pipeline:
        nlp = build_nlp()
    elif nlp is None:
        nlp = spacy.load(DEFAULT_MODEL)
        nlp.add_pipe("news_timexes")
    inputs = [ArticleInput(d.name, d.text, d.published) for d in docs]
    out = {}
    for sdoc in nlp.pipe(make_docs(nlp, inputs), batch_size=16):
        out[sdoc._.article_id] = [
            SystemTimex(r["start_char"], r["end_char"], r["timex_type"], r["value"]) for r in sdoc._.timex_rows
        ]
    return out


def system_from_warehouse(docs: list[TimeMLDoc], path: str) -> dict[str, list[SystemTimex]]:
    """The timexes rows of a warehouse, by document name (the stem of the ingested file).

    Identical texts are one article in the warehouse; ``article_files`` maps every file to it.
    """
    import duckdb

    with duckdb.connect(path, read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        files_sql = "select source_file, article_id from article_files" if "article_files" in tables else (
            "select source_file, article_id from articles"
        )
        files = con.execute(files_sql).fetchall()
        texts = dict(con.execute("select article_id, text from articles").fetchall())
        rows = con.execute("select article_id, start_char, end_char, timex_type, value from timexes").fetchall()
        if "extraction_errors" in tables:
            failed = con.execute("select count(distinct article_id) from extraction_errors").fetchone()[0]
            if failed:
                print(f"warning: {failed} articles have extraction errors in this warehouse", file=sys.stderr)
    by_article: dict[str, list[SystemTimex]] = {}
    for article_id, start, end, ttype, value in rows:
        by_article.setdefault(article_id, []).append(SystemTimex(start, end, ttype, value))
    by_name = {}
    gold_text = {d.name: d.text for d in docs}
    for source_file, article_id in files:
        name = Path(source_file).name.removesuffix(".txt")
        by_name[name] = sorted(by_article.get(article_id, []), key=lambda t: t.start)
        if name in gold_text and texts.get(article_id) != gold_text[name]:
            print(f"warning: warehouse text of {name} differs from the TimeML text; offsets may not agree", file=sys.stderr)
    return by_name


def export(docs: list[TimeMLDoc], out_dir: Path) -> None:
    """One ``NAME.txt`` (the TimeML text) and ``NAME.meta.json`` (the DCT) per document."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (out_dir / f"{d.name}.txt").write_text(d.text, encoding="utf-8", newline="")
        meta = {"published": d.published.isoformat()} if d.published else {}
        (out_dir / f"{d.name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--timeml", required=True, help="folder of TimeML .tml files (searched recursively)")
    ap.add_argument("--warehouse", help="score the timexes table of this DuckDB file instead of running the NLP")
    ap.add_argument("--export-dir", help="write NAME.txt + NAME.meta.json for ingestion, then exit")
    ap.add_argument("--full-pipeline", action="store_true", help="run every component, not just timexes")
    ap.add_argument("--limit", type=int, help="score only the first N documents")
    ap.add_argument("--errors", type=int, default=0, help="print up to N error lines")
    ap.add_argument("--breakdown", action="store_true",
                    help="group every missed, spurious, extent and value error into classes with counts")
    args = ap.parse_args(argv)

    docs = read_timeml_dir(Path(args.timeml))
    if args.limit:
        docs = docs[: args.limit]
    if args.export_dir:
        export(docs, Path(args.export_dir))
        print(f"wrote {len(docs)} articles to {args.export_dir}")
        return 0
    system = system_from_warehouse(docs, args.warehouse) if args.warehouse else system_from_nlp(docs, args.full_pipeline)
    score = score_corpus(docs, system)
    missing = sum(1 for d in docs if d.name not in system)
    s = score.summary()
    print(f"documents: {len(docs)} (not found in system output: {missing})")
    print(f"gold timexes: {s['gold']}  system timexes: {s['system']}")
    print(f"strict   P {s['strict_P']:.3f}  R {s['strict_R']:.3f}  F1 {s['strict_F1']:.3f}")
    print(f"relaxed  P {s['relaxed_P']:.3f}  R {s['relaxed_R']:.3f}  F1 {s['relaxed_F1']:.3f}")
    print(f"type accuracy {s['type_accuracy']:.3f}  type F1 {s['type_F1']:.3f}")
    print(f"value accuracy {s['value_accuracy']:.3f}  value F1 {s['value_F1']:.3f}")
    print("relaxed recall by type: " + "  ".join(f"{t} {r:.3f} (of {n})" for t, (r, n) in s["recall_by_type"].items()))
    if args.breakdown:
        print(breakdown(score.pairs, score.missed, score.spurious, score.gold_items))
    if args.errors:
        kinds = Counter(e[1] for e in score.errors)
        print(f"errors: {dict(kinds)}")
        for e in score.errors[: args.errors]:
            print("  " + " | ".join(str(x) for x in e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
