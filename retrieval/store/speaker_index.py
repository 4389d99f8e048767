"""The speaker index: which chunks hold a statement by someone of a given name (the rows are
written by `speaker_words`)."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.store.connection import Database

# Beyond this many rows a word is common: which of two common words leads makes no difference.
_COUNT_BOUND = 2000


class SpeakerIndexTable(Database):
    """Look up the chunks that hold a statement by a speaker of some name."""

    def spoken_by(
        self, collection: str, generation: int, words: Sequence[str], limit: int
    ) -> list[int]:
        """Return the ids of the generation's chunks whose speakers' names hold every word
        (as `name_words` gives them), newest first, at most `limit`."""
        wanted = sorted(set(words))
        if not wanted:
            return []
        # The rarest word leads ("warren" before "elizabeth"); the others are checked per
        # chunk. Each count stops at a bound, so a common first name costs no more than it.
        rarest = min(wanted, key=lambda word: self._count_up_to(collection, word))
        others = [word for word in wanted if word != rarest]
        checks = "".join(
            " AND EXISTS (SELECT 1 FROM speaker_words o WHERE o.chunk_id = w.chunk_id "
            "AND o.word = ?)"
            for _ in others
        )
        # Read newest first off the index, stopping at the limit; `+c.generation`: the chunk
        # is found by its id, never by a scan of the generation's chunks.
        rows = self.read().execute(
            "SELECT w.chunk_id FROM speaker_words w JOIN chunks c ON c.id = w.chunk_id "
            f"WHERE w.collection = ? AND w.word = ? AND +c.generation = ?{checks} "
            "ORDER BY w.chunk_id DESC LIMIT ?",
            (collection, rarest, generation, *others, limit),
        )
        return list(dict.fromkeys(int(row[0]) for row in rows))

    def _count_up_to(self, collection: str, word: str) -> int:
        """Return how many rows hold a word, counting no further than a bound."""
        row = self.read().execute(
            "SELECT count(*) FROM (SELECT 1 FROM speaker_words WHERE collection = ? AND word = ? "
            "LIMIT ?)",
            (collection, word, _COUNT_BOUND),
        )
        return int(row.fetchone()[0])
