"""Dagster layer of the news-intelligence warehouse: thin wiring over ``news_intel``."""
from dagster_project.definitions import defs

__all__ = ["defs"]
