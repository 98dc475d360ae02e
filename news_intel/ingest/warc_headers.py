"""Web-archive records read with their header blocks bounded.

warcio reads a record's header lines (the WARC header, then the HTTP header of a response) with
``readline()`` and no limit, and keeps every line of a block: one header line of a gigabyte, or a block of
millions of lines, is held whole in memory before the record's declared length can be checked. Here every
header line and every header block is read with a bound. A record whose block passes it is marked
``too_large`` (the lines past the bound are read on, without being kept, to the block's end) and keeps only
the headers that frame it (its length, type, id and address), so that it is skipped exactly and the
records after it are read.
"""
from __future__ import annotations

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser

# Web servers refuse far smaller header blocks (nginx 32 KiB, Apache 8 KiB a line): a block of 64 KiB is
# already no real response's.
HEADER_BLOCK_LIMIT = 64 << 10
_FRAMING_HEADERS = (b"content-length:", b"warc-type:", b"warc-record-id:", b"warc-target-uri:")
_DRAIN_CHUNK = 1 << 16


def _read_bounded_line(stream, limit: int) -> tuple[bytes, bool]:
    """The next line and whether it is within ``limit`` bytes; a longer line is read on to its end without
    being kept, and only its first ``limit + 1`` bytes are returned."""
    line = stream.readline(limit + 1)
    if len(line) <= limit:
        return line, True
    if not line.endswith(b"\n"):
        while (rest := stream.readline(_DRAIN_CHUNK)) and not rest.endswith(b"\n"):
            pass
    return line, False


def _is_blank(line: bytes) -> bool:
    return not line.strip()  # as warcio reads a block's end: a line of white space, or none


class _BoundedBlock:
    """The stream warcio's parser reads one header block from, with ``limit`` bytes for the whole block.

    Past the limit, ``too_large`` is set and only the first line of each framing header is given on (each
    bounded); the block's other lines are dropped and its end, the blank line, is given as it is.
    """

    def __init__(self, stream, limit: int):
        self._stream, self._left = stream, limit
        self.too_large = limit < 0
        self._framing_seen: set[bytes] = set()

    def readline(self, length=None) -> bytes:
        while True:
            line, whole = _read_bounded_line(self._stream, HEADER_BLOCK_LIMIT)
            if not self.too_large:
                self._left -= len(line)
                if whole and self._left >= 0:
                    return line
                self.too_large = True
            if _is_blank(line) or whole and self._first_framing_line(line):
                return line

    def _first_framing_line(self, line: bytes) -> bool:
        name = line.split(b":", 1)[0].strip().lower() + b":"
        if name in _FRAMING_HEADERS and name not in self._framing_seen:
            self._framing_seen.add(name)
            return True
        return False


class BoundedHeaderParser(StatusAndHeadersParser):
    """warcio's header parser reading through ``_BoundedBlock``; the headers it returns carry ``too_large``."""

    def parse(self, stream, full_statusline=None) -> StatusAndHeaders:
        block = _BoundedBlock(stream, HEADER_BLOCK_LIMIT - len(full_statusline or b""))
        headers = super().parse(block, full_statusline)
        headers.too_large = block.too_large
        return headers


class _LineBoundedReader:
    """The iterator's decompressing reader with a bound on a line read without a length: the first line of
    each record, which warcio reads ahead on its own. A longer line is cut to ``limit + 1`` bytes, which the
    header parser then finds over its limit."""

    def __init__(self, reader, limit: int):
        self._reader, self._limit = reader, limit

    def readline(self, length=None) -> bytes:
        if length is not None:
            return self._reader.readline(length)
        return _read_bounded_line(self._reader, self._limit)[0]

    def __getattr__(self, name):
        return getattr(self._reader, name)


class BoundedArchiveIterator(ArchiveIterator):
    """warcio's ``ArchiveIterator`` whose every header line and header block is bounded; check each record
    with ``header_too_large``."""

    def __init__(self, fileobj):
        super().__init__(fileobj)
        self.reader = _LineBoundedReader(self.reader, HEADER_BLOCK_LIMIT)
        self.loader.warc_parser = BoundedHeaderParser(ArcWarcRecordLoader.WARC_TYPES)
        # verify=False as ArchiveIterator's own default (verify_http=False) sets them.
        self.loader.http_parser = BoundedHeaderParser(ArcWarcRecordLoader.HTTP_TYPES, False)
        self.loader.http_req_parser = BoundedHeaderParser(ArcWarcRecordLoader.HTTP_VERBS, False)


def header_too_large(record) -> bool:
    """Whether the record's WARC or HTTP header block passed ``HEADER_BLOCK_LIMIT``."""
    return any(getattr(headers, "too_large", False) for headers in (record.rec_headers, record.http_headers))
