"""Exports with one article per row: JSON Lines (``.jsonl``, ``.ndjson``) and CSV files.

Each row's fields are ``text``, ``title``, ``published``, ``url`` and ``source`` (the column names can be
mapped with ``NEWS_COLUMN_MAP``). A row that cannot be used (bad JSON, no text, a bad date, too long)
becomes a ``Rejection`` naming its line or row, and the rest of the file goes on.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from news_intel.ingest.reading import (
    Article, RejectedFile, Rejection, build_article, check_regular_file, clean_text, parse_export_date,
)
from news_intel.settings import ROW_FIELDS, Settings

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
_READ_CHUNK = 1 << 16


def article_from_fields(fields: dict, source_file: str, record: str, settings: Settings) -> Article:
    """One row's fields (already keyed by their column names) as an article; raises ``RejectedFile``."""
    values = {name: fields.get(settings.column_for(name)) for name in ROW_FIELDS}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise RejectedFile(f"field '{settings.column_for(name)}' must be a string, got {type(value).__name__}")
        if value is not None:
            check_encodable(value, f"field '{settings.column_for(name)}'")
    if not values["text"] or not values["text"].strip():
        raise RejectedFile(f"no text (column '{settings.column_for('text')}' is missing or empty)")
    text = clean_text(values["text"], "the text field")
    try:
        published = parse_export_date(values["published"])
    except ValueError as err:
        raise RejectedFile(str(err)) from None
    meta = {
        "title": (values["title"] or "").strip() or None, "source": (values["source"] or "").strip() or None,
        "url": (values["url"] or "").strip() or None, "published": published,
    }
    return build_article(text, source_file, meta, origin="row", source_record=record)


def check_encodable(value: str, holder: str) -> None:
    """JSON may escape half of a surrogate pair ("\\ud800"), which decodes to no character at all and
    which no UTF-8 column can store; raises ``RejectedFile`` naming where it is."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise RejectedFile(f"{holder} holds an invalid character (an unpaired surrogate escape "
                           f"\\u{ord(value[err.start]):04x} at character {err.start}); not valid UTF-8 text") from None


def _record_limit_reason(what: str, settings: Settings, unit: str = "byte") -> str:
    """A CSV row is measured in characters (the csv module reads text), every other record in bytes."""
    setting = "NEWS_MAX_RECORD_BYTES" if settings.max_record_bytes <= settings.max_file_bytes else "NEWS_MAX_FILE_BYTES"
    return f"{what} is over the {settings.record_limit:,}-{unit} limit ({setting}); not read"


def _bounded_lines(f, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` per line of a binary file; ``bytes`` is None for a line over ``max_bytes``,
    which is skipped without being held in memory."""
    number = 0
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := f.readline(_READ_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def read_json_lines(path: Path, source_file: str, settings: Settings) -> Iterator[Article | Rejection]:
    """Every row of a JSON Lines file, as an article or a rejection naming its line."""
    check_regular_file(path)
    with open(path, "rb") as f:
        for number, line in _bounded_lines(f, settings.record_limit):
            record = f"line {number}"
            if line is None:
                yield Rejection(source_file, _record_limit_reason("line", settings), record)
                continue
            if not line.strip():
                continue
            try:
                fields = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as err:
                yield Rejection(source_file, f"not valid UTF-8 (byte at offset {err.start} of the line)", record)
                continue
            except json.JSONDecodeError as err:
                yield Rejection(source_file, f"bad JSON ({err.msg} at column {err.colno})", record)
                continue
            except RecursionError:
                yield Rejection(source_file, "bad JSON: nested too deeply to be an article", record)
                continue
            except ValueError as err:  # a number too long to convert, for one
                yield Rejection(source_file, f"bad JSON ({str(err).splitlines()[0][:200]})", record)
                continue
            if not isinstance(fields, dict):
                yield Rejection(source_file, f"bad JSON: expected an object, got {type(fields).__name__}", record)
                continue
            try:
                yield article_from_fields(fields, source_file, record, settings)
            except RejectedFile as err:
                yield Rejection(source_file, err.reason, record)


@contextmanager
def _csv_field_limit(limit: int):
    # csv's limit is process-wide; it is raised for this file only (the default 128 KiB is under an article).
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def read_csv_header(path: Path) -> list[str]:
    """The first row of a CSV file (empty when it has none or cannot be read as CSV)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f), [])
    except (csv.Error, UnicodeDecodeError, OSError):
        return []


class _OversizedRow(Exception):
    """A row past the bound on its text, already skipped to its end; raised from inside csv's line source, so
    that csv, which starts every row afresh, reads on from the next row."""


class _CsvLines:
    """The lines of a CSV file as csv reads them, with memory bounded by ``limit`` characters per row.

    A row whose lines pass ``limit`` is read on without being kept, to its end, and ``_OversizedRow`` is
    raised. A row ends at a line end outside quotes: with CSV's quoting (a quote inside a quoted field is
    doubled) that is where the row's quote marks so far are even in number.
    """

    def __init__(self, f, limit: int):
        self._f, self._limit = f, limit
        self._row_chars = self._quotes = 0
        self._line_ended = True

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._f.readline(self._limit - self._row_chars + 1)
        if not line:
            raise StopIteration
        self._note(line)
        if self._row_chars > self._limit:
            self.skip_rest_of_row()
            raise _OversizedRow
        return line

    def _note(self, text: str) -> None:
        self._row_chars += len(text)
        self._quotes += text.count('"')
        self._line_ended = text.endswith(("\n", "\r"))

    def row_done(self) -> None:
        self._row_chars = self._quotes = 0

    def skip_rest_of_row(self) -> None:
        """Reads on, keeping nothing, to the end of the row whose lines csv was given last."""
        while not (self._line_ended and self._quotes % 2 == 0):
            chunk = self._f.readline(_READ_CHUNK)
            if not chunk:
                break
            self._note(chunk)
            if chunk.endswith("\r"):
                self._skip_line_feed()
        self.row_done()

    def _skip_line_feed(self) -> None:
        # A chunk may end between the \r and \n of one line end, whose \n would read as a blank row.
        before = self._f.tell()
        if self._f.read(1) != "\n":
            self._f.seek(before)


def read_csv_rows(path: Path, source_file: str, settings: Settings) -> Iterator[Article | Rejection]:
    """Every data row of a CSV export (``row 1`` is the first row after the header)."""
    check_regular_file(path)
    text_column = settings.column_for("text")
    # A row's text is held in memory up to the file limit (and twice the row limit, for quoting); a longer
    # row is rejected unread like any row over the limit, and the rows after it are read.
    row_bound = max(settings.max_file_bytes, 2 * settings.record_limit)
    with open(path, encoding="utf-8-sig", newline="") as f, _csv_field_limit(row_bound + 1):
        lines = _CsvLines(f, row_bound)
        reader = csv.reader(lines)
        number = 0
        try:
            header = next(reader, None)
            lines.row_done()
        except (csv.Error, _OversizedRow):
            header = None
        except UnicodeDecodeError:
            yield Rejection(source_file, "not valid UTF-8 in the header (re-save the file as UTF-8)")
            return
        if not header or text_column not in header:
            columns = ", ".join(header or [])[:500] or "none"
            yield Rejection(source_file, f"no '{text_column}' column (columns: {columns}); a CSV export "
                                         "needs one, or NEWS_COLUMN_MAP=text=COLUMN")
            return
        while True:
            number += 1
            try:
                cells = next(reader)
                lines.row_done()
            except StopIteration:
                return
            except _OversizedRow:
                yield Rejection(source_file, _record_limit_reason("row", settings, unit="character"),
                                f"row {number}")
                continue
            except csv.Error as err:
                lines.skip_rest_of_row()
                yield Rejection(source_file, f"row cannot be read as CSV ({err}); skipped to its end", f"row {number}")
                continue
            except UnicodeDecodeError:
                yield Rejection(source_file, f"not valid UTF-8 after row {number - 1}; the rest of the file was not "
                                             "read (re-save it as UTF-8)", f"row {number}")
                return
            if any(c.strip() for c in cells):  # blank lines are not rows
                yield _csv_row(header, cells, source_file, f"row {number}", settings)


def _csv_row(header: list[str], cells: list[str], source_file: str, record: str, settings: Settings):
    if len(cells) != len(header):
        return Rejection(source_file, f"row has {len(cells)} fields, the header {len(header)}", record)
    if sum(len(c) for c in cells) > settings.record_limit:
        return Rejection(source_file, _record_limit_reason("row", settings, unit="character"), record)
    try:
        return article_from_fields(dict(zip(header, cells)), source_file, record, settings)
    except RejectedFile as err:
        return Rejection(source_file, err.reason, record)
