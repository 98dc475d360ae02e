"""Manifest CSVs: ``source_file,published,title,url`` rows that describe the ``.txt`` files of a folder.

A CSV with a ``source_file`` column (and no ``text`` column) is a manifest, not an export. Its
``source_file`` paths are relative to the manifest's own folder. A file's sidecar wins over its manifest
row, field by field; a manifest row that is unusable, or names no file of the folder, is rejected alone.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from news_intel.ingest.reading import Rejection, parse_export_date
from news_intel.ingest.records import read_csv_header

MANIFEST_COLUMNS = ("source_file", "published", "title", "url")


def is_manifest(path: Path, text_column: str) -> bool:
    header = read_csv_header(path)
    return "source_file" in header and text_column not in header


@dataclass
class Manifest:
    # input-relative name of a .txt file -> its metadata (published, title, url)
    entries: dict[str, dict] = field(default_factory=dict)
    # input-relative name of the file -> (manifest name, row) that described it
    described_by: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)


def read_manifest(path: Path, manifest_name: str, into: Manifest, max_bytes: int) -> None:
    """Add the rows of the manifest at ``path`` (input-relative name ``manifest_name``) to ``into``."""
    folder = PurePosixPath(manifest_name).parent
    try:
        if path.stat().st_size > max_bytes:
            into.rejections.append(Rejection(manifest_name, f"manifest is over the {max_bytes:,}-byte limit "
                                                            "(NEWS_MAX_FILE_BYTES); not read"))
            return
        with open(path, encoding="utf-8-sig", newline="") as f:
            for number, row in enumerate(csv.DictReader(f), start=1):
                _add_row(row, folder, manifest_name, f"row {number}", into)
    except (csv.Error, UnicodeDecodeError, OSError) as err:
        into.rejections.append(Rejection(manifest_name, f"manifest cannot be read ({err}); the rest was not read"))


def _add_row(row: dict, folder: PurePosixPath, manifest_name: str, record: str, into: Manifest) -> None:
    source = (row.get("source_file") or "").strip()
    if not source:
        into.rejections.append(Rejection(manifest_name, "manifest row has no source_file", record))
        return
    name = (folder / source).as_posix() if str(folder) != "." else PurePosixPath(source).as_posix()
    try:
        published = parse_export_date(row.get("published"))
    except ValueError as err:
        into.rejections.append(Rejection(manifest_name, f"{err}; {source} ingested without it", record))
        return
    if name in into.entries:
        first = into.described_by[name]
        into.rejections.append(Rejection(
            manifest_name, f"{source} is already described by {first[0]} {first[1]}; this row is ignored", record))
        return
    into.entries[name] = {
        "published": published,
        "title": (row.get("title") or "").strip() or None,
        "url": (row.get("url") or "").strip() or None,
    }
    into.described_by[name] = (manifest_name, record)


def unmatched_rows(manifest: Manifest, ingested_files: set[str]) -> list[Rejection]:
    """Manifest rows naming a file the scan did not read: the user must hear that they dated nothing."""
    return [
        Rejection(where[0], f"names {name}, which is not a .txt file of the input", where[1])
        for name, where in manifest.described_by.items() if name not in ingested_files
    ]
