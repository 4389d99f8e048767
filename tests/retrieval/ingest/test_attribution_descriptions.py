"""Attribution of descriptions and asides the recogniser or the parse miss: a name it did not
tag still takes its appositive, "who owns…" describes a post, and "…, X said, …" set off by
commas is X's claim over a clause before it."""

from __future__ import annotations

from retrieval.ingest.descriptions import looks_like_a_name, roles_around
from retrieval.types import Entity
from tests.retrieval.ingest.test_attribution_phrases import _speaker_of


def test_a_name_the_recogniser_missed_keeps_the_appositive_written_with_it() -> None:
    # The small model tags no entity in "Toi Hutchinson": her description came only from
    # entities before, so "the Marijuana Policy Project's CEO" matched no one.
    text = (
        "Voters in five states decided on marijuana measures on Tuesday.\n\n"
        '"A growing number of voters recognize that reform is in the best interest of public '
        'health," Toi Hutchinson, president and CEO of the Marijuana Policy Project, said in a '
        'statement. "State-level victories are what move the needle at the federal level."'
    )
    first = _speaker_of(text, '"A growing number')
    later = _speaker_of(text, '"State-level')
    assert first is not None and first.name == "Toi Hutchinson"
    assert first.role == "president and CEO of the Marijuana Policy Project"
    assert later is not None and later.role == first.role


def test_who_owns_or_heads_something_describes_a_post() -> None:
    text = (
        "The river took most of the valley's campgrounds.\n\n"
        "\"It's gone. There's nothing there,\" Sherrie McArthur, who owns Laurel Bank Campground "
        'in the area, told the Citizen Times. "I had 100 sites, and they\'re all gone."\n\n'
        '"We will rebuild," said Tom Reyes, who heads the county\'s recovery office.'
    )
    owner = _speaker_of(text, '"I had 100 sites')
    head = _speaker_of(text, '"We will rebuild')
    assert owner is not None and owner.role == "owner of Laurel Bank Campground in the area"
    assert head is not None and head.role == "head of the county's recovery office"


def test_a_relative_clause_of_what_someone_did_is_no_post() -> None:
    text = (
        "Francillia St. Jean, who's helped manage the shelter since the storm hit, said: \"We "
        'need more cots."'
    )
    speaker = _speaker_of(text, "Francillia")
    assert speaker is not None and speaker.name == "Francillia St. Jean"
    assert speaker.role is None


def test_a_speaker_set_off_by_commas_is_who_the_sentence_reports() -> None:
    text = (
        "Michigan issued a new mask advisory on Friday.\n\n"
        "State health leaders chose to recommend masks with the advisory, rather than a mask "
        'mandate, Hertel said, because "we\'ve all been armed with the information we need."\n\n'
        'As more chains update their stores and add Wi-Fi, Oches says, "people may be more '
        'interested in going into a dining room."'
    )
    hertel = _speaker_of(text, "State health leaders")
    oches = _speaker_of(text, "As more chains")
    assert hertel is not None and hertel.written == "Hertel"
    assert oches is not None and oches.written == "Oches"


def test_what_reads_as_a_persons_name() -> None:
    assert looks_like_a_name("Toi Hutchinson")
    assert looks_like_a_name("Ludwig van Beethoven")
    assert not looks_like_a_name("The Associated Press")
    assert not looks_like_a_name("Atlantic Plate Glass Co")
    assert not looks_like_a_name("Hutchinson")
    assert not looks_like_a_name("State health leaders")


def test_two_closing_single_marks_close_a_quotation_as_two_apostrophes_do() -> None:
    # Wire copy set in curly type: without the close, "said Judge" read as inside the quotation.
    text = (
        "The Yankees retrieved the balls for him.\n\n"
        "“I’ll give them to my parents,’’ said Aaron Judge, who grew up in Linden, Calif.\n\n"
        "“FEMA’s very well positioned for this response,’’ said Keith Turi, assistant "
        "administrator for recovery."
    )
    judge = _speaker_of(text, "“I’ll give them")
    turi = _speaker_of(text, "“FEMA’s very well")
    assert judge is not None and judge.name == "Aaron Judge"
    assert turi is not None and turi.name == "Keith Turi"


def test_a_name_after_its_verb_runs_past_its_initial() -> None:
    text = (
        '"We may lose fewer than 2 out of every 10 species by 2070," said study co-author '
        "John J. Wiens of the University of Arizona."
    )
    speaker = _speaker_of(text, '"We may lose')
    assert speaker is not None and speaker.name == "John J. Wiens"
    assert speaker.role == "study co-author; University of Arizona"


def test_an_appositive_may_end_where_a_quotation_opens() -> None:
    text = (
        '"We were looking for a way to put Cynthiana on the map," said Tomi Jean Clifford, '
        "executive director of the Cynthiana-Harrison County Chamber of Commerce and the "
        'co-creator of Cynthiana\'s "The Walking Dead" Day.'
    )
    speaker = _speaker_of(text, '"We were looking')
    assert speaker is not None and speaker.role is not None
    assert speaker.role.startswith("executive director of the Cynthiana-Harrison County Chamber")


def test_a_verb_after_to_before_a_name_is_no_title() -> None:
    # "used force to remove Kraemer": "remove" is what was done to him, not his post.
    text = (
        "Officers used force to remove Kraemer from the platform, the affidavit said. "
        "Koryn Kraemer told a detective he had taken pills before the attack."
    )
    speaker = _speaker_of(text, "Koryn Kraemer told")
    assert speaker is not None and speaker.name == "Koryn Kraemer"
    assert speaker.role is None


def test_an_appositive_ends_where_the_speech_verb_begins() -> None:
    text = (
        "“The report misleads shoppers,” Teresa Thorne, Executive Director of the AFF said in "
        "a news release."
    )
    speaker = _speaker_of(text, "“The report")
    assert speaker is not None and speaker.name == "Teresa Thorne"
    assert speaker.role == "Executive Director of the AFF"


def test_a_clause_or_a_headline_before_a_name_is_no_title() -> None:
    text = (
        "Scientists fear avian flu would kill David Attenborough's beloved seabirds first.\n\n"
        "Poll: Trump leads Nikki Haley in the state.\n\n"
        "Gov. Tate Reeves defeats Democratic challenger Brandon Presley.\n\n"
        "“We have the solutions,” said David Attenborough.\n\n"
        "“The race is not over,” Nikki Haley said.\n\n"
        "“We ran a clean campaign,” Brandon Presley said."
    )
    attenborough = _speaker_of(text, "“We have the solutions")
    haley = _speaker_of(text, "“The race is not over")
    presley = _speaker_of(text, "“We ran")
    assert attenborough is not None and attenborough.role is None
    assert haley is not None and haley.role is None
    assert presley is not None and presley.role == "Democratic challenger"


def test_words_ending_in_of_or_holding_a_share_are_no_title() -> None:
    text = "Shelves fell in the small town of Atka. The poll found 58% of Gen Xers agree."
    for name in ("Atka", "Gen Xers"):
        start = text.index(name)
        assert roles_around(text, Entity("PERSON", start, start + len(name))) == []


def test_an_appositive_is_cut_at_a_dash_and_a_hanging_preposition() -> None:
    text = (
        "“The vote was close,” said Matt Brooks, CEO of the Republican Jewish Coalition – a "
        "powerful player in GOP politics – on Sunday.\n\n"
        "“We laughed a lot,” said Ana Ruiz, host of “The Late Show,” on Friday."
    )
    brooks = _speaker_of(text, "“The vote")
    ruiz = _speaker_of(text, "“We laughed")
    assert brooks is not None and brooks.role == "CEO of the Republican Jewish Coalition"
    assert ruiz is not None and ruiz.role == "host"


def test_a_lone_word_that_describes_no_one_is_no_role() -> None:
    text = "Neither Ana Ruiz nor Tom Hale would comment. “We wait,” Ana Ruiz said."
    start = text.index("Ana Ruiz")
    assert roles_around(text, Entity("PERSON", start, start + len("Ana Ruiz"))) == []


def test_a_body_named_after_a_person_ends_with_its_sentence() -> None:
    text = "“Rates will fall,” said Ana Ruiz of Credit Suisse. Investors were calm about it."
    start = text.index("Ana Ruiz")
    roles = roles_around(text, Entity("PERSON", start, start + len("Ana Ruiz")))
    assert roles == ["Credit Suisse"]


def test_two_posts_joined_by_and_before_a_name_are_one_title() -> None:
    text = (
        "Owner and CEO Greg Penner made the announcement Thursday. Later Biden and Vice "
        "President Kamala Harris spoke."
    )
    penner = text.index("Greg Penner")
    harris = text.index("Kamala Harris")
    assert roles_around(text, Entity("PERSON", penner, penner + len("Greg Penner"))) == [
        "Owner and CEO"
    ]
    # "and" joins two posts only: a name before it is someone else.
    assert roles_around(text, Entity("PERSON", harris, harris + len("Kamala Harris"))) == [
        "Vice President"
    ]


def test_a_long_capitalised_title_set_off_before_a_name_describes_the_person() -> None:
    # "WWF Australia" asked for her statements: the title before her name was too long to be
    # read, and her later "Lowry said" carried no description at all.
    text = (
        "The government named 110 species it will try to save.\n\n"
        "The World Wildlife Fund Australia’s Chief Conservation Officer, Rachel Lowry, "
        "applauded the commitment but said the plan should go further.\n\n"
        "“It’s unclear how it will help our other threatened species,” Lowry said."
    )
    later = _speaker_of(text, "“It’s unclear")
    assert later is not None and later.name == "Rachel Lowry"
    assert later.role == "World Wildlife Fund Australia’s Chief Conservation Officer"


def test_an_appositive_after_a_comma_without_its_space_still_describes() -> None:
    text = (
        '"The rule will keep babies safer," said Alexander Hoehn-Saric,chair of CPSC, in a '
        "statement."
    )
    assert _roles_of(text, "Alexander Hoehn-Saric") == ["chair of CPSC"]


def test_what_a_clause_or_a_timeline_writes_before_or_after_a_name_is_no_role() -> None:
    text = (
        "November 2021 Boris Johnson pressures MPs to overturn a suspension.\n\n"
        "Once Boris Johnson resigns, Truss takes office.\n\n"
        '"Will potus say something?" wrote CNN\'s Jim Acosta at 2:12 p.m.\n\n'
        "-- Actor Tom Hanks\n\n"
        '"States are desperate," said Robert Dunham, whose group says it is neutral.\n\n'
        "On Monday Fox's Jesse Watters hosted the attorney general."
    )
    names = ("Boris Johnson", "Jim Acosta", "Tom Hanks", "Robert Dunham", "Jesse Watters")
    found = {name: _roles_of(text, name) for name in names}
    assert found == {
        "Boris Johnson": [],
        "Jim Acosta": [],
        "Tom Hanks": ["Actor"],
        "Robert Dunham": [],
        "Jesse Watters": [],
    }


def test_a_numeral_in_a_title_and_an_age_set_off_by_commas_stay_as_they_were() -> None:
    text = (
        "“For once I might be speechless,” said Artemis I launch director Charlie "
        "Blackwell-Thompson.\n\nDavid DePape, 42, was charged on Monday."
    )
    assert _roles_of(text, "Charlie Blackwell-Thompson") == ["Artemis I launch director"]
    assert _roles_of(text, "David DePape") == []


def _roles_of(text: str, name: str) -> list[str]:
    """The roles read around every mention of a name, in text order."""
    starts = [i for i in range(len(text)) if text.startswith(name, i)]
    return [
        role
        for start in starts
        for role in roles_around(text, Entity("PERSON", start, start + len(name)))
    ]
