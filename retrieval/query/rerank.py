"""Optional cross-encoder reranking of search candidates, from a local model folder only."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from retrieval.query.search import Reranker

log = logging.getLogger(__name__)


class CrossEncoderReranker:
    """Score (question, passage) pairs with a sentence-transformers CrossEncoder on the CPU."""

    def __init__(self, path: Path, batch_size: int = 16) -> None:
        from sentence_transformers import CrossEncoder

        self._model = CrossEncoder(str(path), device="cpu", local_files_only=True)
        self._batch_size = batch_size
        # Tokenizers are not safe to share across threads mid-call.
        self._lock = threading.Lock()
        log.info("loaded reranker %s", path)

    def __call__(self, question: str, texts: Sequence[str]) -> list[float]:
        """Return one relevance score per text, higher is better."""
        if not texts:
            return []
        with self._lock:
            scores = self._model.predict(
                [(question, text) for text in texts],
                batch_size=self._batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        flat = scores.reshape(len(texts), -1)
        # A two-label classifier's last column is the "relevant" logit.
        return [float(row[-1]) for row in flat]


def load_reranker(model: str) -> Reranker | None:
    """Return a reranker for a local model folder, or None when none is configured or usable."""
    if not model.strip():
        return None
    path = Path(model).expanduser()
    if not path.is_dir():
        # Never download: a name that is not a local folder is a configuration mistake.
        log.warning("reranker_model %s is not a local folder; searching without reranking", model)
        return None
    return CrossEncoderReranker(path)
