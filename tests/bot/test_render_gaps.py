"""bot.render.gaps: the gap list stays inert and within Discord's limits however long it is."""

from __future__ import annotations

import discord

from bot.render.gaps import render_gaps
from bot.render.limits import TOTAL_EMBED_LIMIT, check_embed, embed_size
from retrieval.types import Gap, SourceRef


def _gap(n: int) -> Gap:
    source = SourceRef(
        n, "T" * 400 + " @everyone", "https://example.com/a", "Outlet " * 40, None, n
    )
    return Gap(
        question=f"Question {n} " + "word " * 300 + "@everyone?",
        asked=50 - n,
        not_covered=40 - n,
        not_helpful=10,
        last_at="2026-03-01T10:00:00+00:00",
        wordings=tuple(f"wording {k} " + "x" * 200 for k in range(6)),
        closest=(source, source, source),
    )


def test_the_longest_gaps_fit_one_embed_and_say_how_many_are_left_out() -> None:
    embed = render_gaps([_gap(n) for n in range(10)])

    check_embed(embed)
    assert embed_size(embed) <= TOTAL_EMBED_LIMIT
    shown = len(embed.fields)
    assert 1 <= shown < 10
    assert embed.footer.text == f"…and {10 - shown} more not shown"
    assert "@everyone" not in str(embed.to_dict()).replace("@\u200beveryone", "")
    assert "and 3 more" in (embed.fields[0].value or "")  # six wordings: three shown


def test_no_gaps_says_what_will_be_listed() -> None:
    embed = render_gaps([])

    assert isinstance(embed, discord.Embed)
    assert "No unanswered questions yet" in (embed.description or "")
