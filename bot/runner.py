"""Start the bot (`articlebot run`) and list its commands as a sync would upload them."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import tempfile
from typing import Any

import aiohttp
import discord

from bot.app import ArticleBot
from config import Settings
from retrieval.library import Library

log = logging.getLogger(__name__)

EXIT_CONFIG = 2
EXIT_FAILURE = 1


def run_bot(settings: Settings, *, library: Library | None = None) -> int:
    """Run the bot until SIGTERM or SIGINT; return the process exit code."""
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        _fail("DISCORD_TOKEN is not set: put the bot token in the environment or a .env file")
        return EXIT_CONFIG
    owned = library is None
    library = library if library is not None else Library(settings)
    try:
        return asyncio.run(_serve(library, settings, token))
    except discord.LoginFailure:
        _fail("Discord rejected the token (DISCORD_TOKEN): copy it again from the developer portal")
        return EXIT_CONFIG
    except discord.PrivilegedIntentsRequired:
        if settings.message_content_intent:
            _fail(
                "Discord refused the message content intent: switch it on for the bot in the "
                "developer portal, or set message_content_intent = false"
            )
        else:
            _fail("Discord refused the requested intents; articlebot needs only the default ones")
        return EXIT_CONFIG
    except (aiohttp.ClientConnectorError, discord.GatewayNotFound) as error:
        _fail(f"could not reach Discord: {error}")
        return EXIT_FAILURE
    finally:
        if owned:
            library.close()


async def _serve(library: Library, settings: Settings, token: str) -> int:
    async with ArticleBot(library, settings) as bot:
        _close_on_signals(bot)
        await bot.start(token)
    log.info("closed cleanly")
    return 0


def _close_on_signals(bot: ArticleBot) -> None:
    """Close the bot (finishing running library work) on SIGTERM and SIGINT."""
    loop = asyncio.get_running_loop()
    closing: set[asyncio.Task[None]] = set()

    def close(name: str) -> None:
        log.info("%s received: closing", name)
        task = loop.create_task(bot.close(), name="articlebot-close")
        closing.add(task)  # keep a reference until it is done
        task.add_done_callback(closing.discard)

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, close, sig.name)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            log.debug("cannot handle %s here", sig.name)


def _fail(message: str) -> None:
    print(f"articlebot: {message}", file=sys.stderr)


def command_payloads(settings: Settings) -> list[dict[str, Any]]:
    """Return every application command exactly as a sync would upload it, without logging in."""
    # The bot needs a Library, which opens a database: give it a throwaway one so listing the
    # commands never touches the real data directory.
    with tempfile.TemporaryDirectory(prefix="articlebot-commands-") as scratch:
        library = Library(settings.model_copy(update={"data_dir": scratch}))
        try:
            return asyncio.run(_payloads(library, settings))
        finally:
            library.close()


async def _payloads(library: Library, settings: Settings) -> list[dict[str, Any]]:
    bot = ArticleBot(library, settings)
    try:
        await bot.load_cogs()
        tree = bot.tree
        return [command.to_dict(tree) for command in tree.get_commands()]
    finally:
        await bot.close()
