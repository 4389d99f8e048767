"""Bad input and a hostile environment through the real CLI: one line, exit 1, nothing lost."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main, opening
from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.ingest.fetch import FetchedDocument, FetchPolicy
from retrieval.library import Library
from retrieval.store import atomic

STORY = "The harbor council approved the waterfront tram on Tuesday after a long debate. " * 8


@pytest.fixture(autouse=True)
def _hashing_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=HashingEmbedder())

    monkeypatch.setattr(opening, "open_library", open_library)


def _fails_in_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], *expected: str) -> str:
    code = main(argv)
    captured = capsys.readouterr()
    line = captured.err.strip()
    assert code == 1, captured
    assert len(line.splitlines()) == 1, line
    assert "Traceback" not in captured.err
    for part in expected:
        assert part in " ".join(line.split()), line
    return line


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _titles(data: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    return [a["title"] for a in json.loads(capsys.readouterr().out)]


def test_a_data_dir_that_is_a_file_or_under_one_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    _fails_in_one_line(capsys, ["--data-dir", str(afile), "list"], str(afile), "not a folder")
    under = ["--data-dir", str(afile / "data"), "list"]
    _fails_in_one_line(capsys, under, str(afile), "is a file")
    assert afile.read_text() == "mine"


def test_an_indexes_file_is_named_before_anything_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    (data / "indexes").parent.mkdir()
    (data / "indexes").write_text("x")
    add = ["--data-dir", str(data), "add", str(fixture_articles / "chip-plant.md")]
    _fails_in_one_line(capsys, add, "indexes is a file")
    (data / "indexes").unlink()
    assert main(add) == 0


@contextlib.contextmanager
def _read_only() -> Iterator[None]:
    """Open every database read-only, as on a read-only mount (root ignores file modes)."""
    real = sqlite3.connect

    def connect(path: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real(f"file:{path}?mode=ro", *args, uri=True, **kwargs)
        return connection

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        yield


def test_a_read_only_data_dir_gives_one_line_even_for_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(fixture_articles / "chip-plant.md")]) == 0
    with _read_only():
        _fails_in_one_line(capsys, ["--data-dir", str(data), "list"], "read-only")
        add = ["--data-dir", str(data), "add", str(fixture_articles / "coffee-drought.md")]
        _fails_in_one_line(capsys, add, "read-only")
    assert len(_titles(data, capsys)) == 1


@contextlib.contextmanager
def _full_disk() -> Iterator[None]:
    """Make the database unable to grow, which SQLite reports exactly as a full disk."""
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection: sqlite3.Connection = real(*args, **kwargs)
        connection.execute("PRAGMA max_page_count = 1")  # raised to the current size
        return connection

    def no_space(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), kwargs.get("dir"))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        patch.setattr(atomic, "tempfile", types.SimpleNamespace(mkstemp=no_space))
        yield


def test_a_full_disk_gives_one_line_and_keeps_what_was_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_articles: Path
) -> None:
    data = tmp_path / "data"
    base = ["--data-dir", str(data)]
    assert main([*base, "add", str(fixture_articles / "chip-plant.md")]) == 0
    with _full_disk():
        folder = [*base, "add", str(fixture_articles)]
        line = _fails_in_one_line(capsys, folder, "disk is full")
        assert "cannot rollback" not in line
        single = [*base, "add", str(fixture_articles / "river-cleanup.txt")]
        _fails_in_one_line(capsys, single, "disk is full")
        _fails_in_one_line(capsys, [*base, "reindex"], "disk is full")
    # The first article is intact, and running the add again finishes what the disk stopped.
    assert "Verantis picks Lakeshore County" in " ".join(_titles(data, capsys))
    assert main([*base, "add", str(fixture_articles)]) == 0
    assert len(_titles(data, capsys)) == 4


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"garbage!" * 16 + raw[128:],  # the header
        lambda raw: raw[:4096] + bytes([0x0D]) * (len(raw) - 4096),  # every page after the first
    ],
)
def test_a_damaged_database_is_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fixture_articles: Path,
    damage: Callable[[bytes], bytes],
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", str(fixture_articles)]) == 0
    database = data / "articlebot.sqlite3"
    sqlite3.connect(database).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    database.write_bytes(damage(database.read_bytes()))
    for command in (["list"], ["show", "1"], ["status"]):
        _fails_in_one_line(capsys, ["--data-dir", str(data), *command], str(database))


def test_a_missing_model_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening, "open_library", Library)  # load the configured model
    monkeypatch.setenv("ARTICLEBOT_EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    ask = ["--data-dir", str(tmp_path / "data"), "ask", "Who approved the tram?"]
    _fails_in_one_line(capsys, ask, "no-such-model")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["show", "99999999999999999999"], "is not an article number"),
        (["remove", "-1"], "is not an article number"),
        (["show", "abc"], "is not an article number"),
        (["ask", "x", "--as-of", "someday"], "is not a date"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
        (["add"], "required: source"),
        (["add", "/tmp/\udcffstory.txt"], "is not valid UTF-8"),
        (["add", "http://xn--localhost-/"], "xn--localhost- is not a valid host name"),
        (["add", "http://news.example:1\r\n/a"], "line break"),
        (["-c", "bad name!", "status"], "not a valid collection name"),
        (["-c", "bad name!", "reindex"], "not a valid collection name"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], reason: str
) -> None:
    data = tmp_path / "data"
    line = _fails_in_one_line(capsys, ["--data-dir", str(data), *args], reason)
    assert line.startswith(("articlebot: error:", "error:"))
    if args[:2] == ["-c", "bad name!"]:
        assert main(["--data-dir", str(data), "status", "--json"]) == 0
        assert "bad name" not in capsys.readouterr().out
        with sqlite3.connect(data / "articlebot.sqlite3") as db:
            assert db.execute("SELECT count(*) FROM collections").fetchone() == (1,)


@pytest.mark.parametrize(
    ("option", "reason"),
    [
        (["--published", "not-a-date"], "'not-a-date' is not a date"),
        (["--url", "javascript:alert(1)"], "not javascript:"),
        (["--url", "https://news.example/a b"], "spaces"),
    ],
)
def test_stdin_metadata_is_checked_before_anything_is_stored(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: list[str],
    reason: str,
) -> None:
    _stdin(monkeypatch, STORY.encode())
    data = tmp_path / "data"
    _fails_in_one_line(capsys, ["--data-dir", str(data), "add", "-", *option], reason)
    assert not (data / "articlebot.sqlite3").exists()


def test_stdin_metadata_that_is_valid_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, STORY.encode())
    data = tmp_path / "data"
    extra = ["--published", "2024-03-14", "--url", "https://news.example:8443/tram"]
    assert main(["--data-dir", str(data), "add", "-", "--title", "Tram", *extra]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["published"], shown["url"]) == ("2024-03-14", "https://news.example:8443/tram")


def test_binary_stdin_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    data = tmp_path / "data"
    _fails_in_one_line(capsys, ["--data-dir", str(data), "add", "-", "--title", "Image"])
    _stdin(monkeypatch, STORY.encode("cp1252"))
    assert main(["--data-dir", str(data), "add", "-", "--title", "Tram"]) == 0


def test_a_bad_line_in_a_url_list_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fetch(url: str, policy: FetchPolicy) -> FetchedDocument:
        text = f"{STORY} Story {url[-1]}."
        return FetchedDocument(url, url, 200, "text/plain", "utf-8", text.encode())

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=HashingEmbedder(), fetcher=fetch)

    monkeypatch.setattr(opening, "open_library", open_library)
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "https://news.example/story-1\nhttp://xn--localhost-/\nhttps://news.example/story-2\n"
    )
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "add", "--urls", str(listing)]) == 0
    printed = capsys.readouterr()
    assert "Added 2 article(s)" in " ".join(printed.out.split())
    assert "xn--localhost- is not a valid host name" in printed.err
    assert "Traceback" not in printed.err


def test_article_text_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    title = "Tram \x1b]0;owned\x07vote \u202egnp.exe\x1b[2J [bold]loud[/bold]"
    _stdin(monkeypatch, STORY.encode())
    link = ["--url", "https://news.example/a[1]/b]"]
    assert main(["--data-dir", str(data), "add", "-", "--title", title, *link]) == 0
    for command in (["list"], ["show", "1"], ["ask", "Who approved the waterfront tram?"]):
        capsys.readouterr()
        assert main(["--data-dir", str(data), *command]) == 0
        shown = capsys.readouterr().out
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
        assert "[bold]loud[/bold]" in " ".join(shown.split()) or command == ["list"]
    assert "a[1]/b]" in shown  # the cited link, printed by the text-mode answer


def test_warnings_stay_out_of_a_failing_command(tmp_path: Path) -> None:
    # localhost resolves to a loopback address: the fetcher logs a warning, then refuses it.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "--data-dir",
            str(tmp_path / "d"),
            "add",
            "http://localhost/",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert run.returncode == 1
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "WARNING" not in run.stderr and run.stderr.startswith("error:")
