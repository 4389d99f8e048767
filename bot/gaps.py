"""Asking under a server's "not found" threshold, queuing what was not covered for /admin gaps."""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from retrieval.library import Library
from retrieval.types import Answer

if TYPE_CHECKING:
    from bot.app import ArticleBot

log = logging.getLogger(__name__)


def _ask_noting_gaps(library: Library, collection: str, question: str, as_of: date) -> Answer:
    """Ask with the server's threshold; queue the question when the articles do not cover it."""
    settings = library.server_settings(collection)
    chosen = "not_found_threshold" not in settings.defaults
    threshold = settings.not_found_threshold if chosen else None
    answer = library.ask(collection, question, as_of=as_of, threshold=threshold)
    if not answer.found:
        try:
            library.record_unanswered(collection, answer.question)
        except Exception:  # the member's answer matters more than the queue
            log.warning("could not queue an unanswered question of %s", collection, exc_info=True)
    return answer


async def ask_noting_gaps(
    bot: ArticleBot, collection: str, question: str, *, as_of: date
) -> Answer:
    """Answer a member's question in a worker thread (see `_ask_noting_gaps`)."""
    return await bot.call(_ask_noting_gaps, bot.library, collection, question, as_of)
