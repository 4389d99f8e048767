"""Follow-up figures: whether a follow-up's first quote holds the sentence it asks for.

Each pair is a first question and a follow-up that leans on it, with the offsets of the
sentence that answers the follow-up in one article. The first question is asked, then the
follow-up twice: as typed, and rewritten from the first answer (`query/followups.py`). A
follow-up counts when its first shown quote holds the expected sentence (whitespace
normalised, since stored text may be cleaned), or is itself most of that sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from retrieval.errors import InvalidInput
from retrieval.evaluation.data import EvalArticle, _read_jsonl
from retrieval.library import Continues, Library
from retrieval.types import Answer, Progress

# A quote that is part of the expected sentence counts when it holds at least this share of it
# (the sentence splitter may cut a long sentence where the pair's author did not).
PART_SHARE = 0.6
# The conversation the evaluation's answers are kept under.
PLACE = "eval-followups"


@dataclass(frozen=True)
class FollowUpPair:
    """A first question, a follow-up, and the sentence (by offsets) that answers the follow-up."""

    first: str
    follow_up: str
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class FollowUpResult:
    """One pair's outcome: the question asked for the follow-up and whether each held it."""

    first: str
    follow_up: str
    asked_as: str
    plain_holds: bool
    rewritten_holds: bool


@dataclass(frozen=True)
class FollowUpReport:
    """The share of follow-ups whose first quote holds the expected sentence, both ways."""

    pairs: int
    rewritten: int  # pairs whose follow-up the rules changed
    plain_share: float
    rewritten_share: float
    results: tuple[FollowUpResult, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the report as JSON-ready data."""
        return {
            "pairs": self.pairs,
            "rewritten": self.rewritten,
            "first_quote_holds_without_rewriting": self.plain_share,
            "first_quote_holds_with_rewriting": self.rewritten_share,
            "results": [asdict(r) for r in self.results],
        }


def load_pairs(path: Path, articles: Sequence[EvalArticle]) -> list[FollowUpPair]:
    """Read a pairs.jsonl file, checking each pair's article and offsets against the articles."""
    texts = {a.id: a.text for a in articles}
    pairs: list[FollowUpPair] = []
    for number, r in _read_jsonl(path):
        try:
            pair = FollowUpPair(
                str(r["first"]), str(r["follow_up"]), str(r["article"]), r["start"], r["end"]
            )
        except KeyError as missing:
            raise InvalidInput(f"{path}:{number}: a pair needs {missing}") from None
        text = texts.get(pair.article)
        if text is None:
            raise InvalidInput(f"{path}:{number}: article {pair.article!r} is not in the set")
        if not (isinstance(pair.start, int) and isinstance(pair.end, int)) or not (
            0 <= pair.start < pair.end <= len(text)
        ):
            raise InvalidInput(f"{path}:{number}: 'start' and 'end' are not offsets in its text")
        pairs.append(pair)
    return pairs


def _normalised(text: str) -> str:
    return " ".join(text.split())


def holds(answer: Answer, sentence: str) -> bool:
    """Return whether the answer's first shown quote holds the expected sentence."""
    if not answer.found or not answer.quotes:
        return False
    quote, expected = _normalised(answer.quotes[0].text), _normalised(sentence)
    if expected in quote:
        return True
    return quote in expected and len(quote) >= PART_SHARE * len(expected)


def evaluate_followups(
    library: Library,
    collection: str,
    articles: Sequence[EvalArticle],
    pairs: Sequence[FollowUpPair],
    progress: Progress | None = None,
) -> FollowUpReport:
    """Ask each pair's first question, then its follow-up as typed and rewritten; report both."""
    by_id = {a.id: a for a in articles}
    results: list[FollowUpResult] = []
    for done, pair in enumerate(pairs, start=1):
        article = by_id[pair.article]
        # Asked around the article's day, as a member would have asked at the time.
        as_of = date.fromisoformat(article.published) if article.published else None
        sentence = article.text[pair.start : pair.end]
        # Through the conversation path the bot takes: the first answer is kept, and the
        # follow-up continues it.
        first = library.ask_in_conversation(collection, pair.first, as_of=as_of, place=PLACE)
        continues = Continues(answer_id=first.answer_id)
        followed = library.ask_in_conversation(
            collection, pair.follow_up, as_of=as_of, place=PLACE, continues=continues
        )
        plain = library.ask(collection, pair.follow_up, as_of=as_of)
        results.append(
            FollowUpResult(
                pair.first,
                pair.follow_up,
                followed.answer.question,
                holds(plain, sentence),
                holds(followed.answer, sentence),
            )
        )
        if progress:
            progress(done, len(pairs), pair.follow_up)
    count = len(results) or 1
    return FollowUpReport(
        pairs=len(results),
        rewritten=sum(r.asked_as != " ".join(r.follow_up.split()) for r in results),
        plain_share=sum(r.plain_holds for r in results) / count,
        rewritten_share=sum(r.rewritten_holds for r in results) / count,
        results=tuple(results),
    )
