"""Reads the published warehouse the way Superset does, from Superset's own virtual environment.

Run by test_bi_reader.py with ``.venv-bi/bin/python`` (SQLAlchemy 1.4 and the duckdb-engine Superset
uses): ``python superset_reader_probe.py URI QUERIES_JSON STOP_FILE OUT_FILE``. Each round opens a new
connection (Superset's analytics databases use NullPool) on the URI ``news-intel bi`` registers and asks
every query; it writes one JSON line per round, the answers or the error, until STOP_FILE exists.
Imports only SQLAlchemy: it must not need the project's packages.
"""
import json
import sys
import time
from pathlib import Path

import sqlalchemy
from sqlalchemy.pool import NullPool


def main(uri: str, queries: str, stop_file: str, out_file: str) -> None:
    engine = sqlalchemy.create_engine(uri, poolclass=NullPool)
    sql = json.loads(queries)
    with open(out_file, "w", encoding="utf-8") as out:
        out.write(json.dumps({"sqlalchemy": sqlalchemy.__version__}) + "\n")
        while True:
            stop = Path(stop_file).exists()  # read before the round: the last round sees the final state
            try:
                with engine.connect() as con:
                    state = [[list(row) for row in con.execute(sqlalchemy.text(q)).fetchall()] for q in sql]
                out.write(json.dumps({"state": state}, default=str) + "\n")
            except Exception as exc:  # any error is what the calling test exists to catch
                out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
            out.flush()
            if stop:
                return
            time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:5])
