"""Opening the warehouse. Connections live only inside ``with`` blocks: DuckDB allows one writing
process per file, and a connection left open would lock dbt and every other writer out."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# What DuckDB says of a file that is truncated, overwritten or not a database at all.
_DAMAGE_SIGNS = ("not a valid duckdb database", "could not read enough bytes", "checksum", "corrupt",
                 "failed to read database header", "invalid block", "failed to deserialize")
# What the operating system says when a write cannot be made (disk full, a file-size or disk quota).
_WRITE_FAILURE_SIGNS = ("no space left", "file too large", "disk quota", "read-only file system")

REBUILD_HINT = ("the warehouse is derived data, rebuilt from the inputs: run 'news-intel run --rebuild' "
                "(or NEWS_REBUILD=1), which builds a fresh file beside it and swaps it in only when complete")


class WarehouseDamaged(Exception):
    """The warehouse file cannot be read as a DuckDB database; ``reason`` says so and how to rebuild it."""

    def __init__(self, path: Path | str, detail: str):
        self.reason = f"warehouse {path} is damaged ({detail}); {REBUILD_HINT}"
        super().__init__(self.reason)


def damage_detail(err: BaseException) -> str | None:
    """DuckDB's first line, when ``err`` says the file is damaged; None for any other error."""
    message = str(err)
    if not isinstance(err, duckdb.Error) or not any(s in message.lower() for s in _DAMAGE_SIGNS):
        return None
    return message.splitlines()[0][:300]


# DuckDB's file header: three 4 KiB blocks before the first data block.
_HEADER_BYTES = 3 * 4096


def truncation_detail(con: duckdb.DuckDBPyConnection, path: Path | str) -> str | None:
    """Whether the file is shorter than the blocks in use its own header counts: a truncated copy opens and even
    answers row counts (they live in the catalog), and shows only when a lost block is read. A file
    with a write-ahead log beside it is left to DuckDB, whose replay writes the missing blocks."""
    path = Path(path)
    if not path.is_file() or path.with_name(path.name + ".wal").exists():
        return None
    # fetchall: DuckDB keeps a result that was not read to the end open on the connection.
    rows = con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchall()
    if not rows:
        return None
    size = rows[0]
    # Free blocks at the end may be left out of the file, so only the blocks in use are owed.
    expected = _HEADER_BYTES + int(size[0]) * int(size[1])
    actual = path.stat().st_size
    if actual >= expected:
        return None
    return f"the file holds {actual:,} bytes of the {expected:,} its header accounts for: it was cut short"


def is_write_failure(message: str) -> bool:
    return any(s in message.lower() for s in _WRITE_FAILURE_SIGNS)


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
        cut = truncation_detail(con, path)
    except duckdb.Error as err:
        if (detail := damage_detail(err)) is not None:
            raise WarehouseDamaged(path, detail) from None
        raise
    if cut is not None:
        con.close()
        raise WarehouseDamaged(path, cut)
    try:
        yield con
    except duckdb.Error as err:  # a damaged block shows only when it is read
        if (detail := damage_detail(err)) is not None:
            raise WarehouseDamaged(path, detail) from None
        raise
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
