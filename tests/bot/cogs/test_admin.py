"""/admin reindex and /admin status: guild-only, Manage Server, progress by editing the reply."""

from __future__ import annotations

import threading

import pytest
from harness import GUILD_A, MANAGER, MOD, PLAIN, RESPONSE_DEFERRED, BotFactory, Harness

from bot.cogs.admin import AdminCog
from bot.common import guild_collection

A = guild_collection(GUILD_A)


def seed(harness: Harness, count: int) -> None:
    for n in range(count):
        harness.seed(
            GUILD_A,
            f"Report {n}: the council met on day {n} and approved budget line {n * 7}.",
            title=f"Council report {n}",
        )


async def test_reindex_edits_its_deferred_reply_with_progress_then_the_result(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(harness, 5)
    monkeypatch.setattr(AdminCog, "progress_interval_s", 0.0)
    generation = harness.library.status(A).index.generation

    run = await harness.run(harness.slash("admin", "reindex", user=MOD, permissions=MANAGER))

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
    monkeypatch.setattr(AdminCog, "progress_interval_s", 30.0)

    run = await harness.run(harness.slash("admin", "reindex", user=MOD, permissions=MANAGER))

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
    monkeypatch.setattr(AdminCog, "progress_interval_s", 0.0)
    library = harness.library
    original = library.reindex
    started = threading.Event()
    release = threading.Event()

    def slow_reindex(collection: str, *, progress: object = None) -> object:
        started.set()
        release.wait(10)
        return original(collection, progress=progress)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "reindex", slow_reindex)
    reindex = harness.dispatch(harness.slash("admin", "reindex", user=MOD, permissions=MANAGER))
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
