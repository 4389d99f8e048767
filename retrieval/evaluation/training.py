"""Train the learned scorers from a question set: which sentence holds the answer, and when
the quotes as a whole do.

Reproducible: the sample, the folds and the fit are fixed by the seed, and the fit itself is
deterministic. Sentence labels are weak (a sentence that contains the answer string), like
the gold of the training set itself.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.evaluation.data import EvalQuestion, question_date
from retrieval.evaluation.metrics import answer_in
from retrieval.evaluation.renaming import rename
from retrieval.evaluation.sampling import week_of
from retrieval.library import Library
from retrieval.query.answer import (
    CONFIDENCE_FEATURES,
    AnswerConfig,
    answer_features,
    pick_quotes,
    score_candidates,
)
from retrieval.query.features import FEATURES
from retrieval.query.rescoring import PASSAGE_FEATURES
from retrieval.query.scoring import (
    CONFIDENCE_MODEL,
    PASSAGE_MODEL,
    SENTENCE_MODEL,
    LogisticModel,
    fit_logistic,
)
from retrieval.types import Passage, Progress

log = logging.getLogger(__name__)

FOLDS = 5
# Right answers (quotes that hold the answer) the default threshold must still give.
ANSWERED_TARGET = 0.95


@dataclass
class QuestionRows:
    """One asked question: its candidates' features and labels, and what the answer used."""

    week: str
    removed: bool  # asked with its gold articles taken out: stands in for a missing story
    rows: npt.NDArray[np.float32]
    labels: npt.NDArray[np.bool_]
    texts: list[str]
    articles: list[int]
    passages: list[Passage]
    coverage: float | None
    answer: str
    union_coverage: float | None = None
    missing_rare: float | None = None
    # The fused passages' re-scoring rows, and whether each passage's article is gold.
    passage_rows: npt.NDArray[np.float32] | None = None
    passage_articles: list[int] = field(default_factory=list)
    gold: frozenset[int] = frozenset()
    # Asked about a made-up name in place of one it names: its story is still in the library,
    # so quotes from it may hold the answer string, yet they answer another question.
    renamed: bool = False


@dataclass
class TrainingSet:
    """Every question asked, as feature rows."""

    questions: list[QuestionRows] = field(default_factory=list)

    def weeks(self) -> list[str]:
        """Return the quiz weeks the questions come from."""
        return sorted({q.week for q in self.questions})


def collect(
    library: Library,
    collection: str,
    questions: Sequence[EvalQuestion],
    ids: dict[str, int],
    progress: Progress | None = None,
) -> TrainingSet:
    """Ask every question three ways and keep the feature rows.

    As written; again without its gold articles (the story missing); and once more about a
    name the library never mentions, put in place of one the question names (a similar story
    the library lacks: "How many jobs will Norvalis bring…" beside coverage of Verantis).
    Removing articles leaves the question's names in the rest of the coverage, so only the
    renamed questions teach the confidence what an unknown name means.
    """
    found = TrainingSet()
    asked = [q for q in questions if any(g in ids for g in q.gold)]
    for done, q in enumerate(asked, start=1):
        gold = frozenset(ids[g] for g in q.gold if g in ids)
        renamed = rename(q.question)
        variants: list[tuple[EvalQuestion, bool]] = [(q, False), (q, True)]
        if renamed is not None:
            variants.append((replace_question(q, renamed), True))
        for variant, unanswerable in variants:
            row = _ask(library, collection, variant, gold, unanswerable, variant is not q)
            if row is not None:
                found.questions.append(row)
        if progress:
            progress(done, len(asked), q.question)
    return found


def replace_question(q: EvalQuestion, text: str) -> EvalQuestion:
    """Return the question with other wording, the rest unchanged."""
    return dataclasses.replace(q, question=text)


def _ask(
    library: Library,
    collection: str,
    q: EvalQuestion,
    gold: frozenset[int],
    removed: bool,
    renamed: bool = False,
) -> QuestionRows | None:
    exclude = gold if removed and not renamed else frozenset()
    gathered = library.gather(
        collection, q.question, exclude_articles=exclude, as_of=question_date(q), learned=True
    )
    if gathered is None or not gathered.candidates or gathered.evidence.lexicon is None:
        return None
    if any(c.entities is None for c in gathered.candidates):
        raise ValueError("the training collection has passages without entities: reindex it")
    retrieval = gathered.retrieval
    rows = score_candidates(
        retrieval.question,
        retrieval.query_vector,
        gathered.candidates,
        gathered.embed_sentences,
        gathered.evidence,
        gathered.evidence.lexicon,
    )
    texts = [c.text for c in gathered.candidates]
    return QuestionRows(
        week=week_of(q),
        removed=removed,
        rows=rows,
        # Nothing answers a question about a name the library never mentions.
        labels=np.array([answer_in(q.answer, [t]) and not renamed for t in texts], dtype=bool),
        texts=texts,
        articles=[c.passage.source.article_id for c in gathered.candidates],
        passages=retrieval.passages,
        coverage=gathered.evidence.coverage,
        union_coverage=gathered.evidence.union_coverage,
        missing_rare=gathered.evidence.missing_rare,
        answer=q.answer,
        passage_rows=retrieval.fused_rows,
        passage_articles=[p.source.article_id for p in retrieval.fused],
        gold=gold,
        renamed=renamed,
    )


def train_passages(
    data: TrainingSet, seed: int, l2: float = 1.0
) -> tuple[LogisticModel, dict[str, float]]:
    """Fit the passage re-scorer; report Hits@1 out of fold with and without it."""
    asked = [q for q in data.questions if not q.removed and q.passage_rows is not None]
    fold_of = _folds([q.week for q in asked], seed)
    fused_hits, rescored_hits = [], []
    for fold in range(FOLDS):
        inside = [q for q in asked if fold_of[q.week] == fold]
        model = _fit_passages([q for q in asked if fold_of[q.week] != fold], l2)
        for q in inside:
            assert q.passage_rows is not None
            order = np.argsort(-model.probability(q.passage_rows), kind="stable")
            fused_hits.append(q.passage_articles[0] in q.gold)
            rescored_hits.append(q.passage_articles[int(order[0])] in q.gold)
    report = {
        "passage_questions": float(len(asked)),
        "hits@1_fused_oof": round(float(np.mean(fused_hits)), 4),
        "hits@1_rescored_oof": round(float(np.mean(rescored_hits)), 4),
    }
    model = _fit_passages(asked, l2)
    return replace(model, info={"seed": seed, "l2": l2, **report}), report


def _fit_passages(questions: Sequence[QuestionRows], l2: float) -> LogisticModel:
    rows = np.concatenate([q.passage_rows for q in questions if q.passage_rows is not None])
    labels = np.concatenate(
        [np.array([a in q.gold for a in q.passage_articles], dtype=bool) for q in questions]
    )
    return fit_logistic(rows, labels, PASSAGE_FEATURES, l2)


def _folds(weeks: Sequence[str], seed: int) -> dict[str, int]:
    """Assign whole weeks to folds, so a story never sits on both sides of a split."""
    distinct = sorted(set(weeks))
    order = np.random.default_rng(seed).permutation(len(distinct))
    return {distinct[int(i)]: n % FOLDS for n, i in enumerate(order)}


@dataclass(frozen=True)
class TrainedModels:
    """The fitted models and what cross-validation measured of them."""

    sentence: LogisticModel
    confidence: LogisticModel
    report: dict[str, float]
    passage: LogisticModel | None = None  # kept only when it beat the fused order out of fold


def train(data: TrainingSet, config: AnswerConfig, seed: int, l2: float = 1.0) -> TrainedModels:
    """Fit the sentence scorer and the confidence, choosing the threshold out of fold."""
    started = time.perf_counter()
    fold_of = _folds(data.weeks(), seed)
    out_of_fold: list[tuple[float, bool, bool, bool]] = []  # confidence row built below
    summaries: list[npt.NDArray[np.float32]] = []
    for fold in range(FOLDS):
        train_part = [q for q in data.questions if fold_of[q.week] != fold and not q.removed]
        model = _fit_sentences(train_part, l2)
        for q in (q for q in data.questions if fold_of[q.week] == fold):
            probabilities = model.probability(q.rows)
            quoted = _quotes_hold_answer(q, probabilities, config)
            top_hit = bool(q.labels[int(np.argmax(probabilities))])
            summaries.append(
                answer_features(
                    probabilities,
                    q.rows,
                    q.passages,
                    q.coverage,
                    q.union_coverage,
                    q.missing_rare,
                )[0]
            )
            out_of_fold.append((0.0, quoted, q.removed, top_hit))
    labels = np.array([quoted for _, quoted, _, _ in out_of_fold], dtype=bool)
    removed = np.array([r for _, _, r, _ in out_of_fold], dtype=bool)
    summary_rows = np.stack(summaries)
    # The confidence's own out-of-fold probabilities choose the threshold.
    confidence_oof = np.zeros(len(labels), dtype=np.float32)
    fold_index = np.array([fold_of[q.week] for q in data.questions])
    for fold in range(FOLDS):
        inside = fold_index == fold
        fitted = fit_logistic(summary_rows[~inside], labels[~inside], CONFIDENCE_FEATURES, l2)
        confidence_oof[inside] = fitted.probability(summary_rows[inside])
    threshold = choose_threshold(confidence_oof, removed, labels)
    answerable = ~removed
    report = {
        "questions": float(answerable.sum()),
        "answer_at_quotes_oof": float(labels[answerable].mean()),
        "top_sentence_holds_answer_oof": float(
            np.mean([hit for (_, _, r, hit) in out_of_fold if not r])
        ),
        "threshold": threshold,
        # Over every ask, answerable or not: the mix the confidence is trained on.
        "expected_calibration_error_oof": expected_calibration_error(confidence_oof, labels),
        "train_seconds": 0.0,
    }
    sentence = _fit_sentences([q for q in data.questions if not q.removed], l2)
    confidence = fit_logistic(summary_rows, labels, CONFIDENCE_FEATURES, l2)
    report["train_seconds"] = round(time.perf_counter() - started, 1)
    info = {"seed": seed, "l2": l2, "folds": FOLDS, **report}
    return TrainedModels(
        replace(sentence, info={"seed": seed, "l2": l2}),
        replace(confidence, info={**info, "threshold": threshold}),
        report,
    )


def _fit_sentences(questions: Sequence[QuestionRows], l2: float) -> LogisticModel:
    rows = np.concatenate([q.rows for q in questions])
    labels = np.concatenate([q.labels for q in questions])
    # Each question weighs the same, however many sentences its passages hold.
    weights = np.concatenate([np.full(len(q.rows), 1.0 / len(q.rows)) for q in questions])
    weights *= len(weights) / weights.sum()
    return fit_logistic(rows, labels, FEATURES, l2, sample_weight=weights)


def _quotes_hold_answer(
    q: QuestionRows, probabilities: npt.NDArray[np.float32], config: AnswerConfig
) -> bool:
    """Tell whether the quotes picked answer the question asked. A renamed question's never
    do: what they quote is the story of the name it replaced."""
    if q.renamed:
        return False
    picked = pick_quotes(q.texts, q.articles, probabilities, config, config.quote_ratio)
    return answer_in(q.answer, picked)


def choose_threshold(
    confidence: npt.NDArray[np.float32],
    removed: npt.NDArray[np.bool_],
    holds: npt.NDArray[np.bool_],
) -> float:
    """Return the highest threshold that still gives ANSWERED_TARGET of the right answers.

    A right answer is one whose quotes hold the answer: refusing it costs the reader, while
    refusing a question whose quotes would miss anyway costs nothing. Up to that point, a
    higher threshold only catches more questions whose story is missing (`removed`), so the
    highest one catches most. Precision is reported beside it, not chosen on: on weak gold
    no threshold with any recall reaches 0.9, and the points that "reach" it by
    refusing one question or none are noise.
    """
    right = ~removed & holds
    chosen = 0.0
    for threshold in np.round(np.arange(0.01, 1.0, 0.01), 2).tolist():
        answered = float((confidence[right] >= threshold).mean()) if right.any() else 1.0
        if answered < ANSWERED_TARGET:
            break
        chosen = threshold
    return float(chosen)


def expected_calibration_error(
    confidence: npt.NDArray[np.float32], labels: npt.NDArray[np.bool_], bins: int = 10
) -> float:
    """Return the gap between stated confidence and observed accuracy, averaged over bins."""
    if not len(confidence):
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    index = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        inside = index == b
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - labels[inside].mean())
    return round(float(error), 4)


def save(models: TrainedModels, folder: Path | None = None) -> list[Path]:
    """Write the models where answers load them (or into `folder`); return the paths written.

    A passage model that did not pay is removed, so answers keep the fused order.
    """
    target = folder or SENTENCE_MODEL.parent
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for model, name in (
        (models.sentence, SENTENCE_MODEL.name),
        (models.confidence, CONFIDENCE_MODEL.name),
        (models.passage, PASSAGE_MODEL.name),
    ):
        path = target / name
        if model is None:
            path.unlink(missing_ok=True)
            continue
        model.save(path)
        written.append(path)
    return written
