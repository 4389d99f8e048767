"""Follow-ups on Discord: which messages continue an answer, and what the answer buttons do.

A message continues an answer when it replies to one of the bot's answers (with or without
ping), or mentions the bot in a thread whose conversation is alive: one under an answer
(opened by "Ask a follow-up", by `/ask thread:True`, or by a member) or one where the bot last
answered less than `conversation_max_age_minutes` ago. A message that does not mention the bot
is followed up only in a thread under an answer. Without the message content intent a message
that does not mention the bot arrives without its text, so only mentions are followed up; with
it, a message that does not mention the bot is answered only when it reads as a question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.answering import answer_message, question_collection
from bot.common import guild_collection, message_kwargs, strip_mentions
from bot.render.answers import passage_pages, render_answer
from bot.threads import (
    NO_THREAD_HERE,
    ThreadRefused,
    can_hold_threads,
    open_thread,
    thread_pointer,
)
from bot.views import ANSWER_BUTTON, PassagePager
from retrieval.library import Continues
from retrieval.query.followups import looks_like_question
from retrieval.types import StoredAnswer

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

EXPIRED = "This answer is too old for its buttons now: ask again with `/ask`."


def answer_id_of(message: discord.Message) -> int | None:
    """Return the kept answer a bot message shows, read from its buttons' custom ids."""
    for row in message.components:
        for child in getattr(row, "children", ()):
            match = ANSWER_BUTTON.fullmatch(getattr(child, "custom_id", None) or "")
            if match is not None:
                return int(match["answer"])
    return None


def continued_by(bot: ArticleBot, message: discord.Message) -> Continues | None:
    """Return which answer a message may continue, before any lookup: a reply's, a thread's."""
    assert bot.user is not None
    reference = message.reference
    replied = reference.resolved if reference is not None else None
    if isinstance(replied, discord.Message) and replied.author.id == bot.user.id:
        answer_id = answer_id_of(replied)
        if answer_id is not None:
            return Continues(answer_id=answer_id)
    if isinstance(message.channel, discord.Thread):
        return Continues(place=str(message.channel.id))
    return None


async def answer_follow_up(bot: ArticleBot, message: discord.Message, *, mentioned: bool) -> bool:
    """Answer a message that continues an answer; return whether it was one (and handled)."""
    if message.guild is None or bot.user is None:
        return False
    if not mentioned and not bot.settings.message_content_intent:
        return False  # Discord sends such a message without its text: nothing to follow up
    continues = continued_by(bot, message)
    if continues is None:
        return False
    text = strip_mentions(message.content)
    if not mentioned and not looks_like_question(text):
        return True  # "thanks!" under an answer, or an empty message: not a question
    if not text:
        return False  # an empty mention is told, on the usual path, that its question is empty
    if continues.answer_id is None:
        collection = guild_collection(message.guild.id)
        if not mentioned and not await _under_an_answer(bot, collection, message.channel):
            return True  # unaddressed chat in a thread the bot merely answered in once
        previous = await _look_up(bot, bot.library.previous_answer, collection, continues)
        if previous is None:
            return False  # a thread with no live conversation: only mentions are answered
        continues = Continues(answer_id=previous.id)
    await answer_message(bot, message, continues=continues)
    return True


async def _under_an_answer(bot: ArticleBot, collection: str, thread: object) -> bool:
    """Whether a thread was opened under an answer: by the bot, or by a member from one."""
    if not isinstance(thread, discord.Thread):
        return False
    if bot.user is not None and thread.owner_id == bot.user.id:
        return True
    # A thread opened from a message has that message's id.
    return await _look_up(bot, bot.library.answer_in_message, collection, thread.id) is not None


async def _look_up(
    bot: ArticleBot, find: Callable[[str, Any], StoredAnswer | None], collection: str, key: Any
) -> StoredAnswer | None:
    try:
        return await bot.call(find, collection, key)
    except Exception:  # a lookup that fails leaves the message to the ordinary mention path
        log.warning("could not look up the conversation of %s", key, exc_info=True)
        return None


class AnswerButtons:
    """What the persistent answer buttons do, looked up by the answer id they carry."""

    def __init__(self, bot: ArticleBot) -> None:
        self._bot = bot

    async def press(
        self, interaction: discord.Interaction[Any], action: str, answer_id: int
    ) -> None:
        """Show more passages, count a vote, or open a follow-up thread."""
        if action == "follow-up":
            await self._open_thread(interaction)
            return
        bot = self._bot
        await interaction.response.defer(ephemeral=True, thinking=True)
        collection = question_collection(bot.settings, interaction.guild_id)
        stored = (
            await bot.call(bot.library.stored_answer, collection, answer_id)
            if collection is not None
            else None
        )
        if stored is None:
            await interaction.followup.send(EXPIRED, ephemeral=True)
        elif action == "more":
            await self._more_passages(interaction, stored)
        else:
            await self._vote(interaction, stored, helpful=action == "helpful")

    async def _more_passages(
        self, interaction: discord.Interaction[Any], stored: StoredAnswer
    ) -> None:
        # Asked again as of the same day: the passages of the answer under the button.
        answer = await self._bot.call(self._bot.library.reask, stored)
        pages = passage_pages(answer)
        if pages < 1:
            await interaction.followup.send("No further passages.", ephemeral=True)
            return
        pager = PassagePager(answer, pages)
        rendered = render_answer(answer, page=1)
        kwargs = message_kwargs(rendered.content, rendered.embeds, rendered.files)
        pager.message = await interaction.followup.send(
            **kwargs, view=pager, ephemeral=True, wait=True
        )

    async def _vote(
        self, interaction: discord.Interaction[Any], stored: StoredAnswer, *, helpful: bool
    ) -> None:
        bot = self._bot
        counted = await bot.call(bot.library.vote, stored, helpful, str(interaction.user.id))
        text = (
            "Thanks: your rating helps tune the answers."
            if counted
            else "You already rated this answer. Thanks!"
        )
        await interaction.followup.send(text, ephemeral=True)

    async def _open_thread(self, interaction: discord.Interaction[Any]) -> None:
        message = interaction.message
        if message is None or not can_hold_threads(interaction.channel):
            raise ThreadRefused(NO_THREAD_HERE)
        await interaction.response.defer(ephemeral=True, thinking=True)
        thread_id = await open_thread(interaction.channel, message)
        await interaction.followup.send(thread_pointer(self._bot, thread_id), ephemeral=True)
