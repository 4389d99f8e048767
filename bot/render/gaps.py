"""Render the gap queue for /admin gaps: the most asked unanswered questions, within limits."""

from __future__ import annotations

import discord

from bot.render.limits import FIELD_NAME_LIMIT, FIELD_VALUE_LIMIT, TOTAL_EMBED_LIMIT, embed_size
from bot.render.style import NOT_FOUND_COLOUR
from bot.render.text import cite, escape_untrusted, one_line, truncate
from retrieval.types import Gap

QUESTION_CHARS = 200
WORDING_CHARS = 80
# Room kept under the 6,000-character total for the footer and the "more" note.
EMBED_MARGIN = 300


def _counts(gap: Gap) -> str:
    parts = []
    if gap.not_covered:
        parts.append(f"{gap.not_covered} not covered")
    if gap.not_helpful:
        parts.append(f"{gap.not_helpful} voted not helpful")
    return f"asked {gap.asked}× ({', '.join(parts)}) · last {gap.last_at[:10]}"


def _gap_value(gap: Gap) -> str:
    lines = [_counts(gap)]
    if gap.wordings:
        shown = [
            f"“{truncate(escape_untrusted(one_line(w)), WORDING_CHARS)}”" for w in gap.wordings[:3]
        ]
        more = len(gap.wordings) - len(shown)
        lines.append("Also asked as " + ", ".join(shown) + (f" and {more} more" if more else ""))
    if gap.closest:
        lines.append("Closest: " + "; ".join(f"#{s.number} {cite(s, 120)}" for s in gap.closest))
    else:
        lines.append("Closest: no articles yet")
    return truncate("\n".join(lines), FIELD_VALUE_LIMIT)


def render_gaps(gaps: list[Gap]) -> discord.Embed:
    """Render the gaps, most asked first, as many as fit one embed."""
    embed = discord.Embed(title="Unanswered questions", colour=NOT_FOUND_COLOUR)
    if not gaps:
        embed.description = (
            "No unanswered questions yet: questions the articles do not cover, and answers "
            "voted “Not helpful”, are listed here."
        )
        return embed
    embed.description = (
        "Questions the articles did not cover, or whose answer was voted “Not helpful”, "
        "near-identical wordings grouped, most asked first. Adding articles that cover them "
        "helps the most: a question they answer now leaves the list by itself. "
        "`/admin gaps clear:True` empties it once the rest are handled."
    )
    for shown, gap in enumerate(gaps):
        question = truncate(escape_untrusted(one_line(gap.question)), QUESTION_CHARS)
        name = truncate(f"{shown + 1}. {question}", FIELD_NAME_LIMIT)
        value = _gap_value(gap)
        if embed_size(embed) + len(name) + len(value) > TOTAL_EMBED_LIMIT - EMBED_MARGIN:
            embed.set_footer(text=f"…and {len(gaps) - shown} more not shown")
            break
        embed.add_field(name=name, value=value, inline=False)
    return embed
