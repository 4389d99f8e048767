"""Asking: a question checked, passages retrieved and ranked, an answer composed from quotes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from embeddings.base import Vectors
from retrieval.errors import InvalidQuestion
from retrieval.index.bm25 import LexicalIndex
from retrieval.library.access import CollectionAccess
from retrieval.query.answer import FUNCTION_WORDS, AnswerConfig, compose_answer
from retrieval.query.question import as_statement
from retrieval.query.search import Reranker, Retrievers, SearchConfig, hybrid_search
from retrieval.types import Answer, Passage


class Retrieval(NamedTuple):
    """The checked question, its ranked passages, its vector and the BM25 index searched."""

    question: str
    passages: list[Passage]
    query_vector: npt.NDArray[np.float32]
    lexical: LexicalIndex | None


class QuestionAnswerer:
    """Search a collection for a question and answer it with verbatim quotes."""

    def __init__(
        self, access: CollectionAccess, search_config: SearchConfig, answer_config: AnswerConfig
    ) -> None:
        self._access = access
        self._store = access.store
        self._search_config = search_config
        self._answer_config = answer_config
        settings = access.settings
        self._max_question_chars = settings.max_question_chars
        self._normalise_questions = settings.question_normalisation
        self._answer_context = settings.answer_context
        self._reranker_model = settings.reranker_model
        self._reranker: Reranker | None = None
        self._reranker_loaded = False
        self._reranker_lock = threading.Lock()

    def validate_question(self, question: str) -> str:
        """Return the question stripped, or raise InvalidQuestion with the reason."""
        stripped = " ".join((question or "").split())
        if not stripped:
            raise InvalidQuestion("the question is empty: ask something about the articles")
        if len(stripped) > self._max_question_chars:
            raise InvalidQuestion(
                f"the question is {len(stripped):,} characters long; the limit is "
                f"{self._max_question_chars:,}"
            )
        return stripped

    def search(
        self,
        collection: str,
        question: str,
        limit: int | None,
        exclude_articles: frozenset[int],
        retrievers: Retrievers,
        as_of: date | None,
    ) -> Retrieval:
        """Check the question and return its ranked passages, vector and the BM25 index searched."""
        question = self.validate_question(question)
        live = self._access.live_index(collection)
        if live is None or len(live.dense) == 0:
            return Retrieval(question, [], np.zeros(0, dtype=np.float32), None)
        query_text = as_statement(question) if self._normalise_questions else question
        query_vector = self._access.embedder.embed([query_text])[0]
        lexical = self._access.indexes.lexical(collection, live)
        # Single retrievers are the plain baselines: no aggregation, dates or reranking.
        plain = retrievers != "hybrid"
        config = self._search_config
        if plain:
            config = replace(config, article_second_weight=0.0)
        reranker = None if plain else self._get_reranker()
        with live.lock:
            passages = hybrid_search(
                question,
                query_vector,
                live.dense,
                lexical,
                lambda ids: self._store.chunks(collection, ids),
                lambda ids: self._store.chunk_vectors(ids, live.dense.dim),
                config,
                limit=limit,
                exclude_articles=exclude_articles,
                retrievers=retrievers,
                reranker=reranker,
                as_of=None if plain else as_of,
            )
        return Retrieval(question, passages, query_vector, lexical)

    def ask(
        self, collection: str, question: str, exclude_articles: frozenset[int], as_of: date | None
    ) -> Answer:
        """Answer a question with verbatim quotes from the collection's articles."""
        question, passages, query_vector, lexical = self.search(
            collection, question, None, exclude_articles, "hybrid", as_of
        )
        if not passages or lexical is None:
            return Answer(question, found=False, confidence=0.0, quotes=(), sources=())
        considered = passages[: self._answer_config.passages_considered]
        context = self._context(collection, considered) if self._answer_context else []
        return compose_answer(
            question,
            query_vector,
            passages,
            self._sentence_embedder([*considered, *context]),
            self._answer_config,
            coverage=_coverage(lexical, question, passages[0]),
            context=context,
        )

    def _context(self, collection: str, passages: Sequence[Passage]) -> list[Passage]:
        """Return the chunks just before and after the passages, which may hold the answer."""
        by_id = {p.chunk_id: p for p in passages}
        neighbours = self._store.neighbours(collection, list(by_id))
        pairs = [(c, n) for c, n in neighbours if n not in by_id]
        chunks = self._store.chunks(collection, list(dict.fromkeys(n for _, n in pairs)))
        context: dict[int, Passage] = {}
        for chunk_id, neighbour in pairs:
            chunk = chunks.get(neighbour)
            if chunk is None or neighbour in context:
                continue
            # A neighbour borrows the trust of the passage it sits next to.
            context[neighbour] = replace(
                by_id[chunk_id],
                chunk_id=chunk.id,
                start=chunk.start,
                end=chunk.end,
                text=chunk.text,
                sentences=chunk.sentences,
            )
        return list(context.values())

    def _sentence_embedder(self, passages: Sequence[Passage]) -> Callable[[list[str]], Vectors]:
        """Return an embedder for quote candidates that reads stored sentence vectors first."""
        embedder = self._access.embedder
        stored: dict[str, npt.NDArray[np.float32]] = {}
        by_chunk = self._store.sentence_vectors([p.chunk_id for p in passages], embedder.dim)
        for passage in passages:
            vectors = by_chunk.get(passage.chunk_id)
            if vectors is None or len(vectors) != len(passage.sentences):
                continue  # stored before sentence vectors were kept: embedded on demand
            for span, vector in zip(passage.sentences, vectors, strict=True):
                text = passage.text[span.start - passage.start : span.end - passage.start]
                stored[text] = vector

        def embed(texts: list[str]) -> Vectors:
            missing = [t for t in dict.fromkeys(texts) if t not in stored]
            if missing:
                stored.update(zip(missing, embedder.embed(missing), strict=True))
            if not texts:
                return np.zeros((0, embedder.dim), dtype=np.float32)
            return np.stack([stored[t] for t in texts]).astype(np.float32)

        return embed

    def _get_reranker(self) -> Reranker | None:
        """Return the configured cross-encoder, loading it on first use; None when unset."""
        with self._reranker_lock:
            if not self._reranker_loaded:
                from retrieval.query.rerank import load_reranker

                self._reranker = load_reranker(self._reranker_model)
                self._reranker_loaded = True
            return self._reranker


def _coverage(lexical: LexicalIndex, question: str, passage: Passage) -> float:
    """Return how much of the question's rare wording the passage (and its title) holds."""
    text = f"{passage.source.title}\n{passage.text}"
    return lexical.coverage(question, text, skip=FUNCTION_WORDS)
