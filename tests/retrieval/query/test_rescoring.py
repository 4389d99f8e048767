"""Passage re-scoring: fused candidates reordered by a learned model's probability."""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from retrieval.query.rescoring import (
    PASSAGE_FEATURES,
    PassageEvidence,
    passage_features,
    rescore,
)
from retrieval.query.scoring import LogisticModel
from retrieval.types import Entity, Passage, SourceRef, Span

QUESTION = "Which company will build the chip plant?"


def _passage(chunk_id: int, text: str, entities: tuple[Entity, ...], published: str) -> Passage:
    return Passage(
        chunk_id=chunk_id,
        source=SourceRef(chunk_id, f"story {chunk_id}", None, None, published),
        start=0,
        end=len(text),
        text=text,
        score=1.0 / chunk_id,
        dense_score=0.6,
        dense_rank=chunk_id,
        lexical_rank=None,
        sentences=(Span(0, len(text)),),
        entities=(entities,),
    )


VAGUE = _passage(1, "The chip plant plan drew crowds to the county hall.", (), "2024-09-18")
NAMED = _passage(
    2, "Verantis will build the chip plant, officials said.", (Entity("ORG", 0, 8),), "2024-09-19"
)


def _rows() -> np.ndarray:
    evidence = PassageEvidence(
        np.ones(4, dtype=np.float32) / 2,
        {"chip": 1.0, "plant": 1.0, "build": 1.0},
        {},
        date(2024, 9, 20),
    )
    return passage_features(
        QUESTION, [VAGUE, NAMED], evidence, lambda t: set(re.findall(r"\w+", t.lower()))
    )


def _model(weights: dict[str, float]) -> LogisticModel:
    n = len(PASSAGE_FEATURES)
    return LogisticModel(
        PASSAGE_FEATURES,
        (0.0,) * n,
        (1.0,) * n,
        tuple(weights.get(f, 0.0) for f in PASSAGE_FEATURES),
        0.0,
    )


def test_features_see_the_fused_rank_and_the_asked_kind_of_entity() -> None:
    rows = _rows()
    column = {name: i for i, name in enumerate(PASSAGE_FEATURES)}
    assert rows[0, column["fused_rank"]] > rows[1, column["fused_rank"]]
    assert rows[:, column["type_match"]].tolist() == [0.0, 1.0]
    assert rows[0, column["coverage"]] < rows[1, column["coverage"]]


def test_a_model_that_values_the_asked_entity_moves_that_passage_first() -> None:
    reordered = rescore(_model({"type_match": 3.0}), [VAGUE, NAMED], _rows())
    assert [p.chunk_id for p in reordered] == [2, 1]


def test_a_model_that_trusts_fusion_keeps_the_fused_order() -> None:
    reordered = rescore(_model({"fused_rank": 3.0}), [VAGUE, NAMED], _rows())
    assert [p.chunk_id for p in reordered] == [1, 2]
