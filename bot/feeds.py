"""The feed poller: polls every server's due feeds in the background, as jobs of each server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, ClassVar

from bot.common import GUILD_COLLECTION_PREFIX
from bot.jobs import Job
from retrieval.errors import ArticlebotError
from retrieval.library.feeds import FeedPoll

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)


def poll_summary(polls: list[FeedPoll]) -> str:
    """One line for `/admin status`: what a poll of a server's feeds did."""
    added = sum(len(p.added) for p in polls)
    failed = [p for p in polls if p.error]
    line = f"{len(polls)} feeds polled, {added} articles added"
    return line + (f", {len(failed)} feeds failed" if failed else "")


class FeedPoller:
    """Wakes every `check_every_s` (or when a feed is added) and polls the feeds that are due.

    A poll runs in the bot's worker threads and embeds at bulk priority, so questions go
    first; each server's poll is a job of that server, listed by `/admin status`. The schedule
    lives in the database, so a restart picks up where the last run left off.
    """

    check_every_s: ClassVar[float] = 60.0

    def __init__(self, bot: ArticleBot) -> None:
        self.bot = bot
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Look for due feeds now (a feed was just added)."""
        self._wake.set()

    async def run(self) -> None:
        """Poll due feeds until the bot closes; each round runs in a task of its own."""
        while True:
            self._wake.clear()
            await self.bot.spawn(self.poll_due(), name="articlebot-feed-poll")
            # asyncio.timeout, not wait_for: the wait stays in this task, with no task of its own.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.check_every_s):
                    await self._wake.wait()

    async def poll_due(self) -> None:
        """Poll the due feeds of every server, one server after another."""
        try:
            collections = await self.bot.call(self.bot.library.feed_collections, due=True)
            for collection in collections:
                # Other collections of the data directory belong to the command line (cron).
                if collection.startswith(GUILD_COLLECTION_PREFIX):
                    await self._poll(collection)
        except ArticlebotError as error:  # the bot is closing, or a server's data went
            log.info("feed polls stopped: %s", error.message)
        except Exception:
            log.exception("polling feeds failed; trying again later")

    async def _poll(self, collection: str) -> None:
        job = Job(collection, "poll", "", 0, "feeds")
        with self.bot.jobs.background(job):
            polls = await self.bot.call(
                self.bot.library.poll_feeds, collection, due_only=True, progress=job.progress()
            )
            job.outcome = poll_summary(polls)
        if any(p.added for p in polls):
            await self.bot.refresh_titles(collection)
