"""The `Embedder` protocol every embedding backend implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """Identify the model; vectors from embedders of different names never mix."""
        ...

    @property
    def dim(self) -> int:
        """Return the vector dimension."""
        ...

    @property
    def max_tokens(self) -> int:
        """Return how many word pieces the model reads before truncating."""
        ...

    def embed(self, texts: list[str]) -> Vectors:
        """Embed texts into an (n, dim) float32 array of unit vectors."""
        ...

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Count each text's word pieces, special tokens included, without truncation."""
        ...


@runtime_checkable
class SpanEmbedder(Protocol):
    """An embedder that also pools vectors for stretches of each text from the same pass."""

    def embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[Vectors]]:
        """Embed texts and, for each, its (start, end) character spans pooled in context.

        Returns the (n, dim) text vectors and, per text, a (len(spans), dim) array whose row is
        all zeros where the span fell outside what the model read (cut off by truncation).
        """
        ...


def normalise(vectors: npt.NDArray[np.floating]) -> Vectors:
    """Scale each row to unit length (zero rows stay zero)."""
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(array / norms, dtype=np.float32)
