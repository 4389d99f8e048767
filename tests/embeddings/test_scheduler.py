"""The embedding scheduler: questions go ahead of queued ingest slices, results unchanged."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from embeddings.base import SpanEmbedder, Vectors
from embeddings.hashing import HashingEmbedder
from embeddings.scheduler import (
    MAX_INTERACTIVE_STREAK,
    EmbeddingScheduler,
    Priority,
    ScheduledEmbedder,
)


class RecordingEmbedder(HashingEmbedder):
    """Hashing vectors; records each model call and can hold one call until released."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, ...]] = []
        self.hold_on: str | None = None  # a call holding this text waits for `release`
        self.holding = threading.Event()
        self.release = threading.Event()
        self.fail_on: str | None = None

    def embed(self, texts: list[str]) -> Vectors:
        self.calls.append(tuple(texts))
        if self.hold_on in texts:
            self.holding.set()
            assert self.release.wait(30)
        if self.fail_on in texts:
            raise RuntimeError(f"model failed on {self.fail_on}")
        return super().embed(texts)

    def embed_spans(
        self, texts: list[str], spans: list[list[tuple[int, int]]]
    ) -> tuple[Vectors, list[Vectors]]:
        """Pool a span as the hashing vector of its own characters."""
        pooled = [
            super(RecordingEmbedder, self).embed([text[a:b] for a, b in text_spans])
            for text, text_spans in zip(texts, spans, strict=True)
        ]
        return self.embed(texts), pooled

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [200] * len(texts)  # two never fit the smallest slice (max_tokens, 256)


def _in_thread(work: Callable[[], object]) -> tuple[threading.Thread, dict[str, object]]:
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def _wait_queued(scheduler: EmbeddingScheduler, count: int) -> None:
    """Wait (not a timing assertion) until `count` callers stand in line."""
    deadline = time.monotonic() + 30
    while scheduler.queued < count:
        assert time.monotonic() < deadline, "the caller never queued"
        time.sleep(0.001)


def _ingest_texts() -> list[str]:
    return ["ingest zero"] + [f"ingest {n}" for n in range(1, 5)]


def _ask_during_ingest(
    model: RecordingEmbedder,
    scheduler: EmbeddingScheduler,
    question: str,
    ingest: Callable[[], object] | None = None,
    *,
    fail_on: str | None = None,
) -> tuple[dict[str, object], dict[str, object]]:
    """Hold the ingest's first slice in the model, ask `question` meanwhile, then let both end.

    `ingest` defaults to embedding `_ingest_texts()` in bulk; a model call holding `fail_on`
    raises. Returns the (ingested, asked) outcomes.
    """
    model.hold_on = "ingest zero"
    model.fail_on = fail_on
    ingesting, ingested = _in_thread(ingest or (lambda: scheduler.bulk.embed(_ingest_texts())))
    assert model.holding.wait(30)
    asking, asked = _in_thread(lambda: scheduler.interactive.embed([question]))
    _wait_queued(scheduler, 1)  # the question, while the first slice runs
    model.release.set()
    ingesting.join(30)
    asking.join(30)
    return ingested, asked


@pytest.fixture
def model() -> RecordingEmbedder:
    return RecordingEmbedder()


@pytest.fixture
def scheduler(model: RecordingEmbedder) -> EmbeddingScheduler:
    # The smallest budget (the model's 256 tokens) holds one 200-token text per slice.
    return EmbeddingScheduler(model, slice_tokens=0)


def test_a_question_asked_during_an_ingest_runs_before_its_remaining_slices(
    model: RecordingEmbedder, scheduler: EmbeddingScheduler
) -> None:
    ingested, asked = _ask_during_ingest(model, scheduler, "when is the vote")
    assert model.calls[0] == ("ingest zero",)
    assert model.calls[1] == ("when is the vote",)
    assert model.calls[2:] == [(t,) for t in _ingest_texts()[1:]]
    assert "error" not in ingested and "error" not in asked


def test_scheduled_vectors_equal_unscheduled_ones_in_input_order() -> None:
    plain = HashingEmbedder()
    texts = [("word " * n).strip() + f" {n}" for n in (40, 3, 17, 1, 90, 8, 3)]
    scheduler = EmbeddingScheduler(plain, slice_tokens=256)
    assert len(scheduler.slices(texts)) > 1
    np.testing.assert_array_equal(scheduler.bulk.embed(texts), plain.embed(texts))
    np.testing.assert_array_equal(scheduler.interactive.embed(texts), plain.embed(texts))
    assert scheduler.bulk.embed([]).shape == (0, plain.dim)


def test_spans_are_pooled_through_the_same_line(
    model: RecordingEmbedder, scheduler: EmbeddingScheduler
) -> None:
    texts = _ingest_texts()
    spans = [[(0, 6), (7, len(t))] for t in texts]
    bulk = scheduler.bulk
    assert isinstance(bulk, SpanEmbedder)
    pooled, _ = _ask_during_ingest(
        model, scheduler, "a question", lambda: bulk.embed_spans(texts, spans)
    )
    assert model.calls[:2] == [("ingest zero",), ("a question",)]
    expected = RecordingEmbedder().embed_spans(texts, spans)
    result = pooled["result"]
    assert isinstance(result, tuple)
    np.testing.assert_array_equal(result[0], expected[0])
    for got, want in zip(result[1], expected[1], strict=True):
        np.testing.assert_array_equal(got, want)


def test_a_model_without_span_pooling_gets_views_without_it() -> None:
    scheduler = EmbeddingScheduler(HashingEmbedder())
    assert isinstance(scheduler.bulk, ScheduledEmbedder)
    assert not isinstance(scheduler.bulk, SpanEmbedder)


def test_an_ingest_failure_reaches_the_ingest_and_the_waiting_question_is_served(
    model: RecordingEmbedder, scheduler: EmbeddingScheduler
) -> None:
    ingested, asked = _ask_during_ingest(model, scheduler, "still answered", fail_on="ingest zero")
    assert isinstance(ingested.get("error"), RuntimeError)
    assert isinstance(asked.get("result"), np.ndarray)
    # The failed ingest gave up its remaining slices instead of running them.
    assert model.calls == [("ingest zero",), ("still answered",)]


def test_a_question_failure_reaches_the_question_and_ingest_carries_on(
    model: RecordingEmbedder, scheduler: EmbeddingScheduler
) -> None:
    ingested, asked = _ask_during_ingest(model, scheduler, "bad question", fail_on="bad question")
    assert isinstance(asked.get("error"), RuntimeError)
    result = ingested.get("result")
    assert isinstance(result, np.ndarray)
    np.testing.assert_array_equal(result, HashingEmbedder().embed(_ingest_texts()))


def test_a_caller_interrupted_in_line_leaves_it() -> None:
    scheduler = EmbeddingScheduler(HashingEmbedder())
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        release.wait(30)

    first, _ = _in_thread(lambda: scheduler.run(Priority.BULK, hold))
    assert holding.wait(30)

    class Interrupted(BaseException):
        pass

    def interrupted_wait(*_: object) -> bool:
        raise Interrupted

    scheduler._turn.wait = interrupted_wait  # type: ignore[method-assign,assignment]
    with pytest.raises(Interrupted):
        scheduler.run(Priority.INTERACTIVE, lambda: None)
    assert scheduler.queued == 0
    del scheduler._turn.wait
    release.set()
    first.join(30)
    assert scheduler.run(Priority.INTERACTIVE, lambda: "served") == "served"


def test_a_stream_of_questions_lets_a_waiting_ingest_slice_through(
    model: RecordingEmbedder, scheduler: EmbeddingScheduler
) -> None:
    model.hold_on = "first question"
    first, _ = _in_thread(lambda: scheduler.interactive.embed(["first question"]))
    assert model.holding.wait(30)
    ingest, _ = _in_thread(lambda: scheduler.bulk.embed(["ingest zero"]))
    _wait_queued(scheduler, 1)
    questions = []
    for n in range(MAX_INTERACTIVE_STREAK + 4):
        ask = functools.partial(scheduler.interactive.embed, [f"q{n}"])
        questions.append(_in_thread(ask)[0])
        _wait_queued(scheduler, n + 2)
    model.release.set()
    for thread in [first, ingest, *questions]:
        thread.join(30)
    position = model.calls.index(("ingest zero",))
    # Questions go first, but not forever: the ingest got its turn before the stream ended.
    assert MAX_INTERACTIVE_STREAK <= position < len(model.calls) - 1
