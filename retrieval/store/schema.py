"""The SQLite schema: tables and indexes, and the upgrade of databases from older versions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from retrieval.errors import ArticlebotError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 1,
    revision INTEGER NOT NULL DEFAULT 0,
    model TEXT,
    dim INTEGER,
    chunker_version INTEGER,
    last_number INTEGER NOT NULL DEFAULT 0  -- the last article number given out, never reused
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
    number INTEGER,  -- the article's number in its collection, as users see it
    UNIQUE (collection, content_hash)
);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles (collection, canonical_url);
CREATE UNIQUE INDEX IF NOT EXISTS articles_by_number ON articles (collection, number);
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
    sentence_vectors BLOB,  -- float16 rows, written before schema 3
    sentence_codes BLOB,  -- int8 rows then a float32 scale per row (vector_codes.py)
    sentence_entities TEXT,  -- per sentence [[label, start, end], ...]; NULL: not computed yet
    sentence_speakers TEXT  -- per sentence null or [written, name]; NULL: not attributed yet
);
CREATE INDEX IF NOT EXISTS chunks_by_generation ON chunks (collection, generation);
CREATE INDEX IF NOT EXISTS chunks_by_article ON chunks (article_id);
-- Partial: `status` counts the chunks a reindex has yet to tag without reading every row.
CREATE INDEX IF NOT EXISTS chunks_without_entities ON chunks (collection, generation)
    WHERE sentence_entities IS NULL;
CREATE INDEX IF NOT EXISTS chunks_without_speakers ON chunks (collection, generation)
    WHERE sentence_speakers IS NULL;
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
CREATE TABLE IF NOT EXISTS departures (
    collection TEXT PRIMARY KEY,
    missing_since TEXT NOT NULL,  -- first seen without its server
    removed_at TEXT  -- deleted for good: nothing may be stored in it again
);
"""


Migration = Callable[[sqlite3.Connection], None]


def _add_column(table: str, column: str, kind: str) -> Migration:
    def add(db: sqlite3.Connection) -> None:
        # Databases upgraded by releases before numbered migrations may have it already.
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    return add


def _number_articles(db: sqlite3.Connection) -> None:
    """Number each collection's articles 1, 2, 3… in the order they were added."""
    _add_column("articles", "number", "INTEGER")(db)
    _add_column("collections", "last_number", "INTEGER NOT NULL DEFAULT 0")(db)
    rows = db.execute(
        "SELECT id, row_number() OVER (PARTITION BY collection ORDER BY id) FROM articles"
    )
    db.executemany("UPDATE articles SET number = ? WHERE id = ?", [(n, i) for i, n in rows])
    db.execute(
        "UPDATE collections SET last_number = (SELECT coalesce(max(number), 0) FROM articles "
        "WHERE articles.collection = collections.name)"
    )


# Each entry brings a database from the version before it up to its number. They run in
# order, each in one transaction with its version bump, so a crash leaves a whole version.
MIGRATIONS: tuple[tuple[int, str, Migration], ...] = (
    (2, "sentence vectors kept with each chunk", _add_column("chunks", "sentence_vectors", "BLOB")),
    (3, "sentence vectors as int8 codes", _add_column("chunks", "sentence_codes", "BLOB")),
    (4, "articles numbered per collection", _number_articles),
    # NULL until a reindex tags the chunks stored before: answers fall back meanwhile.
    (5, "named entities per sentence", _add_column("chunks", "sentence_entities", "TEXT")),
    # NULL until `reindex --entities-only` (or a reindex) attributes the older chunks.
    (6, "speakers per sentence", _add_column("chunks", "sentence_speakers", "TEXT")),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class NewerSchema(ArticlebotError):
    """The database was written by a newer version of articlebot."""


def stored_version(db: sqlite3.Connection) -> int | None:
    """Return the database's schema version; None for a database with no tables yet."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "chunks" not in tables:
        return None
    row = (
        db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if "meta" in tables
        else None
    )
    return int(row[0]) if row else 1


def pending_migrations(version: int, path: object) -> list[tuple[int, str, Migration]]:
    """Return the migrations a database at this version needs, refusing newer databases."""
    if version > SCHEMA_VERSION:
        raise NewerSchema(
            f"{path} was written by a newer articlebot (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}): upgrade articlebot to open it"
        )
    return [m for m in MIGRATIONS if m[0] > version]
