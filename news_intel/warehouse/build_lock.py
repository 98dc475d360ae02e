"""One build at a time per warehouse: an exclusive lock on ``<warehouse>.lock`` held for a whole run.

DuckDB's own lock is taken and dropped with every connection, so two runs would interleave their steps
and the second would fail half-way on "Could not set lock". This lock is taken once, before anything is
written, by whichever entry point starts the run (``news-intel run``, ``dagster asset materialize``, a run
launched from the UI), and a second run stops at once with one line naming the build that holds it.

The kernel holds the lock (``flock``) for the open file and frees it when the process ends, however it
ends (SIGKILL, the OOM killer, a power cut on a local disk): a crash never leaves a stale lock. The file's
content only describes the holder, for that one line.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


class WarehouseBusy(Exception):
    """Another process is building the warehouse; ``reason`` is the one line to show."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class _HeldLock:
    fd: int
    depth: int = 1


# Locks this process holds, by lock file: the CLI takes the lock and the run it starts in the same
# process takes it again (flock would refuse a second open file of the same process).
_held: dict[str, _HeldLock] = {}
_guard = threading.Lock()


def lock_path(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".lock")


def describe_holder(holder: dict) -> str:
    run = f"run {holder['run_id']} " if holder.get("run_id") else ""
    since = f", since {holder['started']}" if holder.get("started") else ""
    return f"{run}({holder.get('command') or 'a build'}, pid {holder.get('pid', '?')} on {holder.get('host', '?')}{since})"


def current_holder(warehouse: Path) -> dict | None:
    """Who builds ``warehouse`` now, or None when nobody does (the lock is free or the file absent)."""
    path = lock_path(warehouse)
    if str(path.resolve()) in _held:
        return _read_holder(_held[str(path.resolve())].fd)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read_holder(fd) or {}
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_holder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _write_holder(fd: int, command: str, run_id: str | None) -> None:
    holder = {
        "pid": os.getpid(), "host": socket.gethostname(), "command": command, "run_id": run_id,
        "started": f"{datetime.now():%Y-%m-%d %H:%M:%S}",
    }
    previous = _read_holder(fd)
    if previous.get("pid") == holder["pid"]:
        # The same build, entered again by the run it started: only the run id is new.
        holder.update(command=previous.get("command") or command, started=previous.get("started"))
    data = json.dumps(holder).encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, data, 0)


def entry_point() -> str:
    """How this process was started, as a person would type it ("news-intel run", "dagster asset ...")."""
    if not sys.argv or not sys.argv[0]:
        return "python"
    program = Path(sys.argv[0]).name
    program = "news-intel" if program in ("cli.py", "news-intel") else program
    return " ".join([program, *sys.argv[1:3]])[:80]


@contextmanager
def build_lock(warehouse: Path, command: str | None = None, run_id: str | None = None) -> Iterator[None]:
    """Hold the build lock of ``warehouse`` inside the block; raise ``WarehouseBusy`` at once when another
    process holds it. Re-entrant within one process (the inner holder may add the run id)."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = str(path.resolve())
    command = command or entry_point()
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.depth += 1
            if run_id:
                _write_holder(held.fd, command, run_id)
        else:
            held = _HeldLock(_acquire(path, warehouse))
            _write_holder(held.fd, command, run_id)
            _held[key] = held
    try:
        yield
    finally:
        with _guard:
            held.depth -= 1
            if held.depth == 0:
                del _held[key]
                os.ftruncate(held.fd, 0)
                fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)


def _acquire(path: Path, warehouse: Path) -> int:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd)
        os.close(fd)
        raise WarehouseBusy(
            f"warehouse {warehouse} is being built by {describe_holder(holder)}; "
            "this run stopped before writing anything: run it again when that build has finished"
        ) from None
    except BaseException:
        os.close(fd)
        raise
    return fd
