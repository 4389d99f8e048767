"""Render followed feeds: the list, the confirmation of an add, and the status field."""

from __future__ import annotations

import time

import discord

from bot.render.jobs import ago
from bot.render.limits import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, TITLE_LIMIT
from bot.render.style import NOT_FOUND_COLOUR, OK_COLOUR
from bot.render.text import escape_untrusted, one_line, truncate
from retrieval.store.feed_table import FeedRow

TITLE_CHARS = 100
URL_CHARS = 200
ERROR_CHARS = 200
NO_FEEDS = "No feeds followed yet: follow one with `/feed add`."


def feed_name(feed: FeedRow) -> str:
    """Return "#3 Serra Daily", the title escaped (the link when the feed has no title)."""
    name = truncate(one_line(feed.title or feed.url), TITLE_CHARS)
    return f"#{feed.number} {escape_untrusted(name)}"


def _link(feed: FeedRow) -> str:
    # Shown as code: a feed's link is untrusted text, never a clickable masked link.
    url = truncate(one_line(feed.url).replace("`", "'"), URL_CHARS)
    return f"`{url}`"


def _schedule(feed: FeedRow, now: float) -> str:
    every = f"every {ago(feed.interval_s)}"
    if feed.last_polled_at is None and feed.failures == 0:
        return f"{every} · not polled yet"
    wait = feed.next_poll_at - now
    following = f"next poll in {ago(wait)}" if wait > 0 else "next poll due"
    last = f"last poll added {feed.last_added}" if feed.last_polled_at else "never polled"
    return f"{every} · {last} · {following}"


def _problem(feed: FeedRow) -> str | None:
    if feed.last_error is None:
        return None
    reason = truncate(escape_untrusted(one_line(feed.last_error)), ERROR_CHARS)
    times = "once" if feed.failures == 1 else f"{feed.failures} times in a row"
    return f"⚠ failed {times}: {reason}"


def feed_line(feed: FeedRow, now: float) -> str:
    """Return a feed's block in the list: name, link, schedule, and its error if failing."""
    lines = [f"**{feed_name(feed)}**", _link(feed), _schedule(feed, now)]
    problem = _problem(feed)
    if problem:
        lines.append(problem)
    return "\n".join(lines)


def render_feed_list(feeds: list[FeedRow], now: float | None = None) -> discord.Embed:
    """Render the feeds a server follows."""
    now = time.time() if now is None else now
    failing = any(f.last_error for f in feeds)
    embed = discord.Embed(
        title=f"Feeds ({len(feeds)})", colour=NOT_FOUND_COLOUR if failing else OK_COLOUR
    )
    if not feeds:
        embed.description = NO_FEEDS
        return embed
    blocks: list[str] = []
    used = 0
    for feed in feeds:
        block = feed_line(feed, now)
        if used + len(block) + 2 > DESCRIPTION_LIMIT - 40:
            blocks.append(f"… and {len(feeds) - len(blocks)} more")
            break
        blocks.append(block)
        used += len(block) + 2
    embed.description = "\n\n".join(blocks)
    return embed


def render_feed_added(feed: FeedRow) -> discord.Embed:
    """Confirm that a feed is followed."""
    embed = discord.Embed(
        title=truncate(f"Following {feed_name(feed)}", TITLE_LIMIT), colour=OK_COLOUR
    )
    embed.description = (
        f"{_link(feed)}\nIts new articles are added now and then every {ago(feed.interval_s)}. "
        "See `/feed list` for how each poll went."
    )
    return embed


def add_feed_field(embed: discord.Embed, feeds: list[FeedRow]) -> discord.Embed:
    """Add a "Feeds" field to the status embed: how many, and the errors of failing ones."""
    if not feeds:
        return embed
    failing = [f for f in feeds if f.last_error]
    lines = [f"{len(feeds)} followed, {len(failing)} failing"]
    lines += [f"{feed_name(f)}: {_problem(f)}" for f in failing]
    embed.add_field(name="Feeds", value=truncate("\n".join(lines), FIELD_VALUE_LIMIT), inline=False)
    return embed
