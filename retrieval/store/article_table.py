"""The articles table: insert, look up, list and delete articles, and detect duplicates."""

from __future__ import annotations

import hashlib
import sqlite3
import unicodedata
from collections.abc import Sequence

from retrieval.errors import ArticleNotFound, CollectionRemoved
from retrieval.store.connection import Database, now_iso
from retrieval.types import Article, ArticleDraft, ArticleSummary

_SUMMARY_COLUMNS = """
    a.id, a.collection, a.title, a.url, a.outlet, a.author, a.published, a.added_by,
    a.added_at, length(a.text),
    (SELECT count(*) FROM chunks c
       JOIN collections k ON k.name = a.collection
      WHERE c.article_id = a.id AND c.generation = k.generation),
    a.number
"""


def content_hash(text: str) -> str:
    """Hash text after normalising case, unicode and whitespace, for duplicate detection."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = " ".join(normal.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class ArticleTable(Database):
    """Articles with their text and citation details, one row per stored article.

    Each article has two ids: its row id (`key`), unique in the database, which chunks,
    indexes and votes refer to; and its number in its collection (`id` of a summary), which
    is all users see, so one server's numbers say nothing of another's.
    """

    def find_duplicate(
        self, collection: str, text_hash: str, canonical_url: str | None
    ) -> tuple[int, str, int] | None:
        """Return (number, title, key) of an article with the same text or canonical URL."""
        db = self.read()
        row = db.execute(
            "SELECT number, title, id FROM articles WHERE collection = ? AND content_hash = ?",
            (collection, text_hash),
        ).fetchone()
        if row is None and canonical_url:
            row = db.execute(
                "SELECT number, title, id FROM articles WHERE collection = ? AND canonical_url = ?",
                (collection, canonical_url),
            ).fetchone()
        return (int(row[0]), str(row[1]), int(row[2])) if row else None

    def insert_article(
        self,
        db: sqlite3.Connection,
        collection: str,
        draft: ArticleDraft,
        text_hash: str,
        added_by: str | None,
    ) -> int:
        """Insert an article inside the caller's transaction and return its key (row id).

        The collection must still exist: a collection deleted while the article was being
        embedded (its server left) refuses it, so removal wins over work in flight.
        """
        counter = db.execute(
            "UPDATE collections SET last_number = last_number + 1 WHERE name = ? "
            "RETURNING last_number",
            (collection,),
        ).fetchone()
        if counter is None:
            raise CollectionRemoved(collection)
        cursor = db.execute(
            "INSERT INTO articles (collection, title, text, url, canonical_url, outlet, author, "
            "published, source, added_by, added_at, content_hash, number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                collection,
                draft.title,
                draft.text,
                draft.url,
                draft.canonical_url,
                draft.outlet,
                draft.author,
                draft.published,
                draft.source,
                added_by,
                now_iso(),
                text_hash,
                int(counter[0]),
            ),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def article(self, collection: str, article_id: int) -> Article:
        """Return an article by its key (row id) with its text, or raise ArticleNotFound."""
        return self._article_where(collection, "a.id", article_id)

    def numbered(self, collection: str, number: int) -> Article:
        """Return an article by its number in the collection, or raise ArticleNotFound."""
        return self._article_where(collection, "a.number", number)

    def _article_where(self, collection: str, column: str, value: int) -> Article:
        if not -(2**63) <= value < 2**63:  # SQLite integers are 64-bit
            raise ArticleNotFound(value)
        row = (
            self.read()
            .execute(
                f"SELECT {_SUMMARY_COLUMNS}, a.text FROM articles a "
                f"WHERE a.collection = ? AND {column} = ?",
                (collection, value),
            )
            .fetchone()
        )
        if row is None:
            raise ArticleNotFound(value)
        return Article(summary=_summary(row[:-1]), text=row[-1])

    def articles(
        self, collection: str, offset: int = 0, limit: int | None = None
    ) -> list[ArticleSummary]:
        """Return article summaries, newest first."""
        rows = self.read().execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.collection = ? "
            "ORDER BY a.id DESC LIMIT ? OFFSET ?",
            (collection, -1 if limit is None else limit, offset),
        )
        return [_summary(row) for row in rows]

    def article_count(self, collection: str) -> int:
        """Return how many articles the collection holds."""
        row = self.read().execute(
            "SELECT count(*) FROM articles WHERE collection = ?", (collection,)
        )
        return int(row.fetchone()[0])

    def titles(self, collection: str) -> list[tuple[int, str]]:
        """Return (number, title) of every article, newest first."""
        rows = self.read().execute(
            "SELECT number, title FROM articles WHERE collection = ? ORDER BY id DESC",
            (collection,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def article_texts(self, collection: str) -> list[tuple[int, str, str]]:
        """Return (id, title, text) of every article, oldest first, for re-chunking."""
        rows = self.read().execute(
            "SELECT id, title, text FROM articles WHERE collection = ? ORDER BY id", (collection,)
        )
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def delete_article(self, db: sqlite3.Connection, collection: str, article_id: int) -> None:
        """Delete an article and its chunks inside the caller's transaction."""
        db.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM articles WHERE collection = ? AND id = ?", (collection, article_id))

    def last_ingest(self, collection: str) -> str | None:
        """Return when the newest article was added."""
        row = self.read().execute(
            "SELECT max(added_at) FROM articles WHERE collection = ?", (collection,)
        )
        value = row.fetchone()[0]
        return str(value) if value else None


def _summary(row: Sequence[object]) -> ArticleSummary:
    return ArticleSummary(
        id=int(row[11]),  # type: ignore[call-overload]
        key=int(row[0]),  # type: ignore[call-overload]
        collection=str(row[1]),
        title=str(row[2]),
        url=row[3],  # type: ignore[arg-type]
        outlet=row[4],  # type: ignore[arg-type]
        author=row[5],  # type: ignore[arg-type]
        published=row[6],  # type: ignore[arg-type]
        added_by=row[7],  # type: ignore[arg-type]
        added_at=str(row[8]),
        char_count=int(row[9]),  # type: ignore[call-overload]
        chunk_count=int(row[10]),  # type: ignore[call-overload]
    )
