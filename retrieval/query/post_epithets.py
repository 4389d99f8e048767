"""What a post is called in headlines and by members, as the article writes it: "Mexico's top
diplomat" is its foreign minister, "the top US diplomat" the secretary of state."""

from __future__ import annotations

import re

# A newsroom's name for a post ("top diplomat"), and the posts articles title its holder with.
_EPITHETS: dict[str, tuple[str, ...]] = {
    "diplomat": (
        "foreign minister",
        "foreign secretary",
        "foreign affairs secretary",
        "foreign affairs minister",
        "secretary of state",
    ),
    "cop": ("police chief", "police commissioner", "police superintendent"),
    "prosecutor": ("attorney general", "district attorney"),
    "doctor": ("surgeon general", "chief medical officer"),
}
# "top diplomat", with the country it serves in between or not: "the top US diplomat".
_EPITHET = re.compile(
    r"\btop\s+(?P<country>(?:[A-Z][\w.]*\s+)?)(?P<post>" + "|".join(_EPITHETS) + r")\b",
    re.IGNORECASE,
)


def posts_meant(asked: str) -> list[str]:
    """Return the asked name with a newsroom's name for a post written as each post it means;
    none where it names no post so."""
    epithet = _EPITHET.search(asked)
    if epithet is None:
        return []
    before, after = asked[: epithet.start()], asked[epithet.end() :]
    return [
        f"{before}{epithet['country']}{post}{after}" for post in _EPITHETS[epithet["post"].lower()]
    ]
