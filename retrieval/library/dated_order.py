"""Ordering a speaker's statements by date for a question about what they say now."""

from __future__ import annotations

from dataclasses import replace

from retrieval.types import Answer

# Asked in the present tense alone ("Does X think…"), a member means now, but a statement
# clearly nearer the topic still leads a newer one: the newest come first among the statements
# within this much nearness of the nearest, the rest after them as they were.
NEWEST_WITHIN = 0.1


def dated_order(answer: Answer, present: bool, now: bool) -> Answer:
    """Order a speaker's quotes for a question about the present: newest first outright when
    it says "now" (`now`), among the nearest for a present tense alone, as they are else."""
    if not present:
        return answer
    return newest_first(answer, None if now else NEWEST_WITHIN)


def newest_first(answer: Answer, within: float | None = NEWEST_WITHIN) -> Answer:
    """Order the quotes by their article's date, newest first (undated last), ties by score,
    among those within `within` of the best score (all of them for None: asked "now")."""
    if not answer.quotes:
        return answer
    best = max(q.score for q in answer.quotes)
    near = [q for q in answer.quotes if within is None or q.score >= best - within]
    rest = [q for q in answer.quotes if q not in near]
    published = {s.article_id: s.published or "" for s in answer.sources}
    near.sort(key=lambda q: published.get(q.article_id, ""), reverse=True)
    quotes = (*near, *rest)
    order = {q.article_id: i for i, q in reversed(list(enumerate(quotes)))}
    sources = sorted(answer.sources, key=lambda s: order.get(s.article_id, len(order)))
    return replace(answer, quotes=quotes, sources=tuple(sources))
