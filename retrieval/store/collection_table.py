"""The collections table: each collection's live generation, revision and embedding model."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from retrieval.errors import CollectionRemoved
from retrieval.store.connection import Database, now_iso
from retrieval.store.speaker_codes import SPEAKER_RULES


@dataclass(frozen=True)
class CollectionRow:
    """A collection's bookkeeping: its live generation and the model its vectors come from."""

    name: str
    generation: int
    revision: int
    model: str | None
    dim: int | None
    chunker_version: int | None


class CollectionTable(Database):
    """Create, read, version and delete collections."""

    def ensure_collection(self, name: str) -> CollectionRow:
        """Create the collection if missing and return its row; refuse one removed for good."""
        with self.transaction() as db:
            removed = db.execute(
                "SELECT 1 FROM departures WHERE collection = ? AND removed_at IS NOT NULL",
                (name,),
            ).fetchone()
            if removed:
                raise CollectionRemoved(name)
            db.execute(
                "INSERT OR IGNORE INTO collections (name, created_at, speaker_rules) "
                "VALUES (?, ?, ?)",
                (name, now_iso(), SPEAKER_RULES),
            )
        row = self.collection(name)
        assert row is not None
        return row

    def collection(self, name: str) -> CollectionRow | None:
        """Return the collection's row, or None when it does not exist."""
        row = (
            self.read()
            .execute(
                "SELECT name, generation, revision, model, dim, chunker_version "
                "FROM collections WHERE name = ?",
                (name,),
            )
            .fetchone()
        )
        return CollectionRow(*row) if row else None

    def collection_names(self) -> list[str]:
        """Return every collection's name."""
        return [r[0] for r in self.read().execute("SELECT name FROM collections ORDER BY name")]

    def delete_collection(self, name: str) -> None:
        """Delete a collection with its articles, chunks, failures and feedback."""
        with self.transaction() as db:
            self.delete_collection_rows(db, name)

    def delete_collection_rows(self, db: sqlite3.Connection, name: str) -> None:
        """Delete a collection and everything in it, inside the caller's transaction."""
        db.execute("DELETE FROM chunks WHERE collection = ?", (name,))
        db.execute("DELETE FROM articles WHERE collection = ?", (name,))
        db.execute("DELETE FROM failures WHERE collection = ?", (name,))
        db.execute("DELETE FROM feedback WHERE collection = ?", (name,))
        db.execute(
            "DELETE FROM answer_votes WHERE answer_id IN "
            "(SELECT id FROM answers WHERE collection = ?)",
            (name,),
        )
        db.execute("DELETE FROM answers WHERE collection = ?", (name,))
        db.execute("DELETE FROM server_settings WHERE collection = ?", (name,))
        db.execute("DELETE FROM unanswered WHERE collection = ?", (name,))
        db.execute("DELETE FROM gap_clears WHERE collection = ?", (name,))
        db.execute("DELETE FROM collections WHERE name = ?", (name,))

    def bump_revision(self, db: sqlite3.Connection, collection: str) -> int:
        """Record that the live chunks changed; return the new revision."""
        db.execute("UPDATE collections SET revision = revision + 1 WHERE name = ?", (collection,))
        row = db.execute("SELECT revision FROM collections WHERE name = ?", (collection,))
        return int(row.fetchone()[0])

    def set_model(
        self, db: sqlite3.Connection, collection: str, model: str, dim: int, chunker: int
    ) -> None:
        """Record which model and chunker produced the collection's live vectors."""
        db.execute(
            "UPDATE collections SET model = ?, dim = ?, chunker_version = ? WHERE name = ?",
            (model, dim, chunker, collection),
        )

    def switch_generation(self, db: sqlite3.Connection, collection: str, generation: int) -> None:
        """Make a generation live, inside the caller's transaction."""
        # A reindex attributes every passage anew, by the current rules.
        db.execute(
            "UPDATE collections SET generation = ?, revision = revision + 1, speaker_rules = ? "
            "WHERE name = ?",
            (generation, SPEAKER_RULES, collection),
        )
