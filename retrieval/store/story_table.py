"""The stories tables: which story each article is a copy of, and the signatures that tell."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from retrieval.store.connection import Database
from retrieval.types import StoryCopy

# SQLite allows 999 bound parameters in older builds: look ids up in slices below that.
_SLICE = 900


@dataclass(frozen=True)
class StoredFingerprint:
    """A stored article's story and signatures, as candidate copies are checked against."""

    article_id: int
    story: int
    lead: bytes | None
    whole: bytes | None
    shingles: int


class StoryTable(Database):
    """Story links between copies of one story, and the LSH band keys that find them."""

    def story_candidates(
        self, db: sqlite3.Connection, collection: str, keys: Sequence[int]
    ) -> list[StoredFingerprint]:
        """Return the stored articles sharing a band key, oldest first (inside a transaction)."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = db.execute(
            "SELECT s.article_id, s.story, s.lead, s.whole, s.shingles FROM stories s "
            "WHERE s.article_id IN (SELECT DISTINCT article_id FROM story_bands "
            f"WHERE collection = ? AND key IN ({marks})) ORDER BY s.article_id",
            (collection, *keys),
        )
        return [StoredFingerprint(int(r[0]), int(r[1]), r[2], r[3], int(r[4])) for r in rows]

    def insert_story(
        self,
        db: sqlite3.Connection,
        collection: str,
        article_id: int,
        story: int,
        signatures: tuple[bytes, bytes, int] | None,
        keys: Sequence[int],
    ) -> None:
        """Record an article's story, its (lead, whole, shingles) signatures and band keys."""
        lead, whole, shingles = signatures if signatures else (None, None, 0)
        db.execute(
            "INSERT OR REPLACE INTO stories (article_id, collection, story, lead, whole, shingles) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, collection, story, lead, whole, shingles),
        )
        db.execute("DELETE FROM story_bands WHERE article_id = ?", (article_id,))
        db.executemany(
            "INSERT INTO story_bands (collection, key, article_id) VALUES (?, ?, ?)",
            [(collection, key, article_id) for key in keys],
        )

    def articles_without_story(
        self, collection: str, after: int, limit: int
    ) -> list[tuple[int, str]]:
        """Return (row id, text) of articles with no story yet, in id order after `after`."""
        rows = self.read().execute(
            "SELECT a.id, a.text FROM articles a LEFT JOIN stories s ON s.article_id = a.id "
            "WHERE a.collection = ? AND a.id > ? AND s.article_id IS NULL ORDER BY a.id LIMIT ?",
            (collection, after, limit),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def count_without_story(self, collection: str) -> int:
        """Return how many articles have no story yet (stored before syndication existed)."""
        row = self.read().execute(
            "SELECT count(*) FROM articles a LEFT JOIN stories s ON s.article_id = a.id "
            "WHERE a.collection = ? AND s.article_id IS NULL",
            (collection,),
        )
        return int(row.fetchone()[0])

    def story_copies(
        self, collection: str, article_ids: Collection[int]
    ) -> dict[int, tuple[StoryCopy, ...]]:
        """Map each article to every copy of its story (itself included), earliest first.

        Earliest is by publication date, then by when it was added; an article without a
        story row, or alone in its story, maps to nothing.
        """
        ids = list(dict.fromkeys(article_ids))
        stories: dict[int, int] = {}
        db = self.read()
        for start in range(0, len(ids), _SLICE):
            part = ids[start : start + _SLICE]
            rows = db.execute(
                f"SELECT article_id, story FROM stories WHERE article_id IN "
                f"({','.join('?' * len(part))})",
                part,
            )
            stories.update((int(r[0]), int(r[1])) for r in rows)
        members = self._members(collection, set(stories.values()))
        return {
            article: members[story]
            for article, story in stories.items()
            if len(members.get(story, ())) > 1
        }

    def _members(self, collection: str, stories: set[int]) -> dict[int, tuple[StoryCopy, ...]]:
        """Return every copy of each story, earliest first."""
        found: dict[int, list[StoryCopy]] = {}
        ordered = sorted(stories)
        for start in range(0, len(ordered), _SLICE):
            part = ordered[start : start + _SLICE]
            rows = self.read().execute(
                "SELECT s.story, a.id, a.number, a.title, a.outlet, a.url, a.published, "
                "a.added_at FROM stories s JOIN articles a ON a.id = s.article_id "
                f"WHERE s.collection = ? AND s.story IN ({','.join('?' * len(part))}) "
                "ORDER BY coalesce(a.published, '9999'), a.id",
                (collection, *part),
            )
            for r in rows:
                copy = StoryCopy(int(r[1]), int(r[2]), str(r[3]), r[4], r[5], r[6], str(r[7]))
                found.setdefault(int(r[0]), []).append(copy)
        return {story: tuple(copies) for story, copies in found.items()}

    def story_counts(self, collection: str) -> list[int]:
        """Return the size of every story of the collection with more than one copy."""
        rows = self.read().execute(
            "SELECT count(*) FROM stories WHERE collection = ? GROUP BY story HAVING count(*) > 1 "
            "ORDER BY count(*) DESC",
            (collection,),
        )
        return [int(r[0]) for r in rows]
