"""Training the scorers: folds by week, a threshold chosen out of fold, calibration measured."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from retrieval.evaluation.training import (
    QuestionRows,
    TrainingSet,
    choose_threshold,
    expected_calibration_error,
    rename,
    save,
    train,
)
from retrieval.query.answer import CONFIDENCE_FEATURES, AnswerConfig, answer_features
from retrieval.query.features import FEATURES
from retrieval.query.scoring import LogisticModel
from retrieval.types import Passage, SourceRef

SEMANTIC = FEATURES.index("semantic")
TYPE_MATCH = FEATURES.index("type_match")


def _passage(article: int) -> Passage:
    return Passage(
        chunk_id=article,
        source=SourceRef(article, "t", None, None, None),
        start=0,
        end=10,
        text="x" * 10,
        score=1.0,
        dense_score=0.5,
        dense_rank=1,
        lexical_rank=1,
    )


def _question(rng: np.random.Generator, week: int, removed: bool) -> QuestionRows:
    """Eight sentences; unless the story was removed, one holds the answer and matches its type."""
    rows = rng.normal(size=(8, len(FEATURES))).astype(np.float32)
    labels = np.zeros(8, dtype=bool)
    texts = [f"sentence {i}" for i in range(8)]
    rows[:, TYPE_MATCH] = 0.0
    if not removed:
        hit = int(rng.integers(8))
        labels[hit] = True
        rows[hit, TYPE_MATCH] = 1.0
        rows[hit, SEMANTIC] += 1.5
        texts[hit] = "the answer is Ada Lovelace"
    return QuestionRows(
        week=f"w{week}",
        removed=removed,
        rows=rows,
        labels=labels,
        texts=texts,
        articles=[i // 2 for i in range(8)],
        passages=[_passage(1)],
        coverage=0.2 if removed else 0.9,
        answer="Ada Lovelace",
    )


def _training_set() -> TrainingSet:
    rng = np.random.default_rng(5)
    data = TrainingSet()
    for n in range(120):
        data.questions.append(_question(rng, n % 12, removed=False))
        data.questions.append(_question(rng, n % 12, removed=True))
    return data


def test_training_learns_which_sentences_hold_the_answer_and_when_none_do() -> None:
    models = train(_training_set(), AnswerConfig(), seed=1)
    assert models.report["top_sentence_holds_answer_oof"] > 0.9
    assert models.report["answer_at_quotes_oof"] > 0.9
    assert models.sentence.weights[TYPE_MATCH] > 0
    threshold = models.report["threshold"]
    assert 0.0 < threshold < 1.0 and models.confidence.info["threshold"] == threshold


def test_training_is_reproducible_with_its_seed() -> None:
    first = train(_training_set(), AnswerConfig(), seed=1)
    second = train(_training_set(), AnswerConfig(), seed=1)
    assert first.sentence.weights == second.sentence.weights
    assert first.report["threshold"] == second.report["threshold"]


def test_saved_models_load_as_the_features_answers_compute(tmp_path: Path) -> None:
    models = train(_training_set(), AnswerConfig(), seed=1)
    sentence_path, confidence_path = save(models, tmp_path)
    assert LogisticModel.load(sentence_path, FEATURES).weights == tuple(
        round(w, 6) for w in models.sentence.weights
    )
    assert LogisticModel.load(confidence_path, CONFIDENCE_FEATURES).info["threshold"] > 0


def test_the_threshold_keeps_right_answers_answered() -> None:
    answerable = np.linspace(0.5, 1.0, 100)
    removed = np.linspace(0.0, 0.6, 100)
    confidence = np.concatenate([answerable, removed]).astype(np.float32)
    is_removed = np.array([False] * 100 + [True] * 100)
    holds = np.array([True] * 100 + [False] * 100)
    threshold = choose_threshold(confidence, is_removed, holds)
    assert (answerable >= threshold).mean() >= 0.95
    assert (removed < threshold).mean() > 0.5


def test_refusing_answers_whose_quotes_miss_anyway_does_not_hold_the_threshold_down() -> None:
    # A tenth of answerable questions are hopeless (low confidence, quotes miss the answer).
    answerable = np.concatenate([np.full(10, 0.05), np.linspace(0.5, 1.0, 90)])
    removed = np.linspace(0.0, 0.45, 100)
    confidence = np.concatenate([answerable, removed]).astype(np.float32)
    is_removed = np.array([False] * 100 + [True] * 100)
    holds = np.array([False] * 10 + [True] * 90 + [False] * 100)
    strict = choose_threshold(confidence, is_removed, np.array([True] * 100 + [False] * 100))
    assert strict <= 0.05  # counting the hopeless ten, nearly nothing may be refused
    assert choose_threshold(confidence, is_removed, holds) >= 0.4


def test_the_threshold_does_not_fall_to_a_point_that_refuses_one_question() -> None:
    # The least confident ask is a missing story: refusing only it has perfect precision.
    confidence = np.concatenate([np.linspace(0.3, 1.0, 100), np.linspace(0.02, 0.9, 100)])
    is_removed = np.array([False] * 100 + [True] * 100)
    threshold = choose_threshold(confidence.astype(np.float32), is_removed, ~is_removed)
    assert 0.3 < threshold <= 0.34  # the highest still giving 95 % of the right answers


def test_calibration_error_is_zero_when_confidence_matches_accuracy() -> None:
    confidence = np.array([0.25] * 4 + [0.75] * 4, dtype=np.float32)
    labels = np.array([1, 0, 0, 0, 1, 1, 1, 0], dtype=bool)
    assert expected_calibration_error(confidence, labels) == 0.0
    assert expected_calibration_error(np.full(8, 0.95, dtype=np.float32), labels) > 0.3


def test_a_renamed_question_asks_about_a_name_the_library_never_mentions() -> None:
    question = "How many jobs will Verantis bring to its Lakeshore chip plant?"
    renamed = rename(question)
    assert renamed is not None and renamed != question
    assert "Verantis" in renamed and "Lakeshore" not in renamed
    assert rename(question) == renamed  # the same question always becomes the same one
    assert rename("which team won the final?") is None  # no name to swap


def test_a_question_about_a_name_no_passage_holds_is_learned_as_unanswered() -> None:
    """A renamed question's story stays in the library, so its quotes often hold the answer
    string; they still answer another question. Taught as answered, the confidence would
    learn that a rare word none of the passages holds makes an answer surer."""
    rng = np.random.default_rng(5)
    data = TrainingSet()
    for n in range(120):
        data.questions.append(replace(_question(rng, n % 12, removed=False), missing_rare=0.0))
        story_kept = _question(rng, n % 12, removed=False)
        data.questions.append(replace(story_kept, removed=True, renamed=True, missing_rare=0.4))
    models = train(data, AnswerConfig(), seed=1)
    threshold = models.report["threshold"]

    def confidence(q: QuestionRows) -> float:
        probabilities = models.sentence.probability(q.rows)
        summary = answer_features(
            probabilities, q.rows, q.passages, q.coverage, q.union_coverage, q.missing_rare
        )
        return float(models.confidence.probability(summary)[0])

    renamed = [confidence(q) for q in data.questions if q.renamed]
    asked = [confidence(q) for q in data.questions if not q.removed]
    assert np.mean([c < threshold for c in renamed]) > 0.9
    assert np.mean([c >= threshold for c in asked]) > 0.9
