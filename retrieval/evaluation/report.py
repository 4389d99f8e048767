"""The evaluation report: each question's outcome and every figure of a run, as JSON too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from retrieval.evaluation.abstention import (
    AbstentionPoint,
    abstention_curve,
    abstention_point,
    choose_threshold,
)
from retrieval.evaluation.metrics import RankingMetrics, percentile, ranking_metrics


@dataclass(frozen=True)
class QuestionResult:
    """What happened to one question, for inspection."""

    id: str
    question: str
    answer: str
    ranking: tuple[int, ...]  # library article ids, best first
    gold: frozenset[int]
    found: bool
    confidence: float
    answered_in_quotes: bool
    unanswerable_confidence: float
    latency_ms: float
    answer_elsewhere: bool = False  # the answer string is in a non-gold article too
    answer_in_gold: bool = True  # the answer string is written in a gold article's text
    # Whether the quotes (shown, or held back below the threshold) hold the answer: what the
    # confidence claims to predict, asked normally and again with the gold articles removed.
    quotes_hold_answer: bool = False
    unanswerable_quotes_hold_answer: bool = False
    # Asked again about a made-up name in place of one it names (a story the library lacks);
    # None when the question names nothing to swap.
    renamed_confidence: float | None = None


@dataclass(frozen=True)
class ReliabilityBin:
    """Asks whose confidence fell in [low, high): how sure the answer was, how often right."""

    low: float
    high: float
    asks: int
    mean_confidence: float
    holds_answer: float


def reliability_table(
    confidences: Sequence[float], outcomes: Sequence[bool], bins: int = 5
) -> tuple[tuple[ReliabilityBin, ...], float]:
    """Return the reliability table and the expected calibration error (weighted |gap|)."""
    table: list[ReliabilityBin] = []
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [
            (c, o)
            for c, o in zip(confidences, outcomes, strict=True)
            if low <= c < high or (b == bins - 1 and c == 1.0)
        ]
        if not inside:
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        rate = sum(o for _, o in inside) / len(inside)
        error += len(inside) / len(confidences) * abs(mean - rate)
        table.append(ReliabilityBin(low, high, len(inside), round(mean, 3), round(rate, 3)))
    return tuple(table), round(error, 4)


@dataclass(frozen=True)
class EvalReport:
    """Every figure of one evaluation run."""

    questions: int
    articles: int
    ranking: RankingMetrics
    answer_at_quotes: float
    not_found: float
    latency_p50_ms: float
    latency_p95_ms: float
    baselines: dict[str, RankingMetrics]
    threshold: float
    abstention: AbstentionPoint
    curve: tuple[AbstentionPoint, ...]
    results: tuple[QuestionResult, ...] = field(default=(), repr=False)
    unanswerable_questions: int = 0
    # The stricter reading: only gold-removed questions whose answer no other article holds.
    abstention_strict: AbstentionPoint | None = None
    strict_questions: int = 0
    reliability: tuple[ReliabilityBin, ...] = ()
    calibration_error: float = 0.0
    # Questions whose answer a gold article writes out (what a quote can hold), and
    # answer@quotes over those alone.
    answer_written: float = 1.0
    answer_at_quotes_written: float = 0.0
    # "Not found" over the questions asked about a made-up name: nothing in the library holds
    # it, whatever else the articles say of the story's other names.
    abstention_renamed: AbstentionPoint | None = None
    renamed_questions: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the machine-readable report (`articlebot eval --json`)."""
        chosen = choose_threshold(self.curve)
        return {
            **self.ranking.to_dict(),
            "answer@quotes": self.answer_at_quotes,
            "answer_written_in_gold": self.answer_written,
            "answer@quotes_where_written": self.answer_at_quotes_written,
            "not_found": self.not_found,
            "latency_p50_ms": self.latency_p50_ms,
            "latency_p95_ms": self.latency_p95_ms,
            "baselines": {name: m.to_dict() for name, m in self.baselines.items()},
            "abstention": {
                **asdict(self.abstention),
                "unanswerable_questions": self.unanswerable_questions,
                "curve": [asdict(p) for p in self.curve],
                "best_meeting_targets": asdict(chosen) if chosen else None,
                "strict": (
                    asdict(self.abstention_strict) | {"questions": self.strict_questions}
                    if self.abstention_strict
                    else None
                ),
                "renamed": (
                    asdict(self.abstention_renamed) | {"questions": self.renamed_questions}
                    if self.abstention_renamed
                    else None
                ),
            },
            "calibration": {
                "expected_calibration_error": self.calibration_error,
                "reliability": [asdict(b) for b in self.reliability],
            },
            "questions": self.questions,
            "articles": self.articles,
        }


def build_report(
    threshold: float,
    article_count: int,
    results: Sequence[QuestionResult],
    rankings: Sequence[Sequence[int]],
    golds: Sequence[frozenset[int]],
    baselines: dict[str, list[list[int]]],
) -> EvalReport:
    """Gather every figure of a run; `threshold` is the library's "not found" confidence."""
    n = len(results)
    latencies = [r.latency_ms for r in results]
    answerable = [r.confidence for r in results]
    # Unanswerable stand-ins: every question asked again with its gold articles removed.
    removed = [r.unanswerable_confidence for r in results]
    # Some of those are still answered by other coverage of the same story; the strict set
    # keeps only those whose answer no remaining article holds.
    strict = [r.unanswerable_confidence for r in results if not r.answer_elsewhere]
    renamed = [r.renamed_confidence for r in results if r.renamed_confidence is not None]
    curve = abstention_curve(answerable, removed)
    written = [r for r in results if r.answer_in_gold]
    reliability, calibration_error = reliability_table(
        answerable + removed,
        [r.quotes_hold_answer for r in results]
        + [r.unanswerable_quotes_hold_answer for r in results],
    )
    return EvalReport(
        questions=n,
        articles=article_count,
        ranking=ranking_metrics(rankings, golds),
        answer_at_quotes=round(sum(r.answered_in_quotes for r in results) / n, 4) if n else 0.0,
        not_found=round(sum(not r.found for r in results) / n, 4) if n else 0.0,
        latency_p50_ms=round(percentile(latencies, 50), 1),
        latency_p95_ms=round(percentile(latencies, 95), 1),
        baselines={name: ranking_metrics(r, golds) for name, r in baselines.items()},
        threshold=threshold,
        abstention=abstention_point(threshold, answerable, removed),
        curve=tuple(curve),
        results=tuple(results),
        unanswerable_questions=len(removed),
        abstention_strict=abstention_point(threshold, answerable, strict),
        strict_questions=len(strict),
        reliability=reliability,
        calibration_error=calibration_error,
        answer_written=_share(len(written), n),
        answer_at_quotes_written=_share(sum(r.answered_in_quotes for r in written), len(written)),
        abstention_renamed=abstention_point(threshold, answerable, renamed) if renamed else None,
        renamed_questions=len(renamed),
    )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
