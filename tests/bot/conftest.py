"""Fixtures that start harnessed bots (see harness.py) over real libraries in tmp_path."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from harness import FIXTURE_ARTICLES, BotFactory, Harness

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.ingest.fetch import fetch_url_sync
from retrieval.library import Fetcher, Library


@pytest.fixture
def relaxed(make_settings: Callable[..., Settings]) -> Callable[..., Settings]:
    """Settings whose cooldowns do not get in the way, unless a test sets them."""

    def build(**overrides: Any) -> Settings:
        overrides.setdefault("ask_cooldown_rate", 1000)
        overrides.setdefault("add_cooldown_rate", 1000)
        return make_settings(**overrides)

    return build


@pytest.fixture
async def start_bot(
    relaxed: Callable[..., Settings],
) -> AsyncIterator[BotFactory]:
    """Start harnessed bots over libraries with the fast hashing embedder."""
    started: list[Harness] = []

    async def start(
        *, library: Library | None = None, fetcher: Fetcher = fetch_url_sync, **overrides: Any
    ) -> Harness:
        settings = relaxed(**overrides)
        if library is None:
            library = Library(settings, embedder=HashingEmbedder(), fetcher=fetcher)
        harness = await Harness.start(library, settings)
        started.append(harness)
        return harness

    yield start
    for harness in started:
        await harness.close()
        harness.library.close()


@pytest.fixture
async def harness(start_bot: BotFactory) -> Harness:
    """One harnessed bot with default (relaxed) settings."""
    return await start_bot()


@pytest.fixture
def articles_text() -> dict[str, str]:
    """The fixture articles' texts by file stem."""
    return {p.stem: p.read_text(encoding="utf-8") for p in FIXTURE_ARTICLES.iterdir()}
