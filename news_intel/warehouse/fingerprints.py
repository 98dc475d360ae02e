"""Fingerprints of what decides a build, cheap enough to take before anything heavy is imported.

``definition_fingerprint`` covers the dbt project and the expectation suites: when it is the one the last
build was made with, the views and seeds in the warehouse are still the ones dbt would create, and only
what reads rows has to be rebuilt. ``input_stamp`` adds the input files (by name, size and modification
time, as make does), the code and reference data and the settings that shape the tables: when it equals
the stamp of the last complete build, a run would ingest the same files with the same code and rebuild
the same warehouse, which ``news-intel run`` can tell without starting the orchestrator.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from news_intel.ingest.scan import iter_input_files
from news_intel.settings import REPO_ROOT, Settings

DBT_DIR = REPO_ROOT / "dbt"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
# dbt's own output folders hold nothing that decides a build's contents.
_DBT_INPUTS = ("dbt_project.yml", "profiles.yml", "models", "seeds", "macros", "tests", "snapshots", "analyses")
# The code that turns inputs into tables: the library (rules, lexicons, schema) and the orchestration layer.
_CODE_DIRS = (REPO_ROOT / "news_intel", REPO_ROOT / "dagster_project")
_CODE_SUFFIXES = {".py", ".csv", ".json", ".jsonl", ".yaml", ".yml", ".txt"}


def _hash_files(files: list[tuple[str, Path]]) -> str:
    digest = hashlib.sha256()
    for label, path in sorted(files):
        digest.update(label.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def definition_fingerprint(dbt_dir: Path = DBT_DIR, expectations_dir: Path = EXPECTATIONS_DIR) -> str:
    """Hash of every file that defines the dbt build and the validations."""
    files: list[tuple[str, Path]] = []
    for name in _DBT_INPUTS:
        path = dbt_dir / name
        if path.is_file():
            files.append((f"dbt/{name}", path))
        elif path.is_dir():
            files += [(f"dbt/{p.relative_to(dbt_dir).as_posix()}", p) for p in path.rglob("*") if p.is_file()]
    if expectations_dir.is_dir():
        files += [(f"expectations/{p.name}", p) for p in expectations_dir.glob("*.json")]
    return _hash_files(files)


def code_fingerprint(reference_dir: Path | None = None) -> str:
    """Hash of the package's code and data files and of the reference CSVs."""
    files = [(p.relative_to(REPO_ROOT).as_posix(), p) for root in _CODE_DIRS if root.is_dir()
             for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts and p.is_file()]
    if reference_dir and Path(reference_dir).is_dir():
        files += [(f"reference/{p.name}", p) for p in Path(reference_dir).glob("*.csv")]
    return _hash_files(files)


def _input_listing(settings: Settings) -> list[str]:
    lines = []
    for root in settings.inputs:
        root = Path(root)
        listed = [(root, None)] if root.is_file() else iter_input_files(root)
        for path, reason in listed:
            try:
                st = os.stat(path)
                lines.append(f"{path}\0{reason}\0{st.st_size}\0{st.st_mtime_ns}")
            except OSError as err:
                lines.append(f"{path}\0{reason}\0{err.errno}")
    return lines


def input_stamp(settings: Settings) -> str:
    """What a run over ``settings`` starts from: input files, code, dbt project, expectations, settings."""
    shaping = [
        settings.duckdb_path, settings.published_path, settings.spacy_model, settings.reference_dir,
        settings.max_file_bytes, settings.column_map,
    ]
    payload = "\n".join([
        *_input_listing(settings), code_fingerprint(settings.reference_dir), definition_fingerprint(),
        *(repr(value) for value in shaping),
    ])
    return hashlib.sha256(payload.encode()).hexdigest()


def dbt_scope_fingerprint(reference_dir: Path | None = None) -> str:
    """What decides the warehouse's views and seeds: the dbt project, the expectations, the code that writes
    the tables they read, and the reference data. While it stays the same, new rows rebuild only tables."""
    return hashlib.sha256(f"{definition_fingerprint()}\n{code_fingerprint(reference_dir)}".encode()).hexdigest()
