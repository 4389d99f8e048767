"""The one answer flow behind /ask, "Ask about this message" and @mention questions."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.common import DM_POINTER, defer, guild_collection, message_kwargs, strip_mentions
from bot.gaps import ask_noting_gaps
from bot.render.conversation import render_asked
from bot.render.reports import render_error
from bot.server_settings import hit_cooldown
from bot.threads import (
    can_hold_threads,
    check_thread_option,
    note_message,
    open_thread,
    thread_pointer,
)
from bot.tree import GENERIC_FAILURE, describe_error
from bot.views import AnswerView
from config import Settings
from retrieval.library import Continues

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

# The one sign a mention over the cooldown gets: a public "too fast" reply to each would flood
# the channel (slash commands say it ephemerally instead).
SLOW_DOWN_REACTION = "\N{HOURGLASS WITH FLOWING SAND}"

# Sends the rendered answer (send() arguments, the view included) and returns the message.
Reply = Callable[[dict[str, Any]], Awaitable[discord.Message]]


def question_collection(settings: Settings, guild_id: int | None) -> str | None:
    """Return the collection a question is answered from, or None in a DM without one."""
    if guild_id is not None:
        return guild_collection(guild_id)
    return settings.dm_collection or None


async def send_answer(
    bot: ArticleBot,
    collection: str,
    question: str,
    *,
    asked_at: datetime,
    working: Callable[[], AbstractAsyncContextManager[Any]],
    reply: Reply,
    place: str = "",
    continues: Continues | None = None,
    follow_up_button: bool = True,
) -> discord.Message:
    """Validate, ask in a thread while `working` shows it, then send with the answer buttons.

    The answer is kept (with `place`, its channel or thread) for its buttons and follow-ups;
    `continues` names the answer a follow-up continues.
    """
    question = bot.library.validate_question(question)
    async with working():
        # News questions are about what was current when they were asked.
        asked = await ask_noting_gaps(
            bot,
            collection,
            question,
            as_of=asked_at.date(),
            place=place,
            continues=continues,
        )
    rendered = render_asked(asked)
    view = AnswerView(asked.answer, asked.answer_id, rendered.pages, follow_up=follow_up_button)
    kwargs = message_kwargs(rendered.content, rendered.embeds, rendered.files)
    message = await reply({**kwargs, "view": view})
    await note_message(bot, collection, asked.answer_id, message)
    return message


async def answer_interaction(
    bot: ArticleBot,
    interaction: discord.Interaction[ArticleBot],
    question: str,
    *,
    ephemeral: bool,
    thread: bool = False,
) -> None:
    """Answer a slash command or context menu in a follow-up (errors go to the tree's funnel)."""
    collection = question_collection(bot.settings, interaction.guild_id)
    if collection is None:
        await interaction.response.send_message(DM_POINTER, ephemeral=True)
        return

    @asynccontextmanager
    async def deferred() -> AsyncIterator[None]:
        await defer(interaction, ephemeral=ephemeral)
        yield

    async def reply(kwargs: dict[str, Any]) -> discord.Message:
        return await interaction.followup.send(**kwargs, ephemeral=ephemeral, wait=True)

    if thread:
        check_thread_option(interaction, ephemeral=ephemeral)
    message = await send_answer(
        bot,
        collection,
        question,
        asked_at=interaction.created_at,
        working=deferred,
        reply=reply,
        place=str(interaction.channel_id or ""),
        follow_up_button=not ephemeral and can_hold_threads(interaction.channel),
    )
    if thread and can_hold_threads(interaction.channel):
        opened = await open_thread(interaction.channel, message)
        await interaction.followup.send(thread_pointer(bot, opened), ephemeral=True)


async def answer_message(
    bot: ArticleBot, message: discord.Message, *, continues: Continues | None = None
) -> None:
    """Answer a message's text (mentions stripped) as a reply to it, or point a DM to servers.

    `continues` names the answer the message follows up (a reply to it, or its thread's).
    """
    collection = question_collection(bot.settings, message.guild.id if message.guild else None)
    if collection is None:
        await message.reply(DM_POINTER, mention_author=False)
        return

    async def reply(kwargs: dict[str, Any]) -> discord.Message:
        return await message.reply(**kwargs, mention_author=False)

    try:
        guild_id = message.guild.id if message.guild else None
        now = message.created_at.timestamp()
        await hit_cooldown(bot, "ask", guild_id, message.author.id, now)
    except app_commands.CommandOnCooldown:
        log.info("message %s refused: over the ask cooldown", message.id)
        try:
            await message.add_reaction(SLOW_DOWN_REACTION)
        except discord.HTTPException:
            log.debug("could not react to message %s", message.id)
        return
    try:
        await send_answer(
            bot,
            collection,
            strip_mentions(message.content),
            asked_at=message.created_at,
            working=message.channel.typing,
            reply=reply,
            place=str(message.channel.id),
            continues=continues,
            follow_up_button=can_hold_threads(message.channel),
        )
    except Exception as error:
        # No command tree handles a message: report here, as the tree's funnel would.
        text = describe_error(error)
        if text is None:
            log.exception("could not answer message %s", message.id)
            text = GENERIC_FAILURE
        try:
            await message.reply(embed=render_error(text), mention_author=False)
        except discord.HTTPException:
            log.warning("could not reply to message %s", message.id, exc_info=True)
