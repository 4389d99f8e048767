"""A stable training sample: whole quiz weeks, their questions and the news of those weeks."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta

from retrieval.evaluation.data import EvalArticle, EvalQuestion, question_date

# Articles published this many days before a week's quiz are its topical distractors: other
# coverage of the same news, which is what makes choosing the right passage hard.
WINDOW_DAYS = 7


def week_of(question: EvalQuestion) -> str:
    """Return the quiz week a question belongs to: its id's date prefix, else its date."""
    prefix = question.id.split("_", 1)[0]
    return prefix if prefix.isdigit() else (question.date or "")


def sample_weeks(
    articles: Sequence[EvalArticle],
    questions: Sequence[EvalQuestion],
    weeks: int,
    seed: int,
) -> tuple[list[EvalArticle], list[EvalQuestion]]:
    """Return `weeks` quiz weeks chosen with `seed`: their questions, gold articles and news.

    The same arguments always give the same sample, so vectors cached by one run serve the
    next, and a larger `weeks` with the same seed keeps the smaller sample's weeks.
    """
    all_weeks = sorted({week_of(q) for q in questions})
    order = list(all_weeks)
    random.Random(seed).shuffle(order)
    chosen = set(order[:weeks])
    kept = [q for q in questions if week_of(q) in chosen]
    wanted = {g for q in kept for g in q.gold}
    windows = [d for d in (question_date(q) for q in kept) if d is not None]
    ends = sorted(set(windows))
    for article in articles:
        published = _published(article)
        if published is not None and any(
            end - timedelta(days=WINDOW_DAYS) <= published <= end for end in ends
        ):
            wanted.add(article.id)
    return [a for a in articles if a.id in wanted], kept


def _published(article: EvalArticle) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None
