"""Benchmark: bare spaCy vs. extraction vs. the full pipeline, re-runs, scaling and peak memory.

    news-intel bench --corpus CORPORA/bbc [--limit N] [--scales 1,2,4] [--workers 1,2]

Every phase runs in its own process, so its peak memory (max RSS, children included) is its own, and all
phases read the same texts with the same model and process count. Prints a table and writes JSON
(``--out``, default ``bench_out/benchmark.json``).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from news_intel.settings import REPO_ROOT, load_settings


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0  # Linux reports KiB


def _read_texts(input_dir: Path) -> list[str]:
    from news_intel.ingest.scan import scan_input

    return [a.text for a in scan_input(input_dir, max_bytes=2_000_000).articles]


# ---- phases (each runs in a child process: python -m news_intel.benchmark --phase NAME ...) ----

def phase_bare(input_dir: Path, model: str, n_process: int) -> dict:
    import spacy

    texts = _read_texts(input_dir)
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    return {"articles": len(texts), "seconds": time.perf_counter() - started}


def phase_extract(input_dir: Path, model: str, n_process: int) -> dict:
    from news_intel.nlp.pipeline import ArticleInput, build_nlp, extract

    texts = _read_texts(input_dir)
    nlp = build_nlp(model)
    started = time.perf_counter()
    rows = 0
    inputs = [ArticleInput(str(i), t) for i, t in enumerate(texts)]
    for _, tables in extract(nlp, inputs, batch_size=32, n_process=n_process):
        rows += sum(len(r) for r in tables.values())
    return {"articles": len(texts), "seconds": time.perf_counter() - started, "rows": rows}


def phase_full(input_dir: Path, duckdb_path: Path) -> dict:
    """The whole Dagster job in this process (ingest, extraction, dbt build, every check, publish)."""
    started_wall = time.time()
    started = time.perf_counter()
    import contextlib
    import io

    from news_intel.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["run", "--input", str(input_dir), "--warehouse", str(duckdb_path)])
    seconds = time.perf_counter() - started
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        reextracted = con.execute(
            "SELECT count(*) FROM extractions WHERE epoch(extracted_at) >= ?", [started_wall - 1]
        ).fetchone()[0]
    finally:
        con.close()
    return {"articles": articles, "seconds": seconds, "status": status, "extracted_this_run": reextracted}


def phase_dask(input_dir: Path, duckdb_path: Path, workers: int, model: str) -> dict:
    from news_intel.distributed import dask_batch_extractor
    from news_intel.extraction import run_extraction
    from news_intel.ingestion import run_ingestion
    from news_intel.settings import Settings

    settings = Settings(input_dir=input_dir, duckdb_path=duckdb_path, spacy_model=model,
                        dask_scheduler=f"local:{workers}", batch_size=64 * workers)
    run_ingestion(settings)
    extractor = dask_batch_extractor(settings)
    # Every worker loads its pipeline before the clock starts: start-up is not throughput.
    extractor.warm()
    started = time.perf_counter()
    report = run_extraction(duckdb_path, settings, batch_extractor=extractor)
    seconds = time.perf_counter() - started
    extractor.close()
    return {"articles": report.extracted, "seconds": seconds, "workers": workers}


def _child(args: list[str], env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "news_intel.benchmark", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=REPO_ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"phase {args} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- corpus preparation ----

def prepare_corpus(corpus: Path, target: Path, limit: int | None, scale: int) -> int:
    """Copy ``limit`` articles of ``corpus`` ``scale`` times; replicas get a varied line so their hashes differ."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.is_file())
    if limit:
        files = files[:limit]
    n = 0
    for replica in range(scale):
        for p in files:
            data = p.read_bytes()
            name = p.relative_to(corpus)
            dest = target / (f"replica{replica}" if replica else "original") / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if replica:
                data = data + f"\n(Replica {replica} of this article, made for the scaling benchmark.)\n".encode()
            dest.write_bytes(data)
            n += 1
    return n


def run_benchmark(args) -> dict:
    corpus = Path(args.corpus).resolve()
    if not corpus.is_dir():
        raise SystemExit(f"corpus folder not found: {corpus} (give --corpus or set NEWS_CORPORA_DIR)")
    work = Path(tempfile.mkdtemp(prefix="news-bench-"))
    env = {"DAGSTER_HOME": str(work / "dagster_home"), "NEWS_N_PROCESS": str(args.n_process),
           "NEWS_BATCH_SIZE": str(args.batch_size),
           # One math thread per process in every phase, as in dask's workers: on a many-core machine a
           # multi-threaded BLAS would make "one process" mean different things in different phases.
           "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    (work / "dagster_home").mkdir()
    shutil.copy(REPO_ROOT / "dagster_project" / "dagster.yaml", work / "dagster_home" / "dagster.yaml")
    results: dict = {"corpus": str(corpus), "limit": args.limit, "model": args.model, "n_process": args.n_process,
                     "cpu_count": os.cpu_count(), "phases": {}}
    phases = results["phases"]
    x1 = work / "x1"
    prepare_corpus(corpus, x1, args.limit, 1)
    print(f"Benchmark workspace {work}", flush=True)

    def record(name, value):
        if value.get("status", 0) != 0:
            # A failed run skips dbt and the checks downstream of the failure: its time would flatter us.
            raise SystemExit(f"{name}: the pipeline run failed (a check or step failed); see `make run` on {x1}")
        phases[name] = value
        print(f"  {name:<28} {value['articles']:>6} articles  {value['seconds']:8.1f} s  "
              f"{value['peak_rss_mb']:7.0f} MB", flush=True)

    common = ["--model", args.model, "--n-process", str(args.n_process)]
    record("a_bare_spacy", _child(["--phase", "bare", "--input", str(x1), *common], env))
    if "extract" in args.phases:
        record("b_extraction", _child(["--phase", "extract", "--input", str(x1), *common], env))
    if "full" in args.phases:
        db = work / "x1.duckdb"
        record("c_full_pipeline", _child(["--phase", "full", "--input", str(x1), "--db", str(db)], env))
        record("d_rerun_unchanged", _child(["--phase", "full", "--input", str(x1), "--db", str(db)], env))
        extra = x1 / "added" / "one_more_article.txt"
        extra.parent.mkdir()
        first = sorted(x1.rglob("*.txt"))[0]
        extra.write_bytes(first.read_bytes() + b"\nA new closing line makes this a new article.\n")
        record("e_rerun_one_added", _child(["--phase", "full", "--input", str(x1), "--db", str(db)], env))
    for scale in args.scales if "full" in args.phases else []:
        if scale == 1:
            phases["f_full_x1"] = phases["c_full_pipeline"]
            continue
        xk = work / f"x{scale}"
        prepare_corpus(corpus, xk, args.limit, scale)
        record(f"f_full_x{scale}", _child(["--phase", "full", "--input", str(xk), "--db", str(work / f"x{scale}.duckdb")], env))
    for w in args.workers if "dask" in args.phases else []:
        # The dask extraction reads what ingestion wrote; the benchmark's copy is removed afterwards.
        (x1 / "added" / "one_more_article.txt").unlink(missing_ok=True)
        record(f"g_dask_{w}_workers", _child(
            ["--phase", "dask", "--input", str(x1), "--db", str(work / f"dask{w}.duckdb"), "--workers", str(w),
             "--model", args.model], env))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def summarize(results: dict) -> list[str]:
    p = results["phases"]
    bare = p["a_bare_spacy"]
    bare_rate = bare["articles"] / bare["seconds"]
    lines = [
        f"{'phase':<28} {'articles':>8} {'seconds':>9} {'art/s':>8} {'time/bare':>10} {'rate/bare':>10} {'peak MB':>8}",
    ]
    for name, v in p.items():
        rate = v["articles"] / v["seconds"] if v["seconds"] else 0.0
        # Time ratios compare to bare spaCy on the same number of articles.
        bare_time_same_n = v["articles"] / bare_rate if bare_rate else 0.0
        lines.append(
            f"{name:<28} {v['articles']:>8} {v['seconds']:>9.1f} {rate:>8.1f} "
            f"{(v['seconds'] / bare_time_same_n if bare_time_same_n else 0):>10.2f} {rate / bare_rate:>10.2f} "
            f"{v['peak_rss_mb']:>8.0f}"
        )
    lines.append("")
    if "b_extraction" in p:
        extraction = p["b_extraction"]
        lines.append(f"extraction throughput / bare spaCy:      "
                     f"{extraction['articles'] / extraction['seconds'] / bare_rate:.2f}  (target >= 0.85)")
    if "c_full_pipeline" in p:
        full = p["c_full_pipeline"]
        lines += [
            f"full pipeline time / bare spaCy time:    {full['seconds'] / bare['seconds']:.2f}  (target <= 1.5)",
            f"unchanged re-run time / full run time:   {p['d_rerun_unchanged']['seconds'] / full['seconds']:.2f}  (target <= 0.10)",
            f"articles re-extracted after adding one:  {p['e_rerun_one_added']['extracted_this_run']}  (target 1)",
        ]
    lines.append(f"peak memory, largest phase:              {max(v['peak_rss_mb'] for v in p.values()):.0f} MB  (target <= 2048)")
    dask = {k: v for k, v in p.items() if k.startswith("g_dask_")}
    if dask:
        base = None
        for k, v in sorted(dask.items(), key=lambda kv: kv[1]["workers"]):
            rate = v["articles"] / v["seconds"]
            base = base or rate / v["workers"]
            lines.append(f"dask {v['workers']:>2} workers: {rate:6.1f} art/s, scaling efficiency {rate / (base * v['workers']):.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    ap = argparse.ArgumentParser(prog="news-intel bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(settings.corpora_dir / "bbc"),
                    help="folder of .txt articles (default: $NEWS_CORPORA_DIR/bbc)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--scales", default="1,2,4")
    ap.add_argument("--workers", default="1,2", help="dask worker counts to measure ('' to skip)")
    ap.add_argument("--phases", default="extract,full,dask",
                    help="what to measure beside bare spaCy: extract, full (with re-runs and --scales), dask")
    ap.add_argument("--model", default=settings.spacy_model)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--out", default=str(REPO_ROOT / "bench_out" / "benchmark.json"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    # Internal: run one phase in this process and print its JSON.
    ap.add_argument("--phase", choices=["bare", "extract", "full", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        if args.phase == "bare":
            out = phase_bare(Path(args.input), args.model, args.n_process)
        elif args.phase == "extract":
            out = phase_extract(Path(args.input), args.model, args.n_process)
        elif args.phase == "full":
            out = phase_full(Path(args.input), Path(args.db))
        else:
            out = phase_dask(Path(args.input), Path(args.db), int(args.workers), args.model)
        out["peak_rss_mb"] = _peak_rss_mb()
        print(json.dumps(out))
        return 0
    args.phases = {p for p in args.phases.split(",") if p}
    args.scales = [int(s) for s in args.scales.split(",") if s]
    args.workers = [int(w) for w in args.workers.split(",") if w]
    results = run_benchmark(args)
    lines = summarize(results)
    results["summary"] = lines
    print("\n" + "\n".join(lines))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"\nWrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
