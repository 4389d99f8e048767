"""Syndicated copies in answers: each story's sentences quoted once, the other outlets listed."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from retrieval.query.features import Candidate
from retrieval.types import Answer, Passage, SourceRef, StoryCopy

# Share of the shorter text's words the other holds for two copies' sentences (or passages) to
# be one.
SAME_TEXT = 0.8
_WORD = re.compile(r"\w+")

# Each article's copies of its story (itself included), earliest first; absent: no copies.
Copies = Mapping[int, tuple[StoryCopy, ...]]


def collapse_copied_passages(passages: Sequence[Passage], copies: Copies) -> list[Passage]:
    """Keep one passage for what several copies of a story say alike, at the best rank.

    Without this, a wire story carried by five outlets fills five of the passages an answer
    reads, and the articles that say something else drop out of reach. A passage goes when
    every sentence of it is a sentence of a better-ranked copy's passage (its own dateline or a
    word changed allowed); one with a sentence of its own (an update that changed a figure, a
    paragraph another copy trimmed) stays. The place kept is taken by the earliest copy (the
    one quotes come from) when the two passages say the same sentences.
    """
    slots: list[Passage] = []
    # story -> (slot, sentence words) of the passages kept for it so far
    kept: dict[int, list[tuple[int, list[set[str]]]]] = {}
    for passage in passages:
        story = copies.get(passage.source.article_id)
        if not story:
            slots.append(passage)
            continue
        sentences = _sentence_words(passage)
        seen = kept.setdefault(story[0].key, [])
        same = next(
            (
                (slot, other)
                for slot, other in seen
                if slots[slot].source.article_id != passage.source.article_id
                and _covered(sentences, other)
            ),
            None,
        )
        if same is None:
            seen.append((len(slots), sentences))
            slots.append(passage)
            continue
        slot, other = same
        article, holder = passage.source.article_id, slots[slot].source.article_id
        earlier = _copy_order(story, article) < _copy_order(story, holder)
        if earlier and _covered(other, sentences):
            slots[slot] = passage
    return slots


def _sentence_words(passage: Passage) -> list[set[str]]:
    """Return the words of each of the passage's sentences (the whole text when none are known)."""
    texts = [
        passage.text[span.start - passage.start : span.end - passage.start]
        for span in passage.sentences
    ] or [passage.text]
    return [words for words in map(_words, texts) if words]


def _covered(sentences: Sequence[set[str]], by: Sequence[set[str]]) -> bool:
    """Return whether every one of the sentences is said, near enough, by one of `by`."""
    return bool(sentences) and all(any(_same_text(s, o) for o in by) for s in sentences)


def _copy_order(story: Sequence[StoryCopy], article: int) -> int:
    """Return where an article comes among its story's copies, earliest first."""
    keys = [copy.key for copy in story]
    return keys.index(article) if article in keys else len(keys)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def prefer_earliest_copies(candidates: Sequence[Candidate], copies: Copies) -> list[Candidate]:
    """Drop each sentence that an earlier copy of the same story also offers.

    Five copies of a wire story would otherwise fill five quote slots with one sentence. The
    sentence is kept from the earliest copy among the candidates; a copy's version with its
    own dateline or a word changed counts as the same sentence; what only one copy says (a
    paragraph another trimmed) stays quotable from it.
    """
    order: list[tuple[int, int]] = []  # (position of its copy in the story, index)
    for index, candidate in enumerate(candidates):
        article = candidate.passage.source.article_id
        order.append((_copy_order(copies.get(article, ()), article), index))
    kept: dict[int, list[tuple[int, set[str]]]] = {}  # story -> (article, words) kept so far
    dropped: set[int] = set()
    for _, index in sorted(order):
        candidate = candidates[index]
        article = candidate.passage.source.article_id
        story = copies.get(article)
        if not story:
            continue
        words = _words(candidate.text)
        earlier = kept.setdefault(story[0].key, [])
        if any(other != article and _same_text(words, seen) for other, seen in earlier):
            dropped.add(index)
        else:
            earlier.append((article, words))
    return [c for index, c in enumerate(candidates) if index not in dropped]


def _same_text(a: set[str], b: set[str]) -> bool:
    """Return whether two texts of one story's copies say the same words, near enough."""
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= SAME_TEXT


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
