"""What a question asks for, read from its wording as entity labels."""

from __future__ import annotations

import pytest

from retrieval.query.answer_types import asked_labels


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("Who won the mayoral election in Leeds?", "PERSON", "DATE"),
        ("Which country hosted the climate summit?", "GPE", "PERSON"),
        ("Which tech company bought the startup?", "ORG", "GPE"),
        ("Where did the earthquake strike on Monday?", "GPE", "PERSON"),
        ("When will the bridge reopen?", "DATE", "PERSON"),
        ("How many people were evacuated?", "CARDINAL", "PERSON"),
        ("For the first time in how many years did the river freeze?", "DATE", "PERSON"),
        ("What percentage of voters backed the measure?", "PERCENT", "CARDINAL"),
        ("How much did the painting sell for?", "MONEY", "PERSON"),
        ("Which nationality were most of the climbers?", "NORP", "DATE"),
        ("Which Republican lost several votes?", "PERSON", "DATE"),
    ],
)
def test_a_question_asks_for_the_kind_of_entity_its_wording_names(
    question: str, expected: str, not_expected: str
) -> None:
    labels = asked_labels(question)
    assert expected in labels and not_expected not in labels


def test_a_question_that_names_no_kind_of_answer_asks_for_nothing_in_particular() -> None:
    assert asked_labels("What did the embassy say about Hezbollah?") == frozenset()
