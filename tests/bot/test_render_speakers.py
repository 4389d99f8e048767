"""Rendering who said it for Discord: the speaker after each quote, and "no statement by X"."""

from __future__ import annotations

from bot.render.answers import answer_to_text, render_answer
from bot.render.limits import check_limits
from retrieval.types import Answer, Quote, SourceRef, Speaker

VISIT = SourceRef(41, "Blinken Israel Visit", "https://news.example/visit", "Wire", None, 1)
EMBASSY = Speaker("the US Embassy", "US Embassy in Israel")
SAID = "He will reaffirm the US commitment to work with partners."


def _answer(*quotes: Quote, asked: str | None = None, found_speaker: bool = True) -> Answer:
    return Answer(
        question="What did the embassy say about Hezbollah?",
        found=True,
        confidence=0.62,
        quotes=quotes,
        sources=(VISIT,),
        asked_speaker=asked,
        speaker_found=found_speaker,
    )


def test_each_quote_names_its_speaker_and_where_it_was_written() -> None:
    answer = _answer(
        Quote(41, 1, SAID, 0, len(SAID), 0.8, EMBASSY),
        Quote(41, 2, "The trip is his tenth visit.", 90, 118, 0.5, None),
        asked="the embassy",
    )
    rendered = render_answer(answer)
    check_limits(rendered)
    description = rendered.embeds[0].description or ""
    assert f"> **“{SAID}”** — US Embassy in Israel, in [1]" in description
    assert "> “The trip is his tenth visit.” [1]" in description  # no speaker: none shown
    assert "No statement" not in description
    assert "    — US Embassy in Israel" in answer_to_text(answer)


def test_no_statement_by_the_asked_speaker_is_said_before_what_others_said() -> None:
    hamas = Speaker("Hamas", "Hamas")
    answer = _answer(
        Quote(41, 3, "Hamas said it was ready.", 0, 24, 0.7, hamas),
        asked="Netanyahu",
        found_speaker=False,
    )
    description = render_answer(answer).embeds[0].description or ""
    assert description.startswith(
        "*No statement by Netanyahu on this in these articles. Here is what others said:*\n"
    )
    assert "— Hamas, in [1]" in description


def test_a_speaker_from_an_article_cannot_ping_or_format() -> None:
    nasty = Speaker("@everyone **boss**", "@everyone **boss**")
    answer = _answer(
        Quote(41, 1, SAID, 0, len(SAID), 0.8, nasty), asked="@here", found_speaker=False
    )
    description = render_answer(answer).embeds[0].description or ""
    assert "@everyone" not in description.replace("@\u200beveryone", "")
    assert "**boss**" not in description


def test_no_statement_by_the_asked_speaker_and_nothing_on_the_topic_says_both() -> None:
    answer = Answer(
        question="What did Taylor Swift say about Ticketmaster?",
        found=False,
        confidence=0.01,
        quotes=(),
        sources=(VISIT,),
        asked_speaker="Taylor Swift",
        speaker_found=False,
    )
    rendered = render_answer(answer)
    check_limits(rendered)
    description = rendered.embeds[0].description or ""
    assert description.startswith(
        "*No statement by Taylor Swift on this in these articles.*\n"
        "The articles here don't cover this."
    )
    assert "what others said" not in description
    assert "Closest articles:" in description and "Blinken Israel Visit" in description
