"""bot.common: collection names, links and mentions in messages."""

from __future__ import annotations

import pytest
from harness import BOT_ID

from bot.common import first_link, guild_collection, strip_mentions


def test_guild_collection_names_are_valid_collection_names() -> None:
    name = guild_collection(123)

    assert name == "guild-123"
    assert guild_collection(2**63 - 1).startswith("guild-")


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("read https://a.example.com/x?y=1, it's good", "https://a.example.com/x?y=1"),
        ("(see https://a.example.com/story)", "https://a.example.com/story"),
        (
            "wiki https://en.example.org/wiki/Foo_(bar) here",
            "https://en.example.org/wiki/Foo_(bar)",
        ),
        ("<https://a.example.com/no-embed>", "https://a.example.com/no-embed"),
        ("two: http://one.example.com and https://two.example.com", "http://one.example.com"),
        ("no link, just ftp://files.example.com", None),
        ("nothing here", None),
        ("https://", None),
    ],
)
def test_first_link(text: str, link: str | None) -> None:
    assert first_link(text) == link


def test_strip_mentions_removes_users_roles_and_channels() -> None:
    text = f"<@{BOT_ID}>  what did <@!42> say in <#7> to <@&9>?"

    assert strip_mentions(text) == "what did say in to ?"
