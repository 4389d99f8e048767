"""/help and "@bot help": what the bot does, the commands this member may use here, the count."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.common import strip_mentions
from bot.permissions import ADDS_ARTICLES, add_refusal_here
from bot.render.limits import DESCRIPTION_LIMIT
from bot.render.style import ANSWER_COLOUR
from bot.render.text import truncate
from bot.server_settings import collection_of

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)

ABOUT = (
    "I answer questions with sentences quoted word for word from the news articles added to "
    "this server, naming each article, its outlet and its date; when the articles do not "
    "cover a question, I say so and name the closest ones. Ask with `/ask`, or mention me "
    "with your question."
)
ABOUT_DM = (
    "I answer questions with sentences quoted word for word from the news articles added to "
    "a server. Add me to a server, then use `/ask` or mention me with your question there."
)
HELP_WORDS = frozenset({"help", "help?", "!help", "/help"})

AnyCommand = app_commands.Command[Any, ..., Any] | app_commands.Group | app_commands.ContextMenu


def is_help_request(content: str) -> bool:
    """Whether a message (mentions aside) is just "help"."""
    return strip_mentions(content).casefold() in HELP_WORDS


def _usable(command: AnyCommand, *, in_guild: bool, permissions: discord.Permissions) -> bool:
    """Whether a command is offered here: its contexts and its default member permissions."""
    if not in_guild:
        contexts = command.allowed_contexts
        return not command.guild_only and (contexts is None or contexts.dm_channel)
    required = command.default_permissions
    if required is None or permissions.administrator:
        return True
    return permissions.is_superset(required)


def _lines(command: AnyCommand) -> Iterator[tuple[AnyCommand, str]]:
    """Yield one line per command a member can type (each subcommand of a group)."""
    if isinstance(command, app_commands.ContextMenu):
        if command.type is discord.AppCommandType.message:
            yield command, f"Message menu **{command.name}** (on a message: Apps)"
        return
    if isinstance(command, app_commands.Group):
        for child in command.commands:
            yield from _lines(child)
        return
    yield command, f"`/{command.qualified_name}` — {command.description}"


def _adds(command: AnyCommand) -> bool:
    root = command.root_parent if not isinstance(command, app_commands.ContextMenu) else None
    return bool(command.extras.get(ADDS_ARTICLES) or (root and root.extras.get(ADDS_ARTICLES)))


def command_lines(
    bot: ArticleBot, *, in_guild: bool, permissions: discord.Permissions, may_add: bool
) -> list[str]:
    """Return the commands this member may use here, one line each."""
    lines: list[str] = []
    for top in bot.tree.get_commands():
        if not _usable(top, in_guild=in_guild, permissions=permissions):
            continue
        for command, line in _lines(top):
            if may_add or not _adds(command):
                lines.append(line)
    return lines


async def render_help(
    bot: ArticleBot,
    guild_id: int | None,
    user: discord.User | discord.Member,
    permissions: discord.Permissions,
) -> discord.Embed:
    """Build the help embed for this member here."""
    in_guild = guild_id is not None
    may_add = in_guild and await add_refusal_here(bot, guild_id, user, permissions) is None
    lines = command_lines(bot, in_guild=in_guild, permissions=permissions, may_add=may_add)
    collection = collection_of(bot, guild_id)
    about = ABOUT if in_guild or collection else ABOUT_DM
    parts = [about, "**Commands you can use here**", *lines]
    if collection is not None:
        count = await bot.call(bot.library.count, collection)
        where = "This server has" if in_guild else "I answer here from"
        parts.append(f"{where} **{count:,}** article{'s' if count != 1 else ''}.")
    embed = discord.Embed(
        title="articlebot help",
        description=truncate("\n".join(parts), DESCRIPTION_LIMIT),
        colour=ANSWER_COLOUR,
    )
    if in_guild:
        embed.set_footer(
            text="Server admins can change who sees each command: Server Settings → Integrations."
        )
    return embed


async def send_help_message(bot: ArticleBot, message: discord.Message) -> None:
    """Reply to "@bot help" with the help for its author, pinging no one."""
    author = message.author
    if isinstance(author, discord.Member) and not isinstance(
        message.channel, discord.DMChannel | discord.GroupChannel
    ):
        permissions = message.channel.permissions_for(author)
    else:
        permissions = discord.Permissions.none()
    guild_id = message.guild.id if message.guild else None
    embed = await render_help(bot, guild_id, author, permissions)
    try:
        await message.reply(
            embed=embed, mention_author=False, allowed_mentions=discord.AllowedMentions.none()
        )
    except discord.HTTPException:  # no Send Messages here: nothing more to tell anyone
        log.warning("could not send help in reply to message %s", message.id, exc_info=True)
