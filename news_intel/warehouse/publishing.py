"""Publishing a consistent read-only copy of the warehouse file."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from news_intel.warehouse.connection import connect


def publish_copy(source: Path, target: Path) -> int:
    """Copy ``source`` to ``target`` atomically; returns the copy's size in bytes.

    The copy is written beside the target and renamed over it, so a reader opening ``target`` gets
    either the old file or the new one, whole. Readers already connected keep the old file open.
    """
    source, target = Path(source), Path(target)
    with connect(source) as con:
        con.execute("CHECKPOINT")  # fold the write-ahead log into the file before copying it
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target.stat().st_size
