"""Choose the sentences that answer a question, verbatim, and decide whether it was answered."""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from config import settings_for
from retrieval.query.features import (
    FEATURES,
    FUNCTION_WORDS,
    Candidate,
    TextTerms,
    asks_back,
    candidate_features,
    candidates_of,
    content_terms,
    echoes,
)
from retrieval.query.rescoring import PASSAGE_FEATURES
from retrieval.query.scoring import (
    CONFIDENCE_MODEL,
    PASSAGE_MODEL,
    SENTENCE_MODEL,
    LogisticModel,
    ModelMismatch,
)
from retrieval.types import Answer, Passage, Quote, SourceRef

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

SentenceEmbedder = Callable[[list[str]], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class AnswerConfig:
    """How many quotes an answer holds and when it counts as found."""

    max_quotes: int = 4
    quotes_per_article: int = 3
    passages_considered: int = 5
    found_threshold: float = 0.35
    min_sentence_words: int = 4
    closest_articles: int = 3
    echo_penalty: float = 0.0
    rank_weight: float = 0.0
    coverage_weight: float = 0.0
    # The learned confidence below which an answer is "not found"; None: the model's own.
    confidence_threshold: float | None = None
    # Learned scoring: quote sentences whose probability is at least this share of the best.
    quote_ratio: float = 0.35

    @classmethod
    def from_settings(cls, settings: Settings) -> AnswerConfig:
        """Read the answer settings."""
        return cls(
            **settings_for(cls, settings, renamed={"passages_considered": "answer_passages"})
        )


@dataclass(frozen=True)
class Scorers:
    """The learned sentence scorer and answer confidence, with the threshold chosen for them."""

    sentence: LogisticModel | None
    confidence: LogisticModel | None
    passage: LogisticModel | None = None  # re-scores fused passages when it pays (optional)

    def threshold(self, config: AnswerConfig) -> float:
        """Return the confidence below which an answer is "not found"."""
        if config.confidence_threshold is not None:
            return config.confidence_threshold
        if self.confidence is None:
            return config.found_threshold
        return float(self.confidence.info.get("threshold", 0.5))


@functools.cache
def shipped_scorers() -> Scorers | None:
    """Return the scorers shipped with this version; None (older scoring) if they will not load."""
    try:
        passage = (
            LogisticModel.load(PASSAGE_MODEL, PASSAGE_FEATURES) if PASSAGE_MODEL.exists() else None
        )
        return Scorers(
            sentence=LogisticModel.load(SENTENCE_MODEL, FEATURES),
            confidence=LogisticModel.load(CONFIDENCE_MODEL, CONFIDENCE_FEATURES),
            passage=passage,
        )
    except (OSError, ValueError, KeyError, ModelMismatch) as error:
        log.warning("learned scorers unavailable (%s); using the hand-set weights", error)
        return None


@dataclass(frozen=True)
class Lexicon:
    """How rare each of the question's words is in the collection, and a text's terms."""

    weights: dict[str, float]
    terms: TextTerms


@dataclass(frozen=True)
class Evidence:
    """What an answer is composed from, besides the passages' sentences."""

    coverage: float | None = None  # rarity-weighted share of the question the top passage holds
    # The same share held by any of the quoted passages: a question naming what no retrieved
    # passage mentions is about a story the library lacks.
    union_coverage: float | None = None
    # The largest share of the question's rare wording that one word none of them holds
    # carries: a name the library never mentions.
    missing_rare: float | None = None
    context: Sequence[Passage] = ()  # chunks next to the top passages, quotable too
    as_of: date | None = None  # the day the question is asked about
    lexicon: Lexicon | None = None


def compose_answer(
    question: str,
    query_vector: npt.NDArray[np.float32],
    passages: list[Passage],
    embed_sentences: SentenceEmbedder,
    config: AnswerConfig,
    evidence: Evidence = Evidence(),
    scorers: Scorers | None = None,
    candidates: Sequence[Candidate] | None = None,
) -> Answer:
    """Quote the best sentences of the top passages, or report the closest articles.

    With learned scorers and passages whose entities are computed, each sentence's score is the
    probability that it holds the answer and the confidence is the probability that the quotes
    do. Otherwise (a collection not reindexed since entities came in) the older hand-set
    weights decide. `candidates` are the passages' sentences when the caller laid them out.
    """
    if not passages:
        return Answer(question, found=False, confidence=0.0, quotes=(), sources=())
    if candidates is None:
        candidates = candidates_of(
            passages[: config.passages_considered], evidence.context, config.min_sentence_words
        )
    scores, confidence, threshold, ratio = _scored(
        question, query_vector, passages, candidates, embed_sentences, config, evidence, scorers
    )
    quotes = _pick(candidates, scores, config, ratio) if candidates else []
    if confidence < threshold or not candidates:
        return Answer(
            question,
            found=False,
            confidence=confidence,
            quotes=(),
            sources=_closest(passages, config.closest_articles),
            passages=tuple(passages),
            withheld=tuple(quotes),
        )
    sources: list[SourceRef] = []
    for quote in quotes:
        source = next(c.passage.source for c in candidates if c.passage.chunk_id == quote.chunk_id)
        if source not in sources:
            sources.append(source)
    return Answer(
        question,
        found=True,
        confidence=confidence,
        quotes=tuple(quotes),
        sources=tuple(sources),
        passages=tuple(passages),
    )


def _scored(
    question: str,
    query_vector: npt.NDArray[np.float32],
    passages: Sequence[Passage],
    candidates: Sequence[Candidate],
    embed_sentences: SentenceEmbedder,
    config: AnswerConfig,
    evidence: Evidence,
    scorers: Scorers | None,
) -> tuple[npt.NDArray[np.float32], float, float, float]:
    """Return the candidates' scores, the confidence, its threshold and the quote ratio."""
    sentence_model = scorers.sentence if scorers else None
    confidence_model = scorers.confidence if scorers else None
    learned = evidence.lexicon is not None and all(c.entities is not None for c in candidates)
    if learned and sentence_model and confidence_model and scorers:
        scores, confidence = _learned(
            question,
            query_vector,
            passages,
            candidates,
            embed_sentences,
            evidence,
            (sentence_model, confidence_model),
        )
        return scores, confidence, scorers.threshold(config), config.quote_ratio
    scores = _score(question, query_vector, candidates, embed_sentences, config)
    confidence = _confidence(passages, scores, evidence.coverage, config.coverage_weight)
    return scores, confidence, config.found_threshold, 0.75


def score_candidates(
    question: str,
    query_vector: npt.NDArray[np.float32],
    candidates: Sequence[Candidate],
    embed_sentences: SentenceEmbedder,
    evidence: Evidence,
    lexicon: Lexicon,
) -> npt.NDArray[np.float32]:
    """Return the feature rows of the candidates (what training and answering both use)."""
    vectors = embed_sentences([c.text for c in candidates])
    return candidate_features(
        question, query_vector, candidates, vectors, lexicon.weights, lexicon.terms, evidence.as_of
    )


CONFIDENCE_FEATURES: tuple[str, ...] = (
    "best_logit",
    "second_logit",
    "best_semantic",
    "best_rare_overlap",
    "best_type_match",
    "best_passage_dense",
    "coverage",
    "union_coverage",
    "missing_rare",
    "support",
)


def answer_features(
    probabilities: npt.NDArray[np.float32],
    rows: npt.NDArray[np.float32],
    passages: Sequence[Passage],
    coverage: float | None,
    union_coverage: float | None,
    missing_rare: float | None,
) -> npt.NDArray[np.float32]:
    """Return the one row of CONFIDENCE_FEATURES that describes a scored answer."""
    if not len(probabilities):
        return np.zeros((1, len(CONFIDENCE_FEATURES)), dtype=np.float32)
    column = {name: i for i, name in enumerate(FEATURES)}
    order = np.argsort(-probabilities, kind="stable")
    best = rows[order[0]]
    second = float(probabilities[order[1]]) if len(order) > 1 else 0.0
    row = (
        _logit(float(probabilities[order[0]])),
        _logit(second),
        float(best[column["semantic"]]),
        float(best[column["rare_overlap"]]),
        float(best[column["type_match"]]),
        max(p.dense_score for p in passages),
        0.0 if coverage is None else coverage,
        0.0 if union_coverage is None else union_coverage,
        0.0 if missing_rare is None else missing_rare,
        math.log1p(float((probabilities >= 0.5).sum())),
    )
    return np.asarray([row], dtype=np.float32)


def _logit(probability: float) -> float:
    p = min(max(probability, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _learned(
    question: str,
    query_vector: npt.NDArray[np.float32],
    passages: Sequence[Passage],
    candidates: Sequence[Candidate],
    embed_sentences: SentenceEmbedder,
    evidence: Evidence,
    models: tuple[LogisticModel, LogisticModel],
) -> tuple[npt.NDArray[np.float32], float]:
    """Return each candidate's probability of holding the answer, and the answer's confidence."""
    if not candidates or evidence.lexicon is None:
        return np.zeros(0, dtype=np.float32), 0.0
    rows = score_candidates(
        question, query_vector, candidates, embed_sentences, evidence, evidence.lexicon
    )
    sentence, confidence_model = models
    probabilities = sentence.probability(rows)
    summary = answer_features(
        probabilities,
        rows,
        passages,
        evidence.coverage,
        evidence.union_coverage,
        evidence.missing_rare,
    )
    confidence = float(confidence_model.probability(summary)[0])
    return probabilities, round(confidence, 4)


def _score(
    question: str,
    query_vector: npt.NDArray[np.float32],
    candidates: Sequence[Candidate],
    embed_sentences: SentenceEmbedder,
    config: AnswerConfig,
) -> npt.NDArray[np.float32]:
    """Hand-set scoring: meaning, shared content words, and the trust of the passage."""
    if not candidates:
        return np.zeros(0, dtype=np.float32)
    vectors = embed_sentences([c.text for c in candidates])
    semantic = vectors @ query_vector.reshape(-1)
    asked = content_terms(question)
    terms = [content_terms(c.text) for c in candidates]
    overlap = np.array([len(asked & t) / max(1, len(asked)) for t in terms], dtype=np.float32)
    # A sentence inherits some trust from the passage retrieval put it in.
    passage_prior = np.array([c.passage.dense_score for c in candidates], dtype=np.float32)
    combined = 0.6 * semantic + 0.25 * overlap + 0.15 * passage_prior
    if config.echo_penalty:
        restated = np.array(
            [asks_back(c.text) or echoes(asked, t) for c, t in zip(candidates, terms, strict=True)],
            dtype=np.float32,
        )
        combined = combined - config.echo_penalty * restated
    if config.rank_weight:
        position: dict[int, int] = {}
        for candidate in candidates:
            position.setdefault(candidate.passage.chunk_id, len(position))
        rank = np.array([1.0 / (1 + position[c.passage.chunk_id]) for c in candidates])
        combined = combined + config.rank_weight * rank.astype(np.float32)
    return np.asarray(combined, dtype=np.float32)


def _confidence(
    passages: Sequence[Passage],
    scores: npt.NDArray[np.float32],
    coverage: float | None,
    coverage_weight: float,
) -> float:
    best_sentence = float(scores.max()) if len(scores) else 0.0
    best_passage = max(p.dense_score for p in passages)
    similarity = 0.5 * best_sentence + 0.5 * best_passage
    if coverage is None:
        return round(similarity, 4)
    # Neighbouring coverage of the same story is as similar as the missing article would be;
    # what it lacks is the question's own rare words.
    return round((1 - coverage_weight) * similarity + coverage_weight * coverage, 4)


def quote_order(
    scores: npt.NDArray[np.float32],
    article_ids: Sequence[int],
    config: AnswerConfig,
    ratio: float,
) -> list[int]:
    """Return the indices of the sentences to quote, best first.

    Weak sentences dilute a good answer: only those scoring at least `ratio` of the best are
    kept, a few per article.
    """
    order = np.argsort(-scores, kind="stable")
    if not len(order):
        return []
    best = float(scores[order[0]])
    per_article: dict[int, int] = {}
    chosen: list[int] = []
    for index in order.tolist():
        if chosen and float(scores[index]) < best * ratio:
            break
        article_id = article_ids[index]
        if per_article.get(article_id, 0) >= config.quotes_per_article:
            continue
        per_article[article_id] = per_article.get(article_id, 0) + 1
        chosen.append(index)
        if len(chosen) >= config.max_quotes:
            break
    return chosen


def pick_quotes(
    texts: Sequence[str],
    article_ids: Sequence[int],
    scores: npt.NDArray[np.float32],
    config: AnswerConfig,
    ratio: float,
) -> list[str]:
    """Return the texts an answer would quote (what training checks for the answer)."""
    return [texts[i] for i in quote_order(scores, article_ids, config, ratio)]


def _pick(
    candidates: Sequence[Candidate],
    scores: npt.NDArray[np.float32],
    config: AnswerConfig,
    ratio: float,
) -> list[Quote]:
    articles = [c.passage.source.article_id for c in candidates]
    # Room for copies of a sentence, which are then quoted once.
    roomy = replace(config, max_quotes=2 * config.max_quotes)
    picked = quote_order(scores, articles, roomy, ratio)
    kept = once_each(range(len(picked)), [candidates[i].text for i in picked], config.max_quotes)
    order = [picked[k] for k in kept]
    return [
        Quote(
            article_id=candidates[i].passage.source.article_id,
            chunk_id=candidates[i].passage.chunk_id,
            text=candidates[i].text,
            start=candidates[i].span.start,
            end=candidates[i].span.end,
            score=round(float(scores[i]), 4),
            speaker=candidates[i].passage.speaker_at(candidates[i].span),
        )
        for i in order
    ]


def once_each(indices: Sequence[int], texts: Sequence[str], limit: int | None = None) -> list[int]:
    """Return the indices, best first, without a text already kept; at most `limit` of them.

    One sentence read through two overlapping chunks, or printed word for word by two
    articles, is quoted once: the second copy tells a reader nothing more. So is a quotation
    printed once alone and once with its attribution ("…flooded areas." and "…flooded
    areas," Lee wrote.): the words of one hold the other's.
    """
    kept: list[int] = []
    seen: list[str] = []
    for index, text in zip(indices, texts, strict=True):
        words = " ".join(re.findall(r"\w+", text.casefold()))
        if any(_holds(words, other) for other in seen):
            continue
        seen.append(words)
        kept.append(index)
        if len(kept) == limit:
            break  # each kept text is compared with every later one: stop when enough
    return kept


# The words a sentence must run to before another holding them all is the same statement.
_SAME_STATEMENT_WORDS = 6


# The opening words two quotes must share, in order, to be one statement printed two ways:
# "“On behalf of the L.A. Dodgers and our fans everywhere, we welcome…,” said Mark Walter" and
# the same quotation run on into its next sentence in another outlet's copy.
_SAME_OPENING_WORDS = 12


def _holds(words: str, other: str) -> bool:
    """Tell whether two sentences' words are one statement: equal, one holding the other, or
    one holding the other's long opening."""
    if words == other:
        return True
    shorter, longer = sorted((words, other), key=len)
    if shorter.count(" ") + 1 >= _SAME_STATEMENT_WORDS and f" {shorter} " in f" {longer} ":
        return True
    opening = shorter.split()[:_SAME_OPENING_WORDS]
    return len(opening) == _SAME_OPENING_WORDS and f" {' '.join(opening)} " in f" {longer} "


def _closest(passages: Sequence[Passage], limit: int) -> tuple[SourceRef, ...]:
    sources: list[SourceRef] = []
    for passage in passages:
        if passage.source not in sources:
            sources.append(passage.source)
        if len(sources) >= limit:
            break
    return tuple(sources)


__all__ = ["FUNCTION_WORDS", "AnswerConfig", "Evidence", "Lexicon", "Scorers", "compose_answer"]
