"""Follow-ups through the bot's real event handlers and command tree, and persistent buttons."""

from __future__ import annotations

from typing import Any

from harness import (
    ALICE,
    BOB,
    BOT_ID,
    CHANNEL,
    EPHEMERAL,
    GUILD_A,
    BotFactory,
    Harness,
    custom_ids,
    embed_text,
    thread_payload,
)

from bot.common import guild_collection
from config import Settings
from embeddings.hashing import HashingEmbedder
from retrieval.library import Library

PLANT = "Which county will Verantis build its chip plant in?"
JOBS = "How many jobs will it create?"
JOBS_ASKED = "How many jobs will Verantis create?"


def seed(harness: Harness, articles_text: dict[str, str]) -> None:
    for stem in ("coffee-drought", "river-cleanup", "chip-plant", "harbor-tram-vote"):
        harness.seed(GUILD_A, articles_text[stem], title=stem)


async def mention(harness: Harness, text: str, **options: Any) -> dict[str, Any]:
    """Ask the bot by mentioning it; return its reply (the last message it sent)."""
    before = len(harness.http.named("send_message"))
    await harness.say(harness.user_message(f"<@{BOT_ID}> {text}", mentions=(BOT_ID,), **options))
    sent = harness.http.named("send_message")
    assert len(sent) == before + 1, "the bot did not answer"
    message: dict[str, Any] = sent[-1]["message"]
    return message


def title_and_note(message: dict[str, Any]) -> tuple[str, str]:
    embed = message["embeds"][0]
    return embed.get("title") or "", (embed.get("author") or {}).get("name") or ""


async def test_a_reply_with_ping_is_rewritten_from_the_answer_it_replies_to(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    answer = await mention(harness, PLANT)

    follow_up = await mention(harness, JOBS, reply_to=answer)

    title, note = title_and_note(follow_up)
    assert title == JOBS_ASKED  # the member sees what was asked
    assert note == f"Follow-up “{JOBS}”, asked as:"
    # Found or not (the hashing test embedder is crude), the plant's article leads.
    assert "chip-plant" in embed_text(follow_up["embeds"][0])
    # A question that names its own subject is asked as it stands, even as a reply.
    coffee = await mention(harness, "How big is the Minas Altas coffee harvest?", reply_to=answer)
    assert title_and_note(coffee) == ("How big is the Minas Altas coffee harvest?", "")


async def test_without_the_content_intent_only_mentions_are_followed_up(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    answer = await mention(harness, PLANT)

    # Discord leaves such a message's text out without the intent; whatever arrives is ignored.
    await harness.say(harness.user_message(JOBS, reply_to=answer))

    assert len(harness.http.named("send_message")) == 1
    assert not harness.bot.intents.message_content


async def test_with_the_content_intent_a_reply_without_ping_is_a_follow_up(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(message_content_intent=True)
    assert harness.bot.intents.message_content
    seed(harness, articles_text)
    answer = await mention(harness, PLANT)

    await harness.say(harness.user_message("thanks, great", reply_to=answer))
    await harness.say(harness.user_message(JOBS, reply_to=answer))

    sent = harness.http.named("send_message")
    assert len(sent) == 2  # the thanks is not a question: no answer to it
    assert title_and_note(sent[-1]["message"])[0] == JOBS_ASKED
    assert sent[-1]["payload"]["allowed_mentions"]["parse"] == []


async def test_ask_a_follow_up_opens_a_thread_whose_mentions_continue_the_answer(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    asked = await harness.run(harness.slash("ask", options={"question": PLANT}))
    message = asked.message_payload()

    opened = await harness.run(harness.click(message, "Ask a follow-up", user=BOB))

    assert opened.last.ephemeral is True
    thread_id = int(message["id"])  # Discord gives a message's thread the message's id
    assert f"<#{thread_id}>" in opened.last.text and "mention me" in opened.last.text
    started = harness.http.named("start_thread")[0]
    assert started["message_id"] == thread_id and started["title"] == PLANT
    in_thread = await mention(harness, JOBS, channel=thread_id)
    assert title_and_note(in_thread)[0] == JOBS_ASKED
    assert "Ask a follow-up" not in custom_ids(in_thread)  # a thread holds no threads
    # The next follow-up continues the thread's last answer.
    again = await mention(harness, "Who is its chief executive?", channel=thread_id)
    assert title_and_note(again)[0] == "Who is Verantis's chief executive?"
    # Pressing again points to the same thread instead of failing.
    harness.http.calls.clear()
    second = await harness.run(harness.click(message, "Ask a follow-up", user=ALICE))
    assert f"<#{thread_id}>" in second.last.text


async def test_ask_with_the_thread_option_answers_and_opens_a_thread(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)

    run = await harness.run(harness.slash("ask", options={"question": PLANT, "thread": True}))

    answer, pointer = run.sent()[-2:]
    assert answer.ephemeral is False and "chip-plant" in answer.text
    started = harness.http.named("start_thread")
    assert len(started) == 1
    assert pointer.ephemeral is True and f"<#{started[0]['message_id']}>" in pointer.text


async def test_ask_refuses_a_thread_for_an_ephemeral_answer_before_asking(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    options = {"question": PLANT, "thread": True, "ephemeral": True}

    run = await harness.run(harness.slash("ask", options=options))

    assert run.last.ephemeral is True
    assert "a thread needs a public answer" in run.last.text
    assert "chip-plant" not in run.text
    assert not harness.http.named("start_thread")


async def test_a_channel_without_thread_permission_gets_a_clear_refusal(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    message = (
        await harness.run(harness.slash("ask", options={"question": PLANT}))
    ).message_payload()
    harness.http.refuse_threads = True

    pressed = await harness.run(harness.click(message, "Ask a follow-up"))

    assert pressed.last.ephemeral is True
    assert "Create Public Threads" in pressed.last.text


async def test_a_member_thread_under_an_answer_continues_it_and_other_threads_do_not(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(message_content_intent=True)
    seed(harness, articles_text)
    answer = await mention(harness, PLANT)
    # A member opens a thread from the answer (Discord gives it the answer's id).
    under = thread_payload(int(answer["id"]), CHANNEL[GUILD_A], GUILD_A, BOB, "plant")
    other = thread_payload(CHANNEL[GUILD_A] + 77, CHANNEL[GUILD_A], GUILD_A, BOB, "chat")
    for thread in (under, other):
        harness.bot._connection.parse_thread_create(thread)  # type: ignore[arg-type]

    await harness.say(harness.user_message(JOBS, channel=int(under["id"])))
    await harness.say(harness.user_message("How are you all?", channel=int(other["id"])))

    sent = harness.http.named("send_message")
    assert len(sent) == 2  # the plain question in the unrelated thread is not for the bot
    assert title_and_note(sent[-1]["message"])[0] == JOBS_ASKED
    # A mention in the unrelated thread is answered, as a question that stands alone.
    standalone = await mention(harness, JOBS, channel=int(other["id"]))
    assert title_and_note(standalone) == (JOBS, "")
    # ...after which a mention there continues that answer, but unaddressed chat stays chat.
    again = await mention(harness, "Who leads it?", channel=int(other["id"]))
    assert title_and_note(again)[1] == "Follow-up “Who leads it?”, asked as:"
    count = len(harness.http.named("send_message"))
    await harness.say(harness.user_message("Is it lunch time?", channel=int(other["id"])))
    assert len(harness.http.named("send_message")) == count


async def test_a_silent_thread_expires_into_standalone_questions(
    start_bot: BotFactory, articles_text: dict[str, str]
) -> None:
    harness = await start_bot(conversation_max_age_minutes=0)
    seed(harness, articles_text)
    message = (
        await harness.run(harness.slash("ask", options={"question": PLANT}))
    ).message_payload()
    await harness.run(harness.click(message, "Ask a follow-up"))
    thread_id = int(message["id"])

    first = await mention(harness, JOBS, channel=thread_id)  # the thread's first: its answer's
    later = await mention(harness, "How many jobs will they add?", channel=thread_id)

    assert title_and_note(first)[0] == JOBS_ASKED
    assert title_and_note(later) == ("How many jobs will they add?", "")


async def test_buttons_of_a_previous_bot_instance_still_work(
    start_bot: BotFactory, relaxed: Any, articles_text: dict[str, str]
) -> None:
    settings: Settings = relaxed()
    first_library = Library(settings, embedder=HashingEmbedder())
    before = await start_bot(library=first_library)
    seed(before, articles_text)
    message = (await before.run(before.slash("ask", options={"question": PLANT}))).message_payload()
    voted = await before.run(before.click(message, "Helpful", user=ALICE))
    assert "Thanks" in voted.last.text
    await before.run(before.click(message, "Ask a follow-up", user=BOB))
    await before.close()
    first_library.close()

    # A restart: a new bot over the same data directory, with none of the old views.
    after = await start_bot(library=Library(settings, embedder=HashingEmbedder()))
    thread_id = int(message["id"])
    # At start-up Discord lists the guild's active threads again.
    thread = thread_payload(thread_id, CHANNEL[GUILD_A], GUILD_A, BOT_ID, PLANT)
    after.bot._connection.parse_thread_create(thread)  # type: ignore[arg-type]
    in_thread = await mention(after, JOBS, channel=thread_id)
    assert title_and_note(in_thread)[0] == JOBS_ASKED  # the conversation outlived the process
    more = await after.run(after.click(message, "More passages", user=BOB))
    again = await after.run(after.click(message, "Helpful", user=ALICE))
    other = await after.run(after.click(message, "Not helpful", user=BOB))

    assert more.last.ephemeral is True and "More passages (1/" in more.last.text
    assert {"◀ Previous", "Next ▶"} <= set(custom_ids(more.last.payload))
    assert "already rated" in again.last.text
    assert "Thanks" in other.last.text
    rows = after.library.store.feedback(guild_collection(GUILD_A))
    assert [r["helpful"] for r in rows] == [True, False]
    assert all(r["question"] == PLANT for r in rows)


async def test_buttons_of_a_forgotten_answer_say_so(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    message = (
        await harness.run(harness.slash("ask", options={"question": PLANT}))
    ).message_payload()
    harness.library.delete_collection(guild_collection(GUILD_A))  # its answers go with it

    pressed = await harness.run(harness.click(message, "Helpful"))

    assert pressed.last.ephemeral is True
    assert "too old for its buttons" in pressed.last.text
    callback = pressed.calls[0].payload or {}
    assert (callback.get("data") or {}).get("flags", 0) & EPHEMERAL
