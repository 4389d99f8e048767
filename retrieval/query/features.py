"""What is known about each quote candidate: the numbers a learned scorer weighs.

The same function builds the features at question time and when the scorer is trained, so
the model always sees what it was trained on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import Stemmer

from retrieval.index.bm25 import weighted_share
from retrieval.query.answer_types import asked_labels
from retrieval.query.fusion import date_closeness, published_date
from retrieval.types import Entity, Passage, Span

WORD = re.compile(r"[\w’']+", re.UNICODE)
_stemmer = Stemmer.Stemmer("english")
# Function words carry no evidence that a sentence answers the question.
_STOP_WORDS = (
    "a an the and or but of to in on at for from by with about as is are was were be been being "
    "do does did what which who whom whose when where why how that this these those it its he "
    "she they them his her their we you i me my our your there here than then so not no has "
    "have had will would can could should may might must say said says tell told"
)
FUNCTION_WORDS = frozenset(_STOP_WORDS.split())
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|million|billion|trillion|dozen|half|third|quarter)\b",
    re.IGNORECASE,
)
# Days either side of the question's date at which an article counts as half as timely.
DATE_SCALE_DAYS = 30.0

FEATURES: tuple[str, ...] = (
    "semantic",
    "semantic_gap",
    "passage_dense",
    "passage_rank",
    "article_rank",
    "lexical_hit",
    "context",
    "overlap",
    "rare_overlap",
    "echo",
    "asks_back",
    "type_known",
    "type_match",
    "type_miss",
    "novel_entities",
    "shared_entities",
    "has_number",
    "words",
    "position",
    "timely",  # date closeness to the question's date, less the most timely candidate's
    "undated",
)

# Rarity weights of a question's terms, and the terms a text holds, from the BM25 index.
TermWeights = Callable[[str], dict[str, float]]
TextTerms = Callable[[str], set[str]]


@dataclass(frozen=True)
class Candidate:
    """One sentence that could be quoted, with the passage it sits in."""

    passage: Passage
    span: Span
    text: str
    entities: tuple[Entity, ...] | None  # None: stored before entities were computed
    context: bool  # from a chunk next to a retrieved passage, not a retrieved one


def content_terms(text: str) -> set[str]:
    """Return the stemmed content words of a text."""
    words = [w.lower().replace("’", "'") for w in WORD.findall(text)]
    return {_stemmer.stemWord(w) for w in words if w not in FUNCTION_WORDS and len(w) > 1}


def candidates_of(
    passages: Sequence[Passage], context: Sequence[Passage], min_words: int
) -> list[Candidate]:
    """Return the sentences of the passages (then their neighbours), each once, long enough."""
    seen: set[tuple[int, int, int]] = set()
    found: list[Candidate] = []
    tagged = [(p, False) for p in passages] + [(p, True) for p in context]
    for passage, is_context in tagged:
        entities = passage.entities
        for index, span in enumerate(passage.sentences):
            key = (passage.source.article_id, span.start, span.end)
            if key in seen:  # chunks overlap by a sentence
                continue
            seen.add(key)
            text = passage.text[span.start - passage.start : span.end - passage.start]
            if len(WORD.findall(text)) < min_words:
                continue
            own = entities[index] if entities is not None and index < len(entities) else None
            found.append(Candidate(passage, span, text, own, is_context))
    return found


def echoes(asked: set[str], terms: set[str]) -> bool:
    """Return whether a sentence's content terms only restate the question's (`asked`)."""
    return len(terms - asked) < 0.3 * max(1, len(terms))


def asks_back(sentence: str) -> bool:
    """Return whether a sentence is itself a question, which answers nothing."""
    return sentence.rstrip(" \"'”’)").endswith("?")


@dataclass(frozen=True)
class _Asked:
    """What every candidate of one question is compared with."""

    asked: set[str]  # the question's content terms
    wanted: frozenset[str]  # the entity labels its answer would carry
    folded: str  # the question, case-folded
    weights: dict[str, float]  # rarity of the question's terms
    text_terms: TextTerms
    as_of: date | None
    best_similarity: float
    chunk_rank: dict[int, int]  # retrieved passages in order (neighbours have none)
    article_rank: dict[int, int]


def candidate_features(
    question: str,
    query_vector: npt.NDArray[np.float32],
    candidates: Sequence[Candidate],
    sentence_vectors: npt.NDArray[np.float32],
    term_weights: dict[str, float],
    text_terms: TextTerms,
    as_of: date | None,
) -> npt.NDArray[np.float32]:
    """Return one row of FEATURES per candidate."""
    if not candidates:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    semantic = sentence_vectors @ query_vector.reshape(-1)
    chunk_rank: dict[int, int] = {}
    article_rank: dict[int, int] = {}
    for candidate in candidates:
        if not candidate.context:
            chunk_rank.setdefault(candidate.passage.chunk_id, len(chunk_rank))
        article_rank.setdefault(candidate.passage.source.article_id, len(article_rank))
    asked = _Asked(
        asked=content_terms(question),
        wanted=asked_labels(question),
        folded=question.casefold(),
        weights=term_weights,
        text_terms=text_terms,
        as_of=as_of,
        best_similarity=float(semantic.max()),
        chunk_rank=chunk_rank,
        article_rank=article_rank,
    )
    similarities = semantic.tolist()
    rows = [_row(c, sim, asked) for c, sim in zip(candidates, similarities, strict=True)]
    found = np.asarray(rows, dtype=np.float32)
    # Timeliness counts against the most timely candidate, not the calendar: a library of
    # older articles asked about today must not look less sure of every answer for it.
    timely = FEATURES.index("timely")
    found[:, timely] -= found[:, timely].max()
    return found


def _row(candidate: Candidate, similarity: float, asked: _Asked) -> tuple[float, ...]:
    """Return one candidate's FEATURES, in order."""
    passage = candidate.passage
    present = asked.text_terms(candidate.text)
    terms = content_terms(candidate.text)
    novel, shared = _entities(candidate, asked.folded)
    typed = bool(asked.wanted) and any(e.label in asked.wanted for e in novel)
    day = published_date(passage.source.published)
    rank = asked.chunk_rank.get(passage.chunk_id)
    undated = day is None or asked.as_of is None
    return (
        similarity,
        similarity - asked.best_similarity,
        passage.dense_score,
        0.0 if rank is None else 1.0 / (1 + rank),
        1.0 / (1 + asked.article_rank[passage.source.article_id]),
        0.0 if passage.lexical_rank is None else 1.0 / passage.lexical_rank**0.5,
        float(candidate.context),
        len(asked.asked & terms) / max(1, len(asked.asked)),
        weighted_share(asked.weights, present),
        float(echoes(asked.asked, terms)),
        float(asks_back(candidate.text)),
        float(bool(asked.wanted)),
        float(typed),
        float(bool(asked.wanted) and not typed),
        math.log1p(len(novel)),
        math.log1p(shared),
        float(bool(_NUMBER.search(candidate.text))),
        math.log1p(len(WORD.findall(candidate.text))),
        math.log1p(candidate.span.start / 500),
        0.0
        if day is None or asked.as_of is None
        else date_closeness(day, asked.as_of, DATE_SCALE_DAYS),
        float(undated),
    )


def _entities(candidate: Candidate, folded_question: str) -> tuple[list[Entity], int]:
    """Return the sentence's entities the question does not name, and how many it does."""
    entities = candidate.entities or ()
    start = candidate.span.start
    novel = [
        e
        for e in entities
        if candidate.text[e.start - start : e.end - start].casefold() not in folded_question
    ]
    return novel, len(entities) - len(novel)
