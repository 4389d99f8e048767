"""Composing an answer: which sentences are quoted, and when the answer counts as found."""

from __future__ import annotations

import numpy as np

from embeddings.hashing import HashingEmbedder
from retrieval.query.answer import AnswerConfig, compose_answer
from retrieval.types import Answer, Passage, SourceRef, Span

SOURCE = SourceRef(1, "Harbour council budget", None, None, None)
EMBEDDER = HashingEmbedder()


def _passage(chunk_id: int, start: int, text: str, dense_score: float = 0.6) -> Passage:
    spans, offset = [], start
    for sentence in text.split("|"):
        spans.append(Span(offset, offset + len(sentence)))
        offset += len(sentence) + 1
    return Passage(
        chunk_id=chunk_id,
        source=SOURCE,
        start=start,
        end=offset - 1,
        text=text.replace("|", " "),
        score=1.0,
        dense_score=dense_score,
        dense_rank=1,
        lexical_rank=1,
        sentences=tuple(spans),
    )


QUESTION = "How much will the harbour tram cost?"
TOP = _passage(
    10, 0, "The council met on Tuesday about the harbour tram.|Members argued for hours."
)
NEXT = _passage(11, 78, "The harbour tram will cost 410 million dollars, the council said.")


def _answer(context: tuple[Passage, ...] = (), coverage: float | None = None) -> Answer:
    vector = EMBEDDER.embed([QUESTION])[0]
    return compose_answer(
        QUESTION,
        vector,
        [TOP],
        EMBEDDER.embed,
        AnswerConfig(found_threshold=0.0, coverage_weight=0.75),
        coverage=coverage,
        context=context,
    )


def test_a_sentence_from_the_next_chunk_can_be_quoted_when_context_is_given() -> None:
    without = _answer()
    assert all("410 million" not in q.text for q in without.quotes)
    with_context = _answer((NEXT,))
    best = with_context.quotes[0]
    assert "410 million" in best.text and best.chunk_id == NEXT.chunk_id
    assert (best.start, best.end) == (NEXT.sentences[0].start, NEXT.sentences[0].end)


def test_coverage_moves_confidence_by_its_weight() -> None:
    similar_only = _answer()
    covered = _answer(coverage=1.0)
    uncovered = _answer(coverage=0.0)
    confidences = [a.confidence for a in (uncovered, similar_only, covered)]
    assert confidences == sorted(confidences) and confidences[0] < confidences[2]
    assert np.isclose(covered.confidence - uncovered.confidence, 0.75, atol=1e-3)
