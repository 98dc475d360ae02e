"""Rebuilding a warehouse from scratch beside the current file, swapped in only when complete.

The warehouse is derived data: everything in it comes from the inputs. A damaged file is not repaired;
a fresh one is built next to it (``<stem>.rebuild.duckdb``) while the old file and its published copy
stay as they are, and only a complete build replaces the old file, by a rename.
"""
from __future__ import annotations

import os
from pathlib import Path

from news_intel.warehouse.connection import connect


def fresh_path(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}.rebuild{warehouse.suffix or '.duckdb'}")


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def discard(path: Path) -> None:
    """Remove a database file and its write-ahead log, if they exist."""
    for leftover in (path, _wal(path)):
        leftover.unlink(missing_ok=True)


def swap_in(fresh: Path, warehouse: Path) -> None:
    """Replace ``warehouse`` with the complete ``fresh`` file; the old file's log must not be replayed
    onto the new one, so it goes first."""
    with connect(fresh) as con:
        con.execute("CHECKPOINT")  # everything in the file itself, no log left beside it
    _wal(fresh).unlink(missing_ok=True)
    _wal(warehouse).unlink(missing_ok=True)
    os.replace(fresh, warehouse)
