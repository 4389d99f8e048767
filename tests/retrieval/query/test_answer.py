"""Composing an answer: which sentences are quoted, and when the answer counts as found."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from embeddings.hashing import HashingEmbedder
from retrieval.query.answer import (
    CONFIDENCE_FEATURES,
    AnswerConfig,
    Evidence,
    Lexicon,
    Scorers,
    compose_answer,
)
from retrieval.query.features import FEATURES
from retrieval.query.scoring import LogisticModel
from retrieval.types import Answer, Entity, Passage, SourceRef, Span

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
        Evidence(coverage=coverage, context=context),
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


def _tagged(passage: Passage, entities: tuple[tuple[Entity, ...], ...]) -> Passage:
    return replace(passage, entities=entities)


def _scorers(weights: dict[str, float], threshold: float = 0.5) -> Scorers:
    """A sentence model that weighs only the named features, and a confidence that trusts it."""
    sentence = LogisticModel(
        features=FEATURES,
        mean=(0.0,) * len(FEATURES),
        scale=(1.0,) * len(FEATURES),
        weights=tuple(weights.get(name, 0.0) for name in FEATURES),
        bias=-1.0,
    )
    confidence = LogisticModel(
        features=CONFIDENCE_FEATURES,
        mean=(0.0,) * len(CONFIDENCE_FEATURES),
        scale=(1.0,) * len(CONFIDENCE_FEATURES),
        weights=tuple(1.0 if name == "best_logit" else 0.0 for name in CONFIDENCE_FEATURES),
        bias=0.0,
        info={"threshold": threshold},
    )
    return Scorers(sentence, confidence)


LEXICON = Lexicon(
    {"harbour": 1.0, "tram": 2.0, "cost": 1.0}, lambda text: set(text.lower().split())
)
# "Members argued for hours." has no amount; the tram sentence holds one.
AMOUNT = Entity("MONEY", 105, 124)


def _learned(scorers: Scorers, with_entities: bool = True) -> Answer:
    top = _tagged(TOP, ((), ())) if with_entities else TOP
    following = _tagged(NEXT, ((AMOUNT,),)) if with_entities else NEXT
    vector = EMBEDDER.embed([QUESTION])[0]
    return compose_answer(
        QUESTION,
        vector,
        [top, following],
        EMBEDDER.embed,
        AnswerConfig(found_threshold=0.0),
        Evidence(lexicon=LEXICON),
        scorers,
    )


def test_the_learned_scorer_quotes_the_sentence_holding_what_the_question_asks_for() -> None:
    assert NEXT.text[AMOUNT.start - NEXT.start : AMOUNT.end - NEXT.start] == "410 million dollars"
    answer = _learned(_scorers({"type_match": 4.0}))
    assert answer.found and "410 million" in answer.quotes[0].text
    assert 0.0 < answer.quotes[0].score < 1.0  # a probability


def test_the_learned_confidence_decides_not_found_at_the_models_threshold() -> None:
    weights = {"type_match": 4.0}
    assert _learned(_scorers(weights, threshold=0.5)).found
    refused = _learned(_scorers(weights, threshold=0.99))
    assert not refused.found and refused.quotes == () and refused.confidence < 0.99


def test_passages_without_entities_are_answered_with_the_hand_set_weights() -> None:
    learned = _learned(_scorers({"type_match": 4.0}))
    older = _learned(_scorers({"type_match": 4.0}), with_entities=False)
    # Hand-set scores are not probabilities, and they do not know what an amount is.
    assert older.quotes and older.quotes[0].score != learned.quotes[0].score
    assert older.confidence == _answer_without_scorers(older.question).confidence


def _answer_without_scorers(question: str) -> Answer:
    vector = EMBEDDER.embed([question])[0]
    return compose_answer(
        question, vector, [TOP, NEXT], EMBEDDER.embed, AnswerConfig(found_threshold=0.0)
    )
