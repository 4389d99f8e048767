"""bot.views: the buttons under answers, and how they expire."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest
from harness import GUILD_A, BotFactory, custom_ids

from bot.views import AnswerView
from retrieval.types import Answer, SourceRef


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


async def test_answer_buttons_keep_no_answer_objects_alive() -> None:
    # Hundreds of answers' buttons stay up at once; as live objects their passages would
    # lengthen every garbage collection, and each one stalls the event loop.
    source = SourceRef(7, "Ferry", None, "The Harbor Ledger", "2024-03-14", number=1)
    answer = Answer("When does the ferry timetable change?", True, 0.8, (), (source,))
    expected = Answer("When does the ferry timetable change?", True, 0.8, (), (source,))
    votes: list[tuple[Answer, bool, int]] = []

    async def record(voted: Answer, helpful: bool, user_id: int) -> None:
        votes.append((voted, helpful, user_id))

    view = AnswerView(answer, 0, record)
    alive = weakref.ref(answer)
    del answer
    gc.collect()
    assert alive() is None
    assert view.answer == expected
    await view.record_vote(view.answer, True, 42)
    assert votes == [(expected, True, 42)]
