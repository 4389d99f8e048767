"""/feed add, list and remove: the news feeds a server follows."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import ArticleBot
from bot.common import defer, guild_collection
from bot.cooldowns import cooldown
from bot.permissions import ADDS_ARTICLES, can_add, guild_required
from bot.render.feeds import feed_name, render_feed_added, render_feed_list
from bot.render.text import one_line, truncate
from retrieval.library.feeds import MAX_INTERVAL_MINUTES

log = logging.getLogger(__name__)

CHOICE_CHARS = 100  # Discord's limit on a choice's name
MAX_EVERY_MINUTES = int(MAX_INTERVAL_MINUTES)  # /feed add every: at most a week


def _collection(interaction: discord.Interaction[ArticleBot]) -> str:
    if interaction.guild_id is None:  # guarded by guild_required(); kept for the type checker
        raise app_commands.NoPrivateMessage("use this in a server")
    return guild_collection(interaction.guild_id)


async def feed_choices(
    interaction: discord.Interaction[ArticleBot], current: str
) -> list[app_commands.Choice[int]]:
    """Suggest this server's feeds by title or link."""
    if interaction.guild_id is None:
        return []
    bot = interaction.client
    feeds = await bot.call(bot.library.feeds, guild_collection(interaction.guild_id))
    wanted = current.casefold().strip()
    return [
        app_commands.Choice(
            name=truncate(one_line(f"#{f.number} {f.title or f.url}"), CHOICE_CHARS),
            value=f.number,
        )
        for f in feeds
        if not wanted or wanted in f"#{f.number} {f.title or ''} {f.url}".casefold()
    ][:25]


class FeedsCog(commands.Cog):
    """Follow RSS and Atom feeds; the bot adds their new articles as they appear."""

    feed = app_commands.Group(
        name="feed",
        description="Follow news feeds: their new articles are added as they appear",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    # Following and dropping feeds is gated like adding articles (`can_add`): a feed adds them,
    # and /help shows these two only to members who may add.

    @feed.command(name="add", extras={ADDS_ARTICLES: True})
    @app_commands.describe(
        url="The feed's web address (RSS or Atom, http or https)",
        every="Minutes between checks for new articles (default: the bot's, usually 60)",
    )
    @cooldown("add")
    @can_add()
    @guild_required()
    async def add(
        self,
        interaction: discord.Interaction[ArticleBot],
        url: str,
        # Discord's client keeps the number within a week; the server's shortest is checked
        # by the library, which knows the setting.
        every: app_commands.Range[int, 1, MAX_EVERY_MINUTES] | None = None,
    ) -> None:
        """Follow an RSS or Atom feed: its new articles are added now and as they appear."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=True)
        feed = await self.bot.call(
            self.bot.library.add_feed,
            collection,
            url.strip(),
            added_by=str(interaction.user.id),
            every_minutes=every,
        )
        self.bot.feed_poller.wake()
        await interaction.followup.send(embed=render_feed_added(feed), ephemeral=True)

    @feed.command(name="list")
    @guild_required()
    async def list_feeds(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """List the feeds this server follows, with how their last polls went."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=True)
        feeds = await self.bot.call(self.bot.library.feeds, collection)
        await interaction.followup.send(embed=render_feed_list(feeds), ephemeral=True)

    @feed.command(name="remove", extras={ADDS_ARTICLES: True})
    @app_commands.describe(feed="The feed: start typing its title or link")
    @app_commands.autocomplete(feed=feed_choices)
    @can_add()
    @guild_required()
    async def remove(self, interaction: discord.Interaction[ArticleBot], feed: int) -> None:
        """Stop following a feed; the articles it brought stay."""
        collection = _collection(interaction)
        await defer(interaction, ephemeral=True)
        removed = await self.bot.call(self.bot.library.remove_feed, collection, feed)
        await interaction.followup.send(
            f"Stopped following {feed_name(removed)}; its articles stay.", ephemeral=True
        )


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(FeedsCog(bot))
