"""Benchmark: bare spaCy vs. extraction vs. the full pipeline, the DuckDB writer's ceiling, growth, dask.

    news-intel bench --corpus CORPORA/bbc [--limit N] [--processes 1,2] [--scales 1,2,4] [--workers 1,2]

Every phase runs in its own process on the same texts and model; bare spaCy is measured in the same run
at every process count the other phases use, so each ratio compares like with like. Peak memory is the
largest sampled sum of RSS over the phase's process and all its descendants. Prints a table and the
ratios, and writes JSON (``--out``, default ``bench_out/benchmark.json``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from news_intel.settings import REPO_ROOT, load_settings, usable_cores


class TreeMemory:
    """The largest sum of RSS over this process and its descendants, sampled twice a second.

    Extraction workers fork from a server process, so they are not this process's children and its
    ``RUSAGE_CHILDREN`` never sees them; shared pages count once per process, so this errs high.
    """

    def __init__(self, every_seconds: float = 0.5):
        import threading

        self.peak_bytes = 0
        self._every = every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self._every)

    def peak_mb(self) -> float:
        self._stop.set()
        self._thread.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
        return max(self.peak_bytes, own) / 2**20


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
    return {"articles": len(texts), "seconds": time.perf_counter() - started, "processes": n_process}


REPLICA_NOTE = "\n(Replica {n} of this article, made for the scaling benchmark.)\n"


def _text_key(text: str) -> str:
    """The same key for an article and its replicas (which differ only by the note appended at the end)."""
    original = text.split(REPLICA_NOTE.split("{n}")[0], 1)[0]
    return hashlib.sha256(original.strip().encode()).hexdigest()


def phase_extract(input_dir: Path, model: str, n_process: int, rows_out: Path | None) -> dict:
    """The extraction pass as a run does it: ``n_process`` worker processes under the per-article budget,
    the next batch queued while this one is collected. Start-up (building the pipelines) is not timed."""
    from news_intel.extraction import pooled_batch_extractor
    from news_intel.nlp.pipeline import ArticleInput
    from news_intel.settings import Settings

    texts = _read_texts(input_dir)
    settings = Settings(spacy_model=model, n_process=n_process)
    extractor = pooled_batch_extractor(settings)
    extractor.pool.wait_ready()
    inputs = [ArticleInput(str(i), t) for i, t in enumerate(texts)]
    batches = [inputs[i : i + settings.batch_size] for i in range(0, len(inputs), settings.batch_size)]
    keep: dict[str, dict] = {}
    rows = 0
    started = time.perf_counter()
    tickets = [extractor.submit(batches[0])] if batches else []
    for i, batch in enumerate(batches):
        if i + 1 < len(batches):
            tickets.append(extractor.submit(batches[i + 1]))
        for aid, tables in extractor.collect(tickets[i], batch):
            rows += sum(len(r) for r in tables.values())
            if rows_out:
                keep[_text_key(texts[int(aid)])] = tables
    seconds = time.perf_counter() - started
    timeouts = extractor.pool.timeouts
    extractor.close()
    if rows_out:
        rows_out.write_bytes(pickle.dumps(keep))
    return {"articles": len(texts), "seconds": seconds, "rows": rows, "processes": n_process, "timeouts": timeouts}


def phase_writer(input_dir: Path, duckdb_path: Path, rows_file: Path) -> dict:
    """The one DuckDB writer with extraction free: replay precomputed rows into a fresh warehouse, batch by
    batch as a run writes them (read the batch's inputs, replace its rows in every table, one commit).
    ``input_dir`` may hold replicas of the extracted articles: each gets its original's rows."""
    from news_intel.extraction import _chunks
    from news_intel.ingestion import run_ingestion
    from news_intel.nlp.pipeline import EXTRACTION_ERRORS, extractor_version, table_specs
    from news_intel.settings import Settings
    from news_intel.warehouse.connection import connect
    from news_intel.warehouse.extraction_store import load_inputs, pending_article_ids, write_batch

    settings = Settings(input_dir=input_dir, duckdb_path=duckdb_path)
    run_ingestion(settings)
    precomputed = pickle.loads(rows_file.read_bytes())
    specs = [*table_specs(), EXTRACTION_ERRORS]
    version = extractor_version(settings.reference_dir)
    rows = 0
    with connect(duckdb_path) as con:
        pending = pending_article_ids(con, settings.spacy_model, version)
        texts = dict(con.execute("SELECT article_id, text FROM articles").fetchall())

        def results_for(aid: str) -> tuple[str, dict]:
            tables = precomputed[_text_key(texts[aid])]
            return aid, {t: [{**r, "article_id": aid} for r in rs] for t, rs in tables.items()}

        prepared = {aid: results_for(aid) for aid in pending}
        started = time.perf_counter()
        for ids in _chunks(pending, max(1, settings.batch_size)):
            inputs = load_inputs(con, ids)
            written = write_batch(con, specs, [prepared[a.article_id] for a in inputs], inputs,
                                  settings.spacy_model, version)
            rows += sum(written.values())
        seconds = time.perf_counter() - started
    return {"articles": len(pending), "seconds": seconds, "rows": rows}


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
    return {"articles": articles, "seconds": seconds, "status": status, "extracted_this_run": reextracted,
            "processes": load_settings().n_process}


def phase_rerun_one_added(input_dir: Path, duckdb_path: Path) -> dict:
    """``news-intel run`` after one article was added, phase by phase (news_intel/bench_add_one.py)."""
    started_wall = time.time()
    from news_intel.bench_add_one import phase_add_one

    out = phase_add_one(input_dir, duckdb_path)
    import duckdb

    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        out["articles"] = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        out["extracted_this_run"] = con.execute(
            "SELECT count(*) FROM extractions WHERE epoch(extracted_at) >= ?", [started_wall - 1]
        ).fetchone()[0]
    finally:
        con.close()
    out["processes"] = load_settings().n_process
    return out


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
    return {"articles": report.extracted, "seconds": seconds, "workers": workers, "processes": workers}


def _child(args: list[str], env: dict | None = None, default_processes: bool = False) -> dict:
    """Run one phase in a fresh process; ``default_processes`` leaves NEWS_N_PROCESS as the user has it."""
    child_env = {**os.environ, **(env or {})}
    if not default_processes:
        child_env.pop("NEWS_N_PROCESS", None)  # the phase's own --n-process says how many
    out = subprocess.run(
        [sys.executable, "-m", "news_intel.benchmark", *args],
        capture_output=True, text=True, env=child_env, cwd=REPO_ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(f"phase {args} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed_child(args: list[str], env: dict) -> dict:
    """A phase whose time is the child's whole life, start-up and exit included, as a user's command."""
    started = time.perf_counter()
    out = _child(args, env, default_processes=True)
    out["process_wall_s"] = round(time.perf_counter() - started, 3)
    return out


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
                data = data + REPLICA_NOTE.format(n=replica).encode()
            dest.write_bytes(data)
            n += 1
    return n


class _BenchmarkRun:
    """One benchmark run: a workspace, the environment every phase's process gets, and the phases' results."""

    def __init__(self, args):
        self.args = args
        self.corpus = Path(args.corpus).resolve()
        if not self.corpus.is_dir():
            raise SystemExit(f"corpus folder not found: {self.corpus} (give --corpus or set NEWS_CORPORA_DIR)")
        self.work = Path(tempfile.mkdtemp(prefix="news-bench-"))
        self.env = {"DAGSTER_HOME": str(self.work / "dagster_home"), "NEWS_BATCH_SIZE": str(args.batch_size),
                    # One math thread per process in every phase, as in dask's workers: on a many-core machine a
                    # multi-threaded BLAS would make "one process" mean different things in different phases.
                    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        # The full pipeline runs with the defaults a user gets (every usable core), unless NEWS_N_PROCESS says
        # otherwise; bare spaCy is measured at that process count too, so the ratio compares like with like.
        self.default_processes = load_settings().n_process
        self.processes = sorted({*args.processes, self.default_processes} if "full" in args.phases
                                else set(args.processes))
        (self.work / "dagster_home").mkdir()
        shutil.copy(REPO_ROOT / "dagster_project" / "dagster.yaml", self.work / "dagster_home" / "dagster.yaml")
        self.results: dict = {
            "corpus": str(self.corpus), "limit": args.limit, "model": args.model, "processes": self.processes,
            "default_processes": self.default_processes, "usable_cores": usable_cores(),
            "date": time.strftime("%Y-%m-%d", time.gmtime()), "phases": {}}
        self.phases = self.results["phases"]
        self.x1 = self.work / "x1"
        self.db = self.work / "x1.duckdb"
        self.rows_file = self.work / "rows.pickle"
        prepare_corpus(self.corpus, self.x1, args.limit, 1)
        print(f"Benchmark workspace {self.work}", flush=True)

    def record(self, name: str, value: dict) -> None:
        if value.get("status", 0) != 0:
            # A failed run skips dbt and the checks downstream of the failure: its time would flatter us.
            raise SystemExit(f"{name}: the pipeline run failed (a check or step failed); see `make run` on {self.x1}")
        self.phases[name] = value
        print(f"  {name:<28} {value['articles']:>6} articles  {value['seconds']:8.1f} s  "
              f"{value['peak_rss_mb']:7.0f} MB", flush=True)

    def phase(self, name: str, *extra: str, input_dir: Path | None = None, **options) -> dict:
        return _child(["--phase", name, "--input", str(input_dir or self.x1), "--model", self.args.model, *extra],
                      self.env, **options)

    def bare_and_extraction(self) -> None:
        wanted = self.args.phases
        for n in self.processes:
            self.record(f"a_bare_spacy_p{n}", self.phase("bare", "--n-process", str(n)))
            if "extract" in wanted or ("writer" in wanted and n == self.processes[0]):
                keep = ["--rows-out", str(self.rows_file)] if n == self.processes[0] else []
                self.record(f"b_extraction_p{n}", self.phase("extract", "--n-process", str(n), *keep))

    def writer_ceiling(self) -> None:
        # Enough articles that a few batches' commit costs do not decide the rate.
        xw = self.work / "writer"
        prepare_corpus(self.corpus, xw, self.args.limit, self.args.writer_scale)
        self.record("h_writer_ceiling", self.phase("writer", "--db", str(self.work / "writer.duckdb"),
                                                   "--rows-file", str(self.rows_file), input_dir=xw))

    def full_pipeline(self) -> None:
        self.record("c_full_pipeline", self.phase("full", "--db", str(self.db), default_processes=True))

    def rerun_unchanged(self) -> None:
        self.record("d_rerun_unchanged", self.phase("full", "--db", str(self.db), default_processes=True))

    def rerun_one_added(self) -> None:
        extra = self.x1 / "added" / "one_more_article.txt"
        extra.parent.mkdir()
        first = sorted(self.x1.rglob("*.txt"))[0]
        extra.write_bytes(first.read_bytes() + b"\nA new closing line makes this a new article.\n")
        self.record("e_rerun_one_added", _timed_child(
            ["--phase", "add_one", "--input", str(self.x1), "--db", str(self.db), "--model", self.args.model],
            self.env))
        extra.unlink()

    def growth(self) -> None:
        for scale in self.args.scales:
            if scale == 1:
                self.phases["f_full_x1"] = self.phases["c_full_pipeline"]
                continue
            xk = self.work / f"x{scale}"
            prepare_corpus(self.corpus, xk, self.args.limit, scale)
            self.record(f"f_full_x{scale}", self.phase("full", "--db", str(self.work / f"x{scale}.duckdb"),
                                                       input_dir=xk, default_processes=True))

    def dask(self) -> None:
        for w in self.args.workers:
            self.record(f"g_dask_{w}_workers", self.phase("dask", "--db", str(self.work / f"dask{w}.duckdb"),
                                                          "--workers", str(w)))


def run_benchmark(args) -> dict:
    run = _BenchmarkRun(args)
    wanted = args.phases
    # addone alone (a full build, then one article more) needs no bare spaCy to compare with.
    if wanted != {"addone"}:
        run.bare_and_extraction()
    if "writer" in wanted:
        run.writer_ceiling()
    if "full" in wanted or "addone" in wanted:
        run.full_pipeline()
    if "full" in wanted and "reruns" in wanted:
        run.rerun_unchanged()
    if ("full" in wanted and "reruns" in wanted) or "addone" in wanted:
        run.rerun_one_added()
    if "full" in wanted:
        run.growth()
    if "dask" in wanted:
        run.dask()
    if not args.keep:
        shutil.rmtree(run.work, ignore_errors=True)
    return run.results


def _rate(v: dict) -> float:
    return v["articles"] / v["seconds"] if v["seconds"] else 0.0


def _ratio_lines(p: dict) -> list[str]:
    lines = []
    for name, v in p.items():
        bare = p.get(f"a_bare_spacy_p{v.get('processes')}")
        if name.startswith("b_extraction_p") and bare:
            lines.append(f"extraction throughput / bare spaCy, {v['processes']} process(es): "
                         f"{_rate(v) / _rate(bare):5.2f}  (target >= 0.92)")
    full, bare = p.get("c_full_pipeline"), p.get(f"a_bare_spacy_p{p.get('c_full_pipeline', {}).get('processes')}")
    if full and bare:
        # Bare spaCy's time on the same number of articles: the pipeline's runs count distinct articles.
        lines.append(f"full pipeline time / bare spaCy time, default {full['processes']} process(es): "
                     f"{full['seconds'] / (full['articles'] / _rate(bare)):5.2f}  (target <= 1.3)")
    if "d_rerun_unchanged" in p:
        lines.append(
            f"unchanged re-run time / full run time:   {p['d_rerun_unchanged']['seconds'] / full['seconds']:.2f}")
    return lines


def _add_one_lines(p: dict) -> list[str]:
    one = p.get("e_rerun_one_added")
    if not one:
        return []
    lines = [f"one article added to {one['articles'] - 1}: {one['process_wall_s']:.1f} s wall (the command's "
             f"whole process), {one['cpu_s']:.1f} CPU s  (target <= 10 s); articles extracted: "
             f"{one['extracted_this_run']}  (target 1)",
             f"  {'phase':<58} {'wall s':>7} {'CPU s':>7}"]
    for name, t in [*one["phases"].items(), *(("step " + k, v) for k, v in one["steps"].items())]:
        lines.append(f"  {name:<58} {t['wall_s']:>7.2f} {t['cpu_s']:>7.2f}")
    return lines


def _writer_lines(p: dict) -> list[str]:
    writer, one = p.get("h_writer_ceiling"), p.get("b_extraction_p1")
    if not writer:
        return []
    lines = [f"DuckDB writer ceiling (extraction free): {_rate(writer):7.1f} articles/s "
             f"({writer['rows'] / writer['articles']:.0f} rows per article)"]
    if one:
        lines.append(f"  one extraction process: {_rate(one):.1f} articles/s, so the writer is the bottleneck "
                     f"from about {_rate(writer) / _rate(one):.0f} processes or workers")
    return lines


def _growth_lines(p: dict) -> list[str]:
    runs = sorted(((int(k.rsplit("x", 1)[1]), v) for k, v in p.items() if k.startswith("f_full_x")))
    if len(runs) < 2:
        return []
    lines = ["growth (full pipeline):"]
    for (k0, v0), (k1, v1) in zip(runs, runs[1:]):
        extra = (v1["seconds"] - v0["seconds"]) / (v1["articles"] - v0["articles"]) * 1000
        lines.append(f"  x{k0} -> x{k1}: {extra:6.1f} s per 1,000 more articles")
    memory = [v["peak_rss_mb"] for _, v in runs]
    lines.append(f"  peak memory x{runs[0][0]}..x{runs[-1][0]}: {min(memory):.0f}-{max(memory):.0f} MB "
                 f"(largest / smallest {max(memory) / min(memory):.2f}; flat means ~1)")
    return lines


def _dask_lines(p: dict) -> list[str]:
    lines, base = [], None
    for v in sorted((v for k, v in p.items() if k.startswith("g_dask_")), key=lambda v: v["workers"]):
        base = base or _rate(v) / v["workers"]
        bare = p.get(f"a_bare_spacy_p{v['workers']}")
        versus = f", {_rate(v) / _rate(bare):.2f} of bare spaCy at {v['workers']}" if bare else ""
        lines.append(f"dask {v['workers']:>2} workers: {_rate(v):6.1f} art/s, scaling efficiency "
                     f"{_rate(v) / (base * v['workers']):.2f}{versus}")
    return lines


def summarize(results: dict) -> list[str]:
    p = results["phases"]
    lines = [f"{'phase':<28} {'articles':>8} {'seconds':>9} {'art/s':>8} {'peak MB':>8}"]
    for name, v in p.items():
        lines.append(f"{name:<28} {v['articles']:>8} {v['seconds']:>9.1f} {_rate(v):>8.1f} {v['peak_rss_mb']:>8.0f}")
    lines += ["", *_ratio_lines(p), *_add_one_lines(p), *_writer_lines(p), *_growth_lines(p), *_dask_lines(p)]
    lines.append(f"peak memory, largest phase:              {max(v['peak_rss_mb'] for v in p.values()):.0f} MB  (target <= 2048)")
    return lines


def _int_list(value: str) -> list[int]:
    return [int(v) for v in value.split(",") if v]


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    ap = argparse.ArgumentParser(prog="news-intel bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(settings.corpora_dir / "bbc"),
                    help="folder of .txt articles (default: $NEWS_CORPORA_DIR/bbc)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--scales", default="1,2,4", help="corpus multiples for the growth phase")
    ap.add_argument("--processes", default=f"1,{usable_cores()}",
                    help="process counts for bare spaCy and extraction (default: 1 and every usable core)")
    ap.add_argument("--workers", default="1,2", help="dask worker counts to measure ('' to skip)")
    ap.add_argument("--phases", default="extract,full,reruns,writer,dask",
                    help="what to measure beside bare spaCy: extract, full (with --scales), reruns, writer, dask; "
                         "addone alone: a full build and the cost of adding one article, phase by phase")
    ap.add_argument("--writer-scale", type=int, default=10,
                    help="the writer ceiling replays the extracted rows into this many copies of the corpus")
    ap.add_argument("--model", default=settings.spacy_model)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--out", default=str(REPO_ROOT / "bench_out" / "benchmark.json"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary workspace")
    # Internal: run one phase in this process and print its JSON.
    ap.add_argument("--phase", choices=["bare", "extract", "writer", "full", "add_one", "dask"], help=argparse.SUPPRESS)
    ap.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--input", help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    ap.add_argument("--rows-out", help=argparse.SUPPRESS)
    ap.add_argument("--rows-file", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        memory = TreeMemory()
        if args.phase == "bare":
            out = phase_bare(Path(args.input), args.model, args.n_process)
        elif args.phase == "extract":
            out = phase_extract(Path(args.input), args.model, args.n_process,
                                Path(args.rows_out) if args.rows_out else None)
        elif args.phase == "writer":
            out = phase_writer(Path(args.input), Path(args.db), Path(args.rows_file))
        elif args.phase == "full":
            out = phase_full(Path(args.input), Path(args.db))
        elif args.phase == "add_one":
            out = phase_rerun_one_added(Path(args.input), Path(args.db))
        else:
            out = phase_dask(Path(args.input), Path(args.db), int(args.workers), args.model)
        out["peak_rss_mb"] = memory.peak_mb()
        print(json.dumps(out), flush=True)
        if args.phase == "add_one":
            sys.stderr.flush()
            os._exit(0)  # as news-intel run ends (cli.console_main): the parent times the whole process
        return 0
    args.phases = {p for p in args.phases.split(",") if p}
    args.scales = _int_list(args.scales)
    args.processes = _int_list(args.processes) or [1]
    args.workers = _int_list(args.workers)
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
