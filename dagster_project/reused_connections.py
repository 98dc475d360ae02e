"""The warehouse's Dagster instance with an event log that keeps its SQLite connections open.

Dagster's SQLite event log builds a new SQLAlchemy engine, and opens and closes a SQLite connection, for
every read and every write: a one-article run stores a few hundred events and reads back as many records,
about a thousand engines, each compiling its statements afresh (the compiled-statement cache is the
engine's) and reading the file's schema on connect. ``ReusedConnectionEventLogStorage`` keeps one engine
per file with a pooled connection instead; the files, their schema and every query stay Dagster's, so an
instance opened the stock way (``dagster dev``, the UI's run workers, ``DagsterInstance.from_config``)
reads and writes the same history. Dagster's own lock still lets one caller at a time read or write
through a file's engine (a table look-up made meanwhile gets a second connection), and the event log
files are in write-ahead-log mode, so another process reading them (the UI) is not blocked by a
connection kept open here.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.sqlite.sqlite_event_log import INDEX_SHARD_NAME, SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

# Engines kept open besides the index: the run being written and a recent one read back. A process that
# runs many jobs (the tests) closes older runs' files rather than holding one open per run.
RUN_FILES_KEPT = 2
_STOCK_STORAGE = ("dagster._core.storage.sqlite_storage", "DagsterSqliteStorage")


class ReusedConnectionEventLogStorage(SqliteEventLogStorage):
    """Dagster's run-sharded SQLite event log, one engine per file kept for the life of the storage."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        super().__init__(base_dir, inst_data)

    def _engine(self, shard: str) -> Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is None:
                # check_same_thread: the pool hands a connection to one caller at a time, whichever thread.
                engine = create_engine(self.conn_string_for_shard(shard), pool_size=1, max_overflow=2, connect_args={
                    "timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
                self._engines[shard] = engine
                self._close_old_run_files()
            elif shard != INDEX_SHARD_NAME:
                self._engines.move_to_end(shard)
            return engine

    def _close_old_run_files(self) -> None:
        runs = [shard for shard in self._engines if shard != INDEX_SHARD_NAME]
        for shard in runs[:-RUN_FILES_KEPT]:
            self._engines.pop(shard).dispose()

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # Dagster's _connect, less the engine it builds and disposes of on every call.
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        # Without Dagster's lock, as Dagster's own: it is asked while a connection of the index is in use.
        with self._engine(INDEX_SHARD_NAME).connect() as conn:
            return bool(conn.dialect.has_table(conn, table_name))

    def close_files(self) -> None:
        with self._db_lock, self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self.close_files()  # it deletes the run files
        super().wipe()

    def dispose(self) -> None:
        self.close_files()
        super().dispose()


class ReusedConnectionStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage (runs, event log, schedules) with the event log above."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        super().__init__(base_dir, inst_data)
        self._event_log_storage = ReusedConnectionEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData, config_value) -> ReusedConnectionStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


def open_instance(home: Path) -> dg.DagsterInstance:
    """The instance ``home/dagster.yaml`` describes; with Dagster's default SQLite storage (what the project's
    template leaves it), the event log keeps its connections. Any other storage configured there is used as is."""
    ref = InstanceRef.from_dir(str(home))
    stored = ref.storage_data
    if stored is not None and (stored.module_name, stored.class_name) == _STOCK_STORAGE:
        ref = ref._replace(storage_data=ConfigurableClassData(__name__, ReusedConnectionStorage.__name__,
                                                              stored.config_yaml))
    return dg.DagsterInstance.from_ref(ref)
