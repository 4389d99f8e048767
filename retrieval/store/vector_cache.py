"""The vector cache: embeddings kept by key so evaluation re-runs skip re-embedding."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from retrieval.store.connection import Database


class VectorCache(Database):
    """Read and write cached vectors by key."""

    def cached_vectors(self, keys: Sequence[str], dim: int) -> dict[str, npt.NDArray[np.float32]]:
        """Return cached vectors for these keys."""
        found: dict[str, npt.NDArray[np.float32]] = {}
        db = self.read()
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            placeholders = ",".join("?" * len(part))
            rows = db.execute(
                f"SELECT key, vector FROM vector_cache WHERE key IN ({placeholders})", tuple(part)
            )
            for key, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape[0] == dim:
                    found[str(key)] = vector
        return found

    def cache_vectors(self, items: Sequence[tuple[str, npt.NDArray[np.float32]]]) -> None:
        """Remember vectors by key."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO vector_cache (key, vector) VALUES (?, ?)",
                [(key, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for key, v in items],
            )
