"""Vector stores: the FAISS index file by default, or a Qdrant collection for bigger deployments.

Both keep SQLite as the source of truth; a store only answers "which chunk ids are nearest".
`QdrantStore` subclasses `DenseIndex` so search and the library take either without a change.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from retrieval.index.faiss_store import (
    DenseHits,
    DenseIndex,
    IndexFileError,
    IndexManifest,
    IndexParams,
    VectorBatches,
)

log = logging.getLogger(__name__)

QDRANT_TYPE = "qdrant"
_UPSERT_BATCH = 1024


@runtime_checkable
class VectorStore(Protocol):
    """Nearest-neighbour search over unit vectors addressed by chunk id."""

    dim: int

    def __len__(self) -> int: ...

    @property
    def index_type(self) -> str: ...
    @property
    def exact(self) -> bool: ...

    def add(self, ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None: ...

    def remove(self, ids: npt.NDArray[np.int64]) -> None: ...

    def search(self, query: npt.NDArray[np.float32], k: int) -> DenseHits: ...

    def needs_rebuild(self) -> bool: ...

    def save(self, path: Path, manifest: IndexManifest) -> None: ...


# -- Qdrant ----------------------------------------------------------------------------------------

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def qdrant_client(settings: Any) -> Any:
    """Return the process's Qdrant client: a server at qdrant_url, else local mode in data_dir."""
    from qdrant_client import QdrantClient

    url = settings.qdrant_url
    key = url or str(Path(settings.data_dir).resolve() / "qdrant")
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            if url:
                api_key = settings.qdrant_api_key
                client = QdrantClient(
                    url=url, api_key=api_key.get_secret_value() if api_key else None
                )
            else:
                # Local mode locks its folder: one client per process and path.
                client = QdrantClient(path=key)
            _clients[key] = client
        return client


def close_qdrant_clients() -> None:
    """Close every cached client (tests, shutdown)."""
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def qdrant_collection_name(collection: str) -> str:
    """Name a fresh Qdrant collection for an articlebot collection (one per build)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", collection)[:40]
    digest = hashlib.sha256(collection.encode()).hexdigest()[:8]
    return f"articlebot-{safe}-{digest}-{time.time_ns():x}"


class QdrantStore(DenseIndex):
    """Chunk vectors as payload-less Qdrant points keyed by chunk id."""

    def __init__(self, client: Any, name: str, dim: int, *, create: bool = False) -> None:
        from qdrant_client import models

        # No FAISS index: the base class only lends its type to the callers' signatures.
        self.dim = dim
        self.params = IndexParams()
        self.client = client
        self.name = name
        if create:
            client.create_collection(
                name,
                vectors_config=models.VectorParams(size=dim, distance=models.Distance.DOT),
            )
        elif not client.collection_exists(name):
            raise IndexFileError(f"the Qdrant collection {name} does not exist")

    def __len__(self) -> int:
        return int(self.client.count(self.name, exact=True).count)

    @property
    def index_type(self) -> str:
        return QDRANT_TYPE

    @property
    def exact(self) -> bool:
        """Qdrant keeps full float vectors: its scores are exact cosines."""
        return True

    def needs_rebuild(self) -> bool:
        """Qdrant sizes its own index; nothing to rebuild."""
        return False

    def add(self, ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        """Upsert points in batches."""
        from qdrant_client import models

        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        for start in range(0, len(ids), _UPSERT_BATCH):
            part = slice(start, start + _UPSERT_BATCH)
            self.client.upsert(
                self.name,
                points=models.Batch(
                    ids=[int(i) for i in ids[part]], vectors=vectors[part].tolist()
                ),
                wait=True,
            )

    def remove(self, ids: npt.NDArray[np.int64]) -> None:
        """Delete points by chunk id."""
        from qdrant_client import models

        if len(ids):
            self.client.delete(
                self.name,
                points_selector=models.PointIdsList(points=[int(i) for i in ids]),
                wait=True,
            )

    def search(self, query: npt.NDArray[np.float32], k: int) -> DenseHits:
        """Return the k nearest chunk ids by inner product."""
        if k <= 0:
            return DenseHits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        vector = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        points = self.client.query_points(self.name, query=vector, limit=k).points
        return DenseHits(
            np.asarray([int(p.id) for p in points], dtype=np.int64),
            np.asarray([p.score for p in points], dtype=np.float32),
        )

    def manifest_fields(self) -> dict[str, Any]:
        """Record which Qdrant collection holds the vectors."""
        return {"index_type": QDRANT_TYPE, "deleted": 0, "trained_for": 0, "store": self.name}

    def save(self, path: Path, manifest: IndexManifest) -> None:
        """Write only the manifest: Qdrant persists the points itself."""
        from retrieval.index.faiss_store import write_index_file

        fields = {**manifest.__dict__, **self.manifest_fields(), "count": len(self)}
        write_index_file(path, fields, ())


# -- choosing a store ------------------------------------------------------------------------------


def load_store(settings: Any, path: Path, params: IndexParams) -> tuple[DenseIndex, IndexManifest]:
    """Open the store a manifest file points at; raise IndexFileError when that is unusable."""
    manifest = DenseIndex.read_manifest_or_error(path)
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
    settings: Any,
    collection: str,
    dim: int,
    count: int,
    batches: VectorBatches,
    params: IndexParams,
) -> DenseIndex:
    """Build the configured store from the database's vectors."""
    if settings.vector_store == "qdrant":
        store = QdrantStore(
            qdrant_client(settings), qdrant_collection_name(collection), dim, create=True
        )
        for ids, vectors in batches():
            store.add(ids, vectors)
        return store
    return DenseIndex.build(dim, count, batches, params)


def drop_replaced(settings: Any, old: DenseIndex | None, new: DenseIndex) -> None:
    """Delete a Qdrant collection that a rebuild replaced (FAISS indexes just go away)."""
    if isinstance(old, QdrantStore) and (not isinstance(new, QdrantStore) or old.name != new.name):
        try:
            old.client.delete_collection(old.name)
        except Exception as error:  # noqa: BLE001 - a leftover collection is harmless
            log.warning("could not delete replaced Qdrant collection %s: %s", old.name, error)


def drop_store(settings: Any, path: Path) -> None:
    """Delete the vectors an index file points at when they live outside it (Qdrant)."""
    try:
        manifest = DenseIndex.read_manifest(path)
    except (FileNotFoundError, IndexFileError):
        return
    if manifest.index_type != QDRANT_TYPE or not manifest.store:
        return
    try:
        qdrant_client(settings).delete_collection(manifest.store)
    except Exception as error:  # noqa: BLE001 - the database rows are gone either way
        log.warning("could not delete Qdrant collection %s: %s", manifest.store, error)


def copy_vectors(
    store: DenseIndex, batches: Iterable[tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]]
) -> int:
    """Add every batch to a store; return how many vectors went in."""
    total = 0
    for ids, vectors in batches:
        store.add(ids, vectors)
        total += len(ids)
    return total
