"""Searchable copies of a collection: FAISS and Qdrant vector stores, BM25, the live cache."""
