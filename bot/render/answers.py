"""Render an answer: quotes with numbered sources, "More passages" pages, the full-text file."""

from __future__ import annotations

import logging
import math

import discord

from bot.citations import quote_marks, source_numbers
from bot.render.limits import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    TOTAL_EMBED_LIMIT,
    RenderedAnswer,
)
from bot.render.style import ANSWER_COLOUR, NO_ARTICLES, NOT_FOUND_COLOUR
from bot.render.text import cite, describe, escape_untrusted, one_line, safe_url, truncate
from retrieval.query.stories import also_reported
from retrieval.types import Answer, Passage, SourceRef

log = logging.getLogger(__name__)

# Our own budgets, inside Discord's limits, so one answer stays readable and always fits:
# title 256 + quotes 3,000 + source fields 2,400 + footer and notes < 6,000.
QUOTE_BUDGET = 3000
QUOTE_CHARS = 1000  # one long quote must not crowd out the others
MIN_QUOTE_CHARS = 80  # below this a cut quote says nothing; attach it instead
SOURCE_FIELDS = 10
FIELDS_BUDGET = 2400
SOURCE_NAME_CHARS = 200
ALSO_REPORTED_CHARS = 200
PASSAGES_PER_PAGE = 3
PASSAGE_CHARS = 900
SPEAKER_CHARS = 120

NOT_COVERED = "The articles here don't cover this."
ATTACHED = "Full answer attached."
ANSWER_FILE = "answer.txt"


def _title(question: str, fallback: str) -> str:
    return truncate(escape_untrusted(one_line(question)), TITLE_LIMIT) or fallback


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
        if copies := also_reported(source):  # the same story from other outlets
            value += "\n" + truncate(escape_untrusted(one_line(copies)), ALSO_REPORTED_CHARS)
        if used + len(name) + len(value) > FIELDS_BUDGET:
            break
        fields.append((name, value))
        used += len(name) + len(value)
    return fields


def _quote_lines(answer: Answer, budget: int) -> tuple[list[str], bool]:
    """Return block-quote lines, best first and bold, within budget; and whether all fit whole."""
    numbers = source_numbers(answer)
    lines: list[str] = []
    used = 0
    complete = True
    for index, quote in enumerate(answer.quotes):
        text = escape_untrusted(one_line(quote.text))
        if not text:
            continue
        bold = "**" if index == 0 else ""
        cited = f"[{numbers.get(quote.article_id, '?')}]"
        said = quote.speaker and escape_untrusted(one_line(quote.speaker.shown))
        # "— US Embassy in Israel, in [1]": who said it, where it was written.
        by = f" — {truncate(said, SPEAKER_CHARS)}, in {cited}" if said else f" {cited}"
        opening, closing = quote_marks(text)
        prefix, suffix = f"> {bold}{opening}", f"{closing}{bold}{by}"
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
    missing = _no_statement(answer)
    lines, complete = _quote_lines(answer, budget - len(missing))
    complete = complete and hidden == 0
    description = missing + ("\n".join(lines) or "(the quoted text is empty)")
    if not complete:
        description += note
    embed = discord.Embed(title=title, description=description, colour=ANSWER_COLOUR)
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=False)
    embed.set_footer(text=footer)
    return embed, complete


def _no_statement(answer: Answer) -> str:
    """Return the line that says the articles hold no statement by the asked speaker, or ""."""
    if answer.asked_speaker is None or answer.speaker_found:
        return ""
    who = truncate(escape_untrusted(one_line(answer.asked_speaker)), SPEAKER_CHARS)
    others = " Here is what others said:" if answer.found and answer.quotes else ""
    return f"*No statement by {who} on this in these articles.{others}*\n"


def _not_found_embed(answer: Answer) -> tuple[discord.Embed, bool]:
    title = _title(answer.question, "No answer")
    if not answer.sources:
        text = NOT_COVERED if answer.passages else NO_ARTICLES
        return discord.Embed(title=title, description=text, colour=NOT_FOUND_COLOUR), True
    lines = [_no_statement(answer) + NOT_COVERED, "", "Closest articles:"]
    budget = DESCRIPTION_LIMIT - len(_attached_note(len(answer.sources)))
    used = sum(len(line) + 1 for line in lines)
    shown = 0
    for source in answer.sources[:SOURCE_FIELDS]:
        url = safe_url(source.url)
        line = f"• #{source.number} {cite(source, 300)}" + (f"\n  {url}" if url else "")
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
    numbers = source_numbers(answer)
    if answer.found and answer.quotes:
        lines += [f"Answer (confidence {answer.confidence:.2f}), quoted verbatim:", ""]
        for quote in answer.quotes:
            opening, closing = quote_marks(quote.text)
            lines.append(f"[{numbers.get(quote.article_id, '?')}] {opening}{quote.text}{closing}")
            if quote.speaker is not None:
                lines.append(f"    — {one_line(quote.speaker.shown)}")
            source = next((s for s in answer.sources if s.article_id == quote.article_id), None)
            if source is not None:
                lines.append(f"    {describe(source.title, source.outlet, source.published)}")
                if source.url:
                    lines.append(f"    {source.url}")
                lines.append(f"    article #{source.number}, characters {quote.start}–{quote.end}")
            lines.append("")
        heading = "Sources:"
    else:
        lines += [NOT_COVERED if answer.sources or answer.passages else NO_ARTICLES, ""]
        heading = "Closest articles:"
    if answer.sources:
        lines.append(heading)
        for n, source in enumerate(answer.sources, start=1):
            cited = describe(source.title, source.outlet, source.published)
            lines.append(f"[{n}] #{source.number} {cited}")
            if copies := also_reported(source):
                lines.append(f"    {copies}")
            if source.url:
                lines.append(f"    {source.url}")
    return "\n".join(lines).strip() + "\n"
