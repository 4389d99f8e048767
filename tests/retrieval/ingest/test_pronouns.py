"""Which pronoun an article uses for each person: read off the sentence naming them."""

from __future__ import annotations

from retrieval.ingest.pronouns import person_pronouns, subject_first
from retrieval.ingest.speech import quote_runs
from retrieval.types import Entity


def _told(text: str, names: list[str]) -> dict[str, str]:
    entities = [Entity("PERSON", text.index(n), text.index(n) + len(n)) for n in names]
    return person_pronouns(text, entities, lambda name: name, quote_runs(text))


def test_a_persons_pronoun_is_read_from_their_sentence_not_from_quotations() -> None:
    text = (
        "Maria Lopez runs the shelter, and she has run it since May. Tom Reyes left office; "
        "he had warned of the storm. Ann Ito said “he never listened to us.”"
    )
    assert _told(text, ["Maria Lopez", "Tom Reyes", "Ann Ito"]) == {
        "Maria Lopez": "she",
        "Tom Reyes": "he",
    }


def test_a_sentence_without_an_end_is_read_only_so_far() -> None:
    # A text with no full stops must not make every name read the rest of it.
    near = "Ann Lee wrote " + "word " * 20 + "and she signed it"
    far = "Ann Lee wrote " + "word " * 200 + "and she signed it"
    assert _told(near, ["Ann Lee"]) == {"Ann Lee": "she"}
    assert _told(far, ["Ann Lee"]) == {}


def test_a_pronoun_after_a_second_name_in_a_sentence_is_not_the_second_persons() -> None:
    # "…a video by Abby Silverman that he realized": the "he" is not Silverman's.
    text = (
        "For Luke Pearson, it was only after a video by Abby Silverman that he realized his "
        "illness was linked to the food he ate. Silverman posted about her own experience."
    )
    entities = [
        Entity("PERSON", text.index(name), text.index(name) + len(name))
        for name in ("Luke Pearson", "Abby Silverman", "Silverman posted")
    ]
    entities[-1] = Entity("PERSON", entities[-1].start, entities[-1].start + len("Silverman"))
    full = {"Silverman": "Abby Silverman"}
    told = person_pronouns(text, entities, lambda n: full.get(n, n), quote_runs(text))
    assert told == {"Abby Silverman": "she"}


def _ordered(text: str, names: list[str]) -> list[str]:
    """The names (each found after the one before) in the order a later "she said" tries them."""
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        mentions.append((start, start + len(name)))
        at = start + 1
    return [text[a:b] for a, b in subject_first(text, mentions)]


def test_the_latest_sentences_subject_is_tried_first() -> None:
    text = (
        "Hill met Putin in Helsinki. Lonibos didn't know al-Zawahri was dead, but she was "
        "heartened."
    )
    order = _ordered(text, ["Hill", "Putin", "Lonibos", "al-Zawahri"])
    assert order == ["Lonibos", "al-Zawahri", "Hill", "Putin"]


def test_a_name_after_by_or_qualifying_the_next_name_is_no_subject() -> None:
    text = (
        "Pressed by Bash on the shortage, Deese blamed consolidation. "
        "Trump lawyer Todd Blanche ended his statement. Felton resident Amy Sturgeon recalled it."
    )
    order = _ordered(text, ["Bash", "Deese", "Trump", "Todd Blanche", "Felton", "Amy Sturgeon"])
    assert order == ["Amy Sturgeon", "Felton", "Todd Blanche", "Trump", "Deese", "Bash"]


def test_a_name_in_a_clause_opened_by_when_is_no_subject() -> None:
    text = "At the news conference, when Trump sided with Putin, Hill almost lost it."
    assert _ordered(text, ["Trump", "Hill"]) == ["Hill", "Trump"]


def test_a_full_stop_after_an_abbreviation_or_an_initial_ends_no_sentence() -> None:
    text = "Sen. Amy Klobuchar, D-Minn., who wrote it with Sen. James Lankford, spoke first."
    assert _ordered(text, ["Amy Klobuchar", "James Lankford"])[0] == "Amy Klobuchar"


def test_a_sentence_opening_with_the_pronoun_asked_about_is_passed_over() -> None:
    text = "Stone won. She thanks Yorgos Lanthimos and Louise."
    names = ["Stone", "Yorgos Lanthimos", "Louise"]
    assert _ordered(text, names) == ["Yorgos Lanthimos", "Louise", "Stone"]
    mentions = [(text.index(n), text.index(n) + len(n)) for n in names]
    assert [text[a:b] for a, b in subject_first(text, mentions, "she")] == ["Stone"]


def test_a_sentence_opening_with_he_or_she_tells_the_subject_of_the_one_before() -> None:
    text = (
        "In 2005 Ann Lee's then-boyfriend, Patrick Dermot, disappeared at sea. He was never "
        "found. Ann Lee wrote songs about it."
    )
    entities = [
        Entity("PERSON", text.index("Ann Lee"), text.index("Ann Lee") + len("Ann Lee")),
        Entity("PERSON", text.index("Patrick Dermot"), text.index(",", text.index("Patrick"))),
    ]
    told = person_pronouns(text, entities, lambda name: name, quote_runs(text))
    assert told == {"Patrick Dermot": "he"}  # the owner of "then-boyfriend" is not the subject


def test_a_pronoun_opening_the_next_sentence_is_not_an_object_named_after_a_pronoun() -> None:
    # "She says Bauer hit a fan.": she is the subject, not Bauer; a name heading its line
    # ("Taylor Wilson:") acts in nothing that follows.
    text = (
        "She says Trevor Bauer hit a fan. She then sought an order.\n\nTaylor Wilson:\n\n"
        "Mark Zuckerberg will speak Thursday. He'll do so on CBS."
    )
    told = _told(text, ["Trevor Bauer", "Taylor Wilson"])
    assert told == {}
