"""Attribution rules 46, through the real parser and recogniser: what "he added" or "he has
claimed" puts or wins is no statement, and the one a writer spoke with is whom the "she said"
after means."""

from __future__ import annotations

import pytest

from tests.retrieval.ingest.test_attribution_phrases import _speaker_of


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # "added" something to something: an act, not a remark.
        (
            "Whitmore, an Iowa songwriter, has played banjo for two decades.\n\n"
            'He added electric guitar to the mix on his latest recording, an album called "Radium '
            'Death."',
            "He added electric",
        ),
        # "claimed" a number of medals: won, not said.
        (
            "Kingsbury won again in Deer Valley on Friday.\n\n"
            "The most accomplished mogul skier in history, he has claimed the highest number of "
            "medals of any male skier ever.",
            "The most accomplished",
        ),
    ],
)
def test_adding_or_claiming_a_thing_is_no_statement(text: str, sentence: str) -> None:
    assert _speaker_of(text, sentence) is None


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # Still remarks: "added that…", and a quotation's "adding that…".
        ("The mayor added that the city would add two more buses to the route.", "The mayor"),
        ('"We will add more flights," the airline said, adding that fares would stay low.', '"We'),
        # A prize named inside what was claimed is no prize taken.
        ("Pence claimed the administration oversaw record-low unemployment.", "Pence claimed"),
    ],
)
def test_adding_a_remark_is_still_a_statement(text: str, sentence: str) -> None:
    assert _speaker_of(text, sentence) is not None


def test_she_said_after_the_writer_spoke_with_someone_is_them() -> None:
    text = (
        "Travel can teach children a lot.\n\n"
        "I spoke with Jessika Boles, an assistant professor of psychology at Vanderbilt "
        "University, about family trips.\n\n"
        '"Kids need exposure to new experiences, new problems, and new adventures," she said.'
    )
    speaker = _speaker_of(text, '"Kids need')
    assert speaker is not None and speaker.name == "Jessika Boles"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        (
            "Talks between the automaker and the union went on through the weekend.\n\n"
            "Stellantis provided a statement late Friday that said the discussions "
            '"continue to be constructive."',
            "Stellantis provided",
            "Stellantis",
        ),
        (
            "Last November, Texas Gov. Greg Abbott sent a letter to the state's school board "
            "association asking it to remove the books.",
            "Last November",
            "Greg Abbott",
        ),
    ],
)
def test_a_statement_provided_or_a_letter_sent_is_theirs(
    text: str, sentence: str, name: str
) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and speaker.name == name


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # A thing that "sends a message" says nothing itself.
        (
            "Tuesday's California results will likely send a stark message to the Democrats "
            "controlling Congress.",
            "Tuesday",
        ),
        # Nor does one only trying to send one.
        (
            "Russia is the most likely culprit, and Putin is likely trying to send a message to "
            "the West.",
            "Russia is",
        ),
    ],
)
def test_a_message_sent_by_a_thing_or_meant_is_no_statement(text: str, sentence: str) -> None:
    assert _speaker_of(text, sentence) is None
