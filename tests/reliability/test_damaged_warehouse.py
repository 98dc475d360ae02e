"""A damaged warehouse file (truncated, or not a DuckDB file at all): every entry point says so in one line,
that the warehouse is derived data and how to rebuild it, never with a traceback; ``news-intel run --rebuild``
builds a fresh file beside it and swaps it in only when complete, and the published copy stays as it was
until then."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEEDS_DIR
from tests.processes import MATERIALIZE, cli_env, copy_of_the_code, materialize_env, news_intel

pytestmark = pytest.mark.e2e


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage(path: Path, how: str) -> None:
    if how == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        path.write_text("id,text\n1,this is a CSV file saved over the warehouse\n")


def assert_one_line_naming_the_rebuild(done: subprocess.CompletedProcess, warehouse: Path) -> None:
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"warehouse {warehouse} is damaged" in lines[0]
    assert "derived data" in lines[0] and "news-intel run --rebuild" in lines[0]


def copy_of_a_build(seeds_warehouse, folder: Path) -> tuple[Path, Path]:
    """The shared seeds build copied into ``folder`` as w.duckdb and its published copy: (warehouse, published)."""
    built, result = seeds_warehouse
    assert result.success
    warehouse, published = folder / "w.duckdb", folder / "w.published.duckdb"
    shutil.copyfile(built, warehouse)
    shutil.copyfile(built.with_name("news.published.duckdb"), published)
    return warehouse, published


@pytest.mark.parametrize("how", ["truncated", "not_duckdb"])
def test_a_damaged_warehouse_is_named_with_how_to_rebuild_it_by_every_entry_point(seeds_warehouse, tmp_path, how):
    warehouse, published = copy_of_a_build(seeds_warehouse, tmp_path)
    published_before = digest(published)
    damage(warehouse, how)

    args = ["--input", str(SEEDS_DIR), "--warehouse", str(warehouse)]
    assert_one_line_naming_the_rebuild(news_intel("run", *args), warehouse)
    assert_one_line_naming_the_rebuild(news_intel("status", "--warehouse", str(warehouse)), warehouse)
    materialize = subprocess.run(MATERIALIZE, cwd=REPO, env=materialize_env(SEEDS_DIR, warehouse, tmp_path / "dh"),
                                 capture_output=True, text=True, timeout=300)
    assert materialize.returncode != 0
    assert f"warehouse {warehouse} is damaged" in materialize.stdout + materialize.stderr
    assert digest(published) == published_before


# The rebuild never reads the damaged file, so one kind of damage shows it: a whole build per kind would
# repeat the same assertions.
def test_a_damaged_warehouse_is_rebuilt_beside_it_and_swapped_in(seeds_warehouse, tmp_path, dbt_manifest):
    warehouse, published = copy_of_a_build(seeds_warehouse, tmp_path)
    damage(warehouse, "truncated")

    args = ["--input", str(SEEDS_DIR), "--warehouse", str(warehouse)]
    rebuilt = news_intel("run", "--rebuild", *args)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-3000:]
    assert f"Rebuilt {warehouse}" in rebuilt.stdout
    assert not (tmp_path / "w.rebuild.duckdb").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert con.execute("SELECT count(DISTINCT article_id) FROM extractions").fetchone()[0] == 5
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM actor_mentions").fetchone()[0] > 0
    # The swapped-in file is the warehouse from now on: the next run finds nothing to do.
    again = news_intel("run", *args)
    assert again.returncode == 0 and "Up to date" in again.stdout, again.stdout[-2000:]


@pytest.mark.slow  # about 45 s: a full rebuild that fails at dbt
def test_a_rebuild_that_fails_leaves_the_old_file_and_the_published_copy(seeds_warehouse, tmp_path, dbt_manifest):
    warehouse, published = copy_of_a_build(seeds_warehouse, tmp_path)
    before, published_before = digest(warehouse), digest(published)
    # A dbt project that cannot build (a broken model) makes the rebuild fail after extraction.
    code = copy_of_the_code(tmp_path / "code", dbt_manifest)
    marts = sorted((code / "dbt" / "models" / "marts").glob("*.sql"))
    marts[0].write_text("select * from a_table_that_does_not_exist")
    done = subprocess.run([sys.executable, "-m", "news_intel.cli", "run", "--rebuild", "--input", str(SEEDS_DIR), "--warehouse",
                           str(warehouse)], cwd=code, env={**cli_env(), "PYTHONPATH": str(code)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert digest(warehouse) == before
    assert digest(published) == published_before
