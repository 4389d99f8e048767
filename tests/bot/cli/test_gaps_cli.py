"""`articlebot gaps`: a server's unanswered questions on the command line, with the real model."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main, opening
from bot.gaps import _ask_noting_gaps
from config import Settings
from embeddings import Embedder
from retrieval.library import Library

GUILD = "guild-500000000000000001"
PLASTIC = "How much plastic did volunteers pull out of the Serra river?"


@pytest.fixture(autouse=True)
def _shared_model(monkeypatch: pytest.MonkeyPatch, real_embedder: Embedder) -> None:
    """Reuse one loaded model across in-process runs instead of loading it per command."""

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder)

    monkeypatch.setattr(opening, "open_library", open_library)


@pytest.fixture
def queued(tmp_path: Path, fixture_articles: Path, real_embedder: Embedder) -> Path:
    """A data directory whose server has a gap queue, as the bot fills it."""
    data = tmp_path / "data"
    _queue(data, fixture_articles, real_embedder)
    return data


def _queue(data: Path, fixture_articles: Path, real_embedder: Embedder) -> None:
    """Ask as the bot does: two wordings of an uncovered question, one unhelpful answer."""
    with Library(Settings(data_dir=data), embedder=real_embedder) as library:
        library.add_folder(GUILD, fixture_articles)
        today = date(2024, 7, 1)
        for question in ("Who won the regional football final?", "who won the football final"):
            assert not _ask_noting_gaps(library, GUILD, question, today).answer.found
        answer = _ask_noting_gaps(library, GUILD, PLASTIC, today).answer
        assert answer.found
        library.record_feedback(GUILD, answer, False, "100000000000000002")


def test_gaps_json_lists_grouped_questions_with_the_closest_articles(
    queued: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = queued

    assert main(["--data-dir", str(data), "gaps", "-c", GUILD, "--json"]) == 0

    football, plastic = json.loads(capsys.readouterr().out)
    assert football["asked"] == 2 and football["not_covered"] == 2
    assert len(football["wordings"]) == 1
    assert plastic["question"] == PLASTIC and plastic["not_helpful"] == 1
    assert (
        plastic["closest"][0]["title"]
        == "Volunteers pull two tonnes of plastic from the Serra river"
    )


def test_gaps_text_names_counts_and_closest_articles(
    queued: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = queued

    assert main(["--data-dir", str(data), "gaps", "-c", GUILD, "--limit", "1"]) == 0

    shown = capsys.readouterr().out
    # Two wordings asked once each: the latest is the gap's, the other listed beside it.
    assert "1. who won the football final" in shown
    assert "also: Who won the regional football final?" in shown
    assert "asked 2× (2 not covered)" in shown
    assert "closest: #" in shown
    assert PLASTIC not in shown  # --limit 1


def test_gaps_of_an_empty_collection_and_a_bad_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"

    assert main(["--data-dir", str(data), "gaps", "-c", GUILD]) == 0
    assert "No unanswered questions" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "gaps", "--limit", "0"]) == 1
    assert "'0' is not a number from 1 to 100" in capsys.readouterr().err


def test_clear_empties_the_list_and_says_how_much_it_held(
    queued: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = queued

    assert main(["--data-dir", str(data), "gaps", "-c", GUILD, "--clear"]) == 0
    assert "Cleared 3 unanswered question(s)" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "gaps", "-c", GUILD]) == 0
    assert "No unanswered questions" in capsys.readouterr().out
