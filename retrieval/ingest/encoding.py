"""Chunk encoding: chunks and their sentences embedded in one batch, through a vector cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from embeddings import Embedder
from embeddings.base import SpanEmbedder
from retrieval.ingest.chunking import ChunkingConfig, chunk_article, embedding_text
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.speakers import SpeakerAttributor
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
    """Chunk articles, tag their sentences' entities, and embed chunks and sentences."""

    def __init__(
        self,
        embedder: Callable[[], Embedder],
        chunking: ChunkingConfig,
        cache: VectorCache | None = None,
        *,
        in_context: bool = False,
        context_share: float = 0.0,
        tagger: EntityTagger | None = None,
        attributor: SpeakerAttributor | None = None,
    ) -> None:
        # The embedder is asked for on use: the model loads only when something is encoded.
        self._embedder = embedder
        self._chunking = chunking
        self._cache = cache
        # Sentence vectors pooled from their chunk's pass, where the embedder can pool spans.
        self._in_context = in_context
        self._context_share = context_share
        # Tagged with the chunking, on whichever worker thread chunks (a bulk add's preparing
        # thread, beside the embedding of the batch before), never on the event loop.
        self._tagger = tagger
        # Speakers after entities: attribution names speakers from the entities just found.
        self._attributor = attributor

    def chunk(self, title: str, text: str) -> list[ChunkDraft]:
        """Split an article into chunks sized in the model's word pieces, entities tagged."""
        drafts = chunk_article(text, title, self._embedder().count_tokens, self._chunking)
        if self._tagger is not None:
            drafts = self._tagger.tag_chunks(text, drafts)
        if self._attributor is not None:
            drafts = self._attributor.attribute_chunks(text, drafts)
        return drafts

    def chunk_and_encode(self, title: str, text: str) -> list[NewChunk]:
        """Chunk one article and embed its chunks and sentences."""
        return self.encode([(title, text, self.chunk(title, text))])[0]

    def encode(self, articles: Sequence[ArticleChunks]) -> list[list[NewChunk]]:
        """Embed the chunks (title + text) and every sentence of several articles in one batch."""
        # Sentences are embedded at ingest so that choosing quotes costs no model call per
        # question; chunks overlap by a sentence, so each sentence is embedded once.
        embedder = self._embedder()
        if self._in_context and isinstance(embedder, SpanEmbedder):
            return self._encode_in_context(articles, embedder)
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
        keys = [_key(embedder.name, t) for t in texts]
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

    def _encode_in_context(
        self, articles: Sequence[ArticleChunks], embedder: SpanEmbedder
    ) -> list[list[NewChunk]]:
        """Embed each chunk once and pool its sentences from that same pass."""
        texts: list[str] = []
        spans: list[list[tuple[int, int]]] = []
        for title, _, drafts in articles:
            for draft in drafts:
                texts.append(embedding_text(title, draft.text))
                spans.append(_spans_in_chunk(texts[-1], draft))
        chunk_vectors, sentence_vectors = self._embed_spans(texts, spans, embedder)
        sentence_vectors = [
            centre_in_context(rows, vector, self._context_share)
            for rows, vector in zip(sentence_vectors, chunk_vectors, strict=True)
        ]
        self._fill_cut_off(texts, spans, sentence_vectors)
        rows = iter(zip(chunk_vectors, sentence_vectors, strict=True))
        return [[NewChunk(draft, *next(rows)) for draft in drafts] for _, _, drafts in articles]

    def _embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]], embedder: SpanEmbedder
    ) -> tuple[npt.NDArray[np.float32], list[npt.NDArray[np.float32]]]:
        """Run the span pass on the chunks the vector cache does not hold whole."""
        model = self._embedder()
        name, dim = model.name, model.dim
        if self._cache is None:
            return embedder.embed_spans(texts, spans)
        chunk_keys = [_key(name, text) for text in texts]
        sentence_keys = [
            [_key(name, f"in-context\0{text}\0{start}:{end}") for start, end in chunk_spans]
            for text, chunk_spans in zip(texts, spans, strict=True)
        ]
        cached = self._cache.cached_vectors(
            [*chunk_keys, *(k for keys in sentence_keys for k in keys)], dim
        )
        missing = [
            i
            for i, keys in enumerate(sentence_keys)
            if chunk_keys[i] not in cached or any(k not in cached for k in keys)
        ]
        if missing:
            fresh, pooled = embedder.embed_spans(
                [texts[i] for i in missing], [spans[i] for i in missing]
            )
            new: list[tuple[str, npt.NDArray[np.float32]]] = []
            for j, i in enumerate(missing):
                new.append((chunk_keys[i], fresh[j]))
                new += zip(sentence_keys[i], pooled[j], strict=True)
            self._cache.cache_vectors(new)
            cached.update(new)
        chunk_vectors = np.zeros((len(texts), dim), dtype=np.float32)
        for i, key in enumerate(chunk_keys):
            chunk_vectors[i] = cached[key]
        return chunk_vectors, [
            np.array([cached[k] for k in keys], dtype=np.float32).reshape(len(keys), dim)
            for keys in sentence_keys
        ]

    def _fill_cut_off(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]],
        sentence_vectors: list[npt.NDArray[np.float32]],
    ) -> None:
        """Embed on their own the sentences the model never read (past its token limit)."""
        cut_off = [
            (i, k)
            for i, rows in enumerate(sentence_vectors)
            for k, row in enumerate(rows)
            if not row.any()
        ]
        if not cut_off:
            return
        alone = self.embed([texts[i][slice(*spans[i][k])] for i, k in cut_off])
        for (i, k), vector in zip(cut_off, alone, strict=True):
            sentence_vectors[i][k] = vector


def centre_in_context(
    pooled: npt.NDArray[np.float32], chunk_vector: npt.NDArray[np.float32], share: float
) -> npt.NDArray[np.float32]:
    """Take a share of the chunk's vector out of its sentences' pooled vectors, renormalised.

    Sentences pooled from one pass share their chunk's context, which draws them together;
    taking part of it out lets a question tell them apart again. Rows the model never read
    (all zeros) stay zero, to be embedded on their own.
    """
    if share == 0.0 or not len(pooled):
        return pooled
    read = np.linalg.norm(pooled, axis=1, keepdims=True) > 0
    moved = np.where(read, pooled - share * chunk_vector, 0.0)
    norms = np.linalg.norm(moved, axis=1, keepdims=True)
    out: npt.NDArray[np.float32] = np.divide(
        moved, norms, out=np.zeros_like(moved), where=norms > 0
    ).astype(np.float32)
    return out


def _key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


def _spans_in_chunk(embedded: str, draft: ChunkDraft) -> list[tuple[int, int]]:
    """Return the chunk's sentence spans as offsets into the text embedded for it."""
    # The embedded text is the chunk's text after an optional title line.
    shift = len(embedded) - len(draft.text) - draft.start
    return [(span.start + shift, span.end + shift) for span in draft.sentences]


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
