"""Web archives (``.warc``, ``.warc.gz``): every HTML response record is one page, read by warcio.

Records that are not HTML responses (requests, metadata, images, ...) hold no article and are passed
over. A record keeps its ``WARC-Record-ID`` as provenance; an unreadable archive is rejected from the
record where reading stopped.
"""
from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path

from news_intel.ingest.pages import page_article
from news_intel.ingest.reading import Article, RejectedFile, Rejection, check_regular_file
from news_intel.ingest.warc_headers import HEADER_BLOCK_LIMIT, BoundedArchiveIterator, header_too_large

WARC_SUFFIXES = (".warc", ".warc.gz")
# HTML compresses five to fifteen times; an archive expanding much more is a decompression bomb. Small
# archives may expand to the floor, so a tiny file of a few legitimate pages always reads.
MAX_EXPANSION = 100
EXPANSION_FLOOR = 64 << 20


class ArchiveTooLarge(ValueError):
    """The decompressed archive passed its bound; reading stops there."""


class _BoundedReader(io.RawIOBase):
    """A decompressed stream that ends once more than ``limit`` bytes came out of it.

    A failure (the bound, a damaged gzip member) ends the stream instead of being raised at once, so
    that the records read before it, still in a buffer, are ingested; ``failure`` keeps it.
    """

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self._read = stream, limit, 0
        self.failure: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.failure is not None:
            return 0
        try:
            data = self._stream.read1(len(buffer))  # one member at a time: data before a failure is kept
        except (OSError, EOFError, zlib.error) as err:
            self.failure = err
            return 0
        self._read += len(data)
        if self._read > self._limit:
            self.failure = ArchiveTooLarge(f"it expands past {self._limit:,} bytes, far more than web pages "
                                           "compress: a decompression bomb, or not a web archive")
            return 0
        buffer[: len(data)] = data
        return len(data)


def _decompressed(f, path: Path) -> tuple[io.BufferedIOBase, _BoundedReader | None]:
    """The archive's WARC bytes, decompressed here (gzip members one after another) with a bound on how
    far they may expand, and the bounded reader; an uncompressed archive is read as it is."""
    if f.read(2) != b"\x1f\x8b":
        f.seek(0)
        return f, None
    f.seek(0)
    bounded = _BoundedReader(gzip.GzipFile(fileobj=f, mode="rb"), max(EXPANSION_FLOOR, MAX_EXPANSION * path.stat().st_size))
    return io.BufferedReader(bounded, buffer_size=1 << 16), bounded


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type and record.http_headers.get_statuscode() == "200"


def read_web_archive(path: Path, source_file: str, max_bytes: int) -> Iterator[Article | Rejection]:
    """Every HTML page of the archive; a record over ``max_bytes``, or whose header block is over
    ``HEADER_BLOCK_LIMIT``, is rejected unread (its WARC header says how long it is), and memory holds one
    record of at most ``max_bytes`` at a time."""
    from warcio.exceptions import ArchiveLoadFailed

    check_regular_file(path)
    last = None
    with open(path, "rb") as f:
        stream, bounded = _decompressed(f, path)
        try:
            for record in BoundedArchiveIterator(stream):
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"after record {last}"
                last = record_id
                if header_too_large(record):
                    yield Rejection(source_file, f"record's header block is over the {HEADER_BLOCK_LIMIT:,}-byte "
                                                 "limit on a WARC or HTTP header; not read", record_id)
                    continue
                if not _is_html_response(record):
                    continue
                declared = record.rec_headers.get_header("Content-Length") or ""
                if declared.isdigit() and int(declared) > max_bytes:
                    yield Rejection(source_file, f"record is {int(declared):,} bytes, over the {max_bytes:,}-byte "
                                                 "limit (NEWS_MAX_RECORD_BYTES); not read", record_id)
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Rejection(source_file, f"page is over the {max_bytes:,}-byte limit (NEWS_MAX_RECORD_BYTES)",
                                    record_id)
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its header declares
                    yield Rejection(source_file, "record is cut short: the archive ends or breaks inside it", record_id)
                    continue
                try:
                    yield page_article(body, source_file, record_id,
                                       url=record.rec_headers.get_header("WARC-Target-URI"))
                except RejectedFile as err:
                    yield Rejection(source_file, err.reason, record_id)
            if bounded is not None and bounded.failure is not None:
                raise bounded.failure
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile) as err:
            where = f"after record {last}" if last else "at its start"
            yield Rejection(source_file, f"web archive cannot be read {where} ({str(err)[:300]}); the rest was not read")
