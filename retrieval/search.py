"""Hybrid retrieval: dense and BM25 candidates fused by reciprocal rank, a few per article."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.index import DenseIndex
from retrieval.lexical import LexicalIndex
from retrieval.store import StoredChunk
from retrieval.types import Passage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchConfig:
    """How many candidates each retriever proposes and how their ranks are fused."""

    dense_k: int = 50
    lexical_k: int = 50
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    passages_per_article: int = 2
    max_passages: int = 8


@dataclass(frozen=True)
class RankedChunk:
    """A candidate chunk with its place in each list and its fused score."""

    chunk_id: int
    fused: float
    dense_rank: int | None
    lexical_rank: int | None


ChunkLoader = Callable[[Sequence[int]], dict[int, StoredChunk]]
VectorLoader = Callable[[Sequence[int]], dict[int, npt.NDArray[np.float32]]]


def fuse_ranks(
    dense_ids: Sequence[int], lexical_ids: Sequence[int], config: SearchConfig
) -> list[RankedChunk]:
    """Combine two ranked id lists with weighted reciprocal-rank fusion, best first."""
    dense_rank = {int(chunk_id): rank for rank, chunk_id in enumerate(dense_ids, start=1)}
    lexical_rank = {int(chunk_id): rank for rank, chunk_id in enumerate(lexical_ids, start=1)}
    ranked: list[RankedChunk] = []
    for chunk_id in dense_rank.keys() | lexical_rank.keys():
        d, lex = dense_rank.get(chunk_id), lexical_rank.get(chunk_id)
        fused = 0.0
        if d is not None:
            fused += config.dense_weight / (config.rrf_k + d)
        if lex is not None:
            fused += config.lexical_weight / (config.rrf_k + lex)
        ranked.append(RankedChunk(chunk_id, fused, d, lex))
    ranked.sort(key=lambda r: (-r.fused, r.chunk_id))
    return ranked


def hybrid_search(
    question: str,
    query_vector: npt.NDArray[np.float32],
    dense: DenseIndex,
    lexical: LexicalIndex,
    load_chunks: ChunkLoader,
    load_vectors: VectorLoader,
    config: SearchConfig,
    limit: int | None = None,
) -> list[Passage]:
    """Return the best passages for a question, at most a few from any one article."""
    dense_hits = dense.search(query_vector, config.dense_k)
    lexical_hits = lexical.search(question, config.lexical_k)
    ranked = fuse_ranks(dense_hits.ids.tolist(), lexical_hits.ids.tolist(), config)
    if not ranked:
        return []
    chunks = load_chunks([r.chunk_id for r in ranked])
    cosine = dict(zip(dense_hits.ids.tolist(), dense_hits.scores.tolist(), strict=True))
    missing = [r.chunk_id for r in ranked if r.chunk_id not in cosine]
    # Lexical-only candidates still get a cosine score, so confidence compares like with like.
    for chunk_id, vector in load_vectors(missing).items():
        cosine[chunk_id] = float(np.dot(vector, query_vector.reshape(-1)))
    per_article: dict[int, int] = {}
    passages: list[Passage] = []
    wanted = config.max_passages if limit is None else limit
    for candidate in ranked:
        chunk = chunks.get(candidate.chunk_id)
        if chunk is None:  # removed since the index was read
            continue
        if per_article.get(chunk.article_id, 0) >= config.passages_per_article:
            continue
        per_article[chunk.article_id] = per_article.get(chunk.article_id, 0) + 1
        passages.append(
            Passage(
                chunk_id=chunk.id,
                source=chunk.source,
                start=chunk.start,
                end=chunk.end,
                text=chunk.text,
                score=candidate.fused,
                dense_score=cosine.get(chunk.id, 0.0),
                dense_rank=candidate.dense_rank,
                lexical_rank=candidate.lexical_rank,
                sentences=chunk.sentences,
            )
        )
        if len(passages) >= wanted:
            break
    return passages
