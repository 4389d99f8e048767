"""The bot as a whole: client settings, guild removal, owner sync, error funnel, start-up."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import discord
import pytest
from harness import (
    ALICE,
    BOT_ID,
    GUILD_A,
    GUILD_B,
    OWNER_ID,
    SEED_ARTICLE,
    BotFactory,
    Harness,
    message_text,
)

from bot.app import MAX_CONCURRENT_WORK, ArticleBot
from bot.common import guild_collection
from bot.runner import command_payloads, run_bot
from config import Settings
from embeddings import Embedder
from embeddings.base import Vectors
from embeddings.hashing import HashingEmbedder
from retrieval.errors import CollectionRemoved
from retrieval.library import Library

SNAPSHOT = Path(__file__).parent / "snapshots" / "commands.json"
# Read at import: the suite's autouse fixture clears ARTICLEBOT_* variables before each test.
UPDATE_SNAPSHOTS = os.environ.get("ARTICLEBOT_UPDATE_SNAPSHOTS") == "1"
A = guild_collection(GUILD_A)
B = guild_collection(GUILD_B)


def test_client_uses_default_intents_and_never_pings(
    relaxed: Callable[..., Settings],
) -> None:
    settings = relaxed()
    with Library(settings, embedder=HashingEmbedder()) as library:
        bot = ArticleBot(library, settings)
        assert bot.intents == discord.Intents.default()
        assert not bot.intents.message_content and not bot.intents.members
        mentions = bot.allowed_mentions
        assert mentions is not None
        assert mentions.to_dict()["parse"] == []
        assert mentions.replied_user is False


async def test_every_command_is_registered(harness: Harness) -> None:
    tree = harness.bot.tree
    names = {(c.name, c.to_dict(tree)["type"]) for c in tree.get_commands()}

    assert names == {
        ("ask", 1),
        ("add", 1),
        ("article", 1),
        ("admin", 1),
        ("feed", 1),
        ("help", 1),
        ("Ask about this message", 3),
        ("Add to articles", 3),
    }
    assert harness.http.named("sync_global") == []  # no sync on start
    assert harness.http.named("sync_guild") == []


async def test_dev_guild_is_synced_at_start(start_bot: BotFactory) -> None:
    harness = await start_bot(dev_guild_id=GUILD_B)

    [synced] = harness.http.named("sync_guild")
    assert synced["guild_id"] == GUILD_B
    assert {c["name"] for c in synced["payload"]} >= {"ask", "article", "admin"}
    assert harness.http.named("sync_global") == []


async def test_leaving_a_guild_deletes_its_collection(harness: Harness) -> None:
    harness.seed(
        GUILD_A, "The bridge reopened on Monday after repairs to its deck.", title="Bridge"
    )
    harness.seed(GUILD_B, "The library extended its opening hours for the summer.", title="Hours")

    harness.bot._connection.parse_guild_delete({"id": str(GUILD_A)})
    await harness.settle()

    assert A not in harness.library.collections()
    assert harness.library.count(B) == 1
    assert harness.bot.titles.get(A) is None


class GatedEmbedder(HashingEmbedder):
    """Holds every embed once closed, so a test can act while an add is still embedding."""

    def __init__(self) -> None:
        super().__init__()
        self.closed = False
        self.entered = threading.Event()
        self.opened = threading.Event()

    def embed(self, texts: list[str]) -> Vectors:
        if self.closed:
            self.entered.set()
            assert self.opened.wait(30)
        return super().embed(texts)


async def test_leaving_a_guild_wins_over_an_add_still_embedding(
    start_bot: BotFactory, relaxed: Callable[..., Settings], articles_text: dict[str, str]
) -> None:
    embedder = GatedEmbedder()
    harness = await start_bot(library=Library(relaxed(), embedder=embedder))
    opened = await harness.run(harness.slash("add", "text"))
    embedder.closed = True
    values = {"Title": "Coffee", "Article text": articles_text["coffee-drought"]}
    adding = harness.dispatch(harness.submit(opened.callback["data"], values))
    await harness.wait_for(embedder.entered.is_set)

    harness.bot._connection.parse_guild_delete({"id": str(GUILD_A)})
    await harness.wait_for(lambda: A not in harness.library.collections())
    embedder.opened.set()
    await harness.settle()

    assert A not in harness.library.collections()  # the late add did not bring it back
    sent = [c.payload for c in harness.adapter.calls] + [
        d.get("payload") for _, d in harness.http.calls
    ]
    assert "Added #" not in json.dumps(sent, ensure_ascii=False)
    assert "left this server" in adding.text  # the member is told nothing was stored
    with pytest.raises(CollectionRemoved):
        harness.library.add_text(A, articles_text["river-cleanup"], title="River")


async def test_a_guild_that_adds_the_bot_again_can_add_articles(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    harness.bot._connection.parse_guild_delete({"id": str(GUILD_A)})
    await harness.settle()

    joined = {k: v for k, v in harness.guild_payload(GUILD_A).items() if k != "unavailable"}
    harness.bot._connection.parse_guild_create(joined)
    await harness.settle()

    harness.seed(GUILD_A, articles_text["river-cleanup"], title="River")
    assert harness.library.count(A) == 1


def _backdate_departures(library: Library, hours: float) -> None:
    """Pretend every departure was first noticed `hours` ago."""
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)).isoformat()
    with library.store.transaction() as db:
        db.execute("UPDATE departures SET missing_since = ?", (since,))


async def test_a_server_left_while_offline_is_purged_after_the_grace_period_across_starts(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    first = await start_bot(departed_guild_grace_hours=24)
    gone = guild_collection(GUILD_B + 7)  # a server the bot was removed from while offline
    first.library.add_text(gone, articles_text["coffee-drought"], title="Coffee")
    first.seed(GUILD_A, articles_text["river-cleanup"], title="River")

    first.bot.dispatch("ready")
    await first.settle()
    assert first.library.count(gone) == 1  # first noticed now: kept through the grace period
    _backdate_departures(first.library, 23)
    await first.close()

    second = await start_bot(departed_guild_grace_hours=24)
    second.bot.dispatch("ready")
    await second.settle()
    assert second.library.count(gone) == 1  # 23 hours missing, across two starts: still kept
    _backdate_departures(second.library, 25)

    second.bot.dispatch("ready")
    await second.settle()
    assert gone not in second.library.collections()
    assert second.library.count(A) == 1  # servers the bot is in keep their articles


async def test_an_outage_at_start_up_is_not_a_departure(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(departed_guild_grace_hours=0)
    harness.seed(GUILD_B, articles_text["river-cleanup"], title="River")
    harness.bot._connection.parse_guild_delete({"id": str(GUILD_B), "unavailable": True})

    harness.bot.dispatch("ready")
    await harness.settle()

    assert harness.library.count(B) == 1


async def test_keeping_collections_on_removal_also_keeps_servers_left_while_offline(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(keep_collection_on_guild_remove=True, departed_guild_grace_hours=0)
    gone = guild_collection(GUILD_B + 7)
    harness.library.add_text(gone, articles_text["coffee-drought"], title="Coffee")

    harness.bot.dispatch("ready")
    await harness.settle()

    assert harness.library.count(gone) == 1


async def test_a_cancelled_caller_keeps_its_work_slot_until_the_thread_ends(
    harness: Harness,
) -> None:
    running: list[int] = []
    peak: list[int] = []
    lock = threading.Lock()
    release = threading.Event()

    def work() -> None:
        with lock:
            running.append(1)
            peak.append(len(running))
        release.wait(30)
        with lock:
            running.pop()

    callers = [asyncio.ensure_future(harness.bot.call(work)) for _ in range(MAX_CONCURRENT_WORK)]
    await harness.wait_for(lambda: len(running) == MAX_CONCURRENT_WORK)
    for caller in callers:
        caller.cancel()
    await asyncio.gather(*callers, return_exceptions=True)

    assert harness.bot._work.locked()  # the threads still run: no slot was handed on
    more = [asyncio.ensure_future(harness.bot.call(work)) for _ in range(MAX_CONCURRENT_WORK)]
    release.set()
    await asyncio.gather(*more)
    assert max(peak) == MAX_CONCURRENT_WORK


async def test_an_outage_does_not_delete_anything(harness: Harness) -> None:
    harness.seed(
        GUILD_A, "The bridge reopened on Monday after repairs to its deck.", title="Bridge"
    )

    harness.bot._connection.parse_guild_delete({"id": str(GUILD_A), "unavailable": True})
    await harness.settle()

    assert harness.library.count(A) == 1


async def test_leaving_a_guild_can_keep_its_collection(start_bot: BotFactory) -> None:
    harness = await start_bot(keep_collection_on_guild_remove=True)
    harness.seed(
        GUILD_A, "The bridge reopened on Monday after repairs to its deck.", title="Bridge"
    )

    harness.bot._connection.parse_guild_delete({"id": str(GUILD_A)})
    await harness.settle()

    assert harness.library.count(A) == 1


async def test_each_server_numbers_its_articles_from_1(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    for stem in ("chip-plant", "harbor-tram-vote", "coffee-drought"):
        harness.seed(GUILD_A, articles_text[stem], title=stem)

    added = await harness.add_via_modal("River", articles_text["river-cleanup"], guild=GUILD_B)
    listed = await harness.run(harness.slash("article", "list", guild=GUILD_B))
    choices = await harness.run(
        harness.slash("article", "show", options={"article": ""}, focused="article", guild=GUILD_B)
    )
    shown = await harness.run(
        harness.slash("article", "show", options={"article": 1}, guild=GUILD_B)
    )
    asked = await harness.run(
        harness.slash("ask", options={"question": "Who pulled plastic out?"}, guild=GUILD_B)
    )
    removed = await harness.run(
        harness.slash("article", "remove", options={"article": 1}, guild=GUILD_B, user=ALICE)
    )

    # Server B sees its own first article as #1, never a number counting server A's.
    everything = [added.text, listed.text, shown.text, asked.text, removed.text]
    assert "Added #1" in added.text
    assert "#1" in listed.text and "River" in shown.text
    assert [c["name"] for c in choices.callback["data"]["choices"]] == ["#1 River"]
    assert "Removed #1" in removed.text
    assert not any(f"#{n}" in text for text in everything for n in (2, 3, 4))
    assert harness.library.count(A) == 3


async def test_sync_is_refused_for_non_owners(harness: Harness) -> None:
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> sync global", author=ALICE, mentions=(BOT_ID,))
    )

    assert harness.http.named("sync_global") == []
    [reply] = harness.http.named("send_message")
    assert "owner" in message_text(reply["payload"])


async def test_owner_syncs_globally_or_to_a_guild(harness: Harness) -> None:
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> sync global", author=OWNER_ID, mentions=(BOT_ID,))
    )
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> sync {GUILD_B}", author=OWNER_ID, mentions=(BOT_ID,))
    )
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> sync", author=OWNER_ID, mentions=(BOT_ID,))
    )

    [uploaded] = harness.http.named("sync_global")
    tree = harness.bot.tree
    assert uploaded["payload"] == [c.to_dict(tree) for c in tree.get_commands()]
    assert [s["guild_id"] for s in harness.http.named("sync_guild")] == [GUILD_B, GUILD_A]
    replies = [message_text(r["payload"]) for r in harness.http.named("send_message")]
    assert all(r.startswith("Synced 8 commands") for r in replies), replies


async def test_unexpected_errors_are_logged_and_answered_generically(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(collection: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(harness.library, "status", broken)
    caplog.set_level(logging.ERROR, logger="bot.tree")

    run = await harness.run(
        harness.slash("admin", "status", user=OWNER_ID, permissions=discord.Permissions.all().value)
    )

    assert run.last.ephemeral is True
    assert "something went wrong" in run.last.text
    assert "disk on fire" not in run.last.text
    [record] = [r for r in caplog.records if r.name == "bot.tree"]
    assert record.exc_info is not None and "disk on fire" in str(record.exc_info[1])


def test_command_payloads_match_the_snapshot(relaxed: Callable[..., Settings]) -> None:
    settings = relaxed()
    payloads = command_payloads(settings)

    if UPDATE_SNAPSHOTS:
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(payloads, indent=2, ensure_ascii=False) + "\n")
    assert payloads == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "the commands changed: they need a sync. Regenerate the snapshot with "
        "ARTICLEBOT_UPDATE_SNAPSHOTS=1 and review the diff"
    )
    assert not Path(settings.data_dir).exists()  # listing commands never opens the real data
    for payload in payloads:
        for text in _descriptions(payload):
            assert 1 <= len(text) <= 100, text
    admin = next(p for p in payloads if p["name"] == "admin")
    assert admin["default_member_permissions"] == discord.Permissions(manage_guild=True).value
    assert admin["dm_permission"] is False


def _descriptions(payload: dict[str, Any]) -> list[str]:
    found = [payload["description"]] if "description" in payload else []
    for option in payload.get("options", []):
        found += _descriptions(option)
    return found


def test_missing_token_exits_2_with_one_line(
    relaxed: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_bot(relaxed())

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "DISCORD_TOKEN" in err
    assert "Traceback" not in err


def test_token_comes_from_a_dotenv_file(relaxed: Callable[..., Settings], tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=abc.def.ghi\n")  # the test runs in tmp_path

    token = relaxed().discord_token

    assert token is not None and token.get_secret_value() == "abc.def.ghi"


def test_rejected_token_exits_2_with_one_line(
    relaxed: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def reject(self: ArticleBot, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(ArticleBot, "login", reject)
    settings = relaxed(discord_token="not-a-real-token")

    code = run_bot(settings, library=Library(settings, embedder=HashingEmbedder()))

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Discord rejected the token" in err


def test_a_refused_content_intent_exits_2_naming_the_setting(
    relaxed: Callable[..., Settings],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refuse(self: ArticleBot, reconnect: bool = True) -> None:
        assert self.intents.message_content  # asked for, as the setting says
        raise discord.PrivilegedIntentsRequired(None)

    async def accept(self: ArticleBot, token: str) -> None:
        return None

    monkeypatch.setattr(ArticleBot, "login", accept)
    monkeypatch.setattr(ArticleBot, "connect", refuse)
    settings = relaxed(discord_token="a.b.c", message_content_intent=True)

    code = run_bot(settings, library=Library(settings, embedder=HashingEmbedder()))

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "message_content_intent = false" in err


def test_sigterm_closes_cleanly_after_running_work(
    relaxed: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = relaxed(discord_token="token")
    library = Library(settings, embedder=HashingEmbedder())
    seen: dict[str, Any] = {}

    async def fake_login(self: ArticleBot, token: str) -> None:
        self._connection.user = discord.ClientUser(
            state=self._connection,
            data={
                "id": str(BOT_ID),
                "username": "articlebot",
                "discriminator": "0",
                "avatar": None,
            },  # type: ignore[typeddict-item]
        )
        await self.setup_hook()

    async def fake_connect(self: ArticleBot, *, reconnect: bool = True) -> None:
        # A slow add is running when the signal arrives: close must wait for it.
        work = asyncio.ensure_future(self.call(_slow_add, self.library, guild_collection(GUILD_A)))
        await asyncio.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)
        seen["added"] = await work
        while not self.is_closed():
            await asyncio.sleep(0.01)

    monkeypatch.setattr(ArticleBot, "login", fake_login)
    monkeypatch.setattr(ArticleBot, "connect", fake_connect)

    code = run_bot(settings, library=library)

    assert code == 0
    assert seen["added"] == 1
    assert library.count(guild_collection(GUILD_A)) == 1  # the database is still usable
    library.close()


def _slow_add(library: Library, collection: str) -> int:
    time.sleep(0.3)
    return library.add_text(
        collection, "The ferry timetable changes on Sunday for the winter.", title="Ferry"
    ).article.id


@pytest.mark.model
async def test_the_work_of_20_adds_runs_off_the_event_loop(
    start_bot: BotFactory,
    relaxed: Callable[..., Settings],
    real_embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The loop's lag under load is measured by bench/soak.py; here, that no add's work (fetch,
    # chunking, embedding, storing) ever runs on the loop's own thread, where it would stall
    # every member's question.
    settings = relaxed()
    harness = await start_bot(library=Library(settings, embedder=real_embedder))
    base = SEED_ARTICLE.read_text(encoding="utf-8")
    opened = [await harness.run(harness.slash("add", "text")) for _ in range(20)]
    loop_thread = threading.get_ident()
    threads: list[int] = []
    add_text = Library.add_text

    def recording_add_text(library: Library, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return add_text(library, *args, **kwargs)

    monkeypatch.setattr(Library, "add_text", recording_add_text)
    runs = [
        harness.dispatch(
            harness.submit(
                run.callback["data"],
                {"Title": f"Visit, part {n}", "Article text": f"Part {n}.\n\n{base}"},
            )
        )
        for n, run in enumerate(opened)
    ]
    await harness.wait_for(lambda: all(r.sent() and r.last.via == "followup" for r in runs), 60)

    assert harness.library.count(A) == 20
    assert len(threads) == 20
    assert loop_thread not in threads
