"""Fusing the dense and BM25 candidate lists into one ranking, then reordering it by date or
by article."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RankedChunk:
    """A candidate chunk with its place in each list and its fused score."""

    chunk_id: int
    fused: float
    dense_rank: int | None
    lexical_rank: int | None


def best_first(ranked: Iterable[RankedChunk]) -> list[RankedChunk]:
    """Sort by fused score, ties by chunk id so equal scores always come out in one order."""
    return sorted(ranked, key=lambda r: (-r.fused, r.chunk_id))


def _ranks(ids: Iterable[int]) -> dict[int, int]:
    return {int(chunk_id): rank for rank, chunk_id in enumerate(ids, start=1)}


def fuse_ranks(
    dense_ids: Sequence[int],
    lexical_ids: Sequence[int],
    *,
    rrf_k: float,
    dense_weight: float = 1.0,
    lexical_weight: float = 1.0,
) -> list[RankedChunk]:
    """Combine two ranked id lists with weighted reciprocal-rank fusion, best first."""
    dense_rank, lexical_rank = _ranks(dense_ids), _ranks(lexical_ids)
    ranked: list[RankedChunk] = []
    for chunk_id in dense_rank.keys() | lexical_rank.keys():
        d, lex = dense_rank.get(chunk_id), lexical_rank.get(chunk_id)
        fused = 0.0
        if d is not None:
            fused += dense_weight / (rrf_k + d)
        if lex is not None:
            fused += lexical_weight / (rrf_k + lex)
        ranked.append(RankedChunk(chunk_id, fused, d, lex))
    return best_first(ranked)


def normalised(hits: Sequence[tuple[int, float]]) -> dict[int, float]:
    """Map scores onto 0…1 between this list's worst and best (all 0 for a single score)."""
    if not hits:
        return {}
    top = max(score for _, score in hits)
    low = min(score for _, score in hits)
    # Scores relative to this query's best and worst candidates make BM25 and cosine comparable.
    span = top - low or 1.0
    return {chunk_id: (score - low) / span for chunk_id, score in hits}


def fuse_scores(
    dense: Sequence[tuple[int, float]],
    lexical: Sequence[tuple[int, float]],
    *,
    dense_weight: float = 1.0,
    lexical_weight: float = 1.0,
) -> list[RankedChunk]:
    """Combine two scored lists by weighted sums of normalised scores, best first."""
    dense_norm, lexical_norm = normalised(dense), normalised(lexical)
    dense_rank = _ranks(chunk_id for chunk_id, _ in dense)
    lexical_rank = _ranks(chunk_id for chunk_id, _ in lexical)
    return best_first(
        RankedChunk(
            chunk_id,
            dense_weight * dense_norm.get(chunk_id, 0.0)
            + lexical_weight * lexical_norm.get(chunk_id, 0.0),
            dense_rank.get(chunk_id),
            lexical_rank.get(chunk_id),
        )
        for chunk_id in dense_norm.keys() | lexical_norm.keys()
    )


def rank_by_article(
    ranked: Sequence[RankedChunk], article_of: Mapping[int, int], second_weight: float
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
    published: Mapping[int, str | None],
    as_of: date,
    *,
    weight: float,
    scale_days: float,
) -> list[RankedChunk]:
    """Scale fused scores towards articles published near the question's date, best first.

    `published` maps each chunk id to its article's ISO publication date, if any; `weight` is
    the share of the score that closeness in time decides (0 leaves the scores alone).
    """
    closeness: dict[int, float] = {}
    for r in ranked:
        day = published_date(published.get(r.chunk_id))
        if day is not None:
            closeness[r.chunk_id] = date_closeness(day, as_of, scale_days)
    # An undated article is neither favoured nor penalised: it gets the candidates' average.
    neutral = sum(closeness.values()) / len(closeness) if closeness else 1.0
    return best_first(
        RankedChunk(
            r.chunk_id,
            r.fused * (1.0 - weight + weight * closeness.get(r.chunk_id, neutral)),
            r.dense_rank,
            r.lexical_rank,
        )
        for r in ranked
    )
