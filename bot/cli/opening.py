"""How commands open a `Library`: the one place tests replace to share a loaded model."""

from __future__ import annotations

from config import Settings
from retrieval.library import Library


def open_library(settings: Settings) -> Library:
    """Open the library of the configured data directory."""
    return Library(settings)


def open_eval_library(settings: Settings) -> Library:
    """Open a library for evaluation, which keeps vectors cached between runs."""
    return Library(settings, cache_vectors=True)
