"""The departures table: collections whose server the bot left, and when it was first missed."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from retrieval.store.connection import Database, now_iso


class DepartureTable(Database):
    """When a server's collection was first seen without its server, and whether it was removed.

    A removed collection (its row has `removed_at`) takes no new articles, so an add still
    running when its server left cannot bring it back; the mark goes when the server returns.
    """

    def missing_since(self, collection: str) -> datetime | None:
        """Return when the collection was first seen without its server, or None."""
        row = (
            self.read()
            .execute("SELECT missing_since FROM departures WHERE collection = ?", (collection,))
            .fetchone()
        )
        return datetime.fromisoformat(row[0]) if row else None

    def mark_missing(self, collection: str, at: datetime) -> datetime:
        """Record the first time a collection was seen without its server; return that time."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO departures (collection, missing_since) VALUES (?, ?)",
                (collection, at.isoformat()),
            )
        since = self.missing_since(collection)
        assert since is not None
        return since

    def mark_removed(self, db: sqlite3.Connection, collection: str) -> None:
        """Record, inside the caller's transaction, that a collection is removed for good."""
        now = now_iso()
        db.execute(
            "INSERT INTO departures (collection, missing_since, removed_at) VALUES (?, ?, ?) "
            "ON CONFLICT (collection) DO UPDATE SET removed_at = excluded.removed_at",
            (collection, now, now),
        )

    def departures(self) -> list[str]:
        """Return every collection with a departure record, missing or removed."""
        rows = self.read().execute("SELECT collection FROM departures ORDER BY collection")
        return [str(r[0]) for r in rows]

    def clear_departure(self, collection: str) -> None:
        """Forget a departure: the server is back, so its collection takes articles again."""
        with self.transaction() as db:
            db.execute("DELETE FROM departures WHERE collection = ?", (collection,))
