"""Render an answer given in a conversation: a rewritten follow-up shows what it was read as."""

from __future__ import annotations

from bot.render.answers import render_answer
from bot.render.limits import TOTAL_EMBED_LIMIT, RenderedAnswer, embed_size
from bot.render.text import one_line, truncate
from retrieval.types import Asked

# The typed follow-up shown above the question it was read as (the embed's title).
TYPED_CHARS = 120


def follow_up_note(typed: str) -> str:
    """Return the line that shows a rewritten follow-up as the member typed it."""
    # An embed's author line shows no markdown and pings no one: the text goes in as typed.
    shown = truncate(one_line(typed), TYPED_CHARS)
    return f"Follow-up “{shown}”, asked as:"


def render_asked(asked: Asked) -> RenderedAnswer:
    """Render the answer; over a rewritten follow-up's title, say what was typed."""
    rendered = render_answer(asked.answer)
    if asked.rewritten and rendered.embeds:
        embed = rendered.embeds[0]
        note = follow_up_note(asked.typed)
        # The answer's own budgets leave room for the note; the check keeps that true.
        if embed_size(embed) + len(note) <= TOTAL_EMBED_LIMIT:
            embed.set_author(name=note)
    return rendered
