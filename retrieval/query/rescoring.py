"""Learned passage re-scoring: the fused candidates reordered by the chance their article
answers the question.

Fusion only knows ranks; this also weighs how well each passage's best sentence matches, whether
it holds the kind of entity asked for, how much of the question's rare wording it and its title
hold, and how close its article's date is to the question's.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from retrieval.index.bm25 import weighted_share
from retrieval.query.answer_types import asked_labels
from retrieval.query.features import DATE_SCALE_DAYS, TextTerms
from retrieval.query.fusion import date_closeness, published_date
from retrieval.query.scoring import LogisticModel
from retrieval.types import Passage

# How many fused passages are re-scored; the rest keep their fused order after them.
RESCORE_DEPTH = 16

PASSAGE_FEATURES: tuple[str, ...] = (
    "fused_rank",
    "dense_score",
    "dense_rank",
    "lexical_rank",
    "coverage",
    "title_coverage",
    "best_semantic",
    "type_match",
    "timely",
    "undated",
    "article_passages",
    "position",
)


@dataclass(frozen=True)
class PassageEvidence:
    """What re-scoring reads beside the passages themselves."""

    query_vector: npt.NDArray[np.float32]
    term_weights: Mapping[str, float]
    sentence_vectors: Mapping[int, npt.NDArray[np.float32]]  # by chunk id, stored ones only
    as_of: date | None


def passage_features(
    question: str,
    passages: Sequence[Passage],
    evidence: PassageEvidence,
    text_terms: TextTerms,
) -> npt.NDArray[np.float32]:
    """Return one row of PASSAGE_FEATURES per passage, in the fused order given."""
    if not passages:
        return np.zeros((0, len(PASSAGE_FEATURES)), dtype=np.float32)
    wanted = asked_labels(question)
    folded = question.casefold()
    per_article = Counter(p.source.article_id for p in passages)
    rows = []
    for rank, passage in enumerate(passages):
        present = text_terms(passage.text)
        titled = text_terms(passage.source.title)
        vectors = evidence.sentence_vectors.get(passage.chunk_id)
        best_semantic = (
            float((vectors @ evidence.query_vector.reshape(-1)).max())
            if vectors is not None and len(vectors)
            else passage.dense_score
        )
        day = published_date(passage.source.published)
        rows.append(
            (
                1.0 / (1 + rank),
                passage.dense_score,
                0.0 if passage.dense_rank is None else 1.0 / passage.dense_rank**0.5,
                0.0 if passage.lexical_rank is None else 1.0 / passage.lexical_rank**0.5,
                weighted_share(evidence.term_weights, present | titled),
                weighted_share(evidence.term_weights, titled),
                best_semantic,
                float(_holds_asked(passage, wanted, folded)),
                0.0
                if day is None or evidence.as_of is None
                else date_closeness(day, evidence.as_of, DATE_SCALE_DAYS),
                float(day is None or evidence.as_of is None),
                math.log1p(per_article[passage.source.article_id] - 1),
                math.log1p(passage.start / 500),
            )
        )
    return np.asarray(rows, dtype=np.float32)


def _holds_asked(passage: Passage, wanted: frozenset[str], folded_question: str) -> bool:
    """Return whether the passage names an entity of the asked kind the question does not."""
    if not wanted or passage.entities is None:
        return False
    for sentence in passage.entities:
        for entity in sentence:
            text = passage.text[entity.start - passage.start : entity.end - passage.start]
            if entity.label in wanted and text.casefold() not in folded_question:
                return True
    return False


def rescore(
    model: LogisticModel, passages: Sequence[Passage], rows: npt.NDArray[np.float32]
) -> list[Passage]:
    """Return the passages reordered by the model's probability, best first (stable on ties)."""
    if not len(rows):
        return list(passages)
    probabilities = model.probability(rows)
    order = np.argsort(-probabilities, kind="stable")
    return [passages[int(i)] for i in order]
