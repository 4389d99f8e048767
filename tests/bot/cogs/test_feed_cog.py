"""/feed add, list and remove through the real command tree, and the poller in the bot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from feed_server import TITLES, FeedServer, Route
from harness import (
    ALICE,
    GUILD_A,
    GUILD_B,
    MANAGER,
    MOD,
    RESPONSE_AUTOCOMPLETE,
    BotFactory,
    Harness,
)

from bot.common import guild_collection
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library

A = guild_collection(GUILD_A)


@pytest.fixture
async def bot(start_bot: BotFactory, feed_server: FeedServer) -> Harness:
    """A bot allowed to fetch from the loopback feed server."""
    return await start_bot(
        fetch_allowed_networks=["127.0.0.1/32"], fetch_allowed_ports=[feed_server.port]
    )


def fields(run: Any) -> dict[str, str]:
    embed = run.last.payload["embeds"][0]
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


def make_due(harness: Harness) -> None:
    with harness.library.store.transaction() as db:
        db.execute("UPDATE feeds SET next_poll_at = 0")


async def test_feed_add_follows_the_feed_and_the_poller_adds_its_articles(
    bot: Harness, feed_server: FeedServer
) -> None:
    url = feed_server.url("/rss.xml")

    run = await bot.run(bot.slash("feed", "add", options={"url": url}))

    assert run.last.ephemeral is True
    assert "Following #1 Serra Daily" in run.last.text
    await bot.wait_for(lambda: bot.library.count(A) == 2)
    await bot.settle()
    assert {a.title for a in bot.library.articles(A)} == {
        TITLES["coffee-drought"],
        TITLES["river-cleanup"],
    }
    assert all(a.added_by == str(ALICE) for a in bot.library.articles(A))
    # Autocomplete of /article knows the new titles.
    [(_, suggested)] = bot.bot.titles.matches(A, "Serra")
    assert TITLES["river-cleanup"] in suggested

    listed = await bot.run(bot.slash("feed", "list"))
    assert listed.last.ephemeral is True
    assert "Serra Daily" in listed.last.text and "last poll added 2" in listed.last.text
    assert "⚠" not in listed.last.text

    status = await bot.run(bot.slash("admin", "status", user=MOD, permissions=MANAGER))
    shown = fields(status)
    assert "feed poll by the bot" in shown["Recent jobs"]
    assert "1 feeds polled, 2 articles added" in shown["Recent jobs"]
    assert shown["Feeds"].startswith("1 followed, 0 failing")


async def test_a_failing_feed_shows_its_error_in_feed_list_and_admin_status(
    bot: Harness, feed_server: FeedServer
) -> None:
    await bot.run(bot.slash("feed", "add", options={"url": feed_server.url("/rss.xml")}))
    await bot.wait_for(lambda: bot.library.count(A) == 2)
    feed_server.routes["/rss.xml"] = Route(b"down", "text/plain", status=500)
    make_due(bot)

    bot.bot.feed_poller.wake()
    await bot.wait_for(lambda: bot.library.feeds(A)[0].failures == 1)
    await bot.settle()

    listed = await bot.run(bot.slash("feed", "list"))
    assert "⚠ failed once: the server answered 500 Internal Server Error" in listed.last.text
    status = await bot.run(bot.slash("admin", "status", user=MOD, permissions=MANAGER))
    assert "1 followed, 1 failing" in fields(status)["Feeds"]
    assert "500 Internal Server Error" in fields(status)["Feeds"]
    assert "1 feeds failed" in fields(status)["Recent jobs"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/feed", "only http and https"),
        ("/page.html", "text/html is not supported; articlebot reads RSS and Atom feeds"),
        ("/not-a-feed.xml", "not an RSS or Atom feed"),
        ("/error.xml", "500 Internal Server Error"),
    ],
)
async def test_bad_feeds_are_refused_ephemerally_in_one_line(
    bot: Harness, feed_server: FeedServer, url: str, message: str
) -> None:
    link = feed_server.url(url) if url.startswith("/") else url

    run = await bot.run(bot.slash("feed", "add", options={"url": link}))

    assert run.last.ephemeral is True
    assert message in run.last.text
    assert "Traceback" not in run.last.text
    assert bot.library.feeds(A) == []


async def test_feed_commands_are_gated_like_adding_articles(
    start_bot: BotFactory, feed_server: FeedServer
) -> None:
    bot = await start_bot(
        add_permission="manage_guild",
        fetch_allowed_networks=["127.0.0.1/32"],
        fetch_allowed_ports=[feed_server.port],
    )
    url = feed_server.url("/rss.xml")

    refused = await bot.run(bot.slash("feed", "add", options={"url": url}))
    assert refused.last.ephemeral is True
    assert "needs the Manage Server permission" in refused.last.text
    assert bot.library.feeds(A) == [] and feed_server.hits("/rss.xml") == []

    allowed = await bot.run(
        bot.slash("feed", "add", options={"url": url}, user=MOD, permissions=MANAGER)
    )
    assert "Following" in allowed.last.text
    [feed] = bot.library.feeds(A)
    removal = await bot.run(bot.slash("feed", "remove", options={"feed": feed.id}))
    assert "needs the Manage Server permission" in removal.last.text
    assert len(bot.library.feeds(A)) == 1
    # Listing is open to every member.
    listed = await bot.run(bot.slash("feed", "list"))
    assert "Serra Daily" in listed.last.text


async def test_feed_remove_suggests_this_servers_feeds_and_keeps_the_articles(
    bot: Harness, feed_server: FeedServer
) -> None:
    await bot.run(bot.slash("feed", "add", options={"url": feed_server.url("/rss.xml")}))
    await bot.wait_for(lambda: bot.library.count(A) == 2)
    await bot.settle()
    [feed] = bot.library.feeds(A)

    suggest = await bot.run(bot.slash("feed", "remove", options={"feed": "serra"}, focused="feed"))
    assert suggest.callback["type"] == RESPONSE_AUTOCOMPLETE
    assert suggest.callback["data"]["choices"] == [
        {"name": f"#{feed.id} Serra Daily", "value": feed.id}
    ]
    removed = await bot.run(bot.slash("feed", "remove", options={"feed": feed.id}))

    assert removed.last.ephemeral is True
    assert f"Stopped following #{feed.id} Serra Daily" in removed.last.text
    assert bot.library.feeds(A) == [] and bot.library.count(A) == 2
    again = await bot.run(bot.slash("feed", "remove", options={"feed": feed.id}))
    assert f"no feed #{feed.id} is followed here" in again.last.text


async def test_the_poller_picks_up_due_feeds_at_start_from_the_database(
    start_bot: BotFactory, feed_server: FeedServer, relaxed: Any
) -> None:
    settings = relaxed(
        fetch_allowed_networks=["127.0.0.1/32"], fetch_allowed_ports=[feed_server.port]
    )
    # Followed by an earlier run of the bot, which stopped before polling it.
    with Library(settings, embedder=HashingEmbedder()) as earlier:
        await asyncio.to_thread(earlier.add_feed, A, feed_server.url("/rdf.xml"))
    library = Library(settings, embedder=HashingEmbedder())
    started = time.time()

    bot = await start_bot(library=library)
    await bot.wait_for(lambda: library.count(A) == 1)
    await bot.settle()

    [feed] = library.feeds(A)
    assert feed.etag == '"rdf-1"' and feed.next_poll_at > started + 3000
    assert [a.title for a in library.articles(A)] == [TITLES["harbor-tram-vote"]]


async def test_a_servers_own_add_setting_gates_feeds_and_help_follows_it(
    bot: Harness, feed_server: FeedServer
) -> None:
    bot.library.change_server_settings(A, {"add_permission": "manage_guild"})
    url = feed_server.url("/rss.xml")

    refused = await bot.run(bot.slash("feed", "add", options={"url": url}))
    elsewhere = await bot.run(bot.slash("feed", "add", options={"url": url}, guild=GUILD_B))
    plain_help = await bot.run(bot.slash("help"))
    manager_help = await bot.run(bot.slash("help", user=MOD, permissions=MANAGER))

    assert "needs the Manage Server permission" in refused.last.text
    assert bot.library.feeds(A) == []
    assert "Following" in elsewhere.last.text  # the other server kept the default
    assert "`/feed list`" in plain_help.last.text
    assert "`/feed add`" not in plain_help.last.text
    assert "`/feed remove`" not in plain_help.last.text
    assert "`/feed add`" in manager_help.last.text and "`/feed remove`" in manager_help.last.text


async def test_feed_add_takes_its_own_interval_and_refuses_one_too_short(
    bot: Harness, feed_server: FeedServer
) -> None:
    url = feed_server.url("/rss.xml")

    refused = await bot.run(bot.slash("feed", "add", options={"url": url, "every": 1}))
    assert refused.last.ephemeral is True
    assert "choose 15 or more" in refused.last.text and "Traceback" not in refused.last.text
    assert bot.library.feeds(A) == []

    run = await bot.run(bot.slash("feed", "add", options={"url": url, "every": 30}))
    assert "every 30 min" in run.last.text
    [feed] = bot.library.feeds(A)
    assert feed.interval_s == 30 * 60
    listed = await bot.run(bot.slash("feed", "list"))
    assert "every 30 min" in listed.last.text


async def test_each_server_numbers_its_own_feeds_from_1(
    bot: Harness, feed_server: FeedServer
) -> None:
    await bot.run(bot.slash("feed", "add", options={"url": feed_server.url("/rss.xml")}))
    await bot.run(bot.slash("feed", "add", options={"url": feed_server.url("/atom.xml")}))

    other = await bot.run(
        bot.slash("feed", "add", guild=GUILD_B, options={"url": feed_server.url("/rss.xml")})
    )

    assert "Following #1 " in other.last.text  # not #3: other servers' feeds are not counted
    removed = await bot.run(bot.slash("feed", "remove", guild=GUILD_B, options={"feed": 1}))
    assert "Stopped following #1" in removed.last.text
    assert [f.number for f in bot.library.feeds(A)] == [1, 2]  # the first server's stay
