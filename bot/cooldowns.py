"""Per-user cooldowns on asking and adding, sized by settings and held by each bot instance."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import discord
from discord import app_commands

from bot.server_settings import hit_cooldown
from config import Settings

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

T = TypeVar("T")
Kind = Literal["ask", "add"]


class Cooldowns:
    """Token buckets per (kind, user); the slash commands and the @mention path share them."""

    def __init__(self, settings: Settings) -> None:
        self._rules: dict[str, tuple[int, float]] = {
            "ask": (settings.ask_cooldown_rate, settings.ask_cooldown_s),
            "add": (settings.add_cooldown_rate, settings.add_cooldown_s),
        }
        self._buckets: dict[tuple[str, int], app_commands.Cooldown] = {}

    def hit(
        self, kind: Kind, user_id: int, now: float, *, rule: tuple[int, float] | None = None
    ) -> None:
        """Count one use; raise CommandOnCooldown when the user is over the rate.

        `rule` (uses, per seconds) is a server's own; the settings' applies without one.
        """
        rate, per = rule or self._rules[kind]
        if per <= 0:
            return
        # Drop buckets that have fully refilled, so the mapping stays small.
        for key in [k for k, b in self._buckets.items() if now > b._last + b.per]:
            del self._buckets[key]
        bucket = self._buckets.get((kind, user_id))
        if bucket is None or (bucket.rate, bucket.per) != (rate, per):  # new, or rule changed
            bucket = self._buckets[(kind, user_id)] = app_commands.Cooldown(rate, per)
        retry_after = bucket.update_rate_limit(now)
        if retry_after is not None:
            raise app_commands.CommandOnCooldown(bucket, retry_after)


def cooldown(kind: Kind) -> Callable[[T], T]:
    """Check: apply the bot's per-user cooldown of this kind to a command."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        bot = cast("ArticleBot", interaction.client)
        now = interaction.created_at.timestamp()
        await hit_cooldown(bot, kind, interaction.guild_id, interaction.user.id, now)
        return True

    return app_commands.check(predicate)
