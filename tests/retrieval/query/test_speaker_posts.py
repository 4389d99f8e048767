"""Speakers asked for by what a newsroom calls their post, or by a post with where it is held:
"Mexico's top diplomat", "the NWS hydrologist in Portland"."""

from __future__ import annotations

import pytest

from retrieval.query.placed_posts import speaks_as_in
from retrieval.query.speaker_names import speaks_as
from retrieval.types import Speaker

EBRARD = Speaker("He", "Marcelo Ebrard", "Mexico Foreign Affairs Secretary")
BLINKEN = Speaker("Secretary of State Antony Blinken", "Antony Blinken", "Secretary of State")
COMMISSIONER = Speaker("she", "Keechant Sewell", "NYPD Police Commissioner")
HYDROLOGIST = Speaker("Bryant", "Andy Bryant", "NWS hydrologist")


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("Mexico's top diplomat", EBRARD),
        ("the top US diplomat", BLINKEN),
        ("America's top diplomat", BLINKEN),
        ("the NYPD's top cop", COMMISSIONER),
    ],
)
def test_a_newsrooms_name_for_a_post_asks_for_its_holder(asked: str, speaker: Speaker) -> None:
    assert speaks_as(asked, speaker)


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("Mexico's top diplomat", BLINKEN),
        ("the top US diplomat", COMMISSIONER),
        ("the top prosecutor", COMMISSIONER),
    ],
)
def test_a_newsrooms_name_for_a_post_matches_no_one_else(asked: str, speaker: Speaker) -> None:
    assert not speaks_as(asked, speaker)


def test_a_post_held_in_a_place_takes_the_place_from_the_passage() -> None:
    around = "The National Weather Service in Portland expects 2 inches of rain."
    assert speaks_as_in("the NWS hydrologist in Portland", HYDROLOGIST, around)
    assert not speaks_as_in("the NWS hydrologist in Denver", HYDROLOGIST, around)
    assert not speaks_as_in("the NWS meteorologist in Portland", HYDROLOGIST, around)
