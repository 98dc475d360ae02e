"""CPU seconds of this process and every process it started, for the benchmark's breakdown of a run.

Extraction workers fork from a server process, so they are grandchildren: ``RUSAGE_CHILDREN`` counts them
only once the server is reaped, at exit. Summing over the live tree (each process's own CPU and that of
the children it has reaped) counts every process once, whenever the clock is read.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import psutil


def tree_cpu_seconds() -> float:
    me = psutil.Process()
    total = 0.0
    for proc in [me, *me.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            continue  # it ended between listing and reading; its parent's children_* has it once reaped
        total += t.user + t.system + t.children_user + t.children_system
    return total


@dataclass(frozen=True)
class Reading:
    wall: float
    cpu: float

    @classmethod
    def now(cls) -> "Reading":
        return cls(time.time(), tree_cpu_seconds())

    @classmethod
    def at_process_start(cls) -> "Reading":
        return cls(psutil.Process().create_time(), 0.0)

    def until(self, later: "Reading") -> dict[str, float]:
        return {"wall_s": round(later.wall - self.wall, 3), "cpu_s": round(later.cpu - self.cpu, 3)}
