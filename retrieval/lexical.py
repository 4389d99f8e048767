"""BM25 keyword index over a collection's chunks (bm25s, English stemming and stop words)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np
import numpy.typing as npt
import Stemmer

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG, which would print index-building chatter to users.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class LexicalHits:
    """BM25 results for one query: chunk ids and scores, best first."""

    ids: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float32]


class LexicalIndex:
    """An immutable BM25 index; rebuilt from the store whenever the collection changes."""

    def __init__(self, ids: Sequence[int], texts: Sequence[str], *, stemming: bool = True) -> None:
        self._ids = np.asarray(ids, dtype=np.int64)
        self._retriever: bm25s.BM25 | None = None
        self._stemmer = _stemmer if stemming else None
        if len(self._ids) == 0:
            return
        tokens = bm25s.tokenize(
            list(texts), stopwords="en", stemmer=self._stemmer, show_progress=False
        )
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        self._retriever = retriever

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, query: str, k: int) -> LexicalHits:
        """Return up to k chunk ids that best match the query's terms."""
        empty = LexicalHits(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        if self._retriever is None or k <= 0:
            return empty
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=self._stemmer, show_progress=False, return_ids=False
        )
        known = [t for t in tokens[0] if t in self._retriever.vocab_dict]
        if not known:
            return empty
        positions, scores = self._retriever.retrieve(
            [known], k=min(k, len(self._ids)), show_progress=False, n_threads=1
        )
        keep = scores[0] > 0
        return LexicalHits(self._ids[positions[0][keep]], scores[0][keep].astype(np.float32))
