"""The speaker index's rows: the words naming and describing each resolved speaker, beside
their chunk.

A question about a speaker is searched by its words, which may miss an article where the
speaker's statement on the topic sits ("Does Warren want Roe brought back through
legislation?" finds the articles on Roe, not the one where Warren speaks on it). The words of
each resolved speaker's name and description are kept beside the chunk, so the speaker's
statements across the collection are one indexed lookup, not a scan.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from retrieval.store.speaker_codes import decode_speakers
from retrieval.types import SentenceSpeakers

# Run by the schema and, one at a time, by the migration that brings older databases up to it
# (executescript would commit the migration's transaction).
SPEAKER_WORDS_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS speaker_words (
    chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    collection TEXT NOT NULL,
    word TEXT NOT NULL  -- a word of a resolved speaker's name or description (name_words)
)""",
    # A name's chunks newest first, read straight off the index.
    "CREATE INDEX IF NOT EXISTS speaker_words_by_name "
    "ON speaker_words (collection, word, chunk_id)",
    # A chunk's words: the other words of a name checked, and the rows deleted with the chunk.
    "CREATE INDEX IF NOT EXISTS speaker_words_of_chunk ON speaker_words (chunk_id, word)",
)
SPEAKER_WORDS_TABLE = "".join(f"{statement};\n" for statement in SPEAKER_WORDS_STATEMENTS)

# A word: letters, with inner apostrophes and hyphens ("O'Rourke", "Al-Sisi"); initials and
# numbers name no one on their own.
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


def name_words(name: str) -> set[str]:
    """Return the words a name is indexed and looked up by: casefolded, possessives dropped,
    single letters (initials) left out."""
    folded = name.casefold().replace("’", "'")
    words = (re.sub(r"'s$", "", w) for w in _WORD.findall(folded))
    return {w for w in words if len(w) > 1}


def _words_of(speakers: SentenceSpeakers) -> set[str]:
    """Return the words of every resolved speaker among a chunk's sentences' speakers: their
    name, as the article wrote them and as it describes them ("Artemis mission manager Mike
    Sarafin" is found as "Artemis" and "Sarafin" both)."""
    return {
        word
        for speaker in speakers
        if speaker is not None and speaker.name
        for word in name_words(f"{speaker.name} {speaker.written} {speaker.role or ''}")
    }


def index_speakers(
    db: sqlite3.Connection,
    collection: str,
    chunks: Iterable[tuple[int, SentenceSpeakers | None]],
    replacing: bool = True,
) -> None:
    """Record the name words of each chunk's speakers inside the caller's transaction,
    replacing any recorded before; `replacing` False for chunks that can have none yet (just
    inserted, or an index just created), which saves a delete a chunk."""
    rows: list[tuple[int, str, str]] = []
    replaced: list[tuple[int]] = []
    for chunk_id, speakers in chunks:
        replaced.append((chunk_id,))
        if speakers is not None:
            rows.extend((chunk_id, collection, w) for w in sorted(_words_of(speakers)))
    if replacing:
        db.executemany("DELETE FROM speaker_words WHERE chunk_id = ?", replaced)
    db.executemany("INSERT INTO speaker_words (chunk_id, collection, word) VALUES (?, ?, ?)", rows)


def index_stored_speakers(db: sqlite3.Connection) -> None:
    """Fill the index from the speakers already stored: a database from before it existed."""
    for statement in SPEAKER_WORDS_STATEMENTS:
        db.execute(statement)
    rows = db.execute(
        "SELECT id, collection, sentence_speakers FROM chunks WHERE sentence_speakers IS NOT NULL"
    )
    for chunk_id, collection, stored in rows.fetchall():
        index_speakers(db, collection, [(chunk_id, decode_speakers(stored))], replacing=False)
