"""Attribution rules 48, the real parser and recogniser where a sentence is attributed: an
organisation's name written again where the recogniser missed it is still that organisation,
so "the company said" after it refers back to it; one quoted word that closes a "called"
clause is the speaker's judgement; and "the comedian added" is the person just written of."""

from __future__ import annotations

import pytest

from retrieval.ingest.repeated_names import with_repeated_names
from retrieval.types import Entity
from tests.retrieval.ingest.test_attribution_phrases import _name_of, _speaker_of


def _org(text: str, name: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Entity("ORG", start, start + len(name))


def _named(text: str, entities: list[Entity]) -> list[str]:
    return [text[e.start : e.end] for e in with_repeated_names(text, entities)]


def test_a_repeat_of_a_tagged_name_is_that_organisation() -> None:
    text = "Acme Widgets Inc. recalled heaters. On Friday Acme Widgets said more were affected."
    found = _named(text, [_org(text, "Acme Widgets Inc.")])
    assert found == ["Acme Widgets Inc.", "Acme Widgets"]


def test_only_repeats_after_the_first_tagged_mention_count() -> None:
    text = "Nortide Energy cut prices. Rivals followed. Then Nortide Energy raised them again."
    found = with_repeated_names(text, [_org(text, "Nortide Energy", nth=1)])
    assert [e.start for e in found] == [text.index("Nortide Energy", 10)]


def test_a_repeat_that_runs_on_into_a_longer_name_or_a_tagged_one_is_not_taken() -> None:
    text = (
        "Brightwater Foods said sales rose. Brightwater Foods Europe said they fell. "
        "Brightwater Foods Canada was sold."
    )
    canada = _org(text, "Brightwater Foods Canada")
    found = _named(text, [_org(text, "Brightwater Foods"), canada])
    assert found == ["Brightwater Foods", "Brightwater Foods Canada"]


def test_the_company_said_after_an_untagged_repeat_is_that_company_not_the_agency() -> None:
    # The recogniser tags "Dollar Mart Stores" and the FDA, not "Dollar Mart on Monday…":
    # without the repeat, the body named last before "the company" would be the FDA's.
    text = (
        "Health officials on Monday warned that snacks sold at Dollar Mart Stores in four "
        "states may be contaminated.\n\n"
        "The FDA said an inspection found rodents at a warehouse in Ohio.\n\n"
        "Dollar Mart on Monday recalled the affected items sold since March, according to a "
        "news release\n\n"
        "The company said it is not aware of any illnesses linked to the products."
    )
    assert _name_of(text, "The company said") == "Dollar Mart"


def test_a_name_a_person_bears_is_no_repeat() -> None:
    text = "Trump said the deal was done. Later Ivanka said Trump had agreed. Ivanka Trump left."
    person = text.index("Ivanka Trump")
    found = with_repeated_names(
        text, [_org(text, "Trump"), Entity("PERSON", person, person + len("Ivanka Trump"))]
    )
    assert len(found) == 2


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        (
            "The platform changed the label on Tuesday.\n\n"
            'Radio network CEO Dana Whitfield called the move "unacceptable."',
            "Radio network",
            "Dana Whitfield",
        ),
        (
            "Talks broke down on Friday after the latest offer.\n\n"
            "The drivers' union called the offer “insulting,” and its members walked out.",
            "The drivers",
            "union",
        ),
    ],
)
def test_one_quoted_word_closing_a_called_clause_is_the_speakers_judgement(
    text: str, sentence: str, name: str
) -> None:
    assert name in _name_of(text, sentence)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # A quoted word with an article of its own is a scare quote.
        ("Officials said the bridge was safe. Critics called the plan a “fantasy.”", "Critics"),
        # A capitalised one is the name given.
        ("The lab opened in May.\n\nHe called the project “Phoenix.”", "He called"),
    ],
)
def test_a_scare_quoted_word_or_a_name_after_called_is_no_statement(
    text: str, sentence: str
) -> None:
    assert _speaker_of(text, sentence) is None


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        (
            "The network's late-night lineup changed again on Monday.\n\n"
            "“With friends like these, who needs enemies?” Jordan Belmont joked on his show.\n\n"
            "The comedian added that the network was running out of options.",
            "The comedian added",
            "Jordan Belmont",
        ),
        (
            "Tessa Crane released a new single on Friday, her first in three years.\n\n"
            "On Sunday, the singer announced that her album will arrive in the spring.",
            "On Sunday",
            "Tessa Crane",
        ),
        # Named in the claim's own sentence, if only as an owner, before whoever the sentence
        # before writes of.
        (
            "Donald Trump praised the speech on Monday.\n\n"
            "Citing lines from Greta Thunberg's address to the summit – the teenager said "
            '"people are dying" – he mocked her.',
            "Citing lines",
            "Greta Thunberg",
        ),
        # A "she" after it fits the woman the article calls so.
        (
            "Tessa Crane said she was proud of the show.\n\n"
            "Tessa Crane also thanked the dancers on Sunday.\n\n"
            "The Grammy-winning singer confirmed she took a knee to stand with the players.",
            "The Grammy-winning",
            "Tessa Crane",
        ),
        # Trailing its statement: the person the sentence before writes of.
        (
            "Talk show host Rick Dalton addressed the lawsuit directly on Thursday night.\n\n"
            "“Malice, really? It’s called news,” the veteran pundit claimed.",
            "“Malice",
            "Rick Dalton",
        ),
    ],
)
def test_what_the_article_calls_the_person_just_written_of_is_that_person(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


@pytest.mark.parametrize(
    ("text", "sentence", "not_named"),
    [
        # A post's noun is left to the titles written: not the caption's person.
        (
            "Gov. Ann Park declared an emergency on Wednesday.\n\n"
            "Mark Dale, of Des Moines, tries to stay warm on a snowy sidewalk.\n\n"
            "The declaration will help deliver propane, the governor told reporters.",
            "The declaration",
            "Mark Dale",
        ),
        # "she" after it: not the man the article calls "he".
        (
            "Dr. Dre said he was proud of the halftime show.\n\n"
            "Dr. Dre also thanked the dancers on Sunday.\n\n"
            "The Grammy-winning singer confirmed she took a knee to stand with the players.",
            "The Grammy-winning",
            "Dre",
        ),
        # Anyone's noun brings in someone new.
        (
            "Police arrested Tom Reed on Friday after a chase.\n\n"
            "The officer said the car was going 90 miles an hour.",
            "The officer",
            "Tom Reed",
        ),
    ],
)
def test_a_post_or_anyones_noun_is_not_whoever_was_just_written_of(
    text: str, sentence: str, not_named: str
) -> None:
    assert _name_of(text, sentence) != not_named
