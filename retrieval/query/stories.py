"""Syndicated copies in answers: each story's sentences quoted once, the other outlets listed."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from retrieval.query.features import Candidate
from retrieval.types import Answer, SourceRef, StoryCopy

# Share of the shorter sentence's words the other holds for two copies' sentences to be one.
SAME_SENTENCE = 0.8
_WORD = re.compile(r"\w+")

# Each article's copies of its story (itself included), earliest first; absent: no copies.
Copies = Mapping[int, tuple[StoryCopy, ...]]


def prefer_earliest_copies(candidates: Sequence[Candidate], copies: Copies) -> list[Candidate]:
    """Drop each sentence that an earlier copy of the same story also offers.

    Five copies of a wire story would otherwise fill five quote slots with one sentence. The
    sentence is kept from the earliest copy among the candidates; a copy's version with its
    own dateline or a word changed counts as the same sentence; what only one copy says (a
    paragraph another trimmed) stays quotable from it.
    """
    order: list[tuple[int, int]] = []  # (position of its copy in the story, index)
    for index, candidate in enumerate(candidates):
        keys = [c.key for c in copies.get(candidate.passage.source.article_id, ())]
        order.append((keys.index(candidate.passage.source.article_id) if keys else 0, index))
    kept: dict[int, list[tuple[int, set[str]]]] = {}  # story -> (article, words) kept so far
    dropped: set[int] = set()
    for _, index in sorted(order):
        candidate = candidates[index]
        article = candidate.passage.source.article_id
        story = copies.get(article)
        if not story:
            continue
        words = set(_WORD.findall(candidate.text.casefold()))
        earlier = kept.setdefault(story[0].key, [])
        if any(other != article and _same_sentence(words, seen) for other, seen in earlier):
            dropped.add(index)
        else:
            earlier.append((article, words))
    return [c for index, c in enumerate(candidates) if index not in dropped]


def _same_sentence(a: set[str], b: set[str]) -> bool:
    """Return whether two sentences of one story's copies say the same words, near enough."""
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_SENTENCE


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


def also_reported(source: SourceRef) -> str | None:
    """Return "also reported by Reuters, AP" for a source with copies elsewhere, else None."""
    if not source.also_reported_by:
        return None
    return "also reported by " + ", ".join(source.also_reported_by)
