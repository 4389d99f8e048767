"""The Qdrant vector store: chunk vectors in a Qdrant collection, for bigger deployments."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from config import Settings
from retrieval.index.manifest import IndexFileError, IndexManifest, write_index_file
from retrieval.index.protocol import DenseHits

QDRANT_TYPE = "qdrant"
_UPSERT_BATCH = 1024

_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def qdrant_client(settings: Settings) -> Any:
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


class QdrantStore:
    """Chunk vectors as payload-less Qdrant points keyed by chunk id (a `VectorStore`)."""

    def __init__(self, client: Any, name: str, dim: int, *, create: bool = False) -> None:
        from qdrant_client import models

        self.dim = dim
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

    def ids(self) -> None:
        """Listing every point costs a full scroll; the count and sampled vectors are checked."""
        return None

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
            return DenseHits.empty()
        vector = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        points = self.client.query_points(self.name, query=vector, limit=k).points
        return DenseHits(
            np.asarray([int(p.id) for p in points], dtype=np.int64),
            np.asarray([p.score for p in points], dtype=np.float32),
        )

    def save(self, path: Path, manifest: IndexManifest) -> None:
        """Write only the manifest, naming the collection: Qdrant persists the points itself."""
        fields = asdict(manifest) | {
            "index_type": QDRANT_TYPE,
            "deleted": 0,
            "trained_for": 0,
            "store": self.name,
            "count": len(self),
        }
        write_index_file(path, fields, ())

    def drop(self) -> None:
        """Delete the Qdrant collection and its points."""
        self.client.delete_collection(self.name)
