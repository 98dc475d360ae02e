"""Hostile export rows, pages and web archives: each lands in ``rejected_files`` with a reason, memory stays
bounded, and the rows and records around it are ingested.

The scans of the large inputs run in a child process so that its peak memory (``VmHWM``) is its own.
"""
from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

from news_intel.ingest.scan import scan_inputs
from news_intel.settings import Settings
from tests.conftest import REPO

ARTICLE = "The defence minister said on Friday that talks with Beijing would resume next month. " * 4


def scan(folder: Path, **settings):
    return scan_inputs(Settings(input_dir=folder, extra_inputs=(), **settings))


def records_and_reasons(result) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None, str]]]:
    kept = [(f.source_file, f.source_record) for f in result.article_files]
    rejected = [(r.source_file, r.source_record, r.reason) for r in result.rejections]
    return kept, rejected


def scan_in_child(folder: Path) -> dict:
    """Scan ``folder`` in a fresh process: what was kept, what was rejected, and the peak memory in MiB."""
    code = (
        "import json, sys; from pathlib import Path\n"
        # VmHWM is this process image's own peak; ru_maxrss keeps the high-water mark of the process that
        # forked it (pytest, hundreds of MB into the suite) across exec.
        "def peak_mib():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) // 1024\n"
        "    import resource; return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
        "from news_intel.ingest.scan import scan_inputs; from news_intel.settings import Settings\n"
        "r = scan_inputs(Settings(input_dir=Path(sys.argv[1]), extra_inputs=()))\n"
        "print(json.dumps({'kept': [[f.source_file, f.source_record] for f in r.article_files],\n"
        "  'rejected': [[x.source_file, x.source_record, x.reason] for x in r.rejections],\n"
        "  'peak_mib': peak_mib()}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_json_rows_with_surrogate_escapes_deep_nesting_and_huge_numbers_are_rejected_alone(tmp_path):
    lines = [
        json.dumps({"text": ARTICLE + "one"}),
        '{"text": "half a pair \\ud800 of surrogates ' + ARTICLE + '"}',
        '{"title": "lone low \\udc80", "text": "' + ARTICLE + 'with a title"}',
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"text": "' + ARTICLE + '", "views": ' + "9" * 100_000 + "}",
        json.dumps({"text": ARTICLE + "two"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "raw.jsonl").write_bytes(b'{"text": "raw \xff\xfe bytes"}\n' + json.dumps({"text": ARTICLE}).encode())
    kept, rejected = records_and_reasons(scan(tmp_path))
    assert kept == [("feed.jsonl", "line 1"), ("feed.jsonl", "line 6"), ("raw.jsonl", "line 2")]
    reasons = {(f, r): reason for f, r, reason in rejected}
    assert set(reasons) == {("feed.jsonl", f"line {n}") for n in (2, 3, 4, 5)} | {("raw.jsonl", "line 1")}
    assert "unpaired surrogate escape \\ud800 at character 12" in reasons["feed.jsonl", "line 2"]
    assert "field 'title'" in reasons["feed.jsonl", "line 3"]
    assert "nested too deeply" in reasons["feed.jsonl", "line 4"]
    assert "digits" in reasons["feed.jsonl", "line 5"]
    assert "not valid UTF-8" in reasons["raw.jsonl", "line 1"]


def test_a_row_over_the_record_limit_is_rejected_alone_in_both_export_formats(tmp_path):
    (tmp_path / "export.csv").write_text(
        "text,title\n" + f'"{ARTICLE} four",a\n' + '"' + "a" * 1_000_000 + '",b\n' + f'"{ARTICLE} five",c\n')
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": "word " * 150_000}) + "\n" + json.dumps({"text": ARTICLE}) + "\n")
    kept, rejected = records_and_reasons(scan(tmp_path))
    assert kept == [("export.csv", "row 1"), ("export.csv", "row 3"), ("feed.jsonl", "line 2")]
    assert [(f, r) for f, r, _ in rejected] == [("export.csv", "row 2"), ("feed.jsonl", "line 1")]
    assert all("500,000" in reason and "NEWS_MAX_RECORD_BYTES" in reason for _, _, reason in rejected)
    # csv reads text, so a row is measured in characters; a JSON line in bytes.
    assert ["-character limit" in reason for _, _, reason in rejected] == [True, False]
    # The limit is a setting: a higher one takes the 750,000-byte JSON line.
    kept, _ = records_and_reasons(scan(tmp_path, max_record_bytes=1_000_000))
    assert ("feed.jsonl", "line 1") in kept


def test_a_csv_row_past_the_bound_on_a_row_is_rejected_alone_and_the_rest_of_the_file_is_read(tmp_path):
    # Past max(NEWS_MAX_FILE_BYTES, 2 x NEWS_MAX_RECORD_BYTES), 2,000,000 characters, csv itself would give up on
    # the file. Row 2 is a quoted field of 3,000,000 characters over many lines, with doubled quotes and
    # commas in it; row 4 a field of 64 MiB on one line, which must not be held in memory.
    quoted_lines = ('he said ""no"", then, after a pause, ""yes""' + "x" * 55 + "\n") * 30_000
    with open(tmp_path / "export.csv", "w", encoding="utf-8", newline="") as f:
        f.write(f'text,title\r\n"{ARTICLE} one",a\r\n"{quoted_lines}",b\r\n{ARTICLE} three,c\r\n')
        for _ in range(64):
            f.write("y" * (1 << 20))
        f.write(f',d\r\n"{ARTICLE} five",e\r\n')
    outcome = scan_in_child(tmp_path)
    assert outcome["kept"] == [["export.csv", "row 1"], ["export.csv", "row 3"], ["export.csv", "row 5"]]
    assert [(f, r) for f, r, _ in outcome["rejected"]] == [("export.csv", "row 2"), ("export.csv", "row 4")]
    assert all("500,000" in reason and "NEWS_MAX_RECORD_BYTES" in reason for _, _, reason in outcome["rejected"])
    assert outcome["peak_mib"] < 100, outcome["peak_mib"]  # a 64 MiB line held would pass it


def _page(body: str) -> bytes:
    return f"<html><head><title>T</title></head><body><article><p>{body}</p></article></body></html>".encode()


def _web_archive(path: Path, pages: list[bytes]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i, html in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(html), http_headers=headers))
    path.write_bytes(buffer.getvalue())


def _gzip_bomb_record(size: int) -> bytes:
    """One gzip member holding a WARC response record: an HTML page of ``size`` zero bytes, in about
    ``size / 1000`` bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
            f"WARC-Target-URI: https://example.org/bomb\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) + size}\r\n\r\n"
            ).encode() + http
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = bytes(1 << 20)
    parts = [packer.compress(head)]
    parts += [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def test_an_oversized_web_archive_record_is_rejected_unread_and_the_next_record_is_read(tmp_path):
    _web_archive(tmp_path / "crawl.warc.gz", [_page(ARTICLE + "one"), b"<html><body>" + b"x" * 2_000_000 + b"</body></html>",
                                              _page(ARTICLE + "three")])
    kept, rejected = records_and_reasons(scan(tmp_path))
    assert [f for f, _ in kept] == ["crawl.warc.gz", "crawl.warc.gz"]
    assert len(rejected) == 1 and "record is 2,000,0" in rejected[0][2] and "NEWS_MAX_RECORD_BYTES" in rejected[0][2]


def _write_raw_record(f, name: str, http_head: list[bytes | tuple[bytes, int]], warc_extra=(), body: bytes = b"") -> None:
    """One WARC response record written by hand, its pieces streamed to ``f``: ``(piece, n)`` is ``piece``
    repeated ``n`` times (a header of many megabytes is never built in memory)."""
    def size(pieces):
        return sum(len(p) if isinstance(p, bytes) else len(p[0]) * p[1] for p in pieces)

    def write(pieces):
        for p in pieces:
            if isinstance(p, bytes):
                f.write(p)
            else:
                for _ in range(p[1]):
                    f.write(p[0])

    http = [b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", *http_head, b"\r\n", body]
    write([b"WARC/1.0\r\nWARC-Type: response\r\n", *warc_extra,
           f"WARC-Record-ID: <urn:uuid:{name}>\r\nWARC-Target-URI: https://example.org/{name}\r\n"
           f"Content-Type: application/http; msgtype=response\r\nContent-Length: {size(http)}\r\n\r\n".encode(),
           *http, b"\r\n\r\n"])


def test_web_archive_records_with_huge_header_lines_or_blocks_are_rejected_alone_with_memory_bounded(tmp_path):
    page = _page(ARTICLE + "a page")
    with open(tmp_path / "crawl.warc", "wb") as f:
        _write_raw_record(f, "first", [], body=page)
        # An HTTP header line of 64 MiB in a record that declares it; a WARC header line of 64 MiB before the
        # record's length; an HTTP header block of 20,000 short lines in a record under the record limit.
        _write_raw_record(f, "long-http-line", [b"X-Junk: ", (b"j" * (1 << 20), 64), b"\r\n"], body=page)
        _write_raw_record(f, "long-warc-line", [], warc_extra=[b"WARC-Junk: ", (b"w" * (1 << 20), 64), b"\r\n"],
                          body=page)
        _write_raw_record(f, "many-http-lines", [(b"X-Many: a few bytes\r\n", 20_000)], body=page)
        _write_raw_record(f, "last", [], body=_page(ARTICLE + "the last page"))
    outcome = scan_in_child(tmp_path)
    assert outcome["kept"] == [["crawl.warc", "<urn:uuid:first>"], ["crawl.warc", "<urn:uuid:last>"]]
    rejected = {record: reason for _, record, reason in outcome["rejected"]}
    assert set(rejected) == {f"<urn:uuid:{n}>" for n in ("long-http-line", "long-warc-line", "many-http-lines")}
    assert all("header block is over the 65,536-byte limit" in reason for reason in rejected.values())
    assert outcome["peak_mib"] < 100, outcome["peak_mib"]  # a 64 MiB header line held would pass it


def test_a_gzip_bomb_in_a_web_archive_stops_at_the_expansion_bound_with_memory_bounded(tmp_path):
    good = tmp_path / "good.warc.gz"
    _web_archive(good, [_page(ARTICLE + "before the bomb")])
    # 1 GiB of zeros in about 1 MB, after a page that must still be ingested.
    (tmp_path / "bomb.warc.gz").write_bytes(good.read_bytes() + _gzip_bomb_record(1 << 30))
    good.unlink()
    outcome = scan_in_child(tmp_path)
    assert [f for f, _ in outcome["kept"]] == ["bomb.warc.gz"]
    reasons = [reason for _, _, reason in outcome["rejected"]]
    assert any("decompression bomb" in r and "the rest was not read" in r for r in reasons), reasons
    assert outcome["peak_mib"] < 400


def test_huge_and_deeply_nested_pages_are_rejected_or_read_with_memory_bounded(tmp_path):
    (tmp_path / "deep.html").write_text(
        "<html><body>" + "<div>" * 150_000 + f"<p>{ARTICLE}</p>" + "</div>" * 150_000 + "</body></html>")
    (tmp_path / "huge.html").write_bytes(b"<html><body>" + b"<p>x</p>" * 400_000 + b"</body></html>")
    (tmp_path / "fine.html").write_bytes(_page(ARTICLE))
    outcome = scan_in_child(tmp_path)
    assert ["fine.html", None] in outcome["kept"]
    rejected = {f: reason for f, _, reason in outcome["rejected"]}
    assert "no main text" in rejected["deep.html"]
    assert "over the 2,000,000-byte limit" in rejected["huge.html"]
    assert outcome["peak_mib"] < 400


def test_a_web_archive_cut_short_keeps_the_records_before_the_break(tmp_path):
    whole = tmp_path / "whole.warc.gz"
    _web_archive(whole, [_page(ARTICLE + "one"), _page(ARTICLE * 30 + "two")])
    data = whole.read_bytes()
    whole.unlink()
    (tmp_path / "cut.warc.gz").write_bytes(data[:-300])
    (tmp_path / "cut.warc").write_bytes(gzip.decompress(data)[:-500])
    kept, rejected = records_and_reasons(scan(tmp_path))
    assert [f for f, _ in kept] == ["cut.warc", "cut.warc.gz"]
    reasons = {f: reason for f, _, reason in rejected}
    assert "cut short" in reasons["cut.warc"]
    assert "the rest was not read" in reasons["cut.warc.gz"]
