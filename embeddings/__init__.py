"""Text embedders: texts in, L2-normalised float32 vectors out."""

from embeddings.base import Embedder
from embeddings.factory import create_embedder

__all__ = ["Embedder", "create_embedder"]
