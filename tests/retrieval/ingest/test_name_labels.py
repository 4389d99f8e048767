"""One kind per name within an article: the recogniser's slips outvoted by its own tags."""

from __future__ import annotations

from retrieval.ingest.name_labels import (
    consistent_labels,
    person_shaped,
    places_by_use,
    whole_particle_names,
)
from retrieval.types import Entity


def _tagged(text: str, *mentions: tuple[str, str]) -> list[Entity]:
    """Tag each (name, label) at its next occurrence in the text, in order."""
    found: list[Entity] = []
    position = 0
    for name, label in mentions:
        start = text.index(name, position)
        found.append(Entity(label, start, start + len(name)))
        position = start + len(name)
    return found


def _labels(text: str, entities: list[Entity]) -> list[tuple[str, str]]:
    return [(text[e.start : e.end], e.label) for e in consistent_labels(text, entities)]


def test_a_company_tagged_a_person_once_is_a_company_throughout() -> None:
    text = (
        "Daily Harvest recalled the crumbles. She ate the Daily Harvest product twice. "
        "Daily Harvest's statement followed."
    )
    entities = _tagged(
        text, ("Daily Harvest", "ORG"), ("Daily Harvest", "PERSON"), ("Daily Harvest's", "ORG")
    )
    assert _labels(text, entities) == [
        ("Daily Harvest", "ORG"),
        ("Daily Harvest", "ORG"),
        ("Daily Harvest's", "ORG"),
    ]


def test_a_name_whose_kinds_tie_keeps_each_mentions_own() -> None:
    text = "Jordan spoke first. Jordan signed the deal."
    entities = _tagged(text, ("Jordan", "PERSON"), ("Jordan", "GPE"))
    assert _labels(text, entities) == [("Jordan", "PERSON"), ("Jordan", "GPE")]


def test_a_surname_of_a_person_named_in_full_is_that_person() -> None:
    text = "Luke Wesley Pearson fell ill. Pearson told reporters he had surgery."
    entities = _tagged(text, ("Luke Wesley Pearson", "PERSON"), ("Pearson", "PRODUCT"))
    assert _labels(text, entities)[1] == ("Pearson", "PERSON")


def test_dates_and_numbers_are_left_alone() -> None:
    text = "On May 5 the fund lost 5 million. May 5 is the date."
    entities = _tagged(text, ("May 5", "DATE"), ("5 million", "CARDINAL"), ("May 5", "DATE"))
    assert consistent_labels(text, entities) == entities


def test_a_name_cut_at_its_particles_runs_on_to_the_name_they_lead_to() -> None:
    text = "President Ursula von der Leyen said so. Faisal bin Farhan agreed."
    entities = _tagged(text, ("Ursula von", "PERSON"), ("Leyen", "GPE"), ("Faisal bin", "PERSON"))
    joined = [(text[e.start : e.end], e.label) for e in whole_particle_names(text, entities)]
    assert joined == [("Ursula von der Leyen", "PERSON"), ("Faisal bin Farhan", "PERSON")]


def test_a_particle_leading_to_no_name_is_no_part_of_one() -> None:
    text = "Maria Lopez de facto ran it. Carlos Ruiz, de la Cruz's aide, spoke."
    entities = _tagged(text, ("Maria Lopez", "PERSON"), ("Carlos Ruiz", "PERSON"))
    assert whole_particle_names(text, entities) == entities


def test_a_name_the_article_writes_with_the_is_no_person_anywhere_in_it() -> None:
    text = "Akeel trains for the infamous Dakar Rally. The Dakar Rally began in 1978."
    text = text.replace("The Dakar", "the Dakar")
    entities = _tagged(
        text, ("Akeel", "PERSON"), ("Dakar Rally", "PERSON"), ("the Dakar Rally", "PERSON")
    )
    shaped = [(text[e.start : e.end], e.label) for e in person_shaped(text, entities)]
    assert shaped == [("Akeel", "PERSON"), ("Dakar Rally", "ORG"), ("the Dakar Rally", "ORG")]


def test_no_person_is_written_in_lower_case_or_with_a_digit_or_a_slash() -> None:
    text = "Ann Lee saw lava rock at 01:42 - Source. Photo: John Moore/Getty Images"
    entities = _tagged(
        text,
        ("Ann Lee", "PERSON"),
        ("lava rock", "PERSON"),
        ("01:42 - Source", "PERSON"),
        ("John Moore/Getty Images", "PERSON"),
    )
    assert [text[e.start : e.end] for e in person_shaped(text, entities)] == ["Ann Lee"]


def test_a_name_opening_with_a_particle_is_still_a_persons() -> None:
    text = "Ayman al-Zawahiri and Bill de Blasio spoke."
    entities = _tagged(text, ("al-Zawahiri", "PERSON"), ("de Blasio", "PERSON"))
    assert person_shaped(text, entities) == entities


def test_a_one_word_name_written_where_places_are_is_a_place() -> None:
    text = (
        "In Atka, Nevzoroff manages the village store. Atka sits on an island. Boats reach "
        "Atka rarely. Supplies arrive at Atka by air. Lee Atka spoke; Atka said nothing."
    )
    entities = _tagged(
        text,
        ("Atka", "PERSON"),
        ("Nevzoroff", "PERSON"),
        ("Atka", "PERSON"),
        ("Atka", "PERSON"),
        ("Atka", "PERSON"),
    )
    labels = [(text[e.start : e.end], e.label) for e in places_by_use(text, entities)]
    assert labels == [
        ("Atka", "GPE"),
        ("Nevzoroff", "PERSON"),
        ("Atka", "GPE"),
        ("Atka", "GPE"),
        ("Atka", "GPE"),
    ]
    # The surname of someone the article names in full stays theirs, wherever it is written.
    named = [*entities, *_tagged(text, ("Lee Atka", "PERSON"))]
    assert {e.label for e in places_by_use(text, named) if text[e.start : e.end] == "Atka"} == {
        "PERSON"
    }


def test_a_person_written_once_after_in_stays_a_person() -> None:
    text = "Reyes spoke first. Reyes said it twice. Faith in Reyes grew. Reyes left."
    entities = _tagged(text, *[("Reyes", "PERSON")] * 4)
    assert {e.label for e in places_by_use(text, entities)} == {"PERSON"}
