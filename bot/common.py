"""Collection routing and reply plumbing shared by the cogs and the bot."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from typing import Any

import discord

log = logging.getLogger(__name__)

GUILD_COLLECTION_PREFIX = "guild-"
# Set in Interaction.extras when a command deferred publicly: an error must then replace the
# public "thinking…" message with an ephemeral one instead of editing it.
PUBLIC_DEFER = "articlebot.public_defer"

DM_POINTER = (
    "I answer questions about the articles shared in a server, so I only work there. "
    "Add me to a server, then use `/ask` or mention me with your question."
)

_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
_LINK = re.compile(r"https?://[^\s<>\"'`|]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?)]}»”’"


def guild_collection(guild_id: int) -> str:
    """Return the collection that holds one guild's articles."""
    return f"{GUILD_COLLECTION_PREFIX}{guild_id}"


def strip_mentions(text: str) -> str:
    """Remove user, role and channel mentions from a message, collapsing whitespace."""
    return " ".join(_MENTION.sub(" ", text or "").split())


def first_link(text: str) -> str | None:
    """Return the first http(s) link in a message, without trailing punctuation."""
    for match in _LINK.finditer(text or ""):
        link = match.group(0)
        while link and link[-1] in _TRAILING_PUNCTUATION:
            # A closing parenthesis belongs to the link only when it opened one inside it.
            if link[-1] == ")" and link.count("(") >= link.count(")"):
                break
            link = link[:-1]
        if "://" in link and len(link) > link.index("://") + 3:
            return link
    return None


def to_files(pairs: Iterable[tuple[str, bytes]]) -> list[discord.File]:
    """Turn rendered attachments into discord files."""
    return [discord.File(io.BytesIO(data), filename=name) for name, data in pairs]


def message_kwargs(
    content: str | None,
    embeds: list[discord.Embed],
    files: list[tuple[str, bytes]],
) -> dict[str, Any]:
    """Build send() arguments, leaving out what is empty."""
    kwargs: dict[str, Any] = {}
    if content:
        kwargs["content"] = content
    if embeds:
        kwargs["embeds"] = embeds
    if files:
        kwargs["files"] = to_files(files)
    return kwargs


async def defer(interaction: discord.Interaction[Any], *, ephemeral: bool) -> None:
    """Acknowledge a slow command with a "thinking…" reply (Discord's 3-second deadline)."""
    interaction.extras[PUBLIC_DEFER] = not ephemeral
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
