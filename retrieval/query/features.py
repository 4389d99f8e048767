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


def echoes(asked: set[str], sentence: str) -> bool:
    """Return whether a sentence only restates the question's words and so answers nothing."""
    terms = content_terms(sentence)
    return len(terms - asked) < 0.3 * max(1, len(terms))


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
    asked = content_terms(question)
    wanted = asked_labels(question)
    folded_question = question.casefold()
    chunk_rank: dict[int, int] = {}
    article_rank: dict[int, int] = {}
    for candidate in candidates:
        if not candidate.context:
            chunk_rank.setdefault(candidate.passage.chunk_id, len(chunk_rank))
        article_rank.setdefault(candidate.passage.source.article_id, len(article_rank))
    total_weight = sum(term_weights.values()) or 1.0
    best = float(semantic.max())
    rows = []
    for candidate, similarity in zip(candidates, semantic.tolist(), strict=True):
        passage = candidate.passage
        terms = content_terms(candidate.text)
        present = text_terms(candidate.text)
        rare = sum(w for t, w in term_weights.items() if t in present) / total_weight
        entities = candidate.entities or ()
        texts = [
            candidate.text[e.start - candidate.span.start : e.end - candidate.span.start]
            for e in entities
        ]
        novel = [
            e for e, t in zip(entities, texts, strict=True) if t.casefold() not in folded_question
        ]
        shared = len(entities) - len(novel)
        typed = bool(wanted) and any(e.label in wanted for e in novel)
        day = published_date(passage.source.published)
        rank = chunk_rank.get(passage.chunk_id)
        rows.append(
            (
                similarity,
                similarity - best,
                passage.dense_score,
                0.0 if rank is None else 1.0 / (1 + rank),
                1.0 / (1 + article_rank[passage.source.article_id]),
                0.0 if passage.lexical_rank is None else 1.0 / passage.lexical_rank**0.5,
                float(candidate.context),
                len(asked & terms) / max(1, len(asked)),
                rare,
                float(echoes(asked, candidate.text)),
                float(candidate.text.rstrip(" \"'”’)").endswith("?")),
                float(bool(wanted)),
                float(typed),
                float(bool(wanted) and not typed),
                math.log1p(len(novel)),
                math.log1p(shared),
                float(bool(_NUMBER.search(candidate.text))),
                math.log1p(len(WORD.findall(candidate.text))),
                math.log1p(candidate.span.start / 500),
                0.0
                if day is None or as_of is None
                else date_closeness(day, as_of, DATE_SCALE_DAYS),
                float(day is None or as_of is None),
            )
        )
    found = np.asarray(rows, dtype=np.float32)
    # Timeliness counts against the most timely candidate, not the calendar: a library of
    # older articles asked about today must not look less sure of every answer for it.
    timely = FEATURES.index("timely")
    found[:, timely] -= found[:, timely].max()
    return found
