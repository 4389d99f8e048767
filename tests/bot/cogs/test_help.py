"""/help and "@bot help": what the bot does, the commands this member may use, the count."""

from __future__ import annotations

from typing import Any

import discord
from harness import (
    ADDERS_ROLE,
    ALICE,
    BOT_ID,
    GUILD_A,
    GUILD_B,
    MANAGER,
    MOD,
    PLAIN,
    BotFactory,
    Harness,
)

from bot.common import guild_collection
from bot.render.limits import check_embed

READING = ("`/ask`", "`/article list`", "`/article show`", "`/help`")
ADDING = ("`/add url`", "`/add file`", "`/add text`", "Message menu **Add to articles**")
MANAGING = ("`/admin settings`", "`/admin gaps`", "`/admin status`")


def seed(harness: Harness, count: int, guild: int = GUILD_A) -> None:
    for n in range(count):
        harness.seed(
            guild, f"Report {n}: the council met and approved budget line {n}.", title=f"r{n}"
        )


def embed_of(payload: dict[str, Any]) -> dict[str, Any]:
    [embed] = payload["embeds"]
    check_embed(discord.Embed.from_dict(embed))  # within Discord's limits
    return embed  # type: ignore[no-any-return]


async def test_help_for_a_plain_member_lists_reading_and_adding_and_the_count(
    harness: Harness,
) -> None:
    seed(harness, 3)

    run = await harness.run(harness.slash("help", user=ALICE, permissions=PLAIN))

    assert run.last.ephemeral is True
    embed_of(run.last.payload)
    text = run.last.text
    assert "quoted word for word" in text
    assert all(line in text for line in READING + ADDING)
    assert not any(line in text for line in MANAGING)
    assert "This server has **3** articles." in text


async def test_help_for_a_manager_adds_the_admin_commands(harness: Harness) -> None:
    run = await harness.run(harness.slash("help", user=MOD, permissions=MANAGER))

    assert all(line in run.last.text for line in READING + ADDING + MANAGING)
    assert "This server has **0** articles." in run.last.text


async def test_help_leaves_out_adding_for_a_member_the_server_does_not_let_add(
    harness: Harness,
) -> None:
    role = ADDERS_ROLE + GUILD_A % 10
    harness.library.change_server_settings(
        guild_collection(GUILD_A), {"add_permission": "role", "add_role_id": role}
    )

    without = await harness.run(harness.slash("help", user=ALICE, permissions=PLAIN))
    with_role = await harness.run(
        harness.slash("help", user=ALICE, permissions=PLAIN, roles=(role,))
    )
    elsewhere = await harness.run(harness.slash("help", user=ALICE, guild=GUILD_B))

    assert not any(line in without.last.text for line in ADDING)
    assert all(line in without.last.text for line in READING)
    assert all(line in with_role.last.text for line in ADDING)
    assert all(line in elsewhere.last.text for line in ADDING)


async def test_help_in_a_dm_lists_only_what_works_there(harness: Harness) -> None:
    run = await harness.run(harness.slash("help", guild=None))

    text = run.last.text
    assert run.last.ephemeral is True
    assert "`/ask`" in text and "`/help`" in text
    assert not any(line in text for line in ADDING + MANAGING + ("`/article list`",))
    assert "Add me to a server" in text


async def test_help_in_a_dm_names_the_dm_collections_count(start_bot: BotFactory) -> None:
    harness = await start_bot(dm_collection="local")
    harness.library.add_text(
        "local", "The harbour council approved the new ferry timetable on Monday.", title="Ferry"
    )

    run = await harness.run(harness.slash("help", guild=None))

    assert "I answer here from **1** article." in run.last.text


async def test_mention_help_replies_with_help_pinging_no_one(harness: Harness) -> None:
    seed(harness, 2)

    await harness.say(harness.user_message(f"<@{BOT_ID}> help", mentions=(BOT_ID,)))

    [reply] = harness.http.named("send_message")
    payload = reply["payload"]
    assert payload["allowed_mentions"]["parse"] == []
    assert payload["allowed_mentions"].get("replied_user") is False
    embed = embed_of(payload)
    assert "This server has **2** articles." in embed["description"]
    assert "`/admin settings`" not in embed["description"]  # the author has no Manage Server
    assert harness.library.gaps(guild_collection(GUILD_A)) == []  # not asked as a question


async def test_a_question_that_mentions_help_is_still_answered(harness: Harness) -> None:
    await harness.say(
        harness.user_message(f"<@{BOT_ID}> help with the tram vote?", mentions=(BOT_ID,))
    )

    [reply] = harness.http.named("send_message")
    assert "articlebot help" not in str(reply["payload"])
    assert len(harness.library.gaps(guild_collection(GUILD_A))) == 1  # answered: not covered
