"""Attribution rules 22, through the real parser and recogniser: a long quotation that takes the
speaker's name into its own parse, "…, the magazine added.", a view held ("USFWS believes…"),
praise, a name tagged as a place that reports on herself as "she", and what reports no one (a
passive, "Many believe…", "no questions asked")."""

from __future__ import annotations

import re

import pytest

from retrieval.ingest.sentences import sentence_spans
from retrieval.ingest.speakers import SpeakerAttributor
from retrieval.ingest.speech import quote_runs
from retrieval.ingest.stand_in import stood_in
from retrieval.types import Entity, Span
from tests.retrieval.ingest.test_attribution_phrases import MODEL, _name_of

_TIME = (
    "Time magazine is featuring the silence breakers as its Person of the Year.\n\n"
    "\"This is the fastest-moving social change we've seen in decades, and it began with "
    "individual acts of courage by hundreds of women, and some men, who came forward to tell "
    'their own stories of sexual harassment and assault," Time editor-in-chief Edward '
    "Felsenthal said Wednesday on TODAY when making the reveal."
)
_BOLUARTE = (
    "Dina Boluarte was sworn in as Minister for Development in July 2021.\n\n"
    "“Today I have made the decision not to continue in the next ministerial cabinet. After deep "
    "reflection, I have no doubt that the current polarization harms everyone, especially the "
    "ordinary citizen who seeks to get out of the political and economic crisis,” Boluarte, who "
    "did not leave the vice presidency, wrote in a tweet at the time."
)
_ISSUE = (
    "Time said Trump was incorrect about how it picks its Person of the Year.\n\n"
    "The decision will be announced when the issue is published Dec. 6, the magazine added."
)


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # The quotation's clauses take in the name ("men, … Felsenthal") and the verb.
        (_TIME, '"This is the fastest-moving', "Edward Felsenthal"),
        # The parse hangs "wrote" on a noun of the quotation.
        (_BOLUARTE, "“Today I have made", "Dina Boluarte"),
        # What was said, then who said it, with a verb that reports only so placed.
        (_ISSUE, "The decision will be announced", "Time"),
        (
            "Rachel Hurley spoke to the council. Prices rose again in May, she added.",
            "Prices rose",
            "Rachel Hurley",
        ),
        # A view held on a clause that follows without "that".
        (
            "The Apache trout may soon leave the list. USFWS believes the fish are on the path "
            "to a brighter future.",
            "USFWS believes",
            "USFWS",
        ),
        (
            "Loren Patterson heads the New Mexico Cattle Growers Association. Patterson worried "
            "this could affect rural tax bases.",
            "Patterson worried",
            "Loren Patterson",
        ),
        (
            "Starbucks named Brian Niccol its chief. Starbucks lauded Niccol's tenure as one in "
            "which Chipotle's revenue has nearly doubled.",
            "Starbucks lauded",
            "Starbucks",
        ),
        # A body's or a person's name the parse left after its description.
        (
            "The court ruled on Friday. The anti-abortion rights group National Right to Life "
            "said it would appeal.",
            "The anti-abortion",
            "National Right to Life",
        ),
        (
            "TikTok is popular with teens. The misinformation watchdog NewsGuard said in a "
            "September report that its search results are often riddled with errors.",
            "The misinformation",
            "NewsGuard",
        ),
        # A party epithet for the office-holder just named, though no place ties them.
        (
            "Senate Minority Leader Mitch McConnell praised the ruling on Friday. “I share "
            "their joy today,” the Kentucky Republican said.",
            "“I share",
            "Mitch McConnell",
        ),
        # A judgement in words, and a call for something: "called" with what is called so.
        (
            'The court ruled against the policy on Monday. Trump called the ruling "a '
            'disgrace to our nation."',
            "Trump called",
            "Trump",
        ),
        (
            'The talks stalled in Doha. The senators called for "an immediate ceasefire."',
            "The senators",
            "senators",
        ),
        # A passive speech verb names who spoke after "by".
        (
            "The film opened on Friday. It has been criticized by civil rights groups for its "
            "portrayal of Jews.",
            "It has been",
            "civil rights groups",
        ),
        (
            "Rivera was hurt in the crash. He was told by doctors that he would recover.",
            "He was told",
            "doctors",
        ),
        # "He's" is "he has" here: a report, not a passive.
        (
            "Tesla CEO Elon Musk stands alone. He’s said every year since 2017 that the "
            "software will arrive next year.",
            "He’s said",
            "Elon Musk",
        ),
    ],
)
def test_a_statement_the_rules_before_missed_has_its_speaker(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # Praised, not praising.
        (
            "Vanderlei De Lima was leading the 2004 race when a protester attacked him. De Lima "
            "wound up finishing third, but has been lauded for how he's handled the incident.",
            "De Lima wound up",
        ),
        ("Tickets go on sale Friday. Prices have yet to be announced by the venue.", "Prices"),
        # A quantity of no one named.
        ("The poll was taken in May. Many believe the economy is weak.", "Many believe"),
        ("The plan was debated. Some said the plan would fail.", "Some said"),
        (
            "Streaming services cut spending. Many have reported losses from streaming to Wall "
            "Street in recent months.",
            "Many have",
        ),
        # Weak verbs after a comma that report nothing.
        (
            "The shelves are covered by a lifetime warranty, no questions asked.",
            "The shelves",
        ),
        ("He walked in, then he added a chair.", "He walked"),
        # A speech verb's spelling inside a name: "United States", "Palm Beach Post", "Ait Said".
        (
            "Trade with China is small. But on Tuesday, it was the United States’ turn to step "
            "forward with incentives for Pacific Island leaders.",
            "But on Tuesday",
        ),
        ("The deal was signed. — Joe Schad, Palm Beach Post", "— Joe Schad"),
        # A bulleted question is the article's own; speech inside a condition never happened.
        ("◾ Introduced: Jan. 22.\n\n◾ What does the bill say?", "◾ What does"),
        (
            "Weisselberg spent three days on the witness stand. As part of his plea deal, he "
            "will be sentenced to five months in jail if the judge finds that he testified "
            "truthfully.",
            "As part of",
        ),
        # "Called" naming something: a product, an office, a task force called in.
        (
            'Sales rose last year. A cleaning product called "ozone ewater" eliminates germs.',
            "A cleaning product",
        ),
        (
            'Agents searched the estate. The storage room and his office called the "45 '
            'Office" were searched.',
            "The storage room",
        ),
        (
            "The fire spread quickly. An earlier version misstated when the department called "
            'in an "EMS Task Force."',
            "An earlier version",
        ),
        # No one named: anyone, the countless posts read as tweeting, "this".
        (
            "The rookie hit 61 home runs. However much anyone will want to argue, it still "
            "won't be a record.",
            "However much",
        ),
        (
            "For months, the countless takes, tweets, and clips about the trial have been "
            "everywhere.",
            "For months",
        ),
        ("The letters were undated. This suggests that the clerk did not write them.", "This"),
        # "According to" legend, rumors or plan: no one's account.
        (
            "The statue shows a Roman general who according to legend returned to his farm.",
            "The statue",
        ),
        ("The new phone, according to rumors, could ship in the spring.", "The new phone"),
        ("The launch went according to plan on Tuesday.", "The launch"),
        # A passive with no one after "by" who spoke: none, or something taken.
        ("The plan was announced on Monday.", "The plan"),
        ("The town flooded. Lives were claimed by the storm.", "Lives were"),
        # One asked, or appointed, by whoever comes after "by" says nothing of theirs.
        ("He was asked by reporters whether he would run again.", "He was asked"),
        ("The vote was close. Breyer was confirmed by the Senate on Thursday.", "Breyer was"),
        # A speech verb's spelling as a noun, and "The" before it, name no one.
        ("Sales fell in March. The claim was disputed by the company.", "The claim"),
        (
            "Gas prices rose. The state’s residents have little interest in self-service.",
            "The state",
        ),
        ("Here are the flags. Each state's flag is representative of its history.", "Each state"),
        # A stood-in quotation leaves no one as the subject.
        (
            "Nemours Children's Health, the recently announced “official children’s health "
            "partner of the Philadelphia Phillies and of every team in the league,” will host "
            "several events this year.",
            "Nemours",
        ),
    ],
)
def test_a_sentence_that_reports_no_statement_has_no_speaker(text: str, sentence: str) -> None:
    assert _name_of(text, sentence) == ""


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # What was said after "noted", "joked" or "admitted" without "that", its subject first.
        (
            "David Phillips is a scientist at the observatory. He noted the lava flow that was "
            "threatening the highway is no longer active.",
            "He noted",
            "David Phillips",
        ),
        (
            "Donald Trump spoke at his club on Thursday. Trump joked that he planned to take "
            "some cereal back to his cottage.",
            "Trump joked",
            "Donald Trump",
        ),
        # "Indicated that", "maintained that": a statement, as "said that" is.
        (
            "NASA held a briefing on Wednesday. While no decisions have yet been made, the "
            "agency indicated that multiple plans exist to get the astronauts back.",
            "While no decisions",
            "NASA",
        ),
        (
            "Twitter labelled NPR as state-affiliated media. NPR has maintained that both labels "
            "are inaccurate – noting the company operates independently of the government.",
            "NPR has maintained",
            "NPR",
        ),
        # A name with its role set off before the verb, where the parse left the verb alone.
        (
            "Texas opened the inquiries in February. Nine investigations were opened by state, "
            "Patrick Crimmins, a Department of Family and Protective Services (DFPS) spokesman, "
            "confirmed to CNN in March.",
            "Nine investigations",
            "Patrick Crimmins",
        ),
        # The body a statement went to is not "the company" that made it.
        (
            "Huawei faces new curbs. In a statement to USA TODAY, the company indicated that it "
            '"is aware of a range of U.S. government activities."',
            "In a statement",
            "Huawei",
        ),
    ],
)
def test_rules_38_find_statements_written_without_a_verb_of_speech_proper(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        # A prize claimed, and an object added or noted, say nothing.
        (
            "Qualifying ended in sunshine. Red Bull's Max Verstappen claimed his first pole in "
            "Monte Carlo by passing Fernando Alonso in the last sector.",
            "Red Bull's",
        ),
        ("She sorted the mail. She added the report to the file.", "She added"),
        ("He kept a diary. He noted the date in his diary.", "He noted"),
        # What data or a fact "indicates" is no one's statement.
        ("Sales were tallied in May. Data indicated that sales fell.", "Data indicated"),
        (
            "The panel met on Thursday. The fact that two former advisers are scheduled to "
            "appear indicates that the former vice president was not blocking them.",
            "The fact",
        ),
    ],
)
def test_rules_38_leave_prizes_and_objects_unattributed(text: str, sentence: str) -> None:
    assert _name_of(text, sentence) == ""


def test_a_finding_that_suggests_is_not_the_speaker_beside_according_to() -> None:
    text = (
        "The eruption slowed this week. The volcano's flow has slowed in recent days, and its "
        "behavior suggests the eruption may soon stop, according to the USGS."
    )
    assert _name_of(text, "The volcano's flow") == "USGS"


def test_two_that_spoke_together_are_not_either_one_speaking_next() -> None:
    text = (
        "The University of Delaware will move up to the top division. The school and league "
        "announced the move Tuesday. The school said its football team will play a full "
        "schedule."
    )
    assert "and" not in _name_of(text, "The school said").split()


def test_a_stood_in_quotation_keeps_every_offset_and_the_words_outside_it() -> None:
    sentence_end = _TIME.index("reveal.") + len("reveal.")
    span = Span(_TIME.index('"This'), sentence_end)
    stood = stood_in(_TIME, span, quote_runs(_TIME))
    assert stood is not None and len(stood) == span.end - span.start
    assert stood.startswith('"It was so') and stood.endswith(
        "Time editor-in-chief Edward Felsenthal said Wednesday on TODAY when making the reveal."
    )


def test_a_short_quotation_or_one_no_speech_verb_follows_is_parsed_as_written() -> None:
    short = 'He called it "a disaster," Smith said.'
    assert stood_in(short, Span(0, len(short)), quote_runs(short)) is None
    unsaid = (
        "The banner over the gate, “we will not be moved from this place however long the "
        "winter lasts,” hung there all year."
    )
    assert stood_in(unsaid, Span(0, len(unsaid)), quote_runs(unsaid)) is None


def _tagged(text: str, labels: dict[str, str]) -> list[tuple[Entity, ...]]:
    """Each sentence's entities as a recogniser might tag them: every mention of each name."""
    spans = sentence_spans(text)
    return [
        tuple(
            Entity(label, m.start(), m.end())
            for name, label in labels.items()
            for m in re.finditer(re.escape(name), text[: span.end])
            if m.start() >= span.start
        )
        for span in spans
    ]


def test_a_name_tagged_as_a_place_that_reports_on_herself_as_she_is_a_person() -> None:
    text = (
        "Eminem and Dr. Dre will headline the show, the league said. In an interview with Vogue "
        "in 2019, Rihanna said she turned down the chance to perform at the 2019 show. "
        "“I couldn’t dare do that,” she told the magazine."
    )
    # The recogniser called Rihanna a place in the article this comes from.
    labels = {"Eminem": "PERSON", "Dre": "PERSON", "Rihanna": "GPE", "Vogue": "ORG"}
    spans = sentence_spans(text)
    found = SpeakerAttributor(MODEL).attribute(text, spans, _tagged(text, labels))
    assert found is not None
    last = found[-1]
    assert last is not None and last.name == "Rihanna"
    # A body or a group reporting on someone else stays what it is.
    text = "Prosecutors said he was angry. “He lied to us,” she said."
    spans = sentence_spans(text)
    found = SpeakerAttributor(MODEL).attribute(text, spans, _tagged(text, {}))
    assert found is not None and (found[-1] is None or found[-1].name != "Prosecutors")


def test_the_name_after_a_document_is_who_obtained_it_not_who_wrote_it() -> None:
    text = (
        "The outage hit millions. Federal officials found no sign of malice, according to a "
        "confidential memo ABC News obtained."
    )
    assert _name_of(text, "Federal officials") != "ABC News"
