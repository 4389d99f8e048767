"""The unanswered table, and the gap queue read from it and from "Not helpful" votes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from retrieval.store.connection import Database, now_iso

# Questions kept per collection: the queue is about what is asked often, not an archive.
UNANSWERED_KEPT = 2000

GapKind = Literal["not covered", "not helpful"]


@dataclass(frozen=True)
class GapEntry:
    """One question the articles did not answer: not covered, or voted not helpful."""

    question: str
    kind: GapKind
    at: str


class GapTable(Database):
    """Record "not covered" answers; read them with the "Not helpful" votes as one queue."""

    def record_unanswered(self, collection: str, question: str) -> None:
        """Queue a question answered "not covered", dropping the oldest past the cap."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO unanswered (collection, question, at) VALUES (?, ?, ?)",
                (collection, question, now_iso()),
            )
            db.execute(
                "DELETE FROM unanswered WHERE collection = ? AND id <= (SELECT id FROM "
                "unanswered WHERE collection = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (collection, collection, UNANSWERED_KEPT),
            )

    def gap_entries(self, collection: str, limit: int = UNANSWERED_KEPT) -> list[GapEntry]:
        """Return the newest queued questions and "Not helpful" votes, newest first."""
        rows = self.read().execute(
            "SELECT question, kind, at FROM ("
            "  SELECT question, 'not covered' AS kind, at, id FROM unanswered WHERE collection = ?"
            "  UNION ALL"
            "  SELECT question, 'not helpful' AS kind, at, id FROM feedback"
            # A vote on an answer that quoted nothing is on a "not covered" answer, which is
            # queued already: counting it again would count one asking twice.
            "  WHERE collection = ? AND helpful = 0 AND chunk_ids != '[]'"
            # Votes from before the queue was last cleared are handled (see clear_gaps).
            "  AND id > coalesce((SELECT last_vote FROM gap_clears WHERE collection = ?), 0)"
            # Times are to the second: within one, the later row of a table is the newer.
            ") ORDER BY at DESC, id DESC LIMIT ?",
            (collection, collection, collection, limit),
        )
        return [
            GapEntry(str(q), "not covered" if k == "not covered" else "not helpful", str(a))
            for q, k, a in rows
        ]

    def clear_gaps(self, collection: str) -> int:
        """Empty the gap queue; return how many entries it held.

        The unanswered questions go; the votes stay (the feedback export reads them) but
        only those cast after the clearing count in the queue again.
        """
        held = len(self.gap_entries(collection))
        with self.transaction() as db:
            db.execute("DELETE FROM unanswered WHERE collection = ?", (collection,))
            db.execute(
                "INSERT INTO gap_clears (collection, last_vote, at) "
                "VALUES (?, (SELECT coalesce(max(id), 0) FROM feedback), ?) "
                "ON CONFLICT (collection) DO UPDATE SET last_vote = excluded.last_vote, "
                "at = excluded.at",
                (collection, now_iso()),
            )
        return held
