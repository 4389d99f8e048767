"""Syndicated copies on Discord: /ask lists the other outlets, /article show the other copies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness import GUILD_A, BotFactory, Harness

from bot.common import guild_collection
from config import Settings
from embeddings import Embedder
from retrieval.library import Library

STORIES = Path(__file__).parents[2] / "fixtures" / "syndication"
STORY = (STORIES / "harbour_bridge.txt").read_text(encoding="utf-8")
FERRIES = (STORIES / "harbour_ferries.txt").read_text(encoding="utf-8")
A = guild_collection(GUILD_A)


def _seed_copies(library: Library) -> None:
    first, *rest = STORY.split("\n\n")
    reprint = "\n\n".join([f"PORT ALDER (Reuters) — {first}", *rest[:-1]])
    for text, title, outlet, published in (
        (STORY, "Harbour Bridge to close", "AP", "2026-03-02"),
        (reprint, "Port Alder shuts bridge", "Reuters", "2026-03-03"),
        (FERRIES, "Ferries brace for closure", "AP", "2026-03-03"),
    ):
        library.add_text(A, text, title=title, outlet=outlet, published=published)


async def test_article_show_lists_the_storys_other_copies(harness: Harness) -> None:
    _seed_copies(harness.library)

    first = await harness.run(harness.slash("article", "show", options={"article": 1}))
    other = await harness.run(harness.slash("article", "show", options={"article": 3}))

    [embed] = first.last.payload["embeds"] if first.last.payload else [{}]
    fields = {f["name"]: f["value"] for f in embed.get("fields", [])}
    assert fields["Also carried as"] == "#2 Reuters, 2026-03-03"
    assert "Also carried as" not in other.last.text  # same topic, another story


async def test_ask_quotes_the_story_once_and_names_the_other_outlet(
    start_bot: BotFactory, relaxed: Callable[..., Settings], real_embedder: Embedder
) -> None:
    harness = await start_bot(library=Library(relaxed(), embedder=real_embedder))
    _seed_copies(harness.library)

    run = await harness.run(
        harness.slash("ask", options={"question": "How much will the bridge cable repair cost?"})
    )

    text = run.last.text
    assert text.count("214 million dollars") == 1
    assert "also reported by Reuters" in text
    assert "Harbour Bridge to close" in text  # quoted from the earliest copy
