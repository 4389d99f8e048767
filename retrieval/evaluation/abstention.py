"""Abstention: how "not found" behaves across confidence thresholds, and which to choose."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AbstentionPoint:
    """How "not found" behaves at one confidence threshold."""

    threshold: float
    precision: float  # of the questions abstained on, the share that had no gold article
    recall: float  # of the questions with no gold article, the share abstained on
    answered_rate: float  # of the answerable questions, the share answered


def abstention_point(
    threshold: float, answerable: Sequence[float], unanswerable: Sequence[float]
) -> AbstentionPoint:
    """Return abstention precision, recall and answered rate if "not found" is below threshold."""
    wrong = sum(1 for c in answerable if c < threshold)
    right = sum(1 for c in unanswerable if c < threshold)
    abstained = wrong + right
    return AbstentionPoint(
        threshold=round(threshold, 4),
        precision=round(right / abstained, 4) if abstained else 1.0,
        recall=round(right / len(unanswerable), 4) if unanswerable else 0.0,
        answered_rate=round(1 - wrong / len(answerable), 4) if answerable else 0.0,
    )


def abstention_curve(
    answerable: Sequence[float], unanswerable: Sequence[float], steps: int = 41
) -> list[AbstentionPoint]:
    """Return abstention figures over evenly spaced thresholds spanning the confidences seen."""
    scores = list(answerable) + list(unanswerable)
    if not scores:
        return []
    low, high = math.floor(min(scores) * 100) / 100, math.ceil(max(scores) * 100) / 100
    step = (high - low) / (steps - 1) if high > low else 0.0
    return [abstention_point(low + i * step, answerable, unanswerable) for i in range(steps)]


def choose_threshold(
    curve: Sequence[AbstentionPoint], min_precision: float = 0.9, min_answered: float = 0.9
) -> AbstentionPoint | None:
    """Return the point with the most recall that meets both targets, or None when none does."""
    meeting = [
        p
        for p in curve
        if p.precision >= min_precision and p.answered_rate >= min_answered and p.recall > 0
    ]
    return max(meeting, key=lambda p: (p.recall, p.threshold), default=None)
