"""Syndicated copies in answers: each story's sentences quoted once, the other outlets listed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from retrieval.query.features import Candidate
from retrieval.types import Answer, SourceRef, StoryCopy

# Each article's copies of its story (itself included), earliest first; absent: no copies.
Copies = Mapping[int, tuple[StoryCopy, ...]]


def prefer_earliest_copies(candidates: Sequence[Candidate], copies: Copies) -> list[Candidate]:
    """Drop each sentence that an earlier copy of the same story also offers.

    Five copies of a wire story would otherwise fill five quote slots with one sentence. The
    sentence is kept from the earliest copy among the candidates; what only one copy says (a
    paragraph another trimmed) stays quotable from it.
    """
    best: dict[tuple[int, str], tuple[int, int]] = {}  # (story, sentence) -> (position, index)
    keys: list[tuple[int, str] | None] = []
    for index, candidate in enumerate(candidates):
        article = candidate.passage.source.article_id
        story = copies.get(article)
        if not story:
            keys.append(None)
            continue
        key = (story[0].key, " ".join(candidate.text.casefold().split()))
        position = next(i for i, c in enumerate(story) if c.key == article)
        keys.append(key)
        if key not in best or position < best[key][0]:
            best[key] = (position, index)
    return [
        candidate
        for index, (candidate, key) in enumerate(zip(candidates, keys, strict=True))
        if key is None or best[key][1] == index
    ]


def credit_copies(answer: Answer, copies: Copies) -> Answer:
    """List on each source the other outlets carrying its story; one source per story.

    A story's copies cited side by side (each held a sentence the other lacks) stay, as their
    quotes point at them; the closest articles of an unanswered question show one per story.
    """
    sources: list[SourceRef] = []
    seen: set[int] = set()
    for source in answer.sources:
        story = copies.get(source.article_id, ())
        if story and story[0].key in seen and not answer.found:
            continue
        if story:
            seen.add(story[0].key)
        sources.append(replace(source, also_reported_by=_other_outlets(source, story)))
    return replace(answer, sources=tuple(sources))


def _other_outlets(source: SourceRef, story: Sequence[StoryCopy]) -> tuple[str, ...]:
    """Return the outlets of the story's other copies, each once, not the source's own."""
    own = next((c.outlet_name for c in story if c.key == source.article_id), None)
    others = (c.outlet_name for c in story if c.key != source.article_id)
    return tuple(dict.fromkeys(name for name in others if name != own))
