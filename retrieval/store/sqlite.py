"""SQLite store: the source of truth for collections, articles, chunks and their vectors."""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.errors import ArticleNotFound
from retrieval.types import (
    Article,
    ArticleDraft,
    ArticleSummary,
    ChunkDraft,
    FolderFailure,
    SourceRef,
    Span,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 1,
    revision INTEGER NOT NULL DEFAULT 0,
    model TEXT,
    dim INTEGER,
    chunker_version INTEGER
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL REFERENCES collections(name) ON DELETE CASCADE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT,
    canonical_url TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    source TEXT NOT NULL,
    added_by TEXT,
    added_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    UNIQUE (collection, content_hash)
);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles (collection, canonical_url);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    collection TEXT NOT NULL,
    generation INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    sentences TEXT NOT NULL,
    vector BLOB NOT NULL,
    sentence_vectors BLOB
);
CREATE INDEX IF NOT EXISTS chunks_by_generation ON chunks (collection, generation);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks (article_id);
CREATE TABLE IF NOT EXISTS failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    question TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    chunk_ids TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vector_cache (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);
"""

_SUMMARY_COLUMNS = """
    a.id, a.collection, a.title, a.url, a.outlet, a.author, a.published, a.added_by,
    a.added_at, length(a.text),
    (SELECT count(*) FROM chunks c
       JOIN collections k ON k.name = a.collection
      WHERE c.article_id = a.id AND c.generation = k.generation)
"""


def now_iso() -> str:
    """Return the current UTC time as an ISO 8601 string."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def content_hash(text: str) -> str:
    """Hash text after normalising case, unicode and whitespace, for duplicate detection."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = " ".join(normal.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CollectionRow:
    """A collection's bookkeeping: its live generation and the model its vectors come from."""

    name: str
    generation: int
    revision: int
    model: str | None
    dim: int | None
    chunker_version: int | None


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as stored, with its article's citation details."""

    id: int
    article_id: int
    ordinal: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
    source: SourceRef


@dataclass(frozen=True)
class NewChunk:
    """A chunk, its vector and its sentences' vectors (one row per sentence), ready to insert."""

    draft: ChunkDraft
    vector: npt.NDArray[np.float32]
    sentence_vectors: npt.NDArray[np.float32] | None = None


class Store:
    """Thread-safe access to the SQLite database; one connection per thread, WAL journal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        # executescript manages its own transaction; the statements are idempotent.
        self._connection().executescript(_SCHEMA)
        self._add_missing_columns()
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def _add_missing_columns(self) -> None:
        """Bring a database made by an older version up to the current columns."""
        db = self._connection()
        columns = {row[1] for row in db.execute("PRAGMA table_info(chunks)")}
        if "sentence_vectors" not in columns:
            db.execute("ALTER TABLE chunks ADD COLUMN sentence_vectors BLOB")

    # -- connections -------------------------------------------------------------------------

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
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

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

    # -- collections ---------------------------------------------------------------------------

    def ensure_collection(self, name: str) -> CollectionRow:
        """Create the collection if missing and return its row."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)",
                (name, now_iso()),
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
            db.execute("DELETE FROM chunks WHERE collection = ?", (name,))
            db.execute("DELETE FROM articles WHERE collection = ?", (name,))
            db.execute("DELETE FROM failures WHERE collection = ?", (name,))
            db.execute("DELETE FROM feedback WHERE collection = ?", (name,))
            db.execute("DELETE FROM collections WHERE name = ?", (name,))

    # -- articles ------------------------------------------------------------------------------

    def find_duplicate(
        self, collection: str, text_hash: str, canonical_url: str | None
    ) -> tuple[int, str] | None:
        """Return (id, title) of an article with the same text or canonical URL."""
        db = self.read()
        row = db.execute(
            "SELECT id, title FROM articles WHERE collection = ? AND content_hash = ?",
            (collection, text_hash),
        ).fetchone()
        if row is None and canonical_url:
            row = db.execute(
                "SELECT id, title FROM articles WHERE collection = ? AND canonical_url = ?",
                (collection, canonical_url),
            ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def insert_article(
        self,
        db: sqlite3.Connection,
        collection: str,
        draft: ArticleDraft,
        text_hash: str,
        added_by: str | None,
    ) -> int:
        """Insert an article inside the caller's transaction and return its id."""
        cursor = db.execute(
            "INSERT INTO articles (collection, title, text, url, canonical_url, outlet, author, "
            "published, source, added_by, added_at, content_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def insert_chunks(
        self,
        db: sqlite3.Connection,
        collection: str,
        generation: int,
        article_id: int,
        chunks: Sequence[NewChunk],
    ) -> list[int]:
        """Insert chunks with their vectors inside the caller's transaction; return their ids."""
        ids: list[int] = []
        for chunk in chunks:
            draft = chunk.draft
            cursor = db.execute(
                "INSERT INTO chunks (article_id, collection, generation, ordinal, start, end, "
                "text, sentences, vector, sentence_vectors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    collection,
                    generation,
                    draft.ordinal,
                    draft.start,
                    draft.end,
                    draft.text,
                    json.dumps([[s.start, s.end] for s in draft.sentences]),
                    np.ascontiguousarray(chunk.vector, dtype=np.float32).tobytes(),
                    # Half precision: ranking sentences needs no more, and it halves the size.
                    None
                    if chunk.sentence_vectors is None
                    else np.ascontiguousarray(chunk.sentence_vectors, dtype=np.float16).tobytes(),
                ),
            )
            assert cursor.lastrowid is not None
            ids.append(int(cursor.lastrowid))
        return ids

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

    def article(self, collection: str, article_id: int) -> Article:
        """Return an article with its text, or raise ArticleNotFound."""
        row = (
            self.read()
            .execute(
                f"SELECT {_SUMMARY_COLUMNS}, a.text FROM articles a "
                "WHERE a.collection = ? AND a.id = ?",
                (collection, article_id),
            )
            .fetchone()
        )
        if row is None:
            raise ArticleNotFound(article_id)
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
        """Return (id, title) of every article, newest first."""
        rows = self.read().execute(
            "SELECT id, title FROM articles WHERE collection = ? ORDER BY id DESC", (collection,)
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

    # -- chunks --------------------------------------------------------------------------------

    def chunk_ids_of(self, collection: str, generation: int, article_id: int) -> list[int]:
        """Return the ids of an article's chunks in a generation."""
        rows = self.read().execute(
            "SELECT id FROM chunks WHERE collection = ? AND generation = ? AND article_id = ?",
            (collection, generation, article_id),
        )
        return [int(r[0]) for r in rows]

    def chunk_count(self, collection: str, generation: int) -> int:
        """Return how many chunks a generation holds."""
        row = self.read().execute(
            "SELECT count(*) FROM chunks WHERE collection = ? AND generation = ?",
            (collection, generation),
        )
        return int(row.fetchone()[0])

    def vectors(
        self, collection: str, generation: int, dim: int, batch: int = 50_000
    ) -> Iterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]:
        """Yield (ids, vectors) of a generation's chunks in batches, in id order."""
        last_id = -1
        db = self.read()
        while True:
            rows = db.execute(
                "SELECT id, vector FROM chunks WHERE collection = ? AND generation = ? AND id > ? "
                "ORDER BY id LIMIT ?",
                (collection, generation, last_id, batch),
            ).fetchall()
            if not rows:
                return
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
            yield ids, vectors.reshape(len(rows), dim)
            last_id = int(ids[-1])

    def chunk_texts(self, collection: str, generation: int) -> Iterator[tuple[int, str, str]]:
        """Yield (chunk id, article title, chunk text) of a generation, in id order."""
        rows = self.read().execute(
            "SELECT c.id, a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id "
            "WHERE c.collection = ? AND c.generation = ? ORDER BY c.id",
            (collection, generation),
        )
        for row in rows:
            yield int(row[0]), str(row[1]), str(row[2])

    def chunks(self, collection: str, ids: Sequence[int]) -> dict[int, StoredChunk]:
        """Return the stored chunks with these ids (only those in this collection)."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            "SELECT c.id, c.article_id, c.ordinal, c.start, c.end, c.text, c.sentences, "
            "a.title, a.url, a.outlet, a.published FROM chunks c "
            # The unary + keeps the planner on the id lookups: through the collection index
            # it would scan every chunk of the collection (a million rows, 100+ ms).
            f"JOIN articles a ON a.id = c.article_id WHERE +c.collection = ? AND c.id IN "
            f"({placeholders})",
            (collection, *ids),
        )
        result: dict[int, StoredChunk] = {}
        for row in rows:
            result[int(row[0])] = StoredChunk(
                id=int(row[0]),
                article_id=int(row[1]),
                ordinal=int(row[2]),
                start=int(row[3]),
                end=int(row[4]),
                text=str(row[5]),
                sentences=tuple(Span(s, e) for s, e in json.loads(row[6])),
                source=SourceRef(
                    article_id=int(row[1]),
                    title=str(row[7]),
                    url=row[8],
                    outlet=row[9],
                    published=row[10],
                ),
            )
        return result

    def neighbours(self, collection: str, ids: Sequence[int]) -> list[tuple[int, int]]:
        """Return (chunk id, neighbour id) for the chunks just before and after each chunk."""
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            "SELECT c.id, n.id FROM chunks c JOIN chunks n ON n.article_id = c.article_id "
            "AND n.generation = c.generation AND n.ordinal IN (c.ordinal - 1, c.ordinal + 1) "
            f"WHERE +c.collection = ? AND c.id IN ({placeholders}) ORDER BY c.id, n.ordinal",
            (collection, *ids),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    def sentence_vectors(self, ids: Sequence[int], dim: int) -> dict[int, npt.NDArray[np.float32]]:
        """Return the stored sentence vectors of these chunks (rows in sentence order)."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            f"SELECT id, sentence_vectors FROM chunks WHERE id IN ({placeholders}) "
            "AND sentence_vectors IS NOT NULL",
            tuple(ids),
        )
        return {
            int(r[0]): np.frombuffer(r[1], dtype=np.float16).reshape(-1, dim).astype(np.float32)
            for r in rows
        }

    def chunk_vectors(self, ids: Sequence[int], dim: int) -> dict[int, npt.NDArray[np.float32]]:
        """Return the stored vectors of these chunks."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            f"SELECT id, vector FROM chunks WHERE id IN ({placeholders})", tuple(ids)
        )
        return {int(r[0]): np.frombuffer(r[1], dtype=np.float32).reshape(dim) for r in rows}

    def drop_generations_except(
        self, db: sqlite3.Connection, collection: str, generation: int
    ) -> None:
        """Delete chunks of every generation but the given one, inside the caller's transaction."""
        db.execute(
            "DELETE FROM chunks WHERE collection = ? AND generation != ?", (collection, generation)
        )

    def switch_generation(self, db: sqlite3.Connection, collection: str, generation: int) -> None:
        """Make a generation live, inside the caller's transaction."""
        db.execute(
            "UPDATE collections SET generation = ?, revision = revision + 1 WHERE name = ?",
            (generation, collection),
        )

    # -- failures and feedback -------------------------------------------------------------------

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

    def record_feedback(
        self,
        collection: str,
        question: str,
        helpful: bool,
        chunk_ids: Sequence[int],
        article_ids: Sequence[int],
        user_hash: str,
    ) -> None:
        """Store a helpful / not helpful vote on an answer."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO feedback (collection, question, helpful, chunk_ids, article_ids, "
                "user_hash, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    collection,
                    question,
                    int(helpful),
                    json.dumps(list(chunk_ids)),
                    json.dumps(list(article_ids)),
                    user_hash,
                    now_iso(),
                ),
            )

    def feedback(self, collection: str | None = None) -> list[dict[str, object]]:
        """Return stored feedback rows, oldest first."""
        query = (
            "SELECT id, collection, question, helpful, chunk_ids, article_ids, user_hash, at "
            "FROM feedback"
        )
        params: tuple[object, ...] = ()
        if collection is not None:
            query += " WHERE collection = ?"
            params = (collection,)
        rows = self.read().execute(query + " ORDER BY id", params)
        return [
            {
                "id": int(r[0]),
                "collection": r[1],
                "question": r[2],
                "helpful": bool(r[3]),
                "chunk_ids": json.loads(r[4]),
                "article_ids": json.loads(r[5]),
                "user_hash": r[6],
                "at": r[7],
            }
            for r in rows
        ]

    # -- vector cache (evaluation re-runs) ---------------------------------------------------------

    def cached_vectors(self, keys: Sequence[str], dim: int) -> dict[str, npt.NDArray[np.float32]]:
        """Return cached vectors for these keys."""
        found: dict[str, npt.NDArray[np.float32]] = {}
        db = self.read()
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            placeholders = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT key, vector FROM vector_cache WHERE key IN ({placeholders})", tuple(part)
            )
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape[0] == dim:
                    found[str(key)] = vector
        return found

    def cache_vectors(self, items: Sequence[tuple[str, npt.NDArray[np.float32]]]) -> None:
        """Remember vectors by key."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vector_cache (key, vector) VALUES (?, ?)",
                [(key, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for key, v in items],
            )


def _summary(row: Sequence[object]) -> ArticleSummary:
    return ArticleSummary(
        id=int(row[0]),  # type: ignore[call-overload]
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
