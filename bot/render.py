"""Turn answers, articles and reports into Discord messages that always fit Discord's limits."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

import discord

from retrieval.types import (
    AddResult,
    Answer,
    Article,
    ArticleSummary,
    CollectionStatus,
    Passage,
    ReindexResult,
    SourceRef,
)

log = logging.getLogger(__name__)

# Discord's documented limits.
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_COUNT_LIMIT = 10
TOTAL_EMBED_LIMIT = 6000

# Our own budgets, inside those limits, so one answer stays readable.
QUOTE_BUDGET = 3000
SOURCE_FIELDS = 10
PASSAGES_PER_PAGE = 3
PASSAGE_CHARS = 900

ANSWER_COLOUR = discord.Colour.blurple()
NOT_FOUND_COLOUR = discord.Colour.gold()
ERROR_COLOUR = discord.Colour.red()
OK_COLOUR = discord.Colour.green()

NOT_COVERED = "The articles here don't cover this."
NO_ARTICLES = "No articles yet: add some with `/article add`."
ATTACHED = "Full answer attached."
_USER_OR_ROLE = re.compile(r"<@([!&]?\d+)>")
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]`|]+$")


@dataclass(frozen=True)
class RenderedAnswer:
    """A message ready to send: content, embeds, attachments, and how many passage pages exist."""

    content: str | None
    embeds: list[discord.Embed]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    pages: int = 0
    page: int = 0


def escape_untrusted(text: str) -> str:
    """Make article or user text inert: no markdown, no mentions, no masked links."""
    text = discord.utils.escape_markdown(text, as_needed=False)
    text = discord.utils.escape_mentions(text)
    text = _USER_OR_ROLE.sub("<@\u200b\\1>", text)  # short ids too, which the helper skips
    # Channel and emoji references are not pings, but they are not article text either.
    return text.replace("<#", "<\u200b#").replace("<:", "<\u200b:")


def truncate(text: str, limit: int) -> str:
    """Cut text to at most limit characters, at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # Never leave a dangling escape backslash that would swallow the ellipsis.
    while cut.endswith("\\"):
        cut = cut[:-1]
    return cut.rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Return the URL when it is a plain http(s) link that renders as one, else None."""
    if url and len(url) <= 512 and _SAFE_URL.match(url):
        return url
    return None


def cite(source: SourceRef, limit: int = FIELD_NAME_LIMIT) -> str:
    """Return "Title — Outlet, date" for a source, escaped and cut to the limit."""
    detail = ", ".join(part for part in (source.outlet, source.published) if part)
    text = f"{source.title} — {detail}" if detail else source.title
    return truncate(escape_untrusted(" ".join(text.split())), limit)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def embed_size(embed: discord.Embed) -> int:
    """Count an embed's characters the way Discord does for the 6,000 limit."""
    total = len(embed.title or "") + len(embed.description or "")
    total += sum(len(f.name or "") + len(f.value or "") for f in embed.fields)
    total += len(embed.footer.text or "") + len(embed.author.name or "")
    return total


def check_embed(embed: discord.Embed) -> None:
    """Raise ValueError naming the first Discord limit the embed breaks."""
    checks = [
        ("title", len(embed.title or ""), TITLE_LIMIT),
        ("description", len(embed.description or ""), DESCRIPTION_LIMIT),
        ("field count", len(embed.fields), FIELD_COUNT_LIMIT),
        ("footer", len(embed.footer.text or ""), FOOTER_LIMIT),
        ("author", len(embed.author.name or ""), FIELD_NAME_LIMIT),
    ]
    for item in embed.fields:
        checks.append(("field name", len(item.name or ""), FIELD_NAME_LIMIT))
        checks.append(("field value", len(item.value or ""), FIELD_VALUE_LIMIT))
        if not item.name or not item.value:
            raise ValueError("a field needs a name and a value")
    for name, size, limit in checks:
        if size > limit:
            raise ValueError(f"embed {name} is {size} characters; the limit is {limit}")


def check_limits(rendered: RenderedAnswer) -> None:
    """Raise ValueError naming the first Discord limit the message breaks."""
    if rendered.content and len(rendered.content) > CONTENT_LIMIT:
        raise ValueError(f"content is {len(rendered.content)} characters; the limit is 2000")
    if len(rendered.embeds) > EMBED_COUNT_LIMIT:
        raise ValueError(f"{len(rendered.embeds)} embeds; the limit is {EMBED_COUNT_LIMIT}")
    for embed in rendered.embeds:
        check_embed(embed)
    total = sum(embed_size(e) for e in rendered.embeds)
    if total > TOTAL_EMBED_LIMIT:
        raise ValueError(f"embeds hold {total} characters; the limit is {TOTAL_EMBED_LIMIT}")


def passage_pages(answer: Answer) -> int:
    """Return how many "More passages" pages an answer has."""
    return math.ceil(len(answer.passages) / PASSAGES_PER_PAGE)


def render_answer(answer: Answer, *, page: int = 0) -> RenderedAnswer:
    """Render an answer (page 0) or one page of its further passages (pages 1..n)."""
    pages = passage_pages(answer)
    if page > 0:
        return _render_passages(answer, min(page, max(pages, 1)), pages)
    if not answer.found:
        return RenderedAnswer(None, [_not_found_embed(answer)], [], pages, 0)
    embed, complete = _found_embed(answer)
    files = [] if complete else [("answer.txt", answer_to_text(answer).encode("utf-8"))]
    return RenderedAnswer(None, [embed], files, pages, 0)


def _found_embed(answer: Answer) -> tuple[discord.Embed, bool]:
    numbers = {source.article_id: n for n, source in enumerate(answer.sources, start=1)}
    lines: list[str] = []
    used = 0
    complete = True
    for index, quote in enumerate(answer.quotes):
        text = escape_untrusted(_one_line(quote.text))
        marker = f" [{numbers.get(quote.article_id, '?')}]"
        room = QUOTE_BUDGET - used - len(marker) - 8
        if room < 80:
            complete = False
            break
        shown = truncate(text, room)
        complete = complete and shown == text
        line = f"> **“{shown}”**{marker}" if index == 0 else f"> “{shown}”{marker}"
        lines.append(line)
        used += len(line) + 1
    embed = discord.Embed(
        title=truncate(escape_untrusted(_one_line(answer.question)), TITLE_LIMIT),
        description="\n".join(lines),
        colour=ANSWER_COLOUR,
    )
    for n, source in enumerate(answer.sources[:SOURCE_FIELDS], start=1):
        embed.add_field(name=f"[{n}] {cite(source, FIELD_NAME_LIMIT - 6)}", value=_link(source))
    if len(answer.sources) > SOURCE_FIELDS:
        complete = False
    if not complete:
        embed.description = f"{embed.description}\n\n*{ATTACHED}*"
    embed.set_footer(text=f"Quoted verbatim from the articles · confidence {answer.confidence:.2f}")
    return embed, complete


def _link(source: SourceRef) -> str:
    url = safe_url(source.url)
    return url if url else "no link"


def _not_found_embed(answer: Answer) -> discord.Embed:
    if not answer.sources:
        return discord.Embed(
            description=NO_ARTICLES if not answer.passages else NOT_COVERED, colour=NOT_FOUND_COLOUR
        )
    lines = [NOT_COVERED, "", "Closest articles:"]
    for source in answer.sources[:SOURCE_FIELDS]:
        url = safe_url(source.url)
        line = f"• #{source.article_id} {cite(source, 300)}"
        lines.append(f"{line}\n  {url}" if url else line)
    embed = discord.Embed(
        title=truncate(escape_untrusted(_one_line(answer.question)), TITLE_LIMIT),
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=NOT_FOUND_COLOUR,
    )
    embed.set_footer(text=f"confidence {answer.confidence:.2f}")
    return embed


def _render_passages(answer: Answer, page: int, pages: int) -> RenderedAnswer:
    start = (page - 1) * PASSAGES_PER_PAGE
    shown: list[Passage] = list(answer.passages[start : start + PASSAGES_PER_PAGE])
    embed = discord.Embed(
        title=truncate(f"More passages ({page}/{max(pages, 1)})", TITLE_LIMIT),
        colour=ANSWER_COLOUR,
    )
    if not shown:
        embed.description = "No further passages."
    for rank, passage in enumerate(shown, start=start + 1):
        url = safe_url(passage.source.url)
        body = truncate(escape_untrusted(_one_line(passage.text)), PASSAGE_CHARS) or "(no text)"
        value = f"{body}\n{url}" if url else body
        embed.add_field(
            name=f"{rank}. {cite(passage.source, FIELD_NAME_LIMIT - 8)}",
            value=truncate(value, FIELD_VALUE_LIMIT),
            inline=False,
        )
    return RenderedAnswer(None, [embed], [], pages, page)


def answer_to_text(answer: Answer) -> str:
    """Write the whole answer as plain text: every quote with its source and offsets."""
    lines = [f"Question: {answer.question}", ""]
    if not answer.found:
        lines.append(NOT_COVERED)
        if answer.sources:
            lines += ["", "Closest articles:"]
    numbers = {source.article_id: n for n, source in enumerate(answer.sources, start=1)}
    for quote in answer.quotes:
        lines.append(
            f"[{numbers.get(quote.article_id, '?')}] “{quote.text}” "
            f"(article #{quote.article_id}, characters {quote.start}–{quote.end})"
        )
        lines.append("")
    lines.append("Sources:" if answer.found else "")
    for n, source in enumerate(answer.sources, start=1):
        detail = ", ".join(p for p in (source.outlet, source.published) if p)
        lines.append(
            f"[{n}] #{source.article_id} {source.title}" + (f" — {detail}" if detail else "")
        )
        if source.url:
            lines.append(f"    {source.url}")
    return "\n".join(lines).strip() + "\n"


def _summary_line(summary: ArticleSummary) -> str:
    detail = ", ".join(p for p in (summary.outlet, summary.published) if p)
    title = truncate(escape_untrusted(_one_line(summary.title)), 150)
    line = f"**#{summary.id}** {title}"
    if detail:
        line += f" — {truncate(escape_untrusted(detail), 80)}"
    line += f" · {summary.chunk_count} passages"
    if summary.added_by and summary.added_by.isdigit():
        line += f" · added by <@{summary.added_by}>"  # embeds never ping
    return line


def render_article_list(
    summaries: list[ArticleSummary], page: int, pages: int, total: int
) -> discord.Embed:
    """Render one page of the article list."""
    embed = discord.Embed(title=f"Articles ({total})", colour=ANSWER_COLOUR)
    if not summaries:
        embed.description = NO_ARTICLES
        return embed
    lines: list[str] = []
    used = 0
    for summary in summaries:
        line = _summary_line(summary)
        if used + len(line) + 1 > DESCRIPTION_LIMIT - 40:
            lines.append("…")
            break
        lines.append(line)
        used += len(line) + 1
    embed.description = "\n".join(lines)
    embed.set_footer(text=f"Page {page + 1} of {max(pages, 1)}")
    return embed


def render_article(article: Article) -> discord.Embed:
    """Render one article: its metadata and the start of its text."""
    summary = article.summary
    embed = discord.Embed(
        title=truncate(f"#{summary.id} {escape_untrusted(_one_line(summary.title))}", TITLE_LIMIT),
        description=truncate(escape_untrusted(article.text), 1500),
        colour=ANSWER_COLOUR,
    )
    url = safe_url(summary.url)
    if url:
        embed.url = url
    for name, value in (
        ("Outlet", summary.outlet),
        ("Author", summary.author),
        ("Published", summary.published),
        ("Link", url),
    ):
        if value:
            embed.add_field(
                name=name,
                value=truncate(escape_untrusted(value), FIELD_VALUE_LIMIT)
                if name != "Link"
                else value,
            )
    embed.add_field(name="Passages", value=str(summary.chunk_count))
    if summary.added_by and summary.added_by.isdigit():
        embed.add_field(name="Added by", value=f"<@{summary.added_by}>")
    embed.set_footer(text=f"Added {summary.added_at} · {summary.char_count:,} characters")
    return embed


def render_added(result: AddResult) -> discord.Embed:
    """Confirm an added article: title, outlet, date and passage count."""
    summary = result.article
    detail = ", ".join(p for p in (summary.outlet, summary.published) if p)
    title = truncate(escape_untrusted(_one_line(summary.title)), 300)
    text = f"**{title}**" + (f" — {truncate(escape_untrusted(detail), 100)}" if detail else "")
    text += f"\n{summary.chunk_count} passages indexed."
    url = safe_url(summary.url)
    if url:
        text += f"\n{url}"
    return discord.Embed(title=f"Added #{summary.id}", description=text, colour=OK_COLOUR)


def render_status(status: CollectionStatus) -> discord.Embed:
    """Render the collection's status for admins."""
    health = "healthy" if status.index.healthy else "needs attention"
    embed = discord.Embed(title="Library status", colour=ANSWER_COLOUR)
    embed.add_field(name="Articles", value=str(status.articles))
    embed.add_field(name="Passages", value=str(status.chunks))
    embed.add_field(name="Model", value=truncate(f"{status.model} ({status.dim} dims)", 200))
    embed.add_field(
        name="Index",
        value=truncate(
            f"generation {status.index.generation}, {status.index.vectors} vectors, {health}: "
            f"{status.index.detail}",
            FIELD_VALUE_LIMIT,
        ),
        inline=False,
    )
    embed.add_field(name="Last added", value=status.last_ingest or "never")
    if status.recent_failures:
        failures = "\n".join(
            truncate(escape_untrusted(f"{f.path}: {f.reason}"), 200) for f in status.recent_failures
        )
        embed.add_field(
            name="Recent failures", value=truncate(failures, FIELD_VALUE_LIMIT), inline=False
        )
    return embed


def render_reindex_progress(done: int, total: int, title: str) -> str:
    """Return the progress line shown while a reindex runs."""
    shown = truncate(escape_untrusted(_one_line(title)), 120)
    return f"Reindexing… {done}/{total} articles" + (f" · {shown}" if shown else "")


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
    return discord.Embed(
        description=truncate(escape_untrusted(message), DESCRIPTION_LIMIT), colour=ERROR_COLOUR
    )
