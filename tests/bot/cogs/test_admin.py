"""/admin reindex and /admin status: guild-only, Manage Server, progress by editing the reply."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

import pytest
from harness import CHANNEL, GUILD_A, MANAGER, MOD, PLAIN, RESPONSE_DEFERRED, BotFactory, Harness

from bot.common import guild_collection
from bot.jobs import JobReply

A = guild_collection(GUILD_A)


def seed(harness: Harness, count: int) -> None:
    for n in range(count):
        harness.seed(
            GUILD_A,
            f"Report {n}: the council met on day {n} and approved budget line {n * 7}.",
            title=f"Council report {n}",
        )


def hold_reindex(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, threading.Event]:
    """Make the library's reindex wait for a release; return (started, release) events."""
    library = harness.library
    original = library.reindex
    started = threading.Event()
    release = threading.Event()

    def slow_reindex(collection: str, *, progress: object = None) -> object:
        started.set()
        release.wait(10)
        return original(collection, progress=progress)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "reindex", slow_reindex)
    return started, release


def reindex_command(harness: Harness) -> dict[str, Any]:
    return harness.slash("admin", "reindex", user=MOD, permissions=MANAGER)


async def test_reindex_edits_its_deferred_reply_with_progress_then_the_result(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 5)
    monkeypatch.setattr(JobReply, "progress_interval_s", 0.0)
    generation = harness.library.status(A).index.generation

    run = await harness.run(reindex_command(harness))

    assert run.calls[0].payload is not None
    assert run.calls[0].payload["type"] == RESPONSE_DEFERRED
    assert run.calls[0].payload["data"]["flags"] & 64
    edits = [c for c in run.calls if c.kind == "edit_original"]
    assert len(edits) >= 2  # at least one progress edit, then the result
    progress_texts = [(e.payload or {}).get("content") or "" for e in edits[:-1]]
    assert any("5" in text for text in progress_texts)
    final = edits[-1].payload or {}
    assert final.get("embeds")
    assert harness.library.status(A).index.generation == generation + 1
    assert run.last.ephemeral is True


async def test_reindex_progress_is_throttled(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 8)
    monkeypatch.setattr(JobReply, "progress_interval_s", 30.0)

    run = await harness.run(reindex_command(harness))

    edits = [c for c in run.calls if c.kind == "edit_original"]
    assert len(edits) <= 2  # one progress edit at most inside 30 s, then the result


async def test_status_reports_the_collection(harness: Harness) -> None:
    seed(harness, 3)

    run = await harness.run(harness.slash("admin", "status", user=MOD, permissions=MANAGER))

    assert run.last.ephemeral is True
    assert "3" in run.last.text
    assert "hashing-test-embedder" in run.last.text


@pytest.mark.parametrize("command", ["reindex", "status"])
async def test_admin_commands_are_enforced_without_manage_server(
    harness: Harness, command: str
) -> None:
    seed(harness, 2)
    generation = harness.library.status(A).index.generation

    run = await harness.run(harness.slash("admin", command, permissions=PLAIN))

    assert run.callback["type"] == 4
    assert run.last.ephemeral is True
    assert "Manage Server" in run.last.text
    assert harness.library.status(A).index.generation == generation


@pytest.mark.parametrize("command", ["reindex", "status"])
async def test_admin_commands_are_refused_in_dms(harness: Harness, command: str) -> None:
    run = await harness.run(harness.slash("admin", command, guild=None, permissions=MANAGER))

    assert run.last.ephemeral is True
    assert "use this in a server" in run.last.text


async def test_questions_are_answered_while_a_reindex_runs(
    start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness = await start_bot()
    seed(harness, 4)
    monkeypatch.setattr(JobReply, "progress_interval_s", 0.0)
    started, release = hold_reindex(harness, monkeypatch)
    reindex = harness.dispatch(reindex_command(harness))
    await harness.wait_for(started.is_set)

    asked = harness.dispatch(harness.slash("ask", options={"question": "budget line council"}))
    await harness.wait_for(lambda: any(s.via == "followup" for s in asked.sent()))
    assert not any(
        c.kind == "edit_original" and (c.payload or {}).get("embeds") for c in reindex.calls
    )

    release.set()
    await harness.settle()
    assert "Council report" in asked.last.text
    assert [c for c in reindex.calls if c.kind == "edit_original"]


async def test_a_second_reindex_is_refused_clearly_while_one_runs(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 3)
    generation = harness.library.status(A).index.generation
    started, release = hold_reindex(harness, monkeypatch)
    first = harness.dispatch(reindex_command(harness))
    await harness.wait_for(started.is_set)

    second = harness.dispatch(reindex_command(harness))
    await harness.wait_for(lambda: bool(second.sent()))

    assert second.callback["type"] == 4  # refused at once, nothing deferred
    assert second.last.ephemeral is True
    assert "already running" in second.last.text and "mod" in second.last.text
    release.set()
    await harness.settle()
    assert "Reindexed" in first.last.text
    assert harness.library.status(A).index.generation == generation + 1
    again = await harness.run(reindex_command(harness))
    assert "Reindexed" in again.last.text  # the slot is free once the first one ended


async def test_a_reindex_that_outlives_the_token_posts_its_result_in_the_channel(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 3)
    monkeypatch.setattr(JobReply, "token_lifetime_s", 0.3)
    monkeypatch.setattr(JobReply, "handoff_margin_s", 0.1)
    started, release = hold_reindex(harness, monkeypatch)
    run = harness.dispatch(reindex_command(harness))
    await harness.wait_for(started.is_set)

    def handed_off() -> bool:
        return any("result will be posted" in s.text for s in run.sent())

    await harness.wait_for(handed_off)
    release.set()
    await harness.settle()

    assert run.last.ephemeral is True and "result will be posted" in run.last.text
    assert not [c for c in run.calls if c.kind == "followup"]
    [post] = harness.http.named("send_message")
    assert post["channel_id"] == CHANNEL[GUILD_A]
    assert f"<@{MOD}>" in post["payload"]["content"]
    assert post["payload"]["allowed_mentions"] == {"parse": []}
    assert "Reindexed" in post["payload"]["embeds"][0]["title"]


async def test_status_shows_running_and_recent_jobs(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 3)
    started, release = hold_reindex(harness, monkeypatch)
    harness.dispatch(reindex_command(harness))
    await harness.wait_for(started.is_set)

    def fields(run: Any) -> dict[str, str]:
        embed = run.last.payload["embeds"][0]
        return {f["name"]: f["value"] for f in embed.get("fields", [])}

    status = harness.slash("admin", "status", user=MOD, permissions=MANAGER)
    during = harness.dispatch(status)
    await harness.wait_for(lambda: any(s.via == "followup" for s in during.sent()))
    release.set()
    await harness.settle()
    after = await harness.run(harness.slash("admin", "status", user=MOD, permissions=MANAGER))

    assert "reindex" in fields(during)["Running jobs"]
    assert f"<@{MOD}>" in fields(during)["Running jobs"]
    assert "Recent jobs" not in fields(during)
    assert "Running jobs" not in fields(after)
    assert "3 articles" in fields(after)["Recent jobs"]


async def test_a_finished_reindex_is_reported_as_done_when_shutdown_begins(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 3)
    library = harness.library
    original: Callable[..., Any] = library.reindex

    def reindex_then_shutdown(collection: str, *, progress: object = None) -> object:
        result = original(collection, progress=progress)
        harness.bot._shutting_down = True  # close() begins while the reindex finishes
        return result

    monkeypatch.setattr(library, "reindex", reindex_then_shutdown)

    run = await harness.run(reindex_command(harness))

    assert "Reindexed" in run.last.text
    assert "restarting" not in run.text


async def test_the_indexes_a_reindex_leaves_are_kept_out_of_later_collections(
    harness: Harness,
) -> None:
    # Full garbage collections stall the event loop for as long as they walk; what a job leaves
    # for the life of the process is frozen once it ends, as the start-up heap is.
    seed(harness, 3)
    gc.unfreeze()
    await harness.run(reindex_command(harness))
    live = harness.library.live_index(A)
    assert live is not None and gc.get_freeze_count() > 0
    assert not gc.is_tracked(live) or live not in gc.get_objects()
