"""A small deterministic embedder (hashed word features) for fast tests and benchmarks."""

from __future__ import annotations

import hashlib
import itertools
import re

import numpy as np

from embeddings.base import Vectors, normalise

_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Bag of hashed lower-cased words and word bigrams; similar words give similar vectors."""

    def __init__(self, dim: int = 64, name: str = "hashing-test-embedder") -> None:
        self._dim = dim
        self._name = name

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return 256

    def _bucket(self, feature: str) -> tuple[int, float]:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self._dim, 1.0 if (value >> 32) & 1 else -1.0

    def embed(self, texts: list[str]) -> Vectors:
        """Embed each text as a signed count of hashed word and bigram features."""
        vectors = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in _WORD.findall(text)]
            features = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
            for feature in features:
                bucket, sign = self._bucket(feature)
                vectors[row, bucket] += sign
        return normalise(vectors)

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Approximate word pieces as words plus punctuation plus two special tokens."""
        return [len(re.findall(r"\w+|[^\w\s]", text)) + 2 for text in texts]
