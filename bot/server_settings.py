"""A server's own settings as the bot applies them: read off the event loop, per collection."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import discord

from bot.common import guild_collection
from retrieval.library.server_settings import ServerSettings, defaults_of

if TYPE_CHECKING:
    from bot.app import ArticleBot


def collection_of(bot: ArticleBot, guild_id: int | None) -> str | None:
    """The collection whose settings apply here: the server's, or in a DM the DM collection."""
    if guild_id is not None:
        return guild_collection(guild_id)
    return bot.settings.dm_collection or None


async def settings_here(bot: ArticleBot, guild_id: int | None) -> ServerSettings:
    """Return the settings of the server (or DM) a command or message comes from."""
    collection = collection_of(bot, guild_id)
    if collection is None:
        return defaults_of(bot.settings)
    return await bot.call(bot.library.server_settings, collection)


def cooldown_rule(settings: ServerSettings, kind: Literal["ask", "add"]) -> tuple[int, float]:
    """Return (uses, per seconds) of a cooldown under a server's settings."""
    if kind == "ask":
        return settings.ask_cooldown_rate, settings.ask_cooldown_s
    return settings.add_cooldown_rate, settings.add_cooldown_s


async def hit_cooldown(
    bot: ArticleBot, kind: Literal["ask", "add"], guild_id: int | None, user_id: int, now: float
) -> None:
    """Count one use against the server's cooldown; raise CommandOnCooldown when over it."""
    rule = cooldown_rule(await settings_here(bot, guild_id), kind)
    bot.cooldowns.hit(kind, user_id, now, rule=rule)


async def mention_answered(bot: ArticleBot, message: discord.Message) -> bool:
    """Whether the bot answers a mention in this message's channel (or its thread's parent)."""
    if message.guild is None:
        return True
    settings = await settings_here(bot, message.guild.id)
    parent = getattr(message.channel, "parent_id", None)
    return settings.answers_mentions_in(message.channel.id, parent)


async def answers_private(bot: ArticleBot, guild_id: int | None, chosen: bool | None) -> bool:
    """Whether an answer goes only to the asker: their choice, else the server's default."""
    if chosen is not None:
        return chosen
    return (await settings_here(bot, guild_id)).answers_private
