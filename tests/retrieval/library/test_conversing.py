"""Conversations in the library: follow-ups asked through kept answers, in SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from config import Settings
from embeddings import Embedder
from embeddings.hashing import HashingEmbedder
from retrieval.library import Continues, Library

PLANT = "Which county will Verantis build its chip plant in?"
JOBS = "How many jobs will it create?"
DAY = date(2024, 9, 20)


def add_fixtures(library: Library, fixture_articles: Path, collection: str = "c") -> None:
    library.add_folder(collection, fixture_articles)


def test_a_follow_up_is_rewritten_from_the_answer_it_continues(
    hashing_library: Library, fixture_articles: Path
) -> None:
    add_fixtures(hashing_library, fixture_articles)
    first = hashing_library.ask_in_conversation("c", PLANT, as_of=DAY, place="42")

    follow = hashing_library.ask_in_conversation(
        "c", JOBS, as_of=DAY, place="42", continues=Continues(answer_id=first.answer_id)
    )

    assert follow.answer.question == "How many jobs will Verantis create?"
    assert follow.typed == JOBS and follow.rewritten
    assert follow.follows is not None and follow.follows.id == first.answer_id
    kept = hashing_library.stored_answer("c", follow.answer_id)
    assert kept is not None and kept.question == follow.answer.question and kept.place == "42"
    assert kept.as_of == DAY.isoformat()
    # A question that continues nothing is asked as typed.
    alone = hashing_library.ask_in_conversation("c", JOBS, as_of=DAY)
    assert alone.answer.question == JOBS and not alone.rewritten


def test_conversation_state_survives_a_restart(
    make_settings: Callable[..., Settings], fixture_articles: Path
) -> None:
    settings = make_settings()
    with Library(settings, embedder=HashingEmbedder()) as library:
        add_fixtures(library, fixture_articles)
        first = library.ask_in_conversation("c", PLANT, as_of=DAY, place="7")
        library.note_answer_message("c", first.answer_id, 900)

    with Library(settings, embedder=HashingEmbedder()) as reopened:
        # A thread opened from message 900 continues the answer sent in it.
        previous = reopened.previous_answer("c", Continues(place="900"))
        assert previous is not None and previous.id == first.answer_id
        latest = reopened.previous_answer("c", Continues(place="7"))
        assert latest is not None and latest.question == PLANT


def test_a_silent_conversation_expires(
    make_settings: Callable[..., Settings], fixture_articles: Path
) -> None:
    settings = make_settings(conversation_max_age_minutes=0)
    with Library(settings, embedder=HashingEmbedder()) as library:
        add_fixtures(library, fixture_articles)
        library.ask_in_conversation("c", PLANT, as_of=DAY, place="7")

        assert library.previous_answer("c", Continues(place="7")) is None
        follow = library.ask_in_conversation(
            "c", JOBS, as_of=DAY, place="7", continues=Continues(place="7")
        )
        assert follow.answer.question == JOBS


def test_kept_answers_are_bounded_per_collection(
    make_settings: Callable[..., Settings], fixture_articles: Path
) -> None:
    settings = make_settings(answer_history_max=2)
    with Library(settings, embedder=HashingEmbedder()) as library:
        add_fixtures(library, fixture_articles)
        add_fixtures(library, fixture_articles, collection="other")
        ids = [library.ask_in_conversation("c", PLANT, as_of=DAY).answer_id for _ in range(3)]
        elsewhere = library.ask_in_conversation("other", PLANT, as_of=DAY).answer_id

        assert library.stored_answer("c", ids[0]) is None  # the oldest gave way
        assert all(library.stored_answer("c", i) is not None for i in ids[1:])
        assert library.stored_answer("other", elsewhere) is not None
        assert library.stored_answer("other", ids[2]) is None  # never across servers


def test_each_member_votes_once_and_votes_go_with_the_collection(
    hashing_library: Library, fixture_articles: Path
) -> None:
    add_fixtures(hashing_library, fixture_articles)
    kept = hashing_library.stored_answer(
        "c", hashing_library.ask_in_conversation("c", PLANT, as_of=DAY).answer_id
    )
    assert kept is not None

    assert hashing_library.vote(kept, True, "1") is True
    assert hashing_library.vote(kept, False, "1") is False
    assert hashing_library.vote(kept, False, "2") is True
    rows = hashing_library.store.feedback("c")
    assert [r["helpful"] for r in rows] == [True, False]
    assert rows[0]["question"] == PLANT

    hashing_library.delete_collection("c", for_good=True)
    assert hashing_library.stored_answer("c", kept.id) is None
    db = sqlite3.connect(hashing_library.data_dir / "articlebot.sqlite3")
    assert db.execute("SELECT count(*) FROM answers").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM answer_votes").fetchone() == (0,)


def test_a_database_from_before_conversations_opens_and_keeps_answers(
    make_settings: Callable[..., Settings], fixture_articles: Path
) -> None:
    settings = make_settings()
    with Library(settings, embedder=HashingEmbedder()) as library:
        add_fixtures(library, fixture_articles)
    path = Path(settings.data_dir) / "articlebot.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE answers; DROP TABLE answer_votes;")  # as schema 5 left it
    db.close()

    with Library(settings, embedder=HashingEmbedder()) as upgraded:
        asked = upgraded.ask_in_conversation("c", PLANT, as_of=DAY)
        assert upgraded.stored_answer("c", asked.answer_id) is not None
        assert upgraded.count("c") == 4


def test_real_model_follow_up_quotes_what_the_pronoun_pointed_to(
    settings: Settings, real_embedder: Embedder, fixture_articles: Path
) -> None:
    with Library(settings, embedder=real_embedder) as library:
        add_fixtures(library, fixture_articles)
        first = library.ask_in_conversation("c", PLANT, as_of=DAY)
        follow = library.ask_in_conversation(
            "c", JOBS, as_of=DAY, continues=Continues(answer_id=first.answer_id)
        )

    assert follow.answer.question == "How many jobs will Verantis create?"
    assert follow.answer.found
    assert "1,400 jobs" in follow.answer.quotes[0].text
