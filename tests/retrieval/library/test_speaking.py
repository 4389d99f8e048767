"""Who said it, through the Library: the seed's speaker questions with the real model and spaCy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from config import Settings
from embeddings import Embedder
from retrieval.library import Library
from retrieval.types import Answer

EMBASSY = "What did the embassy say about Hezbollah?"
HAMAS = "What did Hamas say about a ceasefire?"
POST = "What did Blinken post on X?"
HOSTAGES = "What did Blinken say about the hostages?"


@pytest.fixture
def seeded(real_library: Library, seed_article: Path) -> Library:
    real_library.add_file("local", seed_article)
    return real_library


def _first(answer: Answer) -> tuple[str, str]:
    assert answer.found and answer.quotes
    quote = answer.quotes[0]
    assert quote.speaker is not None
    return quote.text, quote.speaker.shown


def test_what_the_embassy_said_about_hezbollah_quotes_the_1701_paragraph(
    seeded: Library,
) -> None:
    text, speaker = _first(seeded.ask("local", EMBASSY))
    assert "Resolution 1701" in text
    assert "US Embassy" in speaker


def test_what_hamas_said_about_a_ceasefire_quotes_its_readiness(seeded: Library) -> None:
    answer = seeded.ask("local", HAMAS)
    text, speaker = _first(answer)
    assert '"immediate" ceasefire' in text
    assert speaker == "Hamas"
    assert answer.asked_speaker == "Hamas" and answer.speaker_found


def test_what_blinken_posted_quotes_his_post(seeded: Library) -> None:
    text, speaker = _first(seeded.ask("local", POST))
    assert text.startswith("The Secretary of State posted to X")
    assert "Blinken" in speaker


@pytest.mark.parametrize(
    ("question", "quoted", "speaker"),
    [
        ("What did the embassy have to say about Hezbollah?", "Resolution 1701", "US Embassy"),
        ("Tell me what the embassy said about Hezbollah.", "Resolution 1701", "US Embassy"),
        ("What position did the embassy take on Hezbollah?", "Resolution 1701", "US Embassy"),
        ("What did the embassy's statement say about Hezbollah?", "Resolution 1701", "US Embassy"),
        ("Quotes from Hamas about a ceasefire", '"immediate" ceasefire', "Hamas"),
        ("What did Blinken's post say?", "The Secretary of State posted to X", "Blinken"),
        # Where he posted is no topic a statement must name; "officials" speak for Hamas.
        ("What did Blinken post on social media?", "The Secretary of State posted to X", "Blinken"),
        ("What did Hamas officials say about a ceasefire?", '"immediate" ceasefire', "Hamas"),
        ("What did the American embassy say about Hezbollah?", "Resolution 1701", "US Embassy"),
    ],
)
def test_other_wordings_of_the_seed_questions_quote_the_same_statements(
    seeded: Library, question: str, quoted: str, speaker: str
) -> None:
    answer = seeded.ask("local", question)
    text, shown = _first(answer)
    assert quoted in text
    assert speaker in shown
    assert answer.asked_speaker is not None and answer.speaker_found  # read as a speaker question
    assert answer.question == question  # the member's own words, though searched as the form


def test_another_wording_is_answered_as_the_form_it_means(seeded: Library) -> None:
    plain = seeded.ask("local", HOSTAGES)
    other = seeded.ask("local", "What did Blinken have to say about the hostages?")
    assert [q.text for q in other.quotes] == [q.text for q in plain.quotes]
    assert other.confidence == plain.confidence


def test_quotes_of_any_question_carry_their_speaker_and_others_have_none(
    seeded: Library,
) -> None:
    answer = seeded.ask("local", "When did Blinken take off for Israel?")
    assert answer.asked_speaker is None
    took_off = next(q for q in answer.quotes if "took off" in q.text)
    assert took_off.speaker is None  # narration, not speech


def test_no_statement_by_the_speaker_is_said_and_others_are_quoted(seeded: Library) -> None:
    answer = seeded.ask("local", "What did Netanyahu say about the ceasefire?")
    assert answer.asked_speaker == "Netanyahu"
    assert not answer.speaker_found
    assert answer.found and answer.quotes
    assert all(q.speaker is not None for q in answer.quotes)  # what others said
    assert not any("Netanyahu" in (q.speaker.shown if q.speaker else "") for q in answer.quotes)


def test_with_speaker_questions_off_the_answer_is_the_plain_one(
    make_settings: Callable[..., Settings], real_embedder: Embedder, seed_article: Path
) -> None:
    with Library(make_settings(speaker_questions=False), embedder=real_embedder) as library:
        library.add_file("local", seed_article)
        answer = library.ask("local", HOSTAGES)
    assert answer.asked_speaker is None
    # Without the feature the embassy's statement, which names Blinken, comes first.
    assert not answer.quotes[0].text.startswith("The Secretary of State posted")


def test_what_blinken_said_about_the_hostages_is_his_own_post(seeded: Library) -> None:
    text, speaker = _first(seeded.ask("local", HOSTAGES))
    assert text.startswith("The Secretary of State posted") and "Antony Blinken" in speaker


def test_statements_across_articles_come_newest_first_when_asked_about_now(
    real_library: Library,
) -> None:
    for day, view in (
        ("2024-01-10", "the harbour tram plan is worth its cost to the city's taxpayers"),
        ("2024-03-02", "the harbour tram plan costs far too much for the city's taxpayers"),
    ):
        real_library.add_text(
            "local",
            f"The city council debated the harbour tram plan on {day}. Mayor Lena Ortiz said "
            f"that {view}. The vote was postponed to a later session after a long and heated "
            "debate in the council chamber.",
            title=f"Tram debate {day}",
            published=day,
        )
    answer = real_library.ask("local", "What does Ortiz say about the harbour tram plan now?")
    then = real_library.ask("local", "What did Ortiz say about the harbour tram plan?")
    assert answer.found and len(answer.quotes) == 2
    assert "costs far too much" in answer.quotes[0].text  # the newer statement first
    assert "is worth its cost" in then.quotes[0].text  # the nearer one, asked of the past
    assert all(q.speaker and q.speaker.name == "Lena Ortiz" for q in answer.quotes)


def test_a_present_tense_puts_the_newest_first_only_among_statements_about_as_near(
    real_library: Library,
) -> None:
    for day, text in (
        (
            "2024-01-10",
            "The city council debated the harbour tram plan on Wednesday. Mayor Lena Ortiz said "
            "that the harbour tram plan is worth its cost to the city's taxpayers. The vote was "
            "postponed to a later session after a long and heated debate in the council chamber.",
        ),
        (
            "2024-03-02",
            "The city council met again on Saturday about the harbour tram plan. Mayor Lena "
            "Ortiz said that the harbour tram plan would go to a public vote once its final "
            "costs were known. The vote was postponed again after a long debate in the council "
            "chamber.",
        ),
    ):
        real_library.add_text("local", text, title=f"Tram debate {day}", published=day)
    asked = "Does Ortiz {}think the harbour tram plan is worth what it costs?"
    thinks, still = (real_library.ask("local", asked.format(w)) for w in ("", "still "))
    # Both statements are quoted either way. "Does she think…" means now, but the older
    # statement answers it far more nearly; "does she still think…" asks for her latest.
    assert len(thinks.quotes) == len(still.quotes) == 2
    assert "is worth its cost" in thinks.quotes[0].text
    assert "public vote" in still.quotes[0].text


def test_a_statement_the_whole_question_misses_is_found_by_its_topic(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # One passage per search: the question's words about the speaker find the profile, which
    # names the mayor often and says nothing; the topic alone finds what she said of it.
    settings = make_settings(max_passages=1, answer_passages=1)
    question = "What did Mayor Ortiz say about the flood barrier?"
    with Library(settings, embedder=real_embedder) as library:
        library.add_text(
            "local",
            "Mayor Ortiz grew up by the river. What did Mayor Ortiz say when elected? Mayor "
            "Ortiz said little, and Mayor Ortiz still says little about anything.",
            title="Mayor Lena Ortiz",
        )
        library.add_text(
            "local",
            "Work on the flood barrier ended in May. “The barrier will keep every home on the "
            "river dry for decades,” Ortiz said.",
            title="Flood barrier finished",
        )
        top = library.search("local", question, 1)
        answer = library.ask("local", question)
    assert top[0].source.title == "Mayor Lena Ortiz"  # the whole question misses the statement
    assert answer.speaker_found and answer.quotes
    assert "keep every home on the river dry" in answer.quotes[0].text
    assert answer.quotes[0].speaker is not None
    assert answer.quotes[0].speaker.name == "Ortiz"


def test_according_to_a_source_quotes_its_statement_even_when_others_figures_are_nearer(
    real_library: Library,
) -> None:
    for year in (2020, 2021, 2022):
        count = f"{year - 1980},000"
        real_library.add_text(
            "local",
            f"About {count} tickets were sold at the river festival in {year}. Tickets sold at "
            f"the river festival reached {count} by Sunday in {year}, the city council "
            "estimated.",
            title=f"River festival {year}",
        )
    real_library.add_text(
        "local",
        "The summer events drew big crowds. Harbour Arts, the group that runs them, said it "
        "had handed out about 38,000 passes, far more than last summer.",
        title="Summer events",
    )
    answer = real_library.ask(
        "local", "According to Harbour Arts, how many tickets were sold at the river festival?"
    )
    assert answer.found and len(answer.quotes) > 1
    first = answer.quotes[0]
    assert "38,000 passes" in first.text
    assert first.speaker is not None and first.speaker.name == "Harbour Arts"
    # The question's own figures are kept after the source's statement.
    assert "river festival" in answer.quotes[1].text and "Harbour Arts" not in answer.quotes[1].text


def test_a_question_of_fact_from_a_source_that_spoke_is_answered_however_unsure(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # A threshold nothing reaches: every plain question is "not found".
    settings = make_settings(confidence_threshold=0.99)
    with Library(settings, embedder=real_embedder) as library:
        library.add_text(
            "local",
            "The summer events drew big crowds. Harbour Arts, the group that runs them, said it "
            "had handed out about 38,000 passes for the river festival, far more than last "
            "summer.",
            title="Summer events",
        )
        sourced = library.ask(
            "local", "According to Harbour Arts, how many tickets went to the river festival?"
        )
        plain = library.ask("local", "How many tickets went to the river festival?")
        unknown = library.ask(
            "local", "According to Quorvane Partners, how many tickets went to the festival?"
        )
    assert sourced.found and "38,000 passes" in sourced.quotes[0].text
    assert sourced.quotes[0].speaker is not None
    assert sourced.quotes[0].speaker.name == "Harbour Arts"
    assert not plain.found
    assert not unknown.found and unknown.speaker_found is False


def test_a_titles_place_is_read_off_the_rest_of_the_article(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # Small chunks: the town is named in one passage, the mayor speaks in another.
    with Library(make_settings(chunk_max_chars=300), embedder=real_embedder) as library:
        filler = " ".join(f"Stall {n} sold bread and honey all day long." for n in range(8))
        library.add_text(
            "local",
            "Police in Harbourview arrested 31 men near the riverside market on Saturday. "
            f"{filler}\n\n{filler}\n\nMayor Ana Castell said the market would reopen on "
            "Monday with more guards at every gate.",
            title="Arrests near the riverside market",
        )
        answer = library.ask("local", "What did the mayor of Harbourview say about the market?")
    assert answer.speaker_found and answer.quotes
    assert answer.quotes[0].speaker is not None
    assert "Ana Castell" in (answer.quotes[0].speaker.name or "")


def test_a_statement_read_through_two_overlapping_chunks_is_quoted_once(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # Small chunks, which overlap by a sentence: the mayor's statements fall across several,
    # and the chunks beside those found are read too.
    with Library(make_settings(chunk_max_chars=150), embedder=real_embedder) as library:
        statements = [
            "“The bridge tolls will be cut in half next spring,” Mayor Karen Bass said.",
            "“We will pay for the bridge repairs from the state grant,” Bass said.",
            "“No family should pay more to cross the bridge than to ride the bus,” Bass said.",
            "“The bridge will stay open during the repairs,” Bass said.",
            "“I will ask the council to freeze the bridge tolls for a decade,” Bass said.",
            "“The bridge toll booths will close by June,” Bass said.",
            "“Drivers will pay the bridge tolls by phone from July,” Bass said.",
            "“The old toll booths will become bus shelters,” Bass said.",
        ]
        library.add_text("local", " ".join(statements), title="Mayor on the bridge")
        answers = [
            library.ask("local", "What did Karen Bass say about the toll booths?"),
            library.ask("local", "What did Bass say about bridge repairs?"),
        ]
    for answer in answers:
        assert answer.speaker_found and len(answer.quotes) > 1
        places = [(q.article_id, q.start) for q in answer.quotes]
        assert len(places) == len(set(places)), answer.question


def test_a_statement_two_articles_print_word_for_word_is_quoted_once(
    real_library: Library,
) -> None:
    tweet = (
        "In another tweet, Elon Musk said the price of a blue check should be about two "
        "dollars a month, paid a year up front."
    )
    real_library.add_text(
        "local", f"Twitter is changing its verification plan. {tweet}", title="Blue checks"
    )
    real_library.add_text(
        "local",
        f"Advertisers are watching the company closely this week. {tweet} Engineers were told "
        "to ship the feature within days.",
        title="Twitter deadline",
    )
    for question in (
        "What did Musk say about the blue check price?",
        "What should a blue check cost?",
    ):
        answer = real_library.ask("local", question)
        texts = [q.text for q in answer.quotes]
        assert texts and texts.count(tweet) <= 1, question


def test_an_article_titled_for_the_speaker_is_read_for_their_statement_on_the_topic(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # Small chunks: the article about the mayor and the tolls says "bridge tolls" often in its
    # first paragraphs, and has her statement on them further on.
    with Library(make_settings(chunk_max_chars=120), embedder=real_embedder) as library:
        library.add_text(
            "local",
            "Karen Bass ran for mayor on bridge tolls. Bridge tolls are what Karen Bass is "
            "asked about most.\n\nKaren Bass and bridge tolls made the front page again. "
            "Bridge tolls rose under Karen Bass.\n\nCommuters crowded the hearing on Tuesday "
            "night.\n\n“Nobody should pay eight dollars to cross a bridge to get to work,” Bass "
            "said.",
            title="Karen Bass and the bridge",
        )
        for topic in ("parks", "libraries", "buses"):
            library.add_text(
                "local",
                f"“We will spend more on {topic} this year,” Mayor Karen Bass said. "
                f"“The {topic} budget doubles in June,” Bass said.",
                title=f"City budget: {topic}",
            )
        answer = library.ask("local", "What did Karen Bass say about bridge tolls?")
    assert answer.speaker_found and answer.quotes
    assert "Nobody should pay eight dollars" in answer.quotes[0].text


def test_asked_what_someone_said_their_own_words_come_before_a_report_of_them(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "Pharmacies reported empty shelves this month. Dr. Jennifer Lincoln, who has a large "
        "audience online, said she has heard from followers about difficulty buying "
        "contraception at their local stores. “I love that people want to be prepared, but the "
        "stockpiling mentality doesn’t help anybody, because we do end up with shortages,” "
        "Lincoln said. Makers expect supplies to recover by spring.",
        title="Contraception shortages",
    )
    answer = real_library.ask(
        "local", "What did Dr. Lincoln say about people stockpiling contraceptives?"
    )
    text, speaker = _first(answer)
    assert "the stockpiling mentality doesn’t help anybody" in text
    assert speaker == "Jennifer Lincoln"


def test_a_description_given_once_finds_the_persons_statements_elsewhere(
    real_library: Library,
) -> None:
    # The first article ties the description to the name; the second writes the name alone.
    real_library.add_text(
        "local",
        "The league held its annual forum on Monday. Harbour League chief executive Jonathan "
        "Greenblatt said the forum on school programs had drawn a record crowd this year.",
        title="League forum",
    )
    real_library.add_text(
        "local",
        "The player pledged $500,000 to charity last week. On Thursday, Jonathan Greenblatt "
        "wrote that the league could not in good conscience accept the player's donation.",
        title="Donation refused",
    )
    answer = real_library.ask(
        "local", "What did the Harbour League's chief executive say about the donation?"
    )
    text, speaker = _first(answer)
    assert "could not in good conscience accept" in text
    assert speaker == "Jonathan Greenblatt"


def test_a_statement_is_read_with_the_sentence_before_it(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "Storms hit the coast for three days. Chancellor Ana Ruiz said she grieved for those who "
        "had lost their lives in the storm, during a visit to the harbour. “We still don't know "
        "the number. But it will be many.” Ruiz also said the army would help clear the roads "
        "and that the harbour would reopen within a month.",
        title="Coastal storm",
    )
    answer = real_library.ask("local", "Did Ruiz say how many people had died in the storm?")
    text, speaker = _first(answer)
    assert "We still don't know the number" in text
    assert speaker.endswith("Ana Ruiz")


def test_a_statement_made_jointly_does_not_make_one_speaker_the_other(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "A storm cut power to the island on Sunday. Gov. Ana Ruiz and the utility Harbour Power "
        "both said most of the grid would be back by Friday. Ruiz said the state would pay for "
        "overtime crews on the grid. “The storm was the worst the grid has seen in decades,” "
        "Ruiz said.",
        title="Island blackout",
    )
    answer = real_library.ask("local", "What did Harbour Power say about the grid?")
    assert answer.found and answer.quotes
    assert "most of the grid would be back by Friday" in answer.quotes[0].text
    assert not any("overtime" in q.text or "worst" in q.text for q in answer.quotes)


def test_before_saying_the_speaker_made_no_statement_the_rest_of_the_article_is_read(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # One passage per search, small chunks: neither the question nor its topic finds the
    # passage where the lawyer speaks, only the article it is in.
    settings = make_settings(max_passages=1, answer_passages=1, chunk_target_words=20)
    question = "What did Maya Stone's lawyer say about taking legal action?"
    with Library(settings, embedder=real_embedder) as library:
        library.add_text(
            "local",
            "Maya Stone fell ill after a meal kit arrived at her home in May. Stone has hired a "
            "lawyer and may take legal action against the company over the meal kit.\n\n"
            "The company recalled the kits on Friday and said it was testing every batch it "
            "had shipped since April.\n\n"
            "“We are weighing every remedy open to Maya, who was poisoned by a box mailed to "
            "her,” said Tom Reyes, Stone's lawyer, in a statement on Monday.",
            title="Meal kit illness",
        )
        top = library.search("local", question, 1)
        topic = library.search("local", "taking legal action", 1)
        answer = library.ask("local", question)
    assert "Reyes" not in top[0].text and "Reyes" not in topic[0].text
    assert answer.speaker_found and answer.quotes
    assert "weighing every remedy" in answer.quotes[0].text
    assert answer.quotes[0].speaker is not None
    assert answer.quotes[0].speaker.name == "Tom Reyes"


def test_a_state_of_mind_is_answered_by_the_statements_of_whoever_spoke_of_it(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "Ice closed every road into the city on Tuesday. Harbour Gov. Ana Ruiz declared a state "
        "of emergency and sent the National Guard to clear the highways. The bridge to the "
        "island stayed shut while crews checked it for cracks. Ruiz said the forecasters had "
        "expected the storm to pass further south. “I'm willing to accept whatever blame comes "
        "my way,” Ruiz said. The bridge will be ready to open on Friday, engineers expect.",
        title="Ice storm",
    )
    governor = real_library.ask(
        "local", "Was Harbour's governor willing to take the blame for the storm response?"
    )
    text, speaker = _first(governor)
    assert "whatever blame comes my way" in text and speaker.endswith("Ana Ruiz")
    assert governor.asked_speaker == "Harbour's governor"
    # No one named "the bridge" spoke: the question is answered as any other.
    bridge = real_library.ask("local", "Was the bridge ready to open?")
    assert bridge.asked_speaker is None and bridge.found
    assert "ready to open on Friday" in bridge.quotes[0].text


class _RecordingEmbedder:
    """The real model, recording the texts it is asked to embed."""

    def __init__(self, model: Embedder) -> None:
        self._model = model
        self.embedded: list[str] = []

    @property
    def name(self) -> str:
        return self._model.name

    @property
    def dim(self) -> int:
        return self._model.dim

    @property
    def max_tokens(self) -> int:
        return self._model.max_tokens

    def count_tokens(self, texts: list[str]) -> list[int]:
        return self._model.count_tokens(texts)

    def embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        self.embedded += texts
        return self._model.embed(texts)


_SHELTER = (
    "The storm closed every road into Harbour on Monday, and the river rose through the night "
    "until it covered the lower town.\n\n"
    "Maria Lopez, the mayor, said the city had opened two shelters at the schools on Monday "
    "evening, with cots, blankets and hot meals for the families.\n\n"
    "“The buses will run all night from the lower town to the hill. Nobody will be turned "
    "away from the school gyms tonight, and nobody will sleep in a car,” she added on Tuesday.\n\n"
    "The weather service expects the rain to stop by Thursday, and the river to fall by the "
    "weekend, forecasters said."
)


def test_a_statement_in_the_paragraph_beside_one_found_is_read_without_embedding_it(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # One passage per search, one paragraph per chunk: the question finds where the mayor
    # speaks of shelters, not the paragraph after it where she goes on.
    settings = make_settings(max_passages=1, answer_passages=1, chunk_target_words=20)
    recording = _RecordingEmbedder(real_embedder)
    question = "What did Lopez say about the shelters?"
    with Library(settings, embedder=recording) as library:
        library.add_text("local", _SHELTER, title="Harbour flooding")
        found = library.search("local", question, 1) + library.search("local", "the shelters", 1)
        recording.embedded.clear()
        answer = library.ask("local", question)
    assert not any("turned away" in p.text for p in found)
    assert answer.speaker_found
    assert any("Nobody will be turned away" in q.text for q in answer.quotes)
    # Only the question and its topic were embedded: the sentences read came with vectors.
    assert not any(text.startswith(("“The buses", "Maria Lopez")) for text in recording.embedded)


def test_a_reason_its_source_gave_is_answered_by_their_own_statement(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "A database of police records sat open on the internet for months. Wren Ochoa, a "
        "security researcher and founder of the research firm Lanternbyte, said he first found "
        "the police database in January while searching for exposed servers. It held the names "
        "and home addresses of thousands of officers. “Either they forgot about it, or they "
        "left it open on purpose because it is easier for them to reach,” Ochoa said. The city "
        "did not respond to questions.",
        title="Police records left open",
    )
    answer = real_library.ask(
        "local", "Why does the Lanternbyte founder think the police database was left open?"
    )
    text, speaker = _first(answer)
    assert text.startswith("“Either they forgot about it") and speaker.endswith("Ochoa")
    assert answer.asked_speaker == "the Lanternbyte founder" and answer.speaker_found


def test_statements_about_another_story_are_no_statement_on_the_one_asked(
    real_library: Library,
) -> None:
    harbourton_id = real_library.add_text(
        "local",
        "A shooting at a mall in Harbourton left three people injured on Saturday. Police said "
        "the suspect was arrested an hour later. “We are grateful to the shoppers who called "
        "us,” police said in a statement. The mall will reopen on Monday.",
        title="Three injured in Harbourton mall shooting",
    ).article.id
    real_library.add_text(
        "local",
        "The Lakeside school shooting has left the town in mourning. Parents gathered outside "
        "the school on Tuesday evening to remember the victims. The school board said classes "
        "would not resume this week, and counsellors will be on hand.",
        title="Lakeside mourns after school shooting",
    )
    # The police spoke only of Harbourton: asked about Lakeside, the answer says so.
    lakeside = real_library.ask("local", "What did police say about the Lakeside shooting?")
    assert lakeside.asked_speaker == "police" and lakeside.speaker_found is False
    assert all(q.article_id != harbourton_id for q in lakeside.quotes)
    harbourton = real_library.ask("local", "What did police say about the Harbourton shooting?")
    text, speaker = _first(harbourton)
    assert harbourton.speaker_found and speaker.lower() == "police"
    assert "arrested" in text or "grateful" in text


def test_asked_about_someone_never_quoted_what_others_said_on_the_topic_is_offered(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "Flash flooding swept through Waverly on Saturday after 17 inches of rain fell in a "
        "day. “We are working with first responders in every flooded county,” Governor Ana "
        "Ruiz wrote on Twitter. Roads into the town stayed closed on Sunday, and the county "
        "opened two shelters. The river crested at a record height, forecasters said.",
        title="Waverly flooding leaves town under water",
    )
    real_library.add_text(
        "local",
        "The city council approved a new budget on Monday. Council members said the plan "
        "keeps libraries open on weekends.",
        title="Council passes budget",
    )
    # The names no article holds draw the whole question's confidence under the threshold.
    answer = real_library.ask(
        "local",
        "What did Jane Quorvane of the Harbour Institute say about the flooding in Waverly?",
    )
    assert answer.speaker_found is False
    assert answer.found and answer.quotes
    assert "first responders" in answer.quotes[0].text
    assert all(q.speaker is not None for q in answer.quotes)


def test_asked_how_much_someone_said_the_statement_with_an_amount_comes_first(
    real_library: Library,
) -> None:
    real_library.add_text(
        "local",
        "The water system of Harbourton failed again on Monday after heavy rain. Mayor Lena "
        "Okoro said she has discussed splitting the cost of fixing the water crisis with state "
        "health leaders. Repairs to the treatment plant could cost $200 million, Okoro said "
        "Tuesday. Residents were told to boil their water until further notice.",
        title="Harbourton water crisis",
    )
    answer = real_library.ask(
        "local", "How much did the Harbourton mayor say it could cost to fix the water crisis?"
    )
    text, speaker = _first(answer)
    assert "$200 million" in text and speaker.endswith("Okoro")


def test_asked_why_the_statement_giving_a_reason_comes_first(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "The Larkfield school board voted on Thursday to close three elementary schools. "
        "Superintendent Mara Quill said the board knew closing the schools would upset "
        "families.\n\nThe schools had to close because enrollment has fallen by a third, Quill "
        "said. Parents protested outside the board meeting.",
        title="Larkfield closes three schools",
    )
    answer = real_library.ask(
        "local", "Why does the Larkfield superintendent say the schools had to close?"
    )
    text, speaker = _first(answer)
    assert text.startswith("The schools had to close because") and speaker.endswith("Quill")


def test_what_others_said_comes_only_from_beside_the_topic(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "Brazil mourns Pelé\n\n“His magic will remain with us forever,” said Neymar, who "
        "played beside him for the national team.\n\nA surprise album\n\nZach Bryan "
        "released an album called All My Homies Hate Ticketmaster on Friday, days after the "
        "ticket seller's stadium tour sale collapsed.\n\nNew species\n\nResearchers "
        "described 146 new species of animals and plants this year.",
        title="Five things to know for Friday",
    )
    real_library.add_text(
        "local",
        "Ticketmaster cancelled Friday's public sale of stadium tour tickets after a "
        "presale crashed its site.\n\n“We are disappointed for the fans who waited for hours,"
        "” said Dana Whitcombe, who chairs a fan group that had camped out for the sale.",
        title="Ticketmaster cancels stadium tour sale",
    )
    answer = real_library.ask("local", "What did Taylor Swift say about Ticketmaster?")
    assert answer.speaker_found is False
    # A digest's item on Pelé sits beside another naming Ticketmaster: no answer about it.
    # The fan's reaction follows the paragraph that names it: what others said.
    assert answer.found and answer.quotes
    assert all("magic" not in q.text for q in answer.quotes)
    assert "disappointed" in answer.quotes[0].text


def test_no_one_beside_the_topic_leaves_the_question_unanswered(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "Brazil mourns Pelé\n\n“His magic will remain with us forever,” said Neymar, who "
        "played beside him for the national team.\n\nA surprise album\n\nZach Bryan "
        "released an album called All My Homies Hate Ticketmaster on Friday.",
        title="Five things to know for Friday",
    )
    answer = real_library.ask("local", "What did Taylor Swift say about Ticketmaster?")
    assert answer.speaker_found is False
    assert not any("magic" in q.text for q in answer.quotes)
    assert answer.found == bool(answer.quotes)  # never "here is what others said" and nothing


def _add_biden_on_the_capitol(library: Library) -> None:
    library.add_text(
        "local",
        "President Joe Biden marked the anniversary of the Capitol attack on Thursday. “They "
        "failed, and on this day of remembrance we must make sure it never happens again,” "
        "Biden said in a speech at the Capitol.",
        title="Biden marks anniversary of Capitol attack",
    )


def test_a_speakers_words_on_another_story_are_no_statement_on_the_topic(
    real_library: Library,
) -> None:
    _add_biden_on_the_capitol(real_library)
    real_library.add_text(
        "local",
        "The pause on federal student loan payments was extended to the end of August, the "
        "Department of Education said on Wednesday. “We will keep assessing the impact of the "
        "pandemic on student loan borrowers,” a department spokesperson wrote.",
        title="Student loan pause extended",
    )
    answer = real_library.ask("local", "What did Biden say about student loans?")
    # Biden spoke only of the Capitol: no statement of his on student loans, and what
    # others said on them is offered instead.
    assert answer.asked_speaker == "Biden" and answer.speaker_found is False
    assert answer.found and answer.quotes
    assert all("remembrance" not in q.text for q in answer.quotes)
    assert "student loan" in answer.quotes[0].text


@pytest.mark.parametrize(
    ("title", "article", "question", "surname", "opening"),
    [
        # "eBay" is the name the articles write: not "Bay", which none of them does.
        (
            "eBay cuts fees on used clothing",
            "The online marketplace eBay will cut its selling fees for used clothing from next "
            "month. “We want every closet in the country to become a shop,” chief executive "
            "Jamie Iannone told investors on Wednesday.",
            "What did Jamie Iannone say about eBay?",
            "Iannone",
            "“We want every closet",
        ),
        # A member types the apostrophe straight that the article curls.
        (
            "Sandra Day O’Connor dies at 93",
            "Former Justice Sandra Day O’Connor, the first woman on the Supreme Court, died on "
            "Friday at 93. “She blazed a trail as our nation's first female justice,” Chief "
            "Justice John Roberts said in a statement.",
            "What did John Roberts say about Sandra Day O'Connor?",
            "Roberts",
            "“She blazed a trail",
        ),
    ],
)
def test_a_topic_named_as_members_write_it_finds_the_statement(
    real_library: Library, title: str, article: str, question: str, surname: str, opening: str
) -> None:
    real_library.add_text("local", article, title=title)
    answer = real_library.ask("local", question)
    text, speaker = _first(answer)
    assert answer.speaker_found and speaker.endswith(surname)
    assert text.startswith(opening)


def test_no_statement_on_the_topic_is_said_without_quoting_the_speaker_on_another(
    real_library: Library,
) -> None:
    _add_biden_on_the_capitol(real_library)
    real_library.add_text(
        "local",
        "The pause on federal student loan payments was extended to the end of August. "
        "Borrowers will not owe interest until then, and payments resume in September.",
        title="Student loan pause extended",
    )
    answer = real_library.ask("local", "What did Biden say about student loans?")
    # No one's statement is on the loans: the answer says Biden made none, and his words on
    # the Capitol are not offered under that line.
    assert answer.asked_speaker == "Biden" and answer.speaker_found is False
    assert not any(q.speaker is not None and "Biden" in q.speaker.shown for q in answer.quotes)
    assert answer.found and "student loan" in answer.quotes[0].text


def test_a_name_asked_alone_is_not_whoever_speaks_of_them(real_library: Library) -> None:
    real_library.add_text(
        "local",
        "Former President Donald Trump pleaded not guilty on Tuesday to charges that he kept "
        "secret documents.\n\n"
        "“The indictment is a disgrace, and we will fight these charges,” Trump's lawyer Joe "
        "Tacopina said outside the court.\n\n"
        "Trump told supporters it was a witch hunt meant to stop him from running again.",
        title="Trump pleads not guilty",
    )
    answer = real_library.ask("local", "What did Trump say about the indictment?")
    text, speaker = _first(answer)
    # His lawyer speaks of him; the lawyer's words are not his.
    assert "witch hunt" in text and speaker.endswith("Donald Trump")
    assert not any(q.speaker and "Tacopina" in q.speaker.shown for q in answer.quotes)
