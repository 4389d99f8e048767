"""Attribution rules 45, through the real parser and recogniser: which body "the company
said", "the agency said", "the chain said" or "the administration said" refers back to."""

from __future__ import annotations

import pytest

from tests.retrieval.ingest.test_attribution_phrases import _name_of


@pytest.mark.parametrize(
    ("text", "sentence", "body"),
    [
        # A business's own noun that is no group noun: "the chain" is McDonald's.
        (
            "McDonald's said on Tuesday that it had pulled the Quarter Pounder from restaurants "
            "in several states after an E. coli outbreak.\n\n"
            "The chain also said it is working with health officials to resolve the issue.",
            "The chain also said",
            "McDonald's",
        ),
        # A name holding the noun's plural is the body the noun means.
        (
            "Singapore Airlines said the flight from London hit severe turbulence. The plane, "
            "made by Boeing, diverted to Bangkok.\n\n"
            "All passengers have been offered a full refund, the airline said.",
            "All passengers",
            "Singapore Airlines",
        ),
        # A body named inside the statement the claim reports after it is what it speaks
        # of: the agency is the patrol named before.
        (
            "The California Highway Patrol closed several freeways as the storm hit on "
            "Sunday.\n\n"
            "Another accident in nearby Fontana killed a 23-year-old man after his car crashed "
            "into a tow truck in the rain, the agency said.",
            "Another accident",
            "California Highway Patrol",
        ),
        # An outlet relaying what a body said is not the body "the company" means next.
        (
            "The RavnAir Group on Dec. 20 suffered a cyberattack on its network, Anchorage "
            "television station KTVA reports.\n\n"
            "Additional flight cancellations are possible for the group's airlines, the "
            "company said.",
            "Additional flight",
            "RavnAir Group",
        ),
        # "Centers" heads a government body's name, which "the agency" means.
        (
            "The U.S. Centers for Disease Control and Prevention is investigating whether meat "
            "sold at Sam's Club is linked to a salmonella outbreak.\n\n"
            "The agency said 24 illnesses have been reported across 14 states.",
            "The agency said",
            "U.S. Centers for Disease Control and Prevention",
        ),
        # The body that spoke last, not another named in its statement.
        (
            "The FDA said its investigation with the Centers for Disease Control and Prevention "
            "now includes four reports of infections in infants.\n\n"
            'The agency said it is "working with Abbott Nutrition to better assess the impacts '
            'of the recall."',
            "The agency said",
            "FDA",
        ),
        # A story's credit in brackets is no body the story refers back to.
        (
            "Washington (CNN) — Officials at NASA are pushing back the next launch attempt for "
            "the Artemis I rocket by four days, the space agency said on Friday.",
            "Washington (CNN)",
            "NASA",
        ),
    ],
)
def test_a_body_described_is_the_one_named_before_that_the_noun_fits(
    text: str, sentence: str, body: str
) -> None:
    assert _name_of(text, sentence) == body


def test_a_body_opening_the_statement_may_be_the_speaker_itself() -> None:
    text = (
        "Toyota recalled its bZ4X electric SUV after wheels came loose, the National Highway "
        "Traffic Safety Administration said.\n\n"
        "Toyota does not know yet how to fix the issue, the automaker said."
    )
    assert _name_of(text, "Toyota does not know") == "Toyota"


def test_the_company_is_not_an_earlier_company_left_unnamed() -> None:
    """An earlier "the company said" that named no one is no name for the next one to take:
    the body named since is."""
    text = (
        "Customers reported problems with their phones on Thursday morning, and the company "
        "said it was looking into the reports.\n\n"
        "By noon, Verizon had restored service to most of its customers in the Southeast.\n\n"
        "The company said the issue was fixed at 6:30 a.m."
    )
    assert _name_of(text, "The company said the issue") == "Verizon"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # The administration the article names, not a department named since.
        (
            "The Biden administration has forgiven loans for 4 million borrowers. The Education "
            "Department said more relief would follow.\n\n"
            "In addition, the administration has said it will discharge the debts of students "
            "who attended predatory colleges.",
            "In addition",
            "Biden administration",
        ),
        # None named: the administration stays as written, not the council named last.
        (
            "President Joe Biden designated the Grand Canyon National Monument on Tuesday. The "
            "Havasupai Tribal Council welcomed the move.\n\n"
            "It protects sites sacred to the Havasupai and Hopi tribes, the administration said.",
            "It protects",
            "administration",
        ),
        # A party is the party named, not its chair named last.
        (
            "The Republican Party of Iowa holds its Lincoln Dinner on Friday. Chris Christie "
            "will not attend.\n\n"
            "According to the party, Christie was not invited because he did not campaign in "
            "Iowa.",
            "According to the party",
            "Republican Party",
        ),
        # "The national party" is no state party the article named.
        (
            "Biden's campaign told New Hampshire Democratic Party Chair Ray Buckley of the "
            "decision on Tuesday.\n\n"
            "The national party said the primary would not count toward the nomination.",
            "The national party",
            "national party",
        ),
    ],
)
def test_an_administration_or_party_is_the_one_named_with_the_noun(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name


def test_a_disease_the_recogniser_takes_for_a_body_is_none() -> None:
    text = (
        "An employee of the clinic has tested positive for COVID-19, the company said on "
        "Friday.\n\n"
        "The employee did not display symptoms while working on-site, the company said."
    )
    assert _name_of(text, "The employee did not") != "COVID-19"


def test_the_party_is_no_person_whose_post_holds_the_word() -> None:
    text = (
        "New Hampshire's Democratic Party will not be involved in the write-in effort. Party "
        "Chair Ray Buckley addressed the legacy of the primary on Tuesday.\n\n"
        "All presidential voting will take place by mail, the party said."
    )
    assert _name_of(text, "All presidential voting") == "New Hampshire's Democratic Party"


@pytest.mark.parametrize(
    ("text", "sentence", "name"),
    [
        # A name the sentence ends with is set off: the source's own name.
        (
            "Actor Howard Hesseman has died at 81, according to his manager, Robbie Kass.",
            "Actor Howard Hesseman",
            "Robbie Kass",
        ),
        # A name that opens the sentence's own clause is whom it speaks of.
        (
            "Prosecutors filed charges on Monday.\n\n"
            "According to the affidavit, Nelson and the dog had issues in the past.",
            "According to the affidavit",
            "affidavit",
        ),
    ],
)
def test_a_name_after_according_to_is_the_source_only_when_set_off(
    text: str, sentence: str, name: str
) -> None:
    assert _name_of(text, sentence) == name
