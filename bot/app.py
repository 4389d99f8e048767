"""`ArticleBot`: the discord.py bot that serves one `Library`, one collection per guild."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

import discord
from discord.ext import commands

from bot.answering import answer_message
from bot.cogs.owner import is_exact_command
from bot.common import GUILD_COLLECTION_PREFIX, guild_collection
from bot.conversations import AnswerButtons, answer_follow_up
from bot.cooldowns import Cooldowns
from bot.feeds import FeedPoller
from bot.help import is_help_request, send_help_message
from bot.jobs import Jobs
from bot.render.reports import render_error
from bot.server_settings import mention_answered
from bot.titles import TitleCache
from bot.tree import GENERIC_FAILURE, ArticleTree
from bot.views import AnswerButton
from config import Settings
from retrieval.errors import ArticlebotError
from retrieval.library import Library

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.articles",
    "bot.cogs.admin",
    "bot.cogs.owner",
    "bot.cogs.feeds",
    "bot.cogs.help",
)
# Library work runs in threads; a few at a time keeps the default executor free for the
# event loop's own needs (DNS lookups of the gateway and HTTP client run there too).
MAX_CONCURRENT_WORK = 4
SHUTDOWN_GRACE_S = 60.0


def _freeze_heap() -> None:
    """Exclude the start-up heap (model, libraries) from later garbage collections."""
    # A full collection walks every tracked object while holding the GIL; with the model and
    # libraries loaded that takes 100+ ms, a visible stall of the event loop. Objects alive
    # after start-up stay for the life of the process, so collections need not scan them.
    gc.collect()
    gc.freeze()


def bot_intents(settings: Settings) -> discord.Intents:
    """Return the default intents, with message content when the settings ask for it."""
    intents = discord.Intents.default()
    # Privileged: lets replies without ping and plain thread messages carry their text.
    intents.message_content = settings.message_content_intent
    return intents


class ShuttingDown(ArticlebotError):
    """The bot is closing and takes no new work."""


class ArticleBot(commands.Bot):
    """A bot over one `Library`: slash commands, context menus and @mention questions."""

    def __init__(self, library: Library, settings: Settings) -> None:
        # articlebot never joins voice: the missing-voice-library warnings are noise.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ArticleTree,
            help_command=None,
        )
        self.library = library
        self.settings = settings
        self.titles = TitleCache()
        self.cooldowns = Cooldowns(settings)
        self.jobs = Jobs()
        self.feed_poller = FeedPoller(self)
        self.answer_actions = AnswerButtons(self)
        self._work = asyncio.Semaphore(MAX_CONCURRENT_WORK)
        self._inflight: set[asyncio.Task[Any]] = set()
        self._background: set[asyncio.Task[Any]] = set()
        self._shutting_down = False

    # -- start and stop --------------------------------------------------------------------------

    async def load_cogs(self) -> None:
        """Load every cog, which registers the application commands on the tree."""
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def setup_hook(self) -> None:
        """Load the cogs, warm the caches, and sync to the dev guild when one is configured."""
        await self.load_cogs()
        # Answer buttons are dispatched by their custom ids: those of messages sent before a
        # restart, or whose view timed out, work too.
        self.add_dynamic_items(AnswerButton)
        self.spawn(self._warm_up(), name="articlebot-warm-up")
        self.spawn(self.feed_poller.run(), name="articlebot-feeds")
        if self.settings.dev_guild_id is not None:
            # A guild sync shows changes at once; a global one can take up to an hour and is
            # left to the owner's `@bot sync global`.
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)

    async def _warm_up(self) -> None:
        """Load the embedding model and every guild's titles before the first question."""
        try:
            names = await self.call(self.library.collections)
            for name in names:
                if name.startswith("guild-"):
                    self.titles.set(name, await self.call(self.library.titles, name))
            await self.call(lambda: self.library.embedder)
            await self.call(_freeze_heap)
        except ShuttingDown:
            return
        except Exception:
            log.exception("warming up failed; the model loads on the first question instead")

    async def on_ready(self) -> None:
        """Log who the bot is and where, and look for servers that removed it while offline."""
        log.info("logged in as %s in %d servers", self.user, len(self.guilds))
        if not any(t.get_name() == "articlebot-departures" for t in self._background):
            self.spawn(self.purge_departed(), name="articlebot-departures")

    async def purge_departed(self) -> None:
        """Delete the articles of servers that removed the bot while it was offline.

        Leaving a server while offline fires no `on_guild_remove`. A stored server missing
        from `self.guilds` (which keeps servers in an outage, as unavailable) is noted; once
        it has been missing for the grace period, across starts, its articles go.
        """
        if self.settings.keep_collection_on_guild_remove:
            return
        present = {guild_collection(guild.id) for guild in self.guilds}
        grace = timedelta(hours=self.settings.departed_guild_grace_hours)
        try:
            purged = await self.call(
                self.library.purge_departed, present, GUILD_COLLECTION_PREFIX, grace
            )
        except ShuttingDown:
            return
        except Exception:
            log.exception("could not check for servers that left while the bot was offline")
            return
        for collection in purged:
            self.titles.drop(collection)

    async def close(self) -> None:
        """Refuse new work, let running library calls finish, then disconnect."""
        self._shutting_down = True
        for task in list(self._background):
            task.cancel()
        pending = [t for t in self._inflight if not t.done()]
        if pending:
            log.info("waiting for %d library calls to finish", len(pending))
            _, still = await asyncio.wait(pending, timeout=SHUTDOWN_GRACE_S)
            if still:
                log.warning("%d library calls still running at shutdown", len(still))
        await self.jobs.wait(timeout=5.0)  # let finished jobs post their results
        await super().close()

    # -- library work ----------------------------------------------------------------------------

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a library call in a worker thread: CPU and disk work never block the loop."""
        if self._shutting_down:
            raise ShuttingDown("the bot is restarting; try again in a minute")
        await self._work.acquire()
        try:
            task = asyncio.ensure_future(asyncio.to_thread(functools.partial(fn, *args, **kwargs)))
        except BaseException:
            self._work.release()
            raise
        # The slot is freed when the thread ends, not when the caller stops waiting: a cancelled
        # caller would otherwise let more threads run than MAX_CONCURRENT_WORK.
        task.add_done_callback(lambda _: self._work.release())
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        # Shielded: a cancelled caller must not hide a thread that still writes.
        return await asyncio.shield(task)

    def spawn(self, coro: Any, *, name: str) -> asyncio.Task[Any]:
        """Start a background task that is kept referenced and cancelled on close."""
        task: asyncio.Task[Any] = asyncio.get_running_loop().create_task(coro, name=name)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    async def refresh_titles(self, collection: str) -> None:
        """Reload a collection's titles for autocomplete (after an add or a removal)."""
        self.titles.set(collection, await self.call(self.library.titles, collection))

    def schedule_title_refresh(self, collection: str) -> None:
        """Load a collection's titles in the background (autocomplete must not wait on it)."""
        name = f"articlebot-titles-{collection}"
        if any(t.get_name() == name for t in self._background):
            return
        self.spawn(self._refresh_quietly(collection), name=name)

    async def _refresh_quietly(self, collection: str) -> None:
        try:
            await self.refresh_titles(collection)
        except ShuttingDown:
            return
        except Exception:
            log.exception("could not load the titles of %s", collection)

    # -- events ----------------------------------------------------------------------------------

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Delete a guild's articles when the bot leaves it, unless settings keep them."""
        collection = guild_collection(guild.id)
        self.titles.drop(collection)
        if self.settings.keep_collection_on_guild_remove:
            log.info("left guild %s; keeping %s", guild.id, collection)
            return
        # For good: an add still embedding for this guild is refused when it commits.
        await self.call(self.library.delete_collection, collection, for_good=True)
        log.info("left guild %s; deleted %s", guild.id, collection)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Let a server that had removed the bot add articles again."""
        await self.call(self.library.welcome_back, guild_collection(guild.id))

    async def on_message(self, message: discord.Message) -> None:
        """Run `@bot sync`, answer questions that mention the bot, and point DMs to servers."""
        if message.author.bot or self.user is None:
            return
        context = await self.get_context(message)
        if context.command is not None and is_exact_command(context):
            await self.invoke(context)  # the owner check refuses others with one line
            return
        if await answer_follow_up(self, message, mentioned=self._mentions_me(message)):
            return
        if message.guild is None or self._mentions_me(message):
            if not await mention_answered(self, message):
                return  # the server lists the channels where mentions are answered
            if is_help_request(message.content):
                await send_help_message(self, message)
                return
            await answer_message(self, message)

    def _mentions_me(self, message: discord.Message) -> bool:
        """Whether a message pings the bot: by name, by its role, or as a reply with ping."""
        assert self.user is not None
        # `mentions` holds the pinged author of a replied-to message; `raw_mentions` (the
        # text only) does not.
        if any(user.id == self.user.id for user in message.mentions):
            return True
        role = message.guild.self_role if message.guild else None
        return role is not None and role.id in message.raw_role_mentions

    async def on_command_error(
        self, context: commands.Context[Any], exception: commands.CommandError, /
    ) -> None:
        """Answer text-command failures briefly; log the unexpected ones."""
        if isinstance(exception, commands.NotOwner):
            text = "only the bot's owner can do that"
        elif isinstance(exception, commands.UserInputError):
            text = str(exception)
        elif isinstance(exception, commands.CommandNotFound):
            return
        else:
            log.error("text command %s failed", context.command, exc_info=exception)
            text = GENERIC_FAILURE
        await context.reply(embed=render_error(text), mention_author=False)
