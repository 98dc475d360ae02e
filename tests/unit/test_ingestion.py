"""Ingestion edge cases: each bad-file kind, BOM, CRLF, duplicate text, sidecar, header date."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from news_intel.ingest.headers import find_dateline, split_date_header
from news_intel.ingest.reading import RejectedFile, article_id_for, decode_text, read_article_file
from news_intel.ingest.scan import scan_input
from news_intel.settings import Settings
from news_intel.ingestion import run_ingestion

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_bom_is_removed_and_crlf_becomes_lf():
    text = decode_text("\ufeffTitle line\r\n\r\nBody text.\r\n".encode("utf-8"))
    assert text == "Title line\n\nBody text.\n"


def test_lone_carriage_returns_and_entities_are_kept_as_they_are():
    assert decode_text(b"A&#233;\rB") == "A&#233;\rB"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 au lait \u00e0 Paris".encode("latin-1"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_bad_content_is_rejected_with_a_reason(data, reason):
    with pytest.raises(RejectedFile) as err:
        decode_text(data)
    assert reason in err.value.reason


def test_oversized_file_is_rejected(tmp_path):
    path = write(tmp_path / "big.txt", "word " * 1000)
    with pytest.raises(RejectedFile, match="over the 100-byte limit"):
        read_article_file(path, tmp_path, max_bytes=100)


def test_header_date_line():
    assert split_date_header(" date 2023-05-30 Pentagon spokesman")[0] == date(2023, 5, 30)
    assert split_date_header("date 2023-02-30 impossible")[0] is None
    assert split_date_header("A date 2023-05-30 in a sentence")[0] is None


def test_seed_with_header_date(tmp_path):
    article = read_article_file(SEEDS / "001_6ff38f1c0ac05301.txt", SEEDS)
    assert article.published_date == date(2023, 5, 30)
    assert article.published_date_source == "header"
    # The stored text is the whole file: the header line stays.
    assert article.text.startswith(" date 2023-05-30 ")


@pytest.mark.parametrize(
    ("first_line", "dateline"),
    [
        ("SINGAPORE – China is rebuffing attempts", "SINGAPORE"),
        ("HONG KONG: Amid intensifying military deployments", "HONG KONG"),
        ("WASHINGTON (Reuters) - The Senate voted", "WASHINGTON"),
        ("US officials said on Friday - nothing", None),
        ("China rejected a US proposal", None),
    ],
)
def test_dateline(first_line, dateline):
    assert find_dateline(first_line) == dateline


def test_title_from_first_line_and_sidecar_override(tmp_path):
    write(tmp_path / "a.txt", "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant rose.\n")
    article = read_article_file(tmp_path / "a.txt", tmp_path)
    assert article.title == "Ad sales boost Time Warner profit"
    write(tmp_path / "a.meta.json", json.dumps({"published": "2004-12-10", "title": "Other", "source": "BBC",
                                                "url": "https://example.org/a"}))
    article = read_article_file(tmp_path / "a.txt", tmp_path)
    assert (article.title, article.published_date, article.published_date_source, article.source) == (
        "Other", date(2004, 12, 10), "sidecar", "BBC")


def test_sidecar_date_wins_over_header(tmp_path):
    write(tmp_path / "x.txt", " date 2023-05-30 Body text here.\n")
    write(tmp_path / "x.meta.json", '{"published": "2023-06-01"}')
    assert read_article_file(tmp_path / "x.txt", tmp_path).published_date == date(2023, 6, 1)


@pytest.mark.parametrize("sidecar", ["{not json", '{"published": "2023-02-30"}', '["a"]', '{"published": 20230101}'])
def test_bad_sidecar_is_reported_and_the_article_still_ingested(tmp_path, sidecar):
    write(tmp_path / "x.txt", "Some article text.\n")
    write(tmp_path / "x.meta.json", sidecar)
    scan = scan_input(tmp_path, max_bytes=10_000)
    assert len(scan.articles) == 1 and scan.articles[0].published_date is None
    assert [r.source_file for r in scan.rejections] == ["x.meta.json"]
    assert "article ingested without it" in scan.rejections[0].reason


def test_duplicate_text_is_one_article_listing_both_files(tmp_path):
    write(tmp_path / "a.txt", "Same text.\n")
    write(tmp_path / "sub" / "b.txt", "Same text.\n")
    write(tmp_path / "c.txt", "\ufeffSame text.\r\n")  # same text once decoded
    scan = scan_input(tmp_path, max_bytes=10_000)
    assert len(scan.articles) == 1
    assert scan.articles[0].article_id == article_id_for("Same text.\n")
    assert sorted(f.source_file for f in scan.article_files) == ["a.txt", "c.txt", "sub/b.txt"]


def test_only_txt_files_recursively(tmp_path):
    write(tmp_path / "deep" / "er" / "a.txt", "A text.\n")
    write(tmp_path / "notes.md", "not an article")
    write(tmp_path / "a.meta.json", "{}")
    scan = scan_input(tmp_path, max_bytes=10_000)
    assert [a.source_file for a in scan.articles] == ["deep/er/a.txt"]
    assert scan.rejections == []


def test_seeds_plus_bad_files_give_five_articles_and_three_rejections(tmp_path):
    for p in SEEDS.glob("*.txt"):
        write(tmp_path / p.name, p.read_bytes())
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", b"\x00\x01\x02\xff\xfe binary")
    write(tmp_path / "latin1.txt", "Fran\u00e7ois Hollande a d\u00e9clin\u00e9.".encode("latin-1"))
    settings = Settings(input_dir=tmp_path, duckdb_path=tmp_path / "w.duckdb")
    counts, _ = run_ingestion(settings)
    assert (counts.articles, counts.rejected) == (5, 3)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    reasons = dict(con.execute("SELECT source_file, reason FROM rejected_files").fetchall())
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt"}
    assert "not valid UTF-8" in reasons["latin1.txt"]
    con.close()


def test_reingesting_is_idempotent_and_mirrors_the_folder(tmp_path):
    inp = tmp_path / "in"
    write(inp / "a.txt", "First article.\n")
    write(inp / "b.txt", "Second article.\n")
    settings = Settings(input_dir=inp, duckdb_path=tmp_path / "w.duckdb")
    run_ingestion(settings)
    con = duckdb.connect(str(settings.duckdb_path))
    first = con.execute("SELECT article_id, ingested_at FROM articles ORDER BY 1").fetchall()
    con.close()
    counts, _ = run_ingestion(settings)
    assert (counts.added, counts.removed) == (0, 0)
    con = duckdb.connect(str(settings.duckdb_path))
    assert con.execute("SELECT article_id, ingested_at FROM articles ORDER BY 1").fetchall() == first
    con.close()
    (inp / "b.txt").unlink()
    counts, _ = run_ingestion(settings)
    assert (counts.articles, counts.removed) == (1, 1)
