"""Hostile input folders: every file is ingested or lands in ``rejected_files`` with its reason, and the
run goes on. Values from input reach SQL only as parameters or Arrow/pandas relations (no injection)."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import duckdb
import pytest
import spacy

from news_intel.extraction import run_extraction
from news_intel.ingest import reading
from news_intel.ingest.scan import scan_input
from news_intel.ingestion import run_ingestion
from news_intel.nlp.pipeline import extract
from news_intel.settings import Settings

HOSTILE_NAMES = [
    "with spaces in it.txt",
    "quote's \"double\".txt",
    "semi;colon;.txt",
    "ünïcödé 新闻 خبر.txt",
    "-leading-dash.txt",
    "--help.txt",
    "x'); drop table articles; --.txt",
    "\"; DELETE FROM articles; --.txt",
    "new\nline.txt",
    "$(touch pwned).txt",
]


def settings_for(inp: Path, tmp: Path, **kw) -> Settings:
    return Settings(input_dir=inp, duckdb_path=tmp / "w.duckdb", **kw)


def table(path: Path, sql: str, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def blank_extractor(inputs):
    nlp = spacy.blank("en")
    return list(extract(nlp, inputs))


def test_hostile_file_names_are_ingested_verbatim_and_sql_stays_inert(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):
        (inp / name).write_text(f"Article {i}: it's a 'quoted'; DROP TABLE articles; -- text.\n")
    (inp / "x'); drop table articles; --.meta.json").write_text(
        '{"title": "Robert\'); DROP TABLE articles;--", "source": "\'; DELETE FROM rejected_files; --"}'
    )
    bad = os.fsencode(inp) + b"/bad-\xff\xfe-bytes.txt"  # not valid UTF-8 as a name
    with open(bad, "wb") as f:
        f.write(b"Undecodable name, decodable text.\n")
    settings = settings_for(inp, tmp_path)
    counts, _ = run_ingestion(settings)
    run_extraction(settings.duckdb_path, settings, batch_extractor=blank_extractor)
    assert counts.articles == len(HOSTILE_NAMES) + 1 and counts.rejected == 0
    names = {r[0] for r in table(settings.duckdb_path, "SELECT source_file FROM articles")}
    assert set(HOSTILE_NAMES) <= names
    assert "bad-\\xff\\xfe-bytes.txt" in names
    titles = dict(table(settings.duckdb_path, "SELECT source_file, title FROM articles"))
    assert titles["x'); drop table articles; --.txt"] == "Robert'); DROP TABLE articles;--"
    # Every table still exists; re-running changes nothing.
    tables = {r[0] for r in table(settings.duckdb_path, "SELECT table_name FROM information_schema.tables")}
    assert {"articles", "article_files", "rejected_files", "extractions", "extraction_errors"} <= tables
    counts2, _ = run_ingestion(settings)
    assert (counts2.added, counts2.removed, counts2.updated) == (0, 0, 0)


def test_symlinks_are_followed_only_inside_the_input_folder(tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "passwords.txt").write_text("root:hunter2\n")
    (outside / "meta.json").write_text('{"title": "leaked title"}')
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "sub" / "real.txt").write_text("A real article.\n")
    (inp / "inside-link.txt").symlink_to(inp / "sub" / "real.txt")
    (inp / "outside-link.txt").symlink_to(outside / "passwords.txt")
    (inp / "outside-dir").symlink_to(outside, target_is_directory=True)
    (inp / "loop").symlink_to(inp, target_is_directory=True)
    (inp / "own.txt").write_text("Own text.\n")
    (inp / "own.meta.json").symlink_to(outside / "meta.json")
    scan = scan_input(inp, max_bytes=10_000)
    texts = {a.text for a in scan.articles}
    assert texts == {"A real article.\n", "Own text.\n"}
    assert sorted(f.source_file for f in scan.article_files) == ["inside-link.txt", "own.txt", "sub/real.txt"]
    reasons = {r.source_file: r.reason for r in scan.rejections}
    assert "outside the input folder" in reasons["outside-link.txt"]
    assert "outside the input folder" in reasons["outside-dir"]
    assert "outside the input folder" in reasons["own.meta.json"]
    assert all(a.title != "leaked title" for a in scan.articles)


def test_pipe_named_txt_is_rejected_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("Fine.\n")
    done = []
    # In a thread: opening a FIFO blocks until a writer comes, which would hang the test itself.
    reader = threading.Thread(target=lambda: done.append(scan_input(tmp_path, max_bytes=10_000)), daemon=True)
    reader.start()
    reader.join(10)
    assert done, "the scan blocked on a named pipe"
    scan = done[0]
    assert [a.source_file for a in scan.articles] == ["ok.txt"]
    assert "not a regular file" in {r.source_file: r.reason for r in scan.rejections}["pipe.txt"]


def test_file_that_vanishes_or_cannot_be_read_is_rejected_and_the_scan_goes_on(tmp_path, monkeypatch):
    for name in ("a.txt", "vanishes.txt", "locked.txt", "z.txt"):
        (tmp_path / name).write_text(f"Text of {name}.\n")
    (tmp_path / "locked.txt").chmod(0)
    real_open = open

    def hostile_open(path, *args, **kwargs):
        name = Path(path).name
        if name == "vanishes.txt":
            Path(path).unlink()  # deleted between the folder listing and the read
        if name == "locked.txt" and os.geteuid() == 0:
            # root reads chmod 000 files; act as an unprivileged user would see it
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", hostile_open, raising=False)
    scan = scan_input(tmp_path, max_bytes=10_000)
    assert sorted(a.source_file for a in scan.articles) == ["a.txt", "z.txt"]
    reasons = {r.source_file: r.reason for r in scan.rejections}
    assert "disappeared" in reasons["vanishes.txt"]
    assert "permission denied" in reasons["locked.txt"]


def test_file_that_grows_while_read_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "growing.txt").write_text("short\n")
    real_open = open

    def growing_open(path, *args, **kwargs):
        with real_open(path, "a") as f:
            f.write("x" * 200)  # appended after the size check
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reading, "open", growing_open, raising=False)
    scan = scan_input(tmp_path, max_bytes=100)
    assert scan.articles == [] and "over the 100-byte limit" in scan.rejections[0].reason


@pytest.mark.parametrize(
    ("sidecar", "reason"),
    [
        ("{\"published\": \"2023-05-30\"", "not valid JSON"),
        ('{"published": "2023-02-30"}', "impossible or malformed published date"),
        ('{"published": "0000-01-01"}', "impossible or malformed published date"),
        ('{"published": "2023-13-01"}', "impossible or malformed published date"),
        ('{"title": ["not", "a", "string"]}', "must be a string"),
        ("\xff\xfe", "not valid JSON"),
    ],
)
def test_bad_sidecar_lands_in_rejected_files_and_the_article_is_kept(tmp_path, sidecar, reason):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Article text.\n")
    (inp / "a.meta.json").write_text(sidecar)
    settings = settings_for(inp, tmp_path)
    counts, _ = run_ingestion(settings)
    assert counts.articles == 1
    rows = table(settings.duckdb_path, "SELECT source_file, reason FROM rejected_files")
    assert len(rows) == 1 and rows[0][0] == "a.meta.json" and reason in rows[0][1]


def test_article_over_one_spacy_pass_is_rejected_at_ingestion(tmp_path):
    # 1.5 MB in one paragraph: under NEWS_MAX_FILE_BYTES, over what spaCy parses in one piece.
    (tmp_path / "huge.txt").write_text("word " * 300_000)
    scan = scan_input(tmp_path, max_bytes=2_000_000)
    assert scan.articles == []
    assert "1,500,000 characters, over the 1,000,000-character limit" in scan.rejections[0].reason


def test_ten_thousand_tiny_files(tmp_path):
    inp = tmp_path / "in"
    for d in range(10):
        (inp / f"d{d}").mkdir(parents=True)
        for i in range(1000):
            (inp / f"d{d}" / f"{i}.txt").write_text(f"Tiny article {d}-{i}.\n")
    (inp / "d0" / "empty.txt").write_bytes(b"")
    started = time.monotonic()
    settings = settings_for(inp, tmp_path)
    counts, _ = run_ingestion(settings)
    assert (counts.articles, counts.rejected) == (10_000, 1)
    assert time.monotonic() - started < 60
    assert table(settings.duckdb_path, "SELECT count(*) FROM articles")[0][0] == 10_000
