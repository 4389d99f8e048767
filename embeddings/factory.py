"""Build the configured embedder."""

from __future__ import annotations

import logging

from config import Settings
from embeddings.base import Embedder
from embeddings.default_model import DEFAULT_MODEL_NAME, default_model_path, force_offline

log = logging.getLogger(__name__)


def create_embedder(settings: Settings) -> Embedder:
    """Load the model named in settings, or the bundled default, without network access."""
    force_offline()
    if settings.embedding_threads:
        import torch

        torch.set_num_threads(settings.embedding_threads)
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    if settings.embedding_model:
        return SentenceTransformerEmbedder(
            settings.embedding_model,
            name=settings.embedding_model,
            batch_size=settings.embedding_batch_size,
        )
    return SentenceTransformerEmbedder(
        default_model_path(), name=DEFAULT_MODEL_NAME, batch_size=settings.embedding_batch_size
    )
