"""Choose the sentences that answer a question, verbatim, and decide whether it was answered."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import Stemmer

from config import settings_for
from retrieval.types import Answer, Passage, Quote, SourceRef, Span

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

_WORD = re.compile(r"[\w’']+", re.UNICODE)
_stemmer = Stemmer.Stemmer("english")
# Function words carry no evidence that a sentence answers the question.
_STOP_WORDS = (
    "a an the and or but of to in on at for from by with about as is are was were be been being "
    "do does did what which who whom whose when where why how that this these those it its he "
    "she they them his her their we you i me my our your there here than then so not no has "
    "have had will would can could should may might must say said says tell told"
)
FUNCTION_WORDS = frozenset(_STOP_WORDS.split())

# What a question asks for, recognised by its wording: a number, a date, or a name.
_ASKS_NUMBER = re.compile(
    r"\bhow (many|much|long|old|far|big|high|large)\b|\bwhat (percentage|percent|number|amount|"
    r"magnitude|age|share|size)\b|\bby how\b",
    re.IGNORECASE,
)
_ASKS_DATE = re.compile(r"\bwhen\b|\bwhat (year|month|day|date)\b", re.IGNORECASE)
_ASKS_NAME = re.compile(r"\b(who|whom|whose|which|where|what)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|third|quarter)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(1[89]|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|yesterday|tomorrow|next|last)\b",
    re.IGNORECASE,
)

SentenceEmbedder = Callable[[list[str]], npt.NDArray[np.float32]]


@dataclass(frozen=True)
class AnswerConfig:
    """How many quotes an answer holds and when it counts as found."""

    max_quotes: int = 4
    quotes_per_article: int = 2
    passages_considered: int = 5
    found_threshold: float = 0.35
    min_sentence_words: int = 4
    closest_articles: int = 3
    echo_penalty: float = 0.0
    answer_type_weight: float = 0.0
    rank_weight: float = 0.0
    coverage_weight: float = 0.0

    @classmethod
    def from_settings(cls, settings: Settings) -> AnswerConfig:
        """Read the answer settings."""
        return cls(
            **settings_for(cls, settings, renamed={"passages_considered": "answer_passages"})
        )


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    span: Span
    text: str


def content_terms(text: str) -> set[str]:
    """Return the stemmed content words of a text."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    return {_stemmer.stemWord(w) for w in words if w not in FUNCTION_WORDS and len(w) > 1}


def compose_answer(
    question: str,
    query_vector: npt.NDArray[np.float32],
    passages: list[Passage],
    embed_sentences: SentenceEmbedder,
    config: AnswerConfig,
    coverage: float | None = None,
    context: Sequence[Passage] = (),
) -> Answer:
    """Quote the best sentences of the top passages, or report the closest articles.

    `coverage` is the rarity-weighted share of the question's words the top passage holds
    (see LexicalIndex.coverage); without it confidence rests on similarity alone. `context`
    holds chunks next to the top passages: their sentences may be quoted too.
    """
    if not passages:
        return Answer(question, found=False, confidence=0.0, quotes=(), sources=())
    candidates = _candidates([*passages[: config.passages_considered], *context], config)
    scores = _score(question, query_vector, candidates, embed_sentences, config)
    confidence = _confidence(passages, scores, coverage, config.coverage_weight)
    if confidence < config.found_threshold or not candidates:
        return Answer(
            question,
            found=False,
            confidence=confidence,
            quotes=(),
            sources=_closest(passages, config.closest_articles),
            passages=tuple(passages),
        )
    quotes = _pick(candidates, scores, config)
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


def _candidates(passages: list[Passage], config: AnswerConfig) -> list[_Candidate]:
    seen: set[tuple[int, int, int]] = set()
    candidates: list[_Candidate] = []
    for passage in passages:
        for span in passage.sentences:
            key = (passage.source.article_id, span.start, span.end)
            if key in seen:  # chunks overlap by a sentence
                continue
            seen.add(key)
            text = passage.text[span.start - passage.start : span.end - passage.start]
            if len(_WORD.findall(text)) < config.min_sentence_words:
                continue
            candidates.append(_Candidate(passage, span, text))
    return candidates


def _score(
    question: str,
    query_vector: npt.NDArray[np.float32],
    candidates: list[_Candidate],
    embed_sentences: SentenceEmbedder,
    config: AnswerConfig,
) -> npt.NDArray[np.float32]:
    """Score sentences by meaning, shared content words, and the rank of their passage."""
    if not candidates:
        return np.zeros(0, dtype=np.float32)
    vectors = embed_sentences([c.text for c in candidates])
    semantic = vectors @ query_vector.reshape(-1)
    asked = content_terms(question)
    overlap = np.array(
        [len(asked & content_terms(c.text)) / max(1, len(asked)) for c in candidates],
        dtype=np.float32,
    )
    # A sentence inherits some trust from the passage retrieval put it in.
    passage_prior = np.array([c.passage.dense_score for c in candidates], dtype=np.float32)
    combined = 0.6 * semantic + 0.25 * overlap + 0.15 * passage_prior
    if config.echo_penalty:
        echoes = np.array([_echoes(asked, c.text) for c in candidates], dtype=np.float32)
        combined = combined - config.echo_penalty * echoes
    if config.answer_type_weight:
        typed = np.array([_has_asked_type(question, asked, c.text) for c in candidates])
        combined = combined + config.answer_type_weight * typed.astype(np.float32)
    if config.rank_weight:
        position: dict[int, int] = {}
        for candidate in candidates:
            position.setdefault(candidate.passage.chunk_id, len(position))
        rank = np.array([1.0 / (1 + position[c.passage.chunk_id]) for c in candidates])
        combined = combined + config.rank_weight * rank.astype(np.float32)
    return np.asarray(combined, dtype=np.float32)


def _echoes(asked: set[str], sentence: str) -> bool:
    """Return whether a sentence only restates the question (or asks one) and so answers nothing."""
    if sentence.rstrip(" \"'”’)").endswith("?"):
        return True
    terms = content_terms(sentence)
    new = terms - asked
    return len(new) < 0.3 * max(1, len(terms))


def _has_asked_type(question: str, asked: set[str], sentence: str) -> bool:
    """Return whether a sentence holds what the question asks for: a number, a date or a name."""
    if _ASKS_NUMBER.search(question):
        return bool(_NUMBER.search(sentence))
    if _ASKS_DATE.search(question):
        return bool(_DATE.search(sentence))
    if _ASKS_NAME.search(question):
        # A capitalised word the question does not already hold, not just the sentence's first.
        for match in list(_WORD.finditer(sentence))[1:]:
            word = match.group()
            if word[0].isupper() and content_terms(word) - asked:
                return True
    return False


def _confidence(
    passages: list[Passage],
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


def _pick(
    candidates: list[_Candidate], scores: npt.NDArray[np.float32], config: AnswerConfig
) -> list[Quote]:
    order = np.argsort(-scores, kind="stable")
    best = float(scores[order[0]])
    per_article: dict[int, int] = {}
    quotes: list[Quote] = []
    for index in order:
        candidate = candidates[int(index)]
        score = float(scores[int(index)])
        # Weak sentences dilute a good answer; keep those close to the best one.
        if quotes and score < best * 0.75:
            break
        article_id = candidate.passage.source.article_id
        if per_article.get(article_id, 0) >= config.quotes_per_article:
            continue
        per_article[article_id] = per_article.get(article_id, 0) + 1
        quotes.append(
            Quote(
                article_id=article_id,
                chunk_id=candidate.passage.chunk_id,
                text=candidate.text,
                start=candidate.span.start,
                end=candidate.span.end,
                score=round(score, 4),
            )
        )
        if len(quotes) >= config.max_quotes:
            break
    return quotes


def _closest(passages: list[Passage], limit: int) -> tuple[SourceRef, ...]:
    sources: list[SourceRef] = []
    for passage in passages:
        if passage.source not in sources:
            sources.append(passage.source)
        if len(sources) >= limit:
            break
    return tuple(sources)
