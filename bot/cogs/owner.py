"""The owner-only `@bot sync [guild_id|global]` text command."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

SYNC_TARGETS = ("global", "clear")


def is_exact_command(context: commands.Context[Any]) -> bool:
    """Whether a message after the mention is exactly `sync [server id|global|clear]`.

    Anything else that starts with a command's name ("@bot sync the plant and river stories:
    which is newer?") is a question, whoever asks it.
    """
    if context.prefix is None or context.invoked_with != "sync":
        return False
    words = context.message.content[len(context.prefix) :].split()
    if len(words) == 1:
        return True
    return len(words) == 2 and (words[1].isdigit() or words[1].lower() in SYNC_TARGETS)


class OwnerCog(commands.Cog):
    """Commands for the bot's owner, as text after a mention."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @commands.command(name="sync")
    @commands.is_owner()
    async def sync(self, context: commands.Context[ArticleBot], target: str | None = None) -> None:
        """Sync the slash commands: to this server, to a server id, `global`, or `clear`."""
        tree = self.bot.tree
        if target is not None and target.lower() == "global":
            synced = await tree.sync()
            where = "everywhere (global; Discord may take up to an hour to show changes)"
        elif target is not None and target.lower() == "clear":
            if context.guild is None:
                raise commands.BadArgument("say `sync clear` in the server to clear")
            # Removes this server's copies, leaving the global commands.
            tree.clear_commands(guild=context.guild)
            synced = await tree.sync(guild=context.guild)
            where = f"to server {context.guild.id} (its own copies cleared)"
        else:
            if target is not None:
                if not target.isdigit():
                    raise commands.BadArgument("say `sync`, `sync <server id>` or `sync global`")
                guild_id = int(target)
            elif context.guild is not None:
                guild_id = context.guild.id
            else:
                raise commands.BadArgument("in a DM, say `sync <server id>` or `sync global`")
            guild = discord.Object(id=guild_id)
            # Guild commands show at once; the global set is copied so a test server sees it.
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
            where = f"to server {guild_id}"
        log.info("%s synced %d commands %s", context.author, len(synced), where)
        await context.reply(f"Synced {len(synced)} commands {where}.", mention_author=False)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(OwnerCog(bot))
