"""Processes the tests start the way a user does: `news-intel` and `dagster` commands, servers on a free
loopback port, and runs read line by line and killed at a chosen moment. One copy of this scaffolding,
shared by the command-line, browser and crash tests."""
from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS_DIR

RUN_TIMEOUT = 600
DAGSTER = Path(sys.executable).parent / "dagster"
# `dagster asset materialize` of the whole job, as the README runs it.
MATERIALIZE = [str(DAGSTER), "asset", "materialize", "--select", "*", "-m", "dagster_project.definitions"]


def cli_env(**extra: str) -> dict[str, str]:
    # Nothing of the caller's settings leaks in: each test names its inputs and warehouse.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_") and k != "DAGSTER_HOME"}
    env.update(DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1", **extra)
    return env


def news_intel(*args: str, env: dict | None = None, timeout: int = RUN_TIMEOUT) -> subprocess.CompletedProcess:
    """`news-intel ARGS` in its own process, to the end."""
    return subprocess.run([sys.executable, "-m", "news_intel.cli", *args], cwd=REPO, env=env or cli_env(),
                          capture_output=True, text=True, timeout=timeout)


def materialize_env(corpus: Path, warehouse: Path, dagster_home: Path, batch_size: int = 3) -> dict:
    """`dagster asset materialize` (or `news-intel run`) as the README runs it, under a persistent
    DAGSTER_HOME holding the project's instance settings (one run at a time, the duckdb pool limited to 1)."""
    dagster_home.mkdir(exist_ok=True)
    shutil.copyfile(REPO / "dagster_project" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = cli_env(NEWS_INPUT_DIR=str(corpus), NEWS_DUCKDB_PATH=str(warehouse), NEWS_BATCH_SIZE=str(batch_size),
                  DAGSTER_HOME=str(dagster_home), DAGSTER_DISABLE_TELEMETRY="1")
    env["PATH"] = os.pathsep.join([str(DAGSTER.parent), env.get("PATH", "")])
    return env


# What a copy of the code leaves out. At the top of the checkout: version control, virtual environments
# (Superset's alone is the better part of a gigabyte), what builds, runs and tests write, and the tests;
# named only there, since `warehouse` is also a package of the code. Anywhere: caches and warehouse files.
NOT_CODE_AT_THE_TOP = {".git", ".venv", ".venv-bi", ".superset", "artifacts", "bench_out", "build", "warehouse",
                       "dagster_home", "tests", ".pytest_cache", ".hypothesis"}
NOT_CODE_IN_DBT = {"target", "logs", "dbt_packages"}
NOT_CODE_ANYWHERE = shutil.ignore_patterns("__pycache__", "*.duckdb", "*.duckdb.wal", "*.egg-info", ".hypothesis")


def _not_code(folder: str, names: list[str]) -> set[str]:
    here = Path(folder).resolve()
    left_out = set(NOT_CODE_ANYWHERE(folder, names))
    if here == REPO:
        left_out |= NOT_CODE_AT_THE_TOP & set(names)
    elif here == REPO / "dbt":
        left_out |= NOT_CODE_IN_DBT & set(names)
    return left_out


def copy_of_the_code(target: Path, manifest: Path) -> Path:
    """A copy of the checkout's code and dbt project (with its parsed manifest) at ``target``, for runs that
    must not see the working tree change under them or that break a file of their own copy."""
    shutil.copytree(REPO, target, ignore=_not_code)
    (target / "dbt" / "target").mkdir()
    shutil.copyfile(manifest, target / "dbt" / "target" / "manifest.json")
    return target


def build_corpus(target: Path, n: int) -> None:
    """``n`` distinct dated articles recombined from the seeds' paragraphs (enough for a run to last).

    Generated rather than taken from real news: the tests using it are about runs and faults, and must not
    depend on how well the extractors do on unseen text (a blocking check failing there stops the run).
    """
    target.mkdir(parents=True)
    paragraphs = [p for s in sorted(SEEDS_DIR.glob("*.txt")) for p in s.read_text().split("\n\n")[1:] if p.strip()]
    for i in range(n):
        picked = [paragraphs[(i * 7 + k * 5) % len(paragraphs)] for k in range(4)]
        title = f" date 2023-{i % 12 + 1:02d}-{i % 28 + 1:02d} Defence talks report number {i}"
        (target / f"gen_{i:04d}.txt").write_text("\n\n".join([title, *picked]) + "\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process_group(proc: subprocess.Popen, term_seconds: float = 10.0, kill_seconds: float = 10.0) -> None:
    """End the process group ``proc`` leads and wait until none of it is left: `dagster dev` and Superset
    spawn servers and workers of their own, and do not all stop promptly on SIGTERM."""
    for sig, grace in ((signal.SIGTERM, term_seconds), (signal.SIGKILL, kill_seconds)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)


def wait_until_answering(url: str, proc: subprocess.Popen, seconds: float, what: str,
                         log_tail: Callable[[], str], interval: float = 1.0) -> None:
    """Poll ``url`` until it answers 200; fail with the server's log when it exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what} exited with {proc.returncode}:\n{log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(interval)
    pytest.fail(f"{what} did not answer {url} within {seconds:.0f}s:\n{log_tail()}")


def file_tail(path: Path, chars: int = 4000) -> Callable[[], str]:
    """The end of a log file, read when called (the file may not exist yet)."""
    return lambda: path.read_text(errors="replace")[-chars:] if path.exists() else f"(no log at {path})"


class Running:
    """A process in its own process group, its output read line by line in the background, so that a test
    can wait for a line, kill the whole group at that moment, or let it finish."""

    def __init__(self, cmd: list[str], env: dict, cwd: Path = REPO):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, start_new_session=True, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, errors="replace")
        self.lines: list[str] = []
        self.ended = False  # the output has been read to its end
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._queue.put(line)
        self._queue.put(None)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def _lines_until(self, deadline: float):
        """Further lines of output as they come, until the output ends or ``deadline`` (monotonic) passes."""
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                self.ended = True
                return
            self.lines.append(line)
            yield line

    def wait_for(self, pattern: str | re.Pattern, timeout: float = RUN_TIMEOUT) -> str:
        """The first further line matching ``pattern``; kills the process and fails the test when the
        process ends or ``timeout`` passes first."""
        for line in self._lines_until(time.monotonic() + timeout):
            if re.search(pattern, line):
                return line
        self.kill()
        shown = pattern.pattern if isinstance(pattern, re.Pattern) else pattern
        pytest.fail(f"{shown!r} never showed up:\n" + "".join(self.lines[-40:]))

    def finish(self, timeout: float = RUN_TIMEOUT) -> tuple[int | None, str]:
        """Exit status (None when it had to be killed after ``timeout``) and the whole output."""
        for _ in self._lines_until(time.monotonic() + timeout):
            pass
        if self.ended:
            return self.proc.wait(), self.output
        self.kill()
        return None, self.output

    def kill(self) -> None:
        """SIGKILL the whole group, like a machine switched off: children (dbt, dagster's servers) too."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
