"""bot.permissions: who may add, who may remove, and the manager-only commands."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

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
