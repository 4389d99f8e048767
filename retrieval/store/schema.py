"""The SQLite schema: tables and indexes, and the upgrade of databases from older versions."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1

SCHEMA = """
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


def add_missing_columns(db: sqlite3.Connection) -> None:
    """Bring a database made by an older version up to the current columns."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(chunks)")}
    if "sentence_vectors" not in columns:
        db.execute("ALTER TABLE chunks ADD COLUMN sentence_vectors BLOB")
