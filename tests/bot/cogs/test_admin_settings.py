"""/admin settings through the real command tree: show, change, refuse, and each taking effect."""

from __future__ import annotations

from typing import Any

import pytest
from harness import (
    ADDERS_ROLE,
    ALICE,
    BOT_ID,
    CHANNEL,
    EPHEMERAL,
    GUILD_A,
    GUILD_B,
    MANAGER,
    MOD,
    PLAIN,
    RESPONSE_MODAL,
    Harness,
    Run,
)

from bot.common import guild_collection

A = guild_collection(GUILD_A)
OTHER_CHANNEL = 400000000000000077
COFFEE_QUESTION = "How much did the drought cut the Minas Altas coffee harvest?"


def settings_command(
    harness: Harness,
    options: dict[str, Any] | None = None,
    *,
    role: int | None = None,
    channels: dict[str, int] | None = None,
    **who: Any,
) -> dict[str, Any]:
    """Build /admin settings with plain options, a role option and channel options."""
    who.setdefault("user", MOD)
    who.setdefault("permissions", MANAGER)
    payload = harness.slash("admin", "settings", options=options, **who)
    leaf: list[dict[str, Any]] = payload["data"]["options"][0]["options"]
    resolved: dict[str, Any] = {}
    if role is not None:
        leaf.append({"type": 8, "name": "add_role", "value": str(role)})
        role_data = harness.guild_payload(GUILD_A)["roles"][1]
        resolved["roles"] = {str(role): role_data}
    for name, channel_id in (channels or {}).items():
        leaf.append({"type": 7, "name": name, "value": str(channel_id)})
        resolved.setdefault("channels", {})[str(channel_id)] = {
            "id": str(channel_id),
            "type": 0,
            "name": f"channel-{channel_id % 100}",
            "permissions": str(PLAIN),
            "parent_id": None,
        }
    if resolved:
        payload["data"]["resolved"] = resolved
    return payload


async def change(harness: Harness, options: dict[str, Any] | None = None, **extra: Any) -> Run:
    run = await harness.run(settings_command(harness, options, **extra))
    assert run.last.ephemeral is True
    return run


def seed_coffee(harness: Harness, articles_text: dict[str, str]) -> None:
    for stem in ("coffee-drought", "river-cleanup", "chip-plant", "harbor-tram-vote"):
        harness.seed(GUILD_A, articles_text[stem], title=stem)


async def test_settings_without_options_show_the_defaults(harness: Harness) -> None:
    run = await change(harness)

    text = run.last.text
    assert "Server settings" in text
    assert "Who may add articles\neveryone · *default*" in text
    assert "Mentions answered in\nevery channel · *default*" in text
    assert "1000 questions per member per 10 s · *default*" in text
    assert "(the model's) · *default*" in text


async def test_options_change_this_servers_settings_only(harness: Harness) -> None:
    run = await change(
        harness,
        {"private_answers": True, "ask_rate": 5, "ask_period": 20.0, "not_found_threshold": 0.4},
    )

    text = run.last.text
    assert "Settings changed" in text
    assert "only to the asker by default" in text and "public by default" not in text
    assert "5 questions per member per 20 s" in text
    assert "0.40" in text
    shown = await change(harness)
    assert "5 questions per member per 20 s" in shown.last.text  # stored, shown again
    assert "Add cooldown\n1000 additions per member per 30 s · *default*" in shown.last.text
    other = harness.library.server_settings(guild_collection(GUILD_B))
    assert other.answers_private is False and other.ask_cooldown_rate == 1000


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"not_found_threshold": 1.5}, "the not-found threshold must be between 0.05 and 0.95"),
        ({"ask_rate": 0}, "the ask rate must be between 1 and 50"),
        ({"add_period": 200000}, "the add period must be between 0 and 86400 seconds"),
        ({"who_may_add": "role"}, "only members with a role may add, but no role is chosen"),
        ({"ask_rate": 4, "reset": "ask cooldown"}, "cannot be changed and reset at once"),
    ],
)
async def test_invalid_values_get_one_line_and_change_nothing(
    harness: Harness, options: dict[str, Any], message: str
) -> None:
    run = await change(harness, {"private_answers": True, **options})

    assert message in run.last.text
    assert "\n" not in run.last.text.strip()
    assert harness.library.server_settings(A).answers_private is False


async def test_settings_are_refused_without_manage_server(harness: Harness) -> None:
    run = await harness.run(
        settings_command(harness, {"private_answers": True}, user=ALICE, permissions=PLAIN)
    )

    assert run.last.ephemeral is True
    assert "Manage Server" in run.last.text
    assert harness.library.server_settings(A).answers_private is False


async def test_reset_puts_a_setting_back_to_the_default(harness: Harness) -> None:
    await change(harness, {"ask_rate": 9})

    run = await change(harness, {"reset": "ask cooldown"})

    assert "1000 questions per member per 10 s · *default*" in run.last.text


async def test_private_answers_make_ask_ephemeral_unless_the_member_chooses(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_coffee(harness, articles_text)
    await change(harness, {"private_answers": True})

    private = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))
    public = await harness.run(
        harness.slash("ask", options={"question": COFFEE_QUESTION, "ephemeral": False})
    )
    elsewhere = await harness.run(
        harness.slash("ask", options={"question": COFFEE_QUESTION}, guild=GUILD_B)
    )

    assert private.calls[0].payload is not None
    assert private.calls[0].payload["data"]["flags"] & EPHEMERAL
    assert private.last.ephemeral is True and "coffee" in private.last.text.lower()
    assert public.last.ephemeral is False
    assert elsewhere.last.ephemeral is False  # another server keeps the default


async def test_a_chosen_role_limits_adding_to_it(harness: Harness) -> None:
    role = ADDERS_ROLE + GUILD_A % 10
    run = await change(harness, role=role)
    assert f"members with the role <@&{role}>" in run.last.text

    refused = await harness.run(harness.slash("add", "text", user=ALICE, permissions=PLAIN))
    allowed = await harness.run(
        harness.slash("add", "text", user=ALICE, permissions=PLAIN, roles=(role,))
    )
    other_server = await harness.run(
        harness.slash("add", "text", user=ALICE, permissions=PLAIN, guild=GUILD_B)
    )

    assert refused.last.ephemeral is True
    assert "adding articles here needs the “adders” role" in refused.last.text
    assert allowed.callback["type"] == RESPONSE_MODAL
    assert other_server.callback["type"] == RESPONSE_MODAL


async def test_managers_only_refuses_plain_members_and_not_managers(harness: Harness) -> None:
    await change(harness, {"who_may_add": "manage_guild"})

    refused = await harness.run(harness.slash("add", "text", user=ALICE, permissions=PLAIN))
    allowed = await harness.run(harness.slash("add", "text", user=MOD, permissions=MANAGER))

    assert "Manage Server" in refused.last.text
    assert allowed.callback["type"] == RESPONSE_MODAL


async def test_mentions_are_answered_only_in_listed_channels(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_coffee(harness, articles_text)
    run = await change(harness, channels={"mention_channel": OTHER_CHANNEL})
    assert f"<#{OTHER_CHANNEL}>" in run.last.text
    mention = f"<@{BOT_ID}> {COFFEE_QUESTION}"

    await harness.say(harness.user_message(mention, mentions=(BOT_ID,)))
    ignored = list(harness.http.calls)
    await change(harness, {"all_channels": True})
    await harness.say(harness.user_message(mention, mentions=(BOT_ID,)))

    assert ignored == []  # not even typing in a channel that is not listed
    [answer] = harness.http.named("send_message")
    assert answer["channel_id"] == CHANNEL[GUILD_A]
    assert "coffee" in answer["message"]["embeds"][0]["title"].lower()


async def test_stopping_the_only_listed_channel_is_refused(harness: Harness) -> None:
    await change(harness, channels={"mention_channel": OTHER_CHANNEL})

    run = await change(harness, channels={"stop_mention_channel": OTHER_CHANNEL})
    missing = await change(harness, channels={"stop_mention_channel": CHANNEL[GUILD_A]})

    assert "that is the only listed channel" in run.last.text
    assert "is not in the mention list" in missing.last.text
    assert harness.library.server_settings(A).mention_channels == (OTHER_CHANNEL,)


async def test_the_threshold_decides_what_counts_as_not_found(
    harness: Harness, articles_text: dict[str, str]
) -> None:
    seed_coffee(harness, articles_text)
    confidence = harness.library.ask(A, COFFEE_QUESTION).confidence
    assert 0.1 < confidence < 0.9

    await change(harness, {"not_found_threshold": round(confidence - 0.05, 3)})
    lenient = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))
    assert harness.library.gaps(A) == []
    await change(harness, {"not_found_threshold": round(confidence + 0.05, 3)})
    strict = await harness.run(harness.slash("ask", options={"question": COFFEE_QUESTION}))

    assert "don't cover this" not in lenient.last.text
    assert "Quoted verbatim" in lenient.last.text and "coffee-drought" in lenient.last.text
    assert "don't cover this" in strict.last.text
    [gap] = harness.library.gaps(A)  # the "not covered" answer is queued
    assert gap.question == COFFEE_QUESTION and gap.not_covered == 1


async def test_the_servers_ask_cooldown_applies(harness: Harness) -> None:
    await change(harness, {"ask_rate": 1, "ask_period": 600.0})

    first = await harness.run(harness.slash("ask", options={"question": "Who won?"}))
    second = await harness.run(harness.slash("ask", options={"question": "Who won?"}))
    elsewhere = await harness.run(
        harness.slash("ask", options={"question": "Who won?"}, guild=GUILD_B, user=MOD)
    )

    assert "going a bit fast" not in first.last.text
    assert "going a bit fast" in second.last.text and second.last.ephemeral is True
    assert "going a bit fast" not in elsewhere.last.text
