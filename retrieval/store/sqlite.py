"""SQLite store: the source of truth for collections, articles, chunks and their vectors."""

from __future__ import annotations

from retrieval.store.article_table import ArticleTable, content_hash
from retrieval.store.chunk_table import ChunkTable, NewChunk, StoredChunk
from retrieval.store.collection_table import CollectionRow, CollectionTable
from retrieval.store.connection import now_iso
from retrieval.store.conversation_table import ConversationTable
from retrieval.store.departure_table import DepartureTable
from retrieval.store.failure_table import FailureTable
from retrieval.store.feed_table import FeedTable
from retrieval.store.feedback_table import FeedbackTable
from retrieval.store.gap_table import GapTable
from retrieval.store.schema import SCHEMA_VERSION
from retrieval.store.server_settings_table import ServerSettingsTable
from retrieval.store.speaker_index import SpeakerIndexTable
from retrieval.store.story_table import StoryTable
from retrieval.store.vector_cache import VectorCache

__all__ = [
    "SCHEMA_VERSION",
    "CollectionRow",
    "NewChunk",
    "Store",
    "StoredChunk",
    "content_hash",
    "now_iso",
]


class Store(
    CollectionTable,
    ArticleTable,
    ChunkTable,
    FailureTable,
    FeedbackTable,
    VectorCache,
    DepartureTable,
    FeedTable,
    ConversationTable,
    ServerSettingsTable,
    GapTable,
    StoryTable,
    SpeakerIndexTable,
):
    """Thread-safe access to the SQLite database; one connection per thread, WAL journal.

    Each table's queries live in its own class over one shared `Database` (the connections and
    transactions), so a write that spans tables (an article and its chunks) is one transaction.
    """
