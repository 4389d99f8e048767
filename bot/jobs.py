"""Background jobs of a collection (adds, reindexes) whose result outlives the interaction."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import discord

from bot.common import defer
from bot.render.jobs import (
    render_job_finished,
    render_job_handoff,
    render_job_progress,
    render_job_refused,
)
from bot.render.reports import render_error
from bot.tree import GENERIC_FAILURE, describe_error, report_error
from retrieval.errors import ArticlebotError
from retrieval.types import Progress

log = logging.getLogger(__name__)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class JobRefused(ArticlebotError):
    """A job of that kind already runs for the collection."""


@dataclass(eq=False)
class Job:
    """One running or finished job: what, for whom, how far, and how it ended."""

    collection: str
    kind: str  # "add", "reindex" or "poll" (of the feeds; started by no one: started_by 0)
    label: str  # what is being added: a file name, a link, a title
    started_by: int
    started_by_name: str
    started_at: dt.datetime = field(default_factory=_now)
    done: int = 0
    total: int = 0
    current: str = ""
    finished_at: dt.datetime | None = None
    outcome: str | None = None
    error: str | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def seconds(self) -> float:
        """Return how long the job ran (or has been running)."""
        return ((self.finished_at or _now()) - self.started_at).total_seconds()

    def update(self, done: int, total: int, current: str) -> None:
        """Take a progress report (on the event loop)."""
        self.done, self.total, self.current = done, total, current
        self.changed.set()

    def progress(self) -> Progress:
        """Return the progress function a worker thread calls."""
        loop = asyncio.get_running_loop()

        def report(done: int, total: int, current: str) -> None:
            loop.call_soon_threadsafe(self.update, done, total, current)

        return report


@dataclass(frozen=True)
class Outcome:
    """What a finished job shows: the embed for the member, one line for `/admin status`."""

    embed: discord.Embed
    summary: str


Work = Callable[[Job], Awaitable[Outcome]]


class JobReply:
    """Reports a job through its interaction while the token lives, then in the channel."""

    # Discord accepts edits and follow-ups for 15 minutes; the hand-off note is written a
    # margin before that, and from then on the result goes to the channel. Tests shrink these.
    token_lifetime_s: ClassVar[float] = 15 * 60.0
    handoff_margin_s: ClassVar[float] = 60.0
    # Seconds between progress edits: Discord rate-limits edits, and people read slower.
    progress_interval_s: ClassVar[float] = 2.0

    def __init__(self, interaction: discord.Interaction[Any], job: Job, *, ephemeral: bool):
        self.interaction = interaction
        self.job = job
        self.ephemeral = ephemeral
        loop = asyncio.get_running_loop()
        age = (_now() - interaction.created_at).total_seconds()
        self._handoff_at = loop.time() + self.token_lifetime_s - self.handoff_margin_s - age
        self._watcher: asyncio.Task[None] | None = None

    def usable(self) -> bool:
        """Whether the interaction's reply may still be edited or followed up."""
        return asyncio.get_running_loop().time() < self._handoff_at

    def watch(self) -> None:
        """Start showing progress, and the hand-off note when the token runs out."""
        name = f"job-progress-{self.job.collection}"
        self._watcher = asyncio.get_running_loop().create_task(self._watch(), name=name)

    async def stop(self) -> None:
        """Stop showing progress (the caller writes the result)."""
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while (remaining := self._handoff_at - loop.time()) > 0:
            try:
                await asyncio.wait_for(self.job.changed.wait(), remaining)
            except TimeoutError:
                break
            self.job.changed.clear()
            text = render_job_progress(self.job)
            if text is not None and self.usable():
                await self._edit(content=text)
                await asyncio.sleep(min(self.progress_interval_s, max(0.0, remaining)))
        channel = self.interaction.channel
        mention = getattr(channel, "mention", None)
        await self._edit(content=render_job_handoff(self.job, mention))

    async def _edit(self, **fields: Any) -> bool:
        try:
            await self.interaction.edit_original_response(**fields)
        except discord.HTTPException:
            log.debug("could not edit the reply of %s", self.interaction.id, exc_info=True)
            return False
        return True

    async def finish(self, embed: discord.Embed) -> None:
        """Show the result: in the reply while the token lives, else in the channel."""
        await self.stop()
        if self.usable():
            if self.ephemeral:
                if await self._edit(content=None, embed=embed):
                    return
            else:
                try:
                    await self.interaction.followup.send(embed=embed)
                    return
                except discord.HTTPException:
                    log.warning("could not follow up %s", self.interaction.id, exc_info=True)
        await self._post(render_job_finished(self.job), embed)

    async def fail(self, error: BaseException) -> None:
        """Report the error: ephemerally while the token lives, else in the channel."""
        await self.stop()
        if self.usable():
            await report_error(self.interaction, error)
            return
        message = describe_error(error)
        if message is None:
            log.error("job %s failed", self.job.kind, exc_info=error)
            message = GENERIC_FAILURE
        await self._post(render_job_finished(self.job), render_error(message))

    async def _post(self, content: str, embed: discord.Embed) -> None:
        channel = self.interaction.channel
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("%s of %s ended with nowhere to post", self.job.kind, self.job.collection)
            return
        try:
            await channel.send(
                content=content, embed=embed, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            log.warning("could not post the result of a %s", self.job.kind, exc_info=True)


# How often a running job's new objects are moved out of the garbage collector's reach.
FREEZE_EVERY_S = 1.0


class Jobs:
    """The bot's jobs by collection: running ones, and the last few that ended."""

    keep_recent: ClassVar[int] = 5

    def __init__(self) -> None:
        self._running: dict[str, list[Job]] = {}
        self._recent: dict[str, deque[Job]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._freezer: asyncio.Task[None] | None = None

    def running(self, collection: str) -> list[Job]:
        """Return the collection's running jobs, oldest first."""
        return list(self._running.get(collection, ()))

    def recent(self, collection: str) -> list[Job]:
        """Return the collection's finished jobs, newest first."""
        return list(self._recent.get(collection, ()))

    def start(
        self,
        interaction: discord.Interaction[Any],
        job: Job,
        work: Work,
        *,
        ephemeral: bool,
        exclusive: bool = False,
    ) -> None:
        """Register the job at once (refusing a second exclusive one) and run it in a task."""
        if exclusive:
            for other in self.running(job.collection):
                if other.kind == job.kind:
                    raise JobRefused(render_job_refused(other, _now()))
        self._running.setdefault(job.collection, []).append(job)
        reply = JobReply(interaction, job, ephemeral=ephemeral)
        name = f"job-{job.kind}-{job.collection}"
        task = asyncio.get_running_loop().create_task(self._run(job, reply, work), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if self._freezer is None or self._freezer.done():
            self._freezer = asyncio.get_running_loop().create_task(
                self._freeze_while_busy(), name="job-heap-freezer"
            )

    @contextlib.contextmanager
    def background(self, job: Job) -> Iterator[Job]:
        """List a job no member waits on (a feed poll) as running, then as recent."""
        self._running.setdefault(job.collection, []).append(job)
        try:
            yield job
        except Exception as error:
            job.error = describe_error(error) or "unexpected error (see the bot's log)"
            raise
        finally:
            self._end(job)

    async def _freeze_while_busy(self) -> None:
        """While jobs run, move what they have built out of the collector's reach each second.

        A full collection walks every tracked object while holding the GIL. A reindex builds
        hundreds of thousands of them, and one collection over them all stalled every member's
        answer for 150+ ms. Frozen objects are still freed when their last reference goes;
        only reference cycles among them are kept (see `uncollected_after_jobs` in the soak).
        """
        while self._running:
            gc.freeze()
            await asyncio.sleep(FREEZE_EVERY_S)

    async def _run(self, job: Job, reply: JobReply, work: Work) -> None:
        try:
            await defer(reply.interaction, ephemeral=reply.ephemeral)
            reply.watch()
            outcome = await work(job)
        except Exception as error:  # noqa: BLE001 - every failure is reported to the member
            job.error = describe_error(error) or "unexpected error (see the bot's log)"
            self._end(job)
            await reply.fail(error)
        else:
            job.outcome = outcome.summary
            self._end(job)
            await reply.finish(outcome.embed)
        finally:
            await reply.stop()

    def _end(self, job: Job) -> None:
        job.finished_at = _now()
        running = self._running.get(job.collection, [])
        if job in running:
            running.remove(job)
        if not running:
            self._running.pop(job.collection, None)
        recent = self._recent.setdefault(job.collection, deque(maxlen=self.keep_recent))
        recent.appendleft(job)
        # A job leaves long-lived indexes behind (a reindex replaces them all). Moving what is
        # alive now out of the collector's reach keeps later full collections, which stall the
        # event loop, as short as after start-up; freezing takes no collection itself.
        gc.freeze()

    async def wait(self, timeout: float) -> None:
        """Wait a while for running jobs to report (at shutdown, after their work is done)."""
        pending = [*self._tasks, *([self._freezer] if self._freezer else [])]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
