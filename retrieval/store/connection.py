"""The database file: one connection per thread, write transactions, and the schema set up."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from retrieval.store.schema import SCHEMA, SCHEMA_VERSION, pending_migrations, stored_version

log = logging.getLogger(__name__)


def _roll_back(db: sqlite3.Connection) -> None:
    """Undo an open transaction without hiding the error that ended it.

    SQLite rolls back by itself after some errors (a full disk, an I/O error): a second
    ROLLBACK would then fail with "no transaction is active" in place of the real reason.
    """
    if not db.in_transaction:
        return
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error as error:
        log.warning("rollback failed: %s", error)


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Database:
    """Thread-safe access to the SQLite database; one connection per thread, WAL journal.

    The table classes of this package extend it, so `Store` combines them over one database.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._set_up_schema()

    def _set_up_schema(self) -> None:
        """Create a new database at the current version, or migrate an older one step by step."""
        version = stored_version(self._connection())
        if version is not None:
            for number, _, migrate in pending_migrations(version, self.path):
                with self.transaction() as db:
                    migrate(db)
                    db.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                        (str(number),),
                    )
        # executescript manages its own transaction; the statements are idempotent.
        self._connection().executescript(SCHEMA)
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL keeps an acknowledged article through a power cut, not just a crash.
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one write transaction, taken up front so writers queue, not fail."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            _roll_back(db)
            raise

    def read(self) -> sqlite3.Connection:
        """Return this thread's connection for reads (WAL: readers never wait on writers)."""
        return self._connection()

    def close(self) -> None:
        """Close every connection opened by any thread."""
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
