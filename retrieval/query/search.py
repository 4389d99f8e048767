"""Hybrid retrieval: dense and BM25 candidates fused, optionally reranked, a few per article."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from config import settings_for
from retrieval.index.bm25 import LexicalHits, LexicalIndex
from retrieval.index.protocol import DenseHits, VectorStore
from retrieval.query.fusion import (
    RankedChunk,
    best_first,
    fuse_ranks,
    fuse_scores,
    rank_by_article,
    weigh_by_date,
)
from retrieval.store.sqlite import StoredChunk
from retrieval.types import Passage

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

Retrievers = Literal["hybrid", "dense", "lexical"]
Fusion = Literal["rrf", "score"]


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
    fusion: Fusion = "rrf"
    article_second_weight: float = 0.0
    rerank_k: int = 30
    date_weight: float = 0.0
    date_scale_days: float = 30.0
    dense_refine: int = 4

    @classmethod
    def from_settings(cls, settings: Settings) -> SearchConfig:
        """Read the retrieval settings."""
        return cls(**settings_for(cls, settings))


ChunkLoader = Callable[[Sequence[int]], dict[int, StoredChunk]]
VectorLoader = Callable[[Sequence[int]], dict[int, npt.NDArray[np.float32]]]
# Scores (question, passage text) pairs; higher is more relevant.
Reranker = Callable[[str, Sequence[str]], Sequence[float]]
ScoredIds = list[tuple[int, float]]


def dense_search(
    dense: VectorStore,
    query_vector: npt.NDArray[np.float32],
    k: int,
    load_vectors: VectorLoader,
    refine: int,
) -> DenseHits:
    """Search the vector store; a lossy one proposes refine × k, re-scored with exact vectors.

    8-bit codes blur the scores of near-duplicates (the same story from many outlets) enough to
    swap neighbours; the database holds every exact vector, so the last step is exact.
    """
    if dense.exact or refine <= 1 or k <= 0:
        return dense.search(query_vector, k)
    hits = dense.search(query_vector, k * refine)
    vectors = load_vectors(hits.ids.tolist())
    ids = np.array([i for i in hits.ids.tolist() if i in vectors], dtype=np.int64)
    if not len(ids):
        return DenseHits(hits.ids[:k], hits.scores[:k])
    scores = np.stack([vectors[int(i)] for i in ids]) @ query_vector.reshape(-1)
    order = np.argsort(-scores, kind="stable")[:k]
    return DenseHits(ids[order], scores[order].astype(np.float32))


def hybrid_search(
    question: str,
    query_vector: npt.NDArray[np.float32],
    dense: VectorStore,
    lexical: LexicalIndex,
    load_chunks: ChunkLoader,
    load_vectors: VectorLoader,
    config: SearchConfig,
    limit: int | None = None,
    *,
    exclude_articles: frozenset[int] = frozenset(),
    retrievers: Retrievers = "hybrid",
    reranker: Reranker | None = None,
    as_of: date | None = None,
) -> list[Passage]:
    """Return the best passages for a question, at most a few from any one article."""
    # Excluded articles must not shrink the candidate lists, so ask each retriever for more.
    margin = 2 if exclude_articles else 1
    dense_k = config.dense_k * margin if retrievers != "lexical" else 0
    dense_hits = dense_search(dense, query_vector, dense_k, load_vectors, config.dense_refine)
    lexical_k = config.lexical_k * margin if retrievers != "dense" else 0
    lexical_hits = lexical.search(question, lexical_k)
    candidate_ids = list(dict.fromkeys(dense_hits.ids.tolist() + lexical_hits.ids.tolist()))
    if not candidate_ids:
        return []
    chunks = load_chunks(candidate_ids)
    dense_pairs = _kept(dense_hits, chunks, exclude_articles, config.dense_k)
    lexical_pairs = _kept(lexical_hits, chunks, exclude_articles, config.lexical_k)
    ranked = _fuse(dense_pairs, lexical_pairs, config)
    if not ranked:
        return []
    cosine = _cosines(ranked, dense_pairs, query_vector, load_vectors)
    if as_of is not None and config.date_weight > 0:
        # News questions ask about what was new when they were asked.
        published = {r.chunk_id: chunks[r.chunk_id].source.published for r in ranked}
        ranked = weigh_by_date(
            ranked,
            published,
            as_of,
            weight=config.date_weight,
            scale_days=config.date_scale_days,
        )
    if reranker is not None and config.rerank_k > 0:
        ranked = _rerank(question, ranked, chunks, reranker, config.rerank_k)
    if config.article_second_weight > 0:
        article_of = {r.chunk_id: chunks[r.chunk_id].article_id for r in ranked}
        ranked = rank_by_article(ranked, article_of, config.article_second_weight)
    wanted = config.max_passages if limit is None else limit
    return _passages(ranked, chunks, cosine, config.passages_per_article, wanted)


def _kept(
    hits: DenseHits | LexicalHits,
    chunks: dict[int, StoredChunk],
    exclude_articles: frozenset[int],
    k: int,
) -> ScoredIds:
    """Return the first k hits whose chunk still exists outside the excluded articles.

    Removed chunks and excluded articles go before ranking, as if they were not there.
    """
    pairs = [
        (int(i), float(s))
        for i, s in zip(hits.ids.tolist(), hits.scores.tolist(), strict=True)
        if int(i) in chunks and chunks[int(i)].article_id not in exclude_articles
    ]
    return pairs[:k]


def _fuse(dense: ScoredIds, lexical: ScoredIds, config: SearchConfig) -> list[RankedChunk]:
    """Fuse the two candidate lists the configured way."""
    if config.fusion == "score":
        return fuse_scores(
            dense,
            lexical,
            dense_weight=config.dense_weight,
            lexical_weight=config.lexical_weight,
        )
    return fuse_ranks(
        [i for i, _ in dense],
        [i for i, _ in lexical],
        rrf_k=config.rrf_k,
        dense_weight=config.dense_weight,
        lexical_weight=config.lexical_weight,
    )


def _cosines(
    ranked: Sequence[RankedChunk],
    dense: ScoredIds,
    query_vector: npt.NDArray[np.float32],
    load_vectors: VectorLoader,
) -> dict[int, float]:
    """Return every candidate's cosine with the question.

    Lexical-only candidates still get a cosine score, so confidence compares like with like.
    """
    cosine = dict(dense)
    missing = [r.chunk_id for r in ranked if r.chunk_id not in cosine]
    for chunk_id, vector in load_vectors(missing).items():
        cosine[chunk_id] = float(np.dot(vector, query_vector.reshape(-1)))
    return cosine


def _rerank(
    question: str,
    ranked: list[RankedChunk],
    chunks: dict[int, StoredChunk],
    reranker: Reranker,
    top: int,
) -> list[RankedChunk]:
    """Reorder the top candidates by a cross-encoder's scores; the rest keep their order below."""
    head, tail = ranked[:top], ranked[top:]
    texts = [f"{chunks[r.chunk_id].source.title}\n{chunks[r.chunk_id].text}" for r in head]
    scores = [float(s) for s in reranker(question, texts)]
    # Reranked candidates stay above the rest: their new scores sit above every fused score.
    floor = max((r.fused for r in tail), default=0.0)
    low = min(scores, default=0.0)
    rescored = [
        RankedChunk(r.chunk_id, floor + 1.0 + (s - low), r.dense_rank, r.lexical_rank)
        for r, s in zip(head, scores, strict=True)
    ]
    return best_first(rescored) + tail


def _passages(
    ranked: Sequence[RankedChunk],
    chunks: dict[int, StoredChunk],
    cosine: dict[int, float],
    per_article_limit: int,
    wanted: int,
) -> list[Passage]:
    """Turn the ranking into passages, best first, skipping an article's chunks past the limit."""
    per_article: dict[int, int] = {}
    passages: list[Passage] = []
    for candidate in ranked:
        chunk = chunks[candidate.chunk_id]
        if per_article.get(chunk.article_id, 0) >= per_article_limit:
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
                entities=chunk.entities,
                speakers=chunk.speakers,
            )
        )
        if len(passages) >= wanted:
            break
    return passages
