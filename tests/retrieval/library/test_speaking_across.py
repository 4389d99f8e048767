"""A speaker's statements in articles the question's own search does not find, through the
Library with the real model and spaCy: looked up by name in the speaker index."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from config import Settings
from embeddings import Embedder
from retrieval.library import Library, stored_reading
from retrieval.types import Answer

QUESTION = "What did Warren say about Roe and legislation?"

# Found first by the question's words ("Warren", "Roe", "legislation"), and read whole: the
# senator never speaks in it.
COUNTY = (
    "Warren County residents marched over Roe on Saturday. Warren County's Roe march drew "
    "families from Warren and nearby towns, and organisers want legislation on Roe.",
    "Warren County marches over Roe legislation",
)
OTHER_ROE = (
    "Lawmakers in several states filed Roe bills this week. Legislation on Roe is expected "
    "to reach committees in the spring, and Roe legislation hearings begin in March.",
    "Roe legislation filed in several states",
)
SPEECH = (
    "Senator Elizabeth Warren spoke to supporters at a rally in Boston on Friday evening, "
    "after a week of campaign stops across the state and a town hall on housing costs.\n\n"
    "“We had Roe for fifty years, and this time we will write it into statute so no court "
    "can take it away,” she said.",
    "Warren rallies supporters in Boston",
)


def _library(make_settings: Callable[..., Settings], embedder: Embedder) -> Library:
    # One passage a search, small chunks: neither the question nor its topic reaches the
    # paragraph where the senator speaks.
    settings = make_settings(max_passages=1, answer_passages=1, chunk_target_words=20)
    return Library(settings, embedder=embedder)


def _searched_and_answered(library: Library, question: str) -> tuple[str, Answer]:
    """Add the three articles; return the one passage the question's search finds, and the
    answer."""
    for text, title in (SPEECH, COUNTY, OTHER_ROE):
        library.add_text("local", text, title=title)
    return library.search("local", question, 1)[0].text, library.ask("local", question)


def test_a_speakers_statement_the_search_misses_is_found_by_their_name(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    with _library(make_settings, real_embedder) as library:
        searched, answer = _searched_and_answered(library, QUESTION)
    assert "statute" not in searched
    assert answer.found and answer.speaker_found and answer.quotes
    assert "write it into statute" in answer.quotes[0].text
    speaker = answer.quotes[0].speaker
    assert speaker is not None and speaker.name == "Elizabeth Warren"


def test_statements_the_search_found_stay_theirs_beside_those_found_by_name(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    # The regulator's statement in the story asked about is found by the search; another
    # story's "China's national banking regulator" is found by the name's words. It joins the
    # statements, but neither displaces the one found nor comes before it.
    with _library(make_settings, real_embedder) as library:
        library.add_text(
            "local",
            "Depositors protested outside four village banks in Henan on Monday after their "
            "savings were frozen.\n\n“The police have opened a case for investigation into the "
            "matter,” the China Banking and Insurance Regulatory Commission said.",
            title="Henan bank depositors protest frozen savings",
        )
        library.add_text(
            "local",
            "China's national banking regulator says third party online platforms allowed "
            "small lenders to take deposits far outside their home provinces.",
            title="Online platforms helped lenders grow",
        )
        answer = library.ask(
            "local", "Did China's banking regulator say the police were investigating the banks?"
        )
    assert answer.speaker_found and answer.quotes
    assert "opened a case" in answer.quotes[0].text


def test_a_question_of_fact_leads_with_the_sources_statement_found_by_name(
    make_settings: Callable[..., Settings], real_embedder: Embedder
) -> None:
    question = "According to Warren, how long was Roe legislation in place?"
    with _library(make_settings, real_embedder) as library:
        searched, answer = _searched_and_answered(library, question)
    assert "fifty years" not in searched
    assert answer.found and answer.quotes
    assert "We had Roe for fifty years" in answer.quotes[0].text
    speaker = answer.quotes[0].speaker
    assert speaker is not None and speaker.name == "Elizabeth Warren"


def test_the_speakers_chunks_are_weighed_by_their_nearest_sentence(
    make_settings: Callable[..., Settings],
    real_embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The depot visit reads as buses throughout; the parade story holds one sentence on fares.
    # Weighed as whole chunks, the depot comes first and the statement on fares is never read.
    monkeypatch.setattr(stored_reading, "SPOKEN_READ", 1)
    depot = (
        "Councillor Dana Reyes toured the city's bus depot on Monday. The depot houses forty "
        "buses, and drivers start their bus routes there before dawn. Riders wait at the "
        "depot's bus terminal for the first buses. “The parking lot needs new lights,” Reyes "
        "said."
    )
    parade = (
        "Thousands lined Main Street for the spring parade on Saturday, with marching bands, "
        "floats and fireworks after dark. Children waved flags as the floats passed the town "
        "hall. “Bus fares will be cut in half next year,” Reyes said."
    )
    topic = real_embedder.embed(["bus fares"])[0]
    with Library(make_settings(), embedder=real_embedder) as library:
        library.add_text("local", depot, title="Reyes tours the bus depot")
        library.add_text("local", parade, title="Parade draws crowds")
        ids = library.store.spoken_by("local", 1, ["reyes"], 10)
        titles = {i: c.source.title for i, c in library.store.chunks("local", ids).items()}
        whole = library.store.chunk_vectors(ids, len(topic))
        read = stored_reading.statements_of(library.store, "local")(
            stored_reading.SpokenAsked(frozenset({"reyes"}), topic)
        )
    nearest_whole = max(whole, key=lambda i: float(whole[i] @ topic))
    assert titles[nearest_whole] == "Reyes tours the bus depot"
    assert [p.source.title for p in read] == ["Parade draws crowds"]
