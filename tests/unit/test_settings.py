"""Settings live in one place, and nothing changes the environment when the code is imported."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from news_intel.settings import Settings, SettingsError, load_settings, parse_column_map

REPO = Path(__file__).resolve().parents[2]


def test_every_news_setting_is_read_by_settings(monkeypatch, tmp_path):
    for name, value in {
        "NEWS_INPUT_DIR": f"{tmp_path / 'a'}:{tmp_path / 'b.jsonl'}", "NEWS_DUCKDB_PATH": str(tmp_path / "w.duckdb"),
        "NEWS_PUBLISHED_PATH": str(tmp_path / "bi.duckdb"), "NEWS_REFERENCE_DIR": str(tmp_path),
        "NEWS_COLUMN_MAP": "text=body, published=date", "NEWS_CORPORA_DIR": str(tmp_path / "corpora"),
        "NEWS_MAX_FILE_BYTES": "10", "NEWS_BATCH_SIZE": "3", "NEWS_FORCE_REBUILD": "1",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    s = load_settings()
    assert s.inputs == (tmp_path / "a", tmp_path / "b.jsonl")
    assert (s.published_path, s.reference_dir, s.corpora_dir) == (tmp_path / "bi.duckdb", tmp_path, tmp_path / "corpora")
    assert (s.column_for("text"), s.column_for("published"), s.column_for("title")) == ("body", "date", "title")
    assert (s.max_file_bytes, s.batch_size, s.force_rebuild) == (10, 3, True)
    # Each warehouse has its own Dagster instance and event log beside it.
    assert (s.dagster_home, s.event_log_path) == (tmp_path / "w.dagster", tmp_path / "w.run.log")


def test_defaults_work_from_a_checkout(monkeypatch):
    for name in ("NEWS_INPUT_DIR", "NEWS_DUCKDB_PATH", "NEWS_PUBLISHED_PATH", "NEWS_REFERENCE_DIR", "DAGSTER_HOME"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings().validate()
    assert s.input_dir == REPO / "seeds" and s.published_path == REPO / "warehouse" / "news.published.duckdb"
    assert (s.reference_dir / "actor_aliases.csv").is_file()


@pytest.mark.parametrize(("name", "value", "message"), [
    ("NEWS_BATCH_SIZE", "lots", "NEWS_BATCH_SIZE must be a whole number, got 'lots'"),
    ("NEWS_COLUMN_MAP", "body", "NEWS_COLUMN_MAP entry 'body' must be FIELD=COLUMN"),
    ("NEWS_COLUMN_MAP", "summary=abstract", "NEWS_COLUMN_MAP entry 'summary=abstract' must be FIELD=COLUMN"),
])
def test_a_bad_setting_names_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        load_settings()


def test_validate_rejects_unusable_values(tmp_path):
    with pytest.raises(SettingsError, match="NEWS_N_PROCESS must be at least 1"):
        Settings(n_process=0).validate()
    with pytest.raises(SettingsError, match="NEWS_REFERENCE_DIR is not a folder"):
        Settings(reference_dir=tmp_path / "nope").validate()
    assert parse_column_map("") == ()


def test_importing_the_code_changes_no_environment_and_the_library_imports_no_dagster():
    probe = (
        "import json, os, sys; before = dict(os.environ); "
        "import news_intel.cli, news_intel.benchmark, news_intel.ingestion, news_intel.extraction; "
        "library_dagster = any(m == 'dagster' or m.startswith('dagster.') for m in sys.modules); "
        "import dagster_project.definitions; "
        "print(json.dumps({'library_dagster': library_dagster, 'env_changed': dict(os.environ) != before}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"library_dagster": False, "env_changed": False}


def test_extraction_uses_every_usable_core_and_an_article_budget_by_default(monkeypatch):
    import os

    for name in ("NEWS_N_PROCESS", "NEWS_ARTICLE_SECONDS_PER_10K_CHARS", "NEWS_ARTICLE_MIN_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings()
    assert s.n_process == len(os.sched_getaffinity(0))
    assert s.article_budget_enabled and s.article_seconds_per_10k_chars > 0 and s.article_min_seconds > 0
    monkeypatch.setenv("NEWS_N_PROCESS", "3")
    monkeypatch.setenv("NEWS_ARTICLE_SECONDS_PER_10K_CHARS", "0")
    s = load_settings()
    assert (s.n_process, s.article_budget_enabled) == (3, False)
    monkeypatch.setenv("NEWS_ARTICLE_MIN_SECONDS", "soon")
    with pytest.raises(SettingsError, match="NEWS_ARTICLE_MIN_SECONDS must be a number, got 'soon'"):
        load_settings()
    with pytest.raises(SettingsError, match="NEWS_ARTICLE_MIN_SECONDS must be 0 or more"):
        Settings(article_min_seconds=-1).validate()
