"""The library facade and the workers it delegates adding, bulk adds, asking and reindexing to."""

from retrieval.library.adding import Fetcher
from retrieval.library.conversing import Continues
from retrieval.library.facade import Library

__all__ = ["Continues", "Fetcher", "Library"]
