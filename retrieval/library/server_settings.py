"""Per-server settings: the values a server chose over the process-wide defaults, checked."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields
from typing import Any

from config import Settings
from retrieval.errors import InvalidInput
from retrieval.store.sqlite import Store

ADD_PERMISSIONS = ("everyone", "role", "manage_messages", "manage_guild")
# Bounds a server may set, stated in the errors and in the command's option descriptions.
THRESHOLD_BOUNDS = (0.05, 0.95)
RATE_BOUNDS = (1, 50)
ASK_PERIOD_BOUNDS = (0.0, 3600.0)
ADD_PERIOD_BOUNDS = (0.0, 86400.0)
MAX_MENTION_CHANNELS = 50


@dataclass(frozen=True)
class ServerSettings:
    """What one server's answers and adds follow; `defaults` names the values not chosen."""

    add_permission: str  # one of ADD_PERMISSIONS
    add_role_id: int | None  # the role that may add when add_permission is "role"
    mention_channels: tuple[int, ...]  # channels whose mentions are answered; empty: all
    answers_private: bool  # /ask answers only the asker unless they choose otherwise
    ask_cooldown_rate: int
    ask_cooldown_s: float
    add_cooldown_rate: int
    add_cooldown_s: float
    not_found_threshold: float | None  # confidence below which "not found"; None: the model's
    defaults: frozenset[str] = frozenset()

    @property
    def chosen_threshold(self) -> float | None:
        """The "not found" confidence the server chose; None: the model's own applies."""
        return None if "not_found_threshold" in self.defaults else self.not_found_threshold

    def answers_mentions_in(self, *channel_ids: int | None) -> bool:
        """Whether a mention in this channel (or thread of a listed channel) is answered."""
        if not self.mention_channels:
            return True
        return any(c in self.mention_channels for c in channel_ids if c is not None)


SETTING_NAMES = tuple(f.name for f in fields(ServerSettings) if f.name != "defaults")


def _default_values(settings: Settings) -> dict[str, Any]:
    return {
        "add_permission": settings.add_permission,
        "add_role_id": settings.add_role_id,
        "mention_channels": (),
        "answers_private": settings.answers_private,
        "ask_cooldown_rate": settings.ask_cooldown_rate,
        "ask_cooldown_s": settings.ask_cooldown_s,
        "add_cooldown_rate": settings.add_cooldown_rate,
        "add_cooldown_s": settings.add_cooldown_s,
        "not_found_threshold": settings.confidence_threshold,
    }


def defaults_of(settings: Settings) -> ServerSettings:
    """Return the settings of a server that chose nothing: the process-wide ones."""
    return ServerSettings(**_default_values(settings), defaults=frozenset(SETTING_NAMES))


def _within(name: str, low: float, high: float, unit: str = "") -> Callable[[Any], float]:
    def check(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise InvalidInput(f"{name} must be a number")
        if not low <= value <= high:
            raise InvalidInput(f"{name} must be between {low:g} and {high:g}{unit} (got {value:g})")
        return float(value)

    return check


def _whole(name: str, low: int, high: int) -> Callable[[Any], int]:
    within = _within(name, low, high)

    def check(value: Any) -> int:
        number = within(value)
        if number != int(number):
            raise InvalidInput(f"{name} must be a whole number (got {number:g})")
        return int(number)

    return check


def _permission(value: Any) -> str:
    if value not in ADD_PERMISSIONS:
        raise InvalidInput(f"who may add must be one of {', '.join(ADD_PERMISSIONS)}")
    return str(value)


def _snowflake(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidInput("a role or channel must be given by its id")
    return value


def _channels(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise InvalidInput("the mention channels must be a list of channel ids")
    channels = tuple(dict.fromkeys(_snowflake(v) for v in value))
    if len(channels) > MAX_MENTION_CHANNELS:
        raise InvalidInput(f"at most {MAX_MENTION_CHANNELS} mention channels can be listed")
    return channels


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput("private answers must be true or false")
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "add_permission": _permission,
    "add_role_id": _snowflake,
    "mention_channels": _channels,
    "answers_private": _flag,
    "ask_cooldown_rate": _whole("the ask rate", *RATE_BOUNDS),
    "ask_cooldown_s": _within("the ask period", *ASK_PERIOD_BOUNDS, " seconds"),
    "add_cooldown_rate": _whole("the add rate", *RATE_BOUNDS),
    "add_cooldown_s": _within("the add period", *ADD_PERIOD_BOUNDS, " seconds"),
    "not_found_threshold": _within("the not-found threshold", *THRESHOLD_BOUNDS),
}


def checked(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Return the changes in their stored form, or raise InvalidInput for the first bad one."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        check = _CHECKS.get(name)
        if check is None:
            raise InvalidInput(f"there is no server setting called {name!r}")
        values[name] = check(value)
    return values


class ServerSettingsKeeper:
    """Read a server's settings over the defaults; change them only when all changes are valid."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self._store = store
        self._defaults = _default_values(settings)

    def get(self, collection: str) -> ServerSettings:
        """Return the collection's settings: its own values over the process-wide defaults."""
        return self._resolve(self._store.server_setting_values(collection))

    def change(
        self, collection: str, changes: Mapping[str, Any], reset: Collection[str] = ()
    ) -> ServerSettings:
        """Check and store changes, and put `reset` settings back to their defaults.

        Nothing is stored unless every change is valid and the result is consistent (a role
        chosen when only a role may add), so a refused change loses nothing.
        """
        unknown = [name for name in reset if name not in _CHECKS]
        if unknown:
            raise InvalidInput(f"there is no server setting called {unknown[0]!r}")
        values = checked(changes)
        stored = self._store.server_setting_values(collection)
        after = {k: v for k, v in stored.items() if k not in reset} | values
        resolved = self._resolve(after)
        if resolved.add_permission == "role" and resolved.add_role_id is None:
            raise InvalidInput("only members with a role may add, but no role is chosen")
        self._store.change_server_settings(collection, values, [r for r in reset if r in stored])
        return resolved

    def _resolve(self, stored: Mapping[str, Any]) -> ServerSettings:
        values = dict(self._defaults)
        chosen: set[str] = set()
        for name, value in stored.items():
            if name not in _CHECKS:
                continue
            # A value stored by an older version that no longer passes keeps the default.
            try:
                values[name] = _CHECKS[name](value)
            except InvalidInput:
                continue
            chosen.add(name)
        defaults = frozenset(set(SETTING_NAMES) - chosen)
        return ServerSettings(**values, defaults=defaults)
