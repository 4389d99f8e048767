"""A speaker asked for by a description no stored one holds, read off the sentences naming them:
through the Library with the real model and spaCy, and on hand-made candidates."""

from __future__ import annotations

import pytest

from retrieval.library import Library
from retrieval.library.nearby_descriptions import (
    best_described,
    described_by_post,
    described_nearby,
    named_by_first_name,
)
from retrieval.library.speaking import speaker_of
from retrieval.types import Speaker
from tests.retrieval.library.test_speaking import _first
from tests.retrieval.library.test_whole_statements import _passage

_STUDY = (
    "Rates of advanced cervical cancer are rising in the United States, a study published on "
    "Monday found.\n\n"
    "“This study was born out of wanting to look closer at what drives cervical cancer,” said "
    "Dr. Alex Moreau, a resident in obstetrics at the University of California, Los Angeles, "
    "and one of the study authors.\n\n"
    "The researchers looked at data on 29,715 women from 2001 to 2018.\n\n"
    "“I suspect that with reduced access to screening during the pandemic, these numbers will "
    "only get worse,” Moreau said."
)


def test_a_description_cut_at_a_comma_is_read_off_the_sentence_naming_the_person(
    real_library: Library,
) -> None:
    # The stored description ends at "California"; "one of the study authors" is read beside it.
    real_library.add_text("local", _STUDY, title="Advanced cervical cancer on the rise")
    answer = real_library.ask("local", "What did the study author say about the pandemic?")
    text, speaker = _first(answer)
    assert text.startswith("“I suspect") and "Moreau" in speaker
    assert answer.speaker_found


def _asked(asked: str, text: str, speakers: list[Speaker | None]) -> list[str]:
    candidates = _passage(text, speakers)
    found = described_nearby(asked, candidates, {1: text}, speaker_of)
    return [c.text for c in found]


GAVIN = Speaker("he", "Patrick Gavin")
RIEHLE = Speaker("Riehle", "Hudson Riehle")


def test_the_one_person_the_naming_sentences_describe_is_the_one_asked_for() -> None:
    text = (
        "Patrick Gavin, president of Polylok, sells the traps. He said few restaurants fit them. "
        "Hudson Riehle of the National Restaurant Association said costs were rising."
    )
    found = _asked("the Polylok president", text, [None, GAVIN, RIEHLE])
    assert found == ["He said few restaurants fit them."]


def test_an_owner_named_in_the_description_is_not_the_speaker() -> None:
    text = (
        "Bryce Raynor's mother Tenitia Cullum said she would never heal. "
        "Bryce Raynor said last year that he loved his job."
    )
    bryce = Speaker("Bryce Raynor", "Bryce Raynor")
    # "Bryce's mom" is described by sentences naming Bryce, but she is not him.
    assert _asked("Bryce's mom", text, [None, bryce]) == []


def test_a_tie_a_name_asked_alone_or_a_one_word_description_finds_no_one() -> None:
    text = (
        "Patrick Gavin and Hudson Riehle, both restaurant suppliers, spoke on Monday. "
        "He said few restaurants fit them. Riehle said costs were rising."
    )
    speakers = [None, GAVIN, RIEHLE]
    assert _asked("the restaurant suppliers", text, speakers) == []
    assert _asked("Polylok", text, speakers) == []
    assert _asked("the supplier", text, speakers) == []


@pytest.mark.parametrize(
    ("asked", "text", "speaker"),
    [
        (
            "the CPSC chair",
            "Consumer Product Safety Commission Chair Alexander Hoehn-Saric spoke on Monday. "
            "He said recalls of infant loungers had risen.",
            Speaker("he", "Alexander Hoehn-Saric"),
        ),
        (
            "the new British PM",
            "Liz Truss, the new British prime minister, spoke outside Downing Street. "
            "She said energy bills would be capped.",
            Speaker("She", "Liz Truss"),
        ),
        (
            "the head of Polylok",
            "Patrick Gavin, president of Polylok, sells the traps. He said few restaurants fit "
            "them.",
            GAVIN,
        ),
    ],
)
def test_initials_a_prime_minister_and_a_head_are_read_as_the_article_writes_them(
    asked: str, text: str, speaker: Speaker
) -> None:
    found = _asked(asked, text, [None, speaker])
    assert found == [text[text.index(". ") + 2 :]]


_CREW = (
    "The Inspiration4 crew trained for six months before the launch. Hayley Arceneaux, a "
    "physician assistant at the Jude clinic, was the youngest of them. “Hold onto hope,” she said. "
    "Jared Isaacman, the mission's commander, said the crew was ready."
)
ARCENEAUX = Speaker("she", "Hayley Arceneaux")
ISAACMAN = Speaker("Jared Isaacman", "Jared Isaacman")


def _by_post(asked: str, text: str, speakers: list[Speaker | None]) -> list[str]:
    candidates = _passage(text, speakers)
    return [c.text for c in described_by_post(asked, candidates, {1: text}, speaker_of)]


def test_a_post_beside_the_name_and_the_rest_of_the_description_in_the_story_finds_the_person() -> (
    None
):
    speakers = [None, None, ARCENEAUX, ISAACMAN]
    asked = "the Jude clinic physician assistant on the Inspiration4 crew"
    # The words beside her name hold only part of what is asked ("Inspiration4 crew" is the
    # story's), so the whole description finds no one; her post and the story find her. The
    # commander is beside "crew" but holds no assistant's post.
    assert _asked(asked, _CREW, speakers) == []
    assert _by_post(asked, _CREW, speakers) == ["“Hold onto hope,” she said."]


@pytest.mark.parametrize(
    "asked",
    [
        "the Inspiration4 crew office",  # a body, not a person's post
        "the Memphis hospital physician assistant in Texas",  # the rest mostly held nowhere
        "Arceneaux's assistant on the crew",  # the person is the one the description owns
        "the Inspiration4 crew",  # no post for a person asked at all
    ],
)
def test_a_body_a_description_the_story_does_not_hold_or_no_post_finds_no_one(
    asked: str,
) -> None:
    assert _by_post(asked, _CREW, [None, None, ARCENEAUX, ISAACMAN]) == []


def test_those_asked_for_by_what_they_do_are_named_by_that_deed() -> None:
    front = Speaker("The Patriot Front", "Patriot Front")
    ruiz = Speaker("Ruiz", "Dana Ruiz")
    arrests = (
        "Police arrested 31 men near the Coeur d'Alene Pride event. Most wore logos of the "
        "Patriot Front, an extremist organization. The Patriot Front called the arrests unjust."
    )
    # "organization" beside the group's name makes it no organizer of the event.
    asked = "the Coeur d'Alene Pride organizers"
    assert _by_post(asked, arrests, [None, None, front]) == []
    organized = arrests + " Dana Ruiz, who organized the Pride event, said the day went well."
    assert _by_post(asked, organized, [None, None, front, ruiz]) == [
        "Dana Ruiz, who organized the Pride event, said the day went well."
    ]


def test_a_body_named_with_words_of_the_description_is_no_owner_of_it() -> None:
    # "Pride" is in the alliance's own name: a body so named is who organized the Pride
    # event, where "Bryce's mom" is not Bryce.
    alliance = Speaker("The Harbor Pride Alliance", "Harbor Pride Alliance")
    chief = Speaker("Chief Lee Dunn", "Lee Dunn")
    text = (
        "Police Chief Lee Dunn said officers stopped a truck near the Harbor Pride event. "
        "The Harbor Pride Alliance, which organized the event, thanked the volunteers."
    )
    assert _by_post("the organizers of the Harbor Pride event", text, [chief, alliance]) == [
        "The Harbor Pride Alliance, which organized the event, thanked the volunteers."
    ]


def test_two_people_the_post_and_the_story_fit_alike_are_a_tie() -> None:
    text = (
        "Nurses at two hospitals ended their strike. Nancy Hagans, president of the nurses "
        "association, said they had won. Harold Daggett, the union president, said talks "
        "would go on."
    )
    hagans = Speaker("Nancy Hagans", "Nancy Hagans")
    daggett = Speaker("Harold Daggett", "Harold Daggett")
    assert _by_post("the nurses union president", text, [None, hagans, daggett]) == []


def test_a_member_asking_by_post_and_story_gets_that_persons_statement(
    real_library: Library,
) -> None:
    story = (
        "The Inspiration4 crew returned to Earth on Saturday after three days in orbit.\n\n"
        "Hayley Arceneaux, a physician assistant at St. Jude Children's Research Hospital, was "
        "the youngest American to fly to space.\n\n"
        "“Hold onto hope, because there will be better days,” she told reporters after landing.\n\n"
        "Jared Isaacman, the mission's commander, said the flight had raised $200 million for "
        "the hospital."
    )
    real_library.add_text("local", story, title="Inspiration4 crew splashes down")
    answer = real_library.ask(
        "local",
        "Does the St. Jude physician assistant on the Inspiration4 crew think things will get "
        "better?",
    )
    text, speaker = _first(answer)
    assert "Hold onto hope" in text and "Arceneaux" in speaker
    assert answer.speaker_found


def test_of_two_people_a_description_matched_the_one_it_clearly_fits_is_meant(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "The Supreme Court heard arguments on Wednesday in the Mississippi abortion case.\n\n"
        "Mississippi Solicitor General Scott Stewart told the justices that Roe had no basis in "
        "the Constitution. “Nowhere else does this court recognize a right to end a human "
        "life,” Stewart said.\n\n"
        "U.S. Solicitor General Elizabeth Prelogar urged the court to keep Roe. “The "
        "real-world effects of overruling Roe would be severe and swift,” Prelogar said.",
        title="Justices weigh Mississippi abortion law",
        published="2021-12-01",
    )
    answer = real_library.ask(
        "local",
        "Did Mississippi's solicitor general argue that Roe had any footing in the Constitution?",
    )
    # Both hold the post asked; Mississippi is written beside one name and only in the other's
    # story, so the federal solicitor general is not who was asked about.
    assert answer.found and answer.speaker_found
    assert all(q.speaker is not None and "Stewart" in q.speaker.shown for q in answer.quotes)


def _best(asked: str, text: str, speakers: list[Speaker | None]) -> list[str]:
    candidates = [c for c in _passage(text, speakers) if speaker_of(c) is not None]
    return [c.text for c in best_described(asked, candidates, {1: text}, speaker_of)]


_TWO_PRESIDENTS = (
    "Nancy Hagans, president of the nurses association, spoke on Monday. She said they had won. "
    "Harold Daggett, president of the dockworkers, spoke too. He said talks would go on."
)
HAGANS = Speaker("She", "Nancy Hagans")
DAGGETT = Speaker("He", "Harold Daggett")


@pytest.mark.parametrize(
    ("asked", "kept"),
    [
        # "nurses" is written beside one of them: she alone is meant.
        ("the nurses association president", ["She said they had won."]),
        # Nothing but the post: both stay, as matched.
        ("the president", ["She said they had won.", "He said talks would go on."]),
        # Both fit alike ("union" is written nowhere): both stay.
        ("the union president", ["She said they had won.", "He said talks would go on."]),
        # A name asked is not a description: both stay.
        ("Hagans", ["She said they had won.", "He said talks would go on."]),
    ],
)
def test_only_a_clearly_better_fit_narrows_the_people_matched(asked: str, kept: list[str]) -> None:
    assert _best(asked, _TWO_PRESIDENTS, [None, HAGANS, None, DAGGETT]) == kept


def test_a_bodys_statement_among_those_matched_keeps_them_all() -> None:
    text = "Nurses at Mount Sinai went back to work. The hospital said it was glad."
    hospital = Speaker("The hospital", "Mount Sinai Hospital")
    text_two = f"{text} {_TWO_PRESIDENTS}"
    found = _best(
        "the nurses association president", text_two, [None, hospital, None, HAGANS, None, DAGGETT]
    )
    assert len(found) == 3


def _first_named(asked: str, text: str, speakers: list[Speaker | None]) -> list[str]:
    return [c.text for c in named_by_first_name(asked, _passage(text, speakers), speaker_of)]


def test_a_first_name_asked_alone_is_the_one_person_of_that_first_name() -> None:
    text = (
        "Kyrie Irving spoke after practice. Irving said he took responsibility. "
        "Joe Tsai said he was disappointed. Joe Harris said little."
    )
    irving = Speaker("Irving", "Kyrie Irving")
    tsai, harris = Speaker("Joe Tsai", "Joe Tsai"), Speaker("Joe Harris", "Joe Harris")
    speakers: list[Speaker | None] = [None, irving, tsai, harris]
    assert _first_named("Kyrie", text, speakers) == ["Irving said he took responsibility."]
    # Two people share "Joe"; a description or a surname is not a first name.
    assert _first_named("Joe", text, speakers) == []
    assert _first_named("Irving", text, speakers) == []
    assert _first_named("Kyrie's agent", text, speakers) == []


def test_a_member_asking_by_first_name_gets_that_persons_statement(
    real_library: Library,
) -> None:
    story = (
        "Brooklyn Nets star Kyrie Irving apologized on Thursday for a post.\n\n"
        "“I take full responsibility for my decision to post,” Irving said.\n\n"
        "Nets owner Joe Tsai said he was disappointed in the post."
    )
    real_library.add_text("local", story, title="Irving apologizes")
    answer = real_library.ask("local", "What did Kyrie say about his post?")
    text, speaker = _first(answer)
    assert "I take full responsibility" in text and "Irving" in speaker
    assert answer.speaker_found
