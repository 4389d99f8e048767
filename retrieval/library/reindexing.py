"""Reindexing a collection into a new generation, and moving its vectors to another store."""

from __future__ import annotations

import logging
import time

from retrieval.index.faiss_store import IndexManifest, IndexParams
from retrieval.index.stores import build_store, drop_replaced
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.ingest.encoding import ChunkEncoder
from retrieval.library.access import CollectionAccess
from retrieval.types import Progress, ReindexResult

log = logging.getLogger(__name__)


class Reindexer:
    """Rebuild a collection's chunks and vectors beside the live ones, then switch over."""

    def __init__(self, access: CollectionAccess, encoder: ChunkEncoder) -> None:
        self._access = access
        self._store = access.store
        self._indexes = access.indexes
        self._encoder = encoder

    def reindex(self, collection: str, progress: Progress | None) -> ReindexResult:
        """Re-chunk and re-embed every article into a new generation, then switch to it."""
        with self._access.reindexing(collection):
            return self._reindex(collection, progress)

    def _reindex(self, collection: str, progress: Progress | None) -> ReindexResult:
        started = time.monotonic()
        store = self._store
        row = store.ensure_collection(collection)
        new_generation = row.generation + 1
        with store.transaction() as db:
            # Leftovers of a reindex that crashed part-way are never live: clear them first.
            store.drop_generations_except(db, collection, row.generation)
        articles = store.article_texts(collection)
        done_ids: set[int] = set()
        for done, (article_id, title, text) in enumerate(articles, start=1):
            self._insert_chunks(collection, new_generation, article_id, title, text)
            done_ids.add(article_id)
            if progress:
                progress(done, len(articles), title)
        # Articles added meanwhile (by this process or another) join the new generation; the
        # switch happens only in a transaction that sees none left out, so none loses its
        # passages to the old generation being dropped.
        while True:
            self._catch_up(collection, new_generation, done_ids)
            with self._access.writer(collection):
                if self._switch_if_complete(collection, new_generation, done_ids):
                    self._indexes.forget(collection)
                    live = self._access.live_index(collection)
                    break
        chunks = len(live.dense) if live else 0
        log.info("reindexed %s: generation %d, %d chunks", collection, new_generation, chunks)
        return ReindexResult(
            collection=collection,
            generation=new_generation,
            articles=store.article_count(collection),
            chunks=chunks,
            seconds=round(time.monotonic() - started, 3),
        )

    def migrate_vectors(self, collection: str, to: str) -> int:
        """Copy a collection's stored vectors into another store and point its index file there."""
        settings = self._access.settings.model_copy(update={"vector_store": to})
        store = self._store
        with self._access.writer(collection):
            row = store.ensure_collection(collection)
            dim = row.dim or self._access.embedder.dim
            old = self._indexes.peek(collection)
            dense = build_store(
                settings,
                collection,
                dim,
                store.chunk_count(collection, row.generation),
                lambda: store.vectors(collection, row.generation, dim),
                IndexParams.from_settings(settings),
            )
            manifest = IndexManifest(
                model=row.model or self._access.embedder.name,
                dim=dim,
                chunker_version=row.chunker_version or CHUNKER_VERSION,
                generation=row.generation,
                revision=row.revision,
                count=len(dense),
                index_type=dense.index_type,
            )
            dense.save(self._indexes.path(collection), manifest)
            self._indexes.forget(collection)
            if old is not None:
                drop_replaced(settings, old.dense, dense)
        log.info("migrated %d vectors of %s to %s", len(dense), collection, to)
        return len(dense)

    def _catch_up(self, collection: str, generation: int, done_ids: set[int]) -> None:
        """Chunk and embed into a generation the articles it does not have yet."""
        for article_id, title, text in self._store.article_texts(collection):
            if article_id not in done_ids:
                self._insert_chunks(collection, generation, article_id, title, text)
                done_ids.add(article_id)

    def _switch_if_complete(self, collection: str, generation: int, done_ids: set[int]) -> bool:
        """Make the generation live unless an article added since is missing from it."""
        store = self._store
        embedder = self._access.embedder
        with store.transaction() as db:
            stored = {
                int(r[0])
                for r in db.execute("SELECT id FROM articles WHERE collection = ?", (collection,))
            }
            if stored - done_ids:
                return False  # committed after the catch-up read: embed it and look again
            store.switch_generation(db, collection, generation)
            store.drop_generations_except(db, collection, generation)
            store.set_model(db, collection, embedder.name, embedder.dim, CHUNKER_VERSION)
        return True

    def _insert_chunks(
        self, collection: str, generation: int, article_id: int, title: str, text: str
    ) -> None:
        """Chunk and embed an article into a generation, unless it was removed meanwhile."""
        chunks = self._encoder.chunk_and_encode(title, text)
        with self._store.transaction() as db:
            exists = db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if exists:  # removed meanwhile: nothing to index
                self._store.insert_chunks(db, collection, generation, article_id, chunks)
