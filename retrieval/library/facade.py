"""`Library`: the one facade the bot and the CLI use to add, list, remove, ask and reindex."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from config import Settings
from embeddings import Embedder
from retrieval.errors import ArticlebotError
from retrieval.index.live import LiveIndex
from retrieval.ingest.chunking import CHUNKER_VERSION, ChunkingConfig
from retrieval.ingest.encoding import ChunkEncoder
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.fetch import fetch_url_sync
from retrieval.ingest.nearduplicates import CopyThresholds
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.library.access import CollectionAccess
from retrieval.library.adding import ArticleAdder, Fetcher, TextMetadata
from retrieval.library.asking import Gathered, QuestionAnswerer
from retrieval.library.attributing import SpeakerFiller
from retrieval.library.bulk import BATCH_CHUNKS, BulkAdder
from retrieval.library.conversing import ConversationConfig, Conversations, user_hash
from retrieval.library.feeds import FeedKeeper
from retrieval.library.gaps import GapFinder
from retrieval.library.reindexing import Reindexer
from retrieval.library.removing import ArticleRemover
from retrieval.library.server_settings import ServerSettingsKeeper
from retrieval.library.servers import ServerFeatures
from retrieval.library.syndication import StoryFiller, StoryLinker
from retrieval.library.tagging import EntityFiller
from retrieval.query.answer import AnswerConfig, Scorers
from retrieval.query.search import Retrievers, SearchConfig
from retrieval.types import (
    AddResult,
    Answer,
    Article,
    ArticleDraft,
    ArticleSummary,
    BulkResult,
    CollectionStatus,
    Passage,
    Progress,
    ReindexResult,
    StoryCopy,
)


class Library(ServerFeatures):
    """Articles and their indexes under one data directory, in named collections."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        cache_vectors: bool = False,
        fetcher: Fetcher = fetch_url_sync,
    ) -> None:
        self.settings = settings
        self._access = CollectionAccess(settings, embedder)
        self.data_dir = self._access.data_dir
        self.store = self._access.store
        self.indexes = self._access.indexes
        self.chunking = ChunkingConfig.from_settings(settings)
        self.search_config = SearchConfig.from_settings(settings)
        self.answer_config = AnswerConfig.from_settings(settings)
        self._tagger = EntityTagger.from_settings(settings)
        self._attributor = SpeakerAttributor.from_settings(settings)
        encoder = ChunkEncoder(
            # Ingest embeds at bulk priority: a question goes ahead of its remaining slices.
            lambda: self._access.bulk_embedder,
            self.chunking,
            self.store if cache_vectors else None,
            in_context=settings.sentence_vectors == "in-context",
            context_share=settings.sentence_context_share,
            tagger=self._tagger if self._tagger.enabled else None,
            attributor=self._attributor if self._attributor.enabled else None,
        )
        self._adder = ArticleAdder(self._access, encoder, fetcher)
        self._bulk = BulkAdder(self._access, self._adder)
        self._answerer = QuestionAnswerer(self._access, self.search_config, self.answer_config)
        self._reindexer = Reindexer(self._access, encoder)
        self._remover = ArticleRemover(self._access)
        self._filler = EntityFiller(self._access, self._tagger)
        self._feeds = FeedKeeper(self._access, self._adder, self._bulk)
        self._conversations = Conversations(
            self._access, self._answerer, ConversationConfig.from_settings(settings)
        )
        self._server_settings = ServerSettingsKeeper(self.store, settings)
        self._gaps = GapFinder(self.store, lambda c, q: self.search(c, q), self._answer_today)
        thresholds = CopyThresholds.from_settings(settings)
        self._stories = StoryFiller(self._access, StoryLinker(self.store, thresholds))
        self._speaker_filler = SpeakerFiller(self._access, self._attributor)

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        """Return the embedder, loading the model on first use."""
        return self._access.embedder

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

    def live_index(self, collection: str) -> LiveIndex | None:
        """Return the collection's indexes once its vectors are known to fit the model."""
        return self._access.live_index(collection)

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
        meta = TextMetadata(title, url, outlet, author, published)
        return self._adder.add_text(collection, text, meta, added_by)

    def add_url(self, collection: str, url: str, *, added_by: str | None = None) -> AddResult:
        """Fetch a web page or PDF safely, extract the article and add it."""
        return self._adder.add_url(collection, url, added_by)

    def add_file(self, collection: str, path: Path, *, added_by: str | None = None) -> AddResult:
        """Add a .txt, .md, .html or .pdf file (with an optional JSON sidecar of metadata)."""
        return self._adder.add_file(collection, path, added_by)

    def add_bytes(
        self, collection: str, data: bytes, filename: str, *, added_by: str | None = None
    ) -> AddResult:
        """Add an uploaded file's bytes, typed by its file name."""
        return self._adder.add_bytes(collection, data, filename, added_by)

    def add_draft(
        self, collection: str, draft: ArticleDraft, *, added_by: str | None = None
    ) -> AddResult:
        """Chunk, embed and store an extracted article, refusing duplicates."""
        return self._adder.add_draft(collection, draft, added_by)

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
        return self._bulk.add_folder(collection, folder, added_by, progress)

    def add_drafts(
        self,
        collection: str,
        items: Iterable[ArticleDraft | ArticlebotError],
        *,
        added_by: str | None = None,
        progress: Progress | None = None,
        total: int | None = None,
        batch_chunks: int = BATCH_CHUNKS,
    ) -> BulkResult:
        """Add many articles, embedding across articles in large batches; resumable."""
        return self._bulk.add_drafts(collection, items, added_by, progress, total, batch_chunks)

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
        return self._bulk.add_urls(collection, urls, added_by, progress, fetch_workers)

    # -- reading ---------------------------------------------------------------------------------

    def get(self, collection: str, article_id: int) -> Article:
        """Return an article, by its number in the collection, with its text."""
        return self.store.numbered(collection, article_id)

    def articles(
        self, collection: str, *, offset: int = 0, limit: int | None = None
    ) -> list[ArticleSummary]:
        """Return the collection's articles, newest first."""
        return self.store.articles(collection, offset=offset, limit=limit)

    def count(self, collection: str) -> int:
        """Return how many articles the collection holds."""
        return self.store.article_count(collection)

    def titles(self, collection: str) -> list[tuple[int, str]]:
        """Return (number, title) of every article, newest first."""
        return self.store.titles(collection)

    def collections(self) -> list[str]:
        """Return every collection's name."""
        return self.store.collection_names()

    # -- removing --------------------------------------------------------------------------------

    def remove(self, collection: str, article_id: int) -> ArticleSummary:
        """Remove an article (by its number in the collection) and its chunks."""
        return self._remover.remove(collection, article_id)

    def delete_collection(self, collection: str, *, for_good: bool = False) -> None:
        """Delete a whole collection; `for_good` (its server left) refuses adds in flight."""
        self._remover.delete_collection(collection, for_good=for_good)

    def welcome_back(self, collection: str) -> None:
        """Let a collection whose server returned take articles again."""
        self._remover.welcome_back(collection)

    def purge_departed(self, present: Collection[str], prefix: str, grace: timedelta) -> list[str]:
        """Remove `prefix` collections missing from `present` for longer than `grace`."""
        return self._remover.purge_departed(present, prefix, grace)

    # -- asking ----------------------------------------------------------------------------------

    def validate_question(self, question: str) -> str:
        """Return the question stripped, or raise InvalidQuestion with the reason."""
        return self._answerer.validate_question(question)

    def ask(
        self,
        collection: str,
        question: str,
        *,
        exclude_articles: frozenset[int] = frozenset(),
        as_of: date | None = None,
        threshold: float | None = None,
    ) -> Answer:
        """Answer a question with verbatim quotes from the collection's articles.

        `threshold` replaces the configured "not found" confidence for this question.
        """
        return self._answerer.ask(
            collection, question, exclude_articles, as_of, threshold=threshold
        )

    def _answer_today(self, collection: str, question: str) -> Answer:
        """Answer as the collection's members are answered today, under its own threshold."""
        threshold = self.server_settings(collection).chosen_threshold
        today = datetime.now(UTC).date()  # as a member asking now: Discord times are UTC
        return self.ask(collection, question, as_of=today, threshold=threshold)

    def gather(
        self,
        collection: str,
        question: str,
        *,
        exclude_articles: frozenset[int] = frozenset(),
        as_of: date | None = None,
        learned: bool | None = None,
    ) -> Gathered | None:
        """Return what an answer would be composed from (training reads it); None if nothing."""
        return self._answerer.gather(collection, question, exclude_articles, as_of, learned)

    @property
    def scorers(self) -> Scorers | None:
        """The learned scorers answers use; None when the hand-set weights decide."""
        return self._answerer.scorers

    def use_scorers(self, scorers: Scorers | None) -> None:
        """Answer with these scorers from now on (training swaps in the models it fits)."""
        self._answerer.use_scorers(scorers)

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
        found = self._answerer.search(
            collection, question, limit, exclude_articles, retrievers, as_of
        )
        return found.passages

    # -- reindexing ------------------------------------------------------------------------------

    def reindex(self, collection: str, *, progress: Progress | None = None) -> ReindexResult:
        """Re-chunk and re-embed every article into a new generation, then switch to it."""
        self._access.check_name(collection)
        result = self._reindexer.reindex(collection, progress)
        self._stories.fill(collection, None)  # articles stored before syndication existed
        return result

    def fill_entities(self, collection: str, *, progress: Progress | None = None) -> int:
        """Tag the passages that lack named entities in place, without re-embedding anything."""
        self._access.check_name(collection)
        return self._filler.fill(collection, progress)

    def migrate_vectors(self, collection: str, to: str) -> int:
        """Copy a collection's stored vectors into another store and point its index file there."""
        return self._reindexer.migrate_vectors(collection, to)

    # -- status ----------------------------------------------------------------------------------

    def status(self, collection: str) -> CollectionStatus:
        """Report articles, chunks, model, index health, last ingest and recent failures."""
        self._access.check_name(collection)
        row = self.store.ensure_collection(collection)
        chunks = self.store.chunk_count(collection, row.generation)
        loaded = self._access.loaded_embedder
        return CollectionStatus(
            collection=collection,
            articles=self.store.article_count(collection),
            chunks=chunks,
            model=row.model or self._configured_model_name(),
            dim=row.dim or 0,
            chunker_version=row.chunker_version or CHUNKER_VERSION,
            index=self.indexes.health(
                collection, row.generation, row.revision, chunks, loaded.name if loaded else None
            ),
            last_ingest=self.store.last_ingest(collection),
            recent_failures=tuple(self.store.recent_failures(collection)),
            # With entities switched off, passages without them are what was asked for.
            chunks_without_entities=(
                self.store.chunks_without_entities(collection) if self._tagger.enabled else 0
            ),
            articles_without_story=self.store.count_without_story(collection),
            stories_with_copies=len(self.store.story_counts(collection)),
            chunks_without_speakers=(
                self.store.chunks_without_speakers(collection) if self._attributor.enabled else 0
            ),
        )

    def record_failure(self, collection: str, source: str, reason: str) -> None:
        """Remember an add that failed (one made outside a bulk add) for `status` to list."""
        self.store.record_failure(collection, source, reason)

    def ensure_seeded(self, collection: str, progress: Progress | None = None) -> BulkResult:
        """Fill an empty collection with the demo articles of the seeds folder."""
        if self.store.article_count(collection) or not self.settings.seeds_dir.is_dir():
            return BulkResult((), (), 0)
        return self.add_folder(collection, self.settings.seeds_dir, progress=progress)

    # -- feedback --------------------------------------------------------------------------------

    def record_feedback(self, collection: str, answer: Answer, helpful: bool, user_id: str) -> None:
        """Store a vote on an answer with its quoted chunks and a hash of the voter's id."""
        self.store.record_feedback(
            collection,
            answer.question,
            helpful,
            [q.chunk_id for q in answer.quotes],
            [s.article_id for s in answer.sources],
            user_hash(user_id),
        )

    def _configured_model_name(self) -> str:
        loaded = self._access.loaded_embedder
        return loaded.name if loaded else (self.settings.embedding_model or "all-MiniLM-L6-v2")

    # -- syndication -----------------------------------------------------------------------------

    def fill_stories(self, collection: str, *, progress: Progress | None = None) -> int:
        """Link the articles stored without a story to their copies, without re-embedding."""
        return self._stories.fill(collection, progress)

    def story_copies(self, collection: str, number: int) -> tuple[StoryCopy, ...]:
        """Return every copy of the story of article #number, earliest first; () when alone."""
        key = self.store.numbered(collection, number).summary.key
        return self.store.story_copies(collection, [key]).get(key, ())

    def story_sizes(self, collection: str) -> list[int]:
        """Return how many copies each story with more than one holds, largest first."""
        return self.store.story_counts(collection)

    def with_copies(self, collection: str, keys: Collection[int]) -> frozenset[int]:
        """Return the row ids given with those of every other copy of their stories."""
        copies = self.store.story_copies(collection, keys)
        return frozenset(keys) | {c.key for story in copies.values() for c in story}

    # -- speakers --------------------------------------------------------------------------------

    def fill_speakers(self, collection: str, *, progress: Progress | None = None) -> int:
        """Attribute the speakers of passages stored without them, without re-embedding."""
        self._access.check_name(collection)
        return self._speaker_filler.fill(collection, progress)
