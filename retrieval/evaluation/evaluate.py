"""Measure answer quality on a JSONL question set: rankings, quotes, abstention and latency."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from retrieval.errors import DuplicateArticle, InvalidInput
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.library import Library
from retrieval.query.search import Retrievers
from retrieval.types import Answer, ArticleDraft, Passage, Progress

log = logging.getLogger(__name__)


RANK_DEPTH = 10
SEARCH_LIMIT = 50
# Distractor articles ingested per question when only a subset of questions is run.
SUBSET_DISTRACTORS = 4


@dataclass(frozen=True)
class EvalArticle:
    """One article of an evaluation corpus."""

    id: str
    title: str
    text: str
    url: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class EvalQuestion:
    """One evaluation question with its short answer and the articles that answer it."""

    id: str
    question: str
    answer: str
    gold: tuple[str, ...]
    date: str | None = None


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


@dataclass(frozen=True)
class AbstentionPoint:
    """How "not found" behaves at one confidence threshold."""

    threshold: float
    precision: float  # of the questions abstained on, the share that had no gold article
    recall: float  # of the questions with no gold article, the share abstained on
    answered_rate: float  # of the answerable questions, the share answered


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

    def to_dict(self) -> dict[str, Any]:
        """Return the machine-readable report (`articlebot eval --json`)."""
        chosen = choose_threshold(self.curve)
        return {
            **self.ranking.to_dict(),
            "answer@quotes": self.answer_at_quotes,
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
            },
            "questions": self.questions,
            "articles": self.articles,
        }


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")


def url_date(url: str | None) -> str | None:
    """Return the ISO date a news URL carries in its path (/2022/06/12/), if any."""
    match = _URL_DATE.search(url or "")
    return "-".join(match.groups()) if match else None


def question_date(question: EvalQuestion) -> date | None:
    """Return the date a question was asked (YYYY/MM/DD or ISO), or None."""
    if not question.date:
        return None
    try:
        return date.fromisoformat(question.date.replace("/", "-")[:10])
    except ValueError:
        return None


# -- loading -----------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInput(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InvalidInput(f"{path}:{number}: expected a JSON object")
        yield number, record


def load_articles(path: Path) -> list[EvalArticle]:
    """Read an articles.jsonl file."""
    articles: list[EvalArticle] = []
    for number, r in _read_jsonl(path):
        if not isinstance(r.get("id"), str) or not isinstance(r.get("text"), str):
            raise InvalidInput(f"{path}:{number}: an article needs string 'id' and 'text'")
        articles.append(
            EvalArticle(
                id=r["id"],
                title=str(r.get("title") or ""),
                text=r["text"],
                url=r.get("url") or None,
                # Many outlets date their URLs; that date stands in when none is given.
                published=r.get("published") or url_date(r.get("url")),
                source=r.get("source") or None,
            )
        )
    return articles


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a questions.jsonl file."""
    questions: list[EvalQuestion] = []
    for number, r in _read_jsonl(path):
        gold = r.get("gold")
        if (
            not isinstance(r.get("question"), str)
            or not isinstance(r.get("answer"), str)
            or not isinstance(gold, list)
        ):
            raise InvalidInput(
                f"{path}:{number}: a question needs 'question', 'answer' and a 'gold' list"
            )
        questions.append(
            EvalQuestion(
                id=str(r.get("id") or number),
                question=r["question"],
                answer=r["answer"],
                gold=tuple(str(g) for g in gold),
                date=r.get("date") or None,
            )
        )
    return questions


# -- metrics -----------------------------------------------------------------------------------

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


# -- running -----------------------------------------------------------------------------------


def select(
    articles: Sequence[EvalArticle], questions: Sequence[EvalQuestion], limit: int | None
) -> tuple[list[EvalArticle], list[EvalQuestion]]:
    """Return the first `limit` questions with their gold articles and a few distractors."""
    if limit is None or limit >= len(questions):
        return list(articles), list(questions)
    chosen = list(questions[:limit])
    gold = {g for q in chosen for g in q.gold}
    # Distractors in file order keep a subset run deterministic.
    others = [a for a in articles if a.id not in gold][: SUBSET_DISTRACTORS * len(chosen)]
    keep = gold | {a.id for a in others}
    return [a for a in articles if a.id in keep], chosen


def collection_name(library: Library, articles: Sequence[EvalArticle]) -> str:
    """Name a collection after its article set and chunking, so re-runs reuse it."""
    digest = hashlib.sha256()
    for part in (
        str(CHUNKER_VERSION),
        str(library.chunking),
        library.embedder.name,
        *(f"{a.id}\0{a.published}" for a in articles),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"eval-{digest.hexdigest()[:12]}"


def ingest(
    library: Library,
    collection: str,
    articles: Sequence[EvalArticle],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Add the articles (skipping ones already there) and map each eval id to its library id."""
    ids: dict[str, int] = {}
    with library.bulk(collection):
        for done, article in enumerate(articles, start=1):
            draft = ArticleDraft(
                text=article.text,
                title=article.title,
                url=article.url,
                outlet=article.source,
                published=article.published,
                source="eval",
            )
            try:
                ids[article.id] = library.add_draft(collection, draft).article.id
            except DuplicateArticle as duplicate:
                # A re-run, or the same story twice in the corpus: both map to the stored one.
                ids[article.id] = duplicate.article_id
            except InvalidInput as error:
                log.warning("skipping article %s: %s", article.id, error.message)
            if progress:
                progress(done, len(articles), article.title)
    return ids


def article_ranking(
    library: Library,
    collection: str,
    question: str,
    *,
    exclude: frozenset[int] = frozenset(),
    retrievers: Retrievers = "hybrid",
    as_of: date | None = None,
) -> list[int]:
    """Return the article-level ranking for a question."""
    passages = library.search(
        collection,
        question,
        SEARCH_LIMIT,
        exclude_articles=exclude,
        retrievers=retrievers,
        as_of=as_of,
    )
    return collapse_to_articles(passages)[:RANK_DEPTH]


def evaluate(
    library: Library,
    articles: Sequence[EvalArticle],
    questions: Sequence[EvalQuestion],
    *,
    collection: str | None = None,
    ids: dict[str, int] | None = None,
    ingest_progress: Progress | None = None,
    ask_progress: Progress | None = None,
) -> EvalReport:
    """Ingest the articles (unless their ids are given), ask every question, report every figure."""
    collection = collection or collection_name(library, articles)
    if ids is None:
        ids = ingest(library, collection, articles, ingest_progress)
    results: list[QuestionResult] = []
    rankings: list[list[int]] = []
    baselines: dict[str, list[list[int]]] = {"bm25": [], "dense": []}
    golds: list[frozenset[int]] = []
    asked = [q for q in questions if any(g in ids for g in q.gold)]
    # Normalised once: tells a truly unanswerable question from one other coverage answers.
    normalised = {ids[a.id]: f" {normalise_answer(a.text)} " for a in articles if a.id in ids}
    if len(asked) < len(questions):
        log.warning(
            "%d question(s) have no gold article in the corpus", len(questions) - len(asked)
        )
    for done, q in enumerate(asked, start=1):
        gold = frozenset(ids[g] for g in q.gold if g in ids)
        as_of = question_date(q)
        started = time.perf_counter()
        answer = library.ask(collection, q.question, as_of=as_of)
        latency_ms = (time.perf_counter() - started) * 1000
        ranking = article_ranking(library, collection, q.question, as_of=as_of)
        baselines["bm25"].append(
            article_ranking(library, collection, q.question, retrievers="lexical")
        )
        baselines["dense"].append(
            article_ranking(library, collection, q.question, retrievers="dense")
        )
        # The same question with its gold articles gone stands in for an unanswerable one.
        unanswerable = library.ask(collection, q.question, exclude_articles=gold, as_of=as_of)
        rankings.append(ranking)
        golds.append(gold)
        results.append(
            QuestionResult(
                id=q.id,
                question=q.question,
                answer=q.answer,
                ranking=tuple(ranking),
                gold=gold,
                found=answer.found,
                confidence=answer.confidence,
                answered_in_quotes=answer.found and quoted(answer, q.answer),
                unanswerable_confidence=unanswerable.confidence,
                latency_ms=latency_ms,
                answer_elsewhere=_answer_elsewhere(q.answer, gold, normalised),
            )
        )
        if ask_progress:
            ask_progress(done, len(asked), q.question)
    return _report(library, len(set(ids.values())), results, rankings, golds, baselines)


def _answer_elsewhere(answer: str, gold: frozenset[int], texts: dict[int, str]) -> bool:
    needle = normalise_answer(answer)
    return bool(needle) and any(
        f" {needle} " in text for article_id, text in texts.items() if article_id not in gold
    )


def quoted(answer: Answer, expected: str) -> bool:
    """Return whether the expected answer appears in the sentences the answer quotes."""
    return answer_in(expected, [q.text for q in answer.quotes])


def _report(
    library: Library,
    article_count: int,
    results: Sequence[QuestionResult],
    rankings: Sequence[Sequence[int]],
    golds: Sequence[frozenset[int]],
    baselines: dict[str, list[list[int]]],
) -> EvalReport:
    n = len(results)
    latencies = [r.latency_ms for r in results]
    answerable = [r.confidence for r in results]
    # Unanswerable stand-ins: every question asked again with its gold articles removed.
    removed = [r.unanswerable_confidence for r in results]
    # Some of those are still answered by other coverage of the same story; the strict set
    # keeps only those whose answer no remaining article holds.
    strict = [r.unanswerable_confidence for r in results if not r.answer_elsewhere]
    curve = abstention_curve(answerable, removed)
    threshold = library.answer_config.found_threshold
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
    )
