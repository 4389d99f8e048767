"""The one error funnel: known errors become specific ephemeral messages, the rest are logged."""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.common import PUBLIC_DEFER
from bot.permissions import NotAllowed, permission_name
from bot.render.reports import render_error
from retrieval.errors import ArticlebotError

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

GENERIC_FAILURE = "something went wrong on my side; it has been logged. Please try again later."


def describe_error(error: BaseException) -> str | None:
    """Return the message a user should see for a known error, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        return describe_error(error.original)
    if isinstance(error, app_commands.TransformerError):
        return f"“{error.value}” is not a valid {error.type.name.replace('_', ' ')}"
    if isinstance(error, ArticlebotError):
        return error.message
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"you're going a bit fast: try again in {max(1, math.ceil(error.retry_after))} s"
    if isinstance(error, app_commands.NoPrivateMessage):
        return "use this in a server: I keep each server's articles separate"
    if isinstance(error, app_commands.MissingPermissions):
        names = ", ".join(permission_name(p) for p in error.missing_permissions)
        return f"you need the {names} permission for this"
    if isinstance(error, NotAllowed):
        return error.message
    if isinstance(error, app_commands.CheckFailure):
        return "you need the Manage Server permission for this"
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        return "this command is out of date here; ask the bot's owner to run `@bot sync`"
    return None


async def report_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """Tell the user what went wrong, ephemerally, whether or not the interaction was answered."""
    message = describe_error(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else None
        log.error(
            "unhandled error in interaction %s (command %s)",
            interaction.id,
            command,
            exc_info=(type(error), error, error.__traceback__),
        )
        message = GENERIC_FAILURE
    else:
        log.info("interaction %s refused: %s", interaction.id, message)
    if interaction.type is discord.InteractionType.autocomplete:
        return  # an autocomplete can only answer with choices
    embed = render_error(message)
    try:
        if not interaction.response.is_done():
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        if interaction.extras.get(PUBLIC_DEFER):
            # The public "thinking…" message would show the error to everyone: remove it so
            # the follow-up becomes its own, ephemeral message.
            interaction.extras[PUBLIC_DEFER] = False
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                log.debug("could not delete the deferred reply of %s", interaction.id)
        await interaction.followup.send(embed=embed, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not report an error to interaction %s", interaction.id, exc_info=True)


class ArticleTree(app_commands.CommandTree["ArticleBot"]):
    """The command tree whose errors all go through `report_error`."""

    async def on_error(
        self, interaction: discord.Interaction[ArticleBot], error: app_commands.AppCommandError
    ) -> None:
        """Turn a command's error into an ephemeral message (or a log entry for bugs)."""
        await report_error(interaction, error)
