"""Score canonical actors against the seeds gold file, and list the actors found in a sample of news.

    news-intel score actors --gold tests/data/seeds_gold.json [--warehouse FILE.duckdb]
    news-intel score actors --sample CORPORA/bbc/politics -n 30 [--seed 7]

Without ``--warehouse`` the seed files (``--input``, default ``seeds/``) are run through the NLP library
directly. Two measures, micro-averaged over the articles of the gold file:

- actor pairs: the set of (article, canonical actor) pairs predicted vs the gold ``actors`` keys;
- surface forms: the set of (article, canonical actor, surface form) triples, so a surface form only
  counts when it is assigned to the right actor.

Names are compared after ``normalize_name`` (curly apostrophes straightened, a trailing possessive
dropped) and case-folded; surface forms additionally lose a leading "the" ("the United States" and
"United States" are one form). Nothing else is forgiven: "Mr Chollet" and "Chollet" are different forms.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from news_intel.nlp.actors import _strip_article, normalize_name


def actor_key(name: str) -> str:
    return normalize_name(name).lower()


def surface_key(text: str) -> str:
    return normalize_name(_strip_article(text.strip())).lower()


def prf(pred: set, gold: set) -> dict:
    hit = len(pred & gold)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(gold) if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "true_positives": hit, "predicted": len(pred), "gold": len(gold)}


def score(rows_by_file: dict[str, list[dict]], gold: dict) -> dict:
    """Actor-pair and surface-form scores of ``rows_by_file`` ({file name: actor_references rows})."""
    gold_pairs, gold_forms, pred_pairs, pred_forms = set(), set(), set(), set()
    for name, art in gold["articles"].items():
        for actor, forms in (art.get("actors") or {}).items():
            gold_pairs.add((name, actor_key(actor)))
            gold_forms.update((name, actor_key(actor), surface_key(f)) for f in forms)
        for r in rows_by_file.get(name, []):
            pred_pairs.add((name, actor_key(r["actor"])))
            pred_forms.add((name, actor_key(r["actor"]), surface_key(r["text"])))
    return {
        "actor_pairs": prf(pred_pairs, gold_pairs),
        "surface_forms": prf(pred_forms, gold_forms),
        "missed_actors": sorted(gold_pairs - pred_pairs),
        "extra_actors": sorted(pred_pairs - gold_pairs),
        "missed_forms": sorted(gold_forms - pred_forms),
        "extra_forms": sorted(pred_forms - gold_forms),
    }


def rows_from_files(paths: list[Path], root: Path) -> dict[str, list[dict]]:
    """Run the pipeline over files, one at a time: {path relative to root: actor rows}."""
    from news_intel.ingest.reading import RejectedFile, read_article_file
    from news_intel.nlp.pipeline import ArticleInput, build_nlp, make_docs

    nlp = build_nlp()
    out: dict[str, list[dict]] = {}
    for path in paths:
        try:
            art = read_article_file(path, root=root)
        except RejectedFile as exc:
            print(f"skipped {path}: {exc.reason}", file=sys.stderr)
            continue
        doc = nlp(next(make_docs(nlp, [ArticleInput(art.article_id, art.text, art.published_date)])))
        out[art.source_file] = doc._.actor_references or []
    return out


def rows_from_warehouse(path: str) -> dict[str, list[dict]]:
    import duckdb

    with duckdb.connect(path, read_only=True) as con:
        df = con.execute(
            "select a.source_file, r.* from actor_references r join articles a using (article_id)"
        ).df()
    out: dict[str, list[dict]] = defaultdict(list)
    for rec in df.to_dict("records"):
        out[Path(rec["source_file"]).name].append(rec)
    return out


def print_sample(rows_by_file: dict[str, list[dict]]) -> None:
    totals: Counter = Counter()
    for name, rows in rows_by_file.items():
        actors: dict[tuple, list[str]] = defaultdict(list)
        for r in rows:
            actors[(r["actor"], r["actor_type"], r["country"])].append(r["text"])
        print(f"== {name}")
        for (actor, atype, country), forms in sorted(actors.items(), key=lambda kv: -len(kv[1])):
            totals[(actor, atype)] += 1
            print(f"   {actor} [{atype}{', ' + country if country else ''}] x{len(forms)}: {sorted(set(forms))}")
    print("== actors over the sample (articles):")
    for (actor, atype), n in totals.most_common(40):
        print(f"   {n:3d}  {actor} [{atype}]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, help="seeds gold JSON (articles.*.actors)")
    ap.add_argument("--warehouse", help="DuckDB warehouse to read actor_references from")
    ap.add_argument("--input", type=Path, default=Path("seeds"), help="seed folder when no warehouse is given")
    ap.add_argument("--sample", type=Path, help="folder of .txt articles to list actors for")
    ap.add_argument("-n", type=int, default=30, help="sample size")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the sample")
    ap.add_argument("--details", action="store_true", help="print missed and extra pairs and forms")
    args = ap.parse_args(argv)
    if args.sample:
        files = sorted(args.sample.rglob("*.txt"))
        files = random.Random(args.seed).sample(files, min(args.n, len(files)))
        print_sample(rows_from_files(sorted(files), args.sample))
        return 0
    if not args.gold:
        ap.error("--gold or --sample is required")
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    if args.warehouse:
        rows = rows_from_warehouse(args.warehouse)
    else:
        rows = rows_from_files(sorted(args.input.glob("*.txt")), args.input)
    result = score(rows, gold)
    if not args.details:
        result = {k: v for k, v in result.items() if not k.startswith(("missed", "extra"))}
    print(json.dumps(result, indent=2, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
