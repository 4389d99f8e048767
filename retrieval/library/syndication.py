"""Syndication: linking each stored article to its story, at ingest and for older articles."""

from __future__ import annotations

import logging
import sqlite3

from retrieval.ingest.nearduplicates import (
    CopyThresholds,
    Fingerprint,
    Signature,
    band_keys,
    fingerprint,
    same_story,
)
from retrieval.library.access import CollectionAccess
from retrieval.store.sqlite import Store
from retrieval.store.story_table import StoredFingerprint
from retrieval.types import Progress

log = logging.getLogger(__name__)

# Articles fingerprinted and linked per write transaction when filling in older ones.
_STEP = 200


class StoryLinker:
    """Link an article to the story of the stored copy it matches best, or start a story."""

    def __init__(self, store: Store, thresholds: CopyThresholds) -> None:
        self._store = store
        self._thresholds = thresholds

    def link(
        self, db: sqlite3.Connection, collection: str, article_id: int, found: Fingerprint | None
    ) -> int:
        """Record the article's story inside the caller's transaction; return the story id.

        Candidates come from the band keys of the lead signature (an index lookup), and each
        is checked on its stored signatures; the best match's story is joined. A text too
        short to compare starts a story of its own.
        """
        if found is None:
            self._store.insert_story(db, collection, article_id, article_id, None, [])
            return article_id
        keys = band_keys(found.lead)
        story, best = article_id, 0.0
        for stored in self._store.story_candidates(db, collection, keys):
            other = _fingerprint_of(stored)
            if stored.article_id == article_id or other is None:
                continue
            alike = same_story(found, other, self._thresholds)
            if alike is not None and alike > best:
                story, best = stored.story, alike
        signatures = (found.lead.to_bytes(), found.whole.to_bytes(), found.whole.shingles)
        self._store.insert_story(db, collection, article_id, story, signatures, keys)
        return story


class StoryFiller:
    """Give stories to the articles stored before syndication existed, without re-embedding."""

    def __init__(self, access: CollectionAccess, linker: StoryLinker) -> None:
        self._access = access
        self._store = access.store
        self._linker = linker

    def fill(self, collection: str, progress: Progress | None) -> int:
        """Fingerprint and link every article without a story, oldest first; return how many."""
        total = self._store.count_without_story(collection)
        done, after = 0, -1
        while step := self._store.articles_without_story(collection, after, _STEP):
            prints = [(article_id, fingerprint(text)) for article_id, text in step]
            # The writer lock: an add linking at the same time must see these rows.
            with self._access.writer(collection), self._store.transaction() as db:
                for article_id, found in prints:
                    exists = db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
                    if exists.fetchone():  # removed meanwhile: nothing to link
                        self._linker.link(db, collection, article_id, found)
            done += len(step)
            after = step[-1][0]
            if progress:
                progress(done, total, "")
        log.info("linked the stories of %d articles of %s", done, collection)
        return done


def _fingerprint_of(stored: StoredFingerprint) -> Fingerprint | None:
    if stored.lead is None or stored.whole is None:
        return None
    # The lead's own shingle count is not kept: containment reads only the whole's.
    lead = Signature.from_bytes(stored.lead, 0)
    return Fingerprint(lead, Signature.from_bytes(stored.whole, stored.shingles))
