"""/ask and the "Ask about this message" context menu."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.answering import answer_interaction
from bot.app import ArticleBot
from bot.common import strip_mentions
from bot.cooldowns import cooldown
from bot.server_settings import answers_private

log = logging.getLogger(__name__)

# Questions work in servers and in DMs with the bot (which point to a server, or answer from
# the configured DM collection).
ASK_CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True)


class AskCog(commands.Cog):
    """Questions answered with quotes from the articles of the server."""

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self.ask_menu = app_commands.ContextMenu(
            name="Ask about this message",
            callback=self.ask_about_message,
            allowed_contexts=ASK_CONTEXTS,
        )

    async def cog_load(self) -> None:
        """Register the context menu, which cannot live inside a cog class."""
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        """Unregister the context menu."""
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command(name="ask")
    @app_commands.allowed_contexts(guilds=True, dms=True)
    @app_commands.describe(
        question="What you want to know about the articles",
        ephemeral="Show the answer only to you (default: this server's choice)",
        thread="Start a thread under the answer for follow-up questions",
    )
    @cooldown("ask")
    async def ask(
        self,
        interaction: discord.Interaction[ArticleBot],
        question: str,
        ephemeral: bool | None = None,
        thread: bool = False,
    ) -> None:
        """Ask a question; the answer quotes the articles added to this server."""
        private = await answers_private(self.bot, interaction.guild_id, ephemeral)
        await answer_interaction(self.bot, interaction, question, ephemeral=private, thread=thread)

    @cooldown("ask")
    async def ask_about_message(
        self, interaction: discord.Interaction[ArticleBot], message: discord.Message
    ) -> None:
        """Ask the articles about the text of this message."""
        text = message.content
        if not text.strip():
            # A link preview or another bot's embed: its visible text is the question.
            text = " ".join(f"{e.title or ''} {e.description or ''}" for e in message.embeds)
        private = await answers_private(self.bot, interaction.guild_id, None)
        await answer_interaction(self.bot, interaction, strip_mentions(text), ephemeral=private)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(AskCog(bot))
