"""Where reference data lives and how it is read.

Reference data that users extend (actor aliases, engagement vocabulary, ...) is kept as CSV under the
dbt project's ``seeds/`` folder, so the same file feeds the extractors and the dbt models. Lexicons
only the extractors use live as package data in ``news_intel/nlp/data``.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from news_intel.settings import load_settings

PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def default_reference_dir() -> Path:
    """The ``reference_dir`` setting: ``NEWS_REFERENCE_DIR`` if set, else the packaged seeds (``dbt/seeds``)."""
    return load_settings().reference_dir


@lru_cache(maxsize=64)
def _read_csv(path: str) -> tuple[dict, ...]:
    with open(path, newline="", encoding="utf-8") as f:
        return tuple(dict(row) for row in csv.DictReader(f))


def read_reference_csv(name: str, reference_dir: str | Path | None = None) -> list[dict]:
    """Rows of ``<reference_dir>/<name>`` (dbt seed CSV) as dicts."""
    path = Path(reference_dir) if reference_dir else default_reference_dir()
    return list(_read_csv(str(path / name)))


def read_package_csv(name: str) -> list[dict]:
    """Rows of a lexicon shipped in ``news_intel/nlp/data``."""
    return list(_read_csv(str(PACKAGE_DATA / name)))
