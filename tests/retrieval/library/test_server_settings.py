"""Per-server settings through the facade: defaults, checked changes, resets, deletion, upgrades."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.errors import InvalidInput
from retrieval.library import Library
from retrieval.library.server_settings import SETTING_NAMES

GUILD = "guild-1"
OTHER = "guild-2"


def test_a_server_that_chose_nothing_gets_the_process_settings(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(add_permission="manage_messages", ask_cooldown_s=7.0)
    with Library(settings, embedder=HashingEmbedder()) as library:
        found = library.server_settings(GUILD)

    assert found.add_permission == "manage_messages"
    assert found.ask_cooldown_s == 7.0
    assert found.mention_channels == ()
    assert found.answers_private is False
    assert found.not_found_threshold is None
    assert found.defaults == frozenset(SETTING_NAMES)


def test_changes_are_stored_per_server_and_marked_as_chosen(hashing_library: Library) -> None:
    hashing_library.change_server_settings(
        GUILD, {"answers_private": True, "ask_cooldown_rate": 5, "mention_channels": [11, 12]}
    )

    found = hashing_library.server_settings(GUILD)
    assert found.answers_private is True
    assert found.ask_cooldown_rate == 5
    assert found.mention_channels == (11, 12)
    assert {"answers_private", "ask_cooldown_rate", "mention_channels"}.isdisjoint(found.defaults)
    assert "add_permission" in found.defaults
    assert hashing_library.server_settings(OTHER).answers_private is False  # other server


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"not_found_threshold": 1.5}, "between 0.05 and 0.95"),
        ({"not_found_threshold": 0.0}, "between 0.05 and 0.95"),
        ({"ask_cooldown_rate": 0}, "between 1 and 50"),
        ({"ask_cooldown_rate": 2.5}, "whole number"),
        ({"ask_cooldown_s": -1.0}, "between 0 and 3600 seconds"),
        ({"add_cooldown_s": 100000.0}, "between 0 and 86400 seconds"),
        ({"add_permission": "admins"}, "who may add must be one of"),
        ({"add_permission": "role"}, "but no role is chosen"),
        ({"colour": "red"}, "no server setting called 'colour'"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_stored(
    hashing_library: Library, changes: dict[str, object], message: str
) -> None:
    hashing_library.change_server_settings(GUILD, {"ask_cooldown_rate": 4})

    with pytest.raises(InvalidInput, match=message):
        # A valid change beside the bad one is not stored either.
        hashing_library.change_server_settings(GUILD, {"answers_private": True, **changes})

    found = hashing_library.server_settings(GUILD)
    assert found.answers_private is False
    assert found.ask_cooldown_rate == 4


def test_reset_puts_a_setting_back_to_the_default(hashing_library: Library) -> None:
    hashing_library.change_server_settings(
        GUILD, {"add_permission": "role", "add_role_id": 42, "not_found_threshold": 0.5}
    )

    found = hashing_library.change_server_settings(
        GUILD, {}, reset=("add_permission", "add_role_id")
    )

    assert found.add_permission == "everyone"
    assert found.add_role_id is None
    assert found.not_found_threshold == 0.5
    assert hashing_library.server_settings(GUILD) == found


def test_settings_are_deleted_with_the_servers_data(hashing_library: Library) -> None:
    hashing_library.change_server_settings(GUILD, {"answers_private": True})
    hashing_library.change_server_settings(OTHER, {"answers_private": True})

    hashing_library.delete_collection(GUILD, for_good=True)

    assert hashing_library.server_settings(GUILD).answers_private is False
    assert hashing_library.server_settings(OTHER).answers_private is True


def test_a_database_from_before_server_settings_opens_with_defaults(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    with Library(settings, embedder=HashingEmbedder()) as library:
        library.add_text(
            GUILD,
            "The harbour council voted to extend the tram line to the old docks next spring.",
            title="Tram line extended",
        )
        # An unhelpful vote on an answer that quoted the article's first passage.
        library.store.record_feedback(GUILD, "What about the tram?", False, [1], [1], "ab12")
    database = Path(settings.data_dir) / "articlebot.sqlite3"
    # The previous release had neither table: drop them as it would not have made them.
    old = sqlite3.connect(database)
    old.executescript("DROP TABLE server_settings; DROP TABLE unanswered;")
    old.close()

    with Library(settings, embedder=HashingEmbedder()) as library:
        assert library.server_settings(GUILD).defaults == frozenset(SETTING_NAMES)
        [gap] = library.gaps(GUILD)  # the older vote is in the queue
        assert gap.question == "What about the tram?"
        library.change_server_settings(GUILD, {"answers_private": True})
        assert library.server_settings(GUILD).answers_private is True
        assert library.count(GUILD) == 1


def test_a_per_question_threshold_moves_the_not_found_line_with_the_real_model(
    real_library: Library, fixture_articles: Path
) -> None:
    real_library.add_folder(GUILD, fixture_articles)
    question = "How much plastic did volunteers pull out of the Serra river?"
    answer = real_library.ask(GUILD, question)
    assert answer.found and 0.1 < answer.confidence < 0.9

    strict = real_library.ask(GUILD, question, threshold=min(0.95, answer.confidence + 0.05))
    lenient = real_library.ask(GUILD, question, threshold=max(0.05, answer.confidence - 0.05))

    assert not strict.found and strict.quotes == ()
    assert strict.withheld  # the quotes it would have given are held back, not lost
    assert lenient.found and lenient.quotes == answer.quotes
