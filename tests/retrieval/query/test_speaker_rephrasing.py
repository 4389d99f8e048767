"""Other wordings of a question about what someone said read as the forms they mean."""

from __future__ import annotations

import pytest

from retrieval.query.speaker_rephrasing import rephrased
from retrieval.query.speakers import speaker_question


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        ("What did the embassy have to say about Hezbollah?", "the embassy", "Hezbollah"),
        ("What has the governor had to say about the flooding?", "the governor", "the flooding"),
        ("Tell me what the embassy said about Hezbollah.", "the embassy", "Hezbollah"),
        ("Can you show me what Blinken said about Gaza?", "Blinken", "Gaza"),
        (
            "Tell me what Becerra said the administration did for older people.",
            "Becerra",
            "the administration did for older people",
        ),
        (
            "How would the NFL's music chief sum up Rihanna's impact?",
            "the NFL's music chief",
            "Rihanna's impact",
        ),
        ("What the embassy said about Hezbollah", "the embassy", "Hezbollah"),
        ("Quotes from Blinken about Gaza?", "Blinken", "Gaza"),
        ("Comments by the FDA on the recall", "the FDA", "the recall"),
        ("What was said by the governor about the flooding?", "the governor", "the flooding"),
        (
            "What is the governor quoted as saying about the flooding?",
            "the governor",
            "the flooding",
        ),
        ("What did the embassy's statement say about Hezbollah?", "the embassy", "Hezbollah"),
        (
            "What did the statement from the White House say about the flooding?",
            "the White House",
            "the flooding",
        ),
        ("What position did the embassy take on Hezbollah?", "the embassy", "Hezbollah"),
        (
            "What statement did the governor release about the flooding?",
            "the governor",
            "the flooding",
        ),
        ("What were the governor's remarks about the flooding?", "the governor", "the flooding"),
        ("What did the governor note about the flooding?", "the governor", "the flooding"),
        ("Did Blinken mention Gaza?", "Blinken", "Gaza"),
        ("Did the embassy address Hezbollah?", "the embassy", "Hezbollah"),
        ("What did Blinken discuss with Netanyahu?", "Blinken", "Netanyahu"),
        ("What did the FDA point out about the recall?", "the FDA", "the recall"),
        # Put the way people talk.
        ("So what did the FDA say about the recall?", "the FDA", "the recall"),
        ("I want to know what Jane Smith said about the recall", "Jane Smith", "the recall"),
        ("Do you know what the FDA said about the recall?", "the FDA", "the recall"),
        ("Show me the FDA's comments on the recall", "the FDA", "the recall"),
        ("Give me Blinken's quotes about Gaza", "Blinken", "Gaza"),
        ("What's the latest from the FDA on the recall?", "the FDA", "the recall"),
        ("Has there been any response from the FDA to the recall?", "the FDA", "the recall"),
        ("Was there a statement from Jane Smith about the recall?", "Jane Smith", "the recall"),
        ("Did anyone from the FDA comment on the recall?", "the FDA", "the recall"),
        ("What are people at the FDA saying about the recall?", "the FDA", "the recall"),
        ("What did Jane Smith go on to say about the recall?", "Jane Smith", "the recall"),
        (
            "According to a statement from the FDA, why was the recall needed?",
            "the FDA",
            "why was the recall needed",
        ),
        ("What did the FDA conclude about the recall?", "the FDA", "the recall"),
        ("What did the FDA caution about the recall?", "the FDA", "the recall"),
        ("What does the FDA make of the recall?", "the FDA", "the recall"),
        ("Did the FDA defend the recall?", "the FDA", "the recall"),
        # A noun that is also a verb of speech ("recall") is no verb after a verb's particle.
        ("Did the FDA rule out another recall?", "the FDA", "another recall"),
        ("What did the governor stress about the flooding?", "the governor", "the flooding"),
        ("Who did the mayor thank for the rescue?", "the mayor", "Who did thank for the rescue"),
        (
            "What was the reaction from the ADL to the donation?",
            "the ADL",
            "the donation",
        ),
        ("What did the governor tell CNN about the flooding?", "the governor", "the flooding"),
        ("What did the mayor tell reporters about the budget?", "the mayor", "the budget"),
        ("What was said about Hezbollah by the embassy?", "the embassy", "Hezbollah"),
        ("What has the embassy been saying about Hezbollah?", "the embassy", "Hezbollah"),
        ("Has the embassy weighed in on Hezbollah?", "the embassy", "Hezbollah"),
        ("Did the embassy speak out about Hezbollah?", "the embassy", "Hezbollah"),
        ("The embassy's view on Hezbollah?", "The embassy", "Hezbollah"),
        ("What did Hamas reiterate about a ceasefire?", "Hamas", "a ceasefire"),
        ("Is a ceasefire near, in Hamas's view?", "Hamas", "is a ceasefire near"),
        (
            "In the embassy's view, can Hezbollah be talked down?",
            "the embassy",
            "can hezbollah be talked down",
        ),
        ("What's the embassy's top priority on Hezbollah?", "the embassy", "Hezbollah"),
        (
            "What did Blinken consider the main goal of his trip?",
            "Blinken",
            "the main goal of his trip",
        ),
        (
            "What did the embassy's statement about Blinken's visit say?",
            "the embassy",
            "Blinken's visit",
        ),
        (
            "What were the governor's exact words about the flooding?",
            "the governor",
            "the flooding",
        ),
        ("Quote the governor on the flooding", "the governor", "the flooding"),
        ("What's the police account of the shooting?", "the police", "the shooting"),
        ("Was the airline apologetic about the delays?", "the airline", "the delays"),
        ("What message did the pope have for Ukraine?", "the pope", "Ukraine"),
        ("Anything from the Pentagon on the balloon?", "the Pentagon", "the balloon"),
        ("Any updates from the FDA on the recall?", "the FDA", "the recall"),
    ],
)
def test_another_wording_asks_the_same_speaker_about_the_same_topic(
    question: str, speaker: str, topic: str
) -> None:
    asked = speaker_question(question)
    assert asked is not None
    assert (asked.speaker, asked.topic) == (speaker, topic)


@pytest.mark.parametrize(
    "question",
    [
        "What did Hamas demand?",
        "What did the governor vow?",
        "What was the embassy's warning?",
        "What did Blinken talk about?",
        "What did Blinken's post say?",
        "What was in the embassy's statement?",
        "What was in Blinken's post?",
    ],
)
def test_a_question_with_no_topic_asks_for_the_speaker_alone(question: str) -> None:
    asked = speaker_question(question)
    assert asked is not None
    assert asked.speaker in {"Hamas", "the governor", "the embassy", "Blinken"}
    assert asked.topic == ""


def test_a_post_asked_of_is_what_its_owner_posted() -> None:
    asked = speaker_question("What did Musk's tweet say about Twitter?")
    assert asked is not None
    assert (asked.speaker, asked.topic, asked.wording) == ("Musk", "Twitter", "tweet about Twitter")


def test_why_someone_is_doing_something_asks_them_where_they_are_quoted() -> None:
    asked = speaker_question("Why is Mikie Sherrill voting for the bill?")
    assert asked is not None
    assert (asked.speaker, asked.tentative, asked.wants_reason) == ("Mikie Sherrill", True, True)


def test_a_figure_someone_put_on_something_is_asked_of_them() -> None:
    asked = speaker_question("What price tag did the Jackson mayor put on fixing the water crisis?")
    assert asked is not None
    assert (asked.speaker, asked.topic) == ("the Jackson mayor", "fixing the water crisis")
    assert "MONEY" in asked.wants  # the statement holding an amount comes first


def test_per_names_a_source_as_according_to_does() -> None:
    first = speaker_question("Per the governor, how many homes were destroyed?")
    last = speaker_question("How many homes were destroyed, per the governor?")
    assert first is not None and last is not None
    assert first.speaker == last.speaker == "the governor"
    assert first.factoid and last.factoid


def test_where_someone_stands_is_asked_of_them() -> None:
    asked = speaker_question("Where does the senator stand on the levee bill?")
    assert asked is not None
    assert asked.speaker == "the senator"
    assert "levee bill" in asked.topic


@pytest.mark.parametrize(
    "question",
    [
        # A question about who did something names no speaker.
        "What NFL star announced his retirement on Tuesday?",
        "What company said it would cut jobs?",
        # A rate is no source.
        "Per capita, which state spends the most on schools?",
        "How much does gas cost, per gallon?",
        # A stance of no one, and a thing's state.
        "The company's position in the market",
        "What was the final score in Manchester City's game against West Ham on Sunday?",
        # A saying is no one's quote, and news from a place is no statement of it.
        "Quote of the day about love",
        "Any news from Gaza about the hostages?",
    ],
)
def test_questions_of_fact_stay_questions_of_fact(question: str) -> None:
    assert speaker_question(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "What did the lawsuit say?",  # a channel with no one named keeps its words
        "When did Blinken take off for Israel?",
        "Which county will host the chip plant?",
        # "people with" inside the topic names no speaker.
        "What does Valega suggest people with spare cash do right now?",
        "What's the latest on the recall?",
    ],
)
def test_other_wordings_are_left_as_they_are(question: str) -> None:
    assert rephrased(question) == question


def test_whom_someone_told_is_kept_where_no_topic_follows() -> None:
    asked = speaker_question("What did Blinken tell Netanyahu?")
    assert asked is not None
    assert asked.topic == "Netanyahu"
    told = speaker_question("What did Jim Craig tell residents to be careful about when bathing?")
    assert told is not None
    assert told.topic.startswith("residents to be careful")
