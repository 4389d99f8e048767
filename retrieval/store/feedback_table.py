"""The feedback table: helpful / not helpful votes on answers, with what the answer cited."""

from __future__ import annotations

import json
from collections.abc import Sequence

from retrieval.store.connection import Database, now_iso


class FeedbackTable(Database):
    """Store votes on answers and read them back for export."""

    def record_feedback(
        self,
        collection: str,
        question: str,
        helpful: bool,
        chunk_ids: Sequence[int],
        article_ids: Sequence[int],
        user_hash: str,
    ) -> None:
        """Store a helpful / not helpful vote on an answer."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO feedback (collection, question, helpful, chunk_ids, article_ids, "
                "user_hash, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    collection,
                    question,
                    int(helpful),
                    json.dumps(list(chunk_ids)),
                    json.dumps(list(article_ids)),
                    user_hash,
                    now_iso(),
                ),
            )

    def feedback(self, collection: str | None = None) -> list[dict[str, object]]:
        """Return stored feedback rows, oldest first."""
        query = (
            "SELECT id, collection, question, helpful, chunk_ids, article_ids, user_hash, at "
            "FROM feedback"
        )
        params: tuple[object, ...] = ()
        if collection is not None:
            query += " WHERE collection = ?"
            params = (collection,)
        rows = self.read().execute(query + " ORDER BY id", params)
        return [
            {
                "id": int(r[0]),
                "collection": r[1],
                "question": r[2],
                "helpful": bool(r[3]),
                "chunk_ids": json.loads(r[4]),
                "article_ids": json.loads(r[5]),
                "user_hash": r[6],
                "at": r[7],
            }
            for r in rows
        ]
