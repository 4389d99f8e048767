"""`articlebot feed add|list|remove|poll` as an operator runs it, against a loopback feed server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feed_server import (
    LAST_MODIFIED,
    TITLES,
    FeedServer,
    Route,
    article_page,
    many_entries,
    oversized_feed,
    rss2,
)

from bot.cli import main, opening
from config import Settings
from embeddings import Embedder
from retrieval.library import Library


@pytest.fixture(autouse=True)
def _shared_model(monkeypatch: pytest.MonkeyPatch, real_embedder: Embedder) -> None:
    """Reuse one loaded model across in-process runs instead of loading it per command."""

    def open_library(settings: Settings) -> Library:
        return Library(settings, embedder=real_embedder)

    monkeypatch.setattr(opening, "open_library", open_library)


@pytest.fixture
def allowed(monkeypatch: pytest.MonkeyPatch, feed_server: FeedServer) -> dict[str, str]:
    """Open 127.0.0.1 and the feed server's port the way an operator does: environment variables."""
    variables = {
        "ARTICLEBOT_FETCH_ALLOWED_NETWORKS": '["127.0.0.1/32"]',
        "ARTICLEBOT_FETCH_ALLOWED_PORTS": f"[{feed_server.port}]",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return variables


def run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_feed_add_then_poll_twice_then_list(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = tmp_path / "data"
    code, out, _ = run(capsys, data, "feed", "add", feed_server.url("/rss.xml"))
    assert code == 0 and "Following #1 Serra Daily" in out

    code, out, err = run(capsys, data, "feed", "poll")
    assert code == 0, err
    assert "#1 Serra Daily: 2 added, 0 already stored" in out
    code, out, _ = run(capsys, data, "list", "--json")
    assert {a["title"] for a in json.loads(out)} == {
        TITLES["coffee-drought"],
        TITLES["river-cleanup"],
    }
    # The articles answer questions, quoted from the linked pages.
    code, out, _ = run(capsys, data, "ask", "How much did arabica futures rise?", "--json")
    answer = json.loads(out)
    assert any("4 percent" in q["text"] for q in answer["quotes"])

    code, out, _ = run(capsys, data, "feed", "poll", "--json")
    assert code == 0
    [second] = json.loads(out)
    assert second["not_modified"] is True and second["added"] == []
    [conditional] = feed_server.conditional_hits("/rss.xml")
    assert conditional.headers["if-none-match"] == '"rss-v1"'
    assert conditional.headers["if-modified-since"] == LAST_MODIFIED
    code, out, _ = run(capsys, data, "list", "--json")
    assert len(json.loads(out)) == 2

    code, out, _ = run(capsys, data, "feed", "list", "--json")
    [listed] = json.loads(out)
    assert listed["etag"] == '"rss-v1"' and listed["last_added"] == 0
    assert listed["last_error"] is None and listed["failures"] == 0


def test_a_feed_answering_500_shows_its_error_in_feed_list_json(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = tmp_path / "data"
    run(capsys, data, "feed", "add", feed_server.url("/rdf.xml"))
    feed_server.routes["/rdf.xml"] = Route(b"down", "text/plain", status=500)

    code, _, err = run(capsys, data, "feed", "poll")
    assert code == 1
    assert "failed: #1 Harbour Notes: the server answered 500 Internal Server Error" in err

    code, out, _ = run(capsys, data, "feed", "list", "--json")
    [feed] = json.loads(out)
    assert feed["last_error"] == "the server answered 500 Internal Server Error"
    assert feed["failures"] == 1
    code, out, _ = run(capsys, data, "feed", "list")
    assert "500" in out  # the table wraps the rest of the error


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (many_entries(10_000), "the feed lists 10,000 entries, more than the 2,000 allowed"),
        (oversized_feed(), "the feed is 20.0 MB, over the 5.0 MB limit"),
    ],
    ids=["10000-entries", "20-MB"],
)
def test_feeds_too_big_are_refused_in_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
    body: bytes,
    message: str,
) -> None:
    feed_server.routes["/big.xml"] = Route(body)

    code, _, err = run(capsys, tmp_path / "data", "feed", "add", feed_server.url("/big.xml"))

    assert code == 1
    assert err.strip() == f"error: {message}"


def test_loopback_feeds_are_refused_without_the_allowed_networks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    code, _, err = run(capsys, tmp_path / "data", "feed", "add", feed_server.url("/rss.xml"))

    assert code == 1
    assert f"port {feed_server.port} is not allowed" in err
    assert feed_server.requests == []


def test_feed_remove_and_bad_numbers(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = tmp_path / "data"
    run(capsys, data, "feed", "add", feed_server.url("/atom.xml"))

    assert run(capsys, data, "feed", "remove", "x")[2].startswith(
        "articlebot: error: argument feed_id: 'x' is not a feed number"
    )
    code, out, _ = run(capsys, data, "feed", "remove", "1")
    assert code == 0 and "Stopped following #1 Chip Watch" in out
    code, _, err = run(capsys, data, "feed", "remove", "1")
    assert code == 1 and "no feed #1 is followed here" in err


def _installed() -> list[str]:
    executable = shutil.which("articlebot", path=str(Path(sys.executable).parent))
    return [executable] if executable else [sys.executable, "-m", "bot.cli"]


def _polled_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_server: FeedServer
) -> Path:
    """Follow the RSS feed in a new data dir and poll it once; return the data dir."""
    data = tmp_path / "data"
    run(capsys, data, "feed", "add", feed_server.url("/rss.xml"))
    run(capsys, data, "feed", "poll")
    return data


def test_a_poll_killed_midway_loses_nothing_and_adds_nothing_twice(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = _polled_once(capsys, tmp_path, feed_server)
    # The feed grows by two entries; the second's page hangs, so the poll is killed on it.
    page = feed_server.url
    feed_server.routes["/articles/chip-plant-slow"] = Route(
        article_page("chip-plant"), "text/html", delay_s=60
    )
    feed_server.routes["/rss.xml"] = Route(
        rss2(
            [
                ("Tram", page("/articles/harbor-tram-vote"), "Tram."),
                ("Chips", page("/articles/chip-plant-slow"), "Chips."),
                (TITLES["coffee-drought"], page("/articles/coffee-drought"), "Harvest."),
            ]
        ),
        etag='"rss-v2"',
    )
    poll = subprocess.Popen(
        [*_installed(), "--data-dir", str(data), "feed", "poll"],
        env={**os.environ, **allowed},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not feed_server.hits("/articles/chip-plant-slow"):
        assert poll.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    poll.send_signal(signal.SIGKILL)
    poll.wait(timeout=30)

    # The two articles acknowledged before are there; the feed is left to its lease.
    code, out, _ = run(capsys, data, "list", "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = run(capsys, data, "feed", "poll", "--due", "--json")
    assert code == 0 and json.loads(out) == []
    feed_server.routes["/articles/chip-plant-slow"].delay_s = 0
    code, out, _ = run(capsys, data, "feed", "poll", "--json")
    [again] = json.loads(out)
    assert sorted(a["title"] for a in again["added"]) == ["Chip plant", "Harbor tram vote"]
    code, out, _ = run(capsys, data, "list", "--json")
    titles = [a["title"] for a in json.loads(out)]
    assert len(titles) == len(set(titles)) == 4
    assert len(feed_server.hits("/articles/coffee-drought")) == 1


def test_the_installed_command_polls_only_due_feeds_for_cron(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = _polled_once(capsys, tmp_path, feed_server)
    cron = subprocess.run(
        [*_installed(), "--data-dir", str(data), "feed", "poll", "--due", "--all"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **allowed},
    )

    assert cron.returncode == 0, cron.stderr
    assert cron.stdout.strip() == "No feeds to poll."
    assert feed_server.conditional_hits("/rss.xml") == []


def test_feed_add_every_sets_the_interval_and_a_bad_one_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    feed_server: FeedServer,
    allowed: dict[str, str],
) -> None:
    data = tmp_path / "data"
    code, _, err = run(capsys, data, "feed", "add", feed_server.url("/rss.xml"), "--every", "2")
    assert code == 1
    assert err.strip() == (
        "error: a feed is polled every 15 minutes at most often: choose 15 or more"
    )

    code, out, _ = run(capsys, data, "feed", "add", feed_server.url("/rss.xml"), "--every", "30")
    assert code == 0 and "polled every 30 minutes" in " ".join(out.split())
    code, out, _ = run(capsys, data, "feed", "list", "--json")
    assert json.loads(out)[0]["interval_s"] == 1800
