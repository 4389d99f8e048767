"""Hybrid retrieval: dense and BM25 candidates fused, optionally reranked, a few per article."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from retrieval.index.bm25 import LexicalIndex
from retrieval.index.protocol import DenseHits, VectorStore
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
        return cls(
            dense_k=settings.dense_k,
            lexical_k=settings.lexical_k,
            rrf_k=settings.rrf_k,
            dense_weight=settings.dense_weight,
            lexical_weight=settings.lexical_weight,
            passages_per_article=settings.passages_per_article,
            max_passages=settings.max_passages,
            fusion=settings.fusion,
            article_second_weight=settings.article_second_weight,
            rerank_k=settings.rerank_k,
            date_weight=settings.date_weight,
            date_scale_days=settings.date_scale_days,
            dense_refine=settings.dense_refine,
        )


@dataclass(frozen=True)
class RankedChunk:
    """A candidate chunk with its place in each list and its fused score."""

    chunk_id: int
    fused: float
    dense_rank: int | None
    lexical_rank: int | None


ChunkLoader = Callable[[Sequence[int]], dict[int, StoredChunk]]
VectorLoader = Callable[[Sequence[int]], dict[int, npt.NDArray[np.float32]]]
# Scores (question, passage text) pairs; higher is more relevant.
Reranker = Callable[[str, Sequence[str]], Sequence[float]]


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


def fuse_scores(
    dense: Sequence[tuple[int, float]],
    lexical: Sequence[tuple[int, float]],
    config: SearchConfig,
) -> list[RankedChunk]:
    """Combine two scored lists by weighted sums of max-normalised scores, best first."""

    def normalised(hits: Sequence[tuple[int, float]]) -> dict[int, float]:
        if not hits:
            return {}
        top = max(score for _, score in hits)
        low = min(score for _, score in hits)
        # Scores relative to this query's best and worst candidates make BM25 and cosine comparable.
        span = top - low or 1.0
        return {chunk_id: (score - low) / span for chunk_id, score in hits}

    dense_norm, lexical_norm = normalised(dense), normalised(lexical)
    dense_rank = {chunk_id: rank for rank, (chunk_id, _) in enumerate(dense, start=1)}
    lexical_rank = {chunk_id: rank for rank, (chunk_id, _) in enumerate(lexical, start=1)}
    ranked = [
        RankedChunk(
            chunk_id,
            config.dense_weight * dense_norm.get(chunk_id, 0.0)
            + config.lexical_weight * lexical_norm.get(chunk_id, 0.0),
            dense_rank.get(chunk_id),
            lexical_rank.get(chunk_id),
        )
        for chunk_id in dense_norm.keys() | lexical_norm.keys()
    ]
    ranked.sort(key=lambda r: (-r.fused, r.chunk_id))
    return ranked


def rank_by_article(
    ranked: Sequence[RankedChunk], article_of: dict[int, int], second_weight: float
) -> list[RankedChunk]:
    """Order chunks by their article's score (best chunk plus part of the second), then own."""
    best: dict[int, list[float]] = {}
    for candidate in ranked:
        scores = best.setdefault(article_of[candidate.chunk_id], [])
        if len(scores) < 2:
            scores.append(candidate.fused)
    article_score = {
        article: scores[0] + second_weight * (scores[1] if len(scores) > 1 else 0.0)
        for article, scores in best.items()
    }
    return sorted(
        ranked,
        key=lambda r: (-article_score[article_of[r.chunk_id]], -r.fused, r.chunk_id),
    )


def published_date(published: str | None) -> date | None:
    """Return the date of an ISO publication date string, or None when there is none."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def date_closeness(published: date, as_of: date, scale_days: float) -> float:
    """Return 1 for an article of the question's day, falling towards 0 with distance in time."""
    return 1.0 / (1.0 + abs((as_of - published).days) / scale_days)


def weigh_by_date(
    ranked: Sequence[RankedChunk],
    chunks: dict[int, StoredChunk],
    as_of: date,
    config: SearchConfig,
) -> list[RankedChunk]:
    """Scale fused scores towards articles published near the question's date, best first."""
    closeness: dict[int, float] = {}
    for r in ranked:
        published = published_date(chunks[r.chunk_id].source.published)
        if published is not None:
            closeness[r.chunk_id] = date_closeness(published, as_of, config.date_scale_days)
    # An undated article is neither favoured nor penalised: it gets the candidates' average.
    neutral = sum(closeness.values()) / len(closeness) if closeness else 1.0
    weighted = []
    for r in ranked:
        factor = 1.0 - config.date_weight + config.date_weight * closeness.get(r.chunk_id, neutral)
        weighted.append(RankedChunk(r.chunk_id, r.fused * factor, r.dense_rank, r.lexical_rank))
    weighted.sort(key=lambda r: (-r.fused, r.chunk_id))
    return weighted


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
    lexical_hits = (
        lexical.search(question, config.lexical_k * margin)
        if retrievers != "dense"
        else lexical.search(question, 0)
    )
    candidate_ids = list(dict.fromkeys(dense_hits.ids.tolist() + lexical_hits.ids.tolist()))
    if not candidate_ids:
        return []
    chunks = load_chunks(candidate_ids)

    def kept(
        ids: npt.NDArray[np.int64], scores: npt.NDArray[np.float32], k: int
    ) -> list[tuple[int, float]]:
        # Removed chunks and excluded articles go before ranking, as if they were not there.
        pairs = [
            (int(i), float(s))
            for i, s in zip(ids.tolist(), scores.tolist(), strict=True)
            if int(i) in chunks and chunks[int(i)].article_id not in exclude_articles
        ]
        return pairs[:k]

    dense_pairs = kept(dense_hits.ids, dense_hits.scores, config.dense_k)
    lexical_pairs = kept(lexical_hits.ids, lexical_hits.scores, config.lexical_k)
    if config.fusion == "score":
        ranked = fuse_scores(dense_pairs, lexical_pairs, config)
    else:
        ranked = fuse_ranks([i for i, _ in dense_pairs], [i for i, _ in lexical_pairs], config)
    if not ranked:
        return []
    cosine = dict(dense_pairs)
    missing = [r.chunk_id for r in ranked if r.chunk_id not in cosine]
    # Lexical-only candidates still get a cosine score, so confidence compares like with like.
    for chunk_id, vector in load_vectors(missing).items():
        cosine[chunk_id] = float(np.dot(vector, query_vector.reshape(-1)))
    if as_of is not None and config.date_weight > 0:
        # News questions ask about what was new when they were asked.
        ranked = weigh_by_date(ranked, chunks, as_of, config)
    if reranker is not None and config.rerank_k > 0:
        ranked = _rerank(question, ranked, chunks, reranker, config.rerank_k)
    if config.article_second_weight > 0:
        article_of = {r.chunk_id: chunks[r.chunk_id].article_id for r in ranked}
        ranked = rank_by_article(ranked, article_of, config.article_second_weight)
    per_article: dict[int, int] = {}
    passages: list[Passage] = []
    wanted = config.max_passages if limit is None else limit
    for candidate in ranked:
        chunk = chunks[candidate.chunk_id]
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
    rescored.sort(key=lambda r: (-r.fused, r.chunk_id))
    return rescored + tail
