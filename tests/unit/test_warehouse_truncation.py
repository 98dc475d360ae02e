"""A truncated warehouse copy opens and answers row counts; the header's block count gives it away."""
from __future__ import annotations

import duckdb
import pytest

from news_intel.warehouse.connection import connect, truncation_detail


def _warehouse(path):
    """A file written over several checkpoints, as a warehouse is: its catalog ends up before the last data."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS i, repeat('x', 200) AS s FROM range(200000)")
    con.execute("CHECKPOINT")
    for k in range(2):
        con.execute(f"CREATE TABLE u{k} AS SELECT range AS i FROM range(1000)")
        con.execute("CHECKPOINT")
        con.execute("INSERT INTO t SELECT range, repeat('y', 200) FROM range(50000)")
        con.execute("CHECKPOINT")
    con.close()
    return path


def test_an_intact_file_is_not_truncated(tmp_path):
    path = _warehouse(tmp_path / "w.duckdb")
    with connect(path, read_only=True) as con:
        assert truncation_detail(con, path) is None


def test_a_cut_copy_that_still_opens_is_named_as_cut_short(tmp_path):
    """Where DuckDB keeps its catalog depends on the file's history: cut the file at several lengths and
    keep the copies that still open and count their rows (the real warehouse's case); each is named."""
    from news_intel.warehouse.connection import WarehouseDamaged

    data = _warehouse(tmp_path / "w.duckdb").read_bytes()
    opened = 0
    for tenth in range(1, 6):  # a cut of more than the free blocks; a few lost free blocks are no damage
        cut = tmp_path / f"cut{tenth}.duckdb"
        cut.write_bytes(data[: len(data) * tenth // 10])
        try:
            con = duckdb.connect(str(cut), read_only=True)
            con.execute("SELECT count(*) FROM t").fetchone()
        except duckdb.Error:
            continue  # DuckDB itself sees the damage
        detail = truncation_detail(con, cut)
        con.close()
        opened += 1
        assert detail is not None and "cut short" in detail, tenth
        with pytest.raises(WarehouseDamaged, match="cut short"):
            with connect(cut, read_only=True):
                pass
    assert opened, "no cut copy opened: the layout this test builds did not hold"
