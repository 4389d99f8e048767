"""Filling in the named entities of chunks stored before entities existed, without re-embedding."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from itertools import groupby

from retrieval.errors import ArticleNotFound, InvalidInput
from retrieval.ingest.entities import EntityTagger
from retrieval.library.access import CollectionAccess
from retrieval.store.chunk_table import UntaggedChunk
from retrieval.types import Progress, SentenceEntities

log = logging.getLogger(__name__)

# Chunks read, tagged and written per step: one short write transaction each, so adds and
# questions on the same database never wait long behind it.
_STEP = 500


class EntityFiller:
    """Tag the chunks of a collection's live generation whose entities are missing, in place.

    Chunks, vectors and the index stay as they are: only the entities column is written, so
    an upgraded collection gets its entities at the cost of tagging, not of re-embedding.
    """

    def __init__(self, access: CollectionAccess, tagger: EntityTagger) -> None:
        self._access = access
        self._store = access.store
        self._tagger = tagger

    def fill(self, collection: str, progress: Progress | None) -> int:
        """Tag every chunk of the live generation that lacks entities; return how many."""
        if not self._tagger.available():
            raise InvalidInput(
                "named entities are off (entity_model is empty or its spaCy model could not "
                "be loaded): nothing to fill in"
            )
        # The reindex lock: a reindex would otherwise switch generations under this one.
        with self._access.reindexing(collection):
            row = self._store.ensure_collection(collection)
            total = self._store.chunks_without_entities(collection)
            done = 0
            for step in self._steps(collection, row.generation):
                tagged = self._tag(collection, step)
                with self._store.transaction() as db:
                    self._store.set_entities(db, tagged)
                done += len(step)
                if progress:
                    progress(done, total, "")
        log.info("filled in the entities of %d chunks of %s", done, collection)
        return done

    def _steps(self, collection: str, generation: int) -> Iterator[list[UntaggedChunk]]:
        """Yield the untagged chunks in id order, a step at a time."""
        after = -1
        while step := self._store.untagged_chunks(collection, generation, after, _STEP):
            yield step
            after = step[-1].id

    def _tag(
        self, collection: str, chunks: Sequence[UntaggedChunk]
    ) -> list[tuple[int, SentenceEntities]]:
        """Tag the sentences of chunks, article by article (each sentence once per article)."""
        tagged: list[tuple[int, SentenceEntities]] = []
        for article_id, group in groupby(chunks, key=lambda c: c.article_id):
            of_article = list(group)
            try:
                text = self._store.article(collection, article_id).text
            except ArticleNotFound:  # removed since its chunks were read: they went with it
                continue
            found = self._tagger.tag_sentences(text, [c.sentences for c in of_article])
            if found is None:  # this article could not be tagged: leave it for the next run
                continue
            tagged += [(c.id, e) for c, e in zip(of_article, found, strict=True)]
        return tagged
