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


def _record_limit_reason(what: str, settings: Settings) -> str:
    setting = "NEWS_MAX_RECORD_BYTES" if settings.max_record_bytes <= settings.max_file_bytes else "NEWS_MAX_FILE_BYTES"
    return f"{what} is over the {settings.record_limit:,}-byte limit ({setting}); not read"


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


def read_csv_rows(path: Path, source_file: str, settings: Settings) -> Iterator[Article | Rejection]:
    """Every data row of a CSV export (``row 1`` is the first row after the header)."""
    check_regular_file(path)
    text_column = settings.column_for("text")
    # A field may be up to the file limit (and twice the row limit) before csv itself gives up on the
    # file; below that, an oversized row is rejected alone, and memory holds at most one such field.
    field_limit = max(settings.max_file_bytes, 2 * settings.record_limit) + 1
    with open(path, encoding="utf-8-sig", newline="") as f, _csv_field_limit(field_limit):
        reader = csv.reader(f)
        number = 0
        try:
            header = next(reader, None)
            if not header or text_column not in header:
                columns = ", ".join(header or []) or "none"
                yield Rejection(source_file, f"no '{text_column}' column (columns: {columns}); a CSV export "
                                             "needs one, or NEWS_COLUMN_MAP=text=COLUMN")
                return
            for number, cells in enumerate(reader, start=1):
                if any(c.strip() for c in cells):  # blank lines are not rows
                    yield _csv_row(header, cells, source_file, f"row {number}", settings)
        except csv.Error as err:
            yield Rejection(source_file, f"CSV cannot be read past row {number} ({err}); the rest of the file "
                                         "was not read", f"row {number + 1}")
        except UnicodeDecodeError:
            yield Rejection(source_file, f"not valid UTF-8 after row {number}; the rest of the file was not read "
                                         "(re-save it as UTF-8)", f"row {number + 1}")


def _csv_row(header: list[str], cells: list[str], source_file: str, record: str, settings: Settings):
    if len(cells) != len(header):
        return Rejection(source_file, f"row has {len(cells)} fields, the header {len(header)}", record)
    if sum(len(c) for c in cells) > settings.record_limit:
        return Rejection(source_file, _record_limit_reason("row", settings).replace("-byte", "-character"), record)
    try:
        return article_from_fields(dict(zip(header, cells)), source_file, record, settings)
    except RejectedFile as err:
        return Rejection(source_file, err.reason, record)
