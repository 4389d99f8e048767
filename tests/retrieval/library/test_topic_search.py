"""Which passages a speaker question reads more of: those naming the speaker first."""

from __future__ import annotations

from retrieval.library.topic_search import looked_up_words, naming_first
from retrieval.types import Passage, SourceRef


def _passage(chunk_id: int, title: str, text: str) -> Passage:
    return Passage(
        chunk_id=chunk_id,
        source=SourceRef(chunk_id, title, None, None, None),
        start=0,
        end=len(text),
        text=text,
        score=1.0,
        dense_score=0.5,
        dense_rank=chunk_id,
        lexical_rank=chunk_id,
    )


def test_passages_naming_the_speaker_come_first_the_others_keep_their_order() -> None:
    found = [
        _passage(1, "Council dispute", "Lawyers for the council weighed legal action."),
        _passage(2, "Union talks", "A lawyer for the union said action was a last resort."),
        _passage(3, "Meal kit illness", "Abby Stone fell ill after a meal kit arrived."),
        _passage(4, "Stone's recovery", "Doctors expect a full recovery."),
        _passage(5, "Airline delays", "Passengers took legal action over the delays."),
    ]
    ordered = naming_first(found, "Abby Stone's lawyer")
    assert [p.chunk_id for p in ordered] == [3, 4, 1, 2, 5]
    # No proper name asked ("the embassy"): the order found stands.
    assert naming_first(found, "the embassy") == found


def test_only_a_name_asked_is_looked_up_across_the_collection() -> None:
    assert looked_up_words("Warren") == {"warren"}
    assert looked_up_words("Sen. Elizabeth Warren") == {"elizabeth", "warren"}
    assert looked_up_words("Abby Silverman's lawyer") == {"abby", "silverman"}
    assert looked_up_words("Goldman Sachs analysts") == {"goldman", "sachs"}
    # A description could be anyone's, in any article: nothing is looked up.
    assert looked_up_words("the embassy") == frozenset()
    assert looked_up_words("his attorney") == frozenset()
