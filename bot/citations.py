"""How an answer numbers its sources: [1], [2]… in the order the answer lists them."""

from __future__ import annotations

from retrieval.types import Answer


def source_numbers(answer: Answer) -> dict[int, int]:
    """Map each source's article id to the number its quotes cite it by."""
    return {source.article_id: n for n, source in enumerate(answer.sources, start=1)}
