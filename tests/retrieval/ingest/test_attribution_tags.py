"""Attribution rules 39, through the real parser and recogniser: a quotation that a question or
exclamation mark ends as a sentence, attributed by the short sentence after it ("“Are you Paul
Pelosi?” DePape asked."), is that speaker's, whoever spoke in the sentence before; cries and
accusations beside a quotation report speech; a body's name written before a name the
recogniser took for a person's is no title."""

from __future__ import annotations

import pytest

from tests.retrieval.ingest.test_attribution_phrases import _name_of, _speaker_of

_KIM = (
    "The former president praised the appointment on Friday. "
    '"Congratulations to Kim Jong Un!" Trump proclaimed. The post drew criticism.'
)
_FILING = (
    "Police released a transcript of the call on Friday. "
    "“Are you Paul Pelosi?” DePape asked, according to the documents. "
    "“Well, when is she coming back?” DePape asked.\n\n"
    "“I don’t know, what do you think?” Pelosi asked DePape."
)


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A verb that reports speech only beside a quotation, in the tag after one.
        (_KIM, "Trump proclaimed", "Trump"),
        (_KIM, '"Congratulations', "Trump"),
        # The one who asked, not the filing that reports it.
        (_FILING, "DePape asked, according", "DePape"),
        (_FILING, "“Are you Paul Pelosi?”", "DePape"),
        # The tag names who asked, though the one before spoke last.
        (_FILING, "“I don’t know", "Paul Pelosi"),
    ],
)
def test_a_quotation_ended_by_its_own_mark_is_the_speaker_its_tag_names(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # A quotation ended by a full stop is attributed where it stands; what follows is news.
        ("The mayor said: “We are done.” Officials then called for calm.", "Officials then"),
        # A new paragraph is no tag.
        ("“Are you ready?”\n\nThe organizers asked volunteers to arrive early.", "The organizers"),
    ],
)
def test_a_sentence_after_a_quotation_is_no_tag_unless_it_follows_a_question_or_cry(
    text: str, sentence: str
) -> None:
    assert _name_of(text, sentence) == ""


def test_a_bodys_name_before_a_name_taken_for_a_persons_is_no_title() -> None:
    # The recogniser reads "Hawaiian Volcano Observatory" here as a person, so "USGS" before it
    # looks like a title; the survey speaking later is still the survey, not the observatory.
    text = (
        "The eruption may soon end, according to the US Geological Survey.\n\n"
        "“Most lava is confined to the vent in a small pond,” USGS said.\n\n"
        "Earlier Saturday, David Phillips, deputy scientist-in-charge of the USGS Hawaiian "
        "Volcano Observatory, described the slowing volcano activity."
    )
    speaker = _speaker_of(text, "“Most lava")
    assert speaker is not None and speaker.name == "USGS"


def test_a_quotation_before_the_subject_is_no_part_of_the_speakers_name() -> None:
    speaker = _speaker_of(
        "Scott began to preach to the crowd. “Hell, no!” people yelled back.", "“Hell, no!”"
    )
    assert speaker is not None and speaker.written == "people"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("China on Wednesday accused the U.S. of creating “fear and panic” over Ukraine.", "China"),
        ("“Shame on you!” demonstrators shouted as they left the room.", "demonstrators"),
        # Passive: accused, not accusing.
        ("The mayor was accused of calling the plan “a scam” in 2019.", ""),
    ],
)
def test_accusing_and_crying_out_beside_a_quotation_report_speech(text: str, name: str) -> None:
    assert _name_of(text, text[:12]) == name
