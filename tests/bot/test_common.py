"""Pure helpers: links, mentions, the title cache, permissions, the error messages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import discord
import pytest
from discord import app_commands
from harness import BOT_ID, GUILD_A, BotFactory, custom_ids

from bot.common import first_link, guild_collection, strip_mentions
from bot.cooldowns import Cooldowns
from bot.permissions import NotAllowed, add_refusal, may_remove
from bot.titles import TitleCache
from bot.tree import GENERIC_FAILURE, describe_error
from bot.views import AnswerView
from config import Settings
from retrieval.errors import DuplicateArticle, InvalidQuestion
from retrieval.types import ArticleSummary


def test_guild_collection_names_are_valid_collection_names() -> None:
    name = guild_collection(123)

    assert name == "guild-123"
    assert guild_collection(2**63 - 1).startswith("guild-")


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("read https://a.example.com/x?y=1, it's good", "https://a.example.com/x?y=1"),
        ("(see https://a.example.com/story)", "https://a.example.com/story"),
        (
            "wiki https://en.example.org/wiki/Foo_(bar) here",
            "https://en.example.org/wiki/Foo_(bar)",
        ),
        ("<https://a.example.com/no-embed>", "https://a.example.com/no-embed"),
        ("two: http://one.example.com and https://two.example.com", "http://one.example.com"),
        ("no link, just ftp://files.example.com", None),
        ("nothing here", None),
        ("https://", None),
    ],
)
def test_first_link(text: str, link: str | None) -> None:
    assert first_link(text) == link


def test_strip_mentions_removes_users_roles_and_channels() -> None:
    text = f"<@{BOT_ID}>  what did <@!42> say in <#7> to <@&9>?"

    assert strip_mentions(text) == "what did say in to ?"


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


def summary(added_by: str | None) -> ArticleSummary:
    return ArticleSummary(
        id=1,
        collection="guild-1",
        title="t",
        url=None,
        outlet=None,
        author=None,
        published=None,
        added_by=added_by,
        added_at="2024-01-01T00:00:00Z",
        chunk_count=1,
        char_count=10,
    )


def test_may_remove_own_or_with_manage_server() -> None:
    plain = discord.Permissions(send_messages=True)
    manager = discord.Permissions(manage_guild=True)

    assert may_remove(summary("5"), 5, plain)
    assert not may_remove(summary("5"), 6, plain)
    assert not may_remove(summary(None), 6, plain)
    assert may_remove(summary("5"), 6, manager)


def test_add_refusal_follows_the_setting(make_settings: Callable[..., Settings]) -> None:
    plain = discord.Permissions(send_messages=True)
    user = discord.Object(id=1)

    assert add_refusal(make_settings(), user, plain) is None  # type: ignore[arg-type]
    refusal = add_refusal(make_settings(add_permission="manage_guild"), user, plain)  # type: ignore[arg-type]
    assert refusal is not None and "Manage Server" in refusal
    managers = discord.Permissions(manage_guild=True)
    assert add_refusal(make_settings(add_permission="manage_messages"), user, managers) is None  # type: ignore[arg-type]
    role_only = make_settings(add_permission="role")  # no role configured: managers only
    assert add_refusal(role_only, user, plain) is not None  # type: ignore[arg-type]


def test_error_messages() -> None:
    cooldown = app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 4.2)

    assert describe_error(cooldown) == "you're going a bit fast: try again in 5 s"
    assert describe_error(DuplicateArticle(7, "Title")) == "already in the library as #7: Title"
    wrapped = app_commands.CommandInvokeError(
        app_commands.Command(name="x", description="x", callback=_noop),
        InvalidQuestion("the question is empty"),
    )
    assert describe_error(wrapped) == "the question is empty"
    missing = describe_error(app_commands.MissingPermissions(["manage_guild"]))
    assert missing == "you need the Manage Server permission for this"
    assert describe_error(app_commands.NoPrivateMessage()) is not None
    assert describe_error(NotAllowed("nope")) == "nope"
    assert describe_error(RuntimeError("bug")) is None
    assert "went wrong" in GENERIC_FAILURE


async def _noop(interaction: discord.Interaction) -> None:
    """Do nothing."""


def test_cooldowns_are_per_kind_and_user(make_settings: Callable[..., Settings]) -> None:
    cooldowns = Cooldowns(make_settings(ask_cooldown_rate=2, ask_cooldown_s=10))

    cooldowns.hit("ask", 1, 100.0)
    cooldowns.hit("ask", 1, 100.1)
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        cooldowns.hit("ask", 1, 100.2)
    assert 9 < refused.value.retry_after <= 10
    cooldowns.hit("ask", 2, 100.2)  # another user
    cooldowns.hit("add", 1, 100.2)  # another kind
    cooldowns.hit("ask", 1, 111.0)  # refilled


def test_zero_second_cooldown_is_off(make_settings: Callable[..., Settings]) -> None:
    cooldowns = Cooldowns(make_settings(ask_cooldown_rate=1, ask_cooldown_s=0))

    for _ in range(5):
        cooldowns.hit("ask", 1, 100.0)


async def test_expired_answer_buttons_are_removed(
    start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await start_bot()
    harness.seed(GUILD_A, "The ferry timetable changes on Sunday for the winter.", title="Ferry")
    monkeypatch.setattr(AnswerView, "timeout_s", 0.05)

    run = await harness.run(harness.slash("ask", options={"question": "ferry timetable"}))
    assert custom_ids(run.message_payload())
    await asyncio.sleep(0.2)
    await harness.settle()

    edits = [c for c in run.calls if c.kind == "edit_followup"]
    assert edits and edits[-1].payload is not None
    assert edits[-1].payload["components"] == []
