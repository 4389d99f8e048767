"""Question normalisation: a question embedded as a statement of its topic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library
from retrieval.query.question import as_statement


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("What did the embassy say about Hezbollah?", "the embassy say about Hezbollah"),
        ("How many jobs will the plant create?", "jobs will the plant create"),
        ("Who won the vote on the tram", "won the vote on the tram"),
        ("Verantis plant jobs?", "Verantis plant jobs"),
        ("What?", "What"),  # a lone question word is all there is to embed
    ],
)
def test_questions_lose_their_leading_question_words(question: str, statement: str) -> None:
    assert as_statement(question) == statement


class RecordingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
        self.seen.extend(texts)
        return super().embed(texts)


@pytest.mark.parametrize(("normalise", "embedded"), [(False, "How"), (True, "jobs")])
def test_the_setting_decides_what_is_embedded(
    make_settings: Callable[..., Settings], fixture_articles: Path, normalise: bool, embedded: str
) -> None:
    embedder = RecordingEmbedder()
    with Library(make_settings(question_normalisation=normalise), embedder=embedder) as library:
        library.add_file("local", fixture_articles / "chip-plant.md")
        embedder.seen.clear()
        library.ask("local", "How many jobs will the Verantis plant create?")
        assert embedder.seen[0].startswith(embedded)
