"""The database file's write transactions, against real SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from retrieval.store.connection import Database


def _fill_meta(db: sqlite3.Connection, rows: int) -> None:
    for number in range(rows):
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (f"k{number}", "x" * 4000))


def test_a_full_disk_is_reported_as_such_and_the_connection_stays_usable(tmp_path: Path) -> None:
    database = Database(tmp_path / "full.sqlite3")
    connection = database.read()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    # A page limit makes SQLite fail exactly as on a full disk, rolling the transaction back.
    connection.execute(f"PRAGMA max_page_count = {pages + 2}")
    full = pytest.raises(sqlite3.OperationalError, match="database or disk is full")
    with full, database.transaction() as db:
        _fill_meta(db, 50)
    connection.execute("PRAGMA max_page_count = 1000000")
    with database.transaction() as db:
        _fill_meta(db, 1)
    stored = connection.execute("SELECT count(*) FROM meta WHERE key = 'k0'").fetchone()[0]
    assert stored == 1
    database.close()


def test_an_error_in_the_block_rolls_back_what_it_wrote(tmp_path: Path) -> None:
    database = Database(tmp_path / "db.sqlite3")
    with pytest.raises(RuntimeError, match="stop"), database.transaction() as db:
        _fill_meta(db, 3)
        raise RuntimeError("stop")
    left = database.read().execute("SELECT count(*) FROM meta WHERE key LIKE 'k%'").fetchone()
    assert left == (0,)
    database.close()
