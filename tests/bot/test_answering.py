"""bot.answering: where a question is answered from (the flow itself runs in cogs/test_ask.py)."""

from __future__ import annotations

from collections.abc import Callable

from harness import GUILD_A

from bot.answering import question_collection
from bot.common import guild_collection
from config import Settings


def test_questions_in_a_server_use_its_collection_and_dms_the_configured_one(
    make_settings: Callable[..., Settings],
) -> None:
    assert question_collection(make_settings(), GUILD_A) == guild_collection(GUILD_A)
    assert question_collection(make_settings(dm_collection="news"), GUILD_A) == (
        guild_collection(GUILD_A)
    )
    assert question_collection(make_settings(dm_collection="news"), None) == "news"
    assert question_collection(make_settings(), None) is None
