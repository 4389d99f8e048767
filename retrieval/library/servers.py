"""What a Discord server has beyond its articles: feeds, conversations, settings and gaps.

`Library` takes these delegating methods from `ServerFeatures`; the workers behind them are
built in `Library.__init__`.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from retrieval.library.access import CollectionAccess
from retrieval.library.conversing import Continues, Conversations
from retrieval.library.feeds import FeedKeeper, FeedPoll
from retrieval.library.gaps import GapFinder
from retrieval.library.server_settings import ServerSettings, ServerSettingsKeeper
from retrieval.store.feed_table import FeedRow
from retrieval.store.sqlite import Store
from retrieval.types import Answer, Asked, Gap, Progress, StoredAnswer


class ServerFeatures:
    """Feeds, conversations, per-server settings and the gap queue, as `Library` offers them."""

    store: Store
    _access: CollectionAccess
    _feeds: FeedKeeper
    _conversations: Conversations
    _server_settings: ServerSettingsKeeper
    _gaps: GapFinder

    # -- feeds -----------------------------------------------------------------------------------

    def add_feed(
        self,
        collection: str,
        url: str,
        *,
        added_by: str | None = None,
        every_minutes: float | None = None,
    ) -> FeedRow:
        """Follow an RSS or Atom feed (fetched once to check it); its first poll is due now.

        `every_minutes`: the feed's own interval between polls (None: `feed_interval_minutes`).
        """
        return self._feeds.add(collection, url, added_by, every_minutes)

    def feeds(self, collection: str) -> list[FeedRow]:
        """Return the feeds a collection follows, with their schedule and last error."""
        self._access.check_name(collection)
        return self.store.feeds(collection)

    def remove_feed(self, collection: str, number: int) -> FeedRow:
        """Stop following a feed; the articles it brought stay."""
        return self._feeds.remove(collection, number)

    def poll_feeds(
        self, collection: str, *, due_only: bool = False, progress: Progress | None = None
    ) -> list[FeedPoll]:
        """Poll the collection's feeds (only those due, or all now), adding new entries."""
        return self._feeds.poll(collection, due_only=due_only, progress=progress)

    def feed_collections(self, *, due: bool = False) -> list[str]:
        """Return the collections that follow feeds (only those with a poll due, with `due`)."""
        return self.store.feed_collections(time.time() if due else None)

    # -- conversations ---------------------------------------------------------------------------

    def ask_in_conversation(
        self,
        collection: str,
        question: str,
        *,
        as_of: date | None = None,
        place: str = "",
        continues: Continues | None = None,
        threshold: float | None = None,
    ) -> Asked:
        """Answer a question (a follow-up rewritten from the answer it continues); keep it.

        `threshold`, when given, replaces the configured "not found" threshold (a server's own).
        """
        return self._conversations.ask(
            collection,
            question,
            as_of=as_of,
            place=place,
            continues=continues,
            threshold=threshold,
        )

    def stored_answer(self, collection: str, answer_id: int) -> StoredAnswer | None:
        """Return a kept answer, or None when it is unknown or has expired."""
        return self.store.stored_answer(collection, answer_id)

    def previous_answer(self, collection: str, continues: Continues) -> StoredAnswer | None:
        """Return the answer a follow-up would continue, or None."""
        return self._conversations.previous(collection, continues)

    def answer_in_message(self, collection: str, message_id: int) -> StoredAnswer | None:
        """Return the kept answer sent in a message (a thread under it continues it), or None."""
        return self.store.answer_in_message(collection, message_id)

    def note_answer_message(self, collection: str, answer_id: int, message_id: int) -> None:
        """Record the message a kept answer was sent in (threads started from it continue it)."""
        self.store.set_answer_message(collection, answer_id, message_id)

    def reask(self, stored: StoredAnswer) -> Answer:
        """Answer a kept answer's question again, as of the same day."""
        return self._conversations.reask(stored)

    def vote(self, stored: StoredAnswer, helpful: bool, user_id: str) -> bool:
        """Store a member's vote on a kept answer; False when they had voted on it already."""
        return self._conversations.vote(stored, helpful, user_id)

    # -- per-server settings and the gap queue ---------------------------------------------------

    def server_settings(self, collection: str) -> ServerSettings:
        """Return a collection's own settings over the process-wide defaults."""
        return self._server_settings.get(collection)

    def change_server_settings(
        self, collection: str, changes: Mapping[str, Any], *, reset: Collection[str] = ()
    ) -> ServerSettings:
        """Check and store a collection's setting changes; `reset` ones go back to defaults."""
        self._access.check_name(collection)
        return self._server_settings.change(collection, changes, reset)

    def record_unanswered(self, collection: str, question: str) -> None:
        """Queue a question answered "not covered" for the collection's gap list."""
        self.store.record_unanswered(collection, question)

    def gaps(self, collection: str, *, limit: int = 10) -> list[Gap]:
        """Return the most asked unanswered or unhelpful questions, grouped, with near misses.

        Questions the articles answer now (added since) are left out.
        """
        return self._gaps.gaps(collection, limit)

    def clear_gaps(self, collection: str) -> int:
        """Empty the gap queue (its questions handled); return how many entries it held."""
        return self._gaps.clear(collection)
