"""/admin gaps: not-covered answers and "Not helpful" votes, grouped, with the closest articles."""

from __future__ import annotations

from typing import Any

import discord
from harness import ALICE, BOB, BOT_ID, GUILD_A, GUILD_B, MANAGER, MOD, PLAIN, Harness

from bot.common import guild_collection
from bot.render.limits import TOTAL_EMBED_LIMIT, check_embed, embed_size

A = guild_collection(GUILD_A)
COFFEE_QUESTION = "How much did the drought cut the Minas Altas coffee harvest?"
# Names no seeded article holds: not covered, whatever the test embedder makes of the rest.
FOOTBALL = "Who won the Kestrel Cup football final?"


def seed(harness: Harness, articles_text: dict[str, str], guild: int = GUILD_A) -> None:
    for stem in ("coffee-drought", "river-cleanup", "chip-plant", "harbor-tram-vote"):
        harness.seed(guild, articles_text[stem], title=stem)


def gaps_embed(payload: dict[str, Any]) -> discord.Embed:
    [data] = payload["embeds"]
    embed = discord.Embed.from_dict(data)
    check_embed(embed)
    assert embed_size(embed) <= TOTAL_EMBED_LIMIT
    return embed


async def test_gaps_list_unanswered_questions_and_unhelpful_answers_most_asked_first(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    await harness.run(harness.slash("ask", options={"question": FOOTBALL}))
    await harness.say(
        harness.user_message(
            f"<@{BOT_ID}> who won the Kestrel Cup football final", mentions=(BOT_ID,)
        )
    )
    await harness.run(
        harness.slash("ask", options={"question": "Who won the Kestrel Cup final in football"})
    )
    answered = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))
    assert "don't cover this" not in answered.last.text
    await harness.run(harness.click(answered.message_payload(), "Not helpful", user=BOB))

    run = await harness.run(harness.slash("admin", "gaps", user=MOD, permissions=MANAGER))

    assert run.last.ephemeral is True
    embed = gaps_embed(run.last.payload)
    first, second = embed.fields[:2]
    # The most asked wording (case and "?" aside), as it was last typed.
    assert first.name == "1. who won the Kestrel Cup football final"
    assert "asked 3× (3 not covered)" in (first.value or "")
    assert "Also asked as" in (first.value or "")
    assert second.name == f"2. {COFFEE_QUESTION}"
    assert "asked 1× (1 voted not helpful)" in (second.value or "")
    assert "Closest: #1 coffee-drought" in (second.value or "")
    other = await harness.run(
        harness.slash("admin", "gaps", guild=GUILD_B, user=MOD, permissions=MANAGER)
    )
    assert "No unanswered questions yet" in other.last.text


async def test_gaps_are_refused_without_manage_server(harness: Harness) -> None:
    run = await harness.run(harness.slash("admin", "gaps", user=ALICE, permissions=PLAIN))

    assert run.last.ephemeral is True
    assert "Manage Server" in run.last.text


async def test_a_long_queue_fits_one_message(harness: Harness) -> None:
    for n in range(40):
        words = " ".join(f"topic{n}word{k}" for k in range(120))
        # Near-identical wordings: one gap each, every wording shown as an alternative.
        for ending in ("", " please", " today", " now")[: n % 4 + 1]:
            question = f"Question {n} about <@123> **bold** {words}{ending}?"
            harness.library.record_unanswered(A, question)

    run = await harness.run(harness.slash("admin", "gaps", user=MOD, permissions=MANAGER))

    embed = gaps_embed(run.last.payload)
    assert len(embed.fields) == 10  # the ten most asked
    assert "<@123>" not in str(run.last.payload)  # question text is inert
    assert "asked 4×" in (embed.fields[0].value or "")


async def test_the_queue_and_settings_go_with_the_servers_data(harness: Harness) -> None:
    await harness.run(harness.slash("ask", options={"question": FOOTBALL}))
    await harness.run(harness.slash("ask", options={"question": FOOTBALL}, guild=GUILD_B))
    harness.library.change_server_settings(A, {"answers_private": True})
    guild = harness.bot.get_guild(GUILD_A)
    assert guild is not None

    await harness.bot.on_guild_remove(guild)

    assert harness.library.gaps(A) == []
    assert harness.library.server_settings(A).answers_private is False
    assert len(harness.library.gaps(guild_collection(GUILD_B))) == 1


async def test_clear_empties_the_list_for_that_server_only(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed(harness, articles_text)
    harness.library.record_unanswered(A, FOOTBALL)
    harness.library.record_unanswered(guild_collection(GUILD_B), FOOTBALL)

    cleared = await harness.run(
        harness.slash("admin", "gaps", options={"clear": True}, user=MOD, permissions=MANAGER)
    )

    assert cleared.last.ephemeral is True
    assert "Cleared 1 unanswered question(s)" in cleared.last.text
    after = await harness.run(harness.slash("admin", "gaps", user=MOD, permissions=MANAGER))
    assert "No unanswered questions yet" in after.last.text
    other = await harness.run(
        harness.slash("admin", "gaps", guild=GUILD_B, user=MOD, permissions=MANAGER)
    )
    assert FOOTBALL in gaps_embed(other.last.payload).fields[0].name


async def test_clear_is_refused_without_manage_server(harness: Harness) -> None:
    harness.library.record_unanswered(A, FOOTBALL)
    run = await harness.run(
        harness.slash("admin", "gaps", options={"clear": True}, user=ALICE, permissions=PLAIN)
    )

    assert "Manage Server" in run.last.text
    assert len(harness.library.store.gap_entries(A)) == 1
