"""Adding articles one at a time: from text, a URL, a file or bytes, deduplicated and stored."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.errors import ArticlebotError, DuplicateArticle, InvalidInput
from retrieval.ingest.chunking import CHUNKER_VERSION
from retrieval.ingest.encoding import ChunkEncoder
from retrieval.ingest.extract import (
    extract_bytes,
    extract_document,
    extract_file,
    extract_plain_text,
)
from retrieval.ingest.fetch import FetchedDocument, FetchPolicy
from retrieval.ingest.nearduplicates import CopyThresholds, Fingerprint, fingerprint
from retrieval.ingest.urls import canonicalize_url, validate_url
from retrieval.library.access import CollectionAccess
from retrieval.library.syndication import StoryLinker
from retrieval.store.sqlite import NewChunk, content_hash
from retrieval.types import AddResult, ArticleDraft, ChunkDraft

log = logging.getLogger(__name__)

# Downloads a URL under a policy; the library is given one so tests need no network.
Fetcher = Callable[[str, FetchPolicy], FetchedDocument]


@dataclass
class PreparedArticle:
    """An article tidied, checked against the stored ones and chunked, waiting to be embedded."""

    draft: ArticleDraft
    text_hash: str
    chunks: list[ChunkDraft]
    article_id: int | None = None  # set once stored
    fingerprint: Fingerprint | None = None  # what finds its story's other copies


@dataclass(frozen=True)
class TextMetadata:
    """What a person may say about pasted text; each given field wins over the extracted one."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None


class ArticleAdder:
    """Turn one article from any source into stored chunks, vectors and index entries."""

    def __init__(self, access: CollectionAccess, encoder: ChunkEncoder, fetcher: Fetcher) -> None:
        self._access = access
        self._store = access.store
        self._encoder = encoder
        self._fetcher = fetcher
        self._fetch_policy = FetchPolicy.from_settings(access.settings)
        self._max_file_bytes = access.settings.max_file_bytes
        self._extract_timeout_s = access.settings.extract_timeout_s
        self._stories = StoryLinker(access.store, CopyThresholds.from_settings(access.settings))

    def add_text(
        self, collection: str, text: str, meta: TextMetadata, added_by: str | None
    ) -> AddResult:
        """Add pasted text as an article; the title falls back to one taken from the text."""
        if not text or not text.strip():
            raise InvalidInput("the article text is empty")
        draft = extract_plain_text(text)
        draft = replace(
            draft,
            title=(meta.title or "").strip() or draft.title,
            url=meta.url or draft.url,
            canonical_url=meta.url or draft.canonical_url,
            outlet=meta.outlet or draft.outlet,
            author=meta.author or draft.author,
            published=meta.published or draft.published,
            source="text",
        )
        return self.add_draft(collection, draft, added_by)

    def add_url(self, collection: str, url: str, added_by: str | None) -> AddResult:
        """Fetch a web page or PDF safely, extract the article and add it."""
        return self.add_draft(collection, self.fetch_draft(collection, url), added_by)

    def add_file(self, collection: str, path: Path, added_by: str | None) -> AddResult:
        """Add a .txt, .md, .html or .pdf file (with an optional JSON sidecar of metadata)."""
        return self.add_draft(collection, self.read_file(path), added_by)

    def add_bytes(
        self, collection: str, data: bytes, filename: str, added_by: str | None
    ) -> AddResult:
        """Add an uploaded file's bytes, typed by its file name."""
        draft = extract_bytes(data, filename, self._max_file_bytes)
        return self.add_draft(collection, draft, added_by)

    def add_draft(self, collection: str, draft: ArticleDraft, added_by: str | None) -> AddResult:
        """Chunk, embed and store an extracted article, refusing duplicates."""
        self._access.ready_for_writes(collection)
        pending = self.prepare(collection, draft, set())
        self.embed_and_store(collection, [pending], added_by)
        if pending.article_id is None:  # someone added it while it was being embedded
            self._raise_if_duplicate(collection, pending.text_hash, pending.draft.canonical_url)
            raise InvalidInput("the article could not be stored")
        log.info("added #%d %r to %s", pending.article_id, pending.draft.title, collection)
        return AddResult(self._store.article(collection, pending.article_id).summary)

    def read_file(self, path: Path) -> ArticleDraft:
        """Extract the article of a file within the size limit."""
        return extract_file(path, self._max_file_bytes)

    def fetch_draft(self, collection: str, url: str) -> ArticleDraft:
        """Fetch and extract a URL not already in the collection; failures name the URL."""
        try:
            validate_url(url, allowed_ports=self._fetch_policy.allowed_ports)
            # A stored URL is not fetched again: this is what makes a bulk add resumable.
            self._raise_if_duplicate(collection, "", canonicalize_url(url))
            document = self._fetcher(url, self._fetch_policy)
            return extract_document(
                document.body,
                document.content_type,
                document.charset,
                document.final_url,
                timeout_s=self._extract_timeout_s,
            )
        except ArticlebotError as error:
            error.source = url
            raise

    def prepare(self, collection: str, item: ArticleDraft, hashes: set[str]) -> PreparedArticle:
        """Tidy an article's metadata, refuse it if stored or among `hashes`, and chunk it."""
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
        chunks = self._encoder.chunk(draft.title, draft.text)
        return PreparedArticle(draft, text_hash, chunks, fingerprint=fingerprint(draft.text))

    def embed_and_store(
        self, collection: str, batch: Sequence[PreparedArticle], added_by: str | None
    ) -> None:
        """Embed prepared articles in one batch and store them; sets the ids of those stored."""
        embedded = self._encoder.encode([(p.draft.title, p.draft.text, p.chunks) for p in batch])
        self._commit(collection, batch, embedded, added_by)

    def _commit(
        self,
        collection: str,
        batch: Sequence[PreparedArticle],
        embedded: Sequence[Sequence[NewChunk]],
        added_by: str | None,
    ) -> None:
        """Store embedded articles in one transaction; set the ids of those not already there."""
        embedder = self._access.embedder
        store = self._store
        with self._access.writer(collection):
            store.ensure_collection(collection)
            ids: list[int] = []
            vectors: list[npt.NDArray[np.float32]] = []
            with store.transaction() as db:
                # Read inside the transaction: a reindex in another process may have switched
                # generations since, and chunks of a dropped generation would never be found.
                row = store.collection(collection)
                if row is None:
                    raise InvalidInput(f"the collection {collection} was deleted meanwhile")
                self._access.require_compatible(collection, row.model, row.dim, row.chunker_version)
                for pending, chunks in zip(batch, embedded, strict=True):
                    draft = pending.draft
                    if store.find_duplicate(collection, pending.text_hash, draft.canonical_url):
                        continue  # added by someone else since it was prepared
                    pending.article_id = store.insert_article(
                        db, collection, draft, pending.text_hash, added_by
                    )
                    # Near-duplicates are stored: a copy from another outlet joins its story.
                    self._stories.link(db, collection, pending.article_id, pending.fingerprint)
                    ids += store.insert_chunks(
                        db, collection, row.generation, pending.article_id, chunks
                    )
                    vectors += [chunk.vector for chunk in chunks]
                if row.model is None:
                    store.set_model(db, collection, embedder.name, embedder.dim, CHUNKER_VERSION)
                revision = store.bump_revision(db, collection)
            added = np.stack(vectors) if vectors else None
            self._access.indexes.apply(
                collection, row.generation, revision, ids, added, removed=None
            )

    def _raise_if_duplicate(
        self, collection: str, text_hash: str, canonical_url: str | None
    ) -> None:
        found = self._store.find_duplicate(collection, text_hash, canonical_url)
        if found:
            raise DuplicateArticle(*found)
