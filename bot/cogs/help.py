"""/help: what the bot does and what this member may use here, only to them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import ArticleBot
from bot.common import defer
from bot.help import render_help


class HelpCog(commands.Cog):
    """The /help command."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    @app_commands.allowed_contexts(guilds=True, dms=True)
    async def help(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """What this bot does, the commands you can use here and how many articles it has."""
        await defer(interaction, ephemeral=True)
        embed = await render_help(
            self.bot, interaction.guild_id, interaction.user, interaction.permissions
        )
        await interaction.followup.send(embed=embed, ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(HelpCog(bot))
