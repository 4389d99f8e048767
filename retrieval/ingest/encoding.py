"""Chunk encoding: chunks and their sentences embedded in one batch, through a vector cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from embeddings import Embedder
from retrieval.ingest.chunking import ChunkingConfig, chunk_article, embedding_text
from retrieval.store.sqlite import NewChunk
from retrieval.types import ChunkDraft, Span

# (title, text, chunks) of one article: what an encoder turns into chunks with vectors.
ArticleChunks = tuple[str, str, Sequence[ChunkDraft]]


class VectorCache(Protocol):
    """Vectors kept by a key naming the model and the text (the store implements it)."""

    def cached_vectors(self, keys: Sequence[str], dim: int) -> dict[str, npt.NDArray[np.float32]]:
        """Return the vectors held for those of the keys that are cached."""
        ...

    def cache_vectors(self, items: Sequence[tuple[str, npt.NDArray[np.float32]]]) -> None:
        """Keep vectors under their keys."""
        ...


class ChunkEncoder:
    """Chunk articles and embed their chunks and sentences, each sentence once per article."""

    def __init__(
        self,
        embedder: Callable[[], Embedder],
        chunking: ChunkingConfig,
        cache: VectorCache | None = None,
    ) -> None:
        # The embedder is asked for on use: the model loads only when something is encoded.
        self._embedder = embedder
        self._chunking = chunking
        self._cache = cache

    def chunk(self, title: str, text: str) -> list[ChunkDraft]:
        """Split an article into chunks sized in the model's word pieces."""
        return chunk_article(text, title, self._embedder().count_tokens, self._chunking)

    def chunk_and_encode(self, title: str, text: str) -> list[NewChunk]:
        """Chunk one article and embed its chunks and sentences."""
        return self.encode([(title, text, self.chunk(title, text))])[0]

    def encode(self, articles: Sequence[ArticleChunks]) -> list[list[NewChunk]]:
        """Embed the chunks (title + text) and every sentence of several articles in one batch."""
        # Sentences are embedded at ingest so that choosing quotes costs no model call per
        # question; chunks overlap by a sentence, so each sentence is embedded once.
        texts: list[str] = []
        layouts = [_lay_out(title, text, drafts, texts) for title, text, drafts in articles]
        vectors = self.embed(texts)
        return [
            [
                NewChunk(draft, vectors[chunk_row], vectors[sentence_rows])
                for draft, chunk_row, sentence_rows in zip(drafts, *layout, strict=True)
            ]
            for (_, _, drafts), layout in zip(articles, layouts, strict=True)
        ]

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed texts, reading and filling the vector cache when there is one."""
        embedder = self._embedder()
        if self._cache is None:
            return embedder.embed(list(texts))
        keys = [hashlib.sha256(f"{embedder.name}\0{t}".encode()).hexdigest() for t in texts]
        cached = self._cache.cached_vectors(keys, embedder.dim)
        missing = [i for i, k in enumerate(keys) if k not in cached]
        if missing:
            fresh = embedder.embed([texts[i] for i in missing])
            self._cache.cache_vectors([(keys[i], fresh[j]) for j, i in enumerate(missing)])
            for j, i in enumerate(missing):
                cached[keys[i]] = fresh[j]
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([cached[k] for k in keys]).astype(np.float32)


def _lay_out(
    title: str, text: str, drafts: Sequence[ChunkDraft], texts: list[str]
) -> tuple[list[int], list[list[int]]]:
    """Append an article's texts to embed; return each chunk's row and its sentences' rows."""
    chunk_rows = []
    for draft in drafts:
        chunk_rows.append(len(texts))
        texts.append(embedding_text(title, draft.text))
    sentence_row: dict[Span, int] = {}
    sentence_rows = []
    for draft in drafts:
        rows = []
        for span in draft.sentences:
            if span not in sentence_row:
                sentence_row[span] = len(texts)
                texts.append(text[span.start : span.end])
            rows.append(sentence_row[span])
        sentence_rows.append(rows)
    return chunk_rows, sentence_rows
