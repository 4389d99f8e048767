"""Removing an article, or a whole collection, from the database and the live indexes together."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

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

    def remove(self, collection: str, number: int) -> ArticleSummary:
        """Remove an article (by its number in the collection) and its chunks."""
        store = self._store
        with self._access.writer(collection):
            summary = store.numbered(collection, number).summary
            row = store.ensure_collection(collection)
            chunk_ids = store.chunk_ids_of(collection, row.generation, summary.key)
            with store.transaction() as db:
                store.delete_article(db, collection, summary.key)
                revision = store.bump_revision(db, collection)
            removed = np.asarray(chunk_ids, dtype=np.int64)
            self._indexes.apply(collection, row.generation, revision, [], None, removed=removed)
        log.info("removed #%d from %s", number, collection)
        return summary

    def delete_collection(self, collection: str, *, for_good: bool = False) -> None:
        """Delete a whole collection: articles, chunks, feedback and index files.

        `for_good` (its server left) also marks it removed in the same transaction, under the
        writer lock: an add still embedding for it then finds it gone when it commits and is
        refused, instead of creating the collection again.
        """
        with self._access.writer(collection):
            store = self._store
            with store.transaction() as db:
                if for_good:
                    store.mark_removed(db, collection)
                store.delete_collection_rows(db, collection)
                store.delete_feed_rows(db, collection)
            self._indexes.delete(collection)

    def welcome_back(self, collection: str) -> None:
        """Forget a collection's departure: its server is back and may add articles again."""
        self._store.clear_departure(collection)

    def purge_departed(
        self,
        present: Collection[str],
        prefix: str,
        grace: timedelta,
        now: datetime | None = None,
    ) -> list[str]:
        """Remove for good the `prefix` collections missing from `present` for over `grace`.

        A collection first seen missing is only noted; it goes on a later call once the grace
        period has passed, so a short outage or a wrong token deletes nothing. Collections
        present again lose their departure record. Returns the names removed.
        """
        now = now or datetime.now(UTC)
        for name in self._store.departures():
            if name in present:
                self.welcome_back(name)
        purged: list[str] = []
        for name in self._store.collection_names():
            if not name.startswith(prefix) or name in present:
                continue
            since = self._store.mark_missing(name, now)
            if now - since >= grace:
                self.delete_collection(name, for_good=True)
                log.info("removed %s: its server has been gone since %s", name, since)
                purged.append(name)
            else:
                log.info("%s has no server since %s; kept until %s", name, since, since + grace)
        return purged
