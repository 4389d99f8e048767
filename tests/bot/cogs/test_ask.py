"""/ask, "Ask about this message", @mention questions, answer buttons, DMs and cooldowns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from harness import (
    ALICE,
    BOB,
    BOT_ID,
    BOT_ROLE,
    EPHEMERAL,
    GUILD_A,
    GUILD_B,
    OWNER_ID,
    RESPONSE_DEFERRED,
    SEED_ARTICLE,
    BotFactory,
    Harness,
    Run,
    custom_ids,
    message_text,
)

from bot.common import guild_collection
from config import Settings
from retrieval.library import Library

COFFEE = "Drought cuts Minas Altas coffee harvest by a third"
RIVER = "Volunteers pull two tonnes of plastic from the Serra river"
COFFEE_QUESTION = "How much did the drought cut the Minas Altas coffee harvest?"


def seed_guild(harness: Harness, articles_text: dict[str, str], guild: int = GUILD_A) -> None:
    for stem in ("coffee-drought", "river-cleanup", "chip-plant", "harbor-tram-vote"):
        text = articles_text[stem]
        title = {"coffee-drought": COFFEE, "river-cleanup": RIVER}.get(stem, stem)
        harness.seed(guild, text, title=title)


async def asked_coffee(harness: Harness, articles_text: dict[str, str]) -> Run:
    """Seed the guild and ask the coffee question with /ask; return the finished run."""
    seed_guild(harness, articles_text)
    return await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))


async def mentioned_answer(harness: Harness, articles_text: dict[str, str]) -> dict[str, Any]:
    """Seed the guild, ask the bot by mentioning it, and return its answer message."""
    seed_guild(harness, articles_text)
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> what about the river?", mentions=(BOT_ID,))
    )
    answer: dict[str, Any] = harness.http.named("send_message")[0]["message"]
    return answer


async def test_ask_defers_then_answers_publicly_with_the_source_and_buttons(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)

    run = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))

    first = run.calls[0]
    assert first.kind == "callback" and first.payload is not None
    assert first.payload["type"] == RESPONSE_DEFERRED  # deferred before the library call
    assert not (first.payload.get("data") or {}).get("flags", 0) & EPHEMERAL
    answer = run.last
    assert answer.ephemeral is False
    assert COFFEE in answer.text
    assert {"Helpful", "Not helpful"} <= set(custom_ids(answer.payload))


async def test_ask_with_ephemeral_option_answers_only_the_asker(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)

    run = await harness.run(
        harness.slash("ask", options={"question": COFFEE_QUESTION, "ephemeral": True})
    )

    assert run.calls[0].payload is not None
    assert run.calls[0].payload["data"]["flags"] & EPHEMERAL
    assert run.last.ephemeral is True
    assert COFFEE in run.last.text


async def test_empty_question_is_refused_ephemerally_before_deferring(harness: Harness) -> None:
    run = await harness.run(harness.slash("ask", options={"question": "   "}))

    assert run.callback["type"] == 4  # answered at once, no "thinking…"
    assert run.last.ephemeral is True
    assert "question is empty" in run.last.text


async def test_ask_in_an_empty_server_says_nothing_covers_it(harness: Harness) -> None:
    run = await harness.run(harness.slash("ask", options={"question": "Who won the match?"}))

    assert run.last.ephemeral is False
    assert run.last.text  # a "not covered" answer, not an error
    assert "something went wrong" not in run.last.text


async def test_message_context_menu_asks_with_the_message_text(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)
    target = harness.user_message(f"<@{BOT_ID}> {COFFEE_QUESTION}", author=BOB)

    run = await harness.run(harness.message_menu("Ask about this message", target))

    assert COFFEE in run.last.text
    assert f"<@{BOT_ID}>" not in run.last.text  # the mention is not part of the question


async def test_message_menu_on_an_embed_only_message_asks_with_its_text(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)
    target = harness.user_message("", author=BOB)
    target["embeds"] = [{"type": "rich", "title": COFFEE_QUESTION}]

    run = await harness.run(harness.message_menu("Ask about this message", target))

    assert COFFEE in run.last.text


async def test_message_menu_on_an_empty_message_is_refused(harness: Harness) -> None:
    run = await harness.run(
        harness.message_menu("Ask about this message", harness.user_message(""))
    )

    assert run.last.ephemeral is True
    assert "question is empty" in run.last.text


async def test_more_passages_opens_an_ephemeral_pager(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    answered = await asked_coffee(harness, articles_text)
    message = answered.message_payload()
    assert "More passages" in custom_ids(message)

    more = await harness.run(harness.click(message, "More passages", user=BOB))

    page = more.last
    assert page.ephemeral is True
    assert page.text
    buttons = custom_ids(page.payload)
    assert {"◀ Previous", "Next ▶"} <= set(buttons)
    pager_message = more.message_payload()
    if len(answered.sent()) and not _disabled(page.payload, "Next ▶"):
        turned = await harness.run(harness.click(pager_message, "Next ▶", user=BOB))
        assert turned.callback["type"] == 7  # the pager edits its own message
        assert turned.last.text


def _disabled(message: dict[str, object], label: str) -> bool:
    for row in message.get("components") or []:  # type: ignore[attr-defined]
        for item in row.get("components", []):
            if item.get("label") == label:
                return bool(item.get("disabled"))
    raise AssertionError(label)


async def test_feedback_buttons_store_votes_with_a_hashed_user(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    answered = await asked_coffee(harness, articles_text)
    message = answered.message_payload()

    helpful = await harness.run(harness.click(message, "Helpful", user=ALICE))
    unhelpful = await harness.run(harness.click(message, "Not helpful", user=BOB))
    again = await harness.run(harness.click(message, "Helpful", user=ALICE))

    assert helpful.last.ephemeral is True and "Thanks" in helpful.last.text
    assert unhelpful.last.ephemeral is True
    assert "already rated" in again.last.text
    rows = harness.library.store.feedback(guild_collection(GUILD_A))
    assert [r["helpful"] for r in rows] == [True, False]
    assert all(r["question"] == COFFEE_QUESTION for r in rows)
    assert all(r["chunk_ids"] or r["article_ids"] for r in rows)
    assert str(ALICE) not in str(rows)  # only a hash of the voter is kept
    assert rows[0]["user_hash"] != rows[1]["user_hash"]


async def test_answers_never_ping_even_with_everyone_in_the_article(harness: Harness) -> None:
    harness.seed(
        GUILD_A,
        "The mayor wrote @everyone and <@123> in the notice about the harbor tram vote. "
        "The harbor tram vote passed with a large majority on Tuesday evening.",
        title="Harbor tram notice @everyone",
    )

    run = await harness.run(harness.slash("ask", options={"question": "harbor tram vote notice"}))

    for call in run.calls:
        body = call.payload or {}
        message = body.get("data", body) if call.kind == "callback" else body
        if message.get("content") is not None or message.get("embeds"):
            assert message["allowed_mentions"] == {"parse": []}
    text = run.last.text
    assert "tram" in text.lower()
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "<@123>" not in text


async def test_ask_cooldown_says_when_to_try_again(start_bot: BotFactory) -> None:
    harness = await start_bot(ask_cooldown_rate=1, ask_cooldown_s=60)

    first = await harness.run(harness.slash("ask", options={"question": "first question"}))
    second = await harness.run(harness.slash("ask", options={"question": "second question"}))
    other_user = await harness.run(
        harness.slash("ask", options={"question": "first question"}, user=BOB)
    )

    assert "try again" not in first.text
    assert second.last.ephemeral is True
    assert "try again in" in second.last.text and " s" in second.last.text
    assert "try again" not in other_user.text  # cooldowns are per user


async def test_ask_in_dm_points_to_a_server(harness: Harness) -> None:
    run = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}, guild=None))

    assert run.last.ephemeral is True
    assert "server" in run.last.text.lower()


async def test_ask_in_dm_answers_from_the_configured_collection(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness: Harness = await start_bot(dm_collection="public-news")
    harness.library.add_text("public-news", articles_text["coffee-drought"], title=COFFEE)

    run = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}, guild=None))

    assert COFFEE in run.last.text


async def test_mention_question_is_answered_as_a_reply(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)
    message = harness.user_message(f"<@{BOT_ID}> {COFFEE_QUESTION}", mentions=(BOT_ID,))

    await harness.say(message)

    sent = harness.http.named("send_message")
    assert len(sent) == 1
    payload = sent[0]["payload"]
    assert str(payload["message_reference"]["message_id"]) == message["id"]
    assert payload["allowed_mentions"]["parse"] == []
    assert payload["allowed_mentions"].get("replied_user") is False
    assert COFFEE in message_text(payload)
    assert {"Helpful", "Not helpful"} <= set(custom_ids(payload))
    assert harness.http.named("send_typing")  # shows it is working meanwhile


async def test_a_reply_with_ping_to_an_answer_is_answered(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    answer = await mentioned_answer(harness, articles_text)

    # Replying with ping puts the bot in `mentions`; the text itself names no one.
    follow_up = harness.user_message(COFFEE_QUESTION, mentions=(BOT_ID,), reply_to=answer)
    await harness.say(follow_up)

    sent = harness.http.named("send_message")
    assert len(sent) == 2
    assert str(sent[1]["payload"]["message_reference"]["message_id"]) == follow_up["id"]
    assert COFFEE in message_text(sent[1]["payload"])


async def test_a_reply_without_ping_is_left_alone(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    answer = await mentioned_answer(harness, articles_text)

    await harness.say(harness.user_message("thanks, great", reply_to=answer))

    assert len(harness.http.named("send_message")) == 1


async def test_mentioning_the_bots_role_asks_it(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)
    role = BOT_ROLE + GUILD_A % 10

    await harness.say(harness.user_message(f"<@&{role}> {COFFEE_QUESTION}", role_mentions=(role,)))

    [reply] = harness.http.named("send_message")
    assert COFFEE in message_text(reply["payload"])
    assert f"{role}" not in message_text(reply["payload"])  # the mention is not the question


async def test_mentions_over_the_cooldown_are_refused_silently(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(ask_cooldown_rate=3, ask_cooldown_s=60)
    seed_guild(harness, articles_text)

    for _ in range(8):
        await harness.say(
            harness.user_message(f"<@{BOT_ID}> {COFFEE_QUESTION}", mentions=(BOT_ID,))
        )

    replies = [message_text(r["payload"]) for r in harness.http.named("send_message")]
    assert len(replies) == 3 and all(COFFEE in r for r in replies)
    assert not any("going a bit fast" in r for r in replies)  # nothing public for the excess
    assert len(harness.http.named("add_reaction")) == 5


async def test_a_question_starting_with_sync_is_answered_as_a_question(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text)
    question = f"<@{BOT_ID}> sync the coffee and river stories: which is newer?"

    await harness.say(harness.user_message(question, author=ALICE, mentions=(BOT_ID,)))
    await harness.say(harness.user_message(question, author=OWNER_ID, mentions=(BOT_ID,)))

    replies = [message_text(r["payload"]) for r in harness.http.named("send_message")]
    assert len(replies) == 2
    assert not any("owner" in r for r in replies)
    assert all(COFFEE in r or RIVER in r for r in replies)  # answered from the articles
    assert harness.http.named("sync_guild") == [] and harness.http.named("sync_global") == []


async def test_messages_without_a_mention_are_ignored(harness: Harness) -> None:
    await harness.say(harness.user_message(COFFEE_QUESTION))

    assert harness.http.named("send_message") == []


async def test_mention_with_an_empty_question_replies_with_the_reason(harness: Harness) -> None:
    await harness.say(harness.user_message(f"<@{BOT_ID}>", mentions=(BOT_ID,)))

    [reply] = harness.http.named("send_message")
    assert "question is empty" in message_text(reply["payload"])


async def test_direct_message_gets_a_pointer_to_servers(harness: Harness) -> None:
    await harness.say(harness.user_message(COFFEE_QUESTION, guild=None))

    [reply] = harness.http.named("send_message")
    assert "server" in message_text(reply["payload"]).lower()


async def test_mentions_in_guild_b_do_not_see_guild_a(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_guild(harness, articles_text, guild=GUILD_A)

    run = await harness.run(
        harness.slash("ask", options={"question": COFFEE_QUESTION}, guild=GUILD_B)
    )

    assert COFFEE not in run.text


@pytest.mark.model
async def test_real_model_answers_the_seed_question_through_the_bot(
    start_bot: BotFactory, relaxed: Callable[..., Settings]
) -> None:
    settings: Settings = relaxed()
    library = Library(settings)  # no embedder given: the bundled all-MiniLM-L6-v2, offline
    harness: Harness = await start_bot(library=library)
    library.add_text(
        guild_collection(GUILD_A), SEED_ARTICLE.read_text(encoding="utf-8"), added_by=str(ALICE)
    )

    run = await harness.run(
        harness.slash("ask", options={"question": "What did the embassy say about Hezbollah?"})
    )

    text = run.last.text
    assert run.last.ephemeral is False
    assert "Hezbollah" in text
    assert "1701" in text
    assert "REUTERS" not in text
