"""Which pronoun an article uses for each person: read off the sentence naming them."""

from __future__ import annotations

from retrieval.ingest.pronouns import person_pronouns
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
