"""Render a server's settings for /admin settings, marking the values it left at the default."""

from __future__ import annotations

import discord

from bot.render.style import ANSWER_COLOUR, OK_COLOUR
from retrieval.library.server_settings import ServerSettings

WHO_MAY_ADD = {
    "everyone": "everyone",
    "role": "members with the role {role}",
    "manage_messages": "members with Manage Messages",
    "manage_guild": "managers (Manage Server)",
}


def _period(seconds: float) -> str:
    return f"{seconds:g} s" if seconds else "no limit"


def _cooldown(rate: int, seconds: float, noun: str) -> str:
    if not seconds:
        return "no cooldown"
    return f"{rate} {noun}{'s' if rate != 1 else ''} per member per {_period(seconds)}"


def setting_lines(settings: ServerSettings, model_threshold: float) -> list[tuple[str, str, bool]]:
    """Return (name, value, is default) for each setting, in the order they are shown."""
    role = f"<@&{settings.add_role_id}>" if settings.add_role_id else "(none chosen)"
    channels = ", ".join(f"<#{c}>" for c in settings.mention_channels) or "every channel"
    threshold = settings.not_found_threshold
    defaults = settings.defaults
    return [
        (
            "Who may add articles",
            WHO_MAY_ADD.get(settings.add_permission, settings.add_permission).format(role=role),
            {"add_permission", "add_role_id"} <= defaults,
        ),
        ("Mentions answered in", channels, "mention_channels" in defaults),
        (
            "/ask answers",
            "only to the asker by default" if settings.answers_private else "public by default",
            "answers_private" in defaults,
        ),
        (
            "Ask cooldown",
            _cooldown(settings.ask_cooldown_rate, settings.ask_cooldown_s, "question"),
            {"ask_cooldown_rate", "ask_cooldown_s"} <= defaults,
        ),
        (
            "Add cooldown",
            _cooldown(settings.add_cooldown_rate, settings.add_cooldown_s, "addition"),
            {"add_cooldown_rate", "add_cooldown_s"} <= defaults,
        ),
        (
            "“Not found” below confidence",
            f"{threshold:.2f}" if threshold is not None else f"{model_threshold:.2f} (the model's)",
            "not_found_threshold" in defaults,
        ),
    ]


def render_server_settings(
    settings: ServerSettings, model_threshold: float, *, changed: bool
) -> discord.Embed:
    """Render the settings; `changed` when a change was just saved."""
    embed = discord.Embed(
        title="Settings changed" if changed else "Server settings",
        colour=OK_COLOUR if changed else ANSWER_COLOUR,
    )
    for name, value, default in setting_lines(settings, model_threshold):
        embed.add_field(name=name, value=value + (" · *default*" if default else ""), inline=False)
    embed.set_footer(
        text="Change these with the options of /admin settings; reset puts one back to the "
        "bot's default."
    )
    return embed
