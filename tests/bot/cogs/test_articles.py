"""/add url|file|text, /article list, show, remove, autocomplete and "Add to articles"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from harness import (
    ADDERS_ROLE,
    ALICE,
    BOB,
    CHANNEL,
    EPHEMERAL,
    GUILD_A,
    GUILD_B,
    MANAGER,
    MESSAGE_MANAGER,
    MOD,
    RESPONSE_AUTOCOMPLETE,
    RESPONSE_DEFERRED,
    RESPONSE_MODAL,
    BotFactory,
    Harness,
)

from bot.common import guild_collection
from bot.jobs import JobReply
from retrieval.errors import FetchError
from retrieval.ingest.fetch import FetchedDocument

COFFEE = "Drought cuts Minas Altas coffee harvest by a third"
RIVER = "Volunteers pull two tonnes of plastic from the Serra river"
A = guild_collection(GUILD_A)
B = guild_collection(GUILD_B)


# -- adding ----------------------------------------------------------------------------------------


async def test_add_text_opens_a_modal_whose_submission_adds_the_article(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    opened = await harness.run(harness.slash("add", "text"))
    modal = opened.callback
    assert modal["type"] == RESPONSE_MODAL
    labels = [row["components"][0]["label"] for row in modal["data"]["components"]]
    assert labels[:2] == ["Title", "Article text"]

    values = {"Title": COFFEE, "Article text": articles_text["coffee-drought"]}
    submitted = await harness.run(harness.submit(modal["data"], values))

    assert submitted.calls[0].payload is not None
    assert submitted.calls[0].payload["type"] == RESPONSE_DEFERRED
    assert submitted.last.ephemeral is False
    assert COFFEE in submitted.last.text
    [summary] = harness.library.articles(A)
    assert summary.title == COFFEE
    assert summary.added_by == str(ALICE)
    assert summary.chunk_count >= 1


async def test_duplicate_text_names_the_existing_article_ephemerally(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    first = await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])
    assert "already" not in first.text
    [summary] = harness.library.articles(A)

    again = await harness.add_via_modal("Another title", articles_text["coffee-drought"])

    assert again.last.ephemeral is True
    assert f"#{summary.id}" in again.last.text
    # The public "thinking…" reply was removed so that only the adder sees the refusal.
    assert [c.kind for c in again.calls if c.kind == "delete_original"]
    assert harness.library.count(A) == 1


async def test_modal_link_must_be_a_web_address(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    run = await harness.add_via_modal(COFFEE, articles_text["coffee-drought"], link="not a link")

    assert run.last.ephemeral is True
    assert "http" in run.last.text
    assert harness.library.count(A) == 0


async def test_add_url_with_a_bad_scheme_is_refused_ephemerally(harness: Harness) -> None:
    run = await harness.run(harness.slash("add", "url", options={"url": "ftp://x"}))

    assert run.last.ephemeral is True
    assert "http" in run.last.text
    assert harness.library.count(A) == 0


async def test_add_url_reports_title_and_chunks(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    fetched: list[str] = []

    def fake_fetch(url: str, policy: object) -> FetchedDocument:
        fetched.append(url)
        body = f"<html><head><title>{RIVER}</title></head><body><article>" + "".join(
            f"<p>{p}</p>" for p in articles_text["river-cleanup"].split("\n\n")[1:]
        )
        body += "</article></body></html>"
        return FetchedDocument(
            requested_url=url,
            final_url=url,
            status=200,
            content_type="text/html",
            charset="utf-8",
            body=body.encode(),
        )

    harness = await start_bot(fetcher=fake_fetch)
    url = "https://news.example.com/serra-river"

    run = await harness.run(harness.slash("add", "url", options={"url": url}))

    assert fetched == [url]
    assert run.last.ephemeral is False
    [summary] = harness.library.articles(A)
    assert str(summary.chunk_count) in run.last.text
    assert summary.title in run.last.text


async def test_add_file_downloads_and_adds_a_text_file(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    river = articles_text["river-cleanup"].encode("utf-8")

    run = await harness.run(harness.upload("river.txt", river))

    assert len(harness.http.named("get_from_cdn")) == 1
    assert run.last.ephemeral is False
    [summary] = harness.library.articles(A)
    assert "Serra" in summary.title
    assert summary.title in run.last.text


async def test_oversized_file_is_refused_before_downloading(harness: Harness) -> None:
    limit = harness.settings.max_file_bytes

    run = await harness.run(harness.upload("huge.txt", b"x", size=limit + 1))

    assert harness.http.named("get_from_cdn") == []
    assert run.callback["type"] == 4  # refused at once, nothing deferred
    assert run.last.ephemeral is True
    assert "limit" in run.last.text


async def test_unsupported_file_type_is_refused_before_downloading(harness: Harness) -> None:
    run = await harness.run(harness.upload("photo.png", b"\x89PNG"))

    assert harness.http.named("get_from_cdn") == []
    assert run.last.ephemeral is True
    assert "photo.png" in run.last.text and ".pdf" in run.last.text


async def test_add_cooldown_applies_across_add_commands(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(add_cooldown_rate=1, add_cooldown_s=120)
    await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])

    run = await harness.run(harness.slash("add", "url", options={"url": "ftp://x"}))

    assert run.last.ephemeral is True
    assert "try again in" in run.last.text
    assert harness.library.count(A) == 1


@pytest.mark.parametrize(
    ("setting", "allowed", "refused"),
    [
        ({"add_permission": "manage_guild"}, {"permissions": MANAGER}, {}),
        ({"add_permission": "manage_messages"}, {"permissions": MESSAGE_MANAGER}, {}),
        (
            {"add_permission": "role", "add_role_id": ADDERS_ROLE + GUILD_A % 10},
            {"roles": (ADDERS_ROLE + GUILD_A % 10,)},
            {},
        ),
    ],
)
async def test_who_may_add_is_a_setting(
    start_bot: BotFactory,
    setting: dict[str, Any],
    allowed: dict[str, Any],
    refused: dict[str, Any],
) -> None:
    harness = await start_bot(**setting)

    denied = await harness.run(harness.slash("add", "text", **refused))
    opened = await harness.run(harness.slash("add", "text", **allowed))

    assert denied.callback["type"] == 4
    assert denied.callback["data"]["flags"] & EPHEMERAL
    assert "adding articles here" in denied.text
    assert opened.callback["type"] == RESPONSE_MODAL


async def test_article_commands_are_refused_in_dms(harness: Harness) -> None:
    run = await harness.run(harness.slash("article", "list", guild=None))

    assert run.last.ephemeral is True
    assert "use this in a server" in run.last.text


async def test_a_completed_add_is_reported_as_done_when_shutdown_begins(
    harness: Harness, articles_text: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = harness.library
    original = library.add_text

    def add_then_shutdown(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        harness.bot._shutting_down = True  # close() begins while the add finishes
        return result

    monkeypatch.setattr(library, "add_text", add_then_shutdown)

    run = await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])

    assert run.last.ephemeral is False
    assert f"Added #{library.articles(A)[0].id}" in run.last.text
    assert not [c for c in run.calls if c.kind == "delete_original"]
    assert "restarting" not in run.text


async def test_a_failed_single_add_is_listed_in_recent_failures(start_bot: BotFactory) -> None:
    def refuse(url: str, policy: object) -> FetchedDocument:
        raise FetchError("the site answered 404 Not Found")

    harness = await start_bot(fetcher=refuse)
    url = "https://news.example.com/gone"

    added = await harness.run(harness.slash("add", "url", options={"url": url}))
    status = await harness.run(harness.slash("admin", "status", user=MOD, permissions=MANAGER))

    assert added.last.ephemeral is True and "404" in added.last.text
    [embed] = status.last.payload["embeds"]
    failures = {f["name"]: f["value"] for f in embed["fields"]}["Recent failures"]
    assert url in failures and "404" in failures


async def test_a_duplicate_is_not_a_failure(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])
    await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])

    assert harness.library.status(A).recent_failures == ()


async def test_an_add_that_outlives_the_token_posts_its_result_in_the_channel(
    harness: Harness, articles_text: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobReply, "token_lifetime_s", 0.0)
    monkeypatch.setattr(JobReply, "handoff_margin_s", 0.0)
    river = articles_text["river-cleanup"].encode("utf-8")

    run = await harness.run(harness.upload("river.txt", river))

    assert run.callback["type"] == RESPONSE_DEFERRED
    assert not [c for c in run.calls if c.kind == "followup"]
    [post] = harness.http.named("send_message")
    assert post["channel_id"] == CHANNEL[GUILD_A]
    assert post["payload"]["allowed_mentions"] == {"parse": []}
    assert f"<@{ALICE}>" in post["payload"]["content"]
    [summary] = harness.library.articles(A)
    assert f"Added #{summary.id}" in post["payload"]["embeds"][0]["title"]


async def test_an_add_that_fails_after_the_token_expired_says_so_in_the_channel(
    start_bot: BotFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(url: str, policy: object) -> FetchedDocument:
        raise FetchError("the site answered 404 Not Found")

    harness = await start_bot(fetcher=refuse)
    monkeypatch.setattr(JobReply, "token_lifetime_s", 0.0)
    monkeypatch.setattr(JobReply, "handoff_margin_s", 0.0)
    url = "https://news.example.com/gone"

    await harness.run(harness.slash("add", "url", options={"url": url}))

    [post] = harness.http.named("send_message")
    assert post["payload"]["allowed_mentions"] == {"parse": []}
    assert "failed" in post["payload"]["content"]
    assert "404" in post["payload"]["embeds"][0]["description"]


# -- the add-text form -----------------------------------------------------------------------------


async def test_the_form_asks_for_the_minimum_length_and_a_short_text_is_refused(
    start_bot: BotFactory,
) -> None:
    harness = await start_bot(min_article_chars=50)
    opened = await harness.run(harness.slash("add", "text"))
    [body] = [
        row["components"][0]
        for row in opened.callback["data"]["components"]
        if row["components"][0]["label"] == "Article text"
    ]
    assert body["min_length"] == 50

    run = await harness.run(harness.submit(opened.callback["data"], {"Article text": "lol ok"}))

    assert run.callback["type"] == 4  # refused before any work: nothing deferred
    assert run.last.ephemeral is True
    assert "too short" in run.last.text and "50" in run.last.text
    assert harness.library.count(A) == 0


def _values(modal: dict[str, Any]) -> dict[str, str]:
    return {
        row["components"][0]["label"]: row["components"][0].get("value") or ""
        for row in modal["components"]
    }


async def test_a_bad_link_in_the_form_keeps_the_pasted_text(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    text = articles_text["coffee-drought"]
    refused = await harness.add_via_modal(COFFEE, text, link="news.example.com/coffee")

    assert refused.last.ephemeral is True
    assert "http" in refused.last.text
    assert harness.library.count(A) == 0
    reopened = await harness.run(harness.click(refused.message_payload(), "Edit and resubmit"))
    modal = reopened.callback
    assert modal["type"] == RESPONSE_MODAL
    values = _values(modal["data"])
    assert values["Title"] == COFFEE
    assert values["Article text"] == text
    assert values["Link to the original (optional)"] == "news.example.com/coffee"

    values["Link to the original (optional)"] = "https://news.example.com/coffee"
    added = await harness.run(harness.submit(modal["data"], values))

    assert added.last.ephemeral is False and COFFEE in added.last.text
    [summary] = harness.library.articles(A)
    assert summary.url == "https://news.example.com/coffee"


# -- the context menu ------------------------------------------------------------------------------


async def test_add_to_articles_adds_a_message_text(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    target = harness.user_message(articles_text["river-cleanup"], author=BOB)

    run = await harness.run(harness.message_menu("Add to articles", target, user=ALICE))

    assert run.last.ephemeral is False
    [summary] = harness.library.articles(A)
    assert "Serra" in summary.title
    assert summary.added_by == str(ALICE)
    assert summary.author == "bob"
    assert summary.url is not None and summary.url.startswith("https://discord.com/channels/")


async def test_add_to_articles_prefers_the_first_link(start_bot: BotFactory) -> None:
    fetched: list[str] = []

    def refuse(url: str, policy: object) -> FetchedDocument:
        fetched.append(url)
        raise FetchError("the site answered 404 Not Found")

    harness = await start_bot(fetcher=refuse)
    target = harness.user_message(
        "Worth reading (https://news.example.com/a?id=1), also https://other.example.com/b"
    )

    run = await harness.run(harness.message_menu("Add to articles", target))

    assert fetched == ["https://news.example.com/a?id=1"]
    assert run.last.ephemeral is True
    assert "404" in run.last.text


async def test_add_to_articles_refuses_a_message_too_short_to_be_an_article(
    harness: Harness,
) -> None:
    target = harness.user_message("lol ok", author=BOB)

    run = await harness.run(harness.message_menu("Add to articles", target, user=ALICE))

    assert run.callback["type"] == 4
    assert run.last.ephemeral is True
    assert "too short" in run.last.text
    assert harness.library.count(A) == 0


# -- listing, showing, removing ------------------------------------------------------------------


def _titled(text: str, title: str) -> bool:
    return re.search(rf"(?<![\w]){title}(?![\w])", text) is not None


async def test_list_pages_with_buttons(harness: Harness) -> None:
    for n in range(12):
        harness.seed(
            GUILD_A, f"Story number {n} is about topic {n} and nothing else.", title=f"T{n}"
        )

    first = await harness.run(harness.slash("article", "list"))

    assert first.last.ephemeral is True
    assert _titled(first.last.text, "T11") and not _titled(first.last.text, "T0")
    message = first.message_payload()
    second = await harness.run(harness.click(message, "Next ▶"))
    assert second.calls[0].payload == {"type": 6}  # acknowledged, then the page is edited
    assert _titled(second.last.text, "T0") and not _titled(second.last.text, "T11")
    stranger = await harness.run(harness.click(message, "Next ▶", user=BOB))
    assert stranger.last.ephemeral is True
    assert "someone else" in stranger.last.text


async def test_show_displays_an_article(harness: Harness, articles_text: dict[str, str]) -> None:
    article_id = harness.seed(GUILD_A, articles_text["coffee-drought"], title=COFFEE)

    run = await harness.run(harness.slash("article", "show", options={"article": article_id}))

    assert run.last.ephemeral is False
    assert COFFEE in run.last.text


async def test_autocomplete_reads_the_title_cache_only(
    harness: Harness, articles_text: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])
    await harness.add_via_modal(RIVER, articles_text["river-cleanup"])

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("autocomplete touched the library")

    for name in ("titles", "articles", "get", "ask", "search", "count"):
        monkeypatch.setattr(harness.library, name, forbidden)
    monkeypatch.setattr(harness.library.store, "read", forbidden)
    monkeypatch.setattr(harness.library.store, "titles", forbidden)

    run = await harness.run(
        harness.slash("article", "show", options={"article": "coff"}, focused="article")
    )

    response = run.callback
    assert response["type"] == RESPONSE_AUTOCOMPLETE
    choices = response["data"]["choices"]
    assert [c["name"] for c in choices] == [f"#{c['value']} {COFFEE}" for c in choices]
    assert len(choices) == 1
    everything = await harness.run(
        harness.slash("article", "remove", options={"article": ""}, focused="article")
    )
    assert len(everything.callback["data"]["choices"]) == 2


async def test_autocomplete_cache_follows_removals(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    await harness.add_via_modal(COFFEE, articles_text["coffee-drought"])
    [summary] = harness.library.articles(A)
    await harness.run(harness.slash("article", "remove", options={"article": summary.id}))

    run = await harness.run(
        harness.slash("article", "show", options={"article": "coff"}, focused="article")
    )

    assert run.callback["data"]["choices"] == []


async def test_removing_your_own_article(harness: Harness, articles_text: dict[str, str]) -> None:
    article_id = harness.seed(
        GUILD_A, articles_text["coffee-drought"], title=COFFEE, added_by=ALICE
    )

    run = await harness.run(harness.slash("article", "remove", options={"article": article_id}))

    assert run.last.ephemeral is True
    assert f"#{article_id}" in run.last.text
    assert harness.library.count(A) == 0


async def test_removing_someone_elses_article_needs_manage_server(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    article_id = harness.seed(
        GUILD_A, articles_text["coffee-drought"], title=COFFEE, added_by=ALICE
    )

    denied = await harness.run(
        harness.slash("article", "remove", options={"article": article_id}, user=BOB)
    )
    assert denied.last.ephemeral is True
    assert "Manage Server" in denied.last.text
    assert harness.library.count(A) == 1

    allowed = await harness.run(
        harness.slash(
            "article", "remove", options={"article": article_id}, user=MOD, permissions=MANAGER
        )
    )
    assert "Manage Server" not in allowed.last.text
    assert harness.library.count(A) == 0


async def test_guilds_cannot_see_or_touch_each_others_articles(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    article_id = harness.seed(GUILD_A, articles_text["coffee-drought"], title=COFFEE)

    listed = await harness.run(harness.slash("article", "list", guild=GUILD_B))
    shown = await harness.run(
        harness.slash("article", "show", options={"article": article_id}, guild=GUILD_B)
    )
    suggested = await harness.run(
        harness.slash(
            "article", "show", options={"article": "coff"}, focused="article", guild=GUILD_B
        )
    )
    removed = await harness.run(
        harness.slash(
            "article",
            "remove",
            options={"article": article_id},
            guild=GUILD_B,
            user=MOD,
            permissions=MANAGER,
        )
    )

    assert COFFEE not in listed.text
    assert COFFEE not in shown.text and f"#{article_id}" in shown.last.text
    assert shown.last.ephemeral is True
    assert suggested.callback["data"]["choices"] == []
    assert removed.last.ephemeral is True and f"no article #{article_id}" in removed.last.text
    assert harness.library.count(A) == 1
    assert harness.library.count(B) == 0
