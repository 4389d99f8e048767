"""/admin reindex, status, settings and gaps, for members with Manage Server."""

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
from bot.render.gaps import render_gaps
from bot.render.jobs import add_job_fields
from bot.render.reports import render_reindexed, render_status
from bot.settings_command import (
    RESET_CHOICES,
    WHO_MAY_ADD_CHOICES,
    SettingsOptions,
    run_settings_command,
)
from retrieval.errors import InvalidInput
from retrieval.library.server_settings import THRESHOLD_BOUNDS

log = logging.getLogger(__name__)


class AdminCog(commands.Cog):
    """Server management: rebuild the index, check its health."""

    admin = app_commands.Group(
        name="admin",
        description="Reindex, check and set up this server's articles (Manage Server)",
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

    @manager_only()
    @admin.command(name="settings")
    @app_commands.describe(
        who_may_add="Who may add articles here",
        add_role="The role that may add articles (only that role and managers then)",
        mention_channel="Answer mentions in this channel (once listed, only in listed ones)",
        stop_mention_channel="Stop answering mentions in this listed channel",
        all_channels="Answer mentions in every channel again (clears the list)",
        private_answers="Show /ask answers only to the asker unless they choose otherwise",
        ask_rate="Questions per member per ask period (1-50)",
        ask_period="Ask cooldown period in seconds (0-3600; 0: no cooldown)",
        add_rate="Additions per member per add period (1-50)",
        add_period="Add cooldown period in seconds (0-86400; 0: no cooldown)",
        not_found_threshold=(
            f"Answer 'not found' below this confidence ({THRESHOLD_BOUNDS[0]}-"
            f"{THRESHOLD_BOUNDS[1]}; higher: more cautious)"
        ),
        reset="Put a setting back to the bot's default",
    )
    @app_commands.choices(who_may_add=WHO_MAY_ADD_CHOICES, reset=RESET_CHOICES)
    async def settings(
        self,
        interaction: discord.Interaction[ArticleBot],
        who_may_add: str | None = None,
        add_role: discord.Role | None = None,
        mention_channel: app_commands.AppCommandChannel | None = None,
        stop_mention_channel: app_commands.AppCommandChannel | None = None,
        all_channels: bool | None = None,
        private_answers: bool | None = None,
        ask_rate: int | None = None,
        ask_period: float | None = None,
        add_rate: int | None = None,
        add_period: float | None = None,
        not_found_threshold: float | None = None,
        reset: str | None = None,
    ) -> None:
        """Show this server's settings; options change them."""
        for channel in (mention_channel, stop_mention_channel):
            if channel is not None and channel.type is discord.ChannelType.category:
                raise InvalidInput(f"{channel.mention} is a category: choose a channel in it")
        options = SettingsOptions(
            who_may_add=who_may_add,
            add_role=add_role.id if add_role else None,
            mention_channel=mention_channel.id if mention_channel else None,
            stop_mention_channel=stop_mention_channel.id if stop_mention_channel else None,
            all_channels=all_channels,
            private_answers=private_answers,
            ask_rate=ask_rate,
            ask_period=ask_period,
            add_rate=add_rate,
            add_period=add_period,
            not_found_threshold=not_found_threshold,
            reset=reset,
        )
        await defer(interaction, ephemeral=True)
        embed = await run_settings_command(self.bot, interaction, options)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @manager_only()
    @admin.command(name="gaps")
    @app_commands.describe(clear="Empty the list once its questions are handled")
    async def gaps(self, interaction: discord.Interaction[ArticleBot], clear: bool = False) -> None:
        """List the most asked questions the articles did not answer, with the closest ones."""
        assert interaction.guild_id is not None  # manager_only() refused DMs
        collection = guild_collection(interaction.guild_id)
        await defer(interaction, ephemeral=True)
        if clear:
            cleared = await self.bot.call(self.bot.library.clear_gaps, collection)
            await interaction.followup.send(
                f"Cleared {cleared} unanswered question(s) and “Not helpful” vote(s) from the "
                "list. New ones appear from now on; the votes are kept for `articlebot feedback`.",
                ephemeral=True,
            )
            return
        gaps = await self.bot.call(self.bot.library.gaps, collection)
        await interaction.followup.send(embed=render_gaps(gaps), ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(AdminCog(bot))
