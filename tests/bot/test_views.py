"""bot.views: the buttons under answers, and how they expire."""

from __future__ import annotations

import asyncio

import pytest
from harness import GUILD_A, BotFactory, custom_ids

from bot.views import AnswerView


async def test_expired_answer_buttons_are_removed(
    start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await start_bot()
    harness.seed(GUILD_A, "The ferry timetable changes on Sunday for the winter.", title="Ferry")
    monkeypatch.setattr(AnswerView, "timeout_s", 0.05)

    run = await harness.run(harness.slash("ask", options={"question": "ferry timetable"}))
    assert custom_ids(run.message_payload())
    await asyncio.sleep(0.2)
    await harness.settle()

    edits = [c for c in run.calls if c.kind == "edit_followup"]
    assert edits and edits[-1].payload is not None
    assert edits[-1].payload["components"] == []
