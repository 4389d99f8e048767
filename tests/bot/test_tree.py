"""bot.tree: the messages users see for known errors."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.permissions import NotAllowed
from bot.tree import GENERIC_FAILURE, describe_error
from retrieval.errors import DuplicateArticle, InvalidQuestion


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
