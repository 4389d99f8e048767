"""Questions never wait behind ingestion: an add's embedding yields to a question between slices."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from config import Settings
from embeddings.base import Vectors
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library

QUESTION = "How much will the waterfront tram line cost?"


class HoldingEmbedder(HashingEmbedder):
    """Hashing vectors; records each model call, and holds the next one when asked to."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, ...]] = []
        self.hold_next = False
        self.holding = threading.Event()
        self.release = threading.Event()

    def embed(self, texts: list[str]) -> Vectors:
        self.calls.append(tuple(texts))
        if self.hold_next:
            self.hold_next = False
            self.holding.set()
            assert self.release.wait(30)
        return super().embed(texts)


@pytest.fixture
def model() -> HoldingEmbedder:
    return HoldingEmbedder()


@pytest.fixture
def library(make_settings: Callable[..., Settings], model: HoldingEmbedder) -> Iterator[Library]:
    # The smallest slice: an article's chunks and sentences take many turns.
    library = Library(make_settings(embedding_token_budget=256), embedder=model)
    yield library
    library.close()


def _long_article() -> str:
    paragraphs = [
        f"Paragraph {n} of the council minutes records the budget line {n} in full detail, "
        f"with the vote on item {n} and the remarks of member {n} about the road works."
        for n in range(40)
    ]
    return "\n\n".join(paragraphs)


def test_a_question_during_an_add_is_embedded_before_the_rest_of_the_add(
    library: Library, model: HoldingEmbedder, fixture_articles: Path
) -> None:
    library.add_file("local", fixture_articles / "harbor-tram-vote.md")
    model.hold_next = True
    add = threading.Thread(target=library.add_text, args=("local", _long_article()), daemon=True)
    add.start()
    assert model.holding.wait(30)
    held = len(model.calls)
    answers = []
    ask = threading.Thread(
        target=lambda: answers.append(library.ask("local", QUESTION)), daemon=True
    )
    ask.start()
    scheduler = library._access.scheduler
    deadline = time.monotonic() + 30
    while scheduler.queued < 1:  # wait (no timing asserted) until the question is in line
        assert time.monotonic() < deadline
        time.sleep(0.001)
    model.release.set()
    add.join(30)
    ask.join(30)
    # The question's one text ran right after the slice in progress, and the add went on after.
    assert model.calls[held] == (QUESTION,)
    assert len(model.calls) > held + 1
    assert all(QUESTION not in call for call in model.calls[held + 1 :])
    assert answers and answers[0].found
    assert library.count("local") == 2
