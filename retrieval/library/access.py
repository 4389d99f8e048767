"""What every worker of the library shares: store, live indexes, embedders, writer locks, checks."""

from __future__ import annotations

import fcntl
import hashlib
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from config import Settings
from embeddings import Embedder, create_embedder
from embeddings.scheduler import EmbeddingScheduler, scheduler_for
from retrieval.errors import InvalidInput, NeedsReindex
from retrieval.index.live import LiveIndex, LiveIndexes
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.store.sqlite import Store

_COLLECTION_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class CollectionAccess:
    """The store and indexes of one data directory, and the rules for reaching a collection."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.store = Store(self.data_dir / "articlebot.sqlite3")
        self._scheduler: EmbeddingScheduler | None = None
        self._given_embedder = embedder
        self._embedder_lock = threading.Lock()
        self._writers: dict[str, threading.RLock] = {}
        self._writers_lock = threading.Lock()
        self.indexes = LiveIndexes(
            settings, self.store, self.data_dir / "indexes", lambda: self.embedder, self.writer
        )

    @property
    def scheduler(self) -> EmbeddingScheduler:
        """Return the scheduler that shares the model between questions and ingest."""
        with self._embedder_lock:
            if self._scheduler is None:
                model = self._given_embedder or create_embedder(self.settings)
                self._scheduler = scheduler_for(
                    model, slice_tokens=self.settings.embedding_token_budget
                )
            return self._scheduler

    @property
    def embedder(self) -> Embedder:
        """Return the embedder for what a person waits on (questions), loading it on first use."""
        return self.scheduler.interactive

    @property
    def bulk_embedder(self) -> Embedder:
        """Return the embedder for ingest work, which yields to questions between slices."""
        return self.scheduler.bulk

    @property
    def loaded_embedder(self) -> Embedder | None:
        """Return the embedder if it is loaded, without loading it."""
        scheduler = self._scheduler
        return scheduler.interactive if scheduler else None

    def writer(self, collection: str) -> threading.RLock:
        """Return the lock that serialises changes to a collection's articles and indexes."""
        with self._writers_lock:
            return self._writers.setdefault(collection, threading.RLock())

    @contextmanager
    def reindexing(self, collection: str) -> Iterator[None]:
        """Hold the collection's reindex lock file, which every process on this data dir takes.

        Two reindexes would fill the same new generation; the second waits up to
        `write_lock_timeout_s`, then stops with one clear line.
        """
        digest = hashlib.sha256(collection.encode()).hexdigest()[:16]
        path = self.data_dir / f".reindex-{digest}.lock"
        deadline = time.monotonic() + self.settings.write_lock_timeout_s
        with path.open("a") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise InvalidInput(
                            f"another articlebot is reindexing {collection} in {self.data_dir}: "
                            "try again when it is done"
                        ) from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def check_name(self, collection: str) -> None:
        """Refuse a name of other characters than letters, digits and `_.:-`, or over 64."""
        if not _COLLECTION_NAME.match(collection):
            raise InvalidInput(f"{collection!r} is not a valid collection name")

    def require_compatible(
        self, collection: str, model: str | None, dim: int | None, chunker: int | None
    ) -> None:
        """Refuse to mix vectors of another model or chunks of another chunker version."""
        if model is None:
            return
        embedder = self.embedder
        if model != embedder.name or dim != embedder.dim:
            raise NeedsReindex(
                f"the articles of {collection} were indexed with the model {model}, but the "
                f"configured model is {embedder.name}: run reindex"
            )
        if chunker != CHUNKER_VERSION:
            raise NeedsReindex(
                f"the articles of {collection} were chunked by an older version: run reindex"
            )

    def ready_for_writes(self, collection: str) -> None:
        """Check the name, create the collection if new, and require its vectors to fit."""
        self.check_name(collection)
        row = self.store.ensure_collection(collection)
        self.require_compatible(collection, row.model, row.dim, row.chunker_version)

    def live_index(self, collection: str) -> LiveIndex | None:
        """Return the collection's indexes once its vectors are known to fit the model."""
        row = self.store.collection(collection)
        if row is None:
            return None
        if row.model is not None:
            self.require_compatible(collection, row.model, row.dim, row.chunker_version)
        return self.indexes.get(collection, row)
