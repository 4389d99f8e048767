"""Whom "he said" or "she said" means where no one spoke since: the subject of the sentence
before, through the real parser and entity recogniser."""

from __future__ import annotations

import pytest

from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.types import Entity
from tests.retrieval.ingest.test_attribution_phrases import MODEL, _speaker_of

# Each case: the article, the sentence whose "he" or "she" is resolved, and whom it means.
_CASES = {
    # The subject of the sentence before, not the last person it names.
    "sentence subject": (
        "Crowds gathered at the memorial on Tuesday.\n\n"
        "Joy Lonibos didn't know Ayman Haddad was dead, but she was heartened when she learned "
        "the news.\n\n"
        "“It will never heal what he did,” she said.",
        "“It will never",
        "Joy Lonibos",
    ),
    # A name qualifying the next one is not its sentence's subject.
    "qualifying name": (
        "Jurors returned after the break on Monday.\n\n"
        "Trump lawyer Todd Blanche ended his opening statement shortly before noon.\n\n"
        "“Use your common sense,” he told the jurors.",
        "“Use your",
        "Todd Blanche",
    ),
    # Nor is a name after "by".
    "name after by": (
        "Baby formula shortages have spread across the country.\n\n"
        "Pressed by Dana Bash on the shortage, Brian Deese blamed market consolidation.\n\n"
        "“It goes back to how we can bring more competition,” he said.",
        "“It goes back",
        "Brian Deese",
    ),
    # A photo credit names no one who acts.
    "photo credit": (
        "The storm flooded the town overnight.\n\n"
        "A rainbow is seen over Hutchinson Island on Thursday. Crystal Vander Weit/TC Palm/USA "
        "Today Michael Sill, who is homeless, huddles under a plastic sheet while trying to stay "
        "dry in Ocala on Thursday.\n\n"
        "He braved the storm under an oak tree because there was nowhere for him to stay, he said.",
        "He braved",
        "Michael Sill",
    ),
    # "She thanks…" is Stone, so the people she thanks are not whom the next "she says" means.
    "same pronoun opening": (
        "Emma Stone won best actress on Sunday.\n\n"
        "“My dress is broken,” Stone says. She thanks director Yorgos Lanthimos for the part, "
        "and also her daughter, Louise.\n\n"
        "“I love you bigger than the whole sky, my girl,” she says.",
        "“I love you",
        "Emma Stone",
    ),
    # A place a sentence opens with is not its subject: "In Atka, Nevzoroff manages…".
    "opening place": (
        "In Adak, city clerk Debra Sharrah heard a noise.\n\n"
        "“Nothing fell off my walls,” said Sharrah, who moved to the island from Montana.\n\n"
        "In Atka, Nevzoroff manages the village store and expected to find goods had flown "
        "off the shelves. But nothing was amiss.\n\n"
        "“Everything seems to be okay,” she said.",
        "“Everything seems",
        "Nevzoroff",
    ),
    # "He was never found" tells that the boyfriend is a "he", so "she said" is the singer.
    "pronoun of the next sentence": (
        "Olivia Newton-John faced her share of troubles. Her tours were cancelled.\n\n"
        "And in 2005 Newton-John's then-boyfriend, Patrick McDermott, disappeared at sea "
        "while on a fishing trip. He was never found.\n\n"
        "“It's very hard to live with that,” she told CNN's Larry King in 2006.",
        "“It's very hard",
        "Olivia Newton-John",
    ),
    # A plural the recogniser tags a person is a group: "he" is not "Shias".
    "plural tagged a person": (
        "Shia Muslims break their fast a little later than Sunni Muslims.\n\n"
        "Mohsin Mirza said he felt the distinctions more this year.\n\n"
        "“It makes you feel a little different,” he said.\n\n"
        "At another event, times to break the fast were announced for both Shias and Sunnis.\n\n"
        "“It’s a kind of small example of respect and inclusion,” he said.",
        "“It’s a kind",
        "Mohsin Mirza",
    ),
}


@pytest.mark.parametrize("case", list(_CASES))
def test_he_or_she_means_whom_the_article_last_made_its_subject(case: str) -> None:
    text, sentence_start, meant = _CASES[case]
    speaker = _speaker_of(text, sentence_start)
    assert speaker is not None and speaker.name == meant


def test_a_surname_inside_another_persons_name_is_not_a_mention_of_its_owner() -> None:
    text = (
        "Joe Gallant gazed at the 9/11 memorial built where the World Trade Center once stood. "
        "“Margaret Alario is the name of one of the people who perished on that day,” he said.\n\n"
        "Joy Alario Lonibos didn't know al-Zawahri was dead, but she was heartened when she "
        "learned the news.\n\n"
        "“It will never heal what he did,” she said."
    )
    # Tagged as the recogniser tagged the article this comes from, "Lonibos" alone: "Alario",
    # Margaret Alario's surname, runs on into it and is no mention of her.
    spans = sentence_spans(text)
    lonibos = text.index("Lonibos")
    tagged = [
        tuple(
            Entity("PERSON", lonibos, lonibos + len("Lonibos"))
            if text[e.start : e.end] == "Joy Alario Lonibos"
            else e
            for e in found
        )
        for found in EntityTagger(MODEL).tag(text, spans)
    ]
    speakers = SpeakerAttributor(MODEL).attribute(text, spans, tagged)
    assert speakers is not None
    last = speakers[-1]
    assert last is not None and last.name is not None and "Lonibos" in last.name


def test_a_trailing_she_said_is_the_speaker_her_sentence_opens_with() -> None:
    text = (
        "Spokesperson Stéphane Dujarric said the UN was sending aid. He added that trucks "
        "were on the way.\n\n"
        "Hsiao-Wei Lee, WFP deputy country director in Afghanistan, described the situation "
        "as “very bleak,” where some villages “are completely decimated,” she said.\n\n"
        "“There will be months and potentially years of building back,” she said."
    )
    for sentence in ("Hsiao-Wei Lee", "“There will be"):
        speaker = _speaker_of(text, sentence)
        assert speaker is not None and speaker.name == "Hsiao-Wei Lee"


def test_a_name_opening_a_quotation_is_not_whom_its_trailing_she_said_means() -> None:
    text = (
        "Vice President Kamala Harris spoke on Thursday. Harris said she knows the importance "
        "of safety.\n\n"
        "“Donald Trump believes a border deal would hurt his campaign,” she said."
    )
    speaker = _speaker_of(text, "“Donald Trump")
    assert speaker is not None and speaker.name == "Kamala Harris"
