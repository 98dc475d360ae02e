"""SQLite settings for the Dagster instance beside a warehouse: commits are not synced to disk.

Dagster's SQLite storage opens a connection per event and commits each one, and a run records several
hundred events (every dbt model and test is one, written to the run's file and to the index). With
SQLite's default full sync each commit waits for fsyncs: 18 ms a commit on this project's busy 2-core
machine, a third of a one-article run (a write-ahead log does not help: Dagster closes every connection,
and closing the last one checkpoints and syncs). With ``synchronous=OFF`` a committed event is in the
operating system's hands: it survives the process being killed (what ``recovery.fail_dead_runs`` reads),
and only a crash of the operating system can lose or damage the run history. The warehouse itself is
DuckDB's and keeps its own durability.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

_homes: set[str] = set()


def _in_a_home(dbapi_connection) -> bool:
    try:
        files = [row[2] for row in dbapi_connection.execute("PRAGMA database_list").fetchall()]
    except Exception:  # not a SQLite connection
        return False
    return any(f and any(f.startswith(home) for home in _homes) for f in files)


def _tune(dbapi_connection, _connection_record) -> None:
    if _in_a_home(dbapi_connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")


def use_unsynced_commits(dagster_home: Path) -> None:
    """From now on in this process, SQLite files under ``dagster_home`` use the settings above."""
    if not _homes:
        event.listen(Engine, "connect", _tune)
    _homes.update({os.path.abspath(dagster_home) + os.sep, os.path.realpath(dagster_home) + os.sep})
