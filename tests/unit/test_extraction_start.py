"""A run starts the extraction workers' server while Dagster starts, and only when its workers will be used."""
from __future__ import annotations

import subprocess
import sys

import pytest

from news_intel.settings import REPO_ROOT

PROBE = """
import sys
from multiprocessing import forkserver
from news_intel.extraction import prepare_local_extraction
from news_intel.settings import Settings

prepare_local_extraction(Settings(article_seconds_per_10k_chars=float(sys.argv[1]), dask_scheduler=sys.argv[2]))
print(forkserver._forkserver._forkserver_pid is not None)
"""


@pytest.mark.parametrize(("budget", "scheduler", "started"), [
    ("5", "", "True"),          # articles extracted in worker processes under a time budget
    ("0", "", "False"),         # no budget: spaCy runs in this process, nothing to start
    ("5", "local:2", "False"),  # dask workers extract
])
def test_the_workers_server_starts_early_only_for_the_pooled_extractor(budget, scheduler, started):
    out = subprocess.run([sys.executable, "-c", PROBE, budget, scheduler], capture_output=True, text=True,
                         cwd=REPO_ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == [started]
