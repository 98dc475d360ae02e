"""Web archives (``.warc``, ``.warc.gz``): every HTML response record is one page, read by warcio.

Records that are not HTML responses (requests, metadata, images, ...) hold no article and are passed
over. A record keeps its ``WARC-Record-ID`` as provenance; an unreadable archive is rejected from the
record where reading stopped.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from news_intel.ingest.pages import page_article
from news_intel.ingest.reading import Article, RejectedFile, Rejection, check_regular_file

WARC_SUFFIXES = (".warc", ".warc.gz")


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type and record.http_headers.get_statuscode() == "200"


def read_web_archive(path: Path, source_file: str, max_bytes: int) -> Iterator[Article | Rejection]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    check_regular_file(path)
    last = None
    with open(path, "rb") as f:
        try:
            for record in ArchiveIterator(f):
                if not _is_html_response(record):
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or f"at offset {f.tell()}"
                last = record_id
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Rejection(source_file, f"page is over the {max_bytes:,}-byte limit (NEWS_MAX_FILE_BYTES)",
                                    record_id)
                    continue
                try:
                    yield page_article(body, source_file, record_id,
                                       url=record.rec_headers.get_header("WARC-Target-URI"))
                except RejectedFile as err:
                    yield Rejection(source_file, err.reason, record_id)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as err:
            where = f"after record {last}" if last else "at its start"
            yield Rejection(source_file, f"web archive cannot be read {where} ({err}); the rest was not read")
