"""``news-intel``: build the warehouse, look at it, score the extractors, measure speed.

    news-intel run [--input DIR|FILE ...] [--warehouse FILE] [--workers N] [--force] [--rebuild] [-v]
    news-intel status [--warehouse FILE]
    news-intel ui [--host H] [--port P]
    news-intel docs [--port P] [--generate-only]
    news-intel bi [--host H] [--port P] [--state-dir DIR]
    news-intel score quotes|timexes|actors ARGS...
    news-intel bench ARGS...

Settings not given as options come from the NEWS_* variables (README, "Settings"). Exit status: 0 on
success; 1 when a check or a step failed; 2 for bad options or settings; 3 when another process holds
the warehouse. A failure prints one line saying why.

This module imports the orchestrator only inside the commands that start it, so the library stays free
of it.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path

from news_intel.settings import REPO_ROOT, Settings, SettingsError, load_settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
SCORERS = ("quotes", "timexes", "actors")
DBT_DIR = REPO_ROOT / "dbt"


class CommandError(Exception):
    """Ends the command with ``code`` and the one-line ``reason``."""

    def __init__(self, reason: str, code: int = EXIT_FAILED):
        super().__init__(reason)
        self.reason, self.code = reason, code


# ---- settings from options ----

def settings_from(args: argparse.Namespace) -> Settings:
    try:
        settings = load_settings()
    except SettingsError as err:
        raise CommandError(str(err), EXIT_USAGE) from None
    if getattr(args, "input", None):
        settings = settings.with_inputs([Path(p) for p in args.input])
    if getattr(args, "warehouse", None):
        settings = replace(settings, duckdb_path=Path(args.warehouse).expanduser().resolve())
    if getattr(args, "workers", None) is not None:
        if args.workers < 1:
            raise CommandError(f"--workers must be at least 1, got {args.workers}", EXIT_USAGE)
        settings = replace(settings, n_process=args.workers)
    if getattr(args, "force", False):
        settings = replace(settings, force_rebuild=True)
    if getattr(args, "rebuild", False):
        settings = replace(settings, rebuild=True)
    try:
        return settings.validate()
    except SettingsError as err:
        raise CommandError(str(err), EXIT_USAGE) from None


def child_environment(settings: Settings) -> dict[str, str]:
    """The environment a child process (dagster dev, dbt) needs to work on ``settings``' warehouse."""
    env = dict(os.environ)
    env.update({
        "NEWS_INPUT_DIR": os.pathsep.join(str(p) for p in settings.inputs),
        "NEWS_DUCKDB_PATH": str(settings.duckdb_path),
        "NEWS_REFERENCE_DIR": str(settings.reference_dir),
        "DAGSTER_HOME": str(settings.dagster_home),
        # This Python's bin/ first: dagster dev calls dbt, and an unactivated virtual environment must work.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        "DAGSTER_DISABLE_TELEMETRY": "1", "DO_NOT_TRACK": "1", "GX_ANALYTICS_ENABLED": "false",
    })
    if settings.published_override:
        env["NEWS_PUBLISHED_PATH"] = str(settings.published_override)
    return env


def check_openable(duckdb_path: Path) -> None:
    """Fail with one line when the warehouse cannot be written: damaged (with how to rebuild it), or
    held by a process outside news-intel (DuckDB allows one writer)."""
    import duckdb

    from news_intel.warehouse.connection import WarehouseDamaged, connect

    if not duckdb_path.exists():
        return
    try:
        with connect(duckdb_path) as con:
            for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
                con.execute(f'SELECT count(*) FROM "{table}"').fetchall()
    except WarehouseDamaged as damaged:
        raise CommandError(damaged.reason) from None
    except duckdb.IOException as err:
        if "lock" in str(err).lower():
            holder = str(err).split("(PID", 1)[-1].split(")", 1)[0].strip() if "(PID" in str(err) else None
            by = f" (process {holder})" if holder else ""
            raise CommandError(f"warehouse {duckdb_path} is locked by another process{by}; wait for it to "
                               "finish or use --warehouse", EXIT_LOCKED) from None
        raise CommandError(f"warehouse {duckdb_path} cannot be opened: {err}") from None


@contextmanager
def build_lock_of(duckdb_path: Path) -> Iterator[None]:
    """The warehouse's build lock for the whole command, or EXIT_LOCKED naming the build that holds it."""
    from news_intel.warehouse.build_lock import WarehouseBusy, build_lock

    with ExitStack() as held:
        try:
            held.enter_context(build_lock(duckdb_path, command="news-intel run"))
        except WarehouseBusy as busy:
            raise CommandError(busy.reason, EXIT_LOCKED) from None
        yield


def dbt_command(*args: str, env: dict | None = None, quiet: bool = False) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    cmd = [str(dbt if dbt.exists() else shutil.which("dbt") or "dbt"), *args,
           "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    done = subprocess.run(cmd, cwd=DBT_DIR, env=env, capture_output=quiet, text=True)
    if done.returncode != 0:
        tail = (done.stdout or "").strip().splitlines()[-1:] if quiet else []
        raise CommandError(f"dbt {args[0]} failed{': ' + tail[0] if tail else ''}")


def ensure_dbt_manifest() -> None:
    """The orchestrator's dbt assets read dbt's manifest when they are defined: a fresh clone has none, and
    one older than a file of the dbt project describes models or tests that are not there any more."""
    manifest = DBT_DIR / "target" / "manifest.json"
    sources = [DBT_DIR / "dbt_project.yml", DBT_DIR / "profiles.yml"] + [
        p for folder in ("models", "seeds", "macros", "tests") for p in (DBT_DIR / folder).rglob("*") if p.is_file()
    ]
    if not manifest.exists() or manifest.stat().st_mtime < max(p.stat().st_mtime for p in sources if p.exists()):
        dbt_command("parse", "--quiet", quiet=True)


# ---- commands ----

def built_from_these_inputs(settings: Settings):
    """The last complete build when it was made from these very input files, code, dbt project and
    settings; a run would rebuild the same warehouse, which is told here without starting the orchestrator."""
    if settings.force_rebuild or not settings.duckdb_path.is_file():
        return None
    import duckdb

    from news_intel.warehouse.build_records import built_from_stamp
    from news_intel.warehouse.connection import connect
    from news_intel.warehouse.fingerprints import input_stamp

    stamp = input_stamp(settings)
    try:
        with connect(settings.duckdb_path, read_only=True) as con:
            return built_from_stamp(con, stamp, settings.published_path)
    except duckdb.Error:
        return None  # a warehouse that cannot be read: the full run says why


def _report_up_to_date(settings: Settings, last) -> int:
    from news_intel.console import RunConsole

    console = RunConsole()
    console.header(list(settings.inputs), settings.duckdb_path, None)
    console.print(f"Nothing changed since the build of run {last.run_id} at {last.built_at:%Y-%m-%d %H:%M:%S}: "
                  "same input files, code, dbt project, expectations and settings; no run was started.",
                  markup=False)
    console.warehouse_summary(settings.duckdb_path)
    console.checks(0, [], up_to_date=True)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with build_lock_of(settings.duckdb_path):
        if settings.rebuild:
            return _rebuild(args, settings)
        check_openable(settings.duckdb_path)
        # -v asks for Dagster's event log, so it always starts a run.
        last = None if args.verbose else built_from_these_inputs(settings)
        if last is not None:
            return _report_up_to_date(settings, last)
        return _run(args, settings)


def _rebuild(args: argparse.Namespace, settings: Settings) -> int:
    """Build a fresh file beside the warehouse, recorded in the same Dagster instance and published to
    the same copy, and swap it in only when the run succeeded; a failed rebuild leaves the old file."""
    from news_intel.warehouse.rebuild import discard, fresh_path, swap_in

    fresh = fresh_path(settings.duckdb_path)
    discard(fresh)  # a rebuild that stopped half-way starts over
    building = replace(settings, duckdb_path=fresh, rebuild=False, force_rebuild=True,
                       published_override=settings.published_path, dagster_home_override=settings.dagster_home)
    code = _run(args, building)
    swap_in(fresh, settings.duckdb_path)
    print(f"Rebuilt {settings.duckdb_path} from scratch; the old file was replaced.", flush=True)
    return code


def _run(args: argparse.Namespace, settings: Settings) -> int:
    ensure_dbt_manifest()
    from dagster_project.run import execute  # the orchestrator starts here, and only here

    # The modules just imported live as long as the process: the run's garbage collections need not walk them.
    gc.freeze()

    from news_intel.console import RunConsole, captured_output

    log = settings.event_log_path
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")
    if args.verbose:
        console = RunConsole(quiet=True)
        console.header(list(settings.inputs), settings.duckdb_path, None)
        outcome = execute(settings, console, verbose=True)
        return _report(console, settings, outcome)
    with captured_output(log) as terminal:
        console = RunConsole(terminal)
        console.header(list(settings.inputs), settings.duckdb_path, log)
        outcome = execute(settings, console, verbose=False)
        return _report(console, settings, outcome)


def _report(console, settings: Settings, outcome) -> int:
    console.warehouse_summary(settings.duckdb_path)
    console.checks(outcome.checks_passed, outcome.failed_checks, outcome.up_to_date)
    console.outcome(outcome.run_id, outcome.ok, outcome.failed_steps)
    if not outcome.ok:
        raise CommandError(outcome.reason())
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from news_intel.warehouse.status import describe_warehouse

    settings = settings_from(args)
    if not settings.duckdb_path.exists():
        raise CommandError(f"no warehouse at {settings.duckdb_path}: build it with 'news-intel run'")
    from news_intel.warehouse.connection import WarehouseDamaged

    try:
        lines = describe_warehouse(settings)
    except WarehouseDamaged as damaged:
        raise CommandError(damaged.reason) from None
    except Exception as err:  # duckdb's lock or a damaged file: one line, not a traceback
        raise CommandError(f"warehouse {settings.duckdb_path} cannot be read: {err}") from None
    from dagster_project.run import last_run_lines  # the run history lives in the orchestrator's instance

    for line in [*lines, *last_run_lines(settings)]:
        print(line)
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    ensure_dbt_manifest()
    from dagster_project.recovery import fail_dead_runs
    from dagster_project.run import warehouse_instance

    # Created with the pool settings on first use. A run whose process died still counts as running and
    # would hold the UI's queue (one run at a time) forever: it is ended before the UI starts.
    instance = warehouse_instance(settings)
    try:
        for run_id in fail_dead_runs(instance):
            print(f"Run {run_id} died without finishing: marked failed, its pool slot freed.", flush=True)
    finally:
        instance.dispose()  # its event log keeps files open; the UI's processes are the ones writing them now
    dagster = Path(sys.executable).parent / "dagster"
    cmd = [str(dagster if dagster.exists() else "dagster"), "dev", "-m", "dagster_project.definitions",
           "-h", args.host, "-p", str(args.port)]
    print(f"Dagster UI of {settings.duckdb_path} on http://{args.host}:{args.port} "
          f"(instance {settings.dagster_home}); Ctrl-C stops it", flush=True)
    try:
        return subprocess.run(cmd, cwd=REPO_ROOT, env=child_environment(settings)).returncode
    except KeyboardInterrupt:
        return EXIT_OK


def published_warehouse(settings: Settings) -> Path:
    """The published copy that docs and BI tools read, or one line saying how to make it."""
    if not settings.published_path.is_file():
        raise CommandError(f"no published warehouse at {settings.published_path}: run 'news-intel run' first")
    return settings.published_path


def cmd_docs(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    published = published_warehouse(settings)
    # Docs read the catalog from a scratch copy of the published warehouse: never the file a run is writing,
    # and dbt's own target folder (which the pipeline reads) is left alone.
    scratch = Path(args.target_path) if args.target_path else Path(tempfile.mkdtemp(prefix="news-intel-docs-"))
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "docs.duckdb"
    shutil.copyfile(published, copy)
    env = {**child_environment(settings), "NEWS_DUCKDB_PATH": str(copy)}
    target = ["--target-path", str(scratch / "target")]
    dbt_command("docs", "generate", *target, env=env, quiet=True)
    print(f"Docs generated in {scratch / 'target'}", flush=True)
    if args.generate_only:
        return EXIT_OK
    print(f"Serving them on http://127.0.0.1:{args.port}; Ctrl-C stops it", flush=True)
    try:
        dbt_command("docs", "serve", *target, "--host", "127.0.0.1", "--port", str(args.port), "--no-browser",
                    env=env)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def cmd_bi(args: argparse.Namespace) -> int:
    """Superset on the published warehouse: set up on first start, the dashboards loaded, then served."""
    from news_intel.superset import Superset, SupersetError, initialise, load_dashboards, login, serve

    settings = settings_from(args)
    published = published_warehouse(settings)
    superset = Superset(state_dir=Path(args.state_dir).expanduser().resolve()) if args.state_dir else Superset()
    if not superset.installed:
        raise CommandError(f"Superset is not installed in {superset.venv}: run 'make bi-setup' (or 'make bi')")
    credentials, created = login(superset)
    try:
        if initialise(superset, credentials):
            print(f"Superset set up in {superset.state_dir}", flush=True)
        load_dashboards(superset, published, credentials)
    except SupersetError as err:
        raise CommandError(str(err)) from None
    # Superset runs in its own process group: stopping this command (Ctrl-C, or SIGTERM from a test or a
    # service manager) must stop it too.
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    server = serve(superset, args.host, args.port)
    new = " (generated now; kept in " + str(superset.secrets_path) + ")" if created else ""
    print(f"Superset on http://{args.host}:{args.port}/dashboard/list/ reading {published} (read-only)\n"
          f"login: {credentials['admin_user']} / {credentials['admin_password']}{new}\n"
          f"log: {superset.log_path}; Ctrl-C stops it", flush=True)
    try:
        return server.wait()
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)


def _stop_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def cmd_score(args: argparse.Namespace) -> int:
    scorer = importlib.import_module(f"news_intel.scoring.{args.scorer}")
    return int(scorer.main(args.args) or 0)


def cmd_bench(args: argparse.Namespace) -> int:
    from news_intel import benchmark

    return int(benchmark.main(args.args) or 0)


def _passed_through(argv: list[str]) -> argparse.Namespace | None:
    """``score SCORER ...`` and ``bench ...`` hand every later word, options and --help included, to the
    scorer or the benchmark, which parse their own options."""
    if argv[:1] == ["bench"]:
        return argparse.Namespace(command="bench", func=cmd_bench, args=argv[1:])
    if argv[:1] == ["score"] and len(argv) > 1 and argv[1] in SCORERS:
        return argparse.Namespace(command="score", func=cmd_score, scorer=argv[1], args=argv[2:])
    return None


# ---- parser ----

def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="news-intel", description=__doc__.split("\n\n")[0].replace("``", ""),
                                 epilog="See the README for settings and what each table holds.")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="build the warehouse from the inputs (ingest, extract, dbt, checks, publish)")
    run.add_argument("--input", nargs="+", action="extend", metavar="DIR|FILE",
                     help="folders or files to read (default NEWS_INPUT_DIR, else seeds/)")
    run.add_argument("--warehouse", metavar="FILE", help="the DuckDB file (default NEWS_DUCKDB_PATH)")
    run.add_argument("--workers", type=int, metavar="N",
                     help="extraction processes (default NEWS_N_PROCESS, else every usable core)")
    run.add_argument("--force", action="store_true", help="rebuild even when nothing changed (NEWS_FORCE_REBUILD)")
    run.add_argument("--rebuild", action="store_true",
                     help="build a fresh warehouse file from the inputs beside the current one (a damaged one, "
                          "say) and swap it in only when complete (NEWS_REBUILD)")
    run.add_argument("-v", "--verbose", action="store_true",
                     help="print Dagster's event log live (starts a run even when nothing changed)")
    run.set_defaults(func=cmd_run)

    status = sub.add_parser("status", help="what the warehouse holds: articles, last build, failed checks, rejections")
    status.add_argument("--warehouse", metavar="FILE")
    status.set_defaults(func=cmd_status)

    ui = sub.add_parser("ui", help="the Dagster UI of this warehouse (its runs only)")
    ui.add_argument("--warehouse", metavar="FILE")
    ui.add_argument("--host", default=os.environ.get("DAGSTER_UI_HOST", "127.0.0.1"))
    ui.add_argument("--port", type=int, default=int(os.environ.get("DAGSTER_UI_PORT", "3000")))
    ui.set_defaults(func=cmd_ui)

    docs = sub.add_parser("docs", help="dbt docs of every model and column, served on http://127.0.0.1:8080")
    docs.add_argument("--warehouse", metavar="FILE")
    docs.add_argument("--port", type=int, default=int(os.environ.get("DBT_DOCS_PORT", "8080")))
    docs.add_argument("--generate-only", action="store_true", help="generate the docs site, do not serve it")
    docs.add_argument("--target-path", help="folder for the generated site (default: a temporary folder)")
    docs.set_defaults(func=cmd_docs)

    bi = sub.add_parser("bi", help="Apache Superset with the dashboards, on the published warehouse (http://127.0.0.1:8088)")
    bi.add_argument("--warehouse", metavar="FILE")
    bi.add_argument("--host", default="127.0.0.1")
    bi.add_argument("--port", type=int, default=8088)
    bi.add_argument("--state-dir", metavar="DIR", help="Superset's metadata and generated login (default .superset/)")
    bi.set_defaults(func=cmd_bi)

    score = sub.add_parser("score", help="score an extractor against hand annotations (quotes, timexes, actors)")
    score.add_argument("scorer", choices=SCORERS)
    score.add_argument("args", nargs=argparse.REMAINDER, help="the scorer's own options (score SCORER --help)")
    score.set_defaults(func=cmd_score)

    bench = sub.add_parser("bench", help="the benchmark (bare spaCy, extraction, full pipeline, re-runs, dask)",
                           add_help=False)
    bench.add_argument("args", nargs=argparse.REMAINDER, help="the benchmark's options (bench --help)")
    bench.set_defaults(func=cmd_bench)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _passed_through(argv) or build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as err:
        print(f"news-intel {args.command}: {err.reason}", file=sys.stderr, flush=True)
        return err.code


def console_main() -> None:
    """The ``news-intel`` command: ``main``, then out without Python's teardown of the interpreter.

    After a run the process holds Dagster, dagster-dbt with dbt's adapters, Great Expectations and pandas;
    tearing them down module by module, with garbage collections over all of it, took seconds of wall time
    after every run. Whatever the command writes is closed before ``main`` returns (the warehouse and the
    run records inside ``with`` blocks, the extraction workers stopped); the streams are flushed here."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
