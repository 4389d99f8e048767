"""Conversations: follow-ups rewritten from the answer they continue, and answers kept for later.

Every answer given in a conversation is recorded (`answers` table), so its buttons and the
replies to it keep working after a restart. A follow-up names the answer it continues: the one
replied to, or the last one in its thread; it is rewritten into a standalone question from that
answer's question and first quote (`query/followups.py`) before it is asked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from config import Settings, settings_for
from retrieval.library.access import CollectionAccess
from retrieval.library.asking import QuestionAnswerer
from retrieval.query.followups import Turn, quoted_names, standalone_question
from retrieval.types import Answer, Asked, StoredAnswer


@dataclass(frozen=True)
class ConversationConfig:
    """How long a thread's last answer is continued, and how many answers are kept."""

    conversation_max_age_minutes: float = 60.0
    answer_history_days: float = 30.0
    answer_history_max: int = 10_000

    @classmethod
    def from_settings(cls, settings: Settings) -> ConversationConfig:
        return cls(**settings_for(cls, settings))


@dataclass(frozen=True)
class Continues:
    """Which answer a question continues: a given one (a reply), or a thread's last one."""

    answer_id: int | None = None
    place: str | None = None  # a thread: its last answer, else the answer that started it


def user_hash(user_id: str) -> str:
    """Return the short hash a member's votes are kept under (never the id itself)."""
    return hashlib.sha256(f"articlebot:{user_id}".encode()).hexdigest()[:16]


class Conversations:
    """Ask in a conversation, record the answer, and find the answer a follow-up continues."""

    def __init__(
        self, access: CollectionAccess, answerer: QuestionAnswerer, config: ConversationConfig
    ) -> None:
        self._access = access
        self._store = access.store
        self._answerer = answerer
        self._config = config

    def ask(
        self,
        collection: str,
        question: str,
        *,
        as_of: date | None,
        place: str = "",
        continues: Continues | None = None,
        threshold: float | None = None,
    ) -> Asked:
        """Answer a question, rewritten when it continues an earlier answer, and record it.

        `threshold`, when given, replaces the configured "not found" threshold (a server's own).
        """
        typed = self._answerer.validate_question(question)
        previous = self.previous(collection, continues) if continues else None
        turn = Turn(previous.question, previous.quoted) if previous else None
        rewrite = standalone_question(turn, typed)
        answer = self._answerer.ask(
            collection,
            rewrite.question,
            frozenset(),
            as_of,
            quote_for=rewrite.quote_for,
            threshold=threshold,
        )
        answer_id = self._record(collection, place, typed, answer, as_of)
        return Asked(answer, typed, answer_id, previous)

    def previous(self, collection: str, continues: Continues) -> StoredAnswer | None:
        """Return the answer a follow-up continues, or None when it is unknown or too old."""
        store = self._store
        if continues.answer_id is not None:
            return store.stored_answer(collection, continues.answer_id)
        if not continues.place:
            return None
        latest = store.latest_answer(collection, continues.place)
        if latest is not None:
            # A conversation silent for longer than the setting is over: ask afresh.
            age = datetime.now(UTC) - datetime.fromisoformat(latest.at)
            return (
                latest
                if age <= timedelta(minutes=self._config.conversation_max_age_minutes)
                else None
            )
        # A thread started from an answer has that message's id: the answer is its first turn.
        if continues.place.isdigit():
            return store.answer_in_message(collection, int(continues.place))
        return None

    def _record(
        self, collection: str, place: str, typed: str, answer: Answer, as_of: date | None
    ) -> int:
        stored = StoredAnswer(
            id=0,
            collection=collection,
            place=place,
            question=answer.question,
            typed=typed,
            as_of=as_of.isoformat() if as_of else None,
            quoted=quoted_names(answer),
            chunk_ids=tuple(q.chunk_id for q in answer.quotes),
            article_ids=tuple(s.article_id for s in answer.sources),
            message_id=None,
            at="",
        )
        config = self._config
        return self._store.record_answer(
            stored,
            keep=timedelta(days=config.answer_history_days),
            keep_max=config.answer_history_max,
        )

    def reask(self, stored: StoredAnswer) -> Answer:
        """Answer a kept answer's question again, as of the same day (for More passages)."""
        as_of = date.fromisoformat(stored.as_of) if stored.as_of else None
        return self._answerer.ask(stored.collection, stored.question, frozenset(), as_of)

    def vote(self, stored: StoredAnswer, helpful: bool, user_id: str) -> bool:
        """Store one member's vote on a kept answer; False when they had voted on it already."""
        voter = user_hash(user_id)
        if not self._store.add_vote(stored.id, voter):
            return False
        try:
            self._store.record_feedback(
                stored.collection,
                stored.question,
                helpful,
                stored.chunk_ids,
                stored.article_ids,
                voter,
            )
        except BaseException:
            self._store.remove_vote(stored.id, voter)
            raise
        return True


__all__ = ["Continues", "ConversationConfig", "Conversations", "user_hash"]
