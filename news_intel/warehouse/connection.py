"""Opening the warehouse. Connections live only inside ``with`` blocks: DuckDB allows one writing
process per file, and a connection left open would lock dbt and every other writer out."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing: a crash or error inside leaves the tables as they were before."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    else:
        con.commit()
