"""Embedder backed by a sentence-transformers model loaded from a local path."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from embeddings.base import Vectors, normalise

log = logging.getLogger(__name__)


class SentenceTransformerEmbedder:
    """Embed with `SentenceTransformer.encode` on the CPU (or the model's device)."""

    def __init__(self, model: str | Path, name: str, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model), device="cpu", local_files_only=True)
        self._name = name
        self._batch_size = batch_size
        dimension_of = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = dimension_of()
        if dim is None:
            raise ValueError(f"model {model} does not report its embedding dimension")
        self._dim = int(dim)
        # Tokenizers are not safe to share across threads mid-call.
        self._lock = threading.Lock()
        log.info("loaded embedding model %s (dim %d)", name, self._dim)

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length or 256)

    def embed(self, texts: list[str]) -> Vectors:
        """Embed texts in batches into unit vectors."""
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                batch_size=self._batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return normalise(vectors)

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Count word pieces with the model's own tokenizer, without its truncation."""
        if not texts:
            return []
        with self._lock:
            encoded = self._model.tokenizer(
                texts, add_special_tokens=True, truncation=False, verbose=False
            )
        return [len(ids) for ids in encoded["input_ids"]]
