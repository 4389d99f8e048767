"""bot.views: the answer buttons, which outlive their view, its timeout and the process."""

from __future__ import annotations

import re

import discord
from harness import GUILD_A, BotFactory, custom_ids

from bot.views import ANSWER_BUTTON, AnswerButton, AnswerView
from retrieval.types import Answer, SourceRef

SOURCE = SourceRef(7, "Ferry", None, "The Harbor Ledger", "2024-03-14", number=1)


def test_answer_buttons_carry_only_the_kept_answer_id() -> None:
    answer = Answer("When does the ferry timetable change?", True, 0.8, (), (SOURCE,))

    view = AnswerView(answer, 41, pages=2)

    ids = [item.custom_id for item in view.children if isinstance(item, AnswerButton)]
    assert ids == [
        "articlebot:answer:more:41",
        "articlebot:answer:helpful:41",
        "articlebot:answer:unhelpful:41",
        "articlebot:answer:follow-up:41",
    ]
    assert all(len(i) <= 100 for i in ids)  # Discord's limit on a custom id
    assert view.timeout is None  # nothing to expire: the buttons are rebuilt from their ids
    assert all(ANSWER_BUTTON.fullmatch(i) for i in ids)


def test_an_answer_with_nothing_to_rate_or_page_keeps_only_the_follow_up() -> None:
    nothing = Answer("Who won the regatta?", False, 0.1, (), ())

    view = AnswerView(nothing, 5, pages=0)

    labels = [item.item.label for item in view.children if isinstance(item, AnswerButton)]
    assert labels == ["Ask a follow-up"]
    assert not AnswerView(nothing, 5, pages=0, follow_up=False).children


async def test_sent_answers_leave_no_view_in_memory(start_bot: BotFactory) -> None:
    harness = await start_bot()
    harness.seed(GUILD_A, "The ferry timetable changes on Sunday for the winter.", title="Ferry")

    run = await harness.run(harness.slash("ask", options={"question": "ferry timetable"}))

    assert custom_ids(run.message_payload())
    store = harness.bot._connection._view_store
    assert not store._synced_message_views  # hundreds of answers keep no objects alive
    assert not [v for v in store._views.values() if v]
    assert any(p.pattern == ANSWER_BUTTON.pattern for p in store._dynamic_items)


def test_dynamic_button_template_refuses_foreign_ids() -> None:
    for custom_id in ("articlebot:answer:delete:3", "articlebot:answer:more:x", "more:3"):
        assert re.fullmatch(ANSWER_BUTTON, custom_id) is None
    assert discord.ui.DynamicItem in AnswerButton.__mro__
