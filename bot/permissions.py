"""Who may use what: adding (a server setting), removing (own, or any with Manage Server),
managing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

import discord
from discord import app_commands

from bot.server_settings import settings_here
from retrieval.types import ArticleSummary

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

T = TypeVar("T")

# In a command's extras: the command adds articles, so the add setting decides who sees it.
ADDS_ARTICLES = "articlebot.adds_articles"

PERMISSION_NAMES = {
    "manage_guild": "Manage Server",
    "manage_messages": "Manage Messages",
    "administrator": "Administrator",
}


class NotAllowed(app_commands.CheckFailure):
    """A check failed for a reason the user should read as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def permission_name(flag: str) -> str:
    """Return the name Discord's client shows for a permission flag."""
    return PERMISSION_NAMES.get(flag, flag.replace("_", " ").title().replace("Guild", "Server"))


class AddRule(Protocol):
    """Who may add: the process-wide `Settings`, or a server's own `ServerSettings`."""

    @property
    def add_permission(self) -> str: ...

    @property
    def add_role_id(self) -> int | None: ...


async def add_refusal_here(
    bot: ArticleBot,
    guild_id: int | None,
    user: discord.User | discord.Member,
    permissions: discord.Permissions,
) -> str | None:
    """Return why this member may not add articles in this server, or None when they may.

    The one decision behind every way of adding (the /add commands, the "Add to articles"
    menu, what /help lists): the server's own add setting over the process-wide default.
    """
    return add_refusal(await settings_here(bot, guild_id), user, permissions)


def add_refusal(
    settings: AddRule, user: discord.User | discord.Member, permissions: discord.Permissions
) -> str | None:
    """Return why this member may not add articles, or None when they may."""
    if settings.add_permission == "everyone" or permissions.administrator:
        return None
    if permissions.manage_guild:  # server managers can always add
        return None
    if settings.add_permission == "manage_messages":
        if permissions.manage_messages:
            return None
        return "adding articles here needs the Manage Messages permission"
    if settings.add_permission == "role":
        role_id = settings.add_role_id
        if role_id is None:
            log.warning("add_permission is 'role' but add_role_id is not set: only managers add")
            return "adding articles here is limited to server managers"
        if isinstance(user, discord.Member) and any(r.id == role_id for r in user.roles):
            return None
        # A role mention renders as an inert code in a refusal: name the role instead.
        guild = user.guild if isinstance(user, discord.Member) else None
        role = guild.get_role(role_id) if isinstance(guild, discord.Guild) else None
        if role is None:
            return "adding articles here needs a role you do not have: ask a server manager"
        return f"adding articles here needs the “{role.name}” role"
    return "adding articles here needs the Manage Server permission"


def may_remove(summary: ArticleSummary, user_id: int, permissions: discord.Permissions) -> bool:
    """Return whether a member may remove an article: their own, or any with Manage Server."""
    if summary.added_by is not None and summary.added_by == str(user_id):
        return True
    return permissions.manage_guild or permissions.administrator


def guild_required() -> Callable[[T], T]:
    """Check: refuse direct messages (guild_only is only a hint to Discord's client)."""

    def predicate(interaction: discord.Interaction[Any]) -> bool:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage("use this in a server")
        return True

    return app_commands.check(predicate)


def can_add() -> Callable[[T], T]:
    """Check: the member may add articles under the configured add permission."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        bot = cast("ArticleBot", interaction.client)
        refusal = await add_refusal_here(
            bot, interaction.guild_id, interaction.user, interaction.permissions
        )
        if refusal is not None:
            raise NotAllowed(refusal)
        return True

    return app_commands.check(predicate)


def manager_only() -> Callable[[T], T]:
    """Hint and enforce Manage Server on a command, refusing direct messages first.

    The hint (default_permissions) only hides the command in Discord's client, and a server
    can change it; the checks refuse everyone else whatever the client shows. Discord reads a
    subcommand's hint from its top-level group, so placed above `@group.command` this hints
    the whole group.
    """

    def decorator(command: T) -> T:
        guild_required()(command)
        app_commands.checks.has_permissions(manage_guild=True)(command)
        hinted = command.root_parent if isinstance(command, app_commands.Command) else None
        app_commands.default_permissions(manage_guild=True)(hinted or command)
        return command

    return decorator
