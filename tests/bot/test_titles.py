"""bot.titles: the in-memory title lists behind autocomplete."""

from __future__ import annotations

from bot.titles import TitleCache


def test_title_cache_matches_prefix_then_substring_and_ids() -> None:
    cache = TitleCache()
    cache.set("c", [(3, "Coffee harvest falls"), (2, "Tram vote"), (1, "Iced coffee prices")])

    assert [i for i, _ in cache.matches("c", "coffee")] == [3, 1]
    assert [i for i, _ in cache.matches("c", "#2")] == [2]
    assert [i for i, _ in cache.matches("c", "")] == [3, 2, 1]
    assert cache.matches("c", "zebra") == []
    assert cache.matches("other", "coffee") == []


def test_title_cache_respects_discord_limits() -> None:
    cache = TitleCache()
    cache.set("c", [(n, "x" * 300) for n in range(40)])

    found = cache.matches("c", "x")

    assert len(found) == 25
    assert all(len(name) <= 100 for _, name in found)
