"""Build the configured embedder."""

from __future__ import annotations

import logging
from pathlib import Path

from config import Settings
from embeddings.base import Embedder
from embeddings.default_model import DEFAULT_MODEL_NAME, default_model_path, force_offline

log = logging.getLogger(__name__)


def model_source(settings: Settings) -> tuple[Path | str, str]:
    """Return the configured model's location and name (the bundled default when unset)."""
    if settings.embedding_model:
        return settings.embedding_model, settings.embedding_model
    return default_model_path(), DEFAULT_MODEL_NAME


def create_embedder(settings: Settings) -> Embedder:
    """Load the model named in settings, or the bundled default, without network access."""
    force_offline()
    source, name = model_source(settings)
    if settings.embedding_backend in ("onnx", "onnx-int8"):
        from embeddings.onnx_backend import OnnxEmbedder

        if not Path(source).is_dir():
            raise ValueError(
                f"the ONNX backend exports a local model folder; {source!r} is not one "
                "(set embedding_backend = 'torch' for hub names)"
            )
        return OnnxEmbedder(
            Path(source),
            name,
            Path(settings.data_dir),
            quantized=settings.embedding_backend == "onnx-int8",
            threads=settings.embedding_threads,
            token_budget=settings.embedding_token_budget,
        )
    if settings.embedding_threads:
        import torch

        torch.set_num_threads(settings.embedding_threads)
    from embeddings.sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(source, name=name, batch_size=settings.embedding_batch_size)
