"""SIGKILL inside the ingestion and the extraction-batch transactions, at a chosen statement.

The process-level crash test (test_crash_recovery) kills whenever the log shows a phase; these kill at the
worst moment deterministically, after some of a transaction's statements ran, and check that the
warehouse is exactly as before and that the next run completes as if nothing happened.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import spacy

from news_intel.extraction import run_extraction
from news_intel.ingestion import run_ingestion
import news_intel.nlp.structure  # noqa: F401  (registers news_structure)
from news_intel.nlp.pipeline import extract
from news_intel.settings import Settings
from tests.conftest import REPO, warehouse_snapshot

KILLER = textwrap.dedent('''
    import os, signal, sys
    from pathlib import Path

    class KillAfter:
        """The connection, but the process dies right after the statement containing ``marker`` ran."""
        def __init__(self, con, marker):
            self.con, self.marker = con, marker
        def __getattr__(self, name):
            return getattr(self.con, name)
        def execute(self, sql, *args):
            result = self.con.execute(sql, *args)
            if self.marker in sql:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
''')


def run_killed(script: str) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLER + textwrap.dedent(script)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)


def sentence_nlp():
    """Tokenizer, sentence splitter and the structure component: real rows, no model to load."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("news_structure")
    return nlp


def blank_extractor(inputs):
    return list(extract(sentence_nlp(), inputs))


def test_kill_inside_the_ingestion_transaction(tmp_path):
    before_dir, after_dir = tmp_path / "v1", tmp_path / "v2"
    write(before_dir, {"a.txt": "First article.\n", "b.txt": "Second article.\n"})
    write(after_dir, {"a.txt": "First article.\n", "c.txt": "Third article.\n", "d.txt": ""})
    db = tmp_path / "w.duckdb"
    run_ingestion(Settings(input_dir=before_dir, duckdb_path=db))
    before = warehouse_snapshot(db)
    # Killed after old articles were deleted and new ones inserted, before the transaction committed.
    run_killed(f'''
        from news_intel.ingest.scan import scan_input
        from news_intel.warehouse.articles_store import store_scan
        from news_intel.warehouse.connection import connect
        with connect({str(db)!r}) as con:
            store_scan(KillAfter(con, "INSERT INTO article_files"), scan_input(Path({str(after_dir)!r}), 10**6))
    ''')
    assert warehouse_snapshot(db) == before
    run_ingestion(Settings(input_dir=after_dir, duckdb_path=db))
    clean = tmp_path / "clean.duckdb"
    run_ingestion(Settings(input_dir=after_dir, duckdb_path=clean))
    assert warehouse_snapshot(db) == warehouse_snapshot(clean)


def test_kill_inside_an_extraction_batch(tmp_path):
    inp = tmp_path / "in"
    write(inp, {f"{i}.txt": f"Article number {i}. It has two sentences.\n" for i in range(9)})
    settings = Settings(input_dir=inp, duckdb_path=tmp_path / "w.duckdb", batch_size=3)
    run_ingestion(settings)
    before = warehouse_snapshot(settings.duckdb_path)
    # The first batch's sentences are inserted, then the process dies before its bookkeeping commits.
    run_killed(f'''
        from tests.reliability.test_kill_mid_transaction import blank_extractor
        from news_intel import extraction
        from news_intel.settings import Settings
        real_write = extraction.write_batch
        extraction.write_batch = lambda con, *a: real_write(KillAfter(con, "INSERT INTO extractions"), *a)
        settings = Settings(input_dir=Path({str(inp)!r}), duckdb_path=Path({str(settings.duckdb_path)!r}), batch_size=3)
        extraction.run_extraction(settings.duckdb_path, settings,
                                  batch_extractor=blank_extractor)
    ''')
    after_kill = warehouse_snapshot(settings.duckdb_path)
    for name, rows in before.items():
        assert after_kill[name] == rows, name
    report = run_extraction(settings.duckdb_path, settings, batch_extractor=blank_extractor)
    assert report.extracted == 9 and report.rows["sentences"] >= 18
    clean = Settings(input_dir=inp, duckdb_path=tmp_path / "clean.duckdb", batch_size=3)
    run_ingestion(clean)
    run_extraction(clean.duckdb_path, clean, batch_extractor=blank_extractor)
    assert warehouse_snapshot(settings.duckdb_path) == warehouse_snapshot(clean.duckdb_path)
