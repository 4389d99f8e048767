"""The feeds and feed_entries tables: followed feeds, their poll schedule, and entries seen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.store.connection import Database, now_iso

_COLUMNS = (
    "id, number, collection, url, title, interval_s, etag, last_modified, next_poll_at, "
    "last_polled_at, last_added, failures, last_error, added_by, added_at"
)


@dataclass(frozen=True)
class FeedRow:
    """One followed feed: where, how often, the validators of its last answer, how it went."""

    id: int  # the row's id, the same across collections: what the tables refer to
    number: int  # its number in its collection: what users see, type and pick
    collection: str
    url: str
    title: str | None
    interval_s: float
    etag: str | None
    last_modified: str | None
    next_poll_at: float  # Unix seconds
    last_polled_at: str | None  # ISO time of the last poll that got an answer
    last_added: int  # articles the last successful poll added
    failures: int  # polls failed in a row
    last_error: str | None
    added_by: str | None
    added_at: str


def _row(values: tuple[object, ...]) -> FeedRow:
    return FeedRow(*values)  # type: ignore[arg-type]


class FeedTable(Database):
    """Store feeds, claim the ones due for a poll, record how each poll went."""

    def insert_feed(
        self, collection: str, url: str, title: str | None, interval_s: float, added_by: str | None
    ) -> FeedRow:
        """Follow a feed, due at once; the caller checked it is not followed already."""
        with self.transaction() as db:
            # Numbers are never reused: "#3" stays the feed removed, not the next one followed.
            [number] = db.execute(
                "UPDATE collections SET last_feed_number = last_feed_number + 1 WHERE name = ? "
                "RETURNING last_feed_number",
                (collection,),
            ).fetchone()
            cursor = db.execute(
                "INSERT INTO feeds (collection, number, url, title, interval_s, next_poll_at, "
                "added_by, added_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                (collection, number, url, title, interval_s, added_by, now_iso()),
            )
            feed_id = int(cursor.lastrowid or 0)
        found = self.feed_by_id(feed_id)
        assert found is not None
        return found

    def feed(self, collection: str, number: int) -> FeedRow | None:
        """Return the collection's feed of that number, or None."""
        row = (
            self.read()
            .execute(
                f"SELECT {_COLUMNS} FROM feeds WHERE collection = ? AND number = ?",
                (collection, number),
            )
            .fetchone()
        )
        return _row(row) if row else None

    def feed_by_id(self, feed_id: int) -> FeedRow | None:
        """Return a feed by its row id (what a poll holds), or None once it is removed."""
        row = self.read().execute(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,))
        found = row.fetchone()
        return _row(found) if found else None

    def feeds(self, collection: str) -> list[FeedRow]:
        """Return a collection's feeds in the order they were added."""
        rows = self.read().execute(
            f"SELECT {_COLUMNS} FROM feeds WHERE collection = ? ORDER BY id", (collection,)
        )
        return [_row(r) for r in rows]

    def feed_collections(self, due_by: float | None = None) -> list[str]:
        """Return the collections that follow feeds (with one due by `due_by`, when given)."""
        if due_by is None:
            rows = self.read().execute("SELECT DISTINCT collection FROM feeds ORDER BY collection")
        else:
            rows = self.read().execute(
                "SELECT DISTINCT collection FROM feeds WHERE next_poll_at <= ? ORDER BY collection",
                (due_by,),
            )
        return [str(r[0]) for r in rows]

    def claim_feeds(
        self, collection: str, now: float, lease_s: float, *, due_only: bool
    ) -> list[FeedRow]:
        """Take the collection's feeds (the due ones, or all) for a poll, in one transaction.

        Each claimed feed's next poll moves `lease_s` ahead first, so another process polling
        at the same time leaves it alone, and a poll killed midway is retried after the lease.
        """
        with self.transaction() as db:
            query = f"SELECT {_COLUMNS} FROM feeds WHERE collection = ?"
            params: tuple[object, ...] = (collection,)
            if due_only:
                query += " AND next_poll_at <= ?"
                params += (now,)
            claimed = [_row(r) for r in db.execute(query + " ORDER BY next_poll_at, id", params)]
            db.executemany(
                "UPDATE feeds SET next_poll_at = ? WHERE id = ?",
                [(now + lease_s, f.id) for f in claimed],
            )
        return claimed

    def release_feeds(self, feed_ids: Sequence[int], next_poll_at: float) -> None:
        """Give claimed feeds back unpolled, due again at `next_poll_at`."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE feeds SET next_poll_at = ? WHERE id = ?",
                [(next_poll_at, feed_id) for feed_id in feed_ids],
            )

    def record_feed_success(
        self,
        feed_id: int,
        *,
        title: str | None,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: float,
        added: int,
    ) -> None:
        """Record a poll that got an answer: new validators, no error, the next poll's time."""
        with self.transaction() as db:
            db.execute(
                "UPDATE feeds SET title = coalesce(?, title), etag = ?, last_modified = ?, "
                "next_poll_at = ?, last_polled_at = ?, last_added = ?, failures = 0, "
                "last_error = NULL WHERE id = ?",
                (title, etag, last_modified, next_poll_at, now_iso(), added, feed_id),
            )

    def record_feed_error(self, feed_id: int, error: str, next_poll_at: float) -> None:
        """Record a failed poll: one more failure in a row, the error, the backed-off time."""
        with self.transaction() as db:
            db.execute(
                "UPDATE feeds SET failures = failures + 1, last_error = ?, next_poll_at = ? "
                "WHERE id = ?",
                (error, next_poll_at, feed_id),
            )

    def delete_feed(self, collection: str, number: int) -> bool:
        """Stop following the collection's feed of that number (its articles stay)."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM feed_entries WHERE feed_id IN "
                "(SELECT id FROM feeds WHERE collection = ? AND number = ?)",
                (collection, number),
            )
            cursor = db.execute(
                "DELETE FROM feeds WHERE collection = ? AND number = ?", (collection, number)
            )
            return cursor.rowcount > 0

    def delete_feed_rows(self, db: sqlite3.Connection, collection: str) -> None:
        """Forget a collection's feeds, inside the caller's transaction (the collection goes)."""
        db.execute(
            "DELETE FROM feed_entries WHERE feed_id IN (SELECT id FROM feeds WHERE collection = ?)",
            (collection,),
        )
        db.execute("DELETE FROM feeds WHERE collection = ?", (collection,))

    def seen_entries(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Return which of these entry keys an earlier poll of the feed already handled."""
        wanted = list(keys)
        seen: set[str] = set()
        db = self.read()
        for start in range(0, len(wanted), 500):  # under SQLite's bound-variable limit
            part = wanted[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT entry_key FROM feed_entries WHERE feed_id = ? AND entry_key IN ({marks})",
                (feed_id, *part),
            )
            seen.update(str(r[0]) for r in rows)
        return seen

    def mark_entries_seen(self, feed_id: int, keys: Iterable[str]) -> None:
        """Remember entries a poll handled (added, already stored, or failed for good)."""
        at = now_iso()
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, seen_at) VALUES (?, ?, ?)",
                [(feed_id, key, at) for key in keys],
            )

    def forget_entries_except(self, feed_id: int, current: Iterable[str]) -> int:
        """Drop the marks of entries the feed no longer lists, so marks do not pile up.

        An entry that comes back later is still skipped if its link is stored, or if its
        page's text is. Returns how many marks went.
        """
        keep = set(current)
        rows = self.read().execute(
            "SELECT entry_key FROM feed_entries WHERE feed_id = ?", (feed_id,)
        )
        gone = [str(r[0]) for r in rows if str(r[0]) not in keep]
        with self.transaction() as db:
            db.executemany(
                "DELETE FROM feed_entries WHERE feed_id = ? AND entry_key = ?",
                [(feed_id, key) for key in gone],
            )
        return len(gone)
