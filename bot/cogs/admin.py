"""/admin reindex and /admin status, for members with Manage Server."""

from __future__ import annotations

import contextlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import ArticleBot, ShuttingDown
from bot.common import defer, guild_collection
from bot.jobs import Job, Outcome
from bot.permissions import manager_only
from bot.render.feeds import add_feed_field
from bot.render.jobs import add_job_fields
from bot.render.reports import render_reindexed, render_status

log = logging.getLogger(__name__)


class AdminCog(commands.Cog):
    """Server management: rebuild the index, check its health."""

    admin = app_commands.Group(
        name="admin",
        description="Reindex and check this server's articles (Manage Server)",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot

    @manager_only()
    @admin.command(name="reindex")
    async def reindex(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Re-chunk and re-embed this server's articles; questions keep working meanwhile."""
        assert interaction.guild_id is not None  # manager_only() refused DMs
        collection = guild_collection(interaction.guild_id)
        user = interaction.user
        job = Job(collection, "reindex", "", user.id, user.display_name)
        # A background job: the result is posted in the channel if it outlasts the token.
        self.bot.jobs.start(interaction, job, self._reindex, ephemeral=True, exclusive=True)

    async def _reindex(self, job: Job) -> Outcome:
        result = await self.bot.call(
            self.bot.library.reindex, job.collection, progress=job.progress()
        )
        # The reindex is done: a shutdown that refuses the title reload must not hide that.
        with contextlib.suppress(ShuttingDown):
            await self.bot.refresh_titles(job.collection)
        summary = f"{result.articles} articles, {result.chunks} passages in {result.seconds:.0f} s"
        return Outcome(render_reindexed(result), summary)

    @manager_only()
    @admin.command(name="status")
    async def status(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Show article and passage counts, the model and the index health."""
        assert interaction.guild_id is not None  # manager_only() refused DMs
        collection = guild_collection(interaction.guild_id)
        await defer(interaction, ephemeral=True)
        status = await self.bot.call(self.bot.library.status, collection)
        feeds = await self.bot.call(self.bot.library.feeds, collection)
        jobs = self.bot.jobs
        embed = add_job_fields(
            add_feed_field(render_status(status), feeds),
            jobs.running(collection),
            jobs.recent(collection),
            discord.utils.utcnow(),
        )
        await interaction.followup.send(embed=embed, ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(AdminCog(bot))
