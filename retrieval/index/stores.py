"""Choosing a vector store: the FAISS index file by default, or a Qdrant collection.

Both keep SQLite as the source of truth; either implements `VectorStore`, which is all that
search and the library see.
"""

from __future__ import annotations

import logging
from pathlib import Path

from config import Settings
from retrieval.index.faiss_store import DenseIndex, IndexParams, VectorBatches
from retrieval.index.manifest import (
    IndexFileError,
    IndexManifest,
    read_manifest,
    read_manifest_or_error,
)
from retrieval.index.protocol import VectorStore
from retrieval.index.qdrant_store import (
    QDRANT_TYPE,
    QdrantStore,
    qdrant_client,
    qdrant_collection_name,
)

log = logging.getLogger(__name__)


def load_store(
    settings: Settings, path: Path, params: IndexParams
) -> tuple[VectorStore, IndexManifest]:
    """Open the store a manifest file points at; raise IndexFileError when that is unusable."""
    manifest = read_manifest_or_error(path)
    wanted = settings.vector_store
    if manifest.index_type == QDRANT_TYPE:
        if wanted != "qdrant":
            raise IndexFileError(f"{path} points at Qdrant but vector_store is {wanted}")
        store = QdrantStore(qdrant_client(settings), manifest.store, manifest.dim)
        if len(store) != manifest.count:
            raise IndexFileError(f"Qdrant collection {manifest.store} does not match {path}")
        return store, manifest
    if wanted == "qdrant":
        raise IndexFileError(f"{path} is a FAISS index but vector_store is qdrant")
    return DenseIndex.load(path, params)


def build_store(
    settings: Settings,
    collection: str,
    dim: int,
    count: int,
    batches: VectorBatches,
    params: IndexParams,
) -> VectorStore:
    """Build the configured store from the database's vectors."""
    if settings.vector_store == "qdrant":
        store = QdrantStore(
            qdrant_client(settings), qdrant_collection_name(collection), dim, create=True
        )
        for ids, vectors in batches():
            store.add(ids, vectors)
        return store
    return DenseIndex.build(dim, count, batches, params)


def drop_replaced(settings: Settings, old: VectorStore | None, new: VectorStore) -> None:
    """Delete a Qdrant collection that a rebuild replaced (FAISS indexes just go away)."""
    if isinstance(old, QdrantStore) and (not isinstance(new, QdrantStore) or old.name != new.name):
        try:
            old.drop()
        except Exception as error:  # noqa: BLE001 - a leftover collection is harmless
            log.warning("could not delete replaced Qdrant collection %s: %s", old.name, error)


def drop_store(settings: Settings, path: Path) -> None:
    """Delete the vectors an index file points at when they live outside it (Qdrant)."""
    try:
        manifest = read_manifest(path)
    except (FileNotFoundError, IndexFileError):
        return
    if manifest.index_type != QDRANT_TYPE or not manifest.store:
        return
    try:
        qdrant_client(settings).delete_collection(manifest.store)
    except Exception as error:  # noqa: BLE001 - the database rows are gone either way
        log.warning("could not delete Qdrant collection %s: %s", manifest.store, error)
