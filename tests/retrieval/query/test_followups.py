"""Follow-up rewriting: the rules that make a follow-up stand alone, one behaviour each."""

from __future__ import annotations

import pytest

from retrieval.query.followups import (
    Turn,
    looks_like_question,
    names_in,
    quoted_names,
    standalone_question,
)
from retrieval.types import Answer, Entity, Named, Passage, Quote, SourceRef, Span

EMBASSY = "What did the embassy say about Hezbollah?"


def asked(previous: str, follow_up: str, *quoted: Named) -> str:
    return standalone_question(Turn(previous, tuple(quoted)), follow_up).question


def test_a_new_subject_keeps_the_earlier_topic() -> None:
    assert asked(EMBASSY, "And what did Hamas say?") == "What did Hamas say about Hezbollah?"


def test_what_about_puts_the_new_name_in_place_of_the_topic() -> None:
    assert asked(EMBASSY, "What about Hamas?") == "What did the embassy say about Hamas?"
    fined = "How much was Instagram fined for mishandling children's data?"
    assert asked(fined, "what about WhatsApp") == (
        "How much was WhatsApp fined for mishandling children's data?"
    )
    assert asked("Who won the cup in 2022?", "And what about 2018?") == "Who won the cup in 2018?"


def test_a_bare_when_was_that_asks_about_the_earlier_topic_with_its_verb() -> None:
    assert asked(EMBASSY, "when was that?") == "When did the embassy say that about Hezbollah?"
    assert asked("What did Biden announce?", "When was it?") == "When did Biden announce that?"
    detention = "How long was Brittney Griner's detention extended?"
    assert asked(detention, "When was that?") == "When was Brittney Griner's detention extended?"


def test_pronouns_take_the_names_the_first_quote_labels() -> None:
    retired = "Which NFL star announced his retirement on Tuesday?"
    gronk = Named("Rob Gronkowski", "PERSON")
    assert asked(retired, "How many Super Bowls did he win?", gronk) == (
        "How many Super Bowls did Rob Gronkowski win?"
    )
    griner = "How long was Brittney Griner's detention extended?"
    labelled = Named("Brittney Griner", "PERSON")
    assert asked(griner, "Who is her lawyer?", labelled) == "Who is Brittney Griner's lawyer?"
    assert asked(griner, "What did Jay-Z say about her?", labelled) == (
        "What did Jay-Z say about Brittney Griner?"
    )
    instagram = Named("Instagram", "ORG")
    assert asked("How much was Instagram fined?", "Will they appeal?", instagram) == (
        "Will Instagram appeal?"
    )


def test_the_company_or_the_country_is_the_one_the_answer_or_the_question_named() -> None:
    cut_ties = "Which company cut ties with Kyrie Irving?"
    nike, irving = Named("Nike", "ORG"), Named("Kyrie Irving", "PERSON")
    assert asked(cut_ties, "Why did the company do it?", nike, irving) == "Why did Nike do it?"
    assert asked(cut_ties, "What did the company's CEO say?", nike) == "What did Nike's CEO say?"
    host = "Which country will host the 2026 World Cup final?"
    capital = asked(host, "What is the capital of the country?", Named("United States", "GPE"))
    assert capital == "What is the capital of United States?"
    # No new name in the answer: the earlier question's topic, its last name.
    note = "What did Bank of America say about Bed Bath & Beyond?"
    replied = asked(note, "And what did the company say?", Named("Bank of America", "ORG"))
    assert replied.startswith("What did Bed Bath & Beyond say")
    # Nothing of that kind to point to: the words stay as typed, the topic carried.
    floods = "How many homes did the floods destroy last week?"
    assert asked(floods, "What did the company say?").startswith("What did the company say")
    # A person is not "the company", nor a number.
    scored = asked("Who scored 62 home runs?", "What did the team say?", irving)
    assert scored.startswith("What did the team say")


def test_a_person_is_never_guessed_from_an_unlabelled_name() -> None:
    # "Peru" is no "she": without a person in sight, the earlier topic is carried instead.
    assert asked("Who became president of Peru?", "How old is she?") == "How old is she (Peru)?"


def test_a_question_naming_nothing_carries_the_earlier_names() -> None:
    assert asked("Who bought the Denver Broncos?", "Who heads the purchasing group?") == (
        "Who heads the purchasing group (Denver Broncos)?"
    )


def test_a_self_contained_question_is_left_alone() -> None:
    question = "How many smokers quit in New Zealand in the past year?"
    rewrite = standalone_question(Turn("What did New Zealand ban?"), question)
    assert rewrite.question == question and not rewrite.rewritten
    assert standalone_question(None, "when was that?").question == "when was that?"


def test_only_context_rewrites_are_quoted_for_the_typed_words() -> None:
    resolved = standalone_question(Turn("Who bought the Denver Broncos?"), "Who heads the group?")
    assert resolved.quote_for == "Who heads the group?"
    substituted = standalone_question(Turn(EMBASSY), "What about Hamas?")
    assert substituted.quote_for is None  # "What about Hamas?" says nothing of what is asked


def test_names_are_capitalised_runs_without_question_words_or_possessives() -> None:
    assert names_in("What did Bank of America say about Bed Bath & Beyond?") == [
        "Bank of America",
        "Bed Bath & Beyond",
    ]
    assert names_in("Where did Sri Lanka's president flee to?") == ["Sri Lanka"]
    assert names_in("And what did he say?") == []


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("How many jobs?", True),
        ("and what did Hamas say", True),
        ("is it open on Sundays", True),
        ("thanks, great", False),
        ("lol", False),
        ("", False),
    ],
)
def test_unaddressed_messages_must_read_as_questions(text: str, question: bool) -> None:
    assert looks_like_question(text) is question


def test_quoted_names_come_from_the_sentences_of_the_first_quote() -> None:
    text = "Verantis will build in Lakeshore County. Marcus Lindqvist leads Verantis."
    source = SourceRef(1, "Plant", None, None, None, number=1)
    first, second = Span(0, 40), Span(41, len(text))
    entities = (
        (Entity("ORG", 0, 8), Entity("GPE", 23, 39)),
        (Entity("PERSON", 41, 57), Entity("ORG", 64, 72)),
    )
    passage = Passage(3, source, 0, len(text), text, 1.0, 1.0, 1, 1, (first, second), entities)
    quote = Quote(1, 3, text[41:], 41, len(text), 0.9)
    answer = Answer("Who leads Verantis?", True, 0.9, (quote,), (source,), (passage,))

    assert quoted_names(answer) == (Named("Marcus Lindqvist", "PERSON"), Named("Verantis", "ORG"))
    assert quoted_names(Answer("?", False, 0.0, (), ())) == ()


BLINKEN = Named("Blinken", "PERSON")
HAMAS = Named("Hamas", "ORG")


def test_a_pronoun_speaking_again_is_the_earlier_speaker() -> None:
    assert asked(EMBASSY, "What else did it say?") == "What else did the embassy say?"
    ceasefire = "What did Hamas say about a ceasefire?"
    assert asked(ceasefire, "What did it say about the hostages?", HAMAS) == (
        "What did Hamas say about the hostages?"
    )
    assert asked(ceasefire, "How did they respond to Israel?", HAMAS) == (
        "How did Hamas respond to Israel?"
    )
    assert asked("What did Blinken post on X?", "Did he mention Hamas?", BLINKEN) == (
        "Did Blinken mention Hamas?"
    )


def test_a_pronoun_that_does_not_fit_the_speaker_is_someone_the_answer_named() -> None:
    # "he" is no embassy: the person the answer quoted.
    assert asked(EMBASSY, "What did he say about Gaza?", BLINKEN) == (
        "What did Blinken say about Gaza?"
    )


def test_a_person_named_alone_is_asked_what_the_speaker_was() -> None:
    assert asked(EMBASSY, "And Blinken?", BLINKEN) == "What did Blinken say about Hezbollah?"
    assert asked(EMBASSY, "What about Jake Sullivan?") == (
        "What did Jake Sullivan say about Hezbollah?"
    )
    # A body named alone is the topic, as after any question.
    assert asked(EMBASSY, "What about Hamas?", HAMAS) == "What did the embassy say about Hamas?"
