"""Bulk adds: articles read, fetched and chunked on one thread while earlier ones are embedded."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence, Sized
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.errors import ArticlebotError, DuplicateArticle, InvalidInput
from retrieval.ingest.extract import SUPPORTED_SUFFIXES
from retrieval.library.access import CollectionAccess
from retrieval.library.adding import ArticleAdder, PreparedArticle
from retrieval.types import ArticleDraft, ArticleSummary, BulkResult, FolderFailure, Progress

log = logging.getLogger(__name__)

# What the preparing thread hands the storing one: a batch, its own failure, or None at the end.
_Batches = queue.Queue[list[PreparedArticle] | BaseException | None]

# Chunks embedded in one model call unless a caller asks otherwise.
BATCH_CHUNKS = 256


@dataclass
class _BulkTally:
    """What a bulk add did so far; updated from the preparing and the storing thread."""

    progress: Progress | None
    total: int | None
    added: list[ArticleSummary] = field(default_factory=list)
    failed: list[FolderFailure] = field(default_factory=list)
    skipped: int = 0
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _step(self, what: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total or 0, what)

    def add(self, summary: ArticleSummary) -> None:
        with self.lock:
            self.added.append(summary)
            self._step(summary.title)

    def skip(self, what: str) -> None:
        with self.lock:
            self.skipped += 1
            self._step(what)

    def fail(self, failure: FolderFailure) -> None:
        with self.lock:
            self.failed.append(failure)
            self._step(failure.path)

    def freeze(self) -> BulkResult:
        with self.lock:
            return BulkResult(tuple(self.added), tuple(self.failed), self.skipped)


class BulkAdder:
    """Add many articles, embedding across articles in large batches; resumable."""

    def __init__(self, access: CollectionAccess, adder: ArticleAdder) -> None:
        self._access = access
        self._store = access.store
        self._adder = adder

    def add_drafts(
        self,
        collection: str,
        items: Iterable[ArticleDraft | ArticlebotError],
        added_by: str | None,
        progress: Progress | None,
        total: int | None,
        batch_chunks: int,
    ) -> BulkResult:
        """Add extracted articles (or the errors of those that failed), reporting each."""
        self._access.ready_for_writes(collection)
        if total is None and isinstance(items, Sized):
            total = len(items)
        tally = _BulkTally(progress, total)
        batches: _Batches = queue.Queue(maxsize=2)
        stop = threading.Event()
        producer = threading.Thread(
            target=self._produce,
            args=(collection, items, tally, batch_chunks, batches, stop),
            name="articlebot-bulk",
            daemon=True,
        )
        # Loaded first, the indexes follow each batch in memory and are written once at the end.
        self._access.live_index(collection)
        with self._access.indexes.holding(collection):
            producer.start()
            try:
                while (batch := batches.get()) is not None:
                    if isinstance(batch, BaseException):
                        raise batch
                    self._store_batch(collection, batch, added_by, tally)
            finally:
                stop.set()
                while producer.is_alive():  # let a producer blocked on a full queue finish
                    with contextlib.suppress(queue.Empty):
                        batches.get(timeout=0.1)
        return tally.freeze()

    def add_folder(
        self, collection: str, folder: Path, added_by: str | None, progress: Progress | None
    ) -> BulkResult:
        """Add every supported file under a folder; bad files are reported, stored ones skipped."""
        if not folder.is_dir():
            raise InvalidInput(f"{folder} is not a folder")
        files = sorted(
            p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        )

        def drafts() -> Iterator[ArticleDraft | ArticlebotError]:
            for path in files:
                try:
                    draft = self._adder.read_file(path)
                    if not draft.text.strip():
                        raise InvalidInput("the file has no text")
                except ArticlebotError as error:
                    error.source = str(path)  # failures name the file: it has no URL
                    yield error
                    continue
                yield draft

        return self.add_drafts(collection, drafts(), added_by, progress, len(files), BATCH_CHUNKS)

    def add_urls(
        self,
        collection: str,
        urls: Sequence[str],
        added_by: str | None,
        progress: Progress | None,
        fetch_workers: int,
    ) -> BulkResult:
        """Fetch and extract URLs in parallel while earlier ones are embedded and stored."""
        with ThreadPoolExecutor(fetch_workers, thread_name_prefix="articlebot-fetch") as pool:
            futures = [pool.submit(self._adder.fetch_draft, collection, url) for url in urls]

            def drafts() -> Iterator[ArticleDraft | ArticlebotError]:
                for future in futures:
                    try:
                        yield future.result()
                    except ArticlebotError as error:
                        yield error

            try:
                return self.add_drafts(
                    collection, drafts(), added_by, progress, len(urls), BATCH_CHUNKS
                )
            finally:
                for future in futures:
                    future.cancel()

    def _produce(
        self,
        collection: str,
        items: Iterable[ArticleDraft | ArticlebotError],
        tally: _BulkTally,
        batch_chunks: int,
        batches: _Batches,
        stop: threading.Event,
    ) -> None:
        """Dedupe and chunk articles into batches; runs beside the embedding of the last one."""
        try:
            pending: list[PreparedArticle] = []
            size = 0
            hashes: set[str] = set()
            for item in items:
                if stop.is_set():
                    return
                prepared = self._prepare(collection, item, hashes, tally)
                if prepared is not None:
                    pending.append(prepared)
                    size += len(prepared.chunks)
                if size >= batch_chunks:
                    batches.put(pending)
                    pending, size = [], 0
            if pending:
                batches.put(pending)
            batches.put(None)
        except BaseException as error:  # noqa: BLE001 - handed to the consuming thread
            batches.put(error)

    def _prepare(
        self,
        collection: str,
        item: ArticleDraft | ArticlebotError,
        hashes: set[str],
        tally: _BulkTally,
    ) -> PreparedArticle | None:
        """Dedupe and chunk one article of a bulk add; None when it is skipped or failed."""
        try:
            if isinstance(item, ArticlebotError):
                raise item
            prepared = self._adder.prepare(collection, item, hashes)
        except DuplicateArticle:
            tally.skip("already stored")
            return None
        except ArticlebotError as error:
            source = error.source or getattr(item, "url", None) or "?"
            tally.fail(FolderFailure(str(source), error.message))
            self._store.record_failure(collection, str(source), error.message)
            return None
        hashes.add(prepared.text_hash)
        return prepared

    def _store_batch(
        self, collection: str, batch: list[PreparedArticle], added_by: str | None, tally: _BulkTally
    ) -> None:
        """Embed one batch of articles together and commit it in one transaction."""
        self._adder.embed_and_store(collection, batch, added_by)
        for prepared in batch:
            if prepared.article_id is None:
                tally.skip(prepared.draft.title)
            else:
                tally.add(self._store.article(collection, prepared.article_id).summary)
        log.info("bulk-added %d articles to %s", len(batch), collection)
