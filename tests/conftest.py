"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO / "seeds"
# The hand annotations of the seeds, copied from the team's shared gold file: the project's spec by example.
SEEDS_GOLD = REPO / "tests" / "data" / "seeds_gold.json"
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture(scope="session")
def nlp():
    from news_intel.nlp.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_docs(nlp):
    """Every seed article run through the full pipeline once: {file name: Doc}."""
    from news_intel.ingest.reading import read_article_file
    from news_intel.nlp.pipeline import ArticleInput, make_docs

    inputs, names = [], []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        art = read_article_file(path, root=SEEDS_DIR)
        inputs.append(ArticleInput(art.article_id, art.text, art.published_date))
        names.append(path.name)
    return dict(zip(names, nlp.pipe(make_docs(nlp, inputs))))


def corpus_dir(*parts: str) -> Path:
    """A folder under ../shared/corpora, or skip the test when it is absent (a fresh clone has none)."""
    path = CORPORA.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"corpus not available: {path}")
    return path
