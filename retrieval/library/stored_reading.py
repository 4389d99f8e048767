"""Reading what is stored around the passages found: neighbouring chunks, the rest of their
articles, and the sentence vectors kept at ingest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from embeddings.base import Embedder, Vectors
from retrieval.store.chunk_table import StoredChunk
from retrieval.store.sqlite import Store
from retrieval.types import Passage

# What a reader of more passages is given: words to search for, or passages found.
_Asked = TypeVar("_Asked")

# The articles found first whose other passages are read when none of them quotes the speaker.
ARTICLES_READ_WHOLE = 3
# A speaker's statements across the collection: the newest this many chunks are weighed
# against the topic, and the nearest few read (a prolific speaker is bounded, not scanned).
SPOKEN_WEIGHED = 500
SPOKEN_READ = 6


class SpokenAsked(NamedTuple):
    """Whose statements to read from the speaker index, and on what."""

    words: frozenset[str]  # the words of the asked name, as the index keeps them
    topic: npt.NDArray[np.float32]  # the topic's vector: the nearest statements are read


def neighbouring_passages(
    store: Store, collection: str, passages: Sequence[Passage]
) -> list[Passage]:
    """Return the chunks just before and after the passages, which may hold the answer."""
    by_id = {p.chunk_id: p for p in passages}
    neighbours = store.neighbours(collection, list(by_id))
    pairs = [(c, n) for c, n in neighbours if n not in by_id]
    chunks = store.chunks(collection, list(dict.fromkeys(n for _, n in pairs)))
    context: dict[int, Passage] = {}
    for chunk_id, neighbour in pairs:
        chunk = chunks.get(neighbour)
        if chunk is None or neighbour in context:
            continue
        # A neighbour borrows the trust of the passage it sits next to.
        context[neighbour] = _borrowing(by_id[chunk_id], chunk)
    return list(context.values())


def rest_of_articles(store: Store, collection: str) -> Callable[[Sequence[Passage]], list[Passage]]:
    """Return a reader of every passage of the first articles among some passages."""

    def read(passages: Sequence[Passage]) -> list[Passage]:
        row = store.collection(collection)
        first: dict[int, Passage] = {}
        for passage in passages:
            first.setdefault(passage.source.article_id, passage)
        articles = list(first)[:ARTICLES_READ_WHOLE]
        if row is None or not articles:
            return []
        ids = [
            chunk_id
            for article in articles
            for chunk_id in store.chunk_ids_of(collection, row.generation, article)
        ]
        # Each passage read borrows the standing of its article's first passage found.
        ordered = sorted(
            store.chunks(collection, ids).values(), key=lambda c: (c.article_id, c.start)
        )
        return [_borrowing(first[chunk.article_id], chunk) for chunk in ordered]

    return read


def statements_of(
    store: Store, collection: str, excluded: frozenset[int] = frozenset()
) -> Callable[[SpokenAsked], list[Passage]]:
    """Return a reader of the chunks where a speaker of the asked name speaks, anywhere in the
    collection but the excluded articles: the nearest to the topic among their newest
    statements."""

    def read(asked: SpokenAsked) -> list[Passage]:
        row = store.collection(collection)
        if row is None or not asked.words:
            return []
        ids = store.spoken_by(collection, row.generation, sorted(asked.words), SPOKEN_WEIGHED)
        nearness = _nearest_sentences(store, ids, asked.topic)
        nearest = sorted(nearness, key=lambda chunk_id: -nearness[chunk_id])
        # Read a few more than kept, for those of excluded articles.
        chunks = store.chunks(collection, nearest[: SPOKEN_READ + len(excluded)])
        kept = [i for i in nearest if i in chunks and chunks[i].article_id not in excluded]
        return [_unranked(chunks[i], nearness[i]) for i in kept[:SPOKEN_READ]]

    return read


def _nearest_sentences(
    store: Store, ids: Sequence[int], topic: npt.NDArray[np.float32]
) -> dict[int, float]:
    """Return how near each chunk comes to the topic: its nearest sentence, read off the
    vectors stored at ingest; the chunk's own vector where they were not kept.

    A statement on the topic is one sentence among a chunk's others: "I didn't mean to cause
    any harm" sits in a chunk about the player's suspension, whose vector reads as that."""
    by_sentence = store.sentence_vectors(ids, len(topic))
    nearness = {
        chunk_id: float(np.max(vectors @ topic))
        for chunk_id, vectors in by_sentence.items()
        if len(vectors)
    }
    rest = [chunk_id for chunk_id in ids if chunk_id not in nearness]
    for chunk_id, vector in store.chunk_vectors(rest, len(topic)).items():
        nearness[chunk_id] = float(vector @ topic)
    return nearness


def _unranked(chunk: StoredChunk, nearness: float) -> Passage:
    """Return a stored chunk as a passage no search ranked: below every passage found."""
    return Passage(
        chunk_id=chunk.id,
        source=chunk.source,
        start=chunk.start,
        end=chunk.end,
        text=chunk.text,
        score=0.0,
        dense_score=nearness,
        dense_rank=None,
        lexical_rank=None,
        sentences=chunk.sentences,
        entities=chunk.entities,
        speakers=chunk.speakers,
    )


class StoredSentenceVectors:
    """Embeds quote candidates, reading the stored vectors of the passages it knows first.

    Passages read later (a search on a speaker question's topic, the chunks beside a
    statement) are taken in with `include`, so their sentences cost no model call either.
    """

    def __init__(self, store: Store, embedder: Embedder, passages: Sequence[Passage]) -> None:
        self._store = store
        self._embedder = embedder
        self._stored: dict[str, npt.NDArray[np.float32]] = {}
        self._read: set[int] = set()
        self.include(passages)

    def include(self, passages: Sequence[Passage]) -> list[Passage]:
        """Read the stored sentence vectors of passages not read yet; return the passages."""
        ids = dict.fromkeys(passage.chunk_id for passage in passages)
        new = [chunk_id for chunk_id in ids if chunk_id not in self._read]
        if new:
            by_chunk = self._store.sentence_vectors(new, self._embedder.dim)
            for passage in passages:
                vectors = by_chunk.get(passage.chunk_id)
                if vectors is None or len(vectors) != len(passage.sentences):
                    continue  # stored before sentence vectors were kept: embedded on demand
                for span, vector in zip(passage.sentences, vectors, strict=True):
                    text = passage.text[span.start - passage.start : span.end - passage.start]
                    self._stored.setdefault(text, vector)
            self._read.update(new)
        return list(passages)

    def __call__(self, texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in self._stored]
        if missing:
            self._stored.update(zip(missing, self._embedder.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, self._embedder.dim), dtype=np.float32)
        return np.stack([self._stored[t] for t in texts]).astype(np.float32)


def taking_in(
    read: Callable[[_Asked], list[Passage]], vectors: Callable[[list[str]], Vectors]
) -> Callable[[_Asked], list[Passage]]:
    """Return a reader of more passages whose stored sentence vectors the embedder takes in."""
    if not isinstance(vectors, StoredSentenceVectors):
        return read
    return lambda asked: vectors.include(read(asked))


def _borrowing(found: Passage, chunk: StoredChunk) -> Passage:
    """Return a stored chunk as a passage with the scores of a passage found beside it."""
    return replace(
        found,
        chunk_id=chunk.id,
        start=chunk.start,
        end=chunk.end,
        text=chunk.text,
        sentences=chunk.sentences,
        entities=chunk.entities,
        speakers=chunk.speakers,
    )
