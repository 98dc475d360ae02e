"""A folder mixing .txt, .jsonl, .csv, .html and .warc inputs, with broken rows: exact provenance."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from news_intel.ingest.scan import ArticleFile, scan_inputs
from news_intel.ingestion import run_ingestion
from news_intel.settings import Settings

BALLOON = ("China has declined a request from the United States for a meeting between their defence chiefs "
           "at a security forum in Singapore this week, the Pentagon said on Monday.")
TALKS = "Ministers from both countries met in Jakarta on Tuesday to discuss the fishing dispute."
ELECTION = "Voters in Lagos queued for hours on Saturday as the presidential election got under way."
MARKETS = "Asian shares rose on Wednesday after the central bank held interest rates steady."

PAGE = """<!DOCTYPE html><html><head><title>Banks hold rates | Example News</title>
<meta property="og:title" content="Banks hold rates">
<meta property="article:published_time" content="2023-06-14T08:00:00Z">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://news.example.org/rates">
</head><body><nav><a href="/">Home</a> | <a href="/markets">Markets</a></nav>
<article><h1>Banks hold rates</h1><p>{body}</p>
<p>Analysts had expected the decision, which follows three increases since January this year.</p></article>
<footer>Copyright 2023 Example News. All rights reserved.</footer></body></html>"""


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture()
def mixed_folder(tmp_path) -> Path:
    root = tmp_path / "in"
    write(root / "balloon.txt", f"Pentagon says China declined talks\n\n{BALLOON}\n")
    write(root / "talks.txt", f"{TALKS}\n")
    write(root / "manifest.csv", "source_file,published,title,url\n"
                                 "talks.txt,2023-05-02,Fishing talks,https://example.org/talks\n"
                                 "missing.txt,2023-05-03,,\n"
                                 "balloon.txt,2023-02-31,,\n")
    rows = [
        {"text": ELECTION, "title": "Nigeria votes", "published": "2023-02-25T07:00:00Z", "source": "Wire"},
        "{not json",
        {"text": "   ", "title": "Empty"},
        # The .txt article again, in another format: the same text but for whitespace.
        {"text": f"Pentagon says China declined talks\r\n\r\n  {BALLOON}", "published": "2023-06-05"},
        {"text": "A fine text.", "published": "yesterday"},
        ["a", "list"],
    ]
    write(root / "exports" / "wire.jsonl", "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    write(root / "exports" / "desk.csv", "text,title,published,url,source\n"
                                         f'"{MARKETS}",Shares rise,2023-06-07,https://example.org/m,Desk\n'
                                         ",No text,2023-06-08,,\n"
                                         f'"{TALKS}",Talks again,2023-13-01,,\n'
                                         "only,three,fields\n")
    write(root / "pages" / "rates.html", PAGE.format(body="The central bank held interest rates at 4.5% on Wednesday."))
    write(root / "pages" / "empty.htm", "<html><head><title>Gallery</title></head><body><script>show()</script></body></html>")
    return root


def test_mixed_folder_ingests_with_exact_provenance_and_rejected_rows(mixed_folder):
    scan = scan_inputs(Settings(input_dir=mixed_folder, extra_inputs=()))
    by_place = {(f.source_file, f.source_record): f.article_id for f in scan.article_files}
    assert sorted(by_place) == [
        ("balloon.txt", None), ("exports/desk.csv", "row 1"), ("exports/wire.jsonl", "line 1"),
        ("exports/wire.jsonl", "line 4"), ("pages/rates.html", None), ("talks.txt", None),
    ]
    # The BBC-style .txt article and the same text as a JSON Lines row are one article.
    assert by_place[("balloon.txt", None)] == by_place[("exports/wire.jsonl", "line 4")]
    assert len(scan.articles) == 5
    rejected = sorted((r.source_file, r.source_record, r.reason) for r in scan.rejections)
    assert [(f, rec) for f, rec, _ in rejected] == [
        ("exports/desk.csv", "row 2"), ("exports/desk.csv", "row 3"), ("exports/desk.csv", "row 4"),
        ("exports/wire.jsonl", "line 2"), ("exports/wire.jsonl", "line 3"), ("exports/wire.jsonl", "line 5"),
        ("exports/wire.jsonl", "line 6"), ("manifest.csv", "row 2"), ("manifest.csv", "row 3"),
        ("pages/empty.htm", None),
    ]
    reasons = {(f, rec): reason for f, rec, reason in rejected}
    assert reasons[("exports/desk.csv", "row 2")].startswith("no text")
    assert reasons[("exports/desk.csv", "row 3")].startswith("bad date '2023-13-01'")
    assert reasons[("exports/desk.csv", "row 4")] == "row has 3 fields, the header 5"
    assert reasons[("exports/wire.jsonl", "line 2")].startswith("bad JSON")
    assert reasons[("exports/wire.jsonl", "line 3")].startswith("no text")
    assert reasons[("exports/wire.jsonl", "line 5")].startswith("bad date 'yesterday'")
    assert reasons[("exports/wire.jsonl", "line 6")] == "bad JSON: expected an object, got list"
    assert reasons[("manifest.csv", "row 2")] == "names missing.txt, which is not a .txt file of the input"
    assert "no such day" in reasons[("manifest.csv", "row 3")]
    assert reasons[("pages/empty.htm", None)].startswith("no main text")


def test_fields_and_dates_come_from_rows_pages_and_the_manifest(mixed_folder):
    scan = scan_inputs(Settings(input_dir=mixed_folder, extra_inputs=()))
    got = {a.source_file + (f"#{a.source_record}" if a.source_record else ""):
           (a.title, a.published_date, a.published_date_source, a.source, a.url) for a in scan.articles}
    assert got == {
        "balloon.txt": ("Pentagon says China declined talks", None, None, None, None),
        "talks.txt": ("Fishing talks", date(2023, 5, 2), "manifest", None, "https://example.org/talks"),
        "exports/wire.jsonl#line 1": ("Nigeria votes", date(2023, 2, 25), "row", "Wire", None),
        "exports/desk.csv#row 1": ("Shares rise", date(2023, 6, 7), "row", "Desk", "https://example.org/m"),
        "pages/rates.html": ("Banks hold rates", date(2023, 6, 14), "page", "Example News",
                             "https://news.example.org/rates"),
    }
    page = next(a for a in scan.articles if a.source_file == "pages/rates.html")
    # Main text only: the navigation and the footer are gone, paragraphs are apart.
    assert "Home" not in page.text and "Copyright" not in page.text
    assert "held interest rates at 4.5% on Wednesday.\n\nAnalysts had expected" in page.text


def test_reingesting_the_mixed_folder_changes_nothing(mixed_folder, tmp_path):
    settings = Settings(input_dir=mixed_folder, extra_inputs=(), duckdb_path=tmp_path / "w.duckdb")
    first, _ = run_ingestion(settings)
    con = duckdb.connect(str(settings.duckdb_path))
    before = con.execute("SELECT * FROM article_files ORDER BY ALL").fetchall()
    rejected = con.execute("SELECT source_file, source_record, reason FROM rejected_files ORDER BY ALL").fetchall()
    con.close()
    again, _ = run_ingestion(settings)
    assert (first.articles, first.added) == (5, 5) and (again.added, again.removed, again.updated) == (0, 0, 0)
    con = duckdb.connect(str(settings.duckdb_path))
    assert con.execute("SELECT * FROM article_files ORDER BY ALL").fetchall() == before
    assert con.execute("SELECT source_file, source_record, reason FROM rejected_files ORDER BY ALL").fetchall() == rejected
    con.close()
    assert ("exports/wire.jsonl", "line 2") in {(f, r) for f, r, _ in rejected}


def test_column_names_are_mapped_by_a_setting(tmp_path):
    write(tmp_path / "feed.csv", "body,headline,date\n"f'"{TALKS}",Fishing talks,2023-05-02\n')
    settings = Settings(input_dir=tmp_path, extra_inputs=(),
                        column_map=(("text", "body"), ("title", "headline"), ("published", "date")))
    [article] = scan_inputs(settings).articles
    assert (article.text, article.title, article.published_date) == (TALKS, "Fishing talks", date(2023, 5, 2))
    unmapped = scan_inputs(Settings(input_dir=tmp_path, extra_inputs=()))
    assert unmapped.articles == [] and "no 'text' column" in unmapped.rejections[0].reason


def test_an_oversized_row_is_rejected_alone(tmp_path):
    write(tmp_path / "big.jsonl", json.dumps({"text": "word " * 400}) + "\n" + json.dumps({"text": TALKS}) + "\n")
    scan = scan_inputs(Settings(input_dir=tmp_path, extra_inputs=(), max_file_bytes=1000))
    assert [f.source_record for f in scan.article_files] == ["line 2"]
    assert [(r.source_record, r.reason.split(" (")[0]) for r in scan.rejections] == [
        ("line 1", "line is over the 1,000-byte limit")]


def test_several_inputs_and_a_single_file(tmp_path):
    write(tmp_path / "a" / "one.txt", f"{TALKS}\n")
    write(tmp_path / "b" / "feed.jsonl", json.dumps({"text": ELECTION}) + "\n")
    scan = scan_inputs(Settings(input_dir=tmp_path / "a", extra_inputs=(tmp_path / "b" / "feed.jsonl",)))
    assert sorted(scan.article_files) == sorted([
        ArticleFile(scan.articles[0].article_id, "a/one.txt", None),
        ArticleFile(scan.articles[1].article_id, "b/feed.jsonl", "line 1"),
    ])


def test_web_archive_records_keep_their_record_id(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i, body in enumerate([MARKETS, ELECTION]):
        html = PAGE.format(body=body).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    writer.write_record(writer.create_warc_record("https://example.org/robots.txt", "request",
                                                  payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    write(tmp_path / "crawl.warc.gz", buffer.getvalue() + b"\x1f\x8b garbage after the last record")
    scan = scan_inputs(Settings(input_dir=tmp_path, extra_inputs=()))
    records = [f.source_record for f in scan.article_files]
    assert len(records) == 2 and all(r.startswith("<urn:uuid:") for r in records)
    assert [a.url for a in scan.articles] == ["https://news.example.org/rates"] * 2
    assert [r.source_file for r in scan.rejections] == ["crawl.warc.gz"]
    assert "the rest was not read" in scan.rejections[0].reason
