"""Threads for follow-ups: where one can be opened, opening it under an answer, pointing to it."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any, Literal

import discord

from bot.render.text import one_line, truncate
from retrieval.errors import ArticlebotError

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100
_ESCAPED = re.compile(r"\\(.)")
ONE_DAY_MINUTES: Literal[1440] = 1440
# Discord's code for "a thread has already been created for this message".
THREAD_EXISTS = 160004


NO_THREAD_HERE = "follow-up threads open under answers in a server's text channels: reply instead"


class ThreadRefused(ArticlebotError):
    """A thread for follow-ups cannot be opened here; the message says why and what instead."""


def can_hold_threads(channel: object) -> bool:
    """Whether an answer sent in this channel can start a thread (a server's text channel)."""
    return isinstance(channel, discord.TextChannel)


def check_thread_option(interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
    """Refuse `/ask thread:True` where no thread can follow, before anything is asked."""
    if interaction.guild_id is None:
        raise ThreadRefused("threads exist only in servers: ask without `thread`")
    if ephemeral:
        raise ThreadRefused("a thread needs a public answer: leave out `ephemeral` for a thread")


def thread_name(message: discord.Message) -> str:
    """Name a follow-up thread after the question its answer shows (the embed's title)."""
    title = message.embeds[0].title if message.embeds else None
    # The title is escaped for markdown, which a thread's name does not render.
    plain = _ESCAPED.sub(r"\1", title or "")
    return truncate(one_line(plain), THREAD_NAME_LIMIT) or "Follow-ups"


async def open_thread(channel: object, message: discord.Message) -> int:
    """Open the follow-up thread under an answer and return its id (the message's own id).

    A second press finds the thread the first one opened: Discord allows one per message.
    The channel opens it: a message sent through an interaction's webhook knows no guild.
    """
    if not isinstance(channel, discord.TextChannel):
        raise ThreadRefused(NO_THREAD_HERE)
    try:
        thread = await channel.create_thread(
            name=thread_name(message),
            message=discord.Object(message.id),
            auto_archive_duration=ONE_DAY_MINUTES,
        )
    except discord.Forbidden:
        raise ThreadRefused(
            "I can't start threads in this channel (I need Create Public Threads): reply to "
            "the answer to follow it up instead"
        ) from None
    except discord.HTTPException as error:
        if error.code != THREAD_EXISTS:
            raise
        return message.id  # a thread started from a message has the message's id
    return thread.id


def thread_pointer(bot: ArticleBot, thread_id: int) -> str:
    """Tell the member where to ask, and how, given whether the bot can read plain messages."""
    how = (
        "just write your question there"
        if bot.settings.message_content_intent
        else "mention me there with your question"
    )
    return f"Ask your follow-up in <#{thread_id}>: {how}. I'll read it with this answer in mind."


async def note_message(bot: ArticleBot, collection: str, answer_id: int, message: Any) -> None:
    """Record which message holds a kept answer, so a thread under it continues it."""
    message_id = getattr(message, "id", None)
    if not isinstance(message_id, int):
        return
    try:
        await bot.call(bot.library.note_answer_message, collection, answer_id, message_id)
    except Exception:  # the answer is sent: a thread opened under it starts afresh at worst
        log.warning("could not record the message of answer %s", answer_id, exc_info=True)
