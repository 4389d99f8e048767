"""Answer quality figures: Hits@k and MRR over article rankings, answers found in quotes."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.types import Answer, Passage

RANK_DEPTH = 10


@dataclass(frozen=True)
class RankingMetrics:
    """Article-level ranking quality over a question set."""

    hits_1: float
    hits_4: float
    hits_10: float
    mrr_10: float

    def to_dict(self) -> dict[str, float]:
        """Return the figures under their report keys."""
        return {
            "hits@1": self.hits_1,
            "hits@4": self.hits_4,
            "hits@10": self.hits_10,
            "mrr@10": self.mrr_10,
        }


_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})


def normalise_answer(text: str) -> str:
    """Fold case, quotes, apostrophes, punctuation and whitespace for answer matching."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    # Apostrophes split words like any punctuation, so "Biden's" still contains "Biden".
    text = "".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in text)
    return " ".join(text.split())


def answer_in(answer: str, texts: Sequence[str]) -> bool:
    """Return whether the normalised answer appears, on word boundaries, in the joined texts."""
    needle = normalise_answer(answer)
    if not needle:
        return False
    haystack = f" {normalise_answer(' '.join(texts))} "
    return f" {needle} " in haystack


def quoted(answer: Answer, expected: str) -> bool:
    """Return whether the expected answer appears in the sentences the answer quotes."""
    return answer_in(expected, [q.text for q in answer.quotes])


def answer_elsewhere(answer: str, gold: frozenset[int], texts: dict[int, str]) -> bool:
    """Return whether the answer is in an article outside the gold set (texts are normalised)."""
    return _written_in(answer, [text for key, text in texts.items() if key not in gold])


def answer_in_gold(answer: str, gold: frozenset[int], texts: dict[int, str]) -> bool:
    """Return whether the answer is written in a gold article's text (texts are normalised).

    Weak gold can name an answer its articles never write out ("New Jersey & Oregon" for an
    article that names the two states apart); no quote can hold such an answer, so the share
    of questions that have one is the ceiling of answer@quotes.
    """
    return _written_in(answer, [texts[key] for key in gold if key in texts])


def _written_in(answer: str, normalised_texts: Sequence[str]) -> bool:
    needle = normalise_answer(answer)
    return bool(needle) and any(f" {needle} " in text for text in normalised_texts)


def collapse_to_articles(passages: Sequence[Passage]) -> list[int]:
    """Return the article ids of a chunk ranking, each once, in order of first appearance."""
    return list(dict.fromkeys(p.source.article_id for p in passages))


def hits_at(rankings: Sequence[Sequence[int]], golds: Sequence[frozenset[int]], k: int) -> float:
    """Return the share of questions with a gold article in the top k."""
    if not rankings:
        return 0.0
    hits = sum(1 for r, g in zip(rankings, golds, strict=True) if g.intersection(r[:k]))
    return hits / len(rankings)


def mrr_at(rankings: Sequence[Sequence[int]], golds: Sequence[frozenset[int]], k: int) -> float:
    """Return the mean reciprocal rank of the first gold article within the top k (0 beyond)."""
    if not rankings:
        return 0.0
    total = 0.0
    for ranking, gold in zip(rankings, golds, strict=True):
        for rank, article in enumerate(ranking[:k], start=1):
            if article in gold:
                total += 1.0 / rank
                break
    return total / len(rankings)


def ranking_metrics(
    rankings: Sequence[Sequence[int]], golds: Sequence[frozenset[int]]
) -> RankingMetrics:
    """Return Hits@1/4/10 and MRR@10, rounded for reporting."""
    return RankingMetrics(
        hits_1=round(hits_at(rankings, golds, 1), 4),
        hits_4=round(hits_at(rankings, golds, 4), 4),
        hits_10=round(hits_at(rankings, golds, 10), 4),
        mrr_10=round(mrr_at(rankings, golds, RANK_DEPTH), 4),
    )


def percentile(values: Sequence[float], q: float) -> float:
    """Return the q-th percentile (0-100) by linear interpolation between order statistics."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
