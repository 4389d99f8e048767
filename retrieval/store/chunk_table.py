"""The chunks table: chunks with their vectors, sentence vectors and entities, by generation."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.store.connection import Database
from retrieval.store.entity_codes import decode_entities, encode_entities
from retrieval.store.speaker_codes import SPEAKER_RULES, decode_speakers, encode_speakers
from retrieval.store.speaker_words import index_speakers
from retrieval.store.vector_codes import decode_int8, encode_int8
from retrieval.types import ChunkDraft, SentenceEntities, SentenceSpeakers, SourceRef, Span


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as stored, with its article's citation details."""

    id: int
    article_id: int
    ordinal: int
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
    source: SourceRef
    entities: SentenceEntities | None = None  # aligned with `sentences`; None: not computed
    speakers: SentenceSpeakers | None = None  # aligned with `sentences`; None: not attributed


@dataclass(frozen=True)
class UntaggedChunk:
    """A chunk of the live generation whose entities were never computed, with its article."""

    id: int
    article_id: int
    sentences: tuple[Span, ...]


@dataclass(frozen=True)
class NewChunk:
    """A chunk, its vector and its sentences' vectors (one row per sentence), ready to insert."""

    draft: ChunkDraft
    vector: npt.NDArray[np.float32]
    sentence_vectors: npt.NDArray[np.float32] | None = None


class ChunkTable(Database):
    """Insert and read chunks and their vectors; drop the generations a reindex replaced."""

    def insert_chunks(
        self,
        db: sqlite3.Connection,
        collection: str,
        generation: int,
        article_id: int,
        chunks: Sequence[NewChunk],
    ) -> list[int]:
        """Insert chunks with their vectors inside the caller's transaction; return their ids."""
        ids: list[int] = []
        for chunk in chunks:
            draft = chunk.draft
            cursor = db.execute(
                "INSERT INTO chunks (article_id, collection, generation, ordinal, start, end, "
                "text, sentences, vector, sentence_codes, sentence_entities, sentence_speakers) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    collection,
                    generation,
                    draft.ordinal,
                    draft.start,
                    draft.end,
                    draft.text,
                    json.dumps([[s.start, s.end] for s in draft.sentences]),
                    np.ascontiguousarray(chunk.vector, dtype=np.float32).tobytes(),
                    # int8 with a scale per row: ranking sentences needs no more (measured in
                    # docs/evaluation.md), and it is half of float16's size.
                    None if chunk.sentence_vectors is None else encode_int8(chunk.sentence_vectors),
                    None if draft.entities is None else encode_entities(draft.entities),
                    None if draft.speakers is None else encode_speakers(draft.speakers),
                ),
            )
            assert cursor.lastrowid is not None
            ids.append(int(cursor.lastrowid))
        spoken = [(i, c.draft.speakers) for i, c in zip(ids, chunks, strict=True)]
        attributed = [(i, found) for i, found in spoken if found is not None]
        index_speakers(db, collection, attributed, replacing=False)
        return ids

    def chunk_ids_of(self, collection: str, generation: int, article_id: int) -> list[int]:
        """Return the ids of an article's chunks in a generation."""
        rows = self.read().execute(
            "SELECT id FROM chunks WHERE collection = ? AND generation = ? AND article_id = ?",
            (collection, generation, article_id),
        )
        return [int(r[0]) for r in rows]

    def chunk_count(self, collection: str, generation: int) -> int:
        """Return how many chunks a generation holds."""
        row = self.read().execute(
            "SELECT count(*) FROM chunks WHERE collection = ? AND generation = ?",
            (collection, generation),
        )
        return int(row.fetchone()[0])

    def chunk_ids(self, collection: str, generation: int) -> npt.NDArray[np.int64]:
        """Return the ids of a generation's chunks in id order (what its index must hold)."""
        rows = self.read().execute(
            "SELECT id FROM chunks WHERE collection = ? AND generation = ? ORDER BY id",
            (collection, generation),
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64)

    def vectors(
        self, collection: str, generation: int, dim: int, batch: int = 50_000
    ) -> Iterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]:
        """Yield (ids, vectors) of a generation's chunks in batches, in id order."""
        last_id = -1
        db = self.read()
        while True:
            rows = db.execute(
                "SELECT id, vector FROM chunks WHERE collection = ? AND generation = ? AND id > ? "
                "ORDER BY id LIMIT ?",
                (collection, generation, last_id, batch),
            ).fetchall()
            if not rows:
                return
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
            yield ids, vectors.reshape(len(rows), dim)
            last_id = int(ids[-1])

    def chunk_texts(self, collection: str, generation: int) -> Iterator[tuple[int, str, str]]:
        """Yield (chunk id, article title, chunk text) of a generation, in id order."""
        rows = self.read().execute(
            "SELECT c.id, a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id "
            "WHERE c.collection = ? AND c.generation = ? ORDER BY c.id",
            (collection, generation),
        )
        for row in rows:
            yield int(row[0]), str(row[1]), str(row[2])

    def chunks(self, collection: str, ids: Sequence[int]) -> dict[int, StoredChunk]:
        """Return the stored chunks with these ids (only those in this collection)."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            "SELECT c.id, c.article_id, c.ordinal, c.start, c.end, c.text, c.sentences, "
            "a.title, a.url, a.outlet, a.published, a.number, c.sentence_entities, "
            "c.sentence_speakers FROM chunks c "
            # The unary + keeps the planner on the id lookups: through the collection index
            # it would scan every chunk of the collection (a million rows, 100+ ms).
            f"JOIN articles a ON a.id = c.article_id WHERE +c.collection = ? AND c.id IN "
            f"({placeholders})",
            (collection, *ids),
        )
        result: dict[int, StoredChunk] = {}
        for row in rows:
            result[int(row[0])] = StoredChunk(
                id=int(row[0]),
                article_id=int(row[1]),
                ordinal=int(row[2]),
                start=int(row[3]),
                end=int(row[4]),
                text=str(row[5]),
                sentences=tuple(Span(s, e) for s, e in json.loads(row[6])),
                source=SourceRef(
                    article_id=int(row[1]),
                    title=str(row[7]),
                    url=row[8],
                    outlet=row[9],
                    published=row[10],
                    number=int(row[11]),
                ),
                entities=None if row[12] is None else decode_entities(row[12]),
                speakers=None if row[13] is None else decode_speakers(row[13]),
            )
        return result

    def neighbours(self, collection: str, ids: Sequence[int]) -> list[tuple[int, int]]:
        """Return (chunk id, neighbour id) for the chunks just before and after each chunk."""
        if not ids:
            return []
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            "SELECT c.id, n.id FROM chunks c JOIN chunks n ON n.article_id = c.article_id "
            "AND n.generation = c.generation AND n.ordinal IN (c.ordinal - 1, c.ordinal + 1) "
            f"WHERE +c.collection = ? AND c.id IN ({placeholders}) ORDER BY c.id, n.ordinal",
            (collection, *ids),
        )
        return [(int(r[0]), int(r[1])) for r in rows]

    def sentence_vectors(self, ids: Sequence[int], dim: int) -> dict[int, npt.NDArray[np.float32]]:
        """Return the stored sentence vectors of these chunks (rows in sentence order)."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            f"SELECT id, sentence_codes, sentence_vectors FROM chunks WHERE id IN ({placeholders}) "
            "AND (sentence_codes IS NOT NULL OR sentence_vectors IS NOT NULL)",
            tuple(ids),
        )
        return {
            int(r[0]): decode_int8(r[1], dim)
            if r[1] is not None
            # Chunks stored before schema 3 keep their float16 rows.
            else np.frombuffer(r[2], dtype=np.float16).reshape(-1, dim).astype(np.float32)
            for r in rows
        }

    def chunk_vectors(self, ids: Sequence[int], dim: int) -> dict[int, npt.NDArray[np.float32]]:
        """Return the stored vectors of these chunks."""
        if not ids:
            return {}
        placeholders = ",".join("?" * len(ids))
        rows = self.read().execute(
            f"SELECT id, vector FROM chunks WHERE id IN ({placeholders})", tuple(ids)
        )
        return {int(r[0]): np.frombuffer(r[1], dtype=np.float32).reshape(dim) for r in rows}

    def chunks_without_entities(self, collection: str) -> int:
        """Return how many chunks of the collection's live generation lack entities."""
        row = self.read().execute(
            "SELECT count(*) FROM chunks WHERE collection = ?1 AND generation = "
            "(SELECT generation FROM collections WHERE name = ?1) AND sentence_entities IS NULL",
            (collection,),
        )
        return int(row.fetchone()[0])

    def untagged_chunks(
        self, collection: str, generation: int, after_id: int = -1, limit: int = 1000
    ) -> list[UntaggedChunk]:
        """Return chunks of a generation without entities, in id order, after `after_id`."""
        rows = self.read().execute(
            "SELECT id, article_id, sentences FROM chunks WHERE collection = ? AND generation = ? "
            "AND id > ? AND sentence_entities IS NULL ORDER BY id LIMIT ?",
            (collection, generation, after_id, limit),
        )
        return [
            UntaggedChunk(int(r[0]), int(r[1]), tuple(Span(s, e) for s, e in json.loads(r[2])))
            for r in rows
        ]

    def set_entities(
        self, db: sqlite3.Connection, entities: Sequence[tuple[int, SentenceEntities]]
    ) -> None:
        """Store computed entities of chunks (by id) inside the caller's transaction."""
        db.executemany(
            "UPDATE chunks SET sentence_entities = ? WHERE id = ?",
            [(encode_entities(found), chunk_id) for chunk_id, found in entities],
        )

    def chunks_without_speakers(self, collection: str) -> int:
        """Return how many chunks of the live generation lack speakers (by today's rules)."""
        outdated = self.speakers_outdated(collection)
        row = self.read().execute(
            "SELECT count(*) FROM chunks WHERE collection = ?1 AND generation = "
            "(SELECT generation FROM collections WHERE name = ?1)"
            + ("" if outdated else " AND sentence_speakers IS NULL"),
            (collection,),
        )
        return int(row.fetchone()[0])

    def articles_without_speakers(
        self, collection: str, generation: int, after_id: int = -1, limit: int = 100
    ) -> list[int]:
        """Return ids of articles with chunks of a generation lacking speakers, after `after_id`.

        In a collection attributed by older rules every article lacks them.
        """
        missing = "" if self.speakers_outdated(collection) else " AND sentence_speakers IS NULL"
        rows = self.read().execute(
            "SELECT DISTINCT article_id FROM chunks WHERE collection = ? AND generation = ? "
            f"AND article_id > ?{missing} ORDER BY article_id LIMIT ?",
            (collection, generation, after_id, limit),
        )
        return [int(r[0]) for r in rows]

    def speakers_outdated(self, collection: str) -> bool:
        """Tell whether the collection's speakers were found by older attribution rules."""
        row = (
            self.read()
            .execute("SELECT speaker_rules FROM collections WHERE name = ?", (collection,))
            .fetchone()
        )
        return row is not None and int(row[0]) < SPEAKER_RULES

    def speakers_found_again(self, collection: str) -> None:
        """Record that every passage's speakers now come from the current rules."""
        with self.transaction() as db:
            db.execute(
                "UPDATE collections SET speaker_rules = ? WHERE name = ?",
                (SPEAKER_RULES, collection),
            )

    def set_speakers(
        self,
        db: sqlite3.Connection,
        collection: str,
        speakers: Sequence[tuple[int, SentenceSpeakers]],
    ) -> None:
        """Store attributed speakers of chunks (by id), and index their names, inside the
        caller's transaction."""
        db.executemany(
            "UPDATE chunks SET sentence_speakers = ? WHERE id = ?",
            [(encode_speakers(found), chunk_id) for chunk_id, found in speakers],
        )
        index_speakers(db, collection, speakers)

    def drop_generations_except(
        self, db: sqlite3.Connection, collection: str, generation: int
    ) -> None:
        """Delete chunks of every generation but the given one, inside the caller's transaction."""
        db.execute(
            "DELETE FROM chunks WHERE collection = ? AND generation != ?", (collection, generation)
        )
