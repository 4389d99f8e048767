"""Abstention: precision, recall and answered rate across thresholds, and the threshold chosen."""

from __future__ import annotations

from retrieval.evaluation import abstention


def test_abstention_precision_recall_and_answered_rate() -> None:
    answerable = [0.9, 0.8, 0.7, 0.3]
    unanswerable = [0.2, 0.25, 0.6, 0.75]
    point = abstention.abstention_point(0.5, answerable, unanswerable)
    # Abstains on 0.3 (wrong), 0.2 and 0.25 (right).
    assert point == abstention.AbstentionPoint(0.5, 0.6667, 0.5, 0.75)
    assert abstention.abstention_point(0.1, answerable, unanswerable).precision == 1.0
    curve = abstention.abstention_curve(answerable, unanswerable, steps=5)
    assert [p.threshold for p in curve] == [0.2, 0.375, 0.55, 0.725, 0.9]
    assert [p.recall for p in curve] == sorted(p.recall for p in curve)
    chosen = abstention.choose_threshold(curve, min_precision=0.6, min_answered=0.75)
    assert chosen is not None and chosen.threshold == 0.55
    assert abstention.choose_threshold(curve, min_precision=1.0, min_answered=1.0) is None
