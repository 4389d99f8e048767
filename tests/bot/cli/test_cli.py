"""The `articlebot` command line, run as a user would run it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main, opening
from config import Settings
from embeddings import Embedder
from retrieval.library import Library

HEZBOLLAH = "What did the embassy say about Hezbollah?"


@pytest.fixture(autouse=True)
def _shared_model(monkeypatch: pytest.MonkeyPatch, real_embedder: Embedder) -> None:
    """Reuse one loaded model across in-process runs instead of loading it per command."""

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder)

    monkeypatch.setattr(opening, "open_library", open_library)


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("articlebot", path=str(Path(sys.executable).parent))
    command = [executable] if executable else [sys.executable, "-m", "bot.cli"]
    return subprocess.run(
        [*command, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_quickstart_ask_builds_the_library_from_seeds_and_quotes_the_embassy(
    tmp_path: Path,
) -> None:
    run = _cli("ask", HEZBOLLAH, data_dir=tmp_path / "fresh")
    assert run.returncode == 0, run.stderr
    assert "Resolution 1701" in run.stdout and "Hezbollah" in run.stdout
    assert "Blinken Israel Visit" in run.stdout  # attributed to the seed article
    assert "REUTERS" not in run.stdout
    listed = _cli("list", "--json", data_dir=tmp_path / "fresh")
    assert [a["title"] for a in json.loads(listed.stdout)] == ["Blinken Israel Visit"]


def test_ask_json_has_every_quote_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "ask", "--json", HEZBOLLAH]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["question"] == HEZBOLLAH and payload["found"] is True
    quote = payload["quotes"][0]
    assert "Resolution 1701" in quote["text"]
    assert {"text", "article_id", "title", "url", "outlet", "published", "start", "end"} <= set(
        quote
    )
    shown = _show(data, quote["article_id"], capsys)
    assert shown["text"][quote["start"] : quote["end"]] == quote["text"]


def _show(data: Path, article_id: int, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert main(["--data-dir", str(data), "show", str(article_id), "--json"]) == 0
    result: dict[str, object] = json.loads(capsys.readouterr().out)
    return result


def test_add_list_show_remove_and_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(fixture_articles)]) == 0
    assert "Added 4 article(s)" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 4
    tram = next(a for a in listed if a["outlet"] == "The Harbor Ledger")
    assert _show(data, tram["id"], capsys)["published"] == "2024-03-14"
    assert main(["--data-dir", str(data), "remove", str(tram["id"])]) == 0
    assert f"Removed #{tram['id']}" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["articles"] == 3 and status["index"]["healthy"] is True
    assert main(["--data-dir", str(data), "reindex"]) == 0
    assert "generation 2" in capsys.readouterr().out


def test_status_asks_for_a_reindex_while_passages_lack_entities(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    seed_article: Path,
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("ARTICLEBOT_ENTITY_MODEL", "")  # stored the way older versions did
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    monkeypatch.delenv("ARTICLEBOT_ENTITY_MODEL")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "status"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "passages have no entities yet: run reindex --entities-only" in shown
    assert main(["--data-dir", str(data), "reindex", "--entities-only"]) == 0
    assert "nothing was re-embedded" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["chunks_without_entities"] == 0
    assert status["index"]["generation"] == 1  # filled in place, not a new generation


def test_text_from_stdin_with_metadata(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fixture_articles: Path,
) -> None:
    data = tmp_path / "data"
    story = (fixture_articles / "river-cleanup.txt").read_text()
    monkeypatch.setattr(sys, "stdin", io.StringIO(story))
    code = main(
        ["--data-dir", str(data), "add", "-", "--title", "River clean-up", "--outlet", "Serra News"]
    )
    assert code == 0
    assert "River clean-up — Serra News" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["add", "ftp://example.com/file.txt"], "http"),
        (["add", "http://127.0.0.1/admin"], "address"),
        (["add", "no/such/file.txt"], "neither a URL nor an existing file"),
        (["show", "999"], "no article #999"),
        (["remove", "999"], "no article #999"),
        (["ask", "   "], "empty"),
    ],
)
def test_user_errors_give_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], reason: str
) -> None:
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    assert code == 1
    assert reason in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_duplicate_add_names_the_existing_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(fixture_articles / "chip-plant.md")]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "add", str(fixture_articles / "chip-plant.md")]) == 1
    assert "already in the library as #1: Verantis picks" in capsys.readouterr().err


def test_feedback_export_writes_an_evaluation_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], real_embedder: Embedder, seed_article: Path
) -> None:
    data = tmp_path / "data"
    with Library(Settings(data_dir=data), embedder=real_embedder) as library:
        library.add_file("local", seed_article)
        answer = library.ask("local", HEZBOLLAH)
        library.record_feedback("local", answer, True, "42")
    out = tmp_path / "export"
    assert main(["--data-dir", str(data), "feedback", "export", str(out)]) == 0
    assert "Exported 1 rated question(s) (1 helpful)" in capsys.readouterr().out
    question = json.loads((out / "questions.jsonl").read_text())
    assert question["question"] == HEZBOLLAH and question["gold"]
    assert json.loads((out / "articles.jsonl").read_text())["title"] == "Blinken Israel Visit"


def test_add_urls_reads_a_list_and_a_rerun_skips_what_is_stored(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    real_embedder: Embedder,
) -> None:
    from retrieval.errors import FetchError
    from retrieval.ingest.fetch import FetchedDocument, FetchPolicy

    def fetch(url: str, policy: FetchPolicy) -> FetchedDocument:
        if "gone" in url:
            raise FetchError(f"{url} answered 404")
        number = url.rsplit("-", 1)[-1]
        text = f"Story {number} about the harbour tram vote. " * 20
        return FetchedDocument(url, url, 200, "text/plain", "utf-8", text.encode())

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder, fetcher=fetch)

    monkeypatch.setattr(opening, "open_library", open_library)
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# this week's coverage\nhttps://news.example/story-1\n\n"
        "https://news.example/story-2\nhttps://news.example/gone-3\n"
    )
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", "--urls", str(listing)]) == 0
    printed = capsys.readouterr()
    assert "Added 2 article(s)" in " ".join(printed.out.split())
    assert "gone-3" in printed.err and "404" in printed.err
    assert main(["--data-dir", str(data), "add", "--urls", str(listing)]) == 0
    again = " ".join(capsys.readouterr().out.split())  # the console wraps long lines
    assert "Added 0 article(s)" in again and "2 already in the library" in again


def test_ask_follow_up_of_shows_the_question_it_was_read_as(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_article: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(seed_article)]) == 0
    capsys.readouterr()

    follow = [
        "--data-dir",
        str(data),
        "ask",
        "--follow-up-of",
        HEZBOLLAH,
        "And what did Blinken say?",
    ]
    assert main(follow) == 0
    shown = capsys.readouterr().out
    assert main([*follow, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)

    assert "Asked as: What did Blinken say about Hezbollah?" in " ".join(shown.split())
    assert payload["question"] == "What did Blinken say about Hezbollah?"
    assert payload["typed"] == "And what did Blinken say?"
    first = payload["quotes"][0]
    # What Blinken said: his own words, which name him by title ("The Secretary of State").
    assert payload["found"] and "Blinken" in (first["speaker"] or {}).get("name", "")
