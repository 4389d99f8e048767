"""What every vector store offers: nearest-neighbour search over chunk vectors by chunk id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from retrieval.index.manifest import IndexManifest


@dataclass(frozen=True)
class DenseHits:
    """Search results for one query: chunk ids and cosine scores, best first."""

    ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float32]

    @classmethod
    def empty(cls) -> DenseHits:
        """Return the hits of a search that found nothing."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


@runtime_checkable
class VectorStore(Protocol):
    """Nearest-neighbour search over unit vectors addressed by chunk id.

    SQLite stays the source of truth: a store only answers "which chunk ids are nearest", and
    can always be rebuilt from the database's vectors.
    """

    @property
    def dim(self) -> int:
        """The length of every vector."""
        ...

    @property
    def index_type(self) -> str:
        """The kind of index, as the manifest records it ("flat", "hnsw", "qdrant", …)."""
        ...

    @property
    def exact(self) -> bool:
        """Whether search scores are exact cosines (else callers re-score with stored vectors)."""
        ...

    def __len__(self) -> int:
        """The number of vectors searchable now."""
        ...

    def ids(self) -> npt.NDArray[np.int64] | None:
        """The chunk ids searchable now, in no set order; None where listing them is costly."""
        ...

    def add(self, ids: npt.NDArray[np.int64], vectors: npt.NDArray[np.float32]) -> None:
        """Add vectors under the given chunk ids."""
        ...

    def remove(self, ids: npt.NDArray[np.int64]) -> None:
        """Remove the vectors of these chunk ids."""
        ...

    def search(self, query: npt.NDArray[np.float32], k: int) -> DenseHits:
        """Return the k nearest chunk ids to one query vector, best first."""
        ...

    def needs_rebuild(self) -> bool:
        """Tell whether the store should be rebuilt from the database (size, tombstones)."""
        ...

    def save(self, path: Path, manifest: IndexManifest) -> None:
        """Write the index file that lets a later process open this store again."""
        ...
