"""Syndicated copies in Discord renders: inert, and within Discord's limits however many."""

from __future__ import annotations

from bot.render.answers import render_answer
from bot.render.limits import FIELD_VALUE_LIMIT, check_embed, check_limits
from bot.render.reports import render_article
from retrieval.types import (
    Answer,
    Article,
    ArticleSummary,
    Quote,
    SourceRef,
    StoryCopy,
)

NASTY_OUTLET = "@everyone **Wire** <@123> [x](http://evil.example)"


def _answer(outlets: tuple[str, ...]) -> Answer:
    sources = tuple(
        SourceRef(
            40 + n,
            f"Story {n}",
            f"https://o.example/{n}",
            "AP",
            "2026-03-02",
            n,
            also_reported_by=outlets,
        )
        for n in range(1, 11)
    )
    quotes = tuple(
        Quote(s.article_id, s.article_id, f"The council voted on item {s.number}.", 0, 30, 0.8)
        for s in sources
    )
    return Answer("Bridge cost?", True, 0.8, quotes, sources)


def test_other_outlets_are_named_under_each_source_and_never_ping() -> None:
    rendered = render_answer(_answer(("Reuters", NASTY_OUTLET)))
    check_limits(rendered)
    [embed] = rendered.embeds
    value = embed.fields[0].value or ""
    assert value.startswith("https://o.example/1\nalso reported by Reuters, ")
    assert "@everyone" not in value.replace("@\u200beveryone", "")
    assert "<@123>" not in value


def test_a_story_carried_by_hundreds_of_outlets_still_fits() -> None:
    many = tuple(f"Outlet number {n} of the wire" for n in range(300))
    rendered = render_answer(_answer(many))
    check_limits(rendered)
    assert "also reported by Outlet number 0" in (rendered.embeds[0].fields[0].value or "")


def test_article_show_lists_copies_up_to_one_fields_room() -> None:
    summary = ArticleSummary(
        1, "guild-1", "Bridge", None, "AP", None, "2026-03-02", None, "x", 1, 900, key=41
    )
    copies = [
        StoryCopy(
            100 + n, n, "Bridge", NASTY_OUTLET if n == 2 else f"Outlet {n}", None, "2026-03-03", "x"
        )
        for n in range(2, 400)
    ]
    embed = render_article(
        Article(summary, "Text."),
        [StoryCopy(summary.key, 1, "Bridge", "AP", None, None, "x"), *copies],
    )
    check_embed(embed)
    [field] = [f for f in embed.fields if f.name == "Also carried as"]
    lines = (field.value or "").split("\n")
    assert len(field.value or "") <= FIELD_VALUE_LIMIT
    assert lines[0].startswith("#2 ") and "<@123>" not in lines[0]
    assert lines[-1].startswith("…and ") and lines[-1].endswith(" more")
    assert not any(line.startswith("#1 ") for line in lines)  # not itself
    alone = render_article(Article(summary, "Text."), [])
    assert not [f for f in alone.fields if f.name == "Also carried as"]
