"""Discord's message limits, the shape of a rendered message, and the checks that it fits."""

from __future__ import annotations

from dataclasses import dataclass, field

import discord

# Discord's documented limits, counted in code points (Discord's API counts with Python's len).
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_COUNT_LIMIT = 10
TOTAL_EMBED_LIMIT = 6000
FILE_COUNT_LIMIT = 10


@dataclass(frozen=True)
class RenderedAnswer:
    """A message ready to send: content, embeds, attachments, and how many passage pages exist."""

    content: str | None
    embeds: list[discord.Embed]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    pages: int = 0
    page: int = 0


def embed_size(embed: discord.Embed) -> int:
    """Count an embed's characters the way Discord does for the 6,000 limit."""
    total = len(embed.title or "") + len(embed.description or "")
    total += sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    return total + len(embed.footer.text or "") + len(embed.author.name or "")


def check_embed(embed: discord.Embed) -> None:
    """Raise ValueError naming the first Discord limit the embed breaks."""
    checks = [
        ("title", len(embed.title or ""), TITLE_LIMIT),
        ("description", len(embed.description or ""), DESCRIPTION_LIMIT),
        ("field count", len(embed.fields), FIELD_COUNT_LIMIT),
        ("footer", len(embed.footer.text or ""), FOOTER_LIMIT),
        ("author name", len(embed.author.name or ""), AUTHOR_LIMIT),
    ]
    for item in embed.fields:
        # Discord rejects a field whose name or value is empty or only whitespace.
        if not (item.name or "").strip() or not (item.value or "").strip():
            raise ValueError("embed field name and value must not be empty")
        checks.append(("field name", len(item.name or ""), FIELD_NAME_LIMIT))
        checks.append(("field value", len(item.value or ""), FIELD_VALUE_LIMIT))
    for name, size, limit in checks:
        if size > limit:
            raise ValueError(f"embed {name} is {size} characters; the limit is {limit}")
    if not (embed.title or embed.description or embed.fields):
        raise ValueError("embed is empty: it needs a title, a description or a field")


def check_limits(rendered: RenderedAnswer) -> None:
    """Raise ValueError naming the first Discord limit the message breaks."""
    if rendered.content is not None and len(rendered.content) > CONTENT_LIMIT:
        raise ValueError(
            f"content is {len(rendered.content)} characters; the limit is {CONTENT_LIMIT}"
        )
    if len(rendered.embeds) > EMBED_COUNT_LIMIT:
        raise ValueError(f"{len(rendered.embeds)} embeds; the limit is {EMBED_COUNT_LIMIT}")
    if len(rendered.files) > FILE_COUNT_LIMIT:
        raise ValueError(f"{len(rendered.files)} files; the limit is {FILE_COUNT_LIMIT}")
    if not (rendered.content or rendered.embeds or rendered.files):
        raise ValueError("message is empty")
    for embed in rendered.embeds:
        check_embed(embed)
    total = sum(embed_size(e) for e in rendered.embeds)
    if total > TOTAL_EMBED_LIMIT:
        raise ValueError(f"embeds hold {total} characters in all; the limit is {TOTAL_EMBED_LIMIT}")
