"""`Library`: the one facade the bot and the CLI use to add, list, remove, ask and reindex."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from config import Settings
from embeddings import Embedder, create_embedder
from embeddings.base import Vectors
from retrieval.errors import (
    ArticlebotError,
    DuplicateArticle,
    InvalidInput,
    InvalidQuestion,
    NeedsReindex,
)
from retrieval.index.bm25 import LexicalIndex
from retrieval.index.faiss_store import IndexManifest, IndexParams
from retrieval.index.live import LiveIndex, LiveIndexes
from retrieval.index.stores import build_store, drop_replaced
from retrieval.ingest.chunking import CHUNKER_VERSION, ChunkingConfig, chunk_article, embedding_text
from retrieval.ingest.extract import (
    SUPPORTED_SUFFIXES,
    extract_bytes,
    extract_document,
    extract_file,
    extract_plain_text,
)
from retrieval.ingest.fetch import FetchPolicy, fetch_url_sync
from retrieval.ingest.urls import canonicalize_url, validate_url
from retrieval.query.answer import FUNCTION_WORDS, AnswerConfig, compose_answer
from retrieval.query.question import as_statement
from retrieval.query.search import Reranker, Retrievers, SearchConfig, hybrid_search
from retrieval.store.sqlite import NewChunk, Store, content_hash
from retrieval.types import (
    AddResult,
    Answer,
    Article,
    ArticleDraft,
    ArticleSummary,
    BulkResult,
    ChunkDraft,
    CollectionStatus,
    FolderFailure,
    Passage,
    Progress,
    ReindexResult,
    Span,
)

log = logging.getLogger(__name__)


_COLLECTION_NAME = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


@dataclass
class _Pending:
    """An article of a bulk add, chunked and waiting for its batch to be embedded."""

    draft: ArticleDraft
    text_hash: str
    chunks: list[ChunkDraft]
    article_id: int | None = None


@dataclass
class _BulkTally:
    """What a bulk add did so far; updated from the chunking and the storing thread."""

    added: list[ArticleSummary] = field(default_factory=list)
    failed: list[FolderFailure] = field(default_factory=list)
    skipped: int = 0
    done: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _step(self, progress: Progress | None, total: int | None, what: str) -> None:
        self.done += 1
        if progress:
            progress(self.done, total or 0, what)

    def add(self, summary: ArticleSummary, progress: Progress | None, total: int | None) -> None:
        with self.lock:
            self.added.append(summary)
            self._step(progress, total, summary.title)

    def skip(self, progress: Progress | None, total: int | None, what: str) -> None:
        with self.lock:
            self.skipped += 1
            self._step(progress, total, what)

    def fail(self, failure: FolderFailure, progress: Progress | None, total: int | None) -> None:
        with self.lock:
            self.failed.append(failure)
            self._step(progress, total, failure.path)

    def freeze(self) -> BulkResult:
        with self.lock:
            return BulkResult(tuple(self.added), tuple(self.failed), self.skipped)


class Library:
    """Articles and their indexes under one data directory, in named collections."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        cache_vectors: bool = False,
    ) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.store = Store(self.data_dir / "articlebot.sqlite3")
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self._cache_vectors = cache_vectors
        self._writers: dict[str, threading.RLock] = {}
        self._writers_lock = threading.Lock()
        self.indexes = LiveIndexes(
            settings, self.store, self.data_dir / "indexes", lambda: self.embedder, self._writer
        )
        self.chunking = ChunkingConfig.from_settings(settings)
        self.search_config = SearchConfig.from_settings(settings)
        self._reranker: Reranker | None = None
        self._reranker_loaded = False
        self.answer_config = AnswerConfig.from_settings(settings)

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """Return the embedder, loading the model on first use."""
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = create_embedder(self.settings)
            return self._embedder

    def close(self) -> None:
        """Write any index held back by bulk work and close the database."""
        self.indexes.save_all()
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def bulk(self, collection: str) -> Iterator[None]:
        """Hold back index file writes until a batch of adds is done; the database commits each."""
        with self.indexes.holding(collection):
            yield

    # -- adding ----------------------------------------------------------------------------------

    def add_text(
        self,
        collection: str,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        outlet: str | None = None,
        author: str | None = None,
        published: str | None = None,
        added_by: str | None = None,
    ) -> AddResult:
        """Add pasted text as an article; the title falls back to one taken from the text."""
        if not text or not text.strip():
            raise InvalidInput("the article text is empty")
        draft = extract_plain_text(text)
        draft = replace(
            draft,
            title=(title or "").strip() or draft.title,
            url=url or draft.url,
            canonical_url=url or draft.canonical_url,
            outlet=outlet or draft.outlet,
            author=author or draft.author,
            published=published or draft.published,
            source="text",
        )
        return self.add_draft(collection, draft, added_by=added_by)

    def add_url(self, collection: str, url: str, *, added_by: str | None = None) -> AddResult:
        """Fetch a web page or PDF safely, extract the article and add it."""
        return self.add_draft(collection, self._fetch_draft(collection, url), added_by=added_by)

    def add_file(self, collection: str, path: Path, *, added_by: str | None = None) -> AddResult:
        """Add a .txt, .md, .html or .pdf file (with an optional JSON sidecar of metadata)."""
        draft = extract_file(path, self.settings.max_file_bytes)
        return self.add_draft(collection, draft, added_by=added_by)

    def add_bytes(
        self, collection: str, data: bytes, filename: str, *, added_by: str | None = None
    ) -> AddResult:
        """Add an uploaded file's bytes, typed by its file name."""
        draft = extract_bytes(data, filename, self.settings.max_file_bytes)
        return self.add_draft(collection, draft, added_by=added_by)

    def add_folder(
        self,
        collection: str,
        folder: Path,
        *,
        added_by: str | None = None,
        progress: Progress | None = None,
    ) -> BulkResult:
        """Add every supported file under a folder in bulk: files are read while earlier ones
        are embedded, bad files are reported, stored ones skipped (so an interrupted add just
        runs again)."""
        if not folder.is_dir():
            raise InvalidInput(f"{folder} is not a folder")
        files = sorted(
            p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        )

        def drafts() -> Iterator[ArticleDraft | ArticlebotError]:
            for path in files:
                try:
                    draft = extract_file(path, self.settings.max_file_bytes)
                    if not draft.text.strip():
                        raise InvalidInput("the file has no text")
                except ArticlebotError as error:
                    error.source = str(path)  # failures name the file: it has no URL
                    yield error
                    continue
                yield draft

        return self.add_drafts(
            collection, drafts(), added_by=added_by, progress=progress, total=len(files)
        )

    def add_draft(
        self, collection: str, draft: ArticleDraft, *, added_by: str | None = None
    ) -> AddResult:
        """Chunk, embed and store an extracted article, refusing duplicates."""
        self._check_collection_name(collection)
        row = self.store.ensure_collection(collection)
        self._require_compatible(collection, row.model, row.dim, row.chunker_version)
        pending = self._prepare(collection, draft, set())
        embedded = self._embed_chunks([(pending.draft.title, pending.draft.text, pending.chunks)])
        self._commit_articles(collection, [pending], embedded, added_by)
        if pending.article_id is None:  # someone added it while it was being embedded
            self._raise_if_duplicate(collection, pending.text_hash, pending.draft.canonical_url)
            raise InvalidInput("the article could not be stored")
        log.info("added #%d %r to %s", pending.article_id, pending.draft.title, collection)
        return AddResult(self.store.article(collection, pending.article_id).summary)

    def add_drafts(
        self,
        collection: str,
        items: Iterable[ArticleDraft | ArticlebotError],
        *,
        added_by: str | None = None,
        progress: Progress | None = None,
        total: int | None = None,
        batch_chunks: int = 256,
    ) -> BulkResult:
        """Add many articles, embedding across articles in large batches; resumable."""
        self._check_collection_name(collection)
        row = self.store.ensure_collection(collection)
        self._require_compatible(collection, row.model, row.dim, row.chunker_version)
        if total is None and isinstance(items, Sized):
            total = len(items)
        result = _BulkTally()
        batches: queue.Queue[list[_Pending] | BaseException | None] = queue.Queue(maxsize=2)
        stop = threading.Event()

        def produce() -> None:
            # Runs beside the embedding of the previous batch: fetch, dedupe, chunk.
            try:
                pending: list[_Pending] = []
                size = 0
                hashes: set[str] = set()
                for item in items:
                    if stop.is_set():
                        return
                    prepared = self._prepare_bulk(collection, item, hashes, result, progress, total)
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

        producer = threading.Thread(target=produce, name="articlebot-bulk", daemon=True)
        with self.bulk(collection):
            producer.start()
            try:
                while (batch := batches.get()) is not None:
                    if isinstance(batch, BaseException):
                        raise batch
                    self._store_bulk(collection, batch, added_by, result, progress, total)
            finally:
                stop.set()
                while producer.is_alive():  # let a producer blocked on a full queue finish
                    with contextlib.suppress(queue.Empty):
                        batches.get(timeout=0.1)
        return result.freeze()

    def add_urls(
        self,
        collection: str,
        urls: Sequence[str],
        *,
        added_by: str | None = None,
        progress: Progress | None = None,
        fetch_workers: int = 4,
    ) -> BulkResult:
        """Fetch and extract URLs in parallel while earlier ones are embedded and stored."""
        with ThreadPoolExecutor(fetch_workers, thread_name_prefix="articlebot-fetch") as pool:
            futures = [pool.submit(self._fetch_draft, collection, url) for url in urls]

            def drafts() -> Iterator[ArticleDraft | ArticlebotError]:
                for future in futures:
                    try:
                        yield future.result()
                    except ArticlebotError as error:
                        yield error

            try:
                return self.add_drafts(
                    collection, drafts(), added_by=added_by, progress=progress, total=len(urls)
                )
            finally:
                for future in futures:
                    future.cancel()

    def _fetch_draft(self, collection: str, url: str) -> ArticleDraft:
        """Fetch and extract a URL not already in the collection."""
        try:
            validate_url(url)
            # A stored URL is not fetched again: this is what makes a bulk add resumable.
            self._check_url_duplicate(collection, canonicalize_url(url))
            document = fetch_url_sync(url, FetchPolicy.from_settings(self.settings))
            return extract_document(
                document.body,
                document.content_type,
                document.charset,
                document.final_url,
                timeout_s=self.settings.extract_timeout_s,
            )
        except ArticlebotError as error:
            error.source = url
            raise

    def _prepare_bulk(
        self,
        collection: str,
        item: ArticleDraft | ArticlebotError,
        hashes: set[str],
        result: _BulkTally,
        progress: Progress | None,
        total: int | None,
    ) -> _Pending | None:
        """Dedupe and chunk one article of a bulk add; None when it is skipped or failed."""
        try:
            if isinstance(item, ArticlebotError):
                raise item
            pending = self._prepare(collection, item, hashes)
        except DuplicateArticle:
            result.skip(progress, total, "already stored")
            return None
        except ArticlebotError as error:
            source = error.source or getattr(item, "url", None) or "?"
            result.fail(FolderFailure(str(source), error.message), progress, total)
            self.store.record_failure(collection, str(source), error.message)
            return None
        hashes.add(pending.text_hash)
        return pending

    def _prepare(self, collection: str, item: ArticleDraft, hashes: set[str]) -> _Pending:
        """Tidy an article's metadata, refuse it if already stored, and chunk it."""
        if not item.text.strip():
            raise InvalidInput("the article has no text")
        canonical = item.canonical_url or item.url
        draft = replace(
            item,
            title=" ".join(item.title.split())[:300] or "Untitled",
            canonical_url=canonicalize_url(canonical) if canonical else None,
        )
        text_hash = content_hash(draft.text)
        if text_hash in hashes:
            raise DuplicateArticle(0, draft.title)
        self._raise_if_duplicate(collection, text_hash, draft.canonical_url)
        chunks = chunk_article(draft.text, draft.title, self.embedder.count_tokens, self.chunking)
        return _Pending(draft, text_hash, chunks)

    def _store_bulk(
        self,
        collection: str,
        batch: list[_Pending],
        added_by: str | None,
        result: _BulkTally,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        """Embed one batch of articles together and commit it in one transaction."""
        embedded = self._embed_chunks([(p.draft.title, p.draft.text, p.chunks) for p in batch])
        self._commit_articles(collection, batch, embedded, added_by)
        for pending in batch:
            if pending.article_id is None:
                result.skip(progress, total, pending.draft.title)
            else:
                summary = self.store.article(collection, pending.article_id).summary
                result.add(summary, progress, total)
        log.info("bulk-added %d articles to %s", len(batch), collection)

    def _commit_articles(
        self,
        collection: str,
        batch: Sequence[_Pending],
        embedded: Sequence[Sequence[NewChunk]],
        added_by: str | None,
    ) -> None:
        """Store embedded articles in one transaction; set the ids of those not already there."""
        embedder = self.embedder
        with self._writer(collection):
            row = self.store.ensure_collection(collection)
            ids: list[int] = []
            vectors: list[npt.NDArray[np.float32]] = []
            with self.store.transaction() as db:
                for pending, chunks in zip(batch, embedded, strict=True):
                    draft = pending.draft
                    if self.store.find_duplicate(
                        collection, pending.text_hash, draft.canonical_url
                    ):
                        continue  # added by someone else since it was prepared
                    pending.article_id = self.store.insert_article(
                        db, collection, draft, pending.text_hash, added_by
                    )
                    ids += self.store.insert_chunks(
                        db, collection, row.generation, pending.article_id, chunks
                    )
                    vectors += [chunk.vector for chunk in chunks]
                if row.model is None:
                    self.store.set_model(
                        db, collection, embedder.name, embedder.dim, CHUNKER_VERSION
                    )
                revision = self.store.bump_revision(db, collection)
            added = np.stack(vectors) if vectors else None
            self.indexes.apply(collection, row.generation, revision, ids, added, removed=None)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, collection: str, article_id: int) -> Article:
        """Return an article with its text."""
        return self.store.article(collection, article_id)

    def articles(
        self, collection: str, *, offset: int = 0, limit: int | None = None
    ) -> list[ArticleSummary]:
        """Return the collection's articles, newest first."""
        return self.store.articles(collection, offset=offset, limit=limit)

    def count(self, collection: str) -> int:
        """Return how many articles the collection holds."""
        return self.store.article_count(collection)

    def titles(self, collection: str) -> list[tuple[int, str]]:
        """Return (id, title) of every article, newest first."""
        return self.store.titles(collection)

    def collections(self) -> list[str]:
        """Return every collection's name."""
        return self.store.collection_names()

    # -- removing --------------------------------------------------------------------------------

    def remove(self, collection: str, article_id: int) -> ArticleSummary:
        """Remove an article and its chunks from the collection."""
        with self._writer(collection):
            summary = self.store.article(collection, article_id).summary
            row = self.store.ensure_collection(collection)
            chunk_ids = self.store.chunk_ids_of(collection, row.generation, article_id)
            with self.store.transaction() as db:
                self.store.delete_article(db, collection, article_id)
                revision = self.store.bump_revision(db, collection)
            self.indexes.apply(
                collection,
                row.generation,
                revision,
                [],
                None,
                removed=np.asarray(chunk_ids, dtype=np.int64),
            )
        log.info("removed #%d from %s", article_id, collection)
        return summary

    def delete_collection(self, collection: str) -> None:
        """Delete a whole collection: articles, chunks, feedback and index files."""
        with self._writer(collection):
            self.store.delete_collection(collection)
            self.indexes.delete(collection)

    # -- asking ----------------------------------------------------------------------------------

    def validate_question(self, question: str) -> str:
        """Return the question stripped, or raise InvalidQuestion with the reason."""
        stripped = " ".join((question or "").split())
        if not stripped:
            raise InvalidQuestion("the question is empty: ask something about the articles")
        if len(stripped) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"the question is {len(stripped):,} characters long; the limit is "
                f"{self.settings.max_question_chars:,}"
            )
        return stripped

    def ask(
        self,
        collection: str,
        question: str,
        *,
        exclude_articles: frozenset[int] = frozenset(),
        as_of: date | None = None,
    ) -> Answer:
        """Answer a question with verbatim quotes from the collection's articles."""
        question = self.validate_question(question)
        passages, query_vector, lexical = self._retrieve(
            collection, question, None, exclude_articles, as_of=as_of
        )
        if not passages or lexical is None:
            return Answer(question, found=False, confidence=0.0, quotes=(), sources=())
        considered = passages[: self.answer_config.passages_considered]
        context = self._context(collection, considered) if self.settings.answer_context else []
        return compose_answer(
            question,
            query_vector,
            passages,
            self._sentence_embedder([*considered, *context]),
            self.answer_config,
            coverage=_coverage(lexical, question, passages[0]),
            context=context,
        )

    def _context(self, collection: str, passages: Sequence[Passage]) -> list[Passage]:
        """Return the chunks just before and after the passages, which may hold the answer."""
        by_id = {p.chunk_id: p for p in passages}
        neighbours = self.store.neighbours(collection, list(by_id))
        pairs = [(c, n) for c, n in neighbours if n not in by_id]
        chunks = self.store.chunks(collection, list(dict.fromkeys(n for _, n in pairs)))
        context: dict[int, Passage] = {}
        for chunk_id, neighbour in pairs:
            chunk = chunks.get(neighbour)
            if chunk is None or neighbour in context:
                continue
            # A neighbour borrows the trust of the passage it sits next to.
            context[neighbour] = replace(
                by_id[chunk_id],
                chunk_id=chunk.id,
                start=chunk.start,
                end=chunk.end,
                text=chunk.text,
                sentences=chunk.sentences,
            )
        return list(context.values())

    def _sentence_embedder(self, passages: Sequence[Passage]) -> Callable[[list[str]], Vectors]:
        """Return an embedder for quote candidates that reads stored sentence vectors first."""
        stored: dict[str, npt.NDArray[np.float32]] = {}
        dim = self.embedder.dim
        by_chunk = self.store.sentence_vectors([p.chunk_id for p in passages], dim)
        for passage in passages:
            vectors = by_chunk.get(passage.chunk_id)
            if vectors is None or len(vectors) != len(passage.sentences):
                continue  # stored before sentence vectors were kept: embedded on demand
            for span, vector in zip(passage.sentences, vectors, strict=True):
                text = passage.text[span.start - passage.start : span.end - passage.start]
                stored[text] = vector

        def embed(texts: list[str]) -> Vectors:
            missing = [t for t in dict.fromkeys(texts) if t not in stored]
            if missing:
                stored.update(zip(missing, self.embedder.embed(missing), strict=True))
            if not texts:
                return np.zeros((0, dim), dtype=np.float32)
            return np.stack([stored[t] for t in texts]).astype(np.float32)

        return embed

    def search(
        self,
        collection: str,
        question: str,
        limit: int | None = None,
        *,
        exclude_articles: frozenset[int] = frozenset(),
        retrievers: Retrievers = "hybrid",
        as_of: date | None = None,
    ) -> list[Passage]:
        """Return the ranked passages for a question, without composing an answer."""
        question = self.validate_question(question)
        return self._retrieve(
            collection, question, limit, exclude_articles, retrievers, as_of=as_of
        )[0]

    def _retrieve(
        self,
        collection: str,
        question: str,
        limit: int | None,
        exclude_articles: frozenset[int] = frozenset(),
        retrievers: Retrievers = "hybrid",
        *,
        as_of: date | None = None,
    ) -> tuple[list[Passage], npt.NDArray[np.float32], LexicalIndex | None]:
        live = self._live_index(collection)
        if live is None or len(live.dense) == 0:
            return [], np.zeros(0, dtype=np.float32), None
        query_text = as_statement(question) if self.settings.question_normalisation else question
        query_vector = self.embedder.embed([query_text])[0]
        lexical = self.indexes.lexical(collection, live)
        # Single retrievers are the plain baselines: no aggregation, dates or reranking.
        plain = retrievers != "hybrid"
        config = replace(self.search_config, article_second_weight=0.0) if plain else None
        reranker = None if plain else self._get_reranker()
        with live.lock:
            passages = hybrid_search(
                question,
                query_vector,
                live.dense,
                lexical,
                lambda ids: self.store.chunks(collection, ids),
                lambda ids: self.store.chunk_vectors(ids, live.dense.dim),
                config or self.search_config,
                limit=limit,
                exclude_articles=exclude_articles,
                retrievers=retrievers,
                reranker=reranker,
                as_of=None if plain else as_of,
            )
        return passages, query_vector, lexical

    def _get_reranker(self) -> Reranker | None:
        """Return the configured cross-encoder, loading it on first use; None when unset."""
        with self._embedder_lock:
            if not self._reranker_loaded:
                from retrieval.query.rerank import load_reranker

                self._reranker = load_reranker(self.settings.reranker_model)
                self._reranker_loaded = True
            return self._reranker

    # -- reindexing ------------------------------------------------------------------------------

    def reindex(self, collection: str, *, progress: Progress | None = None) -> ReindexResult:
        """Re-chunk and re-embed every article into a new generation, then switch to it."""
        started = time.monotonic()
        row = self.store.ensure_collection(collection)
        new_generation = row.generation + 1
        with self.store.transaction() as db:
            # Leftovers of a reindex that crashed part-way are never live: clear them first.
            self.store.drop_generations_except(db, collection, row.generation)
        articles = self.store.article_texts(collection)
        done_ids: set[int] = set()
        for done, (article_id, title, text) in enumerate(articles, start=1):
            self._insert_generation_chunks(collection, new_generation, article_id, title, text)
            done_ids.add(article_id)
            if progress:
                progress(done, len(articles), title)
        with self._writer(collection):
            # Articles added while the new generation was built join it before the switch.
            for article_id, title, text in self.store.article_texts(collection):
                if article_id not in done_ids:
                    self._insert_generation_chunks(
                        collection, new_generation, article_id, title, text
                    )
            with self.store.transaction() as db:
                self.store.switch_generation(db, collection, new_generation)
                self.store.drop_generations_except(db, collection, new_generation)
                self.store.set_model(
                    db, collection, self.embedder.name, self.embedder.dim, CHUNKER_VERSION
                )
            self.indexes.forget(collection)
            live = self._live_index(collection)
        chunks = len(live.dense) if live else 0
        log.info("reindexed %s: generation %d, %d chunks", collection, new_generation, chunks)
        return ReindexResult(
            collection=collection,
            generation=new_generation,
            articles=self.store.article_count(collection),
            chunks=chunks,
            seconds=round(time.monotonic() - started, 3),
        )

    def _insert_generation_chunks(
        self, collection: str, generation: int, article_id: int, title: str, text: str
    ) -> None:
        chunks = self._chunk_and_embed(title, text)
        with self.store.transaction() as db:
            exists = db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            if exists:  # removed meanwhile: nothing to index
                self.store.insert_chunks(db, collection, generation, article_id, chunks)

    def migrate_vectors(self, collection: str, to: str) -> int:
        """Copy a collection's stored vectors into another store and point its index file there."""
        settings = self.settings.model_copy(update={"vector_store": to})
        with self._writer(collection):
            row = self.store.ensure_collection(collection)
            dim = row.dim or self.embedder.dim
            old = self.indexes.peek(collection)
            dense = build_store(
                settings,
                collection,
                dim,
                self.store.chunk_count(collection, row.generation),
                lambda: self.store.vectors(collection, row.generation, dim),
                IndexParams.from_settings(settings),
            )
            manifest = IndexManifest(
                model=row.model or self.embedder.name,
                dim=dim,
                chunker_version=row.chunker_version or CHUNKER_VERSION,
                generation=row.generation,
                revision=row.revision,
                count=len(dense),
                index_type=dense.index_type,
            )
            dense.save(self.indexes.path(collection), manifest)
            self.indexes.forget(collection)
            if old is not None:
                drop_replaced(settings, old.dense, dense)
        log.info("migrated %d vectors of %s to %s", len(dense), collection, to)
        return len(dense)

    # -- status ----------------------------------------------------------------------------------

    def status(self, collection: str) -> CollectionStatus:
        """Report articles, chunks, model, index health, last ingest and recent failures."""
        row = self.store.ensure_collection(collection)
        chunks = self.store.chunk_count(collection, row.generation)
        return CollectionStatus(
            collection=collection,
            articles=self.store.article_count(collection),
            chunks=chunks,
            model=row.model or self._configured_model_name(),
            dim=row.dim or 0,
            chunker_version=row.chunker_version or CHUNKER_VERSION,
            index=self.indexes.health(
                collection,
                row.generation,
                row.revision,
                chunks,
                self._embedder.name if self._embedder else None,
            ),
            last_ingest=self.store.last_ingest(collection),
            recent_failures=tuple(self.store.recent_failures(collection)),
        )

    def ensure_seeded(self, collection: str, progress: Progress | None = None) -> BulkResult:
        """Fill an empty collection with the demo articles of the seeds folder."""
        if self.store.article_count(collection) or not self.settings.seeds_dir.is_dir():
            return BulkResult((), (), 0)
        return self.add_folder(collection, self.settings.seeds_dir, progress=progress)

    # -- feedback --------------------------------------------------------------------------------

    def record_feedback(self, collection: str, answer: Answer, helpful: bool, user_id: str) -> None:
        """Store a vote on an answer with its quoted chunks and a hash of the voter's id."""
        user_hash = hashlib.sha256(f"articlebot:{user_id}".encode()).hexdigest()[:16]
        self.store.record_feedback(
            collection,
            answer.question,
            helpful,
            [q.chunk_id for q in answer.quotes],
            [s.article_id for s in answer.sources],
            user_hash,
        )

    # -- internals -------------------------------------------------------------------------------

    def _configured_model_name(self) -> str:
        return (
            self._embedder.name
            if self._embedder
            else (self.settings.embedding_model or "all-MiniLM-L6-v2")
        )

    def _check_collection_name(self, collection: str) -> None:
        if not _COLLECTION_NAME.match(collection):
            raise InvalidInput(f"{collection!r} is not a valid collection name")

    def _writer(self, collection: str) -> threading.RLock:
        with self._writers_lock:
            return self._writers.setdefault(collection, threading.RLock())

    def _check_url_duplicate(self, collection: str, canonical_url: str) -> None:
        self._raise_if_duplicate(collection, "", canonical_url)

    def _raise_if_duplicate(
        self, collection: str, text_hash: str, canonical_url: str | None
    ) -> None:
        found = self.store.find_duplicate(collection, text_hash, canonical_url)
        if found:
            raise DuplicateArticle(*found)

    def _require_compatible(
        self, collection: str, model: str | None, dim: int | None, chunker: int | None
    ) -> None:
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

    def _chunk_and_embed(self, title: str, text: str) -> list[NewChunk]:
        drafts = chunk_article(text, title, self.embedder.count_tokens, self.chunking)
        return self._embed_chunks([(title, text, drafts)])[0]

    def _embed_chunks(
        self, articles: Sequence[tuple[str, str, Sequence[ChunkDraft]]]
    ) -> list[list[NewChunk]]:
        """Embed the chunks (title + text) and every sentence of several articles in one batch."""
        # Sentences are embedded at ingest so that choosing quotes costs no model call per
        # question; chunks overlap by a sentence, so each sentence is embedded once.
        texts: list[str] = []
        layout: list[tuple[list[int], list[list[int]]]] = []
        for title, text, drafts in articles:
            chunk_rows = []
            for draft in drafts:
                chunk_rows.append(len(texts))
                texts.append(embedding_text(title, draft.text))
            sentence_row: dict[Span, int] = {}
            sentence_rows = []
            for draft in drafts:
                rows = []
                for span in draft.sentences:
                    if span not in sentence_row:
                        sentence_row[span] = len(texts)
                        texts.append(text[span.start : span.end])
                    rows.append(sentence_row[span])
                sentence_rows.append(rows)
            layout.append((chunk_rows, sentence_rows))
        vectors = self._embed(texts)
        return [
            [
                NewChunk(draft, vectors[chunk_row], vectors[rows])
                for draft, chunk_row, rows in zip(drafts, chunk_rows, sentence_rows, strict=True)
            ]
            for (_, _, drafts), (chunk_rows, sentence_rows) in zip(articles, layout, strict=True)
        ]

    def _embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        embedder = self.embedder
        if not self._cache_vectors:
            return embedder.embed(list(texts))
        keys = [hashlib.sha256(f"{embedder.name}\0{t}".encode()).hexdigest() for t in texts]
        cached = self.store.cached_vectors(keys, embedder.dim)
        missing = [i for i, k in enumerate(keys) if k not in cached]
        if missing:
            fresh = embedder.embed([texts[i] for i in missing])
            self.store.cache_vectors([(keys[i], fresh[j]) for j, i in enumerate(missing)])
            for j, i in enumerate(missing):
                cached[keys[i]] = fresh[j]
        if not texts:
            return np.zeros((0, embedder.dim), dtype=np.float32)
        return np.stack([cached[k] for k in keys]).astype(np.float32)

    def _live_index(self, collection: str) -> LiveIndex | None:
        """Return the collection's indexes once its vectors are known to fit the model."""
        row = self.store.collection(collection)
        if row is None:
            return None
        if row.model is not None:
            self._require_compatible(collection, row.model, row.dim, row.chunker_version)
        return self.indexes.get(collection, row)


def _coverage(lexical: LexicalIndex, question: str, passage: Passage) -> float:
    """Return how much of the question's rare wording the passage (and its title) holds."""
    text = f"{passage.source.title}\n{passage.text}"
    return lexical.coverage(question, text, skip=FUNCTION_WORDS)
