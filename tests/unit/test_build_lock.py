"""The warehouse's build lock between real processes: the second builder is refused at once with the first
one named, and a holder killed with SIGKILL leaves no stale lock behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from news_intel.warehouse.build_lock import WarehouseBusy, build_lock, current_holder, lock_path
from tests.conftest import REPO

HOLD = (
    "import sys, time; from pathlib import Path\n"
    "from news_intel.warehouse.build_lock import build_lock\n"
    "with build_lock(Path(sys.argv[1]), command='news-intel run', run_id='run-1234'):\n"
    "    print('held', flush=True); time.sleep(120)\n"
)


@pytest.fixture
def holder(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield warehouse, proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_a_second_builder_is_refused_at_once_naming_the_first(holder):
    warehouse, proc = holder
    with pytest.raises(WarehouseBusy) as refused:
        with build_lock(warehouse, command="dagster asset materialize"):
            pytest.fail("the lock was taken twice")
    reason = refused.value.reason
    assert reason.startswith(f"warehouse {warehouse} is being built by run run-1234 (news-intel run, pid {proc.pid} ")
    assert "\n" not in reason
    assert current_holder(warehouse)["pid"] == proc.pid


def test_a_holder_killed_with_sigkill_leaves_no_stale_lock(holder):
    warehouse, proc = holder
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert lock_path(warehouse).exists()  # the file stays; the kernel dropped the lock with the process
    assert current_holder(warehouse) is None
    with build_lock(warehouse, command="news-intel run"):
        assert current_holder(warehouse)["pid"] == os.getpid()
    assert current_holder(warehouse) is None


def test_the_run_a_command_starts_takes_the_lock_again_and_adds_its_run_id(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with build_lock(warehouse, command="news-intel run"):
        started = current_holder(warehouse)
        with build_lock(warehouse, command="python -m dagster", run_id="abcd"):
            inner = current_holder(warehouse)
        assert current_holder(warehouse) is not None  # the outer holder still holds it
    assert inner == {**started, "run_id": "abcd"}
    assert current_holder(warehouse) is None
