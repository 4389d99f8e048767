"""Asking under a server's "not found" threshold, queuing what was not covered for /admin gaps."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from retrieval.library import Continues, Library
from retrieval.types import Asked

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)


def _ask_noting_gaps(
    library: Library,
    collection: str,
    question: str,
    as_of: date,
    place: str = "",
    continues: Continues | None = None,
) -> Asked:
    """Ask with the server's threshold; queue the question when the articles do not cover it."""
    threshold = library.server_settings(collection).chosen_threshold
    asked = library.ask_in_conversation(
        collection, question, as_of=as_of, place=place, continues=continues, threshold=threshold
    )
    if not asked.answer.found:
        try:
            library.record_unanswered(collection, asked.answer.question)
        except Exception:  # the member's answer matters more than the queue
            log.warning("could not queue an unanswered question of %s", collection, exc_info=True)
    return asked


async def ask_noting_gaps(
    bot: ArticleBot,
    collection: str,
    question: str,
    *,
    as_of: date,
    place: str = "",
    continues: Continues | None = None,
) -> Asked:
    """Answer a member's question in a worker thread (see `_ask_noting_gaps`); keep it."""
    return await bot.call(
        _ask_noting_gaps, bot.library, collection, question, as_of, place, continues
    )
