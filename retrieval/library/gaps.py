"""The gap queue: questions the articles did not answer, near-identical ones grouped, with the
articles retrieval ranks closest, so an admin sees what to add."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from retrieval.errors import InvalidQuestion
from retrieval.index.bm25 import Tokenizer
from retrieval.store.gap_table import GapEntry
from retrieval.store.sqlite import Store
from retrieval.types import Answer, Gap, Passage, SourceRef

# Two questions whose content words overlap this much (Jaccard) are one gap.
SAME_GAP_OVERLAP = 0.6
CLOSEST_ARTICLES = 3

# Ranked passages for a question in a collection (the library's hybrid search).
Search = Callable[[str, str], Sequence[Passage]]
# A question answered in a collection as its members are answered now.
AnswerNow = Callable[[str, str], Answer]
# Gaps asked again per listing at most, per gap listed: the queue stays quick to show when
# most of its questions have been covered since.
CHECKS_PER_GAP = 5


def wording(question: str) -> str:
    """The form two askings of the same words share: case, spacing and end punctuation aside."""
    return " ".join(question.casefold().split()).rstrip("?!. ")


@dataclass
class _Group:
    terms: frozenset[str]
    entries: list[GapEntry] = field(default_factory=list)

    def gap(self, closest: tuple[SourceRef, ...] = ()) -> Gap:
        counts = Counter(wording(e.question) for e in self.entries)
        # Entries are newest first: among equally frequent wordings the latest is shown.
        latest: dict[str, str] = {}
        for entry in self.entries:
            latest.setdefault(wording(entry.question), entry.question)
        ranked = sorted(counts, key=lambda w: -counts[w])
        kinds = Counter(e.kind for e in self.entries)
        return Gap(
            question=latest[ranked[0]],
            asked=len(self.entries),
            not_covered=kinds["not covered"],
            not_helpful=kinds["not helpful"],
            last_at=self.entries[0].at,
            wordings=tuple(latest[w] for w in ranked[1:]),
            closest=closest,
        )


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def group_entries(entries: Sequence[GapEntry], tokenizer: Tokenizer | None = None) -> list[Gap]:
    """Group near-identical questions (newest first in) into gaps, most asked first.

    Questions are compared by their stemmed content words, stop words out, so "What did the
    council decide about the tram?" and "what did council decide on the tram" are one gap.
    """
    tokenizer = tokenizer or Tokenizer()
    groups: list[_Group] = []
    by_wording: dict[str, _Group] = {}
    for entry in entries:
        key = wording(entry.question)
        group = by_wording.get(key)
        if group is None:
            terms = frozenset(tokenizer.terms(entry.question))
            group = next(
                (g for g in groups if terms and _overlap(terms, g.terms) >= SAME_GAP_OVERLAP),
                None,
            )
            if group is None:
                group = _Group(terms)
                groups.append(group)
            by_wording[key] = group
        group.entries.append(entry)
    gaps = sorted((g.gap() for g in groups), key=lambda g: g.last_at, reverse=True)
    return sorted(gaps, key=lambda g: -g.asked)  # stable: the latest first among equals


def closest_articles(
    passages: Sequence[Passage], limit: int = CLOSEST_ARTICLES
) -> tuple[SourceRef, ...]:
    """Return the distinct articles of ranked passages, best first."""
    found: list[SourceRef] = []
    for passage in passages:
        if passage.source not in found:
            found.append(passage.source)
        if len(found) == limit:
            break
    return tuple(found)


class GapFinder:
    """List a collection's most frequent unanswered questions with their closest articles."""

    def __init__(self, store: Store, search: Search, answer_now: AnswerNow) -> None:
        self._store = store
        self._search = search
        self._answer_now = answer_now

    def gaps(self, collection: str, limit: int) -> list[Gap]:
        """Return the `limit` most asked gaps, each with the articles closest to its question.

        A gap of "not covered" answers alone is asked again first: when the articles added
        since answer it, it is done and drops out. One with "Not helpful" votes stays until
        cleared: an answer was given, and only the members can say it is better now.
        """
        listed: list[Gap] = []
        checks = CHECKS_PER_GAP * limit
        for gap in group_entries(self._store.gap_entries(collection)):
            if len(listed) == limit:
                break
            if gap.not_helpful == 0 and checks > 0:
                checks -= 1
                covered, closest = self._asked_again(collection, gap.question)
                if not covered:
                    listed.append(replace(gap, closest=closest))
                continue
            listed.append(replace(gap, closest=self._closest(collection, gap.question)))
        return listed

    def clear(self, collection: str) -> int:
        """Empty the collection's gap queue; return how many entries it held."""
        return self._store.clear_gaps(collection)

    def _asked_again(self, collection: str, question: str) -> tuple[bool, tuple[SourceRef, ...]]:
        """Return whether the question is answered now, and the articles closest to it."""
        try:
            answer = self._answer_now(collection, question)
        except InvalidQuestion:  # stored under an older, longer question limit
            return False, ()
        return answer.found, closest_articles(answer.passages)

    def _closest(self, collection: str, question: str) -> tuple[SourceRef, ...]:
        try:
            return closest_articles(self._search(collection, question))
        except InvalidQuestion:  # stored under an older, longer question limit
            return ()
