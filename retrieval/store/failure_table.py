"""The failures table: ingests that failed, kept for status reports."""

from __future__ import annotations

from retrieval.store.connection import Database, now_iso
from retrieval.types import FolderFailure


class FailureTable(Database):
    """Record failed ingests and list the newest."""

    def record_failure(self, collection: str, source: str, reason: str) -> None:
        """Remember a failed ingest for status reports."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO failures (collection, source, reason, at) VALUES (?, ?, ?, ?)",
                (collection, source, reason, now_iso()),
            )

    def recent_failures(self, collection: str, limit: int = 5) -> list[FolderFailure]:
        """Return the newest recorded ingest failures."""
        rows = self.read().execute(
            "SELECT source, reason FROM failures WHERE collection = ? ORDER BY id DESC LIMIT ?",
            (collection, limit),
        )
        return [FolderFailure(path=str(r[0]), reason=str(r[1])) for r in rows]
