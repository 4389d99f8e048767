"""Government bodies told from businesses, for "the company said" and "the agency said"."""

from __future__ import annotations

import pytest

from retrieval.ingest.public_bodies import is_public_body
from tests.retrieval.ingest.test_attribution_phrases import _speaker_of

TEXT = "The US Food and Drug Administration issued an alert. Fire Department Coffee sued."


@pytest.mark.parametrize(
    ("name", "public"),
    [
        ("FDA", True),  # initials the text spells out
        ("Department of Agriculture", True),
        ("Consumer Product Safety Commission", True),
        ("Fire Department Coffee", False),  # a business whose name holds a public word
        ("Family Dollar", False),
        ("NBA", False),  # initials the text does not spell out as a public body
    ],
)
def test_a_public_body_by_its_head_noun_or_spelled_out_initials(name: str, public: bool) -> None:
    assert is_public_body(name, TEXT) is public


@pytest.mark.parametrize(
    ("text", "sentence", "body"),
    [
        # The government body named shortly before, not a business named since.
        (
            "The National Highway Traffic Safety Administration is investigating the adequacy "
            "of Tesla's December 2023 recall of more than 2 million vehicles.\n\n"
            "NHTSA's Office of Defects Investigation is opening the investigation after it "
            "identified 20 crashes involving Tesla vehicles with updated software, the agency "
            "said in documents filed Friday.",
            "NHTSA's Office",
            "NHTSA",
        ),
        # Where no government body was named, any body.
        (
            "The actor Ana Ruiz won an award on Sunday and thanked her fans in a long speech.\n\n"
            "Talent firm WME signed the actor in March after a bidding war among several "
            "Hollywood firms.\n\n"
            "“We are thrilled to welcome her,” the agency said.",
            "“We are thrilled",
            "WME",
        ),
    ],
)
def test_the_agency_said_is_a_government_body_where_one_was_named(
    text: str, sentence: str, body: str
) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and speaker.name == body


def test_the_agency_is_the_body_its_own_sentence_names_before_one_named_earlier() -> None:
    text = (
        "The Justice Department opened an inquiry into the documents last spring.\n\n"
        "It came under greater scrutiny in February, after the National Archives obtained 15 "
        "boxes of records, some of which the agency later confirmed were classified."
    )
    speaker = _speaker_of(text, "It came under")
    assert speaker is None or speaker.name != "Justice Department"


def test_a_heading_in_capitals_names_no_body() -> None:
    text = (
        "Tunisian authorities opened an investigation into the sinking.\n\n"
        "TODAY'S QUOTE\n\n"
        "Officials expect the clean-up to take weeks. The ministry said barriers would be set "
        "up to limit the spread of the fuel."
    )
    ministry = _speaker_of(text, "The ministry said")
    assert ministry is None or ministry.name != "QUOTE"
