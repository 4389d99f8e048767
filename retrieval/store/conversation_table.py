"""The answers table: answers kept for their buttons and follow-ups, with who voted on each."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from retrieval.store.connection import Database, now_iso
from retrieval.types import Named, StoredAnswer

_COLUMNS = (
    "id, collection, place, question, typed, as_of, quoted, chunk_ids, article_ids, message_id, at"
)


def _row(row: sqlite3.Row | tuple[object, ...]) -> StoredAnswer:
    quoted = tuple(Named(str(text), str(label)) for text, label in json.loads(str(row[6])))
    return StoredAnswer(
        id=int(str(row[0])),
        collection=str(row[1]),
        place=str(row[2]),
        question=str(row[3]),
        typed=str(row[4]),
        as_of=None if row[5] is None else str(row[5]),
        quoted=quoted,
        chunk_ids=tuple(int(i) for i in json.loads(str(row[7]))),
        article_ids=tuple(int(i) for i in json.loads(str(row[8]))),
        message_id=None if row[9] is None else int(str(row[9])),
        at=str(row[10]),
    )


class ConversationTable(Database):
    """Record answers, find the one a follow-up continues, and count each member's one vote.

    The table is bounded: each record drops the collection's answers older than `keep` and
    beyond the newest `keep_max`, so a busy server's history never grows without end.
    """

    def record_answer(
        self,
        answer: StoredAnswer,
        *,
        keep: timedelta,
        keep_max: int,
    ) -> int:
        """Store an answer (its id is ignored) and return the id it was given."""
        cutoff = (datetime.now(UTC) - keep).replace(microsecond=0).isoformat()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO answers (collection, place, question, typed, as_of, quoted, "
                "chunk_ids, article_ids, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.collection,
                    answer.place,
                    answer.question,
                    answer.typed,
                    answer.as_of,
                    json.dumps([[n.text, n.label] for n in answer.quoted]),
                    json.dumps(list(answer.chunk_ids)),
                    json.dumps(list(answer.article_ids)),
                    answer.message_id,
                    now_iso(),
                ),
            )
            new_id = int(cursor.lastrowid or 0)
            stale = "collection = ? AND (at < ? OR id <= ?)"
            params = (answer.collection, cutoff, new_id - keep_max)
            doomed = f"SELECT id FROM answers WHERE {stale}"
            db.execute(f"DELETE FROM answer_votes WHERE answer_id IN ({doomed})", params)
            db.execute(f"DELETE FROM answers WHERE {stale}", params)
        return new_id

    def stored_answer(self, collection: str, answer_id: int) -> StoredAnswer | None:
        """Return a kept answer of the collection, or None when unknown or expired."""
        row = (
            self.read()
            .execute(
                f"SELECT {_COLUMNS} FROM answers WHERE collection = ? AND id = ?",
                (collection, answer_id),
            )
            .fetchone()
        )
        return _row(row) if row else None

    def answer_in_message(self, collection: str, message_id: int) -> StoredAnswer | None:
        """Return the kept answer sent in a message (a thread's starter), or None."""
        row = (
            self.read()
            .execute(
                f"SELECT {_COLUMNS} FROM answers WHERE collection = ? AND message_id = ?",
                (collection, message_id),
            )
            .fetchone()
        )
        return _row(row) if row else None

    def latest_answer(self, collection: str, place: str) -> StoredAnswer | None:
        """Return the newest answer given in a channel or thread, or None."""
        row = (
            self.read()
            .execute(
                f"SELECT {_COLUMNS} FROM answers WHERE collection = ? AND place = ? "
                "ORDER BY id DESC LIMIT 1",
                (collection, place),
            )
            .fetchone()
        )
        return _row(row) if row else None

    def set_answer_message(self, collection: str, answer_id: int, message_id: int) -> None:
        """Record the message an answer was sent in."""
        with self.transaction() as db:
            db.execute(
                "UPDATE answers SET message_id = ? WHERE collection = ? AND id = ?",
                (message_id, collection, answer_id),
            )

    def add_vote(self, answer_id: int, user_hash: str) -> bool:
        """Count one member's vote on an answer; False when they had voted on it already."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO answer_votes (answer_id, user_hash) VALUES (?, ?)",
                (answer_id, user_hash),
            )
            return cursor.rowcount == 1

    def remove_vote(self, answer_id: int, user_hash: str) -> None:
        """Forget a vote whose feedback could not be stored, so the member may vote again."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM answer_votes WHERE answer_id = ? AND user_hash = ?",
                (answer_id, user_hash),
            )
