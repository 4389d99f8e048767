"""The SQLite schema: tables and indexes, and the upgrade of databases from older versions."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from retrieval.errors import ArticlebotError
from retrieval.store.speaker_words import SPEAKER_WORDS_TABLE, index_stored_speakers

SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 1,
    revision INTEGER NOT NULL DEFAULT 0,
    model TEXT,
    dim INTEGER,
    chunker_version INTEGER,
    last_number INTEGER NOT NULL DEFAULT 0,  -- the last article number given out, never reused
    last_feed_number INTEGER NOT NULL DEFAULT 0,  -- the same for the feeds it follows
    speaker_rules INTEGER NOT NULL DEFAULT 1  -- the attribution rules its speakers came from
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
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    number INTEGER,  -- the feed's number in its collection, as users see it
    url TEXT NOT NULL,
    title TEXT,
    interval_s REAL NOT NULL,
    etag TEXT,  -- validators of the last answer, sent back as If-None-Match / If-Modified-Since
    last_modified TEXT,
    next_poll_at REAL NOT NULL,  -- Unix seconds; moved ahead while a poll runs (a lease)
    last_polled_at TEXT,
    last_added INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,  -- failed polls in a row: the back-off's exponent
    last_error TEXT,
    added_by TEXT,
    added_at TEXT NOT NULL,
    UNIQUE (collection, url)
);
CREATE INDEX IF NOT EXISTS feeds_due ON feeds (next_poll_at);
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id INTEGER NOT NULL,
    entry_key TEXT NOT NULL,  -- the entry's id, else its canonical link
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);
-- Answers kept for their buttons and follow-ups (bounded: conversation_table.py).
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    place TEXT NOT NULL,  -- the channel or thread id it was given in; '' when none
    question TEXT NOT NULL,  -- the standalone question answered
    typed TEXT NOT NULL,  -- as the member typed it
    as_of TEXT,
    quoted TEXT NOT NULL,  -- [[text, label], ...]: the names its first quote holds
    chunk_ids TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    message_id INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_place ON answers (collection, place, id);
CREATE INDEX IF NOT EXISTS answers_by_message ON answers (collection, message_id);
CREATE TABLE IF NOT EXISTS answer_votes (
    answer_id INTEGER NOT NULL,
    user_hash TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
CREATE TABLE IF NOT EXISTS server_settings (  -- a server's own values; absent: the default
    collection TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,  -- JSON
    PRIMARY KEY (collection, name)
);
CREATE TABLE IF NOT EXISTS unanswered (  -- questions answered "not covered", for the gap queue
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    question TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unanswered_by_collection ON unanswered (collection, id);
-- When an admin last cleared the gap queue: "Not helpful" votes up to then stay out of it.
CREATE TABLE IF NOT EXISTS gap_clears (
    collection TEXT PRIMARY KEY,
    last_vote INTEGER NOT NULL,  -- the newest feedback row id when cleared
    at TEXT NOT NULL
);
-- Syndication: which story each article is a copy of, with the MinHash signatures that
-- found it (ingest/nearduplicates.py). No row: not computed yet (reindex fills it in).
CREATE TABLE IF NOT EXISTS stories (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    collection TEXT NOT NULL,
    story INTEGER NOT NULL,  -- row id of the story's first copy; a label, kept after it goes
    lead BLOB,  -- signature of the text's lead; NULL: too short to compare
    whole BLOB,  -- signature of the whole text
    shingles INTEGER NOT NULL DEFAULT 0  -- distinct shingles of the whole text
);
CREATE INDEX IF NOT EXISTS stories_by_story ON stories (collection, story);
-- One row per band of each lead signature: copies share a key, so candidates are a lookup.
CREATE TABLE IF NOT EXISTS story_bands (
    collection TEXT NOT NULL,
    key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS story_bands_by_key ON story_bands (collection, key);
CREATE INDEX IF NOT EXISTS story_bands_by_article ON story_bands (article_id);
"""
    + SPEAKER_WORDS_TABLE
)


Migration = Callable[[sqlite3.Connection], None]


def _add_column(table: str, column: str, kind: str) -> Migration:
    def add(db: sqlite3.Connection) -> None:
        # Databases upgraded by releases before numbered migrations may have it already; one
        # from before the table existed gets the table, column included, from the schema.
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if columns and column not in columns:
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


def _number_feeds(db: sqlite3.Connection) -> None:
    """Number each collection's feeds 1, 2, 3… in the order they were followed.

    Feeds were shown by their row id, shared by every server: a server's second feed could be
    "#57", which also told it how many feeds other servers follow.
    """
    _add_column("collections", "last_feed_number", "INTEGER NOT NULL DEFAULT 0")(db)
    if not {row[1] for row in db.execute("PRAGMA table_info(feeds)")}:
        return  # no feeds table yet: the schema creates it numbered
    _add_column("feeds", "number", "INTEGER")(db)
    rows = db.execute(
        "SELECT id, row_number() OVER (PARTITION BY collection ORDER BY id) FROM feeds"
    )
    db.executemany("UPDATE feeds SET number = ? WHERE id = ?", [(n, i) for i, n in rows])
    db.execute(
        "UPDATE collections SET last_feed_number = (SELECT coalesce(max(number), 0) FROM feeds "
        "WHERE feeds.collection = collections.name)"
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
    (7, "feeds numbered per collection", _number_feeds),
    # Speakers stored so far were found by the first rules: the fill finds them again.
    (
        8,
        "speakers' rules recorded",
        _add_column("collections", "speaker_rules", "INTEGER NOT NULL DEFAULT 1"),
    ),
    # Filled from the speakers stored: no reindex needed.
    (9, "speakers' names indexed", index_stored_speakers),
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
