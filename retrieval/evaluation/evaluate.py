"""Run an evaluation: add a question set's articles to a library, ask every question, report."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from datetime import date

from retrieval.errors import DuplicateArticle, InvalidInput
from retrieval.evaluation.data import (
    EvalArticle,
    EvalQuestion,
    load_articles,
    load_questions,
    question_date,
)
from retrieval.evaluation.metrics import (
    RANK_DEPTH,
    answer_elsewhere,
    answer_in,
    answer_in_gold,
    collapse_to_articles,
    normalise_answer,
    quoted,
)
from retrieval.evaluation.renaming import rename
from retrieval.evaluation.report import EvalReport, QuestionResult, build_report
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.library import Library
from retrieval.query.search import Retrievers
from retrieval.types import Answer, ArticleDraft, Progress

# Re-exported: the eval command and the benchmarks load question sets from here.
__all__ = [
    "EvalArticle",
    "EvalQuestion",
    "EvalReport",
    "article_ranking",
    "collection_name",
    "evaluate",
    "ingest",
    "load_articles",
    "load_questions",
    "select",
]

log = logging.getLogger(__name__)


SEARCH_LIMIT = 50
# Distractor articles ingested per question when only a subset of questions is run.
SUBSET_DISTRACTORS = 4


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
                ids[article.id] = library.add_draft(collection, draft).article.key
            except DuplicateArticle as duplicate:
                # A re-run, or the same story twice in the corpus: both map to the stored one.
                if duplicate.key is not None:
                    ids[article.id] = duplicate.key
            except InvalidInput as error:
                log.warning("skipping article %s: %s", article.id, error.message)
            if progress:
                progress(done, len(articles), article.title)
    # A collection reused from a version before syndication links its copies now (cheap).
    library.fill_stories(collection)
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
        # A copy of a gold article from another outlet is the same story: it counts as gold,
        # and goes with it when the question is asked again without its gold articles.
        gold = library.with_copies(collection, {ids[g] for g in q.gold if g in ids})
        result, bm25, dense = _ask_question(library, collection, q, gold, normalised)
        baselines["bm25"].append(bm25)
        baselines["dense"].append(dense)
        rankings.append(list(result.ranking))
        golds.append(gold)
        results.append(result)
        if ask_progress:
            ask_progress(done, len(asked), q.question)
    scorers = library.scorers
    config = library.answer_config
    threshold = scorers.threshold(config) if scorers else config.found_threshold
    return build_report(threshold, len(set(ids.values())), results, rankings, golds, baselines)


def _ask_question(
    library: Library,
    collection: str,
    q: EvalQuestion,
    gold: frozenset[int],
    normalised: dict[int, str],
) -> tuple[QuestionResult, list[int], list[int]]:
    """Ask one question, timed, and rank it; return its result and the BM25 and dense rankings."""
    as_of = question_date(q)
    started = time.perf_counter()
    answer = library.ask(collection, q.question, as_of=as_of)
    latency_ms = (time.perf_counter() - started) * 1000
    ranking = article_ranking(library, collection, q.question, as_of=as_of)
    bm25 = article_ranking(library, collection, q.question, retrievers="lexical")
    dense = article_ranking(library, collection, q.question, retrievers="dense")
    # The same question with its gold articles gone stands in for an unanswerable one.
    unanswerable = library.ask(collection, q.question, exclude_articles=gold, as_of=as_of)
    # And about a made-up name in place of one it names: a story the library lacks.
    renamed = rename(q.question)
    about_unknown = library.ask(collection, renamed, as_of=as_of) if renamed else None
    result = QuestionResult(
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
        answer_elsewhere=answer_elsewhere(q.answer, gold, normalised),
        answer_in_gold=answer_in_gold(q.answer, gold, normalised),
        quotes_hold_answer=_holds(answer, q.answer),
        unanswerable_quotes_hold_answer=_holds(unanswerable, q.answer),
        renamed_confidence=about_unknown.confidence if about_unknown else None,
    )
    return result, bm25, dense


def _holds(answer: Answer, expected: str) -> bool:
    """Return whether the answer's quotes, shown or held back, hold the expected answer."""
    return answer_in(expected, [q.text for q in (*answer.quotes, *answer.withheld)])
