"""What /admin settings does with its options: turn them into checked changes, or just show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.common import guild_collection
from bot.render.settings import render_server_settings
from retrieval.errors import InvalidInput
from retrieval.library.server_settings import ServerSettings

if TYPE_CHECKING:
    from bot.app import ArticleBot

# What `reset` offers, and the settings each choice puts back to the default.
RESETS: dict[str, tuple[str, ...]] = {
    "who may add": ("add_permission", "add_role_id"),
    "mention channels": ("mention_channels",),
    "private answers": ("answers_private",),
    "ask cooldown": ("ask_cooldown_rate", "ask_cooldown_s"),
    "add cooldown": ("add_cooldown_rate", "add_cooldown_s"),
    "not-found threshold": ("not_found_threshold",),
    "everything": (
        "add_permission",
        "add_role_id",
        "mention_channels",
        "answers_private",
        "ask_cooldown_rate",
        "ask_cooldown_s",
        "add_cooldown_rate",
        "add_cooldown_s",
        "not_found_threshold",
    ),
}
WHO_MAY_ADD_CHOICES = [
    app_commands.Choice(name="everyone", value="everyone"),
    app_commands.Choice(name="members with a role (give add_role)", value="role"),
    app_commands.Choice(name="members with Manage Messages", value="manage_messages"),
    app_commands.Choice(name="managers (Manage Server)", value="manage_guild"),
]
RESET_CHOICES = [app_commands.Choice(name=name, value=name) for name in RESETS]


@dataclass(frozen=True)
class SettingsOptions:
    """The options of one /admin settings command; None: not given."""

    who_may_add: str | None = None
    add_role: int | None = None
    mention_channel: int | None = None
    stop_mention_channel: int | None = None
    all_channels: bool | None = None
    private_answers: bool | None = None
    ask_rate: int | None = None
    ask_period: float | None = None
    add_rate: int | None = None
    add_period: float | None = None
    not_found_threshold: float | None = None
    reset: str | None = None


def _channel_list(current: ServerSettings, options: SettingsOptions) -> list[int] | None:
    """Return the new mention-channel list, or None when the options leave it alone."""
    if options.all_channels:
        if options.mention_channel or options.stop_mention_channel:
            raise InvalidInput("choose either all_channels or a channel to list, not both")
        return []
    channels = list(current.mention_channels)
    if options.mention_channel is not None and options.mention_channel not in channels:
        channels.append(options.mention_channel)
    if options.stop_mention_channel is not None:
        if options.stop_mention_channel not in channels:
            raise InvalidInput(f"<#{options.stop_mention_channel}> is not in the mention list")
        if channels == [options.stop_mention_channel]:
            raise InvalidInput(
                "that is the only listed channel: to answer mentions everywhere, use all_channels"
            )
        channels.remove(options.stop_mention_channel)
    touched = options.mention_channel is not None or options.stop_mention_channel is not None
    return channels if touched else None


def changes_of(current: ServerSettings, options: SettingsOptions) -> dict[str, Any]:
    """Return the setting changes the options ask for (checked later, all or nothing)."""
    changes: dict[str, Any] = {}
    if options.add_role is not None:
        changes["add_role_id"] = options.add_role
        changes["add_permission"] = "role"  # choosing a role means the role may add
    if options.who_may_add is not None:
        changes["add_permission"] = options.who_may_add
    channels = _channel_list(current, options)
    if channels is not None:
        changes["mention_channels"] = channels
    plain = {
        "answers_private": options.private_answers,
        "ask_cooldown_rate": options.ask_rate,
        "ask_cooldown_s": options.ask_period,
        "add_cooldown_rate": options.add_rate,
        "add_cooldown_s": options.add_period,
        "not_found_threshold": options.not_found_threshold,
    }
    changes.update({name: value for name, value in plain.items() if value is not None})
    return changes


def model_threshold(bot: ArticleBot) -> float:
    """The "not found" threshold a server gets by default: the configured or the model's."""
    library = bot.library
    scorers = library.scorers
    if scorers is not None:
        return scorers.threshold(library.answer_config)
    return library.answer_config.found_threshold


async def run_settings_command(
    bot: ArticleBot, interaction: discord.Interaction[ArticleBot], options: SettingsOptions
) -> discord.Embed:
    """Show the server's settings, or change them first when any option is given."""
    assert interaction.guild_id is not None  # manager_only() refused DMs
    collection = guild_collection(interaction.guild_id)
    current = await bot.call(bot.library.server_settings, collection)
    changes = changes_of(current, options)
    reset = RESETS.get(options.reset or "", ())
    if options.reset is not None and not reset:
        raise InvalidInput(f"there is nothing called {options.reset!r} to reset")
    if not changes and not reset:
        return render_server_settings(current, model_threshold(bot), changed=False)
    if set(changes) & set(reset):
        raise InvalidInput("a setting cannot be changed and reset at once: reset it first")
    updated = await bot.call(bot.library.change_server_settings, collection, changes, reset=reset)
    return render_server_settings(updated, model_threshold(bot), changed=True)
