"""The features a quote candidate is scored on, as a reader would judge the sentence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from retrieval.query.features import FEATURES, Candidate, candidate_features, candidates_of
from retrieval.types import Entity, Passage, SourceRef, Span

QUESTION = "Who leads the Harbor City council?"
TEXT = "Who leads the Harbor City council? The council is led by Ines Calder, elected in March."
FIRST, SECOND = Span(0, 34), Span(35, len(TEXT))


def _passage(published: str | None = "2024-03-14") -> Passage:
    source = SourceRef(1, "Harbor City council", None, None, published)
    calder = TEXT.index("Ines Calder")
    harbor = TEXT.index("Harbor City")
    return Passage(
        chunk_id=7,
        source=source,
        start=0,
        end=len(TEXT),
        text=TEXT,
        score=1.0,
        dense_score=0.7,
        dense_rank=1,
        lexical_rank=2,
        sentences=(FIRST, SECOND),
        entities=(
            (Entity("GPE", harbor, harbor + 11),),
            (
                Entity("PERSON", calder, calder + 11),
                Entity("DATE", TEXT.index("March"), len(TEXT) - 1),
            ),
        ),
    )


def _features(passage: Passage, as_of: date | None) -> dict[str, np.ndarray]:
    candidates = candidates_of([passage], [], min_words=3)
    vectors = np.eye(2, 4, dtype=np.float32)
    rows = candidate_features(
        QUESTION,
        np.array([1, 0, 0, 0], dtype=np.float32),
        candidates,
        vectors,
        {"lead": 1.0, "harbor": 2.0, "council": 1.0},
        lambda text: set(text.lower().replace("?", "").split()),
        as_of,
    )
    return {name: rows[:, i] for i, name in enumerate(FEATURES)}


def test_candidates_keep_each_sentences_own_entities() -> None:
    candidates = candidates_of([_passage()], [], min_words=3)
    assert [c.text for c in candidates] == [TEXT[:34], TEXT[35:]]
    assert isinstance(candidates[0], Candidate)
    assert [e.label for e in candidates[1].entities or ()] == ["PERSON", "DATE"]


def test_the_sentence_naming_a_new_person_matches_a_who_question_and_the_echo_does_not() -> None:
    found = _features(_passage(), date(2024, 3, 20))
    assert found["type_match"].tolist() == [0.0, 1.0]
    assert found["type_miss"].tolist() == [1.0, 0.0]
    assert found["asks_back"].tolist() == [1.0, 0.0]
    assert found["echo"][0] == 1.0 and found["echo"][1] == 0.0
    # "Harbor City" is in the question: shared, not new.
    assert found["shared_entities"][0] > 0 and found["novel_entities"][0] == 0


def test_an_article_near_the_questions_date_is_more_timely_than_an_old_one() -> None:
    near = _passage("2024-03-14")
    far = replace(
        _passage("2021-01-01"),
        chunk_id=8,
        source=replace(near.source, article_id=2, published="2021-01-01"),
    )
    candidates = candidates_of([near, far], [], min_words=3)
    rows = candidate_features(
        QUESTION,
        np.array([1, 0, 0, 0], dtype=np.float32),
        candidates,
        np.tile(np.eye(2, 4, dtype=np.float32), (2, 1)),
        {"lead": 1.0},
        lambda text: set(text.lower().split()),
        date(2024, 3, 20),
    )
    timely = rows[:, FEATURES.index("timely")]
    # Counted against the most timely candidate: the near article's sentences are at 0.
    assert timely[0] == timely[1] == 0.0 and timely[2] < 0 and timely[3] < 0


def test_without_a_question_date_every_article_is_undated_and_none_more_timely() -> None:
    found = _features(_passage(), None)
    assert found["undated"].tolist() == [1.0, 1.0] and found["timely"].tolist() == [0.0, 0.0]
