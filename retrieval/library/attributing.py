"""Filling in the speakers of chunks stored before attribution existed, without re-embedding."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from retrieval.errors import ArticleNotFound, InvalidInput
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.library.access import CollectionAccess
from retrieval.types import Progress, SentenceSpeakers

log = logging.getLogger(__name__)

# Articles attributed and written per step: one short write transaction each.
_STEP = 50


class SpeakerFiller:
    """Attribute the speakers of a collection's live generation where they are missing.

    A whole article is attributed at once (a quotation runs over chunks, and "he said" looks
    back through the article); only the speakers column is written.
    """

    def __init__(self, access: CollectionAccess, attributor: SpeakerAttributor) -> None:
        self._access = access
        self._store = access.store
        self._attributor = attributor

    def fill(self, collection: str, progress: Progress | None) -> int:
        """Attribute every chunk of the live generation that lacks speakers; return how many.

        In a collection whose speakers came from older attribution rules, that is every chunk.
        """
        if not self._attributor.available():
            raise InvalidInput(
                "speaker attribution is off (speaker_attribution is false, entity_model is "
                "empty, or its spaCy model could not be loaded): nothing to fill in"
            )
        with self._access.reindexing(collection):
            row = self._store.ensure_collection(collection)
            total = self._store.chunks_without_speakers(collection)
            done = 0
            for step in self._steps(collection, row.generation):
                found: list[tuple[int, SentenceSpeakers]] = []
                for article_id in step:
                    found += self._attribute(collection, row.generation, article_id)
                with self._store.transaction() as db:
                    self._store.set_speakers(db, collection, found)
                done += len(found)
                if progress:
                    progress(min(done, total), total, "")
            self._store.speakers_found_again(collection)
        log.info("attributed the speakers of %d chunks of %s", done, collection)
        return done

    def _steps(self, collection: str, generation: int) -> Iterator[list[int]]:
        after = -1
        while step := self._store.articles_without_speakers(collection, generation, after, _STEP):
            yield step
            after = step[-1]

    def _attribute(
        self, collection: str, generation: int, article_id: int
    ) -> list[tuple[int, SentenceSpeakers]]:
        """Attribute one article's chunks of the generation, from its text and entities."""
        try:
            text = self._store.article(collection, article_id).text
        except ArticleNotFound:  # removed since its chunks were listed: they went with it
            return []
        ids = self._store.chunk_ids_of(collection, generation, article_id)
        chunks = sorted(self._store.chunks(collection, ids).values(), key=lambda c: c.ordinal)
        if any(c.entities is None for c in chunks):
            return []  # speakers are named from entities: fill those in first
        found = self._attributor.attribute_sentences(
            text, [c.sentences for c in chunks], [c.entities for c in chunks]
        )
        if found is None:  # this article could not be attributed: leave it for the next run
            return []
        return [(c.id, s) for c, s in zip(chunks, found, strict=True)]
