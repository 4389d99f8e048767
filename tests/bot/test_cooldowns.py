"""bot.cooldowns: per-user, per-kind token buckets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from discord import app_commands

from bot.cooldowns import Cooldowns
from config import Settings


def test_cooldowns_are_per_kind_and_user(make_settings: Callable[..., Settings]) -> None:
    cooldowns = Cooldowns(make_settings(ask_cooldown_rate=2, ask_cooldown_s=10))

    cooldowns.hit("ask", 1, 100.0)
    cooldowns.hit("ask", 1, 100.1)
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        cooldowns.hit("ask", 1, 100.2)
    assert 9 < refused.value.retry_after <= 10
    cooldowns.hit("ask", 2, 100.2)  # another user
    cooldowns.hit("add", 1, 100.2)  # another kind
    cooldowns.hit("ask", 1, 111.0)  # refilled


def test_zero_second_cooldown_is_off(make_settings: Callable[..., Settings]) -> None:
    cooldowns = Cooldowns(make_settings(ask_cooldown_rate=1, ask_cooldown_s=0))

    for _ in range(5):
        cooldowns.hit("ask", 1, 100.0)


def test_a_servers_rule_replaces_the_settings_and_a_changed_rule_starts_afresh(
    make_settings: Callable[..., Settings],
) -> None:
    cooldowns = Cooldowns(make_settings(ask_cooldown_rate=5, ask_cooldown_s=10))

    cooldowns.hit("ask", 1, 100.0, rule=(1, 60.0))
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        cooldowns.hit("ask", 1, 100.1, rule=(1, 60.0))
    assert 59 < refused.value.retry_after <= 60
    cooldowns.hit("ask", 1, 100.2, rule=(2, 60.0))  # the server changed its rule
    cooldowns.hit("ask", 1, 100.3, rule=(2, 60.0))
    with pytest.raises(app_commands.CommandOnCooldown):
        cooldowns.hit("ask", 1, 100.4, rule=(2, 60.0))
