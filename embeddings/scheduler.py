"""Embedding as a shared resource: a question's embedding runs ahead of queued ingest batches."""

from __future__ import annotations

import functools
import heapq
import itertools
import threading
from collections.abc import Callable
from enum import IntEnum
from typing import TypeVar

import numpy as np

from embeddings.base import Embedder, SpanEmbedder, Vectors
from embeddings.onnx_backend import token_batches

T = TypeVar("T")

# Texts per ingest slice at most, whatever their length (the ONNX backend's own batch cap).
MAX_SLICE_TEXTS = 128
# Questions served in a row while ingest waits before one ingest slice gets its turn.
MAX_INTERACTIVE_STREAK = 16


class Priority(IntEnum):
    """Who is waiting for the model: a person (first) or ingest work (between its slices)."""

    INTERACTIVE = 0
    BULK = 1


class EmbeddingScheduler:
    """Run one model call at a time, the waiting question first, ingest in bounded slices.

    Work runs on the caller's thread, so its result and its exceptions reach that caller
    only; the scheduler decides whose turn it is. A bulk caller is cut into slices of at most
    `slice_tokens` padded word pieces, so a question waits for one slice, not for an article.
    """

    def __init__(self, embedder: Embedder, *, slice_tokens: int = 8192) -> None:
        self.inner = embedder
        self.slice_tokens = max(slice_tokens, embedder.max_tokens)
        self._turn = threading.Condition()
        self._busy = False
        self._queue: list[tuple[int, int]] = []  # (priority, arrival) of each waiting unit
        self._arrivals = itertools.count()
        self._streak = 0  # interactive units run in a row while a bulk unit waited
        self.interactive = scheduled_view(self, Priority.INTERACTIVE)
        self.bulk = scheduled_view(self, Priority.BULK)

    @property
    def queued(self) -> int:
        """Return how many units are waiting for their turn."""
        with self._turn:
            return len(self._queue)

    def run(self, priority: Priority, work: Callable[[], T]) -> T:
        """Wait for this priority's turn, then run `work` alone on the model."""
        ticket = (int(priority), next(self._arrivals))
        with self._turn:
            heapq.heappush(self._queue, ticket)
            try:
                while self._busy or self._next() != ticket:
                    self._turn.wait()
            except BaseException:
                # A waiter interrupted in line leaves it, so nobody waits behind a ghost.
                self._queue.remove(ticket)
                heapq.heapify(self._queue)
                self._turn.notify_all()
                raise
            self._queue.remove(ticket)
            heapq.heapify(self._queue)
            bulk_waiting = any(p == Priority.BULK for p, _ in self._queue)
            self._streak = self._streak + 1 if priority == Priority.INTERACTIVE else 0
            if not bulk_waiting:
                self._streak = 0
            self._busy = True
        try:
            return work()
        finally:
            with self._turn:
                self._busy = False
                self._turn.notify_all()

    def _next(self) -> tuple[int, int]:
        """Return the unit whose turn it is: the oldest question, unless ingest waited long."""
        if self._streak >= MAX_INTERACTIVE_STREAK:
            bulk = [t for t in self._queue if t[0] == Priority.BULK]
            if bulk:
                return min(bulk)
        return self._queue[0]

    def slices(self, texts: list[str]) -> list[list[int]]:
        """Group text positions into slices of similar length under the token budget."""
        limit = self.inner.max_tokens
        lengths = [min(n, limit) for n in self.inner.count_tokens(texts)]
        return token_batches(lengths, self.slice_tokens, MAX_SLICE_TEXTS)


class ScheduledEmbedder:
    """An `Embedder` whose model calls wait for their turn at one priority."""

    def __init__(self, scheduler: EmbeddingScheduler, priority: Priority) -> None:
        self.scheduler = scheduler
        self.priority = priority
        self.inner = scheduler.inner

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Count word pieces; the tokenizer is not the contended model, so no turn is taken."""
        return self.inner.count_tokens(texts)

    def embed(self, texts: list[str]) -> Vectors:
        """Embed texts in input order; bulk work goes in slices, each taking its own turn."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for part in self._parts(texts):
            chosen = [texts[i] for i in part]
            out[part] = self.scheduler.run(
                self.priority, functools.partial(self.inner.embed, chosen)
            )
        return out

    def _parts(self, texts: list[str]) -> list[list[int]]:
        if not texts:
            return []
        if self.priority == Priority.INTERACTIVE:
            return [list(range(len(texts)))]
        return self.scheduler.slices(texts)


class ScheduledSpanEmbedder(ScheduledEmbedder):
    """A scheduled embedder over one that pools spans, which it schedules the same way."""

    def embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[Vectors]]:
        """Embed texts and pool their spans, slice by slice like `embed`."""
        inner = self.inner
        assert isinstance(inner, SpanEmbedder)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        pooled: list[Vectors] = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        for part in self._parts(texts):
            chosen, chosen_spans = [texts[i] for i in part], [spans[i] for i in part]
            vectors, part_pooled = self.scheduler.run(
                self.priority, functools.partial(inner.embed_spans, chosen, chosen_spans)
            )
            out[part] = vectors
            for position, rows in zip(part, part_pooled, strict=True):
                pooled[position] = rows
        return out, pooled


def scheduled_view(scheduler: EmbeddingScheduler, priority: Priority) -> ScheduledEmbedder:
    """Return the view of a scheduler at a priority, able to pool spans when the model can."""
    if isinstance(scheduler.inner, SpanEmbedder):
        return ScheduledSpanEmbedder(scheduler, priority)
    return ScheduledEmbedder(scheduler, priority)


def scheduler_for(embedder: Embedder, *, slice_tokens: int = 8192) -> EmbeddingScheduler:
    """Return a new scheduler for a model, or the one a scheduled view already belongs to."""
    if isinstance(embedder, ScheduledEmbedder):
        return embedder.scheduler
    return EmbeddingScheduler(embedder, slice_tokens=slice_tokens)
