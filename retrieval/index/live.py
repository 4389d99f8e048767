"""The in-memory dense and BM25 indexes of each collection, kept in step with the database."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from config import Settings
from embeddings import Embedder
from retrieval.index.bm25 import LexicalFileError, LexicalIndex
from retrieval.index.faiss_store import IndexParams
from retrieval.index.manifest import IndexFileError, IndexManifest, check_seal, read_manifest
from retrieval.index.protocol import VectorStore
from retrieval.index.stores import build_store, drop_replaced, drop_store, load_store
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.store.atomic import remove_stale_temps
from retrieval.store.sqlite import CollectionRow, Store
from retrieval.types import IndexHealth

log = logging.getLogger(__name__)

# Stored vectors looked up in a loaded index to tell it is this database's, and how many hits
# each may look through (duplicate chunks share a vector).
_SAMPLE = 8
_SAMPLE_K = 10
_SELF_SCORE = 0.95
# Temp files last written before this process started belong to no write of ours.
_STARTED = time.time()


@dataclass
class LiveIndex:
    """The in-memory indexes of one collection, for the generation and revision they reflect."""

    generation: int
    revision: int
    dense: VectorStore
    lexical: LexicalIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class LiveIndexes:
    """Load, rebuild, update and save each collection's indexes; SQLite stays the truth."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        index_dir: Path,
        embedder: Callable[[], Embedder],
        writer: Callable[[str], threading.RLock],
    ) -> None:
        self.settings = settings
        self.store = store
        self._index_dir = index_dir
        self._params = IndexParams.from_settings(settings)
        self._embedder = embedder
        self._writer = writer
        self._live: dict[str, LiveIndex] = {}
        self._lock = threading.Lock()
        self._held: set[str] = set()
        remove_stale_temps(index_dir, older_than=_STARTED)

    @contextmanager
    def holding(self, collection: str) -> Iterator[None]:
        """Hold back index file writes for a collection until the block ends, then write once."""
        self._held.add(collection)
        try:
            yield
        finally:
            self._held.discard(collection)
            self._write_after_hold(collection)

    def _write_after_hold(self, collection: str) -> None:
        """Write the files held back; rebuild first if another process's commit unloaded them."""
        if self.peek(collection) is not None:
            self.save(collection)
            return
        try:
            # Left unwritten, status says unhealthy and the next question pays for the rebuild.
            self.get(collection)
        except Exception as error:  # noqa: BLE001 - the database has every vector anyway
            log.warning("could not write the index of %s after bulk work: %s", collection, error)

    def peek(self, collection: str) -> LiveIndex | None:
        """Return the loaded indexes of a collection, if any, without loading them."""
        with self._lock:
            return self._live.get(collection)

    def forget(self, collection: str) -> None:
        """Drop the loaded indexes: the next use reloads them from disk or the database."""
        with self._lock:
            self._live.pop(collection, None)

    def delete(self, collection: str) -> None:
        """Forget a deleted collection and remove its files and any Qdrant collection."""
        self.forget(collection)
        drop_store(self.settings, self.path(collection))
        self.path(collection).unlink(missing_ok=True)
        self.lexical_path(collection).unlink(missing_ok=True)

    def save_all(self) -> None:
        """Write the index file of every loaded collection."""
        with self._lock:
            collections = list(self._live)
        for collection in collections:
            self.save(collection)

    def path(self, collection: str) -> Path:
        """Return the index file of a collection."""
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", collection)
        digest = hashlib.sha256(collection.encode()).hexdigest()[:8]
        return self._index_dir / f"{safe}-{digest}.faiss"

    def get(self, collection: str, row: CollectionRow | None = None) -> LiveIndex | None:
        """Return the collection's indexes, loading or rebuilding them when stale."""
        row = row or self.store.collection(collection)
        if row is None:
            return None
        with self._lock:
            live = self._live.get(collection)
            if live and live.generation == row.generation and live.revision == row.revision:
                return live
        with self._writer(collection):
            row = self.store.collection(collection)
            assert row is not None
            live = self._load_or_rebuild(collection, row.generation, row.revision)
            with self._lock:
                self._live[collection] = live
            return live

    def _load_or_rebuild(self, collection: str, generation: int, revision: int) -> LiveIndex:
        embedder = self._embedder()
        path = self.path(collection)
        old: VectorStore | None = None
        try:
            dense, manifest = load_store(self.settings, path, self._params)
            old = dense
            if (
                manifest.model == embedder.name
                and manifest.dim == embedder.dim
                and manifest.chunker_version == CHUNKER_VERSION
                and manifest.generation == generation
                and manifest.revision == revision
                and not dense.needs_rebuild()
            ):
                problem = self._foreign(collection, generation, dense)
                if problem is None:
                    return LiveIndex(generation, revision, dense)
                log.warning("index of %s %s; rebuilding from stored vectors", collection, problem)
            else:
                log.info(
                    "index of %s is stale (%s); rebuilding from stored vectors", collection, path
                )
        except IndexFileError as error:
            if path.exists():
                log.warning("index of %s unusable (%s); rebuilding", collection, error)
        dense = self._build_dense(collection, generation, embedder.dim)
        live = LiveIndex(generation, revision, dense)
        self._write_index(collection, live)
        drop_replaced(self.settings, old, dense)
        return live

    def _foreign(self, collection: str, generation: int, dense: VectorStore) -> str | None:
        """Return how a loaded index differs from the database's chunks, or None if it does not.

        The manifest's numbers can match another library's file (a copied or restored data
        directory), so the ids are compared, and a sample of stored vectors must find their
        own chunk.
        """
        expected = self.store.chunk_ids(collection, generation)
        held = dense.ids()
        if held is not None and not np.array_equal(np.sort(held), expected):
            return "holds other chunk ids than the database"
        if not len(expected):
            return None
        sample = expected[
            np.linspace(0, len(expected) - 1, num=min(_SAMPLE, len(expected))).astype(np.int64)
        ]
        stored = self.store.chunk_vectors([int(i) for i in sample], dense.dim)
        for chunk_id, vector in stored.items():
            hits = dense.search(vector, _SAMPLE_K)
            own = hits.scores[hits.ids == chunk_id]
            # Its own vector scores 1 (a little less through 8-bit codes); another's, less.
            if not len(own) or own[0] < _SELF_SCORE:
                return "holds other vectors than the database"
        return None

    def _build_dense(self, collection: str, generation: int, dim: int) -> VectorStore:
        """Build the vector store for a generation from the vectors in the database."""
        return build_store(
            self.settings,
            collection,
            dim,
            self.store.chunk_count(collection, generation),
            lambda: self.store.vectors(collection, generation, dim),
            self._params,
        )

    def lexical_path(self, collection: str) -> Path:
        """Return the BM25 file of a collection, beside its vector index file."""
        return self.path(collection).with_suffix(".bm25")

    def lexical(self, collection: str, live: LiveIndex) -> LexicalIndex:
        """Return the collection's BM25 index: from its file when current, else built and saved."""
        with live.lock:
            if live.lexical is not None:
                return live.lexical
        lexical = self._load_lexical(collection, live)
        built = lexical is None
        if lexical is None:
            rows = (
                (chunk_id, self._lexical_text(title, text))
                for chunk_id, title, text in self.store.chunk_texts(collection, live.generation)
            )
            lexical = LexicalIndex(rows, stemming=self.settings.lexical_stemming)
        with live.lock:
            adopted = live.lexical is None
            if adopted:
                live.lexical = lexical
            current = live.lexical
        assert current is not None
        if adopted and built:
            # Tokenising a large collection takes minutes; a restart should not repeat it.
            with self._writer(collection):
                self._save_lexical(collection, live)
        return current

    def _load_lexical(self, collection: str, live: LiveIndex) -> LexicalIndex | None:
        path = self.lexical_path(collection)
        try:
            lexical, fields = LexicalIndex.load(path, stemming=self.settings.lexical_stemming)
        except LexicalFileError as error:
            if path.exists():
                log.warning("BM25 file of %s unusable (%s); rebuilding", collection, error)
            return None
        current = (fields.get("generation"), fields.get("revision"), fields.get("title_repeat"))
        if current != (live.generation, live.revision, self.settings.lexical_title_repeat):
            return None
        return lexical

    def _save_lexical(self, collection: str, live: LiveIndex) -> None:
        """Write the BM25 file; the caller holds the writer lock, so it matches the revision."""
        if live.lexical is None:
            return
        fields = {
            "generation": live.generation,
            "revision": live.revision,
            "title_repeat": self.settings.lexical_title_repeat,
        }
        live.lexical.save(self.lexical_path(collection), fields)

    def _lexical_text(self, title: str, text: str) -> str:
        # Repeating the title weights its words more than the body's.
        return "\n".join([title] * self.settings.lexical_title_repeat + [text])

    def apply(
        self,
        collection: str,
        generation: int,
        revision: int,
        added_ids: Sequence[int],
        added_vectors: npt.NDArray[np.float32] | None,
        removed: npt.NDArray[np.int64] | None,
    ) -> None:
        """Bring the in-memory index up to a revision just committed by this process."""
        with self._lock:
            live = self._live.get(collection)
        if live is None or live.generation != generation or live.revision != revision - 1:
            # Not loaded, or another process changed the database: rebuild on next use.
            with self._lock:
                self._live.pop(collection, None)
            if collection not in self._held:
                self.get(collection)
            return
        added_rows: list[tuple[int, str]] = []
        if live.lexical is not None and len(added_ids):
            stored = self.store.chunks(collection, list(added_ids))
            added_rows = [
                (i, self._lexical_text(stored[i].source.title, stored[i].text))
                for i in added_ids
                if i in stored
            ]
        with live.lock:
            if added_vectors is not None and len(added_ids):
                live.dense.add(np.asarray(added_ids, dtype=np.int64), added_vectors)
            if removed is not None and len(removed):
                live.dense.remove(removed)
            if live.lexical is not None:
                # BM25 follows in place: a new segment for the added chunks, tombstones for
                # the removed, instead of re-tokenising the whole collection.
                if removed is not None and len(removed):
                    live.lexical.remove(removed.tolist())
                live.lexical.add(added_rows)
            live.revision = revision
        if live.dense.needs_rebuild():
            # The size crossed a boundary: build the new index type beside the live one, swap.
            old = live.dense
            dense = self._build_dense(collection, generation, old.dim)
            with live.lock:
                live.dense = dense
            self._write_index(collection, live)
            drop_replaced(self.settings, old, dense)
            return
        if collection not in self._held:
            self._write_index(collection, live)

    def save(self, collection: str) -> None:
        """Write the collection's index file, if it is loaded."""
        with self._lock:
            live = self._live.get(collection)
        if live is not None:
            self._write_index(collection, live)

    def _write_index(self, collection: str, live: LiveIndex) -> None:
        embedder = self._embedder()
        # Writers of a collection hold its writer lock while they change the indexes, so under
        # it the indexes hold still, while searches (which only read) go on: at a million
        # chunks writing the files takes seconds.
        with self._writer(collection):
            manifest = IndexManifest(
                model=embedder.name,
                dim=embedder.dim,
                chunker_version=CHUNKER_VERSION,
                generation=live.generation,
                revision=live.revision,
                count=len(live.dense),
                index_type=live.dense.index_type,
            )
            live.dense.save(self.path(collection), manifest)
            self._save_lexical(collection, live)

    def health(
        self, collection: str, generation: int, revision: int, chunks: int, model: str | None
    ) -> IndexHealth:
        """Compare the index file's manifest with the database."""
        path = self.path(collection)
        try:
            manifest = read_manifest(path)
        except FileNotFoundError:
            return IndexHealth(generation, revision, 0, chunks == 0, "no index file yet")
        except IndexFileError as error:
            return IndexHealth(generation, revision, 0, False, f"damaged: {error}")
        try:
            check_seal(path, manifest)
        except (IndexFileError, OSError) as error:
            return IndexHealth(generation, revision, 0, False, f"damaged: {error}")
        problems = []
        if manifest.generation != generation or manifest.revision != revision:
            problems.append("behind the database (rebuilt on next question)")
        if manifest.count != chunks:
            problems.append(f"{manifest.count} vectors for {chunks} chunks")
        if model and manifest.model != model:
            problems.append(f"built by {manifest.model}")
        return IndexHealth(
            generation,
            revision,
            manifest.count,
            not problems,
            "; ".join(problems) or f"{manifest.index_type}, up to date",
        )
