"""Declarations of the tables the extractors fill.

Each extractor module declares the table it produces as a ``TableSpec``; the warehouse writer
builds its DDL from these specs, so a new column is added in exactly one place. Every table also
gets an ``article_id`` column first, which the writer fills.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    # (column, DuckDB type) pairs, without article_id.
    columns: tuple[tuple[str, str], ...]
    # Doc extension attribute holding the rows (list of dicts keyed by column name).
    doc_attr: str
    description: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c for c, _ in self.columns]

    def ddl(self) -> str:
        cols = ",\n    ".join(f"{c} {t}" for c, t in (("article_id", "VARCHAR NOT NULL"), *self.columns))
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {cols}\n)"
