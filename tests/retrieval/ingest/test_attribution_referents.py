"""Attribution rules 40, through the real parser and recogniser: "the company said" refers
back to a body the writer named, not to one inside the quotation before it; a role for someone
written before a one-word name ("Brazilian footballer Neymar") names that person, so a "he
wrote" after is theirs; someone described by their post and named in the next sentence is that
person, in both sentences; denouncing, deriding or rebuking someone is a statement."""

from __future__ import annotations

import pytest

from tests.retrieval.ingest.test_attribution_phrases import _name_of, _speaker_of

_SETTLEMENT = (
    "The agency said the company kept voice recordings for years. "
    'In its statement, Amazon said the company "built Alexa with strong privacy protections."\n\n'
    '"As part of the settlement, we agreed to remove child profiles that have been inactive '
    'for more than 18 months," the company said.'
)
_TRIBUTES = (
    "Tributes have been pouring in for the soccer legend, who died on Thursday. "
    "“I was born to play football,” Pelé famously said in 1977.\n\n"
    "Brazilian footballer Neymar said Pelé “changed everything.” "
    "In a post on Instagram, he wrote: “He turned football into art, into entertainment.”"
)


def test_the_company_is_the_body_that_spoke_not_one_named_in_its_quotation() -> None:
    assert _name_of(_SETTLEMENT, '"As part of the settlement') == "Amazon"


def test_a_role_before_a_one_word_name_names_that_person() -> None:
    assert _name_of(_TRIBUTES, "Brazilian footballer Neymar") == "Neymar"


def test_he_after_a_one_word_name_with_a_role_is_that_person() -> None:
    assert _name_of(_TRIBUTES, "In a post on Instagram") == "Neymar"


def test_a_body_bearing_the_noun_is_meant_though_named_inside_a_quotation() -> None:
    text = (
        "The Bureau of Land Management released a statement Saturday:\n\n"
        '"Officials from BLM and the Pershing County Sheriff’s Office have closed ingress to the '
        'event effective immediately."\n\n'
        "The BLM is the federal agency overseeing the land the festival is held on.\n\n"
        "The sheriff’s office said the death occurred during the festival."
    )
    assert _name_of(text, "The sheriff’s office said") == "Pershing County Sheriff’s Office"


def test_a_party_or_people_after_a_role_is_no_name() -> None:
    text = (
        "The senators met behind closed doors on Tuesday.\n\n"
        '"I thought there was only one person who could stop it," said a senior Republican.'
    )
    assert _name_of(text, '"I thought') != "Republican"


_LEDE = (
    "Taking cake to work harms health as much as passive smoking, the chair of the Food "
    "Standards Agency has warned.\n\n"
    "Professor Susan Jebb told The Times that people often undervalue their environment."
)


def test_a_post_described_then_named_in_the_next_sentence_is_that_person() -> None:
    speaker = _speaker_of(_LEDE, "Taking cake")
    assert speaker is not None and speaker.name == "Susan Jebb"
    # The description is hers wherever she speaks, so a question asking by it finds her.
    jebb = _speaker_of(_LEDE, "Professor Susan Jebb")
    assert jebb is not None and "chair of the Food Standards Agency" in (jebb.role or "")


@pytest.mark.parametrize(
    ("text", "sentence", "named_next"),
    [
        # Someone who holds no post.
        (
            "The bridge will open in May, the mayor of the town said.\n\n"
            "John Smith, a resident, said he would believe it when he saw it.",
            "The bridge will open",
            "John Smith",
        ),
        # Someone who holds another office.
        (
            "Israel’s defense minister has told troops to be ready for a ground offensive.\n\n"
            "President Joe Biden said on Wednesday that the United States would send more aid.",
            "Israel’s defense minister",
            "Joe Biden",
        ),
        # An official left unnamed by design.
        (
            "The talks stalled over the border, a senior State Department official said.\n\n"
            "Jake Sullivan told reporters on Monday that the talks would resume.",
            "The talks stalled",
            "Jake Sullivan",
        ),
    ],
)
def test_someone_named_next_is_not_always_the_one_described(
    text: str, sentence: str, named_next: str
) -> None:
    assert _name_of(text, sentence) != named_next


def test_a_rebuke_is_a_statement_like_a_criticism() -> None:
    text = (
        "The council voted on Tuesday to close the library.\n\n"
        "Ana Ruiz, the mayor, denounced the vote as a betrayal of the town's children."
    )
    assert _name_of(text, "Ana Ruiz, the mayor") == "Ana Ruiz"
