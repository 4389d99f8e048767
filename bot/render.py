"""Turn answers, articles and reports into Discord messages that always fit Discord's limits."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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

# Our own budgets, inside those limits, so one answer stays readable and always fits:
# title 256 + quotes 3,000 + source fields 2,400 + footer and notes < 6,000.
QUOTE_BUDGET = 3000
QUOTE_CHARS = 1000  # one long quote must not crowd out the others
MIN_QUOTE_CHARS = 80  # below this a cut quote says nothing; attach it instead
SOURCE_FIELDS = 10
FIELDS_BUDGET = 2400
SOURCE_NAME_CHARS = 200
URL_CHARS = 512
PASSAGES_PER_PAGE = 3
PASSAGE_CHARS = 900
LIST_LINE_TITLE_CHARS = 150
ARTICLE_PREVIEW_CHARS = 1500
METADATA_CHARS = 256

ANSWER_COLOUR = discord.Colour.blurple()
NOT_FOUND_COLOUR = discord.Colour.gold()
ERROR_COLOUR = discord.Colour.red()
OK_COLOUR = discord.Colour.green()

NOT_COVERED = "The articles here don't cover this."
NO_ARTICLES = "No articles yet: add some with `/article add`."
ATTACHED = "Full answer attached."
ANSWER_FILE = "answer.txt"

# `<@1>`, `<@&1>`, `<#1>`, `<:e:1>`, `<a:e:1>`, `</cmd:1>`, `<t:0:R>`, `<id:home>` all render as
# something other than the article's text; a zero-width space after `<` keeps them literal.
_ANGLE_MARKUP = re.compile(r"<(?=[@#:/]|a:|t:|id:)")
# escape_markdown escapes only the first `[` of a line's masked links (its pattern is greedy).
_BARE_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)\[")
# escape_markdown puts its backslash before the indentation of "  - item", where it shows.
_MISPLACED_DASH_ESCAPE = re.compile(r"^\\(\s+)-", re.MULTILINE)
# Quotes, headings, subtext and lists start a line, indented or not; escape_markdown only
# catches some of them, and never an ordered list.
_LINE_MARKER = re.compile(r"^([ \t]*)([>#-])", re.MULTILINE)
_ORDERED_LIST = re.compile(r"^([ \t]*\d+)\.(?=\s)", re.MULTILINE)
# Characters that would end a link early or turn it into markup; percent-encoded instead.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f<>()\[\]`|\"{}\\^\s]")


@dataclass(frozen=True)
class RenderedAnswer:
    """A message ready to send: content, embeds, attachments, and how many passage pages exist."""

    content: str | None
    embeds: list[discord.Embed]
    files: list[tuple[str, bytes]] = field(default_factory=list)
    pages: int = 0
    page: int = 0


# --- text helpers -----------------------------------------------------------------------------


def escape_untrusted(text: str) -> str:
    """Make article or user text inert: no markdown, no mentions, no masked links."""
    text = discord.utils.escape_markdown(text)
    text = _MISPLACED_DASH_ESCAPE.sub(r"\1\\-", text)
    text = _BARE_BRACKET.sub(r"\1\\[", text)
    text = _LINE_MARKER.sub(r"\1\\\2", text)
    text = _ORDERED_LIST.sub(r"\1\\.", text)
    text = _ANGLE_MARKUP.sub("<\u200b", text)
    return discord.utils.escape_mentions(text)


def truncate(text: str, limit: int) -> str:
    """Cut text to at most limit characters, at a word boundary, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[: max(limit, 0)]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    # A trailing backslash would escape the ellipsis, or leave half of an escape pair.
    return cut.rstrip().rstrip("\\").rstrip() + "…"


def one_line(text: str) -> str:
    """Collapse all whitespace, newlines included, to single spaces."""
    return " ".join(text.split())


def safe_url(url: str | None) -> str | None:
    """Return an http(s) URL that renders as one plain link, or None when there is none."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if _URL_UNSAFE.search(parts.netloc):
        return None  # a host that needs encoding (or an IPv6 literal) is no news site's
    cleaned = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)
    return cleaned if len(cleaned) <= URL_CHARS else None


def describe(title: str, outlet: str | None, published: str | None) -> str:
    """Return "Title — Outlet, date" with the missing parts left out, unescaped."""
    detail = ", ".join(one_line(p) for p in (outlet, published) if p and p.strip())
    title = one_line(title) or "Untitled"
    return f"{title} — {detail}" if detail else title


def cite(source: SourceRef, limit: int = FIELD_NAME_LIMIT) -> str:
    """Return "Title — Outlet, date" for a source, escaped and cut to the limit."""
    return truncate(
        escape_untrusted(describe(source.title, source.outlet, source.published)), limit
    )


def _title(question: str, fallback: str) -> str:
    return truncate(escape_untrusted(one_line(question)), TITLE_LIMIT) or fallback


# --- limits -----------------------------------------------------------------------------------


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


# --- answers ----------------------------------------------------------------------------------


def passage_pages(answer: Answer) -> int:
    """Return how many "More passages" pages an answer has."""
    return math.ceil(len(answer.passages) / PASSAGES_PER_PAGE)


def render_answer(answer: Answer, *, page: int = 0) -> RenderedAnswer:
    """Render an answer (page 0) or one page of its further passages (pages 1..n)."""
    pages = passage_pages(answer)
    if page > 0:
        return _render_passages(answer, min(page, max(pages, 1)), pages)
    if answer.found and answer.quotes:
        embed, complete = _found_embed(answer)
    else:
        embed, complete = _not_found_embed(answer)
    files = [] if complete else [(ANSWER_FILE, answer_to_text(answer).encode("utf-8"))]
    if not complete:
        log.debug("answer to %r overflows one message; attaching %s", answer.question, ANSWER_FILE)
    return RenderedAnswer(None, [embed], files, pages, 0)


def _attached_note(hidden_sources: int) -> str:
    more = f" {hidden_sources} more sources are listed there." if hidden_sources else ""
    return f"\n\n*{ATTACHED}{more}*"


def _source_fields(sources: tuple[SourceRef, ...]) -> list[tuple[str, str]]:
    """Return (name, value) fields for as many sources as the field budget holds, in order."""
    fields: list[tuple[str, str]] = []
    used = 0
    for n, source in enumerate(sources[:SOURCE_FIELDS], start=1):
        name = f"[{n}] {cite(source, SOURCE_NAME_CHARS)}"
        value = safe_url(source.url) or "no link"
        if used + len(name) + len(value) > FIELDS_BUDGET:
            break
        fields.append((name, value))
        used += len(name) + len(value)
    return fields


def _quote_lines(answer: Answer, budget: int) -> tuple[list[str], bool]:
    """Return block-quote lines, best first and bold, within budget; and whether all fit whole."""
    numbers = {source.article_id: n for n, source in enumerate(answer.sources, start=1)}
    lines: list[str] = []
    used = 0
    complete = True
    for index, quote in enumerate(answer.quotes):
        text = escape_untrusted(one_line(quote.text))
        if not text:
            continue
        bold = "**" if index == 0 else ""
        prefix, suffix = f"> {bold}“", f"”{bold} [{numbers.get(quote.article_id, '?')}]"
        room = min(QUOTE_CHARS, budget - used - len(prefix) - len(suffix) - 1)
        if room < min(MIN_QUOTE_CHARS, len(text)):
            complete = False
            break
        shown = truncate(text, room)
        complete = complete and shown == text
        lines.append(f"{prefix}{shown}{suffix}")
        used += len(lines[-1]) + 1
    return lines, complete


def _found_embed(answer: Answer) -> tuple[discord.Embed, bool]:
    title = _title(answer.question, "Answer")
    footer = f"Quoted verbatim from the articles · confidence {answer.confidence:.2f}"
    fields = _source_fields(answer.sources)
    hidden = len(answer.sources) - len(fields)
    note = _attached_note(hidden)
    # Whatever the title and fields take, the quotes get the rest of the 6,000 characters.
    reserved = len(title) + len(footer) + len(note) + sum(len(n) + len(v) for n, v in fields)
    budget = min(QUOTE_BUDGET, DESCRIPTION_LIMIT - len(note), TOTAL_EMBED_LIMIT - reserved)
    lines, complete = _quote_lines(answer, budget)
    complete = complete and hidden == 0
    description = "\n".join(lines) or "(the quoted text is empty)"
    if not complete:
        description += note
    embed = discord.Embed(title=title, description=description, colour=ANSWER_COLOUR)
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=footer)
    return embed, complete


def _not_found_embed(answer: Answer) -> tuple[discord.Embed, bool]:
    title = _title(answer.question, "No answer")
    if not answer.sources:
        text = NOT_COVERED if answer.passages else NO_ARTICLES
        return discord.Embed(title=title, description=text, colour=NOT_FOUND_COLOUR), True
    lines = [NOT_COVERED, "", "Closest articles:"]
    budget = DESCRIPTION_LIMIT - len(_attached_note(len(answer.sources)))
    used = sum(len(line) + 1 for line in lines)
    shown = 0
    for source in answer.sources[:SOURCE_FIELDS]:
        url = safe_url(source.url)
        line = f"• #{source.article_id} {cite(source, 300)}" + (f"\n  {url}" if url else "")
        if used + len(line) + 1 > budget:
            break
        lines.append(line)
        used += len(line) + 1
        shown += 1
    hidden = len(answer.sources) - shown
    description = "\n".join(lines) + (_attached_note(hidden) if hidden else "")
    embed = discord.Embed(title=title, description=description, colour=NOT_FOUND_COLOUR)
    embed.set_footer(text=f"confidence {answer.confidence:.2f}")
    return embed, hidden == 0


def _render_passages(answer: Answer, page: int, pages: int) -> RenderedAnswer:
    start = (page - 1) * PASSAGES_PER_PAGE
    shown: list[Passage] = list(answer.passages[start : start + PASSAGES_PER_PAGE])
    embed = discord.Embed(
        title=f"More passages ({page}/{max(pages, 1)})",
        description=truncate(f"For: {escape_untrusted(one_line(answer.question))}", 300)
        if shown
        else "No further passages.",
        colour=ANSWER_COLOUR,
    )
    for rank, passage in enumerate(shown, start=start + 1):
        url = safe_url(passage.source.url)
        # The link goes in whole; the passage text gives way to it.
        room = min(PASSAGE_CHARS, FIELD_VALUE_LIMIT - (len(url) + 1 if url else 0))
        body = truncate(escape_untrusted(one_line(passage.text)), room) or "(no text)"
        prefix = f"{rank}. "
        embed.add_field(
            name=prefix + cite(passage.source, FIELD_NAME_LIMIT - len(prefix)),
            value=f"{body}\n{url}" if url else body,
            inline=False,
        )
    if shown:
        embed.set_footer(
            text=f"Passages {start + 1}–{start + len(shown)} of {len(answer.passages)}, best first"
        )
    return RenderedAnswer(None, [embed], [], pages, page)


def answer_to_text(answer: Answer) -> str:
    """Write the whole answer as plain text: every quote with its source and offsets."""
    lines = [f"Question: {one_line(answer.question)}", ""]
    numbers = {source.article_id: n for n, source in enumerate(answer.sources, start=1)}
    if answer.found and answer.quotes:
        lines += [f"Answer (confidence {answer.confidence:.2f}), quoted verbatim:", ""]
        for quote in answer.quotes:
            lines.append(f"[{numbers.get(quote.article_id, '?')}] “{quote.text}”")
            source = next((s for s in answer.sources if s.article_id == quote.article_id), None)
            if source is not None:
                lines.append(f"    {describe(source.title, source.outlet, source.published)}")
                if source.url:
                    lines.append(f"    {source.url}")
            lines.append(f"    article #{quote.article_id}, characters {quote.start}–{quote.end}")
            lines.append("")
        heading = "Sources:"
    else:
        lines += [NOT_COVERED if answer.sources or answer.passages else NO_ARTICLES, ""]
        heading = "Closest articles:"
    if answer.sources:
        lines.append(heading)
        for n, source in enumerate(answer.sources, start=1):
            cited = describe(source.title, source.outlet, source.published)
            lines.append(f"[{n}] #{source.article_id} {cited}")
            if source.url:
                lines.append(f"    {source.url}")
    return "\n".join(lines).strip() + "\n"


# --- articles and reports ---------------------------------------------------------------------


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


def render_article(article: Article) -> discord.Embed:
    """Render one article: its metadata and the start of its text."""
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
    who = _added_by(summary.added_by)
    if who:
        embed.add_field(name="Added by", value=who)
    embed.set_footer(text=f"Added {summary.added_at} · {summary.char_count:,} characters")
    return embed


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
    if status.recent_failures:
        failures = "\n".join(
            truncate(escape_untrusted(one_line(f"{f.path}: {f.reason}")), 200)
            for f in status.recent_failures
        )
        embed.add_field(
            name="Recent failures", value=truncate(failures, FIELD_VALUE_LIMIT), inline=False
        )
    return embed


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
