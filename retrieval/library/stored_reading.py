"""Reading what is stored around the passages found: neighbouring chunks, the rest of their
articles, and the sentence vectors kept at ingest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from embeddings.base import Embedder, Vectors
from retrieval.store.chunk_table import StoredChunk
from retrieval.store.sqlite import Store
from retrieval.types import Passage

# The articles found first whose other passages are read when none of them quotes the speaker.
ARTICLES_READ_WHOLE = 3


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


def sentence_embedder(
    store: Store, embedder: Embedder, passages: Sequence[Passage]
) -> Callable[[list[str]], Vectors]:
    """Return an embedder for quote candidates that reads stored sentence vectors first."""
    stored: dict[str, npt.NDArray[np.float32]] = {}
    by_chunk = store.sentence_vectors([p.chunk_id for p in passages], embedder.dim)
    for passage in passages:
        vectors = by_chunk.get(passage.chunk_id)
        if vectors is None or len(vectors) != len(passage.sentences):
            continue  # stored before sentence vectors were kept: embedded on demand
        for span, vector in zip(passage.sentences, vectors, strict=True):
            text = passage.text[span.start - passage.start : span.end - passage.start]
            stored[text] = vector

    def embed(texts: list[str]) -> Vectors:
        missing = [t for t in dict.fromkeys(texts) if t not in stored]
        if missing:
            stored.update(zip(missing, embedder.embed(missing), strict=True))
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([stored[t] for t in texts]).astype(np.float32)

    return embed


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
