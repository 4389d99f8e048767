"""Render the article list and card, add confirmations, status, reindex reports and errors."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.limits import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, TITLE_LIMIT
from bot.render.style import ANSWER_COLOUR, ERROR_COLOUR, NO_ARTICLES, NOT_FOUND_COLOUR, OK_COLOUR
from bot.render.text import escape_untrusted, one_line, safe_url, truncate
from retrieval.types import (
    AddResult,
    Article,
    ArticleSummary,
    CollectionStatus,
    ReindexResult,
    StoryCopy,
)

LIST_LINE_TITLE_CHARS = 150
ARTICLE_PREVIEW_CHARS = 1500
METADATA_CHARS = 256


def _added_by(added_by: str | None) -> str | None:
    if not added_by:
        return None
    # A Discord user id becomes a mention, which embeds show but never ping.
    return f"<@{added_by}>" if added_by.isdigit() else truncate(escape_untrusted(added_by), 64)


def _summary_line(summary: ArticleSummary) -> str:
    title = truncate(escape_untrusted(one_line(summary.title)), LIST_LINE_TITLE_CHARS)
    line = f"**#{summary.id}** {title or 'Untitled'}"
    detail = ", ".join(one_line(p) for p in (summary.outlet, summary.published) if p and p.strip())
    if detail:
        line += f" — {truncate(escape_untrusted(detail), 80)}"
    line += f" · {summary.chunk_count} passages"
    who = _added_by(summary.added_by)
    if who:
        line += f" · added by {who}"
    return line


def render_article_list(
    summaries: list[ArticleSummary], page: int, pages: int, total: int
) -> discord.Embed:
    """Render one page of the article list."""
    embed = discord.Embed(title=f"Articles ({total})", colour=ANSWER_COLOUR)
    if not summaries:
        embed.description = NO_ARTICLES if total == 0 else "No articles on this page."
        return embed
    lines: list[str] = []
    used = 0
    for shown, summary in enumerate(summaries):
        line = _summary_line(summary)
        if used + len(line) + 1 > DESCRIPTION_LIMIT - 40:
            lines.append(f"…and {len(summaries) - shown} more on this page")
            break
        lines.append(line)
        used += len(line) + 1
    embed.description = "\n".join(lines)
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return embed


def render_article(article: Article, copies: Sequence[StoryCopy] = ()) -> discord.Embed:
    """Render one article: its metadata, the start of its text and its story's other copies."""
    summary = article.summary
    title = escape_untrusted(one_line(summary.title)) or "Untitled"
    embed = discord.Embed(
        title=truncate(f"#{summary.id} {title}", TITLE_LIMIT),
        description=truncate(escape_untrusted(article.text.strip()), ARTICLE_PREVIEW_CHARS)
        or "(no text)",
        colour=ANSWER_COLOUR,
    )
    url = safe_url(summary.url)
    if url:
        embed.url = url
    for name, value in (
        ("Outlet", summary.outlet),
        ("Author", summary.author),
        ("Published", summary.published),
    ):
        shown = truncate(escape_untrusted(one_line(value or "")), METADATA_CHARS)
        if shown:
            embed.add_field(name=name, value=shown)
    if url:
        embed.add_field(name="Link", value=url, inline=False)
    embed.add_field(name="Passages", value=str(summary.chunk_count))
    others = [c for c in copies if c.key != summary.key]
    if others:
        embed.add_field(name="Also carried as", value=_copy_lines(others), inline=False)
    who = _added_by(summary.added_by)
    if who:
        embed.add_field(name="Added by", value=who)
    embed.set_footer(text=f"Added {summary.added_at} · {summary.char_count:,} characters")
    return embed


def _copy_lines(copies: Sequence[StoryCopy]) -> str:
    """Return "#N outlet, date" per copy, as many as one field holds."""
    lines: list[str] = []
    for shown, copy in enumerate(copies):
        when = f", {copy.published}" if copy.published else ""
        named = truncate(escape_untrusted(one_line(f"{copy.outlet_name}{when}")), 100)
        line = f"#{copy.number} {named}"
        more = f"…and {len(copies) - shown} more"
        if sum(len(x) + 1 for x in lines) + len(line) + len(more) + 2 > FIELD_VALUE_LIMIT:
            lines.append(more)
            break
        lines.append(line)
    return "\n".join(lines)


def render_added(result: AddResult) -> discord.Embed:
    """Confirm an added article: "Added #12: Title — Outlet, date · N passages"."""
    summary = result.article
    title = escape_untrusted(one_line(summary.title)) or "Untitled"
    detail = ", ".join(one_line(p) for p in (summary.outlet, summary.published) if p and p.strip())
    text = (f"{truncate(escape_untrusted(detail), 200)} · " if detail else "") + (
        f"{summary.chunk_count} passages"
    )
    url = safe_url(summary.url)
    if url:
        text += f"\n{url}"
    return discord.Embed(
        title=truncate(f"Added #{summary.id}: {title}", TITLE_LIMIT),
        description=text,
        colour=OK_COLOUR,
    )


def render_status(status: CollectionStatus) -> discord.Embed:
    """Render the collection's status for admins."""
    index = status.index
    health = "healthy" if index.healthy else "needs attention"
    embed = discord.Embed(
        title=truncate(f"Library status · {escape_untrusted(status.collection)}", TITLE_LIMIT),
        colour=OK_COLOUR if index.healthy else NOT_FOUND_COLOUR,
    )
    embed.add_field(name="Articles", value=str(status.articles))
    embed.add_field(name="Passages", value=str(status.chunks))
    embed.add_field(
        name="Model",
        value=truncate(f"{escape_untrusted(status.model)} ({status.dim} dims)", METADATA_CHARS),
    )
    embed.add_field(
        name="Index",
        value=truncate(
            f"generation {index.generation}, revision {index.revision}, {index.vectors} vectors, "
            f"{health}: {escape_untrusted(one_line(index.detail))}",
            FIELD_VALUE_LIMIT,
        ),
        inline=False,
    )
    embed.add_field(name="Chunker", value=f"version {status.chunker_version}")
    embed.add_field(name="Last added", value=escape_untrusted(status.last_ingest or "never"))
    for name, value in _pending_work(status):
        embed.add_field(name=name, value=value, inline=False)
    if status.recent_failures:
        failures = "\n".join(
            truncate(escape_untrusted(one_line(f"{f.path}: {f.reason}")), 200)
            for f in status.recent_failures
        )
        embed.add_field(
            name="Recent failures", value=truncate(failures, FIELD_VALUE_LIMIT), inline=False
        )
    return embed


def _pending_work(status: CollectionStatus) -> list[tuple[str, str]]:
    """Return a status field for each kind of older data a reindex has yet to fill in."""
    pending = (
        (
            "Entities",
            status.chunks_without_entities,
            "passages have no entities yet",
            "answers use the older scoring until then",
        ),
        (
            "Copies",
            status.articles_without_story,
            "articles are not linked to their stories yet",
            "their copies are quoted separately until then",
        ),
        (
            "Speakers",
            status.chunks_without_speakers,
            "passages have no speakers yet, or ones older rules found",
            "quotes show no speaker, or the older one, until then",
        ),
    )
    return [
        (name, f"{count:,} {what}: run `/admin reindex` ({meanwhile})")
        for name, count, what, meanwhile in pending
        if count
    ]


def render_reindex_progress(done: int, total: int, title: str) -> str:
    """Return the progress line shown while a reindex runs."""
    percent = f" ({100 * done // total}%)" if total > 0 else ""
    shown = truncate(escape_untrusted(one_line(title)), 120)
    return f"Reindexing… {done}/{total} articles{percent}" + (f" · {shown}" if shown else "")


def render_reindexed(result: ReindexResult) -> discord.Embed:
    """Report a finished reindex."""
    return discord.Embed(
        title="Reindexed",
        description=(
            f"{result.articles} articles, {result.chunks} passages, generation "
            f"{result.generation}, in {result.seconds:.1f} s. Questions were answered throughout."
        ),
        colour=OK_COLOUR,
    )


def render_error(message: str) -> discord.Embed:
    """Render a user-facing error."""
    text = truncate(escape_untrusted(message.strip()), DESCRIPTION_LIMIT)
    return discord.Embed(description=text or "Something went wrong.", colour=ERROR_COLOUR)
