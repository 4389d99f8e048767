"""The feed tables: a data directory from before feeds opens and follows feeds."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from feed_server import FeedServer

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library
from retrieval.store.schema import SCHEMA


def _schema_before_feeds() -> str:
    """Return the tables as schema 5 created them: no feeds, no feed_entries."""
    pattern = (
        r"\nCREATE TABLE IF NOT EXISTS feeds \(.*?CREATE TABLE IF NOT EXISTS feed_entries \(.*?\);"
    )
    schema, found = re.subn(pattern, "", SCHEMA, flags=re.S)
    assert found == 1 and "feed_entries" not in schema and "EXISTS feeds" not in schema
    return schema


def test_a_database_from_before_feeds_opens_and_follows_a_feed(
    feed_settings: Callable[..., Settings], feed_server: FeedServer, seed_article: Path
) -> None:
    settings = feed_settings()
    path = Path(settings.data_dir) / "articlebot.sqlite3"
    path.parent.mkdir(parents=True)
    old = sqlite3.connect(path)
    old.executescript(_schema_before_feeds())
    old.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    old.commit()
    old.close()

    with Library(settings, embedder=HashingEmbedder()) as library:
        library.add_file("local", seed_article)
        library.add_feed("local", feed_server.url("/rss.xml"))
        [poll] = library.poll_feeds("local")
        assert len(poll.added) == 2
        assert library.count("local") == 3
