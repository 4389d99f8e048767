"""How an answer cites: its sources numbered [1], [2]…, and the marks its quotes are shown in."""

from __future__ import annotations

from retrieval.types import Answer


def source_numbers(answer: Answer) -> dict[int, int]:
    """Map each source's article id to the number its quotes cite it by."""
    return {source.article_id: n for n, source in enumerate(answer.sources, start=1)}


# Marks a quoted sentence may open with: it is shown inside its own marks, not in a second pair.
_OPENING_MARKS = ("“", '"', "‘", "«", "„")


def quote_marks(text: str) -> tuple[str, str]:
    """Return the marks to show a quoted sentence between: “…”, or none if it opens with its own.

    A sentence that starts a quotation ("“We will rebuild it,” the ministry said.") would read
    ““We will… said.” in a second pair; its own marks already show where it starts.
    """
    return ("", "") if text.lstrip().startswith(_OPENING_MARKS) else ("“", "”")
