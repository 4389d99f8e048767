"""Removing an article, or a whole collection, from the database and the live indexes together."""

from __future__ import annotations

import logging

import numpy as np

from retrieval.library.access import CollectionAccess
from retrieval.types import ArticleSummary

log = logging.getLogger(__name__)


class ArticleRemover:
    """Delete articles and collections under the collection's writer lock."""

    def __init__(self, access: CollectionAccess) -> None:
        self._access = access
        self._store = access.store
        self._indexes = access.indexes

    def remove(self, collection: str, article_id: int) -> ArticleSummary:
        """Remove an article and its chunks from the collection."""
        store = self._store
        with self._access.writer(collection):
            summary = store.article(collection, article_id).summary
            row = store.ensure_collection(collection)
            chunk_ids = store.chunk_ids_of(collection, row.generation, article_id)
            with store.transaction() as db:
                store.delete_article(db, collection, article_id)
                revision = store.bump_revision(db, collection)
            removed = np.asarray(chunk_ids, dtype=np.int64)
            self._indexes.apply(collection, row.generation, revision, [], None, removed=removed)
        log.info("removed #%d from %s", article_id, collection)
        return summary

    def delete_collection(self, collection: str) -> None:
        """Delete a whole collection: articles, chunks, feedback and index files."""
        with self._access.writer(collection):
            self._store.delete_collection(collection)
            self._indexes.delete(collection)
