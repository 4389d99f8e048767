"""The command line with syndicated copies: `ask --json` lists other outlets, `show` the copies."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main, opening
from config import Settings
from embeddings import Embedder
from retrieval.library import Library

STORIES = Path(__file__).parents[2] / "fixtures" / "syndication"
QUESTION = "How much will replacing the Harbour Bridge cables cost?"


@pytest.fixture(autouse=True)
def _shared_model(monkeypatch: pytest.MonkeyPatch, real_embedder: Embedder) -> None:
    """Reuse one loaded model across in-process runs instead of loading it per command."""

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder)

    monkeypatch.setattr(opening, "open_library", open_library)


def _add_copies(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a story, another outlet's reprint of it, and another story on the same topic."""
    story = (STORIES / "harbour_bridge.txt").read_text(encoding="utf-8")
    first, *rest = story.split("\n\n")
    reprint = "\n\n".join([f"PORT ALDER (Reuters) — {first}", *rest[:-1]])
    ferries = (STORIES / "harbour_ferries.txt").read_text(encoding="utf-8")
    for text, title, outlet, published in (
        (story, "Harbour Bridge to close", "AP", "2026-03-02"),
        (reprint, "Port Alder shuts bridge", "Reuters", "2026-03-03"),
        (ferries, "Ferries brace for closure", "AP", "2026-03-03"),
    ):
        monkeypatch.setattr(sys, "stdin", io.StringIO(text))
        args = ["add", "-", "--title", title, "--outlet", outlet, "--published", published]
        assert main(["--data-dir", str(data), *args]) == 0


def test_ask_json_quotes_the_story_once_and_lists_the_other_outlet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _add_copies(data, monkeypatch)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "ask", "--json", QUESTION]) == 0
    payload = json.loads(capsys.readouterr().out)
    costs = [q for q in payload["quotes"] if "214 million dollars" in q["text"]]
    assert len(costs) == 1 and costs[0]["article_id"] == 1
    assert costs[0]["also_reported_by"] == ["Reuters"]
    [source] = [s for s in payload["sources"] if s["article_id"] == 1]
    assert source["also_reported_by"] == ["Reuters"]

    assert main(["--data-dir", str(data), "ask", QUESTION]) == 0
    assert "also reported by Reuters" in capsys.readouterr().out


def test_show_lists_the_other_copies_of_the_story(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _add_copies(data, monkeypatch)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "show", "2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(c["article_id"], c["outlet"], c["published"]) for c in shown["copies"]] == [
        (1, "AP", "2026-03-02")
    ]
    assert main(["--data-dir", str(data), "show", "1"]) == 0
    printed = capsys.readouterr().out
    assert "Also carried as" in printed and "#2 Reuters, 2026-03-03" in printed
    assert main(["--data-dir", str(data), "show", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["copies"] == []  # another story on the topic


def test_reindex_stories_only_links_without_re_embedding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    _add_copies(data, monkeypatch)
    with Library(Settings(data_dir=data)) as library, library.store.transaction() as db:
        db.execute("DELETE FROM stories")  # as a version before syndication left them
    capsys.readouterr()
    assert main(["--data-dir", str(data), "reindex", "--stories-only"]) == 0
    assert "Linked 3 article(s)" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "show", "1", "--json"]) == 0
    assert [c["article_id"] for c in json.loads(capsys.readouterr().out)["copies"]] == [2]
