"""bot.permissions: who may add, who may remove, and the manager-only commands."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands
from harness import ADDERS_ROLE, GUILD_A, BotFactory

from bot.permissions import add_refusal, manager_only, may_remove
from config import Settings
from retrieval.types import ArticleSummary


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


def test_manager_only_hints_the_group_and_enforces_on_the_subcommand() -> None:
    group = app_commands.Group(name="manage", description="Manage things")

    @manager_only()
    @group.command(name="tidy")
    async def tidy(interaction: discord.Interaction) -> None:
        """Tidy up."""

    assert group.default_permissions == discord.Permissions(manage_guild=True)
    assert len(tidy.checks) == 2  # refuse DMs, then require Manage Server


def test_manager_only_hints_a_top_level_command() -> None:
    @manager_only()
    @app_commands.command(name="tidy")
    async def tidy(interaction: discord.Interaction) -> None:
        """Tidy up."""

    assert tidy.default_permissions == discord.Permissions(manage_guild=True)
    assert len(tidy.checks) == 2


async def test_the_role_refusal_names_the_role(start_bot: BotFactory) -> None:
    harness = await start_bot(add_permission="role", add_role_id=ADDERS_ROLE + GUILD_A % 10)

    run = await harness.run(harness.slash("add", "url", options={"url": "https://news.example/a"}))

    assert run.last.ephemeral is True
    assert run.last.text == "adding articles here needs the “adders” role"


async def test_a_role_the_server_no_longer_has_is_not_shown_as_a_code(
    start_bot: BotFactory,
) -> None:
    harness = await start_bot(add_permission="role", add_role_id=123456789012345678)

    run = await harness.run(harness.slash("add", "url", options={"url": "https://news.example/a"}))

    assert run.last.ephemeral is True
    assert "needs a role you do not have" in run.last.text
    assert "123456789012345678" not in run.last.text
