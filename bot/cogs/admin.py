"""/admin reindex and /admin status, for members with Manage Server."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import ArticleBot
from bot.common import defer, guild_collection
from bot.permissions import manager_only
from bot.render.reports import render_reindex_progress, render_reindexed, render_status
from retrieval.errors import InvalidInput
from retrieval.types import Progress

log = logging.getLogger(__name__)


class ProgressReply:
    """Edits a deferred reply with the latest progress, at most once per interval."""

    def __init__(self, interaction: discord.Interaction[ArticleBot], interval_s: float) -> None:
        self.interaction = interaction
        self.interval_s = interval_s
        self.latest: tuple[int, int, str] | None = None
        self.edits = 0
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def update(self, done: int, total: int, title: str) -> None:
        """Take a progress report (on the event loop; the worker thread schedules this)."""
        self.latest = (done, total, title)
        self._changed.set()

    def callback(self) -> Progress:
        """Return the progress function the worker thread calls."""
        loop = asyncio.get_running_loop()

        def report(done: int, total: int, title: str) -> None:
            loop.call_soon_threadsafe(self.update, done, total, title)

        return report

    def start(self) -> None:
        """Start editing the reply as progress comes in."""
        self._task = asyncio.get_running_loop().create_task(self._run(), name="reindex-progress")

    async def stop(self) -> None:
        """Stop editing (the caller writes the final result)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self._changed.wait()
            self._changed.clear()
            if self.latest is None:
                continue
            try:
                await self.interaction.edit_original_response(
                    content=render_reindex_progress(*self.latest)
                )
                self.edits += 1
            except discord.HTTPException:
                log.debug("could not show reindex progress", exc_info=True)
            # Throttle: Discord rate-limits edits, and a human reads slower than this anyway.
            await asyncio.sleep(self.interval_s)


class AdminCog(commands.Cog):
    """Server management: rebuild the index, check its health."""

    admin = app_commands.Group(
        name="admin",
        description="Reindex and check this server's articles (Manage Server)",
        guild_only=True,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )

    # Seconds between progress edits of a reindex reply; tests shorten it.
    progress_interval_s = 2.0

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self._reindexing: set[str] = set()

    @manager_only()
    @admin.command(name="reindex")
    async def reindex(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Re-chunk and re-embed this server's articles; questions keep working meanwhile."""
        assert interaction.guild_id is not None  # manager_only() refused DMs
        collection = guild_collection(interaction.guild_id)
        if collection in self._reindexing:
            raise InvalidInput("a reindex of this server's articles is already running")
        self._reindexing.add(collection)
        try:
            await defer(interaction, ephemeral=True)
            progress = ProgressReply(interaction, self.progress_interval_s)
            report = progress.callback()
            progress.start()
            try:
                result = await self.bot.call(self.bot.library.reindex, collection, progress=report)
            finally:
                await progress.stop()
        finally:
            self._reindexing.discard(collection)
        await self.bot.refresh_titles(collection)
        try:
            await interaction.edit_original_response(content=None, embed=render_reindexed(result))
        except discord.HTTPException:
            # An interaction's token lasts 15 minutes; a longer reindex still completed.
            log.warning("reindex of %s finished but its reply could not be edited", collection)

    @manager_only()
    @admin.command(name="status")
    async def status(self, interaction: discord.Interaction[ArticleBot]) -> None:
        """Show article and passage counts, the model and the index health."""
        assert interaction.guild_id is not None  # manager_only() refused DMs
        collection = guild_collection(interaction.guild_id)
        await defer(interaction, ephemeral=True)
        status = await self.bot.call(self.bot.library.status, collection)
        await interaction.followup.send(embed=render_status(status), ephemeral=True)


async def setup(bot: ArticleBot) -> None:
    """Add the cog (discord.py extension entry point)."""
    await bot.add_cog(AdminCog(bot))
